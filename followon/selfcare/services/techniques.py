"""The technique library: a service's own wording of a technique page."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from followon.core.services import audit_record
from followon.selfcare import techniques
from followon.selfcare.models import (
    TechniquePage,
)

# -- technique library ----------


@transaction.atomic
def technique_page_save(*, service, slug: str, title: str, summary: str, body: str, actor) -> TechniquePage:
    if slug not in techniques.BY_SLUG:
        raise ValidationError(_("Unknown technique page"))
    errors = {}
    if not title.strip():
        errors["title"] = _("Enter a title")
    if not summary.strip():
        errors["summary"] = _("Enter a short summary")
    if not body.strip():
        errors["body"] = _("Enter the page text")
    if errors:
        raise ValidationError(errors)
    try:
        page, _created = TechniquePage.objects.update_or_create(
            service=service,
            slug=slug,
            defaults={"title": title.strip(), "summary": summary.strip(), "body": body.strip(), "updated_by": actor},
        )
    except IntegrityError as exc:  # two admins saving at once: the other one won
        raise ValidationError(_("Someone else saved this page at the same time. Check it and try again")) from exc
    audit_record(actor=actor, action="selfcare.technique_saved", target=page, service=service, detail={"slug": slug})
    return page


@transaction.atomic
def technique_page_reset(*, service, slug: str, actor) -> None:
    TechniquePage.objects.filter(service=service, slug=slug).delete()
    audit_record(actor=actor, action="selfcare.technique_reset", service=service, detail={"slug": slug})
