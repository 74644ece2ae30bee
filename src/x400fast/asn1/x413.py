"""X.413 Message Store (P7): the ASN.1 modules of the MS abstract service.

What is here, module by module (names as X.413 / X.419 give them):

* ``MSAbstractService`` (:data:`ms`, EXPLICIT TAGS): bind argument, result
  and error; the argument, result and error parameter of every P7
  operation (summarize, list, fetch, delete, register-MS, alert, modify,
  ms-message-submission, ms-probe-submission); selectors, filters, entry
  information, attributes, auto-action registrations, MS extensions.
* ``MSGeneralAttributeTypes`` (:data:`ms_attributes`, EXPLICIT): the value
  syntaxes X.413 defines for its own attributes (report location, submission
  error, signature verification status...), the ``id-att-*`` OIDs as
  ``id_att_*`` str constants, and :data:`ATTRIBUTE_SYNTAXES`, which maps an
  attribute OID to the ASN.1 type of each of its values.
* ``MSGeneralAutoActionTypes`` (:data:`ms_auto_actions`, EXPLICIT):
  auto-alert and auto-modify registration parameters, auto-alert-error.
* ``MSMatchingRules`` (:data:`ms_matching_rules`, EXPLICIT): MSString, the
  ``id-mr-*`` OIDs and the assertion syntax of each rule.
* ``MSUpperBounds`` and ``MSObjectIdentifiers``: ``ub_*`` ints and OIDs.
* ``MSAccessProtocol`` (X.419): operation and error codes, application
  contexts and abstract syntaxes, and per abstract syntax the table of
  operations and errors (:data:`OPERATIONS`, :data:`ERRORS`).
* The IPMS message-store attributes of X.420 (``id_sat_*``, ``id_hat_*``,
  ``id_bat_*``, ``id_nat_*``, ``id_cat_*``) with their value syntaxes; the
  syntaxes X.420 defines only for the MS live in ``IPMSMessageStoreAttributes``
  (:data:`ipms_ms_attributes`, IMPLICIT TAGS like every IPMS module).

Tagging is the trap of this protocol: every X.413 module is EXPLICIT, so
every ``[n]`` written here wraps the complete inner encoding (fetch of
sequence number 5 is ``A2 03 02 01 05``), including CHOICE alternatives;
only three fields say IMPLICIT.  X.411 types used here (``ORName``,
``Credentials``, the submission envelopes...) are referred to by qualified
name ("MTSAbstractService.ORName") and keep the implicit tagging of their
own module, including the components pulled in with ``COMPONENTS OF``.

The types are those of the 1999 edition, which is the 1988 one plus
"1994 extension" components and alternatives.  A 1988 peer sends exactly
the 1999 encoding with those components absent, so the same declarations
decode both; :data:`ADDED_IN_1994` lists what a client must leave out on a
1988 application context, which is the default (:data:`DEFAULT_APPLICATION_CONTEXT`):
tshark 4.0 dissects only the 1988 P7 abstract syntaxes and Isode's store is
reported not to offer the 1994 MS service.

Open types (attribute values, assertion values, extension values,
registration parameters) are :class:`~x400fast.asn1.Any`: decoded as the
complete raw TLV.  Look the declared type up by OID in
:data:`ATTRIBUTE_SYNTAXES`, :data:`MS_EXTENSION_TYPES`,
:data:`AUTO_ACTION_PARAMETERS` or :data:`MATCHING_RULE_ASSERTIONS` and
decode the raw bytes with it.
"""
from __future__ import annotations

import importlib
from typing import Dict, FrozenSet, Iterator, List, Mapping, NamedTuple, Tuple, Union

from ..errors import SchemaError
from .core import (
    BMPString, BitString, Boolean, C, Choice, ComponentsOf, Enumerated, External,
    GeneralString, GeneralizedTime, IA5String, Integer, Module, Null, ObjectIdentifier,
    OctetString, PrintableString, Sequence, SequenceOf, Set, SetOf, TeletexString, Type,
    UTCTime, UniversalString, VideotexString, Any,
)
from . import x411
from .x411 import AuthenticationFramework, MTAAbstractService, MTSAbstractService
from .x420 import (  # the IPMS MS attribute OIDs are X.420's
    id_sat_ipm_entry_type,
    id_sat_ipm_synopsis,
    id_sat_body_parts_summary,
    id_sat_ipm_auto_discarded,
    id_hat_heading,
    id_hat_this_ipm,
    id_hat_originator,
    id_hat_replied_to_ipm,
    id_hat_subject,
    id_hat_expiry_time,
    id_hat_reply_time,
    id_hat_importance,
    id_hat_sensitivity,
    id_hat_auto_forwarded,
    id_hat_authorizing_users,
    id_hat_primary_recipients,
    id_hat_copy_recipients,
    id_hat_blind_copy_recipients,
    id_hat_obsoleted_ipms,
    id_hat_related_ipms,
    id_hat_reply_recipients,
    id_hat_incomplete_copy,
    id_hat_languages,
    id_hat_rn_requestors,
    id_hat_nrn_requestors,
    id_hat_reply_requestors,
    id_hat_auto_submitted,
    id_hat_body_part_signatures,
    id_hat_ipm_security_label,
    id_hat_body_part_security_label,
    id_hat_body_part_encryption_token,
    id_hat_authorization_time,
    id_hat_circulation_list_recipients,
    id_hat_distribution_codes,
    id_hat_extended_subject,
    id_hat_information_category,
    id_hat_manual_handling_instructions,
    id_hat_originators_reference,
    id_hat_precedence_policy_identifier,
    id_hat_forwarded_content_token,
    id_hat_forwarding_token,
    id_hat_precedence,
    id_hat_body_part_signature_verification_status,
    id_bat_body,
    id_bat_ia5_text_body_parts,
    id_bat_g3_facsimile_body_parts,
    id_bat_g4_class1_body_parts,
    id_bat_teletex_body_parts,
    id_bat_videotex_body_parts,
    id_bat_encrypted_body_parts,
    id_bat_message_body_parts,
    id_bat_mixed_mode_body_parts,
    id_bat_bilaterally_defined_body_parts,
    id_bat_nationally_defined_body_parts,
    id_bat_extended_body_part_types,
    id_bat_ia5_text_parameters,
    id_bat_g3_facsimile_parameters,
    id_bat_teletex_parameters,
    id_bat_videotex_parameters,
    id_bat_encrypted_parameters,
    id_bat_message_parameters,
    id_bat_ia5_text_data,
    id_bat_g3_facsimile_data,
    id_bat_teletex_data,
    id_bat_videotex_data,
    id_bat_encrypted_data,
    id_bat_message_data,
    id_nat_subject_ipm,
    id_nat_ipn_originator,
    id_nat_ipm_intended_recipient,
    id_nat_conversion_eits,
    id_nat_non_receipt_reason,
    id_nat_discard_reason,
    id_nat_auto_forward_comment,
    id_nat_returned_ipm,
    id_nat_receipt_time,
    id_nat_acknowledgment_mode,
    id_nat_suppl_receipt_info,
    id_nat_notification_extensions,
    id_nat_nrn_extensions,
    id_nat_rn_extensions,
    id_nat_other_notification_type_fields,
    id_cat_correlated_delivered_ipns,
    id_cat_correlated_delivered_replies,
    id_cat_delivered_ipn_summary,
    id_cat_delivered_replies_summary,
    id_cat_forwarded_ipms,
    id_cat_forwarding_ipms,
    id_cat_ipm_recipients,
    id_cat_obsoleted_ipms,
    id_cat_obsoleting_ipms,
    id_cat_related_ipms,
    id_cat_relating_ipms,
    id_cat_replied_to_ipm,
    id_cat_replying_ipms,
    id_cat_revised_reply_time,
    id_cat_submitted_ipn_status,
    id_cat_submitted_ipns,
    id_cat_submitted_reply_status,
    id_cat_subject_ipm,
    id_cat_recipient_category,
)
from .x411 import ErrorSpec as Error, OperationSpec as Operation

# ---------------------------------------------------------------------------
# MSUpperBounds

ub_alert_addresses = 16
ub_attribute_values = 32767
ub_attributes_supported = 1024
ub_auto_action_errors = 32767
ub_auto_actions = 128
ub_auto_registrations = 1024
ub_default_registrations = 1024
ub_entry_classes = 128
ub_entry_types = 16
ub_error_reasons = 16
ub_extensions = 32
ub_group_depth = 64
ub_group_descriptor_length = 256
ub_group_part_length = 128
ub_information_bases = 16
ub_matching_rules = 1024
ub_message_groups = 8192
ub_message_notes_length = 1024
ub_messages = 2147483647
ub_modifications = 32767
ub_msstring_match = 512
ub_per_auto_action = 32767
ub_per_entry = 1024
ub_restrictions = 16
ub_service_information_length = 2048
ub_summaries = 16
ub_supplementary_info_length = 256
ub_ua_registration_identifier_length = 32
ub_ua_registrations = 128

# Bounds X.413 imports from MTSUpperBounds (values from X.411).
_ub_content_types = 1024
_ub_encoded_information_types = 1024
_ub_labels_and_redirections = 256
_ub_security_labels = 256
_ub_recipients = 32767

# ---------------------------------------------------------------------------
# MSObjectIdentifiers (id-ms = 2.6.4)

id_ms = "2.6.4"
id_mod = "2.6.4.0"
id_ot = "2.6.4.1"
id_pt = "2.6.4.2"
id_att = "2.6.4.3"
id_act = "2.6.4.4"
id_crt = "2.6.4.5"
id_cp = "2.6.4.6"
id_aae = "2.6.4.7"
id_mr = "2.6.4.8"
id_ext = "2.6.4.9"
id_alg = "2.6.4.10"

id_ot_ms = "2.6.4.1.0"
id_ot_ms_user = "2.6.4.1.1"
id_pt_retrieval_88 = "2.6.4.2.0"
id_pt_retrieval_94 = "2.6.4.2.1"
id_pt_ms_submission = "2.6.4.2.2"
id_act_ipm_auto_forward = "2.6.4.4.0"       # the parameter is defined by X.420
id_act_auto_alert = "2.6.4.4.1"
id_act_auto_correlate_reports = "2.6.4.4.2"
id_act_auto_delete = "2.6.4.4.3"
id_act_auto_modify = "2.6.4.4.4"
id_crt_ms_access_88 = "2.6.4.5.0"
id_crt_ms_access_94 = "2.6.4.5.1"
id_cp_ms_connection = "2.6.4.6.0"
id_aae_auto_alert_error = "2.6.4.7.0"
id_ext_modify_capability = "2.6.4.9.0"
id_ext_modify_retrieval_status_capability = "2.6.4.9.1"
id_ext_originator_certificate_selectors_override = "2.6.4.9.2"
id_ext_originator_token = "2.6.4.9.3"
id_ext_protected_change_credentials = "2.6.4.9.4"
id_ext_protected_change_credentials_capability = "2.6.4.9.5"
id_alg_password_xor = "2.6.4.10.0"

# ---------------------------------------------------------------------------
# MSAccessProtocol / MHSProtocolObjectIdentifiers (X.419): P7 application
# contexts and abstract syntaxes (id-ac = 2.6.0.1, id-as = 2.6.0.2).

id_ac_ms_access_88 = "2.6.0.1.4"
id_ac_ms_reliable_access_88 = "2.6.0.1.5"
id_ac_ms_access_94 = "2.6.0.1.11"
id_ac_ms_reliable_access_94 = "2.6.0.1.12"

id_as_msse = "2.6.0.2.1"          # submission (P3's, used by P7 1988)
id_as_mrse_88 = "2.6.0.2.5"       # retrieval 1988
id_as_mase_88 = "2.6.0.2.6"       # administration 1988 (MTS operations)
id_as_ms_88 = "2.6.0.2.9"         # MS bind and unbind 1988
id_as_ms_rtse = "2.6.0.2.10"      # RTSE-apdus carrying the MS bind
id_as_ms_msse = "2.6.0.2.13"      # MS submission 1994
id_as_mrse_94 = "2.6.0.2.15"      # retrieval 1994 (adds modify)
id_as_mase_94 = "2.6.0.2.16"      # administration 1994 (MTS operations)
id_as_ms_94 = "2.6.0.2.17"        # MS bind and unbind 1994

# Operation codes (local values).  The submission and administration
# operations are the MTS ones, with the MTS codes.
op_ms_submission_control = 2
op_ms_message_submission = 3
op_ms_probe_submission = 4
op_ms_cancel_deferred_delivery = 7
op_summarize = 20
op_list = 21
op_fetch = 22
op_delete = 23
op_register_ms = 24
op_alert = 25
op_modify = 26

# Error codes (local values).
err_attribute_error = 21
err_auto_action_request_error = 22
err_delete_error = 23
err_fetch_restriction_error = 24
err_range_error = 25
err_security_error = 26
err_service_error = 27
err_sequence_number_error = 28
err_invalid_parameters_error = 29
err_message_group_error = 30
err_ms_extension_error = 31
err_register_ms_error = 32
err_modify_error = 33
err_entry_class_error = 34

# ---------------------------------------------------------------------------
# MSAbstractService

ms = Module("MSAbstractService", tagging="EXPLICIT")
"""The ``MSAbstractService`` module (X.413), EXPLICIT TAGS."""

ms_attributes = Module("MSGeneralAttributeTypes", tagging="EXPLICIT")
"""The ``MSGeneralAttributeTypes`` module (X.413), EXPLICIT TAGS."""

ms_auto_actions = Module("MSGeneralAutoActionTypes", tagging="EXPLICIT")
"""The ``MSGeneralAutoActionTypes`` module (X.413), EXPLICIT TAGS."""

ms_matching_rules = Module("MSMatchingRules", tagging="EXPLICIT")
"""The ``MSMatchingRules`` module (X.413), EXPLICIT TAGS."""

ipms_ms_attributes = Module("IPMSMessageStoreAttributes", tagging="IMPLICIT")
"""The MS-only syntaxes of X.420's ``IPMSMessageStoreAttributes``, IMPLICIT TAGS."""

ms_access_protocol = Module("MSAccessProtocol", tagging="EXPLICIT")
"""The ``MSAccessProtocol`` module (X.419): the MS bind as it rides in ACSE."""

ms.imports(MTSAbstractService, ms_attributes, ms_auto_actions, ms_matching_rules,
           ms_access_protocol)
ms_attributes.imports(ms, MTSAbstractService, MTAAbstractService, AuthenticationFramework,
                      ms_auto_actions, ipms_ms_attributes)
ms_auto_actions.imports(ms, MTSAbstractService)
ms_matching_rules.imports(ms, MTSAbstractService)
ipms_ms_attributes.imports(ms, ms_attributes, MTSAbstractService)
ms_access_protocol.imports(ms)

_D = ms.define

# -- information model ------------------------------------------------------

_D("AttributeType", ObjectIdentifier())
_D("AutoActionType", ObjectIdentifier())
_D("MS-EIT", ObjectIdentifier())
_D("MS-EITs", SetOf("MS-EIT", size=(1, _ub_encoded_information_types)))
_D("CreationTime", UTCTime())
_D("SequenceNumber", Integer(range=(0, ub_messages)))
_D("EntryClass", Integer(named={
    "delivery": 0,
    # 1994 extensions
    "submission": 1, "draft": 2, "stored-message": 3, "delivery-log": 4,
    "submission-log": 5, "message-log": 6, "auto-action-log": 7,
}, range=(0, ub_entry_classes)))
_D("EntryType", Integer(named={
    "delivered-message": 0, "delivered-report": 1, "returned-content": 2,
    # 1994 extensions
    "submitted-message": 3, "submitted-probe": 4, "draft-message": 5,
    "auto-action-event": 6,
}))
_D("RetrievalStatus", Integer(named={"new": 0, "listed": 1, "processed": 2}))
_D("GroupNamePart", GeneralString(size=(1, ub_group_part_length)))
_D("MessageGroupName", SequenceOf("GroupNamePart", size=(1, ub_group_depth)))
_D("RegistrationIdentifier", PrintableString(size=(1, ub_ua_registration_identifier_length)))

# Attribute values are open types (X413ATTRIBUTE.&Type): kept as raw TLVs.
# X.413 has no type named AttributeValue; this one names the open type.
_D("AttributeValue", Any())
_D("Attribute", Sequence(
    C("attribute-type", "AttributeType"),
    # SEQUENCE OF here, not SET OF as in X.501.
    C("attribute-values", SequenceOf("AttributeValue", size=(1, ub_attribute_values))),
))

# INSTANCE OF MS-EXTENSION: [UNIVERSAL 8] IMPLICIT SEQUENCE, i.e. the shape
# of an EXTERNAL with direct-reference and single-ASN1-type (28 {06 A0 {}}).
_D("MSExtensionItem", Sequence(
    C("type-id", ObjectIdentifier()),
    C("value", Any(), tag="[0] EXPLICIT"),
), tag="[UNIVERSAL 8] IMPLICIT")
_D("MSExtensions", SequenceOf("MSExtensionItem", size=(1, ub_extensions)))

_D("AutoActionRegistration", Sequence(
    C("auto-action-type", "AutoActionType"),
    C("registration-identifier", Integer(range=(1, ub_per_auto_action)), tag="[0]", default=1),
    # Open type: the parameter of the auto-action (AUTO_ACTION_PARAMETERS).
    C("registration-parameter", Any(), tag="[1]", optional=True),
))
_D("AutoActionDeregistration", Sequence(
    C("auto-action-type", "AutoActionType"),
    C("registration-identifier", Integer(range=(1, ub_per_auto_action)), tag="[0]", default=1),
))
_D("AutoActionError", Set(
    # AUTO-ACTION-ERROR.&errorCode is an X.880 Code.
    C("error-code", Choice(C("local", Integer()), C("global", ObjectIdentifier())), tag="[0]"),
    C("error-parameter", Any(), tag="[1]", optional=True),
))
_D("AutoActionErrorIndication", Choice(
    C("indication-only", Null(), tag="[0]"),
    C("auto-action-log-entry", "SequenceNumber", tag="[1]"),
))

# -- MS-bind ----------------------------------------------------------------

_D("Restrictions", Set(
    C("allowed-content-types", SetOf(ObjectIdentifier(), size=(1, _ub_content_types)),
      tag="[0]", optional=True),
    C("allowed-EITs", "MS-EITs", tag="[1]", optional=True),
    C("maximum-attribute-length", Integer(), tag="[2]", optional=True),
))
_D("MSBindArgument", Set(
    C("initiator-name", "MTSAbstractService.ORAddressAndOrDirectoryName"),
    C("initiator-credentials", "MTSAbstractService.InitiatorCredentials", tag="[2]"),
    C("security-context", "MTSAbstractService.SecurityContext", tag="[3] IMPLICIT",
      optional=True),
    C("fetch-restrictions", "Restrictions", tag="[4]", optional=True),
    C("ms-configuration-request", Boolean(), tag="[5]", default=False),
    # 1994 extensions
    C("ua-registration-identifier", "RegistrationIdentifier", tag="[6]", optional=True),
    C("bind-extensions", "MSExtensions", tag="[7]", optional=True),
))
_D("MSBindResult", Set(
    C("responder-credentials", "MTSAbstractService.ResponderCredentials", tag="[2]"),
    C("available-auto-actions", SetOf("AutoActionType", size=(1, ub_auto_actions)),
      tag="[3]", optional=True),
    C("available-attribute-types", SetOf("AttributeType", size=(1, ub_attributes_supported)),
      tag="[4]", optional=True),
    C("alert-indication", Boolean(), tag="[5]", default=False),
    C("content-types-supported", SetOf(ObjectIdentifier(), size=(1, _ub_content_types)),
      tag="[6]", optional=True),
    # 1994 extensions
    C("entry-classes-supported", SetOf("EntryClass", size=(1, ub_entry_classes)),
      tag="[7]", optional=True),
    C("matching-rules-supported", SetOf(ObjectIdentifier(), size=(1, ub_matching_rules)),
      tag="[8]", optional=True),
    C("bind-result-extensions", "MSExtensions", tag="[9]", optional=True),
    C("message-group-depth", Integer(range=(1, ub_group_depth)), tag="[10]", optional=True),
    C("auto-action-error-indication", "AutoActionErrorIndication", tag="[11]", optional=True),
    C("unsupported-extensions", SetOf(ObjectIdentifier(), size=(1, ub_extensions)),
      tag="[12]", optional=True),
    C("ua-registration-id-unknown", Boolean(), tag="[13]", default=False),
    C("service-information", GeneralString(size=(1, ub_service_information_length)),
      tag="[14]", optional=True),
))
_D("BindProblem", Enumerated({
    "authentication-error": 0, "unacceptable-security-context": 1,
    "unable-to-establish-association": 2,
    # 1994 extension additions
    "bind-extension-problem": 3, "inadequate-association-confidentiality": 4,
}))
# The parameter of ms-bind-error (anonymous in X.413).  1988: an ENUMERATED
# (0A, authentication-error = 0; the MTS bind error is an INTEGER with 2).
_D("MSBindErrorParameter", Choice(
    C("unqualified-error", "BindProblem"),
    # 1994 extension
    C("qualified-error", Set(
        C("bind-problem", "BindProblem", tag="[0]"),
        C("supplementary-information", GeneralString(size=(1, ub_supplementary_info_length)),
          tag="[1]", optional=True),
        C("bind-extension-errors", SetOf(ObjectIdentifier(), size=(1, ub_extensions)),
          tag="[2]", optional=True),
    )),
))
_D("ChangeCredentialsAlgorithms", SetOf(ObjectIdentifier()))
# Value of the protected-change-credentials MS extension.  The only
# IMPLICIT tags of the module besides security-context.
_D("ProtectedChangeCredentials", Sequence(
    C("algorithm-identifier", ObjectIdentifier(), tag="[0] IMPLICIT"),
    # InitiatorCredentials with the protected alternative present
    C("old-credentials", "MTSAbstractService.InitiatorCredentials"),
    C("password-delta", BitString(), tag="[2] IMPLICIT"),
))

# -- selectors and filters ----------------------------------------------------

_D("NumberRange", Sequence(
    C("from", "SequenceNumber", tag="[0]", optional=True),
    C("to", "SequenceNumber", tag="[1]", optional=True),
))
_D("TimeRange", Sequence(
    C("from", "CreationTime", tag="[0]", optional=True),
    C("to", "CreationTime", tag="[1]", optional=True),
))
_D("Range", Choice(
    C("sequence-number-range", "NumberRange", tag="[0]"),
    C("creation-time-range", "TimeRange", tag="[1]"),
))
_D("AttributeValueAssertion", Sequence(
    C("attribute-type", "AttributeType"),
    C("attribute-value", "AttributeValue"),
))
_D("MatchingRuleAssertion", Sequence(
    C("matching-rule", ObjectIdentifier(), tag="[0]"),
    C("attribute-type", "AttributeType", tag="[1]"),
    C("match-value", Any(), tag="[2]"),        # assertion syntax of the rule
))
_D("FilterItem", Choice(
    C("equality", "AttributeValueAssertion", tag="[0]"),
    C("substrings", Sequence(
        C("type", "AttributeType"),
        C("strings", SequenceOf(Choice(
            C("initial", Any(), tag="[0]"),
            C("any", Any(), tag="[1]"),
            C("final", Any(), tag="[2]"),
        ))),
    ), tag="[1]"),
    C("greater-or-equal", "AttributeValueAssertion", tag="[2]"),
    C("less-or-equal", "AttributeValueAssertion", tag="[3]"),
    C("present", "AttributeType", tag="[4]"),
    C("approximate-match", "AttributeValueAssertion", tag="[5]"),
    # 1994 extension
    C("other-match", "MatchingRuleAssertion", tag="[6]"),
))
_D("Filter", Choice(
    C("item", "FilterItem", tag="[0]"),
    C("and", SetOf("Filter"), tag="[1]"),
    C("or", SetOf("Filter"), tag="[2]"),
    C("not", "Filter", tag="[3]"),
))
_D("OverrideRestrictions", BitString(named={
    "override-content-types-restriction": 0, "override-EITs-restriction": 1,
    "override-attribute-length-restriction": 2,
}, size=(1, ub_restrictions)))
_D("Selector", Set(
    C("child-entries", Boolean(), tag="[0]", default=False),
    C("range", "Range", tag="[1]", optional=True),
    C("filter", "Filter", tag="[2]", optional=True),
    C("limit", Integer(range=(1, ub_messages)), tag="[3]", optional=True),
    C("override", "OverrideRestrictions", tag="[4]", optional=True),
))
_D("AttributeSelection", Set(
    C("type", "AttributeType"),
    C("from", Integer(range=(1, ub_attribute_values)), tag="[0]", optional=True),
    C("count", Integer(range=(0, ub_attribute_values)), tag="[1]", optional=True),
))
# SIZE(0..): an empty selection (31 00) asks for sequence numbers only.
_D("EntryInformationSelection", SetOf("AttributeSelection", size=(0, ub_per_entry)))
_D("AttributeValueCount", Sequence(
    C("type", "AttributeType", tag="[0]"),
    C("total", Integer(), tag="[1]"),
))
_D("EntryInformation", Sequence(
    C("sequence-number", "SequenceNumber"),
    C("attributes", SetOf("Attribute", size=(1, ub_per_entry)), optional=True),
    # 1994 extension
    C("value-count-exceeded", SetOf("AttributeValueCount", size=(1, ub_per_entry)),
      tag="[0]", optional=True),
))

# -- MS submission options and results --------------------------------------

_D("MSSubmissionOptions", Set(
    C("object-entry-class", "EntryClass", tag="[0]", optional=True),
    C("disable-auto-modify", Boolean(), tag="[1]", default=False),
    C("add-message-group-names", SetOf("MessageGroupName", size=(1, ub_message_groups)),
      tag="[2]", optional=True),
    C("ms-submission-extensions", "MSExtensions", tag="[3]", optional=True),
))
_D("CommonSubmissionResults", Set(
    C("created-entry", "SequenceNumber", tag="[0]", optional=True),
    C("auto-action-error-indication", "AutoActionErrorIndication", tag="[1]", optional=True),
    C("ms-submission-result-extensions", "MSExtensions", tag="[2]", optional=True),
))

# -- summarize ----------------------------------------------------------------

_D("SummarizeArgument", Set(
    C("entry-class", "EntryClass", tag="[0]", default=0),
    C("selector", "Selector", tag="[1]"),
    C("summary-requests", SequenceOf("AttributeType", size=(1, ub_summaries)),
      tag="[2]", optional=True),
    # 1994 extension
    C("summarize-extensions", "MSExtensions", tag="[3]", optional=True),
))
_D("Span", Sequence(
    C("lowest", "SequenceNumber", tag="[0]"),
    C("highest", "SequenceNumber", tag="[1]"),
))
_D("Summary", Set(
    C("absent", Integer(range=(1, ub_messages)), tag="[0]", optional=True),
    C("present", SetOf(Sequence(
        C("type", "AttributeType"),
        C("value", "AttributeValue"),
        C("count", Integer(range=(1, ub_messages))),
    ), size=(1, ub_attribute_values)), tag="[1]", optional=True),
))
_D("SummarizeResult", Set(
    C("next", "SequenceNumber", tag="[0]", optional=True),
    C("count", Integer(range=(0, ub_messages)), tag="[1]"),
    C("span", "Span", tag="[2]", optional=True),
    C("summaries", SequenceOf("Summary", size=(1, ub_summaries)), tag="[3]", optional=True),
    # 1994 extension
    C("summarize-result-extensions", "MSExtensions", tag="[4]", optional=True),
))

# -- list ---------------------------------------------------------------------

_D("ListArgument", Set(
    C("entry-class", "EntryClass", tag="[0]", default=0),
    C("selector", "Selector", tag="[1]"),
    C("requested-attributes", "EntryInformationSelection", tag="[3]", optional=True),  # no [2]
    # 1994 extension
    C("list-extensions", "MSExtensions", tag="[4]", optional=True),
))
_D("ListResult", Set(
    C("next", "SequenceNumber", tag="[0]", optional=True),
    C("requested", SequenceOf("EntryInformation", size=(1, ub_messages)),
      tag="[1]", optional=True),
    # 1994 extension
    C("list-result-extensions", "MSExtensions", tag="[2]", optional=True),
))

# -- fetch --------------------------------------------------------------------

_D("FetchArgument", Set(
    C("entry-class", "EntryClass", tag="[0]", default=0),
    C("item", Choice(
        C("search", "Selector", tag="[1]"),
        C("precise", "SequenceNumber", tag="[2]"),
    )),
    C("requested-attributes", "EntryInformationSelection", tag="[3]", optional=True),
    # 1994 extension
    C("fetch-extensions", "MSExtensions", tag="[4]", optional=True),
))
_D("FetchResult", Set(
    C("entry-information", "EntryInformation", tag="[0]", optional=True),
    C("list", SequenceOf("SequenceNumber", size=(1, ub_messages)), tag="[1]", optional=True),
    C("next", "SequenceNumber", tag="[2]", optional=True),
    # 1994 extension
    C("fetch-result-extensions", "MSExtensions", tag="[3]", optional=True),
))

# -- delete -------------------------------------------------------------------

_D("DeleteArgument", Set(
    C("entry-class", "EntryClass", tag="[0]", default=0),
    C("items", Choice(
        C("selector", "Selector", tag="[1]"),
        C("sequence-numbers", SetOf("SequenceNumber", size=(1, ub_messages)), tag="[2]"),
    )),
    # 1994 extension
    C("delete-extensions", "MSExtensions", tag="[3]", optional=True),
))
_D("DeleteResult", Choice(
    C("delete-result-88", Null()),
    # 1994 extension
    C("delete-result-94", Set(
        C("entries-deleted", SequenceOf("SequenceNumber", size=(1, ub_messages)),
          tag="[0]", optional=True),
        C("delete-result-extensions", "MSExtensions", tag="[1]", optional=True),
    )),
))

# -- register-MS ----------------------------------------------------------------

_D("MessageGroupNameAndDescriptor", Set(
    C("message-group-name", "MessageGroupName", tag="[0]"),
    C("message-group-descriptor", GeneralString(size=(1, ub_group_descriptor_length)),
      tag="[1]", optional=True),
))
_D("MessageGroupRegistrations", SequenceOf(Choice(
    C("register-group", "MessageGroupNameAndDescriptor", tag="[0]"),
    C("deregister-group", "MessageGroupName", tag="[1]"),
    C("change-descriptors", "MessageGroupNameAndDescriptor", tag="[2]"),
), size=(1, ub_default_registrations)))
_D("MessageGroupsRestriction", Set(
    C("parent-group", "MessageGroupName", tag="[0]", optional=True),
    C("immediate-descendants-only", Boolean(), tag="[1]", default=True),
    C("omit-descriptors", Boolean(), tag="[2]", default=True),
))
_D("RegistrationTypes", Set(
    C("registrations", BitString(named={
        "auto-action-registrations": 0, "list-attribute-defaults": 1,
        "fetch-attribute-defaults": 2, "ua-registrations": 3,
        "submission-defaults": 4, "message-group-registrations": 5,
    }), tag="[0]", optional=True),
    C("extended-registrations", SetOf(ObjectIdentifier()), tag="[1]", optional=True),
    C("restrict-message-groups", "MessageGroupsRestriction", tag="[2]", optional=True),
))
_D("UARegistration", Set(
    C("ua-registration-identifier", "RegistrationIdentifier", tag="[0]"),
    C("ua-list-attribute-defaults", SetOf("AttributeType", size=(0, ub_default_registrations)),
      tag="[1]", optional=True),
    C("ua-fetch-attribute-defaults", SetOf("AttributeType", size=(0, ub_default_registrations)),
      tag="[2]", optional=True),
    C("ua-submission-defaults", "MSSubmissionOptions", tag="[3]", optional=True),
    C("content-specific-defaults", "MSExtensions", tag="[4]", optional=True),
))
_D("Register-MSArgument", Set(
    C("auto-action-registrations", SetOf("AutoActionRegistration", size=(1, ub_auto_registrations)),
      tag="[0]", optional=True),
    C("auto-action-deregistrations",
      SetOf("AutoActionDeregistration", size=(1, ub_auto_registrations)),
      tag="[1]", optional=True),
    C("list-attribute-defaults", SetOf("AttributeType", size=(0, ub_default_registrations)),
      tag="[2]", optional=True),
    C("fetch-attribute-defaults", SetOf("AttributeType", size=(0, ub_default_registrations)),
      tag="[3]", optional=True),
    # Credentials restricted to the simple alternative.
    C("change-credentials", Sequence(
        C("old-credentials", "MTSAbstractService.Credentials", tag="[0]"),
        C("new-credentials", "MTSAbstractService.Credentials", tag="[1]"),
    ), tag="[4]", optional=True),
    C("user-security-labels",
      SetOf("MTSAbstractService.SecurityLabel", size=(1, _ub_labels_and_redirections)),
      tag="[5]", optional=True),
    # 1994 extensions
    C("ua-registrations", SetOf("UARegistration", size=(1, ub_ua_registrations)),
      tag="[6]", optional=True),
    C("submission-defaults", "MSSubmissionOptions", tag="[7]", optional=True),
    C("message-group-registrations", "MessageGroupRegistrations", tag="[8]", optional=True),
    C("registration-status-request", "RegistrationTypes", tag="[9]", optional=True),
    C("register-ms-extensions", "MSExtensions", tag="[10]", optional=True),
))
_D("Register-MSResult", Choice(
    C("no-status-information", Null()),
    # 1994 extension.  Note the tags renumbered against the argument.
    C("registered-information", Set(
        C("auto-action-registrations",
          SetOf("AutoActionRegistration", size=(1, ub_auto_registrations)),
          tag="[0]", optional=True),
        C("list-attribute-defaults", SetOf("AttributeType", size=(1, ub_default_registrations)),
          tag="[1]", optional=True),
        C("fetch-attribute-defaults", SetOf("AttributeType", size=(1, ub_default_registrations)),
          tag="[2]", optional=True),
        C("ua-registrations", SetOf("UARegistration", size=(1, ub_ua_registrations)),
          tag="[3]", optional=True),
        C("submission-defaults", "MSSubmissionOptions", tag="[4]", optional=True),
        C("message-group-registrations",
          SetOf("MessageGroupNameAndDescriptor", size=(1, ub_message_groups)),
          tag="[5]", optional=True),
        C("register-ms-result-extensions", "MSExtensions", tag="[6]", optional=True),
    )),
))

# -- alert (invoked by the MS) ------------------------------------------------

_D("AlertArgument", Set(
    C("alert-registration-identifier", Integer(range=(1, ub_auto_actions)), tag="[0]"),
    C("new-entry", "EntryInformation", tag="[2]", optional=True),
))
_D("AlertResult", Null())

# -- modify (1994) ------------------------------------------------------------

_D("OrderedAttribute", Sequence(
    C("attribute-type", "AttributeType"),
    C("attribute-values", SequenceOf(Sequence(
        # at least one of the two
        C("value", Any(), tag="[0]", optional=True),
        C("position", Integer(range=(1, ub_attribute_values)), tag="[1]", optional=True),
    ), size=(1, ub_attribute_values))),
))
_D("EntryModification", Set(
    C("strict", Boolean(), tag="[0]", default=False),
    C("modification", Choice(
        C("add-attribute", "Attribute", tag="[1]"),
        C("remove-attribute", "AttributeType", tag="[2]"),
        C("add-values", "OrderedAttribute", tag="[3]"),
        C("remove-values", "OrderedAttribute", tag="[4]"),
    )),
))
_D("ModifyArgument", Set(
    C("entry-class", "EntryClass", tag="[0]", default=0),
    C("entries", Choice(
        C("selector", "Selector", tag="[1]"),
        C("specific-entries", SequenceOf("SequenceNumber", size=(1, ub_messages)), tag="[2]"),
    )),
    C("modifications", SequenceOf("EntryModification", size=(1, ub_modifications)), tag="[3]"),
    C("modify-extensions", "MSExtensions", tag="[4]", optional=True),
))
_D("ModifyResult", Set(
    C("entries-modified", SequenceOf("SequenceNumber", size=(1, ub_messages)),
      tag="[0]", optional=True),
    C("modify-result-extensions", "MSExtensions", tag="[1]", optional=True),
))

# -- MS submission port ---------------------------------------------------------
# COMPONENTS OF keeps the implicit tags of X.411 (80, A1, A2, A3 ...), only
# the [4] added here is explicit.

_D("MSMessageSubmissionArgument", Sequence(
    ComponentsOf("MTSAbstractService.MessageSubmissionArgument"),
    # 1994 extension
    C("submission-options", "MSSubmissionOptions", tag="[4]", optional=True),
))
_D("MSMessageSubmissionResult", Choice(
    C("mts-result", Set(
        ComponentsOf("MTSAbstractService.MessageSubmissionResult"),
        # 1994 extension
        C("ms-message-result", "CommonSubmissionResults", tag="[4]", optional=True),
    )),
    # 1994 extension
    C("store-draft-result", "CommonSubmissionResults", tag="[4]"),
))
_D("MSProbeSubmissionArgument", Set(
    ComponentsOf("MTSAbstractService.ProbeSubmissionArgument"),
    # 1994 extension
    C("submission-options", "MSSubmissionOptions", tag="[4]", optional=True),
))
_D("MSProbeSubmissionResult", Set(
    ComponentsOf("MTSAbstractService.ProbeSubmissionResult"),
    # 1994 extension
    C("ms-probe-result", "CommonSubmissionResults", tag="[4]", optional=True),
))

# -- abstract-error parameters ----------------------------------------------------
# X.413 writes most parameters inline in the ABSTRACT-ERROR objects; the
# ones without a standard name are named here "<Error>Parameter", the form
# X.413 itself uses for service-error, modify-error, message-group-error...

_D("AttributeProblem", Integer(named={
    "invalid-attribute-value": 0, "unavailable-attribute-type": 1,
    "inappropriate-matching": 2, "attribute-type-not-subscribed": 3,
    "inappropriate-for-operation": 4,
    # 1994 extensions
    "inappropriate-modification": 5, "single-valued-attribute": 6,
}, range=(0, ub_error_reasons)))
_D("AttributeErrorParameter", Set(
    C("problems", SetOf(Set(
        C("problem", "AttributeProblem", tag="[0]"),
        C("type", "AttributeType", tag="[1]"),
        C("value", Any(), tag="[2]", optional=True),
    ), size=(1, ub_per_entry)), tag="[0]"),
))
_D("AutoActionRequestProblem", Integer(named={
    "unavailable-auto-action-type": 0, "auto-action-type-not-subscribed": 1,
    # 1994 extension
    "not-willing-to-perform": 2,
}, range=(0, ub_error_reasons)))
_D("AutoActionRequestErrorParameter", Set(
    C("problems", SetOf(Set(
        C("problem", "AutoActionRequestProblem", tag="[0]"),
        C("type", "AutoActionType", tag="[1]"),
    ), size=(1, ub_auto_registrations)), tag="[0]"),
))
_D("DeleteProblem", Integer(named={
    "child-entry-specified": 0, "delete-restriction-problem": 1,
    # 1994 extensions
    "new-entry-specified": 2, "entry-class-restriction": 3, "stored-message-exists": 4,
}, range=(0, ub_error_reasons)))
_D("DeleteErrorParameter", Set(
    C("problems", SetOf(Set(
        C("problem", "DeleteProblem", tag="[0]"),
        C("sequence-number", "SequenceNumber", tag="[1]"),
    ), size=(1, ub_messages)), tag="[0]"),
    # 1994 extension
    C("entries-deleted", SetOf("SequenceNumber", size=(1, ub_messages)), tag="[1]",
      optional=True),
))
_D("FetchRestrictionProblem", Integer(named={
    "content-type-problem": 1, "eit-problem": 2, "maximum-length-problem": 3,
}, range=(0, ub_error_reasons)))
_D("FetchRestrictionErrorParameter", Set(
    C("problems", SetOf(Set(
        C("problem", "FetchRestrictionProblem", tag="[3]"),      # [3], not [0]
        C("restriction", Choice(
            C("content-type", ObjectIdentifier(), tag="[0]"),
            C("eit", "MS-EITs", tag="[1]"),
            C("attribute-length", Integer(), tag="[2]"),
        )),
    ), size=(1, ub_default_registrations)), tag="[0]"),
))
_D("RangeProblem", Integer(named={"reversed": 0}, range=(0, ub_error_reasons)))
_D("RangeErrorParameter", Set(C("problem", "RangeProblem", tag="[0]")))
_D("SequenceNumberProblem", Integer(named={"no-such-entry": 0}, range=(0, ub_error_reasons)))
_D("SequenceNumberErrorParameter", Set(
    C("problems", SetOf(Set(                                        # [1], not [0]
        C("problem", "SequenceNumberProblem", tag="[0]"),
        C("sequence-number", "SequenceNumber", tag="[1]"),
    ), size=(1, ub_messages)), tag="[1]"),
))
_D("ServiceProblem", Integer(named={"busy": 0, "unavailable": 1, "unwilling-to-perform": 2},
                             range=(0, ub_error_reasons)))
_D("ServiceErrorParameter", Set(
    C("problem", "ServiceProblem", tag="[0]"),
    # 1994 extension
    C("supplementary-information", GeneralString(size=(1, ub_supplementary_info_length)),
      tag="[1]", optional=True),
))
_D("MessageGroupProblem", Integer(named={
    "name-not-registered": 0, "name-already-registered": 1, "parent-not-registered": 2,
    "group-not-empty": 3, "name-in-use": 4, "child-group-registered": 5,
    "group-depth-exceeded": 6,
}, range=(0, ub_error_reasons)))
_D("MessageGroupErrorParameter", Set(
    C("problem", "MessageGroupProblem", tag="[0]"),
    C("name", "MessageGroupName", tag="[1]"),
))
_D("MSExtensionErrorParameter", Choice(
    C("ms-extension-problem", "MSExtensionItem", tag="[0]"),
    C("unknown-ms-extension", ObjectIdentifier(), tag="[1]"),
))
_D("RegistrationProblem", Enumerated({
    "registration-not-supported": 0, "registration-improperly-specified": 1,
    "registration-limit-exceeded": 2,
}))
_D("RegisterMSErrorParameter", Set(
    C("problem", "RegistrationProblem", tag="[0]"),
    C("registration-type", "RegistrationTypes", tag="[1]"),
))
_D("ModifyProblem", Integer(named={
    "attribute-not-present": 0, "value-not-present": 1,
    "attribute-or-value-already-exists": 2, "invalid-position": 3,
    "modify-restriction-problem": 4,
}, range=(0, ub_error_reasons)))
_D("ModifyErrorParameter", Set(
    C("entries-modified", SequenceOf("SequenceNumber", size=(1, ub_messages)),
      tag="[0]", optional=True),
    C("failing-entry", "SequenceNumber", tag="[1]"),
    C("modification-number", Integer(), tag="[2]"),
    C("problem", "ModifyProblem", tag="[3]"),
))
_D("EntryClassErrorParameter", Set(
    C("entry-class", "EntryClass", tag="[0]"),
    C("problem", BitString(named={
        "unsupported-entry-class": 0, "entry-class-not-subscribed": 1,
        "inappropriate-entry-class": 2,
    }), tag="[1]"),
))

# ---------------------------------------------------------------------------
# MSAccessProtocol (X.419): the MS-bind as ROS carries it in ACSE
# user-information on the ms-88 / ms-94 abstract syntax (or in RTSE's RTORQ
# on the reliable contexts).  Bind{} of X.880 tags open types, so
# [16]/[17]/[18] are explicit: B0/B1/B2 around the SET or the error.  The
# MS-unbind is emptyUnbind: no unbind alternative is ever encoded.  The
# type name parallels x411's MTSBindUnbindPDUs (X.419 leaves it anonymous).

ms_access_protocol.define("MSBindUnbindPDUs", Choice(
    C("bind-invoke", "MSBindArgument", tag="[16] EXPLICIT"),
    C("bind-result", "MSBindResult", tag="[17] EXPLICIT"),
    C("bind-error", "MSBindErrorParameter", tag="[18] EXPLICIT"),
))

# ---------------------------------------------------------------------------
# MSGeneralAutoActionTypes

_A = ms_auto_actions.define
_A("AlertDestination", Sequence(
    C("alert-address", External),
    C("alert-qualifier", OctetString(), optional=True),
))
_A("AutoAlertRegistrationParameter", Set(
    C("filter", "Filter", tag="[0]", optional=True),
    C("alert-destinations", SequenceOf("AlertDestination", size=(1, ub_alert_addresses)),
      tag="[1]", optional=True),
    C("requested-attributes", "EntryInformationSelection", tag="[2]", optional=True),
    # 1994 extension
    C("suppress-alert-destinations", Boolean(), tag="[3]", default=True),
))
_A("AutoModifyRegistrationParameter", Set(
    C("entry-class", "EntryClass", tag="[0]", default=0),
    C("filter", "Filter", tag="[1]", optional=True),
    C("modifications", SequenceOf("EntryModification", size=(1, ub_modifications)), tag="[2]"),
))
_A("AutoAlertErrorIndication", Set(
    C("failing-alert-destination", "AlertDestination", tag="[0]", optional=True),
    C("supplementary-information", GeneralString(size=(1, ub_supplementary_info_length)),
      tag="[1]", optional=True),
))
# The parameter of auto-alert-error (anonymous in X.413).
_A("AutoAlertErrorParameter",
   SequenceOf("AutoAlertErrorIndication", size=(1, ub_alert_addresses)))

# ---------------------------------------------------------------------------
# MSMatchingRules

_R = ms_matching_rules.define


def _ms_string(ub: int) -> Choice:
    """``MSString{ub}``: the string types an MS matches, untagged."""
    size = (1, ub)
    return Choice(
        C("printable", PrintableString(size=size)),
        C("teletex", TeletexString(size=size)),
        C("general", GeneralString(size=size)),
        C("universal", UniversalString(size=size)),
        C("bmp", BMPString(size=size)),
    )


_R("MSString", _ms_string(ub_msstring_match))
_R("MSStringList", SequenceOf("MSString"))
_R("SubstringAssertion", SequenceOf(Choice(
    C("initial", "MSString", tag="[0]"),
    C("any", "MSString", tag="[1]"),
    C("final", "MSString", tag="[2]"),
)))

# X.413 matching rules (id-mr = 2.6.4.8).
id_mr_content_correlator_match = "2.6.4.8.1"
id_mr_content_identifier_match = "2.6.4.8.2"
id_mr_ms_single_substring_list_elements_match = "2.6.4.8.3"
id_mr_ms_single_substring_list_match = "2.6.4.8.4"
id_mr_ms_single_substring_match = "2.6.4.8.5"
id_mr_ms_substrings_match = "2.6.4.8.6"
id_mr_msstring_case_sensitive_match = "2.6.4.8.7"
id_mr_msstring_list_elements_match = "2.6.4.8.8"
id_mr_msstring_list_match = "2.6.4.8.9"
id_mr_msstring_match = "2.6.4.8.10"
id_mr_msstring_ordering_match = "2.6.4.8.11"
id_mr_mts_identifier_match = "2.6.4.8.12"
id_mr_oraddress_elements_match = "2.6.4.8.13"
id_mr_oraddress_match = "2.6.4.8.14"
id_mr_oraddress_substring_elements_match = "2.6.4.8.15"
id_mr_orname_elements_match = "2.6.4.8.16"
id_mr_orname_match = "2.6.4.8.17"
id_mr_orname_single_element_match = "2.6.4.8.18"
id_mr_orname_substring_elements_match = "2.6.4.8.19"
id_mr_redirection_or_dl_expansion_elements_match = "2.6.4.8.20"
id_mr_redirection_or_dl_expansion_match = "2.6.4.8.21"
id_mr_redirection_or_dl_expansion_substring_elements_match = "2.6.4.8.22"
id_mr_redirection_reason_match = "2.6.4.8.23"
id_mr_value_count_match = "2.6.4.8.24"
id_mr_redirection_or_dl_expansion_single_element_match = "2.6.4.8.25"

# X.520 rules the MS attributes use (id-mr = 2.5.13).
id_mr_object_identifier_match = "2.5.13.0"
id_mr_boolean_match = "2.5.13.13"
id_mr_integer_match = "2.5.13.14"
id_mr_integer_ordering_match = "2.5.13.15"
id_mr_bit_string_match = "2.5.13.16"
id_mr_utc_time_match = "2.5.13.25"
id_mr_utc_time_ordering_match = "2.5.13.26"
id_mr_generalized_time_match = "2.5.13.27"
id_mr_generalized_time_ordering_match = "2.5.13.28"

# ---------------------------------------------------------------------------
# MSGeneralAttributeTypes: syntaxes X.413 defines for its attributes

_G = ms_attributes.define
_G("PerRecipientReport", Sequence(
    C("report-entry", "SequenceNumber", tag="[0]"),
    C("position", Integer(range=(1, _ub_recipients)), tag="[1]", default=1),
))
_G("ReportLocation", Choice(
    C("no-correlated-reports", Null(), tag="[0]"),
    C("location", SequenceOf("PerRecipientReport"), tag="[1]"),
))
_G("ReportSummary", Enumerated({
    "no-report-requested": 0, "no-report-received": 1, "report-outstanding": 2,
    "delivery-cancelled": 3, "delivery-report-from-another-recipient": 4,
    "non-delivery-report-from-another-recipient": 5,
    "delivery-report-from-intended-recipient": 6,
    "non-delivery-report-from-intended-recipient": 7,
}))
# The tag numbers are the error codes of the errors an MS submission can
# meet; [31] and [34] need the long identifier form (BF 1F, BF 22).
_G("SubmissionError", Choice(
    C("submission-control-violated", Null(), tag="[1]"),
    C("originator-invalid", Null(), tag="[2]"),
    C("recipient-improperly-specified", "MTSAbstractService.ImproperlySpecifiedRecipients",
      tag="[3]"),
    C("element-of-service-not-subscribed", Null(), tag="[4]"),
    C("inconsistent-request", Null(), tag="[11]"),
    C("security-error", "MTSAbstractService.SecurityProblem", tag="[12]"),
    C("unsupported-critical-function", Null(), tag="[13]"),
    C("remote-bind-error", Null(), tag="[15]"),
    C("service-error", "ServiceErrorParameter", tag="[27]"),
    C("message-group-error", "MessageGroupErrorParameter", tag="[30]"),
    C("ms-extension-error", "MSExtensionErrorParameter", tag="[31]"),
    C("entry-class-error", "EntryClassErrorParameter", tag="[34]"),
))
_G("SignatureStatus", Integer(named={
    "signature-absent": 0, "verification-in-progress": 1, "verification-succeeded": 2,
    "verification-not-possible": 3, "content-converted": 4, "signature-encrypted": 5,
    "algorithm-not-supported": 6, "certificate-not-obtainable": 7,
    "verification-failed": 8,
}))
_G("SignatureVerificationStatus", Set(
    C("content-integrity-check", "SignatureStatus", tag="[0]", default=0),
    C("message-origin-authentication-check", "SignatureStatus", tag="[1]", default=0),
    C("message-token", "SignatureStatus", tag="[2]", default=0),
    C("report-origin-authentication-check", "SignatureStatus", tag="[3]", default=0),
    C("proof-of-delivery", "SignatureStatus", tag="[4]", default=0),
    C("proof-of-submission", "SignatureStatus", tag="[5]", default=0),
))

# ---------------------------------------------------------------------------
# General attribute types (id-att = 2.6.4.3); arc 45 is unassigned.
# "entry-status" of the 1988 edition is retrieval-status (15): the 1999 name
# on the same arc, which is what 1994+ stores send (the 1988 text itself
# was not available to confirm the arc).

id_att_child_sequence_numbers = "2.6.4.3.0"
id_att_content = "2.6.4.3.1"
id_att_content_confidentiality_algorithm_identifier = "2.6.4.3.2"
id_att_content_correlator = "2.6.4.3.3"
id_att_content_identifier = "2.6.4.3.4"
id_att_content_integrity_check = "2.6.4.3.5"
id_att_content_length = "2.6.4.3.6"
id_att_content_returned = "2.6.4.3.7"
id_att_content_type = "2.6.4.3.8"
id_att_conversion_with_loss_prohibited = "2.6.4.3.9"
id_att_converted_eits = "2.6.4.3.10"
id_att_creation_time = "2.6.4.3.11"
id_att_delivered_eits = "2.6.4.3.12"
id_att_delivery_flags = "2.6.4.3.13"
id_att_dl_expansion_history = "2.6.4.3.14"
id_att_retrieval_status = "2.6.4.3.15"
id_att_entry_type = "2.6.4.3.16"
id_att_originally_intended_recipient_name = "2.6.4.3.17"
id_att_message_delivery_envelope = "2.6.4.3.18"
id_att_message_identifier = "2.6.4.3.19"
id_att_message_delivery_time = "2.6.4.3.20"
id_att_message_origin_authentication_check = "2.6.4.3.21"
id_att_message_security_label = "2.6.4.3.22"
id_att_message_submission_time = "2.6.4.3.23"
id_att_message_token = "2.6.4.3.24"
id_att_original_eits = "2.6.4.3.25"
id_att_originator_certificate = "2.6.4.3.26"
id_att_originator_name = "2.6.4.3.27"
id_att_other_recipient_names = "2.6.4.3.28"
id_att_parent_sequence_number = "2.6.4.3.29"
id_att_per_recipient_report_delivery_fields = "2.6.4.3.30"
id_att_priority = "2.6.4.3.31"
id_att_proof_of_delivery_request = "2.6.4.3.32"
id_att_redirection_history = "2.6.4.3.33"
id_att_report_delivery_envelope = "2.6.4.3.34"
id_att_reporting_dl_name = "2.6.4.3.35"
id_att_reporting_mta_certificate = "2.6.4.3.36"
id_att_report_origin_authentication_check = "2.6.4.3.37"
id_att_security_classification = "2.6.4.3.38"
id_att_sequence_number = "2.6.4.3.39"
id_att_subject_submission_identifier = "2.6.4.3.40"
id_att_this_recipient_name = "2.6.4.3.41"
id_att_ac_correlated_report_list = "2.6.4.3.42"
id_att_ac_report_summary = "2.6.4.3.43"
id_att_ac_uncorrelated_report_list = "2.6.4.3.44"
id_att_auto_action_error = "2.6.4.3.46"
id_att_auto_action_registration_identifier = "2.6.4.3.47"
id_att_auto_action_subject_entry = "2.6.4.3.48"
id_att_auto_action_type = "2.6.4.3.49"
id_att_deferred_delivery_cancellation_time = "2.6.4.3.50"
id_att_deferred_delivery_time = "2.6.4.3.51"
id_att_deletion_time = "2.6.4.3.52"
id_att_dl_expansion_prohibited = "2.6.4.3.53"
id_att_internal_trace_information = "2.6.4.3.54"
id_att_latest_delivery_time = "2.6.4.3.55"
id_att_marked_for_deletion = "2.6.4.3.56"
id_att_message_group_name = "2.6.4.3.57"
id_att_message_notes = "2.6.4.3.58"
id_att_message_submission_envelope = "2.6.4.3.59"
id_att_ms_originated = "2.6.4.3.60"
id_att_ms_submission_error = "2.6.4.3.61"
id_att_originating_mta_certificate = "2.6.4.3.62"
id_att_originator_report_request = "2.6.4.3.63"
id_att_originator_return_address = "2.6.4.3.64"
id_att_per_message_indicators = "2.6.4.3.65"
id_att_per_recipient_message_submission_fields = "2.6.4.3.66"
id_att_per_recipient_probe_submission_fields = "2.6.4.3.67"
id_att_probe_origin_authentication_check = "2.6.4.3.68"
id_att_probe_submission_envelope = "2.6.4.3.69"
id_att_proof_of_submission = "2.6.4.3.70"
id_att_recipient_names = "2.6.4.3.71"
id_att_recipient_reassignment_prohibited = "2.6.4.3.72"
id_att_storage_period = "2.6.4.3.73"
id_att_storage_time = "2.6.4.3.74"
id_att_trace_information = "2.6.4.3.75"
id_att_ac_report_subject_entry = "2.6.4.3.76"
id_att_locally_originated = "2.6.4.3.77"
id_att_dl_exempted_recipients = "2.6.4.3.78"
id_att_signature_verification_status = "2.6.4.3.79"
id_att_certificate_selectors = "2.6.4.3.80"
id_att_multiple_originator_certificates = "2.6.4.3.81"
id_att_recipient_certificate = "2.6.4.3.82"

_MTS = "MTSAbstractService."
_MTA = "MTAAbstractService."
_Spec = Union[Type, str]

# OID -> (value syntax, multi-valued).  Syntaxes are X.411 types (by
# qualified name), MS types (bare name) or built-in types.
_MS_ATTRIBUTES: Dict[str, Tuple[_Spec, bool]] = {
    id_att_child_sequence_numbers: ("SequenceNumber", True),
    id_att_content: (_MTS + "Content", False),
    id_att_content_confidentiality_algorithm_identifier:
        ("AuthenticationFramework.AlgorithmIdentifier", False),
    id_att_content_correlator: (_MTS + "ContentCorrelator", False),
    id_att_content_identifier: (_MTS + "ContentIdentifier", False),
    id_att_content_integrity_check: (_MTS + "ContentIntegrityCheck", False),
    id_att_content_length: (_MTS + "ContentLength", False),
    id_att_content_returned: (Boolean(), False),
    # The OID form of the content type (built-in types by their OID
    # equivalent, e.g. P22 = 2.6.1.10.1), not X.411's ContentType.
    id_att_content_type: (ObjectIdentifier(), False),
    id_att_conversion_with_loss_prohibited: (_MTS + "ConversionWithLossProhibited", False),
    id_att_converted_eits: ("MS-EIT", True),
    id_att_creation_time: ("CreationTime", False),
    id_att_delivered_eits: ("MS-EIT", True),
    id_att_delivery_flags: (_MTS + "DeliveryFlags", False),
    id_att_dl_expansion_history: (_MTS + "DLExpansion", True),
    id_att_retrieval_status: ("RetrievalStatus", False),
    id_att_entry_type: ("EntryType", False),
    id_att_originally_intended_recipient_name: (_MTS + "ORName", False),
    id_att_message_delivery_envelope: (_MTS + "MessageDeliveryEnvelope", False),
    id_att_message_identifier: (_MTS + "MTSIdentifier", False),
    id_att_message_delivery_time: (UTCTime(), False),
    id_att_message_origin_authentication_check:
        (_MTS + "MessageOriginAuthenticationCheck", False),
    id_att_message_security_label: (_MTS + "SecurityLabel", False),
    id_att_message_submission_time: (UTCTime(), False),
    id_att_message_token: (_MTS + "MessageToken", False),
    id_att_original_eits: ("MS-EIT", True),
    id_att_originator_certificate: ("AuthenticationFramework.Certificates", False),
    id_att_originator_name: (_MTS + "ORName", False),
    id_att_other_recipient_names: (_MTS + "ORName", True),
    id_att_parent_sequence_number: ("SequenceNumber", False),
    id_att_per_recipient_report_delivery_fields:
        (_MTS + "PerRecipientReportDeliveryFields", True),
    id_att_priority: (_MTS + "Priority", False),
    id_att_proof_of_delivery_request: (_MTS + "ProofOfDeliveryRequest", False),
    id_att_redirection_history: (_MTS + "Redirection", True),
    id_att_report_delivery_envelope: (_MTS + "ReportDeliveryEnvelope", False),
    id_att_reporting_dl_name: (_MTS + "ORName", False),
    id_att_reporting_mta_certificate: ("AuthenticationFramework.Certificates", False),
    id_att_report_origin_authentication_check:
        (_MTS + "ReportOriginAuthenticationCheck", False),
    id_att_security_classification: (_MTS + "SecurityClassification", False),
    id_att_sequence_number: ("SequenceNumber", False),
    id_att_subject_submission_identifier: (_MTS + "MTSIdentifier", False),
    id_att_this_recipient_name: (_MTS + "ORName", False),
    id_att_ac_correlated_report_list: ("ReportLocation", True),
    id_att_ac_report_summary: ("ReportSummary", True),
    id_att_ac_uncorrelated_report_list: ("PerRecipientReport", True),
    id_att_auto_action_error: ("AutoActionError", False),
    id_att_auto_action_registration_identifier: (Integer(), False),
    id_att_auto_action_subject_entry: ("SequenceNumber", False),
    id_att_auto_action_type: ("AutoActionType", False),
    id_att_deferred_delivery_cancellation_time: (UTCTime(), False),
    id_att_deferred_delivery_time: (UTCTime(), False),
    id_att_deletion_time: (UTCTime(), False),
    id_att_dl_expansion_prohibited: (_MTS + "DLExpansionProhibited", False),
    id_att_internal_trace_information: (_MTA + "InternalTraceInformationElement", True),
    id_att_latest_delivery_time: (UTCTime(), False),
    id_att_marked_for_deletion: (Null(), False),
    id_att_message_group_name: ("MessageGroupName", True),
    id_att_message_notes: (GeneralString(size=(1, ub_message_notes_length)), True),
    id_att_message_submission_envelope: (_MTS + "MessageSubmissionEnvelope", False),
    id_att_ms_originated: (Null(), False),
    id_att_ms_submission_error: ("SubmissionError", False),
    id_att_originating_mta_certificate: ("AuthenticationFramework.Certificates", False),
    id_att_originator_report_request: (_MTS + "OriginatorReportRequest", True),
    id_att_originator_return_address: (_MTS + "ORAddress", False),
    id_att_per_message_indicators: (_MTS + "PerMessageIndicators", False),
    id_att_per_recipient_message_submission_fields:
        (_MTS + "PerRecipientMessageSubmissionFields", True),
    id_att_per_recipient_probe_submission_fields:
        (_MTS + "PerRecipientProbeSubmissionFields", True),
    id_att_probe_origin_authentication_check:
        (_MTS + "ProbeOriginAuthenticationCheck", False),
    id_att_probe_submission_envelope: (_MTS + "ProbeSubmissionEnvelope", False),
    id_att_proof_of_submission: (_MTS + "ProofOfSubmission", False),
    id_att_recipient_names: (_MTS + "ORName", True),
    id_att_recipient_reassignment_prohibited:
        (_MTS + "RecipientReassignmentProhibited", False),
    id_att_storage_period: (Integer(), False),
    id_att_storage_time: (UTCTime(), False),
    id_att_trace_information: (_MTA + "TraceInformationElement", True),
    id_att_ac_report_subject_entry: ("SequenceNumber", False),
    id_att_locally_originated: (Null(), False),
    id_att_dl_exempted_recipients: (_MTS + "ORName", True),
    id_att_signature_verification_status: ("SignatureVerificationStatus", False),
    id_att_certificate_selectors: (_MTS + "CertificateSelectors", False),
    id_att_multiple_originator_certificates: (_MTS + "ExtendedCertificates", False),
    id_att_recipient_certificate: (_MTS + "ExtendedCertificates", False),
}

# ---------------------------------------------------------------------------
# IPMS message-store attributes (X.420).  Values use the IPM encodings
# (implicit tags) without the heading-field tag: a subject value is a bare
# TeletexString, a primary-recipients value one RecipientSpecifier.

# Their OIDs (id-sat, id-hat, id-bat, id-nat, id-cat) are X.420's, imported
# from x420 at the top of this module.

# -- IPMSMessageStoreAttributes: the syntaxes X.420 defines for the MS --------

_I = ipms_ms_attributes.define
_I("IPMEntryType", Enumerated({"ipm": 0, "rn": 1, "nrn": 2, "on": 3}))
_I("IPMSynopsis", SequenceOf("BodyPartSynopsis"))
_I("BodyPartSynopsis", Choice(
    C("message", "MessageBodyPartSynopsis", tag="[0]"),
    C("non-message", "NonMessageBodyPartSynopsis", tag="[1]"),
))
_I("MessageBodyPartSynopsis", Sequence(
    C("number", "SequenceNumber", tag="[0]"),
    C("synopsis", "IPMSynopsis", tag="[1]"),
))
_I("NonMessageBodyPartSynopsis", Sequence(
    C("type", ObjectIdentifier(), tag="[0]"),
    # INSTANCE OF TYPE-IDENTIFIER, [1] implicit over its SEQUENCE
    C("parameters", Sequence(
        C("type-id", ObjectIdentifier()),
        C("value", Any(), tag="[0] EXPLICIT"),
    ), tag="[1]", optional=True),
    C("size", Integer(), tag="[2]"),
    C("processed", Boolean(), tag="[3]", default=False),
))
_I("BodyPartDescriptor", Sequence(
    C("data", ObjectIdentifier(), tag="[0]"),
    C("parameters", ObjectIdentifier(), tag="[1]", optional=True),
    C("this-child-entry", "SequenceNumber", tag="[2]", optional=True),
    C("position", Integer(), tag="[3]"),
    C("size", Integer(), tag="[4]"),
    C("processed", Boolean(), tag="[5]", default=False),
))
_I("IPMLocation", Choice(
    C("stored", SetOf("SequenceNumber")),
    C("absent", Null()),
    extensible=True,
))
_I("DeliveredReplyStatus", Integer(named={
    "no-reply-requested": 0, "reply-outstanding": 1, "reply-received": 2}))
_I("CorrelatedDeliveredReplies", Choice(
    C("no-reply-received", Null(), tag="[0]"),
    C("received-replies", SequenceOf("SequenceNumber"), tag="[1]"),
))
_I("DeliveredIPNStatus", Integer(named={
    "no-ipn-requested": 0, "an-requested": 3, "nrn-requested": 5, "rn-requested": 10,
    "an-received": 13, "ipm-auto-forwarded": 15, "ipm-discarded": 20, "rn-received": 25}))
_I("CorrelatedDeliveredIPNs", Choice(
    C("no-ipn-received", Null(), tag="[0]"),
    C("ipns-received", SequenceOf("SequenceNumber"), tag="[1]"),
))
_I("SubmittedReplyStatus", Integer(named={
    "no-reply-requested": 0, "no-reply-intended": 1, "reply-pending": 2, "reply-sent": 3}))
_I("SubmittedIPNStatus", Integer(named={
    "no-ipn-requested": 0, "nrn-requested": 5, "nrn-with-ipm-return-requested": 10,
    "rn-requested": 15, "rn-with-ipm-return-requested": 20, "ipm-auto-forwarded": 25,
    "ipm-discarded": 30, "rn-sent": 35}))
_I("RecipientCategory", Integer(named={
    "primary-recipient": 0, "copy-recipient": 1, "blind-copy-recipient": 2,
    "category-unknown": 3, "circulation-list": 4}))
_I("BodyPartSignatureVerification", SetOf(Set(
    C("body-part-sequence-number", Integer(range=(1, None)), tag="[0]"),
    C("body-part-signature", "SignatureStatus", tag="[1]"),
)))


_IPM = "IPMSInformationObjects."
_IPMSMS = "IPMSMessageStoreAttributes."
_HEX = "IPMSHeadingExtensions."
_SEC = "IPMSSecurityExtensions."

# Syntaxes that are plain built-in types in X.420 are written out here
# (same value model); structured X.420 types are named and resolved from
# the X.420 modules of x400fast.asn1.x420 when first looked up.
_IPMS_ATTRIBUTES: Dict[str, Tuple[_Spec, bool]] = {
    id_sat_ipm_entry_type: (_IPMSMS + "IPMEntryType", False),
    id_sat_ipm_synopsis: (_IPMSMS + "IPMSynopsis", False),
    id_sat_body_parts_summary: (_IPMSMS + "BodyPartDescriptor", True),
    id_sat_ipm_auto_discarded: (Boolean(), False),
    id_hat_heading: (_IPM + "Heading", False),
    id_hat_this_ipm: (_IPM + "IPMIdentifier", False),
    id_hat_originator: (_IPM + "ORDescriptor", False),
    id_hat_replied_to_ipm: (_IPM + "IPMIdentifier", False),
    id_hat_subject: (TeletexString(size=(0, 128)), False),      # SubjectField
    id_hat_expiry_time: (UTCTime(), False),
    id_hat_reply_time: (UTCTime(), False),
    id_hat_importance: (Enumerated({"low": 0, "normal": 1, "high": 2}), False),
    id_hat_sensitivity: (Enumerated({"personal": 1, "private": 2,
                                     "company-confidential": 3}), False),
    id_hat_auto_forwarded: (Boolean(), False),
    id_hat_authorizing_users: (_IPM + "ORDescriptor", True),
    id_hat_primary_recipients: (_IPM + "RecipientSpecifier", True),
    id_hat_copy_recipients: (_IPM + "RecipientSpecifier", True),
    id_hat_blind_copy_recipients: (_IPM + "RecipientSpecifier", True),
    id_hat_obsoleted_ipms: (_IPM + "IPMIdentifier", True),
    id_hat_related_ipms: (_IPM + "IPMIdentifier", True),
    id_hat_reply_recipients: (_IPM + "ORDescriptor", True),
    id_hat_incomplete_copy: (Null(), False),
    id_hat_languages: (PrintableString(size=(2, 5)), True),
    id_hat_rn_requestors: (_IPM + "ORDescriptor", True),
    id_hat_nrn_requestors: (_IPM + "ORDescriptor", True),
    id_hat_reply_requestors: (_IPM + "ORDescriptor", True),
    id_hat_auto_submitted: (Enumerated({"not-auto-submitted": 0, "auto-generated": 1,
                                        "auto-replied": 2}), False),
    id_hat_body_part_signatures: (_HEX + "BodyPartSignatures", False),
    id_hat_ipm_security_label: (_HEX + "IPMSecurityLabel", False),
    id_hat_body_part_security_label: (_HEX + "BodyPartSecurityLabel", True),
    id_hat_body_part_encryption_token: (_SEC + "BodyPartTokens", False),
    id_hat_authorization_time: (GeneralizedTime(), False),
    id_hat_circulation_list_recipients: (_HEX + "CirculationMember", True),
    id_hat_distribution_codes: (_HEX + "DistributionCode", True),
    id_hat_extended_subject: (_MTS + "UniversalOrBMPString", False),
    id_hat_information_category: (_HEX + "InformationCategory", True),
    id_hat_manual_handling_instructions: (_MTS + "UniversalOrBMPString", True),
    id_hat_originators_reference: (_MTS + "UniversalOrBMPString", False),
    id_hat_precedence_policy_identifier: (ObjectIdentifier(), False),
    id_hat_forwarded_content_token: (_SEC + "ForwardedContentToken", False),
    id_hat_forwarding_token: (_MTS + "MessageToken", False),
    id_hat_precedence: (Integer(range=(0, 127)), False),
    id_hat_body_part_signature_verification_status:
        (_IPMSMS + "BodyPartSignatureVerification", False),
    id_bat_body: (_IPM + "Body", False),
    id_bat_ia5_text_body_parts: (_IPM + "IA5TextBodyPart", True),
    id_bat_g3_facsimile_body_parts: (_IPM + "G3FacsimileBodyPart", True),
    id_bat_g4_class1_body_parts: (_IPM + "G4Class1BodyPart", True),
    id_bat_teletex_body_parts: (_IPM + "TeletexBodyPart", True),
    id_bat_videotex_body_parts: (_IPM + "VideotexBodyPart", True),
    id_bat_encrypted_body_parts: (_IPM + "EncryptedBodyPart", True),
    # the child entry holding the forwarded message
    id_bat_message_body_parts: ("SequenceNumber", True),
    id_bat_mixed_mode_body_parts: (_IPM + "MixedModeBodyPart", True),
    id_bat_bilaterally_defined_body_parts: (OctetString(), True),
    id_bat_nationally_defined_body_parts: (Any(), True),
    id_bat_extended_body_part_types: (ObjectIdentifier(), True),
    id_bat_ia5_text_parameters: (_IPM + "IA5TextParameters", True),
    id_bat_g3_facsimile_parameters: (_IPM + "G3FacsimileParameters", True),
    id_bat_teletex_parameters: (_IPM + "TeletexParameters", True),
    id_bat_videotex_parameters: (_IPM + "VideotexParameters", True),
    id_bat_encrypted_parameters: (_IPM + "EncryptedParameters", True),
    id_bat_message_parameters: (_IPM + "MessageParameters", True),
    id_bat_ia5_text_data: (IA5String(), True),
    id_bat_g3_facsimile_data: (_IPM + "G3FacsimileData", True),
    id_bat_teletex_data: (_IPM + "TeletexData", True),
    id_bat_videotex_data: (VideotexString(), True),
    id_bat_encrypted_data: (BitString(), True),
    id_bat_message_data: (_IPM + "IPM", True),
    id_nat_subject_ipm: (_IPM + "IPMIdentifier", False),
    id_nat_ipn_originator: (_IPM + "ORDescriptor", False),
    id_nat_ipm_intended_recipient: (_IPM + "ORDescriptor", False),
    id_nat_conversion_eits: ("MS-EIT", True),
    id_nat_non_receipt_reason: (Enumerated({"ipm-discarded": 0, "ipm-auto-forwarded": 1}),
                                False),
    id_nat_discard_reason: (Enumerated({"ipm-expired": 0, "ipm-obsoleted": 1,
                                        "user-subscription-terminated": 2,
                                        "not-used": 3}), False),
    id_nat_auto_forward_comment: (PrintableString(size=(0, 256)), False),
    id_nat_returned_ipm: (_IPM + "IPM", False),
    id_nat_receipt_time: (UTCTime(), False),
    id_nat_acknowledgment_mode: (Enumerated({"manual": 0, "automatic": 1}), False),
    id_nat_suppl_receipt_info: (PrintableString(size=(1, 256)), False),
    id_nat_notification_extensions: (_IPM + "IPMSExtension", True),
    id_nat_nrn_extensions: (_IPM + "IPMSExtension", True),
    id_nat_rn_extensions: (_IPM + "IPMSExtension", True),
    id_nat_other_notification_type_fields: (_IPM + "IPMSExtension", True),
    id_cat_correlated_delivered_ipns: (_IPMSMS + "CorrelatedDeliveredIPNs", True),
    id_cat_correlated_delivered_replies: (_IPMSMS + "CorrelatedDeliveredReplies", True),
    id_cat_delivered_ipn_summary: (_IPMSMS + "DeliveredIPNStatus", True),
    id_cat_delivered_replies_summary: (_IPMSMS + "DeliveredReplyStatus", True),
    id_cat_forwarded_ipms: ("SequenceNumber", True),
    id_cat_forwarding_ipms: ("SequenceNumber", True),
    id_cat_ipm_recipients: (_IPM + "ORDescriptor", True),
    id_cat_obsoleted_ipms: (_IPMSMS + "IPMLocation", True),
    id_cat_obsoleting_ipms: ("SequenceNumber", True),
    id_cat_related_ipms: (_IPMSMS + "IPMLocation", True),
    id_cat_relating_ipms: ("SequenceNumber", True),
    id_cat_replied_to_ipm: ("SequenceNumber", True),
    id_cat_replying_ipms: ("SequenceNumber", True),
    id_cat_revised_reply_time: (UTCTime(), False),
    id_cat_submitted_ipn_status: (_IPMSMS + "SubmittedIPNStatus", False),
    id_cat_submitted_ipns: ("SequenceNumber", True),
    id_cat_submitted_reply_status: (_IPMSMS + "SubmittedReplyStatus", False),
    id_cat_subject_ipm: ("SequenceNumber", True),
    id_cat_recipient_category: (_IPMSMS + "RecipientCategory", False),
}

# ---------------------------------------------------------------------------
# Lookup tables: OID -> declared type, resolved on first use


def _x420_modules() -> List[Module]:
    """The DSL modules of ``x400fast.asn1.x420``, if that module exists yet."""
    try:
        x420 = importlib.import_module("x400fast.asn1.x420")
    except ImportError:
        return []
    return [v for v in vars(x420).values() if isinstance(v, Module)]


def _resolve(home: Module, name: str) -> Type:
    """Resolve a type name as written in ``home``.

    X.420 names ("IPMSInformationObjects.Heading") are looked up in the
    modules of ``x400fast.asn1.x420``: first the module so named, then any
    of its modules that defines the name (which X.420 module holds a type
    is an accident of its text, the name is what identifies it).
    """
    try:
        return home.resolve(name)
    except SchemaError:
        mod, _, local = name.rpartition(".")
        if not mod.startswith("IPMS"):
            raise
    modules = _x420_modules()
    for m in modules:
        if m.name == mod and local in m:
            return m[local]
    for m in modules:
        if local in m:
            return m[local]
    raise SchemaError("%s: %s is an X.420 type and x400fast.asn1.x420 %s" % (
        home.name, name, "does not define it" if modules else "is not available"))


class TypeTable(Mapping[str, Type]):
    """A read-only mapping from an OID to a declared ASN.1 type.

    Entries naming a type are resolved on first access (and cached), so
    that a table can name types of modules written elsewhere (X.411, X.420)
    without importing all of them up front; an entry whose type cannot be
    resolved raises :class:`~x400fast.errors.SchemaError` when looked up.
    """

    __slots__ = ("_home", "_specs", "_cache")

    def __init__(self, home: Module, specs: Mapping[str, _Spec]) -> None:
        self._home = home
        self._specs = dict(specs)
        self._cache: Dict[str, Type] = {}

    def __getitem__(self, oid: str) -> Type:
        t = self._cache.get(oid)
        if t is None:
            spec = self._specs[oid]
            t = spec if isinstance(spec, Type) else _resolve(self._home, spec)
            self._cache[oid] = t
        return t

    def __iter__(self) -> Iterator[str]:
        return iter(self._specs)

    def __len__(self) -> int:
        return len(self._specs)

    def __contains__(self, oid: object) -> bool:
        return oid in self._specs

    def type_name(self, oid: str) -> str:
        """The declared type's name as written, e.g. ``"MTSAbstractService.ORName"``."""
        spec = self._specs[oid]
        return spec if isinstance(spec, str) else (spec.name or type(spec).__name__)

    def __repr__(self) -> str:
        return "<TypeTable %s, %d entries>" % (self._home.name, len(self._specs))


ATTRIBUTE_SYNTAXES: TypeTable = TypeTable(ms_attributes, {
    **{oid: spec for oid, (spec, _) in _MS_ATTRIBUTES.items()},
    **{oid: spec for oid, (spec, _) in _IPMS_ATTRIBUTES.items()},
})
"""Attribute OID -> the type of each value in ``attribute-values`` (X.413
general attributes and the IPMS attributes of X.420)::

    t = ATTRIBUTE_SYNTAXES[attribute["attribute_type"]]
    values = [ber.decode(t, raw) for raw in attribute["attribute_values"]]
"""

MULTI_VALUED: FrozenSet[str] = frozenset(
    oid for table in (_MS_ATTRIBUTES, _IPMS_ATTRIBUTES) for oid, (_, multi) in table.items()
    if multi)
"""OIDs of the attributes that may hold more than one value."""

MS_EXTENSION_TYPES: TypeTable = TypeTable(ms, {
    id_ext_modify_capability: Null(),
    id_ext_modify_retrieval_status_capability: Null(),
    # CertificateSelectors without message-origin-authentication
    id_ext_originator_certificate_selectors_override: _MTS + "CertificateSelectors",
    # a MessageToken with an asymmetric token carrying encrypted-data
    id_ext_originator_token: _MTS + "MessageToken",
    id_ext_protected_change_credentials: "ProtectedChangeCredentials",
    id_ext_protected_change_credentials_capability: "ChangeCredentialsAlgorithms",
})
"""MS extension OID -> the type of ``MSExtensionItem.value`` (X.413 ones)."""

AUTO_ACTION_PARAMETERS: TypeTable = TypeTable(ms_auto_actions, {
    id_act_auto_alert: "AutoAlertRegistrationParameter",
    id_act_auto_modify: "AutoModifyRegistrationParameter",
})
"""Auto-action OID -> the type of ``AutoActionRegistration.registration-parameter``.
auto-correlate-reports and auto-delete take no parameter; ipm-auto-forward's
is defined by X.420."""

AUTO_ACTION_ERRORS: TypeTable = TypeTable(ms_auto_actions, {
    id_aae_auto_alert_error: "AutoAlertErrorParameter",
})
"""Global auto-action error code -> the type of ``AutoActionError.error-parameter``.
Local codes are the MS/MTS error codes (:data:`ERRORS`)."""

MATCHING_RULE_ASSERTIONS: TypeTable = TypeTable(ms_matching_rules, {
    id_mr_content_correlator_match: _MTS + "ContentCorrelator",
    id_mr_content_identifier_match: _MTS + "ContentIdentifier",
    id_mr_ms_single_substring_list_elements_match: "MSStringList",
    id_mr_ms_single_substring_list_match: "MSStringList",
    id_mr_ms_single_substring_match: "MSString",
    id_mr_ms_substrings_match: "SubstringAssertion",
    id_mr_msstring_case_sensitive_match: "MSString",
    id_mr_msstring_list_elements_match: "MSStringList",
    id_mr_msstring_list_match: "MSStringList",
    id_mr_msstring_match: "MSString",
    id_mr_msstring_ordering_match: "MSString",
    id_mr_mts_identifier_match: _MTS + "MTSIdentifier",
    id_mr_oraddress_elements_match: _MTS + "ORAddress",
    id_mr_oraddress_match: _MTS + "ORAddress",
    id_mr_oraddress_substring_elements_match: _MTS + "ORAddress",
    id_mr_orname_elements_match: _MTS + "ORName",
    id_mr_orname_match: _MTS + "ORName",
    id_mr_orname_single_element_match: "MSString",
    id_mr_orname_substring_elements_match: _MTS + "ORName",
    id_mr_redirection_or_dl_expansion_elements_match: _MTS + "ORName",
    id_mr_redirection_or_dl_expansion_match: _MTS + "ORName",
    id_mr_redirection_or_dl_expansion_substring_elements_match: _MTS + "ORName",
    id_mr_redirection_reason_match: _MTS + "RedirectionReason",
    id_mr_value_count_match: Integer(range=(1, ub_attribute_values)),
    id_mr_redirection_or_dl_expansion_single_element_match: "MSString",
    id_mr_object_identifier_match: ObjectIdentifier(),
    id_mr_boolean_match: Boolean(),
    id_mr_integer_match: Integer(),
    id_mr_integer_ordering_match: Integer(),
    id_mr_bit_string_match: BitString(),
    id_mr_utc_time_match: UTCTime(),
    id_mr_utc_time_ordering_match: UTCTime(),
    id_mr_generalized_time_match: GeneralizedTime(),
    id_mr_generalized_time_ordering_match: GeneralizedTime(),
})
"""Matching-rule OID -> the type of ``MatchingRuleAssertion.match-value``."""

# ---------------------------------------------------------------------------
# MSAccessProtocol: operations and errors per abstract syntax


def resolve(name: str) -> Type:
    """The type for a name as X.413 writes it: ``resolve("FetchArgument")``,
    ``resolve("MTSAbstractService.MessageSubmissionArgument")``,
    ``resolve("MSGeneralAttributeTypes.ReportLocation")``.

    :raises KeyError: for a name declared nowhere reachable.
    """
    try:
        return _resolve(ms, name)
    except SchemaError:
        raise KeyError(name) from None


class Bind(NamedTuple):
    """The MS bind of an abstract syntax: argument, result, error parameter."""

    argument: Type
    result: Type
    error: Type


class ApplicationContext(NamedTuple):
    """A P7 application context and the abstract syntaxes it proposes
    (besides ACSE's), by role."""

    name: str
    oid: str
    edition: int            # 1988 or 1994
    reliable: bool          # RTSE carries the bind
    submission: str
    retrieval: str
    administration: str
    bind: str


MS_BIND = Bind(ms["MSBindArgument"], ms["MSBindResult"], ms["MSBindErrorParameter"])
"""The MS bind (the same types on ms-88, ms-94 and ms-rtse)."""

_t = ms.types

# Errors of the MS, with the tables of x411 (Operation and Error come from
# there: a P7 client looks both kinds of table up the same way).  X.419
# assigns 26 to the MS security-error while X.413 (1999) lists the MTS
# security-error (12) in its operations; which one real stores send is not
# established, so the retrieval syntaxes decode both as security-error
# (parameter SecurityProblem).
_MS_ERRORS: Dict[int, Error] = {e.code: e for e in (
    Error("attribute-error", err_attribute_error, _t["AttributeErrorParameter"]),
    Error("auto-action-request-error", err_auto_action_request_error,
          _t["AutoActionRequestErrorParameter"]),
    Error("delete-error", err_delete_error, _t["DeleteErrorParameter"]),
    Error("fetch-restriction-error", err_fetch_restriction_error,
          _t["FetchRestrictionErrorParameter"]),
    Error("range-error", err_range_error, _t["RangeErrorParameter"]),
    Error("security-error", err_security_error, MTSAbstractService["SecurityProblem"]),
    Error("service-error", err_service_error, _t["ServiceErrorParameter"]),
    Error("sequence-number-error", err_sequence_number_error,
          _t["SequenceNumberErrorParameter"]),
    # PARAMETER NULL: sent as 05 00 or left out (x411's convention: None)
    Error("invalid-parameters-error", err_invalid_parameters_error, None),
    # 1994
    Error("message-group-error", err_message_group_error, _t["MessageGroupErrorParameter"]),
    Error("ms-extension-error", err_ms_extension_error, _t["MSExtensionErrorParameter"]),
    Error("register-ms-error", err_register_ms_error, _t["RegisterMSErrorParameter"]),
    Error("modify-error", err_modify_error, _t["ModifyErrorParameter"]),
    Error("entry-class-error", err_entry_class_error, _t["EntryClassErrorParameter"]),
)}

_SECURITY = (x411.err_security_error, err_security_error)           # 12 and 26
_RETRIEVAL_88 = (err_attribute_error, err_invalid_parameters_error, err_range_error) \
    + _SECURITY + (err_service_error,)
_RETRIEVAL_94 = _RETRIEVAL_88 + (err_entry_class_error, err_ms_extension_error)


def _retrieval(edition: int) -> Dict[int, Operation]:
    new = edition == 1994
    common = _RETRIEVAL_94 if new else _RETRIEVAL_88
    no_attr = tuple(c for c in common if c != err_attribute_error)
    ops = [
        Operation("summarize", op_summarize, _t["SummarizeArgument"], _t["SummarizeResult"],
                  common),
        Operation("list", op_list, _t["ListArgument"], _t["ListResult"], common),
        Operation("fetch", op_fetch, _t["FetchArgument"], _t["FetchResult"],
                  common + (err_fetch_restriction_error, err_sequence_number_error)),
        Operation("delete", op_delete, _t["DeleteArgument"], _t["DeleteResult"],
                  no_attr + (err_delete_error, err_sequence_number_error)),
        Operation("register-MS", op_register_ms, _t["Register-MSArgument"],
                  _t["Register-MSResult"],
                  (err_attribute_error, err_auto_action_request_error,
                   err_invalid_parameters_error) + _SECURITY
                  + (err_service_error, x411.err_old_credentials_incorrectly_specified,
                     x411.err_new_credentials_unacceptable)
                  + ((err_message_group_error, err_ms_extension_error, err_register_ms_error)
                     if new else ())),
        # invoked by the MS on the UA
        Operation("alert", op_alert, _t["AlertArgument"], _t["AlertResult"], _SECURITY),
    ]
    if new:
        ops.append(Operation("modify", op_modify, _t["ModifyArgument"], _t["ModifyResult"], (
            err_attribute_error, err_invalid_parameters_error) + _SECURITY + (
            err_sequence_number_error, err_service_error, err_modify_error,
            err_message_group_error, err_entry_class_error, err_ms_extension_error)))
    return {op.code: op for op in ops}


def _ms_submission() -> Dict[int, Operation]:
    """ms-msse (1994): the MS forms of message and probe submission, the
    MTS submission-control and cancel-deferred-delivery unchanged."""
    mts_ops = x411.OPERATIONS[id_as_msse]
    added = (err_ms_extension_error, err_message_group_error, err_entry_class_error,
             err_service_error)
    sub = mts_ops[op_ms_message_submission].errors + added
    ops = [
        Operation("ms-submission-control", op_ms_submission_control,
                  *mts_ops[op_ms_submission_control][2:]),
        Operation("ms-message-submission", op_ms_message_submission,
                  _t["MSMessageSubmissionArgument"], _t["MSMessageSubmissionResult"], sub),
        Operation("ms-probe-submission", op_ms_probe_submission,
                  _t["MSProbeSubmissionArgument"], _t["MSProbeSubmissionResult"], sub),
        Operation("ms-cancel-deferred-delivery", op_ms_cancel_deferred_delivery,
                  *mts_ops[op_ms_cancel_deferred_delivery][2:]),
    ]
    return {op.code: op for op in ops}


def _errors(operations: Dict[int, Operation]) -> Dict[int, Error]:
    """The error table of an abstract syntax: every error its operations name."""
    mts_errors = x411.ERRORS[id_as_msse]
    out: Dict[int, Error] = {}
    for code in sorted({c for op in operations.values() for c in op.errors}):
        if code in _MS_ERRORS:
            out[code] = _MS_ERRORS[code]
        elif code in mts_errors:
            out[code] = mts_errors[code]
        else:
            out[code] = x411.ERRORS[id_as_mase_88][code]
    return out


OPERATIONS: Dict[str, Dict[int, Operation]] = {
    # ms-access-88 uses the MTS submission port unchanged: x411's table.
    id_as_msse: x411.OPERATIONS[id_as_msse],
    id_as_ms_msse: _ms_submission(),
    id_as_mrse_88: _retrieval(1988),
    id_as_mrse_94: _retrieval(1994),
}
"""Abstract syntax OID -> operation code -> :class:`~x400fast.asn1.x411.OperationSpec`
(argument and result types, error codes) for the P7 submission and retrieval
syntaxes.  The administration syntaxes (mase-88/94) carry the MTS register
and change-credentials operations: ``x411.OPERATIONS``."""

ERRORS: Dict[str, Dict[int, Error]] = {
    id_as_msse: x411.ERRORS[id_as_msse],
    id_as_ms_msse: _errors(OPERATIONS[id_as_ms_msse]),
    id_as_mrse_88: _errors(OPERATIONS[id_as_mrse_88]),
    # range-error is annotated "1988 application contexts only" by X.419 but
    # the 1999 operations still list it; it stays decodable here.
    id_as_mrse_94: _errors(OPERATIONS[id_as_mrse_94]),
}
"""Abstract syntax OID -> error code -> :class:`~x400fast.asn1.x411.ErrorSpec`
(``parameter`` None: NULL or absent)."""

APPLICATION_CONTEXTS: Dict[str, ApplicationContext] = {
    ac.oid: ac for ac in (
        ApplicationContext("ms-access-88", id_ac_ms_access_88, 1988, False,
                           id_as_msse, id_as_mrse_88, id_as_mase_88, id_as_ms_88),
        ApplicationContext("ms-reliable-access-88", id_ac_ms_reliable_access_88, 1988, True,
                           id_as_msse, id_as_mrse_88, id_as_mase_88, id_as_ms_rtse),
        ApplicationContext("ms-access-94", id_ac_ms_access_94, 1994, False,
                           id_as_ms_msse, id_as_mrse_94, id_as_mase_94, id_as_ms_94),
        ApplicationContext("ms-reliable-access-94", id_ac_ms_reliable_access_94, 1994, True,
                           id_as_ms_msse, id_as_mrse_94, id_as_mase_94, id_as_ms_rtse),
    )
}
"""P7 application contexts by OID.  Which ones Isode's store accepts is not
established; the Wireshark wiki shows traces naming ms-access-94 with the
1988 abstract syntaxes, so keep the context name configurable and retry
with 2.6.0.1.11 when an AARE refuses 2.6.0.1.4."""

DEFAULT_APPLICATION_CONTEXT = id_ac_ms_access_88
"""ms-access-88 with the 1988 abstract syntaxes (msse, mrse-88, mase-88, ms-88)."""

ADDED_IN_1994: Dict[str, FrozenSet[str]] = {name: frozenset(keys) for name, keys in {
    "MSBindArgument": ("ua_registration_identifier", "bind_extensions"),
    "MSBindResult": ("entry_classes_supported", "matching_rules_supported",
                     "bind_result_extensions", "message_group_depth",
                     "auto_action_error_indication", "unsupported_extensions",
                     "ua_registration_id_unknown", "service_information"),
    "MSBindErrorParameter": ("qualified_error",),
    "FilterItem": ("other_match",),
    "EntryInformation": ("value_count_exceeded",),
    "SummarizeArgument": ("summarize_extensions",),
    "SummarizeResult": ("summarize_result_extensions",),
    "ListArgument": ("list_extensions",),
    "ListResult": ("list_result_extensions",),
    "FetchArgument": ("fetch_extensions",),
    "FetchResult": ("fetch_result_extensions",),
    "DeleteArgument": ("delete_extensions",),
    "DeleteResult": ("delete_result_94",),
    "Register-MSArgument": ("ua_registrations", "submission_defaults",
                            "message_group_registrations", "registration_status_request",
                            "register_ms_extensions"),
    "Register-MSResult": ("registered_information",),
    "MSMessageSubmissionArgument": ("submission_options",),
    "MSMessageSubmissionResult": ("store_draft_result",),
    "MSProbeSubmissionArgument": ("submission_options",),
    "MSProbeSubmissionResult": ("ms_probe_result",),
    "ServiceErrorParameter": ("supplementary_information",),
    "DeleteErrorParameter": ("entries_deleted",),
    "AutoAlertRegistrationParameter": ("suppress_alert_destinations",),
}.items()}
"""Type name -> keys of the components (or CHOICE alternatives) that the 1994
edition added: leave them out on a 1988 application context.  Also 1994
only: the modify operation, errors 30-34, entry classes other than
delivery, entry types 3-6, BindProblem values 3-4 and the
``ms-message-result`` component of ``MSMessageSubmissionResult.mts-result``."""

__all__ = sorted(
    [n for n in list(globals()) if n.startswith(("ub_", "id_", "op_", "err_"))]
    + ["ms", "ms_attributes", "ms_auto_actions", "ms_matching_rules", "ipms_ms_attributes",
       "TypeTable", "ATTRIBUTE_SYNTAXES", "MULTI_VALUED", "MS_EXTENSION_TYPES",
       "AUTO_ACTION_PARAMETERS", "AUTO_ACTION_ERRORS", "MATCHING_RULE_ASSERTIONS",
       "ms_access_protocol", "Bind", "ApplicationContext", "MS_BIND", "OPERATIONS", "ERRORS",
       "APPLICATION_CONTEXTS", "DEFAULT_APPLICATION_CONTEXT", "ADDED_IN_1994", "resolve"])


# The module objects under the names the standard gives the modules (as
# x411.py names its own), beside the short names used above.
MSAbstractService = ms
MSGeneralAttributeTypes = ms_attributes
MSGeneralAutoActionTypes = ms_auto_actions
MSMatchingRules = ms_matching_rules
IPMSMessageStoreAttributes = ipms_ms_attributes
MSAccessProtocol = ms_access_protocol
__all__ += ["MSAbstractService", "MSGeneralAttributeTypes", "MSGeneralAutoActionTypes",
            "MSMatchingRules", "IPMSMessageStoreAttributes", "MSAccessProtocol"]
