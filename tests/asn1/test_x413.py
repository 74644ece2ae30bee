"""X.413 (P7) modules.

(1) round trips of every P7 PDU type on both engines; (2) differential
tests against pyasn1 specs written here from X.413 / X.411; (3) byte vectors
for the traps of the protocol (explicit tagging everywhere including CHOICE
alternatives, nested filters, X.411 types keeping their implicit tags, the
ENUMERATED bind error), the lookup tables, malformed input; (4) the same
PDUs on a P7 association dissected by tshark (skipped without tshark).
"""
from __future__ import annotations

import datetime as dt
import importlib.util
import os
import sys

import pytest
from pyasn1.codec.ber import decoder as pyasn1_decoder
from pyasn1.codec.der import encoder as pyasn1_der
from pyasn1.type import char, namedtype, tag, tagmap, univ, useful

from x400fast import _ber_pure, ber
from x400fast.asn1 import core, x413
from x400fast.asn1.core import Null, Type
from x400fast.errors import DecodeError
from x400fast.limits import DEFAULT_LIMITS

H = bytes.fromhex
UTC = dt.timezone.utc
NULL = Null()


def T(name):
    """The declared type for a case: a name as X.413 writes it, or a type."""
    return name if isinstance(name, Type) else x413.resolve(name)


def hx(data: bytes) -> str:
    return data.hex(" ").upper()


# ---------------------------------------------------------------------------
# Realistic values

OR_NAME = {"built_in_standard_attributes": {
    "country_name": ("iso_3166_alpha2_code", "GB"),
    "administration_domain_name": ("printable", "TestADMD"),
    "private_domain_name": ("printable", "TestPRMD"),
    "organization_name": "Isode",
    "personal_name": {"surname": "User", "given_name": "P7"},
    "organizational_unit_names": ["Sales"],
}}
OR_NAME_2 = {"built_in_standard_attributes": {
    "country_name": ("iso_3166_alpha2_code", "GB"),
    "administration_domain_name": ("printable", " "),
    "organization_name": "Example",
    "personal_name": {"surname": "Smith"},
}}
SIMPLE = ("simple", ("ia5_string", "secret"))
MTS_ID = {"global_domain_identifier": {
    "country_name": ("iso_3166_alpha2_code", "GB"),
    "administration_domain_name": ("printable", "TestADMD"),
    "private_domain_identifier": ("printable", "TestPRMD")},
    "local_identifier": "msg-0001"}
T1 = dt.datetime(2024, 5, 6, 7, 8, 9, tzinfo=UTC)
T2 = dt.datetime(2024, 5, 7, 0, 0, 0, tzinfo=UTC)

# Raw attribute values (open types), as a store sends them.
V_NEW = H("020100")                     # retrieval-status new
V_DELIVERED_MESSAGE = H("020100")       # entry-type delivered-message
V_DELIVERED_REPORT = H("020101")
V_NORMAL = H("470100")                  # Priority normal ([APPLICATION 7])
V_URGENT = H("470102")
V_SUBJECT = H("14") + bytes([14]) + b"Quarterly plan"
# A minimal P22 IPM: heading with this-IPM "msg", one IA5 body part "hello".
IPM = H("A016 3107 6B05 1303") + b"msg" + H("300B A009 3100 1605") + b"hello"
V_CONTENT = H("0418") + IPM
V_CREATION = H("170d") + b"240506070809Z"
V_NOTES = H("1b0b") + b"call Alice!"

SELECTOR_NEW = {"filter": ("item", ("equality", {
    "attribute_type": x413.id_att_retrieval_status, "attribute_value": V_NEW}))}

EXTENSION_MODIFY = {"type_id": x413.id_ext_modify_capability, "value": H("0500")}
EXTENSION_ALGS = {"type_id": x413.id_ext_protected_change_credentials_capability,
                  "value": H("3106") + H("06045604 0a00".replace(" ", ""))}

# Nested filter: (entry-type = delivered-report OR priority >= urgent)
#   AND NOT subject ~= "plan" AND message-notes present
FILTER_NESTED = ("and", [
    ("item", ("present", x413.id_att_message_notes)),
    ("or", [
        ("item", ("equality", {"attribute_type": x413.id_att_entry_type,
                               "attribute_value": V_DELIVERED_REPORT})),
        ("item", ("greater_or_equal", {"attribute_type": x413.id_att_priority,
                                       "attribute_value": V_URGENT})),
    ]),
    ("not", ("item", ("substrings", {"type": x413.id_hat_subject, "strings": [
        ("initial", H("1403") + b"Qua"), ("any", H("1404") + b"plan"),
        ("final", H("1401") + b"n")]}))),
])
FILTER_94 = ("or", [
    ("item", ("other_match", {"matching_rule": x413.id_mr_orname_elements_match,
                              "attribute_type": x413.id_att_originator_name,
                              "match_value": T("MTSAbstractService.ORName").encode(OR_NAME_2)})),
    ("item", ("approximate_match", {"attribute_type": x413.id_hat_subject,
                                    "attribute_value": H("1404") + b"plan"})),
    ("item", ("less_or_equal", {"attribute_type": x413.id_att_creation_time,
                                "attribute_value": V_CREATION})),
])

ENTRY_41 = {"sequence_number": 41, "attributes": [
    {"attribute_type": x413.id_att_entry_type, "attribute_values": [V_DELIVERED_MESSAGE]},
    {"attribute_type": x413.id_att_priority, "attribute_values": [V_URGENT]},
    {"attribute_type": x413.id_hat_subject, "attribute_values": [V_SUBJECT]},
]}
ENTRY_42 = {"sequence_number": 42, "attributes": [
    {"attribute_type": x413.id_att_message_notes,
     "attribute_values": [V_NOTES, H("1b03") + b"two"]},
], "value_count_exceeded": [{"type": x413.id_att_recipient_names, "total": 500}]}

SUBMISSION_OPTIONS = {
    "object_entry_class": 1,                      # submission
    "disable_auto_modify": True,
    "add_message_group_names": [["projects", "x400"]],
    # X.420's prevent-nrn-generation (id-mst 2.6.1.17.4), value NULL
    "ms_submission_extensions": [{"type_id": "2.6.1.17.4", "value": H("0500")}],
}
ENVELOPE = {
    "originator_name": OR_NAME,
    "content_type": ("extended", "2.6.1.10.1"),
    "content_identifier": "plan-2024",
    "priority": "urgent",
    "per_recipient_fields": [
        {"recipient_name": OR_NAME_2, "originator_report_request": frozenset({"report"})},
    ],
}
PROBE_ENVELOPE = {
    "originator_name": OR_NAME,
    "content_type": ("extended", "2.6.1.10.1"),
    "content_length": 2048,
    "per_recipient_fields": [
        {"recipient_name": OR_NAME_2,
         "originator_report_request": frozenset({"non-delivery-report"})},
    ],
}

# (case id, type name or type, value).  Every P7 PDU type: the bind
# argument, result and error, and every operation's argument, result and
# error parameter, with 1988 and 1994 forms where they differ.
CASES = [
    # -- bind -----------------------------------------------------------------
    ("bind-argument-88", "MSBindArgument", {
        "initiator_name": OR_NAME, "initiator_credentials": SIMPLE,
        "fetch_restrictions": {"allowed_content_types": ["2.6.1.10.0", "2.6.1.10.1"],
                               "allowed_eits": ["2.6.3.4.2"],
                               "maximum_attribute_length": 65536},
        "ms_configuration_request": True}),
    ("bind-argument-94", "MSBindArgument", {
        "initiator_name": OR_NAME, "initiator_credentials": ("simple", ("octet_string", b"pw")),
        "security_context": [{"security_policy_identifier": "1.3.6.1.4.1.453.7.3",
                              "security_classification": 4, "privacy_mark": "SECRET"}],
        "ua_registration_identifier": "ua-desk-1",
        "bind_extensions": [EXTENSION_MODIFY]}),
    ("bind-result-88", "MSBindResult", {
        "responder_credentials": SIMPLE,
        "available_auto_actions": [x413.id_act_auto_alert],
        "available_attribute_types": [x413.id_att_content, x413.id_att_entry_type,
                                      x413.id_att_priority, x413.id_att_originator_name],
        "alert_indication": True,
        "content_types_supported": ["2.6.1.10.1"]}),
    ("bind-result-94", "MSBindResult", {
        "responder_credentials": SIMPLE,
        "entry_classes_supported": [0, 1, 2],
        "matching_rules_supported": [x413.id_mr_msstring_match, x413.id_mr_orname_match],
        "bind_result_extensions": [EXTENSION_MODIFY, EXTENSION_ALGS],
        "message_group_depth": 8,
        "auto_action_error_indication": ("auto_action_log_entry", 12),
        "unsupported_extensions": [x413.id_ext_originator_token],
        "ua_registration_id_unknown": True,
        "service_information": "Isode M-Store"}),
    ("bind-error-88", "MSBindErrorParameter", ("unqualified_error", "authentication-error")),
    ("bind-error-94", "MSBindErrorParameter", ("qualified_error", {
        "bind_problem": "bind-extension-problem",
        "supplementary_information": "unsupported extension",
        "bind_extension_errors": [x413.id_ext_originator_token]})),
    # -- summarize ----------------------------------------------------------------
    ("summarize-argument", "SummarizeArgument", {
        "selector": {"range": ("sequence_number_range", {"from": 10, "to": 200}),
                     **SELECTOR_NEW},
        "summary_requests": [x413.id_att_priority, x413.id_att_entry_type]}),
    ("summarize-result", "SummarizeResult", {
        "next": 201, "count": 3, "span": {"lowest": 10, "highest": 42},
        "summaries": [
            {"present": [{"type": x413.id_att_priority, "value": V_NORMAL, "count": 2},
                         {"type": x413.id_att_priority, "value": V_URGENT, "count": 1}]},
            {"absent": 1, "present": [{"type": x413.id_att_entry_type,
                                       "value": V_DELIVERED_MESSAGE, "count": 2}]}],
        "summarize_result_extensions": [EXTENSION_MODIFY]}),
    # -- list -----------------------------------------------------------------------
    ("list-argument", "ListArgument", {
        "entry_class": 3,
        "selector": {"child_entries": True,
                     "range": ("creation_time_range", {"from": T1, "to": T2}),
                     "filter": FILTER_NESTED, "limit": 50,
                     "override": frozenset({"override-attribute-length-restriction"})},
        "requested_attributes": [
            {"type": x413.id_att_entry_type},
            {"type": x413.id_att_recipient_names, "from": 1, "count": 10},
            {"type": x413.id_att_originator_name},
            {"type": x413.id_att_priority}]}),
    ("list-result", "ListResult", {"next": 43, "requested": [ENTRY_41, ENTRY_42]}),
    # -- fetch ------------------------------------------------------------------------
    ("fetch-argument-precise", "FetchArgument", {
        "item": ("precise", 5),
        "requested_attributes": [{"type": x413.id_att_content}]}),
    ("fetch-argument-search", "FetchArgument", {
        "entry_class": 2,
        "item": ("search", {"filter": FILTER_94, "limit": 1}),
        "requested_attributes": [],
        "fetch_extensions": [EXTENSION_MODIFY]}),
    ("fetch-result", "FetchResult", {
        "entry_information": {"sequence_number": 5, "attributes": [
            {"attribute_type": x413.id_att_content, "attribute_values": [V_CONTENT]},
            {"attribute_type": x413.id_att_creation_time, "attribute_values": [V_CREATION]}]},
        "list": [6, 7], "next": 8}),
    # -- delete -------------------------------------------------------------------------
    ("delete-argument-numbers", "DeleteArgument", {
        "items": ("sequence_numbers", [7, 9])}),
    ("delete-argument-selector", "DeleteArgument", {
        "entry_class": 4,
        "items": ("selector", {"range": ("sequence_number_range", {"to": 100})}),
        "delete_extensions": [EXTENSION_MODIFY]}),
    ("delete-result-88", "DeleteResult", ("delete_result_88", None)),
    ("delete-result-94", "DeleteResult", ("delete_result_94", {
        "entries_deleted": [7, 9], "delete_result_extensions": [EXTENSION_MODIFY]})),
    # -- register-MS ------------------------------------------------------------------------
    ("register-ms-argument-88", "Register-MSArgument", {
        "auto_action_registrations": [{
            "auto_action_type": x413.id_act_auto_alert, "registration_identifier": 3,
            "registration_parameter": x413.ms_auto_actions["AutoAlertRegistrationParameter"]
            .encode({"filter": SELECTOR_NEW["filter"],
                     "requested_attributes": [{"type": x413.id_hat_subject}]})}],
        "auto_action_deregistrations": [{"auto_action_type": x413.id_act_auto_delete}],
        "list_attribute_defaults": [x413.id_att_content_type, x413.id_att_entry_type,
                                    x413.id_att_priority],
        "fetch_attribute_defaults": [],
        "change_credentials": {"old_credentials": SIMPLE,
                               "new_credentials": ("simple", ("ia5_string", "n3w-secret"))},
        "user_security_labels": [{"security_classification": 1},
                                 {"security_classification": 3}]}),
    ("register-ms-argument-94", "Register-MSArgument", {
        "ua_registrations": [{"ua_registration_identifier": "ua-desk-1",
                              "ua_list_attribute_defaults": [x413.id_att_priority],
                              "ua_submission_defaults": {"disable_auto_modify": True},
                              "content_specific_defaults": [EXTENSION_MODIFY]}],
        "submission_defaults": SUBMISSION_OPTIONS,
        "message_group_registrations": [
            ("register_group", {"message_group_name": ["projects"],
                                "message_group_descriptor": "Projects"}),
            ("deregister_group", ["old"]),
            ("change_descriptors", {"message_group_name": ["projects", "x400"]})],
        "registration_status_request": {
            "registrations": frozenset({"list-attribute-defaults", "ua-registrations"}),
            "extended_registrations": ["1.2.826.0.1004.10.1"],
            "restrict_message_groups": {"parent_group": ["projects"],
                                        "immediate_descendants_only": False}},
        "register_ms_extensions": [EXTENSION_MODIFY]}),
    ("register-ms-result-88", "Register-MSResult", ("no_status_information", None)),
    ("register-ms-result-94", "Register-MSResult", ("registered_information", {
        "auto_action_registrations": [{"auto_action_type": x413.id_act_auto_correlate_reports}],
        "list_attribute_defaults": [x413.id_att_priority],
        "fetch_attribute_defaults": [x413.id_att_content],
        "submission_defaults": {"object_entry_class": 2},
        "message_group_registrations": [{"message_group_name": ["projects"]}],
        "register_ms_result_extensions": [EXTENSION_MODIFY]})),
    # -- alert -----------------------------------------------------------------------------
    ("alert-argument", "AlertArgument", {"alert_registration_identifier": 3,
                                         "new_entry": ENTRY_41}),
    ("alert-result", "AlertResult", None),
    # -- modify (1994) ------------------------------------------------------------------------
    ("modify-argument", "ModifyArgument", {
        "entries": ("specific_entries", [41, 42]),
        "modifications": [
            {"modification": ("add_attribute", {"attribute_type": x413.id_att_message_group_name,
                                                "attribute_values": [H("301b") + H("1b08")
                                                                     + b"projects"
                                                                     + H("1b0f")
                                                                     + b"x400-interworks"]})},
            {"strict": True, "modification": ("remove_attribute", x413.id_att_message_notes)},
            {"modification": ("add_values", {"attribute_type": x413.id_att_message_notes,
                                             "attribute_values": [{"value": V_NOTES,
                                                                   "position": 1}]})},
            {"modification": ("remove_values", {"attribute_type": x413.id_att_message_notes,
                                                "attribute_values": [{"position": 2}]})}],
        "modify_extensions": [EXTENSION_MODIFY]}),
    ("modify-argument-selector", "ModifyArgument", {
        "entry_class": 0,
        "entries": ("selector", SELECTOR_NEW),
        "modifications": [{"modification": ("remove_attribute", x413.id_att_message_notes)}]}),
    ("modify-result", "ModifyResult", {"entries_modified": [41, 42],
                                       "modify_result_extensions": [EXTENSION_MODIFY]}),
    # -- MS submission ------------------------------------------------------------------------
    ("ms-message-submission-argument", "MSMessageSubmissionArgument", {
        "envelope": ENVELOPE, "content": IPM,
        "submission_options": SUBMISSION_OPTIONS}),
    ("ms-message-submission-result-mts", "MSMessageSubmissionResult", ("mts_result", {
        "message_submission_identifier": MTS_ID, "message_submission_time": T1,
        "content_identifier": "plan-2024",
        "ms_message_result": {"created_entry": 77,
                              "auto_action_error_indication": ("indication_only", None)}})),
    ("ms-message-submission-result-draft", "MSMessageSubmissionResult", ("store_draft_result", {
        "created_entry": 78, "ms_submission_result_extensions": [EXTENSION_MODIFY]})),
    ("ms-probe-submission-argument", "MSProbeSubmissionArgument", dict(
        PROBE_ENVELOPE, submission_options={"object_entry_class": 5})),
    ("ms-probe-submission-result", "MSProbeSubmissionResult", {
        "probe_submission_identifier": MTS_ID, "probe_submission_time": T2,
        "ms_probe_result": {"created_entry": 79}}),
    # -- error parameters ----------------------------------------------------------------------
    ("attribute-error", "AttributeErrorParameter", {"problems": [
        {"problem": 1, "type": "1.2.826.0.1004.99"},
        {"problem": 0, "type": x413.id_att_priority, "value": H("470109")}]}),
    ("auto-action-request-error", "AutoActionRequestErrorParameter", {"problems": [
        {"problem": 2, "type": x413.id_act_auto_modify}]}),
    ("delete-error", "DeleteErrorParameter", {
        "problems": [{"problem": 0, "sequence_number": 3}, {"problem": 2, "sequence_number": 9}],
        "entries_deleted": [7]}),
    ("fetch-restriction-error", "FetchRestrictionErrorParameter", {"problems": [
        {"problem": 3, "restriction": ("attribute_length", 65536)},
        {"problem": 2, "restriction": ("eit", ["2.6.3.4.3"])},
        {"problem": 1, "restriction": ("content_type", "2.6.1.10.0")}]}),
    ("invalid-parameters-error", NULL, None),
    ("range-error", "RangeErrorParameter", {"problem": 0}),
    ("sequence-number-error", "SequenceNumberErrorParameter", {"problems": [
        {"problem": 0, "sequence_number": 99999}]}),
    ("service-error-88", "ServiceErrorParameter", {"problem": 0}),
    ("service-error-94", "ServiceErrorParameter", {"problem": 2,
                                                   "supplementary_information": "store full"}),
    ("message-group-error", "MessageGroupErrorParameter", {"problem": 4,
                                                           "name": ["projects", "x400"]}),
    ("ms-extension-error-item", "MSExtensionErrorParameter", ("ms_extension_problem",
                                                              EXTENSION_MODIFY)),
    ("ms-extension-error-unknown", "MSExtensionErrorParameter", ("unknown_ms_extension",
                                                                 "1.2.826.0.1004.7")),
    ("register-ms-error", "RegisterMSErrorParameter", {
        "problem": "registration-limit-exceeded",
        "registration_type": {"registrations": frozenset({"auto-action-registrations"})}}),
    ("modify-error", "ModifyErrorParameter", {"entries_modified": [41], "failing_entry": 42,
                                              "modification_number": 2, "problem": 1}),
    ("entry-class-error", "EntryClassErrorParameter", {
        "entry_class": 7, "problem": frozenset({"entry-class-not-subscribed"})}),
    ("security-error", "MTSAbstractService.SecurityProblem", 32),
    ("recipient-improperly-specified", "MTSAbstractService.ImproperlySpecifiedRecipients",
     [OR_NAME_2]),
]
CASE_IDS = [c[0] for c in CASES]


def covers(got, want) -> bool:
    """``got`` (a decoded value) carries everything ``want`` states; extra
    dict keys in ``got`` are DEFAULT values filled in by the decoder."""
    if isinstance(want, dict):
        return isinstance(got, dict) and all(k in got and covers(got[k], v)
                                             for k, v in want.items())
    if isinstance(want, list):
        return (isinstance(got, list) and len(got) == len(want)
                and all(covers(g, w) for g, w in zip(got, want)))
    if isinstance(want, tuple) and len(want) == 2 and isinstance(want[0], str):
        return isinstance(got, tuple) and got[0] == want[0] and covers(got[1], want[1])
    return got == want and type(got) is type(want)


# ---------------------------------------------------------------------------
# (1) Round trips on both engines


@pytest.mark.parametrize("case", CASES, ids=CASE_IDS)
def test_round_trip(engine, case):
    _, name, value = case
    node = T(name).node()
    data = engine.encode(node, value)
    back = engine.decode(node, data, DEFAULT_LIMITS)
    assert covers(back, value), (back, value)
    assert engine.encode(node, back) == data


def test_engines_agree(both):
    for _, name, value in CASES:
        node = T(name).node()
        outs = {e.encode(node, value) for e in both}
        assert len(outs) == 1, name
        data = outs.pop()
        decoded = [e.decode(node, data, DEFAULT_LIMITS) for e in both]
        assert all(d == decoded[0] for d in decoded), name


# ---------------------------------------------------------------------------
# (2) Differential tests against pyasn1 (specs written from X.413 / X.411)

CTX, APP = tag.tagClassContext, tag.tagClassApplication
CONS, PRIM = tag.tagFormatConstructed, tag.tagFormatSimple


def F(name, t):
    return namedtype.NamedType(name, t)


def O(name, t):         # noqa: E743 - OPTIONAL
    return namedtype.OptionalNamedType(name, t)


def D(name, t, default):
    if isinstance(t, (univ.SequenceOf, univ.SetOf)):      # DEFAULT {}
        value = t.clone()
        value.clear()
        return namedtype.DefaultedNamedType(name, value)
    return namedtype.DefaultedNamedType(name, t.clone(default))


def SEQ(*fields):
    return univ.Sequence(componentType=namedtype.NamedTypes(*fields))


def SET(*fields):
    return univ.Set(componentType=namedtype.NamedTypes(*fields))


def CHOICE(*fields):
    return univ.Choice(componentType=namedtype.NamedTypes(*fields))


def SEQOF(t):
    return univ.SequenceOf(componentType=t)


def SETOF(t):
    return univ.SetOf(componentType=t)


def X(t, n, cls=CTX):
    """[n] EXPLICIT (every [n] of an X.413 module)."""
    return t.subtype(explicitTag=tag.Tag(cls, CONS, n))


def IMP(t, n, cls=CTX):
    """[n] IMPLICIT (X.411 tags, and the few X.413 IMPLICIT ones)."""
    constructed = isinstance(t, (univ.Sequence, univ.Set, univ.SequenceOf, univ.SetOf))
    return t.subtype(implicitTag=tag.Tag(cls, CONS if constructed else PRIM, n))


def named_int(**names):
    return univ.Integer(namedValues=univ.Integer.namedValues.__class__(
        *[(k.replace("_", "-"), v) for k, v in names.items()]))


def enum(*names):
    from pyasn1.type import namedval
    return univ.Enumerated(namedValues=namedval.NamedValues(*names))


def bits(*names):
    from pyasn1.type import namedval
    return univ.BitString(namedValues=namedval.NamedValues(*names))


class TaggedAny(univ.Any):
    """An open type under an explicit tag.  pyasn1's Any claims every tag
    (its tag map has a default), so two tagged open types in one CHOICE or
    SET are refused as duplicates; under a tag only that tag can match."""

    @property
    def tagMap(self):
        return tagmap.TagMap({self.tagSet: self})


def XANY(n):
    return X(TaggedAny(), n)


class _OutermostTagSetEncoder(pyasn1_der.SetEncoder):
    """pyasn1 0.6 sorts SET components by the whole tag stack compared from
    the innermost tag, so an explicit [5] BOOLEAN sorts before an [APPLICATION
    0] SEQUENCE; X.680 8.6 orders by the outermost tag.  Same sort key,
    outermost tag; an untagged CHOICE still sorts by its chosen alternative."""

    @staticmethod
    def _componentSortKey(componentAndType):
        component, spec = componentAndType
        t = component if spec is None else spec
        while t.typeId == univ.Choice.typeId and not t.tagSet:
            component = component.getComponent()
            t = component
        return t.tagSet[-1]

    def encodeValue(self, value, asn1Spec, encodeFun, **options):
        # pyasn1's CER/DER SET encoder marks OPTIONAL components ifNotEmpty,
        # dropping a present empty SET OF; X.690 keeps every present
        # component.  (ifNotEmpty also hides the empty SETs pyasn1 makes up
        # for absent all-optional components, so only decoded ones are kept.)
        def keep_empty(component, spec, **opts):
            if id(component) in _PRESENT:
                opts.pop("ifNotEmpty", None)
            return encodeFun(component, spec, **opts)
        return super().encodeValue(value, asn1Spec, keep_empty, **options)


_SET_ENCODER = _OutermostTagSetEncoder()
_der_encoder = pyasn1_der.Encoder(
    tagMap={**pyasn1_der.TAG_MAP, univ.Set.tagSet: _SET_ENCODER},
    typeMap={**pyasn1_der.TYPE_MAP, univ.Set.typeId: _SET_ENCODER})


_PRESENT = set()


def fill_defaults(v):
    """Set absent DEFAULT components of a decoded pyasn1 value to their
    default (pyasn1 leaves a DEFAULT {} SET OF as a schema object, which its
    encoder then cannot compare with the default), and note which
    components the decoder found."""
    if isinstance(v, univ.Choice):
        if v.isValue:
            fill_defaults(v.getComponent())
    elif isinstance(v, (univ.Sequence, univ.Set)):
        for i, nt in enumerate(v.componentType.namedTypes):
            c = v.getComponentByPosition(i, default=None, instantiate=False)
            if c is None or not c.isValue:
                if nt.isDefaulted:
                    v.setComponentByPosition(i, nt.asn1Object)
            else:
                _PRESENT.add(id(c))
                fill_defaults(c)
    elif isinstance(v, (univ.SequenceOf, univ.SetOf)) and v.isValue:
        for x in v:
            fill_defaults(x)


def der_encode(value):
    """pyasn1's DER, with the SET order fixed as above, and keeping present
    but empty OPTIONAL components: pyasn1's CER/DER leaves them out
    (omitEmptyOptionals), which X.690 does not allow and which changes the
    meaning where X.413 gives an empty SET its own meaning (an empty
    EntryInformationSelection asks for no attributes, an absent one for
    the registered defaults)."""
    _PRESENT.clear()
    fill_defaults(value)
    try:
        return _der_encoder(value, omitEmptyOptionals=False)
    finally:
        _PRESENT.clear()


OID = univ.ObjectIdentifier
INT = univ.Integer
BOOL = univ.Boolean
ANY = univ.Any


# -- X.411 (IMPLICIT TAGS), the subset used by the values above ---------------

def p_country():
    return X(CHOICE(F("x121_dcc_code", char.NumericString()),
                    F("iso_3166_alpha2_code", char.PrintableString())), 1, APP)


def p_admd():
    return X(CHOICE(F("numeric", char.NumericString()), F("printable", char.PrintableString())),
             2, APP)


def p_orname(implicit_tag=None):
    bisa = SEQ(
        O("country_name", p_country()),
        O("administration_domain_name", p_admd()),
        O("network_address", IMP(char.NumericString(), 0)),
        O("terminal_identifier", IMP(char.PrintableString(), 1)),
        O("private_domain_name", X(CHOICE(F("numeric", char.NumericString()),
                                          F("printable", char.PrintableString())), 2)),
        O("organization_name", IMP(char.PrintableString(), 3)),
        O("numeric_user_identifier", IMP(char.NumericString(), 4)),
        O("personal_name", IMP(SET(
            F("surname", IMP(char.PrintableString(), 0)),
            O("given_name", IMP(char.PrintableString(), 1)),
            O("initials", IMP(char.PrintableString(), 2)),
            O("generation_qualifier", IMP(char.PrintableString(), 3))), 5)),
        O("organizational_unit_names", IMP(SEQOF(char.PrintableString()), 6)))
    return IMP(SEQ(F("built_in_standard_attributes", bisa)), 0, APP)


def p_credentials():
    return CHOICE(F("simple", CHOICE(F("ia5_string", char.IA5String()),
                                     F("octet_string", univ.OctetString()))))


def p_security_label():
    return SET(O("security_policy_identifier", OID()),
               O("security_classification", INT()),
               O("privacy_mark", char.PrintableString()))


def p_mts_identifier():
    gdi = IMP(SEQ(F("country_name", p_country()), F("administration_domain_name", p_admd()),
                  O("private_domain_identifier", CHOICE(
                      F("numeric", char.NumericString()),
                      F("printable", char.PrintableString())))), 3, APP)
    return IMP(SEQ(F("global_domain_identifier", gdi), F("local_identifier", char.IA5String())),
               4, APP)


def p_content_type():
    return CHOICE(F("built_in", IMP(INT(), 6, APP)), F("extended", OID()))


PRIORITY = IMP(enum(("normal", 0), ("non-urgent", 1), ("urgent", 2)), 7, APP)
PMI = IMP(bits(("disclosure-of-other-recipients", 0), ("implicit-conversion-prohibited", 1),
               ("alternate-recipient-allowed", 2), ("content-return-request", 3)), 8, APP)
ORR = bits(("report", 3), ("non-delivery-report", 4))


def p_ext_field():
    return SEQ(F("type", CHOICE(F("standard_extension", IMP(INT(), 0)),
                                F("private_extension", IMP(OID(), 3)))),
               D("criticality", IMP(bits(("for-submission", 0), ("for-transfer", 1),
                                         ("for-delivery", 2)), 1), ""),
               D("value", XANY(2), H("0500")))


def p_extension_fields(n):
    return D("extensions", IMP(SETOF(p_ext_field()), n), [])


def p_envelope_fields():
    return [F("originator_name", p_orname()),
            F("content_type", p_content_type()),
            O("content_identifier", IMP(char.PrintableString(), 10, APP)),
            D("priority", PRIORITY, "normal"),
            D("per_message_indicators", PMI, ""),
            O("deferred_delivery_time", IMP(useful.UTCTime(), 0)),
            p_extension_fields(2),
            F("per_recipient_fields", IMP(SEQOF(SET(
                F("recipient_name", p_orname()),
                F("originator_report_request", IMP(ORR, 0)),
                O("explicit_conversion", IMP(INT(), 1)),
                p_extension_fields(2))), 1))]


def p_probe_fields():
    return [F("originator_name", p_orname()),
            F("content_type", p_content_type()),
            O("content_identifier", IMP(char.PrintableString(), 10, APP)),
            O("content_length", IMP(INT(), 0)),
            D("per_message_indicators", PMI, ""),
            p_extension_fields(2),
            F("per_recipient_fields", IMP(SEQOF(SET(
                F("recipient_name", p_orname()),
                F("originator_report_request", IMP(ORR, 0)),
                O("explicit_conversion", IMP(INT(), 1)),
                p_extension_fields(2))), 3))]


def p_result_fields(prefix):
    return [F(prefix + "_submission_identifier", p_mts_identifier()),
            F(prefix + "_submission_time", IMP(useful.UTCTime(), 0)),
            O("content_identifier", IMP(char.PrintableString(), 10, APP)),
            p_extension_fields(1)]


# -- X.413 (EXPLICIT TAGS) ---------------------------------------------------------

ENTRY_CLASS = INT()
SEQNO = INT()


def p_extensions():
    item = IMP(SEQ(F("type_id", OID()), F("value", XANY(0))), 8, tag.tagClassUniversal)
    return SEQOF(item)


def p_ext_item():
    return p_extensions().componentType


def p_ava():
    return SEQ(F("attribute_type", OID()), F("attribute_value", ANY()))


def p_filter_item():
    return CHOICE(
        F("equality", X(p_ava(), 0)),
        F("substrings", X(SEQ(F("type", OID()), F("strings", SEQOF(CHOICE(
            F("initial", XANY(0)), F("any", XANY(1)), F("final", XANY(2)))))), 1)),
        F("greater_or_equal", X(p_ava(), 2)),
        F("less_or_equal", X(p_ava(), 3)),
        F("present", X(OID(), 4)),
        F("approximate_match", X(p_ava(), 5)),
        F("other_match", X(SEQ(F("matching_rule", X(OID(), 0)),
                               F("attribute_type", X(OID(), 1)),
                               F("match_value", XANY(2))), 6)))


def p_filter(depth=4):
    """Filter is recursive; pyasn1 specs are values, so unroll a few levels."""
    alts = [F("item", X(p_filter_item(), 0))]
    if depth:
        alts += [F("and", X(SETOF(p_filter(depth - 1)), 1)),
                 F("or", X(SETOF(p_filter(depth - 1)), 2)),
                 F("not", X(p_filter(depth - 1), 3))]
    return CHOICE(*alts)


def p_selector():
    return SET(
        D("child_entries", X(BOOL(), 0), False),
        O("range", X(CHOICE(
            F("sequence_number_range", X(SEQ(O("from", X(SEQNO, 0)), O("to", X(SEQNO, 1))), 0)),
            F("creation_time_range", X(SEQ(O("from", X(useful.UTCTime(), 0)),
                                           O("to", X(useful.UTCTime(), 1))), 1))), 1)),
        O("filter", X(p_filter(), 2)),
        O("limit", X(INT(), 3)),
        O("override", X(bits(("override-content-types-restriction", 0),
                             ("override-EITs-restriction", 1),
                             ("override-attribute-length-restriction", 2)), 4)))


def p_eis():
    return SETOF(SET(F("type", OID()), O("from", X(INT(), 0)), O("count", X(INT(), 1))))


def p_attribute():
    return SEQ(F("attribute_type", OID()), F("attribute_values", SEQOF(ANY())))


def p_entry_information():
    return SEQ(F("sequence_number", SEQNO), O("attributes", SETOF(p_attribute())),
               O("value_count_exceeded", X(SETOF(SEQ(F("type", X(OID(), 0)),
                                                     F("total", X(INT(), 1)))), 0)))


def p_aaei():
    return CHOICE(F("indication_only", X(univ.Null(), 0)),
                  F("auto_action_log_entry", X(SEQNO, 1)))


def p_submission_options():
    return SET(O("object_entry_class", X(ENTRY_CLASS, 0)),
               D("disable_auto_modify", X(BOOL(), 1), False),
               O("add_message_group_names", X(SETOF(SEQOF(char.GeneralString())), 2)),
               O("ms_submission_extensions", X(p_extensions(), 3)))


def p_common_results():
    return SET(O("created_entry", X(SEQNO, 0)),
               O("auto_action_error_indication", X(p_aaei(), 1)),
               O("ms_submission_result_extensions", X(p_extensions(), 2)))


def p_registration_types():
    return SET(
        O("registrations", X(bits(("auto-action-registrations", 0),
                                  ("list-attribute-defaults", 1), ("fetch-attribute-defaults", 2),
                                  ("ua-registrations", 3), ("submission-defaults", 4),
                                  ("message-group-registrations", 5)), 0)),
        O("extended_registrations", X(SETOF(OID()), 1)),
        O("restrict_message_groups", X(SET(
            O("parent_group", X(SEQOF(char.GeneralString()), 0)),
            D("immediate_descendants_only", X(BOOL(), 1), True),
            D("omit_descriptors", X(BOOL(), 2), True)), 2)))


def p_aar():
    return SEQ(F("auto_action_type", OID()), D("registration_identifier", X(INT(), 0), 1),
               O("registration_parameter", XANY(1)))


def p_mgnd():
    return SET(F("message_group_name", X(SEQOF(char.GeneralString()), 0)),
               O("message_group_descriptor", X(char.GeneralString(), 1)))


def p_ua_registration():
    return SET(F("ua_registration_identifier", X(char.PrintableString(), 0)),
               O("ua_list_attribute_defaults", X(SETOF(OID()), 1)),
               O("ua_fetch_attribute_defaults", X(SETOF(OID()), 2)),
               O("ua_submission_defaults", X(p_submission_options(), 3)),
               O("content_specific_defaults", X(p_extensions(), 4)))


def p_ordered_attribute():
    return SEQ(F("attribute_type", OID()), F("attribute_values", SEQOF(SEQ(
        O("value", XANY(0)), O("position", X(INT(), 1))))))


def p_bind_problem():
    return enum(("authentication-error", 0), ("unacceptable-security-context", 1),
                ("unable-to-establish-association", 2), ("bind-extension-problem", 3),
                ("inadequate-association-confidentiality", 4))


PYASN1 = {
    "MSBindArgument": lambda: SET(
        F("initiator_name", p_orname()),
        F("initiator_credentials", X(p_credentials(), 2)),
        O("security_context", IMP(SETOF(p_security_label()), 3)),
        O("fetch_restrictions", X(SET(O("allowed_content_types", X(SETOF(OID()), 0)),
                                      O("allowed_eits", X(SETOF(OID()), 1)),
                                      O("maximum_attribute_length", X(INT(), 2))), 4)),
        D("ms_configuration_request", X(BOOL(), 5), False),
        O("ua_registration_identifier", X(char.PrintableString(), 6)),
        O("bind_extensions", X(p_extensions(), 7))),
    "MSBindResult": lambda: SET(
        F("responder_credentials", X(p_credentials(), 2)),
        O("available_auto_actions", X(SETOF(OID()), 3)),
        O("available_attribute_types", X(SETOF(OID()), 4)),
        D("alert_indication", X(BOOL(), 5), False),
        O("content_types_supported", X(SETOF(OID()), 6)),
        O("entry_classes_supported", X(SETOF(ENTRY_CLASS), 7)),
        O("matching_rules_supported", X(SETOF(OID()), 8)),
        O("bind_result_extensions", X(p_extensions(), 9)),
        O("message_group_depth", X(INT(), 10)),
        O("auto_action_error_indication", X(p_aaei(), 11)),
        O("unsupported_extensions", X(SETOF(OID()), 12)),
        D("ua_registration_id_unknown", X(BOOL(), 13), False),
        O("service_information", X(char.GeneralString(), 14))),
    "MSBindErrorParameter": lambda: CHOICE(
        F("unqualified_error", p_bind_problem()),
        F("qualified_error", SET(F("bind_problem", X(p_bind_problem(), 0)),
                                 O("supplementary_information", X(char.GeneralString(), 1)),
                                 O("bind_extension_errors", X(SETOF(OID()), 2))))),
    "SummarizeArgument": lambda: SET(
        D("entry_class", X(ENTRY_CLASS, 0), 0),
        F("selector", X(p_selector(), 1)),
        O("summary_requests", X(SEQOF(OID()), 2)),
        O("summarize_extensions", X(p_extensions(), 3))),
    "SummarizeResult": lambda: SET(
        O("next", X(SEQNO, 0)),
        F("count", X(INT(), 1)),
        O("span", X(SEQ(F("lowest", X(SEQNO, 0)), F("highest", X(SEQNO, 1))), 2)),
        O("summaries", X(SEQOF(SET(
            O("absent", X(INT(), 0)),
            O("present", X(SETOF(SEQ(F("type", OID()), F("value", ANY()),
                                     F("count", INT()))), 1)))), 3)),
        O("summarize_result_extensions", X(p_extensions(), 4))),
    "ListArgument": lambda: SET(
        D("entry_class", X(ENTRY_CLASS, 0), 0),
        F("selector", X(p_selector(), 1)),
        O("requested_attributes", X(p_eis(), 3)),
        O("list_extensions", X(p_extensions(), 4))),
    "ListResult": lambda: SET(
        O("next", X(SEQNO, 0)),
        O("requested", X(SEQOF(p_entry_information()), 1)),
        O("list_result_extensions", X(p_extensions(), 2))),
    "FetchArgument": lambda: SET(
        D("entry_class", X(ENTRY_CLASS, 0), 0),
        F("item", CHOICE(F("search", X(p_selector(), 1)), F("precise", X(SEQNO, 2)))),
        O("requested_attributes", X(p_eis(), 3)),
        O("fetch_extensions", X(p_extensions(), 4))),
    "FetchResult": lambda: SET(
        O("entry_information", X(p_entry_information(), 0)),
        O("list", X(SEQOF(SEQNO), 1)),
        O("next", X(SEQNO, 2)),
        O("fetch_result_extensions", X(p_extensions(), 3))),
    "DeleteArgument": lambda: SET(
        D("entry_class", X(ENTRY_CLASS, 0), 0),
        F("items", CHOICE(F("selector", X(p_selector(), 1)),
                          F("sequence_numbers", X(SETOF(SEQNO), 2)))),
        O("delete_extensions", X(p_extensions(), 3))),
    "DeleteResult": lambda: CHOICE(
        F("delete_result_88", univ.Null()),
        F("delete_result_94", SET(O("entries_deleted", X(SEQOF(SEQNO), 0)),
                                  O("delete_result_extensions", X(p_extensions(), 1))))),
    "Register-MSArgument": lambda: SET(
        O("auto_action_registrations", X(SETOF(p_aar()), 0)),
        O("auto_action_deregistrations", X(SETOF(SEQ(
            F("auto_action_type", OID()), D("registration_identifier", X(INT(), 0), 1))), 1)),
        O("list_attribute_defaults", X(SETOF(OID()), 2)),
        O("fetch_attribute_defaults", X(SETOF(OID()), 3)),
        O("change_credentials", X(SEQ(F("old_credentials", X(p_credentials(), 0)),
                                      F("new_credentials", X(p_credentials(), 1))), 4)),
        O("user_security_labels", X(SETOF(p_security_label()), 5)),
        O("ua_registrations", X(SETOF(p_ua_registration()), 6)),
        O("submission_defaults", X(p_submission_options(), 7)),
        O("message_group_registrations", X(SEQOF(CHOICE(
            F("register_group", X(p_mgnd(), 0)),
            F("deregister_group", X(SEQOF(char.GeneralString()), 1)),
            F("change_descriptors", X(p_mgnd(), 2)))), 8)),
        O("registration_status_request", X(p_registration_types(), 9)),
        O("register_ms_extensions", X(p_extensions(), 10))),
    "Register-MSResult": lambda: CHOICE(
        F("no_status_information", univ.Null()),
        F("registered_information", SET(
            O("auto_action_registrations", X(SETOF(p_aar()), 0)),
            O("list_attribute_defaults", X(SETOF(OID()), 1)),
            O("fetch_attribute_defaults", X(SETOF(OID()), 2)),
            O("ua_registrations", X(SETOF(p_ua_registration()), 3)),
            O("submission_defaults", X(p_submission_options(), 4)),
            O("message_group_registrations", X(SETOF(p_mgnd()), 5)),
            O("register_ms_result_extensions", X(p_extensions(), 6))))),
    "AlertArgument": lambda: SET(
        F("alert_registration_identifier", X(INT(), 0)),
        O("new_entry", X(p_entry_information(), 2))),
    "AlertResult": lambda: univ.Null(),
    "ModifyArgument": lambda: SET(
        D("entry_class", X(ENTRY_CLASS, 0), 0),
        F("entries", CHOICE(F("selector", X(p_selector(), 1)),
                            F("specific_entries", X(SEQOF(SEQNO), 2)))),
        F("modifications", X(SEQOF(SET(
            D("strict", X(BOOL(), 0), False),
            F("modification", CHOICE(F("add_attribute", X(p_attribute(), 1)),
                                     F("remove_attribute", X(OID(), 2)),
                                     F("add_values", X(p_ordered_attribute(), 3)),
                                     F("remove_values", X(p_ordered_attribute(), 4)))))), 3)),
        O("modify_extensions", X(p_extensions(), 4))),
    "ModifyResult": lambda: SET(
        O("entries_modified", X(SEQOF(SEQNO), 0)),
        O("modify_result_extensions", X(p_extensions(), 1))),
    "MSMessageSubmissionArgument": lambda: SEQ(
        F("envelope", SET(*p_envelope_fields())),
        F("content", univ.OctetString()),
        O("submission_options", X(p_submission_options(), 4))),
    "MSMessageSubmissionResult": lambda: CHOICE(
        F("mts_result", SET(*p_result_fields("message"),
                            O("ms_message_result", X(p_common_results(), 4)))),
        F("store_draft_result", X(p_common_results(), 4))),
    "MSProbeSubmissionArgument": lambda: SET(
        *p_probe_fields(), O("submission_options", X(p_submission_options(), 4))),
    "MSProbeSubmissionResult": lambda: SET(
        *p_result_fields("probe"), O("ms_probe_result", X(p_common_results(), 4))),
    "AttributeErrorParameter": lambda: SET(F("problems", X(SETOF(SET(
        F("problem", X(INT(), 0)), F("type", X(OID(), 1)), O("value", XANY(2)))), 0))),
    "AutoActionRequestErrorParameter": lambda: SET(F("problems", X(SETOF(SET(
        F("problem", X(INT(), 0)), F("type", X(OID(), 1)))), 0))),
    "DeleteErrorParameter": lambda: SET(
        F("problems", X(SETOF(SET(F("problem", X(INT(), 0)),
                                  F("sequence_number", X(SEQNO, 1)))), 0)),
        O("entries_deleted", X(SETOF(SEQNO), 1))),
    "FetchRestrictionErrorParameter": lambda: SET(F("problems", X(SETOF(SET(
        F("problem", X(INT(), 3)),
        F("restriction", CHOICE(F("content_type", X(OID(), 0)),
                                F("eit", X(SETOF(OID()), 1)),
                                F("attribute_length", X(INT(), 2)))))), 0))),
    NULL: lambda: univ.Null(),
    "RangeErrorParameter": lambda: SET(F("problem", X(INT(), 0))),
    "SequenceNumberErrorParameter": lambda: SET(F("problems", X(SETOF(SET(
        F("problem", X(INT(), 0)), F("sequence_number", X(SEQNO, 1)))), 1))),
    "ServiceErrorParameter": lambda: SET(F("problem", X(INT(), 0)),
                                         O("supplementary_information",
                                           X(char.GeneralString(), 1))),
    "MessageGroupErrorParameter": lambda: SET(F("problem", X(INT(), 0)),
                                              F("name", X(SEQOF(char.GeneralString()), 1))),
    "MSExtensionErrorParameter": lambda: CHOICE(F("ms_extension_problem", X(p_ext_item(), 0)),
                                                F("unknown_ms_extension", X(OID(), 1))),
    "RegisterMSErrorParameter": lambda: SET(
        F("problem", X(enum(("registration-not-supported", 0),
                            ("registration-improperly-specified", 1),
                            ("registration-limit-exceeded", 2)), 0)),
        F("registration_type", X(p_registration_types(), 1))),
    "ModifyErrorParameter": lambda: SET(
        O("entries_modified", X(SEQOF(SEQNO), 0)), F("failing_entry", X(SEQNO, 1)),
        F("modification_number", X(INT(), 2)), F("problem", X(INT(), 3))),
    "EntryClassErrorParameter": lambda: SET(
        F("entry_class", X(ENTRY_CLASS, 0)),
        F("problem", X(bits(("unsupported-entry-class", 0), ("entry-class-not-subscribed", 1),
                            ("inappropriate-entry-class", 2)), 1))),
    "MTSAbstractService.SecurityProblem": lambda: INT(),
    "MTSAbstractService.ImproperlySpecifiedRecipients": lambda: SEQOF(p_orname()),
}


def to_model(v):
    """A decoded pyasn1 value in x400fast's value model."""
    if isinstance(v, univ.Choice):
        return (v.getName(), to_model(v.getComponent()))
    if isinstance(v, (univ.Sequence, univ.Set)):
        out = {}
        for i, nt in enumerate(v.componentType.namedTypes):
            c = v.getComponentByPosition(i, default=None, instantiate=False)
            if (c is None or not c.isValue) and nt.isDefaulted:
                c = nt.asn1Object
            if c is not None and c.isValue:
                out[nt.name] = to_model(c)
        return out
    if isinstance(v, (univ.SequenceOf, univ.SetOf)):
        return [to_model(x) for x in v]
    if isinstance(v, univ.Boolean):
        return bool(v)
    if isinstance(v, univ.Enumerated):
        return v.namedValues.getName(int(v)) or int(v)
    if isinstance(v, univ.Integer):
        return int(v)
    if isinstance(v, univ.Null):
        return None
    if isinstance(v, univ.ObjectIdentifier):
        return str(v)
    if isinstance(v, univ.BitString):
        if v.namedValues:
            return frozenset(v.namedValues.getName(i) or i for i, b in enumerate(v) if b)
        return (v.asOctets(), len(v))
    if isinstance(v, univ.Any):
        return bytes(v)
    if isinstance(v, (useful.UTCTime, useful.GeneralizedTime)):
        return v.asDateTime
    if isinstance(v, char.AbstractCharacterString):
        return str(v)
    if isinstance(v, univ.OctetString):
        return bytes(v)
    raise TypeError(type(v))


def der_order(node, value):
    """``value`` with the elements of every SET OF in DER order (sorted by
    their encodings).  Our encoders keep SET OF elements in the order given
    (BER); pyasn1's DER sorts them."""
    k = node.kind
    if k == core.K_EXPLICIT:
        return der_order(node.inner, value)
    if k in (core.K_SEQUENCE, core.K_SET) and isinstance(value, dict):
        return {key: der_order(node.fields[node.by_key[key]].node, x) if key in node.by_key
                else x for key, x in value.items()}
    if k == core.K_CHOICE and node.by_key.get(value[0]) is not None:
        return (value[0], der_order(node.fields[node.by_key[value[0]]].node, value[1]))
    if k == core.K_SEQOF:
        return [der_order(node.inner, x) for x in value]
    if k == core.K_SETOF:
        items = [der_order(node.inner, x) for x in value]
        return sorted(items, key=lambda x: _ber_pure.encode(node.inner, x))
    return value


@pytest.mark.parametrize("case", CASES, ids=CASE_IDS)
def test_pyasn1_agrees(case):
    """Our bytes decode in pyasn1 to the value we decode, and pyasn1's DER
    of that value is byte-identical to ours (SET OF elements given in DER
    order)."""
    _, name, value = case
    t = T(name)
    value = der_order(t.node(), value)
    data = ber.encode(t, value)
    spec = PYASN1[name]()
    decoded, rest = pyasn1_decoder.decode(data, asn1Spec=spec)
    assert rest == b""
    assert to_model(decoded) == ber.decode(t, data)
    assert hx(der_encode(decoded)) == hx(data)


def test_every_pdu_type_is_covered():
    """Every argument, result and error parameter of the MS operations (and
    the bind) has a case above."""
    have = {id(T(n)) for _, n, _ in CASES}
    wanted = {x413.MS_BIND.argument, x413.MS_BIND.result, x413.MS_BIND.error}
    for syntax in (x413.id_as_ms_msse, x413.id_as_mrse_94):
        for op in x413.OPERATIONS[syntax].values():
            if op.code in (x413.op_ms_submission_control, x413.op_ms_cancel_deferred_delivery):
                continue            # the MTS operations, tested with x411
            wanted |= {op.argument, op.result}
        wanted |= {e.parameter for e in x413.ERRORS[syntax].values() if e.parameter is not None}
    missing = [t for t in wanted if id(t) not in have]
    assert not missing, missing


# ---------------------------------------------------------------------------
# DER and SET ordering with an untagged CHOICE (engine behaviour)

# DER (X.690 10.3) orders an untagged CHOICE component by the alternative
# chosen: a built-in content type (46) follows originator-name (60) and
# original-EITs (65).
def test_der_orders_set_by_chosen_alternative():
    value = dict(PROBE_ENVELOPE, content_type=("built_in", 22))
    t = T("MSProbeSubmissionArgument")
    data = ber.encode(t, value)
    decoded, _ = pyasn1_decoder.decode(data, asn1Spec=PYASN1["MSProbeSubmissionArgument"]())
    assert hx(der_encode(decoded)) == hx(data)


def test_set_with_built_in_content_type_still_decodes(engine):
    """Whatever the order, pyasn1's DER order decodes on both engines."""
    value = dict(PROBE_ENVELOPE, content_type=("built_in", 22))
    t = T("MSProbeSubmissionArgument")
    decoded, _ = pyasn1_decoder.decode(ber.encode(t, value),
                                       asn1Spec=PYASN1["MSProbeSubmissionArgument"]())
    der = der_encode(decoded)
    back = engine.decode(t.node(), der, DEFAULT_LIMITS)
    assert covers(back, value)


# ---------------------------------------------------------------------------
# (3) Byte vectors for the traps

def enc(engine, name, value):
    return engine.encode(T(name).node(), value)


def dec(engine, name, data):
    return engine.decode(T(name).node(), data, DEFAULT_LIMITS)


# Hand-checked encodings (lengths and tags worked out by hand; several are
# the worked examples of ms.md / p3-p7-binding.md).  Every vector that is a
# whole P7 PDU was put on a P7 association and dissected cleanly by tshark
# 4.0.17 (test_tshark_dissects_the_byte_vectors / _bind_vectors), except the
# MSProbeSubmissionArgument one, whose implicit X.411 tags Wireshark's own
# copy of the module gets wrong (see TSHARK_LIMITS).
VECTORS = [
    # Explicit CHOICE alternative: fetch of sequence number 5 is A2 03 02 01 05,
    # never 82 01 05.
    ("FetchArgument", {"item": ("precise", 5)}, "31 05 A2 03 02 01 05"),
    # Worked example 2 of ms.md: fetch entry 7 with its content.
    ("FetchArgument", {"item": ("precise", 7),
                       "requested_attributes": [{"type": x413.id_att_content}]},
     "31 11 A2 03 02 01 07 A3 0A 31 08 31 06 06 04 56 04 03 01"),
    # Worked example 3: delete entries 7 and 9.
    ("DeleteArgument", {"items": ("sequence_numbers", [7, 9])},
     "31 0A A2 08 31 06 02 01 07 02 01 09"),
    # Summarize over everything (the argument tshark showed as summarize_argument),
    # and its result with count 0: A1 03 02 01 00, an implicit encoder would send 81 01 00.
    ("SummarizeArgument", {"selector": {}}, "31 04 A1 02 31 00"),
    ("SummarizeResult", {"count": 0}, "31 05 A1 03 02 01 00"),
    # entry-class stored-message: A0 03 02 01 03, not 80 01 03.
    ("ListArgument", {"entry_class": 3, "selector": {}},
     "31 09 A0 03 02 01 03 A1 02 31 00"),
    # Filter "entry-type = delivered-report": Filter.item [0] around FilterItem.equality [0]
    # around the AttributeValueAssertion SEQUENCE.
    ("Filter", ("item", ("equality", {"attribute_type": x413.id_att_entry_type,
                                      "attribute_value": H("020101")})),
     "A0 0D A0 0B 30 09 06 04 56 04 03 10 02 01 01"),
    # Nested filters: NOT (AND (present(message-notes), OR (priority >= urgent))).
    ("Filter", ("not", ("and", [
        ("item", ("present", x413.id_att_message_notes)),
        ("or", [("item", ("greater_or_equal", {"attribute_type": x413.id_att_priority,
                                               "attribute_value": V_URGENT}))])])),
     "A3 21 A1 1F 31 1D A0 08 A4 06 06 04 56 04 03 3A"
     " A2 11 31 0F A0 0D A2 0B 30 09 06 04 56 04 03 1F 47 01 02"),
    # Substrings: each alternative explicit around the attribute's own encoding.
    ("FilterItem", ("substrings", {"type": x413.id_hat_subject,
                                   "strings": [("initial", H("1403") + b"Qua"),
                                               ("final", H("1401") + b"n")]}),
     "A1 16 30 14 06 04 56 01 07 04 30 0C A0 05 14 03 51 75 61 A2 03 14 01 6E"),
    # Worked example 1: list new delivered entries, asking for entry-type,
    # priority and originator-name (SET OF kept in the order given).
    ("ListArgument", {"selector": SELECTOR_NEW, "requested_attributes": [
        {"type": x413.id_att_entry_type}, {"type": x413.id_att_priority},
        {"type": x413.id_att_originator_name}]},
     "31 31 A1 13 31 11 A2 0F A0 0D A0 0B 30 09 06 04 56 04 03 0F 02 01 00"
     " A3 1A 31 18 31 06 06 04 56 04 03 10 31 06 06 04 56 04 03 1F"
     " 31 06 06 04 56 04 03 1B"),
    # MS bind error: ENUMERATED (0A), authentication-error = 0 (MTS: INTEGER 2).
    ("MSBindErrorParameter", ("unqualified_error", "authentication-error"), "0A 01 00"),
    ("MSBindErrorParameter", ("unqualified_error", "unable-to-establish-association"),
     "0A 01 02"),
    ("MSBindErrorParameter", ("qualified_error", {"bind_problem": "authentication-error"}),
     "31 05 A0 03 0A 01 00"),
    # Bind: ORName keeps X.411's implicit tags (60, 61/62 explicit CHOICEs, A2 PRMD,
    # 83 O, A6 OU) inside P7's explicit [2] credentials and [5] configuration request.
    ("MSBindArgument", {
        "initiator_name": {"built_in_standard_attributes": {
            "country_name": ("iso_3166_alpha2_code", "GB"),
            "administration_domain_name": ("printable", "TestAD"),
            "private_domain_name": ("printable", "TestPRMD"),
            "organization_name": "Org", "organizational_unit_names": ["Sales"]}},
        "initiator_credentials": SIMPLE, "ms_configuration_request": True},
     "31 3D 60 2C 30 2A 61 04 13 02 47 42 62 08 13 06 54 65 73 74 41 44"
     " A2 0A 13 08 54 65 73 74 50 52 4D 44 83 03 4F 72 67 A6 07 13 05 53 61 6C 65 73"
     " A2 08 16 06 73 65 63 72 65 74 A5 03 01 01 FF"),
    # security-context is [3] IMPLICIT: A3 replaces the SET OF's 31 (the 31
    # inside is the SecurityLabel SET).
    ("MSBindArgument", {"initiator_name": {"built_in_standard_attributes": {}},
                        "initiator_credentials": ("simple", ("ia5_string", "")),
                        "security_context": [{"security_classification": 1}]},
     "31 0F 60 02 30 00 A2 02 16 00 A3 05 31 03 02 01 01"),
    # MS submission result: the MTS components keep 64 / 80 (implicit [0] UTCTime),
    # the MS addition [4] is explicit.
    ("MSMessageSubmissionResult", ("mts_result", {
        "message_submission_identifier": {"global_domain_identifier": {
            "country_name": ("iso_3166_alpha2_code", "GB"),
            "administration_domain_name": ("printable", "A")}, "local_identifier": "1"},
        "message_submission_time": T1,
        "ms_message_result": {"created_entry": 77}}),
     "31 2A 64 10 63 0B 61 04 13 02 47 42 62 03 13 01 41 16 01 31"
     " 80 0D 32 34 30 35 30 36 30 37 30 38 30 39 5A A4 07 31 05 A0 03 02 01 4D"),
    # The store-draft alternative is an explicit [4]: A4 { 31 {...} }.
    ("MSMessageSubmissionResult", ("store_draft_result", {"created_entry": 78}),
     "A4 07 31 05 A0 03 02 01 4E"),
    # Probe: COMPONENTS OF keeps content-length [0] implicit (80) and the per-recipient
    # fields [3] implicit (A3); submission-options [4] is explicit (A4 { 31 ... }).
    ("MSProbeSubmissionArgument", {
        "originator_name": {"built_in_standard_attributes": {}},
        "content_type": ("extended", "2.6.1.10.1"), "content_length": 2048,
        "per_recipient_fields": [{"recipient_name": {"built_in_standard_attributes": {}},
                                  "originator_report_request": frozenset()}],
        "submission_options": {"object_entry_class": 1}},
     "31 22 06 04 56 01 0A 01 60 02 30 00 80 02 08 00"
     " A3 09 31 07 60 02 30 00 80 01 00 A4 07 31 05 A0 03 02 01 01"),
    # MSExtensionItem is INSTANCE OF: [UNIVERSAL 8] IMPLICIT, value [0] explicit.
    ("MSExtensions", [EXTENSION_MODIFY], "30 0C 28 0A 06 04 56 04 09 00 A0 02 05 00"),
    # AutoActionErrorIndication alternatives are explicit: A0 { 05 00 }.
    ("AutoActionErrorIndication", ("indication_only", None), "A0 02 05 00"),
    # Range of creation times: explicit [1] around TimeRange, explicit [0] around UTCTime.
    ("Range", ("creation_time_range", {"from": T1}),
     "A1 13 30 11 A0 0F 17 0D 32 34 30 35 30 36 30 37 30 38 30 39 5A"),
    ("AlertResult", None, "05 00"),
    ("DeleteResult", ("delete_result_88", None), "05 00"),
    ("Register-MSResult", ("no_status_information", None), "05 00"),
    ("SequenceNumberErrorParameter",
     {"problems": [{"problem": 0, "sequence_number": 5}]},
     "31 10 A1 0E 31 0C 31 0A A0 03 02 01 00 A1 03 02 01 05"),
    ("FetchRestrictionErrorParameter",
     {"problems": [{"problem": 1, "restriction": ("content_type", "2.6.1.10.0")}]},
     "31 13 A0 11 31 0F 31 0D A0 06 06 04 56 01 0A 00 A3 03 02 01 01"),

    # The bind as ROS carries it in ACSE user-information: [18] explicit
    # around the ENUMERATED (the MTS bind error would be B2 03 02 01 02).
    ("MSAccessProtocol.MSBindUnbindPDUs",
     ("bind_error", ("unqualified_error", "authentication-error")), "B2 03 0A 01 00"),
    ("MSAccessProtocol.MSBindUnbindPDUs",
     ("bind_result", {"responder_credentials": SIMPLE}),
     "B1 0C 31 0A A2 08 16 06 73 65 63 72 65 74"),
]


@pytest.mark.parametrize("name, value, text", VECTORS,
                         ids=["%d-%s" % (i, v[0]) for i, v in enumerate(VECTORS)])
def test_vector(engine, name, value, text):
    data = H(text.replace(" ", ""))
    assert hx(enc(engine, name, value)) == hx(data)
    assert covers(dec(engine, name, data), value)


# ---------------------------------------------------------------------------
# Tables: attribute syntaxes, extensions, auto-actions, matching rules,
# operations and errors, application contexts


def test_attribute_constants():
    att = {n: v for n, v in vars(x413).items() if n.startswith("id_att_")}
    assert len(att) == 82                                   # 0..82 without 45
    assert sorted(int(v.rsplit(".", 1)[1]) for v in att.values()) == \
        [n for n in range(83) if n != 45]
    assert x413.id_att_retrieval_status == "2.6.4.3.15"
    assert x413.id_hat_subject == "2.6.1.7.4"
    assert x413.id_bat_ia5_text_body_parts == "2.6.1.8.1"
    ids = [v for n, v in vars(x413).items() if n.startswith(("id_att_", "id_sat_", "id_hat_",
                                                              "id_bat_", "id_nat_", "id_cat_"))]
    assert len(ids) == len(set(ids)) == len(x413.ATTRIBUTE_SYNTAXES)
    assert set(ids) == set(x413.ATTRIBUTE_SYNTAXES)
    assert x413.MULTI_VALUED < set(ids)
    assert x413.id_att_recipient_names in x413.MULTI_VALUED
    assert x413.id_att_priority not in x413.MULTI_VALUED


@pytest.mark.parametrize("table", ["ATTRIBUTE_SYNTAXES", "MS_EXTENSION_TYPES",
                                   "AUTO_ACTION_PARAMETERS", "AUTO_ACTION_ERRORS",
                                   "MATCHING_RULE_ASSERTIONS"])
def test_every_table_entry_resolves_and_compiles(table):
    t = getattr(x413, table)
    for oid in t:
        assert isinstance(t[oid], Type), (oid, t.type_name(oid))
        t[oid].node()


def test_decode_attribute_values_by_oid(engine):
    """What a client does with a fetched entry: look each attribute's value
    type up by OID and decode the raw values."""
    fetched = dec(engine, "FetchResult", enc(engine, "FetchResult", {"entry_information": {
        "sequence_number": 5, "attributes": [
            {"attribute_type": x413.id_att_priority, "attribute_values": [V_URGENT]},
            {"attribute_type": x413.id_hat_subject, "attribute_values": [V_SUBJECT]},
            {"attribute_type": x413.id_att_creation_time, "attribute_values": [V_CREATION]},
            {"attribute_type": x413.id_att_entry_type, "attribute_values": [V_DELIVERED_REPORT]},
            {"attribute_type": x413.id_att_message_notes,
             "attribute_values": [V_NOTES, H("1b03") + b"two"]},
            {"attribute_type": x413.id_att_originator_name,
             "attribute_values": [T("MTSAbstractService.ORName").encode(OR_NAME_2)]},
            {"attribute_type": x413.id_att_ac_correlated_report_list,
             "attribute_values": [H("A0 02 05 00"), H("A1 09 30 07 30 05 A0 03 02 01 07")]},
            {"attribute_type": x413.id_sat_ipm_entry_type, "attribute_values": [H("0A 01 01")]},
            {"attribute_type": x413.id_cat_submitted_reply_status,
             "attribute_values": [H("02 01 03")]},
        ]}}))
    got = {}
    for attribute in fetched["entry_information"]["attributes"]:
        node = x413.ATTRIBUTE_SYNTAXES[attribute["attribute_type"]].node()
        got[attribute["attribute_type"]] = [engine.decode(node, raw, DEFAULT_LIMITS)
                                            for raw in attribute["attribute_values"]]
    assert got[x413.id_att_priority] == ["urgent"]
    assert got[x413.id_hat_subject] == ["Quarterly plan"]
    assert got[x413.id_att_creation_time] == [T1]
    assert got[x413.id_att_entry_type] == [1]                # delivered-report
    assert got[x413.id_att_message_notes] == ["call Alice!", "two"]
    assert covers(got[x413.id_att_originator_name][0], OR_NAME_2)
    assert got[x413.id_att_ac_correlated_report_list] == [
        ("no_correlated_reports", None),
        ("location", [{"report_entry": 7, "position": 1}])]
    assert got[x413.id_sat_ipm_entry_type] == ["rn"]
    assert got[x413.id_cat_submitted_reply_status] == [3]    # reply-sent


def test_submission_error_attribute(engine):
    """ms-submission-error: CHOICE tagged by error code, [31] and [34] in the
    long identifier form (BF 1F, BF 22)."""
    t = x413.ATTRIBUTE_SYNTAXES[x413.id_att_ms_submission_error]
    cases = [
        (("originator_invalid", None), "A2 02 05 00"),
        (("ms_extension_error", ("unknown_ms_extension", "1.2.3")),
         "BF 1F 06 A1 04 06 02 2A 03"),
        (("entry_class_error", {"entry_class": 2,
                                "problem": frozenset({"unsupported-entry-class"})}),
         "BF 22 0D 31 0B A0 03 02 01 02 A1 04 03 02 07 80"),
    ]
    for value, text in cases:
        data = H(text.replace(" ", ""))
        assert hx(engine.encode(t.node(), value)) == hx(data)
        assert engine.decode(t.node(), data, DEFAULT_LIMITS) == value


def test_extension_and_auto_action_tables(engine):
    ext = x413.MS_EXTENSION_TYPES[x413.id_ext_protected_change_credentials_capability]
    assert engine.decode(ext.node(), EXTENSION_ALGS["value"], DEFAULT_LIMITS) == [
        x413.id_alg_password_xor]
    assert engine.decode(x413.MS_EXTENSION_TYPES[x413.id_ext_modify_capability].node(),
                         H("0500"), DEFAULT_LIMITS) is None
    alert = x413.AUTO_ACTION_PARAMETERS[x413.id_act_auto_alert]
    value = {"filter": SELECTOR_NEW["filter"],
             "alert_destinations": [{"alert_address": {
                 "direct_reference": "1.2.826.0.1004.10.2",
                 "encoding": ("octet_aligned", b"ua-desk-1@host")},
                 "alert_qualifier": b"\x01"}],
             "requested_attributes": [{"type": x413.id_hat_subject}],
             "suppress_alert_destinations": False}
    data = engine.encode(alert.node(), value)
    assert engine.decode(alert.node(), data, DEFAULT_LIMITS) == value
    modify = x413.AUTO_ACTION_PARAMETERS[x413.id_act_auto_modify]
    value = {"entry_class": 0, "filter": SELECTOR_NEW["filter"], "modifications": [
        {"strict": False, "modification": ("add_values", {
            "attribute_type": x413.id_att_message_group_name,
            "attribute_values": [{"value": H("3005 1b03") + b"new"}]})}]}
    data = engine.encode(modify.node(), value)
    assert engine.decode(modify.node(), data, DEFAULT_LIMITS) == value
    errors = x413.AUTO_ACTION_ERRORS[x413.id_aae_auto_alert_error]
    value = [{"supplementary_information": "no route to UA"}]
    assert engine.decode(errors.node(), engine.encode(errors.node(), value),
                         DEFAULT_LIMITS) == value
    mr = x413.MATCHING_RULE_ASSERTIONS[x413.id_mr_ms_substrings_match]
    value = [("initial", ("printable", "Quar")), ("final", ("teletex", "plan"))]
    data = engine.encode(mr.node(), value)
    assert hx(data) == "30 10 A0 06 13 04 51 75 61 72 A2 06 14 04 70 6C 61 6E"
    assert engine.decode(mr.node(), data, DEFAULT_LIMITS) == value


def test_operation_and_error_tables():
    mrse88, mrse94 = x413.OPERATIONS[x413.id_as_mrse_88], x413.OPERATIONS[x413.id_as_mrse_94]
    assert sorted(mrse88) == [20, 21, 22, 23, 24, 25]
    assert sorted(mrse94) == [20, 21, 22, 23, 24, 25, 26]          # modify is 1994 only
    assert mrse88[22].argument is x413.ms["FetchArgument"]
    assert mrse88[22].result is x413.ms["FetchResult"]
    assert mrse94[26].argument is x413.ms["ModifyArgument"]
    # the MS security-error is 26 (X.419), the MTS one 12 (X.413 1999): both decode
    errors88 = x413.ERRORS[x413.id_as_mrse_88]
    assert errors88[26].name == errors88[12].name == "security-error"
    assert errors88[26].parameter is errors88[12].parameter is \
        x413.MTSAbstractService["SecurityProblem"]
    assert errors88[29].parameter is None                           # NULL
    assert 33 not in errors88 and 33 in x413.ERRORS[x413.id_as_mrse_94]
    for syntax, ops in x413.OPERATIONS.items():
        for op in ops.values():
            assert set(op.errors) <= set(x413.ERRORS[syntax]), (syntax, op.name)
    # ms-access-88 submits with the MTS operations; ms-access-94 with the MS forms
    from x400fast.asn1 import x411
    assert x413.OPERATIONS[x413.id_as_msse] is x411.OPERATIONS[x411.id_as_msse]
    msse94 = x413.OPERATIONS[x413.id_as_ms_msse]
    assert msse94[3].argument is x413.ms["MSMessageSubmissionArgument"]
    assert msse94[4].result is x413.ms["MSProbeSubmissionResult"]
    assert msse94[7].argument is x411.OPERATIONS[x411.id_as_msse][7].argument
    assert x413.MS_BIND.error is x413.ms["MSBindErrorParameter"]


def test_application_contexts():
    default = x413.APPLICATION_CONTEXTS[x413.DEFAULT_APPLICATION_CONTEXT]
    assert default.name == "ms-access-88" and default.oid == "2.6.0.1.4"
    assert (default.submission, default.retrieval, default.administration, default.bind) == (
        "2.6.0.2.1", "2.6.0.2.5", "2.6.0.2.6", "2.6.0.2.9")
    ms94 = x413.APPLICATION_CONTEXTS[x413.id_ac_ms_access_94]
    assert (ms94.submission, ms94.retrieval, ms94.administration, ms94.bind) == (
        "2.6.0.2.13", "2.6.0.2.15", "2.6.0.2.16", "2.6.0.2.17")
    for ac in x413.APPLICATION_CONTEXTS.values():
        assert ac.retrieval in x413.OPERATIONS and ac.submission in x413.OPERATIONS
        assert ac.bind == (x413.id_as_ms_rtse if ac.reliable else ac.bind)


def test_added_in_1994_names_real_components():
    for name, keys in x413.ADDED_IN_1994.items():
        node = T(name).node()
        while node.kind == core.K_EXPLICIT:
            node = node.inner
        assert keys <= set(node.by_key), (name, keys - set(node.by_key))


def test_all_is_complete():
    for name in x413.__all__:
        assert hasattr(x413, name), name
    for name in ("ms", "ATTRIBUTE_SYNTAXES", "OPERATIONS", "ERRORS", "ub_messages",
                 "id_att_content", "id_ac_ms_access_88", "op_fetch", "err_service_error"):
        assert name in x413.__all__


# ---------------------------------------------------------------------------
# Malformed input: precise errors, bounded work

def test_implicit_encoding_of_an_explicit_tag_is_refused(engine):
    # what an implicit-tagging peer would send for fetch of entry 5
    with pytest.raises(DecodeError):
        dec(engine, "FetchArgument", H("31 03 82 01 05".replace(" ", "")))
    with pytest.raises(DecodeError):                     # truncated
        dec(engine, "FetchArgument", H("3105A203020105")[:-1])
    with pytest.raises(DecodeError):                     # [3] in a SEQUENCE OF, not SET OF
        dec(engine, "SequenceNumberErrorParameter", H("3105A0033101 00".replace(" ", "")))


def test_deep_filter_hits_the_depth_limit(engine):
    data = H("A006A4040602 2A03".replace(" ", ""))       # item present 1.2.3
    for _ in range(200):                                 # not(not(...)) 200 deep
        data = bytes([0xA3]) + _len(len(data)) + data
    with pytest.raises(DecodeError):
        dec(engine, "Filter", data)
    shallow = H("A006A40406022A03")
    for _ in range(20):
        shallow = bytes([0xA3]) + _len(len(shallow)) + shallow
    value = dec(engine, "Filter", shallow)
    for _ in range(20):
        assert value[0] == "not"
        value = value[1]
    assert value == ("item", ("present", "1.2.3"))


def _len(n):
    if n < 0x80:
        return bytes([n])
    raw = n.to_bytes((n.bit_length() + 7) // 8, "big")
    return bytes([0x80 | len(raw)]) + raw


# ---------------------------------------------------------------------------
# (4) tshark: every PDU above, carried on a P7 association as a real peer
# would (COTP, session, presentation context list, AARQ/AARE with the bind,
# ROS in P-DATA), dissected by Wireshark's P7 dissector.  Run with tshark
# 4.0.17: every frame decodes as the P7 PDU it carries; the only reports are
# the Wireshark limitations listed in TSHARK_LIMITS.  Skipped without tshark.

def _load_tshark_check():
    path = os.path.join(os.path.dirname(__file__), os.pardir, "osi", "tshark_check.py")
    spec = importlib.util.spec_from_file_location("_x413_tshark_check", path)
    if spec is None or not os.path.exists(path):
        return None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def _tlv(tag_byte, *parts):
    content = b"".join(parts)
    n = len(content)
    if n < 0x80:
        length = bytes([n])
    else:
        raw = n.to_bytes((n.bit_length() + 7) // 8, "big")
        length = bytes([0x80 | len(raw)]) + raw
    return bytes([tag_byte]) + length + content


def _spdu(si, *params):
    content = b"".join(params)
    n = len(content)
    return bytes([si]) + (bytes([n]) if n < 255 else b"\xff" + n.to_bytes(2, "big")) + content


def _pi(code, data):
    n = len(data)
    return bytes([code]) + (bytes([n]) if n < 255 else b"\xff" + n.to_bytes(2, "big")) + data


def _oid(text):
    return ber.encode(core.ObjectIdentifier(), text)


_COTP_CR = H("0FE00000123400C1020001C203353933")
_COTP_CC = H("0FD01234567800C1020001C203353933")
_COTP_DT = H("02F080")
_SESSION_ITEMS = H("05061301001601021402 0002")        # version 2, duplex
_PCID = {x413.id_as_msse: 3, x413.id_as_mrse_88: 5, x413.id_as_mase_88: 7,
         x413.id_as_ms_88: 9}                           # ms-access-88, odd pcids


def _user_data(pcid, value):
    return _tlv(0x61, _tlv(0x30, _tlv(0x02, bytes([pcid])), _tlv(0xA0, value)))


def _bind_external(value):
    return _tlv(0xBE, _tlv(0x28, _tlv(0x02, bytes([_PCID[x413.id_as_ms_88]])),
                           _tlv(0xA0, value)))


def _aarq(bind_invoke):
    ac = _tlv(0xA1, _oid(x413.DEFAULT_APPLICATION_CONTEXT))
    aarq = _tlv(0x60, ac, _bind_external(bind_invoke))
    contexts = [(1, "2.2.1.0.1")] + [(p, o) for o, p in _PCID.items()]
    cdl = _tlv(0xA4, *[_tlv(0x30, _tlv(0x02, bytes([p])), _oid(o), _tlv(0x30, _oid("2.1.1")))
                       for p, o in contexts])
    cp = _tlv(0x31, H("A003800101"), _tlv(0xA2, cdl, _user_data(1, aarq)))
    return _COTP_DT + _spdu(0x0D, _SESSION_ITEMS, _pi(0xC1, cp))


def _aare(bind_pdu, accepted):
    ac = _tlv(0xA1, _oid(x413.DEFAULT_APPLICATION_CONTEXT))
    aare = _tlv(0x61, ac, _tlv(0xA2, _tlv(0x02, b"\x00" if accepted else b"\x01")),
                H("A305A103020100") if accepted else H("A305A103020101"),
                _bind_external(bind_pdu))
    if accepted:
        results = _tlv(0xA5, *[H("30078001008102 5101")] * (len(_PCID) + 1))
        cpa = _tlv(0x31, H("A003800101"), _tlv(0xA2, results, _user_data(1, aare)))
        return _COTP_DT + _spdu(0x0E, _SESSION_ITEMS, _pi(0xC1, cpa))
    cpr = _tlv(0x30, _user_data(1, aare))                   # normal-mode CPR-PPDU
    return _COTP_DT + _spdu(0x0C, _pi(0x32, b"\x02" + cpr))  # RF, rejected with user data


def _p_data(pcid, ros):
    return _COTP_DT + H("01000100") + _user_data(pcid, ros)   # GT + DT


def _bind_pdu(alternative, value):
    return ber.encode(x413.ms_access_protocol["MSBindUnbindPDUs"], (alternative, value))


# case id -> (ROS APDU kind, operation or error code, abstract syntax, label tshark shows)
_WIRE = {
    "summarize-argument": ("invoke", 20, x413.id_as_mrse_88, "summarize_argument"),
    "summarize-result": ("result", 20, x413.id_as_mrse_88, "summarize_result"),
    "list-argument": ("invoke", 21, x413.id_as_mrse_88, "list_argument"),
    "list-result": ("result", 21, x413.id_as_mrse_88, "list_result"),
    "fetch-argument-precise": ("invoke", 22, x413.id_as_mrse_88, "fetch_argument"),
    "fetch-argument-search": ("invoke", 22, x413.id_as_mrse_88, "fetch_argument"),
    "fetch-result": ("result", 22, x413.id_as_mrse_88, "fetch_result"),
    "delete-argument-numbers": ("invoke", 23, x413.id_as_mrse_88, "delete_argument"),
    "delete-argument-selector": ("invoke", 23, x413.id_as_mrse_88, "delete_argument"),
    "delete-result-88": ("result", 23, x413.id_as_mrse_88, "delete_result"),
    "delete-result-94": ("result", 23, x413.id_as_mrse_88, "delete_result"),
    "register-ms-argument-88": ("invoke", 24, x413.id_as_mrse_88, "register_MS_argument"),
    "register-ms-argument-94": ("invoke", 24, x413.id_as_mrse_88, "register_MS_argument"),
    "register-ms-result-88": ("result", 24, x413.id_as_mrse_88, "register_MS_result"),
    "register-ms-result-94": ("result", 24, x413.id_as_mrse_88, "register_MS_result"),
    "alert-argument": ("invoke", 25, x413.id_as_mrse_88, "alert_argument"),
    "alert-result": ("result", 25, x413.id_as_mrse_88, "alert_result"),
    "modify-argument": ("invoke", 26, x413.id_as_mrse_88, "modify_argument"),
    "modify-argument-selector": ("invoke", 26, x413.id_as_mrse_88, "modify_argument"),
    "modify-result": ("result", 26, x413.id_as_mrse_88, "modify_result"),
    # on msse Wireshark's P7 table (registered last) decodes ops 3 and 4;
    # the content of a message submission goes on to the P22 dissector
    "ms-message-submission-argument": ("invoke", 3, x413.id_as_msse, "InterPersonal Message"),
    "ms-message-submission-result-mts": ("result", 3, x413.id_as_msse,
                                         "ms_message_submission_result"),
    "ms-message-submission-result-draft": ("result", 3, x413.id_as_msse,
                                           "ms_message_submission_result"),
    "ms-probe-submission-argument": ("invoke", 4, x413.id_as_msse,
                                     "ms_probe_submission_argument"),
    "ms-probe-submission-result": ("result", 4, x413.id_as_msse, "ms_probe_submission_result"),
    "attribute-error": ("error", 21, x413.id_as_mrse_88, "attribute_error"),
    "auto-action-request-error": ("error", 22, x413.id_as_mrse_88, "auto_action_request_error"),
    "delete-error": ("error", 23, x413.id_as_mrse_88, "delete_error"),
    "fetch-restriction-error": ("error", 24, x413.id_as_mrse_88, "fetch_restriction_error"),
    "range-error": ("error", 25, x413.id_as_mrse_88, "range_error"),
    "sequence-number-error": ("error", 28, x413.id_as_mrse_88, "sequence_number_error"),
    "invalid-parameters-error": ("error", 29, x413.id_as_mrse_88, "invalid_parameters_error"),
    "service-error-88": ("error", 27, x413.id_as_mrse_88, "service_error"),
    "service-error-94": ("error", 27, x413.id_as_mrse_88, "service_error"),
    "message-group-error": ("error", 30, x413.id_as_mrse_88, "message_group_error"),
    "ms-extension-error-item": ("error", 31, x413.id_as_mrse_88, "ms_extension_error"),
    "ms-extension-error-unknown": ("error", 31, x413.id_as_mrse_88, "ms_extension_error"),
    "register-ms-error": ("error", 32, x413.id_as_mrse_88, "register_ms_error"),
    "modify-error": ("error", 33, x413.id_as_mrse_88, "modify_error"),
    "entry-class-error": ("error", 34, x413.id_as_mrse_88, "entry_class_error"),
}

# Reports of tshark 4.0.17 that are Wireshark's, not ours (each checked by
# reading its dissection tree).
TSHARK_LIMITS = {
    # no dissector registered for these attribute / auto-action OIDs, after
    # which it also misreports the explicit tag around the open type
    "list-result": "id-att-message-notes has no Wireshark dissector",
    "modify-argument": "id-att-message-notes has no Wireshark dissector",
    "register-ms-argument-88": "no Wireshark dissector for auto-alert registration "
                               "parameters",
    # its generated code asserts on extended-registrations (SET OF MS-EXTENSION.&id)
    "register-ms-argument-94": "Wireshark dissector bug on "
                               "RegistrationTypes.extended-registrations",
    # decodes the [2] value by the attribute's OID, then reports [2] as unknown
    "attribute-error": "Wireshark reports AttributeErrorParameter value [2] as unknown",
    # Wireshark's p7 module hand-expands COMPONENTS OF ProbeSubmissionArgument /
    # ProbeSubmissionResult and writes [0] / [3] without IMPLICIT in an EXPLICIT
    # module; X.680 keeps the X.411 (implicit) tags: content-length 80,
    # per-recipient-fields A3, probe-submission-time 80.
    "ms-probe-submission-argument": "Wireshark expects explicit [0]/[3] (its COMPONENTS OF copy)",
    "ms-probe-submission-result": "Wireshark expects explicit [0] (its COMPONENTS OF copy)",
}

_TSHARK = None


def _tshark():
    global _TSHARK
    if _TSHARK is None:
        _TSHARK = _load_tshark_check() or False
    if not _TSHARK or not _TSHARK.tshark_available():
        pytest.skip("tshark not installed")
    return _TSHARK


def _frame_details(verdict):
    """The ``-V`` text of each frame carrying TPKT data, in order."""
    blocks = []
    for block in verdict.detail.split("\nFrame ")[1:]:
        if "TPKT" in block:
            blocks.append(block)
    return blocks


def _problem_lines(block):
    return [line.strip() for line in block.splitlines()
            if "Expert Info" in line and ("Malformed" in line or "Undecoded" in line
                                          or "Error/" in line)]


def test_tshark_dissects_every_pdu():
    tc = _tshark()
    cases = {c[0]: c for c in CASES}
    bind_argument = cases["bind-argument-88"][2]
    messages = [("c", tc.tpkt(_COTP_CR)), ("s", tc.tpkt(_COTP_CC)),
                ("c", tc.tpkt(_aarq(_bind_pdu("bind_invoke", bind_argument)))),
                ("s", tc.tpkt(_aare(_bind_pdu("bind_result", cases["bind-result-88"][2]),
                                    True)))]
    labels = ["COTP", "COTP", "ms_bind_argument", "ms_bind_result"]
    order = [None, None, "bind-argument-88", "bind-result-88"]
    for invoke_id, (case_id, (kind, code, syntax, label)) in enumerate(_WIRE.items(), 1):
        _, name, value = cases[case_id]
        data = ber.encode(T(name), value)
        iid = _tlv(0x02, bytes([invoke_id]))
        if kind == "invoke":
            ros = _tlv(0xA1, iid, _tlv(0x02, bytes([code])), data)
        elif kind == "result":
            ros = _tlv(0xA2, iid, _tlv(0x30, _tlv(0x02, bytes([code])), data))
        else:
            ros = _tlv(0xA3, iid, _tlv(0x02, bytes([code])), data)
        # alert is invoked by the MS; results and errors come from the invoked side
        from_client = (kind == "invoke") != (case_id.startswith("alert"))
        messages.append(("c" if from_client else "s", tc.tpkt(_p_data(_PCID[syntax], ros))))
        labels.append(label)
        order.append(case_id)
    verdict = tc.check(messages, framed=True, with_pres=True)
    blocks = _frame_details(verdict)
    assert len(verdict.frames) == len(messages) == len(blocks), verdict.frames
    unexpected = []
    for case_id, label, line, block in zip(order, labels, verdict.frames, blocks):
        assert label in line, (case_id, line)
        problems = _problem_lines(block)
        if problems and case_id not in TSHARK_LIMITS:
            unexpected.append((case_id, problems))
    assert not unexpected, unexpected


def _bind_capture(tc, bind_invoke, reply, accepted):
    return tc.check([("c", tc.tpkt(_COTP_CR)), ("s", tc.tpkt(_COTP_CC)),
                     ("c", tc.tpkt(_aarq(bind_invoke))), ("s", tc.tpkt(_aare(reply, accepted)))],
                    framed=True, with_pres=True)


def test_tshark_dissects_bind_error():
    """A refused MS bind: RF + CPR + AARE (rejected-permanent) + B2 {error},
    here the 1994 qualified error."""
    tc = _tshark()
    cases = {c[0]: c for c in CASES}
    verdict = _bind_capture(tc, _bind_pdu("bind_invoke", cases["bind-argument-94"][2]),
                            _bind_pdu("bind_error", cases["bind-error-94"][2]), False)
    assert "ms_bind_argument" in verdict.frames[2]
    assert "ms_bind_error" in verdict.frames[3], verdict.frames
    assert verdict.ok, verdict.problems


# The byte vectors above that are whole P7 PDUs, put on the wire: type name ->
# (ROS APDU kind, code, abstract syntax, label tshark shows).
_VECTOR_WIRE = {
    "FetchArgument": ("invoke", 22, x413.id_as_mrse_88, "fetch_argument"),
    "DeleteArgument": ("invoke", 23, x413.id_as_mrse_88, "delete_argument"),
    "SummarizeArgument": ("invoke", 20, x413.id_as_mrse_88, "summarize_argument"),
    "SummarizeResult": ("result", 20, x413.id_as_mrse_88, "summarize_result"),
    "ListArgument": ("invoke", 21, x413.id_as_mrse_88, "list_argument"),
    "MSMessageSubmissionResult": ("result", 3, x413.id_as_msse, "ms_message_submission_result"),
    "SequenceNumberErrorParameter": ("error", 28, x413.id_as_mrse_88, "sequence_number_error"),
    "FetchRestrictionErrorParameter": ("error", 24, x413.id_as_mrse_88,
                                       "fetch_restriction_error"),
    "DeleteResult": ("result", 23, x413.id_as_mrse_88, "delete_result"),
    "Register-MSResult": ("result", 24, x413.id_as_mrse_88, "register_MS_result"),
    "AlertResult": ("result", 25, x413.id_as_mrse_88, "alert_result"),
}


def _vector(name, nth=0):
    return H([t for n, _, t in VECTORS if n == name][nth].replace(" ", ""))


def test_tshark_dissects_the_byte_vectors():
    """The hand-checked vectors, as they stand, decode cleanly in tshark:
    the first MSBindArgument vector is the bind, the PDU vectors follow as
    operations (the bind errors are checked in the next test)."""
    tc = _tshark()
    bind = _vector("MSBindArgument")
    result = _bind_pdu("bind_result", {c[0]: c for c in CASES}["bind-result-94"][2])
    messages = [("c", tc.tpkt(_COTP_CR)), ("s", tc.tpkt(_COTP_CC)),
                ("c", tc.tpkt(_aarq(H("B0") + _len(len(bind)) + bind))),
                ("s", tc.tpkt(_aare(result, True)))]
    labels = ["COTP", "COTP", "ms_bind_argument", "ms_bind_result"]
    for invoke_id, (name, _, text) in enumerate(VECTORS, 1):
        if name not in _VECTOR_WIRE:
            continue
        kind, code, syntax, label = _VECTOR_WIRE[name]
        data = H(text.replace(" ", ""))
        iid = _tlv(0x02, bytes([invoke_id]))
        if kind == "invoke":
            ros = _tlv(0xA1, iid, _tlv(0x02, bytes([code])), data)
        elif kind == "result":
            ros = _tlv(0xA2, iid, _tlv(0x30, _tlv(0x02, bytes([code])), data))
        else:
            ros = _tlv(0xA3, iid, _tlv(0x02, bytes([code])), data)
        messages.append(("c" if kind == "invoke" else "s", tc.tpkt(_p_data(_PCID[syntax], ros))))
        labels.append(label)
    verdict = tc.check(messages, framed=True, with_pres=True)
    assert len(verdict.frames) == len(labels)
    for label, line in zip(labels, verdict.frames):
        assert label in line, (label, line)
    assert verdict.ok, verdict.problems


def test_tshark_dissects_the_bind_vectors():
    """The second MSBindArgument vector (security-context [3] IMPLICIT) as
    the bind, refused with the first bind-error vector (B2 03 0A 01 00)."""
    tc = _tshark()
    bind = _vector("MSBindArgument", 1)
    error = _vector("MSAccessProtocol.MSBindUnbindPDUs")
    verdict = _bind_capture(tc, H("B0") + _len(len(bind)) + bind, error, False)
    assert "ms_bind_argument" in verdict.frames[2]
    assert "ms_bind_error" in verdict.frames[3] and "authentication-error" in verdict.detail
    assert verdict.ok, verdict.problems
