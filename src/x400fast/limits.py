"""Limits the BER decoders enforce on untrusted input.

Every limit is checked before the guarded value is materialised, and both
engines (compiled and pure) enforce them identically.  The defaults follow
the hardening record of other ASN.1 decoders (see docs/architecture.md);
X.400 structures stay far below them.
"""
from __future__ import annotations

__all__ = ["DecodeLimits", "DEFAULT_LIMITS"]


class DecodeLimits:
    """Decoder limits; construct with keyword arguments to change some.

    :param max_depth: nesting of constructed values (including explicit tags,
        constructed strings and open types) -- 64.
    :param max_string_depth: nesting of segments in a constructed string -- 4.
    :param max_tag_octets: continuation octets of a high tag number -- 4
        (tag numbers below 2**28).
    :param max_length_octets: octets of a long-form length -- 4.
    :param max_oid_arcs: arcs of an OBJECT IDENTIFIER -- 128.
    :param max_oid_arc_octets: octets of one OID arc -- 20 (a 2.25 UUID arc
        needs 19).
    :param max_integer_octets: octets of an INTEGER or ENUMERATED -- 64.
    :param max_elements: TLVs in one decode call -- 1,000,000.
    """

    __slots__ = ("max_depth", "max_string_depth", "max_tag_octets",
                 "max_length_octets", "max_oid_arcs", "max_oid_arc_octets",
                 "max_integer_octets", "max_elements")

    def __init__(self, max_depth: int = 64, max_string_depth: int = 4,
                 max_tag_octets: int = 4, max_length_octets: int = 4,
                 max_oid_arcs: int = 128, max_oid_arc_octets: int = 20,
                 max_integer_octets: int = 64, max_elements: int = 1_000_000) -> None:
        self.max_depth = _positive("max_depth", max_depth, 100_000)
        self.max_string_depth = _positive("max_string_depth", max_string_depth, 1000)
        self.max_tag_octets = _positive("max_tag_octets", max_tag_octets, 4)
        self.max_length_octets = _positive("max_length_octets", max_length_octets, 8)
        self.max_oid_arcs = _positive("max_oid_arcs", max_oid_arcs, 1_000_000)
        self.max_oid_arc_octets = _positive("max_oid_arc_octets", max_oid_arc_octets, 1000)
        self.max_integer_octets = _positive("max_integer_octets", max_integer_octets, 1 << 20)
        self.max_elements = _positive("max_elements", max_elements, 1 << 40)

    def replace(self, **changes: int) -> "DecodeLimits":
        """A copy with some limits changed."""
        values = {k: getattr(self, k) for k in self.__slots__}
        values.update(changes)
        return DecodeLimits(**values)

    def __repr__(self) -> str:
        return "DecodeLimits(%s)" % ", ".join(
            "%s=%d" % (k, getattr(self, k)) for k in self.__slots__)


def _positive(name: str, value: int, ceiling: int) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= ceiling:
        raise ValueError("%s must be an int from 1 to %d" % (name, ceiling))
    return value


DEFAULT_LIMITS = DecodeLimits()
