"""Remote operations (ROSE, X.219/X.229 as P3 and P7 use it) as a sans-I/O machine.

Theory of operation
===================

:class:`ROSEConnection` owns an :class:`~x400fast.osi.acse.ACSEConnection`
and with it the whole stack down to TCP bytes.  Its user binds, invokes
operations, answers the peer's invocations and unbinds with events; it is
driven like every layer (``receive_data`` / ``next_event`` / ``send`` /
``data_to_send``).  It realises the remote operations the way X.419 does
for P3 and P7 -- the "acse" and "pData" realisations:

* the **bind** rides in the ACSE user information: the AARQ carries one
  EXTERNAL whose indirect-reference is the presentation context of the
  *bind* abstract syntax and whose value is ``[16]`` bind-invoke around
  the bind argument; the AARE answers with ``[17]`` bind-result (accepted)
  or ``[18]`` bind-error (rejected);
* **operations** are ROS APDUs (invoke ``A1``, returnResult ``A2``,
  returnError ``A3``, reject ``A4``) in P-DATA, each on the presentation
  context of the abstract syntax that defines the operation -- operation
  and error codes mean something only within their abstract syntax (code
  2 is submission-control on one context and delivery-control on another);
* the **unbind** is the A-RELEASE; P3 and P7 unbinds carry nothing, a
  syntax with unbind values wraps them in ``[19]``/``[20]``.

The caller describes what may be invoked: one :class:`AbstractSyntax` per
abstract syntax (its operations, with argument and result types, and its
errors with their parameter types) and one :class:`BindSyntax` per bind
abstract syntax.  With those tables the machine checks every PDU the peer
sends and answers faults with a ROS Reject while the association stays
up (X.880's problem codes):

====================================================  ==========================
fault in a PDU from the peer                          Reject problem
====================================================  ==========================
not a ROS APDU at all (unknown tag)                   general unrecognizedPDU
a ROS APDU whose structure is wrong                   general mistypedPDU
invoke id already in use by an unanswered invoke      invoke duplicateInvocation
too many unanswered invocations (``max_incoming``)    invoke resourceLimitation
operation code unknown in the context's syntax        invoke unrecognizedOperation
argument not of the operation's argument type         invoke mistypedArgument
linked id naming nothing (P3/P7 have no linked ops)   invoke unrecognizedLinkedId /
                                                      unexpectedLinkedOperation
result for an invoke id not outstanding               returnResult unrecognizedInvocation
result not of the operation's result type             returnResult mistypedResult
error for an invoke id not outstanding                returnError unrecognizedInvocation
error code unknown in the syntax                      returnError unrecognizedError
error code not among the operation's errors           returnError unexpectedError
error parameter of the wrong type                     returnError mistypedParameter
====================================================  ==========================

Each such reject is also reported to the local user as a :class:`Reject`
event with ``local`` true (for a result or error that was rejected, the
user's invocation is over and learns why).

Faults a Reject cannot answer -- a bind PDU that is not the expected
wrapper, a bind argument or result that does not decode, unbind data
where none is defined -- raise :class:`~x400fast.errors.ROSEProtocolError`
after the association is rejected (responder) or aborted (initiator).

Steady-state fast path
======================

Once bound, almost every TPKT carries one ROS APDU in one P-DATA, always
laid out the same way.  While every layer is in data transfer with
nothing pending, this machine writes such frames itself (sending) and
recognises them itself (receiving), decoding the everyday invoke and
returnResult envelopes directly, instead of passing events through ACSE,
presentation, session and transport.  The byte work is compiled
(``x400fast._framing``: ``steady_ros`` recognises a TPDU and decodes its
envelope in one call, ``steady_frame`` writes a whole invoke or result
frame), with a pure twin.  Bytes out and events in are exactly those of
the general path, which handles every other shape and state (and keeps
every check); ``fast_path = False`` turns it off for comparison.  It takes
an invoke/result round trip from about 70 to about 12 microseconds
(bench/README.md).
"""
from __future__ import annotations

import enum
from collections import deque
from dataclasses import dataclass, field
from typing import (Any, Deque, Dict, FrozenSet, List, Mapping, NoReturn, Optional,
                    Sequence, Tuple, Union)

from .. import ber
from ..asn1 import rose as _rose
from ..asn1.core import Type, K_NULL
from ..errors import (AssociationAborted, AssociationRejected, DecodeError, EncodeError,
                      LocalProtocolError, ProtocolError, RemoteOperationError,
                      Rejected, ROSEProtocolError)
from . import acse as _a
from . import presentation as _p
from . import session as _s
from . import transport as _t
from .acse import APPLICATION_CONTEXTS, PresentationAddress, contexts_for
from .presentation import BER, NEED_DATA, NeedData, PData, Role

__all__ = [
    "Role",
    "ROSEState",
    "NEED_DATA",
    "ROSEConnection",
    "Operation",
    "ErrorType",
    "AbstractSyntax",
    "BindSyntax",
    "BindRequest",
    "BindIndication",
    "BindResult",
    "BindError",
    "Invoke",
    "Result",
    "Error",
    "Reject",
    "UnbindRequest",
    "UnbindIndication",
    "UnbindResult",
    "AbortRequest",
    "Aborted",
    "ROSEEvent",
    "Code",
    "DEFAULT_MAX_OUTSTANDING",
    "SEND_TRANSITIONS",
    "RECEIVE_TRANSITIONS",
]

#: An operation or error code: a local INTEGER or a global OID (dotted str).
Code = Union[int, str]

#: Default caps on unanswered invocations, each direction.
DEFAULT_MAX_OUTSTANDING = 1024

_MAX_INVOKE_ID = 0x7FFFFFFF
_NULL = b"\x05\x00"


def _check_code(code: object, what: str) -> None:
    if isinstance(code, bool) or not isinstance(code, (int, str)):
        raise TypeError("%s must be an int (local) or a dotted OID str (global)" % what)


def _code_value(code: Code) -> Tuple[str, Code]:
    return ("local", code) if isinstance(code, int) else ("global", code)


def _is_null(t: Optional[Type]) -> bool:
    return t is not None and t.node().kind == K_NULL


_set = object.__setattr__


# ---------------------------------------------------------------------------
# Steady-state fast path: byte layouts
#
# Once the association is up, nearly every TPKT in either direction is one
# ROS APDU in one P-DATA, always in this exact shape (osi-stack.md 4.6):
#
#   03 00 LL LL | 02 F0 80 | 01 00 01 00 | 61 L1 30 L2 02 01 pc A0 L3 | APDU
#   TPKT          X.224 DT   GT + DT SPDU   User-data, one PDV-list     ROS
#
# Only the lengths and the context id vary, so the sending side writes the
# 20-odd header octets directly and the receiving side recognises them
# directly, instead of building and parsing four layers of events.  The
# bytes are identical to what the layers produce one by one; anything that
# is not exactly this shape (a segmented TSDU, another SPDU, several PDVs,
# a transfer-syntax name, indefinite lengths, a state other than data
# transfer...) goes through the general path, which keeps every check.

_STEADY_PREFIX = b"\x02\xf0\x80\x01\x00\x01\x00\x61"
_LEN1 = [bytes((n,)) for n in range(0x80)]


def _ber_length(n: int) -> bytes:
    """A definite BER length in its minimal form."""
    if n < 0x80:
        return _LEN1[n]
    if n < 0x100:
        return bytes((0x81, n))
    if n < 0x10000:
        return bytes((0x82, n >> 8, n & 0xFF))
    b = n.to_bytes((n.bit_length() + 7) // 8, "big")
    return bytes((0x80 | len(b),)) + b


def _int_tlv(v: int) -> bytes:
    """A universal INTEGER TLV (minimal two's complement, as the codec)."""
    if 0 <= v < 0x80:
        return _SMALL_INTS[v]
    n = ((v if v >= 0 else ~v).bit_length() + 8) // 8
    return b"\x02" + _ber_length(n) + v.to_bytes(n, "big", signed=True)


_SMALL_INTS = [bytes((2, 1, v)) for v in range(0x80)]


def _steady_header(pcid: int, n: int) -> bytes:
    """TPKT + DT + GT/DT + User-data headers for an APDU of ``n`` octets
    on context ``pcid`` (1..127)."""
    if n < 0x79:
        # The common case: every length in its one-octet form.
        pdv = n + 5                                     # 02 01 pc A0 L3 + APDU
        ud = n + 7                                      # 30 L2 + PDV-list
        tpkt = n + 20
        return bytes((3, 0, 0, tpkt, 2, 0xF0, 0x80, 1, 0, 1, 0,
                      0x61, ud, 0x30, pdv, 2, 1, pcid, 0xA0, n))
    l3 = _ber_length(n)
    pdv = 4 + len(l3) + n
    l2 = _ber_length(pdv)
    ud = 1 + len(l2) + pdv
    l1 = _ber_length(ud)
    tpkt = 12 + len(l1) + ud
    return b"".join((bytes((3, 0, tpkt >> 8, tpkt & 0xFF)), _STEADY_PREFIX, l1, b"\x30",
                     l2, bytes((2, 1, pcid, 0xA0)), l3))


# Header templates by (APDU length << 7 | context id): steady traffic repeats
# a few sizes, so most frames find theirs here.  Bounded: cleared when full.
# (Invokes and results with local codes are framed whole by the compiled
# _steady_frame; these serve the other APDUs sent in data transfer.)
_HEADERS: Dict[int, bytes] = {}
_CACHE_LIMIT = 4096


def _header_for(pcid: int, n: int) -> bytes:
    key = (n << 7) | pcid
    header = _HEADERS.get(key)
    if header is None:
        if len(_HEADERS) >= _CACHE_LIMIT:
            _HEADERS.clear()
        header = _HEADERS[key] = _steady_header(pcid, n)
    return header


# The compiled parts (x400fast._framing, or its pure twin): recognising a
# steady-state TPDU and decoding an invoke/returnResult envelope in one
# call (the transport's take_steady uses it), and writing a whole frame
# around an invoke or returnResult.
_framing = _t._framing
_ros_envelope = _framing.ros_envelope
_steady_frame = _framing.steady_frame


def _quick_ros(data: bytes, start: int) -> Optional[Tuple[int, int, Optional[int],
                                                      Optional[bytes]]]:
    """``(kind, invoke id, opcode, raw)`` of an invoke (kind 1) or
    returnResult (kind 2) APDU at ``data[start:]``, exactly as the codec
    decodes them, or ``None`` for any other shape (see
    ``_framing.ros_envelope``)."""
    return _ros_envelope(data, start)


def _steady_apdu(body: bytes) -> Tuple[int, int]:
    """``(pcid, start)`` of the one ROS APDU of a steady-state TPDU, or
    ``(0, 0)`` when the TPDU has any other shape (see
    ``_framing.steady_ros``)."""
    got = _framing.steady_ros(body)
    return (0, 0) if got is None else (got[0], got[1])


# ---------------------------------------------------------------------------
# Tables supplied by the caller


@dataclass(frozen=True)
class Operation:
    """One operation of an abstract syntax.

    :ivar code: the operation code (local int, or global OID str).
    :ivar argument: the argument's type; ``None`` when the operation takes
        no argument.
    :ivar result: the result's type; ``None`` when success is reported
        without a value (returnResult carries no result).  A NULL result
        type also accepts a result sent without a value.
    :ivar errors: the error codes the operation may return; ``None``
        accepts any error of the syntax.
    """

    code: Code
    name: str
    argument: Optional[Type] = None
    result: Optional[Type] = None
    errors: Optional[FrozenSet[Code]] = None

    def __post_init__(self) -> None:
        _check_code(self.code, "code")
        if self.errors is not None:
            object.__setattr__(self, "errors", frozenset(self.errors))


@dataclass(frozen=True)
class ErrorType:
    """One error of an abstract syntax.

    :ivar parameter: the parameter's type, ``None`` for an error without
        one (a NULL parameter, ``05 00``, is accepted for those too, as
        peers send either).
    """

    code: Code
    name: str
    parameter: Optional[Type] = None

    def __post_init__(self) -> None:
        _check_code(self.code, "code")


@dataclass(frozen=True)
class AbstractSyntax:
    """The operations and errors of one abstract syntax (one presentation
    context carries it)."""

    oid: str
    name: str
    operations: Tuple[Operation, ...] = ()
    errors: Tuple[ErrorType, ...] = ()
    operations_by_code: Mapping[Code, Operation] = field(init=False, repr=False,
                                                         compare=False)
    errors_by_code: Mapping[Code, ErrorType] = field(init=False, repr=False,
                                                     compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "operations", tuple(self.operations))
        object.__setattr__(self, "errors", tuple(self.errors))
        ops = {}
        for op in self.operations:
            if op.code in ops:
                raise ValueError("%s: operation code %r defined twice" % (self.name, op.code))
            ops[op.code] = op
        errs = {}
        for err in self.errors:
            if err.code in errs:
                raise ValueError("%s: error code %r defined twice" % (self.name, err.code))
            errs[err.code] = err
        object.__setattr__(self, "operations_by_code", ops)
        object.__setattr__(self, "errors_by_code", errs)

    @classmethod
    def from_tables(cls, oid: str, name: str, operations: Mapping[Code, Any],
                    errors: Mapping[Code, Any] = {}) -> "AbstractSyntax":
        """Build from per-syntax tables of any records that have the
        attributes of :class:`Operation` (``name``, ``code``, ``argument``,
        ``result``, ``errors``) and :class:`ErrorType` (``name``, ``code``,
        ``parameter``), such as the ``OPERATIONS``/``ERRORS`` tables of the
        X.411 and X.413 modules."""
        ops = tuple(Operation(code, o.name, o.argument, o.result,
                              None if o.errors is None else frozenset(o.errors))
                    for code, o in operations.items())
        errs = tuple(ErrorType(code, e.name, e.parameter) for code, e in errors.items())
        return cls(oid, name, ops, errs)


@dataclass(frozen=True)
class BindSyntax:
    """The bind and unbind of one bind abstract syntax (id-as-mts, id-as-ms...).

    :ivar argument: / :ivar result: / :ivar error: the types inside the
        ``[16]``/``[17]``/``[18]`` wrappers.
    :ivar unbind_argument: / :ivar unbind_result: the types inside
        ``[19]``/``[20]``; ``None`` (P3 and P7) means an empty unbind: the
        RLRQ and RLRE carry no user information.
    """

    oid: str
    name: str
    argument: Type
    result: Type
    error: Optional[Type] = None
    unbind_argument: Optional[Type] = None
    unbind_result: Optional[Type] = None


# ---------------------------------------------------------------------------
# States


class ROSEState(enum.Enum):
    """States of :class:`ROSEConnection`.

    IDLE
        Not bound (a responder waits for the bind here).
    BINDING
        Initiator: bind sent (AARQ), waiting for its result.
    WAIT_BIND_RESPONSE
        Responder: bind indicated; answer with :class:`BindResult` or
        :class:`BindError`.
    BOUND
        Operations flow in both directions.
    UNBINDING
        Unbind sent; results of outstanding operations may still arrive.
    WAIT_UNBIND_RESPONSE
        Unbind indicated: answer outstanding invocations, then
        :class:`UnbindResult`.
    UNBIND_COLLISION
        Both sides unbound at once: answer with :class:`UnbindResult` and
        wait for the peer's.
    CLOSED
        Over; write ``data_to_send()`` and close the socket.
    ERROR
        A protocol error ended the association.
    """

    # Members are singletons compared by identity: hashing by identity keeps
    # the per-PDU transition-table lookups off Enum's Python-level __hash__.
    __hash__ = object.__hash__

    IDLE = "IDLE"
    BINDING = "BINDING"
    WAIT_BIND_RESPONSE = "WAIT_BIND_RESPONSE"
    BOUND = "BOUND"
    UNBINDING = "UNBINDING"
    WAIT_UNBIND_RESPONSE = "WAIT_UNBIND_RESPONSE"
    UNBIND_COLLISION = "UNBIND_COLLISION"
    CLOSED = "CLOSED"
    ERROR = "ERROR"


# ---------------------------------------------------------------------------
# Events


@dataclass(frozen=True)
class BindRequest:
    """Initiator: bind (A-ASSOCIATE with ``[16]`` bind-invoke).

    :ivar argument: the bind argument (value of the bind syntax's type).
    :ivar application_context: e.g. mts-access-88 ``"2.6.0.1.0"``.
    :ivar abstract_syntaxes: the syntaxes to propose besides ACSE; by
        default those X.419 lists for the application context.
    :ivar bind_syntax: the bind abstract syntax; by default the one X.419
        lists for the application context.
    :ivar called_ap_title: / :ivar called_ae_qualifier: /
        :ivar calling_ap_title: / :ivar calling_ae_qualifier: AARQ fields
        in the codec's value model (``("ap_title_form2", "1.3.9999.1")``,
        ``("aso_qualifier_form2", 1)``); ``None`` leaves them out.
    """

    # Bind arguments and results carry credentials (simple passwords):
    # kept out of the events' reprs (reliability.md 5.2).
    argument: Any = field(repr=False)
    application_context: str
    abstract_syntaxes: Optional[Tuple[str, ...]] = None
    bind_syntax: Optional[str] = None
    called: PresentationAddress = field(default_factory=PresentationAddress)
    calling: PresentationAddress = field(default_factory=PresentationAddress)
    called_ap_title: Any = None
    called_ae_qualifier: Any = None
    calling_ap_title: Any = None
    calling_ae_qualifier: Any = None


@dataclass(frozen=True)
class BindIndication:
    """Responder: a bind arrived.

    :ivar argument: the decoded bind argument.
    :ivar accepted_syntaxes: abstract syntaxes of the accepted contexts.
    """

    argument: Any = field(repr=False)
    application_context: str
    bind_syntax: str
    accepted_syntaxes: Tuple[str, ...]
    calling: PresentationAddress = field(default_factory=PresentationAddress)
    called: PresentationAddress = field(default_factory=PresentationAddress)


@dataclass(frozen=True)
class BindResult:
    """The bind succeeded.

    Responder to machine: accept with ``result`` (sends the AARE with
    ``[17]``).  Machine to initiator: the ``[17]`` arrived; the contexts
    accepted are in ``accepted_syntaxes``.
    """

    result: Any = field(repr=False)
    application_context: Optional[str] = None
    accepted_syntaxes: Tuple[str, ...] = ()


@dataclass(frozen=True)
class BindError:
    """The bind failed.

    Responder to machine: reject with ``error`` (a value of the bind
    syntax's error type; sent as ``[18]`` in an AARE rejected-permanent,
    service-user ``diagnostic``, inside a CPR).  Machine to user: the bind
    was refused -- with the decoded ``error`` when an ``[18]`` came back,
    else ``None`` and the ACSE/presentation/session reason; with ``local``
    true, this machine rejected a bind by itself.
    """

    error: Any = None
    diagnostic: int = 1
    result: Optional[int] = None
    source: Optional[str] = None
    local: bool = False
    detail: str = ""

    def as_error(self) -> AssociationRejected:
        """The exception a blocking caller would raise for this event."""
        return AssociationRejected(self.detail or "bind refused", self.result,
                                   self.source, self.diagnostic, self.error)


@dataclass(frozen=True)
class Invoke:
    """An invocation, both directions.

    User to machine: ``invoke_id`` ``None`` lets the machine allocate one
    (``send()`` returns it); ``abstract_syntax`` may be left out when the
    operation code is defined by exactly one accepted syntax.  Machine to
    user: the peer invoked ``opcode`` on ``abstract_syntax`` with the
    decoded ``argument``; answer with :class:`Result`, :class:`Error` or
    :class:`Reject` naming ``invoke_id``.
    """

    opcode: Code
    argument: Any = None
    abstract_syntax: Optional[str] = None
    invoke_id: Optional[int] = None
    linked_id: Optional[int] = None
    name: str = ""

    # One event per operation in each direction: this __init__ (same
    # signature as the generated one) fills the instance dict in one step
    # instead of six guarded setattr calls, which halves its cost.
    def __init__(self, opcode: Code, argument: Any = None,
                 abstract_syntax: Optional[str] = None, invoke_id: Optional[int] = None,
                 linked_id: Optional[int] = None, name: str = "") -> None:
        _set(self, "__dict__", {"opcode": opcode, "argument": argument,
                                "abstract_syntax": abstract_syntax,
                                "invoke_id": invoke_id, "linked_id": linked_id,
                                "name": name})


@dataclass(frozen=True)
class Result:
    """A successful outcome, both directions (``result`` decoded on receipt)."""

    invoke_id: int
    result: Any = None
    opcode: Optional[Code] = None
    abstract_syntax: Optional[str] = None

    def __init__(self, invoke_id: int, result: Any = None, opcode: Optional[Code] = None,
                 abstract_syntax: Optional[str] = None) -> None:
        _set(self, "__dict__", {"invoke_id": invoke_id, "result": result,
                                "opcode": opcode, "abstract_syntax": abstract_syntax})


@dataclass(frozen=True)
class Error:
    """A failed outcome (returnError), both directions."""

    invoke_id: int
    errcode: Code
    parameter: Any = None
    name: str = ""
    opcode: Optional[Code] = None
    abstract_syntax: Optional[str] = None

    def as_error(self) -> RemoteOperationError:
        """The exception a blocking caller would raise for this event."""
        return RemoteOperationError(self.invoke_id, self.errcode, self.parameter,
                                    self.name or None, self.opcode)


@dataclass(frozen=True)
class Reject:
    """A ROS reject, both directions.

    User to machine: refuse one of the peer's invocations (``kind`` is
    then ``"invoke"``, e.g. ``resourceLimitation``).  Machine to user:
    the peer rejected a PDU (``local`` false), or this machine rejected one
    of the peer's (``local`` true, with ``detail``).

    :ivar kind: ``"general"``, ``"invoke"``, ``"return_result"`` or
        ``"return_error"``.
    :ivar problem: the problem code (see :data:`x400fast.asn1.rose.PROBLEMS`).
    """

    invoke_id: Optional[int]
    kind: str
    problem: int
    local: bool = False
    detail: str = ""
    abstract_syntax: Optional[str] = None

    @property
    def problem_name(self) -> Optional[str]:
        for name, value in _rose.PROBLEMS.get(self.kind, {}).items():
            if value == self.problem:
                return name
        return None

    def as_error(self) -> Rejected:
        """The exception a blocking caller would raise for this event."""
        return Rejected(self.invoke_id, self.kind, self.problem, self.problem_name,
                        self.local)


@dataclass(frozen=True)
class UnbindRequest:
    """User: unbind (A-RELEASE).  ``argument`` only for syntaxes that define
    an unbind argument; P3 and P7 send none."""

    argument: Any = None


@dataclass(frozen=True)
class UnbindIndication:
    """The peer unbound; answer outstanding invocations, then UnbindResult."""

    argument: Any = None


@dataclass(frozen=True)
class UnbindResult:
    """User: complete the peer's unbind.  Machine: the unbind is complete;
    close the socket."""

    result: Any = None


@dataclass(frozen=True)
class AbortRequest:
    """User: abort the association (A-ABORT)."""


@dataclass(frozen=True)
class Aborted:
    """The association was aborted; outstanding invocations are in doubt.

    :ivar outstanding: invoke ids of this side's invocations that never got
        an answer.
    """

    provider: bool = True
    detail: str = ""
    outstanding: Tuple[int, ...] = ()
    source: Optional[int] = None
    diagnostic: Any = None

    def as_error(self) -> AssociationAborted:
        """The exception a blocking caller would raise for this event."""
        return AssociationAborted(self.detail or "association aborted", self.provider,
                                  self.source, self.diagnostic)


ROSEEvent = Union[BindRequest, BindIndication, BindResult, BindError, Invoke, Result,
                  Error, Reject, UnbindRequest, UnbindIndication, UnbindResult,
                  AbortRequest, Aborted]


# ---------------------------------------------------------------------------
# Transition tables

# State members the fast paths compare against (one global load each).
_BOUND = ROSEState.BOUND
_ASSOCIATED = _a.ACSEState.ASSOCIATED
_P_OPEN = _p.PresentationState.OPEN
_S_OPEN = _s.SessionState.OPEN
_T_OPEN = _t.State.OPEN

_S = ROSEState
_OPERATING = (_S.BOUND, _S.UNBINDING, _S.WAIT_UNBIND_RESPONSE, _S.UNBIND_COLLISION)

SEND_TRANSITIONS: Dict[Tuple[ROSEState, type], Tuple[str, ROSEState]] = {
    (_S.IDLE, BindRequest): ("_send_bind", _S.BINDING),
    (_S.WAIT_BIND_RESPONSE, BindResult): ("_send_bind_result", _S.BOUND),
    (_S.WAIT_BIND_RESPONSE, BindError): ("_send_bind_error", _S.CLOSED),
    (_S.BOUND, Invoke): ("_send_invoke", _S.BOUND),
    (_S.BOUND, UnbindRequest): ("_send_unbind", _S.UNBINDING),
    (_S.WAIT_UNBIND_RESPONSE, UnbindResult): ("_send_unbind_result", _S.CLOSED),
    (_S.UNBIND_COLLISION, UnbindResult): ("_send_unbind_result", _S.UNBINDING),
}
for _state in (_S.BOUND, _S.WAIT_UNBIND_RESPONSE):
    # Answers go out while the association can carry data: before this
    # side asks to unbind, and while the peer's unbind waits for us.
    SEND_TRANSITIONS[(_state, Result)] = ("_send_result", _state)
    SEND_TRANSITIONS[(_state, Error)] = ("_send_error", _state)
    SEND_TRANSITIONS[(_state, Reject)] = ("_send_reject", _state)
for _state in (_S.BINDING, _S.WAIT_BIND_RESPONSE) + _OPERATING:
    SEND_TRANSITIONS[(_state, AbortRequest)] = ("_send_abort", _S.CLOSED)

RECEIVE_TRANSITIONS: Dict[Tuple[ROSEState, type], Tuple[str, FrozenSet[ROSEState]]] = {
    (_S.IDLE, _a.AAssociateIndication): ("_on_bind", frozenset([
        _S.WAIT_BIND_RESPONSE])),
    (_S.IDLE, _a.AAssociateRejected): ("_on_bind_refused", frozenset([_S.CLOSED])),
    (_S.BINDING, _a.AAssociateConfirm): ("_on_bind_result", frozenset([_S.BOUND])),
    (_S.BINDING, _a.AAssociateRejected): ("_on_bind_refused", frozenset([_S.CLOSED])),
    (_S.BOUND, PData): ("_on_data", frozenset([_S.BOUND])),
    (_S.UNBINDING, PData): ("_on_data", frozenset([_S.UNBINDING])),
    (_S.BOUND, _a.AReleaseIndication): ("_on_unbind", frozenset([
        _S.WAIT_UNBIND_RESPONSE])),
    (_S.UNBINDING, _a.AReleaseIndication): ("_on_unbind", frozenset([
        _S.UNBIND_COLLISION])),
    (_S.UNBINDING, _a.AReleaseConfirm): ("_on_unbind_result", frozenset([_S.CLOSED])),
    (_S.UNBIND_COLLISION, _a.AReleaseConfirm): ("_on_unbind_result", frozenset([
        _S.WAIT_UNBIND_RESPONSE])),
}
for _state in (_S.IDLE, _S.BINDING, _S.WAIT_BIND_RESPONSE) + _OPERATING:
    RECEIVE_TRANSITIONS[(_state, _a.AAbort)] = ("_on_abort", frozenset([_S.CLOSED]))
del _state


class _Pending:
    """An invocation waiting for its answer (one per operation: slots)."""

    __slots__ = ("opcode", "operation", "syntax", "context_id")

    def __init__(self, opcode: Code, operation: Operation, syntax: AbstractSyntax,
                 context_id: int) -> None:
        self.opcode = opcode
        self.operation = operation
        self.syntax = syntax
        self.context_id = context_id


class _RejectPDU(Exception):
    """Internal: the PDU being handled is to be rejected."""

    def __init__(self, invoke_id: Optional[int], kind: str, problem: str,
                 detail: str) -> None:
        super().__init__(detail)
        self.invoke_id = invoke_id
        self.kind = kind
        self.problem = problem
        self.detail = detail


# ---------------------------------------------------------------------------
# The machine


class ROSEConnection:
    """Sans-I/O remote operations over ACSE (the P3/P7 realisation).

    :param role: :attr:`Role.INITIATOR` (binds) or :attr:`Role.RESPONDER`.
    :param syntaxes: the operation tables, one per abstract syntax.
    :param binds: the bind syntaxes this side can use (initiator) or
        accept (responder).
    :param max_incoming: most unanswered invocations from the peer; beyond
        it invokes are rejected with resourceLimitation.
    :param max_outgoing: most unanswered invocations of ours; beyond it
        ``send(Invoke)`` raises LocalProtocolError.
    :param direct_reference: put the BER transfer syntax OID in the bind
        EXTERNAL's direct-reference, as ISODE does (both forms decode
        everywhere).
    :param acse: the ACSE machine to drive; by default one is made with
        ``role`` and ``options`` (``application_contexts`` and the lower
        layers' options).
    """

    #: Use the steady-state fast paths (see "Steady-state fast path" above).
    #: They produce and accept exactly what the general path does; setting
    #: this false (on the class or one machine) runs every PDU through all
    #: the layers, for comparison.
    fast_path = True

    def __init__(self, role: Role, *, syntaxes: Sequence[AbstractSyntax] = (),
                 binds: Sequence[BindSyntax] = (),
                 max_incoming: int = DEFAULT_MAX_OUTSTANDING,
                 max_outgoing: int = DEFAULT_MAX_OUTSTANDING,
                 direct_reference: bool = True,
                 acse: Optional[_a.ACSEConnection] = None, **options: Any) -> None:
        if not isinstance(role, Role):
            raise TypeError("role must be a Role")
        for name, cap in (("max_incoming", max_incoming), ("max_outgoing", max_outgoing)):
            if not isinstance(cap, int) or cap < 1:
                raise ValueError("%s must be a positive int" % name)
        if acse is None:
            acse = _a.ACSEConnection(role, **options)
        elif options:
            raise TypeError("options given together with an ACSE machine")
        elif acse.role is not role:
            raise ValueError("the ACSE machine plays the other role")
        self._role = role
        self._acse = acse
        # The machines below, for the steady-state fast path (which reads
        # their states) and for handing bytes straight to the transport
        # (every layer's receive_data/data_to_send only delegates down).
        self._pres = acse.presentation
        self._sess = self._pres.session
        self._tr = self._sess.transport
        self._syntaxes: Dict[str, AbstractSyntax] = {}
        for s in syntaxes:
            if s.oid in self._syntaxes:
                raise ValueError("abstract syntax %s given twice" % s.oid)
            self._syntaxes[s.oid] = s
        self._binds: Dict[str, BindSyntax] = {b.oid: b for b in binds}
        self._max_incoming = max_incoming
        self._max_outgoing = max_outgoing
        self._direct_reference = direct_reference
        self._state = ROSEState.IDLE
        self._events: Deque[ROSEEvent] = deque()
        self._bind: Optional[BindSyntax] = None
        self._bind_pcid: Optional[int] = None
        self._outgoing: Dict[int, _Pending] = {}
        self._incoming: Dict[int, _Pending] = {}
        self._next_id = 1
        # Accepted contexts: identifier -> abstract syntax OID, and back.
        self._dcs: Dict[int, str] = {}
        self._pcid_of: Dict[str, int] = {}
        # Local operation code -> (syntax, context id) when exactly one
        # accepted syntax defines it (built with the defined context set).
        self._by_opcode: Dict[Code, Tuple[AbstractSyntax, int]] = {}
        # (opcode, abstract syntax) -> what _send_invoke needs (local codes).
        self._plans: Dict[Tuple[Code, Optional[str]], Tuple[Operation, AbstractSyntax,
                                                              int, bytes]] = {}

    # -- inspection ---------------------------------------------------------

    @property
    def role(self) -> Role:
        return self._role

    @property
    def state(self) -> ROSEState:
        return self._state

    @property
    def acse(self) -> _a.ACSEConnection:
        """The underlying ACSE machine (read it; do not drive it)."""
        return self._acse

    @property
    def outstanding(self) -> Tuple[int, ...]:
        """Invoke ids of this side's invocations still waiting for an answer."""
        return tuple(self._outgoing)

    @property
    def unanswered(self) -> Tuple[int, ...]:
        """Invoke ids of the peer's invocations this side still owes an answer."""
        return tuple(self._incoming)

    # -- user side ----------------------------------------------------------

    def send(self, event: ROSEEvent) -> Optional[int]:
        """Act on a user request or response; bytes go to ``data_to_send()``.

        :returns: the invoke id for an :class:`Invoke`, else ``None``.
        :raises LocalProtocolError: not allowed now, unknown operation or
            invoke id, or a value that does not encode (nothing is sent).
        """
        kind = type(event)
        if self._state is _BOUND and (kind is Invoke or kind is Result):
            # Data transfer's two everyday requests, whose table entries
            # keep the state BOUND: straight to their handlers.
            try:
                if kind is Invoke:
                    return self._send_invoke(event)  # type: ignore[arg-type]
                self._send_result(event)  # type: ignore[arg-type]
                return None
            except EncodeError as exc:
                raise LocalProtocolError("cannot encode %s: %s"
                                         % (kind.__name__, exc)) from exc
        entry = SEND_TRANSITIONS.get((self._state, kind))
        if entry is None or (kind is BindRequest
                             and self._role is not Role.INITIATOR):
            raise LocalProtocolError("%s cannot send %s in ROSE state %s"
                                     % (self._role.value, type(event).__name__,
                                        self._state.value))
        handler_name, next_state = entry
        try:
            out = getattr(self, handler_name)(event)
        except EncodeError as exc:
            raise LocalProtocolError("cannot encode %s: %s"
                                     % (type(event).__name__, exc)) from exc
        self._state = next_state
        return out

    def data_to_send(self) -> bytes:
        """Return (and forget) every byte queued for the peer."""
        return self._tr.data_to_send()

    # -- network side -------------------------------------------------------

    def receive_data(self, data: bytes) -> None:
        """Buffer bytes from the socket; ``b""`` means the peer closed TCP."""
        self._tr.receive_data(data)

    def next_event(self) -> Union[ROSEEvent, NeedData]:
        """Return the next event, or :data:`NEED_DATA`.

        :raises ROSEProtocolError: a bind or unbind fault (see the module
            docstring); the association has been rejected or aborted.
        :raises ProtocolError: a lower layer failed.
        :raises LocalProtocolError: called again after an error.
        """
        if self._events:
            return self._events.popleft()
        if self._state is ROSEState.ERROR:
            raise LocalProtocolError("ROSE machine is in ERROR state")
        acse = self._acse
        if (self.fast_path and self._state is _BOUND and acse._state is _ASSOCIATED
                and not acse._events
                and self._pres._state is _P_OPEN and not self._pres._events
                and self._sess._state is _S_OPEN and not self._sess._events):
            event = self._next_steady()
            if event is not None:
                return event
        while True:
            try:
                aev = self._acse.next_event()
            except ProtocolError:
                self._state = ROSEState.ERROR
                raise
            if aev is NEED_DATA:
                return NEED_DATA
            self._dispatch(aev)
            if self._events:
                return self._events.popleft()

    def _next_steady(self) -> Optional[ROSEEvent]:
        """Receive fast path: the next event from TPDUs of the steady-state
        shape, or ``None`` to let the general path run (every layer open
        and idle, checked by the caller).

        The transport hands over a TPDU it has checked (one DT with EOT,
        within the negotiated sizes) together with what the compiled
        recogniser (``_framing.steady_ros``) made of it: context, APDU
        offset and, for an invoke or returnResult, the decoded envelope.
        """
        tr = self._tr
        events = self._events
        while True:
            taken = tr.take_steady()
            if taken is None:
                return None
            body, (pcid, start, kind, iid, code, raw) = taken
            oid = self._dcs.get(pcid)
            if oid is None or pcid == self._acse._acse_pcid:
                tr.unread_frame(body)
                return None
            try:
                if kind == 1:
                    self._invoked(pcid, oid, self._syntaxes.get(oid),
                                  iid, None, code, raw)  # type: ignore[arg-type]
                elif kind == 2:
                    self._resulted(iid, code, raw)  # type: ignore[arg-type]
                else:
                    self._on_apdu(pcid, oid, body[start:])
            except _RejectPDU as rj:
                self._reject(pcid, oid, rj)
            if events:
                return events.popleft()

    # -- dispatch -------------------------------------------------------------

    def _dispatch(self, aev: object) -> None:
        entry = RECEIVE_TRANSITIONS.get((self._state, type(aev)))
        if entry is None:
            if self._state is ROSEState.CLOSED:
                return
            self._fail(ROSEProtocolError("unexpected association event %s in ROSE "
                                         "state %s" % (type(aev).__name__,
                                                       self._state.value)))
        handler_name, allowed = entry  # type: ignore[misc]
        try:
            next_state = getattr(self, handler_name)(aev)
        except ROSEProtocolError as exc:
            self._fail(exc)
        assert next_state in allowed, (handler_name, next_state)
        self._state = next_state

    def _fail(self, exc: ROSEProtocolError) -> NoReturn:
        """Enter ERROR after rejecting the bind or aborting, then raise."""
        astate = self._acse.state
        self._state = ROSEState.ERROR
        try:
            if astate is _a.ACSEState.WAIT_ASSOCIATE_RESPONSE:
                self._acse.send(_a.AAssociateReject(diagnostic=1))
            elif astate in (_a.ACSEState.ASSOCIATED, _a.ACSEState.WAIT_RLRE,
                            _a.ACSEState.WAIT_RELEASE_RESPONSE, _a.ACSEState.COLLISION):
                self._acse.send(_a.AAbortRequest())
        except LocalProtocolError:      # pragma: no cover - states checked above
            pass
        raise exc

    def _accept_contexts(self, contexts: Sequence[Any]) -> None:
        self._dcs = {r.identifier: r.abstract_syntax for r in contexts if r.accepted}
        self._pcid_of = {}
        for pcid, oid in sorted(self._dcs.items()):
            self._pcid_of.setdefault(oid, pcid)
        self._plans.clear()
        found: Dict[Code, List[Tuple[AbstractSyntax, int]]] = {}
        for oid, pcid in self._pcid_of.items():
            syntax = self._syntaxes.get(oid)
            if syntax is not None:
                for code in syntax.operations_by_code:
                    found.setdefault(code, []).append((syntax, pcid))
        self._by_opcode = {code: where[0] for code, where in found.items()
                           if len(where) == 1}

    # -- bind -------------------------------------------------------------------

    def _bind_external(self, kind: str, value: bytes) -> Dict[str, Any]:
        assert self._bind_pcid is not None
        pdu = ber.encode(_rose.Bind, (kind, value))
        return _a.external(self._bind_pcid, pdu,
                           BER if self._direct_reference else None)

    def _bind_value(self, ui: Sequence[Dict[str, Any]], expected: str, t: Optional[Type],
                    what: str) -> Any:
        """Decode the bind PDU wrapped as ``expected`` inside ``ui``."""
        if len(ui) != 1:
            raise ROSEProtocolError("%s: user information holds %d EXTERNALs, one "
                                    "bind PDU was expected" % (what, len(ui)))
        ext = ui[0]
        if ext.get("indirect_reference") != self._bind_pcid:
            raise ROSEProtocolError("%s: the bind PDU is on presentation context %s, "
                                    "not on the bind syntax's context %s"
                                    % (what, ext.get("indirect_reference"),
                                       self._bind_pcid))
        alt, data = ext["encoding"]
        if alt != "single_asn1_type":
            raise ROSEProtocolError("%s: bind PDU sent as %s" % (what, alt))
        try:
            kind, raw = ber.decode(_rose.Bind, data)
        except DecodeError as exc:
            raise ROSEProtocolError("%s: not a bind PDU (%s)" % (what, exc)) from exc
        if kind != expected:
            raise ROSEProtocolError("%s: %s where %s belongs" % (what, kind, expected))
        if t is None:
            return raw
        try:
            return ber.decode(t, raw)
        except DecodeError as exc:
            raise ROSEProtocolError("%s: %s does not decode as %s (%s)"
                                    % (what, kind, t.name or type(t).__name__,
                                       exc)) from exc

    def _send_bind(self, event: BindRequest) -> None:
        ac = APPLICATION_CONTEXTS.get(event.application_context)
        syntaxes = event.abstract_syntaxes
        if syntaxes is None:
            if ac is None:
                raise LocalProtocolError("unknown application context %s: give its "
                                         "abstract syntaxes" % event.application_context)
            syntaxes = ac.abstract_syntaxes
        bind_oid = event.bind_syntax or (ac.bind_syntax if ac is not None else None)
        if bind_oid is None or bind_oid not in syntaxes:
            raise LocalProtocolError("the bind abstract syntax %s is not among the "
                                     "syntaxes proposed" % bind_oid)
        bind = self._binds.get(bind_oid)
        if bind is None:
            raise LocalProtocolError("no BindSyntax given for %s" % bind_oid)
        contexts = contexts_for(tuple(syntaxes))
        self._bind_pcid = next(c.identifier for c in contexts
                               if c.abstract_syntax == bind_oid)
        self._bind = bind
        arg = ber.encode(bind.argument, event.argument)
        self._acse.send(_a.AAssociateRequest(
            event.application_context, contexts,
            (self._bind_external("bind_invoke", arg),),
            called=event.called, calling=event.calling,
            called_ap_title=event.called_ap_title,
            called_ae_qualifier=event.called_ae_qualifier,
            calling_ap_title=event.calling_ap_title,
            calling_ae_qualifier=event.calling_ae_qualifier))

    def _on_bind(self, aev: _a.AAssociateIndication) -> ROSEState:
        self._accept_contexts(aev.contexts)
        ui = aev.user_information
        exts = [e for e in ui
                if self._dcs.get(e.get("indirect_reference", 0), "") in self._binds]
        if len(exts) != 1:
            raise ROSEProtocolError("AARQ without exactly one bind PDU on an accepted "
                                    "bind syntax context (user information holds %d "
                                    "EXTERNALs)" % len(ui))
        pcid = exts[0]["indirect_reference"]
        bind = self._binds[self._dcs[pcid]]
        ac = APPLICATION_CONTEXTS.get(aev.application_context)
        if ac is not None and ac.bind_syntax != bind.oid:
            raise ROSEProtocolError("bind on syntax %s, but application context %s "
                                    "binds with %s" % (bind.oid, ac.name, ac.bind_syntax))
        self._bind = bind
        self._bind_pcid = pcid
        argument = self._bind_value(ui, "bind_invoke", bind.argument, "AARQ")
        self._events.append(BindIndication(
            argument=argument, application_context=aev.application_context,
            bind_syntax=bind.oid, accepted_syntaxes=tuple(self._pcid_of),
            calling=aev.calling, called=aev.called))
        return ROSEState.WAIT_BIND_RESPONSE

    def _send_bind_result(self, event: BindResult) -> None:
        assert self._bind is not None
        raw = ber.encode(self._bind.result, event.result)
        self._acse.send(_a.AAssociateResponse(
            (self._bind_external("bind_result", raw),),
            application_context=event.application_context))

    def _send_bind_error(self, event: BindError) -> None:
        assert self._bind is not None
        ui: Tuple[Dict[str, Any], ...] = ()
        if event.error is not None:
            if self._bind.error is None:
                raise LocalProtocolError("the bind syntax %s defines no bind error"
                                         % self._bind.oid)
            raw = ber.encode(self._bind.error, event.error)
            ui = (self._bind_external("bind_error", raw),)
        self._acse.send(_a.AAssociateReject(diagnostic=event.diagnostic,
                                            user_information=ui))

    def _on_bind_result(self, aev: _a.AAssociateConfirm) -> ROSEState:
        self._accept_contexts(aev.contexts)
        assert self._bind is not None
        if self._dcs.get(self._bind_pcid) != self._bind.oid:  # type: ignore[arg-type]
            raise ROSEProtocolError("the responder did not accept the bind syntax "
                                    "context %s" % self._bind_pcid)
        result = self._bind_value(aev.user_information, "bind_result", self._bind.result,
                                  "AARE")
        self._events.append(BindResult(result, aev.application_context,
                                       tuple(self._pcid_of)))
        return ROSEState.BOUND

    def _on_bind_refused(self, aev: _a.AAssociateRejected) -> ROSEState:
        error = None
        detail = aev.detail
        if aev.user_information and self._bind is not None:
            try:
                error = self._bind_value(aev.user_information, "bind_error",
                                         self._bind.error, "AARE")
            except ROSEProtocolError as exc:
                # The association is gone: report, do not raise.
                detail += "; the bind error is unusable: %s" % exc.reason
        self._events.append(BindError(
            error=error, diagnostic=aev.diagnostic if aev.diagnostic is not None else 1,
            result=aev.result, source=aev.source, local=aev.local, detail=detail))
        return ROSEState.CLOSED

    # -- unbind and abort --------------------------------------------------------

    def _unbind_ui(self, kind: str, t: Optional[Type], value: Any) -> Tuple[Dict[str, Any], ...]:
        if t is None:
            if value is not None:
                raise LocalProtocolError("the bind syntax defines no %s value"
                                         % kind.replace("_", "-"))
            return ()
        raw = ber.encode(t, value)
        assert self._bind_pcid is not None
        pdu = ber.encode(_rose.Unbind, (kind, raw))
        return (_a.external(self._bind_pcid, pdu),)

    def _unbind_value(self, ui: Sequence[Dict[str, Any]], kind: str, t: Optional[Type],
                      what: str) -> Any:
        if not ui:
            return None
        if t is None:
            raise ROSEProtocolError("%s carries user information, but the unbind of %s "
                                    "is empty" % (what, self._bind.oid if self._bind else "?"))
        if len(ui) != 1 or ui[0].get("indirect_reference") != self._bind_pcid:
            raise ROSEProtocolError("%s: unbind PDU not on the bind syntax context" % what)
        alt, data = ui[0]["encoding"]
        try:
            got, raw = ber.decode(_rose.Unbind, data) if alt == "single_asn1_type" else (None, b"")
            if got != kind:
                raise ROSEProtocolError("%s: expected %s" % (what, kind))
            return ber.decode(t, raw)
        except DecodeError as exc:
            raise ROSEProtocolError("%s: unbind value does not decode (%s)"
                                    % (what, exc)) from exc

    def _send_unbind(self, event: UnbindRequest) -> None:
        assert self._bind is not None
        ui = self._unbind_ui("unbind_invoke", self._bind.unbind_argument, event.argument)
        self._acse.send(_a.AReleaseRequest(0, ui))

    def _on_unbind(self, aev: _a.AReleaseIndication) -> ROSEState:
        assert self._bind is not None
        arg = self._unbind_value(aev.user_information, "unbind_invoke",
                                 self._bind.unbind_argument, "RLRQ")
        self._events.append(UnbindIndication(arg))
        if self._state is ROSEState.UNBINDING:
            return ROSEState.UNBIND_COLLISION
        return ROSEState.WAIT_UNBIND_RESPONSE

    def _send_unbind_result(self, event: UnbindResult) -> None:
        assert self._bind is not None
        ui = self._unbind_ui("unbind_result", self._bind.unbind_result, event.result)
        self._acse.send(_a.AReleaseResponse(0, ui))
        self._incoming.clear()

    def _on_unbind_result(self, aev: _a.AReleaseConfirm) -> ROSEState:
        assert self._bind is not None
        result = self._unbind_value(aev.user_information, "unbind_result",
                                    self._bind.unbind_result, "RLRE")
        self._events.append(UnbindResult(result))
        if self._state is ROSEState.UNBIND_COLLISION:
            return ROSEState.WAIT_UNBIND_RESPONSE
        return ROSEState.CLOSED

    def _send_abort(self, event: AbortRequest) -> None:
        self._acse.send(_a.AAbortRequest())

    def _on_abort(self, aev: _a.AAbort) -> ROSEState:
        outstanding = tuple(self._outgoing)
        self._outgoing.clear()
        self._incoming.clear()
        self._events.append(Aborted(provider=aev.provider, detail=aev.detail,
                                    outstanding=outstanding, source=aev.source,
                                    diagnostic=aev.diagnostic))
        return ROSEState.CLOSED

    # -- operations: sending ---------------------------------------------------------

    def _send_pdu(self, pcid: int, kind: str, value: Dict[str, Any]) -> None:
        self._send_apdu(pcid, ber.encode(_rose.ROS, (kind, value)))

    def _send_apdu(self, pcid: int, head: bytes, tail: bytes = b"") -> None:
        """Send the ROS APDU ``head + tail`` on context ``pcid``.

        In data transfer the frame is written here in one piece (the
        send fast path: the same bytes the layers would produce); in any
        other state, or when the TSDU needs more than one DT, it goes down
        through ACSE as a P-DATA.
        """
        tr = self._tr
        acse = self._acse
        if (self.fast_path and acse._state is _ASSOCIATED and self._pres._state is _P_OPEN
                and self._sess._state is _S_OPEN and tr._state is _T_OPEN
                and 0 < pcid < 0x80 and pcid != acse._acse_pcid):
            n = len(head) + len(tail)
            # Headers take at most 30 octets: bigger APDUs may need more
            # than one DT, which the general path cuts.
            if n <= (tr._tpdu_size or 0) - 30:
                header = _header_for(pcid, n)
                if tail:
                    tr.queue_frames(header, head, tail)
                else:
                    tr.queue_frames(header, head)
                return
        acse.send(PData.single(pcid, head + tail if tail else head))

    def _whole_frame(self, pcid: int, kind: int, iid: int, code: int,
                      payload: bytes) -> Optional[bytes]:
        """The whole frame of an invoke (kind 1) or returnResult (kind 2)
        with local code ``code``, when the send fast path applies (the
        same conditions as in :meth:`_send_apdu`); else ``None``."""
        tr = self._tr
        acse = self._acse
        if (self.fast_path and acse._state is _ASSOCIATED and self._pres._state is _P_OPEN
                and self._sess._state is _S_OPEN and tr._state is _T_OPEN
                and 0 < pcid < 0x80 and pcid != acse._acse_pcid):
            return _steady_frame(pcid, kind, iid, code, payload, (tr._tpdu_size or 0) - 30)
        return None

    def _syntax_for(self, event: Invoke) -> Tuple[AbstractSyntax, int]:
        if event.abstract_syntax is not None:
            syntax = self._syntaxes.get(event.abstract_syntax)
            pcid = self._pcid_of.get(event.abstract_syntax)
            if syntax is None or pcid is None:
                raise LocalProtocolError("abstract syntax %s is not %s"
                                         % (event.abstract_syntax,
                                            "described" if syntax is None
                                            else "in the defined context set"))
            return syntax, pcid
        where = self._by_opcode.get(event.opcode)
        if where is not None:
            return where
        found = [(self._syntaxes[oid], pcid) for oid, pcid in self._pcid_of.items()
                 if oid in self._syntaxes
                 and event.opcode in self._syntaxes[oid].operations_by_code]
        if len(found) != 1:
            raise LocalProtocolError("operation %r is defined by %d accepted abstract "
                                     "syntaxes: name the one to use"
                                     % (event.opcode, len(found)))
        return found[0]

    def _allocate(self) -> int:
        while True:
            iid = self._next_id
            self._next_id = 1 if iid >= _MAX_INVOKE_ID else iid + 1
            if iid not in self._outgoing:
                return iid

    def _invoke_plan(self, event: Invoke) -> Tuple[Operation, AbstractSyntax, int, bytes]:
        """``(operation, syntax, context id, opcode TLV)`` for an invoke of
        ``event.opcode`` on ``event.abstract_syntax``; remembered for local
        codes (one dict lookup per invoke afterwards)."""
        opcode = event.opcode
        key = (opcode, event.abstract_syntax)
        if type(opcode) is int:
            plan = self._plans.get(key)
            if plan is not None:
                return plan
        _check_code(opcode, "opcode")
        syntax, pcid = self._syntax_for(event)
        op = syntax.operations_by_code.get(opcode)
        if op is None:
            raise LocalProtocolError("operation %r is not defined by %s"
                                     % (opcode, syntax.name))
        plan = (op, syntax, pcid, _int_tlv(opcode) if type(opcode) is int else b"")
        if type(opcode) is int:
            self._plans[key] = plan
        return plan

    def _send_invoke(self, event: Invoke) -> int:
        op, syntax, pcid, code = self._invoke_plan(event)
        if len(self._outgoing) >= self._max_outgoing:
            raise LocalProtocolError("%d invocations are outstanding (the limit)"
                                     % len(self._outgoing))
        if event.invoke_id is None:
            iid = self._allocate()
        else:
            iid = event.invoke_id
            if not isinstance(iid, int) or isinstance(iid, bool):
                raise LocalProtocolError("invoke_id must be an int")
            if iid in self._outgoing:
                raise LocalProtocolError("invoke id %d is already outstanding" % iid)
        if op.argument is not None:
            arg = ber.encode(op.argument, event.argument)
        elif event.argument is not None:
            raise LocalProtocolError("operation %s takes no argument" % op.name)
        else:
            arg = b""
        if event.linked_id is None and type(event.opcode) is int:
            # The usual invoke (local code, no linked id), written directly:
            # A1 L {invoke id, opcode, argument}, as the codec would; in
            # data transfer the whole frame at once (compiled).
            frame = self._whole_frame(pcid, 1, iid, event.opcode, arg)
            if frame is not None:
                self._tr._outbox.append(frame)
            else:
                ids = (_SMALL_INTS[iid] if 0 <= iid < 0x80 else _int_tlv(iid)) + code
                self._send_apdu(pcid, b"\xa1" + _ber_length(len(ids) + len(arg)) + ids,
                                arg)
        else:
            v: Dict[str, Any] = {"invoke_id": iid, "opcode": _code_value(event.opcode)}
            if event.linked_id is not None:
                v["linked_id"] = event.linked_id
            if op.argument is not None:
                v["argument"] = arg
            self._send_pdu(pcid, "invoke", v)
        self._outgoing[iid] = _Pending(event.opcode, op, syntax, pcid)
        return iid

    def _answering(self, invoke_id: int) -> _Pending:
        pending = self._incoming.get(invoke_id)
        if pending is None:
            raise LocalProtocolError("no invocation %r of the peer awaits an answer"
                                     % (invoke_id,))
        return pending

    def _send_result(self, event: Result) -> None:
        iid = event.invoke_id
        pending = self._incoming.get(iid)
        if pending is None:
            pending = self._answering(iid)      # raises
        op = pending.operation
        if op.result is not None:
            res = ber.encode(op.result, event.result)
            opcode = pending.opcode
            if type(opcode) is int and type(iid) is int:
                # A2 L {invoke id, 30 L {opcode, result}}, written directly;
                # in data transfer the whole frame at once (compiled).
                frame = self._whole_frame(pending.context_id, 2, iid, opcode, res)
                if frame is not None:
                    self._tr._outbox.append(frame)
                    del self._incoming[iid]
                    return
                code = _SMALL_INTS[opcode] if 0 <= opcode < 0x80 else _int_tlv(opcode)
                inner = len(code) + len(res)
                seq = b"\x30" + _ber_length(inner) + code
                head = (_SMALL_INTS[iid] if 0 <= iid < 0x80 else _int_tlv(iid)) + seq
                self._send_apdu(pending.context_id,
                                b"\xa2" + _ber_length(len(head) + len(res)) + head, res)
            else:
                self._send_pdu(pending.context_id, "return_result", {
                    "invoke_id": iid, "result": {"opcode": _code_value(pending.opcode),
                                                 "result": res}})
        elif event.result is not None:
            raise LocalProtocolError("operation %s has no result value" % op.name)
        else:
            self._send_pdu(pending.context_id, "return_result", {"invoke_id": iid})
        del self._incoming[iid]

    def _send_error(self, event: Error) -> None:
        pending = self._answering(event.invoke_id)
        _check_code(event.errcode, "errcode")
        err = pending.syntax.errors_by_code.get(event.errcode)
        if err is None:
            raise LocalProtocolError("error %r is not defined by %s"
                                     % (event.errcode, pending.syntax.name))
        errors = pending.operation.errors
        if errors is not None and event.errcode not in errors:
            raise LocalProtocolError("operation %s does not report error %s"
                                     % (pending.operation.name, err.name))
        v: Dict[str, Any] = {"invoke_id": event.invoke_id,
                             "errcode": _code_value(event.errcode)}
        if err.parameter is not None:
            v["parameter"] = ber.encode(err.parameter, event.parameter)
        elif event.parameter is not None:
            raise LocalProtocolError("error %s has no parameter" % err.name)
        self._send_pdu(pending.context_id, "return_error", v)
        del self._incoming[event.invoke_id]

    def _send_reject(self, event: Reject) -> None:
        if event.invoke_id is None:
            raise LocalProtocolError("a user reject names one of the peer's invocations")
        pending = self._answering(event.invoke_id)
        if event.kind != "invoke" or event.problem not in _rose.INVOKE_PROBLEMS.values():
            raise LocalProtocolError("a user rejects an invocation with an invoke "
                                     "problem, not %s %r" % (event.kind, event.problem))
        self._send_pdu(pending.context_id, "reject", {
            "invoke_id": ("present", event.invoke_id),
            "problem": ("invoke", event.problem)})
        del self._incoming[event.invoke_id]

    # -- operations: receiving -------------------------------------------------------

    def _on_data(self, pev: PData) -> ROSEState:
        for pdv in pev.user_data:
            oid = self._dcs.get(pdv.context_id)
            try:
                if pdv.encoding != "single-ASN1-type":
                    raise _RejectPDU(None, "general", "mistypedPDU",
                                     "ROS APDU sent %s" % pdv.encoding)
                self._on_apdu(pdv.context_id, oid, pdv.value)
            except _RejectPDU as rj:
                self._reject(pdv.context_id, oid, rj)
        return self._state

    def _reject(self, pcid: int, oid: Optional[str], rj: _RejectPDU) -> None:
        problem = _rose.PROBLEMS[rj.kind][rj.problem]
        if self._state in (ROSEState.BOUND, ROSEState.WAIT_UNBIND_RESPONSE):
            iid: Tuple[str, Any] = (("present", rj.invoke_id) if rj.invoke_id is not None
                                    else ("absent", None))
            self._send_pdu(pcid, "reject", {"invoke_id": iid,
                                            "problem": (rj.kind, problem)})
            detail = rj.detail
        else:
            detail = rj.detail + " (not sent: this side is unbinding)"
        self._events.append(Reject(rj.invoke_id, rj.kind, problem, local=True,
                                   detail=detail, abstract_syntax=oid))

    def _on_apdu(self, pcid: int, oid: Optional[str], data: bytes) -> None:
        quick = _ros_envelope(data, 0) if self.fast_path else None
        if quick is not None:
            kind, iid, opcode, raw = quick
            if kind == 1:
                self._invoked(pcid, oid, self._syntaxes.get(oid) if oid is not None
                              else None, iid, None, opcode, raw)  # type: ignore[arg-type]
            else:
                self._resulted(iid, opcode, raw)
            return
        try:
            kind, v = ber.decode(_rose.ROS, data)
        except DecodeError as exc:
            tag = data[0] if data else -1
            if tag in (0xA1, 0xA2, 0xA3, 0xA4):
                raise _RejectPDU(None, "general", "mistypedPDU",
                                 "ROS APDU does not decode: %s" % exc) from exc
            raise _RejectPDU(None, "general", "unrecognizedPDU",
                             "not a ROS APDU (first octet 0x%02x)" % (tag & 0xFF)) from exc
        syntax = self._syntaxes.get(oid) if oid is not None else None
        if kind == "invoke":
            self._on_invoke(pcid, oid, syntax, v)
        elif kind == "return_result":
            self._on_result(v)
        elif kind == "return_error":
            self._on_error(v)
        else:
            self._on_reject(v, oid)

    @staticmethod
    def _code(v: Tuple[str, Code]) -> Code:
        return v[1]

    def _on_invoke(self, pcid: int, oid: Optional[str], syntax: Optional[AbstractSyntax],
                   v: Dict[str, Any]) -> None:
        self._invoked(pcid, oid, syntax, v["invoke_id"], v.get("linked_id"),
                      self._code(v["opcode"]), v.get("argument"))

    def _invoked(self, pcid: int, oid: Optional[str], syntax: Optional[AbstractSyntax],
                 iid: int, linked: Optional[int], opcode: Code, raw: Optional[bytes]
                 ) -> None:
        if iid in self._incoming:
            raise _RejectPDU(iid, "invoke", "duplicateInvocation",
                             "invoke id %d is already in use by an unanswered "
                             "invocation" % iid)
        if len(self._incoming) >= self._max_incoming:
            raise _RejectPDU(iid, "invoke", "resourceLimitation",
                             "%d invocations are unanswered (the limit)"
                             % len(self._incoming))
        if linked is not None:
            if linked in self._outgoing:
                raise _RejectPDU(iid, "invoke", "unexpectedLinkedOperation",
                                 "invocation linked to %d, whose operation has no "
                                 "linked operations" % linked)
            raise _RejectPDU(iid, "invoke", "unrecognizedLinkedId",
                             "invocation linked to %d, which is not outstanding" % linked)
        op = syntax.operations_by_code.get(opcode) if syntax is not None else None
        if op is None:
            raise _RejectPDU(iid, "invoke", "unrecognizedOperation",
                             "operation %r is not defined on context %d (%s)"
                             % (opcode, pcid, oid))
        if op.argument is None or (raw is None and _is_null(op.argument)):
            if raw is not None:
                raise _RejectPDU(iid, "invoke", "mistypedArgument",
                                 "operation %s takes no argument" % op.name)
            argument = None
        else:
            if raw is None:
                raise _RejectPDU(iid, "invoke", "mistypedArgument",
                                 "operation %s needs an argument" % op.name)
            try:
                argument = ber.decode(op.argument, raw)
            except DecodeError as exc:
                raise _RejectPDU(iid, "invoke", "mistypedArgument",
                                 "argument of %s does not decode: %s"
                                 % (op.name, exc)) from exc
        self._incoming[iid] = _Pending(opcode, op, syntax, pcid)  # type: ignore[arg-type]
        self._events.append(Invoke(opcode, argument, oid, iid, None, op.name))

    def _on_result(self, v: Dict[str, Any]) -> None:
        res = v.get("result")
        if res is None:
            self._resulted(v["invoke_id"], None, None)
        else:
            self._resulted(v["invoke_id"], self._code(res["opcode"]), res["result"])

    def _resulted(self, iid: int, opcode: Optional[Code], raw: Optional[bytes]) -> None:
        """A returnResult for ``iid``; ``opcode`` ``None`` when it carried no
        result, else the result's operation code and value TLV."""
        pending = self._outgoing.pop(iid, None)
        if pending is None:
            raise _RejectPDU(iid, "return_result", "unrecognizedInvocation",
                             "result for invoke id %d, which is not outstanding" % iid)
        op = pending.operation
        if opcode is None:
            if op.result is not None and not _is_null(op.result):
                raise _RejectPDU(iid, "return_result", "mistypedResult",
                                 "result of %s carries no value" % op.name)
            value = None
        else:
            if opcode != pending.opcode:
                raise _RejectPDU(iid, "return_result", "mistypedResult",
                                 "result names operation %r, %r was invoked"
                                 % (opcode, pending.opcode))
            if op.result is None:
                raise _RejectPDU(iid, "return_result", "mistypedResult",
                                 "operation %s has no result value" % op.name)
            try:
                value = ber.decode(op.result, raw)
            except DecodeError as exc:
                raise _RejectPDU(iid, "return_result", "mistypedResult",
                                 "result of %s does not decode: %s"
                                 % (op.name, exc)) from exc
        self._events.append(Result(iid, value, pending.opcode, pending.syntax.oid))

    def _on_error(self, v: Dict[str, Any]) -> None:
        iid = v["invoke_id"]
        pending = self._outgoing.pop(iid, None)
        if pending is None:
            raise _RejectPDU(iid, "return_error", "unrecognizedInvocation",
                             "error for invoke id %d, which is not outstanding" % iid)
        errcode = self._code(v["errcode"])
        err = pending.syntax.errors_by_code.get(errcode)
        if err is None:
            raise _RejectPDU(iid, "return_error", "unrecognizedError",
                             "error %r is not defined by %s"
                             % (errcode, pending.syntax.name))
        errors = pending.operation.errors
        if errors is not None and errcode not in errors:
            raise _RejectPDU(iid, "return_error", "unexpectedError",
                             "operation %s does not report error %s"
                             % (pending.operation.name, err.name))
        raw = v.get("parameter")
        if err.parameter is None:
            if raw is not None and raw != _NULL:
                raise _RejectPDU(iid, "return_error", "mistypedParameter",
                                 "error %s has no parameter" % err.name)
            parameter = None
        elif raw is None:
            if not _is_null(err.parameter):
                raise _RejectPDU(iid, "return_error", "mistypedParameter",
                                 "error %s needs a parameter" % err.name)
            parameter = None
        else:
            try:
                parameter = ber.decode(err.parameter, raw)
            except DecodeError as exc:
                raise _RejectPDU(iid, "return_error", "mistypedParameter",
                                 "parameter of %s does not decode: %s"
                                 % (err.name, exc)) from exc
        self._events.append(Error(iid, errcode, parameter, err.name, pending.opcode,
                                  pending.syntax.oid))

    def _on_reject(self, v: Dict[str, Any], oid: Optional[str]) -> None:
        alt, iid = v["invoke_id"]
        kind, problem = v["problem"]
        if alt != "present":
            iid = None
        elif kind in ("invoke", "general"):
            # Invoke ids of the two directions are separate name spaces: a
            # returnResult/returnError problem names the peer's own
            # invocation (already answered here), an invoke problem ours.
            self._outgoing.pop(iid, None)
        self._events.append(Reject(iid, kind, problem, local=False,
                                   detail="rejected by the peer", abstract_syntax=oid))
