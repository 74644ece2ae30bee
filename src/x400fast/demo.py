"""``x400fast demo``: the whole library in one command, on this machine.

It starts the reference server (temporary store, free ports), makes three
users (a sender, a recipient whose messages wait in its Message Store, and
one who takes deliveries over P3), submits N messages of 1 KiB of text over
P3 with pipelining, reads them back both ways (P7 summarize / list / fetch /
delete in batches, and P3 deliveries pushed into a callback), and prints
the throughput of each path and the count of every outcome.

Why a demo that counts rather than one that prints a message: the point of
the library is that bulk traffic is fast *and* nothing is lost; the exit
status is non-zero unless every message was accepted, fetched and
delivered exactly once.
"""
from __future__ import annotations

import argparse
import sys
import time
from dataclasses import dataclass, field
from typing import Any, Callable, Dict, List, Optional, TextIO

__all__ = ["DemoResult", "run_demo", "add_demo_parser", "demo"]

SENDER = "/CN=Sender/O=Demo/PRMD=Demo/ADMD= /C=XX/"
STORE_USER = "/CN=Reader/O=Demo/PRMD=Demo/ADMD= /C=XX/"
PUSH_USER = "/CN=Receiver/O=Demo/PRMD=Demo/ADMD= /C=XX/"
_PASSWORDS = {SENDER: "sender-pw", STORE_USER: "reader-pw", PUSH_USER: "receiver-pw"}


def body_text(size: int, index: int) -> str:
    """``size`` characters of printable text in 64-character lines, with
    the message number first so that each body differs."""
    head = "Demo message %d.\r\n" % index
    line = "The quick brown fox jumps over the lazy dog 0123456789 ABCDEF\r\n"
    reps = max(0, size - len(head)) // len(line) + 1
    return (head + line * reps)[:size]


class Progress:
    """A one-line progress bar on a terminal; silent otherwise.

    Plain text and carriage returns (no dependency); not drawn when the
    stream is not a TTY so that logs and pipes stay clean."""

    WIDTH = 30

    def __init__(self, stream: TextIO, enabled: bool) -> None:
        self.stream = stream
        self.enabled = enabled
        self._last = 0.0

    def update(self, label: str, done: int, total: int, start: float,
               force: bool = False) -> None:
        if not self.enabled:
            return
        now = time.perf_counter()
        if not force and now - self._last < 0.1 and done < total:
            return
        self._last = now
        frac = done / total if total else 1.0
        filled = int(frac * self.WIDTH)
        rate = done / (now - start) if now > start else 0.0
        self.stream.write("\r%-22s [%s%s] %6d/%d %7.0f msg/s" % (
            label, "#" * filled, "." * (self.WIDTH - filled), done, total, rate))
        self.stream.flush()

    def end(self) -> None:
        if self.enabled:
            self.stream.write("\r" + " " * 79 + "\r")
            self.stream.flush()


@dataclass
class DemoResult:
    """Counts and timings of one demo run."""

    n: int
    submission: Dict[str, int] = field(default_factory=dict)
    submit_seconds: float = 0.0
    summarized: int = 0
    listed: int = 0
    fetched: int = 0
    deleted: int = 0
    fetch_seconds: float = 0.0
    delivered: int = 0
    duplicates: int = 0
    deliver_seconds: float = 0.0
    problems: List[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        s = self.submission
        return (s.get("accepted", 0) == self.n and self.fetched == self.n
                and self.deleted == self.n and self.delivered == self.n
                and not self.problems)

    @staticmethod
    def _rate(count: int, seconds: float) -> float:
        return count / seconds if seconds > 0 else 0.0

    def report(self) -> str:
        s = self.submission
        lines = [
            "submission  (P3): %d accepted, %d rejected, %d in_doubt, %d not_sent"
            "  in %.2f s: %.0f msg/s" % (
                s.get("accepted", 0), s.get("rejected", 0), s.get("in_doubt", 0),
                s.get("not_sent", 0), self.submit_seconds,
                self._rate(s.get("accepted", 0), self.submit_seconds)),
            "retrieval   (P7): summarize %d, %d listed, %d fetched, %d deleted"
            "  in %.2f s: %.0f msg/s" % (
                self.summarized, self.listed, self.fetched, self.deleted,
                self.fetch_seconds, self._rate(self.fetched, self.fetch_seconds)),
            "delivery    (P3): %d delivered, %d duplicates  in %.2f s: %.0f msg/s" % (
                self.delivered, self.duplicates, self.deliver_seconds,
                self._rate(self.delivered, self.deliver_seconds)),
        ]
        lines.extend("problem: %s" % p for p in self.problems)
        lines.append("result: %s" % ("OK, nothing lost" if self.ok else "MESSAGES LOST"))
        return "\n".join(lines)


def run_demo(n: int = 2000, *, size: int = 1024, window: int = 64, associations: int = 1,
             batch: int = 200, timeout: float = 60.0,
             progress: Optional[Progress] = None,
             log: Callable[[str], Any] = lambda s: None) -> DemoResult:
    """Run the demo against an embedded reference server; returns the
    counts (nothing printed but through ``log`` and ``progress``)."""
    from .client import P3Client, P7Client, submit_spread
    from .message import Message
    from .server import Server

    if n < 1 or associations < 1 or window < 1 or batch < 1:
        raise ValueError("n, associations, window and batch must be at least 1")
    bar = progress or Progress(sys.stderr, False)
    res = DemoResult(n)
    users = [SENDER + ":%s:ms" % _PASSWORDS[SENDER],
             STORE_USER + ":%s:ms" % _PASSWORDS[STORE_USER],
             PUSH_USER + ":%s:p3" % _PASSWORDS[PUSH_USER]]
    opts: Dict[str, Any] = {"allow_plaintext_password": True, "timeout": timeout}

    with Server.temporary(users=users) as srv:
        log("reference server: P3 %s, P7 %s, store %s" % (
            srv.p3_address, srv.p7_address, "temporary (SQLite, fsync per commit)"))
        messages = [Message(originator=SENDER, to=[STORE_USER, PUSH_USER],
                            subject="demo %d" % i, body=[body_text(size, i)])
                    for i in range(n)]

        # -- submission over P3, pipelined ----------------------------------------------
        # In slices so that the bar moves; each slice is one pipelined
        # submit_many (or one submit_spread over the K associations).
        clients = [P3Client(srv.p3_address, SENDER, _PASSWORDS[SENDER], **opts)
                   for _ in range(associations)]
        counts = {"accepted": 0, "rejected": 0, "in_doubt": 0, "not_sent": 0}
        try:
            for c in clients:
                c.connect()
            step = max(window * associations * 4, n // 50, 1)
            start = time.perf_counter()
            for lo in range(0, n, step):
                chunk = messages[lo:lo + step]
                if associations == 1:
                    bulk = clients[0].submit_many(chunk, window=window, timeout=timeout)
                else:
                    bulk = submit_spread(clients, chunk, window=window, timeout=timeout)
                for k, v in bulk.counts().items():
                    counts[k] += v
                for item in bulk.rejected[:3]:
                    res.problems.append("rejected #%d: %s" % (lo + item.index, item.error))
                bar.update("submitting (P3)", lo + len(chunk), n, start)
                if bulk.counts()["accepted"] != len(chunk):
                    break           # an association failed: stop, count the rest
            res.submit_seconds = time.perf_counter() - start
        finally:
            for c in clients:
                if c.bound:
                    c.close()
                else:
                    c.abort()
        counts["not_sent"] += n - sum(counts.values())
        res.submission = counts
        bar.end()

        accepted = counts["accepted"]
        # -- retrieval over P7: summarize, list, fetch, delete ---------------------------
        subjects = set()

        def secure(entry: Any) -> None:
            subjects.add(entry.message.subject)

        with P7Client(srv.p7_address, STORE_USER, _PASSWORDS[STORE_USER], **opts) as p7:
            start = time.perf_counter()
            # Deliveries are placed in the store by the same commit that
            # accepted the submission, so everything accepted is there now.
            res.summarized = p7.summarize().count
            while True:
                page = p7.list(attributes=[], limit=batch)
                if not len(page):
                    break
                seqs = [e.sequence_number for e in page]
                res.listed += len(seqs)
                for seq in seqs:
                    p7.fetch(seq, secure=secure)
                    res.fetched += 1
                    bar.update("fetching (P7)", res.fetched, accepted, start)
                p7.delete(seqs, only_secured=True)
                res.deleted += len(seqs)
            res.fetch_seconds = time.perf_counter() - start
        bar.end()
        if len(subjects) != res.fetched:
            res.problems.append("P7: %d distinct messages among %d fetched"
                                % (len(subjects), res.fetched))

        # -- delivery over P3 into a callback -------------------------------------------
        seen = set()
        last = [0.0]

        def on_delivery(item: Any) -> None:
            subject = item.message.subject
            if subject in seen:
                res.duplicates += 1
            seen.add(subject)
            last[0] = time.perf_counter()
            bar.update("delivered (P3)", len(seen), accepted, start)

        with P3Client(srv.p3_address, PUSH_USER, _PASSWORDS[PUSH_USER],
                      on_delivery=on_delivery, **opts) as rx:
            start = last[0] = time.perf_counter()
            rx.delivery_control()
            rx.wait_until_idle(timeout=timeout + n / 50.0, quiet=1.0)
        res.delivered = len(seen)
        res.deliver_seconds = last[0] - start      # to the last delivery, not the quiet wait
        bar.end()
    return res


def add_demo_parser(sub: Any) -> None:
    dp = sub.add_parser("demo", help="submit and retrieve N messages through an embedded "
                                     "reference server; print the throughput")
    dp.add_argument("-n", type=int, default=2000, help="messages to send (default 2000)")
    dp.add_argument("--size", type=int, default=1024, help="body octets (default 1024)")
    dp.add_argument("--window", type=int, default=64,
                    help="pipelined submissions outstanding per association (default 64)")
    dp.add_argument("--associations", "-K", type=int, default=1,
                    help="spread the submission over K associations (default 1)")
    dp.add_argument("--batch", type=int, default=200,
                    help="P7 entries listed, fetched and deleted per batch (default 200)")
    dp.add_argument("--quiet", "-q", action="store_true", help="no progress bar")


def demo(args: argparse.Namespace) -> int:
    """The ``demo`` subcommand: 0 when nothing was lost, 1 otherwise."""
    from . import __version__
    from ._impl import IMPLEMENTATION
    show = not args.quiet and sys.stderr.isatty()
    print("x400fast %s (%s engine) demo: %d messages of %d octets, window %d, "
          "%d association(s)" % (__version__, IMPLEMENTATION, args.n, args.size,
                                 args.window, args.associations), flush=True)
    try:
        res = run_demo(args.n, size=args.size, window=args.window,
                       associations=args.associations, batch=args.batch,
                       progress=Progress(sys.stderr, show),
                       log=lambda s: print(s, flush=True))
    except ValueError as exc:
        print("x400fast demo: %s" % exc, file=sys.stderr)
        return 2
    print(res.report(), flush=True)
    return 0 if res.ok else 1
