"""DATABASE_POOL turns on Django's psycopg connection pool (docs/deploy.md, "Growing past one machine").

Settings are read once per process, so each case starts a fresh Python with the environment it needs.
"""

import json
import os
import subprocess
import sys
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
PROBE = """
import json
import django
from django.conf import settings
from django.db import connection
django.setup()
default = settings.DATABASES["default"]
out = {"options": default.get("OPTIONS", {}), "conn_max_age": default["CONN_MAX_AGE"]}
if {connect}:
    for _ in range(5):  # five "requests", each closing its connection as Django does at the end
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        connection.close()
    out["pool"] = type(connection.pool).__name__ if connection.pool is not None else None
    out["stats"] = connection.pool.get_stats() if connection.pool is not None else {}
print(json.dumps(out))
"""


def _probe(env: dict, *, connect: bool) -> dict:
    server = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/followon")
    maintenance = urllib.parse.urlunsplit(urllib.parse.urlsplit(server)._replace(path="/postgres"))
    full_env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("DATABASE_")},
        "DJANGO_SETTINGS_MODULE": "followon.config.settings.test",
        "DATABASE_URL": maintenance,
        **env,
    }
    result = subprocess.run(
        [sys.executable, "-c", PROBE.replace("{connect}", str(connect))],
        cwd=ROOT,
        env=full_env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_without_the_setting_connections_persist_and_there_is_no_pool():
    out = _probe({}, connect=False)
    assert "pool" not in out["options"]
    assert out["conn_max_age"] == 60


def test_the_pool_hands_the_same_connection_back_to_each_request():
    out = _probe({"DATABASE_POOL": "true", "DATABASE_POOL_MAX_SIZE": "3"}, connect=True)
    assert out["conn_max_age"] == 0  # Django refuses persistent connections with a pool
    assert out["options"]["pool"] == {"min_size": 1, "max_size": 3, "timeout": 10}
    assert out["pool"] == "ConnectionPool"
    # Five requests, one after another, served from the pool: the connections it opened (its minimum
    # while it fills, plus at most the one the first request waited for) do not grow with the requests.
    assert out["stats"]["requests_num"] == 5
    assert out["stats"]["connections_num"] <= 2
