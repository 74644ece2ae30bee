"""The interpersonal message: heading, body and the envelope around them.

A :class:`Message` is what a user writes and reads: X.420 heading fields
and body parts, plus the X.411 envelope options of a submission and the
facts of a delivery.  It converts to the P3 ``MessageSubmissionArgument``
(:meth:`Message.to_submission`) and is read back from a submission, a
delivery (``MessageDeliveryArgument``) or a content fetched with whatever
envelope fields came with it.

Envelope and heading recipients: ``to``, ``cc`` and ``bcc`` fill the
heading's primary, copy and blind-copy recipient fields and, unless a
recipient says ``envelope=False``, the envelope (in that order);
``envelope_only`` holds recipients submitted without being named in the
heading.  Reading a submission matches envelope entries to heading
recipients by O/R name.  The heading carries the blind-copy recipients as
X.420 defines the field; a sender that must hide them from the other
recipients submits a separate message to them.

Choices made where the references are silent:

* the standard extensions that have an attribute here
  (recipient-reassignment-prohibited, dl-expansion-prohibited,
  conversion-with-loss-prohibited, latest-delivery-time,
  message-security-label) are sent critical for delivery, as X.411
  recommends; content-correlator is not critical.  An extension read
  with another criticality or value stays in ``envelope_extensions``
  untouched, so that nothing is lost;
* ``original_eits`` left ``None`` is computed from the body parts (IA5
  text, the general-text character sets, file transfer...).
"""
from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field, fields
from typing import (Any, Callable, Dict, FrozenSet, Iterable, List, Mapping, NamedTuple,
                    Optional, Tuple, Union)

from ..asn1 import x411, x420
from ..errors import (DecodeError, FieldTooLong, InvalidField, MissingField, UnexpectedContent)
from ..oraddress import ORName
from . import _util as U
from .body import BodyList, BodyPart, TextBody, children, _from_value
from .names import (DescriptorList, IPMIdentifier, MTSIdentifier, ORDescriptor, Recipient,
                    RecipientList, _orname_value, as_descriptor, as_ipm_id, as_mts_id)

__all__ = ["Message", "Submission", "IMPORTANCE", "SENSITIVITY", "PRIORITIES",
           "IPMS_CONTENT_TYPES"]

#: Importance names (X.420 ImportanceField).
IMPORTANCE: Tuple[str, ...] = ("low", "normal", "high")
#: Sensitivity names (X.420 SensitivityField).
SENSITIVITY: Tuple[str, ...] = ("personal", "private", "company-confidential")
#: Priority names (X.411 Priority; 1 is non-urgent, 2 urgent).
PRIORITIES: Tuple[str, ...] = ("normal", "non-urgent", "urgent")
#: Content types whose content is an X.420 InformationObject: P2, P22 (as
#: built-in numbers and as the OIDs the MS uses) and STANAG 4406 (P772).
IPMS_CONTENT_TYPES = (x420.content_type_p2, x420.content_type_p22, x420.id_mct_p2_1984,
                      x420.id_mct_p2_1988, "1.3.26.0.4406.0.4.1")

_IMPORTANCE_NAMES = U.names_of(U.IPMS["ImportanceField"])
_SENSITIVITY_NAMES = U.names_of(U.IPMS["SensitivityField"])
_PRIORITY_NAMES = U.names_of(U.MTS["Priority"])

_INDICATORS = (("disclosure-of-other-recipients", "disclosure_of_other_recipients"),
               ("implicit-conversion-prohibited", "conversion_prohibited"),
               ("alternate-recipient-allowed", "alternate_recipient_allowed"),
               ("content-return-request", "content_return_request"))
_MAPPED_INDICATORS = frozenset(b for b, _ in _INDICATORS)
_DELIVERY = frozenset({"for-delivery"})


def _flag(name: str) -> Tuple[Callable[[Any], Any], Callable[[Any], Any]]:
    """(to value, from value) of an allowed/prohibited ENUMERATED extension."""
    def to_value(v: Any) -> Any:
        return name

    def from_value(v: Any) -> Any:
        return True if v == name else None
    return to_value, from_value


def _correlator_to(v: Any) -> Any:
    return ("ia5text", v) if isinstance(v, str) else ("octets", bytes(v))


def _correlator_from(v: Any) -> Any:
    return v[1]


def _same(v: Any) -> Any:
    return v


# code -> (attribute, criticality, to value, from value): the per-message
# extensions that have an attribute.
_MAPPED_EXTENSIONS: Dict[int, Tuple[str, FrozenSet[str], Callable, Callable]] = {
    1: ("recipient_reassignment_prohibited", _DELIVERY,
        *_flag("recipient-reassignment-prohibited")),
    3: ("dl_expansion_prohibited", _DELIVERY, *_flag("dl-expansion-prohibited")),
    4: ("conversion_with_loss_prohibited", _DELIVERY,
        *_flag("conversion-with-loss-prohibited")),
    5: ("latest_delivery_time", _DELIVERY, _same, _same),
    20: ("security_label", _DELIVERY, _same, _same),
    23: ("content_correlator", frozenset(), _correlator_to, _correlator_from),
}


_CONTENT_FIELDS = frozenset((
    "originator", "to", "cc", "bcc", "subject", "body", "importance", "sensitivity", "ipm_id",
    "authorizing_users", "reply_to", "replied_to", "obsoleted", "related", "expiry_time",
    "reply_time", "auto_forwarded", "heading_extensions"))


def _heading_view(r: Recipient) -> Recipient:
    """The recipient as the heading knows it (envelope options at their
    defaults)."""
    return Recipient(r.address, r.free_form_name, r.telephone_number,
                     receipt_notification=r.receipt_notification,
                     non_receipt_notification=r.non_receipt_notification,
                     ipm_return=r.ipm_return, an_supported=r.an_supported,
                     suppress_an=r.suppress_an, reply_requested=r.reply_requested,
                     extensions=dict(r.extensions))


class Submission(NamedTuple):
    """A P3 ``MessageSubmissionArgument``, as its two parts.

    Unpacks as ``envelope, content = message.to_submission()``;
    :attr:`argument` is the whole value for the codec (and for a ROS
    invoke of message-submission).
    """

    envelope: Dict[str, Any]
    content: bytes

    @property
    def argument(self) -> Dict[str, Any]:
        """The ``MessageSubmissionArgument`` value."""
        return {"envelope": self.envelope, "content": self.content}

    def to_ber(self) -> bytes:
        """BER of the ``MessageSubmissionArgument``."""
        return U.encode_as(U.T_SUBMISSION_ARGUMENT, self.argument, "")


def _check_ipms(content_type: Any) -> None:
    """Refuse, before decoding it, content that is not interpersonal messaging."""
    ct = U.content_type_from_value(content_type)
    if ct not in IPMS_CONTENT_TYPES:
        raise UnexpectedContent("content type %r is not interpersonal messaging" % (ct,),
                                "content_type")


def _value_of(data: Any, t: Any) -> Tuple[Any, Optional[bytes]]:
    """(value, BER) from a value or its BER."""
    if isinstance(data, (bytes, bytearray, memoryview)):
        raw = bytes(data)
        return t.decode(raw), raw
    return data, None


# ---------------------------------------------------------------------------


@dataclass(eq=True)
class Message:
    """An interpersonal message (IPM) and its envelope.

    Heading (X.420):

    :ivar originator: :class:`ORDescriptor` (a string or O/R address is
        converted).
    :ivar to: / :ivar cc: / :ivar bcc: lists of :class:`Recipient`
        (strings, O/R addresses and descriptors are converted as they
        are added).
    :ivar subject: TeletexString, up to 128 characters.
    :ivar body: list of :class:`~x400fast.message.BodyPart` (a ``str``
        becomes a :class:`~x400fast.message.TextBody`).
    :ivar importance: ``"low"``, ``"normal"`` or ``"high"``.
    :ivar sensitivity: ``None``, ``"personal"``, ``"private"`` or
        ``"company-confidential"``.
    :ivar ipm_id: this IPM's :class:`IPMIdentifier`; generated (unique,
        allotted by the originator) when not given.
    :ivar authorizing_users: / :ivar reply_to: lists of
        :class:`ORDescriptor` (reply-to recipients need an O/R name).
    :ivar replied_to: the IPM this one replies to.
    :ivar obsoleted: / :ivar related: lists of :class:`IPMIdentifier`.
    :ivar expiry_time: / :ivar reply_time: aware datetimes (whole seconds).
    :ivar auto_forwarded: bool.
    :ivar heading_extensions: ``{OID: value}``; values of the X.420
        heading extensions in the codec's value model, others ``Raw``.

    Envelope (X.411 submission):

    :ivar content_type: built-in number (22, P22, by default) or OID.
    :ivar priority: ``"normal"``, ``"non-urgent"`` or ``"urgent"``.
    :ivar content_identifier: PrintableString up to 16.
    :ivar content_correlator: str (IA5) or bytes, up to 512.
    :ivar deferred_delivery_time: / :ivar latest_delivery_time: datetimes.
    :ivar conversion_prohibited: implicit conversion prohibited.
    :ivar conversion_with_loss_prohibited: / :ivar alternate_recipient_allowed:
        / :ivar content_return_request: / :ivar disclosure_of_other_recipients:
        / :ivar recipient_reassignment_prohibited: / :ivar dl_expansion_prohibited:
        bools.
    :ivar security_label: the X.411 ``SecurityLabel`` value (a dict of the
        codec's value model), sent as message-security-label.
    :ivar original_eits: encoded information types (names such as
        ``"ia5-text"`` and OIDs); ``None`` computes them from the body,
        an empty set sends none.
    :ivar envelope_originator: the submitting O/R name when it is not the
        heading originator's.
    :ivar envelope_only: recipients on the envelope but not in the heading.
    :ivar envelope_extensions: other per-message extensions
        (``ExtensionField`` values, see :func:`~x400fast.message.extension_field`).
    :ivar other_indicators: per-message-indicator bits without an attribute.

    Delivery (set when read from a delivery or fetched with its envelope):

    :ivar mts_identifier: :class:`MTSIdentifier` (also set by
        :meth:`record_submission`).
    :ivar submission_time: / :ivar delivery_time: datetimes.
    :ivar this_recipient: the recipient it was delivered to (:class:`ORName`).
    :ivar other_recipients: the other recipients the MTS disclosed.
    :ivar originally_intended_recipient: when redirected.
    :ivar converted_eits: the EITs after conversion by the MTS.

    ``raw`` holds the content octets a message was read from.
    """

    originator: Optional[ORDescriptor] = None
    to: List[Recipient] = field(default_factory=list)
    cc: List[Recipient] = field(default_factory=list)
    bcc: List[Recipient] = field(default_factory=list)
    subject: Optional[str] = None
    body: List[BodyPart] = field(default_factory=list)
    importance: str = "normal"
    sensitivity: Optional[str] = None
    ipm_id: Optional[IPMIdentifier] = None
    authorizing_users: List[ORDescriptor] = field(default_factory=list)
    reply_to: List[ORDescriptor] = field(default_factory=list)
    replied_to: Optional[IPMIdentifier] = None
    obsoleted: List[IPMIdentifier] = field(default_factory=list)
    related: List[IPMIdentifier] = field(default_factory=list)
    expiry_time: Optional[_dt.datetime] = None
    reply_time: Optional[_dt.datetime] = None
    auto_forwarded: bool = False
    heading_extensions: Dict[str, Any] = field(default_factory=dict)
    # -- envelope --
    content_type: Union[int, str] = x420.content_type_p22
    priority: str = "normal"
    content_identifier: Optional[str] = None
    content_correlator: Union[str, bytes, None] = None
    deferred_delivery_time: Optional[_dt.datetime] = None
    latest_delivery_time: Optional[_dt.datetime] = None
    conversion_prohibited: bool = False
    conversion_with_loss_prohibited: bool = False
    alternate_recipient_allowed: bool = False
    content_return_request: bool = False
    disclosure_of_other_recipients: bool = False
    recipient_reassignment_prohibited: bool = False
    dl_expansion_prohibited: bool = False
    security_label: Optional[Dict[str, Any]] = None
    original_eits: Optional[FrozenSet[Any]] = None
    envelope_originator: Optional[ORName] = None
    envelope_only: List[Recipient] = field(default_factory=list)
    envelope_extensions: List[Dict[str, Any]] = field(default_factory=list)
    other_indicators: FrozenSet[Any] = frozenset()
    # -- delivery --
    mts_identifier: Optional[MTSIdentifier] = None
    submission_time: Optional[_dt.datetime] = None
    delivery_time: Optional[_dt.datetime] = None
    this_recipient: Optional[ORName] = None
    other_recipients: List[ORName] = field(default_factory=list)
    originally_intended_recipient: Optional[ORName] = None
    converted_eits: Optional[FrozenSet[Any]] = None
    raw: Optional[bytes] = field(default=None, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if self.originator is not None:
            self.originator = as_descriptor(self.originator, "originator")
        for name in ("to", "cc", "bcc", "envelope_only"):
            setattr(self, name, RecipientList(getattr(self, name), name))
        for name in ("authorizing_users", "reply_to"):
            setattr(self, name, DescriptorList(getattr(self, name), name))
        self.body = BodyList(self.body)
        if self.ipm_id is None:
            user = self.originator.address if self.originator is not None else None
            self.ipm_id = IPMIdentifier.generate(user)
        else:
            self.ipm_id = as_ipm_id(self.ipm_id, "ipm_id")
        if self.replied_to is not None:
            self.replied_to = as_ipm_id(self.replied_to, "replied_to")
        self.obsoleted = [as_ipm_id(x, "obsoleted[%d]" % i) for i, x in enumerate(self.obsoleted)]
        self.related = [as_ipm_id(x, "related[%d]" % i) for i, x in enumerate(self.related)]
        self._normalise_times()
        for name in ("envelope_originator", "this_recipient", "originally_intended_recipient"):
            v = getattr(self, name)
            if v is not None:
                setattr(self, name, U.as_orname(v, name))
        self.other_recipients = [U.as_orname(x, "other_recipients[%d]" % i)
                                 for i, x in enumerate(self.other_recipients)]
        self.mts_identifier = as_mts_id(self.mts_identifier)
        self.original_eits = U.as_eits(self.original_eits, "original_eits")
        self.converted_eits = U.as_eits(self.converted_eits, "converted_eits")
        self.other_indicators = frozenset(self.other_indicators)
        self._check_names()

    def _normalise_times(self) -> None:
        for name in ("expiry_time", "reply_time", "deferred_delivery_time",
                     "latest_delivery_time", "submission_time", "delivery_time"):
            setattr(self, name, U.utc(getattr(self, name), name))

    def _check_names(self) -> None:
        self.importance = U.named(self.importance, _IMPORTANCE_NAMES)
        self.sensitivity = U.named(self.sensitivity, _SENSITIVITY_NAMES)
        self.priority = U.named(self.priority, _PRIORITY_NAMES)
        U.check_name(self.importance, IMPORTANCE, "importance", "importance")
        if self.sensitivity is not None:
            U.check_name(self.sensitivity, SENSITIVITY, "sensitivity", "sensitivity")
        U.check_name(self.priority, PRIORITIES, "priority", "priority")

    # -- convenience ----------------------------------------------------------

    @property
    def recipients(self) -> List[Recipient]:
        """Every recipient: ``to + cc + bcc + envelope_only``."""
        return list(self.to) + list(self.cc) + list(self.bcc) + list(self.envelope_only)

    @property
    def text(self) -> Optional[str]:
        """The text of the :class:`TextBody` parts, joined by newlines
        (``None`` when there is none)."""
        parts = [p.text for p in self.body if isinstance(p, TextBody)]
        return "\n".join(parts) if parts else None

    def without_envelope(self) -> "Message":
        """A copy with the heading and body only: what travels when the
        message is forwarded, returned with a non-receipt notification or
        stored as content.  Body parts and heading values are shared."""
        keep = {f.name: getattr(self, f.name) for f in fields(self) if f.name in _CONTENT_FIELDS}
        for name in ("to", "cc", "bcc"):
            keep[name] = [_heading_view(r) for r in keep[name]]
        copy = type(self)(**keep)
        copy.raw = self.raw
        return copy

    def body_eits(self) -> FrozenSet[Any]:
        """The encoded information types of the body parts."""
        out: set = set()
        for p in self.body:
            out |= p.eits()
        return frozenset(out)

    # -- content --------------------------------------------------------------

    def validate(self) -> None:
        """Check everything a submission needs; raises a
        :class:`~x400fast.errors.MessageError` leaf naming the field."""
        self.to_submission()

    def _ipm_value(self, where: str = "message") -> Dict[str, Any]:
        p = "" if where == "message" else where + "."
        self._check_names()
        self._normalise_times()
        if self.ipm_id is None:
            user = self.originator.address if self.originator is not None else None
            self.ipm_id = IPMIdentifier.generate(user)
        ipm_id = as_ipm_id(self.ipm_id, p + "ipm_id")
        U.check_text(ipm_id.local_id, p + "ipm_id", x420.ub_local_ipm_identifier)
        h: Dict[str, Any] = {"this_ipm": ipm_id.to_asn1()}
        if self.originator is not None:
            h["originator"] = as_descriptor(self.originator, p + "originator") \
                ._descriptor_value(p + "originator")
        if self.authorizing_users:
            h["authorizing_users"] = [
                as_descriptor(d, "%sauthorizing_users[%d]" % (p, i))
                ._descriptor_value("%sauthorizing_users[%d]" % (p, i))
                for i, d in enumerate(self.authorizing_users)]
        for name, key in (("to", "primary_recipients"), ("cc", "copy_recipients"),
                          ("bcc", "blind_copy_recipients")):
            lst = getattr(self, name)
            if lst:
                h[key] = [RecipientList([r], name)[0].to_specifier("%s%s[%d]" % (p, name, i))
                          for i, r in enumerate(lst)]
        if self.replied_to is not None:
            h["replied_to_ipm"] = as_ipm_id(self.replied_to, p + "replied_to").to_asn1()
        if self.obsoleted:
            h["obsoleted_ipms"] = [as_ipm_id(x, "%sobsoleted[%d]" % (p, i)).to_asn1()
                                   for i, x in enumerate(self.obsoleted)]
        if self.related:
            h["related_ipms"] = [as_ipm_id(x, "%srelated[%d]" % (p, i)).to_asn1()
                                 for i, x in enumerate(self.related)]
        if self.subject is not None:
            h["subject"] = U.check_text(self.subject, p + "subject", x420.ub_subject_field,
                                        "teletex")
        if self.expiry_time is not None:
            h["expiry_time"] = self.expiry_time
        if self.reply_time is not None:
            h["reply_time"] = self.reply_time
        if self.reply_to:
            rr = []
            for i, d in enumerate(self.reply_to):
                w = "%sreply_to[%d]" % (p, i)
                d = as_descriptor(d, w)
                if d.address is None:
                    raise InvalidField("a reply-to recipient needs an O/R name", w)
                rr.append(d._descriptor_value(w))
            h["reply_recipients"] = rr
        if self.importance != "normal":
            h["importance"] = self.importance
        if self.sensitivity is not None:
            h["sensitivity"] = self.sensitivity
        if U.check_bool(self.auto_forwarded, p + "auto_forwarded"):
            h["auto_forwarded"] = True
        if self.heading_extensions:
            h["extensions"] = U.ipms_extensions_to_value(
                self.heading_extensions, x420.HEADING_EXTENSIONS, p + "heading_extensions")
        body = [BodyList([part])[0].to_asn1("%sbody[%d]" % (p, i))
                for i, part in enumerate(self.body)]
        return {"heading": h, "body": body}

    def to_content(self) -> bytes:
        """The content octets: BER of the X.420 ``InformationObject`` (an IPM)."""
        return U.encode_as(U.T_INFORMATION_OBJECT, ("ipm", self._ipm_value()), "")

    to_ber = to_content

    def _check_content_type(self, where: str = "content_type") -> None:
        U.content_type_value(self.content_type, where)
        if self.content_type not in IPMS_CONTENT_TYPES:
            raise InvalidField("%r is not an interpersonal-messaging content type "
                               "(P2, P22 or P772)" % (self.content_type,), where)

    # -- envelope -------------------------------------------------------------

    def _indicators(self) -> FrozenSet[Any]:
        bits = set(self.other_indicators) - _MAPPED_INDICATORS
        for bit, attr in _INDICATORS:
            if U.check_bool(getattr(self, attr), attr):
                bits.add(bit)
        return frozenset(bits)

    def _extensions(self, where: str) -> List[Dict[str, Any]]:
        out = []
        present = set()
        for code, (attr, crit, to_value, _) in _MAPPED_EXTENSIONS.items():
            v = getattr(self, attr)
            if v is None or v is False:
                continue
            if attr == "content_correlator":
                if isinstance(v, str):
                    U.check_text(v, attr, x411.ub_content_correlator_length, "ia5")
                elif isinstance(v, (bytes, bytearray)):
                    if len(v) > x411.ub_content_correlator_length:
                        raise FieldTooLong(attr, x411.ub_content_correlator_length, len(v),
                                           "octets")
                else:
                    raise InvalidField("a content correlator is a str or bytes", attr)
            elif attr == "security_label":
                if not isinstance(v, dict):
                    raise InvalidField("the X.411 SecurityLabel value (a dict)", attr)
            elif attr == "latest_delivery_time":
                v = U.utc(v, attr)
            else:
                U.check_bool(v, attr)
            try:
                out.append(U.extension_field(code, to_value(v), crit))
            except InvalidField as exc:
                raise InvalidField(exc.reason, attr) from exc
            present.add(code)
        for i, ext in enumerate(self.envelope_extensions):
            w = "%s_extensions[%d]" % (where, i)
            if not isinstance(ext, Mapping) or "type" not in ext:
                raise InvalidField("an ExtensionField value (see extension_field())", w)
            ext_code: Any = U.extension_code(ext)
            if ext_code in present:
                raise InvalidField("extension %s is also given by the attribute %s" % (
                    ext_code, _MAPPED_EXTENSIONS[ext_code][0]), w)
            out.append(dict(ext))
        return out

    def _take_extensions(self, exts: Iterable[Mapping[str, Any]]) -> None:
        rest = []
        for ext in exts:
            alt, code = ext["type"]
            mapped = _MAPPED_EXTENSIONS.get(code) if alt == "standard_extension" else None
            if mapped is not None and getattr(self, mapped[0]) in (None, False):
                attr, crit, _, from_value = mapped
                if frozenset(ext.get("criticality", frozenset())) == crit:
                    v = U.extension_value(ext)
                    if not isinstance(v, U.Raw):
                        v = from_value(v)
                        if v is not None:
                            setattr(self, attr, v)
                            continue
            rest.append(U.normalise_extension(ext))
        self.envelope_extensions = rest

    def _eits_for_envelope(self) -> Optional[Dict[str, Any]]:
        eits = self.body_eits() if self.original_eits is None else self.original_eits
        if not eits:
            return None
        return U.eits_to_value(eits, "original_eits")

    def _read_eits(self, value: Optional[Mapping[str, Any]]) -> None:
        eits = U.eits_from_value(value)
        computed = self.body_eits()
        if eits is None:
            self.original_eits = None if not computed else frozenset()
        else:
            self.original_eits = None if eits == computed else eits

    def _envelope_originator(self) -> ORName:
        orig = self.envelope_originator
        if orig is None and self.originator is not None:
            orig = as_descriptor(self.originator, "originator").address
        if orig is None:
            raise MissingField("a submission needs an originator O/R name", "originator")
        return U.as_orname(orig, "originator")

    def _submission_envelope(self) -> Dict[str, Any]:
        self._check_content_type()
        orig = self._envelope_originator()
        per_recipient = []
        for name in ("to", "cc", "bcc", "envelope_only"):
            for i, r in enumerate(getattr(self, name)):
                r = RecipientList([r], name)[0]
                if name == "envelope_only" or r.envelope:
                    per_recipient.append(r.to_per_recipient("%s[%d]" % (name, i)))
        if not per_recipient:
            raise MissingField("a submission needs at least one recipient on the envelope",
                               "to")
        if len(per_recipient) > x411.ub_recipients:
            raise FieldTooLong("recipients", x411.ub_recipients, len(per_recipient),
                               "recipients")
        env: Dict[str, Any] = {
            "originator_name": _orname_value(orig, "originator"),
            "content_type": U.content_type_value(self.content_type),
            "per_recipient_fields": per_recipient}
        eits = self._eits_for_envelope()
        if eits is not None:
            env["original_encoded_information_types"] = eits
        if self.content_identifier is not None:
            env["content_identifier"] = U.check_text(
                self.content_identifier, "content_identifier", x411.ub_content_id_length,
                lo=1)
        if self.priority != "normal":
            env["priority"] = self.priority
        indicators = self._indicators()
        if indicators:
            env["per_message_indicators"] = indicators
        if self.deferred_delivery_time is not None:
            env["deferred_delivery_time"] = self.deferred_delivery_time
        exts = self._extensions("envelope")
        if exts:
            env["extensions"] = exts
        return env

    def to_submission(self) -> Submission:
        """The P3 ``MessageSubmissionArgument`` of this message:
        ``(envelope value, content octets)``; see :class:`Submission`."""
        content = self.to_content()
        envelope = self._submission_envelope()
        U.encode_as(U.T_SUBMISSION_ENVELOPE, envelope, "envelope")
        return Submission(envelope, content)

    def submission_ber(self) -> bytes:
        """BER of the ``MessageSubmissionArgument``."""
        return self.to_submission().to_ber()

    def record_submission(self, result: Any) -> "Message":
        """Keep what the MTS answered to the submission (a
        ``MessageSubmissionResult`` value or its BER): the MTS identifier
        (which reports name) and the submission time.  Returns self."""
        value, _ = _value_of(result, U.T_SUBMISSION_RESULT)
        self.mts_identifier = MTSIdentifier.from_asn1(value["message_submission_identifier"])
        self.submission_time = U.utc(value["message_submission_time"], "submission_time")
        if value.get("content_identifier") is not None and self.content_identifier is None:
            self.content_identifier = value["content_identifier"]
        return self

    # -- delivery -------------------------------------------------------------

    def _delivery_fields(self, where: str) -> Dict[str, Any]:
        """The X.411 ``OtherMessageDeliveryFields`` of this message's delivery."""
        if self.this_recipient is None:
            raise MissingField("no delivery: this_recipient is not set", where + ".this_recipient")
        if self.submission_time is None:
            raise MissingField("no delivery: submission_time is not set",
                               where + ".submission_time")
        self._check_content_type(where + ".content_type")
        f: Dict[str, Any] = {
            "content_type": U.content_type_value(self.content_type),
            "originator_name": _orname_value(self._envelope_originator(), "originator"),
            "this_recipient_name": _orname_value(self.this_recipient, "this_recipient"),
            "message_submission_time": U.utc(self.submission_time, "submission_time")}
        eits = self._eits_for_envelope()
        if eits is not None:
            f["original_encoded_information_types"] = eits
        if self.priority != "normal":
            f["priority"] = self.priority
        if U.check_bool(self.conversion_prohibited, "conversion_prohibited"):
            f["delivery_flags"] = frozenset({"implicit-conversion-prohibited"})
        if self.other_recipients:
            f["other_recipient_names"] = [
                _orname_value(U.as_orname(n, "other_recipients[%d]" % i),
                              "other_recipients[%d]" % i)
                for i, n in enumerate(self.other_recipients)]
        if self.originally_intended_recipient is not None:
            f["originally_intended_recipient_name"] = _orname_value(
                self.originally_intended_recipient, "originally_intended_recipient")
        if self.converted_eits is not None:
            f["converted_encoded_information_types"] = U.eits_to_value(
                self.converted_eits, "converted_eits")
        if self.content_identifier is not None:
            f["content_identifier"] = U.check_text(
                self.content_identifier, "content_identifier", x411.ub_content_id_length,
                lo=1)
        exts = self._extensions("delivery")
        if exts:
            f["extensions"] = exts
        return f

    def to_delivery(self) -> Dict[str, Any]:
        """The P3 ``MessageDeliveryArgument`` that delivers this message to
        :attr:`this_recipient` (what an MTS sends; needs
        :attr:`mts_identifier`, :attr:`delivery_time`,
        :attr:`submission_time` and :attr:`this_recipient`)."""
        if self.mts_identifier is None:
            raise MissingField("no delivery: mts_identifier is not set", "mts_identifier")
        if self.delivery_time is None:
            raise MissingField("no delivery: delivery_time is not set", "delivery_time")
        value = {"message_delivery_identifier": self.mts_identifier.to_asn1(),
                 "message_delivery_time": U.utc(self.delivery_time, "delivery_time"),
                 "other_fields": self._delivery_fields("delivery"),
                 "content": self.to_content()}
        U.encode_as(U.T_DELIVERY_ARGUMENT, value, "delivery")
        return value

    def delivery_ber(self) -> bytes:
        """BER of :meth:`to_delivery`."""
        return U.encode_as(U.T_DELIVERY_ARGUMENT, self.to_delivery(), "")

    def _has_delivery(self) -> bool:
        return self.this_recipient is not None and self.submission_time is not None

    def _message_parameters(self, where: str) -> Dict[str, Any]:
        """``MessageParameters`` of this message forwarded as a body part."""
        p: Dict[str, Any] = {}
        if self.delivery_time is not None:
            p["delivery_time"] = U.utc(self.delivery_time, where + ".delivery_time")
        if self._has_delivery():
            p["delivery_envelope"] = self._delivery_fields(where)
        return p

    def _apply_message_parameters(self, p: Mapping[str, Any]) -> None:
        if p.get("delivery_time") is not None:
            self.delivery_time = U.utc(p["delivery_time"], "delivery_time")
        if p.get("delivery_envelope") is not None:
            self._apply_delivery_fields(p["delivery_envelope"])

    def _apply_originator_name(self, value: Mapping[str, Any]) -> None:
        orig = U.orname_from_value(value)
        own = self.originator.address if self.originator is not None else None
        self.envelope_originator = None if own == orig else orig

    def _apply_delivery_fields(self, f: Mapping[str, Any]) -> None:
        self.content_type = U.content_type_from_value(f["content_type"])
        self._apply_originator_name(f["originator_name"])
        self._read_eits(f.get("original_encoded_information_types"))
        self.priority = f.get("priority", "normal")
        self.conversion_prohibited = "implicit-conversion-prohibited" in f.get(
            "delivery_flags", frozenset())
        self.other_recipients = [U.orname_from_value(n)
                                 for n in f.get("other_recipient_names", ())]
        self.this_recipient = U.orname_from_value(f["this_recipient_name"])
        oir = f.get("originally_intended_recipient_name")
        self.originally_intended_recipient = None if oir is None else U.orname_from_value(oir)
        self.converted_eits = U.eits_from_value(f.get("converted_encoded_information_types"))
        self.submission_time = U.utc(f["message_submission_time"], "submission_time")
        self.content_identifier = f.get("content_identifier")
        self._take_extensions(f.get("extensions", ()))

    def _apply_submission_envelope(self, env: Mapping[str, Any]) -> None:
        self.content_type = U.content_type_from_value(env["content_type"])
        self._apply_originator_name(env["originator_name"])
        self._read_eits(env.get("original_encoded_information_types"))
        self.content_identifier = env.get("content_identifier")
        self.priority = env.get("priority", "normal")
        bits = env.get("per_message_indicators", frozenset())
        for bit, attr in _INDICATORS:
            setattr(self, attr, bit in bits)
        self.other_indicators = frozenset(bits) - _MAPPED_INDICATORS
        dd = env.get("deferred_delivery_time")
        self.deferred_delivery_time = None if dd is None else U.utc(dd, "deferred_delivery_time")
        self._take_extensions(env.get("extensions", ()))
        entries = list(env["per_recipient_fields"])
        names = [U.orname_from_value(e["recipient_name"]) for e in entries]
        used = [False] * len(entries)
        for lst in (self.to, self.cc, self.bcc):
            for r in lst:
                r.envelope = False
                for j, n in enumerate(names):
                    if not used[j] and r.address is not None and n == r.address:
                        used[j] = True
                        r._apply_per_recipient(entries[j])
                        break
        self.envelope_only = RecipientList(
            [Recipient.from_per_recipient(e) for j, e in enumerate(entries) if not used[j]],
            "envelope_only")

    def _apply_envelope(self, envelope: Any) -> None:
        if isinstance(envelope, (bytes, bytearray, memoryview)):
            data = bytes(envelope)
            try:
                envelope = U.T_DELIVERY_ENVELOPE.decode(data)
            except DecodeError:
                envelope = U.T_SUBMISSION_ENVELOPE.decode(data)
        if not isinstance(envelope, Mapping):
            raise InvalidField("an envelope is a MessageDeliveryEnvelope, "
                               "OtherMessageDeliveryFields or MessageSubmissionEnvelope "
                               "value, or its BER", "envelope")
        if "per_recipient_fields" in envelope:
            self._apply_submission_envelope(envelope)
        elif "other_fields" in envelope:
            self.mts_identifier = MTSIdentifier.from_asn1(envelope["message_delivery_identifier"])
            self.delivery_time = U.utc(envelope["message_delivery_time"], "delivery_time")
            self._apply_delivery_fields(envelope["other_fields"])
        elif "this_recipient_name" in envelope:
            self._apply_delivery_fields(envelope)
        else:
            raise InvalidField("not an envelope this model knows", "envelope")

    # -- reading --------------------------------------------------------------

    @classmethod
    def _from_ipm(cls, value: Mapping[str, Any], raw: Optional[Tuple[bytes, int]],
                  depth: int = 0) -> "Message":
        """From an IPM value; ``raw`` is (data, offset of the IPM's TLV)
        when the BER is at hand, to keep each body part's own octets."""
        h = value["heading"]
        body_values = value["body"]
        raws: List[Optional[bytes]] = [None] * len(body_values)
        if raw is not None:
            data, at = raw
            (_, _), (body_at, _) = children(data, at)
            spans = children(data, body_at)
            if len(spans) == len(body_values):
                raws = [data[s:e] for s, e in spans]
        m = cls(
            originator=(ORDescriptor.from_asn1(h["originator"])
                        if h.get("originator") is not None else None),
            to=[Recipient.from_specifier(x) for x in h.get("primary_recipients", ())],
            cc=[Recipient.from_specifier(x) for x in h.get("copy_recipients", ())],
            bcc=[Recipient.from_specifier(x) for x in h.get("blind_copy_recipients", ())],
            subject=h.get("subject"),
            importance=h.get("importance", "normal"),
            sensitivity=h.get("sensitivity"),
            ipm_id=IPMIdentifier.from_asn1(h["this_ipm"]),
            authorizing_users=[ORDescriptor.from_asn1(x)
                               for x in h.get("authorizing_users", ())],
            reply_to=[ORDescriptor.from_asn1(x) for x in h.get("reply_recipients", ())],
            replied_to=(IPMIdentifier.from_asn1(h["replied_to_ipm"])
                        if h.get("replied_to_ipm") is not None else None),
            obsoleted=[IPMIdentifier.from_asn1(x) for x in h.get("obsoleted_ipms", ())],
            related=[IPMIdentifier.from_asn1(x) for x in h.get("related_ipms", ())],
            expiry_time=h.get("expiry_time"),
            reply_time=h.get("reply_time"),
            auto_forwarded=bool(h.get("auto_forwarded", False)),
            heading_extensions=U.ipms_extensions_from_value(h.get("extensions"),
                                                            x420.HEADING_EXTENSIONS),
            body=[_from_value(bv, r, depth) for bv, r in zip(body_values, raws)])
        return m

    @classmethod
    def from_content(cls, content: Any, envelope: Any = None) -> "Message":
        """Read a message from its content octets (an X.420
        ``InformationObject`` holding an IPM), with whatever envelope came
        with it: a ``MessageDeliveryEnvelope``, ``OtherMessageDeliveryFields``
        or ``MessageSubmissionEnvelope`` value, or its BER (a Message
        Store fetch gives the content and the delivery envelope as
        separate attributes).

        :raises UnexpectedContent: for an IPN (read it with
            :func:`~x400fast.message.read_content`).
        """
        data = bytes(content)
        io = U.T_INFORMATION_OBJECT.decode(data)
        if io[0] != "ipm":
            raise UnexpectedContent("the content is an IPN, not an IPM; read it with "
                                    "read_content() or Notification.from_content()",
                                    "content")
        m = cls._from_ipm(io[1], (data, 0))
        m.raw = data
        if envelope is not None:
            m._apply_envelope(envelope)
        return m

    @classmethod
    def from_ber(cls, data: Any) -> "Message":
        """Read the content octets (:meth:`from_content` without an envelope)."""
        return cls.from_content(data)

    @classmethod
    def from_delivery(cls, argument: Any) -> "Message":
        """Read a P3 ``MessageDeliveryArgument`` (value or BER): the message
        with the delivery facts as attributes."""
        value, _ = _value_of(argument, U.T_DELIVERY_ARGUMENT)
        _check_ipms(value["other_fields"]["content_type"])
        return cls.from_content(value["content"], value)

    @classmethod
    def from_submission(cls, argument: Any) -> "Message":
        """Read a P3 ``MessageSubmissionArgument``: its BER, its value, a
        :class:`Submission` or an ``(envelope, content)`` pair (envelope as
        a value or BER)."""
        if isinstance(argument, (bytes, bytearray, memoryview)):
            argument = U.T_SUBMISSION_ARGUMENT.decode(bytes(argument))
        if isinstance(argument, Mapping):
            envelope, content = argument["envelope"], argument["content"]
        else:
            envelope, content = argument
        if isinstance(envelope, (bytes, bytearray, memoryview)):
            envelope = U.T_SUBMISSION_ENVELOPE.decode(bytes(envelope))
        _check_ipms(envelope["content_type"])
        return cls.from_content(content, envelope)

    # -- notifications ----------------------------------------------------------

    def _notify_target(self) -> ORName:
        if self.originator is not None and self.originator.address is not None:
            return self.originator.address
        if self.envelope_originator is not None:
            return self.envelope_originator
        raise MissingField("the message has no originator to notify", "originator")

    def _notifier(self, recipient: Any) -> ORDescriptor:
        who = recipient if recipient is not None else self.this_recipient
        if who is None:
            raise MissingField("whose notification is it? give recipient= (a delivered "
                               "message knows its this_recipient)", "recipient")
        return as_descriptor(who, "recipient")

    def _recipient_entry(self, who: ORDescriptor) -> Optional[Recipient]:
        for r in self.to + self.cc + self.bcc:
            if r.address is not None and r.address == who.address:
                return r
        return None

    def receipt(self, receipt_time: Optional[_dt.datetime] = None, *, recipient: Any = None,
                acknowledgment_mode: str = "manual",
                supplementary_info: Optional[str] = None) -> Any:
        """The receipt notification (RN) a recipient sends for this message.

        :param receipt_time: when the recipient took receipt (now if
            omitted).
        :param recipient: who sends it; by default :attr:`this_recipient`.
        :returns: a :class:`~x400fast.message.ReceiptNotification` addressed
            to this message's originator.
        """
        from .ipn import ReceiptNotification
        who = self._notifier(recipient)
        return ReceiptNotification(
            subject_ipm=self.ipm_id, ipn_originator=who,
            ipm_intended_recipient=(None if self.originally_intended_recipient is None
                                    else ORDescriptor(self.originally_intended_recipient)),
            conversion_eits=self.converted_eits,
            receipt_time=receipt_time or _dt.datetime.now(U.UTC),
            acknowledgment_mode=acknowledgment_mode,
            supplementary_info=supplementary_info,
            recipient=self._notify_target(), priority=self.priority)

    def non_receipt(self, reason: Union[str, int] = "ipm-discarded", *,
                    discard_reason: Union[str, int, None] = None,
                    auto_forward_comment: Optional[str] = None,
                    return_ipm: Optional[bool] = None, recipient: Any = None) -> Any:
        """The non-receipt notification (NRN) a recipient (or its UA or
        Message Store) sends for this message.

        :param return_ipm: include this IPM; by default when the originator
            asked for it (``ipm_return`` of the recipient's entry).
        """
        from .ipn import NonReceiptNotification
        who = self._notifier(recipient)
        if return_ipm is None:
            entry = self._recipient_entry(who)
            return_ipm = bool(entry is not None and entry.ipm_return)
        return NonReceiptNotification(
            subject_ipm=self.ipm_id, ipn_originator=who,
            ipm_intended_recipient=(None if self.originally_intended_recipient is None
                                    else ORDescriptor(self.originally_intended_recipient)),
            conversion_eits=self.converted_eits,
            reason=reason, discard_reason=discard_reason,
            auto_forward_comment=auto_forward_comment,
            returned_ipm=self.without_envelope() if return_ipm else None,
            recipient=self._notify_target(), priority=self.priority)

    # -- debugging --------------------------------------------------------------

    def to_json(self) -> Dict[str, Any]:
        """JSON form (x400fast.jsonform) of the content, and of the
        submission envelope and the delivery envelope when the message has
        what they need."""
        out: Dict[str, Any] = {"content": U.json_of(U.T_INFORMATION_OBJECT,
                                                    ("ipm", self._ipm_value()))}
        has_originator = (self.envelope_originator is not None or
                          (self.originator is not None and self.originator.address is not None))
        if has_originator and any(r.envelope for r in self.to + self.cc + self.bcc) \
                or (has_originator and self.envelope_only):
            out["envelope"] = U.json_of(U.T_SUBMISSION_ENVELOPE, self._submission_envelope())
        if self._has_delivery() and self.mts_identifier is not None \
                and self.delivery_time is not None:
            value = self.to_delivery()
            del value["content"]
            out["delivery"] = U.json_of(U.T_DELIVERY_ENVELOPE, value)
        return out
