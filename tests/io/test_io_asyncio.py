"""asyncio associations over real sockets on 127.0.0.1: both roles.

Each test runs its own event loop with ``asyncio.run`` and a hard
``asyncio.wait_for`` bound, so a hang fails the test instead of the run.
"""
from __future__ import annotations

import asyncio
import socket
import time
from typing import Any, Awaitable, Callable

import pytest

from x400fast.association import (Address, AsyncAssociation, AsyncAssociationServer,
                                  IN_DOUBT, REJECTED, RESULT, ERROR, Invoke)
from x400fast.errors import (AssociationBusy, AssociationRejected, AssociationTimeout,
                             ConnectFailed, ConnectionLost, RemoteOperationError,
                             Rejected)
from x400fast.osi.rose import ROSEState

from iosupport import (ARG, BAD_BIND_ARGUMENT, BIND_ARGUMENT, BIND_RESULT, BINDS, MDSE,
                       MSSE, MTS_ACCESS_88, SYNTAXES, handler, on_bind)
from iosupport import server  # noqa: F401  (fixtures)


def run(coro: Awaitable[Any], limit: float = 20.0) -> Any:
    return asyncio.run(asyncio.wait_for(coro, limit))


async def async_handler(assoc: Any, inv: Any) -> Any:
    if inv.opcode == 8:
        await asyncio.sleep(0.3)
        return inv.argument
    return handler(assoc, inv)


async def async_on_bind(assoc: Any, ind: Any) -> Any:
    await asyncio.sleep(0)
    return on_bind(assoc, ind)


def with_server(body: Callable[[Any], Awaitable[Any]], **kw: Any) -> Any:
    async def main() -> Any:
        options = dict(syntaxes=SYNTAXES, binds=BINDS, on_bind=async_on_bind,
                       handler=async_handler, bind_timeout=2.0)
        options.update(kw)
        async with AsyncAssociationServer(**options) as srv:
            return await body(srv)
    return run(main())


async def connect(srv: Any, **kw: Any) -> AsyncAssociation:
    assoc = AsyncAssociation(SYNTAXES, BINDS, timeout=5.0)
    await assoc.open(Address(*srv.address, tsel=b"593"), MTS_ACCESS_88, BIND_ARGUMENT,
                     allow_plaintext_password=True, **kw)
    return assoc


def test_bind_invoke_release() -> None:
    async def body(srv: Any) -> None:
        async with AsyncAssociation(SYNTAXES, BINDS, timeout=5.0) as assoc:
            result = await assoc.open(Address(*srv.address), MTS_ACCESS_88, BIND_ARGUMENT)
            assert result == BIND_RESULT == assoc.bind_result and assoc.bound
            assert await assoc.invoke(3, ARG) == ARG
            assert await assoc.invoke(10, 41) == 42
        assert assoc.state is ROSEState.CLOSED and assoc.failure is None
    with_server(body)


def test_errors_rejects_and_many_outstanding() -> None:
    async def body(srv: Any) -> None:
        assoc = await connect(srv)
        with pytest.raises(RemoteOperationError) as err:
            await assoc.invoke(4, ARG)
        assert err.value.parameter == 7
        with pytest.raises(Rejected):
            await assoc.invoke(5, ARG, abstract_syntax=MSSE)
        with pytest.raises(Rejected):
            await assoc.invoke(6, ARG)
        outs = await assoc.invoke_many([(3, bytes((4, 1, i))) for i in range(200)])
        assert [o.result[2] for o in outs] == list(range(200))
        ids = await assoc.send_invokes([(3, ARG), (4, ARG), (5, ARG, MSSE)])
        got = {o.invoke_id: o.status async for o in assoc.outcomes(ids)}
        assert [got[i] for i in ids] == [RESULT, ERROR, REJECTED]
        iid = await assoc.send_invoke(10, 1)
        assert await assoc.wait(iid) == 2
        await assoc.release()
    with_server(body)


def test_bind_refused() -> None:
    async def body(srv: Any) -> None:
        assoc = AsyncAssociation(SYNTAXES, BINDS, timeout=5.0)
        with pytest.raises(AssociationRejected) as exc:
            await assoc.open(Address(*srv.address), MTS_ACCESS_88, BAD_BIND_ARGUMENT)
        assert exc.value.bind_error == 2
        assert assoc.state is ROSEState.CLOSED
    with_server(body)


def test_async_client_against_blocking_server(server: Any) -> None:
    async def main() -> None:
        assoc = AsyncAssociation(SYNTAXES, BINDS, timeout=5.0)
        await assoc.open(Address(*server.address), MTS_ACCESS_88, BIND_ARGUMENT)
        outs = await assoc.invoke_many([(3, ARG)] * 50)
        assert {o.status for o in outs} == {RESULT}
        await assoc.release()
    run(main())


def test_outstanding_invokes_in_both_directions() -> None:
    n = 60

    async def main() -> None:
        loop = asyncio.get_running_loop()
        listener = socket.socket()
        listener.bind(("127.0.0.1", 0))
        listener.listen(1)
        listener.setblocking(False)
        port = listener.getsockname()[1]

        async def responder() -> None:
            sock, _ = await loop.sock_accept(listener)
            listener.close()
            resp = AsyncAssociation(SYNTAXES, BINDS, timeout=5.0)
            assert await resp.accept(sock, async_on_bind, timeout=5.0)
            ids = await resp.send_invokes([Invoke(5, bytes((4, 1, i)), MDSE)
                                           for i in range(n)])
            for _ in range(n):
                inv = await resp.next_invoke()
                assert inv is not None
                await resp.reply(inv.invoke_id, inv.argument)
            outs = [o async for o in resp.outcomes(ids)]
            assert sorted(o.result[2] for o in outs) == list(range(n))
            assert await resp.next_invoke() is None
            assert resp.state is ROSEState.CLOSED

        task = asyncio.ensure_future(responder())
        assoc = AsyncAssociation(SYNTAXES, BINDS, timeout=5.0)
        await assoc.open(Address("127.0.0.1", port), MTS_ACCESS_88, BIND_ARGUMENT)
        ids = await assoc.send_invokes([(3, bytes((4, 1, i))) for i in range(n)])
        for _ in range(n):
            inv = await assoc.next_invoke()
            assert inv is not None and inv.abstract_syntax == MDSE
            await assoc.reply(inv.invoke_id, inv.argument)
        assert sorted([o.result[2] async for o in assoc.outcomes(ids)]) == list(range(n))
        await assoc.release()
        await task
    run(main())


def test_abort_both_ways() -> None:
    async def body(srv: Any) -> None:
        assoc = await connect(srv)
        iid = await assoc.send_invoke(8, ARG)
        await assoc.abort("testing")
        assert assoc.failure is not None and assoc.failure.in_doubt == (iid,)
        outs = [o async for o in assoc.outcomes([iid])]
        assert outs[0].status == IN_DOUBT
        with pytest.raises(ConnectionLost):
            await assoc.invoke(3, ARG)
        # The server carries on; now it aborts (its handler fails).
        other = await connect(srv)
        assert await other.invoke(3, ARG) == ARG
        with pytest.raises(ConnectionLost) as exc:
            await other.invoke(3, b"\x04\x04boom")
        assert exc.value.in_doubt and "abort" in str(exc.value).lower()

    def failing(assoc: Any, inv: Any) -> Any:
        if inv.argument == b"\x04\x04boom":
            raise RuntimeError("handler bug")
        return inv.argument

    with_server(body, handler=failing)


def test_concurrent_use_gets_association_busy() -> None:
    async def body(srv: Any) -> None:
        assoc = await connect(srv)
        slow = asyncio.ensure_future(assoc.invoke(8, ARG))
        await asyncio.sleep(0.05)
        with pytest.raises(AssociationBusy):
            await assoc.invoke(3, ARG)
        assert await slow == ARG
        assert await assoc.invoke(3, ARG) == ARG
        await assoc.release()
    with_server(body)


def test_timeouts() -> None:
    async def body(srv: Any) -> None:
        assoc = await connect(srv)
        t0 = time.monotonic()
        with pytest.raises(AssociationTimeout) as exc:
            await assoc.invoke(8, ARG, timeout=0.05)
        assert time.monotonic() - t0 < 0.25
        (late,) = exc.value.outstanding
        assert await assoc.wait(late, timeout=2.0) == ARG
        await assoc.release()
    with_server(body)


def test_server_idle_timeout_and_close() -> None:
    async def body(srv: Any) -> None:
        assoc = await connect(srv)
        await asyncio.sleep(0.4)            # the server aborts the idle association
        with pytest.raises(ConnectionLost):
            await assoc.invoke(3, ARG, timeout=2.0)
        live = await connect(srv)
        await srv.close()                   # ends live associations too
        with pytest.raises(ConnectionLost):
            await live.invoke(3, ARG, timeout=2.0)

    with_server(body, idle_timeout=0.2)


def test_connect_refused() -> None:
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()

    async def main() -> None:
        assoc = AsyncAssociation(SYNTAXES, BINDS, timeout=2.0)
        with pytest.raises(ConnectFailed):
            await assoc.open(Address("127.0.0.1", port), MTS_ACCESS_88, BIND_ARGUMENT)
    run(main())
