# cython: language_level=3
# cython: boundscheck=True, wraparound=False, initializedcheck=True
# cython: cdivision=False, nonecheck=True, overflowcheck=True
# cython: embedsignature=True
"""RFC 1006 TPKT framing and the X.224 class 0 DT fast path (compiled).

Compiled twin of :mod:`x400fast._framing_pure`: same names, same results,
same exceptions and messages.  See that module for the description of the
API; the docstrings here are kept short on purpose so that the two files
cannot drift in what they promise.

Directive choice: ``boundscheck`` stays on (every indexing of a bytes or
bytearray object is checked by Cython), ``overflowcheck`` is on for the
C-integer arithmetic, and the only raw-pointer accesses (copying a frame
body out of the buffer and filling the output of :func:`encode_dt`) are each
preceded by an explicit check that the whole range lies inside the object.
The header comment overrides the speed-oriented defaults in setup.py.
"""
from cpython.bytes cimport PyBytes_AS_STRING, PyBytes_FromStringAndSize
from cpython.bytearray cimport PyByteArray_AS_STRING
from libc.string cimport memcpy

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
MIN_TPDU_SIZE = 128
MAX_TPDU_SIZE = 65531
DT_HEADER_SIZE = 3

cdef Py_ssize_t C_HEADER = 4
cdef Py_ssize_t C_MIN_LENGTH = 7
cdef Py_ssize_t C_DT_HEADER = 3
cdef int C_DT_CODE = 0xF0
cdef int C_EOT = 0x80
cdef Py_ssize_t C_COMPACT_AT = 65536


cdef object _check_int_range(str name, object value, Py_ssize_t low, Py_ssize_t high):
    if not isinstance(value, int):
        raise TypeError("%s must be an int, not %s" % (name, type(value).__name__))
    if not low <= value <= high:
        raise ValueError("%s must be in %d..%d, not %d" % (name, low, high, value))
    return value


cdef bytes _as_bytes(str name, object value):
    if type(value) is bytes:
        return <bytes>value
    if isinstance(value, (bytes, bytearray, memoryview)):
        return bytes(value)
    raise TypeError("%s must be bytes-like, not %s" % (name, type(value).__name__))


cdef class TpktDeframer:
    """Incremental RFC 1006 deframer: bytes in, TPKT bodies out.

    See :class:`x400fast._framing_pure.TpktDeframer`.
    """

    cdef bytearray _buf
    cdef Py_ssize_t _pos
    cdef Py_ssize_t _max_length

    def __init__(self, max_length=TPKT_MAX_LENGTH):
        self._max_length = _check_int_range("max_length", max_length,
                                            TPKT_MIN_LENGTH, TPKT_MAX_LENGTH)
        self._buf = bytearray()
        self._pos = 0

    @property
    def max_length(self):
        """Largest TPKT length (header included) that is accepted."""
        return self._max_length

    @max_length.setter
    def max_length(self, value):
        self._max_length = _check_int_range("max_length", value,
                                            TPKT_MIN_LENGTH, TPKT_MAX_LENGTH)

    @property
    def buffered(self):
        """Number of bytes fed but not yet returned as part of a frame."""
        return len(self._buf) - self._pos

    def feed(self, data):
        """Append bytes received from the transport connection."""
        if not isinstance(data, (bytes, bytearray, memoryview)):
            raise TypeError("data must be bytes-like, not %s" % type(data).__name__)
        self._buf += data

    def next_frame(self):
        """Return the body of the next complete TPKT, or ``None``."""
        cdef bytearray buf = self._buf
        cdef Py_ssize_t pos = self._pos
        cdef Py_ssize_t size = len(buf)
        cdef Py_ssize_t avail = size - pos
        cdef Py_ssize_t length
        cdef int octet
        cdef bytes body
        if avail < 1:
            return None
        octet = buf[pos]
        if octet != 3:
            raise MalformedTPKT("TPKT version %d, expected 3" % octet, 0)
        if avail < 2:
            return None
        octet = buf[pos + 1]
        if octet != 0:
            raise MalformedTPKT("TPKT reserved octet is 0x%02x, expected 0"
                                % octet, 1)
        if avail < C_HEADER:
            return None
        length = (<Py_ssize_t>buf[pos + 2] << 8) | <Py_ssize_t>buf[pos + 3]
        if length < C_MIN_LENGTH:
            raise MalformedTPKT("TPKT length %d is below the minimum of %d"
                                % (length, C_MIN_LENGTH), 2)
        if length > self._max_length:
            raise MalformedTPKT("TPKT length %d exceeds the limit of %d"
                                % (length, self._max_length), 2)
        if avail < length:
            return None
        # Guard for the raw copy below: [pos + 4, pos + length) lies
        # inside the bytearray because length <= avail = size - pos.
        if pos < 0 or pos + length > size:
            raise SystemError("TPKT deframer buffer bookkeeping broken")
        body = PyBytes_FromStringAndSize(
            PyByteArray_AS_STRING(buf) + pos + C_HEADER, length - C_HEADER)
        pos += length
        if pos == size:
            buf.clear()
            pos = 0
        elif pos >= C_COMPACT_AT:
            del buf[:pos]
            pos = 0
        self._pos = pos
        return body

    def frames(self):
        """Return the bodies of every complete TPKT buffered so far."""
        cdef list out = []
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


def encode_dt(tsdu, max_tpdu_size=MAX_TPDU_SIZE):
    """Frame one TSDU as class 0 DT TPDUs inside TPKTs (one bytes object)."""
    cdef bytes data = _as_bytes("tsdu", tsdu)
    cdef Py_ssize_t size = _check_int_range("max_tpdu_size", max_tpdu_size,
                                            MIN_TPDU_SIZE, MAX_TPDU_SIZE)
    cdef Py_ssize_t total = len(data)
    cdef Py_ssize_t chunk, nseg, out_len, start, seg, length, w
    cdef bytes out
    cdef char *dst
    cdef const char *src
    if total == 0:
        raise ValueError("a TSDU must hold at least one octet")
    chunk = size - C_DT_HEADER
    nseg = (total + chunk - 1) // chunk
    out_len = total + nseg * (C_HEADER + C_DT_HEADER)
    out = PyBytes_FromStringAndSize(NULL, out_len)
    dst = PyBytes_AS_STRING(out)
    src = PyBytes_AS_STRING(data)
    start = 0
    w = 0
    while start < total:
        seg = total - start
        if seg > chunk:
            seg = chunk
        length = seg + C_HEADER + C_DT_HEADER
        # Guard for the raw writes: 7 header octets + seg data octets must
        # fit in what is left of the output, and the source range must lie
        # inside the TSDU.
        if w + length > out_len or start + seg > total:
            raise SystemError("DT encoder size bookkeeping broken")
        dst[w] = 3
        dst[w + 1] = 0
        dst[w + 2] = <char>((length >> 8) & 0xFF)
        dst[w + 3] = <char>(length & 0xFF)
        dst[w + 4] = 2
        dst[w + 5] = <char>C_DT_CODE
        dst[w + 6] = <char>(C_EOT if start + seg >= total else 0)
        memcpy(dst + w + 7, src + start, seg)
        w += length
        start += seg
    if w != out_len:
        raise SystemError("DT encoder size bookkeeping broken")
    return out


def tpdu_header(tpdu):
    """Check the X.224 header frame of one TPDU and return ``(li, code)``."""
    cdef bytes data = _as_bytes("tpdu", tpdu)
    cdef Py_ssize_t n = len(data)
    cdef int li
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


def dt_user_data(tpdu):
    """Parse a class 0 DT TPDU and return ``(eot, user_data)``."""
    cdef bytes data = _as_bytes("tpdu", tpdu)
    li, code = tpdu_header(data)
    if code != C_DT_CODE:
        raise MalformedTPDU("TPDU code 0x%02x is not DT" % code, 1, 2)
    if li != 2:
        raise MalformedTPDU("class 0 DT needs LI 2, got %d" % li, 0, 0)
    return bool(data[2] & C_EOT), data[C_DT_HEADER:]
