"""Body parts of an interpersonal message (X.420 ``BodyPart``).

* :class:`TextBody` -- text: an IA5 text body part when the text is ASCII,
  otherwise a general-text extended body part in the ISO 8859 repertoire
  that can carry it (``charset`` chooses one explicitly).
* :class:`FileBody` -- a file-transfer body part (X.420 FTBP): file name,
  dates, size, contents type and the data.
* :class:`ForwardedMessage` -- a forwarded message (message body part),
  with the delivery envelope it arrived with when that is known.
* :class:`BinaryBody` -- bilaterally-defined octets.
* :class:`UnknownBody` -- any other body part, kept as its BER and
  re-emitted byte for byte.

Reading gives back the same classes: :meth:`BodyPart.from_ber` and the
message readers pick the class from the encoding.

General text, choices made where the references are silent
(ipms.md 4.2 leaves the octet arrangement "not established"):

* the parameters list ISO-IR 1 (C0 controls), 6 (ASCII) and the ISO 8859
  right-hand part used (100 for Latin-1...), as the AMHS code seen in the
  corpus does;
* the data starts with the ISO 2022 designations of those sets
  (``ESC ! @``, ``ESC ( B``, ``ESC - F``) followed by the ISO 8859 octets,
  since Isode's API documents that it adds and strips such escape
  sequences.  Reading accepts data with or without designations, and
  switches repertoire at every 96-set designation it finds.

File transfer, choice made where the references are silent: the file
contents are one EXTERNAL whose direct reference is the contents type's
document type (FTAM-3 ``1.0.8571.5.3`` by default) and whose encoding is
octet-aligned (Isode's default).  Reading accepts any number of EXTERNALs
in the octet-aligned, single-ASN.1-type (OCTET STRING or string) and
arbitrary forms.
"""
from __future__ import annotations

import codecs
import copy
import datetime as _dt
import os
from dataclasses import dataclass, field
from typing import Any, Dict, FrozenSet, List, Optional, Tuple, Union

from .. import ber
from ..asn1 import x420
from ..asn1.core import OctetString
from ..errors import DecodeError, InvalidField, MessageError, UnexpectedContent
from . import _util as U

__all__ = ["BodyPart", "TextBody", "FileBody", "ForwardedMessage", "BinaryBody",
           "UnknownBody", "CHARSETS"]

#: Character repertoires of general text: name -> (ISO-IR registration of
#: the ISO 8859 right-hand part, final octet of its ISO 2022 96-set
#: designation, Python codec).  The order is the order tried when
#: ``charset`` is left to the library.
CHARSETS: Dict[str, Tuple[int, int, str]] = {
    "iso-8859-1": (100, 0x41, "latin-1"),
    "iso-8859-15": (203, 0x62, "iso8859_15"),
    "iso-8859-2": (101, 0x42, "iso8859_2"),
    "iso-8859-9": (148, 0x4D, "iso8859_9"),
    "iso-8859-3": (109, 0x43, "iso8859_3"),
    "iso-8859-4": (110, 0x44, "iso8859_4"),
    "iso-8859-10": (157, 0x56, "iso8859_10"),
    "iso-8859-13": (179, 0x59, "iso8859_13"),
    "iso-8859-14": (199, 0x5F, "iso8859_14"),
    "iso-8859-5": (144, 0x4C, "iso8859_5"),
    "iso-8859-7": (126, 0x46, "iso8859_7"),
    "iso-8859-6": (127, 0x47, "iso8859_6"),
    "iso-8859-8": (138, 0x48, "iso8859_8"),
    "iso-8859-11": (166, 0x54, "iso8859_11"),
}
_BY_REGISTRATION = {v[0]: k for k, v in CHARSETS.items()}
_BY_FINAL = {v[1]: k for k, v in CHARSETS.items()}
# ISO-IR 1: C0 of ISO 6429; ISO-IR 6: ASCII (ISO 646 IRV).
_C0, _G0 = 1, 6
_DESIGNATE_C0 = b"\x1b\x21\x40"
_DESIGNATE_G0 = b"\x1b\x28\x42"
_IA5_CHARSETS = ("ia5", "ita2")
#: General text declaring only ISO 646 (C0 and G0, no ISO 8859 right-hand
#: part): ASCII carried as general text, as AMHS extended-service peers send
#: it.  Kept as read so that re-encoding declares the same sets.
_ISO646 = "iso-646"

_FTAM3 = x420.id_ftam_unstructured_binary
_MAX_FORWARD_DEPTH = 16


def _normalise_charset(name: Any, where: str) -> str:
    if not isinstance(name, str):
        raise InvalidField("charset must be a str", where)
    n = name.strip().lower()
    if n in _IA5_CHARSETS or n in CHARSETS or n == _ISO646:
        return n
    try:
        canonical = codecs.lookup(n).name
    except LookupError:
        canonical = ""
    if canonical == "ascii":
        return "ia5"
    if canonical.startswith("iso8859-"):
        n = "iso-8859-" + canonical[len("iso8859-"):]
    elif canonical == "latin-1":
        n = "iso-8859-1"
    if n in CHARSETS:
        return n
    raise InvalidField("unknown charset %r; use \"ia5\" or one of %s" % (
        name, ", ".join(CHARSETS)), where)


def _auto_charset(text: str) -> Optional[str]:
    if text.isascii():
        return "ia5"
    for name, (_, _, codec) in CHARSETS.items():
        try:
            text.encode(codec)
        except UnicodeEncodeError:
            continue
        return name
    return None


def _external(oid: str, t: Any, value: Any) -> Dict[str, Any]:
    return {"direct_reference": oid, "encoding": ("single_asn1_type", t.encode(value))}


def _external_payload(ext: Dict[str, Any], t: Any) -> Any:
    """The value inside an EXTERNAL: decoded with ``t`` for the
    single-ASN1-type form, the octets themselves for the other forms."""
    alternative, v = ext["encoding"]
    if alternative == "single_asn1_type":
        return t.decode(v)
    if alternative == "arbitrary":
        return v[0]
    return v


# ---------------------------------------------------------------------------


class BodyPart:
    """Base of the body parts.  ``raw`` holds the BER a part was read from."""

    raw: Optional[bytes] = None

    def to_asn1(self, where: str = "body part") -> Any:  # pragma: no cover - abstract
        """The X.420 ``BodyPart`` value (codec value model)."""
        raise NotImplementedError

    def eits(self) -> FrozenSet[Any]:  # pragma: no cover - abstract
        """The encoded information types this part contributes to the envelope."""
        raise NotImplementedError

    def to_ber(self) -> bytes:
        """BER of the X.420 ``BodyPart``."""
        return U.encode_as(U.T_BODY_PART, self.to_asn1(), "")

    @classmethod
    def from_ber(cls, data: bytes) -> "BodyPart":
        """Read a ``BodyPart``; the class is chosen by its encoding.  Called
        on a subclass, anything else is refused with
        :class:`~x400fast.errors.UnexpectedContent`."""
        data = bytes(data)
        value = U.T_BODY_PART.decode(data)
        part = _from_value(value, data, 0)
        if cls is not BodyPart and not isinstance(part, cls):
            raise UnexpectedContent("this is a %s, not a %s" % (
                type(part).__name__, cls.__name__))
        return part

    @classmethod
    def from_asn1(cls, value: Any) -> "BodyPart":
        """From the codec's ``BodyPart`` value."""
        return _from_value(value, None, 0)

    def to_json(self) -> Any:
        """The JSON form of the ``BodyPart`` value (for debugging)."""
        return U.json_of(U.T_BODY_PART, self.to_asn1())


def as_body_part(value: Any, where: str) -> BodyPart:
    if isinstance(value, BodyPart):
        return value
    if isinstance(value, str):
        return TextBody(value)
    if isinstance(value, (bytes, bytearray)):
        return BinaryBody(bytes(value))
    raise InvalidField("a body part is a BodyPart (TextBody, FileBody...), a str or "
                       "bytes, not %s" % type(value).__name__, where)


class BodyList(list):
    """A list of body parts converting ``str`` to :class:`TextBody` and
    ``bytes`` to :class:`BinaryBody` as they are added."""

    def __init__(self, items: Any = ()) -> None:
        super().__init__(as_body_part(x, "body[%d]" % i) for i, x in enumerate(items))

    def append(self, x: Any) -> None:
        super().append(as_body_part(x, "body[%d]" % len(self)))

    def insert(self, i: Any, x: Any) -> None:  # type: ignore[override]
        super().insert(i, as_body_part(x, "body[%s]" % i))

    def extend(self, xs: Any) -> None:  # type: ignore[override]
        for x in xs:
            self.append(x)

    def __iadd__(self, xs: Any) -> "BodyList":  # type: ignore[override,misc]
        self.extend(xs)
        return self

    def __setitem__(self, i: Any, x: Any) -> None:
        if isinstance(i, slice):
            super().__setitem__(i, [as_body_part(v, "body") for v in x])
        else:
            super().__setitem__(i, as_body_part(x, "body[%s]" % i))


# ---------------------------------------------------------------------------


@dataclass
class TextBody(BodyPart):
    """Text.

    :ivar text: the text.
    :ivar charset: ``None`` (the default) picks IA5 for ASCII text and
        otherwise the first ISO 8859 repertoire of :data:`CHARSETS` that
        can carry the text; ``"ia5"`` (or ``"ita2"``) forces an IA5 text
        body part, an ISO 8859 name (``"iso-8859-2"``, ``"latin-1"`` and
        other Python codec spellings) forces general text in that
        repertoire.  Read back, ``charset`` is ``None`` when it is what the
        automatic choice would give.
    """

    text: str = ""
    charset: Optional[str] = None

    def __post_init__(self) -> None:
        if not isinstance(self.text, str):
            raise InvalidField("text must be a str", "text")
        if self.charset is not None:
            self.charset = _normalise_charset(self.charset, "charset")

    @property
    def effective_charset(self) -> Optional[str]:
        """The charset the part is encoded in (``None``: none can carry it)."""
        if self.charset is not None:
            return _normalise_charset(self.charset, "charset")
        return _auto_charset(self.text)

    def _resolved(self, where: str) -> str:
        if not isinstance(self.text, str):
            raise InvalidField("text must be a str", where)
        cs = self.effective_charset
        if cs is None:
            raise InvalidField("no supported repertoire (IA5 or ISO 8859) can carry "
                               "this text", where)
        if cs in _IA5_CHARSETS or cs == _ISO646:
            U.check_text(self.text, where, None, "ia5")
        else:
            try:
                self.text.encode(CHARSETS[cs][2])
            except UnicodeEncodeError as exc:
                raise InvalidField("%r cannot be written in %s" % (
                    self.text[exc.start], cs), where) from None
        return cs

    def to_asn1(self, where: str = "body part") -> Any:
        cs = self._resolved(where)
        if cs in _IA5_CHARSETS:
            params = {"repertoire": "ita2"} if cs == "ita2" else {}
            return ("basic", ("ia5_text", {"parameters": params, "data": self.text}))
        if cs == _ISO646:
            registrations = [_C0, _G0]
            octets = _DESIGNATE_C0 + _DESIGNATE_G0 + self.text.encode("ascii")
        else:
            registration, final, codec = CHARSETS[cs]
            registrations = [_C0, _G0, registration]
            octets = (_DESIGNATE_C0 + _DESIGNATE_G0 + b"\x1b\x2d" + bytes((final,))
                      + self.text.encode(codec))
        return ("extended", {
            "parameters": _external(x420.id_ep_general_text,
                                    x420.ipms_ebpt2["GeneralTextParameters"],
                                    registrations),
            "data": _external(x420.id_et_general_text,
                              x420.ipms_ebpt2["GeneralTextData"],
                              octets.decode("latin-1"))})

    def eits(self) -> FrozenSet[Any]:
        cs = self.effective_charset
        if cs is None or cs in _IA5_CHARSETS:
            return frozenset({"ia5-text"})
        base = x420.id_cs_eit_authority + "."
        if cs == _ISO646:
            return frozenset(base + str(n) for n in (_C0, _G0))
        return frozenset(base + str(n) for n in (_C0, _G0, CHARSETS[cs][0]))

    @classmethod
    def _read(cls, text: str, charset: str) -> "TextBody":
        return cls(text, None if _auto_charset(text) == charset else charset)


def _decode_general_text(octets: bytes, registrations: List[int]) -> Tuple[str, str]:
    """Text and repertoire name of general-text octets (see the module notes)."""
    default = None
    for r in registrations:
        if r in _BY_REGISTRATION:
            default = _BY_REGISTRATION[r]
            break
    current = default or "iso-8859-1"
    first: Optional[str] = None
    out: List[str] = []
    run = bytearray()
    i, n = 0, len(octets)
    while i < n:
        b = octets[i]
        if b == 0x1B:
            j = i + 1
            while j < n and 0x20 <= octets[j] <= 0x2F:
                j += 1
            if j < n and 0x30 <= octets[j] <= 0x7E and j > i + 1:
                seq = octets[i + 1:j + 1]
                out.append(bytes(run).decode(CHARSETS[current][2], "replace"))
                run.clear()
                if seq[0] == 0x2D and len(seq) == 2 and seq[1] in _BY_FINAL:
                    current = _BY_FINAL[seq[1]]
                    if first is None:
                        first = current
                i = j + 1
                continue
        run.append(b)
        i += 1
    out.append(bytes(run).decode(CHARSETS[current][2], "replace"))
    text = "".join(out)
    if first is None and default is None and text.isascii() and \
            set(registrations) <= {_C0, _G0}:
        return text, _ISO646
    return text, first or default or "iso-8859-1"


# ---------------------------------------------------------------------------


@dataclass
class BinaryBody(BodyPart):
    """Bilaterally-defined octets (basic body part ``[14]``)."""

    data: bytes = b""

    def __post_init__(self) -> None:
        if isinstance(self.data, (bytearray, memoryview)):
            self.data = bytes(self.data)
        if not isinstance(self.data, bytes):
            raise InvalidField("data must be bytes", "data")

    def to_asn1(self, where: str = "body part") -> Any:
        if not isinstance(self.data, (bytes, bytearray)):
            raise InvalidField("data must be bytes", where)
        return ("basic", ("bilaterally_defined", bytes(self.data)))

    def eits(self) -> FrozenSet[Any]:
        return frozenset({"unknown"})


# ---------------------------------------------------------------------------


@dataclass
class FileBody(BodyPart):
    """A file-transfer body part (X.420 ``IPMSFileTransferBodyPartType``).

    :ivar data: the file contents.
    :ivar name: the file name (FTAM incomplete pathname of one element).
    :ivar created: / :ivar modified: / :ivar accessed: FTAM dates of
        creation, last modification and last read access (aware datetimes).
    :ivar size: the object size; ``None`` means ``len(data)``.
    :ivar contents_type: the FTAM document type (default FTAM-3,
        unstructured binary ``1.0.8571.5.3``); ``None`` when the contents
        type is not a plain document type (it is then in
        ``other_parameters``).
    :ivar application_reference: environment application reference: an
        OID string (registered identifier) or text (descriptive).
    :ivar description: environment user-visible string.
    :ivar other_parameters: the ``FileTransferParameters`` components this
        class has no attribute for, in the codec's value model, kept and
        re-sent as they are.
    """

    data: bytes = b""
    name: Optional[str] = None
    created: Optional[_dt.datetime] = None
    modified: Optional[_dt.datetime] = None
    accessed: Optional[_dt.datetime] = None
    size: Optional[int] = None
    contents_type: Optional[str] = _FTAM3
    application_reference: Optional[str] = None
    description: Optional[str] = None
    other_parameters: Dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if isinstance(self.data, (bytearray, memoryview)):
            self.data = bytes(self.data)
        self._check("file")

    @classmethod
    def from_path(cls, path: Union[str, "os.PathLike[str]"], name: Optional[str] = None,
                  **kw: Any) -> "FileBody":
        """A file body part for a file on disk: its contents, its base name
        and its modification time (creation time where the platform records
        one)."""
        with open(path, "rb") as handle:
            data = handle.read()
        st = os.stat(path)
        modified = _dt.datetime.fromtimestamp(int(st.st_mtime), U.UTC)
        birth = getattr(st, "st_birthtime", None)
        created = None if birth is None else _dt.datetime.fromtimestamp(int(birth), U.UTC)
        kw.setdefault("modified", modified)
        kw.setdefault("created", created)
        return cls(data, name if name is not None else os.path.basename(os.fspath(path)),
                   **kw)

    def _check(self, where: str) -> None:
        if not isinstance(self.data, bytes):
            raise InvalidField("data must be bytes", where + ".data")
        if self.name is not None:
            U.check_text(self.name, where + ".name", None, "graphic", lo=1)
        for attr in ("created", "modified", "accessed"):
            setattr(self, attr, U.utc(getattr(self, attr), "%s.%s" % (where, attr),
                                      seconds=False))
        if self.size is not None and (not isinstance(self.size, int)
                                      or isinstance(self.size, bool) or self.size < 0):
            raise InvalidField("size must be a non-negative int", where + ".size")
        if self.contents_type is not None and not (
                isinstance(self.contents_type, str) and U._is_oid(self.contents_type)):
            raise InvalidField("contents_type is a document type OID", where + ".contents_type")
        for attr in ("application_reference", "description"):
            v = getattr(self, attr)
            if v is not None:
                U.check_text(v, "%s.%s" % (where, attr), None, "graphic")
        if not isinstance(self.other_parameters, dict):
            raise InvalidField("other_parameters must be a dict",
                               where + ".other_parameters")

    def parameters(self, where: str = "file") -> Dict[str, Any]:
        """The ``FileTransferParameters`` value."""
        self._check(where)
        p = copy.deepcopy(self.other_parameters)
        if self.contents_type is not None and self.contents_type != _FTAM3:
            p["contents_type"] = ("document_type", {"document_type_name": self.contents_type})
        elif self.contents_type == _FTAM3:
            p.pop("contents_type", None)
        env = dict(p.get("environment", {}))
        if self.application_reference is not None:
            ar = self.application_reference
            env["application_reference"] = (("registered_identifier", ar) if U._is_oid(ar)
                                            else ("descriptive_identifier", [ar]))
        if self.description is not None:
            env["user_visible_string"] = [self.description]
        if env:
            p["environment"] = env
        fa = dict(p.get("file_attributes", {}))
        if self.name is not None:
            fa["pathname"] = ("incomplete_pathname", [self.name])
        for attr, key in (("created", "date_and_time_of_creation"),
                          ("modified", "date_and_time_of_last_modification"),
                          ("accessed", "date_and_time_of_last_read_access")):
            v = getattr(self, attr)
            if v is not None:
                fa[key] = ("actual_values", v)
        fa["object_size"] = ("actual_values",
                             len(self.data) if self.size is None else self.size)
        p["file_attributes"] = fa
        return p

    def _data_syntax(self) -> str:
        if self.contents_type is not None:
            return self.contents_type
        ct = self.other_parameters.get("contents_type")
        if ct and ct[0] == "constraint_set_and_abstract_syntax":
            return ct[1]["abstract_syntax_name"]
        if ct and ct[0] == "document_type":
            return ct[1]["document_type_name"]
        return _FTAM3

    def to_asn1(self, where: str = "body part") -> Any:
        params = self.parameters(where)
        ftbp = x420.ipms_ftbp
        return ("extended", {
            "parameters": {"direct_reference": x420.id_ep_file_transfer,
                           "encoding": ("single_asn1_type",
                                        U.encode_as(ftbp["FileTransferParameters"],
                                                    params, where + ".parameters"))},
            "data": _external(x420.id_et_file_transfer, ftbp["FileTransferData"], [
                {"direct_reference": self._data_syntax(),
                 "encoding": ("octet_aligned", bytes(self.data))}])})

    def eits(self) -> FrozenSet[Any]:
        return frozenset({x420.id_eit_file_transfer})

    @classmethod
    def _read(cls, params: Dict[str, Any], chunks: List[Dict[str, Any]]) -> "FileBody":
        p = copy.deepcopy(params)
        data = b"".join(_chunk_octets(c) for c in chunks)
        ct = p.pop("contents_type", None)
        contents_type: Optional[str] = _FTAM3
        if ct is not None:
            if ct[0] == "document_type" and set(ct[1]) == {"document_type_name"}:
                contents_type = ct[1]["document_type_name"]
            else:
                contents_type = None
                p["contents_type"] = ct
        kw: Dict[str, Any] = {}
        env = p.get("environment")
        if env is not None:
            ar = env.get("application_reference")
            if ar is not None and (ar[0] == "registered_identifier" or
                                   (len(ar[1]) == 1 and not U._is_oid(ar[1][0]))):
                kw["application_reference"] = (ar[1] if ar[0] == "registered_identifier"
                                               else ar[1][0])
                del env["application_reference"]
            uvs = env.get("user_visible_string")
            if uvs is not None and len(uvs) == 1:
                kw["description"] = uvs[0]
                del env["user_visible_string"]
            if not env:
                del p["environment"]
        fa = p.get("file_attributes")
        if fa is not None:
            pn = fa.get("pathname")
            if pn is not None and pn[0] == "incomplete_pathname" and len(pn[1]) == 1:
                kw["name"] = pn[1][0]
                del fa["pathname"]
            for attr, key in (("created", "date_and_time_of_creation"),
                              ("modified", "date_and_time_of_last_modification"),
                              ("accessed", "date_and_time_of_last_read_access")):
                v = fa.get(key)
                if v is not None and v[0] == "actual_values":
                    kw[attr] = v[1]
                    del fa[key]
            size = fa.get("object_size")
            if size is not None and size[0] == "actual_values":
                if size[1] != len(data):
                    kw["size"] = size[1]
                del fa["object_size"]
            if not fa:
                del p["file_attributes"]
        obj = cls.__new__(cls)
        obj.data = data
        obj.name = kw.get("name")
        obj.created = kw.get("created")
        obj.modified = kw.get("modified")
        obj.accessed = kw.get("accessed")
        obj.size = kw.get("size")
        obj.contents_type = contents_type
        obj.application_reference = kw.get("application_reference")
        obj.description = kw.get("description")
        obj.other_parameters = p
        return obj


_OCTETS = OctetString()


def _chunk_octets(ext: Dict[str, Any]) -> bytes:
    alternative, v = ext["encoding"]
    if alternative == "octet_aligned":
        return bytes(v)
    if alternative == "arbitrary":
        return bytes(v[0])
    # single-ASN1-type: an OCTET STRING or a character string, possibly
    # segmented; its octets are read whatever its universal tag.
    cls, constructed, number, _, _ = ber.read_header(v, 0)
    if cls != 0 or number >= 31:
        raise DecodeError("file data of an unexpected tag")
    return _OCTETS.decode(bytes((0x24 if constructed else 0x04,)) + bytes(v[1:]))


# ---------------------------------------------------------------------------


@dataclass
class ForwardedMessage(BodyPart):
    """A forwarded message (message body part ``[9]``).

    :ivar message: the :class:`~x400fast.message.Message` forwarded.  When
        it carries the facts of its delivery (``delivery_time``,
        ``this_recipient``, ``submission_time``... as a message read with
        :meth:`~x400fast.message.Message.from_delivery` does), they travel
        as the body part's delivery time and delivery envelope, and come
        back on the message read from it.
    """

    message: Any = None

    def __post_init__(self) -> None:
        from .message import Message
        if not isinstance(self.message, Message):
            raise InvalidField("a forwarded message is a Message", "message")

    def to_asn1(self, where: str = "body part") -> Any:
        m = self.message
        return ("basic", ("message", {"parameters": m._message_parameters(where),
                                      "data": m._ipm_value(where + ".message")}))

    def eits(self) -> FrozenSet[Any]:
        return self.message.body_eits()


# ---------------------------------------------------------------------------


_BASIC_EITS = {"g3_facsimile": "g3-facsimile", "g4_class1": "g4-class-1",
               "teletex": "teletex", "videotex": "videotex", "mixed_mode": "mixed-mode",
               "ia5_text": "ia5-text"}
_EXTENDED_EITS = {x420.id_et_g3_facsimile: "g3-facsimile", x420.id_et_g4_class1: "g4-class-1",
                  x420.id_et_teletex: "teletex", x420.id_et_videotex: "videotex",
                  x420.id_et_mixed_mode: "mixed-mode", x420.id_et_ia5_text: "ia5-text",
                  x420.id_et_voice: x420.id_eit_voice,
                  x420.id_et_file_transfer: x420.id_eit_file_transfer}


@dataclass
class UnknownBody(BodyPart):
    """Any other body part, kept as its BER (``raw``) and sent back
    byte for byte.

    Build one from BER (:meth:`BodyPart.from_ber` returns one for parts
    this model does not interpret) or from a codec value with
    :meth:`from_value`.
    """

    raw: bytes = b""  # type: ignore[assignment]

    def __post_init__(self) -> None:
        self.raw = bytes(self.raw)
        self._value = U.T_BODY_PART.decode(self.raw)

    @classmethod
    def from_value(cls, value: Any) -> "UnknownBody":
        """From the codec's ``BodyPart`` value."""
        return cls(U.encode_as(U.T_BODY_PART, value, "body part"))

    @property
    def value(self) -> Any:
        """The codec's ``BodyPart`` value (``("_extra", raw)`` for a tag X.420
        does not define)."""
        return self._value

    @property
    def kind(self) -> str:
        """``"teletex"``, ``"g3-facsimile"``... for basic parts, the name of
        the extended type (``"voice"``, ``"extended:1.2.3"`` when unknown),
        ``"unknown"`` for a tag X.420 does not define."""
        alternative, v = self._value
        if alternative == "basic":
            return v[0].replace("_", "-")
        if alternative == "extended":
            oid = self.data_oid or ""
            entry = x420.EXTENDED_BODY_PART_TYPES.get(oid)
            if entry is None and oid.startswith(x420.id_et_content + "."):
                entry = x420.EXTENDED_BODY_PART_TYPES[x420.id_et_content]
            return entry.name if entry is not None else "extended:" + oid
        return "unknown"

    @property
    def data_oid(self) -> Optional[str]:
        """The data type OID of an extended body part."""
        alternative, v = self._value
        if alternative != "extended":
            return None
        return v["data"].get("direct_reference")

    def to_asn1(self, where: str = "body part") -> Any:
        return ("_extra", self.raw)

    def to_ber(self) -> bytes:
        return self.raw

    def to_json(self) -> Any:
        return U.json_of(U.T_BODY_PART, self._value)

    def eits(self) -> FrozenSet[Any]:
        alternative, v = self._value
        if alternative == "basic":
            e = _BASIC_EITS.get(v[0])
        elif alternative == "extended":
            e = _EXTENDED_EITS.get(self.data_oid or "")
        else:
            e = None
        return frozenset({e or "unknown"})


# ---------------------------------------------------------------------------
# Reading


def tlv_end(data: bytes, p: int) -> int:
    """End offset of the TLV at ``p`` (the input has been decoded already,
    so it is well formed)."""
    _, constructed, _, hlen, length = ber.read_header(data, p)
    if length >= 0:
        return p + hlen + length
    q = p + hlen
    while data[q:q + 2] != b"\x00\x00":
        q = tlv_end(data, q)
    return q + 2


def children(data: bytes, p: int) -> List[Tuple[int, int]]:
    """(start, end) of each element inside the constructed TLV at ``p``."""
    _, _, _, hlen, length = ber.read_header(data, p)
    q = p + hlen
    out = []
    if length >= 0:
        end = q + length
        while q < end:
            e = tlv_end(data, q)
            out.append((q, e))
            q = e
    else:
        while data[q:q + 2] != b"\x00\x00":
            e = tlv_end(data, q)
            out.append((q, e))
            q = e
    return out


def _from_value(value: Any, raw: Optional[bytes], depth: int) -> BodyPart:
    """The model's body part for a decoded ``BodyPart`` value; ``raw`` is
    its BER when known (kept by unknown parts, walked for forwarded ones)."""
    if depth > _MAX_FORWARD_DEPTH:
        raise DecodeError("forwarded messages nested more than %d deep" % _MAX_FORWARD_DEPTH)
    part: Optional[BodyPart] = None
    try:
        part = _interpret(value, raw, depth)
    except (MessageError, DecodeError, KeyError, IndexError, TypeError, ValueError):
        # A part this model cannot read as its declared kind is still a valid
        # body part: keep it whole rather than refuse the message.
        part = None
    if part is None:
        part = UnknownBody(raw if raw is not None else U.T_BODY_PART.encode(value))
    elif raw is not None:
        part.raw = raw
    return part


def _interpret(value: Any, raw: Optional[bytes], depth: int) -> Optional[BodyPart]:
    alternative, v = value
    if alternative == "basic":
        kind, pv = v
        if kind == "ia5_text":
            rep = pv.get("parameters", {}).get("repertoire", "ia5")
            cs = "ita2" if rep == "ita2" else "ia5"
            return TextBody._read(pv["data"], cs)
        if kind == "bilaterally_defined":
            return BinaryBody(pv)
        if kind == "message":
            from .message import Message
            inner_raw = None
            if raw is not None:
                # [9] { parameters SET, data IPM }: the IPM's element TLVs.
                (_, _), (ipm_s, _) = children(raw, 0)
                inner_raw = (raw, ipm_s)
            m = Message._from_ipm(pv["data"], inner_raw, depth + 1)
            m._apply_message_parameters(pv.get("parameters", {}))
            return ForwardedMessage(m)
        return None
    if alternative == "extended":
        oid = v["data"].get("direct_reference")
        if oid == x420.id_et_general_text:
            regs: List[int] = []
            if "parameters" in v:
                regs = list(_external_payload(v["parameters"],
                                              x420.ipms_ebpt2["GeneralTextParameters"]))
            data = _external_payload(v["data"], x420.ipms_ebpt2["GeneralTextData"])
            octets = data.encode("latin-1") if isinstance(data, str) else bytes(data)
            text, cs = _decode_general_text(octets, regs)
            return TextBody._read(text, cs)
        if oid == x420.id_et_ia5_text:
            data = _external_payload(v["data"], x420.ipms["IA5TextData"])
            text = data if isinstance(data, str) else bytes(data).decode("ascii")
            return TextBody._read(text, "ia5")
        if oid == x420.id_et_file_transfer:
            ftbp = x420.ipms_ftbp
            params: Dict[str, Any] = {}
            if "parameters" in v:
                params = _external_payload(v["parameters"], ftbp["FileTransferParameters"])
                if not isinstance(params, dict):
                    params = ftbp["FileTransferParameters"].decode(params)
            chunks = _external_payload(v["data"], ftbp["FileTransferData"])
            if not isinstance(chunks, list):
                chunks = ftbp["FileTransferData"].decode(chunks)
            return FileBody._read(params, chunks)
    return None
