"""Pure pieces of the harness: statistics and the `bench <name> k=v ...` line format."""

import math
import re
from collections.abc import Mapping, Sequence

_NAME = re.compile(r"^[A-Za-z0-9_.-]+$")


def percentile(values: Sequence[float], pct: float) -> float:
    """The pct-th percentile (0-100) with linear interpolation between closest ranks (numpy's default)."""
    if not values:
        raise ValueError("percentile of no values")
    if not 0 <= pct <= 100:
        raise ValueError(f"percentile must be between 0 and 100, got {pct}")
    ordered = sorted(values)
    rank = (len(ordered) - 1) * pct / 100
    low = math.floor(rank)
    high = math.ceil(rank)
    if low == high:
        return float(ordered[low])
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def page_figures(latencies_s: Sequence[float], elapsed_s: float, queries: int) -> dict:
    """rps, p50_ms, p95_ms and queries of one measured page (latencies and elapsed in seconds)."""
    if elapsed_s <= 0:
        raise ValueError("elapsed time must be positive")
    return {
        "rps": len(latencies_s) / elapsed_s,
        "p50_ms": percentile(latencies_s, 50) * 1000,
        "p95_ms": percentile(latencies_s, 95) * 1000,
        "queries": int(queries),
    }


def ratio_to_floor(page_rps: float, floor_rps: float) -> float:
    """How many times the floor's cost a page costs: floor throughput over page throughput.

    1.0 means the page is as cheap as the trivial view; 4.0 means it takes four times the server time.
    """
    if page_rps <= 0 or floor_rps <= 0:
        raise ValueError("throughputs must be positive")
    return floor_rps / page_rps


def round_figure(value):
    """Round a float to three significant digits (at least), never to scientific notation.

    Ints, bools and strings are returned unchanged; the printed line and latest.json hold the same value.
    """
    if isinstance(value, bool) or not isinstance(value, float):
        return value
    if not math.isfinite(value) or value == 0:
        return value
    decimals = max(0, 2 - math.floor(math.log10(abs(value))))
    rounded = round(value, decimals)
    return float(int(rounded)) if decimals == 0 else rounded


def format_value(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value):
            return "nan"
        if math.isinf(value):
            return "inf" if value > 0 else "-inf"
        value = round_figure(value)
        if value == int(value) and abs(value) >= 100:
            return str(int(value))
        decimals = max(0, 2 - math.floor(math.log10(abs(value)))) if value else 0
        return f"{value:.{decimals}f}"
    text = str(value)
    if not text or any(ch.isspace() for ch in text) or "=" in text:
        raise ValueError(f"figure values must be single words, got {text!r}")
    return text


def format_line(name: str, figures: Mapping) -> str:
    """`bench <name> k=v k=v ...` with the figures in the order given."""
    check_name(name)
    parts = [f"bench {name}"]
    for key, value in figures.items():
        check_name(key)
        parts.append(f"{key}={format_value(value)}")
    return " ".join(parts)


def check_name(name: str) -> str:
    if not isinstance(name, str) or not _NAME.match(name):
        raise ValueError(f"bench names and figure keys are letters, digits, '_', '-' or '.', got {name!r}")
    return name
