"""The first workload point scale, in force from 2020-01-01 (an administrator adds later versions in admin).

Why these figures. The base is the weight of a client of each program, the extras come on top:

- Full time is 37.5 hours a week (the civil service's working week, Perpres 21/2023), and a full-time PK
  carries 120 points: at about 3.4 points a client (program, phase and the odd violation or report) that is
  some 35 clients, the middle of the 25–40 clients per PK in the domain notes (§1.2).
- 3 points: the long orders with monthly reporting, guidance phases and home visits — parole (PB, also for
  children), conditional leave (CB), the supervision and conditional sentences, and diversion and conditional
  sentences for children (their extra point as children comes on top).
- 2 points: the short orders — asimilasi and CMB (months, not years), community service (hours kept with a
  partner rather than guidance sessions), and children returned to their parents (AKOT).
- 1 point: CMK, a leave of days to visit family.
- Extras: a child +1 (SPPA duties: Litmas for every step, the family's involvement); the initial phase +1
  (weekly contact and the guidance plan), the final phase +0.5 (preparing the end), the continued phase 0;
  risk low 0 / medium 1 / high 3 once risk is assessed (issue 13); an open violation 2 (BAP, board, response),
  an open transfer 1, a closing report due 1, an open referral 0.5.
"""

from decimal import Decimal

from django.db import migrations

PROGRAM_POINTS = {
    "PB": 3,
    "CB": 3,
    "CMB": 2,
    "ASIMILASI": 2,
    "CMK": 1,
    "PIDANA_BERSYARAT": 3,
    "PIDANA_PENGAWASAN": 3,
    "PIDANA_KERJA_SOSIAL": 2,
    "DIVERSI": 3,
    "AKOT": 2,
    "PIDANA_DENGAN_SYARAT_ANAK": 3,
    "PB_ANAK": 3,
}


def seed(apps, schema_editor):
    PointScale = apps.get_model("allocation", "PointScale")
    ProgramPoints = apps.get_model("allocation", "ProgramPoints")
    if PointScale.objects.exists():
        return
    scale = PointScale.objects.create(
        valid_from="2020-01-01",
        note="Skala awal (bawaan sistem). / The first scale, seeded with the system.",
        full_time_hours=Decimal("37.5"),
        full_time_points=Decimal("120"),
        default_program_points=Decimal("2"),
        child_points=Decimal("1"),
        phase_initial_points=Decimal("1"),
        phase_continued_points=Decimal("0"),
        phase_final_points=Decimal("0.5"),
        risk_low_points=Decimal("0"),
        risk_medium_points=Decimal("1"),
        risk_high_points=Decimal("3"),
        violation_points=Decimal("2"),
        transfer_points=Decimal("1"),
        report_due_points=Decimal("1"),
        referral_points=Decimal("0.5"),
    )
    ProgramPoints.objects.bulk_create(
        ProgramPoints(scale=scale, program=program, points=Decimal(points)) for program, points in PROGRAM_POINTS.items()
    )


class Migration(migrations.Migration):
    dependencies = [("allocation", "0001_workload")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
