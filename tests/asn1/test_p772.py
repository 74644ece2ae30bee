"""STANAG 4406 Annex A (P772) modules: round trips of every military heading
extension, the recipient and notification extensions, MM / MRN / MNRN / MON
contents and the military body parts on both engines; differential tests
against independent pyasn1 specs; byte vectors for the traps of mmhs.md;
precedence <-> priority and X.411 <-> ESS label helpers; tshark checks.

The pyasn1 specs below are written from the MMS module text (Wireshark's
asn1/p772 copy), X.420, X.411 and RFC 2634, tags spelled out by hand, not
generated from the DSL, so they check the declarations rather than echo them.
"""
from __future__ import annotations

import sys

import datetime as dt
import os
import shutil
import struct
import subprocess
import tempfile

import pytest

from x400fast import ber
from x400fast.asn1 import p772, snake, x411, x420
from x400fast.asn1.core import (
    K_CHOICE, K_EXPLICIT, K_SEQOF, K_SEQUENCE, K_SET, K_SETOF, MISSING, ObjectIdentifier,
)
from x400fast.errors import DecodeError, EncodeError
from x400fast.limits import DEFAULT_LIMITS as L

try:
    from pyasn1.codec.ber import decoder as ber_decoder
    from pyasn1.codec.der import encoder as der_encoder
    from pyasn1.type import char, tag, univ, useful
except ImportError:  # pragma: no cover - pyasn1 is a test dependency
    univ = None

needs_pyasn1 = pytest.mark.skipif(univ is None, reason="pyasn1 not installed")
needs_tshark = pytest.mark.skipif(shutil.which("tshark") is None, reason="tshark not installed")

HEX = p772.MMSHeadingExtensions
MMS = p772.MMSInformationObjects
ESS = p772.ExtendedSecurityServices
IPMS = x420.ipms
UTC = dt.timezone.utc
H = bytes.fromhex
T0 = dt.datetime(2024, 5, 17, 9, 30, 5, tzinfo=UTC)
T1 = dt.datetime(2024, 5, 17, 11, 0, 0, tzinfo=UTC)
T_RELEASE = dt.datetime(2024, 5, 17, 9, 25, 0, tzinfo=UTC)


# ---------------------------------------------------------------------------
# Value-model helpers

_MODULES = {m.name: m for m in p772.MODULES + x420.MODULES + (x411.MTSAbstractService,)}


def T(t):
    """A type given as itself, as "Module.Name" or as a bare MMSHeadingExtensions name."""
    if not isinstance(t, str):
        return t
    module, _, name = t.rpartition(".")
    return _MODULES[module or HEX.name][name]


def enc(t, value):
    return T(t).encode(value)


def der_sorted(set_of, items):
    """Items of SET OF type set_of in DER order (X.690 11.6)."""
    t = T(set_of)
    pairs = []
    for x in items:
        whole = t.encode([x])
        hlen = ber.read_header(whole)[3]
        pairs.append((whole[hlen:], x))
    width = max(len(e) for e, _ in pairs)
    return [x for _, x in sorted(pairs, key=lambda p: p[0].ljust(width, b"\0"))]


def _walk(node, v):
    """v with every absent DEFAULT component filled in, as decode returns it."""
    k = node.kind
    if k == K_EXPLICIT:
        return _walk(node.inner, v)
    if k in (K_SEQUENCE, K_SET):
        out = {}
        for f in node.fields:
            if f.key in v:
                out[f.key] = _walk(f.node, v[f.key])
            elif f.default is not MISSING:
                out[f.key] = f.default
        return out
    if k == K_CHOICE:
        name, inner = v
        return (name, _walk(node.fields[node.by_key[name]].node, inner))
    if k in (K_SEQOF, K_SETOF):
        return [_walk(node.inner, x) for x in v]
    return v


def with_defaults(t, v):
    return _walk(T(t).node(), v)


def tlv(tag_byte, content):
    n = len(content)
    if n < 0x80:
        return bytes((tag_byte, n)) + content
    b = n.to_bytes((n.bit_length() + 7) // 8, "big")
    return bytes((tag_byte, 0x80 | len(b))) + b + content


def oid(dotted):
    return ObjectIdentifier().encode(dotted)


def ext(oid_, t, value):
    """An IPMSExtension whose value is value encoded as t."""
    return {"type": oid_, "value": enc(t, value)}


def instance(oid_, t, value):
    """INSTANCE OF / EXTERNAL with a direct reference and single-ASN1-type."""
    return {"direct_reference": oid_, "encoding": ("single_asn1_type", enc(t, value))}


def roundtrip(engine, t, value):
    t = T(t)
    node = t.node()
    data = engine.encode(node, value)
    back = engine.decode(node, data, L)
    assert back == with_defaults(t, value)
    assert engine.encode(node, back) == data
    return data


# ---------------------------------------------------------------------------
# Realistic values

ALICE = {"built_in_standard_attributes": {
    "country_name": ("iso_3166_alpha2_code", "BE"),
    "administration_domain_name": ("printable", " "),
    "private_domain_name": ("printable", "NATO"),
    "organization_name": "SHAPE",
    "organizational_unit_names": ["J3", "OPS"],
    "personal_name": {"surname": "Peeters", "given_name": "Anne"},
}}
BOB = {"built_in_standard_attributes": {
    "country_name": ("iso_3166_alpha2_code", "NO"),
    "administration_domain_name": ("printable", " "),
    "private_domain_name": ("printable", "NATO"),
    "organization_name": "JFC",
    "personal_name": {"surname": "Berg", "given_name": "Olav", "initials": "O"},
}}
LIST = {"built_in_standard_attributes": {
    "country_name": ("iso_3166_alpha2_code", "BE"),
    "administration_domain_name": ("printable", " "),
    "private_domain_name": ("printable", "NATO"),
    "organization_name": "SHAPE",
    "organizational_unit_names": ["AIG 1234"],
}}

ALICE_D = {"formal_name": ALICE, "free_form_name": "SACEUR J3 Duty Officer"}
BOB_D = {"formal_name": BOB, "telephone_number": "+47 5150 0000"}
LIST_D = {"formal_name": LIST, "free_form_name": "AIG 1234"}
FREE_D = {"free_form_name": "2 BN HQ"}

# A security category whose value Wireshark's ESS dissector knows (it names
# the OID id-enumeratedPermissiveAttributes and reads an EnumeratedTag), so
# that tshark decodes the labels through.
ENUMERATED_TAG = "2.16.840.1.101.2.1.8.3.1"
CATEGORY_VALUE = tlv(0x30, oid(p772.id_policy) + tlv(0x31, H("020101") + H("020103")))
CATEGORY = {"type": ENUMERATED_TAG, "value": CATEGORY_VALUE}
LABEL = {"security_policy_identifier": p772.id_policy, "security_classification": 4,
         "privacy_mark": "NATO SECRET", "security_categories": [CATEGORY]}
LABEL2 = {"security_policy_identifier": p772.id_policy, "security_classification": 1}

ALI = [
    {"type": 0, "list_name": LIST_D, "notification_request": 2, "reply_request": 0},
    {"type": 1, "list_name": FREE_D},
]

#: One value for every heading extension, keyed by OID.
HEADING_EXTENSION_VALUES = {
    p772.id_nato_mmhs_mm_primary_precedence: 4,                     # flash
    p772.id_nato_mmhs_mm_copy_precedence: 1,                        # routine
    p772.id_nato_mmhs_mm_message_type: {"type": 0, "identifier": "STEADFAST JUPITER"},
    p772.id_nato_mmhs_mm_address_list_indicator: ALI,
    p772.id_nato_mmhs_mm_exempted_address: [BOB_D, FREE_D],
    p772.id_nato_mmhs_mm_extended_authorisation_info: T_RELEASE,
    p772.id_nato_mmhs_mm_distribution_codes: {
        "sics": ["AAA", "ZNY", "K2B12345"],
        "dist_extensions": [{"dist_type": "1.3.6.1.4.1.99999.30",
                             "dist_value": tlv(0x13, b"SPECIAL")}],
    },
    p772.id_nato_mmhs_mm_handling_instructions: ["NOFORN", "DELIVER DURING DUTY HOURS"],
    p772.id_nato_mmhs_mm_message_instructions: ["ZNR UUUUU", "PASS TO J3 DESK"],
    p772.id_nato_mmhs_mm_codress_message: 1,
    p772.id_nato_mmhs_mm_originator_reference: "OPS/2024/0517-01",
    p772.id_nato_mmhs_mm_other_recipients_indicator: [
        {"type": 0, "designator": "CINCNORTH"},
        {"type": 1, "designator": "COMSIXTHFLT"},
    ],
    p772.id_nato_mmhs_mm_pilot_forwarding_info: [
        {"pilot_precedence": 5, "pilot_recipient": [BOB_D, FREE_D],
         "pilot_security": LABEL, "pilot_handling": ["RELAYED VIA NRTF"]},
        {"pilot_precedence": 16},
    ],
    p772.id_nato_mmhs_mm_acp127_message_identifier: "RBDWMAA 0123 1381200",
    p772.id_nato_mmhs_mm_originator_plad: "COMSTRIKFORNATO",
    p772.id_nato_mmhs_mm_information_labels: {
        "content_security_label": LABEL,
        "heading_security_label": LABEL2,
        "body_part_security_labels": [
            {"body_part_security_label": LABEL, "body_part_sequence_number": 1},
            {"body_part_security_label": LABEL2},
        ],
    },
}
NOTIFICATION_TYPE = frozenset({"acp127-nn", "acp127-tn"})
ACP127_RESPONSE = {
    "acp127_notification_type": frozenset({"acp127-pn"}),
    "receipt_time": T1,
    "address_list_indicator": ALI[:1],
    "acp127_recipient": "RUFHNA CINCNORTH",
    "acp127_supp_info": "DELIVERED TO TAPE RELAY",
}


def heading_extension(oid_):
    return ext(oid_, p772.HEADING_EXTENSIONS[oid_], HEADING_EXTENSION_VALUES[oid_])


def rs(descriptor, requests=frozenset(), reply=False, **more):
    return dict({"recipient": descriptor, "notification_requests": requests,
                 "reply_requested": reply}, **more)


THIS_IPM = {"user": ALICE, "user_relative_identifier": "0001 170925Z MAY 24"}
RS_ACTION = rs(BOB_D, frozenset({"rn", "nrn"}), True, recipient_extensions=[ext(
    p772.id_nato_mmhs_mm_acp127_notification_request,
    p772.RECIPIENT_EXTENSIONS[p772.id_nato_mmhs_mm_acp127_notification_request],
    NOTIFICATION_TYPE)])
RS_INFO = rs(LIST_D, frozenset({"nrn"}))


def ia5(text):
    return ("basic", ("ia5_text", {"parameters": {"repertoire": "ia5"}, "data": text}))


def heading(extensions):
    return {
        "this_ipm": THIS_IPM, "originator": ALICE_D,
        "primary_recipients": [RS_ACTION], "copy_recipients": [RS_INFO],
        "obsoleted_ipms": [], "related_ipms": [], "subject": "SITREP 042",
        "importance": "high", "auto_forwarded": False, "extensions": extensions,
    }


DELIVERY_ENVELOPE = {
    "content_type": ("extended", p772.id_mct_p772),
    "originator_name": ALICE,
    "priority": "urgent",
    "this_recipient_name": BOB,
    "message_submission_time": T0,
}
FORWARDED_PARAMETERS = {"delivery_time": T1, "delivery_envelope": DELIVERY_ENVELOPE}
INNER_MM = {"heading": {"this_ipm": {"user": BOB, "user_relative_identifier": "0042 160800Z"},
                        "primary_recipients": [rs(ALICE_D)], "copy_recipients": [],
                        "obsoleted_ipms": [], "related_ipms": [], "importance": "normal",
                        "auto_forwarded": False, "extensions": [
                            heading_extension(p772.id_nato_mmhs_mm_primary_precedence)]},
            "body": [ia5("Original text")]}

#: {data OID: (data value, parameters value)} for every military body part.
BODY_PART_VALUES = {
    p772.id_nato_mmhs_et_adatp3: (("set_oriented", ["EXER/STEADFAST JUPITER//",
                                                    "MSGID/SITREP/SHAPE//"]), 0),
    p772.id_nato_mmhs_et_corrections: ("CORRECTION: PARA 2 READ 1200Z", 1),
    p772.id_nato_mmhs_et_forwarded_encrypted: ((H("0f1e2d3c4b5a6978"), 64), FORWARDED_PARAMETERS),
    p772.id_nato_mmhs_et_mm_message: (INNER_MM, FORWARDED_PARAMETERS),
    p772.id_nato_mmhs_et_mm_acp127data: ("VZCZCRBD001\r\nOO RUFHNA\r\nDE RBDWMAA #0123\r\n", 2),
}


def body_part(data_oid):
    entry = p772.EXTENDED_BODY_PART_TYPES[data_oid]
    data, params = BODY_PART_VALUES[data_oid]
    return ("extended", {
        "parameters": instance(entry.parameters_oid, entry.parameters_type, params),
        "data": instance(entry.data_oid, entry.data_type, data)})


def full_mm():
    exts = der_sorted("IPMSInformationObjects.ExtensionsField",
                      [heading_extension(o) for o in HEADING_EXTENSION_VALUES])
    return {"heading": heading(exts),
            "body": [ia5("1. SITUATION: NO CHANGE.\r\n")] +
                    [body_part(o) for o in sorted(BODY_PART_VALUES)]}


MRN = {
    "subject_ipm": THIS_IPM,
    "ipn_originator": BOB_D,
    "choice": ("receipt_fields", {"receipt_time": T1, "acknowledgment_mode": "manual",
                                  "suppl_receipt_info": "READ BY WATCH OFFICER"}),
}
MNRN = {
    "subject_ipm": THIS_IPM,
    "ipm_intended_recipient": {"formal_name": BOB},
    "choice": ("non_receipt_fields", {"non_receipt_reason": "ipm-discarded",
                                      "discard_reason": "ipm-expired"}),
}
MON = {
    "subject_ipm": THIS_IPM,
    "ipn_originator": {"free_form_name": "ACP127 GATEWAY"},
    "choice": ("other_notification_type_fields", [ext(
        p772.id_nato_mmhs_mm_acp127_notification_response,
        p772.OTHER_NOTIFICATION_TYPES[p772.id_nato_mmhs_mm_acp127_notification_response],
        ACP127_RESPONSE)]),
}

IO = MMS["InformationObject"]
INFORMATION_OBJECTS = {
    "mm": ("mm", full_mm()),
    "mrn": ("mn", MRN),
    "mnrn": ("mn", MNRN),
    "mon": ("mn", MON),
}

ESS_LABEL = {"security_policy_identifier": p772.id_policy, "security_classification": 4,
             "privacy_mark": ("p_string", "NATO SECRET"), "security_categories": [CATEGORY]}
ESS_LABEL_UTF8 = {"security_policy_identifier": "1.3.6.1.4.1.99999.50",
                  "privacy_mark": ("utf8_string", "Diffusion restreinte \u2013 \xe9t\xe9")}


# ---------------------------------------------------------------------------
# Round trips on both engines


@pytest.mark.parametrize("oid_", sorted(HEADING_EXTENSION_VALUES))
def test_heading_extension_roundtrip(engine, oid_):
    t = p772.HEADING_EXTENSIONS[oid_]
    value = HEADING_EXTENSION_VALUES[oid_]
    roundtrip(engine, t, value)
    # Carried in an IPMSExtension, decoded in the two steps the table serves.
    node = IPMS["IPMSExtension"].node()
    back = engine.decode(node, engine.encode(node, heading_extension(oid_)), L)
    assert back["type"] == oid_
    assert engine.decode(t.node(), back["value"], L) == with_defaults(t, value)


def test_every_heading_extension_has_a_value():
    assert set(HEADING_EXTENSION_VALUES) == set(p772.HEADING_EXTENSIONS)
    names = set(p772.EXTENSION_NAMES)
    assert set(p772.HEADING_EXTENSIONS) | set(p772.RECIPIENT_EXTENSIONS) | \
        set(p772.OTHER_NOTIFICATION_TYPES) == names
    assert names == {p772.id_mm + ".%d" % i for i in range(18)}


def test_recipient_and_notification_extensions_roundtrip(engine):
    roundtrip(engine, p772.RECIPIENT_EXTENSIONS[p772.id_nato_mmhs_mm_acp127_notification_request],
              NOTIFICATION_TYPE)
    t = p772.OTHER_NOTIFICATION_TYPES[p772.id_nato_mmhs_mm_acp127_notification_response]
    roundtrip(engine, t, ACP127_RESPONSE)
    roundtrip(engine, t, {"acp127_notification_type": frozenset(), "receipt_time": T0})
    roundtrip(engine, p772.MTS_EXTENSIONS[p772.id_mmts_priority_level_qualifier], "high")


@pytest.mark.parametrize("name", sorted(INFORMATION_OBJECTS))
def test_information_object_roundtrip(engine, name):
    data = roundtrip(engine, IO, INFORMATION_OBJECTS[name])
    assert data[0] == (0xA0 if name == "mm" else 0xA1)


def test_mm_and_mn_encode_as_ipm_and_ipn(engine):
    # The same values with X.420's alternatives give the same bytes: only the
    # envelope content type tells a P772 content from a P22 one.
    x420_io = IPMS["InformationObject"].node()
    for name, (alt, value) in INFORMATION_OBJECTS.items():
        ours = engine.encode(IO.node(), (alt, value))
        assert engine.encode(x420_io, ("ipm" if alt == "mm" else "ipn", value)) == ours
        assert engine.decode(x420_io, ours, L)[1] == engine.decode(IO.node(), ours, L)[1]


def test_mrn_mnrn_mon_are_mn():
    assert MMS["MRN"].node() is MMS["MN"].node()
    assert MMS["MNRN"].node() is MMS["MON"].node() is MMS["MN"].node()


@pytest.mark.parametrize("oid_", sorted(BODY_PART_VALUES))
def test_body_part_roundtrip(engine, oid_):
    entry = p772.EXTENDED_BODY_PART_TYPES[oid_]
    data, params = BODY_PART_VALUES[oid_]
    roundtrip(engine, entry.data_type, data)
    roundtrip(engine, entry.parameters_type, params)
    roundtrip(engine, "IPMSInformationObjects.BodyPart", body_part(oid_))


def test_forwarded_p772_content_body_part(engine):
    content = IO.encode(("mm", INNER_MM))
    entry = x420.EXTENDED_BODY_PART_TYPES[x420.id_et_content]
    value = ("extended", {
        "parameters": instance(p772.id_ep_content_p772, entry.parameters_type,
                               {"delivery_time": T1, "delivery_envelope": DELIVERY_ENVELOPE}),
        "data": instance(p772.id_et_content_p772, entry.data_type, content)})
    roundtrip(engine, "IPMSInformationObjects.BodyPart", value)


@pytest.mark.parametrize("value", [ESS_LABEL, ESS_LABEL_UTF8])
def test_ess_label_roundtrip(engine, value):
    roundtrip(engine, ESS["ESSSecurityLabel"], value)
    roundtrip(engine, p772.ESS_ATTRIBUTES[p772.id_aa_equivalent_labels], [value, value])


def test_engines_agree_on_the_full_mm(both):
    value = INFORMATION_OBJECTS["mm"]
    outs = {e.encode(IO.node(), value) for e in both}
    assert len(outs) == 1
    data = outs.pop()
    values = [e.decode(IO.node(), data, L) for e in both]
    assert all(v == values[0] for v in values)


# ---------------------------------------------------------------------------
# Precedence and envelope priority


def test_precedence_names():
    assert [p772.PRECEDENCE_NAMES[i] for i in range(6)] == [
        "deferred", "routine", "priority", "immediate", "flash", "override"]
    assert p772.PRECEDENCE_NAMES[16] == "ecp" and p772.PRECEDENCE_NAMES[17] == "critic"
    assert p772.PRECEDENCE_NAMES[18] == "override"
    assert p772.PRECEDENCE_VALUES["override"] == 5 and p772.PRECEDENCE_VALUES["flash"] == 4
    assert HEX["MMHSPrecedence"].node().named == p772.PRECEDENCE_VALUES


def test_envelope_priority_table():
    # mmhs.md 6.2: three priorities times two qualifiers.
    assert [p772.envelope_priority(p) for p in range(6)] == [
        ("non-urgent", "low"), ("non-urgent", "high"), ("normal", "low"),
        ("normal", "high"), ("urgent", "low"), ("urgent", "high")]
    for p in range(6):
        assert p772.precedence_from_priority(*p772.envelope_priority(p)) == p
    # The names are those of the envelope types.
    prio = x411.MTSAbstractService["Priority"].node().named
    plq = p772.MTS_EXTENSIONS[p772.id_mmts_priority_level_qualifier].node().named
    for priority, qualifier in p772.PRECEDENCE_PRIORITY.values():
        assert priority in prio and qualifier in plq


def test_priority_without_qualifier_reads_as_the_lower_precedence():
    assert p772.precedence_from_priority("urgent") == 4
    assert p772.precedence_from_priority("normal") == 2
    assert p772.precedence_from_priority("non-urgent") == 0


def test_precedence_without_a_place_is_refused():
    for bad in (6, 16, 18, -1, "flash", None, [4]):
        with pytest.raises(EncodeError):
            p772.envelope_priority(bad)
    with pytest.raises(EncodeError):
        p772.precedence_from_priority("urgent", "medium")
    # A national table places the national values.
    national = {**p772.PRECEDENCE_PRIORITY, 16: ("urgent", "high"), 17: ("urgent", "high")}
    assert p772.envelope_priority(17, national) == ("urgent", "high")
    assert p772.precedence_from_priority("urgent", "high", national) == 5


# ---------------------------------------------------------------------------
# X.411 and ESS labels


def test_label_conversion():
    ess = p772.ess_label_from_x411(LABEL)
    assert ess == ESS_LABEL
    assert p772.x411_label_from_ess(ess) == LABEL
    assert p772.x411_label_from_ess({"security_policy_identifier": "1.2.3",
                                     "privacy_mark": ("utf8_string", "RESTRICTED")}) == {
        "security_policy_identifier": "1.2.3", "privacy_mark": "RESTRICTED"}
    # Both forms encode the categories the same way.
    mts = x411.MTSAbstractService
    x411_bytes = mts["MessageSecurityLabel"].encode(LABEL)
    ess_bytes = ESS["ESSSecurityLabel"].encode(ess)
    assert x411_bytes == ess_bytes        # a p_string mark is the X.411 PrintableString


def test_label_conversion_refusals():
    with pytest.raises(EncodeError):      # ESS needs a policy
        p772.ess_label_from_x411({"security_classification": 3})
    with pytest.raises(EncodeError):      # not PrintableString
        p772.x411_label_from_ess(ESS_LABEL_UTF8)
    with pytest.raises(EncodeError):      # over ub-privacy-mark-length
        p772.x411_label_from_ess({"security_policy_identifier": "1.2.3",
                                  "privacy_mark": ("utf8_string", "X" * 129)})
    with pytest.raises(EncodeError):
        p772.x411_label_from_ess({"security_policy_identifier": "1.2.3",
                                  "privacy_mark": "NOT A CHOICE"})


# ---------------------------------------------------------------------------
# Byte vectors for the traps


def vec(t, value, hexstr):
    """value encodes to hexstr (spaces ignored) and decodes back."""
    data = H(hexstr.replace(" ", ""))
    t = T(t)
    assert t.encode(value) == data
    assert t.decode(data) == with_defaults(t, value)


def test_vector_information_object_tags():
    # mm [0] replaces MM's SEQUENCE tag (A0 31 ..., no 30): the X.420 shape.
    mm = ("mm", {"heading": {"this_ipm": {"user_relative_identifier": "1"}},
                 "body": [("basic", ("ia5_text", {"parameters": {}, "data": "hi"}))]})
    vec(IO, mm, "a011 3105 6b03130131 3008 a006 3100 16026869")
    # mn [1] replaces MN's SET tag; MN.choice [0] is explicit around its
    # CHOICE: A0 { A1 { 80 receipt-time } }.
    mrn = ("mn", {"subject_ipm": {"user_relative_identifier": "1"},
                  "choice": ("receipt_fields", {"receipt_time": T0})})
    vec(IO, mrn, "a118 6b03130131 a011 a10f 800d 3234303531373039333030355a")


def test_vector_precedence_extension_value_follows_the_oid():
    # The IPMSExtension value is untagged: 02 01 04 right after the OID.
    vec("IPMSInformationObjects.IPMSExtension",
        heading_extension(p772.id_nato_mmhs_mm_primary_precedence),
        "300d 06082b1a00a2360002 00 020104")
    # National precedences are plain integers: 18 ("override" again) decodes as 18.
    vec("CopyPrecedence", 18, "020112")


def test_vector_extended_authorisation_info_is_utctime():
    # UTCTime (17), where X.420's authorization-time is a GeneralizedTime (18).
    vec("ExtendedAuthorisationInfo", T_RELEASE, "170d 3234303531373039323530305a")
    with pytest.raises(DecodeError):
        T("ExtendedAuthorisationInfo").decode(H("180f 32303234303531373039323530305a"
                                                .replace(" ", "")))


def test_vector_message_type_is_a_set_with_implicit_tags():
    vec("MessageType", {"type": 3, "identifier": "EX"}, "3107 800103 81024558")
    # BER lets the SET arrive in any order.
    assert T("MessageType").decode(H("3107 81024558 800103".replace(" ", ""))) == \
        {"type": 3, "identifier": "EX"}


def test_vector_distribution_codes():
    # sics [0] SEQUENCE OF -> A0 { 13 ... }; dist-Extensions [1] -> A1 { 30 {
    # 06 oid, raw value } } (SEQUENCE {OID, ANY} as Wireshark and Isode read
    # it, not INSTANCE OF's 28 { 06, A0 {} }).
    vec("DistributionCodes", {"sics": ["ABC"], "dist_extensions": [
        {"dist_type": "1.2.3", "dist_value": H("0101ff")}]},
        "3112 a005 1303414243 a109 3007 06022a03 0101ff")


def test_vector_sic_bounds():
    t = T("DistributionCodes")
    with pytest.raises(EncodeError):                  # SIC of 2 characters
        t.encode({"sics": ["AB"]})
    with pytest.raises(EncodeError):                  # SIC of 9 characters
        t.encode({"sics": ["ABCDEFGHI"]})
    with pytest.raises(EncodeError):                  # 9 SICs
        t.encode({"sics": ["AAA"] * 9})
    with pytest.raises(EncodeError):                  # no SICs in a present list
        t.encode({"sics": []})
    nine = H("312f a02d") + H("1303414141") * 9
    with pytest.raises(DecodeError):                  # and 9 are refused on input
        t.decode(nine)
    eight = H("312a a028") + H("1303414141") * 8
    assert t.decode(eight) == {"sics": ["AAA"] * 8}


def test_vector_military_string_bounds():
    assert p772.ub_military_string == 69
    vec("OriginatorPlad", "X" * 69, "1345" + "58" * 69)
    for t in ("OriginatorPlad", "OriginatorReference", "Acp127MessageIdentifier",
              "MessageIdentifier", "MilitaryString"):
        with pytest.raises(EncodeError):
            T(t).encode("X" * 70)
        with pytest.raises(EncodeError):
            T(t).encode("")
        with pytest.raises(EncodeError):        # PrintableString has no '!'
            T(t).encode("FLASH!")
    with pytest.raises(EncodeError):
        T("HandlingInstructions").encode(["OK", "X" * 70])
    big = p772.MMSOtherNotificationTypeExtensions["Acp127SuppInfo"]
    assert big.encode("X" * 128)[:3] == H("138180")
    with pytest.raises(EncodeError):
        big.encode("X" * 129)


def test_vector_pilot_information_tags():
    # pilotPrecedence [0] implicit INTEGER (80), pilotRecipient [1] SEQUENCE OF
    # (A1 { 31 ORDescriptor }), pilotSecurity [2] implicit on the label's SET:
    # A2 holds the label's components directly (as in Isode's
    # pilot_fwd_info.ber), pilotHandling [3] (A3 { 13 ... }).
    value = [{"pilot_precedence": 5, "pilot_recipient": [{"free_form_name": "X"}],
              "pilot_security": {"security_classification": 2},
              "pilot_handling": ["H"]}]
    vec("PilotInformationSeq", value,
        "3016 3014 800105 a105 3103 800158 a203 020102 a303 130148")
    # A2 { 31 ... } (an explicit reading) is refused rather than misread.
    with pytest.raises(DecodeError):
        T("PilotInformation").decode(H("3007 a205 3103 020102".replace(" ", "")))


def test_vector_address_list_and_other_recipients():
    vec("AddressListDesignatorSeq", [{"type": 1, "list_name": {"free_form_name": "L"},
                                      "reply_request": 2}],
        "300d 310b 800101 a103 80014c 830102")
    vec("OtherRecipientDesignatorSeq", [{"type": 0, "designator": "D"}],
        "3008 3106 800100 810144")
    # ExemptedAddress is an ORDescriptor, untagged: 30 { 31 {...} }.
    vec("ExemptedAddressSeq", [{"free_form_name": "E"}], "3005 3103 800145")


def test_vector_security_information_labels():
    # content [0] and heading [1] implicit on SecurityLabel (A0, A1); each
    # body-part label is a SET (31), not X.420's CHOICE, with [0] label and
    # [1] sequence number.
    value = {"content_security_label": {"security_classification": 4},
             "body_part_security_labels": [
                 {"body_part_security_label": {"privacy_mark": "P"},
                  "body_part_sequence_number": 2}]}
    vec("SecurityInformationLabels", value,
        "3011 a003 020104 a20a 3108 a003 130150 810102")


def test_vector_acp127_notification_type_bits():
    t = p772.RECIPIENT_EXTENSIONS[p772.id_nato_mmhs_mm_acp127_notification_request]
    # DER drops trailing zero bits: acp127-pn alone is bit 1, 03 02 06 40.
    vec(t, frozenset({"acp127-pn"}), "0302 0640")
    vec(t, frozenset({"acp127-nn", "acp127-pn", "acp127-tn"}), "0302 05e0")
    vec(t, frozenset(), "0301 00")


def test_vector_acp127_notification_response():
    t = p772.OTHER_NOTIFICATION_TYPES[p772.id_nato_mmhs_mm_acp127_notification_response]
    value = {"acp127_notification_type": frozenset({"acp127-tn"}), "receipt_time": T0,
             "address_list_indicator": [{"type": 0, "list_name": {"free_form_name": "L"}}],
             "acp127_recipient": "R", "acp127_supp_info": "S"}
    # [0] BIT STRING -> 80, receipt-time [1] UTCTime -> 81, addressListIndicator
    # [2] SEQUENCE OF -> A2 { 31 ... }, [3] / [4] PrintableStrings -> 83 / 84.
    vec(t, value, "3125 80020520 810d 3234303531373039333030355a"
                  " a20a 3108 800100 a103 80014c 830152 840153")


def test_vector_priority_level_qualifier_is_enumerated():
    t = p772.MTS_EXTENSIONS[p772.id_mmts_priority_level_qualifier]
    vec(t, "high", "0a0101")
    # As an envelope private extension: type [3] OID (83), value [2] explicit.
    field = {"type": ("private_extension", p772.id_mmts_priority_level_qualifier),
             "value": t.encode("low")}
    vec("MTSAbstractService.ExtensionField", field, "300f 83082b1a00a236000800 a203 0a0100")


def test_vector_ess_label():
    # Policy mandatory; DER orders the SET by the chosen privacy-mark
    # alternative: 02 classification, 06 policy, 0C utf8String, 31
    # categories (SET is universal 17), 13 pString (19).
    vec(ESS["ESSSecurityLabel"], {"security_policy_identifier": "1.2.3",
                                  "security_classification": 2,
                                  "privacy_mark": ("utf8_string", "\xe9")},
        "310b 020102 06022a03 0c02c3a9")
    vec(ESS["ESSSecurityLabel"], {"security_policy_identifier": "1.2.3",
                                  "privacy_mark": ("p_string", "R"),
                                  "security_categories": [{"type": "1.2.4",
                                                           "value": H("0500")}]},
        "3113 06022a03 310a 3008 80022a04 a102 0500 130152")
    with pytest.raises(DecodeError):          # no policy identifier
        ESS["ESSSecurityLabel"].decode(H("3103020102"))


def test_vector_adatp3_data():
    t = p772.EXTENDED_BODY_PART_TYPES[p772.id_nato_mmhs_et_adatp3].data_type
    # [0] IMPLICIT IA5String -> 80; [1] IMPLICIT SEQUENCE OF -> A1 { 16 ... }.
    vec(t, ("line_oriented", "A//"), "8003412f2f")
    vec(t, ("set_oriented", ["A", "B"]), "a106 160141 160142")
    t = p772.EXTENDED_BODY_PART_TYPES[p772.id_nato_mmhs_et_mm_acp127data].data_type
    with pytest.raises(EncodeError):
        t.encode("")


def test_oids_and_bounds():
    assert p772.id_mct_p772 == "1.3.26.0.4406.0.4.1"
    assert p772.content_type_p772 == ("extended", "1.3.26.0.4406.0.4.1")
    assert x411.MTSAbstractService["ContentType"].encode(p772.content_type_p772) == \
        H("06082b1a00a236000401")
    assert p772.id_et_content_p772 == "2.6.1.4.17.1.3.26.0.4406.0.4.1"
    assert p772.id_ep_content_p772 == "2.6.1.11.17.1.3.26.0.4406.0.4.1"
    assert p772.id_nato_mmhs_mm_information_labels == "1.3.26.0.4406.0.2.17"
    assert p772.id_nato_mmhs_mm_acp127_notification_response == "1.3.26.0.4406.0.2.16"
    assert p772.id_nato_mmhs_nat_acp127_notification_response == "1.3.26.0.4406.0.9.0"
    assert p772.id_mmts_priority_level_qualifier == "1.3.26.0.4406.0.8.0"
    assert p772.id_nato_mmhs_et_mm_acp127data_parameters == "1.3.26.0.4406.0.7.13"
    assert p772.id_nato_mmhs_hat_security_information_labels == "1.3.26.0.4406.0.3.19"
    assert p772.id_aa_security_label == "1.2.840.113549.1.9.16.2.2"
    assert (p772.ub_military_string, p772.ub_military_number_of_sics, p772.lb_military_sic,
            p772.ub_military_sic, p772.ub_military_bigstring, p772.ub_data_size) == (
        69, 8, 3, 8, 128, 65535)
    assert all(hasattr(p772, n) for n in p772.__all__)
    assert "lb_military_sic" in p772.__all__ and "id_mct_p772" in p772.__all__
    assert [m.name for m in p772.MODULES] == [
        "MMSHeadingExtensions", "MMSPerRecipientSpecifierExtensions",
        "MMSOtherNotificationTypeExtensions", "MMSInformationObjects",
        "MMSExtendedBodyPartTypes", "ExtendedSecurityServices"]


def test_pilot_security_is_the_x411_message_security_label():
    field = HEX["PilotInformation"].node().fields[2]
    assert field.key == "pilot_security"
    label = x411.MTSAbstractService["MessageSecurityLabel"].node()
    assert [(f.key, f.node) for f in field.node.fields] == [(f.key, f.node) for f in label.fields]
    assert field.node.header == b"\xa2" and label.header == b"\x31"


# ---------------------------------------------------------------------------
# pyasn1 specs, written from the module texts


if univ is not None:
    try:
        from .pyasn1_kit import (APP, BITS, CHO, D, ENUM, F, O, SEQ, SEQOF, SET, SETOF,
                                 exp, imp)
    except ImportError:     # loaded as a plain file (tests/test_model_interop.py)
        sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
        from pyasn1_kit import (APP, BITS, CHO, D, ENUM, F, O, SEQ, SEQOF, SET, SETOF,
                                exp, imp)

    OID = univ.ObjectIdentifier
    PS = char.PrintableString
    IA5 = char.IA5String
    INT = univ.Integer
    UTC_T = useful.UTCTime

    # X.411: O/R names (as far as the values above use them), labels, envelope
    P_ORName = imp(SEQ(
        F("built-in-standard-attributes", SEQ(
            O("country-name", exp(CHO(F("x121-dcc-code", char.NumericString()),
                                      F("iso-3166-alpha2-code", PS())), 1, APP)),
            O("administration-domain-name", exp(CHO(F("numeric", char.NumericString()),
                                                    F("printable", PS())), 2, APP)),
            O("private-domain-name", exp(CHO(F("numeric", char.NumericString()),
                                             F("printable", PS())), 2)),
            O("organization-name", imp(PS(), 3)),
            O("personal-name", imp(SET(
                F("surname", imp(PS(), 0)), O("given-name", imp(PS(), 1)),
                O("initials", imp(PS(), 2)), O("generation-qualifier", imp(PS(), 3))), 5)),
            O("organizational-unit-names", imp(SEQOF(PS()), 6)))),
    ), 0, APP)
    P_ORDescriptor = SET(O("formal-name", P_ORName),
                         O("free-form-name", imp(char.TeletexString(), 0)),
                         O("telephone-number", imp(PS(), 1)))
    P_SecurityCategory = SEQ(F("type", imp(OID(), 0)), F("value", exp(univ.Any(), 1)))
    P_SecurityLabel = SET(
        O("security-policy-identifier", OID()), O("security-classification", INT()),
        O("privacy-mark", PS()), O("security-categories", SETOF(P_SecurityCategory)))
    P_OMDF = SET(
        F("content-type", CHO(F("built-in", imp(INT(), 6, APP)), F("extended", OID()))),
        F("originator-name", P_ORName),
        D("priority", imp(ENUM((("normal", 0), ("non-urgent", 1), ("urgent", 2)), "normal"),
                          7, APP)),
        F("this-recipient-name", imp(P_ORName, 4)),
        F("message-submission-time", imp(UTC_T(), 7)))
    P_DeliveryParameters = SET(O("delivery-time", imp(UTC_T(), 0)),
                               F("delivery-envelope", imp(P_OMDF, 1)))

    # MMSHeadingExtensions
    P_MilitaryString = PS()
    P_AddressListDesignator = SET(
        F("type", imp(INT(), 0)),
        F("listName", imp(P_ORDescriptor, 1)),
        O("notificationRequest", imp(INT(), 2)),
        O("replyRequest", imp(INT(), 3)))
    P_HEADING_EXTENSIONS = {
        p772.id_nato_mmhs_mm_primary_precedence: INT(),
        p772.id_nato_mmhs_mm_copy_precedence: INT(),
        p772.id_nato_mmhs_mm_message_type: SET(F("type", imp(INT(), 0)),
                                               O("identifier", imp(PS(), 1))),
        p772.id_nato_mmhs_mm_address_list_indicator: SEQOF(P_AddressListDesignator),
        p772.id_nato_mmhs_mm_exempted_address: SEQOF(P_ORDescriptor),
        p772.id_nato_mmhs_mm_extended_authorisation_info: UTC_T(),
        p772.id_nato_mmhs_mm_distribution_codes: SET(
            O("sics", imp(SEQOF(PS()), 0)),
            O("dist-Extensions", imp(SEQOF(SEQ(F("dist-type", OID()),
                                               F("dist-value", univ.Any()))), 1))),
        p772.id_nato_mmhs_mm_handling_instructions: SEQOF(P_MilitaryString),
        p772.id_nato_mmhs_mm_message_instructions: SEQOF(P_MilitaryString),
        p772.id_nato_mmhs_mm_codress_message: INT(),
        p772.id_nato_mmhs_mm_originator_reference: PS(),
        p772.id_nato_mmhs_mm_other_recipients_indicator: SEQOF(SET(
            F("type", imp(INT(), 0)), F("designator", imp(PS(), 1)))),
        p772.id_nato_mmhs_mm_pilot_forwarding_info: SEQOF(SEQ(
            O("pilotPrecedence", imp(INT(), 0)),
            O("pilotRecipient", imp(SEQOF(P_ORDescriptor), 1)),
            O("pilotSecurity", imp(P_SecurityLabel, 2)),
            O("pilotHandling", imp(SEQOF(PS()), 3)))),
        p772.id_nato_mmhs_mm_acp127_message_identifier: PS(),
        p772.id_nato_mmhs_mm_originator_plad: PS(),
        p772.id_nato_mmhs_mm_information_labels: SEQ(
            F("content-security-label", imp(P_SecurityLabel, 0)),
            O("heading-security-label", imp(P_SecurityLabel, 1)),
            O("body-part-security-labels", imp(SEQOF(SET(
                F("body-part-security-label", imp(P_SecurityLabel, 0)),
                O("body-part-sequence-number", imp(INT(), 1)))), 2))),
    }
    P_Acp127NotificationType = BITS((("acp127-nn", 0), ("acp127-pn", 1), ("acp127-tn", 2)))
    P_Acp127NotificationResponse = SET(
        F("acp127-notification-type", imp(P_Acp127NotificationType, 0)),
        F("receipt-time", imp(UTC_T(), 1)),
        O("addressListIndicator", imp(SEQOF(P_AddressListDesignator), 2)),
        O("acp127-recipient", imp(PS(), 3)),
        O("acp127-supp-info", imp(PS(), 4)))
    P_PriorityLevelQualifier = ENUM((("low", 0), ("high", 1)))

    # RFC 2634
    P_ESSSecurityLabel = SET(
        F("security-policy-identifier", OID()),
        O("security-classification", INT()),
        O("privacy-mark", CHO(F("pString", PS()), F("utf8String", char.UTF8String()))),
        O("security-categories", SETOF(P_SecurityCategory)))

    # X.420 heading and body (the parts the contents above use) and MM / MN
    P_Ext = SEQ(F("type", OID()), D("value", univ.Any(H("0500"))))
    P_IPMIdentifier = imp(SET(O("user", P_ORName), F("user-relative-identifier", PS())),
                          11, APP)
    P_RS = SET(
        F("recipient", imp(P_ORDescriptor, 0)),
        D("notification-requests", imp(BITS((
            ("rn", 0), ("nrn", 1), ("ipm-return", 2), ("an-supported", 3),
            ("suppress-an", 4)), empty_default=True), 1)),
        D("reply-requested", imp(univ.Boolean(False), 2)),
        O("recipient-extensions", imp(SETOF(P_Ext), 3)))
    P_Heading = SET(
        F("this-IPM", P_IPMIdentifier),
        O("originator", imp(P_ORDescriptor, 0)),
        O("primary-recipients", imp(SEQOF(P_RS), 2)),
        O("copy-recipients", imp(SEQOF(P_RS), 3)),
        O("subject", exp(char.TeletexString(), 8)),
        D("importance", imp(ENUM((("low", 0), ("normal", 1), ("high", 2)), "normal"), 12)),
        O("extensions", imp(SETOF(P_Ext), 15)))
    P_EXTERNAL = SEQ(
        O("direct-reference", OID()),
        F("encoding", CHO(F("single-ASN1-type", exp(univ.Any(), 0)),
                          F("octet-aligned", imp(univ.OctetString(), 1)),
                          F("arbitrary", imp(univ.BitString(), 2))))
    ).subtype(implicitTag=tag.Tag(tag.tagClassUniversal, tag.tagFormatConstructed, 8))
    P_BodyPart = CHO(
        F("basic", CHO(F("ia5-text", imp(SEQ(
            F("parameters", SET(D("repertoire", imp(ENUM((("ita2", 2), ("ia5", 5)), "ia5"),
                                                     0)))),
            F("data", IA5())), 0)))),
        F("extended", imp(SEQ(O("parameters", imp(P_EXTERNAL, 0)), F("data", P_EXTERNAL)),
                          15)))
    P_MM = SEQ(F("mmheading", P_Heading), F("mmbody", SEQOF(P_BodyPart)))
    P_MN = SET(
        F("subject-ipm", P_IPMIdentifier),
        O("ipn-originator", imp(P_ORDescriptor, 1)),
        O("ipm-intended-recipient", imp(P_ORDescriptor, 2)),
        F("choice", exp(CHO(
            F("mn-non-receipt-fields", imp(SET(
                F("non-receipt-reason", imp(ENUM((("ipm-discarded", 0),
                                                  ("ipm-auto-forwarded", 1))), 0)),
                O("discard-reason", imp(ENUM((
                    ("ipm-expired", 0), ("ipm-obsoleted", 1),
                    ("user-subscription-terminated", 2), ("not-used", 3))), 1))), 0)),
            F("mn-receipt-fields", imp(SET(
                F("receipt-time", imp(UTC_T(), 0)),
                D("acknowledgment-mode", imp(ENUM((("manual", 0), ("automatic", 1)),
                                                  "manual"), 1)),
                O("suppl-receipt-info", imp(PS(), 2))), 1)),
            F("mn-other-notification-type-fields", imp(SETOF(P_Ext), 2))), 0)))
    P_InformationObject = CHO(F("mm", imp(P_MM, 0)), F("mn", imp(P_MN, 1)))

    # MMSExtendedBodyPartTypes
    P_BODY_PARTS = {   # data OID -> (data spec, parameters spec)
        p772.id_nato_mmhs_et_adatp3: (CHO(F("lineOriented", imp(IA5(), 0)),
                                          F("setOriented", imp(SEQOF(IA5()), 1))), INT()),
        p772.id_nato_mmhs_et_corrections: (IA5(), INT()),
        p772.id_nato_mmhs_et_forwarded_encrypted: (univ.BitString(), P_DeliveryParameters),
        p772.id_nato_mmhs_et_mm_message: (P_MM, P_DeliveryParameters),
        p772.id_nato_mmhs_et_mm_acp127data: (IA5(), INT()),
    }


# The pyasn1 specs carry the STANAG's names; the DSL keys MM / MN components
# as X.420 does (py=), and core.snake splits camelCase.
_KEYS = {"mmheading": "heading", "mmbody": "body",
         "mn-non-receipt-fields": "non_receipt_fields", "mn-receipt-fields": "receipt_fields",
         "mn-other-notification-type-fields": "other_notification_type_fields"}


def key(name):
    return _KEYS.get(name) or snake(name)


def py(o):
    """A decoded pyasn1 object in x400fast's value model."""
    if isinstance(o, univ.Choice):
        return (key(o.getName()), py(o.getComponent()))
    if isinstance(o, (univ.Sequence, univ.Set)):
        out = {}
        for i, nt in enumerate(o.componentType.namedTypes):
            c = o.getComponentByPosition(i, default=univ.noValue, instantiate=False)
            if c is univ.noValue or c is None:
                continue
            out[key(nt.name)] = py(c)
        return out
    if isinstance(o, (univ.SequenceOf, univ.SetOf)):
        return [py(x) for x in o]
    if isinstance(o, univ.Boolean):
        return bool(o)
    if isinstance(o, univ.Enumerated):
        names = {v: n for n, v in o.namedValues.items()}
        return names.get(int(o), int(o))
    if isinstance(o, univ.Integer):
        return int(o)
    if isinstance(o, univ.BitString):
        bits = list(o)
        if o.namedValues:
            names = {v: n for n, v in o.namedValues.items()}
            return frozenset(names.get(i, i) for i, b in enumerate(bits) if b)
        padded = bits + [0] * (-len(bits) % 8)
        return (bytes(int("".join(map(str, padded[i:i + 8])), 2)
                      for i in range(0, len(padded), 8)), len(bits))
    if isinstance(o, univ.ObjectIdentifier):
        return str(o)
    if isinstance(o, univ.Any):
        return bytes(o)
    if isinstance(o, (useful.UTCTime, useful.GeneralizedTime)):
        return o.asDateTime
    if isinstance(o, univ.OctetString) and not isinstance(o, char.AbstractCharacterString):
        return bytes(o)
    return str(o)


if univ is not None:
    class _DERSetEncoder(der_encoder.SetEncoder):
        """pyasn1's DER SET encoder ordering components by their outermost
        tag, an untagged CHOICE by the alternative chosen (X.690 10.3);
        pyasn1 0.6 sorts an explicitly tagged component by its inner tag."""

        @staticmethod
        def _componentSortKey(componentAndType):
            component, spec = componentAndType
            t = component if spec is None else spec
            while t.typeId == univ.Choice.typeId and not t.tagSet:
                component = t = component.getComponent()
            outer = t.tagSet[-1]
            return (outer.tagClass, outer.tagId)

    class _DERSingle(der_encoder.SingleItemEncoder):
        TAG_MAP = dict(der_encoder.TAG_MAP)
        TYPE_MAP = dict(der_encoder.TYPE_MAP)

    _DERSingle.TAG_MAP[univ.Set.tagSet] = _DERSetEncoder()
    _DERSingle.TYPE_MAP[univ.Set.typeId] = _DERSetEncoder()

    class _DEREncoder(der_encoder.Encoder):
        SINGLE_ITEM_ENCODER = _DERSingle

    der_encode = _DEREncoder()


def pyasn1_der(t, spec, value):
    """Our encoding decodes in pyasn1 to the same value, and is byte for
    byte what (corrected) pyasn1 DER gives for it."""
    t = T(t)
    data = t.encode(value)
    obj, rest = ber_decoder.decode(data, asn1Spec=spec)
    assert rest == b""
    assert with_defaults(t, py(obj)) == with_defaults(t, value) == t.decode(data)
    assert der_encode(obj) == data
    return obj


@needs_pyasn1
@pytest.mark.parametrize("oid_", sorted(HEADING_EXTENSION_VALUES))
def test_pyasn1_heading_extension(oid_):
    pyasn1_der(p772.HEADING_EXTENSIONS[oid_], P_HEADING_EXTENSIONS[oid_],
               HEADING_EXTENSION_VALUES[oid_])


@needs_pyasn1
def test_pyasn1_recipient_notification_and_envelope_extensions():
    pyasn1_der(p772.RECIPIENT_EXTENSIONS[p772.id_nato_mmhs_mm_acp127_notification_request],
               P_Acp127NotificationType, NOTIFICATION_TYPE)
    pyasn1_der(p772.OTHER_NOTIFICATION_TYPES[p772.id_nato_mmhs_mm_acp127_notification_response],
               P_Acp127NotificationResponse, ACP127_RESPONSE)
    pyasn1_der(p772.MTS_EXTENSIONS[p772.id_mmts_priority_level_qualifier],
               P_PriorityLevelQualifier, "high")


@needs_pyasn1
@pytest.mark.parametrize("value", [ESS_LABEL, ESS_LABEL_UTF8])
def test_pyasn1_ess_label(value):
    pyasn1_der(ESS["ESSSecurityLabel"], P_ESSSecurityLabel, value)
    pyasn1_der(ESS["EquivalentLabels"], SEQOF(P_ESSSecurityLabel), [value])


@needs_pyasn1
@pytest.mark.parametrize("name", sorted(INFORMATION_OBJECTS))
def test_pyasn1_information_object(name):
    pyasn1_der(IO, P_InformationObject, INFORMATION_OBJECTS[name])


@needs_pyasn1
@pytest.mark.parametrize("oid_", sorted(BODY_PART_VALUES))
def test_pyasn1_body_parts(oid_):
    entry = p772.EXTENDED_BODY_PART_TYPES[oid_]
    data_spec, params_spec = P_BODY_PARTS[oid_]
    data, params = BODY_PART_VALUES[oid_]
    pyasn1_der(entry.data_type, data_spec, data)
    pyasn1_der(entry.parameters_type, params_spec, params)


# ---------------------------------------------------------------------------
# Wireshark's P772 dissector on the bytes (skipped without tshark)


def _http_pcap(payload):
    """A pcap of one HTTP POST of payload as application/pkcs7-mime."""
    http = (b"POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/pkcs7-mime\r\n"
            b"Content-Length: %d\r\n\r\n" % len(payload)) + payload
    tcp = struct.pack("!HHIIBBHHH", 40000, 80, 1, 1, 0x50, 0x18, 65535, 0, 0)
    ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 40 + len(http), 1, 0, 64, 6, 0,
                     bytes((10, 0, 0, 1)), bytes((10, 0, 0, 2)))
    frame = H("0000000000020000000000010800") + ip + tcp + http
    return (struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 262144, 1) +
            struct.pack("<IIII", 0, 0, len(frame), len(frame)) + frame)


def tshark(payload):
    fd, name = tempfile.mkstemp(suffix=".pcap")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(_http_pcap(payload))
        return subprocess.run(["tshark", "-r", name, "-V"], capture_output=True, text=True,
                              timeout=60).stdout
    finally:
        os.unlink(name)


def tshark_p772(content):
    """tshark -V output for a P772 content.

    Wireshark registers its P772 dissector under the content type OID in its
    BER OID table; a CMS ContentInfo with that content type, sent as
    application/pkcs7-mime in an HTTP POST, reaches it.
    """
    return tshark(tlv(0x30, oid(p772.id_mct_p772) + tlv(0xA0, content)))


def signed_p772(content, ess_label):
    """A CMS SignedData (RFC 5652) encapsulating a P772 content with an ESS
    security label among the signed attributes, the STANAG 4406 Annex B
    arrangement (the signature itself is a dummy)."""
    sha256 = tlv(0x30, oid("2.16.840.1.101.3.4.2.1"))
    attributes = tlv(0xA0, tlv(0x30, oid("1.2.840.113549.1.9.3") +
                               tlv(0x31, oid(p772.id_mct_p772))) +
                     tlv(0x30, oid(p772.id_aa_security_label) + tlv(0x31, ess_label)))
    signer = tlv(0x30, H("020101") + tlv(0x30, tlv(0x30, b"") + H("020101")) + sha256 +
                 attributes + tlv(0x30, oid("1.2.840.113549.1.1.11")) + tlv(0x04, bytes(8)))
    signed = tlv(0x30, H("020103") + tlv(0x31, sha256) +
                 tlv(0x30, oid(p772.id_mct_p772) + tlv(0xA0, tlv(0x04, content))) +
                 tlv(0x31, signer))
    return tlv(0x30, oid("1.2.840.113549.1.7.2") + tlv(0xA0, signed))


def tshark_problems(out):
    return [line for line in out.splitlines()
            if "BER Error" in line or "Malformed" in line or "Expert Info (Error" in line
            or "Expert Info (Warn" in line or "Dissector for OID not implemented" in line]


# The sample MM of the tshark check: every P772 heading extension, a
# recipient with an ACP 127 notification request and every military body
# part (the mm-message one forwarding INNER_MM).  tshark 4.0.17 dissected
# these bytes cleanly through its P772 dissector: every extension by name,
# no BER errors, no undecoded parts (test_tshark_dissects_the_sample_mm).
SAMPLE_MM = INFORMATION_OBJECTS["mm"]
SAMPLE_MM_HEX = (
    "a0820851318205086b4f131330303031203137303932355a204d41592032346038303661"
    "04130242456203130120a20613044e41544f83055348415045a50f800750656574657273"
    "8104416e6e65a60913024a3313034f5053a052603830366104130242456203130120a206"
    "13044e41544f83055348415045a50f8007506565746572738104416e6e65a60913024a33"
    "13034f50538016534143455552204a332044757479204f666669636572a2593157a03c60"
    "2b3029610413024e4f6203130120a20613044e41544f83034a4643a50f80044265726781"
    "044f6c617682014f810d2b343720353135302030303030810206c08201ffa310300e0608"
    "2b1a00a23600020f030205a0a33c313aa034602830266104130242456203130120a20613"
    "044e41544f83055348415045a60a13084149472031323334800841494720313233348102"
    "0640a80c140a534954524550203034328c0102af8203b5300d06082b1a00a23600020002"
    "0104300d06082b1a00a236000201020101300d06082b1a00a23600020902010130190608"
    "2b1a00a236000205170d3234303531373039323530305a301b06082b1a00a23600020e13"
    "0f434f4d535452494b464f524e41544f301c06082b1a00a23600020a13104f50532f3230"
    "32342f303531372d3031302006082b1a00a23600020d1314524244574d41412030313233"
    "2031333831323030302206082b1a00a23600020231168001008111535445414446415354"
    "204a555049544552302806082b1a00a236000208301c13095a4e52205555555555130f50"
    "41535320544f204a33204445534b302e06082b1a00a23600020b3022310e800100810943"
    "494e434e4f5254483110800101810b434f4d5349585448464c54302f06082b1a00a23600"
    "0207302313064e4f464f524e131944454c4956455220445552494e47204455545920484f"
    "555253303a06082b1a00a236000206312ea014130341414113035a4e5913084b32423132"
    "333435a116301406092b06010401868d1f1e13075350454349414c305506082b1a00a236"
    "0002043049313c602b3029610413024e4f6203130120a20613044e41544f83034a4643a5"
    "0f80044265726781044f6c617682014f810d2b3437203531353020303030303109800732"
    "20424e204851305d06082b1a00a2360002033051313f800100a134602830266104130242"
    "456203130120a20613044e41544f83055348415045a60a13084149472031323334800841"
    "49472031323334820102830100310e800101a10980073220424e2048513081b206082b1a"
    "00a2360002113081a5a03e02010406072b1a00a236000531233021800a60864801650201"
    "080301a113301106072b1a00a23600053106020101020103130b4e41544f205345435245"
    "54a10c02010106072b1a00a2360005a2553143a03e02010406072b1a00a2360005312330"
    "21800a60864801650201080301a113301106072b1a00a23600053106020101020103130b"
    "4e41544f20534543524554810101310ea00c02010106072b1a00a23600053081b706082b"
    "1a00a23600020c3081aa3081a2800105a149313c602b3029610413024e4f6203130120a2"
    "0613044e41544f83034a4643a50f80044265726781044f6c617682014f810d2b34372035"
    "3135302030303030310980073220424e204851a23e02010406072b1a00a2360005312330"
    "21800a60864801650201080301a113301106072b1a00a23600053106020101020103130b"
    "4e41544f20534543524554a312131052454c4159454420564941204e5254463003800110"
    "30820341a01e3100161a312e20534954554154494f4e3a204e4f204348414e47452e0d0a"
    "af51a00f06082b1a00a236000702a003020100283e06082b1a00a236000700a032a13016"
    "18455845522f535445414446415354204a5550495445522f2f16144d534749442f534954"
    "5245502f53484150452f2faf3ea00f06082b1a00a236000703a003020101282b06082b1a"
    "00a236000701a01f161d434f5252454354494f4e3a205041524120322052454144203132"
    "30305aaf4ba00f06082b1a00a23600070da003020102283806082b1a00a23600070ca02c"
    "162a565a435a435242443030310d0a4f4f20525546484e410d0a444520524244574d4141"
    "2023303132330d0aaf81c1a081a506082b1a00a236000707a08198318195800d32343035"
    "31373131303030305aa1818306082b1a00a2360004016038303661041302424562031301"
    "20a20613044e41544f83055348415045a50f8007506565746572738104416e6e65a60913"
    "024a3313034f5053470102a42b3029610413024e4f6203130120a20613044e41544f8303"
    "4a4643a50f80044265726781044f6c617682014f870d3234303531373039333030355a28"
    "1706082b1a00a236000706a00b0309000f1e2d3c4b5a6978af820179a081a506082b1a00"
    "a23600070aa08198318195800d3234303531373131303030305aa1818306082b1a00a236"
    "000401603830366104130242456203130120a20613044e41544f83055348415045a50f80"
    "07506565746572738104416e6e65a60913024a3313034f5053470102a42b302961041302"
    "4e4f6203130120a20613044e41544f83034a4643a50f80044265726781044f6c61768201"
    "4f870d3234303531373039333030355a2881ce06082b1a00a236000709a081c13081be31"
    "81a66b3b130c30303432203136303830305a602b3029610413024e4f6203130120a20613"
    "044e41544f83034a4643a50f80044265726781044f6c617682014fa2563154a052603830"
    "366104130242456203130120a20613044e41544f83055348415045a50f80075065657465"
    "72738104416e6e65a60913024a3313034f50538016534143455552204a33204475747920"
    "4f666669636572af0f300d06082b1a00a2360002000201043013a0113100160d4f726967"
    "696e616c2074657874"
)


def test_vector_sample_mm(engine):
    data = H("".join(SAMPLE_MM_HEX.split()))
    assert engine.encode(IO.node(), SAMPLE_MM) == data
    assert engine.decode(IO.node(), data, L) == with_defaults(IO, SAMPLE_MM)


def test_truncated_contents_raise_decode_error(engine):
    # Every cut of the sample MM (and of each notification) is a precise
    # DecodeError, never an IndexError or a partial value.
    contents = [H("".join(SAMPLE_MM_HEX.split()))] + [
        IO.encode(INFORMATION_OBJECTS[n]) for n in ("mrn", "mnrn", "mon")]
    for data in contents:
        for cut in list(range(0, len(data), 7)) + [len(data) - 1]:
            with pytest.raises(DecodeError):
                engine.decode(IO.node(), data[:cut], L)


_EXPECTED_IN_MM = [
    "STANAG 4406 Message", "PrimaryPrecedence: flash (4)", "CopyPrecedence: routine (1)",
    "identifier: STEADFAST JUPITER", "address-list-indicator", "exempted-address",
    "ExtendedAuthorisationInfo: 24-05-17 09:25:00 (UTC)", "Sic: K2B12345",
    "dist-type: 1.3.6.1.4.1.99999.30", "MilitaryString: DELIVER DURING DUTY HOURS",
    "MilitaryString: PASS TO J3 DESK", "CodressMessage: 1",
    "OriginatorReference: OPS/2024/0517-01", "designator: COMSIXTHFLT",
    "pilotPrecedence: override (5)", "privacy-mark: NATO SECRET",
    "Acp127MessageIdentifier: RBDWMAA 0123 1381200", "OriginatorPlad: COMSTRIKFORNATO",
    "body-part-sequence-number: 1", "acp127-notification-request",
    "setOriented item: MSGID/SITREP/SHAPE//", "CorrectionsParameters: 1",
    "ForwardedEncryptedData", "MMMessageData", "ACP127DataParameters: 2",
    "EnumeratedTag",
]


@needs_tshark
def test_tshark_dissects_the_sample_mm():
    out = tshark_p772(H("".join(SAMPLE_MM_HEX.split())))
    for text in _EXPECTED_IN_MM:
        assert text in out, text
    assert tshark_problems(out) == []


@needs_tshark
@pytest.mark.parametrize("name", ["mrn", "mnrn", "mon"])
def test_tshark_dissects_notifications(name):
    out = tshark_p772(IO.encode(INFORMATION_OBJECTS[name]))
    assert "STANAG 4406 Message" in out and "mn" in out
    if name == "mon":
        for text in ("acp127-notification-response", "acp127-pn: True",
                     "acp127-recipient: RUFHNA CINCNORTH",
                     "acp127-supp-info: DELIVERED TO TAPE RELAY", "receipt-time: 24-05-17"):
            assert text in out, text
    assert tshark_problems(out) == []


@needs_tshark
def test_tshark_dissects_the_ess_label_in_signed_p772():
    content = IO.encode(("mm", INNER_MM))
    for label in (ESS_LABEL, ESS_LABEL_UTF8):
        out = tshark(signed_p772(content, ESS["ESSSecurityLabel"].encode(label)))
        assert "ESSSecurityLabel" in out and "STANAG 4406 Message" in out
        assert "security-policy-identifier: %s" % label["security_policy_identifier"] in out
        assert "%s: %s" % ({"p_string": "pString", "utf8_string": "utf8String"}[
            label["privacy_mark"][0]], label["privacy_mark"][1]) in out
        assert tshark_problems(out) == []
