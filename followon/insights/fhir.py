"""Research export as FHIR: the shipped questionnaires and research-consented members' answers.

A JSON Bundle (type "collection") holding one Questionnaire per shipped questionnaire (items and
answer options) and one QuestionnaireResponse per completed response of a research-consented
member, built and validated with `fhir.resources`.

FHIR version: `fhir.resources` 8 ships R5 and R4B (4.3.0) but no longer R4 (4.0.1) itself. R4B
is a technical correction of R4 and Questionnaire, QuestionnaireResponse and Bundle are the same
in both (no element added, removed or changed), so these resources are valid R4. The models are
from `fhir.resources.R4B` and the bundle says `fhirVersion` 4.0.1 compatible in its meta tag.

Same rules as the CSV (`export.py`): research-consented members only, completed responses only,
the member is a per-project pseudonym in `subject.identifier` (never a reference to a person),
`authored` is coarsened to the month ("YYYY-MM", a valid FHIR dateTime), resource ids are
derived from the pseudonym key so they link nothing outside the export, no free text.
"""

from __future__ import annotations

import hashlib
import hmac
import uuid

from django.db import transaction
from django.utils import timezone
from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.questionnaire import Questionnaire as FhirQuestionnaire
from fhir.resources.R4B.questionnaireresponse import QuestionnaireResponse as FhirQuestionnaireResponse

from followon.accounts.selectors import consented_members
from followon.core.links import base_url
from followon.core.services import audit_record
from followon.insights.export import _secret, clean_project, pseudonym
from followon.outcomes.instruments import QUESTIONNAIRES, ItemKind, Questionnaire
from followon.outcomes.models import Response

PSEUDONYM_SYSTEM = "urn:followon:research-pseudonym:"
FHIR_VERSION = "4.0.1"


def canonical_url(questionnaire: Questionnaire) -> str:
    return f"{base_url()}/fhir/Questionnaire/{questionnaire.id}"


def option_system(questionnaire: Questionnaire, item_id: str) -> str:
    return f"{canonical_url(questionnaire)}/{item_id}"


def _fhir_type(item) -> str:
    return {ItemKind.CHOICE: "choice", ItemKind.YES_NO: "boolean", ItemKind.COUNT: "integer"}[item.kind]


def questionnaire_resource(questionnaire: Questionnaire) -> dict:
    """One shipped questionnaire as a FHIR Questionnaire (as a dict, validated by the caller)."""
    items = []
    for item in questionnaire.items:
        # No "required": members may skip any item (the questionnaire's missing-item rule decides whether
        # a total can still be given), so a completed response without an item must still be valid.
        entry = {"linkId": item.id, "text": item.text, "type": _fhir_type(item)}
        if item.kind == ItemKind.CHOICE:
            entry["answerOption"] = [
                {
                    "valueCoding": {
                        "system": option_system(questionnaire, item.id),
                        "code": str(option.value),
                        "display": option.label,
                    }
                }
                for option in item.options
            ]
        if item.kind == ItemKind.COUNT:
            entry["text"] = f"{item.text} ({item.min_value} to {item.max_value})"
        items.append(entry)
    resource = {
        "resourceType": "Questionnaire",
        "id": questionnaire.id,
        "url": canonical_url(questionnaire),
        "version": questionnaire.version,
        "name": "".join(part.capitalize() for part in questionnaire.id.replace(".", "-").split("-")),
        "title": questionnaire.title,
        "status": "active",
        "subjectType": ["Patient"],
        "copyright": questionnaire.source.licence,
        "item": items,
    }
    if questionnaire.loinc_code:
        resource["code"] = [{"system": "http://loinc.org", "code": questionnaire.loinc_code}]
    return resource


def _answer(questionnaire: Questionnaire, item, value: int) -> dict:
    if item.kind == ItemKind.YES_NO:
        return {"valueBoolean": bool(value)}
    if item.kind == ItemKind.COUNT:
        return {"valueInteger": value}
    option = item.option_for(value)
    return {
        "valueCoding": {
            "system": option_system(questionnaire, item.id),
            "code": str(value),
            "display": option.label if option else str(value),
        }
    }


def _derived_uuid(secret: str, project: str, kind: str, public_id) -> str:
    digest = hmac.new(secret.encode(), f"{project}:{kind}:{public_id}".encode(), hashlib.sha256).digest()
    return str(uuid.UUID(bytes=digest[:16], version=4))


def research_export_fhir(*, service, project: str, actor) -> tuple[str, dict]:
    """The Bundle as JSON text and a summary of what it holds (also written to the audit log)."""
    project = clean_project(project)
    with transaction.atomic():
        secret = _secret(service)
        responses = (
            Response.objects.filter(
                service=service,
                completed_at__isnull=False,
                member__in=consented_members(service, "research"),
                questionnaire_id__in=list(QUESTIONNAIRES),
            )
            .select_related("member")
            .only("public_id", "questionnaire_id", "questionnaire_version", "completed_at", "member__public_id")
            .prefetch_related("answers")
            .order_by("id")
        )
        entries = [
            {
                "fullUrl": canonical_url(q),
                "resource": FhirQuestionnaire.model_validate(questionnaire_resource(q)).model_dump(mode="json"),
            }
            for q in QUESTIONNAIRES.values()
        ]
        response_count = 0
        members = set()
        for response in responses:
            questionnaire = QUESTIONNAIRES[response.questionnaire_id]
            items_by_id = {item.id: item for item in questionnaire.items}
            answered = []
            for answer in response.answers.all():
                item = items_by_id.get(answer.item_id)
                if item is None or answer.value is None:
                    continue  # a skipped item has no answer in FHIR
                answered.append(
                    (
                        questionnaire.items.index(item),
                        {"linkId": item.id, "answer": [_answer(questionnaire, item, answer.value)]},
                    )
                )
            member_pseudonym = pseudonym(secret, project, response.member.public_id)
            members.add(member_pseudonym)
            resource_id = _derived_uuid(secret, project, "response", response.public_id)
            resource = {
                "resourceType": "QuestionnaireResponse",
                "id": resource_id,
                "questionnaire": f"{canonical_url(questionnaire)}|{response.questionnaire_version}",
                "status": "completed",
                "subject": {
                    "identifier": {"system": PSEUDONYM_SYSTEM + project, "value": member_pseudonym},
                    "display": "Research participant (pseudonymised)",
                },
                "authored": timezone.localtime(response.completed_at).strftime("%Y-%m"),
                "item": [entry for _, entry in sorted(answered, key=lambda pair: pair[0])],
            }
            entries.append(
                {
                    "fullUrl": f"urn:uuid:{resource_id}",
                    "resource": FhirQuestionnaireResponse.model_validate(resource).model_dump(mode="json"),
                }
            )
            response_count += 1
        bundle = Bundle.model_validate(
            {
                "resourceType": "Bundle",
                "type": "collection",
                "timestamp": timezone.now().isoformat(),
                "meta": {"tag": [{"system": "http://hl7.org/fhir/FHIR-version", "code": FHIR_VERSION}]},
                "entry": entries,
            }
        )
        summary = {
            "project": project,
            "format": "fhir",
            "questionnaires": len(QUESTIONNAIRES),
            "responses": response_count,
            "members": len(members),
            "resources": ["Questionnaire", "QuestionnaireResponse"],
        }
        audit_record(actor=actor, action="insights.research_export", service=service, detail=summary)
    return bundle.model_dump_json(exclude_none=True), summary
