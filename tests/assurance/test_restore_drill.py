"""The restore drill against a small database: a faithful restore passes with every table counted
and the key tables checksummed; a restored copy that differs (a changed row, an extra table) fails."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

import followon.assurance.restore_drill as drill
from followon.accounts.tests.factories import UserFactory
from followon.core.services import audit_record

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def small_database(service, clinician):
    for name in ["Ann", "Bea", "Cal"]:
        UserFactory(preferred_name=name)
    audit_record(actor=clinician, action="group.viewed", target=service, service=service)


def test_a_faithful_restore_passes(small_database, capsys):
    call_command("restore_drill")
    out = capsys.readouterr().out
    assert "restore-drill: PASSED" in out
    result_line = out.splitlines()[0]
    assert "mismatches=0" in result_line and f"checksummed={len(drill.KEY_MODELS)}" in result_line
    tables = int(result_line.split("tables=")[1].split()[0])
    assert tables == len(connection.introspection.table_names())
    # The fresh database is thrown away (it holds personal data).
    assert f"{connection.settings_dict['NAME']}_restore_drill" not in _databases()


def test_a_restored_copy_that_differs_fails(small_database, monkeypatch, capsys):
    real_run = drill._run

    def restore_then_tamper(command):
        real_run(command)
        if command[0] == "pg_restore":
            url = next(part.split("=", 1)[1] for part in command if part.startswith("--dbname="))
            with drill.psycopg.connect(url, autocommit=True) as restored:
                restored.execute("UPDATE accounts_user SET preferred_name = 'Tampered' WHERE preferred_name = 'Bea'")
                restored.execute("CREATE TABLE drill_extra (id int)")

    monkeypatch.setattr(drill, "_run", restore_then_tamper)
    with pytest.raises(CommandError, match="restore drill failed"):
        call_command("restore_drill")
    out = capsys.readouterr().out
    assert "MISMATCH accounts_user: rows" in out and "checksum" in out
    assert "EXTRA drill_extra" in out and "restore-drill: FAILED" in out


def test_the_key_models_all_exist():
    assert len(drill.key_tables()) == len(drill.KEY_MODELS)


def _databases():
    with connection.cursor() as cursor:
        cursor.execute("SELECT datname FROM pg_database")
        return {row[0] for row in cursor.fetchall()}
