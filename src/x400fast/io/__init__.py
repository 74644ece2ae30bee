"""I/O drivers for the sans-I/O OSI stack (layer 4 of the architecture).

The public face is :mod:`x400fast.association`; this package holds the
pieces: the shared, I/O-free book-keeping (:mod:`._core`), the blocking
driver and threaded server (:mod:`._sync`), their asyncio twins
(:mod:`._aio`), addresses (:mod:`._address`) and TLS (:mod:`.tls`).
"""
from __future__ import annotations

from typing import List

__all__: List[str] = []
