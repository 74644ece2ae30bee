"""The ROSE machine's steady-state fast paths give exactly what the general
path gives: the same bytes out, the same events, rejects and errors in.

Every case runs twice, on machines with ``fast_path`` on and off, fed the
same bytes; the general path (every layer's events and parsers) is the
reference.  The sending side must also produce byte-identical frames for
every APDU size around the one-octet/long length boundaries and when a
TSDU needs several DTs.
"""
from __future__ import annotations

import random
from typing import Any, List, Tuple

import pytest

from x400fast import ber
from x400fast.asn1 import rose as RA
from x400fast.errors import ProtocolError
from x400fast.osi import presentation as P
from x400fast.osi import rose as R
from x400fast.osi.presentation import NEED_DATA, PDV, Role
from x400fast.osi.rose import (BindRequest, BindResult, Invoke, Result, ROSEConnection,
                               ROSEState)

from iosupport import ARG, BIND_ARGUMENT, BIND_RESULT, BINDS, MSSE, MTS_ACCESS_88, SYNTAXES

H = bytes.fromhex


def drain(m: ROSEConnection) -> List[Any]:
    out = []
    while True:
        ev = m.next_event()
        if ev is NEED_DATA:
            return out
        out.append(ev)


def bound_pair(fast: bool, tpdu_size: Any = None) -> Tuple[ROSEConnection, ROSEConnection]:
    c = ROSEConnection(Role.INITIATOR, syntaxes=SYNTAXES, binds=BINDS,
                       tpdu_size=tpdu_size)
    s = ROSEConnection(Role.RESPONDER, syntaxes=SYNTAXES, binds=BINDS)
    c.fast_path = s.fast_path = fast
    c.send(BindRequest(BIND_ARGUMENT, MTS_ACCESS_88))
    for _ in range(3):
        for src, dst in ((c, s), (s, c)):
            data = src.data_to_send()
            if data:
                dst.receive_data(data)
            drain(dst)
    s.send(BindResult(BIND_RESULT))
    c.receive_data(s.data_to_send())
    drain(c)
    assert c.state is s.state is ROSEState.BOUND
    return c, s


def describe(m: ROSEConnection, data: bytes) -> Tuple[List[str], str, bytes, str]:
    """Feed ``data``; what came out: events, error, bytes sent, state."""
    try:
        m.receive_data(data)
        events = [repr(e) for e in drain(m)]
        error = ""
    except ProtocolError as exc:
        events = []
        error = "%s: %s" % (type(exc).__name__, exc)
    return events, error, m.data_to_send(), m.state.value


def frame(user_data: bytes, dt: bytes = b"\x02\xf0\x80", spdus: bytes = H("01000100")
          ) -> bytes:
    body = dt + spdus + user_data
    return bytes((3, 0, (len(body) + 4) >> 8, (len(body) + 4) & 0xFF)) + body


def tlv(tag: int, content: bytes, long_form: bool = False) -> bytes:
    n = len(content)
    if long_form or n >= 0x80:
        length = bytes((0x82, n >> 8, n & 0xFF)) if long_form or n > 0xFF else \
            bytes((0x81, n))
    else:
        length = bytes((n,))
    return bytes((tag,)) + length + content


def pdv_frame(apdu: bytes, pcid: int = 3, long_forms: Tuple[bool, bool, bool] = (
        False, False, False), ts: bytes = b"") -> bytes:
    pdv = tlv(0x30, ts + bytes((2, 1, pcid)) + tlv(0xA0, apdu, long_forms[2]),
              long_forms[1])
    return frame(tlv(0x61, pdv, long_forms[0]))


APDUS = [
    H("a10b0201010201030403616263"),                       # invoke echo
    H("a10c020101020103") + H("04") + bytes((4,)) + b"abcd",
    H("a20f0201013009020103") + H("0403616263"),           # result (nobody waits)
    H("a3090201010201") + H("0c020107"),                   # error 12
    H("a4060201018101") + H("02"),                         # reject
    H("a1080201010201030500"),
    H("a10a02010506032a03040500"),                         # global opcode
    H("a11e020106800101020107") + H("6413630e6104130247426206130454455354160141"),
    H("a203020109"),
    H("0500"),                                             # not ROS at all
    H("a1030201"),                                          # truncated
    H("a102020101"),                                        # length too short
]


def mutate(data: bytes, rng: random.Random) -> bytes:
    d = bytearray(data)
    for _ in range(rng.randint(1, 3)):
        op = rng.random()
        if op < 0.4 and d:
            d[rng.randrange(len(d))] = rng.randrange(256)
        elif op < 0.6 and d:
            del d[rng.randrange(len(d))]
        elif op < 0.8:
            d.insert(rng.randrange(len(d) + 1), rng.randrange(256))
        else:
            d = d[:rng.randrange(len(d) + 1)]
    return bytes(d)


def cases() -> List[bytes]:
    rng = random.Random(1006)
    out = []
    for apdu in APDUS:
        out.append(pdv_frame(apdu))
        out.append(pdv_frame(apdu, long_forms=(True, False, False)))
        out.append(pdv_frame(apdu, long_forms=(False, True, True)))
        out.append(pdv_frame(apdu, ts=H("06025101")))                # transfer syntax
        out.append(pdv_frame(apdu, pcid=1))                          # ACSE context
        out.append(pdv_frame(apdu, pcid=5))
        out.append(pdv_frame(apdu, pcid=9))                          # not negotiated
        out.append(pdv_frame(apdu, pcid=0))
        out.append(frame(tlv(0x61, tlv(0x30, H("020103") + tlv(0xA0, apdu)) * 2)))
        out.append(frame(P.encode_user_data((PDV(3, apdu),)), dt=b"\x02\xf0\x00")
                   + frame(b"", dt=b"\x02\xf0\x80"))                # two DTs
        out.append(frame(P.encode_user_data((PDV(3, apdu),)), spdus=H("0100")))
        for _ in range(25):
            out.append(mutate(pdv_frame(apdu), rng))
            out.append(pdv_frame(mutate(apdu, rng)))
    return out


@pytest.mark.parametrize("role", ["responder", "initiator"])
def test_fast_and_general_paths_agree(role: str) -> None:
    for data in cases():
        results = []
        for fast in (False, True):
            c, s = bound_pair(fast)
            m, peer = (s, c) if role == "responder" else (c, s)
            # An outstanding invocation of this side, so that results and
            # errors for invoke id 1 have something to answer.
            peer_iid = m.send(Invoke(3, ARG, MSSE))
            m.data_to_send()
            assert peer_iid == 1
            results.append(describe(m, data))
        assert results[0] == results[1], data.hex()


def test_fast_path_handles_byte_by_byte_and_batches() -> None:
    c, s = bound_pair(True)
    ids = [c.send(Invoke(3, bytes((4, 1, i)), MSSE)) for i in range(50)]
    data = c.data_to_send()
    got = []
    for i in range(len(data)):
        s.receive_data(data[i:i + 1])
        got += drain(s)
    assert [e.invoke_id for e in got] == ids
    for e in got:
        s.send(Result(e.invoke_id, e.argument))
    c.receive_data(s.data_to_send())
    results = drain(c)
    assert [r.result for r in results] == [bytes((4, 1, i)) for i in range(50)]


@pytest.mark.parametrize("size", [0, 1, 100, 110, 111, 112, 113, 120, 121, 122, 200,
                                  243, 244, 245, 246, 250, 260, 1000, 65000, 65530,
                                  70000, 200000])
@pytest.mark.parametrize("tpdu_size", [None, 128, 8192])
def test_sending_fast_path_is_byte_identical(size: int, tpdu_size: Any) -> None:
    argument = tlv(0x04, b"x" * size) if size < 0x10000 else (
        b"\x04\x83" + size.to_bytes(3, "big") + b"x" * size)
    out = []
    for fast in (False, True):
        c, s = bound_pair(fast, tpdu_size)
        iid = c.send(Invoke(3, argument, MSSE))
        sent = c.data_to_send()
        s.receive_data(sent)
        (inv,) = drain(s)
        assert inv.argument == argument
        s.send(Result(iid, argument))
        answered = s.data_to_send()
        c.receive_data(answered)
        (res,) = drain(c)
        assert res.result == argument
        out.append((sent, answered))
    assert out[0] == out[1]


def test_steady_header_matches_the_layers() -> None:
    for n in list(range(1, 300)) + [1000, 5000, 65000, 65500]:
        for pcid in (1, 3, 127):
            apdu = b"\xa1" + R._ber_length(n) + b"y" * n
            ud = P.encode_user_data((PDV(pcid, apdu),))
            general = R._t._framing.encode_dt(b"\x01\x00\x01\x00" + ud)
            header = R._steady_header(pcid, len(apdu))
            assert header + apdu == general
            assert R._steady_apdu((header + apdu)[4:]) == (pcid, len(header) - 4)


def test_quick_ros_agrees_with_the_codec() -> None:
    rng = random.Random(1)
    bases = [H(h) for h in (
        "a11b020101020107" + "6413630e6104130247426206130454455354160141",
        "a20a02010130050201070500", "a10c0201020201143104a1023100",
        "a20f020102300a0201143105a103020100", "a10a02010506032a03040500",
        "a203020109", "a1060201010201ff", "a108020200ff0202ff00", "a1070202007f020103",
        "a2080201013003020103", "a10902010102010304020000")]
    agreed = 0
    for _ in range(40000):
        data = mutate(rng.choice(bases), rng) if rng.random() < 0.9 else rng.choice(bases)
        quick = R._quick_ros(data, 0)
        if quick is None:
            continue
        agreed += 1
        kind, iid, opcode, raw = quick
        value = ber.decode(RA.ROS, data)            # must not raise
        if kind == 1:
            expected = {"invoke_id": iid, "opcode": ("local", opcode)}
            if raw is not None:
                expected["argument"] = raw
            assert value == ("invoke", expected), data.hex()
        elif opcode is None:
            assert value == ("return_result", {"invoke_id": iid}), data.hex()
        else:
            assert value == ("return_result", {"invoke_id": iid, "result": {
                "opcode": ("local", opcode), "result": raw}}), data.hex()
    assert agreed > 3000


def test_int_tlv_matches_the_codec() -> None:
    from x400fast.asn1 import Integer
    for v in list(range(-70000, 70000, 7)) + [2 ** 31 - 1, -2 ** 31, 127, 128, -128,
                                              -129, 255, 256, 2 ** 64]:
        assert R._int_tlv(v) == ber.encode(Integer(), v), v


def test_the_fast_path_is_taken(monkeypatch: Any) -> None:
    """Steady traffic goes through the fast path (and only when enabled)."""
    calls = []
    real = R._t._steady_ros

    def counting(body: bytes) -> Any:
        got = real(body)
        calls.append(got[1] if got is not None and got[2] else None)
        return got

    monkeypatch.setattr(R._t, "_steady_ros", counting)
    for fast in (False, True):
        del calls[:]
        c, s = bound_pair(fast)
        c.send(Invoke(3, ARG, MSSE))
        s.receive_data(c.data_to_send())
        (inv,) = drain(s)
        s.send(Result(inv.invoke_id, ARG))
        c.receive_data(s.data_to_send())
        drain(c)
        assert calls == ([16, 16] if fast else [])
