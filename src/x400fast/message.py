"""Write and read X.400 interpersonal messages, reports and notifications.

::

    from x400fast.message import Message, TextBody, FileBody
    m = Message(originator="/CN=Alice/O=Isode/PRMD=Isode/ADMD= /C=GB/",
                to=["/CN=Bob/O=Isode/PRMD=Isode/ADMD= /C=GB/"],
                subject="Hello", importance="high")
    m.body.append(TextBody("Hello Bob"))
    envelope, content = m.to_submission()     # the P3 MessageSubmissionArgument

    received = Message.from_delivery(delivery_argument)   # value or BER
    received.subject, received.text, received.this_recipient
    rn = received.receipt()                   # the receipt notification to send back

    report = Report.from_delivery(report_argument)
    report.correlates(m)                      # m.record_submission(result) first
    [(r.recipient, r.reason, r.diagnostic) for r in report.non_delivered]

Every object converts to and from BER (``to_ber()`` / ``from_ber()``) and
shows its JSON form with ``to_json()``.  Errors are leaves of
:class:`x400fast.errors.MessageError` naming the field at fault.

The classes live in :mod:`x400fast.model`; this module is their public face.
"""
from __future__ import annotations

from .errors import (FieldTooLong, InvalidAddress, InvalidField, MessageError, MissingField,
                     UnexpectedContent)
from .model import *  # noqa: F401,F403
from .model import __all__ as _model_all
from .oraddress import ORAddress, ORName

__all__ = list(_model_all) + [
    "ORAddress", "ORName", "MessageError", "MissingField", "InvalidField", "FieldTooLong",
    "InvalidAddress", "UnexpectedContent"]
