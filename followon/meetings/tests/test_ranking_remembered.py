"""The poll page's ranking remembered by what it is worked out from (issue 16, ADR 0039): read again with
the same rows it is the same ranking, not worked out again; any change by any writer (an answer, a new
time, a member's name, a member leaving, a confirmed meeting's history) gives the ranking worked out
afresh; its reasons are never given in another language than the page's."""

import pytest
from django.utils import translation

from followon.core.memo import BoundedMemo
from followon.meetings import ranking, selectors, services
from followon.meetings.tests.conftest import at, option

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def no_remembered_rankings():
    selectors.RANKINGS.clear()
    yield
    selectors.RANKINGS.clear()


def counted(monkeypatch) -> list:
    calls = []
    rank = ranking.rank_poll_options

    def counting(**kwargs):
        calls.append(kwargs)
        return rank(**kwargs)

    monkeypatch.setattr(ranking, "rank_poll_options", counting)
    return calls


def fresh(poll, user):
    """What the page would show with nothing remembered: the ranking worked out now."""
    kept = selectors.RANKINGS
    selectors.RANKINGS = BoundedMemo(kept.max_entries)
    try:
        return selectors.poll_page(poll, user, organiser=True).ranked
    finally:
        selectors.RANKINGS = kept


def shown(ranked) -> list:
    return [(r.rank, r.option.id, r.can_come, r.yes, r.left_out, r.decided_by, r.reasons) for r in ranked]


def test_the_same_rows_are_ranked_once(monkeypatch, poll, coordinator, people):
    calls = counted(monkeypatch)
    services.poll_answer(poll=poll, user=people[2], answers={poll.options.first().pk: "no"})
    first = selectors.poll_page(poll, coordinator, organiser=True).ranked
    second = selectors.poll_page(poll, coordinator, organiser=True).ranked
    assert len(calls) == 1
    assert second == first and second is not first  # a new list of the same ranked options
    # A member's page never ranks.
    assert selectors.poll_page(poll, people[3], organiser=False).ranked is None
    assert len(calls) == 1
    assert shown(second) == shown(fresh(poll, coordinator))


def test_every_change_is_ranked_afresh(monkeypatch, group, poll, coordinator, people):
    """Each page is the ranking worked out with nothing remembered, whatever was remembered before."""
    calls = counted(monkeypatch)
    options = list(poll.options.order_by("starts_at"))

    def page():
        ranked = selectors.poll_page(poll, coordinator, organiser=True).ranked
        assert shown(ranked) == shown(fresh(poll, coordinator))
        return shown(ranked)

    before = page()
    services.poll_answer(poll=poll, user=people[1], answers={options[0].pk: "no", options[2].pk: "yes"})
    after_answer = page()
    assert after_answer != before
    services.poll_answer(poll=poll, user=people[1], answers={options[0].pk: "yes", options[2].pk: "yes"})
    changed_answer = page()
    assert changed_answer != after_answer
    people[1].preferred_name = "Beatrix"
    people[1].save()
    services.poll_answer(poll=poll, user=people[1], answers={options[0].pk: "no"})
    page()
    # An earlier poll confirmed: the fairness history changes.
    old = services.poll_create(
        group=group, created_by=coordinator, title="Old", closes_at=at(5), options=[option(20), option(21)]
    )
    services.poll_answer(poll=old, user=people[2], answers={old.options.first().pk: "no"})
    services.poll_confirm(poll=old, user=coordinator, option=old.options.first())
    page()
    assert calls


def test_the_key_holds_every_row_read():
    base = {
        "options": [selectors.PollOptionRow(1, at(1), at(1, 12), None, None)],
        "members": [selectors.PollMemberRow(7, "Ann", ["mon"], ["morning"])],
        "answer_rows": [(1, 7, "yes")],
        "history": [{7}],
        "ranks": True,
    }
    key = selectors._ranking_key(**base)
    changes = [
        {"options": [selectors.PollOptionRow(1, at(1), at(1, 13), None, None)]},
        {"options": [selectors.PollOptionRow(2, at(1), at(1, 12), None, None)]},
        {"members": [selectors.PollMemberRow(7, "Bea", ["mon"], ["morning"])]},
        {"members": [selectors.PollMemberRow(7, "Ann", ["tue"], ["morning"])]},
        {"members": [selectors.PollMemberRow(7, "Ann", ["mon"], ["evening"])]},
        {"members": [selectors.PollMemberRow(7, "Ann", None, None)]},
        {"answer_rows": [(1, 7, "no")]},
        {"answer_rows": []},
        {"history": [set()]},
        {"history": [{7}, set()]},
        {"ranks": False},
    ]
    for change in changes:
        assert selectors._ranking_key(**{**base, **change}) != key, change
    with translation.override("cy"):
        assert selectors._ranking_key(**base) != key
    # The answers' order as read does not matter.
    assert selectors._ranking_key(**{**base, "answer_rows": [(1, 7, "yes"), (1, 8, "no")]}) == selectors._ranking_key(
        **{**base, "answer_rows": [(1, 8, "no"), (1, 7, "yes")]}
    )


def test_reasons_stay_in_the_page_s_language(poll, coordinator, people):
    services.poll_answer(poll=poll, user=people[2], answers={poll.options.first().pk: "no"})
    with translation.override("en"):
        english = selectors.poll_page(poll, coordinator, organiser=True).ranked[0].reasons
    with translation.override("cy"):
        welsh = selectors.poll_page(poll, coordinator, organiser=True).ranked[0].reasons
    with translation.override("en"):
        again = selectors.poll_page(poll, coordinator, organiser=True).ranked[0].reasons
    assert welsh != english
    assert again == english
    with translation.override("cy"):
        assert fresh(poll, coordinator)[0].reasons == welsh


def test_only_the_most_recently_used_are_kept(monkeypatch, poll, coordinator):
    monkeypatch.setattr(selectors, "RANKINGS", BoundedMemo(2))
    for language in ("en", "cy", "ur", "pl"):
        with translation.override(language):
            selectors.poll_page(poll, coordinator, organiser=True)
    assert len(selectors.RANKINGS) == 2
    assert {key[0] for key in selectors.RANKINGS} == {"ur", "pl"}
