import datetime
import json
from io import StringIO

from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import Role, Section
from bapas.test import BaseTestCase, make_office, make_user
from clients.models import Case, Client, ProgramEpisode, RuleSet
from partners.models import Partner

_serial = iter(range(1, 10_000))


def add_client(office, program, *, status="active", officer=None, child=False, previous=None):
    """A client with a case and an episode, written directly (the summary only counts rows)."""
    n = next(_serial)
    client = Client.objects.create(
        office=office,
        register_number=f"2026/{n:05d}",
        nik=f"3209011203{85 if not child else 10}{n:04d}",
        name=f"Klien {n}",
        search_text=f"klien {n}",
        birth_place="Cirebon",
        birth_date=datetime.date(1985, 3, 12),
        sex="L",
        religion="islam",
        marital_status="kawin",
        education="sma",
        employment="bekerja",
        domicile_regency_id="32.09",
        address="Jl. Uji",
        is_child=child,
    )
    case = Case.objects.create(
        client=client,
        office=office,
        criminal_code="lama",
        decision_number=f"{n}/Pid.B/2024",
        decision_date=datetime.date(2024, 5, 2),
        sentence_years=2,
    )
    for step, (prog, state) in enumerate([*([previous] if previous else []), (program, status)]):
        episode = ProgramEpisode.objects.create(
            client=client,
            case=case,
            office=office,
            program=prog,
            rule_set=RuleSet.objects.filter(program=prog).first(),
            decree_number=f"SK-{n}-{step}",
            decree_date=datetime.date(2025, 1, 1),
            starts_on=datetime.date(2025, 1, 2 + step),
            ends_on=datetime.date(2026, 1, 2),
            status=state,
            is_child=child,
            officer=officer,
        )
    client.current_episode = episode
    client.save(update_fields=["current_episode"])
    return client


class OfficeSummaryTests(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        for _ in range(3):
            add_client(cls.cirebon, "PB", officer=cls.olivia)
        add_client(cls.cirebon, "PB", officer=cls.olivia, previous=("ASIMILASI", "completed"))
        add_client(cls.cirebon, "CB", status="suspended")
        add_client(cls.cirebon, "DIVERSI", child=True)
        add_client(cls.bandung, "PIDANA_KERJA_SOSIAL", officer=cls.pat)
        Client.objects.create(  # registered, but no episode yet
            office=cls.bandung,
            register_number="2026/09999",
            name="Tanpa Episode",
            search_text="tanpa episode",
            birth_place="Bandung",
            birth_date=datetime.date(1990, 1, 1),
            sex="P",
            religion="islam",
            marital_status="kawin",
            education="sma",
            employment="bekerja",
            domicile_regency_id="32.73",
            address="-",
        )
        Partner.objects.create(
            office=cls.cirebon, name="LPK Uji", kind=Partner.Kind.JOB_TRAINING, status=Partner.Status.ACTIVE
        )
        Partner.objects.create(office=cls.cirebon, name="LBH Uji Dua", kind=Partner.Kind.LEGAL_AID)
        make_user("gone", Role.PK, office=cls.cirebon, section=Section.BKD, jenjang="ahli_pertama", is_active=False)

    def summary(self) -> dict:
        out = StringIO()
        call_command("office_summary", "--json", stdout=out)
        return json.loads(out.getvalue())

    def test_counts_match_the_rows(self):
        offices = {o["name"]: o for o in self.summary()["offices"]}
        self.assertEqual(list(offices), ["Bapas Uji Bandung", "Bapas Uji Cirebon", "Bapas Uji Semarang"])
        cirebon = offices["Bapas Uji Cirebon"]
        self.assertEqual(
            cirebon["clients"],
            {
                "total": 6,
                "children": 1,
                "by_program": {"PB": 4, "CB": 1, "DIVERSI": 1},
                "by_status": {"active": 5, "suspended": 1},
            },
        )
        self.assertEqual(cirebon["episodes"], {"total": 7, "by_status": {"active": 5, "suspended": 1, "completed": 1}})
        self.assertEqual(
            cirebon["staff"]["by_role"],
            {
                "administrator": 1,
                "kepala_bapas": 1,
                "kepala_seksi": 1,
                "pk": 1,
                "apk": 1,
                "registrasi": 1,
                "sekretaris_tpp": 1,
                "auditor": 1,
            },
        )
        self.assertEqual((cirebon["staff"]["total"], cirebon["staff"]["inactive"]), (8, 1))
        self.assertEqual(cirebon["staff"]["partner_users"], 1)
        self.assertEqual(
            cirebon["partners"],
            {
                "total": 3,
                "by_type": {"lbh": 2, "lpk": 1},
                "by_status": {"identified": 2, "active": 1},
            },
        )
        bandung = offices["Bapas Uji Bandung"]
        self.assertEqual(bandung["clients"]["by_program"], {"PIDANA_KERJA_SOSIAL": 1, "none": 1})
        self.assertEqual(bandung["staff"]["by_role"], {"administrator": 1, "pk": 1})
        semarang = offices["Bapas Uji Semarang"]
        self.assertEqual(semarang["clients"]["total"], 0)
        self.assertEqual(semarang["partners"]["total"], 0)

    def test_totals_and_accounts_outside_offices(self):
        summary = self.summary()
        self.assertEqual(summary["totals"], {"offices": 3, "clients": 8, "staff": 11, "partners": 3})
        self.assertEqual(summary["accounts_without_office"], {"administrator": 1, "kanwil": 1})

    def test_text_output_names_every_office_and_figure(self):
        out = StringIO()
        call_command("office_summary", stdout=out)
        text = out.getvalue()
        self.assertIn("Bapas Uji Cirebon · Kanwil Uji Jawa Barat", text)
        self.assertIn("by program  PB 4 · CB 1 · DIVERSI 1", text)
        self.assertIn("by status   active 5 · suspended 1", text)
        self.assertIn("by type     lbh 2 · lpk 1", text)
        self.assertIn("Total: 3 offices, 8 clients, 11 staff, 3 partners.", text)

    def test_the_number_of_queries_does_not_grow_with_offices(self):
        with CaptureQueriesContext(connection) as before:
            self.summary()
        kanwil = self.cirebon.kanwil
        for n in range(3):
            office = make_office(kanwil, f"Bapas Uji Tambahan {n}", "32.09", ["32.09"])
            add_client(office, "PB")
            Partner.objects.create(office=office, name="Mitra", kind=Partner.Kind.UNIVERSITY)
        with CaptureQueriesContext(connection) as after:
            summary = self.summary()
        self.assertEqual(len(summary["offices"]), 6)
        self.assertEqual(len(before), 5)
        self.assertEqual(len(after), len(before))
