"""The x400fast error hierarchy.

Every failure the library reports is an :class:`X400Error`.  Bad input from
the network or from the caller gets a precise leaf, never a bare built-in
exception.  Leaves that describe malformed data also derive from
:class:`ValueError` so that generic ``except ValueError`` handlers keep
working.

Layers add their leaves here rather than in their own modules so that a
caller can see the whole tree in one place.

Stable numeric codes: every class has ``error_code``, texts come from
:func:`describe`; the one table is :mod:`x400fast.errorcodes`.
"""
from __future__ import annotations

from typing import Optional, Sequence

__all__ = [
    "X400Error",
    "CodecError",
    "DecodeError",
    "EncodeError",
    "SchemaError",
]


class X400Error(Exception):
    """Root of every exception raised by x400fast."""


# ---------------------------------------------------------------------------
# Codec (layer 1) and schema (layer 2)


class CodecError(X400Error):
    """Base of the BER codec's errors."""


def _format_path(path: Sequence[str]) -> str:
    return ".".join(path) if path else "<top>"


class DecodeError(CodecError, ValueError):
    """Malformed or over-limit BER input.

    :ivar reason: short description of what is wrong.
    :ivar offset: byte offset in the input where the problem was found.
    :ivar path: tuple of type and field names leading to the problem.
    """

    def __init__(self, reason: str, offset: int = 0,
                 path: Optional[Sequence[str]] = None) -> None:
        self.reason = reason
        self.offset = offset
        self.path = tuple(path or ())
        super().__init__(reason, offset, self.path)

    def __str__(self) -> str:
        return "%s at offset %d in %s" % (self.reason, self.offset,
                                          _format_path(self.path))


class EncodeError(CodecError, ValueError):
    """A value that cannot be encoded as the declared type.

    :ivar reason: short description of what is wrong.
    :ivar path: tuple of type and field names leading to the problem.
    """

    def __init__(self, reason: str,
                 path: Optional[Sequence[str]] = None) -> None:
        self.reason = reason
        self.path = tuple(path or ())
        super().__init__(reason, self.path)

    def __str__(self) -> str:
        return "%s in %s" % (self.reason, _format_path(self.path))


class SchemaError(X400Error, TypeError):
    """An ASN.1 declaration that cannot be compiled (a bug in a module)."""


# ---------------------------------------------------------------------------
# OSI stack (transport, session, presentation, ACSE, ROSE, association)
# (section owned by the stack work: add leaves below this line)

__all__ += [
    "ProtocolError", "LocalProtocolError",
    "TransportProtocolError", "MalformedTPKT", "MalformedTPDU", "TSDUTooLarge",
    "SessionProtocolError", "MalformedSPDU",
    "ConnectionEnded", "TransportDisconnected", "SessionRefused",
    "SessionAborted",
]


class ProtocolError(X400Error):
    """A violation of an OSI protocol rule (base of the stack's errors).

    Raised by the sans-I/O machines in :mod:`x400fast.osi`.  After a
    machine raises one of these it is in its ``ERROR`` state and accepts
    nothing more; any courtesy PDU it queued for the peer (an X.224 ER, a
    session AB or RF) is still returned by its ``data_to_send()``, so the
    caller flushes that and then closes the TCP connection.

    :ivar reason: short description of what is wrong.
    :ivar offset: byte offset inside the PDU being parsed, or ``None``
        when the error is not about a position in received bytes.
    """

    layer = "osi"

    def __init__(self, reason: str, offset: Optional[int] = None) -> None:
        self.reason = reason
        self.offset = offset
        super().__init__(reason, offset)

    def __str__(self) -> str:
        if self.offset is None:
            return "%s: %s" % (self.layer, self.reason)
        return "%s: %s at offset %d" % (self.layer, self.reason, self.offset)


class LocalProtocolError(ProtocolError):
    """The local user asked a machine for something its state forbids.

    For example sending data before the connection is open, or a connect
    user data too long for any session SPDU.  This is a bug in the caller,
    not a fault of the peer; nothing is sent and the machine's state is
    unchanged.
    """

    layer = "local"


class TransportProtocolError(ProtocolError):
    """The peer broke RFC 1006 / X.224 class 0 (an unexpected TPDU, a
    connect confirm that does not match the request, ...)."""

    layer = "transport"


class MalformedTPKT(TransportProtocolError, ValueError):
    """A TPKT header that is not ``03 00`` + a length in range.

    Raised as soon as the offending header octet arrives, before any of
    the packet body is read: after a bad header the byte stream cannot be
    resynchronised, so the only remedy is closing the connection.
    """

    layer = "tpkt"


class MalformedTPDU(TransportProtocolError, ValueError):
    """An X.224 TPDU whose header or parameters cannot be parsed.

    :ivar er_cause: the X.224 ER reject cause that describes the fault
        (0 not specified, 1 invalid parameter code, 2 invalid TPDU type,
        3 invalid parameter value).
    """

    def __init__(self, reason: str, offset: Optional[int] = None,
                 er_cause: int = 0) -> None:
        super().__init__(reason, offset)
        self.er_cause = er_cause


class TSDUTooLarge(TransportProtocolError):
    """The peer's DT TPDUs without end-of-TSDU exceed the reassembly cap."""


class SessionProtocolError(ProtocolError):
    """The peer broke X.225 (an SPDU not allowed in the current state,
    a negotiation answer that was never proposed, ...)."""

    layer = "session"


class MalformedSPDU(SessionProtocolError, ValueError):
    """An X.225 SPDU whose header or parameters cannot be parsed, or whose
    parameters break the rules for that SPDU type."""


class ConnectionEnded(X400Error):
    """The peer or a provider ended the connection (base).

    The sans-I/O machines report these endings as events, not exceptions;
    the events' ``as_error()`` builds the matching leaf so that a client
    can raise it from a blocking call.
    """


class TransportDisconnected(ConnectionEnded):
    """The transport connection was refused or lost.

    :ivar reason: the X.224 DR reason code when the peer sent a DR (e.g.
        ``0x82`` negotiation failed), otherwise ``None``.
    :ivar detail: human-readable cause.
    """

    def __init__(self, detail: str, reason: Optional[int] = None) -> None:
        self.reason = reason
        self.detail = detail
        super().__init__(detail, reason)

    def __str__(self) -> str:
        if self.reason is None:
            return self.detail
        return "%s (DR reason 0x%02x)" % (self.detail, self.reason)


class SessionRefused(ConnectionEnded):
    """The session connection was refused (RF SPDU).

    :ivar reason: the X.225 refusal reason code (``0x02`` means refused by
        the session user, with the presentation CPR-PPDU in ``user_data``).
    :ivar user_data: the bytes following the reason code.
    """

    def __init__(self, reason: int, user_data: bytes = b"") -> None:
        self.reason = reason
        self.user_data = user_data
        super().__init__(reason, user_data)

    def __str__(self) -> str:
        return "session connection refused (reason 0x%02x)" % self.reason


class SessionAborted(ConnectionEnded):
    """The session connection was aborted (AB SPDU or lost transport).

    :ivar provider: true when a provider (not the peer's user) aborted.
    :ivar transport_disconnect: the AB's Transport Disconnect bits, or
        ``None`` when no AB was received.
    :ivar user_data: the AB's user data (an ARU/ARP PPDU), possibly empty.
    :ivar detail: human-readable cause.
    """

    def __init__(self, detail: str, provider: bool = True,
                 transport_disconnect: Optional[int] = None,
                 user_data: bytes = b"") -> None:
        self.detail = detail
        self.provider = provider
        self.transport_disconnect = transport_disconnect
        self.user_data = user_data
        super().__init__(detail, provider, transport_disconnect, user_data)

    def __str__(self) -> str:
        return self.detail


# -- presentation, ACSE and ROSE (upper layers) --------------------------------

__all__ += [
    "PresentationProtocolError", "MalformedPPDU", "ACSEProtocolError",
    "MalformedAPDU", "ROSEProtocolError", "AssociationRejected",
    "AssociationAborted", "RemoteOperationError", "Rejected",
]


class PresentationProtocolError(ProtocolError):
    """The peer broke X.226 (a PPDU not allowed now, a context id that was
    never negotiated, a result list that does not answer the proposal...).

    The machine has queued the courtesy PPDU where X.226 wants one: a
    CPR-PPDU when a CP-type is refused, otherwise an ARP-PPDU (provider
    abort) inside a session abort.

    :ivar abort_reason: the ARP abort-reason sent (0..6), or ``None``.
    :ivar event_identifier: the ARP event-identifier sent, or ``None``.
    """

    layer = "presentation"

    def __init__(self, reason: str, offset: Optional[int] = None,
                 abort_reason: Optional[int] = None,
                 event_identifier: Optional[int] = None) -> None:
        super().__init__(reason, offset)
        self.abort_reason = abort_reason
        self.event_identifier = event_identifier


class MalformedPPDU(PresentationProtocolError, ValueError):
    """A presentation PPDU that does not decode (BER or structure)."""


class ACSEProtocolError(ProtocolError):
    """The peer broke X.227 (an APDU that does not belong in the current
    state, a connect without an AARQ, data on the ACSE context...).

    An ABRT with abort-source service-provider has been queued for the
    peer when the association could still carry one.
    """

    layer = "acse"


class MalformedAPDU(ACSEProtocolError, ValueError):
    """An ACSE APDU that does not decode or breaks a rule of its type."""


class ROSEProtocolError(ProtocolError):
    """The peer broke the remote-operations rules in a way a Reject PDU
    cannot answer (a bind PDU that is not the expected wrapper, an unbind
    carrying data where none is defined...).

    Ordinary faults in operations (unknown operation codes, duplicate or
    unknown invoke ids, mistyped arguments) are *not* raised: the machine
    answers them with a Reject and the association stays up.
    """

    layer = "rose"


class AssociationRejected(ConnectionEnded):
    """The association (and with it the bind) was refused.

    :ivar result: ACSE result: 1 rejected-permanent, 2 rejected-transient,
        or ``None`` when no AARE came back.
    :ivar source: ``"service-user"``, ``"service-provider"`` (the ACSE
        diagnostic's alternative), ``"presentation"`` (a CPR with a
        provider-reason) or ``"session"`` (a refusal below presentation).
    :ivar diagnostic: the diagnostic value of that source (ACSE
        diagnostic, presentation provider-reason or session reason code).
    :ivar bind_error: the decoded bind-error parameter when the AARE
        carried one (``[18]``), else ``None``.
    :ivar detail: human-readable cause.
    """

    def __init__(self, detail: str, result: Optional[int] = None,
                 source: Optional[str] = None, diagnostic: Optional[int] = None,
                 bind_error: object = None) -> None:
        self.detail = detail
        self.result = result
        self.source = source
        self.diagnostic = diagnostic
        self.bind_error = bind_error
        super().__init__(detail, result, source, diagnostic, bind_error)

    def __str__(self) -> str:
        return self.detail


class AssociationAborted(ConnectionEnded):
    """The association was aborted (A-ABORT or A-P-ABORT).

    :ivar provider: true when a service provider (ACSE, presentation,
        session or transport) aborted rather than the peer's user.
    :ivar source: ABRT abort-source (0 service-user, 1 service-provider)
        when an ABRT arrived, else ``None``.
    :ivar diagnostic: ABRT abort-diagnostic name, or the presentation
        ARP abort-reason, else ``None``.
    :ivar detail: human-readable cause.
    """

    def __init__(self, detail: str, provider: bool = True,
                 source: Optional[int] = None, diagnostic: object = None) -> None:
        self.detail = detail
        self.provider = provider
        self.source = source
        self.diagnostic = diagnostic
        super().__init__(detail, provider, source, diagnostic)

    def __str__(self) -> str:
        return self.detail


class RemoteOperationError(X400Error):
    """The peer answered an invocation with a ROS returnError.

    :ivar invoke_id: the invocation answered.
    :ivar errcode: the error code (a local int, or a global OID string).
    :ivar name: the error's name from the operation table, if known.
    :ivar parameter: the decoded error parameter, or ``None``.
    :ivar opcode: the operation invoked, when known.
    """

    def __init__(self, invoke_id: int, errcode: object, parameter: object = None,
                 name: Optional[str] = None, opcode: object = None) -> None:
        self.invoke_id = invoke_id
        self.errcode = errcode
        self.parameter = parameter
        self.name = name
        self.opcode = opcode
        super().__init__(invoke_id, errcode, parameter, name, opcode)

    def __str__(self) -> str:
        return "invocation %d failed: %s (error %s)" % (
            self.invoke_id, self.name or "error", self.errcode)


class Rejected(X400Error):
    """A ROS reject: the peer (or, with ``local`` true, this side) refused
    a ROS PDU.

    :ivar invoke_id: the invocation concerned, ``None`` when the reject
        carried no invoke id.
    :ivar kind: ``"general"``, ``"invoke"``, ``"return_result"`` or
        ``"return_error"`` (the problem's CHOICE alternative).
    :ivar problem: the problem code.
    :ivar name: the X.880 name of the problem (``"mistypedArgument"``...).
    :ivar local: true when this side rejected the peer's PDU.
    """

    def __init__(self, invoke_id: Optional[int], kind: str, problem: int,
                 name: Optional[str] = None, local: bool = False) -> None:
        self.invoke_id = invoke_id
        self.kind = kind
        self.problem = problem
        self.name = name
        self.local = local
        super().__init__(invoke_id, kind, problem, name, local)

    def __str__(self) -> str:
        who = "rejected locally" if self.local else "rejected by the peer"
        target = ("invocation %d" % self.invoke_id if self.invoke_id is not None
                  else "a PDU")
        return "%s %s: %s problem %s" % (target, who, self.kind,
                                         self.name or self.problem)



# -- associations over sockets (x400fast.association) ------------------------

__all__ += [
    "AssociationTimeout", "ConnectionLost", "AssociationBusy", "ConnectFailed",
    "TLSError", "TLSCertificateError", "PlaintextPasswordRefused",
]


class AssociationTimeout(X400Error, TimeoutError):
    """A call on an association did not finish before its deadline.

    Every blocking or asynchronous call takes one timeout, turned into one
    absolute deadline shared by all its steps (connecting, TLS, each read
    and write), so a peer that trickles one byte at a time cannot stretch
    it.  The association itself is left as it was: results that arrive
    later can still be collected, or the caller aborts it.

    :ivar phase: what was being waited for (``"connect"``, ``"bind"``,
        ``"result"``, ``"invoke"``, ``"release"``...).
    :ivar timeout: the timeout of the call, in seconds.
    :ivar outstanding: invoke ids of this side's invocations still without
        an answer when the deadline passed (not lost: still pending).
    """

    def __init__(self, phase: str, timeout: Optional[float],
                 outstanding: Sequence[int] = ()) -> None:
        self.phase = phase
        self.timeout = timeout
        self.outstanding = tuple(outstanding)
        super().__init__("%s timed out" % phase)

    def __str__(self) -> str:
        text = "%s timed out" % self.phase
        if self.timeout is not None:
            text += " after %.3g s" % self.timeout
        if self.outstanding:
            text += " (%d invocation%s still outstanding)" % (
                len(self.outstanding), "" if len(self.outstanding) == 1 else "s")
        return text


class ConnectionLost(ConnectionEnded, ConnectionError):
    """The association ended before the call could complete: the peer
    closed or reset TCP, aborted (A-ABORT), broke the protocol, or this
    side aborted.

    It tells exactly what became of this side's invocations (reliability
    rule: nothing is dropped silently):

    :ivar in_doubt: invoke ids whose invoke PDU may have reached the peer
        but whose answer never came: they may or may not have been
        performed.
    :ivar not_sent: invoke ids whose PDU never left this process: safe to
        send again on a new association.
    :ivar cause: the underlying exception (an
        :class:`AssociationAborted`, a :class:`ProtocolError`, an
        ``OSError``...), or ``None``.
    :ivar detail: human-readable cause.
    """

    def __init__(self, detail: str, in_doubt: Sequence[int] = (),
                 not_sent: Sequence[int] = (),
                 cause: Optional[BaseException] = None) -> None:
        self.detail = detail
        self.in_doubt = tuple(in_doubt)
        self.not_sent = tuple(not_sent)
        self.cause = cause
        super().__init__(detail)

    def __str__(self) -> str:
        parts = [self.detail]
        if self.in_doubt:
            parts.append("%d invocation%s in doubt" % (
                len(self.in_doubt), "" if len(self.in_doubt) == 1 else "s"))
        if self.not_sent:
            parts.append("%d not sent" % len(self.not_sent))
        return "; ".join(parts)


class AssociationBusy(X400Error, RuntimeError):
    """An association was used by a second thread or task while a call was
    running.  An association serves one caller at a time; open one
    association per thread or task, or serialise the calls."""


class ConnectFailed(X400Error, ConnectionError):
    """The connection to the peer could not be set up (TCP refused or
    unreachable, TLS refused).  Nothing of the OSI stack was sent.

    :ivar detail: what failed.
    :ivar cause: the underlying exception (an ``OSError``, an
        ``ssl.SSLError``), or ``None``.
    """

    def __init__(self, detail: str, cause: Optional[BaseException] = None) -> None:
        self.detail = detail
        self.cause = cause
        super().__init__(detail)

    def __str__(self) -> str:
        return self.detail


class TLSError(ConnectFailed):
    """The TLS handshake around the TCP connection failed, or the peer
    refused this side's certificate.  No credential was sent; there is no
    fallback to plain TCP.

    :ivar reason: OpenSSL's reason code as text, when there is one.
    """

    def __init__(self, detail: str, reason: Optional[str] = None,
                 cause: Optional[BaseException] = None) -> None:
        super().__init__(detail, cause)
        self.reason = reason


class TLSCertificateError(TLSError):
    """The peer's certificate was refused: expired, for another host name,
    self-signed or issued by an untrusted CA...

    :ivar verify_code: OpenSSL's X.509 verification code (e.g. 10 for an
        expired certificate, 62 for a host-name mismatch), or ``None``.
    :ivar verify_message: OpenSSL's description of the problem.
    :ivar server_hostname: the name the certificate was checked against.
    """

    def __init__(self, detail: str, verify_code: Optional[int] = None,
                 verify_message: Optional[str] = None,
                 server_hostname: Optional[str] = None,
                 cause: Optional[BaseException] = None) -> None:
        super().__init__(detail, "CERTIFICATE_VERIFY_FAILED", cause)
        self.verify_code = verify_code
        self.verify_message = verify_message
        self.server_hostname = server_hostname


class PlaintextPasswordRefused(X400Error):
    """The bind carries a simple password and the connection is plain TCP.

    Nothing was sent.  Use TLS, or say ``allow_plaintext_password=True``
    when the network path is trusted (a loopback test, an IPsec tunnel).
    """


# ---------------------------------------------------------------------------
# O/R addresses and the message model
# (section owned by the data work: add leaves below this line)


__all__.append("AddressError")


class AddressError(X400Error, ValueError):
    """An O/R address that breaks X.411's rules, or text that is not one.

    Raised by :mod:`x400fast.oraddress` for values over an upper bound,
    characters outside an attribute's string type, attributes that need
    another one (a given name without a surname), unparseable address
    strings and values of the codec's model that do not have the shape of
    an ORAddress.  It names the attribute so that a user interface can
    point at the field to correct.

    :ivar reason: short description of what is wrong.
    :ivar attribute: the attribute at fault, as the
        :class:`~x400fast.oraddress.ORAddress` field name (``"surname"``,
        ``"ou"``, ``"teletex_common_name"``...), or ``None`` when the fault
        is not tied to one attribute.
    """

    def __init__(self, reason: str, attribute: Optional[str] = None) -> None:
        self.reason = reason
        self.attribute = attribute
        super().__init__(reason, attribute)

    def __str__(self) -> str:
        if self.attribute is None:
            return self.reason
        return "%s: %s" % (self.attribute, self.reason)


__all__ += ["MessageError", "MissingField", "InvalidField", "FieldTooLong",
            "InvalidAddress", "UnexpectedContent"]


class MessageError(X400Error, ValueError):
    """A message, report or notification of :mod:`x400fast.message` that
    cannot be built, encoded or read as asked (base of the model's leaves).

    :ivar reason: short description of what is wrong.
    :ivar field: the field at fault, spelt as the model names it
        (``"subject"``, ``"to[1]"``, ``"to[1].free_form_name"``,
        ``"body[0]"``), or ``None`` when the fault is not tied to a field.
        A user interface can point at the input to correct with it.
    """

    def __init__(self, reason: str, field: Optional[str] = None) -> None:
        self.reason = reason
        self.field = field
        super().__init__(reason, field)

    def __str__(self) -> str:
        if self.field is None:
            return self.reason
        return "%s: %s" % (self.field, self.reason)


class MissingField(MessageError):
    """A field the operation needs is absent: a submission without an
    originator or without any recipient on the envelope, a receipt
    notification without a receipt time."""


class InvalidField(MessageError):
    """A field whose value the standard does not allow: an unknown name
    (importance, sensitivity, priority, report request...), a value of the
    wrong type, a naive datetime, a character the field's string type
    cannot carry."""


class FieldTooLong(InvalidField):
    """A field over its X.411 / X.420 upper bound (a subject over 128
    characters, a content identifier over 16...).

    :ivar limit: the upper bound.
    :ivar length: the length given.
    """

    def __init__(self, field: str, limit: int, length: int,
                 unit: str = "characters") -> None:
        self.limit = limit
        self.length = length
        super().__init__("%d %s, more than the upper bound of %d" % (
            length, unit, limit), field)


class InvalidAddress(MessageError):
    """An originator or recipient that is not an O/R address: text that
    does not parse, or an object of another type.  The
    :class:`AddressError` that explains why is chained as ``__cause__``.

    :ivar text: what was given, as text.
    """

    def __init__(self, reason: str, field: Optional[str] = None,
                 text: Optional[str] = None) -> None:
        self.text = text
        super().__init__(reason, field)

    def __str__(self) -> str:
        where = self.field or "address"
        if self.text is None:
            return "%s: %s" % (where, self.reason)
        return "%s: %r is not an O/R address: %s" % (where, self.text, self.reason)


class UnexpectedContent(MessageError):
    """Well-formed input that is not what was asked for: an IPN where an
    IPM was expected (or the reverse), a content type that is not
    interpersonal messaging, a body part of another kind."""



# -- AMHS (x400fast.amhs) ----------------------------------------------------

__all__ += ["AFTNAddressError", "ATSMessageError"]


class AFTNAddressError(AddressError):
    """An AFTN address (AF-address) that is malformed, or that cannot be
    converted to or from an AMHS O/R address: not eight letters, no
    management domain or CAAS organization for it in the addressing table,
    an O/R address that is neither in the user table nor XF- or
    CAAS-shaped, a malformed addressing table, a failed directory lookup.

    :ivar address: the AF-address concerned, when there is one.
    """

    def __init__(self, reason: str, address: Optional[str] = None,
                 attribute: Optional[str] = None) -> None:
        super().__init__(reason, attribute)
        self.address = address


class ATSMessageError(MessageError):
    """An ATS message that breaks a rule of the ATS message service (a
    priority indicator other than SS/DD/FF/GG/KK, a filing time that is not
    DDhhmm, optional heading information over 53 characters (48 for SS)),
    exceeds a limit of the AFTN/AMHS gateway (line length, text length,
    recipient count, one body part, character set), or an AMHS IPM from
    which no ATS message can be read (no valid ATS-message-header nor
    extended heading fields).

    :ivar limit: for gateway limits, which one (``"line_length"``,
        ``"text_length"``, ``"recipients"``, ``"body_parts"``,
        ``"charset"``, ``"ohi_length"``), else ``None``.
    :ivar maximum: the limit's value, when it is a number.
    :ivar value: the offending count or length, when it is a number.
    """

    def __init__(self, reason: str, field: Optional[str] = None,
                 limit: Optional[str] = None, maximum: Optional[int] = None,
                 value: Optional[int] = None) -> None:
        super().__init__(reason, field)
        self.limit = limit
        self.maximum = maximum
        self.value = value


# -- Isode-compatible parameter layer (x400fast.isode) -------------------------


class IsodeAPIError(X400Error):
    """A call of the Isode-style parameter layer (:mod:`x400fast.isode`)
    failed.  ``code`` is the ``X400_E_*`` status the Isode X.400 API gives
    in that case, so that code ported from C or Java can keep switching on
    it; ``name`` is the constant's name (``"X400_E_NO_VALUE"``).
    """

    def __init__(self, code: int, name: str, reason: str) -> None:
        super().__init__("%s (%d): %s" % (name, code, reason))
        self.code = code
        self.name = name
        self.reason = reason


__all__ += ["IsodeAPIError"]


# -- Military messaging (x400fast.mmhs) ----------------------------------------

__all__ += ["SecurityLabelError", "MilitaryMessageError"]


class SecurityLabelError(InvalidField):
    """An X.411 security label (:class:`x400fast.mmhs.SecurityLabel`) that
    the standard does not allow, or that cannot be converted between its
    X.411 and ESS (RFC 2634) forms: an unknown classification name, a
    classification outside 0..256, a privacy mark that is not a
    PrintableString of 1..128 characters, a category that is not an OID and
    one BER value, an ESS label read without a policy identifier."""


class MilitaryMessageError(InvalidField):
    """A STANAG 4406 (P772) military heading field, recipient request or
    notification that breaks a rule of the standard (an unknown precedence
    or message type, a MilitaryString that is not 1..69 printable
    characters, a SIC that is not 3..8 characters or more than 8 SICs...),
    or that is given twice (as a typed attribute and as a raw extension)."""


# ---------------------------------------------------------------------------
# Reference server and store
# (section owned by the reference-server work: add leaves below this line)

__all__ += [
    "StoreError", "StoreCorrupted", "IncompatibleStore", "StoreClosed",
    "CommitFailed", "StoreFull", "QuotaExceeded", "MessageTooLarge",
    "TooManyRecipients", "UnknownUser", "UserExists", "NoSuchEntry",
    "InvalidRequest",
]


class StoreError(X400Error):
    """Base of the errors of the reference server's durable store
    (:mod:`x400fast.server.store`).

    Whenever a store call raises one of these, nothing that call asked for
    was committed, except where a leaf says otherwise
    (:attr:`CommitFailed.in_doubt`).
    """


class StoreCorrupted(StoreError):
    """The store file is damaged (failed ``PRAGMA integrity_check``, or is
    not an SQLite database at all).  The store refuses to serve it: a
    damaged store could hand out wrong messages or lose acknowledged ones.

    :ivar path: the file that was opened.
    :ivar details: the first problems SQLite reported.
    """

    def __init__(self, path: str, details: Sequence[str]) -> None:
        self.path = path
        self.details = tuple(details)
        super().__init__(path, self.details)

    def __str__(self) -> str:
        return "store %s is damaged and will not be served: %s" % (
            self.path, "; ".join(self.details) or "unknown damage")


class IncompatibleStore(StoreError):
    """The file is a healthy SQLite database but not a store this version
    can serve: another application's database, or a store written by a
    newer x400fast with a schema this version does not know."""


class StoreClosed(StoreError):
    """The store was closed before, or while, the request was made."""


class CommitFailed(StoreError):
    """The transaction holding the request could not be committed (I/O
    error, disk full, database locked by another process...).

    Every request of the failed batch gets its own instance.  Nothing of
    the batch is visible afterwards, with one exception flagged by
    :attr:`in_doubt`: an I/O error reported by the final flush of a
    commit leaves it open whether the data reached the disk, as with any
    failed ``fsync``.  The caller must treat such a request as in doubt
    (an MTA retries it; idempotent deliveries make that harmless).

    :ivar reason: SQLite's description of the failure.
    :ivar in_doubt: true when the commit itself failed after its data may
        have been written.
    """

    def __init__(self, reason: str, in_doubt: bool = False) -> None:
        self.reason = reason
        self.in_doubt = in_doubt
        super().__init__(reason, in_doubt)

    def __str__(self) -> str:
        if self.in_doubt:
            return ("commit failed (%s); the outcome is in doubt, retry "
                    "idempotently" % self.reason)
        return "commit failed (%s); nothing of this request was stored" % (
            self.reason)


class StoreFull(CommitFailed):
    """The store reached its size cap or the disk is full (``SQLITE_FULL``).
    The batch was rolled back; nothing of it was stored."""


class QuotaExceeded(StoreError):
    """Storing the request would take mailboxes over their quota.

    Raised before anything is stored: the caller can turn the named
    recipients into non-delivery reports and submit again (the same
    ticket may be reused, since nothing was committed).

    :ivar recipients: the users whose quota would be exceeded.
    """

    def __init__(self, recipients: Sequence[str]) -> None:
        self.recipients = tuple(recipients)
        super().__init__(self.recipients)

    def __str__(self) -> str:
        return "mailbox quota exceeded for %s" % ", ".join(self.recipients)


class MessageTooLarge(StoreError):
    """A content, envelope or report larger than the store accepts.

    :ivar part: which part is too large (``"content"``, ``"envelope"``...).
    :ivar size: its size in octets.
    :ivar limit: the configured maximum.
    """

    def __init__(self, part: str, size: int, limit: int) -> None:
        self.part = part
        self.size = size
        self.limit = limit
        super().__init__(part, size, limit)

    def __str__(self) -> str:
        return "%s of %d octets exceeds the limit of %d" % (
            self.part, self.size, self.limit)


class TooManyRecipients(StoreError):
    """More recipients (or delivery items) than the store accepts for one
    message.

    :ivar count: the number asked for.
    :ivar limit: the configured maximum.
    """

    def __init__(self, count: int, limit: int) -> None:
        self.count = count
        self.limit = limit
        super().__init__(count, limit)

    def __str__(self) -> str:
        return "%d recipients exceed the limit of %d" % (self.count, self.limit)


class UnknownUser(StoreError, LookupError):
    """One or more addresses are not users of the store.

    :ivar addresses: the unknown addresses, in the order met.
    """

    def __init__(self, addresses: Sequence[str]) -> None:
        self.addresses = tuple(addresses)
        super().__init__(self.addresses)

    def __str__(self) -> str:
        return "unknown user%s: %s" % (
            "s" if len(self.addresses) > 1 else "", ", ".join(self.addresses))


class UserExists(StoreError):
    """:meth:`~x400fast.server.store.Store.add_user` for an address that is
    already a user.

    :ivar address: the address.
    """

    def __init__(self, address: str) -> None:
        self.address = address
        super().__init__(address)

    def __str__(self) -> str:
        return "user %s already exists" % self.address


class NoSuchEntry(StoreError, LookupError):
    """No such item visible to the user: a Message Store sequence number,
    a queue item or a submission.  An item that belongs to another user
    raises exactly this error too (access control must not reveal it).

    :ivar item: the sequence number or identifier asked for.
    """

    def __init__(self, item: object) -> None:
        self.item = item
        super().__init__(item)

    def __str__(self) -> str:
        return "no such entry: %r" % (self.item,)


class InvalidRequest(StoreError, ValueError):
    """A store call with arguments that break its contract (an empty
    address, a naive datetime, a query on an unknown field, a query too
    large...).  This is a bug in the calling layer, or untrusted input it
    passed on unchecked."""


# ---------------------------------------------------------------------------
# Reference server (x400fast.server)

__all__ += ["ServerConfigError"]


class ServerConfigError(X400Error, ValueError):
    """The reference server's configuration is unusable (a bad user entry,
    an unknown key in the configuration file, TLS half configured...)."""


# ---------------------------------------------------------------------------
# P3 and P7 operation errors
# (section owned by the client work: add leaves below this line)
#
# Every returnError of a P3 (X.411) or P7 (X.413) operation becomes one of
# these leaves, chosen by the error's name in the abstract syntax it came
# on (code 1 is submission-control-violated on MSSE and
# delivery-control-violated on MDSE; the MS security-error has codes 12
# and 26).  They are RemoteOperationErrors, so code that catches the
# generic ROS error keeps working; the decoded parameter stays in
# ``parameter`` and the leaves that have one also name its parts.

__all__ += [
    "OperationError", "SubmissionControlViolated", "DeliveryControlViolated",
    "OriginatorInvalid", "RecipientImproperlySpecified", "ElementOfServiceNotSubscribed",
    "OldCredentialsIncorrectlySpecified", "NewCredentialsUnacceptable",
    "MessageSubmissionIdentifierInvalid", "DeferredDeliveryCancellationRejected",
    "RegisterRejected", "InconsistentRequest", "SecurityError",
    "UnsupportedCriticalFunction", "ControlViolatesRegistration", "RemoteBindError",
    "OperationRefused", "MSAttributeError", "AutoActionRequestError", "DeleteError",
    "FetchRestrictionError", "RangeError", "SequenceNumberError", "ServiceError",
    "InvalidParametersError", "MessageGroupError", "MSExtensionError", "RegisterMSError",
    "ModifyError", "EntryClassError", "BindRefused", "AuthenticationFailed",
]


class OperationError(RemoteOperationError):
    """A P3 or P7 operation failed: the MTA or the Message Store answered
    with one of the errors X.411/X.413 define for it.

    :ivar code: the error code (same as ``errcode``).
    :ivar name: the standard's name of the error (``"originator-invalid"``).
    :ivar parameter: the decoded error parameter (``None`` for the errors
        whose parameter is NULL).
    :ivar opcode: the operation that failed.
    """

    #: The X.411/X.413 name of the error this class stands for.
    error_name = ""

    @property
    def code(self) -> object:
        return self.errcode

    def __str__(self) -> str:
        return "%s (error %s of operation %s)" % (
            self.name or self.error_name or "operation error", self.errcode, self.opcode)


def _problems(parameter: object, key: str = "problems") -> list:
    if isinstance(parameter, dict):
        return list(parameter.get(key) or ())
    return []


class SubmissionControlViolated(OperationError):
    """The submission breaks the controls the MTS set (submission-control)."""
    error_name = "submission-control-violated"


class DeliveryControlViolated(OperationError):
    """The MTS delivered against the controls this UA set (delivery-control)."""
    error_name = "delivery-control-violated"


class OriginatorInvalid(OperationError):
    """The originator is not the bound user (or a user it may submit for)."""
    error_name = "originator-invalid"


class RecipientImproperlySpecified(OperationError):
    """Some recipient names are unacceptable.

    :ivar recipients: the ``ORName`` values the MTS named (``parameter``).
    """
    error_name = "recipient-improperly-specified"

    @property
    def recipients(self) -> list:
        return list(self.parameter or ()) if isinstance(self.parameter, (list, tuple)) else []


class ElementOfServiceNotSubscribed(OperationError):
    """The submission asks for a service the user has not subscribed to."""
    error_name = "element-of-service-not-subscribed"


class OldCredentialsIncorrectlySpecified(OperationError):
    """change-credentials: the old credentials are wrong."""
    error_name = "old-credentials-incorrectly-specified"


class NewCredentialsUnacceptable(OperationError):
    """change-credentials: the new credentials are refused."""
    error_name = "new-credentials-unacceptable"


class MessageSubmissionIdentifierInvalid(OperationError):
    """cancel-deferred-delivery: no such submission."""
    error_name = "message-submission-identifier-invalid"


class DeferredDeliveryCancellationRejected(OperationError):
    """cancel-deferred-delivery: too late, or not allowed."""
    error_name = "deferred-delivery-cancellation-rejected"


class RegisterRejected(OperationError):
    """register: the registration was refused."""
    error_name = "register-rejected"


class InconsistentRequest(OperationError):
    """The argument asks for incompatible things."""
    error_name = "inconsistent-request"


class SecurityError(OperationError):
    """A security policy refused the operation.

    :ivar problem: the SecurityProblem code (``parameter``), e.g. 1
        authentication-problem.
    """
    error_name = "security-error"

    @property
    def problem(self) -> object:
        return self.parameter


class UnsupportedCriticalFunction(OperationError):
    """An extension marked critical is not supported by the peer."""
    error_name = "unsupported-critical-function"


class ControlViolatesRegistration(OperationError):
    """delivery-control: the controls conflict with the registration."""
    error_name = "control-violates-registration"


class RemoteBindError(OperationError):
    """The MTS (or the MS on behalf of the user) could not bind onward."""
    error_name = "remote-bind-error"


class OperationRefused(OperationError):
    """(1994) The peer refused an argument; ``parameter`` is the
    RefusedOperation value (refused argument and refusal reason)."""
    error_name = "operation-refused"


class MSAttributeError(OperationError):
    """P7 attribute-error (named so as not to shadow the builtin
    ``AttributeError``).

    :ivar problems: list of ``{"problem", "type", "value"}`` values.
    """
    error_name = "attribute-error"

    @property
    def problems(self) -> list:
        return _problems(self.parameter)


class AutoActionRequestError(OperationError):
    """P7 auto-action-request-error; ``problems`` as in the parameter."""
    error_name = "auto-action-request-error"

    @property
    def problems(self) -> list:
        return _problems(self.parameter)


class DeleteError(OperationError):
    """P7 delete-error.

    :ivar problems: list of ``{"problem", "sequence_number"}`` values.
    """
    error_name = "delete-error"

    @property
    def problems(self) -> list:
        return _problems(self.parameter)


class FetchRestrictionError(OperationError):
    """P7 fetch-restriction-error; ``problems`` as in the parameter."""
    error_name = "fetch-restriction-error"

    @property
    def problems(self) -> list:
        return _problems(self.parameter)


class RangeError(OperationError):
    """P7 range-error (a reversed range); ``problem`` as in the parameter."""
    error_name = "range-error"

    @property
    def problem(self) -> object:
        return self.parameter.get("problem") if isinstance(self.parameter, dict) else None


class SequenceNumberError(OperationError):
    """P7 sequence-number-error: no such entry.

    :ivar sequence_numbers: the sequence numbers named in the problems.
    """
    error_name = "sequence-number-error"

    @property
    def problems(self) -> list:
        return _problems(self.parameter)

    @property
    def sequence_numbers(self) -> list:
        return [p.get("sequence_number") for p in self.problems if isinstance(p, dict)]


class ServiceError(OperationError):
    """P7 service-error (busy, unavailable, unwilling-to-perform)."""
    error_name = "service-error"

    @property
    def problem(self) -> object:
        return self.parameter.get("problem") if isinstance(self.parameter, dict) else None


class InvalidParametersError(OperationError):
    """P7 invalid-parameters-error."""
    error_name = "invalid-parameters-error"


class MessageGroupError(OperationError):
    """P7 (1994) message-group-error."""
    error_name = "message-group-error"


class MSExtensionError(OperationError):
    """P7 (1994) ms-extension-error."""
    error_name = "ms-extension-error"


class RegisterMSError(OperationError):
    """P7 (1994) register-ms-error."""
    error_name = "register-ms-error"


class ModifyError(OperationError):
    """P7 (1994) modify-error."""
    error_name = "modify-error"


class EntryClassError(OperationError):
    """P7 (1994) entry-class-error."""
    error_name = "entry-class-error"


class BindRefused(AssociationRejected):
    """The MTA or Message Store refused the bind with a bind error.

    :ivar problem: the bind problem by name (``"authentication-error"``,
        ``"busy"``, ``"unacceptable-security-context"``...), from the MTS
        bind error (INTEGER) or the MS bind error (ENUMERATED, or the
        1994 qualified error), or ``None`` when the refusal carried none.
    :ivar bind_error: the decoded bind-error parameter as received.
    """

    def __init__(self, detail: str, result: Optional[int] = None,
                 source: Optional[str] = None, diagnostic: Optional[int] = None,
                 bind_error: object = None, problem: Optional[str] = None) -> None:
        super().__init__(detail, result, source, diagnostic, bind_error)
        self.problem = problem


class AuthenticationFailed(BindRefused):
    """The bind was refused with authentication-error: wrong name or
    password (servers give the same answer for both)."""


# ---------------------------------------------------------------------------
# Credentials and authentication (x400fast.credentials)
#
# Messages name what failed, never a password, passphrase, key or hash.  A
# wrong password and an unknown user raise the same InvalidCredentials with
# the same text, so a responder that maps these to bind errors reveals
# nothing about which users exist.

__all__ += ["AuthenticationError", "InvalidCredentials", "MalformedCredentials",
            "UnsupportedCredentials", "StaleCredentials", "ReplayedCredentials",
            "ReplayCacheFull", "BadSignature", "CertificateRejected",
            "NameMismatch", "IdentityError", "StrongCredentialsUnavailable"]


class AuthenticationError(X400Error):
    """Bind credentials were not accepted (the responder side of
    :func:`x400fast.credentials.verify`).  A responder answers every leaf
    with the bind error ``authentication-error``; the leaf is for its log."""


class InvalidCredentials(AuthenticationError):
    """Wrong password, or no such user: deliberately one error, one text."""


class MalformedCredentials(AuthenticationError, ValueError):
    """The credentials value is not what X.411 declares (an undecodable
    token, a certificate that is not DER, a missing component)."""


class UnsupportedCredentials(AuthenticationError):
    """Well-formed credentials this responder does not accept: a method it
    was not configured for, an unknown algorithm, a protected password
    without the time and random number replay protection needs."""


class StaleCredentials(AuthenticationError):
    """The time in a protected password or bind token is further from the
    responder's clock than the allowed skew.

    :ivar skew: the difference (credentials time minus now), a timedelta.
    """

    def __init__(self, detail: str, skew: object = None) -> None:
        super().__init__(detail)
        self.skew = skew


class ReplayedCredentials(AuthenticationError):
    """The random number of a protected password or bind token was already
    accepted within the replay window."""


class ReplayCacheFull(AuthenticationError):
    """The replay cache holds its maximum of live entries: the bind is
    refused (treat as ``busy``) rather than forgetting an entry that could
    then be replayed."""


class BadSignature(AuthenticationError):
    """The bind token's signature does not verify with the public key of
    the certificate it came with (wrong key, altered token)."""


class CertificateRejected(AuthenticationError):
    """The certificate, or its path to a trusted CA, was refused.

    :ivar reason: a short keyword: ``"untrusted"``, ``"expired"``,
        ``"not-yet-valid"``, ``"not-a-ca"``, ``"key-usage"``,
        ``"critical-extension"``, ``"path-too-long"``, ``"malformed"``.
    """

    def __init__(self, detail: str, reason: str) -> None:
        super().__init__(detail)
        self.reason = reason


class NameMismatch(AuthenticationError):
    """The name in the certificate or the bind token is not the bound name
    (the certificate is someone else's, or the token was made for another
    responder)."""


class IdentityError(X400Error, ValueError):
    """A TLS/strong-authentication identity could not be loaded: a missing
    ``ca.pem`` or ``id.p12``, a wrong passphrase, a corrupt file."""


class StrongCredentialsUnavailable(X400Error, ImportError):
    """Strong credentials, certificate checks and identities need the
    optional ``cryptography`` package: ``pip install x400fast[strong]``."""


# ---------------------------------------------------------------------------
# Stable error codes (x400fast.errorcodes): installs ``error_code`` on the
# root, after every class above exists.  errorcodes imports nothing of the
# package at load time, so this import cannot cycle.

from .errorcodes import ErrorCode, code_for, describe, isode_code  # noqa: E402
from .errorcodes import _install as _install_error_codes  # noqa: E402

_install_error_codes(X400Error)
__all__ += ["ErrorCode", "code_for", "describe", "isode_code"]
