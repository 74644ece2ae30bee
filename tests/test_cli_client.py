"""The ``x400fast`` client commands (send/list/fetch/delete/wait) against
the reference server on 127.0.0.1: outputs, JSON, exit codes, and that the
password never reaches stdout or stderr."""
from __future__ import annotations

import base64
import json
import os
import socket
import subprocess
import sys
import time

import pytest

from x400fast import ber
from x400fast.__main__ import main
from x400fast.services import MTS
from x400fast.cli_client import (EXIT_AUTH, EXIT_CONNECTION, EXIT_DATA, EXIT_IN_DOUBT,
                                 EXIT_OPERATION, EXIT_USAGE, exit_code)
from x400fast.errors import AssociationTimeout, ConnectionLost
from x400fast.server import Server

ALICE = "/CN=Alice/O=Test/PRMD=Test/ADMD= /C=XX/"
BOB = "/CN=Bob/O=Test/PRMD=Test/ADMD= /C=XX/"
CAROL = "/CN=Carol/O=Test/PRMD=Test/ADMD= /C=XX/"
ALICE_PW = "Alice-Pw-7f3a9c"
BOB_PW = "Bob-Pw-51e2d8"
CAROL_PW = "Carol-Pw-90b4c1"
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "io"))
from iosupport import certs  # noqa: E402,F401  (session fixture: a test PKI)

SRC = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "src")


@pytest.fixture
def srv():
    with Server.temporary(users=[ALICE + ":" + ALICE_PW + ":ms", BOB + ":" + BOB_PW + ":ms",
                                 CAROL + ":" + CAROL_PW + ":p3"]) as s:
        yield s


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch, tmp_path):
    # No configuration from the home directory of whoever runs the tests.
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))
    monkeypatch.delenv("X400FAST_PASSWORD", raising=False)


def pwfile(tmp_path, pw):
    p = tmp_path / ("pw-%s" % abs(hash(pw)))
    p.write_text(pw + "\n")
    return str(p)


def cli(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def p3(srv, tmp_path, user=ALICE, pw=ALICE_PW):
    return ["--p3", srv.p3_address, "--user", user, "--password-file", pwfile(tmp_path, pw),
            "--insecure-plaintext-password", "--timeout", "10"]


def p7(srv, tmp_path, user=BOB, pw=BOB_PW):
    return ["--p7", srv.p7_address, "--user", user, "--password-file", pwfile(tmp_path, pw),
            "--insecure-plaintext-password", "--timeout", "10"]


def wait_for_entries(srv, tmp_path, capsys, n):
    deadline = time.monotonic() + 5
    while True:
        code, out, _ = cli(capsys, "list", *p7(srv, tmp_path), "--json")
        assert code == 0
        if json.loads(out)["count"] >= n or time.monotonic() > deadline:
            return json.loads(out)
        time.sleep(0.05)


def test_send_list_fetch_delete(srv, tmp_path, capsys):
    att = tmp_path / "data.bin"
    att.write_bytes(bytes(range(256)) * 3)
    code, out, err = cli(capsys, "send", *p3(srv, tmp_path), "--to", BOB, "--subject", "Lunch",
                         "--text", "Noon at the usual place?", "--attach", str(att),
                         "--priority", "urgent", "--importance", "high", "--report",
                         "delivery")
    assert code == 0, err
    mts_id = out.strip()
    assert mts_id.startswith("/PRMD=") or "ADMD=" in mts_id
    assert len(out.splitlines()) == 1

    wait_for_entries(srv, tmp_path, capsys, 1)
    code, out, err = cli(capsys, "list", *p7(srv, tmp_path))
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0].startswith("1 entry")
    assert "SEQ" in lines[1] and "SUBJECT" in lines[1]
    row = lines[2].split()
    assert row[0] == "1" and row[1] in ("new", "listed") and row[-1] == "Lunch"
    assert "/CN=Alice/" in lines[2]

    code, out, err = cli(capsys, "fetch", *p7(srv, tmp_path), "1",
                         "--save-attachments", str(tmp_path / "att"))
    assert code == 0, err
    assert "Sequence: 1" in out
    assert "From: /CN=Alice/O=Test/PRMD=Test/ADMD= /C=XX/" in out
    assert "Subject: Lunch" in out and "To: /CN=Bob/" in out
    assert "Priority: urgent" in out and "Importance: high" in out
    assert "MTS-Id: %s" % mts_id in out
    assert "\nNoon at the usual place?\n" in out
    assert "[attachment: data.bin, 768 bytes]" in out
    assert (tmp_path / "att" / "data.bin").read_bytes() == att.read_bytes()

    # --raw writes the content's BER: a P22 InformationObject.
    code, out, err = cli(capsys, "fetch", *p7(srv, tmp_path), "1", "--raw",
                         str(tmp_path / "m.ber"))
    assert code == 0, err
    from x400fast.message import read_content
    assert read_content((tmp_path / "m.ber").read_bytes()).subject == "Lunch"

    code, out, err = cli(capsys, "delete", *p7(srv, tmp_path), "1")
    assert code == 0, err
    assert out.strip() == "deleted 1"
    code, out, err = cli(capsys, "list", *p7(srv, tmp_path))
    assert code == 0 and out.startswith("0 entries")


def test_json_outputs_parse(srv, tmp_path, capsys):
    ids = []
    for i in range(3):
        code, out, err = cli(capsys, "send", *p3(srv, tmp_path), "--to", BOB, "--cc", CAROL,
                             "--subject", "n%d" % i, "--text", "t%d" % i, "--json")
        assert code == 0, err
        doc = json.loads(out)
        assert doc["submission_time"] and doc["ipm_identifier"]
        assert sorted(doc["recipients"]) == sorted([BOB, CAROL])
        ids.append(doc["mts_identifier"])
    listed = wait_for_entries(srv, tmp_path, capsys, 3)
    assert listed["count"] == 3 and listed["span"] == [1, 3]
    assert [e["subject"] for e in listed["entries"]] == ["n0", "n1", "n2"]
    assert {e["type"] for e in listed["entries"]} == {"message"}
    assert all(e["originator"] == ALICE for e in listed["entries"])

    code, out, err = cli(capsys, "list", *p7(srv, tmp_path), "--limit", "2", "--json")
    assert code == 0 and len(json.loads(out)["entries"]) == 2

    code, out, err = cli(capsys, "fetch", *p7(srv, tmp_path), "2", "3", "--json")
    assert code == 0, err
    entries = json.loads(out)["entries"]
    assert [e["subject"] for e in entries] == ["n1", "n2"]
    assert [e["text"] for e in entries] == ["t1", "t2"]
    assert [e["mts_identifier"] for e in entries] == ids[1:]
    assert entries[0]["cc"] == [CAROL]

    # --new: only entries never listed or fetched (1 was listed above, so none)
    code, out, err = cli(capsys, "list", *p7(srv, tmp_path), "--new", "--json")
    assert code == 0
    assert all(e["status"] == "new" for e in json.loads(out)["entries"])

    code, out, err = cli(capsys, "delete", *p7(srv, tmp_path), "3", "1", "--json")
    assert code == 0 and json.loads(out) == {"deleted": [1, 3]}

    code, out, err = cli(capsys, "fetch", *p7(srv, tmp_path), "2", "--raw",
                         str(tmp_path / "raw"), "--json")
    assert code == 0 and json.loads(out)["written"] == [str(tmp_path / "raw")]


def test_wait_takes_deliveries_into_spool(srv, tmp_path, capsys):
    for subject in ("first", "second"):
        code, out, err = cli(capsys, "send", *p3(srv, tmp_path), "--to", CAROL,
                             "--subject", subject, "--text", "x")
        assert code == 0, err
    spool = tmp_path / "spool"
    spool.mkdir()
    code, out, err = cli(capsys, "wait", *p3(srv, tmp_path, CAROL, CAROL_PW),
                         "--spool", str(spool), "--quiet", "1", "--max-time", "15")
    assert code == 0, err
    lines = out.splitlines()
    assert len(lines) == 2
    assert all(line.startswith("message ") for line in lines)
    assert '"first"' in lines[0] and '"second"' in lines[1]
    files = sorted(p for p in os.listdir(spool) if p.endswith(".ber"))
    assert len(files) == 2
    for name in files:
        assert str(spool / name) in out
        arg = ber.decode(MTS["MessageDeliveryArgument"], (spool / name).read_bytes())
        assert "message_delivery_identifier" in arg
    assert "2 deliveries taken" in err

    # Nothing left: a second wait takes nothing; JSON Lines (here: none).
    code, out, err = cli(capsys, "wait", *p3(srv, tmp_path, CAROL, CAROL_PW),
                         "--spool", str(spool), "--quiet", "0.5", "--json")
    assert code == 0 and out == ""


def test_wait_json_lines(srv, tmp_path, capsys):
    code, out, err = cli(capsys, "send", *p3(srv, tmp_path), "--to", CAROL,
                         "--subject", "jl", "--text", "x", "--json")
    mts_id = json.loads(out)["mts_identifier"]
    spool = tmp_path / "spool"
    spool.mkdir()
    code, out, err = cli(capsys, "wait", *p3(srv, tmp_path, CAROL, CAROL_PW),
                         "--spool", str(spool), "--quiet", "1", "--json")
    assert code == 0, err
    items = [json.loads(line) for line in out.splitlines()]
    assert len(items) == 1
    assert items[0]["kind"] == "message" and items[0]["subject"] == "jl"
    assert items[0]["originator"] == ALICE
    assert items[0]["mts_identifier"] == mts_id
    assert os.path.exists(items[0]["path"])


def test_exit_code_wrong_password(srv, tmp_path, capsys):
    code, out, err = cli(capsys, "list", *p7(srv, tmp_path, BOB, "not-the-password"))
    assert code == EXIT_AUTH
    assert out == "" and "AuthenticationFailed" in err
    code, out, err = cli(capsys, "send", *p3(srv, tmp_path, ALICE, "nope"), "--to", BOB,
                         "--text", "x")
    assert code == EXIT_AUTH


def test_exit_code_unreachable_port(tmp_path, capsys):
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()                    # nothing listens there now
    code, out, err = cli(capsys, "list", "--p7", "127.0.0.1:%d" % port, "--user", BOB,
                         "--password-file", pwfile(tmp_path, BOB_PW),
                         "--insecure-plaintext-password", "--timeout", "5")
    assert code == EXIT_CONNECTION
    assert "ConnectFailed" in err and out == ""


def test_exit_code_operation_errors(srv, tmp_path, capsys):
    code, out, err = cli(capsys, "fetch", *p7(srv, tmp_path), "99")
    assert code == EXIT_OPERATION and "SequenceNumberError" in err
    code, out, err = cli(capsys, "delete", *p7(srv, tmp_path), "42", "--json")
    assert code == EXIT_OPERATION and out == ""
    # Alice submitting as Bob: originator-invalid from the MTA
    code, out, err = cli(capsys, "send", *p3(srv, tmp_path), "--from", BOB, "--to", ALICE,
                         "--text", "x")
    assert code == EXIT_OPERATION and "OriginatorInvalid" in err


def test_exit_codes_usage_and_data(srv, tmp_path, capsys, monkeypatch):
    base = ["--p7", srv.p7_address, "--user", BOB, "--timeout", "5"]
    # no password anywhere
    code, out, err = cli(capsys, "list", *base, "--insecure-plaintext-password")
    assert code == EXIT_USAGE and "no password" in err
    # a password over plain TCP without the explicit override
    code, out, err = cli(capsys, "list", *base, "--password-file", pwfile(tmp_path, BOB_PW))
    assert code == EXIT_USAGE and "PlaintextPasswordRefused" in err
    # unreadable attachment, malformed recipient
    code, out, err = cli(capsys, "send", *p3(srv, tmp_path), "--to", BOB, "--text", "x",
                         "--attach", str(tmp_path / "missing.bin"))
    assert code == EXIT_DATA
    code, out, err = cli(capsys, "send", *p3(srv, tmp_path), "--to", "not an address",
                         "--text", "x")
    assert code == EXIT_DATA
    # argparse's own usage errors exit 2 as well
    with pytest.raises(SystemExit) as info:
        main(["fetch", "--p7", "x", "notanumber"])
    assert info.value.code == EXIT_USAGE


def test_password_from_environment_and_config(srv, tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("X400FAST_PASSWORD", BOB_PW)
    code, out, err = cli(capsys, "list", "--p7", srv.p7_address, "--user", BOB,
                         "--insecure-plaintext-password", "--json")
    assert code == 0, err
    monkeypatch.delenv("X400FAST_PASSWORD")
    cfg = tmp_path / "client.json"
    cfg.write_text(json.dumps({"p7": srv.p7_address, "user": BOB, "password": BOB_PW,
                               "insecure_plaintext_password": True, "timeout": 10}))
    os.chmod(cfg, 0o600)
    code, out, err = cli(capsys, "list", "--config", str(cfg), "--json")
    assert code == 0, err
    assert json.loads(out)["count"] == 0 and "warning" not in err
    os.chmod(cfg, 0o644)
    code, out, err = cli(capsys, "list", "--config", str(cfg))
    assert code == 0 and "readable by others" in err and BOB_PW not in err
    # the default location, in TOML where the interpreter reads it
    if sys.version_info >= (3, 11):
        d = tmp_path / "xdg" / "x400fast"
        d.mkdir(parents=True)
        (d / "client.toml").write_text(
            'p7 = "%s"\nuser = "%s"\npassword_file = "%s"\n'
            'insecure_plaintext_password = true\n'
            % (srv.p7_address, BOB, pwfile(tmp_path, BOB_PW)))
        code, out, err = cli(capsys, "list", "--json")
        assert code == 0, err
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"p7": "x", "tsl": True}))
    code, out, err = cli(capsys, "list", "--config", str(bad))
    assert code == EXIT_USAGE and "tsl" in err
    bad.write_text('{"password": "%s", ' % BOB_PW)
    code, out, err = cli(capsys, "list", "--config", str(bad))
    assert code == EXIT_USAGE and BOB_PW not in err


def test_in_doubt_mapping():
    # A failure while a submission/deletion was in flight: exit 7 unless
    # the association says the invocation never left.
    assert exit_code(ConnectionLost("reset", in_doubt=[1]), "submission") == EXIT_IN_DOUBT
    assert exit_code(AssociationTimeout("operation", 10.0, [3]), "deletion") == EXIT_IN_DOUBT
    assert exit_code(ConnectionLost("reset", not_sent=[1]), "submission") == EXIT_CONNECTION
    assert exit_code(ConnectionLost("reset", in_doubt=[1]), None) == EXIT_CONNECTION


def _leaks(password, text):
    raw = password.encode()
    forms = [raw, raw.hex().encode(), raw.hex().upper().encode(), base64.b64encode(raw),
             base64.b64encode(raw).rstrip(b"=")]
    return [f for f in forms if f in text]


def test_password_never_printed(srv, tmp_path):
    """Run the real command in a subprocess, with --verbose logging, for a
    success, a wrong password and an operation error: the password appears
    nowhere in stdout or stderr, raw, hex or base64."""
    env = dict(os.environ, PYTHONPATH=SRC + os.pathsep + os.environ.get("PYTHONPATH", ""),
               XDG_CONFIG_HOME=str(tmp_path / "xdg"))
    runs = [
        (ALICE_PW, ["send", *p3(srv, tmp_path), "--to", BOB, "--text", "hello", "-v"], 0),
        ("Wr0ng-Secret-e81f", ["list", *p7(srv, tmp_path, BOB, "Wr0ng-Secret-e81f"), "-v"],
         EXIT_AUTH),
        (BOB_PW, ["fetch", *p7(srv, tmp_path), "77", "-v", "--json"], EXIT_OPERATION),
    ]
    for password, argv, expected in runs:
        proc = subprocess.run([sys.executable, "-m", "x400fast", *argv], env=env,
                              stdin=subprocess.DEVNULL, capture_output=True, timeout=60)
        assert proc.returncode == expected, proc.stderr
        assert proc.stderr            # --verbose did log something
        assert _leaks(password, proc.stdout + proc.stderr) == []
    # and from the environment
    env["X400FAST_PASSWORD"] = BOB_PW
    proc = subprocess.run([sys.executable, "-m", "x400fast", "list", "--p7", srv.p7_address,
                           "--user", BOB, "--insecure-plaintext-password", "-v", "--json"],
                          env=env, stdin=subprocess.DEVNULL, capture_output=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert _leaks(BOB_PW, proc.stdout + proc.stderr) == []


def test_tls_with_ca_file(tmp_path, capsys, certs):
    cert, key = certs.server
    with Server.temporary(users=[ALICE + ":" + ALICE_PW + ":ms", BOB + ":" + BOB_PW + ":ms"],
                          tls_cert=cert, tls_key=key, require_tls_for_password=True) as s:
        base = ["--user", ALICE, "--password-file", pwfile(tmp_path, ALICE_PW),
                "--timeout", "10"]
        code, out, err = cli(capsys, "send", "--p3", s.p3_address, *base, "--ca-file",
                             certs.ca, "--to", BOB, "--text", "over TLS", "--json")
        assert code == 0, err
        assert json.loads(out)["mts_identifier"]
        code, out, err = cli(capsys, "list", "--p7", s.p7_address, "--user", BOB,
                             "--password-file", pwfile(tmp_path, BOB_PW), "--ca-file",
                             certs.ca, "--json")
        assert code == 0, err
        # the system trust store does not know the test CA: a TLS failure
        code, out, err = cli(capsys, "send", "--p3", s.p3_address, *base, "--tls",
                             "--to", BOB, "--text", "x")
        assert code == EXIT_CONNECTION and "TLS" in err
