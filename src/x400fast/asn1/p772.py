"""STANAG 4406 Annex A (P772, military messaging): the ASN.1 modules, as DSL.

A military message (MM) or notification (MN) is an X.420 IPM or IPN whose
envelope content type is the extended type :data:`id_mct_p772`
(1.3.26.0.4406.0.4.1) and whose heading carries NATO-defined IPMS extensions.
The modules are declared under the names the standard gives them, so that
each definition can be read against the STANAG text:

* :data:`MMSInformationObjects` -- the content: ``InformationObject`` with
  ``mm [0]`` and ``mn [1]``, tagged exactly like X.420's ``ipm [0]`` /
  ``ipn [1]``.
* :data:`MMSHeadingExtensions` -- the value types of every military heading
  extension (precedences, message type, address list indicator, exempted
  addresses, extended authorisation info, distribution codes with SICs,
  handling and message instructions, codress, originator reference, other
  recipients, pilot forwarding information, ACP 127 message identifier,
  originator PLAD, the deprecated security information labels), plus the
  envelope's priority level qualifier.
* :data:`MMSPerRecipientSpecifierExtensions` -- the ACP 127 notification
  request (a recipient extension).
* :data:`MMSOtherNotificationTypeExtensions` -- the ACP 127 notification
  response (a MON field).
* :data:`MMSExtendedBodyPartTypes` -- ADatP-3, corrections, forwarded
  encrypted, forwarded MM and ACP 127 data body parts.
* :data:`ExtendedSecurityServices` -- the RFC 2634 ``ESSSecurityLabel`` that
  STANAG 4406 Annex B uses in place of the deprecated information-labels
  heading extension; it travels as a CMS signed attribute
  (:data:`id_aa_security_label`), not in the IPM heading.  The X.411 label
  (``MTSAbstractService.MessageSecurityLabel``, envelope extension 20) is
  the one in :mod:`x400fast.asn1.x411`; :func:`ess_label_from_x411` and
  :func:`x411_label_from_ess` convert between the two forms.

``MMSUpperBounds`` is the ``ub_*`` / ``lb_*`` integers and
``MMSObjectIdentifiers`` the ``id_*`` strings below.  ``MMSAbstractService``
defines operations of the abstract service only (originate MM, receive MN
and so on), which carry the types here and need no declarations of their own.

Which value type goes with which extension OID is in the tables
:data:`HEADING_EXTENSIONS`, :data:`RECIPIENT_EXTENSIONS`,
:data:`OTHER_NOTIFICATION_TYPES` (values in a MON's
other-notification-type-fields), :data:`MTS_EXTENSIONS` (envelope private
extensions), :data:`ESS_ATTRIBUTES` and :data:`EXTENDED_BODY_PART_TYPES`.
Wireshark's copy of the modules has the IPMS-EXTENSION objects only as
comments (its compiler takes no information objects); the OID -> type pairs
here are those its P772 dissector registers, which match Isode's attributes.

Every MMS module is ``IMPLICIT TAGS``.  The definitions follow the module
text as Wireshark (asn1/p772) carries it; where that text and the STANAG
differ, or where the reference leaves a point open, a comment says which
form was chosen and why.
"""
from __future__ import annotations

from typing import Any as _Any, Dict, Mapping, Optional, Tuple

from ..errors import EncodeError
from .core import (
    C, Any, BitString, Choice, ComponentsOf, Enumerated, IA5String, Integer,
    Module, ObjectIdentifier, PrintableString, Sequence, SequenceOf, Set,
    SetOf, Type, UTCTime, UTF8String,
)
from . import x411, x420
from .x411 import MTSAbstractService as _mts
from .x420 import ExtendedBodyPartType

# ---------------------------------------------------------------------------
# MMSUpperBounds

ub_military_string = 69
ub_military_number_of_sics = 8
lb_military_sic = 3
ub_military_sic = 8
ub_military_bigstring = 128
ub_data_size = 65535              # the size of ACP127DataData

# ---------------------------------------------------------------------------
# MMSObjectIdentifiers (id-mmhs = {iso(1) identified-organization(3) nato(26)
# stanags(0) mmhs(4406) object-identifiers(0)})

id_mmhs = "1.3.26.0.4406.0"
id_mod = id_mmhs + ".0"               # modules
id_mm = id_mmhs + ".2"                # heading (and recipient, MON) extensions
id_hat = id_mmhs + ".3"               # heading attributes for the MS
id_mcont = id_mmhs + ".4"             # content types
id_policy = id_mmhs + ".5"            # NATO security policy identifier
id_cat = id_mmhs + ".6"               # special category identifiers (deprecated)
id_et = id_mmhs + ".7"                # military extended body part types
id_mmts = id_mmhs + ".8"              # MTS object identifiers
id_nat = id_mmhs + ".9"               # military notification attributes
id_mot = id_mmhs + ".10"              # military object types
id_mpt = id_mmhs + ".11"              # military port types
id_ref = id_mmhs + ".12"              # refinements
id_informationlabel = id_mmhs + ".13"  # information-label categories (deprecated)

# Modules
id_mod_upper_bounds = id_mod + ".0"
id_mod_mms = id_mod + ".1"
id_mod_functional_objects = id_mod + ".2"
id_mod_abstract_service = id_mod + ".3"
id_mod_heading_extension = id_mod + ".6"
id_mod_extended_body_part_types = id_mod + ".7"
id_mod_message_store_attributes = id_mod + ".8"
id_mod_per_recipient_specifier_extensions = id_mod + ".11"
id_mod_other_notification_type_extensions = id_mod + ".12"

# Object types, port types, refinements
id_mot_mmme = id_mot + ".0"
id_mot_mms_user = id_mot + ".1"
id_mot_mms = id_mot + ".2"
id_mot_mms_ua = id_mot + ".3"
id_mot_mms_ms = id_mot + ".4"
id_mot_acp127au = id_mot + ".5"
id_mot_pdau = id_mot + ".6"
id_mpt_origination = id_mpt + ".0"
id_mpt_reception = id_mpt + ".1"
id_mpt_management = id_mpt + ".2"
id_ref_primary = id_ref + ".0"
id_ref_secondary = id_ref + ".1"

# Military extended body part types (data and parameters)
id_nato_mmhs_et_adatp3 = id_et + ".0"
id_nato_mmhs_et_corrections = id_et + ".1"
id_nato_mmhs_et_adatp3_parameters = id_et + ".2"
id_nato_mmhs_et_corrections_parameters = id_et + ".3"
id_nato_mmhs_et_forwarded_encrypted = id_et + ".6"
id_nato_mmhs_et_forwarded_encrypted_parameters = id_et + ".7"
id_nato_mmhs_et_mm_message = id_et + ".9"
id_nato_mmhs_et_mm_message_parameters = id_et + ".10"
id_nato_mmhs_et_mm_acp127data = id_et + ".12"
id_nato_mmhs_et_mm_acp127data_parameters = id_et + ".13"

# Military heading fields (IPMS extensions)
id_nato_mmhs_mm_primary_precedence = id_mm + ".0"
id_nato_mmhs_mm_copy_precedence = id_mm + ".1"
id_nato_mmhs_mm_message_type = id_mm + ".2"
id_nato_mmhs_mm_address_list_indicator = id_mm + ".3"
id_nato_mmhs_mm_exempted_address = id_mm + ".4"
id_nato_mmhs_mm_extended_authorisation_info = id_mm + ".5"
id_nato_mmhs_mm_distribution_codes = id_mm + ".6"
id_nato_mmhs_mm_handling_instructions = id_mm + ".7"
id_nato_mmhs_mm_message_instructions = id_mm + ".8"
id_nato_mmhs_mm_codress_message = id_mm + ".9"
id_nato_mmhs_mm_originator_reference = id_mm + ".10"
id_nato_mmhs_mm_other_recipients_indicator = id_mm + ".11"
id_nato_mmhs_mm_pilot_forwarding_info = id_mm + ".12"
id_nato_mmhs_mm_acp127_message_identifier = id_mm + ".13"
id_nato_mmhs_mm_originator_plad = id_mm + ".14"
id_nato_mmhs_mm_acp127_notification_request = id_mm + ".15"    # per recipient
id_nato_mmhs_mm_acp127_notification_response = id_mm + ".16"   # MON field
id_nato_mmhs_mm_information_labels = id_mm + ".17"             # deprecated

# Heading attributes for the Message Store
id_nato_mmhs_hat_primary_precedence = id_hat + ".0"
id_nato_mmhs_hat_copy_precedence = id_hat + ".1"
id_nato_mmhs_hat_message_type = id_hat + ".2"
id_nato_mmhs_hat_address_list_indicator = id_hat + ".3"
id_nato_mmhs_hat_exempted_address = id_hat + ".4"
id_nato_mmhs_hat_extended_authorisation_info = id_hat + ".5"
id_nato_mmhs_hat_distribution_codes = id_hat + ".6"
id_nato_mmhs_hat_handling_instructions = id_hat + ".7"
id_nato_mmhs_hat_message_instructions = id_hat + ".8"
id_nato_mmhs_hat_codress_message = id_hat + ".9"
id_nato_mmhs_hat_originator_reference = id_hat + ".10"
id_nato_mmhs_hat_other_recipients_indicator = id_hat + ".11"
id_nato_mmhs_hat_pilot_forwarding_info = id_hat + ".12"
id_nato_mmhs_hat_acp127_message_identifier = id_hat + ".13"
id_nato_mmhs_hat_originator_plad = id_hat + ".14"
id_nato_mmhs_hat_acp127_notification_request = id_hat + ".15"
id_nato_mmhs_hat_sic_codes = id_hat + ".16"
id_nato_mmhs_hat_distribution_extensions = id_hat + ".17"
id_nato_mmhs_hat_body_part_information_label = id_hat + ".18"      # deprecated
id_nato_mmhs_hat_security_information_labels = id_hat + ".19"      # deprecated

# Special security categories and information-label categories (all deprecated)
id_nato_mmhs_cat = id_cat + ".0"
id_nato_mmhs_cat_atomal = id_cat + ".1"
id_nato_mmhs_cat_cryptosecurity = id_cat + ".2"
id_nato_mmhs_cat_specialhandlingintel = id_cat + ".3"
id_nato_mmhs_cat_ussiopesi = id_cat + ".4"
id_nato_mmhs_cat_eyesonly = id_cat + ".5"
id_nato_mmhs_cat_exclusive = id_cat + ".6"
id_nato_mmhs_cat_information_label = id_cat + ".7"
id_nato_mmhs_informationlabel_atomal = id_informationlabel + ".1"
id_nato_mmhs_informationlabel_cryptosecurity = id_informationlabel + ".2"
id_nato_mmhs_informationlabel_specialhandlingintel = id_informationlabel + ".3"
id_nato_mmhs_informationlabel_ussiopesi = id_informationlabel + ".4"
id_nato_mmhs_informationlabel_eyesonly = id_informationlabel + ".5"
id_nato_mmhs_informationlabel_exclusive = id_informationlabel + ".6"

# Notification attribute (MS) for the ACP 127 notification response.  In the
# MON itself the response is identified by id-mm 16, which is what Wireshark
# registers and what :data:`OTHER_NOTIFICATION_TYPES` keys on.
id_nato_mmhs_nat_acp127_notification_response = id_nat + ".0"

# Content type.  The envelope carries it as an extended content type:
# ContentType ("extended", id_mct_p772), see :data:`content_type_p772`.
id_mct_p772 = id_mcont + ".1"

# The envelope's priority level qualifier (an MTS private extension).  The
# name is this module's: the reference gives only "priority-level-qualifier"
# and the OID under id-mmts, as Wireshark registers it.
id_mmts_priority_level_qualifier = id_mmts + ".0"

# A P772 content forwarded as an X.420 forwarded-content body part:
# id-et-content / id-ep-content followed by the P772 content type's arcs,
# 2.6.1.4.17.1.3.26.0.4406.0.4.1 (Wireshark registers the data OID).
id_et_content_p772, id_ep_content_p772 = x420.content_body_part_oids(id_mct_p772)

# RFC 2634 (ESS) attribute OIDs: the security label and equivalent labels
# as CMS signed attributes, {id-aa 2} and {id-aa 9} under
# 1.2.840.113549.1.9.16.2.
id_aa_security_label = "1.2.840.113549.1.9.16.2.2"
id_aa_equivalent_labels = "1.2.840.113549.1.9.16.2.9"

#: The envelope ContentType value (MTSAbstractService.ContentType) of a P772
#: message.  Isode's API calls this content type 772; on the wire it is
#: always the OID.
content_type_p772: Tuple[str, str] = ("extended", id_mct_p772)


# ---------------------------------------------------------------------------
# MMSHeadingExtensions

MMSHeadingExtensions = Module("MMSHeadingExtensions", tagging="IMPLICIT")
MMSHeadingExtensions.imports(x420.ipms, _mts)
_hex = MMSHeadingExtensions.define

_hex("MilitaryString", PrintableString(size=(1, ub_military_string)))

# Precedence.  X.680 wants distinct names; the published module lists
# "override" twice (5, and 18 among the national values Wireshark marks "need
# to verify").  The DSL declares the name once, for 5; 18 decodes as the int
# it is either way (INTEGER values are ints).  0..15 are reserved for NATO,
# 16..31 for national use.
_PRECEDENCE_DSL_NAMES = {
    "deferred": 0, "routine": 1, "priority": 2, "immediate": 3, "flash": 4,
    "override": 5, "ecp": 16, "critic": 17,
}
_hex("MMHSPrecedence", Integer(named=_PRECEDENCE_DSL_NAMES))
# The STANAG's primary-precedence and copy-precedence extensions both carry an
# MMHSPrecedence; Wireshark gives each its own (identical) type name.
_hex("PrimaryPrecedence", "MMHSPrecedence")
_hex("CopyPrecedence", "MMHSPrecedence")

# Message type: 0..127 are NATO values, 128..255 national or bilateral.
_hex("MessageType", Set(
    C("type", "TypeMessage", tag="[0]"),
    C("identifier", "MessageIdentifier", tag="[1]", optional=True),
))
_hex("TypeMessage", Integer(named={
    "exercise": 0, "operation": 1, "project": 2, "drill": 3}))
_hex("MessageIdentifier", "MilitaryString")

# Address list indicator: the VALUE of the extension is SEQUENCE OF
# AddressListDesignator.  The STANAG writes that SEQUENCE OF inline in the
# IPMS-EXTENSION object; the "...Seq" names for such values are Wireshark's.
_hex("AddressListDesignatorSeq", SequenceOf("AddressListDesignator"))
_hex("AddressListDesignator", Set(
    C("type", Integer(named={"primaryAddressList": 0, "copyAddressList": 1}), tag="[0]"),
    C("listName", "IPMSInformationObjects.ORDescriptor", tag="[1]"),
    C("notificationRequest", "AddressListRequest", tag="[2]", optional=True),
    C("replyRequest", "AddressListRequest", tag="[3]", optional=True),
))
_hex("AddressListRequest", Integer(named={"action": 0, "info": 1, "both": 2}))

# Exempted address: address-list members deliberately not sent to.
_hex("ExemptedAddressSeq", SequenceOf("ExemptedAddress"))
_hex("ExemptedAddress", "IPMSInformationObjects.ORDescriptor")

# Extended authorisation info: the release time, a UTCTime (17), where
# X.420's own authorization-time heading extension is a GeneralizedTime.
_hex("ExtendedAuthorisationInfo", UTCTime())

# Distribution codes: subject indicator codes, and room for other codes.
_hex("DistributionCodes", Set(
    C("sics", SequenceOf("Sic", size=(1, ub_military_number_of_sics)), tag="[0]",
      optional=True),
    C("dist-Extensions", SequenceOf("DistributionExtensionField"), tag="[1]",
      optional=True),
))
_hex("Sic", PrintableString(size=(lb_military_sic, ub_military_sic)))
# The STANAG writes INSTANCE OF TYPE-IDENTIFIER, whose encoding would be
# [UNIVERSAL 8] { 06 type-id, A0 { value } }.  Wireshark (and the reference)
# use a plain SEQUENCE { OID, ANY }: 30 { 06 ..., value }.  No peer bytes of
# the INSTANCE OF form have been seen, so the SEQUENCE form is declared; the
# value stays a raw TLV.
_hex("DistributionExtensionField", Sequence(
    C("dist-type", ObjectIdentifier()),
    C("dist-value", Any()),
))

_hex("HandlingInstructions", SequenceOf("MilitaryString"))
_hex("MessageInstructions", SequenceOf("MilitaryString"))

# Codress message.  What the integer means is not established (the reference
# and Wireshark only give its type; Isode exposes it as a plain integer
# attribute), so it is left as an unconstrained INTEGER.
_hex("CodressMessage", Integer())

_hex("OriginatorReference", "MilitaryString")

_hex("OtherRecipientDesignatorSeq", SequenceOf("OtherRecipientDesignator"))
_hex("OtherRecipientDesignator", Set(
    C("type", Integer(named={"primary": 0, "copy": 1}), tag="[0]"),
    C("designator", "MilitaryString", tag="[1]"),
))

# Pilot forwarding information.  pilotSecurity is a MessageSecurityLabel
# (Wireshark's text keeps that name in a comment and uses SecurityLabel, the
# same SET): implicit, so A2 holds the label's components directly, as in
# Isode's SDK example pilot_fwd_info.ber.
_hex("PilotInformationSeq", SequenceOf("PilotInformation"))
_hex("PilotInformation", Sequence(
    C("pilotPrecedence", "MMHSPrecedence", tag="[0]", optional=True),
    C("pilotRecipient", SequenceOf("IPMSInformationObjects.ORDescriptor"), tag="[1]",
      optional=True),
    C("pilotSecurity", "MTSAbstractService.MessageSecurityLabel", tag="[2]", optional=True),
    C("pilotHandling", SequenceOf("MilitaryString"), tag="[3]", optional=True),
))

# ACP 127 message identifier: routing indicator, station serial number and
# Julian file time separated by spaces.
_hex("Acp127MessageIdentifier", "MilitaryString")
_hex("OriginatorPlad", "MilitaryString")

# Security information labels (deprecated by Annex B's ESS label).  Unlike
# X.420's IPMSecurityLabel, a body-part label here is a SET with an optional
# sequence number, not a CHOICE: the i-th label goes with the i-th body part
# when all are labelled, otherwise the number says which body part it is.
_hex("SecurityInformationLabels", Sequence(
    C("content-security-label", "MTSAbstractService.SecurityLabel", tag="[0]"),
    C("heading-security-label", "MTSAbstractService.SecurityLabel", tag="[1]",
      optional=True),
    C("body-part-security-labels", SequenceOf("BodyPartSecurityLabel"), tag="[2]",
      optional=True),
))
_hex("BodyPartSecurityLabel", Set(
    C("body-part-security-label", "MTSAbstractService.SecurityLabel", tag="[0]"),
    C("body-part-sequence-number", "BodyPartSequenceNumber", tag="[1]", optional=True),
))
_hex("BodyPartSequenceNumber", Integer())

# The envelope's priority level qualifier (MTS private extension under
# id-mmts); declared in this module as Wireshark's newer module text does.
_hex("PriorityLevelQualifier", Enumerated({"low": 0, "high": 1}))


# ---------------------------------------------------------------------------
# MMSPerRecipientSpecifierExtensions

MMSPerRecipientSpecifierExtensions = Module("MMSPerRecipientSpecifierExtensions",
                                            tagging="IMPLICIT")
# Negative, positive and transfer notification from an ACP 127 gateway.
MMSPerRecipientSpecifierExtensions.define("Acp127NotificationType", BitString(named={
    "acp127-nn": 0, "acp127-pn": 1, "acp127-tn": 2}))


# ---------------------------------------------------------------------------
# MMSOtherNotificationTypeExtensions

MMSOtherNotificationTypeExtensions = Module("MMSOtherNotificationTypeExtensions",
                                            tagging="IMPLICIT")
MMSOtherNotificationTypeExtensions.imports(
    x420.ipms, MMSHeadingExtensions, MMSPerRecipientSpecifierExtensions)
_ont = MMSOtherNotificationTypeExtensions.define
_ont("Acp127NotificationResponse", Set(
    C("acp127-notification-type",
      "MMSPerRecipientSpecifierExtensions.Acp127NotificationType", tag="[0]"),
    C("receipt-time", "IPMSInformationObjects.ReceiptTimeField", tag="[1]"),
    C("addressListIndicator", "AddressListIndicator", tag="[2]", optional=True),
    C("acp127-recipient", "Acp127Recipient", tag="[3]", optional=True),
    C("acp127-supp-info", "Acp127SuppInfo", tag="[4]", optional=True),
))
_ont("AddressListIndicator", SequenceOf("MMSHeadingExtensions.AddressListDesignator"))
_ont("Acp127Recipient", PrintableString(size=(1, ub_military_bigstring)))
_ont("Acp127SuppInfo", PrintableString(size=(1, ub_military_bigstring)))


# ---------------------------------------------------------------------------
# MMSInformationObjects
#
# MM and MN have the shape of X.420's IPM and IPN (Wireshark decodes them with
# the X.420 types).  The STANAG names MM's components mmheading and mmbody and
# MN's alternatives mn-non-receipt-fields...; their Python keys are set to the
# X.420 ones (heading, body, non_receipt_fields...) so that one heading / IPN
# value serves both content types and only the content type OID and the
# extension tables differ between P22 and P772.

MMSInformationObjects = Module("MMSInformationObjects", tagging="IMPLICIT")
MMSInformationObjects.imports(x420.ipms, _mts)
_mms = MMSInformationObjects.define
_mms("InformationObject", Choice(
    C("mm", "MM", tag="[0]"),
    C("mn", "MN", tag="[1]"),
))
_mms("MM", Sequence(
    C("mmheading", "IPMSInformationObjects.Heading", py="heading"),
    C("mmbody", "IPMSInformationObjects.Body", py="body"),
))
_mms("MN", Set(
    ComponentsOf("IPMSInformationObjects.CommonFields"),
    C("choice", Choice(
        C("mn-non-receipt-fields", "IPMSInformationObjects.NonReceiptFields", tag="[0]",
          py="non_receipt_fields"),
        C("mn-receipt-fields", "IPMSInformationObjects.ReceiptFields", tag="[1]",
          py="receipt_fields"),
        C("mn-other-notification-type-fields",
          "IPMSInformationObjects.OtherNotificationTypeFields", tag="[2]",
          py="other_notification_type_fields"),
    ), tag="[0]"),
))
# MRN, MNRN and MON are MN with the choice constrained; they encode as MN.
_mms("MRN", "MN")
_mms("MNRN", "MN")
_mms("MON", "MN")


# ---------------------------------------------------------------------------
# MMSExtendedBodyPartTypes

MMSExtendedBodyPartTypes = Module("MMSExtendedBodyPartTypes", tagging="IMPLICIT")
MMSExtendedBodyPartTypes.imports(MMSInformationObjects, _mts)
_ebp = MMSExtendedBodyPartTypes.define
# ADatP-3 (NATO formatted message): its parameter has a documented default of
# 0 but, being the whole parameters value, it is sent when sent at all.
_ebp("ADatP3Parameters", Integer())
_ebp("ADatP3Data", Choice(
    C("lineOriented", IA5String(), tag="[0] IMPLICIT"),
    C("setOriented", SequenceOf(IA5String()), tag="[1] IMPLICIT"),
))
_ebp("CorrectionsParameters", Integer())
_ebp("CorrectionsData", IA5String())
# The delivery information must be forwarded with an encrypted message: its
# content type says whether the encrypted content is an MM or an IPM.
_ebp("ForwardedEncryptedParameters", Set(
    C("delivery-time", "MTSAbstractService.MessageDeliveryTime", tag="[0]", optional=True),
    C("delivery-envelope", "MTSAbstractService.OtherMessageDeliveryFields", tag="[1]"),
))
_ebp("ForwardedEncryptedData", BitString())
_ebp("MMMessageParameters", Set(
    C("delivery-time", "MTSAbstractService.MessageDeliveryTime", tag="[0]", optional=True),
    C("delivery-envelope", "MTSAbstractService.OtherMessageDeliveryFields", tag="[1]"),
))
# MM (Wireshark writes IPM: the same SEQUENCE); a forwarded MM or IPM.
_ebp("MMMessageData", "MMSInformationObjects.MM")
_ebp("ACP127DataParameters", Integer())
_ebp("ACP127DataData", IA5String(size=(1, ub_data_size)))


# ---------------------------------------------------------------------------
# ExtendedSecurityServices (RFC 2634): the ESS security label

ExtendedSecurityServices = Module("ExtendedSecurityServices", tagging="IMPLICIT")
_ess = ExtendedSecurityServices.define
# Unlike the X.411 SecurityLabel, the policy identifier is mandatory and the
# privacy mark may be UTF-8.
_ess("ESSSecurityLabel", Set(
    C("security-policy-identifier", "SecurityPolicyIdentifier"),
    C("security-classification", "SecurityClassification", optional=True),
    C("privacy-mark", "ESSPrivacyMark", optional=True),
    C("security-categories", "SecurityCategories", optional=True),
))
_ess("SecurityPolicyIdentifier", ObjectIdentifier())
_ess("SecurityClassification", Integer(named={
    "unmarked": 0, "unclassified": 1, "restricted": 2, "confidential": 3,
    "secret": 4, "top-secret": 5,
}, range=(0, x411.ub_integer_options)))
_ess("ESSPrivacyMark", Choice(
    C("pString", PrintableString(size=(1, x411.ub_privacy_mark_length))),
    C("utf8String", UTF8String(size=(1, None))),
))
_ess("SecurityCategories", SetOf("SecurityCategory",
                                 size=(1, x411.ub_security_categories)))
# value is an open type: [1] explicit, the category's own TLV inside.
_ess("SecurityCategory", Sequence(
    C("type", ObjectIdentifier(), tag="[0]"),
    C("value", Any(), tag="[1]"),
))
_ess("EquivalentLabels", SequenceOf("ESSSecurityLabel"))


# ---------------------------------------------------------------------------
# Tables

_h = MMSHeadingExtensions.types

#: Heading extensions (IPM heading ``extensions``): extension OID -> value type.
HEADING_EXTENSIONS: Dict[str, Type] = {
    id_nato_mmhs_mm_primary_precedence: _h["PrimaryPrecedence"],
    id_nato_mmhs_mm_copy_precedence: _h["CopyPrecedence"],
    id_nato_mmhs_mm_message_type: _h["MessageType"],
    id_nato_mmhs_mm_address_list_indicator: _h["AddressListDesignatorSeq"],
    id_nato_mmhs_mm_exempted_address: _h["ExemptedAddressSeq"],
    id_nato_mmhs_mm_extended_authorisation_info: _h["ExtendedAuthorisationInfo"],
    id_nato_mmhs_mm_distribution_codes: _h["DistributionCodes"],
    id_nato_mmhs_mm_handling_instructions: _h["HandlingInstructions"],
    id_nato_mmhs_mm_message_instructions: _h["MessageInstructions"],
    id_nato_mmhs_mm_codress_message: _h["CodressMessage"],
    id_nato_mmhs_mm_originator_reference: _h["OriginatorReference"],
    id_nato_mmhs_mm_other_recipients_indicator: _h["OtherRecipientDesignatorSeq"],
    id_nato_mmhs_mm_pilot_forwarding_info: _h["PilotInformationSeq"],
    id_nato_mmhs_mm_acp127_message_identifier: _h["Acp127MessageIdentifier"],
    id_nato_mmhs_mm_originator_plad: _h["OriginatorPlad"],
    id_nato_mmhs_mm_information_labels: _h["SecurityInformationLabels"],
}

#: Recipient extensions (RecipientSpecifier ``recipient-extensions``).
RECIPIENT_EXTENSIONS: Dict[str, Type] = {
    id_nato_mmhs_mm_acp127_notification_request:
        MMSPerRecipientSpecifierExtensions["Acp127NotificationType"],
}

#: Values in a MON's other-notification-type-fields.
OTHER_NOTIFICATION_TYPES: Dict[str, Type] = {
    id_nato_mmhs_mm_acp127_notification_response:
        MMSOtherNotificationTypeExtensions["Acp127NotificationResponse"],
}

#: Envelope (MTS ExtensionField, private-extension OID) values.  Its
#: criticality is not established; sending it non-critical lets an MTA that
#: does not know it still deliver by the plain X.411 priority.
MTS_EXTENSIONS: Dict[str, Type] = {
    id_mmts_priority_level_qualifier: _h["PriorityLevelQualifier"],
}

#: CMS (signed) attributes of STANAG 4406 Annex B for labels.
ESS_ATTRIBUTES: Dict[str, Type] = {
    id_aa_security_label: ExtendedSecurityServices["ESSSecurityLabel"],
    id_aa_equivalent_labels: ExtendedSecurityServices["EquivalentLabels"],
}

#: Military extended body part types, keyed by data OID.  (A forwarded P772
#: content is X.420's forwarded-content body part with the OIDs
#: :data:`id_et_content_p772` / :data:`id_ep_content_p772`.)
EXTENDED_BODY_PART_TYPES: Dict[str, ExtendedBodyPartType] = {e.data_oid: e for e in (
    ExtendedBodyPartType("adatp3", id_nato_mmhs_et_adatp3,
                         MMSExtendedBodyPartTypes["ADatP3Data"],
                         id_nato_mmhs_et_adatp3_parameters,
                         MMSExtendedBodyPartTypes["ADatP3Parameters"]),
    ExtendedBodyPartType("corrections", id_nato_mmhs_et_corrections,
                         MMSExtendedBodyPartTypes["CorrectionsData"],
                         id_nato_mmhs_et_corrections_parameters,
                         MMSExtendedBodyPartTypes["CorrectionsParameters"]),
    ExtendedBodyPartType("forwarded-encrypted", id_nato_mmhs_et_forwarded_encrypted,
                         MMSExtendedBodyPartTypes["ForwardedEncryptedData"],
                         id_nato_mmhs_et_forwarded_encrypted_parameters,
                         MMSExtendedBodyPartTypes["ForwardedEncryptedParameters"]),
    ExtendedBodyPartType("mm-message", id_nato_mmhs_et_mm_message,
                         MMSExtendedBodyPartTypes["MMMessageData"],
                         id_nato_mmhs_et_mm_message_parameters,
                         MMSExtendedBodyPartTypes["MMMessageParameters"]),
    ExtendedBodyPartType("acp127data", id_nato_mmhs_et_mm_acp127data,
                         MMSExtendedBodyPartTypes["ACP127DataData"],
                         id_nato_mmhs_et_mm_acp127data_parameters,
                         MMSExtendedBodyPartTypes["ACP127DataParameters"]),
)}

#: The names the STANAG gives the IPMS-EXTENSION objects, by OID.
EXTENSION_NAMES: Dict[str, str] = {
    id_nato_mmhs_mm_primary_precedence: "primary-precedence",
    id_nato_mmhs_mm_copy_precedence: "copy-precedence",
    id_nato_mmhs_mm_message_type: "message-type",
    id_nato_mmhs_mm_address_list_indicator: "address-list-indicator",
    id_nato_mmhs_mm_exempted_address: "exempted-address",
    id_nato_mmhs_mm_extended_authorisation_info: "extended-authorisation-info",
    id_nato_mmhs_mm_distribution_codes: "distribution-codes",
    id_nato_mmhs_mm_handling_instructions: "handling-instructions",
    id_nato_mmhs_mm_message_instructions: "message-instructions",
    id_nato_mmhs_mm_codress_message: "codress-message",
    id_nato_mmhs_mm_originator_reference: "originator-reference",
    id_nato_mmhs_mm_other_recipients_indicator: "other-recipients-indicator",
    id_nato_mmhs_mm_pilot_forwarding_info: "pilot-forwarding-info",
    id_nato_mmhs_mm_acp127_message_identifier: "acp127-message-identifier",
    id_nato_mmhs_mm_originator_plad: "originator-plad",
    id_nato_mmhs_mm_acp127_notification_request: "acp127-notification-request",
    id_nato_mmhs_mm_acp127_notification_response: "acp127-notification-response",
    id_nato_mmhs_mm_information_labels: "security-information-labels",
}


# ---------------------------------------------------------------------------
# Precedence and envelope priority

#: MMHSPrecedence value -> name.  18 is a national "override" in the module
#: text (a second use of the name; Wireshark marks 16..18 unverified).
PRECEDENCE_NAMES: Dict[int, str] = {
    0: "deferred", 1: "routine", 2: "priority", 3: "immediate", 4: "flash",
    5: "override", 16: "ecp", 17: "critic", 18: "override",
}
#: Name -> MMHSPrecedence value ("override" is the NATO 5).
PRECEDENCE_VALUES: Dict[str, int] = dict(_PRECEDENCE_DSL_NAMES)

#: Primary precedence -> (X.411 priority, priority level qualifier): three
#: priorities times two qualifiers give the six NATO precedences.  This is the
#: pairing the reference gives, not yet checked against the STANAG text, and
#: national values (16..31) have no agreed place: hence a table that callers
#: can replace (see :func:`envelope_priority`).
PRECEDENCE_PRIORITY: Dict[int, Tuple[str, str]] = {
    0: ("non-urgent", "low"),      # deferred
    1: ("non-urgent", "high"),     # routine
    2: ("normal", "low"),          # priority
    3: ("normal", "high"),         # immediate
    4: ("urgent", "low"),          # flash
    5: ("urgent", "high"),         # override
}


def envelope_priority(precedence: int,
                      table: Optional[Mapping[int, Tuple[str, str]]] = None,
                      ) -> Tuple[str, str]:
    """The envelope's ``(priority, priority-level-qualifier)`` for a precedence.

    X.411 has only three priorities, so MMHS adds a low/high qualifier as an
    envelope extension (:data:`MTS_EXTENSIONS`).  The priority is the
    ``MTSAbstractService.Priority`` name, the qualifier the
    ``PriorityLevelQualifier`` name.  When primary and copy precedence differ
    the caller decides which envelope each governs (the reference leaves it
    open; one submission per precedence is the safe reading).

    :param precedence: an MMHSPrecedence value.
    :param table: a replacement for :data:`PRECEDENCE_PRIORITY`, e.g. one
        that places national precedences.
    :raises EncodeError: for a precedence the table does not place.
    """
    t = PRECEDENCE_PRIORITY if table is None else table
    try:
        return t[precedence]
    except (KeyError, TypeError):
        raise EncodeError("precedence %r has no envelope priority" % (precedence,),
                          ("MMHSPrecedence",)) from None


def precedence_from_priority(priority: str, qualifier: Optional[str] = None,
                             table: Optional[Mapping[int, Tuple[str, str]]] = None,
                             ) -> int:
    """The precedence an envelope's priority (and qualifier) stands for.

    Without the qualifier extension the lower precedence of the pair is
    returned (a plain X.400 "urgent" reads as flash, never as override): an
    absent qualifier must not raise the urgency the originator asked for.

    :raises EncodeError: for a pair the table does not hold.
    """
    t = PRECEDENCE_PRIORITY if table is None else table
    wanted = (priority, "low" if qualifier is None else qualifier)
    for value in sorted(t):
        if tuple(t[value]) == wanted:
            return value
    raise EncodeError("no precedence for priority %r, qualifier %r" % wanted,
                      ("PriorityLevelQualifier",))


# ---------------------------------------------------------------------------
# X.411 and ESS security labels


def ess_label_from_x411(label: Mapping[str, _Any]) -> Dict[str, _Any]:
    """An ``ESSSecurityLabel`` value from an X.411 ``SecurityLabel`` value.

    The components have the same meaning and (for categories) the same
    encoding; the ESS form needs a policy identifier and wraps the privacy
    mark in its CHOICE (PrintableString kept as ``p_string``).

    :raises EncodeError: when the X.411 label has no policy identifier.
    """
    policy = label.get("security_policy_identifier")
    if policy is None:
        raise EncodeError("an ESS security label needs a security policy identifier",
                          ("ESSSecurityLabel", "security-policy-identifier"))
    out: Dict[str, _Any] = {"security_policy_identifier": policy}
    if label.get("security_classification") is not None:
        out["security_classification"] = label["security_classification"]
    if label.get("privacy_mark") is not None:
        out["privacy_mark"] = ("p_string", label["privacy_mark"])
    if label.get("security_categories") is not None:
        out["security_categories"] = list(label["security_categories"])
    return out


_PRINTABLE = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
                       "0123456789 '()+,-./:=?")


def x411_label_from_ess(label: Mapping[str, _Any]) -> Dict[str, _Any]:
    """An X.411 ``SecurityLabel`` value (for the envelope's
    message-security-label) from an ``ESSSecurityLabel`` value.

    :raises EncodeError: when the privacy mark is not a ``(alternative,
        text)`` pair, or is a UTF-8 mark holding characters outside
        PrintableString or longer than the X.411 bound (128), which the X.411
        label cannot carry.
    """
    out: Dict[str, _Any] = {}
    for key in ("security_policy_identifier", "security_classification"):
        if label.get(key) is not None:
            out[key] = label[key]
    if label.get("security_categories") is not None:
        out["security_categories"] = list(label["security_categories"])
    mark = label.get("privacy_mark")
    if mark is not None:
        text = mark[1] if isinstance(mark, tuple) and len(mark) == 2 else None
        if not (isinstance(text, str) and 0 < len(text) <= x411.ub_privacy_mark_length
                and _PRINTABLE.issuperset(text)):
            raise EncodeError("privacy mark %r does not fit an X.411 PrivacyMark" % (mark,),
                              ("SecurityLabel", "privacy-mark"))
        out["privacy_mark"] = text
    return out


#: The MMS modules declared here, in dependency order.
MODULES = (MMSHeadingExtensions, MMSPerRecipientSpecifierExtensions,
           MMSOtherNotificationTypeExtensions, MMSInformationObjects,
           MMSExtendedBodyPartTypes, ExtendedSecurityServices)

del _hex, _ont, _mms, _ebp, _ess, _h

__all__ = [
    "MMSHeadingExtensions", "MMSPerRecipientSpecifierExtensions",
    "MMSOtherNotificationTypeExtensions", "MMSInformationObjects",
    "MMSExtendedBodyPartTypes", "ExtendedSecurityServices", "MODULES",
    "HEADING_EXTENSIONS", "RECIPIENT_EXTENSIONS", "OTHER_NOTIFICATION_TYPES",
    "MTS_EXTENSIONS", "ESS_ATTRIBUTES", "EXTENDED_BODY_PART_TYPES", "EXTENSION_NAMES",
    "PRECEDENCE_NAMES", "PRECEDENCE_VALUES", "PRECEDENCE_PRIORITY",
    "envelope_priority", "precedence_from_priority",
    "ess_label_from_x411", "x411_label_from_ess", "content_type_p772",
] + sorted(n for n in list(globals()) if n.startswith(("id_", "ub_", "lb_")))
