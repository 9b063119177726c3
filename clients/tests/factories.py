"""Small helpers that register clients through the real service, for tests.

The case dates are fixed and fit the test classes' frozen days: sentenced in 2024 (detention from
10 January 2024, expiry 10 January 2026), a decree of 1 June 2025 and guidance from 10 June 2025; a PB
episode runs until 10 January 2027, so the client is under guidance on BaseTestCase.NOW (2 December 2026)
and on the days the app test bases travel to (10 September 2025, 21 December 2026)."""

import datetime
import itertools

from clients import services

_serial = itertools.count(1)


def make_client(
    office,
    *,
    officer=None,
    assistant=None,
    program="PB",
    name=None,
    nik=None,
    regency="32.09",
    sex="L",
    acting_user=None,
    **person,
):
    n = next(_serial)
    birth = datetime.date(1985, 3, 12)
    day = birth.day + (40 if sex == "P" else 0)
    fields = {
        "nik": nik if nik is not None else f"320901{day:02d}{birth:%m%y}{n:04d}",
        "name": name or f"Klien Uji {n}",
        "alias": "",
        "parent_name": "Ahmad",
        "birth_place": "Cirebon",
        "birth_date": birth,
        "sex": sex,
        "religion": "islam",
        "marital_status": "kawin",
        "education": "sma",
        "occupation": "",
        "employment": "bekerja",
        "nationality": "WNI",
        "domicile_regency_id": regency,
        "address": "Jl. Uji",
        "phone": "",
    }
    fields.update(person)
    child = program in ("PB_ANAK", "DIVERSI", "AKOT", "PIDANA_DENGAN_SYARAT_ANAK")
    # Lawful for every program's eligibility rules (clients.rules.eligibility_findings): 2/3 of two years
    # served by the start; CB only for sentences up to 1 year 6 months, ending at the expiry.
    sentence = {"sentence_years": 2}
    detention, expiry = datetime.date(2024, 1, 10), datetime.date(2026, 1, 10)
    if program == "CB":
        sentence = {"sentence_years": 1, "sentence_months": 6}
        detention, expiry = datetime.date(2024, 5, 10), datetime.date(2025, 11, 10)
    case = services.CaseInput(
        criminal_code="lama",
        decision_number=f"{n}/Pid.B/2024/PN Cbn",
        decision_date=datetime.date(2024, 5, 2) if program != "CB" else datetime.date(2024, 9, 2),
        detention_start=detention,
        expiry_date=expiry,
        articles=[{"article": "362", "paragraph": "", "law": "KUHP", "category": "pencurian"}],
        **sentence,
    )
    episode = services.EpisodeInput(
        program=program,
        decree_number=f"PAS-{n}.PK.05.09 Tahun 2025",
        decree_date=datetime.date(2025, 6, 1),
        starts_on=datetime.date(2025, 6, 10),
        ends_on=None if program in ("PB", "PB_ANAK") else datetime.date(2025, 11, 10),
    )
    if child:
        fields["birth_date"] = datetime.date(2009, 3, 12)
        fields["nik"] = nik if nik is not None else f"320901{day:02d}0309{n:04d}"
    return services.client_register(
        office=office,
        acting_user=acting_user,
        person=fields,
        case=case,
        episode=episode,
        officer=officer,
        assistant=assistant,
    )
