"""ISO 8823 / X.226 presentation PPDUs (module ``ISO8823-PRESENTATION``).

The module has no tagging default, so its tags are EXPLICIT unless marked
IMPLICIT; nearly every component *is* marked IMPLICIT, and the few that are
not (protocol-options ``[11]``, the nominated-context ``[12]``/``[13]``,
extensions ``[14]`` and the ``single-ASN1-type [0]`` open type) really do
wrap their value.  The tags written here are the ones of the standard's
text; the comments give the first octet each produces on the wire, as the
annotated connection open of the project's reference shows them.

Only the kernel functional unit in normal mode is used by x400fast, but
every PPDU that can arrive in it is declared in full so that a peer's PPDU
is decoded rather than skipped: the X.410-1984-mode alternatives carry the
RTSE APDUs of X.228 (declared below from module ``Reliable-Transfer-APDU``)
because a CP in that mode must be recognised to be refused.

Value model reminders: ``User-data`` decodes to ``("fully_encoded_data",
[pdv, ...])``; a PDV-list's ``presentation_data_values`` is
``("single_asn1_type", tlv_bytes)``, ``("octet_aligned", bytes)`` or
``("arbitrary", (bytes, nbits))``.
"""
from __future__ import annotations

from .core import (BitString, C, Choice, Integer, Module, ObjectIdentifier,
                   OctetString, Sequence, SequenceOf, Set, T61String, UTCTime,
                   Any)

__all__ = [
    "RTSE", "PRESENTATION",
    "CPType", "CPAPPDU", "CPRPPDU", "ARUPPDU", "ARPPPDU", "AbortType",
    "UserData", "PDVList", "ContextList", "ResultList",
    "BER", "ACSE_AS",
    "MODE_NORMAL", "MODE_X410",
    "RESULT_ACCEPTANCE", "RESULT_USER_REJECTION", "RESULT_PROVIDER_REJECTION",
    "PROVIDER_REASONS", "CONTEXT_PROVIDER_REASONS", "ABORT_REASONS",
    "EVENT_IDENTIFIERS",
]

#: The basic encoding rules transfer syntax {joint-iso-itu-t asn1(1) basic-encoding(1)}.
BER = "2.1.1"
#: The ACSE abstract syntax (acse-as-id).
ACSE_AS = "2.2.1.0.1"

MODE_X410 = 0
MODE_NORMAL = 1

RESULT_ACCEPTANCE = 0
RESULT_USER_REJECTION = 1
RESULT_PROVIDER_REJECTION = 2

#: Provider-reason of a CPR-PPDU (connection level).
PROVIDER_REASONS = {
    "reason-not-specified": 0,
    "temporary-congestion": 1,
    "local-limit-exceeded": 2,
    "called-presentation-address-unknown": 3,
    "protocol-version-not-supported": 4,
    "default-context-not-supported": 5,
    "user-data-not-readable": 6,
    "no-PSAP-available": 7,
}

#: Provider-reason of one item of a context definition result list.
CONTEXT_PROVIDER_REASONS = {
    "reason-not-specified": 0,
    "abstract-syntax-not-supported": 1,
    "proposed-transfer-syntaxes-not-supported": 2,
    "local-limit-on-DCS-exceeded": 3,
}

#: Abort-reason of an ARP-PPDU.
ABORT_REASONS = {
    "reason-not-specified": 0,
    "unrecognized-ppdu": 1,
    "unexpected-ppdu": 2,
    "unexpected-session-service-primitive": 3,
    "unrecognized-ppdu-parameter": 4,
    "unexpected-ppdu-parameter": 5,
    "invalid-ppdu-parameter-value": 6,
}

#: Event-identifier of an ARP-PPDU: the PPDU or session primitive at fault.
EVENT_IDENTIFIERS = {
    "cp-PPDU": 0, "cpa-PPDU": 1, "cpr-PPDU": 2, "aru-PPDU": 3, "arp-PPDU": 4,
    "ac-PPDU": 5, "aca-PPDU": 6, "td-PPDU": 7, "ttd-PPDU": 8, "te-PPDU": 9,
    "tc-PPDU": 10, "tcc-PPDU": 11, "rs-PPDU": 12, "rsa-PPDU": 13,
    "s-release-indication": 14, "s-release-confirm": 15,
    "s-token-give-indication": 16, "s-token-please-indication": 17,
    "s-control-give-indication": 18, "s-sync-minor-indication": 19,
    "s-sync-minor-confirm": 20, "s-sync-major-indication": 21,
    "s-sync-major-confirm": 22, "s-p-exception-report-indication": 23,
    "s-u-exception-report-indication": 24, "s-activity-start-indication": 25,
    "s-activity-resume-indication": 26, "s-activity-interrupt-indication": 27,
    "s-activity-interrupt-confirm": 28, "s-activity-discard-indication": 29,
    "s-activity-discard-confirm": 30, "s-activity-end-indication": 31,
    "s-activity-end-confirm": 32,
}

# ---------------------------------------------------------------------------
# X.228 RTSE APDUs: only as the X.410-1984-mode parameters of the CP, CPA,
# CPR and ARU PPDUs, so that such a PPDU decodes (and is then refused).

RTSE = Module("Reliable-Transfer-APDU", tagging="EXPLICIT")

RTSE.define("ConnectionData", Choice(
    C("open", Any(), tag="[0]"),                                   # A0
    C("recover", "SessionConnectionIdentifier", tag="[1] IMPLICIT"),  # A1
))
RTSE.define("SessionConnectionIdentifier", Sequence(
    C("callingSSUserReference", "CallingSSuserReference",
      py="calling_ss_user_reference"),
    C("commonReference", UTCTime()),
    C("additionalReferenceInformation", T61String(), tag="[0] IMPLICIT", optional=True),
))
RTSE.define("CallingSSuserReference", Choice(
    C("t61String", T61String()),
    C("octetString", OctetString()),
))
RTSE.define("RTORQapdu", Set(
    C("checkpointSize", Integer(), tag="[0] IMPLICIT", default=0),
    C("windowSize", Integer(), tag="[1] IMPLICIT", default=3),
    C("dialogueMode", Integer(named={"monologue": 0, "twa": 1}),
      tag="[2] IMPLICIT", default=0),
    C("connectionDataRQ", "ConnectionData", tag="[3]", py="connection_data_rq"),
    C("applicationProtocol", Integer(), tag="[4] IMPLICIT", optional=True),
))
RTSE.define("RTOACapdu", Set(
    C("checkpointSize", Integer(), tag="[0] IMPLICIT", default=0),
    C("windowSize", Integer(), tag="[1] IMPLICIT", default=3),
    C("connectionDataAC", "ConnectionData", tag="[2]", py="connection_data_ac"),
))
RTSE.define("RTORJapdu", Set(
    C("refuseReason", Integer(named={"rtsBusy": 0, "cannotRecover": 1,
                                     "validationFailure": 2,
                                     "unacceptableDialogueMode": 3}),
      tag="[0] IMPLICIT", optional=True),
    C("userDataRJ", Any(), tag="[1]", optional=True, py="user_data_rj"),
))
RTSE.define("RTABapdu", Set(
    C("abortReason", Integer(named={
        "localSystemProblem": 0, "invalidParameter": 1, "unrecognizedActivity": 2,
        "temporaryProblem": 3, "protocolError": 4, "permanentProblem": 5,
        "userError": 6, "transferCompleted": 7}), tag="[0] IMPLICIT", optional=True),
    C("reflectedParameter", BitString(), tag="[1] IMPLICIT", optional=True),
    C("userdataAB", Any(), tag="[2]", optional=True),
))

# ---------------------------------------------------------------------------
# ISO8823-PRESENTATION

PRESENTATION = m = Module("ISO8823-PRESENTATION", tagging="EXPLICIT")
m.imports(RTSE)

m.define("Presentation-context-identifier", Integer())
m.define("Abstract-syntax-name", ObjectIdentifier())
m.define("Transfer-syntax-name", ObjectIdentifier())
m.define("Presentation-selector", OctetString())
m.define("Protocol-version", BitString(named={"version-1": 0}))
m.define("Presentation-requirements", BitString(named={
    "context-management": 0, "restoration": 1}))
m.define("Protocol-options", BitString(named={
    "nominated-context": 0, "short-encoding": 1, "packed-encoding-rules": 2}))
m.define("User-session-requirements", BitString(named={
    "half-duplex": 0, "duplex": 1, "expedited-data": 2, "minor-synchronize": 3,
    "major-synchronize": 4, "resynchronize": 5, "activity-management": 6,
    "negotiated-release": 7, "capability-data": 8, "exceptions": 9,
    "typed-data": 10, "symmetric-synchronize": 11, "data-separation": 12}))
m.define("Result", Integer(named={
    "acceptance": 0, "user-rejection": 1, "provider-rejection": 2}))
m.define("Provider-reason", Integer(named=PROVIDER_REASONS))
m.define("Abort-reason", Integer(named=ABORT_REASONS))
m.define("Event-identifier", Integer(named=EVENT_IDENTIFIERS))

m.define("Mode-selector", Set(
    C("mode-value", Integer(named={"x410-1984-mode": MODE_X410,
                                   "normal-mode": MODE_NORMAL}),
      tag="[0] IMPLICIT"),                                          # 80
))

m.define("Context-list", SequenceOf(Sequence(
    C("presentation-context-identifier", "Presentation-context-identifier"),
    C("abstract-syntax-name", "Abstract-syntax-name"),
    C("transfer-syntax-name-list", SequenceOf("Transfer-syntax-name")),
)))
m.define("Presentation-context-definition-list", "Context-list")

m.define("Result-list", SequenceOf(Sequence(
    C("result", "Result", tag="[0] IMPLICIT"),                      # 80
    C("transfer-syntax-name", "Transfer-syntax-name",
      tag="[1] IMPLICIT", optional=True),                           # 81
    C("provider-reason", Integer(named=CONTEXT_PROVIDER_REASONS),
      tag="[2] IMPLICIT", optional=True),                           # 82
)))
m.define("Presentation-context-definition-result-list", "Result-list")

m.define("Presentation-context-identifier-list", SequenceOf(Sequence(
    C("presentation-context-identifier", "Presentation-context-identifier"),
    C("transfer-syntax-name", "Transfer-syntax-name"),
)))

m.define("Default-context-name", Sequence(
    C("abstract-syntax-name", "Abstract-syntax-name", tag="[0] IMPLICIT"),
    C("transfer-syntax-name", "Transfer-syntax-name", tag="[1] IMPLICIT"),
))

m.define("PDV-list", Sequence(
    C("transfer-syntax-name", "Transfer-syntax-name", optional=True),   # 06
    C("presentation-context-identifier", "Presentation-context-identifier"),  # 02
    C("presentation-data-values", Choice(
        C("single-ASN1-type", Any(), tag="[0]", py="single_asn1_type"),    # A0
        C("octet-aligned", OctetString(), tag="[1] IMPLICIT"),          # 81
        C("arbitrary", BitString(), tag="[2] IMPLICIT"),                # 82
    )),
))
m.define("Fully-encoded-data", SequenceOf("PDV-list", size=(1, None)))
m.define("Simply-encoded-data", OctetString())
m.define("User-data", Choice(
    C("simply-encoded-data", "Simply-encoded-data", tag="[APPLICATION 0] IMPLICIT"),  # 40
    C("fully-encoded-data", "Fully-encoded-data", tag="[APPLICATION 1] IMPLICIT"),    # 61
))

_EXTENSIONS = Sequence(extensible=True)

m.define("CP-type", Set(
    C("mode-selector", "Mode-selector", tag="[0] IMPLICIT"),        # A0
    C("x410-mode-parameters", "RTORQapdu", tag="[1] IMPLICIT", optional=True),  # A1
    C("normal-mode-parameters", Sequence(
        C("protocol-version", "Protocol-version", tag="[0] IMPLICIT",
          default=frozenset({"version-1"})),                        # 80
        C("calling-presentation-selector", "Presentation-selector",
          tag="[1] IMPLICIT", optional=True),                       # 81
        C("called-presentation-selector", "Presentation-selector",
          tag="[2] IMPLICIT", optional=True),                       # 82
        C("presentation-context-definition-list",
          "Presentation-context-definition-list",
          tag="[4] IMPLICIT", optional=True),                       # A4
        C("default-context-name", "Default-context-name",
          tag="[6] IMPLICIT", optional=True),                       # A6
        C("presentation-requirements", "Presentation-requirements",
          tag="[8] IMPLICIT", optional=True),                       # 88
        C("user-session-requirements", "User-session-requirements",
          tag="[9] IMPLICIT", optional=True),                       # 89
        C("protocol-options", "Protocol-options", tag="[11]",
          default=frozenset()),                                     # AB
        C("initiators-nominated-context", "Presentation-context-identifier",
          tag="[12]", optional=True),                               # AC
        C("extensions", _EXTENSIONS, tag="[14]", optional=True),    # AE
        C("user-data", "User-data", optional=True),                 # 40 / 61
    ), tag="[2] IMPLICIT", optional=True),                          # A2
))

m.define("CPA-PPDU", Set(
    C("mode-selector", "Mode-selector", tag="[0] IMPLICIT"),        # A0
    C("x410-mode-parameters", "RTOACapdu", tag="[1] IMPLICIT", optional=True),  # A1
    C("normal-mode-parameters", Sequence(
        C("protocol-version", "Protocol-version", tag="[0] IMPLICIT",
          default=frozenset({"version-1"})),                        # 80
        C("responding-presentation-selector", "Presentation-selector",
          tag="[3] IMPLICIT", optional=True),                       # 83
        C("presentation-context-definition-result-list",
          "Presentation-context-definition-result-list",
          tag="[5] IMPLICIT", optional=True),                       # A5
        C("presentation-requirements", "Presentation-requirements",
          tag="[8] IMPLICIT", optional=True),                       # 88
        C("user-session-requirements", "User-session-requirements",
          tag="[9] IMPLICIT", optional=True),                       # 89
        C("protocol-options", "Protocol-options", tag="[11]",
          default=frozenset()),                                     # AB
        C("responders-nominated-context", "Presentation-context-identifier",
          tag="[13]", optional=True),                               # AD
        C("user-data", "User-data", optional=True),                 # 61
    ), tag="[2] IMPLICIT", optional=True),                          # A2
))

m.define("CPR-PPDU", Choice(
    C("x400-mode-parameters", "RTORJapdu"),                         # 31
    C("normal-mode-parameters", Sequence(                           # 30
        C("protocol-version", "Protocol-version", tag="[0] IMPLICIT",
          default=frozenset({"version-1"})),                        # 80
        C("responding-presentation-selector", "Presentation-selector",
          tag="[3] IMPLICIT", optional=True),                       # 83
        C("presentation-context-definition-result-list",
          "Presentation-context-definition-result-list",
          tag="[5] IMPLICIT", optional=True),                       # A5
        C("default-context-result", "Result", tag="[7] IMPLICIT",
          optional=True),                                           # 87
        C("provider-reason", "Provider-reason", tag="[10] IMPLICIT",
          optional=True),                                           # 8A
        C("user-data", "User-data", optional=True),                 # 61
    )),
))

m.define("ARU-PPDU", Choice(
    C("x400-mode-parameters", "RTABapdu"),                          # 31
    C("normal-mode-parameters", Sequence(
        C("presentation-context-identifier-list",
          "Presentation-context-identifier-list",
          tag="[0] IMPLICIT", optional=True),                       # A0
        C("user-data", "User-data", optional=True),                 # 61
    ), tag="[0] IMPLICIT"),                                         # A0
))

m.define("ARP-PPDU", Sequence(                                      # 30
    C("provider-reason", "Abort-reason", tag="[0] IMPLICIT", optional=True),     # 80
    C("event-identifier", "Event-identifier", tag="[1] IMPLICIT", optional=True),  # 81
))

m.define("Abort-type", Choice(
    C("aru-ppdu", "ARU-PPDU"),
    C("arp-ppdu", "ARP-PPDU"),
))

CPType = m["CP-type"]
CPAPPDU = m["CPA-PPDU"]
CPRPPDU = m["CPR-PPDU"]
ARUPPDU = m["ARU-PPDU"]
ARPPPDU = m["ARP-PPDU"]
AbortType = m["Abort-type"]
UserData = m["User-data"]
PDVList = m["PDV-list"]
ContextList = m["Context-list"]
ResultList = m["Result-list"]

del m
