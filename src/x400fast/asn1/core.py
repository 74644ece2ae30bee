"""ASN.1 declarations in Python, and their compilation into node tables.

A module of the standard is written as a :class:`Module` whose ``define``
calls read like the ASN.1 text::

    m = Module("MTSAbstractService", tagging="IMPLICIT")
    m.define("MTSIdentifier", Sequence(
        C("global-domain-identifier", "GlobalDomainIdentifier"),
        C("local-identifier", "LocalIdentifier"),
    ), tag="[APPLICATION 4]")

Types are referred to by name (forward references and recursion are fine)
and resolved when the module is first used.  Compilation turns each use of
a type (with its effective tag) into a :class:`Node`: a flat record of ints,
bytes and dicts that both BER engines execute (the pure-Python engine reads
the nodes directly; the compiled engine links them into C structures once).

Tagging follows X.680: a tag written without IMPLICIT/EXPLICIT takes the
module's default, except that a tag on a CHOICE, an open type (ANY) or a
reference to either is always explicit.
"""
from __future__ import annotations

import re
from typing import Any as _Any, Dict, Iterable, List, Optional, Tuple, Union

from ..errors import SchemaError

__all__ = [
    "Module", "C", "Type", "Sequence", "Set", "Choice", "SequenceOf", "SetOf",
    "Boolean", "Integer", "Enumerated", "Null", "ObjectIdentifier",
    "BitString", "OctetString", "NumericString", "PrintableString",
    "TeletexString", "T61String", "VideotexString", "IA5String",
    "GraphicString", "VisibleString", "GeneralString", "UniversalString",
    "BMPString", "UTF8String", "ObjectDescriptor", "UTCTime",
    "GeneralizedTime", "Any", "External", "ComponentsOf", "Node", "Field", "snake",
    "UNIVERSAL", "APPLICATION", "CONTEXT", "PRIVATE", "MISSING",
]

# Tag classes, as the two top bits of the identifier octet.
UNIVERSAL, APPLICATION, CONTEXT, PRIVATE = 0x00, 0x40, 0x80, 0xC0

# Node kinds shared by both engines (keep in step with _ber.pyx).
K_BOOLEAN = 1
K_INTEGER = 2
K_BITSTRING = 3
K_OCTETSTRING = 4
K_NULL = 5
K_OID = 6
K_ENUMERATED = 10
K_STRING = 12
K_UTCTIME = 23
K_GENTIME = 24
K_SEQUENCE = 16
K_SET = 17
K_SEQOF = 30
K_SETOF = 31
K_CHOICE = 40
K_ANY = 41
K_EXPLICIT = 42

# Character sets of the string types (keep in step with _ber.pyx).
CS_NUMERIC = 1
CS_PRINTABLE = 2
CS_IA5 = 3
CS_VISIBLE = 4
CS_LATIN1 = 5      # Teletex, Videotex, Graphic, General, ObjectDescriptor
CS_UTF8 = 6
CS_BMP = 7
CS_UNIVERSAL = 8


class _Missing:
    __slots__ = ()

    def __repr__(self) -> str:
        return "MISSING"

    def __reduce__(self) -> str:
        return "MISSING"


MISSING = _Missing()

_camel1 = re.compile(r"(?<=[a-z0-9])(?=[A-Z][a-z])")


def snake(name: str) -> str:
    """The Python key for an ASN.1 component name.

    ``this-IPM`` -> ``this_ipm``, ``invokeId`` -> ``invoke_id``,
    ``mTA-name`` -> ``mta_name``, ``toBeSigned`` -> ``to_be_signed``.
    """
    return _camel1.sub("_", name).replace("-", "_").lower()


def tagkey(cls: int, number: int) -> int:
    """Engine-internal tag key: class in bits 28-29, number below."""
    return (cls >> 6) << 28 | number


def identifier(cls: int, constructed: bool, number: int) -> bytes:
    """The identifier octets for a tag, in the minimal form."""
    first = cls | (0x20 if constructed else 0)
    if number < 31:
        return bytes((first | number,))
    out = [number & 0x7F]
    number >>= 7
    while number:
        out.append(0x80 | (number & 0x7F))
        number >>= 7
    return bytes([first | 0x1F] + out[::-1])


_TAG_RE = re.compile(
    r"^\s*\[\s*(?:(UNIVERSAL|APPLICATION|PRIVATE)\s+)?(\d+)\s*\]\s*(IMPLICIT|EXPLICIT)?\s*$")
_CLASSES = {None: CONTEXT, "UNIVERSAL": UNIVERSAL, "APPLICATION": APPLICATION,
            "PRIVATE": PRIVATE}


def _parse_tag(text: str) -> Tuple[int, int, Optional[bool]]:
    """``"[APPLICATION 4] IMPLICIT"`` -> (class, number, explicit or None)."""
    m = _TAG_RE.match(text)
    if not m:
        raise SchemaError("bad tag %r" % (text,))
    mode = m.group(3)
    explicit = None if mode is None else (mode == "EXPLICIT")
    number = int(m.group(2))
    if number >= 1 << 28:
        raise SchemaError("tag number too large in %r" % (text,))
    return _CLASSES[m.group(1)], number, explicit


def _size(size) -> Tuple[int, int]:
    if size is None:
        return 0, -1
    if isinstance(size, int):
        return size, size
    lo, hi = size
    return int(lo), (-1 if hi is None else int(hi))


# ---------------------------------------------------------------------------
# Declarations


class Type:
    """Base of every declared type.

    ``encode(value)`` and ``decode(data)`` use the engine selected by
    :mod:`x400fast._impl` (compiled unless ``X400FAST_PURE=1``).
    """

    kind = 0
    universal = -1          # universal tag number, -1 for untagged kinds
    constructed = False
    name: Optional[str] = None
    module: Optional["Module"] = None

    def __init__(self) -> None:
        self._node: Optional[Node] = None

    # The compiled node for the type's own (unretagged) use.
    def node(self) -> "Node":
        if self._node is None:
            self._node = _COMPILER.node_for(self, None)
        return self._node

    def encode(self, value: _Any) -> bytes:
        from .. import ber
        return ber.encode(self, value)

    def decode(self, data, **limits) -> _Any:
        from .. import ber
        return ber.decode(self, data, **limits)

    def __repr__(self) -> str:
        if self.name:
            return "<%s %s.%s>" % (type(self).__name__,
                                   self.module.name if self.module else "?",
                                   self.name)
        return "<%s>" % type(self).__name__


class _Simple(Type):
    def __init__(self, size=None) -> None:
        super().__init__()
        self.size = _size(size)


class Boolean(Type):
    kind, universal = K_BOOLEAN, 1


class Integer(Type):
    kind, universal = K_INTEGER, 2

    def __init__(self, named: Optional[Dict[str, int]] = None,
                 range: Optional[Tuple[Optional[int], Optional[int]]] = None) -> None:
        super().__init__()
        self.named = dict(named or {})
        self.range = range


class Enumerated(Type):
    kind, universal = K_ENUMERATED, 10

    def __init__(self, named: Dict[str, int]) -> None:
        super().__init__()
        self.named = dict(named)


class Null(Type):
    kind, universal = K_NULL, 5


class ObjectIdentifier(Type):
    kind, universal = K_OID, 6


class BitString(_Simple):
    kind, universal = K_BITSTRING, 3

    def __init__(self, named: Optional[Dict[str, int]] = None, size=None) -> None:
        super().__init__(size)
        self.named = dict(named or {})


class OctetString(_Simple):
    kind, universal = K_OCTETSTRING, 4


class _String(_Simple):
    kind = K_STRING
    charset = CS_LATIN1


def _string(name: str, number: int, charset: int) -> type:
    return type(name, (_String,), {"universal": number, "charset": charset,
                                   "__doc__": "ASN.1 %s." % name})


NumericString = _string("NumericString", 18, CS_NUMERIC)
PrintableString = _string("PrintableString", 19, CS_PRINTABLE)
TeletexString = _string("TeletexString", 20, CS_LATIN1)
T61String = TeletexString
VideotexString = _string("VideotexString", 21, CS_LATIN1)
IA5String = _string("IA5String", 22, CS_IA5)
GraphicString = _string("GraphicString", 25, CS_LATIN1)
VisibleString = _string("VisibleString", 26, CS_VISIBLE)
GeneralString = _string("GeneralString", 27, CS_LATIN1)
UniversalString = _string("UniversalString", 28, CS_UNIVERSAL)
BMPString = _string("BMPString", 30, CS_BMP)
UTF8String = _string("UTF8String", 12, CS_UTF8)
ObjectDescriptor = _string("ObjectDescriptor", 7, CS_LATIN1)


class UTCTime(Type):
    kind, universal = K_UTCTIME, 23


class GeneralizedTime(Type):
    kind, universal = K_GENTIME, 24


class Any(Type):
    """An open type: decoded as the complete TLV, as bytes, kept raw."""
    kind = K_ANY


class C:
    """A component of a SEQUENCE, SET or CHOICE.

    :param name: the component name as the standard writes it.
    :param type: a :class:`Type` or the name of one.
    :param tag: ``"[n]"``, ``"[APPLICATION n] IMPLICIT"``, ...
    :param optional: the component may be absent.
    :param default: the DEFAULT value (in the value model's form).
    :param py: the Python key, when :func:`snake` of the name is not wanted.
    """

    __slots__ = ("name", "type", "tag", "optional", "default", "key")

    def __init__(self, name: str, type: Union[Type, str], tag: Optional[str] = None,
                 optional: bool = False, default: _Any = MISSING,
                 py: Optional[str] = None) -> None:
        self.name = name
        self.type = type
        self.tag = None if tag is None else _parse_tag(tag)
        self.optional = optional
        self.default = default
        self.key = py or snake(name)


class ComponentsOf:
    """``COMPONENTS OF Type``: the components of another SEQUENCE or SET,
    inlined where it stands (their tags keep the tagging of their module)."""

    __slots__ = ("type",)

    def __init__(self, type: Union[Type, str]) -> None:
        self.type = type


class _Constructed(Type):
    constructed = True

    def __init__(self, *components: Union[C, ComponentsOf], extensible: bool = False) -> None:
        super().__init__()
        keys = set()
        for c in components:
            if isinstance(c, ComponentsOf):
                continue
            if not isinstance(c, C):
                raise SchemaError("components must be C(...), got %r" % (c,))
            if c.key in keys:
                raise SchemaError("duplicate component %r" % c.name)
            keys.add(c.key)
        self.components = list(components)
        self.extensible = extensible


class Sequence(_Constructed):
    kind, universal = K_SEQUENCE, 16


class Set(_Constructed):
    kind, universal = K_SET, 17


class Choice(_Constructed):
    kind = K_CHOICE
    constructed = False


class SequenceOf(Type):
    kind, universal, constructed = K_SEQOF, 16, True

    def __init__(self, element: Union[Type, str], size=None) -> None:
        super().__init__()
        self.element = element
        self.size = _size(size)


class SetOf(SequenceOf):
    kind, universal = K_SETOF, 17


class _Ref(Type):
    """A use of a named type inside a declaration."""

    def __init__(self, module: "Module", name: str) -> None:
        super().__init__()
        self.ref_module = module
        self.ref_name = name


class _Defined(Type):
    """A type defined in a module: ``Name ::= [tag] Type``."""

    def __init__(self, module: "Module", name: str, inner: Type,
                 tag: Optional[Tuple[int, int, Optional[bool]]]) -> None:
        super().__init__()
        self.module = module
        self.name = name
        self.inner = inner
        self.tag = tag
        self.kind = inner.kind
        self.constructed = inner.constructed


class Module:
    """An ASN.1 module: a namespace of type definitions with a tagging default.

    :param name: the module name as the standard gives it.
    :param tagging: ``"IMPLICIT"`` or ``"EXPLICIT"``.
    """

    def __init__(self, name: str, tagging: str = "EXPLICIT") -> None:
        if tagging not in ("IMPLICIT", "EXPLICIT"):
            raise SchemaError("tagging must be IMPLICIT or EXPLICIT")
        self.name = name
        self.implicit = tagging == "IMPLICIT"
        self.types: Dict[str, _Defined] = {}
        self._imports: List[Module] = []

    def imports(self, *modules: "Module") -> None:
        """Make the names of other modules resolvable by bare name."""
        self._imports.extend(modules)

    def define(self, name: str, type: Union[Type, str], tag: Optional[str] = None) -> _Defined:
        """``name ::= [tag] type``; returns the defined type."""
        if name in self.types:
            raise SchemaError("%s.%s defined twice" % (self.name, name))
        inner = self._ref(type)
        d = _Defined(self, name, inner, None if tag is None else _parse_tag(tag))
        self.types[name] = d
        return d

    def __getitem__(self, name: str) -> _Defined:
        return self.types[name]

    def __contains__(self, name: str) -> bool:
        return name in self.types

    def _ref(self, t: Union[Type, str]) -> Type:
        if isinstance(t, str):
            return _Ref(self, t)
        if isinstance(t, type) and issubclass(t, Type):
            return t()
        if not isinstance(t, Type):
            raise SchemaError("not a type: %r" % (t,))
        return t

    def resolve(self, name: str) -> _Defined:
        if "." in name:
            mod, _, local = name.rpartition(".")
            for m in [self] + self._imports:
                if m.name == mod and local in m.types:
                    return m.types[local]
        if name in self.types:
            return self.types[name]
        for m in self._imports:
            if name in m.types:
                return m.types[name]
        raise SchemaError("%s: unknown type %r" % (self.name, name))

    def __repr__(self) -> str:
        return "<Module %s (%d types)>" % (self.name, len(self.types))


# ---------------------------------------------------------------------------
# Compiled form


class Field:
    """A compiled component."""

    __slots__ = ("name", "key", "node", "optional", "default", "tags", "is_null",
                 "default_copy")

    def __init__(self, name: str, key: str, node: "Node", optional: bool,
                 default: _Any) -> None:
        self.name = name
        self.key = key
        self.node = node
        self.optional = optional or default is not MISSING
        self.default = default
        self.tags: Optional[frozenset] = None   # filled once nodes are complete
        base = node
        while base.kind == K_EXPLICIT and base.inner is not None:
            base = base.inner
        self.is_null = base.kind == K_NULL
        # A mutable DEFAULT (a list, a dict) is copied into each decoded value
        # so that callers never share (and change) the schema's object.
        self.default_copy = isinstance(default, (list, dict, set, bytearray))

    def __repr__(self) -> str:
        return "<Field %s %r>" % (self.key, self.node)


class Node:
    """One use of a type with its effective tag: what the engines execute.

    ``tag`` is the engine tag key (:func:`tagkey`) or -1 for an untagged
    CHOICE or ANY, whose possible tags are in ``tags``.
    """

    __slots__ = (
        "kind", "name", "tag", "header", "tags",
        # strings, bit/octet strings, SEQUENCE OF
        "charset", "size_min", "size_max",
        # INTEGER, ENUMERATED, BIT STRING named values
        "named", "names", "range",
        # SEQUENCE, SET, CHOICE
        "fields", "by_tag", "by_key", "encode_order", "extensible", "dynamic_order",
        # SEQUENCE OF, EXPLICIT wrapper
        "inner", "universal",
        "_linked",
    )

    def __init__(self, kind: int, name: str) -> None:
        self.kind = kind
        self.name = name
        self.tag = -1
        self.header = b""
        self.tags: Optional[frozenset] = None
        self.charset = 0
        self.size_min = 0
        self.size_max = -1
        self.named: Dict[str, int] = {}
        self.names: Dict[int, str] = {}
        self.range = None
        self.fields: List[Field] = []
        self.by_tag: Dict[int, int] = {}
        self.by_key: Dict[str, int] = {}
        self.encode_order: List[int] = []
        self.extensible = False
        self.dynamic_order = False
        self.inner: Optional[Node] = None
        self.universal = -1      # the base type's universal tag number
        self._linked = None

    def __repr__(self) -> str:
        return "<Node %s kind=%d tag=%s>" % (self.name, self.kind,
                                             hex(self.tag) if self.tag >= 0 else "-")


class _Compiler:
    """Turns declarations into :class:`Node` graphs (memoised, cycle-safe)."""

    def __init__(self) -> None:
        self.memo: Dict[Tuple[int, _Any], Node] = {}
        self.pending: List[Node] = []
        self.keep: List[Type] = []

    def node_for(self, t: Type, tag: Optional[Tuple[int, int, Optional[bool]]],
                 module: Optional[Module] = None) -> Node:
        node = self._node(t, tag, module)
        # Fill in the tag sets of fields now that every node exists.
        while self.pending:
            n = self.pending.pop()
            self._finish(n)
        return node

    def _base(self, t: Type, module: Optional[Module]) -> Tuple[Type, Optional[Module]]:
        """Follow references and definitions to the structural type."""
        while True:
            if isinstance(t, _Ref):
                module = t.ref_module
                t = t.ref_module.resolve(t.ref_name)
            elif isinstance(t, _Defined):
                module = t.module
                t = t.inner
            else:
                return t, module

    # tag = None or ((class, number, explicit or None), module written in)
    def _node(self, t: Type, tag, module: Optional[Module], name: Optional[str] = None) -> Node:
        while isinstance(t, _Ref):
            module = t.ref_module
            t = t.ref_module.resolve(t.ref_name)
        key = (id(t), None if tag is None else (tag[0], id(tag[1])))
        if key in self.memo:
            return self.memo[key]
        self.keep.append(t)     # ids in keys must stay unique
        if isinstance(t, _Defined):
            name = t.name
            if tag is None:
                if t.tag is None:
                    node = self._node(t.inner, None, t.module, name)
                    self.memo[key] = node
                    return node
                return self._tagged(t.inner, (t.tag, t.module), t.module, name, key)
        elif name is None:
            name = type(t).__name__
        if tag is None:
            return self._build(t, None, module, name, key)
        return self._tagged(t, tag, module, name, key)

    def _tagged(self, t: Type, tag, module: Optional[Module], name: str, key) -> Node:
        (cls, num, explicit), mod = tag
        base, bmod = self._base(t, module)
        if explicit is None:
            explicit = not mod.implicit
        if base.kind in (K_CHOICE, K_ANY):
            explicit = True
        if explicit:
            w = Node(K_EXPLICIT, name)
            w.tag = tagkey(cls, num)
            w.header = identifier(cls, True, num)
            w.tags = frozenset((w.tag,))
            self.memo[key] = w
            w.inner = self._node(t, None, module)
            return w
        return self._build(base, (cls, num), bmod, name, key)

    def _build(self, t: Type, tag: Optional[Tuple[int, int]], module: Optional[Module],
               name: str, key) -> Node:
        node = Node(t.kind, name)
        node.universal = t.universal
        self.memo[key] = node
        if tag is not None:
            cls, num = tag
        elif t.kind in (K_CHOICE, K_ANY):
            cls = num = None
        else:
            cls, num = UNIVERSAL, t.universal
        if cls is not None:
            node.tag = tagkey(cls, num)
            node.header = identifier(cls, t.constructed, num)
            node.tags = frozenset((node.tag,))
        self._fill(node, t, module)
        return node

    def _fill(self, node: Node, t: Type, module: Optional[Module]) -> None:
        k = t.kind
        if isinstance(t, _Simple):
            node.size_min, node.size_max = t.size
        if k == K_STRING:
            node.charset = t.charset
        elif k in (K_INTEGER, K_ENUMERATED, K_BITSTRING):
            node.named = dict(t.named)
            node.names = {v: n for n, v in t.named.items()}
            if k == K_INTEGER:
                node.range = t.range
        elif k in (K_SEQOF, K_SETOF):
            node.size_min, node.size_max = t.size
            node.inner = self._node(self._in(module, t.element), None, module)
        elif k in (K_SEQUENCE, K_SET, K_CHOICE):
            node.extensible = t.extensible
            for c, cmod in self._components(t, module, 0):
                ct = self._in(cmod, c.type)
                if c.tag is not None:
                    if cmod is None:
                        raise SchemaError("tagged component %r outside a module" % c.name)
                    cn = self._node(ct, (c.tag, cmod), cmod)
                else:
                    cn = self._node(ct, None, cmod)
                if c.key in node.by_key:
                    raise SchemaError("%s: duplicate component %r" % (node.name, c.name))
                f = Field(c.name, c.key, cn, c.optional, c.default)
                node.by_key[c.key] = len(node.fields)
                node.fields.append(f)
            self.pending.append(node)

    def _components(self, t: "_Constructed", module: Optional[Module], level: int):
        """The components of t with the module each was written in."""
        if level > 16:
            raise SchemaError("COMPONENTS OF nested too deep")
        for c in t.components:
            if isinstance(c, ComponentsOf):
                base, bmod = self._base(self._in(module, c.type), module)
                if base.kind != t.kind or not isinstance(base, _Constructed):
                    raise SchemaError("COMPONENTS OF %r: not a %s" % (
                        c.type, "SET" if t.kind == K_SET else "SEQUENCE"))
                for item in self._components(base, bmod, level + 1):
                    yield item
            else:
                yield c, module

    @staticmethod
    def _in(module: Optional[Module], t: Union[Type, str]) -> Type:
        if isinstance(t, str):
            if module is None:
                raise SchemaError("type reference %r outside a module" % t)
            return _Ref(module, t)
        if isinstance(t, type) and issubclass(t, Type):
            return t()
        return t

    def _finish(self, node: Node) -> None:
        """Compute tag sets, dispatch tables and canonical order."""
        for f in node.fields:
            base = f.node
            while base.kind == K_EXPLICIT and base.inner is not None:
                base = base.inner
            f.is_null = base.kind == K_NULL
        for i, f in enumerate(node.fields):
            f.tags = _tags_of(f.node, set())
            if node.kind in (K_SET, K_CHOICE):
                if f.tags is None:
                    raise SchemaError("%s: untagged open type %r in a %s" % (
                        node.name, f.name, "SET" if node.kind == K_SET else "CHOICE"))
                for tk in f.tags:
                    if tk in node.by_tag:
                        raise SchemaError("%s: tag clash on component %r" % (node.name, f.name))
                    node.by_tag[tk] = i
        if node.kind == K_CHOICE:
            node.tags = frozenset(node.by_tag)
        if node.kind == K_SET:
            node.encode_order = sorted(range(len(node.fields)),
                                       key=lambda i: _canonical(min(node.fields[i].tags)))
            # DER (X.690 10.3) orders an untagged CHOICE component by the tag
            # of the alternative chosen, so such SETs are ordered per value.
            node.dynamic_order = any(len(f.tags) > 1 for f in node.fields)
        else:
            node.encode_order = list(range(len(node.fields)))
        if node.kind == K_SEQUENCE:
            # X.680 requires distinct tags among consecutive optional
            # components; check so that decoding is unambiguous.
            for i, f in enumerate(node.fields):
                if f.optional and f.tags is not None:
                    j = i + 1
                    while j < len(node.fields):
                        g = node.fields[j]
                        if g.tags is None or (f.tags & g.tags):
                            raise SchemaError("%s: ambiguous tags at %r/%r" % (
                                node.name, f.name, g.name))
                        if not g.optional:
                            break
                        j += 1


def _canonical(tk: int) -> Tuple[int, int]:
    # X.680 8.6 canonical order: universal, application, context, private;
    # within a class by number.
    return (tk >> 28, tk & 0x0FFFFFFF)


def _tags_of(node: Node, seen: set) -> Optional[frozenset]:
    """The set of tag keys that can start an encoding of node (None: any)."""
    if node.kind == K_ANY and node.tag < 0:
        return None
    if node.kind == K_CHOICE and node.tag < 0:
        if id(node) in seen:
            raise SchemaError("%s: CHOICE refers to itself untagged" % node.name)
        seen.add(id(node))
        out = set()
        for f in node.fields:
            t = _tags_of(f.node, seen)
            if t is None:
                raise SchemaError("%s: untagged open type in CHOICE" % node.name)
            out |= t
        return frozenset(out)
    return frozenset((node.tag,))


# The EXTERNAL type (X.208 / X.690 8.18), as ACSE and X.400 use it.
_asn1 = Module("ASN1-Builtins", tagging="IMPLICIT")
External = _asn1.define("EXTERNAL", Sequence(
    C("direct-reference", ObjectIdentifier(), optional=True),
    C("indirect-reference", Integer(), optional=True),
    C("data-value-descriptor", ObjectDescriptor(), optional=True),
    C("encoding", Choice(
        C("single-ASN1-type", Any(), tag="[0]", py="single_asn1_type"),
        C("octet-aligned", OctetString(), tag="[1]"),
        C("arbitrary", BitString(), tag="[2]"),
    )),
), tag="[UNIVERSAL 8]")


_COMPILER = _Compiler()
