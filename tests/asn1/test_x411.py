"""X.411 modules: round trips of every P3 PDU on both engines, differential
tests against independent pyasn1 specs, and byte vectors for the tagging traps.

The pyasn1 specs below are written from the X.411 module text (tags spelled
out by hand, explicit where X.680 makes them explicit), not generated from
the DSL, so they check the declarations rather than echo them.
"""
from __future__ import annotations

import datetime as dt

import pytest

from x400fast import ber
from x400fast.asn1 import x411
from x400fast.asn1.core import (
    K_CHOICE, K_EXPLICIT, K_SEQOF, K_SEQUENCE, K_SET, K_SETOF, MISSING,
)
from x400fast.errors import DecodeError
from x400fast.limits import DEFAULT_LIMITS as L

try:
    from pyasn1.codec.der import decoder as der_decoder
    from pyasn1.codec.der import encoder as der_encoder
    from pyasn1.type import char, namedtype, namedval, tag, univ, useful
except ImportError:  # pragma: no cover - pyasn1 is a test dependency
    univ = None

needs_pyasn1 = pytest.mark.skipif(univ is None, reason="pyasn1 not installed")

M = x411.MTSAbstractService
M88 = x411.MTSAbstractService88
AP = x411.MTSAccessProtocol
UTC = dt.timezone.utc
H = bytes.fromhex
T0 = dt.datetime(2024, 5, 17, 9, 30, 5, tzinfo=UTC)
T1 = dt.datetime(2024, 5, 17, 9, 31, 0, tzinfo=UTC)
T2 = dt.datetime(2024, 5, 18, 0, 0, 0, tzinfo=UTC)


# ---------------------------------------------------------------------------
# Value-model helpers


def T(name):
    return x411.resolve(name)


def enc(name, value):
    return T(name).encode(value)


def der_sorted(elem, items):
    """Items of a SET OF in DER order (encodings compared zero-padded)."""
    t = T(elem)
    pairs = [(t.encode(x), x) for x in items]
    width = max(len(e) for e, _ in pairs)
    return [x for _, x in sorted(pairs, key=lambda p: p[0].ljust(width, b"\0"))]


def _walk(node, v, fill):
    """v with its DEFAULT components filled in (as decoding gives them) or
    left out (fill=False, as DER sends them)."""
    k = node.kind
    if k == K_EXPLICIT:
        return _walk(node.inner, v, fill)
    if k in (K_SEQUENCE, K_SET):
        out = {}
        for f in node.fields:
            if f.key in v and v[f.key] is not None:
                x = _walk(f.node, v[f.key], fill)
                if fill or f.default is MISSING or x != f.default:
                    out[f.key] = x
            elif fill and f.default is not MISSING:
                out[f.key] = f.default
        return out
    if k == K_CHOICE:
        name, inner = v
        return (name, _walk(node.fields[node.by_key[name]].node, inner, fill))
    if k in (K_SEQOF, K_SETOF):
        return [_walk(node.inner, x, fill) for x in v]
    return v


def with_defaults(t, v):
    return _walk(t.node(), v, True)


def without_defaults(t, v):
    return _walk(t.node(), v, False)


def tlv(tag_byte, content):
    n = len(content)
    if n < 0x80:
        head = bytes((tag_byte, n))
    else:
        b = n.to_bytes((n.bit_length() + 7) // 8, "big")
        head = bytes((tag_byte, 0x80 | len(b))) + b
    return head + content


# ---------------------------------------------------------------------------
# Realistic values

# A certificate kept raw: SEQUENCE { tbs SEQUENCE, sha256WithRSA, BIT STRING }.
ALG_SHA256_RSA = {"algorithm": "1.2.840.113549.1.1.11", "parameters": H("0500")}
CERT = tlv(0x30, tlv(0x30, H("a003020102") + H("020107")) +
           enc("AlgorithmIdentifier", ALG_SHA256_RSA) + H("030500c0ffee01"))
CERT2 = tlv(0x30, tlv(0x30, H("020108")) + enc("AlgorithmIdentifier", ALG_SHA256_RSA) +
            H("030300abcd"))
CERTIFICATES = {"user_certificate": CERT, "certification_path": [[CERT2]]}
SIGNATURE = {"algorithm_identifier": ALG_SHA256_RSA, "encrypted": (H("1f2e3d4c5b6a"), 48)}


def atv(oid, raw):
    return {"type": oid, "value": raw}


DIRECTORY_NAME = ("rdn_sequence", [
    [atv("2.5.4.6", H("13024742"))],
    [atv("2.5.4.10", tlv(0x0C, b"Isode"))],
    der_sorted("InformationFramework.AttributeTypeAndValue", [
        atv("2.5.4.3", tlv(0x0C, b"John Smith")),
        atv("2.5.4.11", tlv(0x0C, b"Sales"))]),
])


def ext_attr(code, value):
    return {"extension_attribute_type": code,
            "extension_attribute_value": enc(x411.EXTENSION_ATTRIBUTES[code][1], value)}


def ext_attrs(*pairs):
    return der_sorted("ExtensionAttribute", [ext_attr(c, v) for c, v in pairs])


ORIGINATOR = {
    "built_in_standard_attributes": {
        "country_name": ("iso_3166_alpha2_code", "GB"),
        "administration_domain_name": ("printable", " "),
        "private_domain_name": ("printable", "TestPRMD"),
        "organization_name": "Isode",
        "organizational_unit_names": ["Sales", "Europe"],
        "personal_name": {"surname": "Smith", "given_name": "John",
                          "initials": "JQ", "generation_qualifier": "Jr"},
    },
}
RECIPIENT = {
    "built_in_standard_attributes": {
        "country_name": ("x121_dcc_code", "234"),
        "administration_domain_name": ("numeric", "0"),
        "private_domain_name": ("numeric", "12345"),
        "organization_name": "Example",
    },
    "extension_attributes": ext_attrs((1, "P3User1")),
}
# Every built-in standard attribute, domain-defined attributes, several
# extension attributes and a directory name.
FULL_NAME = {
    "built_in_standard_attributes": {
        "country_name": ("iso_3166_alpha2_code", "DE"),
        "administration_domain_name": ("printable", "ViaT"),
        "network_address": "4930123456",
        "terminal_identifier": "TERM 1",
        "private_domain_name": ("printable", "Example"),
        "organization_name": "Example GmbH",
        "numeric_user_identifier": "4711",
        "personal_name": {"surname": "Meier", "given_name": "Anna"},
        "organizational_unit_names": ["R+D", "Berlin", "Lab", "B2"],
    },
    "built_in_domain_defined_attributes": [
        {"type": "RFC-822", "value": "anna.meier(a)example.de"},
        {"type": "ID", "value": "12"},
    ],
    "extension_attributes": ext_attrs(
        (1, "Anna Meier"),
        (2, "Anna M\xfcller"),
        (9, ("printable_code", "D-10115")),
        (23, 4),
        (24, {"character_encoding": ("two_octets", "\u0410\u043d\u043d\u0430"),
              "iso_639_language_code": "RU"}),
    ),
    "directory_name": DIRECTORY_NAME,
}
# A directory name only: the O/R address is semantically absent (30 00).
DIRECTORY_ONLY = {"built_in_standard_attributes": {}, "directory_name": DIRECTORY_NAME}

GDI = {"country_name": ("iso_3166_alpha2_code", "GB"),
       "administration_domain_name": ("printable", " "),
       "private_domain_identifier": ("printable", "TestPRMD")}
MTS_ID = {"global_domain_identifier": GDI, "local_identifier": "0517093005Z-1234"}
MTS_ID2 = {"global_domain_identifier": {
    "country_name": ("x121_dcc_code", "234"),
    "administration_domain_name": ("numeric", "0")},
    "local_identifier": "abc.def@mta1"}

EIT = {
    "built_in_encoded_information_types": frozenset({"ia5-text", "g3-facsimile"}),
    "g3_facsimile": frozenset({"two-dimensional", "fine-resolution", "a3-width"}),
    "teletex": {"graphic_character_sets": "\x1b(B", "page_formats": H("0102"),
                "private_use": H("ff")},
    "extended_encoded_information_types": der_sorted(
        "ExtendedEncodedInformationType", ["2.6.3.4.2", "1.0.10021.7.1.0.1", "2.6.1.12.0"]),
}
EIT_SMALL = {"built_in_encoded_information_types": frozenset({"ia5-text"})}
EIT_EMPTY_BUILTIN = {"built_in_encoded_information_types": frozenset(),
                     "extended_encoded_information_types": ["2.6.1.12.0"]}

SECURITY_LABEL = {
    "security_policy_identifier": "1.3.26.1.4.1",
    "security_classification": 3,
    "privacy_mark": "COMMERCIAL IN CONFIDENCE",
    "security_categories": der_sorted("SecurityCategory", [
        {"type": "2.16.840.1.101.2.1.8.1", "value": H("020107")},
        {"type": "1.3.26.1.4.2", "value": tlv(0x0C, b"EYES ONLY")},
    ]),
}
SECURITY_LABEL_SMALL = {"security_classification": 1}


def ext_std(code, value_type, value, critical=()):
    out = {"type": ("standard_extension", code), "value": enc(value_type, value)}
    if critical:
        out["criticality"] = frozenset(critical)
    return out


def ext_private(oid, raw, critical=()):
    out = {"type": ("private_extension", oid), "value": raw}
    if critical:
        out["criticality"] = frozenset(critical)
    return out


def exts(*items):
    return der_sorted("ExtensionField", list(items))


TOKEN_DATA = {"type": 2, "value": enc("MessageTokenSignedData", {
    "content_integrity_check": SIGNATURE,
    "message_security_label": SECURITY_LABEL_SMALL,
    "proof_of_delivery_request": "proof-of-delivery-requested",
    "message_sequence_number": 7})}
ASYMMETRIC_TOKEN = {
    "asymmetric_token_data": {
        "signature_algorithm_identifier": ALG_SHA256_RSA,
        "name": ("recipient_name", RECIPIENT),
        "time": T0,
        "signed_data": TOKEN_DATA,
        "encryption_algorithm_identifier": {"algorithm": "1.2.840.113549.1.1.1",
                                            "parameters": H("0500")},
        "encrypted_data": (H("a5a5a5"), 24),
    },
    "algorithm_identifier": ALG_SHA256_RSA,
    "encrypted": (H("0102030405"), 40),
}
TOKEN = {"token_type_identifier": x411.id_tok_asymmetric_token,
         "token": enc("AsymmetricToken", ASYMMETRIC_TOKEN)}
CERT_ASSERTION = {
    "serial_number": 264,
    "issuer": DIRECTORY_NAME,
    "subject_key_identifier": H("0a0b0c0d"),
    "authority_key_identifier": {"key_identifier": H("01020304"),
                                 "authority_cert_serial_number": 9},
    "certificate_valid": ("utc_time", T0),
    "subject_public_key_algid": "1.2.840.113549.1.1.1",
    "key_usage": frozenset({"digitalSignature", "keyEncipherment"}),
    "policy": ["2.5.29.32.0"],
}

PRESENTATION_ADDRESS = {
    "p_selector": H("0001"), "s_selector": H("0001"), "t_selector": b"593",
    "n_addresses": [H("540072872203c0a80a0a")],
}

SIMPLE = ("simple", ("ia5_string", "p3secret"))
STRONG = ("strong", {"bind_token": TOKEN, "certificate": CERTIFICATES,
                     "certificate_selector": {"serial_number": 5}})
PROTECTED = ("protected", {"signature": SIGNATURE, "time1": T0, "time2": T1,
                           "random1": (H("deadbeef"), 32), "random2": (H("80"), 1)})

MESSAGES_WAITING = {"urgent": {"messages": 0},
                    "normal": {"messages": 3, "octets": 48213},
                    "non_urgent": {"messages": 1, "octets": 1024}}

PER_MESSAGE_SUBMISSION_EXTS = exts(
    ext_std(1, "RecipientReassignmentProhibited", "recipient-reassignment-prohibited",
            {"for-delivery"}),
    ext_std(5, "LatestDeliveryTime", T2, {"for-delivery"}),
    ext_std(13, "OriginatorReturnAddress", {
        "built_in_standard_attributes": ORIGINATOR["built_in_standard_attributes"]}),
    ext_std(20, "MessageSecurityLabel", SECURITY_LABEL, {"for-delivery"}),
    ext_std(21, "ProofOfSubmissionRequest", "proof-of-submission-requested",
            {"for-submission"}),
    ext_std(23, "ContentCorrelator", ("ia5text", "corr-0001")),
    ext_std(42, "DLExemptedRecipients", der_sorted("ORName", [RECIPIENT, ORIGINATOR])),
    ext_private("1.3.6.1.4.1.453.7.3.1", H("0c0568656c6c6f")),
)

MESSAGE_SUBMISSION_ENVELOPE = {
    "originator_name": ORIGINATOR,
    "original_encoded_information_types": EIT,
    "content_type": ("built_in", 22),
    "content_identifier": "ID-0042",
    "priority": "urgent",
    "per_message_indicators": frozenset({"alternate-recipient-allowed",
                                         "content-return-request"}),
    "deferred_delivery_time": T2,
    "extensions": PER_MESSAGE_SUBMISSION_EXTS,
    "per_recipient_fields": [
        {"recipient_name": RECIPIENT,
         "originator_report_request": frozenset({"report"}),
         "explicit_conversion": 0,
         "extensions": exts(
             ext_std(2, "OriginatorRequestedAlternateRecipient", FULL_NAME,
                     {"for-submission"}),
             ext_std(6, "RequestedDeliveryMethod", [1, 2]),
             ext_std(9, "PhysicalDeliveryModes", frozenset({"express-mail"})),
             ext_std(22, "ProofOfDeliveryRequest", "proof-of-delivery-requested"))},
        {"recipient_name": FULL_NAME,
         "originator_report_request": frozenset({"non-delivery-report"})},
        {"recipient_name": DIRECTORY_ONLY,
         "originator_report_request": frozenset()},
    ],
}

PROBE_SUBMISSION_ENVELOPE = {
    "originator_name": ORIGINATOR,
    "original_encoded_information_types": EIT_SMALL,
    "content_type": ("extended", "2.6.1.10.1"),
    "content_identifier": "probe-1",
    "content_length": 123456,
    "per_message_indicators": frozenset({"implicit-conversion-prohibited"}),
    "extensions": exts(
        ext_std(3, "DLExpansionProhibited", "dl-expansion-prohibited", {"for-delivery"}),
        ext_std(15, "OriginatorCertificate", CERTIFICATES),
        ext_std(24, "ProbeOriginAuthenticationCheck", SIGNATURE, {"for-delivery"})),
    "per_recipient_fields": [
        {"recipient_name": RECIPIENT, "originator_report_request": frozenset({"report"}),
         "extensions": exts(ext_std(12, "PhysicalRenditionAttributes",
                                    x411.id_att_physical_rendition_basic))},
        {"recipient_name": FULL_NAME, "originator_report_request": frozenset({"report"}),
         "explicit_conversion": 8},
    ],
}

TRACE = [{
    "global_domain_identifier": GDI,
    "domain_supplied_information": {
        "arrival_time": T0, "routing_action": "relayed",
        "attempted_domain": MTS_ID2["global_domain_identifier"],
        "deferred_time": T1, "converted_encoded_information_types": EIT_SMALL,
        "other_actions": frozenset({"redirected"})},
}, {
    "global_domain_identifier": MTS_ID2["global_domain_identifier"],
    "domain_supplied_information": {"arrival_time": T1, "routing_action": "rerouted"},
}]
INTERNAL_TRACE = [{
    "global_domain_identifier": GDI, "mta_name": "mta1.example.com",
    "mta_supplied_information": {"arrival_time": T0, "routing_action": "relayed",
                                 "attempted": ("mta", "mta2.example.com"),
                                 "other_actions": frozenset({"dl-operation"})},
}, {
    "global_domain_identifier": GDI, "mta_name": "mta2",
    "mta_supplied_information": {"arrival_time": T1, "routing_action": "relayed",
                                 "attempted": ("domain", GDI)},
}]
REDIRECTION_HISTORY = [{
    "intended_recipient_name": {"intended_recipient": RECIPIENT, "redirection_time": T0},
    "redirection_reason": "recipient-assigned-alternate-recipient"}]
DL_EXPANSION_HISTORY = [{"dl": FULL_NAME, "dl_expansion_time": T1}]

OTHER_DELIVERY_FIELDS = {
    "content_type": ("built_in", 22),
    "originator_name": ORIGINATOR,
    "original_encoded_information_types": EIT,
    "priority": "non-urgent",
    "delivery_flags": frozenset({"implicit-conversion-prohibited"}),
    "other_recipient_names": [FULL_NAME, DIRECTORY_ONLY],
    "this_recipient_name": RECIPIENT,
    "originally_intended_recipient_name": FULL_NAME,
    "converted_encoded_information_types": EIT_EMPTY_BUILTIN,
    "message_submission_time": T0,
    "content_identifier": "ID-0042",
    "extensions": exts(
        ext_std(4, "ConversionWithLossProhibited", "conversion-with-loss-prohibited",
                {"for-delivery"}),
        ext_std(16, "MessageToken", TOKEN, {"for-delivery"}),
        ext_std(17, "ContentConfidentialityAlgorithmIdentifier",
                {"algorithm": "2.16.840.1.101.3.4.1.42", "parameters": H("0410") + bytes(16)}),
        ext_std(19, "MessageOriginAuthenticationCheck", SIGNATURE),
        ext_std(25, "RedirectionHistory", REDIRECTION_HISTORY),
        ext_std(26, "DLExpansionHistory", DL_EXPANSION_HISTORY),
        ext_std(37, "MTAAbstractService.TraceInformation", TRACE),
        ext_std(38, "MTAAbstractService.InternalTraceInformation", INTERNAL_TRACE)),
}
MESSAGE_DELIVERY_ENVELOPE = {
    "message_delivery_identifier": MTS_ID,
    "message_delivery_time": T1,
    "other_fields": OTHER_DELIVERY_FIELDS,
}

REPORT_DELIVERY_ENVELOPE = {
    "subject_submission_identifier": MTS_ID,
    "content_identifier": "ID-0042",
    "content_type": ("built_in", 22),
    "original_encoded_information_types": EIT_SMALL,
    "extensions": exts(
        ext_std(30, "OriginatorAndDLExpansionHistory", [
            {"originator_or_dl_name": ORIGINATOR, "origination_or_expansion_time": T0},
            {"originator_or_dl_name": FULL_NAME, "origination_or_expansion_time": T1}]),
        ext_std(31, "ReportingDLName", FULL_NAME),
        ext_std(32, "ReportingMTACertificate", CERTIFICATES, {"for-delivery"}),
        ext_std(33, "ReportOriginAuthenticationCheck", SIGNATURE, {"for-delivery"}),
        ext_std(39, "ReportingMTAName", {"domain": GDI, "mta_name": "mta1",
                                         "mta_directory_name": DIRECTORY_NAME})),
    "per_recipient_fields": [
        {"actual_recipient_name": RECIPIENT,
         "report_type": ("delivery", {"message_delivery_time": T1,
                                      "type_of_mts_user": 2}),
         "converted_encoded_information_types": EIT_SMALL,
         "extensions": exts(
             ext_std(28, "RecipientCertificate", CERTIFICATES),
             ext_std(29, "ProofOfDelivery", SIGNATURE))},
        {"actual_recipient_name": FULL_NAME,
         "report_type": ("non_delivery", {"non_delivery_reason_code": 1,
                                          "non_delivery_diagnostic_code": 0}),
         "originally_intended_recipient_name": DIRECTORY_ONLY,
         "supplementary_information": "User unknown at mta1",
         "extensions": exts(
             ext_std(25, "RedirectionHistory", REDIRECTION_HISTORY),
             ext_std(27, "PhysicalForwardingAddress", RECIPIENT))},
        {"actual_recipient_name": DIRECTORY_ONLY,
         "report_type": ("non_delivery", {"non_delivery_reason_code": 8})},
    ],
}

CONTROLS = {
    "restrict": False,
    "permissible_operations": frozenset({"message-submission-or-message-delivery"}),
    "permissible_maximum_content_length": 1048576,
    "permissible_lowest_priority": "non-urgent",
    "permissible_content_types": der_sorted("ContentType", [
        ("built_in", 22), ("extended", "2.6.1.10.1"), ("built_in", 2)]),
    "permissible_encoded_information_types": {
        "unacceptable_eits": [x411.id_eit_g3_facsimile],
        "acceptable_eits": der_sorted("ExtendedEncodedInformationType",
                                      [x411.id_eit_ia5_text, x411.id_eit_teletex]),
        "exclusively_acceptable_eits": [x411.id_eit_ia5_text]},
    "permissible_security_context": [SECURITY_LABEL_SMALL],
}
WAITING = {
    "waiting_operations": frozenset({"probe-submission-or-report-delivery",
                                     "message-submission-or-message-delivery"}),
    "waiting_messages": frozenset({"long-content", "other-security-labels"}),
    "waiting_content_types": der_sorted("ContentType", [("built_in", 22),
                                                        ("extended", "2.6.1.10.1")]),
    "waiting_encoded_information_types": EIT_SMALL,
}

MESSAGE_CLASS = {
    "content_types": [("built_in", 22)],
    "maximum_content_length": 65536,
    "encoded_information_types_constraints": {"acceptable_eits": [x411.id_eit_ia5_text]},
    "security_labels": [SECURITY_LABEL_SMALL],
    "priority": der_sorted("Priority", ["urgent", "normal"]),
    "objects": "messages",
    "applies_only_to": [{"permitted": False,
                         "source_type": frozenset({"originated-by"}),
                         "source_name": ("pattern_match", ORIGINATOR)}],
}
REGISTER_ARGUMENT = {
    "user_name": ORIGINATOR,
    "user_address": ("presentation", PRESENTATION_ADDRESS),
    "deliverable_class": [MESSAGE_CLASS],
    "default_delivery_controls": {"permissible_lowest_priority": "normal",
                                  "permissible_maximum_content_length": 4096},
    "redirections": [{"redirection_classes": [{"objects": "reports"}],
                      "recipient_assigned_alternate_recipient": RECIPIENT}],
    "restricted_delivery": [{"source_name": ("exact_match", RECIPIENT)},
                            {"permitted": False}],
    "retrieve_registrations": {
        "standard_parameters": frozenset({"user-name", "redirections"}),
        "extensions": der_sorted("ExtensionType", [("standard_extension", 5),
                                                   ("private_extension", "1.2.3.4")])},
    "extensions": exts(ext_private("1.3.6.1.4.1.453.7.9", H("0101ff"))),
}


# (case id, type, value): every top-level P3 PDU and parameter.
PDUS = [
    # MTS-bind
    ("bind-argument-simple", "MTSBindArgument",
     {"initiator_name": ("user_agent", ORIGINATOR), "initiator_credentials": SIMPLE}),
    ("bind-argument-full", "MTSBindArgument", {
        "initiator_name": ("message_store", FULL_NAME),
        "messages_waiting": MESSAGES_WAITING,
        "initiator_credentials": STRONG,
        "security_context": der_sorted("SecurityLabel", [SECURITY_LABEL,
                                                         SECURITY_LABEL_SMALL]),
        "extensions": exts(ext_private("1.3.6.1.4.1.453.7.2", H("0500")))}),
    ("bind-argument-octets", "MTSBindArgument", {
        "initiator_name": ("mta", "MTA-1"),
        "initiator_credentials": ("simple", ("octet_string", b"\x00secret\xff"))}),
    ("bind-result-simple", "MTSBindResult",
     {"responder_name": ("mta", "mta1.example.com"), "responder_credentials": SIMPLE,
      "messages_waiting": MESSAGES_WAITING}),
    ("bind-result-protected", "MTSBindResult",
     {"responder_name": ("user_agent", RECIPIENT), "responder_credentials": PROTECTED}),
    ("bind-error", "MTSBindError", 2),
    ("bind-pdu-invoke", "MTSAccessProtocol.MTSBindUnbindPDUs",
     ("bind_invoke", {"initiator_name": ("user_agent", ORIGINATOR),
                      "initiator_credentials": SIMPLE})),
    ("bind-pdu-result", "MTSAccessProtocol.MTSBindUnbindPDUs",
     ("bind_result", {"responder_name": ("mta", "MTA"), "responder_credentials": SIMPLE})),
    ("bind-pdu-error", "MTSAccessProtocol.MTSBindUnbindPDUs", ("bind_error", 0)),
    # Submission port
    ("message-submission-argument", "MessageSubmissionArgument",
     {"envelope": MESSAGE_SUBMISSION_ENVELOPE,
      "content": H("a080") + b"IPM content" + H("0000")}),
    ("message-submission-result", "MessageSubmissionResult",
     {"message_submission_identifier": MTS_ID, "message_submission_time": T0,
      "content_identifier": "ID-0042",
      "extensions": exts(ext_std(34, "OriginatingMTACertificate", CERTIFICATES),
                         ext_std(35, "ProofOfSubmission", SIGNATURE))}),
    ("probe-submission-argument", "ProbeSubmissionArgument", PROBE_SUBMISSION_ENVELOPE),
    ("probe-submission-result", "ProbeSubmissionResult",
     {"probe_submission_identifier": MTS_ID2, "probe_submission_time": T1}),
    ("cancel-deferred-delivery-argument", "CancelDeferredDeliveryArgument", MTS_ID),
    ("cancel-deferred-delivery-result", "CancelDeferredDeliveryResult", None),
    ("submission-control-argument", "SubmissionControlArgument",
     {"restrict": True, "permissible_operations": frozenset(),
      "permissible_maximum_content_length": 0,
      "permissible_lowest_priority": "urgent",
      "permissible_security_context": [SECURITY_LABEL]}),
    ("submission-control-result", "SubmissionControlResult", WAITING),
    # Delivery port
    ("message-delivery-argument", "MessageDeliveryArgument",
     dict(MESSAGE_DELIVERY_ENVELOPE, content=H("3000"))),
    ("message-delivery-result-empty", "MessageDeliveryResult", {}),
    ("message-delivery-result", "MessageDeliveryResult",
     {"recipient_certificate": CERTIFICATES, "proof_of_delivery": SIGNATURE,
      "extensions": exts(ext_private("1.3.6.1.4.1.453.7.4", H("0500")))}),
    ("report-delivery-argument", "ReportDeliveryArgument",
     dict(REPORT_DELIVERY_ENVELOPE, returned_content=b"returned IPM")),
    ("report-delivery-result-empty", "ReportDeliveryResult", ("empty_result", None)),
    ("report-delivery-result-extensions", "ReportDeliveryResult",
     ("extensions", exts(ext_private("1.3.6.1.4.1.453.7.5", H("020101"))))),
    ("delivery-control-argument", "DeliveryControlArgument",
     dict(CONTROLS, extensions=exts(ext_private("1.3.6.1.4.1.453.7.6", H("0500"))))),
    ("delivery-control-result", "DeliveryControlResult",
     dict(WAITING, extensions=exts(ext_private("1.3.6.1.4.1.453.7.7", H("0500"))))),
    ("delivery-controls-88", "MTSAbstractService88.DeliveryControls88", {
        "restrict": False, "permissible_lowest_priority": "normal",
        "permissible_content_types": [("built_in", 2)],
        "permissible_encoded_information_types_88": EIT}),
    # Administration port
    ("register-argument", "RegisterArgument", REGISTER_ARGUMENT),
    ("register-argument-x121", "RegisterArgument",
     {"user_address": ("x121", {"x121_address": "23421920030013", "tsap_id": "593"})}),
    ("register-result-empty", "RegisterResult", ("empty_result", None)),
    ("register-result", "RegisterResult", ("non_empty_result", {
        "registered_information": {"user_name": ORIGINATOR,
                                   "deliverable_class": [{"content_types": [
                                       ("built_in", 22)]}]},
        "extensions": exts(ext_private("1.3.6.1.4.1.453.7.8", H("0500")))})),
    ("register-88", "MTSAbstractService88.Register88", {
        "user_name": ORIGINATOR,
        "user_address": ("x121", {"x121_address": "2342"}),
        "deliverable_encoded_information_types": EIT_SMALL,
        "deliverable_maximum_content_length": 2 ** 31 - 1,
        "default_delivery_controls": {"restrict": False},
        "deliverable_content_types": der_sorted("ContentType", [("built_in", 2),
                                                                ("built_in", 22)]),
        "labels_and_redirections": [{
            "user_security_label": SECURITY_LABEL_SMALL,
            "recipient_assigned_alternate_recipient": RECIPIENT}]}),
    ("change-credentials-argument", "ChangeCredentialsArgument",
     {"old_credentials": SIMPLE,
      "new_credentials": ("simple", ("ia5_string", "n3w-secret"))}),
    # Error parameters
    ("recipient-improperly-specified", "ImproperlySpecifiedRecipients",
     [RECIPIENT, FULL_NAME]),
    ("security-error", "SecurityProblem", 32),
    ("operation-refused-builtin", "RefusedOperation",
     {"refused_argument": ("built_in_argument", 14), "refusal_reason": 2}),
    ("operation-refused-extension", "RefusedOperation",
     {"refused_argument": ("refused_extension", ("standard_extension", 20)),
      "refusal_reason": 0}),
    # Envelopes on their own
    ("message-submission-envelope", "MessageSubmissionEnvelope",
     MESSAGE_SUBMISSION_ENVELOPE),
    ("probe-submission-envelope", "ProbeSubmissionEnvelope", PROBE_SUBMISSION_ENVELOPE),
    ("message-delivery-envelope", "MessageDeliveryEnvelope", MESSAGE_DELIVERY_ENVELOPE),
    ("report-delivery-envelope", "ReportDeliveryEnvelope", REPORT_DELIVERY_ENVELOPE),
]

# Extension values and extension-attribute values, decoded by type.
VALUES = [
    ("ext-recipient-reassignment", "RecipientReassignmentProhibited",
     "recipient-reassignment-prohibited"),
    ("ext-alternate-recipient", "OriginatorRequestedAlternateRecipient", FULL_NAME),
    ("ext-dl-expansion-prohibited", "DLExpansionProhibited", "dl-expansion-allowed"),
    ("ext-conversion-with-loss", "ConversionWithLossProhibited",
     "conversion-with-loss-prohibited"),
    ("ext-latest-delivery-time", "LatestDeliveryTime", T2),
    ("ext-requested-delivery-method", "RequestedDeliveryMethod", [5, 1, 0]),
    ("ext-physical-forwarding-prohibited", "PhysicalForwardingProhibited",
     "physical-forwarding-prohibited"),
    ("ext-physical-forwarding-address-request", "PhysicalForwardingAddressRequest",
     "physical-forwarding-address-requested"),
    ("ext-physical-delivery-modes", "PhysicalDeliveryModes",
     frozenset({"special-delivery", "bureau-fax-delivery"})),
    ("ext-registered-mail-type", "RegisteredMailType", 2),
    ("ext-recipient-number-for-advice", "RecipientNumberForAdvice", "+44 20 7946 0000"),
    ("ext-physical-rendition-attributes", "PhysicalRenditionAttributes",
     x411.id_att_physical_rendition_no_cover_page),
    ("ext-originator-return-address", "OriginatorReturnAddress",
     {"built_in_standard_attributes": FULL_NAME["built_in_standard_attributes"],
      "built_in_domain_defined_attributes":
          FULL_NAME["built_in_domain_defined_attributes"],
      "extension_attributes": FULL_NAME["extension_attributes"]}),
    ("ext-physical-delivery-report-request", "PhysicalDeliveryReportRequest", 3),
    ("ext-originator-certificate", "OriginatorCertificate", CERTIFICATES),
    ("ext-message-token", "MessageToken", TOKEN),
    ("ext-asymmetric-token", "AsymmetricToken", ASYMMETRIC_TOKEN),
    ("ext-asymmetric-token-mta", "AsymmetricToken", dict(ASYMMETRIC_TOKEN, asymmetric_token_data={
        "signature_algorithm_identifier": ALG_SHA256_RSA,
        "name": ("mta", {"global_domain_identifier": GDI, "mta_name": "mta1"}),
        "time": T1})),
    ("ext-message-token-signed-data", "MessageTokenSignedData", {
        "content_confidentiality_algorithm_identifier": ALG_SHA256_RSA,
        "content_integrity_check": SIGNATURE,
        "message_security_label": SECURITY_LABEL,
        "proof_of_delivery_request": "proof-of-delivery-not-requested",
        "message_sequence_number": 1}),
    ("ext-content-confidentiality-algorithm", "ContentConfidentialityAlgorithmIdentifier",
     {"algorithm": "2.16.840.1.101.3.4.1.2"}),
    ("ext-content-integrity-check", "ContentIntegrityCheck", SIGNATURE),
    ("ext-message-origin-authentication-check", "MessageOriginAuthenticationCheck",
     SIGNATURE),
    ("ext-message-security-label", "MessageSecurityLabel", SECURITY_LABEL),
    ("ext-proof-of-submission-request", "ProofOfSubmissionRequest",
     "proof-of-submission-requested"),
    ("ext-proof-of-delivery-request", "ProofOfDeliveryRequest",
     "proof-of-delivery-requested"),
    ("ext-content-correlator-octets", "ContentCorrelator", ("octets", H("00ff10"))),
    ("ext-probe-origin-authentication-check", "ProbeOriginAuthenticationCheck", SIGNATURE),
    ("ext-redirection-history", "RedirectionHistory", REDIRECTION_HISTORY + [{
        "intended_recipient_name": {"intended_recipient": FULL_NAME,
                                    "redirection_time": T1},
        "redirection_reason": "alias"}]),
    ("ext-dl-expansion-history", "DLExpansionHistory", DL_EXPANSION_HISTORY),
    ("ext-physical-forwarding-address", "PhysicalForwardingAddress", RECIPIENT),
    ("ext-recipient-certificate", "RecipientCertificate",
     {"user_certificate": CERT}),
    ("ext-proof-of-delivery", "ProofOfDelivery", SIGNATURE),
    ("ext-originator-and-dl-expansion-history", "OriginatorAndDLExpansionHistory", [
        {"originator_or_dl_name": ORIGINATOR, "origination_or_expansion_time": T0},
        {"originator_or_dl_name": RECIPIENT, "origination_or_expansion_time": T1}]),
    ("ext-reporting-dl-name", "ReportingDLName", DIRECTORY_ONLY),
    ("ext-reporting-mta-certificate", "ReportingMTACertificate", CERTIFICATES),
    ("ext-report-origin-authentication-check", "ReportOriginAuthenticationCheck",
     SIGNATURE),
    ("ext-originating-mta-certificate", "OriginatingMTACertificate", CERTIFICATES),
    ("ext-proof-of-submission", "ProofOfSubmission", SIGNATURE),
    ("ext-trace-information", "MTAAbstractService.TraceInformation", TRACE),
    ("ext-internal-trace-information", "MTAAbstractService.InternalTraceInformation",
     INTERNAL_TRACE),
    ("ext-reporting-mta-name", "ReportingMTAName", {"domain": GDI, "mta_name": "mta1"}),
    ("ext-multiple-originator-certificates", "ExtendedCertificates",
     der_sorted("ExtendedCertificate", [("directory_entry", DIRECTORY_NAME),
                                        ("certificate", CERTIFICATES)])),
    ("ext-dl-exempted-recipients", "DLExemptedRecipients",
     der_sorted("ORName", [RECIPIENT, FULL_NAME])),
    ("ext-certificate-selectors", "CertificateSelectors", {
        "encryption_recipient": CERT_ASSERTION,
        "content_integrity_check": {"subject": DIRECTORY_NAME,
                                    "private_key_valid": T0,
                                    "subject_alt_name": ("builtin_name_form",
                                                         "rfc822Name")},
        "message_origin_authentication": {"path_to_name": DIRECTORY_NAME,
                                          "name_constraints": {
                                              "permitted_subtrees": [H("3006a004300206ff")]}}}),
    # Extension-attribute values.
    ("attr-common-name", "CommonName", "P3User1"),
    ("attr-teletex-common-name", "TeletexCommonName", "J\xfcrgen"),
    ("attr-universal-common-name", "UniversalCommonName",
     {"character_encoding": ("four_octets", "Zo\xeb \U0001f600")}),
    ("attr-teletex-organization-name", "TeletexOrganizationName", "Soci\xe9t\xe9"),
    ("attr-universal-organization-name", "UniversalOrganizationName",
     {"character_encoding": ("two_octets", "\u6771\u4eac"),
      "iso_639_language_code": "ja-JP"}),
    ("attr-teletex-personal-name", "TeletexPersonalName",
     {"surname": "M\xfcller", "given_name": "J\xf6rg", "initials": "J",
      "generation_qualifier": "II"}),
    ("attr-universal-personal-name", "UniversalPersonalName",
     {"surname": {"character_encoding": ("two_octets", "\u0418\u0432\u0430\u043d\u043e\u0432"),
                  "iso_639_language_code": "RU"},
      "given_name": {"character_encoding": ("two_octets", "\u0418\u0432\u0430\u043d")},
      "initials": {"character_encoding": ("two_octets", "\u0418")},
      "generation_qualifier": {"character_encoding": ("two_octets", "III")}}),
    ("attr-teletex-ou-names", "TeletexOrganizationalUnitNames", ["Vertrieb", "S\xfcd"]),
    ("attr-universal-ou-names", "UniversalOrganizationalUnitNames",
     [{"character_encoding": ("two_octets", "\u00c5s")}]),
    ("attr-teletex-dda", "TeletexDomainDefinedAttributes",
     [{"type": "x", "value": "\xe9t\xe9"}]),
    ("attr-universal-dda", "UniversalDomainDefinedAttributes",
     [{"type": {"character_encoding": ("two_octets", "id")},
       "value": {"character_encoding": ("two_octets", "\u20ac5")}}]),
    ("attr-pds-name", "PDSName", "ROYAL MAIL"),
    ("attr-physical-delivery-country-name", "PhysicalDeliveryCountryName",
     ("iso_3166_alpha2_code", "FR")),
    ("attr-physical-delivery-country-name-x121", "PhysicalDeliveryCountryName",
     ("x121_dcc_code", "208")),
    ("attr-postal-code", "PostalCode", ("numeric_code", "75001")),
    ("attr-pds-parameter", "PhysicalDeliveryOfficeName",
     {"printable_string": "Paris 01", "teletex_string": "Paris \xe9"}),
    ("attr-street-address", "StreetAddress", {"printable_string": "1 Rue de Rivoli"}),
    ("attr-unformatted-postal-address", "UnformattedPostalAddress",
     {"printable_address": ["1 Main St", "Springfield"], "teletex_string": "\xe9"}),
    ("attr-universal-pds-parameter", "UniversalStreetAddress",
     {"character_encoding": ("two_octets", "Stra\xdfe 1"), "iso_639_language_code": "de"}),
    ("attr-extended-network-address-e163", "ExtendedNetworkAddress",
     ("e163_4_address", {"number": "442079460000", "sub_address": "12"})),
    ("attr-extended-network-address-psap", "ExtendedNetworkAddress",
     ("psap_address", PRESENTATION_ADDRESS)),
    ("attr-terminal-type", "TerminalType", 5),
    ("token-data", "TokenData", TOKEN_DATA),
    ("security-label", "SecurityLabel", SECURITY_LABEL),
    ("certificate-assertion", "CertificateAssertion", CERT_ASSERTION),
    ("presentation-address", "PresentationAddress", PRESENTATION_ADDRESS),
]

CASES = PDUS + VALUES


# ---------------------------------------------------------------------------
# (1) Round trips on both engines


@pytest.mark.parametrize("name,value", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_round_trip(engine, both, name, value):
    t = T(name)
    node = t.node()
    data = engine.encode(node, value)
    decoded = engine.decode(node, data, L)
    assert decoded == with_defaults(t, value)
    assert engine.encode(node, decoded) == data
    for other in both:
        assert other.encode(node, value) == data


def test_every_p3_operation_and_error_has_a_round_tripped_type():
    """Every type the OPERATIONS / ERRORS tables name is exercised above."""
    tested = {id(T(c[1]).node()) for c in CASES}
    for ops in x411.OPERATIONS.values():
        for op in ops.values():
            assert id(op.argument.node()) in tested, op.name
            assert id(op.result.node()) in tested or op.result.kind == 5, op.name
    for errs in x411.ERRORS.values():
        for err in errs.values():
            assert err.parameter is None or id(err.parameter.node()) in tested, err.name


def test_tables():
    assert x411.OPERATIONS[x411.id_as_msse][2].name == "submission-control"
    assert x411.OPERATIONS[x411.id_as_mdse_94][2].name == "delivery-control"
    assert x411.OPERATIONS[x411.id_as_mdse_88][2].argument is M88["DeliveryControls88"]
    assert x411.OPERATIONS[x411.id_as_mase_88][1].argument is M88["Register88"]
    assert x411.OPERATIONS[x411.id_as_mase_94][1].result is M["RegisterResult"]
    assert x411.ERRORS[x411.id_as_msse][1].name == "submission-control-violated"
    assert x411.ERRORS[x411.id_as_mdse_88][1].name == "delivery-control-violated"
    assert 16 not in x411.ERRORS[x411.id_as_mdse_88]
    assert x411.ERRORS[x411.id_as_mase_94][16].parameter is M["RefusedOperation"]
    for code, (_, tname) in x411.EXTENSION_ATTRIBUTES.items():
        assert M["ExtensionAttributeType"].inner.named[x411.EXTENSION_ATTRIBUTES[code][0]] == code
        assert tname in M
    for code, (ename, tname) in x411.STANDARD_EXTENSIONS.items():
        assert M["StandardExtension"].inner.named[ename] == code
        if tname.split(".")[0] in ("MTSAbstractService", "MTAAbstractService"):
            x411.resolve(tname)
    # Every code the reference lists, no more.
    for tname, codes in (("NonDeliveryReasonCode", range(9)),
                         ("NonDeliveryDiagnosticCode", range(79)),
                         ("SecurityProblem", range(36)),
                         ("StandardExtension", range(1, 47)),
                         ("ExtensionAttributeType", range(1, 41)),
                         ("RefusedArgument", [*range(9), *range(10, 17)]),
                         ("TypeOfMTSUser", range(7))):
        assert sorted(M[tname].inner.named.values()) == list(codes), tname
    assert M["NonDeliveryDiagnosticCode"].inner.named["unsupported-security-policy"] == 78
    assert M["MTSBindError"].inner.named == {
        "busy": 0, "authentication-error": 2, "unacceptable-dialogue-mode": 3,
        "unacceptable-security-context": 4, "inadequate-association-confidentiality": 5}
    assert x411.ub_x121_address_length == 16 and x411.ub_password_length == 62
    assert x411.id_att_physical_rendition_basic == "2.6.3.5.0"
    assert x411.id_as_mts == "2.6.0.2.11" and x411.id_ac_mts_access_88 == "2.6.0.1.0"
    assert x411.err_remote_bind_error == 15 and x411.op_cancel_deferred_delivery == 7


# ---------------------------------------------------------------------------
# (2) Differential tests against pyasn1
#
# Components with a DEFAULT are declared OPTIONAL on the pyasn1 side (pyasn1
# 0.6 cannot decode a defaulted SET OF); DER leaves defaults out, so both
# sides see the same bytes and the comparison strips defaults from ours.

if univ is not None:
    CTX, APPL = tag.tagClassContext, tag.tagClassApplication

    def imp(t, n, cls=CTX):
        return t.subtype(implicitTag=tag.Tag(cls, tag.tagFormatSimple, n))

    def exp(t, n, cls=CTX):
        return t.subtype(explicitTag=tag.Tag(cls, tag.tagFormatConstructed, n))

    def nt(name, t):
        return namedtype.NamedType(name, t)

    def opt(name, t):
        return namedtype.OptionalNamedType(name, t)

    def seq(*c):
        return univ.Sequence(componentType=namedtype.NamedTypes(*c))

    def set_(*c):
        return univ.Set(componentType=namedtype.NamedTypes(*c))

    def choice(*c):
        return univ.Choice(componentType=namedtype.NamedTypes(*c))

    def seqof(t):
        return univ.SequenceOf(componentType=t)

    def setof(t):
        return univ.SetOf(componentType=t)

    def integer():
        return univ.Integer()

    def enum(*names):
        return univ.Enumerated(namedValues=namedval.NamedValues(*names))

    def bits(*names):
        if not names:
            return univ.BitString()
        return univ.BitString(namedValues=namedval.NamedValues(*names))

    OID, OS, PS, NS, IA5 = (univ.ObjectIdentifier, univ.OctetString, char.PrintableString,
                            char.NumericString, char.IA5String)
    T61, UTCT, ANY = char.TeletexString, useful.UTCTime, univ.Any

    # InformationFramework, SelectedAttributeTypes, AuthenticationFramework
    P_ATV = seq(nt("type", OID()), nt("value", ANY()))
    P_NAME = choice(nt("rdnSequence", seqof(setof(P_ATV))))
    P_PADDR = seq(opt("pSelector", exp(OS(), 0)), opt("sSelector", exp(OS(), 1)),
                  opt("tSelector", exp(OS(), 2)), nt("nAddresses", exp(setof(OS()), 3)))
    P_ALG = seq(nt("algorithm", OID()), opt("parameters", ANY()))
    P_CERTS = seq(nt("userCertificate", ANY()),
                  opt("certificationPath", seqof(setof(ANY()))))
    P_X509_TIME = choice(nt("utcTime", UTCT()), nt("generalizedTime", useful.GeneralizedTime()))
    P_CERT_ASSERTION = seq(
        opt("serialNumber", imp(integer(), 0)),
        opt("issuer", exp(P_NAME, 1)),
        opt("subjectKeyIdentifier", imp(OS(), 2)),
        opt("authorityKeyIdentifier", imp(seq(
            opt("keyIdentifier", imp(OS(), 0)),
            opt("authorityCertIssuer", imp(seqof(ANY()), 1)),
            opt("authorityCertSerialNumber", imp(integer(), 2))), 3)),
        opt("certificateValid", exp(P_X509_TIME, 4)),
        opt("privateKeyValid", imp(useful.GeneralizedTime(), 5)),
        opt("subjectPublicKeyAlgID", imp(OID(), 6)),
        opt("keyUsage", imp(bits(("digitalSignature", 0), ("contentCommitment", 1),
                                 ("keyEncipherment", 2), ("dataEncipherment", 3),
                                 ("keyAgreement", 4), ("keyCertSign", 5), ("cRLSign", 6),
                                 ("encipherOnly", 7), ("decipherOnly", 8)), 7)),
        opt("subjectAltName", exp(choice(
            nt("builtinNameForm", enum(("rfc822Name", 1), ("dNSName", 2),
                                       ("x400Address", 3), ("directoryName", 4),
                                       ("ediPartyName", 5),
                                       ("uniformResourceIdentifier", 6),
                                       ("iPAddress", 7), ("registeredId", 8))),
            nt("otherNameForm", OID())), 8)),
        opt("policy", imp(seqof(OID()), 9)),
        opt("pathToName", exp(P_NAME, 10)),
        opt("subject", exp(P_NAME, 11)),
        opt("nameConstraints", imp(seq(
            opt("permittedSubtrees", imp(seqof(ANY()), 0)),
            opt("excludedSubtrees", imp(seqof(ANY()), 1))), 12)))

    # O/R names
    def _num_or_print(numeric, printable):
        return choice(nt(numeric, NS()), nt(printable, PS()))

    P_COUNTRY = exp(_num_or_print("x121-dcc-code", "iso-3166-alpha2-code"), 1, APPL)
    P_ADMD = exp(_num_or_print("numeric", "printable"), 2, APPL)
    P_PERSONAL = set_(nt("surname", imp(PS(), 0)), opt("given-name", imp(PS(), 1)),
                      opt("initials", imp(PS(), 2)),
                      opt("generation-qualifier", imp(PS(), 3)))
    P_BISA = seq(
        opt("country-name", P_COUNTRY),
        opt("administration-domain-name", P_ADMD),
        opt("network-address", imp(NS(), 0)),
        opt("terminal-identifier", imp(PS(), 1)),
        opt("private-domain-name", exp(_num_or_print("numeric", "printable"), 2)),
        opt("organization-name", imp(PS(), 3)),
        opt("numeric-user-identifier", imp(NS(), 4)),
        opt("personal-name", imp(P_PERSONAL, 5)),
        opt("organizational-unit-names", imp(seqof(PS()), 6)))
    P_BDDA = seqof(seq(nt("type", PS()), nt("value", PS())))
    P_EXT_ATTR = seq(nt("extension-attribute-type", imp(integer(), 0)),
                     nt("extension-attribute-value", exp(ANY(), 1)))

    def _address():
        return [nt("built-in-standard-attributes", P_BISA),
                opt("built-in-domain-defined-attributes", P_BDDA),
                opt("extension-attributes", setof(P_EXT_ATTR))]

    P_ORADDRESS = seq(*_address())
    P_ORNAME = imp(seq(*_address(), opt("directory-name", exp(P_NAME, 0))), 0, APPL)

    P_GDI = imp(seq(nt("country-name", P_COUNTRY),
                    nt("administration-domain-name", P_ADMD),
                    opt("private-domain-identifier", _num_or_print("numeric", "printable"))),
                3, APPL)
    P_MTS_ID = imp(seq(nt("global-domain-identifier", P_GDI),
                       nt("local-identifier", IA5())), 4, APPL)
    P_BUILTIN_CT = imp(integer(), 6, APPL)
    P_CT = choice(nt("built-in", P_BUILTIN_CT), nt("extended", OID()))
    P_DELIVERED_CT = choice(nt("built-in", imp(P_BUILTIN_CT, 0)), nt("extended", OID()))
    P_CONTENT_ID = imp(PS(), 10, APPL)
    P_PRIORITY = imp(enum(("normal", 0), ("non-urgent", 1), ("urgent", 2)), 7, APPL)
    P_PMI = imp(bits(("disclosure-of-other-recipients", 0),
                     ("implicit-conversion-prohibited", 1),
                     ("alternate-recipient-allowed", 2), ("content-return-request", 3),
                     ("reserved", 4), ("bit-5", 5), ("bit-6", 6),
                     ("service-message", 7)), 8, APPL)
    P_ORR = bits(("report", 3), ("non-delivery-report", 4))
    P_EIT = imp(set_(
        nt("built-in-encoded-information-types", imp(bits(
            ("unknown", 0), ("ia5-text", 2), ("g3-facsimile", 3), ("g4-class-1", 4),
            ("teletex", 5), ("videotex", 6), ("voice", 7), ("sfd", 8),
            ("mixed-mode", 9)), 0)),
        opt("g3-facsimile", imp(bits(
            ("two-dimensional", 8), ("fine-resolution", 9), ("unlimited-length", 20),
            ("b4-length", 21), ("a3-width", 22), ("b4-width", 23), ("t6-coding", 25),
            ("uncompressed", 30), ("width-middle-864-of-1728", 37),
            ("width-middle-1216-of-1728", 38), ("resolution-type", 44),
            ("resolution-400x400", 45), ("resolution-300x300", 46),
            ("resolution-8x15", 47), ("edi", 49), ("dtm", 50), ("bft", 51),
            ("mixed-mode", 58), ("character-mode", 60), ("twelve-bits", 65),
            ("preferred-huffmann", 66), ("full-colour", 67), ("jpeg", 68),
            ("processable-mode-26", 71)), 1)),
        opt("teletex", imp(set_(
            opt("graphic-character-sets", imp(T61(), 0)),
            opt("control-character-sets", imp(T61(), 1)),
            opt("page-formats", imp(OS(), 2)),
            opt("miscellaneous-terminal-capabilities", imp(T61(), 3)),
            opt("private-use", imp(OS(), 4))), 2)),
        opt("extended-encoded-information-types", imp(setof(OID()), 4))), 5, APPL)

    # Extensions, security
    P_EXT_TYPE = choice(nt("standard-extension", imp(integer(), 0)),
                        nt("private-extension", imp(OID(), 3)))
    P_CRITICALITY = bits(("for-submission", 0), ("for-transfer", 1), ("for-delivery", 2))
    P_EXT_FIELD = seq(nt("type", P_EXT_TYPE), opt("criticality", imp(P_CRITICALITY, 1)),
                      opt("value", exp(ANY(), 2)))

    def p_exts(n):
        return opt("extensions", imp(setof(P_EXT_FIELD), n))

    P_SEC_LABEL = set_(
        opt("security-policy-identifier", OID()),
        opt("security-classification", integer()),
        opt("privacy-mark", PS()),
        opt("security-categories", setof(seq(nt("type", imp(OID(), 0)),
                                             nt("value", exp(ANY(), 1))))))
    P_SEC_CONTEXT = setof(P_SEC_LABEL)
    P_SIGNATURE = seq(nt("algorithmIdentifier", P_ALG), nt("encrypted", bits()))
    P_TOKEN = seq(nt("token-type-identifier", imp(OID(), 0)), nt("token", exp(ANY(), 1)))
    P_TOKEN_DATA = seq(nt("type", imp(integer(), 0)), nt("value", exp(ANY(), 1)))
    P_POD_REQUEST = enum(("proof-of-delivery-not-requested", 0),
                         ("proof-of-delivery-requested", 1))
    P_ASYM_TOKEN = seq(
        nt("asymmetric-token-data", seq(
            nt("signature-algorithm-identifier", P_ALG),
            nt("name", choice(nt("recipient-name", P_ORNAME),
                              nt("mta", imp(seq(opt("global-domain-identifier", P_GDI),
                                                nt("mta-name", IA5())), 3)))),
            nt("time", UTCT()),
            opt("signed-data", imp(P_TOKEN_DATA, 0)),
            opt("encryption-algorithm-identifier", imp(P_ALG, 1)),
            opt("encrypted-data", imp(bits(), 2)))),
        nt("algorithm-identifier", P_ALG),
        nt("encrypted", bits()))
    P_MTSD = seq(
        opt("content-confidentiality-algorithm-identifier", imp(P_ALG, 0)),
        opt("content-integrity-check", imp(P_SIGNATURE, 1)),
        opt("message-security-label", imp(P_SEC_LABEL, 2)),
        opt("proof-of-delivery-request", imp(P_POD_REQUEST, 3)),
        opt("message-sequence-number", imp(integer(), 4)))

    # Bind
    P_PASSWORD = choice(nt("ia5-string", IA5()), nt("octet-string", OS()))
    P_CREDENTIALS = choice(
        nt("simple", P_PASSWORD),
        nt("strong", imp(set_(opt("bind-token", imp(P_TOKEN, 0)),
                              opt("certificate", imp(P_CERTS, 1)),
                              opt("certificate-selector", imp(P_CERT_ASSERTION, 2))), 0)),
        nt("protected", imp(set_(nt("signature", P_SIGNATURE),
                                 opt("time1", imp(UTCT(), 0)),
                                 opt("time2", imp(UTCT(), 1)),
                                 opt("random1", imp(bits(), 2)),
                                 opt("random2", imp(bits(), 3))), 1)))
    P_OBJECT_NAME = choice(nt("user-agent", P_ORNAME), nt("mTA", imp(IA5(), 0)),
                           nt("message-store", imp(P_ORNAME, 4)))
    P_QUEUE = set_(nt("messages", imp(integer(), 0)), opt("octets", imp(integer(), 1)))
    P_WAITING_MSGS = set_(nt("urgent", imp(P_QUEUE, 0)), nt("normal", imp(P_QUEUE, 1)),
                          nt("non-urgent", imp(P_QUEUE, 2)))
    P_BIND_ARG = set_(
        nt("initiator-name", P_OBJECT_NAME),
        opt("messages-waiting", exp(P_WAITING_MSGS, 1)),
        nt("initiator-credentials", exp(P_CREDENTIALS, 2)),
        opt("security-context", imp(P_SEC_CONTEXT, 3)),
        p_exts(5))
    P_BIND_RES = set_(
        nt("responder-name", P_OBJECT_NAME),
        opt("messages-waiting", exp(P_WAITING_MSGS, 1)),
        nt("responder-credentials", exp(P_CREDENTIALS, 2)),
        p_exts(5))
    P_BIND_PDUS = choice(nt("bind-invoke", exp(P_BIND_ARG, 16)),
                         nt("bind-result", exp(P_BIND_RES, 17)),
                         nt("bind-error", exp(integer(), 18)))

    # Submission
    def _per_recipient_submission():
        return set_(nt("recipient-name", P_ORNAME),
                    nt("originator-report-request", imp(P_ORR, 0)),
                    opt("explicit-conversion", imp(integer(), 1)), p_exts(2))

    P_MSG_SUB_ENV = set_(
        nt("originator-name", P_ORNAME),
        opt("original-encoded-information-types", P_EIT),
        nt("content-type", P_CT),
        opt("content-identifier", P_CONTENT_ID),
        opt("priority", P_PRIORITY),
        opt("per-message-indicators", P_PMI),
        opt("deferred-delivery-time", imp(UTCT(), 0)),
        p_exts(2),
        nt("per-recipient-fields", imp(seqof(_per_recipient_submission()), 1)))
    P_MSG_SUB_ARG = seq(nt("envelope", P_MSG_SUB_ENV), nt("content", OS()))
    P_MSG_SUB_RES = set_(nt("message-submission-identifier", P_MTS_ID),
                         nt("message-submission-time", imp(UTCT(), 0)),
                         opt("content-identifier", P_CONTENT_ID), p_exts(1))
    P_PROBE_ENV = set_(
        nt("originator-name", P_ORNAME),
        opt("original-encoded-information-types", P_EIT),
        nt("content-type", P_CT),
        opt("content-identifier", P_CONTENT_ID),
        opt("content-length", imp(integer(), 0)),
        opt("per-message-indicators", P_PMI),
        p_exts(2),
        nt("per-recipient-fields", imp(seqof(_per_recipient_submission()), 3)))
    P_PROBE_RES = set_(nt("probe-submission-identifier", P_MTS_ID),
                       nt("probe-submission-time", imp(UTCT(), 0)),
                       opt("content-identifier", P_CONTENT_ID), p_exts(1))
    P_OPERATIONS = bits(("probe-submission-or-report-delivery", 0),
                        ("message-submission-or-message-delivery", 1))
    P_EITC = seq(opt("unacceptable-eits", imp(setof(OID()), 0)),
                 opt("acceptable-eits", imp(setof(OID()), 1)),
                 opt("exclusively-acceptable-eits", imp(setof(OID()), 2)))

    def _controls(eit=True):
        out = [opt("restrict", imp(univ.Boolean(), 0)),
               opt("permissible-operations", imp(P_OPERATIONS, 1)),
               opt("permissible-maximum-content-length", imp(integer(), 2)),
               opt("permissible-lowest-priority", P_PRIORITY),
               opt("permissible-content-types", imp(setof(P_CT), 4))]
        if eit:
            out.append(opt("permissible-encoded-information-types", P_EITC))
        out.append(opt("permissible-security-context", imp(P_SEC_CONTEXT, 5)))
        return out

    def _waiting():
        return [opt("waiting-operations", imp(P_OPERATIONS, 0)),
                opt("waiting-messages", imp(bits(("long-content", 0), ("low-priority", 1),
                                                 ("other-security-labels", 2)), 1)),
                opt("waiting-content-types", imp(setof(P_CT), 2)),
                opt("waiting-encoded-information-types", P_EIT)]

    P_CONTROLS = set_(*_controls())
    P_WAITING = set_(*_waiting())

    # Delivery
    P_OTHER_FIELDS = set_(
        nt("content-type", P_DELIVERED_CT),
        nt("originator-name", P_ORNAME),
        opt("original-encoded-information-types", imp(P_EIT, 1)),
        opt("priority", P_PRIORITY),
        opt("delivery-flags", imp(bits(("implicit-conversion-prohibited", 1)), 2)),
        opt("other-recipient-names", imp(seqof(P_ORNAME), 3)),
        nt("this-recipient-name", imp(P_ORNAME, 4)),
        opt("originally-intended-recipient-name", imp(P_ORNAME, 5)),
        opt("converted-encoded-information-types", imp(P_EIT, 6)),
        nt("message-submission-time", imp(UTCT(), 7)),
        opt("content-identifier", imp(P_CONTENT_ID, 8)),
        p_exts(9))

    def _delivery_envelope():
        return [nt("message-delivery-identifier", P_MTS_ID),
                nt("message-delivery-time", UTCT()),
                nt("other-fields", P_OTHER_FIELDS)]

    P_MSG_DEL_ENV = seq(*_delivery_envelope())
    P_MSG_DEL_ARG = seq(*_delivery_envelope(), nt("content", OS()))
    P_MSG_DEL_RES = set_(opt("recipient-certificate", imp(P_CERTS, 0)),
                         opt("proof-of-delivery", imp(P_SIGNATURE, 1)), p_exts(2))
    P_REPORT_TYPE = choice(
        nt("delivery", imp(set_(nt("message-delivery-time", imp(UTCT(), 0)),
                                opt("type-of-MTS-user", imp(integer(), 1))), 0)),
        nt("non-delivery", imp(set_(nt("non-delivery-reason-code", imp(integer(), 0)),
                                    opt("non-delivery-diagnostic-code",
                                        imp(integer(), 1))), 1)))
    P_PER_RCPT_REPORT = set_(
        nt("actual-recipient-name", imp(P_ORNAME, 0)),
        nt("report-type", exp(P_REPORT_TYPE, 1)),
        opt("converted-encoded-information-types", P_EIT),
        opt("originally-intended-recipient-name", imp(P_ORNAME, 2)),
        opt("supplementary-information", imp(PS(), 3)),
        p_exts(4))

    def _report_envelope():
        return [nt("subject-submission-identifier", P_MTS_ID),
                opt("content-identifier", P_CONTENT_ID),
                opt("content-type", P_CT),
                opt("original-encoded-information-types", P_EIT),
                p_exts(1),
                nt("per-recipient-fields", seqof(P_PER_RCPT_REPORT))]

    P_REPORT_ENV = set_(*_report_envelope())
    P_REPORT_ARG = set_(*_report_envelope(), opt("returned-content", imp(OS(), 0)))
    P_REPORT_RES = choice(nt("empty-result", univ.Null()),
                          nt("extensions", setof(P_EXT_FIELD)))
    P_DC_ARG = set_(*_controls(), p_exts(6))
    P_DC_RES = set_(*_waiting(), p_exts(6))
    P_DC_88 = set_(*_controls(eit=False),
                   opt("permissible-encoded-information-types-88", P_EIT))
    P_REFUSED = set_(nt("refused-argument", choice(
        nt("built-in-argument", imp(integer(), 1)),
        nt("refused-extension", P_EXT_TYPE))), nt("refusal-reason", imp(integer(), 2)))

    # Administration
    P_USER_ADDRESS = choice(
        nt("x121", imp(seq(opt("x121-address", NS()), opt("tsap-id", PS())), 0)),
        nt("presentation", imp(P_PADDR, 1)))
    P_RESTRICTION = set_(
        opt("permitted", univ.Boolean()),
        opt("source-type", bits(("originated-by", 0), ("redirected-by", 1),
                                ("dl-expanded-by", 2))),
        opt("source-name", choice(nt("exact-match", imp(P_ORNAME, 0)),
                                  nt("pattern-match", imp(P_ORNAME, 1)))))
    P_MESSAGE_CLASS = set_(
        opt("content-types", imp(setof(P_CT), 0)),
        opt("maximum-content-length", imp(integer(), 1)),
        opt("encoded-information-types-constraints", imp(P_EITC, 2)),
        opt("security-labels", imp(P_SEC_CONTEXT, 3)),
        opt("priority", imp(setof(P_PRIORITY), 4)),
        opt("objects", imp(enum(("messages", 0), ("reports", 1), ("both", 2)), 5)),
        opt("applies-only-to", imp(seqof(P_RESTRICTION), 6)),
        p_exts(7))
    P_REGISTER_ARG = set_(
        opt("user-name", P_ORNAME),
        opt("user-address", exp(P_USER_ADDRESS, 0)),
        opt("deliverable-class", setof(P_MESSAGE_CLASS)),
        opt("default-delivery-controls", exp(P_CONTROLS, 2)),
        opt("redirections", imp(seqof(set_(
            opt("redirection-classes", imp(setof(P_MESSAGE_CLASS), 0)),
            opt("recipient-assigned-alternate-recipient", imp(P_ORNAME, 1)))), 3)),
        opt("restricted-delivery", imp(seqof(P_RESTRICTION), 4)),
        opt("retrieve-registrations", imp(seq(
            opt("standard-parameters", imp(bits(
                ("user-name", 0), ("user-address", 1), ("deliverable-class", 2),
                ("default-delivery-controls", 3), ("redirections", 4),
                ("restricted-delivery", 5)), 0)),
            opt("extensions", imp(setof(P_EXT_TYPE), 1))), 5)),
        p_exts(6))
    P_REGISTER_RES = choice(
        nt("empty-result", univ.Null()),
        nt("non-empty-result", set_(opt("registered-information", imp(P_REGISTER_ARG, 0)),
                                    p_exts(1))))
    P_REGISTER_88 = set_(
        opt("user-name", P_ORNAME),
        opt("user-address", exp(P_USER_ADDRESS, 0)),
        opt("deliverable-encoded-information-types", P_EIT),
        opt("deliverable-maximum-content-length", exp(integer(), 1)),
        opt("default-delivery-controls", exp(P_CONTROLS, 2)),
        opt("deliverable-content-types", imp(setof(P_CT), 3)),
        opt("labels-and-redirections", imp(setof(set_(
            opt("user-security-label", imp(P_SEC_LABEL, 0)),
            opt("recipient-assigned-alternate-recipient", imp(P_ORNAME, 1)))), 4)))
    P_CHANGE_CREDENTIALS = set_(nt("old-credentials", exp(P_CREDENTIALS, 0)),
                                nt("new-credentials", exp(P_CREDENTIALS, 1)))

    # Extension value types
    P_REDIRECTION_HISTORY = seqof(seq(
        nt("intended-recipient-name", seq(nt("intended-recipient", P_ORNAME),
                                          nt("redirection-time", UTCT()))),
        nt("redirection-reason", enum(
            ("recipient-assigned-alternate-recipient", 0),
            ("originator-requested-alternate-recipient", 1),
            ("recipient-MD-assigned-alternate-recipient", 2),
            ("directory-look-up", 3), ("alias", 4)))))
    P_ADDITIONAL_ACTIONS = [opt("deferred-time", imp(UTCT(), 1)),
                            opt("converted-encoded-information-types", P_EIT),
                            opt("other-actions", imp(bits(("redirected", 0),
                                                          ("dl-operation", 1)), 3))]
    P_ROUTING = enum(("relayed", 0), ("rerouted", 1))
    P_TRACE = imp(seqof(seq(
        nt("global-domain-identifier", P_GDI),
        nt("domain-supplied-information", set_(
            nt("arrival-time", imp(UTCT(), 0)), nt("routing-action", imp(P_ROUTING, 2)),
            opt("attempted-domain", P_GDI), *P_ADDITIONAL_ACTIONS)))), 9, APPL)
    P_INTERNAL_TRACE = seqof(seq(
        nt("global-domain-identifier", P_GDI), nt("mta-name", IA5()),
        nt("mta-supplied-information", set_(
            nt("arrival-time", imp(UTCT(), 0)), nt("routing-action", imp(P_ROUTING, 2)),
            opt("attempted", choice(nt("mta", IA5()), nt("domain", P_GDI))),
            *P_ADDITIONAL_ACTIONS))))
    P_UOB = set_(nt("character-encoding", choice(nt("two-octets", char.BMPString()),
                                                 nt("four-octets", char.UniversalString()))),
                 opt("iso-639-language-code", PS()))
    P_PDS_PARAMETER = set_(opt("printable-string", PS()), opt("teletex-string", T61()))

    def _enum01(a, b):
        return enum((a, 0), (b, 1))

    PYASN1 = {
        "MTSBindArgument": P_BIND_ARG,
        "MTSBindResult": P_BIND_RES,
        "MTSBindError": integer(),
        "MTSAccessProtocol.MTSBindUnbindPDUs": P_BIND_PDUS,
        "MessageSubmissionArgument": P_MSG_SUB_ARG,
        "MessageSubmissionResult": P_MSG_SUB_RES,
        "ProbeSubmissionArgument": P_PROBE_ENV,
        "ProbeSubmissionResult": P_PROBE_RES,
        "CancelDeferredDeliveryArgument": P_MTS_ID,
        "CancelDeferredDeliveryResult": univ.Null(),
        "SubmissionControlArgument": P_CONTROLS,
        "SubmissionControlResult": P_WAITING,
        "MessageDeliveryArgument": P_MSG_DEL_ARG,
        "MessageDeliveryResult": P_MSG_DEL_RES,
        "ReportDeliveryArgument": P_REPORT_ARG,
        "ReportDeliveryResult": P_REPORT_RES,
        "DeliveryControlArgument": P_DC_ARG,
        "DeliveryControlResult": P_DC_RES,
        "MTSAbstractService88.DeliveryControls88": P_DC_88,
        "RegisterArgument": P_REGISTER_ARG,
        "RegisterResult": P_REGISTER_RES,
        "MTSAbstractService88.Register88": P_REGISTER_88,
        "ChangeCredentialsArgument": P_CHANGE_CREDENTIALS,
        "ImproperlySpecifiedRecipients": seqof(P_ORNAME),
        "SecurityProblem": integer(),
        "RefusedOperation": P_REFUSED,
        "MessageSubmissionEnvelope": P_MSG_SUB_ENV,
        "ProbeSubmissionEnvelope": P_PROBE_ENV,
        "MessageDeliveryEnvelope": P_MSG_DEL_ENV,
        "ReportDeliveryEnvelope": P_REPORT_ENV,
        "RecipientReassignmentProhibited": _enum01(
            "recipient-reassignment-allowed", "recipient-reassignment-prohibited"),
        "OriginatorRequestedAlternateRecipient": P_ORNAME,
        "DLExpansionProhibited": _enum01("dl-expansion-allowed", "dl-expansion-prohibited"),
        "ConversionWithLossProhibited": _enum01("conversion-with-loss-allowed",
                                                "conversion-with-loss-prohibited"),
        "LatestDeliveryTime": UTCT(),
        "RequestedDeliveryMethod": seqof(integer()),
        "PhysicalForwardingProhibited": _enum01("physical-forwarding-allowed",
                                                "physical-forwarding-prohibited"),
        "PhysicalForwardingAddressRequest": _enum01(
            "physical-forwarding-address-not-requested",
            "physical-forwarding-address-requested"),
        "PhysicalDeliveryModes": bits(
            ("ordinary-mail", 0), ("special-delivery", 1), ("express-mail", 2),
            ("counter-collection", 3), ("counter-collection-with-telephone-advice", 4),
            ("counter-collection-with-telex-advice", 5),
            ("counter-collection-with-teletex-advice", 6), ("bureau-fax-delivery", 7)),
        "RegisteredMailType": integer(),
        "RecipientNumberForAdvice": T61(),
        "PhysicalRenditionAttributes": OID(),
        "OriginatorReturnAddress": P_ORADDRESS,
        "PhysicalDeliveryReportRequest": integer(),
        "OriginatorCertificate": P_CERTS,
        "MessageToken": P_TOKEN,
        "AsymmetricToken": P_ASYM_TOKEN,
        "MessageTokenSignedData": P_MTSD,
        "ContentConfidentialityAlgorithmIdentifier": P_ALG,
        "ContentIntegrityCheck": P_SIGNATURE,
        "MessageOriginAuthenticationCheck": P_SIGNATURE,
        "MessageSecurityLabel": P_SEC_LABEL,
        "ProofOfSubmissionRequest": _enum01("proof-of-submission-not-requested",
                                            "proof-of-submission-requested"),
        "ProofOfDeliveryRequest": P_POD_REQUEST,
        "ContentCorrelator": choice(nt("ia5text", IA5()), nt("octets", OS())),
        "ProbeOriginAuthenticationCheck": P_SIGNATURE,
        "RedirectionHistory": P_REDIRECTION_HISTORY,
        "DLExpansionHistory": seqof(seq(nt("dl", P_ORNAME),
                                        nt("dl-expansion-time", UTCT()))),
        "PhysicalForwardingAddress": P_ORNAME,
        "RecipientCertificate": P_CERTS,
        "ProofOfDelivery": P_SIGNATURE,
        "OriginatorAndDLExpansionHistory": seqof(seq(
            nt("originator-or-dl-name", P_ORNAME),
            nt("origination-or-expansion-time", UTCT()))),
        "ReportingDLName": P_ORNAME,
        "ReportingMTACertificate": P_CERTS,
        "ReportOriginAuthenticationCheck": P_SIGNATURE,
        "OriginatingMTACertificate": P_CERTS,
        "ProofOfSubmission": P_SIGNATURE,
        "MTAAbstractService.TraceInformation": P_TRACE,
        "MTAAbstractService.InternalTraceInformation": P_INTERNAL_TRACE,
        "ReportingMTAName": seq(nt("domain", P_GDI), nt("mta-name", IA5()),
                                opt("mta-directory-name", exp(P_NAME, 0))),
        "ExtendedCertificates": setof(choice(nt("directory-entry", exp(P_NAME, 0)),
                                             nt("certificate", imp(P_CERTS, 1)))),
        "DLExemptedRecipients": setof(P_ORNAME),
        "CertificateSelectors": set_(*[opt(n, imp(P_CERT_ASSERTION, i)) for i, n in enumerate(
            ["encryption-recipient", "encryption-originator", "content-integrity-check",
             "token-signature", "message-origin-authentication"])]),
        "CommonName": PS(),
        "TeletexCommonName": T61(),
        "UniversalCommonName": P_UOB,
        "TeletexOrganizationName": T61(),
        "UniversalOrganizationName": P_UOB,
        "TeletexPersonalName": set_(nt("surname", imp(T61(), 0)),
                                    opt("given-name", imp(T61(), 1)),
                                    opt("initials", imp(T61(), 2)),
                                    opt("generation-qualifier", imp(T61(), 3))),
        "UniversalPersonalName": set_(nt("surname", imp(P_UOB, 0)),
                                      opt("given-name", imp(P_UOB, 1)),
                                      opt("initials", imp(P_UOB, 2)),
                                      opt("generation-qualifier", imp(P_UOB, 3))),
        "TeletexOrganizationalUnitNames": seqof(T61()),
        "UniversalOrganizationalUnitNames": seqof(P_UOB),
        "TeletexDomainDefinedAttributes": seqof(seq(nt("type", T61()),
                                                    nt("value", T61()))),
        "UniversalDomainDefinedAttributes": seqof(seq(nt("type", P_UOB),
                                                      nt("value", P_UOB))),
        "PDSName": PS(),
        "PhysicalDeliveryCountryName": _num_or_print("x121-dcc-code",
                                                     "iso-3166-alpha2-code"),
        "PostalCode": _num_or_print("numeric-code", "printable-code"),
        "PhysicalDeliveryOfficeName": P_PDS_PARAMETER,
        "StreetAddress": P_PDS_PARAMETER,
        "UnformattedPostalAddress": set_(opt("printable-address", seqof(PS())),
                                         opt("teletex-string", T61())),
        "UniversalStreetAddress": P_UOB,
        "ExtendedNetworkAddress": choice(
            nt("e163-4-address", seq(nt("number", imp(NS(), 0)),
                                     opt("sub-address", imp(NS(), 1)))),
            nt("psap-address", imp(P_PADDR, 0))),
        "TerminalType": integer(),
        "TokenData": P_TOKEN_DATA,
        "SecurityLabel": P_SEC_LABEL,
        "CertificateAssertion": P_CERT_ASSERTION,
        "PresentationAddress": P_PADDR,
    }

    def from_pyasn1(obj):
        """A pyasn1 value in x400fast's value model."""
        if isinstance(obj, (useful.UTCTime, useful.GeneralizedTime)):
            return obj.asDateTime
        if isinstance(obj, univ.Any):
            return bytes(obj)
        if isinstance(obj, char.AbstractCharacterString):
            return str(obj)
        if isinstance(obj, univ.Null):
            return None
        if isinstance(obj, univ.OctetString):
            return bytes(obj)
        if isinstance(obj, univ.Boolean):
            return bool(obj)
        if isinstance(obj, univ.Enumerated):
            return obj.namedValues.getName(int(obj)) or int(obj)
        if isinstance(obj, univ.Integer):
            return int(obj)
        if isinstance(obj, univ.ObjectIdentifier):
            return str(obj)
        if isinstance(obj, univ.BitString):
            if obj.namedValues:
                return frozenset(obj.namedValues.getName(i) or i
                                 for i in range(len(obj)) if obj[i])
            n = len(obj)
            nbytes = (n + 7) // 8
            return ((obj.asInteger() << (nbytes * 8 - n)).to_bytes(nbytes, "big"), n)
        if isinstance(obj, univ.Choice):
            from x400fast.asn1.core import snake
            return (snake(obj.getName()), from_pyasn1(obj.getComponent()))
        if isinstance(obj, (univ.SequenceOf, univ.SetOf)):
            return [from_pyasn1(x) for x in obj]
        if isinstance(obj, (univ.Sequence, univ.Set)):
            from x400fast.asn1.core import snake
            out = {}
            for named in obj.componentType.namedTypes:
                c = obj.getComponentByName(named.name, default=None, instantiate=False)
                if c is None or not c.isValue:
                    continue
                out[snake(named.name)] = from_pyasn1(c)
            return out
        raise TypeError(type(obj))  # pragma: no cover


@needs_pyasn1
def test_every_case_has_a_pyasn1_spec():
    assert {c[1] for c in CASES} <= set(PYASN1)


def _outer_tag(t):
    """(class, number) of the outermost tag of a pyasn1 value, looking through
    untagged CHOICEs to the chosen alternative."""
    while t.typeId == univ.Choice.typeId and not t.tagSet:
        t = t.getComponent()
    outer = t.tagSet[-1]
    return (outer.tagClass, outer.tagId)


def _der_key(component_and_type):
    # X.690 10.3 (DER): order by tag, an untagged CHOICE by the tag of the
    # alternative being encoded.  pyasn1 0.6 compares whole tag lists from the
    # innermost tag, which misplaces explicitly tagged components: the
    # outermost tag is the one X.680 8.6 orders by.
    return _outer_tag(component_and_type[0])


@needs_pyasn1
@pytest.mark.parametrize("name,value", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_pyasn1_differential(engine, monkeypatch, name, value):
    t = T(name)
    node = t.node()
    data = engine.encode(node, value)
    spec = PYASN1[name]
    theirs, rest = der_decoder.decode(data, asn1Spec=spec)
    assert rest == b""
    assert from_pyasn1(theirs) == without_defaults(t, engine.decode(node, data, L))
    # Canonical values (SET OF sorted, defaults left out): pyasn1's DER of the
    # same value is byte-identical.
    monkeypatch.setattr(der_encoder.SetEncoder, "_componentSortKey", staticmethod(_der_key))
    assert der_encoder.encode(theirs) == data


def test_der_set_order_follows_chosen_alternative(engine):
    # X.690 10.3: an untagged CHOICE in a SET sorts by the alternative sent, so
    # originator-name (60) precedes a built-in content-type (46), while an
    # extended one (06) comes first.
    value = {"originator_name": DIRECTORY_ONLY, "content_type": ("built_in", 22),
             "per_recipient_fields": [{"recipient_name": DIRECTORY_ONLY,
                                       "originator_report_request": frozenset()}]}
    data = engine.encode(M["MessageSubmissionEnvelope"].node(), value)
    assert children(data)[0][0] == 0x60
    assert children(data)[1] == H("460116")
    value["content_type"] = ("extended", "2.6.1.10.1")
    data = engine.encode(M["MessageSubmissionEnvelope"].node(), value)
    assert children(data)[0] == H("0604 5601 0a01")
    assert children(data)[1][0] == 0x60
    # In the delivery envelope, the built-in [0] (80) follows 60 and 47.
    fields = engine.encode(M["OtherMessageDeliveryFields"].node(), {
        "content_type": ("built_in", 2), "originator_name": DIRECTORY_ONLY,
        "priority": "urgent", "this_recipient_name": DIRECTORY_ONLY,
        "message_submission_time": T0})
    assert [c[0] for c in children(fields)] == [0x60, 0x47, 0x80, 0xA4, 0x87]


def test_sequence_default_filled_before_a_present_component(engine):
    # ExtensionField: criticality [1] DEFAULT {} absent, value [2] present.
    value = engine.decode(M["ExtensionField"].node(), H("3007800101a2020500"), L)
    assert value == {"type": ("standard_extension", 1), "criticality": frozenset(),
                     "value": H("0500")}


# ---------------------------------------------------------------------------
# (3) Byte vectors for the traps


def _vec(engine, name, value, hexstr):
    node = T(name).node()
    data = H(hexstr)
    assert engine.encode(node, value) == data
    assert engine.decode(node, data, L) == with_defaults(T(name), value)


def children(data):
    """The TLVs inside one constructed TLV (definite lengths)."""
    _, _, _, hl, n = ber.read_header(data)
    out, pos, end = [], hl, hl + n
    while pos < end:
        _, _, _, h, m = ber.read_header(data, pos)
        out.append(data[pos:pos + h + m])
        pos += h + m
    return out


BISA_VECTORS = [
    # country-name [APPLICATION 1] on a CHOICE: explicit 61 around 13/12.
    ({"country_name": ("iso_3166_alpha2_code", "GB")}, "3006 6104 13024742"),
    ({"country_name": ("x121_dcc_code", "234")}, "3007 6105 1203323334"),
    # ADMD [APPLICATION 2] on a CHOICE: explicit 62; one space and empty are legal.
    ({"administration_domain_name": ("printable", " ")}, "3005 6203 130120"),
    ({"administration_domain_name": ("printable", "")}, "3004 6202 1300"),
    ({"administration_domain_name": ("numeric", "0")}, "3005 6203 120130"),
    ({"network_address": "12345"}, "3007 8005 3132333435"),
    ({"terminal_identifier": "T1"}, "3004 8102 5431"),
    # private-domain-name [2] on a CHOICE: explicit A2, unlike O [3] implicit.
    ({"private_domain_name": ("printable", "PRMD")}, "3008 a206 1304 50524d44"),
    ({"organization_name": "Org"}, "3005 8303 4f7267"),
    ({"numeric_user_identifier": "42"}, "3004 8402 3432"),
    ({"personal_name": {"surname": "Sm", "given_name": "J", "initials": "Q",
                        "generation_qualifier": "Jr"}},
     "3010 a50e 8002536d 81014a 820151 83024a72"),
    ({"organizational_unit_names": ["A", "BC"]}, "3009 a607 130141 13024243"),
]


@pytest.mark.parametrize("value,hexstr", BISA_VECTORS)
def test_built_in_standard_attribute_tags(engine, value, hexstr):
    _vec(engine, "BuiltInStandardAttributes", value, hexstr)


def test_extension_attribute_value_is_explicit(engine):
    # common-name "Fred": the value keeps its 13 inside the A1 wrapper.
    _vec(engine, "ExtensionAttribute", ext_attr(1, "Fred"), "300b 800101 a106 13044672 6564")
    assert ext_attr(1, "Fred")["extension_attribute_value"] == H("13044672 6564")
    # teletex-personal-name: a SET with implicit [0]..[3] inside the A1.
    _vec(engine, "ExtensionAttribute", ext_attr(4, {"surname": "M\xfc"}),
         "300b 800104 a106 3104 80024dfc")
    # physical-delivery-country-name: an untagged CHOICE, no 61 here.
    _vec(engine, "ExtensionAttribute", ext_attr(8, ("iso_3166_alpha2_code", "FR")),
         "3009 800108 a104 13024652")


def test_extension_field_value_is_explicit(engine):
    # recipient-reassignment-prohibited, critical for delivery (mts.md §8).
    _vec(engine, "ExtensionField",
         ext_std(1, "RecipientReassignmentProhibited", "recipient-reassignment-prohibited",
                 {"for-delivery"}),
         "300c 800101 81020520 a203 0a0101")
    # latest-delivery-time: A2 { 17 ... }.
    _vec(engine, "ExtensionField", ext_std(5, "LatestDeliveryTime", T2),
         "3014 800105 a20f 170d 3234303531383030303030305a")
    # private extension: [3] OID.
    _vec(engine, "ExtensionField", ext_private("1.2.3", H("020105")),
         "3009 83022a03 a203 020105")


def test_extension_field_default_null_value(engine):
    node = M["ExtensionField"].node()
    # value omitted on the wire means NULL; an explicit NULL is the default
    # and is left out when encoding.
    assert engine.decode(node, H("3003800115"), L) == {
        "type": ("standard_extension", 21), "criticality": frozenset(), "value": H("0500")}
    assert engine.encode(node, {"type": ("standard_extension", 21),
                                "value": H("0500")}) == H("3003800115")


def test_content_type_tags_differ_between_submission_and_delivery(engine):
    # Submission/probe/report: built-in is [APPLICATION 6] (46).
    _vec(engine, "ContentType", ("built_in", 22), "460116")
    # Delivery: [0] replaces APPLICATION 6 (80).
    _vec(engine, "DeliveredContentType", ("built_in", 22), "800116")
    # Extended: a full OBJECT IDENTIFIER (06) in both.
    _vec(engine, "ContentType", ("extended", "2.6.1.10.1"), "06045601 0a01")
    _vec(engine, "DeliveredContentType", ("extended", "2.6.1.10.1"), "06045601 0a01")
    # The 1999 text's RELATIVE-OID (0D) is accepted, its arcs kept raw.
    assert engine.decode(M["ContentType"].node(), H("0d02010a"), L) == (
        "extended_relative_oid", H("010a"))
    assert engine.decode(M["DeliveredContentType"].node(), H("0d0101"), L) == (
        "extended_relative_oid", H("01"))


def test_envelope_tags(engine):
    # The delivered content type and the submission one inside whole envelopes.
    sub = engine.encode(M["MessageSubmissionEnvelope"].node(), MESSAGE_SUBMISSION_ENVELOPE)
    assert H("460116") in children(sub) and H("800116") not in children(sub)
    dlv = engine.encode(M["OtherMessageDeliveryFields"].node(), OTHER_DELIVERY_FIELDS)
    assert H("800116") in children(dlv) and H("460116") not in children(dlv)
    # Per-recipient fields: [1] for messages, [3] for probes.
    small = {"originator_name": RECIPIENT, "content_type": ("built_in", 2),
             "per_recipient_fields": [{"recipient_name": DIRECTORY_ONLY,
                                       "originator_report_request": frozenset({"report"})}]}
    name = M["ORName"].encode(RECIPIENT)
    per = M["PerRecipientMessageSubmissionFields"].encode(small["per_recipient_fields"][0])
    msg = engine.encode(M["MessageSubmissionEnvelope"].node(), small)
    assert msg[0] == 0x31
    assert sorted(children(msg)) == sorted([name, H("460102"), tlv(0xA1, per)])
    prb = engine.encode(M["ProbeSubmissionEnvelope"].node(), small)
    assert sorted(children(prb)) == sorted([name, H("460102"), tlv(0xA3, per)])
    # OriginatorReportRequest: report is bit 3, non-delivery-report bit 4.
    _vec(engine, "OriginatorReportRequest", frozenset(), "0301 00")
    _vec(engine, "OriginatorReportRequest", frozenset({"report"}), "0302 0410")
    _vec(engine, "OriginatorReportRequest", frozenset({"non-delivery-report"}), "0302 0308")
    assert per.endswith(H("80020410"))
    # Priority: [APPLICATION 7] ENUMERATED, normal is the default and left out.
    _vec(engine, "Priority", "urgent", "4701 02")
    _vec(engine, "Priority", "non-urgent", "4701 01")
    assert H("4701") not in engine.encode(M["MessageSubmissionEnvelope"].node(),
                                          dict(small, priority="normal"))


def test_delivery_argument_is_flat(engine):
    # COMPONENTS OF MessageDeliveryEnvelope: 30 { 64 id, 17 time, 31 fields, 04 }.
    value = {"message_delivery_identifier": MTS_ID2, "message_delivery_time": T1,
             "other_fields": {"content_type": ("built_in", 22),
                              "originator_name": DIRECTORY_ONLY,
                              "this_recipient_name": RECIPIENT,
                              "message_submission_time": T0,
                              "content_identifier": "x",
                              "original_encoded_information_types": EIT_SMALL},
             "content": b"hi"}
    data = engine.encode(M["MessageDeliveryArgument"].node(), value)
    mts_id = M["MTSIdentifier"].encode(MTS_ID2)
    assert mts_id[0] == 0x64
    time = H("170d") + b"240517093100Z"
    rcpt = M["ORName"].encode(RECIPIENT)
    top = children(data)
    assert data[0] == 0x30 and len(top) == 4
    assert top[0] == mts_id and top[1] == time and top[3] == H("04026869")
    assert top[2][0] == 0x31
    assert sorted(children(top[2])) == sorted([
        H("800116"), M["ORName"].encode(DIRECTORY_ONLY), H("a104 80020520"),
        b"\xa4" + rcpt[1:], H("870d") + b"240517093005Z", H("880178")])
    assert engine.decode(M["MessageDeliveryArgument"].node(), data, L)["content"] == b"hi"


def test_report_type_is_explicit(engine):
    # DR: A1 { A0 { 80 time [81 type] } }; NDR: A1 { A1 { 80 reason 81 diag } }.
    base = {"actual_recipient_name": DIRECTORY_ONLY}
    name = b"\xa0" + M["ORName"].encode(DIRECTORY_ONLY)[1:]
    dr = engine.encode(M["PerRecipientReportDeliveryFields"].node(), dict(
        base, report_type=("delivery", {"message_delivery_time": T1, "type_of_mts_user": 2})))
    assert dr == tlv(0x31, name + H("a114 a012 800d") + b"240517093100Z" + H("810102"))
    ndr = engine.encode(M["PerRecipientReportDeliveryFields"].node(), dict(
        base, report_type=("non_delivery", {"non_delivery_reason_code": 1,
                                            "non_delivery_diagnostic_code": 0})))
    assert ndr == tlv(0x31, name + H("a108 a106 800101 810100"))
    # type-of-MTS-user DEFAULT public is left out.
    dr0 = engine.encode(M["PerRecipientReportDeliveryFields"].node(), dict(
        base, report_type=("delivery", {"message_delivery_time": T1, "type_of_mts_user": 0})))
    assert dr0 == tlv(0x31, name + H("a111 a00f 800d") + b"240517093100Z")
    # The untagged per-recipient list (30) and returned-content [0] (80).
    arg = engine.encode(M["ReportDeliveryArgument"].node(), {
        "subject_submission_identifier": MTS_ID2,
        "per_recipient_fields": [dict(base, report_type=("non_delivery", {
            "non_delivery_reason_code": 1}))],
        "returned_content": b"c"})
    # Canonical SET order: universal 30 before application 64 before [0].
    assert arg == tlv(0x31, tlv(0x30, tlv(0x31, name + H("a105 a103 800101"))) +
                      M["MTSIdentifier"].encode(MTS_ID2) + H("800163"))


# The P3 bind of osi-stack.md §9.3, from B0 on: Wireshark (tshark 4.0.17)
# dissected this AARQ user-information as "P3 mts_bind_argument simple" with
# the O/R name /C=GB/A=TestAD/P=TestPRMD/O=Org/OU=Sales/CN=P3User1/.
BIND_INVOKE = H(
    "b0 4e 31 4c 60 3e 30 2a 61 04 13 02 47 42 62 08 13 06 54 65 73 74 41 44"
    " a2 0a 13 08 54 65 73 74 50 52 4d 44 83 03 4f 72 67 a6 07 13 05 53 61 6c"
    " 65 73 31 10 30 0e 80 01 01 a1 09 13 07 50 33 55 73 65 72 31"
    " a2 0a 16 08 70 33 73 65 63 72 65 74")
P3USER1 = {
    "built_in_standard_attributes": {
        "country_name": ("iso_3166_alpha2_code", "GB"),
        "administration_domain_name": ("printable", "TestAD"),
        "private_domain_name": ("printable", "TestPRMD"),
        "organization_name": "Org",
        "organizational_unit_names": ["Sales"]},
    "extension_attributes": [ext_attr(1, "P3User1")],
}


def test_bind_pdus(engine):
    node = AP["MTSBindUnbindPDUs"].node()
    value = ("bind_invoke", {"initiator_name": ("user_agent", P3USER1),
                             "initiator_credentials": ("simple", ("ia5_string", "p3secret"))})
    assert engine.encode(node, value) == BIND_INVOKE
    assert engine.decode(node, BIND_INVOKE, L) == with_defaults(AP["MTSBindUnbindPDUs"], value)
    # mts-bind-error authentication-error is an INTEGER 2 inside B2.
    assert engine.encode(node, ("bind_error", 2)) == H("b203020102")
    assert engine.decode(node, H("b203020102"), L) == ("bind_error", 2)
    # A simple IA5 password in [2]: A2 { 16 ... } (Credentials is a CHOICE).
    arg = engine.encode(M["MTSBindArgument"].node(), {
        "initiator_name": ("mta", "M"), "initiator_credentials":
            ("simple", ("ia5_string", "secret"))})
    assert arg == H("310d 80014d a208 1606 736563726574")
    # messages-waiting [1] EXPLICIT: A1 { 31 ... }.
    res = engine.encode(M["MTSBindResult"].node(), {
        "responder_name": ("mta", "M"), "responder_credentials": ("simple", ("octet_string", b"")),
        "messages_waiting": {"urgent": {"messages": 0}, "normal": {"messages": 1},
                             "non_urgent": {"messages": 0}}})
    assert res == H("311a 80014d a111 310f a003800100 a103800101 a203800100 a2020400")


def test_object_name_alternatives(engine):
    node = M["ObjectName"].node()
    orn = M["ORName"].encode(RECIPIENT)
    assert engine.encode(node, ("user_agent", RECIPIENT)) == orn
    # [4] IMPLICIT replaces the 60 of the ORName.
    assert engine.encode(node, ("message_store", RECIPIENT)) == b"\xa4" + orn[1:]
    assert engine.encode(node, ("mta", "MTA")) == H("80034d5441")


def test_ornames(engine):
    # A directory name only: empty address SEQUENCE, then A0 { 30 RDNSequence }.
    data = engine.encode(M["ORName"].node(), DIRECTORY_ONLY)
    name = T("Name").encode(DIRECTORY_NAME)
    assert data == tlv(0x60, H("3000") + tlv(0xA0, name))
    assert name[0] == 0x30
    # Domain-defined attributes: 30 { 30 { 13 13 } }, after the BISA.
    data = engine.encode(M["ORAddress"].node(), {
        "built_in_standard_attributes": {},
        "built_in_domain_defined_attributes": [{"type": "T", "value": "V"}]})
    assert data == H("300c 3000 3008 3006 130154 130156")


def test_encoded_information_types(engine):
    # The built-in bits are mandatory even when only extended EITs are sent.
    _vec(engine, "EncodedInformationTypes", EIT_EMPTY_BUILTIN,
         "650b 800100 a406 0604 56010c00")
    _vec(engine, "EncodedInformationTypes", EIT_SMALL, "6504 80020520")
    # In the delivery envelope [1] replaces APPLICATION 5.
    data = engine.encode(M["OtherMessageDeliveryFields"].node(), dict(
        OTHER_DELIVERY_FIELDS, original_encoded_information_types=EIT_SMALL))
    assert H("a10480020520") in data


def test_security_label_and_token_open_types(engine):
    _vec(engine, "SecurityCategory", {"type": "1.2.3", "value": H("020107")},
         "3009 80022a03 a103 020107")
    _vec(engine, "SecurityLabel", {"security_classification": 3, "privacy_mark": "X"},
         "3106 020103 130158")
    _vec(engine, "Token", {"token_type_identifier": "2.6.3.6.0", "token": H("0500")},
         "300a 8004 56030600 a102 0500")


def test_presentation_address_explicit_in_implicit_context(engine):
    # SelectedAttributeTypes is explicitly tagged; psap-address [0] replaces
    # the SEQUENCE tag implicitly but leaves the inner explicit tags alone.
    pa = {"t_selector": b"593", "n_addresses": [H("01")]}
    _vec(engine, "PresentationAddress", pa, "300e a205 0403353933 a305 3103 040101")
    _vec(engine, "ExtendedNetworkAddress", ("psap_address", pa),
         "a00e a205 0403353933 a305 3103 040101")
    _vec(engine, "UserAddress", ("presentation", pa), "a10e a205 0403353933 a305 3103 040101")
    # UserAddress is a CHOICE, so RegisterArgument's [0] wraps it explicitly.
    _vec(engine, "RegisterArgument", {"user_address": ("x121", {"tsap_id": "5"})},
         "3107 a005 a003 130135")


def test_certificates_raw_and_implicit(engine):
    # Certificates kept raw inside, but [1] IMPLICIT replaces its SEQUENCE tag.
    data = engine.encode(M["StrongCredentials"].node(),
                         {"certificate": {"user_certificate": CERT}})
    assert data == tlv(0x31, tlv(0xA1, CERT))
    data = engine.encode(M["MessageDeliveryResult"].node(), {"recipient_certificate": {
        "user_certificate": CERT}, "proof_of_delivery": SIGNATURE})
    assert data == tlv(0x31, tlv(0xA0, CERT) + b"\xa1" + M["Signature"].encode(SIGNATURE)[1:])


def test_extensible_types_keep_unknown_components(engine):
    # MTSBindArgument has an extension marker: a future [9] is kept and re-sent.
    node = M["MTSBindArgument"].node()
    data = H("310d 80014d a203 160161 89030a0b0c")
    value = engine.decode(node, data, L)
    assert value["_extra"] == [H("89030a0b0c")]
    assert engine.encode(node, value) == data
    # Credentials CHOICE is extensible: an unknown alternative stays raw.
    assert engine.decode(M["Credentials"].node(), H("a2020500"), L) == ("_extra", H("a2020500"))
    # MessageDeliveryResult: the usual empty acknowledgement.
    assert engine.decode(M["MessageDeliveryResult"].node(), H("3100"), L) == {"extensions": []}
    assert engine.encode(M["MessageDeliveryResult"].node(), {}) == H("3100")


def test_defaults_left_out(engine):
    node = M["Restriction"].node()
    assert engine.encode(node, {"permitted": True, "source_type": frozenset(
        {"originated-by", "redirected-by", "dl-expanded-by"})}) == H("3100")
    assert engine.decode(node, H("3100"), L) == {
        "permitted": True,
        "source_type": frozenset({"originated-by", "redirected-by", "dl-expanded-by"})}
    node = M["MessageClass"].node()
    assert engine.encode(node, {"objects": "both"}) == H("3100")
    assert engine.encode(node, {"objects": "reports"}) == H("3103 850101")


def test_rejects_bad_input(engine):
    node = M["MessageSubmissionEnvelope"].node()
    good = engine.encode(node, MESSAGE_SUBMISSION_ENVELOPE)
    # Truncation, a wrong outer tag, a missing mandatory component.
    with pytest.raises(DecodeError):
        engine.decode(node, good[:-3], L)
    with pytest.raises(DecodeError):
        engine.decode(node, b"\x30" + good[1:], L)
    with pytest.raises(DecodeError):
        engine.decode(node, H("3100"), L)
    # country-name sent implicitly (13 directly under the 61 slot) is refused.
    with pytest.raises(DecodeError):
        engine.decode(M["BuiltInStandardAttributes"].node(), H("3004 1302 4742"), L)
    # An implicit [2] extension value (the @wildboar fault) is refused.
    with pytest.raises(DecodeError):
        engine.decode(M["ExtensionField"].node(), H("3006 800101 820101"), L)


def test_every_standard_extension_type_resolves():
    """Including the value types X.413 and X.420 declare (codes 36, 41, 43, 44)."""
    for code, (name, type_name) in x411.STANDARD_EXTENSIONS.items():
        assert x411.resolve(type_name).node() is not None, (code, name)
