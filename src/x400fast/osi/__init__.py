"""The OSI upper-layer stack that carries P3/P7 over TCP (RFC 1006).

Layers, bottom up, each a sans-I/O machine (bytes and events in, bytes and
events out; no sockets, no clocks), each owning the one below it so that
its user sees TCP bytes on one side and its own events on the other:

* :mod:`x400fast.osi.transport` -- X.224 class 0 over RFC 1006 TPKT;
* :mod:`x400fast.osi.session` -- X.225 kernel + duplex, version 2;
* :mod:`x400fast.osi.presentation` -- X.226 normal mode, BER contexts;
* :mod:`x400fast.osi.acse` -- ACSE associate, release, abort;
* :mod:`x400fast.osi.rose` -- ROSE invocations, binds and unbinds.
"""
from __future__ import annotations

from typing import List

__all__: List[str] = []
