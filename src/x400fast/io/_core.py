"""The I/O-free part of an association driver, shared by both twins.

:class:`AssociationCore` wraps one :class:`~x400fast.osi.rose.ROSEConnection`
(and so the whole OSI stack down to TPKT) and keeps the book-keeping that
the blocking and the asyncio drivers need alike: which of this side's
invocations are waiting for an answer, which answers arrived and were not
collected yet, the peer's invocations not yet handled, how the association
ended.  The drivers only move bytes and wait: this is dnspython's split
between ``_Resolution`` and the ``resolve()`` loops, at association level.

Lose no data (reliability.md 4.2): every invocation that was handed to
:meth:`AssociationCore.queue_invoke` ends in exactly one :class:`Outcome`
-- ``result``, ``error``, ``rejected``, ``in_doubt`` (its invoke PDU may
have left the process, no answer came) or ``not_sent`` (its bytes never
reached the socket).  The drivers tell the core how far each write got
(:meth:`AssociationCore.written`), which is what separates the last two.
"""
from __future__ import annotations

import logging
from collections import deque
from dataclasses import dataclass
from typing import (Any, Callable, Deque, Dict, List, Optional, Sequence, Tuple,
                    Union)

from ..asn1.rose import INVOKE_PROBLEMS
from ..errors import (AssociationTimeout, ConnectionLost, LocalProtocolError,
                      ProtocolError, X400Error)
from ..osi import rose as _r
from ..osi.presentation import NEED_DATA, Role
from ..osi.rose import (Aborted, BindError, BindIndication, BindResult, Code, Error,
                        Invoke, Reject, Result, ROSEConnection, ROSEState,
                        UnbindIndication, UnbindResult)

__all__ = [
    "Outcome",
    "RESULT",
    "ERROR",
    "REJECTED",
    "IN_DOUBT",
    "NOT_SENT",
    "Deadline",
    "AssociationCore",
    "InvokeSpec",
    "as_invoke",
    "release_leftovers",
]

log = logging.getLogger("x400fast.association")

#: Outcome statuses.
RESULT = "result"
ERROR = "error"
REJECTED = "rejected"
IN_DOUBT = "in_doubt"
NOT_SENT = "not_sent"


@dataclass(frozen=True)
class Outcome:
    """What became of one of this side's invocations.

    :ivar invoke_id: the invocation.
    :ivar status: :data:`RESULT` (the operation succeeded), :data:`ERROR`
        (the peer answered with returnError), :data:`REJECTED` (a ROS
        reject, from the peer or from this side when the answer was
        malformed), :data:`IN_DOUBT` (the association ended after the
        invoke may have reached the peer; it may or may not have been
        performed) or :data:`NOT_SENT` (the invoke never left this
        process: safe to send again).
    :ivar result: the decoded result (status ``result``), else ``None``.
    :ivar error: the exception describing any other status: a
        :class:`~x400fast.errors.RemoteOperationError`, a
        :class:`~x400fast.errors.Rejected` or a
        :class:`~x400fast.errors.ConnectionLost`.
    :ivar opcode: the operation invoked.
    """

    invoke_id: int
    status: str
    result: Any = None
    error: Optional[X400Error] = None
    opcode: Optional[Code] = None

    @property
    def ok(self) -> bool:
        """True when the operation succeeded."""
        return self.status == RESULT

    def value(self) -> Any:
        """The result, or raise the error of a failed or unknown outcome."""
        if self.status == RESULT:
            return self.result
        assert self.error is not None
        raise self.error


class Deadline:
    """One absolute expiry for a whole call (dnspython's ``_compute_times``).

    :param timeout: seconds from now, or ``None`` for no limit.
    :param clock: the monotonic clock of the driver (``time.monotonic`` or
        the event loop's ``time``).
    """

    __slots__ = ("timeout", "expiry", "_clock")

    def __init__(self, timeout: Optional[float], clock: Callable[[], float]) -> None:
        if timeout is not None and timeout < 0:
            raise ValueError("timeout must not be negative")
        self.timeout = timeout
        self._clock = clock
        self.expiry = None if timeout is None else clock() + timeout

    def remaining(self, phase: str, outstanding: Sequence[int] = ()) -> Optional[float]:
        """Seconds left (``None``: no limit).

        :raises AssociationTimeout: when the deadline has passed.
        """
        if self.expiry is None:
            return None
        left = self.expiry - self._clock()
        if left <= 0:
            raise AssociationTimeout(phase, self.timeout, outstanding)
        return left

    def expired(self, phase: str, outstanding: Sequence[int] = ()) -> AssociationTimeout:
        """The exception for this deadline, to raise when a wait ran out."""
        return AssociationTimeout(phase, self.timeout, outstanding)


#: What the invoke-many calls take: a ROSE :class:`Invoke` event, or
#: ``(opcode, argument)`` / ``(opcode, argument, abstract_syntax)``.
InvokeSpec = Union[Invoke, Tuple[Any, ...]]


def release_leftovers(core: "AssociationCore") -> List[Reject]:
    """Rejects (releaseInProgress) for every invocation of the peer not
    answered yet, when this side completes a release the peer asked for."""
    problem = INVOKE_PROBLEMS["releaseInProgress"]
    core.incoming.clear()
    return [Reject(iid, "invoke", problem) for iid in core.rose.unanswered]


def as_invoke(spec: InvokeSpec) -> Invoke:
    """Turn an :data:`InvokeSpec` into an :class:`Invoke` event."""
    if isinstance(spec, Invoke):
        return spec
    if isinstance(spec, tuple) and 1 <= len(spec) <= 3:
        return Invoke(*spec)
    raise TypeError("an invocation is an Invoke or (opcode, argument[, "
                    "abstract_syntax]), not %r" % (type(spec).__name__,))


class AssociationCore:
    """Book-keeping of one association around its ROSE machine.

    The driver feeds received bytes to :meth:`feed`, queues requests with
    :meth:`queue_invoke` / :meth:`queue` and writes what
    :meth:`take_output` returns, reporting the number of octets that went
    out to :meth:`written`.
    """

    def __init__(self, role: Role, syntaxes: Sequence[_r.AbstractSyntax],
                 binds: Sequence[_r.BindSyntax], options: Dict[str, Any]) -> None:
        self.rose = ROSEConnection(role, syntaxes=syntaxes, binds=binds, **options)
        self.role = role
        #: Answered invocations not yet handed to the caller.
        self.outcomes: Dict[int, Outcome] = {}
        #: Invocations whose invoke was written: invoke id -> opcode.
        self.waiting: Dict[int, Code] = {}
        #: The peer's invocations not yet handed to the caller.
        self.incoming: Deque[Invoke] = deque()
        self.bind_event: Union[BindResult, BindError, BindIndication, None] = None
        self.unbind_requested = False
        self.unbound = False
        self.failure: Optional[ConnectionLost] = None
        self.general_rejects: List[Reject] = []
        # Output not written yet, and where each invoke starts in it.
        self._out: List[bytes] = []
        self._out_len = 0
        self._marks: List[Tuple[int, int, Code]] = []
        self._dispatch: Dict[type, Callable[[Any], None]] = {
            Result: self._on_result, Error: self._on_error, Reject: self._on_reject,
            Invoke: self._on_invoke, BindResult: self._on_bind,
            BindError: self._on_bind, BindIndication: self._on_bind,
            UnbindIndication: self._on_unbind_indication,
            UnbindResult: self._on_unbind_result, Aborted: self._on_aborted,
        }

    # -- state ------------------------------------------------------------------

    @property
    def state(self) -> ROSEState:
        return self.rose.state

    @property
    def finished(self) -> bool:
        """True once the association is over (released, refused or lost)."""
        return self.failure is not None or self.rose.state in (ROSEState.CLOSED,
                                                               ROSEState.ERROR)

    def outstanding(self) -> Tuple[int, ...]:
        """This side's invocations without an answer (written or queued)."""
        return tuple(self.waiting) + tuple(m[1] for m in self._marks)

    # -- output -------------------------------------------------------------------

    def queue(self, event: Any) -> Optional[int]:
        """Send one event through the machine, queueing its bytes.

        :raises LocalProtocolError: from the machine (nothing is queued).
        """
        out = self.rose.send(event)
        data = self.rose.data_to_send()
        if data:
            self._out.append(data)
            self._out_len += len(data)
        return out

    def queue_invoke(self, event: Invoke) -> int:
        """Queue an invocation; its outcome is tracked from now on."""
        start = self._out_len
        iid = self.queue(event)
        assert iid is not None
        self._marks.append((start, iid, event.opcode))
        return iid

    def take_output(self) -> Tuple[bytes, List[Tuple[int, int, Code]]]:
        """Everything to write, as one buffer, with the invoke marks in it.

        The caller writes it and then calls :meth:`written`.
        """
        tail = self.rose.data_to_send()
        if tail:
            self._out.append(tail)
        out = self._out
        data = out[0] if len(out) == 1 else b"".join(out)
        marks = self._marks
        self._out = []
        self._out_len = 0
        self._marks = []
        return data, marks

    def written(self, marks: List[Tuple[int, int, Code]], sent: int,
                total: int) -> List[int]:
        """Record how much of a :meth:`take_output` buffer went out.

        Invocations that start before ``sent`` now wait for their answer
        (they may have reached the peer); the others are ``not_sent``.
        Returns the invoke ids not sent.
        """
        not_sent = []
        for start, iid, opcode in marks:
            if start < sent or (start == sent == total):
                self.waiting[iid] = opcode
            else:
                not_sent.append(iid)
                self.outcomes[iid] = Outcome(iid, NOT_SENT, error=ConnectionLost(
                    "the invoke was never sent", not_sent=(iid,)), opcode=opcode)
        return not_sent

    def unsendable(self, marks: List[Tuple[int, int, Code]]) -> List[int]:
        """Mark every invocation of a buffer that will not be written."""
        return self.written(marks, 0, -1)

    # -- input ----------------------------------------------------------------------

    def feed(self, data: Any) -> None:
        """Hand received bytes (``b""``: end of stream) to the machine and
        take in every event they complete.  Never raises for the peer's
        faults: a protocol error ends the association (see
        :attr:`failure`), after the machine queued its courtesy PDU."""
        rose = self.rose
        if self.failure is not None:
            return
        try:
            rose.receive_data(data)
        except LocalProtocolError:
            return              # data after the end of the stream: ignored
        dispatch = self._dispatch
        while True:
            try:
                event = rose.next_event()
            except ProtocolError as exc:
                self.fail("protocol error from the peer: %s" % exc, exc)
                return
            if event is NEED_DATA:
                return
            dispatch[type(event)](event)

    # -- events -----------------------------------------------------------------------

    def _on_result(self, ev: Result) -> None:
        iid = ev.invoke_id
        self.waiting.pop(iid, None)
        self.outcomes[iid] = Outcome(iid, RESULT, ev.result, None, ev.opcode)

    def _on_error(self, ev: Error) -> None:
        iid = ev.invoke_id
        self.waiting.pop(iid, None)
        self.outcomes[iid] = Outcome(iid, ERROR, None, ev.as_error(), ev.opcode)

    def _on_reject(self, ev: Reject) -> None:
        iid = ev.invoke_id
        mine = ((not ev.local and ev.kind in ("invoke", "general"))
                or (ev.local and ev.kind in ("return_result", "return_error")))
        if iid is not None and mine and iid in self.waiting:
            opcode = self.waiting.pop(iid)
            self.outcomes[iid] = Outcome(iid, REJECTED, None, ev.as_error(), opcode)
        elif ev.local:
            log.info("rejected a PDU of the peer: %s %s (%s)", ev.kind,
                     ev.problem_name or ev.problem, ev.detail)
        else:
            if len(self.general_rejects) < 100:     # kept for inspection, bounded
                self.general_rejects.append(ev)
            log.warning("the peer rejected a PDU of ours: %s %s (invocation %s)",
                        ev.kind, ev.problem_name or ev.problem, ev.invoke_id)

    def _on_invoke(self, ev: Invoke) -> None:
        self.incoming.append(ev)

    def _on_bind(self, ev: Any) -> None:
        self.bind_event = ev

    def _on_unbind_indication(self, ev: UnbindIndication) -> None:
        self.unbind_requested = True

    def _on_unbind_result(self, ev: UnbindResult) -> None:
        if self.rose.state is ROSEState.CLOSED:
            self.unbound = True
            self._orphans("the peer released the association without answering")

    def _on_aborted(self, ev: Aborted) -> None:
        self.fail(ev.detail or "association aborted", ev.as_error())

    # -- endings ---------------------------------------------------------------------------

    def _orphans(self, detail: str, cause: Optional[BaseException] = None
                 ) -> Tuple[Tuple[int, ...], Tuple[int, ...]]:
        """Turn every unanswered invocation into ``in_doubt`` and every
        queued, unwritten one into ``not_sent``."""
        in_doubt = tuple(self.waiting)
        marks = self._marks
        self._marks = []
        self._out = []
        self._out_len = 0
        not_sent = tuple(m[1] for m in marks)
        for iid, opcode in self.waiting.items():
            self.outcomes[iid] = Outcome(iid, IN_DOUBT, error=ConnectionLost(
                detail, in_doubt=(iid,), cause=cause), opcode=opcode)
        for _start, iid, opcode in marks:
            self.outcomes[iid] = Outcome(iid, NOT_SENT, error=ConnectionLost(
                detail, not_sent=(iid,), cause=cause), opcode=opcode)
        self.waiting.clear()
        return in_doubt, not_sent

    def fail(self, detail: str, cause: Optional[BaseException] = None,
             not_sent: Sequence[int] = ()) -> ConnectionLost:
        """End the association abnormally (once); returns the failure.

        :param not_sent: invocations already found not sent (by
            :meth:`written`), to list in the failure with the others.
        """
        if self.failure is None:
            in_doubt, unsent = self._orphans(detail, cause)
            not_sent = tuple(not_sent) + unsent
            self.failure = ConnectionLost(detail, in_doubt, not_sent, cause)
            if in_doubt or not_sent:
                log.warning("association lost (%s): %d invocation(s) in doubt, %d "
                            "not sent", detail, len(in_doubt), len(not_sent))
            else:
                log.info("association ended: %s", detail)
        return self.failure

    def courtesy_output(self) -> bytes:
        """Bytes the machine still wants sent after a failure (an abort or
        refusal PDU); the caller writes them if it can, then closes."""
        try:
            return self.rose.data_to_send()
        except Exception:       # pragma: no cover - machines never raise here
            return b""

    # -- collecting outcomes ------------------------------------------------------------------

    def pop_outcome(self, iid: int) -> Optional[Outcome]:
        return self.outcomes.pop(iid, None)

    def known(self, iid: int) -> bool:
        """True when ``iid`` is an invocation of this association whose
        outcome has not been collected yet."""
        return iid in self.waiting or iid in self.outcomes or any(
            m[1] == iid for m in self._marks)
