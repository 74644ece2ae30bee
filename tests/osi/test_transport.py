"""X.224 class 0 over RFC 1006: TPDU codec and the sans-I/O machine.

The hex vectors below were each checked once with TShark 4.0.17 (via
``tests/osi/tshark_check.py``, presentation dissector disabled): every one
dissected as the COTP TPDU named in its comment, with no expert warning or
error.  ``test_vectors_dissect_cleanly`` re-runs that check when tshark is
installed.
"""
from __future__ import annotations

from typing import Any, List

import pytest

from x400fast.errors import (LocalProtocolError, MalformedTPDU, MalformedTPKT,
                             TransportDisconnected, TransportProtocolError,
                             TSDUTooLarge)
from x400fast.osi import transport as T
from x400fast.osi.transport import (NEED_DATA, ConnectConfirm, ConnectIndication,
                                    ConnectRequest, ConnectResponse, Data,
                                    Disconnect, DisconnectRequest, Role, State,
                                    TransportConnection)

H = bytes.fromhex

# osi-stack.md §9.1: CR, SRC-REF 0x1234, calling TSEL 00 01, called "593",
# no TPDU size.  TShark: "COTP CR TPDU src-ref: 0x1234 dst-ref: 0x0000".
CR_REF = H("030000140fe00000123400c1020001c203353933")
# osi-stack.md §9.2: the CC answering it.  TShark: "COTP CC TPDU src-ref:
# 0x5678 dst-ref: 0x1234".
CC_REF = H("030000140fd01234567800c1020001c203353933")
# CR proposing TPDU size 1024 (C0 0A).  TShark: "TPDU size: 1024".
CR_SIZE = H("0300000e09e00000000100c0010a")
# CC choosing 512 (C0 09).  TShark: "TPDU size: 512".
CC_SIZE = H("0300000e09d00001000200c00109")
# CR for class 2 with class 0 as alternative (C7 01 00).  TShark: "Class: 2",
# "Parameter code: proto class (0xc7)".
CR_CLASS2 = H("030000130ee00000000120c203353933c70100")
# DT carrying GT+DT+PPDU, EOT.  TShark: "SES DATA TRANSFER (DT) SPDU".
DT_ONE = H("0300001002f080010001006103020101")
# DR refusing a CR: negotiation failed.  TShark: "Cause: Connection
# negotiation failed (130)", src-ref 0x0000.
DR_NEG = H("0300000b06801234000082")
# ER, invalid TPDU type, echoing 02 10.  TShark: "Reject cause: Invalid
# TPDU type (2)".
ER_TYPE = H("0300000d0870123402c1020210")

ALL_VECTORS = [("c", CR_REF), ("s", CC_REF), ("c", CR_SIZE), ("s", CC_SIZE),
               ("c", CR_CLASS2), ("c", DT_ONE), ("s", DR_NEG), ("s", ER_TYPE)]


def tpkt(tpdu: bytes) -> bytes:
    return T.frame(tpdu)


def events(conn: TransportConnection) -> List[Any]:
    out: List[Any] = []
    while True:
        ev = conn.next_event()
        if ev is NEED_DATA:
            return out
        out.append(ev)


def open_pair(pump: Any, request: ConnectRequest = ConnectRequest(),
              response: ConnectResponse = ConnectResponse()) -> Any:
    i = TransportConnection(Role.INITIATOR, local_ref=0x1234)
    r = TransportConnection(Role.RESPONDER, local_ref=0x5678)
    i.send(request)
    evs = pump(i, r)
    assert isinstance(evs[0][1], ConnectIndication)
    r.send(response)
    evs = pump(i, r)
    assert isinstance(evs[0][1], ConnectConfirm)
    return i, r


def responder_with(data: bytes, **kw: Any) -> TransportConnection:
    r = TransportConnection(Role.RESPONDER, local_ref=0x5678, **kw)
    if data:                    # b"" would mean end of stream
        r.receive_data(data)
    return r


def opened_responder(**kw: Any) -> TransportConnection:
    r = responder_with(CR_REF, **kw)
    assert isinstance(r.next_event(), ConnectIndication)
    r.send(ConnectResponse())
    r.data_to_send()
    return r


# ---------------------------------------------------------------------------
# Codec: every TPDU type, encode and parse


def test_cr_vector() -> None:
    assert tpkt(T.encode_cr(0x1234, calling_tsel=b"\x00\x01", called_tsel=b"593")) == CR_REF
    cr = T.parse_tpdu(CR_REF[4:])
    assert isinstance(cr, T.ConnectTPDU)
    assert (cr.kind, cr.dst_ref, cr.src_ref, cr.protocol_class) == ("CR", 0, 0x1234, 0)
    assert (cr.calling_tsel, cr.called_tsel) == (b"\x00\x01", b"593")
    assert cr.tpdu_size is None and cr.proposed_size == 65531


def test_cc_vector() -> None:
    assert tpkt(T.encode_cc(0x1234, 0x5678, calling_tsel=b"\x00\x01",
                            responding_tsel=b"593")) == CC_REF
    cc = T.parse_tpdu(CC_REF[4:])
    assert isinstance(cc, T.ConnectTPDU)
    assert (cc.kind, cc.dst_ref, cc.src_ref) == ("CC", 0x1234, 0x5678)


def test_size_vectors() -> None:
    assert tpkt(T.encode_cr(1, tpdu_size=1024)) == CR_SIZE
    assert T.parse_tpdu(CR_SIZE[4:]).tpdu_size == 1024
    assert tpkt(T.encode_cc(1, 2, size_params=[(0xC0, b"\x09")])) == CC_SIZE
    assert T.parse_tpdu(CC_SIZE[4:]).proposed_size == 512


def test_class2_vector() -> None:
    assert tpkt(T.encode_cr(1, called_tsel=b"593", class_option=0x20,
                            extra_params=[(0xC7, b"\x00")])) == CR_CLASS2
    cr = T.parse_tpdu(CR_CLASS2[4:])
    assert cr.protocol_class == 2 and cr.alternative_classes == (0,)


def test_dt_vector() -> None:
    dt = T.parse_tpdu(DT_ONE[4:])
    assert dt == T.DataTPDU(eot=True, data=H("010001006103020101"))


def test_dr_vector() -> None:
    assert tpkt(T.encode_dr(0x1234, 0, 0x82)) == DR_NEG
    dr = T.parse_tpdu(DR_NEG[4:])
    assert dr == T.DisconnectTPDU(dst_ref=0x1234, src_ref=0, reason=0x82)
    dr2 = T.parse_tpdu(T.encode_dr(1, 2, 0x80, b"bye"))
    assert dr2.additional_info == b"bye"


def test_er_vector() -> None:
    assert tpkt(T.encode_er(0x1234, 2, b"\x02\x10")) == ER_TYPE
    er = T.parse_tpdu(ER_TYPE[4:])
    assert er == T.ErrorTPDU(dst_ref=0x1234, cause=2, invalid_tpdu=b"\x02\x10")
    long_er = T.encode_er(1, 3, bytes(300))
    assert long_er[0] == 254 and len(long_er) == 255


@pytest.mark.parametrize("tpdu, cause, text", [
    (H("08e00000000100c005") + b"\x00", 3, "parameter 0xc0 of length 5 runs past"),
    (H("07e00000000100c1"), 0, "cut short"),
    (H("08e00000000100c105"), 3, "runs past the end"),
    (H("06e000000001 50".replace(" ", "")), 3, "protocol class 5 does not exist"),
    (H("06e01234000100"), 3, "DST-REF 0x1234, must be 0"),
    (H("0ce00000000100c10161c10162"), 3, "appears twice"),
    (H("49e00000000100c141") + bytes(65), 3, "TSEL of 65 octets exceeds 64"),
    (H("0ae00000000100c6020101"), 3, "additional option selection of length 2"),
    (H("0ae00000000100c7020050"), 3, "alternative class above 4"),
    (H("05800000000000"), 0, "DR needs LI >= 6"),
    (H("0370000000"), 0, "ER needs LI >= 4"),
    (H("0780123400000080"), 0, "cut short"),
])
def test_malformed_tpdus(tpdu: bytes, cause: int, text: str) -> None:
    with pytest.raises(MalformedTPDU, match=text) as info:
        T.parse_tpdu(tpdu)
    assert info.value.er_cause == cause
    assert isinstance(info.value, ValueError)


def test_dr_and_er_ignore_other_parameters() -> None:
    dr = T.parse_tpdu(H("0a80123400008299021234") + b"bye")
    assert dr.reason == 0x82 and dr.data == b"bye"
    er = T.parse_tpdu(H("0870123402c3020000"))
    assert er.cause == 2 and er.invalid_tpdu == b""


def test_parse_accepts_bytes_like() -> None:
    assert T.parse_tpdu(bytearray(CR_REF[4:])) == T.parse_tpdu(CR_REF[4:])


def test_unsupported_tpdu_types() -> None:
    for code in (0x10, 0x60, 0x20, 0x50, 0xC0, 0xF1):
        with pytest.raises(MalformedTPDU) as info:
            T.parse_tpdu(bytes((4, code, 0, 0, 0)))
        assert info.value.er_cause == 2


def test_encoder_argument_errors() -> None:
    with pytest.raises(ValueError):
        T.encode_cr(1, tpdu_size=1000)
    with pytest.raises(ValueError):
        T.encode_cr(70000)
    with pytest.raises(ValueError):
        T.encode_cr(1, called_tsel=b"x" * 250)
    with pytest.raises(ValueError):
        T.encode_dr(1, 1, 256)
    with pytest.raises(ValueError):
        T.frame(bytes(65532))
    with pytest.raises(ValueError):
        ConnectRequest(called_tsel=b"x" * 65)
    with pytest.raises(ValueError):
        ConnectRequest(tpdu_size=16384)
    with pytest.raises(ValueError):
        ConnectResponse(tpdu_size=100)
    with pytest.raises(TypeError):
        Data("text")  # type: ignore[arg-type]


# ---------------------------------------------------------------------------
# Initiator <-> responder in memory


def test_connect_data_disconnect(pump: Any) -> None:
    i = TransportConnection(Role.INITIATOR, local_ref=0x1234)
    r = TransportConnection(Role.RESPONDER, local_ref=0x5678)
    i.send(ConnectRequest(called_tsel=b"593", calling_tsel=b"\x00\x01"))
    assert i.state is State.WAIT_CC
    cr = i.data_to_send()
    assert cr == CR_REF
    r.receive_data(cr)
    assert r.next_event() == ConnectIndication(calling_tsel=b"\x00\x01",
                                               called_tsel=b"593", tpdu_size=65531)
    assert r.state is State.WAIT_RESPONSE
    r.send(ConnectResponse())
    cc = r.data_to_send()
    assert cc == CC_REF
    i.receive_data(cc)
    assert i.next_event() == ConnectConfirm(responding_tsel=b"593", tpdu_size=65531)
    assert i.state is State.OPEN and r.state is State.OPEN
    assert (i.remote_ref, r.remote_ref) == (0x5678, 0x1234)

    big = bytes(range(256)) * 1000
    i.send(Data(b"hello"))
    i.send(Data(big))
    r.send(Data(b"reply"))
    evs = pump(i, r)
    assert evs == [("responder", Data(b"hello")), ("responder", Data(big)),
                   ("initiator", Data(b"reply"))]

    i.send(DisconnectRequest())
    assert i.data_to_send() == b""          # class 0: close TCP, nothing sent
    assert i.state is State.CLOSED
    r.receive_data(b"")
    assert r.next_event() == Disconnect("peer closed the TCP connection")
    assert r.state is State.CLOSED
    assert r.next_event() is NEED_DATA


def test_segmentation_with_small_tpdu_size(pump: Any) -> None:
    i, r = open_pair(pump, ConnectRequest(tpdu_size=128))
    assert i.tpdu_size == r.tpdu_size == 128
    tsdu = bytes(range(251)) * 3
    i.send(Data(tsdu))
    wire = i.data_to_send()
    assert len(wire) == len(tsdu) + 7 * 7           # 753 octets / 125 per DT
    r.receive_data(wire)
    assert events(r) == [Data(tsdu)]


def test_byte_at_a_time_equals_all_at_once() -> None:
    stream = (CR_REF + T.frame(b"\x02\xf0\x00abc") + T.frame(b"\x02\xf0\x80def")
              + DT_ONE + T.frame(b"\x02\xf0\x80x" * 1))

    def run(chunks: List[bytes]) -> List[Any]:
        r = TransportConnection(Role.RESPONDER)
        out: List[Any] = []
        for chunk in chunks:
            r.receive_data(chunk)
            while True:
                ev = r.next_event()
                if ev is NEED_DATA:
                    break
                out.append(ev)
                if isinstance(ev, ConnectIndication):
                    r.send(ConnectResponse())
        return out

    whole = run([stream])
    assert whole == run([stream[k:k + 1] for k in range(len(stream))])
    assert [type(e) for e in whole] == [ConnectIndication, Data, Data, Data]
    assert whole[1] == Data(b"abcdef")


@pytest.mark.parametrize("name, frame", [("CR", CR_REF), ("CR_SIZE", CR_SIZE),
                                         ("CR_CLASS2", CR_CLASS2)])
def test_every_prefix_of_a_cr_needs_more_data(name: str, frame: bytes) -> None:
    for cut in range(len(frame)):
        r = responder_with(frame[:cut])
        assert r.next_event() is NEED_DATA, cut
        assert r.state is State.IDLE


@pytest.mark.parametrize("frame", [CC_REF, CC_SIZE, DR_NEG, ER_TYPE])
def test_every_prefix_of_a_reply_needs_more_data(frame: bytes) -> None:
    for cut in range(len(frame)):
        i = TransportConnection(Role.INITIATOR, local_ref=0x1234)
        i.send(ConnectRequest(tpdu_size=1024))
        if cut:
            i.receive_data(frame[:cut])
        assert i.next_event() is NEED_DATA, cut
        assert i.state is State.WAIT_CC


def test_every_prefix_of_data_needs_more_data() -> None:
    stream = T.frame(b"\x02\xf0\x00abc") + DT_ONE
    for cut in range(len(stream)):
        r = opened_responder()
        if cut:
            r.receive_data(stream[:cut])
        assert r.next_event() is NEED_DATA, cut


# ---------------------------------------------------------------------------
# TPDU size negotiation


@pytest.mark.parametrize("proposal, limit, chosen, cc_params", [
    (None, None, 65531, b""),
    (1024, None, 1024, b"\xc0\x01\x0a"),
    (1024, 512, 512, b"\xc0\x01\x09"),
    (1024, 1000, 512, b"\xc0\x01\x09"),
    (8192, 65531, 8192, b"\xc0\x01\x0d"),
    (None, 8192, 8192, b"\xc0\x01\x0d"),
    (None, 20000, 8192, b"\xc0\x01\x0d"),
    (128, 128, 128, b"\xc0\x01\x07"),
])
def test_tpdu_size_negotiation(pump: Any, proposal: Any, limit: Any, chosen: int,
                               cc_params: bytes) -> None:
    i = TransportConnection(Role.INITIATOR)
    r = TransportConnection(Role.RESPONDER)
    i.send(ConnectRequest(tpdu_size=proposal))
    r.receive_data(i.data_to_send())
    ind = r.next_event()
    assert ind.tpdu_size == (proposal or 65531)
    r.send(ConnectResponse(tpdu_size=limit))
    cc = r.data_to_send()
    assert cc[4 + 7:] == cc_params            # CC with no TSELs: params follow octet 6
    i.receive_data(cc)
    assert i.next_event() == ConnectConfirm(b"", chosen)
    assert i.tpdu_size == r.tpdu_size == chosen


def test_preferred_maximum_tpdu_size() -> None:
    cr = T.encode_cr(7, extra_params=[(0xF0, b"\x00\x20")])        # 32 x 128
    r = responder_with(tpkt(cr))
    assert r.next_event().tpdu_size == 4096
    r.send(ConnectResponse())
    cc = T.parse_tpdu(r.data_to_send()[4:])
    assert cc.preferred_max_tpdu_size == 4096 and r.tpdu_size == 4096
    r = responder_with(tpkt(cr))
    r.next_event()
    r.send(ConnectResponse(tpdu_size=1000))
    cc = T.parse_tpdu(r.data_to_send()[4:])
    assert cc.preferred_max_tpdu_size == 896 and r.tpdu_size == 896
    with pytest.raises(MalformedTPDU):
        T.parse_tpdu(T.encode_cr(7, extra_params=[(0xF0, b"\x00")]))
    with pytest.raises(MalformedTPDU):
        T.parse_tpdu(T.encode_cr(7, extra_params=[(0xF0, b"\x00" * 5)]))


def test_cc_without_size_keeps_proposal() -> None:
    i = TransportConnection(Role.INITIATOR, local_ref=1)
    i.send(ConnectRequest(tpdu_size=2048))
    i.receive_data(tpkt(T.encode_cc(1, 9)))
    assert i.next_event() == ConnectConfirm(b"", 2048)


def test_lenient_size_codes() -> None:
    cr = tpkt(T.encode_cr(7, extra_params=[(0xC0, b"\x10")]))
    with pytest.raises(MalformedTPDU, match="size code 0x10"):
        responder_with(cr).next_event()
    r = responder_with(cr, lenient_tpdu_size=True)
    assert r.next_event().tpdu_size == 65531
    r.send(ConnectResponse())
    cc = T.parse_tpdu(r.data_to_send()[4:], lenient_tpdu_size=True)
    assert cc.raw_size_params == ((0xC0, b"\x10"),)


def test_dt_longer_than_negotiated_size(pump: Any) -> None:
    i, r = open_pair(pump, ConnectRequest(tpdu_size=128))
    r.receive_data(T.frame(b"\x02\xf0\x80" + b"x" * 126))       # 129 octets
    with pytest.raises(TransportProtocolError, match="exceeds the negotiated"):
        r.next_event()
    assert r.state is State.ERROR


# ---------------------------------------------------------------------------
# Reliability catalogue items 27-34


@pytest.mark.parametrize("stream, offset", [(b"\x04", 0), (b"\x03\x01", 1),
                                            (b"\x04\x00\x00\x14", 0)])
def test_item27_bad_tpkt_header(stream: bytes, offset: int) -> None:
    r = responder_with(stream)
    with pytest.raises(MalformedTPKT) as info:
        r.next_event()
    assert info.value.offset == offset
    assert r.state is State.ERROR
    assert r.data_to_send() == b""           # stream unusable: no ER, close
    with pytest.raises(LocalProtocolError):
        r.next_event()


@pytest.mark.parametrize("length", [0, 3, 4, 6])
def test_item28_tpkt_length_too_small(length: int) -> None:
    r = responder_with(b"\x03\x00" + length.to_bytes(2, "big") + b"\x00" * 20)
    with pytest.raises(MalformedTPKT, match="below the minimum"):
        r.next_event()


def test_item29_announced_length_then_silence() -> None:
    r = responder_with(b"\x03\x00\xff\xff" + b"\x02\xf0\x80" + b"x" * 7)
    for _ in range(3):
        assert r.next_event() is NEED_DATA
    assert r.buffered == 14
    r.receive_data(b"")                       # the caller's deadline fired: close
    ev = r.next_event()
    assert isinstance(ev, Disconnect) and "14 octets" in ev.detail


def test_item30_class4_without_alternative_is_refused() -> None:
    cr = tpkt(T.encode_cr(0x1234, class_option=0x40))
    r = responder_with(cr)
    ev = r.next_event()
    assert ev == Disconnect("refused CR for class 4 without class 0 as an alternative",
                            reason=0x82, local=True)
    assert r.state is State.CLOSED
    assert r.data_to_send() == DR_NEG


def test_item30_class4_with_other_alternatives_is_refused() -> None:
    cr = tpkt(T.encode_cr(0x1234, class_option=0x40, extra_params=[(0xC7, b"\x20\x10")]))
    r = responder_with(cr)
    assert r.next_event().reason == 0x82
    assert r.data_to_send() == DR_NEG


def test_item30_class2_with_alternative_0_gets_cc_class_0() -> None:
    r = responder_with(CR_CLASS2)
    ev = r.next_event()
    assert ev == ConnectIndication(calling_tsel=b"", called_tsel=b"593",
                                   tpdu_size=65531, proposed_class=2)
    r.send(ConnectResponse())
    cc = T.parse_tpdu(r.data_to_send()[4:])
    assert cc.kind == "CC" and cc.protocol_class == 0 and cc.options == 0
    assert cc.dst_ref == 1 and r.state is State.OPEN


def test_item31_cc_with_class_2() -> None:
    i = TransportConnection(Role.INITIATOR, local_ref=0x1234)
    i.send(ConnectRequest())
    i.data_to_send()
    i.receive_data(tpkt(T.encode_cc(0x1234, 0x5678, class_option=0x20)))
    with pytest.raises(TransportProtocolError, match="class 2"):
        i.next_event()
    assert i.state is State.ERROR and i.data_to_send() == b""


def test_item31_cc_with_wrong_destination_reference() -> None:
    i = TransportConnection(Role.INITIATOR, local_ref=0x1234)
    i.send(ConnectRequest())
    i.receive_data(tpkt(T.encode_cc(0x4321, 0x5678)))
    with pytest.raises(TransportProtocolError, match="mismatched references"):
        i.next_event()


def test_item32_unknown_cr_parameter_ignored() -> None:
    cr = T.encode_cr(0x1234, called_tsel=b"593", extra_params=[(0x99, b"abc")])
    parsed = T.parse_tpdu(cr)
    assert parsed.unknown_params == ((0x99, b"abc"),)
    r = responder_with(tpkt(cr))
    assert isinstance(r.next_event(), ConnectIndication)


def test_item32_unknown_cc_parameter_is_an_error() -> None:
    i = TransportConnection(Role.INITIATOR, local_ref=0x1234)
    i.send(ConnectRequest())
    i.receive_data(tpkt(T.encode_cc(0x1234, 0x5678, size_params=[(0x99, b"abc")])))
    with pytest.raises(MalformedTPDU, match="unknown parameter 0x99 in CC") as info:
        i.next_event()
    assert info.value.er_cause == 1
    # Known parameters that mean nothing to class 0 are fine in a CC.
    i = TransportConnection(Role.INITIATOR, local_ref=0x1234)
    i.send(ConnectRequest())
    i.receive_data(tpkt(T.encode_cc(0x1234, 0x5678, size_params=[(0xC6, b"\x01"),
                                                                   (0x87, b"\x00")])))
    assert isinstance(i.next_event(), ConnectConfirm)


@pytest.mark.parametrize("value, text", [
    (b"", "length 0, must be 1"),
    (b"\x0a\x0a", "length 2, must be 1"),
    (b"\x06", "size code 0x06"),
    (b"\x0e", "size code 0x0e"),
    (b"\x00", "size code 0x00"),
])
def test_item32_bad_tpdu_size_parameter(value: bytes, text: str) -> None:
    r = responder_with(tpkt(T.encode_cr(0x1234, extra_params=[(0xC0, value)])))
    with pytest.raises(MalformedTPDU, match=text) as info:
        r.next_event()
    assert info.value.er_cause == 3
    er = T.parse_tpdu(r.data_to_send()[4:])
    assert er.kind == "ER" and er.cause == 3


def test_item32_cc_choosing_larger_size() -> None:
    i = TransportConnection(Role.INITIATOR, local_ref=0x1234)
    i.send(ConnectRequest(tpdu_size=1024))
    i.receive_data(tpkt(T.encode_cc(0x1234, 5, size_params=[(0xC0, b"\x0b")])))
    with pytest.raises(TransportProtocolError, match="larger than the 1024 proposed"):
        i.next_event()


@pytest.mark.parametrize("tpdu, text", [
    (b"\xff\xe0" + bytes(20), "LI 255 is reserved"),
    (b"\x20\xe0\x00\x00\x00\x01\x00", "LI 32 exceeds the 7 octets"),
    (b"\x04\xe0\x00\x00\x00", "CR needs LI >= 6"),
])
def test_item33_bad_li_gives_er(tpdu: bytes, text: str) -> None:
    r = responder_with(tpkt(tpdu))
    with pytest.raises(MalformedTPDU, match=text):
        r.next_event()
    assert r.state is State.ERROR
    er = T.parse_tpdu(r.data_to_send()[4:])
    assert er.kind == "ER" and er.invalid_tpdu == tpdu[:1]


def test_item33_bad_li_on_open_connection_gives_er() -> None:
    r = opened_responder()
    r.receive_data(tpkt(b"\x09\xf0\x80"))
    with pytest.raises(MalformedTPDU):
        r.next_event()
    er = T.parse_tpdu(r.data_to_send()[4:])
    assert er == T.ErrorTPDU(dst_ref=0x1234, cause=0, invalid_tpdu=b"\x09")


def test_item34_endless_dt_without_eot_hits_the_cap() -> None:
    r = opened_responder(max_tsdu=10000)
    segment = T.frame(b"\x02\xf0\x00" + b"y" * 1000)
    for n in range(10):
        r.receive_data(segment)
        assert r.next_event() is NEED_DATA
    assert r.buffered == 10000
    r.receive_data(segment)
    with pytest.raises(TSDUTooLarge, match="10000"):
        r.next_event()
    assert r.state is State.ERROR and r.buffered == 0


def test_reassembly_at_exactly_the_cap() -> None:
    r = opened_responder(max_tsdu=3000)
    r.receive_data(T.frame(b"\x02\xf0\x00" + b"y" * 2000)
                   + T.frame(b"\x02\xf0\x80" + b"z" * 1000))
    assert r.next_event() == Data(b"y" * 2000 + b"z" * 1000)


# ---------------------------------------------------------------------------
# Other received TPDUs and connection faults


def test_dr_in_answer_to_cr() -> None:
    i = TransportConnection(Role.INITIATOR, local_ref=0x1234)
    i.send(ConnectRequest())
    i.receive_data(DR_NEG)
    ev = i.next_event()
    assert ev == Disconnect("peer sent DR", reason=0x82)
    assert i.state is State.CLOSED
    err = ev.as_error()
    assert isinstance(err, TransportDisconnected) and err.reason == 0x82
    assert "0x82" in str(err)


def test_er_in_answer_to_cr() -> None:
    i = TransportConnection(Role.INITIATOR, local_ref=0x1234)
    i.send(ConnectRequest())
    i.receive_data(ER_TYPE)
    assert i.next_event() == Disconnect("peer rejected a TPDU (ER cause 2)", er_cause=2)


def test_dr_and_er_on_open_connection(pump: Any) -> None:
    i, r = open_pair(pump)
    i.receive_data(tpkt(T.encode_dr(0x1234, 0x5678, 0x80)))
    assert i.next_event().reason == 0x80
    r.receive_data(tpkt(T.encode_er(0x5678, 1)))
    assert r.next_event().er_cause == 1


def test_unexpected_tpdu_gets_er() -> None:
    r = opened_responder()
    r.receive_data(CR_REF)
    with pytest.raises(TransportProtocolError, match="unexpected CR TPDU in state OPEN"):
        r.next_event()
    assert r.data_to_send() == tpkt(T.encode_er(0x1234, 2, CR_REF[4:6]))


def test_dt_before_cc_is_an_error() -> None:
    i = TransportConnection(Role.INITIATOR, local_ref=1)
    i.send(ConnectRequest())
    i.receive_data(DT_ONE)
    with pytest.raises(TransportProtocolError, match="unexpected DT"):
        i.next_event()
    assert i.data_to_send().startswith(CR_REF[:2])     # only the CR, no ER


def test_dt_before_accept_is_an_error() -> None:
    r = responder_with(CR_REF + DT_ONE)
    assert isinstance(r.next_event(), ConnectIndication)
    with pytest.raises(TransportProtocolError, match="unexpected DT TPDU in state "
                                                     "WAIT_RESPONSE"):
        r.next_event()


def test_peer_closes_in_the_middle_of_a_tpkt() -> None:
    # Catalogue item 47 at this layer: partial TPKT and partial TSDU are
    # discarded and the loss is reported.
    r = opened_responder()
    r.receive_data(T.frame(b"\x02\xf0\x00abc") + DT_ONE[:6])
    assert r.next_event() is NEED_DATA
    r.receive_data(b"")
    ev = r.next_event()
    assert isinstance(ev, Disconnect) and "9 octets" in ev.detail    # 3 + 6
    assert r.state is State.CLOSED
    r.receive_data(b"more")                  # ignored once closed
    assert r.next_event() is NEED_DATA


def test_data_after_eof_is_a_local_error() -> None:
    r = TransportConnection(Role.RESPONDER)
    r.receive_data(b"\x03")
    r.receive_data(b"")
    r.receive_data(b"")
    with pytest.raises(LocalProtocolError):
        r.receive_data(b"x")


def test_responder_refuses_with_dr() -> None:
    r = responder_with(CR_REF)
    r.next_event()
    r.send(DisconnectRequest(0x03))
    assert r.data_to_send() == tpkt(T.encode_dr(0x1234, 0, 0x03))
    assert r.state is State.CLOSED


# ---------------------------------------------------------------------------
# Local misuse


def test_local_misuse_changes_nothing() -> None:
    i = TransportConnection(Role.INITIATOR)
    with pytest.raises(LocalProtocolError):
        i.send(Data(b"x"))
    with pytest.raises(LocalProtocolError):
        i.send(ConnectResponse())
    assert i.state is State.IDLE and i.data_to_send() == b""
    i.send(ConnectRequest())
    with pytest.raises(LocalProtocolError):
        i.send(ConnectRequest())
    assert i.state is State.WAIT_CC
    r = TransportConnection(Role.RESPONDER)
    with pytest.raises(LocalProtocolError):
        r.send(ConnectRequest())


def test_empty_tsdu_cannot_be_sent(pump: Any) -> None:
    i, _ = open_pair(pump)
    with pytest.raises(LocalProtocolError):
        i.send(Data(b""))
    assert i.state is State.OPEN


def test_constructor_arguments() -> None:
    with pytest.raises(TypeError):
        TransportConnection("initiator")  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        TransportConnection(Role.INITIATOR, local_ref=0x10000)
    with pytest.raises(ValueError):
        TransportConnection(Role.INITIATOR, max_tsdu=0)


def test_tables_cover_every_handler() -> None:
    for handler, _next in T.SEND_TRANSITIONS.values():
        assert callable(getattr(TransportConnection, handler))
    for handler, _next in T.RECEIVE_TRANSITIONS.values():
        assert callable(getattr(TransportConnection, handler))


# ---------------------------------------------------------------------------
# tshark


def test_vectors_dissect_cleanly(tshark_check: Any) -> None:
    if not tshark_check.tshark_available():
        pytest.skip("tshark is not installed")
    verdict = tshark_check.check(ALL_VECTORS, framed=True)
    assert verdict.ok, verdict.problems
    assert verdict.frames == [
        "COTP  CR TPDU src-ref: 0x1234 dst-ref: 0x0000",
        "COTP  CC TPDU src-ref: 0x5678 dst-ref: 0x1234",
        "COTP  CR TPDU src-ref: 0x0001 dst-ref: 0x0000",
        "COTP  CC TPDU src-ref: 0x0002 dst-ref: 0x0001",
        "COTP  CR TPDU src-ref: 0x0001 dst-ref: 0x0000",
        "SES  DATA TRANSFER (DT) SPDU",
        "COTP  DR TPDU src-ref: 0x0000 dst-ref: 0x1234",
        "COTP  ER TPDU dst-ref: 0x1234",
    ]


def test_tshark_notices_a_broken_tpdu(tshark_check: Any) -> None:
    if not tshark_check.tshark_available():
        pytest.skip("tshark is not installed")
    # CC whose TPDU-size parameter claims 5 octets with only 1 present.
    verdict = tshark_check.check([("c", CR_REF[4:]), ("s", H("09d01234567800c0050a"))],
                                 framed=False)
    assert not verdict.ok


def test_tshark_check_command_line(tshark_check: Any) -> None:
    import os
    import subprocess
    import sys
    script = os.path.join(os.path.dirname(os.path.abspath(__file__)), "tshark_check.py")
    args = [sys.executable, script, "c:" + CR_REF[4:].hex(), "s:" + CC_REF[4:].hex()]
    # Without tshark on PATH the tool says so and exits 2.
    env = dict(os.environ, PATH="")
    proc = subprocess.run(args, env=env, stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, timeout=60)
    assert proc.returncode == 2 and b"tshark not found" in proc.stderr
    if not tshark_check.tshark_available():
        pytest.skip("tshark is not installed")
    proc = subprocess.run(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          timeout=120)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert b"COTP  CR TPDU src-ref: 0x1234" in proc.stdout
    assert b"verdict: clean" in proc.stdout
