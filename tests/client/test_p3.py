"""P3Client against a responder answering real X.411 values (blocking)."""
from __future__ import annotations

import os
import threading

import pytest

from x400fast import errors as E
from x400fast import services as S
from x400fast.asn1 import x411
from x400fast.client import BulkResult, P3Client, submit_spread
from x400fast.errors import RemoteOperationError
from x400fast.io.tls import client_context, server_context
from x400fast.message import Message, MTSIdentifier

from .support import (BOB, PASSWORD, T0, USER, P3Behaviour, P3Server, message, mts_id)


def client(srv: P3Server, **kw):
    kw.setdefault("allow_plaintext_password", True)
    kw.setdefault("timeout", 10)
    return P3Client(srv.address, USER, kw.pop("password", PASSWORD), **kw)


@pytest.fixture
def mta():
    srv = P3Server()
    yield srv
    srv.stop()


def test_bind_submit_and_record(mta):
    with client(mta) as c:
        assert c.bind_info.responder_name == ("mta", "MTA1")
        assert c.bind_info.messages_waiting == 0
        m = message(1)
        res = c.submit(m)
        assert res.mts_identifier == MTSIdentifier("GB", "TestAD", "TestPRMD", "id-1")
        assert res.submission_time == T0.replace(second=1)
        assert m.mts_identifier == res.mts_identifier          # recorded on the Message
        assert m.submission_time == res.submission_time
        raw = c.submit(message(2).to_submission().argument)     # a raw value works too
        assert raw.mts_identifier.local_id == "id-2"
    assert mta.b.submitted == 2


def test_default_address_selectors():
    c = P3Client("mta.example", USER, PASSWORD)
    assert c.address.tsel == b"593" and c.address.port == 102
    assert c.application_context == x411.id_ac_mts_access_88
    assert P3Client("h:1", USER, PASSWORD, application_context=1994
                    ).application_context == x411.id_ac_mts_access_94


def test_bind_refused_authentication(mta):
    c = client(mta, password="wrong")
    with pytest.raises(E.AuthenticationFailed) as ei:
        c.connect()
    assert isinstance(ei.value, E.BindRefused)
    assert ei.value.problem == "authentication-error"
    assert ei.value.bind_error == 2
    assert "wrong" not in repr(ei.value) + str(ei.value)


def test_password_needs_tls_or_explicit_permission(mta):
    with pytest.raises(E.PlaintextPasswordRefused):
        P3Client(mta.address, USER, PASSWORD).connect()


P3_ERRORS = [
    (1, "submission-control-violated", None, E.SubmissionControlViolated),
    (2, "originator-invalid", None, E.OriginatorInvalid),
    (3, "recipient-improperly-specified", "recipients", E.RecipientImproperlySpecified),
    (4, "element-of-service-not-subscribed", None, E.ElementOfServiceNotSubscribed),
    (11, "inconsistent-request", None, E.InconsistentRequest),
    (12, "security-error", 1, E.SecurityError),
    (13, "unsupported-critical-function", None, E.UnsupportedCriticalFunction),
    (15, "remote-bind-error", None, E.RemoteBindError),
]


@pytest.mark.parametrize("code,name,param,cls", P3_ERRORS, ids=[e[1] for e in P3_ERRORS])
def test_submission_errors_mapped(mta, code, name, param, cls):
    if param == "recipients":
        param = [S.orname_value(BOB)]
    mta.b.error = RemoteOperationError(0, code, param, name)
    with client(mta) as c:
        m = message()
        with pytest.raises(cls) as ei:
            c.submit(m)
        err = ei.value
        assert isinstance(err, E.OperationError) and err.code == code
        assert err.name == name and err.opcode == x411.op_message_submission
        assert m.mts_identifier is None
        if cls is E.RecipientImproperlySpecified:
            assert len(err.recipients) == 1
            assert err.recipients[0]["built_in_standard_attributes"]["organization_name"] == "Org"
        if cls is E.SecurityError:
            assert err.problem == 1


@pytest.mark.parametrize("code,name,cls", [
    (7, "message-submission-identifier-invalid", E.MessageSubmissionIdentifierInvalid),
    (8, "deferred-delivery-cancellation-rejected", E.DeferredDeliveryCancellationRejected),
])
def test_cancel_errors_mapped(mta, code, name, cls):
    mta.b.error = RemoteOperationError(0, code, None, name)
    with client(mta) as c:
        with pytest.raises(cls):
            c.cancel_deferred_delivery(MTSIdentifier("GB", "TestAD", "TestPRMD", "x"))


@pytest.mark.parametrize("code,name,cls", [
    (5, "old-credentials-incorrectly-specified", E.OldCredentialsIncorrectlySpecified),
    (6, "new-credentials-unacceptable", E.NewCredentialsUnacceptable),
])
def test_admin_errors_mapped(mta, code, name, cls):
    mta.b.error = RemoteOperationError(0, code, None, name)
    with client(mta) as c:
        with pytest.raises(cls):
            c.change_credentials(PASSWORD, "new-one")


def test_delivery_control_error_code_1_means_delivery(mta):
    mta.b.error = RemoteOperationError(0, 14, None, "control-violates-registration")
    with client(mta) as c:
        with pytest.raises(E.ControlViolatesRegistration):
            c.delivery_control()


def test_probe_cancel_control_register(mta):
    with client(mta) as c:
        p = c.probe(message())
        assert p.probe_identifier.local_id == "id-900"
        c.cancel_deferred_delivery("[/PRMD=TestPRMD/ADMD=TestAD/C=GB/;id-1]")
        assert c.delivery_control() == {"waiting_operations": frozenset(),
                                        "waiting_messages": frozenset(),
                                        "waiting_content_types": []}
        c.change_credentials(PASSWORD, "other")
    assert mta.b.controls == [{"restrict": False}]


def test_busy_from_another_thread(mta):
    gate = threading.Event()
    release = threading.Event()
    errors = []
    with client(mta, on_delivery=None) as c:
        def hold(item):
            pass
        # hold the client inside a call: a slow message model callback
        orig = c._invoke

        def slow(*a, **k):
            gate.set()
            release.wait(5)
            return orig(*a, **k)
        c._invoke = slow
        t = threading.Thread(target=lambda: c.submit(message()))
        t.start()
        gate.wait(5)
        try:
            c.submit(message())
        except E.AssociationBusy as exc:
            errors.append(exc)
        release.set()
        t.join(5)
    assert errors and isinstance(errors[0], RuntimeError)


# -- deliveries ----------------------------------------------------------------


def _delivery(i: int):
    m = message(i, mts_identifier=MTSIdentifier("GB", "TestAD", "TestPRMD", "dlv-%d" % i),
                submission_time=T0, delivery_time=T0, this_recipient=BOB)
    return (x411.op_message_delivery, m.to_delivery())


def test_deliveries_acknowledged_after_callback(tmp_path):
    b = P3Behaviour()
    b.deliveries = [_delivery(i) for i in range(3)]
    srv = P3Server(b)
    got = []
    try:
        with client(srv, on_delivery=lambda item: got.append(item.message.subject),
                    spool=str(tmp_path)) as c:
            assert c.bind_info.messages_waiting == 3
            items = c.wait_until_idle(timeout=10, quiet=0.5)
            assert [i.kind for i in items] == ["message"] * 3
            assert items[0].mts_identifier.local_id == "dlv-0"
        assert b.done.wait(5)
    finally:
        srv.stop()
    assert got == ["test 0", "test 1", "test 2"]
    assert [o.status for o in b.delivery_outcomes] == ["result"] * 3
    files = sorted(os.listdir(tmp_path))
    assert len(files) == 3 and all(f.endswith(".ber") for f in files)
    from x400fast.message import read_delivery
    subjects = sorted(read_delivery(open(os.path.join(tmp_path, f), "rb").read()).subject
                      for f in files)
    assert subjects == ["test 0", "test 1", "test 2"]


def test_delivery_not_acknowledged_when_callback_raises():
    b = P3Behaviour()
    b.deliveries = [_delivery(0)]
    srv = P3Server(b)

    def refuse(item):
        raise OSError("disk full")
    try:
        c = client(srv, on_delivery=refuse)
        c.connect()
        with pytest.raises(OSError):
            c.wait_until_idle(timeout=10, quiet=0.5)
        assert c.delivered == []
        c.close()
        assert b.done.wait(5)
    finally:
        srv.stop()
    assert [o.status for o in b.delivery_outcomes] == ["rejected"]


def test_wait_until_idle_returns_when_quiet(mta):
    import time
    with client(mta) as c:
        t0 = time.monotonic()
        assert c.wait_until_idle(timeout=5, quiet=0.3) == []
        assert time.monotonic() - t0 < 2


# -- bulk ------------------------------------------------------------------------


def test_bulk_1000_window_64(mta):
    msgs = [message(i) for i in range(1000)]
    with client(mta) as c:
        res = c.submit_many(msgs, window=64)
    assert isinstance(res, BulkResult) and len(res) == 1000
    assert res.counts() == {"accepted": 1000, "rejected": 0, "in_doubt": 0, "not_sent": 0}
    ids = {i.mts_identifier.local_id for i in res.accepted}
    assert len(ids) == 1000
    assert all(m.mts_identifier is not None for m in msgs)


def test_bulk_with_rejections(mta):
    # every message to a bad originator fails locally? no: the MTA rejects odd ones
    orig = mta.b.handler

    def handler(assoc, inv):
        if "odd" in str(inv.argument["envelope"].get("content_identifier", "")):
            raise RemoteOperationError(0, 2, None, "originator-invalid")
        return orig(assoc, inv)
    mta.server._handler = handler
    msgs = [message(i, content_identifier="odd" if i % 2 else "even") for i in range(100)]
    with client(mta) as c:
        res = c.submit_many(msgs, window=16)
    assert res.counts() == {"accepted": 50, "rejected": 50, "in_doubt": 0, "not_sent": 0}
    assert all(isinstance(i.error, E.OriginatorInvalid) for i in res.rejected)
    assert all(i.index % 2 == 1 for i in res.rejected)


def test_bulk_over_4_associations():
    srv = P3Server()
    clients = [client(srv) for _ in range(4)]
    try:
        for c in clients:
            c.connect()
        res = submit_spread(clients, [message(i) for i in range(1000)], window=64)
        assert res.counts()["accepted"] == 1000 and len(res) == 1000
        assert [i.index for i in res] == list(range(1000))
        assert len({str(i.mts_identifier) for i in res.accepted}) == 1000
    finally:
        for c in clients:
            c.close()
        srv.stop()
    assert srv.b.submitted == 1000


def test_bulk_connection_dropped_midway():
    b = P3Behaviour()
    b.abort_after = 150
    srv = P3Server(b)
    try:
        c = client(srv)
        c.connect()
        res = c.submit_many([message(i) for i in range(1000)], window=64)
        c.abort()
    finally:
        srv.stop()
    counts = res.counts()
    assert sum(counts.values()) == 1000
    assert counts["rejected"] == 0
    assert 0 < counts["accepted"] <= 150
    assert counts["in_doubt"] >= 1 and counts["not_sent"] >= 1
    # accepted ones are exactly the ones the MTA answered, in order
    accepted = [i.index for i in res.accepted]
    assert accepted == list(range(len(accepted)))
    assert all(isinstance(i.error, E.ConnectionLost) for i in res.in_doubt + res.not_sent)


# -- TLS --------------------------------------------------------------------------


def test_tls_bind_and_bulk(certs):
    srv = P3Server(tls=server_context(*certs.server))
    try:
        with P3Client(srv.address, USER, PASSWORD, tls=client_context(cafile=certs.ca),
                      server_hostname="localhost", timeout=10) as c:
            assert c.association._tls
            res = c.submit_many([message(i) for i in range(200)], window=32)
            assert res.counts()["accepted"] == 200
    finally:
        srv.stop()
