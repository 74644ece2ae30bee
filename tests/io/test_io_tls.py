"""TLS around TCP (below TPKT): verification on by default, precise
errors, no plaintext fallback, client certificates, and the plaintext
password rule (reliability.md 5.1, 5.2; catalogue items 57 and 58)."""
from __future__ import annotations

import asyncio
import socket
import ssl
from typing import Any, List, Tuple

import pytest

from x400fast.association import (Address, Association, AssociationServer,
                                  AsyncAssociation, AsyncAssociationServer,
                                  client_context, server_context)
from x400fast.errors import (ConnectFailed, PlaintextPasswordRefused, TLSCertificateError,
                             TLSError)
from x400fast.io import tls as T

from iosupport import (ARG, BIND_ARGUMENT, BIND_RESULT, BINDS, MTS_ACCESS_88, SYNTAXES,
                       handler, on_bind, read_until_closed)
from iosupport import certs, scripted  # noqa: F401  (fixtures)


def tls_server(chain: Tuple[str, str], **kw: Any) -> AssociationServer:
    return AssociationServer(syntaxes=SYNTAXES, binds=BINDS, on_bind=on_bind,
                             handler=handler, bind_timeout=3.0,
                             tls=server_context(*chain, **kw)).start()


def bind(port: int, ctx: Any, host: str = "127.0.0.1", **kw: Any) -> Association:
    assoc = Association(SYNTAXES, BINDS, timeout=5.0)
    assoc.open(Address(host, port), MTS_ACCESS_88, BIND_ARGUMENT, tls=ctx,
               bind_has_password=True, **kw)
    return assoc


def test_tls_association_verified(certs: Any) -> None:
    srv = tls_server(certs.server)
    try:
        port = srv.address[1]
        ctx = client_context(cafile=certs.ca)
        assert ctx.verify_mode == ssl.CERT_REQUIRED and ctx.check_hostname
        assert ctx.minimum_version == ssl.TLSVersion.TLSv1_2
        for host, name in (("127.0.0.1", None), ("localhost", None),
                           ("127.0.0.1", "localhost")):
            assoc = bind(port, ctx, host, server_hostname=name)
            assert assoc.bind_result == BIND_RESULT and "TLS" in repr(assoc)
            assert assoc.invoke(3, ARG) == ARG
            assert assoc.invoke_many([(3, ARG)] * 20)[19].result == ARG
            assoc.release()
    finally:
        srv.stop()


@pytest.mark.parametrize("chain,host,code,text", [
    ("wronghost", "localhost", 62, "Hostname mismatch"),
    ("wronghost", "127.0.0.1", 64, "IP address mismatch"),
    ("expired", "127.0.0.1", 10, "certificate has expired"),
    ("selfsigned", "127.0.0.1", 18, "self-signed certificate"),
])
def test_bad_certificates_are_refused(certs: Any, chain: str, host: str, code: int,
                                      text: str) -> None:
    srv = tls_server(getattr(certs, chain))
    try:
        ctx = client_context(cafile=certs.ca)
        with pytest.raises(TLSCertificateError) as exc:
            bind(srv.address[1], ctx, host)
        err = exc.value
        assert err.verify_code == code and text in (err.verify_message or "")
        assert text in str(err) and err.server_hostname == host
        assert isinstance(err, TLSError) and isinstance(err, ConnectFailed)
        assert isinstance(err, ConnectionError)
    finally:
        srv.stop()


def test_untrusted_by_default_trust_store(certs: Any) -> None:
    """Without cafile the system store is used: the test CA is unknown."""
    srv = tls_server(certs.server)
    try:
        with pytest.raises(TLSCertificateError) as exc:
            bind(srv.address[1], True)
        assert exc.value.verify_code == 20          # unable to get local issuer
    finally:
        srv.stop()


def test_no_plaintext_fallback(certs: Any, scripted: Any) -> None:
    """A plain RFC 1006 peer: the client's first octets are a TLS
    ClientHello, never a TPKT, and it gives up with a TLS error."""
    got: List[bytes] = []

    def script(sock: socket.socket) -> None:
        got.append(sock.recv(5))
        sock.sendall(b"\x03\x00\x00\x0b\x06\xd0\x00\x01\x00\x01\x00")   # a CC
        read_until_closed(sock, 1.0)

    peer = scripted(script, count=1)
    with pytest.raises(TLSError):
        bind(peer.port, client_context(cafile=certs.ca))
    assert got[0][:1] == b"\x16"                    # TLS handshake record
    assert peer.connections == 1


def test_insecure_opt_out_is_loud(certs: Any, caplog: Any) -> None:
    srv = tls_server(certs.selfsigned)
    try:
        with pytest.warns(UserWarning, match="verification disabled"):
            ctx = client_context(dangerously_disable_verification=True)
        with caplog.at_level("WARNING", logger="x400fast.association"):
            assoc = bind(srv.address[1], ctx)
        assert "not authenticated" in caplog.text
        assoc.release()
    finally:
        srv.stop()


def test_client_certificates(certs: Any) -> None:
    srv = tls_server(certs.server, client_cafile=certs.ca,
                     require_client_certificate=True)
    try:
        port = srv.address[1]
        # Without a client certificate the server refuses (during the
        # handshake, or with TLS 1.3 at the first read): a TLS error.
        with pytest.raises(TLSError):
            bind(port, client_context(cafile=certs.ca))
        # With it (key under a passphrase, given as text, bytes or callable).
        for password in (certs.client_password, certs.client_password.encode(),
                         lambda: certs.client_password):
            ctx = client_context(cafile=certs.ca, certfile=certs.client[0],
                                 keyfile=certs.client[1], password=password)
            assoc = bind(port, ctx)
            assert assoc.invoke(3, ARG) == ARG
            assoc.release()
        with pytest.raises(TLSError) as exc:
            client_context(cafile=certs.ca, certfile=certs.client[0],
                           keyfile=certs.client[1], password="wrong")
        assert "wrong" not in str(exc.value)
    finally:
        srv.stop()


def test_weak_or_misused_contexts_are_refused(certs: Any) -> None:
    weak = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    weak.minimum_version = ssl.TLSVersion.MINIMUM_SUPPORTED
    with pytest.raises(ValueError, match="TLS 1.2"):
        Association(SYNTAXES, BINDS).open(Address("127.0.0.1", 1), MTS_ACCESS_88,
                                          BIND_ARGUMENT, tls=weak)
    with pytest.raises(ValueError):
        T.check_context(server_context(*certs.server), server_side=False)
    with pytest.raises(ValueError):
        AssociationServer(on_bind=on_bind, handler=handler,
                          tls=client_context(cafile=certs.ca))
    with pytest.raises(ValueError):
        server_context(*certs.server, require_client_certificate=True)


def test_plaintext_password_needs_an_opt_in(scripted: Any) -> None:
    peer = scripted(lambda sock: None, count=1)
    assoc = Association(SYNTAXES, BINDS, timeout=2.0)
    with pytest.raises(PlaintextPasswordRefused) as exc:
        assoc.open(Address("127.0.0.1", peer.port), MTS_ACCESS_88, BIND_ARGUMENT,
                   bind_has_password=True)
    assert "p3secret" not in str(exc.value)
    assert assoc.state is None and peer.connections == 0       # nothing was sent

    async def main() -> None:
        a = AsyncAssociation(SYNTAXES, BINDS, timeout=2.0)
        with pytest.raises(PlaintextPasswordRefused):
            await a.open(Address("127.0.0.1", peer.port), MTS_ACCESS_88, BIND_ARGUMENT,
                         bind_has_password=True)
    asyncio.run(main())
    assert peer.connections == 0


def test_plaintext_password_with_opt_in(scripted: Any) -> None:
    from iosupport import machine_responder

    peer = scripted(lambda sock: (machine_responder(sock), read_until_closed(sock, 1.0)))
    assoc = Association(SYNTAXES, BINDS, timeout=5.0)
    assert assoc.open(Address("127.0.0.1", peer.port), MTS_ACCESS_88, BIND_ARGUMENT,
                      bind_has_password=True, allow_plaintext_password=True) == BIND_RESULT
    assoc.abort()


def test_asyncio_tls(certs: Any) -> None:
    async def main() -> None:
        async with AsyncAssociationServer(
                syntaxes=SYNTAXES, binds=BINDS, on_bind=on_bind, handler=handler,
                tls=server_context(*certs.server)) as srv:
            port = srv.address[1]
            ctx = client_context(cafile=certs.ca)
            assoc = AsyncAssociation(SYNTAXES, BINDS, timeout=5.0)
            assert await assoc.open(Address("127.0.0.1", port), MTS_ACCESS_88,
                                    BIND_ARGUMENT, tls=ctx,
                                    bind_has_password=True) == BIND_RESULT
            assert "TLS" in repr(assoc)
            outs = await assoc.invoke_many([(3, ARG)] * 20)
            assert outs[-1].result == ARG
            await assoc.release()
            # Wrong name: refused, precisely.
            bad = AsyncAssociation(SYNTAXES, BINDS, timeout=5.0)
            with pytest.raises(TLSCertificateError) as exc:
                await bad.open(Address("127.0.0.1", port), MTS_ACCESS_88, BIND_ARGUMENT,
                               tls=ctx, server_hostname="other.example")
            assert exc.value.verify_code == 62
        async with AsyncAssociationServer(
                syntaxes=SYNTAXES, binds=BINDS, on_bind=on_bind, handler=handler,
                tls=server_context(*certs.expired)) as srv:
            with pytest.raises(TLSCertificateError) as exc:
                await AsyncAssociation(SYNTAXES, BINDS, timeout=5.0).open(
                    Address(*srv.address), MTS_ACCESS_88, BIND_ARGUMENT,
                    tls=client_context(cafile=certs.ca))
            assert exc.value.verify_code == 10
    asyncio.run(asyncio.wait_for(main(), 20))
