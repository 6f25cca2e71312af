"""Who may see what, for every URL of the URL conf and every role (issue 19).

The URL patterns are read from the URL conf, not listed by hand: a pattern with no rule in `RULES`
fails `test_every_url_has_a_rule` with a message saying where to add one. Each rule says how to fill
the pattern's arguments from a world of two services and three groups (objects of service A, its
group 1 and member A; a bogus token for token links) and which roles may open it. The world has a
canary string planted in each object that must not travel; `CANARY_SEEN_BY` says which roles may
ever see each one, and no response to anyone else may contain it.

For every URL and role: a GET (allowed: 2xx or a redirect that is not to a sign-in page; denied:
403, 404, 405 or a redirect to sign in), never a 5xx, never a canary the role may not see; and for
every denied role, an empty POST too, which must be refused in the same way (a view that checks only
on GET would let it act).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from followon.accounts.services import consent_notices_ensure
from followon.accounts.tests.factories import UserFactory
from followon.accounts.tests.helpers import pass_mfa
from followon.conversations.services import post_create
from followon.conversations.tests.factories import add_member
from followon.core.services import audit_record
from followon.meetings.tests.factories import meet
from followon.organisations.tests.factories import PainServiceFactory, StaffRoleFactory
from followon.peergroups.models import GroupMembership, PeerGroup
from followon.programmes.tests.factories import finished_programme, join
from followon.safety.services import concern_raise
from followon.selfcare.services.goals import goal_create

pytestmark = pytest.mark.django_db

# Roles ------------------------------------------------------------------------------------------

ANON = frozenset({"anonymous"})
GROUP_1 = frozenset({"member_a", "coordinator"})  # members of service A's group 1
MEMBERS = GROUP_1 | {"member_b"}  # member B is in group 2 of the same service and programme
STAFF_A = frozenset({"ptv", "clinician", "service_admin", "researcher"})
STAFF = STAFF_A | {"other_staff"}  # other_staff: a clinician of service B only
SIGNED_IN = MEMBERS | STAFF
EVERYONE = SIGNED_IN | ANON
ROLES = sorted(EVERYONE)
NOBODY = frozenset()
ANY_STATUS = None  # token links with a bogus token: any status below 500, canaries still checked


def only(*roles):
    return frozenset(roles)


# Canaries: where each may travel --------------------------------------------------------------

CANARY_SEEN_BY = {
    # Board posts: members of that group only, never staff (product principle 1).
    "CANARY-POST-G1": GROUP_1,
    "CANARY-POST-G2": only("member_b"),
    "CANARY-POST-G3": NOBODY,
    # Group names: the group's service's staff and the programme's participants.
    "CANARY-GROUP-1": MEMBERS | STAFF_A,
    "CANARY-GROUP-2": MEMBERS | STAFF_A,
    "CANARY-GROUP-3": only("other_staff"),
    "CANARY-PROGRAMME-A": MEMBERS | STAFF_A,
    "CANARY-PROGRAMME-B": only("other_staff"),
    # Member A's own things.
    "CANARY-GOAL-A": only("member_a"),
    "CANARY-CONCERN-A": only("clinician", "service_admin"),
}


@dataclass
class World:
    service_a: object
    service_b: object
    users: dict
    group_1: PeerGroup
    group_3: PeerGroup
    programme_a: object
    objects: dict = field(default_factory=dict)


def build_world() -> World:
    service_a = PainServiceFactory(name="Matrix A Pain Service", slug="matrix-a")
    service_b = PainServiceFactory(name="Matrix B Pain Service", slug="matrix-b")
    for service in (service_a, service_b):
        consent_notices_ensure(service=service)
    users = {}
    for role, service in [
        ("ptv", service_a),
        ("clinician", service_a),
        ("service_admin", service_a),
        ("researcher", service_a),
        ("other_staff", service_b),
    ]:
        user = UserFactory(preferred_name=f"Staff {role}")
        StaffRoleFactory(service=service, user=user, role="clinician" if role == "other_staff" else role)
        users[role] = user
    programme_a = finished_programme(service_a, users["clinician"], ptvs=[users["ptv"]], title="CANARY-PROGRAMME-A")
    other_clinician = users["other_staff"]
    programme_b = finished_programme(service_b, other_clinician, title="CANARY-PROGRAMME-B")
    group_1 = PeerGroup.objects.create(service=service_a, programme=programme_a, name="CANARY-GROUP-1", status="active")
    group_2 = PeerGroup.objects.create(service=service_a, programme=programme_a, name="CANARY-GROUP-2", status="active")
    group_3 = PeerGroup.objects.create(service=service_b, programme=programme_b, name="CANARY-GROUP-3", status="active")
    for role, group, coordinator in [
        ("member_a", group_1, False),
        ("coordinator", group_1, True),
        ("member_b", group_2, False),
    ]:
        user = join(programme_a, preferred_name=f"Member {role}").user
        add_member(group, user, coordinator=coordinator)
        users[role] = user
    member_c = join(programme_b, preferred_name="Member C").user
    add_member(group_3, member_c)
    posts = {}
    for group, author, text in [
        (group_1, users["member_a"], "CANARY-POST-G1 see you all on Tuesday"),
        (group_2, users["member_b"], "CANARY-POST-G2 the cafe was lovely"),
        (group_3, member_c, "CANARY-POST-G3 who is coming on Friday"),
    ]:
        posts[group.pk] = post_create(group=group, author=author, body=text).post
    goal = goal_create(owner=users["member_a"], what="CANARY-GOAL-A walk to the shop", confidence=7)
    concern, _ = concern_raise(
        service=service_a,
        member=users["member_a"],
        raised_by=users["member_a"],
        source="self",
        level="concern",
        text="CANARY-CONCERN-A",
    )
    meeting = meet(group_1, users["coordinator"], [users["coordinator"], users["member_a"]], days_ago=3)
    event = audit_record(actor=users["clinician"], action="group.viewed", target=group_1)
    world = World(service_a, service_b, users, group_1, group_3, programme_a)
    world.objects = {
        "post": posts[group_1.pk],
        "goal": goal,
        "concern": concern,
        "meeting": meeting,
        "audit": event,
        "membership_a": GroupMembership.objects.get(group=group_1, user=users["member_a"]),
        "enrolment_a": programme_a.enrolments.get(user=users["member_a"]),
    }
    return world


# Rules ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Rule:
    allowed: frozenset | None  # who may GET it (POST-only views: NOBODY, every GET is a 405)
    kwargs: object = None  # world -> dict of URL arguments
    post: frozenset | None = None  # who may POST to it, when not the same as `allowed`

    @property
    def may_post(self) -> frozenset:
        return self.allowed if self.post is None else self.post


def _missing(**extra):
    """Arguments naming an object that does not exist (every role gets a 404)."""
    return lambda world: {key: (uuid.uuid4() if value is uuid else value) for key, value in extra.items()}


G1 = lambda w: {"public_id": w.group_1.public_id}  # noqa: E731
PROG_A = lambda w: {"public_id": w.programme_a.public_id}  # noqa: E731
TOKEN = lambda w: {"token": "not-a-real-token-0000000000"}  # noqa: E731
POST_G1 = lambda w: {"public_id": w.group_1.public_id, "post_id": w.objects["post"].public_id}  # noqa: E731
GOAL = lambda w: {"public_id": w.objects["goal"].public_id}  # noqa: E731
MEETING = lambda w: {"public_id": w.objects["meeting"].public_id}  # noqa: E731
MANAGERS_A = only("clinician", "service_admin")
VIEWERS_A = only("clinician", "service_admin", "ptv")
MANAGERS = MANAGERS_A | {"other_staff"}  # clinicians and administrators, of either service

RULES: dict[str, Rule] = {
    # Public pages
    "core:need-help": Rule(EVERYONE),
    "core:accessibility": Rule(EVERYONE),
    "core:privacy": Rule(EVERYONE),
    "core:healthz": Rule(EVERYONE),
    "home:index": Rule(EVERYONE),
    # The demo phone exists only in the demo profile (settings/local.py): a 404 for everyone here.
    "home:demo-phone": Rule(NOBODY),
    "home:demo-phone-member": Rule(NOBODY, _missing(public_id=uuid)),
    "identity:jwks": Rule(EVERYONE),
    "accounts:signed-out": Rule(EVERYONE),
    # Signing in: anyone may open the pages
    "accounts:sign-in": Rule(ANY_STATUS),
    "accounts:sign-in-code": Rule(ANY_STATUS),
    "accounts:staff-sign-in": Rule(ANY_STATUS),
    "accounts:staff-mfa": Rule(ANY_STATUS),
    "accounts:sign-out": Rule(ANY_STATUS),
    "accounts:nhs-login": Rule(ANY_STATUS),
    "accounts:nhs-login-callback": Rule(ANY_STATUS),
    "accounts:nhs-login-confirm": Rule(ANY_STATUS),
    "accounts:cis2": Rule(ANY_STATUS),
    "accounts:cis2-callback": Rule(ANY_STATUS),
    "account_request_login_code": Rule(ANY_STATUS),
    "account_confirm_login_code": Rule(ANY_STATUS),
    "account_login": Rule(ANY_STATUS),
    "account_logout": Rule(ANY_STATUS),
    "mfa_authenticate": Rule(ANY_STATUS),
    # Token links (a bogus token)
    "accounts:invitation-accept": Rule(ANY_STATUS, TOKEN),
    "accounts:invitation-nhs-login": Rule(ANY_STATUS, TOKEN),
    "accounts:cis2-link": Rule(ANY_STATUS, TOKEN),
    "accounts:cis2-link-start": Rule(ANY_STATUS, TOKEN),
    "programmes:interest-link": Rule(ANY_STATUS, TOKEN),
    "meetings:poll-link": Rule(ANY_STATUS, TOKEN),
    "meetings:feed": Rule(ANY_STATUS, TOKEN),
    "outcomes:answer_by_link": Rule(ANY_STATUS, TOKEN),
    "outcomes:set_by_link": Rule(ANY_STATUS, TOKEN),
    "outcomes:set_answer": Rule(ANY_STATUS, lambda w: {"token": "not-a-real-token-0", "questionnaire_id": "phq-9"}),
    # Notify callbacks (bearer-authenticated POSTs)
    "notifications:notify-delivery-receipt": Rule(ANY_STATUS),
    "notifications:notify-received-text": Rule(ANY_STATUS),
    # Member pages of their own account
    "accounts:my-account": Rule(SIGNED_IN),
    "accounts:my-account-nhs-login": Rule(ANY_STATUS),
    "accounts:my-data": Rule(SIGNED_IN),
    "accounts:my-data-download": Rule(SIGNED_IN),
    "accounts:close-account": Rule(MEMBERS),
    "accounts:choices": Rule(SIGNED_IN),
    "accounts:consent-decide": Rule(
        MEMBERS, lambda w: {"service_public_id": w.service_a.public_id, "kind": "research"}
    ),
    "accounts:consent-withdraw": Rule(
        NOBODY, lambda w: {"service_public_id": w.service_a.public_id, "kind": "research"}, post=MEMBERS
    ),
    "notifications:preferences": Rule(SIGNED_IN),
    "accounts:choose-language": Rule(NOBODY, post=SIGNED_IN),
    # Staff: accounts and identity
    "accounts:security": Rule(STAFF),
    "accounts:invitation-list": Rule(MANAGERS),
    "accounts:invitation-new": Rule(MANAGERS),
    "accounts:invitation-detail": Rule(NOBODY, _missing(public_id=uuid)),
    "accounts:invitation-resend": Rule(NOBODY, _missing(public_id=uuid)),
    "accounts:invitation-revoke": Rule(NOBODY, _missing(public_id=uuid)),
    "accounts:notice-list": Rule(only("service_admin")),
    "accounts:notice-edit": Rule(only("service_admin"), lambda w: {"kind": "privacy"}),
    "accounts:closure-list": Rule(only("service_admin")),
    "accounts:closure-detail": Rule(NOBODY, _missing(public_id=uuid)),
    "mfa_index": Rule(STAFF),
    "mfa_activate_totp": Rule(STAFF),
    "mfa_deactivate_totp": Rule(STAFF),
    "mfa_view_recovery_codes": Rule(NOBODY),  # a 404 until recovery codes are made
    "mfa_generate_recovery_codes": Rule(STAFF),
    "account_reauthenticate": Rule(STAFF),
    "mfa_reauthenticate": Rule(STAFF),
    "identity:staff-links": Rule(only("service_admin")),
    "identity:staff-link-invite": Rule(NOBODY, _missing(public_id=uuid)),
    "identity:staff-link-remove": Rule(NOBODY, _missing(public_id=uuid)),
    "identity:staff-link-cancel": Rule(NOBODY, _missing(public_id=uuid)),
    # Staff: service, audit
    "home:staff-home": Rule(STAFF),
    "home:service-detail": Rule(STAFF),
    "core:switch-service": Rule(NOBODY),
    "core:audit-list": Rule(MANAGERS_A | {"other_staff"}),
    "core:audit-detail": Rule(MANAGERS_A, lambda w: {"public_id": w.objects["audit"].public_id}),
    # Programmes
    "programmes:staff-list": Rule(STAFF - {"researcher"}),
    "programmes:staff-create": Rule(MANAGERS),
    "programmes:staff-detail": Rule(VIEWERS_A, PROG_A),
    "programmes:staff-edit": Rule(MANAGERS_A, PROG_A),
    "programmes:staff-sessions": Rule(VIEWERS_A, PROG_A),
    "programmes:staff-session-move": Rule(MANAGERS_A, lambda w: {"public_id": w.programme_a.public_id, "number": 1}),
    "programmes:staff-protocol-step": Rule(
        NOBODY, lambda w: {"public_id": w.programme_a.public_id, "step_id": uuid.uuid4()}
    ),
    "programmes:staff-interest-send": Rule(MANAGERS_A, PROG_A),
    "programmes:staff-invite": Rule(MANAGERS_A, PROG_A),
    "programmes:staff-upload": Rule(MANAGERS_A, PROG_A),
    "programmes:staff-upload-preview": Rule(
        NOBODY, lambda w: {"public_id": w.programme_a.public_id, "upload_id": uuid.uuid4()}
    ),
    "programmes:staff-withdraw": Rule(
        MANAGERS_A, lambda w: {"public_id": w.programme_a.public_id, "enrolment_id": w.objects["enrolment_a"].public_id}
    ),
    "programmes:admin-protocol": Rule(only("service_admin")),
    "programmes:admin-protocol-add": Rule(only("service_admin")),
    "programmes:admin-protocol-step": Rule(NOBODY, _missing(step_id=uuid)),
    "programmes:admin-protocol-delete": Rule(NOBODY, _missing(step_id=uuid)),
    "programmes:admin-information-sheet": Rule(only("service_admin")),
    "programmes:my-programmes": Rule(SIGNED_IN),
    "programmes:my-programme": Rule(MEMBERS, PROG_A),
    "programmes:my-interest": Rule(MEMBERS, PROG_A),
    "programmes:my-contacts": Rule(MEMBERS, PROG_A),
    "programmes:my-contact-sharing": Rule(MEMBERS, PROG_A),
    # Groups
    "peergroups:staff-list": Rule(STAFF - {"researcher"}),
    "peergroups:staff-detail": Rule(VIEWERS_A, G1),
    "peergroups:staff-status": Rule(MANAGERS_A, G1),
    "peergroups:staff-remove": Rule(
        MANAGERS_A, lambda w: {"public_id": w.group_1.public_id, "membership_id": w.objects["membership_a"].public_id}
    ),
    "peergroups:staff-new": Rule(VIEWERS_A, lambda w: {"programme_id": w.programme_a.public_id}),
    "peergroups:my-groups": Rule(SIGNED_IN),
    "peergroups:member-detail": Rule(GROUP_1, G1),
    "peergroups:member-respond": Rule(NOBODY, G1, post=GROUP_1),
    "peergroups:member-join": Rule(NOBODY, G1, post=MEMBERS),  # participants of the group's programme
    "peergroups:member-role": Rule(GROUP_1, G1),
    "peergroups:member-role-end": Rule(NOBODY, G1, post=GROUP_1),
    "peergroups:member-leave": Rule(GROUP_1, G1),
    "peergroups:member-status": Rule(only("coordinator"), G1),
    "peergroups:member-remove": Rule(
        only("coordinator"),
        lambda w: {"public_id": w.group_1.public_id, "membership_id": w.objects["membership_a"].public_id},
    ),
    # Meetings
    "meetings:group": Rule(GROUP_1, G1),
    "meetings:poll-new": Rule(only("coordinator"), G1),
    "meetings:poll-new-pattern": Rule(only("coordinator"), G1),
    "meetings:meeting-new": Rule(only("coordinator"), G1),
    "meetings:venue-new": Rule(only("coordinator"), G1),
    "meetings:plan": Rule(only("coordinator"), G1),
    "meetings:poll": Rule(NOBODY, _missing(public_id=uuid)),
    "meetings:poll-confirm": Rule(NOBODY, _missing(public_id=uuid)),
    "meetings:meeting": Rule(GROUP_1, MEETING),
    "meetings:rsvp": Rule(NOBODY, MEETING, post=GROUP_1),
    "meetings:attendance": Rule(only("coordinator"), MEETING),
    "meetings:cancel": Rule(only("coordinator"), MEETING),
    "meetings:handover": Rule(NOBODY, MEETING, post=only("coordinator")),
    "meetings:take": Rule(NOBODY, MEETING, post=GROUP_1),
    "meetings:ics": Rule(GROUP_1, MEETING),
    "meetings:my-calendar": Rule(SIGNED_IN),
    "meetings:record-member": Rule(only("coordinator"), G1),
    "meetings:record-staff": Rule(VIEWERS_A, G1),
    "meetings:staff-venues": Rule(MANAGERS),
    "meetings:staff-venue-new": Rule(MANAGERS),
    "meetings:staff-venue": Rule(NOBODY, _missing(public_id=uuid)),
    # Notifications (staff)
    "notifications:staff-failed": Rule(MANAGERS),
    "notifications:staff-retry": Rule(NOBODY, _missing(public_id=uuid)),
    "notifications:staff-replies": Rule(MANAGERS),
    "notifications:staff-text-lengths": Rule(MANAGERS),
    # Self-care
    "selfcare:hub": Rule(SIGNED_IN),
    "selfcare:goal-new": Rule(SIGNED_IN),
    "selfcare:goal-detail": Rule(only("member_a"), GOAL),
    "selfcare:goal-edit": Rule(only("member_a"), GOAL),
    "selfcare:goal-progress": Rule(NOBODY, GOAL, post=only("member_a")),
    "selfcare:goal-step-add": Rule(NOBODY, GOAL, post=only("member_a")),
    "selfcare:goal-step-toggle": Rule(NOBODY, lambda w: {"public_id": w.objects["goal"].public_id, "step_id": 999999}),
    "selfcare:goal-sharing": Rule(only("member_a"), GOAL),
    "selfcare:pacing-new": Rule(SIGNED_IN),
    "selfcare:pacing-detail": Rule(NOBODY, _missing(public_id=uuid)),
    "selfcare:pacing-sharing": Rule(NOBODY, _missing(public_id=uuid)),
    "selfcare:setback": Rule(SIGNED_IN),
    "selfcare:setback-edit": Rule(SIGNED_IN),
    "selfcare:setback-print": Rule(NOBODY),  # a 404 until the member has written a set-back plan
    "selfcare:setback-send": Rule(NOBODY),
    "selfcare:checkin": Rule(SIGNED_IN),
    "selfcare:checkin-texts": Rule(NOBODY, post=SIGNED_IN),
    "selfcare:techniques": Rule(SIGNED_IN),
    "selfcare:technique": Rule(SIGNED_IN, lambda w: {"slug": "pacing"}),
    "selfcare:group-shared": Rule(GROUP_1, G1),
    "selfcare:staff-techniques": Rule(only("service_admin")),
    "selfcare:staff-technique-edit": Rule(only("service_admin"), lambda w: {"slug": "pacing"}),
    "selfcare:staff-technique-reset": Rule(NOBODY, lambda w: {"slug": "pacing"}, post=only("service_admin")),
    # Boards
    "conversations:board": Rule(GROUP_1, G1),
    "conversations:agreement": Rule(GROUP_1, G1),
    "conversations:agreement-accept": Rule(NOBODY, G1, post=GROUP_1),
    "conversations:notice-accept": Rule(NOBODY, G1, post=GROUP_1),
    "conversations:reply": Rule(GROUP_1, POST_G1),
    "conversations:edit": Rule(only("member_a"), POST_G1),
    "conversations:delete": Rule(only("member_a"), POST_G1),
    "conversations:report": Rule(GROUP_1, POST_G1),
    "conversations:hide": Rule(NOBODY, POST_G1, post=only("coordinator")),
    "conversations:support": Rule(NOBODY, POST_G1),
    # Safety
    "safety:concern-new": Rule(SIGNED_IN),
    "safety:contact-me": Rule(NOBODY, post=SIGNED_IN),
    "safety:concern-done": Rule(only("member_a"), lambda w: {"public_id": w.objects["concern"].public_id}),
    "safety:queue": Rule(MANAGERS),
    "safety:item": Rule(MANAGERS_A, lambda w: {"public_id": w.objects["concern"].public_id}),
    "safety:item-move": Rule(
        NOBODY, lambda w: {"public_id": w.objects["concern"].public_id, "to_state": "acknowledged"}, post=MANAGERS_A
    ),
    "safety:rota": Rule(MANAGERS),
    "safety:shift-remove": Rule(NOBODY, _missing(public_id=uuid)),
    # Network
    "network:directory": Rule(MEMBERS),
    "network:listing": Rule(NOBODY, G1),
    "network:join": Rule(NOBODY, G1),
    "network:join-withdraw": Rule(NOBODY, _missing(public_id=uuid)),
    "network:help": Rule(MEMBERS),
    "network:my-events": Rule(SIGNED_IN),
    "network:my-event": Rule(NOBODY, _missing(public_id=uuid)),
    "network:group-listing": Rule(only("coordinator"), G1),
    "network:group-requests": Rule(only("coordinator"), G1),
    "network:request-decide": Rule(NOBODY, _missing(public_id=uuid)),
    "network:staff-settings": Rule(only("service_admin")),
    "network:staff-help": Rule(MANAGERS),
    "network:staff-help-suggest": Rule(NOBODY, _missing(public_id=uuid)),
    "network:staff-support": Rule(only("ptv", "service_admin")),
    "network:staff-offer": Rule(only("ptv", "service_admin"), G1),
    "network:staff-events": Rule(STAFF - {"researcher"}),
    "network:staff-event-new": Rule(MANAGERS),
    "network:staff-event": Rule(NOBODY, _missing(public_id=uuid)),
    # Outcomes and insights
    "outcomes:answer": Rule(NOBODY, _missing(public_id=uuid)),
    "insights:dashboard": Rule(MANAGERS | {"researcher"}),  # aggregates only (issue 21 item 9, ADR 0025)
    "insights:research-export": Rule(only("researcher")),
    # Benchmarks' floor page: only when `make bench` turns it on
    "bench-floor": Rule(NOBODY),
}

# The platform admin (Django admin): superusers only, none of these roles; its login page is public.
ADMIN_PUBLIC = {"admin:login", "admin:logout", "admin:jsi18n"}


def rule_for(name: str) -> Rule | None:
    if name.startswith("admin:"):
        return Rule(ANY_STATUS if name in ADMIN_PUBLIC else NOBODY, _admin_kwargs)
    return RULES.get(name)


def _admin_kwargs(world):
    return {}


# Walking the URL conf ---------------------------------------------------------------------------


def url_patterns():
    """(name, route, pattern) for every pattern, with namespaces; unnamed patterns get their route."""

    def walk(patterns, prefix="", namespace=""):
        for entry in patterns:
            if isinstance(entry, URLResolver):
                inner = ":".join(x for x in [namespace, entry.namespace or ""] if x)
                yield from walk(entry.url_patterns, prefix + str(entry.pattern), inner)
            elif isinstance(entry, URLPattern):
                route = prefix + str(entry.pattern)
                name = (
                    f"{namespace}:{entry.name}"
                    if namespace and entry.name
                    else (entry.name or f"{namespace}:<{route}>")
                )
                yield name, route, entry

    return list(walk(get_resolver().url_patterns))


def test_every_url_has_a_rule():
    missing = sorted({name for name, _route, _p in url_patterns() if rule_for(name) is None})
    assert not missing, (
        "These URL patterns have no access rule. Add each to RULES in tests/security/test_url_matrix.py "
        "(who may open it, and how to fill its arguments from the world): " + ", ".join(missing)
    )


def test_every_rule_names_a_url():
    names = {name for name, _route, _p in url_patterns()}
    stale = sorted(set(RULES) - names)
    assert not stale, f"RULES in tests/security/test_url_matrix.py names URLs that no longer exist: {stale}"


# The matrix -------------------------------------------------------------------------------------

SIGN_IN_PATHS = ("/sign-in/", "/staff/sign-in/", "/platform-admin/login/")


def signed_in_clients(world) -> dict[str, Client]:
    """A client per role of the world, signed in (staff past MFA), and an anonymous one: the matrix's and
    the page sweeps' way in."""
    clients = {"anonymous": Client()}
    for role, user in world.users.items():
        client = Client()
        client.force_login(user)
        if role in STAFF:
            pass_mfa(client, user)
        clients[role] = client
    return clients


def _is_denied(response) -> bool:
    if response.status_code in (403, 404, 405):
        return True
    return response.status_code == 302 and response["Location"].split("?")[0].startswith(SIGN_IN_PATHS)


def _url(name, route, world, rule) -> str | None:
    kwargs = rule.kwargs(world) if rule.kwargs else {}
    if name.startswith("admin:"):
        return "/" + route.replace("^", "").replace("$", "") if "<" not in route and "(" not in route else None
    return reverse(name, kwargs=kwargs)


def _leaks(body: str, role: str) -> list[str]:
    return [canary for canary, seen_by in CANARY_SEEN_BY.items() if canary in body and role not in seen_by]


def test_role_by_url_matrix(settings):
    settings.BENCH_FLOOR_ENABLED = False
    world = build_world()
    clients = signed_in_clients(world)
    problems: list[str] = []
    seen: set[str] = set()
    requests = 0
    for name, route, _pattern in url_patterns():
        rule = rule_for(name)
        if rule is None:
            continue  # test_every_url_has_a_rule reports it
        url = _url(name, route, world, rule)
        if url is None:
            continue
        for role in ROLES:
            client = clients[role]
            response = client.get(url)
            requests += 1
            body = response.content.decode(errors="replace") if not getattr(response, "streaming", False) else ""
            where = f"GET {name} ({url}) as {role}: {response.status_code}"
            if response.status_code >= 500:
                problems.append(f"{where}: server error")
            for canary in _leaks(body, role):
                problems.append(f"{where}: shows {canary}")
            seen.update(canary for canary in CANARY_SEEN_BY if canary in body)
            if rule.allowed is ANY_STATUS:
                continue
            if role in rule.allowed and _is_denied(response):
                problems.append(f"{where}: refused, but the rule allows {role}")
            elif role not in rule.allowed and not _is_denied(response):
                problems.append(f"{where}: answered, but the rule does not allow {role}")
            if role not in rule.may_post:
                posted = client.post(url, {})
                requests += 1
                if posted.status_code >= 500 or not _is_denied(posted):
                    problems.append(f"POST {name} ({url}) as {role}: {posted.status_code}, not refused")
                for canary in _leaks(posted.content.decode(errors="replace"), role):
                    problems.append(f"POST {name} ({url}) as {role}: shows {canary}")
    assert requests > 1000
    # The canaries are planted where pages show them: each one that anybody may see was seen, so a
    # leak of it would have been caught.
    # (Group 2's board is no URL's target, so its post is only ever a leak to look for.)
    unseen = sorted(c for c, roles in CANARY_SEEN_BY.items() if roles and c not in seen and c != "CANARY-POST-G2")
    assert not unseen, f"canaries never shown to anyone allowed to see them (not a real test): {unseen}"
    assert not problems, f"{len(problems)} problems in {requests} requests:\n" + "\n".join(problems)
