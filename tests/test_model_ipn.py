"""Receipt and non-receipt notifications: built from a message, sent,
read back, correlated; on both BER engines.  Layouts from ipms.md 5:
an RN is ``A1 { 6B .. A0 { A1 { 80 time .. } } }``, an NRN
``A1 { 6B .. A0 { A0 { 80 reason .. } } }``."""
from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest

from x400fast import ber
from x400fast.asn1 import x411, x420
from x400fast.errors import InvalidField, MissingField, UnexpectedContent
from x400fast.message import (IPMIdentifier, Message, MTSIdentifier, NonReceiptNotification,
                              Notification, ORAddress, ORDescriptor, ORName, OtherNotification,
                              Raw, ReceiptNotification, Recipient, TextBody, read_delivery)

H = bytes.fromhex
UTC = dt.timezone.utc
T0 = dt.datetime(2024, 5, 17, 9, 30, 5, tzinfo=UTC)
T1 = dt.datetime(2024, 5, 18, 8, 0, 0, tzinfo=UTC)
ALICE = "/CN=Alice/O=Isode/PRMD=Isode/ADMD= /C=GB/"
BOB = "/CN=Bob/O=Isode/PRMD=Isode/ADMD= /C=GB/"
CAROL = "/CN=Carol/O=Isode/PRMD=Isode/ADMD= /C=GB/"
M = x411.MTSAbstractService


@pytest.fixture
def codec(engine: Any, monkeypatch: Any) -> Any:
    monkeypatch.setattr(ber, "engine", engine)
    return engine


def delivered_message(**kw: Any) -> Message:
    """Alice's message as Bob's UA reads it from a delivery."""
    sent = Message(originator=ALICE, subject="Please confirm", body=["text"],
                   ipm_id=IPMIdentifier("20240517.0001", ALICE),
                   to=[Recipient(BOB, receipt_notification=True, non_receipt_notification=True,
                                 ipm_return=True)], **kw)
    value = {"message_delivery_identifier": MTSIdentifier("GB", " ", "Isode", "D1").to_asn1(),
             "message_delivery_time": T0,
             "other_fields": {"content_type": ("built_in", 22),
                              "originator_name": ORName(ORAddress.parse(ALICE)).to_asn1(),
                              "this_recipient_name": ORName(ORAddress.parse(BOB)).to_asn1(),
                              "message_submission_time": T0},
             "content": sent.to_content()}
    return Message.from_delivery(M["MessageDeliveryArgument"].encode(value))


def resend(n: Notification) -> Notification:
    data = n.submission_ber()
    back = Notification.from_submission(data)
    assert type(back) is type(n)
    assert back.raw == n.to_content()
    return back


def test_receipt_round_trip_and_correlation(codec: Any) -> None:
    m = delivered_message()
    rn = m.receipt(T1, supplementary_info="Read by Bob")
    assert isinstance(rn, ReceiptNotification)
    assert rn.subject_ipm == m.ipm_id
    assert rn.ipn_originator == ORDescriptor(BOB)
    assert rn.recipient == ORName(ORAddress.parse(ALICE))
    content = rn.to_content()
    assert content[:1] == b"\xa1"                         # InformationObject ipn [1]
    assert H("a01ea11c800d") + b"240518080000Z" + H("820b") + b"Read by Bob" in content
    back = resend(rn)
    assert back == rn
    assert back.correlates(m) and back.correlates(m.ipm_id) and back.correlates(str(m.ipm_id))
    assert not back.correlates(IPMIdentifier("20240517.0001"))
    env, _ = rn.to_submission()
    assert env["per_recipient_fields"][0]["recipient_name"] == ORName(
        ORAddress.parse(ALICE)).to_asn1()
    assert env["originator_name"] == ORName(ORAddress.parse(BOB)).to_asn1()
    assert env["content_type"] == ("built_in", 22)
    assert json.dumps(rn.to_json())


def test_receipt_options(codec: Any) -> None:
    m = delivered_message()
    m.originally_intended_recipient = ORName(ORAddress.parse(CAROL))
    m.converted_eits = frozenset({"teletex"})
    rn = m.receipt(T1, acknowledgment_mode="automatic")
    rn.rn_extensions = {"1.2.3.4": Raw(H("0101ff"))}
    rn.notification_extensions = {x420.id_sec_security_common_fields: {
        "content_or_arguments": ("original_content", b"\xa0\x00"),
        "security_diagnostic_code": 3}}
    rn.priority, rn.report, rn.content_identifier = "urgent", "none", "RN-1"
    rn.originator = ORName(ORAddress.parse(CAROL))     # submitted on Bob's behalf
    assert rn.ipm_intended_recipient == ORDescriptor(CAROL)
    assert rn.conversion_eits == frozenset({"teletex"})
    assert H("810101") in rn.to_content()              # acknowledgment-mode automatic
    back = resend(rn)
    assert back == rn
    assert back.notification_extensions[x420.id_sec_security_common_fields][
        "security_diagnostic_code"] == 3


def test_non_receipt_with_returned_ipm(codec: Any) -> None:
    m = delivered_message()
    nrn = m.non_receipt(discard_reason="ipm-expired")
    assert isinstance(nrn, NonReceiptNotification)
    assert nrn.reason == "ipm-discarded" and nrn.discard_reason == "ipm-expired"
    # Bob's entry asked for ipm-return: the IPM comes back, without its envelope.
    assert nrn.returned_ipm == m.without_envelope()
    assert nrn.returned_ipm.this_recipient is None and nrn.returned_ipm.subject == m.subject
    content = nrn.to_content()
    fields = x420.ipms["InformationObject"].decode(content)[1]["choice"]
    assert fields[0] == "non_receipt_fields"
    assert H("a0") in content and content.find(H("800100")) > 0
    back = resend(nrn)
    assert back == nrn
    assert back.returned_ipm.text == "text" and back.correlates(m)


def test_non_receipt_variants(codec: Any) -> None:
    m = delivered_message()
    auto = m.non_receipt("ipm-auto-forwarded", auto_forward_comment="On leave until June",
                         return_ipm=False)
    auto.nrn_extensions = {"1.2.3": None}
    assert auto.returned_ipm is None
    assert resend(auto) == auto
    plain = Message(originator=ALICE, to=[BOB]).non_receipt(recipient=BOB)
    assert plain.returned_ipm is None                    # ipm-return not asked for
    peer = NonReceiptNotification(subject_ipm="x*" + ALICE, ipn_originator=BOB,
                                  recipient=ALICE, reason=7, discard_reason=3)
    back = resend(peer)
    assert back == peer and back.discard_reason == "not-used" and back.reason == 7


def test_other_notification_types(codec: Any) -> None:
    advice = OtherNotification(
        subject_ipm=IPMIdentifier("1", ALICE), ipn_originator=BOB, recipient=ALICE,
        fields={x420.id_on_absence_advice: {
                    "advice": x420.ipms["BodyPart"].decode(TextBody("Away").to_ber()),
                    "next_available": T1},
                "1.2.3.4": None,                    # unknown type, NULL value
                "1.2.3.5": Raw(H("0403010203"))})
    back = resend(advice)
    assert back == advice
    assert back.fields[x420.id_on_absence_advice]["next_available"] == T1


def test_notification_from_a_delivery(codec: Any) -> None:
    rn = delivered_message().receipt(T1)
    value = {"message_delivery_identifier": MTSIdentifier("GB", " ", "Isode", "D2").to_asn1(),
             "message_delivery_time": T1,
             "other_fields": {"content_type": ("built_in", 22),
                              "originator_name": ORName(ORAddress.parse(BOB)).to_asn1(),
                              "this_recipient_name": ORName(ORAddress.parse(ALICE)).to_asn1(),
                              "message_submission_time": T1, "priority": "urgent"},
             "content": rn.to_content()}
    data = M["MessageDeliveryArgument"].encode(value)
    got = Notification.from_delivery(data)
    assert isinstance(got, ReceiptNotification) and got.receipt_time == T1
    assert got.mts_identifier == MTSIdentifier("GB", " ", "Isode", "D2")
    assert (got.delivery_time, got.submission_time, got.priority) == (T1, T1, "urgent")
    assert got.this_recipient == ORName(ORAddress.parse(ALICE))
    assert got.originator == ORName(ORAddress.parse(BOB))
    assert read_delivery(data) == got
    assert ReceiptNotification.from_delivery(value) == got
    with pytest.raises(UnexpectedContent):
        NonReceiptNotification.from_delivery(value)
    with pytest.raises(UnexpectedContent):
        Message.from_delivery(value)
    with pytest.raises(UnexpectedContent):
        Notification.from_content(delivered_message().to_content())
    fetched = Notification.from_content(rn.to_content(), M["MessageDeliveryEnvelope"].encode(
        {k: value[k] for k in ("message_delivery_identifier", "message_delivery_time",
                               "other_fields")}))
    assert fetched == got
    assert Notification.from_ber(rn.to_ber()).correlates(rn.subject_ipm)


def test_notification_validation() -> None:
    with pytest.raises(MissingField) as ei:
        ReceiptNotification(subject_ipm="1").to_content()
    assert ei.value.field == "receipt_time"
    with pytest.raises(MissingField):
        ReceiptNotification(receipt_time=T0).to_content()
    with pytest.raises(InvalidField):
        ReceiptNotification(subject_ipm="1", receipt_time=T0, acknowledgment_mode="polite")
    with pytest.raises(InvalidField):
        NonReceiptNotification(subject_ipm="1", reason="lost")
    with pytest.raises(InvalidField):
        NonReceiptNotification(subject_ipm="1", discard_reason="boring")
    with pytest.raises(InvalidField):
        ReceiptNotification(subject_ipm="1", receipt_time=dt.datetime(2024, 1, 1))
    rn = ReceiptNotification(subject_ipm="1", receipt_time=T0, ipn_originator=BOB)
    with pytest.raises(MissingField) as ei:
        rn.to_submission()
    assert ei.value.field == "recipient"
    with pytest.raises(MissingField) as ei:
        ReceiptNotification(subject_ipm="1", receipt_time=T0, recipient=ALICE).to_submission()
    assert ei.value.field == "originator"
    with pytest.raises(InvalidField):
        ReceiptNotification(subject_ipm="1", receipt_time=T0,
                            supplementary_info="ü").to_content()
