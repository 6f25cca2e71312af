"""Languages (ADR 0027): addresses, catalogues, <html lang dir>, the toggle."""

import re

import pytest
from django.conf import settings
from django.urls import get_resolver, reverse
from django.utils import translation

from followon.core import catalogues, languages


def _reverse_entries(resolver, namespace=""):
    """Every URL name (namespaced) with the formats reverse() fills in, walking included resolvers."""
    entries = {}
    for key in resolver.reverse_dict:
        if isinstance(key, str):
            entries[namespace + key] = sorted(
                (prefix_and_format, tuple(params))
                for possibilities, _pattern, _defaults, _converters in resolver.reverse_dict.getlist(key)
                for prefix_and_format, params in possibilities
            )
    for name, (prefix, sub) in resolver.namespace_dict.items():
        for sub_name, formats in _reverse_entries(sub, f"{namespace}{name}:").items():
            entries[sub_name] = [(prefix + fmt, params) for fmt, params in formats]
    return entries


def test_every_english_address_is_unchanged_by_language_prefixes():
    with translation.override("en-gb"):
        with_languages = _reverse_entries(get_resolver())
        before = _reverse_entries(get_resolver("followon.core.tests.urls_untranslated"))
    assert len(with_languages) > 100
    assert with_languages == before


def test_english_addresses_have_no_prefix_and_other_languages_do():
    with translation.override("en-gb"):
        assert reverse("core:need-help") == "/need-help-now/"
        assert reverse("home:index") == "/"
    with translation.override("cy"):
        assert reverse("core:need-help") == "/cy/need-help-now/"
    with translation.override("ur"):
        assert reverse("accounts:sign-in") == "/ur/sign-in/"


def test_addresses_given_to_identity_providers_stay_english_on_a_welsh_page():
    with translation.override("cy"):
        assert languages.reverse_in_english("accounts:nhs-login-callback") == "/sign-in/nhs-login/callback/"


def test_catalogues_are_up_to_date_with_the_sources():
    report = catalogues.out_of_date()
    assert set(report) == {"cy", "ur", "pl"}
    stale = {code: found for code, found in report.items() if any(found.values())}
    assert stale == {}, "run `.venv/bin/python manage.py catalogues update` and translate the new strings"


def test_the_catalogue_check_notices_a_new_string(tmp_path, monkeypatch):
    template = catalogues.extract()
    template.add("A sentence nobody has translated yet")
    report = catalogues.out_of_date(template)
    assert all("('A sentence nobody has translated yet', None)" in found["missing"] for found in report.values())


@pytest.mark.parametrize("code", ["cy", "ur", "pl"])
def test_compiled_catalogues_are_current(code):
    assert catalogues.compiled_is_current(code), "run `make setup` (manage.py catalogues compile)"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("path", "lang", "direction"),
    [("/need-help-now/", "en-GB", "ltr"), ("/cy/need-help-now/", "cy", "ltr"), ("/ur/need-help-now/", "ur", "rtl")],
)
def test_html_lang_and_dir_follow_the_address(client, path, lang, direction):
    body = client.get(path).content.decode()
    assert re.search(rf'<html lang="{lang}"[^>]* dir="{direction}"', body), body[:300]


@pytest.mark.django_db
def test_the_toggle_links_to_the_same_page_in_the_other_languages(client):
    english = client.get("/need-help-now/").content.decode()
    assert 'href="/cy/need-help-now/" lang="cy" hreflang="cy">Cymraeg</a>' in english
    welsh = client.get("/cy/need-help-now/").content.decode()
    assert 'href="/need-help-now/" lang="en-gb" hreflang="en-gb">English</a>' in welsh
    assert "/cy/need-help-now/" not in re.findall(r'href="([^"]+)"[^>]*class="[^"]*app-language-link', welsh)


@pytest.mark.django_db
def test_languages_in_review_are_marked_and_hidden_from_the_toggle_unless_shown(client, settings):
    assert languages.in_review("ur") and languages.in_review("pl")
    assert not languages.in_review("cy")
    urdu = client.get("/ur/need-help-now/").content.decode()
    assert "has not yet been checked by a qualified translator" in urdu
    settings.SHOW_LANGUAGES_IN_REVIEW = False
    english = client.get("/need-help-now/").content.decode()
    assert "/ur/need-help-now/" not in english
    assert "/cy/need-help-now/" in english


def test_messages_use_the_preference_only_when_reviewed_and_offered():
    assert languages.language_for_messages("cy", offered=["cy"]) == "cy"
    assert languages.language_for_messages("cy", offered=[]) == settings.LANGUAGE_CODE
    assert languages.language_for_messages("ur", offered=["ur"]) == settings.LANGUAGE_CODE
    assert languages.language_for_messages("en", offered=["cy"]) == settings.LANGUAGE_CODE
    assert languages.language_for_messages("xx", offered=["xx"]) == settings.LANGUAGE_CODE


def test_the_toggle_s_remembered_links_are_translate_url_s(rf):
    from django.urls import translate_url

    languages._translated_paths.clear()
    for current in ("en-gb", "cy"):
        with translation.override(current):
            path = reverse("network:directory") + "?outcode=BS16"
            for _ in range(2):  # worked out, then remembered
                links = {link.code: link.href for link in languages.language_links(rf.get(path))}
                assert links == {code: translate_url(path, code) for code in links}
                assert current not in links
    assert languages._translated_paths
