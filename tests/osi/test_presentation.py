"""X.226 presentation (kernel, normal mode): PPDU vectors and the machine.

The anchor is the P3 connection open of osi-stack.md §9.3 (TPKT + DT + CN
+ CP-type + AARQ + bind), reproduced byte for byte by the machines.  The
other framed vectors were produced by these machines and checked once with
TShark 4.0.17 through ``tests/osi/tshark_check.py`` with the presentation
dissector on: each dissected as the comment says with no expert warning or
error (the one exception is noted where it occurs: Wireshark has no P3
table for operations on the MSSE syntax, osi-stack.md §6.3).
``test_vectors_dissect_cleanly`` repeats the check when tshark is
installed.

Machine tests run on both BER engines (the ``engine`` fixture of
tests/conftest.py, installed as the engine ``x400fast.ber`` uses).
"""
from __future__ import annotations

from typing import Any, List, Optional, Tuple

import pytest

from x400fast import ber
from x400fast.asn1 import presentation as PA
from x400fast.errors import (DecodeError, LocalProtocolError, MalformedPPDU,
                             PresentationProtocolError, SessionProtocolError)
from x400fast.limits import DEFAULT_LIMITS
from x400fast.osi import session as S
from x400fast.osi.presentation import (
    ACSE_AS, BER, NEED_DATA, PAbort, PAbortRequest, PConnectConfirm,
    PConnectIndication, PConnectReject, PConnectRejected, PConnectRequest,
    PConnectResponse, PData, PDV, PReleaseConfirm, PReleaseIndication,
    PReleaseRequest, PReleaseResponse, PresentationConnection,
    PresentationContext, PresentationState, Role, decode_user_data, encode_arp,
    encode_aru, encode_cp, encode_cpa, encode_cpr, encode_user_data)
from x400fast.osi import presentation as P

H = bytes.fromhex
PS = PresentationState

# -- vectors -------------------------------------------------------------------

# osi-stack.md §9.3, all 229 octets: TPKT, DT, CN (version 2, duplex), PGI
# 193 holding the CP-type with contexts 1 ACSE, 3 MSSE, 5 MDSE-88, 7 MASE-88,
# 9 MTS bind, and user data = the AARQ (mts-access-88, bind-invoke [16]).
# TShark: "P3 mts_bind_argument simple".
CN_ANCHOR = H(
    "030000e502f0800ddc050613010016010214020002c1ce"
    "3181cba003800101a281c3a455300f020101060452010001300406025101300f"
    "020103060456000201300406025101300f020105060456000202300406025101"
    "300f020107060456000206300406025101300f02010906045600020b30040602"
    "5101616a3068020101a0636061a106060456000100be572855020109a050b04e"
    "314c603e302a61041302474262081306546573744144a20a1308546573745052"
    "4d4483034f7267a607130553616c65733110300e800101a10913075033557365"
    "7231a20a16087033736563726574")
CP_ANCHOR = CN_ANCHOR[23:]
AARQ_ANCHOR = CN_ANCHOR[0x82:]
CR_ANCHOR = H("030000140fe00000123400c1020001c203353933")        # §9.1
CC_5678 = H("030000140fd01234567800c1020001c203353933")           # §9.2, SRC-REF 5678

ANCHOR_SYNTAXES = (ACSE_AS, "2.6.0.2.1", "2.6.0.2.2", "2.6.0.2.6", "2.6.0.2.11")
ANCHOR_CONTEXTS = tuple(PresentationContext(2 * i + 1, a)
                        for i, a in enumerate(ANCHOR_SYNTAXES))

# AARE accepted, mts-access-88, user information = EXTERNAL on pcid 9 holding
# bind-result [17] MTSBindResult { responder-name mTA "MTA1", credentials
# simple "p3secret" }.
AARE_OK = H("6133a106060456000100a203020100a305a103020100be1d281b020109a016"
            "b114311280044d544131a20a16087033736563726574")
# AC + CPA accepting the five contexts (BER), user data the AARE above.
# TShark: "P3 mts_bind_result MTA1 simple".
AC_ANCHOR = H(
    "0300008d02f0800e84050613010016010214020002c1763174a003800101a26d"
    "a52d300780010081025101300780010081025101300780010081025101300780"
    "010081025101300780010081025101613c303a020101a0356133a10606045600"
    "0100a203020100a305a103020100be1d281b020109a016b114311280044d5441"
    "31a20a16087033736563726574")
CPA_ANCHOR = AC_ANCHOR[23:]
# AARE rejected-permanent, service-user no-reason-given, bind-error [18]
# authentication-error (2).
AARE_REJ = H("6122a106060456000100a203020101a305a103020101be0c280a020109a005b203020102")
# RF reason 2 + CPR-PPDU (normal mode, result list, user data = AARE_REJ).
# TShark: "P3 mts_bind_error".
RF_CPR = H(
    "0300006d02f0800c64110101325f02305ca52d30078001008102510130078001"
    "0081025101300780010081025101300780010081025101300780010081025101"
    "612b3029020101a0246122a106060456000100a203020101a305a103020101be"
    "0c280a020109a005b203020102")
CPR_USER = RF_CPR[15:]
# RF reason 2 + CPR provider-rejection, local-limit-exceeded.
# TShark: "PRES REFUSE (RF) SPDU".
RF_LIMIT = H("0300001402f0800c0b11010132060230038a0102")
CPR_LIMIT = RF_LIMIT[15:]
# osi-stack.md §9.5, server side, exactly: GT + DT + User-data with a PDV on
# pcid 3 holding returnResult (invoke id 1, op 7, NULL).  TShark decodes the
# ROS header; "Dissector for OID 2.6.0.2.1 not implemented" (no P3 table for
# MSSE operations, osi-stack.md §6.3).
DATA_95 = H("0300002002f0800100010061133011020103a00ca20a02010130050201070500")
USER_DATA_95 = DATA_95[11:]
# osi-stack.md §9.6 FN and DN, byte for byte (RLRQ / RLRE on pcid 1).
FN_96 = H("0300001c02f0800913110101c10e610c300a020101a0056203800100")
DN_96 = H("0300001902f0800a10c10e610c300a020101a0056303800100")
# AB (TD 03) + ARU normal mode carrying ABRT service-user.
# TShark: "ACSE Abort (service-user)".
AB_ARU = H("0300001e02f0801915110103c110a00e610c300a020101a0056403800100")
ARU = AB_ARU[14:]
# AB (TD 03) + ARP invalid-ppdu-parameter-value, event td-PPDU.
# TShark: "PRES ABORT (AB) SPDU (invalid-ppdu-parameter-value)".
AB_ARP = H("0300001602f080190d110103c1083006800106810107")
ARP = AB_ARP[14:]

PPDU_VECTORS = [
    ("CP-type", PA.CPType, CP_ANCHOR),
    ("CPA-PPDU", PA.CPAPPDU, CPA_ANCHOR),
    ("CPR-PPDU user", PA.CPRPPDU, CPR_USER),
    ("CPR-PPDU provider", PA.CPRPPDU, CPR_LIMIT),
    ("User-data", PA.UserData, USER_DATA_95),
    ("User-data RLRQ", PA.UserData, FN_96[14:]),
    ("ARU-PPDU", PA.ARUPPDU, ARU),
    ("ARP-PPDU", PA.ARPPPDU, ARP),
    ("Abort-type ARU", PA.AbortType, ARU),
    ("Abort-type ARP", PA.AbortType, ARP),
]


# -- fixtures and helpers ------------------------------------------------------------


@pytest.fixture
def stack_engine(engine: Any, monkeypatch: Any) -> Any:
    """Run the machines on the engine under test."""
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


def pair(**responder: Any) -> Tuple[PresentationConnection, PresentationConnection]:
    c = PresentationConnection(Role.INITIATOR, local_ref=0x1234)
    s = PresentationConnection(Role.RESPONDER, local_ref=0x5678, **responder)
    return c, s


def anchor_request(**kw: Any) -> PConnectRequest:
    args = dict(contexts=ANCHOR_CONTEXTS, user_data=(PDV(1, AARQ_ANCHOR),),
                called_tsel=b"593", calling_tsel=b"\x00\x01")
    args.update(kw)
    return PConnectRequest(**args)


def connect(c: Any, s: Any, request: Optional[PConnectRequest] = None) -> List[Any]:
    c.send(request or anchor_request())
    deliver(c, s)           # CR
    deliver(s, c)           # CC; the CN goes out
    return deliver(c, s)[1]


def opened(**responder: Any) -> Tuple[PresentationConnection, PresentationConnection]:
    c, s = pair(**responder)
    connect(c, s)
    s.send(PConnectResponse((PDV(1, AARE_OK),)))
    deliver(s, c)
    assert c.state is PS.OPEN and s.state is PS.OPEN
    return c, s


def raw_peer_cn(user_data: bytes) -> Tuple[S.SessionConnection, PresentationConnection]:
    """A bare session initiator sending ``user_data`` as the CP-type."""
    raw = S.SessionConnection(Role.INITIATOR, local_ref=0x1234)
    s = PresentationConnection(Role.RESPONDER, local_ref=0x5678)
    raw.send(S.SConnectRequest(user_data=user_data))
    deliver(raw, s)                     # CR
    deliver(s, raw)                     # CC: the raw peer queues its CN
    s.receive_data(raw.data_to_send())  # the CN, for the test to drain
    return raw, s


def cp_rejected_with(raw: S.SessionConnection, s: PresentationConnection) -> S.SRefuse:
    """The responder's reply to the raw peer must be an RF carrying a CPR."""
    raw.receive_data(s.data_to_send())
    ev = raw.next_event()
    assert isinstance(ev, S.SRefuse) and ev.reason == 2
    return ev


# -- PPDU codec -------------------------------------------------------------------------


@pytest.mark.parametrize("name,t,data", PPDU_VECTORS, ids=[v[0] for v in PPDU_VECTORS])
def test_ppdu_vectors_round_trip(engine: Any, name: str, t: Any, data: bytes) -> None:
    value = engine.decode(t.node(), data, DEFAULT_LIMITS)
    assert engine.encode(t.node(), value) == data


def test_cp_anchor_decodes_as_annotated(engine: Any) -> None:
    cp = engine.decode(PA.CPType.node(), CP_ANCHOR, DEFAULT_LIMITS)
    assert cp["mode_selector"] == {"mode_value": 1}
    nmp = cp["normal_mode_parameters"]
    assert [(c["presentation_context_identifier"], c["abstract_syntax_name"],
             c["transfer_syntax_name_list"])
            for c in nmp["presentation_context_definition_list"]] == [
        (c.identifier, c.abstract_syntax, [BER]) for c in ANCHOR_CONTEXTS]
    kind, pdvs = nmp["user_data"]
    assert kind == "fully_encoded_data"
    assert pdvs == [{"presentation_context_identifier": 1,
                     "presentation_data_values": ("single_asn1_type", AARQ_ANCHOR)}]


def test_encoders_reproduce_the_vectors(stack_engine: Any) -> None:
    assert encode_cp(ANCHOR_CONTEXTS, (PDV(1, AARQ_ANCHOR),)) == CP_ANCHOR
    results = tuple(P.ContextResult(c.identifier, c.abstract_syntax, 0, BER)
                    for c in ANCHOR_CONTEXTS)
    assert encode_cpa(results, (PDV(1, AARE_OK),)) == CPA_ANCHOR
    assert encode_cpr(results, (PDV(1, AARE_REJ),)) == CPR_USER
    assert encode_cpr(provider_reason=2) == CPR_LIMIT
    assert encode_aru((PDV(1, H("6403800100")),)) == ARU
    assert encode_arp(6, 7) == ARP
    assert encode_user_data((PDV(3, H("a20a02010130050201070500")),)) == USER_DATA_95


def test_cpr_and_abort_alternatives(engine: Any) -> None:
    assert engine.decode(PA.CPRPPDU.node(), CPR_LIMIT, DEFAULT_LIMITS) == (
        "normal_mode_parameters", {"protocol_version": frozenset({"version-1"}),
                                   "provider_reason": 2})
    assert engine.decode(PA.AbortType.node(), ARP, DEFAULT_LIMITS) == (
        "arp_ppdu", {"provider_reason": 6, "event_identifier": 7})
    kind, (alt, aru) = engine.decode(PA.AbortType.node(), ARU, DEFAULT_LIMITS)
    assert (kind, alt) == ("aru_ppdu", "normal_mode_parameters")
    # X.410-1984 mode alternatives (RTSE APDUs) decode too, to be refused.
    rtab = H("3103800101")
    assert engine.decode(PA.ARUPPDU.node(), rtab, DEFAULT_LIMITS) == (
        "x400_mode_parameters", {"abort_reason": 1})


@pytest.mark.parametrize("name,t,data", PPDU_VECTORS, ids=[v[0] for v in PPDU_VECTORS])
def test_every_prefix_of_every_ppdu_is_a_decode_error(engine: Any, name: str, t: Any,
                                                      data: bytes) -> None:
    node = t.node()
    for cut in range(len(data)):
        with pytest.raises(DecodeError):
            engine.decode(node, data[:cut], DEFAULT_LIMITS)


@pytest.mark.parametrize("pcid", [1, 3, 127, 128, 1000])
@pytest.mark.parametrize("size", [0, 1, 120, 123, 124, 125, 250, 251, 252, 253, 65530, 70000])
def test_user_data_fast_path_matches_the_codec(stack_engine: Any, pcid: int,
                                               size: int) -> None:
    value = b"\x04" + (bytes((0x80 | len(size.to_bytes(3, "big").lstrip(b"\0")),))
                       + size.to_bytes(3, "big").lstrip(b"\0") if size >= 128
                       else bytes((size,))) + b"x" * size
    pdvs = (PDV(pcid, value),)
    slow = ber.encode(PA.UserData, P._user_data_value(pdvs))
    assert encode_user_data(pdvs) == slow
    assert decode_user_data(slow) == pdvs


def test_user_data_other_encodings(stack_engine: Any) -> None:
    pdvs = (PDV(3, b"abc", "octet-aligned"), PDV(5, b"\xf0", "arbitrary", 4),
            PDV(7, H("0500")))
    data = encode_user_data(pdvs)
    assert data == H("611c3008020103810361626330070201058202"
                     "04f03007020107a0020500")
    assert decode_user_data(data) == pdvs
    with pytest.raises(MalformedPPDU):
        decode_user_data(H("4003616263"))          # simply-encoded data
    with pytest.raises(MalformedPPDU):                 # transfer syntax not BER
        decode_user_data(H("610f300d0603550101020103a0020500"))
    assert decode_user_data(H("610d300b06025101020103a0020500")) == (
        PDV(3, H("0500")),)


# -- machines wired together ---------------------------------------------------------


def test_anchor_open_is_byte_exact(stack_engine: Any) -> None:
    c, s = pair()
    c.send(anchor_request())
    cr, _ = deliver(c, s)
    assert cr == CR_ANCHOR
    cc, _ = deliver(s, c)
    assert cc == CC_5678
    cn, events = deliver(c, s)
    assert cn == CN_ANCHOR
    (ind,) = events
    assert isinstance(ind, PConnectIndication)
    assert ind.user_data == (PDV(1, AARQ_ANCHOR),)
    assert [(r.identifier, r.abstract_syntax, r.result, r.transfer_syntax)
            for r in ind.contexts] == [(c.identifier, c.abstract_syntax, 0, BER)
                                       for c in ANCHOR_CONTEXTS]
    assert (ind.called_tsel, ind.calling_tsel) == (b"593", b"\x00\x01")
    assert s.state is PS.WAIT_CONNECT_RESPONSE and c.state is PS.WAIT_CPA
    s.send(PConnectResponse((PDV(1, AARE_OK),)))
    ac, events = deliver(s, c)
    assert ac == AC_ANCHOR
    (conf,) = events
    assert isinstance(conf, PConnectConfirm)
    assert conf.user_data == (PDV(1, AARE_OK),)
    assert all(r.accepted for r in conf.contexts)
    assert c.defined_contexts == s.defined_contexts == dict(
        (c.identifier, c.abstract_syntax) for c in ANCHOR_CONTEXTS)


def test_data_release_and_reference_bytes(stack_engine: Any) -> None:
    c, s = opened()
    s.send(PData.single(3, H("a20a02010130050201070500")))
    data, events = deliver(s, c)
    assert data == DATA_95
    assert events == [PData((PDV(3, H("a20a02010130050201070500")),))]
    # Several PDVs in one P-DATA, both directions.
    many = PData((PDV(3, H("0500")), PDV(5, H("020101")),
                  PDV(7, H("0482012c") + b"x" * 300), PDV(7, b"y" * 3, "octet-aligned")))
    c.send(many)
    assert deliver(c, s)[1] == [many]
    s.send(many)
    assert deliver(s, c)[1] == [many]
    c.send(PReleaseRequest((PDV(1, H("6203800100")),)))
    fn, events = deliver(c, s)
    assert fn == FN_96
    assert events == [PReleaseIndication((PDV(1, H("6203800100")),))]
    assert s.state is PS.WAIT_RELEASE_RESPONSE and c.state is PS.WAIT_RELEASE_CONFIRM
    s.send(PData.single(3, H("0500")))      # data may still go the other way
    assert deliver(s, c)[1] == [PData((PDV(3, H("0500")),))]
    s.send(PReleaseResponse((PDV(1, H("6303800100")),)))
    dn, events = deliver(s, c)
    assert dn == DN_96
    assert events == [PReleaseConfirm((PDV(1, H("6303800100")),))]
    assert c.state is PS.CLOSED and s.state is PS.CLOSED


def test_release_collision(stack_engine: Any) -> None:
    c, s = opened()
    c.send(PReleaseRequest((PDV(1, H("6203800100")),)))
    s.send(PReleaseRequest((PDV(1, H("6203800100")),)))
    (ind_s,) = deliver(c, s)[1]
    (ind_c,) = deliver(s, c)[1]
    assert isinstance(ind_s, PReleaseIndication) and isinstance(ind_c, PReleaseIndication)
    assert c.state is s.state is PS.COLLISION
    c.send(PReleaseResponse((PDV(1, H("6303800100")),)))
    s.send(PReleaseResponse((PDV(1, H("6303800100")),)))
    assert isinstance(deliver(c, s)[1][0], PReleaseConfirm)
    assert isinstance(deliver(s, c)[1][0], PReleaseConfirm)
    assert c.state is s.state is PS.CLOSED


@pytest.mark.parametrize("aborter", ["initiator", "responder"])
def test_user_abort(stack_engine: Any, aborter: str) -> None:
    c, s = opened()
    a, b = (c, s) if aborter == "initiator" else (s, c)
    a.send(PAbortRequest((PDV(1, H("6403800100")),)))
    data, events = deliver(a, b)
    if aborter == "initiator":
        assert data == AB_ARU
    assert events == [PAbort((PDV(1, H("6403800100")),), provider=False,
                             detail="peer aborted the connection (ARU)")]
    assert a.state is b.state is PS.CLOSED
    assert not events[0].as_error().provider


def test_abort_before_the_cpa_names_the_transfer_syntax(stack_engine: Any) -> None:
    c, s = pair()
    connect(c, s)
    c.send(PAbortRequest((PDV(1, H("6403800100")),)))
    data, events = deliver(c, s)
    aru = data[14:]
    assert aru == encode_aru((PDV(1, H("6403800100")),), [(1, BER)])
    assert aru.startswith(H("a0")) and H("a009300702010106025101") in aru
    assert isinstance(events[0], PAbort) and not events[0].provider


def test_user_rejection_travels_in_a_cpr(stack_engine: Any) -> None:
    c, s = pair()
    connect(c, s)
    s.send(PConnectReject((PDV(1, AARE_REJ),)))
    data, events = deliver(s, c)
    assert data == RF_CPR
    (rej,) = events
    assert isinstance(rej, PConnectRejected)
    assert rej.user_data == (PDV(1, AARE_REJ),)
    assert rej.provider_reason is None and rej.session_reason == 2 and not rej.local
    assert [r.result for r in rej.contexts] == [0] * 5
    assert c.state is s.state is PS.CLOSED


def test_provider_rejects_unsupported_contexts(stack_engine: Any) -> None:
    ctxs = ANCHOR_CONTEXTS + (PresentationContext(11, "1.2.3.4"),
                              PresentationContext(13, "2.6.0.2.5", ("1.1.1",)))
    c, s = pair(abstract_syntaxes=set(ANCHOR_SYNTAXES) | {"2.6.0.2.5"})
    (ind,) = connect(c, s, anchor_request(contexts=ctxs))
    got = [(r.identifier, r.result, r.provider_reason) for r in ind.contexts]
    assert got[5:] == [(11, 2, 1), (13, 2, 2)]
    s.send(PConnectResponse((PDV(1, AARE_OK),)))
    ac, (conf,) = deliver(s, c)
    assert H("3006800102820101") in ac and H("3006800102820102") in ac
    assert [r.accepted for r in conf.contexts] == [True] * 5 + [False, False]
    assert 11 not in c.defined_contexts and 13 not in c.defined_contexts
    # Sending on a rejected context is refused locally ...
    with pytest.raises(LocalProtocolError):
        c.send(PData.single(11, H("0500")))
    # ... and receiving on one is a provider abort.
    c.session.send(S.SData(encode_user_data((PDV(13, H("0500")),))))
    with pytest.raises(PresentationProtocolError) as info:
        deliver(c, s)
    assert info.value.abort_reason == 6


# -- catalogue items 39-41 and other faults from the peer -----------------------------


@pytest.mark.parametrize("cp,text", [
    (H("3105a003800101"), "without normal-mode parameters"),
    (H("3107a003800101a200"), "without a presentation context definition list"),
    (H("3109a003800101a202a400"), "without a presentation context definition list"),
    (b"", "without a CP-type"),
    (H("3003800101"), "does not decode"),
    (CP_ANCHOR[:-1], "does not decode"),
], ids=["no-normal-mode", "no-context-list", "empty-context-list", "empty",
        "not-a-set", "truncated"])
def test_item39_cp_without_what_it_needs_is_refused(stack_engine: Any, cp: bytes,
                                                    text: str) -> None:
    raw, s = raw_peer_cn(cp)
    with pytest.raises(MalformedPPDU, match=text):
        drain(s)
    assert s.state is PS.ERROR
    rf = cp_rejected_with(raw, s)
    alt, cpr = ber.decode(PA.CPRPPDU, rf.user_data)
    assert alt == "normal_mode_parameters" and "provider_reason" in cpr
    with pytest.raises(LocalProtocolError):
        s.next_event()


def test_item39_unreadable_user_data_gets_reason_6(stack_engine: Any) -> None:
    bad = encode_cp(ANCHOR_CONTEXTS, (PDV(1, H("0500")),)).replace(
        H("a0020500"), H("a0020501"))
    raw, s = raw_peer_cn(bad)
    with pytest.raises(MalformedPPDU):
        drain(s)
    assert cp_rejected_with(raw, s).user_data == H("30038a0106")


def test_item40_too_many_contexts_is_refused(stack_engine: Any) -> None:
    # As many contexts as fit a CN (10240 octets): ~600, far past the cap.
    ctxs = tuple(PresentationContext(2 * i + 1, "1.3.%d" % i) for i in range(580))
    raw, s = raw_peer_cn(encode_cp(ctxs))
    (ev,) = drain(s)
    assert isinstance(ev, PConnectRejected) and ev.local and ev.provider_reason == 2
    assert s.state is PS.CLOSED
    assert cp_rejected_with(raw, s).user_data == CPR_LIMIT


def test_item40_cap_is_configurable(stack_engine: Any) -> None:
    c, s = pair(max_contexts=4)
    (ev,) = connect(c, s)
    assert isinstance(ev, PConnectRejected) and "limit is 4" in ev.detail
    data, (rej,) = deliver(s, c)
    assert data == RF_LIMIT
    assert rej.provider_reason == 2 and not rej.local


@pytest.mark.parametrize("ids,text", [
    ((1, 4), "must be odd"), ((1, 3, 3), "proposed twice"), ((0, 1), "must be odd"),
    ((-1,), "must be odd")])
def test_item40_even_or_duplicate_context_ids_are_refused(stack_engine: Any, ids: Tuple[int, ...],
                                                          text: str) -> None:
    items = [{"presentation_context_identifier": i, "abstract_syntax_name": ACSE_AS,
              "transfer_syntax_name_list": [BER]} for i in ids]
    cp = ber.encode(PA.CPType, {"mode_selector": {"mode_value": 1},
                                "normal_mode_parameters": {
                                    "presentation_context_definition_list": items}})
    raw, s = raw_peer_cn(cp)
    with pytest.raises(MalformedPPDU, match=text):
        drain(s)
    assert cp_rejected_with(raw, s).user_data == H("30038a0100")


def test_initiator_context_ids_must_be_odd_locally() -> None:
    c, _ = pair()
    with pytest.raises(LocalProtocolError, match="odd"):
        c.send(anchor_request(contexts=(PresentationContext(2, ACSE_AS),),
                              user_data=()))
    with pytest.raises(LocalProtocolError, match="twice"):
        c.send(anchor_request(contexts=(PresentationContext(1, ACSE_AS),) * 2,
                              user_data=()))
    with pytest.raises(LocalProtocolError, match="not proposed"):
        c.send(anchor_request(user_data=(PDV(21, H("0500")),)))
    assert c.state is PS.IDLE and c.data_to_send() == b""


def test_x410_mode_is_refused_not_crashed(stack_engine: Any) -> None:
    # CP-type in X.410-1984 mode: an RTORQ with connectionDataRQ open NULL.
    raw, s = raw_peer_cn(H("310da003800100a106a304a0020500"))
    (ev,) = drain(s)
    assert isinstance(ev, PConnectRejected) and ev.local and "mode 0" in ev.detail
    assert cp_rejected_with(raw, s).user_data == H("30038a0100")


def test_other_protocol_versions_are_refused(stack_engine: Any) -> None:
    v = ber.decode(PA.CPType, encode_cp(ANCHOR_CONTEXTS))
    v["normal_mode_parameters"]["protocol_version"] = frozenset({3})
    raw, s = raw_peer_cn(ber.encode(PA.CPType, v))
    (ev,) = drain(s)
    assert isinstance(ev, PConnectRejected) and ev.local and ev.provider_reason == 4
    assert cp_rejected_with(raw, s).user_data == H("30038a0104")


def test_item41_data_on_an_unnegotiated_context_is_a_provider_abort(stack_engine: Any) -> None:
    c, s = opened()
    c.session.send(S.SData(encode_user_data((PDV(11, H("0500")),))))
    with pytest.raises(PresentationProtocolError, match="not in the defined context set") as info:
        deliver(c, s)
    assert (info.value.abort_reason, info.value.event_identifier) == (6, 7)
    assert s.state is PS.ERROR
    data, events = deliver(s, c)
    assert data == AB_ARP
    assert events == [PAbort(provider=True, abort_reason=6, event_identifier=7,
                             detail="presentation provider abort (ARP, reason 6)")]
    assert c.state is PS.CLOSED


@pytest.mark.parametrize("user_data,text", [
    (H("4003616263"), "simply-encoded"),
    (H("6100"), None),
    (H("0500"), "does not decode"),
    (H("6109300702010381020500"), None),
    (b"", "without user data"),
], ids=["simply-encoded", "empty-list", "not-user-data", "pcid-but-octets-ok", "empty"])
def test_bad_p_data_is_a_provider_abort(stack_engine: Any, user_data: bytes,
                                       text: Optional[str]) -> None:
    c, s = opened()
    c.session.send(S.SData(user_data))
    if user_data == H("6109300702010381020500"):
        # octet-aligned on an accepted context is legal
        assert deliver(c, s)[1] == [PData((PDV(3, H("0500"), "octet-aligned"),))]
        return
    with pytest.raises(PresentationProtocolError, match=text):
        deliver(c, s)
    assert s.session.state is S.SessionState.CLOSED
    assert isinstance(deliver(s, c)[1][0], PAbort)


def test_every_prefix_of_the_cp_through_the_machine(stack_engine: Any) -> None:
    for cut in range(0, len(CP_ANCHOR), 7):
        raw, s = raw_peer_cn(CP_ANCHOR[:cut])
        with pytest.raises(MalformedPPDU):
            drain(s)
        cp_rejected_with(raw, s)


def test_every_prefix_of_p_data_through_the_machine(stack_engine: Any) -> None:
    c, s = opened()
    for cut in range(len(USER_DATA_95)):
        c2, s2 = opened()
        c2.session.send(S.SData(USER_DATA_95[:cut]))
        with pytest.raises(PresentationProtocolError):
            deliver(c2, s2)
        assert isinstance(deliver(s2, c2)[1][0], PAbort)


def test_bad_cpa_is_a_provider_abort(stack_engine: Any) -> None:
    short = tuple(P.ContextResult(i, a, 0, BER) for i, a in [(1, ACSE_AS)])
    full = tuple(P.ContextResult(x.identifier, x.abstract_syntax, 0, BER)
                 for x in ANCHOR_CONTEXTS)
    other_ts = (P.ContextResult(1, ACSE_AS, 0, "1.1.1"),) + full[1:]
    for cpa, text, reason in [
            (encode_cpa(short), "answers 1 contexts, 5 were proposed", 6),
            (encode_cpa(other_ts), "was not offered", 6),
            (encode_cpa(full, (PDV(11, H("0500")),)), "not in the defined context set", 6),
            (H("3105a003800101"), "without normal-mode parameters", 6),
            (b"", "without a CPA-PPDU", 1),
            (CPA_ANCHOR[:-3], "does not decode", 1)]:
        c = PresentationConnection(Role.INITIATOR, local_ref=0x1234)
        raw = S.SessionConnection(Role.RESPONDER)
        c.send(anchor_request())
        deliver(c, raw)
        deliver(raw, c)
        deliver(c, raw)
        raw.send(S.SConnectResponse(cpa))
        c.receive_data(raw.data_to_send())
        with pytest.raises(PresentationProtocolError, match=text) as info:
            drain(c)
        assert c.state is PS.ERROR
        assert (info.value.abort_reason, info.value.event_identifier) == (reason, 1)
        # The peer gets an ARP with that reason, event cpa-PPDU.
        raw.receive_data(c.data_to_send())
        (ab,) = drain(raw)
        assert isinstance(ab, S.SAbort)
        assert ab.user_data == encode_arp(reason, 1)


def test_cpr_and_session_refusals_reach_the_initiator(stack_engine: Any) -> None:
    for reason, data, expect in [(2, CPR_LIMIT, 2), (0x81, b"", None)]:
        c = PresentationConnection(Role.INITIATOR)
        raw = S.SessionConnection(Role.RESPONDER)
        c.send(anchor_request())
        deliver(c, raw)
        deliver(raw, c)
        deliver(c, raw)
        raw.send(S.SRefuse(reason, data))
        (ev,) = deliver(raw, c)[1]
        assert isinstance(ev, PConnectRejected)
        assert ev.provider_reason == expect and ev.session_reason == reason
        assert c.state is PS.CLOSED


def test_lower_layer_errors_surface(stack_engine: Any) -> None:
    c, s = opened()
    s.receive_data(H("0300000902f080ff00"))      # DT with an unknown SI
    with pytest.raises(SessionProtocolError):
        drain(s)
    assert s.state is PS.ERROR
    with pytest.raises(LocalProtocolError):
        s.next_event()


def test_peer_closing_tcp_is_a_provider_abort(stack_engine: Any) -> None:
    c, s = opened()
    s.receive_data(b"")
    (ev,) = drain(s)
    assert isinstance(ev, PAbort) and ev.provider
    assert s.state is PS.CLOSED
    assert ev.as_error().provider


def test_local_misuse_changes_nothing(stack_engine: Any) -> None:
    c, s = pair()
    with pytest.raises(LocalProtocolError):
        c.send(PData.single(1, H("0500")))
    with pytest.raises(LocalProtocolError):
        s.send(anchor_request())
    connect(c, s)
    with pytest.raises(LocalProtocolError):
        s.send(PConnectResponse((PDV(99, H("0500")),)))
    assert s.state is PS.WAIT_CONNECT_RESPONSE
    with pytest.raises(ValueError):
        PDV(0, b"")
    with pytest.raises(ValueError):
        PData(())
    with pytest.raises(TypeError):
        PConnectRequest((ACSE_AS,))          # type: ignore[arg-type]


def test_byte_at_a_time_equals_all_at_once(stack_engine: Any) -> None:
    c, s = pair()
    c.send(anchor_request())
    cr = c.data_to_send()
    events: List[Any] = []
    for b in cr:
        s.receive_data(bytes((b,)))
        events += drain(s)
    cc = s.data_to_send()
    for b in cc:
        c.receive_data(bytes((b,)))
        drain(c)
    cn = c.data_to_send()
    assert cn == CN_ANCHOR
    for b in cn:
        s.receive_data(bytes((b,)))
        events += drain(s)
    assert len(events) == 1 and isinstance(events[0], PConnectIndication)


def test_tables_name_real_handlers() -> None:
    for handler, _ in P.SEND_TRANSITIONS.values():
        assert callable(getattr(PresentationConnection, handler))
    for handler, _ in P.RECEIVE_TRANSITIONS.values():
        assert callable(getattr(PresentationConnection, handler))


# -- tshark ---------------------------------------------------------------------------------

# Expert items Wireshark raises for reasons outside the bytes under test.
KNOWN_NOISE = ("Dissector for OID 2.6.0.2.1 not implemented",)


def _clean(verdict: Any) -> List[str]:
    return [p for p in verdict.problems
            if not any(n in p for n in KNOWN_NOISE) and "[Group:" not in p
            and "Expert Info" not in p]


def test_vectors_dissect_cleanly(tshark_check: Any) -> None:
    if not tshark_check.tshark_available():
        pytest.skip("tshark is not installed")
    opening = [("c", CR_ANCHOR), ("s", CC_5678), ("c", CN_ANCHOR), ("s", AC_ANCHOR)]
    v = tshark_check.check(opening + [("s", DATA_95), ("c", FN_96), ("s", DN_96)],
                           with_pres=True)
    assert not _clean(v), v.problems
    assert "P3  mts_bind_argument simple" in v.frames
    assert "P3  mts_bind_result MTA1 simple" in v.frames
    assert "ACSE  Release-Request (normal)" in v.frames
    v = tshark_check.check(opening[:3] + [("s", RF_CPR)], with_pres=True)
    assert v.ok, v.problems
    assert "P3  mts_bind_error" in v.frames
    v = tshark_check.check(opening + [("c", AB_ARU)], with_pres=True)
    assert v.ok, v.problems
    assert "ACSE  Abort (service-user)" in v.frames
    v = tshark_check.check(opening + [("s", AB_ARP)], with_pres=True)
    assert v.ok, v.problems
    assert any("invalid-ppdu-parameter-value" in f for f in v.frames)
    v = tshark_check.check(opening[:3] + [("s", RF_LIMIT)], with_pres=True)
    assert v.ok, v.problems
