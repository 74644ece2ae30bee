"""x400fast: a fast X.400 client library."""
from __future__ import annotations

__version__ = "0.1.0.dev0"

from . import errors
from .errors import AddressError, DecodeError, EncodeError, X400Error
from ._impl import IMPLEMENTATION
from .oraddress import ORAddress, ORName

__all__ = ["__version__", "errors", "X400Error", "DecodeError", "EncodeError",
           "AddressError", "IMPLEMENTATION", "ORAddress", "ORName"]
