"""asyncio P3 and P7 clients: the twins of :mod:`._sync`, same names and
parameters, every I/O method a coroutine.  Only the differences are
documented here; see :class:`~x400fast.client.P3Client` and
:class:`~x400fast.client.P7Client`."""
from __future__ import annotations

import logging

import asyncio
import time
from typing import Any, Dict, Iterable, List, Optional, Sequence, Union

from .. import services as S
from ..errors import (AssociationBusy, AssociationRejected, AssociationTimeout,
                      ConnectionLost, LocalProtocolError, RemoteOperationError, Rejected)
from ..io._aio import AsyncAssociation
from . import _common as C
from ._common import (BindInfo, BulkResult, BulkState, DeliveryItem, Entry, ListPage,
                      MSBindInfo, ProbeResult, SubmissionResult, Summary)
from ._sync import _NEW, P3Client, P7Client

__all__ = ["AsyncP3Client", "AsyncP7Client", "async_submit_spread"]


_log = logging.getLogger("x400fast.client")

class _TaskGuard:
    """One task at a time per client."""

    def __init__(self) -> None:
        self._owner: Optional["asyncio.Task[Any]"] = None

    def __enter__(self) -> "_TaskGuard":
        if self._owner is not None:
            raise AssociationBusy("this client is in use by another task (or a delivery "
                                  "callback used its own client); a client serves one "
                                  "task at a time")
        self._owner = asyncio.current_task()
        return self

    def __exit__(self, *exc: Any) -> None:
        self._owner = None


class _AsyncMixin:
    association: Optional[AsyncAssociation]

    def _assoc(self) -> AsyncAssociation:  # type: ignore[override]
        if self.association is None:
            raise LocalProtocolError("the client is not connected: call connect() first")
        return self.association

    async def _open(self, syntaxes: Sequence[Any], binds: Sequence[Any],  # type: ignore[override]
                    argument: Any, timeout: Optional[float]) -> Any:
        if self.association is not None and self.association.bound:
            raise LocalProtocolError("the client is already connected")
        assoc = AsyncAssociation(syntaxes, binds, timeout=self.timeout,  # type: ignore[attr-defined]
                                 **self._options)  # type: ignore[attr-defined]
        try:
            result = await assoc.open(
                self.address, self.application_context, argument,  # type: ignore[attr-defined]
                timeout=timeout, tls=self.tls,  # type: ignore[attr-defined]
                server_hostname=self.server_hostname,  # type: ignore[attr-defined]
                bind_has_password=True,
                allow_plaintext_password=self.allow_plaintext_password)  # type: ignore[attr-defined]
        except AssociationRejected as exc:
            raise C.bind_error(exc) from None
        self.association = assoc
        return result

    async def _invoke(self, opcode: int, argument: Any, syntax: str,  # type: ignore[override]
                      timeout: Optional[float]) -> Any:
        try:
            return await self._assoc().invoke(opcode, argument, abstract_syntax=syntax,
                                              timeout=timeout)
        except RemoteOperationError as exc:
            raise S.operation_error(exc) from None

    async def close(self, timeout: Optional[float] = None) -> None:  # type: ignore[override]
        assoc = self.association
        if assoc is None:
            return
        with self._guard:  # type: ignore[attr-defined]
            try:
                if assoc.bound:
                    try:
                        await assoc.release(timeout=timeout)
                    except ConnectionLost as exc:
                        # Lost while releasing: with nothing in flight no work
                        # is in doubt, so closing has done its job.
                        if exc.in_doubt or getattr(exc, "not_sent", ()):
                            raise
                        _log.info("association lost during release: %s", exc)
            finally:
                await assoc.close()

    async def abort(self) -> None:  # type: ignore[override]
        if self.association is not None:
            await self.association.close()

    async def __aenter__(self) -> Any:
        if not self.bound:  # type: ignore[attr-defined]
            await self.connect()  # type: ignore[attr-defined]
        return self

    async def __aexit__(self, exc_type: Any, exc: Any, tb: Any) -> None:
        if exc_type is None:
            await self.close()
        else:
            await self.abort()


class AsyncP3Client(_AsyncMixin, P3Client):  # type: ignore[misc]
    """The asyncio twin of :class:`~x400fast.client.P3Client`
    (``on_delivery`` may be a coroutine function)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._guard = _TaskGuard()  # type: ignore[assignment]

    async def connect(self, *, timeout: Optional[float] = None) -> BindInfo:  # type: ignore[override]
        with self._guard:
            arg = S.mts_bind_argument(self.name, self._password, self.directory_name)
            result = await self._open(S.P3_SYNTAXES, S.P3_BINDS, arg, timeout)
            self.bind_info = BindInfo.from_result(result, self.application_context)
            return self.bind_info

    async def submit(self, message: Any, *,  # type: ignore[override]
                     timeout: Optional[float] = None) -> SubmissionResult:
        with self._guard:
            arg, model = C.submission_argument(message)
            result = await self._invoke(C.OP_SUBMIT, arg, self._submission, timeout)
            return C.submission_result(result, model)

    async def probe(self, probe: Any, *,  # type: ignore[override]
                    timeout: Optional[float] = None) -> ProbeResult:
        with self._guard:
            result = await self._invoke(C.OP_PROBE, C.probe_argument(probe),
                                        self._submission, timeout)
            return C.probe_result(result)

    async def cancel_deferred_delivery(self, mts_id: Any, *,  # type: ignore[override]
                                       timeout: Optional[float] = None) -> None:
        with self._guard:
            await self._invoke(C.OP_CANCEL, C.mts_id_value(mts_id), self._submission,
                               timeout)

    async def delivery_control(self, controls: Optional[Dict[str, Any]] = None, *,  # type: ignore[override]
                               timeout: Optional[float] = None, **fields: Any) -> Any:
        with self._guard:
            arg = dict(controls or {})
            arg.update(fields)
            arg.setdefault("restrict", False)
            return await self._invoke(C.OP_DELIVERY_CONTROL, arg, self._delivery, timeout)

    async def register(self, argument: Dict[str, Any], *,  # type: ignore[override]
                       timeout: Optional[float] = None) -> Any:
        with self._guard:
            return await self._invoke(C.OP_REGISTER, argument, self._admin, timeout)

    async def change_credentials(self, old: Union[str, bytes], new: Union[str, bytes], *,  # type: ignore[override]
                                 timeout: Optional[float] = None) -> None:
        with self._guard:
            arg = {"old_credentials": S.simple_credentials(old),
                   "new_credentials": S.simple_credentials(new)}
            await self._invoke(C.OP_CHANGE_CREDENTIALS, arg, self._admin, timeout)
            self._password = new

    async def submit_many(self, messages: Iterable[Any], *, window: int = 64,  # type: ignore[override]
                          timeout: Optional[float] = None) -> BulkResult:
        with self._guard:
            state = BulkState(messages, window)
            assoc = self._assoc()
            while not state.done:
                batch = state.next_batch()
                if batch:
                    await self._send_batch_async(assoc, state, batch, timeout)
                if not state.order:
                    continue
                iid, idx = state.order.pop(0)
                state.record(iid, idx, await _wait_outcome(assoc, iid, timeout))
                while state.order:
                    iid, idx = state.order[0]
                    try:
                        outcome = await _wait_outcome(assoc, iid, 0)
                    except AssociationTimeout:
                        break
                    state.order.pop(0)
                    state.record(iid, idx, outcome)
            return state.finish()

    async def _send_batch_async(self, assoc: AsyncAssociation, state: BulkState,
                                batch: List[int], timeout: Optional[float]) -> None:
        specs = [(C.OP_SUBMIT, state.args[i], self._submission) for i in batch]
        known = [iid for iid, _ in state.order]
        try:
            ids = await assoc.send_invokes(specs, timeout=timeout)
        except LocalProtocolError as exc:
            ids = list(getattr(exc, "invoke_ids", ()))
            state.sent(batch[:len(ids)], ids)
            bad = batch[len(ids)]
            state.items[bad].status = C.REJECTED_
            state.items[bad].error = exc
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

    async def wait_until_idle(self, timeout: Optional[float] = None, *,  # type: ignore[override]
                              quiet: float = 2.0) -> List[DeliveryItem]:
        with self._guard:
            assoc = self._assoc()
            taken: List[DeliveryItem] = []
            end = None if timeout is None else time.monotonic() + timeout
            while True:
                wait = quiet if end is None else min(quiet, end - time.monotonic())
                if wait <= 0:
                    return taken
                try:
                    inv = await assoc.next_invoke(timeout=wait)
                except AssociationTimeout:
                    return taken
                if inv is None:
                    return taken
                item = await self._handle_invoke_async(assoc, inv)
                if item is not None:
                    taken.append(item)

    async def _handle_invoke_async(self, assoc: AsyncAssociation, inv: Any
                                   ) -> Optional[DeliveryItem]:
        iid = inv.invoke_id
        kind = C.delivery_kind(inv.opcode, inv.abstract_syntax, (self._delivery,))
        if kind is None:
            if inv.opcode == C.OP_SUBMISSION_CONTROL and inv.abstract_syntax == self._submission:
                self.submission_controls = inv.argument
                await assoc.reply(iid, {})
            else:
                await assoc.reject(iid, "unrecognizedOperation")
            return None
        item = DeliveryItem(kind, inv.argument, iid)
        try:
            if self.spool is not None:
                loop = asyncio.get_running_loop()
                item.path = await loop.run_in_executor(None, C.spool_write, self.spool, item)
            if self.on_delivery is not None:
                out = self.on_delivery(item)
                if asyncio.iscoroutine(out):
                    await out
        except BaseException:
            await assoc.reject(iid, "resourceLimitation")
            raise
        await assoc.reply(iid, {} if kind == "message" else ("empty_result", None))
        self.delivered.append(item)
        return item


async def _wait_outcome(assoc: AsyncAssociation, iid: int, timeout: Optional[float]) -> Any:
    try:
        value = await assoc.wait(iid, timeout=timeout)
    except (RemoteOperationError, Rejected, ConnectionLost) as exc:
        return C.outcome_of_exception(iid, exc)
    return C.Outcome(iid, C.RESULT, value)


class AsyncP7Client(_AsyncMixin, P7Client):  # type: ignore[misc]
    """The asyncio twin of :class:`~x400fast.client.P7Client`."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._guard = _TaskGuard()  # type: ignore[assignment]

    async def connect(self, *, timeout: Optional[float] = None,  # type: ignore[override]
                      count_new: bool = True) -> MSBindInfo:
        with self._guard:
            arg = S.ms_bind_argument(self.name, self._password, self.directory_name,
                                     configuration_request=self.configuration_request)
            result = await self._open(S.P7_SYNTAXES, S.P7_BINDS, arg, timeout)
            waiting = None
            if count_new:
                try:
                    waiting = Summary.from_value(await self._invoke(
                        C.OP_SUMMARIZE, {"entry_class": 0, "selector": {"filter": _NEW.value}},
                        self._retrieval, timeout)).count
                except RemoteOperationError:
                    waiting = None
            self.bind_info = MSBindInfo.from_result(result, self.application_context, waiting)
            return self.bind_info

    async def summarize(self, *, entry_class: Union[int, str] = 0,  # type: ignore[override]
                        summary_requests: Optional[Sequence[str]] = None,
                        timeout: Optional[float] = None, **select: Any) -> Summary:
        with self._guard:
            arg: Dict[str, Any] = {"entry_class": C.entry_class(entry_class),
                                   "selector": C.selector(**select)}
            if summary_requests:
                arg["summary_requests"] = list(summary_requests)
            return Summary.from_value(await self._invoke(C.OP_SUMMARIZE, arg,
                                                         self._retrieval, timeout))

    async def list(self, *, entry_class: Union[int, str] = 0,  # type: ignore[override]
                   attributes: Optional[Iterable[Any]] = None,
                   timeout: Optional[float] = None, **select: Any) -> ListPage:
        with self._guard:
            arg: Dict[str, Any] = {"entry_class": C.entry_class(entry_class),
                                   "selector": C.selector(**select)}
            sel = C.attribute_selection(attributes)
            if sel is not None:
                arg["requested_attributes"] = sel
            res = await self._invoke(C.OP_LIST, arg, self._retrieval, timeout)
            return ListPage([Entry.from_value(e) for e in res.get("requested") or ()],
                            res.get("next"))

    async def fetch(self, sequence_number: int, *,  # type: ignore[override]
                    attributes: Optional[Iterable[Any]] = None,
                    entry_class: Union[int, str] = 0, secure: Any = None,
                    timeout: Optional[float] = None) -> Entry:
        with self._guard:
            attrs = C.DEFAULT_FETCH_ATTRIBUTES if attributes is None else attributes
            arg: Dict[str, Any] = {"entry_class": C.entry_class(entry_class),
                                   "item": ("precise", sequence_number)}
            sel = C.attribute_selection(attrs)
            if sel is not None:
                arg["requested_attributes"] = sel
            res = await self._invoke(C.OP_FETCH, arg, self._retrieval, timeout)
            info = res.get("entry_information")
            if info is None:
                raise C.RemoteResultError("the store returned no entry for %d"
                                          % sequence_number)
            entry = Entry.from_value(info)
        if secure is not None:
            out = secure(entry)
            if asyncio.iscoroutine(out):
                await out
            self._secured.add(entry.sequence_number)
        return entry

    async def delete(self, sequence_numbers: Iterable[int], *,  # type: ignore[override]
                     only_secured: bool = False, entry_class: Union[int, str] = 0,
                     timeout: Optional[float] = None) -> Any:
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
            res = await self._invoke(C.OP_DELETE, arg, self._retrieval, timeout)
            self._secured.difference_update(seqs)
            return res

    async def register_ms(self, argument: Optional[Dict[str, Any]] = None, *,  # type: ignore[override]
                          timeout: Optional[float] = None, **fields: Any) -> Any:
        with self._guard:
            arg = dict(argument or {})
            arg.update(fields)
            return await self._invoke(C.OP_REGISTER_MS, arg, self._retrieval, timeout)

    async def submit(self, message: Any, *,  # type: ignore[override]
                     timeout: Optional[float] = None) -> SubmissionResult:
        with self._guard:
            arg, model = C.submission_argument(message)
            result = await self._invoke(C.OP_SUBMIT, arg, self._submission, timeout)
            return C.submission_result(result, model)

    async def probe(self, probe: Any, *,  # type: ignore[override]
                    timeout: Optional[float] = None) -> ProbeResult:
        with self._guard:
            result = await self._invoke(C.OP_PROBE, C.probe_argument(probe),
                                        self._submission, timeout)
            return C.probe_result(result)

    async def wait_for_alerts(self, timeout: float) -> List[Any]:  # type: ignore[override]
        with self._guard:
            assoc = self._assoc()
            got: List[Any] = []
            end = time.monotonic() + timeout
            while True:
                left = end - time.monotonic()
                if left <= 0:
                    return got
                try:
                    inv = await assoc.next_invoke(timeout=left if not got else min(left, 0.2))
                except AssociationTimeout:
                    return got
                if inv is None:
                    return got
                if inv.opcode == C.OP_ALERT and inv.abstract_syntax == self._retrieval:
                    try:
                        if self.on_alert is not None:
                            out = self.on_alert(inv.argument)
                            if asyncio.iscoroutine(out):
                                await out
                    except BaseException:
                        await assoc.reject(inv.invoke_id, "resourceLimitation")
                        raise
                    await assoc.reply(inv.invoke_id, None)
                    self.alerts.append(inv.argument)
                    got.append(inv.argument)
                else:
                    await assoc.reject(inv.invoke_id, "unrecognizedOperation")


async def async_submit_spread(clients: Sequence[AsyncP3Client], messages: Iterable[Any], *,
                              window: int = 64, timeout: Optional[float] = None
                              ) -> BulkResult:
    """The asyncio twin of :func:`~x400fast.client.submit_spread` (one
    task per client)."""
    items = list(messages)
    if not clients:
        raise ValueError("no clients to submit with")
    k = len(clients)
    slices = [list(range(i, len(items), k)) for i in range(k)]
    results = await asyncio.gather(*(
        clients[j].submit_many([items[i] for i in slices[j]], window=window, timeout=timeout)
        for j in range(k)), return_exceptions=True)
    parts = []
    for j, res in enumerate(results):
        if isinstance(res, BaseException):
            res = BulkResult([C.BulkItem(i, items[i], C.IN_DOUBT, None, res)
                              for i in slices[j]])
        parts.append((slices[j], res))
    return BulkResult.merge(parts, len(items))
