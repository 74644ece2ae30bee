"""Helpers for the reference-server tests: raw X.411/X.413 values driven
over real sockets with :class:`x400fast.association.Association`."""
from __future__ import annotations

from datetime import datetime
from typing import Any, Dict, List, Optional, Sequence

from x400fast.asn1 import x411, x413
from x400fast.association import Address, Association
from x400fast.message import Message, TextBody
from x400fast.oraddress import ORName
from x400fast.server._protocol import (P3_BINDS, P3_SYNTAXES, P7_BINDS, P7_SYNTAXES,
                                       simple_credentials)

ALICE = "/CN=Alice/O=Org/PRMD=P/ADMD= /C=XX/"
BOB = "/CN=Bob/O=Org/PRMD=P/ADMD= /C=XX/"
CAROL = "/CN=Carol/O=Org/PRMD=P/ADMD= /C=XX/"        # a P3 user
NOBODY = "/CN=Nobody/O=Org/PRMD=P/ADMD= /C=XX/"
USERS = [ALICE + ":alice-pw", BOB + ":bob-pw", CAROL + ":carol-pw:p3"]
PASSWORDS = {ALICE: "alice-pw", BOB: "bob-pw", CAROL: "carol-pw"}

P3_SYNTAX_OIDS = [x411.id_as_msse, x411.id_as_mdse_88, x411.id_as_mase_88, x411.id_as_mts]
P7_SYNTAX_OIDS = [x413.id_as_msse, x413.id_as_mrse_88, x413.id_as_mase_88, x413.id_as_ms_88]


def orname(address: str) -> Dict[str, Any]:
    return ORName(address).to_asn1()


def p3_bind(srv: Any, user: str, password: Optional[str] = None,
            timeout: float = 10.0) -> Association:
    assoc = Association(P3_SYNTAXES, P3_BINDS, timeout=timeout)
    assoc.open(Address.parse(srv.p3_address), x411.id_ac_mts_access_88,
               {"initiator_name": ("user_agent", orname(user)),
                "initiator_credentials": simple_credentials(
                    PASSWORDS.get(user, "x") if password is None else password)},
               abstract_syntaxes=P3_SYNTAX_OIDS, bind_syntax=x411.id_as_mts)
    return assoc


def p7_bind(srv: Any, user: str, password: Optional[str] = None,
            timeout: float = 10.0) -> Association:
    assoc = Association(P7_SYNTAXES, P7_BINDS, timeout=timeout)
    assoc.open(Address.parse(srv.p7_address), x413.id_ac_ms_access_88,
               {"initiator_name": orname(user),
                "initiator_credentials": simple_credentials(
                    PASSWORDS.get(user, "x") if password is None else password)},
               abstract_syntaxes=P7_SYNTAX_OIDS, bind_syntax=x413.id_as_ms_88)
    return assoc


def submission(originator: str, recipients: Sequence[str], subject: str = "Hello",
               report: bool = False, deferred: Optional[datetime] = None) -> Dict[str, Any]:
    m = Message(originator=originator, to=list(recipients), subject=subject)
    m.body.append(TextBody("hello there"))
    if deferred is not None:
        m.deferred_delivery_time = deferred
    envelope, content = m.to_submission()
    if report:
        for f in envelope["per_recipient_fields"]:
            f["originator_report_request"] = frozenset({"report"})
    return {"envelope": envelope, "content": content}


def all_attributes_selection(oids: Sequence[str]) -> List[Dict[str, Any]]:
    return [{"type": o} for o in oids]


def ms_list(assoc: Association, **selector: Any) -> Dict[str, Any]:
    return assoc.invoke(x413.op_list, {"selector": selector}, abstract_syntax=x413.id_as_mrse_88)


def ms_fetch(assoc: Association, seq: int, attrs: Optional[Sequence[str]] = None) -> Any:
    arg: Dict[str, Any] = {"item": ("precise", seq)}
    if attrs is not None:
        arg["requested_attributes"] = all_attributes_selection(attrs)
    return assoc.invoke(x413.op_fetch, arg, abstract_syntax=x413.id_as_mrse_88)


def attributes(info: Dict[str, Any]) -> Dict[str, List[bytes]]:
    return {a["attribute_type"]: a["attribute_values"] for a in info.get("attributes", ())}
