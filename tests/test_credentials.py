"""Bind credentials (simple, protected, strong), certificate checks and
TLS identities: x400fast.credentials."""
from __future__ import annotations

import base64
import datetime as dt
import logging
import os
import socket
import ssl
import threading
import time

import pytest

cryptography = pytest.importorskip("cryptography")
from cryptography import x509  # noqa: E402
from cryptography.hazmat.primitives import hashes, serialization  # noqa: E402
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, rsa  # noqa: E402
from cryptography.hazmat.primitives.serialization import pkcs12  # noqa: E402
from cryptography.x509.oid import ExtensionOID, NameOID  # noqa: E402

from x400fast import ber, credentials as cr, errors  # noqa: E402
from x400fast.asn1 import x411, x413  # noqa: E402
from x400fast.oraddress import ORName, parse_oraddress  # noqa: E402

NOW = dt.datetime(2025, 3, 1, 12, 0, 0, tzinfo=dt.timezone.utc)
SKEW = dt.timedelta(minutes=5)
PASSWORD = "s3cret-Pa55"
PASSPHRASE = "p12-Passphrase!"
USER = parse_oraddress("/C=GB/A=TestAD/P=TestPRMD/O=Org/OU=Sales/CN=P3User1/")
OTHER = parse_oraddress("/C=GB/A=TestAD/P=TestPRMD/O=Org/OU=Sales/CN=P3User2/")
MS = parse_oraddress("/C=GB/A=TestAD/P=TestPRMD/O=Org/CN=MessageStore/")
CREDENTIALS = x411.MTSAbstractService["Credentials"]


def secret_forms(secret: str):
    raw = secret.encode()
    return [secret, raw.hex(), raw.hex().upper(), base64.b64encode(raw).decode()]


def assert_no_secret(text: str, secret: str = PASSWORD) -> None:
    for form in secret_forms(secret):
        assert form not in text, "secret leaked in %r" % text


# --- a small PKI ------------------------------------------------------------

def _der_len(n: int) -> bytes:
    if n < 0x80:
        return bytes([n])
    b = n.to_bytes((n.bit_length() + 7) // 8, "big")
    return bytes([0x80 | len(b)]) + b


def san_x400(address) -> bytes:
    """GeneralNames { x400Address [3] IMPLICIT ORAddress } (RFC 5280)."""
    orad = address.to_ber()
    gn = b"\xa3" + orad[1:]
    return b"\x30" + _der_len(len(gn)) + gn


def make_name(cn: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Org"),
                      x509.NameAttribute(NameOID.COMMON_NAME, cn)])


def make_ca(cn="Test CA", key=None, days=(-10, 365)):
    key = key or ec.generate_private_key(ec.SECP256R1())
    name = make_name(cn)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name)
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(NOW + dt.timedelta(days=days[0]))
            .not_valid_after(NOW + dt.timedelta(days=days[1]))
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .add_extension(x509.KeyUsage(False, False, False, False, False, True, True,
                                         False, False), critical=True)
            .sign(key, hashes.SHA256()))
    return key, cert


def make_user(ca_key, ca_cert, cn, *, address=None, key=None, days=(-1, 30),
              dns=None):
    key = key or ec.generate_private_key(ec.SECP256R1())
    b = (x509.CertificateBuilder().subject_name(make_name(cn)).issuer_name(ca_cert.subject)
         .public_key(key.public_key()).serial_number(x509.random_serial_number())
         .not_valid_before(NOW + dt.timedelta(days=days[0]))
         .not_valid_after(NOW + dt.timedelta(days=days[1]))
         .add_extension(x509.KeyUsage(True, False, True, False, False, False, False,
                                      False, False), critical=True))
    if address is not None:
        b = b.add_extension(x509.UnrecognizedExtension(
            ExtensionOID.SUBJECT_ALTERNATIVE_NAME, san_x400(address)), critical=False)
    if dns is not None:
        b = b.add_extension(x509.SubjectAlternativeName(
            [x509.DNSName(dns), x509.IPAddress(__import__("ipaddress").ip_address(dns))
             if dns[0].isdigit() else x509.DNSName(dns)]), critical=False)
    return key, b.sign(ca_key, hashes.SHA256())


@pytest.fixture(scope="module")
def pki():
    ca_key, ca = make_ca()
    user_key, user = make_user(ca_key, ca, "P3User1", address=USER)
    return {"ca_key": ca_key, "ca": ca, "user_key": user_key, "user": user}


def strong_value(pki, *, key=None, cert=None, responder=MS, when=NOW, random=None, chain=()):
    return cr.StrongCredentials(key or pki["user_key"], cert or pki["user"],
                                responder_name=ORName(responder), time=when,
                                random=random, chain=chain).to_asn1()


def verify_strong(pki, value, **kw):
    args = dict(expected_name=ORName(USER), trusted_ca=[pki["ca"]],
                responder_name=ORName(MS), now=NOW, max_skew=SKEW)
    args.update(kw)
    return cr.verify(value, **args)


# --- simple -----------------------------------------------------------------

def test_simple_encodes_as_x411_and_verifies():
    value = cr.SimpleCredentials("secret").to_asn1()
    data = ber.encode(CREDENTIALS, value)
    assert data == bytes.fromhex("1606736563726574")   # p3-p7-binding.md 5.5
    assert ber.decode(CREDENTIALS, data) == value
    octets = cr.SimpleCredentials(b"secret").to_asn1()
    assert ber.encode(CREDENTIALS, octets) == bytes.fromhex("0406736563726574")
    for v in (value, octets, data):
        ident = cr.verify(v, expected_name=USER, password_lookup=lambda n: "secret",
                          hashed_store=False)
        assert ident.method == "simple" and ident.name == ORName(USER)


def test_simple_with_password_hash_and_unknown_user_same_error():
    stored = cr.PasswordHash.create(PASSWORD, n=2 ** 12)
    assert cr.PasswordHash.from_string(stored.to_string()) == stored
    users = {ORName(USER): stored}
    ok = cr.verify(cr.SimpleCredentials(PASSWORD).to_asn1(), expected_name=USER,
                   password_lookup=users.get)
    assert ok.method == "simple"
    msgs = []
    for name, pw in ((USER, "wrong"), (OTHER, PASSWORD)):
        with pytest.raises(errors.InvalidCredentials) as ei:
            cr.verify(cr.SimpleCredentials(pw).to_asn1(), expected_name=name,
                      password_lookup=users.get)
        msgs.append(str(ei.value).replace(str(name), "NAME"))
        assert_no_secret(str(ei.value))
    assert msgs[0] == msgs[1]


def test_unknown_user_costs_like_wrong_password():
    users = {ORName(USER): cr.PasswordHash.create(PASSWORD)}
    cr._dummy_hash()        # created once per process, outside the timing

    def cost(name, pw):
        t = time.perf_counter()
        for _ in range(3):
            with pytest.raises(errors.InvalidCredentials):
                cr.verify(cr.SimpleCredentials(pw).to_asn1(), expected_name=name,
                          password_lookup=users.get)
        return time.perf_counter() - t

    wrong, unknown = cost(USER, "nope"), cost(OTHER, "nope")
    assert 0.33 < unknown / wrong < 3.0


def test_simple_refused_when_not_allowed():
    with pytest.raises(errors.UnsupportedCredentials):
        cr.verify(cr.SimpleCredentials("x").to_asn1(), expected_name=USER,
                  password_lookup=lambda n: "x", allow_simple=False)


# --- protected ----------------------------------------------------------------

def protected(pw=PASSWORD, when=NOW, **kw):
    return cr.ProtectedPassword(pw, time1=when, **kw).to_asn1()


def lookup(name):
    return PASSWORD if name == ORName(USER) else None


def test_protected_round_trip_and_verify():
    value = protected(random2=b"r" * 16, time2=NOW)
    data = ber.encode(CREDENTIALS, value)
    assert data[0] == 0xA1                     # [1] protected
    decoded = ber.decode(CREDENTIALS, data)
    assert decoded == value
    assert decoded[1]["signature"]["algorithm_identifier"]["algorithm"] == cr.ID_SHA256
    assert PASSWORD.encode() not in data
    ident = cr.verify(decoded, expected_name=USER, password_lookup=lookup, now=NOW,
                      replay_cache=cr.ReplayCache())
    assert ident.method == "protected"
    # octet-string passwords hash their own form and verify too
    v2 = protected(pw=PASSWORD.encode())
    assert cr.verify(v2, expected_name=USER, password_lookup=lookup, now=NOW)


def test_protected_hash_is_sha256_of_der_set():
    p = cr.ProtectedPassword("pw", time1=NOW, random1=bytes(16))
    value = p.to_asn1()[1]
    tbs = bytes.fromhex("3126") + bytes.fromhex("16027077") \
        + b"\x80\x0d" + b"250301120000Z" + b"\x82\x11\x00" + bytes(16)
    import hashlib
    assert value["signature"]["encrypted"][0] == hashlib.sha256(tbs).digest()


def test_protected_replay_refused():
    cache = cr.ReplayCache()
    value = protected()
    cr.verify(value, expected_name=USER, password_lookup=lookup, now=NOW, replay_cache=cache)
    with pytest.raises(errors.ReplayedCredentials):
        cr.verify(value, expected_name=USER, password_lookup=lookup,
                  now=NOW + dt.timedelta(seconds=30), replay_cache=cache)
    # a fresh random passes
    cr.verify(protected(), expected_name=USER, password_lookup=lookup, now=NOW,
              replay_cache=cache)
    assert len(cache) == 2


def test_replay_cache_bounded():
    cache = cr.ReplayCache(max_entries=2)
    for _ in range(2):
        cr.verify(protected(), expected_name=USER, password_lookup=lookup, now=NOW,
                  replay_cache=cache)
    with pytest.raises(errors.ReplayCacheFull):
        cr.verify(protected(), expected_name=USER, password_lookup=lookup, now=NOW,
                  replay_cache=cache)
    later = NOW + dt.timedelta(minutes=4)      # old entries expired (time1 + skew)
    cr.verify(protected(when=later), expected_name=USER, password_lookup=lookup,
              now=later + dt.timedelta(minutes=2), replay_cache=cache)


def test_protected_wrong_password_and_unknown_user_same_error():
    texts = []
    for name, pw in ((USER, "wrong-password"), (OTHER, PASSWORD)):
        with pytest.raises(errors.InvalidCredentials) as ei:
            cr.verify(protected(pw=pw), expected_name=name, password_lookup=lookup, now=NOW)
        texts.append(str(ei.value).replace(str(name), "NAME"))
        assert_no_secret(str(ei.value))
    assert texts[0] == texts[1]


def test_protected_time_skew():
    for off in (dt.timedelta(minutes=6), -dt.timedelta(minutes=6)):
        with pytest.raises(errors.StaleCredentials) as ei:
            cr.verify(protected(when=NOW + off), expected_name=USER, password_lookup=lookup,
                      now=NOW)
        assert abs(ei.value.skew) > SKEW
    cr.verify(protected(when=NOW + dt.timedelta(minutes=4)), expected_name=USER,
              password_lookup=lookup, now=NOW)


def test_protected_without_replay_fields_or_unknown_algorithm():
    alt, v = protected()
    v = dict(v)
    del v["random1"]
    with pytest.raises(errors.UnsupportedCredentials):
        cr.verify((alt, v), expected_name=USER, password_lookup=lookup, now=NOW)
    alt, v = protected()
    v = dict(v, signature=dict(v["signature"], algorithm_identifier={"algorithm": "1.3.14.3.2.26"}))
    with pytest.raises(errors.UnsupportedCredentials):
        cr.verify((alt, v), expected_name=USER, password_lookup=lookup, now=NOW)


def test_protected_tampered_time_refused():
    alt, v = protected()
    v = dict(v, time1=NOW + dt.timedelta(seconds=1))
    with pytest.raises(errors.InvalidCredentials):
        cr.verify((alt, v), expected_name=USER, password_lookup=lookup, now=NOW)


def test_malformed_credentials():
    with pytest.raises(errors.MalformedCredentials):
        cr.verify(b"\xa1\x05\x00", expected_name=USER, password_lookup=lookup)
    with pytest.raises(errors.MalformedCredentials):
        cr.verify("nonsense", expected_name=USER, password_lookup=lookup)


# --- strong -----------------------------------------------------------------

def test_strong_round_trip_and_verify(pki):
    value = strong_value(pki)
    data = ber.encode(CREDENTIALS, value)
    assert data[0] == 0xA0
    decoded = ber.decode(CREDENTIALS, data)
    assert decoded == value
    assert decoded[1]["certificate"]["user_certificate"] == pki["user"].public_bytes(
        serialization.Encoding.DER)
    token = ber.decode(x411.MTSAbstractService["AsymmetricToken"],
                       decoded[1]["bind_token"]["token"])
    assert token["asymmetric_token_data"]["name"][0] == "recipient_name"
    assert token["algorithm_identifier"]["algorithm"] == cr.ID_ECDSA_WITH_SHA256
    cache = cr.ReplayCache()
    ident = verify_strong(pki, decoded, replay_cache=cache)
    assert ident.method == "strong" and ident.is_strong
    assert ident.certificate == decoded[1]["certificate"]["user_certificate"]
    with pytest.raises(errors.ReplayedCredentials):
        verify_strong(pki, decoded, replay_cache=cache)


def test_strong_in_ms_bind_argument(pki):
    arg = {"initiator_name": ORName(USER).to_asn1(),
           "initiator_credentials": strong_value(pki)}
    t = x413.MSAbstractService["MSBindArgument"]
    back = ber.decode(t, ber.encode(t, arg))
    assert verify_strong(pki, back["initiator_credentials"],
                         expected_name=back["initiator_name"]).method == "strong"


@pytest.mark.parametrize("make_key", [
    lambda: rsa.generate_private_key(65537, 2048), ed25519.Ed25519PrivateKey.generate])
def test_strong_other_key_types(pki, make_key):
    key, cert = make_user(pki["ca_key"], pki["ca"], "P3User1", address=USER, key=make_key())
    assert verify_strong(pki, strong_value(pki, key=key, cert=cert)).method == "strong"


def test_strong_wrong_key(pki):
    other = ec.generate_private_key(ec.SECP256R1())
    with pytest.raises(errors.BadSignature):
        verify_strong(pki, strong_value(pki, key=other))


def test_strong_untrusted_ca(pki):
    ca_key, ca = make_ca("Rogue CA")
    key, cert = make_user(ca_key, ca, "P3User1", address=USER)
    with pytest.raises(errors.CertificateRejected) as ei:
        verify_strong(pki, strong_value(pki, key=key, cert=cert))
    assert ei.value.reason == "untrusted"


def test_strong_expired_and_not_yet_valid(pki):
    for days, reason in (((-30, -1), "expired"), ((1, 30), "not-yet-valid")):
        key, cert = make_user(pki["ca_key"], pki["ca"], "P3User1", address=USER, days=days)
        with pytest.raises(errors.CertificateRejected) as ei:
            verify_strong(pki, strong_value(pki, key=key, cert=cert))
        assert ei.value.reason == reason


def test_strong_name_mismatch(pki):
    with pytest.raises(errors.NameMismatch):        # certificate of P3User1, bound as P3User2
        verify_strong(pki, strong_value(pki), expected_name=ORName(OTHER))
    with pytest.raises(errors.NameMismatch):        # token made for another responder
        verify_strong(pki, strong_value(pki, responder=OTHER))


def test_strong_time_skew(pki):
    with pytest.raises(errors.StaleCredentials):
        verify_strong(pki, strong_value(pki, when=NOW - dt.timedelta(minutes=10)))


def test_strong_intermediate_chain(pki):
    ikey = ec.generate_private_key(ec.SECP256R1())
    inter = (x509.CertificateBuilder().subject_name(make_name("Intermediate"))
             .issuer_name(pki["ca"].subject).public_key(ikey.public_key())
             .serial_number(x509.random_serial_number())
             .not_valid_before(NOW - dt.timedelta(days=1))
             .not_valid_after(NOW + dt.timedelta(days=100))
             .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
             .sign(pki["ca_key"], hashes.SHA256()))
    key, cert = make_user(ikey, inter, "P3User1", address=USER)
    value = strong_value(pki, key=key, cert=cert, chain=[inter])
    assert verify_strong(pki, ber.decode(CREDENTIALS, ber.encode(CREDENTIALS, value)))
    with pytest.raises(errors.CertificateRejected):          # path not supplied
        verify_strong(pki, strong_value(pki, key=key, cert=cert))
    # a leaf (not a CA) cannot issue
    key2, cert2 = make_user(pki["user_key"], pki["user"], "P3User1", address=USER)
    with pytest.raises(errors.CertificateRejected) as ei:
        verify_strong(pki, strong_value(pki, key=key2, cert=cert2, chain=[pki["user"]]))
    assert ei.value.reason == "not-a-ca"


def test_certificate_with_directory_name_in_subject(pki):
    key, cert = make_user(pki["ca_key"], pki["ca"], "P3User1")      # no x400Address
    dn = cert.subject.public_bytes()
    good = ORName(USER, directory_name=dn)
    assert verify_strong(pki, strong_value(pki, key=key, cert=cert), expected_name=good)
    with pytest.raises(errors.NameMismatch):
        verify_strong(pki, strong_value(pki, key=key, cert=cert))      # name has no DN
    ident = verify_strong(pki, strong_value(pki, key=key, cert=cert),
                          require_name_binding=False)
    assert ident.method == "strong"


def test_certificate_or_addresses(pki):
    addrs, subject = cr.certificate_or_addresses(pki["user"])
    assert addrs == [USER]
    assert subject == pki["user"].subject.public_bytes()


def test_strong_tampered_token(pki):
    alt, v = strong_value(pki)
    tok = bytearray(v["bind_token"]["token"])
    tok[-10] ^= 1                                   # inside the signature
    v = dict(v, bind_token=dict(v["bind_token"], token=bytes(tok)))
    with pytest.raises((errors.BadSignature, errors.MalformedCredentials)):
        verify_strong(pki, (alt, v))
    alt, v = strong_value(pki)
    v = dict(v, bind_token=dict(v["bind_token"], token=b"\x30\x03\x02\x01"))
    with pytest.raises(errors.MalformedCredentials):
        verify_strong(pki, (alt, v))


def test_strong_without_trusted_ca(pki):
    with pytest.raises(errors.UnsupportedCredentials):
        cr.verify(strong_value(pki), expected_name=USER, now=NOW)


# --- secrets never shown -------------------------------------------------------

def test_reprs_and_errors_never_show_secrets(pki, tmp_path, caplog):
    caplog.set_level(logging.DEBUG)
    texts = [repr(cr.SimpleCredentials(PASSWORD)), repr(cr.ProtectedPassword(PASSWORD)),
             repr(cr.StrongCredentials(pki["user_key"], pki["user"], responder_name=MS))]
    stored = cr.PasswordHash.create(PASSWORD, n=2 ** 12)
    texts.append(repr(stored))
    for call in (
            lambda: cr.verify(cr.SimpleCredentials(PASSWORD + "x").to_asn1(),
                              expected_name=USER, password_lookup=lookup, hashed_store=False),
            lambda: cr.verify(protected(pw=PASSWORD + "x"), expected_name=USER,
                              password_lookup=lookup, now=NOW),
            lambda: cr.verify(protected(), expected_name=USER,
                              password_lookup=lambda n: stored, now=NOW)):
        with pytest.raises(errors.AuthenticationError) as ei:
            call()
        texts += [str(ei.value), repr(ei.value)]
    write_identity(tmp_path, pki, "P3User1", USER)
    with pytest.raises(errors.IdentityError) as ei:
        cr.load_identity(tmp_path, PASSPHRASE + "wrong")
    texts += [str(ei.value), repr(ei.value)]
    ident = cr.load_identity(tmp_path, PASSPHRASE)
    texts.append(repr(ident))
    texts.append(caplog.text)
    for t in texts:
        assert_no_secret(t, PASSWORD)
        assert_no_secret(t, PASSPHRASE)
        assert_no_secret(t, PASSPHRASE + "wrong")


# --- identities and TLS ------------------------------------------------------------

def write_identity(directory, pki, cn, address, dns=None):
    key, cert = make_user(pki["ca_key"], pki["ca"], cn, address=address, dns=dns,
                          days=(-1, 30))
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "ca.pem").write_bytes(pki["ca"].public_bytes(serialization.Encoding.PEM))
    (directory / "id.p12").write_bytes(pkcs12.serialize_key_and_certificates(
        cn.encode(), key, cert, None,
        serialization.BestAvailableEncryption(PASSPHRASE.encode())))
    return key, cert


@pytest.fixture(scope="module")
def live_pki():
    """A CA valid around the real clock (OpenSSL checks validity with it)."""
    global NOW
    saved, NOW = NOW, dt.datetime.now(dt.timezone.utc)
    try:
        ca_key, ca = make_ca("Live CA")
    finally:
        NOW = saved
    return {"ca_key": ca_key, "ca": ca, "now": dt.datetime.now(dt.timezone.utc)}


def test_load_identity(tmp_path, pki):
    key, cert = write_identity(tmp_path / "u", pki, "P3User1", USER)
    ident = cr.load_identity(tmp_path / "u", PASSPHRASE)
    assert ident.certificate == cert and list(ident.ca_certificates) == [pki["ca"]]
    value = ident.strong_credentials(ORName(MS), time=NOW).to_asn1()
    assert verify_strong(pki, value).method == "strong"
    with pytest.raises(errors.IdentityError):
        cr.load_identity(tmp_path / "missing", PASSPHRASE)
    (tmp_path / "u" / "id.p12").write_bytes(b"not pkcs12")
    with pytest.raises(errors.IdentityError):
        cr.load_identity(tmp_path / "u", PASSPHRASE)


def test_tls_handshake_between_two_identities(tmp_path, live_pki):
    global NOW
    saved, NOW = NOW, live_pki["now"]
    try:
        write_identity(tmp_path / "server", live_pki, "server", None, dns="127.0.0.1")
        write_identity(tmp_path / "client", live_pki, "P3User1", USER)
    finally:
        NOW = saved
    before = set(os.listdir(__import__("tempfile").gettempdir()))
    server = cr.load_identity(tmp_path / "server", PASSPHRASE).server_context(
        require_client_certificate=True)
    client = cr.load_identity(tmp_path / "client", PASSPHRASE).client_context()
    after = set(os.listdir(__import__("tempfile").gettempdir()))
    assert not [n for n in after - before if n.startswith("x400fast-id-")]
    assert client.verify_mode == ssl.CERT_REQUIRED and client.check_hostname

    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)
    port = listener.getsockname()[1]
    result = {}

    def serve():
        conn, _ = listener.accept()
        with server.wrap_socket(conn, server_side=True) as s:
            result["peer"] = cr.peer_certificate(s)
            s.sendall(s.recv(5))

    t = threading.Thread(target=serve)
    t.start()
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=10) as raw:
            with client.wrap_socket(raw, server_hostname="127.0.0.1") as s:
                s.sendall(b"hello")
                assert s.recv(5) == b"hello"
                assert cr.peer_certificate(s) is not None
    finally:
        t.join(10)
        listener.close()
    # the server maps the client's TLS certificate to the bound O/R name
    leaf = cr.verify_certificate(result["peer"], trusted_ca=[live_pki["ca"]],
                                 expected_name=USER)
    assert cr.certificate_or_addresses(leaf)[0] == [USER]
    with pytest.raises(errors.NameMismatch):
        cr.verify_certificate(result["peer"], trusted_ca=[live_pki["ca"]], expected_name=OTHER)
    ident = cr.verify(cr.SimpleCredentials(PASSWORD).to_asn1(), expected_name=USER,
                      password_lookup=lookup, hashed_store=False,
                      tls_peer_certificate=result["peer"])
    assert ident.tls_peer_certificate == result["peer"]


# cryptography warns (negative serials, bad attribute lengths) about mutated certificates
@pytest.mark.filterwarnings("ignore")
def test_mutated_credentials_raise_only_authentication_errors(pki):
    """Flipped octets anywhere in strong or protected credentials BER end in
    an AuthenticationError leaf (or, rarely, still verify), nothing else."""
    import random
    rng = random.Random(int(os.environ.get("X400FAST_FUZZ_SEED", "7")))
    cases = [ber.encode(CREDENTIALS, strong_value(pki)), ber.encode(CREDENTIALS, protected())]
    for data in cases:
        for _ in range(150):
            m = bytearray(data)
            for _ in range(rng.randint(1, 3)):
                m[rng.randrange(len(m))] = rng.randrange(256)
            try:
                verify_strong(pki, bytes(m), password_lookup=lookup)
            except errors.AuthenticationError:
                pass
