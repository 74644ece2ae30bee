"""A small Python face for X.413 ``Filter`` values (P7 list, summarize, fetch, delete).

::

    from x400fast.client import filters as F
    from x400fast.asn1 import x413

    new = F.equals(x413.id_att_retrieval_status, 0)
    urgent = F.equals(x413.id_att_priority, "urgent")
    f = new & ~urgent | F.present(x413.id_att_content)
    client.list(filter=f)

Values are encoded with the attribute's syntax from
:data:`x400fast.asn1.x413.ATTRIBUTE_SYNTAXES` (bytes are taken as an
already encoded TLV), so a wrong value fails here with the codec's
:class:`~x400fast.errors.EncodeError`, not at the store.
"""
from __future__ import annotations

from typing import Any, Dict, Iterable, Optional

from .. import ber
from ..asn1 import x413

__all__ = ["Filter", "equals", "present", "greater_or_equal", "less_or_equal",
           "approximate", "substrings", "all_of", "any_of", "not_"]


class Filter:
    """One X.413 Filter; combine with ``&`` (and), ``|`` (or), ``~`` (not).

    :ivar value: the codec value of the ``Filter`` CHOICE.
    """

    __slots__ = ("value",)

    def __init__(self, value: Any) -> None:
        self.value = value

    def __and__(self, other: "Filter") -> "Filter":
        return all_of(self, other)

    def __or__(self, other: "Filter") -> "Filter":
        return any_of(self, other)

    def __invert__(self) -> "Filter":
        return not_(self)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Filter) and other.value == self.value

    def __hash__(self) -> int:
        return hash(repr(self.value))

    def __repr__(self) -> str:
        return "Filter(%r)" % (self.value,)


def _encode(attribute: str, value: Any) -> bytes:
    if isinstance(value, (bytes, bytearray, memoryview)):
        return bytes(value)
    return ber.encode(x413.ATTRIBUTE_SYNTAXES[attribute], value)


def _ava(attribute: str, value: Any) -> Dict[str, Any]:
    return {"attribute_type": attribute, "attribute_value": _encode(attribute, value)}


def equals(attribute: str, value: Any) -> Filter:
    """The attribute has a value equal to ``value``."""
    return Filter(("item", ("equality", _ava(attribute, value))))


def greater_or_equal(attribute: str, value: Any) -> Filter:
    return Filter(("item", ("greater_or_equal", _ava(attribute, value))))


def less_or_equal(attribute: str, value: Any) -> Filter:
    return Filter(("item", ("less_or_equal", _ava(attribute, value))))


def approximate(attribute: str, value: Any) -> Filter:
    return Filter(("item", ("approximate_match", _ava(attribute, value))))


def present(attribute: str) -> Filter:
    """The entry has the attribute."""
    return Filter(("item", ("present", attribute)))


def substrings(attribute: str, initial: Optional[Any] = None, any: Iterable[Any] = (),
               final: Optional[Any] = None) -> Filter:
    """A substring match; each part encoded with the attribute's syntax."""
    parts = []
    if initial is not None:
        parts.append(("initial", _encode(attribute, initial)))
    parts.extend(("any", _encode(attribute, a)) for a in any)
    if final is not None:
        parts.append(("final", _encode(attribute, final)))
    if not parts:
        raise ValueError("a substrings filter needs at least one part")
    return Filter(("item", ("substrings", {"type": attribute, "strings": parts})))


def _flatten(kind: str, filters: Iterable[Filter]) -> list:
    out = []
    for f in filters:
        if not isinstance(f, Filter):
            raise TypeError("filters combine Filter objects, not %s" % type(f).__name__)
        if isinstance(f.value, tuple) and f.value[0] == kind:
            out.extend(f.value[1])
        else:
            out.append(f.value)
    return out


def all_of(*filters: Filter) -> Filter:
    """Every filter matches (``and``)."""
    return Filter(("and", _flatten("and", filters)))


def any_of(*filters: Filter) -> Filter:
    """At least one filter matches (``or``)."""
    return Filter(("or", _flatten("or", filters)))


def not_(f: Filter) -> Filter:
    return Filter(("not", f.value))
