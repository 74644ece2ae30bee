"""The model's bytes checked by other implementations.

* pyasn1: the content (InformationObject), the submission, delivery and
  report arguments the model produces decode with the independent pyasn1
  specs of tests/asn1/test_x420.py and test_x411.py to the same values
  (skipped when those specs cannot be imported, e.g. without pyasn1);
* tshark: a sample submission carried as a ROSE invoke of
  message-submission (code 3 on the MSSE context, from x411.OPERATIONS)
  in a P-DATA of a whole P3 association built by the in-memory machines of
  x400fast.osi, dissected by Wireshark 4.0.  Its bytes are recorded below:
  tshark 4.0.17 dissected them cleanly ("P22  InterPersonal Message (Hello
  from x400fast)": IA5 text, general text with ISO-IR 1/6/100, the
  file-transfer body part with its FTAM attributes and the FTAM-3 data;
  no expert warning or error).  The test needs tshark only for the
  dissection part and skips it without.
"""
from __future__ import annotations

import datetime as dt
import importlib.util
import os
import sys
from typing import Any, List, Tuple

import pytest

from x400fast import ber
from x400fast.asn1 import x411, x420
from x400fast.limits import DEFAULT_LIMITS
from x400fast.message import (FileBody, IPMIdentifier, Message, MTSIdentifier, ORDescriptor,
                              Recipient, Report, ReportRecipient, TextBody)
from x400fast.osi.presentation import NEED_DATA
from x400fast.osi.rose import (AbstractSyntax, BindRequest, BindResult, BindSyntax, Invoke,
                               Result, Role, ROSEConnection)

H = bytes.fromhex
UTC = dt.timezone.utc
T0 = dt.datetime(2024, 5, 17, 9, 30, 5, tzinfo=UTC)
# Personal names and OUs, no common name: the pyasn1 ORName spec of
# test_x420.py declares the built-in attributes only.
ALICE = "/S=Smith/G=Alice/OU=Sales/O=Isode/PRMD=Isode/ADMD= /C=GB/"
BOB = "/S=Jones/G=Bob/O=Isode/PRMD=Isode/ADMD= /C=GB/"
CAROL = "/S=Brown/O=Isode/PRMD=Isode/ADMD= /C=GB/"
M = x411.MTSAbstractService
HERE = os.path.dirname(os.path.abspath(__file__))


def sample() -> Message:
    """The sample submission (deterministic: fixed IPM identifier and times)."""
    return Message(
        originator=ORDescriptor(ALICE, "Alice"),
        to=[Recipient(BOB, receipt_notification=True)], cc=[CAROL],
        subject="Hello from x400fast", importance="high",
        ipm_id=IPMIdentifier("20240517.093005.0001", ALICE),
        body=[TextBody("Hello Bob"), TextBody("Grüße aus München"),
              FileBody(b"%PDF-1.4 sample", name="report.pdf", modified=T0)],
        content_identifier="SAMPLE-1", latest_delivery_time=T0 + dt.timedelta(days=1))


# MessageSubmissionArgument of sample(): dissected cleanly by tshark 4.0.17
# inside the association of test_sample_submission_dissects_cleanly.
SAMPLE_SUBMISSION = H(
    "308202b73181ed603630346104130247426203130120a207130549736f646583"
    "0549736f6465a50e8005536d6974688105416c696365a607130553616c657365"
    "2780020520a421060728ce2507010001060728ce2507010006060728ce250701"
    "0064060456010c004601164a0853414d504c452d31a1613131602b3029610413"
    "0247426203130120a207130549736f6465830549736f6465a50c80054a6f6e65"
    "738103426f6280020308312c602630246104130247426203130120a207130549"
    "736f6465830549736f6465a507800542726f776e80020308a21a301880010581"
    "020520a20f170d3234303531383039333030355a048201c3a08201bf31820110"
    "6b4e131432303234303531372e3039333030352e303030316036303461041302"
    "47426203130120a207130549736f6465830549736f6465a50e8005536d697468"
    "8105416c696365a607130553616c6573a03f6036303461041302474262031301"
    "20a207130549736f6465830549736f6465a50e8005536d6974688105416c6963"
    "65a607130553616c65738005416c696365a2353133a02d602b30296104130247"
    "426203130120a207130549736f6465830549736f6465a50c80054a6f6e657381"
    "03426f6281020780a32c312aa028602630246104130247426203130120a20713"
    "0549736f6465830549736f6465a507800542726f776ea815141348656c6c6f20"
    "66726f6d2078343030666173748c01023081a8a00d3100160948656c6c6f2042"
    "6f62af3ba013060456010b0ba00b310902010102010602016428240604560104"
    "0ba01c1b1a1b21401b28421b2d414772fcdf6520617573204dfc6e6368656eaf"
    "5aa032060456010b0ca02a3028a426a00c190a7265706f72742e706466a51181"
    "0f32303234303531373039333030355aad0381010f282406045601040ca01c30"
    "1a2818060528c27b0503810f255044462d312e342073616d706c65")


@pytest.fixture
def codec(engine: Any, monkeypatch: Any) -> Any:
    monkeypatch.setattr(ber, "engine", engine)
    return engine


def test_sample_vector(codec: Any) -> None:
    m = sample()
    assert m.submission_ber() == SAMPLE_SUBMISSION
    back = Message.from_submission(SAMPLE_SUBMISSION)
    assert back == m
    assert back.latest_delivery_time == T0 + dt.timedelta(days=1)


# ---------------------------------------------------------------------------
# pyasn1


def _load(name: str) -> Any:
    path = os.path.join(HERE, "asn1", name + ".py")
    spec = importlib.util.spec_from_file_location("x400fast_model_interop_" + name, path)
    if spec is None or spec.loader is None:  # pragma: no cover
        return None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    try:
        spec.loader.exec_module(module)
    except Exception:  # pragma: no cover - whatever keeps them from importing
        sys.modules.pop(spec.name, None)
        return None
    return module


@pytest.fixture(scope="module")
def specs() -> Tuple[Any, Any]:
    t420 = _load("test_x420")
    t411 = _load("test_x411")
    if (t420 is None or t411 is None or getattr(t420, "univ", None) is None
            or not hasattr(t420, "P_InformationObject") or not hasattr(t411, "PYASN1")):
        pytest.skip("the pyasn1 specs of tests/asn1/test_x420.py / test_x411.py "
                    "are not importable")
    return t420, t411


def _contents() -> List[Tuple[str, bytes]]:
    m = sample()
    delivered = Message(originator=ALICE, to=[BOB], subject="x", body=["y"],
                        this_recipient=BOB, submission_time=T0, delivery_time=T0)
    forwarded = Message(originator=BOB, to=[ALICE], body=[
        "see below", __import__("x400fast.message", fromlist=["ForwardedMessage"])
        .ForwardedMessage(delivered)])
    rn = delivered.receipt(T0)
    nrn = delivered.non_receipt(return_ipm=True)
    return [("sample", m.to_content()), ("forwarded", forwarded.to_content()),
            ("receipt", rn.to_content()), ("non-receipt", nrn.to_content())]


@pytest.mark.parametrize("name", ["sample", "forwarded", "receipt", "non-receipt"])
def test_content_decodes_in_pyasn1(specs: Any, name: str) -> None:
    t420, _ = specs
    data = dict(_contents())[name]
    obj, rest = t420.ber_decoder.decode(data, asn1Spec=t420.P_InformationObject)
    assert rest == b""
    io = x420.ipms["InformationObject"]
    assert t420.with_defaults(io, t420.py(obj)) == io.decode(data)
    # And pyasn1's DER of that value is our encoding, byte for byte.
    assert t420.der_encode(obj) == data


def _arguments() -> List[Tuple[str, bytes]]:
    m = sample()
    delivered = Message(originator=ALICE, to=[BOB], subject="x", body=["y"],
                        this_recipient=BOB, submission_time=T0, delivery_time=T0,
                        mts_identifier=MTSIdentifier("GB", " ", "Isode", "D1"),
                        other_recipients=[CAROL], converted_eits=["teletex"],
                        conversion_prohibited=True, priority="urgent")
    report = Report(subject_identifier=MTSIdentifier("GB", " ", "Isode", "S1"),
                    recipients=[ReportRecipient.delivered_to(BOB, T0, type_of_user=2),
                                ReportRecipient.failed(CAROL, 1, 0, supplementary_info="x")],
                    content_correlator="c", returned_content=m.to_content())
    return [("MessageSubmissionArgument", m.submission_ber()),
            ("MessageDeliveryArgument", delivered.delivery_ber()),
            ("ReportDeliveryArgument", report.to_ber())]


@pytest.mark.parametrize("index", [0, 1, 2])
def test_arguments_decode_in_pyasn1(specs: Any, index: int) -> None:
    _, t411 = specs
    name, data = _arguments()[index]
    t = M[name]
    theirs, rest = t411.der_decoder.decode(data, asn1Spec=t411.PYASN1[name])
    assert rest == b""
    assert t411.from_pyasn1(theirs) == t411.without_defaults(
        t, ber.engine.decode(t.node(), data, DEFAULT_LIMITS))


# ---------------------------------------------------------------------------
# tshark


def _tshark_check() -> Any:
    spec = importlib.util.spec_from_file_location(
        "x400fast_model_tshark_check", os.path.join(HERE, "osi", "tshark_check.py"))
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def _drain(conn: Any) -> List[Any]:
    out = []
    while True:
        ev = conn.next_event()
        if ev is NEED_DATA:
            return out
        out.append(ev)


def p3_frames(argument: Any) -> Tuple[List[Tuple[str, bytes]], Any]:
    """A P3 association (mts-access-88) carrying one message-submission invoke
    and its result; returns the frames and the invoke event the MTS saw."""
    syntaxes = [AbstractSyntax.from_tables(oid, name, x411.OPERATIONS[oid], x411.ERRORS[oid])
                for oid, name in ((x411.id_as_msse, "msse"), (x411.id_as_mdse_88, "mdse-88"),
                                  (x411.id_as_mase_88, "mase-88"))]
    bind = BindSyntax(x411.id_as_mts, "mts", M["MTSBindArgument"], M["MTSBindResult"],
                      M["MTSBindError"])
    ua = ROSEConnection(Role.INITIATOR, syntaxes=syntaxes, binds=[bind])
    mta = ROSEConnection(Role.RESPONDER, syntaxes=syntaxes, binds=[bind])
    frames: List[Tuple[str, bytes]] = []

    def move(a: Any, b: Any, d: str) -> List[Any]:
        data = a.data_to_send()
        if data:
            frames.append((d, data))
            b.receive_data(data)
        return _drain(b)

    ua.send(BindRequest({"initiator_name": ("user_agent", ORDescriptor(ALICE).to_asn1()[
                             "formal_name"]),
                         "initiator_credentials": ("simple", ("ia5_string", "secret"))},
                        x411.id_ac_mts_access_88))
    move(ua, mta, "c"), move(mta, ua, "s"), move(ua, mta, "c")
    mta.send(BindResult({"responder_name": ("mta", "MTA1"),
                         "responder_credentials": ("simple", ("ia5_string", "secret"))}))
    move(mta, ua, "s")
    iid = ua.send(Invoke(x411.op_message_submission, argument, x411.id_as_msse))
    (invoke,) = move(ua, mta, "c")
    mta.send(Result(iid, {"message_submission_identifier": MTSIdentifier(
        "GB", " ", "Isode", "1234").to_asn1(), "message_submission_time": T0}))
    (result,) = move(mta, ua, "s")
    return frames, (invoke, result)


def test_sample_submission_through_the_stack(codec: Any) -> None:
    frames, (invoke, result) = p3_frames(sample().to_submission().argument)
    assert invoke.name == "message-submission" and invoke.opcode == 3
    # The MTS reads the same message out of the invoke.
    assert Message.from_submission(invoke.argument) == sample()
    # The P-DATA carries the recorded argument bytes.
    assert SAMPLE_SUBMISSION in frames[4][1]
    m = sample().record_submission(result.result)
    assert m.mts_identifier == MTSIdentifier("GB", " ", "Isode", "1234")


def test_sample_submission_dissects_cleanly() -> None:
    tc = _tshark_check()
    if not tc.tshark_available():
        pytest.skip("tshark is not installed")
    frames, _ = p3_frames(M["MessageSubmissionArgument"].decode(SAMPLE_SUBMISSION))
    v = tc.check(frames, with_pres=True)
    assert v.ok, v.problems
    assert v.frames[2:] == [
        "P3  mts_bind_argument simple",
        "P3  mts_bind_result MTA1 simple",
        "P22  InterPersonal Message (Hello from x400fast)",
        "P7  ms_message_submission_result",
    ]
    for text in ("subject: Hello from x400fast", "data: Hello Bob",
                 "direct-reference: 2.6.1.4.11 (id-et-general-text)",
                 "CharacterSetRegistration: 100", "Pathname item: report.pdf",
                 "ISO FTAM unstructured binary: 255044462d312e342073616d706c65",
                 "latest-delivery-time", "content-identifier: SAMPLE-1"):
        assert text in v.detail, text
