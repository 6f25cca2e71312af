"""A synthetic, ten-year NHS for benchmarks: `manage.py generate_scale_data --scale S --seed N` (issue 16).

At S = 1: 250 pain services, 20,000 programme completers a year for ten years (~200k members),
~2,000 staff, ~12k follow-on groups with the study's survival shape (most fade within a year, a few
last for years), ~150k meetings with polls, RSVPs and attendance, ~3M board posts, ~3M outbox
messages each with its delivery attempt (the receipt), ~500k questionnaire responses, duty-queue
items, check-ins, goals and audit events. Everything scales linearly with S.

Why it looks like this:

- Rows go in with binary PostgreSQL `COPY` (psycopg 3 `cursor.copy` with the columns' types set),
  never the ORM one row at a time, as tuples in a fixed column order (no dict per row). Ids are
  assigned here, so related rows can be written without reading anything back; the sequences are
  moved past them at the end.
- Every column the generator does not set gets the model's own default, worked out once per table
  (a seeded UUID per row for `public_id`, the fixed NOW for "now"), so the loader follows the models
  as they change and a new NOT NULL column without a default fails loudly here rather than loading
  bad data.
- Before the first COPY the loaded tables lose their indexes, primary and unique keys and every
  foreign key into or out of them; after the load the keys and indexes are built once (sorting is
  far cheaper than maintaining a B-tree row by row) and each foreign key is added back, which
  checks it with one join instead of one deferred trigger per row. A duplicate or a dangling id
  still fails the load. Then `ANALYZE`. Loading times: ADR 0026.
- The database records what it holds (`scale_dataset_fingerprint`: scale, seed, the loader's
  version = a hash of this file, rows) as the last write of the load's transaction, so
  `make bench-scale --reuse` keeps a database only if it holds exactly the dataset it would load.
- Deterministic: `random.Random(seed)` drives every choice (the big tables each from their own
  stream seeded from it), and "now" is a fixed instant, so the same scale and seed give the same
  rows (ids included, on a fresh database).
- Synthetic people only: names from short made-up lists, addresses on `example.test`, mobile
  numbers only from Ofcom's drama range (07700 900000–900999, so only the first 1,000 members have
  one), no NHS numbers.

The "busy service" is the first (slug `scale-001`): it is sized like a large service (about 3 % of
all members) and holds the groups the benchmark opens (`bench/scale.py`): a group with two years of
board posts and a poll with up to 15 members and 60 options (`scale_targets.py` finds them), shaped
alike at every scale from S = 0.1 (its largest old-enough programme, 480 posts) so a page's growth
compares like with like.

This is a development tool, not a writer of the product's tables: it writes straight to the tables
the apps' services own and belongs with the other assurance tooling.
"""

import datetime as dt
import hashlib
import random
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from django.apps import apps
from django.core.management.color import no_style
from django.db import connection, models
from django.utils import timezone
from psycopg.types.json import Jsonb

from followon.assurance.scale_targets import BenchTargets, bench_targets

# The fixed "now" of the synthetic decade: the last of ten programme years ends here.
NOW = dt.datetime(2026, 11, 30, 12, 0, tzinfo=dt.UTC)
YEARS = 10
# Where a loaded database records what it holds (scale, seed, loader version): `make bench-scale --reuse`.
FINGERPRINT_TABLE = "scale_dataset_fingerprint"

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


# Each table's load in order: (model, the columns the generator sets, a function giving its rows as
# tuples in that column order).
Load = tuple[str, tuple[str, ...], Callable[[], Iterable[tuple]]]

_V4_MASK = ~(0xF000 << 64) & ~(0xC000 << 48) & ((1 << 128) - 1)
_V4_BITS = (0x4000 << 64) | (0x8000 << 48)


class CopyLoader:
    """Writes rows with COPY into tables stripped of their constraints and indexes, then restores them.

    `prepare()` records and drops, for every table it is given: its secondary indexes, its primary
    key and unique constraints and every foreign key into or out of it (Django's foreign keys are
    deferred, so each row would queue a trigger event to be checked one by one at commit). `finish()`
    puts them all back: keys and indexes built once by sorting, then each foreign key validated by a
    single join, so a row that breaks one still fails the load.
    """

    def __init__(self, progress: Callable[[str, int], None] | None = None, *, seed: int = 0) -> None:
        self.seed = seed
        self.progress = progress or (lambda table, n: None)
        self.loaded = Loaded()
        self.next_ids: dict[type, int] = {}
        self.keys: list[tuple[str, str, str]] = []  # (table, name, definition): primary keys, unique
        self.indexes: list[str] = []
        self.foreign_keys: list[tuple[str, str, str]] = []
        self._uuid_streams: dict[str, Callable[[int], int]] = {}

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

    def prepare(self, tables: list[str]) -> None:
        """Record and drop the tables' foreign keys, primary and unique keys and other indexes."""
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")
            cursor.execute("SET LOCAL work_mem = '64MB'")
            names = [f'"{t}"' for t in tables]
            cursor.execute(
                """
                SELECT conrelid::regclass::text, quote_ident(conname), pg_get_constraintdef(oid)
                FROM pg_constraint
                WHERE contype = 'f' AND (conrelid = ANY(%s::regclass[]) OR confrelid = ANY(%s::regclass[]))
                ORDER BY 1, 2
                """,
                [names, names],
            )
            self.foreign_keys = cursor.fetchall()
            cursor.execute(
                """
                SELECT conrelid::regclass::text, quote_ident(conname), pg_get_constraintdef(oid)
                FROM pg_constraint
                WHERE contype IN ('p', 'u') AND conrelid = ANY(%s::regclass[])
                ORDER BY 1, contype, 2
                """,
                [names],
            )
            self.keys = cursor.fetchall()
            cursor.execute(
                """
                SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid)
                FROM pg_index i
                WHERE i.indrelid = ANY(%s::regclass[])
                  AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)
                ORDER BY 1
                """,
                [names],
            )
            indexes = cursor.fetchall()
            self.indexes = [definition for _, definition in indexes]
            for table, name, _ in self.foreign_keys:
                cursor.execute(f"ALTER TABLE {table} DROP CONSTRAINT {name}")
            for table, name, _ in self.keys:
                cursor.execute(f"ALTER TABLE {table} DROP CONSTRAINT {name}")
            for name, _ in indexes:
                cursor.execute(f"DROP INDEX {name}")

    def copy(self, model: type[models.Model], columns: tuple[str, ...], rows: Iterable[tuple]) -> int:
        """COPY `rows` (tuples in the order of `columns`, field attnames, `id` first) into `model`'s table.

        Columns left out get the model's default: a constant worked out once (NOW for "now"), or
        per row for a seeded `public_id` UUID and any other callable default.
        """
        table = model._meta.db_table
        by_name = {f.attname: f for f in model._meta.concrete_fields}
        if columns[0] != model._meta.pk.attname or set(columns) - set(by_name):
            raise ValueError(f"{model.__name__}: columns must start with the id and be fields: {columns}")
        constant_fields, per_row_fields, per_row = [], [], []
        constants: list = []
        for f in model._meta.concrete_fields:
            if f.attname in columns:
                continue
            value = self._default(f)
            if callable(value):
                per_row_fields.append(f)
                per_row.append(value)
            else:
                constant_fields.append(f)
                constants.append(value)
        names = [by_name[c].column for c in columns] + [f.column for f in constant_fields + per_row_fields]
        tail = tuple(constants)
        count = 0
        column_list = ", ".join(f'"{n}"' for n in names)
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT attname, atttypid FROM pg_attribute WHERE attrelid = %s::regclass AND attnum > 0",
                [f'"{table}"'],
            )
            oids = dict(cursor.fetchall())
        copy_sql = f'COPY "{table}" ({column_list}) FROM STDIN (FORMAT BINARY)'
        with connection.cursor() as wrapper, wrapper.cursor.copy(copy_sql) as out:
            # Binary COPY with the columns' types given: several times faster to format than text.
            out.set_types([oids[name] for name in names])
            write = out.write_row
            if per_row:
                for row in rows:
                    write(row + tail + tuple(fill() for fill in per_row))
                    count += 1
                    if not count % 50_000:
                        self.progress(table, 50_000)
            else:
                for row in rows:
                    write(row + tail)
                    count += 1
                    if not count % 50_000:
                        self.progress(table, 50_000)
        self.progress(table, count % 50_000)
        self.loaded.add(table, count)
        return count

    def _default(self, f: models.Field):
        """A column's value when the generator leaves it out: a constant, or a function called per row."""
        if f.primary_key:
            raise ValueError(f"{f.model.__name__}: rows must carry their id")
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False) or f.default is timezone.now:
            return NOW
        if isinstance(f, models.UUIDField) and f.default is uuid.uuid4:
            # A seeded version-4 UUID per row, from the column's own stream (one per column however
            # many times the table is written to, so other columns do not shift and no UUID repeats).
            key = f"{self.seed}:{f.model._meta.db_table}:{f.attname}"
            if key not in self._uuid_streams:
                self._uuid_streams[key] = random.Random(key).getrandbits
            bits = self._uuid_streams[key]
            return lambda: uuid.UUID(int=bits(128) & _V4_MASK | _V4_BITS)
        if f.has_default():
            if isinstance(f, models.JSONField):
                return Jsonb(f.get_default())
            return f.get_default if callable(f.default) else f.get_default()
        if f.null:
            return None
        if f.blank and isinstance(f, models.CharField | models.TextField):
            return ""
        raise ValueError(f"{f.model.__name__}.{f.name} has no default: set it in the generator")

    def finish(self, loaded_models: Iterable[type[models.Model]]) -> None:
        """Put back the keys, indexes and foreign keys, move the sequences past the new ids, ANALYZE."""
        loaded_models = list(loaded_models)
        with connection.cursor() as cursor:
            for table, name, definition in self.keys:
                cursor.execute(f"ALTER TABLE {table} ADD CONSTRAINT {name} {definition}")
                self.progress("(keys and indexes)", 1)
            for definition in self.indexes:
                cursor.execute(definition)
                self.progress("(keys and indexes)", 1)
            for table, name, definition in self.foreign_keys:
                # Checked here by one join per key: a dangling id fails the whole load.
                cursor.execute(f"ALTER TABLE {table} ADD CONSTRAINT {name} {definition}")
                self.progress("(foreign keys checked)", 1)
            for statement in connection.ops.sequence_reset_sql(no_style(), loaded_models):
                cursor.execute(statement)
            for model in loaded_models:
                cursor.execute(f'ANALYZE "{model._meta.db_table}"')
                self.progress("(analyze)", 1)
        self.keys, self.indexes, self.foreign_keys = [], [], []


def token_hash(*parts: object) -> str:
    return hashlib.sha256(":".join(str(p) for p in parts).encode()).hexdigest()


def loader_version() -> str:
    """The generator's own fingerprint: the data a scale and seed give changes only with this file."""
    return hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:12]


def fingerprint() -> dict | None:
    """What this database was loaded with (scale, seed, loader version, rows), or None."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_regclass(%s) IS NOT NULL", [FINGERPRINT_TABLE])
        if not cursor.fetchone()[0]:
            return None
        cursor.execute(f"SELECT scale, seed, loader_version, total_rows FROM {FINGERPRINT_TABLE}")  # noqa: S608 - constant
        row = cursor.fetchone()
    return dict(zip(("scale", "seed", "loader_version", "rows"), row, strict=True)) if row else None


def _write_fingerprint(scale: float, seed: int, rows: int) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TABLE IF NOT EXISTS {FINGERPRINT_TABLE} "
            "(scale double precision NOT NULL, seed integer NOT NULL, loader_version text NOT NULL, "
            "total_rows bigint NOT NULL, loaded_at timestamptz NOT NULL DEFAULT now())"
        )
        cursor.execute(f"DELETE FROM {FINGERPRINT_TABLE}")  # noqa: S608 - constant
        cursor.execute(
            f"INSERT INTO {FINGERPRINT_TABLE} (scale, seed, loader_version, total_rows) VALUES (%s, %s, %s, %s)",  # noqa: S608 - constant
            [scale, seed, loader_version(), rows],
        )


def generate(scale: float, seed: int, progress: Callable[[str, int], None] | None = None) -> dict:
    """Fill the database for scale S; returns the rows written per table. Run inside a transaction.

    The last thing written is the fingerprint (scale, seed, loader version), so a database that has
    one holds the whole dataset.
    """
    rnd = random.Random(seed)
    plan = Plan(scale)
    loader = CopyLoader(progress, seed=seed)
    m = {name: apps.get_model(name) for name in MODEL_NAMES}
    loader.prepare([m[name]._meta.db_table for name in MODEL_NAMES if name != "network.Outcode"])
    used: list[type[models.Model]] = []

    def copy(name: str, columns: tuple[str, ...], rows: Iterable[tuple]) -> int:
        model = m[name]
        if model not in used:
            used.append(model)
        return loader.copy(model, columns, rows)

    # -- services and staff -------------------------------------------------------------------------
    service_ids = list(loader.ids(m["organisations.PainService"], plan.services))
    copy(
        "organisations.PainService",
        ("id", "slug", "name", "ods_code", "contact_phone", "address", "outcode"),
        (
            (
                sid,
                f"scale-{i + 1:03d}",
                f"{PLACES[i % len(PLACES)]} Pain Management Service {i + 1}",
                f"ZS{i + 1:04d}",
                f"07700 900{i % 1000:03d}",
                f"{i + 1} Hospital Road, {PLACES[i % len(PLACES)]}",
                "BS16",
            )
            for i, sid in enumerate(service_ids)
        ),
    )
    # Services differ in size: the first is a busy one (3 % of all members), the rest share the rest.
    # (At a tiny scale, where 3 % would be no programme at all, it gets a third.)
    weights = [max(0.03 * plan.services, 0.5)] + [rnd.uniform(0.5, 1.5) for _ in service_ids[1:]]
    total_weight = sum(weights)
    service_share = [w / total_weight for w in weights]

    staff_roles = ["service_admin", "clinician", "clinician", "clinician", "ptv", "ptv", "researcher", "clinician"]
    staff_count = plan.services * plan.staff_per_service
    staff_ids = list(loader.ids(m["accounts.User"], staff_count))
    staff_by_service: dict[int, list[tuple[int, str]]] = {sid: [] for sid in service_ids}
    for n, uid in enumerate(staff_ids):
        sid = service_ids[n // plan.staff_per_service]
        staff_by_service[sid].append((uid, staff_roles[n % plan.staff_per_service]))
    copy("accounts.User", USER_COLUMNS, [_user_row(uid, f"staff{n}", rnd) for n, uid in enumerate(staff_ids)])
    copy(
        "organisations.StaffRole",
        ("id", "service_id", "user_id", "role"),
        (
            (rid, sid, uid, role)
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
    first_member = member_ids[0]
    copy(
        "accounts.User",
        USER_COLUMNS,
        (_user_row(uid, f"member{n}", rnd, mobile_index=n) for n, uid in enumerate(member_ids)),
    )

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
        ("id", "service_id", "title", "venue", "start_date", "session_count", "session_start_time", "created_by_id"),
        (
            (
                pid,
                sid,
                f"Pain management programme {day:%B %Y}",
                f"Outpatients, {PLACES[pid % len(PLACES)]}",
                day,
                8,
                dt.time(10, 0),
                clinicians[sid][0],
            )
            for pid, sid, day, _ in programmes
        ),
    )
    session_ids = iter(loader.ids(m["programmes.ProgrammeSession"], 8 * len(programmes)))
    copy(
        "programmes.ProgrammeSession",
        ("id", "programme_id", "number", "starts_at", "ends_at"),
        (
            (
                next(session_ids),
                pid,
                k + 1,
                _at(day + dt.timedelta(weeks=k), 10),
                _at(day + dt.timedelta(weeks=k), 13),
            )
            for pid, _, day, _ in programmes
            for k in range(8)
        ),
    )
    enrolment_of: dict[int, int] = {}
    service_of: dict[int, int] = {}
    enrolment_ids = iter(loader.ids(m["programmes.Enrolment"], members_total))
    enrolment_rows = []
    membership_rows = []
    membership_ids = iter(loader.ids(m["accounts.ServiceMembership"], members_total))
    for pid, sid, day, people in programmes:
        joined = _at(day, 9)
        for uid in people:
            eid = next(enrolment_ids)
            enrolment_of[uid] = eid
            service_of[uid] = sid
            enrolment_rows.append((eid, pid, uid, _name(uid), f"member{uid}@example.test", "joined", joined))
            membership_rows.append((next(membership_ids), sid, uid, joined))
    copy(
        "programmes.Enrolment",
        ("id", "programme_id", "user_id", "name", "email", "status", "joined_at"),
        enrolment_rows,
    )
    copy("accounts.ServiceMembership", ("id", "service_id", "user_id", "joined_at"), membership_rows)
    del enrolment_rows, membership_rows

    # -- follow-on groups with the study's survival shape --------------------------------------------
    group_programmes = [p for p in programmes if rnd.random() < plan.group_share and len(p[3]) >= 3]
    busy = service_ids[0]
    # The busy service's bench group: its most recent programme old enough for two years of posts
    # (it has a group whatever the dice said).
    busy_candidates = [
        p
        for p in programmes
        if p[1] == busy and len(p[3]) >= 3 and (NOW.date() - p[2]).days > BUSY_GROUP_POST_DAYS + 70
    ]
    # The largest such programme (the latest of those), so the bench group has the same number of
    # members at every scale, not whatever the last programme's size happened to be.
    busy_programme = max(busy_candidates, key=lambda p: (len(p[3]), p[2]))
    with_group = {p[0] for p in group_programmes} | {busy_programme[0]}
    group_programmes = [p for p in programmes if p[0] in with_group]
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
            "id",
            "service_id",
            "programme_id",
            "name",
            "area",
            "meeting_pattern",
            "status",
            "created_at",
            "formed_on",
            "folded_on",
        ),
        (
            (
                g["id"],
                g["service"],
                g["programme"],
                f"{PLACES[g['id'] % len(PLACES)]} follow-on group {g['id']}",
                PLACES[g["id"] % len(PLACES)],
                "First Tuesday of the month",
                "active" if g["ended"] is None else "folded",
                _at(g["formed"] - dt.timedelta(weeks=1), 12),
                g["formed"],
                g["ended"],
            )
            for g in groups
        ),
    )
    status_changes = [(g, "forming", "active", g["formed"]) for g in groups] + [
        (g, "active", "folded", g["ended"]) for g in groups if g["ended"]
    ]
    copy(
        "peergroups.GroupStatusChange",
        ("id", "group_id", "from_status", "to_status", "effective_on"),
        (
            (cid, g["id"], a, b, on)
            for cid, (g, a, b, on) in zip(
                loader.ids(m["peergroups.GroupStatusChange"], len(status_changes)), status_changes, strict=True
            )
        ),
    )
    memberships = [(g, uid) for g in groups for uid in g["members"]]
    copy(
        "peergroups.GroupMembership",
        ("id", "group_id", "user_id", "status", "invited_at", "joined_at", "ended_at"),
        (
            (
                mid,
                g["id"],
                uid,
                "member" if g["ended"] is None else "left",
                _at(g["formed"] - dt.timedelta(weeks=1), 12),
                _at(g["formed"], 12),
                None if g["ended"] is None else _at(g["ended"], 12),
            )
            for mid, (g, uid) in zip(
                loader.ids(m["peergroups.GroupMembership"], len(memberships)), memberships, strict=True
            )
        ),
    )
    open_groups = [g for g in groups if g["ended"] is None]
    roles = loader.ids(m["peergroups.GroupRole"], len(open_groups))
    copy(
        "peergroups.GroupRole",
        ("id", "group_id", "user_id", "role"),
        ((rid, g["id"], g["members"][0], "coordinator") for rid, g in zip(roles, open_groups, strict=True)),
    )
    outcodes = list(m["network.Outcode"].objects.order_by("code").values_list("code", "latitude", "longitude"))
    if outcodes:
        copy(
            "network.GroupListing",
            (
                "id",
                "group_id",
                "service_id",
                "is_listed",
                "description",
                "usual_day",
                "time_of_day",
                "outcode",
                "latitude",
                "longitude",
            ),
            (
                (
                    lid,
                    g["id"],
                    g["service"],
                    g["busy"] or rnd.random() < 0.6,
                    "A friendly group that meets once a month",
                    rnd.choice(("mon", "tue", "wed", "thu", "fri")),
                    rnd.choice(("morning", "afternoon", "evening")),
                    *_outcode(rnd, outcodes, g["busy"]),
                )
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
    two_hours = dt.timedelta(hours=2)
    copy(
        "meetings.Meeting",
        ("id", "group_id", "starts_at", "ends_at", "venue", "status", "created_by_id", "created_at"),
        (
            (
                mid,
                g["id"],
                at,
                at + two_hours,
                f"Community room, {PLACES[g['id'] % len(PLACES)]}",
                "held" if held else "scheduled",
                g["members"][0],
                at - dt.timedelta(days=14),
            )
            for mid, g, at, held in meetings
        ),
    )
    attendance_ids = iter(loader.ids(m["meetings.Attendance"], sum(len(g["members"]) for _, g, _, h in meetings if h)))
    random_ = rnd.random
    copy(
        "meetings.Attendance",
        ("id", "meeting_id", "user_id", "attended", "recorded_by_id"),
        (
            (next(attendance_ids), mid, uid, random_() < 0.7, None)
            for mid, g, _, held in meetings
            if held
            for uid in g["members"]
        ),
    )
    rsvp_ids = iter(loader.ids(m["meetings.Rsvp"], sum(len(g["members"]) for _, g, _, h in meetings if not h)))
    responses = ("yes", "no", "still_here")
    copy(
        "meetings.Rsvp",
        ("id", "meeting_id", "occurrence_date", "user_id", "response"),
        (
            (next(rsvp_ids), mid, at.date(), uid, responses[int(random_() * 3)])
            for mid, g, at, held in meetings
            if not held
            for uid in g["members"]
        ),
    )
    # One poll every six months of a group's life (3–5 options), plus the bench's big open poll.
    polls = []  # (poll id, group, created, options, open)
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
        ("id", "group_id", "title", "closes_at", "status", "created_by_id", "created_at"),
        (
            (
                pid,
                g["id"],
                "When shall we meet next?",
                _at(day + dt.timedelta(days=7), 18),
                "open" if is_open else "closed",
                g["members"][0],
                _at(day, 9),
            )
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
        ("id", "poll_id", "starts_at", "ends_at"),
        ((oid, pid, at, at + two_hours) for oid, (pid, at) in zip(option_ids, options, strict=True)),
    )
    poll_by_id = {row[0]: row for row in polls}
    answers = []
    for oid, (pid, _) in zip(option_ids, options, strict=True):
        g = poll_by_id[pid][1]
        voters = g["members"][:BUSY_POLL_MEMBERS] if poll_by_id[pid][4] else g["members"]
        answers.extend((oid, uid) for uid in voters)
    choices = ("yes", "if_need_be", "no")
    copy(
        "meetings.PollAnswer",
        ("id", "option_id", "user_id", "answer"),
        (
            (aid, oid, uid, choices[int(random_() * 3)])
            for aid, (oid, uid) in zip(loader.ids(m["meetings.PollAnswer"], len(answers)), answers, strict=True)
        ),
    )
    del answers, options

    # The bench group's members subscribe to their calendar feed (a private link; synthetic tokens).
    feed_ids = loader.ids(m["meetings.CalendarFeed"], len(busy_group["members"]))
    copy(
        "meetings.CalendarFeed",
        ("id", "user_id", "token_hash"),
        (
            (fid, uid, token_hash("scale-feed", seed, uid))
            for fid, uid in zip(feed_ids, busy_group["members"], strict=True)
        ),
    )

    # The big tables below depend only on what is above; each draws from its own seeded stream, so
    # its rows do not depend on the order the tables are written in.
    def stream(name: str) -> random.Random:
        return random.Random(f"{seed}:{name}")

    # -- board posts: ~20 a month while a group lasts (a third of them replies) ------------------------
    post_rnd = stream("posts")
    post_plan = []
    for g in groups:
        last = g["ended"] or NOW.date()
        first = max(g["formed"], NOW.date() - dt.timedelta(days=BUSY_GROUP_POST_DAYS)) if g["busy"] else g["formed"]
        months = max((last - first).days / 30.4, 0.2)
        count = max(1, int(months * plan.posts_per_group_month * post_rnd.uniform(0.5, 1.5)))
        if g["busy"]:
            # The bench's board holds the same posts at every scale (growth compares like with like).
            count = int(BUSY_GROUP_POST_DAYS / 30.4 * plan.posts_per_group_month)
        post_plan.append((g["id"], g["members"], first, last, count))
    post_ids = loader.ids(m["conversations.Post"], sum(plan_row[-1] for plan_row in post_plan))

    def posts():
        pid = post_ids.start
        bodies = len(POST_BODIES)
        for group_id, members, first, last, n in post_plan:
            span = max((last - first).days * 86400, 3600)
            start = _at(first, 8)
            size = len(members)
            parent = None
            for k in range(n):
                # Every third post replies to the latest top-level post.
                is_reply = parent is not None and k % 3 == 2
                yield (
                    pid,
                    group_id,
                    members[k % size],
                    parent if is_reply else None,
                    POST_BODIES[(pid + k) % bodies],
                    start + dt.timedelta(seconds=span * k // n),
                    "none",
                )
                if not is_reply:
                    parent = pid
                pid += 1

    copy(
        "conversations.Post",
        ("id", "group_id", "author_id", "parent_id", "body", "created_at", "screen_level"),
        posts(),
    )

    # -- outbox messages, each with its delivery attempt (the provider's receipt) --------------------
    message_count = members_total * plan.messages_per_member
    message_ids = loader.ids(m["notifications.OutboundMessage"], message_count)
    templates = ("meeting_reminder", "poll_invite", "board_digest", "questionnaire_due", "checkin_prompt")
    message_rnd = stream("messages")

    def recipient(n: int) -> tuple[int, bool, str]:
        uid = member_ids[n % members_total]
        sms = uid - first_member < 1000
        return uid, sms, _mobile(uid - first_member) if sms else f"member{uid}@example.test"

    def messages():
        decade = 365 * YEARS * 86400
        randbelow = message_rnd.randrange
        delivered = dt.timedelta(seconds=20)
        for n, mid in enumerate(message_ids):
            uid, sms, to = recipient(n)
            at = NOW - dt.timedelta(seconds=randbelow(decade + 1))
            yield (
                mid,
                f"scale:{mid}",
                service_of[uid],
                uid,
                "sms" if sms else "email",
                to,
                templates[n % 5],
                "Your group meets on Tuesday at 2pm.",
                "delivered",
                1,
                at,
                f"scale-{mid}",
                at,
                at,
                at + delivered,
            )

    copy(
        "notifications.OutboundMessage",
        (
            "id",
            "idempotency_key",
            "service_id",
            "recipient_id",
            "channel",
            "to_address",
            "template",
            "body",
            "status",
            "attempts",
            "send_after",
            "provider_reference",
            "created_at",
            "sent_at",
            "delivered_at",
        ),
        messages(),
    )
    attempt_ids = loader.ids(m["notifications.DeliveryAttempt"], message_count)

    def attempts():
        for n, (aid, mid) in enumerate(zip(attempt_ids, message_ids, strict=True)):
            _, sms, to = recipient(n)
            channel = "sms" if sms else "email"
            yield (aid, mid, 1, NOW, NOW, f"notify:{channel}", channel, to, "sent", 201)

    copy(
        "notifications.DeliveryAttempt",
        (
            "id",
            "message_id",
            "number",
            "started_at",
            "finished_at",
            "rate_key",
            "channel",
            "to_address",
            "outcome",
            "status_code",
        ),
        attempts(),
    )

    # -- questionnaires: 2–3 completed responses per member -------------------------------------------
    questionnaire_rnd = stream("questionnaires")
    invitations = []
    for _, sid, day, people in programmes:
        for uid in people:
            # One measure each, at baseline and 3 months, and for half of them at 6 months too.
            questionnaire, version = QUESTIONNAIRES[uid % len(QUESTIONNAIRES)]
            for timepoint in TIMEPOINTS[: questionnaire_rnd.randint(2, 3)]:
                invitations.append((uid, sid, day, timepoint, questionnaire, version))
    invitation_ids = loader.ids(m["outcomes.QuestionnaireInvitation"], len(invitations))
    copy(
        "outcomes.QuestionnaireInvitation",
        (
            "id",
            "token_hash",
            "expires_at",
            "member_id",
            "service_id",
            "enrolment_id",
            "questionnaire_id",
            "timepoint",
            "due_on",
            "completed_at",
        ),
        (
            (
                iid,
                token_hash("scale-questionnaire", seed, iid),
                _at(day, 9) + dt.timedelta(days=120),
                uid,
                sid,
                enrolment_of[uid],
                questionnaire,
                timepoint,
                day + dt.timedelta(days=TIMEPOINTS.index(timepoint) * 60),
                _at(day, 11),
            )
            for iid, (uid, sid, day, timepoint, questionnaire, _) in zip(invitation_ids, invitations, strict=True)
        ),
    )
    copy(
        "outcomes.Response",
        (
            "id",
            "invitation_id",
            "member_id",
            "service_id",
            "questionnaire_id",
            "questionnaire_version",
            "started_at",
            "completed_at",
            "total",
        ),
        (
            (rid, iid, uid, sid, questionnaire, version, _at(day, 10), _at(day, 11), questionnaire_rnd.randint(0, 27))
            for rid, iid, (uid, sid, day, _, questionnaire, version) in zip(
                loader.ids(m["outcomes.Response"], len(invitations)), invitation_ids, invitations, strict=True
            )
        ),
    )
    del invitations

    # -- duty queue: about one item per 100 members a year; the last few days' still open -------------
    concern_count = max(10, members_total // 100)
    concern_rnd = stream("concerns")
    copy(
        "safety.ConcernItem",
        CONCERN_COLUMNS,
        (
            _concern_row(cid, concern_rnd, member_ids, service_of, clinicians, k, concern_count)
            for k, cid in enumerate(loader.ids(m["safety.ConcernItem"], concern_count))
        ),
    )

    # -- self-care: a goal each, weekly check-ins, audit events ---------------------------------------
    selfcare_rnd = stream("selfcare")
    goal_states = ("active", "achieved", "stopped")
    copy(
        "selfcare.Goal",
        ("id", "owner_id", "service_id", "what", "how_much", "when", "confidence", "status"),
        (
            (
                gid,
                uid,
                service_of[uid],
                "Walk to the end of the road",
                "10 minutes",
                "Mornings",
                selfcare_rnd.randint(5, 10),
                goal_states[int(selfcare_rnd.random() * 3)],
            )
            for gid, uid in zip(loader.ids(m["selfcare.Goal"], members_total), member_ids, strict=True)
        ),
    )
    monday = NOW.date() - dt.timedelta(days=NOW.date().weekday())
    moods, activities = ("good", "ok", "low"), ("more", "usual", "less")
    checkin_ids = iter(loader.ids(m["selfcare.CheckIn"], members_total * plan.checkins_per_member))
    pick = selfcare_rnd.random
    copy(
        "selfcare.CheckIn",
        ("id", "owner_id", "service_id", "week_start", "pain_interference", "mood", "activity", "source"),
        (
            (
                next(checkin_ids),
                uid,
                service_of[uid],
                monday - dt.timedelta(weeks=k + (uid % 200)),
                int(pick() * 11),
                moods[int(pick() * 3)],
                activities[int(pick() * 3)],
                "web",
            )
            for uid in member_ids
            for k in range(plan.checkins_per_member)
        ),
    )
    audit_count = members_total * plan.audit_per_member
    all_staff = [(uid, sid) for sid, people in staff_by_service.items() for uid, _ in people]
    step = 365 * YEARS * 86400 // audit_count
    copy(
        "core.AuditEvent",
        ("id", "occurred_at", "actor_id", "action", "target_type", "target_id", "service_id"),
        (
            (
                aid,
                NOW - dt.timedelta(seconds=(audit_count - k) * step),
                all_staff[k % len(all_staff)][0],
                AUDIT_ACTIONS[k % len(AUDIT_ACTIONS)],
                "user",
                str(member_ids[k % members_total]),
                all_staff[k % len(all_staff)][1],
            )
            for k, aid in enumerate(loader.ids(m["core.AuditEvent"], audit_count))
        ),
    )

    loader.finish(used)
    _write_fingerprint(scale, seed, sum(loader.loaded.rows.values()))
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


USER_COLUMNS = (
    "id",
    "password",
    "preferred_name",
    "legal_name",
    "email",
    "mobile",
    "preferred_channel",
    "email_verified_at",
    "is_staff",
    "is_superuser",
    "date_joined",
)


def _user_row(uid: int, handle: str, rnd: random.Random, *, mobile_index: int | None = None) -> tuple:
    has_mobile = mobile_index is not None and mobile_index < 1000
    name = _name(uid)
    return (
        uid,
        # An unusable password (Django's marker), as for members who sign in by code.
        "!" + hashlib.sha256(handle.encode()).hexdigest()[:39],
        name.split()[0],
        name,
        f"{handle}@example.test",
        _mobile(mobile_index) if has_mobile else None,
        "sms" if has_mobile else "email",
        NOW,
        False,
        False,
        NOW - dt.timedelta(days=rnd.randint(0, 365 * YEARS)),
    )


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


CONCERN_COLUMNS = (
    "id",
    "service_id",
    "member_id",
    "source",
    "level",
    "text",
    "state",
    "raised_at",
    "acknowledged_at",
    "acknowledged_by_id",
    "action",
    "action_note",
    "action_at",
    "action_by_id",
    "closed_at",
    "closed_by_id",
    "escalate_at",
    "escalated_at",
)


def _concern_row(cid, rnd, member_ids, service_of, clinicians, k, total) -> tuple:
    uid = member_ids[(k * 97) % len(member_ids)]
    sid = service_of[uid]
    raised = NOW - dt.timedelta(seconds=(total - k) * (365 * YEARS * 86400 // total))
    still_open = k >= total - max(3, total // 500)
    who = None if still_open else clinicians[sid][0]
    return (
        cid,
        sid,
        uid,
        rnd.choice(("sms", "self", "peer", "help_sms")),
        rnd.choice(("concern", "concern", "urgent")),
        "I am finding things hard this week.",
        "raised" if still_open else "closed",
        raised,
        None if still_open else raised + dt.timedelta(minutes=30),
        who,
        "" if still_open else "called",
        "" if still_open else "Called back; member is safe and has a plan.",
        None if still_open else raised + dt.timedelta(hours=1),
        who,
        None if still_open else raised + dt.timedelta(hours=2),
        who,
        raised + dt.timedelta(minutes=60),
        None,
    )


__all__ = ["NOW", "Plan", "CopyLoader", "generate", "fingerprint", "loader_version", "BenchTargets", "bench_targets"]
