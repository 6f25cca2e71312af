"""The key pages `make bench` measures, each against the framework floor.

Add a page with one line: (name, path, who signs in). `who` is "anonymous", "member" or a staff role
("service_admin", "clinician", "ptv", "researcher"); see bench/fixtures.py for the people behind them.
A page whose path needs objects (an id) belongs in a case module instead: bench/cases/<name>.py can
create the data and call ctx.measure_page(name, path, user).
"""

PAGES: list[tuple[str, str, str]] = [
    ("home", "/", "anonymous"),
    ("need_help", "/need-help-now/", "anonymous"),
    ("staff_home", "/staff/", "clinician"),
]
