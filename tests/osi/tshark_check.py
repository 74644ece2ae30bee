"""Check OSI byte sequences against Wireshark's dissectors.

Run as a script::

    python tests/osi/tshark_check.py c:0FE0... s:0FD0...
    python tests/osi/tshark_check.py --framed c:0300001402F080...

Each argument is ``c:HEX`` (client to server) or ``s:HEX`` (server to
client).  Without ``--framed`` every argument is one TPDU and gets its
RFC 1006 TPKT header here; with ``--framed`` the bytes already carry TPKT
headers (several TPKTs may be given in one argument).  The messages are
written as TCP segments of one connection to port 102 (the RFC 1006 port,
which tshark dissects as TPKT without any "decode as"), preceded by a
three-way handshake so that TCP stream tracking and TPKT reassembly behave
as on a real capture.  tshark then reads the capture and the script prints
one line per frame plus every expert item of severity warning or error.

Why a pcap writer here instead of ``text2pcap``: it keeps the tool free of
temporary text formats, lets one message span several TCP segments (TPKT
reassembly is then exercised too), and gives correct IPv4 header checksums.

Exit status: 0 when tshark reports no problem, 1 when it does, 2 when
tshark is not installed.  Tests import :func:`check` and skip when
:func:`tshark_available` is false; no test depends on tshark otherwise.

Presentation is disabled by default (``--with-pres`` turns it back on):
the layers checked here carry presentation PPDUs as opaque user data, and
made-up filler bytes would otherwise be reported as malformed PPDUs that
say nothing about the transport and session encoding under test.
"""
from __future__ import annotations

import argparse
import os
import shutil
import struct
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from typing import List, Optional, Sequence, Tuple

__all__ = ["Verdict", "build_pcap", "check", "main", "tpkt", "tshark_available"]

CLIENT_IP = bytes([10, 0, 0, 1])
SERVER_IP = bytes([10, 0, 0, 2])
CLIENT_PORT = 40000
SERVER_PORT = 102
MSS = 1460


def tshark_available() -> bool:
    """True when the ``tshark`` executable is on ``PATH``."""
    return shutil.which("tshark") is not None


def tpkt(tpdu: bytes) -> bytes:
    """Wrap one TPDU in an RFC 1006 TPKT header."""
    length = len(tpdu) + 4
    if length > 0xFFFF:
        raise ValueError("TPDU too long for one TPKT: %d octets" % len(tpdu))
    return b"\x03\x00" + struct.pack("!H", length) + tpdu


def _ip_checksum(header: bytes) -> int:
    total = sum(struct.unpack("!%dH" % (len(header) // 2), header))
    while total >> 16:
        total = (total & 0xFFFF) + (total >> 16)
    return ~total & 0xFFFF


def _packet(from_client: bool, seq: int, ack: int, flags: int,
            payload: bytes) -> bytes:
    if from_client:
        src, dst, sport, dport = CLIENT_IP, SERVER_IP, CLIENT_PORT, SERVER_PORT
    else:
        src, dst, sport, dport = SERVER_IP, CLIENT_IP, SERVER_PORT, CLIENT_PORT
    tcp = struct.pack("!HHIIBBHHH", sport, dport, seq & 0xFFFFFFFF,
                      ack & 0xFFFFFFFF, 5 << 4, flags, 65535, 0, 0)
    total = 20 + len(tcp) + len(payload)
    ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, total, 0, 0x4000, 64, 6, 0,
                     src, dst)
    ip = ip[:10] + struct.pack("!H", _ip_checksum(ip)) + ip[12:]
    eth = (b"\x02\x00\x00\x00\x00\x02" if from_client else b"\x02\x00\x00\x00\x00\x01")
    eth += (b"\x02\x00\x00\x00\x00\x01" if from_client else b"\x02\x00\x00\x00\x00\x02")
    eth += b"\x08\x00"
    return eth + ip + tcp + payload


def build_pcap(messages: Sequence[Tuple[str, bytes]]) -> bytes:
    """Return a classic pcap file holding ``messages`` on one TCP connection.

    :param messages: ``(direction, bytes)`` pairs, direction ``"c"`` for
        client to server and ``"s"`` for server to client.  Bytes longer
        than one MSS are split over several segments.
    """
    seq = {"c": 1000, "s": 5000}
    packets = [
        _packet(True, seq["c"] - 1, 0, 0x02, b""),
        _packet(False, seq["s"] - 1, seq["c"], 0x12, b""),
        _packet(True, seq["c"], seq["s"], 0x10, b""),
    ]
    for direction, data in messages:
        if direction not in ("c", "s"):
            raise ValueError("direction must be 'c' or 's', not %r" % (direction,))
        other = "s" if direction == "c" else "c"
        for start in range(0, len(data), MSS):
            chunk = bytes(data[start:start + MSS])
            packets.append(_packet(direction == "c", seq[direction],
                                   seq[other], 0x18, chunk))
            seq[direction] += len(chunk)
    out = [struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 262144, 1)]
    for number, packet in enumerate(packets):
        out.append(struct.pack("<IIII", number, 0, len(packet), len(packet)))
        out.append(packet)
    return b"".join(out)


@dataclass
class Verdict:
    """What tshark made of a capture.

    :ivar frames: one summary line per frame carrying payload
        (``protocol  info``), handshake frames left out.
    :ivar problems: expert items of severity warning or error, and any
        line of the detailed dissection that mentions a malformed packet.
    :ivar detail: the full ``tshark -V`` text, for humans.
    """

    frames: List[str] = field(default_factory=list)
    problems: List[str] = field(default_factory=list)
    detail: str = ""

    @property
    def ok(self) -> bool:
        return not self.problems


def _run(args: List[str]) -> str:
    env = dict(os.environ)
    proc = subprocess.run(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                          env=env, timeout=120, check=False)
    if proc.returncode != 0:
        raise RuntimeError("tshark failed (%d): %s" % (
            proc.returncode, proc.stderr.decode("utf-8", "replace")))
    return proc.stdout.decode("utf-8", "replace")


def check(messages: Sequence[Tuple[str, bytes]], framed: bool = True,
          with_pres: bool = False) -> Verdict:
    """Dissect ``messages`` with tshark and return its :class:`Verdict`.

    :param messages: ``(direction, bytes)`` pairs, see :func:`build_pcap`.
    :param framed: the bytes already carry TPKT headers (the default, as
        the machines under test emit framed bytes); when false every
        message is one TPDU and is wrapped here, as the command line does
        unless given ``--framed``.
    :param with_pres: leave the presentation dissector enabled.
    """
    if not tshark_available():
        raise RuntimeError("tshark is not installed")
    if not framed:
        messages = [(d, tpkt(b)) for d, b in messages]
    fd, path = tempfile.mkstemp(suffix=".pcap")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(build_pcap(messages))
        base = ["tshark", "-n", "-r", path]
        if not with_pres:
            base += ["--disable-protocol", "pres"]
        summary = _run(base + ["-T", "fields", "-E", "separator=/t",
                               "-e", "frame.number", "-e", "tcp.len",
                               "-e", "_ws.col.Protocol", "-e", "_ws.col.Info"])
        detail = _run(base + ["-V"])
        expert = _run(base + ["-q", "-z", "expert,warn"])
    finally:
        os.unlink(path)
    verdict = Verdict(detail=detail)
    for line in summary.splitlines():
        parts = line.split("\t")
        if len(parts) < 4 or parts[1] in ("", "0"):
            continue
        verdict.frames.append("%s  %s" % (parts[2], parts[3]))
    in_table = False
    for line in expert.splitlines():
        stripped = line.strip()
        if stripped.startswith(("Errors (", "Warns (")):
            in_table = True
            continue
        if stripped.startswith(("Notes (", "Chats (", "Comments (")):
            in_table = False
            continue
        if in_table and stripped and not stripped.startswith(("=", "Frequency")):
            verdict.problems.append(stripped)
    for line in detail.splitlines():
        if "Malformed" in line or "Dissector bug" in line:
            verdict.problems.append(line.strip())
    return verdict


def _parse_message(arg: str) -> Tuple[str, bytes]:
    direction, sep, text = arg.partition(":")
    if not sep or direction not in ("c", "s"):
        raise argparse.ArgumentTypeError("expected c:HEX or s:HEX, got %r" % arg)
    try:
        data = bytes.fromhex(text.replace(" ", ""))
    except ValueError as exc:
        raise argparse.ArgumentTypeError("bad hex in %r: %s" % (arg, exc))
    return direction, data


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--framed", action="store_true",
                        help="the bytes already carry TPKT headers")
    parser.add_argument("--with-pres", action="store_true",
                        help="keep the presentation dissector enabled")
    parser.add_argument("-V", "--verbose", action="store_true",
                        help="print the full dissection")
    parser.add_argument("messages", nargs="+", type=_parse_message,
                        metavar="c:HEX|s:HEX")
    args = parser.parse_args(argv)
    if not tshark_available():
        print("tshark not found on PATH", file=sys.stderr)
        return 2
    verdict = check(args.messages, framed=args.framed, with_pres=args.with_pres)
    if args.verbose:
        print(verdict.detail)
    for line in verdict.frames:
        print(line)
    for line in verdict.problems:
        print("PROBLEM: " + line)
    print("verdict: %s" % ("clean" if verdict.ok else "PROBLEMS"))
    return 0 if verdict.ok else 1


if __name__ == "__main__":
    sys.exit(main())
