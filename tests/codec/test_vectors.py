"""Byte vectors for every primitive and every form, on both engines."""
import datetime as dt

import pytest

from x400fast.asn1 import (
    C, Any, BitString, BMPString, Boolean, Choice, Enumerated, External,
    GeneralizedTime, GeneralString, GraphicString, IA5String, Integer, Module,
    Null, NumericString, ObjectDescriptor, ObjectIdentifier, OctetString,
    PrintableString, Sequence, SequenceOf, Set, SetOf, TeletexString,
    UniversalString, UTCTime, UTF8String, VideotexString, VisibleString,
)
from x400fast.errors import DecodeError, EncodeError, SchemaError
from x400fast.limits import DEFAULT_LIMITS as L

UTC = dt.timezone.utc
H = bytes.fromhex


def roundtrip(engine, t, value, encoding):
    node = t.node()
    assert engine.encode(node, value) == encoding
    assert engine.decode(node, encoding, L) == value


PRIMITIVES = [
    (Boolean(), True, "0101ff"),
    (Boolean(), False, "010100"),
    (Integer(), 0, "020100"),
    (Integer(), 127, "02017f"),
    (Integer(), 128, "02020080"),
    (Integer(), 256, "02020100"),
    (Integer(), -1, "0201ff"),
    (Integer(), -128, "020180"),
    (Integer(), -129, "0202ff7f"),
    (Integer(), 2 ** 63, "0209008000000000000000"),
    (Integer(), -(2 ** 63), "02088000000000000000"),
    (Integer(), 2 ** 64 + 5, "0209010000000000000005"),
    (Null(), None, "0500"),
    (ObjectIdentifier(), "2.6.1.4.14", "06045601040e"),
    (ObjectIdentifier(), "1.2.840.113549", "06062a864886f70d"),
    (ObjectIdentifier(), "0.0", "060100"),
    (ObjectIdentifier(), "2.999.3", "0603883703"),
    (Enumerated({"normal": 0, "urgent": 2}), "urgent", "0a0102"),
    (Enumerated({"normal": 0, "urgent": 2}), 7, "0a0107"),
    (BitString(), (b"", 0), "030100"),
    (BitString(), (b"\xa0", 3), "030205a0"),
    (BitString(), (b"\xff\x80", 9), "030307ff80"),
    (BitString(named={"a": 0, "b": 1, "j": 9}), frozenset({"a", "j"}), "0303068040"),
    (BitString(named={"a": 0, "b": 1}), frozenset(), "030100"),
    (BitString(named={"a": 0, "b": 1}, size=(4, None)), frozenset({"b"}), "03020440"),
    (OctetString(), b"", "0400"),
    (OctetString(), b"\x00\x01\xff", "04030001ff"),
    (NumericString(), "0123 9", "12063031323320 39".replace(" 39", "39")),
    (PrintableString(), "Isode Ltd. (UK)", "130f49736f6465204c74642e2028554b29"),
    (TeletexString(), "caf\xe9", "14046361 66e9".replace(" ", "")),
    (VideotexString(), "x", "150178"),
    (IA5String(), "a@b\n", "160461406 20a".replace(" ", "")),
    (GraphicString(), "g", "190167"),
    (VisibleString(), "v~", "1a02767e"),
    (GeneralString(), "\xfc", "1b01fc"),
    (UniversalString(), "\u20ac", "1c04000020ac"),
    (BMPString(), "\u20ac!", "1e0420ac0021"),
    (UTF8String(), "\u20ac", "0c03e282ac"),
    (ObjectDescriptor(), "desc", "070464657363"),
    (UTCTime(), dt.datetime(2026, 11, 22, 3, 44, 5, tzinfo=UTC), "170d3236313132323033343430355a"),
    (UTCTime(), dt.datetime(1999, 1, 2, 3, 4, 5, tzinfo=UTC), "170d3939303130323033303430355a"),
    (GeneralizedTime(), dt.datetime(2026, 11, 22, 3, 44, 5, tzinfo=UTC), "180f32303236313132323033343430355a"),
    (GeneralizedTime(), dt.datetime(2026, 11, 22, 3, 44, 5, 500000, tzinfo=UTC),
     "181132303236313132323033343430352e355a"),
]


@pytest.mark.parametrize("t,value,hexenc", PRIMITIVES,
                         ids=["%s-%d" % (type(p[0]).__name__, i) for i, p in enumerate(PRIMITIVES)])
def test_primitive_vectors(engine, t, value, hexenc):
    roundtrip(engine, t, value, H(hexenc))


@pytest.mark.parametrize("t,encoding,value", [
    # BER forms accepted on decode (non-canonical: not re-encoded the same)
    (Boolean(), "010101", True),
    (OctetString(), "2480040261620401630000", b"abc"),            # indefinite constructed
    (OctetString(), "240a04026162240404026364", b"abcd"),          # nested segments
    (OctetString(), "24080402616204026364", b"abcd"),              # definite constructed
    (IA5String(), "3680040261620000", "ab"),                       # constructed string
    (BitString(), "23800303006162030206c00000", (b"ab\xc0", 18)),  # constructed bit string
    (Integer(), "0281010a", 10),                                    # non-minimal length
    (UTCTime(), "170b323631313232303334345a", dt.datetime(2026, 11, 22, 3, 44, tzinfo=UTC)),
    (UTCTime(), "17113236313132323033343430352b30313030",
     dt.datetime(2026, 11, 22, 3, 44, 5, tzinfo=dt.timezone(dt.timedelta(hours=1)))),
    (GeneralizedTime(), "180a32303236313132323033",
     dt.datetime(2026, 11, 22, 3, tzinfo=UTC)),                    # no zone: taken as UTC
])
def test_ber_forms_decode(engine, t, encoding, value):
    data = H(encoding)
    if value is None:
        with pytest.raises(DecodeError):
            engine.decode(t.node(), data, L)
        return
    assert engine.decode(t.node(), data, L) == value


def test_generalized_time_fraction_and_offset(engine):
    data = b"\x18\x17" + b"20261122034405.123-0500"
    assert len(data) == 25
    v = engine.decode(GeneralizedTime().node(), data, L)
    assert v == dt.datetime(2026, 11, 22, 8, 44, 5, 123000, tzinfo=UTC)
    assert v.utcoffset() == dt.timedelta(hours=-5)
    # re-encoded canonically in UTC
    assert engine.encode(GeneralizedTime().node(), v) == b"\x18\x13" + b"20261122084405.123Z"


M = Module("Vectors", tagging="IMPLICIT")
MX = Module("VectorsExplicit", tagging="EXPLICIT")
M.define("CountryName", Choice(
    C("x121-dcc-code", NumericString(size=3)),
    C("iso-3166-alpha2-code", PrintableString(size=2))), tag="[APPLICATION 1]")
M.define("Rec", Sequence(
    C("country", "CountryName"),
    C("number", Integer(), tag="[0]", optional=True),
    C("names", SequenceOf(PrintableString(), size=(1, 4)), tag="[1]", optional=True),
    C("flag", Boolean(), default=False),
    C("big", Integer(), tag="[PRIVATE 200]", optional=True),
    C("open", Any(), tag="[2]", optional=True),
))
M.define("Hdr", Set(
    C("z", Integer(), tag="[2]"),
    C("y", Boolean(), tag="[1]", optional=True),
    C("c", "CountryName"),
    C("imp", "Importance", default="normal"),
))
M.define("Importance", Enumerated({"low": 0, "normal": 1, "high": 2}))
M.define("Ext", Sequence(C("a", Integer()), extensible=True))
M.define("ExtSet", Set(C("a", Integer(), tag="[0]"), extensible=True))
M.define("Alt", Choice(C("i", Integer()), C("s", IA5String()), extensible=True))
M.define("Id", Sequence(C("v", Integer())), tag="[APPLICATION 4]")
M.define("IdList", SetOf("Id"))
MX.define("Wrapped", Sequence(
    C("a", Integer(), tag="[0]"),
    C("b", Integer(), tag="[1] IMPLICIT", optional=True),
    C("c", Choice(C("x", Integer(), tag="[0]"), C("y", Null(), tag="[1]")), tag="[2]", optional=True),
))
MX.define("Filter", Choice(
    C("item", Integer(), tag="[0]"),
    C("and", SetOf("Filter"), tag="[1]"),
    C("not", "Filter", tag="[2]"),
))


@pytest.mark.parametrize("name,value,hexenc", [
    ("Rec", {"country": ("iso_3166_alpha2_code", "GB"), "flag": False}, "3006610413024742"),
    ("Rec", {"country": ("x121_dcc_code", "234"), "number": 5, "names": ["a", "b"],
             "flag": True, "big": 1, "open": H("0500"), },
     "301e 6105120332 3334 800105 a106130161130162 0101ff df81480101 a2020500".replace(" ", "")),
    ("Hdr", {"z": 1, "y": True, "c": ("iso_3166_alpha2_code", "GB"), "imp": "high"},
     "310f 0a0102 610413024742 8101ff 820101".replace(" ", "")),
    ("Id", {"v": 3}, "6403020103"),
    ("IdList", [{"v": 3}, {"v": 1}], "310a64030201036403020101"),
    ("Wrapped", {"a": 1, "b": 2, "c": ("y", None)}, "300e a003020101 810102 a204a1020500".replace(" ", "")),
    ("Filter", ("and", [("item", 1), ("not", ("item", 2))]), "a10e 310c a003020101 a205a003020102".replace(" ", "")),
])
def test_constructed_vectors(engine, name, value, hexenc):
    mod = M if name in M else MX
    node = mod[name].node()
    data = H(hexenc)
    assert engine.encode(node, value) == data
    got = engine.decode(node, data, L)
    expected = dict(value) if isinstance(value, dict) else value
    if name == "Rec":
        expected.setdefault("flag", False)
    assert got == expected


def test_default_omitted_and_filled(engine):
    node = M["Hdr"].node()
    data = engine.encode(node, {"z": 1, "c": ("x121_dcc_code", "123"), "imp": "normal"})
    assert b"\x0a" not in data[2:]
    assert engine.decode(node, data, L)["imp"] == "normal"


def test_set_any_order_and_canonical_encode(engine):
    node = M["Hdr"].node()
    shuffled = H("310f 820101 8101ff 0a0102 610413024742".replace(" ", ""))
    v = engine.decode(node, shuffled, L)
    assert v == {"z": 1, "y": True, "c": ("iso_3166_alpha2_code", "GB"), "imp": "high"}
    assert engine.encode(node, v) == H("310f 0a0102 610413024742 8101ff 820101".replace(" ", ""))


def test_set_duplicate_and_missing(engine):
    node = M["Hdr"].node()
    with pytest.raises(DecodeError, match="duplicate component z"):
        engine.decode(node, H("3106820101820101"), L)
    with pytest.raises(DecodeError, match="missing component c"):
        engine.decode(node, H("3103820101"), L)


def test_extensibility_keeps_unknown(engine):
    node = M["Ext"].node()
    data = H("300c020101 8a0161 bf1f03020102".replace(" ", ""))
    v = engine.decode(node, data, L)
    assert v == {"a": 1, "_extra": [H("8a0161"), H("bf1f03020102")]}
    assert engine.encode(node, v) == data
    sn = M["ExtSet"].node()
    data = H("3107 800101 9f2101ff".replace(" ", ""))
    v = engine.decode(sn, data, L)
    assert v == {"a": 1, "_extra": [H("9f2101ff")]}
    assert engine.encode(sn, v) == H("3107 800101 9f2101ff".replace(" ", ""))
    cn = M["Alt"].node()
    assert engine.decode(cn, H("800100"), L) == ("_extra", H("800100"))
    assert engine.encode(cn, ("_extra", H("800100"))) == H("800100")


def test_non_extensible_rejects_unknown(engine):
    node = M["Rec"].node()
    with pytest.raises(DecodeError, match="unexpected tag"):
        engine.decode(node, H("3009610413024742 8a0161".replace(" ", "")), L)
    with pytest.raises(EncodeError, match="unknown components"):
        engine.encode(node, {"country": ("iso_3166_alpha2_code", "GB"), "_extra": [H("0500")]})


def test_indefinite_constructed(engine):
    node = M["Rec"].node()
    data = H("3080 6180130247420000 a1801301610000 0000".replace(" ", ""))
    assert engine.decode(node, data, L) == {
        "country": ("iso_3166_alpha2_code", "GB"), "names": ["a"], "flag": False}


def test_external(engine):
    node = External.node()
    v = {"direct_reference": "2.1.1", "indirect_reference": 3,
         "encoding": ("single_asn1_type", H("0500"))}
    data = engine.encode(node, v)
    assert data == H("280b 0602 5101 020103 a0020500".replace(" ", ""))
    assert engine.decode(node, data, L) == v
    v2 = {"indirect_reference": 1, "encoding": ("octet_aligned", b"xy")}
    assert engine.decode(node, engine.encode(node, v2), L) == v2


def test_high_tag_numbers(engine):
    m = Module("High", tagging="IMPLICIT")
    m.define("T", Sequence(C("a", Integer(), tag="[31]"), C("b", Integer(), tag="[APPLICATION 16383]"),
                           C("c", Integer(), tag="[PRIVATE 268435455]")))
    node = m["T"].node()
    data = engine.encode(node, {"a": 1, "b": 2, "c": 3})
    assert data == H("3010 9f1f0101 5fff7f0102 dfffffff7f0103".replace(" ", ""))
    assert engine.decode(node, data, L) == {"a": 1, "b": 2, "c": 3}


def test_read_header(engine):
    assert engine.read_header(H("3080"), 0) == (0, True, 16, 2, -1)
    assert engine.read_header(H("9f1f0101"), 0) == (0x80, False, 31, 3, 1)
    assert engine.read_header(memoryview(H("0004820100")), 2) == (0x80, False, 2, 2, 1)


def test_memoryview_and_bytearray_input(engine):
    node = M["Rec"].node()
    data = H("3006610413024742")
    for d in (memoryview(data), bytearray(data), memoryview(b"xx" + data)[2:]):
        assert engine.decode(node, d, L)["country"] == ("iso_3166_alpha2_code", "GB")


def test_decode_from_offsets(engine):
    node = Integer().node()
    data = H("020101020102")
    assert engine.decode_from(node, data, 0, L) == (1, 3)
    assert engine.decode_from(node, data, 3, L) == (2, 6)


@pytest.mark.parametrize("t,value,message", [
    (Integer(), "5", "INTEGER value must be int"),
    (Integer(), True, "INTEGER value must be int"),
    (Integer(range=(0, 10)), 11, "outside the range"),
    (Boolean(), 1, "BOOLEAN value must be bool"),
    (Null(), 0, "NULL value must be None"),
    (PrintableString(), "a@b", "character outside"),
    (NumericString(), "12a", "character outside"),
    (IA5String(), "\xe9", "character outside"),
    (TeletexString(), "\u20ac", "character outside"),
    (BMPString(), "\U0001f600", "character outside"),
    (PrintableString(size=(1, 2)), "abc", "length 3 outside SIZE(1..2)"),
    (OctetString(size=(2, 2)), b"a", "outside SIZE"),
    (OctetString(), "text", "must be bytes"),
    (ObjectIdentifier(), "3.1", "bad object identifier"),
    (ObjectIdentifier(), "1.40", "bad object identifier"),
    (ObjectIdentifier(), "1", "bad object identifier"),
    (ObjectIdentifier(), "1.2.x", "bad object identifier"),
    (ObjectIdentifier(), "1.2.-3", "bad object identifier"),
    (Enumerated({"a": 0}), "b", "unknown enumeration"),
    (BitString(named={"a": 0}), {"zz"}, "unknown bit"),
    (BitString(named={"a": 0, "b": 9}, size=(0, 8)), {"b"}, "outside SIZE"),
    (BitString(), (b"\x00", 9), "do not fit"),
    (UTCTime(), dt.datetime(2026, 1, 1), "timezone-aware"),
    (UTCTime(), dt.datetime(2050, 1, 1, tzinfo=UTC), "outside 1950..2049"),
    (GeneralizedTime(), "2026", "must be a datetime"),
    (Any(), b"\x02\x05\x01", "not one BER value"),
    (Any(), b"\x02\x01\x01\x00", "trailing data"),
    (SequenceOf(Integer(), size=(1, 2)), [], "0 elements outside SIZE(1..2)"),
    (SequenceOf(Integer()), {1}, "must be a list"),
])
def test_encode_errors(engine, t, value, message):
    with pytest.raises(EncodeError, match=message.replace("(", r"\(").replace(")", r"\)")):
        engine.encode(t.node(), value)


def test_encode_error_paths(engine):
    node = M["Rec"].node()
    with pytest.raises(EncodeError) as ei:
        engine.encode(node, {"country": ("iso_3166_alpha2_code", "G!")})
    assert ei.value.path == ("Rec", "country", "iso_3166_alpha2_code")
    with pytest.raises(EncodeError) as ei:
        engine.encode(node, {"country": ("x121_dcc_code", "123"), "names": ["ok", "b@d"]})
    assert ei.value.path == ("Rec", "names", "[1]")
    with pytest.raises(EncodeError, match="missing component country"):
        engine.encode(node, {})
    with pytest.raises(EncodeError, match="unknown component colour, nmbr"):
        engine.encode(node, {"country": ("x121_dcc_code", "123"), "nmbr": 1, "colour": 2})
    with pytest.raises(EncodeError, match="unknown alternative"):
        engine.encode(node, {"country": ("iso", "GB")})
    with pytest.raises(EncodeError, match="must be a dict"):
        engine.encode(node, [1])


def test_none_means_absent(engine):
    node = M["Rec"].node()
    assert engine.encode(node, {"country": ("iso_3166_alpha2_code", "GB"), "number": None}) == \
        H("3006610413024742")


def test_decode_error_path_and_offset(engine):
    node = M["Rec"].node()
    data = H("300b 610413024742 a103 13012a".replace(" ", ""))
    # names[0] = "*" is not a PrintableString character
    with pytest.raises(DecodeError) as ei:
        engine.decode(node, data, L)
    e = ei.value
    assert e.reason == "character outside PrintableString"
    assert e.path == ("Rec", "names", "[0]")
    assert e.offset == 12
    assert str(e) == "character outside PrintableString at offset 12 in Rec.names.[0]"
    assert isinstance(e, ValueError)


def test_schema_errors():
    m = Module("Bad", tagging="IMPLICIT")
    m.define("Clash", Set(C("a", Integer()), C("b", Integer())))
    with pytest.raises(SchemaError, match="tag clash"):
        m["Clash"].node()
    m.define("Ambiguous", Sequence(C("a", Integer(), optional=True), C("b", Integer())))
    with pytest.raises(SchemaError, match="ambiguous"):
        m["Ambiguous"].node()
    m.define("Unknown", Sequence(C("a", "Nowhere")))
    with pytest.raises(SchemaError, match="unknown type"):
        m["Unknown"].node()
    with pytest.raises(SchemaError, match="bad tag"):
        C("a", Integer(), tag="[x]")
    with pytest.raises(SchemaError, match="duplicate component"):
        Sequence(C("a", Integer()), C("a", Boolean()))
    with pytest.raises(SchemaError, match="defined twice"):
        m.define("Clash", Integer())


def test_tagging_defaults():
    """An implicit module replaces tags, except on CHOICE/ANY; an explicit one wraps."""
    from x400fast import _ber_pure as e
    m = Module("I", tagging="IMPLICIT")
    m.define("T", Sequence(C("a", Integer(), tag="[0]"), C("b", Any(), tag="[1]"),
                           C("c", Choice(C("x", Integer())), tag="[2]")))
    assert e.encode(m["T"].node(), {"a": 1, "b": H("0500"), "c": ("x", 2)}) == \
        H("300c 800101 a1020500 a203020102".replace(" ", ""))
    x = Module("X", tagging="EXPLICIT")
    x.define("T", Sequence(C("a", Integer(), tag="[0]"), C("b", Integer(), tag="[1] IMPLICIT")))
    assert e.encode(x["T"].node(), {"a": 1, "b": 2}) == H("3008 a003020101 810102".replace(" ", ""))


def test_snake_case_keys():
    from x400fast.asn1 import snake
    assert snake("this-IPM") == "this_ipm"
    assert snake("invokeId") == "invoke_id"
    assert snake("mTA-name") == "mta_name"
    assert snake("built-in-standard-attributes") == "built_in_standard_attributes"
    assert snake("iso-3166-alpha2-code") == "iso_3166_alpha2_code"
    assert snake("toBeSigned") == "to_be_signed"


def test_components_of(engine):
    from x400fast.asn1 import ComponentsOf
    a = Module("A", tagging="IMPLICIT")
    b = Module("B", tagging="EXPLICIT")
    b.define("Common", Sequence(C("x", Integer(), tag="[0]"), C("y", Boolean(), tag="[1]", optional=True)))
    a.imports(b)
    a.define("Full", Sequence(ComponentsOf("Common"), C("z", Integer(), tag="[2]")))
    node = a["Full"].node()
    # x and y keep B's explicit tagging; z takes A's implicit default
    data = engine.encode(node, {"x": 1, "y": True, "z": 3})
    assert data == H("300d a003020101 a1030101ff 820103".replace(" ", ""))
    assert engine.decode(node, data, L) == {"x": 1, "y": True, "z": 3}


M.define("WithChoice", Set(
    C("a", Integer(), tag="[3]"),
    C("ct", Choice(C("built-in", Integer(), tag="[APPLICATION 6]"),
                   C("ctx", Integer(), tag="[0]"))),
    C("b", Boolean(), tag="[1]", optional=True),
))
M.define("WithDefaults", Sequence(C("xs", SequenceOf(Integer()), default=[]),
                                  C("d", Integer(), default=3)))


def test_der_set_order_follows_chosen_alternative(engine):
    """X.690 10.3: an untagged CHOICE sorts by the tag of the alternative chosen."""
    node = M["WithChoice"].node()
    ctx = engine.encode(node, {"a": 1, "ct": ("ctx", 2), "b": True})
    assert ctx == H("3109 800102 8101ff 830101".replace(" ", ""))
    app = engine.encode(node, {"a": 1, "ct": ("built_in", 2), "b": True})
    assert app == H("3109 460102 8101ff 830101".replace(" ", ""))
    assert engine.decode(node, ctx, L)["ct"] == ("ctx", 2)


def test_mutable_defaults_are_not_shared(engine):
    node = M["WithDefaults"].node()
    first = engine.decode(node, H("3000"), L)
    assert first == {"xs": [], "d": 3}
    first["xs"].append(1)
    assert engine.decode(node, H("3000"), L) == {"xs": [], "d": 3}


M.define("MidDefault", Sequence(C("a", Integer(), tag="[0]"),
                                C("v", Integer(), tag="[1]", default=1),
                                C("b", Integer(), tag="[2]")))


def test_default_in_the_middle_is_filled(engine):
    node = M["MidDefault"].node()
    data = H("3006 800105 820107".replace(" ", ""))
    assert engine.decode(node, data, L) == {"a": 5, "v": 1, "b": 7}
    assert engine.encode(node, {"a": 5, "v": 1, "b": 7}) == data


def test_bit_string_padding_bits_are_zeroed(engine):
    node = BitString().node()
    assert engine.decode(node, H("030206ff"), L) == (b"\xc0", 2)
    assert engine.encode(node, (b"\xff", 2)) == H("030206c0")
