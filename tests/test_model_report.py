"""Reports of the message model, read from ReportDeliveryArgument values
shaped as an MTS sends them (mts.md 7) and built for sending, on both BER
engines."""
from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest

from x400fast import ber
from x400fast.asn1 import x411
from x400fast.errors import DecodeError, FieldTooLong, InvalidField, MissingField
from x400fast.message import (Message, MTSIdentifier, ORAddress, ORName, Report,
                              ReportRecipient, extension_field)
from x400fast.model.report import DIAGNOSTICS, REASONS

H = bytes.fromhex
UTC = dt.timezone.utc
T0 = dt.datetime(2024, 5, 17, 9, 30, 5, tzinfo=UTC)
T1 = dt.datetime(2024, 5, 17, 9, 31, 0, tzinfo=UTC)
ALICE = "/CN=Alice/O=Isode/PRMD=Isode/ADMD= /C=GB/"
BOB = "/CN=Bob/O=Isode/PRMD=Isode/ADMD= /C=GB/"
CAROL = "/CN=Carol/O=Isode/PRMD=Isode/ADMD= /C=GB/"
DAVE = "/CN=Dave/O=Isode/PRMD=Isode/ADMD= /C=GB/"
M = x411.MTSAbstractService


def name(text: str) -> dict:
    return ORName(ORAddress.parse(text)).to_asn1()


SUBJECT_ID = {"global_domain_identifier": {
    "country_name": ("iso_3166_alpha2_code", "GB"),
    "administration_domain_name": ("printable", " "),
    "private_domain_identifier": ("printable", "Isode")},
    "local_identifier": "0517093005Z-1234"}
GDI = SUBJECT_ID["global_domain_identifier"]
REPORTING_MTA = M["ReportingMTAName"].encode({"domain": GDI, "mta_name": "mta1.isode.net"})


@pytest.fixture
def codec(engine: Any, monkeypatch: Any) -> Any:
    monkeypatch.setattr(ber, "engine", engine)
    return engine


def report_value(returned: Any = None) -> dict:
    """A ReportDeliveryArgument: Bob delivered, Carol not (unable-to-transfer,
    unrecognised-OR-name), Dave not, redirected, with an unnamed diagnostic."""
    v = {
        "subject_submission_identifier": SUBJECT_ID,
        "content_identifier": "Q2-FIGURES",
        "content_type": ("built_in", 22),
        "original_encoded_information_types": {
            "built_in_encoded_information_types": frozenset({"ia5-text"})},
        "extensions": [
            {"type": ("standard_extension", 23), "value": M["ContentCorrelator"].encode(
                ("ia5text", "corr-7"))},
            {"type": ("standard_extension", 39), "value": REPORTING_MTA},
        ],
        "per_recipient_fields": [
            {"actual_recipient_name": name(BOB),
             "report_type": ("delivery", {"message_delivery_time": T1,
                                          "type_of_mts_user": 2})},
            {"actual_recipient_name": name(CAROL),
             "report_type": ("non_delivery", {"non_delivery_reason_code": 1,
                                              "non_delivery_diagnostic_code": 0}),
             "supplementary_information": "no such mailbox"},
            {"actual_recipient_name": name(DAVE),
             "originally_intended_recipient_name": name(ALICE),
             "converted_encoded_information_types": {
                 "built_in_encoded_information_types": frozenset({"teletex"})},
             "report_type": ("non_delivery", {"non_delivery_reason_code": 0,
                                              "non_delivery_diagnostic_code": 999}),
             "extensions": [{"type": ("standard_extension", 27),
                             "value": M["ORName"].encode(name(CAROL))}]},
        ],
    }
    if returned is not None:
        v["returned_content"] = returned
    return v


def test_report_from_a_report_delivery(codec: Any) -> None:
    value = report_value()
    data = M["ReportDeliveryArgument"].encode(value)
    # NDR: A1 { A1 { 80 reason 81 diagnostic } } (mts.md 7).
    assert H("a108a106800101810100") in data
    # DR: A1 { A0 { 80 time 81 type } }.
    assert H("a114a012800d") + b"240517093100Z" + H("810102") in data
    for arg in (value, data):
        r = Report.from_delivery(arg)
        assert r.subject_identifier == MTSIdentifier("GB", " ", "Isode", "0517093005Z-1234")
        assert (r.content_identifier, r.content_type) == ("Q2-FIGURES", 22)
        assert r.original_eits == frozenset({"ia5-text"})
        assert r.content_correlator == "corr-7"
        assert [e["type"] for e in r.extensions] == [("standard_extension", 39)]
        bob, carol, dave = r.recipients
        assert bob.delivered and bob.delivery_time == T1
        assert (bob.type_of_user, bob.type_of_user_name) == (2, "ms")
        assert bob.reason is None and bob.diagnostic is None
        assert not carol.delivered
        assert (carol.reason_code, carol.reason) == (1, "unable-to-transfer")
        assert (carol.diagnostic_code, carol.diagnostic) == (0, "unrecognised-OR-name")
        assert carol.supplementary_info == "no such mailbox"
        assert str(carol) == (CAROL + ": not delivered (unable-to-transfer, "
                              "unrecognised-OR-name)")
        assert (dave.reason, dave.diagnostic) == ("transfer-failure", "999")
        assert dave.originally_intended_recipient == ORName(ORAddress.parse(ALICE))
        assert dave.converted_eits == frozenset({"teletex"})
        assert dave.extensions[0]["type"] == ("standard_extension", 27)
        assert r.delivered == [bob] and r.non_delivered == [carol, dave]
        assert r.returned_content is None and r.returned_message() is None
    assert r.raw == data
    # Written back, the report reads the same.
    assert Report.from_delivery(r.to_ber()) == r
    assert Report.from_delivery(r.to_asn1()) == r
    json.dumps(r.to_json())


def test_every_reason_and_diagnostic_has_its_x411_name() -> None:
    assert REASONS[8] == "transfer-failure-for-security-reason" and len(REASONS) == 9
    assert DIAGNOSTICS[78] == "unsupported-security-policy" and len(DIAGNOSTICS) == 79
    for code, text in DIAGNOSTICS.items():
        assert ReportRecipient.failed(BOB, 0, text).diagnostic_code == code


def test_report_with_returned_content(codec: Any) -> None:
    sent = Message(originator=ALICE, to=[CAROL], subject="Bounced", body=["text"])
    value = report_value(sent.to_content())
    r = Report.from_delivery(M["ReportDeliveryArgument"].encode(value))
    back = r.returned_message()
    assert back is not None and back.subject == "Bounced" and back.ipm_id == sent.ipm_id
    # From a Message Store: the report envelope, and the content if fetched.
    envelope = dict(value)
    del envelope["returned_content"]
    env_ber = M["ReportDeliveryEnvelope"].encode(envelope)
    fetched = Report.from_envelope(env_ber, sent.to_content())
    assert fetched == r and fetched.raw == env_ber
    assert Report.from_envelope(envelope).returned_content is None


def test_correlation(codec: Any) -> None:
    r = Report.from_delivery(report_value())
    m = Message(originator=ALICE, to=[BOB])
    assert not r.correlates(m)                         # not submitted yet
    m.record_submission({"message_submission_identifier": SUBJECT_ID,
                         "message_submission_time": T0})
    assert r.correlates(m)
    assert r.correlates(SUBJECT_ID)
    assert r.correlates(M["MTSIdentifier"].encode(SUBJECT_ID))
    assert r.correlates("[/PRMD=ISODE/ADMD= /C=gb/;0517093005Z-1234]")
    assert not r.correlates("[/PRMD=Isode/ADMD= /C=GB/;0517093005z-1234]")
    assert not r.correlates(MTSIdentifier("GB", " ", None, "0517093005Z-1234"))


def test_build_a_report(codec: Any) -> None:
    r = Report(subject_identifier="[/PRMD=Isode/ADMD= /C=GB/;abc]",
               recipients=[ReportRecipient.delivered_to(BOB, T1, type_of_user="private"),
                           ReportRecipient.failed(CAROL, "restricted-delivery",
                                                  "recipient-unavailable",
                                                  supplementary_info="over quota")],
               content_correlator=b"\x01\x02", content_type="2.6.1.10.1",
               security_label={"security_classification": 1},
               extensions=[extension_field(39, {"domain": GDI, "mta_name": "m"})],
               returned_content=b"\xa0\x00")
    assert r.recipients[0].type_of_user == 1
    assert (r.recipients[1].reason_code, r.recipients[1].diagnostic_code) == (5, 4)
    value = r.to_asn1()
    codes = [e["type"][1] for e in value["extensions"]]
    assert codes == [20, 23, 39]
    assert value["extensions"][0]["criticality"] == frozenset({"for-delivery"})
    back = Report.from_delivery(r.to_ber())
    assert back == r
    assert back.security_label == {"security_classification": 1}
    rr = r.recipients[1]
    assert ReportRecipient.from_ber(rr.to_ber()) == rr
    assert ReportRecipient.from_ber(rr.to_ber()).raw == rr.to_ber()
    assert json.dumps(rr.to_json())


def test_report_validation() -> None:
    with pytest.raises(InvalidField):
        ReportRecipient(BOB, T1, reason_code=1).to_asn1()
    with pytest.raises(MissingField) as ei:
        ReportRecipient(BOB).to_asn1("recipients[0]")
    assert ei.value.field == "recipients[0].reason_code"
    with pytest.raises(InvalidField):
        ReportRecipient.failed(BOB, "lost-in-the-post")
    with pytest.raises(InvalidField):
        ReportRecipient.failed(BOB, 40000)
    with pytest.raises(MissingField):
        ReportRecipient(reason_code=1).to_asn1()
    with pytest.raises(MissingField) as ei:
        Report(recipients=[ReportRecipient.failed(BOB)]).to_ber()
    assert ei.value.field == "subject_identifier"
    with pytest.raises(MissingField):
        Report(subject_identifier=MTSIdentifier("GB", " ", None, "x")).to_ber()
    with pytest.raises(InvalidField):
        Report(recipients=["not an entry"])
    with pytest.raises(InvalidField):
        Report(subject_identifier=MTSIdentifier("GB", " ", None, "x"),
               recipients=[ReportRecipient.failed(BOB)], content_correlator="c",
               extensions=[extension_field(23, ("ia5text", "d"))]).to_ber()
    with pytest.raises(FieldTooLong) as ei:
        ReportRecipient.failed(BOB, supplementary_info="s" * 257).to_asn1()
    assert ei.value.field == "recipient.supplementary_info"


def test_extensions_that_stay_raw(codec: Any) -> None:
    value = report_value()
    # A content correlator marked critical is not what this model sends: kept raw.
    value["extensions"][0]["criticality"] = frozenset({"for-delivery"})
    value["extensions"].append({"type": ("private_extension", "1.2.3.4"),
                                "value": H("0403010203")})
    r = Report.from_delivery(value)
    assert r.content_correlator is None
    assert [e["type"][1] for e in r.extensions] == [23, 39, "1.2.3.4"]
    assert Report.from_delivery(r.to_ber()) == r


def test_malformed_reports_raise_decode_errors(codec: Any) -> None:
    data = M["ReportDeliveryArgument"].encode(report_value())
    for cut in range(0, len(data), 5):
        with pytest.raises(DecodeError):
            Report.from_delivery(data[:cut])
