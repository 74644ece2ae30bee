"""Blocking P3 and P7 clients (the asyncio twins are in :mod:`._aio`)."""
from __future__ import annotations

import logging

import ssl
import threading
import time
from typing import Any, Callable, Dict, Iterable, List, Optional, Sequence, Union

from .. import services as S
from ..asn1 import x413
from ..errors import (AssociationRejected, AssociationTimeout, ConnectionLost,
                      LocalProtocolError, RemoteOperationError, Rejected)
from ..io._address import Address
from ..io._sync import Association
from ..oraddress import ORAddress, ORName
from . import _common as C
from ._common import (BindInfo, BulkResult, BulkState, DeliveryItem, Entry, ListPage,
                      MSBindInfo, ProbeResult, SubmissionResult, Summary)

__all__ = ["P3Client", "P7Client", "submit_spread"]

Name = Union[ORName, ORAddress, str]


_log = logging.getLogger("x400fast.client")

class _Client:
    """What P3Client and P7Client share: the association's life."""

    _protocol = ""

    def __init__(self, address: Union[Address, str], name: Name, password: Union[str, bytes],
                 *, directory_name: Optional[bytes] = None,
                 tls: Union[bool, ssl.SSLContext, None] = None,
                 timeout: Optional[float] = 60.0, application_context: Union[int, str, None] = None,
                 server_hostname: Optional[str] = None,
                 allow_plaintext_password: bool = False, **options: Any) -> None:
        self.address = self._address(address)
        self.name = name
        self._password = password
        self.directory_name = directory_name
        self.tls = tls
        self.timeout = timeout
        self.application_context = self._context(application_context)
        self.server_hostname = server_hostname
        self.allow_plaintext_password = allow_plaintext_password
        self._options = options
        self.association: Optional[Association] = None
        self._guard = C.ClientGuard()

    def __repr__(self) -> str:
        return "<%s %s %s>" % (type(self).__name__, self.address,
                               "bound" if self.bound else "not bound")

    @property
    def bound(self) -> bool:
        return self.association is not None and self.association.bound

    def _assoc(self) -> Association:
        if self.association is None:
            raise LocalProtocolError("the client is not connected: call connect() first")
        return self.association

    def _open(self, syntaxes: Sequence[Any], binds: Sequence[Any], argument: Any,
              timeout: Optional[float]) -> Any:
        if self.association is not None and self.association.bound:
            raise LocalProtocolError("the client is already connected")
        assoc = Association(syntaxes, binds, timeout=self.timeout, **self._options)
        try:
            result = assoc.open(self.address, self.application_context, argument,
                                timeout=timeout, tls=self.tls,
                                server_hostname=self.server_hostname,
                                bind_has_password=True,
                                allow_plaintext_password=self.allow_plaintext_password)
        except AssociationRejected as exc:
            raise C.bind_error(exc) from None
        self.association = assoc
        return result

    def _invoke(self, opcode: int, argument: Any, syntax: str,
                timeout: Optional[float]) -> Any:
        try:
            return self._assoc().invoke(opcode, argument, abstract_syntax=syntax,
                                        timeout=timeout)
        except RemoteOperationError as exc:
            raise S.operation_error(exc) from None

    def close(self, timeout: Optional[float] = None) -> None:
        """Unbind and release (abort when the release fails or the
        association is already lost)."""
        assoc = self.association
        if assoc is None:
            return
        with self._guard:
            try:
                if assoc.bound:
                    try:
                        assoc.release(timeout=timeout)
                    except ConnectionLost as exc:
                        # Lost while releasing: with nothing in flight no work
                        # is in doubt, so closing has done its job.
                        if exc.in_doubt or getattr(exc, "not_sent", ()):
                            raise
                        _log.info("association lost during release: %s", exc)
            finally:
                assoc.close()

    def abort(self) -> None:
        """Abort the association at once (outstanding work in doubt)."""
        if self.association is not None:
            self.association.close()

    def __enter__(self) -> Any:
        if not self.bound:
            self.connect()
        return self

    def __exit__(self, exc_type: Any, exc: Any, tb: Any) -> None:
        if exc_type is None:
            self.close()
        else:
            self.abort()


class P3Client(_Client):
    """A user agent's P3 association with an MTA (blocking).

    :param address: the MTA: an :class:`~x400fast.association.Address`, an
        ISODE-style string, or ``"host[:port]"`` (then TSEL "593", port 102).
    :param name: / :param password: the user's O/R name and MTS password
        (simple credentials); :param directory_name: BER of the user's
        directory name, put in the O/R name.
    :param tls: ``True`` (verifying default context) or an ``SSLContext``.
        A password over plain TCP needs ``allow_plaintext_password=True``.
    :param application_context: 1988 (mts-access-88, default), 1994, or
        an OID.
    :param on_delivery: called with each :class:`DeliveryItem` the MTA
        delivers; the delivery is acknowledged only once it returns
        (raising refuses it: the MTA keeps the message).
    :param spool: a directory: each delivery is written there (fsync)
        before it is acknowledged (and before ``on_delivery``).

    One thread at a time: a second thread gets
    :class:`~x400fast.errors.AssociationBusy`.
    """

    _protocol = "P3"

    def __init__(self, address: Union[Address, str], name: Name, password: Union[str, bytes],
                 *, on_delivery: Optional[Callable[[DeliveryItem], Any]] = None,
                 spool: Optional[str] = None, **kwargs: Any) -> None:
        super().__init__(address, name, password, **kwargs)
        self.on_delivery = on_delivery
        self.spool = spool
        self.bind_info: Optional[BindInfo] = None
        self.delivered: List[DeliveryItem] = []
        ac = self.application_context
        self._submission = S.submission_syntax(ac)
        self._delivery = S.delivery_syntax(ac)
        self._admin = S.administration_syntax(ac)

    @staticmethod
    def _address(address: Union[Address, str]) -> Address:
        return S.p3_address(address)

    @staticmethod
    def _context(value: Union[int, str, None]) -> str:
        return S.p3_context(value)

    def connect(self, *, timeout: Optional[float] = None) -> BindInfo:
        """Connect and bind; returns what the MTA said (messages waiting).

        :raises AuthenticationFailed: / :raises BindRefused: the MTA
            refused the bind.
        """
        with self._guard:
            arg = S.mts_bind_argument(self.name, self._password, self.directory_name)
            result = self._open(S.P3_SYNTAXES, S.P3_BINDS, arg, timeout)
            self.bind_info = BindInfo.from_result(result, self.application_context)
            return self.bind_info

    # -- submission -----------------------------------------------------------

    def submit(self, message: Any, *, timeout: Optional[float] = None) -> SubmissionResult:
        """Submit a :class:`~x400fast.message.Message` (its MTS identifier
        and submission time are recorded on it) or a raw
        MessageSubmissionArgument value.

        :raises OperationError: a leaf per X.411 error (originator-invalid,
            recipient-improperly-specified with the recipients...).
        """
        with self._guard:
            arg, model = C.submission_argument(message)
            result = self._invoke(C.OP_SUBMIT, arg, self._submission, timeout)
            return C.submission_result(result, model)

    def probe(self, probe: Any, *, timeout: Optional[float] = None) -> ProbeResult:
        """Submit a probe for a Message's recipients (or a raw
        ProbeSubmissionArgument); reports come back as deliveries."""
        with self._guard:
            result = self._invoke(C.OP_PROBE, C.probe_argument(probe), self._submission,
                                  timeout)
            return C.probe_result(result)

    def cancel_deferred_delivery(self, mts_id: Any, *, timeout: Optional[float] = None
                                 ) -> None:
        """Cancel a deferred delivery (an MTSIdentifier, its text, a
        SubmissionResult or a submitted Message)."""
        with self._guard:
            self._invoke(C.OP_CANCEL, C.mts_id_value(mts_id), self._submission, timeout)

    def delivery_control(self, controls: Optional[Dict[str, Any]] = None, *,
                         timeout: Optional[float] = None, **fields: Any) -> Any:
        """Set delivery controls (X.411 ``Controls`` fields as keyword
        arguments: ``restrict``, ``permissible_operations``...); returns
        the MTA's ``Waiting`` value.  An unrestricting call (the default,
        ``restrict=False``) tells the MTA to deliver what it holds."""
        with self._guard:
            arg = dict(controls or {})
            arg.update(fields)
            arg.setdefault("restrict", False)
            return self._invoke(C.OP_DELIVERY_CONTROL, arg, self._delivery, timeout)

    def register(self, argument: Dict[str, Any], *, timeout: Optional[float] = None) -> Any:
        """register (administration): the Register88 / RegisterArgument
        value of the bound edition."""
        with self._guard:
            return self._invoke(C.OP_REGISTER, argument, self._admin, timeout)

    def change_credentials(self, old: Union[str, bytes], new: Union[str, bytes], *,
                           timeout: Optional[float] = None) -> None:
        """change-credentials with simple passwords."""
        with self._guard:
            arg = {"old_credentials": S.simple_credentials(old),
                   "new_credentials": S.simple_credentials(new)}
            self._invoke(C.OP_CHANGE_CREDENTIALS, arg, self._admin, timeout)
            self._password = new

    # -- bulk -----------------------------------------------------------------

    def submit_many(self, messages: Iterable[Any], *, window: int = 64,
                    timeout: Optional[float] = None) -> BulkResult:
        """Submit many messages pipelined, up to ``window`` invocations
        outstanding, sent in grouped writes.

        Returns a :class:`BulkResult` with every message accepted,
        rejected, in doubt (the association failed after its invoke may
        have left) or not sent.  ``timeout`` bounds each wait for a result.
        """
        with self._guard:
            state = BulkState(messages, window)
            assoc = self._assoc()
            while not state.done:
                batch = state.next_batch()
                if batch:
                    self._send_batch(assoc, state, batch, timeout)
                if not state.order:
                    continue
                iid, idx = state.order.pop(0)
                state.record(iid, idx, self._wait_outcome(assoc, iid, timeout))
                # Collect what has already arrived without waiting.
                while state.order:
                    iid, idx = state.order[0]
                    try:
                        outcome = self._wait_outcome(assoc, iid, 0)
                    except AssociationTimeout:
                        break
                    state.order.pop(0)
                    state.record(iid, idx, outcome)
            return state.finish()

    def _send_batch(self, assoc: Association, state: BulkState, batch: List[int],
                    timeout: Optional[float]) -> None:
        specs = [(C.OP_SUBMIT, state.args[i], self._submission) for i in batch]
        known = [iid for iid, _ in state.order]
        try:
            ids = assoc.send_invokes(specs, timeout=timeout)
        except LocalProtocolError as exc:
            ids = list(getattr(exc, "invoke_ids", ()))
            state.sent(batch[:len(ids)], ids)
            bad = batch[len(ids)]
            state.items[bad].status = C.REJECTED_
            state.items[bad].error = exc
            # the rest of the batch was never queued: back in line
            state.next = min([state.next] + batch[len(ids) + 1:])
            return
        except ConnectionLost as exc:
            for (iid, status), idx in zip(C.split_ids_after_loss(exc, known, len(batch)),
                                          batch):
                state.items[idx].status = status
                state.items[idx].error = exc
            state.failure = exc
            return
        state.sent(batch, ids)

    @staticmethod
    def _wait_outcome(assoc: Association, iid: int, timeout: Optional[float]) -> Any:
        try:
            value = assoc.wait(iid, timeout=timeout)
        except (RemoteOperationError, Rejected, ConnectionLost) as exc:
            return C.outcome_of_exception(iid, exc)
        return C.Outcome(iid, C.RESULT, value)

    # -- delivery ---------------------------------------------------------------

    def wait_until_idle(self, timeout: Optional[float] = None, *, quiet: float = 2.0
                        ) -> List[DeliveryItem]:
        """Take every delivery the MTA pushes until it stays quiet for
        ``quiet`` seconds (or ``timeout`` passes), securing each one
        (spool, then ``on_delivery``) before acknowledging it.  Returns
        the items taken.  Call before closing, so that unbinding never
        strands queued messages.

        :raises Exception: whatever ``on_delivery`` raised (that delivery
            was refused with a ROS reject, so the MTA keeps it).
        """
        with self._guard:
            assoc = self._assoc()
            taken: List[DeliveryItem] = []
            end = None if timeout is None else time.monotonic() + timeout
            while True:
                wait = quiet if end is None else min(quiet, end - time.monotonic())
                if wait <= 0:
                    return taken
                try:
                    inv = assoc.next_invoke(timeout=wait)
                except AssociationTimeout:
                    return taken
                if inv is None:                 # the MTA released
                    return taken
                item = self._handle_invoke(assoc, inv)
                if item is not None:
                    taken.append(item)

    def _handle_invoke(self, assoc: Association, inv: Any) -> Optional[DeliveryItem]:
        iid = inv.invoke_id
        kind = C.delivery_kind(inv.opcode, inv.abstract_syntax, (self._delivery,))
        if kind is None:
            if inv.opcode == C.OP_SUBMISSION_CONTROL and inv.abstract_syntax == self._submission:
                # The MTS restricts submissions: accept, nothing waiting here.
                self.submission_controls = inv.argument
                assoc.reply(iid, {})
            else:
                assoc.reject(iid, "unrecognizedOperation")
            return None
        item = DeliveryItem(kind, inv.argument, iid)
        try:
            if self.spool is not None:
                item.path = C.spool_write(self.spool, item)
            if self.on_delivery is not None:
                self.on_delivery(item)
        except BaseException:
            assoc.reject(iid, "resourceLimitation")
            raise
        assoc.reply(iid, {} if kind == "message" else ("empty_result", None))
        self.delivered.append(item)
        return item


class P7Client(_Client):
    """A user agent's P7 association with a Message Store (blocking).

    :param address: the store: ``"host[:port]"`` gets TSEL "3001" and
        port 3001 (Isode's example), or give an Address.
    :param application_context: 1988 (ms-access-88, the default), 1994,
        or an OID.
    :param configuration_request: ask the store for its attribute types
        at bind (Isode's default; turn off for stores that dislike it).

    Other parameters as :class:`P3Client`.
    """

    _protocol = "P7"

    def __init__(self, address: Union[Address, str], name: Name, password: Union[str, bytes],
                 *, configuration_request: bool = True,
                 on_alert: Optional[Callable[[Any], Any]] = None, **kwargs: Any) -> None:
        super().__init__(address, name, password, **kwargs)
        self.configuration_request = configuration_request
        self.on_alert = on_alert
        self.bind_info: Optional[MSBindInfo] = None
        self.alerts: List[Any] = []
        self._secured: set = set()
        ac = self.application_context
        self._submission = S.submission_syntax(ac)
        self._retrieval = S.delivery_syntax(ac)
        self._admin = S.administration_syntax(ac)

    @staticmethod
    def _address(address: Union[Address, str]) -> Address:
        return S.p7_address(address)

    @staticmethod
    def _context(value: Union[int, str, None]) -> str:
        return S.p7_context(value)

    def connect(self, *, timeout: Optional[float] = None, count_new: bool = True
                ) -> MSBindInfo:
        """Connect and bind; with ``count_new`` a summarize counts the new
        delivered entries (``messages_waiting``), as Isode's client does."""
        with self._guard:
            arg = S.ms_bind_argument(self.name, self._password, self.directory_name,
                                     configuration_request=self.configuration_request)
            result = self._open(S.P7_SYNTAXES, S.P7_BINDS, arg, timeout)
            waiting = None
            if count_new:
                try:
                    waiting = self._summarize_value(
                        {"entry_class": 0, "selector": {"filter": _NEW.value}},
                        timeout).count
                except RemoteOperationError:
                    waiting = None
            self.bind_info = MSBindInfo.from_result(result, self.application_context, waiting)
            return self.bind_info

    def _summarize_value(self, arg: Dict[str, Any], timeout: Optional[float]) -> Summary:
        return Summary.from_value(self._invoke(C.OP_SUMMARIZE, arg, self._retrieval, timeout))

    def summarize(self, *, entry_class: Union[int, str] = 0,
                  summary_requests: Optional[Sequence[str]] = None,
                  timeout: Optional[float] = None, **select: Any) -> Summary:
        """How many entries a selector matches (``range``, ``since``,
        ``until``, ``filter``, ``limit``) and their span; with
        ``summary_requests`` the store also counts values per attribute."""
        with self._guard:
            arg: Dict[str, Any] = {"entry_class": C.entry_class(entry_class),
                                   "selector": C.selector(**select)}
            if summary_requests:
                arg["summary_requests"] = list(summary_requests)
            return self._summarize_value(arg, timeout)

    def list(self, *, entry_class: Union[int, str] = 0,
             attributes: Optional[Iterable[Any]] = None,
             timeout: Optional[float] = None, **select: Any) -> ListPage:
        """List entries matching a selector (``range=(from, to)``,
        ``since``/``until`` creation times, ``filter``, ``limit``) with the
        requested ``attributes`` (OIDs; ``[]`` asks for sequence numbers
        only; ``None`` the store's defaults)."""
        with self._guard:
            arg: Dict[str, Any] = {"entry_class": C.entry_class(entry_class),
                                   "selector": C.selector(**select)}
            sel = C.attribute_selection(attributes)
            if sel is not None:
                arg["requested_attributes"] = sel
            res = self._invoke(C.OP_LIST, arg, self._retrieval, timeout)
            return ListPage([Entry.from_value(e) for e in res.get("requested") or ()],
                            res.get("next"))

    def fetch(self, sequence_number: int, *, attributes: Optional[Iterable[Any]] = None,
              entry_class: Union[int, str] = 0,
              secure: Optional[Callable[[Entry], Any]] = None,
              timeout: Optional[float] = None) -> Entry:
        """Fetch one entry (by default its type, content and envelope, so
        that ``entry.message`` / ``entry.report`` read it through the
        model).  With ``secure``, the callback runs on the entry and, once
        it returns, the entry counts as secured for ``delete(...,
        only_secured=True)``."""
        with self._guard:
            attrs = C.DEFAULT_FETCH_ATTRIBUTES if attributes is None else attributes
            arg: Dict[str, Any] = {"entry_class": C.entry_class(entry_class),
                                   "item": ("precise", sequence_number)}
            sel = C.attribute_selection(attrs)
            if sel is not None:
                arg["requested_attributes"] = sel
            res = self._invoke(C.OP_FETCH, arg, self._retrieval, timeout)
            info = res.get("entry_information")
            if info is None:
                raise C.RemoteResultError("the store returned no entry for %d"
                                          % sequence_number)
            entry = Entry.from_value(info)
        if secure is not None:
            secure(entry)
            self._secured.add(entry.sequence_number)
        return entry

    def mark_secured(self, *sequence_numbers: int) -> None:
        """Record that the caller has kept these entries safely."""
        self._secured.update(sequence_numbers)

    def delete(self, sequence_numbers: Iterable[int], *, only_secured: bool = False,
               entry_class: Union[int, str] = 0, timeout: Optional[float] = None) -> Any:
        """Delete entries.  With ``only_secured``, refuse (ValueError,
        nothing sent) unless every entry was secured by a ``fetch(...,
        secure=...)`` or :meth:`mark_secured` (reliability.md 4.2 rule 6)."""
        seqs = sorted(set(sequence_numbers))
        if not seqs:
            raise ValueError("no sequence numbers to delete")
        if only_secured:
            missing = [s for s in seqs if s not in self._secured]
            if missing:
                raise ValueError("entries %s were not secured locally; not deleting"
                                 % missing)
        with self._guard:
            arg = {"entry_class": C.entry_class(entry_class),
                   "items": ("sequence_numbers", seqs)}
            res = self._invoke(C.OP_DELETE, arg, self._retrieval, timeout)
            self._secured.difference_update(seqs)
            return res

    def register_ms(self, argument: Optional[Dict[str, Any]] = None, *,
                    timeout: Optional[float] = None, **fields: Any) -> Any:
        """register-MS (Register-MSArgument fields as keyword arguments,
        e.g. ``list_attribute_defaults=[...]``)."""
        with self._guard:
            arg = dict(argument or {})
            arg.update(fields)
            return self._invoke(C.OP_REGISTER_MS, arg, self._retrieval, timeout)

    def submit(self, message: Any, *, timeout: Optional[float] = None) -> SubmissionResult:
        """Submit through the store (ms-message-submission)."""
        with self._guard:
            arg, model = C.submission_argument(message)
            result = self._invoke(C.OP_SUBMIT, arg, self._submission, timeout)
            return C.submission_result(result, model)

    def probe(self, probe: Any, *, timeout: Optional[float] = None) -> ProbeResult:
        """Probe through the store (ms-probe-submission)."""
        with self._guard:
            result = self._invoke(C.OP_PROBE, C.probe_argument(probe), self._submission,
                                  timeout)
            return C.probe_result(result)

    def wait_for_alerts(self, timeout: float) -> List[Any]:
        """Answer the store's alert invocations for up to ``timeout``
        seconds (returns at the first quiet moment after one arrived);
        each AlertArgument goes to ``on_alert`` and :attr:`alerts`."""
        with self._guard:
            assoc = self._assoc()
            got: List[Any] = []
            end = time.monotonic() + timeout
            while True:
                left = end - time.monotonic()
                if left <= 0:
                    return got
                try:
                    inv = assoc.next_invoke(timeout=left if not got else min(left, 0.2))
                except AssociationTimeout:
                    return got
                if inv is None:
                    return got
                if inv.opcode == C.OP_ALERT and inv.abstract_syntax == self._retrieval:
                    try:
                        if self.on_alert is not None:
                            self.on_alert(inv.argument)
                    except BaseException:
                        assoc.reject(inv.invoke_id, "resourceLimitation")
                        raise
                    assoc.reply(inv.invoke_id, None)
                    self.alerts.append(inv.argument)
                    got.append(inv.argument)
                elif (inv.opcode == C.OP_SUBMISSION_CONTROL
                      and inv.abstract_syntax == self._submission):
                    assoc.reply(inv.invoke_id, {})
                else:
                    assoc.reject(inv.invoke_id, "unrecognizedOperation")


from .filters import equals as _equals  # noqa: E402

_NEW = _equals(x413.id_att_retrieval_status, 0)


def submit_spread(clients: Sequence[P3Client], messages: Iterable[Any], *,
                  window: int = 64, timeout: Optional[float] = None) -> BulkResult:
    """Spread a bulk submission over several bound clients (one thread
    each, each pipelining with ``window``); the merged :class:`BulkResult`
    is in input order."""
    items = list(messages)
    if not clients:
        raise ValueError("no clients to submit with")
    k = len(clients)
    slices = [list(range(i, len(items), k)) for i in range(k)]
    results: List[Any] = [None] * k

    def run(j: int) -> None:
        try:
            results[j] = clients[j].submit_many([items[i] for i in slices[j]],
                                                window=window, timeout=timeout)
        except BaseException as exc:       # fate of the slice unknown
            results[j] = exc

    threads = [threading.Thread(target=run, args=(j,), name="x400fast-bulk-%d" % j)
               for j in range(k)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    parts = []
    for j, res in enumerate(results):
        if isinstance(res, BaseException):
            # submit_many itself failed (a timeout...): what it sent may
            # have been submitted, so nothing of the slice is called safe.
            res = BulkResult([C.BulkItem(i, items[i], C.IN_DOUBT, None, res)
                              for i in slices[j]])
        parts.append((slices[j], res))
    return BulkResult.merge(parts, len(items))
