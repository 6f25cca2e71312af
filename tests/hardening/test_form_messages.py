"""No form ever shows one of Django's default English messages (issue: "This field is required."),
nor a bare "Select an answer" that does not say which question on the page is unanswered.

Generated, not hand-listed: every subclass of forms.BaseForm defined in a followon module is found by
walking the package; each is bound with empty data and with a wrong value for each field (a non-choice
for choice fields, "not-an-email", "x" for numbers, a huge number, a bad date), and no error message may
match a default of Django's form fields or validators. A new form, or a new field on a form, is checked
without anyone adding it here.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import re
from contextlib import nullcontext
from datetime import date

import pytest
from allauth.account.forms import LoginForm
from allauth.core import context
from django import forms
from django.contrib.sessions.middleware import SessionMiddleware
from django.core import validators
from django.test import RequestFactory
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import pgettext_lazy

import followon
from followon.accounts.tests.factories import UserFactory
from followon.conversations.tests.factories import make_group
from followon.core.forms import NhsDateField, NhsMessagesMixin, NhsTimeField
from followon.meetings.models import Venue
from followon.organisations.tests.factories import PainServiceFactory
from followon.peergroups.models import GroupRole, PeerGroup

pytestmark = pytest.mark.django_db


def _form_classes() -> dict[str, type[forms.BaseForm]]:
    found = {}
    for module_info in pkgutil.walk_packages(followon.__path__, "followon."):
        # Settings modules read the environment of their deployment; they define no forms.
        if any(part in module_info.name for part in (".tests", ".migrations", "followon.config.settings")):
            continue
        module = importlib.import_module(module_info.name)
        for obj in vars(module).values():
            if inspect.isclass(obj) and issubclass(obj, forms.BaseForm) and obj.__module__ == module.__name__:
                found[f"{obj.__module__}.{obj.__qualname__}"] = obj
    return dict(sorted(found.items()))


def _default_patterns() -> list[re.Pattern]:
    """Every default message of Django's form fields and validators, as a pattern (%(x)s: anything)."""
    templates = set()
    for cls in vars(forms.fields).values():
        if inspect.isclass(cls) and issubclass(cls, forms.Field):
            for klass in cls.__mro__:
                templates.update(str(m) for m in getattr(klass, "default_error_messages", {}).values())
    for cls in (forms.ModelChoiceField, forms.ModelMultipleChoiceField):
        for klass in cls.__mro__:
            templates.update(str(m) for m in getattr(klass, "default_error_messages", {}).values())
    for cls in vars(validators).values():
        if inspect.isclass(cls) and hasattr(cls, "message"):
            templates.add(str(cls.message))
    for value in vars(validators).values():
        if isinstance(value, validators.RegexValidator):
            templates.add(str(value.message))
    templates.add("Enter a valid date/time.")
    patterns = []
    for template in templates:
        text = re.escape(template)
        text = re.sub(r"%\\\((\w+)\\\)[sdr]", ".*", text)
        patterns.append(re.compile(text, re.DOTALL))
    return patterns


# Messages that name no field or question: a page with several questions cannot be answered from them
# (NHS design system: "Select how often ...", or name the question). core.forms never writes them.
GENERIC = [re.compile(text) for text in (r"Select an answer\.?", r"Enter an answer\.?", r"Enter a number, like 5\.?")]

FORMS = _form_classes()
DEFAULTS = _default_patterns() + GENERIC


def _arguments() -> dict:
    """Keyword arguments forms take, by name: one real service, group and member, plain choices."""
    service = PainServiceFactory()
    group = make_group(service)
    user = UserFactory()
    request = RequestFactory().post("/")
    SessionMiddleware(lambda r: None).process_request(request)
    request.user = user
    return {
        "request": request,
        "venues": Venue.objects.none(),
        "today": date(2026, 12, 4),
        "options": [],
        "labels": {},
        "initial_answers": {},
        "choices": [("a", "A")],
        "members": [user],
        "topics": [("general", "General")],
        "free_roles": [GroupRole.Role.values[0]],
        "allowed": [],
        "targets": PeerGroup.objects.filter(pk=group.pk),
        "others": [],
        "groups": [group],
        "group": group,
        "service": service,
        "user": user,
    }


def _build(cls, data, arguments):
    kwargs = {}
    for name, parameter in inspect.signature(cls.__init__).parameters.items():
        if parameter.kind == parameter.KEYWORD_ONLY and parameter.default is parameter.empty:
            kwargs[name] = arguments[name]
    # Sign-in forms of django-allauth take the request or the person as a keyword they pop themselves.
    if issubclass(cls, LoginForm):
        kwargs["request"] = arguments["request"]
    elif _allauth(cls):
        kwargs["user"] = arguments["user"]
    return cls(data=data, **kwargs)


def _allauth(cls) -> bool:
    return any(klass.__module__.startswith("allauth") for klass in cls.__mro__)


def _wrong(field: forms.Field, name: str) -> dict:
    if isinstance(field, forms.MultiValueField):
        return {f"{name}_{i}": "x" for i in range(len(field.fields))}
    if isinstance(field, forms.BooleanField):
        return {}
    if isinstance(field, forms.EmailField):
        return {name: "not-an-email"}
    if isinstance(field, forms.URLField):
        return {name: "not a url"}
    if isinstance(field, (forms.IntegerField, forms.DecimalField, forms.FloatField)):
        return {name: "x"}
    if isinstance(field, (forms.DateField, forms.TimeField, forms.DateTimeField)):
        return {name: "2026-02-30"}
    if isinstance(field, (forms.MultipleChoiceField, forms.ModelMultipleChoiceField)):
        return {name: ["not-a-choice"]}
    if isinstance(field, (forms.ChoiceField, forms.ModelChoiceField)):
        return {name: "not-a-choice"}
    if isinstance(field, forms.UUIDField):
        return {name: "not-a-uuid"}
    return {name: "x" * 100_000}


def _defaults_shown(form) -> list[str]:
    shown = []
    for field, errors in form.errors.items():
        for message in errors:
            if any(pattern.fullmatch(str(message)) for pattern in DEFAULTS):
                shown.append(f"{field}: {message}")
    return shown


def test_forms_are_found():
    assert len(FORMS) >= 60, sorted(FORMS)
    assert "followon.meetings.forms.MeetingForm" in FORMS


def test_the_default_messages_are_recognised():
    """The check can fail: Django's own messages are caught, and so are bare generic ones."""
    form = forms.Form(data={})
    form.fields["x"] = forms.ChoiceField(choices=[("a", "A")])
    form.fields["y"] = forms.EmailField()
    form.fields["z"] = forms.IntegerField()
    form.fields["w"] = forms.ChoiceField(choices=[("a", "A")], error_messages={"required": "Select an answer"})
    form.data = {"x": "b", "y": "not-an-email", "z": "x"}
    assert len(_defaults_shown(form)) == 4


class _QuestionForm(NhsMessagesMixin, forms.Form):
    came = forms.MultipleChoiceField(label="Who came? (optional)", choices=[("a", "A")], required=False)
    when = forms.CharField(label="When will you do it?")
    how_many = forms.IntegerField(label="How many times?")


def test_a_field_labelled_by_a_question_names_the_question_in_its_errors():
    with translation.override("en"):
        form = _QuestionForm(data={"came": ["z"], "when": "", "how_many": "x"})
        assert form.errors == {
            "came": ["Select an answer to ‘Who came?’"],
            "when": ["Enter an answer to ‘When will you do it?’"],
            "how_many": ["Enter a number as your answer to ‘How many times?’, like 5"],
        }
    with translation.override("cy"):
        form = _QuestionForm(data={"came": ["z"], "when": "", "how_many": "1"})
        assert form.errors["came"] == ["Dewiswch ateb i ‘Who came?’"]
        assert form.errors["when"] == ["Rhowch ateb i ‘When will you do it?’"]


@pytest.mark.parametrize("name", list(FORMS))
def test_no_default_django_message(name):
    cls = FORMS[name]
    shown = []
    arguments = _arguments()
    allauth_request = context.request_context(arguments["request"]) if _allauth(cls) else nullcontext()
    with translation.override("en"), allauth_request:
        empty = _build(cls, {}, arguments)
        shown += [f"empty: {m}" for m in _defaults_shown(empty)]
        for field_name, field in empty.fields.items():
            form = _build(cls, _wrong(field, empty.add_prefix(field_name)), arguments)
            shown += [f"wrong {field_name}: {m}" for m in _defaults_shown(form) if m.startswith(field_name + ":")]
    assert not shown, shown


def test_every_date_and_time_field_names_itself_in_the_page_language():
    """A date or time box's own messages ("Enter the start time", "The date ... must be a real date")
    are built from its `label_lower`: given as a translation (pgettext_lazy), they come out in the page's
    language; given as a plain string, they stay English on a Welsh page (issue 18). Every such field of
    every form, found here rather than listed."""
    plain = []
    for name, cls in _form_classes().items():
        for field_name, field in cls.base_fields.items():
            if isinstance(field, (NhsDateField, NhsTimeField)) and not isinstance(field.label_lower, Promise):
                plain.append(f"{name}.{field_name}")
    assert not plain, f"label_lower given as a plain string (English on Welsh pages): {plain}"


def test_a_date_or_time_field_refuses_a_plain_string_name():
    """There is no English-only path left: a plain `label_lower` fails when the form is written."""
    for field in (NhsDateField, NhsTimeField):
        with pytest.raises(TypeError, match="lazy translation"):
            field(label_lower="start time")


def test_a_date_field_says_what_is_wrong_in_welsh():
    field = NhsDateField(label_lower=pgettext_lazy("a field, in an error message", "date you did it"))
    with translation.override("cy"), pytest.raises(forms.ValidationError) as raised:
        field.clean(["31", "2", "2026"])
    assert raised.value.messages == ["Nid yw dyddiad ei wneud yn ddyddiad go iawn"]
    with translation.override("en-gb"), pytest.raises(forms.ValidationError) as raised:
        field.clean(["31", "2", "2026"])
    assert raised.value.messages == ["The date you did it must be a real date"]
