"""The benchmark schema (bench/workload.asn) declared for pyasn1 0.6.

This is the pyasn1 peer of the x400fast benchmarks: the same subset of
X.411 MTSAbstractService and X.420 IPMSInformationObjects, tag for tag.
tests/test_bench_workload.py checks that pyasn1 and asn1tools produce the
same octets for the same value, which pins this file to workload.asn.

Why a custom encoder (:data:`encode`): pyasn1's BER encoder writes SET
components in declaration order and TRUE as 0x01, and its DER encoder sorts
an explicitly tagged SET component by its inner tag.  The encoder here is
pyasn1's DER encoder ordering SET components by the tag written first, with
an untagged CHOICE placed by the alternative chosen (X.690 10.3), the order
x400fast writes.
Decoding uses pyasn1's plain BER decoder.
"""
from __future__ import annotations

from typing import Any, Tuple

from pyasn1.codec.ber import decoder as _ber_decoder
from pyasn1.codec.der import encoder as _der_encoder
from pyasn1.type import char, constraint, namedtype, namedval, tag, univ, useful

__all__ = [
    "encode", "decode",
    # MTSAbstractService
    "MessageSubmissionArgument", "MessageSubmissionEnvelope",
    "PerRecipientMessageSubmissionFields", "ORName", "ORAddress",
    "BuiltInStandardAttributes", "BuiltInDomainDefinedAttributes",
    "PersonalName", "CountryName", "AdministrationDomainName",
    "PrivateDomainName", "ContentType", "EncodedInformationTypes",
    # IPMSInformationObjects
    "InformationObject", "IPM", "Heading", "Body", "BodyPart",
    "IPMIdentifier", "ORDescriptor", "RecipientSpecifier",
]


def _size(lo: int, hi: int) -> constraint.ValueSizeConstraint:
    return constraint.ValueSizeConstraint(lo, hi)


def _ctx(number: int, constructed: bool = False) -> tag.Tag:
    fmt = tag.tagFormatConstructed if constructed else tag.tagFormatSimple
    return tag.Tag(tag.tagClassContext, fmt, number)


def _app(number: int, constructed: bool = False) -> tag.Tag:
    fmt = tag.tagFormatConstructed if constructed else tag.tagFormatSimple
    return tag.Tag(tag.tagClassApplication, fmt, number)


def _printable(lo: int, hi: int) -> char.PrintableString:
    return char.PrintableString().subtype(subtypeSpec=_size(lo, hi))


def _numeric(lo: int, hi: int) -> char.NumericString:
    return char.NumericString().subtype(subtypeSpec=_size(lo, hi))


# ---------------------------------------------------------------------------
# MTSAbstractService: O/R names


class CountryName(univ.Choice):
    """[APPLICATION 1] on a CHOICE: always explicit (0x61 around 0x12/0x13)."""

    tagSet = univ.Choice.tagSet.tagExplicitly(_app(1, True))
    componentType = namedtype.NamedTypes(
        namedtype.NamedType("x121-dcc-code", _numeric(3, 3)),
        namedtype.NamedType("iso-3166-alpha2-code", _printable(2, 2)),
    )


class AdministrationDomainName(univ.Choice):
    tagSet = univ.Choice.tagSet.tagExplicitly(_app(2, True))
    componentType = namedtype.NamedTypes(
        namedtype.NamedType("numeric", _numeric(0, 16)),
        namedtype.NamedType("printable", _printable(0, 16)),
    )


class PrivateDomainName(univ.Choice):
    componentType = namedtype.NamedTypes(
        namedtype.NamedType("numeric", _numeric(1, 16)),
        namedtype.NamedType("printable", _printable(1, 16)),
    )


class X121Address(char.NumericString):
    subtypeSpec = _size(1, 16)


NetworkAddress = X121Address


class TerminalIdentifier(char.PrintableString):
    subtypeSpec = _size(1, 24)


class OrganizationName(char.PrintableString):
    subtypeSpec = _size(1, 64)


class NumericUserIdentifier(char.NumericString):
    subtypeSpec = _size(1, 32)


class PersonalName(univ.Set):
    componentType = namedtype.NamedTypes(
        namedtype.NamedType("surname", _printable(1, 40).subtype(implicitTag=_ctx(0))),
        namedtype.OptionalNamedType("given-name",
                                    _printable(1, 16).subtype(implicitTag=_ctx(1))),
        namedtype.OptionalNamedType("initials",
                                    _printable(1, 5).subtype(implicitTag=_ctx(2))),
        namedtype.OptionalNamedType("generation-qualifier",
                                    _printable(1, 3).subtype(implicitTag=_ctx(3))),
    )


class OrganizationalUnitName(char.PrintableString):
    subtypeSpec = _size(1, 32)


class OrganizationalUnitNames(univ.SequenceOf):
    componentType = OrganizationalUnitName()
    subtypeSpec = _size(1, 4)


class BuiltInStandardAttributes(univ.Sequence):
    componentType = namedtype.NamedTypes(
        namedtype.OptionalNamedType("country-name", CountryName()),
        namedtype.OptionalNamedType("administration-domain-name",
                                    AdministrationDomainName()),
        namedtype.OptionalNamedType("network-address",
                                    NetworkAddress().subtype(implicitTag=_ctx(0))),
        namedtype.OptionalNamedType("terminal-identifier",
                                    TerminalIdentifier().subtype(implicitTag=_ctx(1))),
        # [2] on a CHOICE: explicit even in an IMPLICIT TAGS module.
        namedtype.OptionalNamedType("private-domain-name",
                                    PrivateDomainName().subtype(explicitTag=_ctx(2, True))),
        namedtype.OptionalNamedType("organization-name",
                                    OrganizationName().subtype(implicitTag=_ctx(3))),
        namedtype.OptionalNamedType("numeric-user-identifier",
                                    NumericUserIdentifier().subtype(implicitTag=_ctx(4))),
        namedtype.OptionalNamedType("personal-name",
                                    PersonalName().subtype(implicitTag=_ctx(5, True))),
        namedtype.OptionalNamedType("organizational-unit-names",
                                    OrganizationalUnitNames().subtype(
                                        implicitTag=_ctx(6, True))),
    )


class BuiltInDomainDefinedAttribute(univ.Sequence):
    componentType = namedtype.NamedTypes(
        namedtype.NamedType("type", _printable(1, 8)),
        namedtype.NamedType("value", _printable(1, 128)),
    )


class BuiltInDomainDefinedAttributes(univ.SequenceOf):
    componentType = BuiltInDomainDefinedAttribute()
    subtypeSpec = _size(1, 4)


_OR_ADDRESS_COMPONENTS = (
    namedtype.NamedType("built-in-standard-attributes", BuiltInStandardAttributes()),
    namedtype.OptionalNamedType("built-in-domain-defined-attributes",
                                BuiltInDomainDefinedAttributes()),
)


class ORAddress(univ.Sequence):
    componentType = namedtype.NamedTypes(*_OR_ADDRESS_COMPONENTS)


class ORName(univ.Sequence):
    """[APPLICATION 0] IMPLICIT SEQUENCE { COMPONENTS OF ORAddress } (0x60)."""

    tagSet = univ.Sequence.tagSet.tagImplicitly(_app(0, True))
    componentType = namedtype.NamedTypes(*_OR_ADDRESS_COMPONENTS)


# ---------------------------------------------------------------------------
# MTSAbstractService: common parameter types


class BuiltInContentType(univ.Integer):
    tagSet = univ.Integer.tagSet.tagImplicitly(_app(6))
    namedValues = namedval.NamedValues(
        ("unidentified", 0), ("external", 1), ("interpersonal-messaging-1984", 2),
        ("interpersonal-messaging-1988", 22), ("edi-messaging", 35),
        ("voice-messaging", 40))
    subtypeSpec = constraint.ValueRangeConstraint(0, 32767)


class ExtendedContentType(univ.ObjectIdentifier):
    pass


class ContentType(univ.Choice):
    componentType = namedtype.NamedTypes(
        namedtype.NamedType("built-in", BuiltInContentType()),
        namedtype.NamedType("extended", ExtendedContentType()),
    )


class ContentIdentifier(char.PrintableString):
    tagSet = char.PrintableString.tagSet.tagImplicitly(_app(10))
    subtypeSpec = _size(1, 16)


class Priority(univ.Enumerated):
    tagSet = univ.Enumerated.tagSet.tagImplicitly(_app(7))
    namedValues = namedval.NamedValues(("normal", 0), ("non-urgent", 1), ("urgent", 2))


class PerMessageIndicators(univ.BitString):
    tagSet = univ.BitString.tagSet.tagImplicitly(_app(8))
    namedValues = namedval.NamedValues(
        ("disclosure-of-other-recipients", 0), ("implicit-conversion-prohibited", 1),
        ("alternate-recipient-allowed", 2), ("content-return-request", 3),
        ("reserved", 4), ("bit-5", 5), ("bit-6", 6), ("service-message", 7))
    subtypeSpec = _size(0, 16)


class Time(useful.UTCTime):
    pass


class BuiltInEncodedInformationTypes(univ.BitString):
    namedValues = namedval.NamedValues(
        ("unknown", 0), ("ia5-text", 2), ("g3-facsimile", 3), ("g4-class-1", 4),
        ("teletex", 5), ("videotex", 6), ("voice", 7), ("sfd", 8), ("mixed-mode", 9))
    subtypeSpec = _size(0, 32)


class ExtendedEncodedInformationTypes(univ.SetOf):
    componentType = univ.ObjectIdentifier()
    subtypeSpec = _size(1, 1024)


class EncodedInformationTypes(univ.Set):
    tagSet = univ.Set.tagSet.tagImplicitly(_app(5, True))
    componentType = namedtype.NamedTypes(
        namedtype.NamedType("built-in-encoded-information-types",
                            BuiltInEncodedInformationTypes().subtype(implicitTag=_ctx(0))),
        namedtype.OptionalNamedType("extended-encoded-information-types",
                                    ExtendedEncodedInformationTypes().subtype(
                                        implicitTag=_ctx(4, True))),
    )


class OriginatorReportRequest(univ.BitString):
    namedValues = namedval.NamedValues(("report", 3), ("non-delivery-report", 4))
    subtypeSpec = _size(0, 16)


class ExplicitConversion(univ.Integer):
    namedValues = namedval.NamedValues(
        ("ia5-text-to-teletex", 0), ("ia5-text-to-g3-facsimile", 8),
        ("ia5-text-to-g4-class-1", 9), ("ia5-text-to-videotex", 10),
        ("teletex-to-ia5-text", 11), ("teletex-to-g3-facsimile", 12),
        ("teletex-to-g4-class-1", 13), ("teletex-to-videotex", 14),
        ("videotex-to-ia5-text", 16), ("videotex-to-teletex", 17))
    subtypeSpec = constraint.ValueRangeConstraint(0, 256)


class Content(univ.OctetString):
    pass


# ---------------------------------------------------------------------------
# MTSAbstractService: message submission


class PerRecipientMessageSubmissionFields(univ.Set):
    componentType = namedtype.NamedTypes(
        namedtype.NamedType("recipient-name", ORName()),
        namedtype.NamedType("originator-report-request",
                            OriginatorReportRequest().subtype(implicitTag=_ctx(0))),
        namedtype.OptionalNamedType("explicit-conversion",
                                    ExplicitConversion().subtype(implicitTag=_ctx(1))),
    )


class PerRecipientFields(univ.SequenceOf):
    componentType = PerRecipientMessageSubmissionFields()
    subtypeSpec = _size(1, 32767)


class MessageSubmissionEnvelope(univ.Set):
    componentType = namedtype.NamedTypes(
        namedtype.NamedType("originator-name", ORName()),
        namedtype.OptionalNamedType("original-encoded-information-types",
                                    EncodedInformationTypes()),
        namedtype.NamedType("content-type", ContentType()),
        namedtype.OptionalNamedType("content-identifier", ContentIdentifier()),
        namedtype.DefaultedNamedType("priority", Priority("normal")),
        namedtype.DefaultedNamedType("per-message-indicators", PerMessageIndicators(())),
        namedtype.OptionalNamedType("deferred-delivery-time",
                                    Time().subtype(implicitTag=_ctx(0))),
        namedtype.NamedType("per-recipient-fields",
                            PerRecipientFields().subtype(implicitTag=_ctx(1, True))),
    )


class MessageSubmissionArgument(univ.Sequence):
    componentType = namedtype.NamedTypes(
        namedtype.NamedType("envelope", MessageSubmissionEnvelope()),
        namedtype.NamedType("content", Content()),
    )


# ---------------------------------------------------------------------------
# IPMSInformationObjects


class LocalIPMIdentifier(char.PrintableString):
    subtypeSpec = _size(0, 64)


class IPMIdentifier(univ.Set):
    tagSet = univ.Set.tagSet.tagImplicitly(_app(11, True))
    componentType = namedtype.NamedTypes(
        namedtype.OptionalNamedType("user", ORName()),
        namedtype.NamedType("user-relative-identifier", LocalIPMIdentifier()),
    )


class FreeFormName(char.TeletexString):
    subtypeSpec = _size(0, 64)


class TelephoneNumber(char.PrintableString):
    subtypeSpec = _size(0, 32)


class ORDescriptor(univ.Set):
    componentType = namedtype.NamedTypes(
        namedtype.OptionalNamedType("formal-name", ORName()),
        namedtype.OptionalNamedType("free-form-name",
                                    FreeFormName().subtype(implicitTag=_ctx(0))),
        namedtype.OptionalNamedType("telephone-number",
                                    TelephoneNumber().subtype(implicitTag=_ctx(1))),
    )


class NotificationRequests(univ.BitString):
    namedValues = namedval.NamedValues(
        ("rn", 0), ("nrn", 1), ("ipm-return", 2), ("an-supported", 3), ("suppress-an", 4))


class RecipientSpecifier(univ.Set):
    componentType = namedtype.NamedTypes(
        namedtype.NamedType("recipient", ORDescriptor().subtype(implicitTag=_ctx(0, True))),
        namedtype.DefaultedNamedType("notification-requests",
                                     NotificationRequests(()).subtype(implicitTag=_ctx(1))),
        namedtype.DefaultedNamedType("reply-requested",
                                     univ.Boolean(False).subtype(implicitTag=_ctx(2))),
    )


class _ListDefault(univ.SequenceOf):
    """A SEQUENCE OF used with DEFAULT {}: an absent value equals the default.

    pyasn1 compares each DEFAULT component with its default while encoding a
    SET; for an absent SEQUENCE OF it compares a schema object (no value),
    which raises, so a decoded Heading without copy-recipients could not be
    re-encoded.  Here an absent value counts as equal to an empty list.
    """

    def __eq__(self, other: object) -> bool:
        if not self.isValue:
            return not getattr(other, "isValue", True) or len(other) == 0  # type: ignore
        return bool(univ.SequenceOf.__eq__(self, other))

    __hash__ = None  # type: ignore[assignment]


def _empty(of: univ.SequenceOf) -> univ.SequenceOf:
    """An empty SEQUENCE OF *value*, to serve as a DEFAULT {}."""
    of.clear()
    return of


class ORDescriptors(univ.SequenceOf):
    """AuthorizingUsersField / ReplyRecipientsField: SEQUENCE OF ORDescriptor."""

    componentType = ORDescriptor()


class RecipientSpecifiers(_ListDefault):
    """Primary/Copy/BlindCopyRecipientsField: SEQUENCE OF RecipientSpecifier."""

    componentType = RecipientSpecifier()


class IPMIdentifiers(_ListDefault):
    """ObsoletedIPMsField / RelatedIPMsField: SEQUENCE OF IPMIdentifier."""

    componentType = IPMIdentifier()


class SubjectField(char.TeletexString):
    subtypeSpec = _size(0, 128)


class ImportanceField(univ.Enumerated):
    namedValues = namedval.NamedValues(("low", 0), ("normal", 1), ("high", 2))


class SensitivityField(univ.Enumerated):
    namedValues = namedval.NamedValues(
        ("personal", 1), ("private", 2), ("company-confidential", 3))


class Heading(univ.Set):
    componentType = namedtype.NamedTypes(
        namedtype.NamedType("this-IPM", IPMIdentifier()),
        namedtype.OptionalNamedType("originator",
                                    ORDescriptor().subtype(implicitTag=_ctx(0, True))),
        namedtype.OptionalNamedType("authorizing-users",
                                    ORDescriptors().subtype(implicitTag=_ctx(1, True))),
        namedtype.DefaultedNamedType("primary-recipients",
                                     _empty(
                                         RecipientSpecifiers().subtype(implicitTag=_ctx(2, True)))),
        namedtype.DefaultedNamedType("copy-recipients",
                                     _empty(
                                         RecipientSpecifiers().subtype(implicitTag=_ctx(3, True)))),
        namedtype.OptionalNamedType("blind-copy-recipients",
                                    RecipientSpecifiers().subtype(implicitTag=_ctx(4, True))),
        namedtype.OptionalNamedType("replied-to-IPM",
                                    IPMIdentifier().subtype(implicitTag=_ctx(5, True))),
        namedtype.DefaultedNamedType("obsoleted-IPMs",
                                     _empty(
                                         IPMIdentifiers().subtype(implicitTag=_ctx(6, True)))),
        namedtype.DefaultedNamedType("related-IPMs",
                                     _empty(
                                         IPMIdentifiers().subtype(implicitTag=_ctx(7, True)))),
        # Written "[8] EXPLICIT" in X.420: A8 { 14 ... }.
        namedtype.OptionalNamedType("subject",
                                    SubjectField().subtype(explicitTag=_ctx(8, True))),
        namedtype.OptionalNamedType("expiry-time", Time().subtype(implicitTag=_ctx(9))),
        namedtype.OptionalNamedType("reply-time", Time().subtype(implicitTag=_ctx(10))),
        namedtype.OptionalNamedType("reply-recipients",
                                    ORDescriptors().subtype(implicitTag=_ctx(11, True))),
        namedtype.DefaultedNamedType("importance",
                                     ImportanceField("normal").subtype(implicitTag=_ctx(12))),
        namedtype.OptionalNamedType("sensitivity",
                                    SensitivityField().subtype(implicitTag=_ctx(13))),
        namedtype.DefaultedNamedType("auto-forwarded",
                                     univ.Boolean(False).subtype(implicitTag=_ctx(14))),
    )


class Repertoire(univ.Enumerated):
    namedValues = namedval.NamedValues(("ita2", 2), ("ia5", 5))


class IA5TextParameters(univ.Set):
    componentType = namedtype.NamedTypes(
        namedtype.DefaultedNamedType("repertoire",
                                     Repertoire("ia5").subtype(implicitTag=_ctx(0))),
    )


class IA5TextBodyPart(univ.Sequence):
    componentType = namedtype.NamedTypes(
        namedtype.NamedType("parameters", IA5TextParameters()),
        namedtype.NamedType("data", char.IA5String()),
    )


class BasicBodyPart(univ.Choice):
    """The untagged inner CHOICE named ``basic`` in X.420's BodyPart."""

    componentType = namedtype.NamedTypes(
        namedtype.NamedType("ia5-text", IA5TextBodyPart().subtype(implicitTag=_ctx(0, True))),
        namedtype.NamedType("bilaterally-defined",
                            univ.OctetString().subtype(implicitTag=_ctx(14))),
    )


class BodyPart(univ.Choice):
    componentType = namedtype.NamedTypes(
        namedtype.NamedType("basic", BasicBodyPart()),
    )


class Body(univ.SequenceOf):
    componentType = BodyPart()


class IPM(univ.Sequence):
    componentType = namedtype.NamedTypes(
        namedtype.NamedType("heading", Heading()),
        namedtype.NamedType("body", Body()),
    )


class InformationObject(univ.Choice):
    componentType = namedtype.NamedTypes(
        namedtype.NamedType("ipm", IPM().subtype(implicitTag=_ctx(0, True))),
    )


# ---------------------------------------------------------------------------
# Codec entry points


def _first_tag(t: Any) -> Tuple[int, int]:
    """(class, number) of the outermost tag of ``t``; for an untagged CHOICE
    value, that of the alternative chosen (DER, X.690 10.3), and for a
    CHOICE type without a value, the smallest among its alternatives."""
    if t.typeId == univ.Choice.typeId and not t.tagSet:
        if t.isValue:
            return _first_tag(t.getComponent())
        types = t.componentType
        return min(_first_tag(types.getTypeByPosition(i)) for i in range(len(types)))
    outer = t.tagSet[-1]
    return (outer.tagClass, outer.tagId)


class _CanonicalSetEncoder(_der_encoder.SetEncoder):
    """DER SET encoder ordering components by their outermost tag.

    pyasn1's own keys compare whole tag sets innermost tag first, which puts
    an explicitly tagged component (Heading.subject, [8] EXPLICIT over a
    TeletexString) among the universal tags; X.690 orders by the tag that
    is actually written first.
    """

    @staticmethod
    def _componentSortKey(componentAndType: Any) -> Tuple[int, int]:
        component, asn1Spec = componentAndType
        return _first_tag(component if asn1Spec is None else asn1Spec)


_TAG_MAP = dict(_der_encoder.TAG_MAP)
_TAG_MAP[univ.Set.tagSet] = _CanonicalSetEncoder()
_TYPE_MAP = dict(_der_encoder.TYPE_MAP)
_TYPE_MAP[univ.Set.typeId] = _CanonicalSetEncoder()

#: ``encode(value) -> bytes`` for a pyasn1 object of this schema: DER (see
#: the module docstring for the SET ordering).
encode = _der_encoder.Encoder(_TAG_MAP, _TYPE_MAP)

#: ``decode(data, asn1Spec=Type()) -> (value, rest)``: pyasn1's BER decoder.
decode = _ber_decoder.decode
