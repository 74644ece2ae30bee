"""Choice between the compiled modules and their pure-Python twins.

``X400FAST_PURE=1`` in the environment forces the pure twins; otherwise the
compiled extensions are used when they import.  :data:`IMPLEMENTATION` says
which one is in use: ``"compiled"`` or ``"pure"``.
"""
from __future__ import annotations

import importlib
import os
from types import ModuleType

FORCE_PURE = os.environ.get("X400FAST_PURE", "") not in ("", "0")


def load(name: str) -> ModuleType:
    """Return ``x400fast.<name>`` compiled, or ``x400fast.<name>_pure``."""
    if not FORCE_PURE:
        try:
            return importlib.import_module("x400fast." + name)
        except ImportError:
            pass
    return importlib.import_module("x400fast.%s_pure" % name)


def _probe() -> str:
    if FORCE_PURE:
        return "pure"
    try:
        importlib.import_module("x400fast._ber")
    except ImportError:
        return "pure"
    return "compiled"


IMPLEMENTATION = _probe()
