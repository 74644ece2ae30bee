"""The Message Store side of the reference server: X.413 retrieval
operations over one user's mailbox in the store.

Selectors and filters become :class:`~x400fast.server.store.Query`
objects; entries become ``EntryInformation`` with the attributes asked
for.  Every call names the bound user's mailbox, so another user's
sequence number behaves exactly like one that does not exist.
"""
from __future__ import annotations

from typing import Any, Dict, Iterable, List, Mapping, Optional, Sequence

from .. import ber
from ..asn1 import x413
from ..errors import (AddressError, DecodeError, EncodeError, InvalidRequest, NoSuchEntry,
                      RemoteOperationError)
from . import store as st
from ._protocol import PRIORITY_CODES, orname_of
from .p3 import Planner, priority_name, safe_decode

__all__ = ["MessageStoreOps", "DEFAULT_ATTRIBUTES", "SUPPORTED_ATTRIBUTES"]

A = x413
_SYN = x413.ATTRIBUTE_SYNTAXES

# Built-in content types as the OIDs the content-type attribute carries.
_CT_OIDS = {"2": "2.6.1.10.0", "22": "2.6.1.10.1"}
_CT_BACK = {v: k for k, v in _CT_OIDS.items()}

DEFAULT_ATTRIBUTES = (A.id_att_sequence_number, A.id_att_entry_type,
                      A.id_att_retrieval_status, A.id_att_creation_time)
"""What list returns when no attributes were requested or registered."""

# Attribute OID -> store query field (filters).
_FILTER_FIELDS = {
    A.id_att_sequence_number: "sequence_number",
    A.id_att_creation_time: "creation_time",
    A.id_att_entry_type: "entry_type",
    A.id_att_retrieval_status: "status",
    A.id_att_priority: "priority",
    A.id_att_content_type: "content_type",
    A.id_att_originator_name: "originator",
    A.id_att_content_length: "content_length",
    A.id_att_message_submission_time: "submission_time",
    A.id_att_parent_sequence_number: "parent",
    A.id_hat_subject: "subject",
}

SUPPORTED_ATTRIBUTES = tuple(sorted(set(_FILTER_FIELDS) | {
    A.id_att_content, A.id_att_message_delivery_time, A.id_att_this_recipient_name,
    A.id_att_message_delivery_envelope, A.id_att_report_delivery_envelope,
    A.id_att_subject_submission_identifier, A.id_att_message_identifier,
    A.id_att_per_recipient_report_delivery_fields, A.id_att_child_sequence_numbers}))

ERR_ATTRIBUTE = x413.err_attribute_error
ERR_DELETE = x413.err_delete_error
ERR_RANGE = x413.err_range_error
ERR_SEQUENCE_NUMBER = x413.err_sequence_number_error
ERR_SERVICE = x413.err_service_error


def _attribute_error(iid: int, oid: str, problem: int = 1) -> RemoteOperationError:
    return RemoteOperationError(iid, ERR_ATTRIBUTE,
                                {"problems": [{"problem": problem, "type": oid}]})


def _no_such(iid: int, seqs: Iterable[int]) -> RemoteOperationError:
    return RemoteOperationError(iid, ERR_SEQUENCE_NUMBER, {"problems": [
        {"problem": 0, "sequence_number": s} for s in seqs]})


class MessageStoreOps:
    """The P7 operations of one server (stateless but for the per-user
    registrations kept in memory)."""

    def __init__(self, store: st.Store, planner: Planner) -> None:
        self.store = store
        self.planner = planner
        #: user -> {"list": [...], "fetch": [...]} attribute defaults (register-MS).
        self.registrations: Dict[str, Dict[str, List[str]]] = {}

    # -- selectors and filters -------------------------------------------------------

    def _value(self, iid: int, oid: str, raw: bytes) -> Any:
        t = _SYN.get(oid)
        if t is None or oid not in _FILTER_FIELDS:
            raise _attribute_error(iid, oid, 2)            # inappropriate-matching
        try:
            value = ber.decode(t, raw)
        except (DecodeError, EncodeError):
            raise _attribute_error(iid, oid, 0) from None  # invalid-attribute-value
        if oid == A.id_att_priority:
            return PRIORITY_CODES.get(value, 0)
        if oid == A.id_att_content_type:
            return _CT_BACK.get(value, value)
        if oid == A.id_att_originator_name:
            try:
                return str(orname_of(value))
            except AddressError:
                raise _attribute_error(iid, oid, 0) from None
        return value

    def _item(self, iid: int, item: Any) -> st.Query:
        kind, v = item
        if kind in ("equality", "approximate_match", "greater_or_equal", "less_or_equal"):
            oid = v["attribute_type"]
            value = self._value(iid, oid, v["attribute_value"])
            fld = _FILTER_FIELDS[oid]
            if kind == "greater_or_equal":
                return st.Range(fld, value, None)
            if kind == "less_or_equal":
                return st.Range(fld, None, value)
            return st.Eq(fld, value)
        if kind == "present":
            if v not in _FILTER_FIELDS:
                raise _attribute_error(iid, v, 1)
            return st.Present(_FILTER_FIELDS[v])
        if kind == "substrings":
            oid = v["type"]
            if oid not in (A.id_hat_subject, A.id_att_originator_name):
                raise _attribute_error(iid, oid, 2)
            initial, final, anys = None, None, []
            for alt, raw in v["strings"]:
                try:
                    text = ber.decode(_SYN[A.id_hat_subject], raw)
                except (DecodeError, EncodeError):
                    raise _attribute_error(iid, oid, 0) from None
                if alt == "initial":
                    initial = text
                elif alt == "final":
                    final = text
                else:
                    anys.append(text)
            return st.Substrings(_FILTER_FIELDS[oid], initial, tuple(anys), final)
        raise _attribute_error(iid, "2.6.4.3.16", 2)

    def filter(self, iid: int, f: Any, depth: int = 0) -> st.Query:
        if depth > 16:
            raise RemoteOperationError(iid, x413.err_invalid_parameters_error)
        kind, v = f
        if kind == "item":
            return self._item(iid, v)
        if kind == "and":
            return st.And(*(self.filter(iid, x, depth + 1) for x in v))
        if kind == "or":
            return st.Or(*(self.filter(iid, x, depth + 1) for x in v))
        return st.Not(self.filter(iid, v, depth + 1))

    def selector(self, iid: int, sel: Mapping[str, Any]) -> Dict[str, Any]:
        terms: List[st.Query] = []
        rng = sel.get("range")
        if rng is not None:
            kind, r = rng
            lo, hi = r.get("from"), r.get("to")
            if lo is not None and hi is not None and lo > hi:
                raise RemoteOperationError(iid, ERR_RANGE, {"problem": 0})
            terms.append(st.Range("sequence_number" if kind == "sequence_number_range"
                                  else "creation_time", lo, hi))
        if sel.get("filter") is not None:
            terms.append(self.filter(iid, sel["filter"]))
        query = None if not terms else (terms[0] if len(terms) == 1 else st.And(*terms))
        return {"query": query, "include_children": bool(sel.get("child_entries")),
                "limit": sel.get("limit")}

    # -- entry information --------------------------------------------------------------

    def _attributes(self, entry: st.Entry, wanted: Sequence[str]) -> List[Dict[str, Any]]:
        out = []
        env = None
        if entry.entry_type is st.EntryType.DELIVERED_MESSAGE:
            env = safe_decode("OtherMessageDeliveryFields", entry.envelope)
        report = None
        if entry.entry_type is st.EntryType.DELIVERED_REPORT:
            report = safe_decode("ReportDeliveryArgument", entry.envelope)
        for oid in wanted:
            values: List[Any] = []
            if oid == A.id_att_sequence_number:
                values = [entry.sequence_number]
            elif oid == A.id_att_entry_type:
                values = [int(entry.entry_type)]
            elif oid == A.id_att_retrieval_status:
                values = [int(entry.status)]
            elif oid == A.id_att_creation_time:
                values = [entry.creation_time]
            elif oid == A.id_att_parent_sequence_number and entry.parent is not None:
                values = [entry.parent]
            elif oid == A.id_att_child_sequence_numbers:
                values = list(entry.children)
            elif oid == A.id_att_priority and entry.priority is not None:
                values = [priority_name(entry.priority)]
            elif oid == A.id_att_content_type and entry.content_type in _CT_OIDS:
                values = [_CT_OIDS[entry.content_type]]
            elif oid == A.id_att_content_type and entry.content_type and \
                    not entry.content_type.isdigit() and ":" not in entry.content_type:
                values = [entry.content_type]
            elif oid == A.id_att_content_length and entry.entry_type is not \
                    st.EntryType.DELIVERED_REPORT:
                values = [entry.content_length]
            elif oid == A.id_att_message_submission_time and entry.submission_time:
                values = [entry.submission_time]
            elif oid == A.id_hat_subject and entry.subject:
                values = [entry.subject]
            elif oid == A.id_att_content and entry.content is not None and \
                    entry.entry_type is not st.EntryType.DELIVERED_REPORT:
                values = [entry.content]
            elif env is not None and oid == A.id_att_originator_name:
                values = [env["originator_name"]]
            elif env is not None and oid == A.id_att_this_recipient_name:
                values = [env["this_recipient_name"]]
            elif env is not None and oid == A.id_att_message_delivery_time:
                values = [entry.creation_time]
            elif env is not None and oid == A.id_att_message_identifier and entry.mts_id:
                values = [self.planner.message_delivery(entry.mts_id, entry.creation_time,
                                                        entry.envelope, b"")[
                    "message_delivery_identifier"]]
            elif env is not None and oid == A.id_att_message_delivery_envelope:
                v = self.planner.message_delivery(entry.mts_id or "", entry.creation_time,
                                                  entry.envelope, b"")
                del v["content"]
                values = [v]
            elif report is not None and oid == A.id_att_subject_submission_identifier:
                values = [report["subject_submission_identifier"]]
            elif report is not None and oid == A.id_att_per_recipient_report_delivery_fields:
                values = list(report["per_recipient_fields"])
            elif report is not None and oid == A.id_att_report_delivery_envelope:
                values = [{k: v for k, v in report.items() if k != "returned_content"}]
            if not values:
                continue
            t = _SYN[oid]
            out.append({"attribute_type": oid,
                        "attribute_values": [ber.encode(t, v) for v in values]})
        return out

    def entry_information(self, entry: st.Entry, wanted: Sequence[str]) -> Dict[str, Any]:
        info: Dict[str, Any] = {"sequence_number": entry.sequence_number}
        attrs = self._attributes(entry, wanted)
        if attrs:
            info["attributes"] = attrs
        return info

    def _wanted(self, iid: int, user: str, selection: Optional[Sequence[Any]],
                kind: str) -> List[str]:
        if selection is None:
            reg = self.registrations.get(user, {}).get(kind)
            if reg:
                return list(reg)
            return list(DEFAULT_ATTRIBUTES) if kind == "list" else list(SUPPORTED_ATTRIBUTES)
        return [s["type"] for s in selection]

    # -- operations --------------------------------------------------------------------------

    def summarize(self, iid: int, user: str, arg: Mapping[str, Any]) -> Dict[str, Any]:
        self._entry_class(iid, arg)
        sel = self.selector(iid, arg["selector"])
        summary = self.store.summarize(user, sel["query"], include_children=sel["include_children"])
        out: Dict[str, Any] = {"count": summary.count}
        if summary.lowest is not None:
            out["span"] = {"lowest": summary.lowest, "highest": summary.highest}
        summaries = []
        for oid in arg.get("summary_requests") or ():
            if oid == A.id_att_entry_type:
                counts = {int(k): v for k, v in summary.by_type.items() if v}
            elif oid == A.id_att_retrieval_status:
                counts = {int(k): v for k, v in summary.by_status.items() if v}
            else:
                raise _attribute_error(iid, oid, 4)      # inappropriate-for-operation
            s: Dict[str, Any] = {}
            if counts:
                s["present"] = [{"type": oid, "value": ber.encode(_SYN[oid], k), "count": n}
                                for k, n in sorted(counts.items())]
            summaries.append(s)
        if summaries:
            out["summaries"] = summaries
        return out

    @staticmethod
    def _entry_class(iid: int, arg: Mapping[str, Any]) -> None:
        if arg.get("entry_class", 0) != 0:
            raise RemoteOperationError(iid, ERR_SERVICE, {"problem": 2})  # unwilling

    def list(self, iid: int, user: str, arg: Mapping[str, Any]) -> Dict[str, Any]:
        self._entry_class(iid, arg)
        sel = self.selector(iid, arg["selector"])
        wanted = self._wanted(iid, user, arg.get("requested_attributes"), "list")
        need_bytes = any(w not in DEFAULT_ATTRIBUTES for w in wanted)
        try:
            result = self.store.list_entries(user, sel["query"],
                                             include_children=sel["include_children"],
                                             limit=sel["limit"], include_bytes=need_bytes)
        except InvalidRequest:
            raise RemoteOperationError(iid, x413.err_invalid_parameters_error) from None
        out: Dict[str, Any] = {}
        if result.entries:
            out["requested"] = [self.entry_information(e, wanted) for e in result.entries]
            new = [e.sequence_number for e in result.entries
                   if e.status is st.EntryStatus.NEW]
            if new:
                self.store.set_status_future(user, new, st.EntryStatus.LISTED)
        if result.next is not None:
            out["next"] = result.next
        return out

    def fetch(self, iid: int, user: str, arg: Mapping[str, Any]) -> Dict[str, Any]:
        self._entry_class(iid, arg)
        kind, item = arg["item"]
        wanted = self._wanted(iid, user, arg.get("requested_attributes"), "fetch")
        out: Dict[str, Any] = {}
        if kind == "precise":
            seq = item
        else:
            sel = self.selector(iid, item)
            found = self.store.list_entries(user, sel["query"],
                                            include_children=sel["include_children"],
                                            limit=sel["limit"])
            if not found.entries:
                return {}
            seq = found.entries[0].sequence_number
            rest = [e.sequence_number for e in found.entries[1:]]
            if rest:
                out["list"] = rest
            if found.next is not None:
                out["next"] = found.next
        try:
            entry = self.store.fetch(user, seq, mark=st.EntryStatus.PROCESSED)
        except NoSuchEntry:
            raise _no_such(iid, [seq]) from None
        out["entry_information"] = self.entry_information(entry, wanted)
        return out

    def delete(self, iid: int, user: str, arg: Mapping[str, Any]) -> Any:
        self._entry_class(iid, arg)
        kind, items = arg["items"]
        if kind == "selector":
            sel = self.selector(iid, items)
            seqs = [e.sequence_number for e in self.store.list_entries(
                user, sel["query"], limit=sel["limit"]).entries]
        else:
            seqs = list(items)
        # Check everything first: X.413 deletes all or nothing.
        missing = []
        for s in seqs:
            try:
                e = self.store.fetch(user, s)
            except NoSuchEntry:
                missing.append(s)
                continue
            if e.parent is not None:
                raise RemoteOperationError(iid, ERR_DELETE, {"problems": [
                    {"problem": 0, "sequence_number": s}]})
        if missing:
            raise _no_such(iid, missing)
        if seqs:
            self.store.delete(user, seqs)
        return ("delete_result_88", None)

    def register(self, iid: int, user: str, arg: Mapping[str, Any]) -> Any:
        reg = self.registrations.setdefault(user, {})
        for key, name in (("list_attribute_defaults", "list"),
                          ("fetch_attribute_defaults", "fetch")):
            if arg.get(key) is not None:
                reg[name] = list(arg[key])
        if arg.get("auto_action_registrations"):
            raise RemoteOperationError(iid, x413.err_auto_action_request_error, {"problems": [
                {"problem": 0, "type": r["auto_action_type"]}
                for r in arg["auto_action_registrations"]]})
        return ("no_status_information", None)
