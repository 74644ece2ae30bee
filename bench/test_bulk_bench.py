"""Bulk submission throughput: x400fast P3 against the reference server,
and aiosmtplib against aiosmtpd as the comparison point, in one run.

Run with ``python -m pytest bench/test_bulk_bench.py -s -p no:cacheprovider``
(the figures are printed at the end), or ``python bench/test_bulk_bench.py``
for the same table; ``python bench/test_bulk_bench.py --profile`` adds a
cProfile of the server process (every thread) during a one-association run.

What is measured (bench/README.md, section "Bulk submission"):

``x400fast P3, 1 association`` / ``4 associations``
    N messages of 1 KiB of text (``Message`` objects, one recipient) given
    to ``P3Client.submit_many(window=64)`` (or ``submit_spread`` over 4
    bound clients), against ``x400fast serve`` in another process with a
    durable store (SQLite, synchronous=FULL: every group commit is
    fsync'ed before the submissions it holds are answered).  Messages are
    built before the clock starts; binding is outside the timing.
``client CPU per message``
    ``time.process_time()`` of this (client) process over the submission,
    divided by N, next to the codec-only cost measured in the same run:
    ``ber.encode`` of each MessageSubmissionArgument value (and, for
    information, ``Message.to_submission()``, the model's share).
``aiosmtplib -> aiosmtpd, 1 connection`` / ``8 connections``
    The same 1 KiB bodies as RFC 5322 messages sent with ``send_message``
    one after another per connection, to an aiosmtpd server in another
    process whose handler accepts and discards (not durable: SMTP gets the
    easier job).  Skipped when the two packages cannot be imported
    (``pip install "x400fast[bench]"`` installs them).

Targets (issue 5): >= 5,000 msg/s on one association, >= 3x the best SMTP
figure, client CPU per message within 3x of the codec-only cost.
"""
from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from typing import Any, Dict, List, Optional, Tuple

import pytest

_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
if __name__ == "__main__" and os.path.join(_ROOT, "src") not in sys.path:
    sys.path.insert(0, os.path.join(_ROOT, "src"))

N = int(os.environ.get("X400FAST_BULK_N", "3000"))
WARMUP = 200
WINDOW = int(os.environ.get("X400FAST_BULK_WINDOW", "64"))
SIZE = 1024
SENDER = "/CN=Sender/O=Bench/PRMD=Bench/ADMD= /C=XX/"
RECIPIENT = "/CN=Reader/O=Bench/PRMD=Bench/ADMD= /C=XX/"
PASSWORD = "bench-pw"

PREBUILT = "x400fast P3, 1 association, pre-built submissions"

#: Figures of this run, filled by the tests, printed by the last one.
RESULTS: Dict[str, Dict[str, Any]] = {}


def _text(i: int) -> str:
    line = "The quick brown fox jumps over the lazy dog 0123456789 ABCDEF\r\n"
    head = "Bench message %d.\r\n" % i
    return (head + line * (SIZE // len(line) + 1))[:SIZE]


# ---------------------------------------------------------------------------
# Server processes (the client's CPU must not include the server's)


def _spawn(args: List[str]) -> Tuple[subprocess.Popen, List[str]]:
    """Start this file as a server process; return it and its first lines."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(
        [os.path.join(_ROOT, "src")] + ([env["PYTHONPATH"]] if env.get("PYTHONPATH") else []))
    proc = subprocess.Popen([sys.executable, os.path.abspath(__file__)] + args,
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=env,
                            text=True)
    assert proc.stdout is not None
    line = proc.stdout.readline()
    if not line.startswith("READY"):
        proc.kill()
        raise RuntimeError("server process failed to start: %r" % line)
    return proc, line.split()[1:]


def _stop(proc: subprocess.Popen) -> str:
    assert proc.stdin is not None and proc.stdout is not None
    proc.stdin.close()                  # EOF: the server stops and exits
    rest = proc.stdout.read()
    proc.wait(timeout=60)
    return rest


def _serve_x400(store: str, profile: Optional[str]) -> None:
    """(child) The reference server on a durable store until stdin closes."""
    profiles: List[Any] = []
    if profile:
        import cProfile
        original_run = threading.Thread.run

        def run(self: threading.Thread) -> None:     # every thread profiled
            prof = cProfile.Profile()
            profiles.append(prof)
            prof.enable()
            try:
                original_run(self)
            finally:
                prof.disable()

        threading.Thread.run = run  # type: ignore[assignment]
    from x400fast.server import Server
    from x400fast.server.config import ServerConfig
    cfg = ServerConfig(users=(SENDER + ":" + PASSWORD + ":ms",
                              RECIPIENT + ":" + PASSWORD + ":ms"),
                       p3_port=0, p7_port=0, store=store, scrypt_n=2 ** 10)
    srv = Server(cfg).start()
    print("READY", srv.p3_address, flush=True)
    sys.stdin.read()
    srv.stop()
    if profile:
        import pstats
        stats = pstats.Stats(*profiles) if profiles else None
        if stats is not None:
            with open(profile, "w") as f:
                stats.stream = f  # type: ignore[attr-defined]
                stats.sort_stats("tottime").print_stats(30)
                stats.sort_stats("cumulative").print_stats(30)


def _serve_smtp() -> None:
    """(child) aiosmtpd accepting and discarding, until stdin closes."""
    from aiosmtpd.controller import Controller

    class Sink:
        count = 0

        async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
            Sink.count += 1
            return "250 OK"

    import socket
    with socket.socket() as s:          # a free port (the Controller cannot take 0)
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    ctl = Controller(Sink(), hostname="127.0.0.1", port=port)
    ctl.start()
    print("READY", "127.0.0.1:%d" % port, flush=True)
    sys.stdin.read()
    ctl.stop()
    print("RECEIVED", Sink.count, flush=True)


# ---------------------------------------------------------------------------
# Legs


def _messages(n: int, offset: int = 0) -> List[Any]:
    from x400fast.message import Message
    return [Message(originator=SENDER, to=[RECIPIENT], subject="bench %d" % (offset + i),
                    body=[_text(offset + i)]) for i in range(n)]


def x400_leg(address: str, n: int, associations: int, prebuilt: bool = False
             ) -> Dict[str, Any]:
    """``prebuilt``: give ``submit_many`` the Submission values
    (``Message.to_submission()`` done before the clock), which leaves the
    model's cost out of the client CPU."""
    from x400fast.client import P3Client, submit_spread
    clients = [P3Client(address, SENDER, PASSWORD, allow_plaintext_password=True,
                        timeout=120) for _ in range(associations)]
    for c in clients:
        c.connect()
    try:
        def go(msgs: List[Any]) -> Any:
            if associations == 1:
                return clients[0].submit_many(msgs, window=WINDOW)
            return submit_spread(clients, msgs, window=WINDOW)

        go(_messages(WARMUP, 10 ** 6))
        msgs = _messages(n)
        if prebuilt:
            msgs = [m.to_submission() for m in msgs]
        cpu0, t0 = time.process_time(), time.perf_counter()
        bulk = go(msgs)
        wall, cpu = time.perf_counter() - t0, time.process_time() - cpu0
    finally:
        for c in clients:
            c.close()
    counts = bulk.counts()
    return {"rate": counts["accepted"] / wall, "seconds": wall, "counts": counts,
            "cpu_us_per_msg": cpu / n * 1e6}


def codec_cost(n: int) -> Dict[str, float]:
    """Codec-only cost of the same submissions: BER encoding of each
    MessageSubmissionArgument value; and the model's to_submission()."""
    from x400fast import ber
    from x400fast.services import MTS
    t = MTS["MessageSubmissionArgument"]
    msgs = _messages(n, 2 * 10 ** 6)
    t0 = time.process_time()
    args = [m.to_submission().argument for m in msgs]
    model = time.process_time() - t0
    t0 = time.process_time()
    for a in args:
        ber.encode(t, a)
    enc = time.process_time() - t0
    return {"encode_us": enc / n * 1e6, "to_submission_us": model / n * 1e6,
            "octets": len(ber.encode(t, args[0]))}


def _mime(i: int) -> Any:
    from email.message import EmailMessage
    m = EmailMessage()
    m["From"] = "sender@bench.example"
    m["To"] = "reader@bench.example"
    m["Subject"] = "bench %d" % i
    m.set_content(_text(i))
    return m


def smtp_leg(address: str, n: int, connections: int) -> Dict[str, Any]:
    import aiosmtplib
    host, port = address.rsplit(":", 1)

    async def run() -> Tuple[float, float, int]:
        clients = [aiosmtplib.SMTP(hostname=host, port=int(port), start_tls=False,
                                   use_tls=False, timeout=120) for _ in range(connections)]
        for c in clients:
            await c.connect()
        try:
            for c in clients:                                   # warm-up
                for i in range(WARMUP // connections):
                    await c.send_message(_mime(10 ** 6 + i))
            msgs = [_mime(i) for i in range(n)]
            sent = [0]

            async def one(j: int) -> None:
                for m in msgs[j::connections]:
                    await clients[j].send_message(m)
                    sent[0] += 1

            cpu0, t0 = time.process_time(), time.perf_counter()
            await asyncio.gather(*(one(j) for j in range(connections)))
            return time.perf_counter() - t0, time.process_time() - cpu0, sent[0]
        finally:
            for c in clients:
                await c.quit()

    wall, cpu, sent = asyncio.run(run())
    return {"rate": sent / wall, "seconds": wall, "sent": sent,
            "cpu_us_per_msg": cpu / n * 1e6}


# ---------------------------------------------------------------------------
# pytest


@pytest.fixture(scope="module")
def x400_server():
    with tempfile.TemporaryDirectory() as d:
        proc, (address,) = _spawn(["--serve-x400", os.path.join(d, "store.sqlite")])
        try:
            yield address
        finally:
            _stop(proc)


@pytest.fixture(scope="module")
def smtp_server():
    try:
        import aiosmtpd  # noqa: F401
        import aiosmtplib  # noqa: F401
    except ImportError:
        pytest.skip("aiosmtpd/aiosmtplib not installed (pip install 'x400fast[bench]')")
    proc, (address,) = _spawn(["--serve-smtp"])
    try:
        yield address
    finally:
        _stop(proc)


@pytest.mark.parametrize("associations", [1, 4])
def test_x400_bulk_submission(x400_server, associations):
    r = x400_leg(x400_server, N, associations)
    RESULTS["x400fast P3, %d association%s" % (associations, "s" if associations > 1 else "")] = r
    assert r["counts"]["accepted"] == N


def test_x400_bulk_submission_prebuilt(x400_server):
    r = x400_leg(x400_server, N, 1, prebuilt=True)
    RESULTS[PREBUILT] = r
    assert r["counts"]["accepted"] == N


def test_codec_only_cost():
    RESULTS["codec"] = codec_cost(min(N, 2000))


@pytest.mark.parametrize("connections", [1, 8])
def test_smtp_bulk_submission(smtp_server, connections):
    r = smtp_leg(smtp_server, N, connections)
    RESULTS["aiosmtplib -> aiosmtpd, %d connection%s" % (
        connections, "s" if connections > 1 else "")] = r
    assert r["sent"] == N


def test_report():
    """Print the table (run with -s to see it) and the target ratios."""
    print()
    print(report(RESULTS))
    out = os.environ.get("X400FAST_BULK_JSON")
    if out:
        with open(out, "w") as f:
            json.dump(RESULTS, f, indent=2, default=str)


def report(results: Dict[str, Dict[str, Any]]) -> str:
    from x400fast._impl import IMPLEMENTATION
    lines = ["bulk submission, %d messages of %d octets, window %d, %s engine" % (
        N, SIZE, WINDOW, IMPLEMENTATION), ""]
    lines.append("| leg | msg/s | client CPU us/msg |")
    lines.append("|---|---:|---:|")
    for name, r in results.items():
        if "rate" in r:
            lines.append("| %s | %.0f | %.0f |" % (name, r["rate"], r["cpu_us_per_msg"]))
    codec = results.get("codec")
    one = results.get("x400fast P3, 1 association")
    smtp = [r["rate"] for k, r in results.items() if k.startswith("aiosmtplib")]
    x400 = [r["rate"] for k, r in results.items() if k.startswith("x400fast")]
    lines.append("")
    if codec:
        lines.append("codec only: BER encode of the submission %.1f us (%d octets); "
                     "Message.to_submission() %.1f us" % (
                         codec["encode_us"], codec["octets"], codec["to_submission_us"]))
    if one:
        lines.append("target >= 5,000 msg/s on one association: %.0f (%.2fx the target)"
                     % (one["rate"], one["rate"] / 5000))
    if smtp and x400:
        lines.append("target >= 3x the best SMTP figure (%.0f): best x400fast %.0f = %.2fx"
                     % (max(smtp), max(x400), max(x400) / max(smtp)))
    if one and codec:
        ratio = one["cpu_us_per_msg"] / codec["encode_us"]
        lines.append("target client CPU within 3x of codec-only: %.0f us vs %.1f us = %.1fx"
                     % (one["cpu_us_per_msg"], codec["encode_us"], ratio))
        pre = results.get(PREBUILT)
        if pre:
            lines.append("  without the model (pre-built submissions): %.0f us = %.1fx"
                         % (pre["cpu_us_per_msg"], pre["cpu_us_per_msg"] / codec["encode_us"]))
    return "\n".join(lines)


# ---------------------------------------------------------------------------
# As a script


def _main(argv: List[str]) -> int:
    if argv[:1] == ["--serve-x400"]:
        _serve_x400(argv[1], argv[2] if len(argv) > 2 else None)
        return 0
    if argv[:1] == ["--serve-smtp"]:
        _serve_smtp()
        return 0
    profile = "--profile" in argv
    with tempfile.TemporaryDirectory() as d:
        prof_path = os.path.join(d, "server.prof.txt")
        proc, (address,) = _spawn(["--serve-x400", os.path.join(d, "store.sqlite")]
                                  + ([prof_path] if profile else []))
        try:
            RESULTS["x400fast P3, 1 association"] = x400_leg(address, N, 1)
            if not profile:
                RESULTS["x400fast P3, 4 associations"] = x400_leg(address, N, 4)
                RESULTS[PREBUILT] = x400_leg(address, N, 1, prebuilt=True)
        finally:
            _stop(proc)
        if profile:
            with open(prof_path) as f:
                print(f.read())
    RESULTS["codec"] = codec_cost(min(N, 2000))
    try:
        import aiosmtpd  # noqa: F401
        import aiosmtplib  # noqa: F401
    except ImportError:
        print("aiosmtpd/aiosmtplib not installed: SMTP legs skipped")
    else:
        if not profile:
            proc, (address,) = _spawn(["--serve-smtp"])
            try:
                for k in (1, 8):
                    RESULTS["aiosmtplib -> aiosmtpd, %d connection%s" % (
                        k, "s" if k > 1 else "")] = smtp_leg(address, N, k)
            finally:
                _stop(proc)
    print(report(RESULTS))
    return 0


if __name__ == "__main__":
    sys.exit(_main(sys.argv[1:]))
