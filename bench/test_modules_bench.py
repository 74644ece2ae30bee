"""The standard modules at work: X.411 / X.420 / X.413 declarations.

``test_codec_bench.py`` measures the codec on a schema subset declared three
times (asn1tools, pyasn1, x400fast).  This file measures the full modules
the library really uses -- ``x400fast.asn1.x411`` (MessageSubmissionArgument),
``x420`` (InformationObject) and ``x413`` (FetchResult) -- against msgpack's
floor for the same logical tree, so that the extra components, DEFAULTs and
extensions of the real declarations are priced in.

Groups are named ``modules <op> <workload>``.
"""
from __future__ import annotations

import datetime as _dt
from typing import Any, Dict

import pytest

pytest.importorskip("pytest_benchmark")

from bench import workload as W  # noqa: E402

msgpack = pytest.importorskip("msgpack")

from x400fast import _ber_pure  # noqa: E402
from x400fast.limits import DEFAULT_LIMITS  # noqa: E402

try:
    from x400fast import _ber as _ber_compiled
except ImportError:  # pragma: no cover
    _ber_compiled = None

ENGINES = {"x400fast-compiled": _ber_compiled, "x400fast-pure": _ber_pure}


def _types():
    from x400fast.asn1 import x411, x413, x420
    return {
        "submission": x411.MTSAbstractService["MessageSubmissionArgument"],
        "ipm": x420.IPMSInformationObjects["InformationObject"],
        "fetch": x413.MSAbstractService["FetchResult"],
    }


def _tree(v: Any) -> Any:
    """The value as plain msgpack-able data (the floor's logical tree)."""
    if isinstance(v, dict):
        return {k: _tree(x) for k, x in v.items()}
    if isinstance(v, (list, tuple)):
        return [_tree(x) for x in v]
    if isinstance(v, (set, frozenset)):
        return sorted(_tree(x) for x in v)
    if isinstance(v, _dt.datetime):
        return v.isoformat()
    return v


def fetch_result(wl: W.Workload) -> Dict[str, Any]:
    """A P7 FetchResult for the delivered message of a workload.

    The entry carries the attributes a client asks for when it fetches a
    message: sequence number, creation time, entry status and type,
    priority, MTS identifier, content type, originator, subject and the
    content itself (each attribute value an open type, kept raw).
    """
    from x400fast import ber
    from x400fast.asn1 import GeneralizedTime, Integer, x411, x413, x420
    mts = x411.MTSAbstractService
    content = ber.encode(x420.IPMSInformationObjects["InformationObject"], W.to_x400fast(W._value_a("ipm", wl.recipients, wl.text_size)))
    now = _dt.datetime(2026, 11, 22, 4, 44, 5, tzinfo=_dt.timezone.utc)
    originator = wl.x400fast_value["envelope"]["originator_name"]
    values = [
        (x413.id_att_sequence_number, ber.encode(Integer(), 42)),
        (x413.id_att_creation_time, ber.encode(GeneralizedTime(), now)),
        (x413.id_att_retrieval_status, ber.encode(Integer(), 0)),
        (x413.id_att_entry_type, ber.encode(Integer(), 0)),
        (x413.id_att_priority, ber.encode(mts["Priority"], "urgent")),
        (x413.id_att_content_type, ber.encode(mts["ContentType"], ("built_in", 22))),
        (x413.id_att_originator_name, ber.encode(mts["OriginatorName"], originator)),
        (x413.id_att_content, ber.encode(mts["Content"], content)),
    ]
    return {"entry_information": {
        "sequence_number": 42,
        "attributes": [{"attribute_type": oid, "attribute_values": [raw]} for oid, raw in values],
    }}


def _workloads():
    out = []
    for kind in ("submission", "ipm", "fetch"):
        for n, text in ((10, "16KiB"), (100, "16KiB"), (10, "1MiB")):
            out.append((kind, W.Workload("ipm" if kind == "fetch" else kind, n, text)))
    return out


WORKLOADS = _workloads()
_CACHE: Dict[str, Any] = {}


def _value(kind: str, wl: W.Workload) -> Any:
    key = "%s %s" % (kind, wl.name)
    if key not in _CACHE:
        if kind == "fetch":
            v = fetch_result(W.Workload("submission", wl.recipients, wl.text))
        else:
            v = wl.x400fast_value
        t = _types()[kind]
        data = _ber_pure.encode(t.node(), v)
        v = _ber_pure.decode(t.node(), data, DEFAULT_LIMITS)   # DEFAULTs filled, as decoders return it
        _CACHE[key] = (t, v, data, _tree(v))
    return _CACHE[key]


def _id(item) -> str:
    kind, wl = item
    return "%s %d rcpt %s" % (kind, wl.recipients, wl.text)


@pytest.mark.parametrize("engine", list(ENGINES) + ["msgpack"])
@pytest.mark.parametrize("op", ["decode", "encode"])
@pytest.mark.parametrize("item", WORKLOADS, ids=[_id(i) for i in WORKLOADS])
def test_modules(benchmark, item, op, engine):
    kind, wl = item
    t, value, data, tree = _value(kind, wl)
    benchmark.group = "modules %s %s" % (op, _id(item))
    benchmark.name = engine
    if engine == "msgpack":
        packed = msgpack.packb(tree, use_bin_type=True)
        if op == "decode":
            assert msgpack.unpackb(packed) == msgpack.unpackb(packed)
            benchmark.pedantic(msgpack.unpackb, (packed,), rounds=_rounds(wl), iterations=1)
        else:
            benchmark.pedantic(msgpack.packb, (tree,), {"use_bin_type": True},
                               rounds=_rounds(wl), iterations=1)
        return
    eng = ENGINES[engine]
    if eng is None:
        pytest.skip("the compiled engine is not built")
    node = t.node()
    if op == "decode":
        assert eng.decode(node, data, DEFAULT_LIMITS) == value
        benchmark.pedantic(eng.decode, (node, data, DEFAULT_LIMITS), rounds=_rounds(wl), iterations=1)
    else:
        assert eng.encode(node, value) == data
        benchmark.pedantic(eng.encode, (node, value), rounds=_rounds(wl), iterations=1)


def _rounds(wl: W.Workload) -> int:
    return 20 if wl.text == "1MiB" or wl.recipients >= 100 else 200
