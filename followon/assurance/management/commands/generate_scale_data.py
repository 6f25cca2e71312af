"""`manage.py generate_scale_data --scale S --seed N`: a synthetic ten-year NHS for benchmarks (issue 16).

See followon/assurance/scale_data.py for the shape. Meant for an empty, migrated database of its own
(`make bench-scale` makes them); it refuses a database that already holds a scale dataset.
"""

import time

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

from followon.assurance import scale_data
from followon.organisations.models import PainService


class Command(BaseCommand):
    help = "Fill this database with a synthetic NHS of scale S (S = 1: 250 services, ~200k members, ten years)."

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=float, required=True, help="1 = NHS-wide (250 services); 0.1 = a tenth")
        parser.add_argument("--seed", type=int, default=16, help="the same seed and scale give the same data")

    def handle(self, *args, scale: float, seed: int, **options):
        if not 0 < scale <= 10:
            raise CommandError("--scale must be above 0 and at most 10")
        if PainService.objects.filter(slug="scale-001").exists():
            raise CommandError("this database already holds a scale dataset: use a fresh one")
        started = time.monotonic()
        quiet = options.get("verbosity", 1) < 1
        with Progress(
            TextColumn("[bold]{task.description:<40}"),
            BarColumn(bar_width=None),
            TextColumn("{task.completed:>10,} rows"),
            TimeElapsedColumn(),
            disable=quiet,
            transient=False,
        ) as progress:
            tasks: dict[str, int] = {}

            def advance(table: str, n: int) -> None:
                if table not in tasks:
                    tasks[table] = progress.add_task(table, total=None)
                progress.advance(tasks[table], n)

            with transaction.atomic():
                rows = scale_data.generate(scale, seed, progress=advance)
        total = sum(rows.values())
        self.stdout.write(
            f"generate_scale_data scale={scale:g} seed={seed} rows={total} tables={len(rows)} "
            f"seconds={time.monotonic() - started:.1f} loader={scale_data.loader_version()}"
        )
