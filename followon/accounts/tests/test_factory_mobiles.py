"""The user factory's mobiles never meet a number written by hand in a test, a fixture or the demo data.

A test that writes "07700 900982" and also creates factory users failed with a unique-key error in the
full run when the factory's sequence reached +447700900982. The factory now keeps to numbers of Ofcom's
drama range that nothing else writes (FACTORY_MOBILES); this scan keeps it so.
"""

import re
from pathlib import Path

from followon.accounts.tests.factories import FACTORY_MOBILES, KEPT_FOR_TESTS, UserFactory
from followon.home.demo import insights as demo_insights

ROOT = Path(__file__).resolve().parents[3]
# Where tests and the data they load live: every app's tests, fixtures and demo data, and tests/.
SCANNED = [ROOT / "followon", ROOT / "tests", ROOT / "conftest.py"]
SUFFIXES = {".py", ".html", ".jinja", ".txt", ".csv", ".json", ".yaml", ".yml", ".md", ".po"}
THIS_FILE = Path(__file__).resolve()
# Messages the safety screen is trained and measured on (blind writers' files, never edited): the
# numbers in them are words a member wrote to a group, never anyone's account.
SCREEN_MESSAGES = ROOT / "followon" / "safety" / "data"
FACTORIES = THIS_FILE.with_name("factories.py")
# A UK mobile on the 07700 prefix however a test writes it: 07700 900982, 07700900982, 07700 900 982,
# +447700900982, +44 7700 900982, 447700900982 (Notify's inbound form), 0044 (0)7700-900-982.
MOBILE = re.compile(r"(?<!\d)(?:\+?44|0044|0)[ \t]?(?:\(0\)[ \t]?)?7700[ \t.-]?(\d{3})[ \t.-]?(\d{3})(?!\d)")
OFCOM_DRAMA = range(900000, 901000)


def written_numbers(text: str) -> set[int]:
    """The six digits after 07700 of every mobile on that prefix written in `text`."""
    return {int(first + last) for first, last in MOBILE.findall(text)}


def hand_written() -> dict[int, set[str]]:
    numbers: dict[int, set[str]] = {}
    for root in SCANNED:
        for path in [root] if root.is_file() else root.rglob("*"):
            if path.suffix not in SUFFIXES or path.resolve() in (THIS_FILE, FACTORIES) or not path.is_file():
                continue
            if path.is_relative_to(SCREEN_MESSAGES):
                continue
            for number in written_numbers(path.read_text(encoding="utf-8", errors="replace")):
                numbers.setdefault(number, set()).add(str(path.relative_to(ROOT)))
    return numbers


def test_the_scan_reads_every_way_a_test_writes_a_mobile():
    text = """mobile="+447700900850" "07700 900851" '07700900852' "07700 900 853" "+44 7700 900854"
    {"source_number": "447700900855"} "0044 (0)7700-900-856" 07700 900 8577 +4477009008589"""
    assert written_numbers(text) == set(range(900850, 900857))


def test_the_factory_keeps_to_its_numbers_of_the_drama_range():
    assert set(FACTORY_MOBILES) <= set(OFCOM_DRAMA) and not set(FACTORY_MOBILES) & KEPT_FOR_TESTS
    mobiles = [UserFactory.build().mobile for _ in range(len(FACTORY_MOBILES))]
    assert sorted(mobiles) == [f"+447700{number}" for number in sorted(FACTORY_MOBILES)]  # each once, then round
    assert UserFactory.build().mobile in mobiles


def test_no_test_fixture_or_demo_data_writes_a_number_the_factory_gives():
    numbers = hand_written()
    assert 900982 in numbers, "the scan found none of the numbers the tests are known to write"
    overlap = {f"07700 {number}": sorted(paths) for number, paths in numbers.items() if number in FACTORY_MOBILES}
    assert not overlap, (
        "written by hand but also given by the user factory (write a drama number below 07700 900400, "
        f"or add it to KEPT_FOR_TESTS in accounts/tests/factories.py): {overlap}"
    )


def test_the_demo_insights_people_are_numbered_outside_the_factorys_numbers():
    # Computed, not written: 07700 900201 onwards, one per person of each past programme.
    count = len(demo_insights.HISTORY) * demo_insights.PER_PROGRAMME
    computed = range(demo_insights.FIRST_MOBILE, demo_insights.FIRST_MOBILE + count)
    assert not set(computed) & set(FACTORY_MOBILES)
