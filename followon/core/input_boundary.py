"""The one input boundary: text that cannot be stored is cleaned before any view, form or service sees it.

PostgreSQL refuses NUL in text, and Python strings can hold lone surrogates (from a JSON "\\ud800" escape)
that no encoder accepts; either reached the database as a 500, and a received text from Notify was then
lost while Notify retried. Unicode non-characters (U+FFFE, U+FDD0...) are never meaningful in what a
person types. All three are removed here:

- `InputBoundaryMiddleware` cleans every GET and POST value (and name) of every request;
- `json_object()` reads a callback's JSON body within a size and nesting bound (a 4xx beyond it, never
  a RecursionError) and cleans every string in it, so a received text is cleaned and kept.

Dates and numbers are range-checked in their form fields (`core.forms.NhsDateField`, the forms'
IntegerFields with min_value/max_value), with NHS-style messages that keep what was entered.
"""

from __future__ import annotations

import json
import re

from django.http import QueryDict

# NUL, lone surrogates, and the 66 Unicode non-characters (U+FDD0-U+FDEF and the last two of each plane).
_UNSTORABLE = re.compile(
    "[\x00\ud800-\udfff\ufdd0-\ufdef"
    + "".join(f"{chr(plane * 0x10000 + 0xFFFE)}{chr(plane * 0x10000 + 0xFFFF)}" for plane in range(17))
    + "]"
)

CALLBACK_MAX_BYTES = 64 * 1024  # a received text is at most a few KB; Notify's receipts are smaller
CALLBACK_MAX_DEPTH = 8  # Notify's payloads are flat objects


def clean_text(value: str) -> str:
    """The text without NUL, lone surrogates or non-characters."""
    return _UNSTORABLE.sub("", value) if _UNSTORABLE.search(value) else value


def clean_querydict(data: QueryDict) -> QueryDict:
    """A copy of GET or POST data with every name and value cleaned (the same object if already clean)."""
    if not any(_UNSTORABLE.search(k) or any(_UNSTORABLE.search(v) for v in vs) for k, vs in data.lists()):
        return data
    cleaned = QueryDict(mutable=True, encoding=data.encoding)
    for key, values in data.lists():
        cleaned.setlist(clean_text(key), [clean_text(v) for v in values])
    cleaned._mutable = False
    return cleaned


class InputBoundaryMiddleware:
    """Cleans request.GET and request.POST (form posts; file uploads keep their files untouched)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.GET = clean_querydict(request.GET)
        if request.method == "POST" and request.content_type in (
            "application/x-www-form-urlencoded",
            "multipart/form-data",
        ):
            request.POST = clean_querydict(request.POST)
        return self.get_response(request)


class PayloadRefused(ValueError):
    def __init__(self, status: int, reason: str):
        super().__init__(reason)
        self.status, self.reason = status, reason


def _nesting_depth(text: str) -> int:
    """How deeply objects and arrays nest, counted without parsing (so without recursion)."""
    depth = deepest = 0
    in_string = escaped = False
    for char in text:
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif char in "]}":
            depth -= 1
    return deepest


def _clean_json(value):
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, list):
        return [_clean_json(item) for item in value]
    if isinstance(value, dict):
        return {clean_text(key): _clean_json(item) for key, item in value.items()}
    return value


def json_object(body: bytes, *, max_bytes: int = CALLBACK_MAX_BYTES, max_depth: int = CALLBACK_MAX_DEPTH) -> dict:
    """A callback's JSON object, cleaned; PayloadRefused (413 or 400) when too big, too deep or not one."""
    if len(body) > max_bytes:
        raise PayloadRefused(413, f"the body is larger than {max_bytes} bytes")
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise PayloadRefused(400, "expected UTF-8 JSON") from exc
    if _nesting_depth(text) > max_depth:
        raise PayloadRefused(400, f"the JSON nests deeper than {max_depth} levels")
    try:
        payload = json.loads(text)
    except (ValueError, RecursionError) as exc:
        raise PayloadRefused(400, "expected a JSON object") from exc
    if not isinstance(payload, dict):
        raise PayloadRefused(400, "expected a JSON object")
    return _clean_json(payload)
