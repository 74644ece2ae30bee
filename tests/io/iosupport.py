"""Shared fixtures and helpers for associations over real sockets (127.0.0.1 only).

(Not a ``conftest.py`` in a package: a test package named ``io`` would
shadow the standard library's ``io`` under pytest's default import mode,
so the test modules here import this module, and its fixtures, by name.)


* operation tables small enough to read, with open-type arguments so that
  the bytes on the wire are visible in the tests;
* throw-away certificates made once per session with ``cryptography``
  (or the ``openssl`` command when it is missing): a CA, a server
  certificate for localhost/127.0.0.1, a client certificate with an
  encrypted key, an expired one, one for another host and a self-signed
  one;
* scripted peers: a listening socket in a thread whose side of the
  conversation is written with the sans-I/O machines (or raw bytes), to
  misbehave on purpose.
"""
from __future__ import annotations

import datetime
import ipaddress
import os
import shutil
import socket
import subprocess
import threading
import time
from typing import Any, Callable, List, Optional, Tuple

import pytest

try:  # the package may be installed, or the root conftest adds src/
    import x400fast  # noqa: F401
except ImportError:  # pragma: no cover - depends on how the tests are run
    import sys
    sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "src"))

from x400fast.asn1 import Any as AnyType, Integer
from x400fast.association import (AbstractSyntax, BindError, BindSyntax, ErrorType,
                                  Operation, Reject)
from x400fast.errors import Rejected, RemoteOperationError
from x400fast.osi.presentation import NEED_DATA, Role
from x400fast.osi.rose import BindIndication, BindResult, ROSEConnection

MTS_ACCESS_88 = "2.6.0.1.0"
MSSE, MDSE, MASE, MTS_BIND = "2.6.0.2.1", "2.6.0.2.2", "2.6.0.2.6", "2.6.0.2.11"
H = bytes.fromhex

# Operations: 3 echoes its argument, 4 fails with error 12 (parameter
# INTEGER), 5 is rejected by the handler, 6 is answered with a Reject
# event, 8 answers after a pause, 9 never gets an answer from the
# handler's point of view (the scripted peers use it).  On MDSE, 5 is
# message-delivery: the responder invokes it on the initiator.
SYNTAXES = [
    AbstractSyntax(MSSE, "msse", (
        Operation(3, "echo", AnyType(), AnyType(), frozenset({12})),
        Operation(4, "fail", AnyType(), AnyType(), frozenset({12})),
        Operation(5, "refuse", AnyType(), AnyType(), None),
        Operation(6, "refuse-event", AnyType(), AnyType(), None),
        Operation(8, "slow", AnyType(), AnyType(), None),
        Operation(9, "stall", AnyType(), AnyType(), None),
        Operation(10, "count", Integer(), Integer(), None),
    ), (ErrorType(12, "security-error", Integer()),)),
    AbstractSyntax(MDSE, "mdse", (
        Operation(5, "message-delivery", AnyType(), AnyType(), None),
    ), ()),
    AbstractSyntax(MASE, "mase", (), ()),
]
BINDS = [BindSyntax(MTS_BIND, "mts", AnyType(), AnyType(), Integer())]

# MTSBindArgument of osi-stack.md 9.3: initiator ORName + simple
# password "p3secret" (IA5String) -- a real credential shape.
PASSWORD = b"p3secret"
BIND_ARGUMENT = H(
    "314c603e302a61041302474262081306546573744144a20a1308546573745052"
    "4d4483034f7267a607130553616c65733110300e800101a10913075033557365"
    "7231a20a16087033736563726574")
BAD_BIND_ARGUMENT = H("3100")          # an empty MTSBindArgument: refused
BIND_RESULT = H("311280044d544131a20a16087033736563726574")
ARG = H("0403616263")                   # OCTET STRING "abc"


def on_bind(assoc: Any, ind: BindIndication) -> Any:
    """Accept every bind but the empty one, refused with authentication-error."""
    if ind.argument == BAD_BIND_ARGUMENT:
        return BindError(2)
    return BIND_RESULT


def handler(assoc: Any, inv: Any) -> Any:
    if inv.opcode == 4:
        raise RemoteOperationError(inv.invoke_id, 12, 7)
    if inv.opcode == 5:
        raise Rejected(inv.invoke_id, "invoke", 3)          # resourceLimitation
    if inv.opcode == 6:
        return Reject(inv.invoke_id, "invoke", 2)           # mistypedArgument
    if inv.opcode == 8:
        time.sleep(0.3)
    if inv.opcode == 10:
        return inv.argument + 1
    return inv.argument


@pytest.fixture
def server() -> Any:
    """A blocking server on an ephemeral port (stops by itself)."""
    from x400fast.association import AssociationServer
    srv = AssociationServer(syntaxes=SYNTAXES, binds=BINDS, on_bind=on_bind,
                            handler=handler, bind_timeout=2.0, idle_timeout=10.0)
    srv.start()
    try:
        yield srv
    finally:
        srv.stop(timeout=3.0)


# -- scripted peers -----------------------------------------------------------------------


class ScriptedPeer:
    """Accepts connections on 127.0.0.1 and runs ``script(sock)`` for each,
    in a daemon thread; records exceptions the script raised."""

    def __init__(self, script: Callable[[socket.socket], None], count: int = 1) -> None:
        self.script = script
        self.listener = socket.socket()
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(8)
        self.listener.settimeout(5.0)
        self.port = self.listener.getsockname()[1]
        self.errors: List[BaseException] = []
        self.received: List[bytes] = []
        self.connections = 0
        self._count = count
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        for _ in range(self._count):
            try:
                sock, _ = self.listener.accept()
            except OSError:
                return
            self.connections += 1
            try:
                sock.settimeout(5.0)
                self.script(sock)
            except BaseException as exc:   # recorded for the test to see
                self.errors.append(exc)
            finally:
                sock.close()

    def close(self) -> None:
        try:
            self.listener.shutdown(socket.SHUT_RDWR)    # wakes a blocked accept()
        except OSError:
            pass
        self.listener.close()
        self._thread.join(5.0)


@pytest.fixture
def scripted() -> Any:
    peers: List[ScriptedPeer] = []

    def make(script: Callable[[socket.socket], None], count: int = 1) -> ScriptedPeer:
        peer = ScriptedPeer(script, count)
        peers.append(peer)
        return peer

    yield make
    for peer in peers:
        peer.close()


def machine_responder(sock: socket.socket, accept: bool = True,
                      until: Optional[Callable[[Any], bool]] = None,
                      deadline: float = 5.0) -> Tuple[ROSEConnection, List[Any]]:
    """Play the responder with the sans-I/O machine up to the bind result;
    then, with ``until``, keep reading events until ``until(event)``."""
    m = ROSEConnection(Role.RESPONDER, syntaxes=SYNTAXES, binds=BINDS)
    events: List[Any] = []
    end = time.monotonic() + deadline

    def pump(stop: Callable[[Any], bool]) -> Any:
        while time.monotonic() < end:
            out = m.data_to_send()
            if out:
                sock.sendall(out)
            data = sock.recv(65536)
            m.receive_data(data)
            while True:
                ev = m.next_event()
                if ev is NEED_DATA:
                    break
                events.append(ev)
                if stop(ev):
                    return ev
            if not data:
                return None
        raise AssertionError("scripted peer ran out of time")

    ind = pump(lambda ev: isinstance(ev, BindIndication))
    assert ind is not None
    if accept:
        m.send(BindResult(BIND_RESULT))
        sock.sendall(m.data_to_send())
    if until is not None:
        pump(until)
    return m, events


def read_until_closed(sock: socket.socket, limit: float = 3.0) -> bytes:
    """Everything the other side sends until it closes (bounded)."""
    sock.settimeout(limit)
    chunks = []
    end = time.monotonic() + limit
    while time.monotonic() < end:
        try:
            data = sock.recv(65536)
        except OSError:
            break
        if not data:
            break
        chunks.append(data)
    return b"".join(chunks)


# -- certificates ------------------------------------------------------------------------------


CLIENT_KEY_PASSWORD = "client-key-passphrase"


def _make_certs_cryptography(base: str) -> None:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

    now = datetime.datetime.now(datetime.timezone.utc)

    def name(cn: str) -> x509.Name:
        return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, cn)])

    def key() -> Any:
        return ec.generate_private_key(ec.SECP256R1())

    def write_key(k: Any, filename: str, password: Optional[str] = None) -> None:
        enc: Any = (serialization.BestAvailableEncryption(password.encode())
                    if password else serialization.NoEncryption())
        with open(os.path.join(base, filename), "wb") as f:
            f.write(k.private_bytes(serialization.Encoding.PEM,
                                    serialization.PrivateFormat.PKCS8, enc))

    def write_cert(c: Any, filename: str) -> None:
        with open(os.path.join(base, filename), "wb") as f:
            f.write(c.public_bytes(serialization.Encoding.PEM))

    ca_key = key()
    ca = (x509.CertificateBuilder().subject_name(name("x400fast test CA"))
          .issuer_name(name("x400fast test CA")).public_key(ca_key.public_key())
          .serial_number(x509.random_serial_number())
          .not_valid_before(now - datetime.timedelta(days=1))
          .not_valid_after(now + datetime.timedelta(days=30))
          .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
          .add_extension(x509.KeyUsage(False, False, False, False, False, True, True,
                                       False, False), critical=True)
          .sign(ca_key, hashes.SHA256()))
    write_cert(ca, "ca.pem")

    def leaf(cn: str, sans: List[Any], filename: str, *, issuer_key: Any = ca_key,
             issuer: Any = ca.subject, client: bool = False, expired: bool = False,
             password: Optional[str] = None) -> None:
        k = key()
        before = now - datetime.timedelta(days=10 if expired else 1)
        after = now - datetime.timedelta(days=2) if expired else now + datetime.timedelta(days=30)
        builder = (x509.CertificateBuilder().subject_name(name(cn)).issuer_name(issuer)
                   .public_key(k.public_key()).serial_number(x509.random_serial_number())
                   .not_valid_before(before).not_valid_after(after)
                   .add_extension(x509.BasicConstraints(ca=False, path_length=None),
                                  critical=True)
                   .add_extension(x509.ExtendedKeyUsage(
                       [ExtendedKeyUsageOID.CLIENT_AUTH if client
                        else ExtendedKeyUsageOID.SERVER_AUTH]), critical=False))
        if sans:
            builder = builder.add_extension(x509.SubjectAlternativeName(sans),
                                            critical=False)
        cert = builder.sign(issuer_key, hashes.SHA256())
        write_cert(cert, filename + ".pem")
        write_key(k, filename + ".key", password)

    local = [x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]
    leaf("localhost", local, "server")
    leaf("x400fast client", [], "client", client=True, password=CLIENT_KEY_PASSWORD)
    leaf("localhost", local, "expired", expired=True)
    leaf("other.example", [x509.DNSName("other.example")], "wronghost")
    # Self-signed: its own issuer, not under the test CA.
    self_key = key()
    selfsigned = (x509.CertificateBuilder().subject_name(name("localhost"))
                  .issuer_name(name("localhost")).public_key(self_key.public_key())
                  .serial_number(x509.random_serial_number())
                  .not_valid_before(now - datetime.timedelta(days=1))
                  .not_valid_after(now + datetime.timedelta(days=30))
                  .add_extension(x509.SubjectAlternativeName(local), critical=False)
                  .sign(self_key, hashes.SHA256()))
    write_cert(selfsigned, "selfsigned.pem")
    write_key(self_key, "selfsigned.key")


def _make_certs_openssl(base: str) -> None:   # pragma: no cover - fallback
    def run(*args: str) -> None:
        subprocess.run(["openssl"] + list(args), cwd=base, check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def ext(filename: str, text: str) -> str:
        with open(os.path.join(base, filename), "w") as f:
            f.write(text)
        return filename

    run("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256",
        "-nodes", "-keyout", "ca.key", "-out", "ca.pem", "-days", "30",
        "-subj", "/CN=x400fast test CA")
    san = ext("san.ext", "subjectAltName=DNS:localhost,IP:127.0.0.1\n")
    other = ext("other.ext", "subjectAltName=DNS:other.example\n")

    def leaf(name: str, cn: str, extfile: Optional[str], days: str = "30",
             password: Optional[str] = None, start: Optional[str] = None) -> None:
        keyargs = ["-nodes"] if password is None else ["-passout", "pass:" + password]
        run("req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", *keyargs,
            "-keyout", name + ".key", "-out", name + ".csr", "-subj", "/CN=" + cn)
        args = ["x509", "-req", "-in", name + ".csr", "-CA", "ca.pem", "-CAkey", "ca.key",
                "-CAcreateserial", "-out", name + ".pem", "-days", days]
        if extfile:
            args += ["-extfile", extfile]
        run(*args)

    leaf("server", "localhost", san)
    leaf("client", "x400fast client", None, password=CLIENT_KEY_PASSWORD)
    leaf("wronghost", "other.example", other)
    # Expired: OpenSSL 3 can back-date with -not_before/-not_after only in
    # newer releases; an already-expired validity of -1 day is the
    # portable way.
    leaf("expired", "localhost", san, days="-1")
    run("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256",
        "-nodes", "-keyout", "selfsigned.key", "-out", "selfsigned.pem", "-days", "30",
        "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1")


@pytest.fixture(scope="session")
def certs(tmp_path_factory: Any) -> Any:
    base = str(tmp_path_factory.mktemp("pki"))
    try:
        import cryptography  # noqa: F401
    except ImportError:     # pragma: no cover - depends on the environment
        if shutil.which("openssl") is None:
            pytest.skip("neither cryptography nor the openssl command is available")
        _make_certs_openssl(base)
    else:
        _make_certs_cryptography(base)

    class _Paths:
        ca = os.path.join(base, "ca.pem")
        server = (os.path.join(base, "server.pem"), os.path.join(base, "server.key"))
        client = (os.path.join(base, "client.pem"), os.path.join(base, "client.key"))
        expired = (os.path.join(base, "expired.pem"), os.path.join(base, "expired.key"))
        wronghost = (os.path.join(base, "wronghost.pem"),
                     os.path.join(base, "wronghost.key"))
        selfsigned = (os.path.join(base, "selfsigned.pem"),
                      os.path.join(base, "selfsigned.key"))
        client_password = CLIENT_KEY_PASSWORD

    return _Paths
