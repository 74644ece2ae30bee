#!/usr/bin/env python3
"""Markdown tables from a pytest-benchmark JSON file, for bench/README.md.

Usage (from the repository root)::

    python bench/report.py results.json > table.md

For each operation (decode, encode) it prints three tables whose rows are
the workloads and whose columns are the engines: the median times, each
median over msgpack's median in the same group (how far from the cost of
just building the Python objects), and each median over x400fast
compiled's median (how much faster x400fast is than each peer).
"""
from __future__ import annotations

import argparse
import re
import sys
from typing import Any, Dict, List, Optional, Sequence, Tuple

try:                                    # python -m bench.report
    from .compare import DataError, read_json, medians_from_json
except ImportError:                     # python bench/report.py
    from compare import DataError, read_json, medians_from_json  # type: ignore[no-redef]

__all__ = ["ENGINE_ORDER", "group_key", "table", "report", "main"]

ENGINE_ORDER = ("x400fast-compiled", "x400fast-pure", "msgpack", "asn1tools", "pyasn1")
_TEXT_ORDER = {"1KiB": 1, "16KiB": 16, "1MiB": 1024}
_GROUP = re.compile(r"^(\w+) (\w+) (\d+) rcpt (\w+)$")


def group_key(group: str) -> Tuple[Any, ...]:
    """Sort key: operation, kind, recipients, text size (unknown shapes last)."""
    m = _GROUP.match(group)
    if not m:
        return (1, group)
    op, kind, n, text = m.groups()
    return (0, op, kind, int(n), _TEXT_ORDER.get(text, 0), text)


def _engines(medians: Dict[str, Dict[str, float]]) -> List[str]:
    seen = {e for by_engine in medians.values() for e in by_engine}
    return [e for e in ENGINE_ORDER if e in seen] + sorted(seen - set(ENGINE_ORDER))


def _time(seconds: float) -> str:
    if seconds >= 1.0:
        return "%.3g s" % seconds
    if seconds >= 1e-3:
        return "%.3g ms" % (seconds * 1e3)
    return "%.3g µs" % (seconds * 1e6)


def _ratio(r: float) -> str:
    return ("%.2f×" % r) if r < 10 else ("%.0f×" % r)


def table(medians: Dict[str, Dict[str, float]], groups: Sequence[str], engines: Sequence[str],
          over: Optional[str]) -> str:
    """One markdown table; ``over`` = engine to divide by, or None for times."""
    head = "| workload | " + " | ".join(engines) + " |"
    lines = [head, "|---|" + "---:|" * len(engines)]
    for g in groups:
        by_engine = medians[g]
        cells = []
        for e in engines:
            t = by_engine.get(e)
            if t is None:
                cells.append("-")
            elif over is None:
                cells.append(_time(t))
            else:
                ref = by_engine.get(over)
                cells.append("-" if ref is None else _ratio(t / ref))
        name = g.split(" ", 1)[1] if " " in g else g
        lines.append("| %s | %s |" % (name, " | ".join(cells)))
    return "\n".join(lines)


def report(doc: Any) -> str:
    """The whole markdown report for a pytest-benchmark JSON document."""
    medians = medians_from_json(doc)
    engines = _engines(medians)
    by_op: Dict[str, List[str]] = {}
    for g in sorted(medians, key=group_key):
        by_op.setdefault(g.split(" ", 1)[0], []).append(g)
    machine = doc.get("machine_info") or {}
    parts = []
    if machine:
        parts.append("Python %s (%s) on %s %s, %s; pytest-benchmark %s; %s." % (
            machine.get("python_version", "?"), machine.get("python_implementation", "?"),
            machine.get("system", "?"), machine.get("machine", "?"),
            (machine.get("cpu") or {}).get("brand_raw", "unknown CPU"),
            doc.get("version", "?"), doc.get("datetime", "?")))
    for op, groups in by_op.items():
        parts.append("### %s: median time" % op)
        parts.append(table(medians, groups, engines, None))
        if "msgpack" in engines:
            parts.append("### %s: median / msgpack median (same group)" % op)
            parts.append(table(medians, groups, engines, "msgpack"))
        if "x400fast-compiled" in engines:
            parts.append("### %s: median / x400fast compiled median (same group)" % op)
            parts.append(table(medians, groups, engines, "x400fast-compiled"))
    return "\n\n".join(parts) + "\n"


def main(argv: Optional[Sequence[str]] = None) -> int:
    p = argparse.ArgumentParser(prog="report.py", description=__doc__.splitlines()[0])
    p.add_argument("results", help="JSON written by pytest --benchmark-json")
    args = p.parse_args(argv)
    try:
        text = report(read_json(args.results))
    except DataError as e:
        print("report.py: %s" % e, file=sys.stderr)
        return 2
    sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
