"""X.400 O/R addresses and O/R names (X.411 ``ORAddress`` / ``ORName``).

An :class:`ORAddress` holds every attribute X.411 defines: the built-in
standard attributes, up to four built-in domain-defined attributes and the
forty extension attributes, each under its own field so that nothing a peer
sends is folded into something else.  Instances are immutable and hashable,
validate themselves against the X.411 upper bounds and string types when
built, and convert to and from

* the two text forms people type: the RFC 2156 (MIXER) form
  ``/CN=P7User1/O=host1/PRMD=TestPRMD/ADMD=TestADMD/C=GB/`` that Isode
  software reads and writes, and the F.401 Annex F / RFC 1685 labelled form
  ``G=John; S=Smith; O=A Bank Ltd; P=ABL; A=Snomail; C=AQ``
  (:meth:`ORAddress.parse`, :meth:`ORAddress.to_string`);
* the codec's value model of the ASN.1 ``ORAddress`` (:meth:`ORAddress.to_asn1`,
  :meth:`ORAddress.from_asn1`), so that the X.411 module can carry it, and
  its BER (:meth:`ORAddress.to_ber`, :meth:`ORAddress.from_ber`; the same for
  :class:`ORName`), both through :mod:`x400fast.ber` and the X.411
  declarations, which also carry the forty extension-attribute value types.

Equality follows X.400 matching practice, not Python's field-by-field
default: see :meth:`ORAddress.__eq__`.

Field names: the attributes people type keep their short names (``c``,
``admd``, ``prmd``, ``o``, ``ou``, ``cn``, ``surname``...); every other
extension attribute uses the snake_case form of its X.411 name
(``teletex_common_name``, ``physical_delivery_office_name``,
``universal_organizational_unit_names``...).
:data:`EXTENSION_ATTRIBUTES` maps each extension-attribute type number to
its field.

Choices made where the references are silent (following RFC 2156 / Isode
practice where the examples show it, otherwise a stated inference):

* Matching rules (case, spaces, printable/teletex equivalence) come from
  vendor documentation and RFC 2156 practice; the X.402 prose was not at
  hand.  DDA values compare exactly (see :meth:`ORAddress.__eq__`).
* ``ADMD=0`` is an ordinary value (a NumericString by the digits-only rule),
  not a special marker.
* The text forms accept the unambiguous legacy keywords of ISODE PP
  (``PD-SYSTEM``, ``POSTCODE``, ``STREET``, ``PO-BOX``, ``POSTE-RESTANTE``,
  ``PD-OFFICE-NUMBER``, ``NET-TTYPE``); ``PD-EXT-D``/``PD-EXT-LOC`` are not
  accepted because which attribute they name is not established.
* RFC 2156 output puts DDAs first (rightmost DDA = first in the SEQUENCE),
  then CN and the personal name, terminal and network attributes, postal
  attributes, OUs, O, PRMD, ADMD, C: the Isode examples end in
  ``…/O=/PRMD=/ADMD=/C=/``; where the others go is not specified.
* ``DD1.type=value`` … ``DD4.type=value`` is how the ordered DDA keywords
  of RFC 2156 are read (their exact syntax is not spelled out).
* The ``NET-PSAP`` string form (an RFC 1278 presentation address) is not
  supported; PSAP addresses exist in the model and the ASN.1 value only.

Example::

    >>> a = ORAddress(c="GB", admd=" ", prmd="Isode", o="Isode",
    ...               ou=["Sales"], surname="Smith", given_name="John")
    >>> str(a)
    '/S=Smith/G=John/OU=Sales/O=Isode/PRMD=Isode/ADMD= /C=GB/'
    >>> ORAddress.parse("g=john; s=SMITH; ou1=sales; o=isode; p=isode; c=gb") == a
    True
"""
from __future__ import annotations

import dataclasses
import re
import sys
from dataclasses import dataclass, field
from enum import IntEnum
from typing import (Any, Callable, Dict, FrozenSet, List, Mapping, NamedTuple, Optional,
                    Sequence, Tuple, Type, Union)

from . import ber
from .asn1 import x411
from .asn1.core import Any as _OpenType
from .errors import AddressError, DecodeError, EncodeError

__all__ = [
    "ORAddress", "ORName", "PersonalName", "DomainDefinedAttribute",
    "PDSParameter", "UnformattedPostalAddress", "UniversalOrBMPString",
    "E163Address", "PresentationAddress", "TerminalType",
    "EXTENSION_ATTRIBUTES", "parse_oraddress", "format_oraddress",
    "AddressError",
]

# Keyword-only construction where the interpreter supports it (3.10+); on
# 3.9 the fields are still keyword-friendly, just not keyword-enforced.
_KW = {"kw_only": True} if sys.version_info >= (3, 10) else {}

# ---------------------------------------------------------------------------
# Character repertoires and upper bounds (X.411 MTSUpperBounds)

_PRINTABLE = frozenset(
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789 '()+,-./:=?")
_NUMERIC = frozenset("0123456789 ")
_DIGITS = frozenset("0123456789")

UB_COUNTRY_NAME_ALPHA = 2
UB_COUNTRY_NAME_NUMERIC = 3
UB_DOMAIN_NAME = 16
UB_X121_ADDRESS = 16
UB_TERMINAL_ID = 24
UB_ORGANIZATION_NAME = 64
UB_NUMERIC_USER_ID = 32
UB_SURNAME = 40
UB_GIVEN_NAME = 16
UB_INITIALS = 5
UB_GENERATION_QUALIFIER = 3
UB_ORGANIZATIONAL_UNITS = 4
UB_ORGANIZATIONAL_UNIT_NAME = 32
UB_DOMAIN_DEFINED_ATTRIBUTES = 4
UB_DDA_TYPE = 8
UB_DDA_VALUE = 128
UB_COMMON_NAME = 64
UB_PDS_NAME = 16
UB_POSTAL_CODE = 16
UB_PDS_PARAMETER = 30
UB_PDS_PHYSICAL_ADDRESS_LINES = 6
UB_UNFORMATTED_ADDRESS = 180
UB_E163_4_NUMBER = 15
UB_E163_4_SUB_ADDRESS = 40
UB_EXTENSION_TYPES = 256
UB_INTEGER_OPTIONS = 256
UB_UNIVERSAL_SURNAME = 64
UB_UNIVERSAL_GIVEN_NAME = 40
UB_UNIVERSAL_INITIALS = 16
UB_UNIVERSAL_GENERATION_QUALIFIER = 16


def _is_printable(s: str) -> bool:
    return all(ch in _PRINTABLE for ch in s)


def _is_numeric(s: str) -> bool:
    return all(ch in _NUMERIC for ch in s)


def _is_latin1(s: str) -> bool:
    return s.isascii() or all(ord(ch) < 0x100 for ch in s)


# ---------------------------------------------------------------------------
# Component value classes


@dataclass(frozen=True)
class UniversalOrBMPString:
    """X.411 ``UniversalOrBMPString``: text plus an optional ISO 639 language.

    The value of every ``universal-*`` extension attribute.  ``four_octets``
    records which alternative of ``character-encoding`` carries the text
    (BMPString when false, UniversalString when true).  It is chosen
    automatically for text outside the Basic Multilingual Plane, is kept so
    that a decoded value re-encodes to the same bytes, and takes no part in
    equality: the two encodings carry the same characters.
    """

    text: str
    language: Optional[str] = None
    four_octets: bool = field(default=False, compare=False)

    def __post_init__(self) -> None:
        if not isinstance(self.text, str):
            raise AddressError("text must be str, not %s" % type(self.text).__name__)
        if self.language is not None and not isinstance(self.language, str):
            raise AddressError("language must be str")
        if not self.four_octets and any(ord(ch) > 0xFFFF for ch in self.text):
            object.__setattr__(self, "four_octets", True)

    def __str__(self) -> str:
        return self.text


_Text = Union[str, UniversalOrBMPString]


@dataclass(frozen=True)
class PersonalName:
    """A personal name in its teletex or universal form.

    Used for the ``teletex_personal_name`` (parts are ``str`` holding
    TeletexString octets) and ``universal_personal_name`` (parts are
    :class:`UniversalOrBMPString`) extension attributes.  The printable
    personal name of the built-in standard attributes is held directly in
    :class:`ORAddress` (``surname``, ``given_name``...), which is how people
    think of it.
    """

    surname: Any
    given_name: Optional[Any] = None
    initials: Optional[Any] = None
    generation_qualifier: Optional[Any] = None


class DomainDefinedAttribute(NamedTuple):
    """One domain-defined attribute: a type/value pair (order significant)."""

    type: Any
    value: Any


@dataclass(frozen=True)
class PDSParameter:
    """X.411 ``PDSParameter``: a postal attribute in printable and/or teletex."""

    printable_string: Optional[str] = None
    teletex_string: Optional[str] = None


@dataclass(frozen=True)
class UnformattedPostalAddress:
    """X.411 unformatted postal address: up to six printable lines and/or teletex."""

    printable_address: Tuple[str, ...] = ()
    teletex_string: Optional[str] = None

    def __post_init__(self) -> None:
        lines = self.printable_address
        if isinstance(lines, str):
            lines = (lines,)
        if not isinstance(lines, tuple):
            try:
                lines = tuple(lines)
            except TypeError:
                raise AddressError("printable_address must be a sequence of str",
                                   "unformatted_postal_address") from None
        object.__setattr__(self, "printable_address", lines)


@dataclass(frozen=True)
class E163Address:
    """The ``e163-4-address`` alternative of an extended network address."""

    number: str
    sub_address: Optional[str] = None


@dataclass(frozen=True)
class PresentationAddress:
    """X.520 ``PresentationAddress``: the ``psap-address`` alternative."""

    p_selector: Optional[bytes] = None
    s_selector: Optional[bytes] = None
    t_selector: Optional[bytes] = None
    n_addresses: Tuple[bytes, ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "n_addresses", tuple(self.n_addresses))


class TerminalType(IntEnum):
    """Named values of the ``terminal-type`` extension attribute (0..256 allowed)."""

    TELEX = 3
    TELETEX = 4
    G3_FACSIMILE = 5
    G4_FACSIMILE = 6
    IA5_TERMINAL = 7
    VIDEOTEX = 8


# ---------------------------------------------------------------------------
# Extension attribute table: number -> (field, kind, bound)
#
# kind drives coercion, validation, codec conversion and comparison.

_EXT: Dict[int, Tuple[str, str, int]] = {
    1: ("cn", "pstr", UB_COMMON_NAME),
    2: ("teletex_common_name", "tstr", UB_COMMON_NAME),
    3: ("teletex_organization_name", "tstr", UB_ORGANIZATION_NAME),
    4: ("teletex_personal_name", "tpn", 0),
    5: ("teletex_organizational_unit_names", "tou", UB_ORGANIZATIONAL_UNIT_NAME),
    6: ("teletex_domain_defined_attributes", "tdda", 0),
    7: ("pds_name", "pstr", UB_PDS_NAME),
    8: ("physical_delivery_country_name", "country", 0),
    9: ("postal_code", "postal", UB_POSTAL_CODE),
    10: ("physical_delivery_office_name", "pds", UB_PDS_PARAMETER),
    11: ("physical_delivery_office_number", "pds", UB_PDS_PARAMETER),
    12: ("extension_or_address_components", "pds", UB_PDS_PARAMETER),
    13: ("physical_delivery_personal_name", "pds", UB_PDS_PARAMETER),
    14: ("physical_delivery_organization_name", "pds", UB_PDS_PARAMETER),
    15: ("extension_physical_delivery_address_components", "pds", UB_PDS_PARAMETER),
    16: ("unformatted_postal_address", "upa", 0),
    17: ("street_address", "pds", UB_PDS_PARAMETER),
    18: ("post_office_box_address", "pds", UB_PDS_PARAMETER),
    19: ("poste_restante_address", "pds", UB_PDS_PARAMETER),
    20: ("unique_postal_name", "pds", UB_PDS_PARAMETER),
    21: ("local_postal_attributes", "pds", UB_PDS_PARAMETER),
    22: ("extended_network_address", "ena", 0),
    23: ("terminal_type", "int", UB_INTEGER_OPTIONS),
    24: ("universal_common_name", "uob", UB_COMMON_NAME),
    25: ("universal_organization_name", "uob", UB_ORGANIZATION_NAME),
    26: ("universal_personal_name", "upn", 0),
    27: ("universal_organizational_unit_names", "uou", UB_ORGANIZATIONAL_UNIT_NAME),
    28: ("universal_domain_defined_attributes", "udda", 0),
    29: ("universal_physical_delivery_office_name", "uob", UB_PDS_PARAMETER),
    30: ("universal_physical_delivery_office_number", "uob", UB_PDS_PARAMETER),
    31: ("universal_extension_or_address_components", "uob", UB_PDS_PARAMETER),
    32: ("universal_physical_delivery_personal_name", "uob", UB_PDS_PARAMETER),
    33: ("universal_physical_delivery_organization_name", "uob", UB_PDS_PARAMETER),
    34: ("universal_extension_physical_delivery_address_components", "uob",
         UB_PDS_PARAMETER),
    35: ("universal_unformatted_postal_address", "uob", UB_UNFORMATTED_ADDRESS),
    36: ("universal_street_address", "uob", UB_PDS_PARAMETER),
    37: ("universal_post_office_box_address", "uob", UB_PDS_PARAMETER),
    38: ("universal_poste_restante_address", "uob", UB_PDS_PARAMETER),
    39: ("universal_unique_postal_name", "uob", UB_PDS_PARAMETER),
    40: ("universal_local_postal_attributes", "uob", UB_PDS_PARAMETER),
}

#: Extension-attribute type number -> :class:`ORAddress` field name.
EXTENSION_ATTRIBUTES: Mapping[int, str] = {n: v[0] for n, v in _EXT.items()}
_EXT_BY_FIELD = {v[0]: n for n, v in _EXT.items()}

# The postal PDSParameter attributes and their universal twins (type n and n+19).
_PDS_PAIRS = [(_EXT[n][0], _EXT[n + 19][0]) for n in (10, 11, 12, 13, 14, 15, 17, 18, 19, 20, 21)]

# Fields whose CHOICE between NumericString and PrintableString is picked by
# value (digits only -> numeric, X.411/RFC 2156 practice) unless a decoded
# value says otherwise.  field -> (numeric alternative, printable alternative)
_CHOICE_NAMES = {
    "c": ("x121_dcc_code", "iso_3166_alpha2_code"),
    "admd": ("numeric", "printable"),
    "prmd": ("numeric", "printable"),
    "physical_delivery_country_name": ("x121_dcc_code", "iso_3166_alpha2_code"),
    "postal_code": ("numeric_code", "printable_code"),
}


# ---------------------------------------------------------------------------
# The address


@dataclass(frozen=True, eq=False, repr=False, **_KW)
class ORAddress:
    """An X.411 O/R address.

    Build it with keywords, parse it from text, or convert it from the
    codec's value model.  Strings of the standard attributes are
    PrintableString (NumericString where X.411 says so); ``teletex_*`` values
    are ``str`` with one character per T.61 octet (the Latin-1 mapping the
    codec uses); ``universal_*`` values are :class:`UniversalOrBMPString`
    (a plain ``str`` is accepted and wrapped).  Sequences (``ou``, ``dda``...)
    accept any iterable and are stored as tuples; ``dda`` also accepts a
    mapping of type to value.  Absent attributes are ``None`` or ``()``.

    Construction validates everything against X.411 and raises
    :class:`~x400fast.errors.AddressError` naming the attribute at fault.
    """

    # built-in standard attributes
    c: Optional[str] = None
    admd: Optional[str] = None
    network_address: Optional[str] = None
    terminal_identifier: Optional[str] = None
    prmd: Optional[str] = None
    o: Optional[str] = None
    numeric_user_identifier: Optional[str] = None
    surname: Optional[str] = None
    given_name: Optional[str] = None
    initials: Optional[str] = None
    generation_qualifier: Optional[str] = None
    ou: Tuple[str, ...] = ()
    # built-in domain-defined attributes
    dda: Tuple[DomainDefinedAttribute, ...] = ()
    # extension attributes, in type-number order
    cn: Optional[str] = None
    teletex_common_name: Optional[str] = None
    teletex_organization_name: Optional[str] = None
    teletex_personal_name: Optional[PersonalName] = None
    teletex_organizational_unit_names: Tuple[str, ...] = ()
    teletex_domain_defined_attributes: Tuple[DomainDefinedAttribute, ...] = ()
    pds_name: Optional[str] = None
    physical_delivery_country_name: Optional[str] = None
    postal_code: Optional[str] = None
    physical_delivery_office_name: Optional[PDSParameter] = None
    physical_delivery_office_number: Optional[PDSParameter] = None
    extension_or_address_components: Optional[PDSParameter] = None
    physical_delivery_personal_name: Optional[PDSParameter] = None
    physical_delivery_organization_name: Optional[PDSParameter] = None
    extension_physical_delivery_address_components: Optional[PDSParameter] = None
    unformatted_postal_address: Optional[UnformattedPostalAddress] = None
    street_address: Optional[PDSParameter] = None
    post_office_box_address: Optional[PDSParameter] = None
    poste_restante_address: Optional[PDSParameter] = None
    unique_postal_name: Optional[PDSParameter] = None
    local_postal_attributes: Optional[PDSParameter] = None
    extended_network_address: Optional[Union[E163Address, PresentationAddress]] = None
    terminal_type: Optional[int] = None
    universal_common_name: Optional[UniversalOrBMPString] = None
    universal_organization_name: Optional[UniversalOrBMPString] = None
    universal_personal_name: Optional[PersonalName] = None
    universal_organizational_unit_names: Tuple[UniversalOrBMPString, ...] = ()
    universal_domain_defined_attributes: Tuple[DomainDefinedAttribute, ...] = ()
    universal_physical_delivery_office_name: Optional[UniversalOrBMPString] = None
    universal_physical_delivery_office_number: Optional[UniversalOrBMPString] = None
    universal_extension_or_address_components: Optional[UniversalOrBMPString] = None
    universal_physical_delivery_personal_name: Optional[UniversalOrBMPString] = None
    universal_physical_delivery_organization_name: Optional[UniversalOrBMPString] = None
    universal_extension_physical_delivery_address_components: Optional[
        UniversalOrBMPString] = None
    universal_unformatted_postal_address: Optional[UniversalOrBMPString] = None
    universal_street_address: Optional[UniversalOrBMPString] = None
    universal_post_office_box_address: Optional[UniversalOrBMPString] = None
    universal_poste_restante_address: Optional[UniversalOrBMPString] = None
    universal_unique_postal_name: Optional[UniversalOrBMPString] = None
    universal_local_postal_attributes: Optional[UniversalOrBMPString] = None
    #: Extension attributes of types this module does not know (41..256 or
    #: ones a later edition adds): ``(type, value TLV bytes)`` kept verbatim.
    other_extension_attributes: Tuple[Tuple[int, bytes], ...] = ()
    # (field, "numeric"|"printable") where a decoded value used the CHOICE
    # alternative the digits-only rule would not pick; keeps re-encoding exact.
    _choices: FrozenSet[Tuple[str, str]] = field(default=frozenset(), init=False,
                                                compare=False)
    # field -> the extension-attribute value TLV it was decoded from.  Kept so
    # that a received address re-encodes as received, also when a value is
    # over its X.411 bound (validate=False) and the codec, which checks bounds
    # on encode, would refuse it.  Dropped for a field that replace() changes.
    _received: Optional[Dict[str, bytes]] = field(default=None, init=False,
                                                  compare=False)

    # -- construction -----------------------------------------------------

    def __post_init__(self) -> None:
        _coerce(self)
        _validate(self)

    def replace(self, **changes: Any) -> "ORAddress":
        """A copy with some fields changed (validated like a new address)."""
        new = dataclasses.replace(self, **changes)
        kept = frozenset(x for x in self._choices if x[0] not in changes)
        if kept:
            object.__setattr__(new, "_choices", kept)
        if self._received:
            received = {k: v for k, v in self._received.items() if k not in changes}
            if received:
                object.__setattr__(new, "_received", received)
        return new

    @classmethod
    def parse(cls, text: str, syntax: str = "auto") -> "ORAddress":
        """Parse a typed O/R address; see :func:`parse_oraddress`."""
        return parse_oraddress(text, syntax)

    def to_string(self, syntax: str = "rfc2156") -> str:
        """Format as text; see :func:`format_oraddress`."""
        return format_oraddress(self, syntax)

    def __str__(self) -> str:
        # str() is for people and logs, so it must not raise: an address
        # with parts that have no text form falls back to the repr.
        try:
            return format_oraddress(self)
        except AddressError:
            return repr(self)

    def __repr__(self) -> str:
        parts = []
        for f in dataclasses.fields(self):
            if not f.init:
                continue
            v = getattr(self, f.name)
            if v is None or v == ():
                continue
            parts.append("%s=%r" % (f.name, v))
        return "ORAddress(%s)" % ", ".join(parts)

    # -- equality ---------------------------------------------------------

    def __eq__(self, other: object) -> bool:
        """X.400 matching, as peers (ISODE, Exchange) apply it.

        * Letter case is not significant, leading and trailing spaces are
          ignored and runs of spaces count as one (X.400 practice; the
          X.402 prose is not at hand, vendor documentation and Isode
          software behave this way).
        * C, ADMD, PRMD, postal code and PD country compare by their
          characters whichever of NumericString/PrintableString carries them.
        * The printable, teletex and universal forms of one attribute are
          alternative spellings of the same thing: the comparison uses the
          printable form when present, else the teletex, else the universal
          form.  So ``cn="Fred"`` equals ``teletex_common_name="Fred"``.
        * A missing ADMD, an empty ADMD and the single-space ADMD are all the
          blank ADMD (F.401: no other meaning may be given to a missing ADMD).
        * Domain-defined attributes: the type is compared like any other
          value, the value exactly.  Vendors document the DDA value as case
          sensitive and an ``RFC-822`` DDA carries a mailbox whose local part
          may be case sensitive.
        * Attributes with no text meaning (PSAP addresses, terminal type,
          unknown extension attributes) compare exactly.
        """
        if not isinstance(other, ORAddress):
            return NotImplemented
        return self._key() == other._key()

    def __ne__(self, other: object) -> bool:
        r = self.__eq__(other)
        return r if r is NotImplemented else not r

    def __hash__(self) -> int:
        return hash(self._key())

    def _key(self) -> tuple:
        k = self.__dict__.get("_key_cache")
        if k is None:
            k = _comparison_key(self)
            object.__setattr__(self, "_key_cache", k)
        return k

    # -- codec value model --------------------------------------------------

    def to_asn1(self) -> Dict[str, Any]:
        """The ASN.1 ``ORAddress`` value in the codec's value model.

        SEQUENCE/SET are dicts keyed by snake_case component names, CHOICE
        is ``(alternative, value)``, SEQUENCE OF is a list, and the
        extension-attribute values are complete BER TLVs (bytes), since
        ``extension-attribute-value`` is an open type.  Extension attributes
        are listed in ascending type order.  An attribute this address was
        decoded from (:meth:`from_asn1`, :meth:`from_ber`) and that was not
        changed since is given as the bytes that came in, so a received
        address goes out as received even where a value overruns its X.411
        bound (``validate=False``) and the codec would refuse to encode it.

        :raises AddressError: naming the attribute, for a value the codec
            cannot encode (only possible for one that skipped validation).
        """
        return _to_asn1(self)

    @classmethod
    def from_asn1(cls, value: Mapping[str, Any], *, validate: bool = True) -> "ORAddress":
        """Build from the codec's value of an ``ORAddress`` (or ``ORName``).

        ``validate=False`` skips the model's checks (upper bounds, empty
        values, country-code lengths, language codes, character sets of the
        values given here as ``str``), for peers that overrun X.411's bounds;
        shapes and types are still checked.  Extension-attribute values are
        decoded by the codec, which checks the character sets of
        PrintableString, NumericString and BMP/UniversalString octets itself
        (the project's decoding rule), so those are refused either way.
        Malformed extension-attribute values raise
        :class:`~x400fast.errors.DecodeError` whose path starts with
        ``("ExtensionAttribute", <field name>)``; anything else that is not
        an ORAddress raises :class:`~x400fast.errors.AddressError`.
        """
        return _from_asn1(cls, value, validate)

    def to_ber(self) -> bytes:
        """The BER of this address as X.411 ``ORAddress`` (``30 ...``).

        DER wherever BER leaves a choice, except for received extension
        attributes, which go out as received (see :meth:`to_asn1`).

        :raises AddressError: naming the attribute, for a value the codec
            cannot encode (a built-in attribute of an address decoded with
            ``validate=False`` that overruns its bound).
        """
        return _encode_whole(_ORADDRESS_TYPE, _to_asn1(self))

    @classmethod
    def from_ber(cls, data: Union[bytes, bytearray, memoryview], *,
                 validate: bool = True) -> "ORAddress":
        """Decode one X.411 ``ORAddress`` TLV (see :meth:`from_asn1`).

        :raises DecodeError: for malformed BER (with the codec's path).
        :raises AddressError: for a value that breaks X.411's rules.
        """
        return _from_asn1(cls, ber.decode(_ORADDRESS_TYPE, data), validate)

    def is_empty(self) -> bool:
        """True when no attribute is present (the "semantically absent" address)."""
        return all(getattr(self, f.name) in (None, ()) for f in dataclasses.fields(self)
                   if f.init)


@dataclass(frozen=True, eq=False)
class ORName:
    """X.411 ``ORName``: an O/R address and an optional directory name.

    ``directory_name`` is the complete BER encoding of the X.501 ``Name``
    (the RDNSequence TLV, ``30 ...``) without the ``[0]`` wrapper, until the
    directory types are declared.  A name carrying only a directory name has
    an empty :class:`ORAddress` (encoded as ``30 00``).  A ``str`` address is
    parsed with :func:`parse_oraddress`.
    """

    address: ORAddress = field(default_factory=ORAddress)
    directory_name: Optional[bytes] = None

    def __post_init__(self) -> None:
        if isinstance(self.address, str):
            object.__setattr__(self, "address", parse_oraddress(self.address))
        elif not isinstance(self.address, ORAddress):
            raise AddressError("address must be an ORAddress", "address")
        dn = self.directory_name
        if dn is not None:
            if isinstance(dn, (bytearray, memoryview)):
                dn = bytes(dn)
                object.__setattr__(self, "directory_name", dn)
            if not isinstance(dn, bytes):
                raise AddressError("directory_name must be bytes (a BER Name)",
                                   "directory_name")
            _check_single_tlv(dn, "directory_name")

    def __eq__(self, other: object) -> bool:
        """Equal addresses (see :meth:`ORAddress.__eq__`) and identical directory names."""
        if not isinstance(other, ORName):
            return NotImplemented
        return (self.address == other.address
                and self.directory_name == other.directory_name)

    def __ne__(self, other: object) -> bool:
        r = self.__eq__(other)
        return r if r is NotImplemented else not r

    def __hash__(self) -> int:
        return hash((self.address, self.directory_name))

    def __str__(self) -> str:
        return str(self.address)

    def to_asn1(self) -> Dict[str, Any]:
        """The ``ORName`` value: the address components plus ``directory_name``
        (as its BER bytes, the way this class holds it)."""
        v = _to_asn1(self.address)
        if self.directory_name is not None:
            v["directory_name"] = self.directory_name
        return v

    @classmethod
    def from_asn1(cls, value: Mapping[str, Any], *, validate: bool = True) -> "ORName":
        """Build from the codec's ``ORName`` value (see :meth:`ORAddress.from_asn1`).

        ``directory_name`` may be its BER bytes or the codec's value of the
        X.501 ``Name`` (``("rdn_sequence", [...])``, what decoding an
        ``ORName`` gives); the latter is re-encoded to bytes.
        """
        if not isinstance(value, Mapping):
            raise AddressError("an ORName value must be a mapping", "ORName")
        address = _from_asn1(ORAddress, value, validate)
        dn = value.get("directory_name")
        if dn is not None and not isinstance(dn, (bytes, bytearray, memoryview)):
            dn = _name_to_ber(dn)
        return cls(address=address, directory_name=dn)

    def to_ber(self) -> bytes:
        """The BER of this name as X.411 ``ORName`` (``60 ...``).

        :raises AddressError: naming the attribute, as
            :meth:`ORAddress.to_ber`; ``directory_name`` when its bytes are
            not an X.501 ``Name``.
        """
        v = _to_asn1(self.address)
        if self.directory_name is not None:
            v["directory_name"] = _name_from_ber(self.directory_name)
        return _encode_whole(_ORNAME_TYPE, v)

    @classmethod
    def from_ber(cls, data: Union[bytes, bytearray, memoryview], *,
                 validate: bool = True) -> "ORName":
        """Decode one X.411 ``ORName`` TLV (see :meth:`ORAddress.from_ber`).

        The directory name is kept as its DER re-encoding (BER forms such as
        indefinite lengths in it are normalised; the values inside its
        attributes are kept as received).
        """
        return cls.from_asn1(ber.decode(_ORNAME_TYPE, data), validate=validate)


# Every field's default (None, () or the empty frozenset): all plain values.
_DEFAULTS: Dict[str, Any] = {f.name: f.default for f in dataclasses.fields(ORAddress)}
assert all(v is not dataclasses.MISSING for v in _DEFAULTS.values())

# ---------------------------------------------------------------------------
# Coercion (always) and validation (bounds, character sets)


def _set(obj: Any, name: str, value: Any) -> None:
    object.__setattr__(obj, name, value)


def _want_str(v: Any, attr: str) -> None:
    if not isinstance(v, str):
        raise AddressError("must be str, not %s" % type(v).__name__, attr)


def _as_tuple(v: Any, attr: str) -> tuple:
    if v is None:
        return ()
    if isinstance(v, (str, UniversalOrBMPString)):
        return (v,)
    try:
        return tuple(v)
    except TypeError:
        raise AddressError("must be a sequence, not %s" % type(v).__name__, attr) from None


def _as_uob(v: Any, attr: str) -> UniversalOrBMPString:
    if isinstance(v, UniversalOrBMPString):
        return v
    if isinstance(v, str):
        return UniversalOrBMPString(v)
    raise AddressError("must be str or UniversalOrBMPString, not %s" % type(v).__name__,
                       attr)


def _as_ddas(v: Any, attr: str, conv: Callable[[Any, str], Any]) -> tuple:
    if v is None:
        return ()
    items = list(v.items()) if isinstance(v, Mapping) else _as_tuple(v, attr)
    out = []
    for item in items:
        try:
            t, val = item
        except (TypeError, ValueError):
            raise AddressError("each domain-defined attribute must be a (type, value) pair",
                               attr) from None
        out.append(DomainDefinedAttribute(conv(t, attr), conv(val, attr)))
    return tuple(out)


def _keep_str(v: Any, attr: str) -> str:
    _want_str(v, attr)
    return v


def _as_pn(v: Any, attr: str, conv: Callable[[Any, str], Any]) -> PersonalName:
    if isinstance(v, Mapping):
        try:
            v = PersonalName(**v)
        except TypeError as exc:
            raise AddressError(str(exc), attr) from None
    if not isinstance(v, PersonalName):
        raise AddressError("must be a PersonalName, not %s" % type(v).__name__, attr)
    if v.surname is None:
        raise AddressError("a personal name needs a surname", attr)
    parts = {}
    for name in ("surname", "given_name", "initials", "generation_qualifier"):
        p = getattr(v, name)
        parts[name] = None if p is None else conv(p, attr)
    return PersonalName(**parts)


def _str_tuple(v: Any, attr: str) -> tuple:
    t = _as_tuple(v, attr)
    for x in t:
        _want_str(x, attr)
    return t


def _as_pds(v: Any, name: str) -> PDSParameter:
    if isinstance(v, str):
        v = (PDSParameter(printable_string=v) if _is_printable(v)
             else PDSParameter(teletex_string=v))
    elif isinstance(v, Mapping):
        try:
            v = PDSParameter(**v)
        except TypeError as exc:
            raise AddressError(str(exc), name) from None
    if not isinstance(v, PDSParameter):
        raise AddressError("must be a PDSParameter or str", name)
    for part in (v.printable_string, v.teletex_string):
        if part is not None:
            _want_str(part, name)
    return v


def _as_upa(v: Any, name: str) -> UnformattedPostalAddress:
    if isinstance(v, str):
        v = (UnformattedPostalAddress(printable_address=tuple(v.split("\n")))
             if _is_printable(v.replace("\n", ""))
             else UnformattedPostalAddress(teletex_string=v))
    elif isinstance(v, (list, tuple)):
        v = UnformattedPostalAddress(printable_address=tuple(v))
    if not isinstance(v, UnformattedPostalAddress):
        raise AddressError("must be an UnformattedPostalAddress", name)
    for line in v.printable_address:
        _want_str(line, name)
    if v.teletex_string is not None:
        _want_str(v.teletex_string, name)
    return v


def _as_ena(v: Any, name: str) -> Union[E163Address, PresentationAddress]:
    if isinstance(v, str):
        v = E163Address(v)
    if isinstance(v, E163Address):
        _want_str(v.number, name)
        if v.sub_address is not None:
            _want_str(v.sub_address, name)
    elif isinstance(v, PresentationAddress):
        for sel in (v.p_selector, v.s_selector, v.t_selector):
            if sel is not None and not isinstance(sel, bytes):
                raise AddressError("selectors must be bytes", name)
        for na in v.n_addresses:
            if not isinstance(na, bytes):
                raise AddressError("n_addresses must be bytes", name)
    else:
        raise AddressError("must be an E163Address or PresentationAddress", name)
    return v


def _as_terminal_type(v: Any, name: str) -> int:
    if isinstance(v, bool) or not isinstance(v, int):
        raise AddressError("must be int, not %s" % type(v).__name__, name)
    try:
        return TerminalType(v)
    except ValueError:
        return int(v)


def _as_others(v: Any, name: str) -> tuple:
    others = []
    for item in _as_tuple(v, name):
        try:
            n, raw = item
        except (TypeError, ValueError):
            raise AddressError("each entry must be a (type, bytes) pair", name) from None
        if isinstance(n, bool) or not isinstance(n, int):
            raise AddressError("extension-attribute type must be int", name)
        if isinstance(raw, (bytearray, memoryview)):
            raw = bytes(raw)
        if not isinstance(raw, bytes):
            raise AddressError("extension-attribute value must be bytes", name)
        others.append((n, raw))
    # A SET OF: order means nothing, so keep one canonical order (by type).
    return tuple(sorted(others, key=lambda e: e[0]))


def _as_uob_tuple(v: Any, name: str) -> tuple:
    return tuple(_as_uob(x, name) for x in _as_tuple(v, name))


# field -> coercer(value, field): checks Python types and normalises
# containers; applied only to the fields present.
_COERCE: Dict[str, Callable[[Any, str], Any]] = {}
for _name in ("c", "admd", "network_address", "terminal_identifier", "prmd", "o",
              "numeric_user_identifier", "surname", "given_name", "initials",
              "generation_qualifier"):
    _COERCE[_name] = _keep_str
_COERCE.update(
    ou=_str_tuple,
    dda=lambda v, n: _as_ddas(v, n, _keep_str),
    teletex_personal_name=lambda v, n: _as_pn(v, n, _keep_str),
    teletex_organizational_unit_names=_str_tuple,
    teletex_domain_defined_attributes=lambda v, n: _as_ddas(v, n, _keep_str),
    universal_personal_name=lambda v, n: _as_pn(v, n, _as_uob),
    universal_organizational_unit_names=_as_uob_tuple,
    universal_domain_defined_attributes=lambda v, n: _as_ddas(v, n, _as_uob),
    unformatted_postal_address=_as_upa,
    extended_network_address=_as_ena,
    terminal_type=_as_terminal_type,
    other_extension_attributes=_as_others,
)
for _n, (_name, _kind, _ub) in _EXT.items():
    if _kind in ("pstr", "tstr", "country", "postal"):
        _COERCE[_name] = _keep_str
    elif _kind == "uob":
        _COERCE[_name] = _as_uob
    elif _kind == "pds":
        _COERCE[_name] = _as_pds
del _n, _name, _kind, _ub


def _absent(v: Any) -> bool:
    return v is None or (type(v) is tuple and not v)


# The defaults are None and this one empty tuple; the loops below skip them by
# identity, which is what makes building an address with a few attributes cheap
# (any other empty sequence just goes through a no-op check).
_NO_ITEMS: tuple = ()


def _coerce(a: ORAddress) -> None:
    d = a.__dict__
    get = _COERCE.get
    for name, v in list(d.items()):
        if v is None or v is _NO_ITEMS:
            continue
        conv = get(name)
        if conv is not None:
            d[name] = conv(v, name)


def _check_chars(v: str, attr: str, kind: str) -> None:
    if (kind == "printable" and _PRINTABLE.issuperset(v)) or \
            (kind == "numeric" and _NUMERIC.issuperset(v)):
        return
    if kind == "printable":
        bad = [ch for ch in v if ch not in _PRINTABLE]
        what = "PrintableString"
    elif kind == "numeric":
        bad = [ch for ch in v if ch not in _NUMERIC]
        what = "NumericString"
    elif kind == "teletex":
        bad = [ch for ch in v if ord(ch) > 0xFF]
        what = "TeletexString (one character per T.61 octet, U+0000..U+00FF)"
    elif kind == "bmp":
        bad = [ch for ch in v if ord(ch) > 0xFFFF]
        what = "BMPString"
    else:  # universal
        bad = []
        what = "UniversalString"
    if bad:
        raise AddressError("%r is not allowed in a %s" % (bad[0], what), attr)


def _check_len(v: Any, attr: str, lo: int, hi: int, unit: str = "characters") -> None:
    n = len(v)
    if n < lo:
        if lo == 1 and n == 0:
            raise AddressError("must not be empty", attr)
        raise AddressError("has %d %s, at least %d required" % (n, unit, lo), attr)
    if n > hi:
        raise AddressError("has %d %s, at most %d allowed" % (n, unit, hi), attr)


def _check(v: str, attr: str, kind: str, lo: int, hi: int) -> None:
    _check_len(v, attr, lo, hi)
    _check_chars(v, attr, kind)


def _choice_is_numeric(a: ORAddress, name: str, v: str) -> bool:
    for fname, which in a._choices:
        if fname == name:
            return which == "numeric"
    return bool(v) and all(ch in _DIGITS for ch in v)


def _check_country(a: ORAddress, name: str) -> None:
    v = getattr(a, name)
    if v is None:
        return
    if _choice_is_numeric(a, name, v):
        if len(v) != UB_COUNTRY_NAME_NUMERIC:
            raise AddressError("an X.121 DCC country code has exactly 3 digits, not %d"
                               % len(v), name)
        _check_chars(v, name, "numeric")
    else:
        if len(v) != UB_COUNTRY_NAME_ALPHA:
            raise AddressError("an ISO 3166 country code has exactly 2 characters, not %d"
                               % len(v), name)
        _check_chars(v, name, "printable")


def _check_uob(v: UniversalOrBMPString, attr: str, hi: int) -> None:
    _check_len(v.text, attr, 1, hi)
    _check_chars(v.text, attr, "universal" if v.four_octets else "bmp")
    if v.language is not None:
        if len(v.language) not in (2, 5):
            raise AddressError("an ISO 639 language code has 2 or 5 characters", attr)
        _check_chars(v.language, attr, "printable")


def _check_pn(pn: PersonalName, attr: str, checker: Callable[[Any, str, int], None],
              bounds: Tuple[int, int, int, int]) -> None:
    for part, hi in zip(("surname", "given_name", "initials", "generation_qualifier"), bounds):
        v = getattr(pn, part)
        if v is not None:
            try:
                checker(v, attr, hi)
            except AddressError as exc:
                raise AddressError("%s %s" % (part.replace("_", " "), exc.reason), attr) \
                    from None


def _check_list(items: tuple, attr: str, max_items: int) -> None:
    if len(items) > max_items:
        raise AddressError("has %d entries, at most %d allowed" % (len(items), max_items),
                           attr)


def _v_str(kind: str, hi: int, lo: int = 1) -> Callable[[ORAddress, Any, str], None]:
    def check(a: ORAddress, v: Any, name: str) -> None:
        _check(v, name, kind, lo, hi)
    return check


def _v_num_or_print(lo: int, hi: int) -> Callable[[ORAddress, Any, str], None]:
    def check(a: ORAddress, v: Any, name: str) -> None:
        _check(v, name, "numeric" if _choice_is_numeric(a, name, v) else "printable", lo, hi)
    return check


def _v_country(a: ORAddress, v: Any, name: str) -> None:
    _check_country(a, name)


def _v_str_list(kind: str, hi: int) -> Callable[[ORAddress, Any, str], None]:
    def check(a: ORAddress, v: Any, name: str) -> None:
        _check_list(v, name, UB_ORGANIZATIONAL_UNITS)
        for x in v:
            if kind == "uob":
                _check_uob(x, name, hi)
            else:
                _check(x, name, kind, 1, hi)
    return check


def _v_dda(kind: str) -> Callable[[ORAddress, Any, str], None]:
    def check(a: ORAddress, v: Any, name: str) -> None:
        _check_list(v, name, UB_DOMAIN_DEFINED_ATTRIBUTES)
        for d in v:
            for what, x, hi in (("type", d.type, UB_DDA_TYPE), ("value", d.value, UB_DDA_VALUE)):
                try:
                    if kind == "uob":
                        _check_uob(x, name, hi)
                    else:
                        _check(x, name, kind, 1, hi)
                except AddressError as exc:
                    raise AddressError(what + " " + exc.reason, name) from None
    return check


def _v_tpn(a: ORAddress, v: Any, name: str) -> None:
    _check_pn(v, name, lambda x, attr, hi: _check(x, attr, "teletex", 1, hi),
              (UB_SURNAME, UB_GIVEN_NAME, UB_INITIALS, UB_GENERATION_QUALIFIER))


def _v_upn(a: ORAddress, v: Any, name: str) -> None:
    _check_pn(v, name, _check_uob,
              (UB_UNIVERSAL_SURNAME, UB_UNIVERSAL_GIVEN_NAME, UB_UNIVERSAL_INITIALS,
               UB_UNIVERSAL_GENERATION_QUALIFIER))


def _v_uob(hi: int) -> Callable[[ORAddress, Any, str], None]:
    def check(a: ORAddress, v: Any, name: str) -> None:
        _check_uob(v, name, hi)
    return check


def _v_pds(a: ORAddress, v: Any, name: str) -> None:
    if v.printable_string is None and v.teletex_string is None:
        raise AddressError("needs a printable or a teletex string", name)
    if v.printable_string is not None:
        _check(v.printable_string, name, "printable", 1, UB_PDS_PARAMETER)
    if v.teletex_string is not None:
        _check(v.teletex_string, name, "teletex", 1, UB_PDS_PARAMETER)


def _v_upa(a: ORAddress, v: Any, name: str) -> None:
    if not v.printable_address and v.teletex_string is None:
        raise AddressError("needs printable lines or a teletex string", name)
    _check_list(v.printable_address, name, UB_PDS_PHYSICAL_ADDRESS_LINES)
    for line in v.printable_address:
        _check(line, name, "printable", 1, UB_PDS_PARAMETER)
    if v.teletex_string is not None:
        _check(v.teletex_string, name, "teletex", 1, UB_UNFORMATTED_ADDRESS)


def _v_ena(a: ORAddress, v: Any, name: str) -> None:
    if isinstance(v, E163Address):
        _check(v.number, name, "numeric", 1, UB_E163_4_NUMBER)
        if v.sub_address is not None:
            _check(v.sub_address, name, "numeric", 1, UB_E163_4_SUB_ADDRESS)
    elif not v.n_addresses:
        raise AddressError("a presentation address needs at least one network address", name)


def _v_terminal_type(a: ORAddress, v: Any, name: str) -> None:
    if not 0 <= v <= UB_INTEGER_OPTIONS:
        raise AddressError("must be in 0..%d, not %d" % (UB_INTEGER_OPTIONS, v), name)


def _v_others(a: ORAddress, v: Any, name: str) -> None:
    seen = set()
    for n, raw in v:
        if n in _EXT:
            raise AddressError("extension attribute %d has its own field, %s"
                               % (n, _EXT[n][0]), name)
        if not 0 <= n <= UB_EXTENSION_TYPES:
            raise AddressError("extension-attribute type %d is outside 0..%d"
                               % (n, UB_EXTENSION_TYPES), name)
        if n in seen:
            raise AddressError("extension attribute %d appears twice" % n, name)
        seen.add(n)
        _check_single_tlv(raw, name)


# field -> validator(address, value, field) for X.411's bounds and string
# types; applied only to the fields present.
_VALIDATE: Dict[str, Callable[[ORAddress, Any, str], None]] = dict(
    c=_v_country,
    admd=_v_num_or_print(0, UB_DOMAIN_NAME),
    network_address=_v_str("numeric", UB_X121_ADDRESS),
    terminal_identifier=_v_str("printable", UB_TERMINAL_ID),
    prmd=_v_num_or_print(1, UB_DOMAIN_NAME),
    o=_v_str("printable", UB_ORGANIZATION_NAME),
    numeric_user_identifier=_v_str("numeric", UB_NUMERIC_USER_ID),
    surname=_v_str("printable", UB_SURNAME),
    given_name=_v_str("printable", UB_GIVEN_NAME),
    initials=_v_str("printable", UB_INITIALS),
    generation_qualifier=_v_str("printable", UB_GENERATION_QUALIFIER),
    ou=_v_str_list("printable", UB_ORGANIZATIONAL_UNIT_NAME),
    dda=_v_dda("printable"),
    teletex_personal_name=_v_tpn,
    teletex_organizational_unit_names=_v_str_list("teletex", UB_ORGANIZATIONAL_UNIT_NAME),
    teletex_domain_defined_attributes=_v_dda("teletex"),
    physical_delivery_country_name=_v_country,
    postal_code=_v_num_or_print(1, UB_POSTAL_CODE),
    unformatted_postal_address=_v_upa,
    extended_network_address=_v_ena,
    terminal_type=_v_terminal_type,
    universal_personal_name=_v_upn,
    universal_organizational_unit_names=_v_str_list("uob", UB_ORGANIZATIONAL_UNIT_NAME),
    universal_domain_defined_attributes=_v_dda("uob"),
    other_extension_attributes=_v_others,
)
for _n, (_name, _kind, _ub) in _EXT.items():
    if _kind == "pstr":
        _VALIDATE[_name] = _v_str("printable", _ub)
    elif _kind == "tstr":
        _VALIDATE[_name] = _v_str("teletex", _ub)
    elif _kind == "uob":
        _VALIDATE[_name] = _v_uob(_ub)
    elif _kind == "pds":
        _VALIDATE[_name] = _v_pds
del _n, _name, _kind, _ub


def _validate(a: ORAddress) -> None:
    d = a.__dict__
    get = _VALIDATE.get
    for name, v in d.items():
        if v is None or v is _NO_ITEMS:
            continue
        check = get(name)
        if check is not None:
            check(a, v, name)
    if d["surname"] is None and (d["given_name"] is not None or d["initials"] is not None
                                 or d["generation_qualifier"] is not None):
        raise AddressError("a surname is required when a given name, initials or "
                           "generation qualifier is present", "surname")


def _check_single_tlv(raw: bytes, attr: str) -> None:
    try:
        ber.decode(_ANY_TLV, raw)
    except DecodeError as exc:
        raise AddressError("not one well-formed BER value (%s)" % exc, attr) from None


# ---------------------------------------------------------------------------
# Comparison key


def _norm(s: Optional[str]) -> Optional[str]:
    if s is None:
        return None
    return " ".join(s.split()).casefold()


def _txt(v: Any) -> Optional[str]:
    if v is None:
        return None
    if isinstance(v, UniversalOrBMPString):
        return v.text
    return v


def _first(*forms: Any) -> Any:
    for f in forms:
        if f not in (None, ()):
            return f
    return None


def _pn_parts(pn: Optional[PersonalName]) -> Optional[tuple]:
    if pn is None:
        return None
    return tuple(_norm(_txt(getattr(pn, p))) for p in
                 ("surname", "given_name", "initials", "generation_qualifier"))


def _comparison_key(a: ORAddress) -> tuple:
    printable_pn = None
    if a.surname is not None:
        printable_pn = (_norm(a.surname), _norm(a.given_name), _norm(a.initials),
                        _norm(a.generation_qualifier))
    pn = _first(printable_pn, _pn_parts(a.teletex_personal_name),
                _pn_parts(a.universal_personal_name))
    ous = _first(a.ou, a.teletex_organizational_unit_names,
                 a.universal_organizational_unit_names) or ()
    ddas = _first(a.dda, a.teletex_domain_defined_attributes,
                  a.universal_domain_defined_attributes) or ()
    pds = []
    for name, uname in _PDS_PAIRS:
        p = getattr(a, name)
        u = getattr(a, uname)
        text = None
        if p is not None:
            text = p.printable_string if p.printable_string is not None else p.teletex_string
        if text is None and u is not None:
            text = u.text
        pds.append(_norm(text))
    upa = None
    if a.unformatted_postal_address is not None:
        v = a.unformatted_postal_address
        lines = v.printable_address or tuple((v.teletex_string or "").split("\n"))
        upa = tuple(_norm(x) for x in lines)
    elif a.universal_unformatted_postal_address is not None:
        upa = tuple(_norm(x) for x in a.universal_unformatted_postal_address.text.split("\n"))
    ena: Any = a.extended_network_address
    if isinstance(ena, E163Address):
        ena = ("e163", _norm(ena.number), _norm(ena.sub_address))
    return (
        _norm(a.c), _norm(a.admd or ""), _norm(a.prmd), _norm(a.network_address),
        _norm(a.terminal_identifier), _norm(a.numeric_user_identifier),
        _norm(_txt(_first(a.o, a.teletex_organization_name, a.universal_organization_name))),
        tuple(_norm(_txt(x)) for x in ous),
        pn,
        _norm(_txt(_first(a.cn, a.teletex_common_name, a.universal_common_name))),
        tuple((_norm(_txt(d.type)), _txt(d.value)) for d in ddas),
        _norm(a.pds_name), _norm(a.physical_delivery_country_name), _norm(a.postal_code),
        tuple(pds), upa, ena,
        None if a.terminal_type is None else int(a.terminal_type),
        frozenset(a.other_extension_attributes),
    )


# ---------------------------------------------------------------------------
# Codec value model


def _choice_value(a: ORAddress, name: str, v: str) -> Tuple[str, str]:
    numeric_alt, printable_alt = _CHOICE_NAMES[name]
    return (numeric_alt if _choice_is_numeric(a, name, v) else printable_alt, v)


def _pn_to_codec(pn: PersonalName, conv: Callable[[Any], Any]) -> Dict[str, Any]:
    out = {}
    for part in ("surname", "given_name", "initials", "generation_qualifier"):
        v = getattr(pn, part)
        if v is not None:
            out[part] = conv(v)
    return out


def _uob_to_codec(u: UniversalOrBMPString) -> Dict[str, Any]:
    out: Dict[str, Any] = {
        "character_encoding": ("four_octets" if u.four_octets else "two_octets", u.text)}
    if u.language is not None:
        out["iso_639_language_code"] = u.language
    return out


def _same(v: Any) -> Any:
    return v


def _ext_to_codec(a: ORAddress, n: int, v: Any) -> Any:
    name, kind, _ub = _EXT[n]
    if kind in ("pstr", "tstr"):
        return v
    if kind == "tpn":
        return _pn_to_codec(v, _same)
    if kind == "tou":
        return list(v)
    if kind == "tdda":
        return [{"type": d.type, "value": d.value} for d in v]
    if kind in ("country", "postal"):
        return _choice_value(a, name, v)
    if kind == "pds":
        out = {}
        if v.printable_string is not None:
            out["printable_string"] = v.printable_string
        if v.teletex_string is not None:
            out["teletex_string"] = v.teletex_string
        return out
    if kind == "upa":
        out = {}
        if v.printable_address:
            out["printable_address"] = list(v.printable_address)
        if v.teletex_string is not None:
            out["teletex_string"] = v.teletex_string
        return out
    if kind == "ena":
        if isinstance(v, E163Address):
            e = {"number": v.number}
            if v.sub_address is not None:
                e["sub_address"] = v.sub_address
            return ("e163_4_address", e)
        p: Dict[str, Any] = {}
        for sel in ("p_selector", "s_selector", "t_selector"):
            if getattr(v, sel) is not None:
                p[sel] = getattr(v, sel)
        p["n_addresses"] = list(v.n_addresses)
        return ("psap_address", p)
    if kind == "int":
        return int(v)
    if kind == "uob":
        return _uob_to_codec(v)
    if kind == "upn":
        return _pn_to_codec(v, _uob_to_codec)
    if kind == "uou":
        return [_uob_to_codec(x) for x in v]
    if kind == "udda":
        return [{"type": _uob_to_codec(d.type), "value": _uob_to_codec(d.value)} for d in v]
    raise AssertionError(kind)  # pragma: no cover


def _to_asn1(a: ORAddress) -> Dict[str, Any]:
    bisa: Dict[str, Any] = {}
    if a.c is not None:
        bisa["country_name"] = _choice_value(a, "c", a.c)
    if a.admd is not None:
        bisa["administration_domain_name"] = _choice_value(a, "admd", a.admd)
    if a.network_address is not None:
        bisa["network_address"] = a.network_address
    if a.terminal_identifier is not None:
        bisa["terminal_identifier"] = a.terminal_identifier
    if a.prmd is not None:
        bisa["private_domain_name"] = _choice_value(a, "prmd", a.prmd)
    if a.o is not None:
        bisa["organization_name"] = a.o
    if a.numeric_user_identifier is not None:
        bisa["numeric_user_identifier"] = a.numeric_user_identifier
    if a.surname is not None:
        bisa["personal_name"] = _pn_to_codec(
            PersonalName(a.surname, a.given_name, a.initials, a.generation_qualifier), _same)
    if a.ou:
        bisa["organizational_unit_names"] = list(a.ou)
    value: Dict[str, Any] = {"built_in_standard_attributes": bisa}
    if a.dda:
        value["built_in_domain_defined_attributes"] = [
            {"type": d.type, "value": d.value} for d in a.dda]
    exts = []
    received = a._received or {}
    for name, v in a.__dict__.items():
        n = _EXT_BY_FIELD.get(name)
        if n is not None and not _absent(v):
            raw = received.get(name)
            if raw is None:
                try:
                    raw = _encode_extension_value(n, _ext_to_codec(a, n, v))
                except EncodeError as exc:
                    raise AddressError("cannot be encoded: %s" % exc, name) from None
            exts.append((n, raw))
    exts.extend(a.other_extension_attributes)
    if exts:
        exts.sort(key=lambda e: e[0])
        value["extension_attributes"] = [
            {"extension_attribute_type": n, "extension_attribute_value": raw}
            for n, raw in exts]
    return value


# -- from the codec value ------------------------------------------------------


def _get_map(v: Any, attr: str) -> Mapping[str, Any]:
    # The codec gives dicts; the exact-type test skips the ABC machinery
    # behind isinstance(v, Mapping): a fifth of from_asn1's time on a full address.
    if type(v) is not dict and not isinstance(v, Mapping):
        raise AddressError("expected a SEQUENCE/SET value (a mapping), got %s"
                           % type(v).__name__, attr)
    return v


def _get_list(v: Any, attr: str) -> list:
    if isinstance(v, (str, bytes)) or not isinstance(v, (list, tuple)):
        raise AddressError("expected a SEQUENCE OF value (a list), got %s"
                           % type(v).__name__, attr)
    return list(v)


def _get_choice(v: Any, attr: str, alternatives: Sequence[str]) -> Tuple[str, Any]:
    if not isinstance(v, (tuple, list)) or len(v) != 2 or v[0] not in alternatives:
        raise AddressError("expected a CHOICE value (%s, value)" % " | ".join(alternatives),
                           attr)
    return v[0], v[1]


def _get_str(v: Any, attr: str) -> str:
    if not isinstance(v, str):
        raise AddressError("expected a string value, got %s" % type(v).__name__, attr)
    return v


def _get_bytes(v: Any, attr: str) -> bytes:
    if isinstance(v, (bytearray, memoryview)):
        v = bytes(v)
    if not isinstance(v, bytes):
        raise AddressError("expected bytes, got %s" % type(v).__name__, attr)
    return v


def _pn_from_codec(v: Any, attr: str, conv: Callable[[Any, str], Any]) -> PersonalName:
    m = _get_map(v, attr)
    if "surname" not in m:
        raise AddressError("personal name without a surname", attr)
    parts = {p: conv(m[p], attr) for p in ("surname", "given_name", "initials",
                                           "generation_qualifier") if p in m}
    return PersonalName(**parts)


def _uob_from_codec(v: Any, attr: str) -> UniversalOrBMPString:
    m = _get_map(v, attr)
    alt, text = _get_choice(m.get("character_encoding"), attr, ("two_octets", "four_octets"))
    lang = m.get("iso_639_language_code")
    return UniversalOrBMPString(_get_str(text, attr),
                                None if lang is None else _get_str(lang, attr),
                                four_octets=(alt == "four_octets"))


def _note_choice(choices: set, name: str, alt: str, v: str) -> None:
    numeric_alt, _printable_alt = _CHOICE_NAMES[name]
    numeric = alt == numeric_alt
    default = bool(v) and all(ch in _DIGITS for ch in v)
    if numeric != default:
        choices.add((name, "numeric" if numeric else "printable"))


def _ext_from_codec(n: int, cv: Any, choices: set) -> Any:
    name, kind, _ub = _EXT[n]
    if kind in ("pstr", "tstr"):
        return _get_str(cv, name)
    if kind == "tpn":
        return _pn_from_codec(cv, name, lambda x, at: _get_str(x, at))
    if kind == "tou":
        return tuple(_get_str(x, name) for x in _get_list(cv, name))
    if kind == "tdda":
        out = []
        for d in _get_list(cv, name):
            m = _get_map(d, name)
            out.append(DomainDefinedAttribute(_get_str(m.get("type"), name),
                                              _get_str(m.get("value"), name)))
        return tuple(out)
    if kind in ("country", "postal"):
        alt, v = _get_choice(cv, name, _CHOICE_NAMES[name])
        v = _get_str(v, name)
        _note_choice(choices, name, alt, v)
        return v
    if kind == "pds":
        m = _get_map(cv, name)
        return PDSParameter(
            None if m.get("printable_string") is None else _get_str(m["printable_string"], name),
            None if m.get("teletex_string") is None else _get_str(m["teletex_string"], name))
    if kind == "upa":
        m = _get_map(cv, name)
        lines = tuple(_get_str(x, name) for x in _get_list(m.get("printable_address", []),
                                                           name))
        tt = m.get("teletex_string")
        return UnformattedPostalAddress(lines, None if tt is None else _get_str(tt, name))
    if kind == "ena":
        alt, v = _get_choice(cv, name, ("e163_4_address", "psap_address"))
        m = _get_map(v, name)
        if alt == "e163_4_address":
            sub = m.get("sub_address")
            return E163Address(_get_str(m.get("number"), name),
                               None if sub is None else _get_str(sub, name))
        sels = {}
        for sel in ("p_selector", "s_selector", "t_selector"):
            if m.get(sel) is not None:
                sels[sel] = _get_bytes(m[sel], name)
        nas = tuple(_get_bytes(x, name) for x in _get_list(m.get("n_addresses"), name))
        return PresentationAddress(n_addresses=nas, **sels)
    if kind == "int":
        if isinstance(cv, bool) or not isinstance(cv, int):
            raise AddressError("expected an INTEGER", name)
        return cv
    if kind == "uob":
        return _uob_from_codec(cv, name)
    if kind == "upn":
        return _pn_from_codec(cv, name, _uob_from_codec)
    if kind == "uou":
        return tuple(_uob_from_codec(x, name) for x in _get_list(cv, name))
    if kind == "udda":
        out = []
        for d in _get_list(cv, name):
            m = _get_map(d, name)
            out.append(DomainDefinedAttribute(_uob_from_codec(m.get("type"), name),
                                              _uob_from_codec(m.get("value"), name)))
        return tuple(out)
    raise AssertionError(kind)  # pragma: no cover


def _from_asn1(cls: Type[ORAddress], value: Any, validate: bool) -> ORAddress:
    top = _get_map(value, "ORAddress")
    if "built_in_standard_attributes" not in top:
        raise AddressError("built_in_standard_attributes is missing",
                           "built_in_standard_attributes")
    bisa = _get_map(top["built_in_standard_attributes"], "built_in_standard_attributes")
    kw: Dict[str, Any] = {}
    choices: set = set()
    for key, name in (("country_name", "c"), ("administration_domain_name", "admd"),
                      ("private_domain_name", "prmd")):
        if key in bisa:
            alt, v = _get_choice(bisa[key], name, _CHOICE_NAMES[name])
            v = _get_str(v, name)
            _note_choice(choices, name, alt, v)
            kw[name] = v
    for key, name in (("network_address", "network_address"),
                      ("terminal_identifier", "terminal_identifier"),
                      ("organization_name", "o"),
                      ("numeric_user_identifier", "numeric_user_identifier")):
        if key in bisa:
            kw[name] = _get_str(bisa[key], name)
    if "personal_name" in bisa:
        pn = _pn_from_codec(bisa["personal_name"], "surname", _get_str)
        kw.update(surname=pn.surname, given_name=pn.given_name, initials=pn.initials,
                  generation_qualifier=pn.generation_qualifier)
    if "organizational_unit_names" in bisa:
        kw["ou"] = tuple(_get_str(x, "ou")
                         for x in _get_list(bisa["organizational_unit_names"], "ou"))
    if "built_in_domain_defined_attributes" in top:
        ddas = []
        for d in _get_list(top["built_in_domain_defined_attributes"], "dda"):
            m = _get_map(d, "dda")
            ddas.append((_get_str(m.get("type"), "dda"), _get_str(m.get("value"), "dda")))
        kw["dda"] = ddas
    others = []
    seen = set()
    received: Dict[str, bytes] = {}
    if "extension_attributes" in top:
        for e in _get_list(top["extension_attributes"], "extension_attributes"):
            m = _get_map(e, "extension_attributes")
            n = m.get("extension_attribute_type")
            if isinstance(n, bool) or not isinstance(n, int):
                raise AddressError("extension_attribute_type must be an INTEGER",
                                   "extension_attributes")
            raw = _get_bytes(m.get("extension_attribute_value"), "extension_attributes")
            attr = _EXT[n][0] if n in _EXT else "other_extension_attributes"
            if n in seen:
                raise AddressError("extension attribute %d appears twice" % n, attr)
            seen.add(n)
            if n in _EXT:
                kw[attr] = _ext_from_codec(n, _decode_extension_value(n, raw), choices)
                received[attr] = raw
            else:
                others.append((n, raw))
    if others:
        kw["other_extension_attributes"] = tuple(others)
    # Built without __init__ so that validation can be skipped on request.
    obj = cls.__new__(cls)
    d = obj.__dict__
    d.update(_DEFAULTS)
    d.update(kw)
    if choices:
        d["_choices"] = frozenset(choices)
    if received:
        d["_received"] = received
    _coerce(obj)
    if validate:
        _validate(obj)
    return obj


# ---------------------------------------------------------------------------
# BER, through the codec and the X.411 declarations
#
# ``extension-attribute-value`` is an open type: the codec hands it over as
# the raw TLV, and what it holds is the type X.411 names for the attribute's
# number (x411.EXTENSION_ATTRIBUTES).  Decoding follows the codec's leniency
# decision (BER forms accepted, string SIZE bounds not checked, character
# sets checked); the model's validation then applies X.411's bounds unless
# the caller asked for ``validate=False``.  Encoding is the codec's, so it is
# DER wherever BER leaves a choice and refuses values over their bounds:
# that is why received values are re-emitted as received (see _to_asn1).

_MTS = x411.MTSAbstractService
assert sorted(x411.EXTENSION_ATTRIBUTES) == sorted(_EXT)
_EXT_TYPES: Dict[int, Any] = {n: _MTS[x411.EXTENSION_ATTRIBUTES[n][1]] for n in _EXT}
_ORADDRESS_TYPE = _MTS["ORAddress"]
_ORNAME_TYPE = _MTS["ORName"]
_NAME_TYPE = x411.InformationFramework["Name"]
_ANY_TLV = _OpenType()


def _ext_path(ext_type: int, path: Sequence[str]) -> Tuple[str, ...]:
    # The codec's path starts at the value type (e.g. "TeletexPersonalName");
    # the attribute goes in front so that a log line says which one it was.
    return ("ExtensionAttribute", _EXT[ext_type][0]) + tuple(path)


def _encode_extension_value(ext_type: int, value: Any) -> bytes:
    """BER of one extension-attribute value (the TLV inside the ``[1]`` wrapper)."""
    try:
        return ber.encode(_EXT_TYPES[ext_type], value)
    except EncodeError as exc:
        raise EncodeError(exc.reason, _ext_path(ext_type, exc.path)) from None


def _decode_extension_value(ext_type: int, data: bytes) -> Any:
    """Decode one extension-attribute value TLV into the codec's value model."""
    try:
        return ber.decode(_EXT_TYPES[ext_type], data)
    except DecodeError as exc:
        raise DecodeError(exc.reason, exc.offset, _ext_path(ext_type, exc.path)) from None


# Where an EncodeError of a whole ORAddress/ORName points, as a model field.
_BISA_FIELDS = {"country_name": "c", "administration_domain_name": "admd",
                "private_domain_name": "prmd", "organization_name": "o",
                "organizational_unit_names": "ou"}
_TOP_FIELDS = {"built_in_domain_defined_attributes": "dda",
               "extension_attributes": "other_extension_attributes",
               "directory_name": "directory_name"}


def _attribute_at(path: Sequence[str]) -> Optional[str]:
    key = path[1] if len(path) > 1 else None
    if key == "built_in_standard_attributes" and len(path) > 2:
        if path[2] == "personal_name":
            return path[3] if len(path) > 3 else "surname"
        return _BISA_FIELDS.get(path[2], path[2])
    return _TOP_FIELDS.get(key)  # type: ignore[arg-type]


def _encode_whole(t: Any, value: Dict[str, Any]) -> bytes:
    try:
        return ber.encode(t, value)
    except EncodeError as exc:
        # Only an address built with validate=False gets here (a built-in
        # attribute over its bound): say which attribute, as validation would.
        raise AddressError("cannot be encoded: %s" % exc, _attribute_at(exc.path)) from None


def _name_to_ber(dn_value: Any) -> bytes:
    try:
        return ber.encode(_NAME_TYPE, dn_value)
    except EncodeError as exc:
        raise AddressError("not an X.501 Name value: %s" % exc, "directory_name") from None


def _name_from_ber(dn: bytes) -> Any:
    try:
        return ber.decode(_NAME_TYPE, dn)
    except DecodeError as exc:
        raise AddressError("not an X.501 Name: %s" % exc, "directory_name") from None


# ---------------------------------------------------------------------------
# Text forms
#
# Keywords: canonical RFC 2156 key, RFC 1685 label, and every alias accepted
# on input (RFC 2156 4.1.1 alternatives, F.401 labels and the unambiguous
# legacy keywords of ISODE PP).  Matching is case-independent.

_SLOT_KEYS: Dict[str, Tuple[str, str, Tuple[str, ...]]] = {
    # slot: (rfc2156 key, rfc1685 label, aliases)
    "c": ("C", "C", ()),
    "admd": ("ADMD", "A", ()),
    "prmd": ("PRMD", "P", ()),
    "o": ("O", "O", ()),
    "ou": ("OU", "OU", ()),
    "s": ("S", "S", ()),
    "g": ("G", "G", ()),
    "i": ("I", "I", ()),
    "gq": ("GQ", "Q", ()),
    "pn": ("PN", "PN", ()),
    "cn": ("CN", "CN", ()),
    "x121": ("X121", "X.121", ()),
    "uaid": ("UA-ID", "N-ID", ()),
    "tid": ("T-ID", "T-ID", ()),
    "tty": ("T-TY", "T-TY", ("NET-TTYPE",)),
    "netnum": ("NET-NUM", "ISDN", ("E.164",)),
    "netsub": ("NET-SUB", "NET-SUB", ()),
    "psap": ("NET-PSAP", "PSAP", ()),
    "rfc822": ("RFC-822", "RFC-822", ()),
    "pd_sn": ("PD-SERVICE", "PD-SN", ("PD-SYSTEM",)),
    "pd_c": ("PD-C", "PD-C", ()),
    "pd_pc": ("PD-CODE", "PD-PC", ("POSTCODE",)),
    "pd_of": ("PD-OFFICE", "PD-OF", ()),
    "pd_ofn": ("PD-OFFICE-NUM", "PD-OFN", ("PD-OFFICE NUMBER", "PD-OFFICE-NUMBER")),
    "pd_ea": ("PD-EXT-ADDRESS", "PD-EA", ()),
    "pd_pn": ("PD-PN", "PD-PN", ()),
    "pd_o": ("PD-O", "PD-O", ()),
    "pd_ed": ("PD-EXT-DELIVERY", "PD-ED", ()),
    "pd_a": ("PD-ADDRESS", "PD-A", ()),
    "pd_s": ("PD-STREET", "PD-S", ("STREET",)),
    "pd_b": ("PD-BOX", "PD-B", ("PO-BOX",)),
    "pd_r": ("PD-RESTANTE", "PD-R", ("POSTE-RESTANTE",)),
    "pd_u": ("PD-UNIQUE", "PD-U", ()),
    "pd_l": ("PD-LOCAL", "PD-L", ()),
}
_KEYWORDS: Dict[str, str] = {}
for _slot, (_k2156, _k1685, _aliases) in _SLOT_KEYS.items():
    for _k in (_k2156, _k1685) + _aliases:
        _KEYWORDS[_k] = _slot
_KEYWORDS["ISDN"] = "netnum"
del _slot, _k2156, _k1685, _aliases, _k

# Postal slots that hold a PDSParameter, with their field and universal twin.
_PD_SLOTS = {
    "pd_of": "physical_delivery_office_name",
    "pd_ofn": "physical_delivery_office_number",
    "pd_ea": "extension_or_address_components",
    "pd_pn": "physical_delivery_personal_name",
    "pd_o": "physical_delivery_organization_name",
    "pd_ed": "extension_physical_delivery_address_components",
    "pd_s": "street_address",
    "pd_b": "post_office_box_address",
    "pd_r": "poste_restante_address",
    "pd_u": "unique_postal_name",
    "pd_l": "local_postal_attributes",
}
_UNIVERSAL_TWIN = dict(_PDS_PAIRS)
# Plain single-valued slots -> field.
_PLAIN_SLOTS = {
    "c": "c", "admd": "admd", "prmd": "prmd", "x121": "network_address",
    "uaid": "numeric_user_identifier", "tid": "terminal_identifier", "pd_sn": "pds_name",
    "pd_c": "physical_delivery_country_name", "pd_pc": "postal_code",
}
_SLOT_FIELD = dict(_PLAIN_SLOTS, o="o", cn="cn", s="surname", g="given_name", i="initials",
                   gq="generation_qualifier", pn="surname", tty="terminal_type",
                   netnum="extended_network_address", netsub="extended_network_address",
                   psap="extended_network_address", pd_a="unformatted_postal_address",
                   **_PD_SLOTS)

_TERMINAL_NAMES = {"tlx": 3, "ttx": 4, "g3fax": 5, "g4fax": 6, "ia5": 7, "vtx": 8,
                   "telex": 3, "teletex": 4, "g3-facsimile": 5, "g4-facsimile": 6,
                   "ia5-terminal": 7, "videotex": 8}
_TERMINAL_LABELS = {3: "tlx", 4: "ttx", 5: "g3fax", 6: "g4fax", 7: "ia5", 8: "vtx"}

_DD_RE = re.compile(r"^(DDA|DD)([1-4]?)\s*[.:]")
_OU_N_RE = re.compile(r"^OU([1-4])$")
_PDA_N_RE = re.compile(r"^PD-A([1-6])$")
_SLASH_LABEL_RE = re.compile(r"/([^/;=]+)=")

SYNTAXES = ("auto", "rfc2156", "rfc1685")

# A lexed character: (char, literal) where literal means it came from an
# escape ($x in RFC 2156, a doubled delimiter or == in RFC 1685) and so never
# acts as syntax.
_Chars = List[Tuple[str, bool]]


class _Triple(NamedTuple):
    """One attribute value split into its printable, teletex and universal forms."""

    p: Optional[str]
    t: Optional[str]
    u: Optional[str]


def _plain(chars: _Chars) -> str:
    return "".join(ch for ch, _lit in chars)


def _detect(s: str) -> str:
    if s.startswith("/") or "$" in s:
        return "rfc2156"
    if ";" in s:
        # A ';' address is RFC 1685 unless '/' also separates pairs (RFC 2156
        # input may mix the two separators).
        for m in _SLASH_LABEL_RE.finditer(s):
            if _known_label(m.group(1)):
                return "rfc2156"
        return "rfc1685"
    return "rfc2156"


def _known_label(label: str) -> bool:
    lab = " ".join(label.split()).upper()
    return (lab in _KEYWORDS or bool(_OU_N_RE.match(lab)) or bool(_PDA_N_RE.match(lab))
            or bool(_DD_RE.match(lab)))


def _lex(s: str, delims: str, dollar: bool) -> List[_Chars]:
    items: List[_Chars] = []
    cur: _Chars = []
    i, n = 0, len(s)
    if n and s[0] in delims:
        i = 1
    while i < n:
        ch = s[i]
        if dollar and ch == "$":
            if i + 1 >= n:
                raise AddressError("'$' at the end of the address quotes nothing")
            cur.append((s[i + 1], True))
            i += 2
        elif ch in delims:
            if i + 1 < n and s[i + 1] == ch:
                cur.append((ch, True))  # doubled delimiter: a literal one
                i += 2
            else:
                items.append(cur)
                cur = []
                i += 1
        else:
            cur.append((ch, False))
            i += 1
    items.append(cur)
    # Empty items (a trailing delimiter, "; " at the end) carry nothing.
    return [it for it in items if _plain(it).strip()]


def _split_pair(item: _Chars, rfc1685: bool) -> Tuple[_Chars, _Chars]:
    eq = next((k for k, (ch, lit) in enumerate(item) if ch == "=" and not lit), None)
    if eq is None:
        raise AddressError("%r is not a keyword=value pair" % _plain(item).strip())
    label = _plain(item[:eq]).strip().upper()
    if rfc1685 and _DD_RE.match(label):
        # F.401: an '=' inside a DDA type is written '=='; the first single
        # '=' ends the label.
        k = 0
        while k < len(item):
            ch, lit = item[k]
            if ch == "=" and not lit:
                if k + 1 < len(item) and item[k + 1] == ("=", False):
                    item = item[:k] + [("=", True)] + item[k + 2:]
                else:
                    return item[:k], item[k + 1:]
            k += 1
    return item[:eq], item[eq + 1:]


def _strip_chars(chars: _Chars) -> _Chars:
    a, b = 0, len(chars)
    while a < b and chars[a][0].isspace():
        a += 1
    while b > a and chars[b - 1][0].isspace():
        b -= 1
    return chars[a:b]


def _classify(s: str) -> _Triple:
    if _is_printable(s):
        return _Triple(s, None, None)
    if _is_latin1(s):
        return _Triple(None, s, None)
    return _Triple(None, None, s)


def _split_at(chars: _Chars, sep: str) -> List[_Chars]:
    parts: List[_Chars] = [[]]
    for ch, lit in chars:
        if ch == sep and not lit:
            parts.append([])
        else:
            parts[-1].append((ch, lit))
    return parts


def _teletex_part(chars: _Chars, attr: Optional[str]) -> str:
    out = []
    k = 0
    while k < len(chars):
        ch, lit = chars[k]
        if ch == "{" and not lit:
            close = next((j for j in range(k + 1, len(chars))
                          if chars[j] == ("}", False)), None)
            if close is None:
                raise AddressError("'{' without a closing '}' in a teletex value", attr)
            digits = _plain(chars[k + 1:close])
            if not digits or len(digits) % 3 or not all(d in _DIGITS for d in digits):
                raise AddressError("{%s}: a brace group holds 3-digit octet values" % digits,
                                   attr)
            for j in range(0, len(digits), 3):
                code = int(digits[j:j + 3])
                if code > 255:
                    raise AddressError("{%s}: octet value over 255" % digits[j:j + 3], attr)
                out.append(chr(code))
            k = close + 1
        else:
            out.append(ch)
            k += 1
    return "".join(out)


def _pt_value(chars: _Chars, rfc1685: bool, attr: Optional[str]) -> _Triple:
    """Decode a teletex-and-or-ps value (RFC 2156 3.3.4) or a literal RFC 1685 one."""
    if rfc1685:
        return _classify(_plain(chars))
    parts = _split_at(chars, "*")
    if len(parts) == 1:
        return _classify(_plain(chars))
    printable = _plain(parts[0])
    # Only the first '*' separates; later ones belong to the teletex part.
    rest: _Chars = []
    for k, part in enumerate(parts[1:]):
        if k:
            rest.append(("*", True))
        rest.extend(part)
    teletex = _teletex_part(rest, attr)
    p = printable if printable else None
    if p is not None and not _is_printable(p):
        raise AddressError("the part before '*' must be PrintableString characters", attr)
    if _is_latin1(teletex):
        return _Triple(p, teletex, None)
    return _Triple(p, None, teletex)


def _encoded_pn(s: str, attr: str) -> Dict[str, str]:
    """RFC 2156 4.1.2 encoded-pn: [given "."] *(initial ".") surname."""
    toks = s.split(".")
    out: Dict[str, str] = {}
    k = 0
    if len(toks) > 1 and len(toks[0]) >= 2:
        out["given_name"] = toks[0]
        k = 1
    initials = []
    while k < len(toks) - 1 and len(toks[k]) == 1 and toks[k].isalpha():
        initials.append(toks[k])
        k += 1
    surname = ".".join(toks[k:])
    if not surname:
        raise AddressError("PN=%r has no surname" % s, attr)
    if initials:
        out["initials"] = "".join(initials)
    out["surname"] = surname
    return out


def _assemble(items: List[Tuple[_Triple, ...]]) -> Tuple[Optional[list], Optional[list],
                                                         Optional[list]]:
    """Spread items of parallel triples over the printable/teletex/universal attributes.

    X.411 keeps each form of a multi-part attribute (OUs, DDAs, personal
    name) in a separate SEQUENCE, so a form is produced only when every item
    can be written in it: printable when all parts are printable, teletex
    when some part needs it (filled with printable parts), universal when
    some part is beyond Latin-1 or nothing else fits.
    """
    def pick(tr: _Triple, order: str) -> Optional[str]:
        for f in order:
            v = getattr(tr, f)
            if v is not None:
                return v
        return None

    p_list = ([tuple(tr.p for tr in it) for it in items]
              if all(tr.p is not None for it in items for tr in it) else None)
    need_t = any(tr.t is not None for it in items for tr in it)
    t_ok = all(tr.t is not None or tr.p is not None for it in items for tr in it)
    t_list = [tuple(pick(tr, "tp") for tr in it) for it in items] if need_t and t_ok else None
    need_u = any(tr.u is not None for it in items for tr in it)
    u_list = ([tuple(pick(tr, "utp") for tr in it) for it in items]
              if need_u or (p_list is None and t_list is None) else None)
    return p_list, t_list, u_list


def parse_oraddress(text: str, syntax: str = "auto") -> ORAddress:
    """Parse an O/R address typed by a person or passed by an API.

    :param text: the address, e.g. ``/CN=P7User1/O=host1/PRMD=TestPRMD/ADMD=TestADMD/C=GB/``
        or ``G=John; S=Smith; O=A Bank Ltd; P=ABL; A=Snomail; C=AQ``.  An
        ``X.400:`` prefix is ignored.
    :param syntax: ``"rfc2156"`` (MIXER std-or-address: ``/`` or ``;``
        separators, ``$`` quoting, ``*{ddd}`` teletex notation, repeated
        ``OU``/``DD`` keys rightmost-first), ``"rfc1685"`` (F.401 Annex F:
        one delimiter, doubled to quote it, values literal, ``==`` inside a
        DDA type, repeated keys in written order) or ``"auto"``: a leading
        ``/`` or a ``$`` means RFC 2156, otherwise ``;`` separators mean
        RFC 1685 unless ``/`` also separates pairs.
    :raises AddressError: unparseable text, unknown keywords, repeated
        attributes, and every X.411 rule the result breaks.

    Keywords are matched case-independently and both keyword sets are
    accepted in either syntax.  A missing or empty ADMD next to a country or
    PRMD becomes the single-space ADMD (RFC 2156 4.1.3, F.401).  Values keep
    their case; the country is stored as typed and upper-cased on output.
    """
    if not isinstance(text, str):
        raise AddressError("an O/R address string must be str, not %s"
                           % type(text).__name__)
    if syntax not in SYNTAXES:
        raise ValueError("syntax must be one of %s" % ", ".join(SYNTAXES))
    s = text.strip()
    if s[:6].upper() == "X.400:":
        s = s[6:].strip()
    if not s:
        raise AddressError("empty O/R address")
    if syntax == "auto":
        syntax = _detect(s)
    rfc1685 = syntax == "rfc1685"
    if rfc1685:
        items = _lex(s, "/" if s.startswith("/") else ";", dollar=False)
    else:
        items = _lex(s, "/;", dollar=True)
    return _build(items, rfc1685)


def _build(items: List[_Chars], rfc1685: bool) -> ORAddress:
    single: Dict[str, _Chars] = {}
    ou_rep: List[_Chars] = []
    ou_num: Dict[int, _Chars] = {}
    dd_rep: List[Tuple[_Chars, _Chars]] = []
    dd_num: Dict[int, Tuple[_Chars, _Chars]] = {}
    pda_num: Dict[int, _Chars] = {}
    for item in items:
        raw_label, value = _split_pair(item, rfc1685)
        label_chars = _strip_chars(raw_label)
        label = " ".join(_plain(label_chars).split()).upper()
        if rfc1685:
            value = _strip_chars(value)
        m = _DD_RE.match(label)
        if m:
            # The type follows the first '.' or ':' of the label; RFC 2156 keeps
            # it exactly (spaces are PrintableString characters), RFC 1685 trims.
            cut = next(k for k, (ch, _l) in enumerate(raw_label) if ch in ".:")
            dtype = raw_label[cut + 1:]
            if rfc1685:
                dtype = _strip_chars(dtype)
            if m.group(2):
                k = int(m.group(2))
                if k in dd_num:
                    raise AddressError("DD%d given more than once" % k, "dda")
                dd_num[k] = (dtype, value)
            else:
                dd_rep.append((dtype, value))
            continue
        m = _OU_N_RE.match(label)
        if m:
            k = int(m.group(1))
            if k in ou_num:
                raise AddressError("OU%d given more than once" % k, "ou")
            ou_num[k] = value
            continue
        m = _PDA_N_RE.match(label)
        if m:
            k = int(m.group(1))
            if k in pda_num:
                raise AddressError("PD-A%d given more than once" % k,
                                   "unformatted_postal_address")
            pda_num[k] = value
            continue
        slot = _KEYWORDS.get(label)
        if slot is None:
            raise AddressError("unknown keyword %r" % _plain(label_chars).strip(),
                               _plain(label_chars).strip())
        if slot == "ou":
            ou_rep.append(value)
            continue
        if slot == "rfc822":
            dd_rep.append(([(ch, True) for ch in "RFC-822"], value))
            continue
        if slot in single:
            raise AddressError("%s given more than once" % _plain(label_chars).strip(),
                               _SLOT_FIELD.get(slot, slot))
        single[slot] = value

    kw: Dict[str, Any] = {}
    for slot, name in _PLAIN_SLOTS.items():
        if slot in single:
            kw[name] = _plain(single[slot])
    if kw.get("admd") == "" or (kw.get("admd") is None
                                and ("c" in kw or "prmd" in kw)):
        kw["admd"] = " "

    def one(slot: str, p_field: str, t_field: Optional[str], u_field: str) -> None:
        if slot not in single:
            return
        tr = _pt_value(single[slot], rfc1685, p_field)
        if tr.p is not None:
            kw[p_field] = tr.p
        if tr.t is not None:
            if t_field is None:
                raise AddressError("has no teletex form", p_field)
            kw[t_field] = tr.t
        if tr.u is not None:
            kw[u_field] = tr.u

    one("o", "o", "teletex_organization_name", "universal_organization_name")
    one("cn", "cn", "teletex_common_name", "universal_common_name")

    # Organizational units.
    if ou_rep and ou_num:
        raise AddressError("OU cannot be combined with OU1..OU4", "ou")
    if ou_num:
        if sorted(ou_num) != list(range(1, len(ou_num) + 1)):
            raise AddressError("OU%d given without OU%d" % (
                max(ou_num), min(set(range(1, 5)) - set(ou_num))), "ou")
        ou_values = [ou_num[k] for k in sorted(ou_num)]
    else:
        # RFC 2156 writes the most significant OU rightmost; F.401 text is
        # read in the order written.
        ou_values = ou_rep if rfc1685 else ou_rep[::-1]
    if ou_values:
        p, t, u = _assemble([(_pt_value(v, rfc1685, "ou"),) for v in ou_values])
        if p is not None:
            kw["ou"] = [x[0] for x in p]
        if t is not None:
            kw["teletex_organizational_unit_names"] = [x[0] for x in t]
        if u is not None:
            kw["universal_organizational_unit_names"] = [x[0] for x in u]

    # Personal name.
    parts: Dict[str, _Triple] = {}
    if "pn" in single:
        if any(k in single for k in ("s", "g", "i")):
            raise AddressError("PN cannot be combined with S, G or I", "surname")
        tr = _pt_value(single["pn"], rfc1685, "surname")
        forms = {f: _encoded_pn(v, "surname") for f, v in zip("ptu", tr) if v is not None}
        for part in ("surname", "given_name", "initials"):
            if any(part in d for d in forms.values()):
                parts[part] = _Triple(*(forms.get(f, {}).get(part) for f in "ptu"))
    for slot, part in (("s", "surname"), ("g", "given_name"), ("i", "initials"),
                       ("gq", "generation_qualifier")):
        if slot in single:
            parts[part] = _pt_value(single[slot], rfc1685, part)
    if parts:
        if "surname" not in parts:
            raise AddressError("a surname is required when a given name, initials or "
                               "generation qualifier is present", "surname")
        names = list(parts)
        bounds = {"surname": UB_SURNAME, "given_name": UB_GIVEN_NAME,
                  "initials": UB_INITIALS, "generation_qualifier": UB_GENERATION_QUALIFIER}
        if any(len(_pick(*parts[nm]) or "") > bounds[nm] for nm in names):
            # Longer than the printable/teletex bounds allow: only the
            # universal personal name (bounds 64/40/16/16) can carry it.
            parts = {nm: _Triple(None, None, _pick(*parts[nm])) for nm in names}
        p, t, u = _assemble([tuple(parts[nm] for nm in names)])
        # PersonalName is a SET of named parts, so unlike the OU and DDA
        # sequences its printable form may hold fewer parts than the teletex
        # one: keep every printable part as long as the surname has one.
        if parts["surname"].p is not None:
            kw.update((nm, parts[nm].p) for nm in names if parts[nm].p is not None)
        if t is not None:
            kw["teletex_personal_name"] = PersonalName(**dict(zip(names, t[0])))
        if u is not None:
            kw["universal_personal_name"] = PersonalName(**dict(zip(names, u[0])))

    # Domain-defined attributes.
    if dd_rep and dd_num:
        raise AddressError("DD cannot be combined with DD1..DD4", "dda")
    if dd_num:
        if sorted(dd_num) != list(range(1, len(dd_num) + 1)):
            raise AddressError("DD1..DD4 must be consecutive from DD1", "dda")
        dd_values = [dd_num[k] for k in sorted(dd_num)]
    else:
        dd_values = dd_rep if rfc1685 else dd_rep[::-1]
    if dd_values:
        p, t, u = _assemble([(_pt_value(dt, rfc1685, "dda"), _pt_value(dv, rfc1685, "dda"))
                             for dt, dv in dd_values])
        if p is not None:
            kw["dda"] = p
        if t is not None:
            kw["teletex_domain_defined_attributes"] = t
        if u is not None:
            kw["universal_domain_defined_attributes"] = u

    # Postal PDSParameter attributes.
    for slot, name in _PD_SLOTS.items():
        if slot in single:
            tr = _pt_value(single[slot], rfc1685, name)
            if tr.p is not None or tr.t is not None:
                kw[name] = PDSParameter(tr.p, tr.t)
            if tr.u is not None:
                kw[_UNIVERSAL_TWIN[name]] = tr.u

    # Unformatted postal address.
    if "pd_a" in single and pda_num:
        raise AddressError("PD-ADDRESS cannot be combined with PD-A1..PD-A6",
                           "unformatted_postal_address")
    upa_attr = "unformatted_postal_address"
    lines: Optional[List[str]] = None
    upa_t: Optional[str] = None
    if pda_num:
        if sorted(pda_num) != list(range(1, len(pda_num) + 1)):
            raise AddressError("PD-A1..PD-A6 must be consecutive from PD-A1", upa_attr)
        lines = [_plain(pda_num[k]) for k in sorted(pda_num)]
    elif "pd_a" in single:
        chars = single["pd_a"]
        halves = _split_at(chars, "*") if not rfc1685 else [chars]
        lines = [_plain(x) for x in _split_at(halves[0], "|")] if _plain(halves[0]) else []
        if len(halves) > 1:
            rest: _Chars = []
            for k, half in enumerate(halves[1:]):
                if k:
                    rest.append(("*", True))
                rest.extend(half)
            upa_t = _teletex_part(rest, upa_attr)
    if lines is not None:
        if not all(_is_printable(x) for x in lines):
            if upa_t is not None:
                raise AddressError("the lines before '*' must be PrintableString characters",
                                   upa_attr)
            upa_t, lines = "\n".join(lines), []
        if upa_t is not None and not _is_latin1(upa_t):
            if lines:
                raise AddressError("teletex part beyond Latin-1", upa_attr)
            kw["universal_unformatted_postal_address"] = upa_t
        elif lines or upa_t is not None:
            kw[upa_attr] = UnformattedPostalAddress(tuple(lines), upa_t)

    # Extended network address, terminal type.
    if "psap" in single:
        raise AddressError("the NET-PSAP (RFC 1278 presentation address) string form is "
                           "not supported", "extended_network_address")
    if "netsub" in single and "netnum" not in single:
        raise AddressError("NET-SUB needs NET-NUM", "extended_network_address")
    if "netnum" in single:
        sub = _plain(single["netsub"]) if "netsub" in single else None
        kw["extended_network_address"] = E163Address(_plain(single["netnum"]), sub)
    if "tty" in single:
        kw["terminal_type"] = _terminal_type(_plain(single["tty"]))
    return ORAddress(**kw)


def _terminal_type(s: str) -> int:
    m = re.match(r"^\s*([A-Za-z0-9-]*)\s*(?:\(\s*(\d+)\s*\))?\s*$", s)
    if m:
        name, num = m.group(1), m.group(2)
        if num is not None:
            return int(num)
        if name.isdigit():
            return int(name)
        if name.lower() in _TERMINAL_NAMES:
            return _TERMINAL_NAMES[name.lower()]
    raise AddressError("%r is not a terminal type (tlx, ttx, g3fax, g4fax, ia5, vtx or "
                       "(number))" % s, "terminal_type")


# -- formatting ------------------------------------------------------------------


def _esc(v: str, attr: str) -> str:
    """A PrintableString value in RFC 2156 form: '/' and '=' quoted with '$'."""
    if not _is_printable(v):
        bad = next(ch for ch in v if ch not in _PRINTABLE)
        raise AddressError("%r has no RFC 2156 form in a printable attribute" % bad, attr)
    return v.replace("/", "$/").replace("=", "$=")


def _tele_out(t: str, attr: str) -> str:
    """The teletex part of a P/T value: printables as is, other octets as {ddd}."""
    out = []
    group: List[str] = []
    for ch in t:
        if ch in _PRINTABLE:
            if group:
                out.append("{%s}" % "".join(group))
                group = []
            out.append("$" + ch if ch in "/=" else ch)
        else:
            if ord(ch) > 0xFF:
                raise AddressError("%r is beyond Latin-1 and has no RFC 2156 form" % ch, attr)
            group.append("%03d" % ord(ch))
    if group:
        out.append("{%s}" % "".join(group))
    return "".join(out)


def _pt_out(p: Optional[str], t: Optional[str], u: Optional[str], attr: str) -> str:
    """RFC 2156 teletex-and-or-ps rendering; a universal form stands in for teletex."""
    if p is None and t is None:
        t = u
    if t is None or t == p:
        return _esc(p, attr)  # type: ignore[arg-type]
    if p is None:
        return _esc(t, attr) if _is_printable(t) else "*" + _tele_out(t, attr)
    return _esc(p, attr) + "*" + _tele_out(t, attr)


def _lit(v: str, delim: str) -> str:
    return v.replace(delim, delim + delim)


def _forms_list(p: Sequence[Any], t: Sequence[Any], u: Sequence[Any], attr: str
                ) -> List[Tuple[Any, Any, Any]]:
    """Align the forms of a multi-valued attribute item by item."""
    if p or t:
        u = ()  # a universal form beside another one has no notation; left out
    n = max(len(p), len(t), len(u))
    for lst in (p, t, u):
        if lst and len(lst) != n:
            raise AddressError("its printable and teletex forms have different numbers "
                               "of entries; no text form can carry that", attr)
    return [(p[k] if p else None, t[k] if t else None, u[k] if u else None)
            for k in range(n)]


def _pick(p: Optional[str], t: Optional[str], u: Optional[str]) -> Optional[str]:
    return p if p is not None else (t if t is not None else u)


def format_oraddress(address: ORAddress, syntax: str = "rfc2156") -> str:
    """Write an O/R address as text.

    ``"rfc2156"`` gives the Isode/MIXER form, least significant attribute
    first and ``…/PRMD=/ADMD=/C=/`` last: ``/DD.type=value/`` (last DDA
    leftmost), CN, S, G, I, GQ, X121, T-ID, UA-ID, T-TY, NET-NUM, NET-SUB, the
    PD- attributes, OUs (OU1 rightmost), O, PRMD, ADMD, C.  ``/`` and ``=``
    in values are quoted with ``$``; teletex forms use ``*`` and ``{ddd}``.
    This form is lossless for everything except universal (BMP/Universal
    string) forms, which have no notation: one that stands alone is written
    as a teletex value when it fits Latin-1, one that accompanies a
    printable or teletex form is left out, and language codes are dropped.

    ``"rfc1685"`` gives the F.401 labelled form for people: ``G=John;
    S=Smith; O=…; OU1=…; P=…; A=…; C=…`` with values written literally and
    one form per attribute (printable, else teletex, else universal).  The
    blank ADMD is omitted when a country or PRMD is present (RARE's advice).

    :raises AddressError: naming the attribute that has no text form (a
        PSAP extended network address, unknown extension attributes,
        characters beyond Latin-1 in RFC 2156, a sub-address in RFC 1685).
    """
    if syntax == "rfc2156":
        return _format_2156(address)
    if syntax == "rfc1685":
        return _format_1685(address)
    raise ValueError("syntax must be 'rfc2156' or 'rfc1685'")


def _common_checks(a: ORAddress) -> None:
    if a.other_extension_attributes:
        raise AddressError("extension attribute %d has no text form"
                           % a.other_extension_attributes[0][0], "other_extension_attributes")
    if isinstance(a.extended_network_address, PresentationAddress):
        raise AddressError("a PSAP address has no supported text form",
                           "extended_network_address")


_Forms = Tuple[Optional[str], Optional[str], Optional[str]]


def _pn_forms(a: ORAddress) -> List[Tuple[str, _Forms]]:
    """(part, (printable, teletex, universal)) for each part present.

    The universal personal name is used only when neither of the others
    exists: beside them it has no notation and is left out.
    """
    out: List[Tuple[str, _Forms]] = []
    tpn, upn = a.teletex_personal_name, a.universal_personal_name
    if a.surname is not None or tpn is not None:
        upn = None
    for part in ("surname", "given_name", "initials", "generation_qualifier"):
        p = getattr(a, part) if a.surname is not None else None
        t = getattr(tpn, part) if tpn is not None else None
        u = _txt(getattr(upn, part)) if upn is not None else None
        if p is not None or t is not None or u is not None:
            out.append((part, (p, t, u)))
    return out


def _upa_forms(a: ORAddress) -> Tuple[Tuple[str, ...], Optional[str]]:
    v = a.unformatted_postal_address
    lines = v.printable_address if v is not None else ()
    t = v.teletex_string if v is not None else None
    if not lines and t is None and a.universal_unformatted_postal_address is not None:
        t = a.universal_unformatted_postal_address.text
    return lines, t


def _format_2156(a: ORAddress) -> str:
    _common_checks(a)
    pairs: List[Tuple[str, str]] = []
    ddas = _forms_list([tuple(d) for d in a.dda],
                       [tuple(d) for d in a.teletex_domain_defined_attributes],
                       [tuple(_txt(x) for x in d) for d in a.universal_domain_defined_attributes],
                       "dda")
    for k in range(len(ddas) - 1, -1, -1):
        p, t, u = ddas[k]
        if p is not None and p[0] == "RFC-822" and (t is None or t == p):
            pairs.append(("RFC-822", _esc(p[1], "dda")))
            continue
        ktype = _pt_out(p[0] if p else None, t[0] if t else None, u[0] if u else None, "dda")
        kval = _pt_out(p[1] if p else None, t[1] if t else None, u[1] if u else None, "dda")
        pairs.append(("DD." + ktype, kval))
    cn = _pt_out(a.cn, a.teletex_common_name, _txt(a.universal_common_name), "cn") \
        if _pick(a.cn, a.teletex_common_name, _txt(a.universal_common_name)) is not None \
        else None
    if cn is not None:
        pairs.append(("CN", cn))
    pn = _pn_forms(a)
    # Without a printable personal name, its parts are written plain only if
    # all of them are printable; otherwise all get the '*' so that none is
    # read back into a printable personal name.  With one, a part it lacks
    # keeps its '*' for the same reason.
    all_plain = a.surname is None and all(_is_printable(_pick(*f) or "") for _n, f in pn)
    for part, (p, t, u) in pn:
        key = {"surname": "S", "given_name": "G", "initials": "I",
               "generation_qualifier": "GQ"}[part]
        if p is not None or all_plain:
            pairs.append((key, _pt_out(p, t, u, part)))
        else:
            text = t if t is not None else u
            assert text is not None  # a part is listed only when some form has it
            pairs.append((key, "*" + _tele_out(text, part)))
    if a.network_address is not None:
        pairs.append(("X121", _esc(a.network_address, "network_address")))
    if a.terminal_identifier is not None:
        pairs.append(("T-ID", _esc(a.terminal_identifier, "terminal_identifier")))
    if a.numeric_user_identifier is not None:
        pairs.append(("UA-ID", _esc(a.numeric_user_identifier, "numeric_user_identifier")))
    if a.terminal_type is not None:
        tt = int(a.terminal_type)
        pairs.append(("T-TY", "%s(%d)" % (_TERMINAL_LABELS.get(tt, ""), tt)))
    ena = a.extended_network_address
    if isinstance(ena, E163Address):
        pairs.append(("NET-NUM", _esc(ena.number, "extended_network_address")))
        if ena.sub_address is not None:
            pairs.append(("NET-SUB", _esc(ena.sub_address, "extended_network_address")))
    if a.pds_name is not None:
        pairs.append(("PD-SERVICE", _esc(a.pds_name, "pds_name")))
    if a.physical_delivery_country_name is not None:
        pairs.append(("PD-C", _esc(a.physical_delivery_country_name,
                                   "physical_delivery_country_name")))
    if a.postal_code is not None:
        pairs.append(("PD-CODE", _esc(a.postal_code, "postal_code")))
    for slot, name in _PD_SLOTS.items():
        v = getattr(a, name)
        u = _txt(getattr(a, _UNIVERSAL_TWIN[name]))
        p = v.printable_string if v is not None else None
        t = v.teletex_string if v is not None else None
        if _pick(p, t, u) is not None:
            pairs.append((_SLOT_KEYS[slot][0], _pt_out(p, t, u, name)))
    lines, upa_t = _upa_forms(a)
    if lines or upa_t is not None:
        attr = "unformatted_postal_address"
        text = "|".join(_esc(x, attr) for x in lines)
        if upa_t is not None and upa_t != "\n".join(lines):
            if not lines and _is_printable(upa_t):
                text = _esc(upa_t, attr)
            else:
                text += "*" + _tele_out(upa_t, attr)
        pairs.append(("PD-ADDRESS", text))
    ous = _forms_list(a.ou, a.teletex_organizational_unit_names,
                      [_txt(x) for x in a.universal_organizational_unit_names], "ou")
    for p, t, u in reversed(ous):
        pairs.append(("OU", _pt_out(p, t, u, "ou")))
    o = (a.o, a.teletex_organization_name, _txt(a.universal_organization_name))
    if _pick(*o) is not None:
        pairs.append(("O", _pt_out(*o, "o")))
    if a.prmd is not None:
        pairs.append(("PRMD", _esc(a.prmd, "prmd")))
    if a.admd is not None or a.c is not None or a.prmd is not None:
        pairs.append(("ADMD", _esc(a.admd or " ", "admd")))
    if a.c is not None:
        pairs.append(("C", _esc(a.c.upper(), "c")))
    if not pairs:
        return "/"
    return "".join("/%s=%s" % kv for kv in pairs) + "/"


def _format_1685(a: ORAddress) -> str:
    _common_checks(a)
    d = ";"
    pairs: List[Tuple[str, str]] = []

    def add(label: str, value: Optional[str]) -> None:
        if value is not None:
            pairs.append((label, _lit(value, d)))

    add("CN", _pick(a.cn, a.teletex_common_name, _txt(a.universal_common_name)))
    labels = {"surname": "S", "given_name": "G", "initials": "I", "generation_qualifier": "Q"}
    pn = dict(_pn_forms(a))
    for part in ("given_name", "initials", "surname", "generation_qualifier"):
        if part in pn:
            add(labels[part], _pick(*pn[part]))
    add("X.121", a.network_address)
    add("N-ID", a.numeric_user_identifier)
    add("T-ID", a.terminal_identifier)
    if a.terminal_type is not None:
        tt = int(a.terminal_type)
        add("T-TY", _TERMINAL_LABELS.get(tt, "(%d)" % tt))
    ena = a.extended_network_address
    if isinstance(ena, E163Address):
        if ena.sub_address is not None:
            raise AddressError("RFC 1685 has no keyword for an E.163/E.164 sub-address",
                               "extended_network_address")
        add("ISDN", ena.number)
    add("PD-SN", a.pds_name)
    add("PD-C", a.physical_delivery_country_name)
    add("PD-PC", a.postal_code)
    for slot, name in _PD_SLOTS.items():
        v = getattr(a, name)
        add(_SLOT_KEYS[slot][1],
            _pick(v.printable_string if v is not None else None,
                  v.teletex_string if v is not None else None,
                  _txt(getattr(a, _UNIVERSAL_TWIN[name]))))
    lines, upa_t = _upa_forms(a)
    if not lines and upa_t is not None:
        lines = tuple(upa_t.split("\n"))
    for k, line in enumerate(lines, 1):
        add("PD-A%d" % k, line)
    ddas = _forms_list([tuple(x) for x in a.dda],
                       [tuple(x) for x in a.teletex_domain_defined_attributes],
                       [tuple(_txt(y) for y in x) for x in a.universal_domain_defined_attributes],
                       "dda")
    for p, t, u in ddas:
        pair = p or t or u
        assert pair is not None
        if pair[1].startswith("="):
            raise AddressError("a DDA value starting with '=' has no RFC 1685 form "
                               "(it would read as '==' inside the type)", "dda")
        add("DDA:" + _lit(pair[0], d).replace("=", "=="), pair[1])
    o = _pick(a.o, a.teletex_organization_name, _txt(a.universal_organization_name))
    add("O", o)
    ous = _forms_list(a.ou, a.teletex_organizational_unit_names,
                      [_txt(x) for x in a.universal_organizational_unit_names], "ou")
    for k, (p, t, u) in enumerate(ous, 1):
        add("OU%d" % k, _pick(p, t, u))
    add("P", a.prmd)
    blank = a.admd is not None and not a.admd.strip()
    if a.admd is not None and not (blank and (a.c is not None or a.prmd is not None)):
        add("A", a.admd)
    add("C", a.c.upper() if a.c is not None else None)
    return "; ".join("%s=%s" % kv for kv in pairs)
