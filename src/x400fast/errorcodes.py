"""Stable numeric codes for every x400fast error, with short texts.

Applications that log or count errors need numbers that mean the same
thing in every release; class names and messages are not that.  This
module holds the one table that assigns them.

* **Three digits** identify an exception class.  The first digit is the
  layer: 1xx codec and schema, 2xx OSI stack (transport, session,
  presentation, ACSE, ROSE, connection endings), 3xx associations, I/O,
  TLS and binds, 4xx O/R addresses and the message model (AMHS, MMHS),
  5xx P3/P7 operation errors (``5NN`` where ``NN`` is the X.411/X.413
  error code; 517 is code 1 on the delivery syntax), 6xx credentials,
  7xx store and reference server, 8xx compatibility layers, 9xx the root.
* **Four digits** refine a class by the protocol reason it carries: the
  first digit is again the layer (2xxx a DR reason, session refusal or
  abort, presentation abort or provider reason, ACSE diagnostic, ROS
  reject problem; 3xxx a bind problem).  :func:`code_for` picks them.

Every class gets the attribute ``error_code``: on the class it is the
class's code, on an instance the most precise code (``code_for(self)``).
The attribute is not called ``code`` because :class:`OperationError`
(the protocol's error code) and :class:`IsodeAPIError` (the
``X400_E_*`` status) already expose a ``code`` with another meaning.

Rules for maintainers: a code, once released, never changes meaning and
is never reused; new classes and reasons get new numbers; a retired class
keeps its row.  ``tests/test_errorcodes.py`` holds a snapshot to enforce
it.

The attribute is installed by :mod:`x400fast.errors` at the end of its
import (one descriptor on the root class that looks the class up by name
along its MRO), so classes defined in other modules, or later, are
covered without patching each one.  This module imports nothing of the
package at load time, which keeps that hook free of import cycles.
"""
from __future__ import annotations

from typing import Any, Dict, NamedTuple, Optional, Tuple

__all__ = ["ErrorCode", "TABLE", "describe", "code_for", "class_code",
           "isode_code", "operation_error_code"]


class ErrorCode(NamedTuple):
    """One row of the table.

    :ivar code: the stable number.
    :ivar name: the class name, or ``Class.reason`` for a refinement.
    :ivar text: a short human-readable description.
    :ivar isode: the closest Isode ``X400_E_*`` status
        (:data:`x400fast.isode.ERRORS`), or ``None`` when none is close.
    :ivar parent: for a refinement, the class it refines; else ``None``.
    :ivar reason: for a refinement, the protocol value it stands for;
        for a P3/P7 operation-error class, the X.411/X.413 error name.
    """

    code: int
    name: str
    text: str
    isode: Optional[int] = None
    parent: Optional[str] = None
    reason: Any = None

    def __str__(self) -> str:
        return "%s (%d): %s" % (self.name, self.code, self.text)


# Isode X400_E_* statuses used below (values of x400fast.isode.ERRORS; not
# imported from there, so that this module stays free of import cycles).
_BADPARAM, _INT_ERROR, _CONFIG_ERROR = 3, 4, 5
_NOCONNECT, _BADCREDENTIALS, _CONNECT_REJ, _QMGR_CONGESTED, _BAD_RESP = 10, 11, 12, 13, 14
_MISSING_ATTR, _CONFLICT_ATTR, _INVALID_VALUE = 20, 21, 23
_NO_MESSAGE, _TIMED_OUT = 30, 31
_ADDRESS_ERROR, _CONTENT_ERROR, _MESSAGE_ERROR = 64, 68, 73
_ORIGINATOR_ERROR, _PARMS_ERROR, _RECIPIENT_ERROR = 75, 76, 77
_X509_ENV, _X509_INIT, _X509_VERIFY_FAIL, _X509_CERT_INVALID = 83, 85, 91, 92
_CONNECTION_LOST = 110

_R = ErrorCode

#: The table.  Append only; see the module docstring.
TABLE: Tuple[ErrorCode, ...] = (
    # -- 1xx codec and schema ------------------------------------------------
    _R(100, "CodecError", "BER codec error", _CONTENT_ERROR),
    _R(101, "DecodeError", "malformed or over-limit BER input", _CONTENT_ERROR),
    _R(102, "EncodeError", "value cannot be encoded as the declared type", _INVALID_VALUE),
    _R(103, "SchemaError", "ASN.1 declaration cannot be compiled", _INT_ERROR),

    # -- 2xx OSI stack ---------------------------------------------------------
    _R(200, "ProtocolError", "OSI protocol violation", _CONNECTION_LOST),
    _R(201, "LocalProtocolError", "request not allowed in the machine's state", _BADPARAM),
    _R(210, "TransportProtocolError", "peer broke RFC 1006 / X.224", _CONNECTION_LOST),
    _R(211, "MalformedTPKT", "malformed TPKT header", _CONNECTION_LOST),
    _R(212, "MalformedTPDU", "malformed X.224 TPDU", _CONNECTION_LOST),
    _R(213, "TSDUTooLarge", "TSDU over the reassembly limit", _CONNECTION_LOST),
    _R(220, "SessionProtocolError", "peer broke X.225", _CONNECTION_LOST),
    _R(221, "MalformedSPDU", "malformed X.225 SPDU", _CONNECTION_LOST),
    _R(230, "PresentationProtocolError", "peer broke X.226", _CONNECTION_LOST),
    _R(231, "MalformedPPDU", "malformed presentation PPDU", _CONNECTION_LOST),
    _R(240, "ACSEProtocolError", "peer broke X.227", _CONNECTION_LOST),
    _R(241, "MalformedAPDU", "malformed ACSE APDU", _CONNECTION_LOST),
    _R(250, "ROSEProtocolError", "peer broke the remote-operations rules", _CONNECTION_LOST),
    _R(260, "ConnectionEnded", "connection ended by the peer or a provider",
       _CONNECTION_LOST),
    _R(261, "TransportDisconnected", "transport connection refused or lost",
       _CONNECTION_LOST),
    _R(262, "SessionRefused", "session connection refused", _CONNECT_REJ),
    _R(263, "SessionAborted", "session connection aborted", _CONNECTION_LOST),
    _R(264, "AssociationRejected", "association refused", _CONNECT_REJ),
    _R(265, "AssociationAborted", "association aborted", _CONNECTION_LOST),
    _R(270, "Rejected", "ROS reject", None),

    # 20xx/21xx transport: X.224 ER reject causes and DR reasons
    _R(2000, "MalformedTPDU.er-not-specified", "bad TPDU: cause not specified",
       None, "MalformedTPDU", 0),
    _R(2001, "MalformedTPDU.er-invalid-parameter-code", "bad TPDU: invalid parameter code",
       None, "MalformedTPDU", 1),
    _R(2002, "MalformedTPDU.er-invalid-tpdu-type", "bad TPDU: invalid TPDU type",
       None, "MalformedTPDU", 2),
    _R(2003, "MalformedTPDU.er-invalid-parameter-value", "bad TPDU: invalid parameter value",
       None, "MalformedTPDU", 3),
    _R(2100, "TransportDisconnected.not-specified", "transport disconnected: reason not "
       "specified", None, "TransportDisconnected", 0x00),
    _R(2101, "TransportDisconnected.congestion-at-tsap", "transport refused: congestion at "
       "TSAP", _NOCONNECT, "TransportDisconnected", 0x01),
    _R(2102, "TransportDisconnected.session-entity-not-attached", "transport refused: "
       "session entity not attached to TSAP", _NOCONNECT, "TransportDisconnected", 0x02),
    _R(2103, "TransportDisconnected.address-unknown", "transport refused: address unknown",
       _NOCONNECT, "TransportDisconnected", 0x03),
    _R(2110, "TransportDisconnected.normal", "transport disconnected normally",
       None, "TransportDisconnected", 0x80),
    _R(2111, "TransportDisconnected.remote-congestion", "transport refused: remote "
       "congestion", _NOCONNECT, "TransportDisconnected", 0x81),
    _R(2112, "TransportDisconnected.negotiation-failed", "transport refused: connection "
       "negotiation failed", _NOCONNECT, "TransportDisconnected", 0x82),
    _R(2113, "TransportDisconnected.duplicate-source-reference", "transport disconnected: "
       "duplicate source reference", None, "TransportDisconnected", 0x83),
    _R(2114, "TransportDisconnected.mismatched-references", "transport disconnected: "
       "mismatched references", None, "TransportDisconnected", 0x84),
    _R(2115, "TransportDisconnected.protocol-error", "transport disconnected: protocol "
       "error", None, "TransportDisconnected", 0x85),
    _R(2117, "TransportDisconnected.reference-overflow", "transport disconnected: "
       "reference overflow", None, "TransportDisconnected", 0x87),
    _R(2118, "TransportDisconnected.cr-refused", "transport refused: connection request "
       "refused", _NOCONNECT, "TransportDisconnected", 0x88),
    _R(2120, "TransportDisconnected.length-invalid", "transport disconnected: header or "
       "parameter length invalid", None, "TransportDisconnected", 0x8A),

    # 22xx session: RF reason codes and AB transport-disconnect bits
    _R(2200, "SessionRefused.rejected-no-reason", "session refused by the called user, "
       "no reason given", None, "SessionRefused", 0x00),
    _R(2201, "SessionRefused.temporary-congestion", "session refused: temporary "
       "congestion", None, "SessionRefused", 0x01),
    _R(2202, "SessionRefused.rejected-by-user", "session refused by the called user "
       "(with user data)", None, "SessionRefused", 0x02),
    _R(2211, "SessionRefused.ssel-unknown", "session refused: session selector unknown",
       _NOCONNECT, "SessionRefused", 0x81),
    _R(2212, "SessionRefused.user-not-attached", "session refused: called user not "
       "attached to SSAP", _NOCONNECT, "SessionRefused", 0x82),
    _R(2213, "SessionRefused.spm-congestion", "session refused: congestion at connect "
       "time", None, "SessionRefused", 0x83),
    _R(2214, "SessionRefused.version-not-supported", "session refused: proposed versions "
       "not supported", None, "SessionRefused", 0x84),
    _R(2215, "SessionRefused.spm-no-reason", "session refused by the provider, no reason "
       "given", None, "SessionRefused", 0x85),
    _R(2216, "SessionRefused.implementation-restriction", "session refused: "
       "implementation restriction", None, "SessionRefused", 0x86),
    _R(2251, "SessionAborted.user-abort", "session aborted by the peer's user",
       None, "SessionAborted", 0x02),
    _R(2252, "SessionAborted.protocol-error", "session aborted: protocol error",
       None, "SessionAborted", 0x04),
    _R(2253, "SessionAborted.no-reason", "session aborted, no reason given",
       None, "SessionAborted", 0x08),
    _R(2254, "SessionAborted.implementation-restriction", "session aborted: "
       "implementation restriction", None, "SessionAborted", 0x10),

    # 23xx presentation: CPR provider reasons and ARP abort reasons
    _R(2310, "AssociationRejected.presentation-not-specified", "presentation refused the "
       "connection, reason not specified", None, "AssociationRejected", ("presentation", 0)),
    _R(2311, "AssociationRejected.presentation-temporary-congestion", "presentation "
       "refused the connection: temporary congestion", None, "AssociationRejected",
       ("presentation", 1)),
    _R(2312, "AssociationRejected.presentation-local-limit-exceeded", "presentation "
       "refused the connection: local limit exceeded", None, "AssociationRejected",
       ("presentation", 2)),
    _R(2313, "AssociationRejected.presentation-address-unknown", "presentation refused "
       "the connection: called presentation address unknown", _NOCONNECT,
       "AssociationRejected", ("presentation", 3)),
    _R(2314, "AssociationRejected.presentation-version-not-supported", "presentation "
       "refused the connection: protocol version not supported", None,
       "AssociationRejected", ("presentation", 4)),
    _R(2315, "AssociationRejected.presentation-default-context-not-supported",
       "presentation refused the connection: default context not supported", None,
       "AssociationRejected", ("presentation", 5)),
    _R(2316, "AssociationRejected.presentation-user-data-not-readable", "presentation "
       "refused the connection: user data not readable", None, "AssociationRejected",
       ("presentation", 6)),
    _R(2317, "AssociationRejected.presentation-no-psap-available", "presentation refused "
       "the connection: no PSAP available", None, "AssociationRejected",
       ("presentation", 7)),
    _R(2360, "AssociationAborted.arp-not-specified", "presentation provider abort, reason "
       "not specified", None, "AssociationAborted", ("arp", 0)),
    _R(2361, "AssociationAborted.arp-unrecognized-ppdu", "presentation provider abort: "
       "unrecognized PPDU", None, "AssociationAborted", ("arp", 1)),
    _R(2362, "AssociationAborted.arp-unexpected-ppdu", "presentation provider abort: "
       "unexpected PPDU", None, "AssociationAborted", ("arp", 2)),
    _R(2363, "AssociationAborted.arp-unexpected-session-primitive", "presentation "
       "provider abort: unexpected session service primitive", None, "AssociationAborted",
       ("arp", 3)),
    _R(2364, "AssociationAborted.arp-unrecognized-parameter", "presentation provider "
       "abort: unrecognized PPDU parameter", None, "AssociationAborted", ("arp", 4)),
    _R(2365, "AssociationAborted.arp-unexpected-parameter", "presentation provider abort: "
       "unexpected PPDU parameter", None, "AssociationAborted", ("arp", 5)),
    _R(2366, "AssociationAborted.arp-invalid-parameter-value", "presentation provider "
       "abort: invalid PPDU parameter value", None, "AssociationAborted", ("arp", 6)),

    # 24xx ACSE: AARE diagnostics and ABRT sources and diagnostics
    _R(2400, "AssociationRejected.user-null", "association refused by the called user "
       "(null diagnostic)", None, "AssociationRejected", ("service-user", 0)),
    _R(2401, "AssociationRejected.user-no-reason-given", "association refused by the "
       "called user, no reason given", None, "AssociationRejected", ("service-user", 1)),
    _R(2402, "AssociationRejected.application-context-name-not-supported", "association "
       "refused: application context not supported", None, "AssociationRejected",
       ("service-user", 2)),
    _R(2403, "AssociationRejected.calling-AP-title-not-recognized", "association refused: "
       "calling AP title not recognized", None, "AssociationRejected", ("service-user", 3)),
    _R(2404, "AssociationRejected.calling-AP-invocation-identifier-not-recognized",
       "association refused: calling AP invocation identifier not recognized", None,
       "AssociationRejected", ("service-user", 4)),
    _R(2405, "AssociationRejected.calling-AE-qualifier-not-recognized", "association "
       "refused: calling AE qualifier not recognized", None, "AssociationRejected",
       ("service-user", 5)),
    _R(2406, "AssociationRejected.calling-AE-invocation-identifier-not-recognized",
       "association refused: calling AE invocation identifier not recognized", None,
       "AssociationRejected", ("service-user", 6)),
    _R(2407, "AssociationRejected.called-AP-title-not-recognized", "association refused: "
       "called AP title not recognized", None, "AssociationRejected", ("service-user", 7)),
    _R(2408, "AssociationRejected.called-AP-invocation-identifier-not-recognized",
       "association refused: called AP invocation identifier not recognized", None,
       "AssociationRejected", ("service-user", 8)),
    _R(2409, "AssociationRejected.called-AE-qualifier-not-recognized", "association "
       "refused: called AE qualifier not recognized", None, "AssociationRejected",
       ("service-user", 9)),
    _R(2410, "AssociationRejected.called-AE-invocation-identifier-not-recognized",
       "association refused: called AE invocation identifier not recognized", None,
       "AssociationRejected", ("service-user", 10)),
    _R(2411, "AssociationRejected.authentication-mechanism-name-not-recognized",
       "association refused: authentication mechanism not recognized", _BADCREDENTIALS,
       "AssociationRejected", ("service-user", 11)),
    _R(2412, "AssociationRejected.authentication-mechanism-name-required", "association "
       "refused: authentication mechanism required", _BADCREDENTIALS,
       "AssociationRejected", ("service-user", 12)),
    _R(2413, "AssociationRejected.authentication-failure", "association refused: "
       "authentication failure", _BADCREDENTIALS, "AssociationRejected",
       ("service-user", 13)),
    _R(2414, "AssociationRejected.authentication-required", "association refused: "
       "authentication required", _BADCREDENTIALS, "AssociationRejected",
       ("service-user", 14)),
    _R(2420, "AssociationRejected.provider-null", "association refused by the ACSE "
       "provider (null diagnostic)", None, "AssociationRejected", ("service-provider", 0)),
    _R(2421, "AssociationRejected.provider-no-reason-given", "association refused by the "
       "ACSE provider, no reason given", None, "AssociationRejected",
       ("service-provider", 1)),
    _R(2422, "AssociationRejected.no-common-acse-version", "association refused: no "
       "common ACSE version", None, "AssociationRejected", ("service-provider", 2)),
    _R(2430, "AssociationAborted.abrt-service-user", "association aborted by the peer's "
       "ACSE user", None, "AssociationAborted", ("abrt-source", 0)),
    _R(2431, "AssociationAborted.abrt-service-provider", "association aborted by the "
       "ACSE provider", None, "AssociationAborted", ("abrt-source", 1)),
    _R(2441, "AssociationAborted.abrt-no-reason-given", "association aborted, no reason "
       "given", None, "AssociationAborted", ("abrt", "no-reason-given")),
    _R(2442, "AssociationAborted.abrt-protocol-error", "association aborted: protocol "
       "error", None, "AssociationAborted", ("abrt", "protocol-error")),
    _R(2443, "AssociationAborted.abrt-authentication-mechanism-name-not-recognized",
       "association aborted: authentication mechanism not recognized", None,
       "AssociationAborted", ("abrt", "authentication-mechanism-name-not-recognized")),
    _R(2444, "AssociationAborted.abrt-authentication-mechanism-name-required",
       "association aborted: authentication mechanism required", None,
       "AssociationAborted", ("abrt", "authentication-mechanism-name-required")),
    _R(2445, "AssociationAborted.abrt-authentication-failure", "association aborted: "
       "authentication failure", _BADCREDENTIALS, "AssociationAborted",
       ("abrt", "authentication-failure")),
    _R(2446, "AssociationAborted.abrt-authentication-required", "association aborted: "
       "authentication required", _BADCREDENTIALS, "AssociationAborted",
       ("abrt", "authentication-required")),

    # 25xx ROSE: X.880 reject problems (general 250x, invoke 251x,
    # returnResult 252x, returnError 253x)
    _R(2500, "Rejected.general.unrecognizedPDU", "ROS reject: unrecognized PDU",
       None, "Rejected", ("general", 0)),
    _R(2501, "Rejected.general.mistypedPDU", "ROS reject: mistyped PDU",
       None, "Rejected", ("general", 1)),
    _R(2502, "Rejected.general.badlyStructuredPDU", "ROS reject: badly structured PDU",
       None, "Rejected", ("general", 2)),
    _R(2510, "Rejected.invoke.duplicateInvocation", "ROS reject: duplicate invocation",
       None, "Rejected", ("invoke", 0)),
    _R(2511, "Rejected.invoke.unrecognizedOperation", "ROS reject: unrecognized "
       "operation", None, "Rejected", ("invoke", 1)),
    _R(2512, "Rejected.invoke.mistypedArgument", "ROS reject: mistyped argument",
       None, "Rejected", ("invoke", 2)),
    _R(2513, "Rejected.invoke.resourceLimitation", "ROS reject: resource limitation",
       None, "Rejected", ("invoke", 3)),
    _R(2514, "Rejected.invoke.releaseInProgress", "ROS reject: release in progress",
       None, "Rejected", ("invoke", 4)),
    _R(2515, "Rejected.invoke.unrecognizedLinkedId", "ROS reject: unrecognized linked "
       "id", None, "Rejected", ("invoke", 5)),
    _R(2516, "Rejected.invoke.linkedResponseUnexpected", "ROS reject: linked response "
       "unexpected", None, "Rejected", ("invoke", 6)),
    _R(2517, "Rejected.invoke.unexpectedLinkedOperation", "ROS reject: unexpected linked "
       "operation", None, "Rejected", ("invoke", 7)),
    _R(2520, "Rejected.returnResult.unrecognizedInvocation", "ROS reject: result for an "
       "unknown invocation", None, "Rejected", ("return_result", 0)),
    _R(2521, "Rejected.returnResult.resultResponseUnexpected", "ROS reject: result "
       "unexpected", None, "Rejected", ("return_result", 1)),
    _R(2522, "Rejected.returnResult.mistypedResult", "ROS reject: mistyped result",
       None, "Rejected", ("return_result", 2)),
    _R(2530, "Rejected.returnError.unrecognizedInvocation", "ROS reject: error for an "
       "unknown invocation", None, "Rejected", ("return_error", 0)),
    _R(2531, "Rejected.returnError.errorResponseUnexpected", "ROS reject: error "
       "unexpected", None, "Rejected", ("return_error", 1)),
    _R(2532, "Rejected.returnError.unrecognizedError", "ROS reject: unrecognized error",
       None, "Rejected", ("return_error", 2)),
    _R(2533, "Rejected.returnError.unexpectedError", "ROS reject: unexpected error",
       None, "Rejected", ("return_error", 3)),
    _R(2534, "Rejected.returnError.mistypedParameter", "ROS reject: mistyped error "
       "parameter", None, "Rejected", ("return_error", 4)),

    # -- 3xx associations, I/O, TLS and binds ----------------------------------
    _R(300, "AssociationTimeout", "call did not finish before its deadline", _TIMED_OUT),
    _R(301, "ConnectionLost", "association ended before the call completed",
       _CONNECTION_LOST),
    _R(302, "AssociationBusy", "association used by two callers at once", None),
    _R(310, "ConnectFailed", "connection to the peer could not be set up", _NOCONNECT),
    _R(311, "TLSError", "TLS handshake failed", _NOCONNECT),
    _R(312, "TLSCertificateError", "peer's TLS certificate refused", _NOCONNECT),
    _R(320, "PlaintextPasswordRefused", "simple password refused over plain TCP",
       _CONFIG_ERROR),
    _R(330, "BindRefused", "bind refused with a bind error", _CONNECT_REJ),
    _R(331, "AuthenticationFailed", "bind refused: authentication error", _BADCREDENTIALS),
    # 33xx bind problems (X.411 MTSBindError, X.413 BindProblem, by name)
    _R(3300, "BindRefused.busy", "bind refused: busy", _QMGR_CONGESTED,
       "BindRefused", "busy"),
    _R(3303, "BindRefused.unacceptable-dialogue-mode", "bind refused: unacceptable "
       "dialogue mode", None, "BindRefused", "unacceptable-dialogue-mode"),
    _R(3304, "BindRefused.unacceptable-security-context", "bind refused: unacceptable "
       "security context", None, "BindRefused", "unacceptable-security-context"),
    _R(3305, "BindRefused.inadequate-association-confidentiality", "bind refused: "
       "inadequate association confidentiality", None, "BindRefused",
       "inadequate-association-confidentiality"),
    _R(3306, "BindRefused.unable-to-establish-association", "bind refused: the store "
       "could not reach the MTA", None, "BindRefused", "unable-to-establish-association"),
    _R(3307, "BindRefused.bind-extension-problem", "bind refused: bind extension "
       "problem", None, "BindRefused", "bind-extension-problem"),

    # -- 4xx O/R addresses and the message model -------------------------------
    _R(400, "AddressError", "invalid O/R address", _ADDRESS_ERROR),
    _R(401, "AFTNAddressError", "invalid or unconvertible AFTN address", _ADDRESS_ERROR),
    _R(410, "MessageError", "message cannot be built, encoded or read", _MESSAGE_ERROR),
    _R(411, "MissingField", "required field absent", _MISSING_ATTR),
    _R(412, "InvalidField", "field value not allowed", _INVALID_VALUE),
    _R(413, "FieldTooLong", "field over its upper bound", _INVALID_VALUE),
    _R(414, "InvalidAddress", "originator or recipient is not an O/R address",
       _ADDRESS_ERROR),
    _R(415, "UnexpectedContent", "content is not of the kind expected", _CONTENT_ERROR),
    _R(420, "ATSMessageError", "ATS message breaks a rule or a gateway limit",
       _MESSAGE_ERROR),
    _R(430, "SecurityLabelError", "invalid security label", _INVALID_VALUE),
    _R(431, "MilitaryMessageError", "invalid military (P772) field", _INVALID_VALUE),

    # -- 5xx P3/P7 operation errors: 5NN = X.411/X.413 error code NN ------------
    _R(500, "OperationError", "P3/P7 operation error", None),
    _R(501, "SubmissionControlViolated", "submission control violated", _PARMS_ERROR,
       None, "submission-control-violated"),
    _R(502, "OriginatorInvalid", "originator invalid", _ORIGINATOR_ERROR,
       None, "originator-invalid"),
    _R(503, "RecipientImproperlySpecified", "recipient improperly specified",
       _RECIPIENT_ERROR, None, "recipient-improperly-specified"),
    _R(504, "ElementOfServiceNotSubscribed", "element of service not subscribed",
       _PARMS_ERROR, None, "element-of-service-not-subscribed"),
    _R(505, "OldCredentialsIncorrectlySpecified", "old credentials incorrectly specified",
       _BADCREDENTIALS, None, "old-credentials-incorrectly-specified"),
    _R(506, "NewCredentialsUnacceptable", "new credentials unacceptable", None,
       None, "new-credentials-unacceptable"),
    _R(507, "MessageSubmissionIdentifierInvalid", "message submission identifier invalid",
       None, None, "message-submission-identifier-invalid"),
    _R(508, "DeferredDeliveryCancellationRejected", "deferred delivery cancellation "
       "rejected", None, None, "deferred-delivery-cancellation-rejected"),
    _R(510, "RegisterRejected", "register rejected", None, None, "register-rejected"),
    _R(511, "InconsistentRequest", "inconsistent request", _CONFLICT_ATTR,
       None, "inconsistent-request"),
    _R(512, "SecurityError", "security error", None, None, "security-error"),
    _R(513, "UnsupportedCriticalFunction", "unsupported critical function", None,
       None, "unsupported-critical-function"),
    _R(514, "ControlViolatesRegistration", "control violates registration", None,
       None, "control-violates-registration"),
    _R(515, "RemoteBindError", "remote bind error", None, None, "remote-bind-error"),
    _R(516, "OperationRefused", "operation refused", None, None, "operation-refused"),
    _R(517, "DeliveryControlViolated", "delivery control violated (error 1 on the "
       "delivery syntax)", None, None, "delivery-control-violated"),
    _R(521, "MSAttributeError", "MS attribute error", _BADPARAM, None, "attribute-error"),
    _R(522, "AutoActionRequestError", "MS auto-action request error", None,
       None, "auto-action-request-error"),
    _R(523, "DeleteError", "MS delete error", None, None, "delete-error"),
    _R(524, "FetchRestrictionError", "MS fetch restriction error", None,
       None, "fetch-restriction-error"),
    _R(525, "RangeError", "MS range error", _BADPARAM, None, "range-error"),
    # 526 (the MS security-error code) maps to SecurityError, 512.
    _R(527, "ServiceError", "MS service error", None, None, "service-error"),
    _R(528, "SequenceNumberError", "MS sequence number error: no such entry",
       _NO_MESSAGE, None, "sequence-number-error"),
    _R(529, "InvalidParametersError", "MS invalid parameters", _BADPARAM,
       None, "invalid-parameters-error"),
    _R(530, "MessageGroupError", "MS message group error", None,
       None, "message-group-error"),
    _R(531, "MSExtensionError", "MS extension error", None, None, "ms-extension-error"),
    _R(532, "RegisterMSError", "MS register error", None, None, "register-ms-error"),
    _R(533, "ModifyError", "MS modify error", None, None, "modify-error"),
    _R(534, "EntryClassError", "MS entry class error", None, None, "entry-class-error"),
    _R(580, "RemoteOperationError", "ROS returnError", None),
    _R(590, "RemoteResultError", "operation result the client cannot use", _BAD_RESP),

    # -- 6xx credentials --------------------------------------------------------
    _R(600, "AuthenticationError", "bind credentials not accepted", _BADCREDENTIALS),
    _R(601, "InvalidCredentials", "wrong password or unknown user", _BADCREDENTIALS),
    _R(602, "MalformedCredentials", "credentials value malformed", _BADCREDENTIALS),
    _R(603, "UnsupportedCredentials", "credentials of a kind not accepted",
       _BADCREDENTIALS),
    _R(604, "StaleCredentials", "credentials time outside the allowed skew",
       _BADCREDENTIALS),
    _R(605, "ReplayedCredentials", "credentials replayed", _BADCREDENTIALS),
    _R(606, "ReplayCacheFull", "replay cache full: bind refused as busy", _BADCREDENTIALS),
    _R(607, "BadSignature", "bind token signature does not verify", _X509_VERIFY_FAIL),
    _R(608, "CertificateRejected", "certificate or its path refused", _X509_CERT_INVALID),
    _R(609, "NameMismatch", "certificate or token names another entity", _BADCREDENTIALS),
    _R(620, "IdentityError", "TLS or strong-authentication identity not loadable",
       _X509_ENV),
    _R(621, "StrongCredentialsUnavailable", "optional 'cryptography' package missing",
       _X509_INIT),

    # -- 7xx store and reference server ----------------------------------------
    _R(700, "StoreError", "message store error", None),
    _R(701, "StoreCorrupted", "store file damaged", None),
    _R(702, "IncompatibleStore", "store file of another application or version", None),
    _R(703, "StoreClosed", "store closed", None),
    _R(704, "CommitFailed", "store commit failed", None),
    _R(705, "StoreFull", "store or disk full", None),
    _R(706, "QuotaExceeded", "mailbox quota exceeded", None),
    _R(707, "MessageTooLarge", "message larger than the store accepts", None),
    _R(708, "TooManyRecipients", "more recipients than the store accepts", None),
    _R(709, "UnknownUser", "unknown user", _RECIPIENT_ERROR),
    _R(710, "UserExists", "user already exists", None),
    _R(711, "NoSuchEntry", "no such entry", _NO_MESSAGE),
    _R(712, "InvalidRequest", "store call with invalid arguments", _BADPARAM),
    _R(750, "ServerConfigError", "reference server configuration unusable", _CONFIG_ERROR),

    # -- 8xx compatibility layers ------------------------------------------------
    _R(800, "IsodeAPIError", "Isode-style API call failed (see its X400_E_* code)",
       None),

    # -- 9xx root --------------------------------------------------------------
    _R(900, "X400Error", "x400fast error", _INT_ERROR),
)

_BY_CODE: Dict[int, ErrorCode] = {r.code: r for r in TABLE}
_CLASS: Dict[str, ErrorCode] = {r.name: r for r in TABLE if r.parent is None}
_REFINED: Dict[Tuple[str, Any], ErrorCode] = {
    (r.parent, r.reason): r for r in TABLE if r.parent is not None}
_OPERATION: Dict[str, ErrorCode] = {
    r.reason: r for r in TABLE if r.parent is None and isinstance(r.reason, str)}

# Session AB transport-disconnect bits, most telling first.
_TD_ORDER = (0x04, 0x10, 0x02, 0x08)


def describe(code: int) -> ErrorCode:
    """The table's row for ``code``: ``.name``, ``.text``, ``.isode``;
    ``str()`` gives ``"Name (code): text"``.

    An unknown code (one from a newer release, say) gives a row named
    ``"unknown"`` rather than an exception, because this is mostly called
    while logging another failure.
    """
    row = _BY_CODE.get(code)
    if row is None:
        return ErrorCode(code, "unknown", "unknown x400fast error code %s" % (code,))
    return row


def _row_of_class(cls: type) -> Optional[ErrorCode]:
    for klass in cls.__mro__:
        if klass.__module__.startswith("x400fast"):
            row = _CLASS.get(klass.__name__)
            if row is not None:
                return row
    return None


def class_code(cls: type) -> int:
    """The code of an exception class: its own row, or that of the nearest
    x400fast ancestor (so an application's subclass inherits its base's
    code).  ``0`` for a class outside the hierarchy."""
    row = _row_of_class(cls)
    return row.code if row is not None else 0


def operation_error_code(error: Any, delivery: bool = False) -> Optional[int]:
    """The code of a P3/P7 operation error, from its X.411/X.413 name
    (``"originator-invalid"``) or its protocol error code (an int; code 1
    is delivery-control-violated when ``delivery`` is true, i.e. the error
    came on the delivery syntax).  ``None`` when unknown."""
    if isinstance(error, str):
        row = _OPERATION.get(error)
        return row.code if row is not None else None
    if isinstance(error, bool) or not isinstance(error, int):
        return None
    if error == 1 and delivery:
        return _OPERATION["delivery-control-violated"].code
    if error == 26:                 # the MS security-error
        error = 12
    row = _BY_CODE.get(500 + error) if 1 <= error <= 99 else None
    return row.code if row is not None and row.reason is not None else None


def _refined(exc: BaseException) -> Optional[ErrorCode]:
    from . import errors as e       # loaded by the time an instance exists

    if isinstance(exc, e.AuthenticationFailed):
        return None
    if isinstance(exc, e.BindRefused):
        if exc.problem == "authentication-error":
            return _CLASS["AuthenticationFailed"]
        return _REFINED.get(("BindRefused", exc.problem))
    if isinstance(exc, e.AssociationRejected):
        if exc.source == "session":
            return _REFINED.get(("SessionRefused", exc.diagnostic))
        return _REFINED.get(("AssociationRejected", (exc.source, exc.diagnostic)))
    if isinstance(exc, e.AssociationAborted):
        if isinstance(exc.diagnostic, str):
            return _REFINED.get(("AssociationAborted", ("abrt", exc.diagnostic)))
        if exc.source is None and isinstance(exc.diagnostic, int):
            return _REFINED.get(("AssociationAborted", ("arp", exc.diagnostic)))
        if exc.source is not None:
            return _REFINED.get(("AssociationAborted", ("abrt-source", exc.source)))
        return None
    if isinstance(exc, e.Rejected):
        return _REFINED.get(("Rejected", (exc.kind, exc.problem)))
    if isinstance(exc, e.SessionRefused):
        return _REFINED.get(("SessionRefused", exc.reason))
    if isinstance(exc, e.SessionAborted):
        td = exc.transport_disconnect
        if isinstance(td, int):
            for bit in _TD_ORDER:
                if td & bit:
                    return _REFINED.get(("SessionAborted", bit))
        return None
    if isinstance(exc, e.TransportDisconnected):
        return _REFINED.get(("TransportDisconnected", exc.reason))
    if isinstance(exc, e.MalformedTPDU):
        return _REFINED.get(("MalformedTPDU", exc.er_cause))
    if isinstance(exc, e.RemoteOperationError) and not isinstance(exc, e.OperationError):
        # a returnError not (yet) turned into its OperationError leaf
        code = operation_error_code(exc.name) if exc.name else None
        return _BY_CODE[code] if code is not None else None
    return None


def code_for(exc: BaseException) -> int:
    """The most precise code for an exception: the code of the protocol
    reason it carries (a ROS reject problem, an ACSE diagnostic, a
    presentation or session reason, a DR reason, a bind problem, a P3/P7
    error name) when the table has one, otherwise its class's code.
    ``0`` for an exception that is not an x400fast error."""
    try:
        row = _refined(exc)
    except (AttributeError, TypeError):     # a subclass without the fields
        row = None
    return row.code if row is not None else class_code(type(exc))


def isode_code(exc: Any) -> int:
    """The Isode ``X400_E_*`` status closest to an exception (or to one of
    this table's codes), for applications ported from the Isode API.

    An :class:`~x400fast.errors.IsodeAPIError` gives its own status.
    Otherwise the precise code's equivalent is used, then that of the
    class and its ancestors; ``X400_E_INT_ERROR`` (4) when none is close.
    """
    if isinstance(exc, int) and not isinstance(exc, bool):
        row = _BY_CODE.get(exc)
        if row is not None and row.isode is None and row.parent is not None:
            row = _CLASS.get(row.parent)
        return row.isode if row is not None and row.isode is not None else _INT_ERROR
    from . import errors as e

    if isinstance(exc, e.IsodeAPIError) and isinstance(exc.code, int):
        return exc.code
    first = _BY_CODE.get(code_for(exc))
    if first is not None and first.isode is not None:
        return first.isode
    for klass in type(exc).__mro__:
        row = _CLASS.get(klass.__name__) if klass.__module__.startswith("x400fast") else None
        if row is not None and row.isode is not None:
            return row.isode
    return _INT_ERROR


class _ErrorCodeAttribute:
    """``error_code``: the class's code on a class, :func:`code_for` on an
    instance.  A non-data descriptor, so it costs nothing at raise time."""

    def __get__(self, obj: Any, cls: Optional[type] = None) -> int:
        if obj is None:
            return class_code(cls if cls is not None else type(obj))
        return code_for(obj)

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name


def _install(root: type) -> None:
    """Give ``root`` (X400Error) and hence every subclass ``error_code``."""
    root.error_code = _ErrorCodeAttribute()  # type: ignore[attr-defined]
