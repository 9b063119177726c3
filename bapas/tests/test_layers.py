"""The apps form layers (pyproject.toml, [tool.importlinter]): an import may only go down.

`make lint` runs `lint-imports`; these tests run the same contracts, so the suite fails on a new upward
import too, and show that the check catches one (an import planted into the graph, not into the code).
See docs/architecture-layers.md.
"""

from __future__ import annotations

from copy import deepcopy
from pathlib import Path

import grimp
from django.test import SimpleTestCase
from importlinter import configuration
from importlinter.application.use_cases import read_user_options
from importlinter.contracts.forbidden import ForbiddenContract
from importlinter.contracts.layers import LayersContract

ROOT = Path(__file__).resolve().parents[2]
CONTRACT_TYPES = {"layers": LayersContract, "forbidden": ForbiddenContract}


class LayersTest(SimpleTestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        configuration.configure()  # as the lint-imports command does
        options = read_user_options(config_filename=str(ROOT / "pyproject.toml"))
        cls.session_options = options.session_options
        cls.contract_options = {c["id"]: c for c in options.contracts_options}
        cls.graph = grimp.build_graph(
            *cls.session_options["root_packages"], exclude_type_checking_imports=True, cache_dir=None
        )

    def kept(self, contract_id: str, *plant: tuple[str, str]) -> bool:
        """Whether the contract holds on the project's imports, plus the `plant`ed (importer, imported) ones."""
        graph = deepcopy(self.graph)
        for importer, imported in plant:
            graph.add_import(importer=importer, imported=imported, line_number=1, line_contents=f"import {imported}")
        options = self.contract_options[contract_id]
        contract = CONTRACT_TYPES[options["type"]](
            name=options["name"], session_options=self.session_options, contract_options=options
        )
        return contract.check(graph, verbose=False).kept

    def test_every_contract_is_kept(self):
        for contract_id in self.contract_options:
            with self.subTest(contract_id):
                self.assertTrue(self.kept(contract_id), f"contract {contract_id!r} is broken: run lint-imports")

    def test_an_upward_import_breaks_the_layers(self):
        for importer, imported in [
            ("lib.dates", "clients.models"),  # lib is below every app
            ("clients.models", "supervision.models"),  # supervision builds on clients
            ("organizations.forms", "partners.models"),  # partners build on organizations
            ("accounts.scopes", "accounts.views"),  # who-may-see sits below the user pages
            ("board.services", "violations.services"),  # violations go before the board, not back
            ("supervision.selectors", "fieldwork.selectors"),
        ]:
            with self.subTest(f"{importer} -> {imported}"):
                self.assertFalse(self.kept("layers", (importer, imported)))

    def test_independent_apps_of_one_layer_may_not_import_each_other(self):
        self.assertFalse(self.kept("layers", ("violations.selectors", "referrals.models")))
        self.assertFalse(self.kept("layers", ("dashboard.views", "reports.views")))

    def test_a_downward_import_keeps_the_layers(self):
        self.assertTrue(self.kept("layers", ("reports.scorecards", "supervision.models")))

    def test_production_code_may_not_import_tests(self):
        self.assertFalse(self.kept("tests-apart", ("clients.services", "clients.tests.factories")))
        self.assertFalse(self.kept("tests-apart", ("demo.services", "bapas.test")))

    def test_every_module_has_a_layer(self):
        """A module that no layer names would escape the check: accounts is split module by module, so a new
        module there must be placed in the contract."""
        layers = [
            name.strip()
            for line in self.contract_options["layers"]["layers"]
            for name in line.replace("|", ":").split(":")
        ]
        roots = set(self.session_options["root_packages"])
        unplaced = sorted(
            module
            for module in self.graph.modules
            if module not in roots
            and ".tests." not in f"{module}."
            and not any(module == layer or module.startswith(f"{layer}.") for layer in layers)
        )
        self.assertEqual(unplaced, [])
