"""Connection-level faults (reliability.md 3.6, catalogue items 47-51).

Misbehaving peers are scripted on real sockets with the sans-I/O machines
(or raw bytes); every wait is bounded and every test stops by itself.
Each test also keeps a healthy association busy in the same process, to
show the fault stays with its own connection.
"""
from __future__ import annotations

import asyncio
import socket
import threading
import time
from typing import Any

import pytest

from x400fast.association import (Address, Association, AssociationServer,
                                  AsyncAssociation, IN_DOUBT, RESULT)
from x400fast.errors import (AssociationAborted, AssociationTimeout, ConnectionLost,
                             MalformedTPKT)
from x400fast.osi.presentation import NEED_DATA, Role
from x400fast.osi.rose import Invoke, Result, ROSEConnection
from x400fast.osi import transport as T

from iosupport import (ARG, BIND_ARGUMENT, BINDS, MTS_ACCESS_88, SYNTAXES, handler,
                       machine_responder, on_bind, read_until_closed)
from iosupport import scripted, server  # noqa: F401  (fixtures)


def is_invoke(ev: Any) -> bool:
    return isinstance(ev, Invoke)


def good_association(srv: Any) -> Association:
    assoc = Association(SYNTAXES, BINDS, timeout=5.0)
    assoc.open(Address(*srv.address), MTS_ACCESS_88, BIND_ARGUMENT)
    assert assoc.invoke(3, ARG) == ARG
    return assoc


def client(port: int, timeout: float = 5.0) -> Association:
    assoc = Association(SYNTAXES, BINDS, timeout=timeout)
    assoc.open(Address("127.0.0.1", port), MTS_ACCESS_88, BIND_ARGUMENT)
    return assoc


# -- the initiator's side (catalogue 47, 48, 50, 51) ----------------------------------------


def test_peer_closes_in_the_middle_of_a_tpkt(scripted: Any, server: Any) -> None:
    good = good_association(server)

    def script(sock: socket.socket) -> None:
        m, events = machine_responder(sock, until=is_invoke)
        m.send(Result(events[-1].invoke_id, ARG))
        frame = m.data_to_send()
        sock.sendall(frame[:len(frame) // 2])       # half a TPKT, then FIN
        sock.shutdown(socket.SHUT_WR)
        read_until_closed(sock, 1.0)

    peer = scripted(script)
    assoc = client(peer.port)
    with pytest.raises(ConnectionLost) as exc:
        assoc.invoke(3, ARG)
    lost = exc.value
    assert lost.in_doubt == (1,) and lost.not_sent == ()
    assert isinstance(lost.cause, AssociationAborted) and lost.cause.provider
    assert "incomplete" in str(lost)                # the half TPKT was discarded
    assert good.invoke(3, ARG) == ARG
    good.release()
    assert not peer.errors


def test_peer_closes_after_the_invoke_before_the_result(scripted: Any,
                                                        server: Any) -> None:
    good = good_association(server)

    def script(sock: socket.socket) -> None:
        machine_responder(sock, until=is_invoke)    # sees an invoke, then closes

    peer = scripted(script)
    assoc = client(peer.port)
    outcomes = assoc.invoke_many([(3, ARG)] * 5)
    assert [o.status for o in outcomes] == [IN_DOUBT] * 5   # never result/rejected
    assert all(isinstance(o.error, ConnectionLost) for o in outcomes)
    with pytest.raises(ConnectionLost):
        outcomes[0].value()
    assert good.invoke(3, ARG) == ARG
    good.release()


def test_bulk_report_adds_up(scripted: Any) -> None:
    """The peer answers 10 of 30 pipelined invocations and goes away: the
    report says exactly which were done and which are in doubt."""
    def script(sock: socket.socket) -> None:
        m, _ = machine_responder(sock)
        answered = 0
        while answered < 10:
            data = sock.recv(65536)
            if not data:
                break
            m.receive_data(data)
            while answered < 10:
                ev = m.next_event()
                if ev is NEED_DATA:
                    break
                if isinstance(ev, Invoke):
                    m.send(Result(ev.invoke_id, ev.argument))
                    answered += 1
        sock.sendall(m.data_to_send())
        sock.shutdown(socket.SHUT_WR)           # FIN after the ten answers
        read_until_closed(sock, 2.0)

    peer = scripted(script)
    assoc = client(peer.port)
    outcomes = assoc.invoke_many([(3, bytes((4, 1, i))) for i in range(30)])
    statuses = [o.status for o in outcomes]
    assert statuses.count(RESULT) == 10 and statuses.count(IN_DOUBT) == 20
    assert [o.result[2] for o in outcomes if o.ok] == list(range(10))
    assert not peer.errors


def test_silent_peer_deadlines(scripted: Any) -> None:
    # Never answers the CR: the bind deadline fires.
    peer = scripted(lambda sock: read_until_closed(sock, 3.0))
    assoc = Association(SYNTAXES, BINDS)
    t0 = time.monotonic()
    with pytest.raises(AssociationTimeout) as exc:
        assoc.open(Address("127.0.0.1", peer.port), MTS_ACCESS_88, BIND_ARGUMENT,
                   timeout=0.3)
    assert exc.value.phase == "bind" and 0.25 < time.monotonic() - t0 < 1.0

    # Binds, then never answers: the invocation's deadline fires and the
    # association stays usable (here: aborted by the caller).
    gate = threading.Event()
    peer = scripted(lambda sock: (machine_responder(sock, until=is_invoke),
                                  gate.wait(3.0)))
    assoc = client(peer.port)
    with pytest.raises(AssociationTimeout) as exc:
        assoc.invoke(9, ARG, timeout=0.2)
    assert exc.value.outstanding == (1,) and assoc.bound
    assoc.abort("peer too slow")
    assert assoc.failure is not None and assoc.failure.in_doubt == (1,)
    gate.set()


def test_trickling_peer_cannot_stretch_the_deadline(scripted: Any) -> None:
    """The peer answers the CR with its CC one octet every 50 ms: the call's
    single deadline still fires on time."""
    def script(sock: socket.socket) -> None:
        t = T.TransportConnection(Role.RESPONDER, local_ref=7)
        t.receive_data(sock.recv(1024))
        t.next_event()
        t.send(T.ConnectResponse())
        for i, octet in enumerate(t.data_to_send()):
            sock.sendall(bytes((octet,)))
            time.sleep(0.05)

    peer = scripted(script)
    assoc = Association(SYNTAXES, BINDS)
    t0 = time.monotonic()
    with pytest.raises(AssociationTimeout):
        assoc.open(Address("127.0.0.1", peer.port), MTS_ACCESS_88, BIND_ARGUMENT,
                   timeout=0.3)
    assert time.monotonic() - t0 < 0.6


def test_garbage_from_the_peer_ends_cleanly(scripted: Any, server: Any) -> None:
    good = good_association(server)

    def script(sock: socket.socket) -> None:
        machine_responder(sock, until=is_invoke)
        sock.sendall(b"HTTP/1.1 400 Bad Request\r\n\r\n")
        read_until_closed(sock, 2.0)

    peer = scripted(script)
    assoc = client(peer.port)
    with pytest.raises(ConnectionLost) as exc:
        assoc.invoke(3, ARG)
    assert isinstance(exc.value.cause, MalformedTPKT) and exc.value.in_doubt == (1,)
    assert assoc._sock is None                      # closed, nothing left open
    assert good.invoke(3, ARG) == ARG
    good.release()


def test_asyncio_peer_faults(scripted: Any) -> None:
    def closes(sock: socket.socket) -> None:
        machine_responder(sock, until=is_invoke)

    def garbage(sock: socket.socket) -> None:
        machine_responder(sock, until=is_invoke)
        sock.sendall(b"\x04\x00\x00\x07garbage")
        read_until_closed(sock, 2.0)

    silent = scripted(lambda sock: read_until_closed(sock, 3.0))
    closing = scripted(closes)
    bad = scripted(garbage)

    async def main() -> None:
        a = AsyncAssociation(SYNTAXES, BINDS, timeout=5.0)
        await a.open(Address("127.0.0.1", closing.port), MTS_ACCESS_88, BIND_ARGUMENT)
        outs = await a.invoke_many([(3, ARG)] * 4)
        assert {o.status for o in outs} == {IN_DOUBT}

        b = AsyncAssociation(SYNTAXES, BINDS, timeout=5.0)
        await b.open(Address("127.0.0.1", bad.port), MTS_ACCESS_88, BIND_ARGUMENT)
        with pytest.raises(ConnectionLost) as exc:
            await b.invoke(3, ARG)
        assert isinstance(exc.value.cause, MalformedTPKT)

        c = AsyncAssociation(SYNTAXES, BINDS)
        t0 = time.monotonic()
        with pytest.raises(AssociationTimeout):
            await c.open(Address("127.0.0.1", silent.port), MTS_ACCESS_88,
                         BIND_ARGUMENT, timeout=0.3)
        assert time.monotonic() - t0 < 1.0

    asyncio.run(asyncio.wait_for(main(), 15))


# -- the responder's side (catalogue 49) ------------------------------------------------------


def raw_connect(port: int) -> socket.socket:
    sock = socket.create_connection(("127.0.0.1", port), 2.0)
    sock.settimeout(3.0)
    return sock


def closed_within(sock: socket.socket, limit: float) -> float:
    """Seconds until the server closed ``sock`` (reading what it sends)."""
    t0 = time.monotonic()
    read_until_closed(sock, limit)
    return time.monotonic() - t0


def test_server_drops_silent_trickling_and_garbage_clients() -> None:
    with AssociationServer(syntaxes=SYNTAXES, binds=BINDS, on_bind=on_bind,
                           handler=handler, bind_timeout=0.4) as srv:
        port = srv.address[1]
        good = good_association(srv)
        silent = raw_connect(port)
        trickle = raw_connect(port)
        cr = T.frame(T.encode_cr(1, called_tsel=b"593"))
        stop = threading.Event()

        def drip() -> None:
            for octet in cr:
                if stop.wait(0.1):
                    return
                try:
                    trickle.sendall(bytes((octet,)))
                except OSError:
                    return

        dripper = threading.Thread(target=drip, daemon=True)
        dripper.start()
        garbage = raw_connect(port)
        garbage.sendall(b"\x16\x03\x01\x00\x05hello")       # a stray TLS hello
        assert closed_within(garbage, 2.0) < 0.5
        assert good.invoke(3, ARG) == ARG
        assert closed_within(silent, 2.0) < 0.8
        assert closed_within(trickle, 2.0) < 0.8
        stop.set()
        dripper.join(2.0)
        outs = good.invoke_many([(3, ARG)] * 20)
        assert {o.status for o in outs} == {RESULT}
        good.release()
        for s in (silent, trickle, garbage):
            s.close()


def test_server_caps_connections_not_yet_bound() -> None:
    with AssociationServer(syntaxes=SYNTAXES, binds=BINDS, on_bind=on_bind,
                           handler=handler, bind_timeout=0.5, max_unbound=2) as srv:
        port = srv.address[1]
        first, second = raw_connect(port), raw_connect(port)
        time.sleep(0.1)
        third = raw_connect(port)
        assert closed_within(third, 2.0) < 0.3          # over the cap: closed at once
        assert closed_within(first, 2.0) < 0.8          # bind deadline
        closed_within(second, 2.0)
        time.sleep(0.05)
        good = good_association(srv)                    # room again
        good.release()
        for s in (first, second, third):
            s.close()


def test_server_answers_protocol_errors_and_carries_on(server: Any) -> None:
    good = good_association(server)
    sock = raw_connect(server.address[1])
    m = ROSEConnection(Role.INITIATOR, syntaxes=SYNTAXES, binds=BINDS)
    from x400fast.osi.rose import BindRequest
    m.send(BindRequest(BIND_ARGUMENT, MTS_ACCESS_88))
    sock.sendall(m.data_to_send())
    m.receive_data(sock.recv(65536))               # CC
    assert m.next_event() is NEED_DATA
    sock.sendall(m.data_to_send())                  # CN
    deadline = time.monotonic() + 3.0
    while not m.state.value == "BOUND" and time.monotonic() < deadline:
        m.receive_data(sock.recv(65536))
        while m.next_event() is not NEED_DATA:
            pass
    # A DT whose session SPDU is unknown: the server aborts with AB.
    sock.sendall(T.frame(b"\x02\xf0\x80\x03\x00"))
    reply = read_until_closed(sock, 2.0)
    assert reply[7:8] == b"\x19"                   # an AB SPDU came back
    assert good.invoke(3, ARG) == ARG
    good.release()
    sock.close()
