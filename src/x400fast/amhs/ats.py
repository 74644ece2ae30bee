"""ATS messages over AMHS: the basic and the extended ATS message service.

An ATS message (ICAO Doc 9880 Part IIB 3.3) is what AFTN carried and AMHS
carries now: a priority indicator (``SS``, ``DD``, ``FF``, ``GG``, ``KK``),
a filing time ``DDhhmm`` (UTC), optional heading information (OHI) and IA5
text, from one AF- or MF-addressed user to others.  AMHS encodes it in an
interpersonal message (IPM) in one of two ways:

* **basic service**: an *ATS-message-header* at the start of the one text
  body part (Table 3-4)::

      SOH "PRI: " priority CR LF
      "FT: " filing-time CR LF
      [ "OHI: " ohi CR LF ]
      STX text

* **extended service** (3.3.4, 4.4.2.1.5): the same elements as IPM heading
  fields: authorization-time (the filing time completed with year and
  month), originators-reference (the OHI), precedence-policy-identifier
  ``1.3.27.8.0.0`` (the mark of an extended message) and, for each
  recipient, the precedence recipient extension (the priority); the text
  goes in a general-text body part, binary data in file-transfer body parts.

:class:`ATSMessage` holds the elements independently of the encoding;
:class:`AMHSSettings` says which encoding to produce, so an application
written for the basic service moves to the extended one by changing
``AMHSSettings.service`` and nothing else.  Reading an IPM of either form
gives the same :class:`ATSMessage` back.

The envelope and the heading follow from the priority as Doc 9880 maps it
(:data:`PRIORITY_MAPPINGS`, the single source of truth): envelope priority
``urgent`` for SS only (``normal`` instead when a recipient may be a
distribution list, 3.1.2.3.2), precedence 107/71/57/28/14 in the extended
service, and a receipt-notification request (``rn``) from every recipient
for SS unless the message is itself an AFTN acknowledgement (3.3.6).  The
IPM importance is left alone: Doc 9880 maps no priority to it.

:class:`GatewayLimits` mirrors the causes for which an AFTN/AMHS gateway
rejects a message (4.5.2.1): lines over 69 characters, text over 1800
characters, more than 512 recipients, more than one body part, characters
AFTN cannot carry.  They are checked before anything is encoded and raise
:class:`~x400fast.errors.ATSMessageError` naming the limit.

Choices where the references are silent (stated as such):

* The basic header is written exactly as Table 3-4 gives it, without
  Isode's optional end-of-heading blank line; the reader accepts that line,
  bare LF separators, a missing SOH or STX and an OHI line holding only its
  prompt (treated as no OHI), as the gateway's receiver tolerance
  (4.5.2.1.5) and third-party gateways suggest.
* General text (extended service; basic service with
  ``basic_body="general-text"``) is written as the message model writes it:
  character sets ISO-IR 1 and 6 (repertoire A), plus 100 (ISO 8859-1,
  repertoire B) only when the text needs it, and data starting with the ISO
  2022 designations of those sets.  Reading accepts data with or without
  designations.
* A file-transfer body part carries one octet-aligned EXTERNAL whose direct
  reference is the FTAM-3 document type, with the file name as a
  one-element incomplete pathname and the object size, as the message
  model does.  Reading takes the primary (first) data element only, as
  3.1.4.2.1.5 allows.
* The year and month of the extended authorization-time come from the
  latest month in which the filing day and time are not later than
  ``now`` plus one day (the tolerance for an originating clock running
  ahead), so a message filed on the 31st and sent just after midnight on
  the 1st gets the previous month.
* A received SS message in which no recipient is asked for ``rn`` is read
  as an AFTN acknowledgement (``acknowledgement=True``), the one case in
  which 3.3.6 says ``rn`` is not requested.
"""
from __future__ import annotations

import dataclasses
import datetime as _dt
import secrets
from dataclasses import dataclass, field
from enum import Enum
from typing import (Any, Dict, FrozenSet, Iterable, List, Mapping, NamedTuple, Optional,
                    Tuple, Union)

from .. import ber
from ..asn1 import x411, x420
from ..errors import AddressError, AFTNAddressError, ATSMessageError
from ..oraddress import ORAddress, ORName
from .addressing import AFTNAddress, AddressingTable, is_aftn_address

__all__ = [
    "ATSPriority", "PriorityMapping", "PRIORITY_MAPPINGS", "ATSService", "GatewayLimits",
    "AMHSSettings", "ATSFile", "ATSHeader", "ATSMessage", "PRECEDENCE_POLICY_ID",
    "format_ats_header", "parse_ats_text", "filing_time_of", "complete_filing_time",
    "ATSMessageError",
]

UTC = _dt.timezone.utc

#: The precedence-policy-identifier of the AMHS extended service:
#: {iso identified-organisation icao(27) atn-amhs(8) parameters(0)
#: amhs-precedence-policy(0)}.
PRECEDENCE_POLICY_ID = "1.3.27.8.0.0"

SOH = "\x01"
STX = "\x02"
CRLF = "\r\n"

#: OHI upper bounds (Doc 9880 3.3.3.3.4): 53 characters, 48 for SS.
OHI_MAX = 53
OHI_MAX_SS = 48

_IPMS = x420.ipms
_MTS = x411.MTSAbstractService
_T_IO = _IPMS["InformationObject"]
_T_IPM = _IPMS["IPM"]
_T_EXTENSION = _IPMS["IPMSExtension"]
_T_SUBMISSION = _MTS["MessageSubmissionArgument"]
_T_DELIVERY = _MTS["MessageDeliveryArgument"]
_T_AUTH_TIME = x420.HEADING_EXTENSIONS[x420.id_hex_authorization_time]
_T_ORIG_REF = x420.HEADING_EXTENSIONS[x420.id_hex_originators_reference]
_T_POLICY = x420.HEADING_EXTENSIONS[x420.id_hex_precedence_policy_id]
_T_PRECEDENCE = x420.RECIPIENT_EXTENSIONS[x420.id_rex_precedence]
_T_GT_PARAMS = x420.ipms_ebpt2["GeneralTextParameters"]
_T_GT_DATA = x420.ipms_ebpt2["GeneralTextData"]
_T_FT_PARAMS = x420.ipms_ftbp["FileTransferParameters"]
_T_FT_DATA = x420.ipms_ftbp["FileTransferData"]
_T_OCTETS = x420.ipms["BilaterallyDefinedBodyPart"]       # a plain OCTET STRING

# General text: ISO-IR 1 (C0), 6 (ASCII G0) = repertoire A; 100 (ISO 8859-1
# right-hand part) added for repertoire B.  ISO 2022 designations of each.
_IR_C0, _IR_ASCII, _IR_LATIN1 = 1, 6, 100
_DESIGNATIONS = {_IR_C0: "\x1b!@", _IR_ASCII: "\x1b(B", _IR_LATIN1: "\x1b-A"}
_FTAM3 = x420.id_ftam_unstructured_binary


# ---------------------------------------------------------------------------
# Priorities


class ATSPriority(str, Enum):
    """The ATS priority indicator (Doc 9880 3.3.3.3.2)."""

    SS = "SS"
    DD = "DD"
    FF = "FF"
    GG = "GG"
    KK = "KK"

    @property
    def mapping(self) -> "PriorityMapping":
        return PRIORITY_MAPPINGS[self]

    @property
    def envelope_priority(self) -> str:
        """X.411 envelope priority (``urgent``/``normal``/``non-urgent``)."""
        return PRIORITY_MAPPINGS[self].envelope_priority

    @property
    def precedence(self) -> int:
        """IPM precedence (extended service recipient extension)."""
        return PRIORITY_MAPPINGS[self].precedence

    @property
    def receipt_notification(self) -> bool:
        """Whether recipients are asked for ``rn`` (SS, unless an acknowledgement)."""
        return PRIORITY_MAPPINGS[self].receipt_notification

    @classmethod
    def from_precedence(cls, precedence: int) -> "ATSPriority":
        """The priority whose extended-service precedence is ``precedence``."""
        try:
            return _BY_PRECEDENCE[precedence]
        except (KeyError, TypeError):
            raise ATSMessageError(
                "precedence %r is not one of the AMHS values (%s)" % (
                    precedence, ", ".join("%s=%d" % (p.value, m.precedence)
                                          for p, m in PRIORITY_MAPPINGS.items())),
                "priority") from None

    @classmethod
    def coerce(cls, value: Any) -> "ATSPriority":
        if isinstance(value, ATSPriority):
            return value
        if isinstance(value, str):
            try:
                return cls(value.strip().upper())
            except ValueError:
                pass
        raise ATSMessageError("priority indicator must be one of SS, DD, FF, GG, KK, "
                              "not %r" % (value,), "priority")


class PriorityMapping(NamedTuple):
    """What an ATS priority means for the X.400 envelope and heading
    (Doc 9880 Table 3-5 and Table 4-2; EUR Doc 047 Table 3)."""

    #: X.411 envelope priority.
    envelope_priority: str
    #: IPM precedence (extended service), 0..127.
    precedence: int
    #: ``rn`` requested from each recipient (not for an acknowledgement).
    receipt_notification: bool
    #: AMQP priority the AMHS/SWIM gateway gives (EUR Doc 047).
    amqp_priority: int


#: The single source of truth for the priority mapping.
PRIORITY_MAPPINGS: Dict[ATSPriority, PriorityMapping] = {
    ATSPriority.SS: PriorityMapping("urgent", 107, True, 6),
    ATSPriority.DD: PriorityMapping("normal", 71, False, 5),
    ATSPriority.FF: PriorityMapping("normal", 57, False, 4),
    ATSPriority.GG: PriorityMapping("non-urgent", 28, False, 3),
    ATSPriority.KK: PriorityMapping("non-urgent", 14, False, 2),
}
_BY_PRECEDENCE = {m.precedence: p for p, m in PRIORITY_MAPPINGS.items()}


class ATSService(str, Enum):
    """Which ATS message service encoding to produce."""

    BASIC = "basic"
    EXTENDED = "extended"


# ---------------------------------------------------------------------------
# Settings


_ITA2_TEXT = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 -?:().,'=/+\r\n")


@dataclass(frozen=True)
class GatewayLimits:
    """The limits an AFTN/AMHS gateway applies (Doc 9880 4.5.2.1), checked
    before submission so that a message for AFTN users fails here, with a
    clear error, rather than coming back as a non-delivery report.

    Set a limit to ``None`` (``False`` for ``single_body_part``) to skip it,
    e.g. for recipients known to be direct AMHS users.

    :ivar max_line_length: longest text line (69: longer lines are lost or
        rejected when conversion with loss is prohibited).
    :ivar max_text_length: longest text (1800, when the gateway cannot
        split the message).
    :ivar max_recipients: most recipients (512; a gateway splits more than
        21 into several AFTN messages, which is not an error).
    :ivar single_body_part: the gateway converts one text body part only.
    :ivar charset: ``"ia5"`` (IA5 characters 0..127), ``"ita2"`` (the
        stricter ITA-2 repertoire of AFTN teleprinter circuits: upper-case
        letters, digits, space, ``-?:().,'=/+``, CR and LF; a fact about
        AFTN not restated in amhs.md) or ``None``.
    """

    max_line_length: Optional[int] = 69
    max_text_length: Optional[int] = 1800
    max_recipients: Optional[int] = 512
    single_body_part: bool = True
    charset: Optional[str] = "ia5"

    def __post_init__(self) -> None:
        if self.charset not in (None, "ia5", "ita2"):
            raise ATSMessageError("charset must be 'ia5', 'ita2' or None, not %r"
                                  % (self.charset,), "charset")


@dataclass(frozen=True)
class AMHSSettings:
    """How :class:`ATSMessage` is encoded and its addresses converted.

    :ivar service: basic or extended ATS message service; the one setting
        an application changes to move from one to the other.
    :ivar addressing: converts AF-addresses to O/R addresses (and back when
        reading); needed as soon as an address is given as an AF-address.
    :ivar basic_body: body part of the basic service: ``"ia5-text"``
        (default) or ``"general-text"`` (repertoire A, or B when the text
        needs it).
    :ivar gateway_limits: checked before encoding; ``None`` skips them.
    """

    service: ATSService = ATSService.BASIC
    addressing: Optional[AddressingTable] = None
    basic_body: str = "ia5-text"
    gateway_limits: Optional[GatewayLimits] = GatewayLimits()

    def __post_init__(self) -> None:
        try:
            object.__setattr__(self, "service", ATSService(self.service))
        except ValueError:
            raise ATSMessageError("service must be 'basic' or 'extended', not %r"
                                  % (self.service,), "service") from None
        if self.basic_body not in ("ia5-text", "general-text"):
            raise ATSMessageError("basic_body must be 'ia5-text' or 'general-text', not %r"
                                  % (self.basic_body,), "basic_body")


# ---------------------------------------------------------------------------
# Filing time


def _check_filing_time(value: str, field_name: str = "filing_time") -> str:
    if (not isinstance(value, str) or len(value) != 6 or not value.isdigit()
            or not value.isascii()):
        raise ATSMessageError("filing time must be six digits DDhhmm, not %r" % (value,),
                              field_name)
    day, hour, minute = int(value[:2]), int(value[2:4]), int(value[4:])
    if not (1 <= day <= 31 and hour <= 23 and minute <= 59):
        raise ATSMessageError("filing time %s is not a valid day, hour and minute" % value,
                              field_name)
    return value


def filing_time_of(when: _dt.datetime) -> str:
    """``DDhhmm`` of an aware datetime, in UTC."""
    if not isinstance(when, _dt.datetime) or when.tzinfo is None:
        raise ATSMessageError("filing time must be an aware datetime (UTC)", "filing_time")
    u = when.astimezone(UTC)
    return "%02d%02d%02d" % (u.day, u.hour, u.minute)


def complete_filing_time(filing_time: str, now: _dt.datetime, *,
                         tolerance: _dt.timedelta = _dt.timedelta(days=1)) -> _dt.datetime:
    """The full UTC time of a ``DDhhmm`` filing time sent at ``now``.

    The latest month, from the one after ``now``'s back to three before
    it, in which the day exists and the time is not later than ``now +
    tolerance`` (a day 31 sent on 1 March is January's 31st).  A filing
    time that is not ``DDhhmm`` raises
    :class:`~x400fast.errors.ATSMessageError`.
    """
    _check_filing_time(filing_time)
    if not isinstance(now, _dt.datetime) or now.tzinfo is None:
        raise ATSMessageError("now must be an aware datetime", "now")
    now = now.astimezone(UTC)
    day, hour, minute = int(filing_time[:2]), int(filing_time[2:4]), int(filing_time[4:])
    limit = now + tolerance
    for back in range(-1, 4):
        months = now.year * 12 + (now.month - 1) - back
        year, month = divmod(months, 12)
        try:
            t = _dt.datetime(year, month + 1, day, hour, minute, tzinfo=UTC)
        except ValueError:
            continue
        if t <= limit:
            return t
    raise ATSMessageError("filing time %s matches no date near %s"  # pragma: no cover
                          % (filing_time, now.isoformat()), "filing_time")


# ---------------------------------------------------------------------------
# The basic-service header


class ATSHeader(NamedTuple):
    """The elements of an ATS-message-header."""

    priority: ATSPriority
    filing_time: str
    ohi: Optional[str] = None


def format_ats_header(priority: Union[ATSPriority, str], filing_time: str,
                      ohi: Optional[str] = None) -> str:
    """The ATS-message-header text (Doc 9880 Table 3-4), ending with STX.

    >>> format_ats_header("GG", "141035")
    '\\x01PRI: GG\\r\\nFT: 141035\\r\\n\\x02'
    """
    p = ATSPriority.coerce(priority)
    ft = _check_filing_time(filing_time)
    ohi = _check_ohi(ohi, p)
    out = SOH + "PRI: " + p.value + CRLF + "FT: " + ft + CRLF
    if ohi is not None:
        out += "OHI: " + ohi + CRLF
    return out + STX


def _next_line(body: str, pos: int) -> Tuple[Optional[str], int]:
    """The line starting at ``pos`` (without its CR LF or LF) and the
    position after it; ``(None, pos)`` when no line separator follows."""
    end = body.find("\n", pos)
    if end < 0:
        return None, pos
    line = body[pos:end]
    if line.endswith("\r"):
        line = line[:-1]
    return line, end + 1


def _prompt_value(line: Optional[str], prompt: str) -> Optional[str]:
    if line is None or not line.startswith(prompt):
        return None
    return line[len(prompt):]


def parse_ats_text(body: str) -> Tuple[ATSHeader, str]:
    """Split a basic-service body text into its header and the ATS text.

    Tolerant as the gateway's receiver is (Doc 9880 4.5.2.1.5): the SOH may
    be missing, lines may end in CR LF or LF, the priority needs only be
    one of the five indicators and the filing time's first six characters a
    valid day-hour-minute, an OHI line with only its prompt counts as no
    OHI, and a blank end-of-heading line (Isode's ``ATS_EOH_MODE``) or a
    missing STX are accepted.  Raises
    :class:`~x400fast.errors.ATSMessageError` when there is no valid header.
    """
    if not isinstance(body, str):
        raise ATSMessageError("body text must be a str", "text")
    pos = 1 if body.startswith(SOH) else 0
    line, pos = _next_line(body, pos)
    pri = _prompt_value(line, "PRI:")
    if pri is None:
        raise ATSMessageError("no ATS-message-header: the text does not start with the "
                              "PRI: line", "text")
    try:
        priority = ATSPriority(pri.strip())
    except ValueError:
        raise ATSMessageError("ATS-message-header: %r is not a priority indicator"
                              % pri.strip(), "priority") from None
    line, pos = _next_line(body, pos)
    ft = _prompt_value(line, "FT:")
    if ft is None:
        raise ATSMessageError("ATS-message-header: no FT: line after the PRI: line",
                              "filing_time")
    filing_time = _check_filing_time(ft.strip()[:6])
    ohi: Optional[str] = None
    line, after = _next_line(body, pos)
    value = _prompt_value(line, "OHI:")
    if value is not None:
        pos = after
        if value.startswith(" "):
            value = value[1:]
        ohi = value if value.strip() else None
    # End of heading: STX, possibly after blank lines; without STX, at most
    # one blank line (the end-of-heading indicator) before the text.
    probe = pos
    while True:
        if body.startswith(STX, probe):
            return ATSHeader(priority, filing_time, ohi), body[probe + 1:]
        line, nxt = _next_line(body, probe)
        if line != "":
            break
        probe = nxt
    line, nxt = _next_line(body, pos)
    if line == "":
        pos = nxt
    return ATSHeader(priority, filing_time, ohi), body[pos:]


# ---------------------------------------------------------------------------
# Message elements


def _check_ohi(ohi: Optional[str], priority: ATSPriority) -> Optional[str]:
    if ohi is None:
        return None
    if not isinstance(ohi, str):
        raise ATSMessageError("OHI must be a str", "ohi")
    if not ohi.strip():
        return None
    bad = [ch for ch in ohi if not (" " <= ch <= "~")]
    if bad:
        raise ATSMessageError("OHI may hold printable IA5 characters only, not %r" % bad[0],
                              "ohi", limit="charset")
    most = OHI_MAX_SS if priority is ATSPriority.SS else OHI_MAX
    if len(ohi) > most:
        raise ATSMessageError("OHI has %d characters; at most %d are allowed%s" % (
            len(ohi), most, " with priority SS" if most == OHI_MAX_SS else ""),
            "ohi", limit="ohi_length", maximum=most, value=len(ohi))
    return ohi


@dataclass(frozen=True)
class ATSFile:
    """Binary data sent in a file-transfer body part (extended service,
    or the basic service with the FTBP functional group)."""

    data: bytes
    name: Optional[str] = None

    def __post_init__(self) -> None:
        if isinstance(self.data, (bytearray, memoryview)):
            object.__setattr__(self, "data", bytes(self.data))
        if not isinstance(self.data, bytes):
            raise ATSMessageError("file data must be bytes", "attachments")
        if self.name is not None and (not isinstance(self.name, str) or not self.name):
            raise ATSMessageError("file name must be a non-empty str", "attachments")


Address = Union[AFTNAddress, ORAddress, ORName]


def _coerce_address(value: Any, where: str) -> Address:
    if isinstance(value, (AFTNAddress, ORAddress)):
        return value
    if isinstance(value, ORName):
        return value.address if value.directory_name is None else value
    if isinstance(value, str):
        if is_aftn_address(value):
            return AFTNAddress(value)
        try:
            return ORAddress.parse(value)
        except AddressError as exc:
            raise ATSMessageError("%r is neither an AF-address (eight letters) nor an O/R "
                                  "address: %s" % (value, exc), where) from exc
    raise ATSMessageError("an address must be an AF-address, an ORAddress or an ORName, "
                          "not %s" % type(value).__name__, where)


def _items(value: Any, single: Tuple[type, ...], where: str) -> Tuple[Any, ...]:
    """``value`` as a tuple: one item of a ``single`` type, or an iterable."""
    if isinstance(value, single):
        return (value,)
    if isinstance(value, (bytes, bytearray, Mapping)):
        raise ATSMessageError("%s must be a sequence, not %s" % (where, type(value).__name__),
                              where)
    try:
        return tuple(value)
    except TypeError:
        raise ATSMessageError("%s must be a sequence, not %s" % (where, type(value).__name__),
                              where) from None


def _split_lines(text: str) -> List[str]:
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")


@dataclass(frozen=True)
class ATSMessage:
    """An ATS message, independent of how AMHS encodes it.

    :ivar priority: ``SS``, ``DD``, ``FF``, ``GG`` or ``KK``.
    :ivar filing_time: ``DDhhmm`` (UTC); an aware datetime is accepted and
        also kept as :attr:`authorization_time`.
    :ivar text: the ATS message text.
    :ivar recipients: AF-addresses (eight letters) and/or O/R addresses
        (:class:`~x400fast.oraddress.ORAddress`, ``ORName`` or text).
    :ivar originator: the originator, likewise (needed to submit).
    :ivar ohi: optional heading information (at most 53 characters, 48
        for SS); empty means none.
    :ivar attachments: binary data, each in a file-transfer body part.
    :ivar acknowledgement: the message is an AFTN acknowledgement (SS
        acknowledgements request no ``rn``).
    :ivar ipm_identifier: the local IPM identifier (generated when
        encoding if ``None``); not part of equality.
    :ivar authorization_time: the full filing time for the extended
        service (completed from ``now`` when encoding if ``None``); not part
        of equality, but must agree with ``filing_time``.
    """

    priority: ATSPriority
    filing_time: str
    text: str = ""
    recipients: Tuple[Address, ...] = ()
    originator: Optional[Address] = None
    ohi: Optional[str] = None
    attachments: Tuple[ATSFile, ...] = ()
    acknowledgement: bool = False
    ipm_identifier: Optional[str] = field(default=None, compare=False)
    authorization_time: Optional[_dt.datetime] = field(default=None, compare=False)

    def __post_init__(self) -> None:
        def put(name: str, value: Any) -> None:
            object.__setattr__(self, name, value)

        p = ATSPriority.coerce(self.priority)
        put("priority", p)
        ft = self.filing_time
        if isinstance(ft, _dt.datetime):
            if self.authorization_time is None:
                put("authorization_time",
                    ft.astimezone(UTC).replace(second=0, microsecond=0)
                    if ft.tzinfo is not None else ft)
            ft = filing_time_of(ft)
        put("filing_time", _check_filing_time(ft))
        at = self.authorization_time
        if at is not None:
            if not isinstance(at, _dt.datetime) or at.tzinfo is None:
                raise ATSMessageError("authorization_time must be an aware datetime",
                                      "authorization_time")
            if filing_time_of(at) != self.filing_time:
                raise ATSMessageError("authorization_time %s does not agree with filing "
                                      "time %s" % (at.isoformat(), self.filing_time),
                                      "authorization_time")
        if not isinstance(self.text, str):
            raise ATSMessageError("text must be a str", "text")
        put("ohi", _check_ohi(self.ohi, p))
        recips = _items(self.recipients, (str, ORAddress, ORName), "recipients")
        put("recipients", tuple(_coerce_address(r, "recipients[%d]" % i)
                                for i, r in enumerate(recips)))
        if self.originator is not None:
            put("originator", _coerce_address(self.originator, "originator"))
        put("attachments", _items(self.attachments, (ATSFile,), "attachments"))
        for a in self.attachments:
            if not isinstance(a, ATSFile):
                raise ATSMessageError("attachments must be ATSFile values", "attachments")
        if not isinstance(self.acknowledgement, bool):
            raise ATSMessageError("acknowledgement must be a bool", "acknowledgement")
        if self.ipm_identifier is not None and not isinstance(self.ipm_identifier, str):
            raise ATSMessageError("ipm_identifier must be a str", "ipm_identifier")

    def replace(self, **changes: Any) -> "ATSMessage":
        """A copy with some fields changed (validated like a new message)."""
        return dataclasses.replace(self, **changes)

    # -- checks -------------------------------------------------------------

    @property
    def requests_receipt(self) -> bool:
        """Whether recipients are asked for ``rn`` (Doc 9880 3.3.6)."""
        return self.priority.receipt_notification and not self.acknowledgement

    def check_gateway_limits(self, limits: Optional[GatewayLimits] = None) -> None:
        """Raise :class:`~x400fast.errors.ATSMessageError` for the first
        gateway limit the message exceeds (see :class:`GatewayLimits`)."""
        lim = GatewayLimits() if limits is None else limits
        if lim.charset is not None:
            allowed = _ITA2_TEXT if lim.charset == "ita2" else None
            for i, ch in enumerate(self.text):
                if (ord(ch) > 0x7F) if allowed is None else (ch not in allowed):
                    raise ATSMessageError(
                        "character %r at offset %d is outside the %s repertoire an AFTN "
                        "gateway converts" % (ch, i, lim.charset.upper()), "text",
                        limit="charset")
        if lim.max_line_length is not None:
            for n, line in enumerate(_split_lines(self.text), start=1):
                if len(line) > lim.max_line_length:
                    raise ATSMessageError(
                        "text line %d has %d characters; AFTN lines carry at most %d"
                        % (n, len(line), lim.max_line_length), "text",
                        limit="line_length", maximum=lim.max_line_length, value=len(line))
        if lim.max_text_length is not None and len(self.text) > lim.max_text_length:
            raise ATSMessageError(
                "text has %d characters; an AFTN message carries at most %d"
                % (len(self.text), lim.max_text_length), "text",
                limit="text_length", maximum=lim.max_text_length, value=len(self.text))
        if lim.max_recipients is not None and len(self.recipients) > lim.max_recipients:
            raise ATSMessageError(
                "%d recipients; an AFTN gateway accepts at most %d"
                % (len(self.recipients), lim.max_recipients), "recipients",
                limit="recipients", maximum=lim.max_recipients, value=len(self.recipients))
        if lim.single_body_part and self.attachments:
            n = len(self.attachments)
            raise ATSMessageError(
                "%d file-transfer body part%s; an AFTN gateway converts a single text "
                "body part and nothing else" % (n, "" if n == 1 else "s"),
                "attachments", limit="body_parts", maximum=1,
                value=n + (1 if self.text else 0))

    # -- addresses ----------------------------------------------------------

    @staticmethod
    def _orname(address: Address, settings: AMHSSettings, where: str) -> ORName:
        if isinstance(address, AFTNAddress):
            if settings.addressing is None:
                raise AFTNAddressError("%s %s is an AF-address, and no addressing table is "
                                       "set to convert it (AMHSSettings.addressing)"
                                       % (where, address), address=address)
            return ORName(settings.addressing.to_oraddress(address))
        if isinstance(address, ORAddress):
            return ORName(address)
        return address

    # -- encoding -----------------------------------------------------------

    def _text_body(self, content: str, general: bool, where: str) -> Any:
        if general:
            regs = [_IR_C0, _IR_ASCII]
            bad = next((ch for ch in content if ord(ch) > 0xFF), None)
            if bad is not None:
                raise ATSMessageError("%r is outside ISO 8859-1 (repertoire B), the widest "
                                      "repertoire of the ATS service" % bad, where,
                                      limit="charset")
            if any(ord(ch) > 0x7F for ch in content):
                regs.append(_IR_LATIN1)
            data = "".join(_DESIGNATIONS[r] for r in regs) + content
            return ("extended", {
                "parameters": {"direct_reference": x420.id_ep_general_text,
                               "encoding": ("single_asn1_type", _T_GT_PARAMS.encode(regs))},
                "data": {"direct_reference": x420.id_et_general_text,
                         "encoding": ("single_asn1_type", _T_GT_DATA.encode(data))}})
        bad = next((ch for ch in content if ord(ch) > 0x7F), None)
        if bad is not None:
            raise ATSMessageError("%r is not an IA5 character; the basic service's "
                                  "ia5-text body part carries IA5 only" % bad, where,
                                  limit="charset")
        return ("basic", ("ia5_text", {"parameters": {}, "data": content}))

    @staticmethod
    def _file_body(f: ATSFile) -> Any:
        attrs: Dict[str, Any] = {}
        if f.name is not None:
            attrs["pathname"] = ("incomplete_pathname", [f.name])
        attrs["object_size"] = ("actual_values", len(f.data))
        params = {"file_attributes": attrs}
        data = [{"direct_reference": _FTAM3, "encoding": ("octet_aligned", f.data)}]
        return ("extended", {
            "parameters": {"direct_reference": x420.id_ep_file_transfer,
                           "encoding": ("single_asn1_type", _T_FT_PARAMS.encode(params))},
            "data": {"direct_reference": x420.id_et_file_transfer,
                     "encoding": ("single_asn1_type", _T_FT_DATA.encode(data))}})

    def to_ipm(self, settings: Optional[AMHSSettings] = None, *,
               now: Optional[_dt.datetime] = None) -> Dict[str, Any]:
        """The IPM (heading and body) in the codec's value model.

        ``now`` (aware; default: the clock) completes the extended-service
        authorization-time and stamps a generated IPM identifier.
        """
        s = AMHSSettings() if settings is None else settings
        if s.gateway_limits is not None:
            self.check_gateway_limits(s.gateway_limits)
        if now is None:
            now = _dt.datetime.now(UTC)
        elif not isinstance(now, _dt.datetime) or now.tzinfo is None:
            raise ATSMessageError("now must be an aware datetime", "now")
        extended = s.service is ATSService.EXTENDED
        originator = None
        if self.originator is not None:
            originator = self._orname(self.originator, s, "originator").to_asn1()
        local_id = self.ipm_identifier or "%s-%s" % (
            now.astimezone(UTC).strftime("%Y%m%d%H%M%S"), secrets.token_hex(4).upper())
        this_ipm: Dict[str, Any] = {"user_relative_identifier": local_id}
        if originator is not None:
            this_ipm["user"] = originator
        recipients = []
        for i, r in enumerate(self.recipients):
            spec: Dict[str, Any] = {"recipient": {"formal_name": self._orname(
                r, s, "recipients[%d]" % i).to_asn1()}}
            if self.requests_receipt:
                spec["notification_requests"] = frozenset({"rn"})
            if extended:
                spec["recipient_extensions"] = [{
                    "type": x420.id_rex_precedence,
                    "value": _T_PRECEDENCE.encode(self.priority.precedence)}]
            recipients.append(spec)
        heading: Dict[str, Any] = {"this_ipm": this_ipm, "primary_recipients": recipients}
        if originator is not None:
            heading["originator"] = {"formal_name": originator}
        body: List[Any] = []
        if extended:
            at = self.authorization_time or complete_filing_time(self.filing_time, now)
            exts = [{"type": x420.id_hex_authorization_time, "value": _T_AUTH_TIME.encode(at)},
                    {"type": x420.id_hex_precedence_policy_id,
                     "value": _T_POLICY.encode(PRECEDENCE_POLICY_ID)}]
            if self.ohi is not None:
                exts.append({"type": x420.id_hex_originators_reference,
                             "value": _T_ORIG_REF.encode(
                                 {"character_encoding": ("two_octets", self.ohi)})})
            heading["extensions"] = _der_sorted(exts)
            if self.text or not self.attachments:
                body.append(self._text_body(self.text, True, "text"))
        else:
            header = format_ats_header(self.priority, self.filing_time, self.ohi)
            body.append(self._text_body(header + self.text, s.basic_body == "general-text",
                                        "text"))
        body.extend(self._file_body(f) for f in self.attachments)
        return {"heading": heading, "body": body}

    def to_content(self, settings: Optional[AMHSSettings] = None, *,
                   now: Optional[_dt.datetime] = None) -> bytes:
        """The P22 content: the BER ``InformationObject`` holding the IPM."""
        return _T_IO.encode(("ipm", self.to_ipm(settings, now=now)))

    def encoded_information_types(self, settings: Optional[AMHSSettings] = None
                                  ) -> Dict[str, Any]:
        """The envelope's original-encoded-information-types for this message."""
        s = AMHSSettings() if settings is None else settings
        builtin: FrozenSet[str] = frozenset()
        extended: List[str] = []
        general = s.service is ATSService.EXTENDED or s.basic_body == "general-text"
        if s.service is ATSService.EXTENDED and not self.text and self.attachments:
            general = False
        elif general:
            regs = [_IR_C0, _IR_ASCII]
            if any(ord(ch) > 0x7F for ch in self.text):
                regs.append(_IR_LATIN1)
            extended += ["%s.%d" % (x420.id_cs_eit_authority, r) for r in regs]
        else:
            builtin = frozenset({"ia5-text"})
        if self.attachments:
            extended.append(x420.id_eit_file_transfer)
        out: Dict[str, Any] = {"built_in_encoded_information_types": builtin}
        if extended:
            out["extended_encoded_information_types"] = _der_sorted_oids(extended)
        return out

    def to_submission(self, settings: Optional[AMHSSettings] = None, *,
                      now: Optional[_dt.datetime] = None,
                      dl_recipients: Iterable[Any] = ()) -> Dict[str, Any]:
        """The P3 ``MessageSubmissionArgument`` value (envelope + content).

        The envelope follows Doc 9880: content type P22, EITs of the body,
        priority from :data:`PRIORITY_MAPPINGS` (``urgent`` for SS only,
        and ``normal`` instead when any of ``dl_recipients`` -- recipients
        known or feared to be distribution lists -- is a recipient),
        alternate recipient allowed, disclosure of recipients and content
        return not requested, non-delivery reports only: the defaults a
        gateway gives AFTN traffic (4.4.2.3).
        """
        s = AMHSSettings() if settings is None else settings
        if self.originator is None:
            raise ATSMessageError("a submission needs an originator", "originator")
        if not self.recipients:
            raise ATSMessageError("a submission needs at least one recipient", "recipients")
        content = self.to_content(s, now=now)
        names = [self._orname(r, s, "recipients[%d]" % i)
                 for i, r in enumerate(self.recipients)]
        dls = {self._orname(_coerce_address(d, "dl_recipients"), s, "dl_recipients")
               for d in dl_recipients}
        priority = self.priority.envelope_priority
        if priority == "urgent" and any(n in dls for n in names):
            priority = "normal"
        envelope: Dict[str, Any] = {
            "originator_name": self._orname(self.originator, s, "originator").to_asn1(),
            "original_encoded_information_types": self.encoded_information_types(s),
            "content_type": ("built_in", x420.content_type_p22),
            "priority": priority,
            "per_message_indicators": frozenset({"alternate-recipient-allowed"}),
            "per_recipient_fields": [
                {"recipient_name": n.to_asn1(),
                 "originator_report_request": frozenset({"non-delivery-report"})}
                for n in names],
        }
        return {"envelope": envelope, "content": content}

    def encode_submission(self, settings: Optional[AMHSSettings] = None, *,
                          now: Optional[_dt.datetime] = None,
                          dl_recipients: Iterable[Any] = ()) -> bytes:
        """BER of :meth:`to_submission` (the P3 message-submission argument)."""
        return _T_SUBMISSION.encode(self.to_submission(settings, now=now,
                                                       dl_recipients=dl_recipients))

    def to_message(self, settings: Optional[AMHSSettings] = None, *,
                   now: Optional[_dt.datetime] = None,
                   dl_recipients: Iterable[Any] = ()) -> Any:
        """This message as a :class:`x400fast.message.Message` (heading,
        body and submission envelope), for the message model's sending
        and storing paths.

        The Message is read from :meth:`to_submission`, so it carries
        exactly the envelope and heading described there.  A body part the
        model would write back differently is kept as an
        :class:`~x400fast.message.UnknownBody` holding this module's
        octets: today that is the general-text part of the repertoire A
        (character sets 1 and 6 only), which the model reads as ISO 8859-1
        and would re-send as repertoire B.  ``message.to_content()``
        therefore gives the octets of :meth:`to_content`.
        """
        from ..message import Message, UnknownBody

        sub = self.to_submission(settings, now=now, dl_recipients=dl_recipients)
        msg = Message.from_submission(sub)
        parts = ber.decode(_T_IO, sub["content"])[1]["body"]
        t_part = _IPMS["BodyPart"]
        for i, value in enumerate(parts):
            if i < len(msg.body) and msg.body[i].to_ber() != t_part.encode(value):
                msg.body[i] = UnknownBody.from_value(value)
        return msg

    @classmethod
    def from_message(cls, message: Any, *,
                     addressing: Optional[AddressingTable] = None) -> "ATSMessage":
        """Read a :class:`x400fast.message.Message` (built, submitted or
        delivered) as an ATS message.

        The originator comes from the heading, else from the envelope.
        """
        msg = cls.from_content(message.to_content(), addressing=addressing)
        if msg.originator is None:
            orig = getattr(message, "envelope_originator", None)
            if orig is not None:
                msg = msg.replace(originator=_read_name({"formal_name": orig.to_asn1()},
                                                        "originator", addressing))
        return msg

    # -- decoding -----------------------------------------------------------

    @staticmethod
    def service_of(ipm: Mapping[str, Any]) -> ATSService:
        """Extended when the heading carries the AMHS precedence policy."""
        for ext in ipm.get("heading", {}).get("extensions", []) or []:
            if ext.get("type") == x420.id_hex_precedence_policy_id:
                if ber.decode(_T_POLICY, ext.get("value", b"")) == PRECEDENCE_POLICY_ID:
                    return ATSService.EXTENDED
        return ATSService.BASIC

    @classmethod
    def from_ipm(cls, ipm: Mapping[str, Any], *,
                 addressing: Optional[AddressingTable] = None) -> "ATSMessage":
        """Read an AMHS IPM (value model) of either service.

        With ``addressing``, O/R addresses it can convert become
        AF-addresses (:meth:`AddressingTable.to_aftn`); without it, or when
        it cannot convert one, addresses stay O/R addresses.
        """
        if not isinstance(ipm, Mapping) or "heading" not in ipm or "body" not in ipm:
            raise ATSMessageError("not an IPM value (heading and body)", None)
        heading = ipm["heading"]
        exts = {}
        for ext in heading.get("extensions", []) or []:
            oid = ext.get("type")
            if oid in (x420.id_hex_authorization_time, x420.id_hex_originators_reference,
                       x420.id_hex_precedence_policy_id):
                exts[oid] = ber.decode(x420.HEADING_EXTENSIONS[oid], ext.get("value", b""))
        extended = exts.get(x420.id_hex_precedence_policy_id) == PRECEDENCE_POLICY_ID

        specs = (list(heading.get("primary_recipients", []) or [])
                 + list(heading.get("copy_recipients", []) or [])
                 + list(heading.get("blind_copy_recipients", []) or []))
        recipients = []
        precedences = []
        any_rn = False
        for i, spec in enumerate(specs):
            recipients.append(_read_name(spec.get("recipient", {}), "recipients[%d]" % i,
                                         addressing))
            if "rn" in (spec.get("notification_requests") or ()):
                any_rn = True
            for ext in spec.get("recipient_extensions", []) or []:
                if ext.get("type") == x420.id_rex_precedence:
                    precedences.append(ber.decode(_T_PRECEDENCE, ext.get("value", b"")))
        originator = None
        if heading.get("originator") is not None:
            originator = _read_name(heading["originator"], "originator", addressing)
        elif (heading.get("this_ipm") or {}).get("user") is not None:
            originator = _read_name({"formal_name": heading["this_ipm"]["user"]},
                                    "originator", addressing)
        ipm_id = (heading.get("this_ipm") or {}).get("user_relative_identifier")

        texts: List[str] = []
        files: List[ATSFile] = []
        for i, part in enumerate(ipm["body"]):
            kind, value = _read_body_part(part, "body[%d]" % i)
            if kind == "text":
                texts.append(value)
            else:
                files.append(value)
        if len(texts) > 1:
            raise ATSMessageError("%d text body parts; an ATS message has one" % len(texts),
                                  "body", limit="body_parts", value=len(texts))
        text = texts[0] if texts else ""
        header: Optional[ATSHeader] = None
        if texts:
            try:
                header, text = parse_ats_text(texts[0])
            except ATSMessageError:
                if not extended:
                    raise
        elif not extended:
            raise ATSMessageError("no text body part, so no ATS-message-header, and no "
                                  "extended heading fields", "body")

        at: Optional[_dt.datetime] = None
        if extended:
            # Extended fields win over a header in the text (4.5.2.2.5.1).
            if precedences:
                priority = ATSPriority.from_precedence(precedences[0])
            elif header is not None:
                priority = header.priority
            else:
                raise ATSMessageError("extended ATS message without a precedence and "
                                      "without an ATS-message-header", "priority")
            at = exts.get(x420.id_hex_authorization_time)
            if at is not None:
                at = at.astimezone(UTC)
                filing_time = filing_time_of(at)
            elif header is not None:
                filing_time = header.filing_time
            else:
                raise ATSMessageError("extended ATS message without an authorization-time "
                                      "and without an ATS-message-header", "filing_time")
            ref = exts.get(x420.id_hex_originators_reference)
            if ref is not None:
                ohi: Optional[str] = ref["character_encoding"][1]
            else:
                ohi = header.ohi if header is not None else None
        else:
            assert header is not None
            priority, filing_time, ohi = header
        return cls(priority=priority, filing_time=filing_time, text=text,
                   recipients=tuple(recipients), originator=originator, ohi=ohi,
                   attachments=tuple(files),
                   acknowledgement=priority is ATSPriority.SS and bool(specs) and not any_rn,
                   ipm_identifier=ipm_id, authorization_time=at)

    @classmethod
    def from_content(cls, content: bytes, *,
                     addressing: Optional[AddressingTable] = None) -> "ATSMessage":
        """Read the BER of a P22 content (``InformationObject``) or of a bare IPM."""
        data = bytes(content)
        if data[:1] == b"\x30":
            ipm = ber.decode(_T_IPM, data)
        else:
            kind, ipm = ber.decode(_T_IO, data)
            if kind != "ipm":
                raise ATSMessageError("the content is an IPN, not an IPM", "content")
        return cls.from_ipm(ipm, addressing=addressing)

    @classmethod
    def from_delivery(cls, delivery: Union[bytes, Mapping[str, Any]], *,
                      addressing: Optional[AddressingTable] = None) -> "ATSMessage":
        """Read a P3 ``MessageDeliveryArgument`` (its value or its BER).

        The originator comes from the heading, or from the envelope when the
        heading has none.
        """
        value = (ber.decode(_T_DELIVERY, bytes(delivery))
                 if isinstance(delivery, (bytes, bytearray, memoryview)) else delivery)
        msg = cls.from_content(value["content"], addressing=addressing)
        if msg.originator is None:
            orig = (value.get("other_fields") or {}).get("originator_name")
            if orig is not None:
                msg = msg.replace(originator=_read_name({"formal_name": orig}, "originator",
                                                        addressing))
        return msg


# ---------------------------------------------------------------------------
# Helpers


def _der_sorted(exts: List[Dict[str, Any]]) -> List[Dict[str, Any]]:
    """SET OF IPMSExtension in DER order (encodings compared as octet strings)."""
    return [e for _, e in sorted(((_T_EXTENSION.encode(e), e) for e in exts),
                                 key=lambda p: p[0])]


def _der_sorted_oids(oids: List[str]) -> List[str]:
    t = _MTS["ExtendedEncodedInformationType"]
    return sorted(oids, key=lambda o: t.encode(o))


def _read_name(descriptor: Mapping[str, Any], where: str,
               addressing: Optional[AddressingTable]) -> Address:
    formal = descriptor.get("formal_name") if isinstance(descriptor, Mapping) else None
    if formal is None:
        raise ATSMessageError("no O/R name (a free-form name only)", where)
    name = ORName.from_asn1(formal, validate=False)
    if name.directory_name is not None and name.address.is_empty():
        return name
    address = name.address
    if addressing is not None:
        try:
            return addressing.to_aftn(address)
        except AFTNAddressError:
            pass
    return address if name.directory_name is None else name


def _strip_designations(data: str) -> str:
    """General-text data without its ISO 2022 escape sequences."""
    out = []
    i, n = 0, len(data)
    while i < n:
        ch = data[i]
        if ch == "\x1b":
            j = i + 1
            while j < n and "\x20" <= data[j] <= "\x2f":
                j += 1
            if j < n and "\x30" <= data[j] <= "\x7e" and j > i + 1:
                i = j + 1
                continue
        out.append(ch)
        i += 1
    return "".join(out)


def _external_value(ext: Mapping[str, Any], t: Any, where: str) -> Any:
    alternative, v = ext["encoding"]
    if alternative == "single_asn1_type":
        return ber.decode(t, v)
    if alternative == "octet_aligned":
        return ber.decode(t, v)
    raise ATSMessageError("%s: an EXTERNAL in the arbitrary (bit string) form" % where, where)


def _read_body_part(part: Any, where: str) -> Tuple[str, Any]:
    kind, value = part
    if kind == "basic":
        sub, v = value
        if sub == "ia5_text":
            return "text", v["data"]
        raise ATSMessageError("body part of type %s; an ATS message has text and "
                              "file-transfer body parts only" % sub.replace("_", "-"), where)
    if kind == "extended":
        data = value["data"]
        oid = data.get("direct_reference")
        if oid == x420.id_et_ia5_text:
            return "text", _external_value(data, _IPMS["IA5TextData"], where)
        if oid == x420.id_et_general_text:
            return "text", _strip_designations(_external_value(data, _T_GT_DATA, where))
        if oid == x420.id_et_file_transfer:
            chunks = _external_value(data, _T_FT_DATA, where)
            params: Dict[str, Any] = {}
            if value.get("parameters") is not None:
                params = _external_value(value["parameters"], _T_FT_PARAMS, where)
            name = None
            pn = (params.get("file_attributes") or {}).get("pathname")
            if pn is not None and pn[1]:
                name = pn[1][-1]
            octets = _chunk(chunks[0], where) if chunks else b""
            return "file", ATSFile(octets, name)
        raise ATSMessageError("extended body part %s; an ATS message has text and "
                              "file-transfer body parts only" % oid, where)
    raise ATSMessageError("unknown body part (tag outside X.420)", where)


def _chunk(ext: Mapping[str, Any], where: str) -> bytes:
    alternative, v = ext["encoding"]
    if alternative == "octet_aligned":
        return bytes(v)
    if alternative == "arbitrary":
        return bytes(v[0])
    # single-ASN1-type: an OCTET STRING (any form) or another primitive
    # string type holding the file's octets.
    tag_class, constructed, number, hlen, length = ber.read_header(v, 0)
    if tag_class == 0 and number == 4:
        return bytes(ber.decode(_T_OCTETS, v))
    if not constructed and length >= 0 and hlen + length == len(v):
        return bytes(v[hlen:])
    raise ATSMessageError("file data of a type other than a string", where)
