"""The load test's pure pieces (bench/load.py): cookies, CSRF tokens, the round robin, the accounting of
messages and texts that decides `lost` and `duplicated`, and the command line."""

import threading

import pytest

from bench import load


def test_cookie_jar_keeps_updates_and_forgets_deleted_cookies():
    jar = load.CookieJar({"__Host-sessionid": "abc"})
    jar.update(
        [
            "__Host-csrftoken=tok123; Path=/; Secure; SameSite=Lax",
            "__Host-sessionid=def; HttpOnly; Path=/; Secure",
            'messages=""; expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; Path=/',
        ]
    )
    assert jar.cookies == {"__Host-sessionid": "def", "__Host-csrftoken": "tok123"}
    assert jar.header() == "__Host-sessionid=def; __Host-csrftoken=tok123"
    jar.update(['__Host-csrftoken=""; Max-Age=0; Path=/'])
    assert jar.cookies == {"__Host-sessionid": "def"}


def test_csrf_token_is_read_from_the_form_in_either_attribute_order():
    assert load.csrf_token('<form><input type="hidden" name="csrfmiddlewaretoken" value="A1b2"></form>') == "A1b2"
    assert load.csrf_token('<input value="Z9" name="csrfmiddlewaretoken">') == "Z9"
    assert load.csrf_token("<p>no form here</p>") is None


def test_round_robin_alternates_between_the_app_processes_across_threads():
    balancer = load.RoundRobin([8001, 8002])
    seen = []
    lock = threading.Lock()

    def take():
        for _ in range(50):
            port = balancer.next()
            with lock:
                seen.append(port)

    threads = [threading.Thread(target=take) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert seen.count(8001) == seen.count(8002) == 100
    with pytest.raises(ValueError):
        load.RoundRobin([])


def test_a_form_post_must_redirect_and_a_page_must_answer_200():
    assert load.expected_status("GET") == 200
    assert load.expected_status("POST") == 302


def test_messages_are_lost_when_due_and_never_sent_and_duplicated_per_extra_send():
    messages = [
        ("a", "sent", False),  # sent once: fine
        ("b", "sent", False),  # sent twice: one duplicate
        ("c", "queued", False),  # due and never sent: lost
        ("d", "queued", True),  # held for later (quiet hours): not lost
        ("e", "cancelled", False),  # not sent on purpose: not lost
        ("f", "failed", False),  # Notify never had it: lost
        ("g", "sending", True),  # held only counts for queued messages: lost
    ]
    counted = load.count_messages(messages, {"a": 1, "b": 2, "zz": 5})
    assert counted == load.MessageCount(delivered=2, lost=3, duplicated=1, held=1, cancelled=1)


def test_sends_of_messages_not_made_in_the_run_are_not_counted():
    assert load.count_messages([], {"other": 3}) == load.MessageCount(0, 0, 0, 0, 0)


def test_every_distinct_text_must_be_recorded_once():
    assert load.count_texts({"1", "2", "3"}, {"1": 1, "2": 1, "3": 1}) == (0, 0)
    assert load.count_texts({"1", "2", "3"}, {"1": 1, "3": 2}) == (1, 1)


def test_the_mix_has_every_kind_of_user():
    assert load.roles_for(4) == ["member", "texter", "member", "staff"]
    assert load.roles_for(8).count("member") == 4


def test_command_line_runs_pool_off_then_on_by_default_and_refuses_nonsense():
    args = load.parse_args(["--database", "scaleload_s1"])
    assert args.pools == ["off", "on"] and args.apps == 2 and args.workers == 2
    assert load.parse_args(["--pools", "on"]).pools == ["on"]
    for bad in (["--pools", "maybe"], ["--users", "2"], ["--apps", "0"]):
        with pytest.raises(SystemExit):
            load.parse_args(bad)


def test_cpu_seconds_are_read_from_proc_stat_even_with_spaces_in_the_name():
    line = "2213 (postgres: x (y)) S 1 2213 2213 0 -1 4194304 14381 1880657 0 70 400 45 12942 2805 20 0 1 0 2616"
    assert load.proc_cpu_seconds(line, 100) == 4.45  # utime 400 + stime 45 ticks


def test_cpu_used_counts_new_processes_from_zero_and_ignores_vanished_ones():
    assert load.cpu_used({1: 2.0, 2: 5.0}, {1: 3.5, 3: 0.25}) == 1.75
