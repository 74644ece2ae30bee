"""Protocol glue of the reference server: operation tables as ROSE
abstract syntaxes, bind syntaxes, and the small value builders the P3 and
P7 responders share (MTS identifiers, content types, O/R names).

Built from the tables of :mod:`x400fast.asn1.x411` and
:mod:`x400fast.asn1.x413` so that the server and the clients decode the
same types; nothing here touches a socket.
"""
from __future__ import annotations

from datetime import datetime
from typing import Any, Dict, List, Mapping, Optional, Sequence, Tuple

from .. import ber
from ..asn1 import x411, x413
from ..oraddress import ORAddress, ORName
from ..osi.rose import AbstractSyntax, BindSyntax, ErrorType, Operation

__all__ = [
    "P3_SYNTAXES", "P3_BINDS", "P3_CONTEXTS", "P7_SYNTAXES", "P7_BINDS", "P7_CONTEXTS",
    "MDSE", "T", "MS", "mts_identifier", "local_identifier", "content_type_text",
    "content_type_value", "PRIORITY_CODES", "PRIORITY_NAMES", "orname_of", "encode",
    "decode",
]

T = x411.MTSAbstractService
"""The X.411 module (types by name: ``T["MessageDeliveryArgument"]``)."""
MS = x413.MSAbstractService
"""The X.413 module."""

MDSE = (x411.id_as_mdse_94, x411.id_as_mdse_88)
"""Delivery abstract syntaxes, preferred first."""

PRIORITY_CODES = {"normal": 0, "non-urgent": 1, "urgent": 2}
PRIORITY_NAMES = {v: k for k, v in PRIORITY_CODES.items()}


def _syntax(oid: str, name: str, ops: Mapping[int, Any], errs: Mapping[int, Any]
            ) -> AbstractSyntax:
    return AbstractSyntax(
        oid, name,
        tuple(Operation(o.code, o.name, o.argument, o.result, frozenset(o.errors))
              for o in ops.values()),
        tuple(ErrorType(e.code, e.name, e.parameter) for e in errs.values()))


P3_SYNTAXES: Tuple[AbstractSyntax, ...] = tuple(
    _syntax(oid, name, x411.OPERATIONS[oid], x411.ERRORS[oid]) for oid, name in (
        (x411.id_as_msse, "msse"), (x411.id_as_mdse_88, "mdse-88"),
        (x411.id_as_mdse_94, "mdse-94"), (x411.id_as_mase_88, "mase-88"),
        (x411.id_as_mase_94, "mase-94")))
P3_BINDS: Tuple[BindSyntax, ...] = (
    BindSyntax(x411.id_as_mts, "mts", T["MTSBindArgument"], T["MTSBindResult"],
               T["MTSBindError"]),)
P3_CONTEXTS = (x411.id_ac_mts_access_88, x411.id_ac_mts_access_94)
"""Application contexts the P3 responder accepts (the non-RTSE ones a UA
initiates)."""

P7_SYNTAXES: Tuple[AbstractSyntax, ...] = tuple(
    _syntax(oid, name, ops, errs) for oid, name, ops, errs in (
        (x413.id_as_msse, "msse", x413.OPERATIONS[x413.id_as_msse],
         x413.ERRORS[x413.id_as_msse]),
        (x413.id_as_ms_msse, "ms-msse", x413.OPERATIONS[x413.id_as_ms_msse],
         x413.ERRORS[x413.id_as_ms_msse]),
        (x413.id_as_mrse_88, "mrse-88", x413.OPERATIONS[x413.id_as_mrse_88],
         x413.ERRORS[x413.id_as_mrse_88]),
        (x413.id_as_mrse_94, "mrse-94", x413.OPERATIONS[x413.id_as_mrse_94],
         x413.ERRORS[x413.id_as_mrse_94]),
        (x413.id_as_mase_88, "mase-88", x411.OPERATIONS[x411.id_as_mase_88],
         x411.ERRORS[x411.id_as_mase_88]),
        (x413.id_as_mase_94, "mase-94", x411.OPERATIONS[x411.id_as_mase_94],
         x411.ERRORS[x411.id_as_mase_94])))
P7_BINDS: Tuple[BindSyntax, ...] = tuple(
    BindSyntax(oid, name, x413.MS_BIND.argument, x413.MS_BIND.result, x413.MS_BIND.error)
    for oid, name in ((x413.id_as_ms_88, "ms-88"), (x413.id_as_ms_94, "ms-94")))
P7_CONTEXTS = (x413.id_ac_ms_access_88, x413.id_ac_ms_access_94)


def encode(type_name: str, value: Any) -> bytes:
    """BER of an X.411 type named as the standard names it."""
    return ber.encode(T[type_name], value)


def decode(type_name: str, data: bytes) -> Any:
    """Decode BER of an X.411 type."""
    return ber.decode(T[type_name], data)


def mts_identifier(domain: Mapping[str, Any], local: str) -> Dict[str, Any]:
    """An ``MTSIdentifier`` value: the server's global domain identifier
    with a store-generated local identifier."""
    return {"global_domain_identifier": dict(domain), "local_identifier": local}


def local_identifier(value: Any) -> Optional[str]:
    """The local identifier of an ``MTSIdentifier`` value (the store key)."""
    if isinstance(value, Mapping):
        local = value.get("local_identifier")
        if isinstance(local, str):
            return local
    return None


def domain_value(country: str, admd: str, prmd: Optional[str]) -> Dict[str, Any]:
    """A ``GlobalDomainIdentifier`` value from its three text parts."""
    v: Dict[str, Any] = {
        "country_name": ("numeric" if country.isdigit() else "iso_3166_alpha2_code", country),
        "administration_domain_name": ("numeric" if admd.isdigit() else "printable", admd)}
    if prmd:
        v["private_domain_identifier"] = ("numeric" if prmd.isdigit() else "printable", prmd)
    return v


def content_type_text(value: Any) -> str:
    """The store's text form of a ``ContentType`` value: ``"22"`` or an OID."""
    alternative, v = value
    if alternative == "extended_relative_oid":
        return "rel:" + bytes(v).hex()
    return str(v)


def content_type_value(text: Optional[str]) -> Any:
    """Back from :func:`content_type_text` (``None`` stays ``None``)."""
    if text is None:
        return None
    if text.startswith("rel:"):
        return ("extended_relative_oid", bytes.fromhex(text[4:]))
    if text.isdigit():
        return ("built_in", int(text))
    return ("extended", text)


def delivered_content_type(text: str) -> Any:
    """A ``DeliveredContentType`` value (same alternatives, other tags)."""
    return content_type_value(text)


def orname_of(value: Any) -> ORName:
    """An :class:`ORName` from a decoded ``ORName`` value (lenient: what
    arrived is kept even where it overruns an upper bound)."""
    return ORName.from_asn1(value, validate=False)


def address_key(address: ORAddress) -> str:
    """The text form used as the store key for an address."""
    return address.to_string()


def now_utc() -> datetime:
    from datetime import timezone
    return datetime.now(timezone.utc).replace(microsecond=0)


def password_of(credentials: Any) -> Optional[bytes]:
    """The simple password of a ``Credentials`` value, as octets; ``None``
    for strong or protected credentials (not supported by this server)."""
    if not isinstance(credentials, tuple) or len(credentials) != 2:
        return None
    kind, value = credentials
    if kind != "simple" or not isinstance(value, tuple) or len(value) != 2:
        return None
    form, pw = value
    if isinstance(pw, str):
        return pw.encode("latin-1", "replace")
    if isinstance(pw, (bytes, bytearray)):
        return bytes(pw)
    return None


def simple_credentials(password: str) -> Tuple[str, Any]:
    return ("simple", ("ia5_string", password))


def names(values: Sequence[Any]) -> List[ORName]:
    return [orname_of(v) for v in values]
