"""Each result keeps the interpretation it was read with (care box, verdict, highlighted
styles) and that interpretation's version. Results stored before this read as version "1",
the rules of that day: their reading is computed once here and kept from now on."""

from __future__ import annotations

from django.db import migrations, models


def forwards(apps, schema_editor):
    from verbinding.interpret import read_result

    results = apps.get_model("assessments", "Result")
    for result in results.objects.only("pk", "scores", "profile").iterator():
        # A queryset update: results are immutable for the app, not for a migration.
        results.objects.filter(pk=result.pk).update(
            interpretation=read_result(result.profile, result.scores).to_json(),
            interpretation_version="1",
        )


class Migration(migrations.Migration):
    dependencies = [("assessments", "0003_charts_without_inline_styles")]
    operations = [
        migrations.AddField(
            model_name="result",
            name="interpretation",
            field=models.JSONField(default=dict),
        ),
        migrations.AddField(
            model_name="result",
            name="interpretation_version",
            field=models.CharField(default="", max_length=16),
        ),
        migrations.RunPython(forwards, migrations.RunPython.noop),
    ]
