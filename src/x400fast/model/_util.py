"""Helpers shared by the message model: types, checks, conversions.

Nothing here is public API; the classes of :mod:`x400fast.message` use
these to move between their attributes and the codec's value model
(docs/architecture.md, "Value model").
"""
from __future__ import annotations

import datetime as _dt
from typing import Any, Dict, FrozenSet, Iterable, List, Mapping, Optional, Tuple, Union

from .. import jsonform
from ..asn1 import x411, x420
from ..asn1.core import Type
from ..errors import (AddressError, DecodeError, EncodeError, FieldTooLong, InvalidAddress,
                      InvalidField)
from ..oraddress import ORAddress, ORName

MTS = x411.MTSAbstractService
IPMS = x420.ipms
UTC = _dt.timezone.utc

# Types used throughout, resolved once.
T_INFORMATION_OBJECT = IPMS["InformationObject"]
T_IPM = IPMS["IPM"]
T_IPN = IPMS["IPN"]
T_HEADING = IPMS["Heading"]
T_BODY_PART = IPMS["BodyPart"]
T_MESSAGE_PARAMETERS = IPMS["MessageParameters"]
T_OR_DESCRIPTOR = IPMS["ORDescriptor"]
T_RECIPIENT_SPECIFIER = IPMS["RecipientSpecifier"]
T_IPM_IDENTIFIER = IPMS["IPMIdentifier"]
T_OR_NAME = MTS["ORName"]
T_MTS_IDENTIFIER = MTS["MTSIdentifier"]
T_SUBMISSION_ARGUMENT = MTS["MessageSubmissionArgument"]
T_SUBMISSION_ENVELOPE = MTS["MessageSubmissionEnvelope"]
T_SUBMISSION_RESULT = MTS["MessageSubmissionResult"]
T_DELIVERY_ARGUMENT = MTS["MessageDeliveryArgument"]
T_DELIVERY_ENVELOPE = MTS["MessageDeliveryEnvelope"]
T_OTHER_DELIVERY_FIELDS = MTS["OtherMessageDeliveryFields"]
T_REPORT_ARGUMENT = MTS["ReportDeliveryArgument"]
T_REPORT_ENVELOPE = MTS["ReportDeliveryEnvelope"]
T_PER_RECIPIENT_REPORT = MTS["PerRecipientReportDeliveryFields"]
T_PER_RECIPIENT_SUBMISSION = MTS["PerRecipientMessageSubmissionFields"]
T_EXTENSION_FIELD = MTS["ExtensionField"]
T_RDN_SEQUENCE = x411.InformationFramework["RDNSequence"]


class Raw(bytes):
    """A value kept as its complete BER encoding (one TLV).

    Extension values whose type this model does not know, or that did not
    decode as their declared type, are kept this way and re-emitted
    byte for byte.  Give a ``Raw`` yourself to send a value this model has
    no type for.
    """

    __slots__ = ()

    def __repr__(self) -> str:
        return "Raw(%r)" % bytes(self)


def names_of(t: Type) -> Dict[int, str]:
    """number -> name of a named INTEGER / ENUMERATED / BIT STRING type."""
    return dict(t.node().names)


def numbers_of(t: Type) -> Dict[str, int]:
    """name -> number of a named INTEGER / ENUMERATED / BIT STRING type."""
    return dict(t.node().named)


# ---------------------------------------------------------------------------
# Times


def utc(value: Any, field: str, seconds: bool = True) -> Optional[_dt.datetime]:
    """An aware datetime in UTC; ``seconds`` drops what UTCTime cannot carry.

    Why normalise: UTCTime has whole seconds, so a message built with
    microseconds would not compare equal to itself read back.
    """
    if value is None:
        return None
    if not isinstance(value, _dt.datetime):
        raise InvalidField("must be a datetime, not %s" % type(value).__name__, field)
    if value.tzinfo is None or value.utcoffset() is None:
        raise InvalidField("a naive datetime has no time zone; give tzinfo "
                           "(datetime.timezone.utc)", field)
    value = value.astimezone(UTC)
    if seconds and value.microsecond:
        value = value.replace(microsecond=0)
    return value


# ---------------------------------------------------------------------------
# Text


_PRINTABLE = frozenset(
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789 '()+,-./:=?")


def check_text(value: Any, field: str, ub: Optional[int], kind: str = "printable",
               lo: int = 0) -> str:
    """Check a string against its ASN.1 string type and size bounds.

    ``kind`` is ``"printable"``, ``"teletex"`` (T.61 octets, carried as
    Latin-1 by the codec), ``"ia5"`` or ``"graphic"`` (Latin-1 as well).
    """
    if not isinstance(value, str):
        raise InvalidField("must be a str, not %s" % type(value).__name__, field)
    if kind == "printable":
        bad = [c for c in value if c not in _PRINTABLE]
        if bad:
            raise InvalidField("%r is not a PrintableString character" % bad[0], field)
    elif kind == "ia5":
        if not value.isascii():         # a flag read in C; the scan only on error
            bad = [c for c in value if ord(c) > 0x7F]
            raise InvalidField("%r is not an IA5 (ASCII) character" % bad[0], field)
    elif not value.isascii():
        bad = [c for c in value if ord(c) > 0xFF]
        if bad:
            raise InvalidField("%r cannot be carried by a %s string (one octet per "
                               "character)" % (bad[0], "Teletex" if kind == "teletex"
                                               else "Graphic"), field)
    if ub is not None and len(value) > ub:
        raise FieldTooLong(field, ub, len(value))
    if len(value) < lo:
        raise InvalidField("must have at least %d character%s" % (lo, "s" if lo > 1 else ""),
                           field)
    return value


def check_name(value: Any, allowed: Iterable[str], field: str, what: str,
               allow_int: bool = True) -> Any:
    """A name among ``allowed`` (or, for values read from a peer, the
    number of an unnamed one)."""
    allowed = tuple(allowed)
    if isinstance(value, str) and value in allowed:
        return value
    if allow_int and isinstance(value, int) and not isinstance(value, bool):
        return value
    raise InvalidField("unknown %s %r; expected one of %s" % (
        what, value, ", ".join(allowed)), field)


def named(value: Any, names: Mapping[int, str]) -> Any:
    """The name of an ENUMERATED number when it has one (values compare
    equal however they were given)."""
    if isinstance(value, int) and not isinstance(value, bool):
        return names.get(value, value)
    return value


def check_bool(value: Any, field: str) -> bool:
    if not isinstance(value, bool):
        raise InvalidField("must be True or False, not %r" % (value,), field)
    return value


# ---------------------------------------------------------------------------
# O/R names


def as_orname(value: Any, field: str) -> ORName:
    """An :class:`ORName` from a string (RFC 2156 slash form or RFC 1685
    form), an :class:`ORAddress` or an :class:`ORName`."""
    if isinstance(value, ORName):
        return value
    if isinstance(value, ORAddress):
        return ORName(value)
    if isinstance(value, str):
        try:
            return ORName(ORAddress.parse(value))
        except AddressError as exc:
            raise InvalidAddress(str(exc), field, value) from exc
    raise InvalidAddress("expected an O/R address (str, ORAddress or ORName), not %s"
                         % type(value).__name__, field)


def orname_to_value(name: ORName) -> Dict[str, Any]:
    """The codec's ``ORName`` value.

    :meth:`ORName.to_asn1` holds the directory name as BER bytes, while the
    codec's ``ORName`` declares it as the X.501 ``Name`` CHOICE; the bytes
    are decoded here into that value.
    """
    value = name.address.to_asn1()
    if name.directory_name is not None:
        value["directory_name"] = ("rdn_sequence", T_RDN_SEQUENCE.decode(name.directory_name))
    return value


def orname_from_value(value: Mapping[str, Any]) -> ORName:
    """An :class:`ORName` from the codec's value (lenient on upper bounds:
    peers overrun them and a reader gains nothing by refusing)."""
    value = dict(value)
    dn = value.pop("directory_name", None)
    raw_dn = None
    if dn is not None:
        alternative, rdns = dn
        if alternative != "rdn_sequence":
            raise DecodeError("directory name of an unknown form %r" % (alternative,))
        raw_dn = T_RDN_SEQUENCE.encode(rdns)
    return ORName(ORAddress.from_asn1(value, validate=False), raw_dn)


# ---------------------------------------------------------------------------
# Encoded information types


_BUILTIN_EIT = numbers_of(MTS["BuiltInEncodedInformationTypes"])


def _is_oid(s: str) -> bool:
    parts = s.split(".")
    return len(parts) >= 2 and all(p.isdigit() for p in parts)


def eits_to_value(eits: Iterable[Any], field: str) -> Dict[str, Any]:
    """An ``EncodedInformationTypes`` value from names and OIDs.

    Built-in types are named as X.411 names their bits (``"ia5-text"``,
    ``"g3-facsimile"``...); anything else is an extended EIT given as a
    dotted OID (general text ``1.0.10021.7.1.0.<ISO-IR>``, file transfer
    ``2.6.1.12.0``...).
    """
    builtin: set = set()
    extended: set = set()
    for e in eits:
        if isinstance(e, int) and not isinstance(e, bool):
            builtin.add(e)
        elif isinstance(e, str) and e in _BUILTIN_EIT:
            builtin.add(e)
        elif isinstance(e, str) and _is_oid(e):
            extended.add(e)
        else:
            raise InvalidField("%r is neither a built-in encoded information type "
                               "nor an OID" % (e,), field)
    value: Dict[str, Any] = {"built_in_encoded_information_types": frozenset(builtin)}
    if extended:
        value["extended_encoded_information_types"] = sorted(
            extended, key=lambda o: tuple(int(x) for x in o.split(".")))
    return value


def eits_from_value(value: Optional[Mapping[str, Any]]) -> Optional[FrozenSet[Any]]:
    """Names and OIDs of an ``EncodedInformationTypes`` value.

    The G3 facsimile and teletex non-basic parameters are not kept.
    """
    if value is None:
        return None
    out = set(value.get("built_in_encoded_information_types", ()))
    out.update(value.get("extended_encoded_information_types", ()))
    return frozenset(out)


def as_eits(value: Any, field: str) -> Optional[FrozenSet[Any]]:
    if value is None:
        return None
    if isinstance(value, Mapping):
        return eits_from_value(value)
    if isinstance(value, str):
        value = [value]
    eits_to_value(value, field)        # checks
    return frozenset(value)


# ---------------------------------------------------------------------------
# MTS extensions (ExtensionField: integer or OID type, [2] explicit value)


def _std_type(code: int) -> Optional[Type]:
    entry = x411.STANDARD_EXTENSIONS.get(code)
    if entry is None:
        return None
    try:
        return x411.resolve(entry[1])
    except KeyError:
        return None


STANDARD_EXTENSION_TYPES: Dict[int, Optional[Type]] = {
    code: _std_type(code) for code in x411.STANDARD_EXTENSIONS}
_EXTENSION_CODES = {name: code for code, (name, _) in x411.STANDARD_EXTENSIONS.items()}


def extension_field(kind: Union[int, str], value: Any = None,
                    critical: Iterable[str] = ()) -> Dict[str, Any]:
    """An MTS ``ExtensionField`` value, ready for an envelope.

    :param kind: a standard extension by code (``21``) or X.411 name
        (``"proof-of-submission-request"``), or a private extension by
        OID (a dotted string).
    :param value: the extension's value in the codec's value model,
        encoded with the type X.411 gives the extension; a :class:`Raw`
        is used as it is.  ``None`` means NULL.
    :param critical: criticality bits: ``"for-submission"``,
        ``"for-transfer"``, ``"for-delivery"``.
    """
    field = "extension %r" % (kind,)
    if isinstance(kind, str) and kind in _EXTENSION_CODES:
        kind = _EXTENSION_CODES[kind]
    if isinstance(kind, int) and not isinstance(kind, bool):
        ext_type: Any = ("standard_extension", kind)
        t = STANDARD_EXTENSION_TYPES.get(kind)
    elif isinstance(kind, str) and _is_oid(kind):
        ext_type = ("private_extension", kind)
        t = None
    else:
        raise InvalidField("not a standard extension name or code, nor an OID", field)
    if isinstance(value, Raw):
        raw = bytes(value)
    elif value is None:
        raw = b"\x05\x00"
    elif t is None:
        raise InvalidField("no type is known for this extension: give its value as "
                           "Raw(BER)", field)
    else:
        try:
            raw = t.encode(value)
        except EncodeError as exc:
            raise InvalidField("value does not fit the extension's type: %s" % exc,
                               field) from exc
    out: Dict[str, Any] = {"type": ext_type, "value": raw}
    crit = frozenset(critical)
    if crit:
        out["criticality"] = crit
    return out


def normalise_extension(ext: Mapping[str, Any]) -> Dict[str, Any]:
    """An ExtensionField value as :func:`extension_field` builds it: the
    default criticality (none) left out, the value always present."""
    out: Dict[str, Any] = {"type": ext["type"], "value": ext.get("value", b"\x05\x00")}
    crit = ext.get("criticality")
    if crit:
        out["criticality"] = frozenset(crit)
    for k, v in ext.items():
        if k not in out and k != "criticality":
            out[k] = v
    return out


def extension_code(ext: Mapping[str, Any]) -> Union[int, str]:
    """The code (int) of a standard extension or the OID of a private one."""
    return ext["type"][1]


def extension_value(ext: Mapping[str, Any]) -> Any:
    """The decoded value of a standard extension, or :class:`Raw`."""
    alt, code = ext["type"]
    raw = ext.get("value", b"\x05\x00")
    t = STANDARD_EXTENSION_TYPES.get(code) if alt == "standard_extension" else None
    if t is None:
        return Raw(raw)
    try:
        return t.decode(raw)
    except DecodeError:
        return Raw(raw)


# ---------------------------------------------------------------------------
# IPMS extensions (IPMSExtension: OID + untagged value)


def ipms_extensions_to_value(exts: Mapping[str, Any], table: Mapping[str, Type],
                             field: str) -> List[Dict[str, Any]]:
    """A SET OF IPMSExtension value from ``{oid: value}``."""
    if not isinstance(exts, Mapping):
        raise InvalidField("must be a mapping of OID to value", field)
    out = []
    for oid, value in exts.items():
        where = "%s[%r]" % (field, oid)
        if not isinstance(oid, str) or not _is_oid(oid):
            raise InvalidField("extension types are OIDs (dotted strings)", where)
        if isinstance(value, Raw):
            raw = bytes(value)
        else:
            t = table.get(oid)
            if t is None:
                if value is None:
                    raw = b"\x05\x00"
                else:
                    raise InvalidField("no type is known for this extension: give its "
                                       "value as Raw(BER)", where)
            else:
                try:
                    raw = t.encode(value)
                except EncodeError as exc:
                    raise InvalidField("value does not fit the extension's type: %s"
                                       % exc, where) from exc
        out.append({"type": oid, "value": raw})
    return out


def ipms_extensions_from_value(items: Optional[Iterable[Mapping[str, Any]]],
                               table: Mapping[str, Type]) -> Dict[str, Any]:
    """``{oid: value}`` from a SET OF IPMSExtension value; values of known
    types decoded, the others (and those that do not decode) :class:`Raw`."""
    out: Dict[str, Any] = {}
    for item in items or ():
        oid = item["type"]
        raw = item.get("value", b"\x05\x00")
        t = table.get(oid)
        value: Any
        if t is None:
            value = None if raw == b"\x05\x00" else Raw(raw)
        else:
            try:
                value = t.decode(raw)
            except DecodeError:
                value = Raw(raw)
        out.setdefault(oid, value)
    return out


# ---------------------------------------------------------------------------
# Errors from the codec, named after the model's fields


def encode_as(t: Type, value: Any, field: str) -> bytes:
    """Encode, turning an EncodeError into an InvalidField naming the field."""
    try:
        return t.encode(value)
    except EncodeError as exc:
        where = ".".join((field,) + tuple(exc.path[1:])) if field else ".".join(exc.path)
        raise InvalidField(exc.reason, where) from exc


def json_of(t: Type, value: Any) -> Any:
    return jsonform.to_json(t, value)


def content_type_value(content_type: Any, field: str = "content_type") -> Tuple[str, Any]:
    """The ContentType CHOICE from a built-in number or an OID string."""
    if isinstance(content_type, int) and not isinstance(content_type, bool):
        if not 0 <= content_type <= x411.ub_built_in_content_type:
            raise InvalidField("built-in content types are 0..32767", field)
        return ("built_in", content_type)
    if isinstance(content_type, str) and _is_oid(content_type):
        return ("extended", content_type)
    if isinstance(content_type, Raw):
        return ("extended_relative_oid", bytes(content_type))
    raise InvalidField("a content type is a built-in number (22) or an OID string", field)


def content_type_from_value(value: Optional[Tuple[str, Any]]) -> Any:
    if value is None:
        return None
    alternative, v = value
    if alternative == "extended_relative_oid":
        return Raw(v)
    return v
