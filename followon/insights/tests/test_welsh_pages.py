"""Insights pages in Welsh (issue 18 phase C; ADR 0027): the dashboard (as a clinician and as a researcher)
and the research export page (as a researcher) under /cy/, with the demo's realistic data so every section
shows (survival curve and table, outcome change for both groups, programmes, attendance months), and no
English sentence left on them. Names people gave (the service, programmes) are data, not the page's words;
the questionnaires' own names stay in English, marked lang="en" (ADR 0027: validated instruments)."""

from html import unescape

import pytest
from django.urls import reverse
from django.utils import translation

from followon.accounts.models import User
from followon.core.tests.english import english_sentences
from followon.home.demo import load_demo_data
from followon.insights.suppression import SUPPRESSION_NOTE, SUPPRESSION_RULE
from followon.organisations.models import PainService

pytestmark = pytest.mark.django_db


def welsh(name):
    with translation.override("cy"):
        return reverse(name)


def no_english(body):
    found = english_sentences(body, "cy")
    assert found == [], found


@pytest.fixture(scope="module")
def welsh_rule():
    with translation.override("cy"):
        return str(SUPPRESSION_RULE), str(SUPPRESSION_NOTE)


@pytest.fixture
def demo():
    load_demo_data()
    return PainService.objects.get(slug="north-bristol")


def staff(email):
    return User.objects.get(email=email)


@pytest.mark.parametrize("email", ["clinician@demo.followon.test", "researcher@demo.followon.test"])
def test_the_dashboard_in_welsh(demo, staff_client, email, welsh_rule):
    page = staff_client(staff(email)).get(welsh("insights:dashboard"))
    assert page.status_code == 200
    body = page.content.decode()
    text = unescape(body)
    # Every section is there, so the scan covers it: the curve, both outcome groups, programmes, months.
    assert "<title>Mewnwelediadau" in body
    assert "app-chart__band" in body and "Canolrif Kaplan–Meier" in text
    assert "Wedi mynychu" in text and "Heb fynychu" in text and "Cyfwng hyder 95%" in text
    assert "Ffurfio grwpiau fesul rhaglen" in text and ">Do<" in body
    assert "Cyfarfodydd a gynhaliwyd" in text
    # Month names from Django's Welsh catalogue, not strftime's English.
    assert any(month in text for month in ("Ionawr", "Chwefror", "Mawrth", "Ebrill", "Mehefin", "Hydref"))
    # The one small-number rule, in Welsh, with its symbols unchanged.
    rule, note = welsh_rule
    assert rule in text and note in text and "<5" in rule and "[c]" in rule
    researcher_link = "Allforio ar gyfer ymchwil" in text
    assert researcher_link == email.startswith("researcher")
    no_english(body)


def test_the_research_export_page_in_welsh(demo, staff_client, welsh_rule):
    client = staff_client(staff("researcher@demo.followon.test"))
    page = client.get(welsh("insights:research-export"))
    assert page.status_code == 200
    body = page.content.decode()
    text = unescape(body)
    assert "Allforio ar gyfer ymchwil" in text and "Lawrlwytho CSV" in text
    assert "Colofnau'r ffeil CSV" in text and "Yr aelod fel P-" in text
    assert "<code>pseudonym</code>" in body  # column names are the file's, never translated
    assert welsh_rule[0] in text
    # The questionnaires' own names stay English, marked as English.
    assert '<span lang="en">Generalised Anxiety Disorder assessment (GAD-7)</span>' in body
    no_english(body)

    # A bad project code: the error in Welsh, what was typed kept.
    page = client.post(welsh("insights:research-export"), {"project": "no spaces!", "format": "csv"})
    assert page.status_code == 400
    body = page.content.decode()
    text = unescape(body)
    assert "Mae problem wedi codi" in text and "<title>Gwall: Allforio ar gyfer ymchwil" in body
    assert "Rhaid i'r cod prosiect gynnwys llythrennau" in text and 'value="no spaces!"' in body
    no_english(body)


def test_the_english_pages_are_unchanged_in_the_words_tests_and_people_rely_on(demo, staff_client):
    client = staff_client(staff("researcher@demo.followon.test"))
    body = client.get(reverse("insights:dashboard")).content.decode()
    assert len(english_sentences(body, "cy")) > 20  # the scan the Welsh tests rely on does see English
    text = unescape(body)
    assert str(SUPPRESSION_RULE) in text and "Kaplan–Meier median:" in text and "Attended" in text
    assert "Mean change from baseline (95% confidence interval)" in text and "95% CI" in text
    text = unescape(client.get(reverse("insights:research-export")).content.decode())
    assert "Project code" in text and "Download CSV" in text and "Insights</a> shows the same service's" in text
