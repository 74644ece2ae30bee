"""The frames the fast paths write, dissected by Wireshark (skips without
tshark): a P3 association with the real X.411 tables -- bind, pipelined
delivery-control invokes and results (on mdse: TShark 4.0 leaves msse
operations other than message-submission undecoded, p3-p7-binding.md
13), release -- and, with the
presentation dissector off, APDUs whose lengths cross the one-, two- and
three-octet BER length forms and TPDU segmentation.

Recorded result (TShark 4.0.17): every frame dissects as named below, no
expert warning or error.
"""
from __future__ import annotations

import importlib.util
import os
import sys
from typing import Any, List, Tuple

import pytest

from x400fast.asn1 import x411
from x400fast.osi.presentation import NEED_DATA, Role
from x400fast.osi.rose import (AbstractSyntax, BindRequest, BindResult, BindSyntax, Invoke,
                               Result, ROSEConnection, UnbindRequest, UnbindResult)

from iosupport import ARG, BINDS, MSSE, MTS_ACCESS_88, SYNTAXES

HERE = os.path.dirname(os.path.abspath(__file__))


def tshark_check() -> Any:
    spec = importlib.util.spec_from_file_location(
        "x400fast_tests_tshark_check",
        os.path.join(HERE, "..", "osi", "tshark_check.py"))
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    if not module.tshark_available():
        pytest.skip("tshark is not installed")
    return module


def run(c: ROSEConnection, s: ROSEConnection, steps: List[Any],
        answer: Any = lambda inv: inv.argument) -> List[Tuple[str, bytes]]:
    """Drive both machines; each step is a callable sending on one side,
    and every invocation is answered with ``answer(invoke)``.  Returns the
    frames in wire order as (direction, bytes)."""
    wire: List[Tuple[str, bytes]] = []

    def pump() -> None:
        moved = True
        while moved:
            moved = False
            for src, dst, d in ((c, s, "c"), (s, c, "s")):
                data = src.data_to_send()
                if data:
                    wire.append((d, data))
                    dst.receive_data(data)
                    moved = True
                while True:
                    ev = dst.next_event()
                    if ev is NEED_DATA:
                        break
                    if isinstance(ev, Invoke):
                        dst.send(Result(ev.invoke_id, answer(ev)))
                        moved = True
    for step in steps:
        step()
        pump()
    return wire


def test_p3_association_dissects_cleanly() -> None:
    tc = tshark_check()
    T = x411.MTSAbstractService
    syntaxes = [AbstractSyntax.from_tables(oid, name, x411.OPERATIONS[oid],
                                           x411.ERRORS[oid])
                for oid, name in ((x411.id_as_msse, "msse"), (x411.id_as_mdse_88, "mdse"),
                                  (x411.id_as_mase_88, "mase"))]
    binds = [BindSyntax(x411.id_as_mts, "mts", T["MTSBindArgument"], T["MTSBindResult"],
                        T["MTSBindError"])]
    c = ROSEConnection(Role.INITIATOR, syntaxes=syntaxes, binds=binds)
    s = ROSEConnection(Role.RESPONDER, syntaxes=syntaxes, binds=binds)
    credentials = ("simple", ("ia5_string", "secret"))
    wire = run(c, s, [
        lambda: c.send(BindRequest({"initiator_name": ("mta", "UA"),
                                    "initiator_credentials": credentials},
                                   x411.id_ac_mts_access_88)),
        lambda: s.send(BindResult({"responder_name": ("mta", "MTA1"),
                                   "responder_credentials": credentials})),
        lambda: [c.send(Invoke(2, {"restrict": True}, x411.id_as_mdse_88))
                 for _ in range(3)],
        lambda: c.send(UnbindRequest()),
        lambda: s.send(UnbindResult()),
    ], answer=lambda inv: {})
    v = tc.check(wire, with_pres=True)
    assert v.ok, v.problems
    labels = [f for f in v.frames if f.startswith(("P3", "ROS", "ACSE"))]
    assert labels[:2] == ["P3  mts_bind_argument UA simple", "P3  mts_bind_result MTA1 simple"]
    assert labels[2:] == ["P3  submission_control_argument",       # TShark's label
                          "P3  submission_control_result",
                          "ACSE  Release-Request (normal)",
                          "ACSE  Release-Response (normal)"], v.frames


def test_long_lengths_dissect_cleanly() -> None:
    tc = tshark_check()
    c = ROSEConnection(Role.INITIATOR, syntaxes=SYNTAXES, binds=BINDS, tpdu_size=8192)
    s = ROSEConnection(Role.RESPONDER, syntaxes=SYNTAXES, binds=BINDS)
    from iosupport import BIND_ARGUMENT, BIND_RESULT
    sizes = [100, 121, 200, 300, 5000, 20000]
    wire = run(c, s, [
        lambda: c.send(BindRequest(BIND_ARGUMENT, MTS_ACCESS_88)),
        lambda: s.send(BindResult(BIND_RESULT)),
        lambda: [c.send(Invoke(3, b"\x04\x82" + n.to_bytes(2, "big") + b"x" * n, MSSE))
                 for n in sizes],
        lambda: c.send(Invoke(3, ARG, MSSE)),
    ])
    v = tc.check(wire, with_pres=False)
    assert v.ok, v.problems
    assert sum("DATA TRANSFER" in f or "Data" in f for f in v.frames) >= len(sizes)
