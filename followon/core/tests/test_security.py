import os
import subprocess
import sys

import pytest
from django.conf import settings as django_settings
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_csp_has_no_unsafe_inline(client):
    policy = client.get("/")["Content-Security-Policy"]
    assert "unsafe-inline" not in policy
    assert "script-src 'self' 'nonce-" in policy
    assert "frame-ancestors 'none'" in policy


def test_inline_script_carries_the_response_nonce(client):
    response = client.get("/")
    nonce = response["Content-Security-Policy"].split("'nonce-")[1].split("'")[0]
    assert f'nonce="{nonce}"' in response.content.decode()


def test_authenticated_pages_are_not_cached(staff_client, clinician):
    response = staff_client(clinician).get(reverse("home:staff-home"))
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"


def test_anonymous_public_pages_may_be_cached(client):
    assert "no-store" not in client.get(reverse("core:need-help")).get("Cache-Control", "")


def test_every_response_carries_a_request_id(client):
    assert len(client.get("/")["X-Request-ID"]) >= 8


def test_cookies_are_httponly_and_samesite():
    assert django_settings.SESSION_COOKIE_HTTPONLY
    assert django_settings.SESSION_COOKIE_SAMESITE == "Lax"


def test_production_settings_pass_check_deploy_without_warnings():
    # The browser tests' conftest allows sync ORM calls under Playwright's loop; production must not.
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "DJANGO_SETTINGS_MODULE": "followon.config.settings.production",
        "DJANGO_SECRET_KEY": "x" * 30 + "a-long-random-production-secret-key-for-checks",
        "DATABASE_URL": os.environ["DATABASE_URL"],
        "DJANGO_ALLOWED_HOSTS": "followon.example.nhs.uk",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=django_settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
