"""Delivery and non-delivery reports (X.411 ``ReportDeliveryArgument``).

A :class:`Report` is what the MTS delivers about a message submitted
earlier: the subject message's MTS identifier and, per recipient, either
when it was delivered or why not (reason and diagnostic codes, with their
X.411 names).  Read one from a P3 report delivery
(:meth:`Report.from_delivery`) or from the report envelope a Message Store
returns (:meth:`Report.from_envelope`); build one (an MTS, a gateway, the
reference server) from :class:`ReportRecipient` entries.
"""
from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from typing import Any, Dict, FrozenSet, List, Mapping, Optional, Union

from ..asn1 import x411
from ..errors import InvalidField, MissingField
from ..oraddress import ORName
from . import _util as U
from .message import Message, _MAPPED_EXTENSIONS, _value_of
from .names import MTSIdentifier, _orname_value, as_mts_id

__all__ = ["Report", "ReportRecipient", "REASONS", "DIAGNOSTICS", "TYPES_OF_USER"]

#: X.411 NonDeliveryReasonCode: code -> name.
REASONS: Dict[int, str] = U.names_of(U.MTS["NonDeliveryReasonCode"])
#: X.411 NonDeliveryDiagnosticCode: code -> name.
DIAGNOSTICS: Dict[int, str] = U.names_of(U.MTS["NonDeliveryDiagnosticCode"])
#: X.411 TypeOfMTSUser: code -> name.
TYPES_OF_USER: Dict[int, str] = U.names_of(U.MTS["TypeOfMTSUser"])
_REASON_CODES = {v: k for k, v in REASONS.items()}
_DIAGNOSTIC_CODES = {v: k for k, v in DIAGNOSTICS.items()}
_USER_CODES = {v: k for k, v in TYPES_OF_USER.items()}


def _code(value: Any, names: Dict[str, int], where: str, what: str,
          bound: int) -> Optional[int]:
    if value is None:
        return None
    if isinstance(value, str):
        if value not in names:
            raise InvalidField("unknown %s %r" % (what, value), where)
        return names[value]
    if isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= bound:
        return value
    raise InvalidField("a %s is a name or a code 0..%d" % (what, bound), where)


@dataclass(eq=True)
class ReportRecipient:
    """What a report says about one recipient (X.411
    ``PerRecipientReportDeliveryFields``).

    :ivar recipient: the actual recipient (:class:`ORName`).
    :ivar delivery_time: when it was delivered (a delivery report); ``None``
        for a non-delivery.
    :ivar type_of_user: type of the MTS user delivered to (code; 0 public).
    :ivar reason_code: / :ivar diagnostic_code: the non-delivery reason and
        diagnostic; a name is accepted when building and converted.
    :ivar supplementary_info: PrintableString, 1..256.
    :ivar originally_intended_recipient: when the message was redirected.
    :ivar converted_eits: EITs after conversion.
    :ivar extensions: per-recipient report extensions (``ExtensionField``
        values).
    """

    recipient: Optional[ORName] = None
    delivery_time: Optional[_dt.datetime] = None
    type_of_user: int = 0
    reason_code: Optional[int] = None
    diagnostic_code: Optional[int] = None
    supplementary_info: Optional[str] = None
    originally_intended_recipient: Optional[ORName] = None
    converted_eits: Optional[FrozenSet[Any]] = None
    extensions: List[Dict[str, Any]] = field(default_factory=list)
    raw: Optional[bytes] = field(default=None, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if self.recipient is not None:
            self.recipient = U.as_orname(self.recipient, "recipient")
        if self.originally_intended_recipient is not None:
            self.originally_intended_recipient = U.as_orname(
                self.originally_intended_recipient, "originally_intended_recipient")
        self.delivery_time = U.utc(self.delivery_time, "delivery_time")
        self.reason_code = _code(self.reason_code, _REASON_CODES, "reason_code",
                                 "non-delivery reason", x411.ub_reason_codes)
        self.diagnostic_code = _code(self.diagnostic_code, _DIAGNOSTIC_CODES,
                                     "diagnostic_code", "non-delivery diagnostic",
                                     x411.ub_diagnostic_codes)
        self.type_of_user = _code(self.type_of_user, _USER_CODES, "type_of_user",
                                  "type of MTS user", x411.ub_mts_user_types) or 0
        self.converted_eits = U.as_eits(self.converted_eits, "converted_eits")

    @classmethod
    def delivered_to(cls, recipient: Any, delivery_time: _dt.datetime,
                     **kw: Any) -> "ReportRecipient":
        """A delivery report entry."""
        return cls(recipient, delivery_time, **kw)

    @classmethod
    def failed(cls, recipient: Any, reason: Union[str, int] = "unable-to-transfer",
               diagnostic: Union[str, int, None] = None, **kw: Any) -> "ReportRecipient":
        """A non-delivery report entry; reason and diagnostic by X.411 name
        (``"unrecognised-OR-name"``...) or code."""
        return cls(recipient, reason_code=_code(reason, _REASON_CODES, "reason",
                                                 "non-delivery reason", x411.ub_reason_codes),
                   diagnostic_code=_code(diagnostic, _DIAGNOSTIC_CODES, "diagnostic",
                                         "non-delivery diagnostic", x411.ub_diagnostic_codes),
                   **kw)

    @property
    def delivered(self) -> bool:
        """True for a delivery report, False for a non-delivery report."""
        return self.delivery_time is not None

    @property
    def reason(self) -> Optional[str]:
        """X.411 name of the non-delivery reason (the code as text when X.411
        gives it no name)."""
        if self.reason_code is None:
            return None
        return REASONS.get(self.reason_code, str(self.reason_code))

    @property
    def diagnostic(self) -> Optional[str]:
        """X.411 name of the non-delivery diagnostic."""
        if self.diagnostic_code is None:
            return None
        return DIAGNOSTICS.get(self.diagnostic_code, str(self.diagnostic_code))

    @property
    def type_of_user_name(self) -> str:
        return TYPES_OF_USER.get(self.type_of_user, str(self.type_of_user))

    def __str__(self) -> str:
        if self.delivery_time is not None:
            return "%s: delivered %s" % (self.recipient, self.delivery_time.isoformat())
        text = "%s: not delivered (%s" % (self.recipient, self.reason)
        if self.diagnostic is not None:
            text += ", " + self.diagnostic
        return text + ")"

    def to_asn1(self, where: str = "recipient") -> Dict[str, Any]:
        """The ``PerRecipientReportDeliveryFields`` value."""
        if self.recipient is None:
            raise MissingField("the actual recipient's name", where + ".recipient")
        if self.delivery_time is not None:
            if self.reason_code is not None:
                raise InvalidField("a recipient is either delivered (delivery_time) or "
                                   "not (reason_code), not both", where)
            dr: Dict[str, Any] = {"message_delivery_time": U.utc(self.delivery_time,
                                                                 where + ".delivery_time")}
            if self.type_of_user:
                dr["type_of_mts_user"] = self.type_of_user
            report_type: Any = ("delivery", dr)
        else:
            if self.reason_code is None:
                raise MissingField("a non-delivery needs its reason (or a delivery its "
                                   "delivery_time)", where + ".reason_code")
            ndr: Dict[str, Any] = {"non_delivery_reason_code": self.reason_code}
            if self.diagnostic_code is not None:
                ndr["non_delivery_diagnostic_code"] = self.diagnostic_code
            report_type = ("non_delivery", ndr)
        v: Dict[str, Any] = {"actual_recipient_name": _orname_value(self.recipient,
                                                                    where + ".recipient"),
                             "report_type": report_type}
        if self.converted_eits is not None:
            v["converted_encoded_information_types"] = U.eits_to_value(
                self.converted_eits, where + ".converted_eits")
        if self.originally_intended_recipient is not None:
            v["originally_intended_recipient_name"] = _orname_value(
                self.originally_intended_recipient, where + ".originally_intended_recipient")
        if self.supplementary_info is not None:
            v["supplementary_information"] = U.check_text(
                self.supplementary_info, where + ".supplementary_info",
                x411.ub_supplementary_info_length, lo=1)
        if self.extensions:
            v["extensions"] = [dict(e) for e in self.extensions]
        return v

    @classmethod
    def from_asn1(cls, value: Mapping[str, Any]) -> "ReportRecipient":
        alt, rt = value["report_type"]
        oir = value.get("originally_intended_recipient_name")
        obj = cls.__new__(cls)
        obj.recipient = U.orname_from_value(value["actual_recipient_name"])
        obj.delivery_time = rt["message_delivery_time"] if alt == "delivery" else None
        obj.type_of_user = rt.get("type_of_mts_user", 0) if alt == "delivery" else 0
        obj.reason_code = rt["non_delivery_reason_code"] if alt == "non_delivery" else None
        obj.diagnostic_code = (rt.get("non_delivery_diagnostic_code")
                               if alt == "non_delivery" else None)
        obj.supplementary_info = value.get("supplementary_information")
        obj.originally_intended_recipient = None if oir is None else U.orname_from_value(oir)
        obj.converted_eits = U.eits_from_value(value.get("converted_encoded_information_types"))
        obj.extensions = [U.normalise_extension(e) for e in value.get("extensions", ())]
        return obj

    def to_ber(self) -> bytes:
        return U.encode_as(U.T_PER_RECIPIENT_REPORT, self.to_asn1(), "")

    def to_json(self) -> Any:
        return U.json_of(U.T_PER_RECIPIENT_REPORT, self.to_asn1())

    @classmethod
    def from_ber(cls, data: Any) -> "ReportRecipient":
        obj = cls.from_asn1(U.T_PER_RECIPIENT_REPORT.decode(bytes(data)))
        obj.raw = bytes(data)
        return obj


def _as_report_recipient(value: Any, where: str) -> ReportRecipient:
    if isinstance(value, ReportRecipient):
        return value
    raise InvalidField("a report entry is a ReportRecipient", where)


@dataclass(eq=True)
class Report:
    """A delivery / non-delivery report.

    :ivar subject_identifier: the :class:`MTSIdentifier` of the message (or
        probe) reported on.
    :ivar recipients: one :class:`ReportRecipient` per recipient reported on.
    :ivar content_identifier: / :ivar content_type: / :ivar original_eits:
        as the subject message had them.
    :ivar content_correlator: the subject message's content correlator.
    :ivar security_label: message-security-label (X.411 value).
    :ivar extensions: other report extensions (``ExtensionField`` values:
        trace information, reporting MTA name...).
    :ivar returned_content: the subject message's content, returned when
        the originator asked for it and a recipient was not delivered.

    ``raw`` holds the BER a report was read from.
    """

    subject_identifier: Optional[MTSIdentifier] = None
    recipients: List[ReportRecipient] = field(default_factory=list)
    content_identifier: Optional[str] = None
    content_type: Union[int, str, None] = None
    original_eits: Optional[FrozenSet[Any]] = None
    content_correlator: Union[str, bytes, None] = None
    security_label: Optional[Dict[str, Any]] = None
    extensions: List[Dict[str, Any]] = field(default_factory=list)
    returned_content: Optional[bytes] = None
    raw: Optional[bytes] = field(default=None, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        self.subject_identifier = as_mts_id(self.subject_identifier, "subject_identifier")
        self.recipients = [_as_report_recipient(r, "recipients[%d]" % i)
                           for i, r in enumerate(self.recipients)]
        self.original_eits = U.as_eits(self.original_eits, "original_eits")
        if self.returned_content is not None:
            self.returned_content = bytes(self.returned_content)

    @property
    def delivered(self) -> List[ReportRecipient]:
        """The recipients reported delivered."""
        return [r for r in self.recipients if r.delivered]

    @property
    def non_delivered(self) -> List[ReportRecipient]:
        """The recipients reported not delivered."""
        return [r for r in self.recipients if not r.delivered]

    def correlates(self, message: Any) -> bool:
        """Whether this report is about ``message``: a
        :class:`~x400fast.message.Message` (by the MTS identifier recorded
        with :meth:`~x400fast.message.Message.record_submission`), an
        :class:`MTSIdentifier`, its text, value or BER."""
        if isinstance(message, Message):
            target = message.mts_identifier
        else:
            target = as_mts_id(message, "message")
        return target is not None and self.subject_identifier == target

    def returned_message(self) -> Optional[Message]:
        """The returned content read as a :class:`~x400fast.message.Message`
        (``None`` when no content came back)."""
        if self.returned_content is None:
            return None
        return Message.from_content(self.returned_content)

    # -- values ---------------------------------------------------------------

    def _envelope_value(self) -> Dict[str, Any]:
        subject = as_mts_id(self.subject_identifier, "subject_identifier")
        if subject is None:
            raise MissingField("the MTS identifier of the message reported on",
                               "subject_identifier")
        if not self.recipients:
            raise MissingField("a report reports on at least one recipient", "recipients")
        v: Dict[str, Any] = {
            "subject_submission_identifier": subject.to_asn1(),
            "per_recipient_fields": [_as_report_recipient(r, "recipients[%d]" % i)
                                     .to_asn1("recipients[%d]" % i)
                                     for i, r in enumerate(self.recipients)]}
        if self.content_identifier is not None:
            v["content_identifier"] = U.check_text(
                self.content_identifier, "content_identifier", x411.ub_content_id_length,
                lo=1)
        if self.content_type is not None:
            v["content_type"] = U.content_type_value(self.content_type)
        if self.original_eits is not None:
            v["original_encoded_information_types"] = U.eits_to_value(
                self.original_eits, "original_eits")
        exts = []
        present = set()
        for code in (20, 23):
            attr, crit, to_value, _ = _MAPPED_EXTENSIONS[code]
            val = getattr(self, attr)
            if val is not None:
                exts.append(U.extension_field(code, to_value(val), crit))
                present.add(code)
        for i, e in enumerate(self.extensions):
            if U.extension_code(e) in present:
                raise InvalidField("extension also given by an attribute",
                                   "extensions[%d]" % i)
            exts.append(dict(e))
        if exts:
            v["extensions"] = exts
        return v

    def to_asn1(self) -> Dict[str, Any]:
        """The P3 ``ReportDeliveryArgument`` value."""
        v = self._envelope_value()
        if self.returned_content is not None:
            v["returned_content"] = bytes(self.returned_content)
        return v

    def to_ber(self) -> bytes:
        """BER of the ``ReportDeliveryArgument``."""
        return U.encode_as(U.T_REPORT_ARGUMENT, self.to_asn1(), "")

    def to_json(self) -> Any:
        return U.json_of(U.T_REPORT_ARGUMENT, self.to_asn1())

    @classmethod
    def from_asn1(cls, value: Mapping[str, Any]) -> "Report":
        obj = cls(subject_identifier=MTSIdentifier.from_asn1(
                      value["subject_submission_identifier"]),
                  recipients=[ReportRecipient.from_asn1(r)
                              for r in value["per_recipient_fields"]],
                  content_identifier=value.get("content_identifier"),
                  content_type=U.content_type_from_value(value.get("content_type")),
                  original_eits=U.eits_from_value(
                      value.get("original_encoded_information_types")),
                  returned_content=value.get("returned_content"))
        rest = []
        for ext in value.get("extensions", ()):
            alt, code = ext["type"]
            if alt == "standard_extension" and code in (20, 23):
                attr, crit, _, from_value = _MAPPED_EXTENSIONS[code]
                if (getattr(obj, attr) is None and
                        frozenset(ext.get("criticality", frozenset())) == crit):
                    v = U.extension_value(ext)
                    if not isinstance(v, U.Raw):
                        setattr(obj, attr, from_value(v))
                        continue
            rest.append(U.normalise_extension(ext))
        obj.extensions = rest
        return obj

    @classmethod
    def from_delivery(cls, argument: Any) -> "Report":
        """Read a P3 ``ReportDeliveryArgument`` (value or BER)."""
        value, raw = _value_of(argument, U.T_REPORT_ARGUMENT)
        obj = cls.from_asn1(value)
        obj.raw = raw
        return obj

    from_ber = from_delivery

    @classmethod
    def from_envelope(cls, envelope: Any, returned_content: Optional[bytes] = None) -> "Report":
        """Read a report as a Message Store returns it: the
        ``ReportDeliveryEnvelope`` (value or BER) and, if fetched, the
        returned content."""
        value, raw = _value_of(envelope, U.T_REPORT_ENVELOPE)
        value = dict(value)
        if returned_content is not None:
            value["returned_content"] = bytes(returned_content)
        obj = cls.from_asn1(value)
        obj.raw = raw
        return obj
