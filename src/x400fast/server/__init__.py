"""The reference P3/P7 server: an MTA and Message Store that the test suite,
the demo and users' own test suites run against.

Its layers are kept apart so that each can be tested on its own:
:mod:`x400fast.server.store` is the durable, protocol-neutral storage (it
sees only bytes and plain fields); :mod:`.p3` decides what a submission
causes (deliveries, reports) and :mod:`.p7` answers Message Store
operations over the store; :mod:`.server` runs the associations
(:class:`Server`); :mod:`.config` reads users and settings.
"""
from __future__ import annotations

from .config import Limits, ServerConfig, UserSpec, load_config, parse_user
from .server import Server

__all__ = ["Server", "ServerConfig", "Limits", "UserSpec", "load_config", "parse_user"]
