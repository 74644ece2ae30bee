"""The server as a process: ``x400fast serve``, SIGKILL under load and
restart (every acknowledged submission present exactly once), the config
file and the pytest plugin's fixture."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time

import pytest

sys.path.insert(0, os.path.dirname(__file__))

from serversupport import ALICE, BOB, USERS, ms_list, p3_bind, p7_bind, submission  # noqa: E402
from x400fast.asn1 import x411  # noqa: E402
from x400fast.server import Server, load_config  # noqa: E402
from x400fast.server.store import Store  # noqa: E402
from x400fast.server.pytest_plugin import x400_server, x400_server_users  # noqa: E402,F401

SRC = os.path.join(os.path.dirname(__file__), "..", "..", "src")


def _start(store: str) -> subprocess.Popen:
    env = dict(os.environ, PYTHONPATH=os.path.abspath(SRC))
    args = [sys.executable, "-m", "x400fast", "serve", "--p3-port", "0", "--p7-port", "0",
            "--store", store]
    for u in USERS:
        args += ["--user", u]
    proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env,
                            text=True)
    return proc


def _addresses(proc: subprocess.Popen) -> tuple:
    p3 = proc.stdout.readline().split()[1]
    p7 = proc.stdout.readline().split()[1]
    return p3, p7


class _Addr:
    def __init__(self, p3: str, p7: str) -> None:
        self.p3_address, self.p7_address = p3, p7


def test_sigkill_under_load_loses_no_acknowledged_submission(tmp_path):
    store = str(tmp_path / "store.sqlite")
    proc = _start(store)
    try:
        srv = _Addr(*_addresses(proc))
        acked = []
        stop = threading.Event()

        def load() -> None:
            try:
                with p3_bind(srv, ALICE, timeout=5) as a:
                    while not stop.is_set():
                        outs = a.invoke_many([(3, submission(ALICE, [BOB]), x411.id_as_msse)
                                              for _ in range(5)])
                        acked.extend(o.result["message_submission_identifier"]
                                     ["local_identifier"] for o in outs if o.ok)
            except Exception:
                pass            # the server died under us: expected

        t = threading.Thread(target=load, daemon=True)
        t.start()
        deadline = time.monotonic() + 10
        while len(acked) < 20 and time.monotonic() < deadline:
            time.sleep(0.05)
        proc.send_signal(signal.SIGKILL)
        proc.wait(5)
        stop.set()
        t.join(5)
        assert len(acked) >= 20
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(5)
    proc = _start(store)
    try:
        srv = _Addr(*_addresses(proc))
        with p7_bind(srv, BOB) as b:
            ids = []
            nxt = None
            while True:
                sel = {} if nxt is None else {"range": ("sequence_number_range", {"from": nxt})}
                got = ms_list(b, **sel)
                for e in got.get("requested", ()):
                    ids.append(e["sequence_number"])
                nxt = got.get("next")
                if nxt is None:
                    break
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(5)
    # every acknowledged submission is in the store exactly once
    with Store(store) as st:
        bob = [u.address for u in st.list_users() if "Bob" in u.address][0]
        entries = st.list_entries(bob, limit=1000).entries
        mts_ids = [e.mts_id for e in entries]
    assert len(mts_ids) == len(set(mts_ids)) == len(ids)
    missing = set(acked) - set(mts_ids)
    assert not missing


def test_config_file_json_and_cli_user_parsing(tmp_path):
    cfg = tmp_path / "server.json"
    cfg.write_text(json.dumps({"p3_port": 0, "p7_port": 0, "users": [
        {"address": ALICE, "password": "alice-pw"}], "limits": {"max_recipients": 5}}))
    config = load_config(str(cfg))
    assert config.limits.max_recipients == 5
    assert config.users[0].mode == "ms"
    with Server(config) as srv:
        with p3_bind(srv, ALICE) as a:
            assert a.bound


def test_plugin_fixture(x400_server):  # noqa: F811
    assert x400_server.p3_port > 0 and x400_server.p7_port > 0
    assert len(x400_server.users) == 3
