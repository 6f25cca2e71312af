import re
from datetime import date, time, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from followon.accounts.models import ConsentKind, Invitation
from followon.accounts.services import consent_withdraw, invitation_accept
from followon.accounts.tests.factories import UserFactory
from followon.core.formatting import LONDON
from followon.core.links import token_hash
from followon.core.models import AuditEvent
from followon.notifications.models import OutboundMessage
from followon.programmes import selectors, services
from followon.programmes.models import ContactConsent, Enrolment, MemberLink, ProtocolStep
from followon.programmes.tests.factories import answer, finished_programme, join, make_programme, share

pytestmark = pytest.mark.django_db


def create(service, clinician, **overrides):
    kwargs = {
        "service": service,
        "created_by": clinician,
        "title": "Spring PMP",
        "venue": "Southmead",
        "start_date": timezone.localdate() + timedelta(days=3),
        "session_count": 10,
        "session_start_time": time(10, 0),
        "session_length_minutes": 180,
        "facilitators": [clinician],
        "ptvs": [],
    }
    kwargs.update(overrides)
    return services.programme_create(**kwargs)


class TestProgrammeCreate:
    def test_generates_weekly_sessions_in_london_time_across_a_clock_change(self, service, clinician):
        programme = create(service, clinician, start_date=date(2099, 3, 16), today=date(2099, 1, 1))
        sessions = list(programme.sessions.order_by("number"))
        assert [s.number for s in sessions] == list(range(1, 11))
        assert all(s.starts_at.astimezone(LONDON).time() == time(10, 0) for s in sessions)
        assert sessions[1].starts_at.astimezone(LONDON).date() == date(2099, 3, 23)
        assert all(s.ends_at - s.starts_at == timedelta(hours=3) for s in sessions)

    def test_copies_the_services_protocol_as_a_checklist_relative_to_the_end(self, service, clinician):
        programme = create(service, clinician)
        steps = list(programme.protocol_steps.all())
        assert {s.sessions_before_end for s in steps} == {1, 2, 3}
        assert {s.session_number for s in steps} == {7, 8, 9}
        assert AuditEvent.objects.filter(action="programme.created", target_id=str(programme.public_id)).exists()

    def test_refuses_a_start_date_in_the_past(self, service, clinician):
        with pytest.raises(ValidationError) as error:
            create(service, clinician, start_date=timezone.localdate() - timedelta(days=1))
        assert error.value.message_dict["start_date"] == ["The start date must be today or in the future"]

    @pytest.mark.parametrize("count", [6, 13])
    def test_an_unusual_number_of_sessions_needs_confirmation_not_refusal(self, service, clinician, count):
        with pytest.raises(ValidationError) as error:
            create(service, clinician, session_count=count)
        assert "usually have 8 to 12" in error.value.message_dict["session_count"][0]
        programme = create(service, clinician, session_count=count, confirm_unusual_session_count=True)
        assert programme.sessions.count() == count

    def test_refuses_staff_from_another_service(self, service, clinician, other_clinician):
        with pytest.raises(ValidationError) as error:
            create(service, clinician, facilitators=[other_clinician])
        assert "facilitators" in error.value.message_dict

    def test_ptvs_must_hold_the_ptv_role(self, service, clinician):
        with pytest.raises(ValidationError) as error:
            create(service, clinician, ptvs=[clinician])
        assert "ptvs" in error.value.message_dict


class TestSessions:
    def test_a_session_can_move_for_a_bank_holiday(self, service, clinician):
        programme = create(service, clinician)
        session = programme.sessions.get(number=3)
        new_day = session.starts_at.astimezone(LONDON).date() + timedelta(days=1)
        services.session_move(session=session, moved_by=clinician, day=new_day, start_time=time(13, 30))
        session.refresh_from_db()
        assert session.moved
        assert session.starts_at.astimezone(LONDON).date() == new_day
        assert session.ends_at - session.starts_at == timedelta(hours=3)

    def test_a_session_cannot_jump_past_its_neighbour(self, service, clinician):
        programme = create(service, clinician)
        session = programme.sessions.get(number=3)
        later = programme.sessions.get(number=4).starts_at.astimezone(LONDON).date() + timedelta(days=1)
        with pytest.raises(ValidationError) as error:
            services.session_move(session=session, moved_by=clinician, day=later, start_time=time(10, 0))
        assert "must be before session 4" in error.value.message_dict["day"][0]

    def test_changing_the_count_adds_or_removes_sessions_at_the_end(self, service, clinician):
        programme = create(service, clinician)
        services.programme_update(
            programme=programme,
            updated_by=clinician,
            title="Spring PMP",
            venue="Southmead",
            session_count=12,
            session_length_minutes=150,
            facilitators=[clinician],
        )
        sessions = list(programme.sessions.order_by("number"))
        assert len(sessions) == 12
        assert sessions[11].starts_at - sessions[10].starts_at == timedelta(weeks=1)
        assert all(s.ends_at - s.starts_at == timedelta(minutes=150) for s in sessions)
        services.programme_update(
            programme=programme,
            updated_by=clinician,
            title="Spring PMP",
            venue="Southmead",
            session_count=9,
            session_length_minutes=150,
            facilitators=[clinician],
        )
        assert programme.sessions.count() == 9


class TestEnrolment:
    def test_inviting_sends_a_programme_invitation_through_accounts(self, service, clinician):
        programme = create(service, clinician)
        enrolment, created = services.enrolment_invite(
            programme=programme, invited_by=clinician, name="Ann", mobile="07700 900 001"
        )
        assert created and enrolment.mobile == "+447700900001" and enrolment.status == "invited"
        invitation = Invitation.objects.get(target_public_id=programme.public_id)
        assert invitation.purpose == "programme" and invitation.mobile == "+447700900001"
        assert OutboundMessage.objects.filter(template="invitation", to_address="+447700900001").exists()

    def test_accepting_the_invitation_enrols_the_new_member(self, service, clinician):
        programme = create(service, clinician)
        enrolment, _ = services.enrolment_invite(
            programme=programme, invited_by=clinician, name="Ann", mobile="07911 200001"
        )
        body = OutboundMessage.objects.get(template="invitation").body
        token = re.search(r"/invitations/([^/\s]+)/", body)[1]
        _invitation, user = invitation_accept(token=token)
        enrolment.refresh_from_db()
        assert enrolment.user == user and enrolment.status == "joined"
        assert user.mobile == "+447911200001" and user.preferred_name == "Ann"
        assert programme.enrolments.count() == 1
        assert [e.programme for e in selectors.member_enrolments(user)] == [programme]

    def test_duplicates_are_merged_not_doubled(self, service, clinician):
        programme = create(service, clinician)
        first, _ = services.enrolment_invite(
            programme=programme, invited_by=clinician, name="Ann", mobile="07700900001"
        )
        again, created = services.enrolment_invite(
            programme=programme, invited_by=clinician, name="Ann B", mobile="+44 7700 900001", email="ann@example.test"
        )
        assert again.pk == first.pk and not created
        assert again.email == "ann@example.test"
        assert programme.enrolments.count() == 1
        assert Invitation.objects.filter(target_public_id=programme.public_id).count() == 1

    def test_bad_contact_details_get_nhs_style_messages(self, service, clinician):
        programme = create(service, clinician)
        with pytest.raises(ValidationError) as error:
            services.enrolment_invite(programme=programme, invited_by=clinician, name="", mobile="12", email="x@")
        assert error.value.message_dict == {
            "name": ["Enter the participant's name"],
            "mobile": ["Enter a mobile phone number in the correct format, like 07700 900 982"],
            "email": ["Enter an email address in the correct format, like name@example.com"],
        }

    def test_a_ptv_cannot_send_invitations(self, service, clinician, ptv):
        programme = create(service, clinician)
        with pytest.raises(PermissionDenied):
            services.enrolment_invite(programme=programme, invited_by=ptv, name="Ann", mobile="07700900001")
        assert not programme.enrolments.exists()

    def test_enrolment_add_links_the_waiting_roster_entry(self, service, clinician):
        programme = create(service, clinician)
        waiting, _ = services.enrolment_invite(
            programme=programme, invited_by=clinician, name="Ann", email="ann@example.test"
        )
        user = UserFactory(email="ann@example.test", mobile=None)
        enrolment = join(programme, user)
        assert enrolment.pk == waiting.pk and enrolment.status == "joined"

    def test_withdrawing_stops_sharing_and_links(self, service, clinician):
        programme = create(service, clinician)
        enrolment = join(programme)
        share(enrolment, "name")
        _link, token = services.member_link_issue(enrolment=enrolment, purpose=MemberLink.Purpose.INTEREST)
        services.enrolment_withdraw(enrolment=enrolment, actor=clinician)
        assert not enrolment.contact_consents.filter(withdrawn_at__isnull=True).exists()
        assert selectors.member_link_find(token, MemberLink.Purpose.INTEREST) is None


class TestMemberLinks:
    def test_a_token_is_random_carries_no_data_and_is_stored_only_as_a_hash(self, service, clinician):
        enrolment = join(create(service, clinician), preferred_name="Ann", email="ann@example.test")
        link, token = services.member_link_issue(enrolment=enrolment, purpose=MemberLink.Purpose.INTEREST)
        assert len(token) >= 32
        assert token not in link.token_hash and link.token_hash == token_hash(token)
        for personal in ["ann", str(enrolment.public_id), str(enrolment.user.public_id), "+44"]:
            assert personal.lower() not in token.lower()
        assert selectors.member_link_find(token, MemberLink.Purpose.INTEREST) == link

    def test_a_link_expires(self, service, clinician):
        enrolment = join(create(service, clinician))
        link, token = services.member_link_issue(enrolment=enrolment, purpose=MemberLink.Purpose.INTEREST)
        MemberLink.objects.filter(pk=link.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
        assert selectors.member_link_find(token, MemberLink.Purpose.INTEREST) is None

    def test_a_newer_link_replaces_the_older_one(self, service, clinician):
        enrolment = join(create(service, clinician))
        _old, old_token = services.member_link_issue(enrolment=enrolment, purpose=MemberLink.Purpose.INTEREST)
        _new, new_token = services.member_link_issue(enrolment=enrolment, purpose=MemberLink.Purpose.INTEREST)
        assert selectors.member_link_find(old_token, MemberLink.Purpose.INTEREST) is None
        assert selectors.member_link_find(new_token, MemberLink.Purpose.INTEREST) is not None

    def test_a_link_is_bound_to_its_purpose(self, service, clinician):
        enrolment = join(create(service, clinician))
        _link, token = services.member_link_issue(enrolment=enrolment, purpose=MemberLink.Purpose.INTEREST)
        assert selectors.member_link_find(token, "something_else") is None
        assert selectors.member_link_find(token[:-1] + ("A" if token[-1] != "A" else "B"), "interest") is None

    def test_sending_the_question_texts_each_participant_who_has_not_answered(self, service, clinician):
        programme = create(service, clinician)
        waiting = join(programme)
        answered = join(programme)
        answer(answered, "no")
        assert services.interest_question_send(programme=programme, sent_by=clinician) == 1
        message = OutboundMessage.objects.get(template="interest_question")
        assert message.recipient == waiting.user and message.to_address == waiting.user.mobile
        token = message.body.split("/q/")[1].split("/")[0]
        assert selectors.member_link_find(token, MemberLink.Purpose.INTEREST).enrolment == waiting
        assert str(waiting.user.public_id) not in message.body

    def test_replying_to_the_question_by_text_answers_it_and_keeps_preferences(self, service, clinician):
        from followon.notifications.services import inbound_sms_receive

        programme = create(service, clinician)
        enrolment = join(programme, mobile="+447911123450")
        services.interest_question_send(programme=programme, sent_by=clinician)
        inbound_sms_receive(notify_id="n1", source_number="07911 123450", message="Maybe", received_at=timezone.now())
        interest = selectors.member_interest(enrolment)
        assert (interest.answer, interest.answered_via) == ("maybe", "sms_reply")
        answer(enrolment, "maybe", days=["wed"], reason="health")
        services.interest_question_send(programme=programme, sent_by=clinician)  # answered: not asked again
        assert OutboundMessage.objects.filter(template="interest_question").count() == 1

    def test_a_text_reply_only_changes_the_answer(self, service, clinician):
        programme = create(service, clinician)
        enrolment = join(programme)
        answer(enrolment, "no", reason="travel_timing", days=["mon"], places="Library")

        class Question:
            object_ref = f"enrolment:{enrolment.public_id}"

        services.interest_by_sms(user=enrolment.user, question=Question, reply="YES")
        interest = selectors.member_interest(enrolment)
        assert (interest.answer, interest.reason, interest.days, interest.places) == ("yes", "", ["mon"], "Library")
        services.interest_by_sms(user=join(programme).user, question=Question, reply="NO")  # not theirs
        assert selectors.member_interest(enrolment).answer == "yes"


class TestInterest:
    def test_an_answer_can_be_recorded_and_changed(self, service, clinician):
        enrolment = join(create(service, clinician))
        answer(enrolment, "no", reason="travel_timing")
        answer(enrolment, "yes", reason="health", days=["tue", "mon"], times_of_day=["morning"], home_outcode="bs10")
        interest = selectors.member_interest(enrolment)
        assert interest.answer == "yes" and interest.reason == ""
        assert interest.days == ["mon", "tue"] and interest.home_outcode == "BS10"

    def test_unknown_choices_are_refused(self, service, clinician):
        enrolment = join(create(service, clinician))
        with pytest.raises(ValidationError):
            answer(enrolment, "perhaps")
        with pytest.raises(ValidationError):
            answer(enrolment, "yes", days=["someday"])

    def test_a_withdrawn_participant_cannot_answer(self, service, clinician):
        enrolment = join(create(service, clinician))
        services.enrolment_withdraw(enrolment=enrolment, actor=clinician)
        with pytest.raises(PermissionDenied):
            answer(enrolment, "yes")

    def test_the_facilitator_summary_has_counts_not_answers(self, service, clinician):
        programme = create(service, clinician)
        a, b, c, _d = (join(programme) for _ in range(4))
        answer(a, "yes", days=["tue"], accessibility_needs="wheelchair user")
        answer(b, "maybe", reason="health", days=["tue", "wed"])
        answer(c, "no", reason="negativity")
        rows, summary = selectors.programme_roster(programme)
        assert summary.counts == {"yes": 1, "maybe": 1, "no": 1}
        assert summary.answered == 3 and summary.joined == 4
        assert summary.days == [("Tuesday", 2), ("Wednesday", 1)]
        assert ("Negativity in the group", 1) in summary.reasons
        assert not any(hasattr(row, "answer") or hasattr(row, "interest") for row in rows)


class TestContactSharing:
    def test_sharing_records_the_notice_version_and_the_accounts_consent(self, service, clinician):
        enrolment = join(create(service, clinician))
        share(enrolment, "name", "mobile")
        consents = ContactConsent.objects.filter(enrolment=enrolment, withdrawn_at__isnull=True)
        assert {c.field for c in consents} == {"name", "mobile"}
        assert {c.notice_version for c in consents} == {"1"}
        assert selectors.member_sharing(enrolment) == {"name", "mobile"}
        event = AuditEvent.objects.get(action="contact_sharing.changed")
        assert event.detail["granted"] == ["mobile", "name"]

    def test_a_member_sees_only_the_fields_others_share(self, service, clinician):
        programme = create(service, clinician)
        viewer = join(programme, preferred_name="Viv")
        other = join(programme, preferred_name="Ola", email="ola@example.test", mobile="+447911100123")
        share(viewer, "name")
        share(other, "email")
        contacts = selectors.programme_contact_list(viewer)
        assert len(contacts) == 1
        assert contacts[0].email == "ola@example.test"
        assert not contacts[0].name_shared and contacts[0].mobile == ""

    def test_a_member_who_shares_nothing_sees_nobody(self, service, clinician):
        programme = create(service, clinician)
        viewer = join(programme)
        share(join(programme), "name", "mobile", "email")
        assert selectors.programme_contact_list(viewer) is None

    def test_withdrawal_removes_the_contact_at_once(self, service, clinician):
        programme = create(service, clinician)
        viewer, other = join(programme), join(programme)
        share(viewer, "name")
        share(other, "name", "mobile")
        assert len(selectors.programme_contact_list(viewer)) == 1
        services.contact_sharing_set(enrolment=other, actor=other.user, fields=[])
        assert selectors.programme_contact_list(viewer) == []

    def test_withdrawing_the_service_consent_elsewhere_hides_the_contact_too(self, service, clinician):
        programme = create(service, clinician)
        viewer, other = join(programme), join(programme)
        share(viewer, "name")
        share(other, "name")
        consent_withdraw(user=other.user, service=service, kind=ConsentKind.CONTACT_SHARING)
        assert selectors.programme_contact_list(viewer) == []
        assert selectors.member_sharing(other) == set()
        share(other, "mobile")  # sharing again agrees again, with only what was ticked now
        assert selectors.member_sharing(other) == {"mobile"}

    def test_another_programmes_members_never_appear(self, service, clinician):
        mine, theirs = create(service, clinician, title="Mine"), create(service, clinician, title="Theirs")
        viewer = join(mine)
        share(viewer, "name")
        share(join(theirs, preferred_name="Stranger"), "name", "mobile")
        assert selectors.programme_contact_list(viewer) == []


class TestProtocol:
    def test_the_template_is_created_once_per_service_from_the_default(self, service, other_service):
        first = services.protocol_template_ensure(service=service)
        again = services.protocol_template_ensure(service=service)
        assert [s.pk for s in first] == [s.pk for s in again]
        assert len(services.protocol_template_ensure(service=other_service)) == len(first)

    def test_admin_edits_apply_to_new_programmes_only(self, service, service_admin, clinician):
        old = create(service, clinician)
        step = services.protocol_template_ensure(service=service)[0]
        services.protocol_template_step_save(
            service=service,
            actor=service_admin,
            step=step,
            sessions_before_end=3,
            title="Changed",
            guidance="",
            lead="ptv",
        )
        new = create(service, clinician)
        assert new.protocol_steps.filter(title="Changed").exists()
        assert not old.protocol_steps.filter(title="Changed").exists()

    def test_ticking_a_step_is_audited_and_can_be_undone(self, service, clinician):
        step = create(service, clinician).protocol_steps.first()
        services.protocol_step_mark(step=step, actor=clinician, done=True)
        assert ProtocolStep.objects.get(pk=step.pk).done_by == clinician
        services.protocol_step_mark(step=step, actor=clinician, done=False)
        assert ProtocolStep.objects.get(pk=step.pk).done_at is None
        assert list(
            AuditEvent.objects.filter(target_id=str(step.public_id)).order_by("id").values_list("action", flat=True)
        ) == ["protocol_step.done", "protocol_step.reopened"]

    def test_the_information_sheet_has_a_default_and_versions(self, service, service_admin):
        sheet = services.information_sheet_ensure(service=service)
        assert "follow-on group" in sheet.body
        sheet = services.information_sheet_update(service=service, updated_by=service_admin, title="T", body="B")
        assert sheet.version == 2

    def test_facilitators_are_prompted_the_day_before_n_minus_3_once(self, service, clinician, ptv):
        programme = create(service, clinician, ptvs=[ptv])
        n_minus_3 = programme.sessions.get(number=7).starts_at.astimezone(LONDON).date()
        day_before = n_minus_3 - timedelta(days=1)
        assert services.protocol_prompts_send(today=day_before) == 2
        assert services.protocol_prompts_send(today=day_before) == 0  # idempotent: already queued
        assert OutboundMessage.objects.filter(template="protocol_prompt").count() == 2
        assert services.protocol_prompts_send(today=day_before - timedelta(days=7)) == 0  # session 6: nothing

    def test_a_welsh_facilitator_is_prompted_in_welsh_and_an_english_one_as_before(self, service, clinician, ptv):
        # ADR 0027: each member of staff gets the prompt in their own language where the service offers it.
        service.message_languages = ["cy"]
        service.save()
        ptv.language = "cy"
        ptv.save()
        programme = create(service, clinician, ptvs=[ptv])
        session = programme.sessions.get(number=7)
        local = session.starts_at.astimezone(LONDON)
        assert services.protocol_prompts_send(today=local.date() - timedelta(days=1)) == 2
        welsh = OutboundMessage.objects.get(template="protocol_prompt", recipient=ptv)
        assert welsh.subject == "Spring PMP: trosglwyddo i'r grŵp dilynol yn sesiwn 7"
        assert welsh.body.startswith(f"Helo {ptv.display_name},\n\nMae sesiwn 7 o 10 o Spring PMP ar ")
        assert f"/cy/staff/programmes/{programme.public_id}/" in welsh.body
        assert "Gwelwch y rhestr wirio" in welsh.body
        english = OutboundMessage.objects.get(template="protocol_prompt", recipient=clinician)
        assert english.subject == "Spring PMP: follow-on group hand-over at session 7"
        assert english.body.startswith(
            f"Hello {clinician.display_name},\n\nSession 7 of 10 of Spring PMP is on {local:%-d %B %Y}. "
            "The follow-on group hand-over still has these steps for that session:\n\n- "
        )
        last_line = english.body.splitlines()[-1]
        assert last_line.startswith("See the checklist and tick steps off here: http")
        assert last_line.endswith(f"/staff/programmes/{programme.public_id}/") and "/cy/" not in english.body

    def test_the_prompt_job_is_registered_with_the_worker_and_waits_for_9am(self, monkeypatch):
        from followon.core import worker_hooks

        assert services.protocol_prompts_job in worker_hooks.JOBS
        calls = []
        monkeypatch.setattr(services.prompts, "protocol_prompts_send", lambda: calls.append(1))
        at = timezone.localtime().replace(hour=8, minute=59)
        monkeypatch.setattr(services.prompts.timezone, "localtime", lambda: at)
        services.protocol_prompts_job()
        assert calls == []
        at = at.replace(hour=9, minute=0)
        services.protocol_prompts_job()
        assert calls == [1]

    def test_sending_the_question_ticks_its_checklist_item_and_nothing_else(self, service, clinician):
        # Issue 21, item 11: the checklist ticks itself when the clinician sends the question.
        programme = create(service, clinician)
        join(programme)
        step = programme.protocol_steps.get(title="Send the follow-on group question to participants")
        assert step.ticks_when == "interest_question_sent" and step.done_at is None
        services.interest_question_send(programme=programme, sent_by=clinician)
        step.refresh_from_db()
        assert step.done_at is not None and step.done_by == clinician
        assert list(programme.protocol_steps.filter(done_at__isnull=False)) == [step]
        assert AuditEvent.objects.filter(action="protocol_step.done").count() == 1

    def test_sending_to_nobody_ticks_nothing(self, service, clinician):
        programme = create(service, clinician)
        assert services.interest_question_send(programme=programme, sent_by=clinician) == 0
        assert not programme.protocol_steps.filter(done_at__isnull=False).exists()

    def test_a_renamed_step_is_ticked_by_hand_only(self, service, service_admin, clinician):
        template = [
            s for s in services.protocol_template_ensure(service=service) if s.ticks_when == "interest_question_sent"
        ][0]
        template.ticks_when = ""  # what an admin's own step is: no event ticks it
        template.save(update_fields=["ticks_when"])
        programme = create(service, clinician)
        join(programme)
        services.interest_question_send(programme=programme, sent_by=clinician)
        assert not programme.protocol_steps.filter(done_at__isnull=False).exists()


class TestStage:
    def test_stage_follows_the_sessions(self, service, clinician):
        upcoming = create(service, clinician)
        assert selectors.programme_stage(upcoming).label == "Not started"
        done = finished_programme(service, clinician)
        assert selectors.programme_stage(done).finished
        running = make_programme(service, clinician, start=timezone.localdate() - timedelta(weeks=6, days=1))
        stage = selectors.programme_stage(running)
        assert stage.current_number == 7 and stage.next_session.number == 8


def test_a_closed_account_is_forgotten_by_the_roster(service, clinician):
    programme = create(service, clinician)
    enrolment = join(programme, preferred_name="Ann")
    share(enrolment, "name")
    answer(enrolment, "yes", accessibility_needs="wheelchair")
    services.enrolments_forget(user=enrolment.user, service=service)
    enrolment.refresh_from_db()
    assert enrolment.status == Enrolment.Status.WITHDRAWN and enrolment.name == "" and enrolment.mobile == ""
    assert selectors.member_interest(enrolment).accessibility_needs == ""
    assert selectors.member_interest(enrolment).answer == "yes"
