"""Reading a CSV of participants: header check, row-by-row validation,
phone normalisation and merging of duplicates, before anything is saved.

Pure functions: `parse_participants_csv` takes the file's bytes and the
programme's current roster and returns one result per row for the preview.
"""

from __future__ import annotations

import csv
import io
from dataclasses import asdict, dataclass, field

from django.utils.translation import gettext as _

from followon.core.phone import format_uk_mobile, uk_mobile_from_text
from followon.programmes.contact_details import normalise_email

EXPECTED_COLUMNS = ("name", "mobile", "email")
HEADER_ALIASES = {
    "name": {"name", "preferred name", "full name"},
    "mobile": {"mobile", "mobile number", "mobile phone", "mobile phone number", "phone"},
    "email": {"email", "email address", "e-mail", "e-mail address"},
}
MAX_BYTES = 1024 * 1024
MAX_ROWS = 1000
_TYPED_LIMIT = 120


class UploadError(ValueError):
    """The file as a whole cannot be read; the message says what to fix."""


@dataclass
class RosterEntry:
    mobile: str
    email: str
    withdrawn: bool


@dataclass
class RowResult:
    line: int  # the spreadsheet row number (the header is row 1)
    name: str
    mobile: str  # E.164 when valid, else what was typed
    email: str
    status: str  # new | rejoin | merged | existing | error
    errors: list[str] = field(default_factory=list)
    note: str = ""
    shown_mobile: str = ""  # the mobile as people write it, for the preview

    ADDS = ("new", "rejoin")

    def as_dict(self) -> dict:
        return asdict(self)


def _decode(data: bytes) -> str:
    if b"\x00" in data[:4096]:
        raise UploadError(_("The selected file must be a CSV file"))
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise UploadError(_("The selected file must be a CSV file saved as UTF-8"))


def _header_map(header: list[str]) -> dict[str, int]:
    expected = ", ".join(EXPECTED_COLUMNS)
    found: dict[str, int] = {}
    unknown = False
    for index, cell in enumerate(header):
        label = " ".join(cell.strip().lower().replace("_", " ").split())
        if not label:
            continue
        column = next((c for c, aliases in HEADER_ALIASES.items() if label in aliases), None)
        if column is None or column in found:
            unknown = True
            continue
        found[column] = index
    missing = [c for c in EXPECTED_COLUMNS if c not in found]
    if missing or unknown:
        problem = (
            _("It has no %(columns)s column") % {"columns": _(" or ").join(missing)}
            if missing
            else _("It has columns we do not recognise")
        )
        raise UploadError(
            _(
                "The first row of the file must name the columns %(columns)s (in any order). %(problem)s. "
                "Add a first row with exactly: %(columns)s"
            )
            % {"columns": expected, "problem": problem}
        )
    return found


def parse_participants_csv(data: bytes, roster: list[RosterEntry]) -> list[RowResult]:
    """Validate every row and decide what confirming would do with it.

    - new: will be added and invited;
    - rejoin: was withdrawn from this programme, will be invited again;
    - merged: the same person as an earlier row (same mobile or email), combined with it;
    - existing: already on this programme, nothing changes;
    - error: cannot be added until the file is corrected.
    """
    if not data:
        raise UploadError(_("The selected file is empty"))
    if len(data) > MAX_BYTES:
        raise UploadError(_("The selected file must be smaller than 1MB"))
    text = _decode(data)
    try:
        rows = list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as exc:
        raise UploadError(_("The selected file must be a CSV file")) from exc
    rows = [r for r in rows if any(cell.strip() for cell in r)]
    if not rows:
        raise UploadError(_("The selected file is empty"))
    columns = _header_map(rows[0])
    if len(rows) - 1 > MAX_ROWS:
        raise UploadError(
            _("The file must have no more than %(count)s participants. Split it into smaller files")
            % {"count": MAX_ROWS}
        )
    if len(rows) == 1:
        raise UploadError(_("The file has column names but no participants"))

    by_mobile = {e.mobile: e for e in roster if e.mobile}
    by_email = {e.email: e for e in roster if e.email}
    seen_mobile: dict[str, RowResult] = {}
    seen_email: dict[str, RowResult] = {}
    results: list[RowResult] = []
    # Row numbers as a spreadsheet shows them: blank lines were dropped above,
    # so count from the reader's own line positions instead.
    line_numbers = _line_numbers(text)

    for position, row in enumerate(rows[1:], start=1):

        def cell(column, row=row):
            index = columns[column]
            return row[index].strip() if index < len(row) else ""

        name, raw_mobile, raw_email = cell("name"), cell("mobile"), cell("email")
        result = RowResult(
            line=line_numbers[position] if position < len(line_numbers) else position + 1,
            name=name[:_TYPED_LIMIT],
            mobile=raw_mobile[:_TYPED_LIMIT],
            email=raw_email[:_TYPED_LIMIT],
            status="new",
        )
        if not name:
            result.errors.append(_("Enter a name"))
        elif len(name) > 100:
            result.errors.append(_("Name must be 100 characters or fewer"))
        if raw_mobile:
            try:
                result.mobile = uk_mobile_from_text(raw_mobile)
                result.shown_mobile = format_uk_mobile(result.mobile)
            except ValueError as exc:
                result.errors.append(str(exc))
        if raw_email:
            try:
                result.email = normalise_email(raw_email)
            except ValueError as exc:
                result.errors.append(str(exc))
        if not raw_mobile and not raw_email:
            result.errors.append(_("Enter a mobile phone number or an email address"))
        if result.errors:
            result.status = "error"
            results.append(result)
            continue

        mobile = result.mobile if raw_mobile else ""
        email = result.email if raw_email else ""
        on_roster = by_mobile.get(mobile) if mobile else None
        on_roster = on_roster or (by_email.get(email) if email else None)
        earlier = (seen_mobile.get(mobile) if mobile else None) or (seen_email.get(email) if email else None)
        if on_roster is not None:
            result.status = "rejoin" if on_roster.withdrawn else "existing"
            result.note = (
                _("Was taken off this programme: will be invited again")
                if on_roster.withdrawn
                else _("Already on this programme: not added again")
            )
        elif earlier is not None:
            result.status = "merged"
            result.note = _("Same person as row %(line)s: combined with it") % {"line": earlier.line}
            if mobile and not earlier.mobile:
                earlier.mobile = mobile
                seen_mobile[mobile] = earlier
            if email and not earlier.email:
                earlier.email = email
                seen_email[email] = earlier
        else:
            if mobile:
                seen_mobile[mobile] = result
            if email:
                seen_email[email] = result
        results.append(result)
    return results


def _line_numbers(text: str) -> list[int]:
    """For each non-blank CSV record, the spreadsheet row it starts on."""
    reader = csv.reader(io.StringIO(text, newline=""))
    numbers = []
    start = 1
    for record in reader:
        if any(cell.strip() for cell in record):
            numbers.append(start)
        start = reader.line_num + 1
    return numbers


def summarise(results: list[RowResult]) -> dict[str, int]:
    summary = {"new": 0, "rejoin": 0, "merged": 0, "existing": 0, "error": 0}
    for result in results:
        summary[result.status] += 1
    summary["total"] = len(results)
    summary["to_add"] = summary["new"] + summary["rejoin"]
    return summary
