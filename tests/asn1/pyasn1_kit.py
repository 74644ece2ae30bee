"""Shorthands for writing pyasn1 specs in the differential tests.

The specs are written from the module texts, field by field; these helpers
keep them readable (``SEQ(F(...), O(...))``, ``imp(t, 0)``, ``exp(t, 1, APP)``).
Only imported when pyasn1 is installed.
"""
from pyasn1.type import namedtype, namedval, tag, univ

CTX, APP = tag.tagClassContext, tag.tagClassApplication


def _constructed(t):
    return isinstance(t, (univ.Sequence, univ.Set, univ.SequenceOf, univ.SetOf))


def imp(t, n, cls=CTX):
    """``[cls n] IMPLICIT t``."""
    fmt = tag.tagFormatConstructed if _constructed(t) else tag.tagFormatSimple
    return t.subtype(implicitTag=tag.Tag(cls, fmt, n))


def exp(t, n, cls=CTX):
    """``[cls n] EXPLICIT t``."""
    return t.subtype(explicitTag=tag.Tag(cls, tag.tagFormatConstructed, n))


def F(name, t):
    return namedtype.NamedType(name, t)


def O(name, t):  # noqa: E743 - OPTIONAL (and DEFAULT {} lists, filled in later)
    return namedtype.OptionalNamedType(name, t)


def D(name, t):
    return namedtype.DefaultedNamedType(name, t)


def SEQ(*fields):
    return univ.Sequence(componentType=namedtype.NamedTypes(*fields))


def SET(*fields):
    return univ.Set(componentType=namedtype.NamedTypes(*fields))


def CHO(*fields):
    return univ.Choice(componentType=namedtype.NamedTypes(*fields))


def SEQOF(t):
    return univ.SequenceOf(componentType=t)


def SETOF(t):
    return univ.SetOf(componentType=t)


def ENUM(pairs, value=None):
    nv = namedval.NamedValues(*pairs)
    if value is None:
        return univ.Enumerated(namedValues=nv)
    return univ.Enumerated(namedValues=nv, value=value)


def BITS(pairs, empty_default=False):
    nv = namedval.NamedValues(*pairs)
    if empty_default:
        return univ.BitString(namedValues=nv, value=())
    return univ.BitString(namedValues=nv)
