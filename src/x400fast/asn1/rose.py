"""Remote Operations APDUs (X.219/X.229 1988, as P3 and P7 use them).

Module ``Remote-Operations-APDUs`` is IMPLICIT TAGS.  The four PDUs are
``[1]`` invoke (``A1``), ``[2]`` returnResult (``A2``), ``[3]`` returnError
(``A3``) and ``[4]`` reject (``A4``); X.880's generic ROS PDUs kept the
same tags and layouts, so one declaration serves both editions.  The
1988 names are used for the components where X.880 renamed them only in
spelling (``invokeId``, ``linkedId``, ``opcode``/``errcode``).

Arguments, results and error parameters are open types here (raw TLVs):
what they are depends on the operation code *and* on the abstract syntax
of the presentation context the PDU arrived on, which only the ROSE
machine (:mod:`x400fast.osi.rose`) knows.

The bind and unbind of an association are not ROS APDUs proper: they ride
in the ACSE user information, each wrapped in an explicit context tag --
``[16]`` bind-invoke (``B0``), ``[17]`` bind-result (``B1``), ``[18]``
bind-error (``B2``), and ``[19]``/``[20]``/``[21]`` for unbind
(``B3``/``B4``/``B5``).  The inner values are open types, so the tags are
explicit even in this implicit module.
"""
from __future__ import annotations

from .core import Any, C, Choice, Integer, Module, Null, ObjectIdentifier, Sequence

__all__ = [
    "ROSE", "ROS", "Invoke", "ReturnResult", "ReturnError", "Reject", "Bind",
    "Unbind", "Code", "GENERAL_PROBLEMS", "INVOKE_PROBLEMS",
    "RETURN_RESULT_PROBLEMS", "RETURN_ERROR_PROBLEMS", "PROBLEMS",
]

GENERAL_PROBLEMS = {
    "unrecognizedPDU": 0,
    "mistypedPDU": 1,
    "badlyStructuredPDU": 2,
}
INVOKE_PROBLEMS = {
    "duplicateInvocation": 0,
    "unrecognizedOperation": 1,
    "mistypedArgument": 2,
    "resourceLimitation": 3,
    "releaseInProgress": 4,
    "unrecognizedLinkedId": 5,
    "linkedResponseUnexpected": 6,
    "unexpectedLinkedOperation": 7,
}
RETURN_RESULT_PROBLEMS = {
    "unrecognizedInvocation": 0,
    "resultResponseUnexpected": 1,
    "mistypedResult": 2,
}
RETURN_ERROR_PROBLEMS = {
    "unrecognizedInvocation": 0,
    "errorResponseUnexpected": 1,
    "unrecognizedError": 2,
    "unexpectedError": 3,
    "mistypedParameter": 4,
}
#: Problem kind (the reject's CHOICE alternative) -> named values.
PROBLEMS = {
    "general": GENERAL_PROBLEMS,
    "invoke": INVOKE_PROBLEMS,
    "return_result": RETURN_RESULT_PROBLEMS,
    "return_error": RETURN_ERROR_PROBLEMS,
}

ROSE = m = Module("Remote-Operations-APDUs", tagging="IMPLICIT")

m.define("InvokeIDType", Integer())
#: An operation or error code: a local INTEGER (what X.400 uses) or a global OID.
m.define("Code", Choice(
    C("local", Integer()),                 # 02
    C("global", ObjectIdentifier()),       # 06
))

m.define("Invoke", Sequence(
    C("invokeID", "InvokeIDType", py="invoke_id"),                    # 02
    C("linked-ID", "InvokeIDType", tag="[0]", optional=True,
      py="linked_id"),                                                # 80
    C("operation-value", "Code", py="opcode"),                        # 02 / 06
    C("argument", Any(), optional=True),
))

m.define("ReturnResult", Sequence(
    C("invokeID", "InvokeIDType", py="invoke_id"),                    # 02
    C("result", Sequence(                                             # 30
        C("operation-value", "Code", py="opcode"),
        C("result", Any()),
    ), optional=True),
))

m.define("ReturnError", Sequence(
    C("invokeID", "InvokeIDType", py="invoke_id"),                    # 02
    C("error-value", "Code", py="errcode"),                           # 02 / 06
    C("parameter", Any(), optional=True),
))

m.define("Reject", Sequence(
    C("invokeID", Choice(                                             # 02 / 05
        C("present", "InvokeIDType"),
        C("absent", Null()),
    ), py="invoke_id"),
    C("problem", Choice(
        C("general", Integer(named=GENERAL_PROBLEMS), tag="[0]"),              # 80
        C("invoke", Integer(named=INVOKE_PROBLEMS), tag="[1]"),                # 81
        C("returnResult", Integer(named=RETURN_RESULT_PROBLEMS), tag="[2]"),   # 82
        C("returnError", Integer(named=RETURN_ERROR_PROBLEMS), tag="[3]"),     # 83
    )),
))

m.define("ROS", Choice(
    C("invoke", "Invoke", tag="[1]"),                                 # A1
    C("returnResult", "ReturnResult", tag="[2]"),                     # A2
    C("returnError", "ReturnError", tag="[3]"),                       # A3
    C("reject", "Reject", tag="[4]"),                                 # A4
))

m.define("Bind", Choice(
    C("bind-invoke", Any(), tag="[16]"),                              # B0
    C("bind-result", Any(), tag="[17]"),                              # B1
    C("bind-error", Any(), tag="[18]"),                               # B2
))

# Unbind values may be absent (P3 and P7 use an empty unbind, sending no
# user information at all); when present they are wrapped like the bind.
m.define("Unbind", Choice(
    C("unbind-invoke", Any(), tag="[19]"),                            # B3
    C("unbind-result", Any(), tag="[20]"),                            # B4
    C("unbind-error", Any(), tag="[21]"),                             # B5
))

ROS = m["ROS"]
Invoke = m["Invoke"]
ReturnResult = m["ReturnResult"]
ReturnError = m["ReturnError"]
Reject = m["Reject"]
Bind = m["Bind"]
Unbind = m["Unbind"]
Code = m["Code"]

del m
