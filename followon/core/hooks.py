"""Registered hooks: how a lower app asks a question that a higher app answers, without importing it.

Apps depend one way (docs/architecture.md, "Layers"). When a lower app needs something only a
higher app knows (the groups app needs the meetings app's formation meeting; the notifications
app needs the member's pain service from accounts), the lower app names a hook and documents what
it expects where it asks; the higher app registers a function for it in its `AppConfig.ready()`.
Facts ("this happened") go the other way as Django signals defined by the app that sends them.

- `ask(name, ...)`: a question with one answer. Raises LookupError when no app answers it, so a
  missing registration fails loudly instead of quietly changing behaviour.
- `ask_all(name, ...)`: contributions (page sections, context), one per registered function, in
  registration order (INSTALLED_APPS order); an empty list when nobody registered.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

_registry: dict[str, list[Callable[..., Any]]] = {}


def register(name: str, function: Callable[..., Any]) -> None:
    """Answer hook `name` with `function` (idempotent: registering the same function twice is one answer)."""
    answers = _registry.setdefault(name, [])
    if function not in answers:
        answers.append(function)


def ask(name: str, *args, **kwargs) -> Any:
    answers = _registry.get(name)
    if not answers:
        raise LookupError(f"No app answers the hook {name!r}: is the app that registers it installed?")
    if len(answers) > 1:
        raise LookupError(f"More than one app answers the hook {name!r}")
    return answers[0](*args, **kwargs)


def ask_all(name: str, *args, **kwargs) -> list[Any]:
    return [function(*args, **kwargs) for function in _registry.get(name, [])]
