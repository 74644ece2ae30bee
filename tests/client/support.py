"""Responders for the client tests: P3 and P7 peers built from the
association servers with small handlers answering real X.411/X.413 values."""
from __future__ import annotations

import datetime
import os
import socket
import sys
import threading
from typing import Any, Callable, Dict, List, Optional

HERE = os.path.dirname(__file__)
sys.path.insert(0, os.path.join(HERE, "..", "io"))
import iosupport  # noqa: E402  (certificates, shared with tests/io)

from x400fast import ber, services as S  # noqa: E402
from x400fast.asn1 import x411, x413  # noqa: E402
from x400fast.association import (AssociationServer, BindError,  # noqa: E402
                                  AsyncAssociationServer)
from x400fast.errors import RemoteOperationError  # noqa: E402
from x400fast.io._sync import Association  # noqa: E402
from x400fast.message import Message, MTSIdentifier  # noqa: E402

certs = iosupport.certs          # the session fixture, re-exported

USER = "/CN=Alice/O=Org/PRMD=TestPRMD/ADMD=TestAD/C=GB/"
BOB = "/CN=Bob/O=Org/PRMD=TestPRMD/ADMD=TestAD/C=GB/"
PASSWORD = "p3secret"
UTC = datetime.timezone.utc
T0 = datetime.datetime(2024, 5, 1, 12, 0, 0, tzinfo=UTC)


def message(i: int = 0, **kw: Any) -> Message:
    return Message(originator=USER, to=[BOB], subject="test %d" % i, body=["hello %d" % i],
                   **kw)


def mts_id(n: int) -> Dict[str, Any]:
    return MTSIdentifier("GB", "TestAD", "TestPRMD", "id-%d" % n).to_asn1()


def check_password(argument: Dict[str, Any]) -> bool:
    return S.password_of(argument["initiator_credentials"]) == PASSWORD.encode()


class P3Behaviour:
    """What the test MTA does: errors to return by operation, abort after N
    submissions, deliveries to push after the bind."""

    def __init__(self) -> None:
        self.error: Optional[RemoteOperationError] = None
        self.abort_after: Optional[int] = None
        self.submitted = 0
        self.lock = threading.Lock()
        self.deliveries: List[Any] = []      # (opcode, argument) pushed after bind
        self.delivery_outcomes: List[Any] = []
        self.controls: List[Any] = []
        self.done = threading.Event()

    def on_bind(self, assoc: Any, ind: Any) -> Any:
        if not check_password(ind.argument):
            return BindError(S.mts_bind_error("authentication-error"))
        return S.mts_bind_result("MTA1", "mta-secret", {
            "urgent": {"messages": 0}, "normal": {"messages": len(self.deliveries)},
            "non_urgent": {"messages": 0}})

    def handler(self, assoc: Any, inv: Any) -> Any:
        if self.error is not None:
            raise self.error
        if inv.opcode == x411.op_message_submission and inv.abstract_syntax == x411.id_as_msse:
            with self.lock:
                self.submitted += 1
                n = self.submitted
            if self.abort_after is not None and n > self.abort_after:
                raise RuntimeError("test MTA aborts")       # the server aborts
            return {"message_submission_identifier": mts_id(n),
                    "message_submission_time": T0 + datetime.timedelta(seconds=n)}
        if inv.opcode == x411.op_probe_submission:
            return {"probe_submission_identifier": mts_id(900),
                    "probe_submission_time": T0}
        if inv.opcode == x411.op_cancel_deferred_delivery:
            return None
        if inv.opcode == 2 and inv.abstract_syntax in (x411.id_as_mdse_88, x411.id_as_mdse_94):
            self.controls.append(inv.argument)
            return {}
        if inv.opcode in (x411.op_register, x411.op_change_credentials):
            return None
        raise AssertionError("unexpected operation %r" % (inv.opcode,))


class P3Server:
    """AssociationServer around a P3Behaviour (threaded); with deliveries,
    a connection pushes them right after the bind (as a passive P3
    channel does) and records their outcomes before serving."""

    def __init__(self, behaviour: Optional[P3Behaviour] = None, tls: Any = None) -> None:
        self.b = behaviour or P3Behaviour()
        self.tls = tls
        if self.b.deliveries:
            self._listener = socket.socket()
            self._listener.bind(("127.0.0.1", 0))
            self._listener.listen(4)
            self.port = self._listener.getsockname()[1]
            self._thread = threading.Thread(target=self._one, daemon=True)
            self._thread.start()
            self.server = None
        else:
            self.server = AssociationServer(syntaxes=S.P3_SYNTAXES, binds=S.P3_BINDS,
                                            on_bind=self.b.on_bind, handler=self.b.handler,
                                            tls=tls, bind_timeout=10, idle_timeout=20)
            self.server.start()
            self.port = self.server.address[1]

    def _one(self) -> None:
        self._listener.settimeout(10)
        try:
            sock, _ = self._listener.accept()
        except OSError:
            return
        assoc = Association(S.P3_SYNTAXES, S.P3_BINDS, timeout=10)
        try:
            if not assoc.accept(sock, self.b.on_bind, tls=self.tls, timeout=10):
                return
            ids = assoc.send_invokes([(op, arg, x411.id_as_mdse_88)
                                      for op, arg in self.b.deliveries])
            for out in assoc.outcomes(ids, timeout=10):
                self.b.delivery_outcomes.append(out)
            assoc.serve(self.b.handler, idle_timeout=10)
        except Exception as exc:   # recorded for the test
            self.b.delivery_outcomes.append(exc)
        finally:
            assoc.close()
            self.b.done.set()

    @property
    def address(self) -> str:
        return "127.0.0.1:%d" % self.port

    def stop(self) -> None:
        if self.server is not None:
            self.server.stop()
        else:
            self._listener.close()
            self._thread.join(5)


# -- P7 --------------------------------------------------------------------------

def attr(oid: str, *values: Any) -> Dict[str, Any]:
    t = x413.ATTRIBUTE_SYNTAXES[oid]
    return {"attribute_type": oid, "attribute_values": [ber.encode(t, v) for v in values]}


class P7Store:
    """A tiny in-memory Message Store answering summarize/list/fetch/delete."""

    def __init__(self, count: int = 5) -> None:
        self.entries: Dict[int, Dict[str, Any]] = {}
        for i in range(1, count + 1):
            m = message(i, mts_identifier=MTSIdentifier("GB", "TestAD", "TestPRMD", "d-%d" % i),
                        submission_time=T0, delivery_time=T0 + datetime.timedelta(minutes=i),
                        this_recipient=BOB)
            delivery = m.to_delivery()
            envelope = {k: delivery[k] for k in ("message_delivery_identifier",
                                                 "message_delivery_time", "other_fields")}
            self.entries[i] = {
                x413.id_att_sequence_number: [i],
                x413.id_att_entry_type: [0],
                x413.id_att_retrieval_status: [0 if i % 2 else 2],
                x413.id_att_priority: ["urgent" if i == 3 else "normal"],
                x413.id_att_creation_time: [T0 + datetime.timedelta(minutes=i)],
                x413.id_att_content: [delivery["content"]],
                x413.id_att_message_delivery_envelope: [envelope],
            }
        self.deleted: List[int] = []
        self.requests: List[Any] = []

    def on_bind(self, assoc: Any, ind: Any) -> Any:
        if not check_password(ind.argument):
            return BindError(S.ms_bind_error("authentication-error"))
        return S.ms_bind_result("ms-secret", available_attribute_types=[
            x413.id_att_content, x413.id_att_sequence_number])

    def _match(self, seq: int, f: Any) -> bool:
        kind, v = f
        if kind == "and":
            return all(self._match(seq, x) for x in v)
        if kind == "or":
            return any(self._match(seq, x) for x in v)
        if kind == "not":
            return not self._match(seq, v)
        ikind, iv = v
        attrs = self.entries[seq]
        if ikind == "present":
            return iv in attrs
        if ikind == "equality":
            oid = iv["attribute_type"]
            want = ber.decode(x413.ATTRIBUTE_SYNTAXES[oid], iv["attribute_value"])
            return want in attrs.get(oid, ())
        raise RemoteOperationError(0, x413.err_invalid_parameters_error, None,
                                   "invalid-parameters-error")

    def select(self, sel: Dict[str, Any]) -> List[int]:
        seqs = sorted(self.entries)
        rng = sel.get("range")
        if rng is not None:
            kind, r = rng
            if kind == "sequence_number_range":
                lo, hi = r.get("from", 0), r.get("to", 1 << 30)
                if lo > hi:
                    raise RemoteOperationError(0, x413.err_range_error, {"problem": 0},
                                               "range-error")
                seqs = [s for s in seqs if lo <= s <= hi]
            else:
                lo, hi = r.get("from"), r.get("to")
                seqs = [s for s in seqs
                        if (lo is None or self.entries[s][x413.id_att_creation_time][0] >= lo)
                        and (hi is None or self.entries[s][x413.id_att_creation_time][0] <= hi)]
        if sel.get("filter") is not None:
            seqs = [s for s in seqs if self._match(s, sel["filter"])]
        if sel.get("limit") is not None:
            seqs = seqs[:sel["limit"]]
        return seqs

    def info(self, seq: int, requested: Optional[List[Dict[str, Any]]]) -> Dict[str, Any]:
        attrs = self.entries[seq]
        oids = list(attrs) if requested is None else [r["type"] for r in requested]
        out = [attr(o, *attrs[o]) for o in oids if o in attrs]
        v: Dict[str, Any] = {"sequence_number": seq}
        if out:
            v["attributes"] = out
        return v

    def handler(self, assoc: Any, inv: Any) -> Any:
        self.requests.append((inv.opcode, inv.argument))
        op, arg = inv.opcode, inv.argument
        if op == x413.op_summarize:
            seqs = self.select(arg["selector"])
            res: Dict[str, Any] = {"count": len(seqs)}
            if seqs:
                res["span"] = {"lowest": seqs[0], "highest": seqs[-1]}
            return res
        if op == x413.op_list:
            seqs = self.select(arg["selector"])
            res = {}
            if seqs:
                res["requested"] = [self.info(s, arg.get("requested_attributes"))
                                    for s in seqs]
            return res
        if op == x413.op_fetch:
            kind, seq = arg["item"]
            if seq not in self.entries:
                raise RemoteOperationError(0, x413.err_sequence_number_error, {
                    "problems": [{"problem": 0, "sequence_number": seq}]},
                    "sequence-number-error")
            return {"entry_information": self.info(seq, arg.get("requested_attributes"))}
        if op == x413.op_delete:
            kind, seqs = arg["items"]
            missing = [s for s in seqs if s not in self.entries]
            if missing:
                raise RemoteOperationError(0, x413.err_sequence_number_error, {
                    "problems": [{"problem": 0, "sequence_number": s} for s in missing]},
                    "sequence-number-error")
            for s in seqs:
                del self.entries[s]
                self.deleted.append(s)
            return ("delete_result_88", None)
        if op == x413.op_register_ms:
            return ("no_status_information", None)
        if op == x411.op_message_submission:
            return {"message_submission_identifier": mts_id(77),
                    "message_submission_time": T0}
        raise AssertionError("unexpected operation %r" % (op,))


def p7_server(store: P7Store, tls: Any = None) -> AssociationServer:
    return AssociationServer(syntaxes=S.P7_SYNTAXES, binds=S.P7_BINDS, on_bind=store.on_bind,
                             handler=store.handler, tls=tls, bind_timeout=10,
                             idle_timeout=20).start()
