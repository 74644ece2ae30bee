"""The asyncio twins against asyncio responders (and the threaded one for
pushed deliveries): same names, same outcomes."""
from __future__ import annotations

import asyncio

import pytest

from x400fast import errors as E
from x400fast import services as S
from x400fast.association import AsyncAssociationServer
from x400fast.asn1 import x411, x413
from x400fast.client import AsyncP3Client, AsyncP7Client, async_submit_spread, filters as F
from x400fast.errors import RemoteOperationError
from x400fast.io.tls import client_context, server_context

from .support import PASSWORD, USER, P3Behaviour, P3Server, P7Store, message
from .test_p3 import _delivery


def run(coro):
    return asyncio.run(asyncio.wait_for(coro, 30))


async def p3_server(b, tls=None):
    srv = AsyncAssociationServer(syntaxes=S.P3_SYNTAXES, binds=S.P3_BINDS, on_bind=b.on_bind,
                                 handler=b.handler, tls=tls, bind_timeout=10, idle_timeout=20)
    await srv.start()
    return srv, "127.0.0.1:%d" % srv.address[1]


def aclient(addr, **kw):
    kw.setdefault("allow_plaintext_password", True)
    return AsyncP3Client(addr, USER, kw.pop("password", PASSWORD), timeout=10, **kw)


def test_async_submit_errors_and_bulk():
    async def main():
        b = P3Behaviour()
        srv, addr = await p3_server(b)
        try:
            async with aclient(addr) as c:
                assert c.bind_info.responder_name == ("mta", "MTA1")
                m = message(1)
                res = await c.submit(m)
                assert m.mts_identifier == res.mts_identifier
                bulk = await c.submit_many([message(i) for i in range(1000)], window=64)
                assert bulk.counts()["accepted"] == 1000
                b.error = RemoteOperationError(0, 3, [S.orname_value(USER)],
                                               "recipient-improperly-specified")
                with pytest.raises(E.RecipientImproperlySpecified):
                    await c.submit(message())
                b.error = None
            with pytest.raises(E.AuthenticationFailed):
                await aclient(addr, password="bad").connect()
            clients = [aclient(addr) for _ in range(4)]
            for c in clients:
                await c.connect()
            bulk = await async_submit_spread(clients, [message(i) for i in range(1000)],
                                             window=64)
            assert bulk.counts() == {"accepted": 1000, "rejected": 0, "in_doubt": 0,
                                     "not_sent": 0}
            for c in clients:
                await c.close()
        finally:
            await srv.close()
    run(main())


def test_async_busy_second_task():
    async def main():
        b = P3Behaviour()
        srv, addr = await p3_server(b)
        try:
            async with aclient(addr) as c:
                t1 = asyncio.ensure_future(c.submit_many([message(i) for i in range(200)],
                                                         window=8))
                await asyncio.sleep(0)
                await asyncio.sleep(0.01)
                with pytest.raises(E.AssociationBusy):
                    await c.submit(message())
                assert (await t1).counts()["accepted"] == 200
        finally:
            await srv.close()
    run(main())


def test_async_bulk_dropped_midway():
    async def main():
        b = P3Behaviour()
        b.abort_after = 100
        srv, addr = await p3_server(b)
        try:
            c = aclient(addr)
            await c.connect()
            res = await c.submit_many([message(i) for i in range(500)], window=64)
            await c.abort()
        finally:
            await srv.close()
        counts = res.counts()
        assert sum(counts.values()) == 500 and counts["rejected"] == 0
        assert 0 < counts["accepted"] <= 100 and counts["in_doubt"] >= 1
        accepted = [i.index for i in res.accepted]
        assert accepted == list(range(len(accepted)))
    run(main())


def test_async_deliveries_with_coroutine_callback(tmp_path):
    b = P3Behaviour()
    b.deliveries = [_delivery(i) for i in range(2)]
    srv = P3Server(b)
    got = []

    async def secure(item):
        await asyncio.sleep(0)
        got.append(item.message.subject)

    async def main():
        async with aclient(srv.address, on_delivery=secure, spool=str(tmp_path)) as c:
            items = await c.wait_until_idle(timeout=10, quiet=0.5)
            assert len(items) == 2 and all(i.path for i in items)
    try:
        run(main())
        assert b.done.wait(5)
    finally:
        srv.stop()
    assert got == ["test 0", "test 1"]
    assert [o.status for o in b.delivery_outcomes] == ["result", "result"]


def test_async_p7_over_tls(certs):
    async def main():
        st = P7Store(5)
        srv = AsyncAssociationServer(syntaxes=S.P7_SYNTAXES, binds=S.P7_BINDS,
                                     on_bind=st.on_bind, handler=st.handler,
                                     tls=server_context(*certs.server), bind_timeout=10)
        await srv.start()
        try:
            async with AsyncP7Client("127.0.0.1:%d" % srv.address[1], USER, PASSWORD,
                                     tls=client_context(cafile=certs.ca),
                                     server_hostname="localhost", timeout=10) as c:
                assert c.bind_info.messages_waiting == 3
                page = await c.list(filter=F.equals(x413.id_att_retrieval_status, 0),
                                    attributes=[])
                assert [e.sequence_number for e in page] == [1, 3, 5]
                entry = await c.fetch(1, secure=lambda e: None)
                assert entry.message.subject == "test 1"
                await c.delete([1], only_secured=True)
                assert (await c.summarize()).count == 4
                with pytest.raises(E.SequenceNumberError):
                    await c.fetch(1)
        finally:
            await srv.close()
    run(main())
