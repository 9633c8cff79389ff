"""Stored charts get SVG presentation attributes instead of inline styles, so they render
under a Content-Security-Policy without 'unsafe-inline'. The drawing stays the same."""

from __future__ import annotations

from django.db import migrations


def forwards(apps, schema_editor):
    from verbinding.reports.charts import presentation_attributes

    reports = apps.get_model("assessments", "SelfTestReport")
    for report in reports.objects.only("pk", "profile_svg", "plane_svg").iterator():
        # A queryset update: these rows are immutable for the app, not for a migration.
        reports.objects.filter(pk=report.pk).update(
            profile_svg=presentation_attributes(report.profile_svg),
            plane_svg=presentation_attributes(report.plane_svg),
        )


class Migration(migrations.Migration):
    dependencies = [("assessments", "0002_selftest_owner_alter_assessment_target_name")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
