"""X.227 association control (ACSE kernel) as a sans-I/O machine.

Theory of operation
===================

:class:`ACSEConnection` owns a
:class:`~x400fast.osi.presentation.PresentationConnection` (and so the
session and transport machines below it): raw TCP bytes on one side,
association events on the other, driven like every layer of the stack
(``receive_data`` / ``next_event`` / ``send`` / ``data_to_send``).

ACSE maps each of its services onto the presentation service of the same
shape, its APDU travelling as the single PDV of the ACSE presentation
context (abstract syntax 2.2.1.0.1, conventionally identifier 1):

==========================  =====================  ==========================
ACSE service                APDU                   presentation carrier
==========================  =====================  ==========================
A-ASSOCIATE request         AARQ                   P-CONNECT request (CP)
A-ASSOCIATE accept          AARE result 0          P-CONNECT accept (CPA)
A-ASSOCIATE reject          AARE result 1 or 2     P-CONNECT user-rejection
                                                   (CPR, in a session RF)
A-RELEASE                   RLRQ / RLRE            P-RELEASE
A-ABORT (user, provider)    ABRT                   P-U-ABORT (ARU)
==========================  =====================  ==========================

After the association is accepted, data does not pass through ACSE: the
user sends and receives :class:`~x400fast.osi.presentation.PData` on the
other contexts of the defined context set, and this machine only checks
that nothing arrives on the ACSE context.

The machine decides by itself in two cases, as X.227 lets the ACSE
provider do:

* an AARQ whose protocol-version does not include version 1 is rejected
  (service-provider, no-common-acse-version);
* an AARQ naming an application context that is not in
  ``application_contexts`` (by default the P3/P7 contexts established by
  ACSE alone: mts-access, mts-forced-access and ms-access, 1988 and 1994)
  is rejected (rejected-permanent, service-user,
  application-context-name-not-supported).

Both are reported as :class:`AAssociateRejected` with ``local`` true.

An APDU that does not decode, or one that does not belong where it
arrives (an AARQ without user data, data on the ACSE context, an RLRE
answering nothing...), raises :class:`~x400fast.errors.ACSEProtocolError`
(:class:`~x400fast.errors.MalformedAPDU` for decoding faults) after an
ABRT with abort-source service-provider has been queued when the peer can
still receive one; a refused AARQ is answered with a presentation
provider rejection (user-data-not-readable) instead.

Both carriers of a rejecting AARE are accepted from the responder: inside
a CPR (the layering X.227 prescribes) and inside a CPA; in the latter
case the presentation connection is aborted right after.
"""
from __future__ import annotations

import enum
from collections import deque
from dataclasses import dataclass, field
from typing import (Any, Collection, Deque, Dict, FrozenSet, NoReturn, Optional,
                    Sequence, Tuple, Union)

from .. import ber
from ..asn1 import acse as _acse
from ..errors import (ACSEProtocolError, AssociationAborted, AssociationRejected,
                      DecodeError, EncodeError, LocalProtocolError, MalformedAPDU,
                      ProtocolError)
from . import presentation as _p
from .presentation import (ACSE_AS, NEED_DATA, ContextResult, NeedData, PData,
                           PDV, PresentationContext, Role)

__all__ = [
    "Role",
    "ACSEState",
    "NEED_DATA",
    "ACSEConnection",
    "ApplicationContext",
    "APPLICATION_CONTEXTS",
    "DEFAULT_APPLICATION_CONTEXTS",
    "PresentationAddress",
    "AAssociateRequest",
    "AAssociateIndication",
    "AAssociateResponse",
    "AAssociateReject",
    "AAssociateConfirm",
    "AAssociateRejected",
    "PData",
    "AReleaseRequest",
    "AReleaseIndication",
    "AReleaseResponse",
    "AReleaseConfirm",
    "AAbortRequest",
    "AAbort",
    "ACSEEvent",
    "contexts_for",
    "external",
    "decode_apdu",
    "encode_aarq",
    "encode_aare",
    "SEND_TRANSITIONS",
    "RECEIVE_TRANSITIONS",
]

# ---------------------------------------------------------------------------
# Application contexts of X.419 and their abstract syntaxes

AS_MSSE = "2.6.0.2.1"
AS_MDSE_88 = "2.6.0.2.2"
AS_MRSE_88 = "2.6.0.2.5"
AS_MASE_88 = "2.6.0.2.6"
AS_MTS_RTSE = "2.6.0.2.8"
AS_MS_88 = "2.6.0.2.9"
AS_MS_RTSE = "2.6.0.2.10"
AS_MTS = "2.6.0.2.11"
AS_MS_MSSE = "2.6.0.2.13"
AS_MDSE_94 = "2.6.0.2.14"
AS_MRSE_94 = "2.6.0.2.15"
AS_MASE_94 = "2.6.0.2.16"
AS_MS_94 = "2.6.0.2.17"


@dataclass(frozen=True)
class ApplicationContext:
    """An X.419 application context: the abstract syntaxes it is made of.

    :ivar abstract_syntaxes: every abstract syntax besides ACSE, in the
        conventional order of the presentation contexts (submission,
        delivery or retrieval, administration, bind/unbind).
    :ivar bind_syntax: the abstract syntax of the bind and unbind.
    :ivar reliable: established and run by RTSE (needs the session
        functional units of RTSE; not implemented by this stack).
    """

    name: str
    oid: str
    abstract_syntaxes: Tuple[str, ...]
    bind_syntax: str
    reliable: bool = False


def _ac(name: str, oid: str, syntaxes: Tuple[str, ...], reliable: bool = False
        ) -> ApplicationContext:
    return ApplicationContext(name, oid, syntaxes, syntaxes[-1], reliable)


#: X.419 application contexts by OID.
APPLICATION_CONTEXTS: Dict[str, ApplicationContext] = {c.oid: c for c in (
    _ac("mts-access-88", "2.6.0.1.0", (AS_MSSE, AS_MDSE_88, AS_MASE_88, AS_MTS)),
    _ac("mts-forced-access-88", "2.6.0.1.1", (AS_MSSE, AS_MDSE_88, AS_MASE_88, AS_MTS)),
    _ac("mts-reliable-access-88", "2.6.0.1.2",
        (AS_MSSE, AS_MDSE_88, AS_MASE_88, AS_MTS_RTSE), True),
    _ac("mts-forced-reliable-access-88", "2.6.0.1.3",
        (AS_MSSE, AS_MDSE_88, AS_MASE_88, AS_MTS_RTSE), True),
    _ac("ms-access-88", "2.6.0.1.4", (AS_MSSE, AS_MRSE_88, AS_MASE_88, AS_MS_88)),
    _ac("ms-reliable-access-88", "2.6.0.1.5",
        (AS_MSSE, AS_MRSE_88, AS_MASE_88, AS_MS_RTSE), True),
    _ac("mts-access-94", "2.6.0.1.7", (AS_MSSE, AS_MDSE_94, AS_MASE_94, AS_MTS)),
    _ac("mts-forced-access-94", "2.6.0.1.8", (AS_MSSE, AS_MDSE_94, AS_MASE_94, AS_MTS)),
    _ac("mts-reliable-access-94", "2.6.0.1.9",
        (AS_MSSE, AS_MDSE_94, AS_MASE_94, AS_MTS_RTSE), True),
    _ac("mts-forced-reliable-access-94", "2.6.0.1.10",
        (AS_MSSE, AS_MDSE_94, AS_MASE_94, AS_MTS_RTSE), True),
    _ac("ms-access-94", "2.6.0.1.11", (AS_MS_MSSE, AS_MRSE_94, AS_MASE_94, AS_MS_94)),
    _ac("ms-reliable-access-94", "2.6.0.1.12",
        (AS_MS_MSSE, AS_MRSE_94, AS_MASE_94, AS_MS_RTSE), True),
)}

#: The contexts a responder accepts unless told otherwise: those that ACSE
#: establishes alone (no RTSE).
DEFAULT_APPLICATION_CONTEXTS: FrozenSet[str] = frozenset(
    oid for oid, c in APPLICATION_CONTEXTS.items() if not c.reliable)


def contexts_for(abstract_syntaxes: Sequence[str]) -> Tuple[PresentationContext, ...]:
    """Presentation contexts to propose: ACSE as 1, then 3, 5, 7... in order.

    Every context offers BER only.  ``abstract_syntaxes`` must not contain
    the ACSE abstract syntax itself.
    """
    if ACSE_AS in abstract_syntaxes:
        raise ValueError("the ACSE abstract syntax is added by contexts_for itself")
    out = [PresentationContext(1, ACSE_AS)]
    for i, oid in enumerate(abstract_syntaxes):
        out.append(PresentationContext(3 + 2 * i, oid))
    return tuple(out)


def external(indirect_reference: int, value: bytes,
             direct_reference: Optional[str] = None) -> Dict[str, Any]:
    """An EXTERNAL value (codec value model) for ``user_information``.

    :param indirect_reference: the presentation context of ``value``.
    :param value: one complete BER value (single-ASN1-type).
    :param direct_reference: transfer syntax OID (ISODE sends 2.1.1 during
        association establishment), or ``None``.
    """
    out: Dict[str, Any] = {}
    if direct_reference is not None:
        out["direct_reference"] = direct_reference
    out["indirect_reference"] = indirect_reference
    out["encoding"] = ("single_asn1_type", bytes(value))
    return out


@dataclass(frozen=True)
class PresentationAddress:
    """The selectors of one side of a connection (the network address, a
    host and TCP port, is the caller's business)."""

    psel: bytes = b""
    ssel: bytes = b""
    tsel: bytes = b""


# ---------------------------------------------------------------------------
# States


class ACSEState(enum.Enum):
    """States of :class:`ACSEConnection`.

    IDLE
        Nothing yet (a responder waits for the AARQ).
    WAIT_AARE
        Initiator: AARQ sent.
    WAIT_ASSOCIATE_RESPONSE
        Responder: AARQ indicated; the user answers with
        :class:`AAssociateResponse` or :class:`AAssociateReject`.
    ASSOCIATED
        The association is up; data flows as P-DATA.
    WAIT_RLRE
        RLRQ sent.
    WAIT_RELEASE_RESPONSE
        RLRQ received and indicated; answer with :class:`AReleaseResponse`.
    COLLISION
        Both sides sent RLRQ: the user answers and waits for the RLRE.
    CLOSED
        Over; write ``data_to_send()`` and close the socket.
    ERROR
        A protocol error ended the association.
    """

    # Members are singletons compared by identity: hashing by identity keeps
    # the per-PDU transition-table lookups off Enum's Python-level __hash__.
    __hash__ = object.__hash__

    IDLE = "IDLE"
    WAIT_AARE = "WAIT_AARE"
    WAIT_ASSOCIATE_RESPONSE = "WAIT_ASSOCIATE_RESPONSE"
    ASSOCIATED = "ASSOCIATED"
    WAIT_RLRE = "WAIT_RLRE"
    WAIT_RELEASE_RESPONSE = "WAIT_RELEASE_RESPONSE"
    COLLISION = "COLLISION"
    CLOSED = "CLOSED"
    ERROR = "ERROR"


# ---------------------------------------------------------------------------
# Events


def _externals(obj: object, name: str) -> None:
    value = tuple(getattr(obj, name))
    for item in value:
        if not isinstance(item, dict):
            raise TypeError("%s.%s must hold EXTERNAL values (dicts)"
                            % (type(obj).__name__, name))
    object.__setattr__(obj, name, value)


@dataclass(frozen=True)
class AAssociateRequest:
    """Initiator: ask for an association (AARQ in a CP-type).

    :ivar application_context: the application context name (OID).
    :ivar contexts: the presentation contexts to propose; they must
        include the ACSE abstract syntax (see :func:`contexts_for`).
    :ivar user_information: EXTERNAL values (see :func:`external`).
    :ivar called_ap_title: / :ivar calling_ap_title: AP-title values of the
        codec's model, e.g. ``("ap_title_form2", "1.3.9999.1")``.
    :ivar called_ae_qualifier: / :ivar calling_ae_qualifier: AE-qualifier
        values, e.g. ``("aso_qualifier_form2", 1)``.
    """

    application_context: str
    contexts: Tuple[PresentationContext, ...]
    user_information: Tuple[Dict[str, Any], ...] = ()
    called: PresentationAddress = field(default_factory=PresentationAddress)
    calling: PresentationAddress = field(default_factory=PresentationAddress)
    called_ap_title: Any = None
    called_ae_qualifier: Any = None
    calling_ap_title: Any = None
    calling_ae_qualifier: Any = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "contexts", tuple(self.contexts))
        _externals(self, "user_information")


@dataclass(frozen=True)
class AAssociateIndication:
    """Responder: an AARQ arrived.

    :ivar contexts: the presentation contexts' negotiation outcome.
    :ivar aarq: the whole decoded AARQ (codec value model), for the
        fields not lifted into attributes.
    """

    application_context: str
    user_information: Tuple[Dict[str, Any], ...]
    contexts: Tuple[ContextResult, ...]
    aarq: Dict[str, Any]
    calling: PresentationAddress = field(default_factory=PresentationAddress)
    called: PresentationAddress = field(default_factory=PresentationAddress)


@dataclass(frozen=True)
class AAssociateResponse:
    """Responder: accept the association (AARE result accepted in a CPA).

    :ivar application_context: ``None`` echoes the AARQ's.
    """

    user_information: Tuple[Dict[str, Any], ...] = ()
    application_context: Optional[str] = None
    responding_ap_title: Any = None
    responding_ae_qualifier: Any = None
    responding_psel: bytes = b""
    responding_ssel: Optional[bytes] = None

    def __post_init__(self) -> None:
        _externals(self, "user_information")


@dataclass(frozen=True)
class AAssociateReject:
    """Responder: reject the association (AARE in a CPR).

    :ivar result: 1 rejected-permanent or 2 rejected-transient.
    :ivar source: ``"service-user"`` or ``"service-provider"``.
    :ivar diagnostic: the diagnostic value of that source (default 1,
        no-reason-given).
    """

    result: int = _acse.REJECTED_PERMANENT
    source: str = "service-user"
    diagnostic: int = 1
    user_information: Tuple[Dict[str, Any], ...] = ()
    application_context: Optional[str] = None

    def __post_init__(self) -> None:
        _externals(self, "user_information")
        if self.result not in (_acse.REJECTED_PERMANENT, _acse.REJECTED_TRANSIENT):
            raise ValueError("result must be 1 (rejected-permanent) or 2 "
                             "(rejected-transient)")
        if self.source not in ("service-user", "service-provider"):
            raise ValueError("source must be 'service-user' or 'service-provider'")


@dataclass(frozen=True)
class AAssociateConfirm:
    """Initiator: the AARE accepted the association.

    :ivar application_context: the responder's choice (may differ from the
        proposal, as X.227 allows).
    :ivar contexts: the presentation contexts' negotiation outcome.
    """

    application_context: str
    user_information: Tuple[Dict[str, Any], ...]
    contexts: Tuple[ContextResult, ...]
    aare: Dict[str, Any]
    responding_psel: bytes = b""


@dataclass(frozen=True)
class AAssociateRejected:
    """The association was refused.

    Initiator: an AARE with a rejecting result arrived (in a CPR or in a
    CPA), or presentation/session/transport refused the connection.
    Responder: the machine rejected an AARQ by itself (``local``).

    :ivar result: the AARE's result (1, 2), ``None`` without an AARE.
    :ivar source: ``"service-user"``, ``"service-provider"``,
        ``"presentation"`` or ``"session"``.
    :ivar diagnostic: the diagnostic value of that source.
    """

    result: Optional[int] = None
    source: Optional[str] = None
    diagnostic: Optional[int] = None
    user_information: Tuple[Dict[str, Any], ...] = ()
    aare: Optional[Dict[str, Any]] = None
    local: bool = False
    detail: str = ""

    def as_error(self, bind_error: object = None) -> AssociationRejected:
        """The exception a blocking caller would raise for this event."""
        return AssociationRejected(self.detail or "association rejected", self.result,
                                   self.source, self.diagnostic, bind_error)


@dataclass(frozen=True)
class AReleaseRequest:
    """User: release the association (RLRQ in a P-RELEASE).

    :ivar reason: 0 normal, 1 urgent, 30 user-defined.
    """

    reason: Optional[int] = 0
    user_information: Tuple[Dict[str, Any], ...] = ()

    def __post_init__(self) -> None:
        _externals(self, "user_information")


@dataclass(frozen=True)
class AReleaseIndication:
    """The peer asked for release (RLRQ); answer with AReleaseResponse."""

    reason: Optional[int] = None
    user_information: Tuple[Dict[str, Any], ...] = ()


@dataclass(frozen=True)
class AReleaseResponse:
    """User: answer a release (RLRE).

    :ivar reason: 0 normal, 1 not-finished, 30 user-defined.  The session
        kernel has no negotiated release, so the release happens whatever
        the reason says.
    """

    reason: Optional[int] = 0
    user_information: Tuple[Dict[str, Any], ...] = ()

    def __post_init__(self) -> None:
        _externals(self, "user_information")


@dataclass(frozen=True)
class AReleaseConfirm:
    """The RLRE arrived; the association is released: close the socket."""

    reason: Optional[int] = None
    user_information: Tuple[Dict[str, Any], ...] = ()


@dataclass(frozen=True)
class AAbortRequest:
    """User: abort the association (ABRT, abort-source service-user).

    :ivar diagnostic: an abort-diagnostic name; X.227 sends it only with
        the authentication functional unit, so leave it ``None`` for
        P3/P7.
    """

    user_information: Tuple[Dict[str, Any], ...] = ()
    diagnostic: Optional[str] = None

    def __post_init__(self) -> None:
        _externals(self, "user_information")


@dataclass(frozen=True)
class AAbort:
    """The association was aborted.

    :ivar provider: true unless the peer's ACSE user aborted.
    :ivar source: the ABRT's abort-source (0 user, 1 provider), ``None``
        without an ABRT.
    :ivar diagnostic: the ABRT's abort-diagnostic, or the presentation
        ARP abort-reason.
    """

    provider: bool = True
    source: Optional[int] = None
    diagnostic: Any = None
    user_information: Tuple[Dict[str, Any], ...] = ()
    detail: str = ""

    def as_error(self) -> AssociationAborted:
        """The exception a blocking caller would raise for this event."""
        return AssociationAborted(self.detail or "association aborted", self.provider,
                                  self.source, self.diagnostic)


ACSEEvent = Union[AAssociateRequest, AAssociateIndication, AAssociateResponse,
                  AAssociateReject, AAssociateConfirm, AAssociateRejected, PData,
                  AReleaseRequest, AReleaseIndication, AReleaseResponse,
                  AReleaseConfirm, AAbortRequest, AAbort]


# ---------------------------------------------------------------------------
# APDU encoding and decoding


_APDU_NAMES = {"aarq": "AARQ", "aare": "AARE", "rlrq": "RLRQ", "rlre": "RLRE",
               "abrt": "ABRT"}


def decode_apdu(data: bytes) -> Tuple[str, Dict[str, Any]]:
    """Decode one ACSE APDU: ``("aarq", value)``, ``("aare", value)``...

    Beyond the codec's checks, a present ``user-information`` must hold at
    least one EXTERNAL (X.227 sizes it 1 or more; libiec61850 was hurt by
    an AARQ ending ``BE 00``) and every EXTERNAL must have an encoding
    that names its presentation context.

    :raises DecodeError: the bytes are not one well-formed ACSE APDU.
    """
    kind, value = ber.decode(_acse.ACSEAPDU, data)
    ui = value.get("user_information")
    if ui is not None:
        if not ui:
            raise DecodeError("empty user-information (at least one EXTERNAL "
                              "is required)", 0, (_APDU_NAMES[kind], "user_information"))
        for i, ext in enumerate(ui):
            if "indirect_reference" not in ext:
                raise DecodeError("EXTERNAL without indirect-reference (the "
                                  "presentation context is needed)", 0,
                                  (_APDU_NAMES[kind], "user_information", "[%d]" % i))
    return kind, value


def encode_aarq(application_context: str, user_information: Sequence[Dict[str, Any]] = (),
                **fields: Any) -> bytes:
    """Build an AARQ.  ``fields`` are further AARQ components by Python key
    (``called_ap_title=...``); ``None`` values are left out."""
    v: Dict[str, Any] = {"application_context_name": application_context}
    v.update({k: x for k, x in fields.items() if x is not None})
    if user_information:
        v["user_information"] = list(user_information)
    return ber.encode(_acse.AARQ, v)


def encode_aare(application_context: str, result: int, source: str, diagnostic: int,
                user_information: Sequence[Dict[str, Any]] = (), **fields: Any) -> bytes:
    """Build an AARE (``source`` ``"service-user"`` or ``"service-provider"``)."""
    v: Dict[str, Any] = {
        "application_context_name": application_context,
        "result": result,
        "result_source_diagnostic": (source.replace("-", "_"), diagnostic),
    }
    v.update({k: x for k, x in fields.items() if x is not None})
    if user_information:
        v["user_information"] = list(user_information)
    return ber.encode(_acse.AARE, v)


def _release_apdu(t, reason: Optional[int], ui: Sequence[Dict[str, Any]]) -> bytes:
    v: Dict[str, Any] = {}
    if reason is not None:
        v["reason"] = reason
    if ui:
        v["user_information"] = list(ui)
    return ber.encode(t, v)


def _abrt(source: int, diagnostic: Optional[str] = None,
          ui: Sequence[Dict[str, Any]] = ()) -> bytes:
    v: Dict[str, Any] = {"abort_source": source}
    if diagnostic is not None:
        v["abort_diagnostic"] = diagnostic
    if ui:
        v["user_information"] = list(ui)
    return ber.encode(_acse.ABRT, v)


# ---------------------------------------------------------------------------
# Transition tables

_S = ACSEState

SEND_TRANSITIONS: Dict[Tuple[ACSEState, type], Tuple[str, ACSEState]] = {
    (_S.IDLE, AAssociateRequest): ("_send_aarq", _S.WAIT_AARE),
    (_S.WAIT_ASSOCIATE_RESPONSE, AAssociateResponse): ("_send_aare_accept",
                                                       _S.ASSOCIATED),
    (_S.WAIT_ASSOCIATE_RESPONSE, AAssociateReject): ("_send_aare_reject", _S.CLOSED),
    (_S.ASSOCIATED, PData): ("_send_data", _S.ASSOCIATED),
    (_S.WAIT_RELEASE_RESPONSE, PData): ("_send_data", _S.WAIT_RELEASE_RESPONSE),
    (_S.ASSOCIATED, AReleaseRequest): ("_send_rlrq", _S.WAIT_RLRE),
    (_S.WAIT_RELEASE_RESPONSE, AReleaseResponse): ("_send_rlre", _S.CLOSED),
    (_S.COLLISION, AReleaseResponse): ("_send_rlre", _S.WAIT_RLRE),
}
for _state in (_S.WAIT_AARE, _S.WAIT_ASSOCIATE_RESPONSE, _S.ASSOCIATED, _S.WAIT_RLRE,
               _S.WAIT_RELEASE_RESPONSE, _S.COLLISION):
    SEND_TRANSITIONS[(_state, AAbortRequest)] = ("_send_abrt", _S.CLOSED)

RECEIVE_TRANSITIONS: Dict[Tuple[ACSEState, type], Tuple[str, FrozenSet[ACSEState]]] = {
    (_S.IDLE, _p.PConnectIndication): ("_on_aarq", frozenset([
        _S.WAIT_ASSOCIATE_RESPONSE, _S.CLOSED])),
    (_S.IDLE, _p.PConnectRejected): ("_on_local_refusal", frozenset([_S.CLOSED])),
    (_S.WAIT_AARE, _p.PConnectConfirm): ("_on_aare", frozenset([
        _S.ASSOCIATED, _S.CLOSED])),
    (_S.WAIT_AARE, _p.PConnectRejected): ("_on_rejected", frozenset([_S.CLOSED])),
    (_S.ASSOCIATED, PData): ("_on_data", frozenset([_S.ASSOCIATED])),
    (_S.WAIT_RLRE, PData): ("_on_data", frozenset([_S.WAIT_RLRE])),
    (_S.ASSOCIATED, _p.PReleaseIndication): ("_on_rlrq", frozenset([
        _S.WAIT_RELEASE_RESPONSE])),
    (_S.WAIT_RLRE, _p.PReleaseIndication): ("_on_rlrq", frozenset([_S.COLLISION])),
    (_S.WAIT_RLRE, _p.PReleaseConfirm): ("_on_rlre", frozenset([_S.CLOSED])),
    (_S.COLLISION, _p.PReleaseConfirm): ("_on_rlre", frozenset([
        _S.WAIT_RELEASE_RESPONSE])),
}
for _state in (_S.IDLE, _S.WAIT_AARE, _S.WAIT_ASSOCIATE_RESPONSE, _S.ASSOCIATED,
               _S.WAIT_RLRE, _S.WAIT_RELEASE_RESPONSE, _S.COLLISION):
    RECEIVE_TRANSITIONS[(_state, _p.PAbort)] = ("_on_abort", frozenset([_S.CLOSED]))
del _state


# ---------------------------------------------------------------------------
# The machine


class ACSEConnection:
    """Sans-I/O ACSE endpoint over its own presentation machine.

    :param role: :attr:`Role.INITIATOR` or :attr:`Role.RESPONDER`.
    :param application_contexts: responder: application context OIDs it
        accepts (default :data:`DEFAULT_APPLICATION_CONTEXTS`).
    :param abstract_syntaxes: responder: abstract syntaxes the
        presentation layer accepts contexts for; by default ACSE plus every
        syntax of the accepted application contexts.
    :param presentation: the presentation machine to drive; by default one
        is made with ``role`` and ``options`` (``max_contexts`` and the
        session options).
    """

    def __init__(self, role: Role, *,
                 application_contexts: Optional[Collection[str]] = None,
                 abstract_syntaxes: Optional[Collection[str]] = None,
                 presentation: Optional[_p.PresentationConnection] = None,
                 **options: Any) -> None:
        if not isinstance(role, Role):
            raise TypeError("role must be a Role")
        acs = (frozenset(application_contexts) if application_contexts is not None
               else DEFAULT_APPLICATION_CONTEXTS)
        if abstract_syntaxes is None:
            syntaxes = {ACSE_AS}
            for oid in acs:
                ac = APPLICATION_CONTEXTS.get(oid)
                if ac is not None:
                    syntaxes.update(ac.abstract_syntaxes)
                else:
                    # An application context we know nothing about: accept
                    # whatever it proposes.
                    syntaxes = None  # type: ignore[assignment]
                    break
            abstract_syntaxes = syntaxes
        if presentation is None:
            presentation = _p.PresentationConnection(
                role, abstract_syntaxes=abstract_syntaxes, **options)
        elif options:
            raise TypeError("options given together with a presentation machine")
        elif presentation.role is not role:
            raise ValueError("the presentation machine plays the other role")
        self._role = role
        self._pres = presentation
        self._application_contexts = acs
        self._state = ACSEState.IDLE
        self._events: Deque[ACSEEvent] = deque()
        self._acse_pcid: Optional[int] = None
        self._application_context: Optional[str] = None

    # -- inspection ---------------------------------------------------------

    @property
    def role(self) -> Role:
        return self._role

    @property
    def state(self) -> ACSEState:
        return self._state

    @property
    def presentation(self) -> _p.PresentationConnection:
        """The underlying presentation machine (read it; do not drive it)."""
        return self._pres

    @property
    def application_context(self) -> Optional[str]:
        """The application context in force (the AARE's) once known."""
        return self._application_context

    @property
    def acse_context_id(self) -> Optional[int]:
        """The presentation context carrying ACSE APDUs."""
        return self._acse_pcid

    @property
    def defined_contexts(self) -> Dict[int, str]:
        """Accepted presentation contexts: identifier -> abstract syntax."""
        return self._pres.defined_contexts

    # -- user side ----------------------------------------------------------

    def send(self, event: ACSEEvent) -> None:
        """Act on a user request or response; bytes go to ``data_to_send()``.

        :raises LocalProtocolError: not allowed now, or the event cannot be
            encoded (nothing is sent).
        """
        entry = SEND_TRANSITIONS.get((self._state, type(event)))
        if entry is None or (type(event) is AAssociateRequest
                             and self._role is not Role.INITIATOR):
            raise LocalProtocolError("%s cannot send %s in ACSE state %s"
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
        return self._pres.data_to_send()

    # -- network side -------------------------------------------------------

    def receive_data(self, data: bytes) -> None:
        """Buffer bytes from the socket; ``b""`` means the peer closed TCP."""
        self._pres.receive_data(data)

    def next_event(self) -> Union[ACSEEvent, NeedData]:
        """Return the next association event, or :data:`NEED_DATA`.

        :raises ACSEProtocolError: (or :class:`MalformedAPDU`) the peer
            broke X.227; an ABRT has been queued when possible.
        :raises ProtocolError: a lower layer failed.
        :raises LocalProtocolError: called again after an error.
        """
        if self._events:
            return self._events.popleft()
        if self._state is ACSEState.ERROR:
            raise LocalProtocolError("ACSE machine is in ERROR state")
        while True:
            try:
                pev = self._pres.next_event()
            except ProtocolError:
                self._state = ACSEState.ERROR
                raise
            if pev is NEED_DATA:
                return NEED_DATA
            self._dispatch(pev)
            if self._events:
                return self._events.popleft()

    # -- dispatch -------------------------------------------------------------

    def _dispatch(self, pev: object) -> None:
        entry = RECEIVE_TRANSITIONS.get((self._state, type(pev)))
        if entry is None:
            if self._state is ACSEState.CLOSED:
                return
            self._fail(ACSEProtocolError("unexpected presentation event %s in ACSE "
                                         "state %s" % (type(pev).__name__,
                                                       self._state.value)))
        handler_name, allowed = entry  # type: ignore[misc]
        try:
            next_state = getattr(self, handler_name)(pev)
        except ACSEProtocolError as exc:
            self._fail(exc)
        assert next_state in allowed, (handler_name, next_state)
        self._state = next_state

    def _fail(self, exc: ACSEProtocolError) -> NoReturn:
        """Enter ERROR, queueing an ABRT (provider) if the peer can take one."""
        self._state = ACSEState.ERROR
        pstate = self._pres.state
        if pstate in (_p.PresentationState.OPEN, _p.PresentationState.WAIT_CPA,
                      _p.PresentationState.WAIT_RELEASE_CONFIRM,
                      _p.PresentationState.WAIT_RELEASE_RESPONSE,
                      _p.PresentationState.COLLISION):
            pdvs: Tuple[PDV, ...] = ()
            if self._acse_pcid is not None and self._acse_pcid in self._pres.defined_contexts:
                pdvs = (PDV(self._acse_pcid, _abrt(1)),)
            try:
                self._pres.send(_p.PAbortRequest(pdvs))
            except LocalProtocolError:      # pragma: no cover - state checked above
                pass
        elif pstate is _p.PresentationState.WAIT_CONNECT_RESPONSE:
            self._pres.send(_p.PConnectReject(provider_reason=6))
        raise exc

    def _apdu(self, pdvs: Sequence[PDV], expected: str, what: str
              ) -> Dict[str, Any]:
        """Decode the one ACSE APDU that ``pdvs`` must be."""
        if len(pdvs) != 1:
            raise ACSEProtocolError("%s carries %d presentation data values, one %s "
                                    "was expected" % (what, len(pdvs),
                                                      _APDU_NAMES[expected]))
        pdv = pdvs[0]
        if pdv.context_id != self._acse_pcid:
            raise ACSEProtocolError("%s carries data on presentation context %d, not "
                                    "on the ACSE context %s"
                                    % (what, pdv.context_id, self._acse_pcid))
        if pdv.encoding != _p.SINGLE_ASN1_TYPE:
            raise MalformedAPDU("%s: ACSE APDU sent %s" % (what, pdv.encoding))
        try:
            kind, value = decode_apdu(pdv.value)
        except DecodeError as exc:
            raise MalformedAPDU("%s: %s does not decode: %s"
                                % (what, _APDU_NAMES[expected], exc),
                                exc.offset) from exc
        if kind != expected:
            raise ACSEProtocolError("%s carries an %s where an %s belongs"
                                    % (what, _APDU_NAMES[kind], _APDU_NAMES[expected]))
        return value

    # -- receive handlers --------------------------------------------------------

    def _on_aarq(self, pev: _p.PConnectIndication) -> ACSEState:
        acse = [r for r in pev.contexts if r.abstract_syntax == ACSE_AS and r.accepted]
        if not acse:
            raise ACSEProtocolError("P-CONNECT without an accepted ACSE context")
        self._acse_pcid = acse[0].identifier
        if not pev.user_data:
            raise ACSEProtocolError("P-CONNECT without user data (no AARQ)")
        aarq = self._apdu(pev.user_data, "aarq", "P-CONNECT indication")
        acn = aarq["application_context_name"]
        self._application_context = acn
        ui = tuple(aarq.get("user_information", ()))
        if "version1" not in aarq.get("protocol_version", frozenset({"version1"})):
            return self._auto_reject(acn, "service-provider", 2,
                                     "AARQ offers no common ACSE version")
        if acn not in self._application_contexts:
            return self._auto_reject(acn, "service-user", 2,
                                     "application context %s is not supported" % acn)
        self._events.append(AAssociateIndication(
            application_context=acn, user_information=ui, contexts=pev.contexts,
            aarq=aarq,
            calling=PresentationAddress(pev.calling_psel, pev.calling_ssel,
                                        pev.calling_tsel),
            called=PresentationAddress(pev.called_psel, pev.called_ssel,
                                       pev.called_tsel)))
        return ACSEState.WAIT_ASSOCIATE_RESPONSE

    def _auto_reject(self, acn: str, source: str, diagnostic: int,
                     detail: str) -> ACSEState:
        aare = encode_aare(acn, _acse.REJECTED_PERMANENT, source, diagnostic)
        self._pres.send(_p.PConnectReject((PDV(self._acse_pcid, aare),)))  # type: ignore[arg-type]
        self._events.append(AAssociateRejected(
            result=_acse.REJECTED_PERMANENT, source=source, diagnostic=diagnostic,
            local=True, detail="rejected the AARQ: " + detail))
        return ACSEState.CLOSED

    def _on_local_refusal(self, pev: _p.PConnectRejected) -> ACSEState:
        self._events.append(AAssociateRejected(
            source="presentation" if pev.provider_reason is not None else "session",
            diagnostic=(pev.provider_reason if pev.provider_reason is not None
                        else pev.session_reason),
            local=True, detail=pev.detail))
        return ACSEState.CLOSED

    def _on_aare(self, pev: _p.PConnectConfirm) -> ACSEState:
        results = {r.identifier: r for r in pev.contexts}
        acse = results.get(self._acse_pcid)  # type: ignore[arg-type]
        if acse is None or not acse.accepted:
            raise ACSEProtocolError("the responder did not accept the ACSE "
                                    "presentation context")
        if not pev.user_data:
            raise ACSEProtocolError("P-CONNECT confirm without user data (no AARE)")
        aare = self._apdu(pev.user_data, "aare", "P-CONNECT confirm")
        acn = aare["application_context_name"]
        ui = tuple(aare.get("user_information", ()))
        result = aare["result"]
        if result == _acse.ACCEPTED:
            self._application_context = acn
            self._events.append(AAssociateConfirm(
                application_context=acn, user_information=ui, contexts=pev.contexts,
                aare=aare, responding_psel=pev.responding_psel))
            return ACSEState.ASSOCIATED
        source, diagnostic = aare["result_source_diagnostic"]
        self._events.append(AAssociateRejected(
            result=result, source=source.replace("_", "-"), diagnostic=diagnostic,
            user_information=ui, aare=aare,
            detail="association rejected (result %d, %s diagnostic %d; AARE came "
            "in a presentation accept)" % (result, source.replace("_", "-"),
                                           diagnostic)))
        # The presentation connection is up although the association is not:
        # take it down.
        self._pres.send(_p.PAbortRequest())
        return ACSEState.CLOSED

    def _on_rejected(self, pev: _p.PConnectRejected) -> ACSEState:
        acse_pdvs = [p for p in pev.user_data if p.context_id == self._acse_pcid]
        if pev.user_data and acse_pdvs:
            try:
                aare = self._apdu(pev.user_data, "aare", "P-CONNECT rejection")
            except ACSEProtocolError as exc:
                # Nothing can be sent any more; report what is known.
                self._events.append(AAssociateRejected(
                    detail="association rejected; the AARE is unusable: %s"
                    % exc.reason))
                return ACSEState.CLOSED
            result = aare["result"]
            source, diagnostic = aare["result_source_diagnostic"]
            source = source.replace("_", "-")
            if result == _acse.ACCEPTED:
                detail = ("presentation connection refused although its AARE says "
                          "accepted")
                result = None
            else:
                detail = ("association rejected (result %d, %s diagnostic %d)"
                          % (result, source, diagnostic))
            self._events.append(AAssociateRejected(
                result=result, source=source, diagnostic=diagnostic,
                user_information=tuple(aare.get("user_information", ())), aare=aare,
                detail=detail))
            return ACSEState.CLOSED
        if pev.provider_reason is not None:
            self._events.append(AAssociateRejected(
                source="presentation", diagnostic=pev.provider_reason,
                detail=pev.detail or "presentation provider rejected the connection"))
        elif pev.session_reason is not None and pev.session_reason != 2:
            self._events.append(AAssociateRejected(
                source="session", diagnostic=pev.session_reason, detail=pev.detail))
        else:
            self._events.append(AAssociateRejected(
                source="presentation", detail="presentation connection rejected by "
                "the peer's user without an AARE"))
        return ACSEState.CLOSED

    def _on_data(self, pev: PData) -> ACSEState:
        for pdv in pev.user_data:
            if pdv.context_id == self._acse_pcid:
                raise ACSEProtocolError("P-DATA on the ACSE presentation context %d"
                                        % pdv.context_id)
        self._events.append(pev)
        return self._state

    def _on_rlrq(self, pev: _p.PReleaseIndication) -> ACSEState:
        if not pev.user_data:
            raise ACSEProtocolError("P-RELEASE indication without an RLRQ")
        rlrq = self._apdu(pev.user_data, "rlrq", "P-RELEASE indication")
        self._events.append(AReleaseIndication(
            rlrq.get("reason"), tuple(rlrq.get("user_information", ()))))
        if self._state is ACSEState.WAIT_RLRE:
            return ACSEState.COLLISION
        return ACSEState.WAIT_RELEASE_RESPONSE

    def _on_rlre(self, pev: _p.PReleaseConfirm) -> ACSEState:
        if not pev.user_data:
            raise ACSEProtocolError("P-RELEASE confirm without an RLRE")
        rlre = self._apdu(pev.user_data, "rlre", "P-RELEASE confirm")
        self._events.append(AReleaseConfirm(
            rlre.get("reason"), tuple(rlre.get("user_information", ()))))
        if self._state is ACSEState.COLLISION:
            return ACSEState.WAIT_RELEASE_RESPONSE
        return ACSEState.CLOSED

    def _on_abort(self, pev: _p.PAbort) -> ACSEState:
        if pev.provider or not pev.user_data:
            self._events.append(AAbort(
                provider=pev.provider, diagnostic=pev.abort_reason,
                detail=pev.detail or "association aborted"))
            return ACSEState.CLOSED
        try:
            abrt = self._apdu(pev.user_data, "abrt", "P-U-ABORT")
        except ACSEProtocolError as exc:
            self._events.append(AAbort(
                provider=False, detail="peer aborted; its ABRT is unusable: %s"
                % exc.reason))
            return ACSEState.CLOSED
        source = abrt["abort_source"]
        diagnostic = abrt.get("abort_diagnostic")
        self._events.append(AAbort(
            provider=source != 0, source=source, diagnostic=diagnostic,
            user_information=tuple(abrt.get("user_information", ())),
            detail="association aborted by the peer's %s%s" % (
                "user" if source == 0 else "ACSE provider",
                "" if diagnostic is None else " (%s)" % diagnostic)))
        return ACSEState.CLOSED

    # -- send handlers -------------------------------------------------------------

    def _check_ui(self, ui: Sequence[Dict[str, Any]]) -> None:
        dcs = self._pres.defined_contexts if self._state is not ACSEState.IDLE else None
        for ext in ui:
            ref = ext.get("indirect_reference")
            if ref is None:
                raise LocalProtocolError("an EXTERNAL in user information needs an "
                                         "indirect-reference (its presentation "
                                         "context)")
            if dcs is not None and ref not in dcs:
                raise LocalProtocolError("EXTERNAL on presentation context %d, which "
                                         "is not in the defined context set" % ref)

    def _send_aarq(self, event: AAssociateRequest) -> None:
        acse = [c for c in event.contexts if c.abstract_syntax == ACSE_AS]
        if len(acse) != 1:
            raise LocalProtocolError("the contexts must include the ACSE abstract "
                                     "syntax exactly once")
        ids = {c.identifier for c in event.contexts}
        for ext in event.user_information:
            if ext.get("indirect_reference") not in ids:
                raise LocalProtocolError("EXTERNAL indirect-reference %r names no "
                                         "proposed context"
                                         % (ext.get("indirect_reference"),))
        pcid = acse[0].identifier
        aarq = encode_aarq(event.application_context, event.user_information,
                           called_ap_title=event.called_ap_title,
                           called_ae_qualifier=event.called_ae_qualifier,
                           calling_ap_title=event.calling_ap_title,
                           calling_ae_qualifier=event.calling_ae_qualifier)
        self._pres.send(_p.PConnectRequest(
            contexts=event.contexts, user_data=(PDV(pcid, aarq),),
            called_psel=event.called.psel, calling_psel=event.calling.psel,
            called_ssel=event.called.ssel, calling_ssel=event.calling.ssel,
            called_tsel=event.called.tsel, calling_tsel=event.calling.tsel))
        self._acse_pcid = pcid

    def _send_aare_accept(self, event: AAssociateResponse) -> None:
        self._check_ui(event.user_information)
        acn = event.application_context or self._application_context
        assert acn is not None
        aare = encode_aare(acn, _acse.ACCEPTED, "service-user", 0,
                           event.user_information,
                           responding_ap_title=event.responding_ap_title,
                           responding_ae_qualifier=event.responding_ae_qualifier)
        self._pres.send(_p.PConnectResponse((PDV(self._acse_pcid, aare),),  # type: ignore[arg-type]
                                            event.responding_psel,
                                            event.responding_ssel))
        self._application_context = acn

    def _send_aare_reject(self, event: AAssociateReject) -> None:
        self._check_ui(event.user_information)
        acn = event.application_context or self._application_context
        assert acn is not None
        aare = encode_aare(acn, event.result, event.source, event.diagnostic,
                           event.user_information)
        self._pres.send(_p.PConnectReject((PDV(self._acse_pcid, aare),)))  # type: ignore[arg-type]

    def _send_data(self, event: PData) -> None:
        for pdv in event.user_data:
            if pdv.context_id == self._acse_pcid:
                raise LocalProtocolError("P-DATA cannot use the ACSE context")
        self._pres.send(event)

    def _send_rlrq(self, event: AReleaseRequest) -> None:
        self._check_ui(event.user_information)
        rlrq = _release_apdu(_acse.RLRQ, event.reason, event.user_information)
        self._pres.send(_p.PReleaseRequest((PDV(self._acse_pcid, rlrq),)))  # type: ignore[arg-type]

    def _send_rlre(self, event: AReleaseResponse) -> None:
        self._check_ui(event.user_information)
        rlre = _release_apdu(_acse.RLRE, event.reason, event.user_information)
        self._pres.send(_p.PReleaseResponse((PDV(self._acse_pcid, rlre),)))  # type: ignore[arg-type]

    def _send_abrt(self, event: AAbortRequest) -> None:
        self._check_ui(event.user_information)
        pdvs: Tuple[PDV, ...] = ()
        if self._acse_pcid is not None:
            pdvs = (PDV(self._acse_pcid, _abrt(0, event.diagnostic,
                                               event.user_information)),)
        self._pres.send(_p.PAbortRequest(pdvs))
