"""The legal basis of the first rule versions was seeded with English glosses ("as amended", "at most
6 months"), which users read on the rule pages and in eligibility messages. Rewrite them in Indonesian,
only where the row still holds the seeded text: a basis an administrator has since edited is left alone.
"""

from django.db import migrations

# (program, seeded English text, Indonesian text)
REWRITES = [
    (
        "ASIMILASI",
        "Permenkumham 3/2018 as amended (7/2022, 16/2023)",
        "Permenkumham 3/2018 sebagaimana telah diubah (7/2022, 16/2023)",
    ),
    (
        "PB",
        "KUHP 1946 Pasal 15(3); Permenkumham 3/2018 as amended",
        "KUHP 1946 Pasal 15(3); Permenkumham 3/2018 sebagaimana telah diubah",
    ),
    (
        "CB",
        "Permenkumham 3/2018 as amended (length per Ditjenpas 2019: at most 6 months)",
        "Permenkumham 3/2018 sebagaimana telah diubah (lama menurut Ditjenpas 2019: paling lama 6 bulan)",
    ),
    (
        "CMB",
        "Permenkumham 3/2018 as amended (at most 6 months)",
        "Permenkumham 3/2018 sebagaimana telah diubah (paling lama 6 bulan)",
    ),
    ("CMK", "Permenkumham 3/2018 as amended", "Permenkumham 3/2018 sebagaimana telah diubah"),
    (
        "PB_ANAK",
        "UU 11/2012 (SPPA); Permenkumham 3/2018 as amended",
        "UU 11/2012 (SPPA); Permenkumham 3/2018 sebagaimana telah diubah",
    ),
]


def to_indonesian(apps, schema_editor):
    RuleSet = apps.get_model("clients", "RuleSet")
    for program, english, indonesian in REWRITES:
        RuleSet.objects.filter(program=program, legal_basis=english).update(legal_basis=indonesian)


def to_english(apps, schema_editor):
    RuleSet = apps.get_model("clients", "RuleSet")
    for program, english, indonesian in REWRITES:
        RuleSet.objects.filter(program=program, legal_basis=indonesian).update(legal_basis=english)


class Migration(migrations.Migration):
    dependencies = [("clients", "0007_import_job")]

    operations = [migrations.RunPython(to_indonesian, to_english)]
