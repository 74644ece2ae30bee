"""OSI stack benchmarks: the layers' own cost, loopback associations, set-up.

Run with ``pytest bench/test_stack_bench.py --benchmark-only`` (see
bench/README.md, section "OSI stack and associations").  Groups:

``stack round trip in memory, <argument>``
    One invoke/result round trip through every layer of both ends, no
    sockets: the initiator sends an invoke (ROSE -> ACSE -> presentation
    -> session -> X.224 -> TPKT bytes), the responder takes the bytes in,
    answers, and the initiator takes the answer in.  Legs: ``fast-path``
    (the machines as shipped), ``general-path`` (``fast_path`` off: every
    PDU through every layer's events and parsers), ``argument-codec`` (only
    encoding and decoding the argument and the result, which any round
    trip pays whatever the stack).  Layer overhead = round trip minus
    argument codec.  Arguments: ``open type`` (a 5-octet TLV passed through
    as is: almost no codec) and ``MTSIdentifier`` (a typed SEQUENCE of
    X.411 strings, decoded to dicts).
``stack loopback pipelined``
    One association over 127.0.0.1, 100 invocations per call
    (``invoke_many``: one write out, answers grouped by the server), both
    ends in this process: ``blocking`` (the threaded server in a thread)
    and ``asyncio`` (client and server in one event loop).
``stack loopback ping-pong``
    One ``invoke`` at a time on the same associations.
``association set-up``
    Connect, bind, release: ``blocking`` and ``asyncio`` over loopback,
    ``in-memory`` with the machines alone.

Every leg sets ``extra_info["engine"]`` so that ``compare.py`` and
``report.py`` can read the JSON; these groups have no msgpack leg, so the
regression gate reports and does not gate them.

``python bench/test_stack_bench.py`` prints a profile of the in-memory
round trip (where the time goes).
"""
from __future__ import annotations

import asyncio
import os
import sys
from typing import Any, Callable, List, Tuple

import pytest

if __name__ != "__main__":
    pytest.importorskip("pytest_benchmark")

_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
if _ROOT not in sys.path:     # pragma: no cover - when run as a script
    sys.path.insert(0, _ROOT)
    sys.path.insert(0, os.path.join(_ROOT, "src"))

from x400fast import ber  # noqa: E402
from x400fast.asn1 import (C, Any as AnyType, Choice, IA5String, Integer,  # noqa: E402
                           Module, PrintableString, Sequence)
from x400fast.association import (Address, Association, AssociationServer,  # noqa: E402
                                  AsyncAssociation, AsyncAssociationServer)
from x400fast.osi.presentation import NEED_DATA, Role  # noqa: E402
from x400fast.osi.rose import (AbstractSyntax, BindRequest, BindResult,  # noqa: E402
                               BindSyntax, Invoke, Operation, Result, ROSEConnection,
                               UnbindRequest, UnbindResult)

_MAX_TIME = float(os.environ.get("X400FAST_BENCH_MAX_TIME", "0.5"))
_MIN_ROUNDS = int(os.environ.get("X400FAST_BENCH_MIN_ROUNDS", "3"))

MTS_ACCESS_88 = "2.6.0.1.0"
MSSE, MTS_BIND = "2.6.0.2.1", "2.6.0.2.11"

T = Module("StackBenchTypes", tagging="IMPLICIT")
T.define("MTSIdentifier", Sequence(
    C("global-domain-identifier", Sequence(
        C("country-name", Choice(C("iso-3166-alpha2-code", PrintableString())),
          tag="[APPLICATION 1]"),
        C("administration-domain-name", Choice(C("printable", PrintableString())),
          tag="[APPLICATION 2]"),
    ), tag="[APPLICATION 3]"),
    C("local-identifier", IA5String()),
), tag="[APPLICATION 4]")
MTS_ID = T["MTSIdentifier"]
MTS_ID_VALUE = {"global_domain_identifier": {
    "country_name": ("iso_3166_alpha2_code", "GB"),
    "administration_domain_name": ("printable", "TEST")},
    "local_identifier": "1234567890ABCDEF"}

OPEN_ARG = bytes.fromhex("0403616263")
SYNTAXES = [AbstractSyntax(MSSE, "msse", (
    Operation(3, "echo", AnyType(), AnyType()),
    Operation(7, "typed", MTS_ID, MTS_ID),
))]
BINDS = [BindSyntax(MTS_BIND, "mts", AnyType(), AnyType(), Integer())]
BIND_ARGUMENT = bytes.fromhex("3100")
BIND_RESULT = bytes.fromhex("3100")

ARGUMENTS = {
    "open type": (3, OPEN_ARG, AnyType()),
    "MTSIdentifier": (7, MTS_ID_VALUE, MTS_ID),
}


# -- in memory -------------------------------------------------------------------------------


def _drain(m: ROSEConnection) -> List[Any]:
    out = []
    while True:
        ev = m.next_event()
        if ev is NEED_DATA:
            return out
        out.append(ev)


def bound_pair(fast: bool = True) -> Tuple[ROSEConnection, ROSEConnection]:
    """Two machines, bound, wired in memory."""
    c = ROSEConnection(Role.INITIATOR, syntaxes=SYNTAXES, binds=BINDS)
    s = ROSEConnection(Role.RESPONDER, syntaxes=SYNTAXES, binds=BINDS)
    c.fast_path = s.fast_path = fast
    c.send(BindRequest(BIND_ARGUMENT, MTS_ACCESS_88))
    for _ in range(3):
        for src, dst in ((c, s), (s, c)):
            data = src.data_to_send()
            if data:
                dst.receive_data(data)
            _drain(dst)
    s.send(BindResult(BIND_RESULT))
    c.receive_data(s.data_to_send())
    _drain(c)
    return c, s


def round_trip(c: ROSEConnection, s: ROSEConnection, opcode: int,
               argument: Any) -> Callable[[], Any]:
    """One invoke/result round trip, as an application drives the machines:
    the events are made and consumed as in real use."""
    def rt() -> Any:
        c.send(Invoke(opcode, argument, MSSE))
        s.receive_data(c.data_to_send())
        inv = s.next_event()
        s.send(Result(inv.invoke_id, inv.argument))
        c.receive_data(s.data_to_send())
        return c.next_event()
    return rt


def codec_only(argument_type: Any, argument: Any) -> Callable[[], Any]:
    """What a round trip pays for its argument and result in the codec:
    encode + decode of each (the result here is the argument echoed)."""
    encode, decode = ber.encode, ber.decode

    def codec() -> Any:
        a = decode(argument_type, encode(argument_type, argument))
        return decode(argument_type, encode(argument_type, a))
    return codec


@pytest.mark.benchmark(max_time=_MAX_TIME, min_rounds=_MIN_ROUNDS)
@pytest.mark.parametrize("leg", ["fast-path", "general-path", "argument-codec"])
@pytest.mark.parametrize("argument", list(ARGUMENTS))
def test_round_trip_in_memory(benchmark: Any, argument: str, leg: str) -> None:
    opcode, value, argument_type = ARGUMENTS[argument]
    benchmark.group = "stack round trip in memory, %s argument" % argument
    benchmark.extra_info.update({"engine": leg, "argument": argument})
    if leg == "argument-codec":
        call = codec_only(argument_type, value)
        assert call() == value
    else:
        c, s = bound_pair(fast=leg == "fast-path")
        call = round_trip(c, s, opcode, value)
        result = call()
        assert isinstance(result, Result) and result.result == value
    benchmark(call)


# -- loopback ---------------------------------------------------------------------------------


def _echo(assoc: Any, inv: Any) -> Any:
    return inv.argument


def _bind(assoc: Any, ind: Any) -> Any:
    return BIND_RESULT


PIPELINE = 100


@pytest.fixture(scope="module")
def blocking_server() -> Any:
    srv = AssociationServer(syntaxes=SYNTAXES, binds=BINDS, on_bind=_bind, handler=_echo)
    srv.start()
    yield srv
    srv.stop()


@pytest.fixture(scope="module")
def blocking_association(blocking_server: Any) -> Any:
    assoc = Association(SYNTAXES, BINDS, timeout=30.0)
    assoc.open(Address(*blocking_server.address), MTS_ACCESS_88, BIND_ARGUMENT)
    yield assoc
    assoc.release()


class _Loop:
    """One event loop with a server and a bound association in it."""

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        self.server = AsyncAssociationServer(syntaxes=SYNTAXES, binds=BINDS,
                                             on_bind=_bind, handler=_echo)
        self.run(self.server.start())
        self.assoc = AsyncAssociation(SYNTAXES, BINDS, timeout=30.0)
        self.run(self.assoc.open(Address(*self.server.address), MTS_ACCESS_88,
                                 BIND_ARGUMENT))

    def run(self, coro: Any) -> Any:
        return self.loop.run_until_complete(coro)

    def close(self) -> None:
        self.run(self.assoc.release())
        self.run(self.server.close())
        self.loop.close()


@pytest.fixture(scope="module")
def aio() -> Any:
    env = _Loop()
    yield env
    env.close()


@pytest.mark.benchmark(max_time=_MAX_TIME, min_rounds=_MIN_ROUNDS)
@pytest.mark.parametrize("driver", ["blocking", "asyncio"])
def test_loopback_pipelined(benchmark: Any, driver: str, request: Any) -> None:
    benchmark.group = "stack loopback pipelined, %d invokes per call" % PIPELINE
    benchmark.extra_info.update({"engine": driver, "operations_per_call": PIPELINE})
    specs = [(3, OPEN_ARG)] * PIPELINE
    if driver == "blocking":
        assoc = request.getfixturevalue("blocking_association")

        def call() -> Any:
            return assoc.invoke_many(specs)
    else:
        env = request.getfixturevalue("aio")

        def call() -> Any:
            return env.run(env.assoc.invoke_many(specs))
    outcomes = call()
    assert len(outcomes) == PIPELINE and all(o.ok for o in outcomes)
    benchmark(call)


@pytest.mark.benchmark(max_time=_MAX_TIME, min_rounds=_MIN_ROUNDS)
@pytest.mark.parametrize("driver", ["blocking", "asyncio"])
def test_loopback_ping_pong(benchmark: Any, driver: str, request: Any) -> None:
    benchmark.group = "stack loopback ping-pong"
    benchmark.extra_info.update({"engine": driver})
    if driver == "blocking":
        assoc = request.getfixturevalue("blocking_association")

        def call() -> Any:
            return assoc.invoke(3, OPEN_ARG)
    else:
        env = request.getfixturevalue("aio")

        def call() -> Any:
            return env.run(env.assoc.invoke(3, OPEN_ARG))
    assert call() == OPEN_ARG
    benchmark(call)


@pytest.mark.benchmark(max_time=_MAX_TIME, min_rounds=_MIN_ROUNDS)
@pytest.mark.parametrize("driver", ["blocking", "asyncio", "in-memory"])
def test_association_set_up(benchmark: Any, driver: str, request: Any) -> None:
    benchmark.group = "association set-up"
    benchmark.extra_info.update({"engine": driver})
    if driver == "blocking":
        address = Address(*request.getfixturevalue("blocking_server").address)

        def call() -> Any:
            assoc = Association(SYNTAXES, BINDS, timeout=30.0)
            result = assoc.open(address, MTS_ACCESS_88, BIND_ARGUMENT)
            assoc.release()
            return result
    elif driver == "asyncio":
        env = request.getfixturevalue("aio")
        address = Address(*env.server.address)

        async def cycle() -> Any:
            assoc = AsyncAssociation(SYNTAXES, BINDS, timeout=30.0)
            result = await assoc.open(address, MTS_ACCESS_88, BIND_ARGUMENT)
            await assoc.release()
            return result

        def call() -> Any:
            return env.run(cycle())
    else:
        def call() -> Any:
            c, s = bound_pair()
            c.send(UnbindRequest())
            s.receive_data(c.data_to_send())
            _drain(s)
            s.send(UnbindResult())
            c.receive_data(s.data_to_send())
            _drain(c)
            return BIND_RESULT
    assert call() == BIND_RESULT
    benchmark(call)


# -- profile ------------------------------------------------------------------------------------


def profile(rounds: int = 20000) -> None:   # pragma: no cover - a tool
    """Print where an in-memory round trip spends its time, and the
    best-of-N figures for both paths."""
    import cProfile
    import pstats
    import time

    opcode, value, argument_type = ARGUMENTS["open type"]
    c, s = bound_pair()
    rt = round_trip(c, s, opcode, value)
    codec = codec_only(argument_type, value)

    def best(fn: Callable[[], Any], n: int = 2000, repeat: int = 30) -> float:
        top = float("inf")
        for _ in range(repeat):
            t0 = time.perf_counter()
            for _ in range(n):
                fn()
            top = min(top, time.perf_counter() - t0)
        return top / n * 1e6

    g = round_trip(*bound_pair(False), opcode, value)
    fast, general, cod = best(rt), best(g, 500, 10), best(codec)
    print("round trip, fast path:    %6.1f us" % fast)
    print("round trip, general path: %6.1f us" % general)
    print("argument codec:           %6.1f us" % cod)
    print("layer overhead (fast):    %6.1f us" % (fast - cod))
    prof = cProfile.Profile()
    prof.enable()
    for _ in range(rounds):
        rt()
    prof.disable()
    pstats.Stats(prof).sort_stats("tottime").print_stats(25)


if __name__ == "__main__":   # pragma: no cover
    profile()
