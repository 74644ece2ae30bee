"""X.227 ACSE: APDU vectors and the association machine.

The anchor is the AARQ of osi-stack.md §9.3 (mts-access-88, user
information = one EXTERNAL on pcid 9 holding the P3 bind-invoke [16]),
reproduced byte for byte inside the CN by the machines.  The framed
vectors were produced by these machines and checked once with TShark
4.0.17 through ``tests/osi/tshark_check.py`` (presentation dissector on):
each dissected as its comment says, without expert warnings or errors;
``test_vectors_dissect_cleanly`` repeats that when tshark is installed.
"""
from __future__ import annotations

from typing import Any, Dict, List, Tuple

import pytest

from x400fast import ber
from x400fast.asn1 import acse as AA
from x400fast.errors import (ACSEProtocolError, AssociationRejected, DecodeError,
                             LocalProtocolError, MalformedAPDU, ProtocolError,
                             SessionProtocolError)
from x400fast.limits import DEFAULT_LIMITS
from x400fast.osi import acse as A
from x400fast.osi import presentation as P
from x400fast.osi import session as S
from x400fast.osi.acse import (
    AAbort, AAbortRequest, AAssociateConfirm, AAssociateIndication,
    AAssociateReject, AAssociateRejected, AAssociateRequest, AAssociateResponse,
    ACSEConnection, ACSEState, APPLICATION_CONTEXTS, AReleaseConfirm,
    AReleaseIndication, AReleaseRequest, AReleaseResponse, PresentationAddress,
    contexts_for, decode_apdu, encode_aare, encode_aarq, external)
from x400fast.osi.presentation import ACSE_AS, BER, NEED_DATA, PData, PDV, Role

H = bytes.fromhex
AS = ACSEState
MTS_ACCESS_88 = "2.6.0.1.0"

# -- vectors ----------------------------------------------------------------------

# osi-stack.md §9.3: the P3 bind as it rides: EXTERNAL { indirect-reference 9,
# single-ASN1-type [16] bind-invoke { MTSBindArgument } }.
BIND_INVOKE = H(
    "b04e314c603e302a61041302474262081306546573744144a20a130854657374"
    "50524d4483034f7267a607130553616c65733110300e800101a1091307503355"
    "73657231a20a16087033736563726574")
# AARQ of §9.3 (97 octets of content), exactly.
AARQ_ANCHOR = H("6061a106060456000100be572855020109a050") + BIND_INVOKE
# The whole CN of §9.3.  TShark: "P3 mts_bind_argument simple".
CN_ANCHOR = H(
    "030000e502f0800ddc050613010016010214020002c1ce"
    "3181cba003800101a281c3a455300f020101060452010001300406025101300f"
    "020103060456000201300406025101300f020105060456000202300406025101"
    "300f020107060456000206300406025101300f02010906045600020b30040602"
    "5101616a3068020101a063") + AARQ_ANCHOR
CR_ANCHOR = H("030000140fe00000123400c1020001c203353933")
CC_5678 = H("030000140fd01234567800c1020001c203353933")
# bind-result [17] MTSBindResult { responder-name mTA "MTA1", simple "p3secret" }.
BIND_RESULT = H("b114311280044d544131a20a16087033736563726574")
# AARE accepted / service-user null, user information on pcid 9.
AARE_OK = H("6133a106060456000100a203020100a305a103020100be1d281b020109a016") + BIND_RESULT
# AC + CPA carrying AARE_OK.  TShark: "P3 mts_bind_result MTA1 simple".
AC_OK = H(
    "0300008d02f0800e84050613010016010214020002c1763174a003800101a26d"
    "a52d300780010081025101300780010081025101300780010081025101300780"
    "010081025101300780010081025101613c303a020101a035") + AARE_OK
# AARE rejected-permanent, service-user no-reason-given, bind-error [18]
# authentication-error (INTEGER 2).
AARE_BIND_ERROR = H("6122a106060456000100a203020101a305a103020101be0c280a020109a005b203020102")
# RF + CPR carrying it.  TShark: "P3 mts_bind_error".
RF_BIND_ERROR = H(
    "0300006d02f0800c64110101325f02305ca52d30078001008102510130078001"
    "0081025101300780010081025101300780010081025101300780010081025101"
    "612b3029020101a024") + AARE_BIND_ERROR
# AARE rejected-permanent, service-user application-context-name-not-supported,
# answering an AARQ for the made-up context 1.3.6.1.4.1.9999.1.
AARE_AC_UNSUPPORTED = H("6118a10a06082b06010401ce0f01a203020101a305a103020102")
# Release: RLRQ / RLRE normal (osi-stack.md §5.1 and §9.6).
RLRQ = H("6203800100")
RLRE = H("6303800100")
RLRE_EMPTY = H("6300")
# ABRT, service-user and service-provider.
ABRT_USER = H("6403800100")
ABRT_PROVIDER = H("6403800101")
# AB + ARU + ABRT(user).  TShark: "ACSE Abort (service-user)".
AB_ABRT = H("0300001e02f0801915110103c110a00e610c300a020101a0056403800100")

APDU_VECTORS = [
    ("AARQ", AA.AARQ, AARQ_ANCHOR),
    ("AARE accepted", AA.AARE, AARE_OK),
    ("AARE bind error", AA.AARE, AARE_BIND_ERROR),
    ("AARE context", AA.AARE, AARE_AC_UNSUPPORTED),
    ("RLRQ", AA.RLRQ, RLRQ),
    ("RLRE", AA.RLRE, RLRE),
    ("RLRE empty", AA.RLRE, RLRE_EMPTY),
    ("ABRT user", AA.ABRT, ABRT_USER),
    ("ABRT provider", AA.ABRT, ABRT_PROVIDER),
]

P3 = APPLICATION_CONTEXTS[MTS_ACCESS_88]


# -- helpers ---------------------------------------------------------------------------


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


def bind_request(acn: str = MTS_ACCESS_88, **kw: Any) -> AAssociateRequest:
    args: Dict[str, Any] = dict(
        application_context=acn, contexts=contexts_for(P3.abstract_syntaxes),
        user_information=(external(9, BIND_INVOKE),),
        called=PresentationAddress(tsel=b"593"),
        calling=PresentationAddress(tsel=b"\x00\x01"))
    args.update(kw)
    return AAssociateRequest(**args)


def pair(**responder: Any) -> Tuple[ACSEConnection, ACSEConnection]:
    return (ACSEConnection(Role.INITIATOR, local_ref=0x1234),
            ACSEConnection(Role.RESPONDER, local_ref=0x5678, **responder))


def connect(c: Any, s: Any, request: Any = None) -> Tuple[bytes, List[Any]]:
    c.send(request or bind_request())
    deliver(c, s)
    deliver(s, c)
    return deliver(c, s)


def associated() -> Tuple[ACSEConnection, ACSEConnection]:
    c, s = pair()
    connect(c, s)
    s.send(AAssociateResponse((external(9, BIND_RESULT),)))
    deliver(s, c)
    assert c.state is AS.ASSOCIATED and s.state is AS.ASSOCIATED
    return c, s


def raw_presentation_peer(user_data: Tuple[PDV, ...]) -> Tuple[P.PresentationConnection,
                                                                ACSEConnection]:
    """A bare presentation initiator whose CP carries ``user_data``."""
    raw = P.PresentationConnection(Role.INITIATOR, local_ref=0x1234)
    s = ACSEConnection(Role.RESPONDER, local_ref=0x5678)
    raw.send(P.PConnectRequest(contexts_for(P3.abstract_syntaxes), user_data))
    deliver(raw, s)
    deliver(s, raw)
    s.receive_data(raw.data_to_send())
    return raw, s


def aarq_with_tail(tail: bytes) -> bytes:
    """An AARQ for mts-access-88 whose last octets are ``tail``."""
    body = H("a106060456000100") + tail
    return bytes((0x60, len(body))) + body


# -- APDU codec ----------------------------------------------------------------------------


@pytest.mark.parametrize("name,t,data", APDU_VECTORS, ids=[v[0] for v in APDU_VECTORS])
def test_apdu_vectors_round_trip(engine: Any, name: str, t: Any, data: bytes) -> None:
    value = engine.decode(t.node(), data, DEFAULT_LIMITS)
    assert engine.encode(t.node(), value) == data
    kind, again = engine.decode(AA.ACSEAPDU.node(), data, DEFAULT_LIMITS)
    assert again == value


def test_aarq_anchor_decodes_as_annotated(engine: Any) -> None:
    v = engine.decode(AA.AARQ.node(), AARQ_ANCHOR, DEFAULT_LIMITS)
    assert v == {"protocol_version": frozenset({"version1"}),   # the DEFAULT, filled in
                 "application_context_name": MTS_ACCESS_88,
                 "user_information": [{"indirect_reference": 9,
                                       "encoding": ("single_asn1_type", BIND_INVOKE)}]}


def test_aare_fields(engine: Any) -> None:
    v = engine.decode(AA.AARE.node(), AARE_BIND_ERROR, DEFAULT_LIMITS)
    assert v["result"] == AA.REJECTED_PERMANENT
    assert v["result_source_diagnostic"] == ("service_user", 1)
    assert v["user_information"][0]["encoding"] == ("single_asn1_type", H("b203020102"))
    v = engine.decode(AA.AARE.node(), AARE_AC_UNSUPPORTED, DEFAULT_LIMITS)
    assert v["result_source_diagnostic"] == ("service_user", 2)


def test_encoders(stack_engine: Any) -> None:
    assert encode_aarq(MTS_ACCESS_88, [external(9, BIND_INVOKE)]) == AARQ_ANCHOR
    assert encode_aare(MTS_ACCESS_88, 0, "service-user", 0,
                       [external(9, BIND_RESULT)]) == AARE_OK
    assert encode_aare(MTS_ACCESS_88, 1, "service-user", 1,
                       [external(9, H("b203020102"))]) == AARE_BIND_ERROR
    provider = encode_aare(MTS_ACCESS_88, 1, "service-provider", 2)
    assert provider.endswith(H("a305a203020102"))
    # direct-reference as ISODE sends it: 06 02 51 01 before the pcid.
    assert ber.encode(AA.AssociationData, [external(9, H("0500"), BER)]) == H(
        "300d280b06025101020109a0020500")


def test_titles_and_qualifiers(stack_engine: Any) -> None:
    aarq = encode_aarq(MTS_ACCESS_88, called_ap_title=("ap_title_form2", "1.3.9999.1"),
                       called_ae_qualifier=("aso_qualifier_form2", 7),
                       calling_ap_title=("ap_title_form1", ("rdn_sequence", [[
                           {"type": "2.5.4.3", "value": H("130141")}]])),
                       calling_ae_qualifier=("aso_qualifier_form3", "UA"))
    assert H("a20606042bce0f01") in aarq
    assert H("a303020107") in aarq
    assert H("a60e300c310a30080603550403130141") in aarq
    assert aarq.endswith(H("a70413025541"))
    kind, v = decode_apdu(aarq)
    assert v["calling_ae_qualifier"] == ("aso_qualifier_form3", "UA")


@pytest.mark.parametrize("tail", [H("a600"), H("a700"), H("be00"), H("be"), H("a6"),
                                  H("be022800"), H("be0428020201")])
def test_item42_aarq_ending_in_an_empty_field_is_a_decode_error(engine: Any,
                                                                monkeypatch: Any,
                                                                tail: bytes) -> None:
    monkeypatch.setattr(ber, "engine", engine)
    with pytest.raises(DecodeError):
        decode_apdu(aarq_with_tail(tail))


@pytest.mark.parametrize("tail", [H("a700"), H("be00"), H("a600")])
def test_item42_aare_ending_in_an_empty_field_is_a_decode_error(stack_engine: Any,
                                                                tail: bytes) -> None:
    body = AARE_OK[2:AARE_OK.index(H("be1d"))] + tail
    with pytest.raises(DecodeError):
        decode_apdu(bytes((0x61, len(body))) + body)


@pytest.mark.parametrize("name,t,data", APDU_VECTORS, ids=[v[0] for v in APDU_VECTORS])
def test_every_prefix_of_every_apdu_is_a_decode_error(engine: Any, name: str, t: Any,
                                                      data: bytes) -> None:
    for cut in range(len(data)):
        with pytest.raises(DecodeError):
            engine.decode(t.node(), data[:cut], DEFAULT_LIMITS)
        with pytest.raises(DecodeError):
            engine.decode(AA.ACSEAPDU.node(), data[:cut], DEFAULT_LIMITS)


# -- machines -----------------------------------------------------------------------------


def test_p3_bind_aarq_in_the_cp_is_byte_exact(stack_engine: Any) -> None:
    c, s = pair()
    c.send(bind_request())
    assert deliver(c, s)[0] == CR_ANCHOR
    assert deliver(s, c)[0] == CC_5678
    cn, (ind,) = deliver(c, s)
    assert cn == CN_ANCHOR
    assert isinstance(ind, AAssociateIndication)
    assert ind.application_context == MTS_ACCESS_88
    assert ind.user_information == ({"indirect_reference": 9,
                                     "encoding": ("single_asn1_type", BIND_INVOKE)},)
    assert ind.called == PresentationAddress(tsel=b"593")
    assert s.acse_context_id == 1 and s.state is AS.WAIT_ASSOCIATE_RESPONSE
    s.send(AAssociateResponse((external(9, BIND_RESULT),)))
    ac, (conf,) = deliver(s, c)
    assert ac == AC_OK
    assert isinstance(conf, AAssociateConfirm)
    assert conf.user_information[0]["encoding"] == ("single_asn1_type", BIND_RESULT)
    assert c.application_context == MTS_ACCESS_88
    assert c.defined_contexts == {1: ACSE_AS, 3: "2.6.0.2.1", 5: "2.6.0.2.2",
                                  7: "2.6.0.2.6", 9: "2.6.0.2.11"}


def test_data_and_release(stack_engine: Any) -> None:
    c, s = associated()
    c.send(PData.single(3, H("a10602010102010705")[:8]))
    assert deliver(c, s)[1] == [PData.single(3, H("a106020101020107"))]
    with pytest.raises(LocalProtocolError):
        c.send(PData.single(1, H("0500")))     # never on the ACSE context
    c.send(AReleaseRequest())
    fn, (ind,) = deliver(c, s)
    assert fn.endswith(RLRQ)
    assert ind == AReleaseIndication(0, ())
    s.send(AReleaseResponse())
    dn, (conf,) = deliver(s, c)
    assert dn.endswith(RLRE)
    assert conf == AReleaseConfirm(0, ())
    assert c.state is s.state is AS.CLOSED


def test_release_with_user_information_and_collision(stack_engine: Any) -> None:
    c, s = associated()
    ui = (external(9, H("b3020500")),)
    c.send(AReleaseRequest(0, ui))
    s.send(AReleaseRequest(1))
    (ind_s,) = deliver(c, s)[1]
    (ind_c,) = deliver(s, c)[1]
    assert ind_s.user_information == ui and ind_c.reason == 1
    assert c.state is s.state is AS.COLLISION
    c.send(AReleaseResponse())
    s.send(AReleaseResponse(1))
    assert isinstance(deliver(c, s)[1][0], AReleaseConfirm)
    assert deliver(s, c)[1][0] == AReleaseConfirm(1, ())


@pytest.mark.parametrize("aborter", ["initiator", "responder"])
def test_abort(stack_engine: Any, aborter: str) -> None:
    c, s = associated()
    a, b = (c, s) if aborter == "initiator" else (s, c)
    a.send(AAbortRequest())
    data, (ev,) = deliver(a, b)
    if aborter == "initiator":
        assert data == AB_ABRT
    assert isinstance(ev, AAbort)
    assert (ev.provider, ev.source) == (False, 0)
    assert not ev.as_error().provider
    assert a.state is b.state is AS.CLOSED


def test_abort_while_waiting_for_the_aare(stack_engine: Any) -> None:
    c, s = pair()
    connect(c, s)
    c.send(AAbortRequest())
    (ev,) = deliver(c, s)[1]
    assert isinstance(ev, AAbort) and ev.source == 0


def test_bind_error_travels_in_rf_cpr(stack_engine: Any) -> None:
    c, s = pair()
    connect(c, s)
    s.send(AAssociateReject(user_information=(external(9, H("b203020102")),)))
    data, (rej,) = deliver(s, c)
    assert data == RF_BIND_ERROR
    assert isinstance(rej, AAssociateRejected)
    assert (rej.result, rej.source, rej.diagnostic) == (1, "service-user", 1)
    assert rej.user_information[0]["encoding"] == ("single_asn1_type", H("b203020102"))
    err = rej.as_error(bind_error=2)
    assert isinstance(err, AssociationRejected) and err.bind_error == 2
    assert c.state is s.state is AS.CLOSED


def test_rejecting_aare_in_a_cpa_is_accepted_too(stack_engine: Any) -> None:
    c = ACSEConnection(Role.INITIATOR)
    raw = P.PresentationConnection(Role.RESPONDER)
    c.send(bind_request())
    deliver(c, raw)
    deliver(raw, c)
    deliver(c, raw)
    raw.send(P.PConnectResponse((PDV(1, AARE_BIND_ERROR),)))
    (rej,) = deliver(raw, c)[1]
    assert isinstance(rej, AAssociateRejected) and rej.result == 1
    assert "presentation accept" in rej.detail
    assert c.state is AS.CLOSED
    # ... and the presentation connection that did open is aborted.
    assert isinstance(deliver(c, raw)[1][0], P.PAbort)


def test_item43_unsupported_application_context_is_rejected(stack_engine: Any) -> None:
    c, s = pair()
    request = bind_request("1.3.6.1.4.1.9999.1", user_information=())
    _, (local,) = connect(c, s, request)
    assert isinstance(local, AAssociateRejected) and local.local
    assert (local.source, local.diagnostic) == ("service-user", 2)
    data, (rej,) = deliver(s, c)
    assert data.endswith(AARE_AC_UNSUPPORTED)
    assert (rej.result, rej.source, rej.diagnostic) == (1, "service-user", 2)
    assert c.state is s.state is AS.CLOSED


def test_reliable_contexts_are_not_accepted_by_default(stack_engine: Any) -> None:
    c, s = pair()
    _, (local,) = connect(c, s, bind_request("2.6.0.1.2"))
    assert isinstance(local, AAssociateRejected) and local.diagnostic == 2
    c, s = pair(application_contexts=["2.6.0.1.2"])
    _, (ind,) = connect(c, s, bind_request("2.6.0.1.2"))
    assert isinstance(ind, AAssociateIndication)


def test_no_common_acse_version_is_rejected(stack_engine: Any) -> None:
    aarq = ber.encode(AA.AARQ, {"protocol_version": frozenset({1}),
                                "application_context_name": MTS_ACCESS_88})
    raw, s = raw_presentation_peer((PDV(1, aarq),))
    (local,) = drain(s)
    assert (local.source, local.diagnostic) == ("service-provider", 2)
    raw.receive_data(s.data_to_send())
    (rej,) = drain(raw)
    assert isinstance(rej, P.PConnectRejected)
    v = ber.decode(AA.AARE, rej.user_data[0].value)
    assert v["result_source_diagnostic"] == ("service_provider", 2)


@pytest.mark.parametrize("tail", [H("a600"), H("a700"), H("be00")])
def test_item42_through_the_machine(stack_engine: Any, tail: bytes) -> None:
    raw, s = raw_presentation_peer((PDV(1, aarq_with_tail(tail)),))
    with pytest.raises(MalformedAPDU):
        drain(s)
    assert s.state is AS.ERROR
    raw.receive_data(s.data_to_send())
    (rej,) = drain(raw)
    assert isinstance(rej, P.PConnectRejected) and rej.provider_reason == 6


@pytest.mark.parametrize("user_data,error,text", [
    ((), ACSEProtocolError, "no AARQ"),
    ((PDV(3, AARQ_ANCHOR),), ACSEProtocolError, "not on the ACSE context"),
    ((PDV(1, RLRQ),), ACSEProtocolError, "RLRQ where an AARQ belongs"),
    ((PDV(1, AARQ_ANCHOR), PDV(3, H("0500"))), ACSEProtocolError, "2 presentation data"),
    ((PDV(1, H("6003800100")),), MalformedAPDU, "does not decode"),
    ((PDV(1, H("0500")),), MalformedAPDU, "does not decode"),
], ids=["item39-empty", "wrong-context", "wrong-apdu", "two-pdvs", "no-context-name",
        "not-acse"])
def test_bad_aarq_is_refused_cleanly(stack_engine: Any, user_data: Tuple[PDV, ...],
                                     error: type, text: str) -> None:
    raw, s = raw_presentation_peer(user_data)
    with pytest.raises(error, match=text):
        drain(s)
    raw.receive_data(s.data_to_send())
    (rej,) = drain(raw)
    assert isinstance(rej, P.PConnectRejected)


def tlv(tag: int, content: bytes) -> bytes:
    n = len(content)
    if n < 0x80:
        return bytes((tag, n)) + content
    b = n.to_bytes((n.bit_length() + 7) // 8, "big")
    return bytes((tag, 0x80 | len(b))) + b + content


def user_data_raw(value: bytes) -> bytes:
    """A User-data whose one PDV (pcid 1) holds ``value``, however broken."""
    return tlv(0x61, tlv(0x30, H("020101") + tlv(0xA0, value)))


def cp_raw(value: bytes) -> bytes:
    contexts = P.encode_cp(contexts_for(P3.abstract_syntaxes))[9:]   # the A4 list
    return tlv(0x31, H("a003800101") + tlv(0xA2, contexts + user_data_raw(value)))


def test_cp_raw_helper_matches_the_anchor() -> None:
    assert cp_raw(AARQ_ANCHOR) == CN_ANCHOR[23:]


def test_every_prefix_of_the_aarq_through_the_machine(stack_engine: Any) -> None:
    for cut in range(len(AARQ_ANCHOR)):
        # The cut AARQ as it stands: not one TLV, so presentation refuses.
        raw = S.SessionConnection(Role.INITIATOR)
        s = ACSEConnection(Role.RESPONDER)
        raw.send(S.SConnectRequest(cp_raw(AARQ_ANCHOR[:cut])))
        deliver(raw, s)
        deliver(s, raw)
        s.receive_data(raw.data_to_send())
        with pytest.raises(ProtocolError):
            drain(s)
        # The cut content rewrapped as a TLV: ACSE decodes it or refuses it.
        raw, s = raw_presentation_peer((PDV(1, tlv(0x60, AARQ_ANCHOR[2:cut])),))
        try:
            events = drain(s)
        except ProtocolError:
            assert s.state is AS.ERROR
        else:
            assert len(events) == 1


def with_raw_responder(reply: Any) -> Tuple[ACSEConnection, P.PresentationConnection]:
    c = ACSEConnection(Role.INITIATOR)
    raw = P.PresentationConnection(Role.RESPONDER)
    c.send(bind_request())
    deliver(c, raw)
    deliver(raw, c)
    deliver(c, raw)
    raw.send(reply)
    c.receive_data(raw.data_to_send())
    return c, raw


@pytest.mark.parametrize("user_data,error,text", [
    ((), ACSEProtocolError, "no AARE"),
    ((PDV(1, AARQ_ANCHOR),), ACSEProtocolError, "AARQ where an AARE belongs"),
    ((PDV(1, H("6100")),), MalformedAPDU, "does not decode"),
    ((PDV(3, AARE_OK),), ACSEProtocolError, "not on the ACSE context"),
], ids=["empty", "aarq", "no-fields", "wrong-context"])
def test_bad_aare_aborts(stack_engine: Any, user_data: Tuple[PDV, ...], error: type,
                         text: str) -> None:
    c, raw = with_raw_responder(P.PConnectResponse(user_data))
    with pytest.raises(error, match=text):
        drain(c)
    assert c.state is AS.ERROR
    (ab,) = deliver(c, raw)[1]
    assert isinstance(ab, P.PAbort) and not ab.provider
    assert ab.user_data == (PDV(1, ABRT_PROVIDER),)


def test_every_prefix_of_the_aare_through_the_machine(stack_engine: Any) -> None:
    results = tuple(P.ContextResult(c.identifier, c.abstract_syntax, 0, BER)
                    for c in contexts_for(P3.abstract_syntaxes))
    head = P.encode_cpa(results)
    for cut in range(len(AARE_OK)):
        c = ACSEConnection(Role.INITIATOR)
        raw = S.SessionConnection(Role.RESPONDER)
        c.send(bind_request())
        deliver(c, raw)
        deliver(raw, c)
        deliver(c, raw)
        # CPA with the result list, then a User-data holding the cut AARE.
        cpa = tlv(0x31, H("a003800101") + tlv(0xA2, head[9:] + user_data_raw(
            AARE_OK[:cut])))
        raw.send(S.SConnectResponse(cpa))
        c.receive_data(raw.data_to_send())
        with pytest.raises(ProtocolError):
            drain(c)
        assert c.state is AS.ERROR


def test_item45_data_before_the_aare_is_a_protocol_error(stack_engine: Any) -> None:
    c = ACSEConnection(Role.INITIATOR)
    raw = S.SessionConnection(Role.RESPONDER)
    c.send(bind_request())
    deliver(c, raw)
    deliver(raw, c)
    deliver(c, raw)
    # The responder's session "sends" a P-DATA while the AC is still owed:
    # GT + DT + User-data, as bytes on the wire.
    c.receive_data(H("0300001602f0800100010061093007020103a0020500"))
    with pytest.raises(SessionProtocolError):
        drain(c)
    assert c.state is AS.ERROR
    assert c.data_to_send()          # the session's AB goes out


def test_data_on_the_acse_context_aborts(stack_engine: Any) -> None:
    c, s = associated()
    c.presentation.send(PData.single(1, RLRQ))
    with pytest.raises(ACSEProtocolError, match="ACSE presentation context"):
        deliver(c, s)
    (ab,) = deliver(s, c)[1]
    assert isinstance(ab, AAbort) and ab.source == 1 and ab.provider


def test_release_with_the_wrong_apdu_aborts(stack_engine: Any) -> None:
    c, s = associated()
    c.presentation.send(P.PReleaseRequest((PDV(1, ABRT_USER),)))
    with pytest.raises(ACSEProtocolError, match="ABRT where an RLRQ belongs"):
        deliver(c, s)
    c, s = associated()
    c.presentation.send(P.PReleaseRequest())
    with pytest.raises(ACSEProtocolError, match="without an RLRQ"):
        deliver(c, s)


def test_unusable_abrt_is_still_an_abort(stack_engine: Any) -> None:
    c, s = associated()
    c.presentation.send(P.PAbortRequest((PDV(1, H("0500")),)))
    (ab,) = deliver(c, s)[1]
    assert isinstance(ab, AAbort) and "unusable" in ab.detail
    assert s.state is AS.CLOSED


def test_presentation_and_session_refusals(stack_engine: Any) -> None:
    c, _ = with_raw_responder(P.PConnectReject(provider_reason=3))
    (rej,) = drain(c)
    assert (rej.source, rej.diagnostic) == ("presentation", 3)
    c = ACSEConnection(Role.INITIATOR)
    raw = S.SessionConnection(Role.RESPONDER)
    c.send(bind_request())
    deliver(c, raw)
    deliver(raw, c)
    deliver(c, raw)
    raw.send(S.SRefuse(0x81))
    (rej,) = deliver(raw, c)[1]
    assert (rej.source, rej.diagnostic) == ("session", 0x81)
    assert rej.as_error().source == "session"


def test_peer_closing_tcp(stack_engine: Any) -> None:
    c, s = associated()
    c.receive_data(b"")
    (ab,) = drain(c)
    assert isinstance(ab, AAbort) and ab.provider
    assert c.state is AS.CLOSED


def test_local_misuse(stack_engine: Any) -> None:
    c, s = pair()
    with pytest.raises(LocalProtocolError):
        s.send(bind_request())
    with pytest.raises(LocalProtocolError, match="ACSE abstract syntax"):
        c.send(bind_request(contexts=contexts_for(P3.abstract_syntaxes)[1:]))
    with pytest.raises(LocalProtocolError, match="names no proposed context"):
        c.send(bind_request(user_information=(external(21, BIND_INVOKE),)))
    with pytest.raises(LocalProtocolError):
        c.send(AReleaseRequest())
    assert c.state is AS.IDLE and c.data_to_send() == b""
    with pytest.raises(ValueError):
        AAssociateReject(result=0)
    with pytest.raises(ValueError):
        contexts_for([ACSE_AS])


def test_tables_name_real_handlers() -> None:
    for handler, _ in A.SEND_TRANSITIONS.values():
        assert callable(getattr(ACSEConnection, handler))
    for handler, _ in A.RECEIVE_TRANSITIONS.values():
        assert callable(getattr(ACSEConnection, handler))
    assert all(not ac.reliable for oid, ac in APPLICATION_CONTEXTS.items()
               if oid in A.DEFAULT_APPLICATION_CONTEXTS)
    assert len(A.DEFAULT_APPLICATION_CONTEXTS) == 6


# -- tshark ---------------------------------------------------------------------------------


def test_vectors_dissect_cleanly(tshark_check: Any) -> None:
    if not tshark_check.tshark_available():
        pytest.skip("tshark is not installed")
    opening = [("c", CR_ANCHOR), ("s", CC_5678), ("c", CN_ANCHOR)]
    v = tshark_check.check(opening + [("s", AC_OK), ("c", AB_ABRT)], with_pres=True)
    assert v.ok, v.problems
    assert v.frames[2:] == ["P3  mts_bind_argument simple",
                            "P3  mts_bind_result MTA1 simple",
                            "ACSE  Abort (service-user)"]
    v = tshark_check.check(opening + [("s", RF_BIND_ERROR)], with_pres=True)
    assert v.ok, v.problems
    assert v.frames[-1] == "P3  mts_bind_error"
