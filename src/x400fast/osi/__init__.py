"""The OSI upper-layer stack that carries P3/P7 over TCP (RFC 1006).

Layers, bottom up, each a sans-I/O machine (bytes and events in, bytes and
events out; no sockets, no clocks):

* :mod:`x400fast.osi.transport` -- X.224 class 0 over RFC 1006 TPKT;
* :mod:`x400fast.osi.session` -- X.225 kernel + duplex, version 2, driving
  its own transport machine, so its user sees TCP bytes on one side and
  session events on the other.

Presentation, ACSE and ROSE are built on the session events.
"""
from __future__ import annotations

__all__: list[str] = []
