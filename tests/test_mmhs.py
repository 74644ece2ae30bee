"""x400fast.mmhs: typed STANAG 4406 (P772) military messages on the model.

Round trips of every military heading field through the typed layer and
the BER (submission, delivery, content), the precedence -> envelope
priority + qualifier mapping, X.411 and ESS security labels, ACP 127
notification requests and responses, validation errors, byte checks
against the sample MM recorded (and dissected by tshark) in
tests/asn1/test_p772.py, and one message over P3 and P7 through the
reference server.
"""
from __future__ import annotations

import datetime as dt
import importlib.util
import os
import shutil

import pytest

from x400fast.asn1 import p772, x411
from x400fast.errors import (InvalidField, MilitaryMessageError,
                             SecurityLabelError)
from x400fast.message import (Message, Notification, OtherNotification, Raw, ReceiptNotification,
                              extension_field)
from x400fast.mmhs import (ACP127NotificationResponse, AddressListDesignator, BodyPartLabel,
                           DistributionExtension, MessageType, MilitaryMessage,
                           MilitaryRecipient, NATO_POLICY, OtherRecipient, PilotInformation,
                           Precedence, SecurityCategory, SecurityInformationLabels,
                           SecurityLabel, military_submission, precedence_name)

UTC = dt.timezone.utc
H = bytes.fromhex
OPS = "/CN=Ops/O=SHAPE/OU=J3/PRMD=NATO/ADMD= /C=BE/"
J3 = "/CN=J3 Desk/O=JFC/PRMD=NATO/ADMD= /C=NO/"
J2 = "/CN=J2 Desk/O=JFC/PRMD=NATO/ADMD= /C=NO/"
AIG = "/O=SHAPE/OU=AIG 1234/PRMD=NATO/ADMD= /C=BE/"
T_RELEASE = dt.datetime(2024, 5, 17, 9, 25, 0, tzinfo=UTC)
T_RECEIPT = dt.datetime(2024, 5, 17, 11, 0, 0, tzinfo=UTC)
T_SUBMIT = dt.datetime(2024, 5, 17, 9, 30, 5, tzinfo=UTC)


def _load_p772_tests():
    """The P772 codec tests' module: its sample MM (tshark-checked) and
    its tshark helpers."""
    path = os.path.join(os.path.dirname(__file__), "asn1", "test_p772.py")
    spec = importlib.util.spec_from_file_location("_p772_vectors", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


P772_TESTS = _load_p772_tests()
SAMPLE_MM = H("".join(P772_TESTS.SAMPLE_MM_HEX.split()))
# The codec tests' category (an EnumeratedTag tshark decodes) and labels.
CATEGORY = SecurityCategory(P772_TESTS.CATEGORY["type"], P772_TESTS.CATEGORY["value"])
LABEL = SecurityLabel(policy=NATO_POLICY, classification="secret", privacy_mark="NATO SECRET",
                      categories=[CATEGORY])
LABEL2 = SecurityLabel(policy=NATO_POLICY, classification=1)


def full_message(**more) -> MilitaryMessage:
    """A military message with every heading field set."""
    kw = dict(
        originator=OPS,
        to=[MilitaryRecipient(J3, receipt_notification=True,
                              acp127_notification={"negative", "transfer"})],
        cc=[J2], subject="SITREP 042", importance="high",
        primary_precedence="flash", copy_precedence=Precedence.ROUTINE,
        message_type=MessageType("exercise", "STEADFAST JUPITER"),
        address_list_indicator=[
            AddressListDesignator(AIG, "primary", notification_request="both",
                                  reply_request="action"),
            AddressListDesignator("/CN=2 BN HQ/O=ARMY/PRMD=NATO/ADMD= /C=NO/", "copy")],
        exempted_addresses=[J2],
        extended_authorisation_info=T_RELEASE,
        sics=["AAA", "ZNY", "K2B12345"],
        distribution_extensions=[DistributionExtension("1.3.6.1.4.1.99999.30",
                                                       H("13075350454349414c"))],
        handling_instructions=["NOFORN", "DELIVER DURING DUTY HOURS"],
        message_instructions=["ZNR UUUUU", "PASS TO J3 DESK"],
        codress_message=1,
        originator_reference="OPS/2024/0517-01",
        other_recipients_indicator=[OtherRecipient("CINCNORTH"),
                                    OtherRecipient("COMSIXTHFLT", "copy")],
        pilot_forwarding_info=[
            PilotInformation("override", [J3], LABEL, ["RELAYED VIA NRTF"]),
            PilotInformation(16)],
        acp127_message_identifier="RBDWMAA 0123 1381200",
        originator_plad="COMSTRIKFORNATO",
        security_information_labels=SecurityInformationLabels(
            LABEL, LABEL2, [BodyPartLabel(LABEL, 1), BodyPartLabel(LABEL2)]),
        security_label=LABEL,
        body=["1. SITUATION: NO CHANGE."])
    kw.update(more)
    return MilitaryMessage(**kw)


def _delivered(m: MilitaryMessage) -> MilitaryMessage:
    m.record_submission({"message_submission_identifier": {
        "global_domain_identifier": {"country_name": ("iso_3166_alpha2_code", "BE"),
                                     "administration_domain_name": ("printable", " ")},
        "local_identifier": "MTA1.0001"}, "message_submission_time": T_SUBMIT})
    m.this_recipient = m.to[0].address
    m.delivery_time = T_RECEIPT
    return m


# ---------------------------------------------------------------------------
# Round trips


def test_full_message_round_trips_through_submission_ber():
    m = full_message()
    data = m.submission_ber()
    back = MilitaryMessage.from_submission(data)
    assert back.military_heading() == m.military_heading()
    assert back.security_label == LABEL
    assert back.to[0].acp127_notification == {"negative", "transfer"}
    assert back.to[0].receipt_notification
    assert back.cc[0].acp127_notification == frozenset()
    assert back.heading_extensions == {}            # all taken into typed fields
    assert back.content_type == p772.id_mct_p772
    assert (back.priority, back.priority_qualifier) == ("urgent", "low")   # flash
    assert back.envelope_precedence == Precedence.FLASH
    assert back.subject == "SITREP 042" and back.text == "1. SITUATION: NO CHANGE."
    # and the read message encodes to the same bytes again
    assert back.submission_ber() == data


def test_full_message_round_trips_through_delivery_and_content():
    m = _delivered(full_message())
    back = MilitaryMessage.from_delivery(m.delivery_ber())
    assert back.military_heading() == m.military_heading()
    assert back.security_label == LABEL and back.priority == "urgent"
    assert back.this_recipient == m.to[0].address
    content_only = MilitaryMessage.from_content(m.to_content())
    assert content_only.military_heading() == m.military_heading()
    assert MilitaryMessage.from_ber(m.to_ber()).to_content() == m.to_content()


FIELD_VALUES = {
    "primary_precedence": Precedence.IMMEDIATE,
    "copy_precedence": Precedence.DEFERRED,
    "message_type": MessageType(200),
    "address_list_indicator": [AddressListDesignator(AIG)],
    "exempted_addresses": [J2],
    "extended_authorisation_info": T_RELEASE,
    "sics": ["ABC"],
    "distribution_extensions": [DistributionExtension("1.2.3.4", H("0500"))],
    "handling_instructions": ["HANDLE WITH CARE"],
    "message_instructions": ["ACK ON RECEIPT"],
    "codress_message": 0,
    "originator_reference": "REF/2024/001",
    "other_recipients_indicator": [OtherRecipient("CTF 65", "copy")],
    "pilot_forwarding_info": [PilotInformation(precedence="immediate", handling=["RELAY"])],
    "acp127_message_identifier": "RUABC 0001 0021530",
    "originator_plad": "COMSIXTHFLT",
    "security_information_labels": SecurityInformationLabels(LABEL2),
}


@pytest.mark.parametrize("name", sorted(FIELD_VALUES))
def test_each_heading_field_alone(name):
    m = MilitaryMessage(originator=OPS, to=[J3], **{name: FIELD_VALUES[name]})
    exts = m.military_extensions()
    assert len(exts) == 1
    oid = next(iter(exts))
    assert oid.startswith(p772.id_mm + ".")
    # the raw extension decodes as its STANAG type
    p772.HEADING_EXTENSIONS[oid].decode(bytes(exts[oid]))
    back = MilitaryMessage.from_submission(m.to_submission())
    assert getattr(back, name) == getattr(m, name)
    assert back.military_heading() == m.military_heading()
    assert back.content_type == p772.id_mct_p772


def test_every_heading_extension_is_covered():
    m = full_message()
    assert set(m.military_extensions()) == set(p772.HEADING_EXTENSIONS)


def test_plain_message_reads_as_military_and_is_left_alone():
    env, content = full_message().to_submission()
    plain = Message.from_submission((env, content))
    assert p772.id_nato_mmhs_mm_primary_precedence in plain.heading_extensions
    assert isinstance(plain.security_label, dict)
    mm = MilitaryMessage.from_message(plain)
    assert mm.primary_precedence is Precedence.FLASH
    assert mm.military_heading() == full_message().military_heading()
    assert p772.id_nato_mmhs_mm_primary_precedence in plain.heading_extensions   # unchanged
    assert MilitaryMessage.from_message(mm) is mm


def test_without_envelope_and_forwarding_keep_military_fields():
    m = full_message()
    copy = m.without_envelope()
    assert isinstance(copy, MilitaryMessage)
    assert copy.military_heading() == m.military_heading()
    assert copy.to[0].acp127_notification == {"negative", "transfer"}
    assert copy.to_content() == m.to_content()


def test_content_type_auto_and_explicit():
    plain = MilitaryMessage(originator=OPS, to=[J3], subject="x")
    assert plain.to_submission().envelope["content_type"] == ("built_in", 22)
    mil = MilitaryMessage(originator=OPS, to=[J3], primary_precedence="routine")
    assert mil.to_submission().envelope["content_type"] == p772.content_type_p772
    only_request = MilitaryMessage(originator=OPS, to=[MilitaryRecipient(
        J3, acp127_notification="positive")])
    assert only_request.effective_content_type() == p772.id_mct_p772
    forced = MilitaryMessage(originator=OPS, to=[J3], primary_precedence="routine",
                             content_type=22)
    assert forced.to_submission().envelope["content_type"] == ("built_in", 22)
    assert forced.content_type == 22                # attributes restored after encoding


# ---------------------------------------------------------------------------
# Byte checks against the recorded sample MM (tests/asn1/test_p772.py: its
# bytes were dissected cleanly by tshark's P772 dissector)


def test_sample_mm_reads_into_typed_fields_and_reencodes_each_extension():
    m = MilitaryMessage.from_content(SAMPLE_MM)
    assert m.primary_precedence is Precedence.FLASH
    assert m.copy_precedence is Precedence.ROUTINE
    assert m.message_type == MessageType("exercise", "STEADFAST JUPITER")
    assert m.sics == ["AAA", "ZNY", "K2B12345"]
    assert m.distribution_extensions == [DistributionExtension("1.3.6.1.4.1.99999.30",
                                                               H("13075350454349414c"))]
    assert m.handling_instructions == ["NOFORN", "DELIVER DURING DUTY HOURS"]
    assert m.other_recipients_indicator == [OtherRecipient("CINCNORTH", "primary"),
                                            OtherRecipient("COMSIXTHFLT", "copy")]
    assert m.pilot_forwarding_info[0].precedence is Precedence.OVERRIDE
    assert m.pilot_forwarding_info[0].security_label.privacy_mark == "NATO SECRET"
    assert m.pilot_forwarding_info[1].precedence is Precedence.ECP
    assert m.address_list_indicator[0].notification_request == "both"
    assert m.extended_authorisation_info == T_RELEASE
    assert m.security_information_labels.body_parts[0].sequence_number == 1
    assert m.to[0].acp127_notification == {"negative", "transfer"}
    assert m.heading_extensions == {}
    # Each typed field encodes to exactly the recorded extension value.
    recorded = {e["type"]: e["value"] for e in p772.MMSInformationObjects[
        "InformationObject"].decode(SAMPLE_MM)[1]["heading"]["extensions"]}
    mine = m.military_extensions()
    assert set(mine) == set(recorded)
    for oid in recorded:
        assert bytes(mine[oid]) == recorded[oid], p772.EXTENSION_NAMES[oid]
    # and so does the recipient's ACP 127 request (inside the RecipientSpecifier)
    spec = p772.MMSInformationObjects["InformationObject"].decode(SAMPLE_MM)[1]["heading"][
        "primary_recipients"][0]
    assert m.to[0].to_specifier() == spec


def test_built_fields_match_recorded_bytes():
    # The same values built by hand give the recorded bytes for the
    # extensions whose value does not depend on O/R descriptor details.
    m = full_message()
    recorded = {e["type"]: e["value"] for e in p772.MMSInformationObjects[
        "InformationObject"].decode(SAMPLE_MM)[1]["heading"]["extensions"]}
    for oid in (p772.id_nato_mmhs_mm_primary_precedence, p772.id_nato_mmhs_mm_copy_precedence,
                p772.id_nato_mmhs_mm_message_type,
                p772.id_nato_mmhs_mm_extended_authorisation_info,
                p772.id_nato_mmhs_mm_distribution_codes,
                p772.id_nato_mmhs_mm_handling_instructions,
                p772.id_nato_mmhs_mm_message_instructions,
                p772.id_nato_mmhs_mm_codress_message, p772.id_nato_mmhs_mm_originator_reference,
                p772.id_nato_mmhs_mm_other_recipients_indicator,
                p772.id_nato_mmhs_mm_acp127_message_identifier,
                p772.id_nato_mmhs_mm_originator_plad):
        assert bytes(m.military_extensions()[oid]) == recorded[oid], p772.EXTENSION_NAMES[oid]


@pytest.mark.skipif(shutil.which("tshark") is None, reason="tshark not installed")
def test_tshark_dissects_our_mm():
    out = P772_TESTS.tshark_p772(full_message().to_content())
    for text in ("STANAG 4406 Message", "PrimaryPrecedence: flash (4)",
                 "CopyPrecedence: routine (1)", "Sic: K2B12345", "OriginatorPlad: COMSTRIKFORNATO",
                 "pilotPrecedence: override (5)", "acp127-notification-request",
                 "body-part-sequence-number: 1", "designator: COMSIXTHFLT"):
        assert text in out, text
    assert P772_TESTS.tshark_problems(out) == []


# ---------------------------------------------------------------------------
# Precedence -> envelope priority and qualifier

PLQ = p772.id_mmts_priority_level_qualifier


def _plq(env):
    found = [e for e in env.get("extensions", ()) if e["type"] == ("private_extension", PLQ)]
    assert len(found) <= 1
    return None if not found else found[0]


@pytest.mark.parametrize("precedence,priority,qualifier,plq_bytes", [
    ("deferred", "non-urgent", "low", "0a0100"),
    ("routine", "non-urgent", "high", "0a0101"),
    ("priority", "normal", "low", "0a0100"),
    ("immediate", "normal", "high", "0a0101"),
    ("flash", "urgent", "low", "0a0100"),
    ("override", "urgent", "high", "0a0101"),
])
def test_precedence_sets_envelope_priority_and_qualifier(precedence, priority, qualifier,
                                                         plq_bytes):
    m = MilitaryMessage(originator=OPS, to=[J3], primary_precedence=precedence)
    env, _ = m.to_submission()
    assert env.get("priority", "normal") == priority
    ext = _plq(env)
    assert ext["value"] == H(plq_bytes) and "criticality" not in ext
    assert m.priority == "normal"                   # the attribute is left as given
    back = MilitaryMessage.from_submission((env, _))
    assert (back.priority, back.priority_qualifier) == (priority, qualifier)
    assert back.envelope_precedence == Precedence.coerce(precedence)
    assert back.primary_precedence.label == precedence
    delivered = MilitaryMessage.from_delivery(_delivered(m).to_delivery())
    assert (delivered.priority, delivered.priority_qualifier) == (priority, qualifier)


def test_precedence_names_numbers_and_national_values():
    assert Precedence.coerce("IMMEDIATE") is Precedence.IMMEDIATE
    assert Precedence.coerce(3) is Precedence.IMMEDIATE and Precedence.IMMEDIATE == 3
    assert Precedence.coerce(18) == 18 and precedence_name(18) == "override"
    assert Precedence.coerce(16).label == "ecp"
    with pytest.raises(MilitaryMessageError) as info:
        MilitaryMessage(originator=OPS, to=[J3], primary_precedence="urgentest")
    assert info.value.field == "primary_precedence"
    for bad in (32, -1, True, 2.0):
        with pytest.raises(MilitaryMessageError):
            Precedence.coerce(bad)
    # A national precedence has no place in the default table...
    m = MilitaryMessage(originator=OPS, to=[J3], primary_precedence="ecp")
    with pytest.raises(MilitaryMessageError) as info:
        m.to_submission()
    assert "precedence_priority" in str(info.value)
    # ...until the caller gives one.
    m.precedence_priority = {**p772.PRECEDENCE_PRIORITY, 16: ("urgent", "high")}
    env, _ = m.to_submission()
    assert env["priority"] == "urgent" and _plq(env)["value"] == H("0a0101")


def test_derive_priority_off_sends_the_attributes():
    m = MilitaryMessage(originator=OPS, to=[J3], primary_precedence="flash",
                        derive_priority=False, priority="non-urgent", priority_qualifier="high")
    env, _ = m.to_submission()
    assert env["priority"] == "non-urgent" and _plq(env)["value"] == H("0a0101")
    none = MilitaryMessage(originator=OPS, to=[J3], derive_priority=False)
    assert _plq(none.to_submission().envelope) is None
    with pytest.raises(MilitaryMessageError):
        MilitaryMessage(originator=OPS, to=[J3], priority_qualifier="medium")
    twice = MilitaryMessage(originator=OPS, to=[J3], primary_precedence="flash",
                            envelope_extensions=[extension_field(PLQ, Raw(H("0a0100")))])
    with pytest.raises(MilitaryMessageError):
        twice.to_submission()


def test_split_by_precedence():
    m = MilitaryMessage(originator=OPS, to=[J3], cc=[J2], primary_precedence="immediate",
                        copy_precedence="routine", subject="x")
    action, info = m.split_by_precedence()
    ea, _ = action.to_submission()
    ei, ci = info.to_submission()
    assert [f["recipient_name"] for f in ea["per_recipient_fields"]] == \
        [m.to[0].address.to_asn1()]
    assert [f["recipient_name"] for f in ei["per_recipient_fields"]] == \
        [m.cc[0].address.to_asn1()]
    assert (ea.get("priority", "normal"), _plq(ea)["value"]) == ("normal", H("0a0101"))
    assert (ei.get("priority"), _plq(ei)["value"]) == ("non-urgent", H("0a0101"))
    # one heading: both say immediate / routine and have the same IPM identifier
    assert action.to_content() == info.to_content() == m.to_content()
    read = MilitaryMessage.from_submission((ei, ci))
    assert read.primary_precedence is Precedence.IMMEDIATE
    single = MilitaryMessage(originator=OPS, to=[J3], cc=[J2], primary_precedence=1,
                             copy_precedence=1)
    assert single.split_by_precedence() == [single]


# ---------------------------------------------------------------------------
# Security labels


def test_security_label_x411_bytes_and_round_trip():
    label = SecurityLabel(policy=NATO_POLICY, classification="secret", privacy_mark="NATO SECRET")
    assert label.classification == 4 and label.classification_name == "secret"
    # SET components in tag order: classification, policy OID, privacy mark.
    expected = H("3119" "020104" "06072b1a00a2360005" "130b4e41544f20534543524554")
    assert label.to_ber() == expected
    assert SecurityLabel.from_ber(expected) == label
    assert SecurityLabel.from_ber(LABEL.to_ber()) == LABEL
    assert LABEL.to_asn1() == P772_TESTS.LABEL
    assert LABEL.to_ber() == x411.MTSAbstractService["SecurityLabel"].encode(P772_TESTS.LABEL)
    assert SecurityLabel(classification=200).classification_name is None


def test_security_label_on_the_envelope_is_extension_20_critical_for_delivery():
    env, _ = full_message().to_submission()
    (ext,) = [e for e in env["extensions"] if e["type"] == ("standard_extension", 20)]
    assert ext["criticality"] == frozenset({"for-delivery"})
    assert ext["value"] == LABEL.to_ber()


def test_security_label_on_a_plain_message():
    m = Message(originator=OPS, to=[J3], security_label=LABEL.to_asn1())
    back = Message.from_submission(m.to_submission())
    assert SecurityLabel.of(back) == LABEL
    assert SecurityLabel.of(Message(originator=OPS, to=[J3])) is None
    # a MilitaryMessage accepts the dict form too
    assert MilitaryMessage(originator=OPS, to=[J3],
                           security_label=LABEL.to_asn1()).security_label == LABEL


def test_ess_conversion():
    ess = LABEL.to_ess()
    assert ess["privacy_mark"] == ("p_string", "NATO SECRET")
    assert ess["security_classification"] == 4
    # the same bytes as the ESS label of the codec tests (tshark-checked there)
    assert LABEL.to_ess_ber() == p772.ExtendedSecurityServices["ESSSecurityLabel"].encode(
        P772_TESTS.ESS_LABEL)
    assert SecurityLabel.from_ess(LABEL.to_ess_ber()) == LABEL
    assert SecurityLabel.from_ess(ess) == LABEL
    with pytest.raises(SecurityLabelError):
        SecurityLabel(classification=4).to_ess()               # ESS needs a policy
    with pytest.raises(SecurityLabelError):
        SecurityLabel.from_ess(P772_TESTS.ESS_LABEL_UTF8)      # not PrintableString
    printable_utf8 = dict(P772_TESTS.ESS_LABEL_UTF8, privacy_mark=("utf8_string", "RESTRICTED"))
    assert SecurityLabel.from_ess(printable_utf8).privacy_mark == "RESTRICTED"


@pytest.mark.parametrize("kw,field", [
    ({"classification": "cosmic"}, "security_label.classification"),
    ({"classification": 257}, "security_label.classification"),
    ({"classification": True}, "security_label.classification"),
    ({"privacy_mark": ""}, "security_label.privacy_mark"),
    ({"privacy_mark": "X" * 129}, "security_label.privacy_mark"),
    ({"privacy_mark": "NATO_SECRET"}, "security_label.privacy_mark"),
    ({"policy": "nato"}, "security_label.policy"),
    ({"categories": [("1.2.3", b"\x02\x01")]}, "security_label.categories[0].value"),
    ({"categories": [("x", b"\x05\x00")]}, "security_label.categories[0].type"),
    ({"categories": [("1.2.3", b"\x05\x00")] * 65}, "security_label.categories"),
])
def test_security_label_validation(kw, field):
    with pytest.raises(SecurityLabelError) as info:
        SecurityLabel(**kw)
    assert info.value.field == field
    assert isinstance(info.value, InvalidField)


# ---------------------------------------------------------------------------
# ACP 127 notifications


def test_acp127_request_per_recipient():
    r = MilitaryRecipient(J3, acp127_notification={"acp127-pn", "negative"})
    assert r.acp127_notification == {"positive", "negative"}
    spec = r.to_specifier()
    (ext,) = spec["recipient_extensions"]
    assert ext["type"] == p772.id_nato_mmhs_mm_acp127_notification_request
    assert ext["value"] == H("030206c0")           # bits 0 and 1 (DER: 6 unused bits)
    with pytest.raises(MilitaryMessageError):
        MilitaryRecipient(J3, acp127_notification={"maybe"})
    twice = MilitaryRecipient(J3, acp127_notification="positive", extensions={
        p772.id_nato_mmhs_mm_acp127_notification_request: Raw(H("03020780"))})
    with pytest.raises(MilitaryMessageError):
        twice.to_specifier()


def test_acp127_response_notification_round_trip():
    m = _delivered(full_message())
    mon = m.acp127_response("positive", T_RECEIPT, acp127_recipient="RUFHNA CINCNORTH",
                            supplementary_info="DELIVERED TO TAPE RELAY",
                            address_list_indicator=[AddressListDesignator(AIG)],
                            ipn_originator="/CN=ACP127 GW/O=NRTF/PRMD=NATO/ADMD= /C=BE/")
    assert isinstance(mon, OtherNotification)
    env, content = military_submission(mon)
    assert env["content_type"] == p772.content_type_p772
    assert env["priority"] == "urgent"              # the MM's (flash) envelope priority
    back = Notification.from_submission((env, content))
    assert back.correlates(m)
    resp = ACP127NotificationResponse.from_notification(back)
    assert resp == ACP127NotificationResponse(
        {"positive"}, T_RECEIPT, "RUFHNA CINCNORTH", "DELIVERED TO TAPE RELAY",
        [AddressListDesignator(AIG)])
    assert ACP127NotificationResponse.from_ber(resp.to_ber()) == resp
    # the codec tests' (tshark-checked) response encodes the same way
    ref = P772_TESTS.ACP127_RESPONSE
    same = ACP127NotificationResponse.from_asn1(ref)
    assert same.to_ber() == p772.OTHER_NOTIFICATION_TYPES[
        p772.id_nato_mmhs_mm_acp127_notification_response].encode(ref)
    # receipts are not ACP 127 responses
    rn = m.receipt(T_RECEIPT)
    assert isinstance(rn, ReceiptNotification)
    assert ACP127NotificationResponse.from_notification(rn) is None
    assert military_submission(rn).envelope["content_type"] == p772.content_type_p772


def test_acp127_response_validation():
    with pytest.raises(Exception) as info:
        ACP127NotificationResponse({"positive"}).to_asn1()
    assert info.value.field == "receipt_time"
    with pytest.raises(MilitaryMessageError):
        ACP127NotificationResponse({"positive"}, T_RECEIPT, acp127_recipient="X" * 129).to_ber()
    with pytest.raises(MilitaryMessageError):
        ACP127NotificationResponse({"weird"}, T_RECEIPT)


# ---------------------------------------------------------------------------
# Validation


@pytest.mark.parametrize("kw,field", [
    ({"sics": ["AB"]}, "sics[0]"),
    ({"sics": ["ABCDEFGHI"]}, "sics[0]"),
    ({"sics": ["AAA"] * 9}, "sics"),
    ({"handling_instructions": ["X" * 70]}, "handling_instructions[0]"),
    ({"message_instructions": ["caf\xe9"]}, "message_instructions[0]"),
    ({"handling_instructions": "NOFORN"}, "handling_instructions"),
    ({"originator_plad": ""}, "originator_plad"),
    ({"originator_reference": 12}, "originator_reference"),
    ({"codress_message": "yes"}, "codress_message"),
    ({"message_type": MessageType("wargame")}, "message_type.type"),
    ({"message_type": MessageType(256)}, "message_type.type"),
    ({"other_recipients_indicator": [OtherRecipient("CTF", "blind")]},
     "other_recipients_indicator[0].type"),
    ({"address_list_indicator": [AddressListDesignator(AIG, notification_request="all")]},
     "address_list_indicator[0].notification_request"),
    ({"distribution_extensions": [("1.2.3", b"\x13\x05AB")]},
     "distribution_extensions[0].value"),
    ({"extended_authorisation_info": dt.datetime(2024, 1, 1)},
     "extended_authorisation_info"),
    ({"extended_authorisation_info": dt.datetime(2050, 1, 1, tzinfo=UTC)},
     "extended_authorisation_info"),
    ({"pilot_forwarding_info": [PilotInformation(handling=["ok", ""])]},
     "pilot_forwarding_info[0].handling[1]"),
])
def test_military_field_validation(kw, field):
    with pytest.raises(MilitaryMessageError) as info:
        MilitaryMessage(originator=OPS, to=[J3], **kw)
    assert info.value.field == field, str(info.value)


def test_field_given_twice_is_refused():
    m = MilitaryMessage(originator=OPS, to=[J3], primary_precedence="flash", heading_extensions={
        p772.id_nato_mmhs_mm_primary_precedence: Raw(H("020101"))})
    with pytest.raises(MilitaryMessageError) as info:
        m.to_content()
    assert info.value.field == "primary_precedence"


def test_errors_are_raised_on_later_changes_too():
    m = MilitaryMessage(originator=OPS, to=[J3])
    m.sics.append("X")
    with pytest.raises(MilitaryMessageError):
        m.to_submission()
    m.sics[:] = ["XYZ"]
    m.primary_precedence = "soon"
    with pytest.raises(MilitaryMessageError):
        m.to_content()


def test_undecodable_military_extension_stays_raw():
    bad = Raw(H("1302ff41"))   # not a PrintableString: originator-plad kept as it came
    m = MilitaryMessage(originator=OPS, to=[J3], heading_extensions={
        p772.id_nato_mmhs_mm_originator_plad: bad})
    back = MilitaryMessage.from_content(m.to_content())
    assert back.originator_plad is None
    assert back.heading_extensions == {p772.id_nato_mmhs_mm_originator_plad: bad}
    assert back.to_content() == m.to_content()
    assert back.effective_content_type() == p772.id_mct_p772


def test_truncated_military_content_raises_decode_errors():
    from x400fast.errors import DecodeError
    data = full_message().to_content()
    for cut in range(0, len(data), 13):
        with pytest.raises(DecodeError):
            MilitaryMessage.from_content(data[:cut])


# ---------------------------------------------------------------------------
# End to end: P3 submission and P7 fetch through the reference server


def _over_p3_and_p7(m: MilitaryMessage) -> MilitaryMessage:
    """Submit m from Alice over P3 to Bob's Message Store and read it back
    over P7 (content and delivery envelope attributes)."""
    import sys
    sys.path.insert(0, os.path.join(os.path.dirname(__file__), "server"))
    try:
        from serversupport import ALICE, BOB, USERS, attributes, ms_fetch, p3_bind, p7_bind
    finally:
        sys.path.pop(0)
    from x400fast import ber
    from x400fast.asn1 import x413
    from x400fast.server import Server

    with Server.temporary(users=USERS) as srv:
        with p3_bind(srv, ALICE) as a:
            a.invoke(3, m.to_submission().argument, abstract_syntax=x411.id_as_msse)
        with p7_bind(srv, BOB) as b:
            got = attributes(ms_fetch(b, 1)["entry_information"])
    content = ber.decode(x413.ATTRIBUTE_SYNTAXES[x413.id_att_content],
                         got[x413.id_att_content][0])
    envelope = ber.decode(x413.ATTRIBUTE_SYNTAXES[x413.id_att_message_delivery_envelope],
                          got[x413.id_att_message_delivery_envelope][0])
    return MilitaryMessage.from_content(content, envelope)


def _server_message() -> MilitaryMessage:
    alice = "/CN=Alice/O=Org/PRMD=P/ADMD= /C=XX/"        # users of tests/server/serversupport
    bob = "/CN=Bob/O=Org/PRMD=P/ADMD= /C=XX/"
    return MilitaryMessage(
        originator=alice, to=[MilitaryRecipient(bob, acp127_notification={"positive"})],
        subject="SITREP 043", primary_precedence="immediate", copy_precedence="routine",
        sics=["AAA"], handling_instructions=["NOFORN"], security_label=LABEL,
        body=["NO CHANGE."])


def test_military_message_over_p3_and_p7():
    m = _server_message()
    back = _over_p3_and_p7(m)
    assert back.military_heading() == m.military_heading()
    assert back.to[0].acp127_notification == {"positive"}
    assert back.content_type == p772.id_mct_p772
    assert back.priority == "normal"                 # immediate = normal + qualifier high
    assert back.text == "NO CHANGE."


def test_military_envelope_extensions_over_p3_and_p7():
    back = _over_p3_and_p7(_server_message())
    assert back.security_label == LABEL
    assert back.priority_qualifier == "high"
    assert back.envelope_precedence is Precedence.IMMEDIATE
