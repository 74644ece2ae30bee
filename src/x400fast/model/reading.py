"""Reading content whose kind is not known in advance (IPM or IPN)."""
from __future__ import annotations

from typing import Any, Union

from . import _util as U
from .ipn import Notification
from .message import Message, _value_of

__all__ = ["read_content", "read_delivery"]


def read_content(content: Any, envelope: Any = None) -> Union[Message, Notification]:
    """A :class:`Message` or a :class:`Notification` from content octets
    (an X.420 ``InformationObject``), with the envelope when there is one
    (see :meth:`Message.from_content`)."""
    data = bytes(content)
    # The first octet tells them apart: A0 an IPM, A1 an IPN.
    if data[:1] == b"\xa1":
        return Notification.from_content(data, envelope)
    return Message.from_content(data, envelope)


def read_delivery(argument: Any) -> Union[Message, Notification]:
    """A :class:`Message` or a :class:`Notification` from a P3
    ``MessageDeliveryArgument`` (value or BER)."""
    value, _ = _value_of(argument, U.T_DELIVERY_ARGUMENT)
    return read_content(value["content"], value)
