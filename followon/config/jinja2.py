"""The Jinja2 environment: our templates first, then the NHS.UK frontend macros."""

from django.conf import settings
from django.contrib import messages
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from jinja2 import ChainableUndefined, ChoiceLoader, Environment, PackageLoader

from followon.core import board_privacy, formatting
from followon.core.nhsuk_forms import error_summary_items, field_params
from followon.core.signposting import CRISIS_SIGNPOSTS


def url(name: str, *args, **kwargs) -> str:
    return reverse(name, args=args or None, kwargs=kwargs or None)


def environment(**options) -> Environment:
    # ChainableUndefined lets the NHS.UK macros read optional nested params
    # (params.hint.text) without every caller spelling them out.
    options["undefined"] = ChainableUndefined
    options["loader"] = ChoiceLoader([options["loader"], PackageLoader("nhsuk_frontend_jinja")])
    options.setdefault("extensions", [])
    env = Environment(**options)  # noqa: S701 - Django's backend passes autoescape=True
    env.globals.update(
        {
            "url": url,
            "static": static,
            # Un-hashed prefix for folders (the NHS.UK template's assetPath); files go through static().
            "static_url": settings.STATIC_URL,
            "get_messages": messages.get_messages,
            "service_name": settings.SERVICE_NAME,
            "now": timezone.now,
            "field_params": field_params,
            "error_summary_items": error_summary_items,
            # The one source of crisis signposting wording (safety/components/flagged_message.jinja).
            "crisis_signposts": CRISIS_SIGNPOSTS,
            # What the duty clinician may see of a board, in the words members are told (ADR 0019).
            "board_privacy": board_privacy,
            # The demo phone exists only in the demo profile (settings/local.py); read at render time.
            "demo_phone_enabled": lambda: settings.DEMO_PHONE_ENABLED,
        }
    )
    env.filters.update(
        {
            "london_datetime": formatting.london_datetime,
            "london_date": formatting.london_date,
        }
    )
    return env
