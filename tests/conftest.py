"""Shared fixtures: every codec test runs on both engines."""
import os

import pytest

from x400fast import _ber_pure

try:
    from hypothesis import HealthCheck, settings

    # "ci": deterministic and without deadlines (shared 2-core machines);
    # "dev" (default): hypothesis' own defaults.
    settings.register_profile("ci", derandomize=True, deadline=None,
                              suppress_health_check=[HealthCheck.too_slow])
    settings.register_profile("dev")
    settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))
except ImportError:  # pragma: no cover
    pass

try:
    from x400fast import _ber as _ber_compiled
except ImportError:  # pragma: no cover - depends on the build
    _ber_compiled = None

PURE_ONLY = os.environ.get("X400FAST_PURE", "") not in ("", "0")


def _engines():
    yield pytest.param(_ber_pure, id="pure")
    if _ber_compiled is not None:
        yield pytest.param(_ber_compiled, id="compiled")
    elif not PURE_ONLY:
        # The compiled engine must be present unless the pure build was asked
        # for: a silently missing extension would hide a broken build.
        yield pytest.param(None, id="compiled",
                           marks=pytest.mark.xfail(reason="compiled _ber missing", strict=True))


ENGINES = list(_engines())


@pytest.fixture(params=ENGINES)
def engine(request):
    """The BER engine module under test (``decode(node, data, limits)``...)."""
    if request.param is None:
        raise AssertionError("x400fast._ber (compiled) did not import; build it or set X400FAST_PURE=1")
    return request.param


@pytest.fixture
def both():
    """All available engines, to compare them value for value."""
    return [p.values[0] for p in ENGINES if p.values[0] is not None]
