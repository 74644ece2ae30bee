"""X.411 (MTS) ASN.1 modules: everything P3 carries, declared with the DSL.

The modules are named as the standards name them so that other modules
(X.413, X.420) can refer to types as ``"MTSAbstractService.ORName"``:

* :data:`MTSAbstractService` -- X.411 ``DEFINITIONS IMPLICIT TAGS``: bind,
  the submission, delivery and administration ports, envelopes, reports,
  O/R names and addresses, extension attributes, extensions, security.
* :data:`MTSAbstractService88` -- the 1988 register and delivery-control
  arguments used by the ``-88`` application contexts.
* :data:`MTAAbstractService` -- the trace types that reach P3 inside the
  trace-information (37) and internal-trace-information (38) extensions.
* :data:`MTSAccessProtocol` -- X.419: the bind PDUs as they ride in ACSE.
* :data:`InformationFramework`, :data:`SelectedAttributeTypes`,
  :data:`AuthenticationFramework`, :data:`CertificateExtensions` -- the
  directory types X.411 imports (Name, PresentationAddress, certificates,
  algorithm identifiers, certificate assertions), reduced to what P3 needs;
  certificates themselves are kept raw.
* ``MTSUpperBounds`` as ``ub_*`` ints, ``MTSObjectIdentifiers`` and
  ``MHSProtocolObjectIdentifiers`` as ``id_*`` dotted strings,
  ``MTSAccessProtocol`` operation and error codes as ``op_*`` / ``err_*``.
* :data:`OPERATIONS` / :data:`ERRORS`: per abstract syntax, which type each
  operation code's argument and result and each error code's parameter is
  (operation codes only mean something within one abstract syntax: code 2
  is submission-control on MSSE and delivery-control on MDSE).

Tagging: X.680 makes a tag on a CHOICE or an open type explicit even in an
IMPLICIT module, which the DSL applies by itself; everything else follows
the module default, so tags are written below exactly as the standard
writes them.  Open types (extension values, extension-attribute values,
security-category values, token bodies, certificates) decode to raw TLV
bytes; decode them with the value type named in :data:`STANDARD_EXTENSIONS`
or :data:`EXTENSION_ATTRIBUTES`, e.g. ``MTSAbstractService["CommonName"]``.
"""
from __future__ import annotations

from typing import Dict, NamedTuple, Optional, Tuple

from ..errors import SchemaError
from .core import (
    C, Any, BitString, BMPString, Boolean, Choice, ComponentsOf, Enumerated,
    External, GeneralizedTime, IA5String, Integer, Module, Null, NumericString,
    ObjectIdentifier, OctetString, PrintableString, Sequence, SequenceOf, Set,
    SetOf, TeletexString, Type, UniversalString, UTCTime,
)

# ---------------------------------------------------------------------------
# MTSUpperBounds (X.411)

ub_additional_info = 1024
ub_bilateral_info = 1024
ub_bit_options = 16
ub_built_in_content_type = 32767
ub_built_in_encoded_information_types = 32
ub_certificates = 64
ub_common_name_length = 64
ub_content_correlator_length = 512
ub_content_id_length = 16
ub_content_length = 2147483647
ub_content_types = 1024
ub_country_name_alpha_length = 2
ub_country_name_numeric_length = 3
ub_diagnostic_codes = 32767
ub_deliverable_class = 256
ub_dl_expansions = 512
ub_domain_defined_attributes = 4
ub_domain_defined_attribute_type_length = 8
ub_domain_defined_attribute_value_length = 128
ub_domain_name_length = 16
ub_encoded_information_types = 1024
ub_extension_attributes = 256
ub_extension_types = 256
ub_e163_4_number_length = 15
ub_e163_4_sub_address_length = 40
ub_generation_qualifier_length = 3
ub_given_name_length = 16
ub_initials_length = 5
ub_integer_options = 256
ub_labels_and_redirections = 256
ub_local_id_length = 32
ub_mta_name_length = 32
ub_mts_user_types = 256
ub_numeric_user_id_length = 32
ub_organization_name_length = 64
ub_organizational_unit_name_length = 32
ub_organizational_units = 4
ub_orig_and_dl_expansions = 513
ub_password_length = 62
ub_pds_name_length = 16
ub_pds_parameter_length = 30
ub_pds_physical_address_lines = 6
ub_postal_code_length = 16
ub_privacy_mark_length = 128
ub_queue_size = 2147483647
ub_reason_codes = 32767
ub_recipient_number_for_advice_length = 32
ub_recipients = 32767
ub_redirection_classes = 256
ub_redirections = 512
ub_restrictions = 1024
ub_security_categories = 64
ub_security_labels = 256
ub_security_problems = 256
ub_supplementary_info_length = 256
ub_surname_length = 40
ub_teletex_private_use_length = 128
ub_terminal_id_length = 24
ub_transfers = 512
ub_tsap_id_length = 16
ub_unformatted_address_length = 180
ub_universal_generation_qualifier_length = 16
ub_universal_given_name_length = 40
ub_universal_initials_length = 16
ub_universal_surname_length = 64
ub_x121_address_length = 16

_UB_NAMES = [n for n in list(globals()) if n.startswith("ub_")]

# ---------------------------------------------------------------------------
# MTSObjectIdentifiers (X.411) and MHSProtocolObjectIdentifiers (X.419)

id_mts = "2.6.3"
id_mod = id_mts + ".0"
id_ot = id_mts + ".1"
id_pt = id_mts + ".2"
id_cont = id_mts + ".3"
id_eit = id_mts + ".4"
id_att = id_mts + ".5"
id_tok = id_mts + ".6"
id_sa = id_mts + ".7"
id_ct = id_mts + ".8"
id_cp = id_mts + ".9"

id_mod_object_identifiers = id_mod + ".0"
id_mod_mts_abstract_service = id_mod + ".1"
id_mod_mta_abstract_service = id_mod + ".2"
id_mod_upper_bounds = id_mod + ".3"

id_ot_mts = id_ot + ".0"
id_ot_mts_user = id_ot + ".1"
id_ot_mta = id_ot + ".2"

id_pt_submission = id_pt + ".0"
id_pt_delivery = id_pt + ".1"
id_pt_administration = id_pt + ".2"
id_pt_transfer = id_pt + ".3"

# Content types (the OID forms used by the MS and the directory).
id_cont_unidentified = id_cont + ".0"
id_cont_inner_envelope = id_cont + ".1"

# Encoded information types ({id-eit 1}, old telex, is no longer defined).
id_eit_unknown = id_eit + ".0"
id_eit_ia5_text = id_eit + ".2"
id_eit_g3_facsimile = id_eit + ".3"
id_eit_g4_class_1 = id_eit + ".4"
id_eit_teletex = id_eit + ".5"
id_eit_videotex = id_eit + ".6"
id_eit_voice = id_eit + ".7"
id_eit_sfd = id_eit + ".8"
id_eit_mixed_mode = id_eit + ".9"

id_att_physical_rendition_basic = id_att + ".0"
id_att_physical_rendition_no_cover_page = id_att + ".1"

id_tok_asymmetric_token = id_tok + ".0"

id_sa_ua = id_sa + ".0"
id_sa_ms = id_sa + ".1"

id_ct_mts_access = id_ct + ".0"
id_ct_mts_forced_access = id_ct + ".1"
id_ct_mta_transfer = id_ct + ".2"

id_cp_mts_connect = id_cp + ".0"
id_cp_mta_connect = id_cp + ".1"

id_mhs_protocols = "2.6.0"
id_ac = id_mhs_protocols + ".1"
id_as = id_mhs_protocols + ".2"

id_ac_mts_access_88 = id_ac + ".0"
id_ac_mts_forced_access_88 = id_ac + ".1"
id_ac_mts_reliable_access_88 = id_ac + ".2"
id_ac_mts_forced_reliable_access_88 = id_ac + ".3"
id_ac_ms_access_88 = id_ac + ".4"
id_ac_ms_reliable_access_88 = id_ac + ".5"
id_ac_mts_transfer = id_ac + ".6"
id_ac_mts_access_94 = id_ac + ".7"
id_ac_mts_forced_access_94 = id_ac + ".8"
id_ac_mts_reliable_access_94 = id_ac + ".9"
id_ac_mts_forced_reliable_access_94 = id_ac + ".10"
id_ac_ms_access_94 = id_ac + ".11"
id_ac_ms_reliable_access_94 = id_ac + ".12"

id_as_msse = id_as + ".1"
id_as_mdse_88 = id_as + ".2"
id_as_mrse_88 = id_as + ".5"
id_as_mase_88 = id_as + ".6"
id_as_mtse = id_as + ".7"
id_as_mts_rtse = id_as + ".8"
id_as_ms_88 = id_as + ".9"
id_as_ms_rtse = id_as + ".10"
id_as_mts = id_as + ".11"
id_as_mta_rtse = id_as + ".12"
id_as_ms_msse = id_as + ".13"
id_as_mdse_94 = id_as + ".14"
id_as_mrse_94 = id_as + ".15"
id_as_mase_94 = id_as + ".16"
id_as_ms_94 = id_as + ".17"

_ID_NAMES = [n for n in list(globals()) if n.startswith("id_")]

# ---------------------------------------------------------------------------
# MTSAccessProtocol (X.419): local operation and error codes

op_register = 1
op_submission_control = 2
op_delivery_control = 2
op_message_submission = 3
op_probe_submission = 4
op_message_delivery = 5
op_report_delivery = 6
op_cancel_deferred_delivery = 7
op_change_credentials = 8

err_submission_control_violated = 1
err_delivery_control_violated = 1
err_originator_invalid = 2
err_recipient_improperly_specified = 3
err_element_of_service_not_subscribed = 4
err_old_credentials_incorrectly_specified = 5
err_new_credentials_unacceptable = 6
err_message_submission_identifier_invalid = 7
err_deferred_delivery_cancellation_rejected = 8
err_register_rejected = 10
err_inconsistent_request = 11
err_security_error = 12
err_unsupported_critical_function = 13
err_control_violates_registration = 14
err_remote_bind_error = 15
err_operation_refused = 16

_CODE_NAMES = [n for n in list(globals()) if n.startswith(("op_", "err_"))]


# ---------------------------------------------------------------------------
# Directory modules imported by X.411 (X.501, X.520, X.509), reduced to the
# types P3 uses.  All three are written without a tagging default, so EXPLICIT;
# CertificateExtensions is IMPLICIT.

InformationFramework = Module("InformationFramework", tagging="EXPLICIT")
_d = InformationFramework.define

# X.501 (1993 on) calls the RDN element AttributeTypeAndDistinguishedValue and
# appends optional [0]/[1] components; extensible keeps any such trailing
# components raw and re-emits them.
_d("AttributeTypeAndValue", Sequence(
    C("type", ObjectIdentifier()),
    C("value", Any()),
    extensible=True))
_d("RelativeDistinguishedName", SetOf("AttributeTypeAndValue", size=(1, None)))
_d("RDNSequence", SequenceOf("RelativeDistinguishedName"))
_d("DistinguishedName", "RDNSequence")
_d("Name", Choice(C("rdnSequence", "RDNSequence")))

SelectedAttributeTypes = Module("SelectedAttributeTypes", tagging="EXPLICIT")
SelectedAttributeTypes.define("PresentationAddress", Sequence(
    C("pSelector", OctetString(), tag="[0]", optional=True),
    C("sSelector", OctetString(), tag="[1]", optional=True),
    C("tSelector", OctetString(), tag="[2]", optional=True),
    C("nAddresses", SetOf(OctetString(), size=(1, None)), tag="[3]"),
    extensible=True))

AuthenticationFramework = Module("AuthenticationFramework", tagging="EXPLICIT")
_d = AuthenticationFramework.define
_d("AlgorithmIdentifier", Sequence(
    C("algorithm", ObjectIdentifier()),
    C("parameters", Any(), optional=True)))
# A certificate is kept raw (the complete SIGNED SEQUENCE, tag 30): X.400
# only carries certificates; checking them is the application's business.
_d("Certificate", Any())
_d("CrossCertificates", SetOf("Certificate", size=(1, None)))
_d("ForwardCertificationPath", SequenceOf("CrossCertificates", size=(1, None)))
_d("Certificates", Sequence(
    C("userCertificate", "Certificate"),
    C("certificationPath", "ForwardCertificationPath", optional=True)))
_d("CertificateSerialNumber", Integer())
_d("Time", Choice(
    C("utcTime", UTCTime()),
    C("generalizedTime", GeneralizedTime())))

CertificateExtensions = Module("CertificateExtensions", tagging="IMPLICIT")
CertificateExtensions.imports(InformationFramework, AuthenticationFramework)
_d = CertificateExtensions.define
_d("KeyIdentifier", OctetString())
_d("SubjectKeyIdentifier", "KeyIdentifier")
# GeneralName and GeneralSubtree are CHOICE/SEQUENCE structures X.400 never
# interprets: their elements are kept raw.
_d("GeneralNames", SequenceOf(Any(), size=(1, None)))
_d("GeneralSubtrees", SequenceOf(Any(), size=(1, None)))
_d("AuthorityKeyIdentifier", Sequence(
    C("keyIdentifier", "KeyIdentifier", tag="[0]", optional=True),
    C("authorityCertIssuer", "GeneralNames", tag="[1]", optional=True),
    C("authorityCertSerialNumber", "CertificateSerialNumber", tag="[2]", optional=True),
    extensible=True))
_d("KeyUsage", BitString(named={
    "digitalSignature": 0, "contentCommitment": 1, "keyEncipherment": 2,
    "dataEncipherment": 3, "keyAgreement": 4, "keyCertSign": 5, "cRLSign": 6,
    "encipherOnly": 7, "decipherOnly": 8}))
_d("AltNameType", Choice(
    C("builtinNameForm", Enumerated({
        "rfc822Name": 1, "dNSName": 2, "x400Address": 3, "directoryName": 4,
        "ediPartyName": 5, "uniformResourceIdentifier": 6, "iPAddress": 7,
        "registeredId": 8})),
    C("otherNameForm", ObjectIdentifier())))
_d("CertPolicySet", SequenceOf(ObjectIdentifier(), size=(1, None)))
_d("NameConstraintsSyntax", Sequence(
    C("permittedSubtrees", "GeneralSubtrees", tag="[0]", optional=True),
    C("excludedSubtrees", "GeneralSubtrees", tag="[1]", optional=True),
    extensible=True))
_d("CertificateAssertion", Sequence(
    C("serialNumber", "CertificateSerialNumber", tag="[0]", optional=True),
    C("issuer", "Name", tag="[1]", optional=True),
    C("subjectKeyIdentifier", "SubjectKeyIdentifier", tag="[2]", optional=True),
    C("authorityKeyIdentifier", "AuthorityKeyIdentifier", tag="[3]", optional=True),
    C("certificateValid", "Time", tag="[4]", optional=True),
    C("privateKeyValid", GeneralizedTime(), tag="[5]", optional=True),
    C("subjectPublicKeyAlgID", ObjectIdentifier(), tag="[6]", optional=True),
    C("keyUsage", "KeyUsage", tag="[7]", optional=True),
    C("subjectAltName", "AltNameType", tag="[8]", optional=True),
    C("policy", "CertPolicySet", tag="[9]", optional=True),
    C("pathToName", "Name", tag="[10]", optional=True),
    C("subject", "Name", tag="[11]", optional=True),
    C("nameConstraints", "NameConstraintsSyntax", tag="[12]", optional=True),
    extensible=True))


# ---------------------------------------------------------------------------
# MTSAbstractService (X.411 06/1999), DEFINITIONS IMPLICIT TAGS

MTSAbstractService = Module("MTSAbstractService", tagging="IMPLICIT")
MTSAbstractService.imports(InformationFramework, SelectedAttributeTypes,
                           AuthenticationFramework, CertificateExtensions)
_m = MTSAbstractService
_d = _m.define


def _exts(tag: str, name: str = "extensions") -> C:
    """``[n] SET OF ExtensionField{{...}} DEFAULT {}`` (omitted when empty)."""
    return C(name, SetOf("ExtensionField"), tag=tag, default=[])


# --- MTS-bind ---------------------------------------------------------------

_d("MTSBindArgument", Set(
    C("initiator-name", "ObjectName"),
    C("messages-waiting", "MessagesWaiting", tag="[1] EXPLICIT", optional=True),
    C("initiator-credentials", "InitiatorCredentials", tag="[2]"),
    C("security-context", "SecurityContext", tag="[3]", optional=True),
    _exts("[5]"),
    extensible=True))
_d("MTSBindResult", Set(
    C("responder-name", "ObjectName"),
    C("messages-waiting", "MessagesWaiting", tag="[1] EXPLICIT", optional=True),
    C("responder-credentials", "ResponderCredentials", tag="[2]"),
    _exts("[5]"),
    extensible=True))
# The mts-bind-error PARAMETER, which X.411 writes inline in the ERROR.
_d("MTSBindError", Integer(named={
    "busy": 0, "authentication-error": 2, "unacceptable-dialogue-mode": 3,
    "unacceptable-security-context": 4, "inadequate-association-confidentiality": 5,
}, range=(0, ub_integer_options)))

_d("ObjectName", Choice(
    C("user-agent", "ORAddressAndOptionalDirectoryName"),
    C("mTA", "MTAName", tag="[0]"),
    C("message-store", "ORAddressAndOptionalDirectoryName", tag="[4]")))
_d("MessagesWaiting", Set(
    C("urgent", "DeliveryQueue", tag="[0]"),
    C("normal", "DeliveryQueue", tag="[1]"),
    C("non-urgent", "DeliveryQueue", tag="[2]")))
_d("DeliveryQueue", Set(
    C("messages", Integer(range=(0, ub_queue_size)), tag="[0]"),
    C("octets", Integer(range=(0, ub_content_length)), tag="[1]", optional=True)))
_d("InitiatorCredentials", "Credentials")
_d("ResponderCredentials", "Credentials")
_d("Credentials", Choice(
    C("simple", "Password"),
    C("strong", "StrongCredentials", tag="[0]"),
    C("protected", "ProtectedPassword", tag="[1]"),
    extensible=True))
# Which form Isode sends or expects is not established; peers accept the
# IA5String form (Isode's API takes text), so send ia5-string; both decode.
_d("Password", Choice(
    C("ia5-string", IA5String(size=(0, ub_password_length))),
    C("octet-string", OctetString(size=(0, ub_password_length)))))
_d("StrongCredentials", Set(
    C("bind-token", "Token", tag="[0]", optional=True),
    C("certificate", "Certificates", tag="[1]", optional=True),
    C("certificate-selector", "CertificateAssertion", tag="[2]", optional=True),
    extensible=True))
# X.411 writes the signature as SIGNATURE{SET {password, time1, time2,
# random1, random2}}: the instantiated SIGNATURE of X.509, below "Signature".
_d("ProtectedPassword", Set(
    C("signature", "Signature"),
    C("time1", UTCTime(), tag="[0]", optional=True),
    C("time2", UTCTime(), tag="[1]", optional=True),
    C("random1", BitString(), tag="[2]", optional=True),
    C("random2", BitString(), tag="[3]", optional=True)))
# SIGNATURE{ToBeSigned} ::= SEQUENCE { algorithmIdentifier, encrypted
# ENCRYPTED-HASH{ToBeSigned} } (X.509 1997 on); Wireshark names it Signature.
_d("Signature", Sequence(
    C("algorithmIdentifier", "AlgorithmIdentifier"),
    C("encrypted", BitString())))
_d("SecurityContext", SetOf("SecurityLabel", size=(1, ub_security_labels)))

# --- Submission port --------------------------------------------------------

_d("MessageSubmissionArgument", Sequence(
    C("envelope", "MessageSubmissionEnvelope"),
    C("content", "Content")))
_d("MessageSubmissionResult", Set(
    C("message-submission-identifier", "MessageSubmissionIdentifier"),
    C("message-submission-time", "MessageSubmissionTime", tag="[0]"),
    C("content-identifier", "ContentIdentifier", optional=True),
    _exts("[1]")))
_d("ProbeSubmissionArgument", "ProbeSubmissionEnvelope")
_d("ProbeSubmissionResult", Set(
    C("probe-submission-identifier", "ProbeSubmissionIdentifier"),
    C("probe-submission-time", "ProbeSubmissionTime", tag="[0]"),
    C("content-identifier", "ContentIdentifier", optional=True),
    _exts("[1]")))
_d("CancelDeferredDeliveryArgument", "MessageSubmissionIdentifier")
_d("CancelDeferredDeliveryResult", Null())
_d("SubmissionControlArgument", "SubmissionControls")
_d("SubmissionControlResult", "Waiting")
_d("ImproperlySpecifiedRecipients", SequenceOf("RecipientName", size=(1, ub_recipients)))
_d("SecurityProblem", Integer(named={
    "assemby-instructions-conflict-with-security-services": 0,
    "authentication-problem": 1,
    "authentication-failure-on-subject-message": 2,
    "confidentiality-association-problem": 3,
    "decryption-failed": 4,
    "decryption-key-unobtainable": 5,
    "failure-of-proof-of-message": 6,
    "forbidden-user-security-label-register": 7,
    "incompatible-change-with-original-security-context": 8,
    "integrity-failure-on-subject-message": 9,
    "invalid-security-label": 10,
    "invalid-security-label-update": 11,
    "key-failure": 12,
    "mandatory-parameter-absence": 13,
    "operation-security-failure": 14,
    "redirection-prohibited": 15,
    "refused-alternate-recipient-name": 16,
    "repudiation-failure-of-message": 17,
    "responder-credentials-checking-problem": 18,
    "security-context-failure": 19,
    "security-context-problem": 20,
    "security-policy-violation": 21,
    "security-services-refusal": 22,
    "token-decryption-failed": 23,
    "token-error": 24,
    "unable-to-aggregate-security-labels": 25,
    "unauthorised-dl-name": 26,
    "unauthorised-entry-class": 27,
    "unauthorised-originally-intended-recipient-name": 28,
    "unauthorised-originator-name": 29,
    "unauthorised-recipient-name": 30,
    "unauthorised-security-label-update": 31,
    "unauthorised-user-name": 32,
    "unknown-security-label": 33,
    "unsupported-algorithm-identifier": 34,
    "unsupported-security-policy": 35,
}, range=(0, ub_security_problems)))
_d("MessageSubmissionIdentifier", "MTSIdentifier")
_d("MessageSubmissionTime", "Time")
_d("ProbeSubmissionIdentifier", "MTSIdentifier")
_d("ProbeSubmissionTime", "Time")
# X.411 constrains SubmissionControls to Controls WITH permissible-content-types
# and permissible-encoded-information-types ABSENT.  The UA only receives it,
# so the constraint is not enforced: whatever an MTS sends still decodes.
_d("SubmissionControls", "Controls")
_d("Waiting", Set(
    C("waiting-operations", "Operations", tag="[0]", default=frozenset()),
    C("waiting-messages", "WaitingMessages", tag="[1]", default=frozenset()),
    C("waiting-content-types", SetOf("ContentType", size=(0, ub_content_types)),
      tag="[2]", default=[]),
    C("waiting-encoded-information-types", "EncodedInformationTypes", optional=True)))
_d("Operations", BitString(named={
    "probe-submission-or-report-delivery": 0,
    "message-submission-or-message-delivery": 1,
}, size=(0, ub_bit_options)))
_d("WaitingMessages", BitString(named={
    "long-content": 0, "low-priority": 1, "other-security-labels": 2,
}, size=(0, ub_bit_options)))

# --- Delivery port ----------------------------------------------------------

_d("MessageDeliveryArgument", Sequence(
    ComponentsOf("MessageDeliveryEnvelope"),
    C("content", "Content")))
_d("MessageDeliveryResult", Set(
    C("recipient-certificate", "RecipientCertificate", tag="[0]", optional=True),
    C("proof-of-delivery", "ProofOfDelivery", tag="[1] IMPLICIT", optional=True),
    _exts("[2]"),
    extensible=True))
_d("ReportDeliveryArgument", Set(
    ComponentsOf("ReportDeliveryEnvelope"),
    C("returned-content", "Content", tag="[0]", optional=True)))
_d("ReportDeliveryResult", Choice(
    C("empty-result", Null()),
    C("extensions", SetOf("ExtensionField", size=(1, None))),
    extensible=True))
_d("DeliveryControlArgument", Set(
    ComponentsOf("Controls"),
    _exts("[6]")))
_d("DeliveryControlResult", Set(
    ComponentsOf("Waiting"),
    _exts("[6]")))
_d("RefusedOperation", Set(
    C("refused-argument", Choice(
        C("built-in-argument", "RefusedArgument", tag="[1]"),
        C("refused-extension", "ExtensionType"))),
    C("refusal-reason", "RefusalReason", tag="[2]")))
_d("RefusedArgument", Integer(named={
    "user-name": 0, "user-address": 1, "deliverable-content-types": 2,
    "deliverable-maximum-content-length": 3,
    "deliverable-encoded-information-types-constraints": 4,
    "deliverable-security-labels": 5, "recipient-assigned-redirections": 6,
    "restricted-delivery": 7, "retrieve-registrations": 8,
    "restrict": 10, "permissible-operations": 11,
    "permissible-lowest-priority": 12,
    "permissible-encoded-information-types": 13,
    "permissible-content-types": 14,
    "permissible-maximum-content-length": 15,
    "permissible-security-context": 16,
}, range=(0, ub_integer_options)))
_d("RefusalReason", Integer(named={
    "facility-unavailable": 0, "facility-not-subscribed": 1,
    "parameter-unacceptable": 2,
}, range=(0, ub_integer_options)))
_d("RecipientCertificate", "Certificates")
_d("ProofOfDelivery", "Signature")
_d("ProofOfDeliveryAlgorithmIdentifier", "AlgorithmIdentifier")
_d("DeliveryControls", "Controls")
_d("Controls", Set(
    C("restrict", Boolean(), tag="[0]", default=True),
    C("permissible-operations", "Operations", tag="[1]", optional=True),
    C("permissible-maximum-content-length", "ContentLength", tag="[2]", optional=True),
    C("permissible-lowest-priority", "Priority", optional=True),
    C("permissible-content-types", "ContentTypes", tag="[4]", optional=True),
    C("permissible-encoded-information-types", "PermissibleEncodedInformationTypes",
      optional=True),
    C("permissible-security-context", "SecurityContext", tag="[5]", optional=True)))
_d("PermissibleEncodedInformationTypes", "EncodedInformationTypesConstraints")

# --- Administration port ----------------------------------------------------

_d("RegisterArgument", Set(
    C("user-name", "UserName", optional=True),
    C("user-address", "UserAddress", tag="[0]", optional=True),
    C("deliverable-class", SetOf("DeliverableClass", size=(1, ub_deliverable_class)),
      optional=True),
    C("default-delivery-controls", "DefaultDeliveryControls", tag="[2] EXPLICIT",
      optional=True),
    C("redirections", "Redirections", tag="[3]", optional=True),
    C("restricted-delivery", "RestrictedDelivery", tag="[4]", optional=True),
    C("retrieve-registrations", "RegistrationTypes", tag="[5]", optional=True),
    _exts("[6]")))
_d("RegisterResult", Choice(
    C("empty-result", Null()),
    C("non-empty-result", Set(
        C("registered-information", "RegisterArgument", tag="[0]", optional=True),
        _exts("[1]")))))
# Both credentials are constrained to the simple alternative.
_d("ChangeCredentialsArgument", Set(
    C("old-credentials", "Credentials", tag="[0]"),
    C("new-credentials", "Credentials", tag="[1]")))
_d("UserName", "ORAddressAndOptionalDirectoryName")
_d("UserAddress", Choice(
    C("x121", Sequence(
        C("x121-address", NumericString(size=(1, ub_x121_address_length)), optional=True),
        C("tsap-id", PrintableString(size=(1, ub_tsap_id_length)), optional=True)),
      tag="[0]"),
    C("presentation", "PSAPAddress", tag="[1]")))
_d("PSAPAddress", "PresentationAddress")
_d("DeliverableClass", "MessageClass")
_d("DefaultDeliveryControls", "Controls")
_d("Redirections", SequenceOf("RecipientRedirection", size=(1, ub_redirections)))
_d("RecipientRedirection", Set(
    C("redirection-classes", SetOf("RedirectionClass", size=(1, ub_redirection_classes)),
      tag="[0]", optional=True),
    C("recipient-assigned-alternate-recipient", "RecipientAssignedAlternateRecipient",
      tag="[1]", optional=True)))
_d("RedirectionClass", "MessageClass")
_d("MessageClass", Set(
    C("content-types", "ContentTypes", tag="[0]", optional=True),
    C("maximum-content-length", "ContentLength", tag="[1]", optional=True),
    C("encoded-information-types-constraints", "EncodedInformationTypesConstraints",
      tag="[2]", optional=True),
    C("security-labels", "SecurityContext", tag="[3]", optional=True),
    C("priority", SetOf("Priority"), tag="[4]", optional=True),
    C("objects", Enumerated({"messages": 0, "reports": 1, "both": 2}), tag="[5]",
      default="both"),
    C("applies-only-to", SequenceOf("Restriction"), tag="[6]", optional=True),
    _exts("[7]")))
_d("EncodedInformationTypesConstraints", Sequence(
    C("unacceptable-eits", "ExtendedEncodedInformationTypes", tag="[0]", optional=True),
    C("acceptable-eits", "ExtendedEncodedInformationTypes", tag="[1]", optional=True),
    C("exclusively-acceptable-eits", "ExtendedEncodedInformationTypes", tag="[2]",
      optional=True)))
_d("RecipientAssignedAlternateRecipient", "ORAddressAndOrDirectoryName")
_d("RestrictedDelivery", SequenceOf("Restriction", size=(1, ub_restrictions)))
_d("Restriction", Set(
    C("permitted", Boolean(), default=True),
    C("source-type", BitString(named={
        "originated-by": 0, "redirected-by": 1, "dl-expanded-by": 2}),
      default=frozenset({"originated-by", "redirected-by", "dl-expanded-by"})),
    C("source-name", "ExactOrPattern", optional=True)))
_d("ExactOrPattern", Choice(
    C("exact-match", "ORName", tag="[0]"),
    C("pattern-match", "ORName", tag="[1]")))
_d("RegistrationTypes", Sequence(
    C("standard-parameters", BitString(named={
        "user-name": 0, "user-address": 1, "deliverable-class": 2,
        "default-delivery-controls": 3, "redirections": 4,
        "restricted-delivery": 5}), tag="[0]", optional=True),
    C("extensions", SetOf("ExtensionType"), tag="[1]", optional=True)))

# --- Message submission envelope --------------------------------------------

_d("MessageSubmissionEnvelope", Set(
    ComponentsOf("PerMessageSubmissionFields"),
    C("per-recipient-fields",
      SequenceOf("PerRecipientMessageSubmissionFields", size=(1, ub_recipients)),
      tag="[1]")))
_d("PerMessageSubmissionFields", Set(
    C("originator-name", "OriginatorName"),
    C("original-encoded-information-types", "OriginalEncodedInformationTypes",
      optional=True),
    C("content-type", "ContentType"),
    C("content-identifier", "ContentIdentifier", optional=True),
    C("priority", "Priority", default="normal"),
    C("per-message-indicators", "PerMessageIndicators", default=frozenset()),
    C("deferred-delivery-time", "DeferredDeliveryTime", tag="[0]", optional=True),
    _exts("[2]")))
_d("PerRecipientMessageSubmissionFields", Set(
    C("recipient-name", "RecipientName"),
    C("originator-report-request", "OriginatorReportRequest", tag="[0]"),
    C("explicit-conversion", "ExplicitConversion", tag="[1]", optional=True),
    _exts("[2]")))

# --- Probe submission envelope ----------------------------------------------

_d("ProbeSubmissionEnvelope", Set(
    ComponentsOf("PerProbeSubmissionFields"),
    C("per-recipient-fields",
      SequenceOf("PerRecipientProbeSubmissionFields", size=(1, ub_recipients)),
      tag="[3]")))
_d("PerProbeSubmissionFields", Set(
    C("originator-name", "OriginatorName"),
    C("original-encoded-information-types", "OriginalEncodedInformationTypes",
      optional=True),
    C("content-type", "ContentType"),
    C("content-identifier", "ContentIdentifier", optional=True),
    C("content-length", "ContentLength", tag="[0]", optional=True),
    C("per-message-indicators", "PerMessageIndicators", default=frozenset()),
    _exts("[2]")))
_d("PerRecipientProbeSubmissionFields", Set(
    C("recipient-name", "RecipientName"),
    C("originator-report-request", "OriginatorReportRequest", tag="[0]"),
    C("explicit-conversion", "ExplicitConversion", tag="[1]", optional=True),
    _exts("[2]")))

# --- Message delivery envelope ----------------------------------------------

_d("MessageDeliveryEnvelope", Sequence(
    C("message-delivery-identifier", "MessageDeliveryIdentifier"),
    C("message-delivery-time", "MessageDeliveryTime"),
    C("other-fields", "OtherMessageDeliveryFields")))
_d("OtherMessageDeliveryFields", Set(
    C("content-type", "DeliveredContentType"),
    C("originator-name", "DeliveredOriginatorName"),
    C("original-encoded-information-types", "OriginalEncodedInformationTypes",
      tag="[1]", optional=True),
    C("priority", "Priority", default="normal"),
    C("delivery-flags", "DeliveryFlags", tag="[2]", optional=True),
    C("other-recipient-names", "OtherRecipientNames", tag="[3]", optional=True),
    C("this-recipient-name", "ThisRecipientName", tag="[4]"),
    C("originally-intended-recipient-name", "OriginallyIntendedRecipientName",
      tag="[5]", optional=True),
    C("converted-encoded-information-types", "ConvertedEncodedInformationTypes",
      tag="[6]", optional=True),
    C("message-submission-time", "MessageSubmissionTime", tag="[7]"),
    C("content-identifier", "ContentIdentifier", tag="[8]", optional=True),
    _exts("[9]")))

# --- Report delivery envelope -----------------------------------------------

_d("ReportDeliveryEnvelope", Set(
    ComponentsOf("PerReportDeliveryFields"),
    C("per-recipient-fields",
      SequenceOf("PerRecipientReportDeliveryFields", size=(1, ub_recipients)))))
_d("PerReportDeliveryFields", Set(
    C("subject-submission-identifier", "SubjectSubmissionIdentifier"),
    C("content-identifier", "ContentIdentifier", optional=True),
    C("content-type", "ContentType", optional=True),
    C("original-encoded-information-types", "OriginalEncodedInformationTypes",
      optional=True),
    _exts("[1]")))
_d("PerRecipientReportDeliveryFields", Set(
    C("actual-recipient-name", "ActualRecipientName", tag="[0]"),
    C("report-type", "ReportType", tag="[1]"),
    C("converted-encoded-information-types", "ConvertedEncodedInformationTypes",
      optional=True),
    C("originally-intended-recipient-name", "OriginallyIntendedRecipientName",
      tag="[2]", optional=True),
    C("supplementary-information", "SupplementaryInformation", tag="[3]", optional=True),
    _exts("[4]")))
_d("ReportType", Choice(
    C("delivery", "DeliveryReport", tag="[0]"),
    C("non-delivery", "NonDeliveryReport", tag="[1]")))
_d("DeliveryReport", Set(
    C("message-delivery-time", "MessageDeliveryTime", tag="[0]"),
    C("type-of-MTS-user", "TypeOfMTSUser", tag="[1]", default=0)))
_d("NonDeliveryReport", Set(
    C("non-delivery-reason-code", "NonDeliveryReasonCode", tag="[0]"),
    C("non-delivery-diagnostic-code", "NonDeliveryDiagnosticCode", tag="[1]",
      optional=True)))

# --- Envelope fields --------------------------------------------------------

_d("OriginatorName", "ORAddressAndOrDirectoryName")
_d("DeliveredOriginatorName", "ORAddressAndOptionalDirectoryName")
_d("OriginalEncodedInformationTypes", "EncodedInformationTypes")
_d("ContentTypes", SetOf("ContentType", size=(1, ub_content_types)))
# ExtendedContentType is RELATIVE-OID in the 1999 module text but OBJECT
# IDENTIFIER in 1988, in Wireshark and in deployed practice: sent as OID (06).
# The DSL has no RELATIVE-OID, so a 0D from a peer following the 1999 text is
# accepted through the extra alternative below, holding the relative OID's
# content octets (its arcs have no agreed base).
_d("ContentType", Choice(
    C("built-in", "BuiltInContentType"),
    C("extended", "ExtendedContentType"),
    C("extended-relative-oid", OctetString(), tag="[UNIVERSAL 13] IMPLICIT")))
_d("BuiltInContentType", Integer(named={
    "unidentified": 0, "external": 1, "interpersonal-messaging-1984": 2,
    "interpersonal-messaging-1988": 22, "edi-messaging": 35, "voice-messaging": 40,
}, range=(0, ub_built_in_content_type)), tag="[APPLICATION 6]")
_d("ExtendedContentType", ObjectIdentifier())
_d("DeliveredContentType", Choice(
    C("built-in", "BuiltInContentType", tag="[0]"),
    C("extended", "ExtendedContentType"),
    C("extended-relative-oid", OctetString(), tag="[UNIVERSAL 13] IMPLICIT")))
_d("ContentIdentifier", PrintableString(size=(1, ub_content_id_length)),
   tag="[APPLICATION 10]")
_d("PerMessageIndicators", BitString(named={
    "disclosure-of-other-recipients": 0, "implicit-conversion-prohibited": 1,
    "alternate-recipient-allowed": 2, "content-return-request": 3,
    "reserved": 4, "bit-5": 5, "bit-6": 6, "service-message": 7,
}, size=(0, ub_bit_options)), tag="[APPLICATION 8]")
_d("RecipientName", "ORAddressAndOrDirectoryName")
_d("OriginatorReportRequest", BitString(named={
    "report": 3, "non-delivery-report": 4}, size=(0, ub_bit_options)))
_d("ExplicitConversion", Integer(named={
    "ia5-text-to-teletex": 0, "ia5-text-to-g3-facsimile": 8,
    "ia5-text-to-g4-class-1": 9, "ia5-text-to-videotex": 10,
    "teletex-to-ia5-text": 11, "teletex-to-g3-facsimile": 12,
    "teletex-to-g4-class-1": 13, "teletex-to-videotex": 14,
    "videotex-to-ia5-text": 16, "videotex-to-teletex": 17,
}, range=(0, ub_integer_options)))
_d("DeferredDeliveryTime", "Time")
_d("Priority", Enumerated({"normal": 0, "non-urgent": 1, "urgent": 2}),
   tag="[APPLICATION 7]")
_d("ContentLength", Integer(range=(0, ub_content_length)))
_d("MessageDeliveryIdentifier", "MTSIdentifier")
_d("MessageDeliveryTime", "Time")
_d("DeliveryFlags", BitString(named={"implicit-conversion-prohibited": 1},
                              size=(0, ub_bit_options)))
_d("OtherRecipientNames", SequenceOf("OtherRecipientName", size=(1, ub_recipients)))
_d("OtherRecipientName", "ORAddressAndOptionalDirectoryName")
_d("ThisRecipientName", "ORAddressAndOptionalDirectoryName")
_d("OriginallyIntendedRecipientName", "ORAddressAndOptionalDirectoryName")
_d("ConvertedEncodedInformationTypes", "EncodedInformationTypes")
_d("SubjectSubmissionIdentifier", "MTSIdentifier")
_d("ActualRecipientName", "ORAddressAndOrDirectoryName")
_d("TypeOfMTSUser", Integer(named={
    "public": 0, "private": 1, "ms": 2, "dl": 3, "pdau": 4,
    "physical-recipient": 5, "other": 6,
}, range=(0, ub_mts_user_types)))
_d("NonDeliveryReasonCode", Integer(named={
    "transfer-failure": 0, "unable-to-transfer": 1, "conversion-not-performed": 2,
    "physical-rendition-not-performed": 3, "physical-delivery-not-performed": 4,
    "restricted-delivery": 5, "directory-operation-unsuccessful": 6,
    "deferred-delivery-not-performed": 7, "transfer-failure-for-security-reason": 8,
}, range=(0, ub_reason_codes)))
_d("NonDeliveryDiagnosticCode", Integer(named={
    "unrecognised-OR-name": 0,
    "ambiguous-OR-name": 1,
    "mts-congestion": 2,
    "loop-detected": 3,
    "recipient-unavailable": 4,
    "maximum-time-expired": 5,
    "encoded-information-types-unsupported": 6,
    "content-too-long": 7,
    "conversion-impractical": 8,
    "implicit-conversion-prohibited": 9,
    "implicit-conversion-not-subscribed": 10,
    "invalid-arguments": 11,
    "content-syntax-error": 12,
    "size-constraint-violation": 13,
    "protocol-violation": 14,
    "content-type-not-supported": 15,
    "too-many-recipients": 16,
    "no-bilateral-agreement": 17,
    "unsupported-critical-function": 18,
    "conversion-with-loss-prohibited": 19,
    "line-too-long": 20,
    "page-split": 21,
    "pictorial-symbol-loss": 22,
    "punctuation-symbol-loss": 23,
    "alphabetic-character-loss": 24,
    "multiple-information-loss": 25,
    "recipient-reassignment-prohibited": 26,
    "redirection-loop-detected": 27,
    "dl-expansion-prohibited": 28,
    "no-dl-submit-permission": 29,
    "dl-expansion-failure": 30,
    "physical-rendition-attributes-not-supported": 31,
    "undeliverable-mail-physical-delivery-address-incorrect": 32,
    "undeliverable-mail-physical-delivery-office-incorrect-or-invalid": 33,
    "undeliverable-mail-physical-delivery-address-incomplete": 34,
    "undeliverable-mail-recipient-unknown": 35,
    "undeliverable-mail-recipient-deceased": 36,
    "undeliverable-mail-organization-expired": 37,
    "undeliverable-mail-recipient-refused-to-accept": 38,
    "undeliverable-mail-recipient-did-not-claim": 39,
    "undeliverable-mail-recipient-changed-address-permanently": 40,
    "undeliverable-mail-recipient-changed-address-temporarily": 41,
    "undeliverable-mail-recipient-changed-temporary-address": 42,
    "undeliverable-mail-new-address-unknown": 43,
    "undeliverable-mail-recipient-did-not-want-forwarding": 44,
    "undeliverable-mail-originator-prohibited-forwarding": 45,
    "secure-messaging-error": 46,
    "unable-to-downgrade": 47,
    "unable-to-complete-transfer": 48,
    "transfer-attempts-limit-reached": 49,
    "incorrect-notification-type": 50,
    "dl-expansion-prohibited-by-security-policy": 51,
    "forbidden-alternate-recipient": 52,
    "security-policy-violation": 53,
    "security-services-refusal": 54,
    "unauthorised-dl-member": 55,
    "unauthorised-dl-name": 56,
    "unauthorised-originally-intended-recipient-name": 57,
    "unauthorised-originator-name": 58,
    "unauthorised-recipient-name": 59,
    "unreliable-system": 60,
    "authentication-failure-on-subject-message": 61,
    "decryption-failed": 62,
    "decryption-key-unobtainable": 63,
    "double-envelope-creation-failure": 64,
    "double-enveloping-message-restoring-failure": 65,
    "failure-of-proof-of-message": 66,
    "integrity-failure-on-subject-message": 67,
    "invalid-security-label": 68,
    "key-failure": 69,
    "mandatory-parameter-absence": 70,
    "operation-security-failure": 71,
    "repudiation-failure-of-message": 72,
    "security-context-failure": 73,
    "token-decryption-failed": 74,
    "token-error": 75,
    "unknown-security-label": 76,
    "unsupported-algorithm-identifier": 77,
    "unsupported-security-policy": 78,
}, range=(0, ub_diagnostic_codes)))
_d("SupplementaryInformation", PrintableString(size=(1, ub_supplementary_info_length)))

# --- Extension fields -------------------------------------------------------

# EXTENSION.&id: standard extensions are numbered, private ones are OIDs.
_d("ExtensionType", Choice(
    C("standard-extension", "StandardExtension", tag="[0]"),
    C("private-extension", ObjectIdentifier(), tag="[3]")))
# X.411 writes INTEGER (0..ub-extension-types); the names (Wireshark's
# StandardExtension) are the EXTENSION objects' names.
_d("StandardExtension", Integer(named={
    "recipient-reassignment-prohibited": 1,
    "originator-requested-alternate-recipient": 2,
    "dl-expansion-prohibited": 3,
    "conversion-with-loss-prohibited": 4,
    "latest-delivery-time": 5,
    "requested-delivery-method": 6,
    "physical-forwarding-prohibited": 7,
    "physical-forwarding-address-request": 8,
    "physical-delivery-modes": 9,
    "registered-mail-type": 10,
    "recipient-number-for-advice": 11,
    "physical-rendition-attributes": 12,
    "originator-return-address": 13,
    "physical-delivery-report-request": 14,
    "originator-certificate": 15,
    "message-token": 16,
    "content-confidentiality-algorithm-identifier": 17,
    "content-integrity-check": 18,
    "message-origin-authentication-check": 19,
    "message-security-label": 20,
    "proof-of-submission-request": 21,
    "proof-of-delivery-request": 22,
    "content-correlator": 23,
    "probe-origin-authentication-check": 24,
    "redirection-history": 25,
    "dl-expansion-history": 26,
    "physical-forwarding-address": 27,
    "recipient-certificate": 28,
    "proof-of-delivery": 29,
    "originator-and-DL-expansion-history": 30,
    "reporting-DL-name": 31,
    "reporting-MTA-certificate": 32,
    "report-origin-authentication-check": 33,
    "originating-MTA-certificate": 34,
    "proof-of-submission": 35,
    "forwarding-request": 36,
    "trace-information": 37,
    "internal-trace-information": 38,
    "reporting-MTA-name": 39,
    "multiple-originator-certificates": 40,
    "blind-copy-recipients": 41,
    "dl-exempted-recipients": 42,
    "body-part-encryption-token": 43,
    "forwarded-content-token": 44,
    "certificate-selectors": 45,
    "certificate-selectors-override": 46,
}, range=(0, ub_extension_types)))
_d("Criticality", BitString(named={
    "for-submission": 0, "for-transfer": 1, "for-delivery": 2,
}, size=(0, ub_bit_options)))
# value is an open type: [2] is explicit, and the raw TLV of the extension's
# own type sits inside.  DEFAULT NULL: an absent value decodes as 05 00.
_d("ExtensionField", Sequence(
    C("type", "ExtensionType"),
    C("criticality", "Criticality", tag="[1]", default=frozenset()),
    C("value", Any(), tag="[2]", default=b"\x05\x00")))

# Value types of the standard extensions X.411 defines.
_d("RecipientReassignmentProhibited", Enumerated({
    "recipient-reassignment-allowed": 0, "recipient-reassignment-prohibited": 1}))
_d("OriginatorRequestedAlternateRecipient", "ORAddressAndOrDirectoryName")
_d("DLExpansionProhibited", Enumerated({
    "dl-expansion-allowed": 0, "dl-expansion-prohibited": 1}))
_d("ConversionWithLossProhibited", Enumerated({
    "conversion-with-loss-allowed": 0, "conversion-with-loss-prohibited": 1}))
_d("LatestDeliveryTime", "Time")
_d("RequestedDeliveryMethod", SequenceOf(Integer(named={
    "any-delivery-method": 0, "mhs-delivery": 1, "physical-delivery": 2,
    "telex-delivery": 3, "teletex-delivery": 4, "g3-facsimile-delivery": 5,
    "g4-facsimile-delivery": 6, "ia5-terminal-delivery": 7,
    "videotex-delivery": 8, "telephone-delivery": 9,
}, range=(0, ub_integer_options))))
_d("PhysicalForwardingProhibited", Enumerated({
    "physical-forwarding-allowed": 0, "physical-forwarding-prohibited": 1}))
_d("PhysicalForwardingAddressRequest", Enumerated({
    "physical-forwarding-address-not-requested": 0,
    "physical-forwarding-address-requested": 1}))
_d("PhysicalDeliveryModes", BitString(named={
    "ordinary-mail": 0, "special-delivery": 1, "express-mail": 2,
    "counter-collection": 3, "counter-collection-with-telephone-advice": 4,
    "counter-collection-with-telex-advice": 5,
    "counter-collection-with-teletex-advice": 6, "bureau-fax-delivery": 7,
}, size=(0, ub_bit_options)))
_d("RegisteredMailType", Integer(named={
    "non-registered-mail": 0, "registered-mail": 1,
    "registered-mail-to-addressee-in-person": 2,
}, range=(0, ub_integer_options)))
_d("RecipientNumberForAdvice",
   TeletexString(size=(1, ub_recipient_number_for_advice_length)))
_d("PhysicalRenditionAttributes", ObjectIdentifier())
_d("OriginatorReturnAddress", "ORAddress")
_d("PhysicalDeliveryReportRequest", Integer(named={
    "return-of-undeliverable-mail-by-PDS": 0, "return-of-notification-by-PDS": 1,
    "return-of-notification-by-MHS": 2, "return-of-notification-by-MHS-and-PDS": 3,
}, range=(0, ub_integer_options)))
_d("OriginatorCertificate", "Certificates")
_d("MessageToken", "Token")
_d("ContentConfidentialityAlgorithmIdentifier", "AlgorithmIdentifier")
_d("ContentIntegrityCheck", "Signature")
_d("ContentIntegrityAlgorithmIdentifier", "AlgorithmIdentifier")
_d("MessageOriginAuthenticationCheck", "Signature")
_d("MessageOriginAuthenticationAlgorithmIdentifier", "AlgorithmIdentifier")
_d("MessageSecurityLabel", "SecurityLabel")
_d("ProofOfSubmissionRequest", Enumerated({
    "proof-of-submission-not-requested": 0, "proof-of-submission-requested": 1}))
_d("ProofOfDeliveryRequest", Enumerated({
    "proof-of-delivery-not-requested": 0, "proof-of-delivery-requested": 1}))
_d("ContentCorrelator", Choice(
    C("ia5text", IA5String()),
    C("octets", OctetString())))
_d("ProbeOriginAuthenticationCheck", "Signature")
_d("ProbeOriginAuthenticationAlgorithmIdentifier", "AlgorithmIdentifier")
_d("RedirectionHistory", SequenceOf("Redirection", size=(1, ub_redirections)))
_d("Redirection", Sequence(
    C("intended-recipient-name", "IntendedRecipientName"),
    C("redirection-reason", "RedirectionReason")))
_d("IntendedRecipientName", Sequence(
    C("intended-recipient", "ORAddressAndOptionalDirectoryName"),
    C("redirection-time", "Time")))
# Extensible ENUMERATED: unknown values decode as ints.
_d("RedirectionReason", Enumerated({
    "recipient-assigned-alternate-recipient": 0,
    "originator-requested-alternate-recipient": 1,
    "recipient-MD-assigned-alternate-recipient": 2,
    "directory-look-up": 3, "alias": 4}))
_d("DLExpansionHistory", SequenceOf("DLExpansion", size=(1, ub_dl_expansions)))
_d("DLExpansion", Sequence(
    C("dl", "ORAddressAndOptionalDirectoryName"),
    C("dl-expansion-time", "Time")))
_d("PhysicalForwardingAddress", "ORAddressAndOptionalDirectoryName")
_d("OriginatorAndDLExpansionHistory",
   SequenceOf("OriginatorAndDLExpansion", size=(2, ub_orig_and_dl_expansions)))
_d("OriginatorAndDLExpansion", Sequence(
    C("originator-or-dl-name", "ORAddressAndOptionalDirectoryName"),
    C("origination-or-expansion-time", "Time")))
_d("ReportingDLName", "ORAddressAndOptionalDirectoryName")
_d("ReportingMTACertificate", "Certificates")
_d("ReportOriginAuthenticationCheck", "Signature")
_d("ReportOriginAuthenticationAlgorithmIdentifier", "AlgorithmIdentifier")
# The per-recipient part of what report-origin-authentication-check signs.
_d("PerRecipientReportFields", Sequence(
    C("actual-recipient-name", "ActualRecipientName"),
    C("originally-intended-recipient-name", "OriginallyIntendedRecipientName",
      optional=True),
    C("report-type", Choice(
        C("delivery", "PerRecipientDeliveryReportFields", tag="[0]"),
        C("non-delivery", "PerRecipientNonDeliveryReportFields", tag="[1]")))))
_d("PerRecipientDeliveryReportFields", Sequence(
    C("message-delivery-time", "MessageDeliveryTime"),
    C("type-of-MTS-user", "TypeOfMTSUser"),
    C("recipient-certificate", "RecipientCertificate", tag="[0]", optional=True),
    C("proof-of-delivery", "ProofOfDelivery", tag="[1]", optional=True)))
_d("PerRecipientNonDeliveryReportFields", Sequence(
    C("non-delivery-reason-code", "NonDeliveryReasonCode"),
    C("non-delivery-diagnostic-code", "NonDeliveryDiagnosticCode", optional=True)))
_d("OriginatingMTACertificate", "Certificates")
_d("ProofOfSubmission", "Signature")
_d("ProofOfSubmissionAlgorithmIdentifier", "AlgorithmIdentifier")
_d("ReportingMTAName", Sequence(
    C("domain", "GlobalDomainIdentifier"),
    C("mta-name", "MTAName"),
    C("mta-directory-name", "Name", tag="[0]", optional=True)))
_d("ExtendedCertificates", SetOf("ExtendedCertificate", size=(1, ub_certificates)))
_d("ExtendedCertificate", Choice(
    C("directory-entry", "Name", tag="[0]"),
    C("certificate", "Certificates", tag="[1]")))
_d("DLExemptedRecipients", SetOf("ORAddressAndOrDirectoryName"))
_d("CertificateSelectors", Set(
    C("encryption-recipient", "CertificateAssertion", tag="[0]", optional=True),
    C("encryption-originator", "CertificateAssertion", tag="[1]", optional=True),
    C("content-integrity-check", "CertificateAssertion", tag="[2]", optional=True),
    C("token-signature", "CertificateAssertion", tag="[3]", optional=True),
    C("message-origin-authentication", "CertificateAssertion", tag="[4]",
      optional=True)))

# --- Common parameter types -------------------------------------------------

# For built-in content type external (1) the octets are the BER of an EXTERNAL.
_d("Content", OctetString())
_d("MTSIdentifier", Sequence(
    C("global-domain-identifier", "GlobalDomainIdentifier"),
    C("local-identifier", "LocalIdentifier")), tag="[APPLICATION 4]")
_d("LocalIdentifier", IA5String(size=(1, ub_local_id_length)))
_d("GlobalDomainIdentifier", Sequence(
    C("country-name", "CountryName"),
    C("administration-domain-name", "AdministrationDomainName"),
    C("private-domain-identifier", "PrivateDomainIdentifier", optional=True)),
   tag="[APPLICATION 3]")
_d("PrivateDomainIdentifier", Choice(
    C("numeric", NumericString(size=(1, ub_domain_name_length))),
    C("printable", PrintableString(size=(1, ub_domain_name_length)))))
_d("MTAName", IA5String(size=(1, ub_mta_name_length)))
_d("Time", UTCTime())
_d("MTANameAndOptionalGDI", Sequence(
    C("global-domain-identifier", "GlobalDomainIdentifier", optional=True),
    C("mta-name", "MTAName")))

# --- O/R names --------------------------------------------------------------

_d("ORAddressAndOrDirectoryName", "ORName")
_d("ORAddressAndOptionalDirectoryName", "ORName")
# The three address components sit directly inside the 60 (COMPONENTS OF).
_d("ORName", Sequence(
    ComponentsOf("ORAddress"),
    C("directory-name", "Name", tag="[0]", optional=True)), tag="[APPLICATION 0]")
_d("ORAddress", Sequence(
    C("built-in-standard-attributes", "BuiltInStandardAttributes"),
    C("built-in-domain-defined-attributes", "BuiltInDomainDefinedAttributes",
      optional=True),
    C("extension-attributes", "ExtensionAttributes", optional=True)))
_d("BuiltInStandardAttributes", Sequence(
    C("country-name", "CountryName", optional=True),
    C("administration-domain-name", "AdministrationDomainName", optional=True),
    C("network-address", "NetworkAddress", tag="[0]", optional=True),
    C("terminal-identifier", "TerminalIdentifier", tag="[1]", optional=True),
    C("private-domain-name", "PrivateDomainName", tag="[2]", optional=True),
    C("organization-name", "OrganizationName", tag="[3]", optional=True),
    C("numeric-user-identifier", "NumericUserIdentifier", tag="[4]", optional=True),
    C("personal-name", "PersonalName", tag="[5]", optional=True),
    C("organizational-unit-names", "OrganizationalUnitNames", tag="[6]",
      optional=True)))
_d("CountryName", Choice(
    C("x121-dcc-code", NumericString(size=ub_country_name_numeric_length)),
    C("iso-3166-alpha2-code", PrintableString(size=ub_country_name_alpha_length))),
   tag="[APPLICATION 1]")
_d("AdministrationDomainName", Choice(
    C("numeric", NumericString(size=(0, ub_domain_name_length))),
    C("printable", PrintableString(size=(0, ub_domain_name_length)))),
   tag="[APPLICATION 2]")
_d("NetworkAddress", "X121Address")
_d("X121Address", NumericString(size=(1, ub_x121_address_length)))
_d("TerminalIdentifier", PrintableString(size=(1, ub_terminal_id_length)))
_d("PrivateDomainName", Choice(
    C("numeric", NumericString(size=(1, ub_domain_name_length))),
    C("printable", PrintableString(size=(1, ub_domain_name_length)))))
_d("OrganizationName", PrintableString(size=(1, ub_organization_name_length)))
_d("NumericUserIdentifier", NumericString(size=(1, ub_numeric_user_id_length)))
_d("PersonalName", Set(
    C("surname", PrintableString(size=(1, ub_surname_length)), tag="[0]"),
    C("given-name", PrintableString(size=(1, ub_given_name_length)), tag="[1]",
      optional=True),
    C("initials", PrintableString(size=(1, ub_initials_length)), tag="[2]",
      optional=True),
    C("generation-qualifier", PrintableString(size=(1, ub_generation_qualifier_length)),
      tag="[3]", optional=True)))
_d("OrganizationalUnitNames",
   SequenceOf("OrganizationalUnitName", size=(1, ub_organizational_units)))
_d("OrganizationalUnitName", PrintableString(size=(1, ub_organizational_unit_name_length)))
_d("BuiltInDomainDefinedAttributes",
   SequenceOf("BuiltInDomainDefinedAttribute", size=(1, ub_domain_defined_attributes)))
_d("BuiltInDomainDefinedAttribute", Sequence(
    C("type", PrintableString(size=(1, ub_domain_defined_attribute_type_length))),
    C("value", PrintableString(size=(1, ub_domain_defined_attribute_value_length)))))
_d("ExtensionAttributes", SetOf("ExtensionAttribute", size=(1, ub_extension_attributes)))
# extension-attribute-value is an open type: [1] is explicit and holds the
# raw TLV of the attribute's value type (see EXTENSION_ATTRIBUTES).
_d("ExtensionAttribute", Sequence(
    C("extension-attribute-type", "ExtensionAttributeType", tag="[0]"),
    C("extension-attribute-value", Any(), tag="[1]")))
# X.411 writes EXTENSION-ATTRIBUTE.&id, INTEGER (0..ub-extension-attributes);
# the names (Wireshark's ExtensionAttributeType) are the objects' names.
_d("ExtensionAttributeType", Integer(named={
    "common-name": 1,
    "teletex-common-name": 2,
    "teletex-organization-name": 3,
    "teletex-personal-name": 4,
    "teletex-organizational-unit-names": 5,
    "teletex-domain-defined-attributes": 6,
    "pds-name": 7,
    "physical-delivery-country-name": 8,
    "postal-code": 9,
    "physical-delivery-office-name": 10,
    "physical-delivery-office-number": 11,
    "extension-OR-address-components": 12,
    "physical-delivery-personal-name": 13,
    "physical-delivery-organization-name": 14,
    "extension-physical-delivery-address-components": 15,
    "unformatted-postal-address": 16,
    "street-address": 17,
    "post-office-box-address": 18,
    "poste-restante-address": 19,
    "unique-postal-name": 20,
    "local-postal-attributes": 21,
    "extended-network-address": 22,
    "terminal-type": 23,
    "universal-common-name": 24,
    "universal-organization-name": 25,
    "universal-personal-name": 26,
    "universal-organizational-unit-names": 27,
    "universal-domain-defined-attributes": 28,
    "universal-physical-delivery-office-name": 29,
    "universal-physical-delivery-office-number": 30,
    "universal-extension-OR-address-components": 31,
    "universal-physical-delivery-personal-name": 32,
    "universal-physical-delivery-organization-name": 33,
    "universal-extension-physical-delivery-address-components": 34,
    "universal-unformatted-postal-address": 35,
    "universal-street-address": 36,
    "universal-post-office-box-address": 37,
    "universal-poste-restante-address": 38,
    "universal-unique-postal-name": 39,
    "universal-local-postal-attributes": 40,
}, range=(0, ub_extension_attributes)))


def _uob(ub: Optional[int]) -> Set:
    """``UniversalOrBMPString{ub}``: the DSL has no parameterized types, so
    each use gets its own instance with the bound applied."""
    size = None if ub is None else (1, ub)
    return Set(
        C("character-encoding", Choice(
            C("two-octets", BMPString(size=size)),
            C("four-octets", UniversalString(size=size)))),
        # SIZE (2 | 5): the DSL has ranges only, so 2..5 is checked.
        C("iso-639-language-code", PrintableString(size=(2, 5)), optional=True))


# The unbounded form, for callers that handle any of the universal-* values.
_d("UniversalOrBMPString", _uob(None))

_d("CommonName", PrintableString(size=(1, ub_common_name_length)))
_d("TeletexCommonName", TeletexString(size=(1, ub_common_name_length)))
_d("UniversalCommonName", _uob(ub_common_name_length))
_d("TeletexOrganizationName", TeletexString(size=(1, ub_organization_name_length)))
_d("UniversalOrganizationName", _uob(ub_organization_name_length))
_d("TeletexPersonalName", Set(
    C("surname", TeletexString(size=(1, ub_surname_length)), tag="[0]"),
    C("given-name", TeletexString(size=(1, ub_given_name_length)), tag="[1]",
      optional=True),
    C("initials", TeletexString(size=(1, ub_initials_length)), tag="[2]",
      optional=True),
    C("generation-qualifier", TeletexString(size=(1, ub_generation_qualifier_length)),
      tag="[3]", optional=True)))
_d("UniversalPersonalName", Set(
    C("surname", _uob(ub_universal_surname_length), tag="[0]"),
    C("given-name", _uob(ub_universal_given_name_length), tag="[1]", optional=True),
    C("initials", _uob(ub_universal_initials_length), tag="[2]", optional=True),
    C("generation-qualifier", _uob(ub_universal_generation_qualifier_length),
      tag="[3]", optional=True)))
_d("TeletexOrganizationalUnitNames",
   SequenceOf("TeletexOrganizationalUnitName", size=(1, ub_organizational_units)))
_d("TeletexOrganizationalUnitName",
   TeletexString(size=(1, ub_organizational_unit_name_length)))
_d("UniversalOrganizationalUnitNames",
   SequenceOf("UniversalOrganizationalUnitName", size=(1, ub_organizational_units)))
_d("UniversalOrganizationalUnitName", _uob(ub_organizational_unit_name_length))
_d("PDSName", PrintableString(size=(1, ub_pds_name_length)))
_d("PhysicalDeliveryCountryName", Choice(
    C("x121-dcc-code", NumericString(size=ub_country_name_numeric_length)),
    C("iso-3166-alpha2-code", PrintableString(size=ub_country_name_alpha_length))))
_d("PostalCode", Choice(
    C("numeric-code", NumericString(size=(1, ub_postal_code_length))),
    C("printable-code", PrintableString(size=(1, ub_postal_code_length)))))
_d("PDSParameter", Set(
    C("printable-string", PrintableString(size=(1, ub_pds_parameter_length)),
      optional=True),
    C("teletex-string", TeletexString(size=(1, ub_pds_parameter_length)),
      optional=True)))
_d("UniversalPDSParameter", _uob(ub_pds_parameter_length))
for _name in ("PhysicalDeliveryOfficeName", "PhysicalDeliveryOfficeNumber",
              "ExtensionORAddressComponents", "PhysicalDeliveryPersonalName",
              "PhysicalDeliveryOrganizationName",
              "ExtensionPhysicalDeliveryAddressComponents", "StreetAddress",
              "PostOfficeBoxAddress", "PosteRestanteAddress", "UniquePostalName",
              "LocalPostalAttributes"):
    _d(_name, "PDSParameter")
    _d("Universal" + _name, "UniversalPDSParameter")
_d("UnformattedPostalAddress", Set(
    C("printable-address", SequenceOf(
        PrintableString(size=(1, ub_pds_parameter_length)),
        size=(1, ub_pds_physical_address_lines)), optional=True),
    C("teletex-string", TeletexString(size=(1, ub_unformatted_address_length)),
      optional=True)))
_d("UniversalUnformattedPostalAddress", _uob(ub_unformatted_address_length))
_d("ExtendedNetworkAddress", Choice(
    C("e163-4-address", Sequence(
        C("number", NumericString(size=(1, ub_e163_4_number_length)), tag="[0]"),
        C("sub-address", NumericString(size=(1, ub_e163_4_sub_address_length)),
          tag="[1]", optional=True))),
    C("psap-address", "PresentationAddress", tag="[0]")))
_d("TerminalType", Integer(named={
    "telex": 3, "teletex": 4, "g3-facsimile": 5, "g4-facsimile": 6,
    "ia5-terminal": 7, "videotex": 8,
}, range=(0, ub_integer_options)))
_d("TeletexDomainDefinedAttributes",
   SequenceOf("TeletexDomainDefinedAttribute", size=(1, ub_domain_defined_attributes)))
_d("TeletexDomainDefinedAttribute", Sequence(
    C("type", TeletexString(size=(1, ub_domain_defined_attribute_type_length))),
    C("value", TeletexString(size=(1, ub_domain_defined_attribute_value_length)))))
_d("UniversalDomainDefinedAttributes",
   SequenceOf("UniversalDomainDefinedAttribute", size=(1, ub_domain_defined_attributes)))
_d("UniversalDomainDefinedAttribute", Sequence(
    C("type", _uob(ub_domain_defined_attribute_type_length)),
    C("value", _uob(ub_domain_defined_attribute_value_length))))

# --- Encoded information types ----------------------------------------------

_d("EncodedInformationTypes", Set(
    C("built-in-encoded-information-types", "BuiltInEncodedInformationTypes",
      tag="[0]"),
    ComponentsOf("NonBasicParameters"),
    C("extended-encoded-information-types", "ExtendedEncodedInformationTypes",
      tag="[4]", optional=True)), tag="[APPLICATION 5]")
# Bit 1 (telex) is no longer defined; if a peer sets it, it decodes as 1.
_d("BuiltInEncodedInformationTypes", BitString(named={
    "unknown": 0, "ia5-text": 2, "g3-facsimile": 3, "g4-class-1": 4,
    "teletex": 5, "videotex": 6, "voice": 7, "sfd": 8, "mixed-mode": 9,
}, size=(0, ub_built_in_encoded_information_types)))
_d("ExtendedEncodedInformationTypes",
   SetOf("ExtendedEncodedInformationType", size=(1, ub_encoded_information_types)))
_d("ExtendedEncodedInformationType", ObjectIdentifier())
_d("NonBasicParameters", Set(
    C("g3-facsimile", "G3FacsimileNonBasicParameters", tag="[1]", default=frozenset()),
    C("teletex", "TeletexNonBasicParameters", tag="[2]", default={})))
_d("G3FacsimileNonBasicParameters", BitString(named={
    "two-dimensional": 8, "fine-resolution": 9, "unlimited-length": 20,
    "b4-length": 21, "a3-width": 22, "b4-width": 23, "t6-coding": 25,
    "uncompressed": 30, "width-middle-864-of-1728": 37,
    "width-middle-1216-of-1728": 38, "resolution-type": 44,
    "resolution-400x400": 45, "resolution-300x300": 46, "resolution-8x15": 47,
    "edi": 49, "dtm": 50, "bft": 51, "mixed-mode": 58, "character-mode": 60,
    "twelve-bits": 65, "preferred-huffmann": 66, "full-colour": 67, "jpeg": 68,
    "processable-mode-26": 71}))
_d("TeletexNonBasicParameters", Set(
    C("graphic-character-sets", TeletexString(), tag="[0]", optional=True),
    C("control-character-sets", TeletexString(), tag="[1]", optional=True),
    C("page-formats", OctetString(), tag="[2]", optional=True),
    C("miscellaneous-terminal-capabilities", TeletexString(), tag="[3]", optional=True),
    C("private-use", OctetString(size=(0, ub_teletex_private_use_length)), tag="[4]",
      optional=True)))

# --- Token ------------------------------------------------------------------

# token is TOKEN.&Type, an open type: [1] explicit, raw inside.
_d("Token", Sequence(
    C("token-type-identifier", "TokenTypeIdentifier", tag="[0]"),
    C("token", Any(), tag="[1]")))
_d("TokenTypeIdentifier", ObjectIdentifier())
# The value of the only token type, asymmetric-token (id-tok-asymmetricToken):
# SIGNED{AsymmetricTokenData}, i.e. the data followed by the signature fields.
_d("AsymmetricToken", Sequence(
    C("asymmetric-token-data", "AsymmetricTokenData"),
    C("algorithm-identifier", "AlgorithmIdentifier"),
    C("encrypted", BitString())))
_d("AsymmetricTokenData", Sequence(
    C("signature-algorithm-identifier", "AlgorithmIdentifier"),
    C("name", Choice(
        C("recipient-name", "RecipientName"),
        C("mta", "MTANameAndOptionalGDI", tag="[3]"))),
    C("time", "Time"),
    C("signed-data", "TokenData", tag="[0]", optional=True),
    C("encryption-algorithm-identifier", "AlgorithmIdentifier", tag="[1]",
      optional=True),
    # ENCRYPTED{TokenData}: the enciphered BER of a TokenData.
    C("encrypted-data", BitString(), tag="[2]", optional=True)))
_d("TokenData", Sequence(
    C("type", "TokenDataType", tag="[0]"),
    C("value", Any(), tag="[1]")))
_d("TokenDataType", Integer(named={
    "bind-token-signed-data": 1, "message-token-signed-data": 2,
    "message-token-encrypted-data": 3, "bind-token-encrypted-data": 4}))
_d("BindTokenSignedData", "RandomNumber")
_d("RandomNumber", BitString())
_d("MessageTokenSignedData", Sequence(
    C("content-confidentiality-algorithm-identifier",
      "ContentConfidentialityAlgorithmIdentifier", tag="[0]", optional=True),
    C("content-integrity-check", "ContentIntegrityCheck", tag="[1]", optional=True),
    C("message-security-label", "MessageSecurityLabel", tag="[2]", optional=True),
    C("proof-of-delivery-request", "ProofOfDeliveryRequest", tag="[3]", optional=True),
    C("message-sequence-number", Integer(), tag="[4]", optional=True)))
_d("MessageTokenEncryptedData", Sequence(
    C("content-confidentiality-key", "EncryptionKey", tag="[0]", optional=True),
    C("content-integrity-check", "ContentIntegrityCheck", tag="[1]", optional=True),
    C("message-security-label", "MessageSecurityLabel", tag="[2]", optional=True),
    C("content-integrity-key", "EncryptionKey", tag="[3]", optional=True),
    C("message-sequence-number", Integer(), tag="[4]", optional=True)))
_d("EncryptionKey", BitString())
_d("BindTokenEncryptedData", External)

# --- Security label ---------------------------------------------------------

_d("SecurityLabel", Set(
    C("security-policy-identifier", "SecurityPolicyIdentifier", optional=True),
    C("security-classification", "SecurityClassification", optional=True),
    C("privacy-mark", "PrivacyMark", optional=True),
    C("security-categories", "SecurityCategories", optional=True)))
_d("SecurityPolicyIdentifier", ObjectIdentifier())
_d("SecurityClassification", Integer(named={
    "unmarked": 0, "unclassified": 1, "restricted": 2, "confidential": 3,
    "secret": 4, "top-secret": 5,
}, range=(0, ub_integer_options)))
_d("PrivacyMark", PrintableString(size=(1, ub_privacy_mark_length)))
_d("SecurityCategories", SetOf("SecurityCategory", size=(1, ub_security_categories)))
# value is SECURITY-CATEGORY.&Type, an open type: [1] explicit, raw inside.
_d("SecurityCategory", Sequence(
    C("type", "SecurityCategoryIdentifier", tag="[0]"),
    C("value", Any(), tag="[1]")))
_d("SecurityCategoryIdentifier", ObjectIdentifier())


# ---------------------------------------------------------------------------
# MTSAbstractService88: the 1988 forms of register and delivery-control,
# used on the mdse-88 / mase-88 abstract syntaxes.

MTSAbstractService88 = Module("MTSAbstractService88", tagging="IMPLICIT")
MTSAbstractService88.imports(MTSAbstractService)
_d = MTSAbstractService88.define

# COMPONENTS OF Controls WITH permissible-encoded-information-types ABSENT,
# then the 1988 field: a plain EncodedInformationTypes (65).
_d("DeliveryControls88", Set(
    C("restrict", Boolean(), tag="[0]", default=True),
    C("permissible-operations", "Operations", tag="[1]", optional=True),
    C("permissible-maximum-content-length", "ContentLength", tag="[2]", optional=True),
    C("permissible-lowest-priority", "Priority", optional=True),
    C("permissible-content-types", "ContentTypes", tag="[4]", optional=True),
    C("permissible-security-context", "SecurityContext", tag="[5]", optional=True),
    C("permissible-encoded-information-types-88", "EncodedInformationTypes",
      optional=True)))
_d("Register88", Set(
    C("user-name", "UserName", optional=True),
    C("user-address", "UserAddress", tag="[0]", optional=True),
    C("deliverable-encoded-information-types", "EncodedInformationTypes",
      optional=True),
    C("deliverable-maximum-content-length", "ContentLength", tag="[1] EXPLICIT",
      optional=True),
    C("default-delivery-controls", "DefaultDeliveryControls", tag="[2] EXPLICIT",
      optional=True),
    C("deliverable-content-types", "ContentTypes", tag="[3]", optional=True),
    C("labels-and-redirections",
      SetOf("LabelAndRedirection", size=(1, ub_labels_and_redirections)),
      tag="[4]", optional=True)))
_d("LabelAndRedirection", Set(
    C("user-security-label", "UserSecurityLabel", tag="[0]", optional=True),
    C("recipient-assigned-alternate-recipient", "RecipientAssignedAlternateRecipient",
      tag="[1]", optional=True)))
_d("UserSecurityLabel", "SecurityLabel")


# ---------------------------------------------------------------------------
# MTAAbstractService: the trace types P3 sees inside extensions 37 and 38.

MTAAbstractService = Module("MTAAbstractService", tagging="IMPLICIT")
MTAAbstractService.imports(MTSAbstractService)
_d = MTAAbstractService.define

_d("TraceInformation", SequenceOf("TraceInformationElement", size=(1, ub_transfers)),
   tag="[APPLICATION 9]")
_d("TraceInformationElement", Sequence(
    C("global-domain-identifier", "GlobalDomainIdentifier"),
    C("domain-supplied-information", "DomainSuppliedInformation")))
_d("DomainSuppliedInformation", Set(
    C("arrival-time", "ArrivalTime", tag="[0]"),
    C("routing-action", "RoutingAction", tag="[2]"),
    C("attempted-domain", "GlobalDomainIdentifier", optional=True),
    ComponentsOf("AdditionalActions")))
_d("AdditionalActions", Set(
    C("deferred-time", "DeferredTime", tag="[1]", optional=True),
    C("converted-encoded-information-types", "ConvertedEncodedInformationTypes",
      optional=True),
    C("other-actions", "OtherActions", tag="[3]", default=frozenset())))
_d("RoutingAction", Enumerated({"relayed": 0, "rerouted": 1}))
_d("DeferredTime", "Time")
_d("ArrivalTime", "Time")
_d("OtherActions", BitString(named={"redirected": 0, "dl-operation": 1},
                             size=(0, ub_bit_options)))
_d("InternalTraceInformation",
   SequenceOf("InternalTraceInformationElement", size=(1, ub_transfers)))
_d("InternalTraceInformationElement", Sequence(
    C("global-domain-identifier", "GlobalDomainIdentifier"),
    C("mta-name", "MTAName"),
    C("mta-supplied-information", "MTASuppliedInformation")))
_d("MTASuppliedInformation", Set(
    C("arrival-time", "ArrivalTime", tag="[0]"),
    C("routing-action", "RoutingAction", tag="[2]"),
    C("attempted", Choice(
        C("mta", "MTAName"),
        C("domain", "GlobalDomainIdentifier")), optional=True),
    ComponentsOf("InternalAdditionalActions")))
_d("InternalAdditionalActions", "AdditionalActions")


# ---------------------------------------------------------------------------
# MTSAccessProtocol (X.419): the MTS-bind as ROS carries it in ACSE
# user-information on the id-as-mts abstract syntax.  Bind{} of X.880 tags
# open types, so [16]/[17]/[18] are explicit (B0/B1/B2 around the SET or
# INTEGER).  The MTS-unbind is emptyUnbind: an RLRQ/RLRE without user data,
# so no unbind alternative is ever encoded.

MTSAccessProtocol = Module("MTSAccessProtocol", tagging="IMPLICIT")
MTSAccessProtocol.imports(MTSAbstractService)
MTSAccessProtocol.define("MTSBindUnbindPDUs", Choice(
    C("bind-invoke", "MTSBindArgument", tag="[16] EXPLICIT"),
    C("bind-result", "MTSBindResult", tag="[17] EXPLICIT"),
    C("bind-error", "MTSBindError", tag="[18] EXPLICIT")))


# ---------------------------------------------------------------------------
# Extension and extension-attribute tables

#: standard-extension code -> (extension name, qualified name of its value
#: type).  Types outside this file: 36 is defined by X.413 (MS), 41, 43 and 44
#: by X.420 (IPMS).
STANDARD_EXTENSIONS: Dict[int, Tuple[str, str]] = {
    1: ("recipient-reassignment-prohibited",
        "MTSAbstractService.RecipientReassignmentProhibited"),
    2: ("originator-requested-alternate-recipient",
        "MTSAbstractService.OriginatorRequestedAlternateRecipient"),
    3: ("dl-expansion-prohibited", "MTSAbstractService.DLExpansionProhibited"),
    4: ("conversion-with-loss-prohibited",
        "MTSAbstractService.ConversionWithLossProhibited"),
    5: ("latest-delivery-time", "MTSAbstractService.LatestDeliveryTime"),
    6: ("requested-delivery-method", "MTSAbstractService.RequestedDeliveryMethod"),
    7: ("physical-forwarding-prohibited",
        "MTSAbstractService.PhysicalForwardingProhibited"),
    8: ("physical-forwarding-address-request",
        "MTSAbstractService.PhysicalForwardingAddressRequest"),
    9: ("physical-delivery-modes", "MTSAbstractService.PhysicalDeliveryModes"),
    10: ("registered-mail-type", "MTSAbstractService.RegisteredMailType"),
    11: ("recipient-number-for-advice", "MTSAbstractService.RecipientNumberForAdvice"),
    12: ("physical-rendition-attributes",
         "MTSAbstractService.PhysicalRenditionAttributes"),
    13: ("originator-return-address", "MTSAbstractService.OriginatorReturnAddress"),
    14: ("physical-delivery-report-request",
         "MTSAbstractService.PhysicalDeliveryReportRequest"),
    15: ("originator-certificate", "MTSAbstractService.OriginatorCertificate"),
    16: ("message-token", "MTSAbstractService.MessageToken"),
    17: ("content-confidentiality-algorithm-identifier",
         "MTSAbstractService.ContentConfidentialityAlgorithmIdentifier"),
    18: ("content-integrity-check", "MTSAbstractService.ContentIntegrityCheck"),
    19: ("message-origin-authentication-check",
         "MTSAbstractService.MessageOriginAuthenticationCheck"),
    20: ("message-security-label", "MTSAbstractService.MessageSecurityLabel"),
    21: ("proof-of-submission-request", "MTSAbstractService.ProofOfSubmissionRequest"),
    22: ("proof-of-delivery-request", "MTSAbstractService.ProofOfDeliveryRequest"),
    23: ("content-correlator", "MTSAbstractService.ContentCorrelator"),
    24: ("probe-origin-authentication-check",
         "MTSAbstractService.ProbeOriginAuthenticationCheck"),
    25: ("redirection-history", "MTSAbstractService.RedirectionHistory"),
    26: ("dl-expansion-history", "MTSAbstractService.DLExpansionHistory"),
    27: ("physical-forwarding-address", "MTSAbstractService.PhysicalForwardingAddress"),
    28: ("recipient-certificate", "MTSAbstractService.RecipientCertificate"),
    29: ("proof-of-delivery", "MTSAbstractService.ProofOfDelivery"),
    30: ("originator-and-DL-expansion-history",
         "MTSAbstractService.OriginatorAndDLExpansionHistory"),
    31: ("reporting-DL-name", "MTSAbstractService.ReportingDLName"),
    32: ("reporting-MTA-certificate", "MTSAbstractService.ReportingMTACertificate"),
    33: ("report-origin-authentication-check",
         "MTSAbstractService.ReportOriginAuthenticationCheck"),
    34: ("originating-MTA-certificate", "MTSAbstractService.OriginatingMTACertificate"),
    35: ("proof-of-submission", "MTSAbstractService.ProofOfSubmission"),
    36: ("forwarding-request", "MSAbstractService.SequenceNumber"),
    37: ("trace-information", "MTAAbstractService.TraceInformation"),
    38: ("internal-trace-information", "MTAAbstractService.InternalTraceInformation"),
    39: ("reporting-MTA-name", "MTSAbstractService.ReportingMTAName"),
    40: ("multiple-originator-certificates", "MTSAbstractService.ExtendedCertificates"),
    41: ("blind-copy-recipients", "IPMSInformationObjects.BlindCopyRecipientsField"),
    42: ("dl-exempted-recipients", "MTSAbstractService.DLExemptedRecipients"),
    43: ("body-part-encryption-token", "IPMSSecurityExtensions.BodyPartTokens"),
    44: ("forwarded-content-token", "IPMSSecurityExtensions.ForwardedContentToken"),
    45: ("certificate-selectors", "MTSAbstractService.CertificateSelectors"),
    # CertificateSelectors WITH message-origin-authentication ABSENT.
    46: ("certificate-selectors-override", "MTSAbstractService.CertificateSelectors"),
}

#: extension-attribute type -> (attribute name, value type in MTSAbstractService).
EXTENSION_ATTRIBUTES: Dict[int, Tuple[str, str]] = {
    1: ("common-name", "CommonName"),
    2: ("teletex-common-name", "TeletexCommonName"),
    3: ("teletex-organization-name", "TeletexOrganizationName"),
    4: ("teletex-personal-name", "TeletexPersonalName"),
    5: ("teletex-organizational-unit-names", "TeletexOrganizationalUnitNames"),
    6: ("teletex-domain-defined-attributes", "TeletexDomainDefinedAttributes"),
    7: ("pds-name", "PDSName"),
    8: ("physical-delivery-country-name", "PhysicalDeliveryCountryName"),
    9: ("postal-code", "PostalCode"),
    10: ("physical-delivery-office-name", "PhysicalDeliveryOfficeName"),
    11: ("physical-delivery-office-number", "PhysicalDeliveryOfficeNumber"),
    12: ("extension-OR-address-components", "ExtensionORAddressComponents"),
    13: ("physical-delivery-personal-name", "PhysicalDeliveryPersonalName"),
    14: ("physical-delivery-organization-name", "PhysicalDeliveryOrganizationName"),
    15: ("extension-physical-delivery-address-components",
         "ExtensionPhysicalDeliveryAddressComponents"),
    16: ("unformatted-postal-address", "UnformattedPostalAddress"),
    17: ("street-address", "StreetAddress"),
    18: ("post-office-box-address", "PostOfficeBoxAddress"),
    19: ("poste-restante-address", "PosteRestanteAddress"),
    20: ("unique-postal-name", "UniquePostalName"),
    21: ("local-postal-attributes", "LocalPostalAttributes"),
    22: ("extended-network-address", "ExtendedNetworkAddress"),
    23: ("terminal-type", "TerminalType"),
    24: ("universal-common-name", "UniversalCommonName"),
    25: ("universal-organization-name", "UniversalOrganizationName"),
    26: ("universal-personal-name", "UniversalPersonalName"),
    27: ("universal-organizational-unit-names", "UniversalOrganizationalUnitNames"),
    28: ("universal-domain-defined-attributes", "UniversalDomainDefinedAttributes"),
    29: ("universal-physical-delivery-office-name",
         "UniversalPhysicalDeliveryOfficeName"),
    30: ("universal-physical-delivery-office-number",
         "UniversalPhysicalDeliveryOfficeNumber"),
    31: ("universal-extension-OR-address-components",
         "UniversalExtensionORAddressComponents"),
    32: ("universal-physical-delivery-personal-name",
         "UniversalPhysicalDeliveryPersonalName"),
    33: ("universal-physical-delivery-organization-name",
         "UniversalPhysicalDeliveryOrganizationName"),
    34: ("universal-extension-physical-delivery-address-components",
         "UniversalExtensionPhysicalDeliveryAddressComponents"),
    35: ("universal-unformatted-postal-address", "UniversalUnformattedPostalAddress"),
    36: ("universal-street-address", "UniversalStreetAddress"),
    37: ("universal-post-office-box-address", "UniversalPostOfficeBoxAddress"),
    38: ("universal-poste-restante-address", "UniversalPosteRestanteAddress"),
    39: ("universal-unique-postal-name", "UniversalUniquePostalName"),
    40: ("universal-local-postal-attributes", "UniversalLocalPostalAttributes"),
}

_MODULES = {m.name: m for m in (
    MTSAbstractService, MTSAbstractService88, MTAAbstractService, MTSAccessProtocol,
    InformationFramework, SelectedAttributeTypes, AuthenticationFramework,
    CertificateExtensions)}


def resolve(name: str) -> Type:
    """The type for a qualified name such as ``"MTSAbstractService.CommonName"``;
    a bare name is looked up in MTSAbstractService and the modules it imports.

    Names of X.413 and X.420 modules (used in :data:`STANDARD_EXTENSIONS`)
    resolve too, importing those modules on demand.

    :raises KeyError: for a name that is not declared.
    """
    mod, _, local = name.rpartition(".")
    module = _MODULES.get(mod or "MTSAbstractService")
    if module is None and mod:
        # Extension value types that X.413 and X.420 declare: import those
        # modules only when asked (they import this one).
        from . import x413, x420
        for m in vars(x413).values() if mod.startswith("MS") else vars(x420).values():
            if isinstance(m, Module) and m.name == mod:
                module = m
                break
    try:
        if module is None:
            raise SchemaError(name)
        return module.resolve(local)
    except SchemaError:
        raise KeyError(name) from None


# ---------------------------------------------------------------------------
# Operations and errors per abstract syntax (X.419)


class OperationSpec(NamedTuple):
    """One operation of an abstract syntax: what its invoke and result carry."""

    name: str
    code: int
    argument: Type
    result: Type
    errors: Tuple[int, ...]


class ErrorSpec(NamedTuple):
    """One error of an abstract syntax; ``parameter`` None means NULL or none
    (ROS lets the parameter be left out; peers send either)."""

    name: str
    code: int
    parameter: Optional[Type]


_ms = MTSAbstractService.types
_NULL = Null()

_SUBMISSION_ERRORS = (1, 4, 2, 3, 11, 12, 13, 15)
_msse = {
    3: OperationSpec("message-submission", 3, _ms["MessageSubmissionArgument"],
                 _ms["MessageSubmissionResult"], _SUBMISSION_ERRORS),
    4: OperationSpec("probe-submission", 4, _ms["ProbeSubmissionArgument"],
                 _ms["ProbeSubmissionResult"], _SUBMISSION_ERRORS),
    7: OperationSpec("cancel-deferred-delivery", 7, _ms["CancelDeferredDeliveryArgument"],
                 _ms["CancelDeferredDeliveryResult"], (8, 7, 15)),
    2: OperationSpec("submission-control", 2, _ms["SubmissionControlArgument"],
                 _ms["SubmissionControlResult"], (12, 15)),
}
_delivery = {
    5: OperationSpec("message-delivery", 5, _ms["MessageDeliveryArgument"],
                 _ms["MessageDeliveryResult"], (1, 12, 13)),
    6: OperationSpec("report-delivery", 6, _ms["ReportDeliveryArgument"],
                 _ms["ReportDeliveryResult"], (1, 12, 13)),
}
_change_credentials = OperationSpec("change-credentials", 8, _ms["ChangeCredentialsArgument"],
                                _NULL, (6, 5, 15, 12))

#: abstract-syntax OID -> operation code -> :class:`OperationSpec`.
OPERATIONS: Dict[str, Dict[int, OperationSpec]] = {
    id_as_msse: _msse,
    id_as_mdse_88: {
        **_delivery,
        2: OperationSpec("delivery-control", 2, MTSAbstractService88["DeliveryControls88"],
                     _ms["Waiting"], (14, 12)),
    },
    id_as_mdse_94: {
        **_delivery,
        2: OperationSpec("delivery-control", 2, _ms["DeliveryControlArgument"],
                     _ms["DeliveryControlResult"], (14, 12, 16)),
    },
    id_as_mase_88: {
        1: OperationSpec("register", 1, MTSAbstractService88["Register88"], _NULL, (10,)),
        8: _change_credentials,
    },
    id_as_mase_94: {
        1: OperationSpec("register", 1, _ms["RegisterArgument"], _ms["RegisterResult"],
                     (10, 15, 16, 12)),
        8: _change_credentials,
    },
}


def _errors(*codes: int) -> Dict[int, ErrorSpec]:
    return {c: _ALL_ERRORS[c] for c in codes}


_ALL_ERRORS = {
    1: ErrorSpec("submission-control-violated", 1, None),
    2: ErrorSpec("originator-invalid", 2, None),
    3: ErrorSpec("recipient-improperly-specified", 3, _ms["ImproperlySpecifiedRecipients"]),
    4: ErrorSpec("element-of-service-not-subscribed", 4, None),
    5: ErrorSpec("old-credentials-incorrectly-specified", 5, None),
    6: ErrorSpec("new-credentials-unacceptable", 6, None),
    7: ErrorSpec("message-submission-identifier-invalid", 7, None),
    8: ErrorSpec("deferred-delivery-cancellation-rejected", 8, None),
    10: ErrorSpec("register-rejected", 10, None),
    11: ErrorSpec("inconsistent-request", 11, None),
    12: ErrorSpec("security-error", 12, _ms["SecurityProblem"]),
    13: ErrorSpec("unsupported-critical-function", 13, None),
    14: ErrorSpec("control-violates-registration", 14, None),
    15: ErrorSpec("remote-bind-error", 15, None),
    16: ErrorSpec("operation-refused", 16, _ms["RefusedOperation"]),
}
_DELIVERY_VIOLATED = ErrorSpec("delivery-control-violated", 1, None)

#: abstract-syntax OID -> error code -> :class:`ErrorSpec`.
ERRORS: Dict[str, Dict[int, ErrorSpec]] = {
    id_as_msse: _errors(1, 2, 3, 4, 7, 8, 11, 12, 13, 15),
    id_as_mdse_88: {**_errors(12, 13, 14), 1: _DELIVERY_VIOLATED},
    id_as_mdse_94: {**_errors(12, 13, 14, 16), 1: _DELIVERY_VIOLATED},
    id_as_mase_88: _errors(5, 6, 10, 12, 15),
    id_as_mase_94: _errors(5, 6, 10, 12, 15, 16),
}

del _d, _m, _ms, _name

__all__ = [
    "MTSAbstractService", "MTSAbstractService88", "MTAAbstractService",
    "MTSAccessProtocol", "InformationFramework", "SelectedAttributeTypes",
    "AuthenticationFramework", "CertificateExtensions",
    "STANDARD_EXTENSIONS", "EXTENSION_ATTRIBUTES", "OPERATIONS", "ERRORS",
    "OperationSpec", "ErrorSpec", "resolve",
] + _UB_NAMES + _ID_NAMES + _CODE_NAMES
