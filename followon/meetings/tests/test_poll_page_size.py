"""The poll page at two sizes: a fixed number of queries for the coordinator, a member and the SMS link
page, and the same NHS.UK radios HTML (written out in meetings/_radios.jinja) for every time."""

import re

import pytest
from django.urls import reverse

from followon.core.testing import count_queries
from followon.meetings import services
from followon.meetings.tests.conftest import at, option
from followon.peergroups import services as group_services
from followon.programmes.tests.factories import answer, join

pytestmark = pytest.mark.django_db


def grow(group, programme, extra_members: int):
    for n in range(extra_members):
        enrolment = join(programme, preferred_name=f"Extra person {n}")
        answer(enrolment, "yes", days=["mon", "tue"], times_of_day=["morning"])
        group_services.group_join(group=group, user=enrolment.user)
    return [m.user for m in group.memberships.filter(status="member").select_related("user")]


def make_poll(group, coordinator, members, options: int):
    poll = services.poll_create(
        group=group,
        created_by=coordinator,
        title=f"Poll of {options}",
        closes_at=at(5),
        options=[option(10 + n // 3, (10, 13, 15)[n % 3]) for n in range(options)],
    )
    ids = list(poll.options.values_list("id", flat=True))
    for i, person in enumerate(members):
        services.poll_answer(
            poll=poll, user=person, answers={oid: ("yes", "if_need_be", "no")[(i + oid) % 3] for oid in ids}
        )
    return poll


def count(client, url):
    with count_queries() as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response.content.decode()


def test_queries_are_the_same_for_4_members_x_3_times_and_15_x_60(client, group, coordinator, people, programme):
    small = make_poll(group, coordinator, people, 3)
    members = grow(group, programme, 11)
    assert len(members) == 15
    big = make_poll(group, coordinator, members, 60)
    figures = {}
    for who in (coordinator, people[3]):
        client.force_login(who)
        client.get(reverse("meetings:poll", args=[small.public_id]))  # warm: session, caches
        sizes = []
        for poll in (small, big):
            queries, html = count(client, reverse("meetings:poll", args=[poll.public_id]))
            sizes.append(queries)
            options = poll.options.count()
            assert html.count('type="radio" value="if_need_be"') == options
            # The member's own answers are shown chosen.
            mine = dict(poll.options.filter(answers__user=who).values_list("id", "answers__answer"))
            for option_id, value in list(mine.items())[:5]:
                assert re.search(rf'name="option_{option_id}" type="radio" value="{value}" checked', html)
        figures[who.preferred_name] = sizes
        assert sizes[0] == sizes[1], f"{who.preferred_name}: {sizes}"
    assert figures["Ann"][1] <= 16 and figures["Dot"][1] <= 14, figures
    # Coordinator: the best five times ranked, with a confirm choice each, and a link to all 60
    # (ADR 0028); on that page, every time ranked and a confirm choice for each, in as many queries.
    client.force_login(coordinator)
    url = reverse("meetings:poll", args=[big.public_id])
    _, html = count(client, url)
    assert html.count('name="option" type="radio"') == 5
    assert html.count('<tr role="row" class="nhsuk-table__row">') == 5
    assert f'href="{url}?times=all#choosing"' in html
    assert "See all 60 times, ranked" in html
    queries, html = count(client, url + "?times=all")
    assert queries == figures["Ann"][1]
    assert html.count('name="option" type="radio"') == 60
    assert html.count('<tr role="row" class="nhsuk-table__row">') == 60
    assert "See all 60 times, ranked" not in html
    assert html.count('type="radio" value="if_need_be"') == 60


def test_the_sms_link_page_runs_the_same_queries_at_both_sizes(client, group, coordinator, people, programme):
    small = make_poll(group, coordinator, people, 3)
    members = grow(group, programme, 11)
    big = make_poll(group, coordinator, members, 60)
    sizes = []
    for poll in (small, big):
        token = services.poll_link_issue(poll=poll, user=people[2])
        url = reverse("meetings:poll-link", args=[token])
        client.get(url)
        queries, html = count(client, url)
        sizes.append(queries)
        assert html.count('type="radio" value="no"') == poll.options.count()
    assert sizes[0] == sizes[1]


def test_a_bad_answer_is_shown_on_its_time_and_kept(client, group, coordinator, people):
    poll = make_poll(group, coordinator, [], 3)
    first, second = poll.options.values_list("id", flat=True)[:2]
    client.force_login(people[2])
    response = client.post(
        reverse("meetings:poll", args=[poll.public_id]), {f"option_{first}": "perhaps", f"option_{second}": "no"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem" in html
    assert "Choose Yes, If need be or No" in html
    assert f'href="#id_option_{first}"' in html
    assert "nhsuk-form-group nhsuk-form-group--error" in html
    assert f'aria-describedby="id_option_{first}-error"' in html
    assert f'name="option_{second}" type="radio" value="no" checked' in html
    assert not poll.options.filter(answers__user=people[2]).exists()
