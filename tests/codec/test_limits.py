"""Decoder limits (at the limit and one past) and the bad-input catalogue.

The numbered cases follow the BER part of the catalogue in
shared/reference/reliability.md section 6.
"""
import threading
import time

import pytest

from x400fast.asn1 import (
    C, Any, BitString, Boolean, Choice, Integer, Module, Null,
    ObjectIdentifier, OctetString, Sequence, SequenceOf, SetOf,
)
from x400fast.errors import DecodeError
from x400fast.limits import DEFAULT_LIMITS as L, DecodeLimits

H = bytes.fromhex

M = Module("Limits", tagging="EXPLICIT")
M.define("Nest", Choice(C("leaf", Integer(), tag="[0]"), C("down", "Nest", tag="[1]")))
M.define("Seq", Sequence(C("a", Integer())))
M.define("Ints", SequenceOf(Integer()))
M.define("Nulls", SetOf(Null()))
ANY = Any().node()


def nested(depth):
    """A Nest value of the given nesting (each level is one explicit tag)."""
    data = H("a003020101")  # leaf: [0] { INTEGER 1 }
    for _ in range(depth):
        data = bytes([0xA1]) + _len(len(data)) + data
    return data


def _len(n):
    if n < 0x80:
        return bytes([n])
    b = n.to_bytes((n.bit_length() + 7) // 8, "big")
    return bytes([0x80 | len(b)]) + b


def expect(engine, node, data, reason, limits=L):
    with pytest.raises(DecodeError) as ei:
        engine.decode(node, data, limits)
    assert ei.value.reason == reason, str(ei.value)
    return ei.value


# -- nesting depth ------------------------------------------------------------

def test_depth_at_and_past_limit(engine):
    node = M["Nest"].node()
    lim = DecodeLimits(max_depth=10)
    # Each "down" level is one explicit tag plus the leaf's explicit tag: depth n+1.
    engine.decode(node, nested(9), lim)
    expect(engine, node, nested(10), "nesting too deep", lim)


def test_default_depth_limit(engine):
    node = M["Nest"].node()
    engine.decode(node, nested(63), L)
    expect(engine, node, nested(64), "nesting too deep")


def test_1_nested_indefinite_sequences(engine):
    """Case 1: 30 80 x 100,000 -> DecodeError at depth 64, quickly, no crash."""
    node = ANY
    data = b"\x30\x80" * 100_000
    t0 = time.perf_counter()
    e = expect(engine, node, data, "nesting too deep")
    assert time.perf_counter() - t0 < 0.5
    assert e.offset == 130   # content of the 65th level


def test_deep_input_on_small_thread_stack(engine):
    """The compiled decoder recurses on the C stack: the depth cap keeps it safe."""
    node = M["Nest"].node()
    result = []

    def run():
        try:
            engine.decode(node, nested(10_000), DecodeLimits(max_depth=60))
        except DecodeError as e:
            result.append(e.reason)

    old = threading.stack_size(256 * 1024)
    try:
        t = threading.Thread(target=run)
        t.start()
        t.join()
    finally:
        threading.stack_size(old)
    assert result == ["nesting too deep"]


# -- lengths ------------------------------------------------------------------

def test_2_declared_longer_than_present(engine):
    expect(engine, ANY, H("3084000000050201"), "length exceeds input")


def test_3_huge_length(engine):
    expect(engine, ANY, H("0484ffffffff") + b"x" * 10, "length exceeds input")


def test_4_reserved_length(engine):
    expect(engine, ANY, H("04ff00"), "reserved length form")


def test_5_length_octets_limit(engine):
    # 4 length octets pass, 5 are refused before they are read
    assert engine.decode(OctetString().node(), H("048400000001") + b"x", L) == b"x"
    expect(engine, OctetString().node(), H("04850000000001") + b"x", "too many length octets")
    expect(engine, ANY, H("04890100000000000000000000"), "too many length octets")
    lim = DecodeLimits(max_length_octets=2)
    assert engine.decode(OctetString().node(), H("04820001") + b"x", lim) == b"x"
    expect(engine, OctetString().node(), H("0483000001") + b"x", "too many length octets", lim)


def test_7_indefinite_primitive(engine):
    expect(engine, ANY, H("0480610000"), "indefinite length on a primitive")


def test_8_missing_eoc(engine):
    expect(engine, M["Seq"].node(), H("3080020101"), "missing end-of-contents")
    expect(engine, ANY, H("3080020101"), "truncated")


def test_9_bad_eoc(engine):
    expect(engine, M["Seq"].node(), H("30800201010001"), "malformed end-of-contents")
    expect(engine, ANY, H("30800201010001"), "malformed end-of-contents")


def test_10_eoc_at_top_level(engine):
    expect(engine, M["Seq"].node(), H("0000"), "unexpected tag [UNIVERSAL 0]")


# -- tags ---------------------------------------------------------------------

def test_11_huge_tag(engine):
    data = b"\x1f" + b"\xff" * 10_000 + b"\x01"
    t0 = time.perf_counter()
    e = expect(engine, ANY, data, "tag too long")
    assert time.perf_counter() - t0 < 0.01
    assert e.offset == 0


def test_tag_octets_at_and_past_limit(engine):
    m = Module("T", tagging="IMPLICIT")
    m.define("Big", Integer(), tag="[268435455]")
    node = m["Big"].node()
    assert engine.decode(node, H("9fffffff7f0105"), L) == 5        # 4 continuation octets
    expect(engine, ANY, H("9f8180808001 0105".replace(" ", "")), "tag too long")
    lim = DecodeLimits(max_tag_octets=1)
    assert engine.decode(ANY, H("9f1f0105"), lim) == H("9f1f0105")
    expect(engine, ANY, H("9f81000105"), "tag too long", lim)


def test_12_non_minimal_tags(engine):
    expect(engine, ANY, H("1f800100"), "non-minimal tag")
    expect(engine, ANY, H("1f0500"), "non-minimal tag")


# -- OBJECT IDENTIFIER --------------------------------------------------------

def test_13_oid_arc_too_long(engine):
    data = b"\x06\x83\x10\x00\x00" + b"\x81" * (0x100000 - 1) + b"\x01"
    data = b"\x06\x83" + (0x100000).to_bytes(3, "big") + b"\x81" * (0x100000 - 1) + b"\x01"
    t0 = time.perf_counter()
    expect(engine, ObjectIdentifier().node(), data, "object identifier arc too long")
    assert time.perf_counter() - t0 < 0.05


def test_oid_arc_octets_at_and_past_limit(engine):
    node = ObjectIdentifier().node()
    arc20 = b"\x81" * 19 + b"\x01"
    arc21 = b"\x81" * 20 + b"\x01"
    v = engine.decode(node, b"\x06\x15" + b"\x2a" + arc20, L)
    assert v == "1.2.%d" % int("".join(["0000001"] * 20), 2)
    expect(engine, node, b"\x06\x16" + b"\x2a" + arc21, "object identifier arc too long")


def test_14_oid_arc_count(engine):
    node = ObjectIdentifier().node()
    ok = b"\x2a" + b"\x01" * 126          # 128 arcs
    assert engine.decode(node, b"\x06" + bytes([len(ok)]) + ok, L).count(".") == 127
    bad = b"\x2a" + b"\x01" * 127         # 129 arcs
    expect(engine, node, b"\x06" + _len(len(bad)) + bad, "too many object identifier arcs")
    many = b"\x2a" + b"\x01" * 50_000
    t0 = time.perf_counter()
    expect(engine, node, b"\x06\x83" + len(many).to_bytes(3, "big") + many,
           "too many object identifier arcs")
    assert time.perf_counter() - t0 < 0.05


def test_15_malformed_oids(engine):
    node = ObjectIdentifier().node()
    expect(engine, node, H("06022a81"), "truncated object identifier arc")
    expect(engine, node, H("06032a8001"), "non-minimal object identifier arc")
    expect(engine, node, H("0600"), "empty object identifier")


# -- INTEGER ------------------------------------------------------------------

def test_16_integer_size(engine):
    node = Integer().node()
    v = engine.decode(node, b"\x02\x40" + b"\x7f" + b"\xff" * 63, L)   # 64 octets
    assert v == (1 << 511) - 1
    expect(engine, node, b"\x02\x41" + b"\x01" * 65, "integer too large")
    expect(engine, node, b"\x02\x83\x01\x86\xa0" + b"\x01" * 100_000, "integer too large")
    lim = DecodeLimits(max_integer_octets=2)
    assert engine.decode(node, H("02027fff"), lim) == 32767
    expect(engine, node, H("0203010000"), "integer too large", lim)
    expect(engine, node, H("0200"), "empty integer")


# -- BIT STRING and constructed strings ---------------------------------------

def test_17_bad_bit_strings(engine):
    node = BitString().node()
    expect(engine, node, H("0300"), "bit string without unused-bits octet")
    expect(engine, node, H("030108"), "bad unused-bits count")
    expect(engine, node, H("030101"), "bad unused-bits count")


def test_18_constructed_bit_string_with_empty_segment(engine):
    node = BitString().node()
    expect(engine, node, H("2380030000 00".replace(" ", "")), "bit string without unused-bits octet")
    expect(engine, node, H("0380600000"), "indefinite length on a primitive")
    expect(engine, node, H("2380030201ff03020000 0000".replace(" ", "")), "unused bits in a non-final segment")


def test_19_string_segment_depth(engine):
    node = OctetString().node()
    data = b"\x24\x80" * 10 + b"\x04\x01x" + b"\x00\x00" * 10
    expect(engine, node, data, "constructed string nested too deep")
    ok = b"\x24\x80" * 4 + b"\x04\x01x" + b"\x00\x00" * 4
    assert engine.decode(node, ok, L) == b"x"
    five = b"\x24\x80" * 5 + b"\x04\x01x" + b"\x00\x00" * 5
    expect(engine, node, five, "constructed string nested too deep")


def test_20_segment_of_other_type(engine):
    expect(engine, OctetString().node(), H("2403020101"), "string segment of another type")


def test_21_fixed_lengths(engine):
    expect(engine, Boolean().node(), H("01020000"), "boolean length must be 1")
    expect(engine, Boolean().node(), H("0100"), "boolean length must be 1")
    expect(engine, Null().node(), H("050100"), "null length must be 0")


def test_22_element_budget(engine):
    node = M["Nulls"].node()
    n = 1_000_000
    data = b"\x31\x83" + (2 * n).to_bytes(3, "big") + b"\x05\x00" * n
    t0 = time.perf_counter()
    expect(engine, node, data, "too many elements")
    assert time.perf_counter() - t0 < 5
    lim = DecodeLimits(max_elements=11)
    ten = b"\x31\x14" + b"\x05\x00" * 10
    assert engine.decode(node, ten, lim) == [None] * 10
    eleven = b"\x31\x16" + b"\x05\x00" * 11
    expect(engine, node, eleven, "too many elements", lim)


def test_sequence_of_size_cap(engine):
    m = Module("S", tagging="IMPLICIT")
    m.define("Four", SequenceOf(Integer(), size=(1, 4)))
    node = m["Four"].node()
    assert engine.decode(node, H("300c020101020102020103020104"), L) == [1, 2, 3, 4]
    expect(engine, node, H("300f020101020102020103020104020105"), "more than 4 elements")


def test_23_child_crosses_parent(engine):
    expect(engine, M["Seq"].node(), H("3003020201 01".replace(" ", "")), "length exceeds input")


def test_24_trailing_data(engine):
    e = expect(engine, M["Seq"].node(), H("300302010100"), "trailing data")
    assert e.offset == 5


def test_25_every_prefix_is_truncated(engine):
    m = Module("P", tagging="IMPLICIT")
    m.define("R", Sequence(C("a", Integer()), C("b", SequenceOf(OctetString()), tag="[0]"),
                           C("c", ObjectIdentifier())))
    node = m["R"].node()
    data = engine.encode(node, {"a": 300, "b": [b"x" * 200, b""], "c": "2.6.1.4.14"})
    for i in range(len(data)):
        with pytest.raises(DecodeError):
            engine.decode(node, data[:i], L)


def test_limits_validation():
    with pytest.raises(ValueError):
        DecodeLimits(max_depth=0)
    with pytest.raises(ValueError):
        DecodeLimits(max_tag_octets=5)
    assert DecodeLimits().replace(max_depth=3).max_depth == 3
    assert "max_depth=64" in repr(DecodeLimits())


def test_decode_keyword_limits():
    from x400fast import ber
    with pytest.raises(DecodeError, match="nesting too deep"):
        ber.decode(M["Nest"], nested(5), max_depth=3)
    assert ber.decode(M["Nest"], nested(2), max_depth=3) == ("down", ("down", ("leaf", 1)))
