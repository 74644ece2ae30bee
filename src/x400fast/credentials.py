"""Bind credentials (X.411 ``Credentials``) and TLS identities.

The initiator side builds credentials objects whose :meth:`to_asn1` gives
the codec's value of X.411 ``Credentials`` (what goes in the
``initiator-credentials`` of an MTS or MS bind argument):

* :class:`SimpleCredentials` -- the password itself (``simple``).
* :class:`ProtectedPassword` -- a one-way hash over the password, a time
  and a random number (``protected``): the password never crosses the wire
  and a captured value cannot be replayed at a responder that keeps a
  :class:`ReplayCache`.
* :class:`StrongCredentials` -- a bind token signed with the user's private
  key, addressed to one responder and carrying a time and a random number,
  plus the user's certificate and its path (``strong``).

The responder side calls :func:`verify`, which returns an
:class:`AuthenticatedIdentity` (the bound name, the method, the verified
certificate and the TLS peer certificate when there is one) or raises a
leaf of :class:`~x400fast.errors.AuthenticationError`.  Certificates are
checked against the trusted CAs by :func:`verify_certificate`, which also
binds the certificate to the O/R name (an ``x400Address`` in
subjectAltName, else the subject against the name's directory name).

:func:`load_identity` reads a directory holding ``ca.pem`` and a PKCS#12
``id.p12`` (the layout Isode's API uses) and gives SSL contexts for both
roles and the key and certificate for strong credentials.

Anything needing X.509 (strong credentials, certificates, identities) uses
the optional ``cryptography`` package (``pip install x400fast[strong]``),
imported only when used; without it those calls raise
:class:`~x400fast.errors.StrongCredentialsUnavailable`.

Secrets (passwords, passphrases, private keys) never appear in a repr, a
log record or an exception message.
"""
from __future__ import annotations

import base64
import datetime as _dt
import hashlib
import hmac
import logging
import os
import shutil
import ssl
import tempfile
import threading
from dataclasses import dataclass, field
from typing import Any, Callable, Dict, Iterable, List, Mapping, Optional, Sequence, Tuple, Union

from . import ber
from .asn1 import x411
from .asn1.core import C, BitString, Boolean, Integer, Module, ObjectIdentifier, Set, UTCTime
from .errors import (
    AddressError, BadSignature, CertificateRejected, DecodeError, EncodeError,
    IdentityError, InvalidCredentials, MalformedCredentials, NameMismatch,
    ReplayCacheFull, ReplayedCredentials, StaleCredentials,
    StrongCredentialsUnavailable, UnsupportedCredentials,
)
from .oraddress import ORAddress, ORName, parse_oraddress

__all__ = [
    "SimpleCredentials", "ProtectedPassword", "StrongCredentials",
    "PasswordHash", "ReplayCache", "AuthenticatedIdentity", "Identity",
    "verify", "verify_certificate", "load_identity", "peer_certificate",
    "certificate_or_addresses",
    "ID_SHA256", "ID_ECDSA_WITH_SHA256", "ID_SHA256_WITH_RSA", "ID_ED25519",
]

log = logging.getLogger("x400fast.credentials")

_MTS = x411.MTSAbstractService
_CREDENTIALS = _MTS["Credentials"]
_ASYMMETRIC_TOKEN = _MTS["AsymmetricToken"]
_TOKEN_DATA = _MTS["AsymmetricTokenData"]
_RANDOM = _MTS["BindTokenSignedData"]

# The SET X.411 puts under the protected password's SIGNATURE (the
# component list is written inline there, so it has no name of its own).
_local = Module("X400fastCredentials", tagging="IMPLICIT")
_local.imports(_MTS)
_PROTECTED_TBS = _local.define("ProtectedPasswordToBeSigned", Set(
    C("password", "Password"),
    C("time1", UTCTime(), tag="[0]", optional=True),
    C("time2", UTCTime(), tag="[1]", optional=True),
    C("random1", BitString(), tag="[2]", optional=True),
    C("random2", BitString(), tag="[3]", optional=True)))

#: id-sha256 (NIST): the one-way function of protected passwords.
ID_SHA256 = "2.16.840.1.101.3.4.2.1"
ID_SHA384 = "2.16.840.1.101.3.4.2.2"
ID_ECDSA_WITH_SHA256 = "1.2.840.10045.4.3.2"
ID_ECDSA_WITH_SHA384 = "1.2.840.10045.4.3.3"
ID_SHA256_WITH_RSA = "1.2.840.113549.1.1.11"
ID_SHA384_WITH_RSA = "1.2.840.113549.1.1.12"
ID_ED25519 = "1.3.101.112"

_NULL = b"\x05\x00"
_OID = ObjectIdentifier()
_BOOL = Boolean()
_INT = Integer()
_RSA_OIDS = {ID_SHA256_WITH_RSA: "sha256", ID_SHA384_WITH_RSA: "sha384"}
_ECDSA_OIDS = {ID_ECDSA_WITH_SHA256: "sha256", ID_ECDSA_WITH_SHA384: "sha384"}
_HASH_OIDS = {ID_SHA256: "sha256", ID_SHA384: "sha384"}
_OID_SAN = "2.5.29.17"
_OID_KEY_USAGE = "2.5.29.15"
_OID_BASIC_CONSTRAINTS = "2.5.29.19"
# Leaf extensions whose meaning this module either checks or may ignore;
# any other critical extension refuses the certificate (RFC 5280 6.1.3).
_KNOWN_LEAF_EXTENSIONS = frozenset({
    _OID_SAN, _OID_KEY_USAGE, _OID_BASIC_CONSTRAINTS,
    "2.5.29.14", "2.5.29.35", "2.5.29.37", "2.5.29.32", "2.5.29.31"})
_RANDOM_MIN = 8          # octets: below this a random number may repeat
_RANDOM_MAX = 64
_MAX_CHAIN = 8
_DEFAULT_SKEW = _dt.timedelta(minutes=5)

Password = Union[str, bytes]
NameLike = Union[ORName, ORAddress, str, Mapping[str, Any]]


# ---------------------------------------------------------------------------
# small helpers

def _crypto():
    """Import ``cryptography`` on first use (optional extra ``strong``)."""
    try:
        from cryptography import x509
        from cryptography.hazmat.primitives import hashes, serialization
        from cryptography.hazmat.primitives.asymmetric import ec, ed25519, padding, rsa
        from cryptography.hazmat.primitives.serialization import pkcs12
    except ImportError:  # pragma: no cover - depends on the environment
        raise StrongCredentialsUnavailable(
            "strong credentials, certificate checks and identities need the "
            "'cryptography' package: pip install x400fast[strong]") from None
    return x509, hashes, serialization, ec, ed25519, padding, rsa, pkcs12


def _utc(now: Optional[_dt.datetime]) -> _dt.datetime:
    if now is None:
        return _dt.datetime.now(_dt.timezone.utc)
    if now.tzinfo is None:
        raise ValueError("now must be an aware datetime")
    return now.astimezone(_dt.timezone.utc)


def _utctime(t: _dt.datetime) -> _dt.datetime:
    """UTCTime carries whole seconds: drop the rest so what is hashed or
    signed equals what the peer decodes."""
    return _utc(t).replace(microsecond=0)


def _as_bytes(p: Password) -> bytes:
    return p.encode("utf-8") if isinstance(p, str) else bytes(p)


def _password_choice(p: Password) -> Tuple[str, Any]:
    """IA5String for ASCII text (what peers expect), OCTET STRING otherwise."""
    if isinstance(p, str):
        try:
            p.encode("ascii")
            return ("ia5_string", p)
        except UnicodeEncodeError:
            return ("octet_string", p.encode("utf-8"))
    return ("octet_string", bytes(p))


def _bits(value: Any, what: str) -> bytes:
    """The octets of a BIT STRING value ``(bytes, nbits)`` (whole octets)."""
    if (not isinstance(value, tuple) or len(value) != 2
            or not isinstance(value[0], (bytes, bytearray)) or value[1] != 8 * len(value[0])):
        raise MalformedCredentials("%s is not a whole number of octets" % what)
    return bytes(value[0])


def _name(value: NameLike) -> ORName:
    if isinstance(value, ORName):
        return value
    if isinstance(value, ORAddress):
        return ORName(value)
    if isinstance(value, str):
        return ORName(parse_oraddress(value))
    try:
        return ORName.from_asn1(value, validate=False)
    except AddressError as exc:
        raise MalformedCredentials("unusable O/R name: %s" % exc) from None


def _decode_credentials(value: Any) -> Tuple[str, Any]:
    """Accept the codec value or the BER bytes of ``Credentials``."""
    if isinstance(value, (bytes, bytearray, memoryview)):
        try:
            value = ber.decode(_CREDENTIALS, value)
        except DecodeError as exc:
            raise MalformedCredentials("credentials do not decode: %s" % exc.reason
                                       if hasattr(exc, "reason") else
                                       "credentials do not decode") from None
    if not (isinstance(value, tuple) and len(value) == 2 and isinstance(value[0], str)):
        raise MalformedCredentials("credentials must be a Credentials CHOICE value")
    return value


# ---------------------------------------------------------------------------
# Stored passwords

@dataclass(frozen=True)
class PasswordHash:
    """A password stored as an scrypt hash (reliability.md 5.2).

    Build one with :meth:`create`; store :meth:`to_string`.  A responder
    whose users are stored this way can check simple passwords only: a
    protected password is a hash over the clear password, so checking one
    needs the clear password at the responder.
    """

    salt: bytes
    digest: bytes = field(repr=False)
    n: int = 2 ** 14
    r: int = 8
    p: int = 1

    @classmethod
    def create(cls, password: Password, *, n: int = 2 ** 14) -> "PasswordHash":
        salt = os.urandom(16)
        return cls(salt, cls._derive(_as_bytes(password), salt, n, 8, 1), n)

    @staticmethod
    def _derive(pw: bytes, salt: bytes, n: int, r: int, p: int) -> bytes:
        return hashlib.scrypt(pw, salt=salt, n=n, r=r, p=p, maxmem=256 * 1024 * 1024,
                              dklen=32)

    def matches(self, password: Password) -> bool:
        """Constant-time comparison of ``password`` with the stored hash."""
        got = self._derive(_as_bytes(password), self.salt, self.n, self.r, self.p)
        return hmac.compare_digest(got, self.digest)

    def to_string(self) -> str:
        b64 = base64.b64encode
        return "scrypt$%d$%d$%d$%s$%s" % (self.n, self.r, self.p,
                                          b64(self.salt).decode(), b64(self.digest).decode())

    @classmethod
    def from_string(cls, text: str) -> "PasswordHash":
        try:
            kind, n, r, p, salt, digest = text.split("$")
            if kind != "scrypt":
                raise ValueError
            return cls(base64.b64decode(salt, validate=True),
                       base64.b64decode(digest, validate=True), int(n), int(r), int(p))
        except (ValueError, TypeError):
            raise ValueError("not a password hash made by PasswordHash.to_string") from None


_DUMMY_HASH: Optional[PasswordHash] = None


def _dummy_hash() -> PasswordHash:
    global _DUMMY_HASH
    if _DUMMY_HASH is None:
        _DUMMY_HASH = PasswordHash.create(os.urandom(16).hex())
    return _DUMMY_HASH


# ---------------------------------------------------------------------------
# Credentials, initiator side

class SimpleCredentials:
    """The ``simple`` alternative: the password as it is.

    Send it over TLS only (the BER holds it in clear).  ``str`` passwords
    of ASCII text go as IA5String, others as OCTET STRING (``form`` forces
    one: ``"ia5"`` or ``"octets"``).
    """

    __slots__ = ("_password", "form")

    def __init__(self, password: Password, *, form: Optional[str] = None) -> None:
        if not isinstance(password, (str, bytes, bytearray)):
            raise TypeError("password must be str or bytes")
        if form not in (None, "ia5", "octets"):
            raise ValueError("form must be 'ia5' or 'octets'")
        if len(_as_bytes(password)) > x411.ub_password_length:
            raise ValueError("password longer than %d octets (ub-password-length)"
                             % x411.ub_password_length)
        self._password = password if isinstance(password, str) else bytes(password)
        self.form = form

    def __repr__(self) -> str:
        return "SimpleCredentials(password=<redacted>)"

    def to_asn1(self) -> Tuple[str, Any]:
        """``("simple", Password)``."""
        p = self._password
        if self.form == "octets":
            return ("simple", ("octet_string", _as_bytes(p)))
        if self.form == "ia5":
            if not isinstance(p, str):
                p = p.decode("ascii", "strict")
            return ("simple", ("ia5_string", p))
        return ("simple", _password_choice(p))


def _protected_digest(algorithm: str, password: Tuple[str, Any], fields: Mapping[str, Any]) -> bytes:
    tbs = {"password": password}
    tbs.update({k: v for k, v in fields.items() if v is not None})
    return hashlib.new(algorithm, ber.encode(_PROTECTED_TBS, tbs)).digest()


class ProtectedPassword:
    """The ``protected`` alternative of X.411 ``Credentials``.

    X.411 writes it as ``SIGNATURE{SET {password, [0] time1, [1] time2,
    [2] random1, [3] random2}}`` followed by the same optional time and
    random values in clear.  Which algorithm fills the SIGNATURE is not
    fixed by X.411 and what Isode uses is not established
    (p3-p7-binding.md).  Here the "signature" is an unkeyed one-way hash,
    as X.509's protected-password scheme uses a one-way function and no
    key: ``algorithmIdentifier`` = **id-sha256** (2.16.840.1.101.3.4.2.1,
    parameters absent) and ``encrypted`` = SHA-256 of the DER encoding of
    that SET.  SHA-256 because it is the common, collision-resistant hash
    every peer has, and an OID that says so; the verifier also accepts
    id-sha384.  Without an agreed algorithm, interworking with another
    implementation's protected passwords is not to be expected.

    ``time1`` (now) and ``random1`` (16 random octets) are filled in when
    not given, so make a new object for each bind; they are what lets the
    responder refuse a replay.  The password must still be guessed from
    the hash offline, so a weak password stays weak: use TLS as well.
    """

    __slots__ = ("_password", "time1", "time2", "random1", "random2")

    def __init__(self, password: Password, *, time1: Optional[_dt.datetime] = None,
                 time2: Optional[_dt.datetime] = None, random1: Optional[bytes] = None,
                 random2: Optional[bytes] = None) -> None:
        if not isinstance(password, (str, bytes, bytearray)):
            raise TypeError("password must be str or bytes")
        if len(_as_bytes(password)) > x411.ub_password_length:
            raise ValueError("password longer than %d octets (ub-password-length)"
                             % x411.ub_password_length)
        self._password = password if isinstance(password, str) else bytes(password)
        self.time1 = _utctime(time1 if time1 is not None else _utc(None))
        self.time2 = None if time2 is None else _utctime(time2)
        self.random1 = os.urandom(16) if random1 is None else bytes(random1)
        self.random2 = None if random2 is None else bytes(random2)

    def __repr__(self) -> str:
        return "ProtectedPassword(password=<redacted>, time1=%s)" % self.time1.isoformat()

    def _fields(self) -> Dict[str, Any]:
        f: Dict[str, Any] = {"time1": self.time1}
        if self.time2 is not None:
            f["time2"] = self.time2
        f["random1"] = (self.random1, 8 * len(self.random1))
        if self.random2 is not None:
            f["random2"] = (self.random2, 8 * len(self.random2))
        return f

    def to_asn1(self) -> Tuple[str, Any]:
        """``("protected", ProtectedPassword)``."""
        f = self._fields()
        digest = _protected_digest("sha256", _password_choice(self._password), f)
        v = {"signature": {"algorithm_identifier": {"algorithm": ID_SHA256},
                           "encrypted": (digest, 8 * len(digest))}}
        v.update(f)
        return ("protected", v)


def _signature_algorithm(key: Any) -> Tuple[Dict[str, Any], Callable[[bytes], bytes]]:
    """The AlgorithmIdentifier value and a signing function for ``key``."""
    x509, hashes, _, ec, ed25519, padding, rsa, _ = _crypto()
    if isinstance(key, ec.EllipticCurvePrivateKey):
        return ({"algorithm": ID_ECDSA_WITH_SHA256},
                lambda data: key.sign(data, ec.ECDSA(hashes.SHA256())))
    if isinstance(key, rsa.RSAPrivateKey):
        return ({"algorithm": ID_SHA256_WITH_RSA, "parameters": _NULL},
                lambda data: key.sign(data, padding.PKCS1v15(), hashes.SHA256()))
    if isinstance(key, ed25519.Ed25519PrivateKey):
        return ({"algorithm": ID_ED25519}, lambda data: key.sign(data))
    raise TypeError("unsupported private key type %s (use EC, RSA or Ed25519)"
                    % type(key).__name__)


class StrongCredentials:
    """The ``strong`` alternative: a signed bind token and certificates.

    The bind token is X.411's asymmetric token (``id-tok-asymmetricToken``)
    whose data names the responder (``responder_name``: the MS's or the
    user agent peer's O/R name, or an MTA name as ``str`` prefixed
    ``"mta:"``), holds the time and, as ``bind-token-signed-data``, a
    random number; it is signed with ``private_key`` (ECDSA with SHA-256,
    RSA PKCS#1 v1.5 with SHA-256 or Ed25519, by key type).  ``certificate``
    and ``chain`` (issuers, nearest first) are ``cryptography``
    certificates or DER bytes and travel raw in ``certificate``.

    ``time`` and ``random`` are filled in when not given: one object per bind.
    """

    __slots__ = ("_key", "certificate", "chain", "responder_name", "time", "random")

    def __init__(self, private_key: Any, certificate: Any, *,
                 responder_name: Union[NameLike, str], chain: Sequence[Any] = (),
                 time: Optional[_dt.datetime] = None, random: Optional[bytes] = None) -> None:
        _crypto()
        self._key = private_key
        self.certificate = _der(certificate)
        self.chain = tuple(_der(c) for c in chain)
        self.responder_name = responder_name
        self.time = _utctime(time if time is not None else _utc(None))
        self.random = os.urandom(16) if random is None else bytes(random)

    def __repr__(self) -> str:
        return "StrongCredentials(private_key=<redacted>, time=%s)" % self.time.isoformat()

    def _token_name(self) -> Tuple[str, Any]:
        n = self.responder_name
        if isinstance(n, str) and n.startswith("mta:"):
            return ("mta", {"mta_name": n[4:]})
        return ("recipient_name", _name(n).to_asn1())

    def to_asn1(self) -> Tuple[str, Any]:
        """``("strong", StrongCredentials)`` with a fresh signature."""
        algid, sign = _signature_algorithm(self._key)
        data = {
            "signature_algorithm_identifier": algid,
            "name": self._token_name(),
            "time": self.time,
            "signed_data": {"type": 1,  # bind-token-signed-data
                            "value": ber.encode(_RANDOM, (self.random, 8 * len(self.random)))},
        }
        data_ber = ber.encode(_TOKEN_DATA, data)
        signature = sign(data_ber)
        # DER is deterministic, so the data inside equals data_ber (checked
        # by the tests): the signature covers exactly what the peer slices.
        token = ber.encode(_ASYMMETRIC_TOKEN, {
            "asymmetric_token_data": data, "algorithm_identifier": algid,
            "encrypted": (signature, 8 * len(signature))})
        certs: Dict[str, Any] = {"user_certificate": self.certificate}
        if self.chain:
            certs["certification_path"] = [[c] for c in self.chain]
        return ("strong", {
            "bind_token": {"token_type_identifier": x411.id_tok_asymmetric_token,
                           "token": token},
            "certificate": certs,
        })


def _der(cert: Any) -> bytes:
    if isinstance(cert, (bytes, bytearray, memoryview)):
        return bytes(cert)
    _, _, serialization, *_ = _crypto()
    return cert.public_bytes(serialization.Encoding.DER)


# ---------------------------------------------------------------------------
# Responder side

class ReplayCache:
    """Random numbers of accepted protected passwords and bind tokens.

    An entry lives until its credentials' time falls out of the skew window
    (after which the time check refuses a replay anyway).  ``max_entries``
    bounds memory; when full of live entries new binds are refused with
    :class:`~x400fast.errors.ReplayCacheFull` rather than forgetting one.
    Thread-safe.
    """

    def __init__(self, max_entries: int = 100_000) -> None:
        self.max_entries = max_entries
        self._seen: Dict[Tuple[str, bytes], _dt.datetime] = {}
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._seen)

    def check_and_add(self, scope: str, random: bytes, expires: _dt.datetime,
                      now: _dt.datetime) -> None:
        key = (scope, random)
        with self._lock:
            if key in self._seen and self._seen[key] > now:
                raise ReplayedCredentials("credentials replayed: random number already used")
            if len(self._seen) >= self.max_entries:
                for k in [k for k, exp in self._seen.items() if exp <= now]:
                    del self._seen[k]
                if len(self._seen) >= self.max_entries:
                    raise ReplayCacheFull("replay cache full (%d live entries)"
                                          % len(self._seen))
            self._seen[key] = expires


@dataclass(frozen=True)
class AuthenticatedIdentity:
    """Who a bind authenticated, and how (for the session layer's
    ``is_authenticated`` reporting).

    :ivar name: the bound O/R name.
    :ivar method: ``"simple"``, ``"protected"``, ``"strong"`` or ``"tls"``
        (a TLS client certificate bound to the name by
        :func:`verify_certificate`).
    :ivar certificate: DER of the verified user certificate (strong, tls).
    :ivar tls_peer_certificate: DER of the TLS peer's certificate when the
        association runs over TLS and the peer presented one.
    """

    name: ORName
    method: str
    certificate: Optional[bytes] = field(default=None, repr=False)
    tls_peer_certificate: Optional[bytes] = field(default=None, repr=False)

    @property
    def is_strong(self) -> bool:
        return self.method in ("strong", "tls")


def verify(credentials: Any, *, expected_name: NameLike,
           password_lookup: Optional[Callable[[ORName], Union[Password, PasswordHash, None]]] = None,
           trusted_ca: Optional[Sequence[Any]] = None,
           responder_name: Optional[Union[NameLike, str]] = None,
           now: Optional[_dt.datetime] = None,
           max_skew: _dt.timedelta = _DEFAULT_SKEW,
           replay_cache: Optional[ReplayCache] = None,
           allow_simple: bool = True,
           require_name_binding: bool = True,
           hashed_store: bool = True,
           tls_peer_certificate: Optional[bytes] = None) -> AuthenticatedIdentity:
    """Check bind credentials for ``expected_name`` (the bind's initiator name).

    :param credentials: the codec value of ``Credentials`` (or its BER).
    :param password_lookup: for simple and protected passwords: the user's
        clear password or :class:`PasswordHash`, ``None`` for no such user.
    :param trusted_ca: CA certificates (``cryptography`` objects or DER)
        for strong credentials.
    :param responder_name: this responder's name: a bind token must be
        addressed to it (``"mta:NAME"`` for an MTA); ``None`` skips the check.
    :param max_skew: how far a protected password's or token's time may be
        from ``now``; also how long random numbers stay in ``replay_cache``.
    :param replay_cache: without one, replays within the window pass.
    :param allow_simple: refuse the simple alternative when false.
    :param require_name_binding: refuse a certificate that names nobody
        (neither an x400Address nor a subject equal to the name's directory
        name) when true.
    :param hashed_store: whether ``password_lookup`` returns
        :class:`PasswordHash` records; decides which dummy work an unknown
        user costs, so that unknown users and wrong passwords take alike.
    :returns: the :class:`AuthenticatedIdentity`.
    :raises AuthenticationError: a precise leaf; an unknown user and a
        wrong password both raise :class:`~x400fast.errors.InvalidCredentials`.
    """
    alt, value = _decode_credentials(credentials)
    name = _name(expected_name)
    now = _utc(now)
    try:
        return _verify(alt, value, name, password_lookup, trusted_ca, responder_name, now,
                       max_skew, replay_cache, allow_simple, require_name_binding,
                       hashed_store, tls_peer_certificate)
    except (KeyError, TypeError, AttributeError):
        # A hand-built value missing a mandatory component (decoded values
        # always have them).
        raise MalformedCredentials("credentials value lacks a mandatory component "
                                   "or has a wrong type") from None


def _verify(alt: str, value: Any, name: ORName, password_lookup: Any, trusted_ca: Any,
            responder_name: Any, now: _dt.datetime, max_skew: _dt.timedelta,
            replay_cache: Optional[ReplayCache], allow_simple: bool,
            require_name_binding: bool, hashed_store: bool,
            tls_peer_certificate: Optional[bytes]) -> AuthenticatedIdentity:
    if alt == "simple":
        if not allow_simple:
            raise UnsupportedCredentials("simple passwords are not accepted here")
        _verify_simple(value, name, password_lookup, hashed_store)
        return AuthenticatedIdentity(name, "simple", None, tls_peer_certificate)
    if alt == "protected":
        _verify_protected(value, name, password_lookup, now, max_skew, replay_cache)
        return AuthenticatedIdentity(name, "protected", None, tls_peer_certificate)
    if alt == "strong":
        cert = _verify_strong(value, name, trusted_ca, responder_name, now, max_skew,
                              replay_cache, require_name_binding)
        return AuthenticatedIdentity(name, "strong", cert, tls_peer_certificate)
    raise UnsupportedCredentials("unknown credentials alternative %r" % (alt,))


def _lookup(password_lookup: Any, name: ORName) -> Any:
    if password_lookup is None:
        raise UnsupportedCredentials("passwords are not accepted here (no password lookup)")
    try:
        return password_lookup(name)
    except KeyError:          # a mapping's __getitem__: no such user
        return None


def _verify_simple(value: Any, name: ORName, password_lookup: Any, hashed_store: bool) -> None:
    if not (isinstance(value, tuple) and len(value) == 2):
        raise MalformedCredentials("simple credentials must be a Password CHOICE value")
    got = _as_bytes(value[1])
    stored = _lookup(password_lookup, name)
    if isinstance(stored, PasswordHash):
        ok = stored.matches(got)
    elif isinstance(stored, (str, bytes, bytearray)):
        ok = hmac.compare_digest(hashlib.sha256(got).digest(),
                                 hashlib.sha256(_as_bytes(stored)).digest())
    else:
        # Unknown user: the same work as a known one, then the same error.
        if hashed_store:
            _dummy_hash().matches(got)
        else:
            hmac.compare_digest(hashlib.sha256(got).digest(), hashlib.sha256(b"").digest())
        ok = False
    if not ok:
        raise InvalidCredentials("authentication failed for %s" % name)


def _check_time(t: Any, what: str, now: _dt.datetime, max_skew: _dt.timedelta) -> _dt.datetime:
    if not isinstance(t, _dt.datetime) or t.tzinfo is None:
        raise MalformedCredentials("%s is missing or not a time" % what)
    skew = t - now
    if abs(skew) > max_skew:
        raise StaleCredentials("%s is %+d s from the responder's clock (allowed %d s)"
                               % (what, int(skew.total_seconds()), int(max_skew.total_seconds())),
                               skew)
    return t


def _random(value: Any, what: str) -> bytes:
    r = _bits(value, what)
    if not _RANDOM_MIN <= len(r) <= _RANDOM_MAX:
        raise UnsupportedCredentials("%s must be %d to %d octets" % (what, _RANDOM_MIN, _RANDOM_MAX))
    return r


def _verify_protected(value: Any, name: ORName, password_lookup: Any, now: _dt.datetime,
                      max_skew: _dt.timedelta, replay_cache: Optional[ReplayCache]) -> None:
    if not isinstance(value, Mapping) or "signature" not in value:
        raise MalformedCredentials("protected password without its signature")
    sig = value["signature"]
    algorithm = _HASH_OIDS.get(sig["algorithm_identifier"]["algorithm"])
    if algorithm is None:
        raise UnsupportedCredentials("protected password hashed with unsupported algorithm %s"
                                     % sig["algorithm_identifier"]["algorithm"])
    received = _bits(sig["encrypted"], "protected password signature")
    if "time1" not in value or "random1" not in value:
        raise UnsupportedCredentials("protected password without time1 and random1 "
                                     "cannot be checked for replay")
    t1 = _check_time(value["time1"], "time1", now, max_skew)
    if value.get("time2") is not None:
        _check_time(value["time2"], "time2", now, max_skew)
    r1 = _random(value["random1"], "random1")
    fields = {k: value.get(k) for k in ("time1", "time2", "random1", "random2")}
    stored = _lookup(password_lookup, name)
    known = isinstance(stored, (str, bytes, bytearray))
    if not known and isinstance(stored, PasswordHash):
        log.warning("protected password for %s, whose password is stored only as a hash",
                    name)
    secret = _as_bytes(stored) if known else b"\x00" * 16
    # The client's choice of IA5String or OCTET STRING is part of what was
    # hashed: compute both (always both, so the cost does not depend on it).
    text: Optional[str]
    try:
        text = secret.decode("ascii")
    except UnicodeDecodeError:
        text = None
    ok = False
    for pw in (("ia5_string", text if text is not None else ""), ("octet_string", secret)):
        try:
            expect = _protected_digest(algorithm, pw, fields)
        except EncodeError:
            raise MalformedCredentials("protected password fields do not encode") from None
        match = hmac.compare_digest(expect, received)
        ok = ok or (match and (pw[0] == "octet_string" or text is not None))
    if not (ok and known):
        raise InvalidCredentials("authentication failed for %s" % name)
    if replay_cache is not None:
        replay_cache.check_and_add("protected:" + str(name), r1, t1 + max_skew, now)


def _split_signed(token: bytes) -> Tuple[bytes, Dict[str, Any]]:
    """The exact bytes of AsymmetricTokenData (what was signed) and the
    decoded SIGNED{} sequence."""
    try:
        decoded = ber.decode(_ASYMMETRIC_TOKEN, token)
        cls, cons, num, hlen, length = ber.read_header(token, 0)
        _, _, _, ihlen, ilen = ber.read_header(token, hlen)
    except DecodeError as exc:
        raise MalformedCredentials("bind token does not decode: %s"
                                   % getattr(exc, "reason", "malformed")) from None
    if length < 0 or ilen < 0:
        raise MalformedCredentials("bind token must use definite lengths (DER)")
    return token[hlen:hlen + ihlen + ilen], decoded


def _verify_signature(public_key: Any, algorithm: Mapping[str, Any], signature: bytes,
                      data: bytes) -> None:
    x509, hashes, _, ec, ed25519, padding, rsa, _ = _crypto()
    from cryptography.exceptions import InvalidSignature
    oid = algorithm["algorithm"]
    try:
        if oid in _ECDSA_OIDS and isinstance(public_key, ec.EllipticCurvePublicKey):
            public_key.verify(signature, data, ec.ECDSA(getattr(hashes, _ECDSA_OIDS[oid].upper())()))
        elif oid in _RSA_OIDS and isinstance(public_key, rsa.RSAPublicKey):
            public_key.verify(signature, data, padding.PKCS1v15(),
                              getattr(hashes, _RSA_OIDS[oid].upper())())
        elif oid == ID_ED25519 and isinstance(public_key, ed25519.Ed25519PublicKey):
            public_key.verify(signature, data)
        else:
            raise UnsupportedCredentials("bind token signature algorithm %s does not fit "
                                         "the certificate's key" % oid)
    except InvalidSignature:
        raise BadSignature("bind token signature does not verify with the "
                           "certificate's key") from None


def _verify_strong(value: Any, name: ORName, trusted_ca: Optional[Sequence[Any]],
                   responder_name: Any, now: _dt.datetime, max_skew: _dt.timedelta,
                   replay_cache: Optional[ReplayCache], require_name_binding: bool) -> bytes:
    if trusted_ca is None:
        raise UnsupportedCredentials("strong credentials are not accepted here (no trusted CA)")
    if not isinstance(value, Mapping) or "bind_token" not in value or "certificate" not in value:
        raise UnsupportedCredentials("strong credentials need a bind token and a certificate "
                                     "(certificate selectors are not supported)")
    token = value["bind_token"]
    if token["token_type_identifier"] != x411.id_tok_asymmetric_token:
        raise UnsupportedCredentials("bind token type %s is not the asymmetric token"
                                     % token["token_type_identifier"])
    data_ber, signed = _split_signed(token["token"])
    data = signed["asymmetric_token_data"]
    if data["signature_algorithm_identifier"] != signed["algorithm_identifier"]:
        raise MalformedCredentials("bind token names two different signature algorithms")
    signature = _bits(signed["encrypted"], "bind token signature")
    certs = value["certificate"]
    chain = [c for cross in certs.get("certification_path", ()) for c in cross]
    leaf = _load_cert(certs["user_certificate"], "the user certificate")
    public_key = leaf.public_key()
    # Signature first: cheap to check and independent of any stored state.
    _verify_signature(public_key, signed["algorithm_identifier"], signature, data_ber)
    t = _check_time(data["time"], "bind token time", now, max_skew)
    if responder_name is not None:
        alt, who = data["name"]
        if isinstance(responder_name, str) and responder_name.startswith("mta:"):
            good = alt == "mta" and who.get("mta_name") == responder_name[4:]
        else:
            good = alt == "recipient_name" and _name(who) == _name(responder_name)
        if not good:
            raise NameMismatch("bind token is addressed to another responder")
    signed_data = data.get("signed_data")
    if signed_data is None or signed_data["type"] != 1:
        raise UnsupportedCredentials("bind token without bind-token-signed-data "
                                     "cannot be checked for replay")
    try:
        rnd = _random(ber.decode(_RANDOM, signed_data["value"]), "bind token random number")
    except DecodeError:
        raise MalformedCredentials("bind token random number does not decode") from None
    verify_certificate(leaf, chain, trusted_ca=trusted_ca, expected_name=name, now=now,
                       require_name_binding=require_name_binding)
    if replay_cache is not None:
        fp = hashlib.sha256(certs["user_certificate"]).hexdigest()
        replay_cache.check_and_add("strong:" + fp, rnd, t + max_skew, now)
    return bytes(certs["user_certificate"])


# ---------------------------------------------------------------------------
# Certificates

def _walk(data: bytes, offset: int, end: int) -> Iterable[Tuple[int, int, int, int]]:
    """(tag_class, tag_number, start, end) of each TLV between offsets."""
    while offset < end:
        cls, cons, num, hlen, length = ber.read_header(data, offset)
        if length < 0 or offset + hlen + length > end:
            raise DecodeError("not DER", offset, ())
        yield cls, num, offset, offset + hlen + length
        offset += hlen + length


def _content(data: bytes, start: int) -> Tuple[int, int]:
    _, _, _, hlen, length = ber.read_header(data, start)
    return start + hlen, start + hlen + length


def _raw_extensions(der: bytes) -> List[Tuple[str, bool, bytes]]:
    """(oid, critical, extnValue octets) of a certificate, read with the BER
    engine so that extensions ``cryptography`` refuses (a subjectAltName
    holding an x400Address) can still be read."""
    out: List[Tuple[str, bool, bytes]] = []
    cstart, cend = _content(der, 0)
    tbs = next(iter(_walk(der, cstart, cend)))
    tstart, tend = _content(der, tbs[2])
    for cls, num, s, e in _walk(der, tstart, tend):
        if cls == 0x80 and num == 3:
            wrapped, _ = _content(der, s)          # [3] EXPLICIT
            seq_s, seq_e = _content(der, wrapped)  # SEQUENCE OF Extension
            for _, _, xs, xe in _walk(der, seq_s, seq_e):
                es, ee = _content(der, xs)
                parts = list(_walk(der, es, ee))
                oid = ber.decode(_OID, der[parts[0][2]:parts[0][3]])
                critical = False
                if len(parts) == 3:
                    critical = ber.decode(_BOOL, der[parts[1][2]:parts[1][3]])
                os_s, os_e = _content(der, parts[-1][2])
                out.append((oid, bool(critical), der[os_s:os_e]))
    return out




def certificate_or_addresses(certificate: Any) -> Tuple[List[ORAddress], Optional[bytes]]:
    """The O/R addresses (``x400Address`` entries of subjectAltName) of a
    certificate and its subject's DER.

    Certificate content is attacker-controlled input: everything is read
    through the bounded BER engine, and an address that does not decode is
    refused as malformed rather than skipped.
    """
    der = _der(certificate)
    addresses: List[ORAddress] = []
    try:
        for oid, _, value in _raw_extensions(der):
            if oid != _OID_SAN:
                continue
            s, e = _content(value, 0)
            for cls, num, gs, ge in _walk(value, s, e):
                if cls == 0x80 and num == 3:
                    # [3] IMPLICIT ORAddress: give it back its SEQUENCE tag.
                    addresses.append(ORAddress.from_ber(b"\x30" + value[gs + 1:ge],
                                                        validate=False))
    except (DecodeError, IndexError, StopIteration, AddressError):
        raise CertificateRejected("certificate extensions do not decode", "malformed") from None
    x509 = _crypto()[0]
    subject = x509.load_der_x509_certificate(der).subject.public_bytes()
    return addresses, subject


def _load_cert(data: Any, who: str = "a certificate") -> Any:
    """A ``cryptography`` certificate whose fields this module uses are all
    parsed now (``cryptography`` parses lazily and would otherwise raise
    ValueError or UnsupportedAlgorithm later, from deep inside a check)."""
    x509 = _crypto()[0]
    from cryptography.exceptions import UnsupportedAlgorithm
    try:
        cert = (x509.load_der_x509_certificate(bytes(data))
                if isinstance(data, (bytes, bytearray, memoryview)) else data)
        cert.subject.rfc4514_string()
        cert.issuer.rfc4514_string()
        cert.not_valid_before_utc, cert.not_valid_after_utc
        cert.public_key()
        cert.signature_hash_algorithm
        cert.version
    except (ValueError, TypeError, UnsupportedAlgorithm, x509.InvalidVersion):
        raise CertificateRejected("%s is not a usable DER certificate" % who,
                                  "malformed") from None
    return cert


def _check_validity(cert: Any, now: _dt.datetime, who: str) -> None:
    if now < cert.not_valid_before_utc:
        raise CertificateRejected("%s is not valid yet" % who, "not-yet-valid")
    if now > cert.not_valid_after_utc:
        raise CertificateRejected("%s has expired" % who, "expired")


def _check_ca(cert: Any, depth: int, who: str) -> None:
    """basicConstraints cA (and path length) and keyUsage keyCertSign, read
    from the raw extensions (``cryptography`` refuses to parse the
    extensions of a certificate with an x400Address anywhere in them)."""
    try:
        exts = {oid: value for oid, _, value in _raw_extensions(_der(cert))}
        is_ca, path_len = False, None
        bc = exts.get(_OID_BASIC_CONSTRAINTS)
        if bc is not None:
            s, e = _content(bc, 0)
            for cls, num, fs, fe in _walk(bc, s, e):
                if cls == 0 and num == 1:
                    is_ca = bool(ber.decode(_BOOL, bc[fs:fe]))
                elif cls == 0 and num == 2:
                    path_len = ber.decode(_INT, bc[fs:fe])
        ku = exts.get(_OID_KEY_USAGE)
        ku_bits = None if ku is None else ber.decode(BitString(), ku)
    except (DecodeError, IndexError, StopIteration):
        raise CertificateRejected("%s has malformed extensions" % who, "malformed") from None
    if not is_ca:
        raise CertificateRejected("%s is not a CA (basicConstraints)" % who, "not-a-ca")
    if path_len is not None and depth > path_len:
        raise CertificateRejected("path longer than %s allows" % who, "path-too-long")
    if ku_bits is not None:
        bits, nbits = ku_bits
        if nbits <= 5 or not bits[0] & 0x04:
            raise CertificateRejected("%s may not sign certificates" % who, "key-usage")


def _issued_by(cert: Any, issuer: Any) -> bool:
    try:
        cert.verify_directly_issued_by(issuer)
        return True
    except Exception:  # ValueError (names), InvalidSignature, TypeError (key type)
        return False


def verify_certificate(certificate: Any, chain: Sequence[Any] = (), *,
                       trusted_ca: Sequence[Any], expected_name: Optional[NameLike] = None,
                       now: Optional[_dt.datetime] = None,
                       require_name_binding: bool = True) -> Any:
    """Check a user certificate's path to a trusted CA and its name.

    Path: each certificate is issued (name and signature) by the next,
    taken from ``chain`` or ``trusted_ca``, until one issued by a trusted
    CA; every certificate on it is within its validity period; every issuer
    is a CA (basicConstraints, path length, keyCertSign); the user
    certificate has no critical extension this module does not understand
    and, when it has keyUsage, digitalSignature.  This is done by hand
    rather than with ``cryptography.x509.verification``: that API (48.x)
    refuses every certificate whose subjectAltName holds an x400Address
    (``UnsupportedGeneralNameType``) -- exactly the certificates X.400
    uses -- and its client profile insists on a subjectAltName.  Not
    checked: revocation (no CRL/OCSP), name constraints and policies.

    Name: when ``expected_name`` is given, one of the certificate's
    x400Address entries must equal its O/R address (X.400 matching rules);
    a certificate without any must have a subject equal to the name's
    directory name; a certificate with neither is refused when
    ``require_name_binding``.

    :returns: the user certificate as a ``cryptography`` object.
    :raises CertificateRejected: with ``reason`` naming the check.
    :raises NameMismatch: the certificate is someone else's.
    """
    _crypto()
    now = _utc(now)

    leaf = _load_cert(certificate, "the user certificate")
    pool = [_load_cert(c, "a path certificate") for c in chain]
    anchors = [_load_cert(c, "a trusted CA certificate") for c in trusted_ca]
    raw = _der(leaf)
    try:
        extensions = _raw_extensions(raw)
    except (DecodeError, IndexError, StopIteration):
        raise CertificateRejected("user certificate extensions do not decode", "malformed") from None
    for oid, critical, value in extensions:
        if critical and oid not in _KNOWN_LEAF_EXTENSIONS:
            raise CertificateRejected("user certificate has unknown critical extension %s" % oid,
                                      "critical-extension")
        if oid == _OID_KEY_USAGE:
            try:
                bits, nbits = ber.decode(BitString(), value)
            except DecodeError:
                raise CertificateRejected("keyUsage does not decode", "malformed") from None
            if not bits or not bits[0] & 0x80:
                raise CertificateRejected("user certificate may not sign (keyUsage)", "key-usage")
    _check_validity(leaf, now, "the user certificate")
    current, depth = leaf, 0
    while True:
        anchor = next((a for a in anchors if _issued_by(current, a)), None)
        if anchor is not None:
            _check_validity(anchor, now, "the trusted CA certificate")
            _check_ca(anchor, depth, "the trusted CA")
            break
        if depth >= _MAX_CHAIN:
            raise CertificateRejected("no path to a trusted CA within %d certificates"
                                      % _MAX_CHAIN, "path-too-long")
        issuer = next((c for c in pool if c is not current and _issued_by(current, c)), None)
        if issuer is None:
            raise CertificateRejected("certificate of %s is not issued by a trusted CA"
                                      % current.subject.rfc4514_string(), "untrusted")
        _check_validity(issuer, now, "an intermediate CA certificate")
        _check_ca(issuer, depth, "an intermediate certificate")
        current, depth = issuer, depth + 1
    if expected_name is not None:
        _bind_name(leaf, _name(expected_name), require_name_binding)
    return leaf


def _bind_name(leaf: Any, name: ORName, required: bool) -> None:
    addresses, subject = certificate_or_addresses(leaf)
    if addresses:
        if not any(a == name.address for a in addresses):
            raise NameMismatch("the certificate's O/R address is not %s" % name)
        return
    if name.directory_name is not None and subject is not None:
        if subject != name.directory_name:
            raise NameMismatch("the certificate's subject is not the directory name of %s" % name)
        return
    if required:
        raise NameMismatch("the certificate carries neither an O/R address nor the "
                           "directory name of %s" % name)


# ---------------------------------------------------------------------------
# TLS identities

class Identity:
    """A user's or server's key, certificate and trusted CAs.

    Made by :func:`load_identity`.  The passphrase is not kept: the key
    lives decrypted in memory (as a ``cryptography`` key object) and is
    handed to OpenSSL through a private temporary file holding it
    *encrypted* with a one-time random password, removed at once.
    """

    def __init__(self, private_key: Any, certificate: Any, chain: Sequence[Any],
                 ca_certificates: Sequence[Any]) -> None:
        self.private_key = private_key
        self.certificate = certificate
        self.chain = tuple(chain)
        self.ca_certificates = tuple(ca_certificates)

    def __repr__(self) -> str:
        return "Identity(subject=%r, cas=%d)" % (self.certificate.subject.rfc4514_string(),
                                                 len(self.ca_certificates))

    def ca_pem(self) -> str:
        _, _, serialization, *_ = _crypto()
        return "".join(c.public_bytes(serialization.Encoding.PEM).decode()
                       for c in self.ca_certificates)

    def _with_files(self, use: Callable[[str, str, bytes, str], ssl.SSLContext]) -> ssl.SSLContext:
        _, _, serialization, *_ = _crypto()
        one_time = base64.b64encode(os.urandom(24))
        tmp = tempfile.mkdtemp(prefix="x400fast-id-")  # mode 0700
        try:
            key_path = os.path.join(tmp, "key.pem")
            cert_path = os.path.join(tmp, "cert.pem")
            ca_path = os.path.join(tmp, "ca.pem")
            pem = self.private_key.private_bytes(
                serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                serialization.BestAvailableEncryption(one_time))
            for path, data in ((key_path, pem),
                               (cert_path, b"".join(c.public_bytes(serialization.Encoding.PEM)
                                                    for c in (self.certificate,) + self.chain)),
                               (ca_path, self.ca_pem().encode())):
                fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
                with os.fdopen(fd, "wb") as f:
                    f.write(data)
            return use(cert_path, key_path, one_time, ca_path)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)

    def client_context(self) -> ssl.SSLContext:
        """A verifying client context (io/tls.py rules) trusting this
        identity's CAs and presenting its certificate."""
        from .io import tls
        return self._with_files(lambda cert, key, pw, ca: tls.client_context(
            cadata=self.ca_pem(), certfile=cert, keyfile=key, password=pw))

    def server_context(self, *, require_client_certificate: bool = False) -> ssl.SSLContext:
        """A server context presenting this identity, asking clients for
        certificates issued by its CAs."""
        from .io import tls
        return self._with_files(lambda cert, key, pw, ca: tls.server_context(
            cert, key, password=pw, client_cafile=ca,
            require_client_certificate=require_client_certificate))

    def strong_credentials(self, responder_name: Union[NameLike, str], **kw: Any) -> StrongCredentials:
        """Fresh :class:`StrongCredentials` for one bind to ``responder_name``."""
        return StrongCredentials(self.private_key, self.certificate,
                                 responder_name=responder_name, chain=self.chain, **kw)


def load_identity(directory: Union[str, "os.PathLike[str]"],
                  passphrase: Union[str, bytes, None]) -> Identity:
    """Read ``ca.pem`` (the trusted CAs) and ``id.p12`` (key, certificate
    and chain, protected by ``passphrase``) from ``directory``.

    :raises IdentityError: a file is missing or unreadable, or the
        passphrase is wrong (the message never contains it).
    """
    x509, _, _, _, _, _, _, pkcs12 = _crypto()
    ca_path = os.path.join(os.fspath(directory), "ca.pem")
    p12_path = os.path.join(os.fspath(directory), "id.p12")
    try:
        with open(ca_path, "rb") as f:
            cas = x509.load_pem_x509_certificates(f.read())
    except OSError as exc:
        raise IdentityError("cannot read %s: %s" % (ca_path, exc.strerror)) from None
    except ValueError:
        raise IdentityError("%s holds no PEM certificate" % ca_path) from None
    try:
        with open(p12_path, "rb") as f:
            data = f.read()
    except OSError as exc:
        raise IdentityError("cannot read %s: %s" % (p12_path, exc.strerror)) from None
    pw = passphrase.encode("utf-8") if isinstance(passphrase, str) else passphrase
    try:
        bundle = pkcs12.load_pkcs12(data, pw)
    except (ValueError, TypeError):
        raise IdentityError("cannot open %s: wrong passphrase or not a PKCS#12 file"
                            % p12_path) from None
    if bundle.key is None or bundle.cert is None:
        raise IdentityError("%s lacks a private key or its certificate" % p12_path)
    return Identity(bundle.key, bundle.cert.certificate,
                    [c.certificate for c in bundle.additional_certs], cas)


def peer_certificate(tls_object: Any) -> Optional[bytes]:
    """DER of the TLS peer's certificate (an ``ssl.SSLSocket`` or
    ``SSLObject``), ``None`` when it presented none; pass it to
    :func:`verify` as ``tls_peer_certificate``, or to
    :func:`verify_certificate` to authenticate by TLS alone."""
    return tls_object.getpeercert(binary_form=True) or None
