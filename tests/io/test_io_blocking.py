"""Blocking associations over real sockets on 127.0.0.1: both roles.

The initiator is :class:`~x400fast.association.Association`; the
responder is either the threaded :class:`AssociationServer` or a second
``Association`` driven by hand in a thread, or a scripted peer built on
the sans-I/O machines when the test needs to look at the bytes.
"""
from __future__ import annotations

import socket
import threading
import time
from typing import Any, List

import pytest

from x400fast.association import (Address, Association, IN_DOUBT, NOT_SENT, REJECTED,
                                  RESULT, ERROR, Invoke)
from x400fast.errors import (AssociationBusy, AssociationRejected, AssociationTimeout,
                             ConnectFailed, ConnectionLost, LocalProtocolError,
                             RemoteOperationError, Rejected)
from x400fast.osi.rose import ROSEState

from iosupport import (ARG, BAD_BIND_ARGUMENT, BIND_ARGUMENT, BIND_RESULT, BINDS, MDSE,
                       MSSE, MTS_ACCESS_88, SYNTAXES, machine_responder, on_bind,
                       read_until_closed)
from iosupport import scripted, server  # noqa: F401  (fixtures)


def connect(server: Any, **kw: Any) -> Association:
    host, port = server.address
    assoc = Association(SYNTAXES, BINDS, timeout=5.0)
    assoc.open(Address(host, port, tsel=b"593"), MTS_ACCESS_88, BIND_ARGUMENT,
               allow_plaintext_password=True, **kw)
    return assoc


def test_bind_invoke_release(server: Any) -> None:
    with Association(SYNTAXES, BINDS, timeout=5.0) as assoc:
        host, port = server.address
        result = assoc.open("\"593\"/Internet=%s+%d" % (host, port), MTS_ACCESS_88,
                            BIND_ARGUMENT)
        assert result == BIND_RESULT == assoc.bind_result
        assert assoc.bound and assoc.state is ROSEState.BOUND
        assert MSSE in assoc.accepted_syntaxes
        assert assoc.invoke(3, ARG) == ARG
        assert assoc.invoke(10, 41) == 42
    assert assoc.state is ROSEState.CLOSED and assoc.failure is None
    assert "CLOSED" in repr(assoc)


def test_invoke_error_and_rejects(server: Any) -> None:
    assoc = connect(server)
    with pytest.raises(RemoteOperationError) as err:
        assoc.invoke(4, ARG)
    assert (err.value.errcode, err.value.parameter, err.value.name) == (
        12, 7, "security-error")
    with pytest.raises(LocalProtocolError):
        assoc.invoke(5, ARG)           # 5 is defined on two accepted syntaxes
    with pytest.raises(Rejected) as rej:
        assoc.invoke(5, ARG, abstract_syntax=MSSE)
    assert rej.value.name == "resourceLimitation" and not rej.value.local
    with pytest.raises(Rejected) as rej:
        assoc.invoke(6, ARG)
    assert rej.value.name == "mistypedArgument"
    # The association is still good after all of these.
    assert assoc.invoke(3, ARG) == ARG
    assoc.release()


def test_bind_refused_arrives_as_refuse_with_cpr(scripted: Any) -> None:
    """The responder refuses the bind; the initiator gets the bind error
    out of an RF SPDU (reason 2) carrying a CPR, the form real peers use."""
    seen: List[bytes] = []

    def script(sock: socket.socket) -> None:
        from x400fast.osi.rose import BindError
        m, _ = machine_responder(sock, accept=False)
        m.send(BindError(2))
        refusal = m.data_to_send()
        seen.append(refusal)
        sock.sendall(refusal)
        read_until_closed(sock, 1.0)

    peer = scripted(script)
    assoc = Association(SYNTAXES, BINDS, timeout=5.0)
    with pytest.raises(AssociationRejected) as exc:
        assoc.open(Address("127.0.0.1", peer.port), MTS_ACCESS_88, BIND_ARGUMENT)
    assert exc.value.bind_error == 2
    assert (exc.value.result, exc.value.source) == (1, "service-user")
    refusal = seen[0]
    assert refusal[7] == 0x0C                       # RF SPDU
    assert refusal.endswith(bytes.fromhex("b203020102"))   # [18] bind-error 2
    assert not assoc.bound and assoc.state is ROSEState.CLOSED
    assert not peer.errors


def test_bind_refused_by_the_server(server: Any) -> None:
    assoc = Association(SYNTAXES, BINDS, timeout=5.0)
    with pytest.raises(AssociationRejected) as exc:
        assoc.open(Address(*server.address), MTS_ACCESS_88, BAD_BIND_ARGUMENT)
    assert exc.value.bind_error == 2
    # And one that the machine refuses by itself: an unknown context.
    assoc = Association(SYNTAXES, BINDS, timeout=5.0)
    with pytest.raises(AssociationRejected) as exc:
        assoc.open(Address(*server.address), "1.3.9999.1", BIND_ARGUMENT,
                   abstract_syntaxes=(MSSE, "2.6.0.2.11"), bind_syntax="2.6.0.2.11")
    assert exc.value.diagnostic == 2


def test_many_outstanding_invokes_in_one_write(server: Any) -> None:
    assoc = connect(server)
    specs = [(3, bytes((4, 2, i >> 8, i & 0xFF))) for i in range(300)]
    outcomes = assoc.invoke_many(specs)
    assert [o.status for o in outcomes] == [RESULT] * 300
    assert [o.result for o in outcomes] == [s[1] for s in specs]
    # Mixed outcomes, collected as they come, in any order.
    ids = assoc.send_invokes([(3, ARG), (4, ARG), (5, ARG, MSSE), Invoke(10, 1, MSSE)])
    got = {o.invoke_id: o for o in assoc.outcomes(ids)}
    assert [got[i].status for i in ids] == [RESULT, ERROR, REJECTED, RESULT]
    assert got[ids[3]].value() == 2
    with pytest.raises(RemoteOperationError):
        got[ids[1]].value()
    # send_invoke + wait.
    iid = assoc.send_invoke(3, ARG)
    assert iid in assoc.outstanding
    assert assoc.wait(iid) == ARG
    with pytest.raises(LocalProtocolError):
        assoc.wait(iid)                     # collected already
    assoc.release()


def test_a_bad_invoke_in_a_batch_still_sends_the_others(server: Any) -> None:
    assoc = connect(server)
    with pytest.raises(LocalProtocolError) as exc:
        assoc.send_invokes([(3, ARG), (3, ARG), (10, "not an int")])
    ids = exc.value.invoke_ids                  # type: ignore[attr-defined]
    assert len(ids) == 2
    assert [o.result for o in assoc.outcomes(ids)] == [ARG, ARG]
    assoc.release()


def _responder_pair(**server_kw: Any) -> Any:
    """A listening socket; returns (port, start(fn)) where fn(assoc) runs the
    responder Association in a thread after its bind."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)
    listener.settimeout(5.0)
    errors: List[BaseException] = []
    holder: List[Association] = []

    def start(body: Any) -> threading.Thread:
        def run() -> None:
            try:
                sock, _ = listener.accept()
                resp = Association(SYNTAXES, BINDS, timeout=5.0)
                holder.append(resp)
                assert resp.accept(sock, on_bind, timeout=5.0)
                body(resp)
            except BaseException as exc:        # surfaced by the test
                errors.append(exc)
            finally:
                listener.close()
        thread = threading.Thread(target=run, daemon=True)
        thread.start()
        return thread

    return listener.getsockname()[1], start, errors, holder


def test_outstanding_invokes_in_both_directions() -> None:
    port, start, errors, _ = _responder_pair()
    n = 60

    def responder(resp: Association) -> None:
        ids = resp.send_invokes([Invoke(5, bytes((4, 1, i)), MDSE) for i in range(n)])
        for _ in range(n):
            inv = resp.next_invoke(timeout=5.0)
            assert inv is not None
            resp.reply(inv.invoke_id, inv.argument)
        outs = list(resp.outcomes(ids, timeout=5.0))
        assert sorted(o.result[2] for o in outs) == list(range(n))
        assert resp.next_invoke(timeout=5.0) is None       # the initiator released
        assert resp.state is ROSEState.CLOSED

    thread = start(responder)
    assoc = Association(SYNTAXES, BINDS, timeout=5.0)
    assoc.open(Address("127.0.0.1", port), MTS_ACCESS_88, BIND_ARGUMENT)
    ids = assoc.send_invokes([(3, bytes((4, 1, i))) for i in range(n)])
    for _ in range(n):
        inv = assoc.next_invoke()
        assert inv is not None and inv.abstract_syntax == MDSE and inv.opcode == 5
        assoc.reply(inv.invoke_id, inv.argument)
    assert sorted(o.result[2] for o in assoc.outcomes(ids)) == list(range(n))
    assoc.release()
    thread.join(5.0)
    assert not errors, errors


def test_peer_release_with_answers_pending() -> None:
    """The responder releases first while one invocation of the initiator
    is still unanswered by the initiator's user: release waits for it."""
    port, start, errors, _ = _responder_pair()

    def responder(resp: Association) -> None:
        resp.send_invoke(5, ARG, abstract_syntax=MDSE)
        resp.release(timeout=5.0)

    thread = start(responder)
    assoc = Association(SYNTAXES, BINDS, timeout=5.0)
    assoc.open(Address("127.0.0.1", port), MTS_ACCESS_88, BIND_ARGUMENT)
    inv = assoc.next_invoke()
    assert inv is not None
    time.sleep(0.1)                 # the release request is on its way
    assoc.reply(inv.invoke_id, ARG)     # completes the peer's release too
    assert assoc.next_invoke() is None
    thread.join(5.0)
    assert not errors, errors
    assert assoc.state is ROSEState.CLOSED


def test_abort_by_this_side(server: Any) -> None:
    assoc = connect(server)
    iid = assoc.send_invoke(8, ARG)         # the server takes 0.3 s
    assoc.abort("testing")
    assert assoc.failure is not None and "testing" in str(assoc.failure)
    assert assoc.failure.in_doubt == (iid,)
    (outcome,) = list(assoc.outcomes([iid]))
    assert outcome.status == IN_DOUBT
    with pytest.raises(ConnectionLost):
        assoc.invoke(3, ARG)
    # The server survives it and serves the next association.
    other = connect(server)
    assert other.invoke(3, ARG) == ARG
    other.release()


def test_abort_by_the_peer() -> None:
    port, start, errors, _ = _responder_pair()
    gate = threading.Event()

    def responder(resp: Association) -> None:
        inv = resp.next_invoke(timeout=5.0)
        assert inv is not None
        gate.wait(5.0)
        resp.abort("peer gives up")

    thread = start(responder)
    assoc = Association(SYNTAXES, BINDS, timeout=5.0)
    assoc.open(Address("127.0.0.1", port), MTS_ACCESS_88, BIND_ARGUMENT)
    iid = assoc.send_invoke(3, ARG)
    gate.set()
    with pytest.raises(ConnectionLost) as exc:
        assoc.wait(iid)
    assert exc.value.in_doubt == (iid,)
    assert isinstance(exc.value.cause, Exception)
    assert "abort" in str(exc.value).lower()
    thread.join(5.0)
    assert not errors, errors


def test_concurrent_use_gets_association_busy(server: Any) -> None:
    assoc = connect(server)
    done: List[Any] = []
    worker = threading.Thread(target=lambda: done.append(assoc.invoke(8, ARG)),
                              daemon=True)
    worker.start()
    end = time.monotonic() + 2.0
    while assoc._guard._owner is None and time.monotonic() < end:
        time.sleep(0.005)
    with pytest.raises(AssociationBusy):
        assoc.invoke(3, ARG)
    with pytest.raises(AssociationBusy):
        list(assoc.outcomes([1]))
    worker.join(5.0)
    assert done == [ARG]
    assert assoc.invoke(3, ARG) == ARG      # free again
    assoc.release()


def test_timeout_leaves_the_association_usable(server: Any) -> None:
    assoc = connect(server)
    t0 = time.monotonic()
    with pytest.raises(AssociationTimeout) as exc:
        assoc.invoke(8, ARG, timeout=0.05)
    assert time.monotonic() - t0 < 0.25
    assert isinstance(exc.value, TimeoutError)
    (late,) = exc.value.outstanding
    assert assoc.wait(late, timeout=2.0) == ARG         # the answer still comes
    assert assoc.invoke(3, ARG) == ARG
    assoc.release()


def test_invoke_many_timeout_keeps_what_arrived() -> None:
    port, start, errors, _ = _responder_pair()
    gate = threading.Event()

    def responder(resp: Association) -> None:
        first = resp.next_invoke(timeout=5.0)
        second = resp.next_invoke(timeout=5.0)
        assert first is not None and second is not None
        resp.reply(first.invoke_id, first.argument)     # the second waits
        gate.wait(5.0)
        resp.reply(second.invoke_id, second.argument)
        assert resp.next_invoke(timeout=5.0) is None

    thread = start(responder)
    assoc = Association(SYNTAXES, BINDS, timeout=5.0)
    assoc.open(Address("127.0.0.1", port), MTS_ACCESS_88, BIND_ARGUMENT)
    with pytest.raises(AssociationTimeout) as exc:
        assoc.invoke_many([(3, ARG), (3, ARG)], timeout=0.3)
    assert exc.value.outstanding == (2,)
    gate.set()
    outs = sorted(assoc.outcomes([1, 2]), key=lambda o: o.invoke_id)
    assert [(o.invoke_id, o.status) for o in outs] == [(1, RESULT), (2, RESULT)]
    assoc.release()
    thread.join(5.0)
    assert not errors, errors


def test_write_failure_reports_not_sent(server: Any) -> None:
    assoc = connect(server)
    assoc._sock.shutdown(socket.SHUT_WR)     # our own socket can no longer send
    with pytest.raises(ConnectionLost) as exc:
        assoc.send_invokes([(3, ARG), (3, ARG)])
    assert len(exc.value.not_sent) == 2 and exc.value.in_doubt == ()
    outs = list(assoc.outcomes(exc.value.not_sent))
    assert {o.status for o in outs} == {NOT_SENT}
    assert isinstance(outs[0].error, ConnectionLost)


def test_connect_failures() -> None:
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()                            # nothing listens there now
    assoc = Association(SYNTAXES, BINDS, timeout=2.0)
    with pytest.raises(ConnectFailed) as exc:
        assoc.open(Address("127.0.0.1", port), MTS_ACCESS_88, BIND_ARGUMENT)
    assert isinstance(exc.value, ConnectionError)
    with pytest.raises(LocalProtocolError):
        assoc.open(Address("127.0.0.1", port), MTS_ACCESS_88, BIND_ARGUMENT)


def test_responder_idle_timeout_and_stop() -> None:
    from x400fast.association import AssociationServer
    from iosupport import handler
    with AssociationServer(syntaxes=SYNTAXES, binds=BINDS, on_bind=on_bind,
                           handler=handler, idle_timeout=0.2) as srv:
        assoc = connect(srv)
        assert assoc.invoke(3, ARG) == ARG
        time.sleep(0.5)                     # the server aborts the idle association
        with pytest.raises(ConnectionLost):
            assoc.invoke(3, ARG, timeout=2.0)
        live = connect(srv)                 # stop() ends live associations too
    with pytest.raises(ConnectionLost):
        live.invoke(3, ARG, timeout=2.0)
