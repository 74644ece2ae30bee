"""AFTN addresses and their AMHS O/R addresses (ICAO Doc 9880 Part IIB).

An AMHS user is known on the old AFTN network by an eight-letter
*AF-address* (location indicator + organisation designator + department
letter) and on AMHS by an X.400 O/R address, the *MF-address*.  Two
standard schemes derive one from the other (Doc 9880 2.5.1.4):

* **XF** (translated form): ``C=XX``, ``ADMD=ICAO``, ``PRMD`` of the
  management domain, ``O=AFTN``, exactly one ``OU`` holding the whole
  AF-address.  Purely algorithmic once the PRMD is known.
* **CAAS** (common AMHS addressing scheme): ``C``, ``ADMD``, ``PRMD`` as for
  XF, ``O`` = the geographical unit the State registered for the location
  indicator, one ``OU`` = the location indicator, ``CN`` = the AF-address.

Both need to know which management domain (MD) an AF-address belongs to,
and CAAS also the ``O`` value per location indicator.  Those facts live in
the ICAO Register of AMHS Management Domains and the CAAS look-up tables,
which change; this module therefore takes them as data, an
:class:`AddressingTable` read from a CSV or JSON file the user maintains
(format below), optionally backed by an LDAP directory
(:mod:`x400fast.amhs.directory`).

Which MD rule applies (Doc 9880 4.4.2.1.4.1, the gateway's look-up table,
in decreasing precedence): characters 1-7 of the AF-address (location
indicator + designator), then characters 1, 2, 5, 6, 7 (nationality
letters + designator), then characters 1-4 (location indicator), then
characters 1-2 (nationality letters).  A rule is written here as a
location prefix of 2 or 4 letters and an optional 3-letter designator, and
the most specific matching rule wins: a rule with a designator beats one
without, then the longer prefix wins.  Single-letter prefixes are also
accepted, below two-letter ones, for States whose nationality letters are a
single letter (``K``, ``C``...): that is an addition of x400fast, not a rank
of the gateway table.

The reverse conversion (MF -> AF) follows the gateway rules of Doc 9880
4.5.2.2.6: an exact entry of the user table (or directory) first; then a
CAAS-shaped address whose CN is a valid AF-address; then an XF-shaped
address whose OU is; anything else fails.  The gateway re-derives the
MF-address in the shape cases and reports a mismatch without rejecting the
message; ``strict=True`` makes that re-derivation an error instead.

Table file format
-----------------

JSON (``.json``)::

    {
      "format": "x400fast-amhs-addressing", "version": 1,
      "domains": [
        {"location": "EG", "prmd": "EG", "scheme": "CAAS"},
        {"location": "EGLL", "designator": "ZTZ", "prmd": "EGTWR", "scheme": "XF"},
        {"location": "K", "c": "XX", "admd": "ICAO", "prmd": "US"}
      ],
      "caas": [
        {"location": "EG", "organization": "EGTT"},
        {"location": "EGPH", "organization": "EGPX"}
      ],
      "users": [
        {"aftn": "EGLLYFYX", "oraddress": "/CN=Ops/OU=EGLL/O=EGTT/PRMD=EG/ADMD=ICAO/C=XX/"}
      ]
    }

``domains`` rows: ``location`` (1, 2 or 4 letters), optional ``designator``
(3 letters), ``prmd`` (required), optional ``c`` (default ``XX``), ``admd``
(default ``ICAO``) and ``scheme`` (``XF`` or ``CAAS``, default ``XF``: the
scheme assumed for a State that declared none, Doc 9880 2.5.1.4.1.6).
``caas`` rows give the CAAS ``O`` for a location indicator (4 letters) or,
as a default for a whole State, for a shorter prefix; the longest matching
prefix wins.  ``users`` rows pair one AF-address with one O/R address (any
form :meth:`~x400fast.oraddress.ORAddress.parse` reads) for users outside
the algorithmic schemes; they take precedence in both directions.  The
``format`` and ``version`` keys are optional; unknown keys are errors, so a
misspelt key never silently drops a rule.

CSV (``.csv``): one header row, then one rule per row.  The column
``kind`` says which table the row belongs to (``domain``, ``caas`` or
``user``); the other columns are the JSON keys above (``location``,
``designator``, ``c``, ``admd``, ``prmd``, ``scheme``, ``organization``,
``aftn``, ``oraddress``), in any order, any subset, cells left empty where
they do not apply.  Lines starting with ``#`` and blank lines are ignored::

    kind,location,designator,prmd,scheme,organization,aftn,oraddress
    domain,EG,,EG,CAAS,,,
    domain,EGLL,ZTZ,EGTWR,XF,,,
    caas,EG,,,,EGTT,,
    user,,,,,,EGLLYFYX,/CN=Ops/OU=EGLL/O=EGTT/PRMD=EG/ADMD=ICAO/C=XX/

Letter case is not significant in AF-addresses or O/R addresses (Doc 9880
2.5.1.4.2, .3); AF-addresses are kept upper case.
"""
from __future__ import annotations

import csv
import io
import json
import os
from dataclasses import dataclass
from enum import Enum
from typing import (IO, Any, Dict, Iterable, List, Mapping, Optional, Sequence, Tuple,
                    Union)

from ..errors import AddressError, AFTNAddressError
from ..oraddress import ORAddress, ORName

__all__ = [
    "AFTNAddress", "AddressingScheme", "ManagementDomain", "DomainRule", "CAASRule",
    "UserEntry", "AddressingTable", "xf_oraddress", "caas_oraddress",
    "aftn_from_xf", "aftn_from_caas", "address_scheme", "is_aftn_address",
    "AFTNAddressError",
]

_LETTERS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZ")

#: The country name and ADMD of every AMHS management domain (Doc 9880
#: 2.5.1.3): ``XX`` is allocated to ICAO under X.666.
ICAO_COUNTRY = "XX"
ICAO_ADMD = "ICAO"
#: The organization name of every XF address.
XF_ORGANIZATION = "AFTN"

TABLE_FORMAT = "x400fast-amhs-addressing"
TABLE_VERSION = 1


def _letters(value: str, sizes: Tuple[int, ...], what: str, address: Optional[str] = None,
             attribute: Optional[str] = None) -> str:
    """``value`` upper-cased, checked to be ``sizes`` letters A-Z."""
    if not isinstance(value, str):
        raise AFTNAddressError("%s must be a str, not %s" % (what, type(value).__name__),
                               address=address, attribute=attribute)
    v = value.upper()
    if len(v) not in sizes or not all(ch in _LETTERS for ch in v):
        want = " or ".join(str(n) for n in sizes)
        raise AFTNAddressError("%s %r is not %s letters A-Z" % (what, value, want),
                               address=address, attribute=attribute)
    return v


# ---------------------------------------------------------------------------
# AF-addresses


class AFTNAddress(str):
    """An eight-letter AFTN address (AF-address), kept upper case.

    A ``str`` so that it prints, hashes and compares like the text it is
    (``AFTNAddress("egllztzx") == "EGLLZTZX"``); building one checks the
    syntax, which is what keeps a typo from becoming an O/R address that
    routes nowhere.  The parts are the Doc 7910 location indicator
    (characters 1-4, of which the first one or two are the State's
    nationality letters), the Doc 8585 organisation designator (5-7) and
    the department letter (8, often the filler ``X``).

    >>> a = AFTNAddress("egllztzx")
    >>> a, a.location_indicator, a.designator, a.department
    (AFTNAddress('EGLLZTZX'), 'EGLL', 'ZTZ', 'X')
    """

    __slots__ = ()

    def __new__(cls, value: str) -> "AFTNAddress":
        if isinstance(value, AFTNAddress):
            return value
        return super().__new__(cls, _letters(value, (8,), "AF-address", address=value))

    @property
    def location_indicator(self) -> str:
        """Characters 1-4: the ICAO location indicator (Doc 7910)."""
        return str(self[:4])

    @property
    def designator(self) -> str:
        """Characters 5-7: the organisation/function designator (Doc 8585)."""
        return str(self[4:7])

    @property
    def department(self) -> str:
        """Character 8: the department letter (often the filler ``X``)."""
        return str(self[7])

    def __repr__(self) -> str:
        return "AFTNAddress(%r)" % str(self)


def is_aftn_address(value: object) -> bool:
    """True when ``value`` is a string of eight letters A-Z (any case)."""
    return (isinstance(value, str) and len(value) == 8
            and all(ch in _LETTERS for ch in value.upper()))


# ---------------------------------------------------------------------------
# Schemes and the algorithmic conversions


class AddressingScheme(str, Enum):
    """The standard AMHS addressing schemes (Doc 9880 2.5.1.4)."""

    XF = "XF"
    CAAS = "CAAS"


def _build(address: Optional[str], **attrs: Any) -> ORAddress:
    try:
        return ORAddress(**attrs)
    except AddressError as exc:
        raise AFTNAddressError(exc.reason, address=address, attribute=exc.attribute) from exc


def xf_oraddress(aftn: str, prmd: str, *, c: str = ICAO_COUNTRY,
                 admd: str = ICAO_ADMD) -> ORAddress:
    """The XF O/R address of an AF-address in the MD ``c``/``admd``/``prmd``.

    >>> str(xf_oraddress("EGLLZTZX", "EG"))
    '/OU=EGLLZTZX/O=AFTN/PRMD=EG/ADMD=ICAO/C=XX/'
    """
    af = AFTNAddress(aftn)
    return _build(af, c=c, admd=admd, prmd=prmd, o=XF_ORGANIZATION, ou=(str(af),))


def caas_oraddress(aftn: str, prmd: str, organization: str, *, c: str = ICAO_COUNTRY,
                   admd: str = ICAO_ADMD) -> ORAddress:
    """The CAAS O/R address of an AF-address.

    ``organization`` is the geographical unit registered for the location
    indicator (the CAAS look-up table's ``O``).

    >>> str(caas_oraddress("EGLLZTZX", "EG", "EGTT"))
    '/CN=EGLLZTZX/OU=EGLL/O=EGTT/PRMD=EG/ADMD=ICAO/C=XX/'
    """
    af = AFTNAddress(aftn)
    return _build(af, c=c, admd=admd, prmd=prmd, o=organization,
                  ou=(af.location_indicator,), cn=str(af))


def _plain(a: ORAddress) -> ORAddress:
    """``a`` reduced to the attributes XF and CAAS use (printable forms)."""
    return ORAddress(c=a.c, admd=a.admd, prmd=a.prmd, o=a.o, ou=a.ou, cn=a.cn)


def _as_oraddress(address: Union[ORAddress, ORName, str]) -> ORAddress:
    if isinstance(address, ORName):
        return address.address
    if isinstance(address, ORAddress):
        return address
    if isinstance(address, str):
        try:
            return ORAddress.parse(address)
        except AddressError as exc:
            raise AFTNAddressError(exc.reason, attribute=exc.attribute) from exc
    raise AFTNAddressError("expected an ORAddress, not %s" % type(address).__name__)


def address_scheme(address: Union[ORAddress, ORName, str]) -> Optional[AddressingScheme]:
    """Which scheme ``address`` has the shape of, or ``None``.

    XF-shaped: C, ADMD, PRMD, ``O=AFTN`` (any case), one OU holding a valid
    AF-address, no CN, nothing else.  CAAS-shaped: C, ADMD, PRMD, an O other
    than ``AFTN``, one OU, a CN holding a valid AF-address whose first four
    letters are the OU, nothing else.  The MD itself is not checked here
    (that needs the table).
    """
    a = _as_oraddress(address)
    if not (a.c and a.admd and a.admd.strip() and a.prmd and a.o and len(a.ou) == 1):
        return None
    try:
        if _plain(a) != a:
            return None
    except AddressError:
        return None
    if a.o.upper() == XF_ORGANIZATION:
        if a.cn is None and is_aftn_address(a.ou[0]):
            return AddressingScheme.XF
        return None
    if a.cn is not None and is_aftn_address(a.cn) and a.cn[:4].upper() == a.ou[0].upper():
        return AddressingScheme.CAAS
    return None


def aftn_from_xf(address: Union[ORAddress, ORName, str]) -> AFTNAddress:
    """The AF-address of an XF O/R address (its OU); error if not XF-shaped."""
    a = _as_oraddress(address)
    if address_scheme(a) is not AddressingScheme.XF:
        raise AFTNAddressError("not an XF address (C, ADMD, PRMD, O=AFTN and one OU "
                               "holding an AF-address, nothing else): %s" % a)
    return AFTNAddress(a.ou[0])


def aftn_from_caas(address: Union[ORAddress, ORName, str]) -> AFTNAddress:
    """The AF-address of a CAAS O/R address (its CN); error if not CAAS-shaped."""
    a = _as_oraddress(address)
    if address_scheme(a) is not AddressingScheme.CAAS:
        raise AFTNAddressError("not a CAAS address (C, ADMD, PRMD, O, OU = location "
                               "indicator, CN = AF-address, nothing else): %s" % a)
    return AFTNAddress(str(a.cn))


# ---------------------------------------------------------------------------
# The table


@dataclass(frozen=True)
class ManagementDomain:
    """An AMHS management domain: C + ADMD + PRMD, and its declared scheme."""

    prmd: str
    scheme: AddressingScheme = AddressingScheme.XF
    c: str = ICAO_COUNTRY
    admd: str = ICAO_ADMD

    def __post_init__(self) -> None:
        sc = self.scheme
        if not isinstance(sc, AddressingScheme):
            try:
                sc = AddressingScheme(sc.upper() if isinstance(sc, str) else sc)
            except ValueError:
                raise AFTNAddressError("%r is neither XF nor CAAS" % (sc,),
                                       attribute="scheme") from None
            object.__setattr__(self, "scheme", sc)
        # The attribute checks of X.411 (printable, upper bounds).
        _build(None, c=self.c, admd=self.admd, prmd=self.prmd)

    def key(self) -> ORAddress:
        """The MD as an O/R address holding only C, ADMD and PRMD (for matching)."""
        return ORAddress(c=self.c, admd=self.admd, prmd=self.prmd)


def _location(value: str, sizes: Tuple[int, ...] = (1, 2, 4)) -> str:
    return _letters(value, sizes, "location", attribute="location")


@dataclass(frozen=True)
class DomainRule:
    """One row of the MD look-up table: which AF-addresses belong to ``domain``.

    ``location`` is a prefix of 1, 2 or 4 letters; ``designator`` (3
    letters) narrows the rule to that Doc 8585 designator.
    """

    location: str
    domain: ManagementDomain
    designator: Optional[str] = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "location", _location(self.location))
        if self.designator is not None:
            object.__setattr__(self, "designator", _letters(
                self.designator, (3,), "designator", attribute="designator"))

    @property
    def rank(self) -> Tuple[bool, int]:
        """Sort key: greater is more specific (Doc 9880 4.4.2.1.4.1 order)."""
        return (self.designator is not None, len(self.location))

    def matches(self, af: AFTNAddress) -> bool:
        return af.startswith(self.location) and (
            self.designator is None or af.designator == self.designator)


@dataclass(frozen=True)
class CAASRule:
    """One row of the CAAS look-up table: the ``O`` for a location indicator
    (or, as a State-wide default, a shorter prefix)."""

    location: str
    organization: str

    def __post_init__(self) -> None:
        object.__setattr__(self, "location", _location(self.location))
        _build(None, o=self.organization)


@dataclass(frozen=True)
class UserEntry:
    """An explicit AF-address <-> O/R address pair (the user look-up table)."""

    aftn: AFTNAddress
    oraddress: ORAddress

    def __post_init__(self) -> None:
        object.__setattr__(self, "aftn", AFTNAddress(self.aftn))
        object.__setattr__(self, "oraddress", _as_oraddress(self.oraddress))


class _Directory:
    """What :class:`AddressingTable` needs of a directory (duck-typed)."""

    def lookup_oraddress(self, aftn: AFTNAddress) -> Optional[ORAddress]: ...

    def lookup_aftn(self, address: ORAddress) -> Optional[AFTNAddress]: ...


_DOMAIN_KEYS = ("location", "designator", "prmd", "scheme", "c", "admd")
_CAAS_KEYS = ("location", "organization")
_USER_KEYS = ("aftn", "oraddress")
_CSV_COLUMNS = ("kind", "location", "designator", "c", "admd", "prmd", "scheme",
                "organization", "aftn", "oraddress")


class AddressingTable:
    """AF <-> MF conversion driven by the MD register, the CAAS look-up
    table and a user table, optionally backed by a directory.

    Build it from rule objects, or load the file format of this module
    with :meth:`load` (or :meth:`from_json` / :meth:`from_csv` /
    :meth:`from_dict`).  A ``directory`` (for instance
    :class:`x400fast.amhs.directory.LDAPDirectory`) is consulted after the
    local user table and before the algorithmic schemes, in both
    directions, as the Isode ATN directory helper does.

    Lookups are exact: no guessing of a PRMD from nationality letters, since
    a wrong guess produces an address that routes elsewhere.
    """

    def __init__(self, domains: Iterable[DomainRule] = (), caas: Iterable[CAASRule] = (),
                 users: Iterable[UserEntry] = (), *, directory: Optional[Any] = None) -> None:
        self.domains: Tuple[DomainRule, ...] = tuple(domains)
        self.caas: Tuple[CAASRule, ...] = tuple(caas)
        self.users: Tuple[UserEntry, ...] = tuple(users)
        self.directory = directory
        seen: Dict[Tuple[str, Optional[str]], DomainRule] = {}
        for r in self.domains:
            if not isinstance(r, DomainRule):
                raise AFTNAddressError("domains must hold DomainRule, not %s"
                                       % type(r).__name__)
            k = (r.location, r.designator)
            if k in seen and seen[k] != r:
                raise AFTNAddressError("two MD rules for location %s designator %s"
                                       % (r.location, r.designator or "(any)"))
            seen[k] = r
        # Most specific first, so the first match is the answer.
        self._domains = sorted(seen.values(), key=lambda r: r.rank, reverse=True)
        caas_seen: Dict[str, CAASRule] = {}
        for c in self.caas:
            if not isinstance(c, CAASRule):
                raise AFTNAddressError("caas must hold CAASRule, not %s" % type(c).__name__)
            if c.location in caas_seen and caas_seen[c.location] != c:
                raise AFTNAddressError("two CAAS organizations for location %s" % c.location)
            caas_seen[c.location] = c
        self._caas = sorted(caas_seen.values(), key=lambda c: len(c.location), reverse=True)
        self._by_aftn: Dict[str, ORAddress] = {}
        self._by_or: Dict[ORAddress, AFTNAddress] = {}
        for u in self.users:
            if not isinstance(u, UserEntry):
                raise AFTNAddressError("users must hold UserEntry, not %s" % type(u).__name__)
            other = self._by_aftn.get(u.aftn)
            if other is not None and other != u.oraddress:
                raise AFTNAddressError("two O/R addresses for user %s" % u.aftn,
                                       address=u.aftn)
            back = self._by_or.get(u.oraddress)
            if back is not None and back != u.aftn:
                raise AFTNAddressError("O/R address %s is given to %s and %s"
                                       % (u.oraddress, back, u.aftn), address=u.aftn)
            self._by_aftn[u.aftn] = u.oraddress
            self._by_or[u.oraddress] = u.aftn

    # -- lookups -------------------------------------------------------------

    def domain_for(self, aftn: str) -> ManagementDomain:
        """The management domain an AF-address belongs to (most specific rule)."""
        af = AFTNAddress(aftn)
        for r in self._domains:
            if r.matches(af):
                return r.domain
        raise AFTNAddressError("no management domain in the table for %s (tried %s, "
                               "%s+%s, %s, %s)" % (af, af[:7], af[:2], af.designator,
                                                   af[:4], af[:2]), address=af)

    def organization_for(self, aftn: str) -> str:
        """The CAAS ``O`` for an AF-address (longest matching prefix)."""
        af = AFTNAddress(aftn)
        for c in self._caas:
            if af.startswith(c.location):
                return c.organization
        raise AFTNAddressError("no CAAS organization in the table for location indicator %s"
                               % af.location_indicator, address=af)

    def algorithmic_oraddress(self, aftn: str) -> ORAddress:
        """The O/R address the MD's scheme gives (ignoring user entries)."""
        af = AFTNAddress(aftn)
        md = self.domain_for(af)
        if md.scheme is AddressingScheme.CAAS:
            return caas_oraddress(af, md.prmd, self.organization_for(af), c=md.c, admd=md.admd)
        return xf_oraddress(af, md.prmd, c=md.c, admd=md.admd)

    def to_oraddress(self, aftn: str) -> ORAddress:
        """AF -> MF: user table, then the directory, then the MD's scheme."""
        af = AFTNAddress(aftn)
        found = self._by_aftn.get(af)
        if found is not None:
            return found
        if self.directory is not None:
            found = self.directory.lookup_oraddress(af)
            if found is not None:
                return found
        return self.algorithmic_oraddress(af)

    def to_aftn(self, address: Union[ORAddress, ORName, str], *,
                strict: bool = False) -> AFTNAddress:
        """MF -> AF (Doc 9880 4.5.2.2.6).

        (a) an exact user entry (or directory entry); (b) a CAAS-shaped
        address gives its CN; (c) an XF-shaped address gives its OU;
        (d) anything else raises :class:`~x400fast.errors.AFTNAddressError`.
        With ``strict`` the address found in (b) or (c) is converted back
        with the table and must give ``address`` again (a gateway logs that
        mismatch; a strict caller refuses it).
        """
        a = _as_oraddress(address)
        found = self._by_or.get(a)
        if found is not None:
            return found
        if self.directory is not None:
            found = self.directory.lookup_aftn(a)
            if found is not None:
                return found
        scheme = address_scheme(a)
        if scheme is AddressingScheme.CAAS:
            af = AFTNAddress(str(a.cn))
        elif scheme is AddressingScheme.XF:
            af = AFTNAddress(a.ou[0])
        else:
            raise AFTNAddressError("%s is neither in the user table nor an XF or CAAS "
                                   "address" % a)
        if strict:
            again = self.algorithmic_oraddress(af)
            if again != a:
                raise AFTNAddressError("%s gives %s, whose address by the table is %s"
                                       % (a, af, again), address=af)
        return af

    # -- the file format ---------------------------------------------------

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], *, directory: Optional[Any] = None
                  ) -> "AddressingTable":
        """Build from the JSON document's structure (see the module docstring)."""
        if not isinstance(data, Mapping):
            raise AFTNAddressError("an addressing table must be a JSON object")
        unknown = set(data) - {"format", "version", "domains", "caas", "users"}
        if unknown:
            raise AFTNAddressError("unknown keys in addressing table: %s"
                                   % ", ".join(sorted(map(str, unknown))))
        if data.get("format", TABLE_FORMAT) != TABLE_FORMAT:
            raise AFTNAddressError("not an x400fast addressing table (format %r)"
                                   % (data.get("format"),))
        if data.get("version", TABLE_VERSION) != TABLE_VERSION:
            raise AFTNAddressError("addressing table version %r is not supported"
                                   % (data.get("version"),))
        domains = [_domain_row(r, "domains[%d]" % i)
                   for i, r in enumerate(_rows(data, "domains"))]
        caas = [_caas_row(r, "caas[%d]" % i) for i, r in enumerate(_rows(data, "caas"))]
        users = [_user_row(r, "users[%d]" % i) for i, r in enumerate(_rows(data, "users"))]
        return cls(domains, caas, users, directory=directory)

    def to_dict(self) -> Dict[str, Any]:
        """The JSON document's structure (inverse of :meth:`from_dict`)."""
        domains = []
        for r in self.domains:
            row: Dict[str, Any] = {"location": r.location}
            if r.designator:
                row["designator"] = r.designator
            row.update(prmd=r.domain.prmd, scheme=r.domain.scheme.value,
                       c=r.domain.c, admd=r.domain.admd)
            domains.append(row)
        return {
            "format": TABLE_FORMAT, "version": TABLE_VERSION, "domains": domains,
            "caas": [{"location": c.location, "organization": c.organization}
                     for c in self.caas],
            "users": [{"aftn": str(u.aftn), "oraddress": u.oraddress.to_string()}
                      for u in self.users],
        }

    @classmethod
    def from_json(cls, source: Union[str, bytes, "os.PathLike[str]", IO[str]], *,
                  directory: Optional[Any] = None) -> "AddressingTable":
        """Read a JSON table from a path, an open text file or a JSON string."""
        text = _read(source)
        try:
            data = json.loads(text)
        except ValueError as exc:
            raise AFTNAddressError("addressing table is not valid JSON: %s" % exc) from exc
        return cls.from_dict(data, directory=directory)

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), indent=2)

    @classmethod
    def from_csv(cls, source: Union[str, bytes, "os.PathLike[str]", IO[str]], *,
                 directory: Optional[Any] = None) -> "AddressingTable":
        """Read a CSV table from a path, an open text file or CSV text."""
        text = _read(source)
        lines = [ln for ln in text.splitlines()
                 if ln.strip() and not ln.lstrip().startswith("#")]
        if not lines:
            return cls(directory=directory)
        reader = csv.DictReader(lines)
        header = [h.strip() for h in (reader.fieldnames or [])]
        unknown = [h for h in header if h not in _CSV_COLUMNS]
        if unknown:
            raise AFTNAddressError("unknown columns in addressing table: %s"
                                   % ", ".join(unknown))
        if "kind" not in header:
            raise AFTNAddressError("addressing table CSV needs a 'kind' column")
        domains, caas, users = [], [], []
        for n, raw in enumerate(reader, start=2):
            if None in raw:
                raise AFTNAddressError("row %d has more cells than the header" % n)
            row = {k.strip(): (v or "").strip() for k, v in raw.items()}
            row = {k: v for k, v in row.items() if v}
            kind = row.pop("kind", "").lower()
            where = "row %d" % n
            if kind == "domain":
                _only(row, _DOMAIN_KEYS, where)
                domains.append(_domain_row(row, where))
            elif kind == "caas":
                _only(row, _CAAS_KEYS, where)
                caas.append(_caas_row(row, where))
            elif kind == "user":
                _only(row, _USER_KEYS, where)
                users.append(_user_row(row, where))
            else:
                raise AFTNAddressError("%s: kind must be domain, caas or user, not %r"
                                       % (where, kind))
        return cls(domains, caas, users, directory=directory)

    def to_csv(self) -> str:
        out = io.StringIO()
        w = csv.DictWriter(out, fieldnames=_CSV_COLUMNS, lineterminator="\n")
        w.writeheader()
        d = self.to_dict()
        for row in d["domains"]:
            w.writerow(dict(row, kind="domain"))
        for row in d["caas"]:
            w.writerow(dict(row, kind="caas"))
        for row in d["users"]:
            w.writerow(dict(row, kind="user"))
        return out.getvalue()

    @classmethod
    def load(cls, path: Union[str, "os.PathLike[str]"], *,
             directory: Optional[Any] = None) -> "AddressingTable":
        """Read a table file, JSON or CSV by its extension."""
        name = os.fspath(path)
        if name.lower().endswith(".json"):
            return cls.from_json(name, directory=directory)
        if name.lower().endswith(".csv"):
            return cls.from_csv(name, directory=directory)
        raise AFTNAddressError("addressing table %s: extension must be .json or .csv" % name)

    def __repr__(self) -> str:
        return "AddressingTable(%d domain rules, %d CAAS rules, %d users%s)" % (
            len(self.domains), len(self.caas), len(self.users),
            ", directory" if self.directory is not None else "")


def _read(source: Any) -> str:
    if hasattr(source, "read"):
        data = source.read()
    elif isinstance(source, (bytes, bytearray)):
        data = bytes(source)
    elif isinstance(source, os.PathLike) or (
            isinstance(source, str) and "\n" not in source and (
                os.path.exists(source)
                or source.lower().endswith((".json", ".csv")))):
        try:
            with open(os.fspath(source), encoding="utf-8") as f:
                data = f.read()
        except OSError as exc:
            raise AFTNAddressError("cannot read addressing table: %s" % exc) from exc
    else:
        data = source
    if isinstance(data, bytes):
        try:
            data = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise AFTNAddressError("addressing table is not UTF-8: %s" % exc) from exc
    if not isinstance(data, str):
        raise AFTNAddressError("addressing table source must be text, bytes, a path or "
                               "a file")
    return data


def _rows(data: Mapping[str, Any], key: str) -> List[Mapping[str, Any]]:
    rows = data.get(key, [])
    if not isinstance(rows, list) or not all(isinstance(r, Mapping) for r in rows):
        raise AFTNAddressError("%s must be a list of objects" % key)
    return rows


def _only(row: Mapping[str, Any], keys: Sequence[str], where: str) -> None:
    extra = [k for k in row if k not in keys]
    if extra:
        raise AFTNAddressError("%s: %s not allowed here (allowed: %s)"
                               % (where, ", ".join(extra), ", ".join(keys)))


def _text(row: Mapping[str, Any], key: str, where: str, required: bool = True
          ) -> Optional[str]:
    v = row.get(key)
    if v is None or v == "":
        if required:
            raise AFTNAddressError("%s: %s is required" % (where, key), attribute=key)
        return None
    if not isinstance(v, str):
        raise AFTNAddressError("%s: %s must be a string" % (where, key), attribute=key)
    return v


def _with_where(where: str, fn: Any, *args: Any, **kw: Any) -> Any:
    try:
        return fn(*args, **kw)
    except AFTNAddressError as exc:
        raise AFTNAddressError("%s: %s" % (where, exc.reason), address=exc.address,
                               attribute=exc.attribute) from exc


def _domain_row(row: Mapping[str, Any], where: str) -> DomainRule:
    _only(row, _DOMAIN_KEYS, where)
    md = _with_where(where, ManagementDomain,
                     prmd=_text(row, "prmd", where),
                     scheme=_text(row, "scheme", where, False) or AddressingScheme.XF,
                     c=_text(row, "c", where, False) or ICAO_COUNTRY,
                     admd=_text(row, "admd", where, False) or ICAO_ADMD)
    return _with_where(where, DomainRule, location=_text(row, "location", where),
                       domain=md, designator=_text(row, "designator", where, False))


def _caas_row(row: Mapping[str, Any], where: str) -> CAASRule:
    _only(row, _CAAS_KEYS, where)
    return _with_where(where, CAASRule, location=_text(row, "location", where),
                       organization=_text(row, "organization", where))


def _user_row(row: Mapping[str, Any], where: str) -> UserEntry:
    _only(row, _USER_KEYS, where)
    return _with_where(where, UserEntry, aftn=_text(row, "aftn", where),
                       oraddress=_text(row, "oraddress", where))
