"""Property tests of the two BER engines (pure and compiled).

Why: byte vectors pin the forms we thought of; properties over generated
values and generated bad input find the ones we did not.  The properties
follow shared/reference/reliability.md section 2.3:

(a) ``decode(encode(v)) == v`` for values of a rich recursive schema
    (SEQUENCE/SET/CHOICE/OF nesting, every primitive, OPTIONAL and DEFAULT
    components, both tagging defaults, extensible types with ``_extra``);
(b) the twins agree byte for byte on encode (and on EncodeError for bad
    values), and on decode agree on accept/reject, on the value, and on the
    DecodeError's (reason, offset, path) for arbitrary and for mutated
    encodings;
(c) every proper prefix of a valid encoding raises DecodeError;
(d) canonicalisation: ``encode(decode(b)) == b`` for every ``b`` that
    ``encode`` produced, and re-encoding a BER form is idempotent;
(e) no input makes either engine raise anything but DecodeError, with the
    default limits and with small ones.

Values are generated from the compiled node tables themselves
(:func:`values_for`), so every declared type gets a strategy for free.
"""
from __future__ import annotations

import datetime as dt
import os
import string
from typing import Any as _Any, Dict, List, Tuple

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from x400fast import _ber_pure
from x400fast.asn1 import (
    MISSING, C, Any, BitString, BMPString, Boolean, Choice, Enumerated,
    External, GeneralizedTime, GeneralString, GraphicString, IA5String,
    Integer, Module, Null, NumericString, ObjectDescriptor,
    ObjectIdentifier, OctetString, PrintableString, Sequence, SequenceOf,
    Set, SetOf, TeletexString, UniversalString, UTCTime, UTF8String,
    VideotexString, VisibleString,
)
from x400fast.asn1.core import (
    CS_BMP, CS_IA5, CS_LATIN1, CS_NUMERIC, CS_PRINTABLE, CS_UNIVERSAL,
    CS_UTF8, CS_VISIBLE, K_ANY, K_BITSTRING, K_BOOLEAN, K_CHOICE,
    K_ENUMERATED, K_EXPLICIT, K_GENTIME, K_INTEGER, K_NULL, K_OCTETSTRING,
    K_OID, K_SEQOF, K_SEQUENCE, K_SET, K_SETOF, K_STRING, K_UTCTIME,
)
from x400fast.errors import DecodeError, EncodeError
from x400fast.limits import DEFAULT_LIMITS as L, DecodeLimits

try:
    from x400fast import _ber as _ber_compiled
except ImportError:  # pragma: no cover - depends on the build
    _ber_compiled = None

PURE_ONLY = os.environ.get("X400FAST_PURE", "") not in ("", "0")
ENGINES = [_ber_pure] + ([_ber_compiled] if _ber_compiled is not None else [])
UTC = dt.timezone.utc
H = bytes.fromhex

SETTINGS = settings(max_examples=120, deadline=None, database=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                           HealthCheck.filter_too_much])
FEW = settings(SETTINGS, max_examples=60)


def test_compiled_engine_present():
    """Comparing the pure engine with itself would prove nothing."""
    if _ber_compiled is None and not PURE_ONLY:
        pytest.fail("x400fast._ber (compiled) did not import; build it or set X400FAST_PURE=1")


# ---------------------------------------------------------------------------
# The schema: two modules (both tagging defaults) referring to each other.

PM = Module("PropImplicit", tagging="IMPLICIT")
PX = Module("PropExplicit", tagging="EXPLICIT")
PM.imports(PX)
PX.imports(PM)

PM.define("Prims", Sequence(
    C("b", Boolean()),
    C("i", Integer()),
    C("n", Null(), tag="[0]", optional=True),
    C("oid", ObjectIdentifier(), optional=True),
    C("e", Enumerated({"red": 0, "green": 1, "blue": 5, "neg": -3}), default="red"),
    C("bs", BitString(size=(0, 64)), tag="[1]", optional=True),
    C("nbs", BitString(named={"a": 0, "b": 1, "c": 9}), tag="[2]", default=frozenset()),
    C("nbs16", BitString(named={"x": 3, "y": 15}, size=(4, 16)), tag="[17]", optional=True),
    C("os", OctetString(size=(0, 40)), tag="[APPLICATION 3]", optional=True),
    C("num", NumericString(size=(0, 8)), tag="[3]", optional=True),
    C("prn", PrintableString(size=(1, 10)), tag="[4]", optional=True),
    C("t61", TeletexString(), tag="[5]", optional=True),
    C("vtx", VideotexString(), tag="[6]", optional=True),
    C("ia5", IA5String(), tag="[7]", optional=True),
    C("gfx", GraphicString(), tag="[8]", optional=True),
    C("vis", VisibleString(), tag="[9]", optional=True),
    C("gen", GeneralString(), tag="[10]", optional=True),
    C("uni", UniversalString(), tag="[11]", optional=True),
    C("bmp", BMPString(), tag="[12]", optional=True),
    C("utf", UTF8String(), tag="[13]", optional=True),
    C("od", ObjectDescriptor(), tag="[14]", optional=True),
    C("utc", UTCTime(), optional=True),
    C("gt", GeneralizedTime(), tag="[15] EXPLICIT", optional=True),
    C("xn", Null(), tag="[16] EXPLICIT", optional=True),
    C("rng", Integer(range=(-5, 1000)), tag="[18]", optional=True),
    C("big", Integer(), tag="[PRIVATE 12345]", optional=True),
))
PX.define("Tree", Choice(
    C("leaf", "Prims", tag="[0]"),
    C("node", SequenceOf("Tree", size=(0, 3)), tag="[1] IMPLICIT"),
    C("bag", SetOf("Tree"), tag="[2]"),
    C("rec", "Rec", tag="[3] IMPLICIT"),
    C("int", Integer()),
    C("str", UTF8String()),
    C("inner", "Inner"),
    extensible=True))
PX.define("Inner", Choice(
    C("yes", Boolean(), tag="[APPLICATION 1]"),
    C("none", Null(), tag="[APPLICATION 2] IMPLICIT")))
PM.define("Rec", Set(
    C("a", Integer(), tag="[0]"),
    C("t", "Tree", tag="[1]", optional=True),
    C("f", Boolean(), tag="[2]", default=True),
    C("x", OctetString(), tag="[APPLICATION 31] EXPLICIT", optional=True),
    C("u", "Alt"),
    C("l", SequenceOf(IA5String(), size=(0, 3)), tag="[3]", optional=True),
    C("p", "Priority", optional=True),
    extensible=True))
PM.define("Alt", Choice(C("p", PrintableString(), tag="[5]"), C("q", Integer(), tag="[6]")))
PX.define("Priority", Enumerated({"normal": 0, "non-urgent": 1, "urgent": 2}), tag="[APPLICATION 7]")
PX.define("Attr", Sequence(C("type", ObjectIdentifier()), C("value", Any())))
PM.define("ExtSeq", Sequence(C("a", Integer()), C("b", "Tree", tag="[0]", optional=True),
                             extensible=True))
PM.define("Top", Sequence(
    C("first", Integer()),
    C("opt", Integer(), tag="[0]", optional=True),
    C("tree", "Tree", tag="[1]", optional=True),
    C("list", SequenceOf("Tree", size=(0, 3)), optional=True),
    C("ext", External, tag="[2]", optional=True),
    C("ext2", External, optional=True),
    C("es", "ExtSeq", tag="[3]", optional=True),
    C("any", Any(), tag="[4]", optional=True),
    C("attrs", SetOf("Attr"), tag="[5]", optional=True),
    C("last", Boolean(), tag="[PRIVATE 99]", default=False),
), tag="[APPLICATION 10]")

NAMED = {name: m[name] for m, names in ((PM, ("Prims", "Rec", "Alt", "ExtSeq", "Top")),
                                       (PX, ("Tree", "Inner", "Priority", "Attr")))
         for name in names}
NAMED["EXTERNAL"] = External
PRIMITIVE_TYPES = [Boolean(), Integer(), Null(), ObjectIdentifier(), OctetString(),
                   BitString(), Enumerated({"a": 0}), IA5String(), UTF8String(),
                   BMPString(), UniversalString(), UTCTime(), GeneralizedTime(), Any()]
TOP_NODES = [t.node() for t in NAMED.values()] + [t.node() for t in PRIMITIVE_TYPES]
TOP_IDS = list(NAMED) + [type(t).__name__ for t in PRIMITIVE_TYPES]


# ---------------------------------------------------------------------------
# Helpers


def same(a, b, tz: bool = True) -> bool:
    """Equality that also compares types; datetimes by instant, and by
    UTC offset too when ``tz``."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(same(a[k], b[k], tz) for k in a)
    if isinstance(a, (list, tuple)):
        return len(a) == len(b) and all(same(x, y, tz) for x, y in zip(a, b))
    if isinstance(a, dt.datetime):
        return a == b and (not tz or a.utcoffset() == b.utcoffset())
    return a == b


def outcome(engine, node, data, limits=L, offset=None):
    """("ok", value[, end]) or ("err", reason, offset, path); other exceptions fail."""
    try:
        if offset is None:
            return ("ok", engine.decode(node, data, limits))
        return ("ok",) + tuple(engine.decode_from(node, data, offset, limits))
    except DecodeError as e:
        return ("err", e.reason, e.offset, e.path)
    except Exception as e:  # noqa: BLE001 - the property under test
        pytest.fail("%s engine raised %s (not DecodeError) on %s: %r" % (
            engine.IMPLEMENTATION, type(e).__name__, bytes(data).hex(), e))


def agree(node, data, limits=L, offset=None):
    """Both engines' outcome, checked equal; returns it."""
    outs = [outcome(e, node, data, limits, offset) for e in ENGINES]
    for o in outs[1:]:
        assert same(o, outs[0]), "engines disagree on %s: %r" % (bytes(data).hex(), outs)
    return outs[0]


def encode_outcome(engine, node, value):
    try:
        return ("ok", engine.encode(node, value))
    except EncodeError as e:
        return ("err", e.reason, e.path)
    except Exception as e:  # noqa: BLE001 - the property under test
        pytest.fail("%s engine raised %s (not EncodeError) encoding %r: %r" % (
            engine.IMPLEMENTATION, type(e).__name__, value, e))


def encode_agree(node, value):
    outs = [encode_outcome(e, node, value) for e in ENGINES]
    for o in outs[1:]:
        assert o == outs[0], "engines encode differently: %r" % (outs,)
    return outs[0]


def _len(n: int) -> bytes:
    if n < 0x80:
        return bytes([n])
    b = n.to_bytes((n.bit_length() + 7) // 8, "big")
    return bytes([0x80 | len(b)]) + b


def tlv(ident: bytes, content: bytes) -> bytes:
    return ident + _len(len(content)) + content


def _split(data: bytes, pos: int):
    start = pos
    if data[pos] & 0x1F == 0x1F:
        pos += 1
        while data[pos] & 0x80:
            pos += 1
    pos += 1
    ident = data[start:pos]
    n = data[pos]
    pos += 1
    if n == 0x80:
        raise ValueError("indefinite")
    if n & 0x80:
        k = n & 0x7F
        n = int.from_bytes(data[pos:pos + k], "big")
        pos += k
    if pos + n > len(data):
        raise ValueError("short")
    return ident, data[pos:pos + n], pos + n


def _reshape(data: bytes, indefinite: bool, long_lengths: bool) -> bytes:
    ident, content, end = _split(data, 0)
    if end != len(data):
        raise ValueError("trailing")
    if ident[0] & 0x20:
        parts = []
        pos = 0
        while pos < len(content):
            e = _split(content, pos)[2]
            parts.append(_reshape(content[pos:e], indefinite, long_lengths))
            pos = e
        content = b"".join(parts)
        if indefinite:
            return ident + b"\x80" + content + b"\0\0"
    if long_lengths:
        return ident + b"\x83" + len(content).to_bytes(3, "big") + content
    return ident + _len(len(content)) + content


def ber_forms(data: bytes) -> List[bytes]:
    """BER re-shapings of a definite encoding (indefinite, long lengths)."""
    out = []
    for ind, lng in ((True, False), (False, True), (True, True)):
        try:
            out.append(_reshape(data, ind, lng))
        except (ValueError, IndexError):
            pass        # an open type inside holds an indefinite form: leave it
    return out


# ---------------------------------------------------------------------------
# Value strategies generated from the node tables

MAX_DEPTH = 4
PRINTABLE = string.ascii_letters + string.digits + " '()+,-./:=?"
_ALPHABETS = {
    CS_NUMERIC: st.sampled_from("0123456789 "),
    CS_PRINTABLE: st.sampled_from(PRINTABLE),
    CS_IA5: st.characters(max_codepoint=127),
    CS_VISIBLE: st.characters(min_codepoint=32, max_codepoint=126),
    CS_LATIN1: st.characters(max_codepoint=255),
    CS_UTF8: st.characters(blacklist_categories=("Cs",)),
    CS_BMP: st.characters(max_codepoint=0xFFFF, blacklist_categories=("Cs",)),
    CS_UNIVERSAL: st.characters(blacklist_categories=("Cs",)),
}
INTS = st.one_of(st.integers(-300, 300), st.integers(-2 ** 70, 2 ** 70),
                 st.integers(-2 ** 500, 2 ** 500),
                 st.sampled_from([-128, -129, 127, 128, 255, 256, -2 ** 63, 2 ** 63 - 1, 2 ** 63, 2 ** 64]))
OFFSETS = st.sampled_from([dt.timedelta(0), dt.timedelta(hours=1), dt.timedelta(hours=-5),
                           dt.timedelta(hours=5, minutes=30), dt.timedelta(hours=-11, minutes=-45),
                           dt.timedelta(hours=14)])
# Reserved for unknown (extension) components: no declaration uses PRIVATE 900+.
EXTRA_TLVS = st.builds(
    lambda n, cons, body: tlv(bytes([0xFF if cons else 0xDF, 0x87, n]),
                              tlv(b"\x02", body or b"\0") if cons else body),
    st.integers(4, 20), st.booleans(), st.binary(max_size=6))


@st.composite
def oids(draw):
    first = draw(st.integers(0, 2))
    second = draw(st.integers(0, 39) if first < 2 else st.one_of(st.integers(0, 200), st.integers(0, 2 ** 64)))
    rest = draw(st.lists(st.one_of(st.integers(0, 127), st.integers(0, 2 ** 100)), max_size=10))
    return ".".join(str(a) for a in [first, second] + rest)


def _datetimes(lo: int, hi: int, micro: bool):
    base = st.datetimes(min_value=dt.datetime(lo, 1, 2), max_value=dt.datetime(hi, 12, 30))
    if not micro:
        base = base.map(lambda d: d.replace(microsecond=0))
    return st.builds(lambda d, off: d.replace(tzinfo=dt.timezone(off) if off else UTC), base, OFFSETS)


ANY_TLVS = st.recursive(
    st.one_of(INTS.map(lambda i: _ber_pure.encode(Integer().node(), i)),
              st.binary(max_size=8).map(lambda b: tlv(b"\x04", b)),
              st.just(H("0500")),
              st.binary(max_size=4).map(lambda b: tlv(b"\xdf\x81\x00", b))),
    lambda kids: st.one_of(
        st.lists(kids, max_size=3).map(lambda ks: tlv(b"\x30", b"".join(ks))),
        st.lists(kids, max_size=3).map(lambda ks: b"\xbf\x1f\x80" + b"".join(ks) + b"\0\0")),
    max_leaves=6)


def unwrap(node):
    while node.kind == K_EXPLICIT:
        node = node.inner
    return node


_MEMO: Dict[Tuple[int, int], _Any] = {}


def values_for(node, depth: int = 0):
    """A hypothesis strategy of values of ``node`` (canonical representations)."""
    key = (id(node), depth)
    if key not in _MEMO:
        _MEMO[key] = _build(node, depth)
    return _MEMO[key]


def _leafish(node) -> bool:
    return unwrap(node).kind not in (K_SEQUENCE, K_SET, K_CHOICE, K_SEQOF, K_SETOF)


def _build(node, depth: int):
    k = node.kind
    cap = depth >= MAX_DEPTH
    if k == K_EXPLICIT:
        return values_for(node.inner, depth)
    if k == K_BOOLEAN:
        return st.booleans()
    if k == K_INTEGER:
        if node.range is not None:
            lo, hi = node.range
            return st.integers(lo, hi)
        return INTS
    if k == K_ENUMERATED:
        return st.one_of(st.sampled_from(sorted(node.named)),
                         st.integers(-1000, 1000).filter(lambda n: n not in node.names))
    if k == K_NULL:
        return st.none()
    if k == K_OID:
        return oids()
    if k == K_OCTETSTRING:
        hi = node.size_max if node.size_max >= 0 else 40
        return st.binary(min_size=node.size_min, max_size=hi)
    if k == K_STRING:
        hi = node.size_max if node.size_max >= 0 else 12
        return st.text(alphabet=_ALPHABETS[node.charset], min_size=node.size_min, max_size=hi)
    if k == K_BITSTRING:
        hi = node.size_max if node.size_max >= 0 else 80
        if node.named:
            free = [b for b in range(min(hi, 24)) if b not in node.names]
            return st.frozensets(st.one_of(st.sampled_from(sorted(node.named)), st.sampled_from(free)),
                                 max_size=4).filter(lambda s: _max_bit(node, s) < hi)

        @st.composite
        def bits(draw):
            n = draw(st.integers(node.size_min, hi))
            data = draw(st.binary(min_size=(n + 7) // 8, max_size=(n + 7) // 8))
            unused = len(data) * 8 - n
            if unused:              # the value model keeps padding bits zero
                data = data[:-1] + bytes((data[-1] & (0xFF << unused) & 0xFF,))
            return (data, n)
        return bits()
    if k == K_UTCTIME:
        return _datetimes(1951, 2048, micro=False)
    if k == K_GENTIME:
        return _datetimes(2, 9998, micro=True)
    if k == K_ANY:
        return ANY_TLVS
    if k in (K_SEQOF, K_SETOF):
        if cap and node.size_min == 0:
            return st.just([])
        hi = 3 if node.size_max < 0 else min(3, node.size_max)
        return st.lists(values_for(node.inner, depth + 1), min_size=node.size_min, max_size=hi)
    if k == K_CHOICE:
        fields = [f for f in node.fields if not cap or _leafish(f.node)]
        alts = [values_for(f.node, depth + 1).map(lambda x, key=f.key: (key, x)) for f in fields]
        if node.extensible:
            alts.append(EXTRA_TLVS.map(lambda raw: ("_extra", raw)))
        return st.one_of(alts)
    if k in (K_SEQUENCE, K_SET):
        required = {}
        optional = {}
        for f in node.fields:
            s = values_for(f.node, depth + 1)
            if not f.optional:
                required[f.key] = s
            elif not cap:
                # None also means "absent" except for a NULL component
                optional[f.key] = s if is_null(f) else st.one_of(s, st.none())
        if node.extensible and not cap:
            optional["_extra"] = st.lists(EXTRA_TLVS, min_size=1, max_size=2)
        return st.fixed_dictionaries(required, optional=optional)
    raise AssertionError("no strategy for kind %d" % k)


def _max_bit(node, bits) -> int:
    pos = [node.named[b] if isinstance(b, str) else b for b in bits]
    return max(pos, default=-1)


def is_null(field) -> bool:
    """The component is a NULL (also under an explicit tag)."""
    return unwrap(field.node).kind == K_NULL


def expected(node, v):
    """What decoding ``encode(v)`` must give back."""
    k = node.kind
    if k == K_EXPLICIT:
        return expected(node.inner, v)
    if k in (K_SEQUENCE, K_SET):
        out = {}
        for f in node.fields:
            x = v.get(f.key, MISSING)
            if x is MISSING or (x is None and not is_null(f)):
                if f.default is not MISSING:
                    out[f.key] = f.default
                continue
            out[f.key] = expected(f.node, x)
        if v.get("_extra"):
            out["_extra"] = list(v["_extra"])
        return out
    if k == K_CHOICE:
        name, x = v
        if name == "_extra":
            return v
        return (name, expected(node.fields[node.by_key[name]].node, x))
    if k in (K_SEQOF, K_SETOF):
        return [expected(node.inner, x) for x in v]
    if k == K_ENUMERATED and isinstance(v, int):
        return node.names.get(v, v)
    if k == K_BITSTRING and node.named:
        return frozenset(node.names.get(b, b) if isinstance(b, int) else b for b in v)
    return v


@st.composite
def node_and_value(draw, nodes=None):
    i = draw(st.integers(0, len(nodes or TOP_NODES) - 1))
    node = (nodes or TOP_NODES)[i]
    return node, draw(values_for(node))


@st.composite
def mutated(draw, data: bytes) -> bytes:
    """data with 1-4 flips, overwrites, insertions, deletions, cuts or repeats."""
    b = bytearray(data)
    interesting = st.one_of(st.sampled_from([0x00, 0x80, 0x81, 0x84, 0x88, 0xFF, 0x1F, 0x7F,
                                             0x30, 0xA0, 0x24, 0x05, 0x9F, 0xBF]),
                            st.integers(0, 255))
    for _ in range(draw(st.integers(1, 4))):
        op = draw(st.sampled_from(["flip", "set", "insert", "delete", "cut", "repeat"]))
        if not b:
            b.append(draw(interesting))
            continue
        i = draw(st.integers(0, len(b) - 1))
        if op == "flip":
            b[i] ^= 1 << draw(st.integers(0, 7))
        elif op == "set":
            b[i] = draw(interesting)
        elif op == "insert":
            b.insert(i, draw(interesting))
        elif op == "delete":
            del b[i]
        elif op == "cut":
            del b[i:]
        else:
            j = draw(st.integers(i, min(len(b), i + 16)))
            b[i:i] = b[i:j]
    return bytes(b)


SMALL_LIMITS = st.builds(
    DecodeLimits, max_depth=st.integers(1, 6), max_string_depth=st.integers(1, 3),
    max_tag_octets=st.integers(1, 4), max_length_octets=st.integers(1, 4),
    max_oid_arcs=st.integers(1, 6), max_oid_arc_octets=st.integers(1, 4),
    max_integer_octets=st.integers(1, 4), max_elements=st.integers(1, 40))
ANY_LIMITS = st.one_of(st.just(L), SMALL_LIMITS)


def test_schema_covers_every_node_kind():
    """The schema under test holds every node kind the engines know, so the
    value generator (which walks it) reaches each of them."""
    kinds = set()

    def walk(node, seen):
        if id(node) in seen:
            return
        seen.add(id(node))
        kinds.add(node.kind)
        for f in node.fields:
            walk(f.node, seen)
        if node.inner is not None:
            walk(node.inner, seen)
    seen = set()
    for n in TOP_NODES:
        walk(n, seen)
    assert kinds >= {K_BOOLEAN, K_INTEGER, K_BITSTRING, K_OCTETSTRING, K_NULL, K_OID,
                     K_ENUMERATED, K_STRING, K_UTCTIME, K_GENTIME, K_SEQUENCE, K_SET,
                     K_SEQOF, K_SETOF, K_CHOICE, K_ANY, K_EXPLICIT}


# ---------------------------------------------------------------------------
# (a) round trip, (b) twins agree on encode, (d) canonical re-encoding


@SETTINGS
@given(nv=node_and_value())
def test_roundtrip_and_twins_agree_on_encode(nv):
    node, v = nv
    out = encode_agree(node, v)
    assert out[0] == "ok", out
    data = out[1]
    want = expected(node, v)
    for e in ENGINES:
        got = e.decode(node, data, L)
        assert same(got, want, tz=False), (e.IMPLEMENTATION, data.hex(), got, want)
    # (b): decoded values are identical across engines, types and zones included
    agree(node, data)
    # (d): what encode produced re-encodes byte for byte
    for e in ENGINES:
        assert e.encode(node, e.decode(node, data, L)) == data, e.IMPLEMENTATION


@FEW
@given(nv=node_and_value(), data=st.data())
def test_ber_forms_decode_equal_and_canonicalise(nv, data):
    """Indefinite and long-length re-shapings decode to the same value;
    re-encoding them gives back the canonical bytes (no open type inside)
    or, in any case, a fixed point."""
    node, v = nv
    canonical = encode_agree(node, v)[1]
    value = agree(node, canonical)[1]
    for form in ber_forms(canonical):
        got = agree(node, form)
        assert got[0] == "ok", (form.hex(), got)
        once = encode_agree(node, got[1])[1]
        assert encode_agree(node, agree(node, once)[1])[1] == once
        if same(got[1], value):
            assert once == canonical


# ---------------------------------------------------------------------------
# (b) twins agree on decode, (e) only DecodeError


@SETTINGS
@given(node_i=st.integers(0, len(TOP_NODES) - 1), data=st.binary(max_size=64), limits=ANY_LIMITS)
def test_arbitrary_bytes(node_i, data, limits):
    agree(TOP_NODES[node_i], data, limits)


@SETTINGS
@given(nv=node_and_value(), data=st.data())
def test_mutated_encodings(nv, data):
    node, v = nv
    good = encode_agree(node, v)[1]
    base = data.draw(st.sampled_from([good] + ber_forms(good)))
    bad = data.draw(mutated(base))
    limits = data.draw(ANY_LIMITS)
    agree(node, bad, limits)
    agree(node, bytearray(bad), limits)
    agree(node, memoryview(b"\xff" + bad)[1:], limits)


@FEW
@given(nv=node_and_value(), data=st.data())
def test_mutated_encodings_other_type(nv, data):
    """Valid encodings of one type fed to the decoder of another."""
    node, v = nv
    good = encode_agree(node, v)[1]
    other = TOP_NODES[data.draw(st.integers(0, len(TOP_NODES) - 1))]
    agree(other, good)
    agree(other, data.draw(mutated(good)), data.draw(ANY_LIMITS))


@FEW
@given(nv=node_and_value(), data=st.data())
def test_decode_from_offsets(nv, data):
    """decode_from: a value at an offset after junk, followed by junk."""
    node, v = nv
    good = encode_agree(node, v)[1]
    head = data.draw(st.binary(max_size=5))
    tail = data.draw(st.binary(max_size=5))
    buf = head + good + tail
    got = agree(node, buf, L, offset=len(head))
    assert got[0] == "ok" and got[2] == len(head) + len(good)
    assert same(got[1], agree(node, good)[1])
    agree(node, buf, L, offset=data.draw(st.integers(0, len(buf))))


@FEW
@given(nv=node_and_value(), data=st.data())
def test_reencoding_accepted_mutants(nv, data):
    """Whatever the decoder accepts re-encodes (or is refused with
    EncodeError, e.g. a SIZE the decoder does not check), and re-encoding
    is a fixed point."""
    node, v = nv
    good = encode_agree(node, v)[1]
    bad = data.draw(mutated(good))
    got = agree(node, bad)
    if got[0] != "ok":
        return
    out = encode_agree(node, got[1])
    if out[0] == "ok":
        assert encode_agree(node, agree(node, out[1])[1]) == out


# ---------------------------------------------------------------------------
# (c) proper prefixes


@FEW
@given(nv=node_and_value(), data=st.data())
def test_every_proper_prefix_is_refused(nv, data):
    node, v = nv
    good = encode_agree(node, v)[1]
    form = data.draw(st.sampled_from([good] + ber_forms(good)))
    cuts = range(len(form)) if len(form) <= 200 else sorted(
        set(data.draw(st.lists(st.integers(0, len(form) - 1), min_size=50, max_size=50))))
    for k in cuts:
        got = agree(node, form[:k])
        assert got[0] == "err", (k, form.hex())
        got = agree(node, form[:k], L, offset=0)
        assert got[0] == "err", (k, form.hex())


# ---------------------------------------------------------------------------
# (b) twins agree on EncodeError for bad values


JUNK = st.one_of(st.none(), st.booleans(), st.integers(-3, 3), st.integers(2 ** 70, 2 ** 71),
                 st.text(max_size=3), st.binary(max_size=3), st.floats(allow_nan=False),
                 st.just([]), st.just([1, "a"]), st.just({}), st.just({"zz": 1}),
                 st.just(("a", 1)), st.just(("_extra", b"\x05\x00")), st.just((b"", 9)),
                 st.just(frozenset({"nope"})), st.just(dt.datetime(2020, 1, 1)),
                 st.just(dt.datetime(2020, 1, 1, tzinfo=UTC)), st.just(b"\x02\x05"))


def _paths(v, prefix=()):
    yield prefix
    if isinstance(v, dict):
        for k in v:
            yield from _paths(v[k], prefix + (k,))
    elif isinstance(v, list):
        for i, x in enumerate(v):
            yield from _paths(x, prefix + (i,))
    elif isinstance(v, tuple) and len(v) == 2 and isinstance(v[0], str):
        yield from _paths(v[1], prefix + (1,))


def _replace(v, path, new):
    if not path:
        return new
    head, rest = path[0], path[1:]
    if isinstance(v, dict):
        out = dict(v)
        out[head] = _replace(v[head], rest, new)
        return out
    if isinstance(v, list):
        out = list(v)
        out[head] = _replace(v[head], rest, new)
        return out
    return (v[0], _replace(v[1], rest, new))


@SETTINGS
@given(nv=node_and_value(), data=st.data())
def test_bad_values_encode_errors_agree(nv, data):
    """Replace one part of a good value by junk: both engines give the same
    bytes or the same EncodeError (reason, path), and nothing else."""
    node, v = nv
    paths = list(_paths(v))
    path = paths[data.draw(st.integers(0, len(paths) - 1))]
    encode_agree(node, _replace(v, path, data.draw(JUNK)))


# ---------------------------------------------------------------------------
# Engine bugs found by these properties (see the report; none is xfail).


def test_oid_limits_apply_to_already_seen_oids():
    """The OID decode cache is consulted before max_oid_arcs /
    max_oid_arc_octets are checked, so once an OID has been decoded under
    generous limits, the same bytes pass any later, stricter limits."""
    node = ObjectIdentifier().node()
    data = _ber_pure.encode(node, "1.2.840.424242.1.2.3.4.5.6.7")
    strict = L.replace(max_oid_arcs=4)
    for e in ENGINES:
        e.decode(node, data, L)
        with pytest.raises(DecodeError, match="too many object identifier arcs"):
            e.decode(node, data, strict)
    data = _ber_pure.encode(node, "1.2.%d" % (2 ** 60 + 424242))
    strict = L.replace(max_oid_arc_octets=3)
    for e in ENGINES:
        e.decode(node, data, L)
        with pytest.raises(DecodeError, match="object identifier arc too long"):
            e.decode(node, data, strict)


@pytest.mark.parametrize("value", [[1, 2], {"1.2": 1}])
def test_encode_oid_unhashable_value_raises_encode_error(value):
    """Pure engine: the OID encode cache is looked up before the type check,
    so an unhashable value raises TypeError (compiled: EncodeError)."""
    node = ObjectIdentifier().node()
    outs = [encode_outcome(e, node, value) for e in ENGINES]
    assert outs[0][0] == "err" and all(o == outs[0] for o in outs), outs


def test_encode_choice_unhashable_alternative_raises_encode_error():
    """Pure engine: ``node.by_key.get(name)`` with an unhashable name raises
    TypeError (compiled: EncodeError "unknown alternative")."""
    node = NAMED["Alt"].node()
    outs = [encode_outcome(e, node, (["p"], "x")) for e in ENGINES]
    assert outs[0][0] == "err" and all(o == outs[0] for o in outs), outs


def test_encode_octet_string_bytes_subclass_engines_agree():
    """Pure accepts any bytes instance (isinstance); compiled only exact
    bytes/bytearray/memoryview, and refuses a bytes subclass."""
    class Blob(bytes):
        pass
    node = OctetString().node()
    outs = [encode_outcome(e, node, Blob(b"ab")) for e in ENGINES]
    assert all(o == outs[0] for o in outs), outs


@pytest.mark.parametrize("text", [b"00010101000000+0100", b"99991231235959-0100"])
def test_reencode_decoded_time_near_datetime_range_edge(text):
    """The decoder accepts a GeneralizedTime whose offset puts the UTC
    instant outside datetime's range; re-encoding it converts to UTC and
    raises OverflowError instead of EncodeError (both engines)."""
    node = GeneralizedTime().node()
    data = bytes([0x18, len(text)]) + text
    for e in ENGINES:
        v = e.decode(node, data, L)
        with pytest.raises(EncodeError):
            e.encode(node, v)


@pytest.mark.parametrize("offset", [-1, 4, 100])
def test_decode_from_offset_outside_data_engines_agree(offset):
    """decode_from with an offset outside the data: compiled raises
    ValueError("offset outside the data"); pure raises DecodeError, and for
    a negative offset reads from the end of the buffer."""
    node = Integer().node()
    data = H("020105")
    outs = []
    for e in ENGINES:
        try:
            outs.append(("ok", e.decode_from(node, data, offset, L)))
        except Exception as err:  # noqa: BLE001 - comparing the two
            outs.append((type(err).__name__, str(err)))
    assert all(o == outs[0] for o in outs), outs


def test_named_bit_string_huge_bit_number_raises_encode_error():
    """A named BIT STRING value with an absurd bit number must be refused
    with EncodeError (SIZE(0..16) here); pure raises MemoryError building
    the mask, compiled OverflowError."""
    node = BitString(named={"a": 0}, size=(0, 16)).node()
    for e in ENGINES:
        with pytest.raises(EncodeError):
            e.encode(node, frozenset({2 ** 64}))


@pytest.mark.parametrize("extra", [False, 5, "x", b"\x05\x00"])
def test_encode_extra_not_a_list_raises_encode_error(extra):
    """``_extra`` must be a list of TLVs; anything else is an EncodeError
    from both engines."""
    node = NAMED["ExtSeq"].node()
    outs = [encode_outcome(e, node, {"a": 1, "_extra": extra}) for e in ENGINES]
    assert outs[0][0] == "err" and all(o == outs[0] for o in outs), outs


def test_encode_extra_none_means_absent():
    """None means absent for every component (the value model), _extra too."""
    node = NAMED["ExtSeq"].node()
    outs = [encode_outcome(e, node, {"a": 1, "_extra": None}) for e in ENGINES]
    plain = [encode_outcome(e, node, {"a": 1}) for e in ENGINES]
    assert outs == plain and outs[0][0] != "err", outs


def test_default_given_as_equal_set_is_omitted():
    """DER leaves out a DEFAULT value; the encoder compares with
    ``type(x) is type(default)``, so set() for a frozenset() default (equal
    in Python) is encoded, and encode(decode(b)) != b for that b."""
    node = NAMED["Prims"].node()
    canonical = _ber_pure.encode(node, {"b": True, "i": 1})
    for e in ENGINES:
        assert e.encode(node, {"b": True, "i": 1, "nbs": set()}) == canonical, e.IMPLEMENTATION
