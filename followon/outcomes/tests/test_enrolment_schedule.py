"""Joining a programme plans the member's outcome questionnaires (baseline at enrolment), once."""

import pytest
from django.utils import timezone

from followon.outcomes.models import QuestionnaireInvitation
from followon.outcomes.services import DEFAULT_QUESTIONNAIRES, FOLLOW_UP_ONLY
from followon.outcomes.tasks import schedule_for_enrolment
from followon.programmes import services as programme_services
from followon.programmes.tests.factories import join, make_programme

pytestmark = pytest.mark.django_db

PER_ENROLMENT = len(DEFAULT_QUESTIONNAIRES) + 4 * (len(DEFAULT_QUESTIONNAIRES) + len(FOLLOW_UP_ONLY))


def test_joining_plans_baseline_and_follow_ups_after_commit(service, clinician, django_capture_on_commit_callbacks):
    programme = make_programme(service, clinician)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        enrolment = join(programme)
        assert not QuestionnaireInvitation.objects.exists()  # nothing until the join is committed
    # The join queues one callback, the planning. Running it may queue more of its own (the
    # baseline invitation is sent at once outside quiet hours), so the count depends on the hour.
    assert "schedule_for_enrolment" in callbacks[0].__qualname__
    assert sum("schedule_for_enrolment" in c.__qualname__ for c in callbacks) == 1
    invitations = QuestionnaireInvitation.objects.filter(enrolment=enrolment)
    assert invitations.count() == PER_ENROLMENT
    baseline = invitations.filter(timepoint="baseline")
    assert set(baseline.values_list("questionnaire_id", flat=True)) == set(DEFAULT_QUESTIONNAIRES)
    assert set(baseline.values_list("due_on", flat=True)) == {timezone.localdate()}
    assert set(invitations.values_list("member_id", flat=True)) == {enrolment.user_id}
    assert set(invitations.values_list("timepoint", flat=True)) == {"baseline", "end", "3m", "6m", "12m"}

    # Joining again (an accepted invitation after a direct add, say) plans nothing more.
    with django_capture_on_commit_callbacks(execute=True):
        programme_services.enrolment_add(programme=programme, user=enrolment.user)
    assert invitations.count() == PER_ENROLMENT
    assert schedule_for_enrolment.call(enrolment.pk) == 0


def test_withdrawn_before_the_task_runs_plans_nothing(service, clinician, django_capture_on_commit_callbacks):
    programme = make_programme(service, clinician)
    enrolment = join(programme)  # on-commit callbacks not run here
    programme_services.enrolment_withdraw(enrolment=enrolment, actor=clinician)
    assert schedule_for_enrolment.call(enrolment.pk) == 0
    assert not QuestionnaireInvitation.objects.exists()


def test_join_plans_on_commit_only(service, clinician, django_capture_on_commit_callbacks):
    programme = make_programme(service, clinician)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        join(programme)
    assert len(callbacks) == 1  # queued for commit only; a rollback drops it
    assert not QuestionnaireInvitation.objects.exists()
