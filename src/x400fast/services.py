"""Protocol glue between the OSI stack and P3/P7, for both roles.

What a P3 or P7 peer needs beyond the ASN.1 tables, in one place so that
the clients (:mod:`x400fast.client`) and a responder (the reference server,
test responders) build their associations the same way:

* the ROSE operation tables of every P3 and P7 abstract syntax, built
  from :data:`x400fast.asn1.x411.OPERATIONS` / :data:`~x400fast.asn1.x413.OPERATIONS`
  (:data:`P3_SYNTAXES`, :data:`P7_SYNTAXES`) and the bind syntaxes
  (:data:`P3_BINDS`, :data:`P7_BINDS`);
* the application-context choice (:func:`p3_context`, :func:`p7_context`)
  and the abstract syntaxes each context proposes (:func:`syntaxes_of`);
* bind arguments from an O/R name, a simple password and an optional
  directory name (:func:`mts_bind_argument`, :func:`ms_bind_argument`),
  bind results for a responder (:func:`mts_bind_result`,
  :func:`ms_bind_result`), and what a bind argument carries
  (:func:`password_of`, :func:`initiator_of`);
* the default addresses real peers use (:func:`p3_address`,
  :func:`p7_address`: Isode's example TSELs "593" and "3001");
* the mapping of every P3/P7 returnError to its precise exception
  (:func:`operation_error`) and of a refused bind to
  :class:`~x400fast.errors.BindRefused` (:func:`bind_refused`).

Nothing here touches a socket.
"""
from __future__ import annotations

from typing import Any, Dict, Mapping, Optional, Tuple, Type, Union

from . import ber
from .asn1 import x411, x413
from .errors import (AssociationRejected, AuthenticationFailed, BindRefused,
                     OperationError, RemoteOperationError)
from . import errors as _errors
from .io._address import Address
from .oraddress import ORAddress, ORName
from .osi.acse import APPLICATION_CONTEXTS
from .osi.rose import AbstractSyntax, BindSyntax

__all__ = [
    "P3_SYNTAXES", "P3_BINDS", "P7_SYNTAXES", "P7_BINDS", "P3_CONTEXTS", "P7_CONTEXTS",
    "p3_context", "p7_context", "syntaxes_of", "p3_address", "p7_address",
    "simple_credentials", "password_of", "orname_value", "initiator_of",
    "mts_bind_argument", "ms_bind_argument", "mts_bind_result", "ms_bind_result",
    "mts_bind_error", "ms_bind_error", "operation_error", "bind_refused",
    "ERROR_CLASSES", "MTS", "MS",
]

MTS = x411.MTSAbstractService
"""The X.411 module (types by name)."""
MS = x413.MSAbstractService
"""The X.413 module (types by name)."""

# ---------------------------------------------------------------------------
# Operation tables


def _syntax(oid: str, name: str, ops: Mapping[int, Any], errs: Mapping[int, Any]
            ) -> AbstractSyntax:
    return AbstractSyntax.from_tables(oid, name, ops, errs)


P3_SYNTAXES: Tuple[AbstractSyntax, ...] = tuple(
    _syntax(oid, name, x411.OPERATIONS[oid], x411.ERRORS[oid]) for oid, name in (
        (x411.id_as_msse, "msse"), (x411.id_as_mdse_88, "mdse-88"),
        (x411.id_as_mdse_94, "mdse-94"), (x411.id_as_mase_88, "mase-88"),
        (x411.id_as_mase_94, "mase-94")))
"""Every abstract syntax of mts-access-88 and -94 (both roles)."""

P3_BINDS: Tuple[BindSyntax, ...] = (
    BindSyntax(x411.id_as_mts, "mts", MTS["MTSBindArgument"], MTS["MTSBindResult"],
               MTS["MTSBindError"]),)
"""The MTS bind (id-as-mts, used by both P3 editions)."""

P7_SYNTAXES: Tuple[AbstractSyntax, ...] = tuple(
    _syntax(oid, name, ops, errs) for oid, name, ops, errs in (
        (x411.id_as_msse, "msse", x413.OPERATIONS[x411.id_as_msse],
         x413.ERRORS[x411.id_as_msse]),
        (x411.id_as_ms_msse, "ms-msse", x413.OPERATIONS[x411.id_as_ms_msse],
         x413.ERRORS[x411.id_as_ms_msse]),
        (x411.id_as_mrse_88, "mrse-88", x413.OPERATIONS[x411.id_as_mrse_88],
         x413.ERRORS[x411.id_as_mrse_88]),
        (x411.id_as_mrse_94, "mrse-94", x413.OPERATIONS[x411.id_as_mrse_94],
         x413.ERRORS[x411.id_as_mrse_94]),
        (x411.id_as_mase_88, "mase-88", x411.OPERATIONS[x411.id_as_mase_88],
         x411.ERRORS[x411.id_as_mase_88]),
        (x411.id_as_mase_94, "mase-94", x411.OPERATIONS[x411.id_as_mase_94],
         x411.ERRORS[x411.id_as_mase_94])))
"""Every abstract syntax of ms-access-88 and -94 (both roles)."""

P7_BINDS: Tuple[BindSyntax, ...] = tuple(
    BindSyntax(oid, name, x413.MS_BIND.argument, x413.MS_BIND.result, x413.MS_BIND.error)
    for oid, name in ((x411.id_as_ms_88, "ms-88"), (x411.id_as_ms_94, "ms-94")))
"""The MS bind on ms-88 and ms-94 (same types)."""

P3_CONTEXTS: Dict[int, str] = {1988: x411.id_ac_mts_access_88, 1994: x411.id_ac_mts_access_94}
"""mts-access application contexts by edition (the ones a UA initiates)."""
P7_CONTEXTS: Dict[int, str] = {1988: x411.id_ac_ms_access_88, 1994: x411.id_ac_ms_access_94}
"""ms-access application contexts by edition; 1988 is the default (see
p3-p7-binding.md section 3: Isode's store is reported not to offer MS(94)
and Wireshark dissects only the 1988 syntaxes)."""


def _context(table: Dict[int, str], value: Union[int, str, None], default: int,
             what: str) -> str:
    if value is None:
        value = default
    if isinstance(value, int) and not isinstance(value, bool):
        try:
            return table[value]
        except KeyError:
            raise ValueError("%s edition must be one of %s, not %r"
                             % (what, sorted(table), value)) from None
    if isinstance(value, str) and value in APPLICATION_CONTEXTS:
        return value
    raise ValueError("unknown %s application context %r" % (what, value))


def p3_context(value: Union[int, str, None] = None) -> str:
    """The P3 application context OID: an edition (1988, the default, or
    1994) or an OID string known to the stack."""
    return _context(P3_CONTEXTS, value, 1988, "P3")


def p7_context(value: Union[int, str, None] = None) -> str:
    """The P7 application context OID: an edition (1988, the default, or
    1994) or an OID string known to the stack."""
    return _context(P7_CONTEXTS, value, 1988, "P7")


def syntaxes_of(application_context: str) -> Tuple[str, ...]:
    """The abstract syntaxes X.419 proposes for an application context
    (submission, delivery/retrieval, administration, bind)."""
    return tuple(APPLICATION_CONTEXTS[application_context].abstract_syntaxes)


def _role_syntax(application_context: str, index: int) -> str:
    return syntaxes_of(application_context)[index]


def submission_syntax(application_context: str) -> str:
    """The abstract syntax of submission operations in a context."""
    return _role_syntax(application_context, 0)


def delivery_syntax(application_context: str) -> str:
    """The abstract syntax of delivery (P3) or retrieval (P7) operations."""
    return _role_syntax(application_context, 1)


def administration_syntax(application_context: str) -> str:
    """The abstract syntax of register / change-credentials."""
    return _role_syntax(application_context, 2)


# ---------------------------------------------------------------------------
# Addresses


def _default_address(address: Union[Address, str], port: int, tsel: bytes) -> Address:
    if isinstance(address, Address):
        return address
    if not isinstance(address, str):
        raise TypeError("an address is an Address or a str, not %s" % type(address).__name__)
    text = address.strip()
    if "/" in text or "=" in text:
        return Address.parse(text)          # selectors given explicitly
    host, sep, p = text.rpartition(":")
    if not sep or not p.isdigit():
        host, p = text, ""
    return Address(host.strip("[]"), int(p) if p else port, tsel=tsel)


def p3_address(address: Union[Address, str], *, port: int = 102, tsel: bytes = b"593"
               ) -> Address:
    """An MTA's address.  ``"host"`` or ``"host:port"`` get TSEL "593" and
    port 102 (Isode's example P3 address ``"593"/Internet=host``); an
    ISODE-style string with selectors, or an :class:`Address`, is taken
    as given."""
    return _default_address(address, port, tsel)


def p7_address(address: Union[Address, str], *, port: int = 3001, tsel: bytes = b"3001"
               ) -> Address:
    """A Message Store's address.  ``"host"`` or ``"host:port"`` get TSEL
    "3001" and port 3001 (Isode's example ``"3001"/Internet=host+3001``)."""
    return _default_address(address, port, tsel)


# ---------------------------------------------------------------------------
# Bind values


def simple_credentials(password: Union[str, bytes]) -> Tuple[str, Any]:
    """``Credentials`` simple: a str goes as IA5String (what peers expect),
    bytes as OCTET STRING."""
    if isinstance(password, str):
        return ("simple", ("ia5_string", password))
    if isinstance(password, (bytes, bytearray)):
        return ("simple", ("octet_string", bytes(password)))
    raise TypeError("a password is a str or bytes")


def password_of(credentials: Any) -> Optional[bytes]:
    """The simple password in a ``Credentials`` value (either string form),
    as bytes; ``None`` for strong or protected credentials."""
    if not isinstance(credentials, tuple) or len(credentials) != 2:
        return None
    kind, value = credentials
    if kind != "simple" or not isinstance(value, tuple):
        return None
    pw = value[1]
    if isinstance(pw, str):
        return pw.encode("latin-1")
    return bytes(pw)


def _as_orname(name: Union[ORName, ORAddress, str], directory_name: Optional[bytes]
               ) -> ORName:
    if isinstance(name, str):
        name = ORName(ORAddress.parse(name))
    elif isinstance(name, ORAddress):
        name = ORName(name)
    elif not isinstance(name, ORName):
        raise TypeError("a name is an ORName, an ORAddress or its text")
    if directory_name is not None:
        name = ORName(name.address, bytes(directory_name))
    return name


def orname_value(name: Union[ORName, ORAddress, str],
                 directory_name: Optional[bytes] = None) -> Dict[str, Any]:
    """The codec value of X.411 ``ORName`` for a name (with the directory
    name, BER of an X.501 Name, when given)."""
    orname = _as_orname(name, directory_name)
    return ber.decode(MTS["ORName"], orname.to_ber())


def initiator_of(argument: Mapping[str, Any]) -> ORName:
    """The O/R name a bind argument (MTS or MS) names."""
    name = argument["initiator_name"]
    if isinstance(name, tuple):
        kind, name = name
        if kind == "mTA" or kind == "mta":
            raise ValueError("the initiator is an MTA (%r), not a user" % (name,))
    return ORName.from_asn1(name)


def mts_bind_argument(name: Union[ORName, ORAddress, str], password: Union[str, bytes],
                      directory_name: Optional[bytes] = None, *,
                      message_store: bool = False) -> Dict[str, Any]:
    """``MTSBindArgument`` of a UA (or, with ``message_store``, an MS)
    binding to an MTA with simple credentials."""
    kind = "message_store" if message_store else "user_agent"
    return {"initiator_name": (kind, orname_value(name, directory_name)),
            "initiator_credentials": simple_credentials(password)}


def ms_bind_argument(name: Union[ORName, ORAddress, str], password: Union[str, bytes],
                     directory_name: Optional[bytes] = None, *,
                     configuration_request: bool = True,
                     fetch_restrictions: Optional[Mapping[str, Any]] = None
                     ) -> Dict[str, Any]:
    """``MSBindArgument`` with simple credentials.  ``configuration_request``
    asks the store for its attribute types and auto-actions (Isode's
    client sends it by default; some stores want it off)."""
    arg: Dict[str, Any] = {"initiator_name": orname_value(name, directory_name),
                           "initiator_credentials": simple_credentials(password)}
    if configuration_request:
        arg["ms_configuration_request"] = True
    if fetch_restrictions:
        arg["fetch_restrictions"] = dict(fetch_restrictions)
    return arg


def mts_bind_result(mta_name: str, password: Union[str, bytes] = "",
                    messages_waiting: Optional[Mapping[str, Any]] = None
                    ) -> Dict[str, Any]:
    """``MTSBindResult`` of an MTA named ``mta_name`` (responder side)."""
    res: Dict[str, Any] = {"responder_name": ("mta", mta_name),
                           "responder_credentials": simple_credentials(password)}
    if messages_waiting is not None:
        res["messages_waiting"] = dict(messages_waiting)
    return res


def ms_bind_result(password: Union[str, bytes] = "", *,
                   available_attribute_types: Optional[list] = None,
                   alert_indication: bool = False) -> Dict[str, Any]:
    """``MSBindResult`` (responder side)."""
    res: Dict[str, Any] = {"responder_credentials": simple_credentials(password)}
    if available_attribute_types:
        res["available_attribute_types"] = list(available_attribute_types)
    if alert_indication:
        res["alert_indication"] = True
    return res


_MTS_BIND_PROBLEMS = {0: "busy", 2: "authentication-error", 3: "unacceptable-dialogue-mode",
                      4: "unacceptable-security-context",
                      5: "inadequate-association-confidentiality"}
_MTS_BIND_CODES = {v: k for k, v in _MTS_BIND_PROBLEMS.items()}


def mts_bind_error(problem: str = "authentication-error") -> int:
    """The MTS bind-error parameter (an INTEGER) for a problem name."""
    return _MTS_BIND_CODES[problem]


def ms_bind_error(problem: str = "authentication-error") -> Tuple[str, Any]:
    """The MS bind-error parameter (unqualified, ENUMERATED) for a problem name."""
    return ("unqualified_error", problem)


def _bind_problem(value: Any) -> Optional[str]:
    if value is None:
        return None
    if isinstance(value, int) and not isinstance(value, bool):
        return _MTS_BIND_PROBLEMS.get(value, "bind-error-%d" % value)
    if isinstance(value, tuple) and len(value) == 2:
        kind, inner = value
        if kind == "qualified_error" and isinstance(inner, Mapping):
            inner = inner.get("bind_problem")
        return inner if isinstance(inner, str) else str(inner)
    if isinstance(value, str):
        return value
    return None


def bind_refused(exc: AssociationRejected) -> AssociationRejected:
    """The precise exception for a refused bind: :class:`AuthenticationFailed`
    for authentication-error, :class:`BindRefused` for another bind
    error, ``exc`` itself when the refusal carried no bind error (a
    presentation or ACSE refusal: wrong context, busy provider...)."""
    if isinstance(exc, BindRefused) or exc.bind_error is None:
        return exc
    problem = _bind_problem(exc.bind_error)
    cls = AuthenticationFailed if problem == "authentication-error" else BindRefused
    detail = "bind refused: %s" % (problem or "bind error")
    new = cls(detail, exc.result, exc.source, exc.diagnostic, exc.bind_error, problem)
    new.__cause__ = exc
    return new


# ---------------------------------------------------------------------------
# Operation errors

ERROR_CLASSES: Dict[str, Type[OperationError]] = {
    cls.error_name: cls for cls in (
        getattr(_errors, n) for n in _errors.__all__)
    if isinstance(cls, type) and issubclass(cls, OperationError) and cls.error_name}
"""Error name (as the X.411/X.413 tables give it) -> exception class."""


def operation_error(exc: RemoteOperationError) -> RemoteOperationError:
    """The precise :class:`~x400fast.errors.OperationError` leaf for a
    returnError of a P3/P7 operation (by the error's name in its abstract
    syntax, which tells apart the two meanings of code 1), carrying the
    invoke id, code, name, parameter and operation.  Errors without a
    name (not in the tables) come back unchanged."""
    if isinstance(exc, OperationError):
        return exc
    cls = ERROR_CLASSES.get(exc.name or "")
    if cls is None:
        return exc
    new = cls(exc.invoke_id, exc.errcode, exc.parameter, exc.name, exc.opcode)
    new.__cause__ = exc
    return new
