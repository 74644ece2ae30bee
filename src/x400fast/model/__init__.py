"""The message model: messages, body parts, reports and notifications.

Public names are re-exported by :mod:`x400fast.message`, which is where
users import them from; the submodules split the model by subject:
:mod:`.names` (descriptors, recipients, identifiers), :mod:`.body` (body
parts), :mod:`.message` (the IPM and its envelope), :mod:`.report`
(delivery reports), :mod:`.ipn` (receipt notifications).
"""
from __future__ import annotations

from ._util import Raw, extension_field, extension_value
from .body import (CHARSETS, BinaryBody, BodyPart, FileBody, ForwardedMessage, TextBody,
                   UnknownBody)
from .ipn import (ACKNOWLEDGMENT_MODES, DISCARD_REASONS, NON_RECEIPT_REASONS,
                  NonReceiptNotification, Notification, OtherNotification,
                  ReceiptNotification)
from .message import (IMPORTANCE, IPMS_CONTENT_TYPES, PRIORITIES, SENSITIVITY, Message,
                      Submission)
from .names import (EXPLICIT_CONVERSIONS, REPORT_REQUESTS, IPMIdentifier, MTSIdentifier,
                    ORDescriptor, Recipient)
from .reading import read_content, read_delivery
from .report import DIAGNOSTICS, REASONS, TYPES_OF_USER, Report, ReportRecipient

__all__ = [
    "Message", "Submission", "Recipient", "ORDescriptor", "IPMIdentifier", "MTSIdentifier",
    "BodyPart", "TextBody", "FileBody", "ForwardedMessage", "BinaryBody", "UnknownBody",
    "Report", "ReportRecipient",
    "Notification", "ReceiptNotification", "NonReceiptNotification", "OtherNotification",
    "read_content", "read_delivery", "extension_field", "extension_value", "Raw",
    "IMPORTANCE", "SENSITIVITY", "PRIORITIES", "IPMS_CONTENT_TYPES", "REPORT_REQUESTS",
    "EXPLICIT_CONVERSIONS", "CHARSETS", "REASONS", "DIAGNOSTICS", "TYPES_OF_USER",
    "NON_RECEIPT_REASONS", "DISCARD_REASONS", "ACKNOWLEDGMENT_MODES",
]
