"""Fixtures for the OSI stack tests (framing, transport, session)."""
from __future__ import annotations

import importlib
import importlib.util
import os
import sys
from typing import Any, Callable, List, Tuple

import pytest

try:  # the package may be installed, or the lead's root conftest adds src/
    import x400fast  # noqa: F401
except ImportError:  # pragma: no cover - depends on how the tests are run
    sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "src"))

HERE = os.path.dirname(os.path.abspath(__file__))


@pytest.fixture(params=["pure", "compiled"])
def framing(request: Any) -> Any:
    """Both twins of ``x400fast._framing``; the compiled one when built."""
    if request.param == "pure":
        return importlib.import_module("x400fast._framing_pure")
    try:
        return importlib.import_module("x400fast._framing")
    except ImportError as exc:
        pytest.skip("compiled x400fast._framing is not built "
                    "(python setup.py build_ext --inplace): %s" % exc)


@pytest.fixture(scope="session")
def tshark_check() -> Any:
    """The ``tests/osi/tshark_check.py`` tool module."""
    spec = importlib.util.spec_from_file_location(
        "x400fast_tests_tshark_check", os.path.join(HERE, "tshark_check.py"))
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module          # dataclasses look themselves up here
    spec.loader.exec_module(module)
    return module


def _pump(a: Any, b: Any, need_data: Any) -> List[Tuple[str, Any]]:
    """Move bytes between two machines until both are quiet.

    Returns every event produced, as ``(role value, event)`` in order.
    """
    events: List[Tuple[str, Any]] = []
    moved = True
    while moved:
        moved = False
        for src, dst in ((a, b), (b, a)):
            data = src.data_to_send()
            if data:
                dst.receive_data(data)
                moved = True
            while True:
                event = dst.next_event()
                if event is need_data:
                    break
                events.append((dst.role.value, event))
                moved = True
    return events


@pytest.fixture
def pump() -> Callable[[Any, Any], List[Tuple[str, Any]]]:
    """``pump(a, b)``: wire two machines together in memory."""
    from x400fast.osi.transport import NEED_DATA

    return lambda a, b: _pump(a, b, NEED_DATA)
