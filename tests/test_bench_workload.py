"""The benchmark workload is the same value, with the same octets, in every peer.

bench/ declares one schema three times (asn1tools text, pyasn1 classes,
x400fast DSL).  These tests pin them together: pyasn1 and asn1tools must
produce identical octets for the same value and decode each other's octets
back to it; the tags must be the ones the references give; and, once the
x400fast engine imports, both x400fast engines must agree too.

Skips cleanly when asn1tools/pyasn1 (bench extras) are not installed, e.g.
when cibuildwheel runs the suite against a wheel.
"""
from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys

import pytest

pytest.importorskip("asn1tools")
pytest.importorskip("pyasn1")

_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
if _ROOT not in sys.path:
    sys.path.insert(0, _ROOT)

from bench import pyasn1_spec as P  # noqa: E402
from bench import workload as W  # noqa: E402

# The reference workload of the README (10 recipients, 16 KiB), both ends
# of the recipient range, and the 1 MiB body (long-form lengths).
CASES = [W.Workload(kind, n, text) for kind in W.KINDS
         for n, text in ((1, "1KiB"), (10, "16KiB"), (100, "1KiB"), (1, "1MiB"))]
IDS = [c.name.replace(" ", "-") for c in CASES]


@pytest.fixture(scope="module")
def spec():
    return W.compile_asn1tools()


def test_asn1tools_compiles_the_schema(spec) -> None:
    for name in ("MessageSubmissionArgument", "MessageSubmissionEnvelope", "ORName",
                 "BuiltInStandardAttributes", "InformationObject", "Heading", "BodyPart"):
        assert name in spec.types


@pytest.mark.parametrize("wl", CASES, ids=IDS)
def test_pyasn1_and_asn1tools_encode_identically(wl: W.Workload) -> None:
    assert P.encode(wl.pyasn1_value) == wl.ber


@pytest.mark.parametrize("wl", CASES, ids=IDS)
def test_each_decodes_the_others_octets(spec, wl: W.Workload) -> None:
    expected = W.strip_defaults(wl.asn1tools_value)
    # asn1tools reads pyasn1's octets
    from_pyasn1_octets = spec.decode(wl.type_name, P.encode(wl.pyasn1_value))
    assert W.strip_defaults(from_pyasn1_octets) == expected
    # pyasn1 reads asn1tools' octets
    value, rest = P.decode(wl.ber, asn1Spec=wl.pyasn1_spec())
    assert rest == b""
    assert W.strip_defaults(W.from_pyasn1(value)) == expected
    # and re-encodes what it decoded to the same octets
    assert P.encode(value) == wl.ber


# Encodings spelled out in shared/reference/mts.md and ipms.md.
VECTORS = [
    ("CountryName", ("iso-3166-alpha2-code", "GB"), "610413024742"),
    ("AdministrationDomainName", ("printable", " "), "6203130120"),
    ("AdministrationDomainName", ("printable", ""), "62021300"),
    ("OriginatorReportRequest", (b"\x10", 4), "03020410"),
    ("NotificationRequests", (b"\xc0", 2), "030206c0"),
    ("ContentType", ("built-in", 22), "460116"),
    ("Priority", "urgent", "470102"),
]


@pytest.mark.parametrize("type_name, value, hexdata", VECTORS,
                         ids=["%s-%d" % (v[0], i) for i, v in enumerate(VECTORS)])
def test_reference_encodings(spec, type_name: str, value, hexdata: str) -> None:
    data = bytes.fromhex(hexdata)
    assert spec.encode(type_name, value) == data
    obj = W.to_pyasn1(value, getattr(P, type_name)())
    assert P.encode(obj) == data


def test_tags_in_context(spec) -> None:
    """Implicit tags replace the universal ones where the references say so."""
    wl = W.Workload("submission", 10, "1KiB")
    env = spec.encode("MessageSubmissionEnvelope", wl.asn1tools_value["envelope"])
    assert env[0] == 0x31
    assert bytes.fromhex("a1") in env                    # per-recipient-fields [1]
    assert bytes.fromhex("80020410") in env              # originator-report-request [0]
    ipm = W.Workload("ipm", 10, "1KiB").ber
    assert ipm[0] == 0xA0                                # InformationObject ipm [0]
    subject = "Revised flight data".encode()
    i = ipm.index(subject)
    # subject [8] EXPLICIT: A8 len 14 len "..."
    assert ipm[i - 4] == 0xA8 and ipm[i - 2] == 0x14
    assert bytes.fromhex("810206c0") in ipm    # notification-requests [1]
    assert bytes.fromhex("8c0102") in ipm                # importance [12] high
    assert bytes.fromhex("8d0103") in ipm                # sensitivity [13]


def test_x400fast_form() -> None:
    wl = W.Workload("submission", 10, "1KiB")
    b = wl.x400fast_value
    env = b["envelope"]
    assert env["per_message_indicators"] == frozenset(
        {"alternate-recipient-allowed", "content-return-request"})
    assert env["deferred_delivery_time"].tzinfo is not None
    assert env["deferred_delivery_time"].utcoffset() == dt.timedelta(0)
    first = env["per_recipient_fields"][0]
    assert first["originator_report_request"] == frozenset({"report"})
    bisa = first["recipient_name"]["built_in_standard_attributes"]
    assert bisa["country_name"] in (("iso_3166_alpha2_code", "FR"), ("x121_dcc_code", "234"))
    heading = W.Workload("ipm", 10, "1KiB").x400fast_value[1]["heading"]
    assert "this_ipm" in heading and "replied_to_ipm" in heading and "related_ipms" in heading
    assert W.snake("obsoleted-IPMs") == "obsoleted_ipms"
    assert W.snake("invokeId") == "invoke_id"


def test_msgpack_tree_round_trips() -> None:
    msgpack = pytest.importorskip("msgpack")
    wl = W.Workload("ipm", 10, "1KiB")
    assert msgpack.unpackb(wl.packed) == wl.tree
    assert wl.tree[1]["heading"]["expiry-time"] == "2025-03-21T15:09:26"


def test_sizes_and_recipients() -> None:
    for n in W.RECIPIENT_COUNTS:
        wl = W.Workload("submission", n, "1KiB")
        env = wl.asn1tools_value["envelope"]
        assert len(env["per-recipient-fields"]) == n
        heading = W.Workload("ipm", n, "1KiB").asn1tools_value[1]["heading"]
        listed = sum(len(heading.get(k, [])) for k in
                     ("primary-recipients", "copy-recipients", "blind-copy-recipients"))
        assert listed == n
    for text, size in W.TEXT_SIZES.items():
        assert len(W.ia5_text(size)) == size
        body = W.Workload("ipm", 1, text).asn1tools_value[1]["body"]
        assert len(body[0][1][1]["data"]) == size


@pytest.mark.parametrize("wl", CASES[:2] + CASES[4:6], ids=IDS[:2] + IDS[4:6])
def test_x400fast_engines_agree(wl: W.Workload) -> None:
    engines, reasons = W.x400fast_engines()
    if not engines:
        pytest.skip("x400fast engine unavailable: %s" % reasons)
    from x400fast.limits import DEFAULT_LIMITS

    node = wl.x400fast_type().node()
    for label, engine in engines.items():
        assert engine.encode(node, wl.x400fast_value) == wl.ber, label
        decoded = engine.decode(node, wl.ber, DEFAULT_LIMITS)
        assert W.strip_defaults(decoded) == W.strip_defaults(wl.x400fast_value), label


@pytest.mark.skipif(shutil.which("tshark") is None, reason="tshark is not installed")
@pytest.mark.parametrize("kind", W.KINDS)
def test_tshark_dissects_cleanly(tmp_path, kind: str) -> None:
    """Wireshark's generic BER dissector walks every TLV without complaint."""
    path = tmp_path / ("%s.ber" % kind)
    path.write_bytes(W.Workload(kind, 3, "1KiB").ber)
    env = dict(os.environ, XDG_CONFIG_HOME=str(tmp_path))    # no personal profile
    out = subprocess.run(["tshark", "-r", str(path), "-V"], capture_output=True,
                         text=True, timeout=120, env=env).stdout
    assert "Encapsulation type: ASN.1 Basic Encoding Rules" in out
    assert "Malformed" not in out and "BER Error" not in out
    assert "PrintableString: ACME-NET" in out
