"""The poll page's shape for long polls (ADR 0028): the times to answer grouped by day, the organiser's
best few times with the rest on request, and the labels and rows read without 60 bound fields giving
what the form's bound fields and `services.when_text` give, in English and Welsh."""

import re

import pytest
from django.urls import reverse
from django.utils import translation

from followon.meetings import forms, presenters, selectors, services
from followon.meetings.tests.conftest import at, option

pytestmark = pytest.mark.django_db


def long_poll(group, coordinator, venue=None, times=9):
    """`times` options over three days (10am, 1pm and 3pm each), the first at `venue`."""
    options = [option(10 + n // 3, (10, 13, 15)[n % 3], length=1) for n in range(times)]
    options[0]["venue"] = venue
    return services.poll_create(group=group, created_by=coordinator, title="Long", closes_at=at(5), options=options)


def venue_for(group, coordinator):
    return services.venue_create(
        group=group, service=group.programme.service, created_by=coordinator, name="Bench hall", step_free=True
    )


@pytest.mark.parametrize("language", ["en", "cy"])
def test_option_labels_match_when_text(group, coordinator, language):
    poll = long_poll(group, coordinator, venue_for(group, coordinator))
    options = selectors.poll_option_rows(poll)
    with translation.override(language):
        labels = presenters.option_labels(options)
        for o in options:
            expected = services.when_text(o.starts_at, o.ends_at) + (f", {o.venue_name}" if o.venue_id else "")
            assert labels[o.pk] == expected


def rows_from_bound_fields(form):
    return [
        (b.html_name, b.auto_id, "" if b.value() is None else str(b.value()), b.errors[0] if b.errors else "")
        for b in form
    ]


def kept_and_posted_forms(options):
    """The answer form unposted with two kept answers, and posted with a bad answer (validated)."""
    labels = presenters.option_labels(options)
    first, second, third = (o.pk for o in options[:3])
    unbound = forms.AnswerForm(options=options, labels=labels, initial_answers={first: "yes", third: "no"})
    bound = forms.AnswerForm(
        {f"option_{first}": "perhaps", f"option_{second}": "if_need_be"},
        options=options,
        labels=labels,
        initial_answers={first: "yes"},
    )
    assert not bound.is_valid()
    return unbound, bound


def test_answer_rows_match_the_bound_fields(group, coordinator, people):
    poll = long_poll(group, coordinator, venue_for(group, coordinator))
    options = selectors.poll_option_rows(poll)
    unbound, bound = kept_and_posted_forms(options)
    for form in (unbound, bound):
        days = presenters.answer_days(form, options)
        rows = [(r.name, r.id, r.value, r.error) for day in days for r in day.rows]
        assert rows == rows_from_bound_fields(form)
    assert [r.error for r in presenters.answer_days(bound, options)[0].rows][0] == "Choose Yes, If need be or No"


def test_the_times_to_answer_are_grouped_by_day(client, group, coordinator, people):
    hall = venue_for(group, coordinator)
    poll = long_poll(group, coordinator, hall)
    client.force_login(people[3])  # a member who does not organise
    html = client.get(reverse("meetings:poll", args=[poll.public_id])).content.decode()
    options = selectors.poll_option_rows(poll)
    labels = presenters.option_labels(options)
    day_headings = re.findall(r'<h3 class="nhsuk-heading-s">([^<]+)</h3>', html)
    assert len(day_headings) == 3
    assert all(labels[o.pk].startswith(day_headings[n // 3] + ", ") for n, o in enumerate(options))
    # Each time is a fieldset whose legend names the time, and the day for screen readers.
    legends = re.findall(r'<legend class="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">(.*?)</legend>', html)
    assert len(legends) == 9
    assert legends[0] == f'<span class="nhsuk-u-visually-hidden">{day_headings[0]}, </span>10am to 11am, Bench hall'
    assert legends[1] == f'<span class="nhsuk-u-visually-hidden">{day_headings[0]}, </span>1pm to 2pm'
    # The organiser's part is not there for a member.
    assert "Choosing the time" not in html and "times=all" not in html


def test_the_sms_link_page_groups_the_times_by_day_too(client, group, coordinator, people):
    poll = long_poll(group, coordinator)
    token = services.poll_link_issue(poll=poll, user=people[2])
    html = client.get(reverse("meetings:poll-link", args=[token])).content.decode()
    assert len(re.findall(r'<h2 class="nhsuk-heading-s">', html)) == 3
    assert html.count('type="radio" value="yes"') == 9


def test_the_organiser_sees_the_best_five_and_can_choose_any_time_from_all(client, group, coordinator, people):
    poll = long_poll(group, coordinator)
    options = list(poll.options.order_by("starts_at", "id"))
    for person in people:  # the last time suits everyone; the rest nobody
        services.poll_answer(
            poll=poll, user=person, answers={o.pk: "yes" if o == options[-1] else "no" for o in options}
        )
    client.force_login(coordinator)
    url = reverse("meetings:poll", args=[poll.public_id])
    html = client.get(url).content.decode()
    assert html.count('<tr role="row" class="nhsuk-table__row">') == 5
    assert html.count('name="option" type="radio"') == 5
    assert f'value="{options[-1].pk}" checked' in html  # the best time is chosen for them
    assert "See all 9 times, ranked" in html
    everything = client.get(url + "?times=all").content.decode()
    assert everything.count('name="option" type="radio"') == 9
    shown_first = re.findall(r'name="option" type="radio" value="(\d+)"', html)
    not_shown = next(o for o in options if str(o.pk) not in shown_first)
    assert f'value="{not_shown.pk}"' in everything
    # Confirming a time only the full list shows still works.
    response = client.post(reverse("meetings:poll-confirm", args=[poll.public_id]), {"option": not_shown.pk})
    assert response.status_code == 302
    poll.refresh_from_db()
    assert poll.status == "confirmed" and poll.chosen_option_id == not_shown.pk


def test_a_short_poll_shows_every_time_and_no_link(client, poll, coordinator, people):
    services.poll_answer(poll=poll, user=people[2], answers={o.pk: "yes" for o in poll.options.all()})
    client.force_login(coordinator)
    html = client.get(reverse("meetings:poll", args=[poll.public_id])).content.decode()
    assert html.count('name="option" type="radio"') == 3
    assert "times=all" not in html


def test_an_answer_saved_on_the_grouped_form_shows_chosen(client, group, coordinator, people):
    poll = long_poll(group, coordinator)
    options = list(poll.options.order_by("starts_at", "id"))
    client.force_login(people[2])
    url = reverse("meetings:poll", args=[poll.public_id])
    response = client.post(url, {f"option_{options[4].pk}": "if_need_be", f"option_{options[8].pk}": "no"})
    assert response.status_code == 302
    html = client.get(url).content.decode()
    assert f'name="option_{options[4].pk}" type="radio" value="if_need_be" checked' in html
    assert f'name="option_{options[8].pk}" type="radio" value="no" checked' in html
    assert html.count(" checked") == 2


@pytest.mark.parametrize("organiser", [True, False])
def test_the_poll_members_read_as_values_match_the_memberships(group, coordinator, people, poll, organiser):
    nameless = people[3]
    nameless.preferred_name = ""
    nameless.save(update_fields=["preferred_name"])
    page = selectors.poll_page(poll, coordinator, organiser=organiser)
    memberships = (
        group.memberships.filter(status="member").select_related("user").order_by("user__preferred_name", "id")
    )
    assert [(m.user_id, m.display_name) for m in page.members] == [
        (m.user_id, m.user.display_name) for m in memberships
    ]
    if organiser:  # the standing preferences come with them for the ranking
        assert any(m.interest_days is not None for m in page.members)
