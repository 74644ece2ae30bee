"""Every P3 PDU on real P3 associations, dissected by Wireshark.

The in-memory OSI machines of :mod:`x400fast.osi.rose` (a UA as initiator,
an MTS as responder) build three associations, each on its own TCP
connection to port 102:

1. **mts-access-88**: MTS-bind (argument and result), then every operation
   of the MSSE, MDSE-88 and MASE-88 abstract syntaxes of
   :data:`x400fast.asn1.x411.OPERATIONS`: its invoke, its result (every
   argument/result variant test_x411.py has), and for each error the
   operation may report an invoke answered by that returnError; then a ROS
   reject and the unbind (A-RELEASE);
2. **mts-access-94**: the same for MDSE-94 and MASE-94 (MSSE is the same
   abstract syntax in both contexts), bound with strong credentials;
3. a **refused bind**: AARQ answered by an AARE whose user information is
   the MTS-bind-error ``[18]``.

Each PDU travels in its own frame (one TPKT, one TCP segment).  The values
are those of tests/asn1/test_x411.py (imported, not repeated).  An invoke
that only precedes a returnError (or a second result variant) carries the
operation's argument cut to its mandatory components (the first element of
each list), built from the same values: it keeps the captures, and the
recorded table below, small.

The tests:

* ``test_every_operation_and_error_is_carried``: every operation and error
  of x411.OPERATIONS / ERRORS has its frames;
* ``test_frames_match_the_recorded_vectors`` (no tshark needed, both BER
  engines): the machines produce exactly the bytes in :data:`RECORDED`;
* ``test_tshark_dissects_every_frame``: one tshark run over a pcap of all
  frames; every frame must show the P3/ROS PDU expected and no malformed
  or BER-error expert item, except the Wireshark shortcomings listed, with
  the reason, in :data:`TSHARK_LIMITS`.  Skipped without tshark.

:data:`RECORDED` was generated once, by running this file as a script
(``PYTHONPATH=src python3 tests/asn1/test_x411_tshark.py``, ``-v`` adds the
problems found), with tshark 4.0.17: it dissected every recorded frame as
the PDU recorded beside its bytes, cleanly except for the frames of
:data:`TSHARK_LIMITS`, each Wireshark's shortcoming, not ours.
"""
from __future__ import annotations

import importlib.util
import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile
from typing import Any, Dict, List, Optional, Sequence, Tuple

import pytest

from x400fast import ber
from x400fast.asn1 import x411
from x400fast.message import IPMIdentifier, Message
from x400fast.asn1.core import K_CHOICE, K_EXPLICIT, K_SEQOF, K_SEQUENCE, K_SET, K_SETOF
from x400fast.osi.presentation import NEED_DATA
from x400fast.osi.rose import (AbstractSyntax, BindError, BindRequest, BindResult,
                               BindSyntax, Error, Invoke, Reject, Result, Role,
                               ROSEConnection, UnbindRequest, UnbindResult)

HERE = os.path.dirname(os.path.abspath(__file__))
M = x411.MTSAbstractService


def _load(name: str, path: str) -> Any:
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


# The realistic values of test_x411.py (its PDUS table: case id -> value).
_T411 = _load("x400fast_x411_tshark_values", os.path.join(HERE, "test_x411.py"))
V: Dict[str, Any] = {case: value for case, _, value in _T411.PDUS}
# test_x411's submission content is a placeholder, not the BER of an IPM; as
# the content type is 22, Wireshark hands the content to its P22 dissector,
# so the submissions here carry a real IPM.
_ORIGINATOR = "/S=Smith/G=John/O=Isode/PRMD=TestPRMD/ADMD= /C=GB/"
IPM = Message(originator=_ORIGINATOR, to=["/O=Example/PRMD=12345/ADMD=0/C=234/"],
              subject="Quarterly plan", body=["hello"],
              ipm_id=IPMIdentifier("ID-0042", _ORIGINATOR)).to_content()
V["message-submission-argument"] = dict(V["message-submission-argument"], content=IPM)

# ---------------------------------------------------------------------------
# What each operation carries

AS_NAMES = {x411.id_as_msse: "msse", x411.id_as_mdse_88: "mdse-88",
            x411.id_as_mase_88: "mase-88", x411.id_as_mdse_94: "mdse-94",
            x411.id_as_mase_94: "mase-94"}

# (abstract syntax, operation code) -> (argument case ids, result case ids).
# A result id None is the NULL result.  Variants are paired in turn, each
# pair an invoke and its result.
_DELIVERY = {
    5: (["message-delivery-argument"],
        ["message-delivery-result-empty", "message-delivery-result"]),
    6: (["report-delivery-argument"],
        ["report-delivery-result-empty", "report-delivery-result-extensions"]),
}
CARRIED: Dict[Tuple[str, int], Tuple[List[str], List[Optional[str]]]] = {
    (x411.id_as_msse, 3): (["message-submission-argument"], ["message-submission-result"]),
    (x411.id_as_msse, 4): (["probe-submission-argument"], ["probe-submission-result"]),
    (x411.id_as_msse, 7): (["cancel-deferred-delivery-argument"],
                           ["cancel-deferred-delivery-result"]),
    (x411.id_as_msse, 2): (["submission-control-argument"], ["submission-control-result"]),
    **{(x411.id_as_mdse_88, c): v for c, v in _DELIVERY.items()},
    # DeliveryControls88 answered by Waiting (SubmissionControlResult is Waiting)
    (x411.id_as_mdse_88, 2): (["delivery-controls-88"], ["submission-control-result"]),
    (x411.id_as_mase_88, 1): (["register-88"], [None]),
    (x411.id_as_mase_88, 8): (["change-credentials-argument"], [None]),
    **{(x411.id_as_mdse_94, c): v for c, v in _DELIVERY.items()},
    (x411.id_as_mdse_94, 2): (["delivery-control-argument"], ["delivery-control-result"]),
    (x411.id_as_mase_94, 1): (["register-argument", "register-argument-x121"],
                              ["register-result-empty", "register-result"]),
    (x411.id_as_mase_94, 8): (["change-credentials-argument"], [None]),
}
# error code -> parameter case ids (taken in turn); codes absent: no parameter
ERROR_PARAMETERS = {
    3: ["recipient-improperly-specified"],
    12: ["security-error"],
    16: ["operation-refused-builtin", "operation-refused-extension"],
}
# Operations the MTS invokes (the rest the UA invokes).
MTS_INVOKES = {5, 6}

ASSOCIATIONS = [
    # (name, application context, bind argument, bind result, syntaxes carried)
    ("88", x411.id_ac_mts_access_88, "bind-argument-simple", "bind-result-simple",
     (x411.id_as_msse, x411.id_as_mdse_88, x411.id_as_mase_88)),
    ("94", x411.id_ac_mts_access_94, "bind-argument-full", "bind-result-protected",
     (x411.id_as_mdse_94, x411.id_as_mase_94)),
]
REFUSED_BIND = ("bind-argument-octets", "bind-error")


def _mandatory(node: Any, value: Any) -> Any:
    """``value`` cut to its mandatory components and the first element of
    each list; O/R names and addresses are kept whole (cut, they would be
    empty)."""
    k = node.kind
    if k == K_EXPLICIT:
        return _mandatory(node.inner, value)
    if k in (K_SEQUENCE, K_SET):
        if "built_in_standard_attributes" in value:
            return value
        return {f.key: _mandatory(f.node, value[f.key]) for f in node.fields
                if not f.optional and f.key in value}
    if k == K_CHOICE:
        name, inner = value
        return (name, _mandatory(node.fields[node.by_key[name]].node, inner))
    if k in (K_SEQOF, K_SETOF):
        return [_mandatory(node.inner, x) for x in value[:1]]
    return value


# ---------------------------------------------------------------------------
# Building the associations

#: One frame: (label, TCP stream, direction "c"/"s", bytes, ROS check), the
#: check being (APDU name as Wireshark's ROS tree shows it, a line of its
#: tree) or None for frames that are not ROS APDUs.
Frame = Tuple[str, int, str, bytes, Optional[Tuple[str, str]]]


def _drain(conn: ROSEConnection) -> List[Any]:
    out = []
    while True:
        ev = conn.next_event()
        if ev is NEED_DATA:
            return out
        out.append(ev)


class _Wire:
    """Moves bytes between the two machines, one recorded frame per move."""

    def __init__(self, stream: int, ua: ROSEConnection, mts: ROSEConnection,
                 seen: Dict[str, int]) -> None:
        self.stream = stream
        self.ua = ua
        self.mts = mts
        self.seen = seen
        self.frames: List[Frame] = []

    def move(self, label: str, from_ua: bool,
             ros: Optional[Tuple[str, str]] = None) -> List[Any]:
        a, b = (self.ua, self.mts) if from_ua else (self.mts, self.ua)
        data = a.data_to_send()
        assert data, label
        n = self.seen[label] = self.seen.get(label, 0) + 1
        if n > 1:
            label = "%s (%d)" % (label, n)
        self.frames.append((label, self.stream, "c" if from_ua else "s", data, ros))
        b.receive_data(data)
        return _drain(b)


def _machines() -> Tuple[ROSEConnection, ROSEConnection]:
    syntaxes = [AbstractSyntax.from_tables(oid, name, x411.OPERATIONS[oid], x411.ERRORS[oid])
                for oid, name in AS_NAMES.items()]
    bind = BindSyntax(x411.id_as_mts, "mts", M["MTSBindArgument"], M["MTSBindResult"],
                      M["MTSBindError"])
    return (ROSEConnection(Role.INITIATOR, syntaxes=syntaxes, binds=[bind]),
            ROSEConnection(Role.RESPONDER, syntaxes=syntaxes, binds=[bind]))


def _bind(wire: _Wire, argument: str, ac: str) -> None:
    wire.ua.send(BindRequest(V[argument], ac))
    wire.move("T-CONNECT request (CR)", True)
    wire.move("T-CONNECT confirm (CC)", False)
    (ind,) = wire.move("MTS-bind argument " + argument, True)
    assert ind.argument == _T411.with_defaults(M["MTSBindArgument"], V[argument])


def _operate(wire: _Wire, syntax: str, turn: List[int]) -> None:
    """Every operation of ``syntax``: invokes with results, then errors."""
    name = AS_NAMES[syntax]
    for code, op in x411.OPERATIONS[syntax].items():
        arguments, results = CARRIED[(syntax, code)]
        by_mts = code in MTS_INVOKES
        invoker, performer = (wire.mts, wire.ua) if by_mts else (wire.ua, wire.mts)
        invoke = ("invoke", "opcode: %d" % code)
        short = _mandatory(op.argument.node(), V[arguments[0]])
        for i in range(max(len(arguments), len(results))):
            res = results[i % len(results)]
            if i < len(arguments):
                value = V[arguments[i]]
                label = "%s %s invoke %s" % (name, op.name, arguments[i])
            else:   # one more result: its invoke need not repeat a whole argument
                value = short
                label = "%s %s invoke (mandatory) for %s" % (name, op.name, res)
            iid = invoker.send(Invoke(code, value, syntax))
            (inv,) = wire.move(label, not by_mts, invoke)
            assert inv.opcode == code and inv.abstract_syntax == syntax
            assert inv.argument == _T411.with_defaults(op.argument, value)
            performer.send(Result(iid, None if res is None else V[res]))
            (got,) = wire.move("%s %s result %s" % (name, op.name, res or "NULL"), by_mts,
                               ("returnResult", "opcode: %d" % code))
            assert isinstance(got, Result) and got.invoke_id == iid
            assert got.result == (None if res is None
                                  else _T411.with_defaults(op.result, V[res]))
        for errcode in op.errors:
            spec = x411.ERRORS[syntax][errcode]
            params = ERROR_PARAMETERS.get(errcode)
            param = None
            if params:
                param = params[turn[0] % len(params)]
                turn[0] += 1
            iid = invoker.send(Invoke(code, short, syntax))
            wire.move("%s %s invoke (mandatory) for %s" % (name, op.name, spec.name),
                      not by_mts, invoke)
            performer.send(Error(iid, errcode, None if param is None else V[param]))
            (got,) = wire.move("%s %s error %s%s" % (name, op.name, spec.name,
                                                     " " + param if param else ""),
                               by_mts, ("returnError", "errcode: %d" % errcode))
            assert isinstance(got, Error) and got.errcode == errcode
            assert got.parameter == (None if param is None else V[param])


def build_frames() -> List[Frame]:
    """Every frame of the three associations, in order."""
    turn = [0]
    seen: Dict[str, int] = {}
    frames: List[Frame] = []
    for stream, (tag, ac, argument, result, syntaxes) in enumerate(ASSOCIATIONS):
        ua, mts = _machines()
        wire = _Wire(stream, ua, mts, seen)
        _bind(wire, argument, ac)
        mts.send(BindResult(V[result]))
        wire.move("MTS-bind result " + result, False)
        for syntax in syntaxes:
            _operate(wire, syntax, turn)
        if tag == "88":
            # The MTS refuses one invocation with a ROS reject.
            iid = ua.send(Invoke(x411.op_change_credentials,
                                 V["change-credentials-argument"], x411.id_as_mase_88))
            wire.move("mase-88 change-credentials invoke (to be rejected)", True,
                      ("invoke", "opcode: 8"))
            mts.send(Reject(iid, "invoke", 3))
            (rj,) = wire.move("ROS reject invoke resourceLimitation", False,
                              ("reject", "invoke: resourceLimitation (3)"))
            assert isinstance(rj, Reject) and rj.problem == 3
        ua.send(UnbindRequest())
        wire.move("MTS-unbind (RLRQ)", True)
        mts.send(UnbindResult())
        wire.move("MTS-unbind result (RLRE)", False)
        frames += wire.frames
    ua, mts = _machines()
    wire = _Wire(len(ASSOCIATIONS), ua, mts, seen)
    argument, error = REFUSED_BIND
    _bind(wire, argument, x411.id_ac_mts_access_88)
    mts.send(BindError(V[error]))
    (refused,) = wire.move("MTS-bind error " + error, False)
    assert isinstance(refused, BindError) and refused.error == V[error]
    return frames + wire.frames


# ---------------------------------------------------------------------------
# tshark

CLIENT_IP = bytes([10, 0, 0, 1])
SERVER_IP = bytes([10, 0, 0, 2])


def _checksum(header: bytes) -> int:
    total = sum(struct.unpack("!%dH" % (len(header) // 2), header))
    while total >> 16:
        total = (total & 0xFFFF) + (total >> 16)
    return ~total & 0xFFFF


def _packet(from_client: bool, port: int, seq: int, ack: int, flags: int,
            payload: bytes) -> bytes:
    src, dst = (CLIENT_IP, SERVER_IP) if from_client else (SERVER_IP, CLIENT_IP)
    sport, dport = (port, 102) if from_client else (102, port)
    tcp = struct.pack("!HHIIBBHHH", sport, dport, seq, ack, 5 << 4, flags, 65535, 0, 0)
    ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 40 + len(payload), 0, 0x4000, 64, 6, 0,
                     src, dst)
    ip = ip[:10] + struct.pack("!H", _checksum(ip)) + ip[12:]
    macs = b"\x02\x00\x00\x00\x00\x02\x02\x00\x00\x00\x00\x01"
    return (macs if from_client else macs[6:] + macs[:6]) + b"\x08\x00" + ip + tcp + payload


def build_pcap(frames: Sequence[Frame]) -> Tuple[bytes, List[int]]:
    """A pcap of ``frames``, each stream its own TCP connection (handshake
    first), every frame one segment (no MSS split, so frame = PDU).
    Returns the pcap and the pcap frame number of each frame."""
    packets: List[bytes] = []
    numbers: List[int] = []
    seqs: Dict[int, Dict[str, int]] = {}
    for _, stream, direction, data, _ in frames:
        port = 40000 + stream
        if stream not in seqs:
            seqs[stream] = seq = {"c": 1000, "s": 5000}
            packets += [_packet(True, port, 999, 0, 0x02, b""),
                        _packet(False, port, 4999, 1000, 0x12, b""),
                        _packet(True, port, 1000, 5000, 0x10, b"")]
        seq = seqs[stream]
        other = "s" if direction == "c" else "c"
        packets.append(_packet(direction == "c", port, seq[direction], seq[other], 0x18, data))
        seq[direction] += len(data)
        numbers.append(len(packets))
    out = [struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 262144, 1)]
    for n, p in enumerate(packets):
        out.append(struct.pack("<IIII", n, 0, len(p), len(p)) + p)
    return b"".join(out), numbers


def run_tshark(frames: Sequence[Frame]) -> List[Tuple[str, str]]:
    """One tshark run over all frames: for each, (``PROTOCOL  info`` of its
    summary line, its ``-V`` tree)."""
    pcap, numbers = build_pcap(frames)
    fd, path = tempfile.mkstemp(suffix=".pcap")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(pcap)
        proc = subprocess.run(["tshark", "-n", "-r", path, "-P", "-V"],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              timeout=120, check=False)
    finally:
        os.unlink(path)
    if proc.returncode != 0:
        raise RuntimeError(proc.stderr.decode("utf-8", "replace"))
    text = proc.stdout.decode("utf-8", "replace")
    by_number: Dict[int, Tuple[str, str]] = {}
    # With -P -V each frame is its summary line ("N  T.TTTTTT  src -> dst
    # PROTOCOL LENGTH info"), then "Frame N: ..." and its tree.
    heads = list(re.finditer(r"^ *(\d+) +\d+\.\d{6} +\S+ \S+ \S+ +(\S+) \d+ ?(.*)$",
                             text, re.M))
    for m, nxt in zip(heads, heads[1:] + [None]):
        end = nxt.start() if nxt is not None else len(text)
        by_number[int(m.group(1))] = ("%s  %s" % (m.group(2), m.group(3).strip()),
                                      text[m.end():end])
    return [by_number[n] for n in numbers]


# Open-type values whose OID no Wireshark dissector knows, by nature: the
# private extensions and security-category types of test_x411's values.
# Wireshark notes each as "Undecoded" (a note on the value, not an error);
# any other undecoded open type counts as a problem.
UNDISSECTED_OIDS = {
    "1.3.6.1.4.1.453.7.2", "1.3.6.1.4.1.453.7.3.1", "1.3.6.1.4.1.453.7.5",
    "1.3.6.1.4.1.453.7.9", "2.16.840.1.101.2.1.8.1", "1.3.26.1.4.2",
}


def problems(detail: str) -> List[str]:
    """Expert items of severity warning or error, malformed packets and
    dissector bugs in one frame's tree, less the notes on open types of
    :data:`UNDISSECTED_OIDS`."""
    out = []
    lines = detail.splitlines()
    for i, line in enumerate(lines):
        text = line.strip()
        if not text.startswith("[Expert Info (") and "Malformed Packet" not in text \
                and "Dissector bug" not in text:
            continue
        if text.startswith("[Expert Info (Note") or text.startswith("[Expert Info (Chat"):
            continue
        if "BER: Dissector for OID not implemented" in text and i >= 2:
            oid = re.search(r"(\d+(?:\.\d+)+)", lines[i - 2])
            if oid is not None and oid.group(1) in UNDISSECTED_OIDS:
                continue
        out.append(text)
    return out


# Wireshark 4.0.17's shortcomings, each checked by reading the frame's tree:
# (frame label prefix, reason).  A frame listed here must still dissect as
# the recorded PDU and must show a problem (else the entry is stale).
_MSSE = ("Wireshark's P7 dissector registers id-as-msse after P3 and so "
         "dissects the MSSE with its MS-submission table")
TSHARK_LIMITS: List[Tuple[str, str]] = [
    ("msse message-submission result",
     _MSSE + ", whose hand-expanded COMPONENTS OF MessageSubmissionResult sits in an "
     "EXPLICIT module: it expects extensions [1] explicit, X.411 makes it implicit"),
    ("msse probe-submission invoke",
     _MSSE + ", whose COMPONENTS OF ProbeSubmissionArgument copy expects "
     "content-length [0], extensions [2] and per-recipient-fields [3] explicit"),
    ("msse probe-submission result",
     _MSSE + ", whose COMPONENTS OF ProbeSubmissionResult copy expects "
     "probe-submission-time [0] explicit"),
    ("msse cancel-deferred-delivery invoke", _MSSE + ", which lacks operation 7"),
    ("msse cancel-deferred-delivery result", _MSSE + ", which lacks operation 7"),
    ("msse submission-control invoke", _MSSE + ", which lacks operation 2"),
    ("msse submission-control result", _MSSE + ", which lacks operation 2"),
    ("msse message-submission error recipient-improperly-specified",
     _MSSE + ", which lacks the parameter of error 3"),
    ("msse probe-submission error recipient-improperly-specified",
     _MSSE + ", which lacks the parameter of error 3"),
    ("msse message-submission error security-error",
     _MSSE + ", which lacks the parameter of error 12"),
    ("msse probe-submission error security-error",
     _MSSE + ", which lacks the parameter of error 12"),
    ("msse submission-control error security-error",
     _MSSE + ", which lacks the parameter of error 12"),
    ("mdse-88 delivery-control invoke delivery-controls-88",
     "Wireshark's P3 table has one operation per code: code 2 is always "
     "submission-control, whose argument has no permissible-encoded-information-types"),
    ("mdse-94 delivery-control invoke delivery-control-argument",
     "Wireshark dissects code 2 as submission-control, whose argument has no [6]"),
    ("mdse-94 delivery-control result delivery-control-result",
     "Wireshark dissects code 2 as submission-control, whose result has no "
     "extensions [6]"),
    ("mase-88 register invoke register-88",
     "Wireshark knows only the 1994 RegisterArgument, not the 1988 Register88"),
    ("mase-94 register error operation-refused operation-refused-extension",
     "Wireshark picks the refused-extension alternative but its ExtensionType "
     "CHOICE does not take the standard-extension [0] inside it"),
]


def limit_for(label: str) -> Optional[str]:
    for prefix, reason in TSHARK_LIMITS:
        if label.startswith(prefix):
            return reason
    return None


# ---------------------------------------------------------------------------
# The recorded frames: (label, what tshark 4.0.17 showed: protocol and info
# column, bytes).  tshark dissected each cleanly (no malformed packet, no BER
# error, no undecoded PDU) except the frames of TSHARK_LIMITS.

RECORDED: List[Tuple[str, str, str]] = [
    ('T-CONNECT request (CR)',
     'COTP  CR TPDU src-ref: 0x0001 dst-ref: 0x0000',
     "0300000b06e00000000100"),
    ('T-CONNECT confirm (CC)',
     'COTP  CC TPDU src-ref: 0x0001 dst-ref: 0x0001',
     "0300000b06d00001000100"),
    ('MTS-bind argument bind-argument-simple',
     'P3  mts_bind_argument simple',
     "030000f302f0800dea050613010016010214020002c1dc3181d9a003800101a281d1a455300f02010106"
     "0452010001300406025101300f020103060456000201300406025101300f020105060456000202300406"
     "025101300f020107060456000206300406025101300f02010906045600020b3004060251016178307602"
     "0101a071606fa106060456000100be65286306025101020109a05ab05831566048304661041302474262"
     "03130120a20a13085465737450524d44830549736f6465a5158005536d69746881044a6f686e82024a51"
     "83024a72a60f130553616c657313064575726f7065a20a16087033736563726574"),
    ('MTS-bind result bind-result-simple',
     'P3  mts_bind_result mta1.example.com simple',
     "030000bb02f0800eb2050613010016010214020002c1a43181a1a003800101a28199a52d300780010081"
     "025101300780010081025101300780010081025101300780010081025101300780010081025101616830"
     "66020101a061615fa106060456000100a203020100a305a103020100be49284706025101020109a03eb1"
     "3c313a80106d7461312e6578616d706c652e636f6da11a3118a003800100a108800103810300bc55a207"
     "80010181020400a20a16087033736563726574"),
    ('msse message-submission invoke message-submission-argument',
     'P22  InterPersonal Message (Quarterly plan)',
     "0300066702f080010001006182065830820654020103a082064da18206490201010201033082063f3182"
     "057c604830466104130247426203130120a20a13085465737450524d44830549736f6465a5158005536d"
     "69746881044a6f686e82024a5183024a72a60f130553616c657313064575726f7065652f800204308104"
     "0100c002a20c80031b2842820201028401ffa415060456010c00060456030402060728ce250701000146"
     "0116470102480204304a0749442d30303432800d3234303531383030303030305aa1820343318201ae60"
     "32301e610512033233346203120130a2071205313233343583074578616d706c653110300e800101a109"
     "13075033557365723180020410810100a282016f3008800116a2030a01013009800109a2040302052030"
     "0d800106a20830060201010201023082014780010281020780a282013c60820138306861041302444562"
     "06130456696154800a3439333031323334353681065445524d2031a20913074578616d706c65830c4578"
     "616d706c6520476d6248840434373131a50d80054d656965728104416e6e61a6161303522b4413064265"
     "726c696e13034c616213024232302e302213075246432d3832321317616e6e612e6d6569657228612965"
     "78616d706c652e64653008130249441302313231583008800117a103020104300e800109a1091307442d"
     "31303131353011800101a10c130a416e6e61204d656965723012800102a10d140b416e6e61204dfc6c6c"
     "65723015800118a110310e130252551e080410043d043d0430a0423040310b3009060355040613024742"
     "310e300c060355040a0c0549736f64653121300c060355040b0c0553616c6573301106035504030c0a4a"
     "6f686e20536d697468318201406082013830686104130244456206130456696154800a34393330313233"
     "34353681065445524d2031a20913074578616d706c65830c4578616d706c6520476d6248840434373131"
     "a50d80054d656965728104416e6e61a6161303522b4413064265726c696e13034c616213024232302e30"
     "2213075246432d3832321317616e6e612e6d656965722861296578616d706c652e646530081302494413"
     "02313231583008800117a103020104300e800109a1091307442d31303131353011800101a10c130a416e"
     "6e61204d656965723012800102a10d140b416e6e61204dfc6c6c65723015800118a110310e130252551e"
     "080410043d043d0430a0423040310b3009060355040613024742310e300c060355040a0c0549736f6465"
     "3121300c060355040b0c0553616c6573301106035504030c0a4a6f686e20536d69746880020308314b60"
     "463000a0423040310b3009060355040613024742310e300c060355040a0c0549736f64653121300c0603"
     "55040b0c0553616c6573301106035504030c0a4a6f686e20536d697468800100a2820194300c80010181"
     "020520a2030a0101300c80011581020780a2030a01013010800117a20b1609636f72722d303030313015"
     "830a2b060104018345070301a2070c0568656c6c6f301880010581020520a20f170d3234303531383030"
     "303030305a304f80010da24a304830466104130247426203130120a20a13085465737450524d44830549"
     "736f6465a5158005536d69746881044a6f686e82024a5183024a72a60f130553616c657313064575726f"
     "7065305980011481020520a250314e02010306052b1a010401312830108009608648016502010801a103"
     "020107301480052b1a010402a10b0c0945594553204f4e4c591318434f4d4d45524349414c20494e2043"
     "4f4e464944454e434530818680012aa28180317e6032301e610512033233346203120130a20712053132"
     "33343583074578616d706c653110300e800101a109130750335573657231604830466104130247426203"
     "130120a20a13085465737450524d44830549736f6465a5158005536d69746881044a6f686e82024a5183"
     "024a72a60f130553616c657313064575726f70650481bca081b93181a96b3a130749442d30303432602f"
     "302d6104130247426203130120a20a13085465737450524d44830549736f6465a50d8005536d69746881"
     "044a6f686ea031602f302d6104130247426203130120a20a13085465737450524d44830549736f6465a5"
     "0d8005536d69746881044a6f686ea2263124a0226020301e610512033233346203120130a20712053132"
     "33343583074578616d706c65a810140e517561727465726c7920706c616e300ba0093100160568656c6c"
     "6f"),
    ('msse message-submission result message-submission-result',
     'P7  ms_message_submission_result',
     "030000d602f080010001006181c83081c5020103a081bfa281bc0201013081b60201033181b064296315"
     "610413024742620313012013085465737450524d441610303531373039333030355a2d313233344a0749"
     "442d30303432800d3234303531373039333030355aa16b301f800123a21a3018300d06092a864886f70d"
     "01010b05000307001f2e3d4c5b6a3048800122a243304130203008a003020102020107300d06092a8648"
     "86f70d01010b0500030500c0ffee01301d311b30193003020108300d06092a864886f70d01010b050003"
     "0300abcd"),
    ('msse message-submission invoke (mandatory) for submission-control-violated',
     'P22  InterPersonal Message (Quarterly plan)',
     "0300017302f080010001006182016430820160020103a0820159a18201550201020201033082014b3181"
     "89604830466104130247426203130120a20a13085465737450524d44830549736f6465a5158005536d69"
     "746881044a6f686e82024a5183024a72a60f130553616c657313064575726f7065460116a13a31386032"
     "301e610512033233346203120130a2071205313233343583074578616d706c653110300e800101a10913"
     "0750335573657231800204100481bca081b93181a96b3a130749442d30303432602f302d610413024742"
     "6203130120a20a13085465737450524d44830549736f6465a50d8005536d69746881044a6f686ea03160"
     "2f302d6104130247426203130120a20a13085465737450524d44830549736f6465a50d8005536d697468"
     "81044a6f686ea2263124a0226020301e610512033233346203120130a207120531323334358307457861"
     "6d706c65a810140e517561727465726c7920706c616e300ba0093100160568656c6c6f"),
    ('msse message-submission error submission-control-violated',
     'ROS  ',
     "0300001c02f08001000100610f300d020103a008a306020102020101"),
    ('msse message-submission invoke (mandatory) for element-of-service-not-subscribed',
     'P22  InterPersonal Message (Quarterly plan)',
     "0300017302f080010001006182016430820160020103a0820159a18201550201030201033082014b3181"
     "89604830466104130247426203130120a20a13085465737450524d44830549736f6465a5158005536d69"
     "746881044a6f686e82024a5183024a72a60f130553616c657313064575726f7065460116a13a31386032"
     "301e610512033233346203120130a2071205313233343583074578616d706c653110300e800101a10913"
     "0750335573657231800204100481bca081b93181a96b3a130749442d30303432602f302d610413024742"
     "6203130120a20a13085465737450524d44830549736f6465a50d8005536d69746881044a6f686ea03160"
     "2f302d6104130247426203130120a20a13085465737450524d44830549736f6465a50d8005536d697468"
     "81044a6f686ea2263124a0226020301e610512033233346203120130a207120531323334358307457861"
     "6d706c65a810140e517561727465726c7920706c616e300ba0093100160568656c6c6f"),
    ('msse message-submission error element-of-service-not-subscribed',
     'ROS  ',
     "0300001c02f08001000100610f300d020103a008a306020103020104"),
    ('msse message-submission invoke (mandatory) for originator-invalid',
     'P22  InterPersonal Message (Quarterly plan)',
     "0300017302f080010001006182016430820160020103a0820159a18201550201040201033082014b3181"
     "89604830466104130247426203130120a20a13085465737450524d44830549736f6465a5158005536d69"
     "746881044a6f686e82024a5183024a72a60f130553616c657313064575726f7065460116a13a31386032"
     "301e610512033233346203120130a2071205313233343583074578616d706c653110300e800101a10913"
     "0750335573657231800204100481bca081b93181a96b3a130749442d30303432602f302d610413024742"
     "6203130120a20a13085465737450524d44830549736f6465a50d8005536d69746881044a6f686ea03160"
     "2f302d6104130247426203130120a20a13085465737450524d44830549736f6465a50d8005536d697468"
     "81044a6f686ea2263124a0226020301e610512033233346203120130a207120531323334358307457861"
     "6d706c65a810140e517561727465726c7920706c616e300ba0093100160568656c6c6f"),
    ('msse message-submission error originator-invalid',
     'ROS  ',
     "0300001c02f08001000100610f300d020103a008a306020104020102"),
    ('msse message-submission invoke (mandatory) for recipient-improperly-specified',
     'P22  InterPersonal Message (Quarterly plan)',
     "0300017302f080010001006182016430820160020103a0820159a18201550201050201033082014b3181"
     "89604830466104130247426203130120a20a13085465737450524d44830549736f6465a5158005536d69"
     "746881044a6f686e82024a5183024a72a60f130553616c657313064575726f7065460116a13a31386032"
     "301e610512033233346203120130a2071205313233343583074578616d706c653110300e800101a10913"
     "0750335573657231800204100481bca081b93181a96b3a130749442d30303432602f302d610413024742"
     "6203130120a20a13085465737450524d44830549736f6465a50d8005536d69746881044a6f686ea03160"
     "2f302d6104130247426203130120a20a13085465737450524d44830549736f6465a50d8005536d697468"
     "81044a6f686ea2263124a0226020301e610512033233346203120130a207120531323334358307457861"
     "6d706c65a810140e517561727465726c7920706c616e300ba0093100160568656c6c6f"),
    ('msse message-submission error recipient-improperly-specified recipient-improperly-specified',
     'P7  ',
     "0300019802f080010001006182018930820185020103a082017ea382017a020105020103308201706032"
     "301e610512033233346203120130a2071205313233343583074578616d706c653110300e800101a10913"
     "07503355736572316082013830686104130244456206130456696154800a343933303132333435368106"
     "5445524d2031a20913074578616d706c65830c4578616d706c6520476d6248840434373131a50d80054d"
     "656965728104416e6e61a6161303522b4413064265726c696e13034c616213024232302e302213075246"
     "432d3832321317616e6e612e6d656965722861296578616d706c652e6465300813024944130231323158"
     "3008800117a103020104300e800109a1091307442d31303131353011800101a10c130a416e6e61204d65"
     "6965723012800102a10d140b416e6e61204dfc6c6c65723015800118a110310e130252551e080410043d"
     "043d0430a0423040310b3009060355040613024742310e300c060355040a0c0549736f64653121300c06"
     "0355040b0c0553616c6573301106035504030c0a4a6f686e20536d697468"),
    ('msse message-submission invoke (mandatory) for inconsistent-request',
     'P22  InterPersonal Message (Quarterly plan)',
     "0300017302f080010001006182016430820160020103a0820159a18201550201060201033082014b3181"
     "89604830466104130247426203130120a20a13085465737450524d44830549736f6465a5158005536d69"
     "746881044a6f686e82024a5183024a72a60f130553616c657313064575726f7065460116a13a31386032"
     "301e610512033233346203120130a2071205313233343583074578616d706c653110300e800101a10913"
     "0750335573657231800204100481bca081b93181a96b3a130749442d30303432602f302d610413024742"
     "6203130120a20a13085465737450524d44830549736f6465a50d8005536d69746881044a6f686ea03160"
     "2f302d6104130247426203130120a20a13085465737450524d44830549736f6465a50d8005536d697468"
     "81044a6f686ea2263124a0226020301e610512033233346203120130a207120531323334358307457861"
     "6d706c65a810140e517561727465726c7920706c616e300ba0093100160568656c6c6f"),
    ('msse message-submission error inconsistent-request',
     'ROS  ',
     "0300001c02f08001000100610f300d020103a008a30602010602010b"),
    ('msse message-submission invoke (mandatory) for security-error',
     'P22  InterPersonal Message (Quarterly plan)',
     "0300017302f080010001006182016430820160020103a0820159a18201550201070201033082014b3181"
     "89604830466104130247426203130120a20a13085465737450524d44830549736f6465a5158005536d69"
     "746881044a6f686e82024a5183024a72a60f130553616c657313064575726f7065460116a13a31386032"
     "301e610512033233346203120130a2071205313233343583074578616d706c653110300e800101a10913"
     "0750335573657231800204100481bca081b93181a96b3a130749442d30303432602f302d610413024742"
     "6203130120a20a13085465737450524d44830549736f6465a50d8005536d69746881044a6f686ea03160"
     "2f302d6104130247426203130120a20a13085465737450524d44830549736f6465a50d8005536d697468"
     "81044a6f686ea2263124a0226020301e610512033233346203120130a207120531323334358307457861"
     "6d706c65a810140e517561727465726c7920706c616e300ba0093100160568656c6c6f"),
    ('msse message-submission error security-error security-error',
     'P7  ',
     "0300001f02f0800100010061123010020103a00ba30902010702010c020120"),
    ('msse message-submission invoke (mandatory) for unsupported-critical-function',
     'P22  InterPersonal Message (Quarterly plan)',
     "0300017302f080010001006182016430820160020103a0820159a18201550201080201033082014b3181"
     "89604830466104130247426203130120a20a13085465737450524d44830549736f6465a5158005536d69"
     "746881044a6f686e82024a5183024a72a60f130553616c657313064575726f7065460116a13a31386032"
     "301e610512033233346203120130a2071205313233343583074578616d706c653110300e800101a10913"
     "0750335573657231800204100481bca081b93181a96b3a130749442d30303432602f302d610413024742"
     "6203130120a20a13085465737450524d44830549736f6465a50d8005536d69746881044a6f686ea03160"
     "2f302d6104130247426203130120a20a13085465737450524d44830549736f6465a50d8005536d697468"
     "81044a6f686ea2263124a0226020301e610512033233346203120130a207120531323334358307457861"
     "6d706c65a810140e517561727465726c7920706c616e300ba0093100160568656c6c6f"),
    ('msse message-submission error unsupported-critical-function',
     'ROS  ',
     "0300001c02f08001000100610f300d020103a008a30602010802010d"),
    ('msse message-submission invoke (mandatory) for remote-bind-error',
     'P22  InterPersonal Message (Quarterly plan)',
     "0300017302f080010001006182016430820160020103a0820159a18201550201090201033082014b3181"
     "89604830466104130247426203130120a20a13085465737450524d44830549736f6465a5158005536d69"
     "746881044a6f686e82024a5183024a72a60f130553616c657313064575726f7065460116a13a31386032"
     "301e610512033233346203120130a2071205313233343583074578616d706c653110300e800101a10913"
     "0750335573657231800204100481bca081b93181a96b3a130749442d30303432602f302d610413024742"
     "6203130120a20a13085465737450524d44830549736f6465a50d8005536d69746881044a6f686ea03160"
     "2f302d6104130247426203130120a20a13085465737450524d44830549736f6465a50d8005536d697468"
     "81044a6f686ea2263124a0226020301e610512033233346203120130a207120531323334358307457861"
     "6d706c65a810140e517561727465726c7920706c616e300ba0093100160568656c6c6f"),
    ('msse message-submission error remote-bind-error',
     'ROS  ',
     "0300001c02f08001000100610f300d020103a008a30602010902010f"),
    ('msse probe-submission invoke probe-submission-argument',
     'P7  ms_probe_submission_argument[Malformed Packet]',
     "030002a302f080010001006182029430820290020103a0820289a182028502010a0201043182027b0604"
     "56010a01604830466104130247426203130120a20a13085465737450524d44830549736f6465a5158005"
     "536d69746881044a6f686e82024a5183024a72a60f130553616c657313064575726f7065650480020520"
     "480206404a0770726f62652d31800301e240a27d300c80010381020520a2030a01013023800118810205"
     "20a21a3018300d06092a864886f70d01010b05000307001f2e3d4c5b6a304880010fa243304130203008"
     "a003020102020107300d06092a864886f70d01010b0500030500c0ffee01301d311b3019300302010830"
     "0d06092a864886f70d01010b0500030300abcda382019031476032301e610512033233346203120130a2"
     "071205313233343583074578616d706c653110300e800101a10913075033557365723180020410a20d30"
     "0b80010ca206060456030500318201436082013830686104130244456206130456696154800a34393330"
     "31323334353681065445524d2031a20913074578616d706c65830c4578616d706c6520476d6248840434"
     "373131a50d80054d656965728104416e6e61a6161303522b4413064265726c696e13034c616213024232"
     "302e302213075246432d3832321317616e6e612e6d656965722861296578616d706c652e646530081302"
     "49441302313231583008800117a103020104300e800109a1091307442d31303131353011800101a10c13"
     "0a416e6e61204d656965723012800102a10d140b416e6e61204dfc6c6c65723015800118a110310e1302"
     "52551e080410043d043d0430a0423040310b3009060355040613024742310e300c060355040a0c054973"
     "6f64653121300c060355040b0c0553616c6573301106035504030c0a4a6f686e20536d69746880020410"
     "810108"),
    ('msse probe-submission result probe-submission-result',
     'P7  ms_probe_submission_result',
     "0300004d02f080010001006140303e020103a039a23702010a3032020104312d641c630c610512033233"
     "346203120130160c6162632e646566406d746131800d3234303531373039333130305a"),
    ('msse probe-submission invoke (mandatory) for submission-control-violated',
     'P7  ms_probe_submission_argument',
     "030000af02f080010001006181a130819e020103a08198a1819502010b02010431818c060456010a0160"
     "4830466104130247426203130120a20a13085465737450524d44830549736f6465a5158005536d697468"
     "81044a6f686e82024a5183024a72a60f130553616c657313064575726f7065a33a31386032301e610512"
     "033233346203120130a2071205313233343583074578616d706c653110300e800101a109130750335573"
     "65723180020410"),
    ('msse probe-submission error submission-control-violated',
     'ROS  ',
     "0300001c02f08001000100610f300d020103a008a30602010b020101"),
    ('msse probe-submission invoke (mandatory) for element-of-service-not-subscribed',
     'P7  ms_probe_submission_argument',
     "030000af02f080010001006181a130819e020103a08198a1819502010c02010431818c060456010a0160"
     "4830466104130247426203130120a20a13085465737450524d44830549736f6465a5158005536d697468"
     "81044a6f686e82024a5183024a72a60f130553616c657313064575726f7065a33a31386032301e610512"
     "033233346203120130a2071205313233343583074578616d706c653110300e800101a109130750335573"
     "65723180020410"),
    ('msse probe-submission error element-of-service-not-subscribed',
     'ROS  ',
     "0300001c02f08001000100610f300d020103a008a30602010c020104"),
    ('msse probe-submission invoke (mandatory) for originator-invalid',
     'P7  ms_probe_submission_argument',
     "030000af02f080010001006181a130819e020103a08198a1819502010d02010431818c060456010a0160"
     "4830466104130247426203130120a20a13085465737450524d44830549736f6465a5158005536d697468"
     "81044a6f686e82024a5183024a72a60f130553616c657313064575726f7065a33a31386032301e610512"
     "033233346203120130a2071205313233343583074578616d706c653110300e800101a109130750335573"
     "65723180020410"),
    ('msse probe-submission error originator-invalid',
     'ROS  ',
     "0300001c02f08001000100610f300d020103a008a30602010d020102"),
    ('msse probe-submission invoke (mandatory) for recipient-improperly-specified',
     'P7  ms_probe_submission_argument',
     "030000af02f080010001006181a130819e020103a08198a1819502010e02010431818c060456010a0160"
     "4830466104130247426203130120a20a13085465737450524d44830549736f6465a5158005536d697468"
     "81044a6f686e82024a5183024a72a60f130553616c657313064575726f7065a33a31386032301e610512"
     "033233346203120130a2071205313233343583074578616d706c653110300e800101a109130750335573"
     "65723180020410"),
    ('msse probe-submission error recipient-improperly-specified recipient-improperly-specified',
     'P7  ',
     "0300019802f080010001006182018930820185020103a082017ea382017a02010e020103308201706032"
     "301e610512033233346203120130a2071205313233343583074578616d706c653110300e800101a10913"
     "07503355736572316082013830686104130244456206130456696154800a343933303132333435368106"
     "5445524d2031a20913074578616d706c65830c4578616d706c6520476d6248840434373131a50d80054d"
     "656965728104416e6e61a6161303522b4413064265726c696e13034c616213024232302e302213075246"
     "432d3832321317616e6e612e6d656965722861296578616d706c652e6465300813024944130231323158"
     "3008800117a103020104300e800109a1091307442d31303131353011800101a10c130a416e6e61204d65"
     "6965723012800102a10d140b416e6e61204dfc6c6c65723015800118a110310e130252551e080410043d"
     "043d0430a0423040310b3009060355040613024742310e300c060355040a0c0549736f64653121300c06"
     "0355040b0c0553616c6573301106035504030c0a4a6f686e20536d697468"),
    ('msse probe-submission invoke (mandatory) for inconsistent-request',
     'P7  ms_probe_submission_argument',
     "030000af02f080010001006181a130819e020103a08198a1819502010f02010431818c060456010a0160"
     "4830466104130247426203130120a20a13085465737450524d44830549736f6465a5158005536d697468"
     "81044a6f686e82024a5183024a72a60f130553616c657313064575726f7065a33a31386032301e610512"
     "033233346203120130a2071205313233343583074578616d706c653110300e800101a109130750335573"
     "65723180020410"),
    ('msse probe-submission error inconsistent-request',
     'ROS  ',
     "0300001c02f08001000100610f300d020103a008a30602010f02010b"),
    ('msse probe-submission invoke (mandatory) for security-error',
     'P7  ms_probe_submission_argument',
     "030000af02f080010001006181a130819e020103a08198a1819502011002010431818c060456010a0160"
     "4830466104130247426203130120a20a13085465737450524d44830549736f6465a5158005536d697468"
     "81044a6f686e82024a5183024a72a60f130553616c657313064575726f7065a33a31386032301e610512"
     "033233346203120130a2071205313233343583074578616d706c653110300e800101a109130750335573"
     "65723180020410"),
    ('msse probe-submission error security-error security-error',
     'P7  ',
     "0300001f02f0800100010061123010020103a00ba30902011002010c020120"),
    ('msse probe-submission invoke (mandatory) for unsupported-critical-function',
     'P7  ms_probe_submission_argument',
     "030000af02f080010001006181a130819e020103a08198a1819502011102010431818c060456010a0160"
     "4830466104130247426203130120a20a13085465737450524d44830549736f6465a5158005536d697468"
     "81044a6f686e82024a5183024a72a60f130553616c657313064575726f7065a33a31386032301e610512"
     "033233346203120130a2071205313233343583074578616d706c653110300e800101a109130750335573"
     "65723180020410"),
    ('msse probe-submission error unsupported-critical-function',
     'ROS  ',
     "0300001c02f08001000100610f300d020103a008a30602011102010d"),
    ('msse probe-submission invoke (mandatory) for remote-bind-error',
     'P7  ms_probe_submission_argument',
     "030000af02f080010001006181a130819e020103a08198a1819502011202010431818c060456010a0160"
     "4830466104130247426203130120a20a13085465737450524d44830549736f6465a5158005536d697468"
     "81044a6f686e82024a5183024a72a60f130553616c657313064575726f7065a33a31386032301e610512"
     "033233346203120130a2071205313233343583074578616d706c653110300e800101a109130750335573"
     "65723180020410"),
    ('msse probe-submission error remote-bind-error',
     'ROS  ',
     "0300001c02f08001000100610f300d020103a008a30602011202010f"),
    ('msse cancel-deferred-delivery invoke cancel-deferred-delivery-argument',
     'P7  ',
     "0300004702f08001000100613a3038020103a033a1310201130201076429631561041302474262031301"
     "2013085465737450524d441610303531373039333030355a2d31323334"),
    ('msse cancel-deferred-delivery result cancel-deferred-delivery-result',
     'P7  ',
     "0300002002f0800100010061133011020103a00ca20a02011330050201070500"),
    ('msse cancel-deferred-delivery invoke (mandatory) for deferred-delivery-cancellation-rejected',
     'P7  ',
     "0300003d02f080010001006130302e020103a029a127020114020107641f630b61041302474262031301"
     "201610303531373039333030355a2d31323334"),
    ('msse cancel-deferred-delivery error deferred-delivery-cancellation-rejected',
     'ROS  ',
     "0300001c02f08001000100610f300d020103a008a306020114020108"),
    ('msse cancel-deferred-delivery invoke (mandatory) for message-submission-identifier-invalid',
     'P7  ',
     "0300003d02f080010001006130302e020103a029a127020115020107641f630b61041302474262031301"
     "201610303531373039333030355a2d31323334"),
    ('msse cancel-deferred-delivery error message-submission-identifier-invalid',
     'ROS  ',
     "0300001c02f08001000100610f300d020103a008a306020115020107"),
    ('msse cancel-deferred-delivery invoke (mandatory) for remote-bind-error',
     'P7  ',
     "0300003d02f080010001006130302e020103a029a127020116020107641f630b61041302474262031301"
     "201610303531373039333030355a2d31323334"),
    ('msse cancel-deferred-delivery error remote-bind-error',
     'ROS  ',
     "0300001c02f08001000100610f300d020103a008a30602011602010f"),
    ('msse submission-control invoke submission-control-argument',
     'P7  ',
     "0300007902f08001000100616c306a020103a065a163020117020102315b470102810100820100a55031"
     "4e02010306052b1a010401312830108009608648016502010801a103020107301480052b1a010402a10b"
     "0c0945594553204f4e4c591318434f4d4d45524349414c20494e20434f4e464944454e4345"),
    ('msse submission-control result submission-control-result',
     'P7  ',
     "0300003902f08001000100612c302a020103a025a223020117301e0201023119650480020520800206c0"
     "810205a0a209060456010a01460116"),
    ('msse submission-control invoke (mandatory) for security-error',
     'P7  ',
     "0300001e02f080010001006111300f020103a00aa1080201180201023100"),
    ('msse submission-control error security-error security-error',
     'P7  ',
     "0300001f02f0800100010061123010020103a00ba30902011802010c020120"),
    ('msse submission-control invoke (mandatory) for remote-bind-error',
     'P7  ',
     "0300001e02f080010001006111300f020103a00aa1080201190201023100"),
    ('msse submission-control error remote-bind-error',
     'ROS  ',
     "0300001c02f08001000100610f300d020103a008a30602011902010f"),
    ('mdse-88 message-delivery invoke message-delivery-argument',
     'P22  InterPersonal',
     "0300080d02f08001000100618207fe308207fa020105a08207f3a18207ef020101020105308207e56429"
     "6315610413024742620313012013085465737450524d441610303531373039333030355a2d3132333417"
     "0d3234303531373039333130305a318207a3604830466104130247426203130120a20a13085465737450"
     "524d44830549736f6465a5158005536d69746881044a6f686e82024a5183024a72a60f130553616c6573"
     "13064575726f7065470101800116a12f8002043081040100c002a20c80031b2842820201028401ffa415"
     "060456010c00060456030402060728ce250701000182020640a382018460820138306861041302444562"
     "06130456696154800a3439333031323334353681065445524d2031a20913074578616d706c65830c4578"
     "616d706c6520476d6248840434373131a50d80054d656965728104416e6e61a6161303522b4413064265"
     "726c696e13034c616213024232302e302213075246432d3832321317616e6e612e6d6569657228612965"
     "78616d706c652e64653008130249441302313231583008800117a103020104300e800109a1091307442d"
     "31303131353011800101a10c130a416e6e61204d656965723012800102a10d140b416e6e61204dfc6c6c"
     "65723015800118a110310e130252551e080410043d043d0430a0423040310b3009060355040613024742"
     "310e300c060355040a0c0549736f64653121300c060355040b0c0553616c6573301106035504030c0a4a"
     "6f686e20536d69746860463000a0423040310b3009060355040613024742310e300c060355040a0c0549"
     "736f64653121300c060355040b0c0553616c6573301106035504030c0a4a6f686e20536d697468a43230"
     "1e610512033233346203120130a2071205313233343583074578616d706c653110300e800101a1091307"
     "50335573657231a582013830686104130244456206130456696154800a34393330313233343536810654"
     "45524d2031a20913074578616d706c65830c4578616d706c6520476d6248840434373131a50d80054d65"
     "6965728104416e6e61a6161303522b4413064265726c696e13034c616213024232302e30221307524643"
     "2d3832321317616e6e612e6d656965722861296578616d706c652e646530081302494413023132315830"
     "08800117a103020104300e800109a1091307442d31303131353011800101a10c130a416e6e61204d6569"
     "65723012800102a10d140b416e6e61204dfc6c6c65723015800118a110310e130252551e080410043d04"
     "3d0430a0423040310b3009060355040613024742310e300c060355040a0c0549736f64653121300c0603"
     "55040b0c0553616c6573301106035504030c0a4a6f686e20536d697468a60b800100a406060456010c00"
     "870d3234303531373039333030355a880749442d30303432a98203fd300c80010481020520a2030a0101"
     "301f800113a21a3018300d06092a864886f70d01010b05000307001f2e3d4c5b6a3024800111a21f301d"
     "060960864801650304012a0410000000000000000000000000000000003051800119a24c304a30483043"
     "6032301e610512033233346203120130a2071205313233343583074578616d706c653110300e800101a1"
     "09130750335573657231170d3234303531373039333030355a0a0100307f800125a27a69783052631561"
     "0413024742620313012013085465737450524d443139630c610512033233346203120130650480020520"
     "800d3234303531373039333030355a810d3234303531373039333130305a820100830207803022630c61"
     "05120332333462031201303112800d3234303531373039333130305a8201013081a8800126a281a23081"
     "9f30536315610413024742620313012013085465737450524d4416106d7461312e6578616d706c652e63"
     "6f6d312816106d7461322e6578616d706c652e636f6d800d3234303531373039333030355a8201008302"
     "064030486315610413024742620313012013085465737450524d4416046d746132312963156104130247"
     "42620313012013085465737450524d44800d3234303531373039333130305a8201003081c88001108102"
     "0520a281be3081bb800456030600a181b23081af308195300d06092a864886f70d01010b05006032301e"
     "610512033233346203120130a2071205313233343583074578616d706c653110300e800101a109130750"
     "335573657231170d3234303531373039333030355aa02c800102a1273025a118300d06092a864886f70d"
     "01010b05000307001f2e3d4c5b6aa203020101830101840107a10d06092a864886f70d01010105008204"
     "00a5a5a5300d06092a864886f70d01010b050003060001020304053082015a80011aa28201533082014f"
     "3082014b6082013830686104130244456206130456696154800a3439333031323334353681065445524d"
     "2031a20913074578616d706c65830c4578616d706c6520476d6248840434373131a50d80054d65696572"
     "8104416e6e61a6161303522b4413064265726c696e13034c616213024232302e302213075246432d3832"
     "321317616e6e612e6d656965722861296578616d706c652e646530081302494413023132315830088001"
     "17a103020104300e800109a1091307442d31303131353011800101a10c130a416e6e61204d6569657230"
     "12800102a10d140b416e6e61204dfc6c6c65723015800118a110310e130252551e080410043d043d0430"
     "a0423040310b3009060355040613024742310e300c060355040a0c0549736f64653121300c060355040b"
     "0c0553616c6573301106035504030c0a4a6f686e20536d697468170d3234303531373039333130305a04"
     "023000"),
    ('mdse-88 message-delivery result message-delivery-result-empty',
     'P3  message_delivery_result',
     "0300002002f0800100010061133011020105a00ca20a02010130050201053100"),
    ('mdse-88 message-delivery invoke (mandatory) for message-delivery-result',
     'P22  InterPersonal',
     "030000ea02f080010001006181dc3081d9020105a081d3a181d00201020201053081c7641f630b610413"
     "02474262031301201610303531373039333030355a2d31323334170d3234303531373039333130305a31"
     "8190604830466104130247426203130120a20a13085465737450524d44830549736f6465a5158005536d"
     "69746881044a6f686e82024a5183024a72a60f130553616c657313064575726f7065800116a432301e61"
     "0512033233346203120130a2071205313233343583074578616d706c653110300e800101a10913075033"
     "5573657231870d3234303531373039333030355a04023000"),
    ('mdse-88 message-delivery result message-delivery-result',
     'P3  message_delivery_result',
     "0300008c02f08001000100617f307d020105a078a2760201023071020105316ca04130203008a0030201"
     "02020107300d06092a864886f70d01010b0500030500c0ffee01301d311b30193003020108300d06092a"
     "864886f70d01010b0500030300abcda118300d06092a864886f70d01010b05000307001f2e3d4c5b6aa2"
     "0d300b83092b0601040183450704"),
    ('mdse-88 message-delivery invoke (mandatory) for delivery-control-violated',
     'P22  InterPersonal',
     "030000ea02f080010001006181dc3081d9020105a081d3a181d00201030201053081c7641f630b610413"
     "02474262031301201610303531373039333030355a2d31323334170d3234303531373039333130305a31"
     "8190604830466104130247426203130120a20a13085465737450524d44830549736f6465a5158005536d"
     "69746881044a6f686e82024a5183024a72a60f130553616c657313064575726f7065800116a432301e61"
     "0512033233346203120130a2071205313233343583074578616d706c653110300e800101a10913075033"
     "5573657231870d3234303531373039333030355a04023000"),
    ('mdse-88 message-delivery error delivery-control-violated',
     'ROS  ',
     "0300001c02f08001000100610f300d020105a008a306020103020101"),
    ('mdse-88 message-delivery invoke (mandatory) for security-error',
     'P22  InterPersonal',
     "030000ea02f080010001006181dc3081d9020105a081d3a181d00201040201053081c7641f630b610413"
     "02474262031301201610303531373039333030355a2d31323334170d3234303531373039333130305a31"
     "8190604830466104130247426203130120a20a13085465737450524d44830549736f6465a5158005536d"
     "69746881044a6f686e82024a5183024a72a60f130553616c657313064575726f7065800116a432301e61"
     "0512033233346203120130a2071205313233343583074578616d706c653110300e800101a10913075033"
     "5573657231870d3234303531373039333030355a04023000"),
    ('mdse-88 message-delivery error security-error security-error',
     'P3  security_error',
     "0300001f02f0800100010061123010020105a00ba30902010402010c020120"),
    ('mdse-88 message-delivery invoke (mandatory) for unsupported-critical-function',
     'P22  InterPersonal',
     "030000ea02f080010001006181dc3081d9020105a081d3a181d00201050201053081c7641f630b610413"
     "02474262031301201610303531373039333030355a2d31323334170d3234303531373039333130305a31"
     "8190604830466104130247426203130120a20a13085465737450524d44830549736f6465a5158005536d"
     "69746881044a6f686e82024a5183024a72a60f130553616c657313064575726f7065800116a432301e61"
     "0512033233346203120130a2071205313233343583074578616d706c653110300e800101a10913075033"
     "5573657231870d3234303531373039333030355a04023000"),
    ('mdse-88 message-delivery error unsupported-critical-function',
     'ROS  ',
     "0300001c02f08001000100610f300d020105a008a30602010502010d"),
    ('mdse-88 report-delivery invoke report-delivery-argument',
     'P22  InterPersonal mta1',
     "030007a202f08001000100618207933082078f020105a0820788a18207840201060201063182077a3082"
     "034a3181bd650480020520a032301e610512033233346203120130a2071205313233343583074578616d"
     "706c653110300e800101a109130750335573657231a114a012800d3234303531373039333130305a8101"
     "02a46b301f80011da21a3018300d06092a864886f70d01010b05000307001f2e3d4c5b6a304880011ca2"
     "43304130203008a003020102020107300d06092a864886f70d01010b0500030500c0ffee01301d311b30"
     "193003020108300d06092a864886f70d01010b0500030300abcd31820235a08201383068610413024445"
     "6206130456696154800a3439333031323334353681065445524d2031a20913074578616d706c65830c45"
     "78616d706c6520476d6248840434373131a50d80054d656965728104416e6e61a6161303522b44130642"
     "65726c696e13034c616213024232302e302213075246432d3832321317616e6e612e6d65696572286129"
     "6578616d706c652e64653008130249441302313231583008800117a103020104300e800109a109130744"
     "2d31303131353011800101a10c130a416e6e61204d656965723012800102a10d140b416e6e61204dfc6c"
     "6c65723015800118a110310e130252551e080410043d043d0430a0423040310b30090603550406130247"
     "42310e300c060355040a0c0549736f64653121300c060355040b0c0553616c6573301106035504030c0a"
     "4a6f686e20536d697468a108a106800101810100a2463000a0423040310b300906035504061302474231"
     "0e300c060355040a0c0549736f64653121300c060355040b0c0553616c6573301106035504030c0a4a6f"
     "686e20536d69746883145573657220756e6b6e6f776e206174206d746131a4818e303980011ba2346032"
     "301e610512033233346203120130a2071205313233343583074578616d706c653110300e800101a10913"
     "07503355736572313051800119a24c304a304830436032301e610512033233346203120130a207120531"
     "3233343583074578616d706c653110300e800101a109130750335573657231170d323430353137303933"
     "3030355a0a0100314fa0463000a0423040310b3009060355040613024742310e300c060355040a0c0549"
     "736f64653121300c060355040b0c0553616c6573301106035504030c0a4a6f686e20536d697468a105a1"
     "0380010864296315610413024742620313012013085465737450524d441610303531373039333030355a"
     "2d313233346504800205204601164a0749442d30303432800c72657475726e65642049504da18203dd30"
     "2380012181020520a21a3018300d06092a864886f70d01010b05000307001f2e3d4c5b6a304c80012081"
     "020520a243304130203008a003020102020107300d06092a864886f70d01010b0500030500c0ffee0130"
     "1d311b30193003020108300d06092a864886f70d01010b0500030300abcd3068800127a2633061631561"
     "0413024742620313012013085465737450524d4416046d746131a0423040310b30090603550406130247"
     "42310e300c060355040a0c0549736f64653121300c060355040b0c0553616c6573301106035504030c0a"
     "4a6f686e20536d6974683082014380011fa282013c608201383068610413024445620613045669615480"
     "0a3439333031323334353681065445524d2031a20913074578616d706c65830c4578616d706c6520476d"
     "6248840434373131a50d80054d656965728104416e6e61a6161303522b4413064265726c696e13034c61"
     "6213024232302e302213075246432d3832321317616e6e612e6d656965722861296578616d706c652e64"
     "653008130249441302313231583008800117a103020104300e800109a1091307442d3130313135301180"
     "0101a10c130a416e6e61204d656965723012800102a10d140b416e6e61204dfc6c6c65723015800118a1"
     "10310e130252551e080410043d043d0430a0423040310b3009060355040613024742310e300c06035504"
     "0a0c0549736f64653121300c060355040b0c0553616c6573301106035504030c0a4a6f686e20536d6974"
     "68308201b580011ea28201ae308201aa3059604830466104130247426203130120a20a13085465737450"
     "524d44830549736f6465a5158005536d69746881044a6f686e82024a5183024a72a60f130553616c6573"
     "13064575726f7065170d3234303531373039333030355a3082014b608201383068610413024445620613"
     "0456696154800a3439333031323334353681065445524d2031a20913074578616d706c65830c4578616d"
     "706c6520476d6248840434373131a50d80054d656965728104416e6e61a6161303522b4413064265726c"
     "696e13034c616213024232302e302213075246432d3832321317616e6e612e6d65696572286129657861"
     "6d706c652e64653008130249441302313231583008800117a103020104300e800109a1091307442d3130"
     "3131353011800101a10c130a416e6e61204d656965723012800102a10d140b416e6e61204dfc6c6c6572"
     "3015800118a110310e130252551e080410043d043d0430a0423040310b3009060355040613024742310e"
     "300c060355040a0c0549736f64653121300c060355040b0c0553616c6573301106035504030c0a4a6f68"
     "6e20536d697468170d3234303531373039333130305a"),
    ('mdse-88 report-delivery result report-delivery-result-empty',
     'P3  report_delivery_result',
     "0300002002f0800100010061133011020105a00ca20a02010630050201060500"),
    ('mdse-88 report-delivery invoke (mandatory) for report-delivery-result-extensions',
     'P3  report_delivery_argument delivery',
     "0300008a02f08001000100617d307b020105a076a174020107020106316c30493147a032301e61051203"
     "3233346203120130a2071205313233343583074578616d706c653110300e800101a10913075033557365"
     "7231a111a00f800d3234303531373039333130305a641f630b6104130247426203130120161030353137"
     "3039333030355a2d31323334"),
    ('mdse-88 report-delivery result report-delivery-result-extensions',
     'P3  report_delivery_result',
     "0300003202f0800100010061253023020105a01ea21c02010730170201063112301083092b0601040183"
     "450705a203020101"),
    ('mdse-88 report-delivery invoke (mandatory) for delivery-control-violated',
     'P3  report_delivery_argument delivery',
     "0300008a02f08001000100617d307b020105a076a174020108020106316c30493147a032301e61051203"
     "3233346203120130a2071205313233343583074578616d706c653110300e800101a10913075033557365"
     "7231a111a00f800d3234303531373039333130305a641f630b6104130247426203130120161030353137"
     "3039333030355a2d31323334"),
    ('mdse-88 report-delivery error delivery-control-violated',
     'ROS  ',
     "0300001c02f08001000100610f300d020105a008a306020108020101"),
    ('mdse-88 report-delivery invoke (mandatory) for security-error',
     'P3  report_delivery_argument delivery',
     "0300008a02f08001000100617d307b020105a076a174020109020106316c30493147a032301e61051203"
     "3233346203120130a2071205313233343583074578616d706c653110300e800101a10913075033557365"
     "7231a111a00f800d3234303531373039333130305a641f630b6104130247426203130120161030353137"
     "3039333030355a2d31323334"),
    ('mdse-88 report-delivery error security-error security-error',
     'P3  security_error',
     "0300001f02f0800100010061123010020105a00ba30902010902010c020120"),
    ('mdse-88 report-delivery invoke (mandatory) for unsupported-critical-function',
     'P3  report_delivery_argument delivery',
     "0300008a02f08001000100617d307b020105a076a17402010a020106316c30493147a032301e61051203"
     "3233346203120130a2071205313233343583074578616d706c653110300e800101a10913075033557365"
     "7231a111a00f800d3234303531373039333130305a641f630b6104130247426203130120161030353137"
     "3039333030355a2d31323334"),
    ('mdse-88 report-delivery error unsupported-critical-function',
     'ROS  ',
     "0300001c02f08001000100610f300d020105a008a30602010a02010d"),
    ('mdse-88 delivery-control invoke delivery-controls-88',
     'P3  submission_control_argument',
     "0300005a02f08001000100614d304b020105a046a14402011a020102313c652f8002043081040100c002"
     "a20c80031b2842820201028401ffa415060456010c00060456030402060728ce25070100014701008001"
     "00a403460102"),
    ('mdse-88 delivery-control result submission-control-result',
     'P3  submission_control_result',
     "0300003902f08001000100612c302a020105a025a22302011a301e0201023119650480020520800206c0"
     "810205a0a209060456010a01460116"),
    ('mdse-88 delivery-control invoke (mandatory) for control-violates-registration',
     'P3  submission_control_argument',
     "0300001e02f080010001006111300f020105a00aa10802011b0201023100"),
    ('mdse-88 delivery-control error control-violates-registration',
     'ROS  ',
     "0300001c02f08001000100610f300d020105a008a30602011b02010e"),
    ('mdse-88 delivery-control invoke (mandatory) for security-error',
     'P3  submission_control_argument',
     "0300001e02f080010001006111300f020105a00aa10802011c0201023100"),
    ('mdse-88 delivery-control error security-error security-error',
     'P3  security_error',
     "0300001f02f0800100010061123010020105a00ba30902011c02010c020120"),
    ('mase-88 register invoke register-88',
     'P3  register_argument',
     "030000d102f080010001006181c33081c0020107a081baa181b702011d0201013181ae60483046610413"
     "0247426203130120a20a13085465737450524d44830549736f6465a5158005536d69746881044a6f686e"
     "82024a5183024a72a60f130553616c657313064575726f7065650480020520a008a006120432333432a1"
     "0602047fffffffa2053103800100a306460102460116a43b3139a003020101a132301e61051203323334"
     "6203120130a2071205313233343583074578616d706c653110300e800101a109130750335573657231"),
    ('mase-88 register result NULL',
     'P3  register_result',
     "0300002002f0800100010061133011020107a00ca20a02011d30050201010500"),
    ('mase-88 register invoke (mandatory) for register-rejected',
     'P3  register_argument',
     "0300001e02f080010001006111300f020107a00aa10802011e0201013100"),
    ('mase-88 register error register-rejected',
     'ROS  ',
     "0300001c02f08001000100610f300d020107a008a30602011e02010a"),
    ('mase-88 change-credentials invoke change-credentials-argument',
     'P3  change_credentials_argument simple simple',
     "0300003802f08001000100612b3029020107a024a12202011f020108311aa00a16087033736563726574"
     "a10c160a6e33772d736563726574"),
    ('mase-88 change-credentials result NULL',
     'P3  change_credentials_result',
     "0300002002f0800100010061133011020107a00ca20a02011f30050201080500"),
    ('mase-88 change-credentials invoke (mandatory) for new-credentials-unacceptable',
     'P3  change_credentials_argument simple simple',
     "0300003802f08001000100612b3029020107a024a122020120020108311aa00a16087033736563726574"
     "a10c160a6e33772d736563726574"),
    ('mase-88 change-credentials error new-credentials-unacceptable',
     'ROS  ',
     "0300001c02f08001000100610f300d020107a008a306020120020106"),
    ('mase-88 change-credentials invoke (mandatory) for old-credentials-incorrectly-specified',
     'P3  change_credentials_argument simple simple',
     "0300003802f08001000100612b3029020107a024a122020121020108311aa00a16087033736563726574"
     "a10c160a6e33772d736563726574"),
    ('mase-88 change-credentials error old-credentials-incorrectly-specified',
     'ROS  ',
     "0300001c02f08001000100610f300d020107a008a306020121020105"),
    ('mase-88 change-credentials invoke (mandatory) for remote-bind-error',
     'P3  change_credentials_argument simple simple',
     "0300003802f08001000100612b3029020107a024a122020122020108311aa00a16087033736563726574"
     "a10c160a6e33772d736563726574"),
    ('mase-88 change-credentials error remote-bind-error',
     'ROS  ',
     "0300001c02f08001000100610f300d020107a008a30602012202010f"),
    ('mase-88 change-credentials invoke (mandatory) for security-error',
     'P3  change_credentials_argument simple simple',
     "0300003802f08001000100612b3029020107a024a122020123020108311aa00a16087033736563726574"
     "a10c160a6e33772d736563726574"),
    ('mase-88 change-credentials error security-error security-error',
     'P3  security_error',
     "0300001f02f0800100010061123010020107a00ba30902012302010c020120"),
    ('mase-88 change-credentials invoke (to be rejected)',
     'P3  change_credentials_argument simple simple',
     "0300003802f08001000100612b3029020107a024a122020124020108311aa00a16087033736563726574"
     "a10c160a6e33772d736563726574"),
    ('ROS reject invoke resourceLimitation',
     'ROS  Reject resourceLimitation',
     "0300001c02f08001000100610f300d020107a008a406020124810103"),
    ('MTS-unbind (RLRQ)',
     'ACSE  Release-Request (normal)',
     "0300001c02f0800913110101c10e610c300a020101a0056203800100"),
    ('MTS-unbind result (RLRE)',
     'ACSE  Release-Response (normal)',
     "0300001902f0800a10c10e610c300a020101a0056303800100"),
    ('T-CONNECT request (CR) (2)',
     'COTP  CR TPDU src-ref: 0x0001 dst-ref: 0x0000',
     "0300000b06e00000000100"),
    ('T-CONNECT confirm (CC) (2)',
     'COTP  CC TPDU src-ref: 0x0001 dst-ref: 0x0001',
     "0300000b06d00001000100"),
    ('MTS-bind argument bind-argument-full',
     'P3  mts_bind_argument strong',
     "0300038102f0800dff0376050613010016010214020002c2ff036631820362a003800101a2820359a455"
     "300f020101060452010001300406025101300f020103060456000201300406025101300f020105060456"
     "00020e300406025101300f020107060456000210300406025101300f02010906045600020b3004060251"
     "01618202fe308202fa020101a08202f3608202efa106060456000107be8202e3288202df060251010201"
     "09a08202d4b08202d0318202cca11a3118a003800100a108800103810300bc55a20780010181020400a2"
     "82010aa0820106a081bb800456030600a181b23081af308195300d06092a864886f70d01010b05006032"
     "301e610512033233346203120130a2071205313233343583074578616d706c653110300e800101a10913"
     "0750335573657231170d3234303531373039333030355aa02c800102a1273025a118300d06092a864886"
     "f70d01010b05000307001f2e3d4c5b6aa203020101830101840107a10d06092a864886f70d0101010500"
     "820400a5a5a5300d06092a864886f70d01010b05000306000102030405a14130203008a0030201020201"
     "07300d06092a864886f70d01010b0500030500c0ffee01301d311b30193003020108300d06092a864886"
     "f70d01010b0500030300abcda203800105a3553103020101314e02010306052b1a010401312830108009"
     "608648016502010801a103020107301480052b1a010402a10b0c0945594553204f4e4c591318434f4d4d"
     "45524349414c20494e20434f4e464944454e4345a482013830686104130244456206130456696154800a"
     "3439333031323334353681065445524d2031a20913074578616d706c65830c4578616d706c6520476d62"
     "48840434373131a50d80054d656965728104416e6e61a6161303522b4413064265726c696e13034c6162"
     "13024232302e302213075246432d3832321317616e6e612e6d656965722861296578616d706c652e6465"
     "3008130249441302313231583008800117a103020104300e800109a1091307442d313031313530118001"
     "01a10c130a416e6e61204d656965723012800102a10d140b416e6e61204dfc6c6c65723015800118a110"
     "310e130252551e080410043d043d0430a0423040310b3009060355040613024742310e300c060355040a"
     "0c0549736f64653121300c060355040b0c0553616c6573301106035504030c0a4a6f686e20536d697468"
     "a50d300b83092b0601040183450702"),
    ('MTS-bind result bind-result-protected',
     'P3  mts_bind_result protected',
     "0300010202f0800ef9050613010016010214020002c1eb3181e8a003800101a281e0a52d300780010081"
     "0251013007800100810251013007800100810251013007800100810251013007800100810251016181ae"
     "3081ab020101a081a56181a2a106060456000107a203020100a305a103020100be818b28818806025101"
     "020109a07fb17d317b6032301e610512033233346203120130a2071205313233343583074578616d706c"
     "653110300e800101a109130750335573657231a245a1433018300d06092a864886f70d01010b05000307"
     "001f2e3d4c5b6a800d3234303531373039333030355a810d3234303531373039333130305a820500dead"
     "beef83020780"),
    ('mdse-94 message-delivery invoke message-delivery-argument',
     'P22  InterPersonal',
     "0300080d02f08001000100618207fe308207fa020105a08207f3a18207ef020101020105308207e56429"
     "6315610413024742620313012013085465737450524d441610303531373039333030355a2d3132333417"
     "0d3234303531373039333130305a318207a3604830466104130247426203130120a20a13085465737450"
     "524d44830549736f6465a5158005536d69746881044a6f686e82024a5183024a72a60f130553616c6573"
     "13064575726f7065470101800116a12f8002043081040100c002a20c80031b2842820201028401ffa415"
     "060456010c00060456030402060728ce250701000182020640a382018460820138306861041302444562"
     "06130456696154800a3439333031323334353681065445524d2031a20913074578616d706c65830c4578"
     "616d706c6520476d6248840434373131a50d80054d656965728104416e6e61a6161303522b4413064265"
     "726c696e13034c616213024232302e302213075246432d3832321317616e6e612e6d6569657228612965"
     "78616d706c652e64653008130249441302313231583008800117a103020104300e800109a1091307442d"
     "31303131353011800101a10c130a416e6e61204d656965723012800102a10d140b416e6e61204dfc6c6c"
     "65723015800118a110310e130252551e080410043d043d0430a0423040310b3009060355040613024742"
     "310e300c060355040a0c0549736f64653121300c060355040b0c0553616c6573301106035504030c0a4a"
     "6f686e20536d69746860463000a0423040310b3009060355040613024742310e300c060355040a0c0549"
     "736f64653121300c060355040b0c0553616c6573301106035504030c0a4a6f686e20536d697468a43230"
     "1e610512033233346203120130a2071205313233343583074578616d706c653110300e800101a1091307"
     "50335573657231a582013830686104130244456206130456696154800a34393330313233343536810654"
     "45524d2031a20913074578616d706c65830c4578616d706c6520476d6248840434373131a50d80054d65"
     "6965728104416e6e61a6161303522b4413064265726c696e13034c616213024232302e30221307524643"
     "2d3832321317616e6e612e6d656965722861296578616d706c652e646530081302494413023132315830"
     "08800117a103020104300e800109a1091307442d31303131353011800101a10c130a416e6e61204d6569"
     "65723012800102a10d140b416e6e61204dfc6c6c65723015800118a110310e130252551e080410043d04"
     "3d0430a0423040310b3009060355040613024742310e300c060355040a0c0549736f64653121300c0603"
     "55040b0c0553616c6573301106035504030c0a4a6f686e20536d697468a60b800100a406060456010c00"
     "870d3234303531373039333030355a880749442d30303432a98203fd300c80010481020520a2030a0101"
     "301f800113a21a3018300d06092a864886f70d01010b05000307001f2e3d4c5b6a3024800111a21f301d"
     "060960864801650304012a0410000000000000000000000000000000003051800119a24c304a30483043"
     "6032301e610512033233346203120130a2071205313233343583074578616d706c653110300e800101a1"
     "09130750335573657231170d3234303531373039333030355a0a0100307f800125a27a69783052631561"
     "0413024742620313012013085465737450524d443139630c610512033233346203120130650480020520"
     "800d3234303531373039333030355a810d3234303531373039333130305a820100830207803022630c61"
     "05120332333462031201303112800d3234303531373039333130305a8201013081a8800126a281a23081"
     "9f30536315610413024742620313012013085465737450524d4416106d7461312e6578616d706c652e63"
     "6f6d312816106d7461322e6578616d706c652e636f6d800d3234303531373039333030355a8201008302"
     "064030486315610413024742620313012013085465737450524d4416046d746132312963156104130247"
     "42620313012013085465737450524d44800d3234303531373039333130305a8201003081c88001108102"
     "0520a281be3081bb800456030600a181b23081af308195300d06092a864886f70d01010b05006032301e"
     "610512033233346203120130a2071205313233343583074578616d706c653110300e800101a109130750"
     "335573657231170d3234303531373039333030355aa02c800102a1273025a118300d06092a864886f70d"
     "01010b05000307001f2e3d4c5b6aa203020101830101840107a10d06092a864886f70d01010105008204"
     "00a5a5a5300d06092a864886f70d01010b050003060001020304053082015a80011aa28201533082014f"
     "3082014b6082013830686104130244456206130456696154800a3439333031323334353681065445524d"
     "2031a20913074578616d706c65830c4578616d706c6520476d6248840434373131a50d80054d65696572"
     "8104416e6e61a6161303522b4413064265726c696e13034c616213024232302e302213075246432d3832"
     "321317616e6e612e6d656965722861296578616d706c652e646530081302494413023132315830088001"
     "17a103020104300e800109a1091307442d31303131353011800101a10c130a416e6e61204d6569657230"
     "12800102a10d140b416e6e61204dfc6c6c65723015800118a110310e130252551e080410043d043d0430"
     "a0423040310b3009060355040613024742310e300c060355040a0c0549736f64653121300c060355040b"
     "0c0553616c6573301106035504030c0a4a6f686e20536d697468170d3234303531373039333130305a04"
     "023000"),
    ('mdse-94 message-delivery result message-delivery-result-empty',
     'P3  message_delivery_result',
     "0300002002f0800100010061133011020105a00ca20a02010130050201053100"),
    ('mdse-94 message-delivery invoke (mandatory) for message-delivery-result',
     'P22  InterPersonal',
     "030000ea02f080010001006181dc3081d9020105a081d3a181d00201020201053081c7641f630b610413"
     "02474262031301201610303531373039333030355a2d31323334170d3234303531373039333130305a31"
     "8190604830466104130247426203130120a20a13085465737450524d44830549736f6465a5158005536d"
     "69746881044a6f686e82024a5183024a72a60f130553616c657313064575726f7065800116a432301e61"
     "0512033233346203120130a2071205313233343583074578616d706c653110300e800101a10913075033"
     "5573657231870d3234303531373039333030355a04023000"),
    ('mdse-94 message-delivery result message-delivery-result',
     'P3  message_delivery_result',
     "0300008c02f08001000100617f307d020105a078a2760201023071020105316ca04130203008a0030201"
     "02020107300d06092a864886f70d01010b0500030500c0ffee01301d311b30193003020108300d06092a"
     "864886f70d01010b0500030300abcda118300d06092a864886f70d01010b05000307001f2e3d4c5b6aa2"
     "0d300b83092b0601040183450704"),
    ('mdse-94 message-delivery invoke (mandatory) for delivery-control-violated',
     'P22  InterPersonal',
     "030000ea02f080010001006181dc3081d9020105a081d3a181d00201030201053081c7641f630b610413"
     "02474262031301201610303531373039333030355a2d31323334170d3234303531373039333130305a31"
     "8190604830466104130247426203130120a20a13085465737450524d44830549736f6465a5158005536d"
     "69746881044a6f686e82024a5183024a72a60f130553616c657313064575726f7065800116a432301e61"
     "0512033233346203120130a2071205313233343583074578616d706c653110300e800101a10913075033"
     "5573657231870d3234303531373039333030355a04023000"),
    ('mdse-94 message-delivery error delivery-control-violated',
     'ROS  ',
     "0300001c02f08001000100610f300d020105a008a306020103020101"),
    ('mdse-94 message-delivery invoke (mandatory) for security-error',
     'P22  InterPersonal',
     "030000ea02f080010001006181dc3081d9020105a081d3a181d00201040201053081c7641f630b610413"
     "02474262031301201610303531373039333030355a2d31323334170d3234303531373039333130305a31"
     "8190604830466104130247426203130120a20a13085465737450524d44830549736f6465a5158005536d"
     "69746881044a6f686e82024a5183024a72a60f130553616c657313064575726f7065800116a432301e61"
     "0512033233346203120130a2071205313233343583074578616d706c653110300e800101a10913075033"
     "5573657231870d3234303531373039333030355a04023000"),
    ('mdse-94 message-delivery error security-error security-error',
     'P3  security_error',
     "0300001f02f0800100010061123010020105a00ba30902010402010c020120"),
    ('mdse-94 message-delivery invoke (mandatory) for unsupported-critical-function',
     'P22  InterPersonal',
     "030000ea02f080010001006181dc3081d9020105a081d3a181d00201050201053081c7641f630b610413"
     "02474262031301201610303531373039333030355a2d31323334170d3234303531373039333130305a31"
     "8190604830466104130247426203130120a20a13085465737450524d44830549736f6465a5158005536d"
     "69746881044a6f686e82024a5183024a72a60f130553616c657313064575726f7065800116a432301e61"
     "0512033233346203120130a2071205313233343583074578616d706c653110300e800101a10913075033"
     "5573657231870d3234303531373039333030355a04023000"),
    ('mdse-94 message-delivery error unsupported-critical-function',
     'ROS  ',
     "0300001c02f08001000100610f300d020105a008a30602010502010d"),
    ('mdse-94 report-delivery invoke report-delivery-argument',
     'P22  InterPersonal mta1',
     "030007a202f08001000100618207933082078f020105a0820788a18207840201060201063182077a3082"
     "034a3181bd650480020520a032301e610512033233346203120130a2071205313233343583074578616d"
     "706c653110300e800101a109130750335573657231a114a012800d3234303531373039333130305a8101"
     "02a46b301f80011da21a3018300d06092a864886f70d01010b05000307001f2e3d4c5b6a304880011ca2"
     "43304130203008a003020102020107300d06092a864886f70d01010b0500030500c0ffee01301d311b30"
     "193003020108300d06092a864886f70d01010b0500030300abcd31820235a08201383068610413024445"
     "6206130456696154800a3439333031323334353681065445524d2031a20913074578616d706c65830c45"
     "78616d706c6520476d6248840434373131a50d80054d656965728104416e6e61a6161303522b44130642"
     "65726c696e13034c616213024232302e302213075246432d3832321317616e6e612e6d65696572286129"
     "6578616d706c652e64653008130249441302313231583008800117a103020104300e800109a109130744"
     "2d31303131353011800101a10c130a416e6e61204d656965723012800102a10d140b416e6e61204dfc6c"
     "6c65723015800118a110310e130252551e080410043d043d0430a0423040310b30090603550406130247"
     "42310e300c060355040a0c0549736f64653121300c060355040b0c0553616c6573301106035504030c0a"
     "4a6f686e20536d697468a108a106800101810100a2463000a0423040310b300906035504061302474231"
     "0e300c060355040a0c0549736f64653121300c060355040b0c0553616c6573301106035504030c0a4a6f"
     "686e20536d69746883145573657220756e6b6e6f776e206174206d746131a4818e303980011ba2346032"
     "301e610512033233346203120130a2071205313233343583074578616d706c653110300e800101a10913"
     "07503355736572313051800119a24c304a304830436032301e610512033233346203120130a207120531"
     "3233343583074578616d706c653110300e800101a109130750335573657231170d323430353137303933"
     "3030355a0a0100314fa0463000a0423040310b3009060355040613024742310e300c060355040a0c0549"
     "736f64653121300c060355040b0c0553616c6573301106035504030c0a4a6f686e20536d697468a105a1"
     "0380010864296315610413024742620313012013085465737450524d441610303531373039333030355a"
     "2d313233346504800205204601164a0749442d30303432800c72657475726e65642049504da18203dd30"
     "2380012181020520a21a3018300d06092a864886f70d01010b05000307001f2e3d4c5b6a304c80012081"
     "020520a243304130203008a003020102020107300d06092a864886f70d01010b0500030500c0ffee0130"
     "1d311b30193003020108300d06092a864886f70d01010b0500030300abcd3068800127a2633061631561"
     "0413024742620313012013085465737450524d4416046d746131a0423040310b30090603550406130247"
     "42310e300c060355040a0c0549736f64653121300c060355040b0c0553616c6573301106035504030c0a"
     "4a6f686e20536d6974683082014380011fa282013c608201383068610413024445620613045669615480"
     "0a3439333031323334353681065445524d2031a20913074578616d706c65830c4578616d706c6520476d"
     "6248840434373131a50d80054d656965728104416e6e61a6161303522b4413064265726c696e13034c61"
     "6213024232302e302213075246432d3832321317616e6e612e6d656965722861296578616d706c652e64"
     "653008130249441302313231583008800117a103020104300e800109a1091307442d3130313135301180"
     "0101a10c130a416e6e61204d656965723012800102a10d140b416e6e61204dfc6c6c65723015800118a1"
     "10310e130252551e080410043d043d0430a0423040310b3009060355040613024742310e300c06035504"
     "0a0c0549736f64653121300c060355040b0c0553616c6573301106035504030c0a4a6f686e20536d6974"
     "68308201b580011ea28201ae308201aa3059604830466104130247426203130120a20a13085465737450"
     "524d44830549736f6465a5158005536d69746881044a6f686e82024a5183024a72a60f130553616c6573"
     "13064575726f7065170d3234303531373039333030355a3082014b608201383068610413024445620613"
     "0456696154800a3439333031323334353681065445524d2031a20913074578616d706c65830c4578616d"
     "706c6520476d6248840434373131a50d80054d656965728104416e6e61a6161303522b4413064265726c"
     "696e13034c616213024232302e302213075246432d3832321317616e6e612e6d65696572286129657861"
     "6d706c652e64653008130249441302313231583008800117a103020104300e800109a1091307442d3130"
     "3131353011800101a10c130a416e6e61204d656965723012800102a10d140b416e6e61204dfc6c6c6572"
     "3015800118a110310e130252551e080410043d043d0430a0423040310b3009060355040613024742310e"
     "300c060355040a0c0549736f64653121300c060355040b0c0553616c6573301106035504030c0a4a6f68"
     "6e20536d697468170d3234303531373039333130305a"),
    ('mdse-94 report-delivery result report-delivery-result-empty',
     'P3  report_delivery_result',
     "0300002002f0800100010061133011020105a00ca20a02010630050201060500"),
    ('mdse-94 report-delivery invoke (mandatory) for report-delivery-result-extensions',
     'P3  report_delivery_argument delivery',
     "0300008a02f08001000100617d307b020105a076a174020107020106316c30493147a032301e61051203"
     "3233346203120130a2071205313233343583074578616d706c653110300e800101a10913075033557365"
     "7231a111a00f800d3234303531373039333130305a641f630b6104130247426203130120161030353137"
     "3039333030355a2d31323334"),
    ('mdse-94 report-delivery result report-delivery-result-extensions',
     'P3  report_delivery_result',
     "0300003202f0800100010061253023020105a01ea21c02010730170201063112301083092b0601040183"
     "450705a203020101"),
    ('mdse-94 report-delivery invoke (mandatory) for delivery-control-violated',
     'P3  report_delivery_argument delivery',
     "0300008a02f08001000100617d307b020105a076a174020108020106316c30493147a032301e61051203"
     "3233346203120130a2071205313233343583074578616d706c653110300e800101a10913075033557365"
     "7231a111a00f800d3234303531373039333130305a641f630b6104130247426203130120161030353137"
     "3039333030355a2d31323334"),
    ('mdse-94 report-delivery error delivery-control-violated',
     'ROS  ',
     "0300001c02f08001000100610f300d020105a008a306020108020101"),
    ('mdse-94 report-delivery invoke (mandatory) for security-error',
     'P3  report_delivery_argument delivery',
     "0300008a02f08001000100617d307b020105a076a174020109020106316c30493147a032301e61051203"
     "3233346203120130a2071205313233343583074578616d706c653110300e800101a10913075033557365"
     "7231a111a00f800d3234303531373039333130305a641f630b6104130247426203130120161030353137"
     "3039333030355a2d31323334"),
    ('mdse-94 report-delivery error security-error security-error',
     'P3  security_error',
     "0300001f02f0800100010061123010020105a00ba30902010902010c020120"),
    ('mdse-94 report-delivery invoke (mandatory) for unsupported-critical-function',
     'P3  report_delivery_argument delivery',
     "0300008a02f08001000100617d307b020105a076a17402010a020106316c30493147a032301e61051203"
     "3233346203120130a2071205313233343583074578616d706c653110300e800101a10913075033557365"
     "7231a111a00f800d3234303531373039333130305a641f630b6104130247426203130120161030353137"
     "3039333030355a2d31323334"),
    ('mdse-94 report-delivery error unsupported-critical-function',
     'ROS  ',
     "0300001c02f08001000100610f300d020105a008a30602010a02010d"),
    ('mdse-94 delivery-control invoke delivery-control-argument',
     'P3  submission_control_argument',
     "0300007102f0800100010061643062020105a05da15b0201010201023153301ea006060456030403a10c"
     "060456030402060456030405a206060456030402470101800100810206408203100000a40c060456010a"
     "01460102460116a5053103020101a60d300b83092b0601040183450706"),
    ('mdse-94 delivery-control result delivery-control-result',
     'P3  submission_control_result',
     "0300004802f08001000100613b3039020105a034a232020101302d0201023128650480020520800206c0"
     "810205a0a209060456010a01460116a60d300b83092b0601040183450707"),
    ('mdse-94 delivery-control invoke (mandatory) for control-violates-registration',
     'P3  submission_control_argument',
     "0300001e02f080010001006111300f020105a00aa1080201020201023100"),
    ('mdse-94 delivery-control error control-violates-registration',
     'ROS  ',
     "0300001c02f08001000100610f300d020105a008a30602010202010e"),
    ('mdse-94 delivery-control invoke (mandatory) for security-error',
     'P3  submission_control_argument',
     "0300001e02f080010001006111300f020105a00aa1080201030201023100"),
    ('mdse-94 delivery-control error security-error security-error',
     'P3  security_error',
     "0300001f02f0800100010061123010020105a00ba30902010302010c020120"),
    ('mdse-94 delivery-control invoke (mandatory) for operation-refused',
     'P3  submission_control_argument',
     "0300001e02f080010001006111300f020105a00aa1080201040201023100"),
    ('mdse-94 delivery-control error operation-refused operation-refused-builtin',
     'P3  operation_refused',
     "0300002402f0800100010061173015020105a010a30e020104020110310681010e820102"),
    ('mase-94 register invoke register-argument',
     'P3  register_argument',
     "030001c302f08001000100618201b4308201b0020107a08201a9a18201a50201050201013182019b317d"
     "317ba0034601168103010000a208a106060456030402a3053103020101a406470100470102850100a653"
     "315101010003020780a14830466104130247426203130120a20a13085465737450524d44830549736f64"
     "65a5158005536d69746881044a6f686e82024a5183024a72a60f130553616c657313064575726f706560"
     "4830466104130247426203130120a20a13085465737450524d44830549736f6465a5158005536d697468"
     "81044a6f686e82024a5183024a72a60f130553616c657313064575726f7065a025a123a00404020001a1"
     "0404020001a2050403353933a30e310c040a540072872203c0a80a0aa209310747010082021000a33d31"
     "3ba0053103850101a132301e610512033233346203120130a2071205313233343583074578616d706c65"
     "3110300e800101a109130750335573657231a43b3134a032301e610512033233346203120130a2071205"
     "313233343583074578616d706c653110300e800101a1091307503355736572313103010100a50e800203"
     "88a10880010583032a0304a612301083092b0601040183450709a2030101ff"),
    ('mase-94 register result register-result-empty',
     'P3  register_result',
     "0300002002f0800100010061133011020107a00ca20a02010530050201010500"),
    ('mase-94 register invoke register-argument-x121',
     'P3  register_argument',
     "0300003702f08001000100612a3028020107a023a1210201060201013119a017a015120e323334323139"
     "32303033303031331303353933"),
    ('mase-94 register result register-result',
     'P3  register_result',
     "0300008402f0800100010061773075020107a070a26e02010630690201013164a05331073105a0034601"
     "16604830466104130247426203130120a20a13085465737450524d44830549736f6465a5158005536d69"
     "746881044a6f686e82024a5183024a72a60f130553616c657313064575726f7065a10d300b83092b0601"
     "040183450708"),
    ('mase-94 register invoke (mandatory) for register-rejected',
     'P3  register_argument',
     "0300001e02f080010001006111300f020107a00aa1080201070201013100"),
    ('mase-94 register error register-rejected',
     'ROS  ',
     "0300001c02f08001000100610f300d020107a008a30602010702010a"),
    ('mase-94 register invoke (mandatory) for remote-bind-error',
     'P3  register_argument',
     "0300001e02f080010001006111300f020107a00aa1080201080201013100"),
    ('mase-94 register error remote-bind-error',
     'ROS  ',
     "0300001c02f08001000100610f300d020107a008a30602010802010f"),
    ('mase-94 register invoke (mandatory) for operation-refused',
     'P3  register_argument',
     "0300001e02f080010001006111300f020107a00aa1080201090201013100"),
    ('mase-94 register error operation-refused operation-refused-extension',
     'P3  operation_refused',
     "0300002402f0800100010061173015020107a010a30e0201090201103106800114820100"),
    ('mase-94 register invoke (mandatory) for security-error',
     'P3  register_argument',
     "0300001e02f080010001006111300f020107a00aa10802010a0201013100"),
    ('mase-94 register error security-error security-error',
     'P3  security_error',
     "0300001f02f0800100010061123010020107a00ba30902010a02010c020120"),
    ('mase-94 change-credentials invoke change-credentials-argument',
     'P3  change_credentials_argument simple simple',
     "0300003802f08001000100612b3029020107a024a12202010b020108311aa00a16087033736563726574"
     "a10c160a6e33772d736563726574"),
    ('mase-94 change-credentials result NULL',
     'P3  change_credentials_result',
     "0300002002f0800100010061133011020107a00ca20a02010b30050201080500"),
    ('mase-94 change-credentials invoke (mandatory) for new-credentials-unacceptable',
     'P3  change_credentials_argument simple simple',
     "0300003802f08001000100612b3029020107a024a12202010c020108311aa00a16087033736563726574"
     "a10c160a6e33772d736563726574"),
    ('mase-94 change-credentials error new-credentials-unacceptable',
     'ROS  ',
     "0300001c02f08001000100610f300d020107a008a30602010c020106"),
    ('mase-94 change-credentials invoke (mandatory) for old-credentials-incorrectly-specified',
     'P3  change_credentials_argument simple simple',
     "0300003802f08001000100612b3029020107a024a12202010d020108311aa00a16087033736563726574"
     "a10c160a6e33772d736563726574"),
    ('mase-94 change-credentials error old-credentials-incorrectly-specified',
     'ROS  ',
     "0300001c02f08001000100610f300d020107a008a30602010d020105"),
    ('mase-94 change-credentials invoke (mandatory) for remote-bind-error',
     'P3  change_credentials_argument simple simple',
     "0300003802f08001000100612b3029020107a024a12202010e020108311aa00a16087033736563726574"
     "a10c160a6e33772d736563726574"),
    ('mase-94 change-credentials error remote-bind-error',
     'ROS  ',
     "0300001c02f08001000100610f300d020107a008a30602010e02010f"),
    ('mase-94 change-credentials invoke (mandatory) for security-error',
     'P3  change_credentials_argument simple simple',
     "0300003802f08001000100612b3029020107a024a12202010f020108311aa00a16087033736563726574"
     "a10c160a6e33772d736563726574"),
    ('mase-94 change-credentials error security-error security-error',
     'P3  security_error',
     "0300001f02f0800100010061123010020107a00ba30902010f02010c020120"),
    ('MTS-unbind (RLRQ) (2)',
     'ACSE  Release-Request (normal)',
     "0300001c02f0800913110101c10e610c300a020101a0056203800100"),
    ('MTS-unbind result (RLRE) (2)',
     'ACSE  Release-Response (normal)',
     "0300001902f0800a10c10e610c300a020101a0056303800100"),
    ('T-CONNECT request (CR) (3)',
     'COTP  CR TPDU src-ref: 0x0001 dst-ref: 0x0000',
     "0300000b06e00000000100"),
    ('T-CONNECT confirm (CC) (3)',
     'COTP  CC TPDU src-ref: 0x0001 dst-ref: 0x0001',
     "0300000b06d00001000100"),
    ('MTS-bind argument bind-argument-octets',
     'P3  mts_bind_argument MTA-1 simple',
     "030000b002f0800da7050613010016010214020002c199318196a003800101a2818ea455300f02010106"
     "0452010001300406025101300f020103060456000201300406025101300f020105060456000202300406"
     "025101300f020107060456000206300406025101300f02010906045600020b3004060251016135303302"
     "0101a02e602ca106060456000100be22282006025101020109a017b015311380054d54412d31a20a0408"
     "00736563726574ff"),
    ('MTS-bind error bind-error',
     'P3  mts_bind_error',
     "0300007102f0800c681101013263023060a52d3007800100810251013007800100810251013007800100"
     "81025101300780010081025101300780010081025101612f302d020101a0286126a106060456000100a2"
     "03020101a305a103020101be10280e06025101020109a005b203020102"),
]


@pytest.fixture
def codec(engine: Any, monkeypatch: Any) -> Any:
    monkeypatch.setattr(ber, "engine", engine)
    return engine


def test_every_operation_and_error_is_carried() -> None:
    """Nothing of x411.OPERATIONS / ERRORS is left out of the captures."""
    carried = {s for *_, syntaxes in ASSOCIATIONS for s in syntaxes}
    assert carried == set(x411.OPERATIONS) == set(AS_NAMES)
    assert set(CARRIED) == {(s, c) for s, ops in x411.OPERATIONS.items() for c in ops}
    labels = [frame[0] for frame in build_frames()]
    assert len(labels) == len(set(labels))
    for syntax, ops in x411.OPERATIONS.items():
        for op in ops.values():
            prefix = "%s %s " % (AS_NAMES[syntax], op.name)
            assert any(lab.startswith(prefix + "invoke ") for lab in labels), prefix
            assert any(lab.startswith(prefix + "result ") for lab in labels), prefix
            for err in op.errors:
                name = x411.ERRORS[syntax][err].name
                assert any(lab.startswith(prefix + "error " + name) for lab in labels), \
                    (prefix, name)


def test_frames_match_the_recorded_vectors(codec: Any) -> None:
    """The machines, on either BER engine, produce the recorded bytes."""
    frames = build_frames()
    assert [f[0] for f in frames] == [label for label, _, _ in RECORDED]
    for (label, _, _, data, _), (_, _, text) in zip(frames, RECORDED):
        assert data.hex() == text.replace(" ", ""), label


def test_tshark_dissects_every_frame() -> None:
    if shutil.which("tshark") is None:
        pytest.skip("tshark not installed")
    frames = build_frames()
    dissected = run_tshark(frames)
    unexpected, stale = [], []
    for (label, _, _, _, ros), (summary, detail), (_, shown, _) in zip(
            frames, dissected, RECORDED):
        assert summary == shown, (label, summary)
        if ros is not None:
            apdu, line = ros
            assert "X.880 OSI Remote Operations Service" in detail, label
            assert re.search(r"^ +%s$" % apdu, detail, re.M), (label, apdu)
            assert re.search(r"^ +%s$" % re.escape(line), detail, re.M), (label, line)
        found = problems(detail)
        if limit_for(label) is None:
            if found:
                unexpected.append((label, found))
        elif not found:
            stale.append(label)
    assert not unexpected, unexpected
    assert not stale, stale


if __name__ == "__main__":
    # Regenerate RECORDED (needs tshark): the bytes, and what tshark showed.
    frames = build_frames()
    dissected = run_tshark(frames)
    verbose = "-v" in sys.argv
    print("RECORDED: List[Tuple[str, str, str]] = [")
    for (label, _, _, data, _), (summary, detail) in zip(frames, dissected):
        h = data.hex()
        chunks = [h[i:i + 84] for i in range(0, len(h), 84)]
        print("    (%r,\n     %r,\n     %s)," % (label, summary,
                                                "\n     ".join('"%s"' % c for c in chunks)))
        for p in problems(detail) if verbose else ():
            print("    # PROBLEM %s (limit: %s)" % (p, limit_for(label)))
    print("]")
