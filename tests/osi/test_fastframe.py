"""The compiled steady-state ROSE fast path of ``x400fast._framing``:
``steady_ros`` (recognise one TPDU and decode its invoke/returnResult
envelope), ``ros_envelope`` (the envelope alone) and ``steady_frame``
(write the whole frame of an invoke or returnResult).

Three kinds of checks:

* against the layers: frames written by ``steady_frame`` are byte for byte
  what presentation (``encode_user_data``), session (GT + DT) and transport
  (``encode_dt``) produce from the APDU the BER codec encodes; what
  ``steady_ros``/``ros_envelope`` return is what the presentation parser
  and the codec decode;
* the twins agree: compiled and pure give identical results (values and
  exceptions) on the valid shapes, on every prefix of them and on random
  mutations;
* shapes that are not the steady one are refused (``None``), never read
  out of bounds, never half-decoded.
"""
from __future__ import annotations

import importlib
import random
from typing import Any, Callable, List, Optional, Tuple

import pytest

from x400fast import _framing_pure, ber
from x400fast.asn1 import rose as RA
from x400fast.osi import presentation as P
from x400fast.osi.presentation import PDV

H = bytes.fromhex

# Frames written by steady_frame and dissected by TShark 4.0.17 (through
# tests/osi/tshark_check.py, client/server on port 102): TPKT, COTP DT and
# the session GT + DT SPDUs clean, no expert warning; with the presentation
# dissector on, the fully-encoded user data parses as one PDV
# (single-ASN1-type, on the context shown) with no malformation -- ROS is
# not dissected further because no CP in the capture binds the context.
INVOKE_FRAME = H("0300002102f0800100010061143012020103a00da10b0201010201030403616263")
RESULT_FRAME = H("0300002302f0800100010061163014020103a00fa20d02010130080201030403616263")
LONG_INVOKE_FRAME = H("030000ec02f080010001006181de3081db020105a081d5a181d20202012c020107"
                      "0481c8") + b"x" * 200


def compiled() -> Any:
    try:
        return importlib.import_module("x400fast._framing")
    except ImportError as exc:
        pytest.skip("compiled x400fast._framing is not built: %s" % exc)


def layered(pcid: int, apdu: bytes) -> bytes:
    """The frame the layers write for ``apdu`` as one P-DATA on ``pcid``."""
    ud = P.encode_user_data((PDV(pcid, apdu),))
    return _framing_pure.encode_dt(b"\x01\x00\x01\x00" + ud)


def invoke_apdu(iid: int, op: int, arg: Optional[bytes]) -> bytes:
    v: dict = {"invoke_id": iid, "opcode": ("local", op)}
    if arg is not None:
        v["argument"] = arg
    return ber.encode(RA.ROS, ("invoke", v))


def result_apdu(iid: int, op: Optional[int], res: Optional[bytes]) -> bytes:
    v: dict = {"invoke_id": iid}
    if op is not None:
        v["result"] = {"opcode": ("local", op), "result": res}
    return ber.encode(RA.ROS, ("return_result", v))


def octets(n: int) -> bytes:
    """An OCTET STRING TLV of ``n`` content octets (minimal length)."""
    if n < 0x80:
        head = bytes((4, n))
    elif n < 0x100:
        head = bytes((4, 0x81, n))
    else:
        head = bytes((4, 0x82, n >> 8, n & 0xFF))
    return head + b"z" * n


IDS = [0, 1, 5, 127, 128, 255, 256, 0x7FFF, 0x8000, 0x7FFFFF, 0x800000, 0x7FFFFFFF,
       -1, -128, -129, -0x8000, -0x8001, -0x80000000]
SIZES = [0, 1, 2, 100, 110, 111, 112, 113, 114, 115, 116, 117, 118, 119, 120, 121, 122,
         123, 124, 125, 126, 127, 128, 200, 240, 243, 244, 245, 246, 247, 248, 250, 251,
         252, 253, 254, 255, 256, 257, 1000, 65000, 65480, 65490]


def valid_frames() -> List[Tuple[bytes, Tuple[Any, ...]]]:
    """Steady frames built by the layers, with what steady_ros must say."""
    out = []
    rng = random.Random(8)
    for size in SIZES:
        arg = octets(size)
        iid = rng.choice(IDS)
        op = rng.choice(IDS)
        pcid = rng.choice((1, 3, 5, 127))
        for kind, apdu in ((1, invoke_apdu(iid, op, arg)), (2, result_apdu(iid, op, arg))):
            f = layered(pcid, apdu)
            if (f[2] << 8) | f[3] == len(f):       # one TPKT (else several DTs)
                out.append((f, (pcid, len(f) - 4 - len(apdu), kind, iid, op, arg)))
    for iid in IDS:
        for apdu, want in ((invoke_apdu(iid, 3, None), (1, iid, 3, None)),
                           (result_apdu(iid, None, None), (2, iid, None, None))):
            f = layered(3, apdu)
            out.append((f, (3, len(f) - 4 - len(apdu)) + want))
    # Shapes the envelope decoder leaves to the codec: kind 0.
    for apdu in (H("a3090201010201") + H("0c020107"),           # returnError
                 H("a4060201018101") + H("02"),                  # reject
                 H("a10a02010506032a03040500"),                  # global opcode
                 H("a11e020106800101020107") + H("6413630e6104130247426206130454455354160141"),
                 H("a10a02010102010305000500"),                   # two values after
                 H("a109020200010201030500"),                    # non-minimal invoke id
                 H("a10c020501000000000201030500"),              # 5-octet invoke id
                 H("0500")):                                      # not ROS
        f = layered(7, apdu)
        out.append((f, (7, len(f) - 4 - len(apdu), 0, None, None, None)))
    return out


# ---------------------------------------------------------------------------
# steady_frame: byte-identical to the layers


@pytest.mark.parametrize("size", SIZES)
def test_steady_frame_matches_the_layers(framing: Any, size: int) -> None:
    arg = octets(size)
    ids = IDS if size < 1000 else IDS[::4]
    for iid in ids:
        for op in (0, 3, 127, 128, -1, 0x7FFFFFFF, -0x80000000):
            for pcid in ((1, 3, 127) if size < 1000 else (3,)):
                for kind, apdu in ((1, invoke_apdu(iid, op, arg)),
                                   (2, result_apdu(iid, op, arg))):
                    # Beyond 65501 octets the APDU does not fit one DT of
                    # the largest TPDU with the longest header: refused.
                    want = layered(pcid, apdu) if len(apdu) <= 65501 else None
                    got = framing.steady_frame(pcid, kind, iid, op, arg, 65501)
                    assert got == want, (kind, iid, op)


def test_steady_frame_invoke_without_argument(framing: Any) -> None:
    for iid in IDS:
        assert (framing.steady_frame(3, 1, iid, 9, b"", 100)
                == layered(3, invoke_apdu(iid, 9, None)))


def test_steady_frame_recorded_vectors(framing: Any) -> None:
    arg = H("0403616263")
    assert framing.steady_frame(3, 1, 1, 3, arg, 65501) == INVOKE_FRAME
    assert framing.steady_frame(3, 2, 1, 3, arg, 65501) == RESULT_FRAME
    assert framing.steady_frame(5, 1, 300, 7, b"\x04\x81\xc8" + b"x" * 200,
                                65501) == LONG_INVOKE_FRAME
    # ... and the recogniser reads them back.
    assert framing.steady_ros(INVOKE_FRAME[4:]) == (3, 16, 1, 1, 3, arg)
    assert framing.steady_ros(RESULT_FRAME[4:]) == (3, 16, 2, 1, 3, arg)
    assert framing.steady_ros(LONG_INVOKE_FRAME[4:])[:5] == (5, 19, 1, 300, 7)


def test_steady_frame_size_bound(framing: Any) -> None:
    arg = octets(100)
    apdu = len(invoke_apdu(1, 3, arg))
    assert framing.steady_frame(3, 1, 1, 3, arg, apdu) is not None
    assert framing.steady_frame(3, 1, 1, 3, arg, apdu - 1) is None
    assert framing.steady_frame(3, 1, 1, 3, arg, -30) is None
    # Never longer than one DT of the largest TPDU, whatever the caller says.
    big = octets(65495)
    assert framing.steady_frame(3, 1, 1, 3, big, 10 ** 9) is None
    assert framing.steady_frame(3, 2, 1, 3, b"\x04\x83\x01\x00\x00" + b"z" * 65536,
                                10 ** 9) is None
    assert framing.steady_frame(3, 1, 1, 3, octets(65490), 10 ** 9) is None  # 65504
    assert framing.steady_frame(3, 1, 1, 3, octets(65487), 10 ** 9) is not None


def test_steady_frame_leaves_other_ids_to_the_caller(framing: Any) -> None:
    for iid, op in ((2 ** 31, 3), (-2 ** 31 - 1, 3), (1, 2 ** 31), (2 ** 80, 1),
                    (True, 3), (1, False), (1.0, 3), (None, 3), (1, "2.5.4.3")):
        assert framing.steady_frame(3, 1, iid, op, b"", 1000) is None
        assert framing.steady_frame(3, 2, iid, op, b"\x05\x00", 1000) is None


def _outcome(fn: Callable[..., Any], *args: Any) -> Any:
    try:
        return ("ok", fn(*args))
    except Exception as exc:   # noqa: BLE001 - compared between the twins
        return (type(exc).__name__, str(exc))


BAD_FRAME_ARGS = [
    (0, 1, 1, 3, b"", 100), (128, 1, 1, 3, b"", 100), ("3", 1, 1, 3, b"", 100),
    (3, 0, 1, 3, b"", 100), (3, 3, 1, 3, b"", 100), (3, "1", 1, 3, b"", 100),
    (3, 1, 1, 3, "text", 100), (3, 1, 1, 3, None, 100), (3, 1, 1, 3, b"", None),
    (3, 1, 1, 3, b"", 1.5), (3, 1, 1, 3, bytearray(b"\x05\x00"), 100),
    (3, 2, 1, 3, memoryview(b"\x05\x00"), 100), (True, 1, 1, 3, b"", 100),
]


def test_steady_frame_argument_errors_identical() -> None:
    c = compiled()
    for args in BAD_FRAME_ARGS:
        assert _outcome(c.steady_frame, *args) == _outcome(_framing_pure.steady_frame,
                                                           *args), args
    with pytest.raises(ValueError):
        _framing_pure.steady_frame(0, 1, 1, 3, b"", 100)
    with pytest.raises(TypeError):
        _framing_pure.steady_frame(3, 1, 1, 3, "text", 100)


def test_steady_frame_twins_identical_on_random_values() -> None:
    c = compiled()
    rng = random.Random(3)
    for _ in range(3000):
        iid = rng.choice([rng.randrange(-2 ** 33, 2 ** 33), rng.choice(IDS)])
        op = rng.choice([rng.randrange(-300, 300), rng.choice(IDS)])
        payload = bytes(rng.randrange(256) for _ in range(rng.randrange(0, 300)))
        args = (rng.randrange(1, 128), rng.choice((1, 2)), iid, op, payload,
                rng.randrange(-40, 600))
        assert c.steady_frame(*args) == _framing_pure.steady_frame(*args), args


# ---------------------------------------------------------------------------
# steady_ros / ros_envelope: what the layers and the codec decode


def test_steady_ros_on_layered_frames(framing: Any) -> None:
    for f, want in valid_frames():
        body = f[4:]
        got = framing.steady_ros(body)
        assert got == want, body.hex()
        pcid, start = got[0], got[1]
        # The presentation parser sees the same single PDV.
        (pdv,) = P.decode_user_data(body[7:])
        assert (pdv.context_id, pdv.value) == (pcid, body[start:])
        assert framing.ros_envelope(body, start) == (got[2:] if got[2] else None)
        assert framing.ros_envelope(body[start:]) == (got[2:] if got[2] else None)


def test_steady_ros_refuses_other_shapes(framing: Any) -> None:
    apdu = H("a10b0201010201030403616263")
    good = layered(3, apdu)[4:]
    assert framing.steady_ros(good) is not None
    others = [
        b"",
        good[:-1],
        good + b"\x00",
        b"\x02\xf0\x00" + good[3:],                                   # no EOT
        good[:3] + b"\x19\x00" + good[5:],                            # not GT
        good[:7] + b"\x62" + good[8:],                                # not CPC-type
        good[:13] + b"\x00" + good[14:],                              # context 0
        good[:13] + b"\x80" + good[14:],                              # context 128
        P.encode_user_data((PDV(3, apdu), PDV(3, apdu))),             # two PDVs, raw
        layered(3, b"\x1f\x20\x00")[4:],                              # high tag number
        layered(3, H("a180") + apdu[2:] + b"\x00\x00")[4:],           # indefinite
    ]
    ud = P.encode_user_data((PDV(3, apdu), PDV(5, apdu)))
    others.append(_framing_pure.encode_dt(b"\x01\x00\x01\x00" + ud)[4:])
    # A transfer-syntax name in the PDV.
    others.append(H("02f0800100010061") + bytes((len(apdu) + 11, 0x30, len(apdu) + 9))
                  + H("06025101020103a0") + bytes((len(apdu),)) + apdu)
    for body in others:
        assert framing.steady_ros(body) is None, body.hex()


def test_ros_envelope_agrees_with_the_codec(framing: Any) -> None:
    rng = random.Random(11)
    bases = [invoke_apdu(rng.choice(IDS), rng.choice(IDS), octets(rng.choice(SIZES[:30])))
             for _ in range(10)]
    bases += [result_apdu(rng.choice(IDS), rng.choice(IDS), octets(5)) for _ in range(5)]
    bases += [invoke_apdu(1, 3, None), result_apdu(2, None, None),
              H("a20a02010130050201070500"), H("a1070202007f020103")]
    agreed = 0
    for _ in range(20000):
        data = mutate(rng.choice(bases), rng) if rng.random() < 0.85 else rng.choice(bases)
        quick = framing.ros_envelope(data)
        if quick is None:
            continue
        agreed += 1
        kind, iid, opcode, raw = quick
        value = ber.decode(RA.ROS, data)             # must not raise
        if kind == 1:
            expected: dict = {"invoke_id": iid, "opcode": ("local", opcode)}
            if raw is not None:
                expected["argument"] = raw
            assert value == ("invoke", expected), data.hex()
        elif opcode is None:
            assert value == ("return_result", {"invoke_id": iid}), data.hex()
        else:
            assert value == ("return_result", {"invoke_id": iid, "result": {
                "opcode": ("local", opcode), "result": raw}}), data.hex()
    assert agreed > 2000


# ---------------------------------------------------------------------------
# The twins agree everywhere


def mutate(data: bytes, rng: random.Random) -> bytes:
    d = bytearray(data)
    for _ in range(rng.randint(1, 3)):
        op = rng.random()
        if op < 0.45 and d:
            d[rng.randrange(len(d))] = rng.randrange(256)
        elif op < 0.6 and d:
            d[rng.randrange(len(d))] ^= 1 << rng.randrange(8)
        elif op < 0.75 and d:
            del d[rng.randrange(len(d))]
        elif op < 0.9:
            d.insert(rng.randrange(len(d) + 1), rng.randrange(256))
        else:
            d = d[:rng.randrange(len(d) + 1)]
    return bytes(d)


def test_twins_identical_on_every_prefix() -> None:
    c = compiled()
    p = _framing_pure
    for f, _ in valid_frames():
        body = f[4:]
        if len(body) > 400:
            body = body[:400]
        for i in range(len(body) + 1):
            prefix = body[:i]
            assert c.steady_ros(prefix) == p.steady_ros(prefix), prefix.hex()
            for start in (0, 16, 17, 19):
                assert (c.ros_envelope(prefix, start)
                        == p.ros_envelope(prefix, start)), (prefix.hex(), start)


def test_twins_identical_on_random_mutations() -> None:
    c = compiled()
    p = _framing_pure
    rng = random.Random(1006)
    frames = [f[4:] for f, _ in valid_frames() if len(f) < 600]
    recognised = 0
    for _ in range(30000):
        body = mutate(rng.choice(frames), rng)
        got = c.steady_ros(body)
        assert got == p.steady_ros(body), body.hex()
        if got is not None:
            recognised += 1
            start = got[1]
            assert c.ros_envelope(body, start) == p.ros_envelope(body, start)
        start = rng.randrange(-2, len(body) + 2)
        assert c.ros_envelope(body, start) == p.ros_envelope(body, start), (body.hex(),
                                                                            start)
    assert recognised > 1000


def test_argument_errors_identical() -> None:
    c = compiled()
    p = _framing_pure
    good = INVOKE_FRAME[4:]
    for args in ((None,), ("text",), (123,), (bytearray(good),), (memoryview(good),)):
        assert _outcome(c.steady_ros, *args) == _outcome(p.steady_ros, *args), args
    for args in ((good, None), (good, 1.0), (good, True), (good, -1), (good, 10 ** 30),
                 ("text", 0), (bytearray(good), 16), (good[16:],), (None, 0)):
        assert _outcome(c.ros_envelope, *args) == _outcome(p.ros_envelope, *args), args
    assert p.steady_ros(bytearray(good)) == p.steady_ros(good)
