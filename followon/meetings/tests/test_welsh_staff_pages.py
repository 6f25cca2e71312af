"""The organisers' and staff meeting pages in Welsh (issue 18 phase C; ADR 0027): setting up a meeting,
reminders, venues, polls, who came, cancelling, recording a meeting, the service's venues, and the
monthly meeting patterns with Welsh ordinals and mutations ("Ar yr ail ddydd Mawrth o bob mis").
Names people gave (the group, the venue, the meeting's title) are data, not the page's words."""

import html
from datetime import date, time, timedelta

import pytest
import time_machine
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from followon.core.tests.english import english_sentences
from followon.meetings import services
from followon.meetings.models import Venue
from followon.meetings.recurrence import Frequency, Recurrence, RecurrenceError

pytestmark = pytest.mark.django_db


def page(text: str) -> str:
    """The page's text with entities decoded ("sy'n", not "sy&#39;n"), for checking words."""
    return html.unescape(text)


def staff_layout(service) -> frozenset[str]:
    """The staff header's line from templates/layout.jinja, translated by that template's owner (it is in
    NOT_YET_TRANSLATED): not these pages' words."""
    return frozenset({f"You are working in {service.name}"})


HALF_TEN, NOON = time(10, 30), time(12, 0)


def welsh(name, *args):
    with translation.override("cy"):
        return reverse(name, args=args)


def no_english(body: str, allowed: frozenset[str] = frozenset()) -> None:
    assert english_sentences(body, "cy", allowed) == []


@pytest.fixture
def venue(service):
    return Venue.objects.create(
        service=service, name="The Hub", address="1 High Street", outcode="BS10", step_free=True, drink_cost="£2"
    )


@pytest.fixture
def weekly(group, coordinator, venue):
    return services.meeting_create(
        group=group,
        created_by=coordinator,
        first_date=timezone.localdate() + timedelta(days=7),
        start_time=HALF_TEN,
        end_time=NOON,
        frequency="weekly",
        location=venue,
        title="Coffee morning",
    )


def test_the_organiser_pages_in_welsh(client, group, coordinator, venue):
    client.force_login(coordinator)
    for name, heading in [
        ("meetings:meeting-new", "Trefnu cyfarfod"),
        ("meetings:plan", "Nodiadau atgoffa a rolau"),
        ("meetings:venue-new", "Ychwanegu lleoliad"),
        ("meetings:poll-new", "Gofyn pryd all pobl gyfarfod"),
        ("meetings:poll-new-pattern", "Gofyn pryd all pobl gyfarfod"),
        ("meetings:record-member", "Cofnodi cyfarfod"),
    ]:
        body = page(client.get(welsh(name, group.public_id)).content.decode())
        assert f"<h1>{heading}</h1>" in body, name
        no_english(body)
    # The form's choices are Welsh too (how often, how people meet).
    body = page(client.get(welsh("meetings:meeting-new", group.public_id)).content.decode())
    assert "Bob mis ar yr un diwrnod o'r wythnos, fel yr ail ddydd Mawrth" in body
    # The quick poll offers the days in Welsh.
    body = page(client.get(welsh("meetings:poll-new-pattern", group.public_id)).content.decode())
    assert any(day in body for day in ("Dydd Llun", "Dydd Mawrth", "Dydd Mercher", "Dydd Iau", "Dydd Gwener"))


def test_errors_on_the_organiser_forms_are_welsh(client, group, coordinator):
    client.force_login(coordinator)
    body = page(client.post(welsh("meetings:meeting-new", group.public_id), {"start_time": "10:30am"}).content.decode())
    assert "Mae problem wedi codi" in body
    assert 'value="10:30am"' in body  # nothing typed is lost
    no_english(body)
    body = page(
        client.post(
            welsh("meetings:poll-new-pattern", group.public_id), {"times": "10am and teatime", "length": "60"}
        ).content.decode()
    )
    assert "Nid yw “teatime” yn amser" in body
    no_english(body)
    body = page(
        client.post(welsh("meetings:venue-new", group.public_id), {"name": "", "outcode": "123"}).content.decode()
    )
    assert "Rhowch ran gyntaf y cod post, fel BS10" in body
    no_english(body)


def test_a_monthly_meeting_set_up_in_welsh_reads_its_pattern_in_welsh(client, group, coordinator):
    client.force_login(coordinator)
    # The second Tuesday of next month, so the pattern is "the second Tuesday".
    today = timezone.localdate()
    first_of_next = (today.replace(day=1) + timedelta(days=32)).replace(day=1)
    second_tuesday = first_of_next + timedelta(days=(1 - first_of_next.weekday()) % 7 + 7)
    response = client.post(
        welsh("meetings:meeting-new", group.public_id),
        {
            "title": "",
            "first_date_0": second_tuesday.day,
            "first_date_1": second_tuesday.month,
            "first_date_2": second_tuesday.year,
            "start_time": "10:30am",
            "end_time": "12 noon",
            "frequency": "monthly_by_weekday",
            "interval": "1",
            "mode": "in_person",
        },
        follow=True,
    )
    assert response.status_code == 200
    meeting = group.meetings.get()
    body = page(client.get(welsh("meetings:meeting", meeting.public_id)).content.decode())
    assert "Ar yr ail ddydd Mawrth o bob mis" in body
    no_english(body)


def test_who_came_cancel_and_hand_over_in_welsh(client, group, coordinator, weekly):
    client.force_login(coordinator)
    body = page(client.get(welsh("meetings:cancel", weekly.public_id)).content.decode())
    assert "<h1>Canslo cyfarfod</h1>" in body and "Beth ydych chi am ei ganslo?" in body
    no_english(body)
    body = page(client.post(welsh("meetings:handover", weekly.public_id)).content.decode())
    assert "Gofyn i'r grŵp a all rhywun redeg y cyfarfod hwn?" in body
    no_english(body)
    body = page(client.get(welsh("meetings:attendance", weekly.public_id)).content.decode())
    assert "<h1>Pwy ddaeth?</h1>" in body
    no_english(body)


def test_who_came_for_a_meeting_that_has_started_in_welsh(client, group, coordinator, people):
    meeting = services.meeting_create(
        group=group,
        created_by=coordinator,
        first_date=timezone.localdate() + timedelta(days=1),
        start_time=HALF_TEN,
        end_time=NOON,
        title="Walk",
    )
    client.force_login(coordinator)
    address = welsh("meetings:attendance", meeting.public_id)
    with time_machine.travel(timezone.now() + timedelta(days=2)):
        body = page(client.get(address).content.decode())
        assert "Cadw pwy ddaeth" in body and people[2].display_name in body
        no_english(body)
        day = (timezone.localdate() - timedelta(days=1)).isoformat()
        response = client.post(address, {"date": day, "attended": [str(people[2].pk)]}, follow=True)
        body = page(response.content.decode())
    assert "Presenoldeb wedi'i gadw. Diolch" in body


def test_the_services_venues_in_welsh(staff_client, service, clinician, venue):
    client = staff_client(clinician)
    body = page(client.get(welsh("meetings:staff-venues")).content.decode())
    assert "<h1>Lleoliadau</h1>" in body and "The Hub" in body
    assert "Mynediad heb risiau" in body
    no_english(body, staff_layout(service))
    for address in (welsh("meetings:staff-venue-new"), welsh("meetings:staff-venue", venue.public_id)):
        body = page(client.get(address).content.decode())
        assert "Beth sydd ganddo?" in body
        no_english(body, staff_layout(service))
    body = page(client.post(welsh("meetings:staff-venue-new"), {"name": ""}).content.decode())
    assert "Rhowch enw'r lleoliad" in body
    no_english(body, staff_layout(service))


def test_the_staff_record_a_meeting_page_in_welsh(staff_client, service, clinician, group):
    body = page(staff_client(clinician).get(welsh("meetings:record-staff", group.public_id)).content.decode())
    assert "<h1>Cofnodi cyfarfod</h1>" in body
    no_english(body, staff_layout(service))


def test_the_calendar_section_of_my_account_in_welsh():
    with translation.override("cy"):
        for section, words in [
            ({"reissued_at": None, "has_feed": False}, "Cael dolen calendr ar gyfer eich cyfarfodydd"),
            ({"reissued_at": None, "has_feed": True}, "Mae gennych ddolen calendr breifat"),
            ({"reissued_at": timezone.now(), "has_feed": False}, "Newidiodd dolen eich calendr ar"),
        ]:
            body = render_to_string("meetings/_my_account_calendar.jinja", {"section": section})
            assert words in body
            no_english(body)


# The monthly patterns in Welsh: each day of the month and each weekday of the month, with its ordinal,
# its article and its mutation ("yr 2il", "y 3ydd"; "yr ail ddydd Mawrth", "y dydd Gwener olaf").


def describe_in(language: str, first: date, frequency=Frequency.MONTHLY_BY_WEEKDAY, **kwargs) -> str:
    with translation.override(language):
        return Recurrence(first, HALF_TEN, NOON, frequency, **kwargs).describe()


@pytest.mark.parametrize(
    ("day", "welsh_day"),
    [
        (1, "y 1af"),
        (2, "yr 2il"),
        (3, "y 3ydd"),
        (4, "y 4ydd"),
        (5, "y 5ed"),
        (6, "y 6ed"),
        (7, "y 7fed"),
        (8, "yr 8fed"),
        (9, "y 9fed"),
        (10, "y 10fed"),
        (11, "yr 11eg"),
        (12, "y 12fed"),
        (13, "y 13eg"),
        (14, "y 14eg"),
        (15, "y 15fed"),
        (16, "yr 16eg"),
        (17, "yr 17eg"),
        (18, "y 18fed"),
        (19, "y 19eg"),
        (20, "yr 20fed"),
        (21, "yr 21ain"),
        (22, "yr 22ain"),
        (23, "y 23ain"),
        (24, "y 24ain"),
        (25, "y 25ain"),
        (26, "y 26ain"),
        (27, "y 27ain"),
        (28, "yr 28ain"),
    ],
)
def test_every_day_of_the_month_in_welsh(day, welsh_day):
    first = date(2027, 3, day)
    text = describe_in("cy", first, Frequency.MONTHLY_BY_DATE)
    assert text.startswith(f"Ar {welsh_day} o bob mis, 10:30am tan 12 hanner dydd, yn dechrau ")
    assert "Mawrth 2027" in text  # the starting date, with the Welsh month
    assert english_sentences(f"<p>{text}</p>", "cy") == []


@pytest.mark.parametrize(("day", "welsh_day"), [(29, "y 29ain"), (30, "y 30ain"), (31, "yr 31ain")])
def test_the_end_of_the_month_in_welsh(day, welsh_day):
    text = describe_in("cy", date(2027, 1, day), Frequency.MONTHLY_BY_DATE)
    assert text.startswith(f"Ar {welsh_day} o bob mis (neu ddiwrnod olaf misoedd byrrach), 10:30am")


@pytest.mark.parametrize(
    ("first", "english", "welsh"),
    [
        # March 2027: Monday 1st, Tuesday 2nd ... the first, second, third and fourth of each weekday.
        (date(2027, 3, 1), "the first Monday", "y dydd Llun cyntaf"),
        (date(2027, 3, 2), "the first Tuesday", "y dydd Mawrth cyntaf"),
        (date(2027, 3, 3), "the first Wednesday", "y dydd Mercher cyntaf"),
        (date(2027, 3, 4), "the first Thursday", "y dydd Iau cyntaf"),
        (date(2027, 3, 5), "the first Friday", "y dydd Gwener cyntaf"),
        (date(2027, 3, 6), "the first Saturday", "y dydd Sadwrn cyntaf"),
        (date(2027, 3, 7), "the first Sunday", "y dydd Sul cyntaf"),
        (date(2027, 3, 8), "the second Monday", "yr ail ddydd Llun"),
        (date(2027, 3, 9), "the second Tuesday", "yr ail ddydd Mawrth"),
        (date(2027, 3, 10), "the second Wednesday", "yr ail ddydd Mercher"),
        (date(2027, 3, 11), "the second Thursday", "yr ail ddydd Iau"),
        (date(2027, 3, 12), "the second Friday", "yr ail ddydd Gwener"),
        (date(2027, 3, 13), "the second Saturday", "yr ail ddydd Sadwrn"),
        (date(2027, 3, 14), "the second Sunday", "yr ail ddydd Sul"),
        (date(2027, 3, 16), "the third Tuesday", "y trydydd dydd Mawrth"),
        (date(2027, 3, 19), "the third Friday", "y trydydd dydd Gwener"),
        (date(2027, 3, 23), "the fourth Tuesday", "y pedwerydd dydd Mawrth"),
        (date(2027, 3, 28), "the fourth Sunday", "y pedwerydd dydd Sul"),
    ],
)
def test_each_weekday_of_the_month_in_welsh(first, english, welsh):
    assert describe_in("en-gb", first).startswith(f"On {english} of every month, 10:30am to 12 noon")
    text = describe_in("cy", first)
    assert text.startswith(f"Ar {welsh} o bob mis, 10:30am tan 12 hanner dydd, yn dechrau ")
    assert english_sentences(f"<p>{text}</p>", "cy") == []


@pytest.mark.parametrize(
    ("first", "welsh"),
    [
        (date(2027, 3, 29), "y dydd Llun olaf"),
        (date(2027, 3, 30), "y dydd Mawrth olaf"),
        (date(2027, 3, 31), "y dydd Mercher olaf"),
        (date(2027, 3, 25), "y dydd Iau olaf"),
        (date(2027, 3, 26), "y dydd Gwener olaf"),
        (date(2027, 3, 27), "y dydd Sadwrn olaf"),
        (date(2027, 3, 28), "y dydd Sul olaf"),
    ],
)
def test_the_last_weekday_of_the_month_in_welsh(first, welsh):
    text = describe_in("cy", first, last_weekday_of_month=True)
    assert text.startswith(f"Ar {welsh} o bob mis, ")


@pytest.mark.parametrize(
    ("interval", "months"),
    # "dau" softens "mis" to "fis"; the others keep "mis" ("tri mis", "chwe mis", "12 mis").
    [
        (2, "o bob 2 fis"),
        (3, "o bob 3 mis"),
        (4, "o bob 4 mis"),
        (6, "o bob 6 mis"),
        (8, "o bob 8 mis"),
        (12, "o bob 12 mis"),
    ],
)
def test_every_few_months_in_welsh(interval, months):
    assert describe_in("cy", date(2027, 3, 9), interval=interval).startswith(f"Ar yr ail ddydd Mawrth {months}, ")
    assert describe_in("cy", date(2027, 3, 2), Frequency.MONTHLY_BY_DATE, interval=interval).startswith(
        f"Ar yr 2il {months}, "
    )


def test_a_monthly_pattern_with_an_end_in_welsh():
    text = describe_in("cy", date(2027, 3, 26), last_weekday_of_month=True, count=3)
    assert text == "Ar y dydd Gwener olaf o bob mis, 10:30am tan 12 hanner dydd, yn dechrau 26 Mawrth 2027, 3 cyfarfod"


def test_the_monthly_patterns_in_polish_await_review():
    assert describe_in("pl", date(2027, 3, 9)).startswith("W drugi wtorek każdego miesiąca")
    assert describe_in("pl", date(2027, 3, 10)).startswith("W drugą środę każdego miesiąca")
    assert describe_in("pl", date(2027, 3, 2), Frequency.MONTHLY_BY_DATE).startswith("2. dnia każdego miesiąca")


def test_a_monthly_pattern_that_cannot_start_there_is_explained_in_welsh():
    with translation.override("cy"), pytest.raises(RecurrenceError) as error:
        Recurrence(date(2027, 3, 9), HALF_TEN, NOON, Frequency.MONTHLY_BY_WEEKDAY, last_weekday_of_month=True)
    assert error.value.message == "Nid 9 Mawrth 2027 yw dydd Mawrth olaf y mis. Dewiswch ddydd Mawrth olaf y mis"
    with translation.override("cy"), pytest.raises(RecurrenceError) as error:
        Recurrence(date(2027, 3, 30), HALF_TEN, NOON, Frequency.MONTHLY_BY_WEEKDAY)
    assert error.value.message.startswith("30 Mawrth 2027 yw pumed dydd Mawrth y mis")
    assert error.value.message.endswith("Dewiswch ddydd Mawrth olaf pob mis yn lle hynny")
