"""Addresses (TCP endpoint + selectors + AP titles) and the I/O-free
book-keeping of an association (outcomes of partly written batches)."""
from __future__ import annotations

import socket
from typing import Any, List

import pytest

from x400fast import ber
from x400fast.asn1 import acse as ACSE
from x400fast.association import IN_DOUBT, NOT_SENT, RESULT, Address, Association
from x400fast.io._core import AssociationCore, Deadline
from x400fast.errors import AssociationTimeout
from x400fast.osi import transport as T
from x400fast.osi.presentation import NEED_DATA, Role
from x400fast.osi.rose import BindRequest, BindResult, Invoke, Result, ROSEConnection

from iosupport import (ARG, BIND_ARGUMENT, BIND_RESULT, BINDS, MSSE, MTS_ACCESS_88,
                       SYNTAXES, read_until_closed)
from iosupport import scripted  # noqa: F401  (fixtures)


@pytest.mark.parametrize("text,expected", [
    ('"3001"/Internet=ms.example+3001', ("ms.example", 3001, b"3001", b"", b"")),
    ('"593"/Internet=mta.example', ("mta.example", 102, b"593", b"", b"")),
    ('"p"/"s"/"t"/Internet=h+1', ("h", 1, b"t", b"s", b"p")),
    ("#513/'0A0B'H/Internet=10.0.0.1+102", ("10.0.0.1", 102, b"\x0a\x0b", b"\x02\x01",
                                            b"")),
    ('""/"s"/"t"/TCP=h+7', ("h", 7, b"t", b"s", b"")),
    ("mta.example:1102", ("mta.example", 1102, b"", b"", b"")),
    ("[::1]:102", ("::1", 102, b"", b"", b"")),
    ("mta.example", ("mta.example", 102, b"", b"", b"")),
])
def test_parse(text: str, expected: Any) -> None:
    a = Address.parse(text)
    assert (a.host, a.port, a.tsel, a.ssel, a.psel) == expected
    assert Address.parse(str(a)) == a


@pytest.mark.parametrize("text", [
    '"a"/"b"/"c"/"d"/Internet=h', 'X25=1234', '"593"/Internet=+102', "'ABC'H/Internet=h",
    "#70000/Internet=h", 'bad/Internet=h', '"593"/Internet=h+port', "h:0",
])
def test_parse_errors(text: str) -> None:
    with pytest.raises(ValueError):
        Address.parse(text)


def test_fields_are_checked_and_converted() -> None:
    a = Address("h", tsel=bytearray(b"593"), ap_title="1.3.9999.1", ae_qualifier=3,
                calling_ap_title=("ap_title_form2", "1.3.9999.2"))
    assert a.tsel == b"593" and a.ap_title == ("ap_title_form2", "1.3.9999.1")
    assert a.ae_qualifier == ("aso_qualifier_form2", 3)
    assert a.called.tsel == b"593" and a.calling.tsel == b""
    for bad in (dict(port=0), dict(port=70000), dict(port=True), dict(tsel="593"),
                dict(ssel=b"x" * 17), dict(tsel=b"x" * 65)):
        with pytest.raises((ValueError, TypeError)):
            Address("h", **bad)
    with pytest.raises(ValueError):
        Address("")


def test_selectors_and_ap_titles_reach_the_wire(scripted: Any) -> None:
    got: List[bytes] = []

    def script(sock: socket.socket) -> None:
        t = T.TransportConnection(Role.RESPONDER, local_ref=9)
        t.receive_data(sock.recv(1024))
        got.append(bytes(t.next_event().called_tsel))
        t.send(T.ConnectResponse())
        sock.sendall(t.data_to_send())
        got.append(sock.recv(65536))
        read_until_closed(sock, 0.5)

    peer = scripted(script)
    address = Address("127.0.0.1", peer.port, tsel=b"593", ssel=b"S", psel=b"P",
                      ap_title="1.3.9999.1", ae_qualifier=7,
                      calling_ap_title="1.3.9999.2", calling_tsel=b"\x00\x01")
    with pytest.raises(AssociationTimeout):
        Association(SYNTAXES, BINDS).open(address, MTS_ACCESS_88, BIND_ARGUMENT,
                                          timeout=0.3)
    assert got[0] == b"593"
    cn = got[1]
    called_title = ber.encode(ACSE.APTitle, ("ap_title_form2", "1.3.9999.1"))
    calling_title = ber.encode(ACSE.APTitle, ("ap_title_form2", "1.3.9999.2"))
    qualifier = ber.encode(ACSE.AEQualifier, ("aso_qualifier_form2", 7))
    assert b"\xa2" + bytes((len(called_title),)) + called_title in cn
    assert b"\xa6" + bytes((len(calling_title),)) + calling_title in cn
    assert b"\xa3" + bytes((len(qualifier),)) + qualifier in cn
    assert b"\x34\x01S" in cn                       # called SSEL (PI 52)
    assert b"\x82\x01P" in cn                       # called PSEL in the CP-type


def bound_core() -> Any:
    core = AssociationCore(Role.INITIATOR, SYNTAXES, BINDS, {})
    peer = ROSEConnection(Role.RESPONDER, syntaxes=SYNTAXES, binds=BINDS)
    core.queue(BindRequest(BIND_ARGUMENT, MTS_ACCESS_88))

    def pump() -> None:
        for _ in range(3):
            data, marks = core.take_output()
            core.written(marks, len(data), len(data))
            if data:
                peer.receive_data(data)
            while peer.next_event() is not NEED_DATA:
                pass
            out = peer.data_to_send()
            if out:
                core.feed(out)

    pump()
    peer.send(BindResult(BIND_RESULT))
    core.feed(peer.data_to_send())
    assert isinstance(core.bind_event, BindResult)
    return core, peer


def test_a_partly_written_batch_splits_in_doubt_and_not_sent() -> None:
    core, peer = bound_core()
    ids = [core.queue_invoke(Invoke(3, ARG, MSSE)) for _ in range(3)]
    data, marks = core.take_output()
    third = marks[2][0]
    # The socket took the first invoke and part of the second, then failed.
    not_sent = core.written(marks, marks[1][0] + 5, len(data))
    assert not_sent == [ids[2]] and third > marks[1][0] + 5
    failure = core.fail("connection reset", OSError(104, "reset"), not_sent)
    assert failure.in_doubt == tuple(ids[:2]) and failure.not_sent == (ids[2],)
    statuses = {i: core.pop_outcome(i).status for i in ids}
    assert statuses == {ids[0]: IN_DOUBT, ids[1]: IN_DOUBT, ids[2]: NOT_SENT}
    # Failing again changes nothing.
    assert core.fail("again") is failure


def test_answers_after_a_complete_write() -> None:
    core, peer = bound_core()
    iid = core.queue_invoke(Invoke(3, ARG, MSSE))
    data, marks = core.take_output()
    core.written(marks, len(data), len(data))
    peer.receive_data(data)
    inv = peer.next_event()
    peer.send(Result(inv.invoke_id, ARG))
    core.feed(peer.data_to_send())
    outcome = core.pop_outcome(iid)
    assert outcome.status == RESULT and outcome.value() == ARG and outcome.ok
    # End of stream: the association ends as a provider abort.
    core.feed(b"")
    assert core.failure is not None and core.failure.in_doubt == ()


def test_deadline() -> None:
    now = [100.0]
    d = Deadline(2.0, lambda: now[0])
    assert d.remaining("x") == 2.0
    now[0] = 101.5
    assert d.remaining("x") == pytest.approx(0.5)
    now[0] = 102.0
    with pytest.raises(AssociationTimeout) as exc:
        d.remaining("result", (1, 2))
    assert exc.value.outstanding == (1, 2) and exc.value.timeout == 2.0
    assert Deadline(None, lambda: 0.0).remaining("x") is None
    with pytest.raises(ValueError):
        Deadline(-1, lambda: 0.0)
