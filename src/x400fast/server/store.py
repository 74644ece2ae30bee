"""Durable storage of the reference P3/P7 server: MTA queue and Message Store.

The store is protocol-neutral.  The P3 and P7 layers decode operations,
decide what a submission causes (which recipients are local, which get a
non-delivery report), encode envelopes and reports, and hand the store
plain fields and BER bytes; the store keeps them safe and gives them back.
It knows nothing of ASN.1.

What it promises, and how
-------------------------
*Nothing acknowledged is lost, nothing is acknowledged that was not
stored.*  Every change is an SQLite transaction in WAL mode with
``synchronous=FULL``, so a commit has reached the disk (the WAL is synced
at every commit) before the call that asked for it returns.  Transactions
are opened explicitly with ``BEGIN IMMEDIATE``: the commit point is where
this module says it is, never where the ``sqlite3`` module guesses.

*Atomic submissions.*  :meth:`Store.submit` stores the submitted message
together with everything it causes -- deliveries into mailboxes, items in
P3 delivery queues, deferred items, reports to the originator -- in one
transaction.  The MTS identifier and submission time are returned only
after that transaction committed.

*Group commit.*  A single writer thread owns the write connection.  Every
write request (from any thread, or from an asyncio loop through
:class:`AsyncStore`) is queued; the writer takes all requests pending when
it becomes free, applies each inside a savepoint of one transaction and
commits once, so one fsync covers the whole batch.  Each caller is
completed only after that commit.  A request that is refused on its own
merits (unknown recipient, quota) is rolled back to its savepoint without
disturbing the others; a commit that fails (disk full, I/O error) fails
every request of the batch with :class:`~x400fast.errors.CommitFailed`.
:meth:`Store.stats` counts batches and commits so that tests can check
the batching without timing anything.

*Idempotent delivery.*  Every item delivered to a user leaves a receipt
keyed by (recipient, MTS identifier, kind).  Storing the same delivery
again -- an MTA retrying after a crash lost the result -- is a no-op that
reports success (:attr:`Placement.duplicate`), even after the first copy
was fetched, acknowledged or deleted.  Submissions can be made idempotent
the same way with a client reference (:attr:`Message.client_reference`).

*Strict mailbox access.*  Every Message Store and queue operation takes
the owning user; an item of another user behaves exactly like one that
does not exist (same error, same query plan).

*A damaged store is refused.*  Opening runs ``PRAGMA integrity_check``
(configurable) and raises :class:`~x400fast.errors.StoreCorrupted`
instead of serving a damaged file.  The schema carries a version number
(``PRAGMA user_version``) and an application id, so a file from another
program or from a newer release is refused too.

Data model
----------
*Users* are keyed by their O/R address in a canonical string form chosen by
the caller (the store treats it as an opaque key).  Each has a password
hash (scrypt, per-user salt), a delivery mode -- ``"ms"``: delivered items
become entries of the user's Message Store mailbox; ``"p3"``: they wait in
the user's P3 delivery queue until the delivery result arrives -- and an
optional quota in octets.

*Messages* (:class:`Message`) are the submitted (or inbound) messages:
originator, content type, priority, envelope and content bytes.  Their
content is stored once and shared by every delivery that does not carry a
converted content of its own.

*Items* are what a recipient receives: a message delivery
(:class:`MessageDelivery`) or a report (:class:`ReportDelivery`).  An item
with a deliver-after time in the future waits as a *deferred* item until
:meth:`Store.release_due` (or :meth:`Store.release`) moves it on.

*Mailbox entries* (:class:`Entry`) carry a sequence number that is unique
in the mailbox and never reused (not even after the user is removed and
added again), a creation time, an X.413 entry type and retrieval status,
and the indexed fields the P7 layer filters on (:class:`Query`).  A
report that returns content is stored as a delivered-report entry with a
returned-content child entry, as X.413 describes.

Identifiers and times
---------------------
The MTS identifiers the store generates are local identifiers
(``IA5String``, at most 30 characters): the P3 layer combines them with the
server's global domain identifier.  They are unique for the life of the
file: a random store id, a counter of openings committed before the store
serves, and an in-memory counter.  Identifiers given by callers (inbound
deliveries) are opaque text.

Times are timezone-aware :class:`datetime.datetime` values in UTC.  Times
the store generates are whole seconds, because X.400 carries them as
UTCTime; a P7 filter built from what the client saw then matches exactly.
"""
from __future__ import annotations

import asyncio
import collections
import concurrent.futures
import functools
import hashlib
import hmac
import json
import os
import secrets
import sqlite3
import threading
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from enum import Enum, IntEnum
from typing import (Any, Callable, Deque, Dict, Iterable, Iterator, List, Mapping,
                    Optional, Sequence, Set, Tuple, TypeVar, Union)

from ..errors import (CommitFailed, IncompatibleStore, InvalidRequest, MessageTooLarge,
                      NoSuchEntry, QuotaExceeded, StoreClosed, StoreCorrupted, StoreError,
                      StoreFull, TooManyRecipients, UnknownUser, UserExists)

__all__ = [
    "Store", "AsyncStore", "StoreLimits", "StoreStats",
    "DeliveryMode", "ItemKind", "EntryType", "EntryStatus", "Where",
    "User", "Ticket", "Message", "MessageDelivery", "RecipientOutcome",
    "ReportDelivery", "Plan", "Placement", "SubmitResult", "SubmissionRecord",
    "QueueItem", "DeferredItem", "Entry", "ListResult", "Summary", "DeleteResult",
    "Query", "Eq", "Range", "Present", "Substrings", "And", "Or", "Not",
    "ENTRY_FIELDS", "SCHEMA_VERSION",
]

SCHEMA_VERSION = 1
"""Version of the on-disk schema this module writes (``PRAGMA user_version``)."""

_APPLICATION_ID = 0x58343030  # "X400": marks the file as an x400fast store

_MAX_SEQUENCE_NUMBER = 2147483647  # X.413 SequenceNumber upper bound
_MAX_ADDRESS_LENGTH = 4096
_MAX_PASSWORD_OCTETS = 1024
_MAX_ID_LENGTH = 1024

_UTC = timezone.utc
_EPOCH = datetime(1970, 1, 1, tzinfo=_UTC)
_ONE_US = timedelta(microseconds=1)

T = TypeVar("T")


# ---------------------------------------------------------------------------
# Enumerations


class DeliveryMode(str, Enum):
    """Where the items of a user go."""

    MS = "ms"
    """Into the user's Message Store mailbox (P7 access)."""
    P3 = "p3"
    """Into the user's P3 delivery queue, until the delivery result arrives."""


class ItemKind(str, Enum):
    """What a delivered item is; part of the idempotency key."""

    MESSAGE = "message"
    REPORT = "report"


class EntryType(IntEnum):
    """X.413 ``EntryType`` values (the store creates the first three)."""

    DELIVERED_MESSAGE = 0
    DELIVERED_REPORT = 1
    RETURNED_CONTENT = 2
    SUBMITTED_MESSAGE = 3
    SUBMITTED_PROBE = 4
    DRAFT_MESSAGE = 5
    AUTO_ACTION_EVENT = 6


class EntryStatus(IntEnum):
    """X.413 ``RetrievalStatus`` values (ordered: new < listed < processed)."""

    NEW = 0
    LISTED = 1
    PROCESSED = 2


class Where(str, Enum):
    """Where an item was placed."""

    MAILBOX = "mailbox"
    """A Message Store entry; :attr:`Placement.ref` is its sequence number."""
    QUEUE = "queue"
    """The P3 delivery queue; :attr:`Placement.ref` is the queue item id."""
    DEFERRED = "deferred"
    """Held until its deliver-after time; :attr:`Placement.ref` is the item id."""


# ---------------------------------------------------------------------------
# Limits and statistics


@dataclass(frozen=True)
class StoreLimits:
    """Server-side resource limits (reliability.md section 5.4).

    :param max_content_size: octets of one content (submitted, converted or
        returned); larger ones raise :class:`~x400fast.errors.MessageTooLarge`.
    :param max_envelope_size: octets of one envelope or pre-encoded report.
    :param max_recipients: recipients of one message, delivery items of one
        plan and per-recipient outcomes of one report.
    :param max_list_results: entries returned by one :meth:`Store.list_entries`
        call, whatever limit the caller asks for (the result then carries
        ``next``).
    :param max_query_nodes: nodes of one :class:`Query` (a P7 filter is
        untrusted input).
    :param max_query_depth: nesting of one :class:`Query`.
    :param max_batch_requests: write requests in one group commit.
    :param max_batch_bytes: approximate octets in one group commit; a
        single larger request still goes alone.
    """

    max_content_size: int = 16 * 1024 * 1024
    max_envelope_size: int = 1024 * 1024
    max_recipients: int = 1024
    max_list_results: int = 1000
    max_query_nodes: int = 256
    max_query_depth: int = 32
    max_batch_requests: int = 512
    max_batch_bytes: int = 64 * 1024 * 1024

    def __post_init__(self) -> None:
        for name in ("max_content_size", "max_envelope_size", "max_recipients",
                     "max_list_results", "max_query_nodes", "max_query_depth",
                     "max_batch_requests", "max_batch_bytes"):
            value = getattr(self, name)
            if not isinstance(value, int) or isinstance(value, bool) or value < 1:
                raise InvalidRequest("%s must be a positive int" % name)


@dataclass(frozen=True)
class StoreStats:
    """Counters of the group-commit writer (a snapshot).

    :ivar requests: write requests completed (successfully or not).
    :ivar batches: transactions attempted (one per batch).
    :ivar commits: transactions committed; with ``synchronous=FULL`` in WAL
        mode each is one sync of the WAL.
    :ivar failed_commits: batches that failed as a whole.
    :ivar largest_batch: most requests seen in one batch.
    :ivar queued: requests waiting for the writer right now.
    """

    requests: int
    batches: int
    commits: int
    failed_commits: int
    largest_batch: int
    queued: int


# ---------------------------------------------------------------------------
# Public records


@dataclass(frozen=True)
class User:
    """A user of the store.

    :ivar address: the canonical O/R address string (the key).
    :ivar delivery_mode: where the user's items go.
    :ivar quota: octets the user's mailbox and queue may hold, or ``None``.
    :ivar used: octets they hold now (entries, queue items, deferred items).
    :ivar has_password: whether a password is set (without one no bind
        succeeds).
    :ivar created: when the user was added.
    """

    address: str
    delivery_mode: DeliveryMode
    quota: Optional[int]
    used: int
    has_password: bool
    created: datetime


@dataclass(frozen=True)
class Ticket:
    """An MTS identifier and submission time reserved for one submission.

    Reserve one with :meth:`Store.new_ticket` when the plan needs the
    identifier (delivery envelopes and reports carry it); pass it to
    :meth:`Store.submit`.  A ticket whose submission failed may be used
    again; one whose submission committed may not.
    """

    mts_id: str
    submission_time: datetime


@dataclass(frozen=True)
class Message:
    """The per-message part of a submission (or of an inbound delivery).

    :ivar originator: canonical O/R address of the originator.
    :ivar content_type: the content type in the caller's canonical text form
        (e.g. ``"22"`` for a built-in type or a dotted OID); opaque here.
    :ivar content: the content octets.
    :ivar envelope: the submission envelope as BER (kept for the record).
    :ivar priority: X.411 priority: 0 normal, 1 non-urgent, 2 urgent.
    :ivar recipients: every recipient of the envelope, for the record and
        the recipient limit (the plan says what happens to each).
    :ivar subject: the subject, if the caller extracted one (indexed).
    :ivar deferred_delivery_time: the requested deferred delivery time;
        deliveries of the plan are held until then unless they say
        otherwise.
    :ivar client_reference: an idempotency key chosen by the client (for
        example the IPM identifier or a journal id), unique per originator:
        submitting again with the same reference returns the first result
        (:attr:`SubmitResult.duplicate`) and stores nothing.  Do not use a
        value that is not meant to be unique.
    """

    originator: str
    content_type: str
    content: bytes
    envelope: bytes = b""
    priority: int = 0
    recipients: Tuple[str, ...] = ()
    subject: Optional[str] = None
    deferred_delivery_time: Optional[datetime] = None
    client_reference: Optional[str] = None


@dataclass(frozen=True)
class MessageDelivery:
    """One local recipient of a message, as planned by the caller.

    :ivar recipient: the user receiving it.
    :ivar envelope: the per-recipient delivery envelope as BER, if the
        caller encoded it (it carries the MTS identifier: reserve a
        :class:`Ticket` first).
    :ivar content: a converted content for this recipient; ``None`` shares
        the message's content.
    :ivar deliver_after: hold the item until this time; ``None`` uses the
        message's deferred delivery time (if any).
    """

    recipient: str
    envelope: Optional[bytes] = None
    content: Optional[bytes] = None
    deliver_after: Optional[datetime] = None


@dataclass(frozen=True)
class RecipientOutcome:
    """What happened to one recipient, as a report states it.

    :ivar recipient: the actual recipient's canonical address.
    :ivar delivered: true for a delivery report, false for non-delivery.
    :ivar reason: the X.411 non-delivery reason code (required when not
        delivered).
    :ivar diagnostic: the X.411 non-delivery diagnostic code, if any.
    :ivar delivery_time: the message delivery time (delivery reports).
    :ivar supplementary_information: free text (PrintableString 1..256).
    """

    recipient: str
    delivered: bool
    reason: Optional[int] = None
    diagnostic: Optional[int] = None
    delivery_time: Optional[datetime] = None
    supplementary_information: Optional[str] = None


@dataclass(frozen=True)
class ReportDelivery:
    """A report to deliver to a user (normally the originator).

    :ivar recipient: the user receiving the report.
    :ivar outcomes: one entry per reported recipient.
    :ivar subject_mts_id: the MTS identifier of the subject message;
        ``None`` in a submission plan means the submission itself.
    :ivar report: the report (ReportDeliveryArgument) as BER, if the
        caller pre-encoded it; otherwise the delivering layer encodes it
        from the fields.
    :ivar returned_content: the subject's content, when returned.
    :ivar report_id: the report's own identifier (the idempotency key).
        Generated by the store in a submission when ``None``; required by
        :meth:`Store.deliver`.
    :ivar content_type: the subject's content type; defaults to the
        message's in a submission plan.
    :ivar deliver_after: hold the report until this time.
    """

    recipient: str
    outcomes: Tuple[RecipientOutcome, ...]
    subject_mts_id: Optional[str] = None
    report: Optional[bytes] = None
    returned_content: Optional[bytes] = None
    report_id: Optional[str] = None
    content_type: Optional[str] = None
    deliver_after: Optional[datetime] = None


@dataclass(frozen=True)
class Plan:
    """Everything a submission (or inbound delivery) causes, computed by
    the caller: deliveries to local users and reports."""

    deliveries: Tuple[MessageDelivery, ...] = ()
    reports: Tuple[ReportDelivery, ...] = ()


@dataclass(frozen=True)
class Placement:
    """Where one item of a plan went.

    :ivar recipient: the receiving user.
    :ivar kind: message or report.
    :ivar mts_id: the item's MTS identifier (a report's own identifier).
    :ivar where: mailbox, queue or deferred; ``None`` for a duplicate.
    :ivar ref: the sequence number (mailbox) or item id (queue, deferred);
        ``None`` for a duplicate.
    :ivar duplicate: the item had been delivered before; nothing was stored.
    """

    recipient: str
    kind: ItemKind
    mts_id: str
    where: Optional[Where]
    ref: Optional[int]
    duplicate: bool = False


@dataclass(frozen=True)
class SubmitResult:
    """The committed outcome of :meth:`Store.submit`.

    :ivar mts_id: the message's MTS (local) identifier.
    :ivar submission_time: the message submission time.
    :ivar placements: where each item of the plan went (empty for a
        duplicate submission).
    :ivar duplicate: a submission with the same client reference had
        committed before; this is its result and nothing new was stored.
    """

    mts_id: str
    submission_time: datetime
    placements: Tuple[Placement, ...] = ()
    duplicate: bool = False


@dataclass(frozen=True)
class SubmissionRecord:
    """A message as the store keeps it (the submission log)."""

    mts_id: str
    originator: str
    submission_time: datetime
    content_type: str
    priority: int
    recipients: Tuple[str, ...]
    subject: Optional[str]
    deferred_delivery_time: Optional[datetime]
    client_reference: Optional[str]
    inbound: bool
    envelope: bytes
    content: bytes


@dataclass(frozen=True)
class QueueItem:
    """An item of a P3 delivery queue (also the shape of a deferred item).

    :ivar item_id: the id to acknowledge; ids are never reused.
    :ivar envelope: the delivery envelope, or the report as BER, if the
        caller stored one.
    :ivar content: the content (for reports, the returned content).
    """

    item_id: int
    recipient: str
    kind: ItemKind
    mts_id: str
    subject_mts_id: Optional[str]
    originator: Optional[str]
    content_type: Optional[str]
    priority: Optional[int]
    subject: Optional[str]
    submission_time: Optional[datetime]
    created: datetime
    deliver_after: Optional[datetime]
    outcomes: Tuple[RecipientOutcome, ...]
    envelope: Optional[bytes]
    content: Optional[bytes]


@dataclass(frozen=True)
class DeferredItem:
    """A deferred item that became due (see :meth:`Store.due`)."""

    item_id: int
    recipient: str
    kind: ItemKind
    mts_id: str
    deliver_after: datetime


@dataclass(frozen=True)
class Entry:
    """A Message Store entry.

    :ivar sequence_number: unique in the mailbox, never reused.
    :ivar parent: the parent's sequence number for a child entry.
    :ivar children: the child entries' sequence numbers.
    :ivar mts_id: the message's identifier (a report's own identifier for
        delivered reports; the subject's for returned content).
    :ivar content_length: octets of the entry's content (0 for reports).
    :ivar envelope: the delivery envelope or report BER, when asked for.
    :ivar content: the content, when asked for.
    """

    sequence_number: int
    parent: Optional[int]
    children: Tuple[int, ...]
    entry_type: EntryType
    status: EntryStatus
    creation_time: datetime
    mts_id: Optional[str]
    subject_mts_id: Optional[str]
    originator: Optional[str]
    content_type: Optional[str]
    priority: Optional[int]
    subject: Optional[str]
    content_length: int
    submission_time: Optional[datetime]
    outcomes: Tuple[RecipientOutcome, ...] = ()
    envelope: Optional[bytes] = None
    content: Optional[bytes] = None


@dataclass(frozen=True)
class ListResult:
    """The result of :meth:`Store.list_entries`.

    :ivar entries: the selected entries in sequence-number order.
    :ivar count: how many entries the selection matches in all.
    :ivar next: the sequence number to continue from when the result was
        cut by a limit, else ``None`` (X.413 ``next``).
    """

    entries: Tuple[Entry, ...]
    count: int
    next: Optional[int]


@dataclass(frozen=True)
class Summary:
    """The result of :meth:`Store.summarize`."""

    count: int
    lowest: Optional[int]
    highest: Optional[int]
    by_status: Mapping[EntryStatus, int]
    by_type: Mapping[EntryType, int]


@dataclass(frozen=True)
class DeleteResult:
    """The result of :meth:`Store.delete`.

    :ivar deleted: sequence numbers deleted (with their children).
    :ivar missing: sequence numbers that do not exist in the mailbox.
    :ivar children: child entries named directly; X.413 refuses those
        (delete problem child-entry-specified), so they were kept.
    """

    deleted: Tuple[int, ...]
    missing: Tuple[int, ...]
    children: Tuple[int, ...] = ()


# ---------------------------------------------------------------------------
# Queries over mailbox entries

ENTRY_FIELDS: Mapping[str, Tuple[str, str]] = {
    "sequence_number": ("e.seq", "int"),
    "parent": ("e.parent_seq", "int"),
    "creation_time": ("e.creation_time", "time"),
    "submission_time": ("e.submission_time", "time"),
    "entry_type": ("e.entry_type", "int"),
    "status": ("e.status", "int"),
    "content_type": ("e.content_type", "text"),
    "priority": ("e.priority", "int"),
    "originator": ("e.originator", "text"),
    "subject": ("e.subject", "text"),
    "mts_id": ("e.mts_id", "text"),
    "subject_mts_id": ("e.subject_mts_id", "text"),
    "content_length": ("e.content_length", "int"),
}
"""The fields a :class:`Query` may name, with their column and type."""


class Query:
    """Base of the small query language over mailbox entries.

    The P7 layer maps X.413 selectors and filters onto it.  Combine terms
    with ``&``, ``|`` and ``~`` (or :class:`And`, :class:`Or`, :class:`Not`).
    An absent attribute makes a term *undefined*, exactly as in X.413
    filter evaluation: ``Eq("priority", 1)`` and ``~Eq("priority", 1)`` are
    both false for a report entry, which has no priority.  (This is SQL's
    NULL logic, which matches the X.500 three-valued evaluation.)
    """

    def __and__(self, other: "Query") -> "Query":
        return And(self, other)

    def __or__(self, other: "Query") -> "Query":
        return Or(self, other)

    def __invert__(self) -> "Query":
        return Not(self)


@dataclass(frozen=True)
class Eq(Query):
    """``field`` equals ``value``."""

    field: str
    value: Any


@dataclass(frozen=True)
class Range(Query):
    """``low <= field <= high``; either bound may be ``None`` (unbounded)."""

    field: str
    low: Any = None
    high: Any = None


@dataclass(frozen=True)
class Present(Query):
    """The entry has a value for ``field``."""

    field: str


@dataclass(frozen=True)
class Substrings(Query):
    """A text field matches ``initial*any[0]*...*final``.

    Matching is case-insensitive for ASCII letters and exact otherwise
    (SQLite ``LIKE``); X.413 leaves the finer rules to the matching rule.
    """

    field: str
    initial: Optional[str] = None
    any: Tuple[str, ...] = ()
    final: Optional[str] = None


class And(Query):
    """All terms hold (no terms: true)."""

    __slots__ = ("terms",)

    def __init__(self, *terms: Query) -> None:
        self.terms: Tuple[Query, ...] = tuple(terms)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, And) and type(other) is type(self) and other.terms == self.terms

    def __hash__(self) -> int:
        return hash((type(self).__name__, self.terms))

    def __repr__(self) -> str:
        return "%s(%s)" % (type(self).__name__, ", ".join(map(repr, self.terms)))


class Or(And):
    """At least one term holds (no terms: false)."""

    __slots__ = ()


class Not(Query):
    """The term does not hold (undefined stays undefined)."""

    __slots__ = ("term",)

    def __init__(self, term: Query) -> None:
        self.term = term

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Not) and other.term == self.term

    def __hash__(self) -> int:
        return hash(("Not", self.term))

    def __repr__(self) -> str:
        return "Not(%r)" % (self.term,)


class _QueryCompiler:
    """Turns a :class:`Query` into an SQL condition with parameters.

    Field names come from :data:`ENTRY_FIELDS` only and every value is a
    bound parameter, so a filter from the network cannot inject SQL; the
    node and depth caps keep it from building a statement SQLite refuses.
    """

    def __init__(self, limits: StoreLimits) -> None:
        self.limits = limits
        self.nodes = 0
        self.params: List[Any] = []

    def compile(self, query: Query, depth: int = 0) -> str:
        self.nodes += 1
        if self.nodes > self.limits.max_query_nodes:
            raise InvalidRequest("query has more than %d nodes" % self.limits.max_query_nodes)
        if depth > self.limits.max_query_depth:
            raise InvalidRequest("query nested deeper than %d" % self.limits.max_query_depth)
        if isinstance(query, And):  # Or too
            if not query.terms:
                return "0" if isinstance(query, Or) else "1"
            joiner = " OR " if isinstance(query, Or) else " AND "
            return "(" + joiner.join(self.compile(t, depth + 1) for t in query.terms) + ")"
        if isinstance(query, Not):
            return "(NOT %s)" % self.compile(query.term, depth + 1)
        if isinstance(query, Eq):
            column, kind = self._field(query.field)
            self.params.append(self._value(query.field, kind, query.value))
            return "%s = ?" % column
        if isinstance(query, Range):
            column, kind = self._field(query.field)
            parts = []
            if query.low is not None:
                self.params.append(self._value(query.field, kind, query.low))
                parts.append("%s >= ?" % column)
            if query.high is not None:
                self.params.append(self._value(query.field, kind, query.high))
                parts.append("%s <= ?" % column)
            if not parts:
                return "(%s IS NOT NULL)" % column
            return "(" + " AND ".join(parts) + ")"
        if isinstance(query, Present):
            column, _ = self._field(query.field)
            return "(%s IS NOT NULL)" % column
        if isinstance(query, Substrings):
            column, kind = self._field(query.field)
            if kind != "text":
                raise InvalidRequest("substrings on non-text field %r" % query.field)
            pieces = [query.initial or ""]
            pieces.extend(query.any)
            pieces.append(query.final or "")
            for piece in pieces:
                if not isinstance(piece, str):
                    raise InvalidRequest("substrings need str pieces")
            pattern = "%".join(_like_escape(p) for p in pieces)
            self.params.append(pattern)
            return "(%s LIKE ? ESCAPE '\\')" % column
        raise InvalidRequest("not a query term: %r" % (query,))

    @staticmethod
    def _field(name: str) -> Tuple[str, str]:
        try:
            return ENTRY_FIELDS[name]
        except (KeyError, TypeError):
            raise InvalidRequest("unknown query field %r" % (name,)) from None

    @staticmethod
    def _value(name: str, kind: str, value: Any) -> Any:
        if kind == "int":
            if isinstance(value, bool) or not isinstance(value, int):
                raise InvalidRequest("field %r needs an int, not %r" % (name, value))
            return int(value)
        if kind == "time":
            return _to_us(value, name)
        if not isinstance(value, str):
            raise InvalidRequest("field %r needs a str, not %r" % (name, value))
        return value


def _like_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


# ---------------------------------------------------------------------------
# Conversions and validation


def _to_us(value: Any, what: str) -> int:
    if not isinstance(value, datetime):
        raise InvalidRequest("%s must be a datetime, not %r" % (what, value))
    if value.tzinfo is None or value.utcoffset() is None:
        raise InvalidRequest("%s must be timezone-aware" % what)
    return (value - _EPOCH) // _ONE_US


def _from_us(value: Optional[int]) -> Optional[datetime]:
    if value is None:
        return None
    return _EPOCH + timedelta(microseconds=value)


def _text(value: Any, what: str, limit: int = _MAX_ADDRESS_LENGTH) -> str:
    if not isinstance(value, str) or not value:
        raise InvalidRequest("%s must be a non-empty str, not %r" % (what, value))
    if len(value) > limit:
        raise InvalidRequest("%s longer than %d characters" % (what, limit))
    return value


def _opt_text(value: Any, what: str, limit: int = _MAX_ADDRESS_LENGTH) -> Optional[str]:
    if value is None:
        return None
    return _text(value, what, limit)


def _octets(value: Any, what: str, limit: int) -> bytes:
    if isinstance(value, (bytearray, memoryview)):
        value = bytes(value)
    if not isinstance(value, bytes):
        raise InvalidRequest("%s must be bytes, not %s" % (what, type(value).__name__))
    if len(value) > limit:
        raise MessageTooLarge(what, len(value), limit)
    return value


def _opt_octets(value: Any, what: str, limit: int) -> Optional[bytes]:
    return None if value is None else _octets(value, what, limit)


def _priority(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 2:
        raise InvalidRequest("priority must be 0, 1 or 2, not %r" % (value,))
    return int(value)


def _mode(value: Any) -> DeliveryMode:
    try:
        return DeliveryMode(value)
    except ValueError:
        raise InvalidRequest("delivery mode must be 'ms' or 'p3', not %r" % (value,)) from None


def _quota(value: Any) -> Optional[int]:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise InvalidRequest("quota must be None or an int >= 0, not %r" % (value,))
    return int(value)


def _seq(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or \
            not 0 <= value <= _MAX_SEQUENCE_NUMBER:
        raise InvalidRequest("not a sequence number: %r" % (value,))
    return int(value)


def _item_id(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value < 1 << 63:
        raise InvalidRequest("not an item id: %r" % (value,))
    return int(value)


def _outcomes_json(outcomes: Sequence[RecipientOutcome]) -> str:
    data = []
    for o in outcomes:
        if not isinstance(o, RecipientOutcome):
            raise InvalidRequest("report outcomes must be RecipientOutcome values")
        _text(o.recipient, "outcome recipient")
        for name in ("reason", "diagnostic"):
            code = getattr(o, name)
            if code is not None and (isinstance(code, bool) or not isinstance(code, int)
                                     or not 0 <= code <= 32767):
                raise InvalidRequest("%s code must be 0..32767, not %r" % (name, code))
        if not o.delivered and o.reason is None:
            raise InvalidRequest("a non-delivery outcome needs a reason code")
        item: Dict[str, Any] = {"r": o.recipient, "d": bool(o.delivered)}
        if o.reason is not None:
            item["reason"] = o.reason
        if o.diagnostic is not None:
            item["diag"] = o.diagnostic
        if o.delivery_time is not None:
            item["time"] = _to_us(o.delivery_time, "delivery_time")
        if o.supplementary_information is not None:
            item["info"] = _text(o.supplementary_information, "supplementary information", 256)
        data.append(item)
    return json.dumps(data, separators=(",", ":"))


def _outcomes_from_json(text: Optional[str]) -> Tuple[RecipientOutcome, ...]:
    if not text:
        return ()
    return tuple(RecipientOutcome(recipient=d["r"], delivered=d["d"], reason=d.get("reason"),
                                  diagnostic=d.get("diag"),
                                  delivery_time=_from_us(d.get("time")),
                                  supplementary_information=d.get("info"))
                 for d in json.loads(text))


def _password_octets(password: Union[str, bytes]) -> bytes:
    if isinstance(password, str):
        return password.encode("utf-8")
    if isinstance(password, (bytes, bytearray, memoryview)):
        return bytes(password)
    raise InvalidRequest("password must be str or bytes")


def _is_full(error: sqlite3.Error) -> bool:
    code = getattr(error, "sqlite_errorcode", None)  # Python 3.11+
    if isinstance(code, int):
        return (code & 0xFF) == 13  # SQLITE_FULL
    return "full" in str(error).lower()


# ---------------------------------------------------------------------------
# Schema

_SCHEMA_V1 = """
CREATE TABLE meta (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE users (
    address TEXT PRIMARY KEY,
    password TEXT,
    delivery_mode TEXT NOT NULL CHECK (delivery_mode IN ('ms', 'p3')),
    quota INTEGER CHECK (quota IS NULL OR quota >= 0),
    used INTEGER NOT NULL DEFAULT 0,
    created INTEGER NOT NULL
) WITHOUT ROWID;

-- Kept when a user is removed, so that sequence numbers are never reused.
CREATE TABLE seq_counters (
    mailbox TEXT PRIMARY KEY,
    last_seq INTEGER NOT NULL
) WITHOUT ROWID;

CREATE TABLE messages (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    mts_id TEXT NOT NULL UNIQUE,
    inbound INTEGER NOT NULL,
    originator TEXT NOT NULL,
    submission_time INTEGER NOT NULL,
    content_type TEXT NOT NULL,
    priority INTEGER NOT NULL,
    deferred_time INTEGER,
    subject TEXT,
    client_ref TEXT,
    recipients TEXT NOT NULL,
    envelope BLOB NOT NULL,
    content BLOB NOT NULL
);
CREATE UNIQUE INDEX messages_client_ref ON messages (originator, client_ref)
    WHERE client_ref IS NOT NULL AND inbound = 0;
CREATE INDEX messages_time ON messages (submission_time);

-- One row per item ever delivered to a user: the idempotency key.
CREATE TABLE receipts (
    recipient TEXT NOT NULL,
    mts_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    created INTEGER NOT NULL,
    PRIMARY KEY (recipient, mts_id, kind)
) WITHOUT ROWID;

-- P3 delivery queues (state 1) and deferred items of every user (state 0).
CREATE TABLE queue (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    recipient TEXT NOT NULL,
    state INTEGER NOT NULL,
    deliver_after INTEGER,
    created INTEGER NOT NULL,
    kind TEXT NOT NULL,
    mts_id TEXT NOT NULL,
    subject_mts_id TEXT,
    originator TEXT,
    content_type TEXT,
    priority INTEGER,
    subject TEXT,
    submission_time INTEGER,
    outcomes TEXT,
    content_length INTEGER NOT NULL,
    size INTEGER NOT NULL,
    message_id INTEGER,
    envelope BLOB,
    content BLOB
);
CREATE INDEX queue_ready ON queue (recipient, state, id);
CREATE INDEX queue_due ON queue (deliver_after) WHERE state = 0;

CREATE TABLE entries (
    id INTEGER PRIMARY KEY,
    mailbox TEXT NOT NULL,
    seq INTEGER NOT NULL,
    parent_seq INTEGER,
    entry_type INTEGER NOT NULL,
    status INTEGER NOT NULL,
    mts_id TEXT,
    subject_mts_id TEXT,
    originator TEXT,
    content_type TEXT,
    priority INTEGER,
    subject TEXT,
    content_length INTEGER NOT NULL,
    creation_time INTEGER NOT NULL,
    submission_time INTEGER,
    outcomes TEXT,
    size INTEGER NOT NULL,
    message_id INTEGER,
    envelope BLOB,
    content BLOB,
    UNIQUE (mailbox, seq)
);
CREATE INDEX entries_time ON entries (mailbox, creation_time);
CREATE INDEX entries_status ON entries (mailbox, status);
CREATE INDEX entries_type ON entries (mailbox, entry_type);
CREATE INDEX entries_mts ON entries (mailbox, mts_id);
CREATE INDEX entries_parent ON entries (mailbox, parent_seq) WHERE parent_seq IS NOT NULL;
"""

# _MIGRATIONS[v] upgrades a store of schema version v to v + 1, inside the
# opening transaction.  Version 1 is the first; later versions add here.
_MIGRATIONS: Dict[int, Callable[[sqlite3.Connection], None]] = {}


# ---------------------------------------------------------------------------
# Internal item representation


class _Item:
    """A validated item on its way into the queue or a mailbox (times are
    microseconds since the epoch, as stored)."""

    __slots__ = ("recipient", "kind", "mts_id", "subject_mts_id", "originator",
                 "content_type", "priority", "subject", "submission_time", "outcomes",
                 "envelope", "content", "share_content", "content_length", "size",
                 "deliver_after", "message_id")

    recipient: str
    kind: ItemKind
    mts_id: str
    subject_mts_id: Optional[str]
    originator: Optional[str]
    content_type: Optional[str]
    priority: Optional[int]
    subject: Optional[str]
    submission_time: Optional[int]
    outcomes: Optional[str]
    envelope: Optional[bytes]
    content: Optional[bytes]
    share_content: bool
    content_length: int
    size: int
    deliver_after: Optional[int]
    message_id: Optional[int]

    def __init__(self, **values: Any) -> None:
        self.message_id = None
        self.share_content = False
        for key, value in values.items():
            setattr(self, key, value)


_QUEUE_COLUMNS = ("q.id, q.recipient, q.kind, q.mts_id, q.subject_mts_id, q.originator, "
                  "q.content_type, q.priority, q.subject, q.submission_time, q.created, "
                  "q.deliver_after, q.outcomes, q.envelope, COALESCE(q.content, m.content)")

_ENTRY_COLUMNS = ("e.seq, e.parent_seq, "
                  "(SELECT group_concat(c.seq) FROM entries c WHERE c.mailbox = e.mailbox "
                  "AND c.parent_seq = e.seq), "
                  "e.entry_type, e.status, e.creation_time, e.mts_id, e.subject_mts_id, "
                  "e.originator, e.content_type, e.priority, e.subject, e.content_length, "
                  "e.submission_time, e.outcomes")
_ENTRY_BYTES = ", e.envelope, COALESCE(e.content, m.content)"
_ENTRY_JOIN = " LEFT JOIN messages m ON m.id = e.message_id"


def _queue_item(row: Sequence[Any]) -> QueueItem:
    return QueueItem(item_id=row[0], recipient=row[1], kind=ItemKind(row[2]), mts_id=row[3],
                     subject_mts_id=row[4], originator=row[5], content_type=row[6],
                     priority=row[7], subject=row[8], submission_time=_from_us(row[9]),
                     created=_from_us(row[10]), deliver_after=_from_us(row[11]),  # type: ignore[arg-type]
                     outcomes=_outcomes_from_json(row[12]), envelope=row[13], content=row[14])


def _entry(row: Sequence[Any]) -> Entry:
    children = tuple(sorted(int(s) for s in row[2].split(","))) if row[2] else ()
    return Entry(sequence_number=row[0], parent=row[1], children=children,
                 entry_type=EntryType(row[3]), status=EntryStatus(row[4]),
                 creation_time=_from_us(row[5]), mts_id=row[6],  # type: ignore[arg-type]
                 subject_mts_id=row[7], originator=row[8], content_type=row[9],
                 priority=row[10], subject=row[11], content_length=row[12],
                 submission_time=_from_us(row[13]), outcomes=_outcomes_from_json(row[14]),
                 envelope=row[15] if len(row) > 15 else None,
                 content=row[16] if len(row) > 16 else None)


# ---------------------------------------------------------------------------
# Group-commit writer


class _Request:
    __slots__ = ("fn", "args", "future", "size")

    def __init__(self, fn: Callable[..., Any], args: Tuple[Any, ...], size: int) -> None:
        self.fn = fn
        self.args = args
        self.size = size
        self.future: "concurrent.futures.Future[Any]" = concurrent.futures.Future()


class _Writer:
    """The single writer thread and its request queue.

    Why one thread: SQLite allows one writer at a time anyway, and a
    single owner of the write connection can put every pending request
    into one transaction, paying one fsync for all of them.  Requests
    queue while a commit is being synced, so batches grow by themselves
    under load and no artificial delay is needed when idle.
    """

    def __init__(self, conn: sqlite3.Connection, reopen: Callable[[], sqlite3.Connection],
                 limits: StoreLimits) -> None:
        self._conn: Optional[sqlite3.Connection] = conn
        self._reopen = reopen
        self._limits = limits
        self._pending: Deque[_Request] = collections.deque()
        self._cond = threading.Condition()
        self._stopping = False
        self.requests = 0
        self.batches = 0
        self.commits = 0
        self.failed_commits = 0
        self.largest_batch = 0
        self._thread = threading.Thread(target=self._run, name="x400fast-store-writer",
                                        daemon=True)
        self._thread.start()

    # -- client side -----------------------------------------------------------

    def enqueue(self, fn: Callable[..., T], args: Tuple[Any, ...],
                size: int = 0) -> "concurrent.futures.Future[T]":
        request = _Request(fn, args, size)
        with self._cond:
            if self._stopping:
                raise StoreClosed("the store is closed")
            self._pending.append(request)
            self._cond.notify()
        return request.future

    def queued(self) -> int:
        with self._cond:
            return len(self._pending)

    def stop(self) -> None:
        """Finish every queued request, then end the thread."""
        with self._cond:
            self._stopping = True
            self._cond.notify()
        self._thread.join()

    # -- writer thread ------------------------------------------------------------

    def _take_batch(self) -> List[_Request]:
        with self._cond:
            while not self._pending and not self._stopping:
                self._cond.wait()
            batch: List[_Request] = []
            size = 0
            while self._pending and len(batch) < self._limits.max_batch_requests:
                nxt = self._pending[0]
                if batch and size + nxt.size > self._limits.max_batch_bytes:
                    break
                batch.append(self._pending.popleft())
                size += nxt.size
            return batch

    def _run(self) -> None:
        while True:
            batch = self._take_batch()
            if not batch:
                break  # stopping and drained
            try:
                self._execute(batch)
            except BaseException as exc:  # pragma: no cover - last-resort safety net
                for request in batch:
                    if not request.future.done():
                        request.future.set_exception(
                            CommitFailed("internal error in the store writer: %r" % (exc,)))
        conn, self._conn = self._conn, None
        if conn is not None:
            conn.close()

    def _execute(self, batch: List[_Request]) -> None:
        self.batches += 1
        self.requests += len(batch)
        self.largest_batch = max(self.largest_batch, len(batch))
        # (request, succeeded, result or the request's own refusal)
        outcomes: List[Tuple[_Request, bool, Any]] = []
        try:
            conn = self._connection()
            conn.execute("BEGIN IMMEDIATE")
        except (sqlite3.Error, StoreError) as exc:  # busy, or cannot reopen
            self._fail(batch, exc, at_commit=False, outcomes=outcomes)
            return
        for request in batch:
            try:
                conn.execute("SAVEPOINT request")
                result = request.fn(conn, *request.args)
                conn.execute("RELEASE request")
            except sqlite3.Error as exc:
                if isinstance(exc, sqlite3.IntegrityError) and self._rollback_request(conn):
                    outcomes.append((request, False,
                                     StoreError("constraint violated: %s" % exc)))
                    continue
                # Disk full, I/O error, ...: the whole transaction is suspect.
                self._fail(batch, exc, at_commit=False, outcomes=outcomes)
                return
            except Exception as exc:  # a refusal (StoreError) or a bug in an op
                if not self._rollback_request(conn):
                    self._fail(batch, exc, at_commit=False, outcomes=outcomes)
                    return
                outcomes.append((request, False, exc))
            else:
                outcomes.append((request, True, result))
        try:
            conn.execute("COMMIT")
        except sqlite3.Error as exc:
            self._fail(batch, exc, at_commit=True, outcomes=outcomes)
            return
        self.commits += 1
        for request, ok, value in outcomes:
            if ok:
                request.future.set_result(value)
            else:
                request.future.set_exception(value)

    @staticmethod
    def _rollback_request(conn: sqlite3.Connection) -> bool:
        """Undo one request inside the batch; false when the transaction
        itself is gone (SQLite rolled it back on its own)."""
        try:
            conn.execute("ROLLBACK TO request")
            conn.execute("RELEASE request")
            return conn.in_transaction
        except sqlite3.Error:
            return False

    def _connection(self) -> sqlite3.Connection:
        if self._conn is None:
            self._conn = self._reopen()
        return self._conn

    def _fail(self, batch: List[_Request], exc: BaseException, at_commit: bool,
              outcomes: Sequence[Tuple[_Request, bool, Any]]) -> None:
        """Roll the batch back and fail every request in it.

        A request already refused on its own merits keeps that answer (it
        would have been refused anyway); every other one gets its own
        :class:`CommitFailed` -- in doubt only when COMMIT itself failed
        with an I/O error, the one case where the frames may have reached
        the disk."""
        self.failed_commits += 1
        full = isinstance(exc, sqlite3.Error) and _is_full(exc)
        conn = self._conn
        if conn is not None:
            try:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
            except sqlite3.Error:
                pass
            if not full:
                # After an I/O error the connection's state is not trusted:
                # start the next batch on a fresh one.
                try:
                    conn.close()
                except sqlite3.Error:  # pragma: no cover
                    pass
                self._conn = None
        refusals = {id(r): v for r, ok, v in outcomes if not ok}
        reason = str(exc) or type(exc).__name__
        in_doubt = at_commit and not full
        for request in batch:
            if id(request) in refusals:
                request.future.set_exception(refusals[id(request)])
            elif full:
                request.future.set_exception(StoreFull(reason))
            else:
                request.future.set_exception(CommitFailed(reason, in_doubt=in_doubt))


# ---------------------------------------------------------------------------
# Password hashing


class _Hasher:
    """scrypt password hashes, stored as ``scrypt$n$r$p$salt$hash`` (hex).

    Parameters are kept per hash so that raising the cost later does not
    lock out existing users.  Unknown users and users without a password
    cost one hash computation too, and every comparison goes through
    :func:`hmac.compare_digest`, so a bind cannot tell them apart by result
    or by time.
    """

    def __init__(self, n: int, r: int, p: int) -> None:
        if n < 2 or n & (n - 1) or r < 1 or p < 1:
            raise InvalidRequest("scrypt needs n a power of two > 1, r >= 1, p >= 1")
        self.n, self.r, self.p = n, r, p
        self._dummy_salt = secrets.token_bytes(16)
        self._dummy_hash = secrets.token_bytes(32)

    def _derive(self, password: bytes, salt: bytes, n: int, r: int, p: int) -> bytes:
        return hashlib.scrypt(password, salt=salt, n=n, r=r, p=p, dklen=32,
                              maxmem=256 * n * r * p + (1 << 20))

    def hash(self, password: Union[str, bytes]) -> str:
        octets = _password_octets(password)
        if len(octets) > _MAX_PASSWORD_OCTETS:
            raise InvalidRequest("password longer than %d octets" % _MAX_PASSWORD_OCTETS)
        salt = secrets.token_bytes(16)
        digest = self._derive(octets, salt, self.n, self.r, self.p)
        return "scrypt$%d$%d$%d$%s$%s" % (self.n, self.r, self.p, salt.hex(), digest.hex())

    def verify(self, stored: Optional[str], password: Union[str, bytes]) -> bool:
        try:
            octets = _password_octets(password)
        except InvalidRequest:
            octets = b""
            stored = None
        if len(octets) > _MAX_PASSWORD_OCTETS:
            octets, stored = octets[:_MAX_PASSWORD_OCTETS], None
        parsed = None
        if stored is not None:
            try:
                scheme, n, r, p, salt, digest = stored.split("$")
                if scheme == "scrypt":
                    parsed = (int(n), int(r), int(p), bytes.fromhex(salt), bytes.fromhex(digest))
            except ValueError:
                parsed = None
        if parsed is None:
            # Same work as a real check, then a comparison that fails.
            computed = self._derive(octets, self._dummy_salt, self.n, self.r, self.p)
            hmac.compare_digest(computed, self._dummy_hash)
            return False
        n_, r_, p_, salt_, expected = parsed
        computed = self._derive(octets, salt_, n_, r_, p_)
        return hmac.compare_digest(computed, expected)


# ---------------------------------------------------------------------------
# The store


class _ReadPool:
    """Read connections, created on demand and reused (WAL readers never
    block the writer, nor it them)."""

    def __init__(self, opener: Callable[[], sqlite3.Connection], keep: int = 8) -> None:
        self._opener = opener
        self._keep = keep
        self._idle: List[sqlite3.Connection] = []
        self._lock = threading.Lock()
        self._closed = False

    def acquire(self) -> sqlite3.Connection:
        with self._lock:
            if self._closed:
                raise StoreClosed("the store is closed")
            if self._idle:
                return self._idle.pop()
        return self._opener()

    def release(self, conn: sqlite3.Connection) -> None:
        if conn.in_transaction:
            try:
                conn.execute("ROLLBACK")
            except sqlite3.Error:
                conn.close()
                return
        with self._lock:
            if not self._closed and len(self._idle) < self._keep:
                self._idle.append(conn)
                return
        conn.close()

    def close(self) -> None:
        with self._lock:
            self._closed = True
            idle, self._idle = self._idle, []
        for conn in idle:
            conn.close()


class Store:
    """The durable store of the reference server.  Thread-safe.

    :param path: the SQLite file (created if missing).  It must be on a
        local file system: WAL mode needs shared memory between the
        connections.
    :param limits: resource limits (:class:`StoreLimits`).
    :param clock: returns the current time as an aware datetime; injected
        by tests of deferred delivery.
    :param integrity: ``"full"`` (``PRAGMA integrity_check``, default),
        ``"quick"`` (``quick_check``) or ``"none"``: the check run at open.
    :param scrypt_n: scrypt cost for new password hashes (``r`` and ``p``
        follow); 2**14 costs about 0.15 s here.  Tests use less.
    :param busy_timeout: seconds a connection waits for a lock held by
        another process before the request fails.
    :param max_size: cap on the database size in octets (``PRAGMA
        max_page_count``); beyond it writes fail with
        :class:`~x400fast.errors.StoreFull`.  ``None``: only the disk
        limits it.

    Raises :class:`~x400fast.errors.StoreCorrupted` for a damaged file and
    :class:`~x400fast.errors.IncompatibleStore` for a file that is not an
    x400fast store of a known schema version.  Use as a context manager,
    or call :meth:`close`.
    """

    def __init__(self, path: Union[str, "os.PathLike[str]"], *,
                 limits: Optional[StoreLimits] = None,
                 clock: Optional[Callable[[], datetime]] = None,
                 integrity: str = "full", scrypt_n: int = 2 ** 14, scrypt_r: int = 8,
                 scrypt_p: int = 1, busy_timeout: float = 5.0,
                 max_size: Optional[int] = None) -> None:
        self.path = os.fspath(path)
        if self.path == ":memory:" or self.path.startswith("file:"):
            raise InvalidRequest("the store needs a file path")
        if integrity not in ("full", "quick", "none"):
            raise InvalidRequest("integrity must be 'full', 'quick' or 'none'")
        if max_size is not None and (not isinstance(max_size, int) or max_size < 65536):
            raise InvalidRequest("max_size must be None or at least 65536 octets")
        self.limits = limits or StoreLimits()
        self._clock = clock or (lambda: datetime.now(_UTC))
        self._busy_timeout = float(busy_timeout)
        self._max_size = max_size
        self._hasher = _Hasher(scrypt_n, scrypt_r, scrypt_p)
        self._id_lock = threading.Lock()
        self._id_counter = 0
        self._closed = False
        self._close_lock = threading.Lock()

        conn = self._open_connection(check=True)
        try:
            self._check_integrity(conn, integrity)
            self._store_id, self._epoch = self._prepare(conn)
        except sqlite3.OperationalError as exc:
            conn.close()
            raise StoreError("cannot open store %s: %s" % (self.path, exc)) from exc
        except sqlite3.DatabaseError as exc:
            conn.close()
            raise StoreCorrupted(self.path, [str(exc)]) from exc
        except BaseException:
            conn.close()
            raise
        self._reads = _ReadPool(lambda: self._open_connection(check=False))
        self._writer = _Writer(conn, lambda: self._open_connection(check=False), self.limits)

    # -- opening ---------------------------------------------------------------------

    def _open_connection(self, check: bool) -> sqlite3.Connection:
        try:
            conn = sqlite3.connect(self.path, timeout=self._busy_timeout, isolation_level=None,
                                   check_same_thread=False)
        except sqlite3.Error as exc:
            raise StoreError("cannot open store %s: %s" % (self.path, exc)) from exc
        try:
            mode = conn.execute("PRAGMA journal_mode=WAL").fetchone()[0]
            if str(mode).lower() != "wal":
                raise StoreError("store %s: cannot use WAL journal mode (got %r)"
                                 % (self.path, mode))
            for pragma in ("synchronous=FULL", "fullfsync=ON", "checkpoint_fullfsync=ON",
                           "foreign_keys=OFF", "trusted_schema=OFF", "cell_size_check=ON"):
                conn.execute("PRAGMA " + pragma)
            if self._max_size is not None:
                page = conn.execute("PRAGMA page_size").fetchone()[0]
                conn.execute("PRAGMA max_page_count=%d" % max(1, self._max_size // page))
        except sqlite3.DatabaseError as exc:
            conn.close()
            if not check:
                raise StoreError("cannot open store %s: %s" % (self.path, exc)) from exc
            if isinstance(exc, sqlite3.OperationalError):
                raise StoreError("cannot open store %s: %s" % (self.path, exc)) from exc
            raise StoreCorrupted(self.path, [str(exc)]) from exc
        except BaseException:
            conn.close()
            raise
        return conn

    def _check_integrity(self, conn: sqlite3.Connection, how: str) -> None:
        if how == "none":
            return
        pragma = "integrity_check" if how == "full" else "quick_check"
        rows = conn.execute("PRAGMA %s(20)" % pragma).fetchall()
        problems = [str(r[0]) for r in rows]
        if problems != ["ok"]:
            raise StoreCorrupted(self.path, problems)

    def _prepare(self, conn: sqlite3.Connection) -> Tuple[str, int]:
        """Create or migrate the schema and count this opening, committed
        before anything is served: identifiers depend on the count."""
        conn.execute("BEGIN IMMEDIATE")
        try:
            app_id = conn.execute("PRAGMA application_id").fetchone()[0]
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            objects = conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
            if objects == 0 and version == 0 and app_id == 0:
                for statement in _split_sql(_SCHEMA_V1):
                    conn.execute(statement)
                conn.execute("PRAGMA application_id=%d" % _APPLICATION_ID)
                conn.execute("PRAGMA user_version=%d" % SCHEMA_VERSION)
                conn.execute("INSERT INTO meta (key, value) VALUES ('store_id', ?)",
                             (secrets.token_hex(4),))
                conn.execute("INSERT INTO meta (key, value) VALUES ('epoch', '0')")
                version = SCHEMA_VERSION
            elif app_id != _APPLICATION_ID:
                raise IncompatibleStore("%s is not an x400fast store" % self.path)
            if version > SCHEMA_VERSION:
                raise IncompatibleStore(
                    "store %s has schema version %d; this x400fast knows up to %d"
                    % (self.path, version, SCHEMA_VERSION))
            while version < SCHEMA_VERSION:
                migrate = _MIGRATIONS.get(version)
                if migrate is None:
                    raise IncompatibleStore("store %s has unknown schema version %d"
                                            % (self.path, version))
                migrate(conn)
                version += 1
                conn.execute("PRAGMA user_version=%d" % version)
            store_id = conn.execute("SELECT value FROM meta WHERE key = 'store_id'").fetchone()
            epoch_row = conn.execute("SELECT value FROM meta WHERE key = 'epoch'").fetchone()
            if store_id is None or epoch_row is None:
                raise StoreCorrupted(self.path, ["store metadata missing"])
            epoch = int(epoch_row[0]) + 1
            conn.execute("UPDATE meta SET value = ? WHERE key = 'epoch'", (str(epoch),))
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        return str(store_id[0]), epoch

    # -- lifecycle ---------------------------------------------------------------------

    def close(self) -> None:
        """Complete every queued write, then close all connections.
        Further calls raise :class:`~x400fast.errors.StoreClosed`."""
        with self._close_lock:
            if self._closed:
                return
            self._closed = True
        self._writer.stop()
        self._reads.close()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def closed(self) -> bool:
        return self._closed

    @property
    def aio(self) -> "AsyncStore":
        """An asyncio view of this store (:class:`AsyncStore`)."""
        return AsyncStore(self)

    def stats(self) -> StoreStats:
        """Counters of the group-commit writer."""
        w = self._writer
        return StoreStats(requests=w.requests, batches=w.batches, commits=w.commits,
                          failed_commits=w.failed_commits, largest_batch=w.largest_batch,
                          queued=w.queued())

    def integrity_check(self) -> List[str]:
        """Run ``PRAGMA integrity_check`` now; ``["ok"]`` when healthy."""
        return [str(r[0]) for r in self._read(
            lambda c: c.execute("PRAGMA integrity_check").fetchall())]

    # -- plumbing ------------------------------------------------------------------------

    def _now(self) -> datetime:
        now = self._clock()
        if now.tzinfo is None:
            raise InvalidRequest("the store clock must return aware datetimes")
        return now.astimezone(_UTC).replace(microsecond=0)

    def _now_us(self) -> int:
        return _to_us(self._now(), "clock")

    def _read(self, fn: Callable[[sqlite3.Connection], T]) -> T:
        if self._closed:
            raise StoreClosed("the store is closed")
        conn = self._reads.acquire()
        try:
            conn.execute("BEGIN")
            try:
                return fn(conn)
            finally:
                if conn.in_transaction:
                    conn.execute("COMMIT")
        except sqlite3.DatabaseError as exc:
            raise StoreError("read failed: %s" % exc) from exc
        finally:
            self._reads.release(conn)

    def _write(self, fn: Callable[..., T], *args: Any,
               size: int = 0) -> "concurrent.futures.Future[T]":
        if self._closed:
            raise StoreClosed("the store is closed")
        return self._writer.enqueue(fn, args, size)

    def _allocate_id(self) -> str:
        with self._id_lock:
            self._id_counter += 1
            n = self._id_counter
        if n >= 1 << 48:  # pragma: no cover - 2.8e14 identifiers in one session
            raise StoreError("identifier space of this session exhausted; reopen the store")
        return "%s-%x-%x" % (self._store_id, self._epoch, n)

    # -- users ------------------------------------------------------------------------------

    def add_user(self, address: str, password: Optional[Union[str, bytes]] = None, *,
                 delivery_mode: Union[DeliveryMode, str] = DeliveryMode.MS,
                 quota: Optional[int] = None) -> User:
        """Add a user.  Raises :class:`~x400fast.errors.UserExists`.

        :param address: the canonical O/R address string.
        :param password: the bind password (str or octets), or ``None``
            for a user who cannot bind.
        :param delivery_mode: ``"ms"`` or ``"p3"``.
        :param quota: octets the user may hold, or ``None`` for no limit.
        """
        address = _text(address, "address")
        mode = _mode(delivery_mode)
        quota = _quota(quota)
        hashed = None if password is None else self._hasher.hash(password)
        return self._write(self._w_add_user, address, hashed, mode, quota).result()

    def _w_add_user(self, conn: sqlite3.Connection, address: str, hashed: Optional[str],
                    mode: DeliveryMode, quota: Optional[int]) -> User:
        now = self._now_us()
        try:
            conn.execute("INSERT INTO users (address, password, delivery_mode, quota, used, "
                         "created) VALUES (?, ?, ?, ?, 0, ?)",
                         (address, hashed, mode.value, quota, now))
        except sqlite3.IntegrityError:
            raise UserExists(address) from None
        conn.execute("INSERT OR IGNORE INTO seq_counters (mailbox, last_seq) VALUES (?, 0)",
                     (address,))
        return User(address, mode, quota, 0, hashed is not None, _from_us(now))  # type: ignore[arg-type]

    def remove_user(self, address: str) -> None:
        """Remove a user with their mailbox, queue, deferred items and
        receipts.  Their sequence-number counter is kept, so a user added
        again under the same address never sees an old number reused.
        Raises :class:`~x400fast.errors.UnknownUser`."""
        self._write(self._w_remove_user, _text(address, "address")).result()

    def _w_remove_user(self, conn: sqlite3.Connection, address: str) -> None:
        if conn.execute("DELETE FROM users WHERE address = ?", (address,)).rowcount == 0:
            raise UnknownUser([address])
        conn.execute("DELETE FROM entries WHERE mailbox = ?", (address,))
        conn.execute("DELETE FROM queue WHERE recipient = ?", (address,))
        conn.execute("DELETE FROM receipts WHERE recipient = ?", (address,))

    def set_password(self, address: str, password: Optional[Union[str, bytes]]) -> None:
        """Set (or with ``None`` clear) a user's password."""
        address = _text(address, "address")
        hashed = None if password is None else self._hasher.hash(password)
        self._write(self._w_update_user, address, "password", hashed).result()

    def set_delivery_mode(self, address: str, mode: Union[DeliveryMode, str]) -> None:
        """Change where a user's future items go.  Items already in the P3
        queue stay there; deferred items follow the mode in force when
        they are released."""
        self._write(self._w_update_user, _text(address, "address"), "delivery_mode",
                    _mode(mode).value).result()

    def set_quota(self, address: str, quota: Optional[int]) -> None:
        """Change a user's quota (``None``: no limit).  Items already held
        stay even when they exceed the new quota."""
        self._write(self._w_update_user, _text(address, "address"), "quota",
                    _quota(quota)).result()

    def _w_update_user(self, conn: sqlite3.Connection, address: str, column: str,
                       value: Any) -> None:
        assert column in ("password", "delivery_mode", "quota")
        if conn.execute("UPDATE users SET %s = ? WHERE address = ?" % column,
                        (value, address)).rowcount == 0:
            raise UnknownUser([address])

    def get_user(self, address: str) -> Optional[User]:
        """The user with this address, or ``None``."""
        address = _text(address, "address")
        row = self._read(lambda c: c.execute(
            "SELECT address, delivery_mode, quota, used, password IS NOT NULL, created "
            "FROM users WHERE address = ?", (address,)).fetchone())
        return None if row is None else self._user(row)

    def list_users(self) -> List[User]:
        """Every user, ordered by address."""
        rows = self._read(lambda c: c.execute(
            "SELECT address, delivery_mode, quota, used, password IS NOT NULL, created "
            "FROM users ORDER BY address").fetchall())
        return [self._user(r) for r in rows]

    @staticmethod
    def _user(row: Sequence[Any]) -> User:
        return User(address=row[0], delivery_mode=DeliveryMode(row[1]), quota=row[2],
                    used=row[3], has_password=bool(row[4]), created=_from_us(row[5]))  # type: ignore[arg-type]

    def check_password(self, address: str, password: Union[str, bytes]) -> bool:
        """Whether ``password`` is the user's password.

        An unknown address, a user without a password and a wrong password
        all return ``False`` after the same amount of hashing work, so a
        bind answer reveals nothing about which users exist.  (Throttling
        failed binds is the protocol layer's job.)
        """
        stored: Optional[str] = None
        if isinstance(address, str) and 0 < len(address) <= _MAX_ADDRESS_LENGTH:
            row = self._read(lambda c: c.execute(
                "SELECT password FROM users WHERE address = ?", (address,)).fetchone())
            stored = None if row is None else row[0]
        return self._hasher.verify(stored, password)

    # -- submission ---------------------------------------------------------------------------

    def new_ticket(self) -> Ticket:
        """Reserve an MTS identifier and submission time.

        No write is needed: identifiers are unique by construction (see the
        module docs), and one that is never used simply leaves a gap.
        """
        if self._closed:
            raise StoreClosed("the store is closed")
        return Ticket(self._allocate_id(), self._now())

    def submit(self, message: Message, plan: Plan = Plan(), *,
               ticket: Optional[Ticket] = None) -> SubmitResult:
        """Store a submitted message and everything it causes, atomically.

        Blocks until the group commit that holds the request is on disk;
        returns the MTS identifier and submission time only then.

        :param message: the message.
        :param plan: its deliveries to local users and its reports (for
            example non-delivery reports to the originator for unknown
            recipients), computed by the caller.
        :param ticket: a reserved identifier (:meth:`new_ticket`) when the
            plan already carries it; otherwise one is reserved here.
        :raises UnknownUser: the originator or a plan recipient is not a
            user (nothing stored).
        :raises QuotaExceeded: a recipient's quota would be exceeded
            (nothing stored; the error names them).
        :raises MessageTooLarge, TooManyRecipients: over a limit.
        :raises CommitFailed: the batch could not be committed.
        """
        return self.submit_future(message, plan, ticket=ticket).result()

    def submit_future(self, message: Message, plan: Plan = Plan(), *,
                      ticket: Optional[Ticket] = None
                      ) -> "concurrent.futures.Future[SubmitResult]":
        """:meth:`submit` without blocking: the future completes after the
        commit.  Validation errors are raised here, directly."""
        prepared = self._prepare_message(message)
        if ticket is None:
            ticket = self.new_ticket()
        elif not isinstance(ticket, Ticket):
            raise InvalidRequest("ticket must come from Store.new_ticket()")
        items = self._prepare_plan(plan, prepared, ticket.mts_id, ticket.submission_time)
        size = len(message.content) + len(message.envelope) + sum(i.size for i in items)
        return self._write(self._w_submit, prepared, ticket, items, size=size)

    def _prepare_message(self, message: Message) -> Message:
        if not isinstance(message, Message):
            raise InvalidRequest("message must be a Message")
        lim = self.limits
        recipients = tuple(message.recipients)
        if len(recipients) > lim.max_recipients:
            raise TooManyRecipients(len(recipients), lim.max_recipients)
        for r in recipients:
            _text(r, "recipient")
        if message.deferred_delivery_time is not None:
            _to_us(message.deferred_delivery_time, "deferred_delivery_time")
        return Message(
            originator=_text(message.originator, "originator"),
            content_type=_text(message.content_type, "content_type"),
            content=_octets(message.content, "content", lim.max_content_size),
            envelope=_octets(message.envelope, "envelope", lim.max_envelope_size),
            priority=_priority(message.priority),
            recipients=recipients,
            subject=None if message.subject is None else _text(
                message.subject, "subject", lim.max_envelope_size),
            deferred_delivery_time=message.deferred_delivery_time,
            client_reference=_opt_text(message.client_reference, "client_reference",
                                       _MAX_ID_LENGTH))

    def _prepare_plan(self, plan: Plan, message: Optional[Message], mts_id: Optional[str],
                      submission_time: Optional[datetime],
                      inbound: bool = False) -> List[_Item]:
        if not isinstance(plan, Plan):
            raise InvalidRequest("plan must be a Plan")
        lim = self.limits
        deliveries = tuple(plan.deliveries)
        reports = tuple(plan.reports)
        if len(deliveries) > lim.max_recipients:
            raise TooManyRecipients(len(deliveries), lim.max_recipients)
        if len(reports) > lim.max_recipients:
            raise TooManyRecipients(len(reports), lim.max_recipients)
        sub_us = None if submission_time is None else _to_us(submission_time, "submission_time")
        items: List[_Item] = []
        for d in deliveries:
            if not isinstance(d, MessageDelivery):
                raise InvalidRequest("plan deliveries must be MessageDelivery values")
            if message is None or mts_id is None:
                raise InvalidRequest("message deliveries need the message and its MTS id")
            envelope = _opt_octets(d.envelope, "delivery envelope", lim.max_envelope_size)
            content = _opt_octets(d.content, "content", lim.max_content_size)
            share = content is None or content == message.content
            length = len(message.content) if share else len(content)  # type: ignore[arg-type]
            after = d.deliver_after if d.deliver_after is not None \
                else message.deferred_delivery_time
            items.append(_Item(
                recipient=_text(d.recipient, "recipient"), kind=ItemKind.MESSAGE,
                mts_id=mts_id, subject_mts_id=None, originator=message.originator,
                content_type=message.content_type, priority=message.priority,
                subject=message.subject, submission_time=sub_us, outcomes=None,
                envelope=envelope, content=None if share else content, share_content=share,
                content_length=length, size=length + len(envelope or b""),
                deliver_after=None if after is None else _to_us(after, "deliver_after")))
        for rep in reports:
            if not isinstance(rep, ReportDelivery):
                raise InvalidRequest("plan reports must be ReportDelivery values")
            outcomes = tuple(rep.outcomes)
            if not outcomes:
                raise InvalidRequest("a report needs at least one outcome")
            if len(outcomes) > lim.max_recipients:
                raise TooManyRecipients(len(outcomes), lim.max_recipients)
            if inbound and (rep.report_id is None or rep.subject_mts_id is None):
                raise InvalidRequest("an inbound report needs report_id and subject_mts_id "
                                     "(the idempotency key)")
            subject_id = rep.subject_mts_id if rep.subject_mts_id is not None else mts_id
            if subject_id is None:
                raise InvalidRequest("a report needs its subject MTS identifier")
            body = _opt_octets(rep.report, "report", lim.max_envelope_size)
            returned = _opt_octets(rep.returned_content, "returned content",
                                   lim.max_content_size)
            share = (returned is not None and message is not None
                     and subject_id == mts_id and returned == message.content)
            content_type = rep.content_type if rep.content_type is not None else (
                message.content_type if message is not None and subject_id == mts_id else None)
            rlen = len(returned) if returned is not None else 0
            items.append(_Item(
                recipient=_text(rep.recipient, "report recipient"), kind=ItemKind.REPORT,
                mts_id=_text(rep.report_id, "report_id", _MAX_ID_LENGTH)
                if rep.report_id is not None else self._allocate_id(),
                subject_mts_id=_text(subject_id, "subject_mts_id", _MAX_ID_LENGTH),
                originator=None, content_type=_opt_text(content_type, "content_type"),
                priority=None, subject=None, submission_time=None,
                outcomes=_outcomes_json(outcomes), envelope=body,
                content=None if share else returned, share_content=share,
                content_length=rlen, size=rlen + len(body or b""),
                deliver_after=None if rep.deliver_after is None
                else _to_us(rep.deliver_after, "deliver_after")))
        return items

    def _w_submit(self, conn: sqlite3.Connection, message: Message, ticket: Ticket,
                  items: List[_Item]) -> SubmitResult:
        if message.client_reference is not None:
            row = conn.execute(
                "SELECT mts_id, submission_time FROM messages WHERE originator = ? AND "
                "client_ref = ? AND inbound = 0",
                (message.originator, message.client_reference)).fetchone()
            if row is not None:
                return SubmitResult(row[0], _from_us(row[1]), (), duplicate=True)  # type: ignore[arg-type]
        if conn.execute("SELECT 1 FROM users WHERE address = ?",
                        (message.originator,)).fetchone() is None:
            raise UnknownUser([message.originator])
        try:
            message_id = self._insert_message(conn, message, ticket.mts_id,
                                              ticket.submission_time, inbound=False)
        except sqlite3.IntegrityError:
            raise InvalidRequest("MTS identifier %s was already used; reserve a new ticket"
                                 % ticket.mts_id) from None
        placements = self._place_items(conn, items, message_id)
        return SubmitResult(ticket.mts_id, ticket.submission_time, tuple(placements))

    @staticmethod
    def _insert_message(conn: sqlite3.Connection, message: Message, mts_id: str,
                        submission_time: datetime, inbound: bool) -> int:
        cur = conn.execute(
            "INSERT INTO messages (mts_id, inbound, originator, submission_time, content_type, "
            "priority, deferred_time, subject, client_ref, recipients, envelope, content) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (mts_id, int(inbound), message.originator,
             _to_us(submission_time, "submission_time"), message.content_type,
             message.priority,
             None if message.deferred_delivery_time is None
             else _to_us(message.deferred_delivery_time, "deferred_delivery_time"),
             message.subject, None if inbound else message.client_reference,
             json.dumps(list(message.recipients)), message.envelope, message.content))
        return int(cur.lastrowid)  # type: ignore[arg-type]

    def _place_items(self, conn: sqlite3.Connection, items: List[_Item],
                     message_id: Optional[int]) -> List[Placement]:
        """Check recipients, duplicates and quotas, then store every new
        item.  Raises before storing anything if one check fails."""
        users: Dict[str, Tuple[str, Optional[int], int]] = {}
        unknown: List[str] = []
        for item in items:
            if item.recipient in users or item.recipient in unknown:
                continue
            row = conn.execute("SELECT delivery_mode, quota, used FROM users WHERE address = ?",
                               (item.recipient,)).fetchone()
            if row is None:
                unknown.append(item.recipient)
            else:
                users[item.recipient] = (row[0], row[1], row[2])
        if unknown:
            raise UnknownUser(unknown)
        seen: Set[Tuple[str, str, str]] = set()
        fresh: List[bool] = []
        added: Dict[str, int] = collections.defaultdict(int)
        for item in items:
            key = (item.recipient, item.mts_id, item.kind.value)
            new = key not in seen and conn.execute(
                "SELECT 1 FROM receipts WHERE recipient = ? AND mts_id = ? AND kind = ?",
                key).fetchone() is None
            seen.add(key)
            fresh.append(new)
            if new:
                added[item.recipient] += item.size
        over = [r for r, extra in added.items()
                if users[r][1] is not None and users[r][2] + extra > users[r][1]]  # type: ignore[operator]
        if over:
            raise QuotaExceeded(over)
        now = self._now_us()
        placements: List[Placement] = []
        for item, new in zip(items, fresh):
            if not new:
                placements.append(Placement(item.recipient, item.kind, item.mts_id, None, None,
                                            duplicate=True))
                continue
            if item.share_content:
                item.message_id = message_id
            conn.execute("INSERT INTO receipts (recipient, mts_id, kind, created) "
                         "VALUES (?, ?, ?, ?)",
                         (item.recipient, item.mts_id, item.kind.value, now))
            conn.execute("UPDATE users SET used = used + ? WHERE address = ?",
                         (item.size, item.recipient))
            if item.deliver_after is not None and item.deliver_after > now:
                ref = self._insert_queue(conn, item, 0, now)
                where = Where.DEFERRED
            elif users[item.recipient][0] == DeliveryMode.P3.value:
                ref = self._insert_queue(conn, item, 1, now)
                where = Where.QUEUE
            else:
                ref = self._insert_entries(conn, item, now)
                where = Where.MAILBOX
            placements.append(Placement(item.recipient, item.kind, item.mts_id, where, ref))
        return placements

    @staticmethod
    def _insert_queue(conn: sqlite3.Connection, item: _Item, state: int, now: int) -> int:
        cur = conn.execute(
            "INSERT INTO queue (recipient, state, deliver_after, created, kind, mts_id, "
            "subject_mts_id, originator, content_type, priority, subject, submission_time, "
            "outcomes, content_length, size, message_id, envelope, content) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (item.recipient, state, item.deliver_after, now, item.kind.value, item.mts_id,
             item.subject_mts_id, item.originator, item.content_type, item.priority,
             item.subject, item.submission_time, item.outcomes, item.content_length,
             item.size, item.message_id, item.envelope, item.content))
        return int(cur.lastrowid)  # type: ignore[arg-type]

    @staticmethod
    def _next_seq(conn: sqlite3.Connection, mailbox: str) -> int:
        conn.execute("INSERT OR IGNORE INTO seq_counters (mailbox, last_seq) VALUES (?, 0)",
                     (mailbox,))
        conn.execute("UPDATE seq_counters SET last_seq = last_seq + 1 WHERE mailbox = ?",
                     (mailbox,))
        seq = int(conn.execute("SELECT last_seq FROM seq_counters WHERE mailbox = ?",
                               (mailbox,)).fetchone()[0])
        if seq > _MAX_SEQUENCE_NUMBER:
            raise StoreError("mailbox %s has used every sequence number" % mailbox)
        return seq

    def _insert_entries(self, conn: sqlite3.Connection, item: _Item, now: int) -> int:
        """One entry for a message; a report entry plus a returned-content
        child when a report returns content.  Returns the main entry's
        sequence number."""
        seq = self._next_seq(conn, item.recipient)
        insert = ("INSERT INTO entries (mailbox, seq, parent_seq, entry_type, status, mts_id, "
                  "subject_mts_id, originator, content_type, priority, subject, content_length, "
                  "creation_time, submission_time, outcomes, size, message_id, envelope, "
                  "content) VALUES (?, ?, ?, ?, 0, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
        if item.kind is ItemKind.MESSAGE:
            conn.execute(insert, (item.recipient, seq, None, int(EntryType.DELIVERED_MESSAGE),
                                  item.mts_id, None, item.originator, item.content_type,
                                  item.priority, item.subject, item.content_length, now,
                                  item.submission_time, None, item.size, item.message_id,
                                  item.envelope, item.content))
            return seq
        has_child = item.content is not None or item.message_id is not None
        head = len(item.envelope or b"")
        conn.execute(insert, (item.recipient, seq, None, int(EntryType.DELIVERED_REPORT),
                              item.mts_id, item.subject_mts_id, None, item.content_type, None,
                              None, 0, now, None, item.outcomes, head, None, item.envelope,
                              None))
        if has_child:
            child = self._next_seq(conn, item.recipient)
            conn.execute(insert, (item.recipient, child, seq, int(EntryType.RETURNED_CONTENT),
                                  item.subject_mts_id, None, None, item.content_type, None,
                                  None, item.content_length, now, None, None,
                                  item.size - head, item.message_id, None, item.content))
        return seq

    # -- inbound delivery -----------------------------------------------------------------------

    def deliver(self, plan: Plan, *, message: Optional[Message] = None,
                mts_id: Optional[str] = None,
                submission_time: Optional[datetime] = None) -> Tuple[Placement, ...]:
        """Store items that arrive already identified (from an MTA, or a
        redelivery after a crash).  Idempotent: an item whose (recipient,
        MTS identifier, kind) was delivered before is a no-op reported as
        :attr:`Placement.duplicate`, with success.  Blocks until committed.

        :param plan: the items; reports need ``report_id`` and
            ``subject_mts_id``.
        :param message: the message, when the plan delivers one.
        :param mts_id: the message's MTS identifier.
        :param submission_time: its submission time (defaults to now).
        """
        return self.deliver_future(plan, message=message, mts_id=mts_id,
                                   submission_time=submission_time).result()

    def deliver_future(self, plan: Plan, *, message: Optional[Message] = None,
                       mts_id: Optional[str] = None,
                       submission_time: Optional[datetime] = None
                       ) -> "concurrent.futures.Future[Tuple[Placement, ...]]":
        """:meth:`deliver` without blocking."""
        prepared = None if message is None else self._prepare_message(message)
        if mts_id is not None:
            mts_id = _text(mts_id, "mts_id", _MAX_ID_LENGTH)
        if submission_time is None:
            submission_time = self._now()
        items = self._prepare_plan(plan, prepared, mts_id, submission_time, inbound=True)
        size = sum(i.size for i in items) + (len(prepared.content) if prepared else 0)
        return self._write(self._w_deliver, prepared, mts_id, submission_time, items, size=size)

    def _w_deliver(self, conn: sqlite3.Connection, message: Optional[Message],
                   mts_id: Optional[str], submission_time: datetime,
                   items: List[_Item]) -> Tuple[Placement, ...]:
        message_id = None
        if message is not None and mts_id is not None and any(i.share_content for i in items):
            row = conn.execute("SELECT id, content FROM messages WHERE mts_id = ?",
                               (mts_id,)).fetchone()
            if row is None:
                message_id = self._insert_message(conn, message, mts_id, submission_time,
                                                  inbound=True)
            elif row[1] == message.content:
                message_id = row[0]
            else:
                # Same identifier, other content (a confused peer): keep the
                # copies separate rather than deliver the wrong octets.
                for item in items:
                    if item.share_content:
                        item.share_content = False
                        item.content = message.content
        return tuple(self._place_items(conn, items, message_id))

    # -- submission log -----------------------------------------------------------------------

    def get_submission(self, mts_id: str, *,
                       originator: Optional[str] = None) -> SubmissionRecord:
        """The stored message with this MTS identifier.  With
        ``originator``, a message of another originator raises
        :class:`~x400fast.errors.NoSuchEntry` like a missing one."""
        mts_id = _text(mts_id, "mts_id", _MAX_ID_LENGTH)
        row = self._read(lambda c: c.execute(
            "SELECT mts_id, originator, submission_time, content_type, priority, recipients, "
            "subject, deferred_time, client_ref, inbound, envelope, content FROM messages "
            "WHERE mts_id = ?", (mts_id,)).fetchone())
        if row is None or (originator is not None and row[1] != originator):
            raise NoSuchEntry(mts_id)
        return self._submission(row)

    def find_submission(self, originator: str, client_reference: str) -> Optional[SubmissionRecord]:
        """The message ``originator`` submitted with this client reference
        (how a client settles a submission left in doubt), or ``None``."""
        originator = _text(originator, "originator")
        client_reference = _text(client_reference, "client_reference", _MAX_ID_LENGTH)
        row = self._read(lambda c: c.execute(
            "SELECT mts_id, originator, submission_time, content_type, priority, recipients, "
            "subject, deferred_time, client_ref, inbound, envelope, content FROM messages "
            "WHERE originator = ? AND client_ref = ? AND inbound = 0",
            (originator, client_reference)).fetchone())
        return None if row is None else self._submission(row)

    @staticmethod
    def _submission(row: Sequence[Any]) -> SubmissionRecord:
        return SubmissionRecord(
            mts_id=row[0], originator=row[1], submission_time=_from_us(row[2]),  # type: ignore[arg-type]
            content_type=row[3], priority=row[4], recipients=tuple(json.loads(row[5])),
            subject=row[6], deferred_delivery_time=_from_us(row[7]), client_reference=row[8],
            inbound=bool(row[9]), envelope=row[10], content=row[11])

    # -- deferred delivery ----------------------------------------------------------------------

    def due(self, now: Optional[datetime] = None, limit: int = 100) -> List[DeferredItem]:
        """Deferred items whose deliver-after time is ``now`` or earlier,
        earliest first (a read; nothing changes)."""
        now_us = self._now_us() if now is None else _to_us(now, "now")
        limit = max(1, min(int(limit), 10000))
        rows = self._read(lambda c: c.execute(
            "SELECT id, recipient, kind, mts_id, deliver_after FROM queue "
            "WHERE state = 0 AND deliver_after <= ? ORDER BY deliver_after, id LIMIT ?",
            (now_us, limit)).fetchall())
        return [DeferredItem(r[0], r[1], ItemKind(r[2]), r[3], _from_us(r[4]))  # type: ignore[arg-type]
                for r in rows]

    def release(self, item_ids: Iterable[int]) -> Tuple[Placement, ...]:
        """Move deferred items on, due or not: into the mailbox of an
        ``"ms"`` user, to the end of the P3 queue of a ``"p3"`` user.
        Items that are no longer deferred are skipped (idempotent).
        Committed before returning."""
        ids = tuple(_item_id(i) for i in item_ids)
        return self._write(self._w_release, ids).result()

    def release_due(self, now: Optional[datetime] = None,
                    limit: int = 100) -> Tuple[Placement, ...]:
        """Find the due deferred items and release them, in one
        transaction.  Returns where they went."""
        return self.release_due_future(now, limit).result()

    def release_due_future(self, now: Optional[datetime] = None, limit: int = 100
                           ) -> "concurrent.futures.Future[Tuple[Placement, ...]]":
        """:meth:`release_due` without blocking."""
        now_us = None if now is None else _to_us(now, "now")
        return self._write(self._w_release_due, now_us, max(1, min(int(limit), 10000)))

    def _w_release_due(self, conn: sqlite3.Connection, now_us: Optional[int],
                       limit: int) -> Tuple[Placement, ...]:
        if now_us is None:
            now_us = self._now_us()
        ids = [r[0] for r in conn.execute(
            "SELECT id FROM queue WHERE state = 0 AND deliver_after <= ? "
            "ORDER BY deliver_after, id LIMIT ?", (now_us, limit))]
        return self._w_release(conn, ids)

    def _w_release(self, conn: sqlite3.Connection, ids: Sequence[int]) -> Tuple[Placement, ...]:
        now = self._now_us()
        out: List[Placement] = []
        for item_id in ids:
            row = conn.execute(
                "SELECT q.recipient, q.kind, q.mts_id, q.subject_mts_id, q.originator, "
                "q.content_type, q.priority, q.subject, q.submission_time, q.outcomes, "
                "q.content_length, q.size, q.message_id, q.envelope, q.content, u.delivery_mode "
                "FROM queue q JOIN users u ON u.address = q.recipient "
                "WHERE q.id = ? AND q.state = 0", (item_id,)).fetchone()
            if row is None:
                continue
            item = _Item(recipient=row[0], kind=ItemKind(row[1]), mts_id=row[2],
                         subject_mts_id=row[3], originator=row[4], content_type=row[5],
                         priority=row[6], subject=row[7], submission_time=row[8],
                         outcomes=row[9], content_length=row[10], size=row[11],
                         message_id=row[12], envelope=row[13], content=row[14],
                         deliver_after=None)
            conn.execute("DELETE FROM queue WHERE id = ?", (item_id,))
            if row[15] == DeliveryMode.P3.value:
                # A new id puts it at the end of the queue, behind items a
                # P3 layer may already have fetched past.
                ref = self._insert_queue(conn, item, 1, now)
                where = Where.QUEUE
            else:
                ref = self._insert_entries(conn, item, now)
                where = Where.MAILBOX
            out.append(Placement(item.recipient, item.kind, item.mts_id, where, ref))
        return tuple(out)

    def cancel_deferred(self, originator: str, mts_id: str) -> int:
        """Cancel the still-deferred deliveries of a message (X.411
        cancel-deferred-delivery).  Returns how many items were cancelled;
        0 means none was still deferred (the P3 layer answers
        deferred-delivery-cancellation-rejected).  Raises
        :class:`~x400fast.errors.NoSuchEntry` when ``originator`` did not
        submit ``mts_id``."""
        originator = _text(originator, "originator")
        mts_id = _text(mts_id, "mts_id", _MAX_ID_LENGTH)
        return self._write(self._w_cancel_deferred, originator, mts_id).result()

    def _w_cancel_deferred(self, conn: sqlite3.Connection, originator: str, mts_id: str) -> int:
        if conn.execute("SELECT 1 FROM messages WHERE mts_id = ? AND originator = ? "
                        "AND inbound = 0", (mts_id, originator)).fetchone() is None:
            raise NoSuchEntry(mts_id)
        rows = conn.execute("SELECT id, recipient, size FROM queue WHERE state = 0 AND "
                            "kind = 'message' AND mts_id = ?", (mts_id,)).fetchall()
        for item_id, recipient, size in rows:
            conn.execute("DELETE FROM queue WHERE id = ?", (item_id,))
            conn.execute("UPDATE users SET used = used - ? WHERE address = ?", (size, recipient))
            conn.execute("DELETE FROM receipts WHERE recipient = ? AND mts_id = ? "
                         "AND kind = 'message'", (recipient, mts_id))
        return len(rows)

    # -- P3 delivery queue --------------------------------------------------------------------

    def pending(self, user: str, limit: int = 16, *, after: Optional[int] = None) -> List[QueueItem]:
        """The user's next queued items (messages and reports, in queue
        order) without removing them.

        :param after: only items with a larger id: lets a P3 layer that has
            items in flight fetch the ones behind them.
        """
        user = _text(user, "user")
        limit = max(1, min(int(limit), self.limits.max_list_results))
        start = 0 if after is None else _item_id(after)
        rows = self._read(lambda c: c.execute(
            "SELECT " + _QUEUE_COLUMNS + " FROM queue q LEFT JOIN messages m "
            "ON m.id = q.message_id WHERE q.recipient = ? AND q.state = 1 AND q.id > ? "
            "ORDER BY q.id LIMIT ?", (user, start, limit)).fetchall())
        return [_queue_item(r) for r in rows]

    def acknowledge(self, user: str, item_id: int) -> bool:
        """The delivery result for a queued item arrived: remove it.
        Idempotent: returns ``False`` when the item was already gone (or
        is not the user's).  Committed before returning."""
        return self.acknowledge_future(user, item_id).result()

    def acknowledge_future(self, user: str, item_id: int) -> "concurrent.futures.Future[bool]":
        """:meth:`acknowledge` without blocking."""
        return self._write(self._w_acknowledge, _text(user, "user"), _item_id(item_id))

    def _w_acknowledge(self, conn: sqlite3.Connection, user: str, item_id: int) -> bool:
        row = conn.execute("SELECT size FROM queue WHERE id = ? AND recipient = ? AND state = 1",
                           (item_id, user)).fetchone()
        if row is None:
            return False
        conn.execute("DELETE FROM queue WHERE id = ?", (item_id,))
        conn.execute("UPDATE users SET used = used - ? WHERE address = ?", (row[0], user))
        return True

    # -- Message Store ------------------------------------------------------------------------

    def _selection(self, user: str, query: Optional[Query],
                   include_children: bool) -> Tuple[str, List[Any]]:
        where = "e.mailbox = ?"
        params: List[Any] = [_text(user, "user")]
        if not include_children:
            where += " AND e.parent_seq IS NULL"
        if query is not None:
            if not isinstance(query, Query):
                raise InvalidRequest("query must be a Query")
            compiler = _QueryCompiler(self.limits)
            where += " AND " + compiler.compile(query)
            params.extend(compiler.params)
        return where, params

    def list_entries(self, user: str, query: Optional[Query] = None, *,
                     include_children: bool = False, limit: Optional[int] = None,
                     include_bytes: bool = False) -> ListResult:
        """Entries of ``user``'s mailbox that match ``query``, in
        sequence-number order.

        Ranges of sequence numbers or creation times are query terms
        (``Range("sequence_number", 10, None)``).  The number of entries
        returned is capped by ``limit`` and by
        :attr:`StoreLimits.max_list_results`; :attr:`ListResult.next` then
        says where to continue, and :attr:`ListResult.count` how many
        match in all.

        :param include_children: also select child entries (X.413
            selector ``child-entries``).
        :param include_bytes: fill in envelopes and contents.
        """
        where, params = self._selection(user, query, include_children)
        cap = self.limits.max_list_results
        if limit is not None:
            if isinstance(limit, bool) or not isinstance(limit, int) or limit < 1:
                raise InvalidRequest("limit must be a positive int")
            cap = min(cap, limit)
        columns = _ENTRY_COLUMNS + (_ENTRY_BYTES if include_bytes else "")
        join = _ENTRY_JOIN if include_bytes else ""

        def run(c: sqlite3.Connection) -> Tuple[List[Any], int]:
            rows = c.execute("SELECT %s FROM entries e%s WHERE %s ORDER BY e.seq LIMIT ?"
                             % (columns, join, where), params + [cap + 1]).fetchall()
            count = c.execute("SELECT count(*) FROM entries e WHERE %s" % where,
                              params).fetchone()[0]
            return rows, count

        rows, count = self._read(run)
        nxt = rows[cap][0] if len(rows) > cap else None
        return ListResult(tuple(_entry(r) for r in rows[:cap]), count, nxt)

    def summarize(self, user: str, query: Optional[Query] = None, *,
                  include_children: bool = False) -> Summary:
        """Counts of the selected entries, by status and by type, with the
        lowest and highest sequence numbers."""
        where, params = self._selection(user, query, include_children)
        rows = self._read(lambda c: c.execute(
            "SELECT e.status, e.entry_type, count(*), min(e.seq), max(e.seq) FROM entries e "
            "WHERE %s GROUP BY e.status, e.entry_type" % where, params).fetchall())
        by_status: Dict[EntryStatus, int] = {s: 0 for s in EntryStatus}
        by_type: Dict[EntryType, int] = {}
        lowest: Optional[int] = None
        highest: Optional[int] = None
        total = 0
        for status, etype, n, lo, hi in rows:
            total += n
            by_status[EntryStatus(status)] += n
            by_type[EntryType(etype)] = by_type.get(EntryType(etype), 0) + n
            lowest = lo if lowest is None else min(lowest, lo)
            highest = hi if highest is None else max(highest, hi)
        return Summary(total, lowest, highest, by_status, by_type)

    def fetch(self, user: str, sequence_number: int, *,
              mark: Optional[Union[EntryStatus, int]] = None) -> Entry:
        """One entry of ``user``'s mailbox, with its bytes.

        :param mark: raise the entry's status to at least this (listed or
            processed) in the same transaction; a status never goes back.
            Committed before returning.
        :raises NoSuchEntry: no such entry in this mailbox -- including an
            entry that exists in another user's mailbox.
        """
        return self.fetch_future(user, sequence_number, mark=mark).result() \
            if mark is not None else self._fetch_read(user, sequence_number)

    def fetch_future(self, user: str, sequence_number: int, *,
                     mark: Optional[Union[EntryStatus, int]] = None
                     ) -> "concurrent.futures.Future[Entry]":
        """:meth:`fetch` through the writer (use with ``mark``)."""
        user = _text(user, "user")
        seq = _seq(sequence_number)
        status = None if mark is None else int(self._status(mark))
        return self._write(self._w_fetch, user, seq, status)

    def _fetch_read(self, user: str, sequence_number: int) -> Entry:
        user = _text(user, "user")
        seq = _seq(sequence_number)
        row = self._read(lambda c: self._select_entry(c, user, seq))
        if row is None:
            raise NoSuchEntry(seq)
        return _entry(row)

    @staticmethod
    def _select_entry(conn: sqlite3.Connection, user: str, seq: int) -> Optional[Sequence[Any]]:
        row: Optional[Sequence[Any]] = conn.execute(
            "SELECT " + _ENTRY_COLUMNS + _ENTRY_BYTES + " FROM entries e" + _ENTRY_JOIN
            + " WHERE e.mailbox = ? AND e.seq = ?", (user, seq)).fetchone()
        return row

    def _w_fetch(self, conn: sqlite3.Connection, user: str, seq: int,
                 status: Optional[int]) -> Entry:
        if status is not None:
            conn.execute("UPDATE entries SET status = max(status, ?) WHERE mailbox = ? AND seq = ?",
                         (status, user, seq))
        row = self._select_entry(conn, user, seq)
        if row is None:
            raise NoSuchEntry(seq)
        return _entry(row)

    @staticmethod
    def _status(value: Any) -> EntryStatus:
        try:
            return EntryStatus(value)
        except ValueError:
            raise InvalidRequest("not an entry status: %r" % (value,)) from None

    def delete(self, user: str, sequence_numbers: Iterable[int]) -> DeleteResult:
        """Delete entries (and their child entries) from ``user``'s mailbox.
        Numbers that do not exist there -- including other users' -- are
        returned in :attr:`DeleteResult.missing`; child entries named
        directly are refused and returned in :attr:`DeleteResult.children`.
        Committed before returning."""
        return self.delete_future(user, sequence_numbers).result()

    def delete_future(self, user: str, sequence_numbers: Iterable[int]
                      ) -> "concurrent.futures.Future[DeleteResult]":
        """:meth:`delete` without blocking."""
        seqs = self._seq_list(sequence_numbers)
        return self._write(self._w_delete, _text(user, "user"), seqs)

    def _seq_list(self, values: Iterable[int]) -> Tuple[int, ...]:
        seqs = tuple(dict.fromkeys(_seq(s) for s in values))
        if len(seqs) > max(self.limits.max_list_results, 32767):
            raise InvalidRequest("too many sequence numbers in one request")
        return seqs

    def _w_delete(self, conn: sqlite3.Connection, user: str,
                  seqs: Sequence[int]) -> DeleteResult:
        deleted: List[int] = []
        missing: List[int] = []
        children: List[int] = []
        freed = 0
        for seq in seqs:
            row = conn.execute("SELECT parent_seq, size FROM entries WHERE mailbox = ? AND seq = ?",
                               (user, seq)).fetchone()
            if row is None:
                missing.append(seq)
                continue
            if row[0] is not None:
                children.append(seq)
                continue
            kids = conn.execute("SELECT coalesce(sum(size), 0) FROM entries WHERE mailbox = ? "
                                "AND parent_seq = ?", (user, seq)).fetchone()[0]
            conn.execute("DELETE FROM entries WHERE mailbox = ? AND parent_seq = ?", (user, seq))
            conn.execute("DELETE FROM entries WHERE mailbox = ? AND seq = ?", (user, seq))
            freed += row[1] + kids
            deleted.append(seq)
        if freed:
            conn.execute("UPDATE users SET used = used - ? WHERE address = ?", (freed, user))
        return DeleteResult(tuple(deleted), tuple(missing), tuple(children))

    def set_status(self, user: str, sequence_numbers: Iterable[int],
                   status: Union[EntryStatus, int]) -> Tuple[int, ...]:
        """Set the status of entries of ``user``'s mailbox (any direction,
        as X.413 1994 modify allows).  Returns the numbers that do not
        exist in the mailbox.  Committed before returning."""
        return self.set_status_future(user, sequence_numbers, status).result()

    def set_status_future(self, user: str, sequence_numbers: Iterable[int],
                          status: Union[EntryStatus, int]
                          ) -> "concurrent.futures.Future[Tuple[int, ...]]":
        """:meth:`set_status` without blocking."""
        seqs = self._seq_list(sequence_numbers)
        return self._write(self._w_set_status, _text(user, "user"), seqs,
                           int(self._status(status)))

    @staticmethod
    def _w_set_status(conn: sqlite3.Connection, user: str, seqs: Sequence[int],
                      status: int) -> Tuple[int, ...]:
        missing = []
        for seq in seqs:
            if conn.execute("UPDATE entries SET status = ? WHERE mailbox = ? AND seq = ?",
                            (status, user, seq)).rowcount == 0:
                missing.append(seq)
        return tuple(missing)

    # -- housekeeping ---------------------------------------------------------------------------

    def purge(self, before: datetime) -> int:
        """Forget receipts older than ``before`` and stored messages older
        than it that no entry or queue item uses any more.  After this,
        redeliveries of those items are no longer recognised as duplicates.
        Returns the number of messages removed."""
        return self._write(self._w_purge, _to_us(before, "before")).result()

    @staticmethod
    def _w_purge(conn: sqlite3.Connection, before: int) -> int:
        conn.execute("DELETE FROM receipts WHERE created < ?", (before,))
        return conn.execute(
            "DELETE FROM messages WHERE submission_time < ? "
            "AND NOT EXISTS (SELECT 1 FROM entries e WHERE e.message_id = messages.id) "
            "AND NOT EXISTS (SELECT 1 FROM queue q WHERE q.message_id = messages.id)",
            (before,)).rowcount


def _split_sql(script: str) -> Iterator[str]:
    """The statements of a schema script (no semicolons inside them).

    ``executescript`` would commit the opening transaction first, so the
    schema is created statement by statement inside it."""
    lines = [ln for ln in script.splitlines() if not ln.strip().startswith("--")]
    for statement in "\n".join(lines).split(";"):
        if statement.strip():
            yield statement.strip()


# ---------------------------------------------------------------------------
# asyncio view


class AsyncStore:
    """The same operations as :class:`Store`, awaitable.

    Writes wait on the group-commit future without occupying a thread;
    reads and password checks (scrypt) run in the loop's default executor
    so that the event loop never blocks on the disk or on hashing.
    Cancelling an awaiting task does not cancel the write: once queued it
    commits (or fails) anyway, so a server must not report a cancelled
    submission as not stored.  Parameters are as in :class:`Store`.
    """

    def __init__(self, store: Store) -> None:
        self.store = store

    @staticmethod
    async def _wait(future: "concurrent.futures.Future[T]") -> T:
        return await asyncio.wrap_future(future)

    async def _run(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(None, functools.partial(fn, *args, **kwargs))

    async def submit(self, message: Message, plan: Plan = Plan(), *,
                     ticket: Optional[Ticket] = None) -> SubmitResult:
        """See :meth:`Store.submit`."""
        return await self._wait(self.store.submit_future(message, plan, ticket=ticket))

    async def deliver(self, plan: Plan, *, message: Optional[Message] = None,
                      mts_id: Optional[str] = None,
                      submission_time: Optional[datetime] = None) -> Tuple[Placement, ...]:
        """See :meth:`Store.deliver`."""
        return await self._wait(self.store.deliver_future(
            plan, message=message, mts_id=mts_id, submission_time=submission_time))

    async def acknowledge(self, user: str, item_id: int) -> bool:
        """See :meth:`Store.acknowledge`."""
        return await self._wait(self.store.acknowledge_future(user, item_id))

    async def release_due(self, now: Optional[datetime] = None,
                          limit: int = 100) -> Tuple[Placement, ...]:
        """See :meth:`Store.release_due`."""
        return await self._wait(self.store.release_due_future(now, limit))

    async def fetch(self, user: str, sequence_number: int, *,
                    mark: Optional[Union[EntryStatus, int]] = None) -> Entry:
        """See :meth:`Store.fetch`."""
        if mark is None:
            return await self._run(self.store.fetch, user, sequence_number)
        return await self._wait(self.store.fetch_future(user, sequence_number, mark=mark))

    async def delete(self, user: str, sequence_numbers: Iterable[int]) -> DeleteResult:
        """See :meth:`Store.delete`."""
        return await self._wait(self.store.delete_future(user, sequence_numbers))

    async def set_status(self, user: str, sequence_numbers: Iterable[int],
                         status: Union[EntryStatus, int]) -> Tuple[int, ...]:
        """See :meth:`Store.set_status`."""
        return await self._wait(self.store.set_status_future(user, sequence_numbers, status))

    async def pending(self, user: str, limit: int = 16, *,
                      after: Optional[int] = None) -> List[QueueItem]:
        """See :meth:`Store.pending`."""
        return await self._run(self.store.pending, user, limit, after=after)

    async def list_entries(self, user: str, query: Optional[Query] = None, *,
                           include_children: bool = False, limit: Optional[int] = None,
                           include_bytes: bool = False) -> ListResult:
        """See :meth:`Store.list_entries`."""
        return await self._run(self.store.list_entries, user, query,
                               include_children=include_children, limit=limit,
                               include_bytes=include_bytes)

    async def summarize(self, user: str, query: Optional[Query] = None, *,
                        include_children: bool = False) -> Summary:
        """See :meth:`Store.summarize`."""
        return await self._run(self.store.summarize, user, query,
                               include_children=include_children)

    async def check_password(self, address: str, password: Union[str, bytes]) -> bool:
        """See :meth:`Store.check_password`."""
        return await self._run(self.store.check_password, address, password)

    async def get_user(self, address: str) -> Optional[User]:
        """See :meth:`Store.get_user`."""
        return await self._run(self.store.get_user, address)

    async def due(self, now: Optional[datetime] = None, limit: int = 100) -> List[DeferredItem]:
        """See :meth:`Store.due`."""
        return await self._run(self.store.due, now, limit)

    async def cancel_deferred(self, originator: str, mts_id: str) -> int:
        """See :meth:`Store.cancel_deferred`."""
        return await self._run(self.store.cancel_deferred, originator, mts_id)

    async def get_submission(self, mts_id: str, *,
                             originator: Optional[str] = None) -> SubmissionRecord:
        """See :meth:`Store.get_submission`."""
        return await self._run(self.store.get_submission, mts_id, originator=originator)
