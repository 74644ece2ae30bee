"""Threads: the compiled codec releases the GIL around body-sized copies.

The same total work -- decoding and re-encoding a submission -- done by one
thread, then split over two.  With 1 MiB bodies most of the time is the
copy of the body, which runs without the GIL, so two threads finish sooner
on a machine with two cores; with 16 KiB bodies building Python objects
dominates and holds the GIL, so they do not.  Groups: ``threads <workload>``.
"""
from __future__ import annotations

import threading

import pytest

pytest.importorskip("pytest_benchmark")

from bench import workload as W  # noqa: E402

from x400fast.limits import DEFAULT_LIMITS  # noqa: E402

_ber = pytest.importorskip("x400fast._ber", reason="the compiled engine is not built")

TOTAL = 64          # decode + encode pairs per round, whatever the thread count


@pytest.mark.parametrize("threads", [1, 2])
@pytest.mark.parametrize("text", ["16KiB", "1MiB"])
def test_threads(benchmark, text, threads):
    wl = W.Workload("submission", 10, text)
    node = wl.x400fast_type().node()
    value = wl.x400fast_value
    data = _ber.encode(node, value)

    def work(n: int) -> None:
        for _ in range(n):
            _ber.decode(node, data, DEFAULT_LIMITS)
            _ber.encode(node, value)

    def run() -> None:
        if threads == 1:
            work(TOTAL)
            return
        pool = [threading.Thread(target=work, args=(TOTAL // threads,)) for _ in range(threads)]
        for t in pool:
            t.start()
        for t in pool:
            t.join()

    benchmark.group = "threads submission 10 rcpt %s" % text
    benchmark.name = "%d thread%s" % (threads, "s" if threads > 1 else "")
    benchmark.pedantic(run, rounds=10, iterations=1)
