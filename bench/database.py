"""The bench database: dropped and created afresh on the PostgreSQL server for every run."""

import re
import urllib.parse

import psycopg
from psycopg import sql

DEFAULT_SERVER_URL = "postgres://postgres@127.0.0.1:5432/followon"
DEFAULT_NAME = "followon_bench"
_SAFE_NAME = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")


def bench_database_url(server_url: str, name: str) -> str:
    """`server_url` with its database name replaced by `name` (user, host, port and options kept)."""
    if not _SAFE_NAME.match(name):
        raise ValueError(f"unsafe bench database name {name!r}")
    parts = urllib.parse.urlsplit(server_url)
    if parts.scheme not in {"postgres", "postgresql"}:
        raise ValueError("the bench runs against PostgreSQL: BENCH_DATABASE_URL must be a postgres:// URL")
    return urllib.parse.urlunsplit(parts._replace(path=f"/{name}"))


def recreate_database(server_url: str, name: str) -> str:
    """Drop `name` (ending its sessions) and create it empty; returns its URL."""
    url = bench_database_url(server_url, name)
    maintenance = bench_database_url(server_url, "postgres")
    with psycopg.connect(maintenance, autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    return url
