"""The Isode-compatible parameter layer (x400fast.isode): every supported
constant set, encoded to BER, read back through the model and read with the
same constant; error codes for unknown and absent attributes; recipients
and body parts by index; reports, IPNs, ATS and P772 attributes."""
from __future__ import annotations

import pytest

from x400fast import isode as I
from x400fast.asn1 import p772, x411
from x400fast.errors import IsodeAPIError
from x400fast.message import (Message, Notification, ORName, ReceiptNotification, Report,
                              read_content)

ALICE = "/CN=Alice/O=Isode/PRMD=Isode/ADMD= /C=GB/"
BOB = "/CN=Bob/O=Isode/PRMD=Isode/ADMD= /C=GB/"
CAROL = "/CN=Carol/OU=Ops/O=Isode/PRMD=Isode/ADMD= /C=GB/"


def new_message(**strs):
    m = I.msg_new(I.X400_MSG_MESSAGE)
    I.msg_add_strparam(m, I.X400_S_OR_ADDRESS, ALICE)
    r = I.recip_new(m, I.X400_RECIP_STANDARD)
    I.recip_add_strparam(r, I.X400_S_OR_ADDRESS, BOB)
    I.msg_add_attachment(m, I.X400_T_IA5TEXT, "hello")
    return m


def round_trip(m):
    """Build -> to_submission -> BER -> read back."""
    ber = I.msg_encode(m).to_ber()
    assert isinstance(ber, bytes) and ber[:1] == b"\x30"
    return Message.from_submission(ber)


# ---------------------------------------------------------------------------
# constants


def test_constant_values_are_isodes():
    assert I.X400_S_SUBJECT == 301 and I.X400_N_PRIORITY == 105
    assert I.X400_RECIP_STANDARD == I.X400_RECIP_PRIMARY | I.X400_RECIP_ENVELOPE == 0x30001
    assert I.X400_T_IA5TEXT == 401 and I.X400_T_GENERAL_TEXT == 407
    assert I.X400_S_SECURITY_LABEL == 1501 and I.ATS_S_PRIORITY_INDICATOR == 1001
    assert I.X400_S_EXT_MSG_IDENTIFIER == 447 and I.X400_N_IS_IPN == 500
    assert (I.X400_MSG_MESSAGE, I.X400_MSG_REPORT, I.X400_MSG_PROBE) == (1, 2, 3)


def test_error_table():
    assert I.ERRORS[24][0] == "X400_E_NO_VALUE" and I.X400_E_NO_VALUE == 24
    assert I.ERRORS[22][0] == "X400_E_INVALID_ATTR"
    assert I.ERRORS[112][0] == "X400_E_NO_MATCH"
    for code, (name, text) in I.ERRORS.items():
        assert getattr(I, name) == code and text
    assert I.error_text(31) == "wait timed out"
    assert "unknown" in I.error_text(9999)


def test_attribute_names():
    assert I.attribute_name(301) == "X400_S_SUBJECT"
    assert I.attribute_name(1004) == "ATS_S_TEXT"
    assert "X400_S_SUBJECT" in I.supported_attributes()["message"]


# ---------------------------------------------------------------------------
# message attributes through the BER

T = "240102030405Z"
STRING_CASES = [
    (I.X400_S_SUBJECT, "Quarterly figures"),
    (I.X400_S_CONTENT_IDENTIFIER, "cid-42"),
    (I.X400_S_EXPIRY_TIME, T),
    (I.X400_S_REPLY_TIME, "240103000000Z"),
    (I.X400_S_DEFERRED_DELIVERY_TIME, "240104000000Z"),
    (I.X400_S_LATEST_DELIVERY_TIME, "240105000000Z"),
    (I.X400_S_REPLIED_TO_IDENTIFIER, "abc*" + CAROL),
    (I.X400_S_IPM_IDENTIFIER, "local-1*" + ALICE),
    (I.X400_S_CONTENT_CORRELATOR, "corr-ia5"),
    (I.X400_S_AUTHORIZATION_TIME, "20240102030405Z"),
    (I.X400_S_ORIGINATORS_REFERENCE, "REF 123"),
    (I.X400_S_PRECEDENCE_POLICY_ID, "1.3.27.8.0.0"),
    (I.X400_S_ORIGINAL_ENCODED_INFORMATION_TYPES, "ia5-text"),
    (I.X400_S_FREE_FORM_NAME, "Alice A."),
    (I.X400_S_TELEPHONE_NUMBER, "+44 1234"),
]


@pytest.mark.parametrize("attr,value", STRING_CASES,
                         ids=[I.attribute_name(a) for a, _ in STRING_CASES])
def test_string_attribute_round_trip(attr, value):
    m = new_message()
    I.msg_add_strparam(m, attr, value)
    assert I.msg_get_strparam(m, attr) == value
    back = round_trip(m)
    assert I.msg_get_strparam(back, attr) == value


INT_CASES = [
    (I.X400_N_PRIORITY, 2), (I.X400_N_PRIORITY, 1),
    (I.X400_N_IMPORTANCE, 2), (I.X400_N_IMPORTANCE, 0),
    (I.X400_N_SENSITIVITY, 3), (I.X400_N_SENSITIVITY, 1),
    (I.X400_N_AUTOFORWARDED, 1),
    (I.X400_N_DISCLOSURE, 1), (I.X400_N_IMPLICIT_CONVERSION_PROHIBITED, 1),
    (I.X400_N_ALTERNATE_RECIPIENT_ALLOWED, 1), (I.X400_N_CONTENT_RETURN_REQUEST, 1),
    (I.X400_N_RECIPIENT_REASSIGNMENT_PROHIBITED, 1), (I.X400_N_DL_EXPANSION_PROHIBITED, 1),
    (I.X400_N_CONVERSION_WITH_LOSS_PROHIBITED, 1),
    (I.X400_N_CONTENT_TYPE, 2), (I.X400_N_CONTENT_TYPE, 22), (I.X400_N_CONTENT_TYPE, 772),
    (I.X400_N_MMTS_PRIORITY_QUALIFIER, 1), (I.X400_N_MMTS_PRIORITY_QUALIFIER, 0),
]


@pytest.mark.parametrize("attr,value", INT_CASES,
                         ids=["%s=%d" % (I.attribute_name(a), v) for a, v in INT_CASES])
def test_int_attribute_round_trip(attr, value):
    m = new_message()
    I.msg_add_intparam(m, attr, value)
    assert I.msg_get_intparam(m, attr) == value
    assert I.msg_get_intparam(round_trip(m), attr) == value


def test_defaults_read_as_the_api_gives_them():
    m = round_trip(new_message())
    assert I.msg_get_intparam(m, I.X400_N_PRIORITY) == 0
    assert I.msg_get_intparam(m, I.X400_N_IMPORTANCE) == 1
    assert I.msg_get_intparam(m, I.X400_N_CONTENT_TYPE) == 22
    assert I.msg_get_intparam(m, I.X400_N_IS_IPN) == 0
    assert I.msg_get_intparam(m, I.X400_N_NUM_ATTACHMENTS) == 1
    assert I.msg_get_strparam(m, I.X400_S_OBJECTTYPE) == "message"
    assert I.msg_get_strparam(m, I.X400_S_OR_ADDRESS) == ALICE
    for attr in (I.X400_N_SENSITIVITY,):
        assert I.msg_get_intparam(m, attr) == 0


def test_external_content_type_and_octet_correlator():
    m = new_message()
    I.msg_add_strparam(m, I.X400_S_EXTERNAL_CONTENT_TYPE, p772.id_mct_p772)
    I.msg_add_strparam(m, I.X400_S_CONTENT_CORRELATOR_OCTET_STRING, b"\x01\x02")
    back = round_trip(m)
    assert I.msg_get_strparam(back, I.X400_S_EXTERNAL_CONTENT_TYPE) == p772.id_mct_p772
    assert I.msg_get_intparam(back, I.X400_N_CONTENT_TYPE) == 772
    assert I.msg_get_bufparam(back, I.X400_S_CONTENT_CORRELATOR_OCTET_STRING) == b"\x01\x02"
    assert I.compat.msg_get_strparam(back, I.X400_S_CONTENT_CORRELATOR)[0] == I.X400_E_NO_VALUE


def test_multi_valued_heading_attributes():
    m = new_message()
    I.msg_add_strparam(m, I.X400_S_OBSOLETED_IPMS, "old-1*" + ALICE)
    I.msg_add_strparam(m, I.X400_S_OBSOLETED_IPMS, "old-2*" + ALICE)
    I.msg_add_strparam(m, I.X400_S_RELATED_IPMS, "rel-1")
    back = round_trip(m)
    assert I.msg_get_strparam(back, I.X400_S_OBSOLETED_IPMS, index=1) == "old-1*" + ALICE
    assert I.msg_get_strparam(back, I.X400_S_OBSOLETED_IPMS, index=2) == "old-2*" + ALICE
    assert I.compat.msg_get_strparam(back, I.X400_S_OBSOLETED_IPMS, index=3) == (
        I.X400_E_NO_MORE_RESULTS, None)
    assert I.msg_get_strparam(back, I.X400_S_RELATED_IPMS) == "rel-1"


def test_security_label_as_ber():
    label = {"security_policy_identifier": "1.2.3.4", "security_classification": 2,
             "privacy_mark": "NATO RESTRICTED"}
    ber = x411.MTSAbstractService["SecurityLabel"].encode(label)
    m = new_message()
    I.msg_add_strparam(m, I.X400_S_SECURITY_LABEL, ber)
    back = round_trip(m)
    assert I.msg_get_bufparam(back, I.X400_S_SECURITY_LABEL) == ber
    assert back.security_label["privacy_mark"] == "NATO RESTRICTED"


def test_content_string_read_and_load():
    m = new_message()
    I.msg_add_strparam(m, I.X400_S_SUBJECT, "as content")
    octets = I.msg_get_bufparam(m, I.X400_S_CONTENT_STRING)
    other = I.msg_new(I.X400_MSG_MESSAGE)
    I.msg_add_strparam(other, I.X400_S_CONTENT_STRING, octets)
    assert I.msg_get_strparam(other, I.X400_S_SUBJECT) == "as content"
    assert I.msg_get_strparam(other, I.X400_S_OR_ADDRESS) == ALICE


def test_delivery_side_attributes():
    m = new_message()
    I.msg_add_strparam(m, I.X400_S_MESSAGE_IDENTIFIER, "[/PRMD=Isode/ADMD= /C=GB/;abc123]")
    I.msg_add_strparam(m, I.X400_S_MESSAGE_SUBMISSION_TIME, "240102030405Z")
    I.msg_add_strparam(m, I.X400_S_MESSAGE_DELIVERY_TIME, "240102030409Z")
    m.this_recipient = ORName(BOB)
    back = Message.from_delivery(m.delivery_ber())
    assert I.msg_get_strparam(back, I.X400_S_MESSAGE_IDENTIFIER) == \
        "[/PRMD=Isode/ADMD= /C=GB/;abc123]"
    assert I.msg_get_strparam(back, I.X400_S_MESSAGE_SUBMISSION_TIME) == "240102030405Z"
    assert I.msg_get_strparam(back, I.X400_S_MESSAGE_DELIVERY_TIME) == "240102030409Z"


# ---------------------------------------------------------------------------
# errors


def test_unknown_and_unsupported_attributes():
    m = new_message()
    for attr in (99999, I.X400_N_CONTENT_LENGTH, I.X400_TRACE_INFO, I.X400_S_DIRECTORY_NAME):
        with pytest.raises(IsodeAPIError) as ei:
            I.msg_get_strparam(m, attr)
        assert ei.value.code == I.X400_E_INVALID_ATTR
        assert I.compat.msg_add_strparam(m, attr, "x") == (I.X400_E_INVALID_ATTR, None)


def test_absent_value_and_wrong_kind():
    m = new_message()
    with pytest.raises(IsodeAPIError) as ei:
        I.msg_get_strparam(m, I.X400_S_SUBJECT)
    assert ei.value.code == I.X400_E_NO_VALUE and ei.value.name == "X400_E_NO_VALUE"
    assert I.compat.msg_get_strparam(m, I.X400_S_SUBJECT) == (I.X400_E_NO_VALUE, None)
    # an integer attribute read as a string, and the reverse
    assert I.compat.msg_get_strparam(m, I.X400_N_PRIORITY)[0] == I.X400_E_INVALID_ATTR
    assert I.compat.msg_add_intparam(m, I.X400_S_SUBJECT, 3)[0] == I.X400_E_INVALID_ATTR
    # read-only
    assert I.compat.msg_add_intparam(m, I.X400_N_IS_IPN, 1)[0] == I.X400_E_INVALID_ATTR


def test_invalid_values():
    m = new_message()
    assert I.compat.msg_add_intparam(m, I.X400_N_PRIORITY, 7)[0] == I.X400_E_INVALID_VALUE
    assert I.compat.msg_add_intparam(m, I.X400_N_CONTENT_TYPE, 5)[0] == I.X400_E_INVALID_VALUE
    assert I.compat.msg_add_strparam(m, I.X400_S_EXPIRY_TIME, "soon")[0] == \
        I.X400_E_INVALID_VALUE
    assert I.compat.msg_add_strparam(m, I.X400_S_OR_ADDRESS, "/X=/")[0] == \
        I.X400_E_ADDRESS_ERROR
    assert I.compat.msg_new(I.X400_MSG_PROBE) == (I.X400_E_NYI, None)
    assert I.compat.msg_get_strparam(object(), I.X400_S_SUBJECT)[0] == I.X400_E_INV_MSG


def test_missing_originator_at_encode():
    m = I.msg_new(I.X400_MSG_MESSAGE)
    r = I.recip_new(m, I.X400_RECIP_STANDARD)
    I.recip_add_strparam(r, I.X400_S_OR_ADDRESS, BOB)
    status, value = I.compat.msg_encode(m)
    assert status == I.X400_E_MISSING_ATTR and value is None


# ---------------------------------------------------------------------------
# recipients


def test_recipients_by_role_and_index():
    m = I.msg_new(I.X400_MSG_MESSAGE)
    I.msg_add_strparam(m, I.X400_S_OR_ADDRESS, ALICE)
    to = I.recip_new(m, I.X400_RECIP_STANDARD)
    I.recip_add_strparam(to, I.X400_S_OR_ADDRESS, BOB)
    I.recip_add_intparam(to, I.X400_N_REPORT_REQUEST, 2)
    I.recip_add_intparam(to, I.X400_N_NOTIFICATION_REQUEST, 1 | 2 | 4)
    I.recip_add_intparam(to, I.X400_N_REPLY_REQUESTED, 1)
    I.recip_add_intparam(to, I.X400_N_PRECEDENCE, 71)
    I.recip_add_strparam(to, I.X400_S_FREE_FORM_NAME, "Bob B.")
    cc = I.recip_new(m, I.X400_RECIP_CC | I.X400_RECIP_ENVELOPE)
    for attr, v in ((I.X400_S_COUNTRY_NAME, "GB"), (I.X400_S_ADMD_NAME, " "),
                    (I.X400_S_PRMD_NAME, "Isode"), (I.X400_S_ORGANIZATION_NAME, "Isode"),
                    (I.X400_S_ORGANIZATIONAL_UNIT_NAME_1, "Ops"),
                    (I.X400_S_ORGANIZATIONAL_UNIT_NAME_2, "Night"),
                    (I.X400_S_SURNAME, "Smith"), (I.X400_S_GIVEN_NAME, "Carol"),
                    (I.X400_S_INITIALS, "C"), (I.X400_S_GENERATION_QUALIFIER, "II")):
        I.recip_add_strparam(cc, attr, v)
    I.recip_add_intparam(cc, I.X400_N_REPORT_REQUEST, 0)
    heading_only = I.recip_new(m, I.X400_RECIP_BCC)
    I.recip_add_strparam(heading_only, I.X400_S_OR_ADDRESS, CAROL)
    env_only = I.recip_new(m, I.X400_RECIP_ENVELOPE)
    I.recip_add_strparam(env_only, I.X400_S_COMMON_NAME, "Dave")
    for attr, v in ((I.X400_S_ORGANIZATION_NAME, "Isode"), (I.X400_S_PRMD_NAME, "Isode"),
                    (I.X400_S_ADMD_NAME, " "), (I.X400_S_COUNTRY_NAME, "GB")):
        I.recip_add_strparam(env_only, attr, v)
    auth = I.recip_new(m, I.X400_RECIP_AUTH_ORIG)
    I.recip_add_strparam(auth, I.X400_S_OR_ADDRESS, CAROL)
    reply = I.recip_new(m, I.X400_RECIP_REPLY)
    I.recip_add_strparam(reply, I.X400_S_OR_ADDRESS, CAROL)
    I.msg_add_attachment(m, I.X400_T_IA5TEXT, "x")

    back = round_trip(m)
    assert I.msg_count_recip(back, I.X400_RECIP_PRIMARY) == 1
    assert I.msg_count_recip(back, I.X400_RECIP_ENVELOPE) == 3
    r = I.recip_get(back, I.X400_RECIP_STANDARD, 1)
    assert I.recip_get_strparam(r, I.X400_S_OR_ADDRESS) == BOB
    assert I.recip_get_intparam(r, I.X400_N_REPORT_REQUEST) == 2
    assert I.recip_get_intparam(r, I.X400_N_NOTIFICATION_REQUEST) == 7
    assert I.recip_get_intparam(r, I.X400_N_REPLY_REQUESTED) == 1
    assert I.recip_get_intparam(r, I.X400_N_PRECEDENCE) == 71
    assert I.recip_get_strparam(r, I.X400_S_FREE_FORM_NAME) == "Bob B."
    c = I.recip_get(back, I.X400_RECIP_CC, 1)
    assert I.recip_get_strparam(c, I.X400_S_SURNAME) == "Smith"
    assert I.recip_get_strparam(c, I.X400_S_GIVEN_NAME) == "Carol"
    assert I.recip_get_strparam(c, I.X400_S_INITIALS) == "C"
    assert I.recip_get_strparam(c, I.X400_S_GENERATION_QUALIFIER) == "II"
    assert I.recip_get_strparam(c, I.X400_S_ORGANIZATIONAL_UNIT_NAME_2) == "Night"
    assert I.recip_get_strparam(c, I.X400_S_COUNTRY_NAME) == "GB"
    assert I.recip_get_intparam(c, I.X400_N_REPORT_REQUEST) == 0
    assert I.compat.recip_get_strparam(c, I.X400_S_ORGANIZATIONAL_UNIT_NAME_3)[0] == \
        I.X400_E_NO_VALUE
    b = I.recip_get(back, I.X400_RECIP_BCC, 1)
    assert I.recip_get_strparam(b, I.X400_S_OR_ADDRESS) == CAROL
    assert not b.envelope
    e = I.recip_get(back, I.X400_RECIP_ENVELOPE, 3)
    assert I.recip_get_strparam(e, I.X400_S_COMMON_NAME) == "Dave"
    assert I.recip_get_strparam(I.recip_get(back, I.X400_RECIP_AUTH_ORIG, 1),
                                I.X400_S_OR_ADDRESS) == CAROL
    assert I.recip_get_strparam(I.recip_get(back, I.X400_RECIP_REPLY, 1),
                                I.X400_S_OR_ADDRESS) == CAROL
    assert I.recip_get_strparam(I.recip_get(back, I.X400_RECIP_ORIGINATOR, 1),
                                I.X400_S_OR_ADDRESS) == ALICE
    # past the end, none of a type, unsupported type
    assert I.compat.recip_get(back, I.X400_RECIP_STANDARD, 2) == (I.X400_E_NO_MORE_RESULTS,
                                                                 None)
    empty = new_message()
    assert I.compat.recip_get(empty, I.X400_RECIP_CC, 1) == (I.X400_E_NO_RECIP, None)
    assert I.compat.recip_new(empty, I.X400_RECIP_INTENDED)[0] == I.X400_E_INVALID_VALUE
    assert I.compat.recip_get_intparam(r, I.X400_N_RESPONSIBILITY)[0] == I.X400_E_INVALID_ATTR


# ---------------------------------------------------------------------------
# body parts


def test_body_parts_by_index():
    m = new_message()       # body part 1: IA5 "hello"
    I.msg_add_attachment(m, I.X400_T_ISO8859_1, "caf\xe9")
    I.msg_add_attachment(m, I.X400_T_ISO8859_2, "\u0141\xf3d\u017a")
    gt = I.bodypart_new(I.X400_T_GENERAL_TEXT)
    I.bodypart_add_strparam(gt, I.X400_S_GENERAL_TEXT_CHARSETS, "1 6 100")
    I.bodypart_add_strparam(gt, I.X400_S_BODY_DATA, "na\xefve")
    I.msg_add_bodypart(m, gt)
    I.msg_add_attachment(m, I.X400_T_BINARY, b"\x00\x01\xff")
    ft = I.bodypart_new(I.X400_T_FTBP)
    I.bodypart_add_strparam(ft, I.X400_S_BODY_DATA, b"PK\x03\x04data")
    I.bodypart_add_strparam(ft, I.X400_S_FTBP_FILENAME, "report.zip")
    I.bodypart_add_strparam(ft, I.X400_S_FTBP_CONTENT_DESCRIPTION, "monthly report")
    I.bodypart_add_strparam(ft, I.X400_S_FTBP_APPLICATION_REFERENCE_OID, "1.2.3.4")
    I.bodypart_add_strparam(ft, I.X400_S_FTBP_CREATION_DATE, "240101000000Z")
    I.bodypart_add_strparam(ft, I.X400_S_FTBP_MODIFICATION_DATE, "240102000000Z")
    I.bodypart_add_strparam(ft, I.X400_S_FTBP_READ_DATE, "240103000000Z")
    I.bodypart_add_intparam(ft, I.X400_N_FTBP_OBJECT_SIZE, 10)
    I.bodypart_add_intparam(ft, I.X400_N_FTBP_ENCODING, 0)
    I.msg_add_bodypart(m, ft)
    fwd = new_message()
    I.msg_add_strparam(fwd, I.X400_S_SUBJECT, "inner")
    I.msg_add_message_body(m, fwd)

    back = round_trip(m)
    assert I.msg_get_intparam(back, I.X400_N_NUM_ATTACHMENTS) == 7
    assert I.msg_get_attachment(back, 1) == (I.X400_T_IA5TEXT, "hello")
    assert I.msg_get_attachment(back, 2) == (I.X400_T_ISO8859_1, "caf\xe9")
    assert I.msg_get_attachment(back, 3) == (I.X400_T_ISO8859_2, "\u0141\xf3d\u017a")
    kind, part = I.msg_get_bodypart(back, 4)
    assert I.bodypart_get_strparam(part, I.X400_S_GENERAL_TEXT_CHARSETS) == "1 6 100"
    assert I.bodypart_get_strparam(part, I.X400_S_BODY_DATA) == "na\xefve"
    assert I.msg_get_attachment(back, 5) == (I.X400_T_BINARY, b"\x00\x01\xff")
    assert I.compat.msg_get_attachment(back, 6) == (I.X400_E_COMPLEX_BODY, None)
    kind, part = I.msg_get_bodypart(back, 6)
    assert kind == I.X400_T_FTBP == I.bodypart_get_intparam(part, I.X400_N_BODY_TYPE)
    assert I.bodypart_get_bufparam(part, I.X400_S_BODY_DATA) == b"PK\x03\x04data"
    assert I.bodypart_get_strparam(part, I.X400_S_FTBP_FILENAME) == "report.zip"
    assert I.bodypart_get_strparam(part, I.X400_S_FTBP_CONTENT_DESCRIPTION) == \
        "monthly report"
    assert I.bodypart_get_strparam(part, I.X400_S_FTBP_APPLICATION_REFERENCE_OID) == "1.2.3.4"
    assert I.compat.bodypart_get_strparam(
        part, I.X400_S_FTBP_APPLICATION_REFERENCE_STR)[0] == I.X400_E_NO_VALUE
    assert I.bodypart_get_strparam(part, I.X400_S_FTBP_CREATION_DATE) == "240101000000Z"
    assert I.bodypart_get_strparam(part, I.X400_S_FTBP_MODIFICATION_DATE) == "240102000000Z"
    assert I.bodypart_get_strparam(part, I.X400_S_FTBP_READ_DATE) == "240103000000Z"
    assert I.bodypart_get_intparam(part, I.X400_N_FTBP_OBJECT_SIZE) == 10
    assert I.bodypart_get_intparam(part, I.X400_N_FTBP_ENCODING) == 0
    raw = I.bodypart_get_bufparam(part, I.X400_S_BODY_DATA_RAW)
    assert raw[:1] == b"\xaf"   # extended body part [15]
    assert I.compat.msg_get_attachment(back, 7) == (I.X400_E_MESSAGE_BODY, None)
    inner = I.msg_get_message_body(back, 7)
    assert I.msg_get_strparam(inner, I.X400_S_SUBJECT) == "inner"
    assert I.compat.msg_get_bodypart(back, 8) == (I.X400_E_NO_MORE_RESULTS, None)
    assert I.compat.bodypart_new(I.X400_T_TELETEX)[0] == I.X400_E_UNSUPPORTED_BODY
    assert I.compat.bodypart_new(I.X400_T_MESSAGE)[0] == I.X400_E_MESSAGE_BODY
    assert I.compat.bodypart_add_intparam(ft, I.X400_N_FTBP_ENCODING, 1)[0] == \
        I.X400_E_INVALID_VALUE


def test_ftbp_application_reference_text():
    m = new_message()
    ft = I.bodypart_new(I.X400_T_FTBP)
    I.bodypart_add_strparam(ft, I.X400_S_BODY_DATA, b"x")
    I.bodypart_add_strparam(ft, I.X400_S_FTBP_APPLICATION_REFERENCE_STR, "MS Word")
    I.msg_add_bodypart(m, ft)
    _, part = I.msg_get_bodypart(round_trip(m), 2)
    assert I.bodypart_get_strparam(part, I.X400_S_FTBP_APPLICATION_REFERENCE_STR) == "MS Word"


# ---------------------------------------------------------------------------
# reports and IPNs


def test_report_through_getters():
    rep = I.msg_new(I.X400_MSG_REPORT)
    I.msg_add_strparam(rep, I.X400_S_SUBJECT_IDENTIFIER, "[/PRMD=Isode/ADMD= /C=GB/;m1]")
    I.msg_add_strparam(rep, I.X400_S_CONTENT_IDENTIFIER, "cid-7")
    I.msg_add_intparam(rep, I.X400_N_CONTENT_TYPE, 22)
    I.msg_add_strparam(rep, I.X400_S_ORIGINAL_ENCODED_INFORMATION_TYPES, "ia5-text")
    I.msg_add_strparam(rep, I.X400_S_CONTENT_CORRELATOR, "corr")
    ok = I.recip_new(rep, I.X400_RECIP_REPORT)
    I.recip_add_strparam(ok, I.X400_S_OR_ADDRESS, BOB)
    I.recip_add_strparam(ok, I.X400_S_MESSAGE_DELIVERY_TIME, "240102030405Z")
    I.recip_add_intparam(ok, I.X400_N_TYPE_OF_USER, 0)
    bad = I.recip_new(rep, I.X400_RECIP_REPORT)
    I.recip_add_strparam(bad, I.X400_S_OR_ADDRESS, CAROL)
    I.recip_add_intparam(bad, I.X400_N_NON_DELIVERY_REASON, 1)
    I.recip_add_intparam(bad, I.X400_N_NON_DELIVERY_DIAGNOSTIC, 0)
    I.recip_add_strparam(bad, I.X400_S_SUPPLEMENTARY_INFO, "no such user")
    I.recip_add_strparam(bad, I.X400_S_ORIGINAL_RECIPIENT_ADDRESS, ALICE)
    I.recip_add_strparam(bad, I.X400_S_CONVERTED_ENCODED_INFORMATION_TYPES, "ia5-text")

    back = Report.from_delivery(rep.to_ber())
    assert I.msg_type(back) == I.X400_MSG_REPORT
    assert I.msg_get_strparam(back, I.X400_S_OBJECTTYPE) == "report"
    assert I.msg_get_strparam(back, I.X400_S_SUBJECT_IDENTIFIER) == \
        "[/PRMD=Isode/ADMD= /C=GB/;m1]"
    assert I.msg_get_strparam(back, I.X400_S_CONTENT_IDENTIFIER) == "cid-7"
    assert I.msg_get_intparam(back, I.X400_N_CONTENT_TYPE) == 22
    assert I.msg_get_strparam(back, I.X400_S_CONTENT_CORRELATOR) == "corr"
    assert I.msg_get_strparam(back, I.X400_S_ORIGINAL_ENCODED_INFORMATION_TYPES) == "ia5-text"
    assert I.msg_get_intparam(back, I.X400_N_CONTENT_RETURNED) == 0
    assert I.msg_count_recip(back, I.X400_RECIP_REPORT) == 2
    r1 = I.recip_get(back, I.X400_RECIP_REPORT, 1)
    assert I.recip_get_strparam(r1, I.X400_S_MESSAGE_DELIVERY_TIME) == "240102030405Z"
    assert I.recip_get_intparam(r1, I.X400_N_TYPE_OF_USER) == 0
    assert I.compat.recip_get_intparam(r1, I.X400_N_NON_DELIVERY_REASON) == (
        I.X400_E_NO_VALUE, None)
    r2 = I.recip_get(back, I.X400_RECIP_REPORT, 2)
    assert I.recip_get_strparam(r2, I.X400_S_OR_ADDRESS) == CAROL
    assert I.recip_get_intparam(r2, I.X400_N_NON_DELIVERY_REASON) == 1
    assert I.recip_get_intparam(r2, I.X400_N_NON_DELIVERY_DIAGNOSTIC) == 0
    assert I.recip_get_strparam(r2, I.X400_S_SUPPLEMENTARY_INFO) == "no such user"
    assert I.recip_get_strparam(r2, I.X400_S_ORIGINAL_RECIPIENT_ADDRESS) == ALICE
    assert I.recip_get_strparam(r2, I.X400_S_CONVERTED_ENCODED_INFORMATION_TYPES) == \
        "ia5-text"
    assert I.compat.recip_get_strparam(r2, I.X400_S_ARRIVAL_TIME)[0] == I.X400_E_INVALID_ATTR
    assert I.compat.recip_get(back, I.X400_RECIP_PRIMARY, 1)[0] == I.X400_E_INVALID_VALUE


def _delivered():
    m = I.msg_new(I.X400_MSG_MESSAGE)
    I.msg_add_strparam(m, I.X400_S_OR_ADDRESS, ALICE)
    r = I.recip_new(m, I.X400_RECIP_STANDARD)
    I.recip_add_strparam(r, I.X400_S_OR_ADDRESS, BOB)
    I.recip_add_intparam(r, I.X400_N_NOTIFICATION_REQUEST, 3)
    I.msg_add_attachment(m, I.X400_T_IA5TEXT, "read me")
    I.msg_add_strparam(m, I.X400_S_MESSAGE_IDENTIFIER, "[/PRMD=Isode/ADMD= /C=GB/;d1]")
    I.msg_add_strparam(m, I.X400_S_MESSAGE_SUBMISSION_TIME, "240102030405Z")
    I.msg_add_strparam(m, I.X400_S_MESSAGE_DELIVERY_TIME, "20240102030406Z")
    m.this_recipient = ORName(BOB)
    return Message.from_delivery(m.delivery_ber())


def test_receipt_notification_through_getters():
    received = _delivered()
    ipn = I.make_ipn(received)
    I.msg_add_strparam(ipn, I.X400_S_RECEIPT_TIME, "240102040000Z")
    I.msg_add_intparam(ipn, I.X400_N_ACK_MODE, 1)
    I.msg_add_strparam(ipn, I.X400_S_SUPP_RECEIPT_INFO, "seen")
    back = read_content(I.msg_encode(ipn).content)
    assert isinstance(back, ReceiptNotification)
    assert I.msg_get_intparam(back, I.X400_N_IS_IPN) == 1
    assert I.msg_get_strparam(back, I.X400_S_SUBJECT_IPM) == str(received.ipm_id)
    assert I.msg_get_strparam(back, I.X400_S_RECEIPT_TIME) == "240102040000Z"
    assert I.msg_get_intparam(back, I.X400_N_ACK_MODE) == 1
    assert I.msg_get_strparam(back, I.X400_S_SUPP_RECEIPT_INFO) == "seen"
    assert I.msg_get_strparam(back, I.X400_S_OR_ADDRESS) == BOB
    assert I.compat.msg_get_intparam(back, I.X400_N_NON_RECEIPT_REASON) == (
        I.X400_E_NO_VALUE, None)


def test_non_receipt_notification_through_getters():
    received = _delivered()
    nrn = I.make_ipn(received, 0)
    I.msg_add_intparam(nrn, I.X400_N_DISCARD_REASON, 0)
    I.msg_add_strparam(nrn, I.X400_S_CONVERSION_EITS, "ia5-text")
    back = Notification.from_submission(I.msg_encode(nrn).to_ber())
    assert I.msg_get_intparam(back, I.X400_N_IS_IPN) == 1
    assert I.msg_get_intparam(back, I.X400_N_NON_RECEIPT_REASON) == 0
    assert I.msg_get_intparam(back, I.X400_N_DISCARD_REASON) == 0
    assert I.msg_get_strparam(back, I.X400_S_CONVERSION_EITS) == "ia5-text"
    assert I.compat.msg_get_strparam(back, I.X400_S_AUTOFORWARD_COMMENT)[0] == \
        I.X400_E_NO_VALUE
    assert I.compat.msg_get_strparam(back, I.X400_S_RECEIPT_TIME)[0] == I.X400_E_NO_VALUE
    assert I.compat.msg_add_strparam(back, I.X400_S_RECEIPT_TIME, T)[0] == \
        I.X400_E_INVALID_ATTR


def test_make_ipn_without_request():
    m = _delivered()
    m.to[0].receipt_notification = False
    m.to[0].non_receipt_notification = False
    assert I.compat.make_ipn(m) == (I.X400_E_NO_VALUE, None)


# ---------------------------------------------------------------------------
# AMHS


def _ats_message(extended):
    m = I.msg_new(I.X400_MSG_MESSAGE)
    I.msg_add_strparam(m, I.X400_S_OR_ADDRESS, ALICE)
    r = I.recip_new(m, I.X400_RECIP_STANDARD)
    I.recip_add_strparam(r, I.X400_S_OR_ADDRESS, BOB)
    I.msg_add_strparam(m, I.ATS_S_PRIORITY_INDICATOR, "SS")
    I.msg_add_strparam(m, I.ATS_S_FILING_TIME, "021530")
    I.msg_add_strparam(m, I.ATS_S_OPTIONAL_HEADING_INFO, "OHI TEXT")
    I.msg_add_strparam(m, I.ATS_S_TEXT, "METAR EGLL 021520Z 24010KT")
    I.msg_add_intparam(m, I.ATS_N_EXTENDED, extended)
    return m


@pytest.mark.parametrize("extended", [0, 1])
def test_ats_attributes(extended):
    m = _ats_message(extended)
    assert I.msg_get_strparam(m, I.ATS_S_PRIORITY_INDICATOR) == "SS"   # pending
    back = round_trip(m)
    assert I.msg_get_strparam(back, I.ATS_S_PRIORITY_INDICATOR) == "SS"
    assert I.msg_get_strparam(back, I.ATS_S_FILING_TIME) == "021530"
    assert I.msg_get_strparam(back, I.ATS_S_OPTIONAL_HEADING_INFO) == "OHI TEXT"
    assert I.msg_get_strparam(back, I.ATS_S_TEXT) == "METAR EGLL 021520Z 24010KT"
    assert I.msg_get_intparam(back, I.ATS_N_EXTENDED) == extended
    assert I.msg_get_intparam(back, I.X400_N_PRIORITY) == 2          # SS -> urgent
    r = I.recip_get(back, I.X400_RECIP_STANDARD, 1)
    assert I.recip_get_intparam(r, I.X400_N_NOTIFICATION_REQUEST) & 1
    if extended:
        assert I.recip_get_intparam(r, I.X400_N_PRECEDENCE) == 107
        assert I.msg_get_strparam(back, I.X400_S_PRECEDENCE_POLICY_ID) == "1.3.27.8.0.0"
        assert I.msg_get_strparam(back, I.X400_S_ORIGINATORS_REFERENCE) == "OHI TEXT"
        assert I.msg_get_strparam(back, I.X400_S_AUTHORIZATION_TIME)[6:12] == "021530"


def test_ats_errors_and_modes():
    m = _ats_message(0)
    assert I.compat.msg_add_strparam(m, I.ATS_S_PRIORITY_INDICATOR, "XX")[0] == \
        I.X400_E_INVALID_VALUE
    assert I.compat.msg_add_intparam(m, I.ATS_EOH_MODE, I.ATS_EOH_MODE_CRLF)[0] == \
        I.X400_E_INVALID_VALUE
    I.msg_add_intparam(m, I.ATS_EOH_MODE, I.ATS_EOH_MODE_NONE)
    I.msg_add_intparam(m, I.ATS_N_BASIC_BODYPART_ENCODING, I.ATS_GENERALTEXT_REPERTOIRE_A)
    back = round_trip(m)
    assert I.msg_get_strparam(back, I.ATS_S_TEXT) == "METAR EGLL 021520Z 24010KT"
    assert back.body[0].to_ber()[:1] == b"\xaf"     # general text (extended body part)
    plain = I.msg_new(I.X400_MSG_MESSAGE)
    I.msg_add_strparam(plain, I.X400_S_OR_ADDRESS, ALICE)
    I.msg_add_strparam(plain, I.ATS_S_TEXT, "no priority")
    r = I.recip_new(plain, I.X400_RECIP_STANDARD)
    I.recip_add_strparam(r, I.X400_S_OR_ADDRESS, BOB)
    assert I.compat.msg_encode(plain)[0] == I.X400_E_MISSING_ATTR
    # a message that is not an ATS message has no ATS values
    assert I.compat.msg_get_strparam(round_trip(new_message()), I.ATS_S_FILING_TIME)[0] == \
        I.X400_E_NO_VALUE


# ---------------------------------------------------------------------------
# P772


def test_p772_attributes():
    m = new_message()
    I.msg_add_intparam(m, I.X400_N_CONTENT_TYPE, 772)
    I.msg_add_intparam(m, I.X400_N_MMTS_PRIORITY_QUALIFIER, 1)
    I.msg_add_strparam(m, I.X400_S_EXT_AUTH_INFO, "240102030405Z")
    I.msg_add_intparam(m, I.X400_N_EXT_CODRESS, 0)
    I.msg_add_intparam(m, I.X400_N_EXT_MSG_TYPE, 1)
    I.msg_add_strparam(m, I.X400_S_EXT_MSG_IDENTIFIER, "EXERCISE BLUE")
    I.msg_add_intparam(m, I.X400_N_EXT_PRIM_PREC, 4)
    I.msg_add_intparam(m, I.X400_N_EXT_COPY_PREC, 1)
    I.msg_add_strparam(m, I.X400_S_HANDLING_INSTRUCTIONS, "HANDLE WITH CARE")
    I.msg_add_strparam(m, I.X400_S_HANDLING_INSTRUCTIONS, "NO FORN")
    I.msg_add_strparam(m, I.X400_S_MESSAGE_INSTRUCTIONS, "ACK ON RECEIPT")
    I.msg_add_strparam(m, I.X400_S_ORIG_REF, "REF/2024/001")
    I.msg_add_strparam(m, I.X400_S_ORIG_PLAD, "COMSIXTHFLT")
    I.msg_add_strparam(m, I.X400_S_ACP127_MSG_ID, "RUABC 0001 0021530")
    I.msg_add_strparam(m, I.X400_S_DIST_CODES_SIC, "ABC")
    I.msg_add_strparam(m, I.X400_S_DIST_CODES_SIC, "XYZW")
    pilot = p772.HEADING_EXTENSIONS[p772.id_nato_mmhs_mm_pilot_forwarding_info].encode(
        [{"pilot_precedence": 3, "pilot_handling": ["RELAY"]}])
    I.msg_add_strparam(m, I.X400_S_PILOT_FWD_INFO, pilot)
    r = I.recip_get(m, I.X400_RECIP_STANDARD, 1)
    I.recip_add_intparam(r, I.X400_N_ACP127_NOTI_TYPE,
                         I.X400_ACP127_NOTI_TYPE_NEG | I.X400_ACP127_NOTI_TYPE_TRANS)

    back = round_trip(m)
    assert I.msg_get_intparam(back, I.X400_N_CONTENT_TYPE) == 772
    assert back.content_type == p772.id_mct_p772
    assert I.msg_get_intparam(back, I.X400_N_MMTS_PRIORITY_QUALIFIER) == 1
    assert I.msg_get_strparam(back, I.X400_S_EXT_AUTH_INFO) == "240102030405Z"
    assert I.msg_get_intparam(back, I.X400_N_EXT_CODRESS) == 0
    assert I.msg_get_intparam(back, I.X400_N_EXT_MSG_TYPE) == 1
    assert I.msg_get_strparam(back, I.X400_S_EXT_MSG_IDENTIFIER) == "EXERCISE BLUE"
    assert I.msg_get_intparam(back, I.X400_N_EXT_PRIM_PREC) == 4
    assert I.msg_get_intparam(back, I.X400_N_EXT_COPY_PREC) == 1
    assert I.msg_get_strparam(back, I.X400_S_HANDLING_INSTRUCTIONS, index=2) == "NO FORN"
    assert I.msg_get_strparam(back, I.X400_S_MESSAGE_INSTRUCTIONS) == "ACK ON RECEIPT"
    assert I.msg_get_strparam(back, I.X400_S_ORIG_REF) == "REF/2024/001"
    assert I.msg_get_strparam(back, I.X400_S_ORIG_PLAD) == "COMSIXTHFLT"
    assert I.msg_get_strparam(back, I.X400_S_ACP127_MSG_ID) == "RUABC 0001 0021530"
    assert I.msg_get_strparam(back, I.X400_S_DIST_CODES_SIC, index=1) == "ABC"
    assert I.msg_get_strparam(back, I.X400_S_DIST_CODES_SIC, index=2) == "XYZW"
    assert I.msg_get_bufparam(back, I.X400_S_PILOT_FWD_INFO) == pilot
    rb = I.recip_get(back, I.X400_RECIP_STANDARD, 1)
    assert I.recip_get_intparam(rb, I.X400_N_ACP127_NOTI_TYPE) == 5
    # the extensions are where STANAG 4406 puts them
    assert p772.id_nato_mmhs_mm_primary_precedence in back.heading_extensions


def test_p772_errors():
    m = new_message()
    assert I.compat.msg_get_intparam(m, I.X400_N_EXT_PRIM_PREC)[0] == I.X400_E_NO_VALUE
    assert I.compat.msg_add_strparam(m, I.X400_S_DIST_CODES_SIC, "A")[0] == \
        I.X400_E_INVALID_VALUE     # a SIC has 3..8 characters
    assert I.compat.msg_add_strparam(m, I.X400_S_PILOT_FWD_INFO, b"\x04\x00")[0] == \
        I.X400_E_INVALID_VALUE
    for attr in (I.X400_PRINTABLE_STRING_SEQ, I.X400_DIST_CODES_EXT,
                 I.X400_OTHER_RECIP_INDICATOR, I.X400_ACP127_RESPONSE, I.X400_ORIG_OR_EXAP,
                 I.X400_S_ORIG_CERT, I.X400_N_PROOF_OF_DEL_REQ):
        assert I.compat.msg_get_strparam(m, attr)[0] == I.X400_E_INVALID_ATTR
        assert I.compat.msg_get_intparam(m, attr)[0] == I.X400_E_INVALID_ATTR


def test_every_table_entry_has_a_named_constant():
    for kind, names in I.supported_attributes().items():
        for n in names:
            assert not n.isdigit(), (kind, n)
