"""The meetings bench case runs on its own and prints the harness's line (timings are not asserted here)."""

import re
import subprocess
import sys
from pathlib import Path

import pytest

from bench.cases import meetings as case
from followon.meetings.ranking import rank_poll_options

ROOT = Path(__file__).resolve().parents[3]
LINE = re.compile(r"^bench poll_rank_15x60 ms=\d+(\.\d+)?$")


def test_the_bench_poll_is_15_members_by_60_options_and_always_the_same():
    poll = case.build_poll()
    assert len(poll["members"]) == 15
    assert len(poll["options"]) == 60
    assert len(poll["history"]) == 6
    answered = sum(len(a) for a in poll["answers"].values())
    assert 15 * 60 * 0.5 < answered < 15 * 60
    assert case.build_poll() == poll
    ranked = rank_poll_options(**poll)
    assert len(ranked) == 60
    assert any(r.left_out_again for r in ranked)  # the fairness step has work to do
    assert any(r.likely or r.likely_not for r in ranked)  # and so do standing preferences


def test_runs_alone_printing_the_bench_line():
    result = subprocess.run(
        [sys.executable, "-m", "bench.cases.meetings", "--runs", "3"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    assert [line for line in result.stdout.splitlines() if line] == [result.stdout.strip()]
    assert LINE.match(result.stdout.strip()), result.stdout


def test_run_emits_through_the_context(capsys):
    case.measure_poll_ranking(case.StandaloneContext(), runs=2)
    assert LINE.match(capsys.readouterr().out.strip())
    assert case.MEASUREMENTS[0] is case.measure_poll_ranking


@pytest.mark.django_db
def test_bench_seed_gives_a_group_and_poll_page_with_many_rows(client, service, clinician, member):
    """The bench's seeded group (small here) opens for its coordinator, the bench member."""

    class Ctx:
        def __init__(self):
            self.service = service

        def user(self, who):
            return {"clinician": clinician, "member": member}[who]

    group, poll = case.seed_group(Ctx(), members=5, options=6, past_polls=2)
    client.force_login(member)
    assert client.get(f"/my/groups/{group.public_id}/meetings/").status_code == 200
    page = client.get(f"/my/polls/{poll.public_id}/")
    assert page.status_code == 200
    assert "Choosing the time" in page.content.decode()
    meeting = group.meetings.filter(series__isnull=True).order_by("id").first()
    assert client.get(f"/my/meetings/{meeting.public_id}/").status_code == 200
