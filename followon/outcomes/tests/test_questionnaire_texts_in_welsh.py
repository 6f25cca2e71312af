"""Questionnaire invitation and reminder texts in the member's language (issue 18; ADR 0027): a Welsh
member of a service offering Welsh gets Welsh words, a Welsh date and a /cy/ link; English is unchanged.

Messages go through the real reminder machinery (database task backend, fake GOV.UK Notify)."""

import datetime as dt

import pytest
from django.utils import timezone, translation

from followon.accounts.tests.factories import UserFactory
from followon.notifications.rendering import render_message
from followon.outcomes.models import QuestionnaireSet
from followon.outcomes.services import DEFAULT_QUESTIONNAIRES, invitations_schedule_for_enrolment, set_token
from followon.programmes.tests.factories import join, make_programme

pytestmark = pytest.mark.django_db

BASELINE = len(DEFAULT_QUESTIONNAIRES)


def at_uk_nine_oh_one(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(9, 1)))


def _send_invite_and_first_reminder(enrolment, tasks, now) -> QuestionnaireSet:
    invitations_schedule_for_enrolment(enrolment=enrolment)
    qset = QuestionnaireSet.objects.get(enrolment=enrolment, timepoint="baseline")
    now["now"] = at_uk_nine_oh_one(qset.due_on)
    tasks.run()
    now["now"] = at_uk_nine_oh_one(qset.due_on + dt.timedelta(days=7))
    tasks.run()
    return qset


def test_a_welsh_member_gets_the_questionnaire_texts_in_welsh(service, clinician, tasks, notify, now):
    service.message_languages = ["cy"]
    service.save()
    eleri = UserFactory(preferred_name="Eleri", mobile="+447700900121", email="", language="cy")
    qset = _send_invite_and_first_reminder(join(make_programme(service, clinician), eleri), tasks, now)
    invite, reminder = (sent["body"] for sent in notify.sent)
    day = qset.expires_at.date()
    expires = "Dydd " + ("Llun", "Mawrth", "Mercher", "Iau", "Gwener", "Sadwrn", "Sul")[day.weekday()]
    assert invite.startswith(f"Hoffai {service.name} wybod sut rydych chi: {BASELINE} holiadur byr, tua 10 munud.")
    assert f"Dyddiad olaf y ddolen yw {expires} {day.day} " in invite
    assert invite.endswith(f"/cy/questionnaires/{set_token(qset)}/")
    assert reminder.startswith(f"{service.name}: nodyn atgoffa am eich holiaduron, {BASELINE} o {BASELINE} i'w hateb")
    assert reminder.endswith(f"/cy/questionnaires/{set_token(qset)}/")
    for body in (invite, reminder):
        assert "questionnaires, " not in body and "link works" not in body


def test_an_english_member_gets_the_questionnaire_texts_as_before(service, clinician, tasks, notify, now):
    terry = UserFactory(preferred_name="Terry", mobile="+447700900122", email="")
    qset = _send_invite_and_first_reminder(join(make_programme(service, clinician), terry), tasks, now)
    invite, reminder = (sent["body"] for sent in notify.sent)
    day = qset.expires_at.date()
    when = f"{day:%A} {day.day} {day:%B}"
    link = invite.rsplit(": ", 1)[1]
    assert "/cy/" not in link and set_token(qset) in link
    assert invite == (
        f"{service.name} would like to know how you are: {BASELINE} short questionnaires, about 10 minutes. "
        f"You can stop and carry on later. The link works until {when}: {link}"
    )
    assert reminder == (
        f"{service.name}: a reminder about your questionnaires, {BASELINE} of {BASELINE} still to answer. "
        f"Your answers so far are saved. The link works until {when}: {link}"
    )


@pytest.mark.parametrize("template", ["questionnaire_invite", "questionnaire_reminder"])
def test_the_single_questionnaire_messages_are_welsh_too(template):
    context = {"service_name": "Gwasanaeth Poen", "title": "PHQ-9", "link": "L", "expires_on": "30 Medi 2026"}
    with translation.override("cy"):
        _subject, sms = render_message(template, "sms", context)
        subject, email = render_message(template, "email", context)
    assert sms.startswith("Gwasanaeth Poen: ") and "holiadur" in sms and "questionnaire" not in sms
    assert subject.endswith("oliadur byr gan Gwasanaeth Poen") and email.startswith("Helo,")
    _subject, english = render_message(template, "sms", context)
    assert english in (
        "Gwasanaeth Poen: please answer a short questionnaire (PHQ-9). It takes a few minutes: L",
        "Gwasanaeth Poen: a reminder to answer the questionnaire (PHQ-9) by 30 Medi 2026: L",
    )
