"""A synthetic, ten-year NHS for benchmarks: `manage.py generate_scale_data --scale S --seed N` (issue 16).

At S = 1: 250 pain services, 20,000 programme completers a year for ten years (~200k members),
~2,000 staff, ~12k follow-on groups with the study's survival shape (most fade within a year, a few
last for years), ~150k meetings with polls, RSVPs and attendance, ~3M board posts, ~3M outbox
messages each with its delivery attempt (the receipt), ~500k questionnaire responses, duty-queue
items, check-ins, goals and audit events. Everything scales linearly with S.

Why it looks like this:

- Rows go in with PostgreSQL `COPY` (psycopg 3 `cursor.copy`), never the ORM one row at a time. Ids
  are assigned here, so related rows can be written without reading anything back; the sequences are
  moved past them at the end.
- Every column the generator does not set gets the model's own default (a seeded UUID for
  `public_id`, "now" for `auto_now` fields), so the loader follows the models as they change and a
  new NOT NULL column without a default fails loudly here rather than loading bad data.
- A table's secondary indexes (those that back no constraint) are dropped before its first COPY and
  rebuilt after the load, then everything is `ANALYZE`d: building an index once is far cheaper than
  maintaining it row by row. Foreign keys are checked by PostgreSQL as rows arrive.
- Deterministic: one `random.Random(seed)` drives every choice, and "now" is a fixed instant, so the
  same scale and seed give the same rows (ids included, on a fresh database).
- Synthetic people only: names from short made-up lists, addresses on `example.test`, mobile
  numbers only from Ofcom's drama range (07700 900000–900999, so only the first 1,000 members have
  one), no NHS numbers.

The "busy service" is the first (slug `scale-001`): it is sized like a large service (about 3 % of
all members) and holds the groups the benchmark opens (`bench/scale.py`): a group with two years of
board posts and a poll with 15 members and 60 options.

This is a development tool, not a writer of the product's tables: it writes straight to the tables
the apps' services own and belongs with the other assurance tooling.
"""

import datetime as dt
import hashlib
import json
import random
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.apps import apps
from django.core.management.color import no_style
from django.db import connection, models

from followon.meetings.services import calendar_feed_issue

# The fixed "now" of the synthetic decade: the last of ten programme years ends here.
NOW = dt.datetime(2026, 11, 30, 12, 0, tzinfo=dt.UTC)
YEARS = 10

FIRST_NAMES = (
    "Alex",
    "Sam",
    "Jo",
    "Chris",
    "Pat",
    "Robin",
    "Jamie",
    "Morgan",
    "Casey",
    "Taylor",
    "Jordan",
    "Avery",
    "Riley",
    "Quinn",
    "Rowan",
    "Ellis",
    "Harper",
    "Skyler",
    "Reese",
    "Frankie",
    "Charlie",
    "Dana",
    "Lee",
    "Kit",
    "Nico",
    "Remy",
    "Sage",
    "Toby",
    "Wren",
    "Arden",
)
LAST_NAMES = (
    "Ashdown",
    "Birchley",
    "Coldwell",
    "Dunmore",
    "Elmsworth",
    "Fairleigh",
    "Greystone",
    "Hollowell",
    "Ivybridge",
    "Juniper",
    "Kestrel",
    "Larkhill",
    "Mossley",
    "Nettlefield",
    "Oakhurst",
    "Pembury",
    "Quarry",
    "Rushmere",
    "Stonebury",
    "Thornley",
)
PLACES = (
    "Ashford",
    "Barnstow",
    "Castlemere",
    "Dunwich",
    "Eastleigh",
    "Fordham",
    "Greenhill",
    "Hartwell",
    "Ivington",
    "Kingsbury",
    "Langford",
    "Millbrook",
    "Northam",
    "Oakley",
    "Penrith",
    "Queensbury",
    "Redfield",
    "Southgate",
    "Thornbury",
    "Upton",
)
POST_BODIES = (
    "Good to see everyone on Tuesday.",
    "Anyone fancy a walk by the canal this week? Nice and slow.",
    "Pacing is going better since the last meeting, small steps.",
    "Thanks for the tip about the heat pad, it helped.",
    "Running late, save me a seat!",
    "The cafe has a ramp at the side entrance now.",
    "Had a flare this week but used my setback plan.",
    "Shall we try the library room next month?",
)
# The dashboard's measures (followon/insights/outcome_change.py), so baseline/follow-up pairs exist.
QUESTIONNAIRES = (
    ("pseq-10", "1"),
    ("phq-9", "1"),
    ("gad-7", "1"),
    ("pain-interference", "1"),
    ("ucla-3-loneliness", "1"),
)
TIMEPOINTS = ("baseline", "3m", "6m", "end", "12m")
AUDIT_ACTIONS = ("staff.signed_in", "programme.viewed", "group.viewed", "concern.viewed", "message.retried")

# The study's survival shape (the seed's Table 2: most groups fade within the first year, a tail
# lasts for years): (share of groups, lifetime range in months).
SURVIVAL = ((0.30, (1, 6)), (0.30, (6, 12)), (0.25, (12, 36)), (0.15, (36, 120)))

BUSY_GROUP_POST_DAYS = 730  # the bench's board: two years of posts
BUSY_POLL_MEMBERS = 15
BUSY_POLL_OPTIONS = 60


@dataclass
class Plan:
    """How many of each thing at scale S (at least a handful, so a tiny scale still has every shape)."""

    scale: float
    services: int = 0
    members_per_year: int = 0
    staff_per_service: int = 8
    group_share: float = 0.7  # follow-on groups per programme
    posts_per_group_month: float = 20.0
    messages_per_member: int = 15
    checkins_per_member: int = 5
    audit_per_member: int = 5

    def __post_init__(self) -> None:
        self.services = max(2, round(250 * self.scale))
        self.members_per_year = max(60, round(20_000 * self.scale))


@dataclass
class Loaded:
    """Counts per table, for the progress report and the shape test."""

    rows: dict = field(default_factory=dict)

    def add(self, table: str, n: int) -> None:
        self.rows[table] = self.rows.get(table, 0) + n


class CopyLoader:
    """Writes model rows with COPY, filling every column the caller leaves out from the model."""

    def __init__(self, rnd: random.Random, progress: Callable[[str, int], None] | None = None) -> None:
        self.rnd = rnd
        self.progress = progress or (lambda table, n: None)
        self.loaded = Loaded()
        self.next_ids: dict[type, int] = {}
        self.dropped_indexes: list[str] = []
        self._prepared: set[str] = set()

    def ids(self, model: type[models.Model], n: int) -> range:
        """`n` fresh primary keys for `model` (after any rows already in the table)."""
        if model not in self.next_ids:
            with connection.cursor() as cursor:
                cursor.execute(
                    f'SELECT COALESCE(MAX("{model._meta.pk.column}"), 0) FROM "{model._meta.db_table}"'  # noqa: S608 - model metadata, not input
                )
                self.next_ids[model] = cursor.fetchone()[0] + 1
        start = self.next_ids[model]
        self.next_ids[model] = start + n
        return range(start, start + n)

    def uuid(self) -> uuid.UUID:
        return uuid.UUID(int=self.rnd.getrandbits(128), version=4)

    def _drop_secondary_indexes(self, table: str) -> None:
        if table in self._prepared:
            return
        self._prepared.add(table)
        with connection.cursor() as cursor:
            cursor.execute(
                """
                SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid)
                FROM pg_index i
                WHERE i.indrelid = %s::regclass
                  AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)
                """,
                [f'"{table}"'],
            )
            for name, definition in cursor.fetchall():
                cursor.execute(f"DROP INDEX {name}")
                self.dropped_indexes.append(definition)

    def rebuild_indexes(self) -> None:
        with connection.cursor() as cursor:
            # Django's foreign keys are DEFERRABLE INITIALLY DEFERRED: check them all now (an index
            # cannot be built on a table with pending trigger events).
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            for definition in self.dropped_indexes:
                cursor.execute(definition)
        self.dropped_indexes.clear()

    def copy(self, model: type[models.Model], rows: Iterable[dict]) -> int:
        """COPY `rows` (dicts keyed by field attname; `id` required) into `model`'s table."""
        table = model._meta.db_table
        self._drop_secondary_indexes(table)
        fields = model._meta.concrete_fields
        columns = ", ".join(f'"{f.column}"' for f in fields)
        fillers = [self._filler(f) for f in fields]
        names = [f.attname for f in fields]
        count = 0
        with connection.cursor() as wrapper, wrapper.cursor.copy(f'COPY "{table}" ({columns}) FROM STDIN') as copy:
            for row in rows:
                copy.write_row(
                    [row[name] if name in row else filler() for name, filler in zip(names, fillers, strict=True)]
                )
                count += 1
                if count % 20_000 == 0:
                    self.progress(table, 20_000)
        self.progress(table, count % 20_000)
        self.loaded.add(table, count)
        return count

    def _filler(self, f: models.Field) -> Callable[[], object]:
        if f.primary_key:

            def missing_pk():
                raise ValueError(f"{f.model.__name__}: rows must carry their id")

            return missing_pk
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
            return lambda: NOW
        if isinstance(f, models.UUIDField) and f.default is uuid.uuid4:
            return self.uuid
        if f.has_default():
            if isinstance(f, models.JSONField):
                return lambda: json.dumps(f.get_default())
            return f.get_default
        if f.null:
            return lambda: None
        if f.blank and isinstance(f, models.CharField | models.TextField):
            return lambda: ""

        def missing():
            raise ValueError(f"{f.model.__name__}.{f.name} has no default: set it in the generator")

        return missing

    def finish(self, loaded_models: Iterable[type[models.Model]]) -> None:
        """Rebuild the dropped indexes, move the sequences past the new ids and ANALYZE."""
        self.rebuild_indexes()
        statements = connection.ops.sequence_reset_sql(no_style(), list(loaded_models))
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)
            cursor.execute("ANALYZE")


def token_hash(*parts: object) -> str:
    return hashlib.sha256(":".join(str(p) for p in parts).encode()).hexdigest()


def generate(scale: float, seed: int, progress: Callable[[str, int], None] | None = None) -> dict:
    """Fill the database for scale S; returns the rows written per table. Run inside a transaction."""
    rnd = random.Random(seed)
    plan = Plan(scale)
    loader = CopyLoader(rnd, progress)
    m = {name: apps.get_model(name) for name in MODEL_NAMES}
    used: list[type[models.Model]] = []

    def copy(name: str, rows: Iterable[dict]) -> int:
        model = m[name]
        if model not in used:
            used.append(model)
        return loader.copy(model, rows)

    # -- services and staff -------------------------------------------------------------------------
    service_ids = list(loader.ids(m["organisations.PainService"], plan.services))
    copy(
        "organisations.PainService",
        (
            {
                "id": sid,
                "slug": f"scale-{i + 1:03d}",
                "name": f"{PLACES[i % len(PLACES)]} Pain Management Service {i + 1}",
                "ods_code": f"ZS{i + 1:04d}",
                "contact_phone": f"07700 900{i % 1000:03d}",
                "address": f"{i + 1} Hospital Road, {PLACES[i % len(PLACES)]}",
                "outcode": "BS16",
            }
            for i, sid in enumerate(service_ids)
        ),
    )
    # Services differ in size: the first is a busy one (3 % of all members), the rest share the rest.
    weights = [0.03 * plan.services] + [rnd.uniform(0.5, 1.5) for _ in service_ids[1:]]
    total_weight = sum(weights)
    service_share = [w / total_weight for w in weights]

    staff_roles = ["service_admin", "clinician", "clinician", "clinician", "ptv", "ptv", "researcher", "clinician"]
    staff_count = plan.services * plan.staff_per_service
    staff_ids = list(loader.ids(m["accounts.User"], staff_count))
    users = []
    staff_by_service: dict[int, list[tuple[int, str]]] = {sid: [] for sid in service_ids}
    for n, uid in enumerate(staff_ids):
        sid = service_ids[n // plan.staff_per_service]
        role = staff_roles[n % plan.staff_per_service]
        staff_by_service[sid].append((uid, role))
        users.append(_user_row(uid, f"staff{n}", rnd))
    copy("accounts.User", users)
    copy(
        "organisations.StaffRole",
        (
            {"id": rid, "service_id": sid, "user_id": uid, "role": role}
            for rid, (sid, uid, role) in zip(
                loader.ids(m["organisations.StaffRole"], staff_count),
                [(sid, uid, role) for sid, people in staff_by_service.items() for uid, role in people],
                strict=True,
            )
        ),
    )

    # -- members, programmes, enrolments ------------------------------------------------------------
    members_total = plan.members_per_year * YEARS
    member_ids = list(loader.ids(m["accounts.User"], members_total))
    copy("accounts.User", (_user_row(uid, f"member{n}", rnd, mobile_index=n) for n, uid in enumerate(member_ids)))

    # Each programme has 8–14 completers; programme start dates spread over the ten years.
    programmes = []  # (programme id, service id, start date, [member ids])
    cursor_member = 0
    start_day = (NOW - dt.timedelta(days=365 * YEARS)).date()
    while cursor_member < members_total:
        size = min(rnd.randint(8, 14), members_total - cursor_member)
        sid = rnd.choices(service_ids, weights=service_share)[0]
        day = start_day + dt.timedelta(days=int(cursor_member / members_total * 365 * YEARS))
        programmes.append([None, sid, day, member_ids[cursor_member : cursor_member + size]])
        cursor_member += size
    for row, pid in zip(programmes, loader.ids(m["programmes.Programme"], len(programmes)), strict=True):
        row[0] = pid
    clinicians = {sid: [uid for uid, role in people if role == "clinician"] for sid, people in staff_by_service.items()}
    copy(
        "programmes.Programme",
        (
            {
                "id": pid,
                "service_id": sid,
                "title": f"Pain management programme {day:%B %Y}",
                "venue": f"Outpatients, {PLACES[pid % len(PLACES)]}",
                "start_date": day,
                "session_count": 8,
                "session_start_time": dt.time(10, 0),
                "created_by_id": clinicians[sid][0],
            }
            for pid, sid, day, _ in programmes
        ),
    )
    session_ids = iter(loader.ids(m["programmes.ProgrammeSession"], 8 * len(programmes)))
    copy(
        "programmes.ProgrammeSession",
        (
            {
                "id": next(session_ids),
                "programme_id": pid,
                "number": k + 1,
                "starts_at": _at(day + dt.timedelta(weeks=k), 10),
                "ends_at": _at(day + dt.timedelta(weeks=k), 13),
            }
            for pid, _, day, _ in programmes
            for k in range(8)
        ),
    )
    enrolment_of: dict[int, int] = {}
    enrolment_ids = iter(loader.ids(m["programmes.Enrolment"], members_total))
    enrolment_rows = []
    for pid, _, day, people in programmes:
        for uid in people:
            eid = next(enrolment_ids)
            enrolment_of[uid] = eid
            enrolment_rows.append(
                {
                    "id": eid,
                    "programme_id": pid,
                    "user_id": uid,
                    "name": _name(uid),
                    "email": f"member{uid}@example.test",
                    "status": "joined",
                    "joined_at": _at(day, 9),
                }
            )
    copy("programmes.Enrolment", enrolment_rows)
    service_of = {uid: sid for _, sid, _, people in programmes for uid in people}
    copy(
        "accounts.ServiceMembership",
        (
            {"id": mid, "service_id": service_of[uid], "user_id": uid, "joined_at": _at(day, 9)}
            for mid, (uid, day) in zip(
                loader.ids(m["accounts.ServiceMembership"], members_total),
                [(uid, day) for _, _, day, people in programmes for uid in people],
                strict=True,
            )
        ),
    )

    # -- follow-on groups with the study's survival shape --------------------------------------------
    group_programmes = [p for p in programmes if rnd.random() < plan.group_share and len(p[3]) >= 3]
    busy = service_ids[0]
    # The busy service's bench group: its most recent programme old enough for two years of posts.
    busy_candidates = [
        p for p in group_programmes if p[1] == busy and (NOW.date() - p[2]).days > BUSY_GROUP_POST_DAYS + 70
    ]
    busy_programme = busy_candidates[-1] if busy_candidates else group_programmes[0]
    groups = []  # dicts with id, service, programme, formed, ended (None = open), members
    group_ids = iter(loader.ids(m["peergroups.PeerGroup"], len(group_programmes)))
    for pid, sid, day, people in group_programmes:
        formed = day + dt.timedelta(weeks=9)
        if formed >= NOW.date():
            continue
        share, (low, high) = _pick_survival(rnd)
        months = rnd.uniform(low, high)
        if pid == busy_programme[0]:
            months = 200  # the bench group is still going
        ended = formed + dt.timedelta(days=int(months * 30.4))
        group_size = rnd.randint(3, min(8, len(people)))
        groups.append(
            {
                "id": next(group_ids),
                "service": sid,
                "programme": pid,
                "formed": formed,
                "ended": ended if ended < NOW.date() else None,
                "members": rnd.sample(people, group_size) if pid != busy_programme[0] else list(people),
                "busy": pid == busy_programme[0],
            }
        )
    copy(
        "peergroups.PeerGroup",
        (
            {
                "id": g["id"],
                "service_id": g["service"],
                "programme_id": g["programme"],
                "name": f"{PLACES[g['id'] % len(PLACES)]} follow-on group {g['id']}",
                "area": PLACES[g["id"] % len(PLACES)],
                "meeting_pattern": "First Tuesday of the month",
                "status": "active" if g["ended"] is None else "folded",
                "created_at": _at(g["formed"] - dt.timedelta(weeks=1), 12),
                "formed_on": g["formed"],
                "folded_on": g["ended"],
            }
            for g in groups
        ),
    )
    status_changes = [(g, "forming", "active", g["formed"]) for g in groups] + [
        (g, "active", "folded", g["ended"]) for g in groups if g["ended"]
    ]
    copy(
        "peergroups.GroupStatusChange",
        (
            {"id": cid, "group_id": g["id"], "from_status": a, "to_status": b, "effective_on": on}
            for cid, (g, a, b, on) in zip(
                loader.ids(m["peergroups.GroupStatusChange"], len(status_changes)), status_changes, strict=True
            )
        ),
    )
    memberships = [(g, uid) for g in groups for uid in g["members"]]
    copy(
        "peergroups.GroupMembership",
        (
            {
                "id": mid,
                "group_id": g["id"],
                "user_id": uid,
                "status": "member" if g["ended"] is None else "left",
                "invited_at": _at(g["formed"] - dt.timedelta(weeks=1), 12),
                "joined_at": _at(g["formed"], 12),
                "ended_at": None if g["ended"] is None else _at(g["ended"], 12),
            }
            for mid, (g, uid) in zip(
                loader.ids(m["peergroups.GroupMembership"], len(memberships)), memberships, strict=True
            )
        ),
    )
    open_groups = [g for g in groups if g["ended"] is None]
    roles = loader.ids(m["peergroups.GroupRole"], len(open_groups))
    copy(
        "peergroups.GroupRole",
        (
            {"id": rid, "group_id": g["id"], "user_id": g["members"][0], "role": "coordinator"}
            for rid, g in zip(roles, open_groups, strict=True)
        ),
    )
    outcodes = list(m["network.Outcode"].objects.order_by("code").values_list("code", "latitude", "longitude"))
    if outcodes:
        copy(
            "network.GroupListing",
            (
                {
                    "id": lid,
                    "group_id": g["id"],
                    "service_id": g["service"],
                    "is_listed": g["busy"] or rnd.random() < 0.6,
                    "description": "A friendly group that meets once a month",
                    "usual_day": rnd.choice(("mon", "tue", "wed", "thu", "fri")),
                    "time_of_day": rnd.choice(("morning", "afternoon", "evening")),
                    **dict(zip(("outcode", "latitude", "longitude"), _outcode(rnd, outcodes, g["busy"]), strict=True)),
                }
                for lid, g in zip(loader.ids(m["network.GroupListing"], len(open_groups)), open_groups, strict=True)
            ),
        )

    # -- meetings (monthly while the group lasts), attendance, RSVPs, polls ---------------------------
    meetings = []  # (meeting id, group, starts_at, held)
    for g in groups:
        last = g["ended"] or (NOW.date() + dt.timedelta(days=60))
        day = g["formed"]
        while day <= last:
            meetings.append((None, g, _at(day, 14), day < NOW.date()))
            day += dt.timedelta(days=28 + rnd.randint(0, 6))
    meeting_ids = loader.ids(m["meetings.Meeting"], len(meetings))
    meetings = [(mid, g, at, held) for mid, (_, g, at, held) in zip(meeting_ids, meetings, strict=True)]
    copy(
        "meetings.Meeting",
        (
            {
                "id": mid,
                "group_id": g["id"],
                "starts_at": at,
                "ends_at": at + dt.timedelta(hours=2),
                "venue": f"Community room, {PLACES[g['id'] % len(PLACES)]}",
                "status": "held" if held else "scheduled",
                "created_by_id": g["members"][0],
                "created_at": at - dt.timedelta(days=14),
            }
            for mid, g, at, held in meetings
        ),
    )
    attendance = [(mid, uid, rnd.random() < 0.7) for mid, g, _, held in meetings if held for uid in g["members"]]
    copy(
        "meetings.Attendance",
        (
            {"id": aid, "meeting_id": mid, "user_id": uid, "attended": came, "recorded_by_id": None}
            for aid, (mid, uid, came) in zip(
                loader.ids(m["meetings.Attendance"], len(attendance)), attendance, strict=True
            )
        ),
    )
    rsvps = [(mid, at.date(), uid) for mid, g, at, held in meetings if not held for uid in g["members"]]
    copy(
        "meetings.Rsvp",
        (
            {
                "id": rid,
                "meeting_id": mid,
                "occurrence_date": day,
                "user_id": uid,
                "response": rnd.choice(("yes", "no", "still_here")),
            }
            for rid, (mid, day, uid) in zip(loader.ids(m["meetings.Rsvp"], len(rsvps)), rsvps, strict=True)
        ),
    )
    # One poll every six months of a group's life (3–5 options), plus the bench's big open poll.
    polls = []  # (poll id, group, created, closes, options, open)
    for g in groups:
        last = g["ended"] or NOW.date()
        day = g["formed"]
        while day <= last:
            polls.append([None, g, day, rnd.randint(3, 5), False])
            day += dt.timedelta(days=182)
    busy_group = next(g for g in groups if g["busy"])
    polls.append([None, busy_group, NOW.date() - dt.timedelta(days=3), BUSY_POLL_OPTIONS, True])
    for row, pid in zip(polls, loader.ids(m["meetings.Poll"], len(polls)), strict=True):
        row[0] = pid
    copy(
        "meetings.Poll",
        (
            {
                "id": pid,
                "group_id": g["id"],
                "title": "When shall we meet next?",
                "closes_at": _at(day + dt.timedelta(days=7), 18),
                "status": "open" if is_open else "closed",
                "created_by_id": g["members"][0],
                "created_at": _at(day, 9),
            }
            for pid, g, day, _, is_open in polls
        ),
    )
    options = [
        (pid, _at(day + dt.timedelta(days=10 + k // 3), 10 + 2 * (k % 3)))
        for pid, _, day, n, _ in polls
        for k in range(n)
    ]
    option_ids = loader.ids(m["meetings.PollOption"], len(options))
    copy(
        "meetings.PollOption",
        (
            {"id": oid, "poll_id": pid, "starts_at": at, "ends_at": at + dt.timedelta(hours=2)}
            for oid, (pid, at) in zip(option_ids, options, strict=True)
        ),
    )
    poll_by_id = {row[0]: row for row in polls}
    answers = []
    for oid, (pid, _) in zip(option_ids, options, strict=True):
        g = poll_by_id[pid][1]
        voters = g["members"][:BUSY_POLL_MEMBERS] if poll_by_id[pid][4] else g["members"]
        answers.extend((oid, uid) for uid in voters)
    copy(
        "meetings.PollAnswer",
        (
            {"id": aid, "option_id": oid, "user_id": uid, "answer": rnd.choice(("yes", "if_need_be", "no"))}
            for aid, (oid, uid) in zip(loader.ids(m["meetings.PollAnswer"], len(answers)), answers, strict=True)
        ),
    )

    # The bench group's members subscribe to their calendar feed (a private link; synthetic tokens).
    feed_ids = loader.ids(m["meetings.CalendarFeed"], len(busy_group["members"]))
    copy(
        "meetings.CalendarFeed",
        (
            {"id": fid, "user_id": uid, "token_hash": token_hash("scale-feed", seed, uid)}
            for fid, uid in zip(feed_ids, busy_group["members"], strict=True)
        ),
    )

    # -- board posts: ~20 a month while a group lasts (a third of them replies) ------------------------
    post_plan = []
    for g in groups:
        last = g["ended"] or NOW.date()
        first = max(g["formed"], NOW.date() - dt.timedelta(days=BUSY_GROUP_POST_DAYS)) if g["busy"] else g["formed"]
        months = max((last - first).days / 30.4, 0.2)
        post_plan.append((g, first, last, max(1, int(months * plan.posts_per_group_month * rnd.uniform(0.5, 1.5)))))
    post_ids = iter(loader.ids(m["conversations.Post"], sum(n for *_, n in post_plan)))

    def posts():
        for g, first, last, n in post_plan:
            span = max((last - first).days * 86400, 3600)
            top: list[int] = []
            for k in range(n):
                pid = next(post_ids)
                parent = top[-1] if top and k % 3 == 2 else None
                if parent is None:
                    top.append(pid)
                yield {
                    "id": pid,
                    "group_id": g["id"],
                    "author_id": g["members"][k % len(g["members"])],
                    "parent_id": parent,
                    "body": POST_BODIES[(pid + k) % len(POST_BODIES)],
                    "created_at": _at(first, 8) + dt.timedelta(seconds=span * k // n),
                    "screen_level": "none",
                }

    copy("conversations.Post", posts())

    # -- outbox messages, each with its delivery attempt (the provider's receipt) --------------------
    message_count = members_total * plan.messages_per_member
    message_ids = loader.ids(m["notifications.OutboundMessage"], message_count)
    templates = ("meeting_reminder", "poll_invite", "board_digest", "questionnaire_due", "checkin_prompt")

    def messages():
        for n, mid in enumerate(message_ids):
            uid = member_ids[n % members_total]
            at = NOW - dt.timedelta(seconds=rnd.randint(0, 365 * YEARS * 86400))
            sms = uid - member_ids[0] < 1000
            yield {
                "id": mid,
                "idempotency_key": f"scale:{mid}",
                "service_id": service_of[uid],
                "recipient_id": uid,
                "channel": "sms" if sms else "email",
                "to_address": _mobile(uid - member_ids[0]) if sms else f"member{uid}@example.test",
                "template": templates[n % len(templates)],
                "body": "Your group meets on Tuesday at 2pm.",
                "status": "delivered",
                "attempts": 1,
                "send_after": at,
                "provider_reference": f"scale-{mid}",
                "created_at": at,
                "sent_at": at,
                "delivered_at": at + dt.timedelta(seconds=20),
            }

    copy("notifications.OutboundMessage", messages())

    attempt_ids = loader.ids(m["notifications.DeliveryAttempt"], message_count)  # not inside the COPY

    def attempts():
        for aid, mid in zip(attempt_ids, message_ids, strict=True):
            uid = member_ids[(mid - message_ids[0]) % members_total]
            sms = uid - member_ids[0] < 1000
            yield {
                "id": aid,
                "message_id": mid,
                "number": 1,
                "started_at": NOW,
                "finished_at": NOW,
                "rate_key": "notify:sms" if sms else "notify:email",
                "channel": "sms" if sms else "email",
                "to_address": _mobile(uid - member_ids[0]) if sms else f"member{uid}@example.test",
                "outcome": "sent",
                "status_code": 201,
            }

    copy("notifications.DeliveryAttempt", attempts())

    # -- questionnaires: 2–3 completed responses per member -------------------------------------------
    invitations = []
    for _, sid, day, people in programmes:
        for uid in people:
            # One measure each, at baseline and 3 months, and for half of them at 6 months too.
            questionnaire, version = QUESTIONNAIRES[uid % len(QUESTIONNAIRES)]
            for timepoint in TIMEPOINTS[: rnd.randint(2, 3)]:
                invitations.append((uid, sid, day, timepoint, questionnaire, version))
    invitation_ids = loader.ids(m["outcomes.QuestionnaireInvitation"], len(invitations))
    copy(
        "outcomes.QuestionnaireInvitation",
        (
            {
                "id": iid,
                "token_hash": token_hash("scale-questionnaire", seed, iid),
                "expires_at": _at(day, 9) + dt.timedelta(days=120),
                "member_id": uid,
                "service_id": sid,
                "enrolment_id": enrolment_of[uid],
                "questionnaire_id": questionnaire,
                "timepoint": timepoint,
                "due_on": day + dt.timedelta(days=TIMEPOINTS.index(timepoint) * 60),
                "completed_at": _at(day, 11),
            }
            for iid, (uid, sid, day, timepoint, questionnaire, _) in zip(invitation_ids, invitations, strict=True)
        ),
    )
    copy(
        "outcomes.Response",
        (
            {
                "id": rid,
                "invitation_id": iid,
                "member_id": uid,
                "service_id": sid,
                "questionnaire_id": questionnaire,
                "questionnaire_version": version,
                "started_at": _at(day, 10),
                "completed_at": _at(day, 11),
                "total": rnd.randint(0, 27),
            }
            for rid, iid, (uid, sid, day, _, questionnaire, version) in zip(
                loader.ids(m["outcomes.Response"], len(invitations)), invitation_ids, invitations, strict=True
            )
        ),
    )

    # -- duty queue: about one item per 100 members a year; the last few days' still open -------------
    concern_count = max(10, members_total // 100)
    copy(
        "safety.ConcernItem",
        (
            _concern_row(cid, rnd, member_ids, service_of, clinicians, k, concern_count)
            for k, cid in enumerate(loader.ids(m["safety.ConcernItem"], concern_count))
        ),
    )

    # -- self-care: a goal each, weekly check-ins, audit events ---------------------------------------
    copy(
        "selfcare.Goal",
        (
            {
                "id": gid,
                "owner_id": uid,
                "service_id": service_of[uid],
                "what": "Walk to the end of the road",
                "how_much": "10 minutes",
                "when": "Mornings",
                "confidence": rnd.randint(5, 10),
                "status": rnd.choice(("active", "achieved", "stopped")),
            }
            for gid, uid in zip(loader.ids(m["selfcare.Goal"], members_total), member_ids, strict=True)
        ),
    )
    checkins = [(uid, k) for uid in member_ids for k in range(plan.checkins_per_member)]
    monday = NOW.date() - dt.timedelta(days=NOW.date().weekday())
    copy(
        "selfcare.CheckIn",
        (
            {
                "id": cid,
                "owner_id": uid,
                "service_id": service_of[uid],
                "week_start": monday - dt.timedelta(weeks=k + (uid % 200)),
                "pain_interference": rnd.randint(0, 10),
                "mood": rnd.choice(("good", "ok", "low")),
                "activity": rnd.choice(("more", "usual", "less")),
                "source": "web",
            }
            for cid, (uid, k) in zip(loader.ids(m["selfcare.CheckIn"], len(checkins)), checkins, strict=True)
        ),
    )
    audit_count = members_total * plan.audit_per_member
    all_staff = [(uid, sid) for sid, people in staff_by_service.items() for uid, _ in people]
    copy(
        "core.AuditEvent",
        (
            {
                "id": aid,
                "occurred_at": NOW - dt.timedelta(seconds=(audit_count - k) * (365 * YEARS * 86400 // audit_count)),
                "actor_id": all_staff[k % len(all_staff)][0],
                "action": AUDIT_ACTIONS[k % len(AUDIT_ACTIONS)],
                "target_type": "user",
                "target_id": str(member_ids[k % members_total]),
                "service_id": all_staff[k % len(all_staff)][1],
            }
            for k, aid in enumerate(loader.ids(m["core.AuditEvent"], audit_count))
        ),
    )

    loader.finish(used)
    return loader.loaded.rows


MODEL_NAMES = (
    "organisations.PainService",
    "organisations.StaffRole",
    "accounts.User",
    "accounts.ServiceMembership",
    "programmes.Programme",
    "programmes.ProgrammeSession",
    "programmes.Enrolment",
    "peergroups.PeerGroup",
    "peergroups.GroupStatusChange",
    "peergroups.GroupMembership",
    "peergroups.GroupRole",
    "network.Outcode",
    "network.GroupListing",
    "meetings.Meeting",
    "meetings.Attendance",
    "meetings.Rsvp",
    "meetings.Poll",
    "meetings.PollOption",
    "meetings.PollAnswer",
    "meetings.CalendarFeed",
    "conversations.Post",
    "notifications.OutboundMessage",
    "notifications.DeliveryAttempt",
    "outcomes.QuestionnaireInvitation",
    "outcomes.Response",
    "safety.ConcernItem",
    "selfcare.Goal",
    "selfcare.CheckIn",
    "core.AuditEvent",
)


def _at(day: dt.date, hour: int) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=dt.UTC)


def _name(uid: int) -> str:
    return f"{FIRST_NAMES[uid % len(FIRST_NAMES)]} {LAST_NAMES[(uid // len(FIRST_NAMES)) % len(LAST_NAMES)]}"


def _mobile(index: int) -> str:
    """Ofcom's drama range 07700 900000–900999 in E.164 (the first 1,000 members only)."""
    return f"+447700900{index:03d}"


def _user_row(uid: int, handle: str, rnd: random.Random, *, mobile_index: int | None = None) -> dict:
    has_mobile = mobile_index is not None and mobile_index < 1000
    return {
        "id": uid,
        # An unusable password (Django's marker), as for members who sign in by code.
        "password": "!" + hashlib.sha256(handle.encode()).hexdigest()[:39],
        "preferred_name": _name(uid).split()[0],
        "legal_name": _name(uid),
        "email": f"{handle}@example.test",
        "mobile": _mobile(mobile_index) if has_mobile else None,
        "preferred_channel": "sms" if has_mobile else "email",
        "email_verified_at": NOW,
        "is_staff": False,
        "is_superuser": False,
        "date_joined": NOW - dt.timedelta(days=rnd.randint(0, 365 * YEARS)),
    }


def _pick_survival(rnd: random.Random):
    roll = rnd.random()
    for share, months in SURVIVAL:
        if roll < share:
            return share, months
        roll -= share
    return SURVIVAL[-1]


def _outcode(rnd: random.Random, outcodes: list, busy: bool):
    if busy:
        return next((o for o in outcodes if o[0] == "BS16"), outcodes[0])
    local = list(outcodes[:: max(1, len(outcodes) // 500)])
    return rnd.choice(local)


def _concern_row(cid, rnd, member_ids, service_of, clinicians, k, total) -> dict:
    uid = member_ids[(k * 97) % len(member_ids)]
    sid = service_of[uid]
    raised = NOW - dt.timedelta(seconds=(total - k) * (365 * YEARS * 86400 // total))
    still_open = k >= total - max(3, total // 500)
    who = clinicians[sid][0]
    return {
        "id": cid,
        "service_id": sid,
        "member_id": uid,
        "source": rnd.choice(("sms", "self", "peer", "help_sms")),
        "level": rnd.choice(("concern", "concern", "urgent")),
        "text": "I am finding things hard this week.",
        "state": "raised" if still_open else "closed",
        "raised_at": raised,
        "acknowledged_at": None if still_open else raised + dt.timedelta(minutes=30),
        "acknowledged_by_id": None if still_open else who,
        "action": "" if still_open else "called",
        "action_note": "" if still_open else "Called back; member is safe and has a plan.",
        "action_at": None if still_open else raised + dt.timedelta(hours=1),
        "action_by_id": None if still_open else who,
        "closed_at": None if still_open else raised + dt.timedelta(hours=2),
        "closed_by_id": None if still_open else who,
        "escalate_at": raised + dt.timedelta(minutes=60),
        "escalated_at": None,
    }


__all__ = ["NOW", "Plan", "CopyLoader", "generate"]


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
