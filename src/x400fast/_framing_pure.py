"""RFC 1006 TPKT framing and the X.224 class 0 DT fast path (pure twin).

This module and the compiled ``x400fast._framing`` (built from
``_framing.pyx``) have the same API and the same behaviour, byte for byte
and exception for exception; ``x400fast._impl.load("_framing")`` picks one.
The tests run every case against both.

What lives here is only the per-byte work of the lowest layer, because that
is what runs once per TCP segment and once per TPDU:

:class:`TpktDeframer`
    Turns a TCP byte stream into TPKT bodies (the TPDUs).  ``feed()`` only
    buffers; ``next_frame()`` returns one complete body or ``None`` ("need
    more data"); ``frames()`` drains every complete body at once.
:func:`encode_dt`
    Cuts one TSDU into class 0 DT TPDUs of at most the negotiated size,
    each in its TPKT, end-of-TSDU set on the last, all in one ``bytes`` so
    that a caller makes one ``send()`` per TSDU whatever its size.
:func:`tpdu_header` and :func:`dt_user_data`
    The X.224 header checks shared by every TPDU (LI, code) and the parse
    of a class 0 DT.  Everything else about TPDUs is in
    :mod:`x400fast.osi.transport`.

Validation of a TPKT header happens octet by octet as the octets arrive:
a wrong version is reported when the first octet is seen, a wrong reserved
octet at the second, a length out of range as soon as both length octets
are present.  The body of a packet is never read, and never allocated,
before its header has passed; the deframer only ever holds the bytes it was
fed, so a peer announcing 65535 octets and then stalling costs what it
sent, not what it announced.

The minimum TPKT length is 7: the 4-octet header plus the shortest TPDU
class 0 can carry (a DT with its 3-octet header and no data).  Anything
shorter cannot hold a TPDU; lengths 0 to 3 would even make the "length"
smaller than the header that contains it (the libiec61850 CVE-2020-15158
shape).
"""
from __future__ import annotations

from typing import List, Optional, Tuple, Union

from .errors import MalformedTPDU, MalformedTPKT

__all__ = [
    "TPKT_VERSION",
    "TPKT_HEADER_SIZE",
    "TPKT_MIN_LENGTH",
    "TPKT_MAX_LENGTH",
    "MIN_TPDU_SIZE",
    "MAX_TPDU_SIZE",
    "DT_HEADER_SIZE",
    "TpktDeframer",
    "encode_dt",
    "tpdu_header",
    "dt_user_data",
    "ros_envelope",
    "steady_ros",
    "steady_frame",
]

TPKT_VERSION = 3
TPKT_HEADER_SIZE = 4
TPKT_MIN_LENGTH = 7
TPKT_MAX_LENGTH = 65535
#: Smallest TPDU size X.224 defines (parameter code 7); encode_dt refuses less.
MIN_TPDU_SIZE = 128
#: Largest TPDU one TPKT can carry (65535 - 4), the RFC 1006 default size.
MAX_TPDU_SIZE = TPKT_MAX_LENGTH - TPKT_HEADER_SIZE
#: LI, code and EOT/NR octets of a class 0 DT TPDU.
DT_HEADER_SIZE = 3

_DT_CODE = 0xF0
_EOT = 0x80
# Consumed bytes are dropped from the front of the buffer once this many
# have accumulated (or at once when the buffer empties), so that the cost
# of dropping is spread over many frames.
_COMPACT_AT = 65536

BytesLike = Union[bytes, bytearray, memoryview]


def _check_int_range(name: str, value: object, low: int, high: int) -> int:
    if not isinstance(value, int):
        raise TypeError("%s must be an int, not %s" % (name, type(value).__name__))
    if not low <= value <= high:
        raise ValueError("%s must be in %d..%d, not %d" % (name, low, high, value))
    return value


def _as_bytes(name: str, value: object) -> bytes:
    if isinstance(value, bytes) and type(value) is bytes:
        return value
    if isinstance(value, (bytes, bytearray, memoryview)):
        return bytes(value)
    raise TypeError("%s must be bytes-like, not %s" % (name, type(value).__name__))


class TpktDeframer:
    """Incremental RFC 1006 deframer: bytes in, TPKT bodies out.

    :param max_length: largest TPKT length accepted (header included),
        7..65535.  A caller that knows a smaller bound (for instance the
        negotiated TPDU size + 4) may lower it at any time through the
        :attr:`max_length` property; packets whose header is already
        validated are not re-checked.

    The deframer never raises from :meth:`feed`.  Errors are raised by
    :meth:`next_frame` / :meth:`frames` when the bad header octet is
    reached, after every complete frame before it has been returned.  The
    error is sticky: the bad octets stay in the buffer, so every later call
    raises again (a TPKT stream cannot be resynchronised).
    """

    __slots__ = ("_buf", "_pos", "_max_length")

    def __init__(self, max_length: int = TPKT_MAX_LENGTH) -> None:
        self._max_length = _check_int_range("max_length", max_length,
                                            TPKT_MIN_LENGTH, TPKT_MAX_LENGTH)
        self._buf = bytearray()
        self._pos = 0

    @property
    def max_length(self) -> int:
        """Largest TPKT length (header included) that is accepted."""
        return self._max_length

    @max_length.setter
    def max_length(self, value: int) -> None:
        self._max_length = _check_int_range("max_length", value,
                                            TPKT_MIN_LENGTH, TPKT_MAX_LENGTH)

    @property
    def buffered(self) -> int:
        """Number of bytes fed but not yet returned as part of a frame."""
        return len(self._buf) - self._pos

    def feed(self, data: BytesLike) -> None:
        """Append bytes received from the transport connection."""
        if not isinstance(data, (bytes, bytearray, memoryview)):
            raise TypeError("data must be bytes-like, not %s" % type(data).__name__)
        self._buf += data

    def next_frame(self) -> Optional[bytes]:
        """Return the body (the TPDU) of the next complete TPKT.

        :returns: the body, or ``None`` when more bytes are needed.
        :raises MalformedTPKT: on a bad version, reserved octet or length;
            ``offset`` is the position of the bad octet in the TPKT header.
        """
        buf = self._buf
        pos = self._pos
        avail = len(buf) - pos
        if avail < 1:
            return None
        if buf[pos] != TPKT_VERSION:
            raise MalformedTPKT("TPKT version %d, expected 3" % buf[pos], 0)
        if avail < 2:
            return None
        if buf[pos + 1] != 0:
            raise MalformedTPKT("TPKT reserved octet is 0x%02x, expected 0"
                                % buf[pos + 1], 1)
        if avail < TPKT_HEADER_SIZE:
            return None
        length = (buf[pos + 2] << 8) | buf[pos + 3]
        if length < TPKT_MIN_LENGTH:
            raise MalformedTPKT("TPKT length %d is below the minimum of %d"
                                % (length, TPKT_MIN_LENGTH), 2)
        if length > self._max_length:
            raise MalformedTPKT("TPKT length %d exceeds the limit of %d"
                                % (length, self._max_length), 2)
        if avail < length:
            return None
        body = bytes(buf[pos + TPKT_HEADER_SIZE:pos + length])
        pos += length
        if pos == len(buf):
            buf.clear()
            pos = 0
        elif pos >= _COMPACT_AT:
            del buf[:pos]
            pos = 0
        self._pos = pos
        return body

    def frames(self) -> List[bytes]:
        """Return the bodies of every complete TPKT buffered so far.

        If a malformed header follows some complete frames, those frames
        are returned and the error is raised by the next call.
        """
        out: List[bytes] = []
        while True:
            try:
                frame = self.next_frame()
            except MalformedTPKT:
                if out:
                    return out
                raise
            if frame is None:
                return out
            out.append(frame)


def encode_dt(tsdu: BytesLike, max_tpdu_size: int = MAX_TPDU_SIZE) -> bytes:
    """Frame one TSDU as class 0 DT TPDUs inside TPKTs.

    :param tsdu: the transport service data unit, at least one octet.
    :param max_tpdu_size: negotiated maximum TPDU size (header included),
        128..65531; each DT carries at most ``max_tpdu_size - 3`` octets.
    :returns: the concatenated TPKTs; EOT is set on the last DT only.
    """
    data = _as_bytes("tsdu", tsdu)
    size = _check_int_range("max_tpdu_size", max_tpdu_size,
                            MIN_TPDU_SIZE, MAX_TPDU_SIZE)
    total = len(data)
    if total == 0:
        raise ValueError("a TSDU must hold at least one octet")
    chunk = size - DT_HEADER_SIZE
    view = memoryview(data)
    parts: List[Union[bytes, memoryview]] = []
    for start in range(0, total, chunk):
        segment = view[start:start + chunk]
        length = len(segment) + TPKT_HEADER_SIZE + DT_HEADER_SIZE
        eot = _EOT if start + chunk >= total else 0
        parts.append(bytes((TPKT_VERSION, 0, length >> 8, length & 0xFF,
                            2, _DT_CODE, eot)))
        parts.append(segment)
    return b"".join(parts)


def tpdu_header(tpdu: BytesLike) -> Tuple[int, int]:
    """Check the X.224 header frame of one TPDU and return ``(li, code)``.

    ``li`` is the length indicator (header octets after the LI octet) and
    ``code`` the whole octet that follows it (the TPDU type is its high
    nibble).  Checks: at least LI and code present; LI not the reserved
    255; LI at least 1 and not beyond the end of the TPDU.

    :raises MalformedTPDU: with ``offset`` 0 (the LI octet).
    """
    data = _as_bytes("tpdu", tpdu)
    n = len(data)
    if n < 2:
        raise MalformedTPDU("TPDU of %d octets has no LI and code" % n, 0, 0)
    li = data[0]
    if li == 255:
        raise MalformedTPDU("LI 255 is reserved", 0, 0)
    if li < 1:
        raise MalformedTPDU("LI 0 leaves no room for the TPDU code", 0, 0)
    if li + 1 > n:
        raise MalformedTPDU("LI %d exceeds the %d octets of the TPDU" % (li, n), 0, 0)
    return li, data[1]


def dt_user_data(tpdu: BytesLike) -> Tuple[bool, bytes]:
    """Parse a class 0 DT TPDU and return ``(eot, user_data)``.

    A class 0 DT has exactly LI 2, code ``0xF0`` and one octet holding
    EOT (bit 8) and a TPDU-NR that class 0 does not use (ignored).

    :raises MalformedTPDU: when the TPDU is not a well-formed class 0 DT.
    """
    data = _as_bytes("tpdu", tpdu)
    li, code = tpdu_header(data)
    if code != _DT_CODE:
        raise MalformedTPDU("TPDU code 0x%02x is not DT" % code, 1, 2)
    if li != 2:
        raise MalformedTPDU("class 0 DT needs LI 2, got %d" % li, 0, 0)
    return bool(data[2] & _EOT), data[DT_HEADER_SIZE:]


# ---------------------------------------------------------------------------
# Steady-state ROSE fast path
#
# Once an association is bound, nearly every TPKT body is one class 0 DT
# (EOT set) carrying Give-Tokens + Data SPDUs, fully-encoded user data with
# one PDV on a context (no transfer-syntax name), and in it one ROS APDU:
#
#   02 F0 80 | 01 00 01 00 | 61 L1 30 L2 02 01 pc A0 L3 | APDU
#
# The ROSE machine used to recognise that shape and hand-decode the
# envelope in a handful of Python functions; the per-call overhead of those
# functions was most of what a round trip cost.  These functions do the
# same in one call each.  What they accept and return is pinned to what the
# general path (every layer's parser, then the BER codec) gives: any shape
# they do not recognise is reported as such, never guessed at, and the
# caller then takes the general path, which keeps every check and error.

_STEADY_PREFIX = b"\x02\xf0\x80\x01\x00\x01\x00\x61"


def _dlen(data: bytes, pos: int) -> Tuple[int, int]:
    """``(length, position after it)`` of a definite length of up to three
    octets at ``pos``; ``(-1, 0)`` for any other form or truncated data."""
    n = len(data)
    if pos >= n:
        return -1, 0
    b = data[pos]
    if b < 0x80:
        return b, pos + 1
    if b == 0x81 and pos + 1 < n:
        return data[pos + 1], pos + 2
    if b == 0x82 and pos + 2 < n:
        return (data[pos + 1] << 8) | data[pos + 2], pos + 3
    if b == 0x83 and pos + 3 < n:
        return (data[pos + 1] << 16) | (data[pos + 2] << 8) | data[pos + 3], pos + 4
    return -1, 0


def _qint(data: bytes, pos: int) -> Tuple[Optional[int], int]:
    """An INTEGER's value from its length octet at ``pos``: ``(value,
    end)``, or ``(None, 0)`` unless it has 1 to 4 content octets in minimal
    form inside ``data`` (the codec judges every other form)."""
    size = len(data)
    if pos >= size:
        return None, 0
    n = data[pos]
    if not 1 <= n <= 4:
        return None, 0
    end = pos + 1 + n
    if end > size:
        return None, 0
    if n > 1:
        first, second = data[pos + 1], data[pos + 2]
        if (first == 0 and second < 0x80) or (first == 0xFF and second >= 0x80):
            return None, 0
    return int.from_bytes(data[pos + 1:end], "big", signed=True), end


def _one_tlv(data: bytes, pos: int) -> bool:
    """True when ``data[pos:]`` is exactly one BER value with a low tag
    number and a definite length (what an open type holds)."""
    if pos >= len(data) or data[pos] & 0x1F == 0x1F:
        return False
    length, p = _dlen(data, pos + 1)
    return length >= 0 and p + length == len(data)


def ros_envelope(data: BytesLike, start: int = 0
                 ) -> Optional[Tuple[int, int, Optional[int], Optional[bytes]]]:
    """Decode the envelope of the two everyday ROS APDUs.

    ``data[start:]`` must be exactly one ROS APDU.  Recognised: an invoke
    with a local operation code and no linked id, and a returnResult with
    a local code or without a result.

    :returns: ``(kind, invoke_id, opcode, raw)``: ``kind`` 1 (invoke) or
        2 (returnResult); ``opcode`` ``None`` for a returnResult without a
        result; ``raw`` the argument or result TLV, ``None`` when absent --
        exactly the values the BER codec gives for those APDUs.  ``None``
        for every other shape (the caller then uses the codec).
    """
    data = _as_bytes("data", data)
    if not isinstance(start, int) or isinstance(start, bool):
        raise TypeError("start must be an int, not %s" % type(start).__name__)
    n = len(data)
    if start < 0 or start >= n:
        return None
    tag = data[start]
    if tag != 0xA1 and tag != 0xA2:
        return None
    length, p = _dlen(data, start + 1)
    if length < 0 or p + length != n or p >= n or data[p] != 2:
        return None
    iid, p = _qint(data, p + 1)
    if iid is None:
        return None
    if tag == 0xA1:
        if p >= n or data[p] != 2:
            return None
        op, p = _qint(data, p + 1)
        if op is None:
            return None
        if p == n:
            return 1, iid, op, None
        if not _one_tlv(data, p):
            return None
        return 1, iid, op, data[p:]
    if p == n:
        return 2, iid, None, None
    if data[p] != 0x30:
        return None
    length, q = _dlen(data, p + 1)
    if length < 0 or q + length != n or q >= n or data[q] != 2:
        return None
    op, q = _qint(data, q + 1)
    if op is None or not _one_tlv(data, q):
        return None
    return 2, iid, op, data[q:]


def steady_ros(tpdu: BytesLike) -> Optional[Tuple[int, int, int, Optional[int],
                                                  Optional[int], Optional[bytes]]]:
    """Recognise one TPDU (a TPKT body) of the steady-state shape.

    :returns: ``None`` unless the TPDU is a class 0 DT with EOT carrying
        Give-Tokens + Data SPDUs with one PDV of fully-encoded user data on
        a context 1..127 (no transfer-syntax name), all lengths definite
        (up to three octets) and consistent, whose value is one BER value
        with a low tag number.  Otherwise ``(pcid, start, kind, invoke_id,
        code, raw)``: the APDU is ``tpdu[start:]``; ``kind``, ``invoke_id``,
        ``code`` and ``raw`` are those of :func:`ros_envelope` when it
        recognises the APDU, else ``kind`` is 0 and the rest ``None``.
    """
    body = _as_bytes("tpdu", tpdu)
    n = len(body)
    if not body.startswith(_STEADY_PREFIX):
        return None
    l1, p = _dlen(body, 8)
    if l1 < 0 or p + l1 != n or p >= n or body[p] != 0x30:
        return None
    l2, p = _dlen(body, p + 1)
    if l2 < 0 or p + l2 != n or p + 3 >= n or body[p] != 2 or body[p + 1] != 1:
        return None
    pcid = body[p + 2]
    if not 0 < pcid < 0x80 or body[p + 3] != 0xA0:
        return None
    l3, start = _dlen(body, p + 4)
    if l3 < 0 or start + l3 != n or start >= n or body[start] & 0x1F == 0x1F:
        return None
    l4, p = _dlen(body, start + 1)
    if l4 < 0 or p + l4 != n:
        return None
    quick = ros_envelope(body, start)
    if quick is None:
        return pcid, start, 0, None, None, None
    return (pcid, start) + quick


def _int_tlv(v: int) -> bytes:
    n = ((v if v >= 0 else ~v).bit_length() + 8) // 8
    return bytes((2, n)) + v.to_bytes(n, "big", signed=True)


def _blen(n: int) -> bytes:
    """A definite BER length (at most 0xFFFF) in its minimal form."""
    if n < 0x80:
        return bytes((n,))
    if n < 0x100:
        return bytes((0x81, n))
    return bytes((0x82, n >> 8, n & 0xFF))


def _blen_size(n: int) -> int:
    """Octets of the minimal definite BER length of ``n``."""
    if n < 0x80:
        return 1
    if n < 0x100:
        return 2
    return 1 + (n.bit_length() + 7) // 8


# Largest APDU that fits one DT of the largest TPDU with the longest header
# (26 octets; 30 keeps the bound the ROSE machine has always used).
_STEADY_MAX_APDU = MAX_TPDU_SIZE - 30
_INT32 = 1 << 31


def steady_frame(pcid: int, kind: int, invoke_id: int, code: int, payload: BytesLike,
                 max_apdu: int) -> Optional[bytes]:
    """Build one whole steady-state TPKT around a ROS invoke or returnResult.

    ``kind`` 1 writes ``A1 L {INTEGER invoke_id, INTEGER code, payload}``,
    kind 2 ``A2 L {INTEGER invoke_id, 30 L {INTEGER code, payload}}``;
    ``payload`` is the already encoded argument or result (may be empty for
    an invoke).  The APDU goes in the same frame :func:`steady_ros`
    recognises, every length in its minimal definite form: byte for byte
    what the layers produce for a one-DT P-DATA.

    :returns: the frame, or ``None`` when it is not built here: the APDU
        would be longer than ``max_apdu`` octets (the caller's bound for
        one DT) or than 65501, or an id or code is not an int of 32 bits.
    """
    data = _as_bytes("payload", payload)
    _check_int_range("pcid", pcid, 1, 127)
    if kind != 1 and kind != 2:
        raise ValueError("kind must be 1 (invoke) or 2 (returnResult), not %r" % (kind,))
    if not isinstance(max_apdu, int):
        raise TypeError("max_apdu must be an int, not %s" % type(max_apdu).__name__)
    if (type(invoke_id) is not int or type(code) is not int
            or not -_INT32 <= invoke_id < _INT32 or not -_INT32 <= code < _INT32):
        return None
    ids = _int_tlv(invoke_id)
    ctlv = _int_tlv(code)
    size = len(data)
    if kind == 1:
        inner = 0
        content = len(ids) + len(ctlv) + size
    else:
        inner = len(ctlv) + size
        content = len(ids) + 1 + _blen_size(inner) + inner
    apdu = 1 + _blen_size(content) + content
    if apdu > max_apdu or apdu > _STEADY_MAX_APDU:
        return None
    if kind == 1:
        head = b"\xa1" + _blen(content) + ids + ctlv
    else:
        head = b"\xa2" + _blen(content) + ids + b"\x30" + _blen(inner) + ctlv
    l3 = _blen(apdu)
    pdv = 4 + len(l3) + apdu
    l2 = _blen(pdv)
    ud = 1 + len(l2) + pdv
    l1 = _blen(ud)
    tpkt = 12 + len(l1) + ud
    return b"".join((bytes((3, 0, tpkt >> 8, tpkt & 0xFF)), _STEADY_PREFIX, l1, b"\x30",
                     l2, bytes((2, 1, pcid, 0xA0)), l3, head, data))
