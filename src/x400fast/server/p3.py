"""The MTA side of the reference server: what a submission causes.

Decoded P3 (or P7 indirect) submission arguments come in; what goes to
the store comes out: a :class:`~x400fast.server.store.Message` and a
:class:`~x400fast.server.store.Plan` with a delivery for each local
recipient and the reports the originator asked for (a non-delivery report,
reason unable-to-transfer, diagnostic unrecognised-O/R-name, for each
recipient that is not a local user, as an MTA reports it).  Delivery and
report arguments are rebuilt from what the store kept when an item is
pushed (P3) or fetched (P7).  No sockets, no threads.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any, Callable, Dict, List, Mapping, Optional, Tuple

from .. import ber
from ..asn1 import x411, x420
from ..errors import AddressError, DecodeError, EncodeError, RemoteOperationError
from ..oraddress import ORAddress, ORName
from . import store as st
from ._protocol import (PRIORITY_CODES, PRIORITY_NAMES, T, content_type_text,
                        content_type_value, mts_identifier, orname_of)

__all__ = ["Planner", "PlannedSubmission", "REASON_UNABLE_TO_TRANSFER",
           "DIAGNOSTIC_UNRECOGNISED_OR_NAME"]

REASON_UNABLE_TO_TRANSFER = 1
DIAGNOSTIC_UNRECOGNISED_OR_NAME = 0

# error codes (X.411 MTSAccessProtocol)
ERR_SUBMISSION_CONTROL_VIOLATED = x411.err_submission_control_violated
ERR_ORIGINATOR_INVALID = x411.err_originator_invalid
ERR_RECIPIENT_IMPROPERLY_SPECIFIED = x411.err_recipient_improperly_specified
ERR_INCONSISTENT_REQUEST = x411.err_inconsistent_request


@dataclass
class PlannedSubmission:
    """A submission ready for :meth:`Store.submit_future`."""

    message: st.Message
    plan: st.Plan
    ticket: st.Ticket
    probe: bool = False


def _utc(value: datetime) -> datetime:
    if value.tzinfo is None:
        return value.replace(tzinfo=timezone.utc)
    return value.astimezone(timezone.utc)


class Planner:
    """Turns submissions into store plans for one server.

    :param resolve: O/R address -> the local user's store key, or ``None``.
    :param new_ticket: reserves an MTS identifier and submission time.
    :param domain: the ``GlobalDomainIdentifier`` value of this MTS.
    :param max_recipients: / :param max_content_size: limits.
    """

    def __init__(self, resolve: Callable[[ORAddress], Optional[str]],
                 new_ticket: Callable[[], st.Ticket], domain: Mapping[str, Any],
                 max_recipients: int, max_content_size: int) -> None:
        self.resolve = resolve
        self.new_ticket = new_ticket
        self.domain = dict(domain)
        self.max_recipients = max_recipients
        self.max_content_size = max_content_size

    # -- submission -------------------------------------------------------------

    def _check_originator(self, iid: int, env: Mapping[str, Any], user: ORAddress) -> None:
        try:
            originator = orname_of(env["originator_name"]).address
        except (AddressError, KeyError, TypeError):
            raise RemoteOperationError(iid, ERR_ORIGINATOR_INVALID) from None
        if originator != user:
            raise RemoteOperationError(iid, ERR_ORIGINATOR_INVALID)

    def _recipients(self, iid: int, fields: List[Mapping[str, Any]]
                    ) -> List[Tuple[Mapping[str, Any], ORName, Optional[str]]]:
        if len(fields) > self.max_recipients:
            # Which recipients are too many: those past the limit.
            raise RemoteOperationError(iid, ERR_RECIPIENT_IMPROPERLY_SPECIFIED,
                                       [f["recipient_name"] for f in
                                        fields[self.max_recipients:]][:x411.ub_recipients])
        out = []
        bad = []
        for f in fields:
            try:
                name = orname_of(f["recipient_name"])
            except (AddressError, KeyError, TypeError):
                bad.append(f.get("recipient_name"))
                continue
            out.append((f, name, self.resolve(name.address)))
        if bad:
            raise RemoteOperationError(iid, ERR_RECIPIENT_IMPROPERLY_SPECIFIED,
                                       [b for b in bad if b is not None] or None)
        return out

    def submission(self, iid: int, user_key: str, user: ORAddress, argument: Mapping[str, Any]
                   ) -> PlannedSubmission:
        """Plan a message submission.

        :raises RemoteOperationError: originator-invalid (the envelope's
            originator is not the bound user), recipient-improperly-specified
            (too many recipients, or a name that is not an O/R name),
            submission-control-violated (content too large).
        """
        env = argument["envelope"]
        content = bytes(argument["content"])
        self._check_originator(iid, env, user)
        recipients = self._recipients(iid, env["per_recipient_fields"])
        if len(content) > self.max_content_size:
            raise RemoteOperationError(iid, ERR_SUBMISSION_CONTROL_VIOLATED)
        ticket = self.new_ticket()
        ctype = content_type_text(env["content_type"])
        priority = env.get("priority", "normal")
        deferred = env.get("deferred_delivery_time")
        if deferred is not None:
            deferred = _utc(deferred)
            if deferred <= ticket.submission_time:
                deferred = None
        indicators = env.get("per_message_indicators") or frozenset()
        disclose = "disclosure-of-other-recipients" in indicators
        return_content = "content-return-request" in indicators
        deliveries: List[st.MessageDelivery] = []
        delivered_outcomes: List[Tuple[Mapping[str, Any], ORName]] = []
        failed: List[Tuple[Mapping[str, Any], ORName]] = []
        delivery_time = deferred or ticket.submission_time
        all_names = [n for _, n, _ in recipients]
        seen_keys = set()
        for fields, name, key in recipients:
            request = fields.get("originator_report_request") or frozenset()
            if key is None:
                failed.append((fields, name))
                continue
            if key not in seen_keys:
                seen_keys.add(key)
                other: Dict[str, Any] = {
                    "content_type": content_type_value(ctype),
                    "originator_name": env["originator_name"],
                    "this_recipient_name": name.to_asn1(),
                    "message_submission_time": ticket.submission_time,
                }
                if priority != "normal":
                    other["priority"] = priority
                if env.get("content_identifier") is not None:
                    other["content_identifier"] = env["content_identifier"]
                if env.get("original_encoded_information_types") is not None:
                    other["original_encoded_information_types"] = \
                        env["original_encoded_information_types"]
                if disclose and len(all_names) > 1:
                    other["other_recipient_names"] = [
                        n.to_asn1() for n in all_names if n is not name]
                # Per-message extensions travel to the recipient (the message
                # security label among them), except those that only concern
                # submission (proof-of-submission-request, code 21).
                conveyed = [x for x in env.get("extensions") or ()
                            if x.get("type") != ("standard_extension", 21)]
                if conveyed:
                    other["extensions"] = conveyed
                deliveries.append(st.MessageDelivery(
                    recipient=key, envelope=ber.encode(T["OtherMessageDeliveryFields"], other)))
            if "report" in request:
                delivered_outcomes.append((fields, name))
        reports: List[st.ReportDelivery] = []
        outcomes: List[st.RecipientOutcome] = []
        per_recipient: List[Dict[str, Any]] = []
        for fields, name in failed:
            request = fields.get("originator_report_request") or frozenset()
            if not request & {"report", "non-delivery-report"}:
                continue      # no-report: the originator asked for none
            outcomes.append(st.RecipientOutcome(
                str(name), False, REASON_UNABLE_TO_TRANSFER, DIAGNOSTIC_UNRECOGNISED_OR_NAME))
            per_recipient.append({
                "actual_recipient_name": name.to_asn1(),
                "report_type": ("non_delivery", {
                    "non_delivery_reason_code": REASON_UNABLE_TO_TRANSFER,
                    "non_delivery_diagnostic_code": DIAGNOSTIC_UNRECOGNISED_OR_NAME})})
        dr_outcomes: List[st.RecipientOutcome] = []
        dr_fields: List[Dict[str, Any]] = []
        for fields, name in delivered_outcomes:
            dr_outcomes.append(st.RecipientOutcome(str(name), True,
                                                   delivery_time=delivery_time))
            dr_fields.append({
                "actual_recipient_name": name.to_asn1(),
                "report_type": ("delivery", {"message_delivery_time": delivery_time})})
        originator_key = user_key
        if per_recipient:
            reports.append(self._report(originator_key, ticket, ctype, env, outcomes,
                                        per_recipient, content if return_content else None,
                                        None))
        if dr_fields:
            reports.append(self._report(originator_key, ticket, ctype, env, dr_outcomes,
                                        dr_fields, None, deferred))
        message = st.Message(
            originator=user_key, content_type=ctype, content=content,
            envelope=ber.encode(T["MessageSubmissionEnvelope"], env),
            priority=PRIORITY_CODES.get(priority, 0),
            recipients=tuple(str(n) for n in all_names),
            subject=_subject_of(ctype, content), deferred_delivery_time=deferred)
        return PlannedSubmission(message, st.Plan(tuple(deliveries), tuple(reports)), ticket)

    def _report(self, recipient: str, ticket: st.Ticket, ctype: str, env: Mapping[str, Any],
                outcomes: List[st.RecipientOutcome], per_recipient: List[Dict[str, Any]],
                returned: Optional[bytes], after: Optional[datetime]) -> st.ReportDelivery:
        value: Dict[str, Any] = {
            "subject_submission_identifier": mts_identifier(self.domain, ticket.mts_id),
            "content_type": content_type_value(ctype),
            "per_recipient_fields": per_recipient}
        if env.get("content_identifier") is not None:
            value["content_identifier"] = env["content_identifier"]
        return st.ReportDelivery(
            recipient=recipient, outcomes=tuple(outcomes),
            report=ber.encode(T["ReportDeliveryArgument"], value),
            returned_content=returned, content_type=ctype, deliver_after=after)

    def probe(self, iid: int, user_key: str, user: ORAddress, env: Mapping[str, Any]
              ) -> PlannedSubmission:
        """Plan a probe: a delivery report (when asked) for each recipient
        that would be delivered, a non-delivery report for the others."""
        self._check_originator(iid, env, user)
        recipients = self._recipients(iid, env["per_recipient_fields"])
        ticket = self.new_ticket()
        ctype = content_type_text(env["content_type"])
        length = env.get("content_length")
        nd: List[st.RecipientOutcome] = []
        nd_fields: List[Dict[str, Any]] = []
        ok: List[st.RecipientOutcome] = []
        ok_fields: List[Dict[str, Any]] = []
        for fields, name, key in recipients:
            request = fields.get("originator_report_request") or frozenset()
            too_big = length is not None and length > self.max_content_size
            if key is None or too_big:
                if not request & {"report", "non-delivery-report"}:
                    continue
                reason, diag = (REASON_UNABLE_TO_TRANSFER, DIAGNOSTIC_UNRECOGNISED_OR_NAME) \
                    if key is None else (REASON_UNABLE_TO_TRANSFER, 7)  # content-too-long
                nd.append(st.RecipientOutcome(str(name), False, reason, diag))
                nd_fields.append({"actual_recipient_name": name.to_asn1(),
                                  "report_type": ("non_delivery", {
                                      "non_delivery_reason_code": reason,
                                      "non_delivery_diagnostic_code": diag})})
            elif "report" in request:
                ok.append(st.RecipientOutcome(str(name), True,
                                              delivery_time=ticket.submission_time))
                ok_fields.append({"actual_recipient_name": name.to_asn1(),
                                  "report_type": ("delivery", {
                                      "message_delivery_time": ticket.submission_time})})
        reports = []
        if nd:
            reports.append(self._report(user_key, ticket, ctype, env, nd, nd_fields, None, None))
        if ok:
            reports.append(self._report(user_key, ticket, ctype, env, ok, ok_fields, None, None))
        message = st.Message(
            originator=user_key, content_type=ctype, content=b"",
            envelope=ber.encode(T["ProbeSubmissionEnvelope"], env),
            recipients=tuple(str(n) for _, n, _ in recipients))
        return PlannedSubmission(message, st.Plan((), tuple(reports)), ticket, probe=True)

    # -- results -----------------------------------------------------------------

    def submission_result(self, planned: PlannedSubmission, result: st.SubmitResult
                          ) -> Dict[str, Any]:
        ident = mts_identifier(self.domain, result.mts_id)
        if planned.probe:
            return {"probe_submission_identifier": ident,
                    "probe_submission_time": result.submission_time}
        return {"message_submission_identifier": ident,
                "message_submission_time": result.submission_time}

    # -- delivery ----------------------------------------------------------------

    def delivery_argument(self, item: st.QueueItem) -> Tuple[int, Dict[str, Any]]:
        """``(operation code, argument)`` that delivers a queued item:
        message-delivery (5) or report-delivery (6)."""
        if item.kind is st.ItemKind.MESSAGE:
            return 5, self.message_delivery(item.mts_id, item.created, item.envelope,
                                            item.content)
        value = ber.decode(T["ReportDeliveryArgument"], item.envelope or b"")
        if item.content:
            value["returned_content"] = item.content
        return 6, value

    def message_delivery(self, mts_id: str, delivery_time: datetime,
                         envelope: Optional[bytes], content: Optional[bytes]) -> Dict[str, Any]:
        other = ber.decode(T["OtherMessageDeliveryFields"], envelope or b"")
        return {"message_delivery_identifier": mts_identifier(self.domain, mts_id),
                "message_delivery_time": delivery_time.replace(microsecond=0),
                "other_fields": other, "content": content or b""}


def _subject_of(content_type: str, content: bytes) -> Optional[str]:
    """The IPM subject, for the Message Store's index (best effort: a
    content that does not decode simply has none)."""
    if content_type not in ("22", "2") or not content.startswith(b"\xa0"):
        return None
    try:
        # The codec's value is enough: the subject is a heading field; the
        # whole message model would cost ten times as much per submission.
        kind, ipm = ber.decode(x420.IPMSInformationObjects["InformationObject"], content)
        subject = ipm["heading"].get("subject") if kind == "ipm" else None
    except Exception:       # any undecodable content: no subject, not an error
        return None
    return subject if isinstance(subject, str) and subject else None


def priority_name(code: Optional[int]) -> str:
    return PRIORITY_NAMES.get(code or 0, "normal")


def safe_decode(type_name: str, data: Optional[bytes]) -> Optional[Any]:
    if not data:
        return None
    try:
        return ber.decode(T[type_name], data)
    except (DecodeError, EncodeError):
        return None
