"""Who a message is from and to, and how messages are identified.

* :class:`ORDescriptor` -- X.420 ``ORDescriptor``: an O/R name with an
  optional free-form name and telephone number (originator, authorizing
  users, reply-to recipients, IPN originators).
* :class:`Recipient` -- a recipient of a message: its descriptor plus what
  the originator asks of it, in the heading (``RecipientSpecifier``:
  notifications, reply request, recipient extensions) and on the envelope
  (``PerRecipientMessageSubmissionFields``: report request, explicit
  conversion, per-recipient extensions).
* :class:`IPMIdentifier` -- X.420 ``IPMIdentifier``, what IPNs and replies
  refer to.
* :class:`MTSIdentifier` -- X.411 ``MTSIdentifier``, what reports refer to.

Addresses are :class:`~x400fast.oraddress.ORName` values; everywhere a name
is expected a string in the RFC 2156 slash form or the RFC 1685 form, or an
:class:`~x400fast.oraddress.ORAddress`, is accepted too.
"""
from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any, Dict, List, Mapping, Optional, Tuple, Union

from ..asn1 import x420
from ..errors import AddressError, InvalidAddress, InvalidField
from ..oraddress import ORAddress, ORName
from . import _util as U

__all__ = ["ORDescriptor", "Recipient", "IPMIdentifier", "MTSIdentifier",
           "REPORT_REQUESTS", "EXPLICIT_CONVERSIONS"]

#: Values of :attr:`Recipient.report`: what the originator asks the MTS to
#: report about this recipient (X.411 OriginatorReportRequest): ``"none"``,
#: ``"non-delivery"`` (non-delivery reports only: the X.400 default) or
#: ``"delivery"`` (delivery and non-delivery reports).
REPORT_REQUESTS: Tuple[str, ...] = ("none", "non-delivery", "delivery")
_REPORT_BITS = {"none": frozenset(), "non-delivery": frozenset({"non-delivery-report"}),
                "delivery": frozenset({"report"})}

#: Names of X.411 ExplicitConversion values -> numbers.
EXPLICIT_CONVERSIONS: Dict[str, int] = U.numbers_of(U.MTS["ExplicitConversion"])
_CONVERSION_NAMES = {v: k for k, v in EXPLICIT_CONVERSIONS.items()}

# Notification request bits (X.420 NotificationRequests) <-> attributes.
_NOTIFICATION_BITS = (("rn", "receipt_notification"), ("nrn", "non_receipt_notification"),
                      ("ipm-return", "ipm_return"), ("an-supported", "an_supported"),
                      ("suppress-an", "suppress_an"))


# ---------------------------------------------------------------------------


@dataclass
class ORDescriptor:
    """X.420 ``ORDescriptor``: a formal O/R name, a free-form name for
    people, a telephone number; at least one of them.

    :ivar address: the formal name (an :class:`ORName`; a string or an
        :class:`ORAddress` is converted).
    :ivar free_form_name: display name (TeletexString, up to 64).
    :ivar telephone_number: PrintableString, up to 32.

    ``raw`` holds the BER an instance was read from, when it was.
    """

    address: Optional[ORName] = None
    free_form_name: Optional[str] = None
    telephone_number: Optional[str] = None
    raw: Optional[bytes] = field(default=None, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if self.address is not None:
            self.address = U.as_orname(self.address, "address")

    @property
    def oraddress(self) -> Optional[ORAddress]:
        """The O/R address of the formal name, if any."""
        return None if self.address is None else self.address.address

    def __str__(self) -> str:
        parts = []
        if self.free_form_name:
            parts.append(self.free_form_name)
        if self.address is not None:
            parts.append("<%s>" % self.address if parts else str(self.address))
        if self.telephone_number:
            parts.append("tel:%s" % self.telephone_number)
        return " ".join(parts)

    def descriptor(self) -> "ORDescriptor":
        """The plain :class:`ORDescriptor` part (drops recipient options)."""
        return ORDescriptor(self.address, self.free_form_name, self.telephone_number)

    # -- checks and values ----------------------------------------------------

    def _check(self, where: str) -> None:
        if self.address is not None:
            self.address = U.as_orname(self.address, where + ".address")
        if self.free_form_name is not None:
            U.check_text(self.free_form_name, where + ".free_form_name",
                         x420.ub_free_form_name, "teletex")
        if self.telephone_number is not None:
            U.check_text(self.telephone_number, where + ".telephone_number",
                         x420.ub_telephone_number, "printable")
        if (self.address is None and self.free_form_name is None
                and self.telephone_number is None):
            raise InvalidField("an O/R descriptor needs a formal name, a free-form "
                               "name or a telephone number", where)

    def _descriptor_value(self, where: str) -> Dict[str, Any]:
        self._check(where)
        v: Dict[str, Any] = {}
        if self.address is not None:
            v["formal_name"] = _orname_value(self.address, where + ".address")
        if self.free_form_name is not None:
            v["free_form_name"] = self.free_form_name
        if self.telephone_number is not None:
            v["telephone_number"] = self.telephone_number
        return v

    def to_asn1(self) -> Dict[str, Any]:
        """The X.420 ``ORDescriptor`` value (codec value model)."""
        return self._descriptor_value(type(self).__name__)

    @classmethod
    def from_asn1(cls, value: Mapping[str, Any]) -> "ORDescriptor":
        """From the codec's ``ORDescriptor`` value."""
        fn = value.get("formal_name")
        return cls(None if fn is None else U.orname_from_value(fn),
                   value.get("free_form_name"), value.get("telephone_number"))

    def to_ber(self) -> bytes:
        """BER of the X.420 ``ORDescriptor``."""
        return U.encode_as(U.T_OR_DESCRIPTOR, ORDescriptor.to_asn1(self), "")

    def to_json(self) -> Any:
        """JSON form of :meth:`to_asn1` (for debugging)."""
        t = U.T_RECIPIENT_SPECIFIER if isinstance(self, Recipient) else U.T_OR_DESCRIPTOR
        return U.json_of(t, self.to_asn1())

    @classmethod
    def from_ber(cls, data: bytes) -> "ORDescriptor":
        obj = ORDescriptor.from_asn1(U.T_OR_DESCRIPTOR.decode(data))
        obj.raw = bytes(data)
        return obj


def _orname_value(name: ORName, where: str) -> Dict[str, Any]:
    try:
        return U.orname_to_value(name)
    except AddressError as exc:
        raise InvalidAddress(str(exc), where, str(name)) from exc


def as_descriptor(value: Any, where: str, cls: type = ORDescriptor) -> Any:
    """An :class:`ORDescriptor` (or ``cls``) from a descriptor, a name or a
    string; a plain descriptor given where a :class:`Recipient` is wanted
    is promoted with the recipient defaults."""
    if isinstance(value, cls):
        return value
    if isinstance(value, ORDescriptor):
        return cls(value.address, value.free_form_name, value.telephone_number)
    return cls(U.as_orname(value, where))


# ---------------------------------------------------------------------------


@dataclass(eq=True)
class Recipient(ORDescriptor):
    """A recipient of a message, with the originator's requests for it.

    Heading (X.420 ``RecipientSpecifier``):

    :ivar receipt_notification: ask for a receipt notification (RN).
    :ivar non_receipt_notification: ask for a non-receipt notification.
    :ivar ipm_return: return the IPM with a non-receipt notification.
    :ivar an_supported: / :ivar suppress_an: the advice-notification bits.
    :ivar reply_requested: ask the recipient to reply.
    :ivar extensions: recipient extensions, ``{OID: value}`` (precedence
        ``2.6.1.20.1``, circulation-list indicator...); values of types
        X.420 defines are in the codec's value model, others
        :class:`~x400fast.model._util.Raw`.

    Envelope (X.411 ``PerRecipientMessageSubmissionFields``):

    :ivar report: ``"non-delivery"`` (default), ``"delivery"`` (delivery
        and non-delivery reports) or ``"none"``.
    :ivar explicit_conversion: a name of :data:`EXPLICIT_CONVERSIONS` or
        its number.
    :ivar envelope_extensions: per-recipient MTS extensions
        (``ExtensionField`` values, see :func:`~x400fast.message.extension_field`).
    :ivar envelope: False for a heading-only recipient (named in the
        heading, not submitted to the MTS: a recipient that gets the
        message some other way).
    """

    report: str = "non-delivery"
    receipt_notification: bool = False
    non_receipt_notification: bool = False
    ipm_return: bool = False
    an_supported: bool = False
    suppress_an: bool = False
    reply_requested: bool = False
    explicit_conversion: Union[str, int, None] = None
    extensions: Dict[str, Any] = field(default_factory=dict)
    envelope_extensions: List[Dict[str, Any]] = field(default_factory=list)
    envelope: bool = True

    def __post_init__(self) -> None:
        super().__post_init__()
        self._check_options("recipient")
        ec = self.explicit_conversion
        if isinstance(ec, int) and ec in _CONVERSION_NAMES:
            self.explicit_conversion = _CONVERSION_NAMES[ec]

    def _check_options(self, where: str) -> None:
        U.check_name(self.report, REPORT_REQUESTS, where + ".report", "report request",
                     allow_int=False)
        for _, attr in _NOTIFICATION_BITS:
            U.check_bool(getattr(self, attr), "%s.%s" % (where, attr))
        U.check_bool(self.reply_requested, where + ".reply_requested")
        U.check_bool(self.envelope, where + ".envelope")
        if self.explicit_conversion is not None:
            U.check_name(self.explicit_conversion, EXPLICIT_CONVERSIONS,
                         where + ".explicit_conversion", "explicit conversion")

    @property
    def notification_requests(self) -> frozenset:
        """The X.420 NotificationRequests bits asked for, by name."""
        return frozenset(bit for bit, attr in _NOTIFICATION_BITS if getattr(self, attr))

    # -- heading --------------------------------------------------------------

    def to_specifier(self, where: str = "recipient") -> Dict[str, Any]:
        """The X.420 ``RecipientSpecifier`` value."""
        self._check_options(where)
        v: Dict[str, Any] = {"recipient": self._descriptor_value(where)}
        bits = self.notification_requests
        if bits:
            v["notification_requests"] = bits
        if self.reply_requested:
            v["reply_requested"] = True
        if self.extensions:
            v["recipient_extensions"] = U.ipms_extensions_to_value(
                self.extensions, x420.RECIPIENT_EXTENSIONS, where + ".extensions")
        return v

    @classmethod
    def from_specifier(cls, value: Mapping[str, Any]) -> "Recipient":
        """From the codec's ``RecipientSpecifier`` value."""
        d = ORDescriptor.from_asn1(value["recipient"])
        bits = value.get("notification_requests", frozenset())
        r = cls(d.address, d.free_form_name, d.telephone_number,
                reply_requested=bool(value.get("reply_requested", False)),
                extensions=U.ipms_extensions_from_value(
                    value.get("recipient_extensions"), x420.RECIPIENT_EXTENSIONS))
        for bit, attr in _NOTIFICATION_BITS:
            setattr(r, attr, bit in bits)
        return r

    def to_asn1(self) -> Dict[str, Any]:
        """The ``RecipientSpecifier`` value (the heading view)."""
        return self.to_specifier()

    @classmethod
    def from_asn1(cls, value: Mapping[str, Any]) -> "Recipient":  # type: ignore[override]
        return cls.from_specifier(value)

    def to_ber(self) -> bytes:
        """BER of the ``RecipientSpecifier``."""
        return U.encode_as(U.T_RECIPIENT_SPECIFIER, self.to_specifier(), "")

    @classmethod
    def from_ber(cls, data: bytes) -> "Recipient":  # type: ignore[override]
        obj = cls.from_specifier(U.T_RECIPIENT_SPECIFIER.decode(data))
        obj.raw = bytes(data)
        return obj

    # -- envelope -------------------------------------------------------------

    def to_per_recipient(self, where: str = "recipient") -> Dict[str, Any]:
        """The X.411 ``PerRecipientMessageSubmissionFields`` value."""
        self._check_options(where)
        if self.address is None:
            raise InvalidAddress("a recipient on the envelope needs a formal O/R name "
                                 "(set envelope=False for a heading-only recipient)",
                                 where)
        v: Dict[str, Any] = {
            "recipient_name": _orname_value(self.address, where + ".address"),
            "originator_report_request": _REPORT_BITS[self.report]}
        ec = self.explicit_conversion
        if ec is not None:
            v["explicit_conversion"] = EXPLICIT_CONVERSIONS.get(ec, ec) \
                if isinstance(ec, str) else ec
        if self.envelope_extensions:
            v["extensions"] = list(self.envelope_extensions)
        return v

    def _apply_per_recipient(self, value: Mapping[str, Any]) -> None:
        bits = value.get("originator_report_request", frozenset())
        if "report" in bits:
            self.report = "delivery"
        elif "non-delivery-report" in bits:
            self.report = "non-delivery"
        else:
            self.report = "none"
        ec = value.get("explicit_conversion")
        self.explicit_conversion = None if ec is None else _CONVERSION_NAMES.get(ec, ec)
        self.envelope_extensions = [U.normalise_extension(e)
                                    for e in value.get("extensions", ())]
        self.envelope = True

    @classmethod
    def from_per_recipient(cls, value: Mapping[str, Any]) -> "Recipient":
        """A recipient known only from the envelope."""
        r = cls(U.orname_from_value(value["recipient_name"]))
        r._apply_per_recipient(value)
        return r


def as_recipient(value: Any, where: str) -> Recipient:
    """A :class:`Recipient` from a recipient, a descriptor, a name or text."""
    try:
        return as_descriptor(value, where, Recipient)
    except InvalidAddress as exc:
        if exc.field in (None, "address"):
            exc.field = where
        raise


class RecipientList(list):
    """A list of :class:`Recipient` that converts what is put in it, so that
    ``message.to.append("/CN=Bob/O=.../")`` works like the constructor."""

    def __init__(self, items: Any = (), name: str = "recipients") -> None:
        self._name = name
        super().__init__(as_recipient(x, "%s[%d]" % (name, i)) for i, x in enumerate(items))

    def _conv(self, x: Any, i: Any = None) -> Recipient:
        return as_recipient(x, "%s[%s]" % (self._name, len(self) if i is None else i))

    def append(self, x: Any) -> None:
        super().append(self._conv(x))

    def insert(self, i: Any, x: Any) -> None:  # type: ignore[override]
        super().insert(i, self._conv(x, i))

    def extend(self, xs: Any) -> None:  # type: ignore[override]
        for x in xs:
            self.append(x)

    def __iadd__(self, xs: Any) -> "RecipientList":  # type: ignore[override,misc]
        self.extend(xs)
        return self

    def __setitem__(self, i: Any, x: Any) -> None:
        if isinstance(i, slice):
            super().__setitem__(i, [self._conv(v) for v in x])
        else:
            super().__setitem__(i, self._conv(x, i))


class DescriptorList(list):
    """A list of :class:`ORDescriptor` converting names and strings."""

    def __init__(self, items: Any = (), name: str = "names") -> None:
        self._name = name
        super().__init__(as_descriptor(x, "%s[%d]" % (name, i)) for i, x in enumerate(items))

    def _conv(self, x: Any) -> ORDescriptor:
        return as_descriptor(x, "%s[%d]" % (self._name, len(self)))

    def append(self, x: Any) -> None:
        super().append(self._conv(x))

    def insert(self, i: Any, x: Any) -> None:  # type: ignore[override]
        super().insert(i, self._conv(x))

    def extend(self, xs: Any) -> None:  # type: ignore[override]
        for x in xs:
            self.append(x)

    def __iadd__(self, xs: Any) -> "DescriptorList":  # type: ignore[override,misc]
        self.extend(xs)
        return self

    def __setitem__(self, i: Any, x: Any) -> None:
        if isinstance(i, slice):
            super().__setitem__(i, [self._conv(v) for v in x])
        else:
            super().__setitem__(i, self._conv(x))


# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class IPMIdentifier:
    """X.420 ``IPMIdentifier``: a local identifier, unique for its user.

    :ivar local_id: PrintableString, up to 64 characters.
    :ivar user: the O/R name of the user who allotted it (usually the
        originator), or ``None``.

    ``str()`` gives Isode's text form ``local*/O/R address/``; :meth:`parse`
    reads it back.
    """

    local_id: str
    user: Optional[ORName] = None

    def __post_init__(self) -> None:
        U.check_text(self.local_id, "ipm_id.local_id", x420.ub_local_ipm_identifier)
        if self.user is not None:
            object.__setattr__(self, "user", U.as_orname(self.user, "ipm_id.user"))

    @classmethod
    def generate(cls, user: Any = None) -> "IPMIdentifier":
        """A new identifier, unique without coordination (a random UUID)."""
        return cls(uuid.uuid4().hex, None if user is None else U.as_orname(user, "user"))

    def __str__(self) -> str:
        if self.user is None:
            return self.local_id
        return "%s*%s" % (self.local_id, self.user)

    @classmethod
    def parse(cls, text: str) -> "IPMIdentifier":
        """Read ``local*/O/R address/`` (the address part is optional).

        ``*`` is not a PrintableString character, so the first one ends the
        local identifier.
        """
        local, star, address = text.partition("*")
        return cls(local, U.as_orname(address, "ipm_id.user") if star else None)

    def to_asn1(self) -> Dict[str, Any]:
        v: Dict[str, Any] = {"user_relative_identifier": self.local_id}
        if self.user is not None:
            v["user"] = _orname_value(self.user, "ipm_id.user")
        return v

    @classmethod
    def from_asn1(cls, value: Mapping[str, Any]) -> "IPMIdentifier":
        user = value.get("user")
        obj = cls.__new__(cls)
        # A peer's identifier is taken as it is, even over the bounds.
        object.__setattr__(obj, "local_id", value["user_relative_identifier"])
        object.__setattr__(obj, "user", None if user is None else U.orname_from_value(user))
        return obj

    def to_ber(self) -> bytes:
        return U.encode_as(U.T_IPM_IDENTIFIER, self.to_asn1(), "ipm_id")

    def to_json(self) -> Any:
        return U.json_of(U.T_IPM_IDENTIFIER, self.to_asn1())

    @classmethod
    def from_ber(cls, data: bytes) -> "IPMIdentifier":
        return cls.from_asn1(U.T_IPM_IDENTIFIER.decode(data))


def as_ipm_id(value: Any, where: str) -> IPMIdentifier:
    if isinstance(value, IPMIdentifier):
        return value
    if isinstance(value, str):
        try:
            return IPMIdentifier.parse(value)
        except InvalidField as exc:
            raise InvalidField(exc.reason, where) from exc
    if isinstance(value, Mapping):
        return IPMIdentifier.from_asn1(value)
    raise InvalidField("expected an IPMIdentifier or its text form", where)


# ---------------------------------------------------------------------------


def _fold(s: Optional[str]) -> Optional[str]:
    return None if s is None else " ".join(s.split()).casefold()


def _numeric_or_printable(v: str) -> str:
    return "numeric" if v and all(c in "0123456789 " for c in v) else "printable"


@dataclass(frozen=True, eq=False)
class MTSIdentifier:
    """X.411 ``MTSIdentifier``: the global domain of the MTA that assigned it
    plus a local identifier.  What the MTS returns for a submission and
    what a report names as its subject.

    :ivar country: country name (2 letters or 3 digits).
    :ivar admd: administration domain name (may be ``" "``).
    :ivar prmd: private domain identifier, or ``None``.
    :ivar local_id: IA5String, up to 32.

    Equality compares the domain names as O/R addresses compare them (case
    and runs of spaces not significant) and the local identifier exactly.
    ``str()`` gives ``[/PRMD=p/ADMD=a/C=c/;local]``; :meth:`parse` reads it.
    """

    country: str
    admd: str
    prmd: Optional[str]
    local_id: str
    # Which CHOICE alternative carried each domain name, when read from a
    # peer, so that re-encoding gives the same bytes.
    _forms: Tuple[Tuple[str, str], ...] = field(default=(), compare=False, repr=False)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, MTSIdentifier):
            return NotImplemented
        return self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    def _key(self) -> tuple:
        return (_fold(self.country), _fold(self.admd) or "", _fold(self.prmd), self.local_id)

    def __str__(self) -> str:
        parts = []
        if self.prmd is not None:
            parts.append("/PRMD=%s" % self.prmd)
        parts.append("/ADMD=%s" % self.admd)
        parts.append("/C=%s/" % self.country)
        return "[%s;%s]" % ("".join(parts), self.local_id)

    @classmethod
    def parse(cls, text: str) -> "MTSIdentifier":
        """Read the :func:`str` form (brackets optional)."""
        t = text.strip()
        if t.startswith("[") and t.endswith("]"):
            t = t[1:-1]
        domain, sep, local = t.partition(";")
        if not sep:
            raise InvalidField("an MTS identifier is [domain;local-identifier]",
                               "mts_identifier")
        try:
            a = ORAddress.parse(domain)
        except AddressError as exc:
            raise InvalidField("bad global domain: %s" % exc, "mts_identifier") from exc
        if a.c is None:
            raise InvalidField("the global domain needs a country", "mts_identifier")
        return cls(a.c, a.admd if a.admd is not None else " ", a.prmd, local)

    def to_asn1(self) -> Dict[str, Any]:
        forms = dict(self._forms)
        gdi: Dict[str, Any] = {
            "country_name": (forms.get("country") or (
                "x121_dcc_code" if self.country.isdigit() else "iso_3166_alpha2_code"),
                self.country),
            "administration_domain_name": (
                forms.get("admd") or _numeric_or_printable(self.admd), self.admd)}
        if self.prmd is not None:
            gdi["private_domain_identifier"] = (
                forms.get("prmd") or _numeric_or_printable(self.prmd), self.prmd)
        return {"global_domain_identifier": gdi, "local_identifier": self.local_id}

    @classmethod
    def from_asn1(cls, value: Mapping[str, Any]) -> "MTSIdentifier":
        gdi = value["global_domain_identifier"]
        forms = [("country", gdi["country_name"][0]),
                 ("admd", gdi["administration_domain_name"][0])]
        prmd = gdi.get("private_domain_identifier")
        if prmd is not None:
            forms.append(("prmd", prmd[0]))
        return cls(gdi["country_name"][1], gdi["administration_domain_name"][1],
                   None if prmd is None else prmd[1], value["local_identifier"],
                   tuple(forms))

    def to_ber(self) -> bytes:
        return U.encode_as(U.T_MTS_IDENTIFIER, self.to_asn1(), "mts_identifier")

    def to_json(self) -> Any:
        return U.json_of(U.T_MTS_IDENTIFIER, self.to_asn1())

    @classmethod
    def from_ber(cls, data: bytes) -> "MTSIdentifier":
        return cls.from_asn1(U.T_MTS_IDENTIFIER.decode(data))


def as_mts_id(value: Any, where: str = "mts_identifier") -> Optional[MTSIdentifier]:
    if value is None or isinstance(value, MTSIdentifier):
        return value
    if isinstance(value, str):
        return MTSIdentifier.parse(value)
    if isinstance(value, (bytes, bytearray, memoryview)):
        return MTSIdentifier.from_ber(bytes(value))
    if isinstance(value, Mapping):
        return MTSIdentifier.from_asn1(value)
    raise InvalidField("expected an MTSIdentifier, its text or its BER", where)

