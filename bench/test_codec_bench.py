"""Codec benchmarks: x400fast against pyasn1, asn1tools and msgpack.

Run with ``pytest bench/ --benchmark-only --benchmark-json=results.json``
(see bench/README.md).  Every (operation, workload) pair is one
pytest-benchmark group -- e.g. ``decode submission 10 rcpt 16KiB`` -- holding
one benchmark per engine:

* ``pyasn1``: pyasn1 0.6 objects of bench/pyasn1_spec.py (decode: BER
  decoder with the schema; encode: DER encoder, see pyasn1_spec);
* ``asn1tools``: ``compile_files(workload.asn, 'ber')`` with its default
  options (``encode`` checks types);
* ``msgpack``: ``unpackb``/``packb`` of the same logical tree -- not ASN.1 at
  all, but the floor for "turn bytes into these Python objects and back";
* ``x400fast-compiled`` / ``x400fast-pure``: the engines ``x400fast._ber`` and
  ``x400fast._ber_pure`` driven directly with the compiled node of the
  bench/x400fast_schema.py type (both in one process).

Before timing, each benchmark checks its engine's result once (decoders
against the logical value, encoders against the reference octets), so a
leg cannot get fast by doing less.  Legs whose library is missing skip
with the reason.

Rounds are kept small (``X400FAST_BENCH_MAX_TIME`` seconds per benchmark,
0.5 by default, at least ``X400FAST_BENCH_MIN_ROUNDS`` = 3 rounds) so the
whole run of 180 benchmarks takes a few minutes on two cores even though
pyasn1 needs ~50 ms per 100-recipient message.
"""
from __future__ import annotations

import os
from typing import Any, Callable, Tuple

import pytest

pytest.importorskip("pytest_benchmark")

from bench import workload as W  # noqa: E402

ENGINES = ("pyasn1", "asn1tools", "msgpack", "x400fast-compiled", "x400fast-pure")
OPERATIONS = ("decode", "encode")
WORKLOADS = W.all_workloads()

_MAX_TIME = float(os.environ.get("X400FAST_BENCH_MAX_TIME", "0.5"))
_MIN_ROUNDS = int(os.environ.get("X400FAST_BENCH_MIN_ROUNDS", "3"))


def _import_or_skip(name: str) -> Any:
    return pytest.importorskip(name, reason="%s is not installed" % name)


def _x400fast_engine(label: str) -> Any:
    engines, reasons = W.x400fast_engines()
    if label not in engines:
        pytest.skip("x400fast %s engine unavailable: %s" % (label, reasons.get(label)))
    return engines[label]


Call = Callable[[], Any]
Check = Callable[[Any], None]


def _prepare(op: str, wl: W.Workload, engine: str) -> Tuple[Call, Check]:
    """``(call, check)``: the timed zero-argument call and a check of its result."""
    if engine == "pyasn1":
        _import_or_skip("pyasn1")
        from bench import pyasn1_spec

        if op == "decode":
            data, spec = wl.ber, wl.pyasn1_spec()
            decode = pyasn1_spec.decode

            def call() -> Any:
                return decode(data, asn1Spec=spec)

            def check(out: Any) -> None:
                value, rest = out
                assert rest == b""
                assert W.strip_defaults(W.from_pyasn1(value)) == \
                    W.strip_defaults(wl.asn1tools_value)
        else:
            value, encode = wl.pyasn1_value, pyasn1_spec.encode

            def call() -> Any:
                return encode(value)

            def check(out: Any) -> None:
                assert out == wl.ber
        return call, check

    if engine == "asn1tools":
        _import_or_skip("asn1tools")
        spec, name = W.compile_asn1tools(), wl.type_name
        if op == "decode":
            data = wl.ber

            def call() -> Any:
                return spec.decode(name, data)

            def check(out: Any) -> None:
                assert W.strip_defaults(out) == W.strip_defaults(wl.asn1tools_value)
        else:
            value = wl.asn1tools_value

            def call() -> Any:
                return spec.encode(name, value)

            def check(out: Any) -> None:
                assert out == wl.ber
        return call, check

    if engine == "msgpack":
        msgpack = _import_or_skip("msgpack")
        if op == "decode":
            packed, unpackb = wl.packed, msgpack.unpackb

            def call() -> Any:
                return unpackb(packed)

            def check(out: Any) -> None:
                assert out == wl.tree
        else:
            tree, packb = wl.tree, msgpack.packb

            def call() -> Any:
                return packb(tree)

            def check(out: Any) -> None:
                assert out == wl.packed
        return call, check

    # x400fast-compiled / x400fast-pure
    eng = _x400fast_engine(engine.split("-", 1)[1])
    node = wl.x400fast_type().node()
    if op == "decode":
        from x400fast.limits import DEFAULT_LIMITS

        data, decode = wl.ber, eng.decode

        def call() -> Any:
            return decode(node, data, DEFAULT_LIMITS)

        def check(out: Any) -> None:
            assert W.strip_defaults(out) == W.strip_defaults(wl.x400fast_value)
    else:
        value, encode = wl.x400fast_value, eng.encode

        def call() -> Any:
            return encode(node, value)

        def check(out: Any) -> None:
            assert out == wl.ber
    return call, check


@pytest.mark.benchmark(max_time=_MAX_TIME, min_rounds=_MIN_ROUNDS)
@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("wl", WORKLOADS, ids=[w.name.replace(" ", "-") for w in WORKLOADS])
@pytest.mark.parametrize("op", OPERATIONS)
def test_codec(benchmark: Any, op: str, wl: W.Workload, engine: str) -> None:
    benchmark.group = "%s %s" % (op, wl.name)
    benchmark.extra_info.update({
        "engine": engine, "operation": op, "workload": wl.name, "kind": wl.kind,
        "recipients": wl.recipients, "text": wl.text, "octets": len(wl.ber),
    })
    call, check = _prepare(op, wl, engine)
    check(call())
    benchmark(call)
