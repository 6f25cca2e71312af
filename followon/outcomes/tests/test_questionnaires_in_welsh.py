"""Questionnaires for a member reading in Welsh (issue 18 item 6; ADR 0027): a validated instrument is
never machine-translated. Each instrument's data records what validated translations are known (none
recorded yet), so the questions stay in English, marked lang="en", and the page says why in Welsh."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from followon.accounts.tests.factories import UserFactory
from followon.core.tests.english import english_sentences
from followon.outcomes.instruments import QUESTIONNAIRES
from followon.outcomes.models import QuestionnaireInvitation, QuestionnaireSet
from followon.outcomes.services import DEFAULT_QUESTIONNAIRES, questionnaire_set_create, set_token
from followon.programmes.models import Enrolment
from followon.programmes.tests.factories import join, make_programme

pytestmark = pytest.mark.django_db


def welsh(name, *args):
    with translation.override("cy"):
        return reverse(name, args=args)


def test_every_instrument_records_its_translations():
    for questionnaire in QUESTIONNAIRES.values():
        assert isinstance(questionnaire.translations, tuple)
        for code in ("cy", "ur", "pl"):
            assert questionnaire.translation_record(code) == "none recorded"
            assert not questionnaire.wording_in(code)
        assert questionnaire.wording_in("en-gb")


@pytest.fixture
def qset(service):
    member = UserFactory(preferred_name="Megan", mobile="+447700900218", language="cy")
    return questionnaire_set_create(
        member=member,
        service=service,
        timepoint="baseline",
        due_on=timezone.localdate(),
        questionnaire_ids=DEFAULT_QUESTIONNAIRES,
    )


def test_the_set_page_in_welsh_says_the_questionnaires_are_in_english_and_why(client, qset):
    token = set_token(qset)
    body = client.get(welsh("outcomes:set_by_link", token)).content.decode()
    assert "<h1>Eich holiaduron</h1>" in body
    assert "Mae'r holiaduron hyn yn Saesneg" in body
    assert english_sentences(body, "cy") == []
    # The English titles are marked as English, never shown as markup.
    assert "&lt;span" not in body
    assert '<span lang="en">Use of health services in the last 3 months</span>' in body


def test_a_questionnaire_in_welsh_keeps_its_validated_english_items_and_says_why(client, qset):
    token = set_token(qset)
    body = client.get(welsh("outcomes:set_answer", token, "phq-9")).content.decode()
    assert "Mae'r holiadur hwn yn Saesneg" in body
    # The items are the instrument's own English wording, marked as English for screen readers.
    assert '<div lang="en">' in body
    assert "Little interest or pleasure in doing things" in body
    assert "Anfon fy atebion" in body
    assert english_sentences(body, "cy") == []


def test_in_english_the_page_has_no_notice(client, qset):
    token = set_token(qset)
    with translation.override("en-gb"):
        address = reverse("outcomes:set_answer", args=[token, "phq-9"])
    body = client.get(address).content.decode()
    assert "This questionnaire is in English" not in body
    assert '<div lang="en">' not in body


def test_an_answer_that_is_not_allowed_gets_a_welsh_message_marked_welsh(client, qset):
    """Only the chrome and the messages are translated (issue 18): the item stays English, the message
    about the answer is Welsh and says so in markup, inside the English item."""
    token = set_token(qset)
    body = client.post(welsh("outcomes:set_answer", token, "phq-9"), {"q1": "7"}).content.decode()
    assert "Mae problem wedi codi" in body
    assert "Dewiswch ateb o 0 i 3" in body
    assert re.search(r'<span class="nhsuk-error-message"[^>]* lang="cy"', body)
    assert "Little interest or pleasure in doing things" in body
    assert "Choose an answer" not in body
    assert english_sentences(body, "cy") == []


def test_closed_and_withdrawn_messages_in_welsh(client, qset):
    token = set_token(qset)
    invitation = qset.invitations.get(questionnaire_id="phq-9")
    QuestionnaireInvitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now() - timedelta(days=1))
    response = client.post(welsh("outcomes:set_answer", token, "phq-9"), {"q1": "1"})
    body = response.content.decode()
    assert response.status_code == 410
    assert "Caeodd yr holiadur hwn ar" in body and "Ni chafodd eich atebion eu cadw" in body
    assert english_sentences(body, "cy") == []


def test_the_withdrawn_message_in_welsh(client, qset, service, clinician):
    enrolment = join(make_programme(service, clinician), qset.member)
    QuestionnaireSet.objects.filter(pk=qset.pk).update(enrolment=enrolment)
    Enrolment.objects.filter(pk=enrolment.pk).update(status=Enrolment.Status.WITHDRAWN)
    qset.refresh_from_db()
    body = client.get(welsh("outcomes:set_by_link", set_token(qset))).content.decode()
    assert "Nid yw&#39;r ddolen hon yn gweithio mwyach am nad ydych ar y rhaglen bellach" in body
    assert english_sentences(body, "cy") == []


def test_the_item_messages_follow_the_active_language():
    item = QUESTIONNAIRES["phq-9"].items[0]
    with translation.override("cy"):
        assert item.error_message == "Dewiswch ateb o 0 i 3"
    with translation.override("en-gb"):
        assert item.error_message == "Choose an answer from 0 to 3"
