"""Blocking associations over TCP (and TLS), and a threaded server.

Everything protocol-related happens in :class:`~x400fast.io._core.AssociationCore`
(and the machines below it); this module only moves bytes, waits, and
keeps each call inside its deadline.  The asyncio twin in
:mod:`x400fast.io._aio` has the same methods, as coroutines.
"""
from __future__ import annotations

import functools
import selectors
import socket
import ssl
import threading
import time
from typing import (Any, Callable, Dict, Iterable, Iterator, List, Optional, Sequence,
                    Set, Tuple, TypeVar, Union, cast)

from ..asn1 import rose as _rose_asn1
from ..errors import (AssociationBusy, AssociationTimeout, ConnectFailed,
                      ConnectionLost, LocalProtocolError, PlaintextPasswordRefused,
                      Rejected, RemoteOperationError, X400Error)
from ..osi.presentation import Role
from ..osi.rose import (AbortRequest, AbstractSyntax, BindError, BindIndication,
                        BindRequest, BindResult, BindSyntax, Code, Error, Invoke,
                        Reject, Result, ROSEState, UnbindRequest, UnbindResult)
from . import tls as _tls
from ._address import Address
from ._core import (AssociationCore, Deadline, InvokeSpec, Outcome, as_invoke, log,
                    release_leftovers)

__all__ = ["Association", "AssociationServer", "BindHandler", "OperationHandler"]

F = TypeVar("F", bound=Callable[..., Any])

#: ``on_bind(association, indication)``: return the bind result value to
#: accept, or a :class:`~x400fast.osi.rose.BindError` to refuse.
BindHandler = Callable[[Any, BindIndication], Any]
#: ``handler(association, invoke)``: return the result value (or a ROSE
#: ``Result``/``Error``/``Reject`` event), or raise
#: :class:`~x400fast.errors.RemoteOperationError` (answered with
#: returnError) or :class:`~x400fast.errors.Rejected` (answered with a
#: reject).  Any other exception aborts the association: the outcome of
#: the operation is then unknown to the peer, which is the truth.
OperationHandler = Callable[[Any, Invoke], Any]

_READ_SIZE = 65536
# How long a side that answered the peer's release waits for the peer to
# close TCP (the release initiator disconnects, X.225), and how long a
# courtesy abort may take to write.
_LINGER = 1.0
_COURTESY_TIMEOUT = 0.5
# A server groups the answers to invocations that arrived together into one
# write, but does not hold an answer back longer than this while later
# handlers run.
_BATCH_LATENCY = 0.002


class _Guard:
    """One thread at a time; re-entry by the owning thread is allowed
    (a server handler may use its association)."""

    __slots__ = ("_lock", "_owner", "_depth")

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._owner: Optional[int] = None
        self._depth = 0

    def enter(self) -> None:
        me = threading.get_ident()
        if self._owner == me:
            self._depth += 1
            return
        if not self._lock.acquire(False):
            raise AssociationBusy("this association is in use by another thread; "
                                  "an association serves one thread at a time")
        self._owner = me
        self._depth = 1

    def exit(self) -> None:
        self._depth -= 1
        if self._depth == 0:
            self._owner = None
            self._lock.release()


def _exclusive(method: F) -> F:
    @functools.wraps(method)
    def wrapper(self: "Association", *args: Any, **kwargs: Any) -> Any:
        guard = self._guard
        guard.enter()
        try:
            return method(self, *args, **kwargs)
        finally:
            guard.exit()
    return cast(F, wrapper)


def _invoke_problem(problem: Union[str, int]) -> int:
    if isinstance(problem, str):
        try:
            return _rose_asn1.INVOKE_PROBLEMS[problem]
        except KeyError:
            raise ValueError("unknown invoke problem %r (one of %s)"
                             % (problem, ", ".join(_rose_asn1.INVOKE_PROBLEMS))) from None
    return problem


def _answer_for(handler: OperationHandler, assoc: Any, inv: Invoke) -> Any:
    """Run a handler; the ROSE event answering ``inv``, or ``None`` when
    the handler failed (the caller aborts)."""
    iid = inv.invoke_id
    assert iid is not None
    try:
        out = handler(assoc, inv)
    except RemoteOperationError as exc:
        return Error(iid, cast(Code, exc.errcode), exc.parameter)
    except Rejected as exc:
        return Reject(iid, "invoke", exc.problem)
    except Exception:
        log.exception("operation handler failed on invocation %d (operation %r)",
                      iid, inv.opcode)
        return None
    return _wrap_answer(iid, out)


def _wrap_answer(iid: int, out: Any) -> Any:
    if isinstance(out, (Result, Error, Reject)):
        if out.invoke_id != iid:
            raise LocalProtocolError("answer for invocation %r given to invocation %d"
                                     % (out.invoke_id, iid))
        return out
    return Result(iid, out)


class Association:
    """A blocking ROSE-over-OSI association (either role), over TCP or TLS.

    :param syntaxes: the operation tables of the abstract syntaxes used.
    :param binds: the bind syntaxes this side can use or accept.
    :param timeout: default timeout of each call in seconds (``None``:
        none).  Every call also takes its own ``timeout``; either becomes
        one deadline shared by all the steps of the call.
    :param options: passed to the ROSE machine and the layers below
        (``max_incoming``, ``max_outgoing``, ``application_contexts`` for a
        responder, ``tpdu_size``, ``called_tsels``, ``max_tsdu``...).

    One association serves one thread at a time; a second thread calling
    in gets :class:`~x400fast.errors.AssociationBusy`.  An object is used
    for one connection: :meth:`open` (initiator) or :meth:`accept`
    (responder), operations, then :meth:`release` or :meth:`abort`.
    Used as a context manager it releases on normal exit and aborts when
    an exception escapes.
    """

    def __init__(self, syntaxes: Sequence[AbstractSyntax] = (),
                 binds: Sequence[BindSyntax] = (), *, timeout: Optional[float] = 60.0,
                 **options: Any) -> None:
        self._syntaxes = tuple(syntaxes)
        self._binds = tuple(binds)
        self._options = options
        self.timeout = timeout
        self._core: Optional[AssociationCore] = None
        self._sock: Optional[socket.socket] = None
        self._peer: str = ""
        self._tls = False
        self._buf = bytearray(_READ_SIZE)
        self._view = memoryview(self._buf)
        self._guard = _Guard()
        self._bind_result: Any = None
        self._bind_indication: Optional[BindIndication] = None
        #: Free for the application (a server keeps the bound user here).
        self.context: Any = None

    # -- inspection ----------------------------------------------------------------

    def __repr__(self) -> str:
        core = self._core
        if core is None:
            return "<Association (unused)>"
        state = core.state.value if core.failure is None else "LOST"
        return "<Association %s %s %s%s>" % (core.role.value, state, self._peer,
                                             " TLS" if self._tls else "")

    @property
    def state(self) -> Optional[ROSEState]:
        """The ROSE state (``None`` before open/accept)."""
        return self._core.state if self._core is not None else None

    @property
    def bound(self) -> bool:
        """True while operations can be invoked."""
        return (self._core is not None and self._core.failure is None
                and self._core.state is ROSEState.BOUND)

    @property
    def bind_result(self) -> Any:
        """The bind result of an initiator (after :meth:`open`)."""
        return self._bind_result

    @property
    def bind_indication(self) -> Optional[BindIndication]:
        """The peer's bind, on a responder (after :meth:`accept`)."""
        return self._bind_indication

    @property
    def failure(self) -> Optional[ConnectionLost]:
        """How the association was lost, or ``None``."""
        return self._core.failure if self._core is not None else None

    @property
    def outstanding(self) -> Tuple[int, ...]:
        """This side's invocations still waiting for an answer."""
        return self._core.outstanding() if self._core is not None else ()

    @property
    def accepted_syntaxes(self) -> Tuple[str, ...]:
        """Abstract syntaxes of the accepted presentation contexts."""
        core = self._core
        if core is None:
            return ()
        return tuple(core.rose.acse.defined_contexts.values())

    # -- opening (initiator) --------------------------------------------------------

    def _deadline(self, timeout: Optional[float]) -> Deadline:
        return Deadline(timeout if timeout is not None else self.timeout, time.monotonic)

    @_exclusive
    def open(self, address: Union[Address, str], application_context: str,
             bind_argument: Any, *, abstract_syntaxes: Optional[Sequence[str]] = None,
             bind_syntax: Optional[str] = None, timeout: Optional[float] = None,
             tls: Union[bool, ssl.SSLContext, None] = None,
             server_hostname: Optional[str] = None, bind_has_password: bool = False,
             allow_plaintext_password: bool = False) -> Any:
        """Connect, bind, and return the bind result.

        :param address: the peer (an :class:`Address` or its string form).
        :param application_context: the application context OID.
        :param bind_argument: the bind argument (value of the bind syntax's
            argument type).
        :param abstract_syntaxes: / :param bind_syntax: the contexts to
            propose and the bind syntax; by default X.419's for the
            application context.
        :param tls: ``True`` for the default verifying client context, or
            an ``ssl.SSLContext`` (see :mod:`x400fast.io.tls`).
        :param server_hostname: the name the certificate must match;
            default the address's host.
        :param bind_has_password: the bind argument carries a simple
            password: then plain TCP is refused unless
            ``allow_plaintext_password`` is true.
        :raises PlaintextPasswordRefused: password over plain TCP, not
            allowed; nothing was sent.
        :raises ConnectFailed: TCP or TLS could not be set up
            (:class:`~x400fast.errors.TLSCertificateError` for a refused
            certificate).
        :raises AssociationRejected: the bind was refused (``bind_error``
            holds the bind error value, if any).
        :raises AssociationTimeout: the deadline passed.
        :raises ConnectionLost: the connection failed during the bind.
        """
        if self._core is not None:
            raise LocalProtocolError("this Association was already used; make a new one")
        if isinstance(address, str):
            address = Address.parse(address)
        ctx: Optional[ssl.SSLContext] = None
        if tls is True:
            ctx = _tls.client_context()
        elif tls:
            ctx = tls
            _tls.check_context(ctx, server_side=False)
        if bind_has_password and ctx is None and not allow_plaintext_password:
            raise PlaintextPasswordRefused(
                "the bind carries a password and %s:%d is plain TCP: use TLS, or "
                "allow_plaintext_password=True on a trusted path"
                % (address.host, address.port))
        deadline = self._deadline(timeout)
        core = AssociationCore(Role.INITIATOR, self._syntaxes, self._binds, self._options)
        request = BindRequest(
            bind_argument, application_context,
            tuple(abstract_syntaxes) if abstract_syntaxes is not None else None,
            bind_syntax, address.called, address.calling, address.ap_title,
            address.ae_qualifier, address.calling_ap_title, address.calling_ae_qualifier)
        # Every PDU of the bind is built (and checked) before connecting.
        try:
            core.queue(request)
        except LocalProtocolError as exc:
            if bind_has_password:
                raise LocalProtocolError("the bind cannot be encoded (details withheld: "
                                         "the bind argument carries a password)") from None
            raise exc
        self._core = core
        self._peer = "%s:%d" % (address.host, address.port)
        self._connect(address, ctx, server_hostname or address.host, deadline)
        log.debug("association to %s: connected%s, binding", self._peer,
                  " over TLS" if ctx else "")
        try:
            self._write(deadline, "bind")
            self._pump(deadline, "bind", lambda: core.bind_event is not None)
        except ConnectionLost as exc:
            # With TLS 1.3 a server that refuses this side's certificate
            # (or its absence) says so after the handshake: a TLS error.
            if ctx is not None and isinstance(exc.cause, ssl.SSLError):
                raise _tls.tls_error(exc.cause, server_hostname or address.host) from exc
            raise
        event = core.bind_event
        if isinstance(event, BindResult):
            self._bind_result = event.result
            log.info("association to %s bound (%s)", self._peer, application_context)
            return event.result
        self._teardown()
        if isinstance(event, BindError):
            raise event.as_error()
        failure = core.failure
        assert failure is not None
        cause = failure.cause
        if ctx is not None and isinstance(cause, ssl.SSLError):
            raise _tls.tls_error(cause, server_hostname or address.host)
        raise failure

    def _connect(self, address: Address, ctx: Optional[ssl.SSLContext], name: str,
                 deadline: Deadline) -> None:
        remaining = deadline.remaining("connect")
        try:
            sock = socket.create_connection((address.host, address.port), remaining)
        except socket.timeout:
            raise deadline.expired("connect") from None
        except OSError as exc:
            raise ConnectFailed("cannot connect to %s:%d: %s"
                                % (address.host, address.port, exc.strerror or exc),
                                exc) from exc
        try:
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            if ctx is not None:
                sock = ctx.wrap_socket(sock, server_hostname=name,
                                       do_handshake_on_connect=False)
                sock.settimeout(deadline.remaining("TLS handshake"))
                try:
                    sock.do_handshake()
                except socket.timeout:
                    raise deadline.expired("TLS handshake") from None
                except (ssl.SSLError, ssl.CertificateError) as exc:
                    raise _tls.tls_error(exc, name) from exc
                except OSError as exc:
                    raise ConnectFailed("TLS handshake with %s failed: %s"
                                        % (name, exc.strerror or exc), exc) from exc
                self._tls = True
        except BaseException:
            sock.close()
            raise
        self._sock = sock

    # -- bytes in and out ------------------------------------------------------------

    def _teardown(self) -> None:
        sock = self._sock
        if sock is not None:
            self._sock = None
            try:
                sock.close()
            except OSError:     # pragma: no cover - close does not fail on Linux
                pass

    def _courtesy(self) -> None:
        """After a failure: write the machine's abort/refusal PDU if the
        socket still takes it, then close."""
        core = self._core
        sock = self._sock
        if core is not None and sock is not None:
            data = core.courtesy_output()
            if data:
                try:
                    sock.settimeout(_COURTESY_TIMEOUT)
                    sock.sendall(data)
                except OSError:
                    pass
        self._teardown()

    def _write(self, deadline: Deadline, phase: str) -> None:
        """Write everything queued, in one piece as far as the socket takes it.

        :raises ConnectionLost: the connection failed (the outcomes say
            which invocations were sent and which were not).
        :raises AssociationTimeout: the socket did not take it all in time;
            a PDU may be cut, so the association is ended.
        """
        core = self._core
        assert core is not None
        data, marks = core.take_output()
        if not data:
            return
        sock = self._sock
        if sock is None or core.failure is not None:
            core.unsendable(marks)
            raise core.failure or ConnectionLost("the association is closed",
                                                 not_sent=[m[1] for m in marks])
        total = len(data)
        view = memoryview(data)
        sent = 0
        while sent < total:
            if deadline.expiry is None:
                sock.settimeout(None)
            else:
                left = deadline.expiry - time.monotonic()
                if left <= 0:
                    self._write_failed(marks, sent, total, None, "write timed out")
                    raise deadline.expired(phase, core.outstanding())
                sock.settimeout(left)
            try:
                sent += sock.send(view[sent:])
            except socket.timeout:
                self._write_failed(marks, sent, total, None, "write timed out")
                raise deadline.expired(phase, core.outstanding()) from None
            except OSError as exc:
                raise self._write_failed(marks, sent, total, exc,
                                         "connection lost while sending: %s"
                                         % (exc.strerror or exc)) from exc
        core.written(marks, total, total)

    def _write_failed(self, marks: List[Tuple[int, int, Code]], sent: int, total: int,
                      exc: Optional[BaseException], detail: str) -> ConnectionLost:
        core = self._core
        assert core is not None
        not_sent = core.written(marks, sent, total)
        failure = core.fail(detail, exc, not_sent)
        self._teardown()
        return failure

    def _read_once(self, deadline: Deadline, phase: str,
                   waiting_for: Optional[Iterable[int]] = None) -> None:
        """One read into the kept buffer, fed to the machines.

        :param waiting_for: the invocations the call waits for, named by
            the timeout (default: every outstanding one).
        """
        core = self._core
        sock = self._sock
        assert core is not None and sock is not None
        if deadline.expiry is None:
            sock.settimeout(None)
        else:
            left = deadline.expiry - time.monotonic()
            if left <= 0:
                raise deadline.expired(phase, sorted(waiting_for) if waiting_for
                                       is not None else core.outstanding())
            sock.settimeout(left)
        try:
            n = sock.recv_into(self._buf)
        except socket.timeout:
            raise deadline.expired(phase, sorted(waiting_for) if waiting_for is not None
                                   else core.outstanding()) from None
        except ssl.SSLError as exc:
            core.fail("TLS failure: %s" % (exc.reason or exc), exc)
            self._teardown()
            return
        except OSError as exc:
            core.fail("connection lost: %s" % (exc.strerror or exc), exc)
            self._teardown()
            return
        core.feed(self._view[:n] if n else b"")
        if core.failure is not None:
            self._courtesy()
            return
        if core.finished:
            self._write_quietly()
            self._teardown()
            return
        self._write(deadline, phase)

    def _write_quietly(self) -> None:
        """Write the last PDUs of an association that ended normally."""
        sock = self._sock
        core = self._core
        if sock is None or core is None:
            return
        data, marks = core.take_output()
        core.written(marks, len(data), len(data))
        if data:
            try:
                sock.settimeout(_COURTESY_TIMEOUT)
                sock.sendall(data)
            except OSError:
                pass

    def _pump(self, deadline: Deadline, phase: str, done: Callable[[], Any],
              waiting_for: Optional[Iterable[int]] = None) -> bool:
        """Read until ``done()``; False when the association ended first."""
        core = self._core
        assert core is not None
        while not done():
            if core.failure is not None or self._sock is None:
                return False
            self._read_once(deadline, phase, waiting_for)
        return True

    def _usable(self) -> AssociationCore:
        core = self._core
        if core is None:
            raise LocalProtocolError("the association is not open")
        if core.failure is not None:
            raise core.failure
        return core

    # -- operations ----------------------------------------------------------------------

    def _send_invokes(self, specs: Iterable[InvokeSpec], deadline: Deadline) -> List[int]:
        core = self._usable()
        ids: List[int] = []
        try:
            for spec in specs:
                ids.append(core.queue_invoke(as_invoke(spec)))
        except (LocalProtocolError, TypeError) as exc:
            # The earlier invocations are valid and already in the machine:
            # they go out; the caller learns their ids from the exception.
            try:
                self._write(deadline, "invoke")
            finally:
                setattr(exc, "invoke_ids", tuple(ids))
            raise
        self._write(deadline, "invoke")
        return ids

    @_exclusive
    def send_invoke(self, opcode: Code, argument: Any = None, *,
                    abstract_syntax: Optional[str] = None,
                    timeout: Optional[float] = None) -> int:
        """Send one invocation without waiting; returns its invoke id.

        Collect the answer with :meth:`wait` or :meth:`outcomes`.
        """
        return self._send_invokes([Invoke(opcode, argument, abstract_syntax)],
                                  self._deadline(timeout))[0]

    @_exclusive
    def send_invokes(self, invokes: Iterable[InvokeSpec], *,
                     timeout: Optional[float] = None) -> List[int]:
        """Send many invocations in one write; returns their invoke ids.

        Each item is an :class:`~x400fast.osi.rose.Invoke` or
        ``(opcode, argument[, abstract_syntax])``.  When one cannot be
        encoded, the ones before it are still sent and the exception's
        ``invoke_ids`` lists them.
        """
        return self._send_invokes(invokes, self._deadline(timeout))

    def _wait(self, iid: int, deadline: Deadline) -> Outcome:
        core = self._core
        if core is None or not core.known(iid):
            raise LocalProtocolError("no invocation %r awaits collection" % (iid,))
        self._pump(deadline, "result", lambda: iid in core.outcomes, (iid,))
        outcome = core.pop_outcome(iid)
        assert outcome is not None, "an invocation left without an outcome"
        return outcome

    @_exclusive
    def wait(self, invoke_id: int, *, timeout: Optional[float] = None) -> Any:
        """The result of an invocation sent earlier.

        :raises RemoteOperationError: the peer returned an error.
        :raises Rejected: the invocation was rejected.
        :raises ConnectionLost: the association ended first (``in_doubt``).
        :raises AssociationTimeout: the deadline passed (the invocation is
            still outstanding).
        """
        return self._wait(invoke_id, self._deadline(timeout)).value()

    @_exclusive
    def invoke(self, opcode: Code, argument: Any = None, *,
               abstract_syntax: Optional[str] = None,
               timeout: Optional[float] = None) -> Any:
        """Invoke an operation and return its result (one deadline for both).

        :param abstract_syntax: needed when several accepted syntaxes
            define ``opcode``.
        :raises RemoteOperationError: / :raises Rejected: / :raises
            ConnectionLost: / :raises AssociationTimeout: as :meth:`wait`.
        """
        deadline = self._deadline(timeout)
        iid = self._send_invokes([Invoke(opcode, argument, abstract_syntax)], deadline)[0]
        return self._wait(iid, deadline).value()

    def outcomes(self, invoke_ids: Optional[Iterable[int]] = None, *,
                 timeout: Optional[float] = None) -> Iterator[Outcome]:
        """Yield outcomes as they arrive, in any order.

        :param invoke_ids: the invocations to wait for; by default every
            outstanding one (and any answered but not yet collected).
        :raises AssociationTimeout: the deadline passed; its
            ``outstanding`` names the invocations still pending (their
            outcomes can be collected later).

        If the association ends, the remaining invocations are yielded as
        ``in_doubt`` or ``not_sent`` outcomes: every invocation gets
        exactly one outcome.
        """
        deadline = self._deadline(timeout)
        self._guard.enter()
        try:
            core = self._core
            if core is None:
                raise LocalProtocolError("the association is not open")
            if invoke_ids is None:
                pending: Set[int] = set(core.outstanding()) | set(core.outcomes)
            else:
                pending = set(invoke_ids)
                for iid in pending:
                    if not core.known(iid):
                        raise LocalProtocolError("no invocation %r awaits collection"
                                                 % (iid,))
        finally:
            self._guard.exit()
        while pending:
            self._guard.enter()
            try:
                ready = [iid for iid in core.outcomes if iid in pending]
                if not ready:
                    if core.failure is None and self._sock is not None:
                        self._read_once(deadline, "result", pending)
                        continue
                    raise LocalProtocolError(   # pragma: no cover - core invariant
                        "invocations %s have no outcome" % sorted(pending))
                outs = [core.outcomes.pop(iid) for iid in ready]
            finally:
                self._guard.exit()
            for outcome in outs:
                pending.discard(outcome.invoke_id)
                yield outcome

    @_exclusive
    def invoke_many(self, invokes: Iterable[InvokeSpec], *,
                    timeout: Optional[float] = None) -> List[Outcome]:
        """Send many invocations in one write and collect every outcome.

        Returns the outcomes in the order of ``invokes``.  Failures of
        single operations are outcomes, not exceptions; if the
        association ends, the unanswered ones are ``in_doubt`` (sent) or
        ``not_sent``.

        :raises AssociationTimeout: the deadline passed; the outcomes
            already received stay collectable with :meth:`outcomes`.
        """
        deadline = self._deadline(timeout)
        ids = self._send_invokes(invokes, deadline)
        got: Dict[int, Outcome] = {}
        core = self._core
        assert core is not None
        try:
            for outcome in self.outcomes(ids, timeout=deadline.remaining("result", ids)
                                         if deadline.expiry is not None else None):
                got[outcome.invoke_id] = outcome
        except AssociationTimeout:
            core.outcomes.update(got)
            raise
        return [got[i] for i in ids]

    # -- the peer's invocations -----------------------------------------------------------

    @_exclusive
    def next_invoke(self, *, timeout: Optional[float] = None) -> Optional[Invoke]:
        """The next invocation from the peer, or ``None`` once the peer has
        released the association (answer what you hold first: the release
        completes when every invocation is answered).

        :raises ConnectionLost: the association was lost.
        :raises AssociationTimeout: nothing arrived before the deadline.
        """
        core = self._usable()
        deadline = self._deadline(timeout)
        self._pump(deadline, "invoke",
                   lambda: core.incoming or core.unbind_requested or core.finished)
        if core.incoming:
            return core.incoming.popleft()
        if core.unbind_requested:
            # The peer's release gets the association's own timeout: a
            # caller polling with a short one must not cut it short.
            self._complete_peer_release(self._deadline(None))
            return None
        if core.failure is not None:
            raise core.failure
        return None

    def _answer(self, event: Any, deadline: Deadline) -> None:
        core = self._usable()
        core.queue(event)
        self._write(deadline, "answer")
        if core.unbind_requested:
            # The peer's release gets the association's own timeout: a
            # caller polling with a short one must not cut it short.
            self._complete_peer_release(self._deadline(None))

    @_exclusive
    def reply(self, invoke_id: int, result: Any = None, *,
              timeout: Optional[float] = None) -> None:
        """Answer one of the peer's invocations with its result."""
        self._answer(Result(invoke_id, result), self._deadline(timeout))

    @_exclusive
    def reply_error(self, invoke_id: int, errcode: Code, parameter: Any = None, *,
                    timeout: Optional[float] = None) -> None:
        """Answer one of the peer's invocations with a returnError."""
        self._answer(Error(invoke_id, errcode, parameter), self._deadline(timeout))

    @_exclusive
    def reject(self, invoke_id: int, problem: Union[str, int] = "resourceLimitation", *,
               timeout: Optional[float] = None) -> None:
        """Reject one of the peer's invocations (an X.880 invoke problem,
        by name or code)."""
        self._answer(Reject(invoke_id, "invoke", _invoke_problem(problem)),
                     self._deadline(timeout))

    def _complete_peer_release(self, deadline: Deadline) -> None:
        """Answer the peer's unbind once nothing of it is left unanswered."""
        core = self._core
        assert core is not None
        rose = core.rose
        if rose.state is ROSEState.UNBIND_COLLISION or (
                rose.state is ROSEState.WAIT_UNBIND_RESPONSE and not rose.unanswered
                and not core.incoming):
            core.queue(UnbindResult())
            self._write(deadline, "release")
            if rose.state is ROSEState.CLOSED:
                self._linger(deadline)

    def _linger(self, deadline: Deadline) -> None:
        """After answering a release: give the peer a moment to close first."""
        sock = self._sock
        core = self._core
        if sock is None or core is None:
            return
        limit = Deadline(_LINGER, time.monotonic)
        if deadline.expiry is not None and deadline.expiry < limit.expiry:  # type: ignore[operator]
            limit = deadline
        try:
            while self._sock is not None:
                left = limit.remaining("linger")
                assert left is not None
                sock.settimeout(left)
                if not sock.recv_into(self._buf):
                    break
        except (OSError, AssociationTimeout):
            pass
        self._teardown()

    # -- ending ------------------------------------------------------------------------------

    @_exclusive
    def release(self, *, timeout: Optional[float] = None) -> None:
        """Unbind and release the association (A-RELEASE), then close.

        Answers still on their way are received while the release is in
        progress; invocations left without an answer become ``in_doubt``
        outcomes (collect them with :meth:`outcomes`).

        :raises ConnectionLost: the association was lost first.
        :raises AssociationTimeout: the peer did not complete the release.
        """
        core = self._usable()
        deadline = self._deadline(timeout)
        if core.state is ROSEState.BOUND:
            core.queue(UnbindRequest())
            self._write(deadline, "release")
        elif core.state is ROSEState.WAIT_UNBIND_RESPONSE:
            # The peer asked first: refuse what is left unanswered, then
            # complete its release.
            for pending in release_leftovers(core):
                core.queue(pending)
            self._write(deadline, "release")
            self._complete_peer_release(deadline)

        def done() -> bool:
            if core.state is ROSEState.UNBIND_COLLISION:
                self._complete_peer_release(deadline)
            return core.unbound or core.finished

        self._pump(deadline, "release", done)
        self._teardown()
        if not core.unbound and core.failure is not None:
            raise core.failure
        log.info("association with %s released", self._peer)

    @_exclusive
    def abort(self, reason: str = "") -> None:
        """Abort the association (A-ABORT) and close the connection.

        Outstanding invocations become ``in_doubt`` outcomes; ``reason``
        is recorded in the failure and the log.
        """
        self._abort(reason)

    def _abort(self, reason: str) -> None:
        core = self._core
        if core is None:
            return
        if not core.finished:
            try:
                core.queue(AbortRequest())
            except LocalProtocolError:
                pass
            data, marks = core.take_output()
            core.unsendable(marks)
            sock = self._sock
            if data and sock is not None:
                try:
                    sock.settimeout(_COURTESY_TIMEOUT)
                    sock.sendall(data)
                except OSError:
                    pass
            core.fail("aborted by this side" + (": " + reason if reason else ""))
        self._teardown()

    def close(self) -> None:
        """Abort if still open, and close the connection."""
        self._guard.enter()
        try:
            self._abort("closed")
        finally:
            self._guard.exit()

    def __enter__(self) -> "Association":
        return self

    def __exit__(self, exc_type: Any, exc: Any, tb: Any) -> None:
        if exc_type is None and self.bound:
            self.release()
        else:
            self.close()

    def _shutdown_from_other_thread(self) -> None:
        """Wake a thread blocked on this association's socket (server stop)."""
        sock = self._sock
        if sock is not None:
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

    # -- responder --------------------------------------------------------------------------------

    @_exclusive
    def accept(self, sock: socket.socket, on_bind: BindHandler, *,
               tls: Optional[ssl.SSLContext] = None,
               timeout: Optional[float] = None) -> bool:
        """Serve the responder's side of the bind on a connected socket.

        ``on_bind(association, indication)`` returns the bind result value
        (accepting) or a :class:`~x400fast.osi.rose.BindError` (refusing,
        sent as an AARE rejected inside a presentation refusal, as real
        peers expect).  Returns True when bound.  The socket is closed
        when the bind is refused or fails.

        :raises AssociationTimeout: no complete bind before the deadline.
        :raises ConnectionLost: / :raises TLSError: the connection failed.
        """
        if self._core is not None:
            raise LocalProtocolError("this Association was already used; make a new one")
        deadline = self._deadline(timeout)
        core = AssociationCore(Role.RESPONDER, self._syntaxes, self._binds, self._options)
        self._core = core
        try:
            peer = sock.getpeername()
            self._peer = "%s:%s" % (peer[0], peer[1])
        except (OSError, IndexError, TypeError):
            self._peer = "?"
        try:
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            if tls is not None:
                _tls.check_context(tls, server_side=True)
                sock = tls.wrap_socket(sock, server_side=True,
                                       do_handshake_on_connect=False)
                sock.settimeout(deadline.remaining("TLS handshake"))
                try:
                    sock.do_handshake()
                except socket.timeout:
                    raise deadline.expired("TLS handshake") from None
                except (ssl.SSLError, OSError) as exc:
                    raise _tls.tls_error(exc, None) from exc
                self._tls = True
        except BaseException:
            core.fail("connection setup failed")
            sock.close()
            raise
        self._sock = sock
        try:
            self._pump(deadline, "bind", lambda: core.bind_event is not None)
        except AssociationTimeout:
            self._abort("no bind before the deadline")
            raise
        event = core.bind_event
        if not isinstance(event, BindIndication):
            if isinstance(event, BindError):
                log.info("refused a bind from %s: %s", self._peer, event.detail)
            self._courtesy()
            if core.failure is not None and event is None:
                raise core.failure
            return False
        self._bind_indication = event
        try:
            answer = on_bind(self, event)
        except Exception:
            log.exception("bind handler failed; refusing the bind from %s", self._peer)
            answer = BindError()
        if not isinstance(answer, BindError):
            try:
                core.queue(BindResult(answer))
            except LocalProtocolError as exc:
                log.error("bind result does not encode (%s); refusing the bind", exc.reason)
                answer = BindError()
        if isinstance(answer, BindError):
            core.queue(answer)
            self._write_quietly()
            self._teardown()
            log.info("refused the bind from %s", self._peer)
            return False
        self._write(deadline, "bind")
        log.info("association from %s bound", self._peer)
        return True

    @_exclusive
    def serve(self, handler: OperationHandler, *,
              idle_timeout: Optional[float] = None) -> None:
        """Answer the peer's invocations with ``handler`` until the peer
        releases or the association ends.

        All answers to the invocations that arrived together go out in one
        write.  Returns when the association is over; a handler that
        raises anything but :class:`~x400fast.errors.RemoteOperationError`
        or :class:`~x400fast.errors.Rejected` aborts the association.

        :param idle_timeout: abort after this long without an invocation.
        """
        core = self._usable()
        while True:
            batch_started = 0.0
            while core.incoming and not core.finished:
                if batch_started and time.monotonic() - batch_started > _BATCH_LATENCY:
                    # A slow handler: let the answers already made go now.
                    if not self._flush_answers():
                        return
                    batch_started = 0.0
                inv = core.incoming.popleft()
                try:
                    answer = _answer_for(handler, self, inv)
                    if answer is not None:
                        core.queue(answer)
                except LocalProtocolError as exc:
                    log.error("cannot answer invocation %s: %s", inv.invoke_id, exc)
                    answer = None
                if answer is None:
                    self._abort("operation handler failed")
                    return
                if not batch_started:
                    batch_started = time.monotonic()
            if core.finished or self._sock is None or not self._flush_answers():
                self._teardown()
                return
            if core.unbind_requested:
                self._complete_peer_release(self._deadline(None))
                if core.finished or self._sock is None:
                    self._teardown()
                    return
            idle = Deadline(idle_timeout, time.monotonic)
            try:
                self._pump(idle, "invoke", lambda: core.incoming or core.unbind_requested
                           or core.finished)
            except AssociationTimeout:
                self._abort("idle for %.3g s" % (idle_timeout or 0))
                return

    def _flush_answers(self) -> bool:
        """Write the answers made so far; False when the association ended."""
        try:
            self._write(self._deadline(None), "answer")
        except (ConnectionLost, AssociationTimeout) as exc:
            log.info("association with %s ended: %s", self._peer, exc)
            self._teardown()
            return False
        return True


class AssociationServer:
    """A threaded responder: one thread per association.

    :param host: / :param port: where to listen (port 0 picks one; see
        :attr:`address`).
    :param on_bind: / :param handler: see :meth:`Association.accept` and
        :meth:`Association.serve`.
    :param tls: a server ``ssl.SSLContext`` (see
        :func:`x400fast.io.tls.server_context`).
    :param bind_timeout: deadline from TCP accept to a completed bind: a
        connection that trickles or stays silent is dropped.
    :param idle_timeout: abort an association idle this long.
    :param max_connections: connections beyond this are closed at once.
    :param max_unbound: connections not yet bound beyond this are closed
        at once (a cap on unauthenticated connections).
    :param options: for each :class:`Association` (``syntaxes``,
        ``binds``, machine options such as ``application_contexts``).

    Usable as a context manager (start on enter, stop on exit).
    """

    def __init__(self, host: str = "127.0.0.1", port: int = 0, *,
                 syntaxes: Sequence[AbstractSyntax] = (), binds: Sequence[BindSyntax] = (),
                 on_bind: BindHandler, handler: OperationHandler,
                 tls: Optional[ssl.SSLContext] = None, bind_timeout: float = 30.0,
                 idle_timeout: Optional[float] = None, write_timeout: float = 60.0,
                 max_connections: int = 256, max_unbound: int = 32,
                 backlog: int = 64, **options: Any) -> None:
        if tls is not None:
            _tls.check_context(tls, server_side=True)
        self._host = host
        self._port = port
        self._syntaxes = tuple(syntaxes)
        self._binds = tuple(binds)
        self._on_bind = on_bind
        self._handler = handler
        self._tls = tls
        self._bind_timeout = bind_timeout
        self._idle_timeout = idle_timeout
        self._write_timeout = write_timeout
        self._max_connections = max_connections
        self._max_unbound = max_unbound
        self._backlog = backlog
        self._options = options
        self._listener: Optional[socket.socket] = None
        self._thread: Optional[threading.Thread] = None
        self._stopping = threading.Event()
        self._wake_r: Optional[socket.socket] = None
        self._wake_w: Optional[socket.socket] = None
        self._lock = threading.Lock()
        self._live: Dict[threading.Thread, Association] = {}
        self._unbound = 0
        #: Count of associations served to completion or failure (tests).
        self.completed = 0

    @property
    def address(self) -> Tuple[str, int]:
        """The (host, port) listened on."""
        if self._listener is None:
            raise LocalProtocolError("the server is not started")
        name = self._listener.getsockname()
        return name[0], name[1]

    def start(self) -> "AssociationServer":
        """Listen and start accepting in a background thread."""
        if self._listener is not None:
            raise LocalProtocolError("the server is already started")
        family = socket.AF_INET6 if ":" in self._host else socket.AF_INET
        listener = socket.socket(family, socket.SOCK_STREAM)
        try:
            listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            listener.bind((self._host, self._port))
            listener.listen(self._backlog)
            listener.setblocking(False)
        except BaseException:
            listener.close()
            raise
        self._listener = listener
        self._wake_r, self._wake_w = socket.socketpair()
        self._thread = threading.Thread(target=self._accept_loop,
                                        name="x400fast-server-accept", daemon=True)
        self._thread.start()
        log.info("association server listening on %s:%d%s", *self.address,
                 " (TLS)" if self._tls else "")
        return self

    def _accept_loop(self) -> None:
        listener = self._listener
        assert listener is not None and self._wake_r is not None
        with selectors.DefaultSelector() as sel:
            sel.register(listener, selectors.EVENT_READ)
            sel.register(self._wake_r, selectors.EVENT_READ)
            while not self._stopping.is_set():
                for key, _ in sel.select():
                    if key.fileobj is not listener:
                        continue
                    try:
                        sock, peer = listener.accept()
                    except (BlockingIOError, InterruptedError):
                        continue
                    except OSError:
                        if self._stopping.is_set():
                            return
                        continue
                    sock.setblocking(True)
                    self._start_connection(sock, peer)

    def _start_connection(self, sock: socket.socket, peer: Any) -> None:
        with self._lock:
            if (len(self._live) >= self._max_connections
                    or self._unbound >= self._max_unbound or self._stopping.is_set()):
                log.warning("refusing a connection from %s: %d connections, %d not "
                            "bound", peer, len(self._live), self._unbound)
                sock.close()
                return
            assoc = Association(self._syntaxes, self._binds, timeout=self._write_timeout,
                                **self._options)
            thread = threading.Thread(target=self._serve_connection, args=(sock, assoc),
                                      name="x400fast-association", daemon=True)
            self._live[thread] = assoc
            self._unbound += 1
        thread.start()

    def _serve_connection(self, sock: socket.socket, assoc: Association) -> None:
        me = threading.current_thread()
        counted = True
        try:
            bound = assoc.accept(sock, self._on_bind, tls=self._tls,
                                 timeout=self._bind_timeout)
            with self._lock:
                self._unbound -= 1
                counted = False
            if bound and not self._stopping.is_set():
                assoc.serve(self._handler, idle_timeout=self._idle_timeout)
        except (X400Error, OSError) as exc:
            log.info("association from %s ended: %s", assoc._peer, exc)
        except Exception:       # pragma: no cover - a bug: keep the server up
            log.exception("association from %s failed", assoc._peer)
        finally:
            assoc.close()
            with self._lock:
                if counted:
                    self._unbound -= 1
                self._live.pop(me, None)
                self.completed += 1

    def stop(self, timeout: float = 5.0) -> None:
        """Stop accepting, end live associations, and wait for their threads."""
        if self._listener is None:
            return
        self._stopping.set()
        if self._wake_w is not None:
            try:
                self._wake_w.send(b"x")
            except OSError:
                pass
        if self._thread is not None:
            self._thread.join(timeout)
        with self._lock:
            live = list(self._live.items())
        for _thread, assoc in live:
            assoc._shutdown_from_other_thread()
        end = time.monotonic() + timeout
        for thread, _assoc in live:
            thread.join(max(0.0, end - time.monotonic()))
        for s in (self._listener, self._wake_r, self._wake_w):
            if s is not None:
                s.close()
        self._listener = None
        log.info("association server stopped")

    def __enter__(self) -> "AssociationServer":
        return self.start()

    def __exit__(self, *exc: Any) -> None:
        self.stop()
