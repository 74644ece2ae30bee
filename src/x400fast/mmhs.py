"""Military messaging (STANAG 4406 Annex A, P772) on the message model.

A military message (MM) is an interpersonal message whose heading carries
NATO heading extensions (precedences, message type, SICs, handling
instructions...) and whose envelope says content type P772
(1.3.26.0.4406.0.4.1), carries a priority chosen from the precedence with
the MMHS priority level qualifier, and a message security label.  This
module gives those things typed Python objects::

    from x400fast.mmhs import MilitaryMessage, SecurityLabel

    m = MilitaryMessage(
        originator="/CN=Ops/O=SHAPE/PRMD=NATO/ADMD= /C=BE/",
        to=["/CN=J3/O=JFC/PRMD=NATO/ADMD= /C=NO/"], subject="SITREP 042",
        primary_precedence="immediate", copy_precedence="routine",
        security_label=SecurityLabel(policy=NATO_POLICY, classification="secret",
                                     privacy_mark="NATO SECRET"),
        sics=["AAA"], handling_instructions=["NOFORN"])
    envelope, content = m.to_submission()     # P772, priority normal + qualifier high

    back = MilitaryMessage.from_delivery(delivery)   # or from_content / from_message
    back.primary_precedence                          # Precedence.IMMEDIATE

Why a subclass of :class:`~x400fast.message.Message` rather than a facet
object hanging off it: a military message *is* an IPM with more heading
fields, so everything a Message does (submission, delivery, forwarding,
receipts, JSON) must keep working on it unchanged, and the constructor
should read as one call with the military fields beside the X.420 ones.
A subclass gives both; the military fields are plain attributes, converted
to and from the raw heading extensions only when the message is encoded or
read.  A plain Message (say, one fetched over P7) becomes a MilitaryMessage
with :meth:`MilitaryMessage.from_message`.

Choices made where the references are silent (stated as such):

* The envelope priority and the priority level qualifier follow the
  *primary* precedence through :data:`x400fast.asn1.p772.PRECEDENCE_PRIORITY`
  (the pairing the reference gives, not checked against the STANAG text;
  pass ``precedence_priority=`` to use another table, or
  ``derive_priority=False`` to send ``priority`` and ``priority_qualifier``
  as given).  A message whose copy recipients must travel at the copy
  precedence is split with :meth:`MilitaryMessage.split_by_precedence`.
* ``content_type=None`` (the default) means P772 when any military heading
  field or ACP 127 request is present, P22 otherwise; an explicit content
  type is always used as given.
* Empty lists are "absent": a heading extension holding an empty SEQUENCE
  OF is read back as an empty list and not sent again.
* A military extension that does not decode as its STANAG type is left in
  ``heading_extensions`` as :class:`~x400fast.message.Raw`, untouched, so
  that reading never fails on a peer's oddity and nothing is lost.
* The priority level qualifier is sent as a private extension without
  criticality, so that an MTA that does not know it still delivers by the
  plain X.411 priority.
"""
from __future__ import annotations

import contextlib
import datetime as _dt
from dataclasses import dataclass, field, fields
from enum import IntEnum
from typing import (Any, Dict, FrozenSet, Iterable, Iterator, List, Mapping, NamedTuple,
                    Optional, Tuple, Union)

from .asn1 import p772, x411, x420
from .asn1.core import Any as _AnyType
from .errors import (DecodeError, EncodeError, InvalidField, MilitaryMessageError,
                     MissingField, SecurityLabelError)
from .model import _util as U
from .model.ipn import Notification, OtherNotification
from .model.message import Message, Submission
from .model.names import ORDescriptor, Recipient, RecipientList, as_descriptor, as_ipm_id

__all__ = [
    "MilitaryMessage", "MilitaryRecipient", "SecurityLabel", "SecurityCategory",
    "Precedence", "MessageType", "AddressListDesignator", "OtherRecipient",
    "PilotInformation", "DistributionExtension", "SecurityInformationLabels",
    "BodyPartLabel", "ACP127NotificationResponse", "CLASSIFICATIONS", "MESSAGE_TYPES",
    "ACP127_NOTIFICATIONS", "NATO_POLICY", "military_submission", "precedence_name",
]

#: The NATO security policy identifier arc (``id-policy``) of STANAG 4406.
NATO_POLICY = p772.id_policy
#: X.411 SecurityClassification names by number.
CLASSIFICATIONS: Dict[int, str] = U.names_of(U.MTS["SecurityClassification"])
_CLASSIFICATION_NUMBERS = {v: k for k, v in CLASSIFICATIONS.items()}
#: MessageType type names by number (0..127 NATO, 128..255 national).
MESSAGE_TYPES: Dict[int, str] = U.names_of(p772.MMSHeadingExtensions["TypeMessage"])
_MESSAGE_TYPE_NUMBERS = {v: k for k, v in MESSAGE_TYPES.items()}
#: ACP 127 notification kinds: this module's name -> the BIT STRING's bit name.
ACP127_NOTIFICATIONS: Dict[str, str] = {
    "negative": "acp127-nn", "positive": "acp127-pn", "transfer": "acp127-tn"}
_ACP127_NAMES = {v: k for k, v in ACP127_NOTIFICATIONS.items()}
_ALI_TYPES = ("primary", "copy")                          # primaryAddressList, copyAddressList
_ALI_REQUESTS = ("action", "info", "both")
_OTHER_TYPES = ("primary", "copy")

_HEX = p772.HEADING_EXTENSIONS
_T_ANY = _AnyType()
_T_LABEL = U.MTS["SecurityLabel"]
_T_ESS_LABEL = p772.ExtendedSecurityServices["ESSSecurityLabel"]
_T_ACP127_REQUEST = p772.RECIPIENT_EXTENSIONS[p772.id_nato_mmhs_mm_acp127_notification_request]
_T_ACP127_RESPONSE = p772.OTHER_NOTIFICATION_TYPES[
    p772.id_nato_mmhs_mm_acp127_notification_response]
_T_PLQ = p772.MTS_EXTENSIONS[p772.id_mmts_priority_level_qualifier]
_PLQ_TYPE = ("private_extension", p772.id_mmts_priority_level_qualifier)
_REQUEST_OID = p772.id_nato_mmhs_mm_acp127_notification_request
_RESPONSE_OID = p772.id_nato_mmhs_mm_acp127_notification_response


# ---------------------------------------------------------------------------
# Checks (each raises a leaf naming the field)


def _err(reason: str, where: str) -> MilitaryMessageError:
    return MilitaryMessageError(reason, where)


def _is_int(v: Any) -> bool:
    return isinstance(v, int) and not isinstance(v, bool)


def _mstring(value: Any, where: str, hi: int = p772.ub_military_string, lo: int = 1,
             what: str = "a MilitaryString") -> str:
    """A PrintableString of lo..hi characters (MilitaryString by default)."""
    if not isinstance(value, str):
        raise _err("%s is a str, not %s" % (what, type(value).__name__), where)
    try:
        U.check_text(value, where, None, "printable")
    except InvalidField as exc:
        raise _err("%s: %s" % (what, exc.reason), where) from None
    if not lo <= len(value) <= hi:
        raise _err("%s has %d..%d characters, not %d" % (what, lo, hi, len(value)), where)
    return value


def _strings(values: Any, where: str, **kw: Any) -> List[str]:
    if isinstance(values, str) or not isinstance(values, Iterable):
        raise _err("a list of strings", where)
    return [_mstring(v, "%s[%d]" % (where, i), **kw) for i, v in enumerate(values)]


def _oid(value: Any, where: str, error: type = MilitaryMessageError) -> str:
    if isinstance(value, str) and U._is_oid(value):
        return value
    raise error("an OID in dotted form ('1.3.26.0.4406.0.5'), not %r" % (value,), where)


def _one_tlv(value: Any, where: str, error: type = MilitaryMessageError) -> U.Raw:
    """bytes holding exactly one complete BER value (an open type's value)."""
    if not isinstance(value, (bytes, bytearray, memoryview)):
        raise error("a value of an open type is given as its BER (bytes, one TLV)", where)
    data = bytes(value)
    try:
        _T_ANY.decode(data)
    except DecodeError as exc:
        raise error("not one complete BER value: %s" % (exc.reason,), where) from None
    return U.Raw(data)


def _descriptors(values: Any, where: str) -> List[ORDescriptor]:
    if isinstance(values, (str, ORDescriptor)) or not isinstance(values, Iterable):
        raise _err("a list of O/R descriptors (strings, O/R names or ORDescriptor)", where)
    return [as_descriptor(v, "%s[%d]" % (where, i)) for i, v in enumerate(values)]


def _descriptor_values(values: List[ORDescriptor], where: str) -> List[Dict[str, Any]]:
    return [as_descriptor(d, "%s[%d]" % (where, i))._descriptor_value("%s[%d]" % (where, i))
            for i, d in enumerate(values)]


def _name_or_number(value: Any, names: Mapping[str, int], where: str, what: str,
                    lo: int, hi: int) -> int:
    if isinstance(value, str):
        if value in names:
            return names[value]
        raise _err("unknown %s %r; expected one of %s or a number %d..%d" % (
            what, value, ", ".join(names), lo, hi), where)
    if _is_int(value) and lo <= value <= hi:
        return int(value)
    raise _err("a %s is a name (%s) or a number %d..%d, not %r" % (
        what, ", ".join(names), lo, hi, value), where)


def _utc(value: Any, where: str) -> _dt.datetime:
    try:
        t = U.utc(value, where)
    except InvalidField as exc:
        raise _err(exc.reason, where) from None
    assert t is not None
    if not 1950 <= t.year <= 2049:
        raise _err("a UTCTime carries the years 1950..2049 only", where)
    return t


def _encode(oid: str, value: Any, where: str) -> U.Raw:
    try:
        return U.Raw(_HEX[oid].encode(value))
    except EncodeError as exc:
        raise _err("does not fit %s: %s" % (p772.EXTENSION_NAMES[oid], exc), where) from None


# ---------------------------------------------------------------------------
# Precedence


class Precedence(IntEnum):
    """MMHSPrecedence: the handling precedence of a military message.

    0..15 are NATO values, 16..31 national ones.  Members compare equal to
    their numbers; a national number without a member here (18, the
    national "override") is kept as a plain int.
    """

    DEFERRED = 0
    ROUTINE = 1
    PRIORITY = 2
    IMMEDIATE = 3
    FLASH = 4
    OVERRIDE = 5
    ECP = 16
    CRITIC = 17

    @property
    def label(self) -> str:
        """The STANAG name (``"immediate"``)."""
        return p772.PRECEDENCE_NAMES[int(self)]

    @classmethod
    def coerce(cls, value: Any, where: str = "precedence") -> Union["Precedence", int]:
        """A precedence from its name (``"flash"``, any case), a member or a
        number 0..31; numbers without a member stay ints."""
        if isinstance(value, str):
            number = p772.PRECEDENCE_VALUES.get(value.lower())
            if number is None:
                raise _err("unknown precedence %r; expected one of %s or a number 0..31" % (
                    value, ", ".join(p772.PRECEDENCE_VALUES)), where)
            return cls(number)
        if _is_int(value) and 0 <= value <= 31:
            return _precedence(value)
        raise _err("a precedence is a name (%s) or a number 0..31, not %r" % (
            ", ".join(p772.PRECEDENCE_VALUES), value), where)


def _precedence(value: int) -> Union[Precedence, int]:
    """A member for a known number; the int as read otherwise (lenient)."""
    try:
        return Precedence(value)
    except ValueError:
        return int(value)


def precedence_name(value: int) -> Optional[str]:
    """The STANAG name of a precedence number (18 is a national
    ``"override"``), ``None`` for an unnamed one."""
    return p772.PRECEDENCE_NAMES.get(int(value))


# ---------------------------------------------------------------------------
# Security label (X.411 MessageSecurityLabel; ESS form by conversion)


class SecurityCategory(NamedTuple):
    """One security category: its type OID and its value as BER (one TLV:
    the value's type is defined by the policy, not by X.411)."""

    type: str
    value: bytes


@dataclass(eq=True)
class SecurityLabel:
    """The X.411 ``MessageSecurityLabel`` (envelope extension 20).

    Usable on any message: ``Message(security_label=label.to_asn1())`` on
    a plain :class:`~x400fast.message.Message`, ``SecurityLabel.of(message)``
    to read it back; a :class:`MilitaryMessage` takes and gives the object
    itself.

    :ivar policy: security policy identifier (dotted OID), e.g.
        :data:`NATO_POLICY`; optional in X.411, mandatory in the ESS form.
    :ivar classification: the number (``unmarked`` 0 .. ``top-secret`` 5,
        policy-defined values up to 256); a name is accepted and converted.
    :ivar privacy_mark: PrintableString of 1..128 characters.
    :ivar categories: :class:`SecurityCategory` items (``(oid, ber)``
        pairs are converted), at most 64.
    """

    policy: Optional[str] = None
    classification: Union[int, str, None] = None
    privacy_mark: Optional[str] = None
    categories: List[SecurityCategory] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.check()

    def check(self, where: str = "security_label") -> None:
        """Validate (and normalise the classification to its number)."""
        if self.policy is not None:
            _oid(self.policy, where + ".policy", SecurityLabelError)
        c = self.classification
        if c is not None:
            if isinstance(c, str):
                if c not in _CLASSIFICATION_NUMBERS:
                    raise SecurityLabelError("unknown classification %r; expected one of %s "
                                             "or a number 0..%d" % (
                                                 c, ", ".join(_CLASSIFICATION_NUMBERS),
                                                 x411.ub_integer_options),
                                             where + ".classification")
                self.classification = _CLASSIFICATION_NUMBERS[c]
            elif not (_is_int(c) and 0 <= c <= x411.ub_integer_options):
                raise SecurityLabelError("a classification is a name or a number 0..%d, not %r"
                                         % (x411.ub_integer_options, c),
                                         where + ".classification")
        if self.privacy_mark is not None:
            try:
                _mstring(self.privacy_mark, where + ".privacy_mark",
                         x411.ub_privacy_mark_length, what="a privacy mark")
            except MilitaryMessageError as exc:
                raise SecurityLabelError(exc.reason, exc.field) from None
        if isinstance(self.categories, (str, bytes)) or not isinstance(self.categories,
                                                                        Iterable):
            raise SecurityLabelError("a list of SecurityCategory", where + ".categories")
        cats = []
        for i, cat in enumerate(self.categories):
            w = "%s.categories[%d]" % (where, i)
            if not (isinstance(cat, tuple) and len(cat) == 2):
                raise SecurityLabelError("a SecurityCategory(type OID, value BER)", w)
            cats.append(SecurityCategory(_oid(cat[0], w + ".type", SecurityLabelError),
                                         _one_tlv(cat[1], w + ".value", SecurityLabelError)))
        if len(cats) > x411.ub_security_categories:
            raise SecurityLabelError("at most %d categories" % x411.ub_security_categories,
                                     where + ".categories")
        self.categories = cats

    @property
    def classification_name(self) -> Optional[str]:
        """The X.411 name of the classification (``"secret"``), ``None``
        when absent or policy-defined."""
        c = self.classification
        return None if c is None else CLASSIFICATIONS.get(int(c))

    # -- X.411 ------------------------------------------------------------------

    def to_asn1(self, where: str = "security_label") -> Dict[str, Any]:
        """The X.411 ``SecurityLabel`` value (what
        ``Message.security_label`` holds)."""
        self.check(where)
        v: Dict[str, Any] = {}
        if self.policy is not None:
            v["security_policy_identifier"] = self.policy
        if self.classification is not None:
            v["security_classification"] = self.classification
        if self.privacy_mark is not None:
            v["privacy_mark"] = self.privacy_mark
        if self.categories:
            v["security_categories"] = [{"type": c.type, "value": bytes(c.value)}
                                        for c in self.categories]
        return v

    @classmethod
    def from_asn1(cls, value: Mapping[str, Any]) -> "SecurityLabel":
        """From the X.411 ``SecurityLabel`` value."""
        if not isinstance(value, Mapping):
            raise SecurityLabelError("an X.411 SecurityLabel value (a dict)", "security_label")
        return cls(policy=value.get("security_policy_identifier"),
                   classification=value.get("security_classification"),
                   privacy_mark=value.get("privacy_mark"),
                   categories=[SecurityCategory(c["type"], U.Raw(c["value"]))
                               for c in value.get("security_categories", ())])

    def to_ber(self) -> bytes:
        """BER of the X.411 ``SecurityLabel`` (Isode's X400_S_SECURITY_LABEL)."""
        return _T_LABEL.encode(self.to_asn1())

    @classmethod
    def from_ber(cls, data: bytes) -> "SecurityLabel":
        return cls.from_asn1(_T_LABEL.decode(bytes(data)))

    # -- ESS (RFC 2634, STANAG 4406 Annex B) ----------------------------------------

    def to_ess(self) -> Dict[str, Any]:
        """The ``ESSSecurityLabel`` value of the same label.

        :raises SecurityLabelError: without a policy identifier, which the
            ESS form requires.
        """
        try:
            return p772.ess_label_from_x411(self.to_asn1())
        except EncodeError as exc:
            raise SecurityLabelError(exc.reason, "security_label.policy") from None

    def to_ess_ber(self) -> bytes:
        """BER of :meth:`to_ess` (the CMS signed attribute's value)."""
        return _T_ESS_LABEL.encode(self.to_ess())

    @classmethod
    def from_ess(cls, value: Any) -> "SecurityLabel":
        """From an ``ESSSecurityLabel`` value or its BER.

        :raises SecurityLabelError: for a UTF-8 privacy mark that a
            PrintableString cannot carry.
        """
        if isinstance(value, (bytes, bytearray, memoryview)):
            value = _T_ESS_LABEL.decode(bytes(value))
        try:
            return cls.from_asn1(p772.x411_label_from_ess(value))
        except EncodeError as exc:
            raise SecurityLabelError(exc.reason, "security_label.privacy_mark") from None

    # -- plain messages ---------------------------------------------------------

    @classmethod
    def of(cls, message: Message) -> Optional["SecurityLabel"]:
        """The message security label of any message, or ``None``."""
        v = message.security_label
        if v is None or isinstance(v, SecurityLabel):
            return v
        return cls.from_asn1(v)


def _label(value: Any, where: str) -> SecurityLabel:
    """A label that must be there."""
    label = _as_label(value, where)
    if label is None:
        raise MissingField("a security label is required here", where)
    return label


def _as_label(value: Any, where: str) -> Optional[SecurityLabel]:
    if value is None or isinstance(value, SecurityLabel):
        return value
    if isinstance(value, Mapping):
        return SecurityLabel.from_asn1(value)
    raise SecurityLabelError("a SecurityLabel (or the X.411 SecurityLabel value)", where)


# ---------------------------------------------------------------------------
# Heading field types


@dataclass(eq=True)
class MessageType:
    """message-type: the kind of traffic and an optional name (an exercise's).

    :ivar type: ``"exercise"``, ``"operation"``, ``"project"``, ``"drill"``
        or a number 0..255 (128..255 national); stored as the name when
        there is one.
    :ivar identifier: MilitaryString, e.g. ``"STEADFAST JUPITER"``.
    """

    type: Union[str, int] = "exercise"
    identifier: Optional[str] = None

    def _value(self, where: str) -> Dict[str, Any]:
        n = _name_or_number(self.type, _MESSAGE_TYPE_NUMBERS, where + ".type",
                            "message type", 0, 255)
        self.type = MESSAGE_TYPES.get(n, n)
        v: Dict[str, Any] = {"type": n}
        if self.identifier is not None:
            v["identifier"] = _mstring(self.identifier, where + ".identifier")
        return v

    @classmethod
    def _read(cls, v: Mapping[str, Any]) -> "MessageType":
        return cls(MESSAGE_TYPES.get(v["type"], v["type"]), v.get("identifier"))


@dataclass(eq=True)
class AddressListDesignator:
    """One entry of address-list-indicator (and of an ACP 127 response):
    an address list the message was also sent to.

    :ivar list_name: the list (:class:`ORDescriptor`; a string converts).
    :ivar type: ``"primary"`` or ``"copy"`` address list.
    :ivar notification_request: / :ivar reply_request: ``"action"``,
        ``"info"``, ``"both"`` or ``None``.
    """

    list_name: Any = None
    type: str = "primary"
    notification_request: Optional[str] = None
    reply_request: Optional[str] = None

    def __post_init__(self) -> None:
        if self.list_name is not None:
            self.list_name = as_descriptor(self.list_name, "list_name")

    def _value(self, where: str) -> Dict[str, Any]:
        if self.list_name is None:
            raise MissingField("an address list designator names its list",
                               where + ".list_name")
        v: Dict[str, Any] = {
            "type": _name_or_number(self.type, {n: i for i, n in enumerate(_ALI_TYPES)},
                                    where + ".type", "address list type", 0, 1),
            "list_name": as_descriptor(self.list_name, where + ".list_name")
            ._descriptor_value(where + ".list_name")}
        for key in ("notification_request", "reply_request"):
            r = getattr(self, key)
            if r is not None:
                v[key] = _name_or_number(r, {n: i for i, n in enumerate(_ALI_REQUESTS)},
                                         "%s.%s" % (where, key), "address list request",
                                         0, 2)
        return v

    @classmethod
    def _read(cls, v: Mapping[str, Any]) -> "AddressListDesignator":
        def name(n: Any, names: Tuple[str, ...]) -> Any:
            return names[n] if _is_int(n) and 0 <= n < len(names) else n
        return cls(ORDescriptor.from_asn1(v["list_name"]), name(v["type"], _ALI_TYPES),
                   None if v.get("notification_request") is None
                   else name(v["notification_request"], _ALI_REQUESTS),
                   None if v.get("reply_request") is None
                   else name(v["reply_request"], _ALI_REQUESTS))


class DistributionExtension(NamedTuple):
    """A distribution code other than a SIC: its type OID and its value as
    BER (one TLV)."""

    type: str
    value: bytes


class OtherRecipient(NamedTuple):
    """other-recipients-indicator entry: a recipient reached by other means.

    ``type`` is ``"primary"`` (action) or ``"copy"`` (information)."""

    designator: str
    type: str = "primary"


@dataclass(eq=True)
class PilotInformation:
    """pilot-forwarding-info entry: what an ACP 127 relay recorded when it
    re-addressed or relayed the message.

    :ivar precedence: a :class:`Precedence` (names and numbers convert).
    :ivar recipients: :class:`ORDescriptor` list.
    :ivar security_label: a :class:`SecurityLabel`.
    :ivar handling: MilitaryStrings.
    """

    precedence: Any = None
    recipients: List[ORDescriptor] = field(default_factory=list)
    security_label: Optional[SecurityLabel] = None
    handling: List[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        if self.precedence is not None:
            self.precedence = Precedence.coerce(self.precedence, "pilot.precedence")
        self.recipients = _descriptors(self.recipients, "pilot.recipients")
        self.security_label = _as_label(self.security_label, "pilot.security_label")

    def _value(self, where: str) -> Dict[str, Any]:
        v: Dict[str, Any] = {}
        if self.precedence is not None:
            v["pilot_precedence"] = int(Precedence.coerce(self.precedence,
                                                          where + ".precedence"))
        if self.recipients:
            v["pilot_recipient"] = _descriptor_values(
                _descriptors(self.recipients, where + ".recipients"), where + ".recipients")
        if self.security_label is not None:
            v["pilot_security"] = _label(self.security_label, where).to_asn1(
                where + ".security_label")
        if self.handling:
            v["pilot_handling"] = _strings(self.handling, where + ".handling")
        return v

    @classmethod
    def _read(cls, v: Mapping[str, Any]) -> "PilotInformation":
        p = v.get("pilot_precedence")
        out = cls(recipients=[ORDescriptor.from_asn1(d) for d in v.get("pilot_recipient", ())],
                  security_label=(None if v.get("pilot_security") is None
                                  else SecurityLabel.from_asn1(v["pilot_security"])),
                  handling=list(v.get("pilot_handling", ())))
        out.precedence = None if p is None else _precedence(p)
        return out


@dataclass(eq=True)
class BodyPartLabel:
    """A body part's label in the security information labels: the label
    and, when not every body part is labelled, the body part's number."""

    label: SecurityLabel
    sequence_number: Optional[int] = None


@dataclass(eq=True)
class SecurityInformationLabels:
    """The (deprecated) information-labels heading extension: labels for
    the content, the heading and body parts.  STANAG 4406 Annex B replaces
    it with the ESS label; it is here to read and write older traffic."""

    content: SecurityLabel
    heading: Optional[SecurityLabel] = None
    body_parts: List[BodyPartLabel] = field(default_factory=list)

    def _value(self, where: str) -> Dict[str, Any]:
        v: Dict[str, Any] = {"content_security_label": _label(
            self.content, where + ".content").to_asn1(where + ".content")}
        if self.heading is not None:
            v["heading_security_label"] = _label(self.heading, where).to_asn1(
                where + ".heading")
        if self.body_parts:
            items = []
            for i, bp in enumerate(self.body_parts):
                w = "%s.body_parts[%d]" % (where, i)
                if not isinstance(bp, BodyPartLabel):
                    raise _err("a BodyPartLabel", w)
                item: Dict[str, Any] = {"body_part_security_label": _label(
                    bp.label, w).to_asn1(w + ".label")}
                if bp.sequence_number is not None:
                    if not _is_int(bp.sequence_number) or bp.sequence_number < 0:
                        raise _err("a body part number is an int >= 0", w + ".sequence_number")
                    item["body_part_sequence_number"] = bp.sequence_number
                items.append(item)
            v["body_part_security_labels"] = items
        return v

    @classmethod
    def _read(cls, v: Mapping[str, Any]) -> "SecurityInformationLabels":
        return cls(SecurityLabel.from_asn1(v["content_security_label"]),
                   None if v.get("heading_security_label") is None
                   else SecurityLabel.from_asn1(v["heading_security_label"]),
                   [BodyPartLabel(SecurityLabel.from_asn1(b["body_part_security_label"]),
                                  b.get("body_part_sequence_number"))
                    for b in v.get("body_part_security_labels", ())])


# ---------------------------------------------------------------------------
# ACP 127 notification request (per recipient)


def _acp127_kinds(value: Any, where: str) -> FrozenSet[str]:
    if isinstance(value, str):
        value = (value,)
    if not isinstance(value, Iterable):
        raise _err("a set of ACP 127 notification kinds (negative, positive, transfer)", where)
    out = set()
    for v in value:
        if v in ACP127_NOTIFICATIONS:
            out.add(v)
        elif v in _ACP127_NAMES:
            out.add(_ACP127_NAMES[v])
        else:
            raise _err("unknown ACP 127 notification kind %r; expected negative, positive "
                       "or transfer" % (v,), where)
    return frozenset(out)


def _acp127_bits(kinds: FrozenSet[str]) -> FrozenSet[str]:
    return frozenset(ACP127_NOTIFICATIONS[k] for k in kinds)


def _acp127_read(bits: Iterable[Any]) -> FrozenSet[Any]:
    return frozenset(_ACP127_NAMES.get(b, b) for b in bits)


@dataclass(eq=True)
class MilitaryRecipient(Recipient):
    """A recipient of a military message, with the ACP 127 notification
    request (a STANAG 4406 recipient extension).

    :ivar acp127_notification: the notifications asked of an ACP 127
        gateway for this recipient: a set of ``"negative"``,
        ``"positive"``, ``"transfer"`` (the bit names ``acp127-nn``...
        are accepted).
    """

    acp127_notification: FrozenSet[str] = frozenset()

    def __post_init__(self) -> None:
        super().__post_init__()
        self.acp127_notification = _acp127_kinds(self.acp127_notification,
                                                 "recipient.acp127_notification")

    def to_specifier(self, where: str = "recipient") -> Dict[str, Any]:
        kinds = _acp127_kinds(self.acp127_notification, where + ".acp127_notification")
        if kinds and _REQUEST_OID in self.extensions:
            raise _err("the ACP 127 notification request is given twice (attribute and "
                       "extensions)", where + ".acp127_notification")
        v = super().to_specifier(where)
        if kinds:
            v.setdefault("recipient_extensions", []).append(
                {"type": _REQUEST_OID, "value": _T_ACP127_REQUEST.encode(_acp127_bits(kinds))})
        return v

    @classmethod
    def from_recipient(cls, r: Recipient) -> "MilitaryRecipient":
        """The same recipient, its ACP 127 request (if any, and if it
        decodes) taken out of ``extensions``."""
        kw = {f.name: getattr(r, f.name) for f in fields(Recipient) if f.init}
        kw["extensions"] = exts = dict(r.extensions)
        raw = exts.get(_REQUEST_OID)
        if isinstance(raw, U.Raw):
            try:
                kw["acp127_notification"] = _acp127_read(_T_ACP127_REQUEST.decode(bytes(raw)))
                del exts[_REQUEST_OID]
            except DecodeError:
                pass
        out = cls(**kw)
        out.raw = r.raw
        return out


# ---------------------------------------------------------------------------
# The military message

# attribute -> heading extension OID, in the order they are written.
_FIELDS: Tuple[Tuple[str, str], ...] = (
    ("primary_precedence", p772.id_nato_mmhs_mm_primary_precedence),
    ("copy_precedence", p772.id_nato_mmhs_mm_copy_precedence),
    ("message_type", p772.id_nato_mmhs_mm_message_type),
    ("address_list_indicator", p772.id_nato_mmhs_mm_address_list_indicator),
    ("exempted_addresses", p772.id_nato_mmhs_mm_exempted_address),
    ("extended_authorisation_info", p772.id_nato_mmhs_mm_extended_authorisation_info),
    ("sics", p772.id_nato_mmhs_mm_distribution_codes),      # with distribution_extensions
    ("handling_instructions", p772.id_nato_mmhs_mm_handling_instructions),
    ("message_instructions", p772.id_nato_mmhs_mm_message_instructions),
    ("codress_message", p772.id_nato_mmhs_mm_codress_message),
    ("originator_reference", p772.id_nato_mmhs_mm_originator_reference),
    ("other_recipients_indicator", p772.id_nato_mmhs_mm_other_recipients_indicator),
    ("pilot_forwarding_info", p772.id_nato_mmhs_mm_pilot_forwarding_info),
    ("acp127_message_identifier", p772.id_nato_mmhs_mm_acp127_message_identifier),
    ("originator_plad", p772.id_nato_mmhs_mm_originator_plad),
    ("security_information_labels", p772.id_nato_mmhs_mm_information_labels),
)
#: The military heading attributes of :class:`MilitaryMessage`.
MILITARY_FIELDS: Tuple[str, ...] = tuple(a for a, _ in _FIELDS) + ("distribution_extensions",)
_MILITARY_OIDS = frozenset(o for _, o in _FIELDS)


@dataclass(eq=True)
class MilitaryMessage(Message):
    """A STANAG 4406 military message (MM): a :class:`~x400fast.message.Message`
    with the military heading fields as typed attributes.

    Heading (STANAG 4406 Annex A heading extensions):

    :ivar primary_precedence: / :ivar copy_precedence: :class:`Precedence`
        (``"immediate"``, ``3`` and ``Precedence.IMMEDIATE`` are the same).
    :ivar message_type: :class:`MessageType`.
    :ivar address_list_indicator: :class:`AddressListDesignator` list.
    :ivar exempted_addresses: :class:`ORDescriptor` list: address-list
        members deliberately not sent to.
    :ivar extended_authorisation_info: the release time (aware datetime,
        whole seconds, sent as UTCTime).
    :ivar sics: subject indicator codes (3..8 characters, at most 8).
    :ivar distribution_extensions: :class:`DistributionExtension` list
        (sent with the SICs in distribution-codes).
    :ivar handling_instructions: / :ivar message_instructions: MilitaryStrings.
    :ivar codress_message: int.
    :ivar originator_reference: / :ivar acp127_message_identifier: /
        :ivar originator_plad: MilitaryStrings.
    :ivar other_recipients_indicator: :class:`OtherRecipient` list.
    :ivar pilot_forwarding_info: :class:`PilotInformation` list.
    :ivar security_information_labels: :class:`SecurityInformationLabels`
        (deprecated by the ESS label, for older traffic).

    Recipients given as :class:`MilitaryRecipient` carry the ACP 127
    notification request; a message read back has every recipient as one.

    Envelope:

    :ivar security_label: a :class:`SecurityLabel`, sent as the X.411
        message-security-label (a dict of the X.411 value is converted).
    :ivar content_type: ``None`` (default): P772 when military heading
        fields are present, else P22; anything else is used as given.
    :ivar priority_qualifier: ``"low"`` / ``"high"`` (the MMHS priority
        level qualifier envelope extension).
    :ivar derive_priority: when true (default) and a primary precedence is
        set, ``priority`` and ``priority_qualifier`` are sent as the
        precedence maps to, whatever the attributes say.
    :ivar precedence_priority: a table replacing
        :data:`x400fast.asn1.p772.PRECEDENCE_PRIORITY` (``{precedence:
        (priority, qualifier)}``), e.g. one placing national precedences.
    """

    content_type: Union[int, str, None] = None  # type: ignore[assignment]
    security_label: Optional[SecurityLabel] = None  # type: ignore[assignment]
    primary_precedence: Any = None
    copy_precedence: Any = None
    message_type: Optional[MessageType] = None
    address_list_indicator: List[AddressListDesignator] = field(default_factory=list)
    exempted_addresses: List[ORDescriptor] = field(default_factory=list)
    extended_authorisation_info: Optional[_dt.datetime] = None
    sics: List[str] = field(default_factory=list)
    distribution_extensions: List[DistributionExtension] = field(default_factory=list)
    handling_instructions: List[str] = field(default_factory=list)
    message_instructions: List[str] = field(default_factory=list)
    codress_message: Optional[int] = None
    originator_reference: Optional[str] = None
    other_recipients_indicator: List[OtherRecipient] = field(default_factory=list)
    pilot_forwarding_info: List[PilotInformation] = field(default_factory=list)
    acp127_message_identifier: Optional[str] = None
    originator_plad: Optional[str] = None
    security_information_labels: Optional[SecurityInformationLabels] = None
    priority_qualifier: Optional[str] = None
    derive_priority: bool = True
    precedence_priority: Optional[Mapping[int, Tuple[str, str]]] = field(
        default=None, compare=False, repr=False)

    def __post_init__(self) -> None:
        super().__post_init__()
        self.security_label = _as_label(self.security_label, "security_label")
        for name in ("primary_precedence", "copy_precedence"):
            v = getattr(self, name)
            if v is not None:
                setattr(self, name, Precedence.coerce(v, name))
        self.exempted_addresses = _descriptors(self.exempted_addresses, "exempted_addresses")
        if self.extended_authorisation_info is not None:
            self.extended_authorisation_info = _utc(self.extended_authorisation_info,
                                                    "extended_authorisation_info")
        self.distribution_extensions = [
            DistributionExtension(*x) if isinstance(x, tuple) and len(x) == 2 else x
            for x in self.distribution_extensions]
        self.other_recipients_indicator = [
            OtherRecipient(x) if isinstance(x, str) else
            OtherRecipient(*x) if isinstance(x, tuple) else x
            for x in self.other_recipients_indicator]
        self.check_military()

    # -- validation ----------------------------------------------------------------

    def check_military(self) -> None:
        """Validate the military fields (also done on every encoding):
        raises :class:`~x400fast.errors.MilitaryMessageError` or
        :class:`~x400fast.errors.SecurityLabelError` naming the field."""
        self._military_values()
        if self.priority_qualifier is not None and self.priority_qualifier not in (
                "low", "high"):
            raise _err("the priority level qualifier is 'low' or 'high', not %r"
                       % (self.priority_qualifier,), "priority_qualifier")
        U.check_bool(self.derive_priority, "derive_priority")

    def _military_values(self) -> List[Tuple[str, str, Any]]:
        """(attribute, OID, value in the codec's model) of each field set."""
        out: List[Tuple[str, str, Any]] = []
        for attr, oid in _FIELDS:
            v = getattr(self, attr)
            value: Any = None
            if attr in ("primary_precedence", "copy_precedence"):
                if v is not None:
                    value = int(Precedence.coerce(v, attr))
            elif attr == "message_type":
                if v is not None:
                    if not isinstance(v, MessageType):
                        raise _err("a MessageType", attr)
                    value = v._value(attr)
            elif attr == "address_list_indicator":
                if v:
                    value = []
                    for i, d in enumerate(v):
                        if not isinstance(d, AddressListDesignator):
                            raise _err("an AddressListDesignator", "%s[%d]" % (attr, i))
                        value.append(d._value("%s[%d]" % (attr, i)))
            elif attr == "exempted_addresses":
                if v:
                    value = _descriptor_values(_descriptors(v, attr), attr)
            elif attr == "extended_authorisation_info":
                if v is not None:
                    value = _utc(v, attr)
            elif attr == "sics":
                value = self._distribution_codes()
            elif attr in ("handling_instructions", "message_instructions"):
                if v:
                    value = _strings(v, attr)
            elif attr == "codress_message":
                if v is not None:
                    if not _is_int(v):
                        raise _err("the codress message indicator is an int", attr)
                    value = v
            elif attr in ("originator_reference", "acp127_message_identifier",
                          "originator_plad"):
                if v is not None:
                    value = _mstring(v, attr)
            elif attr == "other_recipients_indicator":
                if v:
                    value = []
                    for i, o in enumerate(v):
                        w = "%s[%d]" % (attr, i)
                        if not isinstance(o, OtherRecipient):
                            raise _err("an OtherRecipient(designator, type)", w)
                        value.append({"type": _name_or_number(
                            o.type, {n: i for i, n in enumerate(_OTHER_TYPES)}, w + ".type",
                            "other recipient type", 0, 1),
                            "designator": _mstring(o.designator, w + ".designator")})
            elif attr == "pilot_forwarding_info":
                if v:
                    value = []
                    for i, p in enumerate(v):
                        w = "%s[%d]" % (attr, i)
                        if not isinstance(p, PilotInformation):
                            raise _err("a PilotInformation", w)
                        value.append(p._value(w))
            elif attr == "security_information_labels":
                if v is not None:
                    if not isinstance(v, SecurityInformationLabels):
                        raise _err("a SecurityInformationLabels", attr)
                    value = v._value(attr)
            if value is not None:
                out.append((attr, oid, value))
        return out

    def _distribution_codes(self) -> Optional[Dict[str, Any]]:
        v: Dict[str, Any] = {}
        if self.sics:
            sics = _strings(self.sics, "sics", hi=p772.ub_military_sic,
                            lo=p772.lb_military_sic, what="a SIC")
            if len(sics) > p772.ub_military_number_of_sics:
                raise _err("at most %d SICs, not %d" % (p772.ub_military_number_of_sics,
                                                         len(sics)), "sics")
            v["sics"] = sics
        if self.distribution_extensions:
            items = []
            for i, x in enumerate(self.distribution_extensions):
                w = "distribution_extensions[%d]" % i
                if not (isinstance(x, tuple) and len(x) == 2):
                    raise _err("a DistributionExtension(type OID, value BER)", w)
                items.append({"dist_type": _oid(x[0], w + ".type"),
                              "dist_value": bytes(_one_tlv(x[1], w + ".value"))})
            v["dist_extensions"] = items
        return v or None

    def military_extensions(self) -> Dict[str, U.Raw]:
        """The military heading extensions of the typed fields, ``{OID:
        Raw(BER)}``, validated."""
        return {oid: _encode(oid, value, attr) for attr, oid, value in self._military_values()}

    def military_heading(self) -> Dict[str, Any]:
        """The military heading attributes by name (for display and
        comparison)."""
        return {name: getattr(self, name) for name in MILITARY_FIELDS}

    @property
    def is_military(self) -> bool:
        """Whether there is anything military to send: a military heading
        field (typed or raw) or an ACP 127 notification request."""
        if self._military_values():
            return True
        if any(o in _MILITARY_OIDS for o in self.heading_extensions):
            return True
        return any(getattr(r, "acp127_notification", None) or _REQUEST_OID in r.extensions
                   for r in list(self.to) + list(self.cc) + list(self.bcc))

    # -- envelope ------------------------------------------------------------------

    def effective_content_type(self) -> Union[int, str]:
        """The content type the envelope says: :attr:`content_type`, or when
        that is ``None``, P772 for a military message and P22 otherwise."""
        if self.content_type is not None:
            return self.content_type
        return p772.id_mct_p772 if self.is_military else x420.content_type_p22

    def envelope_priority(self) -> Tuple[str, Optional[str]]:
        """The ``(priority, qualifier)`` the envelope gets (see
        :attr:`derive_priority`)."""
        precedence = getattr(self, "_envelope_precedence", None)
        if precedence is None:
            precedence = self.primary_precedence
        if self.derive_priority and precedence is not None:
            try:
                return p772.envelope_priority(int(precedence), self.precedence_priority)
            except EncodeError:
                raise _err("precedence %r has no envelope priority in the table; give "
                           "precedence_priority= or derive_priority=False"
                           % (precedence,), "primary_precedence") from None
        return self.priority, self.priority_qualifier

    @property
    def envelope_precedence(self) -> Optional[int]:
        """The precedence the envelope's priority and qualifier stand for
        (what an MTA sees), ``None`` when the table has no such pair."""
        try:
            return _precedence(p772.precedence_from_priority(
                self.priority, self.priority_qualifier, self.precedence_priority))
        except EncodeError:
            return None

    @contextlib.contextmanager
    def _as_sent(self) -> Iterator[None]:
        """The envelope attributes as the base class must see them while it
        encodes: content type resolved, priority derived, label as a value."""
        saved = (self.content_type, self.priority, self.security_label)
        try:
            self.check_military()
            self.content_type = self.effective_content_type()
            self.priority = self.envelope_priority()[0]
            label = self.security_label
            if isinstance(label, SecurityLabel):
                self.security_label = label.to_asn1()  # type: ignore[assignment]
            elif label is not None and not isinstance(label, Mapping):
                raise SecurityLabelError("a SecurityLabel", "security_label")
            yield
        finally:
            self.content_type, self.priority, self.security_label = saved

    def _submission_envelope(self) -> Dict[str, Any]:
        with self._as_sent():
            return super()._submission_envelope()

    def _delivery_fields(self, where: str) -> Dict[str, Any]:
        with self._as_sent():
            return super()._delivery_fields(where)

    def _extensions(self, where: str) -> List[Dict[str, Any]]:
        out = super()._extensions(where)
        qualifier = self.envelope_priority()[1]
        if qualifier is not None:
            if any(e.get("type") == _PLQ_TYPE for e in out):
                raise _err("the priority level qualifier is given twice (attribute and "
                           "envelope_extensions)", "priority_qualifier")
            out.append(U.extension_field(p772.id_mmts_priority_level_qualifier,
                                         U.Raw(_T_PLQ.encode(qualifier))))
        return out

    def split_by_precedence(self) -> List["MilitaryMessage"]:
        """One message per envelope precedence: the primary (``to``)
        recipients at the primary precedence, the copy and blind-copy ones
        at the copy precedence, when the two differ (an X.411 envelope has
        one priority).  The heading, and so the IPM identifier, is the
        same in each; only which recipients are on the envelope changes.
        Returns ``[self]`` when no split is needed."""
        if (self.copy_precedence is None or self.primary_precedence is None
                or int(self.copy_precedence) == int(self.primary_precedence)
                or not (self.cc or self.bcc)):
            return [self]
        out = []
        for action in (True, False):
            m = self.copy_for_envelope(action)
            out.append(m)
        return [m for m in out if any(r.envelope for r in m.to + m.cc + m.bcc)
                or m.envelope_only]

    def copy_for_envelope(self, action: bool) -> "MilitaryMessage":
        """A copy whose envelope holds only the action (``to`` and
        ``envelope_only``) or only the information (``cc``, ``bcc``)
        recipients; the information copy's envelope priority follows the
        copy precedence."""
        import copy as _copy
        m = _copy.copy(self)
        for name in ("to", "cc", "bcc"):
            lst = []
            for r in getattr(self, name):
                r2 = _copy.copy(r)
                r2.envelope = r.envelope and ((name == "to") == action)
                lst.append(r2)
            setattr(m, name, RecipientList(lst, name))
        m.envelope_only = RecipientList(list(self.envelope_only) if action else [],
                                        "envelope_only")
        if not action:
            # the heading keeps both precedences; only the envelope priority
            # of this copy follows the copy precedence.
            m._envelope_precedence = self.copy_precedence  # type: ignore[attr-defined]
        return m

    # -- content -------------------------------------------------------------------

    def _ipm_value(self, where: str = "message") -> Dict[str, Any]:
        value = super()._ipm_value(where)
        p = "" if where == "message" else where + "."
        mil = self._military_values()
        if mil:
            exts = value["heading"].setdefault("extensions", [])
            for attr, oid, v in mil:
                if oid in self.heading_extensions:
                    raise _err("%s is given twice (attribute and heading_extensions[%r])"
                               % (attr, oid), p + attr)
                exts.append({"type": oid, "value": bytes(_encode(oid, v, p + attr))})
        return value

    def without_envelope(self) -> "MilitaryMessage":
        copy = super().without_envelope()
        if not isinstance(copy, MilitaryMessage):  # pragma: no cover - type(self) builds it
            raise TypeError("without_envelope built %s" % type(copy).__name__)
        for name in MILITARY_FIELDS:
            setattr(copy, name, getattr(self, name))
        # The base class rebuilt the recipients as plain ones (heading view):
        # give them back their ACP 127 requests.
        for name in ("to", "cc", "bcc"):
            lst = []
            for mine, theirs in zip(getattr(self, name), getattr(copy, name)):
                r = MilitaryRecipient.from_recipient(theirs)
                r.acp127_notification = getattr(mine, "acp127_notification", frozenset())
                lst.append(r)
            setattr(copy, name, RecipientList(lst, name))
        return copy

    # -- reading -------------------------------------------------------------------

    @classmethod
    def from_content(cls, content: Any, envelope: Any = None) -> "MilitaryMessage":
        """Read a military message from its content octets (and envelope),
        as :meth:`Message.from_content <x400fast.message.Message.from_content>`
        does, with the military fields taken out of the heading extensions."""
        m = super().from_content(content, envelope)
        if not isinstance(m, MilitaryMessage):     # pragma: no cover - cls builds it
            raise TypeError("from_content built %s" % type(m).__name__)
        m._read_military()
        return m

    @classmethod
    def from_message(cls, message: Message) -> "MilitaryMessage":
        """A MilitaryMessage from a plain :class:`~x400fast.message.Message`
        (delivered, fetched over P7, built by other code).  The message is
        not changed."""
        if isinstance(message, MilitaryMessage):
            return message
        if not isinstance(message, Message):
            raise InvalidField("a Message", "message")
        kw = {f.name: getattr(message, f.name) for f in fields(Message) if f.init}
        kw["heading_extensions"] = dict(message.heading_extensions)
        kw["envelope_extensions"] = list(message.envelope_extensions)
        for name in ("to", "cc", "bcc", "envelope_only"):
            kw[name] = list(getattr(message, name))
        label = kw.pop("security_label")
        m = cls(**kw)
        m.security_label = label  # type: ignore[assignment]
        m.raw = message.raw
        m._read_military()
        return m

    def _read_military(self) -> None:
        """Move what was read into the typed attributes."""
        if self.security_label is not None and not isinstance(self.security_label,
                                                              SecurityLabel):
            self.security_label = SecurityLabel.from_asn1(self.security_label)
        exts = self.heading_extensions
        for attr, oid in _FIELDS:
            raw = exts.get(oid)
            if not isinstance(raw, U.Raw):
                continue
            try:
                v = _HEX[oid].decode(bytes(raw))
                self._set_read(attr, v)
            except (DecodeError, KeyError, MilitaryMessageError, SecurityLabelError,
                    InvalidField):
                continue            # kept as Raw in heading_extensions
            del exts[oid]
        rest = []
        for e in self.envelope_extensions:
            if e.get("type") == _PLQ_TYPE and self.priority_qualifier is None:
                try:
                    self.priority_qualifier = _T_PLQ.decode(bytes(e["value"]))
                    continue
                except DecodeError:
                    pass
            rest.append(e)
        self.envelope_extensions = rest
        for name in ("to", "cc", "bcc"):
            setattr(self, name, RecipientList(
                [r if isinstance(r, MilitaryRecipient) else MilitaryRecipient.from_recipient(r)
                 for r in getattr(self, name)], name))

    def _set_read(self, attr: str, v: Any) -> None:
        if attr in ("primary_precedence", "copy_precedence"):
            setattr(self, attr, _precedence(v))
        elif attr == "message_type":
            self.message_type = MessageType._read(v)
        elif attr == "address_list_indicator":
            self.address_list_indicator = [AddressListDesignator._read(d) for d in v]
        elif attr == "exempted_addresses":
            self.exempted_addresses = [ORDescriptor.from_asn1(d) for d in v]
        elif attr == "extended_authorisation_info":
            self.extended_authorisation_info = U.utc(v, attr)
        elif attr == "sics":
            self.sics = list(v.get("sics", ()))
            self.distribution_extensions = [
                DistributionExtension(x["dist_type"], U.Raw(x["dist_value"]))
                for x in v.get("dist_extensions", ())]
        elif attr == "other_recipients_indicator":
            self.other_recipients_indicator = [
                OtherRecipient(o["designator"], _OTHER_TYPES[o["type"]]
                               if _is_int(o["type"]) and 0 <= o["type"] <= 1 else o["type"])
                for o in v]
        elif attr == "pilot_forwarding_info":
            self.pilot_forwarding_info = [PilotInformation._read(p) for p in v]
        elif attr == "security_information_labels":
            self.security_information_labels = SecurityInformationLabels._read(v)
        elif attr in ("handling_instructions", "message_instructions"):
            setattr(self, attr, list(v))
        else:
            setattr(self, attr, v)

    # -- notifications ---------------------------------------------------------------

    def acp127_response(self, notification_type: Any, receipt_time: Optional[_dt.datetime]
                        = None, *, acp127_recipient: Optional[str] = None,
                        supplementary_info: Optional[str] = None,
                        address_list_indicator: Iterable[AddressListDesignator] = (),
                        ipn_originator: Any = None) -> OtherNotification:
        """The military other-notification (MON) an ACP 127 gateway sends
        for this message: an :class:`~x400fast.message.OtherNotification`
        holding an :class:`ACP127NotificationResponse`, addressed to this
        message's originator (send it with :func:`military_submission`).

        :param ipn_originator: who reports (the gateway); by default
            :attr:`this_recipient`.
        """
        resp = ACP127NotificationResponse(
            notification_type, receipt_time or _dt.datetime.now(U.UTC),
            acp127_recipient=acp127_recipient, supplementary_info=supplementary_info,
            address_list_indicator=list(address_list_indicator))
        who = self._notifier(ipn_originator)
        return resp.notification(self.ipm_id, who, recipient=self._notify_target(),
                                 priority=self.envelope_priority()[0])


# ---------------------------------------------------------------------------
# ACP 127 notification response (MON)


@dataclass(eq=True)
class ACP127NotificationResponse:
    """The ACP 127 notification response (a military other-notification
    field): an ACP 127 gateway reporting a message it rejected
    (``"negative"``), delivered (``"positive"``) or handed on
    (``"transfer"``).

    :ivar notification_type: set of those names.
    :ivar receipt_time: aware datetime (UTCTime, whole seconds).
    :ivar acp127_recipient: / :ivar supplementary_info: PrintableString
        1..128.
    :ivar address_list_indicator: :class:`AddressListDesignator` list.
    """

    notification_type: Any = frozenset()
    receipt_time: Optional[_dt.datetime] = None
    acp127_recipient: Optional[str] = None
    supplementary_info: Optional[str] = None
    address_list_indicator: List[AddressListDesignator] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.notification_type = _acp127_kinds(self.notification_type, "notification_type")
        if self.receipt_time is not None:
            self.receipt_time = _utc(self.receipt_time, "receipt_time")

    def to_asn1(self) -> Dict[str, Any]:
        """The ``Acp127NotificationResponse`` value."""
        if self.receipt_time is None:
            raise MissingField("an ACP 127 notification response has a receipt time",
                               "receipt_time")
        v: Dict[str, Any] = {
            "acp127_notification_type": _acp127_bits(_acp127_kinds(
                self.notification_type, "notification_type")),
            "receipt_time": _utc(self.receipt_time, "receipt_time")}
        if self.address_list_indicator:
            v["address_list_indicator"] = [
                d._value("address_list_indicator[%d]" % i)
                for i, d in enumerate(self.address_list_indicator)]
        if self.acp127_recipient is not None:
            v["acp127_recipient"] = _mstring(self.acp127_recipient, "acp127_recipient",
                                             p772.ub_military_bigstring)
        if self.supplementary_info is not None:
            v["acp127_supp_info"] = _mstring(self.supplementary_info, "supplementary_info",
                                             p772.ub_military_bigstring)
        return v

    @classmethod
    def from_asn1(cls, v: Mapping[str, Any]) -> "ACP127NotificationResponse":
        return cls(_acp127_read(v["acp127_notification_type"]), v["receipt_time"],
                   v.get("acp127_recipient"), v.get("acp127_supp_info"),
                   [AddressListDesignator._read(d) for d in v.get("address_list_indicator", ())])

    def to_ber(self) -> bytes:
        try:
            return _T_ACP127_RESPONSE.encode(self.to_asn1())
        except EncodeError as exc:
            raise _err(str(exc), "acp127_response") from None

    @classmethod
    def from_ber(cls, data: bytes) -> "ACP127NotificationResponse":
        return cls.from_asn1(_T_ACP127_RESPONSE.decode(bytes(data)))

    def notification(self, subject_ipm: Any, ipn_originator: Any, *, recipient: Any = None,
                     **kw: Any) -> OtherNotification:
        """An :class:`~x400fast.message.OtherNotification` carrying this
        response about ``subject_ipm`` (the MM's identifier), from
        ``ipn_originator``, to be sent to ``recipient``."""
        return OtherNotification(subject_ipm=as_ipm_id(subject_ipm, "subject_ipm"),
                                 ipn_originator=as_descriptor(ipn_originator, "ipn_originator"),
                                 recipient=recipient,
                                 fields={_RESPONSE_OID: U.Raw(self.to_ber())}, **kw)

    @classmethod
    def from_notification(cls, notification: Notification
                          ) -> Optional["ACP127NotificationResponse"]:
        """The ACP 127 response a notification carries, or ``None``."""
        if not isinstance(notification, OtherNotification):
            return None
        raw = notification.fields.get(_RESPONSE_OID)
        if raw is None:
            return None
        if not isinstance(raw, (bytes, bytearray)):
            raise _err("the ACP 127 response field is not BER", "fields")
        return cls.from_ber(bytes(raw))


def military_submission(notification: Notification) -> Submission:
    """The P3 submission of a military notification (MRN, MNRN or MON):
    :meth:`Notification.to_submission
    <x400fast.message.Notification.to_submission>` with the envelope's
    content type P772, as STANAG 4406 wants for an MN."""
    env, content = notification.to_submission()
    env = dict(env, content_type=p772.content_type_p772)
    U.encode_as(U.T_SUBMISSION_ENVELOPE, env, "envelope")
    return Submission(env, content)
