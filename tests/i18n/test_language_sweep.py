"""Every page, generated from the URL conf, in Welsh, Urdu and Polish, for every role that may open it
(issue 18).

Issue 18: Welsh "complete", "web content bilingual and fully working in Welsh", and "no English
sentence left on a Welsh page"; Urdu and Polish shipped (in review) to prove the machinery, Urdu right
to left. Nobody lists the pages here: the URL matrix (tests/security/test_url_matrix.py) has a rule
for every URL pattern saying who may open it and how to fill its arguments from its world of two
services and three groups. This sweep builds the same world and, for every pattern someone may GET
and every role allowed, opens the page's address in each language (`/cy/...`, `/ur/...`, `/pl/...`)
with the test client and looks for English sentences with the same scanner the language journeys use
(followon/core/tests/english.py). A URL added tomorrow is swept from the day it gets its matrix rule.

Pages still English in a language are named in STILL_ENGLISH; the list only shrinks (a page that no
longer shows English fails until its entry is removed). A service's own English words (its consent
notices) are marked lang="en" on the page, as WCAG 3.1.2 asks, and so are not "left" English.
"""

import re

import pytest
from django.conf import settings as django_settings
from django.utils import translation
from django.utils.translation import gettext

from followon.core.tests.english import english_sentences
from followon.organisations.models import StaffRole
from tests.security.test_url_matrix import (
    ANY_STATUS,
    ROLES,
    _url,
    build_world,
    rule_for,
    signed_in_clients,
    url_patterns,
)

pytestmark = pytest.mark.django_db

REDIRECTS = (301, 302, 303, 307, 308)
# Addresses that are English by design (ADR 0027): the platform admin, the benchmark hook, and the
# addresses other systems call (NHS login and CIS2 callbacks, feeds) are not under the language prefix:
# their /cy/ address is a 404 where the English one is not, and they are skipped.
NOT_LOCALISED_NAMES = ("admin:",)
# What people and the test world wrote (names, posts) is data, not the page's words.
DATA = frozenset(
    {
        "Staff service_admin",
        "Staff other_staff",
        "CANARY-POST-G1 see you all on Tuesday",
    }
)

# URL name -> why it may still show English in another language. Only shrinks.
STILL_ENGLISH: dict[str, str] = {
    # A service's privacy and consent notices are its own versioned words, which members agree to; a
    # translated standard notice changes what is consented to, so it waits for the Clinical Safety
    # Officer and a qualified translator (ADR 0027, H-014).
    "accounts:choices": "the service's consent notices (versioned text members agree to)",
    "accounts:notice-edit": "the service's consent notice being edited (stored words)",
    "accounts:notice-list": "the titles of the service's consent notices (stored words)",
    "programmes:admin-information-sheet": "the information sheet's edit boxes show the stored English words",
}


LANGUAGES = ("cy", "ur", "pl")


def _data(language: str) -> frozenset[str]:
    """DATA, and the world's names next to a role or a "to" in `language` (read from its catalogue)."""
    with translation.override(language):
        clinician, admin = str(StaffRole.Role.CLINICIAN.label), str(StaffRole.Role.SERVICE_ADMIN.label)
        to_admin = gettext("to %(name)s") % {"name": "Staff service_admin"}
    return DATA | {f"Staff other_staff, {clinician}", f"Staff service_admin, {admin}", to_admin}


def _in(language: str, url: str) -> str:
    return f"/{language}{url}"


def _sweep(language: str):
    world = build_world()
    clients = signed_in_clients(world)
    for name, route, _pattern in url_patterns():
        rule = rule_for(name)
        if rule is None or (rule.allowed is not ANY_STATUS and not rule.allowed):
            continue
        # reverse() follows the active language, which the last request left on: English address.
        with translation.override(django_settings.LANGUAGE_CODE):
            url = _url(name, route, world, rule)
        if url is None or name.startswith(NOT_LOCALISED_NAMES):
            continue
        roles = ["anonymous"] if rule.allowed is ANY_STATUS else [r for r in ROLES if r in rule.allowed]
        for role in roles:
            client = clients[role]
            answer, hops = client.get(_in(language, url)), 0
            while (
                answer.status_code in REDIRECTS and not answer["Location"].startswith(("http:", "https:")) and hops < 5
            ):
                answer, hops = client.get(answer["Location"]), hops + 1
            if answer.status_code == 404 and client.get(url).status_code != 404:
                continue  # not under the language prefix (an address other systems call)
            if answer.status_code in REDIRECTS or "text/html" not in answer.get("Content-Type", ""):
                continue  # off to NHS login or CIS2, or a file (calendar feed, CSV, JSON)
            if not answer.content.strip():
                continue  # a bare refusal with no page (a 405 to a GET of a POST-only address)
            yield role, name, url, answer


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_page_in_every_language_for_every_role_has_no_english_sentence(settings, language):
    settings.BENCH_FLOOR_ENABLED = False
    direction = "rtl" if language == "ur" else "ltr"
    allowed = _data(language)
    english: dict[str, list[str]] = {}
    seen = set()
    for role, name, url, answer in _sweep(language):
        seen.add(name)
        address = _in(language, url)
        assert answer.status_code < 500, f"{name} ({address}) as {role}: {answer.status_code}"
        body = answer.content.decode()
        html = re.search(r"<html[^>]*>", body)[0]
        assert f'lang="{language}"' in html and f'dir="{direction}"' in html, f"{name} ({address}) as {role}: {html}"
        found = english_sentences(body, language, allowed)
        if found:
            english.setdefault(name, []).append(f"as {role}: {found[:4]}")
    # Not a test that cannot fail: it really opened many pages.
    assert len(seen) >= 120, f"only {len(seen)} pages opened"
    unexpected = {name: where for name, where in english.items() if name not in STILL_ENGLISH}
    assert not unexpected, f"{len(unexpected)} pages show English under /{language}/:\n" + "\n".join(
        f"{name}: {where}" for name, where in sorted(unexpected.items())
    )
    now_translated = sorted(set(STILL_ENGLISH) - set(english))
    assert not now_translated, f"these pages show no English now: remove them from STILL_ENGLISH: {now_translated}"
