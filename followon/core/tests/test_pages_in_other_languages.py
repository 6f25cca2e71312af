"""The safety-first pages in Welsh and Urdu (issue 18, phase A; ADR 0027): crisis signposting in the
page's language, Samaritans' Welsh Language Line on Welsh pages, numbers left-to-right on Urdu pages,
and no English sentence left on the Welsh pages."""

import datetime as dt
import re

import pytest
from django.utils import timezone

from followon.core.signposting import CRISIS_CONTACTS, WELSH_LANGUAGE_LINE
from followon.core.tests.english import english_sentences
from followon.meetings.models import Meeting
from followon.peergroups.tests.factories import form_group
from followon.programmes.tests.factories import answer, finished_programme, join, member_of
from followon.selfcare import services as selfcare

pytestmark = pytest.mark.django_db


def test_the_english_scan_finds_english(client):
    body = client.get("/need-help-now/").content.decode()
    found = english_sentences(body, "en")
    assert "FollowOn and your group are not watched all the time" in found


def test_need_help_in_welsh_has_every_number_and_the_welsh_language_line(client):
    body = client.get("/cy/need-help-now/").content.decode()
    assert "<h1>Angen cymorth nawr?</h1>" in body
    for contact in (*CRISIS_CONTACTS, *WELSH_LANGUAGE_LINE.contacts):
        assert f'href="{contact.href}"' in body
    assert 'href="tel:08081640123"' in body
    assert "Llinell Gymraeg y Samariaid" in body
    assert english_sentences(body, "cy") == []


def test_the_welsh_language_line_is_only_on_welsh_pages(client):
    assert "tel:08081640123" not in client.get("/need-help-now/").content.decode()
    assert "tel:08081640123" not in client.get("/ur/need-help-now/").content.decode()


def test_sign_in_pages_in_welsh_have_no_english_sentence(client):
    body = client.get("/cy/sign-in/").content.decode()
    assert "Mewngofnodi" in body
    assert english_sentences(body, "cy") == []
    # A blank form: the error summary and the inline error, in Welsh.
    body = client.post("/cy/sign-in/", {"contact": ""}).content.decode()
    assert "Rhowch eich rhif ffôn symudol neu eich cyfeiriad e-bost" in body
    assert english_sentences(body, "cy") == []


def test_member_home_in_welsh_has_no_english_sentence(client, member):
    client.force_login(member)
    body = client.get("/cy/").content.decode()
    assert "Eich grwpiau dilynol" in body
    assert "Nid ydych wedi gosod nod eto" in body
    assert english_sentences(body, "cy") == []


def test_member_home_in_welsh_with_every_section_showing(client, service, clinician, ptv):
    """Goals with progress, the next meeting and what the group shared: the whole member home,
    self-care section included, is Welsh (the members' own words are theirs, written here in Welsh)."""
    programme = finished_programme(service, clinician, ptvs=[ptv], title="Rhaglen yr hydref")
    mine, anns = join(programme, member_of(service, preferred_name="Megan")), join(programme, preferred_name="Ann")
    for enrolment in (mine, anns):
        answer(enrolment, "yes")
    group = form_group(programme, clinician, name="Grŵp dydd Mawrth", accept=True)
    me, ann = mine.user, anns.user
    today = timezone.localdate()
    goal = selfcare.goal_create(owner=me, what="Cerdded i'r blwch post", how_much="bob dydd", confidence=7)
    selfcare.goal_progress_record(goal=goal, outcome="partly", day=today)
    selfcare.goal_create(owner=me, what="Nofio", how_much="unwaith yr wythnos", confidence=6)
    theirs = selfcare.goal_create(owner=ann, what="Garddio", how_much="dwywaith yr wythnos", confidence=8)
    selfcare.goal_shares_set(goal=theirs, group_ids={group.pk})
    selfcare.goal_progress_record(goal=theirs, outcome="done", day=today)
    starts = timezone.now() + dt.timedelta(days=3)
    Meeting.objects.create(group=group, starts_at=starts, ends_at=starts + dt.timedelta(hours=2))
    client.force_login(me)
    body = client.get("/cy/").content.decode()
    assert "Eich nodau" in body and "yn rhannol yn wythnos" in body
    assert 'Nofio</a><span class="app-link-list__hint">dim wedi\'i gofnodi eto' in body
    assert "Y cyfarfod nesaf" in body and "Grŵp dydd Mawrth</a>:" in body
    assert "Yn eich grwpiau" in body and "Ann: wedi'i wneud ar" in body
    assert english_sentences(body, "cy") == []


def test_urdu_need_help_is_right_to_left_with_numbers_left_to_right(client):
    body = client.get("/ur/need-help-now/").content.decode()
    assert re.search(r'<html lang="ur"[^>]* dir="rtl"', body)
    for contact in CRISIS_CONTACTS:
        assert f'<bdi dir="ltr">{contact.number}</bdi>' in body
    assert "ابھی مدد چاہیے؟" in body
