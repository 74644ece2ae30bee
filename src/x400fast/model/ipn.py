"""Interpersonal notifications (X.420 ``IPN``): receipt and non-receipt.

A notification is content of its own (``InformationObject`` ``[1]``), sent
by a recipient's UA (or Message Store) to the originator of the IPM it is
about.  :class:`ReceiptNotification` and :class:`NonReceiptNotification`
hold the fields; :class:`OtherNotification` keeps the other notification
types (advice notifications) as their extensions.  Each converts to and
from the content octets and, with the few envelope fields a notification
needs, to a P3 submission; read from a delivery it has the delivery facts
as attributes like :class:`~x400fast.message.Message`.

:meth:`Message.receipt() <x400fast.message.Message.receipt>` and
:meth:`Message.non_receipt() <x400fast.message.Message.non_receipt>` build
the notification a recipient sends for a message.
"""
from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from typing import Any, Dict, FrozenSet, Mapping, Optional, Type, Union

from ..asn1 import x411, x420
from ..errors import InvalidField, MissingField, UnexpectedContent
from ..oraddress import ORName
from . import _util as U
from .message import PRIORITIES, Message, Submission, _check_ipms, _value_of
from .names import (IPMIdentifier, MTSIdentifier, ORDescriptor, REPORT_REQUESTS, _REPORT_BITS, _orname_value,
                    as_descriptor, as_ipm_id, as_mts_id)

__all__ = ["Notification", "ReceiptNotification", "NonReceiptNotification",
           "OtherNotification", "NON_RECEIPT_REASONS", "DISCARD_REASONS",
           "ACKNOWLEDGMENT_MODES"]

#: X.420 NonReceiptReasonField names.
NON_RECEIPT_REASONS = tuple(U.numbers_of(U.IPMS["NonReceiptReasonField"]))
#: X.420 DiscardReasonField names.
DISCARD_REASONS = tuple(U.numbers_of(U.IPMS["DiscardReasonField"]))
#: X.420 AcknowledgmentModeField names.
ACKNOWLEDGMENT_MODES = ("manual", "automatic")
_PRIORITY_NAMES = U.names_of(U.MTS["Priority"])
_REASON_NAMES = U.names_of(U.IPMS["NonReceiptReasonField"])
_DISCARD_NAMES = U.names_of(U.IPMS["DiscardReasonField"])
_ACK_NAMES = U.names_of(U.IPMS["AcknowledgmentModeField"])


@dataclass(eq=True)
class Notification:
    """Fields common to every IPN (X.420 ``CommonFields``) and the envelope.

    :ivar subject_ipm: the :class:`IPMIdentifier` of the IPM notified about.
    :ivar ipn_originator: who sends the notification (:class:`ORDescriptor`).
    :ivar ipm_intended_recipient: the recipient the IPM was meant for, when
        it was redirected.
    :ivar conversion_eits: EITs the IPM was converted to.
    :ivar notification_extensions: ``{OID: value}``.

    Envelope:

    :ivar recipient: where to send it: the IPM's originator (an O/R name).
    :ivar originator: the submitting O/R name; by default the IPN
        originator's formal name.
    :ivar priority: / :ivar report: / :ivar content_identifier: as on a message.

    Delivery facts (read from a delivery): ``mts_identifier``,
    ``submission_time``, ``delivery_time``, ``this_recipient``.
    ``raw`` holds the content octets a notification was read from.
    """

    subject_ipm: Any = None
    ipn_originator: Optional[ORDescriptor] = None
    ipm_intended_recipient: Optional[ORDescriptor] = None
    conversion_eits: Optional[FrozenSet[Any]] = None
    notification_extensions: Dict[str, Any] = field(default_factory=dict)
    # -- envelope --
    recipient: Optional[ORName] = None
    originator: Optional[ORName] = None
    priority: str = "normal"
    report: str = "non-delivery"
    content_identifier: Optional[str] = None
    # -- delivery --
    mts_identifier: Optional[MTSIdentifier] = None
    submission_time: Optional[_dt.datetime] = None
    delivery_time: Optional[_dt.datetime] = None
    this_recipient: Optional[ORName] = None
    raw: Optional[bytes] = field(default=None, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if self.subject_ipm is not None:
            self.subject_ipm = as_ipm_id(self.subject_ipm, "subject_ipm")
        for name in ("ipn_originator", "ipm_intended_recipient"):
            v = getattr(self, name)
            if v is not None:
                setattr(self, name, as_descriptor(v, name))
        for name in ("recipient", "originator", "this_recipient"):
            v = getattr(self, name)
            if v is not None:
                setattr(self, name, U.as_orname(v, name))
        self.conversion_eits = U.as_eits(self.conversion_eits, "conversion_eits")
        self.mts_identifier = as_mts_id(self.mts_identifier)
        for name in ("submission_time", "delivery_time"):
            setattr(self, name, U.utc(getattr(self, name), name))
        self._post_init()
        self._check_names()

    def _post_init(self) -> None:
        pass

    def _check_names(self) -> None:
        self.priority = U.named(self.priority, _PRIORITY_NAMES)
        U.check_name(self.priority, PRIORITIES, "priority", "priority")
        U.check_name(self.report, REPORT_REQUESTS, "report", "report request",
                     allow_int=False)

    def correlates(self, message: Any) -> bool:
        """Whether this notification is about ``message`` (a
        :class:`~x400fast.message.Message`, an :class:`IPMIdentifier` or
        its text)."""
        if isinstance(message, Message):
            target = message.ipm_id
        else:
            target = as_ipm_id(message, "message")
        return self.subject_ipm is not None and self.subject_ipm == target

    # -- content --------------------------------------------------------------

    def _choice(self) -> Any:  # pragma: no cover - abstract
        raise NotImplementedError

    def to_asn1(self) -> Dict[str, Any]:
        """The X.420 ``IPN`` value."""
        self._check_names()
        if self.subject_ipm is None:
            raise MissingField("an IPN names the IPM it is about", "subject_ipm")
        v: Dict[str, Any] = {"subject_ipm": as_ipm_id(self.subject_ipm, "subject_ipm").to_asn1()}
        for name in ("ipn_originator", "ipm_intended_recipient"):
            d = getattr(self, name)
            if d is not None:
                v[name] = as_descriptor(d, name)._descriptor_value(name)
        if self.conversion_eits is not None:
            v["conversion_eits"] = U.eits_to_value(self.conversion_eits, "conversion_eits")
        if self.notification_extensions:
            v["notification_extensions"] = U.ipms_extensions_to_value(
                self.notification_extensions, x420.NOTIFICATION_EXTENSIONS,
                "notification_extensions")
        v["choice"] = self._choice()
        return v

    def to_content(self) -> bytes:
        """The content octets: BER of the ``InformationObject`` (an IPN)."""
        return U.encode_as(U.T_INFORMATION_OBJECT, ("ipn", self.to_asn1()), "")

    to_ber = to_content

    def to_json(self) -> Any:
        return U.json_of(U.T_INFORMATION_OBJECT, ("ipn", self.to_asn1()))

    @staticmethod
    def _read(value: Mapping[str, Any]) -> "Notification":
        alt, fields = value["choice"]
        cls: Type[Notification] = {"receipt_fields": ReceiptNotification,
               "non_receipt_fields": NonReceiptNotification,
               "other_notification_type_fields": OtherNotification}[alt]
        common: Dict[str, Any] = {
            "subject_ipm": IPMIdentifier.from_asn1(value["subject_ipm"]),
            "ipn_originator": (None if value.get("ipn_originator") is None
                               else ORDescriptor.from_asn1(value["ipn_originator"])),
            "ipm_intended_recipient": (
                None if value.get("ipm_intended_recipient") is None
                else ORDescriptor.from_asn1(value["ipm_intended_recipient"])),
            "conversion_eits": U.eits_from_value(value.get("conversion_eits")),
            "notification_extensions": U.ipms_extensions_from_value(
                value.get("notification_extensions"), x420.NOTIFICATION_EXTENSIONS)}
        return cls._from_fields(common, fields)

    @classmethod
    def _from_fields(cls, common: Dict[str, Any], fields: Any) -> "Notification":
        raise NotImplementedError  # pragma: no cover

    @classmethod
    def from_content(cls, content: Any, envelope: Any = None) -> "Notification":
        """Read a notification from its content octets, with the delivery
        envelope when there is one (a ``MessageDeliveryEnvelope`` or
        ``OtherMessageDeliveryFields`` value, or its BER).  Called on a
        subclass, another kind of notification is refused."""
        data = bytes(content)
        io = U.T_INFORMATION_OBJECT.decode(data)
        if io[0] != "ipn":
            raise UnexpectedContent("the content is an IPM, not an IPN; read it with "
                                    "Message.from_content()", "content")
        n = Notification._read(io[1])
        if cls is not Notification and not isinstance(n, cls):
            raise UnexpectedContent("this is a %s, not a %s" % (
                type(n).__name__, cls.__name__), "content")
        n.raw = data
        if envelope is not None:
            n._apply_envelope(envelope)
        return n

    @classmethod
    def from_ber(cls, data: Any) -> "Notification":
        return cls.from_content(data)

    @classmethod
    def from_submission(cls, argument: Any) -> "Notification":
        """Read a P3 ``MessageSubmissionArgument`` carrying an IPN (BER,
        value, :class:`~x400fast.message.Submission` or ``(envelope,
        content)``): the notification with its originator, recipient,
        priority, report request and content identifier."""
        if isinstance(argument, (bytes, bytearray, memoryview)):
            argument = U.T_SUBMISSION_ARGUMENT.decode(bytes(argument))
        if isinstance(argument, Mapping):
            envelope, content = argument["envelope"], argument["content"]
        else:
            envelope, content = argument
        if isinstance(envelope, (bytes, bytearray, memoryview)):
            envelope = U.T_SUBMISSION_ENVELOPE.decode(bytes(envelope))
        n = cls.from_content(content)
        orig = U.orname_from_value(envelope["originator_name"])
        own = n.ipn_originator.address if n.ipn_originator is not None else None
        n.originator = None if own == orig else orig
        first = envelope["per_recipient_fields"][0]
        n.recipient = U.orname_from_value(first["recipient_name"])
        bits = first.get("originator_report_request", frozenset())
        n.report = ("delivery" if "report" in bits else
                    "non-delivery" if "non-delivery-report" in bits else "none")
        n.priority = envelope.get("priority", "normal")
        n.content_identifier = envelope.get("content_identifier")
        return n

    @classmethod
    def from_delivery(cls, argument: Any) -> "Notification":
        """Read a P3 ``MessageDeliveryArgument`` (value or BER) carrying an IPN."""
        value, _ = _value_of(argument, U.T_DELIVERY_ARGUMENT)
        _check_ipms(value["other_fields"]["content_type"])
        return cls.from_content(value["content"], value)

    # -- envelope -------------------------------------------------------------

    def _apply_envelope(self, envelope: Any) -> None:
        if isinstance(envelope, (bytes, bytearray, memoryview)):
            envelope = U.T_DELIVERY_ENVELOPE.decode(bytes(envelope))
        if "other_fields" in envelope:
            self.mts_identifier = MTSIdentifier.from_asn1(envelope["message_delivery_identifier"])
            self.delivery_time = U.utc(envelope["message_delivery_time"], "delivery_time")
            envelope = envelope["other_fields"]
        if "this_recipient_name" not in envelope:
            raise InvalidField("not a delivery envelope", "envelope")
        self.originator = U.orname_from_value(envelope["originator_name"])
        self.this_recipient = U.orname_from_value(envelope["this_recipient_name"])
        self.submission_time = U.utc(envelope["message_submission_time"], "submission_time")
        self.priority = envelope.get("priority", "normal")
        self.content_identifier = envelope.get("content_identifier")

    def to_submission(self) -> Submission:
        """The P3 ``MessageSubmissionArgument`` sending this notification to
        :attr:`recipient` (content type P22)."""
        content = self.to_content()
        orig = self.originator
        if orig is None and self.ipn_originator is not None:
            orig = self.ipn_originator.address
        if orig is None:
            raise MissingField("a submission needs an originator O/R name", "originator")
        if self.recipient is None:
            raise MissingField("a notification is sent to the IPM's originator: set "
                               "recipient", "recipient")
        env: Dict[str, Any] = {
            "originator_name": _orname_value(U.as_orname(orig, "originator"), "originator"),
            "content_type": ("built_in", x420.content_type_p22),
            "per_recipient_fields": [{
                "recipient_name": _orname_value(U.as_orname(self.recipient, "recipient"),
                                                "recipient"),
                "originator_report_request": _REPORT_BITS[self.report]}]}
        if self.priority != "normal":
            env["priority"] = self.priority
        if self.content_identifier is not None:
            env["content_identifier"] = U.check_text(
                self.content_identifier, "content_identifier", x411.ub_content_id_length,
                lo=1)
        U.encode_as(U.T_SUBMISSION_ENVELOPE, env, "envelope")
        return Submission(env, content)

    def submission_ber(self) -> bytes:
        return self.to_submission().to_ber()


# ---------------------------------------------------------------------------


@dataclass(eq=True)
class ReceiptNotification(Notification):
    """A receipt notification (RN).

    :ivar receipt_time: when the recipient took receipt (required).
    :ivar acknowledgment_mode: ``"manual"`` or ``"automatic"``.
    :ivar supplementary_info: PrintableString, 1..256.
    :ivar rn_extensions: ``{OID: value}``.
    """

    receipt_time: Optional[_dt.datetime] = None
    acknowledgment_mode: str = "manual"
    supplementary_info: Optional[str] = None
    rn_extensions: Dict[str, Any] = field(default_factory=dict)

    def _post_init(self) -> None:
        self.receipt_time = U.utc(self.receipt_time, "receipt_time")

    def _check_names(self) -> None:
        super()._check_names()
        self.acknowledgment_mode = U.named(self.acknowledgment_mode, _ACK_NAMES)
        U.check_name(self.acknowledgment_mode, ACKNOWLEDGMENT_MODES, "acknowledgment_mode",
                     "acknowledgment mode")

    def _choice(self) -> Any:
        if self.receipt_time is None:
            raise MissingField("a receipt notification needs its receipt time",
                               "receipt_time")
        f: Dict[str, Any] = {"receipt_time": U.utc(self.receipt_time, "receipt_time")}
        if self.acknowledgment_mode != "manual":
            f["acknowledgment_mode"] = self.acknowledgment_mode
        if self.supplementary_info is not None:
            f["suppl_receipt_info"] = U.check_text(
                self.supplementary_info, "supplementary_info",
                x411.ub_supplementary_info_length, lo=1)
        if self.rn_extensions:
            f["rn_extensions"] = U.ipms_extensions_to_value(self.rn_extensions, {},
                                                            "rn_extensions")
        return ("receipt_fields", f)

    @classmethod
    def _from_fields(cls, common: Dict[str, Any], f: Any) -> "ReceiptNotification":
        return cls(receipt_time=f["receipt_time"],
                   acknowledgment_mode=f.get("acknowledgment_mode", "manual"),
                   supplementary_info=f.get("suppl_receipt_info"),
                   rn_extensions=U.ipms_extensions_from_value(f.get("rn_extensions"), {}),
                   **common)


@dataclass(eq=True)
class NonReceiptNotification(Notification):
    """A non-receipt notification (NRN).

    :ivar reason: ``"ipm-discarded"`` or ``"ipm-auto-forwarded"``.
    :ivar discard_reason: ``"ipm-expired"``, ``"ipm-obsoleted"``,
        ``"user-subscription-terminated"`` or ``"not-used"``.
    :ivar auto_forward_comment: PrintableString up to 256.
    :ivar returned_ipm: the IPM returned with the notification, as a
        :class:`~x400fast.message.Message` (heading and body only).
    :ivar nrn_extensions: ``{OID: value}``.
    """

    reason: Union[str, int] = "ipm-discarded"
    discard_reason: Union[str, int, None] = None
    auto_forward_comment: Optional[str] = None
    returned_ipm: Optional[Message] = None
    nrn_extensions: Dict[str, Any] = field(default_factory=dict)

    def _check_names(self) -> None:
        super()._check_names()
        self.reason = U.named(self.reason, _REASON_NAMES)
        self.discard_reason = U.named(self.discard_reason, _DISCARD_NAMES)
        U.check_name(self.reason, NON_RECEIPT_REASONS, "reason", "non-receipt reason")
        if self.discard_reason is not None:
            U.check_name(self.discard_reason, DISCARD_REASONS, "discard_reason",
                         "discard reason")
        if self.returned_ipm is not None and not isinstance(self.returned_ipm, Message):
            raise InvalidField("the returned IPM is a Message", "returned_ipm")

    def _choice(self) -> Any:
        f: Dict[str, Any] = {"non_receipt_reason": self.reason}
        if self.discard_reason is not None:
            f["discard_reason"] = self.discard_reason
        if self.auto_forward_comment is not None:
            f["auto_forward_comment"] = U.check_text(
                self.auto_forward_comment, "auto_forward_comment",
                x420.ub_auto_forward_comment)
        if self.returned_ipm is not None:
            f["returned_ipm"] = self.returned_ipm._ipm_value("returned_ipm")
        if self.nrn_extensions:
            f["nrn_extensions"] = U.ipms_extensions_to_value(self.nrn_extensions, {},
                                                             "nrn_extensions")
        return ("non_receipt_fields", f)

    @classmethod
    def _from_fields(cls, common: Dict[str, Any], f: Any) -> "NonReceiptNotification":
        returned = f.get("returned_ipm")
        return cls(reason=f["non_receipt_reason"], discard_reason=f.get("discard_reason"),
                   auto_forward_comment=f.get("auto_forward_comment"),
                   returned_ipm=None if returned is None else Message._from_ipm(returned, None),
                   nrn_extensions=U.ipms_extensions_from_value(f.get("nrn_extensions"), {}),
                   **common)


@dataclass(eq=True)
class OtherNotification(Notification):
    """Another notification type (X.420 other-notification-type-fields:
    absence advice, change-of-address advice...).

    :ivar fields: ``{OID: value}``; values of the advice notifications of
        X.420 in the codec's value model, others ``Raw``.
    """

    fields: Dict[str, Any] = field(default_factory=dict)

    def _choice(self) -> Any:
        return ("other_notification_type_fields", U.ipms_extensions_to_value(
            self.fields, x420.ADVICE_NOTIFICATIONS, "fields"))

    @classmethod
    def _from_fields(cls, common: Dict[str, Any], f: Any) -> "OtherNotification":
        return cls(fields=U.ipms_extensions_from_value(f, x420.ADVICE_NOTIFICATIONS), **common)
