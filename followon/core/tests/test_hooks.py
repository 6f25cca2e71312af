import pytest

from followon.core import hooks


def test_a_question_nobody_answers_fails_loudly_and_contributions_default_to_none():
    with pytest.raises(LookupError, match="No app answers"):
        hooks.ask("test.nobody_answers")
    assert hooks.ask_all("test.nobody_answers") == []


def test_one_answer_per_question_and_contributions_in_registration_order():
    hooks.register("test.double", lambda n: n * 2)
    hooks.register("test.sections", lambda user: {"template": "a"})
    hooks.register("test.sections", lambda user: {"template": "b"})
    assert hooks.ask("test.double", 21) == 42
    assert [s["template"] for s in hooks.ask_all("test.sections", None)] == ["a", "b"]
    with pytest.raises(LookupError, match="More than one"):
        hooks.ask("test.sections", None)


def test_every_hook_the_apps_ask_is_answered_once():
    for name in (
        "peergroups.formation_meeting",
        "peergroups.recent_meetings",
        "programmes.programme_groups",
        "programmes.open_groups_for_member",
        "safety.context_posts",
        "core.member_service",
    ):
        assert len(hooks._registry.get(name, [])) == 1, name
    assert hooks._registry.get("accounts.my_account_sections")
