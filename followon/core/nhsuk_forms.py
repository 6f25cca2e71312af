"""Draw Django form fields as NHS.UK frontend components.

`field_params(bound_field)` turns a bound field into the parameter dict the
NHS.UK macro for its widget expects, so every form in FollowOn gets the same
labels, hints, error messages and kept values ("nothing typed is lost").
"""

from __future__ import annotations

from django import forms


def widget_kind(bound_field: forms.BoundField) -> str:
    widget = bound_field.field.widget
    # CheckboxSelectMultiple is a subclass of RadioSelect, so it is tested first.
    if isinstance(widget, forms.CheckboxSelectMultiple):
        return "checkboxes"
    if isinstance(widget, forms.RadioSelect):
        return "radios"
    if isinstance(widget, forms.CheckboxInput):
        return "checkbox"
    if isinstance(widget, forms.Select):
        return "select"
    if isinstance(widget, forms.Textarea):
        return "textarea"
    if isinstance(widget, forms.HiddenInput):
        return "hidden"
    if isinstance(widget, forms.ClearableFileInput | forms.FileInput):
        return "file"
    return "input"


def _error(bound_field):
    return {"text": bound_field.errors[0]} if bound_field.errors else None


def _value(bound_field) -> str:
    value = bound_field.value()
    if value is None:
        return ""
    return str(value)


def field_params(bound_field: forms.BoundField, **overrides) -> dict:
    """The NHS.UK macro params for a bound field; keyword overrides win."""
    kind = widget_kind(bound_field)
    widget = bound_field.field.widget
    label_text = overrides.pop("label", None) or bound_field.label
    hint = overrides.pop("hint", None) or bound_field.help_text
    is_page_heading = overrides.pop("is_page_heading", False)
    params: dict = {
        "id": bound_field.id_for_label or bound_field.auto_id,
        "name": bound_field.html_name,
        "errorMessage": _error(bound_field),
        "attributes": {k: v for k, v in widget.attrs.items() if k not in {"class", "id"}},
    }
    if hint:
        params["hint"] = {"text": str(hint)}
    label = {"text": str(label_text)}
    if is_page_heading:
        label.update({"isPageHeading": True, "size": "l"})
    if kind in {"radios", "checkboxes"}:
        chosen = bound_field.value()
        chosen = {str(v) for v in chosen} if isinstance(chosen, list | tuple) else {str(chosen)}
        params["idPrefix"] = params.pop("id")
        params["fieldset"] = {
            "legend": label | ({"isPageHeading": True, "size": "l"} if is_page_heading else {"size": "s"})
        }
        params["items"] = [
            {"value": str(value), "text": str(text), "checked": str(value) in chosen}
            for value, text in bound_field.field.choices
            if str(value) != ""
        ]
    elif kind == "checkbox":
        params["idPrefix"] = params.pop("id")
        params["items"] = [{"value": "on", "text": str(label_text), "checked": bool(bound_field.value())}]
        if hint:
            params["items"][0]["hint"] = params.pop("hint")
    elif kind == "select":
        params["label"] = label
        current = _value(bound_field)
        params["items"] = [
            {"value": str(value), "text": str(text), "selected": str(value) == current}
            for value, text in bound_field.field.choices
        ]
    else:
        params["label"] = label
        if kind != "file":
            params["value"] = _value(bound_field)
        if kind == "input":
            params["type"] = getattr(widget, "input_type", "text")
            if params["type"] == "number":
                # NHS guidance: number inputs misbehave; use text with a numeric keypad.
                params["type"] = "text"
                params["inputmode"] = "numeric"
    params.update(overrides)
    params["_kind"] = kind
    return params


def error_summary_items(form: forms.Form) -> list[dict]:
    items = [{"text": str(e), "href": "#main-content-errors"} for e in form.non_field_errors()]
    for bound_field in form:
        for error in bound_field.errors:
            target = bound_field.id_for_label or bound_field.auto_id
            if widget_kind(bound_field) in {"radios", "checkboxes", "checkbox"}:
                target = bound_field.auto_id
            items.append({"text": str(error), "href": f"#{target}"})
            break
    return items
