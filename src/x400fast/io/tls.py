"""TLS around the TCP connection, below TPKT (reliability.md 5.1).

RFC 1006 has no STARTTLS: TLS wraps the TCP connection from its first
octet, on a port configured for it, as libiec61850 does for IEC 62351-4.

Defaults are the strict ones and are kept strict:

* clients verify the server's certificate chain *and* its host name
  (``PROTOCOL_TLS_CLIENT``), and the name checked is always the one the
  caller configured (``server_hostname`` defaults to the address's host,
  never to a name learned elsewhere -- the RFC 7817 rule);
* TLS 1.2 is the minimum, for contexts made here and for contexts a caller
  passes in (those are refused, not changed, when they allow less);
* turning verification off takes :func:`client_context` with
  ``dangerously_disable_verification=True``, which warns when called and
  logs a warning for every connection made with it.

Failures become :class:`~x400fast.errors.TLSCertificateError` (with
OpenSSL's verification code and message: expired, host-name mismatch,
self-signed, unknown issuer...) or :class:`~x400fast.errors.TLSError`.
Passphrases are handed to OpenSSL and never kept, logged or put in an
error message.
"""
from __future__ import annotations

import logging
import ssl
import warnings
from typing import Callable, Optional, Union

from ..errors import TLSCertificateError, TLSError

__all__ = [
    "client_context",
    "server_context",
    "check_context",
    "tls_error",
]

log = logging.getLogger("x400fast.association")

Passphrase = Union[str, bytes, Callable[[], Union[str, bytes]], None]


def _load_chain(ctx: ssl.SSLContext, certfile: str, keyfile: Optional[str],
                password: Passphrase) -> None:
    try:
        ctx.load_cert_chain(certfile, keyfile, password)
    except (ssl.SSLError, OSError) as exc:
        # The library's message may say "bad decrypt": enough to tell a
        # wrong passphrase, and it never contains the passphrase.
        raise TLSError("cannot load the certificate chain from %s: %s"
                       % (certfile, getattr(exc, "reason", None) or exc.strerror
                          or type(exc).__name__),
                       getattr(exc, "reason", None)) from None


def client_context(*, cafile: Optional[str] = None, capath: Optional[str] = None,
                   cadata: Optional[Union[str, bytes]] = None,
                   certfile: Optional[str] = None, keyfile: Optional[str] = None,
                   password: Passphrase = None,
                   dangerously_disable_verification: bool = False) -> ssl.SSLContext:
    """A client context: certificate and host-name verification, TLS 1.2+.

    :param cafile: / :param capath: / :param cadata: the CAs to trust
        (PEM); without any, the system's default trust store.
    :param certfile: / :param keyfile: a client certificate and its key,
        for servers that ask for one.
    :param password: the key's passphrase (str, bytes or a callable
        returning one); not kept.
    :param dangerously_disable_verification: accept any certificate for
        any name.  Only for tests against throw-away certificates: the
        connection is then encrypted but not authenticated, and a password
        sent over it may go to anybody.
    """
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    ctx.minimum_version = ssl.TLSVersion.TLSv1_2
    if cafile is not None or capath is not None or cadata is not None:
        ctx.load_verify_locations(cafile, capath, cadata)
    else:
        ctx.load_default_certs(ssl.Purpose.SERVER_AUTH)
    if certfile is not None:
        _load_chain(ctx, certfile, keyfile, password)
    if dangerously_disable_verification:
        warnings.warn("TLS certificate verification disabled: the peer is not "
                      "authenticated", stacklevel=2)
        ctx.check_hostname = False
        ctx.verify_mode = ssl.CERT_NONE
    return ctx


def server_context(certfile: str, keyfile: Optional[str] = None, *,
                   password: Passphrase = None,
                   client_cafile: Optional[str] = None,
                   require_client_certificate: bool = False) -> ssl.SSLContext:
    """A server context: this side's certificate, TLS 1.2+.

    :param client_cafile: CAs whose client certificates are accepted;
        with it, clients are asked for a certificate.
    :param require_client_certificate: refuse clients without a valid
        certificate (needs ``client_cafile``).
    """
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.minimum_version = ssl.TLSVersion.TLSv1_2
    _load_chain(ctx, certfile, keyfile, password)
    if client_cafile is not None:
        ctx.load_verify_locations(client_cafile)
        ctx.verify_mode = (ssl.CERT_REQUIRED if require_client_certificate
                           else ssl.CERT_OPTIONAL)
    elif require_client_certificate:
        raise ValueError("require_client_certificate needs client_cafile")
    return ctx


def check_context(ctx: ssl.SSLContext, server_side: bool) -> None:
    """Refuse a context that allows TLS below 1.2 or plays the wrong role;
    log once per connection when it does not verify the peer."""
    if not isinstance(ctx, ssl.SSLContext):
        raise TypeError("tls must be an ssl.SSLContext (or True for the default "
                        "client context), not %s" % type(ctx).__name__)
    if ctx.protocol == (ssl.PROTOCOL_TLS_CLIENT if server_side
                        else ssl.PROTOCOL_TLS_SERVER):
        raise ValueError("a %s context was given for the %s side"
                         % ("client" if server_side else "server",
                            "server" if server_side else "client"))
    low = ctx.minimum_version
    if low != ssl.TLSVersion.MAXIMUM_SUPPORTED and (
            low == ssl.TLSVersion.MINIMUM_SUPPORTED or low < ssl.TLSVersion.TLSv1_2):
        raise ValueError("the TLS context allows versions below TLS 1.2 "
                         "(set ctx.minimum_version = ssl.TLSVersion.TLSv1_2)")
    if not server_side and (ctx.verify_mode == ssl.CERT_NONE or not ctx.check_hostname):
        log.warning("TLS connection without full certificate verification (%s): "
                    "the peer is not authenticated",
                    "no chain check" if ctx.verify_mode == ssl.CERT_NONE
                    else "no host-name check")


def tls_error(exc: BaseException, server_hostname: Optional[str]) -> TLSError:
    """The x400fast error for a failed handshake (or a TLS alert)."""
    who = server_hostname or "the peer"
    if isinstance(exc, ssl.SSLCertVerificationError):
        message = exc.verify_message or exc.reason or str(exc)
        return TLSCertificateError(
            "TLS certificate of %s refused: %s" % (who, message),
            exc.verify_code, exc.verify_message, server_hostname, exc)
    reason = getattr(exc, "reason", None)
    text = reason or str(exc) or type(exc).__name__
    if reason and "CERTIFICATE" in reason.upper():
        return TLSCertificateError("TLS: %s refused the certificate: %s" % (who, text),
                                   None, reason, server_hostname, exc)
    return TLSError("TLS handshake with %s failed: %s" % (who, text), reason, exc)
