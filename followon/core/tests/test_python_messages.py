"""No English sentence reaches a person from Python without the catalogue (issue 18; ADR 0027).

The template scan (`test_template_literals.py`) covers what templates say. What Python says to a person
goes through five doors: a flash message (`messages.success(request, ...)`), the "sent or held" wording
(`sent_or_when(sent, later, when)`), a `ValidationError` a service or a form raises, which
`attach_errors` puts on the page as it is, a form's own `add_error(field, ...)`, and the hint a text
reply handler raises (`ReplyNotUnderstood(hint)`), texted back to the member. This test reads every
module outside the tests and migrations and fails on any of those given a bare string or an f-string,
directly or through a name the same function filled with one first (`text = "...";
messages.info(request, text)`, `errors["day"] = "..."; raise ValidationError(errors)`), or the module
(`HINT = "..."` or `REJOIN_NEEDS_COORDINATOR = "..."` at its top): a Welsh member would read it in
English. Wrap it: `_("%(name)s has been invited") % {"name": name}`; a hint in `gettext_lazy` (with
`ReplyNotUnderstood(hint, {"count": count})` for its placeholders), so it is written in the member's
message language when the reply is. A hint's name is followed into the FollowOn module it is imported
from.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
_FLASH = {"success", "info", "warning", "error", "debug", "add_message"}


def _english(node: ast.AST) -> bool:
    """A literal sentence: a string constant with a letter, an f-string, either joined by + or %, or
    either as one side of `a if b else c`."""
    if isinstance(node, ast.Constant):
        return isinstance(node.value, str) and any(ch.isalpha() for ch in node.value)
    if isinstance(node, ast.JoinedStr):
        return True
    if isinstance(node, ast.BinOp):
        return _english(node.left)
    if isinstance(node, ast.IfExp):
        return _english(node.body) or _english(node.orelse)
    if isinstance(node, ast.Dict):
        return any(_english(value) for value in node.values if value is not None)
    if isinstance(node, ast.List):
        return any(_english(element) for element in node.elts)
    return False


def _said(call: ast.Call) -> list[ast.AST]:
    """The arguments of `call` that a person will read, if it is one of the doors."""
    func = call.func
    name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
    owner = getattr(getattr(func, "value", None), "id", "")
    if name in _FLASH and owner == "messages":
        return call.args[1:2] + [k.value for k in call.keywords if k.arg == "message"]
    if name == "sent_or_when":
        return call.args[:2]
    if name == "ValidationError":
        return call.args[:1] + [k.value for k in call.keywords if k.arg == "message"]
    if name == "add_error":
        return call.args[1:2] + [k.value for k in call.keywords if k.arg == "error"]
    if name == "ReplyNotUnderstood":
        return call.args[:1] + [k.value for k in call.keywords if k.arg == "hint"]
    return []


def _filled(scope: ast.AST) -> dict[str, list[ast.AST]]:
    """What each name is given in `scope`: `name = value`, `name[key] = value`, `name.append(value)`."""
    given: dict[str, list[ast.AST]] = {}
    for node in ast.walk(scope):
        if isinstance(node, ast.Assign | ast.AnnAssign) and node.value is not None:
            for target in node.targets if isinstance(node, ast.Assign) else [node.target]:
                if isinstance(target, ast.Subscript):
                    target = target.value
                if isinstance(target, ast.Name):
                    given.setdefault(target.id, []).append(node.value)
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in {"append", "extend"}
            and isinstance(node.func.value, ast.Name)
        ):
            given.setdefault(node.func.value.id, []).extend(node.args)
    return given


def _module_constants(tree: ast.Module, depth: int = 0) -> dict[str, list[ast.AST]]:
    """What the module's top level gives each name, and what FollowOn modules it imports names from
    give them (`from followon.selfcare.services.common import CHECKIN_HINT`, through re-exports)."""
    given: dict[str, list[ast.AST]] = {}
    for statement in tree.body:
        if isinstance(statement, ast.Assign | ast.AnnAssign) and statement.value is not None:
            for name, values in _filled(statement).items():
                given.setdefault(name, []).extend(values)
        elif isinstance(statement, ast.ImportFrom) and (statement.module or "").startswith("followon.") and depth < 3:
            base = ROOT.parent.joinpath(*statement.module.split("."))
            path = next((p for p in (base.with_suffix(".py"), base / "__init__.py") if p.exists()), None)
            if path is None:
                continue
            theirs = _module_constants(ast.parse(path.read_text()), depth + 1)
            for alias in statement.names:
                if alias.name in theirs:
                    given.setdefault(alias.asname or alias.name, []).extend(theirs[alias.name])
    return given


def literal_messages(source: str) -> list[tuple[int, str]]:
    """(line, text) of each English sentence given to a door, or to a name that reaches one."""
    found = set()
    tree = ast.parse(source)
    functions = [node for node in ast.walk(tree) if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)]
    # Names the module fills at its top level (HINT = "..."), or imports from a FollowOn module that does.
    module_given = _module_constants(tree)
    for scope in [tree, *functions]:
        given = _filled(scope) if scope is not tree else {}
        for node in ast.walk(scope):
            if not isinstance(node, ast.Call):
                continue
            # A name is followed to what the function gives it and to the module's constants (HINT = "...",
            # REJOIN_NEEDS_COORDINATOR = "..." raised as a ValidationError), both where a function reuses the name.
            names = {**given, **{k: module_given[k] + given.get(k, []) for k in module_given}}
            for arg in _said(node):
                if _english(arg):
                    found.add((node.lineno, ast.unparse(arg)[:80]))
                elif isinstance(arg, ast.Name):
                    found |= {
                        (value.lineno, ast.unparse(value)[:80]) for value in names.get(arg.id, []) if _english(value)
                    }
    return sorted(found)


def modules() -> list[Path]:
    return sorted(path for path in ROOT.rglob("*.py") if "tests" not in path.parts and "migrations" not in path.parts)


def test_the_scan_finds_english_and_passes_translated_words():
    source = """
messages.success(request, f"{name} has been invited")
messages.info(request, "Saved")
raise ValidationError("Choose a time")
raise forms.ValidationError({"body": "Too long"})
sent_or_when("Sent", _("Held"), when)
messages.success(request, _("%(name)s has been invited") % {"name": name})
raise ValidationError(_("Choose a time"), code="time")
raise ValidationError({"body": _("Too long")})
raise ValidationError(error.messages)
messages.error(request, error.messages[0])
form.add_error("day", "Enter a date")
form.add_error(None, _("Enter a date"))

def view(request, idle):
    text = "Signed out" if idle else _("Signed in")
    if idle:
        text = "You were signed out"
    messages.info(request, text)
    said = _("Welcome")
    messages.info(request, said)

def clean(value):
    errors = {}
    errors["day"] = "Choose a day"
    problems = []
    problems.append("Too long")
    if errors:
        raise ValidationError(errors)
    raise ValidationError(problems)

def quiet(value):
    errors = {}
    errors["day"] = _("Choose a day")
    label = "not a message"
    raise ValidationError(errors)
"""
    assert [line for line, _ in literal_messages(source)] == [2, 3, 4, 5, 6, 12, 16, 18, 25, 27]


def test_the_scan_finds_english_hints_texted_back_to_a_member():
    source = """
HINT = "Reply with a number"
LAZY_HINT = gettext_lazy("Reply with a number")
RANGE = gettext_lazy("Reply with a number from 1 to %(count)s")

def handler(count, error):
    if count:
        raise ReplyNotUnderstood(f"Reply with numbers from 1 to {count}")
    if error:
        raise ReplyNotUnderstood("Only coordinators can do that") from error
    raise ReplyNotUnderstood(HINT)

def lazy_handler(count, error):
    if count:
        raise ReplyNotUnderstood(RANGE, {"count": count})
    if error:
        raise ReplyNotUnderstood(error) from error
    raise ReplyNotUnderstood(hint=LAZY_HINT)
"""
    assert [line for line, _ in literal_messages(source)] == [2, 8, 10]


def test_the_scan_follows_a_module_constant_raised_as_an_error_or_flashed():
    source = """
REJOIN = "You cannot join this group again straight away"
FULL = gettext_lazy("This group is full")
SAVED = "Saved"

def join(group):
    if group.left_recently:
        raise ValidationError(REJOIN)
    raise ValidationError(FULL)

def view(request):
    messages.success(request, SAVED)
"""
    assert [line for line, _ in literal_messages(source)] == [2, 4]


@pytest.mark.parametrize("path", modules(), ids=lambda path: str(path.relative_to(ROOT)))
def test_no_english_sentence_goes_to_a_person_untranslated(path):
    found = literal_messages(path.read_text())
    assert not found, (
        f"{path.relative_to(ROOT)} gives a person English the catalogue never sees: {found[:5]}. Wrap it in "
        "_() with %(name)s placeholders, then `manage.py catalogues update` and translate (ADR 0027)."
    )
