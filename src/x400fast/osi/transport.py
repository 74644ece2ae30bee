"""X.224 class 0 over RFC 1006 (ITOT) as a sans-I/O state machine.

Theory of operation
===================

One TCP connection carries one transport connection.  RFC 1006 wraps every
TPDU in a 4-octet TPKT header; class 0 adds connection establishment (CR /
CC, or DR to refuse), segmentation of a TSDU into DT TPDUs with an
end-of-TSDU (EOT) mark, and nothing else: no multiplexing, no flow control,
no expedited data, and no disconnect exchange on an open connection --
T-DISCONNECT is closing TCP.  ER reports a TPDU the receiver could not
accept.

:class:`TransportConnection` is driven h11-style:

``receive_data(data)``
    Hand over bytes read from the socket; ``b""`` means the peer closed
    TCP.  Only buffers; never raises because of the bytes' content.
``next_event()``
    Parse as far as needed for one event and return it, or
    :data:`NEED_DATA` when the buffered bytes do not complete one.  Raises
    a :class:`~x400fast.errors.TransportProtocolError` leaf when the peer
    broke the protocol.
``send(event)``
    Act on a request or response of the local user.  Raises
    :class:`~x400fast.errors.LocalProtocolError` (and changes nothing) when
    the event is not allowed in the current state.
``data_to_send()``
    Every byte the machine wants written, in order, since the last call:
    the TPDUs for the user's requests *and* those the machine sends by
    itself (a DR refusing an unacceptable CR, an ER answering a malformed
    TPDU).  Call it after every ``send()`` and ``next_event()``.

Events, user to machine: :class:`ConnectRequest` (initiator),
:class:`ConnectResponse` (responder accepts), :class:`Data` (a TSDU),
:class:`DisconnectRequest` (refuse a CR, or give up; on an open class 0
connection it sends nothing: close the socket).

Events, machine to user: :class:`ConnectIndication` (responder: a CR
arrived), :class:`ConnectConfirm` (initiator: CC arrived), :class:`Data`
(one complete, reassembled TSDU), :class:`Disconnect` (DR or ER received,
the peer closed TCP, or the machine refused a CR itself).

States (:class:`State`) and the legal transitions are two tables,
``SEND_TRANSITIONS`` for user events and ``RECEIVE_TRANSITIONS`` for
received TPDUs; anything not in a table is a protocol error.  Once
``CLOSED`` the caller closes the socket (after writing ``data_to_send()``).
After a protocol error the machine is in ``ERROR``: it has queued the
courtesy ER where X.224 wants one, the caller writes that and closes.

Negotiation rules implemented here
==================================

* Class: only class 0.  A responder accepts a CR for another class when
  class 0 is among the alternative classes (parameter ``0xC7``) and answers
  class 0; otherwise it refuses with DR reason ``0x82`` (negotiation
  failed).  An initiator treats a CC for any class but 0 as a protocol
  error, and a CC whose destination reference is not its own source
  reference as a mismatch.
* TPDU size: RFC 1006 makes an absent size parameter mean 65531 (not
  X.224's 128).  Codes ``0x07``..``0x0D`` (128..8192) are accepted; with
  ``lenient_tpdu_size=True`` also the non-standard ``0x0E``..``0x10`` seen
  from some stacks, capped at 65531.  The newer "preferred maximum TPDU
  size" parameter (``0xF0``, units of 128) is honoured when present.  A CC
  may only lower the proposal; when the CC has no size parameter the
  proposal stands.  Received DTs longer than the negotiated size are a
  protocol error.
* Parameters: unknown CR parameters are ignored (ISO 8073); an unknown CC
  parameter is a protocol error (as ISODE does); a known parameter twice
  is an error; TSAP selectors are limited to 64 octets and rejected, not
  truncated, above that.
* Reassembly: DT user data is appended until EOT; more than ``max_tsdu``
  octets without EOT raises :class:`~x400fast.errors.TSDUTooLarge`.

What the caller must still do itself: per-PDU and idle deadlines (this
machine reads no clock), and closing the socket.
"""
from __future__ import annotations

import enum
from collections import deque
from dataclasses import dataclass
from typing import (Callable, Deque, Dict, FrozenSet, List, Optional,
                    Sequence, Tuple, Union)

from .._impl import load
from ..errors import (LocalProtocolError, MalformedTPDU, MalformedTPKT,
                      TransportDisconnected, TransportProtocolError,
                      TSDUTooLarge)

_framing = load("_framing")
# The steady-state recogniser (take_steady); a module global so that a
# test can watch it being called.
_steady_ros = _framing.steady_ros

__all__ = [
    "Role",
    "State",
    "NEED_DATA",
    "NeedData",
    "TransportConnection",
    "ConnectRequest",
    "ConnectIndication",
    "ConnectResponse",
    "ConnectConfirm",
    "Data",
    "DisconnectRequest",
    "Disconnect",
    "TransportEvent",
    "ConnectTPDU",
    "DataTPDU",
    "DisconnectTPDU",
    "ErrorTPDU",
    "TPDU",
    "parse_tpdu",
    "encode_cr",
    "encode_cc",
    "encode_dr",
    "encode_er",
    "frame",
    "DEFAULT_MAX_TSDU",
    "MAX_TPDU_SIZE",
    "MAX_TSEL_LENGTH",
    "SEND_TRANSITIONS",
    "RECEIVE_TRANSITIONS",
]

# ---------------------------------------------------------------------------
# Constants

#: TPDU codes (the octet after LI; CR and CC carry the credit in the low nibble).
CR = 0xE0
CC = 0xD0
DR = 0x80
DC = 0xC0
DT = 0xF0
ED = 0x10
AK = 0x60
EA = 0x20
RJ = 0x50
ER = 0x70

#: Variable-part parameter codes.
P_TPDU_SIZE = 0xC0
P_CALLING_TSEL = 0xC1
P_CALLED_TSEL = 0xC2
P_CHECKSUM = 0xC3
P_VERSION = 0xC4
P_PROTECTION = 0xC5
P_OPTIONS = 0xC6
P_ALTERNATIVE_CLASSES = 0xC7
P_PREFERRED_MAX_TPDU_SIZE = 0xF0
P_INACTIVITY_TIMER = 0xF2
P_ADDITIONAL_INFO = 0xE0      # DR only
P_INVALID_TPDU = 0xC1         # ER only (same code as calling TSEL)

# Parameters a CC may carry.  Anything else in a CC is a protocol error,
# following ISODE; in a CR anything else is ignored.
_KNOWN_CONNECT_PARAMS = frozenset(
    [P_TPDU_SIZE, P_CALLING_TSEL, P_CALLED_TSEL, P_CHECKSUM, P_VERSION,
     P_PROTECTION, P_OPTIONS, P_ALTERNATIVE_CLASSES,
     P_PREFERRED_MAX_TPDU_SIZE, P_INACTIVITY_TIMER]
    + list(range(0x85, 0x8D)))       # quality-of-service parameters

#: DR reason codes used by this module.
DR_NOT_SPECIFIED = 0x00
DR_ADDRESS_UNKNOWN = 0x03
DR_NORMAL = 0x80
DR_NEGOTIATION_FAILED = 0x82

#: ER reject causes.
ER_NOT_SPECIFIED = 0
ER_INVALID_PARAMETER_CODE = 1
ER_INVALID_TPDU_TYPE = 2
ER_INVALID_PARAMETER_VALUE = 3

MAX_TPDU_SIZE = 65531
#: Largest TSEL accepted or sent (ISODE's limit; X.224 sets none).
MAX_TSEL_LENGTH = 64
#: Default cap on one reassembled TSDU.
DEFAULT_MAX_TSDU = 16 * 1024 * 1024

_STANDARD_SIZE_CODES = range(0x07, 0x0E)     # 128 .. 8192
_LENIENT_SIZE_CODES = range(0x07, 0x11)      # .. 65536, capped to 65531
# An ER echoes the rejected TPDU up to the bad octet; LI <= 254 leaves
# room for 248 octets after LI, code, DST-REF, cause, parameter header.
_MAX_ER_ECHO = 248


# ---------------------------------------------------------------------------
# Roles, states, sentinel


class Role(enum.Enum):
    """Which end of the connection a machine plays."""

    INITIATOR = "initiator"
    RESPONDER = "responder"


class State(enum.Enum):
    """States of :class:`TransportConnection`.

    IDLE
        Nothing sent or received yet (a responder waits for CR here).
    WAIT_CC
        Initiator: CR sent.
    WAIT_RESPONSE
        Responder: CR received and indicated; waiting for the user's
        :class:`ConnectResponse` or :class:`DisconnectRequest`.
    OPEN
        Data transfer.
    CLOSED
        Over; close the socket once ``data_to_send()`` is written.
    ERROR
        The peer broke the protocol; same as CLOSED, but after an error.
    """

    IDLE = "IDLE"
    WAIT_CC = "WAIT_CC"
    WAIT_RESPONSE = "WAIT_RESPONSE"
    OPEN = "OPEN"
    CLOSED = "CLOSED"
    ERROR = "ERROR"


_OPEN = State.OPEN      # for the fast path's state test (one global load)


class NeedData:
    """Type of :data:`NEED_DATA`."""

    _instance: Optional["NeedData"] = None

    def __new__(cls) -> "NeedData":
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "NEED_DATA"


#: Returned by ``next_event()`` when the buffered bytes do not complete an event.
NEED_DATA = NeedData()


# ---------------------------------------------------------------------------
# Events


def _bytes_field(obj: object, name: str) -> None:
    value = getattr(obj, name)
    if isinstance(value, (bytearray, memoryview)):
        object.__setattr__(obj, name, bytes(value))
    elif not isinstance(value, bytes):
        raise TypeError("%s.%s must be bytes, not %s"
                        % (type(obj).__name__, name, type(value).__name__))


def _tsel_field(obj: object, name: str) -> None:
    _bytes_field(obj, name)
    if len(getattr(obj, name)) > MAX_TSEL_LENGTH:
        raise ValueError("%s.%s longer than %d octets"
                         % (type(obj).__name__, name, MAX_TSEL_LENGTH))


def _size_to_code(size: int) -> int:
    """Map a power-of-two TPDU size 128..8192 to its X.224 code."""
    if not isinstance(size, int) or size < 128 or size > 8192 or size & (size - 1):
        raise ValueError("TPDU size must be a power of two from 128 to 8192, not %r"
                         % (size,))
    return size.bit_length() - 1


@dataclass(frozen=True)
class ConnectRequest:
    """User to initiator: open a transport connection (sends CR).

    :ivar called_tsel: the peer's transport selector (``0xC2``).
    :ivar calling_tsel: our transport selector (``0xC1``).
    :ivar tpdu_size: proposed maximum TPDU size, a power of two from 128
        to 8192; ``None`` sends no size parameter, which RFC 1006 reads as
        65531 and is the recommended choice over TCP.
    """

    called_tsel: bytes = b""
    calling_tsel: bytes = b""
    tpdu_size: Optional[int] = None

    def __post_init__(self) -> None:
        _tsel_field(self, "called_tsel")
        _tsel_field(self, "calling_tsel")
        if self.tpdu_size is not None:
            _size_to_code(self.tpdu_size)


@dataclass(frozen=True)
class ConnectIndication:
    """Responder to user: a CR arrived.

    :ivar calling_tsel: the initiator's TSEL.
    :ivar called_tsel: the TSEL the initiator asked for.
    :ivar tpdu_size: the TPDU size the initiator proposed (65531 when it
        sent none).
    :ivar proposed_class: the preferred class of the CR (0 unless the peer
        offered a higher class with class 0 as an alternative).
    """

    calling_tsel: bytes
    called_tsel: bytes
    tpdu_size: int
    proposed_class: int = 0


@dataclass(frozen=True)
class ConnectResponse:
    """User to responder: accept the indicated connection (sends CC).

    :ivar responding_tsel: TSEL to put in the CC; ``None`` echoes the
        called TSEL of the CR.
    :ivar tpdu_size: largest TPDU size this side wants (128..65531);
        ``None`` accepts the initiator's proposal as it stands.
    """

    responding_tsel: Optional[bytes] = None
    tpdu_size: Optional[int] = None

    def __post_init__(self) -> None:
        if self.responding_tsel is not None:
            _tsel_field(self, "responding_tsel")
        if self.tpdu_size is not None:
            if (not isinstance(self.tpdu_size, int)
                    or not 128 <= self.tpdu_size <= MAX_TPDU_SIZE):
                raise ValueError("tpdu_size must be in 128..65531, not %r"
                                 % (self.tpdu_size,))


@dataclass(frozen=True)
class ConnectConfirm:
    """Initiator to user: the CC arrived; the connection is open.

    :ivar responding_tsel: TSEL in the CC's ``0xC2`` parameter (may be empty).
    :ivar tpdu_size: negotiated maximum TPDU size.
    """

    responding_tsel: bytes
    tpdu_size: int


@dataclass(frozen=True)
class Data:
    """One TSDU, in either direction.

    User to machine: sent as one or more DT TPDUs.  Machine to user: a
    complete TSDU, reassembled from its DTs.
    """

    tsdu: bytes

    def __post_init__(self) -> None:
        _bytes_field(self, "tsdu")


@dataclass(frozen=True)
class DisconnectRequest:
    """User to machine: refuse the indicated CR, or abandon the connection.

    In ``WAIT_RESPONSE`` (responder) a DR with ``reason`` is sent; in any
    other state nothing is sent (class 0 disconnects by closing TCP).

    :ivar reason: DR reason code, default ``0x00`` (not specified).
    """

    reason: int = DR_NOT_SPECIFIED

    def __post_init__(self) -> None:
        if not isinstance(self.reason, int) or not 0 <= self.reason <= 255:
            raise ValueError("reason must be an octet value, not %r" % (self.reason,))


@dataclass(frozen=True)
class Disconnect:
    """Machine to user: the transport connection is over.

    :ivar detail: human-readable cause.
    :ivar reason: DR reason code when a DR was received or sent by the
        machine itself, else ``None``.
    :ivar er_cause: reject cause when an ER was received, else ``None``.
    :ivar local: true when this machine refused the CR by itself.
    :ivar data: user data of a received DR.
    """

    detail: str
    reason: Optional[int] = None
    er_cause: Optional[int] = None
    local: bool = False
    data: bytes = b""

    def as_error(self) -> TransportDisconnected:
        """The exception a blocking caller would raise for this event."""
        return TransportDisconnected(self.detail, self.reason)


TransportEvent = Union[ConnectRequest, ConnectIndication, ConnectResponse,
                       ConnectConfirm, Data, DisconnectRequest, Disconnect]


# ---------------------------------------------------------------------------
# TPDU values (parse results)


@dataclass(frozen=True)
class ConnectTPDU:
    """A parsed CR or CC.

    :ivar code: ``CR`` (0xE0) or ``CC`` (0xD0).
    :ivar credit: low nibble of the code octet (0 in class 0).
    :ivar protocol_class: high nibble of the class/option octet.
    :ivar options: low nibble of the class/option octet.
    :ivar tpdu_size: size from ``0xC0`` (``1 << code``, capped at 65531), or
        ``None`` when absent.
    :ivar preferred_max_tpdu_size: size from ``0xF0`` (value x 128, capped
        at 65531), or ``None``.
    :ivar alternative_classes: classes listed in ``0xC7``.
    :ivar unknown_params: ``(code, value)`` of parameters ignored in a CR.
    :ivar raw_size_params: the size parameters exactly as received, so a
        responder can echo an unchanged proposal.
    """

    code: int
    credit: int
    dst_ref: int
    src_ref: int
    protocol_class: int
    options: int
    calling_tsel: bytes = b""
    called_tsel: bytes = b""
    tpdu_size: Optional[int] = None
    preferred_max_tpdu_size: Optional[int] = None
    alternative_classes: Tuple[int, ...] = ()
    additional_options: Optional[int] = None
    unknown_params: Tuple[Tuple[int, bytes], ...] = ()
    raw_size_params: Tuple[Tuple[int, bytes], ...] = ()
    user_data: bytes = b""

    @property
    def kind(self) -> str:
        return "CR" if self.code == CR else "CC"

    @property
    def proposed_size(self) -> int:
        """Effective size: ``0xF0`` if present, else ``0xC0``, else 65531."""
        if self.preferred_max_tpdu_size is not None:
            return self.preferred_max_tpdu_size
        if self.tpdu_size is not None:
            return self.tpdu_size
        return MAX_TPDU_SIZE


@dataclass(frozen=True)
class DataTPDU:
    """A parsed class 0 DT."""

    eot: bool
    data: bytes
    kind: str = "DT"


@dataclass(frozen=True)
class DisconnectTPDU:
    """A parsed DR."""

    dst_ref: int
    src_ref: int
    reason: int
    additional_info: bytes = b""
    data: bytes = b""
    kind: str = "DR"


@dataclass(frozen=True)
class ErrorTPDU:
    """A parsed ER."""

    dst_ref: int
    cause: int
    invalid_tpdu: bytes = b""
    kind: str = "ER"


TPDU = Union[ConnectTPDU, DataTPDU, DisconnectTPDU, ErrorTPDU]


# ---------------------------------------------------------------------------
# Parsing


def _walk_params(tpdu: bytes, start: int, end: int) -> List[Tuple[int, int, bytes]]:
    """Split a variable part into ``(offset, code, value)``, checking lengths."""
    out = []
    pos = start
    while pos < end:
        if end - pos < 2:
            raise MalformedTPDU("parameter header cut short by the end of the "
                                "header", pos, ER_NOT_SPECIFIED)
        code = tpdu[pos]
        length = tpdu[pos + 1]
        if pos + 2 + length > end:
            raise MalformedTPDU("parameter 0x%02x of length %d runs past the end "
                                "of the header" % (code, length), pos + 1,
                                ER_INVALID_PARAMETER_VALUE)
        out.append((pos, code, tpdu[pos + 2:pos + 2 + length]))
        pos += 2 + length
    return out


def _parse_connect(tpdu: bytes, li: int, code: int,
                   lenient_tpdu_size: bool) -> ConnectTPDU:
    kind = code & 0xF0
    name = "CR" if kind == CR else "CC"
    if li < 6:
        raise MalformedTPDU("%s needs LI >= 6, got %d" % (name, li), 0,
                            ER_NOT_SPECIFIED)
    dst_ref = (tpdu[2] << 8) | tpdu[3]
    src_ref = (tpdu[4] << 8) | tpdu[5]
    class_option = tpdu[6]
    protocol_class = class_option >> 4
    if protocol_class > 4:
        raise MalformedTPDU("protocol class %d does not exist" % protocol_class,
                            6, ER_INVALID_PARAMETER_VALUE)
    if kind == CR and dst_ref != 0:
        raise MalformedTPDU("CR with DST-REF 0x%04x, must be 0" % dst_ref, 2,
                            ER_INVALID_PARAMETER_VALUE)
    seen = set()
    values: Dict[str, object] = {}
    unknown: List[Tuple[int, bytes]] = []
    raw_size: List[Tuple[int, bytes]] = []
    size_codes = _LENIENT_SIZE_CODES if lenient_tpdu_size else _STANDARD_SIZE_CODES
    for offset, pcode, value in _walk_params(tpdu, 7, li + 1):
        if pcode not in _KNOWN_CONNECT_PARAMS:
            if kind == CC:
                raise MalformedTPDU("unknown parameter 0x%02x in CC" % pcode,
                                    offset, ER_INVALID_PARAMETER_CODE)
            unknown.append((pcode, value))
            continue
        if pcode in seen:
            raise MalformedTPDU("parameter 0x%02x appears twice" % pcode, offset,
                                ER_INVALID_PARAMETER_VALUE)
        seen.add(pcode)
        if pcode == P_TPDU_SIZE:
            if len(value) != 1:
                raise MalformedTPDU("TPDU size parameter of length %d, must be 1"
                                    % len(value), offset + 1,
                                    ER_INVALID_PARAMETER_VALUE)
            if value[0] not in size_codes:
                raise MalformedTPDU("TPDU size code 0x%02x outside 0x%02x..0x%02x"
                                    % (value[0], size_codes[0], size_codes[-1]),
                                    offset + 2, ER_INVALID_PARAMETER_VALUE)
            values["tpdu_size"] = min(1 << value[0], MAX_TPDU_SIZE)
            raw_size.append((pcode, value))
        elif pcode == P_PREFERRED_MAX_TPDU_SIZE:
            if not 1 <= len(value) <= 4:
                raise MalformedTPDU("preferred maximum TPDU size of length %d, "
                                    "must be 1..4" % len(value), offset + 1,
                                    ER_INVALID_PARAMETER_VALUE)
            units = int.from_bytes(value, "big")
            if units == 0:
                raise MalformedTPDU("preferred maximum TPDU size of 0", offset + 2,
                                    ER_INVALID_PARAMETER_VALUE)
            values["preferred_max_tpdu_size"] = min(units * 128, MAX_TPDU_SIZE)
            raw_size.append((pcode, value))
        elif pcode in (P_CALLING_TSEL, P_CALLED_TSEL):
            if len(value) > MAX_TSEL_LENGTH:
                raise MalformedTPDU("TSEL of %d octets exceeds %d"
                                    % (len(value), MAX_TSEL_LENGTH), offset + 1,
                                    ER_INVALID_PARAMETER_VALUE)
            values["calling_tsel" if pcode == P_CALLING_TSEL else "called_tsel"] = value
        elif pcode == P_OPTIONS:
            if len(value) != 1:
                raise MalformedTPDU("additional option selection of length %d, "
                                    "must be 1" % len(value), offset + 1,
                                    ER_INVALID_PARAMETER_VALUE)
            values["additional_options"] = value[0]
        elif pcode == P_ALTERNATIVE_CLASSES:
            classes = tuple(octet >> 4 for octet in value)
            if any(c > 4 for c in classes):
                raise MalformedTPDU("alternative class above 4", offset + 2,
                                    ER_INVALID_PARAMETER_VALUE)
            values["alternative_classes"] = classes
        # Other known parameters (checksum, version, protection, QoS,
        # inactivity timer) mean nothing to class 0 over TCP: ignored.
    return ConnectTPDU(
        code=kind, credit=code & 0x0F, dst_ref=dst_ref, src_ref=src_ref,
        protocol_class=protocol_class, options=class_option & 0x0F,
        unknown_params=tuple(unknown), raw_size_params=tuple(raw_size),
        user_data=tpdu[li + 1:], **values)  # type: ignore[arg-type]


def _parse_dr(tpdu: bytes, li: int) -> DisconnectTPDU:
    if li < 6:
        raise MalformedTPDU("DR needs LI >= 6, got %d" % li, 0, ER_NOT_SPECIFIED)
    additional = b""
    for _offset, pcode, value in _walk_params(tpdu, 7, li + 1):
        if pcode == P_ADDITIONAL_INFO:
            additional = value
        # A DR ends the connection whatever else it carries: other
        # parameters are ignored rather than turned into a second error.
    return DisconnectTPDU(dst_ref=(tpdu[2] << 8) | tpdu[3],
                          src_ref=(tpdu[4] << 8) | tpdu[5], reason=tpdu[6],
                          additional_info=additional, data=tpdu[li + 1:])


def _parse_er(tpdu: bytes, li: int) -> ErrorTPDU:
    if li < 4:
        raise MalformedTPDU("ER needs LI >= 4, got %d" % li, 0, ER_NOT_SPECIFIED)
    invalid = b""
    for _offset, pcode, value in _walk_params(tpdu, 5, li + 1):
        if pcode == P_INVALID_TPDU:
            invalid = value
    return ErrorTPDU(dst_ref=(tpdu[2] << 8) | tpdu[3], cause=tpdu[4],
                     invalid_tpdu=invalid)


def parse_tpdu(tpdu: bytes, lenient_tpdu_size: bool = False) -> TPDU:
    """Parse one TPDU (a TPKT body) of the kinds class 0 uses.

    :param tpdu: the TPDU, without its TPKT header.
    :param lenient_tpdu_size: accept TPDU size codes ``0x0E``..``0x10``.
    :returns: a :class:`ConnectTPDU`, :class:`DataTPDU`,
        :class:`DisconnectTPDU` or :class:`ErrorTPDU`.
    :raises MalformedTPDU: with ``offset`` inside the TPDU and the ER
        reject cause that describes the fault.
    """
    if not isinstance(tpdu, bytes):
        tpdu = bytes(tpdu)
    li, code = _framing.tpdu_header(tpdu)
    kind = code & 0xF0
    if code == DT:
        eot, data = _framing.dt_user_data(tpdu)
        return DataTPDU(eot=eot, data=data)
    if kind in (CR, CC):
        return _parse_connect(tpdu, li, code, lenient_tpdu_size)
    if code == DR:
        return _parse_dr(tpdu, li)
    if code == ER:
        return _parse_er(tpdu, li)
    raise MalformedTPDU("TPDU code 0x%02x is not used in class 0" % code, 1,
                        ER_INVALID_TPDU_TYPE)


# ---------------------------------------------------------------------------
# Encoding


def _param(code: int, value: bytes) -> bytes:
    if len(value) > 255:
        raise ValueError("parameter 0x%02x value longer than 255 octets" % code)
    return bytes((code, len(value))) + value


def _ref(value: int, name: str) -> bytes:
    if not isinstance(value, int) or not 0 <= value <= 0xFFFF:
        raise ValueError("%s must be in 0..65535, not %r" % (name, value))
    return value.to_bytes(2, "big")


def _connect(code: int, dst_ref: int, src_ref: int, class_option: int,
             params: Sequence[Tuple[int, bytes]]) -> bytes:
    variable = b"".join(_param(c, v) for c, v in params)
    li = 6 + len(variable)
    if li > 254:
        raise ValueError("CR/CC header of %d octets exceeds LI 254" % li)
    if not 0 <= class_option <= 255:
        raise ValueError("class/option octet out of range")
    return (bytes((li, code)) + _ref(dst_ref, "dst_ref") + _ref(src_ref, "src_ref")
            + bytes((class_option,)) + variable)


def encode_cr(src_ref: int, *, calling_tsel: bytes = b"", called_tsel: bytes = b"",
              tpdu_size: Optional[int] = None, class_option: int = 0x00,
              extra_params: Sequence[Tuple[int, bytes]] = ()) -> bytes:
    """Build a CR TPDU (no TPKT header).

    Parameter order follows ISODE: calling TSEL, called TSEL, TPDU size,
    then ``extra_params`` (for tests and for offering alternative classes).
    """
    params: List[Tuple[int, bytes]] = []
    if calling_tsel:
        params.append((P_CALLING_TSEL, bytes(calling_tsel)))
    if called_tsel:
        params.append((P_CALLED_TSEL, bytes(called_tsel)))
    if tpdu_size is not None:
        params.append((P_TPDU_SIZE, bytes((_size_to_code(tpdu_size),))))
    params.extend(extra_params)
    return _connect(CR, 0, src_ref, class_option, params)


def encode_cc(dst_ref: int, src_ref: int, *, calling_tsel: bytes = b"",
              responding_tsel: bytes = b"",
              size_params: Sequence[Tuple[int, bytes]] = (),
              class_option: int = 0x00) -> bytes:
    """Build a CC TPDU (no TPKT header).

    :param size_params: the TPDU size parameter(s) to send, already
        encoded as ``(code, value)``; empty means "the proposal stands".
    """
    params: List[Tuple[int, bytes]] = []
    if calling_tsel:
        params.append((P_CALLING_TSEL, bytes(calling_tsel)))
    if responding_tsel:
        params.append((P_CALLED_TSEL, bytes(responding_tsel)))
    params.extend(size_params)
    return _connect(CC, dst_ref, src_ref, class_option, params)


def encode_dr(dst_ref: int, src_ref: int, reason: int,
              additional_info: bytes = b"") -> bytes:
    """Build a DR TPDU (no TPKT header)."""
    if not isinstance(reason, int) or not 0 <= reason <= 255:
        raise ValueError("DR reason must be an octet value")
    variable = _param(P_ADDITIONAL_INFO, bytes(additional_info)) if additional_info else b""
    li = 6 + len(variable)
    if li > 254:
        raise ValueError("DR header exceeds LI 254")
    return (bytes((li, DR)) + _ref(dst_ref, "dst_ref") + _ref(src_ref, "src_ref")
            + bytes((reason,)) + variable)


def encode_er(dst_ref: int, cause: int, invalid_tpdu: bytes = b"") -> bytes:
    """Build an ER TPDU (no TPKT header).

    :param invalid_tpdu: the rejected TPDU up to the offending octet;
        truncated to the 248 octets that fit the header.
    """
    if not isinstance(cause, int) or not 0 <= cause <= 255:
        raise ValueError("ER cause must be an octet value")
    echo = bytes(invalid_tpdu)[:_MAX_ER_ECHO]
    variable = _param(P_INVALID_TPDU, echo) if echo else b""
    return bytes((4 + len(variable), ER)) + _ref(dst_ref, "dst_ref") + bytes((cause,)) + variable


def frame(tpdu: bytes) -> bytes:
    """Wrap one TPDU in its TPKT header."""
    length = len(tpdu) + 4
    if length > 0xFFFF:
        raise ValueError("TPDU of %d octets does not fit one TPKT" % len(tpdu))
    return b"\x03\x00" + length.to_bytes(2, "big") + bytes(tpdu)


# ---------------------------------------------------------------------------
# Transition tables

_I, _R = Role.INITIATOR, Role.RESPONDER
_ANY_ROLE = (_I, _R)
_S = State

# (role, state, user event type) -> (handler name, next state)
SEND_TRANSITIONS: Dict[Tuple[Role, State, type], Tuple[str, State]] = {
    (_I, _S.IDLE, ConnectRequest): ("_send_cr", _S.WAIT_CC),
    (_R, _S.WAIT_RESPONSE, ConnectResponse): ("_send_cc", _S.OPEN),
    (_R, _S.WAIT_RESPONSE, DisconnectRequest): ("_send_dr", _S.CLOSED),
}
for _role in _ANY_ROLE:
    SEND_TRANSITIONS[(_role, _S.OPEN, Data)] = ("_send_dt", _S.OPEN)
    for _state in (_S.IDLE, _S.WAIT_CC, _S.OPEN):
        SEND_TRANSITIONS.setdefault((_role, _state, DisconnectRequest),
                                    ("_send_nothing", _S.CLOSED))

# (role, state, received TPDU kind) -> (handler name, possible next states).
# "EOF" is the peer closing TCP.  A handler returns the next state, which
# must be one of those listed.
RECEIVE_TRANSITIONS: Dict[Tuple[Role, State, str], Tuple[str, FrozenSet[State]]] = {
    (_R, _S.IDLE, "CR"): ("_on_cr", frozenset([_S.WAIT_RESPONSE, _S.CLOSED])),
    (_I, _S.WAIT_CC, "CC"): ("_on_cc", frozenset([_S.OPEN])),
}
for _role in _ANY_ROLE:
    for _state in (_S.IDLE, _S.WAIT_CC, _S.WAIT_RESPONSE, _S.OPEN):
        RECEIVE_TRANSITIONS[(_role, _state, "EOF")] = ("_on_eof", frozenset([_S.CLOSED]))
    RECEIVE_TRANSITIONS[(_role, _S.OPEN, "DT")] = ("_on_dt", frozenset([_S.OPEN]))
    # DR is only defined as the answer to a CR in class 0, but a peer that
    # sends one on an open connection is plainly going away: treat it as a
    # disconnect rather than as a second error.
    RECEIVE_TRANSITIONS[(_role, _S.OPEN, "DR")] = ("_on_dr", frozenset([_S.CLOSED]))
    RECEIVE_TRANSITIONS[(_role, _S.OPEN, "ER")] = ("_on_er", frozenset([_S.CLOSED]))
RECEIVE_TRANSITIONS[(_I, _S.WAIT_CC, "DR")] = ("_on_dr", frozenset([_S.CLOSED]))
RECEIVE_TRANSITIONS[(_I, _S.WAIT_CC, "ER")] = ("_on_er", frozenset([_S.CLOSED]))
RECEIVE_TRANSITIONS[(_R, _S.WAIT_RESPONSE, "ER")] = ("_on_er", frozenset([_S.CLOSED]))
del _role, _state


# ---------------------------------------------------------------------------
# The machine


class TransportConnection:
    """Sans-I/O X.224 class 0 endpoint (see the module docstring).

    :param role: :attr:`Role.INITIATOR` (sends CR) or :attr:`Role.RESPONDER`.
    :param local_ref: our 16-bit source reference (non-zero by convention).
    :param max_tsdu: cap on one reassembled TSDU in octets.
    :param lenient_tpdu_size: accept TPDU size codes ``0x0E``..``0x10``.
    """

    def __init__(self, role: Role, *, local_ref: int = 1,
                 max_tsdu: int = DEFAULT_MAX_TSDU,
                 lenient_tpdu_size: bool = False) -> None:
        if not isinstance(role, Role):
            raise TypeError("role must be a Role")
        _ref(local_ref, "local_ref")
        if not isinstance(max_tsdu, int) or max_tsdu < 1:
            raise ValueError("max_tsdu must be a positive int")
        self._role = role
        self._state = State.IDLE
        self._local_ref = local_ref
        self._remote_ref: Optional[int] = None
        self._max_tsdu = max_tsdu
        self._lenient = bool(lenient_tpdu_size)
        self._deframer = _framing.TpktDeframer()
        self._eof = False
        self._events: Deque[TransportEvent] = deque()
        self._outbox: List[bytes] = []
        self._parts: List[bytes] = []
        self._part_len = 0
        self._tpdu_size: Optional[int] = None
        self._proposed_size = MAX_TPDU_SIZE
        self._cr: Optional[ConnectTPDU] = None
        # A TPKT body taken by the steady-state fast path of a layer above
        # and handed back unparsed (see take_frame / unread_frame).
        self._pushback: Optional[bytes] = None

    # -- inspection ---------------------------------------------------------

    @property
    def role(self) -> Role:
        return self._role

    @property
    def state(self) -> State:
        return self._state

    @property
    def tpdu_size(self) -> Optional[int]:
        """Negotiated maximum TPDU size once the connection is open."""
        return self._tpdu_size

    @property
    def local_ref(self) -> int:
        return self._local_ref

    @property
    def remote_ref(self) -> Optional[int]:
        """The peer's source reference, once known."""
        return self._remote_ref

    @property
    def buffered(self) -> int:
        """Received octets not yet turned into events (framing + reassembly)."""
        pending = len(self._pushback) if self._pushback is not None else 0
        return int(self._deframer.buffered) + self._part_len + pending

    # -- user side ---------------------------------------------------------

    def send(self, event: TransportEvent) -> None:
        """Act on a user request or response; bytes go to ``data_to_send()``.

        :raises LocalProtocolError: the event is not allowed now (nothing
            changes).
        """
        key = (self._role, self._state, type(event))
        entry = SEND_TRANSITIONS.get(key)
        if entry is None:
            raise LocalProtocolError("%s cannot send %s in state %s"
                                     % (self._role.value, type(event).__name__,
                                        self._state.value))
        handler_name, next_state = entry
        getattr(self, handler_name)(event)
        self._state = next_state

    def data_to_send(self) -> bytes:
        """Return (and forget) every byte queued for the peer."""
        out = self._outbox
        if not out:
            return b""
        self._outbox = []
        return out[0] if len(out) == 1 else b"".join(out)

    # -- network side ------------------------------------------------------

    def receive_data(self, data: bytes) -> None:
        """Buffer bytes from the socket; ``b""`` means the peer closed TCP."""
        if self._state is State.OPEN and type(data) is bytes and data and not self._eof:
            self._deframer.feed(data)       # the everyday case, checks in order
            return
        if not isinstance(data, (bytes, bytearray, memoryview)):
            raise TypeError("data must be bytes-like")
        if self._state in (State.CLOSED, State.ERROR):
            return
        if self._eof:
            if len(data):
                raise LocalProtocolError("data received after end of stream")
            return
        if len(data) == 0:
            self._eof = True
            return
        self._deframer.feed(data)

    def next_event(self) -> Union[TransportEvent, NeedData]:
        """Return the next event, or :data:`NEED_DATA`.

        :raises TransportProtocolError: (a leaf of it) when the peer broke
            the protocol; the machine is then in ``ERROR``.
        :raises LocalProtocolError: when called again after that.
        """
        if self._events:
            return self._events.popleft()
        if self._state is State.ERROR:
            raise LocalProtocolError("transport machine is in ERROR state")
        while self._state is not State.CLOSED:
            body = self._pushback
            if body is not None:
                self._pushback = None
            else:
                try:
                    body = self._deframer.next_frame()
                except MalformedTPKT:
                    self._state = State.ERROR
                    raise
            if body is None:
                if self._eof:
                    self._dispatch("EOF", None, b"")
                    break
                return NEED_DATA
            try:
                tpdu = parse_tpdu(body, self._lenient)
            except MalformedTPDU as exc:
                self._fail(exc, body, exc.er_cause)
                raise
            self._dispatch(tpdu.kind, tpdu, body)
            if self._events:
                return self._events.popleft()
        if self._events:
            return self._events.popleft()
        return NEED_DATA

    # -- steady-state fast path (for the layers above) ----------------------
    #
    # Once every layer is open, nearly every TPKT is one DT carrying one
    # whole P-DATA.  The ROSE machine recognises that exact shape itself
    # and skips the per-layer events; these three methods are all it needs
    # from this machine.  Anything it does not recognise goes back through
    # unread_frame() and is then parsed by next_event() as usual, so the
    # general path keeps every check and every error.

    def take_frame(self) -> Optional[bytes]:
        """The next complete TPKT body, for a fast path above, or ``None``.

        ``None`` unless the connection is open with nothing pending (no
        queued event, no partly reassembled TSDU, nothing handed back);
        also ``None`` when the next header is malformed, so that
        ``next_event()`` reports it with the proper state change.  A body
        returned here is the caller's: it either consumes it as one
        complete DT TSDU (after checking the EOT octet and the negotiated
        TPDU size) or hands it back with :meth:`unread_frame`.
        """
        if (self._state is not State.OPEN or self._events or self._parts
                or self._pushback is not None):
            return None
        try:
            return self._deframer.next_frame()
        except MalformedTPKT:
            return None

    def take_steady(self) -> Optional[Tuple[bytes, Tuple[int, int, int, Optional[int],
                                                          Optional[int], Optional[bytes]]]]:
        """The next TPKT body if it is one steady-state ROSE TPDU, with
        what ``_framing.steady_ros`` made of it: ``(body, (pcid, start,
        kind, invoke_id, code, raw))``; else ``None``.

        Same conditions as :meth:`take_frame`; in addition the body must
        be one DT with EOT (checked by the recogniser) within the
        negotiated TPDU size and ``max_tsdu``, or it is handed back at once
        for ``next_event()`` to parse.  The body returned is the caller's,
        as with :meth:`take_frame`.
        """
        if (self._state is not _OPEN or self._events or self._parts
                or self._pushback is not None):
            return None
        try:
            body = self._deframer.next_frame()
        except MalformedTPKT:
            return None
        if body is None:
            return None
        got = _steady_ros(body)
        n = len(body)
        if got is None or n > (self._tpdu_size or 0) or n - 3 > self._max_tsdu:
            self._pushback = body
            return None
        return body, got

    def unread_frame(self, body: bytes) -> None:
        """Give back a body from :meth:`take_frame`; ``next_event()`` parses
        it next, exactly as if it had never been taken."""
        if self._pushback is not None:
            raise LocalProtocolError("a TPKT body is already handed back")
        self._pushback = body

    def queue_frames(self, *chunks: bytes) -> None:
        """Queue already framed DT TPKTs (built by a fast path above).

        The concatenated chunks must be whole TPKTs, each one DT TPDU no
        larger than the negotiated size; only allowed while ``OPEN``.
        """
        if self._state is not State.OPEN:
            raise LocalProtocolError("cannot send data in transport state %s"
                                     % self._state.value)
        self._outbox.extend(chunks)

    # -- internals ---------------------------------------------------------

    def _dispatch(self, kind: str, tpdu: Optional[TPDU], body: bytes) -> None:
        entry = RECEIVE_TRANSITIONS.get((self._role, self._state, kind))
        if entry is None:
            exc = TransportProtocolError("unexpected %s TPDU in state %s"
                                         % (kind, self._state.value))
            self._fail(exc, body[:2], ER_INVALID_TPDU_TYPE)
            raise exc
        handler_name, allowed = entry
        handler: Callable[[Optional[TPDU], bytes], State] = getattr(self, handler_name)
        try:
            next_state = handler(tpdu, body)
        except TransportProtocolError as exc:
            if self._state is not State.ERROR:
                cause = exc.er_cause if isinstance(exc, MalformedTPDU) else None
                self._fail(exc, body, cause)
            raise
        assert next_state in allowed, (handler_name, next_state)
        self._state = next_state

    def _fail(self, exc: TransportProtocolError, body: bytes,
              er_cause: Optional[int]) -> None:
        """Enter ERROR, queueing an ER where X.224 expects one.

        An ER goes out when the fault is in a TPDU's content or sequence
        (``er_cause`` given) and the peer can still read it: any responder
        state before the end, or an open connection.  An initiator waiting
        for CC just gives up (a wrong CC is answered by closing).
        """
        if er_cause is not None and self._state in (State.IDLE, State.WAIT_RESPONSE,
                                                    State.OPEN):
            if self._role is Role.RESPONDER or self._state is State.OPEN:
                offset = exc.offset if exc.offset is not None else len(body) - 1
                echo = body[:offset + 1]
                er = encode_er(self._remote_ref or 0, er_cause, echo)
                self._outbox.append(frame(er))
        self._state = State.ERROR
        self._parts = []
        self._part_len = 0

    # receive handlers: each returns the next state

    def _on_cr(self, cr: ConnectTPDU, body: bytes) -> State:
        self._remote_ref = cr.src_ref
        if cr.protocol_class != 0 and 0 not in cr.alternative_classes:
            dr = encode_dr(cr.src_ref, 0, DR_NEGOTIATION_FAILED)
            self._outbox.append(frame(dr))
            self._events.append(Disconnect(
                "refused CR for class %d without class 0 as an alternative"
                % cr.protocol_class, reason=DR_NEGOTIATION_FAILED, local=True))
            return State.CLOSED
        self._cr = cr
        self._proposed_size = cr.proposed_size
        self._events.append(ConnectIndication(
            calling_tsel=cr.calling_tsel, called_tsel=cr.called_tsel,
            tpdu_size=cr.proposed_size, proposed_class=cr.protocol_class))
        return State.WAIT_RESPONSE

    def _on_cc(self, cc: ConnectTPDU, body: bytes) -> State:
        if cc.protocol_class != 0:
            raise TransportProtocolError("CC selects class %d, class 0 was proposed"
                                         % cc.protocol_class)
        if cc.dst_ref != self._local_ref:
            raise TransportProtocolError(
                "CC DST-REF 0x%04x does not match our SRC-REF 0x%04x (mismatched "
                "references)" % (cc.dst_ref, self._local_ref))
        size = self._proposed_size
        if cc.preferred_max_tpdu_size is not None or cc.tpdu_size is not None:
            chosen = cc.proposed_size
            if chosen > self._proposed_size:
                raise TransportProtocolError(
                    "CC chooses TPDU size %d, larger than the %d proposed"
                    % (chosen, self._proposed_size))
            size = chosen
        self._remote_ref = cc.src_ref
        self._tpdu_size = size
        self._events.append(ConnectConfirm(responding_tsel=cc.called_tsel,
                                           tpdu_size=size))
        return State.OPEN

    def _on_dt(self, dt: DataTPDU, body: bytes) -> State:
        assert self._tpdu_size is not None
        if len(body) > self._tpdu_size:
            raise TransportProtocolError("DT of %d octets exceeds the negotiated "
                                         "TPDU size %d" % (len(body), self._tpdu_size))
        total = self._part_len + len(dt.data)
        if total > self._max_tsdu:
            self._state = State.ERROR
            self._parts = []
            self._part_len = 0
            raise TSDUTooLarge("TSDU exceeds the reassembly cap of %d octets"
                               % self._max_tsdu)
        if dt.eot:
            if self._parts:
                self._parts.append(dt.data)
                tsdu = b"".join(self._parts)
                self._parts = []
                self._part_len = 0
            else:
                tsdu = dt.data
            self._events.append(Data(tsdu))
        else:
            self._parts.append(dt.data)
            self._part_len = total
        return State.OPEN

    def _on_dr(self, dr: DisconnectTPDU, body: bytes) -> State:
        self._events.append(Disconnect("peer sent DR", reason=dr.reason,
                                       data=dr.data))
        return State.CLOSED

    def _on_er(self, er: ErrorTPDU, body: bytes) -> State:
        self._events.append(Disconnect("peer rejected a TPDU (ER cause %d)" % er.cause,
                                       er_cause=er.cause))
        return State.CLOSED

    def _on_eof(self, _tpdu: None, _body: bytes) -> State:
        lost = self._deframer.buffered + self._part_len
        detail = "peer closed the TCP connection"
        if lost:
            detail += " (%d octets of an incomplete TPDU/TSDU discarded)" % lost
        self._parts = []
        self._part_len = 0
        self._events.append(Disconnect(detail))
        return State.CLOSED

    # send handlers

    def _send_cr(self, event: ConnectRequest) -> None:
        cr = encode_cr(self._local_ref, calling_tsel=event.calling_tsel,
                       called_tsel=event.called_tsel, tpdu_size=event.tpdu_size)
        self._proposed_size = event.tpdu_size or MAX_TPDU_SIZE
        self._outbox.append(frame(cr))

    def _send_cc(self, event: ConnectResponse) -> None:
        cr = self._cr
        assert cr is not None
        proposed = self._proposed_size
        limit = event.tpdu_size if event.tpdu_size is not None else MAX_TPDU_SIZE
        size_params: Sequence[Tuple[int, bytes]]
        if limit >= proposed:
            size = proposed
            size_params = cr.raw_size_params
        elif cr.preferred_max_tpdu_size is not None:
            # The initiator spoke in units of 128; answer in kind.
            units = limit // 128
            size = units * 128
            size_params = [(P_PREFERRED_MAX_TPDU_SIZE,
                            units.to_bytes((units.bit_length() + 7) // 8, "big"))]
        else:
            # Largest power of two within the limit, from 128 up to 8192.
            code = min(limit.bit_length() - 1, 0x0D)
            size = 1 << code
            size_params = [(P_TPDU_SIZE, bytes((code,)))]
        responding = (event.responding_tsel if event.responding_tsel is not None
                      else cr.called_tsel)
        cc = encode_cc(cr.src_ref, self._local_ref, calling_tsel=cr.calling_tsel,
                       responding_tsel=responding, size_params=size_params)
        self._tpdu_size = size
        self._outbox.append(frame(cc))

    def _send_dr(self, event: DisconnectRequest) -> None:
        cr = self._cr
        assert cr is not None
        # A refused connection never gets a reference of its own: SRC-REF 0.
        self._outbox.append(frame(encode_dr(cr.src_ref, 0, event.reason)))

    def _send_dt(self, event: Data) -> None:
        if not event.tsdu:
            raise LocalProtocolError("a TSDU must hold at least one octet")
        assert self._tpdu_size is not None
        self._outbox.append(_framing.encode_dt(event.tsdu, self._tpdu_size))

    def _send_nothing(self, event: DisconnectRequest) -> None:
        self._parts = []
        self._part_len = 0
