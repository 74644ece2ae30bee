"""BER engine, pure-Python twin of ``_ber.pyx``.

Both engines execute the node tables that :mod:`x400fast.asn1.core`
compiles from declarations, give the same values and the same bytes, and
raise the same :class:`~x400fast.errors.DecodeError` (reason, offset, path)
for the same bad input.  The test-suite runs both and compares them.

Decoding walks the input once, with absolute offsets, checking every length
against the bytes that remain before slicing.  Encoding writes backwards:
each value appends its content chunks, then its own header, to a list that
is reversed and joined once at the end -- one pass, no length pre-computation.
"""
from __future__ import annotations

import copy as _copy
import datetime as _dt
from typing import Any, List, Tuple

from .asn1.core import (
    CS_BMP, CS_IA5, CS_LATIN1, CS_NUMERIC, CS_PRINTABLE, CS_UNIVERSAL,
    CS_UTF8, CS_VISIBLE, K_ANY, K_BITSTRING, K_BOOLEAN, K_CHOICE,
    K_ENUMERATED, K_EXPLICIT, K_GENTIME, K_INTEGER, K_NULL, K_OCTETSTRING,
    K_OID, K_SEQOF, K_SEQUENCE, K_SET, K_SETOF, K_STRING, K_UTCTIME, MISSING,
    Node,
)
from .errors import DecodeError, EncodeError
from .limits import DEFAULT_LIMITS, DecodeLimits

__all__ = ["decode", "decode_from", "encode", "read_header", "IMPLEMENTATION"]

IMPLEMENTATION = "pure"

_UTC = _dt.timezone.utc
_EXTRA = "_extra"

# Characters each restricted string type allows (bytes to delete; whatever
# is left over is outside the set).
_PRINTABLE = (b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
              b"0123456789 '()+,-./:=?")
_ALLOWED = {
    CS_NUMERIC: b"0123456789 ",
    CS_PRINTABLE: _PRINTABLE,
    CS_IA5: bytes(range(128)),
    CS_VISIBLE: bytes(range(32, 127)),
}
_CS_NAMES = {CS_NUMERIC: "NumericString", CS_PRINTABLE: "PrintableString",
             CS_IA5: "IA5String", CS_VISIBLE: "VisibleString"}

_OID_CACHE: dict = {}
_MAX_BITS = 1 << 20         # named-bit numbers at and above are refused
_OID_ENC_CACHE: dict = {}
_CACHE_MAX = 4096


class _State:
    __slots__ = ("depth_max", "sdepth_max", "tag_max", "lenoct_max",
                 "arcs_max", "arc_octets_max", "int_max", "elements_left")

    def __init__(self, lim: DecodeLimits) -> None:
        self.depth_max = lim.max_depth
        self.sdepth_max = lim.max_string_depth
        self.tag_max = lim.max_tag_octets
        self.lenoct_max = lim.max_length_octets
        self.arcs_max = lim.max_oid_arcs
        self.arc_octets_max = lim.max_oid_arc_octets
        self.int_max = lim.max_integer_octets
        self.elements_left = lim.max_elements


# ---------------------------------------------------------------------------
# TLV headers


def _header(buf: bytes, pos: int, end: int, st: _State):
    """Parse one identifier and length at pos.

    Returns (tagkey, constructed, content_start, content_end); content_end is
    -1 for the indefinite form.  The length is checked against end.
    """
    if pos >= end:
        raise DecodeError("truncated", pos)
    st.elements_left -= 1
    if st.elements_left < 0:
        raise DecodeError("too many elements", pos)
    start = pos
    b = buf[pos]
    pos += 1
    cons = b & 0x20
    num = b & 0x1F
    if num == 0x1F:
        num = 0
        n = 0
        while True:
            if pos >= end:
                raise DecodeError("truncated", pos)
            c = buf[pos]
            pos += 1
            n += 1
            if n > st.tag_max:
                raise DecodeError("tag too long", start)
            if n == 1 and c == 0x80:
                raise DecodeError("non-minimal tag", start)
            num = (num << 7) | (c & 0x7F)
            if not c & 0x80:
                break
        if num < 31:
            raise DecodeError("non-minimal tag", start)
    if pos >= end:
        raise DecodeError("truncated", pos)
    length = buf[pos]
    pos += 1
    if length & 0x80:
        n = length & 0x7F
        if n == 0:
            if not cons:
                raise DecodeError("indefinite length on a primitive", start)
            return ((b >> 6) << 28) | num, cons, pos, -1
        if n == 0x7F:
            raise DecodeError("reserved length form", pos - 1)
        if n > st.lenoct_max:
            raise DecodeError("too many length octets", pos - 1)
        if n > end - pos:
            raise DecodeError("truncated", pos)
        length = int.from_bytes(buf[pos:pos + n], "big")
        pos += n
    if length > end - pos:
        raise DecodeError("length exceeds input", start)
    return ((b >> 6) << 28) | num, cons, pos, pos + length


def read_header(data, offset: int = 0) -> Tuple[int, bool, int, int, int]:
    """Read one TLV header.

    :returns: ``(tag_class, constructed, tag_number, header_length, length)``
        where tag_class is 0x00/0x40/0x80/0xC0 and length is -1 for the
        indefinite form.
    :raises DecodeError: when the header is malformed or runs past the data.
    """
    buf = bytes(data) if not isinstance(data, bytes) else data
    tk, cons, cs, ce = _header(buf, offset, len(buf), _State(DEFAULT_LIMITS))
    return ((tk >> 28) << 6, bool(cons), tk & 0x0FFFFFFF, cs - offset,
            -1 if ce < 0 else ce - cs)


def _skip(buf: bytes, cons, cs: int, ce: int, lim: int, depth: int, st: _State) -> int:
    """End of a TLV whose header is parsed (walks nested indefinite forms)."""
    if ce >= 0:
        return ce
    pos = cs
    while True:
        if pos + 2 <= lim and buf[pos] == 0:
            if buf[pos + 1] != 0:
                raise DecodeError("malformed end-of-contents", pos)
            return pos + 2
        if depth >= st.depth_max:
            raise DecodeError("nesting too deep", pos)
        tk, c2, cs2, ce2 = _header(buf, pos, lim, st)
        pos = _skip(buf, c2, cs2, ce2, lim, depth + 1, st)


def _eoc(buf: bytes, pos: int, lim: int) -> bool:
    """True at an end-of-contents in an indefinite value."""
    if pos >= lim:
        raise DecodeError("missing end-of-contents", pos)
    if buf[pos] == 0:
        if pos + 1 >= lim or buf[pos + 1] != 0:
            raise DecodeError("malformed end-of-contents", pos)
        return True
    return False


# ---------------------------------------------------------------------------
# Decoding


def decode(node: Node, data, limits: DecodeLimits = DEFAULT_LIMITS) -> Any:
    """Decode exactly one value of ``node`` from ``data``."""
    buf = data if isinstance(data, bytes) else bytes(data)
    value, end = decode_from(node, buf, 0, limits)
    if end != len(buf):
        raise DecodeError("trailing data", end, (node.name,))
    return value


def decode_from(node: Node, data, offset: int = 0,
                limits: DecodeLimits = DEFAULT_LIMITS) -> Tuple[Any, int]:
    """Decode one value of ``node`` at ``offset``; returns (value, end)."""
    buf = data if isinstance(data, bytes) else bytes(data)
    st = _State(limits)
    end = len(buf)
    if not 0 <= offset <= end:
        raise DecodeError("offset outside the data", offset, (node.name,))
    try:
        tk, cons, cs, ce = _header(buf, offset, end, st)
        _check_tag(node, tk, offset)
        return _dv(node, buf, offset, tk, cons, cs, ce, end, 0, st)
    except DecodeError as e:
        e.path = (node.name,) + e.path
        e.args = (e.reason, e.offset, e.path)
        raise


def _fresh(default: Any) -> Any:
    """A copy of a mutable DEFAULT for one decoded value."""
    if not default:
        return type(default)()
    return _copy.deepcopy(default)


def _check_tag(node: Node, tk: int, pos: int) -> None:
    if node.tag >= 0:
        if tk != node.tag:
            raise DecodeError("unexpected tag %s" % _tagname(tk), pos)
    elif node.kind == K_CHOICE:
        if tk not in node.by_tag and not node.extensible:
            raise DecodeError("unexpected tag %s" % _tagname(tk), pos)


def _tagname(tk: int) -> str:
    return "[%s %d]" % (("UNIVERSAL", "APPLICATION", "CONTEXT", "PRIVATE")[tk >> 28],
                        tk & 0x0FFFFFFF)


def _dv(node: Node, buf: bytes, hs: int, tk: int, cons, cs: int, ce: int,
        lim: int, depth: int, st: _State):
    """Decode the value of a TLV whose header was parsed and tag matched."""
    k = node.kind
    if k == K_SEQUENCE:
        return _d_sequence(node, buf, cons, cs, ce, lim, depth, st)
    if k == K_SET:
        return _d_set(node, buf, cons, cs, ce, lim, depth, st)
    if k == K_CHOICE:
        i = node.by_tag.get(tk)
        if i is None:
            end = _skip(buf, cons, cs, ce, lim, depth, st)
            return (_EXTRA, buf[hs:end]), end
        f = node.fields[i]
        try:
            v, end = _dv(f.node, buf, hs, tk, cons, cs, ce, lim, depth, st)
        except DecodeError as e:
            e.path = (f.key,) + e.path
            raise
        return (f.key, v), end
    if k == K_EXPLICIT:
        if not cons:
            raise DecodeError("explicit tag must be constructed", hs)
        if depth >= st.depth_max:
            raise DecodeError("nesting too deep", hs)
        sub_lim = lim if ce < 0 else ce
        h2 = cs
        tk2, c2, cs2, ce2 = _header(buf, h2, sub_lim, st)
        inner = node.inner
        _check_tag(inner, tk2, h2)
        v, pos = _dv(inner, buf, h2, tk2, c2, cs2, ce2, sub_lim, depth + 1, st)
        if ce < 0:
            if not _eoc(buf, pos, lim):
                raise DecodeError("more than one value in an explicit tag", pos)
            return v, pos + 2
        if pos != ce:
            raise DecodeError("more than one value in an explicit tag", pos)
        return v, ce
    if k == K_SEQOF or k == K_SETOF:
        return _d_seqof(node, buf, cons, cs, ce, lim, depth, st)
    if k == K_ANY:
        end = _skip(buf, cons, cs, ce, lim, depth, st)
        return buf[hs:end], end
    # Primitive kinds: strings may be constructed (segmented).
    if k == K_OCTETSTRING:
        if cons:
            data, end = _segments(buf, cs, ce, lim, 4, 0, depth, st)
        else:
            data, end = buf[cs:ce], ce
        return data, end
    if k == K_STRING:
        if cons:
            data, end = _segments(buf, cs, ce, lim, node.universal, 0, depth, st)
        else:
            data, end = buf[cs:ce], ce
        return _d_string(node.charset, data, cs), end
    if k == K_BITSTRING:
        return _d_bitstring(node, buf, cons, cs, ce, lim, depth, st)
    if k == K_UTCTIME or k == K_GENTIME:
        if cons:
            data, end = _segments(buf, cs, ce, lim, node.universal, 0, depth, st)
        else:
            data, end = buf[cs:ce], ce
        return (_d_utctime(data, cs) if k == K_UTCTIME else _d_gentime(data, cs)), end
    if cons:
        raise DecodeError("constructed encoding of a primitive type", hs)
    n = ce - cs
    if k == K_INTEGER or k == K_ENUMERATED:
        if n == 0:
            raise DecodeError("empty integer", cs)
        if n > st.int_max:
            raise DecodeError("integer too large", cs)
        v = int.from_bytes(buf[cs:ce], "big", signed=True)
        if k == K_ENUMERATED:
            return node.names.get(v, v), ce
        return v, ce
    if k == K_BOOLEAN:
        if n != 1:
            raise DecodeError("boolean length must be 1", cs)
        return buf[cs] != 0, ce
    if k == K_NULL:
        if n != 0:
            raise DecodeError("null length must be 0", cs)
        return None, ce
    if k == K_OID:
        return _d_oid(buf, cs, ce, st), ce
    raise DecodeError("unsupported type", hs)  # pragma: no cover


def _d_sequence(node: Node, buf: bytes, cons, cs: int, ce: int, lim: int,
                depth: int, st: _State):
    if not cons:
        raise DecodeError("SEQUENCE must be constructed", cs)
    if depth >= st.depth_max:
        raise DecodeError("nesting too deep", cs)
    depth += 1
    indef = ce < 0
    end = lim if indef else ce
    out = {}
    fields = node.fields
    nf = len(fields)
    i = 0
    pos = cs
    while True:
        if indef:
            if _eoc(buf, pos, end):
                pos += 2
                break
        elif pos >= end:
            break
        hs = pos
        tk, c2, cs2, ce2 = _header(buf, pos, end, st)
        while i < nf:
            f = fields[i]
            tags = f.tags
            if tags is None or tk in tags:
                break
            if not f.optional:
                raise DecodeError("missing component %s" % f.key, hs)
            if f.default is not MISSING:
                out[f.key] = _fresh(f.default) if f.default_copy else f.default
            i += 1
        else:
            if not node.extensible:
                raise DecodeError("unexpected tag %s" % _tagname(tk), hs)
            pos = _skip(buf, c2, cs2, ce2, end, depth, st)
            out.setdefault(_EXTRA, []).append(buf[hs:pos])
            continue
        try:
            out[f.key], pos = _dv(f.node, buf, hs, tk, c2, cs2, ce2, end, depth, st)
        except DecodeError as e:
            e.path = (f.key,) + e.path
            raise
        i += 1
    while i < nf:
        f = fields[i]
        if not f.optional:
            raise DecodeError("missing component %s" % f.key, pos)
        if f.default is not MISSING:
            out[f.key] = _fresh(f.default) if f.default_copy else f.default
        i += 1
    return out, pos


def _d_set(node: Node, buf: bytes, cons, cs: int, ce: int, lim: int,
           depth: int, st: _State):
    if not cons:
        raise DecodeError("SET must be constructed", cs)
    if depth >= st.depth_max:
        raise DecodeError("nesting too deep", cs)
    depth += 1
    indef = ce < 0
    end = lim if indef else ce
    out = {}
    fields = node.fields
    by_tag = node.by_tag
    pos = cs
    while True:
        if indef:
            if _eoc(buf, pos, end):
                pos += 2
                break
        elif pos >= end:
            break
        hs = pos
        tk, c2, cs2, ce2 = _header(buf, pos, end, st)
        i = by_tag.get(tk)
        if i is None:
            if not node.extensible:
                raise DecodeError("unexpected tag %s" % _tagname(tk), hs)
            pos = _skip(buf, c2, cs2, ce2, end, depth, st)
            out.setdefault(_EXTRA, []).append(buf[hs:pos])
            continue
        f = fields[i]
        if f.key in out:
            raise DecodeError("duplicate component %s" % f.key, hs)
        try:
            out[f.key], pos = _dv(f.node, buf, hs, tk, c2, cs2, ce2, end, depth, st)
        except DecodeError as e:
            e.path = (f.key,) + e.path
            raise
    if len(out) - (_EXTRA in out) != len(fields):
        for f in fields:
            if f.key not in out:
                if not f.optional:
                    raise DecodeError("missing component %s" % f.key, pos)
                if f.default is not MISSING:
                    out[f.key] = _fresh(f.default) if f.default_copy else f.default
    return out, pos


def _d_seqof(node: Node, buf: bytes, cons, cs: int, ce: int, lim: int,
             depth: int, st: _State):
    if not cons:
        raise DecodeError("SEQUENCE OF must be constructed", cs)
    if depth >= st.depth_max:
        raise DecodeError("nesting too deep", cs)
    depth += 1
    indef = ce < 0
    end = lim if indef else ce
    inner = node.inner
    out = []
    pos = cs
    smax = node.size_max
    while True:
        if indef:
            if _eoc(buf, pos, end):
                pos += 2
                break
        elif pos >= end:
            break
        hs = pos
        tk, c2, cs2, ce2 = _header(buf, pos, end, st)
        if smax >= 0 and len(out) >= smax:
            raise DecodeError("more than %d elements" % smax, hs)
        try:
            _check_tag(inner, tk, hs)
            v, pos = _dv(inner, buf, hs, tk, c2, cs2, ce2, end, depth, st)
        except DecodeError as e:
            e.path = ("[%d]" % len(out),) + e.path
            raise
        out.append(v)
    return out, pos


def _segments(buf: bytes, cs: int, ce: int, lim: int, utag: int, sdepth: int,
              depth: int, st: _State):
    """Concatenate the segments of a constructed string.

    Segments are OCTET STRINGs (X.690 8.23.6); segments tagged with the
    string's own universal tag, as some encoders write them, are accepted too.
    """
    if sdepth >= st.sdepth_max or depth >= st.depth_max:
        raise DecodeError("constructed string nested too deep", cs)
    indef = ce < 0
    end = lim if indef else ce
    parts = []
    pos = cs
    while True:
        if indef:
            if _eoc(buf, pos, end):
                pos += 2
                break
        elif pos >= end:
            break
        hs = pos
        tk, c2, cs2, ce2 = _header(buf, pos, end, st)
        if tk != 4 and tk != utag:
            raise DecodeError("string segment of another type", hs)
        if c2:
            data, pos = _segments(buf, cs2, ce2, end, utag, sdepth + 1, depth + 1, st)
            parts.append(data)
        else:
            parts.append(buf[cs2:ce2])
            pos = ce2
    return b"".join(parts), pos


def _d_bitstring(node: Node, buf: bytes, cons, cs: int, ce: int, lim: int,
                 depth: int, st: _State):
    if cons:
        data, unused, end = _bit_segments(buf, cs, ce, lim, 0, depth, st)
    else:
        if ce - cs < 1:
            raise DecodeError("bit string without unused-bits octet", cs)
        unused = buf[cs]
        if unused > 7 or (unused and ce - cs == 1):
            raise DecodeError("bad unused-bits count", cs)
        data, end = buf[cs + 1:ce], ce
    nbits = len(data) * 8 - unused
    if unused and data[-1] & ((1 << unused) - 1):
        # The padding bits carry no value: keep them zero (as DER writes them).
        data = data[:-1] + bytes((data[-1] & (0xFF << unused) & 0xFF,))
    if not node.named:
        return (data, nbits), end
    return _named_bits(node, data, nbits), end


def _named_bits(node: Node, data: bytes, nbits: int) -> frozenset:
    names = node.names
    out = []
    value = int.from_bytes(data, "big") >> (len(data) * 8 - nbits) if nbits else 0
    bit = nbits - 1
    while value:
        if value & 1:
            out.append(names.get(bit, bit))
        value >>= 1
        bit -= 1
    return frozenset(out)


def _bit_segments(buf: bytes, cs: int, ce: int, lim: int, sdepth: int,
                  depth: int, st: _State):
    if sdepth >= st.sdepth_max or depth >= st.depth_max:
        raise DecodeError("constructed string nested too deep", cs)
    indef = ce < 0
    end = lim if indef else ce
    parts = []
    unused = 0
    pos = cs
    while True:
        if indef:
            if _eoc(buf, pos, end):
                pos += 2
                break
        elif pos >= end:
            break
        hs = pos
        tk, c2, cs2, ce2 = _header(buf, pos, end, st)
        if tk != 3:
            raise DecodeError("string segment of another type", hs)
        if unused:
            raise DecodeError("unused bits in a non-final segment", hs)
        if c2:
            data, unused, pos = _bit_segments(buf, cs2, ce2, end, sdepth + 1, depth + 1, st)
            parts.append(data)
        else:
            if ce2 - cs2 < 1:
                raise DecodeError("bit string without unused-bits octet", cs2)
            unused = buf[cs2]
            if unused > 7 or (unused and ce2 - cs2 == 1):
                raise DecodeError("bad unused-bits count", cs2)
            parts.append(buf[cs2 + 1:ce2])
            pos = ce2
    return b"".join(parts), unused, pos


def _d_string(charset: int, data: bytes, offset: int) -> str:
    allowed = _ALLOWED.get(charset)
    if allowed is not None:
        if data.translate(None, allowed):
            raise DecodeError("character outside %s" % _CS_NAMES[charset], offset)
        return data.decode("ascii")
    if charset == CS_LATIN1:
        return data.decode("latin-1")
    try:
        if charset == CS_UTF8:
            return data.decode("utf-8")
        if charset == CS_BMP:
            if len(data) & 1:
                raise DecodeError("BMPString of odd length", offset)
            return data.decode("utf-16-be")
        if len(data) & 3:
            raise DecodeError("UniversalString length not a multiple of 4", offset)
        return data.decode("utf-32-be")
    except UnicodeDecodeError:
        raise DecodeError("invalid character encoding", offset) from None


def _d_oid(buf: bytes, cs: int, ce: int, st: _State) -> str:
    raw = buf[cs:ce]
    hit = _OID_CACHE.get(raw)
    if hit is not None and hit[1] <= st.arcs_max and hit[2] <= st.arc_octets_max:
        return hit[0]
    if not raw:
        raise DecodeError("empty object identifier", cs)
    if raw[-1] & 0x80:
        raise DecodeError("truncated object identifier arc", ce - 1)
    arcs = []
    value = 0
    octets = 0
    widest = 0
    for i in range(cs, ce):
        c = buf[i]
        if octets == 0 and c == 0x80:
            raise DecodeError("non-minimal object identifier arc", i)
        octets += 1
        if octets > widest:
            widest = octets
        if octets > st.arc_octets_max:
            raise DecodeError("object identifier arc too long", i)
        value = (value << 7) | (c & 0x7F)
        if not c & 0x80:
            if len(arcs) + 2 > st.arcs_max:
                raise DecodeError("too many object identifier arcs", i)
            arcs.append(value)
            value = 0
            octets = 0
    first = arcs[0]
    if first < 80:
        head = "%d.%d" % (first // 40, first % 40)
    else:
        head = "2.%d" % (first - 80)
    text = head + "".join(".%d" % a for a in arcs[1:])
    if len(_OID_CACHE) >= _CACHE_MAX:
        _OID_CACHE.clear()
    _OID_CACHE[raw] = (text, len(arcs) + 1, widest)
    return text


def _digits(data: bytes, i: int, n: int, offset: int) -> int:
    part = data[i:i + n]
    if len(part) != n or not part.isdigit():
        raise DecodeError("bad time value", offset)
    return int(part)


def _tz(data: bytes, i: int, offset: int):
    """Parse Z / +hhmm / -hhmm at i; returns (tzinfo, next index)."""
    if i >= len(data):
        return None, i
    c = data[i]
    if c == 0x5A:  # Z
        return _UTC, i + 1
    if c in (0x2B, 0x2D):
        hh = _digits(data, i + 1, 2, offset)
        mm = _digits(data, i + 3, 2, offset)
        if hh > 23 or mm > 59:
            raise DecodeError("bad time zone", offset)
        delta = _dt.timedelta(hours=hh, minutes=mm)
        return _dt.timezone(-delta if c == 0x2D else delta), i + 5
    raise DecodeError("bad time value", offset)


def _d_utctime(data: bytes, offset: int) -> _dt.datetime:
    yy = _digits(data, 0, 2, offset)
    mo = _digits(data, 2, 2, offset)
    dd = _digits(data, 4, 2, offset)
    hh = _digits(data, 6, 2, offset)
    mi = _digits(data, 8, 2, offset)
    i = 10
    ss = 0
    if i < len(data) and 0x30 <= data[i] <= 0x39:
        ss = _digits(data, i, 2, offset)
        i += 2
    tz, i = _tz(data, i, offset)
    if tz is None or i != len(data):
        raise DecodeError("bad time value", offset)
    try:
        return _dt.datetime(2000 + yy if yy < 50 else 1900 + yy, mo, dd, hh, mi, ss, 0, tz)
    except ValueError:
        raise DecodeError("bad time value", offset) from None


def _d_gentime(data: bytes, offset: int) -> _dt.datetime:
    yyyy = _digits(data, 0, 4, offset)
    mo = _digits(data, 4, 2, offset)
    dd = _digits(data, 6, 2, offset)
    hh = _digits(data, 8, 2, offset)
    i = 10
    mi = ss = us = 0
    n = len(data)
    if i < n and 0x30 <= data[i] <= 0x39:
        mi = _digits(data, i, 2, offset)
        i += 2
        if i < n and 0x30 <= data[i] <= 0x39:
            ss = _digits(data, i, 2, offset)
            i += 2
    if i < n and data[i] in (0x2E, 0x2C):
        j = i + 1
        while j < n and 0x30 <= data[j] <= 0x39:
            j += 1
        frac = data[i + 1:j]
        if not frac:
            raise DecodeError("bad time value", offset)
        us = int((frac + b"000000")[:6])
        i = j
    tz, i = _tz(data, i, offset)
    if i != n:
        raise DecodeError("bad time value", offset)
    try:
        return _dt.datetime(yyyy, mo, dd, hh, mi, ss, us, tz or _UTC)
    except ValueError:
        raise DecodeError("bad time value", offset) from None


# ---------------------------------------------------------------------------
# Encoding


def _length(n: int) -> bytes:
    if n < 0x80:
        return bytes((n,))
    b = n.to_bytes((n.bit_length() + 7) // 8, "big")
    return bytes((0x80 | len(b),)) + b


def encode(node: Node, value: Any) -> bytes:
    """Encode ``value`` as ``node``; returns the BER (DER where it matters)."""
    out: List[bytes] = []
    try:
        _ev(node, value, out)
    except EncodeError as e:
        e.path = (node.name,) + e.path
        e.args = (e.reason, e.path)
        raise
    out.reverse()
    return b"".join(out)


def _hdr(header: bytes, n: int, out: List[bytes]) -> int:
    h = header + _length(n)
    out.append(h)
    return n + len(h)


def _ev(node: Node, v: Any, out: List[bytes]) -> int:
    k = node.kind
    if k == K_SEQUENCE or k == K_SET:
        return _e_fields(node, v, out)
    if k == K_CHOICE:
        if type(v) is not tuple or len(v) != 2:
            raise EncodeError("CHOICE value must be a (name, value) tuple")
        name, inner = v
        i = node.by_key.get(name) if type(name) is str else None
        if i is None:
            if name == _EXTRA and node.extensible:
                return _e_any(inner, out)
            raise EncodeError("unknown alternative %r" % (name,))
        f = node.fields[i]
        try:
            return _ev(f.node, inner, out)
        except EncodeError as e:
            e.path = (f.key,) + e.path
            raise
    if k == K_EXPLICIT:
        return _hdr(node.header, _ev(node.inner, v, out), out)
    if k == K_SEQOF or k == K_SETOF:
        if type(v) is not list and type(v) is not tuple:
            raise EncodeError("SEQUENCE OF value must be a list")
        n = len(v)
        if n < node.size_min or (node.size_max >= 0 and n > node.size_max):
            raise EncodeError("%d elements outside SIZE(%s)" % (n, _bounds(node)))
        inner = node.inner
        total = 0
        for i in range(n - 1, -1, -1):
            try:
                total += _ev(inner, v[i], out)
            except EncodeError as e:
                e.path = ("[%d]" % i,) + e.path
                raise
        return _hdr(node.header, total, out)
    if k == K_ANY:
        return _e_any(v, out)
    if k == K_OCTETSTRING:
        if not isinstance(v, (bytes, bytearray, memoryview)):
            raise EncodeError("OCTET STRING value must be bytes")
        data = bytes(v)
        _check_size(node, len(data))
    elif k == K_STRING:
        if type(v) is not str:
            raise EncodeError("string value must be str")
        data = _e_string(node.charset, v)
        _check_size(node, len(v))
    elif k == K_INTEGER:
        if type(v) is not int:
            if isinstance(v, int) and not isinstance(v, bool):
                v = int(v)
            else:
                raise EncodeError("INTEGER value must be int")
        r = node.range
        if r is not None and ((r[0] is not None and v < r[0]) or
                              (r[1] is not None and v > r[1])):
            raise EncodeError("%d outside the range %s..%s" % (v, r[0], r[1]))
        data = v.to_bytes((v if v >= 0 else ~v).bit_length() // 8 + 1, "big", signed=True)
    elif k == K_ENUMERATED:
        if type(v) is str:
            n = node.named.get(v)
            if n is None:
                raise EncodeError("unknown enumeration %r" % (v,))
            v = n
        elif type(v) is not int:
            raise EncodeError("ENUMERATED value must be a name or an int")
        data = v.to_bytes((v if v >= 0 else ~v).bit_length() // 8 + 1, "big", signed=True)
    elif k == K_BOOLEAN:
        if type(v) is not bool:
            raise EncodeError("BOOLEAN value must be bool")
        data = b"\xff" if v else b"\x00"
    elif k == K_NULL:
        if v is not None:
            raise EncodeError("NULL value must be None")
        data = b""
    elif k == K_OID:
        data = _e_oid(v)
    elif k == K_BITSTRING:
        data = _e_bitstring(node, v)
    elif k == K_UTCTIME:
        data = _e_time(v, False)
    elif k == K_GENTIME:
        data = _e_time(v, True)
    else:  # pragma: no cover
        raise EncodeError("unsupported type")
    out.append(data)
    return _hdr(node.header, len(data), out)


def _bounds(node: Node) -> str:
    return "%d..%s" % (node.size_min, "MAX" if node.size_max < 0 else node.size_max)


def _check_size(node: Node, n: int) -> None:
    if n < node.size_min or (node.size_max >= 0 and n > node.size_max):
        raise EncodeError("length %d outside SIZE(%s)" % (n, _bounds(node)))


def _e_fields(node: Node, v: Any, out: List[bytes]) -> int:
    if type(v) is not dict:
        raise EncodeError("%s value must be a dict" % ("SET" if node.kind == K_SET else "SEQUENCE"))
    fields = node.fields
    order = node.encode_order
    total = 0
    used = 0
    if _EXTRA in v:
        used = 1
        extra = v[_EXTRA]
        if extra is not None:
            if not node.extensible:
                raise EncodeError("unknown components in a non-extensible type")
            if type(extra) is not list and type(extra) is not tuple:
                raise EncodeError("_extra must be a list of encoded values")
            for raw in reversed(extra):
                total += _e_any(raw, out)
    dynamic = node.dynamic_order
    present = []
    for j in range(len(order) - 1, -1, -1):
        f = fields[order[j]]
        x = v.get(f.key, MISSING)
        if x is MISSING:
            if not f.optional:
                raise EncodeError("missing component %s" % f.key)
            continue
        used += 1
        if x is None and not f.is_null:
            if not f.optional:
                raise EncodeError("missing component %s" % f.key)
            continue
        if f.default is not MISSING and _is_default(x, f.default):
            continue
        if dynamic:
            present.append((f, x))
            continue
        try:
            total += _ev(f.node, x, out)
        except EncodeError as e:
            e.path = (f.key,) + e.path
            raise
    if dynamic:
        present.sort(key=lambda fx: _value_tag(fx[0].node, fx[1]), reverse=True)
        for f, x in present:
            try:
                total += _ev(f.node, x, out)
            except EncodeError as e:
                e.path = (f.key,) + e.path
                raise
    if used != len(v):
        unknown = sorted(str(key) for key in v if key != _EXTRA and key not in node.by_key)
        raise EncodeError("unknown component %s" % ", ".join(unknown))
    return _hdr(node.header, total, out)


def _is_default(x: Any, default: Any) -> bool:
    """True when x is the DEFAULT value (then DER leaves it out).

    Types must match so that, say, False never stands for an INTEGER 0; sets
    and frozensets (named bits) and lists and tuples (SEQUENCE OF) compare
    across each other.
    """
    tx = type(x)
    td = type(default)
    if tx is td:
        return x == default
    if tx in (set, frozenset) and td in (set, frozenset):
        return x == default
    if tx in (list, tuple) and td in (list, tuple):
        return list(x) == list(default)
    return False


def _value_tag(node: Node, v: Any) -> int:
    """The tag an encoding of v as node starts with (for DER SET order).

    A malformed value sorts as the node's smallest possible tag; encoding it
    then reports the error.
    """
    while node.tag < 0 and node.kind == K_CHOICE:
        if type(v) is not tuple or len(v) != 2:
            break
        i = node.by_key.get(v[0])
        if i is None:
            if v[0] == _EXTRA and isinstance(v[1], (bytes, bytearray)) and v[1]:
                try:
                    return _header(bytes(v[1]), 0, len(v[1]), _State(DEFAULT_LIMITS))[0]
                except DecodeError:
                    break
            break
        node, v = node.fields[i].node, v[1]
    if node.tag >= 0:
        return node.tag
    return min(node.tags) if node.tags else 0


def _e_any(v: Any, out: List[bytes]) -> int:
    if not isinstance(v, (bytes, bytearray, memoryview)):
        raise EncodeError("open type value must be the encoded TLV as bytes")
    data = bytes(v)
    try:
        st = _State(DEFAULT_LIMITS)
        tk, cons, cs, ce = _header(data, 0, len(data), st)
        end = _skip(data, cons, cs, ce, len(data), 0, st)
    except DecodeError as e:
        raise EncodeError("open type value is not one BER value (%s)" % e.reason) from None
    if end != len(data):
        raise EncodeError("open type value is not one BER value (trailing data)")
    out.append(data)
    return len(data)


def _e_string(charset: int, v: str) -> bytes:
    try:
        if charset in _ALLOWED:
            data = v.encode("ascii")
            if data.translate(None, _ALLOWED[charset]):
                raise UnicodeError
            return data
        if charset == CS_LATIN1:
            return v.encode("latin-1")
        if charset == CS_UTF8:
            return v.encode("utf-8")
        if charset == CS_BMP:
            data = v.encode("utf-16-be")
            if len(data) != 2 * len(v):
                raise UnicodeError
            return data
        return v.encode("utf-32-be")
    except UnicodeError:
        raise EncodeError("character outside the string type's set") from None


def _e_oid(v: Any) -> bytes:
    if type(v) is not str:
        raise EncodeError("OBJECT IDENTIFIER value must be a dotted str")
    hit = _OID_ENC_CACHE.get(v)
    if hit is not None:
        return hit
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
    if len(_OID_ENC_CACHE) >= _CACHE_MAX:
        _OID_ENC_CACHE.clear()
    _OID_ENC_CACHE[v] = data
    return data


def _e_bitstring(node: Node, v: Any) -> bytes:
    if node.named and not (type(v) is tuple and len(v) == 2 and
                           isinstance(v[0], (bytes, bytearray))):
        if isinstance(v, (str, bytes)) or not hasattr(v, "__iter__"):
            raise EncodeError("named BIT STRING value must be a set of names")
        mask = 0
        for name in v:
            bit = node.named.get(name) if type(name) is str else name
            if type(bit) is not int:
                raise EncodeError("unknown bit %r" % (name,))
            if not 0 <= bit < _MAX_BITS:
                raise EncodeError("bit number out of range")
            mask |= 1 << bit
        nbits = mask.bit_length()
        if nbits < node.size_min:
            nbits = node.size_min
        if node.size_max >= 0 and nbits > node.size_max:
            raise EncodeError("bit %d outside SIZE(%s)" % (nbits - 1, _bounds(node)))
        nbytes = (nbits + 7) // 8
        # bit n is the n-th bit from the most significant end
        value = 0
        for bit in range(nbits):
            if mask >> bit & 1:
                value |= 1 << (nbytes * 8 - 1 - bit)
        return bytes((nbytes * 8 - nbits,)) + value.to_bytes(nbytes, "big")
    if type(v) is not tuple or len(v) != 2:
        raise EncodeError("BIT STRING value must be (bytes, number_of_bits)")
    data, nbits = v
    if not isinstance(data, (bytes, bytearray)) or type(nbits) is not int:
        raise EncodeError("BIT STRING value must be (bytes, number_of_bits)")
    if not 0 <= len(data) * 8 - nbits <= 7 or (nbits == 0 and data):
        raise EncodeError("BIT STRING: %d bits do not fit %d bytes" % (nbits, len(data)))
    _check_size(node, nbits)
    unused = len(data) * 8 - nbits
    if unused and data[-1] & ((1 << unused) - 1):
        data = bytes(data[:-1]) + bytes((data[-1] & (0xFF << unused) & 0xFF,))
    return bytes((unused,)) + bytes(data)


def _e_time(v: Any, generalized: bool) -> bytes:
    if not isinstance(v, _dt.datetime):
        raise EncodeError("time value must be a datetime")
    if v.tzinfo is None or v.utcoffset() is None:
        raise EncodeError("time value must be timezone-aware")
    try:
        u = v.astimezone(_UTC)
    except OverflowError:
        raise EncodeError("time outside the representable range") from None
    if generalized:
        text = "%04d%02d%02d%02d%02d%02d" % (u.year, u.month, u.day, u.hour, u.minute, u.second)
        if u.microsecond:
            text += (".%06d" % u.microsecond).rstrip("0")
        return (text + "Z").encode("ascii")
    if not 1950 <= u.year <= 2049:
        raise EncodeError("UTCTime year %d outside 1950..2049" % u.year)
    return ("%02d%02d%02d%02d%02d%02dZ" % (u.year % 100, u.month, u.day, u.hour,
                                           u.minute, u.second)).encode("ascii")
