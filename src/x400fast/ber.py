"""BER encoding and decoding of declared ASN.1 types.

This is the public face of the codec: it picks the compiled engine
(``x400fast._ber``) or its pure-Python twin (``x400fast._ber_pure``), see
:data:`x400fast.IMPLEMENTATION`.

>>> from x400fast.asn1 import Integer
>>> encode(Integer(), 5)
b'\\x02\\x01\\x05'
>>> decode(Integer(), b'\\x02\\x01\\x05')
5
"""
from __future__ import annotations

from typing import Any, Tuple

from ._impl import load
from .asn1.core import Type
from .errors import DecodeError, EncodeError
from .limits import DEFAULT_LIMITS, DecodeLimits

__all__ = ["encode", "decode", "decode_from", "read_header", "DecodeLimits",
           "DEFAULT_LIMITS", "DecodeError", "EncodeError", "engine"]

engine = load("_ber")


def encode(type: Type, value: Any) -> bytes:
    """Encode ``value`` (in the value model) as ``type``."""
    return engine.encode(_node(type), value)


def decode(type: Type, data, limits: DecodeLimits = DEFAULT_LIMITS, **overrides: int) -> Any:
    """Decode exactly one ``type`` value from ``data`` (bytes-like).

    Keyword arguments override single limits, e.g. ``max_depth=16``.
    """
    if overrides:
        limits = limits.replace(**overrides)
    return engine.decode(_node(type), data, limits)


def decode_from(type: Type, data, offset: int = 0,
                limits: DecodeLimits = DEFAULT_LIMITS) -> Tuple[Any, int]:
    """Decode one value at ``offset``; returns ``(value, end_offset)``."""
    return engine.decode_from(_node(type), data, offset, limits)


def read_header(data, offset: int = 0) -> Tuple[int, bool, int, int, int]:
    """``(tag_class, constructed, tag_number, header_length, length)`` of a TLV.

    ``length`` is -1 for the indefinite form.
    """
    return engine.read_header(data, offset)


def _node(t: Type):
    if isinstance(t, type) and issubclass(t, Type):
        t = t()
    n = t._node
    if n is None:
        n = t.node()
    return n
