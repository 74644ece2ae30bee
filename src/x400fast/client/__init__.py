"""P3 and P7 clients, blocking and asyncio, with the same names.

::

    from x400fast.client import P3Client
    from x400fast.message import Message

    with P3Client("mta.example", "/CN=Alice/O=Org/PRMD=P/ADMD= /C=GB/", "secret",
                  tls=True, spool="/var/spool/x400") as mta:
        print(mta.bind_info.messages_waiting)
        result = mta.submit(Message(...))          # MTS identifier, time
        bulk = mta.submit_many(messages, window=64)
        mta.wait_until_idle(quiet=2.0)             # take every delivery first

    from x400fast.client import P7Client, filters as F
    with P7Client("ms.example", name, password, tls=True) as ms:
        for entry in ms.list(filter=F.equals(x413.id_att_retrieval_status, 0)):
            fetched = ms.fetch(entry.sequence_number, secure=save)
        ms.delete([...], only_secured=True)

:class:`AsyncP3Client` / :class:`AsyncP7Client` have the same methods as
coroutines.  Operation errors raise the leaves of
:class:`~x400fast.errors.OperationError`; a refused bind raises
:class:`~x400fast.errors.BindRefused` (:class:`~x400fast.errors.AuthenticationFailed`
for a wrong password).
"""
from __future__ import annotations

from . import filters
from ._aio import AsyncP3Client, AsyncP7Client, async_submit_spread
from ._common import (BindInfo, BulkItem, BulkResult, DeliveryItem, Entry, ListPage,
                      MSBindInfo, ProbeResult, SubmissionResult, Summary, selector)
from ._sync import P3Client, P7Client, submit_spread

__all__ = [
    "P3Client", "P7Client", "AsyncP3Client", "AsyncP7Client", "submit_spread",
    "async_submit_spread", "BindInfo", "MSBindInfo", "SubmissionResult", "ProbeResult",
    "DeliveryItem", "BulkItem", "BulkResult", "Entry", "ListPage", "Summary", "selector",
    "filters",
]
