"""For tests in any app: a member's text arriving through Notify's received-text callback, as Notify sends it."""

import json
import uuid

from followon.notifications.models import InboundSms

RECEIVED_TEXT_URL = "/callbacks/notify/received-text"
RECEIVED_TEXT_TOKEN = "received-text-token-0123456789"


def text_in(client, user, message, *, notify_id=None, received="2026-06-10T10:15:30.000000Z") -> InboundSms:
    """POST the callback for `message` from `user`'s mobile (Notify's format: no "+") and return what was
    recorded. Needs settings.NOTIFY_RECEIVED_TEXT_TOKEN = RECEIVED_TEXT_TOKEN. A repeated `notify_id` is
    Notify sending the same callback again."""
    body = {
        "id": notify_id or str(uuid.uuid4()),
        "source_number": user.mobile.lstrip("+"),
        "destination_number": "07700987654",
        "message": message,
        "date_received": received,
    }
    response = client.post(
        RECEIVED_TEXT_URL,
        data=json.dumps(body),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {RECEIVED_TEXT_TOKEN}",
    )
    assert response.status_code == 200, response.content
    return InboundSms.objects.get(notify_id=body["id"])
