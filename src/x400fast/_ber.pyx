# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True
"""BER engine, compiled.  Twin of ``_ber_pure.py``: same values, same bytes,
same errors (reason, offset, path) for the same input.

The node tables that :mod:`x400fast.asn1.core` compiles are linked once into
``CNode``/``CField`` objects with C fields.  Decoding reads the input through
the buffer protocol (no copy of the input), checks every length against the
bytes that remain before touching them, and counts depth explicitly (a C
recursion gets no interpreter recursion check, so the cap is what keeps the
stack safe).  Encoding writes backwards into one growing C buffer: children
first, then the header that now knows their length.
"""
from cpython.bytes cimport PyBytes_FromStringAndSize, PyBytes_AS_STRING, PyBytes_GET_SIZE
from cpython.buffer cimport PyObject_GetBuffer, PyBuffer_Release, PyBUF_SIMPLE
from cpython.dict cimport PyDict_SetItem, PyDict_GetItem, PyDict_Size
from cpython.list cimport PyList_Append
from cpython.object cimport PyObject
from cpython.long cimport PyLong_FromLongLong, PyLong_AsLongLongAndOverflow
from cpython.unicode cimport PyUnicode_DecodeLatin1, PyUnicode_DecodeUTF8, PyUnicode_DecodeASCII
from cpython.datetime cimport import_datetime, datetime_new, PyDateTime_Check, datetime
from cpython.datetime cimport PyDateTime_GET_YEAR, PyDateTime_GET_MONTH, PyDateTime_GET_DAY
from cpython.datetime cimport PyDateTime_DATE_GET_HOUR, PyDateTime_DATE_GET_MINUTE
from cpython.datetime cimport PyDateTime_DATE_GET_SECOND, PyDateTime_DATE_GET_MICROSECOND
from libc.string cimport memcpy
from libc.stdlib cimport malloc, realloc, free

import copy as _copy
import datetime as _dt

from .asn1.core import MISSING
from .errors import DecodeError, EncodeError
from .limits import DEFAULT_LIMITS

import_datetime()

cdef extern from "Python.h":
    bint PyUnicode_IS_ASCII(object)
    int PyUnicode_KIND(object)
    void* PyUnicode_DATA(object)
    Py_ssize_t PyUnicode_GET_LENGTH(object)
    int PyUnicode_1BYTE_KIND
    object PyLong_FromUnsignedLongLong(unsigned long long)

__all__ = ["decode", "decode_from", "encode", "read_header", "IMPLEMENTATION", "link"]

IMPLEMENTATION = "compiled"

# Keep in step with asn1/core.py.
DEF K_BOOLEAN = 1
DEF K_INTEGER = 2
DEF K_BITSTRING = 3
DEF K_OCTETSTRING = 4
DEF K_NULL = 5
DEF K_OID = 6
DEF K_ENUMERATED = 10
DEF K_STRING = 12
DEF K_UTCTIME = 23
DEF K_GENTIME = 24
DEF K_SEQUENCE = 16
DEF K_SET = 17
DEF K_SEQOF = 30
DEF K_SETOF = 31
DEF K_CHOICE = 40
DEF K_ANY = 41
DEF K_EXPLICIT = 42

DEF CS_NUMERIC = 1
DEF CS_PRINTABLE = 2
DEF CS_IA5 = 3
DEF CS_VISIBLE = 4
DEF CS_LATIN1 = 5
DEF CS_UTF8 = 6
DEF CS_BMP = 7
DEF CS_UNIVERSAL = 8

DEF TAG_ANY = -1      # field matches any tag (untagged open type)
DEF TAG_SET = -2      # field matches a set of tags (untagged CHOICE)

cdef object _UTC = _dt.timezone.utc
cdef object _EXTRA = "_extra"
cdef object _MISSING = MISSING

cdef unsigned char CHARSET[9][256]
cdef const char* _PRINTABLE = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789 '()+,-./:=?"
cdef const char* _NUMERIC = b"0123456789 "


cdef void _init_charsets():
    cdef int i
    cdef const char* p
    for i in range(256):
        CHARSET[CS_NUMERIC][i] = 0
        CHARSET[CS_PRINTABLE][i] = 0
        CHARSET[CS_IA5][i] = i < 128
        CHARSET[CS_VISIBLE][i] = 32 <= i < 127
        CHARSET[CS_LATIN1][i] = 1
    p = _PRINTABLE
    while p[0]:
        CHARSET[CS_PRINTABLE][<unsigned char>p[0]] = 1
        p += 1
    p = _NUMERIC
    while p[0]:
        CHARSET[CS_NUMERIC][<unsigned char>p[0]] = 1
        p += 1

_init_charsets()

cdef dict _CS_NAMES = {CS_NUMERIC: "NumericString", CS_PRINTABLE: "PrintableString",
                       CS_IA5: "IA5String", CS_VISIBLE: "VisibleString"}

cdef dict _OID_CACHE = {}
cdef dict _OID_ENC_CACHE = {}
DEF CACHE_MAX = 4096
DEF NOGIL_COPY = 65536        # copies this large release the GIL
DEF MAX_BITS = 1048576        # named-bit numbers at and above are refused


# ---------------------------------------------------------------------------
# Linked nodes

cdef class CField:
    cdef object key
    cdef CNode node
    cdef bint optional
    cdef object default
    cdef bint has_default
    cdef bint default_copy
    cdef int tag1
    cdef object tags
    cdef bint is_null


cdef class CNode:
    cdef readonly int kind
    cdef int tag
    cdef bytes header
    cdef object name
    cdef int charset
    cdef int universal
    cdef Py_ssize_t size_min, size_max
    cdef dict named
    cdef dict names
    cdef object range_lo, range_hi
    cdef list fields
    cdef dict by_tag
    cdef dict by_key
    cdef list encode_rev        # CFields in reverse encoding order
    cdef bint extensible
    cdef bint dynamic_order
    cdef CNode inner
    cdef Py_ssize_t nfields


cpdef CNode link(node):
    """The linked (C) form of a compiled :class:`~x400fast.asn1.core.Node`."""
    cdef CNode c = node._linked
    if c is not None:
        return c
    c = CNode()
    node._linked = c
    c.kind = node.kind
    c.tag = node.tag
    c.header = node.header
    c.name = node.name
    c.charset = node.charset
    c.universal = node.universal
    c.size_min = node.size_min
    c.size_max = node.size_max
    c.named = node.named
    c.names = node.names
    if node.range is not None:
        c.range_lo, c.range_hi = node.range
    c.extensible = node.extensible
    c.dynamic_order = node.dynamic_order
    c.fields = []
    c.by_tag = {}
    c.by_key = dict(node.by_key)
    for f in node.fields:
        cf = CField()
        cf.key = f.key
        cf.node = link(f.node)
        cf.optional = f.optional
        cf.default = f.default
        cf.has_default = f.default is not MISSING
        cf.default_copy = f.default_copy
        cf.is_null = f.is_null
        cf.tags = f.tags
        if f.tags is None:
            cf.tag1 = TAG_ANY
        elif len(f.tags) == 1:
            cf.tag1 = next(iter(f.tags))
        else:
            cf.tag1 = TAG_SET
        c.fields.append(cf)
    for tk, i in node.by_tag.items():
        c.by_tag[tk] = c.fields[i]
    c.encode_rev = [c.fields[i] for i in reversed(node.encode_order)]
    c.nfields = len(c.fields)
    if node.inner is not None:
        c.inner = link(node.inner)
    return c


# ---------------------------------------------------------------------------
# Decoder state

cdef struct PathItem:
    PyObject* key           # borrowed field key, or NULL for an index
    Py_ssize_t index

cdef struct State:
    const unsigned char* buf
    int depth_max
    int sdepth_max
    int tag_max
    int lenoct_max
    int arcs_max
    int arc_octets_max
    Py_ssize_t int_max
    long long elements_left
    PathItem* path
    Py_ssize_t npath
    Py_ssize_t path_cap

cdef struct Hdr:
    int tk
    int cons
    Py_ssize_t cs
    Py_ssize_t ce


cdef inline void push_key(State* st, object key):
    if st.npath < st.path_cap:
        st.path[st.npath].key = <PyObject*>key
        st.path[st.npath].index = 0
    st.npath += 1

cdef inline void push_index(State* st, Py_ssize_t i):
    if st.npath < st.path_cap:
        st.path[st.npath].key = NULL
        st.path[st.npath].index = i
    st.npath += 1


cdef int fail(State* st, str reason, Py_ssize_t offset) except -1:
    """Raise DecodeError with the path that the state records."""
    cdef Py_ssize_t i, n = st.npath
    if n > st.path_cap:
        n = st.path_cap
    parts = []
    for i in range(n):
        if st.path[i].key != NULL:
            parts.append(<object>st.path[i].key)
        else:
            parts.append("[%d]" % st.path[i].index)
    raise DecodeError(reason, offset, tuple(parts))


cdef inline int read_hdr(State* st, Py_ssize_t pos, Py_ssize_t end, Hdr* h) except -1:
    cdef const unsigned char* buf = st.buf
    cdef Py_ssize_t start = pos
    cdef unsigned int b, c, num, n
    cdef unsigned long long length
    if pos >= end:
        fail(st, "truncated", pos)
    st.elements_left -= 1
    if st.elements_left < 0:
        fail(st, "too many elements", pos)
    b = buf[pos]
    pos += 1
    h.cons = b & 0x20
    num = b & 0x1F
    if num == 0x1F:
        num = 0
        n = 0
        while True:
            if pos >= end:
                fail(st, "truncated", pos)
            c = buf[pos]
            pos += 1
            n += 1
            if n > <unsigned int>st.tag_max:
                fail(st, "tag too long", start)
            if n == 1 and c == 0x80:
                fail(st, "non-minimal tag", start)
            num = (num << 7) | (c & 0x7F)
            if not (c & 0x80):
                break
        if num < 31:
            fail(st, "non-minimal tag", start)
    h.tk = ((b >> 6) << 28) | num
    if pos >= end:
        fail(st, "truncated", pos)
    length = buf[pos]
    pos += 1
    if length & 0x80:
        n = length & 0x7F
        if n == 0:
            if not h.cons:
                fail(st, "indefinite length on a primitive", start)
            h.cs = pos
            h.ce = -1
            return 0
        if n == 0x7F:
            fail(st, "reserved length form", pos - 1)
        if n > <unsigned int>st.lenoct_max:
            fail(st, "too many length octets", pos - 1)
        if <Py_ssize_t>n > end - pos:
            fail(st, "truncated", pos)
        length = 0
        while n:
            length = (length << 8) | buf[pos]
            pos += 1
            n -= 1
    if length > <unsigned long long>(end - pos):
        fail(st, "length exceeds input", start)
    h.cs = pos
    h.ce = pos + <Py_ssize_t>length
    return 0


cdef Py_ssize_t skip(State* st, Hdr* h, Py_ssize_t lim, int depth) except -1:
    cdef Py_ssize_t pos
    cdef Hdr h2
    if h.ce >= 0:
        return h.ce
    pos = h.cs
    while True:
        if pos + 2 <= lim and st.buf[pos] == 0:
            if st.buf[pos + 1] != 0:
                fail(st, "malformed end-of-contents", pos)
            return pos + 2
        if depth >= st.depth_max:
            fail(st, "nesting too deep", pos)
        read_hdr(st, pos, lim, &h2)
        pos = skip(st, &h2, lim, depth + 1)


cdef inline int at_eoc(State* st, Py_ssize_t pos, Py_ssize_t lim) except -1:
    if pos >= lim:
        fail(st, "missing end-of-contents", pos)
    if st.buf[pos] == 0:
        if pos + 1 >= lim or st.buf[pos + 1] != 0:
            fail(st, "malformed end-of-contents", pos)
        return 1
    return 0


cdef object fresh(object default):
    """A copy of a mutable DEFAULT for one decoded value."""
    if type(default) is list and not default:
        return []
    if type(default) is dict and not default:
        return {}
    if not default:
        return type(default)()
    return _copy.deepcopy(default)


cdef object copy_out(const unsigned char* p, Py_ssize_t n):
    """bytes of n octets at p; large copies run without the GIL (the input
    buffer is held through the buffer protocol for the whole decode)."""
    cdef object out
    cdef char* dst
    if n < NOGIL_COPY:
        return PyBytes_FromStringAndSize(<const char*>p, n)
    out = PyBytes_FromStringAndSize(NULL, n)
    dst = PyBytes_AS_STRING(out)
    with nogil:
        memcpy(dst, p, n)
    return out


cdef inline str tagname(int tk):
    return "[%s %d]" % (("UNIVERSAL", "APPLICATION", "CONTEXT", "PRIVATE")[tk >> 28],
                        tk & 0x0FFFFFFF)


cdef inline int check_tag(State* st, CNode node, int tk, Py_ssize_t pos) except -1:
    if node.tag >= 0:
        if tk != node.tag:
            fail(st, "unexpected tag " + tagname(tk), pos)
    elif node.kind == K_CHOICE:
        if PyDict_GetItem(node.by_tag, tk) == NULL and not node.extensible:
            fail(st, "unexpected tag " + tagname(tk), pos)
    return 0


# ---------------------------------------------------------------------------
# Decoding

cdef object dv(State* st, CNode node, Py_ssize_t hs, Hdr* h, Py_ssize_t lim,
               int depth, Py_ssize_t* nxt):
    cdef int k = node.kind
    cdef Py_ssize_t n, end, pos
    cdef PyObject* p
    cdef CField f
    cdef Hdr h2
    cdef const unsigned char* buf = st.buf
    cdef long long iv
    cdef int i
    if k == K_SEQUENCE:
        return d_sequence(st, node, h, lim, depth, nxt)
    if k == K_SET:
        return d_set(st, node, h, lim, depth, nxt)
    if k == K_CHOICE:
        p = PyDict_GetItem(node.by_tag, h.tk)
        if p == NULL:
            end = skip(st, h, lim, depth)
            nxt[0] = end
            return (_EXTRA, PyBytes_FromStringAndSize(<const char*>buf + hs, end - hs))
        f = <CField>p
        push_key(st, f.key)
        v = dv(st, f.node, hs, h, lim, depth, nxt)
        st.npath -= 1
        return (f.key, v)
    if k == K_EXPLICIT:
        if not h.cons:
            fail(st, "explicit tag must be constructed", hs)
        if depth >= st.depth_max:
            fail(st, "nesting too deep", hs)
        end = lim if h.ce < 0 else h.ce
        read_hdr(st, h.cs, end, &h2)
        check_tag(st, node.inner, h2.tk, h.cs)
        v = dv(st, node.inner, h.cs, &h2, end, depth + 1, &pos)
        if h.ce < 0:
            if not at_eoc(st, pos, lim):
                fail(st, "more than one value in an explicit tag", pos)
            nxt[0] = pos + 2
            return v
        if pos != h.ce:
            fail(st, "more than one value in an explicit tag", pos)
        nxt[0] = h.ce
        return v
    if k == K_SEQOF or k == K_SETOF:
        return d_seqof(st, node, h, lim, depth, nxt)
    if k == K_ANY:
        end = skip(st, h, lim, depth)
        nxt[0] = end
        return PyBytes_FromStringAndSize(<const char*>buf + hs, end - hs)
    if k == K_OCTETSTRING:
        if h.cons:
            return segments(st, h.cs, h.ce, lim, 4, 0, depth, nxt)
        nxt[0] = h.ce
        return copy_out(buf + h.cs, h.ce - h.cs)
    if k == K_STRING:
        if h.cons:
            data = segments(st, h.cs, h.ce, lim, node.universal, 0, depth, nxt)
            return d_string(st, node.charset, <const unsigned char*>PyBytes_AS_STRING(data),
                            PyBytes_GET_SIZE(data), h.cs)
        nxt[0] = h.ce
        return d_string(st, node.charset, buf + h.cs, h.ce - h.cs, h.cs)
    if k == K_BITSTRING:
        return d_bitstring(st, node, h, lim, depth, nxt)
    if k == K_UTCTIME or k == K_GENTIME:
        if h.cons:
            data = segments(st, h.cs, h.ce, lim, node.universal, 0, depth, nxt)
            return d_time(st, k, <const unsigned char*>PyBytes_AS_STRING(data),
                          PyBytes_GET_SIZE(data), h.cs)
        nxt[0] = h.ce
        return d_time(st, k, buf + h.cs, h.ce - h.cs, h.cs)
    if h.cons:
        fail(st, "constructed encoding of a primitive type", hs)
    n = h.ce - h.cs
    nxt[0] = h.ce
    if k == K_INTEGER or k == K_ENUMERATED:
        if n == 0:
            fail(st, "empty integer", h.cs)
        if n > st.int_max:
            fail(st, "integer too large", h.cs)
        if n <= 8:
            iv = <signed char>buf[h.cs]
            for i in range(1, n):
                iv = (iv << 8) | buf[h.cs + i]
            v = PyLong_FromLongLong(iv)
        else:
            v = int.from_bytes(PyBytes_FromStringAndSize(<const char*>buf + h.cs, n),
                               "big", signed=True)
        if k == K_ENUMERATED:
            p = PyDict_GetItem(node.names, v)
            if p != NULL:
                return <object>p
        return v
    if k == K_BOOLEAN:
        if n != 1:
            fail(st, "boolean length must be 1", h.cs)
        return buf[h.cs] != 0
    if k == K_NULL:
        if n != 0:
            fail(st, "null length must be 0", h.cs)
        return None
    if k == K_OID:
        return d_oid(st, h.cs, h.ce)
    fail(st, "unsupported type", hs)


cdef object d_sequence(State* st, CNode node, Hdr* h, Py_ssize_t lim, int depth,
                       Py_ssize_t* nxt):
    cdef bint indef = h.ce < 0
    cdef Py_ssize_t end = lim if indef else h.ce
    cdef Py_ssize_t pos = h.cs, hs
    cdef Py_ssize_t i = 0, nf = node.nfields
    cdef list fields = node.fields
    cdef CField f
    cdef Hdr h2
    cdef dict out = {}
    cdef PyObject* p
    if not h.cons:
        fail(st, "SEQUENCE must be constructed", h.cs)
    if depth >= st.depth_max:
        fail(st, "nesting too deep", h.cs)
    depth += 1
    while True:
        if indef:
            if at_eoc(st, pos, end):
                pos += 2
                break
        elif pos >= end:
            break
        hs = pos
        read_hdr(st, pos, end, &h2)
        while i < nf:
            f = <CField>fields[i]
            if f.tag1 == h2.tk or f.tag1 == TAG_ANY or (f.tag1 == TAG_SET and h2.tk in f.tags):
                break
            if not f.optional:
                fail(st, "missing component " + f.key, hs)
            if f.has_default:
                PyDict_SetItem(out, f.key, fresh(f.default) if f.default_copy else f.default)
            i += 1
        else:
            if not node.extensible:
                fail(st, "unexpected tag " + tagname(h2.tk), hs)
            pos = skip(st, &h2, end, depth)
            p = PyDict_GetItem(out, _EXTRA)
            if p == NULL:
                out[_EXTRA] = [PyBytes_FromStringAndSize(<const char*>st.buf + hs, pos - hs)]
            else:
                (<list>p).append(PyBytes_FromStringAndSize(<const char*>st.buf + hs, pos - hs))
            continue
        push_key(st, f.key)
        PyDict_SetItem(out, f.key, dv(st, f.node, hs, &h2, end, depth, &pos))
        st.npath -= 1
        i += 1
    while i < nf:
        f = <CField>fields[i]
        if not f.optional:
            fail(st, "missing component " + f.key, pos)
        if f.has_default:
            PyDict_SetItem(out, f.key, fresh(f.default) if f.default_copy else f.default)
        i += 1
    nxt[0] = pos
    return out


cdef object d_set(State* st, CNode node, Hdr* h, Py_ssize_t lim, int depth,
                  Py_ssize_t* nxt):
    cdef bint indef = h.ce < 0
    cdef Py_ssize_t end = lim if indef else h.ce
    cdef Py_ssize_t pos = h.cs, hs
    cdef CField f
    cdef Hdr h2
    cdef dict out = {}
    cdef PyObject* p
    if not h.cons:
        fail(st, "SET must be constructed", h.cs)
    if depth >= st.depth_max:
        fail(st, "nesting too deep", h.cs)
    depth += 1
    while True:
        if indef:
            if at_eoc(st, pos, end):
                pos += 2
                break
        elif pos >= end:
            break
        hs = pos
        read_hdr(st, pos, end, &h2)
        p = PyDict_GetItem(node.by_tag, h2.tk)
        if p == NULL:
            if not node.extensible:
                fail(st, "unexpected tag " + tagname(h2.tk), hs)
            pos = skip(st, &h2, end, depth)
            p = PyDict_GetItem(out, _EXTRA)
            if p == NULL:
                out[_EXTRA] = [PyBytes_FromStringAndSize(<const char*>st.buf + hs, pos - hs)]
            else:
                (<list>p).append(PyBytes_FromStringAndSize(<const char*>st.buf + hs, pos - hs))
            continue
        f = <CField>p
        if PyDict_GetItem(out, f.key) != NULL:
            fail(st, "duplicate component " + f.key, hs)
        push_key(st, f.key)
        PyDict_SetItem(out, f.key, dv(st, f.node, hs, &h2, end, depth, &pos))
        st.npath -= 1
    if PyDict_Size(out) - (PyDict_GetItem(out, _EXTRA) != NULL) != node.nfields:
        for f in node.fields:
            if PyDict_GetItem(out, f.key) == NULL:
                if not f.optional:
                    fail(st, "missing component " + f.key, pos)
                if f.has_default:
                    PyDict_SetItem(out, f.key, fresh(f.default) if f.default_copy else f.default)
    nxt[0] = pos
    return out


cdef object d_seqof(State* st, CNode node, Hdr* h, Py_ssize_t lim, int depth,
                    Py_ssize_t* nxt):
    cdef bint indef = h.ce < 0
    cdef Py_ssize_t end = lim if indef else h.ce
    cdef Py_ssize_t pos = h.cs, hs, count = 0
    cdef Py_ssize_t smax = node.size_max
    cdef CNode inner = node.inner
    cdef Hdr h2
    cdef list out = []
    if not h.cons:
        fail(st, "SEQUENCE OF must be constructed", h.cs)
    if depth >= st.depth_max:
        fail(st, "nesting too deep", h.cs)
    depth += 1
    while True:
        if indef:
            if at_eoc(st, pos, end):
                pos += 2
                break
        elif pos >= end:
            break
        hs = pos
        read_hdr(st, pos, end, &h2)
        if smax >= 0 and count >= smax:
            fail(st, "more than %d elements" % smax, hs)
        push_index(st, count)
        check_tag(st, inner, h2.tk, hs)
        PyList_Append(out, dv(st, inner, hs, &h2, end, depth, &pos))
        st.npath -= 1
        count += 1
    nxt[0] = pos
    return out


cdef bytes segments(State* st, Py_ssize_t cs, Py_ssize_t ce, Py_ssize_t lim, int utag,
                    int sdepth, int depth, Py_ssize_t* nxt):
    cdef bint indef = ce < 0
    cdef Py_ssize_t end = lim if indef else ce
    cdef Py_ssize_t pos = cs, hs
    cdef Hdr h2
    cdef list parts = []
    if sdepth >= st.sdepth_max or depth >= st.depth_max:
        fail(st, "constructed string nested too deep", cs)
    while True:
        if indef:
            if at_eoc(st, pos, end):
                pos += 2
                break
        elif pos >= end:
            break
        hs = pos
        read_hdr(st, pos, end, &h2)
        if h2.tk != 4 and h2.tk != utag:
            fail(st, "string segment of another type", hs)
        if h2.cons:
            parts.append(segments(st, h2.cs, h2.ce, end, utag, sdepth + 1, depth + 1, &pos))
        else:
            parts.append(PyBytes_FromStringAndSize(<const char*>st.buf + h2.cs, h2.ce - h2.cs))
            pos = h2.ce
    nxt[0] = pos
    return b"".join(parts)


cdef object bit_segments(State* st, Py_ssize_t cs, Py_ssize_t ce, Py_ssize_t lim,
                         int sdepth, int depth, Py_ssize_t* nxt, int* unused_out):
    cdef bint indef = ce < 0
    cdef Py_ssize_t end = lim if indef else ce
    cdef Py_ssize_t pos = cs, hs
    cdef Hdr h2
    cdef list parts = []
    cdef int unused = 0
    if sdepth >= st.sdepth_max or depth >= st.depth_max:
        fail(st, "constructed string nested too deep", cs)
    while True:
        if indef:
            if at_eoc(st, pos, end):
                pos += 2
                break
        elif pos >= end:
            break
        hs = pos
        read_hdr(st, pos, end, &h2)
        if h2.tk != 3:
            fail(st, "string segment of another type", hs)
        if unused:
            fail(st, "unused bits in a non-final segment", hs)
        if h2.cons:
            parts.append(bit_segments(st, h2.cs, h2.ce, end, sdepth + 1, depth + 1,
                                      &pos, &unused))
        else:
            if h2.ce - h2.cs < 1:
                fail(st, "bit string without unused-bits octet", h2.cs)
            unused = st.buf[h2.cs]
            if unused > 7 or (unused and h2.ce - h2.cs == 1):
                fail(st, "bad unused-bits count", h2.cs)
            parts.append(PyBytes_FromStringAndSize(<const char*>st.buf + h2.cs + 1,
                                                   h2.ce - h2.cs - 1))
            pos = h2.ce
    nxt[0] = pos
    unused_out[0] = unused
    return b"".join(parts)


cdef object d_bitstring(State* st, CNode node, Hdr* h, Py_ssize_t lim, int depth,
                        Py_ssize_t* nxt):
    cdef int unused
    cdef Py_ssize_t nbits, nbytes, bit
    cdef const unsigned char* p
    cdef PyObject* name
    if h.cons:
        data = bit_segments(st, h.cs, h.ce, lim, 0, depth, nxt, &unused)
    else:
        if h.ce - h.cs < 1:
            fail(st, "bit string without unused-bits octet", h.cs)
        unused = st.buf[h.cs]
        if unused > 7 or (unused and h.ce - h.cs == 1):
            fail(st, "bad unused-bits count", h.cs)
        data = PyBytes_FromStringAndSize(<const char*>st.buf + h.cs + 1, h.ce - h.cs - 1)
        nxt[0] = h.ce
    nbytes = PyBytes_GET_SIZE(data)
    nbits = nbytes * 8 - unused
    if unused and nbytes and ((<const unsigned char*>PyBytes_AS_STRING(data))[nbytes - 1] & ((1 << unused) - 1)):
        # The padding bits carry no value: keep them zero (as DER writes them).
        data = data[:nbytes - 1] + bytes(((<const unsigned char*>PyBytes_AS_STRING(data))[nbytes - 1] & (0xFF << unused) & 0xFF,))
    if not node.named:
        return (data, nbits)
    p = <const unsigned char*>PyBytes_AS_STRING(data)
    names = []
    for bit in range(nbits - 1, -1, -1):
        if p[bit >> 3] & (0x80 >> (bit & 7)):
            key = bit
            name = PyDict_GetItem(node.names, key)
            names.append(<object>name if name != NULL else key)
    return frozenset(names)


cdef object d_string(State* st, int charset, const unsigned char* p, Py_ssize_t n,
                     Py_ssize_t offset):
    cdef Py_ssize_t i
    cdef unsigned char* table
    if charset == CS_IA5:
        # CPython's ASCII decoder checks a word at a time; a byte over 127
        # makes it fail, which is exactly the IA5 rule.
        try:
            return PyUnicode_DecodeASCII(<const char*>p, n, NULL)
        except UnicodeDecodeError:
            fail(st, "character outside IA5String", offset)
    if charset <= CS_VISIBLE:
        table = CHARSET[charset]
        for i in range(n):
            if not table[p[i]]:
                fail(st, "character outside " + _CS_NAMES[charset], offset)
        return PyUnicode_DecodeASCII(<const char*>p, n, NULL)
    if charset == CS_LATIN1:
        return PyUnicode_DecodeLatin1(<const char*>p, n, NULL)
    try:
        if charset == CS_UTF8:
            return PyUnicode_DecodeUTF8(<const char*>p, n, NULL)
        if charset == CS_BMP:
            if n & 1:
                fail(st, "BMPString of odd length", offset)
            return PyBytes_FromStringAndSize(<const char*>p, n).decode("utf-16-be")
        if n & 3:
            fail(st, "UniversalString length not a multiple of 4", offset)
        return PyBytes_FromStringAndSize(<const char*>p, n).decode("utf-32-be")
    except UnicodeDecodeError:
        fail(st, "invalid character encoding", offset)


cdef object d_oid(State* st, Py_ssize_t cs, Py_ssize_t ce):
    cdef const unsigned char* buf = st.buf
    cdef Py_ssize_t i, octets = 0, narcs = 0
    cdef unsigned long long value = 0
    cdef unsigned int c
    cdef PyObject* hit
    cdef Py_ssize_t widest = 0
    raw = PyBytes_FromStringAndSize(<const char*>buf + cs, ce - cs)
    hit = PyDict_GetItem(_OID_CACHE, raw)
    if hit != NULL:
        entry = <tuple>hit
        if entry[1] <= st.arcs_max and entry[2] <= st.arc_octets_max:
            return entry[0]
    if ce == cs:
        fail(st, "empty object identifier", cs)
    if buf[ce - 1] & 0x80:
        fail(st, "truncated object identifier arc", ce - 1)
    parts = []
    big = None
    for i in range(cs, ce):
        c = buf[i]
        if octets == 0 and c == 0x80:
            fail(st, "non-minimal object identifier arc", i)
        octets += 1
        if octets > widest:
            widest = octets
        if octets > st.arc_octets_max:
            fail(st, "object identifier arc too long", i)
        if big is not None:
            big = (big << 7) | (c & 0x7F)
        elif octets > 8:
            big = (PyLong_FromUnsignedLongLong(value) << 7) | (c & 0x7F)
        else:
            value = (value << 7) | (c & 0x7F)
        if not (c & 0x80):
            if narcs + 2 > st.arcs_max:
                fail(st, "too many object identifier arcs", i)
            if narcs == 0:
                first = big if big is not None else PyLong_FromUnsignedLongLong(value)
                if first < 80:
                    parts.append("%d.%d" % (first // 40, first % 40))
                else:
                    parts.append("2.%d" % (first - 80))
            else:
                parts.append(str(big if big is not None else PyLong_FromUnsignedLongLong(value)))
            narcs += 1
            value = 0
            big = None
            octets = 0
    text = ".".join(parts)
    if len(_OID_CACHE) >= CACHE_MAX:
        _OID_CACHE.clear()
    _OID_CACHE[raw] = (text, narcs + 1, widest)
    return text


cdef inline int digits(State* st, const unsigned char* p, Py_ssize_t n, Py_ssize_t i,
                       int count, Py_ssize_t offset) except -1:
    cdef int v = 0, j
    if i + count > n:
        fail(st, "bad time value", offset)
    for j in range(count):
        if not (0x30 <= p[i + j] <= 0x39):
            fail(st, "bad time value", offset)
        v = v * 10 + (p[i + j] - 0x30)
    return v


cdef inline bint isdigit_at(const unsigned char* p, Py_ssize_t n, Py_ssize_t i):
    return i < n and 0x30 <= p[i] <= 0x39


cdef object d_time(State* st, int kind, const unsigned char* p, Py_ssize_t n,
                   Py_ssize_t offset):
    cdef int year, mo, dd, hh, mi = 0, ss = 0, us = 0, tzh, tzm, scale
    cdef Py_ssize_t i, j
    cdef unsigned char c
    tz = None
    if kind == K_UTCTIME:
        year = digits(st, p, n, 0, 2, offset)
        year += 2000 if year < 50 else 1900
        i = 2
    else:
        year = digits(st, p, n, 0, 4, offset)
        i = 4
    mo = digits(st, p, n, i, 2, offset)
    dd = digits(st, p, n, i + 2, 2, offset)
    hh = digits(st, p, n, i + 4, 2, offset)
    i += 6
    if kind == K_UTCTIME:
        mi = digits(st, p, n, i, 2, offset)
        i += 2
        if isdigit_at(p, n, i):
            ss = digits(st, p, n, i, 2, offset)
            i += 2
    else:
        if isdigit_at(p, n, i):
            mi = digits(st, p, n, i, 2, offset)
            i += 2
            if isdigit_at(p, n, i):
                ss = digits(st, p, n, i, 2, offset)
                i += 2
        if i < n and (p[i] == 0x2E or p[i] == 0x2C):
            j = i + 1
            while isdigit_at(p, n, j):
                j += 1
            if j == i + 1:
                fail(st, "bad time value", offset)
            scale = 100000
            for i in range(i + 1, j):
                if scale:
                    us += (p[i] - 0x30) * scale
                    scale //= 10
            i = j
    if i < n:
        c = p[i]
        if c == 0x5A:
            tz = _UTC
            i += 1
        elif c == 0x2B or c == 0x2D:
            tzh = digits(st, p, n, i + 1, 2, offset)
            tzm = digits(st, p, n, i + 3, 2, offset)
            if tzh > 23 or tzm > 59:
                fail(st, "bad time zone", offset)
            delta = _dt.timedelta(hours=tzh, minutes=tzm)
            tz = _dt.timezone(-delta if c == 0x2D else delta)
            i += 5
        else:
            fail(st, "bad time value", offset)
    if i != n or (tz is None and kind == K_UTCTIME):
        fail(st, "bad time value", offset)
    if tz is None:
        tz = _UTC
    try:
        return datetime_new(year, mo, dd, hh, mi, ss, us, tz)
    except ValueError:
        fail(st, "bad time value", offset)


cdef class _Input:
    """Holds the buffer of the input for the duration of a decode."""
    cdef Py_buffer view
    cdef bint held
    cdef PathItem* path

    def __dealloc__(self):
        if self.held:
            PyBuffer_Release(&self.view)
        if self.path != NULL:
            free(self.path)


cdef object run_decode(CNode node, data, Py_ssize_t offset, limits, bint whole):
    cdef _Input inp = _Input()
    cdef State st
    cdef Hdr h
    cdef Py_ssize_t end, nxt
    PyObject_GetBuffer(data, &inp.view, PyBUF_SIMPLE)
    inp.held = True
    st.buf = <const unsigned char*>inp.view.buf
    end = inp.view.len
    st.depth_max = limits.max_depth
    st.sdepth_max = limits.max_string_depth
    st.tag_max = limits.max_tag_octets
    st.lenoct_max = limits.max_length_octets
    st.arcs_max = limits.max_oid_arcs
    st.arc_octets_max = limits.max_oid_arc_octets
    st.int_max = limits.max_integer_octets
    st.elements_left = limits.max_elements
    st.path_cap = 2 * st.depth_max + 16
    if st.path_cap > 4096:
        st.path_cap = 4096
    inp.path = <PathItem*>malloc(st.path_cap * sizeof(PathItem))
    if inp.path == NULL:
        raise MemoryError()
    st.path = inp.path
    st.npath = 0
    if offset < 0 or offset > end:
        raise DecodeError("offset outside the data", offset, (node.name,))
    try:
        read_hdr(&st, offset, end, &h)
        check_tag(&st, node, h.tk, offset)
        value = dv(&st, node, offset, &h, end, 0, &nxt)
    except DecodeError as e:
        e.path = (node.name,) + e.path
        e.args = (e.reason, e.offset, e.path)
        raise
    if whole and nxt != end:
        raise DecodeError("trailing data", nxt, (node.name,))
    return value, nxt


def decode(node, data, limits=DEFAULT_LIMITS):
    """Decode exactly one value of ``node`` from ``data`` (bytes-like)."""
    cdef CNode c = node._linked
    if c is None:
        c = link(node)
    return run_decode(c, data, 0, limits, True)[0]


def decode_from(node, data, Py_ssize_t offset=0, limits=DEFAULT_LIMITS):
    """Decode one value of ``node`` at ``offset``; returns (value, end)."""
    cdef CNode c = node._linked
    if c is None:
        c = link(node)
    return run_decode(c, data, offset, limits, False)


def read_header(data, Py_ssize_t offset=0):
    """``(tag_class, constructed, tag_number, header_length, length)``; -1: indefinite."""
    cdef _Input inp = _Input()
    cdef State st
    cdef Hdr h
    PyObject_GetBuffer(data, &inp.view, PyBUF_SIMPLE)
    inp.held = True
    st.buf = <const unsigned char*>inp.view.buf
    st.tag_max = DEFAULT_LIMITS.max_tag_octets
    st.lenoct_max = DEFAULT_LIMITS.max_length_octets
    st.elements_left = 1
    st.path = NULL
    st.path_cap = 0
    st.npath = 0
    if offset < 0 or offset > inp.view.len:
        raise ValueError("offset outside the data")
    read_hdr(&st, offset, inp.view.len, &h)
    return ((h.tk >> 28) << 6, bool(h.cons), h.tk & 0x0FFFFFFF, h.cs - offset,
            -1 if h.ce < 0 else h.ce - h.cs)


# ---------------------------------------------------------------------------
# Encoding: a buffer written from its end towards its start.

cdef struct Out:
    unsigned char* data
    Py_ssize_t cap
    Py_ssize_t pos          # first used byte; data[pos:cap] is the output


cdef inline Py_ssize_t used(Out* o):
    return o.cap - o.pos


cdef int grow(Out* o, Py_ssize_t need) except -1:
    cdef Py_ssize_t n = used(o)
    cdef Py_ssize_t cap = o.cap * 2
    cdef unsigned char* d
    while cap - n < need:
        cap *= 2
    d = <unsigned char*>malloc(cap)
    if d == NULL:
        raise MemoryError()
    memcpy(d + cap - n, o.data + o.pos, n)
    free(o.data)
    o.data = d
    o.cap = cap
    o.pos = cap - n
    return 0


cdef inline int put(Out* o, const unsigned char* p, Py_ssize_t n) except -1:
    if o.pos < n:
        grow(o, n)
    o.pos -= n
    if n >= NOGIL_COPY:
        # A body-sized copy runs without the GIL so that associations in
        # other threads go on meanwhile; the source object is kept alive by
        # the caller and the output buffer belongs to this call.
        with nogil:
            memcpy(o.data + o.pos, p, n)
    else:
        memcpy(o.data + o.pos, p, n)
    return 0


cdef inline int put_hdr(Out* o, bytes header, Py_ssize_t n) except -1:
    """Write the length n, then the identifier, in front of the content."""
    cdef Py_ssize_t hl = PyBytes_GET_SIZE(header)
    cdef int k = 0
    if o.pos < hl + 9:
        grow(o, hl + 9)
    if n < 0x80:
        o.pos -= 1
        o.data[o.pos] = <unsigned char>n
    else:
        while n:
            o.pos -= 1
            o.data[o.pos] = n & 0xFF
            n >>= 8
            k += 1
        o.pos -= 1
        o.data[o.pos] = 0x80 | k
    o.pos -= hl
    memcpy(o.data + o.pos, PyBytes_AS_STRING(header), hl)
    return 0


# One spare output buffer, handed from one encode call to the next: fresh
# large allocations cost page faults that dominate big encodes.  Taking and
# returning it happens with the GIL held, so two calls never share it.
cdef unsigned char* _spare = NULL
cdef Py_ssize_t _spare_cap = 0
DEF SPARE_MAX = 8 * 1024 * 1024


cdef class _Writer:
    cdef Out o

    def __cinit__(self):
        global _spare, _spare_cap
        if _spare != NULL:
            self.o.data = _spare
            self.o.cap = _spare_cap
            _spare = NULL
        else:
            self.o.cap = 4096
            self.o.data = <unsigned char*>malloc(self.o.cap)
            if self.o.data == NULL:
                raise MemoryError()
        self.o.pos = self.o.cap

    def __dealloc__(self):
        global _spare, _spare_cap
        if _spare == NULL and self.o.cap <= SPARE_MAX:
            _spare = self.o.data
            _spare_cap = self.o.cap
        else:
            free(self.o.data)


cdef inline int path_add(e, object part) except -1:
    e.path = (part,) + e.path
    return 0


def encode(node, value):
    """Encode ``value`` as ``node``."""
    cdef CNode c = node._linked
    cdef _Writer w = _Writer()
    if c is None:
        c = link(node)
    try:
        ev(&w.o, c, value)
    except EncodeError as e:
        e.path = (c.name,) + e.path
        e.args = (e.reason, e.path)
        raise
    return PyBytes_FromStringAndSize(<const char*>w.o.data + w.o.pos, used(&w.o))


cdef str bounds(CNode node):
    return "%d..%s" % (node.size_min, "MAX" if node.size_max < 0 else node.size_max)


cdef int check_size(CNode node, Py_ssize_t n) except -1:
    if n < node.size_min or (node.size_max >= 0 and n > node.size_max):
        raise EncodeError("length %d outside SIZE(%s)" % (n, bounds(node)))
    return 0


cdef int ev(Out* o, CNode node, object v) except -1:
    cdef int k = node.kind
    cdef Py_ssize_t start = used(o), n, i
    cdef PyObject* p
    cdef CField f
    cdef long long iv
    cdef int overflow
    cdef unsigned char tmp[9]
    cdef int tl
    if k == K_SEQUENCE or k == K_SET:
        e_fields(o, node, v)
        return 0
    if k == K_CHOICE:
        if type(v) is not tuple or len(<tuple>v) != 2:
            raise EncodeError("CHOICE value must be a (name, value) tuple")
        name = (<tuple>v)[0]
        p = PyDict_GetItem(node.by_key, name) if type(name) is str else NULL
        if p == NULL:
            if name == _EXTRA and node.extensible:
                e_any(o, (<tuple>v)[1])
                return 0
            raise EncodeError("unknown alternative %r" % (name,))
        f = <CField>node.fields[<object>p]
        try:
            ev(o, f.node, (<tuple>v)[1])
        except EncodeError as e:
            path_add(e, f.key)
            raise
        return 0
    if k == K_EXPLICIT:
        ev(o, node.inner, v)
        put_hdr(o, node.header, used(o) - start)
        return 0
    if k == K_SEQOF or k == K_SETOF:
        if type(v) is not list and type(v) is not tuple:
            raise EncodeError("SEQUENCE OF value must be a list")
        n = len(v)
        if n < node.size_min or (node.size_max >= 0 and n > node.size_max):
            raise EncodeError("%d elements outside SIZE(%s)" % (n, bounds(node)))
        for i in range(n - 1, -1, -1):
            try:
                ev(o, node.inner, v[i])
            except EncodeError as e:
                path_add(e, "[%d]" % i)
                raise
        put_hdr(o, node.header, used(o) - start)
        return 0
    if k == K_ANY:
        e_any(o, v)
        return 0
    if k == K_STRING:
        e_string(o, node, v)
    elif k == K_OCTETSTRING:
        if type(v) is bytes:
            n = PyBytes_GET_SIZE(v)
            check_size(node, n)
            put(o, <const unsigned char*>PyBytes_AS_STRING(v), n)
        elif isinstance(v, (bytes, bytearray, memoryview)):
            data = bytes(v)
            check_size(node, len(data))
            put(o, <const unsigned char*>PyBytes_AS_STRING(data), len(data))
        else:
            raise EncodeError("OCTET STRING value must be bytes")
    elif k == K_INTEGER or k == K_ENUMERATED:
        if k == K_ENUMERATED:
            if type(v) is str:
                p = PyDict_GetItem(node.named, v)
                if p == NULL:
                    raise EncodeError("unknown enumeration %r" % (v,))
                v = <object>p
            elif type(v) is not int:
                raise EncodeError("ENUMERATED value must be a name or an int")
        else:
            if type(v) is not int:
                if isinstance(v, int) and not isinstance(v, bool):
                    v = int(v)
                else:
                    raise EncodeError("INTEGER value must be int")
            if node.range_lo is not None and v < node.range_lo or \
                    node.range_hi is not None and v > node.range_hi:
                raise EncodeError("%d outside the range %s..%s" % (v, node.range_lo, node.range_hi))
        iv = PyLong_AsLongLongAndOverflow(v, &overflow)
        if overflow:
            data = v.to_bytes((v if v >= 0 else ~v).bit_length() // 8 + 1, "big", signed=True)
            put(o, <const unsigned char*>PyBytes_AS_STRING(data), PyBytes_GET_SIZE(data))
        else:
            tl = 0
            while True:
                tmp[8 - tl] = iv & 0xFF
                tl += 1
                if (iv >= -128 and iv < 128):
                    break
                iv >>= 8
            put(o, tmp + 9 - tl, tl)
    elif k == K_BOOLEAN:
        if type(v) is not bool:
            raise EncodeError("BOOLEAN value must be bool")
        tmp[0] = 0xFF if v else 0
        put(o, tmp, 1)
    elif k == K_NULL:
        if v is not None:
            raise EncodeError("NULL value must be None")
    elif k == K_OID:
        data = e_oid(v)
        put(o, <const unsigned char*>PyBytes_AS_STRING(data), PyBytes_GET_SIZE(data))
    elif k == K_BITSTRING:
        data = e_bitstring(node, v)
        put(o, <const unsigned char*>PyBytes_AS_STRING(data), PyBytes_GET_SIZE(data))
    elif k == K_UTCTIME or k == K_GENTIME:
        e_time(o, v, k == K_GENTIME)
    else:
        raise EncodeError("unsupported type")
    put_hdr(o, node.header, used(o) - start)
    return 0


cdef int e_fields(Out* o, CNode node, object v) except -1:
    cdef Py_ssize_t start = used(o), used_keys = 0
    cdef PyObject* p
    cdef CField f
    if type(v) is not dict:
        raise EncodeError("%s value must be a dict" % ("SET" if node.kind == K_SET else "SEQUENCE"))
    p = PyDict_GetItem(v, _EXTRA)
    if p != NULL:
        used_keys = 1
        if <object>p is not None:
            if not node.extensible:
                raise EncodeError("unknown components in a non-extensible type")
            if type(<object>p) is not list and type(<object>p) is not tuple:
                raise EncodeError("_extra must be a list of encoded values")
            for raw in reversed(<object>p):
                e_any(o, raw)
    cdef bint dynamic = node.dynamic_order
    cdef list present = None
    if dynamic:
        present = []
    for f in node.encode_rev:
        p = PyDict_GetItem(v, f.key)
        if p == NULL:
            if not f.optional:
                raise EncodeError("missing component " + f.key)
            continue
        used_keys += 1
        x = <object>p
        if x is None and not f.is_null:
            if not f.optional:
                raise EncodeError("missing component " + f.key)
            continue
        if f.has_default and is_default(x, f.default):
            continue
        if dynamic:
            present.append((f, x))
            continue
        try:
            ev(o, f.node, x)
        except EncodeError as e:
            path_add(e, f.key)
            raise
    if dynamic:
        present.sort(key=_sort_key, reverse=True)
        for f, x in present:
            try:
                ev(o, f.node, x)
            except EncodeError as e:
                path_add(e, f.key)
                raise
    if used_keys != PyDict_Size(v):
        unknown = sorted(str(key) for key in v if key != _EXTRA and key not in node.by_key)
        raise EncodeError("unknown component " + ", ".join(unknown))
    put_hdr(o, node.header, used(o) - start)
    return 0


cdef bint is_default(object x, object default) except -1:
    """True when x is the DEFAULT value (see the pure twin's _is_default)."""
    tx = type(x)
    td = type(default)
    if tx is td:
        return x == default
    if (tx is set or tx is frozenset) and (td is set or td is frozenset):
        return x == default
    if (tx is list or tx is tuple) and (td is list or td is tuple):
        return list(x) == list(default)
    return False


def _sort_key(fx):
    return value_tag((<CField>fx[0]).node, fx[1])


cdef int value_tag(CNode node, object v) except? -2:
    """The tag an encoding of v as node starts with (DER SET order)."""
    cdef PyObject* p
    cdef State st
    cdef Hdr h
    while node.tag < 0 and node.kind == K_CHOICE:
        if type(v) is not tuple or len(<tuple>v) != 2:
            break
        p = PyDict_GetItem(node.by_key, (<tuple>v)[0])
        if p == NULL:
            raw = (<tuple>v)[1]
            if (<tuple>v)[0] == _EXTRA and isinstance(raw, (bytes, bytearray)) and len(raw):
                raw = bytes(raw)
                st.buf = <const unsigned char*>PyBytes_AS_STRING(raw)
                st.tag_max = DEFAULT_LIMITS.max_tag_octets
                st.lenoct_max = DEFAULT_LIMITS.max_length_octets
                st.elements_left = 1
                st.path = NULL
                st.path_cap = 0
                st.npath = 0
                try:
                    read_hdr(&st, 0, PyBytes_GET_SIZE(raw), &h)
                    return h.tk
                except DecodeError:
                    pass
            break
        node = (<CField>node.fields[<object>p]).node
        v = (<tuple>v)[1]
    if node.tag >= 0:
        return node.tag
    return min(node.by_tag) if node.by_tag else 0


cdef int e_any(Out* o, object v) except -1:
    cdef State st
    cdef Hdr h
    cdef Py_ssize_t end
    if type(v) is not bytes:
        if isinstance(v, (bytearray, memoryview)):
            v = bytes(v)
        else:
            raise EncodeError("open type value must be the encoded TLV as bytes")
    st.buf = <const unsigned char*>PyBytes_AS_STRING(v)
    st.depth_max = DEFAULT_LIMITS.max_depth
    st.tag_max = DEFAULT_LIMITS.max_tag_octets
    st.lenoct_max = DEFAULT_LIMITS.max_length_octets
    st.elements_left = DEFAULT_LIMITS.max_elements
    st.path = NULL
    st.path_cap = 0
    st.npath = 0
    try:
        read_hdr(&st, 0, PyBytes_GET_SIZE(v), &h)
        end = skip(&st, &h, PyBytes_GET_SIZE(v), 0)
    except DecodeError as e:
        raise EncodeError("open type value is not one BER value (%s)" % e.reason) from None
    if end != PyBytes_GET_SIZE(v):
        raise EncodeError("open type value is not one BER value (trailing data)")
    put(o, <const unsigned char*>PyBytes_AS_STRING(v), end)
    return 0


cdef int e_string(Out* o, CNode node, object v) except -1:
    cdef int cs = node.charset
    cdef Py_ssize_t n, i
    cdef const unsigned char* p
    cdef unsigned char* table
    if type(v) is not str:
        raise EncodeError("string value must be str")
    n = PyUnicode_GET_LENGTH(v)
    if cs <= CS_VISIBLE:
        if not PyUnicode_IS_ASCII(v):
            raise EncodeError("character outside the string type's set")
        p = <const unsigned char*>PyUnicode_DATA(v)
        if cs != CS_IA5:        # every ASCII str is IA5: the flag says it
            table = CHARSET[cs]
            for i in range(n):
                if not table[p[i]]:
                    raise EncodeError("character outside the string type's set")
        check_size(node, n)
        put(o, p, n)
        return 0
    if cs == CS_LATIN1 and PyUnicode_KIND(v) == PyUnicode_1BYTE_KIND:
        check_size(node, n)
        put(o, <const unsigned char*>PyUnicode_DATA(v), n)
        return 0
    try:
        if cs == CS_LATIN1:
            data = v.encode("latin-1")
        elif cs == CS_UTF8:
            data = v.encode("utf-8")
        elif cs == CS_BMP:
            data = v.encode("utf-16-be")
            if len(data) != 2 * n:
                raise UnicodeError
        else:
            data = v.encode("utf-32-be")
    except UnicodeError:
        raise EncodeError("character outside the string type's set") from None
    check_size(node, n)
    put(o, <const unsigned char*>PyBytes_AS_STRING(data), PyBytes_GET_SIZE(data))
    return 0


cdef bytes e_oid(object v):
    cdef PyObject* hit = PyDict_GetItem(_OID_ENC_CACHE, v) if type(v) is str else NULL
    if hit != NULL:
        return <bytes>hit
    if type(v) is not str:
        raise EncodeError("OBJECT IDENTIFIER value must be a dotted str")
    texts = v.split(".")
    for t in texts:
        if not t.isdigit() or not t.isascii():
            raise EncodeError("bad object identifier %r" % (v,))
    arcs = [int(a) for a in texts]
    if len(arcs) < 2 or arcs[0] > 2 or (arcs[0] < 2 and arcs[1] > 39):
        raise EncodeError("bad object identifier %r" % (v,))
    out = bytearray()
    for a in [arcs[0] * 40 + arcs[1]] + arcs[2:]:
        chunk = [a & 0x7F]
        a >>= 7
        while a:
            chunk.append(0x80 | (a & 0x7F))
            a >>= 7
        out.extend(reversed(chunk))
    data = bytes(out)
    if len(_OID_ENC_CACHE) >= CACHE_MAX:
        _OID_ENC_CACHE.clear()
    _OID_ENC_CACHE[v] = data
    return data


cdef bytes e_bitstring(CNode node, object v):
    cdef Py_ssize_t nbits, nbytes, bit
    cdef unsigned char* p
    if node.named and not (type(v) is tuple and len(v) == 2 and
                           isinstance(v[0], (bytes, bytearray))):
        if isinstance(v, (str, bytes)) or not hasattr(v, "__iter__"):
            raise EncodeError("named BIT STRING value must be a set of names")
        bits = []
        nbits = 0
        for name in v:
            bit_o = node.named.get(name) if type(name) is str else name
            if type(bit_o) is not int:
                raise EncodeError("unknown bit %r" % (name,))
            if not 0 <= bit_o < MAX_BITS:
                raise EncodeError("bit number out of range")
            bits.append(bit_o)
            if bit_o + 1 > nbits:
                nbits = bit_o + 1
        if nbits < node.size_min:
            nbits = node.size_min
        if node.size_max >= 0 and nbits > node.size_max:
            raise EncodeError("bit %d outside SIZE(%s)" % (nbits - 1, bounds(node)))
        nbytes = (nbits + 7) // 8
        data = PyBytes_FromStringAndSize(NULL, nbytes + 1)
        p = <unsigned char*>PyBytes_AS_STRING(data)
        p[0] = nbytes * 8 - nbits
        for bit in range(nbytes):
            p[bit + 1] = 0
        for bit in bits:
            p[1 + (bit >> 3)] |= 0x80 >> (bit & 7)
        return data
    if type(v) is not tuple or len(v) != 2:
        raise EncodeError("BIT STRING value must be (bytes, number_of_bits)")
    data, nb = v
    if not isinstance(data, (bytes, bytearray)) or type(nb) is not int:
        raise EncodeError("BIT STRING value must be (bytes, number_of_bits)")
    if not 0 <= len(data) * 8 - nb <= 7 or (nb == 0 and data):
        raise EncodeError("BIT STRING: %d bits do not fit %d bytes" % (nb, len(data)))
    check_size(node, nb)
    unused = len(data) * 8 - nb
    if unused:
        last = data[len(data) - 1]
        if last & ((1 << unused) - 1):
            data = bytes(data[:len(data) - 1]) + bytes((last & (0xFF << unused) & 0xFF,))
    return bytes((unused,)) + bytes(data)


cdef int e_time(Out* o, object v, bint generalized) except -1:
    cdef char buf[32]
    cdef int n = 0, year, us, d
    if not PyDateTime_Check(v):
        raise EncodeError("time value must be a datetime")
    tz = v.tzinfo
    if tz is None or v.utcoffset() is None:
        raise EncodeError("time value must be timezone-aware")
    if tz is not _UTC:
        try:
            v = v.astimezone(_UTC)
        except OverflowError:
            raise EncodeError("time outside the representable range") from None
    year = PyDateTime_GET_YEAR(v)
    if generalized:
        buf[0] = 0x30 + year // 1000 % 10
        buf[1] = 0x30 + year // 100 % 10
        n = 2
    elif not 1950 <= year <= 2049:
        raise EncodeError("UTCTime year %d outside 1950..2049" % year)
    for d in (year % 100, PyDateTime_GET_MONTH(v), PyDateTime_GET_DAY(v),
              PyDateTime_DATE_GET_HOUR(v), PyDateTime_DATE_GET_MINUTE(v),
              PyDateTime_DATE_GET_SECOND(v)):
        buf[n] = 0x30 + d // 10
        buf[n + 1] = 0x30 + d % 10
        n += 2
    us = PyDateTime_DATE_GET_MICROSECOND(v)
    if generalized and us:
        buf[n] = 0x2E
        n += 1
        d = 100000
        while us:
            buf[n] = 0x30 + us // d
            us %= d
            d //= 10
            n += 1
    buf[n] = 0x5A
    n += 1
    put(o, <const unsigned char*>buf, n)
    return 0
