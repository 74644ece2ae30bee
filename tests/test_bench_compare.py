"""bench/compare.py: the benchmark regression gate, on synthetic results.

The gate compares ratios (x400fast time / msgpack time in the same group)
rather than times, so a uniformly slower CI machine passes while a change
that slows x400fast relative to msgpack by more than 20 % fails.  The time
of a benchmark is its minimum by default (``--stat``).
"""
from __future__ import annotations

import json
import os
import sys
from typing import Dict, Optional

import pytest

_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
if _ROOT not in sys.path:
    sys.path.insert(0, _ROOT)

from bench import compare as C  # noqa: E402
from bench import report as R  # noqa: E402

GROUPS = ("decode submission 10 rcpt 16KiB", "encode ipm 1 rcpt 1MiB")
BASE = {
    # engine -> median seconds, per group
    GROUPS[0]: {"msgpack": 30e-6, "x400fast-compiled": 30e-6, "x400fast-pure": 350e-6,
                "asn1tools": 420e-6, "pyasn1": 3.9e-3},
    GROUPS[1]: {"msgpack": 90e-6, "x400fast-compiled": 450e-6, "x400fast-pure": 650e-6,
                "asn1tools": 800e-6, "pyasn1": 1.5e-3},
}


def run_json(medians: Dict[str, Dict[str, float]], scale: float = 1.0,
             with_extra_info: bool = True,
             noise: Optional[Dict[str, float]] = None) -> dict:
    """A pytest-benchmark JSON document with these medians (times * scale).

    Each minimum is 90 % of the median; ``noise`` multiplies the medians
    (not the minimums) of some engines, as interference from other processes
    on a shared machine would.
    """
    benchmarks = []
    for group, by_engine in medians.items():
        op, rest = group.split(" ", 1)
        for engine, t in by_engine.items():
            b = {
                "group": group,
                "name": "test_codec[%s-%s-%s]" % (op, rest.replace(" ", "-"), engine),
                "stats": {"min": 0.9 * t * scale,
                          "median": t * scale * (noise or {}).get(engine, 1.0),
                          "mean": t * scale * 1.1, "rounds": 5},
            }
            if with_extra_info:
                b["extra_info"] = {"engine": engine, "operation": op}
            benchmarks.append(b)
    return {
        "machine_info": {"python_version": "3.11.7", "python_implementation": "CPython",
                         "system": "Linux", "machine": "x86_64",
                         "cpu": {"brand_raw": "Synthetic CPU"}},
        "commit_info": {"id": "0" * 40},
        "benchmarks": benchmarks,
        "datetime": "2025-03-14T15:09:26+00:00",
        "version": "5.2.3",
    }


def write(tmp_path, name: str, doc) -> str:
    path = tmp_path / name
    path.write_text(json.dumps(doc) if not isinstance(doc, str) else doc, encoding="utf-8")
    return str(path)


def changed(group: str, engine: str, factor: float) -> Dict[str, Dict[str, float]]:
    out = {g: dict(m) for g, m in BASE.items()}
    out[group][engine] *= factor
    return out


@pytest.fixture
def baseline(tmp_path) -> str:
    """bench/baseline.json written by ``compare.py --update`` from BASE."""
    results = write(tmp_path, "base-run.json", run_json(BASE))
    path = str(tmp_path / "baseline.json")
    assert C.main([results, "--baseline", path, "--update"]) == 0
    return path


def gate(tmp_path, baseline: str, doc, *extra: str) -> int:
    return C.main([write(tmp_path, "run.json", doc), "--baseline", baseline, *extra])


def test_update_writes_ratios_to_msgpack(baseline: str) -> None:
    with open(baseline, encoding="utf-8") as f:
        doc = json.load(f)
    assert doc["format"] == 1 and doc["reference"] == "msgpack" and doc["stat"] == "min"
    assert doc["python"] == "3.11.7" and doc["cpu"] == "Synthetic CPU"
    assert doc["ratios"][GROUPS[0]]["x400fast-compiled"] == pytest.approx(1.0)
    assert doc["ratios"][GROUPS[1]]["x400fast-compiled"] == pytest.approx(5.0)
    assert "msgpack" not in doc["ratios"][GROUPS[0]]
    assert doc["medians"][GROUPS[1]]["msgpack"] == pytest.approx(90e-6)


def test_identical_run_passes(tmp_path, baseline: str, capsys) -> None:
    assert gate(tmp_path, baseline, run_json(BASE)) == 0
    out = capsys.readouterr().out
    assert "| decode submission 10 rcpt 16KiB | x400fast-compiled |" in out
    assert "0 regression(s)" in out


@pytest.mark.parametrize("scale", [0.25, 3.0])
def test_uniformly_faster_or_slower_machine_passes(tmp_path, baseline: str, scale: float) -> None:
    # every time, msgpack's included, scaled: the ratios do not move
    assert gate(tmp_path, baseline, run_json(BASE, scale)) == 0


def test_regression_over_threshold_fails(tmp_path, baseline: str, capsys) -> None:
    doc = run_json(changed(GROUPS[1], "x400fast-compiled", 1.25))
    assert gate(tmp_path, baseline, doc) == 1
    out = capsys.readouterr().out
    line = [ln for ln in out.splitlines() if GROUPS[1] in ln and "x400fast-compiled" in ln][0]
    assert "REGRESSION" in line and "+25.0 %" in line


def test_regression_on_a_slow_machine_still_fails(tmp_path, baseline: str) -> None:
    doc = run_json(changed(GROUPS[0], "x400fast-pure", 1.3), scale=2.0)
    assert gate(tmp_path, baseline, doc) == 1


def test_interference_on_medians_does_not_fail_the_default_gate(tmp_path, baseline: str) -> None:
    # another process slowed half the rounds of the x400fast legs: the
    # medians moved, the fastest rounds did not
    doc = run_json(BASE, noise={"x400fast-compiled": 1.6, "x400fast-pure": 1.6})
    assert gate(tmp_path, baseline, doc) == 0


def test_gating_on_medians_needs_a_median_baseline(tmp_path, baseline: str, capsys) -> None:
    doc = run_json(BASE, noise={"x400fast-compiled": 1.6})
    assert gate(tmp_path, baseline, doc, "--stat", "median") == 2      # baseline holds mins
    assert "holds min ratios" in capsys.readouterr().err
    median_base = str(tmp_path / "median-baseline.json")
    base_run = write(tmp_path, "base-run.json", run_json(BASE))
    assert C.main([base_run, "--baseline", median_base, "--update", "--stat", "median"]) == 0
    assert gate(tmp_path, median_base, doc, "--stat", "median") == 1


def test_best_of_several_runs(tmp_path, baseline: str) -> None:
    slow = write(tmp_path, "slow.json", run_json(changed(GROUPS[0], "x400fast-pure", 1.5)))
    fine = write(tmp_path, "fine.json", run_json(BASE, scale=1.1))
    assert C.main([slow, "--baseline", baseline]) == 1
    # the second run shows the slow leg was a disturbance: best of both passes
    assert C.main([slow, fine, "--baseline", baseline]) == 0
    merged = C.best_of([{"g": {"a": 2.0, "b": 1.0}}, {"g": {"a": 1.0}, "h": {"a": 3.0}}])
    assert merged == {"g": {"a": 1.0, "b": 1.0}, "h": {"a": 3.0}}


def test_update_from_several_runs(tmp_path) -> None:
    runs = [write(tmp_path, "r%d.json" % i, run_json(changed(GROUPS[1], "msgpack", f)))
            for i, f in enumerate((1.0, 0.5))]
    path = str(tmp_path / "baseline.json")
    assert C.main(runs + ["--baseline", path, "--update"]) == 0
    with open(path, encoding="utf-8") as f:
        doc = json.load(f)
    assert doc["runs"] == 2
    # msgpack's best time halved, x400fast's did not: ratio 450/45
    assert doc["ratios"][GROUPS[1]]["x400fast-compiled"] == pytest.approx(10.0)


def test_change_within_threshold_passes(tmp_path, baseline: str) -> None:
    assert gate(tmp_path, baseline, run_json(changed(GROUPS[0], "x400fast-pure", 1.15))) == 0


def test_threshold_is_configurable(tmp_path, baseline: str) -> None:
    doc = run_json(changed(GROUPS[0], "x400fast-pure", 1.15))
    assert gate(tmp_path, baseline, doc, "--threshold", "0.10") == 1


def test_msgpack_getting_faster_is_a_relative_regression(tmp_path, baseline: str) -> None:
    # Only the reference moved, but x400fast is now 1.5x further from it.
    assert gate(tmp_path, baseline, run_json(changed(GROUPS[0], "msgpack", 1 / 1.5))) == 1


def test_peers_are_not_gated(tmp_path, baseline: str) -> None:
    assert gate(tmp_path, baseline, run_json(changed(GROUPS[0], "pyasn1", 3.0))) == 0
    # ... unless asked for
    doc = run_json(changed(GROUPS[0], "pyasn1", 3.0))
    assert gate(tmp_path, baseline, doc, "--engines", "pyasn1") == 1


def test_improvement_is_reported_not_failed(tmp_path, baseline: str, capsys) -> None:
    assert gate(tmp_path, baseline, run_json(changed(GROUPS[1], "x400fast-pure", 0.5))) == 0
    assert "faster" in capsys.readouterr().out


def test_missing_engine_fails_unless_allowed(tmp_path, baseline: str, capsys) -> None:
    medians = {g: {e: t for e, t in m.items() if e != "x400fast-compiled"}
               for g, m in BASE.items()}
    assert gate(tmp_path, baseline, run_json(medians)) == 1
    assert "missing" in capsys.readouterr().out
    assert gate(tmp_path, baseline, run_json(medians), "--allow-missing") == 0


def test_group_without_msgpack_cannot_be_checked(tmp_path, baseline: str) -> None:
    medians = {g: dict(m) for g, m in BASE.items()}
    del medians[GROUPS[1]]["msgpack"]
    assert gate(tmp_path, baseline, run_json(medians)) == 1      # its rows go missing


def test_new_group_is_reported_not_failed(tmp_path, baseline: str, capsys) -> None:
    medians = {g: dict(m) for g, m in BASE.items()}
    medians["decode ipm 100 rcpt 1KiB"] = {"msgpack": 1e-4, "x400fast-compiled": 1e-4}
    assert gate(tmp_path, baseline, run_json(medians)) == 0
    assert "| decode ipm 100 rcpt 1KiB | x400fast-compiled | - |" in capsys.readouterr().out


def test_full_run_json_is_accepted_as_baseline(tmp_path) -> None:
    base = write(tmp_path, "full-baseline.json", run_json(BASE, scale=5.0))
    assert gate(tmp_path, base, run_json(BASE)) == 0
    assert gate(tmp_path, base, run_json(changed(GROUPS[0], "x400fast-compiled", 1.5))) == 1


def test_engine_from_test_name_when_extra_info_is_absent(tmp_path, baseline: str) -> None:
    assert gate(tmp_path, baseline, run_json(BASE, with_extra_info=False)) == 0
    medians = C.medians_from_json(run_json(BASE, with_extra_info=False))
    assert set(medians[GROUPS[0]]) == set(BASE[GROUPS[0]])


@pytest.mark.parametrize("content, message", [
    ("{not json", "is not JSON"),
    ('{"benchmarks": 3}', "not pytest-benchmark JSON"),
    ('{"benchmarks": [{"name": "x", "group": "g", "stats": {"median": 0}}]}',
     "no positive min"),
    ('{"benchmarks": [{"name": "test_x[odd]", "group": "g", "stats": {"min": 1.0}}]}',
     "cannot tell the engine"),
])
def test_unusable_results_exit_2(tmp_path, baseline: str, capsys, content: str,
                                 message: str) -> None:
    assert C.main([write(tmp_path, "bad.json", content), "--baseline", baseline]) == 2
    assert message in capsys.readouterr().err


def test_missing_baseline_exits_2(tmp_path, capsys) -> None:
    results = write(tmp_path, "run.json", run_json(BASE))
    assert C.main([results, "--baseline", str(tmp_path / "nope.json")]) == 2
    assert "cannot read" in capsys.readouterr().err


def test_baseline_of_unknown_format_exits_2(tmp_path, capsys) -> None:
    bad = write(tmp_path, "baseline.json", {"format": 99, "ratios": {}})
    assert gate(tmp_path, bad, run_json(BASE)) == 2
    assert "unknown baseline format" in capsys.readouterr().err


def test_compare_rows_directly() -> None:
    base = {"g": {"x400fast-compiled": 2.0}}
    rows = C.compare(base, {"g": {"x400fast-compiled": 2.4}}, threshold=0.2)
    assert [r.status for r in rows] == ["ok"]                      # exactly +20 %: allowed
    rows = C.compare(base, {"g": {"x400fast-compiled": 2.41}}, threshold=0.2)
    assert [r.status for r in rows] == ["REGRESSION"]
    assert rows[0].change == pytest.approx(0.205)


def test_report_tables(tmp_path) -> None:
    text = R.report(run_json(BASE))
    assert "### decode: median / msgpack median (same group)" in text
    assert "### encode: median / x400fast compiled median (same group)" in text
    assert "| workload | x400fast-compiled | x400fast-pure | msgpack | asn1tools | pyasn1 |" in text
    # encode ipm 1 rcpt 1MiB: compiled 450 us = 5.00x msgpack; pyasn1 1.5 ms = 3.33x compiled
    assert "| ipm 1 rcpt 1MiB | 450 µs |" in text
    assert "| ipm 1 rcpt 1MiB | 5.00× | 7.22× | 1.00× | 8.89× | 17× |" in text
    assert "| ipm 1 rcpt 1MiB | 1.00× | 1.44× | 0.20× | 1.78× | 3.33× |" in text
    path = write(tmp_path, "run.json", run_json(BASE))
    assert R.main([path]) == 0


def test_report_orders_workloads() -> None:
    keys = ["decode submission 100 rcpt 1KiB", "decode submission 10 rcpt 1MiB",
            "decode submission 10 rcpt 1KiB", "decode ipm 1 rcpt 16KiB"]
    assert sorted(keys, key=R.group_key) == [
        "decode ipm 1 rcpt 16KiB", "decode submission 10 rcpt 1KiB",
        "decode submission 10 rcpt 1MiB", "decode submission 100 rcpt 1KiB"]
