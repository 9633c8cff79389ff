"""Notes now hang on the client record only: the link to the client's account goes."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("clinic", "0004_attach_practice_file_to_client_records")]

    operations = [
        migrations.RemoveField(model_name="therapistnote", name="client"),
        migrations.AlterField(
            model_name="therapistnote",
            name="client_record",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE, related_name="notes",
                to="clinic.clientrecord",
            ),
        ),
    ]
