from datetime import date, datetime, timedelta
from io import StringIO
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from followon.core.models import AuditEvent
from followon.insights.models import HistoricalGroupRecord
from followon.insights.selectors import group_durations
from followon.meetings.models import Meeting
from followon.peergroups.models import PeerGroup

pytestmark = pytest.mark.django_db

TABLE2 = Path(__file__).resolve().parents[1] / "data" / "study_table2_groups.csv"
HEADER = "name,start_date,last_contact,status,max_size,meeting_frequency,communication_methods,purposes\n"


def run(*args):
    out, err = StringIO(), StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def write(tmp_path, body):
    path = tmp_path / "groups.csv"
    path.write_text(HEADER + body)
    return str(path)


def test_table2_import_gives_the_study_figures(service, other_service):
    out, _ = run("import_groups", str(TABLE2), "--service", service.slug)
    assert out.strip() == "imported created=11 updated=0 skipped=0"
    assert PeerGroup.objects.filter(service=service).count() == 11
    group_a = HistoricalGroupRecord.objects.get(group__name="Group A")
    assert group_a.max_size == 9 and group_a.communication_methods == ["phone", "sms"]
    assert group_a.group.status == "active" and group_a.group.formed_on == date(2012, 2, 1)
    k = PeerGroup.objects.get(name="Group K")
    assert k.status == "folded" and k.folded_on == date(2018, 6, 1)
    assert AuditEvent.objects.filter(action="insights.groups_imported", service=service).count() == 1

    out, _ = run("group_survival", "--service", service.slug)
    lines = out.splitlines()
    assert lines[0] == "groups=11 mean_months=22.5 median_months=13"
    assert lines[1].startswith("ended=1 still_going=10")
    assert lines[2].split() == ["months", "at_risk", "ended", "censored", "survival", "ci_lower", "ci_upper"]
    assert lines[3].split()[:5] == ["6", "11", "1", "1", "0.909"]
    # The other service sees none of it.
    out, _ = run("group_survival", "--service", other_service.slug)
    assert out.splitlines()[0] == "groups=0 mean_months=none median_months=none"


def test_reimport_is_idempotent_by_name(service, tmp_path):
    run("import_groups", str(TABLE2), "--service", service.slug)
    changed = write(tmp_path, "group a,2012-02-01,2018-12-01,folded,9,Fortnightly,phone,social\n")
    out, _ = run("import_groups", changed, "--service", service.slug)
    assert out.strip() == "imported created=0 updated=1 skipped=0"
    assert PeerGroup.objects.filter(service=service).count() == 11
    group = PeerGroup.objects.get(name="Group A")
    assert group.status == "folded" and group.history.last_contact == date(2018, 12, 1)


def test_bad_dates_save_nothing_and_say_which_row(service, tmp_path):
    path = write(
        tmp_path,
        "Good,2015-01-01,2016-01-01,active,5,Monthly,sms,social\n"
        "Bad date,2015-02-30,2016-01-01,active,,,,\n"
        "Backwards,2017-01-01,2016-01-01,folded,,,,\n"
        "Odd,01/02/2015,2016-01-01,merged,lots,,pigeon,\n",
    )
    with pytest.raises(CommandError, match="Nothing imported: 3 row"):
        _, err = run("import_groups", path, "--service", service.slug)
    assert PeerGroup.objects.filter(service=service).count() == 0
    out, err = StringIO(), StringIO()
    with pytest.raises(CommandError):
        call_command("import_groups", path, "--service", service.slug, stdout=out, stderr=err)
    messages = err.getvalue()
    assert "Row 3: The start date must be a real date in the form YYYY-MM-DD" in messages
    assert "Row 4: The last contact date must be the same as or after the start date" in messages
    assert "Row 5:" in messages and "Merged groups cannot be imported" in messages
    assert "maximum size must be a whole number" in messages and "'pigeon'" in messages


def test_skip_invalid_saves_the_good_rows(service, tmp_path):
    path = write(tmp_path, "Good,2015-01-01,2016-01-01,active,,,,\nBad,2015-13-01,2016-01-01,active,,,,\n")
    out, err = run("import_groups", path, "--service", service.slug, "--skip-invalid")
    assert out.strip() == "imported created=1 updated=0 skipped=1"
    assert "Row 3:" in err
    assert list(PeerGroup.objects.filter(service=service).values_list("name", flat=True)) == ["Good"]


def test_missing_columns_and_unknown_service(service, tmp_path):
    path = tmp_path / "x.csv"
    path.write_text("name,start\nA,2015-01-01\n")
    with pytest.raises(CommandError, match="missing: start_date, last_contact, status"):
        run("import_groups", str(path), "--service", service.slug)
    with pytest.raises(CommandError, match="No pain service"):
        run("import_groups", str(TABLE2), "--service", "nowhere")
    with pytest.raises(CommandError, match="No pain service"):
        run("group_survival", "--service", "nowhere")


def test_live_group_never_overwritten(service, tmp_path):
    PeerGroup.objects.create(service=service, name="Group A", status="active", formed_on=date(2020, 1, 1))
    with pytest.raises(CommandError):
        run("import_groups", str(TABLE2), "--service", service.slug)
    assert PeerGroup.objects.filter(service=service).count() == 1


def test_live_groups_count_from_formed_date_to_last_held_meeting(service):
    london = ZoneInfo("Europe/London")
    today = timezone.localdate()
    ended = PeerGroup.objects.create(
        service=service, name="Ended", status="folded", formed_on=date(2020, 1, 1), folded_on=date(2021, 6, 1)
    )
    going = PeerGroup.objects.create(service=service, name="Going", status="active", formed_on=date(2024, 1, 1))
    PeerGroup.objects.create(service=service, name="Forming", status="forming")
    quiet = PeerGroup.objects.create(
        service=service, name="Quiet", status="active", formed_on=today - timedelta(days=40)
    )
    for when, status in [(datetime(2021, 3, 1, 19), "held"), (datetime(2021, 5, 1, 19), "cancelled")]:
        start = when.replace(tzinfo=london)
        Meeting.objects.create(group=ended, starts_at=start, ends_at=start + timedelta(hours=1), status=status)
    start = datetime(2024, 7, 1, 19, tzinfo=london)
    Meeting.objects.create(group=going, starts_at=start, ends_at=start + timedelta(hours=1), status="held")
    starts, ends, statuses = group_durations(service=service)
    assert list(zip(starts, ends, statuses, strict=True)) == [
        (date(2020, 1, 1), date(2021, 3, 1), "folded"),
        (date(2024, 1, 1), date(2024, 7, 1), "active"),
        (quiet.formed_on, today, "active"),
    ]
    out, _ = run("group_survival", "--service", service.slug)
    assert out.splitlines()[0].startswith("groups=3 ")
    assert out.splitlines()[1].startswith("ended=1 still_going=2")
