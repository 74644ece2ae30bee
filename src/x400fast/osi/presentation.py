"""X.226 presentation protocol (kernel, normal mode) as a sans-I/O machine.

Theory of operation
===================

:class:`PresentationConnection` owns a
:class:`~x400fast.osi.session.SessionConnection` (which owns the transport
machine), so its user sees raw TCP bytes on one side and presentation
events on the other.  It is driven exactly like the layers below::

    conn.receive_data(sock.recv(65536))    # b"" when the peer closed
    while True:
        event = conn.next_event()          # raises on protocol errors
        if event is NEED_DATA:
            break
        ...
    sock.sendall(conn.data_to_send())      # after every send()/next_event()

What this layer adds to the session connection is the *defined context
set*: the initiator proposes presentation contexts (an identifier, an
abstract syntax, the transfer syntaxes it offers) in the CP-type PPDU; the
responder answers, position by position, in the CPA-PPDU's result list;
every later user-data value names the context whose abstract syntax it
belongs to.  Only BER (2.1.1) is offered and accepted as transfer syntax.

PPDUs and the session service that carries them:

===========================  ====================  ===========================
PPDU                         session service       event here
===========================  ====================  ===========================
CP-type                      S-CONNECT request     PConnectRequest/Indication
CPA-PPDU                     S-CONNECT accept      PConnectResponse/Confirm
CPR-PPDU                     S-CONNECT refuse      PConnectReject/Rejected
User-data (no wrapper)       S-DATA                PData
User-data (no wrapper)       S-RELEASE             PRelease*
ARU-PPDU / ARP-PPDU          S-U-ABORT             PAbortRequest / PAbort
===========================  ====================  ===========================

Rules enforced on what the peer sends
=====================================

* CP-type (responder): normal mode only; normal-mode parameters and a
  context definition list must be present; context identifiers odd (the
  initiator's half of the number space), distinct and positive; at most
  ``max_contexts`` contexts; protocol version 1 offered; user data
  decodable and only on proposed contexts.  A malformed CP is refused
  with a CPR (provider-reason reason-not-specified or
  user-data-not-readable) and :class:`~x400fast.errors.MalformedPPDU` is
  raised; a well-formed CP the machine cannot serve (X.410 mode, too many
  contexts, another protocol version) is refused with a CPR and reported
  as a :class:`PConnectRejected` event with ``local`` true.
* Context negotiation (responder): a context is accepted when BER is among
  its transfer syntaxes and its abstract syntax is supported (the
  ``abstract_syntaxes`` argument; ``None`` accepts any), otherwise it is
  provider-rejected with reason abstract-syntax-not-supported or
  proposed-transfer-syntaxes-not-supported.
* CPA-PPDU (initiator): normal mode; the result list must answer every
  proposed context in order; an accepted context must name BER (or no
  transfer syntax); user data only on accepted contexts.
* CPR-PPDU (initiator, inside a session refusal with reason 2): decoded
  and reported as :class:`PConnectRejected`.
* User-data of P-DATA and P-RELEASE: fully encoded only (simply encoded
  data is for connections without contexts), every PDV-list on an
  accepted context of the defined context set, transfer syntax BER when
  named.  Anything else is answered with an ARP-PPDU (provider abort) and
  :class:`~x400fast.errors.PresentationProtocolError` is raised.

After a raise the machine is in ``ERROR``; the caller writes
``data_to_send()`` (the CPR or the session abort carrying the ARP) and
closes the socket.
"""
from __future__ import annotations

import enum
from collections import deque
from dataclasses import dataclass
from typing import (Any, Collection, Deque, Dict, FrozenSet, List, NoReturn, Optional,
                    Sequence, Tuple, Union)

from .. import ber
from ..asn1 import presentation as _pres
from ..errors import (AssociationAborted, DecodeError, EncodeError, LocalProtocolError, MalformedPPDU,
                      PresentationProtocolError, ProtocolError)
from . import session as _s
from .session import NEED_DATA, NeedData, Role

__all__ = [
    "Role",
    "PresentationState",
    "NEED_DATA",
    "PresentationConnection",
    "PresentationContext",
    "ContextResult",
    "PDV",
    "PConnectRequest",
    "PConnectIndication",
    "PConnectResponse",
    "PConnectReject",
    "PConnectConfirm",
    "PConnectRejected",
    "PData",
    "PReleaseRequest",
    "PReleaseIndication",
    "PReleaseResponse",
    "PReleaseConfirm",
    "PAbortRequest",
    "PAbort",
    "PresentationEvent",
    "encode_user_data",
    "decode_user_data",
    "encode_cp",
    "encode_cpa",
    "encode_cpr",
    "encode_aru",
    "encode_arp",
    "BER",
    "ACSE_AS",
    "DEFAULT_MAX_CONTEXTS",
    "SEND_TRANSITIONS",
    "RECEIVE_TRANSITIONS",
]

BER = _pres.BER
ACSE_AS = _pres.ACSE_AS

#: Default cap on the number of contexts in one CP-type.  X.226 (1988)
#: allowed 7 in its SIZE constraint (later relaxed); P3/P7 need 5.
DEFAULT_MAX_CONTEXTS = 32

SINGLE_ASN1_TYPE = "single-ASN1-type"
OCTET_ALIGNED = "octet-aligned"
ARBITRARY = "arbitrary"
_ENCODINGS = {SINGLE_ASN1_TYPE: "single_asn1_type", OCTET_ALIGNED: "octet_aligned",
              ARBITRARY: "arbitrary"}
_FROM_CHOICE = {v: k for k, v in _ENCODINGS.items()}

# Abort reasons and event identifiers used in ARP-PPDUs.
_AR_NOT_SPECIFIED = 0
_AR_UNRECOGNIZED_PPDU = 1
_AR_UNEXPECTED_PPDU = 2
_AR_INVALID_VALUE = 6
_EV_CPA = 1
_EV_TD = 7
_EV_RELEASE_IND = 14
_EV_RELEASE_CNF = 15

# Provider reasons of a CPR-PPDU.
_PR_NOT_SPECIFIED = 0
_PR_LOCAL_LIMIT = 2
_PR_VERSION = 4
_PR_USER_DATA = 6

# Per-context provider reasons.
_CR_AS_NOT_SUPPORTED = 1
_CR_TS_NOT_SUPPORTED = 2


# ---------------------------------------------------------------------------
# States


class PresentationState(enum.Enum):
    """States of :class:`PresentationConnection`.

    IDLE
        Nothing yet (a responder waits for the CP-type here).
    WAIT_CPA
        Initiator: CP-type sent inside the session connect.
    WAIT_CONNECT_RESPONSE
        Responder: CP-type indicated; the user answers with
        :class:`PConnectResponse` or :class:`PConnectReject`.
    OPEN
        Data transfer.
    WAIT_RELEASE_CONFIRM
        P-RELEASE requested; waiting for the peer's response.
    WAIT_RELEASE_RESPONSE
        P-RELEASE indicated; the user answers with
        :class:`PReleaseResponse`.
    COLLISION
        Both sides asked for release: the user owes a response and waits
        for one.
    CLOSED
        Over; write ``data_to_send()`` and close the socket.
    ERROR
        A protocol error ended the connection.
    """

    # Members are singletons compared by identity: hashing by identity keeps
    # the per-PDU transition-table lookups off Enum's Python-level __hash__.
    __hash__ = object.__hash__

    IDLE = "IDLE"
    WAIT_CPA = "WAIT_CPA"
    WAIT_CONNECT_RESPONSE = "WAIT_CONNECT_RESPONSE"
    OPEN = "OPEN"
    WAIT_RELEASE_CONFIRM = "WAIT_RELEASE_CONFIRM"
    WAIT_RELEASE_RESPONSE = "WAIT_RELEASE_RESPONSE"
    COLLISION = "COLLISION"
    CLOSED = "CLOSED"
    ERROR = "ERROR"


# ---------------------------------------------------------------------------
# Values


def _bytes_field(obj: object, name: str) -> None:
    value = getattr(obj, name)
    if isinstance(value, (bytearray, memoryview)):
        object.__setattr__(obj, name, bytes(value))
    elif not isinstance(value, bytes):
        raise TypeError("%s.%s must be bytes, not %s"
                        % (type(obj).__name__, name, type(value).__name__))


def _tuple_field(obj: object, name: str, kind: type) -> None:
    value = tuple(getattr(obj, name))
    for item in value:
        if not isinstance(item, kind):
            raise TypeError("%s.%s must hold %s values, not %s"
                            % (type(obj).__name__, name, kind.__name__,
                               type(item).__name__))
    object.__setattr__(obj, name, value)


def _context_id(value: object, what: str) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value < 1:
        raise ValueError("%s must be a positive int, not %r" % (what, value))
    return value


@dataclass(frozen=True)
class PresentationContext:
    """A proposed presentation context.

    :ivar identifier: the presentation-context-identifier; odd when the
        initiator proposes it (X.226 gives the responder the even ones).
    :ivar abstract_syntax: the abstract syntax OID, dotted.
    :ivar transfer_syntaxes: transfer syntax OIDs offered (BER by default).
    """

    identifier: int
    abstract_syntax: str
    transfer_syntaxes: Tuple[str, ...] = (BER,)

    def __post_init__(self) -> None:
        _context_id(self.identifier, "identifier")
        if not isinstance(self.abstract_syntax, str):
            raise TypeError("abstract_syntax must be a dotted OID string")
        object.__setattr__(self, "transfer_syntaxes", tuple(self.transfer_syntaxes))
        if not self.transfer_syntaxes:
            raise ValueError("at least one transfer syntax must be offered")


@dataclass(frozen=True)
class ContextResult:
    """The outcome of negotiating one proposed context.

    :ivar result: 0 acceptance, 1 user-rejection, 2 provider-rejection.
    :ivar transfer_syntax: the transfer syntax agreed (accepted contexts).
    :ivar provider_reason: why the provider rejected it (1 abstract syntax
        not supported, 2 transfer syntaxes not supported, ...).
    """

    identifier: int
    abstract_syntax: str
    result: int
    transfer_syntax: Optional[str] = None
    provider_reason: Optional[int] = None

    @property
    def accepted(self) -> bool:
        return self.result == _pres.RESULT_ACCEPTANCE


@dataclass(frozen=True)
class PDV:
    """One presentation data value: the user data of one context.

    :ivar context_id: the presentation context it belongs to.
    :ivar value: with ``single-ASN1-type`` (what every sender uses) the
        complete BER encoding of one value of the context's abstract
        syntax; with ``octet-aligned`` the octets; with ``arbitrary`` the
        bits, packed (``bit_length`` of them).
    :ivar encoding: ``"single-ASN1-type"``, ``"octet-aligned"`` or
        ``"arbitrary"``.
    """

    context_id: int
    value: bytes
    encoding: str = SINGLE_ASN1_TYPE
    bit_length: Optional[int] = None

    def __post_init__(self) -> None:
        _context_id(self.context_id, "context_id")
        _bytes_field(self, "value")
        if self.encoding not in _ENCODINGS:
            raise ValueError("encoding must be one of %s" % ", ".join(_ENCODINGS))
        if self.encoding == ARBITRARY:
            if self.bit_length is None:
                object.__setattr__(self, "bit_length", 8 * len(self.value))
            elif not 0 <= self.bit_length <= 8 * len(self.value) < self.bit_length + 8:
                raise ValueError("bit_length does not fit the value's octets")


# ---------------------------------------------------------------------------
# Events


@dataclass(frozen=True)
class PConnectRequest:
    """Initiator: open the presentation connection (sends the CP-type).

    :ivar contexts: the contexts to propose, with odd identifiers.
    :ivar user_data: PDVs on proposed contexts (the AARQ).
    """

    contexts: Tuple[PresentationContext, ...]
    user_data: Tuple[PDV, ...] = ()
    called_psel: bytes = b""
    calling_psel: bytes = b""
    called_ssel: bytes = b""
    calling_ssel: bytes = b""
    called_tsel: bytes = b""
    calling_tsel: bytes = b""

    def __post_init__(self) -> None:
        _tuple_field(self, "contexts", PresentationContext)
        _tuple_field(self, "user_data", PDV)
        for name in ("called_psel", "calling_psel", "called_ssel", "calling_ssel",
                     "called_tsel", "calling_tsel"):
            _bytes_field(self, name)
        if not self.contexts:
            raise ValueError("at least one presentation context must be proposed")


@dataclass(frozen=True)
class PConnectIndication:
    """Responder: a CP-type arrived.

    :ivar contexts: what the machine will answer for each proposed
        context, in the order proposed.
    :ivar user_data: the CP's PDVs.
    """

    contexts: Tuple[ContextResult, ...]
    user_data: Tuple[PDV, ...]
    calling_psel: bytes = b""
    called_psel: bytes = b""
    calling_ssel: bytes = b""
    called_ssel: bytes = b""
    calling_tsel: bytes = b""
    called_tsel: bytes = b""


@dataclass(frozen=True)
class PConnectResponse:
    """Responder: accept the connection (sends the CPA-PPDU in an AC).

    :ivar user_data: PDVs on accepted contexts (the AARE).
    :ivar responding_psel: sent when not empty.
    :ivar responding_ssel: ``None`` echoes the called SSEL.
    """

    user_data: Tuple[PDV, ...] = ()
    responding_psel: bytes = b""
    responding_ssel: Optional[bytes] = None

    def __post_init__(self) -> None:
        _tuple_field(self, "user_data", PDV)
        _bytes_field(self, "responding_psel")


@dataclass(frozen=True)
class PConnectReject:
    """Responder: refuse the connection (sends a CPR-PPDU in an RF).

    A user rejection carries the user's reply (an AARE saying why) as
    ``user_data``.  ``provider_reason`` makes it a provider rejection, for
    a user data that could not be read, and then no user data is sent.
    """

    user_data: Tuple[PDV, ...] = ()
    provider_reason: Optional[int] = None

    def __post_init__(self) -> None:
        _tuple_field(self, "user_data", PDV)


@dataclass(frozen=True)
class PConnectConfirm:
    """Initiator: the CPA-PPDU arrived; the connection is open.

    :ivar contexts: the result for every proposed context, in order.
    """

    contexts: Tuple[ContextResult, ...]
    user_data: Tuple[PDV, ...]
    responding_psel: bytes = b""


@dataclass(frozen=True)
class PConnectRejected:
    """The connection was refused.

    Initiator: a CPR-PPDU arrived (``session_reason`` 2), or the session
    or transport connection was refused below presentation.  Responder:
    the machine refused a CP-type it cannot serve (``local`` true).

    :ivar provider_reason: the CPR's provider-reason (a provider
        rejection), ``None`` for a user rejection.
    :ivar contexts: the CPR's result list, when it carried one.
    :ivar user_data: the CPR's PDVs (the AARE saying why).
    :ivar session_reason: the session refusal reason code.
    """

    user_data: Tuple[PDV, ...] = ()
    contexts: Tuple[ContextResult, ...] = ()
    provider_reason: Optional[int] = None
    session_reason: Optional[int] = None
    local: bool = False
    detail: str = ""


@dataclass(frozen=True)
class PData:
    """P-DATA, both directions: PDVs on contexts of the defined set."""

    user_data: Tuple[PDV, ...]

    def __post_init__(self) -> None:
        _tuple_field(self, "user_data", PDV)
        if not self.user_data:
            raise ValueError("P-DATA needs at least one PDV")

    @classmethod
    def single(cls, context_id: int, value: bytes) -> "PData":
        """One single-ASN1-type value on one context (a ROS APDU)."""
        return cls((PDV(context_id, value),))


@dataclass(frozen=True)
class PReleaseRequest:
    """User: orderly release (the RLRQ as user data)."""

    user_data: Tuple[PDV, ...] = ()

    def __post_init__(self) -> None:
        _tuple_field(self, "user_data", PDV)


@dataclass(frozen=True)
class PReleaseIndication:
    """The peer asked for release; answer with :class:`PReleaseResponse`."""

    user_data: Tuple[PDV, ...] = ()


@dataclass(frozen=True)
class PReleaseResponse:
    """User: accept the release (the RLRE as user data)."""

    user_data: Tuple[PDV, ...] = ()

    def __post_init__(self) -> None:
        _tuple_field(self, "user_data", PDV)


@dataclass(frozen=True)
class PReleaseConfirm:
    """The release is complete; close the transport."""

    user_data: Tuple[PDV, ...] = ()


@dataclass(frozen=True)
class PAbortRequest:
    """User: abort (sends an ARU-PPDU carrying ``user_data``, the ABRT)."""

    user_data: Tuple[PDV, ...] = ()

    def __post_init__(self) -> None:
        _tuple_field(self, "user_data", PDV)


@dataclass(frozen=True)
class PAbort:
    """The connection was aborted.

    :ivar provider: false for a user abort (ARU-PPDU, whose PDVs are in
        ``user_data``); true for a presentation provider abort (ARP-PPDU:
        ``abort_reason`` and ``event_identifier``) or a session/transport
        failure.
    """

    user_data: Tuple[PDV, ...] = ()
    provider: bool = True
    abort_reason: Optional[int] = None
    event_identifier: Optional[int] = None
    detail: str = ""

    def as_error(self) -> AssociationAborted:
        """The exception a blocking caller would raise for this event."""
        return AssociationAborted(self.detail or "presentation connection aborted",
                                  self.provider, None, self.abort_reason)


PresentationEvent = Union[PConnectRequest, PConnectIndication, PConnectResponse,
                          PConnectReject, PConnectConfirm, PConnectRejected, PData,
                          PReleaseRequest, PReleaseIndication, PReleaseResponse,
                          PReleaseConfirm, PAbortRequest, PAbort]


# ---------------------------------------------------------------------------
# Encoding and decoding of PPDUs


def _length(n: int) -> bytes:
    if n < 0x80:
        return bytes((n,))
    b = n.to_bytes((n.bit_length() + 7) // 8, "big")
    return bytes((0x80 | len(b),)) + b


def _pdv_value(pdv: PDV) -> dict:
    if pdv.encoding == SINGLE_ASN1_TYPE:
        data: object = pdv.value
    elif pdv.encoding == OCTET_ALIGNED:
        data = pdv.value
    else:
        data = (pdv.value, pdv.bit_length)
    return {"presentation_context_identifier": pdv.context_id,
            "presentation_data_values": (_ENCODINGS[pdv.encoding], data)}


def _user_data_value(pdvs: Sequence[PDV]) -> Tuple[str, list]:
    return ("fully_encoded_data", [_pdv_value(p) for p in pdvs])


def encode_user_data(pdvs: Sequence[PDV]) -> bytes:
    """The fully-encoded ``User-data`` (``61 ...``) carrying ``pdvs``.

    This is the whole of a P-DATA, P-RELEASE or the user data of a
    connect PPDU.  The common case -- one single-ASN1-type value on a
    context numbered below 128 -- is built directly; the value must then
    be one complete BER TLV, which is checked by the codec in the general
    case only (the caller produced it with the codec).
    """
    if len(pdvs) == 1:
        pdv = pdvs[0]
        if pdv.encoding == SINGLE_ASN1_TYPE and pdv.context_id < 128 and pdv.value:
            value = pdv.value
            inner = b"\xa0" + _length(len(value))
            pdv_len = 3 + len(inner) + len(value)
            seq = b"\x30" + _length(pdv_len)
            total = len(seq) + pdv_len
            return b"".join((b"\x61", _length(total), seq, b"\x02\x01",
                             bytes((pdv.context_id,)), inner, value))
    return ber.encode(_pres.UserData, _user_data_value(pdvs))


def _pdvs_from(value: Tuple[str, Any], offset_base: int = 0) -> Tuple[PDV, ...]:
    kind, items = value
    if kind != "fully_encoded_data":
        raise MalformedPPDU("simply-encoded data where contexts are defined",
                            offset_base, _AR_INVALID_VALUE)
    out = []
    for item in items:
        pcid = item["presentation_context_identifier"]
        if pcid < 1:
            raise MalformedPPDU("presentation context identifier %d is not positive"
                                % pcid, offset_base, _AR_INVALID_VALUE)
        ts = item.get("transfer_syntax_name")
        if ts is not None and ts != BER:
            raise MalformedPPDU("PDV in transfer syntax %s, only BER (%s) is in use"
                                % (ts, BER), offset_base, _AR_INVALID_VALUE)
        alt, data = item["presentation_data_values"]
        if alt == "arbitrary":
            bits, nbits = data
            out.append(PDV(pcid, bits, ARBITRARY, nbits))
        else:
            out.append(PDV(pcid, data, _FROM_CHOICE[alt]))
    return tuple(out)


def decode_user_data(data: bytes) -> Tuple[PDV, ...]:
    """The PDVs of a fully-encoded ``User-data``; ``b""`` gives ``()``.

    :raises MalformedPPDU: the bytes are not one fully-encoded User-data.
    """
    if not data:
        return ()
    try:
        value = ber.decode(_pres.UserData, data)
    except DecodeError as exc:
        raise MalformedPPDU("user data does not decode: %s" % exc, exc.offset,
                            _AR_UNRECOGNIZED_PPDU) from exc
    return _pdvs_from(value)


def _oid_check(oid: str, what: str) -> None:
    # Encode once to validate; keeps a bad OID from reaching the codec
    # deep inside a PPDU where its error would be less clear.
    try:
        ber.encode(_pres.PRESENTATION["Abstract-syntax-name"], oid)
    except EncodeError as exc:
        raise ValueError("%s %r is not a valid OID: %s" % (what, oid, exc)) from None


def encode_cp(contexts: Sequence[PresentationContext], user_data: Sequence[PDV] = (),
              *, calling_psel: bytes = b"", called_psel: bytes = b"") -> bytes:
    """Build a normal-mode CP-type PPDU (the user data of a session CN)."""
    nmp: Dict[str, object] = {}
    if calling_psel:
        nmp["calling_presentation_selector"] = bytes(calling_psel)
    if called_psel:
        nmp["called_presentation_selector"] = bytes(called_psel)
    nmp["presentation_context_definition_list"] = [
        {"presentation_context_identifier": c.identifier,
         "abstract_syntax_name": c.abstract_syntax,
         "transfer_syntax_name_list": list(c.transfer_syntaxes)} for c in contexts]
    if user_data:
        nmp["user_data"] = _user_data_value(user_data)
    return ber.encode(_pres.CPType, {"mode_selector": {"mode_value": _pres.MODE_NORMAL},
                                     "normal_mode_parameters": nmp})


def _result_list(results: Sequence[ContextResult]) -> list:
    out = []
    for r in results:
        item: Dict[str, object] = {"result": r.result}
        if r.transfer_syntax is not None:
            item["transfer_syntax_name"] = r.transfer_syntax
        if r.provider_reason is not None:
            item["provider_reason"] = r.provider_reason
        out.append(item)
    return out


def encode_cpa(results: Sequence[ContextResult], user_data: Sequence[PDV] = (),
               *, responding_psel: bytes = b"") -> bytes:
    """Build a normal-mode CPA-PPDU (the user data of a session AC)."""
    nmp: Dict[str, object] = {}
    if responding_psel:
        nmp["responding_presentation_selector"] = bytes(responding_psel)
    nmp["presentation_context_definition_result_list"] = _result_list(results)
    if user_data:
        nmp["user_data"] = _user_data_value(user_data)
    return ber.encode(_pres.CPAPPDU, {"mode_selector": {"mode_value": _pres.MODE_NORMAL},
                                      "normal_mode_parameters": nmp})


def encode_cpr(results: Sequence[ContextResult] = (), user_data: Sequence[PDV] = (),
               *, provider_reason: Optional[int] = None,
               responding_psel: bytes = b"") -> bytes:
    """Build a normal-mode CPR-PPDU (after reason 2 in a session RF)."""
    nmp: Dict[str, object] = {}
    if responding_psel:
        nmp["responding_presentation_selector"] = bytes(responding_psel)
    if results:
        nmp["presentation_context_definition_result_list"] = _result_list(results)
    if provider_reason is not None:
        nmp["provider_reason"] = provider_reason
    if user_data:
        nmp["user_data"] = _user_data_value(user_data)
    return ber.encode(_pres.CPRPPDU, ("normal_mode_parameters", nmp))


def encode_aru(user_data: Sequence[PDV] = (),
               context_list: Sequence[Tuple[int, str]] = ()) -> bytes:
    """Build a normal-mode ARU-PPDU (user abort; ``A0 ...``).

    :param context_list: ``(identifier, transfer syntax)`` pairs, sent
        when the abort may reach a peer that does not yet know the defined
        context set (before the CPA).
    """
    nmp: Dict[str, object] = {}
    if context_list:
        nmp["presentation_context_identifier_list"] = [
            {"presentation_context_identifier": i, "transfer_syntax_name": t}
            for i, t in context_list]
    if user_data:
        nmp["user_data"] = _user_data_value(user_data)
    return ber.encode(_pres.ARUPPDU, ("normal_mode_parameters", nmp))


def encode_arp(abort_reason: Optional[int] = None,
               event_identifier: Optional[int] = None) -> bytes:
    """Build an ARP-PPDU (presentation provider abort; ``30 ...``)."""
    v: Dict[str, object] = {}
    if abort_reason is not None:
        v["provider_reason"] = abort_reason
    if event_identifier is not None:
        v["event_identifier"] = event_identifier
    return ber.encode(_pres.ARPPPDU, v)


def _decode(t, data: bytes, what: str, reason: int = _AR_UNRECOGNIZED_PPDU):
    try:
        return ber.decode(t, data)
    except DecodeError as exc:
        raise MalformedPPDU("%s does not decode: %s" % (what, exc), exc.offset,
                            reason) from exc


def _results_from(items: list, proposed: Sequence[PresentationContext],
                  what: str) -> Tuple[ContextResult, ...]:
    if len(items) != len(proposed):
        raise MalformedPPDU("%s answers %d contexts, %d were proposed"
                            % (what, len(items), len(proposed)), None,
                            _AR_INVALID_VALUE)
    out = []
    for item, ctx in zip(items, proposed):
        result = item["result"]
        ts = item.get("transfer_syntax_name")
        if result == _pres.RESULT_ACCEPTANCE:
            if ts is None:
                ts = ctx.transfer_syntaxes[0]
            elif ts not in ctx.transfer_syntaxes:
                raise MalformedPPDU("context %d accepted with transfer syntax %s, "
                                    "which was not offered" % (ctx.identifier, ts),
                                    None, _AR_INVALID_VALUE)
        elif result not in (_pres.RESULT_USER_REJECTION,
                            _pres.RESULT_PROVIDER_REJECTION):
            raise MalformedPPDU("context %d has result %d" % (ctx.identifier, result),
                                None, _AR_INVALID_VALUE)
        out.append(ContextResult(ctx.identifier, ctx.abstract_syntax, result, ts,
                                 item.get("provider_reason")))
    return tuple(out)


# ---------------------------------------------------------------------------
# Transition tables

_S = PresentationState
_LIVE = (_S.WAIT_CPA, _S.WAIT_CONNECT_RESPONSE, _S.OPEN, _S.WAIT_RELEASE_CONFIRM,
         _S.WAIT_RELEASE_RESPONSE, _S.COLLISION)

# (state, user event type) -> (handler name, next state)
SEND_TRANSITIONS: Dict[Tuple[PresentationState, type], Tuple[str, PresentationState]] = {
    (_S.IDLE, PConnectRequest): ("_send_cp", _S.WAIT_CPA),
    (_S.WAIT_CONNECT_RESPONSE, PConnectResponse): ("_send_cpa", _S.OPEN),
    (_S.WAIT_CONNECT_RESPONSE, PConnectReject): ("_send_cpr", _S.CLOSED),
    (_S.OPEN, PData): ("_send_data", _S.OPEN),
    (_S.WAIT_RELEASE_RESPONSE, PData): ("_send_data", _S.WAIT_RELEASE_RESPONSE),
    (_S.OPEN, PReleaseRequest): ("_send_release", _S.WAIT_RELEASE_CONFIRM),
    (_S.WAIT_RELEASE_RESPONSE, PReleaseResponse): ("_send_release_response", _S.CLOSED),
    (_S.COLLISION, PReleaseResponse): ("_send_release_response",
                                       _S.WAIT_RELEASE_CONFIRM),
}
for _state in _LIVE:
    SEND_TRANSITIONS[(_state, PAbortRequest)] = ("_send_aru", _S.CLOSED)
SEND_TRANSITIONS[(_S.IDLE, PAbortRequest)] = ("_send_aru", _S.CLOSED)

# (state, session event type) -> (handler name, possible next states)
RECEIVE_TRANSITIONS: Dict[Tuple[PresentationState, type],
                          Tuple[str, FrozenSet[PresentationState]]] = {
    (_S.IDLE, _s.SConnectIndication): ("_on_cp", frozenset([
        _S.WAIT_CONNECT_RESPONSE, _S.CLOSED])),
    (_S.IDLE, _s.SRefuse): ("_on_local_session_refusal", frozenset([_S.CLOSED])),
    (_S.WAIT_CPA, _s.SConnectConfirm): ("_on_cpa", frozenset([_S.OPEN])),
    (_S.WAIT_CPA, _s.SRefuse): ("_on_cpr", frozenset([_S.CLOSED])),
    (_S.OPEN, _s.SData): ("_on_data", frozenset([_S.OPEN])),
    (_S.WAIT_RELEASE_CONFIRM, _s.SData): ("_on_data", frozenset([
        _S.WAIT_RELEASE_CONFIRM])),
    (_S.OPEN, _s.SReleaseIndication): ("_on_release", frozenset([
        _S.WAIT_RELEASE_RESPONSE])),
    (_S.WAIT_RELEASE_CONFIRM, _s.SReleaseIndication): ("_on_release", frozenset([
        _S.COLLISION])),
    (_S.WAIT_RELEASE_CONFIRM, _s.SReleaseConfirm): ("_on_release_confirm", frozenset([
        _S.CLOSED])),
    (_S.COLLISION, _s.SReleaseConfirm): ("_on_release_confirm", frozenset([
        _S.WAIT_RELEASE_RESPONSE])),
}
for _state in (_S.IDLE,) + _LIVE:
    RECEIVE_TRANSITIONS[(_state, _s.SAbort)] = ("_on_abort", frozenset([_S.CLOSED]))
del _state


# ---------------------------------------------------------------------------
# The machine


class PresentationConnection:
    """Sans-I/O X.226 endpoint over its own session machine.

    :param role: :attr:`Role.INITIATOR` or :attr:`Role.RESPONDER`.
    :param abstract_syntaxes: responder: the abstract syntaxes it accepts
        contexts for; ``None`` accepts any.
    :param max_contexts: responder: most contexts accepted in one CP-type.
    :param session: the session machine to drive; by default one is made
        with ``role`` and ``session_options`` (``tpdu_size``,
        ``called_tsels``, ``local_ref``, ``max_tsdu``...).
    """

    def __init__(self, role: Role, *, abstract_syntaxes: Optional[Collection[str]] = None,
                 max_contexts: int = DEFAULT_MAX_CONTEXTS,
                 session: Optional[_s.SessionConnection] = None,
                 **session_options: object) -> None:
        if not isinstance(role, Role):
            raise TypeError("role must be a Role")
        if not isinstance(max_contexts, int) or max_contexts < 1:
            raise ValueError("max_contexts must be a positive int")
        if session is None:
            session = _s.SessionConnection(role, **session_options)  # type: ignore[arg-type]
        elif session_options:
            raise TypeError("session options given together with a session")
        elif session.role is not role:
            raise ValueError("the session machine plays the other role")
        self._role = role
        self._session = session
        self._supported = (frozenset(abstract_syntaxes)
                           if abstract_syntaxes is not None else None)
        self._max_contexts = max_contexts
        self._state = PresentationState.IDLE
        self._events: Deque[PresentationEvent] = deque()
        self._proposed: Tuple[PresentationContext, ...] = ()
        self._results: Tuple[ContextResult, ...] = ()
        # Defined context set: identifier -> abstract syntax (accepted only).
        self._dcs: Dict[int, str] = {}

    # -- inspection ---------------------------------------------------------

    @property
    def role(self) -> Role:
        return self._role

    @property
    def state(self) -> PresentationState:
        return self._state

    @property
    def session(self) -> _s.SessionConnection:
        """The underlying session machine (read it; do not drive it)."""
        return self._session

    @property
    def defined_contexts(self) -> Dict[int, str]:
        """Accepted contexts: identifier -> abstract syntax OID."""
        return dict(self._dcs)

    @property
    def context_results(self) -> Tuple[ContextResult, ...]:
        """The negotiation outcome for every proposed context."""
        return self._results

    # -- user side ----------------------------------------------------------

    def send(self, event: PresentationEvent) -> None:
        """Act on a user request or response; bytes go to ``data_to_send()``.

        :raises LocalProtocolError: not allowed in this state, or the event
            is inconsistent with the connection (nothing is sent).
        """
        entry = SEND_TRANSITIONS.get((self._state, type(event)))
        if entry is None or (type(event) is PConnectRequest
                             and self._role is not Role.INITIATOR):
            raise LocalProtocolError("%s cannot send %s in presentation state %s"
                                     % (self._role.value, type(event).__name__,
                                        self._state.value))
        handler_name, next_state = entry
        try:
            getattr(self, handler_name)(event)
        except EncodeError as exc:
            raise LocalProtocolError("cannot encode %s: %s"
                                     % (type(event).__name__, exc)) from exc
        self._state = next_state

    def data_to_send(self) -> bytes:
        """Return (and forget) every byte queued for the peer."""
        return self._session.data_to_send()

    # -- network side -------------------------------------------------------

    def receive_data(self, data: bytes) -> None:
        """Buffer bytes from the socket; ``b""`` means the peer closed TCP."""
        self._session.receive_data(data)

    def next_event(self) -> Union[PresentationEvent, NeedData]:
        """Return the next presentation event, or :data:`NEED_DATA`.

        :raises PresentationProtocolError: (or :class:`MalformedPPDU`) the
            peer broke X.226; a CPR or an ARP has been queued for it.
        :raises ProtocolError: a lower layer failed (session, transport).
        :raises LocalProtocolError: called again after an error.
        """
        if self._events:
            return self._events.popleft()
        if self._state is PresentationState.ERROR:
            raise LocalProtocolError("presentation machine is in ERROR state")
        while True:
            try:
                sev = self._session.next_event()
            except ProtocolError:
                self._state = PresentationState.ERROR
                raise
            if sev is NEED_DATA:
                return NEED_DATA
            self._dispatch(sev)
            if self._events:
                return self._events.popleft()

    # -- dispatch -------------------------------------------------------------

    def _dispatch(self, sev: object) -> None:
        entry = RECEIVE_TRANSITIONS.get((self._state, type(sev)))
        if entry is None:
            if self._state is PresentationState.CLOSED:
                return          # after the end everything is discarded
            self._fail(PresentationProtocolError(
                "unexpected session event %s in presentation state %s"
                % (type(sev).__name__, self._state.value)), _AR_UNEXPECTED_PPDU, None)
        handler_name, allowed = entry  # type: ignore[misc]
        try:
            next_state = getattr(self, handler_name)(sev)
        except PresentationProtocolError as exc:
            self._fail(exc, exc.abort_reason, exc.event_identifier)
        assert next_state in allowed, (handler_name, next_state)
        self._state = next_state

    def _fail(self, exc: PresentationProtocolError, abort_reason: Optional[int],
              event_identifier: Optional[int]) -> NoReturn:
        """Enter ERROR after queueing an ARP where a connection exists, then raise.

        A CP-type that is refused got its CPR from the handler already.
        """
        self._state = PresentationState.ERROR
        if self._session.state in (_s.SessionState.OPEN, _s.SessionState.WAIT_DN,
                                   _s.SessionState.WAIT_RELEASE_RESPONSE,
                                   _s.SessionState.COLLISION,
                                   _s.SessionState.WAIT_CONNECT_RESPONSE,
                                   _s.SessionState.WAIT_AC):
            reason = abort_reason if abort_reason is not None else _AR_NOT_SPECIFIED
            exc.abort_reason = reason
            exc.event_identifier = event_identifier
            try:
                self._session.send(_s.SAbort(encode_arp(reason, event_identifier)))
            except LocalProtocolError:      # pragma: no cover - state checked above
                pass
        raise exc

    def _check_dcs(self, pdvs: Sequence[PDV], event_identifier: int) -> None:
        for pdv in pdvs:
            if pdv.context_id not in self._dcs:
                raise PresentationProtocolError(
                    "user data on presentation context %d, which is not in the "
                    "defined context set" % pdv.context_id, None, _AR_INVALID_VALUE,
                    event_identifier)

    # -- receive handlers: each returns the next state -------------------------

    def _refuse_cp(self, provider_reason: int, results: Sequence[ContextResult] = ()) -> None:
        cpr = encode_cpr(results, provider_reason=provider_reason)
        self._session.send(_s.SRefuse(_s.RF_REJECTED_BY_USER, cpr))

    def _on_cp(self, sev: _s.SConnectIndication) -> PresentationState:
        try:
            return self._parse_cp(sev)
        except MalformedPPDU as exc:
            # X.226: a CP-type that cannot be accepted is answered with a
            # CPR-PPDU (provider rejection), not an ARP.
            cause = exc.__cause__
            in_user_data = (isinstance(cause, DecodeError) and "user_data" in cause.path)
            reason = (_PR_USER_DATA if in_user_data or exc.reason.startswith("CP-type user data")
                      else _PR_NOT_SPECIFIED)
            self._refuse_cp(reason)
            self._state = PresentationState.ERROR
            raise

    def _parse_cp(self, sev: _s.SConnectIndication) -> PresentationState:
        if not sev.user_data:
            raise MalformedPPDU("session connect without a CP-type PPDU", 0,
                                _AR_UNRECOGNIZED_PPDU, 0)
        cp = _decode(_pres.CPType, sev.user_data, "CP-type")
        mode = cp["mode_selector"]["mode_value"]
        if mode != _pres.MODE_NORMAL:
            self._refuse_cp(_PR_NOT_SPECIFIED)
            self._events.append(PConnectRejected(
                provider_reason=_PR_NOT_SPECIFIED, local=True,
                detail="refused a CP-type in mode %d (only normal mode is "
                "supported)" % mode))
            return PresentationState.CLOSED
        nmp = cp.get("normal_mode_parameters")
        if nmp is None:
            raise MalformedPPDU("normal-mode CP-type without normal-mode parameters",
                                None, _AR_INVALID_VALUE, 0)
        if "version-1" not in nmp.get("protocol_version", frozenset({"version-1"})):
            self._refuse_cp(_PR_VERSION)
            self._events.append(PConnectRejected(
                provider_reason=_PR_VERSION, local=True,
                detail="CP-type does not offer presentation protocol version 1"))
            return PresentationState.CLOSED
        items = nmp.get("presentation_context_definition_list")
        if not items:
            raise MalformedPPDU("CP-type without a presentation context definition "
                                "list", None, _AR_INVALID_VALUE, 0)
        if len(items) > self._max_contexts:
            self._refuse_cp(_PR_LOCAL_LIMIT)
            self._events.append(PConnectRejected(
                provider_reason=_PR_LOCAL_LIMIT, local=True,
                detail="CP-type proposes %d presentation contexts, the limit is %d"
                % (len(items), self._max_contexts)))
            return PresentationState.CLOSED
        if "default_context_name" in nmp:
            raise MalformedPPDU("CP-type names a default context, which the kernel "
                                "without context management does not use", None,
                                _AR_INVALID_VALUE, 0)
        proposed = []
        seen = set()
        for item in items:
            pcid = item["presentation_context_identifier"]
            if pcid < 1 or pcid % 2 == 0:
                raise MalformedPPDU("initiator proposed presentation context "
                                    "identifier %d (must be odd and positive)" % pcid,
                                    None, _AR_INVALID_VALUE, 0)
            if pcid in seen:
                raise MalformedPPDU("presentation context identifier %d proposed "
                                    "twice" % pcid, None, _AR_INVALID_VALUE, 0)
            seen.add(pcid)
            ts = item["transfer_syntax_name_list"]
            if not ts:
                raise MalformedPPDU("context %d offers no transfer syntax" % pcid,
                                    None, _AR_INVALID_VALUE, 0)
            proposed.append(PresentationContext(pcid, item["abstract_syntax_name"],
                                                tuple(ts)))
        results = []
        for ctx in proposed:
            if self._supported is not None and ctx.abstract_syntax not in self._supported:
                results.append(ContextResult(ctx.identifier, ctx.abstract_syntax,
                                             _pres.RESULT_PROVIDER_REJECTION, None,
                                             _CR_AS_NOT_SUPPORTED))
            elif BER not in ctx.transfer_syntaxes:
                results.append(ContextResult(ctx.identifier, ctx.abstract_syntax,
                                             _pres.RESULT_PROVIDER_REJECTION, None,
                                             _CR_TS_NOT_SUPPORTED))
            else:
                results.append(ContextResult(ctx.identifier, ctx.abstract_syntax,
                                             _pres.RESULT_ACCEPTANCE, BER))
        user_data: Tuple[PDV, ...] = ()
        if "user_data" in nmp:
            try:
                user_data = _pdvs_from(nmp["user_data"])
            except MalformedPPDU as exc:
                exc.reason = "CP-type user data: " + exc.reason
                raise
            for pdv in user_data:
                if pdv.context_id not in seen:
                    raise MalformedPPDU("CP-type user data on context %d, which is "
                                        "not proposed" % pdv.context_id, None,
                                        _AR_INVALID_VALUE, 0)
        self._proposed = tuple(proposed)
        self._results = tuple(results)
        self._dcs = {r.identifier: r.abstract_syntax for r in results if r.accepted}
        self._events.append(PConnectIndication(
            contexts=self._results, user_data=user_data,
            calling_psel=nmp.get("calling_presentation_selector", b""),
            called_psel=nmp.get("called_presentation_selector", b""),
            calling_ssel=sev.calling_ssel, called_ssel=sev.called_ssel,
            calling_tsel=sev.calling_tsel, called_tsel=sev.called_tsel))
        return PresentationState.WAIT_CONNECT_RESPONSE

    def _on_local_session_refusal(self, sev: _s.SRefuse) -> PresentationState:
        self._events.append(PConnectRejected(
            session_reason=sev.reason, local=True,
            detail="session layer refused the connection (reason 0x%02x)" % sev.reason))
        return PresentationState.CLOSED

    def _on_cpa(self, sev: _s.SConnectConfirm) -> PresentationState:
        try:
            return self._parse_cpa(sev)
        except PresentationProtocolError as exc:
            if exc.event_identifier is None:
                exc.event_identifier = _EV_CPA
            raise

    def _parse_cpa(self, sev: _s.SConnectConfirm) -> PresentationState:
        if not sev.user_data:
            raise MalformedPPDU("session accept without a CPA-PPDU", 0,
                                _AR_UNRECOGNIZED_PPDU, _EV_CPA)
        cpa = _decode(_pres.CPAPPDU, sev.user_data, "CPA-PPDU")
        cpa_ev = _EV_CPA
        if cpa["mode_selector"]["mode_value"] != _pres.MODE_NORMAL:
            raise PresentationProtocolError("CPA-PPDU in X.410-1984 mode answers a "
                                            "normal-mode CP-type", None,
                                            _AR_INVALID_VALUE, cpa_ev)
        nmp = cpa.get("normal_mode_parameters")
        if nmp is None:
            raise MalformedPPDU("CPA-PPDU without normal-mode parameters", None,
                                _AR_INVALID_VALUE, cpa_ev)
        items = nmp.get("presentation_context_definition_result_list")
        if items is None:
            raise MalformedPPDU("CPA-PPDU without a context definition result list",
                                None, _AR_INVALID_VALUE, cpa_ev)
        results = _results_from(items, self._proposed, "CPA-PPDU result list")
        self._results = results
        self._dcs = {r.identifier: r.abstract_syntax for r in results if r.accepted}
        user_data: Tuple[PDV, ...] = ()
        if "user_data" in nmp:
            user_data = _pdvs_from(nmp["user_data"])
            self._check_dcs(user_data, cpa_ev)
        self._events.append(PConnectConfirm(
            contexts=results, user_data=user_data,
            responding_psel=nmp.get("responding_presentation_selector", b"")))
        return PresentationState.OPEN

    def _on_cpr(self, sev: _s.SRefuse) -> PresentationState:
        if sev.reason != _s.RF_REJECTED_BY_USER or not sev.user_data:
            self._events.append(PConnectRejected(
                session_reason=sev.reason,
                detail="session connection refused (reason 0x%02x)" % sev.reason))
            return PresentationState.CLOSED
        # The session connection is gone: a malformed CPR cannot be
        # answered, only reported.
        cpr = _decode(_pres.CPRPPDU, sev.user_data, "CPR-PPDU")
        alt, nmp = cpr
        if alt != "normal_mode_parameters":
            self._events.append(PConnectRejected(
                session_reason=sev.reason,
                detail="refused with an X.410-1984-mode CPR-PPDU"))
            return PresentationState.CLOSED
        items = nmp.get("presentation_context_definition_result_list")
        results: Tuple[ContextResult, ...] = ()
        if items is not None:
            results = _results_from(items, self._proposed, "CPR-PPDU result list")
        user_data: Tuple[PDV, ...] = ()
        if "user_data" in nmp:
            user_data = _pdvs_from(nmp["user_data"])
            proposed = {c.identifier for c in self._proposed}
            for pdv in user_data:
                if pdv.context_id not in proposed:
                    raise MalformedPPDU("CPR-PPDU user data on context %d, which was "
                                        "not proposed" % pdv.context_id)
        self._results = results
        provider_reason = nmp.get("provider_reason")
        if provider_reason is None:
            detail = "presentation connection rejected by the peer's user"
        else:
            detail = ("presentation connection rejected by the provider (reason %d)"
                      % provider_reason)
        self._events.append(PConnectRejected(
            user_data=user_data, contexts=results, provider_reason=provider_reason,
            session_reason=sev.reason, detail=detail))
        return PresentationState.CLOSED

    def _on_data(self, sev: _s.SData) -> PresentationState:
        pdvs = self._user_data(sev.user_data, _EV_TD)
        if not pdvs:
            raise MalformedPPDU("P-DATA without user data", 0, _AR_INVALID_VALUE, _EV_TD)
        self._events.append(PData(pdvs))
        return self._state

    def _user_data(self, data: bytes, event_identifier: int) -> Tuple[PDV, ...]:
        try:
            pdvs = decode_user_data(data)
        except MalformedPPDU as exc:
            exc.event_identifier = event_identifier
            raise
        self._check_dcs(pdvs, event_identifier)
        return pdvs

    def _on_release(self, sev: _s.SReleaseIndication) -> PresentationState:
        pdvs = self._user_data(sev.user_data, _EV_RELEASE_IND)
        self._events.append(PReleaseIndication(pdvs))
        if self._state is PresentationState.WAIT_RELEASE_CONFIRM:
            return PresentationState.COLLISION
        return PresentationState.WAIT_RELEASE_RESPONSE

    def _on_release_confirm(self, sev: _s.SReleaseConfirm) -> PresentationState:
        pdvs = self._user_data(sev.user_data, _EV_RELEASE_CNF)
        self._events.append(PReleaseConfirm(pdvs))
        if self._state is PresentationState.COLLISION:
            return PresentationState.WAIT_RELEASE_RESPONSE
        return PresentationState.CLOSED

    def _on_abort(self, sev: _s.SAbort) -> PresentationState:
        # The connection is over whatever the abort carries; a PPDU that
        # does not decode is reported in the event, not raised.
        if not sev.user_data:
            self._events.append(PAbort(provider=True, detail=sev.detail or
                                       "session aborted without a presentation PPDU"))
            return PresentationState.CLOSED
        try:
            alt, value = ber.decode(_pres.AbortType, sev.user_data)
        except DecodeError as exc:
            self._events.append(PAbort(provider=True, detail=(
                "aborted with an abort PPDU that does not decode (%s)" % exc)))
            return PresentationState.CLOSED
        if alt == "arp_ppdu":
            reason = value.get("provider_reason")
            self._events.append(PAbort(
                provider=True, abort_reason=reason,
                event_identifier=value.get("event_identifier"),
                detail="presentation provider abort (ARP, reason %s)"
                % ("absent" if reason is None else reason)))
            return PresentationState.CLOSED
        aru_alt, aru = value
        if aru_alt != "normal_mode_parameters":
            self._events.append(PAbort(provider=False,
                                       detail="user abort in X.410-1984 mode"))
            return PresentationState.CLOSED
        pdvs: Tuple[PDV, ...] = ()
        detail = "peer aborted the connection (ARU)"
        if "user_data" in aru:
            try:
                pdvs = _pdvs_from(aru["user_data"])
            except MalformedPPDU as exc:
                detail += "; its user data is unusable: %s" % exc.reason
        self._events.append(PAbort(user_data=pdvs, provider=False, detail=detail))
        return PresentationState.CLOSED

    # -- send handlers ----------------------------------------------------------

    def _check_local_pdvs(self, pdvs: Sequence[PDV], allowed: Collection[int],
                          what: str) -> None:
        for pdv in pdvs:
            if pdv.context_id not in allowed:
                raise LocalProtocolError("%s on presentation context %d, which is "
                                         "not %s" % (type(pdv).__name__, pdv.context_id,
                                                     what))

    def _send_cp(self, event: PConnectRequest) -> None:
        seen = set()
        for ctx in event.contexts:
            if ctx.identifier % 2 == 0:
                raise LocalProtocolError("the initiator's presentation context "
                                         "identifiers must be odd, not %d"
                                         % ctx.identifier)
            if ctx.identifier in seen:
                raise LocalProtocolError("presentation context identifier %d used "
                                         "twice" % ctx.identifier)
            seen.add(ctx.identifier)
        self._check_local_pdvs(event.user_data, seen, "proposed")
        cp = encode_cp(event.contexts, event.user_data,
                       calling_psel=event.calling_psel, called_psel=event.called_psel)
        self._session.send(_s.SConnectRequest(
            user_data=cp, called_ssel=event.called_ssel, calling_ssel=event.calling_ssel,
            called_tsel=event.called_tsel, calling_tsel=event.calling_tsel))
        self._proposed = event.contexts

    def _send_cpa(self, event: PConnectResponse) -> None:
        self._check_local_pdvs(event.user_data, self._dcs, "accepted")
        cpa = encode_cpa(self._results, event.user_data,
                         responding_psel=event.responding_psel)
        self._session.send(_s.SConnectResponse(cpa, event.responding_ssel))

    def _send_cpr(self, event: PConnectReject) -> None:
        if event.provider_reason is not None:
            cpr = encode_cpr(provider_reason=event.provider_reason)
        else:
            self._check_local_pdvs(event.user_data, self._dcs, "accepted")
            cpr = encode_cpr(self._results, event.user_data)
        self._session.send(_s.SRefuse(_s.RF_REJECTED_BY_USER, cpr))
        self._dcs = {}

    def _send_data(self, event: PData) -> None:
        self._check_local_pdvs(event.user_data, self._dcs, "in the defined context set")
        self._session.send(_s.SData(encode_user_data(event.user_data)))

    def _send_release(self, event: PReleaseRequest) -> None:
        self._check_local_pdvs(event.user_data, self._dcs, "in the defined context set")
        data = encode_user_data(event.user_data) if event.user_data else b""
        self._session.send(_s.SReleaseRequest(data))

    def _send_release_response(self, event: PReleaseResponse) -> None:
        self._check_local_pdvs(event.user_data, self._dcs, "in the defined context set")
        data = encode_user_data(event.user_data) if event.user_data else b""
        self._session.send(_s.SReleaseResponse(data))

    def _send_aru(self, event: PAbortRequest) -> None:
        context_list: List[Tuple[int, str]] = []
        if self._state in (PresentationState.IDLE, PresentationState.WAIT_CPA):
            # The peer may not know the defined context set yet: name the
            # transfer syntax of every context the user data uses.
            proposed = {c.identifier: c for c in self._proposed}
            self._check_local_pdvs(event.user_data, proposed, "proposed")
            for pdv in event.user_data:
                if pdv.context_id not in {i for i, _ in context_list}:
                    context_list.append((pdv.context_id, BER))
        else:
            allowed = self._dcs or {r.identifier for r in self._results}
            self._check_local_pdvs(event.user_data, allowed, "in the defined context set")
        aru = encode_aru(event.user_data, context_list)
        self._session.send(_s.SAbort(aru))
