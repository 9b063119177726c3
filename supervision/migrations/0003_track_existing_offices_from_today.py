"""Offices that already hold records start tracking reporting today.

Their episodes were registered (or imported) with past reporting dates nobody recorded here; without
this row the first run of `mark_missed_checkins` would mark every one of them missed.
"""

from django.db import migrations
from django.utils import timezone


def forward(apps, schema_editor):
    Office = apps.get_model("organizations", "Office")
    ReportingSettings = apps.get_model("supervision", "ReportingSettings")
    today = timezone.localdate()
    existing = set(ReportingSettings.objects.values_list("office_id", flat=True))
    ReportingSettings.objects.bulk_create(
        ReportingSettings(office_id=pk, tracked_from=today, updated_at=timezone.now())
        for pk in Office.objects.values_list("pk", flat=True)
        if pk not in existing
    )


class Migration(migrations.Migration):
    dependencies = [("supervision", "0002_remote_reporting_and_schedule_changes")]

    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
