"""The restore drill (`make restore-drill`, docs/deploy.md): dump the database, restore the dump into
a fresh database, and prove the copy is complete: every table's row count, and a checksum of every
row of the key tables, must match the source as it was at the moment of the dump.

The counts and checksums of the source are read in the same snapshot pg_dump uses
(`pg_export_snapshot()` in a REPEATABLE READ transaction, `pg_dump --snapshot`), so the comparison is
exact even while the application keeps writing. The fresh database is dropped at the end (it holds
personal data) unless asked to keep it.
"""

from __future__ import annotations

import os
import subprocess
import tempfile
import time
from dataclasses import dataclass, field
from urllib.parse import quote

import psycopg
from django.apps import apps
from psycopg import sql

# Models whose every row is checksummed (the others are counted): who people are, where they
# belong, what they consented to, what they said and what was done about it.
KEY_MODELS = (
    "accounts.User",
    "organisations.PainService",
    "organisations.StaffRole",
    "programmes.Programme",
    "programmes.Enrolment",
    "peergroups.PeerGroup",
    "peergroups.GroupMembership",
    "conversations.Post",
    "safety.ConcernItem",
    "outcomes.Response",
    "outcomes.ItemAnswer",
    "selfcare.Goal",
    "notifications.OutboundMessage",
    "core.AuditEvent",
)

TABLES_SQL = """
    SELECT table_name FROM information_schema.tables
    WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name
"""


@dataclass
class TableCheck:
    table: str
    source_rows: int
    restored_rows: int | None
    source_checksum: str | None = None
    restored_checksum: str | None = None

    @property
    def ok(self) -> bool:
        return self.source_rows == self.restored_rows and self.source_checksum == self.restored_checksum


@dataclass
class DrillResult:
    source: str
    restored_into: str
    dump_bytes: int
    seconds: dict[str, float] = field(default_factory=dict)
    tables: list[TableCheck] = field(default_factory=list)
    extra_tables: list[str] = field(default_factory=list)

    @property
    def mismatches(self) -> list[TableCheck]:
        return [t for t in self.tables if not t.ok]

    @property
    def passed(self) -> bool:
        return bool(self.tables) and not self.mismatches and not self.extra_tables

    def summary_lines(self) -> list[str]:
        checksummed = [t for t in self.tables if t.source_checksum is not None]
        lines = [
            f"restore-drill source={self.source} restored_into={self.restored_into} "
            f"tables={len(self.tables)} rows={sum(t.source_rows for t in self.tables)} "
            f"checksummed={len(checksummed)} mismatches={len(self.mismatches)} dump_bytes={self.dump_bytes} "
            + " ".join(f"{step}_s={value:.1f}" for step, value in self.seconds.items())
        ]
        for check in self.mismatches:
            lines.append(
                f"  MISMATCH {check.table}: rows {check.source_rows} -> {check.restored_rows}"
                + (
                    f", checksum {check.source_checksum} -> {check.restored_checksum}"
                    if check.source_checksum != check.restored_checksum
                    else ""
                )
            )
        lines += [f"  EXTRA {table}: in the restored database only" for table in self.extra_tables]
        if not self.tables:
            lines.append("  NO TABLES in the source: is this database migrated?")
        lines.append("restore-drill: PASSED" if self.passed else "restore-drill: FAILED")
        return lines


def libpq_url(settings_db: dict, name: str | None = None) -> str:
    """A libpq URL for Django's database settings (optionally another database on the same server)."""
    user = quote(settings_db.get("USER") or "", safe="")
    password = quote(settings_db.get("PASSWORD") or "", safe="")
    auth = f"{user}:{password}@" if password else (f"{user}@" if user else "")
    host = settings_db.get("HOST") or "127.0.0.1"
    port = settings_db.get("PORT") or 5432
    return f"postgresql://{auth}{host}:{port}/{quote(name or settings_db['NAME'], safe='')}"


def key_tables() -> set[str]:
    """The key models' tables (LookupError if a model was renamed: keep KEY_MODELS true)."""
    return {apps.get_model(label)._meta.db_table for label in KEY_MODELS}


def _measure(cursor, tables: list[str], checksummed: set[str]) -> dict[str, tuple[int, str | None]]:
    """Row count per table, and for `checksummed` tables an md5 over the md5 of every row's text,
    in a fixed order (so the same rows give the same checksum whatever their physical order)."""
    cursor.execute("SET TIME ZONE 'UTC'")
    measured = {}
    for table in tables:
        ident = sql.Identifier("public", table)
        if table in checksummed:
            cursor.execute(
                sql.SQL(
                    "SELECT count(*), coalesce(md5(string_agg(h, '' ORDER BY h)), '') "
                    "FROM (SELECT md5(t::text) AS h FROM {} AS t) AS rows"
                ).format(ident)
            )
            count, checksum = cursor.fetchone()
        else:
            cursor.execute(sql.SQL("SELECT count(*) FROM {}").format(ident))
            count, checksum = cursor.fetchone()[0], None
        measured[table] = (count, checksum)
    return measured


def _run(command: list[str]) -> None:
    completed = subprocess.run(command, capture_output=True, text=True, check=False)  # noqa: S603
    if completed.returncode != 0:
        raise RuntimeError(f"{command[0]} failed ({completed.returncode}): {completed.stderr.strip()[-500:]}")


def run_drill(settings_db: dict, *, target_name: str | None = None, keep: bool = False) -> DrillResult:
    source_name = settings_db["NAME"]
    target_name = target_name or f"{source_name}_restore_drill"
    if target_name == source_name:
        raise ValueError("the restore target must be a different database from the source")
    source_url, target_url = libpq_url(settings_db), libpq_url(settings_db, target_name)
    admin_url = libpq_url(settings_db, "postgres")
    checksummed = key_tables()
    result = DrillResult(source=source_name, restored_into=target_name, dump_bytes=0)
    with tempfile.TemporaryDirectory(prefix="followon-drill-") as folder:
        dump = os.path.join(folder, "drill.dump")
        started = time.monotonic()
        # One snapshot for the dump and for the source's figures.
        with psycopg.connect(source_url) as source:
            source.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
            with source.cursor() as cursor:
                cursor.execute("SELECT pg_export_snapshot()")
                snapshot = cursor.fetchone()[0]
                cursor.execute(TABLES_SQL)
                tables = [row[0] for row in cursor.fetchall()]
                _run(
                    [
                        "pg_dump",
                        "--format=custom",
                        "--no-owner",
                        "--no-acl",
                        f"--snapshot={snapshot}",
                        f"--file={dump}",
                        f"--dbname={source_url}",
                    ]
                )
                result.seconds["dump"] = time.monotonic() - started
                source_figures = _measure(cursor, tables, checksummed)
        result.dump_bytes = os.path.getsize(dump)
        started = time.monotonic()
        with psycopg.connect(admin_url, autocommit=True) as admin:
            admin.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(target_name)))
            admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(target_name)))
        try:
            _run(["pg_restore", "--no-owner", "--no-acl", "--exit-on-error", f"--dbname={target_url}", dump])
            result.seconds["restore"] = time.monotonic() - started
            started = time.monotonic()
            with psycopg.connect(target_url) as target, target.cursor() as cursor:
                cursor.execute(TABLES_SQL)
                restored_tables = [row[0] for row in cursor.fetchall()]
                present = [t for t in tables if t in restored_tables]
                restored_figures = _measure(cursor, present, checksummed)
            result.seconds["check"] = time.monotonic() - started
        finally:
            if not keep:
                with psycopg.connect(admin_url, autocommit=True) as admin:
                    admin.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(target_name)))
    for table in tables:
        rows, checksum = source_figures[table]
        restored_rows, restored_checksum = restored_figures.get(table, (None, None))
        result.tables.append(TableCheck(table, rows, restored_rows, checksum, restored_checksum))
    result.extra_tables = sorted(set(restored_tables) - set(tables))
    return result
