"""asyncio associations and server: the twin of :mod:`x400fast.io._sync`.

Same classes, same method names and the same semantics, as coroutines;
the docstrings here only say what differs (dnspython's habit).  Bytes
arrive through an :class:`asyncio.BufferedProtocol` that reads into one
kept 64 KiB buffer (asyncio's default protocols allocate a fresh buffer for
every read, which costs about half of a small round trip) and hands them
to the machines right in the read callback; a waiting coroutine is woken
only then.  Each call writes everything it produced with one
``transport.write``.
"""
from __future__ import annotations

import asyncio
import functools
import inspect
import socket
import ssl
from typing import (Any, AsyncIterator, Callable, Dict, Iterable, List,
                    Optional, Sequence, Set, Tuple, TypeVar, Union, cast)

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
from ._sync import _invoke_problem, _wrap_answer

__all__ = ["AsyncAssociation", "AsyncAssociationServer"]

F = TypeVar("F", bound=Callable[..., Any])

_READ_SIZE = 65536
_LINGER = 1.0
# Reading pauses while this many of the peer's invocations wait for the
# application, and resumes below the low mark (memory stays bounded even
# when a handler is slow; the machine's max_incoming rejects beyond).
_INCOMING_HIGH = 512
_INCOMING_LOW = 64
_BATCH_LATENCY = 0.002


def _exclusive(method: F) -> F:
    @functools.wraps(method)
    async def wrapper(self: "AsyncAssociation", *args: Any, **kwargs: Any) -> Any:
        self._enter()
        try:
            return await method(self, *args, **kwargs)
        finally:
            self._exit()
    return cast(F, wrapper)


def _expire(fut: "asyncio.Future[bool]") -> None:
    if not fut.done():
        fut.set_result(False)


async def _call(fn: Callable[..., Any], *args: Any) -> Any:
    out = fn(*args)
    if inspect.isawaitable(out):
        out = await out
    return out


class _Protocol(asyncio.BufferedProtocol):
    """Reads into one kept buffer and feeds the association's machines."""

    def __init__(self, assoc: "AsyncAssociation") -> None:
        self._assoc = assoc
        self._view = memoryview(bytearray(_READ_SIZE))
        self.transport: Optional[asyncio.Transport] = None
        self.write_paused = False
        self._drained: Optional["asyncio.Future[None]"] = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = cast(asyncio.Transport, transport)
        self._assoc._connection_made(self)

    def get_buffer(self, sizehint: int) -> memoryview:
        return self._view

    def buffer_updated(self, nbytes: int) -> None:
        self._assoc._received(self._view[:nbytes])

    def eof_received(self) -> bool:
        self._assoc._received(b"")
        return False

    def connection_lost(self, exc: Optional[BaseException]) -> None:
        self.transport = None
        self._assoc._lost(exc)
        self._wake_drain()

    def pause_writing(self) -> None:
        self.write_paused = True

    def resume_writing(self) -> None:
        self.write_paused = False
        self._wake_drain()

    def _wake_drain(self) -> None:
        waiter = self._drained
        if waiter is not None and not waiter.done():
            waiter.set_result(None)

    async def drain(self, deadline: Deadline, phase: str, outstanding: Sequence[int]) -> None:
        while self.write_paused and self.transport is not None:
            loop = asyncio.get_running_loop()
            self._drained = loop.create_future()
            handle = None
            if deadline.expiry is not None:
                delay = deadline.expiry - loop.time()
                if delay <= 0:
                    raise deadline.expired(phase, outstanding)
                handle = loop.call_later(delay, self._drained.cancel)
            try:
                await self._drained
            except asyncio.CancelledError:
                if handle is not None and self._drained.cancelled():
                    raise deadline.expired(phase, outstanding) from None
                raise
            finally:
                self._drained = None
                if handle is not None:
                    handle.cancel()


class AsyncAssociation:
    """The asyncio twin of :class:`x400fast.association.Association`.

    Every method is a coroutine (:meth:`outcomes` is an async iterator);
    one association serves one task at a time
    (:class:`~x400fast.errors.AssociationBusy` otherwise).  Used with
    ``async with``.
    """

    def __init__(self, syntaxes: Sequence[AbstractSyntax] = (),
                 binds: Sequence[BindSyntax] = (), *, timeout: Optional[float] = 60.0,
                 **options: Any) -> None:
        self._syntaxes = tuple(syntaxes)
        self._binds = tuple(binds)
        self._options = options
        self.timeout = timeout
        self._core: Optional[AssociationCore] = None
        self._protocol: Optional[_Protocol] = None
        self._loop: Optional[asyncio.AbstractEventLoop] = None
        self._waiter: Optional["asyncio.Future[bool]"] = None
        self._closed_waiter: Optional["asyncio.Future[None]"] = None
        self._owner: Optional["asyncio.Task[Any]"] = None
        self._depth = 0
        self._peer = ""
        self._tls = False
        self._reading_paused = False
        self._bind_result: Any = None
        self._bind_indication: Optional[BindIndication] = None
        self._on_connection: Optional[Callable[["AsyncAssociation"], None]] = None
        #: Free for the application (a server keeps the bound user here).
        self.context: Any = None

    # -- one task at a time ---------------------------------------------------------

    def _enter(self) -> None:
        task = asyncio.current_task()
        if self._owner is not None and self._owner is not task:
            raise AssociationBusy("this association is in use by another task; an "
                                  "association serves one task at a time")
        self._owner = task
        self._depth += 1

    def _exit(self) -> None:
        self._depth -= 1
        if self._depth == 0:
            self._owner = None

    # -- inspection (same as the blocking twin) -----------------------------------------

    def __repr__(self) -> str:
        core = self._core
        if core is None:
            return "<AsyncAssociation (unused)>"
        state = core.state.value if core.failure is None else "LOST"
        return "<AsyncAssociation %s %s %s%s>" % (core.role.value, state, self._peer,
                                                  " TLS" if self._tls else "")

    @property
    def state(self) -> Optional[ROSEState]:
        return self._core.state if self._core is not None else None

    @property
    def bound(self) -> bool:
        return (self._core is not None and self._core.failure is None
                and self._core.state is ROSEState.BOUND)

    @property
    def bind_result(self) -> Any:
        return self._bind_result

    @property
    def bind_indication(self) -> Optional[BindIndication]:
        return self._bind_indication

    @property
    def failure(self) -> Optional[ConnectionLost]:
        return self._core.failure if self._core is not None else None

    @property
    def outstanding(self) -> Tuple[int, ...]:
        return self._core.outstanding() if self._core is not None else ()

    @property
    def accepted_syntaxes(self) -> Tuple[str, ...]:
        core = self._core
        if core is None:
            return ()
        return tuple(core.rose.acse.defined_contexts.values())

    # -- protocol callbacks ---------------------------------------------------------------

    @property
    def _transport(self) -> Optional[asyncio.Transport]:
        protocol = self._protocol
        return protocol.transport if protocol is not None else None

    def _connection_made(self, protocol: _Protocol) -> None:
        self._protocol = protocol
        if self._on_connection is not None:
            self._on_connection(self)

    def _wake(self) -> None:
        waiter = self._waiter
        if waiter is not None and not waiter.done():
            waiter.set_result(True)

    def _received(self, data: Any) -> None:
        core = self._core
        if core is None:        # pragma: no cover - data before the core exists
            return
        core.feed(data)
        transport = self._transport
        if core.failure is not None:
            if transport is not None:
                courtesy = core.courtesy_output()
                if courtesy and not transport.is_closing():
                    transport.write(courtesy)
                transport.close()
        elif core.finished:
            self._write_quietly()
            if transport is not None:
                transport.close()
        else:
            data_out, marks = core.take_output()
            if data_out and transport is not None:
                transport.write(data_out)
            core.written(marks, len(data_out), len(data_out))
            if (len(core.incoming) >= _INCOMING_HIGH and transport is not None
                    and not self._reading_paused):
                transport.pause_reading()
                self._reading_paused = True
        self._wake()

    def _lost(self, exc: Optional[BaseException]) -> None:
        core = self._core
        if core is not None and not core.finished:
            core.feed(b"")
            if not core.finished:
                core.fail("connection lost", exc)
        if core is not None and core.failure is not None and exc is not None \
                and core.failure.cause is None:
            core.failure.cause = exc
        self._wake()
        waiter = self._closed_waiter
        if waiter is not None and not waiter.done():
            waiter.set_result(None)

    def _resume_reading(self) -> None:
        if self._reading_paused and self._core is not None and \
                len(self._core.incoming) <= _INCOMING_LOW:
            transport = self._transport
            if transport is not None:
                transport.resume_reading()
            self._reading_paused = False

    # -- waiting and writing ------------------------------------------------------------------

    def _deadline(self, timeout: Optional[float]) -> Deadline:
        loop = self._loop or asyncio.get_running_loop()
        return Deadline(timeout if timeout is not None else self.timeout, loop.time)

    async def _until(self, done: Callable[[], Any], deadline: Deadline, phase: str,
                     waiting_for: Optional[Iterable[int]] = None) -> bool:
        core = self._core
        assert core is not None
        loop = asyncio.get_running_loop()
        while not done():
            if core.failure is not None or self._transport is None:
                return False
            if self._reading_paused:
                transport = self._transport
                transport.resume_reading()
                self._reading_paused = False
            fut: "asyncio.Future[bool]" = loop.create_future()
            self._waiter = fut
            handle = None
            if deadline.expiry is not None:
                delay = deadline.expiry - loop.time()
                if delay <= 0:
                    self._waiter = None
                    raise deadline.expired(phase, sorted(waiting_for) if waiting_for
                                           is not None else core.outstanding())
                handle = loop.call_later(delay, _expire, fut)
            try:
                ok = await fut
            finally:
                self._waiter = None
                if handle is not None:
                    handle.cancel()
            if not ok:
                raise deadline.expired(phase, sorted(waiting_for) if waiting_for
                                       is not None else core.outstanding())
        return True

    async def _write(self, deadline: Deadline, phase: str) -> None:
        core = self._core
        assert core is not None
        data, marks = core.take_output()
        if not data:
            return
        transport = self._transport
        if transport is None or transport.is_closing() or core.failure is not None:
            core.unsendable(marks)
            raise core.failure or core.fail("the connection is closed")
        transport.write(data)
        core.written(marks, len(data), len(data))
        protocol = self._protocol
        if protocol is not None and protocol.write_paused:
            await protocol.drain(deadline, phase, core.outstanding())

    def _write_quietly(self) -> None:
        core = self._core
        assert core is not None
        data, marks = core.take_output()
        core.written(marks, len(data), len(data))
        transport = self._transport
        if data and transport is not None and not transport.is_closing():
            transport.write(data)

    def _teardown(self) -> None:
        transport = self._transport
        if transport is not None:
            transport.close()

    def _usable(self) -> AssociationCore:
        core = self._core
        if core is None:
            raise LocalProtocolError("the association is not open")
        if core.failure is not None:
            raise core.failure
        return core

    # -- opening (initiator) ------------------------------------------------------------------------

    @_exclusive
    async def open(self, address: Union[Address, str], application_context: str,
                   bind_argument: Any, *, abstract_syntaxes: Optional[Sequence[str]] = None,
                   bind_syntax: Optional[str] = None, timeout: Optional[float] = None,
                   tls: Union[bool, ssl.SSLContext, None] = None,
                   server_hostname: Optional[str] = None, bind_has_password: bool = False,
                   allow_plaintext_password: bool = False) -> Any:
        """See :meth:`Association.open`."""
        if self._core is not None:
            raise LocalProtocolError("this AsyncAssociation was already used; make a "
                                     "new one")
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
        loop = self._loop = asyncio.get_running_loop()
        deadline = self._deadline(timeout)
        core = AssociationCore(Role.INITIATOR, self._syntaxes, self._binds, self._options)
        request = BindRequest(
            bind_argument, application_context,
            tuple(abstract_syntaxes) if abstract_syntaxes is not None else None,
            bind_syntax, address.called, address.calling, address.ap_title,
            address.ae_qualifier, address.calling_ap_title, address.calling_ae_qualifier)
        try:
            core.queue(request)
        except LocalProtocolError as exc:
            if bind_has_password:
                raise LocalProtocolError("the bind cannot be encoded (details withheld: "
                                         "the bind argument carries a password)") from None
            raise exc
        self._core = core
        self._peer = "%s:%d" % (address.host, address.port)
        name = server_hostname or address.host
        remaining = deadline.remaining("connect")
        try:
            connect = loop.create_connection(
                lambda: _Protocol(self), address.host, address.port, ssl=ctx,
                server_hostname=name if ctx is not None else None,
                # wait_for below enforces the deadline; asyncio's own
                # handshake timer must not fire first with another error.
                ssl_handshake_timeout=(remaining + 5.0 if remaining is not None
                                       else None) if ctx is not None else None)
            await asyncio.wait_for(connect, remaining)
        except asyncio.TimeoutError:
            core.fail("connect timed out")
            raise deadline.expired("connect") from None
        except (ssl.SSLError, ssl.CertificateError) as exc:
            core.fail("TLS refused", exc)
            raise _tls.tls_error(exc, name) from exc
        except OSError as exc:
            core.fail("cannot connect", exc)
            raise ConnectFailed("cannot connect to %s:%d: %s"
                                % (address.host, address.port, exc.strerror or exc),
                                exc) from exc
        self._tls = ctx is not None
        await self._write(deadline, "bind")
        try:
            await self._until(lambda: core.bind_event is not None, deadline, "bind")
        except AssociationTimeout:
            await self._abort("bind timed out")
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
        if ctx is not None and isinstance(failure.cause, ssl.SSLError):
            raise _tls.tls_error(failure.cause, name)
        raise failure

    # -- operations ----------------------------------------------------------------------------------

    async def _send_invokes(self, specs: Iterable[InvokeSpec], deadline: Deadline
                            ) -> List[int]:
        core = self._usable()
        ids: List[int] = []
        try:
            for spec in specs:
                ids.append(core.queue_invoke(as_invoke(spec)))
        except (LocalProtocolError, TypeError) as exc:
            try:
                await self._write(deadline, "invoke")
            finally:
                setattr(exc, "invoke_ids", tuple(ids))
            raise
        await self._write(deadline, "invoke")
        return ids

    @_exclusive
    async def send_invoke(self, opcode: Code, argument: Any = None, *,
                          abstract_syntax: Optional[str] = None,
                          timeout: Optional[float] = None) -> int:
        """See :meth:`Association.send_invoke`."""
        ids = await self._send_invokes([Invoke(opcode, argument, abstract_syntax)],
                                       self._deadline(timeout))
        return ids[0]

    @_exclusive
    async def send_invokes(self, invokes: Iterable[InvokeSpec], *,
                           timeout: Optional[float] = None) -> List[int]:
        """See :meth:`Association.send_invokes`."""
        return await self._send_invokes(invokes, self._deadline(timeout))

    async def _wait(self, iid: int, deadline: Deadline) -> Outcome:
        core = self._core
        if core is None or not core.known(iid):
            raise LocalProtocolError("no invocation %r awaits collection" % (iid,))
        await self._until(lambda: iid in core.outcomes, deadline, "result", (iid,))
        outcome = core.pop_outcome(iid)
        assert outcome is not None, "an invocation left without an outcome"
        return outcome

    @_exclusive
    async def wait(self, invoke_id: int, *, timeout: Optional[float] = None) -> Any:
        """See :meth:`Association.wait`."""
        return (await self._wait(invoke_id, self._deadline(timeout))).value()

    @_exclusive
    async def invoke(self, opcode: Code, argument: Any = None, *,
                     abstract_syntax: Optional[str] = None,
                     timeout: Optional[float] = None) -> Any:
        """See :meth:`Association.invoke`."""
        deadline = self._deadline(timeout)
        ids = await self._send_invokes([Invoke(opcode, argument, abstract_syntax)],
                                       deadline)
        return (await self._wait(ids[0], deadline)).value()

    async def outcomes(self, invoke_ids: Optional[Iterable[int]] = None, *,
                       timeout: Optional[float] = None) -> AsyncIterator[Outcome]:
        """See :meth:`Association.outcomes` (an async iterator here)."""
        deadline = self._deadline(timeout)
        self._enter()
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
            self._exit()
        while pending:
            self._enter()
            try:
                if pending.isdisjoint(core.outcomes):
                    await self._until(lambda: not pending.isdisjoint(core.outcomes),
                                      deadline, "result", pending)
                outs = [core.outcomes.pop(iid) for iid in list(core.outcomes)
                        if iid in pending]
                if not outs:
                    raise LocalProtocolError(   # pragma: no cover - core invariant
                        "invocations %s have no outcome" % sorted(pending))
            finally:
                self._exit()
            for outcome in outs:
                pending.discard(outcome.invoke_id)
                yield outcome

    @_exclusive
    async def invoke_many(self, invokes: Iterable[InvokeSpec], *,
                          timeout: Optional[float] = None) -> List[Outcome]:
        """See :meth:`Association.invoke_many`."""
        deadline = self._deadline(timeout)
        ids = await self._send_invokes(invokes, deadline)
        core = self._core
        assert core is not None
        got: Dict[int, Outcome] = {}
        try:
            remaining = deadline.remaining("result", ids)
            async for outcome in self.outcomes(ids, timeout=remaining):
                got[outcome.invoke_id] = outcome
        except AssociationTimeout:
            core.outcomes.update(got)
            raise
        return [got[i] for i in ids]

    # -- the peer's invocations ---------------------------------------------------------------------

    @_exclusive
    async def next_invoke(self, *, timeout: Optional[float] = None) -> Optional[Invoke]:
        """See :meth:`Association.next_invoke`."""
        core = self._usable()
        deadline = self._deadline(timeout)
        await self._until(lambda: core.incoming or core.unbind_requested or core.finished,
                          deadline, "invoke")
        if core.incoming:
            invoke = core.incoming.popleft()
            self._resume_reading()
            return invoke
        if core.unbind_requested:
            # The peer's release gets the association's own timeout: a
            # caller polling with a short one must not cut it short.
            await self._complete_peer_release(self._deadline(None))
            return None
        if core.failure is not None:
            raise core.failure
        return None

    async def _answer(self, event: Any, deadline: Deadline) -> None:
        core = self._usable()
        core.queue(event)
        await self._write(deadline, "answer")
        if core.unbind_requested:
            # The peer's release gets the association's own timeout: a
            # caller polling with a short one must not cut it short.
            await self._complete_peer_release(self._deadline(None))

    @_exclusive
    async def reply(self, invoke_id: int, result: Any = None, *,
                    timeout: Optional[float] = None) -> None:
        """See :meth:`Association.reply`."""
        await self._answer(Result(invoke_id, result), self._deadline(timeout))

    @_exclusive
    async def reply_error(self, invoke_id: int, errcode: Code, parameter: Any = None, *,
                          timeout: Optional[float] = None) -> None:
        """See :meth:`Association.reply_error`."""
        await self._answer(Error(invoke_id, errcode, parameter), self._deadline(timeout))

    @_exclusive
    async def reject(self, invoke_id: int, problem: Union[str, int] = "resourceLimitation",
                     *, timeout: Optional[float] = None) -> None:
        """See :meth:`Association.reject`."""
        await self._answer(Reject(invoke_id, "invoke", _invoke_problem(problem)),
                           self._deadline(timeout))

    async def _complete_peer_release(self, deadline: Deadline) -> None:
        core = self._core
        assert core is not None
        rose = core.rose
        if rose.state is ROSEState.UNBIND_COLLISION or (
                rose.state is ROSEState.WAIT_UNBIND_RESPONSE and not rose.unanswered
                and not core.incoming):
            core.queue(UnbindResult())
            await self._write(deadline, "release")
            if rose.state is ROSEState.CLOSED:
                await self._linger(deadline)

    async def _linger(self, deadline: Deadline) -> None:
        """After answering a release: give the peer a moment to close first."""
        if self._transport is None:
            return
        loop = asyncio.get_running_loop()
        self._closed_waiter = loop.create_future()
        limit = _LINGER
        if deadline.expiry is not None:
            limit = min(limit, max(0.0, deadline.expiry - loop.time()))
        try:
            await asyncio.wait_for(asyncio.shield(self._closed_waiter), limit)
        except asyncio.TimeoutError:
            pass
        finally:
            self._closed_waiter = None
            self._teardown()

    # -- ending -----------------------------------------------------------------------------------------

    @_exclusive
    async def release(self, *, timeout: Optional[float] = None) -> None:
        """See :meth:`Association.release`."""
        core = self._usable()
        deadline = self._deadline(timeout)
        if core.state is ROSEState.BOUND:
            core.queue(UnbindRequest())
            await self._write(deadline, "release")
        elif core.state is ROSEState.WAIT_UNBIND_RESPONSE:
            for pending in release_leftovers(core):
                core.queue(pending)
            await self._write(deadline, "release")
            await self._complete_peer_release(deadline)
        while not (core.unbound or core.finished):
            if core.state is ROSEState.UNBIND_COLLISION:
                await self._complete_peer_release(deadline)
                continue
            if not await self._until(lambda: core.unbound or core.finished
                                     or core.state is ROSEState.UNBIND_COLLISION,
                                     deadline, "release"):
                break
        self._teardown()
        if not core.unbound and core.failure is not None:
            raise core.failure
        log.info("association with %s released", self._peer)

    @_exclusive
    async def abort(self, reason: str = "") -> None:
        """See :meth:`Association.abort`."""
        await self._abort(reason)

    async def _abort(self, reason: str) -> None:
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
            transport = self._transport
            if data and transport is not None and not transport.is_closing():
                transport.write(data)
            core.fail("aborted by this side" + (": " + reason if reason else ""))
        self._teardown()

    async def close(self) -> None:
        """See :meth:`Association.close`."""
        self._enter()
        try:
            await self._abort("closed")
        finally:
            self._exit()

    async def __aenter__(self) -> "AsyncAssociation":
        return self

    async def __aexit__(self, exc_type: Any, exc: Any, tb: Any) -> None:
        if exc_type is None and self.bound:
            await self.release()
        else:
            await self.close()

    # -- responder ------------------------------------------------------------------------------------------

    def _prepare_responder(self) -> AssociationCore:
        if self._core is not None:
            raise LocalProtocolError("this AsyncAssociation was already used; make a "
                                     "new one")
        core = AssociationCore(Role.RESPONDER, self._syntaxes, self._binds, self._options)
        self._core = core
        return core

    def _note_peer(self) -> None:
        transport = self._transport
        peer = transport.get_extra_info("peername") if transport is not None else None
        self._peer = "%s:%s" % (peer[0], peer[1]) if peer else "?"
        self._tls = transport is not None and transport.get_extra_info("ssl_object") \
            is not None

    @_exclusive
    async def accept(self, sock: socket.socket, on_bind: Callable[..., Any], *,
                     tls: Optional[ssl.SSLContext] = None,
                     timeout: Optional[float] = None) -> bool:
        """See :meth:`Association.accept`; ``on_bind`` may be a coroutine
        function."""
        self._prepare_responder()
        loop = self._loop = asyncio.get_running_loop()
        deadline = self._deadline(timeout)
        if tls is not None:
            _tls.check_context(tls, server_side=True)
        remaining = deadline.remaining("TLS handshake")
        try:
            await asyncio.wait_for(loop.connect_accepted_socket(
                lambda: _Protocol(self), sock, ssl=tls,
                ssl_handshake_timeout=(remaining + 5.0 if remaining is not None else None)
                if tls is not None else None), remaining)
        except asyncio.TimeoutError:
            sock.close()
            raise deadline.expired("TLS handshake") from None
        except (ssl.SSLError, OSError) as exc:
            sock.close()
            raise _tls.tls_error(exc, None) from exc
        return await self._bind_responder(on_bind, deadline)

    async def _bind_responder(self, on_bind: Callable[..., Any], deadline: Deadline) -> bool:
        core = self._core
        assert core is not None
        self._note_peer()
        try:
            await self._until(lambda: core.bind_event is not None, deadline, "bind")
        except AssociationTimeout:
            await self._abort("no bind before the deadline")
            raise
        event = core.bind_event
        if not isinstance(event, BindIndication):
            if isinstance(event, BindError):
                log.info("refused a bind from %s: %s", self._peer, event.detail)
            self._teardown()
            if core.failure is not None and event is None:
                raise core.failure
            return False
        self._bind_indication = event
        try:
            answer = await _call(on_bind, self, event)
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
        await self._write(deadline, "bind")
        log.info("association from %s bound", self._peer)
        return True

    @_exclusive
    async def serve(self, handler: Callable[..., Any], *,
                    idle_timeout: Optional[float] = None) -> None:
        """See :meth:`Association.serve`; ``handler`` may be a coroutine
        function (invocations are still answered one after the other)."""
        core = self._usable()
        loop = asyncio.get_running_loop()
        while True:
            batch_started = 0.0
            while core.incoming and not core.finished:
                if batch_started and loop.time() - batch_started > _BATCH_LATENCY:
                    if not await self._flush_answers():
                        return
                    batch_started = 0.0
                inv = core.incoming.popleft()
                iid = inv.invoke_id
                assert iid is not None
                try:
                    out = await _call(handler, self, inv)
                    answer: Any = _wrap_answer(iid, out)
                except RemoteOperationError as exc:
                    answer = Error(iid, cast(Code, exc.errcode), exc.parameter)
                except Rejected as exc:
                    answer = Reject(iid, "invoke", exc.problem)
                except Exception:
                    log.exception("operation handler failed on invocation %d "
                                  "(operation %r)", iid, inv.opcode)
                    answer = None
                if answer is not None and not core.finished:
                    try:
                        core.queue(answer)
                    except LocalProtocolError as exc:
                        log.error("cannot answer invocation %d: %s", iid, exc)
                        answer = None
                if answer is None:
                    await self._abort("operation handler failed")
                    return
                if not batch_started:
                    batch_started = loop.time()
            self._resume_reading()
            if core.finished or self._transport is None or \
                    not await self._flush_answers():
                self._teardown()
                return
            if core.unbind_requested:
                await self._complete_peer_release(self._deadline(None))
                if core.finished or self._transport is None:
                    self._teardown()
                    return
            idle = Deadline(idle_timeout, loop.time)
            try:
                await self._until(lambda: core.incoming or core.unbind_requested
                                  or core.finished, idle, "invoke")
            except AssociationTimeout:
                await self._abort("idle for %.3g s" % (idle_timeout or 0))
                return

    async def _flush_answers(self) -> bool:
        try:
            await self._write(self._deadline(None), "answer")
        except (ConnectionLost, AssociationTimeout) as exc:
            log.info("association with %s ended: %s", self._peer, exc)
            self._teardown()
            return False
        return True


class AsyncAssociationServer:
    """The asyncio twin of :class:`x400fast.association.AssociationServer`:
    one task per association.  ``on_bind`` and ``handler`` may be
    coroutine functions.  Start with ``await server.start()`` (or
    ``async with``), stop with ``await server.close()``."""

    def __init__(self, host: str = "127.0.0.1", port: int = 0, *,
                 syntaxes: Sequence[AbstractSyntax] = (), binds: Sequence[BindSyntax] = (),
                 on_bind: Callable[..., Any], handler: Callable[..., Any],
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
        self._server: Optional[asyncio.AbstractServer] = None
        self._tasks: Dict["asyncio.Task[None]", AsyncAssociation] = {}
        self._unbound = 0
        self.completed = 0

    @property
    def address(self) -> Tuple[str, int]:
        if self._server is None:
            raise LocalProtocolError("the server is not started")
        name = cast(asyncio.Server, self._server).sockets[0].getsockname()
        return name[0], name[1]

    async def start(self) -> "AsyncAssociationServer":
        loop = asyncio.get_running_loop()
        self._server = await loop.create_server(
            self._protocol, self._host, self._port, ssl=self._tls, backlog=self._backlog,
            ssl_handshake_timeout=self._bind_timeout if self._tls is not None else None)
        log.info("association server listening on %s:%d%s", *self.address,
                 " (TLS)" if self._tls else "")
        return self

    def _protocol(self) -> _Protocol:
        assoc = AsyncAssociation(self._syntaxes, self._binds, timeout=self._write_timeout,
                                 **self._options)
        assoc._loop = asyncio.get_running_loop()
        assoc._prepare_responder()
        assoc._on_connection = self._connected
        return _Protocol(assoc)

    def _connected(self, assoc: AsyncAssociation) -> None:
        transport = assoc._transport
        if (len(self._tasks) >= self._max_connections or self._unbound >= self._max_unbound
                or self._server is None):
            log.warning("refusing a connection: %d connections, %d not bound",
                        len(self._tasks), self._unbound)
            if transport is not None:
                transport.abort()
            return
        self._unbound += 1
        task = asyncio.get_running_loop().create_task(self._serve_connection(assoc))
        self._tasks[task] = assoc
        task.add_done_callback(self._done)

    def _done(self, task: "asyncio.Task[None]") -> None:
        self._tasks.pop(task, None)
        self.completed += 1

    async def _serve_connection(self, assoc: AsyncAssociation) -> None:
        counted = True
        try:
            assoc._enter()
            try:
                deadline = Deadline(self._bind_timeout, asyncio.get_running_loop().time)
                bound = await assoc._bind_responder(self._on_bind, deadline)
            finally:
                assoc._exit()
            self._unbound -= 1
            counted = False
            if bound:
                await assoc.serve(self._handler, idle_timeout=self._idle_timeout)
        except (X400Error, OSError) as exc:
            log.info("association from %s ended: %s", assoc._peer, exc)
        except asyncio.CancelledError:
            pass
        except Exception:       # pragma: no cover - a bug: keep the server up
            log.exception("association from %s failed", assoc._peer)
        finally:
            if counted:
                self._unbound -= 1
            await assoc._abort("closed")

    async def close(self) -> None:
        """Stop listening, end live associations, wait for their tasks."""
        server = self._server
        if server is None:
            return
        self._server = None
        server.close()
        tasks = list(self._tasks)
        for task in tasks:
            task.cancel()
        if tasks:
            await asyncio.gather(*tasks, return_exceptions=True)
        await server.wait_closed()
        log.info("association server stopped")

    async def __aenter__(self) -> "AsyncAssociationServer":
        return await self.start()

    async def __aexit__(self, *exc: Any) -> None:
        await self.close()
