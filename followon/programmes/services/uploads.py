"""Bulk enrolment from a CSV upload: preview, confirm or discard."""

from __future__ import annotations

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from followon.core.services import audit_record
from followon.programmes.models import (
    Enrolment,
    ParticipantUpload,
    Programme,
)
from followon.programmes.services.enrolment import enrolment_invite
from followon.programmes.uploads import RosterEntry, RowResult, parse_participants_csv, summarise

# Bulk enrolment from a CSV upload -------------------------------------------------

UPLOAD_VALID_FOR = timedelta(hours=24)


def upload_preview_create(*, programme: Programme, uploaded_by, data: bytes) -> ParticipantUpload:
    """Read a CSV of participants and keep the checked rows for a preview.

    Nothing is added to the programme until `upload_confirm`. Raises
    uploads.UploadError (with a message naming the expected columns) when the
    file itself cannot be used. Older unconfirmed uploads of this programme
    are discarded, so personal data does not linger.
    """
    roster = [
        RosterEntry(mobile=m, email=e, withdrawn=s == Enrolment.Status.WITHDRAWN)
        for m, e, s in programme.enrolments.values_list("mobile", "email", "status")
    ] + [
        RosterEntry(mobile=m or "", email=e or "", withdrawn=s == Enrolment.Status.WITHDRAWN)
        for m, e, s in programme.enrolments.filter(user__isnull=False).values_list(
            "user__mobile", "user__email", "status"
        )
    ]
    results = parse_participants_csv(data, roster)
    with transaction.atomic():
        programme.uploads.filter(status=ParticipantUpload.Status.PREVIEW).update(
            status=ParticipantUpload.Status.DISCARDED, rows=[], finished_at=timezone.now()
        )
        upload = ParticipantUpload.objects.create(
            programme=programme,
            uploaded_by=uploaded_by,
            rows=[r.as_dict() for r in results],
            summary=summarise(results),
        )
        audit_record(
            actor=uploaded_by,
            action="enrolment_upload.previewed",
            target=upload,
            service=programme.service,
            detail={"rows": len(results)},
        )
    return upload


def upload_confirm(*, upload: ParticipantUpload, confirmed_by) -> dict[str, int]:
    """Add and invite the previewed rows that can be added, all or nothing.

    Returns {"added": n, "merged": m}: `merged` counts rows that turned out
    to be someone already on the programme (added meanwhile).
    """
    with transaction.atomic():
        upload = ParticipantUpload.objects.select_for_update().get(pk=upload.pk)
        if upload.status != ParticipantUpload.Status.PREVIEW:
            raise ValidationError(_("This upload has already been confirmed or discarded"))
        if upload.created_at < timezone.now() - UPLOAD_VALID_FOR:
            raise ValidationError(_("This upload has expired. Upload the file again"))
        added = merged = 0
        for row in upload.rows:
            if row["status"] not in RowResult.ADDS:
                continue
            _enrolment, created = enrolment_invite(
                programme=upload.programme,
                invited_by=confirmed_by,
                name=row["name"],
                mobile=row["mobile"],
                email=row["email"],
                source=Enrolment.Source.UPLOAD,
            )
            added += created or row["status"] == "rejoin"
            merged += not created and row["status"] != "rejoin"
        upload.status = ParticipantUpload.Status.CONFIRMED
        upload.rows = []
        upload.summary = {**upload.summary, "added": added}
        upload.finished_at = timezone.now()
        upload.save(update_fields=["status", "rows", "summary", "finished_at"])
        audit_record(
            actor=confirmed_by,
            action="enrolment_upload.confirmed",
            target=upload,
            service=upload.programme.service,
            detail={"added": added, "merged": merged},
        )
    return {"added": added, "merged": merged}


def upload_discard(*, upload: ParticipantUpload, discarded_by) -> None:
    with transaction.atomic():
        updated = ParticipantUpload.objects.filter(pk=upload.pk, status=ParticipantUpload.Status.PREVIEW).update(
            status=ParticipantUpload.Status.DISCARDED, rows=[], finished_at=timezone.now()
        )
        if updated:
            audit_record(
                actor=discarded_by,
                action="enrolment_upload.discarded",
                target=upload,
                service=upload.programme.service,
            )
