#!/usr/bin/env python3
"""Compare a benchmark run with the stored baseline; fail on a regression.

Usage (from the repository root)::

    python bench/compare.py results.json                 # against bench/baseline.json
    python bench/compare.py results.json --update        # make results the new baseline
    python bench/compare.py run1.json run2.json ...      # best of several runs

``results.json`` is what ``pytest bench/ --benchmark-json=results.json``
writes.  Why ratios and not times: CI runners differ in speed from run to
run, so a raw time says little about a code change.  Every benchmark group
(one operation on one workload) also times msgpack on the same logical data
in the same process, so ``x400fast time / msgpack time`` cancels most of
the machine's speed.  The baseline stores those ratios; a run fails when an
x400fast ratio is more than ``--threshold`` (20 %) above the baseline's.

The time taken from each benchmark is its minimum by default (``--stat``):
other processes on a shared runner only ever add time, so the fastest
round is the one least disturbed by them.  Given several result files, each
benchmark's time is the smallest over the files (best of N runs).

Exit status: 0 no regression, 1 regression (or a baseline group/engine
missing from the run, unless ``--allow-missing``), 2 unusable input.
"""
from __future__ import annotations

import argparse
import datetime as _dt
import json
import os
import re
import sys
from typing import Any, Dict, Iterable, List, Optional, Sequence

__all__ = [
    "Timings", "Ratios", "Row", "DataError", "STATS", "read_json", "timings_from_json",
    "medians_from_json", "load_timings", "best_of", "ratios", "load_baseline",
    "baseline_document", "compare", "format_table", "main",
]

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_BASELINE = os.path.join(HERE, "baseline.json")
DEFAULT_REFERENCE = "msgpack"
DEFAULT_ENGINES = ("x400fast-compiled", "x400fast-pure")
DEFAULT_THRESHOLD = 0.20
DEFAULT_STAT = "min"
STATS = ("min", "median", "mean")
BASELINE_FORMAT = 1

#: group -> engine -> seconds (one statistic of each benchmark)
Timings = Dict[str, Dict[str, float]]
#: group -> engine -> time / reference engine's time
Ratios = Dict[str, Dict[str, float]]

_PARAM_ENGINE = re.compile(r"-(pyasn1|asn1tools|msgpack|x400fast-compiled|x400fast-pure)\]$")


class DataError(ValueError):
    """A results or baseline file that cannot be used."""


def _engine_of(bench: Dict[str, Any]) -> str:
    extra = bench.get("extra_info") or {}
    engine = extra.get("engine")
    if isinstance(engine, str) and engine:
        return engine
    params = bench.get("params") or {}
    if isinstance(params.get("engine"), str):
        return params["engine"]
    m = _PARAM_ENGINE.search(str(bench.get("name", "")))
    if m:
        return m.group(1)
    raise DataError("cannot tell the engine of benchmark %r" % bench.get("name"))


def timings_from_json(doc: Any, stat: str = DEFAULT_STAT) -> Timings:
    """One statistic (seconds) by group and engine from pytest-benchmark JSON."""
    if stat not in STATS:
        raise DataError("unknown statistic %r" % (stat,))
    if not isinstance(doc, dict) or not isinstance(doc.get("benchmarks"), list):
        raise DataError("not pytest-benchmark JSON (no 'benchmarks' list)")
    out: Timings = {}
    for bench in doc["benchmarks"]:
        if not isinstance(bench, dict):
            raise DataError("benchmark entry is not an object")
        group = bench.get("group")
        stats = bench.get("stats")
        if not isinstance(group, str) or not isinstance(stats, dict):
            raise DataError("benchmark %r has no group or stats" % bench.get("name"))
        value = stats.get(stat)
        if not isinstance(value, (int, float)) or isinstance(value, bool) or value <= 0:
            raise DataError("benchmark %r has no positive %s" % (bench.get("name"), stat))
        engine = _engine_of(bench)
        if engine in out.setdefault(group, {}):
            raise DataError("two %s benchmarks in group %r" % (engine, group))
        out[group][engine] = float(value)
    return out


def medians_from_json(doc: Any) -> Timings:
    """Median seconds by group and engine (what report.py tabulates)."""
    return timings_from_json(doc, "median")


def read_json(path: str) -> Any:
    try:
        with open(path, encoding="utf-8") as f:
            return json.load(f)
    except OSError as e:
        raise DataError("cannot read %s: %s" % (path, e.strerror or e)) from None
    except ValueError as e:
        raise DataError("%s is not JSON: %s" % (path, e)) from None


def load_timings(path: str, stat: str = DEFAULT_STAT) -> Timings:
    """:func:`timings_from_json` of a file."""
    return timings_from_json(read_json(path), stat)


def best_of(runs: Sequence[Timings]) -> Timings:
    """Per group and engine, the smallest time over several runs."""
    out: Timings = {}
    for run in runs:
        for group, by_engine in run.items():
            merged = out.setdefault(group, {})
            for engine, t in by_engine.items():
                merged[engine] = min(t, merged.get(engine, t))
    return out


def ratios(timings: Timings, reference: str = DEFAULT_REFERENCE) -> Ratios:
    """Each engine's time over the reference engine's time, per group.

    Groups without the reference engine are left out (nothing to divide by).
    """
    out: Ratios = {}
    for group, by_engine in timings.items():
        ref = by_engine.get(reference)
        if ref is None:
            continue
        out[group] = {e: t / ref for e, t in by_engine.items() if e != reference}
    return out


def baseline_document(docs: Any, reference: str = DEFAULT_REFERENCE,
                      stat: str = DEFAULT_STAT) -> Dict[str, Any]:
    """The compact baseline stored in bench/baseline.json, from runs' JSON.

    ``docs`` is one pytest-benchmark document or a list of them (best of N);
    the metadata comes from the first.
    """
    if not isinstance(docs, list):
        docs = [docs]
    if not docs:
        raise DataError("no results")
    timings = best_of([timings_from_json(d, stat) for d in docs])
    medians = best_of([medians_from_json(d) for d in docs])
    doc = docs[0]
    machine = doc.get("machine_info") or {}
    commit = doc.get("commit_info") or {}
    return {
        "format": BASELINE_FORMAT,
        "reference": reference,
        "stat": stat,
        "runs": len(docs),
        "created": doc.get("datetime") or _dt.datetime.now(_dt.timezone.utc).isoformat(),
        "python": machine.get("python_version"),
        "python_implementation": machine.get("python_implementation"),
        "machine": {k: machine.get(k) for k in ("machine", "system", "release", "node")
                    if machine.get(k) is not None},
        "cpu": (machine.get("cpu") or {}).get("brand_raw"),
        "commit": commit.get("id"),
        "note": ("ratios: each engine's %s time over the %s engine's %s time in the same "
                 "group (best of the runs; what compare.py checks); medians in seconds, "
                 "for information only" % (stat, reference, stat)),
        "ratios": {g: dict(sorted(r.items()))
                   for g, r in sorted(ratios(timings, reference).items())},
        "medians": {g: dict(sorted(m.items())) for g, m in sorted(medians.items())},
    }


def load_baseline(path: str, reference: str = DEFAULT_REFERENCE,
                  stat: str = DEFAULT_STAT) -> Ratios:
    """Baseline ratios from bench/baseline.json or from a full run's JSON."""
    doc = read_json(path)
    if isinstance(doc, dict) and "ratios" in doc:
        if doc.get("format") != BASELINE_FORMAT:
            raise DataError("%s: unknown baseline format %r" % (path, doc.get("format")))
        if doc.get("reference") != reference or doc.get("stat") != stat:
            raise DataError("%s holds %s ratios to %r, not %s ratios to %r "
                            "(see --reference, --stat)" % (
                                path, doc.get("stat"), doc.get("reference"), stat, reference))
        table = doc["ratios"]
        if not isinstance(table, dict):
            raise DataError("%s: 'ratios' is not an object" % path)
        out: Ratios = {}
        for group, by_engine in table.items():
            if not isinstance(by_engine, dict):
                raise DataError("%s: group %r is not an object" % (path, group))
            out[group] = {}
            for engine, r in by_engine.items():
                if not isinstance(r, (int, float)) or isinstance(r, bool) or r <= 0:
                    raise DataError("%s: bad ratio for %s in %r" % (path, engine, group))
                out[group][engine] = float(r)
        return out
    try:
        return ratios(timings_from_json(doc, stat), reference)
    except DataError as e:
        raise DataError("%s: %s" % (path, e)) from None


class Row:
    """One (group, engine) line of the comparison."""

    __slots__ = ("group", "engine", "baseline", "current", "status")

    def __init__(self, group: str, engine: str, baseline: Optional[float],
                 current: Optional[float], status: str) -> None:
        self.group = group
        self.engine = engine
        self.baseline = baseline
        self.current = current
        self.status = status

    @property
    def change(self) -> Optional[float]:
        """Relative change of the ratio (0.25 = 25 % slower than baseline)."""
        if self.baseline is None or self.current is None:
            return None
        return self.current / self.baseline - 1.0

    def __repr__(self) -> str:
        return "Row(%r, %r, %r, %r, %r)" % (self.group, self.engine, self.baseline,
                                            self.current, self.status)


def compare(baseline: Ratios, current: Ratios, engines: Iterable[str] = DEFAULT_ENGINES,
            threshold: float = DEFAULT_THRESHOLD) -> List[Row]:
    """Rows for every checked engine in every group of either side.

    Status: ``ok``; ``faster`` (ratio more than ``threshold`` below the
    baseline: consider ``--update``); ``REGRESSION`` (more than ``threshold``
    above); ``missing`` (in the baseline, not in this run); ``new`` (not in
    the baseline).
    """
    engines = tuple(engines)
    rows: List[Row] = []
    for group in sorted(set(baseline) | set(current)):
        for engine in engines:
            b = baseline.get(group, {}).get(engine)
            c = current.get(group, {}).get(engine)
            if b is None and c is None:
                continue
            if b is None:
                status = "new"
            elif c is None:
                status = "missing"
            elif c > b * (1.0 + threshold):
                status = "REGRESSION"
            elif c < b * (1.0 - threshold):
                status = "faster"
            else:
                status = "ok"
            rows.append(Row(group, engine, b, c, status))
    return rows


def _fmt_ratio(r: Optional[float]) -> str:
    return "-" if r is None else "%.3g" % r


def format_table(rows: Sequence[Row], reference: str = DEFAULT_REFERENCE) -> str:
    """A markdown table of the comparison."""
    lines = [
        "| group | engine | baseline ×%s | this run ×%s | change | status |" % (
            reference, reference),
        "|---|---|---:|---:|---:|---|",
    ]
    for row in rows:
        change = row.change
        lines.append("| %s | %s | %s | %s | %s | %s |" % (
            row.group, row.engine, _fmt_ratio(row.baseline), _fmt_ratio(row.current),
            "-" if change is None else "%+.1f %%" % (100.0 * change), row.status))
    return "\n".join(lines)


def _parse(argv: Optional[Sequence[str]]) -> argparse.Namespace:
    p = argparse.ArgumentParser(
        prog="compare.py",
        description="Compare pytest-benchmark results with bench/baseline.json "
                    "using machine-independent ratios (engine time / msgpack time).")
    p.add_argument("results", nargs="+",
                   help="JSON written by pytest --benchmark-json (several: best of them)")
    p.add_argument("--baseline", default=DEFAULT_BASELINE,
                   help="baseline file (compact or full pytest-benchmark JSON); "
                        "default: bench/baseline.json")
    p.add_argument("--threshold", type=float, default=DEFAULT_THRESHOLD,
                   help="allowed relative increase of a ratio (default 0.20)")
    p.add_argument("--reference", default=DEFAULT_REFERENCE,
                   help="engine every ratio is taken against (default msgpack)")
    p.add_argument("--stat", choices=STATS, default=DEFAULT_STAT,
                   help="which statistic of each benchmark to use (default: min)")
    p.add_argument("--engines", default=",".join(DEFAULT_ENGINES),
                   help="comma-separated engines to check (default: both x400fast engines)")
    p.add_argument("--allow-missing", action="store_true",
                   help="do not fail when a baseline group/engine is absent from the run")
    p.add_argument("--update", action="store_true",
                   help="write the results as the new baseline instead of comparing")
    args = p.parse_args(argv)
    if not 0.0 < args.threshold < 10.0:
        p.error("--threshold must be between 0 and 10")
    return args


def main(argv: Optional[Sequence[str]] = None) -> int:
    args = _parse(argv)
    try:
        if args.update:
            doc = baseline_document([read_json(r) for r in args.results],
                                    args.reference, args.stat)
            if not doc["ratios"]:
                raise DataError("no group with a %s benchmark in %s" % (
                    args.reference, ", ".join(args.results)))
            with open(args.baseline, "w", encoding="utf-8") as f:
                json.dump(doc, f, indent=1, sort_keys=False)
                f.write("\n")
            print("wrote %s (%d groups)" % (args.baseline, len(doc["ratios"])))
            return 0
        current = ratios(best_of([load_timings(r, args.stat) for r in args.results]),
                         args.reference)
        baseline = load_baseline(args.baseline, args.reference, args.stat)
    except DataError as e:
        print("compare.py: %s" % e, file=sys.stderr)
        return 2
    engines = [e.strip() for e in args.engines.split(",") if e.strip()]
    rows = compare(baseline, current, engines, args.threshold)
    print(format_table(rows, args.reference))
    regressions = [r for r in rows if r.status == "REGRESSION"]
    missing = [r for r in rows if r.status == "missing"]
    print()
    print("%d checked, %d regression(s) over %.0f %%, %d missing, %d faster, %d new" % (
        len(rows), len(regressions), 100 * args.threshold, len(missing),
        sum(r.status == "faster" for r in rows), sum(r.status == "new" for r in rows)))
    if not rows:
        print("compare.py: nothing to compare (no checked engine in either file)",
              file=sys.stderr)
        return 2
    if regressions or (missing and not args.allow_missing):
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
