"""Outcomes in the browser: a member answers a questionnaire by its text-message link on a small
phone (half, leaves, comes back: nothing lost, then sends it); a clinician reads the insights
dashboard (group survival, attenders vs non-attenders) and a researcher downloads the FHIR export.
Every page goes through axe (WCAG 2.2 A/AA), with no CSP violations or JavaScript errors."""

import datetime as dt
import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from followon.core.models import AuditEvent
from followon.meetings.models import Attendance, Meeting
from followon.outcomes.models import QuestionnaireInvitation, Response
from followon.outcomes.services import (
    DEFAULT_QUESTIONNAIRES,
    invitation_create,
    invitation_token,
    questionnaire_set_create,
    set_token,
)
from followon.peergroups.models import PeerGroup
from followon.programmes.tests.factories import join, make_programme, member_of
from tests.browser.journeys import staff_sign_in

pytestmark = pytest.mark.django_db(transaction=True)

TABLE2 = Path(__file__).resolve().parents[2] / "followon" / "insights" / "data" / "study_table2_groups.csv"


def test_member_answers_by_link_stops_half_way_and_comes_back(phone_page, service):
    """One link for the timepoint's questionnaires: the list, PHQ-9 half answered, left, carried on
    later (answers kept), sent, back to the list with a confirmation; the sent one is closed."""
    member = member_of(service, preferred_name="Paula Partway")
    questionnaire_set = questionnaire_set_create(
        member=member,
        service=service,
        timepoint="baseline",
        due_on=timezone.localdate(),
        questionnaire_ids=DEFAULT_QUESTIONNAIRES,
    )
    invitation = questionnaire_set.invitations.get(questionnaire_id="phq-9")
    link = reverse("outcomes:set_by_link", args=[set_token(questionnaire_set)])
    page = phone_page.page

    def open_link(label, path=link):  # not visit(): the screenshot would be named after the token
        response = page.goto(phone_page.base_url + path)
        phone_page.check_page(label)
        return response.status

    assert open_link("set-by-link") == 200
    assert page.get_by_role("heading", level=1, name="Your questionnaires").is_visible()
    assert page.get_by_text("Not started").count() == len(DEFAULT_QUESTIONNAIRES)
    assert page.get_by_role("button", name="Start").is_visible()
    page.get_by_role("link", name="Patient Health Questionnaire (PHQ\u20119)").click()
    phone_page.check_page("phq9-from-the-list")
    heading = page.get_by_role("heading", level=1)
    assert heading.inner_text() == "Patient Health Questionnaire (PHQ\u20119)"
    # On a phone the abbreviation stays on one line: "PHQ-" never ends a line above "9".
    tops = heading.evaluate(
        """e => {
            const text = e.firstChild, s = text.textContent, p = s.indexOf("PHQ"), n = s.indexOf("9", p);
            const top = (i) => { const r = document.createRange(); r.setStart(text, i); r.setEnd(text, i + 1);
                                 return r.getBoundingClientRect().top; };
            return [top(p), top(n)];
        }"""
    )
    assert tops[0] == tops[1], tops
    for number, value in ((1, "1"), (2, "2"), (3, "0"), (4, "3")):
        page.locator(f'input[name="q{number}"][value="{value}"]').check()
    page.get_by_role("button", name="Save and come back later").click()
    phone_page.check_page("phq9-saved-half-way")
    assert page.get_by_text("Your answers are saved (4 of 10 questions)").is_visible()

    # She closes the page; later she opens the link from her text again in a fresh browser session.
    page.context.clear_cookies()
    page.goto("about:blank")
    assert open_link("set-back-again") == 200
    assert page.get_by_text("Started", exact=True).is_visible()
    assert page.get_by_text("4 of 10 answered").is_visible()
    assert page.get_by_role("button", name="Carry on").is_visible()
    page.get_by_role("link", name="Patient Health Questionnaire (PHQ\u20119)").click()
    for number, value in ((1, "1"), (2, "2"), (3, "0"), (4, "3")):
        assert page.locator(f'input[name="q{number}"][value="{value}"]').is_checked(), number
    assert not page.locator('input[name="q5"]:checked').count()

    for number in range(5, 10):
        page.locator(f'input[name="q{number}"][value="0"]').check()
    difficulty = page.locator('input[name="difficulty"]')
    if difficulty.count():
        difficulty.first.check()
    page.get_by_role("button", name="Send my answers").click()
    page.wait_for_url("**?sent=phq-9")
    phone_page.check_page("phq9-sent-back-to-the-list")
    assert page.get_by_text("Your answers to Patient Health Questionnaire (PHQ\u20119) have been sent").is_visible()
    assert page.get_by_role("heading", name=f"1 of {len(DEFAULT_QUESTIONNAIRES)} done").is_visible()
    assert page.get_by_text("Done", exact=True).count() == 1
    response = Response.objects.get(invitation=invitation)
    assert response.completed_at is not None and response.total == 6  # 1 + 2 + 0 + 3 + five 0s
    assert QuestionnaireInvitation.objects.get(pk=invitation.pk).completed_at is not None

    # The questionnaire's own address again, after sending: 410 Gone, with a clear message.
    phq9 = reverse("outcomes:set_answer", args=[set_token(questionnaire_set), "phq-9"])
    assert open_link("phq9-after-sending", phq9) == 410
    assert page.get_by_text("You have already answered this questionnaire").is_visible()
    assert page.get_by_role("link", name="Back to all your questionnaires").is_visible()


def test_a_link_sent_before_sets_still_opens_its_questionnaire(phone_page, service):
    member = member_of(service, preferred_name="Olly Oldlink")
    invitation = invitation_create(
        member=member, service=service, questionnaire_id="gad-7", timepoint="baseline", due_on=timezone.localdate()
    )
    response = phone_page.page.goto(
        phone_page.base_url + reverse("outcomes:answer_by_link", args=[invitation_token(invitation)])
    )
    phone_page.check_page("single-link")
    assert response.status == 200
    assert phone_page.page.get_by_role("heading", level=1).inner_text().endswith("(GAD\u20117)")


def _scored(enrolment, questionnaire_id, timepoint, total):
    # Joining plans the invitations already (after commit, as here); make any missing one and answer it.
    invitation, _ = QuestionnaireInvitation.objects.get_or_create(
        enrolment=enrolment,
        questionnaire_id=questionnaire_id,
        timepoint=timepoint,
        defaults={
            "member": enrolment.user,
            "service": enrolment.programme.service,
            "due_on": timezone.localdate(),
            "expires_at": timezone.now() + dt.timedelta(days=28),
            "token_hash": f"browser-{enrolment.pk}-{questionnaire_id}-{timepoint}",
        },
    )
    invitation.completed_at = timezone.now()
    invitation.save(update_fields=["completed_at"])
    Response.objects.create(
        invitation=invitation,
        member=enrolment.user,
        service=invitation.service,
        questionnaire_id=questionnaire_id,
        questionnaire_version="1",
        completed_at=timezone.now(),
        total=total,
    )


def _seed_outcomes(service, clinician):
    programme = make_programme(service, clinician, start=dt.date(2025, 1, 6))
    group = PeerGroup.objects.create(
        service=service, programme=programme, name="Tuesday group", status="active", formed_on=dt.date(2025, 4, 1)
    )
    meetings = []
    for number in range(4):
        start = timezone.now() - dt.timedelta(days=14 * (number + 1))
        meetings.append(
            Meeting.objects.create(
                group=group, starts_at=start, ends_at=start + dt.timedelta(hours=2), status=Meeting.Status.HELD
            )
        )
    for index in range(14):
        enrolment = join(programme, preferred_name=f"Person {index}")
        attender = index < 7
        _scored(enrolment, "pseq-10", "baseline", 20 + index % 5)
        _scored(enrolment, "pseq-10", "6m", 30 + index % 4 if attender else 22 + index % 3)
        _scored(enrolment, "phq-9", "baseline", 14 + index % 3)
        _scored(enrolment, "phq-9", "3m", 9 + index % 4 if attender else 12 + index % 4)
        if index < 3:
            _scored(enrolment, "gad-7", "baseline", 12)
            _scored(enrolment, "gad-7", "6m", 8)
        if attender:
            for meeting in meetings:
                Attendance.objects.create(meeting=meeting, user=enrolment.user, attended=True)


def test_clinician_reads_insights_and_researcher_downloads_fhir(browser_page, service, clinician, researcher):
    from followon.accounts.services import consent_notices_ensure, consent_record

    call_command("import_groups", str(TABLE2), "--service", service.slug, stdout=StringIO())
    _seed_outcomes(service, clinician)
    page = browser_page.page

    staff_sign_in(browser_page, clinician)
    page.get_by_role("link", name="Insights").click()
    browser_page.check_page("insights-dashboard")
    assert page.get_by_role("heading", name="Group survival").is_visible()
    assert page.get_by_role("heading", name="Outcome change: attended follow-on groups or not").is_visible()
    assert page.locator("svg.app-chart").count() == 6  # survival + five outcome panels
    assert page.get_by_text("Under 5: hidden").first.is_visible()  # GAD-7: three people
    page.get_by_role("button", name="Sign out").click()
    browser_page.check_page("signed-out")

    consent_notices_ensure(service=service)
    consented = member_of(service, preferred_name="Rita Research")
    consent_record(user=consented, service=service, kind="research", decision="given")
    invitation = invitation_create(
        member=consented, service=service, questionnaire_id="gad-7", timepoint="baseline", due_on=timezone.localdate()
    )
    from followon.outcomes.services import answer_save, response_complete

    for number in range(1, 8):
        answer_save(invitation=invitation, item_id=f"q{number}", raw="1")
    response_complete(invitation=invitation)

    staff_sign_in(browser_page, researcher)
    page.get_by_role("link", name="Research export").click()
    browser_page.check_page("research-export")
    page.get_by_role("button", name="Download CSV").click()
    browser_page.check_page("research-export-no-project")
    assert page.get_by_text("Enter a project code").first.is_visible()
    page.get_by_label("Project code").fill("PMP-FG-2025")
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Download FHIR JSON").click()
    download = download_info.value
    assert download.suggested_filename.endswith("-fhir.json")
    bundle = json.loads(Path(download.path()).read_text())
    assert bundle["resourceType"] == "Bundle" and bundle["type"] == "collection"
    responses = [e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == "QuestionnaireResponse"]
    assert len(responses) == 1 and "Rita" not in json.dumps(bundle)
    assert AuditEvent.objects.filter(action="insights.research_export", actor=researcher).count() == 1
