"""The message screen: a transparent, rule-based safety net for group posts, SMS and free text.

Public API (pure Python, no database, safe to call inside a request):

    from followon.safety.screen import screen_text_safely, Level

    result = screen_text_safely(body)        # never raises
    result.level          # Level.NONE | CONCERN | URGENT | UNSCREENED (screen failed: review it)
    result.flagged        # concern or urgent: show the author the signposting, raise a queue item
    result.needs_review   # concern, urgent or unscreened: the queue must see it
    result.fired          # FiredRule(id, level, description, context) for each rule that fired
    result.rule_ids       # just the ids
    result.version        # SCREEN_VERSION that produced it; store it with the item
    result.as_dict()      # JSON-safe summary (no message text) for a JSONField or a log line

`screen_text` is the same but raises on bad input; use it only in tests and tools. The rules are
data in :mod:`followon.safety.screen.rules`; the decision record is docs/adr (message screen).
"""

from .engine import SCREEN_VERSION, explain, screen_text, screen_text_safely
from .model import FiredRule, Level, ScreenResult, SuppressedRule
from .rules import IDIOMS, RULES

__all__ = [
    "IDIOMS",
    "RULES",
    "SCREEN_VERSION",
    "FiredRule",
    "Level",
    "ScreenResult",
    "SuppressedRule",
    "explain",
    "screen_text",
    "screen_text_safely",
]
