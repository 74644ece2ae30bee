"""X.225 session (kernel + duplex, version 2): SPDU codec and machine.

The framed vectors below (TPKT + DT + SPDU) were each checked once with
TShark 4.0.17 through ``tests/osi/tshark_check.py`` with the presentation
dissector disabled: every one dissected as the SES SPDU named in its
comment, parameters as described, no expert warning or error.
``test_vectors_dissect_cleanly`` repeats that when tshark is installed; the
§9 vectors of osi-stack.md were also checked there with presentation on.
"""
from __future__ import annotations

from typing import Any, List, Tuple

import pytest

from x400fast import _framing_pure
from x400fast.errors import (LocalProtocolError, MalformedSPDU,
                             SessionAborted, SessionProtocolError,
                             SessionRefused, TransportProtocolError)
from x400fast.osi import session as S
from x400fast.osi import transport as T
from x400fast.osi.session import (NEED_DATA, Role, SAbort, SConnectConfirm,
                                  SConnectIndication, SConnectRequest,
                                  SConnectResponse, SData, SessionConnection,
                                  SessionState, SRefuse, SReleaseConfirm,
                                  SReleaseIndication, SReleaseRequest,
                                  SReleaseResponse)

H = bytes.fromhex
St = SessionState

# The CP-type PPDU of osi-stack.md §9.3 (P3 bind, 203 octets of content).
CP_TYPE = H(
    "3181cba003800101a281c3a455300f020101060452010001300406025101300f"
    "020103060456000201300406025101300f020105060456000202300406025101"
    "300f020107060456000206300406025101300f02010906045600020b30040602"
    "5101616a3068020101a0636061a106060456000100be572855020109a050b04e"
    "314c603e302a61041302474262081306546573744144a20a1308546573745052"
    "4d4483034f7267a607130553616c65733110300e800101a10913075033557365"
    "7231a20a16087033736563726574")
# §9.3 as a whole: TPKT, DT, CN (LI 220, version 2, duplex, PGI 193 of 206).
# TShark (presentation on): "P3 mts_bind_argument"; off: "SES CONNECT (CN)".
CN_REF = H("030000e502f0800ddc050613010016010214020002c1ce") + CP_TYPE

# A 14-octet user data used by several vectors (the P-RELEASE user data of §9.6).
UD = H("610c300a020101a0056203800100")
UD_RLRE = H("610c300a020101a0056303800100")

# CN with calling SSEL 00 01 and called SSEL "SS".  TShark: "Calling Session
# Selector: 0001", "Called Session Selector: 5353", "Protocol Version 2".
CN_SEL = H("0300002d02f0800d240506130100160102140200023302000134025353c10e") + UD
# AC with responding SSEL "SS".  TShark: "SES ACCEPT (AC) SPDU".
AC_SEL = H("0300002902f0800e2005061301001601021402000234025353c10e") + UD
# RF reason 2 with a 5-octet CPR-PPDU.  TShark: "Reason Code: Rejection by
# called SS-user. (2)".
RF_USER = H("0300001402f0800c0b1101013206023003800100")
# RF reason 0x84 with Version Number 2.  TShark: "Reason Code: Proposed
# protocol versions not supported (132)".
RF_VERSION = H("0300001202f0800c09110101160102320184")
# GT + DT + PPDU.  TShark: "Give tokens PDU (1)", "DATA TRANSFER (DT) SPDU".
DATA = H("0300001902f08001000100") + UD
# §9.6 FN and DN, byte for byte.  TShark: "SES FINISH (FN)", "SES DISCONNECT (DN)".
FN_REF = H("0300001c02f0800913110101c10e") + UD
DN_REF = H("0300001902f0800a10c10e") + UD_RLRE
# AB, user abort + release (TD 03), 6-octet ARU.  TShark: "SES ABORT (AB)".
AB_USER = H("0300001402f080190b110103c106a00330018000")
# AB from the provider: TD 05 (released, protocol error), no user data.
AB_PROVIDER = H("0300000c02f0801903110105")
# AA.  TShark: "SES ABORT ACCEPT (AA) SPDU".
AA = H("0300000902f0801a00")
# NF with user data.  TShark: "SES NOT FINISHED (NF) SPDU".
NF = H("0300001902f0800810c10e") + UD


def dt(tsdu: bytes) -> bytes:
    return _framing_pure.encode_dt(tsdu)


def tsdu_of(framed: bytes) -> bytes:
    return framed[7:]


def events(conn: SessionConnection) -> List[Any]:
    out: List[Any] = []
    while True:
        ev = conn.next_event()
        if ev is NEED_DATA:
            return out
        out.append(ev)


def connected(pump: Any, request: SConnectRequest = SConnectRequest(b"cp"),
              response: SConnectResponse = SConnectResponse(b"cpa"),
              **kw: Any) -> Tuple[SessionConnection, SessionConnection]:
    i = SessionConnection(Role.INITIATOR, local_ref=0x1234, **kw)
    r = SessionConnection(Role.RESPONDER, local_ref=0x5678)
    i.send(request)
    evs = pump(i, r)
    assert [type(e) for _, e in evs] == [SConnectIndication]
    r.send(response)
    evs = pump(i, r)
    assert [type(e) for _, e in evs] == [SConnectConfirm]
    assert i.state is St.OPEN and r.state is St.OPEN
    return i, r


def waiting_responder() -> SessionConnection:
    """A responder whose transport is open and which waits for CN."""
    r = SessionConnection(Role.RESPONDER, local_ref=0x5678)
    r.receive_data(T.frame(T.encode_cr(0x1234)))
    assert r.next_event() is NEED_DATA
    assert r.state is St.WAIT_CN
    r.data_to_send()
    return r


def waiting_initiator() -> SessionConnection:
    """An initiator that has sent CN and waits for AC."""
    i = SessionConnection(Role.INITIATOR, local_ref=0x1234)
    i.send(SConnectRequest(b"cp"))
    i.receive_data(T.frame(T.encode_cc(0x1234, 0x5678)))
    assert i.next_event() is NEED_DATA
    assert i.state is St.WAIT_AC
    i.data_to_send()
    return i


def open_responder(pump: Any) -> SessionConnection:
    _, r = connected(pump)
    return r


# ---------------------------------------------------------------------------
# Codec: every SPDU type


def test_cn_reference_vector() -> None:
    assert len(CP_TYPE) == 206 and len(CN_REF) == 229
    assert dt(S.encode_cn(CP_TYPE)) == CN_REF
    (cn,) = S.parse_tsdu(tsdu_of(CN_REF))
    assert cn.name == "CN"
    assert cn.params[S.PI_VERSION] == b"\x02"
    assert cn.params[S.PI_PROTOCOL_OPTIONS] == b"\x00"
    assert cn.params[S.PI_USER_REQUIREMENTS] == b"\x00\x02"
    assert cn.user_data() == CP_TYPE


def test_cn_with_selectors() -> None:
    assert dt(S.encode_cn(UD, calling_ssel=b"\x00\x01", called_ssel=b"SS")) == CN_SEL
    (cn,) = S.parse_tsdu(tsdu_of(CN_SEL))
    assert cn.params[S.PI_CALLING_SSEL] == b"\x00\x01"
    assert cn.params[S.PI_CALLED_SSEL] == b"SS"


def test_cn_long_form_lengths() -> None:
    # osi-stack.md §9.3: 495 octets of user data give "0D FF 01 FF ... C1 FF
    # 01 EF" (TShark: CN, "[Length: 495]").
    ud = b"\x30\x82\x01\xeb\x04\x82\x01\xe7" + b"A" * 487
    cn = S.encode_cn(ud)
    assert cn[:4] == H("0dff01ff") and cn[4:16] == H("050613010016010214020002")
    assert cn[16:20] == H("c1ff01ef") and cn[20:] == ud
    assert S.parse_tsdu(cn)[0].user_data() == ud


def test_cn_extended_user_data() -> None:
    # 600 octets: PGI 194 (C2), version 2 only (TShark: CN, "[Length: 600]").
    ud = b"B" * 600
    cn = S.encode_cn(ud)
    assert cn[:4] == H("0dff0268") and cn[16:20] == H("c2ff0258")
    (parsed,) = S.parse_tsdu(cn)
    assert S.PGI_EXTENDED_USER_DATA in parsed.params
    assert parsed.user_data() == ud
    assert S.encode_cn(b"C" * 512)[16:18] == H("c1ff")[:1] + b"\xff"
    assert S.encode_cn(b"C" * 513)[16:17] == b"\xc2"
    assert S.encode_cn(b"C" * 10240)[16:17] == b"\xc2"
    with pytest.raises(LocalProtocolError, match="Data Overflow"):
        S.encode_cn(b"C" * 10241)


def test_ac_vector() -> None:
    assert dt(S.encode_ac(UD, responding_ssel=b"SS")) == AC_SEL
    (ac,) = S.parse_tsdu(tsdu_of(AC_SEL))
    assert ac.name == "AC" and ac.params[S.PI_CALLED_SSEL] == b"SS"
    assert ac.user_data() == UD
    # §9.4 header: AC LI 0xA5, PGI 5, PI 20, then C1 97.
    assert S.encode_ac(b"\x31" + bytes(150))[:16] == H("0ea5050613010016010214020002c197")


def test_rf_vectors() -> None:
    assert dt(S.encode_rf(0x02, H("3003800100"))) == RF_USER
    assert dt(S.encode_rf(0x84, version=0x02)) == RF_VERSION
    (rf,) = S.parse_tsdu(tsdu_of(RF_USER))
    assert rf.params[S.PI_REASON] == H("023003800100")
    assert rf.params[S.PI_TRANSPORT_DISCONNECT] == b"\x01"


def test_data_vector() -> None:
    assert dt(S.encode_data(UD)) == DATA
    gt, dtspdu = S.parse_tsdu(tsdu_of(DATA))
    assert (gt.name, dtspdu.name) == ("GT", "DT")
    assert dtspdu.user_information == UD


def test_release_vectors() -> None:
    assert dt(S.encode_fn(UD)) == FN_REF
    assert dt(S.encode_dn(UD_RLRE)) == DN_REF
    (fn,) = S.parse_tsdu(tsdu_of(FN_REF))
    assert fn.params[S.PI_TRANSPORT_DISCONNECT] == b"\x01" and fn.user_data() == UD
    assert S.parse_tsdu(tsdu_of(DN_REF))[0].user_data() == UD_RLRE
    assert S.encode_dn() == b"\x0a\x00"
    assert S.encode_fn() == b"\x09\x03\x11\x01\x01"


def test_abort_vectors() -> None:
    assert dt(S.encode_ab(H("a00330018000"))) == AB_USER
    assert dt(S.encode_ab(transport_disconnect=0x05)) == AB_PROVIDER
    assert dt(S.encode_aa()) == AA
    assert dt(S.encode_nf(UD)) == NF
    assert S.parse_tsdu(S.encode_aa())[0].name == "AA"
    assert S.parse_tsdu(tsdu_of(NF))[0].name == "NF"


def test_unknown_parameter_is_skipped() -> None:
    # Catalogue item 38, second half: an unknown PI inside a known SPDU.
    cn = S.encode_cn(UD)
    body = cn[2:] + b"\x99\x03abc" + b"\x90\xff\x01\x00" + bytes(256)
    patched = b"\x0d" + S._li(len(body)) + body
    (parsed,) = S.parse_tsdu(patched)
    assert 0x99 not in parsed.params and parsed.user_data() == UD


# ---------------------------------------------------------------------------
# Codec: malformed SPDUs (catalogue 35-38 and the ISODE checks)


@pytest.mark.parametrize("tsdu, error, text", [
    # 35: the FF escape used for a value below 255, at SPDU and PI level.
    (H("0dff0010") + bytes(16), MalformedSPDU, "FF escape"),
    (H("0906c1ff000300aa"), MalformedSPDU, "FF escape"),
    (H("0dff00"), MalformedSPDU, "escape cut short"),
    # 36: SPDU LI larger than the TSDU; PI longer than its PGI.
    (H("0d20050613010016"), MalformedSPDU, "exceeds the 6 octets left"),
    (H("0d080505130100160102"), MalformedSPDU, "runs past the end of PGI 5"),
    (H("0d0414050000"), MalformedSPDU, "runs past the end of the CN SPDU"),
    (H("0a03c1"), MalformedSPDU, "exceeds"),
    (H("0a01c1"), MalformedSPDU, "length missing"),
    # 38: unknown SI.
    (H("0300"), MalformedSPDU, "unknown SPDU identifier 3"),
    (H("6103020101"), MalformedSPDU, "unknown SPDU identifier 97"),
    # Known SPDUs needing functional units we do not negotiate.
    (H("0500"), SessionProtocolError, "EX SPDU needs a functional unit"),
    (H("1500"), SessionProtocolError, "GTC SPDU"),
    (H("0000"), SessionProtocolError, "ER SPDU"),
    # Concatenation rules.
    (H("01000d00"), SessionProtocolError, "CN after GT"),
    (H("01006100"), MalformedSPDU, "unknown SPDU identifier 97"),
    (H("1a0001"), MalformedSPDU, "1 octets follow a AA SPDU"),
    (b"", MalformedSPDU, "empty TSDU"),
    # Parameter rules.
    (H("0d033201aa"), MalformedSPDU, "parameter 50 is not permitted in CN"),
    (H("0906110101110101"), MalformedSPDU, "appears twice"),
    (H("090411020101"), MalformedSPDU, "length 2, must be 1"),
    (H("0d051403000200"), MalformedSPDU, "length 3, must be 2"),
    (H("0d13331100") + bytes(16), MalformedSPDU, "at most 16"),
    (H("0d0705050103090100"), MalformedSPDU, "PGI 1 nested inside PGI 5"),
    (H("0d0305011400"), MalformedSPDU, "parameter 20 length missing"),
    (H("0d050503090100"), MalformedSPDU, "does not belong in PGI 5"),
    (H("0d03130100"), MalformedSPDU, "belongs inside PGI 5"),
    (H("0d030b0100"), MalformedSPDU, "belongs inside PGI 1"),
    (H("0d020101"), MalformedSPDU, "parameter 1 of 1 octets runs past the end of the CN"),
])
def test_malformed_spdus(tsdu: bytes, error: type, text: str) -> None:
    with pytest.raises(error, match=text) as info:
        S.parse_tsdu(tsdu)
    assert isinstance(info.value, SessionProtocolError)
    if error is MalformedSPDU:
        assert isinstance(info.value, ValueError)


def test_every_prefix_of_every_spdu_is_rejected_cleanly() -> None:
    # Session PDUs arrive whole (in one TSDU), so a cut SPDU is malformed:
    # each proper prefix must raise the session's own error, never
    # IndexError or similar.
    for framed in (CN_REF, CN_SEL, AC_SEL, RF_USER, RF_VERSION, DATA, FN_REF,
                   DN_REF, AB_USER, AB_PROVIDER, NF):
        tsdu = tsdu_of(framed)
        for cut in range(len(tsdu)):
            try:
                S.parse_tsdu(tsdu[:cut])
            except SessionProtocolError:
                pass


# ---------------------------------------------------------------------------
# Wiring: initiator <-> responder in memory


def test_connect_data_release(pump: Any) -> None:
    i = SessionConnection(Role.INITIATOR, local_ref=0x1234)
    r = SessionConnection(Role.RESPONDER, local_ref=0x5678)
    i.send(SConnectRequest(CP_TYPE, called_tsel=b"593", calling_tsel=b"\x00\x01"))
    assert i.state is St.WAIT_T_CONNECT
    cr = i.data_to_send()
    assert cr == H("030000140fe00000123400c1020001c203353933")   # §9.1
    r.receive_data(cr)
    assert r.next_event() is NEED_DATA and r.state is St.WAIT_CN
    cc = r.data_to_send()
    assert cc == H("030000140fd01234567800c1020001c203353933")   # §9.2
    i.receive_data(cc)
    assert i.next_event() is NEED_DATA and i.state is St.WAIT_AC
    cn = i.data_to_send()
    assert cn == CN_REF                                             # §9.3
    r.receive_data(cn)
    ind = r.next_event()
    assert ind == SConnectIndication(
        user_data=CP_TYPE, calling_ssel=b"", called_ssel=b"", calling_tsel=b"\x00\x01",
        called_tsel=b"593", version=2, requirements=2, tpdu_size=65531)
    r.send(SConnectResponse(b"\x31" + bytes(150)))
    ac = r.data_to_send()
    assert ac[7:23] == H("0ea5050613010016010214020002c197")      # §9.4 header
    i.receive_data(ac)
    conf = i.next_event()
    assert conf == SConnectConfirm(user_data=b"\x31" + bytes(150), responding_ssel=b"",
                                   version=2, requirements=2, tpdu_size=65531)
    assert i.version == r.version == 2 and i.requirements == r.requirements == 2

    i.send(SData(UD))
    assert i.data_to_send() == DATA
    r.receive_data(DATA)
    assert r.next_event() == SData(UD)
    big = bytes(range(256)) * 700
    r.send(SData(big))
    i.send(SData(b"x"))
    evs = pump(i, r)
    assert evs == [("responder", SData(b"x")), ("initiator", SData(big))]

    i.send(SReleaseRequest(UD))
    assert i.state is St.WAIT_DN
    fn = i.data_to_send()
    assert fn == FN_REF                                             # §9.6
    r.receive_data(fn)
    assert r.next_event() == SReleaseIndication(UD, 1)
    assert r.state is St.WAIT_RELEASE_RESPONSE
    r.send(SReleaseResponse(UD_RLRE))
    dn = r.data_to_send()
    assert dn == DN_REF                                             # §9.6
    assert r.state is St.CLOSED
    i.receive_data(dn)
    assert i.next_event() == SReleaseConfirm(UD_RLRE)
    assert i.state is St.CLOSED and i.transport.state is T.State.CLOSED
    # The initiator closes TCP; the responder sees the end and stays quiet.
    r.receive_data(b"")
    assert r.next_event() is NEED_DATA


def test_selectors_are_carried(pump: Any) -> None:
    i = SessionConnection(Role.INITIATOR)
    r = SessionConnection(Role.RESPONDER)
    i.send(SConnectRequest(b"cp", called_ssel=b"SS", calling_ssel=b"\x00\x01",
                           called_tsel=b"T1"))
    (_, ind), = pump(i, r)
    assert (ind.calling_ssel, ind.called_ssel, ind.called_tsel) == (b"\x00\x01", b"SS", b"T1")
    r.send(SConnectResponse(b"cpa"))
    (_, conf), = pump(i, r)
    assert conf.responding_ssel == b"SS"                # echoed by default
    i2 = SessionConnection(Role.INITIATOR)
    r2 = SessionConnection(Role.RESPONDER)
    i2.send(SConnectRequest(b"cp", called_ssel=b"SS"))
    pump(i2, r2)
    r2.send(SConnectResponse(b"cpa", responding_ssel=b"R"))
    (_, conf2), = pump(i2, r2)
    assert conf2.responding_ssel == b"R"


def test_large_cn_user_data_end_to_end(pump: Any) -> None:
    i = SessionConnection(Role.INITIATOR, tpdu_size=512)
    r = SessionConnection(Role.RESPONDER)
    ud = bytes(range(256)) * 40                               # 10240 octets
    i.send(SConnectRequest(ud))
    (_, ind), = pump(i, r)
    assert ind.user_data == ud and ind.tpdu_size == 512


def test_refuse(pump: Any) -> None:
    i = SessionConnection(Role.INITIATOR, local_ref=0x1234)
    r = SessionConnection(Role.RESPONDER)
    i.send(SConnectRequest(b"cp"))
    pump(i, r)
    r.send(SRefuse(0x02, H("3003800100")))
    assert r.state is St.CLOSED
    rf = r.data_to_send()
    assert rf == RF_USER
    i.receive_data(rf)
    ev = i.next_event()
    assert ev == SRefuse(0x02, H("3003800100"))
    assert i.state is St.CLOSED
    err = ev.as_error()
    assert isinstance(err, SessionRefused) and err.reason == 2
    assert err.user_data == H("3003800100")


@pytest.mark.parametrize("aborter", ["initiator", "responder"])
def test_user_abort(pump: Any, aborter: str) -> None:
    i, r = connected(pump)
    a, b = (i, r) if aborter == "initiator" else (r, i)
    a.send(SAbort(H("a00330018000")))
    assert a.state is St.CLOSED
    wire = a.data_to_send()
    assert wire == AB_USER
    b.receive_data(wire)
    ev = b.next_event()
    assert isinstance(ev, SAbort)
    assert (ev.user_data, ev.provider, ev.transport_disconnect) == (H("a00330018000"),
                                                                  False, 3)
    assert b.state is St.CLOSED and b.data_to_send() == b""
    err = ev.as_error()
    assert isinstance(err, SessionAborted) and not err.provider


def test_abort_keeping_transport_gets_aa() -> None:
    r = SessionConnection(Role.RESPONDER)
    r.receive_data(T.frame(T.encode_cr(1)) + dt(S.encode_cn(b"cp")))
    assert isinstance(r.next_event(), SConnectIndication)
    r.send(SConnectResponse())
    r.data_to_send()
    r.receive_data(dt(S.encode_ab(b"x", transport_disconnect=0x02)))
    ev = r.next_event()
    assert ev.transport_disconnect == 2 and not ev.provider
    assert r.data_to_send() == AA


def test_release_collision(pump: Any) -> None:
    i, r = connected(pump)
    i.send(SReleaseRequest(b"rq-i"))
    r.send(SReleaseRequest(b"rq-r"))
    evs = pump(i, r)
    assert sorted((role, type(e).__name__, e.user_data) for role, e in evs) == [
        ("initiator", "SReleaseIndication", b"rq-r"),
        ("responder", "SReleaseIndication", b"rq-i")]
    assert i.state is St.COLLISION and r.state is St.COLLISION
    i.send(SReleaseResponse(b"rs-i"))
    assert i.state is St.WAIT_DN
    evs = pump(i, r)
    assert evs == [("responder", SReleaseConfirm(b"rs-i"))]
    assert r.state is St.WAIT_RELEASE_RESPONSE
    r.send(SReleaseResponse(b"rs-r"))
    assert r.state is St.CLOSED
    evs = pump(i, r)
    assert evs == [("initiator", SReleaseConfirm(b"rs-r"))]
    assert i.state is St.CLOSED


def test_data_while_waiting_for_dn(pump: Any) -> None:
    i, r = connected(pump)
    i.send(SReleaseRequest())
    r.send(SData(b"late"))
    evs = pump(i, r)
    assert ("initiator", SData(b"late")) in evs
    r.send(SData(b"after FN"))              # allowed until DN
    r.send(SReleaseResponse())
    evs = pump(i, r)
    assert evs == [("initiator", SData(b"after FN")), ("initiator", SReleaseConfirm(b""))]


def feed_responder(r: SessionConnection, data: bytes) -> List[Any]:
    """Feed bytes; accept any connect indication as soon as it appears."""
    out: List[Any] = []
    if data:
        r.receive_data(data)
    while True:
        ev = r.next_event()
        if ev is NEED_DATA:
            return out
        out.append(ev)
        if isinstance(ev, SConnectIndication):
            r.send(SConnectResponse(b"cpa"))


def test_byte_at_a_time_equals_all_at_once() -> None:
    stream = (T.frame(T.encode_cr(0x1234)) + dt(S.encode_cn(CP_TYPE)) + DATA
              + dt(S.encode_data(b"y" * 300)) + FN_REF)

    def run(chunks: List[bytes]) -> List[Any]:
        r = SessionConnection(Role.RESPONDER)
        out: List[Any] = []
        for chunk in chunks:
            out.extend(feed_responder(r, chunk))
        return out

    whole = run([stream])
    assert [type(e) for e in whole] == [SConnectIndication, SData, SData,
                                        SReleaseIndication]
    assert run([stream[k:k + 1] for k in range(len(stream))]) == whole
    assert run([stream[k:k + 7] for k in range(0, len(stream), 7)]) == whole


def test_every_prefix_of_the_stream_needs_more_data() -> None:
    frames = [T.frame(T.encode_cr(0x1234)), dt(S.encode_cn(CP_TYPE)), DATA, FN_REF]
    for index, frame in enumerate(frames):
        for cut in range(len(frame)):
            r = SessionConnection(Role.RESPONDER)
            got = feed_responder(r, b"".join(frames[:index]))
            if cut:
                r.receive_data(frame[:cut])
            assert r.next_event() is NEED_DATA, (index, cut)
            assert len(got) == max(0, index - 1)


def test_initiator_every_prefix_of_the_replies_needs_more_data() -> None:
    frames = [T.frame(T.encode_cc(1, 2)), AC_SEL, DATA, FN_REF]
    for index, frame in enumerate(frames):
        for cut in range(1, len(frame)):
            i = SessionConnection(Role.INITIATOR)
            i.send(SConnectRequest(b"cp"))
            i.receive_data(b"".join(frames[:index]) + frame[:cut])
            evs = events(i)
            assert len(evs) == max(0, index - 1), (index, cut)


# ---------------------------------------------------------------------------
# Negotiation


def test_cn_without_version_2_is_refused() -> None:
    r = waiting_responder()
    r.receive_data(dt(S.encode_cn(b"cp", version=0x01)))
    assert r.next_event() == SRefuse(0x84)
    assert r.state is St.CLOSED
    assert r.data_to_send() == RF_VERSION


def test_cn_without_version_parameter_means_version_1() -> None:
    r = waiting_responder()
    r.receive_data(dt(H("0d0414020002")))
    assert r.next_event() == SRefuse(0x84)


def test_cn_with_both_versions_is_accepted() -> None:
    r = waiting_responder()
    r.receive_data(dt(S.encode_cn(b"cp", version=0x03)))
    ev = r.next_event()
    assert isinstance(ev, SConnectIndication) and ev.version == 3
    assert r.version == 2


def test_cn_without_duplex_is_refused() -> None:
    r = waiting_responder()
    r.receive_data(dt(S.encode_cn(b"cp", requirements=0x0001)))
    assert r.next_event() == SRefuse(0x86)
    rf = S.parse_tsdu(tsdu_of(r.data_to_send()))[0]
    assert rf.params[S.PI_REASON] == b"\x86"
    # Without PI 20 the default set (half-duplex, no duplex) applies.
    r2 = waiting_responder()
    r2.receive_data(dt(H("0d080506130100160102")))
    assert r2.next_event() == SRefuse(0x86)


def test_cn_proposing_more_units_gets_duplex_only(pump: Any) -> None:
    r = waiting_responder()
    r.receive_data(dt(S.encode_cn(b"cp", requirements=0x0343)))
    ind = r.next_event()
    assert ind.requirements == 0x0343
    r.send(SConnectResponse())
    ac = S.parse_tsdu(tsdu_of(r.data_to_send()))[0]
    assert ac.params[S.PI_USER_REQUIREMENTS] == b"\x00\x02"


@pytest.mark.parametrize("ac, text", [
    (S.encode_ac(b"x", version=0x01), "version 0x01"),
    (S.encode_ac(b"x", requirements=0x0001), "functional units 0x0001"),
    (S.encode_ac(b"x", requirements=0x0042), "functional units 0x0042"),
    (H("0e0e050c130100150400100000160102"), "TSDU maximum size"),
])
def test_bad_ac_is_aborted(ac: bytes, text: str) -> None:
    i = waiting_initiator()
    i.receive_data(dt(ac))
    with pytest.raises(SessionProtocolError, match=text):
        i.next_event()
    assert i.state is St.ERROR
    assert i.data_to_send() == AB_PROVIDER


def test_ac_with_zero_tsdu_size_and_no_pi20_is_fine() -> None:
    i = waiting_initiator()
    i.receive_data(dt(H("0e0e050c130100150400000000160102")))
    ev = i.next_event()
    assert isinstance(ev, SConnectConfirm) and ev.requirements == 2


# ---------------------------------------------------------------------------
# Catalogue 35-38 through the machine: the reply the catalogue asks for


def test_item35_escape_for_small_value_aborts(pump: Any) -> None:
    r = open_responder(pump)
    r.receive_data(dt(H("09ff0010") + bytes(16)))
    with pytest.raises(MalformedSPDU, match="FF escape"):
        r.next_event()
    assert r.state is St.ERROR
    assert r.data_to_send() == AB_PROVIDER
    with pytest.raises(LocalProtocolError):
        r.next_event()


@pytest.mark.parametrize("tsdu", [H("0a20c10e"), H("0906c1080011aabb")])
def test_item36_lengths_past_their_container_abort(pump: Any, tsdu: bytes) -> None:
    r = open_responder(pump)
    r.receive_data(dt(tsdu))
    with pytest.raises(MalformedSPDU):
        r.next_event()
    assert r.data_to_send() == AB_PROVIDER


def _cn_with(param: bytes) -> bytes:
    body = H("050613010016010214020002") + param
    return b"\x0d" + S._li(len(body)) + body


@pytest.mark.parametrize("param, text", [
    (b"\xc1\xff\x02\x58" + bytes(600), "User Data of 600 octets exceeds 512"),
    (b"\xc2\x64" + bytes(100), "Extended User Data of 100 octets"),
    (b"\xc2\xff\x28\x01" + bytes(10241), "Extended User Data of 10241 octets"),
    (b"\xc1\x01a\xc2\xff\x02\x01" + bytes(513), "both User Data"),
])
def test_item37_bad_cn_user_data_is_refused(param: bytes, text: str) -> None:
    r = waiting_responder()
    r.receive_data(dt(_cn_with(param)))
    with pytest.raises(MalformedSPDU, match=text):
        r.next_event()
    assert r.state is St.ERROR
    rf = S.parse_tsdu(tsdu_of(r.data_to_send()))[0]
    assert rf.name == "RF" and rf.params[S.PI_REASON] == b"\x85"


def test_cn_with_data_overflow_is_refused() -> None:
    r = waiting_responder()
    r.receive_data(dt(_cn_with(b"\x3c\x01\x01\xc1\x01a")))
    with pytest.raises(SessionProtocolError, match="Data Overflow"):
        r.next_event()
    assert S.parse_tsdu(tsdu_of(r.data_to_send()))[0].params[S.PI_REASON] == b"\x85"


def test_item38_unknown_si_aborts(pump: Any) -> None:
    r = open_responder(pump)
    r.receive_data(dt(H("0300")))
    with pytest.raises(MalformedSPDU, match="unknown SPDU identifier 3"):
        r.next_event()
    assert r.data_to_send() == AB_PROVIDER


def test_item38_unknown_pi_in_cn_is_skipped() -> None:
    r = waiting_responder()
    r.receive_data(dt(_cn_with(b"\x99\x02zz\xc1\x02cp")))
    ev = r.next_event()
    assert isinstance(ev, SConnectIndication) and ev.user_data == b"cp"


# ---------------------------------------------------------------------------
# Other unexpected input


def test_data_without_gt_is_rejected(pump: Any) -> None:
    r = open_responder(pump)
    r.receive_data(dt(b"\x01\x00" + UD))        # DT alone: 0x61 read as an SI
    with pytest.raises(MalformedSPDU):
        r.next_event()


def test_lone_gt_is_ignored(pump: Any) -> None:
    r = open_responder(pump)
    r.receive_data(dt(b"\x01\x00") + DATA)
    assert events(r) == [SData(UD)]


def test_gt_dt_through_the_slow_path(pump: Any) -> None:
    r = open_responder(pump)
    r.receive_data(dt(H("0103100100") + b"\x01\x00" + UD))    # GT with a token item
    assert events(r) == [SData(UD)]


def test_dt_with_enclosure_item_is_rejected(pump: Any) -> None:
    r = open_responder(pump)
    r.receive_data(dt(H("01000103190101") + UD))
    with pytest.raises(SessionProtocolError, match="segmenting"):
        r.next_event()


@pytest.mark.parametrize("framed, text", [
    (NF, "unexpected NF SPDU in session state OPEN"),
    (AA, "unexpected AA SPDU"),
    (DN_REF, "unexpected DN SPDU"),
    (AC_SEL, "unexpected AC SPDU"),
    (CN_SEL, "unexpected CN SPDU"),
    (RF_USER, "unexpected RF SPDU"),
])
def test_unexpected_spdu_in_open_aborts(pump: Any, framed: bytes, text: str) -> None:
    r = open_responder(pump)
    r.receive_data(framed)
    with pytest.raises(SessionProtocolError, match=text):
        r.next_event()
    assert r.data_to_send() == AB_PROVIDER


def test_data_before_cn_is_refused() -> None:
    r = waiting_responder()
    r.receive_data(DATA)
    with pytest.raises(SessionProtocolError, match="unexpected DT"):
        r.next_event()
    assert S.parse_tsdu(tsdu_of(r.data_to_send()))[0].name == "RF"


def test_data_after_fn_received_is_an_error(pump: Any) -> None:
    i, r = connected(pump)
    r.receive_data(FN_REF + DATA)
    assert isinstance(r.next_event(), SReleaseIndication)
    with pytest.raises(SessionProtocolError, match="WAIT_RELEASE_RESPONSE"):
        r.next_event()


def test_rf_without_reason_is_malformed() -> None:
    i = waiting_initiator()
    i.receive_data(dt(H("0c03110101")))
    with pytest.raises(MalformedSPDU, match="Reason Code"):
        i.next_event()


def test_transport_errors_surface(pump: Any) -> None:
    r = open_responder(pump)
    r.receive_data(b"\x04\x00\x00\x07")
    with pytest.raises(TransportProtocolError):
        r.next_event()
    assert r.state is St.ERROR


# ---------------------------------------------------------------------------
# Transport-level endings


def test_transport_refused() -> None:
    i = SessionConnection(Role.INITIATOR, local_ref=0x1234)
    i.send(SConnectRequest(b"cp"))
    i.receive_data(H("0300000b06801234000082"))
    ev = i.next_event()
    assert isinstance(ev, SAbort) and ev.provider and ev.transport_reason == 0x82
    assert i.state is St.CLOSED
    assert isinstance(ev.as_error(), SessionAborted)


def test_peer_closes_during_data_transfer(pump: Any) -> None:
    i, r = connected(pump)
    i.receive_data(DATA[:10])
    i.receive_data(b"")
    ev = i.next_event()
    assert isinstance(ev, SAbort) and ev.provider and "discarded" in ev.detail


def test_called_tsel_filter() -> None:
    r = SessionConnection(Role.RESPONDER, called_tsels=[b"593"])
    r.receive_data(T.frame(T.encode_cr(0x1234, called_tsel=b"594")))
    ev = r.next_event()
    assert isinstance(ev, SAbort) and ev.transport_reason == 0x03
    assert r.data_to_send() == T.frame(T.encode_dr(0x1234, 0, 0x03))
    assert r.state is St.CLOSED
    r = SessionConnection(Role.RESPONDER, called_tsels=[b"593"])
    r.receive_data(T.frame(T.encode_cr(0x1234, called_tsel=b"593")))
    assert r.next_event() is NEED_DATA and r.state is St.WAIT_CN


def test_responder_transport_refuses_class4() -> None:
    r = SessionConnection(Role.RESPONDER)
    r.receive_data(T.frame(T.encode_cr(0x1234, class_option=0x40)))
    ev = r.next_event()
    assert isinstance(ev, SAbort) and ev.transport_reason == 0x82
    assert r.state is St.CLOSED


# ---------------------------------------------------------------------------
# Local misuse


def test_local_misuse() -> None:
    i = SessionConnection(Role.INITIATOR)
    for event in (SData(b"x"), SConnectResponse(), SReleaseRequest(),
                  SReleaseResponse(), SRefuse()):
        with pytest.raises(LocalProtocolError):
            i.send(event)
    assert i.state is St.IDLE and i.data_to_send() == b""
    r = SessionConnection(Role.RESPONDER)
    with pytest.raises(LocalProtocolError):
        r.send(SConnectRequest(b"cp"))
    with pytest.raises(LocalProtocolError, match="Data Overflow"):
        i.send(SConnectRequest(b"x" * 10241))
    assert i.state is St.IDLE and i.data_to_send() == b""
    with pytest.raises(ValueError):
        SConnectRequest(called_ssel=b"x" * 17)
    with pytest.raises(ValueError):
        SRefuse(256)
    with pytest.raises(TypeError):
        SData("text")  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        SessionConnection(Role.INITIATOR, tpdu_size=1000)


def test_abort_before_connection_drops_transport() -> None:
    i = SessionConnection(Role.INITIATOR)
    i.send(SConnectRequest(b"cp"))
    i.data_to_send()
    i.send(SAbort())
    assert i.state is St.CLOSED and i.data_to_send() == b""
    assert i.transport.state is T.State.CLOSED


def test_abort_while_waiting_for_ac() -> None:
    i = waiting_initiator()
    i.send(SAbort(b"aru"))
    assert S.parse_tsdu(tsdu_of(i.data_to_send()))[0].user_data() == b"aru"


def test_tables_cover_every_handler() -> None:
    for handler, _next in S.SEND_TRANSITIONS.values():
        assert callable(getattr(SessionConnection, handler))
    for handler, _next in S.RECEIVE_TRANSITIONS.values():
        assert callable(getattr(SessionConnection, handler))


# ---------------------------------------------------------------------------
# tshark


def test_vectors_dissect_cleanly(tshark_check: Any) -> None:
    if not tshark_check.tshark_available():
        pytest.skip("tshark is not installed")
    vectors = [("c", CN_REF), ("c", CN_SEL), ("s", AC_SEL), ("s", RF_USER),
               ("s", RF_VERSION), ("c", DATA), ("c", FN_REF), ("s", DN_REF),
               ("c", AB_USER), ("s", AB_PROVIDER), ("c", AA), ("s", NF),
               ("c", dt(S.encode_cn(b"B" * 600)))]
    verdict = tshark_check.check(vectors, framed=True)
    assert verdict.ok, verdict.problems
    assert verdict.frames == [
        "SES  CONNECT (CN) SPDU", "SES  CONNECT (CN) SPDU", "SES  ACCEPT (AC) SPDU",
        "SES  REFUSE (RF) SPDU", "SES  REFUSE (RF) SPDU", "SES  DATA TRANSFER (DT) SPDU",
        "SES  FINISH (FN) SPDU", "SES  DISCONNECT (DN) SPDU", "SES  ABORT (AB) SPDU",
        "SES  ABORT (AB) SPDU", "SES  ABORT ACCEPT (AA) SPDU",
        "SES  NOT FINISHED (NF) SPDU", "SES  CONNECT (CN) SPDU"]


def test_reference_open_dissects_to_p3(tshark_check: Any) -> None:
    if not tshark_check.tshark_available():
        pytest.skip("tshark is not installed")
    i = SessionConnection(Role.INITIATOR, local_ref=0x1234)
    r = SessionConnection(Role.RESPONDER, local_ref=0x5678)
    i.send(SConnectRequest(CP_TYPE, called_tsel=b"593", calling_tsel=b"\x00\x01"))
    cr = i.data_to_send()
    r.receive_data(cr)
    r.next_event()
    cc = r.data_to_send()
    i.receive_data(cc)
    i.next_event()
    cn = i.data_to_send()
    verdict = tshark_check.check([("c", cr), ("s", cc), ("c", cn)], framed=True,
                                 with_pres=True)
    assert verdict.ok, verdict.problems
    assert verdict.frames[2].startswith("P3") and "mts_bind_argument" in verdict.frames[2]


# ---------------------------------------------------------------------------
# Remaining corners


def test_please_tokens_then_data_is_accepted(pump: Any) -> None:
    r = open_responder(pump)
    r.receive_data(dt(b"\x02\x00\x01\x00" + UD))
    assert events(r) == [SData(UD)]
    r.receive_data(dt(b"\x02\x00"))               # a lone PT asks for tokens
    with pytest.raises(SessionProtocolError, match="unexpected PT"):
        r.next_event()


def test_oversized_user_data_is_a_local_error(pump: Any) -> None:
    i = SessionConnection(Role.INITIATOR)
    r = SessionConnection(Role.RESPONDER)
    i.send(SConnectRequest(b"cp"))
    pump(i, r)
    with pytest.raises(LocalProtocolError, match="65535"):
        r.send(SConnectResponse(bytes(70000)))
    assert r.state is St.WAIT_CONNECT_RESPONSE and r.data_to_send() == b""
    r.send(SConnectResponse(bytes(60000)))           # long form, fits
    (_, conf), = pump(i, r)
    assert len(conf.user_data) == 60000
    with pytest.raises(LocalProtocolError):
        S.encode_cn(b"", called_ssel=b"x" * 17)
    with pytest.raises(LocalProtocolError):
        S.encode_ac(b"", responding_ssel=b"x" * 17)


def test_parse_accepts_bytes_like() -> None:
    assert S.parse_tsdu(bytearray(tsdu_of(DATA)))[1].user_information == UD
