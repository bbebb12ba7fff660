"""Load the standard category tree from catalogue/data/categories.toml."""

from django.db import migrations


def load(apps, schema_editor):
    from gongkai.catalogue.categories import standard_categories_sync

    standard_categories_sync(apps.get_model("catalogue", "Category"))


class Migration(migrations.Migration):
    dependencies = [("catalogue", "0001_records_categories")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
