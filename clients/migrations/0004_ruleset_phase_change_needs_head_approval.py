from django.db import migrations, models


def every_existing_rule_needs_the_head(apps, schema_editor):
    """PP 31/1999 Pasal 33: the head approves the board's phase decisions under every rule seeded so far."""
    RuleSet = apps.get_model("clients", "RuleSet")
    RuleSet.objects.update(phase_change_needs_head_approval=True)


class Migration(migrations.Migration):
    dependencies = [
        ("clients", "0003_ruleset_grace_days"),
    ]

    operations = [
        migrations.AddField(
            model_name="ruleset",
            name="phase_change_needs_head_approval",
            field=models.BooleanField(
                default=True,
                help_text=(
                    "After the case board (TPP) approves a move to the next guidance phase, the head of the Bapas "
                    "must approve it before the phase changes."
                ),
                verbose_name="phase changes need the head's approval",
            ),
        ),
        migrations.RunPython(every_existing_rule_needs_the_head, migrations.RunPython.noop),
    ]
