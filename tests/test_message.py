"""The message model: build -> submission -> BER -> decode -> the same Message.

Every round trip runs on both BER engines.  Byte-level checks follow the
layouts of ipms.md (heading, recipient specifiers) and mts.md (submission
and delivery envelopes); body parts, reports, notifications and the
interop checks (pyasn1, tshark) have their own test_model_*.py files.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import json
from typing import Any

import pytest

from x400fast import ber
from x400fast.asn1 import x411, x420
from x400fast.errors import (AddressError, DecodeError, FieldTooLong, InvalidAddress,
                             InvalidField, MessageError, MissingField, UnexpectedContent,
                             X400Error)
from x400fast.message import (BinaryBody, FileBody, ForwardedMessage, IPMIdentifier, Message,
                              MTSIdentifier, NonReceiptNotification, ORAddress, ORDescriptor,
                              ORName, Raw, ReceiptNotification, Recipient, Report, Submission,
                              TextBody, extension_field, extension_value, read_content,
                              read_delivery)

H = bytes.fromhex
UTC = dt.timezone.utc
T0 = dt.datetime(2024, 5, 17, 9, 30, 5, tzinfo=UTC)
T1 = dt.datetime(2024, 5, 18, 17, 0, 0, tzinfo=UTC)
T2 = dt.datetime(2024, 6, 1, 0, 0, 0, tzinfo=UTC)

ALICE = "/CN=Alice/O=Isode/PRMD=Isode/ADMD= /C=GB/"
BOB = "/CN=Bob/O=Isode/PRMD=Isode/ADMD= /C=GB/"
CAROL = "/CN=Carol/O=Isode/PRMD=Isode/ADMD= /C=GB/"
DAVE = "/CN=Dave/O=Isode/PRMD=Isode/ADMD= /C=GB/"
ERIN_1685 = "G=Erin; S=Smith; O=Isode; P=Isode; A= ; C=GB"
# CN=test as an X.501 RDNSequence.
DN = H("300f310d300b0603550403130474657374")
M = x411.MTSAbstractService
IPMS = x420.ipms


@pytest.fixture
def codec(engine: Any, monkeypatch: Any) -> Any:
    """Run the test on one BER engine (the fixture is parametrized over both)."""
    monkeypatch.setattr(ber, "engine", engine)
    return engine


def diff(a: Any, b: Any) -> list:
    """Names of the dataclass fields that differ (for readable failures)."""
    return [f.name for f in dataclasses.fields(a) if getattr(a, f.name) != getattr(b, f.name)]


def resubmit(m: Message) -> Message:
    """Message -> MessageSubmissionArgument BER -> decode -> Message."""
    data = m.submission_ber()
    value = M["MessageSubmissionArgument"].decode(data)
    back = Message.from_submission((value["envelope"], value["content"]))
    assert Message.from_submission(data) == back
    return back


def full_message() -> Message:
    """A message using every heading field and every envelope option."""
    return Message(
        originator=ORDescriptor(ALICE, "Alice Smith", "+44 1234 5678"),
        to=[Recipient(BOB, "Bob Jones", report="delivery", receipt_notification=True,
                      non_receipt_notification=True, ipm_return=True, reply_requested=True,
                      explicit_conversion="ia5-text-to-teletex",
                      extensions={x420.id_rex_precedence: 12})],
        cc=[Recipient(CAROL, non_receipt_notification=True, an_supported=True,
                      suppress_an=True, report="none",
                      envelope_extensions=[extension_field(
                          "originator-requested-alternate-recipient",
                          ORName(ORAddress.parse(DAVE)).to_asn1())])],
        bcc=[Recipient(ORName(ORAddress.parse(DAVE), DN))],
        subject="Quarterly figures",
        body=[TextBody("Figures attached.")],
        importance="high",
        sensitivity="company-confidential",
        ipm_id=IPMIdentifier("20240517.093005.0001", ALICE),
        authorizing_users=[ORDescriptor(CAROL), ORDescriptor(None, "The Board")],
        reply_to=[ORDescriptor(BOB, "Bob (replies)")],
        replied_to=IPMIdentifier("B-77", BOB),
        obsoleted=[IPMIdentifier("20240510.120000.0042", ALICE)],
        related=[IPMIdentifier("local-only")],
        expiry_time=T2,
        reply_time=T1,
        auto_forwarded=True,
        heading_extensions={
            x420.id_hex_languages: ["en", "fr"],
            x420.id_hex_auto_submitted: "auto-generated",
            x420.id_hex_incomplete_copy: None,
            x420.id_hex_authorization_time: T0,
            "1.2.3.4.5": Raw(H("0403abcdef")),
        },
        priority="urgent",
        content_identifier="Q2-FIGURES",
        content_correlator="corr-7",
        deferred_delivery_time=T1,
        latest_delivery_time=T2,
        conversion_prohibited=True,
        conversion_with_loss_prohibited=True,
        alternate_recipient_allowed=True,
        content_return_request=True,
        disclosure_of_other_recipients=True,
        recipient_reassignment_prohibited=True,
        dl_expansion_prohibited=True,
        security_label={"security_policy_identifier": "1.3.26.0.4406.0.3.1",
                        "security_classification": 3, "privacy_mark": "IN CONFIDENCE"},
        envelope_only=[Recipient(ERIN_1685, report="delivery")],
        envelope_extensions=[extension_field("proof-of-submission-request",
                                             "proof-of-submission-requested",
                                             ["for-submission"])],
    )


# ---------------------------------------------------------------------------
# The example of the brief and the defaults


def test_write_a_message_in_a_few_lines(codec: Any, tmp_path: Any) -> None:
    path = tmp_path / "report.pdf"
    path.write_bytes(b"%PDF-1.4\n%fake\n")
    m = Message(originator=ALICE, to=[BOB], cc=[CAROL], bcc=[DAVE],
                subject="Hello", importance="high")
    m.body.append(TextBody("Hello Bob"))
    m.body.append(FileBody.from_path(str(path)))
    envelope_value, content_bytes = m.to_submission()
    assert isinstance(content_bytes, bytes) and content_bytes[:1] == b"\xa0"
    assert [f["originator_report_request"] for f in envelope_value["per_recipient_fields"]] \
        == [frozenset({"non-delivery-report"})] * 3
    back = Message.from_submission((envelope_value, content_bytes))
    assert back == m, diff(back, m)
    assert back.text == "Hello Bob"
    f = back.body[1]
    assert isinstance(f, FileBody) and f.name == "report.pdf"
    assert f.data == b"%PDF-1.4\n%fake\n" and f.modified is not None


def test_defaults() -> None:
    m = Message(originator=ALICE, to=[BOB], body=["hi"])
    env, content = m.to_submission()
    assert env["content_type"] == ("built_in", 22)
    assert "priority" not in env                      # normal: DEFAULT, left out
    assert "per_message_indicators" not in env
    assert env["per_recipient_fields"] == [{
        "recipient_name": ORName(ORAddress.parse(BOB)).to_asn1(),
        "originator_report_request": frozenset({"non-delivery-report"})}]
    assert env["original_encoded_information_types"] == {
        "built_in_encoded_information_types": frozenset({"ia5-text"})}
    # NDR only is bit 4: 80 02 03 08 (mts.md pitfall 7).
    data = M["MessageSubmissionEnvelope"].encode(env)
    assert H("80020308") in data
    # The IPM identifier is generated, unique, allotted by the originator.
    other = Message(originator=ALICE, to=[BOB])
    assert m.ipm_id != other.ipm_id
    assert m.ipm_id.user == ORName(ORAddress.parse(ALICE))
    assert len(m.ipm_id.local_id) <= 64
    assert isinstance(m.to[0], Recipient) and m.to[0].report == "non-delivery"
    assert Message(to=[BOB]).ipm_id.user is None


def test_report_requests_on_the_wire(codec: Any) -> None:
    m = Message(originator=ALICE, to=[Recipient(BOB, report="delivery"),
                                      Recipient(CAROL, report="none"), DAVE])
    env = m.to_submission().envelope
    data = M["MessageSubmissionEnvelope"].encode(env)
    # report = bit 3: 80 02 04 10; none: 80 01 00; non-delivery: 80 02 03 08.
    assert H("80020410") in data and H("800100") in data and H("80020308") in data
    assert [r.report for r in resubmit(m).to] == ["delivery", "none", "non-delivery"]


# ---------------------------------------------------------------------------
# Round trips


def test_full_message_round_trip(codec: Any) -> None:
    m = full_message()
    back = resubmit(m)
    assert back == m, diff(back, m)
    # Every heading field is on the wire.
    heading = IPMS["InformationObject"].decode(m.to_content())[1]["heading"]
    assert set(heading) == set(IPMS["Heading"].node().by_key)
    assert back.heading_extensions[x420.id_hex_languages] == ["en", "fr"]
    assert isinstance(back.heading_extensions["1.2.3.4.5"], Raw)
    assert back.to[0].extensions == {x420.id_rex_precedence: 12}


def test_every_envelope_option_on_the_wire(codec: Any) -> None:
    m = full_message()
    env = m.to_submission().envelope
    assert env["priority"] == "urgent"
    assert env["content_identifier"] == "Q2-FIGURES"
    assert env["deferred_delivery_time"] == T1
    assert env["per_message_indicators"] == frozenset({
        "disclosure-of-other-recipients", "implicit-conversion-prohibited",
        "alternate-recipient-allowed", "content-return-request"})
    exts = {extension_value_code(e): e for e in env["extensions"]}
    assert sorted(exts) == [1, 3, 4, 5, 20, 21, 23]
    for code in (1, 3, 4, 5, 20):
        assert exts[code].get("criticality") == frozenset({"for-delivery"})
    assert "criticality" not in exts[23]
    assert extension_value(exts[5]) == T2
    assert extension_value(exts[23]) == ("ia5text", "corr-7")
    assert extension_value(exts[1]) == "recipient-reassignment-prohibited"
    assert extension_value(exts[20])["privacy_mark"] == "IN CONFIDENCE"
    # recipient-reassignment-prohibited critical for delivery (mts.md 8).
    data = M["MessageSubmissionEnvelope"].encode(env)
    assert H("300c800101810205 20a2030a0101".replace(" ", "")) in data
    fields = env["per_recipient_fields"]
    assert len(fields) == 4                           # to, cc, bcc, envelope-only
    assert fields[0]["explicit_conversion"] == 0
    assert fields[1]["extensions"][0]["type"] == ("standard_extension", 2)
    assert fields[2]["recipient_name"]["directory_name"][0] == "rdn_sequence"


def extension_value_code(e: Any) -> Any:
    return e["type"][1]


def test_heading_bytes_follow_ipms_md(codec: Any) -> None:
    m = Message(originator=ALICE, to=[Recipient(BOB, receipt_notification=True,
                                                non_receipt_notification=True)],
                subject="Hi", importance="high", sensitivity="private",
                ipm_id=IPMIdentifier("1"), replied_to=IPMIdentifier("2"),
                auto_forwarded=True)
    content = m.to_content()
    assert content[:1] == b"\xa0"                     # InformationObject ipm [0]
    assert H("a8041402 4869".replace(" ", "")) in content   # subject [8] EXPLICIT
    assert H("8c0102") in content and H("8d0102") in content and H("8e01ff") in content
    assert H("6b0313 0131".replace(" ", "")) in content     # this-IPM 6B
    assert H("a5031301 32".replace(" ", "")) in content     # replied-to [5] replaces 6B
    assert H("810206c0") in content                    # rn + nrn


def test_recipients_with_every_option(codec: Any) -> None:
    m = Message(
        originator=ALICE,
        to=[Recipient(BOB, "Bob", "+1 555", reply_requested=True, receipt_notification=True),
            Recipient(None, "Duty Officer", envelope=False),          # heading only
            Recipient(ERIN_1685, explicit_conversion=11)],            # RFC 1685 form
        cc=[ORDescriptor(CAROL, "Carol")],                            # promoted
        bcc=[Recipient(ORName(directory_name=DN), envelope=False)],   # DN only, heading only
        envelope_only=[Recipient(DAVE, report="delivery")])
    back = resubmit(m)
    assert back == m, diff(back, m)
    assert [r.envelope for r in back.to] == [True, False, True]
    assert back.to[2].explicit_conversion == "teletex-to-ia5-text"
    assert back.to[2].oraddress.surname == "Smith"
    assert back.bcc[0].address.directory_name == DN and back.bcc[0].envelope is False
    assert back.envelope_only == [Recipient(DAVE, report="delivery")]
    assert isinstance(back.cc[0], Recipient) and back.cc[0].free_form_name == "Carol"
    env = m.to_submission().envelope
    assert len(env["per_recipient_fields"]) == 4


def test_recipient_lists_convert_what_is_added() -> None:
    m = Message(originator=ALICE)
    m.to.append(BOB)
    m.to += [ORAddress.parse(CAROL)]
    m.cc.insert(0, ORName(ORAddress.parse(DAVE)))
    m.to[0] = Recipient(BOB, report="delivery")
    m.reply_to.append(ALICE)
    m.body.append("text")
    m.body += [b"\x01\x02"]
    assert all(isinstance(r, Recipient) for r in m.to + m.cc)
    assert isinstance(m.reply_to[0], ORDescriptor)
    assert isinstance(m.body[0], TextBody) and isinstance(m.body[1], BinaryBody)
    with pytest.raises(InvalidAddress) as ei:
        m.to.append("this is not an address")
    assert ei.value.field == "to[2]"
    assert len(m.recipients) == 3


def test_envelope_originator_differs_from_heading(codec: Any) -> None:
    m = Message(originator=ORDescriptor(None, "The Director"), envelope_originator=CAROL,
                to=[BOB])
    back = resubmit(m)
    assert back == m and back.envelope_originator == ORName(ORAddress.parse(CAROL))
    same = resubmit(Message(originator=ALICE, envelope_originator=ALICE, to=[BOB]))
    assert same.envelope_originator is None            # the heading originator's own


def test_original_eits(codec: Any) -> None:
    m = Message(originator=ALICE, to=[BOB], body=["ascii", "Grüße",
                                                  FileBody(b"x", name="a")])
    eits = m.to_submission().envelope["original_encoded_information_types"]
    assert eits == {"built_in_encoded_information_types": frozenset({"ia5-text"}),
                    "extended_encoded_information_types": [
                        "1.0.10021.7.1.0.1", "1.0.10021.7.1.0.6", "1.0.10021.7.1.0.100",
                        "2.6.1.12.0"]}
    assert resubmit(m).original_eits is None           # what the body implies
    given = Message(originator=ALICE, to=[BOB], body=["x"], original_eits=["g3-facsimile"])
    assert resubmit(given).original_eits == frozenset({"g3-facsimile"})
    none = Message(originator=ALICE, to=[BOB], body=["x"], original_eits=frozenset())
    assert "original_encoded_information_types" not in none.to_submission().envelope
    assert resubmit(none) == none


def test_extension_read_with_another_criticality_stays_raw(codec: Any) -> None:
    m = Message(originator=ALICE, to=[BOB], envelope_extensions=[
        extension_field(5, T2),                                # not critical: not mapped
        extension_field(1, "recipient-reassignment-allowed", ["for-delivery"]),
        extension_field("1.2.840.1.2", Raw(H("0500")), ["for-transfer"])])
    back = resubmit(m)
    assert back.latest_delivery_time is None
    assert back.recipient_reassignment_prohibited is False
    assert back.envelope_extensions == m.envelope_extensions
    assert back == m


def test_record_submission_and_correlation(codec: Any) -> None:
    m = Message(originator=ALICE, to=[BOB], content_identifier="C1")
    result = M["MessageSubmissionResult"].encode({
        "message_submission_identifier": MTSIdentifier("GB", " ", "Isode", "A1B2").to_asn1(),
        "message_submission_time": T0})
    assert m.record_submission(result) is m
    assert m.mts_identifier == MTSIdentifier.parse("[/PRMD=isode/ADMD= /C=gb/;A1B2]")
    assert m.submission_time == T0
    assert str(m.mts_identifier) == "[/PRMD=Isode/ADMD= /C=GB/;A1B2]"
    report = Report(subject_identifier=m.mts_identifier)
    assert report.correlates(m) and report.correlates(str(m.mts_identifier))
    assert not report.correlates(MTSIdentifier("GB", " ", "Isode", "a1b2"))
    assert not report.correlates(Message(originator=ALICE))


# ---------------------------------------------------------------------------
# Delivery and fetched messages


GDI = MTSIdentifier("GB", " ", "Isode", "x").to_asn1()["global_domain_identifier"]
TRACE = [{"global_domain_identifier": GDI,
          "domain_supplied_information": {"arrival_time": T0, "routing_action": "relayed"}}]


def delivery_value(content: bytes, **other: Any) -> dict:
    """A MessageDeliveryArgument as an MTS sends it (mts.md 6)."""
    fields = {"content_type": ("built_in", 22),
              "originator_name": ORName(ORAddress.parse(ALICE)).to_asn1(),
              "this_recipient_name": ORName(ORAddress.parse(BOB)).to_asn1(),
              "other_recipient_names": [ORName(ORAddress.parse(CAROL)).to_asn1()],
              "converted_encoded_information_types": {
                  "built_in_encoded_information_types": frozenset({"teletex"})},
              "originally_intended_recipient_name": ORName(ORAddress.parse(DAVE)).to_asn1(),
              "delivery_flags": frozenset({"implicit-conversion-prohibited"}),
              "priority": "non-urgent",
              "message_submission_time": T0,
              "content_identifier": "CID",
              "extensions": [extension_field(37, TRACE)],
              }
    fields.update(other)
    return {"message_delivery_identifier": MTSIdentifier("GB", " ", "Isode", "X-9").to_asn1(),
            "message_delivery_time": T1, "other_fields": fields, "content": content}


def test_from_delivery(codec: Any) -> None:
    sent = Message(originator=ALICE, to=[BOB], cc=[CAROL], subject="Hi", body=["hello"])
    value = delivery_value(sent.to_content())
    data = M["MessageDeliveryArgument"].encode(value)
    # Flat SEQUENCE { 64 id, 17 time, 31 other, 04 content }; built-in type 80 01 16.
    assert data[0] == 0x30 and H("800116") in data
    for arg in (value, data):
        m = Message.from_delivery(arg)
        assert m.subject == "Hi" and m.text == "hello" and m.ipm_id == sent.ipm_id
        assert m.mts_identifier == MTSIdentifier("GB", " ", "Isode", "X-9")
        assert (m.delivery_time, m.submission_time) == (T1, T0)
        assert m.this_recipient == ORName(ORAddress.parse(BOB))
        assert m.other_recipients == [ORName(ORAddress.parse(CAROL))]
        assert m.originally_intended_recipient == ORName(ORAddress.parse(DAVE))
        assert m.converted_eits == frozenset({"teletex"})
        assert m.conversion_prohibited and m.priority == "non-urgent"
        assert m.content_identifier == "CID"
        assert [e["type"] for e in m.envelope_extensions] == [("standard_extension", 37)]
        assert m.raw == sent.to_content()
    # And the model writes the same delivery back.
    again = Message.from_delivery(m.to_delivery())
    assert again == m, diff(again, m)
    assert Message.from_delivery(m.delivery_ber()) == m


def test_from_content_with_whatever_envelope_exists(codec: Any) -> None:
    sent = Message(originator=ALICE, to=[BOB], subject="Fetched")
    value = delivery_value(sent.to_content())
    envelope = {k: value[k] for k in ("message_delivery_identifier",
                                      "message_delivery_time", "other_fields")}
    env_ber = M["MessageDeliveryEnvelope"].encode(envelope)
    a = Message.from_content(sent.to_content(), env_ber)
    b = Message.from_content(sent.to_content(), envelope)
    assert a == b and a.mts_identifier is not None and a.delivery_time == T1
    c = Message.from_content(sent.to_content(), value["other_fields"])
    assert c.mts_identifier is None and c.this_recipient == a.this_recipient
    bare = Message.from_content(sent.to_content())
    assert bare.this_recipient is None and bare.subject == "Fetched"
    assert Message.from_ber(sent.to_ber()) == bare
    # A submitted message fetched from a store: content + submission envelope.
    sub = Message(originator=ALICE, to=[BOB], priority="urgent")
    env, content = sub.to_submission()
    assert Message.from_content(content, M["MessageSubmissionEnvelope"].encode(env)) == sub
    with pytest.raises(InvalidField):
        Message.from_content(content, {"something": "else"})


def test_ipn_content_is_not_an_ipm(codec: Any) -> None:
    m = Message(originator=ALICE, to=[BOB], this_recipient=BOB)
    rn = m.receipt(T0)
    with pytest.raises(UnexpectedContent):
        Message.from_content(rn.to_content())
    assert isinstance(read_content(rn.to_content()), ReceiptNotification)
    assert isinstance(read_content(m.to_content()), Message)
    value = delivery_value(rn.to_content())
    assert isinstance(read_delivery(value), ReceiptNotification)
    assert isinstance(read_delivery(delivery_value(m.to_content())), Message)


# ---------------------------------------------------------------------------
# Raw BER and JSON of every object


def test_raw_ber_in_and_out(codec: Any) -> None:
    d = ORDescriptor(ALICE, "Alice", "+44")
    assert ORDescriptor.from_ber(d.to_ber()) == d
    assert ORDescriptor.from_ber(d.to_ber()).raw == d.to_ber()
    r = Recipient(BOB, receipt_notification=True, extensions={x420.id_rex_precedence: 3})
    assert Recipient.from_ber(r.to_ber()) == r
    i = IPMIdentifier("x-1", ALICE)
    assert IPMIdentifier.from_ber(i.to_ber()) == i and i.to_ber()[:1] == b"\x6b"
    assert IPMIdentifier.parse(str(i)) == i and str(i) == "x-1*" + ALICE
    mid = MTSIdentifier("GB", " ", "Isode", "q")
    assert mid.to_ber()[:1] == b"\x64" and MTSIdentifier.from_ber(mid.to_ber()) == mid
    m = full_message()
    assert Message.from_ber(m.to_ber()).subject == m.subject
    assert Message.from_ber(m.to_ber()).raw == m.to_ber()
    assert Submission(*m.to_submission()).to_ber() == m.submission_ber()
    for obj in (d, r, i, mid):
        json.dumps(obj.to_json())


def test_content_of_another_type_is_refused(codec: Any) -> None:
    m = Message(originator=ALICE, to=[BOB])
    value = delivery_value(b"\x30\x00", content_type=("built_in", 35))
    with pytest.raises(UnexpectedContent) as ei:
        Message.from_delivery(value)
    assert ei.value.field == "content_type"
    env, content = m.to_submission()
    env["content_type"] = ("extended", "1.2.3.4")
    with pytest.raises(UnexpectedContent):
        Message.from_submission((env, content))


def test_json_forms_are_json(codec: Any) -> None:
    m = full_message()
    out = m.to_json()
    assert set(out) == {"content", "envelope"}
    json.dumps(out)
    assert out["content"]["ipm"]["heading"]["subject"] == "Quarterly figures"
    delivered = Message.from_delivery(delivery_value(m.to_content()))
    assert "delivery" in delivered.to_json()
    assert set(Message(subject="draft").to_json()) == {"content"}


# ---------------------------------------------------------------------------
# Validation


def test_missing_originator_and_recipients() -> None:
    with pytest.raises(MissingField) as ei:
        Message(to=[BOB]).to_submission()
    assert ei.value.field == "originator"
    with pytest.raises(MissingField) as ei:
        Message(originator=ORDescriptor(None, "No Address"), to=[BOB]).to_submission()
    assert ei.value.field == "originator"
    with pytest.raises(MissingField) as ei:
        Message(originator=ALICE).to_submission()
    assert ei.value.field == "to"
    with pytest.raises(MissingField):
        Message(originator=ALICE, to=[Recipient(BOB, envelope=False)]).validate()
    # A draft without them still has a content.
    assert Message(subject="draft").to_content()[:1] == b"\xa0"


def test_unparseable_recipient_is_named() -> None:
    with pytest.raises(InvalidAddress) as ei:
        Message(originator=ALICE, to=[BOB, "/CN=Bob/NOPE=1/"])
    e = ei.value
    assert e.field == "to[1]" and e.text == "/CN=Bob/NOPE=1/"
    assert isinstance(e.__cause__, AddressError)
    assert "to[1]" in str(e) and "/CN=Bob/NOPE=1/" in str(e)
    assert isinstance(e, MessageError) and isinstance(e, ValueError)
    with pytest.raises(InvalidAddress) as ei:
        Message(originator="garbage")
    assert ei.value.field == "originator"
    with pytest.raises(InvalidAddress) as ei:
        Message(originator=ALICE, cc=[42])
    assert ei.value.field == "cc[0]"


def test_fields_over_their_bounds_are_named() -> None:
    m = Message(originator=ALICE, to=[BOB], subject="x" * 129)
    with pytest.raises(FieldTooLong) as ei:
        m.to_submission()
    assert (ei.value.field, ei.value.limit, ei.value.length) == ("subject", 128, 129)
    assert str(ei.value) == "subject: 129 characters, more than the upper bound of 128"
    Message(originator=ALICE, to=[BOB], subject="x" * 128).to_submission()
    cases = [
        (dict(content_identifier="x" * 17), "content_identifier"),
        (dict(to=[Recipient(BOB, "n" * 65)]), "to[0].free_form_name"),
        (dict(originator=ORDescriptor(ALICE, telephone_number="1" * 33)),
         "originator.telephone_number"),
        (dict(content_correlator="c" * 513), "content_correlator"),
        (dict(ipm_id=IPMIdentifier.from_asn1({"user_relative_identifier": "i" * 65})),
         "ipm_id"),
    ]
    for kw, name in cases:
        kw.setdefault("originator", ALICE)
        kw.setdefault("to", [BOB])
        with pytest.raises(FieldTooLong) as ei:
            Message(**kw).to_submission()
        assert ei.value.field == name


def test_unknown_names() -> None:
    for kw, name in ((dict(importance="urgent"), "importance"),
                     (dict(sensitivity="secret"), "sensitivity"),
                     (dict(priority="high"), "priority")):
        with pytest.raises(InvalidField) as ei:
            Message(originator=ALICE, to=[BOB], **kw)
        assert ei.value.field == name and repr(kw[name]) in str(ei.value)
    m = Message(originator=ALICE, to=[BOB])
    m.importance = "very"                              # set later: caught on encode
    with pytest.raises(InvalidField) as ei:
        m.to_submission()
    assert ei.value.field == "importance"
    with pytest.raises(InvalidField):
        Recipient(BOB, report="always")
    with pytest.raises(InvalidField):
        Recipient(BOB, explicit_conversion="to-morse")
    m = Message(originator=ALICE, to=[BOB])
    m.to[0].report = "sometimes"
    with pytest.raises(InvalidField) as ei:
        m.to_submission()
    assert ei.value.field == "to[0].report"


def test_other_invalid_values() -> None:
    def bad(field: str, **kw: Any) -> None:
        kw.setdefault("originator", ALICE)
        kw.setdefault("to", [BOB])
        with pytest.raises(InvalidField) as ei:
            Message(**kw).to_submission()
        assert ei.value.field == field, ei.value

    with pytest.raises(InvalidField) as ei:
        Message(expiry_time=dt.datetime(2024, 1, 1))      # naive
    assert ei.value.field == "expiry_time"
    bad("subject", subject="Привет")                      # not a T.61 octet each
    bad("reply_to[0]", reply_to=[ORDescriptor(None, "no address")])
    bad("content_type", content_type=35)
    bad("content_type", content_type="not an oid")
    bad("heading_extensions['1.2.3']", heading_extensions={"1.2.3": 5})
    bad("heading_extensions['2.6.1.5.2']",
        heading_extensions={x420.id_hex_auto_submitted: "sometimes"})
    bad("envelope_extensions[0]", recipient_reassignment_prohibited=True,
        envelope_extensions=[extension_field(1, "recipient-reassignment-prohibited")])
    bad("security_label", security_label="SECRET")
    bad("conversion_prohibited", conversion_prohibited="yes")
    bad("body[0]", body=[TextBody("漢字")])
    with pytest.raises(InvalidField):
        Message(body=[3.5])
    with pytest.raises(InvalidField):
        extension_field("no-such-extension")
    with pytest.raises(InvalidField):
        extension_field(99, 5)                              # no type known: give Raw
    # Values checked by the codec: the error names the path inside the field.
    with pytest.raises(InvalidField) as ei:
        Message(originator=ALICE, to=[BOB], security_label={"security_classification": -1}
                ).to_submission()
    assert "security_label" in ei.value.field


def test_p772_and_p2_content_types(codec: Any) -> None:
    for ct in (2, "2.6.1.10.1", "1.3.26.0.4406.0.4.1"):
        m = Message(originator=ALICE, to=[BOB], content_type=ct)
        assert resubmit(m).content_type == ct


# ---------------------------------------------------------------------------
# Malformed input: precise errors only


def test_malformed_content_raises_decode_errors(codec: Any) -> None:
    data = full_message().to_content()
    for cut in range(0, len(data), 7):
        with pytest.raises(DecodeError):
            Message.from_content(data[:cut])
    with pytest.raises(DecodeError):
        Message.from_content(data + b"\x00")


def test_mutated_submissions_fail_only_with_library_errors(codec: Any) -> None:
    data = bytearray(full_message().submission_ber())
    import random
    rng = random.Random(1234)
    outcomes = {"ok": 0, "error": 0}
    for _ in range(300):
        d = bytearray(data)
        for _ in range(rng.randint(1, 4)):
            d[rng.randrange(len(d))] = rng.randrange(256)
        try:
            Message.from_submission(bytes(d))
            outcomes["ok"] += 1
        except X400Error:
            outcomes["error"] += 1
    assert outcomes["error"] > 0


def test_forwarded_messages_nested_too_deep_are_refused(codec: Any) -> None:
    inner = Message(originator=ALICE, to=[BOB], body=["core"])
    for _ in range(20):
        inner = Message(originator=ALICE, to=[BOB], body=[ForwardedMessage(inner)])
    with pytest.raises(DecodeError):
        Message.from_content(inner.to_content())
    shallow = Message(originator=ALICE, to=[BOB], body=[ForwardedMessage(
        Message(originator=ALICE, to=[BOB], body=[ForwardedMessage(
            Message(originator=BOB, body=["x"]))]))])
    assert Message.from_content(shallow.to_content()) == shallow


def test_notification_helpers_need_their_facts() -> None:
    m = Message(originator=ALICE, to=[BOB])
    with pytest.raises(MissingField) as ei:
        m.receipt(T0)
    assert ei.value.field == "recipient"
    with pytest.raises(MissingField):
        Message(to=[BOB], this_recipient=BOB).receipt(T0)
    rn = m.receipt(T0, recipient=BOB)
    assert rn.recipient == ORName(ORAddress.parse(ALICE))
    nrn = m.non_receipt("ipm-auto-forwarded", recipient=BOB, auto_forward_comment="away")
    assert isinstance(nrn, NonReceiptNotification) and nrn.returned_ipm is None
