"""The x400fast error hierarchy.

Every failure the library reports is an :class:`X400Error`.  Bad input from
the network or from the caller gets a precise leaf, never a bare built-in
exception.  Leaves that describe malformed data also derive from
:class:`ValueError` so that generic ``except ValueError`` handlers keep
working.

Layers add their leaves here rather than in their own modules so that a
caller can see the whole tree in one place.
"""
from __future__ import annotations

from typing import Optional, Sequence

__all__ = [
    "X400Error",
    "CodecError",
    "DecodeError",
    "EncodeError",
    "SchemaError",
]


class X400Error(Exception):
    """Root of every exception raised by x400fast."""


# ---------------------------------------------------------------------------
# Codec (layer 1) and schema (layer 2)


class CodecError(X400Error):
    """Base of the BER codec's errors."""


def _format_path(path: Sequence[str]) -> str:
    return ".".join(path) if path else "<top>"


class DecodeError(CodecError, ValueError):
    """Malformed or over-limit BER input.

    :ivar reason: short description of what is wrong.
    :ivar offset: byte offset in the input where the problem was found.
    :ivar path: tuple of type and field names leading to the problem.
    """

    def __init__(self, reason: str, offset: int = 0,
                 path: Optional[Sequence[str]] = None) -> None:
        self.reason = reason
        self.offset = offset
        self.path = tuple(path or ())
        super().__init__(reason, offset, self.path)

    def __str__(self) -> str:
        return "%s at offset %d in %s" % (self.reason, self.offset,
                                          _format_path(self.path))


class EncodeError(CodecError, ValueError):
    """A value that cannot be encoded as the declared type.

    :ivar reason: short description of what is wrong.
    :ivar path: tuple of type and field names leading to the problem.
    """

    def __init__(self, reason: str,
                 path: Optional[Sequence[str]] = None) -> None:
        self.reason = reason
        self.path = tuple(path or ())
        super().__init__(reason, self.path)

    def __str__(self) -> str:
        return "%s in %s" % (self.reason, _format_path(self.path))


class SchemaError(X400Error, TypeError):
    """An ASN.1 declaration that cannot be compiled (a bug in a module)."""


# ---------------------------------------------------------------------------
# OSI stack (transport, session, presentation, ACSE, ROSE, association)
# (section owned by the stack work: add leaves below this line)


# ---------------------------------------------------------------------------
# O/R addresses and the message model
# (section owned by the data work: add leaves below this line)
