"""Benchmark cases: each module here exposes `run(ctx) -> None` and is run in alphabetical order."""
