"""Benchmark workloads: P3 message submissions and P22 IPMs, in every peer's form.

A workload is one logical value of the schema in ``workload.asn``:

* ``submission``: a MessageSubmissionArgument whose envelope has 1, 10 or
  100 recipients, each with a full mnemonic O/R address (country, ADMD,
  PRMD, organization, one to four OUs, personal name, numeric user id and
  most with a domain-defined attribute), carrying as its content the BER of
  an IPM addressed to the same recipients with 1 KiB, 16 KiB or 1 MiB of
  IA5 text;
* ``ipm``: that InformationObject (the P22 content) on its own.

The same value is produced in four forms, one per peer:

(a) asn1tools' value form (the reference): dicts keyed by the ASN.1 names,
    CHOICE as ``(name, value)``, BIT STRING as ``(bytes, number_of_bits)``,
    UTCTime as naive UTC datetimes (asn1tools writes naive datetimes with
    ``Z``);
(b) x400fast's value model (helper-notes/dsl.md): snake_case keys and
    alternative names, named BIT STRINGs as frozensets of names, aware
    datetimes -- :func:`to_x400fast` converts (a);
(c) pyasn1 objects of ``pyasn1_spec`` -- :func:`to_pyasn1` builds them from
    (a) by walking the pyasn1 schema;
(d) a plain tree for msgpack (dicts, lists, str, bytes, ints; datetimes as
    ISO strings): the floor for "build the Python objects of this value" --
    :func:`to_tree`.

Why the content is pre-encoded: a P3 submission carries its IPM as an
OCTET STRING, so an envelope codec never parses the IPM; the ``ipm``
workloads measure that part separately.
"""
from __future__ import annotations

import datetime as _dt
import functools
import importlib
import os
import re
from typing import Any, Dict, Iterable, List, Optional, Tuple

__all__ = [
    "ASN_PATH", "RECIPIENT_COUNTS", "TEXT_SIZES", "KINDS", "TYPE_NAMES",
    "Workload", "all_workloads", "compile_asn1tools", "or_name", "ia5_text",
    "envelope", "ipm", "submission", "to_x400fast", "to_tree", "to_pyasn1",
    "from_pyasn1", "strip_defaults", "snake", "NAMED_BITS", "DEFAULTS",
    "x400fast_engines",
]

HERE = os.path.dirname(os.path.abspath(__file__))
ASN_PATH = os.path.join(HERE, "workload.asn")

RECIPIENT_COUNTS = (1, 10, 100)
TEXT_SIZES = {"1KiB": 1024, "16KiB": 16 * 1024, "1MiB": 1024 * 1024}
KINDS = ("submission", "ipm")
TYPE_NAMES = {"submission": "MessageSubmissionArgument", "ipm": "InformationObject"}

# ---------------------------------------------------------------------------
# asn1tools


def _sort_tag(member: Any) -> bytes:
    """The tag a SET member is sorted by.

    DER (X.690 10.3) sorts an untagged CHOICE by the alternative chosen.
    asn1tools sorts once, at compile time, so an untagged CHOICE is given
    the tag of the alternative every workload uses: ``built-in`` for the
    envelope's content type (the only such member in this schema).
    """
    tag = getattr(member, "tag", None)
    if tag is not None:
        return bytes(tag)
    for m in member.members:
        if m.name == "built-in":
            return _sort_tag(m)
    return min(_sort_tag(m) for m in member.members)


@functools.lru_cache(maxsize=None)
def compile_asn1tools() -> Any:
    """``asn1tools.compile_files(workload.asn, 'ber')``, with one workaround.

    asn1tools sorts SET components by tag when it compiles a SET and fails
    (TypeError on ``None[0]``) when a component is an untagged CHOICE, as
    ``content-type`` is in the submission envelope.  While compiling, its
    sort key is replaced by one that gives that CHOICE the tag of the
    alternative the workloads use (see :func:`_sort_tag`), which is the DER
    order pyasn1_spec's encoder and x400fast write.  Nothing else about
    asn1tools changes.
    """
    import asn1tools
    from asn1tools.codecs import ber

    original = ber.get_tag_no_encoding
    constructed = ber.Encoding.CONSTRUCTED

    def sort_key(member: Any) -> bytearray:
        tag = _sort_tag(member)
        return bytearray([tag[0] & ~constructed]) + tag[1:]

    ber.get_tag_no_encoding = sort_key
    try:
        return asn1tools.compile_files(ASN_PATH, "ber")
    finally:
        ber.get_tag_no_encoding = original


# ---------------------------------------------------------------------------
# Building the logical values (form (a))

_COUNTRIES = ["GB", "FR", "DE", "NL", "CA", "AU"]
_ADMDS = [("printable", " "), ("printable", "ICAO"), ("numeric", "0"),
          ("printable", "BT")]
_SURNAMES = ["Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson",
             "Johnson", "Davies", "Robinson", "Wright", "Okafor", "Lindqvist"]
_GIVEN = ["Alice", "Bernard", "Chloe", "Dmitri", "Eleanor", "Farid", "Grace",
          "Hiroshi", "Ingrid", "Jamal", "Katarzyna", "Luis"]
_OUS = ["Operations", "Europe", "Air Traffic Services", "Tower", "Approach",
        "Planning", "Night Shift", "Flight Data"]
_QUALIFIERS = ["Jr", "II", "III"]

_SUBMIT_TIME = _dt.datetime(2025, 3, 14, 15, 9, 26)


def bits(*positions: int) -> Tuple[bytes, int]:
    """A BIT STRING (asn1tools form) with these bits set, trailing zeros trimmed."""
    if not positions:
        return (b"", 0)
    nbits = max(positions) + 1
    value = 0
    nbytes = (nbits + 7) // 8
    for p in positions:
        value |= 1 << (nbytes * 8 - 1 - p)
    return (value.to_bytes(nbytes, "big"), nbits)


def or_name(i: int) -> Dict[str, Any]:
    """User number ``i``'s O/R name (0 is the originator)."""
    given = _GIVEN[i % len(_GIVEN)]
    surname = _SURNAMES[(i * 7) % len(_SURNAMES)]
    if i % 7 == 3:
        country: Tuple[str, str] = ("x121-dcc-code", "234")
    else:
        country = ("iso-3166-alpha2-code", _COUNTRIES[i % len(_COUNTRIES)])
    personal: Dict[str, Any] = {
        "surname": "%s%d" % (surname, i),
        "given-name": given,
        "initials": given[0] + surname[0],
    }
    if i % 10 == 9:
        personal["generation-qualifier"] = _QUALIFIERS[i % 3]
    bisa: Dict[str, Any] = {
        "country-name": country,
        "administration-domain-name": _ADMDS[i % len(_ADMDS)],
        "private-domain-name": ("printable", "ACME-NET"),
        "organization-name": "Acme Air Navigation Ltd",
        "numeric-user-identifier": "%010d" % (4400000 + i),
        "personal-name": personal,
        "organizational-unit-names": [_OUS[(i + k) % len(_OUS)] for k in range(1 + i % 4)],
    }
    name: Dict[str, Any] = {"built-in-standard-attributes": bisa}
    if i % 4 != 1:
        name["built-in-domain-defined-attributes"] = [
            {"type": "RFC-822",
             "value": "%s.%s%d(a)acme.example" % (given.lower(), surname.lower(), i)},
        ]
    return name


def or_descriptor(i: int) -> Dict[str, Any]:
    given = _GIVEN[i % len(_GIVEN)]
    surname = _SURNAMES[(i * 7) % len(_SURNAMES)]
    return {
        "formal-name": or_name(i),
        "free-form-name": "%s %s" % (given, surname),
        "telephone-number": "+44 20 7946 %04d" % i,
    }


def recipient_specifier(i: int) -> Dict[str, Any]:
    spec: Dict[str, Any] = {
        "recipient": or_descriptor(i),
        "notification-requests": bits(0, 1) if i % 2 else bits(1),
    }
    # reply-requested is only ever set to TRUE: asn1tools does not omit a
    # BOOLEAN equal to its DEFAULT FALSE, pyasn1 and x400fast do.
    if i % 4 == 1:
        spec["reply-requested"] = True
    return spec


@functools.lru_cache(maxsize=None)
def ia5_text(size: int) -> str:
    """Deterministic IA5 text of exactly ``size`` characters (CRLF lines)."""
    words = ("flight plan amended route via waypoint level change requested "
             "estimated time of arrival delayed weather advisory notam runway "
             "closed alternate aerodrome fuel endurance squawk frequency").split()
    lines: List[str] = []
    total = 0
    n = 0
    while total < size:
        line = "%05d " % n + " ".join(words[(n + k) % len(words)] for k in range(9)) + "\r\n"
        lines.append(line)
        total += len(line)
        n += 1
    return "".join(lines)[:size]


def _split_recipients(n: int) -> Tuple[range, range, range]:
    """Heading recipients 1..n: 60 % primary, 30 % copy, the rest blind copy."""
    primary = max(1, (n * 6 + 9) // 10)
    copy = (n * 3) // 10
    return (range(1, primary + 1), range(primary + 1, primary + copy + 1),
            range(primary + copy + 1, n + 1))


def ipm(n: int, text_size: int) -> Tuple[str, Dict[str, Any]]:
    """The InformationObject (an IPM) sent to recipients 1..n."""
    primary, copy, blind = _split_recipients(n)
    heading: Dict[str, Any] = {
        "this-IPM": {"user": or_name(0),
                     "user-relative-identifier": "20250314150926Z-%06d" % n},
        "originator": or_descriptor(0),
        "authorizing-users": [or_descriptor(0)],
        "primary-recipients": [recipient_specifier(i) for i in primary],
    }
    if len(copy):
        heading["copy-recipients"] = [recipient_specifier(i) for i in copy]
    if len(blind):
        heading["blind-copy-recipients"] = [recipient_specifier(i) for i in blind]
    heading.update({
        "replied-to-IPM": {"user": or_name(1),
                           "user-relative-identifier": "20250313080000Z-000001"},
        "related-IPMs": [{"user-relative-identifier": "20250301120000Z-000007"}],
        "subject": "Revised flight data for %d recipients (%d octets of text)" % (n, text_size),
        "expiry-time": _dt.datetime(2025, 3, 21, 15, 9, 26),
        "reply-time": _dt.datetime(2025, 3, 15, 12, 0, 30),
        "reply-recipients": [or_descriptor(0)],
        "importance": "high",
        "sensitivity": "company-confidential",
    })
    body = [("basic", ("ia5-text", {"parameters": {"repertoire": "ia5"},
                                    "data": ia5_text(text_size)}))]
    return ("ipm", {"heading": heading, "body": body})


def envelope(n: int) -> Dict[str, Any]:
    """A MessageSubmissionEnvelope for recipients 1..n."""
    fields = []
    for i in range(1, n + 1):
        f: Dict[str, Any] = {
            "recipient-name": or_name(i),
            # report(3) for most, non-delivery-report(4) for every third
            "originator-report-request": bits(4) if i % 3 == 0 else bits(3),
        }
        if i % 10 == 0:
            f["explicit-conversion"] = 0    # ia5-text-to-teletex
        fields.append(f)
    return {
        "originator-name": or_name(0),
        "original-encoded-information-types": {
            "built-in-encoded-information-types": bits(2),          # ia5-text
            "extended-encoded-information-types": ["2.6.3.4.2"],    # id-eit-ia5-text
        },
        "content-type": ("built-in", 22),                           # P22
        "content-identifier": "BENCH-%05d" % n,
        "priority": "urgent",
        "per-message-indicators": bits(2, 3),   # alternate-recipient-allowed, content-return
        "deferred-delivery-time": _SUBMIT_TIME,
        "per-recipient-fields": fields,
    }


def submission(n: int, text_size: int, content: bytes) -> Dict[str, Any]:
    """A MessageSubmissionArgument carrying ``content`` (the IPM's BER)."""
    return {"envelope": envelope(n), "content": content}


# ---------------------------------------------------------------------------
# Conversions between the forms

#: Named BIT STRINGs of the schema, by component name: position -> name.
NAMED_BITS: Dict[str, Dict[int, str]] = {
    "per-message-indicators": {
        0: "disclosure-of-other-recipients", 1: "implicit-conversion-prohibited",
        2: "alternate-recipient-allowed", 3: "content-return-request", 4: "reserved",
        5: "bit-5", 6: "bit-6", 7: "service-message"},
    "originator-report-request": {3: "report", 4: "non-delivery-report"},
    "built-in-encoded-information-types": {
        0: "unknown", 2: "ia5-text", 3: "g3-facsimile", 4: "g4-class-1", 5: "teletex",
        6: "videotex", 7: "voice", 8: "sfd", 9: "mixed-mode"},
    "notification-requests": {0: "rn", 1: "nrn", 2: "ipm-return", 3: "an-supported",
                              4: "suppress-an"},
}

_CAMEL = re.compile(r"([a-z0-9])([A-Z][a-z])")


def snake(name: str) -> str:
    """x400fast's Python key for an ASN.1 name (``this-IPM`` -> ``this_ipm``)."""
    return _CAMEL.sub(r"\1_\2", name).replace("-", "_").lower()


def _bit_positions(data: bytes, nbits: int) -> List[int]:
    return [p for p in range(nbits) if data[p // 8] >> (7 - p % 8) & 1]


def to_x400fast(value: Any, key: Optional[str] = None) -> Any:
    """Form (a) -> form (b), the x400fast value model."""
    if type(value) is dict:
        return {snake(k): to_x400fast(v, k) for k, v in value.items()}
    if type(value) is tuple:
        first, second = value
        if type(first) is str:                                  # CHOICE
            return (snake(first), to_x400fast(second))
        if key in NAMED_BITS:                                   # named BIT STRING
            names = NAMED_BITS[key]
            return frozenset(names.get(p, p) for p in _bit_positions(first, second))
        return value
    if type(value) is list:
        return [to_x400fast(v) for v in value]
    if isinstance(value, _dt.datetime):
        return value.replace(tzinfo=_dt.timezone.utc)
    return value


def to_tree(value: Any) -> Any:
    """Form (a) -> form (d): plain msgpack-able tree (tuples become lists)."""
    if type(value) is dict:
        return {k: to_tree(v) for k, v in value.items()}
    if type(value) in (tuple, list):
        return [to_tree(v) for v in value]
    if isinstance(value, _dt.datetime):
        return value.isoformat()
    return value


def _component_spec(spec: Any, name: str) -> Any:
    types = spec.componentType
    return types.getTypeByPosition(types.getPositionByName(name))


def to_pyasn1(value: Any, spec: Any) -> Any:
    """Form (a) -> form (c): a pyasn1 object of ``spec`` (a pyasn1_spec type)."""
    from pyasn1.type import char, univ, useful

    if isinstance(spec, univ.Choice):           # (a Choice is a Set in pyasn1)
        name, inner = value
        obj = spec.clone()
        obj.setComponentByName(name, to_pyasn1(inner, _component_spec(spec, name)))
        return obj
    if isinstance(spec, univ.SequenceAndSetBase):
        obj = spec.clone()
        for name, inner in value.items():
            obj.setComponentByName(name, to_pyasn1(inner, _component_spec(spec, name)))
        return obj
    if isinstance(spec, univ.SequenceOfAndSetOfBase):
        obj = spec.clone()
        element = spec.componentType
        for i, inner in enumerate(value):
            obj.setComponentByPosition(i, to_pyasn1(inner, element))
        return obj
    if isinstance(spec, univ.BitString):
        data, nbits = value
        return spec.clone(tuple(data[p // 8] >> (7 - p % 8) & 1 for p in range(nbits)))
    if isinstance(spec, useful.UTCTime):
        return spec.clone(value.strftime("%y%m%d%H%M%SZ"))
    if isinstance(spec, (char.AbstractCharacterString, univ.OctetString, univ.Boolean,
                         univ.Integer, univ.ObjectIdentifier)):
        return spec.clone(value)
    raise TypeError("no conversion to %r" % (spec,))


def from_pyasn1(obj: Any) -> Any:
    """A pyasn1 value -> form (a) (for checking what pyasn1 decoded)."""
    from pyasn1.type import char, univ, useful

    if isinstance(obj, univ.Choice):
        return (obj.getName(), from_pyasn1(obj.getComponent()))
    if isinstance(obj, univ.SequenceAndSetBase):
        return {name: from_pyasn1(v) for name, v in obj.items() if v.isValue}
    if isinstance(obj, univ.SequenceOfAndSetOfBase):
        return [from_pyasn1(v) for v in obj]
    if isinstance(obj, univ.BitString):
        nbits = len(obj)
        nbytes = (nbits + 7) // 8
        return ((int(obj) << (nbytes * 8 - nbits)).to_bytes(nbytes, "big"), nbits)
    if isinstance(obj, useful.UTCTime):
        return _dt.datetime.strptime(str(obj), "%y%m%d%H%M%SZ")
    if isinstance(obj, char.AbstractCharacterString):
        return str(obj)
    if isinstance(obj, univ.OctetString):
        return obj.asOctets()
    if isinstance(obj, univ.Boolean):
        return bool(obj)
    if isinstance(obj, univ.Enumerated):
        return obj.namedValues[int(obj)]
    if isinstance(obj, univ.Integer):
        return int(obj)
    if isinstance(obj, univ.ObjectIdentifier):
        return str(obj)
    raise TypeError("no conversion from %r" % (obj,))


#: DEFAULT values of the schema by component name, as any peer may present
#: them after decoding (asn1tools fills DEFAULT FALSE in as the string
#: "FALSE"); :func:`strip_defaults` drops them before values are compared.
DEFAULTS: Dict[str, Tuple[Any, ...]] = {
    "priority": ("normal",),
    "per-message-indicators": ((b"", 0), frozenset()),
    "primary-recipients": ([],),
    "copy-recipients": ([],),
    "obsoleted-IPMs": ([],),
    "related-IPMs": ([],),
    "importance": ("normal",),
    "auto-forwarded": (False, "FALSE"),
    "notification-requests": ((b"", 0), frozenset()),
    "reply-requested": (False, "FALSE"),
    "repertoire": ("ia5",),
}
_DEFAULTS_BY_KEY = dict(DEFAULTS)
_DEFAULTS_BY_KEY.update({snake(k): v for k, v in DEFAULTS.items()})


def strip_defaults(value: Any) -> Any:
    """``value`` (form (a) or (b)) without components equal to their DEFAULT."""
    if type(value) is dict:
        out = {}
        for k, v in value.items():
            defaults = _DEFAULTS_BY_KEY.get(k)
            if defaults is not None and any(type(v) is type(d) and v == d for d in defaults):
                continue
            out[k] = strip_defaults(v)
        return out
    if type(value) is tuple and value and type(value[0]) is str:
        return (value[0], strip_defaults(value[1]))
    if type(value) is list:
        return [strip_defaults(v) for v in value]
    return value


# ---------------------------------------------------------------------------
# Workloads


@functools.lru_cache(maxsize=None)
def _value_a(kind: str, n: int, text_size: int) -> Any:
    info = ipm(n, text_size)
    if kind == "ipm":
        return info
    content = compile_asn1tools().encode("InformationObject", info)
    return submission(n, text_size, content)


class Workload:
    """One benchmark value in all four forms (each built on first use, then kept)."""

    def __init__(self, kind: str, recipients: int, text: str) -> None:
        if kind not in KINDS or text not in TEXT_SIZES:
            raise ValueError("unknown workload %s/%s" % (kind, text))
        self.kind = kind
        self.recipients = recipients
        self.text = text
        self.text_size = TEXT_SIZES[text]
        self.type_name = TYPE_NAMES[kind]
        self.name = "%s %d rcpt %s" % (kind, recipients, text)
        self._cache: Dict[str, Any] = {}

    def __repr__(self) -> str:
        return "<Workload %s>" % self.name

    def _get(self, what: str, build: Any) -> Any:
        if what not in self._cache:
            self._cache[what] = build()
        return self._cache[what]

    @property
    def asn1tools_value(self) -> Any:
        """Form (a)."""
        return _value_a(self.kind, self.recipients, self.text_size)

    @property
    def x400fast_value(self) -> Any:
        """Form (b)."""
        return self._get("b", lambda: to_x400fast(self.asn1tools_value))

    @property
    def pyasn1_value(self) -> Any:
        """Form (c)."""
        return self._get("c", lambda: to_pyasn1(self.asn1tools_value, self.pyasn1_spec()))

    @property
    def tree(self) -> Any:
        """Form (d)."""
        return self._get("d", lambda: to_tree(self.asn1tools_value))

    @property
    def ber(self) -> bytes:
        """The BER of the value, as asn1tools encodes it (the decode input)."""
        return self._get("ber", lambda: compile_asn1tools().encode(
            self.type_name, self.asn1tools_value))

    @property
    def packed(self) -> bytes:
        """msgpack of form (d) (the msgpack decode input)."""
        import msgpack
        return self._get("packed", lambda: msgpack.packb(self.tree, use_bin_type=True))

    def pyasn1_spec(self) -> Any:
        """A fresh pyasn1 schema object of the workload's top-level type."""
        from . import pyasn1_spec
        return getattr(pyasn1_spec, self.type_name)()

    def x400fast_type(self) -> Any:
        """The x400fast DSL type of the workload (needs x400fast.asn1)."""
        from . import x400fast_schema
        return x400fast_schema.TYPES[self.type_name]


def all_workloads(kinds: Iterable[str] = KINDS,
                  recipients: Iterable[int] = RECIPIENT_COUNTS,
                  texts: Iterable[str] = tuple(TEXT_SIZES)) -> List[Workload]:
    """Every combination, in a stable order."""
    return [Workload(k, n, t) for k in kinds for n in recipients for t in texts]


# ---------------------------------------------------------------------------
# x400fast engines


def x400fast_engines() -> Tuple[Dict[str, Any], Dict[str, str]]:
    """The x400fast BER engines usable in this process.

    Returns ``(engines, reasons)``: ``engines`` maps ``"compiled"`` and/or
    ``"pure"`` to the engine module (``x400fast._ber`` / ``x400fast._ber_pure``,
    both with ``encode(node, value)`` and ``decode(node, data, limits)``);
    ``reasons`` says why a missing one is missing.  Both are driven directly
    rather than through ``x400fast.ber`` so that one process can time both.
    """
    engines: Dict[str, Any] = {}
    reasons: Dict[str, str] = {}
    try:
        importlib.import_module("x400fast.asn1")
        from . import x400fast_schema  # noqa: F401  (the DSL must accept the schema)
    except Exception as e:  # the engine may not have landed, or may reject the schema
        reason = "x400fast.asn1 / bench.x400fast_schema do not import: %s: %s" % (
            type(e).__name__, e)
        return {}, {"compiled": reason, "pure": reason}
    for label, module in (("compiled", "x400fast._ber"), ("pure", "x400fast._ber_pure")):
        try:
            engines[label] = importlib.import_module(module)
        except ImportError as e:
            reasons[label] = "%s does not import (%s)" % (module, e)
    return engines, reasons
