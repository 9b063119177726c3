"""The first rule versions, from the domain notes §4 and §7. Later versions are added in admin."""

import datetime

from django.db import migrations

OLD = datetime.date(1999, 1, 1)
NEW_KUHP = datetime.date(2026, 1, 2)

RULES = [
    # program, valid_from, legal basis, extra fields
    ("ASIMILASI", OLD, "Permenkumham 3/2018 as amended (7/2022, 16/2023)", {}),
    ("PB", OLD, "KUHP 1946 Pasal 15(3); Permenkumham 3/2018 as amended", {"probation_extra_months": 12}),
    ("PB", NEW_KUHP, "UU 1/2023 (KUHP) Pasal 72(4), 73(5)", {"probation_extra_months": 12}),
    ("CB", OLD, "Permenkumham 3/2018 as amended (length per Ditjenpas 2019: at most 6 months)",
     {"max_duration_months": 6}),
    ("CMB", OLD, "Permenkumham 3/2018 as amended (at most 6 months)", {"max_duration_months": 6}),
    ("CMK", OLD, "Permenkumham 3/2018 as amended", {}),
    ("PIDANA_BERSYARAT", OLD, "KUHP 1946 Pasal 14a", {"max_duration_months": 36}),
    ("PIDANA_PENGAWASAN", NEW_KUHP, "UU 1/2023 (KUHP) Pasal 75-77", {"max_duration_months": 36}),
    ("PIDANA_KERJA_SOSIAL", NEW_KUHP, "UU 1/2023 (KUHP) Pasal 85",
     {"min_hours": 8, "max_hours": 240, "max_hours_per_day": 8, "completion_months": 6}),
    ("DIVERSI", OLD, "UU 11/2012 (SPPA)", {}),
    ("AKOT", OLD, "UU 11/2012 (SPPA)", {}),
    ("PIDANA_DENGAN_SYARAT_ANAK", OLD, "UU 11/2012 (SPPA) Pasal 73", {"max_duration_months": 36}),
    ("PB_ANAK", OLD, "UU 11/2012 (SPPA); Permenkumham 3/2018 as amended", {"probation_extra_months": 12}),
]


def seed(apps, schema_editor):
    RuleSet = apps.get_model("clients", "RuleSet")
    for program, valid_from, basis, extra in RULES:
        RuleSet.objects.get_or_create(program=program, valid_from=valid_from,
                                      defaults={"legal_basis": basis, **extra})


class Migration(migrations.Migration):
    dependencies = [("clients", "0001_client_registry")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
