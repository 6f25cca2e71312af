"""Create the database cache table (settings.CACHES) that allauth's rate limits use.

It must be shared by every app process, so it is a table; `createcachetable`
is idempotent and does nothing for non-database cache backends.
"""

from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0002_identity_invitations_consent")]

    operations = [migrations.RunPython(create_cache_table, migrations.RunPython.noop)]
