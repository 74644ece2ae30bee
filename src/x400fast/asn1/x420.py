"""X.420 (1999) Interpersonal Messaging: the P2/P22 content, as DSL modules.

What a P3 or P7 client carries in ``Content`` when the content type is
interpersonal-messaging (2 or 22) is a BER ``InformationObject`` of the
module ``IPMSInformationObjects``: an IPM (``A0``) or an IPN (``A1``).  This
file declares that module and the ones it draws on, each under the name the
standard gives it, so that a definition here can be checked line by line
against X.420:

* :data:`ipms` -- ``IPMSInformationObjects``: IPM, heading, body parts,
  IPN, IPMS extensions, advice notifications, MS realisation types.
* :data:`ipms_hex` -- ``IPMSHeadingExtensions``: the heading (and two
  recipient) extension value types.
* :data:`ipms_sec` -- ``IPMSSecurityExtensions``: recipient security
  request, IPN security response, body-part and forwarded-content tokens.
* :data:`ipms_ebpt2` -- ``IPMSExtendedBodyPartTypes2``: general text.
* :data:`ipms_ftbp` -- ``IPMSFileTransferBodyPartType``: the file transfer
  body part, with the FTAM attributes it imports (:data:`ftam`).
* :data:`ipms_voice` -- ``IPMSExtendedVoiceBodyPartType``.
* :data:`ipms_fwd_content` -- ``IPMSForwardedContentBodyPartType``.

``IPMSExtendedBodyPartTypes`` and ``IPMSForwardedReportBodyPartType`` define
no types of their own, only which (OID, type) pairs make up each extended
body part; they are the table :data:`EXTENDED_BODY_PART_TYPES`.
``IPMSUpperBounds`` is the ``ub_*`` integers and ``IPMSObjectIdentifiers``
the ``id_*`` strings below.  The information-object sets that say which
value goes with which extension OID are the dicts
:data:`HEADING_EXTENSIONS`, :data:`RECIPIENT_EXTENSIONS`,
:data:`NOTIFICATION_EXTENSIONS` and :data:`ADVICE_NOTIFICATIONS`.

Every IPMS module is ``IMPLICIT TAGS``; as everywhere, a tag on a CHOICE or an
open type is explicit anyway, and ``Heading.subject`` is written ``[8]
EXPLICIT`` on purpose (``A8 { 14 ... }``).

X.411 types are used by their qualified names (``"MTSAbstractService.ORName"``)
and come from :mod:`x400fast.asn1.x411`, as do the Directory types IPMS
imports (``AuthenticationFramework.AlgorithmIdentifier``,
``AuthenticationFramework.Certificates``,
``CertificateExtensions.CertificateAssertion``).

Open types decode to the complete TLV as bytes.  An extension value or an
extended body part is read in two steps: the outer type gives the OID and
raw value, then the table entry for that OID gives the type to decode the
raw value with.  Extended body parts use ``EXTERNAL`` (X.420 writes ``INSTANCE
OF TYPE-IDENTIFIER``, whose encoding is the EXTERNAL one with a direct
reference and ``single-ASN1-type``); declaring them as EXTERNAL lets the
decoder also accept the octet-aligned and arbitrary forms some peers send.
"""
from __future__ import annotations

from typing import Dict, NamedTuple, Optional, Tuple

from .core import (
    C, Any, BitString, BMPString, Boolean, Choice, ComponentsOf, Enumerated,
    External, GeneralizedTime, GeneralString, GraphicString, IA5String, Integer,
    Module, Null, ObjectIdentifier, OctetString, PrintableString, Sequence,
    SequenceOf, Set, SetOf, TeletexString, Type, UniversalString, UTCTime,
    VideotexString,
)
from .x411 import AuthenticationFramework, CertificateExtensions
from .x411 import MTSAbstractService as mts

# ---------------------------------------------------------------------------
# IPMSUpperBounds

ub_alpha_code_length = 16
ub_auto_forward_comment = 256
ub_circulation_list_members = 256
ub_distribution_codes = 16
ub_extended_subject_length = 256
ub_free_form_name = 64
ub_information_categories = 16
ub_information_category_length = 64
ub_ipm_identifier_suffix = 2
ub_local_ipm_identifier = 64
ub_manual_handling_instruction_length = 128
ub_manual_handling_instructions = 16
ub_originators_reference_length = 64
ub_precedence = 127
ub_subject_field = 128
ub_telephone_number = 32

_ub_messages = 2147483647     # X.413 ub-messages, the SequenceNumber bound

# ---------------------------------------------------------------------------
# IPMSObjectIdentifiers (id-ipms = {joint-iso-itu-t mhs(6) ipms(1)})

id_ipms = "2.6.1"
id_mod = "2.6.1.0"
id_ot = "2.6.1.1"
id_pt = "2.6.1.2"
id_et = "2.6.1.4"
id_hex = "2.6.1.5"
id_sat = "2.6.1.6"
id_hat = "2.6.1.7"
id_bat = "2.6.1.8"
id_nat = "2.6.1.9"
id_mct = "2.6.1.10"
id_ep = "2.6.1.11"
id_eit = "2.6.1.12"
id_cat = "2.6.1.13"
id_mr = "2.6.1.14"
id_aa = "2.6.1.15"
id_aae = "2.6.1.16"
id_mst = "2.6.1.17"
id_sec = "2.6.1.18"
id_on = "2.6.1.19"
id_rex = "2.6.1.20"

# Modules
id_mod_object_identifiers = "2.6.1.0.0"
id_mod_functional_objects = "2.6.1.0.1"
id_mod_information_objects = "2.6.1.0.2"
id_mod_abstract_service = "2.6.1.0.3"
id_mod_heading_extensions = "2.6.1.0.6"
id_mod_extended_body_part_types = "2.6.1.0.7"
id_mod_message_store_attributes = "2.6.1.0.8"
id_mod_file_transfer_body_part_type = "2.6.1.0.9"
id_mod_upper_bounds = "2.6.1.0.10"
id_mod_extended_voice_body_part_type = "2.6.1.0.11"
id_mod_forwarded_report_body_part_type = "2.6.1.0.12"
id_mod_auto_actions = "2.6.1.0.13"
id_mod_ipm_security_extensions = "2.6.1.0.14"
id_mod_forwarded_content_body_part_type = "2.6.1.0.15"
id_mod_pkcs7_body_part_type = "2.6.1.0.16"

# Object and port types
id_ot_ipms_user = "2.6.1.1.1"
id_ot_ipms = "2.6.1.1.2"
id_pt_origination = "2.6.1.2.0"
id_pt_reception = "2.6.1.2.1"
id_pt_management = "2.6.1.2.2"

# Message content types.  The built-in (integer) content types of X.411 are
# what a P3/P7 envelope normally carries; the OIDs name them in the MS and
# the Directory.
content_type_p2 = 2          # interpersonal-messaging-1984
content_type_p22 = 22        # interpersonal-messaging-1988
id_mct_p2_1984 = "2.6.1.10.0"
id_mct_p2_1988 = "2.6.1.10.1"

# Extended body part data (id-et) and parameters (id-ep)
id_et_ia5_text = "2.6.1.4.0"
id_et_g3_facsimile = "2.6.1.4.2"
id_et_g4_class1 = "2.6.1.4.3"
id_et_teletex = "2.6.1.4.4"
id_et_videotex = "2.6.1.4.5"
id_et_encrypted = "2.6.1.4.6"
id_et_message = "2.6.1.4.7"
id_et_mixed_mode = "2.6.1.4.8"
id_et_bilaterally_defined = "2.6.1.4.9"
id_et_nationally_defined = "2.6.1.4.10"
id_et_general_text = "2.6.1.4.11"
id_et_file_transfer = "2.6.1.4.12"
id_et_report = "2.6.1.4.14"
id_et_notification = "2.6.1.4.15"
id_et_voice = "2.6.1.4.16"
id_et_content = "2.6.1.4.17"
id_et_pkcs7 = "2.6.1.4.18"
id_ep_ia5_text = "2.6.1.11.0"
id_ep_g3_facsimile = "2.6.1.11.2"
id_ep_teletex = "2.6.1.11.4"
id_ep_videotex = "2.6.1.11.5"
id_ep_encrypted = "2.6.1.11.6"
id_ep_message = "2.6.1.11.7"
id_ep_general_text = "2.6.1.11.11"
id_ep_file_transfer = "2.6.1.11.12"
id_ep_notification = "2.6.1.11.15"
id_ep_voice = "2.6.1.11.16"
id_ep_content = "2.6.1.11.17"

# Heading extensions (id-hex)
id_hex_incomplete_copy = "2.6.1.5.0"
id_hex_languages = "2.6.1.5.1"
id_hex_auto_submitted = "2.6.1.5.2"
id_hex_body_part_signatures = "2.6.1.5.3"
id_hex_ipm_security_label = "2.6.1.5.4"
id_hex_authorization_time = "2.6.1.5.5"
id_hex_circulation_list_recipients = "2.6.1.5.6"
id_hex_distribution_codes = "2.6.1.5.7"
id_hex_extended_subject = "2.6.1.5.8"
id_hex_information_category = "2.6.1.5.9"
id_hex_manual_handling_instructions = "2.6.1.5.10"
id_hex_originators_reference = "2.6.1.5.11"
id_hex_precedence_policy_id = "2.6.1.5.12"

# Recipient extensions (id-rex), security extensions (id-sec), other
# notification types (id-on)
id_rex_circulation_list_indicator = "2.6.1.20.0"
id_rex_precedence = "2.6.1.20.1"
id_sec_ipm_security_request = "2.6.1.18.0"
id_sec_security_common_fields = "2.6.1.18.1"
id_on_absence_advice = "2.6.1.19.0"
id_on_change_of_address_advice = "2.6.1.19.1"

# Encoded information types (id-eit) IPMS adds to X.411's
id_eit_file_transfer = "2.6.1.12.0"
id_eit_voice = "2.6.1.12.1"
id_voice_11khz_sample = "2.6.1.12.1.0"
id_voice_22khz_sample = "2.6.1.12.1.1"
id_voice_cd_quality = "2.6.1.12.1.2"
id_voice_g711_mu_law = "2.6.1.12.1.3"
id_voice_g726_32k_adpcm = "2.6.1.12.1.4"
id_voice_g728_16k_ld_celp = "2.6.1.12.1.5"

# General-text character sets: ISO International Register numbers under
# {iso standard mhs(10021) ipms(7) cs(1) 0}; the EIT of a general-text body
# part with set N is id_cs_eit_authority + "." + str(N).
id_iso_ipms = "1.0.10021.7"
id_cs_eit_authority = "1.0.10021.7.1.0"

# FTAM document type: the default contents type of a file transfer body part
id_ftam_unstructured_text = "1.0.8571.5.1"       # FTAM-1
id_ftam_unstructured_binary = "1.0.8571.5.3"     # FTAM-3

# Message Store: summary (id-sat), heading (id-hat), body (id-bat),
# notification (id-nat) and correlation (id-cat) attributes
id_sat_ipm_entry_type = "2.6.1.6.0"
id_sat_ipm_synopsis = "2.6.1.6.1"
id_sat_body_parts_summary = "2.6.1.6.2"
id_sat_ipm_auto_discarded = "2.6.1.6.3"
id_hat_heading = "2.6.1.7.0"
id_hat_this_ipm = "2.6.1.7.1"
id_hat_originator = "2.6.1.7.2"
id_hat_replied_to_ipm = "2.6.1.7.3"
id_hat_subject = "2.6.1.7.4"
id_hat_expiry_time = "2.6.1.7.5"
id_hat_reply_time = "2.6.1.7.6"
id_hat_importance = "2.6.1.7.7"
id_hat_sensitivity = "2.6.1.7.8"
id_hat_auto_forwarded = "2.6.1.7.9"
id_hat_authorizing_users = "2.6.1.7.10"
id_hat_primary_recipients = "2.6.1.7.11"
id_hat_copy_recipients = "2.6.1.7.12"
id_hat_blind_copy_recipients = "2.6.1.7.13"
id_hat_obsoleted_ipms = "2.6.1.7.14"
id_hat_related_ipms = "2.6.1.7.15"
id_hat_reply_recipients = "2.6.1.7.16"
id_hat_incomplete_copy = "2.6.1.7.17"
id_hat_languages = "2.6.1.7.18"
id_hat_rn_requestors = "2.6.1.7.19"
id_hat_nrn_requestors = "2.6.1.7.20"
id_hat_reply_requestors = "2.6.1.7.21"
id_hat_auto_submitted = "2.6.1.7.22"
id_hat_body_part_signatures = "2.6.1.7.23"
id_hat_ipm_security_label = "2.6.1.7.24"
id_hat_body_part_security_label = "2.6.1.7.25"
id_hat_body_part_encryption_token = "2.6.1.7.26"
id_hat_authorization_time = "2.6.1.7.27"
id_hat_circulation_list_recipients = "2.6.1.7.28"
id_hat_distribution_codes = "2.6.1.7.29"
id_hat_extended_subject = "2.6.1.7.30"
id_hat_information_category = "2.6.1.7.31"
id_hat_manual_handling_instructions = "2.6.1.7.32"
id_hat_originators_reference = "2.6.1.7.33"
id_hat_precedence_policy_identifier = "2.6.1.7.34"
id_hat_forwarded_content_token = "2.6.1.7.35"
id_hat_forwarding_token = "2.6.1.7.36"
id_hat_precedence = "2.6.1.7.37"
id_hat_body_part_signature_verification_status = "2.6.1.7.38"
id_bat_body = "2.6.1.8.0"
id_bat_ia5_text_body_parts = "2.6.1.8.1"
id_bat_g3_facsimile_body_parts = "2.6.1.8.3"
id_bat_g4_class1_body_parts = "2.6.1.8.4"
id_bat_teletex_body_parts = "2.6.1.8.5"
id_bat_videotex_body_parts = "2.6.1.8.6"
id_bat_encrypted_body_parts = "2.6.1.8.7"
id_bat_message_body_parts = "2.6.1.8.8"
id_bat_mixed_mode_body_parts = "2.6.1.8.9"
id_bat_bilaterally_defined_body_parts = "2.6.1.8.10"
id_bat_nationally_defined_body_parts = "2.6.1.8.11"
id_bat_extended_body_part_types = "2.6.1.8.12"
id_bat_ia5_text_parameters = "2.6.1.8.13"
id_bat_g3_facsimile_parameters = "2.6.1.8.15"
id_bat_teletex_parameters = "2.6.1.8.16"
id_bat_videotex_parameters = "2.6.1.8.17"
id_bat_encrypted_parameters = "2.6.1.8.18"
id_bat_message_parameters = "2.6.1.8.19"
id_bat_ia5_text_data = "2.6.1.8.20"
id_bat_g3_facsimile_data = "2.6.1.8.22"
id_bat_teletex_data = "2.6.1.8.23"
id_bat_videotex_data = "2.6.1.8.24"
id_bat_encrypted_data = "2.6.1.8.25"
id_bat_message_data = "2.6.1.8.26"
id_nat_subject_ipm = "2.6.1.9.0"
id_nat_ipn_originator = "2.6.1.9.1"
id_nat_ipm_intended_recipient = "2.6.1.9.2"
id_nat_conversion_eits = "2.6.1.9.3"
id_nat_non_receipt_reason = "2.6.1.9.4"
id_nat_discard_reason = "2.6.1.9.5"
id_nat_auto_forward_comment = "2.6.1.9.6"
id_nat_returned_ipm = "2.6.1.9.7"
id_nat_receipt_time = "2.6.1.9.8"
id_nat_acknowledgment_mode = "2.6.1.9.9"
id_nat_suppl_receipt_info = "2.6.1.9.10"
id_nat_notification_extensions = "2.6.1.9.11"
id_nat_nrn_extensions = "2.6.1.9.12"
id_nat_rn_extensions = "2.6.1.9.13"
id_nat_other_notification_type_fields = "2.6.1.9.14"
id_cat_correlated_delivered_ipns = "2.6.1.13.0"
id_cat_correlated_delivered_replies = "2.6.1.13.1"
id_cat_delivered_ipn_summary = "2.6.1.13.2"
id_cat_delivered_replies_summary = "2.6.1.13.3"
id_cat_forwarded_ipms = "2.6.1.13.4"
id_cat_forwarding_ipms = "2.6.1.13.5"
id_cat_ipm_recipients = "2.6.1.13.6"
id_cat_obsoleted_ipms = "2.6.1.13.7"
id_cat_obsoleting_ipms = "2.6.1.13.8"
id_cat_related_ipms = "2.6.1.13.9"
id_cat_relating_ipms = "2.6.1.13.10"
id_cat_replied_to_ipm = "2.6.1.13.11"
id_cat_replying_ipms = "2.6.1.13.12"
id_cat_revised_reply_time = "2.6.1.13.13"
id_cat_submitted_ipn_status = "2.6.1.13.14"
id_cat_submitted_ipns = "2.6.1.13.15"
id_cat_submitted_reply_status = "2.6.1.13.16"
id_cat_subject_ipm = "2.6.1.13.17"
id_cat_recipient_category = "2.6.1.13.18"

# Matching rules (id-mr), auto-actions (id-aa), auto-action errors (id-aae),
# MS extensions (id-mst)
id_mr_ipm_identifier = "2.6.1.14.0"
id_mr_or_descriptor = "2.6.1.14.1"
id_mr_or_descriptor_elements = "2.6.1.14.2"
id_mr_or_descriptor_substring_elements = "2.6.1.14.3"
id_mr_recipient_specifier = "2.6.1.14.4"
id_mr_recipient_specifier_elements = "2.6.1.14.5"
id_mr_recipient_specifier_substring_elements = "2.6.1.14.6"
id_mr_ipm_location = "2.6.1.14.7"
id_mr_or_descriptor_single_element = "2.6.1.14.8"
id_mr_recipient_specifier_single_element = "2.6.1.14.9"
id_mr_circulation_member = "2.6.1.14.10"
id_mr_circulation_member_elements = "2.6.1.14.11"
id_mr_circulation_member_substring_elements = "2.6.1.14.12"
id_mr_circulation_member_single_element = "2.6.1.14.13"
id_mr_circulation_member_checkmark = "2.6.1.14.14"
id_mr_distribution_code = "2.6.1.14.15"
id_mr_information_category = "2.6.1.14.16"
id_aa_ipm_auto_acknowledgement = "2.6.1.15.0"
id_aa_ipm_auto_correlate = "2.6.1.15.1"
id_aa_ipm_auto_discard = "2.6.1.15.2"
id_aa_ipm_auto_advise = "2.6.1.15.3"
id_aae_auto_discard_error = "2.6.1.16.0"
id_aae_auto_forwarding_loop = "2.6.1.16.1"
id_aae_duplicate_ipn = "2.6.1.16.2"
id_mst_invalid_assembly_instructions = "2.6.1.17.0"
id_mst_invalid_ipn = "2.6.1.17.1"
id_mst_assembly_instructions = "2.6.1.17.2"
id_mst_suspend_auto_acknowledgement = "2.6.1.17.3"
id_mst_prevent_nrn_generation = "2.6.1.17.4"
id_mst_originator_body_part_encryption_token = "2.6.1.17.5"
id_mst_originator_forwarded_content_token = "2.6.1.17.6"
id_mst_assembly_capability = "2.6.1.17.7"


def content_body_part_oids(content_type: str) -> Tuple[str, str]:
    """The (data, parameters) OIDs of a forwarded-content body part.

    X.420 builds them by appending the forwarded content type to
    id-et-content / id-ep-content.  The standard's text says the appended
    part is a RELATIVE-OID but was never completed; Wireshark (and so what
    can be checked) appends the full content-type OID, e.g. a forwarded P22
    content is 2.6.1.4.17.2.6.1.10.1, and that is what is done here.
    """
    return id_et_content + "." + content_type, id_ep_content + "." + content_type


# ---------------------------------------------------------------------------
# Helpers for the parameterised types IPMS instantiates


def _signature(module: Module, name: str) -> None:
    """``name ::= SIGNATURE{...}`` (X.509): the signature without the
    signed data, which the receiver rebuilds from elsewhere."""
    module.define(name, Sequence(
        C("algorithmIdentifier", "AuthenticationFramework.AlgorithmIdentifier"),
        C("encrypted", BitString()),
    ))


def _universal_or_bmp(ub: int) -> Set:
    """X.411 ``UniversalOrBMPString{ub}``.

    A parameterised type cannot be imported by name, so each instance is
    written out here with the structure X.411 gives it.  The language code
    is ``SIZE (2|5)`` in the standard; the DSL's range is 2..5.
    """
    return Set(
        C("character-encoding", Choice(
            C("two-octets", BMPString(size=(1, ub))),
            C("four-octets", UniversalString(size=(1, ub))),
        )),
        C("iso-639-language-code", PrintableString(size=(2, 5)), optional=True),
    )


# ---------------------------------------------------------------------------
# ISO8571-FTAM: the attribute types the file transfer body part imports.
# The FTAM module's tagging default is EXPLICIT; its tags are written as FTAM
# writes them.

ftam = Module("ISO8571-FTAM", tagging="EXPLICIT")

ftam.define("Pathname", SequenceOf(GraphicString()))
ftam.define("Permitted-Actions-Attribute", BitString(named={
    "read": 0, "insert": 1, "replace": 2, "extend": 3, "erase": 4,
    "read-attribute": 5, "change-attribute": 6, "delete-Object": 7,
    "traversal": 8, "reverse-traversal": 9, "random-Order": 10,
    "pass": 11, "link": 12,
}))
ftam.define("Date-and-Time-Attribute", Choice(
    C("no-value-available", Null(), tag="[0] IMPLICIT"),
    C("actual-values", GeneralizedTime(), tag="[1] IMPLICIT"),
))
ftam.define("Object-Availability-Attribute", Choice(
    C("no-value-available", Null(), tag="[0] IMPLICIT"),
    C("actual-values", Integer(named={"immediate-availability": 0,
                                      "deferred-availability": 1}),
      tag="[1] IMPLICIT"),
))
ftam.define("Object-Size-Attribute", Choice(
    C("no-value-available", Null(), tag="[0] IMPLICIT"),
    C("actual-values", Integer(), tag="[1] IMPLICIT"),
))
ftam.define("Legal-Qualification-Attribute", Choice(
    C("no-value-available", Null(), tag="[0] IMPLICIT"),
    C("actual-values", GraphicString(), tag="[1] IMPLICIT"),
))
ftam.define("Private-Use-Attribute", Choice(
    C("no-value-available", Null(), tag="[0] IMPLICIT"),
    C("abstract-Syntax-not-supported", Null(), tag="[1] IMPLICIT"),
    C("actual-values", External, tag="[2] IMPLICIT"),
))
ftam.define("Attribute-Extensions", SequenceOf("Attribute-Extension-Set"))
ftam.define("Attribute-Extension-Set", Sequence(
    C("extension-set-identifier", "Extension-Set-Identifier", tag="[0] IMPLICIT"),
    # Written without IMPLICIT in an EXPLICIT module: A1 { 30 { ... } }.
    C("extension-set-attributes", SequenceOf("Extension-Attribute"), tag="[1]"),
))
ftam.define("Extension-Attribute", Sequence(
    C("extension-attribute-identifier", ObjectIdentifier()),
    C("extension-attribute", Any()),
))
ftam.define("Extension-Set-Identifier", ObjectIdentifier())
ftam.define("Concurrency-Access", Sequence(
    C("read", "Concurrency-Key", tag="[0] IMPLICIT"),
    C("insert", "Concurrency-Key", tag="[1] IMPLICIT"),
    C("replace", "Concurrency-Key", tag="[2] IMPLICIT"),
    C("extend", "Concurrency-Key", tag="[3] IMPLICIT"),
    C("erase", "Concurrency-Key", tag="[4] IMPLICIT"),
    C("read-attribute", "Concurrency-Key", tag="[5] IMPLICIT"),
    C("change-attribute", "Concurrency-Key", tag="[6] IMPLICIT"),
    C("delete-Object", "Concurrency-Key", tag="[7] IMPLICIT"),
))
ftam.define("Concurrency-Key", BitString(named={
    "not-required": 0, "shared": 1, "exclusive": 2, "no-access": 3}))


# ---------------------------------------------------------------------------
# IPMSInformationObjects

ipms = Module("IPMSInformationObjects", tagging="IMPLICIT")
ipms.imports(mts, AuthenticationFramework, CertificateExtensions)

ipms.define("Time", UTCTime())

# Information object
ipms.define("InformationObject", Choice(
    C("ipm", "IPM", tag="[0]"),
    C("ipn", "IPN", tag="[1]"),
))

# IPM
ipms.define("IPM", Sequence(
    C("heading", "Heading"),
    C("body", "Body"),
))

# IPMS extensions: IPMSExtension{...} ::= SEQUENCE { type &id, value &Type
# DEFAULT NULL:NULL }.  The value is an open type with no tag of its own:
# its universal tag follows the OID directly.  An absent value means NULL,
# hence the DEFAULT of the encoded NULL.
ipms.define("IPMSExtension", Sequence(
    C("type", ObjectIdentifier()),
    C("value", Any(), default=b"\x05\x00"),
))

# Heading
ipms.define("Heading", Set(
    C("this-IPM", "ThisIPMField"),
    C("originator", "OriginatorField", tag="[0]", optional=True),
    C("authorizing-users", "AuthorizingUsersField", tag="[1]", optional=True),
    C("primary-recipients", "PrimaryRecipientsField", tag="[2]", default=[]),
    C("copy-recipients", "CopyRecipientsField", tag="[3]", default=[]),
    C("blind-copy-recipients", "BlindCopyRecipientsField", tag="[4]", optional=True),
    C("replied-to-IPM", "RepliedToIPMField", tag="[5]", optional=True),
    C("obsoleted-IPMs", "ObsoletedIPMsField", tag="[6]", default=[]),
    C("related-IPMs", "RelatedIPMsField", tag="[7]", default=[]),
    # The one heading field the standard tags EXPLICIT: A8 { 14 ... }.
    C("subject", "SubjectField", tag="[8] EXPLICIT", optional=True),
    C("expiry-time", "ExpiryTimeField", tag="[9]", optional=True),
    C("reply-time", "ReplyTimeField", tag="[10]", optional=True),
    C("reply-recipients", "ReplyRecipientsField", tag="[11]", optional=True),
    C("importance", "ImportanceField", tag="[12]", default="normal"),
    C("sensitivity", "SensitivityField", tag="[13]", optional=True),
    C("auto-forwarded", "AutoForwardedField", tag="[14]", default=False),
    C("extensions", "ExtensionsField", tag="[15]", default=[]),
))

# Heading component types
ipms.define("IPMIdentifier", Set(
    C("user", "MTSAbstractService.ORName", optional=True),
    C("user-relative-identifier", "LocalIPMIdentifier"),
), tag="[APPLICATION 11]")
ipms.define("LocalIPMIdentifier", PrintableString(size=(0, ub_local_ipm_identifier)))
ipms.define("RecipientSpecifier", Set(
    C("recipient", "ORDescriptor", tag="[0]"),
    C("notification-requests", "NotificationRequests", tag="[1]", default=frozenset()),
    C("reply-requested", Boolean(), tag="[2]", default=False),
    C("recipient-extensions", "RecipientExtensionsField", tag="[3]", optional=True),
))
ipms.define("ORDescriptor", Set(
    C("formal-name", "MTSAbstractService.ORName", optional=True),
    C("free-form-name", "FreeFormName", tag="[0]", optional=True),
    C("telephone-number", "TelephoneNumber", tag="[1]", optional=True),
))
ipms.define("FreeFormName", TeletexString(size=(0, ub_free_form_name)))
ipms.define("TelephoneNumber", PrintableString(size=(0, ub_telephone_number)))
ipms.define("NotificationRequests", BitString(named={
    "rn": 0, "nrn": 1, "ipm-return": 2, "an-supported": 3, "suppress-an": 4}))
ipms.define("RecipientExtensionsField", SetOf("IPMSExtension"))

# The heading fields, one type per field as X.420 names them.
ipms.define("ThisIPMField", "IPMIdentifier")
ipms.define("OriginatorField", "ORDescriptor")
ipms.define("AuthorizingUsersField", SequenceOf("AuthorizingUsersSubfield"))
ipms.define("AuthorizingUsersSubfield", "ORDescriptor")
ipms.define("PrimaryRecipientsField", SequenceOf("PrimaryRecipientsSubfield"))
ipms.define("PrimaryRecipientsSubfield", "RecipientSpecifier")
ipms.define("CopyRecipientsField", SequenceOf("CopyRecipientsSubfield"))
ipms.define("CopyRecipientsSubfield", "RecipientSpecifier")
ipms.define("BlindCopyRecipientsField", SequenceOf("BlindCopyRecipientsSubfield"))
ipms.define("BlindCopyRecipientsSubfield", "RecipientSpecifier")
ipms.define("RepliedToIPMField", "IPMIdentifier")
ipms.define("ObsoletedIPMsField", SequenceOf("ObsoletedIPMsSubfield"))
ipms.define("ObsoletedIPMsSubfield", "IPMIdentifier")
ipms.define("RelatedIPMsField", SequenceOf("RelatedIPMsSubfield"))
ipms.define("RelatedIPMsSubfield", "IPMIdentifier")
ipms.define("SubjectField", TeletexString(size=(0, ub_subject_field)))
ipms.define("ExpiryTimeField", "Time")
ipms.define("ReplyTimeField", "Time")
ipms.define("ReplyRecipientsField", SequenceOf("ReplyRecipientsSubfield"))
# ORDescriptor (WITH COMPONENTS {..., formal-name PRESENT}): the constraint is
# for the application to honour; the encoding is the ORDescriptor's.
ipms.define("ReplyRecipientsSubfield", "ORDescriptor")
ipms.define("ImportanceField", Enumerated({"low": 0, "normal": 1, "high": 2}))
ipms.define("SensitivityField", Enumerated({
    "personal": 1, "private": 2, "company-confidential": 3}))
ipms.define("AutoForwardedField", Boolean())
ipms.define("ExtensionsField", SetOf("IPMSExtension"))

# Body
ipms.define("Body", SequenceOf("BodyPart"))
# The basic CHOICE is untagged, so its alternatives' own tags appear directly
# in the body.  Extensible: tags [1], [2], [10], [12], [13] belonged to body
# parts of earlier editions (telex, voice, SFD...); a decoder reports such a
# part as ("_extra", raw TLV) instead of failing on the whole message.
ipms.define("BodyPart", Choice(
    C("basic", Choice(
        C("ia5-text", "IA5TextBodyPart", tag="[0]"),
        C("g3-facsimile", "G3FacsimileBodyPart", tag="[3]"),
        C("g4-class1", "G4Class1BodyPart", tag="[4]"),
        C("teletex", "TeletexBodyPart", tag="[5]"),
        C("videotex", "VideotexBodyPart", tag="[6]"),
        C("encrypted", "EncryptedBodyPart", tag="[8]"),
        C("message", "MessageBodyPart", tag="[9]"),
        C("mixed-mode", "MixedModeBodyPart", tag="[11]"),
        C("bilaterally-defined", "BilaterallyDefinedBodyPart", tag="[14]"),
        # An open type: the [7] is explicit (A7 { value }).
        C("nationally-defined", "NationallyDefinedBodyPart", tag="[7]"),
    )),
    C("extended", "ExtendedBodyPart", tag="[15]"),
    extensible=True,
))

# Extended body part: parameters [0] INSTANCE OF TYPE-IDENTIFIER OPTIONAL,
# data INSTANCE OF TYPE-IDENTIFIER.  INSTANCE OF is [UNIVERSAL 8] with the
# shape of an EXTERNAL carrying a direct reference and single-ASN1-type;
# implicit [0] replaces the 28 of the parameters: AF { A0 {06 A0{..}} 28 {..} }.
ipms.define("ExtendedBodyPart", Sequence(
    C("parameters", External, tag="[0]", optional=True),
    C("data", External),
))

# IA5 Text body part
ipms.define("IA5TextBodyPart", Sequence(
    C("parameters", "IA5TextParameters"),
    C("data", "IA5TextData"),
))
ipms.define("IA5TextParameters", Set(
    C("repertoire", "Repertoire", tag="[0]", default="ia5"),
))
ipms.define("IA5TextData", IA5String())
ipms.define("Repertoire", Enumerated({"ita2": 2, "ia5": 5}))

# G3 Facsimile body part
ipms.define("G3FacsimileBodyPart", Sequence(
    C("parameters", "G3FacsimileParameters"),
    C("data", "G3FacsimileData"),
))
ipms.define("G3FacsimileParameters", Set(
    C("number-of-pages", Integer(), tag="[0]", optional=True),
    C("non-basic-parameters", "MTSAbstractService.G3FacsimileNonBasicParameters",
      tag="[1]", optional=True),
))
ipms.define("G3FacsimileData", SequenceOf(BitString()))

# G4 Class 1 and Mixed-mode body parts: sequences of ODA interchange data
# elements (ISO 8613), which x400fast does not interpret: each element is
# kept as its raw TLV.
ipms.define("G4Class1BodyPart", SequenceOf("Interchange-Data-Element"))
ipms.define("MixedModeBodyPart", SequenceOf("Interchange-Data-Element"))
ipms.define("Interchange-Data-Element", Any())

# Teletex body part
ipms.define("TeletexBodyPart", Sequence(
    C("parameters", "TeletexParameters"),
    C("data", "TeletexData"),
))
ipms.define("TeletexParameters", Set(
    C("number-of-pages", Integer(), tag="[0]", optional=True),
    C("telex-compatible", Boolean(), tag="[1]", default=False),
    C("non-basic-parameters", "MTSAbstractService.TeletexNonBasicParameters",
      tag="[2]", optional=True),
))
ipms.define("TeletexData", SequenceOf(TeletexString()))

# Videotex body part
ipms.define("VideotexBodyPart", Sequence(
    C("parameters", "VideotexParameters"),
    C("data", "VideotexData"),
))
ipms.define("VideotexParameters", Set(
    C("syntax", "VideotexSyntax", tag="[0]", optional=True),
))
ipms.define("VideotexSyntax", Integer(named={
    "ids": 0, "data-syntax1": 1, "data-syntax2": 2, "data-syntax3": 3}))
ipms.define("VideotexData", VideotexString())

# Encrypted body part
ipms.define("EncryptedBodyPart", Sequence(
    C("parameters", "EncryptedParameters"),
    C("data", "EncryptedData"),
))
ipms.define("EncryptedParameters", Set(
    C("algorithm-identifier", "AuthenticationFramework.AlgorithmIdentifier"),
    C("originator-certificates", "MTSAbstractService.ExtendedCertificates",
      optional=True),
    extensible=True,
))
# BIT STRING (CONSTRAINED BY {BodyPart}): the encryption of a BER BodyPart.
ipms.define("EncryptedData", BitString())

# Message body part: the forwarded IPM is a bare IPM (30), not an
# InformationObject.
ipms.define("MessageBodyPart", Sequence(
    C("parameters", "MessageParameters"),
    C("data", "MessageData"),
))
ipms.define("MessageParameters", Set(
    C("delivery-time", "MTSAbstractService.MessageDeliveryTime", tag="[0]",
      optional=True),
    C("delivery-envelope", "MTSAbstractService.OtherMessageDeliveryFields",
      tag="[1]", optional=True),
))
ipms.define("MessageData", "IPM")

# Bilaterally and nationally defined body parts
ipms.define("BilaterallyDefinedBodyPart", OctetString())
# NATIONAL-BODY-PARTS.&Type: historic, strongly deprecated; an open type.
ipms.define("NationallyDefinedBodyPart", Any())

# IPN
ipms.define("IPN", Set(
    ComponentsOf("CommonFields"),
    C("choice", Choice(
        C("non-receipt-fields", "NonReceiptFields", tag="[0]"),
        C("receipt-fields", "ReceiptFields", tag="[1]"),
        C("other-notification-type-fields", "OtherNotificationTypeFields", tag="[2]"),
    ), tag="[0]"),
))
# RN, NRN and ON are IPN with the choice constrained; they encode as IPN.
ipms.define("CommonFields", Set(
    C("subject-ipm", "SubjectIPMField"),
    C("ipn-originator", "IPNOriginatorField", tag="[1]", optional=True),
    C("ipm-intended-recipient", "IPMIntendedRecipientField", tag="[2]", optional=True),
    C("conversion-eits", "ConversionEITsField", optional=True),
    C("notification-extensions", "NotificationExtensionsField", tag="[3]",
      optional=True),
))
ipms.define("NonReceiptFields", Set(
    C("non-receipt-reason", "NonReceiptReasonField", tag="[0]"),
    C("discard-reason", "DiscardReasonField", tag="[1]", optional=True),
    C("auto-forward-comment", "AutoForwardCommentField", tag="[2]", optional=True),
    C("returned-ipm", "ReturnedIPMField", tag="[3]", optional=True),
    C("nrn-extensions", "NRNExtensionsField", tag="[4]", optional=True),
))
ipms.define("ReceiptFields", Set(
    C("receipt-time", "ReceiptTimeField", tag="[0]"),
    C("acknowledgment-mode", "AcknowledgmentModeField", tag="[1]", default="manual"),
    C("suppl-receipt-info", "SupplReceiptInfoField", tag="[2]", optional=True),
    C("rn-extensions", "RNExtensionsField", tag="[3]", optional=True),
))

# Common fields
ipms.define("SubjectIPMField", "IPMIdentifier")
ipms.define("IPNOriginatorField", "ORDescriptor")
ipms.define("IPMIntendedRecipientField", "ORDescriptor")
ipms.define("ConversionEITsField", "MTSAbstractService.EncodedInformationTypes")
ipms.define("NotificationExtensionsField", SetOf("IPMSExtension"))

# Non-receipt fields.  NonReceiptReasonField is extensible ({..., ...}):
# values beyond the two named ones decode as plain ints.
ipms.define("NonReceiptReasonField", Enumerated({
    "ipm-discarded": 0, "ipm-auto-forwarded": 1}))
# Value 3 is "not-used" in the ITU-T text and "ipm-deleted" in ISO/IEC
# 10021-7; the ITU-T name is kept since this module follows the ITU-T text.
ipms.define("DiscardReasonField", Enumerated({
    "ipm-expired": 0, "ipm-obsoleted": 1, "user-subscription-terminated": 2,
    "not-used": 3}))
ipms.define("AutoForwardCommentField", "AutoForwardComment")
ipms.define("AutoForwardComment", PrintableString(size=(0, ub_auto_forward_comment)))
ipms.define("ReturnedIPMField", "IPM")
ipms.define("NRNExtensionsField", SetOf("IPMSExtension"))

# Receipt fields
ipms.define("ReceiptTimeField", "Time")
ipms.define("AcknowledgmentModeField", Enumerated({"manual": 0, "automatic": 1}))
ipms.define("SupplReceiptInfoField", "MTSAbstractService.SupplementaryInformation")
ipms.define("RNExtensionsField", SetOf("IPMSExtension"))

# Other notification type fields
ipms.define("OtherNotificationTypeFields", SetOf("IPMSExtension"))
ipms.define("AbsenceAdvice", Sequence(
    C("advice", "BodyPart", optional=True),
    C("next-available", "Time", optional=True),
))
ipms.define("ChangeOfAddressAdvice", Sequence(
    C("new-address", "ORDescriptor", tag="[0]"),
    C("effective-from", "Time", tag="[1]", optional=True),
))

# Message Store realisation (MS-EXTENSION values used with P7 submission)
ipms.define("IPMAssemblyInstructions", Set(
    C("assembly-instructions", "BodyPartReferences", tag="[0]"),
))
ipms.define("BodyPartReferences", SequenceOf("BodyPartReference"))
ipms.define("BodyPartReference", Choice(
    C("stored-entry", "SequenceNumber", tag="[0]"),
    C("stored-content", "SequenceNumber", tag="[1]"),
    C("submitted-body-part", Integer(range=(1, None)), tag="[2]"),
    C("stored-body-part", Sequence(
        C("message-entry", "SequenceNumber"),
        C("body-part-number", "BodyPartNumber"),
    ), tag="[3]"),
))
ipms.define("BodyPartNumber", Integer(range=(1, None)))
# X.413 SequenceNumber ::= INTEGER (0..ub-messages); written out here so
# that IPMS does not depend on the MS module for one integer.
ipms.define("SequenceNumber", Integer(range=(0, _ub_messages)))


# ---------------------------------------------------------------------------
# IPMSHeadingExtensions

ipms_hex = Module("IPMSHeadingExtensions", tagging="IMPLICIT")
ipms_hex.imports(ipms, mts, AuthenticationFramework, CertificateExtensions)

ipms_hex.define("IncompleteCopy", Null())
ipms_hex.define("Language", PrintableString(size=(2, 5)))    # SIZE (2|5)
ipms_hex.define("AutoSubmitted", Enumerated({
    "not-auto-submitted": 0, "auto-generated": 1, "auto-replied": 2}))

ipms_hex.define("BodyPartSignatures", SetOf(Set(
    C("body-part-number", "BodyPartNumber"),
    C("body-part-signature", "BodyPartSignature"),
    C("originator-certificate-selector", "CertificateExtensions.CertificateAssertion",
      tag="[1]", optional=True),
    C("originator-certificates", "MTSAbstractService.ExtendedCertificates",
      tag="[0]", optional=True),
    extensible=True,
)))
ipms_hex.define("BodyPartNumber", Integer(range=(1, None)))
# SIGNATURE{SEQUENCE {signature-algorithm-identifier, body-part,
# body-part-security-label OPTIONAL}}: the signed SEQUENCE is rebuilt by the
# receiver; only the algorithm and the signature bits travel.
_signature(ipms_hex, "BodyPartSignature")

ipms_hex.define("IPMSecurityLabel", Sequence(
    C("content-security-label", "MTSAbstractService.SecurityLabel", tag="[0]"),
    C("heading-security-label", "MTSAbstractService.SecurityLabel", tag="[1]",
      optional=True),
    C("body-part-security-labels", SequenceOf("BodyPartSecurityLabel"), tag="[2]",
      optional=True),
))
ipms_hex.define("BodyPartSecurityLabel", Choice(
    C("body-part-unlabelled", Null(), tag="[0]"),
    C("body-part-security-label", "MTSAbstractService.SecurityLabel", tag="[1]"),
))

ipms_hex.define("AuthorizationTime", GeneralizedTime())

ipms_hex.define("CirculationList", SequenceOf(
    "CirculationMember", size=(2, ub_circulation_list_members)))
# circulation-recipient is a RecipientSpecifier whose recipient must carry a
# formal-name; the constraint is the application's.
ipms_hex.define("CirculationMember", Set(
    C("circulation-recipient", "RecipientSpecifier"),
    C("checked", "Checkmark", optional=True),
))
ipms_hex.define("Checkmark", Choice(
    C("simple", Null()),
    C("timestamped", "CirculationTime"),
    C("signed", "CirculationSignature"),
))
ipms_hex.define("CirculationTime", GeneralizedTime())
# SIGNED{ToBeSigned} ::= SEQUENCE { toBeSigned, COMPONENTS OF SIGNATURE }.
ipms_hex.define("CirculationSignature", Sequence(
    # py=: core.snake() turns this name into "to_besigned".
    C("toBeSigned", Sequence(
        C("algorithm-identifier", "CirculationSignatureAlgorithmIdentifier"),
        C("this-IPM", "ThisIPMField"),
        C("timestamp", "CirculationTime"),
    ), py="to_be_signed"),
    C("algorithmIdentifier", "AuthenticationFramework.AlgorithmIdentifier"),
    C("encrypted", BitString()),
))
ipms_hex.define("CirculationSignatureAlgorithmIdentifier",
                "AuthenticationFramework.AlgorithmIdentifier")

ipms_hex.define("DistributionCodes", SequenceOf(
    "DistributionCode", size=(1, ub_distribution_codes)))
ipms_hex.define("DistributionCode", Sequence(
    C("oid-code", ObjectIdentifier(), optional=True),
    C("alphanumeric-code", "AlphaCode", optional=True),
    C("or-descriptor", "ORDescriptor", tag="[0]", optional=True),
))
ipms_hex.define("AlphaCode", _universal_or_bmp(ub_alpha_code_length))

ipms_hex.define("ExtendedSubject", _universal_or_bmp(ub_extended_subject_length))

ipms_hex.define("InformationCategories", SequenceOf(
    "InformationCategory", size=(1, ub_information_categories)))
ipms_hex.define("InformationCategory", Sequence(
    C("reference", ObjectIdentifier(), tag="[0]", optional=True),
    C("description", "DescriptionString", tag="[1]", optional=True),
))
ipms_hex.define("DescriptionString", _universal_or_bmp(ub_information_category_length))

ipms_hex.define("ManualHandlingInstructions", SequenceOf(
    "ManualHandlingInstruction", size=(1, ub_manual_handling_instructions)))
ipms_hex.define("ManualHandlingInstruction",
                _universal_or_bmp(ub_manual_handling_instruction_length))

ipms_hex.define("OriginatorsReference", _universal_or_bmp(ub_originators_reference_length))
ipms_hex.define("PrecedencePolicyIdentifier", ObjectIdentifier())
ipms_hex.define("Precedence", Integer(range=(0, ub_precedence)))


# ---------------------------------------------------------------------------
# IPMSSecurityExtensions

ipms_sec = Module("IPMSSecurityExtensions", tagging="IMPLICIT")
ipms_sec.imports(ipms, ipms_hex, mts, AuthenticationFramework, CertificateExtensions)

ipms_sec.define("RecipientSecurityRequest", BitString(named={
    "content-non-repudiation": 0, "content-proof": 1,
    "ipn-non-repudiation": 2, "ipn-proof": 3}))
ipms_sec.define("IpnSecurityResponse", Set(
    C("content-or-arguments", Choice(
        C("original-content", "OriginalContent"),
        C("original-security-arguments", Set(
            C("original-content-integrity-check", "OriginalContentIntegrityCheck",
              tag="[0]", optional=True),
            C("original-message-origin-authentication-check",
              "OriginalMessageOriginAuthenticationCheck", tag="[1]", optional=True),
            C("original-message-token", "OriginalMessageToken", tag="[2]",
              optional=True),
        )),
    )),
    C("security-diagnostic-code", "SecurityDiagnosticCode", optional=True),
))
ipms_sec.define("OriginalContent", "MTSAbstractService.Content")
ipms_sec.define("OriginalContentIntegrityCheck", "MTSAbstractService.ContentIntegrityCheck")
ipms_sec.define("OriginalMessageOriginAuthenticationCheck",
                "MTSAbstractService.MessageOriginAuthenticationCheck")
ipms_sec.define("OriginalMessageToken", "MTSAbstractService.MessageToken")
ipms_sec.define("SecurityDiagnosticCode", Integer(named={
    "integrity-failure-on-subject-message": 0,
    "integrity-failure-on-forwarded-message": 1,
    "moac-failure-on-subject-message": 2,
    "unsupported-security-policy": 3,
    "unsupported-algorithm-identifier": 4,
    "decryption-failed": 5,
    "token-error": 6,
    "unable-to-sign-notification": 7,
    "unable-to-sign-message-receipt": 8,
    "authentication-failure-on-subject-message": 9,
    "security-context-failure-message": 10,
    "message-sequence-failure": 11,
    "message-security-labelling-failure": 12,
    "repudiation-failure-of-message": 13,
    "failure-of-proof-of-message": 14,
    "signature-key-unobtainable": 15,
    "decryption-key-unobtainable": 16,
    "key-failure": 17,
    "unsupported-request-for-security-service": 18,
    "inconsistent-request-for-security-service": 19,
    "ipn-non-repudiation-provided-instead-of-content-proof": 20,
    "token-decryption-failed": 21,
    "double-enveloping-message-restoring-failure": 22,
    "unauthorised-dl-member": 23,
    "reception-security-failure": 24,
    "unsuitable-alternate-recipient": 25,
    "security-services-refusal": 26,
    "unauthorised-recipient": 27,
    "unknown-certification-authority-name": 28,
    "unknown-dl-name": 29,
    "unknown-originator-name": 30,
    "unknown-recipient-name": 31,
    "security-policy-violation": 32,
}))

# Per-recipient envelope extensions 43 and 44 (MTS ExtensionField values).
ipms_sec.define("BodyPartTokens", SetOf(Set(
    C("body-part-number", "IPMSHeadingExtensions.BodyPartNumber"),
    C("body-part-choice", Choice(
        C("encryption-token", "EncryptionToken"),
        C("message-or-content-body-part", "BodyPartTokens", tag="[0]"),
    )),
)))
ipms_sec.define("EncryptionToken", Set(
    C("encryption-algorithm-identifier", "AuthenticationFramework.AlgorithmIdentifier"),
    C("encrypted-key", BitString()),          # ENCRYPTED{EncryptionKey}
    C("recipient-certificate-selector", "CertificateExtensions.CertificateAssertion",
      tag="[0]", optional=True),
    C("recipient-certificate", "AuthenticationFramework.Certificates", tag="[1]",
      optional=True),
    C("originator-certificate-selector", "CertificateExtensions.CertificateAssertion",
      tag="[2]", optional=True),
    C("originator-certificates", "MTSAbstractService.ExtendedCertificates", tag="[3]",
      optional=True),
    extensible=True,
))
ipms_sec.define("ForwardedContentToken", SetOf(Set(
    C("body-part-number", "IPMSHeadingExtensions.BodyPartNumber"),
    C("body-part-choice", Choice(
        C("forwarding-token", "MTSAbstractService.MessageToken"),
        C("message-or-content-body-part", "ForwardedContentToken"),
    )),
)))


# ---------------------------------------------------------------------------
# IPMSExtendedBodyPartTypes2: general text

ipms_ebpt2 = Module("IPMSExtendedBodyPartTypes2", tagging="IMPLICIT")
ipms_ebpt2.define("GeneralTextParameters", SetOf("CharacterSetRegistration"))
ipms_ebpt2.define("CharacterSetRegistration", Integer(range=(1, 32767)))
ipms_ebpt2.define("GeneralTextData", GeneralString())


# ---------------------------------------------------------------------------
# IPMSFileTransferBodyPartType

ipms_ftbp = Module("IPMSFileTransferBodyPartType", tagging="IMPLICIT")
ipms_ftbp.imports(ipms, mts, ftam)

ipms_ftbp.define("FileTransferParameters", Sequence(
    C("related-stored-file", "RelatedStoredFile", tag="[0]", optional=True),
    C("contents-type", "ContentsTypeParameter", tag="[1]",
      default=("document_type", {"document_type_name": id_ftam_unstructured_binary})),
    C("environment", "EnvironmentParameter", tag="[2]", optional=True),
    C("compression", "CompressionParameter", tag="[3]", optional=True),
    C("file-attributes", "FileAttributes", tag="[4]", optional=True),
    C("extensions", "IPMSInformationObjects.ExtensionsField", tag="[5]", optional=True),
))
# The file contents: EXTERNALs whose abstract syntax follows from the
# contents type (for FTAM-3, octet strings).
ipms_ftbp.define("FileTransferData", SequenceOf(External))

ipms_ftbp.define("RelatedStoredFile", SetOf(Sequence(
    C("file-identifier", "FileIdentifier"),
    C("relationship", "Relationship",
      default=("explicit_relationship", 0)),     # explicit-relationship:unspecified
)))
ipms_ftbp.define("FileIdentifier", Choice(
    C("pathname-and-version", "PathnameandVersion", tag="[0]"),
    C("cross-reference", "CrossReference", tag="[1]"),
))
ipms_ftbp.define("PathnameandVersion", Sequence(
    C("pathname", "Pathname-Attribute", tag="[0]"),
    C("file-version", GraphicString(), tag="[1]", optional=True),
))
ipms_ftbp.define("CrossReference", Sequence(
    C("application-cross-reference", OctetString(), tag="[0]"),
    C("message-reference", "MessageReference", tag="[1]", optional=True),
    C("body-part-reference", Integer(), tag="[2]", optional=True),
))
ipms_ftbp.define("MessageReference", Set(
    C("user", "MTSAbstractService.ORName", tag="[0]", optional=True),
    C("user-relative-identifier", "IPMSInformationObjects.LocalIPMIdentifier", tag="[1]"),
))
ipms_ftbp.define("Relationship", Choice(
    C("explicit-relationship", "ExplicitRelationship", tag="[0]"),
    C("descriptive-relationship", GraphicString(), tag="[1]"),
))
ipms_ftbp.define("ExplicitRelationship", Integer(named={
    "unspecified": 0, "new-file": 1, "replacement": 2, "extension": 3}))

ipms_ftbp.define("ContentsTypeParameter", "Contents-Type-Attribute")
ipms_ftbp.define("Contents-Type-Attribute", Choice(
    C("document-type", Sequence(
        C("document-type-name", "Document-Type-Name"),
        # DOCUMENT-PARAMETER.&Type: an open type, so [0] is explicit.
        C("parameter", Any(), tag="[0]", optional=True),
    ), tag="[0]"),
    C("constraint-set-and-abstract-syntax", Sequence(
        C("constraint-set-name", "Constraint-Set-Name"),
        C("abstract-syntax-name", "Abstract-Syntax-Name"),
    ), tag="[1]"),
))
ipms_ftbp.define("Document-Type-Name", ObjectIdentifier())
ipms_ftbp.define("Constraint-Set-Name", ObjectIdentifier())
ipms_ftbp.define("Abstract-Syntax-Name", ObjectIdentifier())

ipms_ftbp.define("EnvironmentParameter", Sequence(
    C("application-reference", "GeneralIdentifier", tag="[0]", optional=True),
    C("machine", "GeneralIdentifier", tag="[1]", optional=True),
    C("operating-system", ObjectIdentifier(), tag="[2]", optional=True),
    C("user-visible-string", SequenceOf(GraphicString()), tag="[3]", optional=True),
))
ipms_ftbp.define("GeneralIdentifier", Choice(
    C("registered-identifier", ObjectIdentifier(), tag="[0]"),
    C("descriptive-identifier", SequenceOf(GraphicString()), tag="[1]"),
))

ipms_ftbp.define("CompressionParameter", Sequence(
    C("compression-algorithm-id", ObjectIdentifier(), tag="[0]"),
    C("compression-algorithm-param", Any(), tag="[1]"),     # open type: explicit
))

ipms_ftbp.define("FileAttributes", Sequence(
    C("pathname", "Pathname-Attribute", optional=True),
    C("permitted-actions", "ISO8571-FTAM.Permitted-Actions-Attribute", tag="[1]",
      optional=True),
    C("storage-account", "Account-Attribute", tag="[3]", optional=True),
    C("date-and-time-of-creation", "ISO8571-FTAM.Date-and-Time-Attribute",
      tag="[4]", optional=True),
    C("date-and-time-of-last-modification", "ISO8571-FTAM.Date-and-Time-Attribute",
      tag="[5]", optional=True),
    C("date-and-time-of-last-read-access", "ISO8571-FTAM.Date-and-Time-Attribute",
      tag="[6]", optional=True),
    C("date-and-time-of-last-attribute-modification",
      "ISO8571-FTAM.Date-and-Time-Attribute", tag="[7]", optional=True),
    C("identity-of-creator", "User-Identity-Attribute", tag="[8]", optional=True),
    C("identity-of-last-modifier", "User-Identity-Attribute", tag="[9]", optional=True),
    C("identity-of-last-reader", "User-Identity-Attribute", tag="[10]", optional=True),
    C("identity-of-last-attribute-modifier", "User-Identity-Attribute", tag="[11]",
      optional=True),
    C("object-availability", "ISO8571-FTAM.Object-Availability-Attribute", tag="[12]",
      optional=True),
    C("object-size", "ISO8571-FTAM.Object-Size-Attribute", tag="[13]", optional=True),
    C("future-object-size", "ISO8571-FTAM.Object-Size-Attribute", tag="[14]",
      optional=True),
    C("access-control", "Access-Control-Attribute", tag="[15]", optional=True),
    C("legal-qualifications", "ISO8571-FTAM.Legal-Qualification-Attribute",
      tag="[16]", optional=True),
    C("private-use", "ISO8571-FTAM.Private-Use-Attribute", tag="[17]", optional=True),
    C("attribute-extensions", "ISO8571-FTAM.Attribute-Extensions", tag="[22]",
      optional=True),
))
# X.420 gives complete-pathname the context tag [23] where FTAM uses
# [APPLICATION 23]: inside the FTBP it is B7.
ipms_ftbp.define("Pathname-Attribute", Choice(
    C("incomplete-pathname", "ISO8571-FTAM.Pathname", tag="[0]"),
    C("complete-pathname", "ISO8571-FTAM.Pathname", tag="[23]"),
))
ipms_ftbp.define("Account-Attribute", Choice(
    C("no-value-available", Null(), tag="[0]"),
    C("actual-values", "Account"),
))
ipms_ftbp.define("Account", GraphicString())
ipms_ftbp.define("User-Identity-Attribute", Choice(
    C("no-value-available", Null(), tag="[0]"),
    C("actual-values", "User-Identity"),
))
ipms_ftbp.define("User-Identity", GraphicString())
ipms_ftbp.define("Access-Control-Attribute", Choice(
    C("no-value-available", Null(), tag="[0]"),
    C("actual-values", SetOf("Access-Control-Element"), tag="[1]"),
))
ipms_ftbp.define("Access-Control-Element", Sequence(
    C("action-list", "Access-Request", tag="[0]"),
    C("concurrency-access", "ISO8571-FTAM.Concurrency-Access", tag="[1]", optional=True),
    C("identity", "User-Identity", tag="[2]", optional=True),
    C("passwords", "Access-Passwords", tag="[3]", optional=True),
    C("location", "Application-Entity-Title", tag="[4]", optional=True),
))
ipms_ftbp.define("Access-Request", BitString(named={
    "read": 0, "insert": 1, "replace": 2, "extend": 3, "erase": 4,
    "read-attribute": 5, "change-attribute": 6, "delete-object": 7}))
ipms_ftbp.define("Access-Passwords", Sequence(
    C("read-password", "Password", tag="[0]"),
    C("insert-password", "Password", tag="[1]"),
    C("replace-password", "Password", tag="[2]"),
    C("extend-password", "Password", tag="[3]"),
    C("erase-password", "Password", tag="[4]"),
    C("read-attribute-password", "Password", tag="[5]"),
    C("change-attribute-password", "Password", tag="[6]"),
    C("delete-password", "Password", tag="[7]"),
    C("pass-passwords", "Pass-Passwords", tag="[8]"),
    C("link-password", "Password", tag="[9]"),
))
ipms_ftbp.define("Password", Choice(
    C("graphic-string", GraphicString()),
    C("octet-string", OctetString()),
))
ipms_ftbp.define("Pass-Passwords", SequenceOf("Password"))
# AP-title and AE-qualifier are ACSE CHOICEs (a Directory name, an OID, an
# RDN or an integer); kept as raw TLVs.
ipms_ftbp.define("Application-Entity-Title", Sequence(
    C("ap-title", Any()),
    C("ae-qualifier", Any()),
))


# ---------------------------------------------------------------------------
# IPMSExtendedVoiceBodyPartType

ipms_voice = Module("IPMSExtendedVoiceBodyPartType", tagging="IMPLICIT")
ipms_voice.define("VoiceParameters", Sequence(
    C("voice-message-duration", Integer(), tag="[0]", optional=True),   # seconds
    C("voice-encoding-type", ObjectIdentifier(), tag="[1]"),
    C("supplementary-information", IA5String(), tag="[2]", optional=True),
))
ipms_voice.define("VoiceData", OctetString())


# ---------------------------------------------------------------------------
# IPMSForwardedContentBodyPartType

ipms_fwd_content = Module("IPMSForwardedContentBodyPartType", tagging="IMPLICIT")
ipms_fwd_content.imports(mts, ipms)
ipms_fwd_content.define("ForwardedContentParameters", Set(
    C("delivery-time", "MTSAbstractService.MessageDeliveryTime", tag="[0]",
      optional=True),
    C("delivery-envelope", "MTSAbstractService.OtherMessageDeliveryFields",
      tag="[1]", optional=True),
    C("mts-identifier", "MTSAbstractService.MessageDeliveryIdentifier", tag="[2]",
      optional=True),
    C("submission-proof", "SubmissionProof", tag="[3]", optional=True),
))
ipms_fwd_content.define("SubmissionProof", Set(
    C("proof-of-submission", "MTSAbstractService.ProofOfSubmission", tag="[0]"),
    C("originating-MTA-certificate", "MTSAbstractService.OriginatingMTACertificate",
      tag="[1]"),
    C("message-submission-envelope", "MTSAbstractService.MessageSubmissionEnvelope"),
))


# ---------------------------------------------------------------------------
# Information object sets as tables




class ExtendedBodyPartType(NamedTuple):
    """One EXTENDED-BODY-PART-TYPE: the OIDs and types of its data and
    (when it has any) parameters."""

    name: str
    data_oid: str
    data_type: Type
    parameters_oid: Optional[str]
    parameters_type: Optional[Type]


def _ebp(name: str, data_oid: str, data_type: Type,
         parameters_oid: Optional[str] = None,
         parameters_type: Optional[Type] = None) -> ExtendedBodyPartType:
    return ExtendedBodyPartType(name, data_oid, data_type, parameters_oid, parameters_type)


#: IPMSExtendedBodyPartTypes, IPMSExtendedBodyPartTypes2,
#: IPMSFileTransferBodyPartType, IPMSExtendedVoiceBodyPartType,
#: IPMSForwardedReportBodyPartType and PKCS7BodyPartType, keyed by data OID.
#: The forwarded-content body part has one OID per content type (see
#: :func:`content_body_part_oids`); its entry is keyed by id-et-content.
EXTENDED_BODY_PART_TYPES: Dict[str, ExtendedBodyPartType] = {e.data_oid: e for e in (
    _ebp("ia5-text", id_et_ia5_text, ipms["IA5TextData"],
         id_ep_ia5_text, ipms["IA5TextParameters"]),
    _ebp("g3-facsimile", id_et_g3_facsimile, ipms["G3FacsimileData"],
         id_ep_g3_facsimile, ipms["G3FacsimileParameters"]),
    _ebp("g4-class1", id_et_g4_class1, ipms["G4Class1BodyPart"]),
    _ebp("teletex", id_et_teletex, ipms["TeletexData"],
         id_ep_teletex, ipms["TeletexParameters"]),
    _ebp("videotex", id_et_videotex, ipms["VideotexData"],
         id_ep_videotex, ipms["VideotexParameters"]),
    _ebp("encrypted", id_et_encrypted, ipms["EncryptedData"],
         id_ep_encrypted, ipms["EncryptedParameters"]),
    _ebp("message", id_et_message, ipms["MessageData"],
         id_ep_message, ipms["MessageParameters"]),
    _ebp("mixed-mode", id_et_mixed_mode, ipms["MixedModeBodyPart"]),
    _ebp("bilaterally-defined", id_et_bilaterally_defined,
         ipms["BilaterallyDefinedBodyPart"]),
    _ebp("nationally-defined", id_et_nationally_defined,
         ipms["NationallyDefinedBodyPart"]),
    _ebp("general-text", id_et_general_text, ipms_ebpt2["GeneralTextData"],
         id_ep_general_text, ipms_ebpt2["GeneralTextParameters"]),
    _ebp("file-transfer", id_et_file_transfer, ipms_ftbp["FileTransferData"],
         id_ep_file_transfer, ipms_ftbp["FileTransferParameters"]),
    # IPMSForwardedReportBodyPartType: a forwarded DR/NDR.
    _ebp("report", id_et_report, mts["ReportDeliveryArgument"]),
    _ebp("notification", id_et_notification, ipms["IPN"],
         id_ep_notification, ipms["MessageParameters"]),
    _ebp("voice", id_et_voice, ipms_voice["VoiceData"],
         id_ep_voice, ipms_voice["VoiceParameters"]),
    _ebp("content", id_et_content, mts["Content"],
         id_ep_content, ipms_fwd_content["ForwardedContentParameters"]),
    # PKCS #7 ContentInfo: left to a CMS library.
    _ebp("pkcs7", id_et_pkcs7, Any()),
)}

#: HeadingExtensions: extension OID -> value type.
HEADING_EXTENSIONS: Dict[str, Type] = {
    id_hex_incomplete_copy: ipms_hex["IncompleteCopy"],
    id_hex_languages: SetOf(ipms_hex["Language"]),
    id_hex_auto_submitted: ipms_hex["AutoSubmitted"],
    id_hex_body_part_signatures: ipms_hex["BodyPartSignatures"],
    id_hex_ipm_security_label: ipms_hex["IPMSecurityLabel"],
    id_hex_authorization_time: ipms_hex["AuthorizationTime"],
    id_hex_circulation_list_recipients: ipms_hex["CirculationList"],
    id_hex_distribution_codes: ipms_hex["DistributionCodes"],
    id_hex_extended_subject: ipms_hex["ExtendedSubject"],
    id_hex_information_category: ipms_hex["InformationCategories"],
    id_hex_manual_handling_instructions: ipms_hex["ManualHandlingInstructions"],
    id_hex_originators_reference: ipms_hex["OriginatorsReference"],
    id_hex_precedence_policy_id: ipms_hex["PrecedencePolicyIdentifier"],
}

#: RecipientExtensions (RecipientSpecifier.recipient-extensions).
RECIPIENT_EXTENSIONS: Dict[str, Type] = {
    id_rex_circulation_list_indicator: Null(),
    id_rex_precedence: ipms_hex["Precedence"],
    id_sec_ipm_security_request: ipms_sec["RecipientSecurityRequest"],
}

#: NotificationExtensions (IPN notification-extensions).
NOTIFICATION_EXTENSIONS: Dict[str, Type] = {
    id_sec_security_common_fields: ipms_sec["IpnSecurityResponse"],
}

#: AdviceNotifications (values in IPN other-notification-type-fields).
ADVICE_NOTIFICATIONS: Dict[str, Type] = {
    id_on_absence_advice: ipms["AbsenceAdvice"],
    id_on_change_of_address_advice: ipms["ChangeOfAddressAdvice"],
}

#: The IPMS modules declared here, in dependency order.
MODULES = (ftam, ipms, ipms_hex, ipms_sec, ipms_ebpt2,
           ipms_ftbp, ipms_voice, ipms_fwd_content)

__all__ = [
    "ipms", "ipms_hex", "ipms_sec", "ipms_ebpt2", "ipms_ftbp", "ipms_voice",
    "ipms_fwd_content", "ftam", "MODULES",
    "ExtendedBodyPartType", "EXTENDED_BODY_PART_TYPES", "HEADING_EXTENSIONS",
    "RECIPIENT_EXTENSIONS", "NOTIFICATION_EXTENSIONS", "ADVICE_NOTIFICATIONS",
    "content_body_part_oids", "content_type_p2", "content_type_p22",
] + sorted(n for n in list(globals()) if n.startswith(("id_", "ub_")))


# The module objects under the names the standard gives the modules (as
# x411.py names its own), beside the short names used above.
IPMSInformationObjects = ipms
IPMSHeadingExtensions = ipms_hex
IPMSSecurityExtensions = ipms_sec
IPMSExtendedBodyPartTypes2 = ipms_ebpt2
IPMSFileTransferBodyPartType = ipms_ftbp
IPMSExtendedVoiceBodyPartType = ipms_voice
IPMSForwardedContentBodyPartType = ipms_fwd_content
__all__ += ["IPMSInformationObjects", "IPMSHeadingExtensions", "IPMSSecurityExtensions",
            "IPMSExtendedBodyPartTypes2", "IPMSFileTransferBodyPartType",
            "IPMSExtendedVoiceBodyPartType", "IPMSForwardedContentBodyPartType"]
