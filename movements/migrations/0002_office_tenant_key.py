"""The tenant key (DESIGN.md): every row of office data carries its office.

Adds `office` to travelpermit, closingreport: nullable first, then filled from the parent row with one
UPDATE … SET office_id = (SELECT office_id FROM parent WHERE parent.id = row.parent_id) per table (a
correlated subquery on the parent's primary key, the same SQL on SQLite and PostgreSQL, one pass over
each table however many rows it holds), then NOT NULL. Reversing drops the column.
"""

import django.db.models.deletion
from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def _office_of(parent, link: str):
    return Subquery(parent.objects.filter(pk=OuterRef(f"{link}_id")).values("office_id")[:1])


def backfill(apps, schema_editor):
    apps.get_model("movements", "travelpermit").objects.update(
        office_id=_office_of(apps.get_model("clients", "ProgramEpisode"), "episode")
    )
    apps.get_model("movements", "closingreport").objects.update(
        office_id=_office_of(apps.get_model("clients", "ProgramEpisode"), "episode")
    )


class Migration(migrations.Migration):
    dependencies = [
        ("movements", "0001_transfers_permits_closing_reports"),
        ("organizations", "0003_calendar_exceptions"),
        ("clients", "0001_client_registry"),
    ]

    operations = [
        migrations.AddField(
            model_name="travelpermit",
            name="office",
            field=models.ForeignKey(
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="organizations.office",
                verbose_name="office",
            ),
        ),
        migrations.AddField(
            model_name="closingreport",
            name="office",
            field=models.ForeignKey(
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="organizations.office",
                verbose_name="office",
            ),
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop, elidable=True),
        migrations.AlterField(
            model_name="travelpermit",
            name="office",
            field=models.ForeignKey(
                editable=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="organizations.office",
                verbose_name="office",
            ),
        ),
        migrations.AlterField(
            model_name="closingreport",
            name="office",
            field=models.ForeignKey(
                editable=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="organizations.office",
                verbose_name="office",
            ),
        ),
    ]
