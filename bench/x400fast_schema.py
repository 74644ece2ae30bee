"""The benchmark schema (bench/workload.asn) declared with the x400fast DSL.

Same subset of X.411 MTSAbstractService and X.420 IPMSInformationObjects as
workload.asn and pyasn1_spec.py; the DSL has no COMPONENTS OF, so the
components it pulls in are written out where they land (the envelope's
per-message fields, ORName's address components).  DEFAULT values are given
in the x400fast value model (named BIT STRINGs as frozensets of names).

Importing this module needs :mod:`x400fast.asn1`; the benchmarks skip the
x400fast legs when it does not import.
"""
from __future__ import annotations

from x400fast.asn1 import (
    C, BitString, Boolean, Choice, Enumerated, IA5String, Integer, Module,
    NumericString, ObjectIdentifier, OctetString, PrintableString, Sequence,
    SequenceOf, Set, SetOf, TeletexString, UTCTime,
)

__all__ = ["mts", "ipms", "MessageSubmissionArgument", "InformationObject", "TYPES"]

# ---------------------------------------------------------------------------
# MTSAbstractService (X.411), DEFINITIONS IMPLICIT TAGS

mts = Module("MTSAbstractService", tagging="IMPLICIT")

mts.define("MessageSubmissionArgument", Sequence(
    C("envelope", "MessageSubmissionEnvelope"),
    C("content", "Content"),
))

mts.define("MessageSubmissionEnvelope", Set(
    # COMPONENTS OF PerMessageSubmissionFields
    C("originator-name", "OriginatorName"),
    C("original-encoded-information-types", "OriginalEncodedInformationTypes",
      optional=True),
    C("content-type", "ContentType"),
    C("content-identifier", "ContentIdentifier", optional=True),
    C("priority", "Priority", default="normal"),
    C("per-message-indicators", "PerMessageIndicators", default=frozenset()),
    C("deferred-delivery-time", "DeferredDeliveryTime", tag="[0]", optional=True),
    # then the envelope's own component
    C("per-recipient-fields",
      SequenceOf("PerRecipientMessageSubmissionFields", size=(1, 32767)), tag="[1]"),
))

mts.define("PerRecipientMessageSubmissionFields", Set(
    C("recipient-name", "RecipientName"),
    C("originator-report-request", "OriginatorReportRequest", tag="[0]"),
    C("explicit-conversion", "ExplicitConversion", tag="[1]", optional=True),
))

mts.define("OriginatorName", "ORAddressAndOrDirectoryName")
mts.define("RecipientName", "ORAddressAndOrDirectoryName")
mts.define("OriginalEncodedInformationTypes", "EncodedInformationTypes")
mts.define("DeferredDeliveryTime", "Time")

mts.define("OriginatorReportRequest", BitString(
    named={"report": 3, "non-delivery-report": 4}, size=(0, 16)))

mts.define("ExplicitConversion", Integer(named={
    "ia5-text-to-teletex": 0, "ia5-text-to-g3-facsimile": 8,
    "ia5-text-to-g4-class-1": 9, "ia5-text-to-videotex": 10,
    "teletex-to-ia5-text": 11, "teletex-to-g3-facsimile": 12,
    "teletex-to-g4-class-1": 13, "teletex-to-videotex": 14,
    "videotex-to-ia5-text": 16, "videotex-to-teletex": 17,
}, range=(0, 256)))

mts.define("Content", OctetString())

mts.define("ContentType", Choice(
    C("built-in", "BuiltInContentType"),
    C("extended", "ExtendedContentType"),
))

mts.define("BuiltInContentType", Integer(named={
    "unidentified": 0, "external": 1, "interpersonal-messaging-1984": 2,
    "interpersonal-messaging-1988": 22, "edi-messaging": 35, "voice-messaging": 40,
}, range=(0, 32767)), tag="[APPLICATION 6]")

mts.define("ExtendedContentType", ObjectIdentifier())

mts.define("ContentIdentifier", PrintableString(size=(1, 16)), tag="[APPLICATION 10]")

mts.define("Priority", Enumerated({"normal": 0, "non-urgent": 1, "urgent": 2}),
           tag="[APPLICATION 7]")

mts.define("PerMessageIndicators", BitString(named={
    "disclosure-of-other-recipients": 0, "implicit-conversion-prohibited": 1,
    "alternate-recipient-allowed": 2, "content-return-request": 3, "reserved": 4,
    "bit-5": 5, "bit-6": 6, "service-message": 7,
}, size=(0, 16)), tag="[APPLICATION 8]")

mts.define("Time", UTCTime())

mts.define("EncodedInformationTypes", Set(
    C("built-in-encoded-information-types", "BuiltInEncodedInformationTypes", tag="[0]"),
    C("extended-encoded-information-types", "ExtendedEncodedInformationTypes",
      tag="[4]", optional=True),
), tag="[APPLICATION 5]")

mts.define("BuiltInEncodedInformationTypes", BitString(named={
    "unknown": 0, "ia5-text": 2, "g3-facsimile": 3, "g4-class-1": 4, "teletex": 5,
    "videotex": 6, "voice": 7, "sfd": 8, "mixed-mode": 9,
}, size=(0, 32)))

mts.define("ExtendedEncodedInformationTypes",
           SetOf("ExtendedEncodedInformationType", size=(1, 1024)))
mts.define("ExtendedEncodedInformationType", ObjectIdentifier())

# O/R names

mts.define("ORAddressAndOrDirectoryName", "ORName")

mts.define("ORName", Sequence(
    # COMPONENTS OF ORAddress
    C("built-in-standard-attributes", "BuiltInStandardAttributes"),
    C("built-in-domain-defined-attributes", "BuiltInDomainDefinedAttributes",
      optional=True),
), tag="[APPLICATION 0]")

mts.define("ORAddress", Sequence(
    C("built-in-standard-attributes", "BuiltInStandardAttributes"),
    C("built-in-domain-defined-attributes", "BuiltInDomainDefinedAttributes",
      optional=True),
))

mts.define("BuiltInStandardAttributes", Sequence(
    C("country-name", "CountryName", optional=True),
    C("administration-domain-name", "AdministrationDomainName", optional=True),
    C("network-address", "NetworkAddress", tag="[0]", optional=True),
    C("terminal-identifier", "TerminalIdentifier", tag="[1]", optional=True),
    C("private-domain-name", "PrivateDomainName", tag="[2]", optional=True),
    C("organization-name", "OrganizationName", tag="[3]", optional=True),
    C("numeric-user-identifier", "NumericUserIdentifier", tag="[4]", optional=True),
    C("personal-name", "PersonalName", tag="[5]", optional=True),
    C("organizational-unit-names", "OrganizationalUnitNames", tag="[6]", optional=True),
))

mts.define("CountryName", Choice(
    C("x121-dcc-code", NumericString(size=3)),
    C("iso-3166-alpha2-code", PrintableString(size=2)),
), tag="[APPLICATION 1]")

mts.define("AdministrationDomainName", Choice(
    C("numeric", NumericString(size=(0, 16))),
    C("printable", PrintableString(size=(0, 16))),
), tag="[APPLICATION 2]")

mts.define("NetworkAddress", "X121Address")
mts.define("X121Address", NumericString(size=(1, 16)))
mts.define("TerminalIdentifier", PrintableString(size=(1, 24)))

mts.define("PrivateDomainName", Choice(
    C("numeric", NumericString(size=(1, 16))),
    C("printable", PrintableString(size=(1, 16))),
))

mts.define("OrganizationName", PrintableString(size=(1, 64)))
mts.define("NumericUserIdentifier", NumericString(size=(1, 32)))

mts.define("PersonalName", Set(
    C("surname", PrintableString(size=(1, 40)), tag="[0]"),
    C("given-name", PrintableString(size=(1, 16)), tag="[1]", optional=True),
    C("initials", PrintableString(size=(1, 5)), tag="[2]", optional=True),
    C("generation-qualifier", PrintableString(size=(1, 3)), tag="[3]", optional=True),
))

mts.define("OrganizationalUnitNames", SequenceOf("OrganizationalUnitName", size=(1, 4)))
mts.define("OrganizationalUnitName", PrintableString(size=(1, 32)))

mts.define("BuiltInDomainDefinedAttributes",
           SequenceOf("BuiltInDomainDefinedAttribute", size=(1, 4)))
mts.define("BuiltInDomainDefinedAttribute", Sequence(
    C("type", PrintableString(size=(1, 8))),
    C("value", PrintableString(size=(1, 128))),
))

# ---------------------------------------------------------------------------
# IPMSInformationObjects (X.420), DEFINITIONS IMPLICIT TAGS

ipms = Module("IPMSInformationObjects", tagging="IMPLICIT")
ipms.imports(mts)

ipms.define("InformationObject", Choice(
    C("ipm", "IPM", tag="[0]"),
))

ipms.define("IPM", Sequence(
    C("heading", "Heading"),
    C("body", "Body"),
))

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
    C("subject", "SubjectField", tag="[8] EXPLICIT", optional=True),
    C("expiry-time", "ExpiryTimeField", tag="[9]", optional=True),
    C("reply-time", "ReplyTimeField", tag="[10]", optional=True),
    C("reply-recipients", "ReplyRecipientsField", tag="[11]", optional=True),
    C("importance", "ImportanceField", tag="[12]", default="normal"),
    C("sensitivity", "SensitivityField", tag="[13]", optional=True),
    C("auto-forwarded", "AutoForwardedField", tag="[14]", default=False),
))

ipms.define("IPMIdentifier", Set(
    C("user", "ORName", optional=True),
    C("user-relative-identifier", "LocalIPMIdentifier"),
), tag="[APPLICATION 11]")

ipms.define("LocalIPMIdentifier", PrintableString(size=(0, 64)))

ipms.define("RecipientSpecifier", Set(
    C("recipient", "ORDescriptor", tag="[0]"),
    C("notification-requests", "NotificationRequests", tag="[1]", default=frozenset()),
    C("reply-requested", Boolean(), tag="[2]", default=False),
))

ipms.define("NotificationRequests", BitString(named={
    "rn": 0, "nrn": 1, "ipm-return": 2, "an-supported": 3, "suppress-an": 4,
}))

ipms.define("ORDescriptor", Set(
    C("formal-name", "ORName", optional=True),
    C("free-form-name", "FreeFormName", tag="[0]", optional=True),
    C("telephone-number", "TelephoneNumber", tag="[1]", optional=True),
))

ipms.define("FreeFormName", TeletexString(size=(0, 64)))
ipms.define("TelephoneNumber", PrintableString(size=(0, 32)))

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
ipms.define("SubjectField", TeletexString(size=(0, 128)))
ipms.define("ExpiryTimeField", "Time")
ipms.define("ReplyTimeField", "Time")
ipms.define("ReplyRecipientsField", SequenceOf("ReplyRecipientsSubfield"))
ipms.define("ReplyRecipientsSubfield", "ORDescriptor")
ipms.define("ImportanceField", Enumerated({"low": 0, "normal": 1, "high": 2}))
ipms.define("SensitivityField", Enumerated(
    {"personal": 1, "private": 2, "company-confidential": 3}))
ipms.define("AutoForwardedField", Boolean())
ipms.define("Time", UTCTime())

ipms.define("Body", SequenceOf("BodyPart"))

ipms.define("BodyPart", Choice(
    C("basic", Choice(
        C("ia5-text", "IA5TextBodyPart", tag="[0]"),
        C("bilaterally-defined", "BilaterallyDefinedBodyPart", tag="[14]"),
    )),
))

ipms.define("IA5TextBodyPart", Sequence(
    C("parameters", "IA5TextParameters"),
    C("data", "IA5TextData"),
))

ipms.define("IA5TextParameters", Set(
    C("repertoire", "Repertoire", tag="[0]", default="ia5"),
))

ipms.define("IA5TextData", IA5String())
ipms.define("Repertoire", Enumerated({"ita2": 2, "ia5": 5}))
ipms.define("BilaterallyDefinedBodyPart", OctetString())

MessageSubmissionArgument = mts["MessageSubmissionArgument"]
InformationObject = ipms["InformationObject"]

#: The benchmark's top-level types by their ASN.1 names.
TYPES = {
    "MessageSubmissionArgument": MessageSubmissionArgument,
    "InformationObject": InformationObject,
}
