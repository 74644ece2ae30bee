"""Body parts of the message model: text (IA5 and general text), file
transfer, forwarded messages, bilaterally-defined octets and the raw
fallback, on both BER engines.

Byte vectors follow ipms.md 3-4 (IA5 ``A0 {31 .. 16 ..}``, extended body
part ``AF { A0 {06 A0{..}} 28 {06 A0{..}} }``, bilaterally-defined ``8E``);
the general-text and file-transfer vectors were also dissected by tshark
4.0 inside a P3 submission (see test_model_interop.py) without any warning.
"""
from __future__ import annotations

import datetime as dt
import json
import os
from typing import Any

import pytest

from x400fast import ber
from x400fast.asn1 import x420
from x400fast.errors import DecodeError, InvalidField, UnexpectedContent
from x400fast.message import (BinaryBody, BodyPart, FileBody, ForwardedMessage, Message,
                              MTSIdentifier, ORAddress, ORName, TextBody, UnknownBody)

H = bytes.fromhex
UTC = dt.timezone.utc
T0 = dt.datetime(2024, 5, 17, 9, 30, 5, tzinfo=UTC)
T1 = dt.datetime(2024, 5, 18, 17, 0, 0, tzinfo=UTC)
ALICE = "/CN=Alice/O=Isode/PRMD=Isode/ADMD= /C=GB/"
BOB = "/CN=Bob/O=Isode/PRMD=Isode/ADMD= /C=GB/"
BP = x420.ipms["BodyPart"]


@pytest.fixture
def codec(engine: Any, monkeypatch: Any) -> Any:
    monkeypatch.setattr(ber, "engine", engine)
    return engine


def again(part: BodyPart) -> BodyPart:
    data = part.to_ber()
    back = BodyPart.from_ber(data)
    assert back.raw == data
    return back


def in_message(*parts: Any) -> Message:
    m = Message(originator=ALICE, to=[BOB], body=list(parts))
    back = Message.from_submission(m.submission_ber())
    assert back == m
    return back


# ---------------------------------------------------------------------------
# Text


def test_ascii_text_is_an_ia5_body_part(codec: Any) -> None:
    t = TextBody("Hello")
    assert t.to_ber() == H("a009 3100 1605 48656c6c6f".replace(" ", ""))
    assert again(t) == t and t.effective_charset == "ia5"
    assert t.eits() == frozenset({"ia5-text"})
    ita2 = TextBody("Hello", charset="ita2")
    assert ita2.to_ber() == H("a00c 3103 800102 1605 48656c6c6f".replace(" ", ""))
    assert again(ita2) == ita2
    forced = TextBody("Hello", charset="ASCII")
    assert forced.charset == "ia5" and again(forced) == TextBody("Hello")


# AF { A0 { 06 id-ep-general-text, A0 { 31 {1, 6, 100} } },
#      28 { 06 id-et-general-text, A0 { 1B ESC!@ ESC(B ESC-A "Grüße" } } }
GENERAL_TEXT_LATIN1 = H(
    "af2f"
    "a013060456010b0ba00b3109020101020106020164"
    "281806045601040ba0101b0e1b21401b28421b2d414772fcdf65")


def test_non_ascii_text_goes_to_general_text_and_back(codec: Any) -> None:
    t = TextBody("Grüße")
    assert t.effective_charset == "iso-8859-1"
    assert t.to_ber() == GENERAL_TEXT_LATIN1
    back = again(t)
    assert back == t and back.charset is None and back.text == "Grüße"
    assert t.eits() == frozenset({"1.0.10021.7.1.0.1", "1.0.10021.7.1.0.6",
                                  "1.0.10021.7.1.0.100"})
    assert in_message(t, TextBody("plain")).text == "Grüße\nplain"


@pytest.mark.parametrize("text,charset,registration", [
    ("Zażółć gęślą jaźń", "iso-8859-2", 101),
    ("Привет, мир", "iso-8859-5", 144),
    ("Καλημέρα", "iso-8859-7", 126),
    ("10 €", "iso-8859-15", 203),
    ("Günaydın", "iso-8859-9", 148),
])
def test_right_repertoire_is_chosen(codec: Any, text: str, charset: str,
                                    registration: int) -> None:
    t = TextBody(text)
    assert t.effective_charset == charset
    value = BP.decode(t.to_ber())
    params = x420.ipms_ebpt2["GeneralTextParameters"].decode(
        value[1]["parameters"]["encoding"][1])
    assert params == [1, 6, registration]
    assert "1.0.10021.7.1.0.%d" % registration in t.eits()
    assert again(t) == t


def test_charset_option(codec: Any) -> None:
    t = TextBody("plain ascii", charset="latin2")
    assert t.charset == "iso-8859-2"
    back = again(t)
    assert back == t and back.charset == "iso-8859-2"     # not the automatic choice
    assert TextBody("x", charset="ISO_8859-1").charset == "iso-8859-1"
    assert TextBody("x", charset="l1").charset == "iso-8859-1"
    with pytest.raises(InvalidField):
        TextBody("x", charset="klingon")
    with pytest.raises(InvalidField) as ei:
        TextBody("Grüße", charset="ia5").to_asn1("body[3]")
    assert ei.value.field == "body[3]"
    with pytest.raises(InvalidField):
        TextBody("Привет", charset="iso-8859-1").to_ber()
    cjk = TextBody("漢字")
    assert cjk.effective_charset is None
    with pytest.raises(InvalidField):
        cjk.to_ber()
    with pytest.raises(InvalidField):
        TextBody(b"bytes")  # type: ignore[arg-type]


def general_text(octets: bytes, registrations: Any) -> bytes:
    gt = x420.ipms_ebpt2
    return BP.encode(("extended", {
        "parameters": {"direct_reference": x420.id_ep_general_text,
                       "encoding": ("single_asn1_type",
                                    gt["GeneralTextParameters"].encode(registrations))},
        "data": {"direct_reference": x420.id_et_general_text,
                 "encoding": ("single_asn1_type",
                              gt["GeneralTextData"].encode(octets.decode("latin-1")))}}))


def test_general_text_from_other_senders(codec: Any) -> None:
    # Raw ISO 8859 octets without designations: the parameters say which.
    t = BodyPart.from_ber(general_text("Łódź".encode("iso8859_2"), [1, 6, 101]))
    assert t == TextBody("Łódź") and t.effective_charset == "iso-8859-2"
    t = BodyPart.from_ber(general_text("caf\xe9".encode("latin-1"), [1, 6, 203]))
    assert t == TextBody("café", charset="iso-8859-15")
    # A designation switches the repertoire mid-text; C0/G0 ones are dropped.
    octets = (b"\x1b\x2d\x41caf\xe9 " + b"\x1b\x2d\x4c\xbf\xe0\xd8\xd2\xd5\xe2"
              + b"\x1b\x24\x29\x43")         # an unknown designation is skipped
    t = BodyPart.from_ber(general_text(octets, [1, 6, 100, 144]))
    assert t.text == "café Привет"
    # No parameters at all, octets of Latin-1.
    t = BodyPart.from_ber(BP.encode(("extended", {"data": {
        "direct_reference": x420.id_et_general_text,
        "encoding": ("octet_aligned", "naïve".encode("latin-1"))}})))
    assert t.text == "naïve"
    # The extended IA5 text body part.
    t = BodyPart.from_ber(BP.encode(("extended", {"data": {
        "direct_reference": x420.id_et_ia5_text,
        "encoding": ("single_asn1_type", x420.ipms["IA5TextData"].encode("hi"))}})))
    assert t == TextBody("hi")


def test_a_part_that_does_not_read_as_its_kind_is_kept_whole(codec: Any) -> None:
    # General text whose data is an INTEGER: still a valid BodyPart.
    data = BP.encode(("extended", {"data": {"direct_reference": x420.id_et_general_text,
                                            "encoding": ("single_asn1_type", H("020105"))}}))
    part = BodyPart.from_ber(data)
    assert isinstance(part, UnknownBody) and part.to_ber() == data
    assert part.kind == "general-text"


# ---------------------------------------------------------------------------
# Binary, unknown


def test_binary_body(codec: Any) -> None:
    b = BinaryBody(b"\x00\x01")
    assert b.to_ber() == H("8e020001") and again(b) == b
    assert b.eits() == frozenset({"unknown"})
    assert BinaryBody(bytearray(b"x")).data == b"x"
    with pytest.raises(InvalidField):
        BinaryBody("text")  # type: ignore[arg-type]


# Teletex body part [5] with an indefinite length (BER, not DER): kept as sent.
TELETEX_BER = H("a580 3100 3080 1405 7061676531 1405 7061676532 0000 0000".replace(" ", ""))
# A tag X.420 (1999) does not define ([1], once telex).
OLD_TAG = H("a103160141")


def test_unknown_body_parts_are_resent_byte_for_byte(codec: Any) -> None:
    tt = BodyPart.from_ber(TELETEX_BER)
    assert isinstance(tt, UnknownBody) and tt.kind == "teletex"
    assert tt.value == ("basic", ("teletex", {"parameters": {"telex_compatible": False},
                                              "data": ["page1", "page2"]}))
    assert tt.to_ber() == TELETEX_BER and tt.eits() == frozenset({"teletex"})
    old = BodyPart.from_ber(OLD_TAG)
    assert isinstance(old, UnknownBody) and old.kind == "unknown"
    assert old.value == ("_extra", OLD_TAG)
    voice = UnknownBody.from_value(("extended", {
        "parameters": {"direct_reference": x420.id_ep_voice, "encoding": (
            "single_asn1_type", x420.ipms_voice["VoiceParameters"].encode(
                {"voice_encoding_type": x420.id_voice_g711_mu_law}))},
        "data": {"direct_reference": x420.id_et_voice,
                 "encoding": ("single_asn1_type", H("0403010203"))}}))
    assert voice.kind == "voice" and voice.data_oid == x420.id_et_voice
    assert voice.eits() == frozenset({x420.id_eit_voice})
    content_part = UnknownBody.from_value(("extended", {"data": {
        "direct_reference": x420.id_et_content + ".2.6.1.10.1",
        "encoding": ("single_asn1_type", H("0400"))}}))
    assert content_part.kind == "content"
    odd = UnknownBody.from_value(("extended", {"data": {
        "direct_reference": "1.2.3.4", "encoding": ("octet_aligned", b"x")}}))
    assert odd.kind == "extended:1.2.3.4" and odd.eits() == frozenset({"unknown"})
    # Inside a message, the octets travel unchanged.
    m = Message(originator=ALICE, to=[BOB], body=[tt, old, voice])
    content = m.to_content()
    assert TELETEX_BER in content and OLD_TAG in content
    back = Message.from_content(content)
    assert back.body == [tt, old, voice] and back.body[0].raw == TELETEX_BER
    assert json.dumps(tt.to_json())


def test_from_ber_of_a_subclass_checks_the_kind(codec: Any) -> None:
    assert isinstance(TextBody.from_ber(TextBody("x").to_ber()), TextBody)
    with pytest.raises(UnexpectedContent):
        FileBody.from_ber(TextBody("x").to_ber())
    with pytest.raises(DecodeError):
        BodyPart.from_ber(H("a003"))
    with pytest.raises(DecodeError):
        BodyPart.from_ber(b"")


# ---------------------------------------------------------------------------
# File transfer


def test_file_body_with_every_attribute(codec: Any) -> None:
    f = FileBody(b"\x00\x01binary\xff", name="data.bin",
                 created=dt.datetime(2024, 1, 2, 3, 4, 5, 250000, tzinfo=UTC),
                 modified=T0, accessed=T1, size=4096,
                 contents_type=x420.id_ftam_unstructured_text,
                 application_reference="1.3.6.1.4.1.99999.1",
                 description="Quarterly figures",
                 other_parameters={"file_attributes": {"permitted_actions":
                                                       frozenset({"read", "insert"})},
                                   "compression": {"compression_algorithm_id": "1.2.3",
                                                   "compression_algorithm_param": H("0500")},
                                   "extensions": [{"type": "1.2.3.4", "value": H("0500")}]})
    back = again(f)
    assert back == f
    assert back.created.microsecond == 250000          # GeneralizedTime keeps fractions
    params = f.parameters()
    fa = params["file_attributes"]
    assert fa["pathname"] == ("incomplete_pathname", ["data.bin"])
    assert fa["object_size"] == ("actual_values", 4096)
    assert fa["permitted_actions"] == frozenset({"read", "insert"})
    assert params["environment"] == {
        "application_reference": ("registered_identifier", "1.3.6.1.4.1.99999.1"),
        "user_visible_string": ["Quarterly figures"]}
    assert params["contents_type"] == ("document_type", {
        "document_type_name": x420.id_ftam_unstructured_text})
    assert f.eits() == frozenset({x420.id_eit_file_transfer})
    assert in_message(f).body[0] == f
    described = FileBody(b"", application_reference="Spreadsheet")
    assert described.parameters()["environment"]["application_reference"] == (
        "descriptive_identifier", ["Spreadsheet"])
    assert again(described) == described


def test_file_body_defaults_and_wire_form(codec: Any) -> None:
    f = FileBody(b"abc", name="a.txt")
    value = BP.decode(f.to_ber())
    assert value[0] == "extended"
    ext = value[1]
    assert ext["parameters"]["direct_reference"] == x420.id_ep_file_transfer
    assert ext["data"]["direct_reference"] == x420.id_et_file_transfer
    chunks = x420.ipms_ftbp["FileTransferData"].decode(ext["data"]["encoding"][1])
    assert chunks == [{"direct_reference": "1.0.8571.5.3",
                       "encoding": ("octet_aligned", b"abc")}]
    params = x420.ipms_ftbp["FileTransferParameters"].decode(ext["parameters"]["encoding"][1])
    # FTAM-3 is the DEFAULT contents type: left out on the wire, filled on decode.
    assert params["contents_type"] == ("document_type",
                                       {"document_type_name": "1.0.8571.5.3"})
    assert params["file_attributes"]["object_size"] == ("actual_values", 3)
    back = again(f)
    assert back == f and back.size is None and back.contents_type == "1.0.8571.5.3"


def test_file_body_from_other_senders(codec: Any) -> None:
    ftbp = x420.ipms_ftbp
    params = {"contents_type": ("constraint_set_and_abstract_syntax", {
                  "constraint_set_name": "1.0.8571.6.2", "abstract_syntax_name": "1.0.8571.2.3"}),
              "file_attributes": {"pathname": ("complete_pathname", ["dir", "f.txt"]),
                                  "date_and_time_of_creation": ("no_value_available", None),
                                  "object_size": ("actual_values", 5)},
              "environment": {"user_visible_string": ["one", "two"]}}
    chunks = [{"direct_reference": "1.0.8571.2.3", "encoding": ("single_asn1_type",
                                                                 H("1903616263"))},
              {"direct_reference": "1.0.8571.2.3",
               "encoding": ("single_asn1_type", H("2480040164040165 0000".replace(" ", "")))},
              {"encoding": ("arbitrary", (b"", 0))}]
    data = BP.encode(("extended", {
        "parameters": {"direct_reference": x420.id_ep_file_transfer, "encoding": (
            "single_asn1_type", ftbp["FileTransferParameters"].encode(params))},
        "data": {"direct_reference": x420.id_et_file_transfer, "encoding": (
            "single_asn1_type", ftbp["FileTransferData"].encode(chunks))}}))
    f = BodyPart.from_ber(data)
    assert isinstance(f, FileBody)
    assert f.data == b"abcde" and f.name is None and f.contents_type is None
    assert f.other_parameters["contents_type"] == params["contents_type"]
    assert f.other_parameters["file_attributes"]["pathname"] == params["file_attributes"][
        "pathname"]
    assert f.description is None and f.size is None
    # Re-encoded, what it could not put in attributes is sent again.
    assert FileBody.from_ber(f.to_ber()) == f
    assert f.parameters()["contents_type"] == params["contents_type"]


def test_file_body_from_path(codec: Any, tmp_path: Any) -> None:
    p = tmp_path / "notes.txt"
    p.write_bytes(b"line\n")
    os.utime(p, (1700000000, 1700000000))
    f = FileBody.from_path(p)
    assert (f.name, f.data) == ("notes.txt", b"line\n")
    assert f.modified == dt.datetime.fromtimestamp(1700000000, UTC)
    g = FileBody.from_path(str(p), name="other.txt", description="d")
    assert g.name == "other.txt" and g.description == "d"
    with pytest.raises(InvalidField):
        FileBody(b"x", modified=dt.datetime(2024, 1, 1))
    with pytest.raises(InvalidField):
        FileBody(b"x", size=-1)
    with pytest.raises(InvalidField):
        FileBody(b"x", contents_type="unstructured")
    with pytest.raises(InvalidField):
        FileBody("text")  # type: ignore[arg-type]


# ---------------------------------------------------------------------------
# Forwarded messages


def test_forwarded_message_with_its_delivery_envelope(codec: Any) -> None:
    original = Message(originator=ALICE, to=[BOB], subject="Original", body=["inner text"],
                       priority="urgent", this_recipient=BOB, submission_time=T0,
                       delivery_time=T1, other_recipients=["/CN=Carol/O=Isode/PRMD=Isode"
                                                           "/ADMD= /C=GB/"])
    fwd = ForwardedMessage(original)
    value = BP.decode(fwd.to_ber())
    assert value[0] == "basic" and value[1][0] == "message"
    params = value[1][1]["parameters"]
    assert params["delivery_time"] == T1
    assert params["delivery_envelope"]["this_recipient_name"] == ORName(
        ORAddress.parse(BOB)).to_asn1()
    assert params["delivery_envelope"]["priority"] == "urgent"
    # Inside: a bare IPM (30), not an InformationObject (ipms.md 3).
    data = fwd.to_ber()
    assert data[0] == 0xA9
    back = again(fwd)
    assert back == fwd
    inner = back.message
    assert inner.subject == "Original" and inner.text == "inner text"
    assert inner.delivery_time == T1 and inner.this_recipient == ORName(ORAddress.parse(BOB))
    outer = in_message("See below.", fwd)
    assert outer.body[1].message.submission_time == T0
    assert outer.body_eits() == frozenset({"ia5-text"})


def test_forwarded_message_without_delivery_facts(codec: Any) -> None:
    draft = Message(originator=ALICE, subject="Draft", body=["x"])
    fwd = ForwardedMessage(draft)
    assert BP.decode(fwd.to_ber())[1][1]["parameters"] == {}
    assert again(fwd) == fwd
    # What X.420 has no place for is not carried: the MTS identifier.
    known = Message(originator=ALICE, body=["x"], mts_identifier=MTSIdentifier(
        "GB", " ", None, "id"))
    assert again(ForwardedMessage(known)).message.mts_identifier is None
    with pytest.raises(InvalidField):
        ForwardedMessage("not a message")


def test_forwarded_parts_keep_their_own_octets(codec: Any) -> None:
    inner = Message(originator=ALICE, body=[BodyPart.from_ber(TELETEX_BER)])
    outer = Message(originator=BOB, to=[ALICE], body=[ForwardedMessage(inner)])
    back = Message.from_content(outer.to_content())
    part = back.body[0].message.body[0]
    assert isinstance(part, UnknownBody) and part.raw == TELETEX_BER


def test_general_text_declaring_only_iso646_keeps_its_declaration():
    """ASCII sent as general text with only ISO 646 declared (as AMHS
    extended-service peers do) re-encodes with the same declaration."""
    from x400fast.message import TextBody
    body = TextBody("ZCZC plain text", charset="iso-646")
    value = body.to_asn1()
    assert value[0] == "extended"
    again = TextBody._read("ZCZC plain text", "iso-646")
    assert again.to_asn1() == value
    assert {e.rsplit(".", 1)[1] for e in body.eits()} == {"1", "6"}
