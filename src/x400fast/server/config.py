"""Configuration of the reference server: users, ports, TLS, limits.

A configuration comes from code (:class:`ServerConfig`), from the command
line (``--user ADDRESS:PASSWORD[:ms|p3]``) or from a file, TOML (read with
``tomllib`` on Python 3.11+) or JSON (any version)::

    # x400fast-server.toml
    host = "127.0.0.1"
    p3_port = 10102          # 0: pick a free port
    p7_port = 10103
    store = "/var/lib/x400fast/store.sqlite"   # omitted: a temporary store
    domain = ["XX", " ", "x400fast"]           # C, ADMD, PRMD of MTS identifiers
    require_tls_for_password = false
    tls_cert = "server.pem"                    # both given: TLS on both ports
    tls_key = "server.key"

    [limits]
    max_associations = 64
    max_outstanding = 64
    max_recipients = 256
    max_content_size = 4194304

    [[users]]
    address = "/CN=Alice/O=Org/PRMD=P/ADMD= /C=XX/"
    password = "secret"
    mode = "ms"              # "ms" (Message Store, P7) or "p3" (P3 delivery)

The file's keys are the field names of :class:`ServerConfig` and
:class:`Limits`; unknown keys are refused so that a misspelt one is not
silently ignored.
"""
from __future__ import annotations

import json
import os
import sys
from dataclasses import dataclass, field, fields, replace
from typing import Any, Dict, Mapping, Optional, Sequence, Tuple, Union

from ..errors import AddressError, ServerConfigError
from ..oraddress import ORAddress

__all__ = ["UserSpec", "Limits", "ServerConfig", "parse_user", "load_config"]


@dataclass(frozen=True)
class UserSpec:
    """One local user: O/R address, password and delivery mode."""

    address: str
    password: str
    mode: str = "ms"

    def __post_init__(self) -> None:
        if self.mode not in ("ms", "p3"):
            raise ServerConfigError("user %s: mode must be 'ms' or 'p3', not %r"
                                    % (self.address, self.mode))
        try:
            ORAddress.parse(self.address)
        except AddressError as exc:
            raise ServerConfigError("user address %r: %s" % (self.address, exc)) from None
        if not isinstance(self.password, str) or not self.password:
            raise ServerConfigError("user %s: a password is required" % self.address)

    @property
    def or_address(self) -> ORAddress:
        return ORAddress.parse(self.address)


@dataclass(frozen=True)
class Limits:
    """Resource limits (reliability.md section 5.4).

    :param max_associations: associations open at once, P3 and P7 together;
        beyond it a connection is closed at once.
    :param max_unbound: connections not yet bound.
    :param max_outstanding: unanswered invocations per association; beyond
        it ROSE rejects with resourceLimitation.
    :param max_recipients: recipients per submitted message
        (recipient-improperly-specified beyond it).
    :param max_content_size: octets of one content
        (submission-control-violated beyond it).
    :param bind_timeout: seconds from TCP accept to a completed bind.
    :param idle_timeout: seconds an association may stay idle.
    :param failed_bind_delay: seconds a refused bind is held back
        (throttles password guessing).
    """

    max_associations: int = 64
    max_unbound: int = 16
    max_outstanding: int = 64
    max_recipients: int = 256
    max_content_size: int = 4 * 1024 * 1024
    bind_timeout: float = 10.0
    idle_timeout: Optional[float] = 600.0
    failed_bind_delay: float = 0.2


@dataclass(frozen=True)
class ServerConfig:
    """Everything a :class:`~x400fast.server.Server` needs.

    ``p3_port``/``p7_port`` 0 pick free ports; ``store`` ``None`` means a
    temporary store removed when the server stops.
    """

    host: str = "127.0.0.1"
    p3_port: int = 10102
    p7_port: int = 10103
    users: Tuple[UserSpec, ...] = ()
    store: Optional[str] = None
    domain: Tuple[str, str, Optional[str]] = ("XX", " ", "x400fast")
    mta_name: str = "x400fast"
    tls_cert: Optional[str] = None
    tls_key: Optional[str] = None
    require_tls_for_password: bool = False
    limits: Limits = field(default_factory=Limits)
    scrypt_n: int = 2 ** 14
    deferred_poll: float = 0.2

    def __post_init__(self) -> None:
        users = tuple(u if isinstance(u, UserSpec) else _user_from(u) for u in self.users)
        object.__setattr__(self, "users", users)
        seen = set()
        for u in users:
            a = u.or_address
            if a in seen:
                raise ServerConfigError("user %s is configured twice" % u.address)
            seen.add(a)
        if (self.tls_cert is None) != (self.tls_key is None) and self.tls_key is not None:
            raise ServerConfigError("tls_key given without tls_cert")
        if self.require_tls_for_password and self.tls_cert is None:
            raise ServerConfigError("require_tls_for_password needs tls_cert")
        for name in ("p3_port", "p7_port"):
            port = getattr(self, name)
            if not isinstance(port, int) or not 0 <= port <= 65535:
                raise ServerConfigError("%s must be 0..65535" % name)
        if len(self.domain) not in (2, 3):
            raise ServerConfigError("domain is [country, ADMD] or [country, ADMD, PRMD]")

    def with_changes(self, **changes: Any) -> "ServerConfig":
        return replace(self, **changes)


def parse_user(text: str) -> UserSpec:
    """``ADDRESS:PASSWORD[:ms|p3]`` (the address may contain ``:``; the
    password and mode are taken from the right)."""
    mode = "ms"
    head, sep, last = text.rpartition(":")
    if not sep:
        raise ServerConfigError("--user wants ADDRESS:PASSWORD[:ms|p3], got %r" % text)
    if last in ("ms", "p3") and ":" in head:
        mode = last
        head, sep, last = head.rpartition(":")
    return UserSpec(head, last, mode)


def _user_from(value: Any) -> UserSpec:
    if isinstance(value, str):
        return parse_user(value)
    if isinstance(value, Mapping):
        unknown = set(value) - {"address", "password", "mode"}
        if unknown:
            raise ServerConfigError("unknown user keys: %s" % ", ".join(sorted(unknown)))
        try:
            return UserSpec(value["address"], value["password"], value.get("mode", "ms"))
        except KeyError as exc:
            raise ServerConfigError("user entry without %s" % exc) from None
    if isinstance(value, (tuple, list)) and 2 <= len(value) <= 3:
        return UserSpec(*value)
    raise ServerConfigError("a user is a UserSpec, a mapping or 'ADDRESS:PASSWORD[:mode]'")


def _read(path: str) -> Dict[str, Any]:
    with open(path, "rb") as f:
        data = f.read()
    if path.endswith(".json"):
        return json.loads(data.decode("utf-8"))
    if sys.version_info >= (3, 11):
        import tomllib
        return tomllib.loads(data.decode("utf-8"))
    try:  # pragma: no cover - Python < 3.11
        import tomli  # type: ignore[import-not-found]
    except ImportError:  # pragma: no cover
        raise ServerConfigError("TOML needs Python 3.11+ or the tomli package; "
                                "use a .json file") from None
    return tomli.loads(data.decode("utf-8"))  # pragma: no cover


def load_config(path: Union[str, "os.PathLike[str]"], **overrides: Any) -> ServerConfig:
    """Read a TOML (or ``.json``) configuration file; ``overrides`` replace
    its values (command-line options)."""
    path = os.fspath(path)
    try:
        raw = _read(path)
    except (OSError, ValueError) as exc:
        raise ServerConfigError("cannot read %s: %s" % (path, exc)) from None
    known = {f.name for f in fields(ServerConfig)}
    unknown = set(raw) - known
    if unknown:
        raise ServerConfigError("%s: unknown keys %s" % (path, ", ".join(sorted(unknown))))
    kwargs: Dict[str, Any] = dict(raw)
    if "limits" in kwargs:
        lim = kwargs["limits"]
        lknown = {f.name for f in fields(Limits)}
        if set(lim) - lknown:
            raise ServerConfigError("%s: unknown limits %s"
                                    % (path, ", ".join(sorted(set(lim) - lknown))))
        kwargs["limits"] = Limits(**lim)
    if "users" in kwargs:
        kwargs["users"] = tuple(_user_from(u) for u in kwargs["users"])
    if "domain" in kwargs:
        kwargs["domain"] = tuple(kwargs["domain"])
    base = os.path.dirname(os.path.abspath(path))
    for key in ("store", "tls_cert", "tls_key"):
        if isinstance(kwargs.get(key), str) and not os.path.isabs(kwargs[key]):
            kwargs[key] = os.path.join(base, kwargs[key])
    for k, v in overrides.items():
        if v is not None:
            kwargs[k] = v
    return ServerConfig(**kwargs)


def merge_users(config: ServerConfig, users: Sequence[Any]) -> ServerConfig:
    """``config`` with more users (command line after file)."""
    return replace(config, users=tuple(config.users) + tuple(_user_from(u) for u in users))
