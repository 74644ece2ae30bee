"""Tests of the reference server's durable store (x400fast.server.store).

Everything runs against real SQLite files in tmp_path: no mocks.  The
crash test kills a real subprocess with SIGKILL; the disk-full test caps
the database with ``PRAGMA max_page_count``; the group-commit tests count
commits with the store's own counters rather than timing anything.
"""
from __future__ import annotations

import asyncio
import hashlib
import os
import random
import signal
import sqlite3
import subprocess
import sys
import textwrap
import threading
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from x400fast.errors import (CommitFailed, IncompatibleStore, InvalidRequest, MessageTooLarge,
                             NoSuchEntry, QuotaExceeded, StoreClosed, StoreCorrupted,
                             StoreError, StoreFull, TooManyRecipients, UnknownUser,
                             UserExists, X400Error)
from x400fast.server import store as store_module
from x400fast.server.store import (SCHEMA_VERSION, And, DeliveryMode, EntryStatus, EntryType,
                                   Eq, ItemKind, Message, MessageDelivery, Not, Or, Plan,
                                   Present, Range, RecipientOutcome, ReportDelivery, Store,
                                   StoreLimits, Substrings, Where)

SRC = str(Path(__file__).resolve().parents[2] / "src")
T0 = datetime(2024, 5, 1, 12, 0, 0, tzinfo=timezone.utc)


class Clock:
    """A settable clock for the store (deferred delivery, creation times)."""

    def __init__(self, now: datetime = T0) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **kw: float) -> None:
        self.now += timedelta(**kw)


@pytest.fixture
def clock() -> Clock:
    return Clock()


def open_store(path: Path, clock=None, **kw) -> Store:
    kw.setdefault("scrypt_n", 2 ** 8)  # cheap hashes: the cost is not under test here
    return Store(path, clock=clock, **kw)


@pytest.fixture
def store(tmp_path, clock):
    s = open_store(tmp_path / "store.db", clock)
    for address, mode in (("A", "ms"), ("B", "ms"), ("C", "p3")):
        s.add_user(address, "pw-" + address, delivery_mode=mode)
    yield s
    s.close()


def msg(content: bytes = b"\x30\x03\x02\x01\x05", **kw) -> Message:
    kw.setdefault("originator", "A")
    kw.setdefault("content_type", "22")
    kw.setdefault("envelope", b"\x31\x00")
    return Message(content=content, **kw)


def ndr(recipient: str = "X", **kw) -> ReportDelivery:
    return ReportDelivery("A", (RecipientOutcome(recipient, False, reason=1, diagnostic=0),), **kw)


def raw(path) -> sqlite3.Connection:
    return sqlite3.connect(str(path), isolation_level=None)


def count(path, sql: str, *params) -> int:
    conn = raw(path)
    try:
        return conn.execute(sql, params).fetchone()[0]
    finally:
        conn.close()


def accounting_ok(path) -> bool:
    """users.used equals what the user's entries and queue items hold."""
    conn = raw(path)
    try:
        rows = conn.execute(
            "SELECT u.address, u.used, "
            "(SELECT coalesce(sum(size), 0) FROM entries WHERE mailbox = u.address) + "
            "(SELECT coalesce(sum(size), 0) FROM queue WHERE recipient = u.address) "
            "FROM users u").fetchall()
    finally:
        conn.close()
    return all(used == held for _, used, held in rows)


# ---------------------------------------------------------------------------
# Opening, schema, integrity


def test_new_store_uses_wal_full_sync_and_versioned_schema(tmp_path):
    path = tmp_path / "s.db"
    with open_store(path) as s:
        conn = s._open_connection(check=False)
        try:
            assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
            assert conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
        finally:
            conn.close()
        assert s.integrity_check() == ["ok"]
    conn = raw(path)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert conn.execute("PRAGMA application_id").fetchone()[0] == 0x58343030
    conn.close()


def test_identifiers_unique_across_reopenings(tmp_path):
    path = tmp_path / "s.db"
    seen = set()
    for _ in range(3):
        with open_store(path) as s:
            for _ in range(5):
                t = s.new_ticket()
                assert len(t.mts_id) <= 32 and t.mts_id.isascii()
                assert t.submission_time.microsecond == 0  # UTCTime has seconds
                seen.add(t.mts_id)
    assert len(seen) == 15


def test_refuses_a_file_that_is_not_a_database(tmp_path):
    path = tmp_path / "junk.db"
    path.write_bytes(b"this is not sqlite" * 300)
    with pytest.raises(StoreCorrupted) as info:
        open_store(path)
    assert str(path) in str(info.value)


def test_refuses_a_damaged_store(tmp_path):
    path = tmp_path / "s.db"
    with open_store(path) as s:
        s.add_user("A", None)
        s.add_user("B", None)
        for i in range(60):
            s.submit(msg(os.urandom(300)), Plan((MessageDelivery("B"),)))
    # Closing the last connection checkpointed the WAL into the main file.
    conn = raw(path)
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'entries_mts'"
                        ).fetchone()[0]
    conn.close()
    with open(path, "r+b") as f:  # scribble over an index b-tree page
        f.seek((root - 1) * page_size + 8)
        f.write(b"\xff\x13" * 200)
    with pytest.raises(StoreCorrupted) as info:
        open_store(path)
    assert info.value.details and info.value.details != ("ok",)


def test_refuses_foreign_and_newer_databases(tmp_path):
    foreign = tmp_path / "foreign.db"
    conn = raw(foreign)
    conn.execute("CREATE TABLE t (x)")
    conn.close()
    with pytest.raises(IncompatibleStore):
        open_store(foreign)

    newer = tmp_path / "newer.db"
    open_store(newer).close()
    conn = raw(newer)
    conn.execute("PRAGMA user_version = %d" % (SCHEMA_VERSION + 1))
    conn.close()
    with pytest.raises(IncompatibleStore, match="schema version"):
        open_store(newer)


def test_errors_belong_to_the_hierarchy():
    for cls in (StoreCorrupted, IncompatibleStore, StoreClosed, CommitFailed, StoreFull,
                QuotaExceeded, MessageTooLarge, TooManyRecipients, UnknownUser,
                UserExists, NoSuchEntry, InvalidRequest):
        assert issubclass(cls, StoreError) and issubclass(cls, X400Error)
    assert issubclass(StoreFull, CommitFailed)


def test_closed_store_refuses_and_close_drains_queued_writes(tmp_path):
    s = open_store(tmp_path / "s.db")
    s.add_user("A", None)
    s.add_user("B", None)
    futures = [s.submit_future(msg(), Plan((MessageDelivery("B"),))) for _ in range(20)]
    s.close()
    assert all(f.result().mts_id for f in futures)  # every queued write completed
    with pytest.raises(StoreClosed):
        s.submit(msg())
    with pytest.raises(StoreClosed):
        s.list_entries("B")
    with open_store(tmp_path / "s.db") as s2:
        assert s2.list_entries("B").count == 20


# ---------------------------------------------------------------------------
# Users and credentials


def test_user_management(store):
    assert [u.address for u in store.list_users()] == ["A", "B", "C"]
    c = store.get_user("C")
    assert c is not None and c.delivery_mode is DeliveryMode.P3 and c.has_password
    with pytest.raises(UserExists):
        store.add_user("A")
    store.add_user("D", quota=1000)
    assert store.get_user("D").quota == 1000 and not store.get_user("D").has_password
    store.set_quota("D", None)
    store.set_delivery_mode("D", "p3")
    d = store.get_user("D")
    assert d.quota is None and d.delivery_mode is DeliveryMode.P3
    store.remove_user("D")
    assert store.get_user("D") is None
    with pytest.raises(UnknownUser):
        store.remove_user("D")
    with pytest.raises(UnknownUser):
        store.set_password("nobody", "x")
    with pytest.raises(InvalidRequest):
        store.add_user("")
    with pytest.raises(InvalidRequest):
        store.add_user("E", delivery_mode="smtp")


def test_passwords_are_scrypt_hashes_checked_in_constant_work(store, tmp_path, monkeypatch):
    assert store.check_password("A", "pw-A")
    assert store.check_password("A", b"pw-A")  # IA5String or OCTET STRING alike
    assert not store.check_password("A", "pw-B")
    assert not store.check_password("nobody", "pw-A")
    store.add_user("N", None)
    assert not store.check_password("N", "")
    store.set_password("N", "new")
    assert store.check_password("N", "new")
    store.set_password("N", None)
    assert not store.check_password("N", "new")

    # The password is nowhere in the file, and salts differ per user.
    store.add_user("S1", "same-password")
    store.add_user("S2", "same-password")
    conn = raw(tmp_path / "store.db")
    stored = dict(conn.execute("SELECT address, password FROM users WHERE address LIKE 'S_'"))
    conn.close()
    assert stored["S1"] != stored["S2"] and stored["S1"].startswith("scrypt$")
    for name in os.listdir(tmp_path):
        assert b"same-password" not in (tmp_path / name).read_bytes()

    # Unknown user, user without password, wrong password: one scrypt run
    # each, with the same cost parameters.
    calls = []
    real = hashlib.scrypt

    def counting(*args, **kw):
        calls.append((kw["n"], kw["r"], kw["p"]))
        return real(*args, **kw)

    monkeypatch.setattr(store_module.hashlib, "scrypt", counting)
    for address, password in (("A", "wrong"), ("nobody", "pw-A"), ("N", "x"), ("A", "pw-A")):
        calls.clear()
        store.check_password(address, password)
        assert calls == [(2 ** 8, 8, 1)], address


# ---------------------------------------------------------------------------
# Submission


def test_submission_stores_message_and_plan_atomically(store, clock):
    ticket = store.new_ticket()
    m = msg(b"C" * 1024, recipients=("B", "C", "X"), subject="Status", priority=2)
    plan = Plan(deliveries=(MessageDelivery("B", envelope=b"env-B"), MessageDelivery("C")),
                reports=(ndr("X", report=b"\x31\x03rep", returned_content=m.content),))
    result = store.submit(m, plan, ticket=ticket)
    assert (result.mts_id, result.submission_time) == (ticket.mts_id, ticket.submission_time)
    assert not result.duplicate
    where = {(p.recipient, p.kind): (p.where, p.ref) for p in result.placements}
    assert where[("B", ItemKind.MESSAGE)] == (Where.MAILBOX, 1)
    assert where[("C", ItemKind.MESSAGE)][0] is Where.QUEUE
    assert where[("A", ItemKind.REPORT)] == (Where.MAILBOX, 1)

    record = store.get_submission(result.mts_id)
    assert record.originator == "A" and record.recipients == ("B", "C", "X")
    assert record.content == m.content and record.envelope == m.envelope
    assert record.priority == 2 and record.subject == "Status" and not record.inbound

    entry = store.fetch("B", 1)
    assert entry.entry_type is EntryType.DELIVERED_MESSAGE and entry.status is EntryStatus.NEW
    assert (entry.envelope, entry.content) == (b"env-B", m.content)
    assert (entry.originator, entry.subject, entry.priority) == ("A", "Status", 2)
    assert entry.mts_id == result.mts_id and entry.content_length == 1024
    assert entry.creation_time == clock.now

    (queued,) = store.pending("C")
    assert queued.kind is ItemKind.MESSAGE and queued.content == m.content
    assert queued.envelope is None and queued.submission_time == ticket.submission_time

    report = store.fetch("A", 1)
    assert report.entry_type is EntryType.DELIVERED_REPORT
    assert report.subject_mts_id == result.mts_id and report.envelope == b"\x31\x03rep"
    assert report.outcomes == (RecipientOutcome("X", False, reason=1, diagnostic=0),)
    assert report.children == (2,)
    child = store.fetch("A", 2)
    assert child.entry_type is EntryType.RETURNED_CONTENT and child.parent == 1
    assert child.content == m.content


def test_refused_submission_stores_nothing_and_ticket_can_be_reused(store, tmp_path):
    path = tmp_path / "store.db"
    before = [count(path, "SELECT count(*) FROM %s" % t)
              for t in ("messages", "entries", "queue", "receipts")]
    ticket = store.new_ticket()
    with pytest.raises(UnknownUser) as info:
        store.submit(msg(), Plan((MessageDelivery("B"), MessageDelivery("nobody"),
                                  MessageDelivery("ghost"))), ticket=ticket)
    assert info.value.addresses == ("nobody", "ghost")
    with pytest.raises(UnknownUser):
        store.submit(msg(originator="stranger"), Plan((MessageDelivery("B"),)))
    after = [count(path, "SELECT count(*) FROM %s" % t)
             for t in ("messages", "entries", "queue", "receipts")]
    assert before == after
    # Nothing was committed, so the same ticket is still good...
    result = store.submit(msg(), Plan((MessageDelivery("B"),), (ndr("nobody"),)), ticket=ticket)
    assert result.mts_id == ticket.mts_id
    # ...once: a committed identifier is never stored twice.
    with pytest.raises(InvalidRequest, match="already used"):
        store.submit(msg(), ticket=ticket)


def test_client_reference_makes_submission_idempotent(store, tmp_path):
    first = store.submit(msg(client_reference="journal-17"), Plan((MessageDelivery("B"),)))
    again = store.submit(msg(client_reference="journal-17"), Plan((MessageDelivery("B"),)))
    assert again.duplicate and again.mts_id == first.mts_id
    assert again.submission_time == first.submission_time
    assert store.list_entries("B").count == 1
    assert store.find_submission("A", "journal-17").mts_id == first.mts_id
    assert store.find_submission("B", "journal-17") is None
    # The reference is per originator.
    other = store.submit(msg(originator="B", client_reference="journal-17"))
    assert not other.duplicate and other.mts_id != first.mts_id
    with pytest.raises(NoSuchEntry):
        store.get_submission(first.mts_id, originator="B")


def test_limits_on_size_recipients_and_quota(tmp_path):
    limits = StoreLimits(max_content_size=4096, max_envelope_size=512, max_recipients=3)
    with open_store(tmp_path / "s.db", limits=limits) as s:
        s.add_user("A", None)
        s.add_user("B", None, quota=5000)
        s.add_user("C", None, quota=5000)
        with pytest.raises(MessageTooLarge) as info:
            s.submit(msg(b"x" * 4097))
        assert (info.value.part, info.value.size, info.value.limit) == ("content", 4097, 4096)
        s.submit(msg(b"x" * 4096))  # at the limit
        with pytest.raises(MessageTooLarge):
            s.submit(msg(envelope=b"e" * 513))
        with pytest.raises(MessageTooLarge):
            s.submit(msg(), Plan((MessageDelivery("B", envelope=b"e" * 513),)))
        with pytest.raises(TooManyRecipients) as too_many:
            s.submit(msg(recipients=("B", "C", "D", "E")))
        assert (too_many.value.count, too_many.value.limit) == (4, 3)
        with pytest.raises(TooManyRecipients):
            s.submit(msg(), Plan(tuple(MessageDelivery("B") for _ in range(4))))

        s.submit(msg(b"y" * 3000), Plan((MessageDelivery("B"),)))
        with pytest.raises(QuotaExceeded) as over:
            s.submit(msg(b"z" * 3000), Plan((MessageDelivery("B"), MessageDelivery("C"))))
        assert over.value.recipients == ("B",)
        assert s.list_entries("C").count == 0  # the whole submission was refused
        assert s.get_user("B").used == 3000
        # Turn the full recipient into a non-delivery and submit again.
        s.submit(msg(b"z" * 3000), Plan((MessageDelivery("C"),), (ndr("B"),)))
        assert s.list_entries("C").count == 1
        # Deleting frees quota.
        assert s.delete("B", [1]).deleted == (1,)
        assert s.get_user("B").used == 0
        s.submit(msg(b"z" * 3000), Plan((MessageDelivery("B"),)))
    assert accounting_ok(tmp_path / "s.db")


def test_invalid_arguments_raise_invalid_request(store):
    with pytest.raises(InvalidRequest):
        store.submit(msg(priority=3))
    with pytest.raises(InvalidRequest):
        store.submit(msg(deferred_delivery_time=datetime(2030, 1, 1)))  # naive
    with pytest.raises(InvalidRequest):
        store.submit(msg(content="text"))  # type: ignore[arg-type]
    with pytest.raises(InvalidRequest):
        store.submit(msg(), Plan(reports=(ReportDelivery("A", ()),)))
    with pytest.raises(InvalidRequest):  # non-delivery without a reason code
        store.submit(msg(), Plan(reports=(ReportDelivery("A", (RecipientOutcome("X", False),)),)))
    with pytest.raises(InvalidRequest):
        store.fetch("B", -1)


# ---------------------------------------------------------------------------
# Idempotent (re)delivery


def test_redelivery_is_a_successful_no_op(store):
    m = msg(b"inbound", originator="/C=XX/ADMD=Y/S=Far/")
    plan = Plan((MessageDelivery("B"), MessageDelivery("C")))
    first = store.deliver(plan, message=m, mts_id="XX/Y/remote-1")
    assert [p.duplicate for p in first] == [False, False]
    again = store.deliver(plan, message=m, mts_id="XX/Y/remote-1")
    assert [p.duplicate for p in again] == [True, True]
    assert all(p.where is None for p in again)
    assert store.list_entries("B").count == 1 and len(store.pending("C")) == 1

    # Still a no-op after the first copy was acknowledged and deleted.
    store.acknowledge("C", store.pending("C")[0].item_id)
    store.delete("B", [1])
    again = store.deliver(plan, message=m, mts_id="XX/Y/remote-1")
    assert all(p.duplicate for p in again)
    assert store.list_entries("B").count == 0 and store.pending("C") == []

    # The key is (recipient, identifier, kind): a report with the same
    # identifier, or the same message to a new recipient, is new.
    rep = ReportDelivery("B", (RecipientOutcome("Q", True, delivery_time=T0),),
                         subject_mts_id="mine-1", report_id="XX/Y/remote-1")
    (placed,) = store.deliver(Plan(reports=(rep,)))
    assert not placed.duplicate and placed.kind is ItemKind.REPORT
    (dup,) = store.deliver(Plan(reports=(rep,)))
    assert dup.duplicate
    (to_a,) = store.deliver(Plan((MessageDelivery("A"),)), message=m, mts_id="XX/Y/remote-1")
    assert not to_a.duplicate
    assert store.fetch("A", 1).content == b"inbound"

    with pytest.raises(InvalidRequest):  # an inbound report needs its own identifier
        store.deliver(Plan(reports=(ndr(subject_mts_id="s"),)))


def test_redelivery_to_a_full_mailbox_still_succeeds(store):
    m = msg(b"q" * 100)
    store.set_quota("B", 150)
    store.deliver(Plan((MessageDelivery("B"),)), message=m, mts_id="id-1")
    (dup,) = store.deliver(Plan((MessageDelivery("B"),)), message=m, mts_id="id-1")
    assert dup.duplicate
    with pytest.raises(QuotaExceeded):
        store.deliver(Plan((MessageDelivery("B"),)), message=m, mts_id="id-2")


# ---------------------------------------------------------------------------
# P3 delivery queue


def test_p3_queue_order_ack_and_restart(tmp_path, clock):
    path = tmp_path / "s.db"
    with open_store(path, clock) as s:
        s.add_user("A", None)
        s.add_user("C", None, delivery_mode="p3")
        s.add_user("D", None, delivery_mode="p3")
        r1 = s.submit(msg(b"one"), Plan((MessageDelivery("C"),)))
        s.submit(msg(b"two", originator="C"), Plan(reports=(ReportDelivery(
            "C", (RecipientOutcome("X", False, reason=0),)),)))
        r3 = s.submit(msg(b"three"), Plan((MessageDelivery("C"), MessageDelivery("D"))))
        items = s.pending("C")
        assert [(i.kind, i.content) for i in items] == [
            (ItemKind.MESSAGE, b"one"), (ItemKind.REPORT, None), (ItemKind.MESSAGE, b"three")]
        assert items[1].outcomes[0].reason == 0
        assert s.pending("C") == items  # fetching does not remove
        assert s.pending("C", 1, after=items[0].item_id) == items[1:2]
        # Another user's acknowledgement does not touch C's item.
        assert s.acknowledge("D", items[0].item_id) is False
        assert s.acknowledge("C", items[0].item_id) is True
        assert s.acknowledge("C", items[0].item_id) is False  # idempotent
        assert r1.mts_id and r3.placements
    with open_store(path, clock) as s:  # unacknowledged items survive a restart
        assert [i.content for i in s.pending("C")] == [None, b"three"]
        assert [i.content for i in s.pending("D")] == [b"three"]
        assert s.get_user("C").used == len(b"three")
    assert accounting_ok(path)


# ---------------------------------------------------------------------------
# Message Store


def fill_mailbox(store, clock, n=6):
    """n messages to B, one per minute, alternating priority and subject."""
    for i in range(n):
        store.submit(msg(b"m%d" % i, priority=i % 3, subject="report %d" % i if i % 2 else None),
                     Plan((MessageDelivery("B"),)))
        clock.advance(minutes=1)


def seqs(result):
    return [e.sequence_number for e in result.entries]


def test_list_ranges_filters_limit_and_count(store, clock):
    fill_mailbox(store, clock)
    assert seqs(store.list_entries("B")) == [1, 2, 3, 4, 5, 6]
    assert seqs(store.list_entries("B", Range("sequence_number", 2, 4))) == [2, 3, 4]
    assert seqs(store.list_entries("B", Range("sequence_number", 5))) == [5, 6]
    t2 = T0 + timedelta(minutes=2)
    assert seqs(store.list_entries("B", Range("creation_time", None, t2))) == [1, 2, 3]
    assert seqs(store.list_entries("B", Eq("creation_time", t2))) == [3]
    assert seqs(store.list_entries("B", Eq("priority", 2))) == [3, 6]
    assert seqs(store.list_entries("B", Eq("priority", 2) | Eq("priority", 1))) == [2, 3, 5, 6]
    assert seqs(store.list_entries("B", ~Eq("priority", 0) & Range("sequence_number", 1, 3))) \
        == [2, 3]
    assert seqs(store.list_entries("B", Present("subject"))) == [2, 4, 6]
    assert seqs(store.list_entries("B", Substrings("subject", final="5"))) == [6]
    assert seqs(store.list_entries("B", Substrings("subject", "REPORT", (" ",)))) == [2, 4, 6]
    assert seqs(store.list_entries("B", Substrings("subject", any=("%",)))) == []  # escaped
    assert seqs(store.list_entries("B", Eq("entry_type", EntryType.DELIVERED_MESSAGE))) \
        == [1, 2, 3, 4, 5, 6]
    assert seqs(store.list_entries("B", And())) == [1, 2, 3, 4, 5, 6]
    assert seqs(store.list_entries("B", Or())) == []
    # An absent attribute is undefined: neither "= x" nor "not = x" holds.
    assert seqs(store.list_entries("B", Eq("subject", "report 1"))) == [2]
    assert seqs(store.list_entries("B", Not(Eq("subject", "report 1")))) == [4, 6]

    page = store.list_entries("B", limit=4)
    assert seqs(page) == [1, 2, 3, 4] and page.next == 5 and page.count == 6
    rest = store.list_entries("B", Range("sequence_number", page.next), limit=4)
    assert seqs(rest) == [5, 6] and rest.next is None and rest.count == 2
    with_bytes = store.list_entries("B", Eq("sequence_number", 3), include_bytes=True)
    assert with_bytes.entries[0].content == b"m2"
    assert store.list_entries("B").entries[0].content is None


def test_server_cap_on_list_results(tmp_path, clock):
    with open_store(tmp_path / "s.db", clock, limits=StoreLimits(max_list_results=3)) as s:
        s.add_user("A", None)
        s.add_user("B", None)
        fill_mailbox(s, clock, 5)
        result = s.list_entries("B", limit=100)
        assert seqs(result) == [1, 2, 3] and result.next == 4 and result.count == 5


def test_query_validation(store):
    for bad in (Eq("nonsense", 1), Eq("priority", "2"), Eq("priority", True),
                Eq("subject", 3), Eq("creation_time", datetime(2024, 1, 1)),
                Substrings("priority", "1")):
        with pytest.raises(InvalidRequest):
            store.list_entries("B", bad)
    wide = Or(*[Eq("priority", 1)] * 300)
    with pytest.raises(InvalidRequest, match="nodes"):
        store.list_entries("B", wide)
    deep = Eq("priority", 1)
    for _ in range(40):
        deep = Not(deep)
    with pytest.raises(InvalidRequest, match="deeper"):
        store.summarize("B", deep)
    with pytest.raises(InvalidRequest):
        store.list_entries("B", "priority = 1")  # type: ignore[arg-type]


def test_summarize_fetch_status_and_delete(store, clock):
    fill_mailbox(store, clock, 4)
    store.submit(msg(originator="B"), Plan(reports=(ReportDelivery(
        "B", (RecipientOutcome("X", False, reason=1),), returned_content=b"back"),)))
    summary = store.summarize("B")
    assert (summary.count, summary.lowest, summary.highest) == (5, 1, 5)
    assert summary.by_status[EntryStatus.NEW] == 5
    assert summary.by_type == {EntryType.DELIVERED_MESSAGE: 4, EntryType.DELIVERED_REPORT: 1}
    assert store.summarize("B", include_children=True).by_type[EntryType.RETURNED_CONTENT] == 1

    assert store.fetch("B", 2, mark=EntryStatus.LISTED).status is EntryStatus.LISTED
    assert store.fetch("B", 2, mark=EntryStatus.PROCESSED).status is EntryStatus.PROCESSED
    # A fetch never lowers the status; set_status may.
    assert store.fetch("B", 2, mark=EntryStatus.LISTED).status is EntryStatus.PROCESSED
    assert store.fetch("B", 2).status is EntryStatus.PROCESSED
    assert store.set_status("B", [1, 3, 99], EntryStatus.LISTED) == (99,)
    assert store.set_status("B", [2], EntryStatus.NEW) == ()
    summary = store.summarize("B")
    assert dict(summary.by_status) == {EntryStatus.NEW: 3, EntryStatus.LISTED: 2,
                                       EntryStatus.PROCESSED: 0}
    assert seqs(store.list_entries("B", Eq("status", EntryStatus.LISTED))) == [1, 3]

    result = store.delete("B", [2, 99, 6, 2])
    assert result.deleted == (2,) and result.missing == (99,) and result.children == (6,)
    assert result == store_module.DeleteResult((2,), (99,), (6,))
    result = store.delete("B", [5])  # the report takes its returned-content child along
    assert result.deleted == (5,)
    assert store.list_entries("B", include_children=True).count == 3
    with pytest.raises(NoSuchEntry):
        store.fetch("B", 6)
    # Sequence numbers are never reused.
    store.submit(msg(), Plan((MessageDelivery("B"),)))
    assert seqs(store.list_entries("B"))[-1] == 7


def test_sequence_numbers_survive_user_removal(store):
    store.submit(msg(), Plan((MessageDelivery("B"),)))
    store.submit(msg(), Plan((MessageDelivery("B"),)))
    store.remove_user("B")
    store.add_user("B", None)
    store.submit(msg(), Plan((MessageDelivery("B"),)))
    assert seqs(store.list_entries("B")) == [3]


def test_mailboxes_are_isolated(store):
    store.submit(msg(b"for B"), Plan((MessageDelivery("B"),)))
    store.submit(msg(b"for A"), Plan((MessageDelivery("A"),)))
    store.submit(msg(b"for A again"), Plan((MessageDelivery("A"),)))
    # A's entry 2 exists; B has only entry 1.  B asking for 2 must look
    # exactly like B asking for a number nobody has.
    with pytest.raises(NoSuchEntry) as foreign:
        store.fetch("B", 2)
    with pytest.raises(NoSuchEntry) as absent:
        store.fetch("B", 77)
    assert type(foreign.value) is type(absent.value)
    assert str(foreign.value).replace("2", "N") == str(absent.value).replace("77", "N")
    with pytest.raises(NoSuchEntry):
        store.fetch("B", 2, mark=EntryStatus.PROCESSED)
    assert store.delete("B", [2]).missing == (2,)
    assert store.set_status("B", [2], EntryStatus.PROCESSED) == (2,)
    assert seqs(store.list_entries("B")) == [1]
    assert store.summarize("B", Eq("sequence_number", 2)).count == 0
    a2 = store.fetch("A", 2)
    assert a2.content == b"for A again" and a2.status is EntryStatus.NEW
    assert store.list_entries("A").count == 2


# ---------------------------------------------------------------------------
# Deferred delivery


def test_deferred_delivery_release(tmp_path, clock):
    path = tmp_path / "s.db"
    with open_store(path, clock) as s:
        s.add_user("A", None)
        s.add_user("B", None)
        s.add_user("C", None, delivery_mode="p3")
        later = T0 + timedelta(hours=1)
        deferred = s.submit(msg(b"later", deferred_delivery_time=later),
                            Plan((MessageDelivery("B"), MessageDelivery("C")), (ndr("X"),)))
        assert [p.where for p in deferred.placements] == [Where.DEFERRED, Where.DEFERRED,
                                                          Where.MAILBOX]
        s.submit(msg(b"now"), Plan((MessageDelivery("C"),)))
        assert s.list_entries("B").count == 0
        assert [i.content for i in s.pending("C")] == [b"now"]
        assert s.due() == [] and s.release_due() == ()
        assert s.get_user("B").used == 5  # deferred items count toward the quota
    clock.advance(hours=1)
    with open_store(path, clock) as s:  # deferred items survive a restart
        due = s.due()
        assert [(d.recipient, d.mts_id, d.deliver_after) for d in due] == [
            ("B", deferred.mts_id, later), ("C", deferred.mts_id, later)]
        queued_before = s.pending("C")
        released = s.release_due()
        assert [(p.recipient, p.where) for p in released] == [("B", Where.MAILBOX),
                                                             ("C", Where.QUEUE)]
        assert s.fetch("B", 1).content == b"later"
        # The released P3 item goes behind what was queued meanwhile, so a
        # P3 layer paging with "after" cannot skip it.
        assert [i.content for i in s.pending("C", after=queued_before[-1].item_id)] == [b"later"]
        assert s.release_due() == () and s.due() == []
        assert s.release([d.item_id for d in due]) == ()  # idempotent
    assert accounting_ok(path)


def test_cancel_deferred_delivery(store, clock):
    r = store.submit(msg(b"x", deferred_delivery_time=T0 + timedelta(days=1)),
                     Plan((MessageDelivery("B"), MessageDelivery("C"))))
    with pytest.raises(NoSuchEntry):  # only the originator may cancel
        store.cancel_deferred("B", r.mts_id)
    assert store.cancel_deferred("A", r.mts_id) == 2
    assert store.cancel_deferred("A", r.mts_id) == 0
    clock.advance(days=2)
    assert store.release_due() == ()
    assert store.get_user("B").used == 0


def test_explicit_deliver_after_per_item(store, clock):
    store.submit(msg(), Plan((MessageDelivery("B", deliver_after=T0 + timedelta(minutes=5)),
                              MessageDelivery("A"))))
    assert store.list_entries("B").count == 0 and store.list_entries("A").count == 1
    clock.advance(minutes=5)
    (placed,) = store.release_due()
    assert placed.where is Where.MAILBOX and store.list_entries("B").count == 1


# ---------------------------------------------------------------------------
# Group commit


def test_group_commit_batches_waiting_requests_into_one_commit(tmp_path):
    path = tmp_path / "s.db"
    with open_store(path, busy_timeout=30) as s:
        s.add_user("A", None)
        s.add_user("B", None)
        base = s.stats()
        blocker = raw(path)
        blocker.execute("BEGIN IMMEDIATE")  # hold SQLite's write lock
        try:
            futures = []
            lock = threading.Lock()

            def submit():
                f = s.submit_future(msg(os.urandom(1024)), Plan((MessageDelivery("B"),)))
                with lock:
                    futures.append(f)

            threads = [threading.Thread(target=submit) for _ in range(20)]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            deadline = time.monotonic() + 10
            while True:  # every request is either in the blocked batch or queued
                st = s.stats()
                if st.requests - base.requests + st.queued == 20:
                    break
                assert time.monotonic() < deadline
                time.sleep(0.005)
            assert not any(f.done() for f in futures)  # nothing reported before a commit
        finally:
            blocker.execute("ROLLBACK")
            blocker.close()
        results = [f.result(timeout=30) for f in futures]
        st = s.stats()
        # One transaction for the request that was blocked, one for the 19
        # (or so) that queued behind it: two commits, two syncs.
        assert st.commits - base.commits == 2 == st.batches - base.batches
        assert len({r.mts_id for r in results}) == 20
        assert s.list_entries("B").count == 20


def test_concurrent_submitters_share_commits(tmp_path):
    path = tmp_path / "s.db"
    with open_store(path) as s:
        s.add_user("A", None)
        s.add_user("B", None)
        s.add_user("C", None, delivery_mode="p3")
        base = s.stats()
        ids = []
        errors = []
        lock = threading.Lock()

        def worker():
            try:
                for _ in range(25):
                    r = s.submit(msg(os.urandom(1024)),
                                 Plan((MessageDelivery("B"), MessageDelivery("C"))))
                    # Visible to an independent connection the moment it returns.
                    assert s.get_submission(r.mts_id).mts_id == r.mts_id
                    with lock:
                        ids.append(r.mts_id)
            except BaseException as exc:  # pragma: no cover - reported below
                errors.append(exc)

        threads = [threading.Thread(target=worker) for _ in range(8)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert not errors
        st = s.stats()
        assert len(set(ids)) == 200
        assert st.commits - base.commits == st.batches - base.batches
        assert st.requests - base.requests == 200
        assert st.commits - base.commits < 200  # commits were shared
        assert s.list_entries("B", limit=1).count == 200 and len(s.pending("C", 1000)) == 200
    assert accounting_ok(path)


def test_failed_commit_fails_every_request_of_the_batch(tmp_path):
    path = tmp_path / "s.db"
    with open_store(path, busy_timeout=0.2) as s:
        s.add_user("A", None)
        s.add_user("B", None)
        blocker = raw(path)
        blocker.execute("BEGIN IMMEDIATE")
        try:
            futures = [s.submit_future(msg(), Plan((MessageDelivery("B"),))) for _ in range(6)]
            errors = [f.exception(timeout=30) for f in futures]
        finally:
            blocker.execute("ROLLBACK")
            blocker.close()
        assert all(isinstance(e, CommitFailed) and not e.in_doubt for e in errors)
        assert "nothing" in str(errors[0])
        assert s.stats().failed_commits >= 1
        assert count(path, "SELECT count(*) FROM messages") == 0
        # The writer recovers once the lock is gone.
        s.submit(msg(), Plan((MessageDelivery("B"),)))
        assert s.list_entries("B").count == 1


def test_refusal_in_a_batch_does_not_disturb_the_others(tmp_path):
    path = tmp_path / "s.db"
    with open_store(path, busy_timeout=30) as s:
        s.add_user("A", None)
        s.add_user("B", None)
        blocker = raw(path)
        blocker.execute("BEGIN IMMEDIATE")
        try:
            futures = [s.submit_future(msg(b"%d" % i),
                                       Plan((MessageDelivery("B" if i % 3 else "nobody"),)))
                       for i in range(9)]
            deadline = time.monotonic() + 10
            while s.stats().queued + s.stats().requests < 11:  # 2 add_user + 9
                assert time.monotonic() < deadline
                time.sleep(0.005)
        finally:
            blocker.execute("ROLLBACK")
            blocker.close()
        outcomes = [f.exception(timeout=30) for f in futures]
        assert [type(e).__name__ if e else None for e in outcomes] == [
            "UnknownUser" if i % 3 == 0 else None for i in range(9)]
        assert s.list_entries("B").count == 6
        assert s.stats().batches - s.stats().commits == 0
    assert count(path, "SELECT count(*) FROM messages") == 6


def test_asyncio_form(store):
    async def main():
        results = await asyncio.gather(*[
            store.aio.submit(msg(b"%d" % i), Plan((MessageDelivery("B"), MessageDelivery("C"))))
            for i in range(30)])
        listing = await store.aio.list_entries("B", limit=100)
        entry = await store.aio.fetch("B", 1, mark=EntryStatus.PROCESSED)
        items = await store.aio.pending("C", 100)
        acked = await store.aio.acknowledge("C", items[0].item_id)
        ok = await store.aio.check_password("A", "pw-A")
        deleted = await store.aio.delete("B", [1, 1000])
        return results, listing, entry, items, acked, ok, deleted

    results, listing, entry, items, acked, ok, deleted = asyncio.run(main())
    assert len({r.mts_id for r in results}) == 30 and listing.count == 30
    assert entry.status is EntryStatus.PROCESSED and len(items) == 30 and acked and ok
    assert deleted.deleted == (1,) and deleted.missing == (1000,)


def test_asyncio_form_of_the_other_operations(store, clock):
    async def main():
        r = await store.aio.submit(msg(b"d", deferred_delivery_time=T0 + timedelta(hours=1)),
                                   Plan((MessageDelivery("B"), MessageDelivery("C"))))
        cancelled = await store.aio.cancel_deferred("A", r.mts_id)
        r = await store.aio.submit(msg(b"d", deferred_delivery_time=T0 + timedelta(hours=1)),
                                   Plan((MessageDelivery("B"),)))
        clock.advance(hours=2)
        due = await store.aio.due()
        released = await store.aio.release_due()
        delivered = await store.aio.deliver(Plan((MessageDelivery("B"),)), message=msg(b"in"),
                                            mts_id="remote-9")
        missing = await store.aio.set_status("B", [1, 2, 3], EntryStatus.LISTED)
        summary = await store.aio.summarize("B")
        user = await store.aio.get_user("B")
        record = await store.aio.get_submission(r.mts_id, originator="A")
        return cancelled, due, released, delivered, missing, summary, user, record

    cancelled, due, released, delivered, missing, summary, user, record = asyncio.run(main())
    assert cancelled == 2 and len(due) == 1 and released[0].where is Where.MAILBOX
    assert delivered[0].ref == 2 and missing == (3,)
    assert summary.by_status[EntryStatus.LISTED] == 2 and user.used == 3
    assert record.content == b"d"


def test_purge_forgets_old_receipts_and_unused_messages(store, clock, tmp_path):
    path = tmp_path / "store.db"
    m = msg(b"old")
    store.deliver(Plan((MessageDelivery("B"),)), message=m, mts_id="old-1", submission_time=T0)
    kept = store.submit(msg(b"kept"), Plan((MessageDelivery("B"),)))
    store.delete("B", [1])
    clock.advance(days=30)
    assert store.purge(T0 + timedelta(days=1)) == 1  # "kept" is still in B's mailbox
    assert count(path, "SELECT count(*) FROM messages") == 1
    assert store.get_submission(kept.mts_id).content == b"kept"
    assert store.fetch("B", 2).content == b"kept"
    # The old receipt is gone, so the old message counts as new again.
    (again,) = store.deliver(Plan((MessageDelivery("B"),)), message=m, mts_id="old-1")
    assert not again.duplicate


# ---------------------------------------------------------------------------
# Failure injection: disk full, SIGKILL


def test_disk_full_gives_an_error_and_leaves_a_consistent_store(tmp_path):
    path = tmp_path / "s.db"
    stored = []
    with open_store(path, max_size=256 * 1024) as s:
        s.add_user("A", None)
        s.add_user("B", None)
        s.add_user("C", None, delivery_mode="p3")
        failure = None
        for _ in range(200):
            ticket = s.new_ticket()
            try:
                s.submit(msg(os.urandom(8192)), Plan((MessageDelivery("B"), MessageDelivery("C"))),
                         ticket=ticket)
            except StoreFull as full:
                failure = (full, ticket)
                break
            stored.append(ticket.mts_id)
        assert failure is not None, "the size cap was never reached"
        error, ticket = failure
        assert isinstance(error, CommitFailed) and not error.in_doubt
        assert "full" in str(error)
        assert len(stored) >= 5
        with pytest.raises(NoSuchEntry):
            s.get_submission(ticket.mts_id)
        assert s.integrity_check() == ["ok"]
        assert s.list_entries("B").count == len(stored) == len(s.pending("C", 1000))
        # Reads and space-freeing writes still work; freed pages are reused.
        s.delete("B", [e.sequence_number for e in s.list_entries("B", limit=4).entries])
        for item in s.pending("C", 4):
            s.acknowledge("C", item.item_id)
        s.submit(msg(b"small"), Plan((MessageDelivery("B"),)))
    assert accounting_ok(path)
    with open_store(path) as s:  # reopens cleanly (full integrity check)
        assert count(path, "SELECT count(*) FROM messages") == len(stored) + 1


CRASHER = """
import os, sys, threading
sys.path.insert(0, {src!r})
from x400fast.server.store import (Store, Message, Plan, MessageDelivery, ReportDelivery,
                                   RecipientOutcome)

store = Store(sys.argv[1], scrypt_n=2)
for address, mode in (("A", "ms"), ("B", "ms"), ("C", "p3")):
    if store.get_user(address) is None:
        store.add_user(address, None, delivery_mode=mode)
out = threading.Lock()

def submitter():
    while True:
        m = Message("A", "22", os.urandom(1024), envelope=b"\\x31\\x00",
                    recipients=("B", "C", "X"))
        plan = Plan((MessageDelivery("B", envelope=b"env"), MessageDelivery("C")),
                    (ReportDelivery("A", (RecipientOutcome("X", False, reason=1),)),))
        result = store.submit(m, plan)
        with out:  # printed only after submit returned, i.e. after the commit
            sys.stdout.write(result.mts_id + "\\n")
            sys.stdout.flush()

def housekeeper():  # deletes and acknowledgements race with the kill too
    while True:
        listing = store.list_entries("B", limit=3)
        store.delete("B", [e.sequence_number for e in listing.entries[:2]])
        for item in store.pending("C", 2):
            store.acknowledge("C", item.item_id)

for target in [submitter] * 4 + [housekeeper]:
    threading.Thread(target=target, daemon=True).start()
sys.stdout.write("READY\\n")
sys.stdout.flush()
threading.Event().wait()
"""


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_sigkill_at_random_moments_loses_no_acknowledged_submission(tmp_path):
    path = tmp_path / "crash.db"
    script = tmp_path / "crasher.py"
    script.write_text(CRASHER.format(src=SRC))
    seed = int.from_bytes(os.urandom(4), "big")
    rng = random.Random(seed)
    printed = []
    for round_no in range(5):
        proc = subprocess.Popen([sys.executable, str(script), str(path)],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        lines = []
        ready = threading.Event()

        def reader():
            for raw_line in proc.stdout:
                line = raw_line.decode().strip()
                if line == "READY":
                    ready.set()
                elif line:
                    lines.append(line)
            ready.set()

        t = threading.Thread(target=reader)
        t.start()
        ready.wait(timeout=30)
        time.sleep(rng.uniform(0.05, 0.6))
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
        t.join(timeout=30)
        stderr = proc.stderr.read().decode()
        proc.stderr.close()
        proc.stdout.close()
        assert proc.returncode == -signal.SIGKILL, (seed, round_no, stderr)
        printed.extend(lines)
    assert printed, "no submission completed before the kills (seed %d)" % seed

    with open_store(path) as s:  # the full integrity check runs at open
        assert s.integrity_check() == ["ok"]
    conn = raw(path)
    try:
        stored = {}
        for mts_id, n in conn.execute("SELECT mts_id, count(*) FROM messages GROUP BY mts_id"):
            stored[mts_id] = n
        missing = [m for m in printed if m not in stored]
        assert not missing, "acknowledged but lost (seed %d): %s" % (seed, missing[:5])
        assert len(set(printed)) == len(printed)
        assert all(n == 1 for n in stored.values())
        # Atomicity: every stored message has all three items of its plan
        # (receipts outlive the deletes and acknowledgements of the
        # housekeeper; the report entries in A's mailbox are never deleted),
        # and no item exists without its message.
        incomplete = conn.execute(
            "SELECT m.mts_id FROM messages m WHERE "
            "(SELECT count(*) FROM receipts r WHERE r.mts_id = m.mts_id "
            " AND r.kind = 'message') != 2 OR "
            "(SELECT count(*) FROM entries e WHERE e.mailbox = 'A' AND e.entry_type = 1 "
            " AND e.subject_mts_id = m.mts_id) != 1").fetchall()
        assert not incomplete, (seed, incomplete[:5])
        orphans = conn.execute(
            "SELECT count(*) FROM receipts r WHERE r.kind = 'message' AND "
            "r.mts_id NOT IN (SELECT mts_id FROM messages)").fetchone()[0]
        assert orphans == 0, seed
    finally:
        conn.close()
    assert accounting_ok(path), seed
