"""X.225 session protocol (kernel + duplex, version 2) as a sans-I/O machine.

Theory of operation
===================

:class:`SessionConnection` is the object the presentation layer talks to.
It owns a :class:`~x400fast.osi.transport.TransportConnection` and so takes
raw TCP bytes on one side and gives session events on the other; the
transport connection is opened and accepted for the user:

* initiator: ``send(SConnectRequest(...))`` queues a CR; when the CC
  arrives the machine sends the CN by itself (the CN bytes are built, and
  checked, at request time);
* responder: an incoming CR is answered with CC at once (or with DR reason
  ``0x03`` when ``called_tsels`` is given and the called TSEL is not in
  it); the CN then becomes an :class:`SConnectIndication`.

Driving it is the same as for the transport machine (h11 style)::

    conn.receive_data(sock.recv(65536))    # b"" when the peer closed
    while True:
        event = conn.next_event()          # raises on protocol errors
        if event is NEED_DATA:
            break
        ...                                 # handle the event
    sock.sendall(conn.data_to_send())      # after every send()/next_event()

Events
======

User to machine (``send``):

=======================  ==========================================  =========
event                    meaning                                     SPDU sent
=======================  ==========================================  =========
SConnectRequest          initiator: connect, CP-type as user_data    CN
SConnectResponse         responder: accept, CPA-PPDU as user_data    AC
SRefuse                  responder: refuse (reason, CPR-PPDU)        RF
SData                    a P-DATA PPDU                               GT + DT
SReleaseRequest          orderly release, RLRQ inside P-RELEASE      FN
SReleaseResponse         answer a release, RLRE inside               DN
SAbort                   user abort, ARU-PPDU as user_data           AB
=======================  ==========================================  =========

Machine to user (``next_event``): :class:`SConnectIndication` (responder),
:class:`SConnectConfirm` (initiator; AC received), :class:`SRefuse`
(initiator: RF received; responder: the machine refused a CN itself, e.g.
no common protocol version), :class:`SData`, :class:`SReleaseIndication`
(FN received), :class:`SReleaseConfirm` (DN received), :class:`SAbort`
(AB received, or the transport was refused or lost: ``provider`` is then
true).  All user data is opaque bytes: presentation PPDUs are not parsed
here.

When the state becomes ``CLOSED`` the caller writes ``data_to_send()`` and
closes the socket -- at once after receiving DN, RF or AB; after *sending*
DN it should wait (with its own timer) for the peer to close first, as the
release initiator disconnects the transport.

Protocol choices
================

* Version 2 only: the CN proposes ``0x02``; a CN without version 2 is
  refused with reason ``0x84``; an AC must select version 2.
* Functional units: kernel + duplex.  PI 20 is always sent (``00 02``):
  its absence would mean the half-duplex default set.  The responder
  answers duplex when it was proposed and refuses (``0x86``) otherwise.
* Every data SPDU goes out as GIVE TOKENS + DATA TRANSFER (``01 00 01 00``
  then the PPDU), the concatenation X.225 requires and Wireshark expects.
* CN user data up to 512 octets goes in PGI 193, 513..10240 in PGI 194
  (Extended User Data); more would need Data Overflow and CDO SPDUs, which
  are not implemented (a :class:`~x400fast.errors.LocalProtocolError` at
  request time).
* Length fields: one octet below 255, else ``FF hh ll``; on receipt the
  escape form for a value below 255 is rejected, as ISODE does.
* Parameters: a parameter X.225 defines but that is not permitted in the
  SPDU at hand, a known parameter twice, a fixed-length parameter of the
  wrong length, a PI running past its PGI or SPDU -- all protocol errors.
  Unknown parameter codes are skipped (X.225 rules of extensibility).
* SPDU types that need functional units we do not negotiate (tokens,
  synchronisation, activities, expedited, typed data, capability data,
  negotiated release: NF) are protocol errors.  Unknown SI codes too.
* Protocol errors from the peer: a responder still waiting for CN answers
  RF ``0x85`` (SPM, no reason given); otherwise the machine sends AB with
  Transport Disconnect ``0x05`` (release transport, protocol error), then
  raises.  Either way it ends in ``ERROR`` and the caller closes the socket
  after writing ``data_to_send()``.
* Release collision (both sides sent FN): the FN received is indicated
  (state ``COLLISION``); the user answers it with DN and still receives the
  peer's DN as :class:`SReleaseConfirm`.
"""
from __future__ import annotations

import enum
from collections import deque
from dataclasses import dataclass
from typing import (Collection, Deque, Dict, FrozenSet, List, Optional, Tuple,
                    Union)

from ..errors import (LocalProtocolError, MalformedSPDU, SessionAborted,
                      SessionProtocolError, SessionRefused,
                      TransportProtocolError)
from . import transport as _t
from .transport import NEED_DATA, NeedData, Role

__all__ = [
    "Role",
    "SessionState",
    "NEED_DATA",
    "SessionConnection",
    "SConnectRequest",
    "SConnectIndication",
    "SConnectResponse",
    "SConnectConfirm",
    "SRefuse",
    "SData",
    "SReleaseRequest",
    "SReleaseIndication",
    "SReleaseResponse",
    "SReleaseConfirm",
    "SAbort",
    "SessionEvent",
    "SPDU",
    "parse_tsdu",
    "encode_cn",
    "encode_ac",
    "encode_rf",
    "encode_fn",
    "encode_dn",
    "encode_nf",
    "encode_ab",
    "encode_aa",
    "encode_data",
    "SEND_TRANSITIONS",
    "RECEIVE_TRANSITIONS",
]

# ---------------------------------------------------------------------------
# Constants

#: SPDU identifiers (SI).  GT and DT share 1, AB and AI 25, AA and AIA 26.
SI_GT = SI_DT = 1
SI_PT = 2
SI_NF = 8
SI_FN = 9
SI_DN = 10
SI_RF = 12
SI_CN = 13
SI_AC = 14
SI_AB = 25
SI_AA = 26

#: Every SI X.225 defines, with a name for messages; the ones not handled
#: by this kernel/duplex machine are rejected as unsupported.
_SI_NAMES = {
    0: "ER", 1: "DT", 2: "PT", 5: "EX", 7: "PR", 8: "NF", 9: "FN", 10: "DN",
    12: "RF", 13: "CN", 14: "AC", 15: "CDO", 16: "OA", 21: "GTC", 22: "GTA",
    25: "AB", 26: "AA", 29: "AR", 33: "TD", 34: "RA", 41: "MAP", 42: "MAA",
    45: "AS", 48: "ED", 49: "MIP", 50: "MIA", 53: "RS", 57: "AD", 58: "ADA",
    61: "CD", 62: "CDA",
}
_CATEGORY_0 = frozenset([SI_GT, SI_PT])
_CATEGORY_1 = frozenset([SI_NF, SI_FN, SI_DN, SI_RF, SI_CN, SI_AC, SI_AB, SI_AA])

#: Parameter identifiers.
PGI_CONNECTION_ID = 1
PGI_CONNECT_ACCEPT = 5
PI_CALLED_SS_REF = 9
PI_CALLING_SS_REF = 10
PI_COMMON_REF = 11
PI_ADDITIONAL_REF = 12
PI_SYNC_TYPE = 15
PI_TOKEN_ITEM = 16
PI_TRANSPORT_DISCONNECT = 17
PI_PROTOCOL_OPTIONS = 19
PI_USER_REQUIREMENTS = 20
PI_TSDU_MAX_SIZE = 21
PI_VERSION = 22
PI_INITIAL_SERIAL = 23
PI_PREPARE_TYPE = 24
PI_ENCLOSURE = 25
PI_TOKEN_SETTING = 26
PI_RESYNC_TYPE = 27
PGI_LINKING = 33
PI_ACTIVITY_ID = 41
PI_SERIAL = 42
PI_REFLECT = 49
PI_REASON = 50
PI_CALLING_SSEL = 51
PI_CALLED_SSEL = 52
PI_DATA_OVERFLOW = 60
PGI_USER_DATA = 193
PGI_EXTENDED_USER_DATA = 194

_PGIS = frozenset([PGI_CONNECTION_ID, PGI_CONNECT_ACCEPT, PGI_LINKING])
_CONNECTION_ID_PIS = frozenset([PI_CALLED_SS_REF, PI_CALLING_SS_REF,
                                PI_COMMON_REF, PI_ADDITIONAL_REF])
_CONNECT_ACCEPT_PIS = frozenset([PI_PROTOCOL_OPTIONS, PI_TSDU_MAX_SIZE,
                                 PI_VERSION, PI_INITIAL_SERIAL,
                                 PI_TOKEN_SETTING, 55, 56, 57, 58])
_HOME_PGI = dict([(c, PGI_CONNECTION_ID) for c in _CONNECTION_ID_PIS]
                 + [(c, PGI_CONNECT_ACCEPT) for c in _CONNECT_ACCEPT_PIS])
#: Every parameter code X.225 defines.  Codes outside this set are skipped.
_KNOWN_CODES = frozenset(
    [PGI_CONNECTION_ID, PGI_CONNECT_ACCEPT, PI_SYNC_TYPE, PI_TOKEN_ITEM,
     PI_TRANSPORT_DISCONNECT, PI_USER_REQUIREMENTS, PI_PREPARE_TYPE,
     PI_ENCLOSURE, PI_RESYNC_TYPE, PGI_LINKING, PI_ACTIVITY_ID, PI_SERIAL,
     46, PI_REFLECT, PI_REASON, PI_CALLING_SSEL, PI_CALLED_SSEL,
     PI_DATA_OVERFLOW, PGI_USER_DATA, PGI_EXTENDED_USER_DATA]
    ) | _CONNECTION_ID_PIS | _CONNECT_ACCEPT_PIS

# Parameters permitted per SPDU (top level and inside its PGIs, flattened
# as ISODE's per-SI mask table does).  SI 1 and 2 are told apart by the
# position of the SPDU in the TSDU: "GT"/"PT" first, "DT" second.
_CN_AC_COMMON = (_CONNECTION_ID_PIS | _CONNECT_ACCEPT_PIS
                 | {PGI_CONNECTION_ID, PGI_CONNECT_ACCEPT, PI_USER_REQUIREMENTS,
                    PI_CALLING_SSEL, PI_CALLED_SSEL, PGI_USER_DATA})
_PERMITTED: Dict[str, FrozenSet[int]] = {
    "CN": frozenset(_CN_AC_COMMON | {PI_DATA_OVERFLOW, PGI_EXTENDED_USER_DATA}),
    "AC": frozenset(_CN_AC_COMMON | {PI_TOKEN_ITEM, PI_ENCLOSURE}),
    "RF": frozenset(_CONNECTION_ID_PIS | {PGI_CONNECTION_ID, PI_TRANSPORT_DISCONNECT,
                                          PI_USER_REQUIREMENTS, PI_VERSION,
                                          PI_ENCLOSURE, PI_REASON}),
    "FN": frozenset([PI_TRANSPORT_DISCONNECT, PI_ENCLOSURE, PGI_USER_DATA]),
    "DN": frozenset([PI_ENCLOSURE, PGI_USER_DATA]),
    "NF": frozenset([PI_ENCLOSURE, PGI_USER_DATA]),
    "AB": frozenset([PI_TRANSPORT_DISCONNECT, PI_REFLECT, PI_REASON, PI_ENCLOSURE,
                     PGI_USER_DATA]),
    "AA": frozenset(),
    "GT": frozenset([PI_TOKEN_ITEM, PI_ENCLOSURE]),
    "PT": frozenset([PI_TOKEN_ITEM, PI_ENCLOSURE, PGI_USER_DATA]),
    "DT": frozenset([PI_ENCLOSURE]),
}
# Exact lengths of fixed-size parameters, and maxima of variable ones.
_FIXED_LENGTH = {
    PI_SYNC_TYPE: 1, PI_TOKEN_ITEM: 1, PI_TRANSPORT_DISCONNECT: 1,
    PI_PROTOCOL_OPTIONS: 1, PI_USER_REQUIREMENTS: 2, PI_TSDU_MAX_SIZE: 4,
    PI_VERSION: 1, PI_PREPARE_TYPE: 1, PI_ENCLOSURE: 1, PI_TOKEN_SETTING: 1,
    PI_RESYNC_TYPE: 1, PI_DATA_OVERFLOW: 1,
}
_MAX_LENGTH = {
    PI_CALLED_SS_REF: 64, PI_CALLING_SS_REF: 64, PI_COMMON_REF: 64,
    PI_ADDITIONAL_REF: 4, PI_INITIAL_SERIAL: 6, PI_REFLECT: 9,
    PI_CALLING_SSEL: 16, PI_CALLED_SSEL: 16,
}

#: Session User Requirements bits (PI 20).
FU_HALF_DUPLEX = 0x0001
FU_DUPLEX = 0x0002
#: What X.225 assumes when PI 20 is absent (ISODE ``SR_DEFAULT``).
FU_DEFAULT = 0x0349

#: Version Number bits (PI 22).
VERSION_1 = 0x01
VERSION_2 = 0x02

#: Transport Disconnect bits (PI 17).
TD_RELEASED = 0x01
TD_USER_ABORT = 0x02
TD_PROTOCOL_ERROR = 0x04
TD_NO_REASON = 0x08
TD_IMPLEMENTATION_RESTRICTION = 0x10

#: Refusal reason codes (first octet of PI 50 in RF).
RF_REJECTED_NO_REASON = 0x00
RF_TEMPORARY_CONGESTION = 0x01
RF_REJECTED_BY_USER = 0x02
RF_SSEL_UNKNOWN = 0x81
RF_USER_NOT_ATTACHED = 0x82
RF_SPM_CONGESTION = 0x83
RF_VERSION_NOT_SUPPORTED = 0x84
RF_SPM_NO_REASON = 0x85
RF_IMPLEMENTATION_RESTRICTION = 0x86

#: CN user-data limits: PGI 193 up to 512 octets, PGI 194 from 513 to 10240.
MAX_CN_USER_DATA = 512
MAX_CN_EXTENDED_USER_DATA = 10240
MAX_SSEL_LENGTH = 16
_MAX_LI = 0xFFFF

_GT_DT = b"\x01\x00\x01\x00"


# ---------------------------------------------------------------------------
# States


class SessionState(enum.Enum):
    """States of :class:`SessionConnection` (X.225 names in brackets).

    IDLE
        Nothing yet; a responder waits for the transport CR here [STA01].
    WAIT_T_CONNECT
        Initiator: CR sent, CN ready to go when CC arrives [STA01B].
    WAIT_CN
        Responder: transport accepted, waiting for CN [STA01C].
    WAIT_AC
        Initiator: CN sent [STA02A].
    WAIT_CONNECT_RESPONSE
        Responder: CN indicated, waiting for the user's answer [STA08].
    OPEN
        Data transfer [STA713].
    WAIT_DN
        FN sent, waiting for DN [STA03].
    WAIT_RELEASE_RESPONSE
        FN received and indicated, waiting for the user's DN [STA09].
    COLLISION
        FN sent *and* FN received: the user owes a DN and waits for one.
    CLOSED
        Over; write ``data_to_send()`` and close the socket.
    ERROR
        A protocol error ended the connection.
    """

    IDLE = "IDLE"
    WAIT_T_CONNECT = "WAIT_T_CONNECT"
    WAIT_CN = "WAIT_CN"
    WAIT_AC = "WAIT_AC"
    WAIT_CONNECT_RESPONSE = "WAIT_CONNECT_RESPONSE"
    OPEN = "OPEN"
    WAIT_DN = "WAIT_DN"
    WAIT_RELEASE_RESPONSE = "WAIT_RELEASE_RESPONSE"
    COLLISION = "COLLISION"
    CLOSED = "CLOSED"
    ERROR = "ERROR"


# ---------------------------------------------------------------------------
# Events


def _bytes_field(obj: object, name: str) -> None:
    value = getattr(obj, name)
    if isinstance(value, (bytearray, memoryview)):
        object.__setattr__(obj, name, bytes(value))
    elif not isinstance(value, bytes):
        raise TypeError("%s.%s must be bytes, not %s"
                        % (type(obj).__name__, name, type(value).__name__))


def _ssel_field(obj: object, name: str) -> None:
    _bytes_field(obj, name)
    if len(getattr(obj, name)) > MAX_SSEL_LENGTH:
        raise ValueError("%s.%s longer than %d octets"
                         % (type(obj).__name__, name, MAX_SSEL_LENGTH))


@dataclass(frozen=True)
class SConnectRequest:
    """Initiator: open transport and session connections.

    :ivar user_data: the presentation CP-type PPDU (at most 10240 octets).
    :ivar called_ssel: the peer's session selector (at most 16 octets).
    :ivar calling_ssel: our session selector (at most 16 octets).
    :ivar called_tsel: the peer's transport selector (at most 64 octets).
    :ivar calling_tsel: our transport selector (at most 64 octets).
    """

    user_data: bytes = b""
    called_ssel: bytes = b""
    calling_ssel: bytes = b""
    called_tsel: bytes = b""
    calling_tsel: bytes = b""

    def __post_init__(self) -> None:
        _bytes_field(self, "user_data")
        _ssel_field(self, "called_ssel")
        _ssel_field(self, "calling_ssel")
        for name in ("called_tsel", "calling_tsel"):
            _bytes_field(self, name)
            if len(getattr(self, name)) > _t.MAX_TSEL_LENGTH:
                raise ValueError("%s longer than %d octets" % (name, _t.MAX_TSEL_LENGTH))


@dataclass(frozen=True)
class SConnectIndication:
    """Responder: a CN arrived.

    :ivar user_data: the CP-type PPDU.
    :ivar version: the proposed Version Number bit mask.
    :ivar requirements: the proposed Session User Requirements (``0x0349``
        when the CN had none).
    :ivar tpdu_size: the transport TPDU size in use.
    """

    user_data: bytes
    calling_ssel: bytes
    called_ssel: bytes
    calling_tsel: bytes
    called_tsel: bytes
    version: int
    requirements: int
    tpdu_size: int


@dataclass(frozen=True)
class SConnectResponse:
    """Responder: accept the connection (sends AC).

    :ivar user_data: the CPA-PPDU.
    :ivar responding_ssel: SSEL for PI 52; ``None`` echoes the called SSEL.
    """

    user_data: bytes = b""
    responding_ssel: Optional[bytes] = None

    def __post_init__(self) -> None:
        _bytes_field(self, "user_data")
        if self.responding_ssel is not None:
            _ssel_field(self, "responding_ssel")


@dataclass(frozen=True)
class SConnectConfirm:
    """Initiator: AC received; the session connection is open.

    :ivar version: the selected version (2).
    :ivar requirements: the functional units the responder accepted.
    """

    user_data: bytes
    responding_ssel: bytes
    version: int
    requirements: int
    tpdu_size: int


@dataclass(frozen=True)
class SRefuse:
    """A refused connection, both directions.

    User to responder machine: send RF.  Machine to initiator user: an RF
    arrived.  Machine to responder user: the machine refused the CN by
    itself (``reason`` 0x84: no common version, 0x86: duplex not
    proposed); nothing more will happen.  (A malformed CN is refused with
    0x85 too, but that is reported by raising, not by this event.)

    :ivar reason: refusal reason; ``0x02`` (rejected by the SS-user) is
        the one that carries the presentation CPR-PPDU in ``user_data``.
    """

    reason: int = RF_REJECTED_BY_USER
    user_data: bytes = b""

    def __post_init__(self) -> None:
        _bytes_field(self, "user_data")
        if not isinstance(self.reason, int) or not 0 <= self.reason <= 255:
            raise ValueError("reason must be an octet value, not %r" % (self.reason,))

    def as_error(self) -> SessionRefused:
        """The exception a blocking caller would raise for this event."""
        return SessionRefused(self.reason, self.user_data)


@dataclass(frozen=True)
class SData:
    """Normal data, both directions: one presentation PPDU."""

    user_data: bytes

    def __post_init__(self) -> None:
        _bytes_field(self, "user_data")


@dataclass(frozen=True)
class SReleaseRequest:
    """User: orderly release (sends FN with Transport Disconnect = release)."""

    user_data: bytes = b""

    def __post_init__(self) -> None:
        _bytes_field(self, "user_data")


@dataclass(frozen=True)
class SReleaseIndication:
    """Peer asked for release (FN received); answer with SReleaseResponse."""

    user_data: bytes
    transport_disconnect: int = TD_RELEASED


@dataclass(frozen=True)
class SReleaseResponse:
    """User: accept the release (sends DN)."""

    user_data: bytes = b""

    def __post_init__(self) -> None:
        _bytes_field(self, "user_data")


@dataclass(frozen=True)
class SReleaseConfirm:
    """DN received: the release is complete; close the transport."""

    user_data: bytes


@dataclass(frozen=True)
class SAbort:
    """An abort, both directions.

    User to machine: send AB (Transport Disconnect ``0x03``: user abort,
    release transport) with ``user_data`` (the ARU-PPDU); the other fields
    are ignored.  Machine to user: an AB arrived (``provider`` false when
    its user-abort bit was set), or the transport was refused/lost
    (``provider`` true, ``transport_reason`` the DR reason if any).

    :ivar transport_disconnect: the received AB's Transport Disconnect bits.
    :ivar transport_reason: DR reason code when the transport was refused.
    :ivar detail: human-readable cause.
    """

    user_data: bytes = b""
    provider: bool = False
    transport_disconnect: Optional[int] = None
    transport_reason: Optional[int] = None
    detail: str = ""

    def __post_init__(self) -> None:
        _bytes_field(self, "user_data")

    def as_error(self) -> SessionAborted:
        """The exception a blocking caller would raise for this event."""
        return SessionAborted(self.detail or "session aborted", self.provider,
                              self.transport_disconnect, self.user_data)


SessionEvent = Union[SConnectRequest, SConnectIndication, SConnectResponse,
                     SConnectConfirm, SRefuse, SData, SReleaseRequest,
                     SReleaseIndication, SReleaseResponse, SReleaseConfirm, SAbort]


# ---------------------------------------------------------------------------
# SPDU parsing


@dataclass(frozen=True)
class SPDU:
    """One parsed SPDU.

    :ivar name: ``"CN"``, ``"AC"``, ..., with SI 1 reported as ``"GT"``
        in first position of a TSDU and ``"DT"`` in second.
    :ivar params: parameter code to value, PGI 1 and PGI 5 members
        flattened into the same mapping (their codes do not collide).
    :ivar user_information: for DT, the octets after the parameter field.
    :ivar offset: position of the SPDU in its TSDU.
    """

    name: str
    si: int
    params: Dict[int, bytes]
    user_information: bytes = b""
    offset: int = 0

    def user_data(self) -> bytes:
        """The User Data or Extended User Data parameter, or ``b""``."""
        value = self.params.get(PGI_USER_DATA)
        if value is None:
            value = self.params.get(PGI_EXTENDED_USER_DATA, b"")
        return value


def _read_length(tsdu: bytes, pos: int, end: int, what: str) -> Tuple[int, int]:
    """Read a one- or three-octet length at ``pos``; return (value, next pos)."""
    if pos >= end:
        raise MalformedSPDU("%s length missing" % what, pos)
    first = tsdu[pos]
    if first != 0xFF:
        return first, pos + 1
    if pos + 3 > end:
        raise MalformedSPDU("%s length escape cut short" % what, pos)
    value = (tsdu[pos + 1] << 8) | tsdu[pos + 2]
    if value < 255:
        raise MalformedSPDU("%s length %d uses the FF escape, which is reserved "
                            "for lengths of 255 and more" % (what, value), pos)
    return value, pos + 3


def _parse_params(tsdu: bytes, start: int, end: int, name: str,
                  params: Dict[int, bytes], inside_pgi: Optional[int]) -> None:
    permitted = _PERMITTED[name]
    pos = start
    while pos < end:
        code = tsdu[pos]
        what = "parameter %d" % code
        length, value_start = _read_length(tsdu, pos + 1, end, what)
        value_end = value_start + length
        if value_end > end:
            if inside_pgi is not None:
                raise MalformedSPDU("%s of %d octets runs past the end of PGI %d"
                                    % (what, length, inside_pgi), pos)
            raise MalformedSPDU("%s of %d octets runs past the end of the %s SPDU"
                                % (what, length, name), pos)
        if code in _KNOWN_CODES:
            if code not in permitted:
                raise MalformedSPDU("%s is not permitted in %s" % (what, name), pos)
            if code in params:
                raise MalformedSPDU("%s appears twice in %s" % (what, name), pos)
            fixed = _FIXED_LENGTH.get(code)
            if fixed is not None and length != fixed:
                raise MalformedSPDU("%s has length %d, must be %d"
                                    % (what, length, fixed), pos)
            maximum = _MAX_LENGTH.get(code)
            if maximum is not None and length > maximum:
                raise MalformedSPDU("%s has length %d, at most %d allowed"
                                    % (what, length, maximum), pos)
            if code in _PGIS:
                if inside_pgi is not None:
                    raise MalformedSPDU("PGI %d nested inside PGI %d"
                                        % (code, inside_pgi), pos)
                params[code] = tsdu[value_start:value_end]
                _parse_params(tsdu, value_start, value_end, name, params, code)
            else:
                home = _HOME_PGI.get(code)
                if inside_pgi is not None and home != inside_pgi:
                    raise MalformedSPDU("%s does not belong in PGI %d"
                                        % (what, inside_pgi), pos)
                if inside_pgi is None and home is not None and code != PI_VERSION:
                    # Version Number is the one member of PGI 5 that also
                    # stands alone (in RF); ISODE accepts it anywhere.
                    raise MalformedSPDU("%s belongs inside PGI %d" % (what, home), pos)
                params[code] = tsdu[value_start:value_end]
        # Unknown codes: skipped (rules of extensibility).
        pos = value_end


def _parse_one(tsdu: bytes, pos: int, first: bool) -> Tuple[SPDU, int]:
    """Parse the SPDU at ``pos``; return it and the end of its parameters."""
    si = tsdu[pos]
    known = _SI_NAMES.get(si)
    if known is None:
        raise MalformedSPDU("unknown SPDU identifier %d" % si, pos)
    if si == SI_GT:
        name = "GT" if first else "DT"
    elif si == SI_PT:
        name = "PT"
    else:
        name = known
    if name not in _PERMITTED:
        raise SessionProtocolError("%s SPDU needs a functional unit that was not "
                                   "negotiated" % name, pos)
    li, params_start = _read_length(tsdu, pos + 1, len(tsdu), "%s SPDU" % name)
    end = params_start + li
    if end > len(tsdu):
        raise MalformedSPDU("%s SPDU LI %d exceeds the %d octets left in the TSDU"
                            % (name, li, len(tsdu) - params_start), pos)
    params: Dict[int, bytes] = {}
    _parse_params(tsdu, params_start, end, name, params, None)
    return SPDU(name=name, si=si, params=params, offset=pos), end


def parse_tsdu(tsdu: bytes) -> List[SPDU]:
    """Split one TSDU into its SPDUs and parse them.

    Accepted shapes: one category-1 SPDU (CN, AC, RF, FN, DN, NF, AB, AA);
    a lone GT or PT; GT or PT followed by a DT, whose user information is
    the rest of the TSDU.

    :raises MalformedSPDU: malformed header, length or parameter.
    :raises SessionProtocolError: an SPDU type this kernel/duplex session
        does not support, or SPDUs concatenated in a way X.225 forbids.
    """
    if not isinstance(tsdu, bytes):
        tsdu = bytes(tsdu)
    if not tsdu:
        raise MalformedSPDU("empty TSDU", 0)
    first, end = _parse_one(tsdu, 0, True)
    if first.si in _CATEGORY_0:
        if end == len(tsdu):
            return [first]
        second, end2 = _parse_one(tsdu, end, False)
        if second.name != "DT":
            raise SessionProtocolError("%s after %s: only DT may follow a token SPDU "
                                       "in basic concatenation"
                                       % (second.name, first.name), end)
        dt = SPDU(name="DT", si=second.si, params=second.params,
                  user_information=tsdu[end2:], offset=end)
        return [first, dt]
    if end != len(tsdu):
        raise MalformedSPDU("%d octets follow a %s SPDU, which cannot be "
                            "concatenated" % (len(tsdu) - end, first.name), end)
    return [first]


# ---------------------------------------------------------------------------
# SPDU encoding


def _li(value: int) -> bytes:
    if value < 255:
        return bytes((value,))
    if value > _MAX_LI:
        raise LocalProtocolError("SPDU field of %d octets exceeds the 65535 that "
                                 "a length can express" % value)
    return b"\xff" + value.to_bytes(2, "big")


def _p(code: int, value: bytes) -> bytes:
    return bytes((code,)) + _li(len(value)) + value


def _spdu(si: int, params: bytes) -> bytes:
    return bytes((si,)) + _li(len(params)) + params


def _connect_accept_item(version: int) -> bytes:
    return _p(PGI_CONNECT_ACCEPT, _p(PI_PROTOCOL_OPTIONS, b"\x00")
              + _p(PI_VERSION, bytes((version,))))


def encode_cn(user_data: bytes = b"", *, calling_ssel: bytes = b"",
              called_ssel: bytes = b"", version: int = VERSION_2,
              requirements: int = FU_DUPLEX) -> bytes:
    """Build a CN SPDU.

    User data of at most 512 octets goes in PGI 193, up to 10240 in PGI 194.

    :raises LocalProtocolError: user data over 10240 octets (would need
        Data Overflow), or a selector over 16 octets.
    """
    if len(calling_ssel) > MAX_SSEL_LENGTH or len(called_ssel) > MAX_SSEL_LENGTH:
        raise LocalProtocolError("session selectors are limited to 16 octets")
    if len(user_data) > MAX_CN_EXTENDED_USER_DATA:
        raise LocalProtocolError("CN user data of %d octets exceeds %d (Data "
                                 "Overflow is not supported)"
                                 % (len(user_data), MAX_CN_EXTENDED_USER_DATA))
    body = _connect_accept_item(version) + _p(PI_USER_REQUIREMENTS,
                                              requirements.to_bytes(2, "big"))
    if calling_ssel:
        body += _p(PI_CALLING_SSEL, bytes(calling_ssel))
    if called_ssel:
        body += _p(PI_CALLED_SSEL, bytes(called_ssel))
    if user_data:
        code = PGI_USER_DATA if len(user_data) <= MAX_CN_USER_DATA else PGI_EXTENDED_USER_DATA
        body += _p(code, bytes(user_data))
    return _spdu(SI_CN, body)


def encode_ac(user_data: bytes = b"", *, responding_ssel: bytes = b"",
              version: int = VERSION_2, requirements: int = FU_DUPLEX) -> bytes:
    """Build an AC SPDU."""
    if len(responding_ssel) > MAX_SSEL_LENGTH:
        raise LocalProtocolError("session selectors are limited to 16 octets")
    body = _connect_accept_item(version) + _p(PI_USER_REQUIREMENTS,
                                              requirements.to_bytes(2, "big"))
    if responding_ssel:
        body += _p(PI_CALLED_SSEL, bytes(responding_ssel))
    if user_data:
        body += _p(PGI_USER_DATA, bytes(user_data))
    return _spdu(SI_AC, body)


def encode_rf(reason: int, user_data: bytes = b"", *,
              transport_disconnect: int = TD_RELEASED,
              version: Optional[int] = None) -> bytes:
    """Build an RF SPDU: Transport Disconnect, [Version], Reason Code."""
    body = _p(PI_TRANSPORT_DISCONNECT, bytes((transport_disconnect,)))
    if version is not None:
        body += _p(PI_VERSION, bytes((version,)))
    body += _p(PI_REASON, bytes((reason,)) + bytes(user_data))
    return _spdu(SI_RF, body)


def encode_fn(user_data: bytes = b"", *,
              transport_disconnect: int = TD_RELEASED) -> bytes:
    """Build an FN SPDU."""
    body = _p(PI_TRANSPORT_DISCONNECT, bytes((transport_disconnect,)))
    if user_data:
        body += _p(PGI_USER_DATA, bytes(user_data))
    return _spdu(SI_FN, body)


def encode_dn(user_data: bytes = b"") -> bytes:
    """Build a DN SPDU."""
    return _spdu(SI_DN, _p(PGI_USER_DATA, bytes(user_data)) if user_data else b"")


def encode_nf(user_data: bytes = b"") -> bytes:
    """Build an NF SPDU (never sent by this machine; for tests and tools)."""
    return _spdu(SI_NF, _p(PGI_USER_DATA, bytes(user_data)) if user_data else b"")


def encode_ab(user_data: bytes = b"", *,
              transport_disconnect: int = TD_RELEASED | TD_USER_ABORT) -> bytes:
    """Build an AB SPDU."""
    body = _p(PI_TRANSPORT_DISCONNECT, bytes((transport_disconnect,)))
    if user_data:
        body += _p(PGI_USER_DATA, bytes(user_data))
    return _spdu(SI_AB, body)


def encode_aa() -> bytes:
    """Build an AA SPDU."""
    return b"\x1a\x00"


def encode_data(user_data: bytes) -> bytes:
    """Build the TSDU for one P-DATA: GIVE TOKENS + DATA TRANSFER + data."""
    return _GT_DT + bytes(user_data)


# ---------------------------------------------------------------------------
# Transition tables

_S = SessionState

# (state, user event type) -> (handler name, next state).  Role-specific
# states make a role key unnecessary, except for the connect request.
SEND_TRANSITIONS: Dict[Tuple[SessionState, type], Tuple[str, SessionState]] = {
    (_S.IDLE, SConnectRequest): ("_send_connect", _S.WAIT_T_CONNECT),
    (_S.WAIT_CONNECT_RESPONSE, SConnectResponse): ("_send_ac", _S.OPEN),
    (_S.WAIT_CONNECT_RESPONSE, SRefuse): ("_send_rf", _S.CLOSED),
    (_S.OPEN, SData): ("_send_data", _S.OPEN),
    (_S.WAIT_RELEASE_RESPONSE, SData): ("_send_data", _S.WAIT_RELEASE_RESPONSE),
    (_S.OPEN, SReleaseRequest): ("_send_fn", _S.WAIT_DN),
    (_S.WAIT_RELEASE_RESPONSE, SReleaseResponse): ("_send_dn", _S.CLOSED),
    (_S.COLLISION, SReleaseResponse): ("_send_dn", _S.WAIT_DN),
}
for _state in (_S.WAIT_AC, _S.WAIT_CONNECT_RESPONSE, _S.OPEN, _S.WAIT_DN,
               _S.WAIT_RELEASE_RESPONSE, _S.COLLISION):
    SEND_TRANSITIONS[(_state, SAbort)] = ("_send_ab", _S.CLOSED)
for _state in (_S.IDLE, _S.WAIT_T_CONNECT, _S.WAIT_CN):
    # No session connection yet: an abort only drops the transport.
    SEND_TRANSITIONS[(_state, SAbort)] = ("_drop_transport", _S.CLOSED)

# (state, received SPDU kind) -> (handler name, possible next states).
# Kinds are SPDU names, "DT" for GT+DT, and "T-DISCONNECT" for the end of
# the transport connection.
RECEIVE_TRANSITIONS: Dict[Tuple[SessionState, str], Tuple[str, FrozenSet[SessionState]]] = {
    (_S.WAIT_CN, "CN"): ("_on_cn", frozenset([_S.WAIT_CONNECT_RESPONSE, _S.CLOSED])),
    (_S.WAIT_AC, "AC"): ("_on_ac", frozenset([_S.OPEN])),
    (_S.WAIT_AC, "RF"): ("_on_rf", frozenset([_S.CLOSED])),
    (_S.OPEN, "DT"): ("_on_dt", frozenset([_S.OPEN])),
    (_S.WAIT_DN, "DT"): ("_on_dt", frozenset([_S.WAIT_DN])),
    (_S.OPEN, "GT"): ("_on_gt", frozenset([_S.OPEN])),
    (_S.WAIT_DN, "GT"): ("_on_gt", frozenset([_S.WAIT_DN])),
    (_S.OPEN, "FN"): ("_on_fn", frozenset([_S.WAIT_RELEASE_RESPONSE])),
    (_S.WAIT_DN, "FN"): ("_on_fn", frozenset([_S.COLLISION])),
    (_S.WAIT_DN, "DN"): ("_on_dn", frozenset([_S.CLOSED])),
    (_S.COLLISION, "DN"): ("_on_dn", frozenset([_S.WAIT_RELEASE_RESPONSE])),
}
for _state in (_S.WAIT_AC, _S.WAIT_CONNECT_RESPONSE, _S.OPEN, _S.WAIT_DN,
               _S.WAIT_RELEASE_RESPONSE, _S.COLLISION):
    RECEIVE_TRANSITIONS[(_state, "AB")] = ("_on_ab", frozenset([_S.CLOSED]))
for _state in (_S.IDLE, _S.WAIT_T_CONNECT, _S.WAIT_CN, _S.WAIT_AC,
               _S.WAIT_CONNECT_RESPONSE, _S.OPEN, _S.WAIT_DN,
               _S.WAIT_RELEASE_RESPONSE, _S.COLLISION):
    RECEIVE_TRANSITIONS[(_state, "T-DISCONNECT")] = ("_on_t_disconnect",
                                                     frozenset([_S.CLOSED]))
del _state

# States in which a protocol error is answered with AB (a session
# connection exists or is being set up by us).
_ABORTABLE = frozenset([_S.WAIT_AC, _S.WAIT_CONNECT_RESPONSE, _S.OPEN, _S.WAIT_DN,
                        _S.WAIT_RELEASE_RESPONSE, _S.COLLISION])


# ---------------------------------------------------------------------------
# The machine


class SessionConnection:
    """Sans-I/O X.225 endpoint over its own X.224 class 0 transport.

    :param role: :attr:`Role.INITIATOR` or :attr:`Role.RESPONDER`.
    :param tpdu_size: initiator: TPDU size to propose (power of two
        128..8192, ``None`` = RFC 1006 default 65531); responder: the
        largest size to accept (``None`` = whatever is proposed).
    :param called_tsels: responder only: TSELs it answers to; a CR for
        another TSEL is refused with DR reason ``0x03``.  ``None`` accepts
        any.
    :param local_ref: transport source reference.
    :param max_tsdu: cap on one reassembled TSDU (and so on one SPDU).
    :param lenient_tpdu_size: accept TPDU size codes ``0x0E``..``0x10``.
    """

    def __init__(self, role: Role, *, tpdu_size: Optional[int] = None,
                 called_tsels: Optional[Collection[bytes]] = None,
                 local_ref: int = 1, max_tsdu: int = _t.DEFAULT_MAX_TSDU,
                 lenient_tpdu_size: bool = False) -> None:
        if not isinstance(role, Role):
            raise TypeError("role must be a Role")
        if tpdu_size is not None:
            if role is Role.INITIATOR:
                _t.ConnectRequest(tpdu_size=tpdu_size)      # validates
            else:
                _t.ConnectResponse(tpdu_size=tpdu_size)     # validates
        self._role = role
        self._tpdu_size = tpdu_size
        self._called_tsels = (frozenset(bytes(t) for t in called_tsels)
                              if called_tsels is not None else None)
        self._transport = _t.TransportConnection(role, local_ref=local_ref,
                                                 max_tsdu=max_tsdu,
                                                 lenient_tpdu_size=lenient_tpdu_size)
        self._state = SessionState.IDLE
        self._events: Deque[SessionEvent] = deque()
        self._pending_cn: Optional[bytes] = None
        self._t_indication: Optional[_t.ConnectIndication] = None
        self._cn_called_ssel = b""
        self._version: Optional[int] = None
        self._requirements: Optional[int] = None

    # -- inspection ---------------------------------------------------------

    @property
    def role(self) -> Role:
        return self._role

    @property
    def state(self) -> SessionState:
        return self._state

    @property
    def transport(self) -> _t.TransportConnection:
        """The underlying transport machine (read it; do not drive it)."""
        return self._transport

    @property
    def version(self) -> Optional[int]:
        """Negotiated protocol version (2) once connected."""
        return self._version

    @property
    def requirements(self) -> Optional[int]:
        """Negotiated functional units (PI 20 bits) once connected."""
        return self._requirements

    # -- user side ----------------------------------------------------------

    def send(self, event: SessionEvent) -> None:
        """Act on a user request or response; bytes go to ``data_to_send()``.

        :raises LocalProtocolError: not allowed in this state, or the event
            cannot be encoded (nothing changes).
        """
        entry = SEND_TRANSITIONS.get((self._state, type(event)))
        if entry is None or (type(event) is SConnectRequest
                             and self._role is not Role.INITIATOR):
            raise LocalProtocolError("%s cannot send %s in session state %s"
                                     % (self._role.value, type(event).__name__,
                                        self._state.value))
        handler_name, next_state = entry
        getattr(self, handler_name)(event)
        self._state = next_state

    def data_to_send(self) -> bytes:
        """Return (and forget) every byte queued for the peer."""
        return self._transport.data_to_send()

    # -- network side -------------------------------------------------------

    def receive_data(self, data: bytes) -> None:
        """Buffer bytes from the socket; ``b""`` means the peer closed TCP."""
        self._transport.receive_data(data)

    def next_event(self) -> Union[SessionEvent, NeedData]:
        """Return the next session event, or :data:`NEED_DATA`.

        :raises TransportProtocolError: the transport layer failed.
        :raises SessionProtocolError: (or :class:`MalformedSPDU`) the peer
            broke X.225; AB or RF has been queued for it.
        :raises LocalProtocolError: called again after an error.
        """
        if self._events:
            return self._events.popleft()
        if self._state is SessionState.ERROR:
            raise LocalProtocolError("session machine is in ERROR state")
        while True:
            try:
                tev = self._transport.next_event()
            except TransportProtocolError:
                self._state = SessionState.ERROR
                raise
            if tev is NEED_DATA:
                return NEED_DATA
            try:
                self._on_transport_event(tev)
            except SessionProtocolError as exc:
                self._fail(exc)
                raise
            if self._events:
                return self._events.popleft()

    # -- transport events ---------------------------------------------------

    def _on_transport_event(self, tev: object) -> None:
        if isinstance(tev, _t.Data):
            if self._state in (SessionState.CLOSED,):
                return
            self._on_tsdu(tev.tsdu)
        elif isinstance(tev, _t.ConnectIndication):
            self._on_t_connect_indication(tev)
        elif isinstance(tev, _t.ConnectConfirm):
            if self._state is not SessionState.WAIT_T_CONNECT or self._pending_cn is None:
                raise SessionProtocolError("transport connect confirm in state %s"
                                           % self._state.value)
            self._transport.send(_t.Data(self._pending_cn))
            self._pending_cn = None
            self._state = SessionState.WAIT_AC
        elif isinstance(tev, _t.Disconnect):
            self._dispatch("T-DISCONNECT", tev)

    def _on_t_connect_indication(self, tev: _t.ConnectIndication) -> None:
        if self._called_tsels is not None and tev.called_tsel not in self._called_tsels:
            self._transport.send(_t.DisconnectRequest(_t.DR_ADDRESS_UNKNOWN))
            self._state = SessionState.CLOSED
            self._events.append(SAbort(
                provider=True, transport_reason=_t.DR_ADDRESS_UNKNOWN,
                detail="refused transport connection for unknown TSEL %r"
                % (tev.called_tsel,)))
            return
        self._t_indication = tev
        self._transport.send(_t.ConnectResponse(tpdu_size=self._tpdu_size))
        self._state = SessionState.WAIT_CN

    def _on_tsdu(self, tsdu: bytes) -> None:
        if tsdu[:4] == _GT_DT and self._state in (SessionState.OPEN, SessionState.WAIT_DN):
            # Fast path for the one shape every P-DATA takes: GT and DT
            # both with LI 0, then the PPDU (what parse_tsdu would find).
            self._events.append(SData(tsdu[4:]))
            return
        spdus = parse_tsdu(tsdu)
        last = spdus[-1]
        kind = last.name
        if kind == "DT" and PI_ENCLOSURE in last.params:
            raise SessionProtocolError("DT with Enclosure Item, but segmenting was "
                                       "not negotiated", last.offset)
        self._dispatch(kind, last)

    def _dispatch(self, kind: str, arg: object) -> None:
        entry = RECEIVE_TRANSITIONS.get((self._state, kind))
        if entry is None:
            if self._state is SessionState.CLOSED:
                return          # after the end everything is discarded
            raise SessionProtocolError("unexpected %s SPDU in session state %s"
                                       % (kind, self._state.value))
        handler_name, allowed = entry
        next_state = getattr(self, handler_name)(arg)
        assert next_state in allowed, (handler_name, next_state)
        self._state = next_state

    def _fail(self, exc: SessionProtocolError) -> None:
        state = self._state
        self._state = SessionState.ERROR
        try:
            if state is SessionState.WAIT_CN:
                self._transport.send(_t.Data(encode_rf(RF_SPM_NO_REASON)))
            elif state in _ABORTABLE:
                self._transport.send(_t.Data(encode_ab(
                    transport_disconnect=TD_RELEASED | TD_PROTOCOL_ERROR)))
        except LocalProtocolError:
            pass        # transport already gone: nothing can be sent
        if self._transport.state not in (_t.State.CLOSED, _t.State.ERROR):
            self._transport.send(_t.DisconnectRequest())

    # -- receive handlers: each returns the next state -----------------------

    def _on_cn(self, spdu: SPDU) -> SessionState:
        params = spdu.params
        if PI_DATA_OVERFLOW in params:
            raise SessionProtocolError("CN with Data Overflow is not supported")
        ud = params.get(PGI_USER_DATA)
        xud = params.get(PGI_EXTENDED_USER_DATA)
        if ud is not None and xud is not None:
            raise MalformedSPDU("CN carries both User Data and Extended User Data",
                                spdu.offset)
        if ud is not None and len(ud) > MAX_CN_USER_DATA:
            raise MalformedSPDU("CN User Data of %d octets exceeds %d"
                                % (len(ud), MAX_CN_USER_DATA), spdu.offset)
        if xud is not None and not MAX_CN_USER_DATA < len(xud) <= MAX_CN_EXTENDED_USER_DATA:
            raise MalformedSPDU("CN Extended User Data of %d octets outside %d..%d"
                                % (len(xud), MAX_CN_USER_DATA + 1,
                                   MAX_CN_EXTENDED_USER_DATA), spdu.offset)
        version = params[PI_VERSION][0] if PI_VERSION in params else VERSION_1
        raw_req = params.get(PI_USER_REQUIREMENTS)
        requirements = int.from_bytes(raw_req, "big") if raw_req is not None else FU_DEFAULT
        tsdu_max = params.get(PI_TSDU_MAX_SIZE)
        del tsdu_max    # not answered in AC: no segmenting in either direction
        if not version & VERSION_2:
            return self._auto_refuse(RF_VERSION_NOT_SUPPORTED, VERSION_2,
                                     "no common session version (offered 0x%02x)"
                                     % version)
        if not requirements & FU_DUPLEX:
            return self._auto_refuse(RF_IMPLEMENTATION_RESTRICTION, None,
                                     "duplex functional unit not proposed "
                                     "(requirements 0x%04x)" % requirements)
        tind = self._t_indication
        assert tind is not None
        self._version = VERSION_2
        self._requirements = FU_DUPLEX
        self._cn_called_ssel = params.get(PI_CALLED_SSEL, b"")
        self._events.append(SConnectIndication(
            user_data=spdu.user_data(),
            calling_ssel=params.get(PI_CALLING_SSEL, b""),
            called_ssel=self._cn_called_ssel,
            calling_tsel=tind.calling_tsel, called_tsel=tind.called_tsel,
            version=version, requirements=requirements,
            tpdu_size=self._transport.tpdu_size or _t.MAX_TPDU_SIZE))
        return SessionState.WAIT_CONNECT_RESPONSE

    def _auto_refuse(self, reason: int, version: Optional[int],
                     detail: str) -> SessionState:
        self._transport.send(_t.Data(encode_rf(reason, version=version)))
        self._transport.send(_t.DisconnectRequest())
        self._events.append(SRefuse(reason=reason))
        return SessionState.CLOSED

    def _on_ac(self, spdu: SPDU) -> SessionState:
        params = spdu.params
        version = params[PI_VERSION][0] if PI_VERSION in params else VERSION_1
        if not version & VERSION_2:
            raise SessionProtocolError("AC selects version 0x%02x, only version 2 "
                                       "was proposed" % version)
        raw_req = params.get(PI_USER_REQUIREMENTS)
        # An AC without PI 20 is read as accepting what the CN proposed
        # (duplex); a present PI 20 must be a subset that keeps duplex.
        requirements = int.from_bytes(raw_req, "big") if raw_req is not None else FU_DUPLEX
        if requirements & ~FU_DUPLEX or not requirements & FU_DUPLEX:
            raise SessionProtocolError("AC functional units 0x%04x, only duplex "
                                       "(0x0002) was proposed" % requirements)
        tsdu_max = params.get(PI_TSDU_MAX_SIZE)
        if tsdu_max is not None and tsdu_max != b"\x00\x00\x00\x00":
            raise SessionProtocolError("AC imposes a TSDU maximum size, but "
                                       "segmenting was not proposed")
        self._version = VERSION_2
        self._requirements = requirements
        self._events.append(SConnectConfirm(
            user_data=spdu.user_data(),
            responding_ssel=params.get(PI_CALLED_SSEL, b""),
            version=VERSION_2, requirements=requirements,
            tpdu_size=self._transport.tpdu_size or _t.MAX_TPDU_SIZE))
        return SessionState.OPEN

    def _on_rf(self, spdu: SPDU) -> SessionState:
        reason_pi = spdu.params.get(PI_REASON)
        if not reason_pi:
            raise MalformedSPDU("RF without a Reason Code", spdu.offset)
        self._events.append(SRefuse(reason=reason_pi[0], user_data=reason_pi[1:]))
        self._transport.send(_t.DisconnectRequest())
        return SessionState.CLOSED

    def _on_dt(self, spdu: SPDU) -> SessionState:
        self._events.append(SData(spdu.user_information))
        return self._state

    def _on_gt(self, spdu: SPDU) -> SessionState:
        # A lone GIVE TOKENS carries no data; without token functional
        # units there is nothing to give, so it changes nothing.
        return self._state

    def _on_fn(self, spdu: SPDU) -> SessionState:
        td = spdu.params.get(PI_TRANSPORT_DISCONNECT, b"\x00")[0]
        self._events.append(SReleaseIndication(spdu.user_data(), td))
        if self._state is SessionState.WAIT_DN:
            return SessionState.COLLISION
        return SessionState.WAIT_RELEASE_RESPONSE

    def _on_dn(self, spdu: SPDU) -> SessionState:
        self._events.append(SReleaseConfirm(spdu.user_data()))
        if self._state is SessionState.COLLISION:
            return SessionState.WAIT_RELEASE_RESPONSE
        self._transport.send(_t.DisconnectRequest())
        return SessionState.CLOSED

    def _on_ab(self, spdu: SPDU) -> SessionState:
        raw = spdu.params.get(PI_TRANSPORT_DISCONNECT)
        td = raw[0] if raw is not None else None
        user_abort = td is not None and bool(td & TD_USER_ABORT)
        if td is not None and not td & TD_RELEASED:
            # The aborter wants to keep the transport: that needs AA.  We
            # never reuse a transport connection, so it is closed after.
            self._transport.send(_t.Data(encode_aa()))
        self._transport.send(_t.DisconnectRequest())
        self._events.append(SAbort(
            user_data=spdu.user_data(), provider=not user_abort,
            transport_disconnect=td,
            detail="peer aborted the session (AB, transport disconnect %s)"
            % ("absent" if td is None else "0x%02x" % td)))
        return SessionState.CLOSED

    def _on_t_disconnect(self, tev: _t.Disconnect) -> SessionState:
        self._events.append(SAbort(provider=True, transport_reason=tev.reason,
                                   detail="transport connection ended: " + tev.detail))
        return SessionState.CLOSED

    # -- send handlers --------------------------------------------------------

    def _send_connect(self, event: SConnectRequest) -> None:
        cn = encode_cn(event.user_data, calling_ssel=event.calling_ssel,
                       called_ssel=event.called_ssel)
        self._transport.send(_t.ConnectRequest(called_tsel=event.called_tsel,
                                               calling_tsel=event.calling_tsel,
                                               tpdu_size=self._tpdu_size))
        self._pending_cn = cn

    def _send_ac(self, event: SConnectResponse) -> None:
        ssel = (event.responding_ssel if event.responding_ssel is not None
                else self._cn_called_ssel)
        ac = encode_ac(event.user_data, responding_ssel=ssel)
        self._transport.send(_t.Data(ac))

    def _send_rf(self, event: SRefuse) -> None:
        rf = encode_rf(event.reason, event.user_data)
        self._transport.send(_t.Data(rf))
        self._transport.send(_t.DisconnectRequest())

    def _send_data(self, event: SData) -> None:
        self._transport.send(_t.Data(_GT_DT + event.user_data))

    def _send_fn(self, event: SReleaseRequest) -> None:
        self._transport.send(_t.Data(encode_fn(event.user_data)))

    def _send_dn(self, event: SReleaseResponse) -> None:
        self._transport.send(_t.Data(encode_dn(event.user_data)))
        if self._state is SessionState.WAIT_RELEASE_RESPONSE:
            # The peer (release initiator) disconnects the transport; our
            # transport machine is done once the DN is queued.
            self._transport.send(_t.DisconnectRequest())

    def _send_ab(self, event: SAbort) -> None:
        ab = encode_ab(event.user_data)
        self._transport.send(_t.Data(ab))
        self._transport.send(_t.DisconnectRequest())

    def _drop_transport(self, event: SAbort) -> None:
        if self._transport.state not in (_t.State.CLOSED, _t.State.ERROR):
            self._transport.send(_t.DisconnectRequest())
