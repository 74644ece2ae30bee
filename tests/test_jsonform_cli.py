"""The JSON form of values and the decode/encode commands."""
import datetime as dt
import json
import subprocess
import sys

import pytest

from x400fast import ber
from x400fast.__main__ import main, type_registry
from x400fast.asn1 import (
    C, Any, BitString, Choice, External, GeneralizedTime, Integer, Module,
    OctetString, PrintableString, Sequence, SequenceOf,
)
from x400fast.errors import EncodeError
from x400fast.jsonform import from_json, to_json

M = Module("JsonT", tagging="IMPLICIT")
M.define("T", Sequence(
    C("name", PrintableString()),
    C("alt", Choice(C("n", Integer(), tag="[0]"), C("o", OctetString(), tag="[1]"))),
    C("bits", BitString(named={"a": 0, "b": 1, "c": 2}), optional=True),
    C("raw", BitString(), tag="[3]", optional=True),
    C("when", GeneralizedTime(), optional=True),
    C("list", SequenceOf(Any()), tag="[2]", optional=True),
    extensible=True,
))

VALUE = {
    "name": "x", "alt": ("o", b"\x01\xff"), "bits": frozenset({"a", "c"}),
    "raw": (b"\xa0", 3), "when": dt.datetime(2026, 1, 2, 3, 4, 5, tzinfo=dt.timezone.utc),
    "list": [b"\x05\x00"], "_extra": [b"\x9f\x30\x00"],
}


def test_json_form():
    j = to_json(M["T"], VALUE)
    assert j == {"name": "x", "alt": {"o": "01ff"}, "bits": ["a", "c"], "raw": "101",
                 "when": "2026-01-02T03:04:05+00:00", "list": ["0500"], "_extra": ["9f3000"]}
    assert from_json(M["T"], json.loads(json.dumps(j))) == VALUE


def test_json_errors():
    with pytest.raises(EncodeError) as ei:
        from_json(M["T"], {"name": "x", "alt": {"q": 1}})
    assert ei.value.path == ("T", "alt")
    with pytest.raises(EncodeError, match="unknown component"):
        from_json(M["T"], {"nam": "x"})
    with pytest.raises(EncodeError, match="UTC offset"):
        from_json(M["T"], {"when": "2026-01-02T03:04:05"})


def test_registry_has_builtins():
    reg = type_registry()
    assert reg["EXTERNAL"] is External
    assert reg["ASN1-Builtins.EXTERNAL"] is External


def test_cli_decode_encode_roundtrip(tmp_path, capsys):
    v = {"direct_reference": "2.6.0.2.8", "indirect_reference": 3,
         "encoding": ("single_asn1_type", b"\x02\x01\x05")}
    data = ber.encode(External, v)
    f = tmp_path / "ext.ber"
    f.write_bytes(data)
    assert main(["decode", "--type", "EXTERNAL", str(f)]) == 0
    out = capsys.readouterr().out
    assert json.loads(out) == {"direct_reference": "2.6.0.2.8", "indirect_reference": 3,
                               "encoding": {"single_asn1_type": "020105"}}
    j = tmp_path / "ext.json"
    j.write_text(out)
    assert main(["encode", "--type", "EXTERNAL", "--hex", str(j)]) == 0
    assert capsys.readouterr().out.strip() == data.hex()
    assert main(["decode", "--type", "EXTERNAL", "--tree", str(f)]) == 0
    tree = capsys.readouterr().out
    assert "  direct_reference: \"2.6.0.2.8\"" in tree


def test_cli_errors(tmp_path, capsys):
    f = tmp_path / "bad.ber"
    f.write_bytes(b"\x28\x05\x02")
    assert main(["decode", "--type", "EXTERNAL", str(f)]) == 3
    assert "length exceeds input" in capsys.readouterr().err
    assert main(["decode", "--type", "NoSuchType", str(f)]) == 2


def test_cli_as_module():
    r = subprocess.run([sys.executable, "-m", "x400fast", "info"], capture_output=True, text=True)
    assert r.returncode == 0 and "engine" in r.stdout
