"""The Jinja2 environment: our templates first, then the NHS.UK frontend macros."""

from django.conf import settings
from django.contrib import messages
from django.utils import timezone, translation
from jinja2 import ChainableUndefined, ChoiceLoader, Environment, PackageLoader

from followon.core import board_privacy, formatting, languages
from followon.core.nhsuk_forms import error_summary_items, field_params
from followon.core.signposting import CRISIS_SIGNPOSTS_FOR_THE_PAGE
from followon.core.template_memo import (
    RememberingTemplate,
    remembered_field,
    remembered_gettext,
    remembered_static,
    template_url,
)

# Django's reverse, each answer remembered under the language, prefix and URLconf (core/template_memo.py).
url = template_url


def environment(**options) -> Environment:
    # ChainableUndefined lets the NHS.UK macros read optional nested params
    # (params.hint.text) without every caller spelling them out.
    options["undefined"] = ChainableUndefined
    options["loader"] = ChoiceLoader([options["loader"], PackageLoader("nhsuk_frontend_jinja")])
    # Translations: {{ _("...") }}, {% trans %}, through Django's catalogues (followon/locale/, ADR 0027).
    # New-style gettext formats placeholders itself (and escapes them): _("Hello %(name)s", name=x).
    options["extensions"] = [*options.get("extensions", []), "jinja2.ext.i18n"]
    env = Environment(**options)  # noqa: S701 - Django's backend passes autoescape=True
    # NHS.UK component macros give back the HTML of an earlier call with the same parameters
    # (core/template_memo.py; issue 16).
    env.template_class = RememberingTemplate
    env.install_gettext_callables(  # type: ignore[attr-defined] - added by jinja2.ext.i18n
        translation.gettext,
        translation.ngettext,
        newstyle=True,
        pgettext=translation.pgettext,
        npgettext=translation.npgettext,
    )
    # The same new-style gettext, each language's answers remembered (core/template_memo.py; issue 16).
    env.globals.update({"gettext": remembered_gettext, "_": remembered_gettext})
    env.globals.update(
        {
            "url": url,
            # Django's static(), each answer remembered until the static files settings change (core/template_memo.py).
            "static": remembered_static,
            # Un-hashed prefix for folders (the NHS.UK template's assetPath); files go through static().
            "static_url": settings.STATIC_URL,
            "get_messages": messages.get_messages,
            "service_name": settings.SERVICE_NAME,
            "now": timezone.now,
            "field_params": field_params,
            # A form field drawn by components/forms.jinja's `field`, remembered when its form's fields
            # are fixed (core/template_memo.py; issue 16).
            "remembered_field": remembered_field,
            "error_summary_items": error_summary_items,
            # The one source of crisis signposting wording (safety/components/flagged_message.jinja), in the
            # page's language's list (Welsh pages add Samaritans' Welsh Language Line).
            "crisis_signposts": CRISIS_SIGNPOSTS_FOR_THE_PAGE,
            # What the duty clinician may see of a board, in the words members are told (ADR 0019).
            "board_privacy": board_privacy,
            # <html lang dir>, the language toggle and the in-review notice (core/languages.py).
            "html_lang": languages.html_lang,
            "text_direction": languages.text_direction,
            "language_links": languages.language_links,
            "language_in_review": lambda: languages.in_review(translation.get_language() or ""),
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
