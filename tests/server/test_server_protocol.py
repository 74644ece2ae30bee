"""The reference server over real sockets on 127.0.0.1, driven with raw
X.411/X.413 values through the association layer."""
from __future__ import annotations

import os
import sys
import time
from datetime import datetime, timedelta, timezone

import pytest

sys.path.insert(0, os.path.dirname(__file__))

from serversupport import (ALICE, BOB, CAROL, NOBODY, USERS, attributes, ms_fetch,  # noqa: E402
                           ms_list, p3_bind, p7_bind, submission)
from x400fast import ber  # noqa: E402
from x400fast.asn1 import x411, x413  # noqa: E402
from x400fast.errors import AssociationRejected, RemoteOperationError  # noqa: E402
from x400fast.server import Server  # noqa: E402

MSSE = x411.id_as_msse
MRSE = x413.id_as_mrse_88


@pytest.fixture
def srv():
    with Server.temporary(users=USERS, deferred_poll=0.05) as s:
        yield s


def test_bind_accepted_and_refused(srv):
    a = p3_bind(srv, ALICE)
    assert a.bound
    a.release()
    errors = []
    for user, pw in ((ALICE, "wrong"), (NOBODY, "alice-pw")):
        with pytest.raises(AssociationRejected) as info:
            p3_bind(srv, user, pw)
        errors.append(info.value.bind_error if hasattr(info.value, "bind_error")
                      else info.value.args)
    # unknown user and wrong password are indistinguishable
    assert errors[0] == errors[1]
    with pytest.raises(AssociationRejected):
        p7_bind(srv, BOB, "alice-pw")


def test_submit_to_ms_user_then_list_fetch_delete(srv):
    with p3_bind(srv, ALICE) as a:
        r = a.invoke(3, submission(ALICE, [BOB], subject="Lunch"), abstract_syntax=MSSE)
    mts_id = r["message_submission_identifier"]
    with p7_bind(srv, BOB) as b:
        listed = ms_list(b)
        assert [e["sequence_number"] for e in listed["requested"]] == [1]
        got = ms_fetch(b, 1)["entry_information"]
        attrs = attributes(got)
        assert ber.decode(x413.ATTRIBUTE_SYNTAXES[x413.id_hat_subject],
                          attrs[x413.id_hat_subject][0]) == "Lunch"
        ident = ber.decode(x413.ATTRIBUTE_SYNTAXES[x413.id_att_message_identifier],
                           attrs[x413.id_att_message_identifier][0])
        assert ident["local_identifier"] == mts_id["local_identifier"]
        status = ber.decode(x413.ATTRIBUTE_SYNTAXES[x413.id_att_retrieval_status],
                            attrs[x413.id_att_retrieval_status][0])
        assert status == 2          # processed after fetch
        b.invoke(x413.op_delete, {"items": ("sequence_numbers", [1])}, abstract_syntax=MRSE)
        assert "requested" not in ms_list(b)
        with pytest.raises(RemoteOperationError) as info:
            ms_fetch(b, 1)
        assert info.value.errcode == x413.err_sequence_number_error


def test_unknown_recipient_gets_non_delivery_report(srv):
    with p3_bind(srv, ALICE) as a:
        a.invoke(3, submission(ALICE, [NOBODY]), abstract_syntax=MSSE)
    with p7_bind(srv, ALICE) as c:
        entry = ms_fetch(c, 1, [x413.id_att_entry_type,
                                x413.id_att_per_recipient_report_delivery_fields])
        attrs = attributes(entry["entry_information"])
        assert attrs[x413.id_att_entry_type] == [b"\x02\x01\x01"]    # delivered-report
        fields = ber.decode(
            x413.ATTRIBUTE_SYNTAXES[x413.id_att_per_recipient_report_delivery_fields],
            attrs[x413.id_att_per_recipient_report_delivery_fields][0])
        kind, nd = fields["report_type"]
        assert kind == "non_delivery"
        assert nd["non_delivery_reason_code"] == 1          # unable-to-transfer
        assert nd["non_delivery_diagnostic_code"] == 0      # unrecognised-O/R-name


def test_originator_mismatch_refused_and_nothing_queued(srv):
    with p3_bind(srv, ALICE) as a:
        with pytest.raises(RemoteOperationError) as info:
            a.invoke(3, submission(BOB, [BOB]), abstract_syntax=MSSE)
        assert info.value.errcode == x411.err_originator_invalid
    with p7_bind(srv, BOB) as b:
        assert "requested" not in ms_list(b)


def test_p3_delivery_pushed_and_removed_only_after_result(srv):
    with p3_bind(srv, ALICE) as a:
        a.invoke(3, submission(ALICE, [CAROL], report=True), abstract_syntax=MSSE)
    carol = srv.user(CAROL).or_address.to_string()
    assert len(srv.store.pending(carol)) == 1
    # First association: take the delivery but abort before answering it.
    c = p3_bind(srv, CAROL)
    inv = c.next_invoke(timeout=5)
    assert inv.opcode == 5
    first_id = inv.argument["message_delivery_identifier"]
    c.abort()
    time.sleep(0.1)
    assert len(srv.store.pending(carol)) == 1
    # Second association: redelivered (same identifier), answered, removed.
    c = p3_bind(srv, CAROL)
    inv = c.next_invoke(timeout=5)
    assert inv.argument["message_delivery_identifier"] == first_id
    c.reply(inv.invoke_id, {})
    deadline = time.monotonic() + 5
    while srv.store.pending(carol) and time.monotonic() < deadline:
        time.sleep(0.02)
    assert srv.store.pending(carol) == []
    c.release()
    # Alice asked for a delivery report.
    with p7_bind(srv, ALICE) as al:
        e = ms_fetch(al, 1, [x413.id_att_per_recipient_report_delivery_fields])
        attrs = attributes(e["entry_information"])
        fields = ber.decode(
            x413.ATTRIBUTE_SYNTAXES[x413.id_att_per_recipient_report_delivery_fields],
            attrs[x413.id_att_per_recipient_report_delivery_fields][0])
        assert fields["report_type"][0] == "delivery"


def test_deferred_delivery_released_when_due(srv):
    due = datetime.now(timezone.utc).replace(microsecond=0) + timedelta(seconds=2)
    with p3_bind(srv, ALICE) as a:
        a.invoke(3, submission(ALICE, [BOB], deferred=due), abstract_syntax=MSSE)
    with p7_bind(srv, BOB) as b:
        assert "requested" not in ms_list(b)
    deadline = time.monotonic() + 6
    while time.monotonic() < deadline:
        with p7_bind(srv, BOB) as b:
            if "requested" in ms_list(b):
                break
        time.sleep(0.2)
    else:
        pytest.fail("deferred message never released")
    assert datetime.now(timezone.utc) >= due


def test_cancel_deferred_delivery(srv):
    due = datetime.now(timezone.utc).replace(microsecond=0) + timedelta(hours=1)
    with p3_bind(srv, ALICE) as a:
        r = a.invoke(3, submission(ALICE, [BOB], deferred=due), abstract_syntax=MSSE)
        ident = r["message_submission_identifier"]
        assert a.invoke(7, ident, abstract_syntax=MSSE) is None
        with pytest.raises(RemoteOperationError) as info:
            a.invoke(7, ident, abstract_syntax=MSSE)
        assert info.value.errcode == x411.err_deferred_delivery_cancellation_rejected


def test_access_control_between_users(srv):
    with p3_bind(srv, ALICE) as a:
        a.invoke(3, submission(ALICE, [BOB]), abstract_syntax=MSSE)
    with p7_bind(srv, ALICE) as al:
        assert "requested" not in ms_list(al)
        with pytest.raises(RemoteOperationError) as info:
            ms_fetch(al, 1)             # Bob's entry 1: as if it did not exist
        assert info.value.errcode == x413.err_sequence_number_error
        with pytest.raises(RemoteOperationError):
            al.invoke(x413.op_delete, {"items": ("sequence_numbers", [1])},
                      abstract_syntax=MRSE)
    with p7_bind(srv, BOB) as b:
        assert len(ms_list(b)["requested"]) == 1


def test_pipelined_submissions_share_commits(srv):
    n = 20
    before = srv.store.stats().commits
    with p3_bind(srv, ALICE) as a:
        outcomes = a.invoke_many([(3, submission(ALICE, [BOB]), MSSE) for _ in range(n)])
    assert all(o.ok for o in outcomes)
    ids = {o.result["message_submission_identifier"]["local_identifier"] for o in outcomes}
    assert len(ids) == n
    assert srv.store.stats().commits - before < n
    with p7_bind(srv, BOB) as b:
        s = b.invoke(x413.op_summarize, {"selector": {}}, abstract_syntax=MRSE)
        assert s["count"] == n


def test_limits_recipients_and_size():
    with Server.temporary(users=USERS, limits=__import__(
            "x400fast.server", fromlist=["Limits"]).Limits(
            max_recipients=2, max_content_size=64)) as srv:
        with p3_bind(srv, ALICE) as a:
            with pytest.raises(RemoteOperationError) as info:
                a.invoke(3, submission(ALICE, [BOB, CAROL, NOBODY]), abstract_syntax=MSSE)
            assert info.value.errcode == x411.err_recipient_improperly_specified
            with pytest.raises(RemoteOperationError) as info:
                a.invoke(3, submission(ALICE, [BOB]), abstract_syntax=MSSE)
            assert info.value.errcode == x411.err_submission_control_violated


def test_filter_and_summary(srv):
    with p3_bind(srv, ALICE) as a:
        for subject in ("alpha", "beta", "alphabet"):
            a.invoke(3, submission(ALICE, [BOB], subject=subject), abstract_syntax=MSSE)
    t = x413.ATTRIBUTE_SYNTAXES[x413.id_hat_subject]
    flt = ("item", ("substrings", {"type": x413.id_hat_subject,
                                   "strings": [("initial", ber.encode(t, "alpha"))]}))
    with p7_bind(srv, BOB) as b:
        got = ms_list(b, filter=flt)
        assert [e["sequence_number"] for e in got["requested"]] == [1, 3]
        got = ms_list(b, range=("sequence_number_range", {"from": 2}))
        assert [e["sequence_number"] for e in got["requested"]] == [2, 3]
        s = b.invoke(x413.op_summarize, {"selector": {},
                                         "summary_requests": [x413.id_att_entry_type]},
                     abstract_syntax=MRSE)
        assert s["count"] == 3 and s["span"] == {"lowest": 1, "highest": 3}
