"""Where an association goes: a TCP endpoint plus the OSI selectors."""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Optional, Tuple

from ..osi.acse import PresentationAddress

__all__ = ["Address", "DEFAULT_PORT"]

#: The RFC 1006 port.
DEFAULT_PORT = 102

# Selector length limits: TSEL as the transport machine (ISODE's 64), SSEL
# as X.225 (16); X.226 sets none for PSELs, 64 keeps them sane.
_LIMITS = {"tsel": 64, "ssel": 16, "psel": 64}
_SELECTOR = re.compile(r"""^(?:"(?P<text>[^"]*)"|\#(?P<num>\d+)|'(?P<hex>[0-9A-Fa-f]*)'H)$""")


def _selector(value: Any, name: str) -> bytes:
    if isinstance(value, (bytearray, memoryview)):
        value = bytes(value)
    if not isinstance(value, bytes):
        raise TypeError("%s must be bytes, not %s" % (name, type(value).__name__))
    limit = _LIMITS[name.replace("calling_", "")]
    if len(value) > limit:
        raise ValueError("%s of %d octets exceeds %d" % (name, len(value), limit))
    return value


def _ap_title(value: Any) -> Any:
    """A dotted OID string stands for AP-title form 2."""
    if isinstance(value, str):
        return ("ap_title_form2", value)
    return value


def _ae_qualifier(value: Any) -> Any:
    """An int stands for AE-qualifier form 2."""
    if isinstance(value, int) and not isinstance(value, bool):
        return ("aso_qualifier_form2", value)
    return value


@dataclass(frozen=True)
class Address:
    """The peer of an association and the selectors on both ends.

    :ivar host: host name or IP address of the peer.
    :ivar port: TCP port (RFC 1006: 102; Isode's P7 examples use 3001).
    :ivar tsel: / :ivar ssel: / :ivar psel: the peer's transport, session
        and presentation selectors (octets; often only a TSEL such as
        ``b"593"``).
    :ivar ap_title: / :ivar ae_qualifier: the called AP title and AE
        qualifier, in the codec's value model; a dotted OID string is
        taken as AP-title form 2 and an int as AE-qualifier form 2.
    :ivar calling_ap_title: / :ivar calling_ae_qualifier: this side's.
    :ivar calling_tsel: / :ivar calling_ssel: / :ivar calling_psel: this
        side's selectors.
    """

    host: str
    port: int = DEFAULT_PORT
    tsel: bytes = b""
    ssel: bytes = b""
    psel: bytes = b""
    ap_title: Any = None
    ae_qualifier: Any = None
    calling_ap_title: Any = None
    calling_ae_qualifier: Any = None
    calling_tsel: bytes = b""
    calling_ssel: bytes = b""
    calling_psel: bytes = b""

    def __post_init__(self) -> None:
        if not isinstance(self.host, str) or not self.host:
            raise ValueError("host must be a non-empty str")
        if (not isinstance(self.port, int) or isinstance(self.port, bool)
                or not 0 < self.port < 65536):
            raise ValueError("port must be in 1..65535, not %r" % (self.port,))
        for name in ("tsel", "ssel", "psel", "calling_tsel", "calling_ssel",
                     "calling_psel"):
            object.__setattr__(self, name, _selector(getattr(self, name), name))
        for name in ("ap_title", "calling_ap_title"):
            object.__setattr__(self, name, _ap_title(getattr(self, name)))
        for name in ("ae_qualifier", "calling_ae_qualifier"):
            object.__setattr__(self, name, _ae_qualifier(getattr(self, name)))

    @property
    def called(self) -> PresentationAddress:
        """The peer's selectors, as the machines take them."""
        return PresentationAddress(self.psel, self.ssel, self.tsel)

    @property
    def calling(self) -> PresentationAddress:
        """This side's selectors, as the machines take them."""
        return PresentationAddress(self.calling_psel, self.calling_ssel,
                                   self.calling_tsel)

    def __str__(self) -> str:
        sels = [self.psel, self.ssel, self.tsel]
        while sels and not sels[0]:
            sels.pop(0)
        prefix = "".join(_format_selector(s) + "/" for s in sels)
        return "%sInternet=%s+%d" % (prefix, self.host, self.port)

    @classmethod
    def parse(cls, text: str, **fields: Any) -> "Address":
        """Read an ISODE / RFC 1278 style presentation address.

        ``"3001"/Internet=ms.example+3001`` (TSEL only),
        ``"p"/"s"/"t"/Internet=host`` (PSEL/SSEL/TSEL, read right to left),
        selectors as ``"text"``, ``#123`` (two octets, big-endian) or
        ``'0A0B'H``; the port defaults to 102.  ``host:port`` alone is
        accepted too.  Further keyword arguments set the other fields
        (AP titles, calling selectors).

        :raises ValueError: the text is not such an address.
        """
        if not isinstance(text, str):
            raise TypeError("address text must be a str")
        parts = text.strip().split("/")
        network = parts.pop()
        if len(parts) > 3:
            raise ValueError("more than three selectors in %r" % text)
        selectors = [_parse_selector(p, text) for p in parts]
        tsel = selectors.pop() if selectors else b""
        ssel = selectors.pop() if selectors else b""
        psel = selectors.pop() if selectors else b""
        host, port = _parse_network(network, text)
        return cls(host, port, tsel, ssel, psel, **fields)


def _parse_selector(token: str, text: str) -> bytes:
    m = _SELECTOR.match(token.strip())
    if m is None:
        raise ValueError("selector %r in %r is not \"text\", #number or 'hex'H"
                         % (token, text))
    if m.group("text") is not None:
        return m.group("text").encode("ascii")
    if m.group("num") is not None:
        number = int(m.group("num"))
        if number > 0xFFFF:
            raise ValueError("selector #%d does not fit two octets" % number)
        return number.to_bytes(2, "big")
    digits = m.group("hex")
    if len(digits) % 2:
        raise ValueError("hex selector %r has an odd number of digits" % token)
    return bytes.fromhex(digits)


def _parse_network(network: str, text: str) -> Tuple[str, int]:
    network = network.strip()
    port: Optional[str]
    if "=" in network:
        kind, _, rest = network.partition("=")
        if kind.strip().lower() not in ("internet", "tcp"):
            raise ValueError("network address %r in %r is not Internet=host+port"
                             % (network, text))
        host, _, port = rest.partition("+")
    else:
        host, sep, port = network.rpartition(":")
        if not sep:
            host, port = network, None
        host = host.strip("[]")
    host = host.strip()
    if not host:
        raise ValueError("no host in %r" % text)
    if not port:
        return host, DEFAULT_PORT
    if not port.strip().isdigit():
        raise ValueError("port %r in %r is not a number" % (port, text))
    return host, int(port)


def _format_selector(value: bytes) -> str:
    if all(0x20 < b < 0x7F and b != 0x22 for b in value):
        return '"%s"' % value.decode("ascii")
    return "'%s'H" % value.hex().upper()
