"""Demo programmes for `make run`: one at each stage of the hand-over.

- Spring: running, the next session is N−3 (the PTV introduces follow-on groups).
  The clinician has sent the follow-on group question; the demo member is on it
  and sees it waiting on their home: they can answer it and choose what to share.
- Autumn: finished months ago; its group formed, held meetings and the PTV
  has stepped back.
- Winter: finished two weeks ago; its group is still forming, with a
  coordinator and the PTV attached. The demo group member is in it.

Built through the real services, so the demo shows what the app would have
recorded. Idempotent: a programme that already exists is left alone.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from followon.accounts.models import ServiceMembership, User
from followon.core.formatting import LONDON
from followon.meetings.services import meeting_record
from followon.peergroups import services as group_services
from followon.peergroups.models import GroupMembership
from followon.programmes import services
from followon.programmes.models import Programme

DEMO_GROUP_MEMBER = ("jo@demo.followon.test", "+447700900101", "Jo Group-Member")

# (name, mobile, email) of the other demo participants; Ofcom drama numbers.
_PEOPLE = [
    ("Alex", "+447700900111", "alex@demo.followon.test"),
    ("Bernie", "+447700900112", ""),
    ("Carys", "+447700900113", "carys@demo.followon.test"),
    ("Dev", "+447700900114", ""),
    ("Elaine", "+447700900115", "elaine@demo.followon.test"),
    ("Femi", "+447700900116", ""),
    ("Gwen", "+447700900117", "gwen@demo.followon.test"),
    ("Hamid", "+447700900118", ""),
    ("Iris", "+447700900119", "iris@demo.followon.test"),
    ("Jack", "+447700900120", ""),
    ("Kim", "+447700900121", "kim@demo.followon.test"),
]


def _person(service, name, mobile, email) -> User:
    user = User.objects.filter(mobile=mobile).first()
    if user is None:
        user = User.objects.create_user(email=email or None, mobile=mobile, preferred_name=name)
    ServiceMembership.objects.get_or_create(service=service, user=user)
    return user


def _programme(service, clinician, ptv, *, title, venue, weeks_ago, days_ago=0, sessions=10):
    existing = Programme.objects.filter(service=service, title=title).first()
    if existing is not None:
        return existing, False
    start = timezone.localdate() - timedelta(weeks=weeks_ago, days=days_ago)
    programme = services.programme_create(
        service=service,
        created_by=clinician,
        title=title,
        venue=venue,
        start_date=start,
        session_count=sessions,
        session_start_time=time(10, 0),
        facilitators=[clinician],
        ptvs=[ptv],
        today=start,
    )
    return programme, True


def _tick_all(programme, actor, *, up_to_before_end=1):
    for step in programme.protocol_steps.filter(sessions_before_end__gte=up_to_before_end):
        services.protocol_step_mark(step=step, actor=actor, done=True)


def _meeting(group, recorder, attended, days_ago, hour=11):
    day = timezone.localdate() - timedelta(days=days_ago)
    starts_at = datetime.combine(day, time(hour, 0)).replace(tzinfo=LONDON)
    meeting_record(
        group=group,
        recorded_by=recorder,
        starts_at=starts_at,
        ends_at=starts_at + timedelta(hours=2),
        face_to_face=True,
        venue="Café at the garden centre",
        attended_user_ids={u.pk for u in attended},
    )


@transaction.atomic
def load_programme_demo(*, service, clinician, ptv, member) -> dict:
    people = [_person(service, *p) for p in _PEOPLE]
    jo = _person(service, DEMO_GROUP_MEMBER[2], DEMO_GROUP_MEMBER[1], DEMO_GROUP_MEMBER[0])

    # Running, next session N−3 (session 7 of 10 in two days' time).
    spring, created = _programme(
        service,
        clinician,
        ptv,
        title="Spring 2026 programme, Southmead",
        venue="Southmead Hospital",
        weeks_ago=5,
        days_ago=5,
    )
    if created:
        for user in [member, *people[:7]]:
            services.enrolment_add(programme=spring, user=user, added_by=clinician)
        services.enrolment_invite(programme=spring, invited_by=clinician, name="Lou", mobile="+447700900130")
        for user, answer, days in [
            (people[0], "yes", ["tue", "thu"]),
            (people[1], "maybe", ["tue"]),
            (people[2], "no", []),
        ]:
            enrolment = spring.enrolments.get(user=user)
            services.interest_record(
                enrolment=enrolment,
                actor=user,
                answer=answer,
                days=days,
                times_of_day=["morning"],
                reason="commitments" if answer == "no" else "",
            )
        for user, fields in [(people[0], ["name", "mobile"]), (people[1], ["name", "email"])]:
            services.contact_sharing_set(enrolment=spring.enrolments.get(user=user), actor=user, fields=fields)
        # The clinician has sent the follow-on group question: the demo member's home shows it
        # waiting, and by text a reply of YES, MAYBE or NO answers it (the demo phone shows both).
        services.interest_question_send(programme=spring, sent_by=clinician)

    # Finished months ago; the group formed and the PTV stepped back.
    autumn, created = _programme(
        service, clinician, ptv, title="Autumn 2025 programme, Cossham", venue="Cossham Hospital", weeks_ago=30
    )
    if created:
        cohort = people[7:11]
        for user in cohort:
            enrolment = services.enrolment_add(programme=autumn, user=user, added_by=clinician)
            services.interest_record(enrolment=enrolment, actor=user, answer="yes", days=["thu"])
            services.contact_sharing_set(enrolment=enrolment, actor=user, fields=["name", "mobile"])
        _tick_all(autumn, clinician)
        group = group_services.group_create_from_programme(
            programme=autumn,
            created_by=clinician,
            name="Thursday coffee group",
            meeting_pattern="Every other Thursday",
            area="Kingswood",
            supporter=ptv,
        )
        # The PTV has supported the group since the programme's last session, not since today.
        group.supporters.update(attached_at=autumn.sessions.order_by("-number").first().starts_at)
        _accept_all(group)
        group_services.role_take(group=group, user=cohort[0], role="coordinator")
        group_services.role_take(group=group, user=cohort[1], role="reminders")
        for days_ago in (130, 116, 102, 60, 20):
            _meeting(group, cohort[0], cohort[: 4 if days_ago != 60 else 3], days_ago)

    # Finished two weeks ago; the group is still forming.
    winter, created = _programme(
        service, clinician, ptv, title="Winter 2026 programme, Thornbury", venue="Thornbury Hospital", weeks_ago=12
    )
    if created:
        cohort = [jo, *people[3:6]]
        for user, answer in zip(cohort, ["yes", "yes", "maybe", "no"], strict=True):
            enrolment = services.enrolment_add(programme=winter, user=user, added_by=clinician)
            services.interest_record(
                enrolment=enrolment,
                actor=user,
                answer=answer,
                days=["tue"],
                times_of_day=["morning", "afternoon"],
                reason="health" if answer == "no" else "",
            )
        for user in cohort[:3]:
            services.contact_sharing_set(
                enrolment=winter.enrolments.get(user=user), actor=user, fields=["name", "mobile"]
            )
        _tick_all(winter, clinician, up_to_before_end=2)
        group = group_services.group_create_from_programme(
            programme=winter,
            created_by=clinician,
            name="Tuesday walking group",
            meeting_pattern="Tuesday mornings",
            area="Thornbury",
            supporter=ptv,
        )
        _accept_all(group, except_users=[cohort[2]])
        group_services.role_take(group=group, user=jo, role="coordinator")
    return {"spring": spring, "autumn": autumn, "winter": winter}


def _accept_all(group, except_users=()):
    skip = {u.pk for u in except_users}
    for membership in group.memberships.filter(status=GroupMembership.Status.INVITED).select_related("user"):
        if membership.user_id not in skip:
            group_services.membership_accept(membership=membership, user=membership.user)
