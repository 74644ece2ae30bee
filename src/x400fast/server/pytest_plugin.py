"""pytest plugin shipped with x400fast: a reference server for tests.

Registered through the ``pytest11`` entry point, so installing x400fast
makes the fixture available::

    def test_send(x400_server):
        x400_server.p3_address           # "127.0.0.1:PORT"
        alice = x400_server.users[0]     # address, password, mode

The users come from the ``x400_server_users`` fixture (override it in a
``conftest.py`` to choose your own); each test gets a fresh server on free
ports with a temporary store, stopped afterwards.
"""
from __future__ import annotations

from typing import Any, Iterator, List

import pytest

DEFAULT_USERS = [
    "/CN=Alice/O=Test/PRMD=Test/ADMD= /C=XX/:alice-secret:ms",
    "/CN=Bob/O=Test/PRMD=Test/ADMD= /C=XX/:bob-secret:ms",
    "/CN=Carol/O=Test/PRMD=Test/ADMD= /C=XX/:carol-secret:p3",
]


@pytest.fixture
def x400_server_users() -> List[Any]:
    """The users of :func:`x400_server` (``ADDRESS:PASSWORD[:mode]``)."""
    return list(DEFAULT_USERS)


@pytest.fixture
def x400_server(x400_server_users: List[Any]) -> Iterator[Any]:
    """A running :class:`x400fast.server.Server` on free ports."""
    from x400fast.server import Server
    with Server.temporary(users=x400_server_users) as srv:
        yield srv
