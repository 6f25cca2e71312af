"""Research export: pseudonymised questionnaire results of research-consented members only.

No names, phone numbers, emails, free text or exact dates: members appear as a stable per-project
pseudonym (HMAC-SHA256 with the service's own secret), dates are coarsened to months.
"""

from __future__ import annotations

import csv
import hashlib
import hmac
import io
import re
import secrets

from django.db import transaction
from django.db.models import Count, Q
from django.utils.translation import gettext, gettext_lazy

from followon.accounts.selectors import consented_members
from followon.core.services import audit_record
from followon.insights.models import ResearchKey
from followon.outcomes.models import Response

COLUMNS = (
    "pseudonym",
    "questionnaire",
    "questionnaire_version",
    "timepoint",
    "completed_month",
    "total",
    "band",
    "prorated",
    "group_meetings_attended",
)
# What each column holds, for the research export page (keep in step with COLUMNS), in the page's language;
# the column names and the values they hold are the file's, never translated.
COLUMN_DESCRIPTIONS = (
    (
        "pseudonym",
        gettext_lazy(
            "The member as P- and 16 letters and numbers: the same for every row and every download "
            "with the same project code, different for another project code"
        ),
    ),
    ("questionnaire", gettext_lazy("Which questionnaire, for example pseq-10 or phq-9")),
    ("questionnaire_version", gettext_lazy("The version of its wording and scoring the member answered")),
    (
        "timepoint",
        gettext_lazy("baseline (at enrolment), end (of the programme), or 3m, 6m or 12m after the programme"),
    ),
    ("completed_month", gettext_lazy("The month it was finished, as YYYY-MM (never the day)")),
    ("total", gettext_lazy("The score by the questionnaire's published rules, empty when too many items were skipped")),
    ("band", gettext_lazy("The severity band, where the questionnaire has one (PHQ-9, GAD-7)")),
    ("prorated", gettext_lazy("yes when skipped items were filled in by the missing-item rule")),
    (
        "group_meetings_attended",
        gettext_lazy("Follow-on group meetings of this service the member has attended, to date"),
    ),
)
assert tuple(name for name, _ in COLUMN_DESCRIPTIONS) == COLUMNS


def _secret(service) -> str:
    key, _ = ResearchKey.objects.get_or_create(service=service, defaults={"secret": secrets.token_hex(32)})
    return key.secret


def pseudonym(secret: str, project: str, member_public_id) -> str:
    digest = hmac.new(secret.encode(), f"{project}:{member_public_id}".encode(), hashlib.sha256).hexdigest()
    return f"P-{digest[:16]}"


PROJECT_CHARACTERS = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")


def clean_project(project: str) -> str:
    """The project code, which keys the pseudonyms: letters, numbers, dots, dashes, underscores."""
    project = (project or "").strip()
    if not project:
        raise ValueError(gettext("Enter a project code"))
    if len(project) > 60:
        raise ValueError(gettext("Project code must be 60 characters or fewer"))
    if not PROJECT_CHARACTERS.fullmatch(project):
        raise ValueError(gettext("Project code must only include letters, numbers, dots, dashes and underscores"))
    return project


def research_export_csv(*, service, project: str, actor) -> str:
    """The CSV text, audited with what it contains (columns and row count, never the content)."""
    project = clean_project(project)
    with transaction.atomic():
        secret = _secret(service)
        rows = (
            Response.objects.filter(
                service=service,
                completed_at__isnull=False,
                member__in=consented_members(service, "research"),
            )
            .annotate(
                attended=Count(
                    "member__attendance",
                    filter=Q(member__attendance__attended=True, member__attendance__meeting__group__service=service),
                    distinct=True,
                )
            )
            .values_list(
                "member__public_id",
                "questionnaire_id",
                "questionnaire_version",
                "invitation__timepoint",
                "completed_at",
                "total",
                "band",
                "prorated",
                "attended",
            )
            .order_by("id")
        )
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(COLUMNS)
        count = 0
        for public_id, qid, version, timepoint, completed, total, band, prorated, attended in rows:
            writer.writerow(
                [
                    pseudonym(secret, project, public_id),
                    qid,
                    version,
                    timepoint,
                    completed.strftime("%Y-%m"),
                    "" if total is None else total,
                    band,
                    "yes" if prorated else "no",
                    attended,
                ]
            )
            count += 1
        audit_record(
            actor=actor,
            action="insights.research_export",
            service=service,
            detail={"project": project, "format": "csv", "rows": count, "columns": list(COLUMNS)},
        )
    return out.getvalue()
