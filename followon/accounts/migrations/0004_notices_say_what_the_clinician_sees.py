"""Publish the new standard wording of the privacy and safety-screen notices (issue 21, ADR 0019).

The old wording said staff could not read a group's messages "unless a message is flagged", while the
queue showed a flagged post with the three posts before it by anyone in the group. The queue now shows
a flagged post with at most 3 of its author's own posts from the 7 days before it (a reported post
alone), and the notices say exactly that.

For every service whose current notice is still the old standard text, this publishes the new text as
the next version. A service that wrote its own text keeps it (its members are shown FollowOn's words
about what the clinician sees on the board before they post, and its admins see a prompt on the
notices page).

- Safety screen: asks for agreement again (requires_new_agreement), so members agree to the new
  version before their next post and consent is recorded with it.
- Privacy: published as a correction (agreement to the earlier version still counts). What it adds
  is about posts only, and nobody can post without first agreeing to the new safety-screen notice;
  asking again here would stop the service's event invitations to everyone until they did.

The texts are frozen here (not imported) so that this migration always does what it did.
"""

from django.db import migrations

OLD = {
    "privacy": (
        "FollowOn is run by your NHS pain service to help you stay in touch with the people from your "
        "pain management programme.\n\nWe keep your name, how to contact you, the groups you join and what "
        "you choose to share. Staff at your pain service can see your name and contact details. They "
        "cannot read your group's messages, unless a message is flagged because someone may be at "
        "risk.\n\nWe never sell your information or use it for advertising. You can download everything we "
        "hold about you, and ask for your account to be closed, at any time from Your account."
    ),
    "safety_screen": (
        "Before your message is posted to your group, a computer checks it for words that suggest someone "
        "may be at risk of harm.\n\nIf it finds them, you will see where to get help straight away, and the "
        "duty clinician at your pain service is told so they can check you are OK. Nobody else at the "
        "service reads your group's messages.\n\nYou need to agree to this before you can post in a group."
    ),
}

NEW = {
    "privacy": (
        "How we use your information",
        "FollowOn is run by your NHS pain service to help you stay in touch with the people from your "
        "pain management programme.\n\nWe keep your name, how to contact you, the groups you join and what "
        "you choose to share. Staff at your pain service can see your name and contact details. They "
        "cannot read your group's board, with one exception.\n\nIf the message check flags one of your "
        "posts, the duty clinician at your pain service sees that post and up to 3 of your own posts in "
        "that group from the 7 days before it, so they can understand how you have been. If another "
        "member reports one of your posts because they are worried, the clinician sees that post only. "
        "The clinician never sees other members' posts.\n\nWe never sell your information or use it for "
        "advertising. You can download everything we hold about you, and ask for your account to be "
        "closed, at any time from Your account.",
    ),
    "safety_screen": (
        "Keeping group messages safe",
        "Before your message is posted to your group, a computer checks it for words that suggest someone "
        "may be at risk of harm. We call this the message check.\n\nIf it finds them, you will see where to "
        "get help straight away, and the duty clinician at your pain service is told so they can check "
        "you are OK.\n\nIf the message check flags one of your posts, the duty clinician at your pain "
        "service sees that post and up to 3 of your own posts in that group from the 7 days before it, so "
        "they can understand how you have been. If another member reports one of your posts because they "
        "are worried, the clinician sees that post only. The clinician never sees other members' posts. "
        "Nobody else at your pain service reads your group's board.\n\nYou need to agree to this before you "
        "can post in a group.",
    ),
}

ASK_AGAIN = {"safety_screen": True, "privacy": False}


def _same_text(a: str, b: str) -> bool:
    return " ".join(a.split()) == " ".join(b.split())


def publish_new_wording(apps, schema_editor):
    ConsentNotice = apps.get_model("accounts", "ConsentNotice")
    AuditEvent = apps.get_model("core", "AuditEvent")
    for kind, (title, body) in NEW.items():
        service_ids = ConsentNotice.objects.filter(kind=kind).values_list("service_id", flat=True).distinct()
        for service_id in service_ids:
            current = ConsentNotice.objects.filter(service_id=service_id, kind=kind).order_by("-version").first()
            if not _same_text(current.body, OLD[kind]):
                continue  # the service's own words (or already the new ones): kept as they are
            notice = ConsentNotice.objects.create(
                service_id=service_id,
                kind=kind,
                version=current.version + 1,
                title=title,
                body=body,
                requires_new_agreement=ASK_AGAIN[kind],
            )
            AuditEvent.objects.create(
                actor=None,
                action="consent_notice.published",
                target_type="accounts.consentnotice",
                target_id=str(notice.public_id),
                service_id=service_id,
                detail={
                    "kind": kind,
                    "version": notice.version,
                    "requires_new_agreement": notice.requires_new_agreement,
                    "reason": "issue 21: say what the duty clinician sees",
                },
            )


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_cache_table"),
        ("core", "0001_initial"),
    ]

    operations = [migrations.RunPython(publish_new_wording, migrations.RunPython.noop)]
