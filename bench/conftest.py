"""pytest set-up for the benchmarks (bench/ only; tests/ has its own)."""
from __future__ import annotations

import importlib.util
import os
import sys

_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# ``from bench import workload`` must work whatever pytest's import mode.
if _ROOT not in sys.path:
    sys.path.insert(0, _ROOT)

# Benchmarks normally run against an installed x400fast (``pip install -e .``).
# Without one, use the source tree so that at least the pure engine (and a
# compiled one built in place) can be timed.
if importlib.util.find_spec("x400fast") is None:
    sys.path.insert(0, os.path.join(_ROOT, "src"))
