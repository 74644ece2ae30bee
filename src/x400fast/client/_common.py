"""The I/O-free half of the P3 and P7 clients, shared by both twins.

Argument builders, result readers, the bulk-submission book-keeping and
the delivery spool: the blocking and asyncio clients only move these
values through an association (dnspython's split between the resolution
state and the I/O loops).
"""
from __future__ import annotations

import datetime as _dt
import os
import threading
import uuid
from dataclasses import dataclass, field
from typing import Any, Dict, Iterable, List, Mapping, Optional, Sequence, Tuple, Union

from .. import ber
from .. import services as S
from ..asn1 import x411, x413
from ..errors import (AssociationBusy, AssociationRejected, ConnectionLost, Rejected,
                      RemoteOperationError, X400Error)
from ..io._core import ERROR, IN_DOUBT, NOT_SENT, REJECTED, RESULT, Outcome
from ..model import Message, MTSIdentifier, Report, read_content, read_delivery
from ..model.message import Submission

__all__ = [
    "BindInfo", "MSBindInfo", "SubmissionResult", "ProbeResult", "DeliveryItem",
    "BulkItem", "BulkResult", "Entry", "Summary", "ListPage", "ACCEPTED", "REJECTED_",
    "IN_DOUBT", "NOT_SENT",
]

MTS = S.MTS
MS = S.MS

#: Bulk statuses.
ACCEPTED = "accepted"
REJECTED_ = "rejected"

OP_SUBMISSION_CONTROL = x411.op_submission_control
OP_DELIVERY_CONTROL = x411.op_delivery_control
OP_SUBMIT = x411.op_message_submission
OP_PROBE = x411.op_probe_submission
OP_DELIVERY = x411.op_message_delivery
OP_REPORT = x411.op_report_delivery
OP_CANCEL = x411.op_cancel_deferred_delivery
OP_REGISTER = x411.op_register
OP_CHANGE_CREDENTIALS = x411.op_change_credentials
OP_SUMMARIZE = x413.op_summarize
OP_LIST = x413.op_list
OP_FETCH = x413.op_fetch
OP_DELETE = x413.op_delete
OP_REGISTER_MS = x413.op_register_ms
OP_ALERT = x413.op_alert


# ---------------------------------------------------------------------------
# Bind facts


def _queue(q: Any) -> Tuple[int, Optional[int]]:
    if not isinstance(q, Mapping):
        return 0, None
    return int(q.get("messages", 0)), q.get("octets")


@dataclass(frozen=True)
class BindInfo:
    """What an MTA said when the P3 bind succeeded.

    :ivar responder_name: the MTA's ObjectName value.
    :ivar urgent: / :ivar normal: / :ivar non_urgent: messages waiting
        for delivery at each priority (0 when the MTA said nothing).
    :ivar octets: total octets waiting, when the MTA gave them.
    :ivar application_context: the context bound.
    """

    responder_name: Any
    urgent: int = 0
    normal: int = 0
    non_urgent: int = 0
    octets: Optional[int] = None
    application_context: str = ""
    raw: Any = field(default=None, repr=False, compare=False)

    @property
    def messages_waiting(self) -> int:
        return self.urgent + self.normal + self.non_urgent

    @classmethod
    def from_result(cls, result: Mapping[str, Any], context: str) -> "BindInfo":
        mw = result.get("messages_waiting") or {}
        counts = {k: _queue(mw.get(k)) for k in ("urgent", "normal", "non_urgent")}
        octets = [o for _, o in counts.values() if o is not None]
        return cls(result.get("responder_name"), counts["urgent"][0], counts["normal"][0],
                   counts["non_urgent"][0], sum(octets) if octets else None, context,
                   _redacted(result, "responder_credentials"))


def _redacted(value: Mapping[str, Any], key: str) -> Dict[str, Any]:
    """A copy without the credentials (kept out of reprs and logs)."""
    return {k: v for k, v in value.items() if k != key}


@dataclass(frozen=True)
class MSBindInfo:
    """What a Message Store said when the P7 bind succeeded.

    :ivar messages_waiting: new delivered entries (a summarize run at bind
        on retrieval-status new), or ``None`` when not asked or refused.
    :ivar available_attribute_types: / :ivar available_auto_actions: /
        :ivar content_types_supported: OIDs, when the store listed them.
    :ivar alert_indication: the store has an alert pending.
    """

    messages_waiting: Optional[int]
    available_attribute_types: Tuple[str, ...] = ()
    available_auto_actions: Tuple[str, ...] = ()
    content_types_supported: Tuple[str, ...] = ()
    alert_indication: bool = False
    application_context: str = ""
    raw: Any = field(default=None, repr=False, compare=False)

    @classmethod
    def from_result(cls, result: Mapping[str, Any], context: str,
                    waiting: Optional[int]) -> "MSBindInfo":
        return cls(waiting, tuple(result.get("available_attribute_types") or ()),
                   tuple(result.get("available_auto_actions") or ()),
                   tuple(result.get("content_types_supported") or ()),
                   bool(result.get("alert_indication")), context,
                   _redacted(result, "responder_credentials"))


def bind_error(exc: AssociationRejected) -> AssociationRejected:
    return S.bind_refused(exc)


# ---------------------------------------------------------------------------
# Submission


@dataclass(frozen=True)
class SubmissionResult:
    """The MTS's answer to a message submission.

    :ivar mts_identifier: the :class:`~x400fast.message.MTSIdentifier` the
        MTS assigned (reports name it).
    :ivar submission_time: aware datetime.
    """

    mts_identifier: MTSIdentifier
    submission_time: _dt.datetime
    content_identifier: Optional[str] = None
    raw: Any = field(default=None, repr=False, compare=False)


@dataclass(frozen=True)
class ProbeResult:
    """The MTS's answer to a probe submission."""

    probe_identifier: MTSIdentifier
    submission_time: _dt.datetime
    content_identifier: Optional[str] = None
    raw: Any = field(default=None, repr=False, compare=False)


def submission_argument(item: Any) -> Tuple[Dict[str, Any], Optional[Message]]:
    """(MessageSubmissionArgument value, the Message if one was given)."""
    if isinstance(item, Message):
        return item.to_submission().argument, item
    if isinstance(item, Submission):
        return item.argument, None
    if isinstance(item, Mapping) and "envelope" in item and "content" in item:
        return dict(item), None
    if isinstance(item, (bytes, bytearray, memoryview)):
        return ber.decode(MTS["MessageSubmissionArgument"], bytes(item)), None
    raise TypeError("submit takes a Message, a Submission or a MessageSubmissionArgument "
                    "value, not %s" % type(item).__name__)


def _mts_result(result: Any) -> Mapping[str, Any]:
    # ms-msse (1994) answers with the CHOICE MSMessageSubmissionResult.
    if isinstance(result, tuple) and len(result) == 2:
        kind, value = result
        if kind == "mts_result":
            return value
        raise RemoteResultError("the store kept a draft instead of submitting (%s)" % kind)
    return result


class RemoteResultError(X400Error):
    """The peer answered an operation with a result this client cannot use."""


def submission_result(result: Any, message: Optional[Message]) -> SubmissionResult:
    value = _mts_result(result)
    mts_id = MTSIdentifier.from_asn1(value["message_submission_identifier"])
    when = value["message_submission_time"]
    if message is not None:
        message.record_submission({k: v for k, v in value.items()
                                   if k in ("message_submission_identifier",
                                            "message_submission_time",
                                            "content_identifier", "extensions")})
    return SubmissionResult(mts_id, when, value.get("content_identifier"), value)


def probe_argument(item: Any) -> Dict[str, Any]:
    """A ProbeSubmissionArgument for a Message (probe its recipients with
    its envelope's originator, content type and length) or a raw value."""
    if isinstance(item, Mapping):
        return dict(item)
    if not isinstance(item, Message):
        raise TypeError("probe takes a Message or a ProbeSubmissionArgument value")
    sub = item.to_submission()
    env = sub.envelope
    probe: Dict[str, Any] = {k: env[k] for k in (
        "originator_name", "original_encoded_information_types", "content_type",
        "content_identifier", "per_message_indicators") if k in env}
    probe["content_length"] = len(sub.content)
    probe["per_recipient_fields"] = [
        {"recipient_name": r["recipient_name"],
         "originator_report_request": r["originator_report_request"]}
        for r in env["per_recipient_fields"]]
    return probe


def probe_result(result: Any) -> ProbeResult:
    value = result
    if isinstance(result, Mapping) and "ms_probe_result" in result:
        value = result
    return ProbeResult(MTSIdentifier.from_asn1(value["probe_submission_identifier"]),
                       value["probe_submission_time"], value.get("content_identifier"), value)


def mts_id_value(mts_id: Any) -> Any:
    if isinstance(mts_id, MTSIdentifier):
        return mts_id.to_asn1()
    if isinstance(mts_id, str):
        return MTSIdentifier.parse(mts_id).to_asn1()
    if isinstance(mts_id, SubmissionResult):
        return mts_id.mts_identifier.to_asn1()
    if isinstance(mts_id, Message):
        if mts_id.mts_identifier is None:
            raise ValueError("the message was not submitted (no MTS identifier)")
        return mts_id.mts_identifier.to_asn1()
    return mts_id


def check_error(exc: BaseException) -> BaseException:
    """Map a ROS returnError to its precise leaf; other exceptions as they are."""
    if isinstance(exc, RemoteOperationError):
        return S.operation_error(exc)
    return exc


# ---------------------------------------------------------------------------
# Deliveries


@dataclass
class DeliveryItem:
    """A message or report the MTA delivered (message-delivery or
    report-delivery invoke), before or after it was acknowledged.

    :ivar kind: ``"message"`` or ``"report"``.
    :ivar argument: the decoded MessageDeliveryArgument /
        ReportDeliveryArgument.
    :ivar invoke_id: the MTA's invocation.
    :ivar path: where the spool wrote it, when a spool is used.
    """

    kind: str
    argument: Any = field(repr=False)
    invoke_id: int
    path: Optional[str] = None

    @property
    def argument_type(self) -> Any:
        return MTS["MessageDeliveryArgument" if self.kind == "message"
                   else "ReportDeliveryArgument"]

    def to_ber(self) -> bytes:
        """BER of the delivery argument (what the spool writes)."""
        return ber.encode(self.argument_type, self.argument)

    @property
    def message(self) -> Any:
        """The delivered :class:`~x400fast.message.Message` (or
        notification); raises the model's error for content it does not read."""
        if self.kind != "message":
            raise ValueError("a report delivery has no message")
        return read_delivery(self.argument)

    @property
    def report(self) -> Report:
        """The delivered :class:`~x400fast.message.Report`."""
        if self.kind != "report":
            raise ValueError("a message delivery is not a report")
        return Report.from_delivery(self.argument)

    @property
    def mts_identifier(self) -> Optional[MTSIdentifier]:
        key = ("message_delivery_identifier" if self.kind == "message"
               else "subject_submission_identifier")
        value = self.argument.get(key) if isinstance(self.argument, Mapping) else None
        return MTSIdentifier.from_asn1(value) if value is not None else None


def spool_write(directory: str, item: DeliveryItem) -> str:
    """Write a delivery durably: a temporary file, fsync, rename, fsync of
    the directory.  Returns the final path; only then is the delivery
    acknowledged (reliability.md 4.2)."""
    data = item.to_ber()
    name = "%s-%s-%s.ber" % (_dt.datetime.now(_dt.timezone.utc).strftime("%Y%m%dT%H%M%S%f"),
                             item.kind, uuid.uuid4().hex)
    final = os.path.join(directory, name)
    tmp = final + ".tmp"
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        view = memoryview(data)
        while view:
            n = os.write(fd, view)
            view = view[n:]
        os.fsync(fd)
    finally:
        os.close(fd)
    os.replace(tmp, final)
    dfd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(dfd)
    finally:
        os.close(dfd)
    return final


def delivery_kind(opcode: Any, syntax: Optional[str], delivery_syntaxes: Sequence[str]
                  ) -> Optional[str]:
    if syntax in delivery_syntaxes:
        if opcode == OP_DELIVERY:
            return "message"
        if opcode == OP_REPORT:
            return "report"
    return None


# ---------------------------------------------------------------------------
# Bulk submission


@dataclass
class BulkItem:
    """What became of one message of a bulk submission.

    :ivar status: ``"accepted"``, ``"rejected"``, ``"in_doubt"`` (the
        association failed after its invoke may have left: it may have been
        submitted) or ``"not_sent"`` (never left this process: safe to
        submit again).
    """

    index: int
    item: Any = field(repr=False)
    status: str = NOT_SENT
    result: Optional[SubmissionResult] = None
    error: Optional[BaseException] = None

    @property
    def mts_identifier(self) -> Optional[MTSIdentifier]:
        return self.result.mts_identifier if self.result is not None else None


class BulkResult:
    """Outcome of every message of a bulk submission, in input order.

    ``accepted + rejected + in_doubt + not_sent`` always covers every
    message exactly once; nothing accepted is reported otherwise.
    """

    def __init__(self, items: List[BulkItem]) -> None:
        self.items = items

    def _of(self, status: str) -> List[BulkItem]:
        return [i for i in self.items if i.status == status]

    @property
    def accepted(self) -> List[BulkItem]:
        return self._of(ACCEPTED)

    @property
    def rejected(self) -> List[BulkItem]:
        return self._of(REJECTED_)

    @property
    def in_doubt(self) -> List[BulkItem]:
        return self._of(IN_DOUBT)

    @property
    def not_sent(self) -> List[BulkItem]:
        return self._of(NOT_SENT)

    def counts(self) -> Dict[str, int]:
        out = {ACCEPTED: 0, REJECTED_: 0, IN_DOUBT: 0, NOT_SENT: 0}
        for i in self.items:
            out[i.status] += 1
        return out

    def __len__(self) -> int:
        return len(self.items)

    def __iter__(self) -> Any:
        return iter(self.items)

    def __repr__(self) -> str:
        c = self.counts()
        return "<BulkResult %d: %d accepted, %d rejected, %d in doubt, %d not sent>" % (
            len(self.items), c[ACCEPTED], c[REJECTED_], c[IN_DOUBT], c[NOT_SENT])

    @classmethod
    def merge(cls, parts: Iterable[Tuple[Sequence[int], "BulkResult"]], total: int
              ) -> "BulkResult":
        """Put back together results of slices (``(original indexes, result)``)."""
        items: List[Optional[BulkItem]] = [None] * total
        for indexes, res in parts:
            for idx, it in zip(indexes, res.items):
                it.index = idx
                items[idx] = it
        assert all(i is not None for i in items), "a bulk slice lost an item"
        return cls([i for i in items if i is not None])


class BulkState:
    """Book-keeping of one bulk submission over one association: which
    message each invocation carries, the window, and the outcomes."""

    def __init__(self, messages: Iterable[Any], window: int) -> None:
        if window < 1:
            raise ValueError("window must be at least 1")
        self.window = window
        self.items = [BulkItem(i, m) for i, m in enumerate(messages)]
        self.args: List[Any] = [None] * len(self.items)
        self.models: List[Optional[Message]] = [None] * len(self.items)
        self.next = 0
        self.order: List[Tuple[int, int]] = []        # (invoke id, item index), oldest first
        self.failure: Optional[BaseException] = None

    @property
    def done(self) -> bool:
        return not self.order and (self.next >= len(self.items) or self.failure is not None)

    def next_batch(self) -> List[int]:
        """Indexes to send now (prepared; unencodable ones are rejected here)."""
        room = self.window - len(self.order)
        if self.failure is not None or self.next >= len(self.items):
            return []
        # Refill in groups (one write each) rather than one by one.
        if self.order and room < max(1, self.window // 4):
            return []
        out: List[int] = []
        while room > 0 and self.next < len(self.items):
            idx = self.next
            self.next += 1
            try:
                self.args[idx], self.models[idx] = submission_argument(self.items[idx].item)
            except (X400Error, TypeError, ValueError, KeyError) as exc:
                self.items[idx].status = REJECTED_
                self.items[idx].error = exc
                continue
            out.append(idx)
            room -= 1
        return out

    def sent(self, indexes: Sequence[int], ids: Sequence[int]) -> None:
        for idx, iid in zip(indexes, ids):
            self.order.append((iid, idx))

    def record(self, iid: int, idx: int, outcome: Outcome) -> None:
        item = self.items[idx]
        if outcome.status == RESULT:
            try:
                item.result = submission_result(outcome.result, self.models[idx])
                item.status = ACCEPTED
            except Exception as exc:      # accepted by the MTS, result unreadable
                item.status = ACCEPTED
                item.error = exc
        elif outcome.status in (ERROR, REJECTED):
            item.status = REJECTED_
            item.error = check_error(outcome.error) if outcome.error is not None else None
        elif outcome.status == IN_DOUBT:
            item.status = IN_DOUBT
            item.error = outcome.error
            self.failure = self.failure or outcome.error
        else:
            item.status = NOT_SENT
            item.error = outcome.error
            self.failure = self.failure or outcome.error

    def finish(self) -> BulkResult:
        for item in self.items[self.next:]:
            item.status = NOT_SENT
            item.error = self.failure
        return BulkResult(self.items)


def outcome_of_exception(iid: int, exc: BaseException) -> Outcome:
    """The Outcome of ``wait(iid)`` that raised ``exc``."""
    if isinstance(exc, RemoteOperationError):
        return Outcome(iid, ERROR, None, exc)
    if isinstance(exc, Rejected):
        return Outcome(iid, REJECTED, None, exc)
    if isinstance(exc, ConnectionLost):
        status = NOT_SENT if iid in exc.not_sent else IN_DOUBT
        return Outcome(iid, status, None, exc)
    raise exc


def split_ids_after_loss(exc: ConnectionLost, known: Iterable[int], count: int
                         ) -> List[Tuple[int, str]]:
    """Invoke ids (with status) of the last ``count`` invocations of a
    ``send_invokes`` that failed with ``exc``: the ids in the failure that
    are not ``known`` (sent earlier), in allocation order.

    The association does not return the ids of a batch whose write failed
    (reported as an API gap); the ROSE machine allocates ids in increasing
    order, which is what lets them be matched to the batch here.
    """
    known_set = set(known)
    fresh = sorted((iid, IN_DOUBT) for iid in exc.in_doubt if iid not in known_set)
    fresh += sorted((iid, NOT_SENT) for iid in exc.not_sent if iid not in known_set)
    fresh.sort()
    return fresh[-count:] if count else []


# ---------------------------------------------------------------------------
# P7: entries


def decode_attribute(oid: str, raw: bytes) -> Any:
    """One attribute value decoded with its declared syntax (raw when the
    attribute is unknown or the value does not decode)."""
    try:
        t = x413.ATTRIBUTE_SYNTAXES[oid]
    except (KeyError, X400Error):
        return raw
    try:
        return ber.decode(t, raw)
    except X400Error:
        return raw


@dataclass
class Entry:
    """One Message Store entry as list or fetch returned it.

    :ivar sequence_number: the entry's number in the store.
    :ivar attributes: attribute OID -> list of decoded values.
    :ivar raw: the EntryInformation value as received (values undecoded).
    """

    sequence_number: int
    attributes: Dict[str, List[Any]] = field(default_factory=dict)
    raw: Any = field(default=None, repr=False)

    @classmethod
    def from_value(cls, value: Mapping[str, Any]) -> "Entry":
        attrs: Dict[str, List[Any]] = {}
        for a in value.get("attributes") or ():
            oid = a["attribute_type"]
            attrs.setdefault(oid, []).extend(
                decode_attribute(oid, v) for v in a["attribute_values"])
        return cls(value["sequence_number"], attrs, value)

    def get(self, oid: str, default: Any = None) -> Any:
        """The first value of an attribute."""
        values = self.attributes.get(oid)
        return values[0] if values else default

    def raw_values(self, oid: str) -> List[bytes]:
        for a in (self.raw or {}).get("attributes") or ():
            if a["attribute_type"] == oid:
                return list(a["attribute_values"])
        return []

    @property
    def entry_type(self) -> Optional[int]:
        return self.get(x413.id_att_entry_type)

    @property
    def content(self) -> Optional[bytes]:
        return self.get(x413.id_att_content)

    @property
    def message(self) -> Any:
        """The entry as a :class:`~x400fast.message.Message` (or IPN), read
        from its content and delivery envelope (fetch them)."""
        content = self.content
        if content is None:
            raise ValueError("the entry's content was not fetched")
        env = self.raw_values(x413.id_att_message_delivery_envelope)
        return read_content(content, env[0] if env else None)

    @property
    def report(self) -> Report:
        """The entry as a delivered :class:`~x400fast.message.Report`."""
        env = self.raw_values(x413.id_att_report_delivery_envelope)
        if not env:
            raise ValueError("the entry has no report delivery envelope")
        return Report.from_envelope(env[0], self.get(x413.id_att_content))


@dataclass(frozen=True)
class Summary:
    """SummarizeResult: ``count`` entries matched, numbered ``span``."""

    count: int
    span: Optional[Tuple[int, int]] = None
    next: Optional[int] = None
    summaries: Any = None
    raw: Any = field(default=None, repr=False, compare=False)

    @classmethod
    def from_value(cls, v: Mapping[str, Any]) -> "Summary":
        span = v.get("span")
        return cls(v["count"], (span["lowest"], span["highest"]) if span else None,
                   v.get("next"), v.get("summaries"), v)


@dataclass
class ListPage:
    """ListResult: the entries and, when the store stopped early, ``next``."""

    entries: List[Entry]
    next: Optional[int] = None

    def __iter__(self) -> Any:
        return iter(self.entries)

    def __len__(self) -> int:
        return len(self.entries)


ENTRY_CLASSES = {"delivery": 0, "submission": 1, "draft": 2, "stored-message": 3,
                 "delivery-log": 4, "submission-log": 5, "message-log": 6,
                 "auto-action-log": 7}


def entry_class(value: Union[int, str]) -> int:
    if isinstance(value, str):
        return ENTRY_CLASSES[value]
    return int(value)


def selector(*, range: Optional[Tuple[Any, Any]] = None, filter: Any = None,
             limit: Optional[int] = None, child_entries: bool = False,
             since: Optional[_dt.datetime] = None, until: Optional[_dt.datetime] = None,
             override: Any = None) -> Dict[str, Any]:
    """An X.413 ``Selector``: a sequence-number ``range`` (``(from, to)``,
    either end ``None``), or a creation-time range (``since``/``until``),
    a filter (see :mod:`x400fast.client.filters`), a limit."""
    sel: Dict[str, Any] = {}
    if child_entries:
        sel["child_entries"] = True
    if range is not None and (since is not None or until is not None):
        raise ValueError("give a sequence-number range or a time range, not both")
    if range is not None:
        lo, hi = range
        r: Dict[str, Any] = {}
        if lo is not None:
            r["from"] = lo
        if hi is not None:
            r["to"] = hi
        sel["range"] = ("sequence_number_range", r)
    elif since is not None or until is not None:
        r = {}
        if since is not None:
            r["from"] = since
        if until is not None:
            r["to"] = until
        sel["range"] = ("creation_time_range", r)
    if filter is not None:
        sel["filter"] = getattr(filter, "value", filter)
    if limit is not None:
        sel["limit"] = limit
    if override is not None:
        sel["override"] = frozenset(override)
    return sel


def attribute_selection(attributes: Optional[Iterable[Any]]) -> Optional[List[Dict[str, Any]]]:
    if attributes is None:
        return None
    out = []
    for a in attributes:
        out.append(dict(a) if isinstance(a, Mapping) else {"type": a})
    return out


DEFAULT_FETCH_ATTRIBUTES = (
    x413.id_att_entry_type, x413.id_att_content, x413.id_att_message_delivery_envelope,
    x413.id_att_report_delivery_envelope, x413.id_att_sequence_number,
    x413.id_att_creation_time)


class ClientGuard:
    """One thread at a time per client (composite calls such as bulk
    submission span many association calls, so the association's own
    guard is not enough)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._owner: Optional[int] = None

    def __enter__(self) -> "ClientGuard":
        me = threading.get_ident()
        if self._owner == me:
            raise AssociationBusy("this client is already in a call on this thread "
                                  "(a delivery callback may not use its own client)")
        if not self._lock.acquire(False):
            raise AssociationBusy("this client is in use by another thread; a client "
                                  "serves one thread at a time")
        self._owner = me
        return self

    def __exit__(self, *exc: Any) -> None:
        self._owner = None
        self._lock.release()
