"""ACSE APDUs (X.227 / ISO 8650, module ``ACSE-1``).

The module has no tagging default, so every ``[n]`` wraps its value unless
marked IMPLICIT: the application context name of an AARQ is
``A1 { 06 ... }`` and an AARE's result ``A2 { 02 01 00 }``.  Component
names follow the 1988 text where the later editions renamed them
(``application-context-name`` rather than ``aSO-context-name``), which is
also what the P3/P7 recommendations and the project's reference use; the
later extension components (the ASO context name list, the presentation
context lists of the nested-association functional unit, the ASOI tags)
are declared too, so that an APDU from a newer peer decodes in full.

``user-information`` is ``Association-data``, a SEQUENCE OF EXTERNAL: P3
and P7 put exactly one EXTERNAL there, whose indirect-reference is the
presentation context of the bind abstract syntax and whose
``single-ASN1-type`` holds the ROS bind PDU (see :mod:`.rose`).

Directory names (AP-title form 1, AE-qualifier form 1) are declared to the
depth ACSE needs them: a sequence of relative distinguished names whose
attribute values stay open types, kept as raw TLVs.
"""
from __future__ import annotations

from .core import (Any, BitString, C, Choice, Enumerated, External, GraphicString,
                   Integer, Module, ObjectIdentifier, OctetString, PrintableString,
                   Sequence, SequenceOf, SetOf)

__all__ = [
    "ACSE", "ACSEAPDU", "AARQ", "AARE", "RLRQ", "RLRE", "ABRT",
    "AssociationData", "APTitle", "AEQualifier", "Name",
    "ACCEPTED", "REJECTED_PERMANENT", "REJECTED_TRANSIENT",
    "ASSOCIATE_RESULTS", "SERVICE_USER_DIAGNOSTICS",
    "SERVICE_PROVIDER_DIAGNOSTICS", "RELEASE_REQUEST_REASONS",
    "RELEASE_RESPONSE_REASONS", "ABORT_SOURCES", "ABORT_DIAGNOSTICS",
]

ACCEPTED = 0
REJECTED_PERMANENT = 1
REJECTED_TRANSIENT = 2

ASSOCIATE_RESULTS = {
    "accepted": ACCEPTED,
    "rejected-permanent": REJECTED_PERMANENT,
    "rejected-transient": REJECTED_TRANSIENT,
}

#: Associate-source-diagnostic, service-user alternative (``A3 { A1 ... }``).
SERVICE_USER_DIAGNOSTICS = {
    "null": 0,
    "no-reason-given": 1,
    "application-context-name-not-supported": 2,
    "calling-AP-title-not-recognized": 3,
    "calling-AP-invocation-identifier-not-recognized": 4,
    "calling-AE-qualifier-not-recognized": 5,
    "calling-AE-invocation-identifier-not-recognized": 6,
    "called-AP-title-not-recognized": 7,
    "called-AP-invocation-identifier-not-recognized": 8,
    "called-AE-qualifier-not-recognized": 9,
    "called-AE-invocation-identifier-not-recognized": 10,
    "authentication-mechanism-name-not-recognized": 11,
    "authentication-mechanism-name-required": 12,
    "authentication-failure": 13,
    "authentication-required": 14,
}

#: Associate-source-diagnostic, service-provider alternative (``A3 { A2 ... }``).
SERVICE_PROVIDER_DIAGNOSTICS = {
    "null": 0,
    "no-reason-given": 1,
    "no-common-acse-version": 2,
}

RELEASE_REQUEST_REASONS = {"normal": 0, "urgent": 1, "user-defined": 30}
RELEASE_RESPONSE_REASONS = {"normal": 0, "not-finished": 1, "user-defined": 30}
ABORT_SOURCES = {"service-user": 0, "service-provider": 1}
ABORT_DIAGNOSTICS = {
    "no-reason-given": 1,
    "protocol-error": 2,
    "authentication-mechanism-name-not-recognized": 3,
    "authentication-mechanism-name-required": 4,
    "authentication-failure": 5,
    "authentication-required": 6,
}

ACSE = m = Module("ACSE-1", tagging="EXPLICIT")

# -- names (X.501, to the depth ACSE needs) ---------------------------------

m.define("AttributeTypeAndValue", Sequence(
    C("type", ObjectIdentifier()),
    C("value", Any()),
    extensible=True,        # 1993+ AttributeTypeAndDistinguishedValue adds fields
))
m.define("RelativeDistinguishedName", SetOf("AttributeTypeAndValue", size=(1, None)))
m.define("RDNSequence", SequenceOf("RelativeDistinguishedName"))
m.define("Name", Choice(C("rdnSequence", "RDNSequence")))

# -- titles and qualifiers ---------------------------------------------------

m.define("AP-title", Choice(
    C("ap-title-form1", "Name"),                     # 30
    C("ap-title-form2", ObjectIdentifier()),         # 06
    C("ap-title-form3", PrintableString()),          # 13
    extensible=True,
))
m.define("ASO-qualifier", Choice(
    C("aso-qualifier-form1", "RelativeDistinguishedName"),   # 31
    C("aso-qualifier-form2", Integer()),                     # 02
    C("aso-qualifier-form3", PrintableString()),             # 13
    # Seen from systems written when the qualifier was an ANY.
    C("aso-qualifier-form-any-octets", OctetString()),       # 04
    extensible=True,
))
m.define("AE-qualifier", "ASO-qualifier")
m.define("AP-invocation-identifier", Integer())
m.define("AE-invocation-identifier", Integer())
m.define("Application-context-name", ObjectIdentifier())
m.define("Application-context-name-list", SequenceOf("Application-context-name"))
m.define("ACSE-requirements", BitString(named={
    "authentication": 0, "aSO-context-negotiation": 1,
    "higher-level-association": 2, "nested-association": 3}))
m.define("Mechanism-name", ObjectIdentifier())
m.define("Authentication-value", Choice(
    C("charstring", GraphicString(), tag="[0] IMPLICIT"),        # 80
    C("bitstring", BitString(), tag="[1] IMPLICIT"),             # 81
    C("external", External, tag="[2] IMPLICIT"),                 # A2
    C("other", Sequence(
        C("other-mechanism-name", ObjectIdentifier()),
        C("other-mechanism-value", Any()),
    ), tag="[3] IMPLICIT"),                                      # A3
))
m.define("Implementation-data", GraphicString())
m.define("Association-data", SequenceOf(External))
m.define("Presentation-context-identifier", Integer())

m.define("Context-list", SequenceOf(Sequence(
    C("pci", "Presentation-context-identifier"),
    C("abstract-syntax", ObjectIdentifier()),
    C("transfer-syntaxes", SequenceOf(ObjectIdentifier())),
)))
m.define("Default-Context-List", SequenceOf(Sequence(
    C("abstract-syntax-name", ObjectIdentifier(), tag="[0] IMPLICIT", optional=True),
    C("transfer-syntax-name", ObjectIdentifier(), tag="[1] IMPLICIT"),
)))
m.define("Syntactic-context-list", Choice(
    C("context-list", "Context-list", tag="[0]"),
    C("default-contact-list", "Default-Context-List", tag="[1]"),
))
m.define("P-context-result-list", SequenceOf(Sequence(
    C("result", Integer(named={"acceptance": 0, "user-rejection": 1,
                               "provider-rejection": 2}), tag="[0] IMPLICIT"),
    C("concrete-syntax-name", ObjectIdentifier(), tag="[1] IMPLICIT", optional=True),
    C("provider-reason", Integer(named={
        "reason-not-specified": 0, "abstract-syntax-not-supported": 1,
        "proposed-transfer-syntaxes-not-supported": 2,
        "local-limit-on-DCS-exceeded": 3}), tag="[2] IMPLICIT", optional=True),
)))
m.define("ASOI-identifier", Integer())
m.define("ASOI-tag", SequenceOf(Sequence(
    C("qualifier", "ASO-qualifier", tag="[0]", optional=True),
    C("identifier", "ASOI-identifier", tag="[1]", optional=True),
)))

_VERSION = BitString(named={"version1": 0})
_VERSION1 = frozenset({"version1"})

# -- APDUs ---------------------------------------------------------------------

m.define("AARQ-apdu", Sequence(
    C("protocol-version", _VERSION, tag="[0] IMPLICIT", default=_VERSION1),      # 80
    C("application-context-name", "Application-context-name", tag="[1]"),       # A1
    C("called-AP-title", "AP-title", tag="[2]", optional=True),                 # A2
    C("called-AE-qualifier", "AE-qualifier", tag="[3]", optional=True),         # A3
    C("called-AP-invocation-identifier", "AP-invocation-identifier",
      tag="[4]", optional=True),                                                 # A4
    C("called-AE-invocation-identifier", "AE-invocation-identifier",
      tag="[5]", optional=True),                                                 # A5
    C("calling-AP-title", "AP-title", tag="[6]", optional=True),                # A6
    C("calling-AE-qualifier", "AE-qualifier", tag="[7]", optional=True),        # A7
    C("calling-AP-invocation-identifier", "AP-invocation-identifier",
      tag="[8]", optional=True),                                                 # A8
    C("calling-AE-invocation-identifier", "AE-invocation-identifier",
      tag="[9]", optional=True),                                                 # A9
    C("sender-acse-requirements", "ACSE-requirements", tag="[10] IMPLICIT",
      optional=True),                                                            # 8A
    C("mechanism-name", "Mechanism-name", tag="[11] IMPLICIT", optional=True),  # 8B
    C("calling-authentication-value", "Authentication-value", tag="[12] EXPLICIT",
      optional=True),                                                            # AC
    C("application-context-name-list", "Application-context-name-list",
      tag="[13] IMPLICIT", optional=True),                                       # AD
    C("p-context-definition-list", "Syntactic-context-list", tag="[14]",
      optional=True),                                                            # AE
    C("called-asoi-tag", "ASOI-tag", tag="[15] IMPLICIT", optional=True),       # AF
    C("calling-asoi-tag", "ASOI-tag", tag="[16] IMPLICIT", optional=True),      # B0
    C("implementation-information", "Implementation-data", tag="[29] IMPLICIT",
      optional=True),                                                            # 9D
    C("user-information", "Association-data", tag="[30] IMPLICIT",
      optional=True),                                                            # BE
), tag="[APPLICATION 0] IMPLICIT")                                               # 60

m.define("AARE-apdu", Sequence(
    C("protocol-version", _VERSION, tag="[0] IMPLICIT", default=_VERSION1),      # 80
    C("application-context-name", "Application-context-name", tag="[1]"),       # A1
    C("result", Integer(named=ASSOCIATE_RESULTS), tag="[2]"),                   # A2
    C("result-source-diagnostic", Choice(
        C("service-user", Integer(named=SERVICE_USER_DIAGNOSTICS), tag="[1]"),        # A1
        C("service-provider", Integer(named=SERVICE_PROVIDER_DIAGNOSTICS), tag="[2]"),  # A2
    ), tag="[3]"),                                                               # A3
    C("responding-AP-title", "AP-title", tag="[4]", optional=True),             # A4
    C("responding-AE-qualifier", "AE-qualifier", tag="[5]", optional=True),     # A5
    C("responding-AP-invocation-identifier", "AP-invocation-identifier",
      tag="[6]", optional=True),                                                 # A6
    C("responding-AE-invocation-identifier", "AE-invocation-identifier",
      tag="[7]", optional=True),                                                 # A7
    C("responder-acse-requirements", "ACSE-requirements", tag="[8] IMPLICIT",
      optional=True),                                                            # 88
    C("mechanism-name", "Mechanism-name", tag="[9] IMPLICIT", optional=True),   # 89
    C("responding-authentication-value", "Authentication-value",
      tag="[10] EXPLICIT", optional=True),                                       # AA
    C("application-context-name-list", "Application-context-name-list",
      tag="[11] IMPLICIT", optional=True),                                       # AB
    C("p-context-result-list", "P-context-result-list", tag="[12] IMPLICIT",
      optional=True),                                                            # AC
    C("called-asoi-tag", "ASOI-tag", tag="[13] IMPLICIT", optional=True),       # AD
    C("calling-asoi-tag", "ASOI-tag", tag="[14] IMPLICIT", optional=True),      # AE
    C("implementation-information", "Implementation-data", tag="[29] IMPLICIT",
      optional=True),                                                            # 9D
    C("user-information", "Association-data", tag="[30] IMPLICIT",
      optional=True),                                                            # BE
), tag="[APPLICATION 1] IMPLICIT")                                               # 61

m.define("RLRQ-apdu", Sequence(
    C("reason", Integer(named=RELEASE_REQUEST_REASONS), tag="[0] IMPLICIT",
      optional=True),                                                            # 80
    C("aso-qualifier", "ASO-qualifier", tag="[13]", optional=True),             # AD
    C("asoi-identifier", "ASOI-identifier", tag="[14] IMPLICIT", optional=True),  # 8E
    C("user-information", "Association-data", tag="[30] IMPLICIT",
      optional=True),                                                            # BE
), tag="[APPLICATION 2] IMPLICIT")                                               # 62

m.define("RLRE-apdu", Sequence(
    C("reason", Integer(named=RELEASE_RESPONSE_REASONS), tag="[0] IMPLICIT",
      optional=True),                                                            # 80
    C("aso-qualifier", "ASO-qualifier", tag="[13]", optional=True),             # AD
    C("asoi-identifier", "ASOI-identifier", tag="[14] IMPLICIT", optional=True),  # 8E
    C("user-information", "Association-data", tag="[30] IMPLICIT",
      optional=True),                                                            # BE
), tag="[APPLICATION 3] IMPLICIT")                                               # 63

m.define("ABRT-apdu", Sequence(
    C("abort-source", Integer(named=ABORT_SOURCES), tag="[0] IMPLICIT"),        # 80
    C("abort-diagnostic", Enumerated(ABORT_DIAGNOSTICS), tag="[1] IMPLICIT",
      optional=True),                                                            # 81
    C("aso-qualifier", "ASO-qualifier", tag="[13]", optional=True),             # AD
    C("asoi-identifier", "ASOI-identifier", tag="[14] IMPLICIT", optional=True),  # 8E
    C("user-information", "Association-data", tag="[30] IMPLICIT",
      optional=True),                                                            # BE
), tag="[APPLICATION 4] IMPLICIT")                                               # 64

m.define("ACSE-apdu", Choice(
    C("aarq", "AARQ-apdu"),
    C("aare", "AARE-apdu"),
    C("rlrq", "RLRQ-apdu"),
    C("rlre", "RLRE-apdu"),
    C("abrt", "ABRT-apdu"),
))

ACSEAPDU = m["ACSE-apdu"]
AARQ = m["AARQ-apdu"]
AARE = m["AARE-apdu"]
RLRQ = m["RLRQ-apdu"]
RLRE = m["RLRE-apdu"]
ABRT = m["ABRT-apdu"]
AssociationData = m["Association-data"]
APTitle = m["AP-title"]
AEQualifier = m["AE-qualifier"]
Name = m["Name"]

del m
