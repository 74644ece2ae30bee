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
    "ros_envelope",
    "steady_ros",
    "steady_frame",
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


# ---------------------------------------------------------------------------
# Steady-state ROSE fast path (see _framing_pure for the description).
#
# Every read below goes through ``d`` (the bytes' buffer) at an index that
# has been compared with ``n`` (the bytes' length) first; the helpers return
# -1 instead of reading past the end.  steady_frame checks, before writing,
# that what it writes adds up to exactly the size it allocated.  (GCC's
# -Wstringop-overflow warnings on those writes come from PyBytesObject's
# one-octet ``ob_sval`` declaration, not from the sizes.)

cdef bytes C_STEADY_PREFIX = b"\x02\xf0\x80\x01\x00\x01\x00\x61"
cdef Py_ssize_t C_STEADY_MAX_APDU = 65531 - 30


cdef inline Py_ssize_t _dlen(const unsigned char *d, Py_ssize_t n, Py_ssize_t pos,
                             Py_ssize_t *after):
    """Definite length of up to three octets at ``pos``, or -1."""
    cdef unsigned char b
    if pos < 0 or pos >= n:
        return -1
    b = d[pos]
    if b < 0x80:
        after[0] = pos + 1
        return b
    if b == 0x81 and pos + 1 < n:
        after[0] = pos + 2
        return d[pos + 1]
    if b == 0x82 and pos + 2 < n:
        after[0] = pos + 3
        return (<Py_ssize_t>d[pos + 1] << 8) | d[pos + 2]
    if b == 0x83 and pos + 3 < n:
        after[0] = pos + 4
        return ((<Py_ssize_t>d[pos + 1] << 16) | (<Py_ssize_t>d[pos + 2] << 8)
                | d[pos + 3])
    return -1


cdef inline bint _qint(const unsigned char *d, Py_ssize_t n, Py_ssize_t pos,
                       long long *value, Py_ssize_t *end):
    """INTEGER of 1..4 content octets in minimal form, length octet at pos."""
    cdef Py_ssize_t k, i
    cdef long long v
    cdef unsigned long long u
    if pos < 0 or pos >= n:
        return False
    k = d[pos]
    if k < 1 or k > 4 or pos + 1 + k > n:
        return False
    if k > 1:
        if (d[pos + 1] == 0 and d[pos + 2] < 0x80) or (d[pos + 1] == 0xFF
                                                        and d[pos + 2] >= 0x80):
            return False
    u = 0
    for i in range(k):
        u = (u << 8) | d[pos + 1 + i]
    v = <long long>u
    if d[pos + 1] & 0x80:
        v -= (<long long>1) << (8 * k)
    value[0] = v
    end[0] = pos + 1 + k
    return True


cdef inline bint _one_tlv(const unsigned char *d, Py_ssize_t n, Py_ssize_t pos):
    cdef Py_ssize_t length, p = 0
    if pos < 0 or pos >= n or d[pos] & 0x1F == 0x1F:
        return False
    length = _dlen(d, n, pos + 1, &p)
    return length >= 0 and p + length == n


cdef object _envelope(bytes data, Py_ssize_t start):
    """ros_envelope on a bytes object (no argument checks)."""
    cdef const unsigned char *d = <const unsigned char *>PyBytes_AS_STRING(data)
    cdef Py_ssize_t n = len(data)
    cdef Py_ssize_t p = 0, q = 0, length
    cdef long long iid = 0, op = 0
    cdef unsigned char tag
    if start < 0 or start >= n:
        return None
    tag = d[start]
    if tag != 0xA1 and tag != 0xA2:
        return None
    length = _dlen(d, n, start + 1, &p)
    if length < 0 or p + length != n or p >= n or d[p] != 2:
        return None
    if not _qint(d, n, p + 1, &iid, &p):
        return None
    if tag == 0xA1:
        if p >= n or d[p] != 2:
            return None
        if not _qint(d, n, p + 1, &op, &p):
            return None
        if p == n:
            return 1, iid, op, None
        if not _one_tlv(d, n, p):
            return None
        return 1, iid, op, PyBytes_FromStringAndSize(<const char *>d + p, n - p)
    if p == n:
        return 2, iid, None, None
    if d[p] != 0x30:
        return None
    length = _dlen(d, n, p + 1, &q)
    if length < 0 or q + length != n or q >= n or d[q] != 2:
        return None
    if not _qint(d, n, q + 1, &op, &q):
        return None
    if not _one_tlv(d, n, q):
        return None
    return 2, iid, op, PyBytes_FromStringAndSize(<const char *>d + q, n - q)


def ros_envelope(data, start=0):
    """Decode the envelope of an invoke or returnResult ROS APDU, or None."""
    cdef bytes b = _as_bytes("data", data)
    if not isinstance(start, int) or isinstance(start, bool):
        raise TypeError("start must be an int, not %s" % type(start).__name__)
    if start < 0 or start >= len(b):
        return None
    return _envelope(b, start)


def steady_ros(tpdu):
    """Recognise one steady-state TPDU: (pcid, start, kind, iid, code, raw)."""
    cdef bytes body = _as_bytes("tpdu", tpdu)
    cdef const unsigned char *d = <const unsigned char *>PyBytes_AS_STRING(body)
    cdef Py_ssize_t n = len(body)
    cdef Py_ssize_t p = 0, start = 0, l
    cdef int pcid
    cdef object quick
    if n < 8 or (d[0] != 0x02 or d[1] != 0xF0 or d[2] != 0x80 or d[3] != 0x01
                 or d[4] != 0x00 or d[5] != 0x01 or d[6] != 0x00 or d[7] != 0x61):
        return None
    l = _dlen(d, n, 8, &p)
    if l < 0 or p + l != n or p >= n or d[p] != 0x30:
        return None
    l = _dlen(d, n, p + 1, &p)
    if l < 0 or p + l != n or p + 3 >= n or d[p] != 2 or d[p + 1] != 1:
        return None
    pcid = d[p + 2]
    if not 0 < pcid < 0x80 or d[p + 3] != 0xA0:
        return None
    l = _dlen(d, n, p + 4, &start)
    if l < 0 or start + l != n or start >= n or d[start] & 0x1F == 0x1F:
        return None
    l = _dlen(d, n, start + 1, &p)
    if l < 0 or p + l != n:
        return None
    quick = _envelope(body, start)
    if quick is None:
        return pcid, start, 0, None, None, None
    return (pcid, start) + <tuple>quick


cdef inline Py_ssize_t _int_size(long long v):
    """Content octets of the minimal two's complement form of v (32 bits)."""
    if -0x80 <= v < 0x80:
        return 1
    if -0x8000 <= v < 0x8000:
        return 2
    if -0x800000 <= v < 0x800000:
        return 3
    return 4


cdef inline Py_ssize_t _len_size(Py_ssize_t n):
    if n < 0x80:
        return 1
    if n < 0x100:
        return 2
    if n < 0x10000:
        return 3
    return 4                    # never written: such APDUs are refused first


cdef inline Py_ssize_t _put_len(char *dst, Py_ssize_t w, Py_ssize_t n):
    if n < 0x80:
        dst[w] = <char>n
        return w + 1
    if n < 0x100:
        dst[w] = <char>0x81
        dst[w + 1] = <char>n
        return w + 2
    dst[w] = <char>0x82
    dst[w + 1] = <char>((n >> 8) & 0xFF)
    dst[w + 2] = <char>(n & 0xFF)
    return w + 3


cdef inline Py_ssize_t _put_int(char *dst, Py_ssize_t w, long long v):
    cdef Py_ssize_t k = _int_size(v), i
    dst[w] = 2
    dst[w + 1] = <char>k
    for i in range(k):
        dst[w + 2 + i] = <char>((v >> (8 * (k - 1 - i))) & 0xFF)
    return w + 2 + k


def steady_frame(pcid, kind, invoke_id, code, payload, max_apdu):
    """Build one whole steady-state TPKT around an invoke or returnResult."""
    cdef bytes data = _as_bytes("payload", payload)
    cdef Py_ssize_t size, ids, cl, inner, content, apdu, l3, pdv, l2, ud, l1, tpkt
    cdef Py_ssize_t total, w
    cdef long long iid, op
    cdef int k, pc
    cdef bytes out
    cdef char *dst
    pc = _check_int_range("pcid", pcid, 1, 127)
    if kind != 1 and kind != 2:
        raise ValueError("kind must be 1 (invoke) or 2 (returnResult), not %r" % (kind,))
    if not isinstance(max_apdu, int):
        raise TypeError("max_apdu must be an int, not %s" % type(max_apdu).__name__)
    k = kind
    if (type(invoke_id) is not int or type(code) is not int
            or not -0x80000000 <= invoke_id <= 0x7FFFFFFF
            or not -0x80000000 <= code <= 0x7FFFFFFF):
        return None
    iid = invoke_id
    op = code
    size = len(data)
    ids = 2 + _int_size(iid)
    cl = 2 + _int_size(op)
    if size > C_STEADY_MAX_APDU:
        return None
    if k == 1:
        inner = 0
        content = ids + cl + size
    else:
        inner = cl + size
        content = ids + 1 + _len_size(inner) + inner
    apdu = 1 + _len_size(content) + content
    if apdu > C_STEADY_MAX_APDU or apdu > max_apdu:
        return None
    l3 = _len_size(apdu)
    pdv = 4 + l3 + apdu
    l2 = _len_size(pdv)
    ud = 1 + l2 + pdv
    l1 = _len_size(ud)
    tpkt = 12 + l1 + ud
    total = tpkt
    # Guard for the raw writes below: the octets they write (header,
    # envelope) plus the payload must be exactly the allocated size.
    if (12 + l1 + 1 + l2 + 4 + l3 + 1 + _len_size(content) + ids
            + (1 + _len_size(inner) if k == 2 else 0) + cl + size != total):
        raise SystemError("steady frame size bookkeeping broken")
    out = PyBytes_FromStringAndSize(NULL, total)
    dst = PyBytes_AS_STRING(out)
    dst[0] = 3
    dst[1] = 0
    dst[2] = <char>((tpkt >> 8) & 0xFF)
    dst[3] = <char>(tpkt & 0xFF)
    memcpy(dst + 4, PyBytes_AS_STRING(C_STEADY_PREFIX), 8)
    w = _put_len(dst, 12, ud)
    dst[w] = 0x30
    w = _put_len(dst, w + 1, pdv)
    dst[w] = 2
    dst[w + 1] = 1
    dst[w + 2] = <char>pc
    dst[w + 3] = <char>0xA0
    w = _put_len(dst, w + 4, apdu)
    dst[w] = <char>(0xA1 if k == 1 else 0xA2)
    w = _put_len(dst, w + 1, content)
    w = _put_int(dst, w, iid)
    if k == 2:
        dst[w] = 0x30
        w = _put_len(dst, w + 1, inner)
    w = _put_int(dst, w, op)
    # Guard for the raw copy: the payload must end exactly at the end.
    if w + size != total:
        raise SystemError("steady frame size bookkeeping broken")
    if size:
        memcpy(dst + w, PyBytes_AS_STRING(data), size)
    return out
