"""JSON form of decoded values, driven by the type (and back).

The JSON form is the value model (see docs/architecture.md) with the few
Python types JSON lacks written out:

=====================  =============================================
value model            JSON
=====================  =============================================
dict (SEQUENCE, SET)   object with the same keys
(alt, v) (CHOICE)      object with one key: ``{"alt": v}``
list (SEQUENCE OF)     array
bytes (OCTET STRING,   lowercase hex string
open type / ANY)
frozenset (named       array of names (bit numbers for unnamed bits),
BIT STRING)            sorted
(bytes, n) (BIT        string of ``0``/``1`` characters, n long
STRING)
datetime               ISO 8601 with its UTC offset
int, str, bool, None   themselves
=====================  =============================================

The conversion follows the schema, so the two CHOICE and SEQUENCE objects
never get confused, and ``from_json(t, to_json(t, v)) == v`` for every
value ``v`` of type ``t``.
"""
from __future__ import annotations

import datetime as _dt
from typing import Any

from .asn1.core import (
    K_ANY, K_BITSTRING, K_CHOICE, K_EXPLICIT, K_GENTIME, K_OCTETSTRING,
    K_SEQOF, K_SEQUENCE, K_SET, K_SETOF, K_UTCTIME, Node, Type,
)
from .errors import EncodeError

__all__ = ["to_json", "from_json"]

_EXTRA = "_extra"


def _node(t) -> Node:
    if isinstance(t, Node):
        return t
    if isinstance(t, type) and issubclass(t, Type):
        t = t()
    return t.node()


def to_json(t, value: Any) -> Any:
    """The JSON-ready form of ``value`` (a decoded value of type ``t``)."""
    return _to(_node(t), value)


def from_json(t, obj: Any) -> Any:
    """The value of type ``t`` whose JSON form is ``obj``.

    :raises EncodeError: when ``obj`` does not fit the type, with the path.
    """
    try:
        return _from(_node(t), obj)
    except EncodeError as e:
        e.path = (_node(t).name,) + e.path
        e.args = (e.reason, e.path)
        raise


def _to(node: Node, v: Any) -> Any:
    k = node.kind
    while k == K_EXPLICIT:
        node = node.inner
        k = node.kind
    if k == K_SEQUENCE or k == K_SET:
        out = {}
        for f in node.fields:
            if f.key in v:
                out[f.key] = _to(f.node, v[f.key])
        if _EXTRA in v:
            out[_EXTRA] = [bytes(x).hex() for x in v[_EXTRA]]
        return out
    if k == K_CHOICE:
        name, inner = v
        if name == _EXTRA:
            return {_EXTRA: bytes(inner).hex()}
        return {name: _to(node.fields[node.by_key[name]].node, inner)}
    if k == K_SEQOF or k == K_SETOF:
        return [_to(node.inner, x) for x in v]
    if k == K_OCTETSTRING or k == K_ANY:
        return bytes(v).hex()
    if k == K_BITSTRING:
        if isinstance(v, tuple):
            data, nbits = v
            return "".join("1" if data[i >> 3] & (0x80 >> (i & 7)) else "0"
                           for i in range(nbits))
        return sorted(v, key=lambda x: (isinstance(x, int), node.named.get(x, x)
                                        if isinstance(x, str) else x))
    if k == K_UTCTIME or k == K_GENTIME:
        return v.isoformat()
    return v


def _from(node: Node, o: Any) -> Any:
    k = node.kind
    while k == K_EXPLICIT:
        node = node.inner
        k = node.kind
    if k == K_SEQUENCE or k == K_SET:
        if not isinstance(o, dict):
            raise EncodeError("expected an object")
        out = {}
        for key, x in o.items():
            if key == _EXTRA:
                out[key] = [_hex(h) for h in x]
                continue
            i = node.by_key.get(key)
            if i is None:
                raise EncodeError("unknown component %s" % key)
            try:
                out[key] = _from(node.fields[i].node, x)
            except EncodeError as e:
                e.path = (key,) + e.path
                raise
        return out
    if k == K_CHOICE:
        if not isinstance(o, dict) or len(o) != 1:
            raise EncodeError("expected an object with one key (the alternative)")
        (name, x), = o.items()
        if name == _EXTRA:
            return (name, _hex(x))
        i = node.by_key.get(name)
        if i is None:
            raise EncodeError("unknown alternative %s" % name)
        try:
            return (name, _from(node.fields[i].node, x))
        except EncodeError as e:
            e.path = (name,) + e.path
            raise
    if k == K_SEQOF or k == K_SETOF:
        if not isinstance(o, list):
            raise EncodeError("expected an array")
        out_list = []
        for i, x in enumerate(o):
            try:
                out_list.append(_from(node.inner, x))
            except EncodeError as e:
                e.path = ("[%d]" % i,) + e.path
                raise
        return out_list
    if k == K_OCTETSTRING or k == K_ANY:
        return _hex(o)
    if k == K_BITSTRING:
        if isinstance(o, str):
            if o.strip("01"):
                raise EncodeError("bit string must be 0s and 1s")
            n = len(o)
            value = int(o, 2) << ((-n) % 8) if n else 0
            return (value.to_bytes((n + 7) // 8, "big"), n)
        if not isinstance(o, list):
            raise EncodeError("expected a list of bit names")
        return frozenset(o)
    if k == K_UTCTIME or k == K_GENTIME:
        if not isinstance(o, str):
            raise EncodeError("expected an ISO 8601 time")
        try:
            t = _dt.datetime.fromisoformat(o)
        except ValueError:
            raise EncodeError("bad ISO 8601 time %r" % o) from None
        if t.tzinfo is None:
            raise EncodeError("time needs a UTC offset")
        return t
    return o


def _hex(h: Any) -> bytes:
    if not isinstance(h, str):
        raise EncodeError("expected a hex string")
    try:
        return bytes.fromhex(h)
    except ValueError:
        raise EncodeError("bad hex string") from None
