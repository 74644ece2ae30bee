"""Credentials stay out of logs, reprs and exception texts (reliability.md
5.2, catalogue item 59): with DEBUG logging on every logger, binds that
succeed, fail, time out and are refused leave no trace of the password --
raw, hex or base64."""
from __future__ import annotations

import asyncio
import base64
import logging
from typing import Any, List

import pytest

from x400fast.association import (Address, Association, AsyncAssociation,
                                  AsyncAssociationServer, BindError)
from x400fast.errors import X400Error
from x400fast.osi.rose import BindIndication, BindRequest, BindResult

from iosupport import (ARG, BIND_ARGUMENT, BIND_RESULT, BINDS, MTS_ACCESS_88, PASSWORD,
                       SYNTAXES, handler, read_until_closed)
from iosupport import scripted, server  # noqa: F401  (fixtures)


def forms(secret: bytes) -> List[str]:
    """The password as it could appear in text: raw, hex, base64 at every
    alignment (the stable middle of each encoding)."""
    out = [secret.decode("latin-1"), secret.hex(), secret.hex().upper(), repr(secret)]
    for shift in range(3):
        enc = base64.b64encode(b"\0" * shift + secret).decode()
        skip = (shift * 8 + 5) // 6
        out.append(enc[skip:len(enc) - 4])
    return out


class Capture(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.texts: List[str] = []
        self.setFormatter(logging.Formatter("%(name)s %(levelname)s %(message)s"))

    def emit(self, record: logging.LogRecord) -> None:
        self.texts.append(self.format(record))      # includes tracebacks


@pytest.fixture
def capture() -> Any:
    handler_ = Capture()
    root = logging.getLogger()
    old = root.level
    root.addHandler(handler_)
    root.setLevel(logging.DEBUG)
    try:
        yield handler_
    finally:
        root.removeHandler(handler_)
        root.setLevel(old)


def test_the_forms_find_the_password() -> None:
    """The check below would see the password in any of its encodings."""
    for prefix in (b"", b"x", b"xy"):
        data = prefix + BIND_ARGUMENT
        for text in (base64.b64encode(data).decode(), data.hex(), data.hex().upper(),
                     repr(data)):
            assert any(form in text for form in forms(PASSWORD)), text


def check(texts: List[str]) -> None:
    blob = "\n".join(texts)
    for form in forms(PASSWORD):
        assert form not in blob, form


def test_password_never_logged_or_shown(capture: Any, server: Any, scripted: Any) -> None:
    texts: List[str] = []

    # Bound, used, released.
    assoc = Association(SYNTAXES, BINDS, timeout=5.0)
    result = assoc.open(Address(*server.address), MTS_ACCESS_88, BIND_ARGUMENT,
                        bind_has_password=True, allow_plaintext_password=True)
    assert PASSWORD in result and PASSWORD in BIND_ARGUMENT     # the real thing
    texts += [repr(assoc), str(assoc.bind_indication)]
    assert assoc.invoke(3, ARG) == ARG
    assoc.release()
    texts.append(repr(assoc))

    # Refused by the peer's user (wrong password, say).
    def refuse(a: Any, ind: Any) -> Any:
        texts.append(repr(ind))
        return BindError(2)

    from x400fast.association import AssociationServer
    with AssociationServer(syntaxes=SYNTAXES, binds=BINDS, on_bind=refuse,
                           handler=handler) as srv:
        with pytest.raises(X400Error) as exc:
            Association(SYNTAXES, BINDS, timeout=5.0).open(
                Address(*srv.address), MTS_ACCESS_88, BIND_ARGUMENT,
                bind_has_password=True, allow_plaintext_password=True)
        texts += [str(exc.value), repr(exc.value)]

    # A bind handler that fails while holding the argument.
    def broken(a: Any, ind: Any) -> Any:
        raise RuntimeError("directory unavailable")

    with AssociationServer(syntaxes=SYNTAXES, binds=BINDS, on_bind=broken,
                           handler=handler) as srv:
        with pytest.raises(X400Error) as exc:
            Association(SYNTAXES, BINDS, timeout=5.0).open(
                Address(*srv.address), MTS_ACCESS_88, BIND_ARGUMENT,
                bind_has_password=True, allow_plaintext_password=True)
        texts += [str(exc.value), repr(exc.value)]

    # Timed out, then lost.
    peer = scripted(lambda sock: read_until_closed(sock, 2.0))
    with pytest.raises(X400Error) as exc:
        Association(SYNTAXES, BINDS).open(
            Address("127.0.0.1", peer.port), MTS_ACCESS_88, BIND_ARGUMENT, timeout=0.2,
            bind_has_password=True, allow_plaintext_password=True)
    texts += [str(exc.value), repr(exc.value)]
    peer = scripted(lambda sock: sock.recv(100))
    with pytest.raises(X400Error) as exc:
        Association(SYNTAXES, BINDS).open(
            Address("127.0.0.1", peer.port), MTS_ACCESS_88, BIND_ARGUMENT, timeout=2.0,
            bind_has_password=True, allow_plaintext_password=True)
    texts += [str(exc.value), repr(exc.value)]

    # A bind argument that does not encode: its details are withheld.
    with pytest.raises(X400Error) as exc:
        Association(SYNTAXES, BINDS).open(
            Address("127.0.0.1", peer.port), MTS_ACCESS_88, PASSWORD,
            bind_has_password=True, allow_plaintext_password=True)
    assert "withheld" in str(exc.value) and exc.value.__cause__ is None
    texts += [str(exc.value), repr(exc.value)]

    # The events themselves keep credentials out of their reprs.
    texts += [repr(BindRequest(BIND_ARGUMENT, MTS_ACCESS_88)),
              repr(BindResult(BIND_RESULT)),
              repr(BindIndication(BIND_ARGUMENT, MTS_ACCESS_88, "2.6.0.2.11", ()))]

    check(texts)
    check(capture.texts)
    assert any("bound" in t for t in capture.texts)     # logging did happen


def test_password_never_logged_asyncio(capture: Any) -> None:
    async def main() -> List[str]:
        texts: List[str] = []
        async with AsyncAssociationServer(syntaxes=SYNTAXES, binds=BINDS,
                                          on_bind=lambda a, i: BIND_RESULT,
                                          handler=handler) as srv:
            assoc = AsyncAssociation(SYNTAXES, BINDS, timeout=5.0)
            await assoc.open(Address(*srv.address), MTS_ACCESS_88, BIND_ARGUMENT,
                             bind_has_password=True, allow_plaintext_password=True)
            texts.append(repr(assoc))
            await assoc.invoke(3, ARG)
            await assoc.abort("done")
            texts.append(str(assoc.failure))
        return texts

    check(asyncio.run(asyncio.wait_for(main(), 10)))
    check(capture.texts)
