"""The key pages of issue 16 for a real user of the busy service of a loaded scale dataset.

Kept apart from the generator (`scale_data.py`), whose source is the data's fingerprint: changing
which pages the benchmark opens does not make a loaded database stale.
"""

from dataclasses import dataclass

from django.apps import apps

from followon.meetings.services import calendar_feed_issue


@dataclass
class BenchTargets:
    """The busy service's people and the key pages a benchmark opens (paths with their ids)."""

    member: object
    staff: dict
    pages: list  # (name, path, who): who is "member" or a staff role


def bench_targets() -> BenchTargets:
    """The key pages of issue 16 for a real user of the busy service (`scale-001`) of a loaded dataset."""
    user_model = apps.get_model("accounts.User")
    peer_group = apps.get_model("peergroups.PeerGroup")
    poll_model = apps.get_model("meetings.Poll")
    meeting_model = apps.get_model("meetings.Meeting")
    staff_role = apps.get_model("organisations.StaffRole")
    programme_model = apps.get_model("programmes.Programme")

    service = apps.get_model("organisations.PainService").objects.get(slug="scale-001")
    poll = poll_model.objects.filter(group__service=service, status="open").order_by("-id").first()
    group = peer_group.objects.get(pk=poll.group_id)
    member = user_model.objects.get(pk=poll.created_by_id)
    meeting = meeting_model.objects.filter(group=group, status="scheduled").order_by("starts_at").first()
    # Only a feed token's hash is stored, so the bench issues the member a new link with the app's own
    # writer and requests that (the generated feeds' tokens cannot be recovered from their hashes).
    feed_token = calendar_feed_issue(user=member)
    # The latest programme that has a follow-on group, so the page shows the same parts at every scale
    # (the very latest may have started days ago, before any group formed).
    programme = (
        programme_model.objects.filter(service=service, id__in=peer_group.objects.values("programme_id"))
        .order_by("-start_date", "-id")
        .first()
    )
    staff = {
        role: user_model.objects.get(pk=staff_role.objects.filter(service=service, role=role).order_by("id")[0].user_id)
        for role in ("clinician", "service_admin", "researcher")
    }
    pages = [
        ("member_home", "/", "member"),
        ("my_group", f"/my/groups/{group.public_id}/", "member"),
        ("group_board", f"/my/groups/{group.public_id}/board/", "member"),
        ("poll", f"/my/polls/{poll.public_id}/", "member"),
        ("meeting", f"/my/meetings/{meeting.public_id}/", "member"),
        ("calendar_feed", f"/calendar/{feed_token}.ics", "anonymous"),
        ("directory_search", "/network/?outcode=BS16&radius=25", "member"),
        ("directory_page", "/network/", "member"),
        ("staff_home", "/staff/", "clinician"),
        ("programme_page", f"/staff/programmes/{programme.public_id}/", "clinician"),
        ("duty_queue", "/staff/safety/queue/", "clinician"),
        ("audit_list", "/staff/audit/", "service_admin"),
        ("insights_dashboard", "/staff/insights/", "clinician"),
        ("research_export", "/staff/insights/research-export/", "researcher"),
    ]
    return BenchTargets(member=member, staff=staff, pages=pages)
