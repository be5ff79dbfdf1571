from django.db import migrations


def create_default_clinic(apps, schema_editor):
    """Every installation starts with one clinic, so parents are never asked to choose; staff can
    rename it and add more in the admin."""
    Clinic = apps.get_model("screening", "Clinic")
    if not Clinic.objects.exists():
        Clinic.objects.create(name="Main clinic")


class Migration(migrations.Migration):
    dependencies = [("screening", "0001_initial")]

    operations = [migrations.RunPython(create_default_clinic, migrations.RunPython.noop)]
