"""A person's display name is typed by them: it is encrypted at rest from now on.
Existing names are encrypted in place and the files are rewritten, so the old plain
text is gone from the database files too."""

from __future__ import annotations

from django.db import migrations, models

import verbinding.web.fields


def encrypt_existing(apps, schema_editor):
    from verbinding.web.scrub import encrypt_in_place

    encrypt_in_place(apps.get_model("accounts", "User"), ["display_name"])


def forget_plain_copies(apps, schema_editor):
    from verbinding.web.scrub import forget_old_copies

    forget_old_copies(schema_editor, "accounts_user")


class Migration(migrations.Migration):
    atomic = False  # the last step vacuums, which no database does inside a transaction

    dependencies = [("accounts", "0002_email_verification_and_privacy_consent")]
    operations = [
        # First a plain text column: ciphertext is longer than the old 60 characters
        # (PostgreSQL checks that). Then encrypt while the historical field is still
        # plain text, so the rows are read and written raw.
        migrations.AlterField(
            model_name="user",
            name="display_name",
            field=models.TextField(blank=True),
        ),
        migrations.RunPython(encrypt_existing, migrations.RunPython.noop, atomic=True),
        migrations.AlterField(
            model_name="user",
            name="display_name",
            field=verbinding.web.fields.EncryptedLineField(
                blank=True, max_length=60, verbose_name="naam (een voornaam of bijnaam is genoeg)"
            ),
        ),
        migrations.RunPython(forget_plain_copies, migrations.RunPython.noop),
    ]
