"""Fill Prisoner.province for the rows saved before it existed.

New saves fill it themselves (Prisoner.fill_derived_fields); this runs the same
prisoners.regions.resolve over what is already stored, in chunks, so that a large table
is neither read into memory at once nor written one row at a time.
"""

from django.db import migrations

from prisoners import regions

CHUNK = 1000


def fill_provinces(apps, schema_editor):
    Prisoner = apps.get_model("prisoners", "Prisoner")
    rows = Prisoner.objects.only("pk", "region", "place", "province").order_by("pk")
    changed = []
    for prisoner in rows.iterator(chunk_size=CHUNK):
        province = regions.resolve(prisoner.region, prisoner.place)
        if province != prisoner.province:
            prisoner.province = province
            changed.append(prisoner)
        if len(changed) >= CHUNK:
            Prisoner.objects.bulk_update(changed, ["province"])
            changed = []
    if changed:
        Prisoner.objects.bulk_update(changed, ["province"])


class Migration(migrations.Migration):
    dependencies = [("prisoners", "0004_chinese_texts_names_provinces")]
    operations = [migrations.RunPython(fill_provinces, migrations.RunPython.noop)]
