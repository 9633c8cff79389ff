"""The stored plane chart and its text alternative are encrypted: both show the name of
"a person you choose", which the person typed. Existing rows are encrypted in place and
the files are rewritten, so the old plain text is gone from the database files too."""

from __future__ import annotations

from django.db import migrations

import verbinding.web.fields

FIELDS = ("plane_svg", "plane_alt")


def encrypt_existing(apps, schema_editor):
    from verbinding.web.scrub import encrypt_in_place

    encrypt_in_place(apps.get_model("assessments", "SelfTestReport"), FIELDS)


def forget_plain_copies(apps, schema_editor):
    from verbinding.web.scrub import forget_old_copies

    forget_old_copies(schema_editor, "assessments_selftestreport")


class Migration(migrations.Migration):
    atomic = False  # the last step vacuums, which no database does inside a transaction

    dependencies = [("assessments", "0004_result_interpretation")]
    operations = [
        # Encrypt while the historical field is still plain text, so rows are read raw.
        migrations.RunPython(encrypt_existing, migrations.RunPython.noop, atomic=True),
        migrations.AlterField(
            model_name="selftestreport",
            name="plane_alt",
            field=verbinding.web.fields.EncryptedTextField(),
        ),
        migrations.AlterField(
            model_name="selftestreport",
            name="plane_svg",
            field=verbinding.web.fields.EncryptedTextField(),
        ),
        migrations.RunPython(forget_plain_copies, migrations.RunPython.noop),
    ]
