"""Who may open each report page (see bapas.tests.test_permission_matrix)."""

from bapas.tests.test_permission_matrix import ADMINS, GET_ONLY, expected

REPORTERS = ADMINS | {"hana", "joko", "sam", "reggie"}


def rows(case) -> dict:
    # Each office's users see their own office's figures; a national administrator chooses the office.
    return {
        "reports:scorecards": ([], expected(REPORTERS, scoped=False), GET_ONLY),
        "reports:pack_pdf": ([], expected(REPORTERS, scoped=False), GET_ONLY),
        "reports:pack_xlsx": ([], expected(REPORTERS, scoped=False), GET_ONLY),
    }
