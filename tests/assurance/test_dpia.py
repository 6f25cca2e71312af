"""The DPIA's inventory covers every field of every model (docs/assurance/dpia.md, issue 20).

A new model field that nobody classified fails here, so every future field gets a category, a
lawful basis, an audience and a retention class; so does a retention promise nothing implements.
"""

import copy

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from followon.assurance import inventory
from followon.assurance.retention import RULES


def test_every_field_of_every_model_is_classified():
    assert inventory.problems() == []
    fields = inventory.model_fields()
    assert len(fields) > 90 and sum(map(len, fields.values())) > 800


def test_the_inventory_in_the_dpia_is_up_to_date():
    current = inventory.DPIA.read_text(encoding="utf-8")
    assert inventory.dpia_text(current, inventory.dpia_section()) == current, "run `make dpia`"
    call_command("dpia_inventory", "--check")


def test_the_inventory_names_every_model_field_and_retention_rule():
    text = inventory.DPIA.read_text(encoding="utf-8")
    for label in inventory.model_fields():
        assert f"**{label}**" in text
    for rule in RULES:
        assert f"`{rule.id}`" in text and rule.period.split(" ")[0] in text


@pytest.fixture
def classification():
    return copy.deepcopy(inventory.load())


def test_a_field_nobody_classified_is_caught(classification):
    classification["models"]["accounts.User"]["fields"]["health"].remove("accessibility_needs")
    assert inventory.problems(classification) == ["accounts.User.accessibility_needs: field not classified"]


def test_a_model_nobody_classified_is_caught(classification):
    del classification["models"]["selfcare.CheckIn"]
    (problem,) = inventory.problems(classification)
    assert problem.startswith("selfcare.CheckIn: model not classified (id, public_id, owner")


def test_a_field_that_no_longer_exists_is_caught(classification):
    classification["models"]["selfcare.CheckIn"]["fields"]["health"].append("mood_score")
    assert inventory.problems(classification) == [
        "selfcare.CheckIn.mood_score: classified but the model has no such field"
    ]


def test_a_retention_promise_nothing_implements_is_caught(classification):
    classification["retention"]["member"]["rules"] = ["deleted-after-two-years"]
    found = inventory.problems(classification)
    assert (
        "retention member: rule 'deleted-after-two-years' is not implemented in followon/assurance/retention.py"
        in found
    )


def test_health_data_needs_an_article_9_condition(classification):
    classification["models"]["selfcare.CheckIn"]["basis"] = "staff"
    assert any("health data needs an Article 9 condition" in p for p in inventory.problems(classification))


def test_an_out_of_date_inventory_is_caught(tmp_path, monkeypatch):
    stale = tmp_path / "dpia.md"
    stale.write_text(inventory.DPIA.read_text().replace("**selfcare.CheckIn**", "**selfcare.Checkin**"))
    monkeypatch.setattr(inventory, "DPIA", stale)
    with pytest.raises(CommandError, match="out of date"):
        call_command("dpia_inventory", "--check")
    call_command("dpia_inventory")
    assert "**selfcare.CheckIn**" in stale.read_text()
