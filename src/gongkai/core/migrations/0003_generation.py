from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0002_audit_origin_append_only"),
    ]

    operations = [
        migrations.CreateModel(
            name="Generation",
            fields=[
                (
                    "name",
                    models.CharField(
                        max_length=64, primary_key=True, serialize=False, verbose_name="名称"
                    ),
                ),
                ("value", models.BigIntegerField(default=0, verbose_name="代数")),
            ],
            options={
                "verbose_name": "缓存代数",
                "verbose_name_plural": "缓存代数",
            },
        ),
    ]
