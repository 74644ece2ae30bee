"""ASN.1 declarations: the DSL and the standard modules x400fast speaks."""
from .core import (  # noqa: F401
    APPLICATION, C, ComponentsOf, CONTEXT, MISSING, PRIVATE, UNIVERSAL, Any, BitString,
    BMPString, Boolean, Choice, Enumerated, External, GeneralizedTime,
    GeneralString, GraphicString, IA5String, Integer, Module, Null,
    NumericString, ObjectDescriptor, ObjectIdentifier, OctetString,
    PrintableString, Sequence, SequenceOf, Set, SetOf, T61String,
    TeletexString, Type, UniversalString, UTCTime, UTF8String,
    VideotexString, VisibleString, snake,
)
from .core import __all__ as _core_all

__all__ = [n for n in _core_all if n not in ("Node", "Field")]
