"""A member's journey in Welsh (issue 18 phase B; ADR 0027): the landing page, their group, its
meetings, a poll (answering it, and its errors) and a meeting, with no English sentence left on them.
Names people gave (the group, the programme, the poll's title) are data, not the page's words."""

import html
from datetime import time, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from followon.core.tests.english import english_sentences
from followon.meetings import services
from followon.meetings.models import PollAnswer, Rsvp

pytestmark = pytest.mark.django_db


def welsh(name, *args):
    with translation.override("cy"):
        return reverse(name, args=args)


def test_the_landing_page_in_welsh_has_no_english_sentence(client):
    body = client.get("/cy/").content.decode()
    assert "Arhoswch gyda'ch gilydd ar ôl eich rhaglen rheoli poen" in body
    assert english_sentences(body, "cy") == []


def test_my_group_and_its_meetings_in_welsh(client, group, people, meeting):
    client.force_login(people[2])
    body = client.get(welsh("peergroups:member-detail", group.public_id)).content.decode()
    assert "Grŵp dilynol o" in body and "Bwrdd y grŵp" in body
    assert english_sentences(body, "cy") == []
    body = client.get(welsh("peergroups:my-groups")).content.decode()
    assert english_sentences(body, "cy") == []
    body = client.get(welsh("meetings:group", group.public_id)).content.decode()
    assert "<h1>Cyfarfodydd</h1>" in body
    assert english_sentences(body, "cy") == []


def test_a_poll_in_welsh_its_errors_and_its_answers(client, poll, people):
    client.force_login(people[2])
    address = welsh("meetings:poll", poll.public_id)
    body = client.get(address).content.decode()
    assert "Pryd allwch chi ddod?" in body
    assert "Os oes rhaid" in body
    # Day and month names are Welsh, from Django's catalogue.
    assert any(day in body for day in ("Dydd Llun", "Dydd Mawrth", "Dydd Mercher", "Dydd Iau", "Dydd Gwener"))
    assert english_sentences(body, "cy") == []
    # Nothing chosen: the error summary and the message are Welsh.
    body = client.post(address, {}).content.decode()
    assert "Mae problem wedi codi" in body
    assert "Dewiswch Ydw, Os oes rhaid neu Nac ydw ar gyfer o leiaf un amser" in body
    assert english_sentences(body, "cy") == []
    first = poll.options.order_by("starts_at").first()
    response = client.post(address, {f"option_{first.pk}": "yes"}, follow=True)
    assert PollAnswer.objects.get(option=first, user=people[2]).answer == "yes"
    body = response.content.decode()
    assert "Mae eich atebion wedi" in body
    assert english_sentences(body, "cy") == []


def test_a_meeting_in_welsh(client, meeting, people):
    client.force_login(people[2])
    body = client.get(welsh("meetings:meeting", meeting.public_id)).content.decode()
    assert "Allwch chi ddod ar" in body
    assert "Ydw, byddaf yno" in body
    assert english_sentences(body, "cy") == []


def test_the_calendar_page_in_welsh(client, people):
    client.force_login(people[2])
    body = client.get(welsh("meetings:my-calendar")).content.decode()
    assert "Calendr eich cyfarfodydd" in body
    assert english_sentences(body, "cy") == []
    body = client.post(welsh("meetings:my-calendar"), {"action": "issue"}).content.decode()
    assert english_sentences(body, "cy") == []


def test_the_group_board_in_welsh_keeps_the_safety_wording_exact(client, group, people):
    client.force_login(people[2])
    body = client.get(welsh("conversations:board", group.public_id)).content.decode()
    assert "<h1>Bwrdd y grŵp</h1>" in body
    # What a clinician may see: the Welsh sentences, with the numbers from core/board_privacy.py.
    assert "Dim ond y bobl yn eich grŵp sy&#39;n gallu darllen y bwrdd hwn" in body or (
        "Dim ond y bobl yn eich grŵp sy'n gallu darllen y bwrdd hwn" in body
    )
    assert "hyd at 3 neges gynharach gan yr un person yn y grŵp hwn o&#39;r 7 diwrnod" in body or (
        "hyd at 3 neges gynharach gan yr un person yn y grŵp hwn o'r 7 diwrnod" in body
    )
    assert english_sentences(body, "cy") == []


def test_a_meeting_without_a_title_is_named_in_welsh(client, group, coordinator, people):
    meeting = services.meeting_create(
        group=group,
        created_by=coordinator,
        first_date=timezone.localdate() + timedelta(days=7),
        start_time=time(10, 30),
        end_time=time(12, 0),
    )
    client.force_login(people[2])
    body = client.get(welsh("meetings:meeting", meeting.public_id)).content.decode()
    assert f"<h1>Cyfarfod {group.name}</h1>" in body
    assert english_sentences(body, "cy") == []
    body = client.get(welsh("meetings:group", group.public_id)).content.decode()
    assert english_sentences(body, "cy") == []


def test_a_full_meeting_says_so_in_welsh(client, meeting, people):
    """What the service says when it refuses (rsvps.rsvp_set's ValidationError) reaches the member in
    the page's language, not the English it was written in (issue 18)."""
    meeting.capacity = 1
    meeting.save(update_fields=["capacity"])
    day = timezone.localdate() + timedelta(days=7)
    services.rsvp_set(meeting=meeting, user=people[1], occurrence_date=day, response=Rsvp.Response.YES)
    client.force_login(people[2])
    response = client.post(
        welsh("meetings:rsvp", meeting.public_id), {"response": "yes", "date": day.isoformat()}, follow=True
    )
    body = response.content.decode()
    assert "Mae'r cyfarfod hwn yn llawn. Dewiswch ‘Nac ydw’ neu ‘Methu dod y tro hwn’" in html.unescape(body)
    assert "This meeting is full" not in body
    assert english_sentences(body, "cy") == []
    assert not Rsvp.objects.filter(meeting=meeting, user=people[2]).exists()


def test_choosing_a_poll_time_that_has_passed_says_so_in_welsh(client, poll, coordinator):
    first = poll.options.order_by("starts_at").first()
    type(first).objects.filter(pk=first.pk).update(
        starts_at=timezone.now() - timedelta(hours=3), ends_at=timezone.now() - timedelta(hours=1)
    )
    client.force_login(coordinator)
    response = client.post(welsh("meetings:poll-confirm", poll.public_id), {"option": first.pk}, follow=True)
    body = response.content.decode()
    assert "Mae'r amser hwnnw wedi mynd heibio. Dewiswch amser yn y dyfodol" in html.unescape(body)
    assert "That time has passed" not in body
    # The coordinator's page: the ranking's reasons ("Why ... is first", meetings/ranking.py) are Welsh too.
    assert "Fel arall yn gyfartal â'r opsiwn nesaf, ac yn gynharach" in html.unescape(body)
    assert english_sentences(body, "cy") == []
