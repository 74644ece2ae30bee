"""P7Client against a small store answering real X.413 values (blocking)."""
from __future__ import annotations

import datetime

import pytest

from x400fast import errors as E
from x400fast.asn1 import x411, x413
from x400fast.client import P7Client, filters as F
from x400fast.io.tls import client_context, server_context

from .support import PASSWORD, T0, USER, P7Store, message, p7_server


@pytest.fixture
def store():
    st = P7Store(5)
    srv = p7_server(st)
    st.address = "127.0.0.1:%d" % srv.address[1]
    yield st
    srv.stop()


def client(st, **kw):
    kw.setdefault("allow_plaintext_password", True)
    return P7Client(st.address, USER, kw.pop("password", PASSWORD), timeout=10, **kw)


def test_defaults():
    c = P7Client("ms.example", USER, PASSWORD)
    assert c.address.tsel == b"3001" and c.address.port == 3001
    assert c.application_context == x411.id_ac_ms_access_88


def test_bind_counts_new_messages(store):
    with client(store) as c:
        assert c.bind_info.messages_waiting == 3          # entries 1, 3, 5 are new
        assert x413.id_att_content in c.bind_info.available_attribute_types
    opcode, arg = store.requests[0]
    assert opcode == x413.op_summarize and arg["selector"]["filter"][0] == "item"


def test_bind_refused(store):
    with pytest.raises(E.AuthenticationFailed) as ei:
        client(store, password="nope").connect()
    assert ei.value.problem == "authentication-error"
    assert ei.value.bind_error == ("unqualified_error", "authentication-error")


def test_summarize_and_list_with_selectors(store):
    with client(store) as c:
        s = c.summarize()
        assert (s.count, s.span) == (5, (1, 5))
        assert c.summarize(range=(2, 4)).count == 3
        page = c.list(filter=F.equals(x413.id_att_retrieval_status, 0),
                      attributes=[x413.id_att_priority])
        assert [e.sequence_number for e in page] == [1, 3, 5]
        assert page.entries[1].get(x413.id_att_priority) == "urgent"
        f = F.equals(x413.id_att_retrieval_status, 0) & ~F.equals(x413.id_att_priority, "urgent")
        assert [e.sequence_number for e in c.list(filter=f, attributes=[])] == [1, 5]
        f = F.equals(x413.id_att_priority, "urgent") | F.equals(x413.id_att_retrieval_status, 2)
        assert [e.sequence_number for e in c.list(filter=f, limit=2, attributes=[])] == [2, 3]
        since = c.list(since=T0 + datetime.timedelta(minutes=4), attributes=[])
        assert [e.sequence_number for e in since] == [4, 5]
        with pytest.raises(E.RangeError) as ei:
            c.list(range=(4, 2))
        assert ei.value.problem == 0


def test_fetch_reads_message_and_delete_after_securing(store):
    kept = {}
    with client(store) as c:
        entry = c.fetch(3, secure=lambda e: kept.setdefault(e.sequence_number, e.content))
        m = entry.message
        assert m.subject == "test 3"
        assert m.mts_identifier.local_id == "d-3"
        assert entry.entry_type == 0
        with pytest.raises(ValueError):
            c.delete([3, 4], only_secured=True)            # 4 was not secured: nothing sent
        assert store.deleted == []
        c.delete([3], only_secured=True)
        assert store.deleted == [3]
        with pytest.raises(E.SequenceNumberError) as ei:
            c.fetch(3)
        assert ei.value.sequence_numbers == [3]
        c.mark_secured(4)
        c.delete([4], only_secured=True)
    assert 3 in kept and store.deleted == [3, 4]


def test_register_ms_and_submit_through_store(store):
    with client(store) as c:
        assert c.register_ms(list_attribute_defaults=[x413.id_att_priority]) == \
            ("no_status_information", None)
        m = message(9)
        assert c.submit(m).mts_identifier.local_id == "id-77"
        assert m.mts_identifier.local_id == "id-77"


def test_filters_encode():
    f = F.substrings(x413.id_att_content_identifier, initial="ab") & F.present(
        x413.id_att_content)
    from x400fast import ber
    data = ber.encode(x413.ms["Filter"], f.value)
    assert ber.decode(x413.ms["Filter"], data) == f.value


def test_p7_over_tls(certs):
    st = P7Store(2)
    srv = p7_server(st, tls=server_context(*certs.server))
    try:
        with P7Client("127.0.0.1:%d" % srv.address[1], USER, PASSWORD,
                      tls=client_context(cafile=certs.ca), server_hostname="localhost",
                      timeout=10) as c:
            assert c.summarize().count == 2
    finally:
        srv.stop()
