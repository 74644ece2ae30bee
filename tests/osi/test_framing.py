"""RFC 1006 TPKT deframer and class 0 DT encoder, on both twins.

Every test taking the ``framing`` fixture runs against the pure module and
the compiled extension; the differential tests at the end feed the same
inputs to both and demand identical results, exceptions included.
"""
from __future__ import annotations

import importlib
import tracemalloc
from typing import Any, List, Tuple

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from x400fast.errors import (MalformedTPDU, MalformedTPKT, TransportProtocolError,
                             X400Error)
from x400fast import _framing_pure

# The CR of osi-stack.md §9.1 and a DT carrying GT+DT+a 3-octet PPDU; both
# dissected cleanly by TShark 4.0.17 (COTP CR; SES DATA TRANSFER).
CR_TPKT = bytes.fromhex("030000140fe00000123400c1020001c203353933")
DT_TPKT = bytes.fromhex("0300001002f080010001006103020101")


def compiled_or_none() -> Any:
    try:
        return importlib.import_module("x400fast._framing")
    except ImportError:
        return None


# ---------------------------------------------------------------------------
# Deframer: good input


def test_constants(framing: Any) -> None:
    assert framing.TPKT_MIN_LENGTH == 7
    assert framing.TPKT_MAX_LENGTH == 65535
    assert framing.MAX_TPDU_SIZE == 65531
    assert framing.MIN_TPDU_SIZE == 128
    assert framing.DT_HEADER_SIZE == 3
    assert set(framing.__all__) == set(_framing_pure.__all__)


def test_one_frame(framing: Any) -> None:
    d = framing.TpktDeframer()
    d.feed(CR_TPKT)
    assert d.next_frame() == CR_TPKT[4:]
    assert d.next_frame() is None
    assert d.buffered == 0


def test_several_frames_in_one_feed(framing: Any) -> None:
    d = framing.TpktDeframer()
    d.feed(CR_TPKT + DT_TPKT + CR_TPKT[:5])
    assert d.frames() == [CR_TPKT[4:], DT_TPKT[4:]]
    assert d.buffered == 5
    d.feed(CR_TPKT[5:])
    assert d.frames() == [CR_TPKT[4:]]
    assert d.frames() == []


@pytest.mark.parametrize("frame", [CR_TPKT, DT_TPKT], ids=["CR", "DT"])
def test_every_prefix_needs_more_data(framing: Any, frame: bytes) -> None:
    for cut in range(len(frame)):
        d = framing.TpktDeframer()
        d.feed(frame[:cut])
        assert d.next_frame() is None, cut
        assert d.frames() == []
        assert d.buffered == cut


def test_one_byte_at_a_time_equals_all_at_once(framing: Any) -> None:
    stream = CR_TPKT + DT_TPKT + framing.encode_dt(bytes(range(256)) * 5, 128)
    whole = framing.TpktDeframer()
    whole.feed(stream)
    expected = whole.frames()
    trickle = framing.TpktDeframer()
    got: List[bytes] = []
    for i in range(len(stream)):
        trickle.feed(stream[i:i + 1])
        got.extend(trickle.frames())
    assert got == expected
    assert len(expected) == 2 + 11


def test_feed_accepts_bytes_like(framing: Any) -> None:
    d = framing.TpktDeframer()
    d.feed(bytearray(CR_TPKT[:10]))
    d.feed(memoryview(CR_TPKT)[10:])
    assert d.next_frame() == CR_TPKT[4:]
    with pytest.raises(TypeError):
        d.feed("03000014")  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        d.feed(7)  # type: ignore[arg-type]


def test_minimum_and_maximum_lengths_accepted(framing: Any) -> None:
    d = framing.TpktDeframer()
    d.feed(b"\x03\x00\x00\x07\x02\xf0\x80")          # DT with no data: length 7
    assert d.next_frame() == b"\x02\xf0\x80"
    big = b"\x03\x00\xff\xff" + b"\x02\xf0\x80" + b"x" * (65535 - 7)
    d.feed(big)
    assert d.next_frame() == big[4:]


def test_many_frames_compact_the_buffer(framing: Any) -> None:
    # Enough frames to cross the compaction threshold several times, fed
    # together with a trailing partial frame that must survive compaction.
    frame = framing.encode_dt(b"z" * 5000, 8192)
    d = framing.TpktDeframer()
    d.feed(frame * 40 + frame[:3])
    assert d.frames() == [frame[4:]] * 40
    assert d.buffered == 3
    d.feed(frame[3:])
    assert d.frames() == [frame[4:]]


# ---------------------------------------------------------------------------
# Deframer: bad input (reliability catalogue items 27-29)


def test_bad_version_rejected_on_first_octet(framing: Any) -> None:
    # Item 27: rejected before the body, here before even the second octet.
    d = framing.TpktDeframer()
    d.feed(b"\x04")
    with pytest.raises(MalformedTPKT) as info:
        d.next_frame()
    assert info.value.offset == 0
    assert "version 4" in str(info.value)
    assert isinstance(info.value, TransportProtocolError)
    assert isinstance(info.value, ValueError)
    assert isinstance(info.value, X400Error)


def test_bad_reserved_octet_rejected_on_second_octet(framing: Any) -> None:
    d = framing.TpktDeframer()
    d.feed(b"\x03\x01")
    with pytest.raises(MalformedTPKT) as info:
        d.next_frame()
    assert info.value.offset == 1


@pytest.mark.parametrize("length", [0, 1, 3, 4, 5, 6])
def test_length_below_minimum(framing: Any, length: int) -> None:
    # Item 28: lengths that cannot hold a TPDU (the CVE-2020-15158 shape).
    d = framing.TpktDeframer()
    d.feed(b"\x03\x00" + length.to_bytes(2, "big"))
    with pytest.raises(MalformedTPKT) as info:
        d.next_frame()
    assert info.value.offset == 2
    assert "below the minimum of 7" in str(info.value)


def test_length_above_configured_cap(framing: Any) -> None:
    d = framing.TpktDeframer(max_length=8196)
    d.feed(b"\x03\x00\x20\x05")                      # 8197
    with pytest.raises(MalformedTPKT, match="exceeds the limit of 8196"):
        d.next_frame()
    d = framing.TpktDeframer(max_length=8196)
    d.max_length = 9000
    assert d.max_length == 9000
    d.feed(b"\x03\x00\x20\x05" + b"\x02\xf0\x80" + b"q" * 8190)
    assert len(d.next_frame()) == 8193


@pytest.mark.parametrize("value", [0, 6, 65536, -1])
def test_max_length_out_of_range(framing: Any, value: int) -> None:
    with pytest.raises(ValueError):
        framing.TpktDeframer(max_length=value)
    d = framing.TpktDeframer()
    with pytest.raises(ValueError):
        d.max_length = value
    assert d.max_length == 65535
    with pytest.raises(TypeError):
        framing.TpktDeframer(max_length="7")


def test_announced_body_is_never_allocated(framing: Any) -> None:
    # Item 29: 65535 announced, 10 octets sent, then silence.  The deframer
    # holds what it was given and keeps answering "need more data"; the
    # deadline that ends this is the caller's (no clock here).
    d = framing.TpktDeframer()
    tracemalloc.start()
    try:
        d.feed(b"\x03\x00\xff\xff" + b"\x02\xf0\x00" + b"x" * 7)
        for _ in range(100):
            assert d.next_frame() is None
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert d.buffered == 14
    assert peak < 16384


def test_error_is_sticky_and_after_good_frames(framing: Any) -> None:
    d = framing.TpktDeframer()
    d.feed(CR_TPKT + DT_TPKT + b"\x05\x00\x00\x07")
    assert d.frames() == [CR_TPKT[4:], DT_TPKT[4:]]
    for _ in range(3):
        with pytest.raises(MalformedTPKT):
            d.frames()
        with pytest.raises(MalformedTPKT):
            d.next_frame()


# ---------------------------------------------------------------------------
# DT encoder


def test_encode_dt_single_segment(framing: Any) -> None:
    assert framing.encode_dt(b"\x01\x00\x01\x00\x61\x03\x02\x01\x01") == DT_TPKT


def test_encode_dt_segments_with_eot_on_last(framing: Any) -> None:
    tsdu = bytes(range(200))
    out = framing.encode_dt(tsdu, 128)
    # Vector dissected by TShark 4.0.17: two COTP DTs, "Last data unit: No"
    # then "Yes", in one TCP segment.
    assert out == bytes.fromhex(
        "0300008402f000" + bytes(range(125)).hex() + "0300005202f080"
        + bytes(range(125, 200)).hex())
    d = framing.TpktDeframer()
    d.feed(out)
    frames = d.frames()
    assert [framing.dt_user_data(f)[0] for f in frames] == [False, True]
    assert b"".join(framing.dt_user_data(f)[1] for f in frames) == tsdu


@pytest.mark.parametrize("size", [128, 1024, 8192, 65531])
@pytest.mark.parametrize("delta", [-1, 0, 1])
def test_encode_dt_segment_boundaries(framing: Any, size: int, delta: int) -> None:
    chunk = size - 3
    for n in (1, chunk + delta, 2 * chunk + delta):
        if n < 1:
            continue
        tsdu = bytes((i * 7) & 0xFF for i in range(n))
        out = framing.encode_dt(tsdu, size)
        d = framing.TpktDeframer()
        d.feed(out)
        frames = d.frames()
        assert d.buffered == 0
        assert len(frames) == -(-n // chunk)
        assert all(len(f) <= size for f in frames)
        flags = [framing.dt_user_data(f)[0] for f in frames]
        assert flags == [False] * (len(frames) - 1) + [True]
        assert b"".join(framing.dt_user_data(f)[1] for f in frames) == tsdu
        assert len(out) == n + 7 * len(frames)


def test_encode_dt_accepts_bytes_like(framing: Any) -> None:
    data = b"\x01\x00\x01\x00\x61\x03\x02\x01\x01"
    assert framing.encode_dt(bytearray(data)) == DT_TPKT
    assert framing.encode_dt(memoryview(data)) == DT_TPKT


def test_encode_dt_bad_arguments(framing: Any) -> None:
    with pytest.raises(ValueError, match="at least one octet"):
        framing.encode_dt(b"")
    for size in (127, 65532, 0, -5):
        with pytest.raises(ValueError):
            framing.encode_dt(b"x", size)
    with pytest.raises(TypeError):
        framing.encode_dt(b"x", 1024.0)
    with pytest.raises(TypeError):
        framing.encode_dt("text")
    with pytest.raises(TypeError):
        framing.encode_dt(5)


# ---------------------------------------------------------------------------
# TPDU header helpers (catalogue item 33)


def test_tpdu_header(framing: Any) -> None:
    assert framing.tpdu_header(CR_TPKT[4:]) == (15, 0xE0)
    assert framing.tpdu_header(bytearray(b"\x02\xf0\x80")) == (2, 0xF0)


@pytest.mark.parametrize("tpdu, text", [
    (b"", "no LI and code"),
    (b"\x02", "no LI and code"),
    (b"\xff\xe0" + b"\x00" * 300, "LI 255 is reserved"),
    (b"\x00\xf0", "LI 0"),
    (b"\x0f\xe0\x00\x00", "LI 15 exceeds the 4 octets"),
])
def test_tpdu_header_errors(framing: Any, tpdu: bytes, text: str) -> None:
    with pytest.raises(MalformedTPDU, match=text) as info:
        framing.tpdu_header(tpdu)
    assert info.value.offset == 0


def test_dt_user_data(framing: Any) -> None:
    assert framing.dt_user_data(b"\x02\xf0\x80abc") == (True, b"abc")
    assert framing.dt_user_data(b"\x02\xf0\x00") == (False, b"")
    assert framing.dt_user_data(b"\x02\xf0\x85x") == (True, b"x")    # NR ignored
    with pytest.raises(MalformedTPDU, match="not DT") as info:
        framing.dt_user_data(b"\x02\xe0\x80")
    assert info.value.er_cause == 2
    with pytest.raises(MalformedTPDU, match="LI 2"):
        framing.dt_user_data(b"\x04\xf0\x80\xc3\x00")
    with pytest.raises(MalformedTPDU):
        framing.dt_user_data(b"\x03\xf0\x80")


# ---------------------------------------------------------------------------
# Compiled vs pure: identical behaviour


def _outcome(module: Any, chunks: List[bytes], max_length: int) -> List[Tuple[str, Any]]:
    d = module.TpktDeframer(max_length)
    out: List[Tuple[str, Any]] = []
    for chunk in chunks:
        d.feed(chunk)
        try:
            out.append(("frames", d.frames()))
        except MalformedTPKT as exc:
            out.append(("error", (str(exc), exc.offset)))
            break
        out.append(("buffered", d.buffered))
    return out


def _tpkt_stream() -> Any:
    good = st.binary(min_size=3, max_size=40).map(
        lambda b: b"\x03\x00" + (len(b) + 4).to_bytes(2, "big") + b)
    bad = st.binary(min_size=1, max_size=8)
    return st.lists(st.one_of(good, good, good, bad), max_size=6).map(b"".join)


@settings(max_examples=150, deadline=None)
@given(stream=_tpkt_stream(), cuts=st.lists(st.integers(0, 400), max_size=6),
       max_length=st.sampled_from([7, 20, 65535]))
def test_twins_agree_on_deframing(stream: bytes, cuts: List[int], max_length: int) -> None:
    compiled = compiled_or_none()
    if compiled is None:
        pytest.skip("compiled x400fast._framing is not built")
    points = sorted(set(c for c in cuts if c < len(stream)))
    chunks = [stream[a:b] for a, b in zip([0] + points, points + [len(stream)])]
    assert _outcome(compiled, chunks, max_length) == _outcome(_framing_pure, chunks, max_length)


def _call(fn: Any, *args: Any) -> Tuple[str, Any]:
    try:
        return ("ok", fn(*args))
    except (MalformedTPDU, ValueError, TypeError) as exc:
        return (type(exc).__name__, str(exc))


@settings(max_examples=150, deadline=None)
@given(data=st.binary(max_size=600), size=st.integers(100, 700))
def test_twins_agree_on_tpdus(data: bytes, size: int) -> None:
    compiled = compiled_or_none()
    if compiled is None:
        pytest.skip("compiled x400fast._framing is not built")
    for name in ("tpdu_header", "dt_user_data"):
        assert _call(getattr(compiled, name), data) == _call(getattr(_framing_pure, name), data)
    assert _call(compiled.encode_dt, data, size) == _call(_framing_pure.encode_dt, data, size)
