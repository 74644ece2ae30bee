"""AF <-> MF address lookup in an ATN directory over LDAP (optional).

Doc 9880's directory functional group keeps, for each AMHS user, an entry
of object class ``atn-amhs-user`` holding the AF-address
(``atn-af-address``) and the O/R addresses (``mhsORAddresses``) under a
registry subtree such as ``o=ICAO-MD-Registry``; Isode's helper converts
addresses by searching that subtree.  :class:`LDAPDirectory` does the same
with the ``ldap3`` client library, installed by the ``amhs-ldap`` extra
(``pip install "x400fast[amhs-ldap]"``).  It plugs into
:class:`~x400fast.amhs.addressing.AddressingTable` as its ``directory``,
which consults it before the algorithmic XF/CAAS schemes.

The O/R address attribute is read as text in any form
:meth:`~x400fast.oraddress.ORAddress.parse` accepts (Isode's directory
returns the RFC 2156 slash form).  The reverse lookup searches for the
address in that form and, because a directory may store the same address
written differently (attribute order, case), also searches by the
AF-address the O/R address suggests (its CN or OU) and compares the
candidates with X.400 matching rules.

Directory failures (unreachable server, refused bind, an ambiguous entry)
raise :class:`~x400fast.errors.AFTNAddressError` with the ldap3 exception
chained: the conversion did not happen, and silently falling back to the
algorithmic scheme would hide an outage behind wrong addresses.
"""
from __future__ import annotations

from typing import Any, List, Optional

from ..errors import AddressError, AFTNAddressError
from ..oraddress import ORAddress
from .addressing import AFTNAddress, address_scheme, AddressingScheme

__all__ = ["LDAPDirectory", "ldap_available"]


def _ldap3() -> Any:
    try:
        import ldap3  # type: ignore[import-not-found]
        import ldap3.core.exceptions  # noqa: F401  (submodules used below)
        import ldap3.utils.conv  # noqa: F401
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise ImportError("LDAP lookups need the ldap3 package: "
                          "pip install \"x400fast[amhs-ldap]\"") from exc
    return ldap3


def ldap_available() -> bool:
    """True when the ``ldap3`` package can be imported."""
    try:
        _ldap3()
    except ImportError:
        return False
    return True


class LDAPDirectory:
    """Address lookups in an LDAP directory holding ATN user entries.

    :param server: an ``ldap3.Connection`` (used as it is: bound or not,
        any strategy, including ldap3's offline ``MOCK_SYNC``), or a server
        URL such as ``"ldap://dsa.example:389"`` / ``"ldaps://..."``, for
        which a read-only connection is opened on first use.
    :param base_dn: the registry subtree searched.
    :param user: bind DN for a URL (anonymous bind when ``None``).
    :param password: bind password for a URL.
    :param timeout: connect and receive timeout in seconds, for a URL.
    :param object_class: object class of user entries.
    :param af_attribute: attribute holding the AF-address.
    :param or_attribute: attribute holding the O/R address(es).
    """

    def __init__(self, server: Any, base_dn: str = "o=ICAO-MD-Registry", *,
                 user: Optional[str] = None, password: Optional[str] = None,
                 timeout: float = 10.0, object_class: str = "atn-amhs-user",
                 af_attribute: str = "atn-af-address",
                 or_attribute: str = "mhsORAddresses") -> None:
        self._ldap3 = _ldap3()
        self.base_dn = base_dn
        self.object_class = object_class
        self.af_attribute = af_attribute
        self.or_attribute = or_attribute
        self._user = user
        self._password = password
        self._timeout = timeout
        if isinstance(server, str):
            self._url: Optional[str] = server
            self._conn: Any = None
        else:
            self._url = None
            self._conn = server

    # -- connection ----------------------------------------------------------

    def _connection(self) -> Any:
        ldap3 = self._ldap3
        if self._conn is None:
            try:
                srv = ldap3.Server(self._url, get_info=ldap3.NONE,
                                   connect_timeout=self._timeout)
                self._conn = ldap3.Connection(
                    srv, user=self._user, password=self._password, read_only=True,
                    receive_timeout=self._timeout, raise_exceptions=False)
            except ldap3.core.exceptions.LDAPException as exc:
                raise AFTNAddressError("directory %s: %s" % (self._url, exc)) from exc
        conn = self._conn
        if not conn.bound:
            try:
                ok = conn.bind()
            except ldap3.core.exceptions.LDAPException as exc:
                raise AFTNAddressError("directory bind failed: %s" % exc) from exc
            if not ok:
                raise AFTNAddressError("directory bind refused: %s"
                                       % (conn.result or {}).get("description", "?"))
        return conn

    def close(self) -> None:
        """Unbind (only a connection this object opened itself)."""
        if self._url is not None and self._conn is not None:
            try:
                self._conn.unbind()
            finally:
                self._conn = None

    def __enter__(self) -> "LDAPDirectory":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def _search(self, filt: str, attributes: List[str]) -> List[dict]:
        ldap3 = self._ldap3
        conn = self._connection()
        try:
            conn.search(self.base_dn, filt, search_scope=ldap3.SUBTREE,
                        attributes=attributes)
        except ldap3.core.exceptions.LDAPException as exc:
            raise AFTNAddressError("directory search failed: %s" % exc) from exc
        result = conn.result or {}
        code = result.get("result", 0)
        # 0 success, 32 noSuchObject (the base is absent: nothing found).
        if code not in (0, 32):
            raise AFTNAddressError("directory search failed: %s (%s)"
                                   % (result.get("description", "?"), code))
        return [e for e in (conn.response or []) if e.get("type") == "searchResEntry"]

    def _filter(self, attribute: str, value: str) -> str:
        esc = self._ldap3.utils.conv.escape_filter_chars
        return "(&(objectClass=%s)(%s=%s))" % (esc(self.object_class), attribute, esc(value))

    @staticmethod
    def _values(entry: dict, attribute: str) -> List[Any]:
        attrs = entry.get("attributes") or {}
        for k, v in attrs.items():
            if k.lower() == attribute.lower():
                return list(v) if isinstance(v, (list, tuple)) else [v]
        return []

    def _oraddresses(self, entry: dict) -> List[ORAddress]:
        out = []
        for v in self._values(entry, self.or_attribute):
            if isinstance(v, bytes):
                v = v.decode("utf-8", "replace")
            try:
                out.append(ORAddress.parse(str(v)))
            except AddressError as exc:
                raise AFTNAddressError("directory entry %s: %s %r is not an O/R address: %s"
                                       % (entry.get("dn"), self.or_attribute, v,
                                          exc.reason)) from exc
        return out

    def _aftn(self, entry: dict) -> Optional[AFTNAddress]:
        vals = self._values(entry, self.af_attribute)
        if not vals:
            return None
        v = vals[0]
        if isinstance(v, bytes):
            v = v.decode("ascii", "replace")
        try:
            return AFTNAddress(str(v))
        except AFTNAddressError as exc:
            raise AFTNAddressError("directory entry %s: %s" % (entry.get("dn"), exc.reason),
                                   address=str(v)) from exc

    # -- lookups -------------------------------------------------------------

    def lookup_oraddress(self, aftn: str) -> Optional[ORAddress]:
        """The O/R address of the user entry for ``aftn``, or ``None``.

        An entry with several O/R addresses gives the first; two entries
        for one AF-address are an error (the directory is inconsistent).
        """
        af = AFTNAddress(aftn)
        entries = [e for e in self._search(self._filter(self.af_attribute, af),
                                           [self.or_attribute])
                   if self._oraddresses(e)]
        if not entries:
            return None
        if len(entries) > 1:
            raise AFTNAddressError("directory has %d entries for %s: %s" % (
                len(entries), af, ", ".join(str(e.get("dn")) for e in entries)), address=af)
        return self._oraddresses(entries[0])[0]

    def lookup_aftn(self, address: ORAddress) -> Optional[AFTNAddress]:
        """The AF-address of the user entry holding ``address``, or ``None``."""
        attrs = [self.af_attribute, self.or_attribute]
        found = {}
        for e in self._search(self._filter(self.or_attribute, address.to_string()), attrs):
            af = self._aftn(e)
            if af is not None and address in self._oraddresses(e):
                found[af] = e
        if not found:
            scheme = address_scheme(address)
            guess = None
            if scheme is AddressingScheme.CAAS:
                guess = address.cn
            elif scheme is AddressingScheme.XF:
                guess = address.ou[0]
            if guess is not None:
                for e in self._search(self._filter(self.af_attribute, guess.upper()), attrs):
                    af = self._aftn(e)
                    if af is not None and address in self._oraddresses(e):
                        found[af] = e
        if not found:
            return None
        if len(found) > 1:
            raise AFTNAddressError("directory gives %s to several AF-addresses: %s"
                                   % (address, ", ".join(sorted(found))))
        return next(iter(found))
