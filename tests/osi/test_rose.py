"""Remote operations over ACSE (P3/P7 realisation): ROS PDUs and the machine.

ROS vectors come from osi-stack.md §6 and §9 and p3-p7-binding.md §7.2
(the P7 summarize exchange, checked there with TShark), the rest were
produced by the codec and checked once with TShark 4.0.17 through
``tests/osi/tshark_check.py`` inside full P7 and P3 associations built by
these machines: every frame dissected as named in
``test_associations_dissect_cleanly`` with no expert warning or error.

The operation tables here are small stand-ins written for the tests (the
real X.411/X.413 tables plug in through :meth:`AbstractSyntax.from_tables`):
what matters is that codes are resolved per abstract syntax and that
arguments, results and parameters are checked against declared types.
"""
from __future__ import annotations

from typing import Any, Dict, List, Optional, Tuple

import pytest

from x400fast import ber
from x400fast.asn1 import (C, Any as AnyType, Choice, Enumerated, IA5String, Integer,
                           Module, Null, OctetString, PrintableString, Sequence, Set)
from x400fast.asn1 import rose as RA
from x400fast.errors import (AssociationRejected, DecodeError, LocalProtocolError,
                             RemoteOperationError, Rejected, ROSEProtocolError)
from x400fast.limits import DEFAULT_LIMITS
from x400fast.osi import acse as A
from x400fast.osi import presentation as P
from x400fast.osi import rose as R
from x400fast.osi.presentation import NEED_DATA, PData, Role
from x400fast.osi.rose import (
    AbortRequest, Aborted, AbstractSyntax, BindError, BindIndication, BindRequest,
    BindResult, BindSyntax, Error, ErrorType, Invoke, Operation, Reject, Result,
    ROSEConnection, ROSEState, UnbindIndication, UnbindRequest, UnbindResult)

H = bytes.fromhex
RS = ROSEState
MTS_ACCESS_88 = "2.6.0.1.0"
MS_ACCESS_88 = "2.6.0.1.4"
MSSE, MDSE, MASE, MTS_BIND = "2.6.0.2.1", "2.6.0.2.2", "2.6.0.2.6", "2.6.0.2.11"
MRSE, MS_BIND = "2.6.0.2.5", "2.6.0.2.9"

# -- test types (a sliver of X.411, enough for real-looking bytes) -----------------

T = Module("ROSETestTypes", tagging="IMPLICIT")
T.define("MTSIdentifier", Sequence(
    C("global-domain-identifier", Sequence(
        C("country-name", Choice(C("iso-3166-alpha2-code", PrintableString())),
          tag="[APPLICATION 1]"),
        C("administration-domain-name", Choice(C("printable", PrintableString())),
          tag="[APPLICATION 2]"),
    ), tag="[APPLICATION 3]"),
    C("local-identifier", IA5String()),
), tag="[APPLICATION 4]")
T.define("Controls", Set(C("restrict", Integer(), tag="[0]", optional=True)))
T.define("Waiting", Set(C("waiting-messages", Integer(), tag="[0]", optional=True)))
MTSIdentifier = T["MTSIdentifier"]

MTSID = H("6413630e6104130247426206130454455354160141")
MTSID_VALUE = {"global_domain_identifier": {
    "country_name": ("iso_3166_alpha2_code", "GB"),
    "administration_domain_name": ("printable", "TEST")},
    "local_identifier": "A"}

SYNTAXES = [
    AbstractSyntax(MSSE, "msse", (
        Operation(7, "cancel-deferred-delivery", MTSIdentifier, Null(),
                  frozenset({7, 8, 15})),
        Operation(2, "submission-control", T["Controls"], T["Waiting"],
                  frozenset({12, 15})),
        Operation(3, "message-submission", OctetString(), MTSIdentifier,
                  frozenset({12})),
        Operation("1.2.3.4", "a-global-operation", Null(), None),
    ), (ErrorType(7, "message-submission-identifier-invalid"),
        ErrorType(8, "deferred-delivery-cancellation-rejected"),
        ErrorType(12, "security-error", Integer()),
        ErrorType(15, "remote-bind-error"))),
    AbstractSyntax(MDSE, "mdse-88", (
        Operation(5, "message-delivery", OctetString(), Null(), frozenset({12})),
        Operation(2, "delivery-control", Integer(), Integer(), frozenset({14})),
    ), (ErrorType(12, "security-error", Integer()),
        ErrorType(14, "control-violates-registration"))),
    AbstractSyntax(MRSE, "mrse-88", (
        Operation(20, "summarize", AnyType(), AnyType(), frozenset({21, 27})),
    ), (ErrorType(21, "attribute-error", AnyType()),
        ErrorType(27, "service-error", AnyType()))),
]
P3_BIND = BindSyntax(MTS_BIND, "mts", AnyType(), AnyType(), Integer())
P7_BIND = BindSyntax(MS_BIND, "ms-88", AnyType(), AnyType(),
                     Enumerated({"authentication-error": 0,
                                 "unacceptable-security-context": 1,
                                 "unable-to-establish-association": 2}))

# -- vectors ------------------------------------------------------------------------------

# MTSBindArgument of osi-stack.md §9.3 (initiator ORName + simple "p3secret");
# the same bytes are a valid MSBindArgument.
BIND_ARGUMENT = H(
    "314c603e302a61041302474262081306546573744144a20a1308546573745052"
    "4d4483034f7267a607130553616c65733110300e800101a10913075033557365"
    "7231a20a16087033736563726574")
BIND_INVOKE = H("b04e") + BIND_ARGUMENT
# MTSBindResult { mTA "MTA1", simple "p3secret" } / MSBindResult { simple }.
P3_BIND_RESULT = H("311280044d544131a20a16087033736563726574")
P7_BIND_RESULT = H("310ca20a16087033736563726574")
BIND_ERROR_P3 = H("b203020102")           # mts-bind-error authentication-error
BIND_ERROR_P7 = H("b2030a0100")           # ms-bind-error authentication-error
# §9.3 CN in full.  TShark: "P3 mts_bind_argument simple".
CN_ANCHOR = H(
    "030000e502f0800ddc050613010016010214020002c1ce"
    "3181cba003800101a281c3a455300f020101060452010001300406025101300f"
    "020103060456000201300406025101300f020105060456000202300406025101"
    "300f020107060456000206300406025101300f02010906045600020b30040602"
    "5101616a3068020101a0636061a106060456000100be572855020109a050") + BIND_INVOKE

# invoke id 1, cancel-deferred-delivery (7), MTSIdentifier argument.
INVOKE_CDD = H("a11b020101020107") + MTSID
# §9.5: returnResult id 1, op 7, NULL.
RESULT_CDD = H("a20a02010130050201070500")
# p3-p7-binding.md §7.2, TShark-checked there: summarize, id 2, on MRSE.
INVOKE_SUMMARIZE = H("a10c0201020201143104a1023100")
RESULT_SUMMARIZE = H("a20f020102300a0201143105a103020100")
INVOKE_GLOBAL = H("a10a02010506032a03040500")
INVOKE_LINKED = H("a11e020106800101020107") + MTSID
ERROR_SERVICE = H("a30d02010102011b3105a003020100")
ERROR_CDD = H("a306020101020108")
RESULT_NO_VALUE = H("a203020109")
REJECT_ABSENT = H("a4050500800100")


def reject(kind: str, problem: int, iid: Optional[int] = 5) -> bytes:
    tag = {"general": 0x80, "invoke": 0x81, "return_result": 0x82, "return_error": 0x83}
    head = H("0500") if iid is None else bytes((2, 1, iid))
    return bytes((0xA4, len(head) + 3)) + head + bytes((tag[kind], 1, problem))


ROS_VECTORS = [
    ("invoke", INVOKE_CDD), ("invoke-summarize", INVOKE_SUMMARIZE),
    ("invoke-global", INVOKE_GLOBAL), ("invoke-linked", INVOKE_LINKED),
    ("result", RESULT_CDD), ("result-summarize", RESULT_SUMMARIZE),
    ("result-no-value", RESULT_NO_VALUE), ("error", ERROR_CDD),
    ("error-param", ERROR_SERVICE), ("reject-absent", REJECT_ABSENT),
] + [("reject-%s-%d" % (kind, code), reject(kind, code))
     for kind, names in RA.PROBLEMS.items() for code in names.values()]


# -- helpers ---------------------------------------------------------------------------------


@pytest.fixture
def stack_engine(engine: Any, monkeypatch: Any) -> Any:
    monkeypatch.setattr(ber, "engine", engine)
    return engine


def drain(conn: Any) -> List[Any]:
    out = []
    while True:
        ev = conn.next_event()
        if ev is NEED_DATA:
            return out
        out.append(ev)


def deliver(src: Any, dst: Any) -> Tuple[bytes, List[Any]]:
    data = src.data_to_send()
    if data:
        dst.receive_data(data)
    return data, drain(dst)


def pair(bind: BindSyntax = P3_BIND, client: Optional[Dict[str, Any]] = None,
         server: Optional[Dict[str, Any]] = None) -> Tuple[ROSEConnection, ROSEConnection]:
    c = ROSEConnection(Role.INITIATOR, syntaxes=SYNTAXES, binds=[bind], local_ref=0x1234,
                       **(client or {}))
    s = ROSEConnection(Role.RESPONDER, syntaxes=SYNTAXES, binds=[bind], local_ref=0x5678,
                       **(server or {}))
    return c, s


def request_bind(c: ROSEConnection, s: ROSEConnection, acn: str = MTS_ACCESS_88,
                 argument: Any = BIND_ARGUMENT) -> Tuple[bytes, List[Any]]:
    c.send(BindRequest(argument, acn, called=A.PresentationAddress(tsel=b"593"),
                       calling=A.PresentationAddress(tsel=b"\x00\x01")))
    deliver(c, s)
    deliver(s, c)
    return deliver(c, s)


def bound(**kw: Any) -> Tuple[ROSEConnection, ROSEConnection]:
    c, s = pair(**kw)
    request_bind(c, s)
    s.send(BindResult(P3_BIND_RESULT))
    (res,) = deliver(s, c)[1]
    assert isinstance(res, BindResult)
    assert c.state is RS.BOUND and s.state is RS.BOUND
    return c, s


def inject(conn: ROSEConnection, pcid: int, apdu: bytes) -> None:
    """Send a ROS APDU straight through the ACSE machine, past the checks."""
    conn.acse.send(PData.single(pcid, apdu))


def sent_apdus(data: bytes) -> List[Tuple[int, bytes]]:
    """The (pcid, value) of every PDV in GT+DT framed P-DATA bytes."""
    out = []
    pos = 0
    while pos < len(data):
        length = int.from_bytes(data[pos + 2:pos + 4], "big")
        tsdu = data[pos + 7:pos + length]
        assert tsdu[:4] == H("01000100")
        out += [(p.context_id, p.value) for p in P.decode_user_data(tsdu[4:])]
        pos += length
    return out


# -- ROS codec ---------------------------------------------------------------------------


@pytest.mark.parametrize("name,data", ROS_VECTORS, ids=[v[0] for v in ROS_VECTORS])
def test_ros_vectors_round_trip(engine: Any, name: str, data: bytes) -> None:
    value = engine.decode(RA.ROS.node(), data, DEFAULT_LIMITS)
    assert engine.encode(RA.ROS.node(), value) == data


def test_ros_values(engine: Any) -> None:
    def dec(b: bytes) -> Any:
        return engine.decode(RA.ROS.node(), b, DEFAULT_LIMITS)

    assert dec(INVOKE_CDD) == ("invoke", {"invoke_id": 1, "opcode": ("local", 7),
                                          "argument": MTSID})
    assert dec(RESULT_CDD) == ("return_result", {"invoke_id": 1, "result": {
        "opcode": ("local", 7), "result": H("0500")}})
    assert dec(INVOKE_GLOBAL)[1]["opcode"] == ("global", "1.2.3.4")
    assert dec(INVOKE_LINKED)[1]["linked_id"] == 1
    assert dec(REJECT_ABSENT) == ("reject", {"invoke_id": ("absent", None),
                                             "problem": ("general", 0)})
    assert dec(reject("return_error", 4)) == ("reject", {
        "invoke_id": ("present", 5), "problem": ("return_error", 4)})


def test_bind_wrappers(engine: Any) -> None:
    node = RA.Bind.node()
    assert engine.decode(node, BIND_INVOKE, DEFAULT_LIMITS) == ("bind_invoke", BIND_ARGUMENT)
    assert engine.decode(node, BIND_ERROR_P3, DEFAULT_LIMITS) == ("bind_error", H("020102"))
    assert engine.decode(node, BIND_ERROR_P7, DEFAULT_LIMITS) == ("bind_error", H("0a0100"))
    assert engine.encode(node, ("bind_result", P3_BIND_RESULT)) == H("b114") + P3_BIND_RESULT
    unode = RA.Unbind.node()
    for kind, tag in (("unbind_invoke", 0xB3), ("unbind_result", 0xB4),
                      ("unbind_error", 0xB5)):
        assert engine.encode(unode, (kind, H("0500"))) == bytes((tag, 2, 5, 0))


@pytest.mark.parametrize("name,data", ROS_VECTORS + [("bind", BIND_INVOKE)],
                         ids=[v[0] for v in ROS_VECTORS] + ["bind"])
def test_every_prefix_of_every_ros_pdu_is_a_decode_error(engine: Any, name: str,
                                                         data: bytes) -> None:
    node = RA.Bind.node() if name == "bind" else RA.ROS.node()
    for cut in range(len(data)):
        with pytest.raises(DecodeError):
            engine.decode(node, data[:cut], DEFAULT_LIMITS)


# -- bind -------------------------------------------------------------------------------


def test_bind_is_byte_exact_with_the_anchor(stack_engine: Any) -> None:
    c, s = pair(client={"direct_reference": False})
    cn, (ind,) = request_bind(c, s)
    assert cn == CN_ANCHOR
    assert isinstance(ind, BindIndication)
    assert ind.argument == BIND_ARGUMENT
    assert (ind.application_context, ind.bind_syntax) == (MTS_ACCESS_88, MTS_BIND)
    assert ind.accepted_syntaxes == (P.ACSE_AS, MSSE, MDSE, MASE, MTS_BIND)
    assert ind.called.tsel == b"593"


def test_bind_with_direct_reference_and_result(stack_engine: Any) -> None:
    c, s = pair()
    cn, _ = request_bind(c, s)
    assert H("285906025101020109a050") + BIND_INVOKE in cn
    s.send(BindResult(P3_BIND_RESULT))
    ac, (res,) = deliver(s, c)
    assert ac.endswith(H("b114") + P3_BIND_RESULT)
    assert res == BindResult(P3_BIND_RESULT, MTS_ACCESS_88,
                             (P.ACSE_AS, MSSE, MDSE, MASE, MTS_BIND))


@pytest.mark.parametrize("bind,acn,error,wire,decoded", [
    (P3_BIND, MTS_ACCESS_88, 2, BIND_ERROR_P3, 2),
    (P7_BIND, MS_ACCESS_88, "authentication-error", BIND_ERROR_P7, "authentication-error"),
])
def test_bind_error(stack_engine: Any, bind: BindSyntax, acn: str, error: Any,
                    wire: bytes, decoded: Any) -> None:
    c, s = pair(bind)
    request_bind(c, s, acn)
    s.send(BindError(error))
    data, (ev,) = deliver(s, c)
    assert data.endswith(wire)
    assert data[7] == 0x0C                      # a session RF carries it
    assert isinstance(ev, BindError)
    assert (ev.error, ev.result, ev.source, ev.diagnostic) == (decoded, 1,
                                                                "service-user", 1)
    exc = ev.as_error()
    assert isinstance(exc, AssociationRejected) and exc.bind_error == decoded
    assert c.state is s.state is RS.CLOSED


def test_bind_refused_for_an_unknown_context(stack_engine: Any) -> None:
    c, s = pair()
    c.send(BindRequest(BIND_ARGUMENT, "1.3.9999.1",
                       abstract_syntaxes=(MSSE, MTS_BIND), bind_syntax=MTS_BIND))
    deliver(c, s)
    deliver(s, c)
    _, (local,) = deliver(c, s)
    assert isinstance(local, BindError) and local.local and local.diagnostic == 2
    (ev,) = deliver(s, c)[1]
    assert isinstance(ev, BindError) and ev.error is None
    assert (ev.source, ev.diagnostic) == ("service-user", 2)


@pytest.mark.parametrize("ui,text", [
    ((), "exactly one bind PDU"),
    ((A.external(9, H("b1020500")),), "bind_result where bind_invoke belongs"),
    ((A.external(9, H("0500")),), "not a bind PDU"),
    ((A.external(9, BIND_INVOKE), A.external(9, BIND_INVOKE)), "exactly one"),
    ((A.external(3, BIND_INVOKE),), "exactly one bind PDU"),
])
def test_bad_bind_pdus_are_rejected(stack_engine: Any, ui: Tuple[Any, ...], text: str) -> None:
    raw = A.ACSEConnection(Role.INITIATOR)
    s = ROSEConnection(Role.RESPONDER, syntaxes=SYNTAXES, binds=[P3_BIND])
    raw.send(A.AAssociateRequest(MTS_ACCESS_88, A.contexts_for(
        A.APPLICATION_CONTEXTS[MTS_ACCESS_88].abstract_syntaxes), ui))
    deliver(raw, s)
    deliver(s, raw)
    s.receive_data(raw.data_to_send())
    with pytest.raises(ROSEProtocolError, match=text):
        drain(s)
    assert s.state is RS.ERROR
    (rej,) = deliver(s, raw)[1]
    assert isinstance(rej, A.AAssociateRejected) and rej.result == 1


def test_mistyped_bind_argument_is_rejected(stack_engine: Any) -> None:
    typed = BindSyntax(MTS_BIND, "mts", Integer(), AnyType(), Integer())
    c, s = pair(typed)
    with pytest.raises(ROSEProtocolError, match="does not decode"):
        _bind_raw(c, s)
    (ev,) = deliver(s, c)[1]
    assert isinstance(ev, BindError)


def _bind_raw(c: ROSEConnection, s: ROSEConnection) -> None:
    # The initiator's table says INTEGER; send the ORName-bearing SET instead.
    c.acse.send(A.AAssociateRequest(MTS_ACCESS_88, A.contexts_for(
        A.APPLICATION_CONTEXTS[MTS_ACCESS_88].abstract_syntaxes),
        (A.external(9, BIND_INVOKE),)))
    deliver(c, s)
    deliver(s, c)
    deliver(c, s)


def test_bad_bind_result_aborts(stack_engine: Any) -> None:
    c = ROSEConnection(Role.INITIATOR, syntaxes=SYNTAXES, binds=[P3_BIND])
    raw = A.ACSEConnection(Role.RESPONDER)
    c.send(BindRequest(BIND_ARGUMENT, MTS_ACCESS_88))
    deliver(c, raw)
    deliver(raw, c)
    deliver(c, raw)
    raw.send(A.AAssociateResponse((A.external(9, BIND_INVOKE),)))
    with pytest.raises(ROSEProtocolError, match="bind_invoke where bind_result belongs"):
        deliver(raw, c)
    (ab,) = deliver(c, raw)[1]
    assert isinstance(ab, A.AAbort) and ab.source == 0


def test_item45_no_operations_before_the_bind_result(stack_engine: Any) -> None:
    c, s = pair()
    request_bind(c, s)
    assert c.state is RS.BINDING and s.state is RS.WAIT_BIND_RESPONSE
    with pytest.raises(LocalProtocolError):
        c.send(Invoke(7, MTSID_VALUE, MSSE))
    with pytest.raises(LocalProtocolError):
        s.send(Invoke(5, b"x", MDSE))
    assert c.data_to_send() == b"" and s.data_to_send() == b""


# -- operations ------------------------------------------------------------------------------


def test_invoke_and_result_bytes(stack_engine: Any) -> None:
    c, s = bound()
    iid = c.send(Invoke(7, MTSID_VALUE, MSSE))
    assert iid == 1 and c.outstanding == (1,)
    data, (inv,) = deliver(c, s)
    assert sent_apdus(data) == [(3, INVOKE_CDD)]
    assert inv == Invoke(7, MTSID_VALUE, MSSE, 1, None, "cancel-deferred-delivery")
    assert s.unanswered == (1,)
    s.send(Result(1, None))
    data, (res,) = deliver(s, c)
    assert sent_apdus(data) == [(3, RESULT_CDD)]
    assert data == H("0300002002f0800100010061133011020103a00c") + RESULT_CDD
    assert res == Result(1, None, 7, MSSE)
    assert c.outstanding == () and s.unanswered == ()


def test_codes_are_per_abstract_syntax(stack_engine: Any) -> None:
    c, s = bound()
    # Code 2 is submission-control on MSSE (invoked by the MTS) and
    # delivery-control on MDSE (invoked by the UA): different types.
    with pytest.raises(LocalProtocolError, match="name the one to use"):
        c.send(Invoke(2, 5))
    a = s.send(Invoke(2, {"restrict": 1}, MSSE))
    b = c.send(Invoke(2, 7, MDSE))
    (inv_c,) = deliver(s, c)[1]
    (inv_s,) = deliver(c, s)[1]
    assert (inv_c.abstract_syntax, inv_c.argument, inv_c.name) == (
        MSSE, {"restrict": 1}, "submission-control")
    assert (inv_s.abstract_syntax, inv_s.argument, inv_s.name) == (
        MDSE, 7, "delivery-control")
    c.send(Result(a, {"waiting_messages": 3}))
    s.send(Result(b, 9))
    assert deliver(c, s)[1] == [Result(a, {"waiting_messages": 3}, 2, MSSE)]
    assert deliver(s, c)[1] == [Result(b, 9, 2, MDSE)]
    # An unambiguous code needs no syntax.
    assert c.send(Invoke(7, MTSID_VALUE)) == 2


def test_many_outstanding_both_ways_answered_out_of_order(stack_engine: Any) -> None:
    c, s = bound()
    ours = [c.send(Invoke(3, b"msg%d" % i, MSSE)) for i in range(50)]
    theirs = [s.send(Invoke(5, b"dlv%d" % i, MDSE)) for i in range(50)]
    # Invoke ids are separate name spaces: both sides used 1..50.
    assert ours == theirs == list(range(1, 51))
    inv_s = deliver(c, s)[1]
    inv_c = deliver(s, c)[1]
    assert [e.argument for e in inv_s] == [b"msg%d" % i for i in range(50)]
    assert [e.argument for e in inv_c] == [b"dlv%d" % i for i in range(50)]
    for iid in reversed(ours):
        if iid % 7 == 0:
            s.send(Error(iid, 12, 32))
        else:
            s.send(Result(iid, MTSID_VALUE))
    for iid in theirs:
        c.send(Result(iid, None))
    got = deliver(s, c)[1]
    assert [e.invoke_id for e in got] == list(reversed(ours))
    assert all(isinstance(e, Error) and e.parameter == 32 and e.name == "security-error"
               for e in got if e.invoke_id % 7 == 0)
    assert all(isinstance(e, Result) and e.result == MTSID_VALUE
               for e in got if e.invoke_id % 7)
    assert [e.invoke_id for e in deliver(c, s)[1]] == theirs
    assert c.outstanding == c.unanswered == s.outstanding == s.unanswered == ()


def test_errors_rejects_and_global_codes(stack_engine: Any) -> None:
    c, s = bound()
    iid = c.send(Invoke(7, MTSID_VALUE))
    deliver(c, s)
    s.send(Error(iid, 8))
    data, (err,) = deliver(s, c)
    assert sent_apdus(data) == [(3, ERROR_CDD)]
    exc = err.as_error()
    assert isinstance(exc, RemoteOperationError)
    assert (exc.invoke_id, exc.errcode, exc.name) == (1, 8,
                                                      "deferred-delivery-cancellation-rejected")
    # The user rejects an invocation (resource limitation).
    iid = c.send(Invoke(7, MTSID_VALUE))
    deliver(c, s)
    s.send(Reject(iid, "invoke", 3))
    data, (rj,) = deliver(s, c)
    assert sent_apdus(data) == [(3, H("a406020102810103"))]
    assert (rj.invoke_id, rj.kind, rj.problem, rj.local) == (2, "invoke", 3, False)
    assert rj.problem_name == "resourceLimitation"
    assert isinstance(rj.as_error(), Rejected) and c.outstanding == ()
    # A global operation code with a NULL argument and no result value.
    iid = c.send(Invoke("1.2.3.4", None, MSSE))
    data, (inv,) = deliver(c, s)
    assert sent_apdus(data) == [(3, H("a10a02010306032a03040500"))]
    assert inv.opcode == "1.2.3.4"
    s.send(Result(iid))
    data, (res,) = deliver(s, c)
    assert sent_apdus(data) == [(3, H("a203020103"))]
    assert res == Result(3, None, "1.2.3.4", MSSE)


def test_null_errors_accept_an_absent_or_null_parameter(stack_engine: Any) -> None:
    c, s = bound()
    for param in (b"", H("0500")):
        iid = c.send(Invoke(7, MTSID_VALUE))
        deliver(c, s)
        inject(s, 3, bytes((0xA3, 6 + len(param), 2, 1, iid, 2, 1, 7)) + param)
        (err,) = deliver(s, c)[1]
        assert isinstance(err, Error) and err.parameter is None and err.errcode == 7


# -- catalogue 44 and the other reject cases ------------------------------------------------


def test_item44_duplicate_invoke_id(stack_engine: Any) -> None:
    c, s = bound()
    inject(c, 3, INVOKE_CDD)
    inject(c, 3, INVOKE_CDD)
    data, events = deliver(c, s)
    assert len(events) == 2
    assert isinstance(events[0], Invoke) and events[0].invoke_id == 1
    rj = events[1]
    assert (rj.kind, rj.problem_name, rj.local, rj.invoke_id) == (
        "invoke", "duplicateInvocation", True, 1)
    data, (peer_rj,) = deliver(s, c)
    assert sent_apdus(data) == [(3, H("a406020101810100"))]
    assert isinstance(peer_rj, Reject) and not peer_rj.local
    # The first invocation is still answerable and the association is up.
    s.send(Result(1, None))
    assert sent_apdus(s.data_to_send()) == [(3, RESULT_CDD)]
    assert s.state is RS.BOUND


@pytest.mark.parametrize("apdu,expected,problem", [
    (H("a20a02016330050201070500"), "a406020163820100", "unrecognizedInvocation"),
    (H("a306020163020108"), "a406020163830100", "unrecognizedInvocation"),
    (H("a10602016302010b"), "a406020163810101", "unrecognizedOperation"),
    (H("a109020163020107040141"), "a406020163810102",
     "mistypedArgument"),
    (H("a106020163020107"), "a406020163810102", "mistypedArgument"),
    (H("a1080201630201050500"), "a406020163810101", "unrecognizedOperation"),
    (H("a10b0201638001090201070500"), "a406020163810105",
     "unrecognizedLinkedId"),
    (H("3000"), "a4050500800100", "unrecognizedPDU"),
    (H("0500"), "a4050500800100", "unrecognizedPDU"),
    (H("a103020163"), "a4050500800101", "mistypedPDU"),
    (H("a403020101"), "a4050500800101", "mistypedPDU"),
    (H("b0020500"), "a4050500800100", "unrecognizedPDU"),
], ids=["result-unknown-id", "error-unknown-id", "unknown-op", "mistyped-arg",
        "missing-arg", "op-of-other-syntax", "linked-to-nothing", "universal-tag",
        "null", "invoke-no-opcode", "reject-no-problem", "bind-pdu-in-data"])
def test_item44_faults_are_rejected_and_the_association_stays_up(
        stack_engine: Any, apdu: bytes, expected: str, problem: str) -> None:
    c, s = bound()
    inject(s, 3, apdu)
    data, (rj,) = deliver(s, c)
    assert isinstance(rj, Reject) and rj.local and rj.problem_name == problem
    assert sent_apdus(c.data_to_send()) == [(3, H(expected))]
    # Still bound: a normal operation goes through.
    iid = c.send(Invoke(7, MTSID_VALUE))
    (inv,) = deliver(c, s)[1]
    s.send(Result(iid, None))
    assert deliver(s, c)[1] == [Result(iid, None, 7, MSSE)]
    assert c.state is s.state is RS.BOUND


def test_linked_to_our_invocation_is_unexpected(stack_engine: Any) -> None:
    c, s = bound()
    iid = c.send(Invoke(7, MTSID_VALUE))
    deliver(c, s)
    inject(s, 3, H("a11e020106800101020107") + MTSID)      # linked to invocation 1
    (rj,) = deliver(s, c)[1]
    assert rj.problem_name == "unexpectedLinkedOperation" and rj.invoke_id == 6
    assert c.outstanding == (iid,)


@pytest.mark.parametrize("answer,problem", [
    (lambda iid: bytes((0xA2, 0x0B, 2, 1, iid)) + H("3006020107") + H("020105"),
     "mistypedResult"),
    (lambda iid: bytes((0xA2, 0x0A, 2, 1, iid)) + H("3005020109") + H("0500"),
     "mistypedResult"),
    (lambda iid: bytes((0xA3, 0x06, 2, 1, iid)) + H("020163"), "unrecognizedError"),
    (lambda iid: bytes((0xA3, 0x06, 2, 1, iid)) + H("02010c"), "unexpectedError"),
    (lambda iid: bytes((0xA3, 0x09, 2, 1, iid)) + H("020108020101"),
     "mistypedParameter"),
], ids=["bad-result-value", "result-for-other-op", "unknown-error", "error-not-listed",
        "parameter-where-none"])
def test_bad_answers_are_rejected_and_reported(stack_engine: Any, answer: Any,
                                               problem: str) -> None:
    c, s = bound()
    iid = c.send(Invoke(7, MTSID_VALUE))
    deliver(c, s)
    inject(s, 3, answer(iid))
    (rj,) = deliver(s, c)[1]
    assert rj.local and rj.problem_name == problem and rj.invoke_id == iid
    assert c.outstanding == ()                 # the invocation is over
    (peer_rj,) = deliver(c, s)[1]
    assert peer_rj.problem_name == problem and not peer_rj.local


def test_security_error_parameter_is_checked(stack_engine: Any) -> None:
    c, s = bound()
    iid = c.send(Invoke(3, b"content", MSSE))
    deliver(c, s)
    inject(s, 3, bytes((0xA3, 0x08, 2, 1, iid)) + H("02010c0500"))
    (rj,) = deliver(s, c)[1]
    assert rj.problem_name == "mistypedParameter"


def test_peer_reject_without_an_id(stack_engine: Any) -> None:
    c, s = bound()
    inject(s, 3, REJECT_ABSENT)
    (rj,) = deliver(s, c)[1]
    assert (rj.invoke_id, rj.kind, rj.problem_name, rj.local) == (None, "general",
                                                                 "unrecognizedPDU", False)


def test_item46_pipelined_invokes_hit_the_cap(stack_engine: Any) -> None:
    c, s = bound(client={"max_outgoing": 10000}, server={"max_incoming": 64})
    for i in range(10000):
        c.send(Invoke(3, b"m", MSSE))
    events = deliver(c, s)[1]
    invokes = [e for e in events if isinstance(e, Invoke)]
    rejects = [e for e in events if isinstance(e, Reject)]
    assert len(invokes) == 64 and len(rejects) == 10000 - 64
    assert all(r.problem_name == "resourceLimitation" for r in rejects)
    assert len(s.unanswered) == 64
    back = deliver(s, c)[1]
    assert len(back) == 10000 - 64 and len(c.outstanding) == 64
    assert s.state is RS.BOUND


def test_outgoing_cap_is_local() -> None:
    c, s = bound(client={"max_outgoing": 2})
    c.send(Invoke(3, b"a", MSSE))
    c.send(Invoke(3, b"b", MSSE))
    with pytest.raises(LocalProtocolError, match="outstanding"):
        c.send(Invoke(3, b"c", MSSE))


def test_every_prefix_of_an_invoke_through_the_machine(stack_engine: Any) -> None:
    c, s = bound()
    content = INVOKE_CDD[2:]
    for cut in range(len(content)):
        # The cut content rewrapped as one [1] TLV: a valid BER value that
        # ROSE must reject (or, at a field boundary, take).
        inject(c, 3, bytes((0xA1, cut)) + content[:cut])
        events = deliver(c, s)[1]
        assert len(events) == 1 and isinstance(events[0], (Reject, Invoke))
        if isinstance(events[0], Invoke):
            s.send(Result(events[0].invoke_id, None))
        deliver(s, c)
    assert s.state is RS.BOUND


# -- unbind and abort ---------------------------------------------------------------------


def test_unbind_is_an_empty_release(stack_engine: Any) -> None:
    c, s = bound()
    c.send(UnbindRequest())
    fn, (ind,) = deliver(c, s)
    assert fn.endswith(H("c10e610c300a020101a0056203800100"))
    assert ind == UnbindIndication(None)
    s.send(UnbindResult())
    dn, (res,) = deliver(s, c)
    assert dn.endswith(H("c10e610c300a020101a0056303800100"))
    assert res == UnbindResult(None)
    assert c.state is s.state is RS.CLOSED


def test_results_cross_an_unbind(stack_engine: Any) -> None:
    c, s = bound()
    iid = s.send(Invoke(5, b"delivery", MDSE))
    (inv,) = deliver(s, c)[1]
    c.send(UnbindRequest())
    (ind,) = deliver(c, s)[1]
    assert isinstance(ind, UnbindIndication) and s.state is RS.WAIT_UNBIND_RESPONSE
    # The MTS still owes nothing, but the UA owes a result it cannot send
    # any more: this side started the unbind.
    with pytest.raises(LocalProtocolError):
        c.send(Result(iid, None))
    s.send(UnbindResult())
    assert deliver(s, c)[1] == [UnbindResult(None)]


def test_answers_before_completing_a_peer_unbind(stack_engine: Any) -> None:
    c, s = bound()
    iid = c.send(Invoke(7, MTSID_VALUE))
    deliver(c, s)
    c.send(UnbindRequest())
    (ind,) = deliver(c, s)[1]
    assert isinstance(ind, UnbindIndication) and s.unanswered == (iid,)
    s.send(Result(iid, None))          # still allowed while the unbind waits
    s.send(UnbindResult())
    assert deliver(s, c)[1] == [Result(iid, None, 7, MSSE), UnbindResult(None)]
    assert c.state is s.state is RS.CLOSED


def test_unbind_collision(stack_engine: Any) -> None:
    c, s = bound()
    c.send(UnbindRequest())
    s.send(UnbindRequest())
    deliver(c, s)
    deliver(s, c)
    assert c.state is s.state is RS.UNBIND_COLLISION
    c.send(UnbindResult())
    s.send(UnbindResult())
    assert deliver(c, s)[1] == [UnbindResult(None)]
    assert deliver(s, c)[1] == [UnbindResult(None)]


def test_unbind_with_values_when_the_syntax_defines_them(stack_engine: Any) -> None:
    bind = BindSyntax(MTS_BIND, "mts", AnyType(), AnyType(), Integer(), Integer(), Integer())
    c, s = pair(bind)
    request_bind(c, s)
    s.send(BindResult(P3_BIND_RESULT))
    deliver(s, c)
    c.send(UnbindRequest(4))
    fn, (ind,) = deliver(c, s)
    assert H("b303020104") in fn and ind == UnbindIndication(4)
    s.send(UnbindResult(5))
    assert deliver(s, c)[1] == [UnbindResult(5)]


def test_unbind_data_where_none_is_defined_is_an_error(stack_engine: Any) -> None:
    c, s = bound()
    with pytest.raises(LocalProtocolError):
        c.send(UnbindRequest(1))
    c.acse.send(A.AReleaseRequest(0, (A.external(9, H("b3020500")),)))
    with pytest.raises(ROSEProtocolError, match="unbind"):
        deliver(c, s)


def test_abort_reports_what_is_in_doubt(stack_engine: Any) -> None:
    c, s = bound()
    a = c.send(Invoke(3, b"one", MSSE))
    b = c.send(Invoke(3, b"two", MSSE))
    deliver(c, s)
    s.send(Result(a, MTSID_VALUE))
    deliver(s, c)
    s.send(AbortRequest())
    (ab,) = deliver(s, c)[1]
    assert isinstance(ab, Aborted) and ab.outstanding == (b,) and not ab.provider
    assert c.state is s.state is RS.CLOSED


def test_peer_vanishing_puts_everything_in_doubt(stack_engine: Any) -> None:
    c, s = bound()
    ids = [c.send(Invoke(3, b"m%d" % i, MSSE)) for i in range(3)]
    c.data_to_send()
    c.receive_data(b"")
    (ab,) = drain(c)
    assert isinstance(ab, Aborted) and ab.provider and ab.outstanding == tuple(ids)
    assert ab.as_error().provider


def test_local_misuse(stack_engine: Any) -> None:
    c, s = bound()
    with pytest.raises(LocalProtocolError, match="not defined"):
        c.send(Invoke(99, None, MSSE))
    with pytest.raises(LocalProtocolError, match="not described"):
        c.send(Invoke(7, MTSID_VALUE, "1.2.3"))
    with pytest.raises(LocalProtocolError, match="cannot encode"):
        c.send(Invoke(7, {"bad": 1}, MSSE))
    with pytest.raises(LocalProtocolError, match="awaits an answer"):
        c.send(Result(42, None))
    iid = s.send(Invoke(5, b"x", MDSE))
    deliver(s, c)
    with pytest.raises(LocalProtocolError, match="not defined"):
        c.send(Error(iid, 99))
    with pytest.raises(LocalProtocolError, match="does not report"):
        c.send(Error(iid, 14))
    with pytest.raises(LocalProtocolError):
        c.send(Reject(iid, "general", 0))
    with pytest.raises(LocalProtocolError):
        c.send(BindRequest(BIND_ARGUMENT, MTS_ACCESS_88))
    assert c.data_to_send() == b""
    c.send(Error(iid, 12, 1))
    assert deliver(c, s)[1][0] == Error(iid, 12, 1, "security-error", 5, MDSE)
    with pytest.raises(ValueError):
        AbstractSyntax("1.2", "x", (Operation(1, "a"), Operation(1, "b")))


def test_from_tables_takes_records_of_other_modules() -> None:
    class Op:
        def __init__(self, name: str, code: int, argument: Any, result: Any,
                     errors: Any) -> None:
            self.name, self.code, self.argument = name, code, argument
            self.result, self.errors = result, errors

    class Err:
        def __init__(self, name: str, code: int, parameter: Any) -> None:
            self.name, self.code, self.parameter = name, code, parameter

    syntax = AbstractSyntax.from_tables(MSSE, "msse", {
        7: Op("cancel-deferred-delivery", 7, MTSIdentifier, Null(), (8, 7, 15))},
        {8: Err("deferred-delivery-cancellation-rejected", 8, None)})
    assert syntax.operations_by_code[7].errors == frozenset({7, 8, 15})
    assert syntax.errors_by_code[8].parameter is None


def test_tables_name_real_handlers() -> None:
    for handler, _ in R.SEND_TRANSITIONS.values():
        assert callable(getattr(ROSEConnection, handler))
    for handler, _ in R.RECEIVE_TRANSITIONS.values():
        assert callable(getattr(ROSEConnection, handler))


# -- tshark ------------------------------------------------------------------------------------


def _frames(flow: Any, bind: BindSyntax) -> List[Tuple[str, bytes]]:
    frames: List[Tuple[str, bytes]] = []
    c, s = pair(bind)

    def move(a: Any, b: Any, d: str) -> List[Any]:
        data = a.data_to_send()
        if data:
            frames.append((d, data))
            b.receive_data(data)
        return drain(b)

    flow(c, s, move)
    return frames


def _p7_flow(c: Any, s: Any, move: Any) -> None:
    c.send(BindRequest(BIND_ARGUMENT, MS_ACCESS_88))
    move(c, s, "c"), move(s, c, "s"), move(c, s, "c")
    s.send(BindResult(P7_BIND_RESULT))
    move(s, c, "s")
    c.send(Invoke(20, H("3104a1023100"), MRSE, invoke_id=2))
    (inv,) = move(c, s, "c")
    s.send(Result(2, H("3105a103020100")))
    move(s, c, "s")
    iid = c.send(Invoke(20, H("3104a1023100"), MRSE))
    move(c, s, "c")
    s.send(Error(iid, 27, H("3105a003020100")))
    move(s, c, "s")
    iid = c.send(Invoke(20, H("3104a1023100"), MRSE))
    move(c, s, "c")
    s.send(Reject(iid, "invoke", 3))
    move(s, c, "s")
    inject(c, 5, H("a10602016302010b"))          # unknown operation: rejected
    move(c, s, "c")
    move(s, c, "s")
    c.send(UnbindRequest())
    move(c, s, "c")
    s.send(UnbindResult())
    move(s, c, "s")


def _p3_refused_flow(c: Any, s: Any, move: Any) -> None:
    c.send(BindRequest(BIND_ARGUMENT, MTS_ACCESS_88))
    move(c, s, "c"), move(s, c, "s"), move(c, s, "c")
    s.send(BindError(2))
    move(s, c, "s")


# An invoke of operation 11 on MRSE, unknown to P7: dissected as a bare ROS
# invoke (no operation name), without an expert item.
INJECTED_FRAME = "ROS  "


def test_associations_dissect_cleanly(tshark_check: Any) -> None:
    if not tshark_check.tshark_available():
        pytest.skip("tshark is not installed")
    v = tshark_check.check(_frames(_p7_flow, P7_BIND), with_pres=True)
    assert v.ok, v.problems
    assert v.frames[2:] == [
        "P7  ms_bind_argument (initiator=/C=GB/A=TestAD/P=TestPRMD/O=Org/OU=Sales/"
        "CN=P3User1) simple",
        "P7  ms_bind_result simple",
        "P7  summarize_argument",
        "P7  summarize_result (count=0)",
        "P7  summarize_argument",
        "P7  service_error",
        "P7  summarize_argument",
        "ROS  Reject resourceLimitation",
        INJECTED_FRAME,
        "ROS  Reject unrecognizedOperation",
        "ACSE  Release-Request (normal)",
        "ACSE  Release-Response (normal)",
    ]
    v = tshark_check.check(_frames(_p3_refused_flow, P3_BIND), with_pres=True)
    assert v.ok, v.problems
    assert v.frames[2:] == ["P3  mts_bind_argument simple", "P3  mts_bind_error"]
