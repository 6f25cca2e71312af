from types import SimpleNamespace

from followon.meetings.models import Meeting
from followon.meetings.presenters import meeting_summary_rows


def _rows(meeting, viewer=None):
    rows = meeting_summary_rows(meeting, describe="Every Tuesday, 10am to 12pm", occurrence=None, viewer=viewer)
    return {row["key"]["text"]: row["value"] for row in rows}


def test_an_online_meeting_shows_its_link_escaped_and_asks_who_will_run_it():
    meeting = Meeting(mode=Meeting.Mode.ONLINE, online_url='https://meet.example/?a=1&b="2"')
    rows = _rows(meeting)
    assert rows["When"] == {"text": "Every Tuesday, 10am to 12pm"}
    assert str(rows["Join online"]["html"]) == (
        '<a href="https://meet.example/?a=1&amp;b=&#34;2&#34;">https://meet.example/?a=1&amp;b=&#34;2&#34;</a>'
    )
    assert rows["Running it"] == {"text": "Nobody yet: can you?"}
    assert "Where" not in rows and "Room for" not in rows


def test_an_in_person_meeting_has_no_online_link_and_says_you_when_the_viewer_runs_it():
    viewer = SimpleNamespace(pk=7)
    meeting = Meeting(mode=Meeting.Mode.IN_PERSON, venue="Café", online_url="https://x.example", capacity=12)
    meeting.host_id = 7
    meeting._state.fields_cache["host"] = SimpleNamespace(display_name="Ann")
    rows = _rows(meeting, viewer)
    assert "Join online" not in rows
    assert rows["Where"] == {"text": "Café"}
    assert rows["Room for"] == {"text": "12 people"}
    assert rows["Running it"] == {"text": "You"}
