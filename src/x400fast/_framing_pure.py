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
