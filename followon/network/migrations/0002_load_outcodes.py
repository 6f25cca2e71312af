"""Load the UK outcode centroids shipped with the app (no network access needed)."""

import csv
from pathlib import Path

from django.db import migrations

CSV_PATH = Path(__file__).resolve().parent.parent / "data" / "uk-outcode-centroids.csv"


def load(apps, schema_editor):
    Outcode = apps.get_model("network", "Outcode")
    with CSV_PATH.open(newline="") as handle:
        rows = {
            row["outcode"].strip().upper(): (float(row["latitude"]), float(row["longitude"]))
            for row in csv.DictReader(handle)
        }
    Outcode.objects.bulk_create(
        [Outcode(code=code, latitude=lat, longitude=lon) for code, (lat, lon) in rows.items()],
        batch_size=1000,
        ignore_conflicts=True,
    )


def unload(apps, schema_editor):
    apps.get_model("network", "Outcode").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("network", "0001_initial")]

    operations = [migrations.RunPython(load, unload)]
