"""Isode X.400 Client API vocabulary over the x400fast message model.

Code written against the Isode X.400 Client API (C, or its Java binding)
sets and reads every field through "add/get parameter" calls keyed by an
integer attribute constant.  This module keeps that vocabulary -- the same
constant names and numeric values (``X400_S_SUBJECT`` is 301 here too), the
same recipient roles, message types and ``X400_E_*`` status codes -- and
applies it to x400fast's own objects (:class:`~x400fast.message.Message`,
:class:`~x400fast.message.Recipient`, the body parts, :class:`Report`, the
notifications, :class:`~x400fast.amhs.ATSMessage` for the ATS attributes and
the STANAG 4406 heading extensions for the P772 ones), so that a port can be
done call by call and then, at leisure, rewritten in the model's own terms.

Why a table: each supported constant maps to exactly one place in the model
(:data:`MESSAGE_ATTRIBUTES`, :data:`RECIPIENT_ATTRIBUTES` and friends hold
``constant -> Attr(kind, get, set)``); the functions look the constant up
and call the accessor, so the mapping can be read, listed in the porting
guide and tested constant by constant.  A constant with no entry gives
``X400_E_INVALID_ATTR`` (the API's answer for an attribute that is not valid
on that object); an entry whose value is absent gives ``X400_E_NO_VALUE``.

Two calling forms:

* the Pythonic one raises :class:`~x400fast.errors.IsodeAPIError` (with
  ``.code``) and returns the value: ``subject = msg_get_strparam(m, X400_S_SUBJECT)``;
* :data:`compat` has the same functions returning ``(status, value)`` the way
  the C calls return a status and fill an out-parameter:
  ``status, subject = compat.msg_get_strparam(m, X400_S_SUBJECT)``.

Choices made where the reference is silent (see docs/porting-from-isode.md):

* times are strings ``YYMMDDHHMMSSZ`` (UTCTime form, UTC) on output; input
  also takes ``YYYYMMDDHHMM[SS]Z`` and aware datetimes;
* recipients, body parts and multi-valued attributes are numbered from 1;
* multi-valued string attributes (obsoleted/related IPMs, handling and
  message instructions, SICs) grow by one value per add call and are read
  with ``index=`` (1-based);
* ATS attributes are collected on the message and applied (through
  :class:`~x400fast.amhs.ATSMessage`) by :func:`msg_encode`, because the
  extended service needs the final recipient list.
"""
from __future__ import annotations

import datetime as _dt
from types import SimpleNamespace
from typing import Any, Callable, Dict, List, NamedTuple, Optional, Tuple, Union

from .asn1 import p772, x411, x420
from .errors import ATSMessageError, IsodeAPIError, MessageError, MissingField
from .model import _util as U
from .model.body import (BinaryBody, BodyPart, FileBody, ForwardedMessage, TextBody,
                         UnknownBody, CHARSETS)
from .model.ipn import NonReceiptNotification, Notification, ReceiptNotification
from .model.message import IMPORTANCE, PRIORITIES, SENSITIVITY, Message, Submission
from .model.names import IPMIdentifier, MTSIdentifier, ORDescriptor, Recipient
from .model.report import Report, ReportRecipient

# ---------------------------------------------------------------------------
# Constants.  Names and values are those of the Isode 14.4 SDK headers as
# catalogued in isode-api-surface.md (and mmhs.md / amhs.md for the P772 and
# ATS blocks).  Where the reference gives a name without its type prefix
# (the P772 body-part sub-attributes, the trace fields), the prefix is the
# one the value type implies; such names are marked "(prefix inferred)".

# -- session types, message types, entry classes ---------------------------
X400_TYPE_MS = 0
X400_TYPE_MTA_SUBMIT = 1
X400_TYPE_MTA_BOTH = 2

X400_MSG_MESSAGE = 1
X400_MSG_REPORT = 2
X400_MSG_PROBE = 3
X400_MSG_SUBMITTED_MESSAGE = 4

X400_ENTRY_CLASS_STORED = 0
X400_ENTRY_CLASS_SUBMITTED = 1
X400_MS_ENTRY_STATUS_NEW = 1
X400_MS_ENTRY_STATUS_LISTED = 2
X400_MS_ENTRY_STATUS_FETCHED = 3

X400_AUTO_ALERT = 1
X400_AUTO_FORWARDING = 2

X400_DE_DELIVERY_CONTROL_VIOLATED = 1
X400_DE_SECURITY_ERROR = 12
X400_DE_UNSUPPORTED_CRITICAL_FUNCTION = 13
X400_DE_REMOTE_BIND_ERROR = 15

# -- recipient roles (4.1) ---------------------------------------------------
X400_RECIP_PRIMARY = 0x10001
X400_RECIP_CC = 0x10002
X400_RECIP_BCC = 0x10003
X400_RECIP_ORIGINATOR = 0x10004
X400_RECIP_AUTH_ORIG = 0x10005
X400_RECIP_REPLY = 0x10006
X400_RECIP_REPORT = 0x10008
X400_RECIP_INTENDED = 0x10009
X400_RECIP_REPORTING_DL_NAME = 0x1000A
X400_RECIP_DL_EXEMPTED_RECIP = 0x1000B
X400_RECIP_EXEMPTED_ADDRESS = 0x10010
X400_RECIP_ENVELOPE = 0x20000
X400_RECIP_STANDARD = 0x30001
X400_RECIP_INVALID = 0x30000

# -- address attributes (4.2) -------------------------------------------------
X400_S_OR_ADDRESS = 1
X400_S_COUNTRY_NAME = 2
X400_S_ADMD_NAME = 3
X400_S_PRMD_NAME = 4
X400_S_ORGANIZATION_NAME = 5
X400_S_ORGANIZATIONAL_UNIT_NAME_1 = 6
X400_S_ORGANIZATIONAL_UNIT_NAME_2 = 7
X400_S_ORGANIZATIONAL_UNIT_NAME_3 = 8
X400_S_ORGANIZATIONAL_UNIT_NAME_4 = 9
X400_S_SURNAME = 10
X400_S_GIVEN_NAME = 11
X400_S_INITIALS = 12
X400_S_GENERATION_QUALIFIER = 13
X400_S_COMMON_NAME = 14
X400_S_DIRECTORY_NAME = 20
X400_S_FREE_FORM_NAME = 221
X400_S_TELEPHONE_NUMBER = 222

# -- envelope, per message (4.3) ----------------------------------------------
X400_S_MESSAGE_IDENTIFIER = 100
X400_N_CONTENT_TYPE = 101
X400_N_CONTENT_LENGTH = 102
X400_S_CONTENT_IDENTIFIER = 103
X400_S_ORIGINAL_ENCODED_INFORMATION_TYPES = 104
X400_N_PRIORITY = 105
X400_N_DISCLOSURE = 106
X400_N_IMPLICIT_CONVERSION_PROHIBITED = 107
X400_N_ALTERNATE_RECIPIENT_ALLOWED = 108
X400_N_CONTENT_RETURN_REQUEST = 109
X400_S_MESSAGE_SUBMISSION_TIME = 110
X400_S_MESSAGE_DELIVERY_TIME = 111
X400_S_EXTERNAL_CONTENT_TYPE = 112
X400_N_RECIPIENT_REASSIGNMENT_PROHIBITED = 120
X400_N_DL_EXPANSION_PROHIBITED = 121
X400_N_CONVERSION_WITH_LOSS_PROHIBITED = 122
X400_S_LATEST_DELIVERY_TIME = 123
X400_S_ORIGINATOR_RETURN_ADDRESS = 124
X400_S_OBJECTTYPE = 125
X400_N_MMTS_PRIORITY_QUALIFIER = 126
X400_S_DEFERRED_DELIVERY_TIME = 127
X400_S_DLEXP_TIME = 128
X400_S_GLOBAL_DOMAIN_ID = 129
X400_S_DSI_ARRIVAL_TIME = 130          # (prefix inferred)
X400_N_DSI_ROUTING_ACTION = 131        # (prefix inferred)
X400_S_DSI_ATTEMPTED_DOMAIN = 132      # (prefix inferred)
X400_S_DSI_AA_DEF_TIME = 133           # (prefix inferred)
X400_S_DSI_AA_CEIT = 134               # (prefix inferred)
X400_N_DSI_AA_REDIRECTED = 135         # (prefix inferred)
X400_N_DSI_AA_DLOPERATION = 136        # (prefix inferred)
X400_S_CONTENT_CORRELATOR = 137
X400_N_REDIRECTION_REASON = 138
X400_S_REDIRECTION_TIME = 139
X400_N_CONTENT_RETURNED = 140
X400_S_CONTENT_CORRELATOR_OCTET_STRING = 141

# -- security (4.11) --------------------------------------------------------
X400_S_SEC_IDENTITY = 180
X400_B_SEC_GEN_MOAC = 181
X400_S_SEC_IDENTITY_PASSPHRASE = 182
X400_S_SEC_IDENTITY_DN = 183
X400_N_MOAC_STATUS = 188
X400_B_SEC_GEN_MESSAGE_TOKEN = 1700
X400_B_SEC_ADD_CERT_PATH = 1701
X400_B_SEC_CONTENT_INTEGRITY_CHECK = 1702

# -- per recipient (4.4) ------------------------------------------------------
X400_N_ORIGINAL_RECIPIENT_NUMBER = 200
X400_N_RESPONSIBILITY = 201
X400_N_MTA_REPORT_REQUEST = 202
X400_N_REPORT_REQUEST = 203
X400_S_ORIGINATOR_REQUESTED_ALTERNATE_RECIPIENT = 204
X400_S_ORIGINATOR_REQUESTED_ALTERNATE_RECIPIENT_DN = 205   # (suffix inferred)
X400_N_NOTIFICATION_REQUEST = 223
X400_N_REPLY_REQUESTED = 224
X400_N_PRECEDENCE = 225
X400_S_ORIGINAL_RECIPIENT_ADDRESS = 226
X400_S_CONVERTED_ENCODED_INFORMATION_TYPES = 227

# -- IPM heading (4.5) ------------------------------------------------------
X400_S_IPM_IDENTIFIER = 300
X400_S_SUBJECT = 301
X400_S_REPLIED_TO_IDENTIFIER = 302
X400_S_OBSOLETED_IPMS = 303
X400_S_RELATED_IPMS = 304
X400_S_EXPIRY_TIME = 305
X400_S_REPLY_TIME = 306
X400_N_IMPORTANCE = 307
X400_N_SENSITIVITY = 308
X400_N_AUTOFORWARDED = 309
X400_S_SENT_IPM_IDENTIFIER = 310
X400_S_AUTHORIZATION_TIME = 320
X400_S_ORIGINATORS_REFERENCE = 321
X400_S_PRECEDENCE_POLICY_ID = 322
X400_S_CONTENT_STRING = 350
X400_S_CONTENT_FILENAME = 351
X400_N_DECODE_CONTENT = 352

# -- body parts (4.6) ---------------------------------------------------------
X400_N_NUM_ATTACHMENTS = 400
X400_T_IA5TEXT = 401
X400_T_ISO8859_1 = 402
X400_T_ISO8859_2 = 403
X400_T_BINARY = 404
X400_T_MESSAGE = 405
X400_T_FTBP = 406
X400_T_GENERAL_TEXT = 407
X400_T_TELETEX = 460
X400_N_BODY_TYPE = 800
X400_S_BODY_DATA = 801
X400_S_GENERAL_TEXT_CHARSETS = 802
X400_N_FTBP_ENCODING = 803
X400_S_FTBP_APPLICATION_REFERENCE_OID = 804
X400_S_FTBP_APPLICATION_REFERENCE_STR = 805
X400_S_FTBP_CONTENT_DESCRIPTION = 806
X400_S_FTBP_FILENAME = 807
X400_S_FTBP_CREATION_DATE = 808
X400_S_FTBP_MODIFICATION_DATE = 809
X400_S_FTBP_READ_DATE = 810
X400_N_FTBP_OBJECT_SIZE = 811
X400_S_BODY_DATA_RAW = 812

# -- P772 (4.12, mmhs.md) -----------------------------------------------------
X400_S_EXT_AUTH_INFO = 408
X400_N_EXT_CODRESS = 409
X400_N_EXT_MSG_TYPE = 410
X400_N_EXT_PRIM_PREC = 411
X400_N_EXT_COPY_PREC = 412
X400_PRINTABLE_STRING_SEQ = 413
X400_S_HANDLING_INSTRUCTIONS = 414
X400_S_MESSAGE_INSTRUCTIONS = 415
X400_S_ORIG_REF = 416
X400_S_ORIG_PLAD = 417
X400_S_DIST_CODES_SIC = 418
X400_DIST_CODES_EXT = 419
X400_S_DIST_CODES_EXT_OID = 420        # (prefix inferred)
X400_S_DIST_CODES_EXT_VALUE = 421      # (prefix inferred)
X400_OTHER_RECIP_INDICATOR = 422
X400_S_PILOT_FWD_INFO = 423
X400_S_ACP127_MSG_ID = 424
X400_ACP127_RESPONSE = 425
X400_N_ACP127_NOTI_TYPE = 426
X400_S_INFO_SEC_LABEL = 427
X400_N_ADATP3_PARM = 428               # (prefix inferred)
X400_N_ADATP3_CHOICE = 429             # (prefix inferred)
X400_S_ADATP3_DATA = 430               # (prefix inferred)
X400_T_ADATP3 = 431
X400_T_CORRECTIONS = 432
X400_N_CORRECTIONS_PARM = 433          # (prefix inferred)
X400_S_CORRECTIONS_DATA = 434          # (prefix inferred)
X400_T_ACP127DATA = 435
X400_N_ACP127DATA_PARM = 436           # (prefix inferred)
X400_S_ACP127_DATA = 437               # (prefix inferred)
X400_T_MM = 438
X400_T_FWDENC = 439
X400_S_ENCRYPTED_DATA = 440            # (prefix inferred)
X400_S_FWD_CONTENT_STRING = 441
X400_T_FWD_CONTENT = 442
X400_S_ORIG_OR_EXAP_TIME = 443
X400_ORIG_OR_EXAP = 444
X400_S_ORIG_CERT = 445
X400_N_PROOF_OF_DEL_REQ = 446
X400_S_EXT_MSG_IDENTIFIER = 447
#: ACP 127 notification-type bits of X400_N_ACP127_NOTI_TYPE (names inferred).
X400_ACP127_NOTI_TYPE_NEG = 1
X400_ACP127_NOTI_TYPE_POS = 2
X400_ACP127_NOTI_TYPE_TRANS = 4

# -- IPN (4.7) --------------------------------------------------------------
X400_N_IS_IPN = 500
X400_S_SUBJECT_IPM = 501
X400_S_CONVERSION_EITS = 502
X400_N_NON_RECEIPT_REASON = 510
X400_N_DISCARD_REASON = 511
X400_S_AUTOFORWARD_COMMENT = 512
X400_S_RECEIPT_TIME = 520
X400_N_ACK_MODE = 521
X400_S_SUPP_RECEIPT_INFO = 522

# -- report (4.8) -----------------------------------------------------------
X400_S_SUBJECT_IDENTIFIER = 600
X400_S_SUPPLEMENTARY_INFO = 610
X400_N_TYPE_OF_USER = 611
X400_S_ARRIVAL_TIME = 612
X400_N_NON_DELIVERY_REASON = 613
X400_N_NON_DELIVERY_DIAGNOSTIC = 614

# -- session defaults (4.14) ------------------------------------------------
X400_S_LOG_CONFIGURATION = 700
X400_N_REPORTS = 701
X400_S_CONTENT_FILE_PATH = 702
X400_N_WAIT_INTERVAL = 703
X400_S_LOG_CONFIGURATION_FILE = 704
X400_B_RETURN_VERIFICATION_ERRORS = 705
X400_S_ADATP3_SEP = 706
X400_N_LIST_ATTR = 750

# -- Message Store (4.9) ----------------------------------------------------
X400_N_ENTRY_STATUS = 900
X400_N_SEQUENCE_NUMBER = 901
X400_B_DELETE_AFTER_AUTO_FORWARDING = 902
X400_S_AUTO_FORWARDING_COMMENT = 903
X400_S_COVER_NOTE = 904
X400_S_THIS_IPM_PREFIX = 905
X400_N_DELAYED_AUTOFORWARDING_INTERVAL = 906
X400_N_FIRST_SEQUENCE_NUMBER = 907
X400_B_STRICT_P7_1988 = 908

# -- structured objects (4.10) ----------------------------------------------
X400_DL_EXPANSION_HISTORY = 1500
X400_S_SECURITY_LABEL = 1501
X400_TRACE_INFO = 1502
X400_REDIRECTION_HISTORY = 1503
X400_SUBJECT_TRACE_INFO = 1504
X400_INTERNAL_TRACE_INFO = 1505
X400_EXT_ADDRESS_LIST_IND = 1506
X400_REDIRECTION_HISTORY_ENV = 1507

# -- AMHS (4.13, amhs.md) -----------------------------------------------------
ATS_S_PRIORITY_INDICATOR = 1001
ATS_S_FILING_TIME = 1002
ATS_S_OPTIONAL_HEADING_INFO = 1003
ATS_S_TEXT = 1004
ATS_N_EXTENDED = 1005
ATS_EOH_MODE = 1006
ATS_N_BASIC_BODYPART_ENCODING = 1007
ATS_EOH_MODE_CRLF = 1
ATS_EOH_MODE_LF = 2
ATS_EOH_MODE_NONE = 3
ATS_IA5_TEXT = 1
ATS_GENERALTEXT_REPERTOIRE_A = 2
ATS_GENERALTEXT_REPERTOIRE_B = 3

# -- status codes (5) ---------------------------------------------------------
#: code -> (name, short text): the X400_E_* status codes, for error tables
#: and for :func:`error_text` (the role of the API's error-text call).
ERRORS: Dict[int, Tuple[str, str]] = {
    0: ("X400_E_NOERROR", "success"),
    1: ("X400_E_SYSERROR", "operating-system failure"),
    2: ("X400_E_NOMEMORY", "out of memory"),
    3: ("X400_E_BADPARAM", "bad argument"),
    4: ("X400_E_INT_ERROR", "internal error"),
    5: ("X400_E_CONFIG_ERROR", "configuration problem"),
    6: ("X400_E_NYI", "not implemented"),
    7: ("X400_E_NO_CHANNEL", "gateway channel unknown"),
    8: ("X400_E_INV_MSG", "invalid message object or state"),
    10: ("X400_E_NOCONNECT", "could not connect"),
    11: ("X400_E_BADCREDENTIALS", "bind refused: bad credentials"),
    12: ("X400_E_CONNECT_REJ", "bind or connection rejected"),
    13: ("X400_E_QMGR_CONGESTED", "MTA queue manager congested"),
    14: ("X400_E_BAD_QMGR_RESP", "bad reply from the queue manager"),
    20: ("X400_E_MISSING_ATTR", "a required attribute is absent"),
    21: ("X400_E_CONFLICT_ATTR", "attributes conflict"),
    22: ("X400_E_INVALID_ATTR", "attribute not valid here"),
    23: ("X400_E_INVALID_VALUE", "value out of range or malformed"),
    24: ("X400_E_NO_VALUE", "attribute has no value"),
    30: ("X400_E_NO_MESSAGE", "no message to fetch"),
    31: ("X400_E_TIMED_OUT", "wait timed out"),
    32: ("X400_E_NO_RECIP", "no such recipient"),
    33: ("X400_E_NOSPACE", "buffer too small"),
    64: ("X400_E_ADDRESS_ERROR", "O/R address cannot be parsed"),
    65: ("X400_E_BUFFER_FILE_ERROR", "raw-content file problem"),
    66: ("X400_E_BUFFER_FILENAME_ERROR", "raw-content file name problem"),
    67: ("X400_E_BUFFER_TYPE_ERROR", "raw-content buffer type problem"),
    68: ("X400_E_CONTENT_ERROR", "content encoding or decoding problem"),
    69: ("X400_E_CONTENT_DATA_ERROR", "content data problem"),
    70: ("X400_E_CONTENT_INIT_ERROR", "content initialisation problem"),
    71: ("X400_E_CONTENT_BODY_ERROR", "content body problem"),
    72: ("X400_E_INIT_ERROR", "library initialisation failed"),
    73: ("X400_E_MESSAGE_ERROR", "message-level error"),
    74: ("X400_E_NO_CONTENT", "message has no content"),
    75: ("X400_E_ORIGINATOR_ERROR", "originator problem"),
    76: ("X400_E_PARMS_ERROR", "envelope parameter problem"),
    77: ("X400_E_RECIPIENT_ERROR", "recipient problem"),
    78: ("X400_E_TRANSFERABLE_ERROR", "could not build the transferable form"),
    79: ("X400_E_REPORT_ERROR", "report problem"),
    80: ("X400_E_COMPLEX_BODY", "body part needs the body-part object calls"),
    81: ("X400_E_MESSAGE_BODY", "body part is a forwarded message"),
    82: ("X400_E_UNSUPPORTED_BODY", "body part type not supported"),
    83: ("X400_E_X509_ENV", "security environment problem"),
    84: ("X400_E_X509_INTERNAL_ERROR", "security internal error"),
    85: ("X400_E_X509_INIT", "security initialisation failed"),
    87: ("X400_E_X509_VERIFY_FAIL_NO_CERT", "verification failed: no certificate"),
    88: ("X400_E_X509_VERIFY_FAIL_NO_PUBKEY", "verification failed: no public key"),
    89: ("X400_E_X509_VERIFY_FAIL_INCOMPAT_ALG",
         "verification failed: incompatible algorithm"),
    90: ("X400_E_X509_VERIFY_FAIL_UNSUPPORTED_ALG",
         "verification failed: unsupported algorithm"),
    91: ("X400_E_X509_VERIFY_FAIL", "verification failed"),
    92: ("X400_E_X509_CERT_INVALID", "certificate invalid"),
    93: ("X400_E_X509_ITEM_INVALID", "security item invalid"),
    94: ("X400_E_SIGN_NO_IDENTITY", "signing asked for without an identity"),
    95: ("X400_E_SIGN", "signing failed"),
    96: ("X400_E_NONDELIVERED", "unhandled critical extension: not delivered"),
    99: ("X400_E_NO_MORE_RESULTS", "no more results"),
    100: ("X400_E_WAIT_WRITE", "wait until writable"),
    101: ("X400_E_WAIT_READ", "wait until readable"),
    102: ("X400_E_WAIT_READ_WRITE", "wait until readable or writable"),
    110: ("X400_E_CONNECTION_LOST", "association lost"),
    111: ("X400_E_SHUTDOWN", "session shutting down"),
    112: ("X400_E_NO_MATCH", "no matching entry"),
}
for _code, (_name, _text) in ERRORS.items():
    globals()[_name] = _code
del _code, _name, _text
# (for type checkers and readers: the names the loop above defines)
X400_E_NOERROR = 0
X400_E_BADPARAM = 3
X400_E_NYI = 6
X400_E_INV_MSG = 8
X400_E_MISSING_ATTR = 20
X400_E_CONFLICT_ATTR = 21
X400_E_INVALID_ATTR = 22
X400_E_INVALID_VALUE = 23
X400_E_NO_VALUE = 24
X400_E_NO_RECIP = 32
X400_E_ADDRESS_ERROR = 64
X400_E_CONTENT_ERROR = 68
X400_E_MESSAGE_ERROR = 73
X400_E_COMPLEX_BODY = 80
X400_E_MESSAGE_BODY = 81
X400_E_UNSUPPORTED_BODY = 82
X400_E_NO_MORE_RESULTS = 99


def error_text(code: int) -> str:
    """Short text of an ``X400_E_*`` status (what the API's error-text
    call is for)."""
    entry = ERRORS.get(code)
    return entry[1] if entry is not None else "unknown status %d" % code


def _fail(code: int, reason: str) -> IsodeAPIError:
    return IsodeAPIError(code, ERRORS[code][0], reason)


# ---------------------------------------------------------------------------
# Value conversions between the API's forms and the model's


def _api_time(value: Any) -> Optional[_dt.datetime]:
    """A datetime from the API's string forms (or a datetime)."""
    if isinstance(value, _dt.datetime):
        return U.utc(value, "time")
    if not isinstance(value, str):
        raise _fail(X400_E_INVALID_VALUE, "a time is a string YYMMDDHHMM[SS]Z")
    s = value.strip()
    if s.endswith("Z"):
        s = s[:-1]
    # 12 digits are read as YYMMDDHHMMSS (UTCTime with seconds), not as
    # YYYYMMDDHHMM.
    fmt = {10: "%y%m%d%H%M", 12: "%y%m%d%H%M%S", 14: "%Y%m%d%H%M%S"}.get(len(s))
    try:
        if fmt is None or not s.isdigit():
            raise ValueError
        return _dt.datetime.strptime(s, fmt).replace(tzinfo=_dt.timezone.utc)
    except ValueError:
        raise _fail(X400_E_INVALID_VALUE, "%r is not a time YYMMDDHHMM[SS]Z" % (value,)) \
            from None


def _time_str(value: Optional[_dt.datetime]) -> Optional[str]:
    if value is None:
        return None
    return value.astimezone(_dt.timezone.utc).strftime("%y%m%d%H%M%SZ")


def _gtime_str(value: Optional[_dt.datetime]) -> Optional[str]:
    if value is None:
        return None
    return value.astimezone(_dt.timezone.utc).strftime("%Y%m%d%H%M%SZ")


def _orname(value: Any) -> Any:
    try:
        return U.as_orname(value, "address")
    except MessageError as exc:
        raise _fail(X400_E_ADDRESS_ERROR, str(exc)) from None
    except ValueError as exc:
        raise _fail(X400_E_ADDRESS_ERROR, str(exc)) from None


def _orname_str(value: Any) -> Optional[str]:
    return None if value is None else str(value)


def _eits_str(eits: Any) -> Optional[str]:
    if eits is None:
        return None
    return " ".join(sorted(str(e) for e in eits))


def _eits(value: str) -> Any:
    return frozenset(value.split())


# A table entry: kind "s" (string), "n" (integer), "b" (octets); get(obj)
# returns the API value or None when absent; set(obj, value) or None when the
# attribute is read-only.  ``multi``: the attribute holds several values, an
# add appends one and a get takes index=.
class Attr(NamedTuple):
    kind: str
    get: Callable[[Any], Any]
    set: Optional[Callable[[Any, Any], None]] = None
    multi: bool = False


def _plain(name: str, kind: str = "s") -> Attr:
    """A model attribute that holds the API value as it is."""
    def get(o: Any) -> Any:
        return getattr(o, name)

    def put(o: Any, v: Any) -> None:
        setattr(o, name, v)
    return Attr(kind, get, put)


def _flag(name: str) -> Attr:
    def get(o: Any) -> Any:
        return 1 if getattr(o, name) else 0

    def put(o: Any, v: Any) -> None:
        setattr(o, name, bool(v))
    return Attr("n", get, put)


def _time(name: str) -> Attr:
    def get(o: Any) -> Any:
        return _time_str(getattr(o, name))

    def put(o: Any, v: Any) -> None:
        setattr(o, name, _api_time(v))
    return Attr("s", get, put)


def _indexed(name: str, names: Tuple[str, ...], base: int = 0,
             none_code: Optional[int] = None) -> Attr:
    """An attribute holding a name of ``names``; the API number is the
    position plus ``base`` (``none_code`` stands for ``None``)."""
    def get(o: Any) -> Any:
        v = getattr(o, name)
        if v is None:
            return none_code
        if isinstance(v, int):
            return v
        return names.index(v) + base

    def put(o: Any, v: Any) -> None:
        if none_code is not None and v == none_code:
            setattr(o, name, None)
            return
        i = v - base
        if not 0 <= i < len(names):
            raise _fail(X400_E_INVALID_VALUE, "%d is not one of %d..%d" % (
                v, base, base + len(names) - 1))
        setattr(o, name, names[i])
    return Attr("n", get, put)


def _ipm_id(name: str) -> Attr:
    def get(o: Any) -> Any:
        v = getattr(o, name)
        return None if v is None else str(v)

    def put(o: Any, v: Any) -> None:
        setattr(o, name, IPMIdentifier.parse(v))
    return Attr("s", get, put)


def _ipm_id_list(name: str) -> Attr:
    def get(o: Any) -> Any:
        return [str(x) for x in getattr(o, name)] or None

    def put(o: Any, v: Any) -> None:
        getattr(o, name).append(IPMIdentifier.parse(v))
    return Attr("s", get, put, multi=True)


def _mts_id(name: str) -> Attr:
    def get(o: Any) -> Any:
        v = getattr(o, name)
        return None if v is None else str(v)

    def put(o: Any, v: Any) -> None:
        setattr(o, name, MTSIdentifier.parse(v))
    return Attr("s", get, put)


def _address(name: str) -> Attr:
    def get(o: Any) -> Any:
        return _orname_str(getattr(o, name))

    def put(o: Any, v: Any) -> None:
        setattr(o, name, _orname(v))
    return Attr("s", get, put)


def _component(field_name: str, ou: int = -1) -> Attr:
    """One attribute of the O/R address of a descriptor (``address``)."""
    import dataclasses

    def get(o: Any) -> Any:
        name = o.address
        if name is None:
            return None
        if ou >= 0:
            units = name.address.ou
            return units[ou] if ou < len(units) else None
        return getattr(name.address, field_name)

    def put(o: Any, v: Any) -> None:
        from .oraddress import ORAddress, ORName
        name = o.address if o.address is not None else ORName(ORAddress())
        a = name.address
        if ou >= 0:
            units = list(a.ou)
            if ou > len(units):
                raise _fail(X400_E_INVALID_VALUE, "set organizational unit %d first" % ou)
            units[ou:ou + 1] = [v]
            changes: Dict[str, Any] = {"ou": tuple(units)}
        else:
            changes = {field_name: v}
        try:
            o.address = ORName(dataclasses.replace(a, **changes), name.directory_name)
        except ValueError as exc:
            raise _fail(X400_E_ADDRESS_ERROR, str(exc)) from None
    return Attr("s", get, put)


_ADDRESS_COMPONENTS: Dict[int, Attr] = {
    X400_S_COUNTRY_NAME: _component("c"),
    X400_S_ADMD_NAME: _component("admd"),
    X400_S_PRMD_NAME: _component("prmd"),
    X400_S_ORGANIZATION_NAME: _component("o"),
    X400_S_ORGANIZATIONAL_UNIT_NAME_1: _component("ou", 0),
    X400_S_ORGANIZATIONAL_UNIT_NAME_2: _component("ou", 1),
    X400_S_ORGANIZATIONAL_UNIT_NAME_3: _component("ou", 2),
    X400_S_ORGANIZATIONAL_UNIT_NAME_4: _component("ou", 3),
    X400_S_SURNAME: _component("surname"),
    X400_S_GIVEN_NAME: _component("given_name"),
    X400_S_INITIALS: _component("initials"),
    X400_S_GENERATION_QUALIFIER: _component("generation_qualifier"),
    X400_S_COMMON_NAME: _component("cn"),
}

#: O/R descriptor attributes (originator, authorising users, reply-to).
DESCRIPTOR_ATTRIBUTES: Dict[int, Attr] = dict(_ADDRESS_COMPONENTS)
DESCRIPTOR_ATTRIBUTES.update({
    X400_S_OR_ADDRESS: _address("address"),
    X400_S_FREE_FORM_NAME: _plain("free_form_name"),
    X400_S_TELEPHONE_NUMBER: _plain("telephone_number"),
})


# -- recipient options ------------------------------------------------------

_REPORT_REQUESTS = ("none", "non-delivery", "delivery")
_NOTIFICATION_BITS = ((1, "receipt_notification"), (2, "non_receipt_notification"),
                      (4, "ipm_return"))


def _get_notification(r: Recipient) -> int:
    return sum(bit for bit, name in _NOTIFICATION_BITS if getattr(r, name))


def _set_notification(r: Recipient, v: int) -> None:
    if v & ~7:
        raise _fail(X400_E_INVALID_VALUE, "notification request bits are 1, 2 and 4")
    for bit, name in _NOTIFICATION_BITS:
        setattr(r, name, bool(v & bit))


def _rext(oid: str, t: Any, to_api: Callable[[Any], Any] = lambda v: v,
          from_api: Callable[[Any], Any] = lambda v: v) -> Attr:
    """A recipient extension (RecipientSpecifier); values of types the
    X.420 table does not know are kept as Raw BER, as the model does."""
    known = oid in x420.RECIPIENT_EXTENSIONS

    def get(r: Any) -> Any:
        v = r.extensions.get(oid)
        if v is None:
            return None
        if isinstance(v, U.Raw):
            v = t.decode(bytes(v))
        return to_api(v)

    def put(r: Any, v: Any) -> None:
        value = from_api(v)
        r.extensions[oid] = value if known else U.Raw(t.encode(value))
    return Attr("n", get, put)


_ACP127_BITS = ((X400_ACP127_NOTI_TYPE_NEG, "acp127-nn"), (X400_ACP127_NOTI_TYPE_POS, "acp127-pn"),
                (X400_ACP127_NOTI_TYPE_TRANS, "acp127-tn"))

#: Attributes of a message recipient (:class:`~x400fast.message.Recipient`).
RECIPIENT_ATTRIBUTES: Dict[int, Attr] = dict(DESCRIPTOR_ATTRIBUTES)
RECIPIENT_ATTRIBUTES.update({
    X400_N_REPORT_REQUEST: _indexed("report", _REPORT_REQUESTS),
    X400_N_NOTIFICATION_REQUEST: Attr("n", _get_notification, _set_notification),
    X400_N_REPLY_REQUESTED: _flag("reply_requested"),
    X400_N_PRECEDENCE: _rext(x420.id_rex_precedence, x420.RECIPIENT_EXTENSIONS.get(
        x420.id_rex_precedence)),
    X400_N_ACP127_NOTI_TYPE: _rext(
        p772.id_nato_mmhs_mm_acp127_notification_request,
        p772.RECIPIENT_EXTENSIONS[p772.id_nato_mmhs_mm_acp127_notification_request],
        to_api=lambda bits: sum(b for b, n in _ACP127_BITS if n in bits),
        from_api=lambda v: frozenset(n for b, n in _ACP127_BITS if v & b)),
})

#: Attributes of a report's per-recipient entry (X400_RECIP_REPORT).
REPORT_RECIPIENT_ATTRIBUTES: Dict[int, Attr] = {
    X400_S_OR_ADDRESS: _address("recipient"),
    X400_S_MESSAGE_DELIVERY_TIME: _time("delivery_time"),
    X400_N_TYPE_OF_USER: _plain("type_of_user", "n"),
    X400_N_NON_DELIVERY_REASON: _plain("reason_code", "n"),
    X400_N_NON_DELIVERY_DIAGNOSTIC: _plain("diagnostic_code", "n"),
    X400_S_SUPPLEMENTARY_INFO: _plain("supplementary_info"),
    X400_S_ORIGINAL_RECIPIENT_ADDRESS: _address("originally_intended_recipient"),
    X400_S_CONVERTED_ENCODED_INFORMATION_TYPES: Attr(
        "s", lambda o: _eits_str(o.converted_eits),
        lambda o, v: setattr(o, "converted_eits", _eits(v))),
}


# -- message ------------------------------------------------------------------

_CONTENT_TYPES = {2: x420.content_type_p2, 22: x420.content_type_p22,
                  772: p772.id_mct_p772}


def _get_content_type(o: Any) -> Any:
    ct = o.content_type
    if isinstance(ct, int):
        return ct
    for number, value in _CONTENT_TYPES.items():
        if ct == value:
            return number
    return None


def _set_content_type(o: Any, v: int) -> None:
    if v not in _CONTENT_TYPES:
        raise _fail(X400_E_INVALID_VALUE, "content type is 2, 22 or 772 "
                    "(X400_S_EXTERNAL_CONTENT_TYPE for an OID)")
    o.content_type = _CONTENT_TYPES[v]


def _get_external_ct(o: Any) -> Any:
    ct = o.content_type
    return ct if isinstance(ct, str) else None


def _get_eits(o: Message) -> Any:
    return _eits_str(o.body_eits() if o.original_eits is None else o.original_eits)


def _correlator(kind: type) -> Attr:
    def get(o: Any) -> Any:
        v = o.content_correlator
        return v if isinstance(v, kind) else None

    def put(o: Any, v: Any) -> None:
        o.content_correlator = bytes(v) if kind is bytes else v
    return Attr("b" if kind is bytes else "s", get, put)


def _get_label(o: Any) -> Any:
    if o.security_label is None:
        return None
    return x411.MTSAbstractService["SecurityLabel"].encode(o.security_label)


def _set_label(o: Any, v: Any) -> None:
    try:
        o.security_label = x411.MTSAbstractService["SecurityLabel"].decode(bytes(v))
    except ValueError as exc:
        raise _fail(X400_E_INVALID_VALUE, "not the BER of an X.411 SecurityLabel: %s"
                    % exc) from None


def _get_content(o: Any) -> Any:
    return o.raw if o.raw is not None else o.to_content()


def _set_content(o: Any, v: Any) -> None:
    try:
        other = type(o).from_content(bytes(v))
    except ValueError as exc:
        raise _fail(X400_E_CONTENT_ERROR, str(exc)) from None
    for name in ("originator", "to", "cc", "bcc", "subject", "body", "importance",
                 "sensitivity", "ipm_id", "authorizing_users", "reply_to", "replied_to",
                 "obsoleted", "related", "expiry_time", "reply_time", "auto_forwarded",
                 "heading_extensions"):
        setattr(o, name, getattr(other, name))
    o.raw = other.raw


def _object_type(o: Any) -> str:
    return "report" if isinstance(o, Report) else "message"


def _hext(oid: str, to_api: Callable[[Any], Any] = lambda v: v,
          from_api: Callable[[Any], Any] = lambda v: v, kind: str = "s") -> Attr:
    """An X.420 heading extension the model knows the type of."""
    def get(o: Any) -> Any:
        v = o.heading_extensions.get(oid)
        return None if v is None else to_api(v)

    def put(o: Any, v: Any) -> None:
        o.heading_extensions[oid] = from_api(v)
    return Attr(kind, get, put)


# P772 heading extensions: kept in Message.heading_extensions under their
# OIDs as Raw BER (the X.420 table does not know their types), encoded and
# decoded with p772's declarations.

def _p772_value(o: Any, oid: str) -> Any:
    v = o.heading_extensions.get(oid)
    if v is None:
        return None
    if isinstance(v, U.Raw) or isinstance(v, bytes):
        return p772.HEADING_EXTENSIONS[oid].decode(bytes(v))
    return v


def _p772_put(o: Any, oid: str, value: Any) -> None:
    try:
        o.heading_extensions[oid] = U.Raw(p772.HEADING_EXTENSIONS[oid].encode(value))
    except ValueError as exc:
        raise _fail(X400_E_INVALID_VALUE, str(exc)) from None


def _mext(oid: str, to_api: Callable[[Any], Any] = lambda v: v,
          from_api: Callable[[Any], Any] = lambda v: v, kind: str = "s") -> Attr:
    def get(o: Any) -> Any:
        v = _p772_value(o, oid)
        return None if v is None else to_api(v)

    def put(o: Any, v: Any) -> None:
        _p772_put(o, oid, from_api(v))
    return Attr(kind, get, put)


def _mext_list(oid: str, path: Tuple[str, ...] = ()) -> Attr:
    """A P772 extension holding a sequence of strings (``path`` descends
    into a SET first, e.g. the SICs of distribution-codes)."""
    def get(o: Any) -> Any:
        v = _p772_value(o, oid)
        for key in path:
            v = None if v is None else v.get(key)
        return list(v) if v else None

    def put(o: Any, item: Any) -> None:
        v = _p772_value(o, oid)
        if path:
            outer = dict(v or {})
            outer[path[0]] = list(outer.get(path[0], ())) + [item]
            _p772_put(o, oid, outer)
        else:
            _p772_put(o, oid, list(v or ()) + [item])
    return Attr("s", get, put, multi=True)


def _mext_raw(oid: str) -> Attr:
    """A P772 extension passed as the BER of its value (as Isode does)."""
    def get(o: Any) -> Any:
        v = o.heading_extensions.get(oid)
        if v is None:
            return None
        if isinstance(v, bytes):
            return bytes(v)
        return p772.HEADING_EXTENSIONS[oid].encode(v)

    def put(o: Any, v: Any) -> None:
        data = bytes(v)
        try:
            p772.HEADING_EXTENSIONS[oid].decode(data)
        except ValueError as exc:
            raise _fail(X400_E_INVALID_VALUE, "not the BER of the extension's value: %s"
                        % exc) from None
        o.heading_extensions[oid] = U.Raw(data)
    return Attr("b", get, put)


def _msg_type_part(key: str, kind: str) -> Attr:
    oid = p772.id_nato_mmhs_mm_message_type

    def get(o: Any) -> Any:
        v = _p772_value(o, oid)
        return None if v is None else v.get(key)

    def put(o: Any, value: Any) -> None:
        v = dict(_p772_value(o, oid) or {"type": 0})
        v[key] = value
        _p772_put(o, oid, v)
    return Attr(kind, get, put)


_PLQ = p772.id_mmts_priority_level_qualifier
_PLQ_TYPE = p772.MTS_EXTENSIONS[_PLQ]
_PLQ_NAMES = ("low", "high")


def _get_plq(o: Any) -> Any:
    for ext in o.envelope_extensions:
        if ext["type"] == ("private_extension", _PLQ):
            return _PLQ_NAMES.index(_PLQ_TYPE.decode(bytes(ext["value"])))
    return None


def _set_plq(o: Any, v: int) -> None:
    if v not in (0, 1):
        raise _fail(X400_E_INVALID_VALUE, "the priority level qualifier is 0 (low) or 1 (high)")
    rest = [e for e in o.envelope_extensions if e["type"] != ("private_extension", _PLQ)]
    rest.append(U.extension_field(_PLQ, U.Raw(_PLQ_TYPE.encode(_PLQ_NAMES[v]))))
    o.envelope_extensions = rest


# -- ATS attributes ------------------------------------------------------------
# Pending values live in ``message._isode_ats`` until msg_encode() applies
# them; on a received message they are read from the IPM.

def _ats_state(o: Any) -> Dict[str, Any]:
    st = getattr(o, "_isode_ats", None)
    if st is None:
        st = {}
        o._isode_ats = st
    return st


def _ats_read(o: Any) -> Any:
    from .amhs import ATSMessage
    try:
        return ATSMessage.from_message(o)
    except (ATSMessageError, MessageError, ValueError):
        return None


def _ats(key: str, kind: str = "s",
         read: Callable[[Any], Any] = lambda a: None,
         check: Callable[[Any], Any] = lambda v: v) -> Attr:
    def get(o: Any) -> Any:
        st = getattr(o, "_isode_ats", None)
        if st and key in st:
            return st[key]
        a = _ats_read(o)
        return None if a is None else read(a)

    def put(o: Any, v: Any) -> None:
        _ats_state(o)[key] = check(v)
    return Attr(kind, get, put)


def _check_priority(v: str) -> str:
    from .amhs import ATSPriority
    try:
        return ATSPriority.coerce(v).value
    except ATSMessageError as exc:
        raise _fail(X400_E_INVALID_VALUE, str(exc)) from None


def _check_eoh(v: int) -> int:
    if v != ATS_EOH_MODE_NONE:
        raise _fail(X400_E_INVALID_VALUE, "x400fast writes the ATS-message-header exactly "
                    "as Doc 9880 Table 3-4 gives it, without an end-of-heading line: "
                    "only ATS_EOH_MODE_NONE (3)")
    return v


def _check_encoding(v: int) -> int:
    if v not in (ATS_IA5_TEXT, ATS_GENERALTEXT_REPERTOIRE_A, ATS_GENERALTEXT_REPERTOIRE_B):
        raise _fail(X400_E_INVALID_VALUE, "basic body-part encoding is 1, 2 or 3")
    return v


def _ats_extended(a: Any) -> int:
    # ATSMessage keeps the authorization-time only when it read the
    # extended heading fields.
    return 1 if a.authorization_time is not None else 0


ATS_ATTRIBUTES: Dict[int, Attr] = {
    ATS_S_PRIORITY_INDICATOR: _ats("priority", read=lambda a: a.priority.value,
                                   check=_check_priority),
    ATS_S_FILING_TIME: _ats("filing_time", read=lambda a: a.filing_time),
    ATS_S_OPTIONAL_HEADING_INFO: _ats("ohi", read=lambda a: a.ohi),
    ATS_S_TEXT: _ats("text", read=lambda a: a.text),
    ATS_N_EXTENDED: _ats("extended", "n", read=_ats_extended, check=lambda v: 1 if v else 0),
    ATS_EOH_MODE: _ats("eoh", "n", read=lambda a: ATS_EOH_MODE_NONE, check=_check_eoh),
    ATS_N_BASIC_BODYPART_ENCODING: _ats("encoding", "n", check=_check_encoding),
}


def _originator_attr(attr: Attr) -> Attr:
    """A descriptor attribute applied to the message's originator."""
    def get(o: Any) -> Any:
        return None if o.originator is None else attr.get(o.originator)

    def put(o: Any, v: Any) -> None:
        if o.originator is None:
            o.originator = ORDescriptor()
        assert attr.set is not None
        attr.set(o.originator, v)
    return Attr(attr.kind, get, put)


_ENVELOPE_COMMON: Dict[int, Attr] = {
    X400_S_MESSAGE_IDENTIFIER: _mts_id("mts_identifier"),
    X400_S_CONTENT_IDENTIFIER: _plain("content_identifier"),
    X400_N_PRIORITY: _indexed("priority", PRIORITIES),
    X400_S_MESSAGE_SUBMISSION_TIME: _time("submission_time"),
    X400_S_MESSAGE_DELIVERY_TIME: _time("delivery_time"),
}

#: Attributes of an IPM (:class:`~x400fast.message.Message`).
MESSAGE_ATTRIBUTES: Dict[int, Attr] = dict(_ENVELOPE_COMMON)
MESSAGE_ATTRIBUTES.update({
    X400_S_OR_ADDRESS: _originator_attr(_address("address")),
    X400_S_FREE_FORM_NAME: _originator_attr(_plain("free_form_name")),
    X400_S_TELEPHONE_NUMBER: _originator_attr(_plain("telephone_number")),
    X400_N_CONTENT_TYPE: Attr("n", _get_content_type, _set_content_type),
    X400_S_EXTERNAL_CONTENT_TYPE: Attr("s", _get_external_ct,
                                       lambda o, v: setattr(o, "content_type", v)),
    X400_S_ORIGINAL_ENCODED_INFORMATION_TYPES: Attr(
        "s", _get_eits, lambda o, v: setattr(o, "original_eits", _eits(v))),
    X400_N_DISCLOSURE: _flag("disclosure_of_other_recipients"),
    X400_N_IMPLICIT_CONVERSION_PROHIBITED: _flag("conversion_prohibited"),
    X400_N_ALTERNATE_RECIPIENT_ALLOWED: _flag("alternate_recipient_allowed"),
    X400_N_CONTENT_RETURN_REQUEST: _flag("content_return_request"),
    X400_N_RECIPIENT_REASSIGNMENT_PROHIBITED: _flag("recipient_reassignment_prohibited"),
    X400_N_DL_EXPANSION_PROHIBITED: _flag("dl_expansion_prohibited"),
    X400_N_CONVERSION_WITH_LOSS_PROHIBITED: _flag("conversion_with_loss_prohibited"),
    X400_S_LATEST_DELIVERY_TIME: _time("latest_delivery_time"),
    X400_S_DEFERRED_DELIVERY_TIME: _time("deferred_delivery_time"),
    X400_S_OBJECTTYPE: Attr("s", _object_type),
    X400_N_MMTS_PRIORITY_QUALIFIER: Attr("n", _get_plq, _set_plq),
    X400_S_CONTENT_CORRELATOR: _correlator(str),
    X400_S_CONTENT_CORRELATOR_OCTET_STRING: _correlator(bytes),
    X400_S_SECURITY_LABEL: Attr("b", _get_label, _set_label),
    X400_S_CONVERTED_ENCODED_INFORMATION_TYPES: Attr(
        "s", lambda o: _eits_str(o.converted_eits),
        lambda o, v: setattr(o, "converted_eits", _eits(v))),
    X400_S_ORIGINAL_RECIPIENT_ADDRESS: _address("originally_intended_recipient"),
    # heading
    X400_S_IPM_IDENTIFIER: _ipm_id("ipm_id"),
    X400_S_SUBJECT: _plain("subject"),
    X400_S_REPLIED_TO_IDENTIFIER: _ipm_id("replied_to"),
    X400_S_OBSOLETED_IPMS: _ipm_id_list("obsoleted"),
    X400_S_RELATED_IPMS: _ipm_id_list("related"),
    X400_S_EXPIRY_TIME: _time("expiry_time"),
    X400_S_REPLY_TIME: _time("reply_time"),
    X400_N_IMPORTANCE: _indexed("importance", IMPORTANCE),
    X400_N_SENSITIVITY: _indexed("sensitivity", SENSITIVITY, base=1, none_code=0),
    X400_N_AUTOFORWARDED: _flag("auto_forwarded"),
    X400_S_AUTHORIZATION_TIME: _hext(x420.id_hex_authorization_time, _gtime_str, _api_time),
    X400_S_ORIGINATORS_REFERENCE: _hext(
        x420.id_hex_originators_reference,
        lambda v: v["character_encoding"][1],
        lambda v: {"character_encoding": ("two_octets", v)}),
    X400_S_PRECEDENCE_POLICY_ID: _hext(x420.id_hex_precedence_policy_id),
    X400_S_CONTENT_STRING: Attr("b", _get_content, _set_content),
    X400_N_NUM_ATTACHMENTS: Attr("n", lambda o: len(o.body)),
    X400_N_IS_IPN: Attr("n", lambda o: 0),
    # P772
    X400_S_EXT_AUTH_INFO: _mext(p772.id_nato_mmhs_mm_extended_authorisation_info,
                                _time_str, _api_time),
    X400_N_EXT_CODRESS: _mext(p772.id_nato_mmhs_mm_codress_message, kind="n"),
    X400_N_EXT_MSG_TYPE: _msg_type_part("type", "n"),
    X400_S_EXT_MSG_IDENTIFIER: _msg_type_part("identifier", "s"),
    X400_N_EXT_PRIM_PREC: _mext(p772.id_nato_mmhs_mm_primary_precedence, kind="n"),
    X400_N_EXT_COPY_PREC: _mext(p772.id_nato_mmhs_mm_copy_precedence, kind="n"),
    X400_S_HANDLING_INSTRUCTIONS: _mext_list(p772.id_nato_mmhs_mm_handling_instructions),
    X400_S_MESSAGE_INSTRUCTIONS: _mext_list(p772.id_nato_mmhs_mm_message_instructions),
    X400_S_ORIG_REF: _mext(p772.id_nato_mmhs_mm_originator_reference),
    X400_S_ORIG_PLAD: _mext(p772.id_nato_mmhs_mm_originator_plad),
    X400_S_ACP127_MSG_ID: _mext(p772.id_nato_mmhs_mm_acp127_message_identifier),
    X400_S_DIST_CODES_SIC: _mext_list(p772.id_nato_mmhs_mm_distribution_codes, ("sics",)),
    X400_S_PILOT_FWD_INFO: _mext_raw(p772.id_nato_mmhs_mm_pilot_forwarding_info),
    X400_S_INFO_SEC_LABEL: _mext_raw(p772.id_nato_mmhs_mm_information_labels),
})
MESSAGE_ATTRIBUTES.update(ATS_ATTRIBUTES)

#: Attributes of a report (:class:`~x400fast.message.Report`).
REPORT_ATTRIBUTES: Dict[int, Attr] = {
    X400_S_SUBJECT_IDENTIFIER: _mts_id("subject_identifier"),
    X400_S_CONTENT_IDENTIFIER: _plain("content_identifier"),
    X400_N_CONTENT_TYPE: Attr("n", _get_content_type, _set_content_type),
    X400_S_EXTERNAL_CONTENT_TYPE: Attr("s", _get_external_ct,
                                       lambda o, v: setattr(o, "content_type", v)),
    X400_S_ORIGINAL_ENCODED_INFORMATION_TYPES: Attr(
        "s", lambda o: _eits_str(o.original_eits),
        lambda o, v: setattr(o, "original_eits", _eits(v))),
    X400_S_CONTENT_CORRELATOR: _correlator(str),
    X400_S_CONTENT_CORRELATOR_OCTET_STRING: _correlator(bytes),
    X400_S_SECURITY_LABEL: Attr("b", _get_label, _set_label),
    X400_N_CONTENT_RETURNED: Attr("n", lambda o: 0 if o.returned_content is None else 1),
    X400_S_OBJECTTYPE: Attr("s", _object_type),
    X400_N_IS_IPN: Attr("n", lambda o: 0),
}


def _ipn_only(cls: type, attr: Attr) -> Attr:
    """An attribute that only one kind of notification has: absent (no
    value) on the other."""
    def get(o: Any) -> Any:
        return attr.get(o) if isinstance(o, cls) else None

    def put(o: Any, v: Any) -> None:
        if not isinstance(o, cls):
            raise _fail(X400_E_INVALID_ATTR, "not an attribute of a %s" % type(o).__name__)
        assert attr.set is not None
        attr.set(o, v)
    return Attr(attr.kind, get, put)


_NRN_REASONS = ("ipm-discarded", "ipm-auto-forwarded")
_DISCARD_REASONS = ("ipm-expired", "ipm-obsoleted", "user-subscription-terminated",
                    "not-used")
_ACK_MODES = ("manual", "automatic")

#: Attributes of an IPN (:class:`~x400fast.message.Notification`).
IPN_ATTRIBUTES: Dict[int, Attr] = dict(_ENVELOPE_COMMON)
IPN_ATTRIBUTES.update({
    X400_N_IS_IPN: Attr("n", lambda o: 1),
    X400_S_OBJECTTYPE: Attr("s", _object_type),
    # the IPN originator (the recipient that notifies)
    X400_S_OR_ADDRESS: Attr(
        "s", lambda o: None if o.ipn_originator is None else _orname_str(
            o.ipn_originator.address),
        lambda o, v: setattr(o, "ipn_originator", ORDescriptor(_orname(v)))),
    X400_S_SUBJECT_IPM: _ipm_id("subject_ipm"),
    X400_S_CONVERSION_EITS: Attr("s", lambda o: _eits_str(o.conversion_eits),
                                 lambda o, v: setattr(o, "conversion_eits", _eits(v))),
    X400_N_NON_RECEIPT_REASON: _ipn_only(NonReceiptNotification,
                                         _indexed("reason", _NRN_REASONS)),
    X400_N_DISCARD_REASON: _ipn_only(NonReceiptNotification,
                                     _indexed("discard_reason", _DISCARD_REASONS)),
    X400_S_AUTOFORWARD_COMMENT: _ipn_only(NonReceiptNotification,
                                          _plain("auto_forward_comment")),
    X400_S_RECEIPT_TIME: _ipn_only(ReceiptNotification, _time("receipt_time")),
    X400_N_ACK_MODE: _ipn_only(ReceiptNotification, _indexed("acknowledgment_mode",
                                                             _ACK_MODES)),
    X400_S_SUPP_RECEIPT_INFO: _ipn_only(ReceiptNotification, _plain("supplementary_info")),
})


# -- body parts -----------------------------------------------------------------

def _text_type(p: TextBody) -> int:
    cs = p.effective_charset
    return {"ia5": X400_T_IA5TEXT, "ita2": X400_T_IA5TEXT, "iso-8859-1": X400_T_ISO8859_1,
            "iso-8859-2": X400_T_ISO8859_2}.get(cs or "ia5", X400_T_GENERAL_TEXT)


def body_type(part: BodyPart) -> Optional[int]:
    """The ``X400_T_*`` type of a body part (``None`` for a part this layer
    has no type for: an :class:`~x400fast.message.UnknownBody`)."""
    if isinstance(part, TextBody):
        return _text_type(part)
    if isinstance(part, BinaryBody):
        return X400_T_BINARY
    if isinstance(part, FileBody):
        return X400_T_FTBP
    if isinstance(part, ForwardedMessage):
        return X400_T_MESSAGE
    return None


_C0, _G0 = 1, 6
_REGISTRATIONS = {v[0]: k for k, v in CHARSETS.items()}


def _get_charsets(p: TextBody) -> Any:
    cs = p.effective_charset
    if cs in ("ia5", "ita2", None):
        return None
    if cs == "iso-646":
        return "%d %d" % (_C0, _G0)
    return "%d %d %d" % (_C0, _G0, CHARSETS[cs][0])


def _set_charsets(p: TextBody, v: str) -> None:
    try:
        regs = [int(x) for x in v.split()]
    except ValueError:
        raise _fail(X400_E_INVALID_VALUE, "charsets are ISO-IR numbers, space separated") \
            from None
    right = [r for r in regs if r not in (_C0, _G0)]
    if not right:
        p.charset = "iso-646"
    elif len(right) == 1 and right[0] in _REGISTRATIONS:
        p.charset = _REGISTRATIONS[right[0]]
    else:
        raise _fail(X400_E_INVALID_VALUE, "general text here is ISO-IR 1 and 6 plus at most "
                    "one ISO 8859 right-hand part (%s)" % (
                        ", ".join(str(r) for r in sorted(_REGISTRATIONS))))


def _set_text(p: TextBody, v: Any) -> None:
    p.text = v.decode("latin-1") if isinstance(v, (bytes, bytearray)) else v


def _set_data(p: Any, v: Any) -> None:
    p.data = v.encode("latin-1") if isinstance(v, str) else bytes(v)


_COMMON_BODY: Dict[int, Attr] = {
    X400_N_BODY_TYPE: Attr("n", body_type),
    X400_S_BODY_DATA_RAW: Attr("b", lambda p: p.to_ber()),
}

#: Attributes of text body parts (:class:`~x400fast.message.TextBody`).
TEXT_BODY_ATTRIBUTES: Dict[int, Attr] = dict(_COMMON_BODY)
TEXT_BODY_ATTRIBUTES.update({
    X400_S_BODY_DATA: Attr("s", lambda p: p.text, _set_text),
    X400_S_GENERAL_TEXT_CHARSETS: Attr("s", _get_charsets, _set_charsets),
})

#: Attributes of bilaterally-defined body parts.
BINARY_BODY_ATTRIBUTES: Dict[int, Attr] = dict(_COMMON_BODY)
BINARY_BODY_ATTRIBUTES[X400_S_BODY_DATA] = Attr("b", lambda p: p.data, _set_data)


def _is_oid(v: Optional[str]) -> bool:
    return v is not None and all(x.isdigit() for x in v.split(".")) and v.count(".") >= 1


def _app_ref(oid: bool) -> Attr:
    def get(p: FileBody) -> Any:
        v = p.application_reference
        return v if v is not None and _is_oid(v) == oid else None

    def put(p: FileBody, v: str) -> None:
        if oid and not _is_oid(v):
            raise _fail(X400_E_INVALID_VALUE, "%r is not an OID" % (v,))
        p.application_reference = v
    return Attr("s", get, put)


def _check_ftbp_encoding(p: FileBody, v: int) -> None:
    if v != 0:
        raise _fail(X400_E_INVALID_VALUE, "x400fast writes file data as octet-aligned "
                    "EXTERNAL only (X400_N_FTBP_ENCODING 0)")


#: Attributes of file-transfer body parts (:class:`~x400fast.message.FileBody`).
FILE_BODY_ATTRIBUTES: Dict[int, Attr] = dict(_COMMON_BODY)
FILE_BODY_ATTRIBUTES.update({
    X400_S_BODY_DATA: Attr("b", lambda p: p.data, _set_data),
    X400_N_FTBP_ENCODING: Attr("n", lambda p: 0, _check_ftbp_encoding),
    X400_S_FTBP_APPLICATION_REFERENCE_OID: _app_ref(True),
    X400_S_FTBP_APPLICATION_REFERENCE_STR: _app_ref(False),
    X400_S_FTBP_CONTENT_DESCRIPTION: _plain("description"),
    X400_S_FTBP_FILENAME: _plain("name"),
    X400_S_FTBP_CREATION_DATE: _time("created"),
    X400_S_FTBP_MODIFICATION_DATE: _time("modified"),
    X400_S_FTBP_READ_DATE: _time("accessed"),
    X400_N_FTBP_OBJECT_SIZE: Attr("n", lambda p: p.size if p.size is not None
                                  else len(p.data), lambda p, v: setattr(p, "size", v)),
})

#: Attributes of forwarded-message and unknown body parts.
OTHER_BODY_ATTRIBUTES: Dict[int, Attr] = dict(_COMMON_BODY)

# Which table applies to which object (first match wins).
_TABLES: Tuple[Tuple[type, Dict[int, Attr]], ...] = (
    (Message, MESSAGE_ATTRIBUTES),
    (Notification, IPN_ATTRIBUTES),
    (Report, REPORT_ATTRIBUTES),
    (Recipient, RECIPIENT_ATTRIBUTES),
    (ORDescriptor, DESCRIPTOR_ATTRIBUTES),
    (ReportRecipient, REPORT_RECIPIENT_ATTRIBUTES),
    (TextBody, TEXT_BODY_ATTRIBUTES),
    (BinaryBody, BINARY_BODY_ATTRIBUTES),
    (FileBody, FILE_BODY_ATTRIBUTES),
    (ForwardedMessage, OTHER_BODY_ATTRIBUTES),
    (UnknownBody, OTHER_BODY_ATTRIBUTES),
)


def attribute_name(attr: int) -> str:
    """The constant's name (``"X400_S_SUBJECT"``), or the number as text."""
    for k, v in globals().items():
        if v == attr and k.startswith(("X400_S_", "X400_N_", "X400_B_", "X400_T_", "ATS_",
                                       "X400_PRINTABLE", "X400_DIST", "X400_OTHER",
                                       "X400_ACP127_RESPONSE", "X400_ORIG_OR_EXAP",
                                       "X400_DL_", "X400_TRACE", "X400_REDIRECTION",
                                       "X400_SUBJECT_TRACE", "X400_INTERNAL",
                                       "X400_EXT_ADDRESS")) \
                and isinstance(v, int):
            return k
    return str(attr)


def _table(obj: Any) -> Dict[int, Attr]:
    for cls, table in _TABLES:
        if isinstance(obj, cls):
            return table
    raise _fail(X400_E_INV_MSG, "%s is not an object of this API" % type(obj).__name__)


def _entry(obj: Any, attr: int, kinds: str) -> Attr:
    table = _table(obj)
    entry = table.get(attr)
    if entry is None:
        raise _fail(X400_E_INVALID_ATTR, "%s is not supported on a %s" % (
            attribute_name(attr), type(obj).__name__))
    if entry.kind not in kinds:
        raise _fail(X400_E_INVALID_ATTR, "%s is not a %s attribute" % (
            attribute_name(attr), {"n": "integer", "s": "string", "b": "buffer"}.get(
                kinds[0], kinds)))
    return entry


def _get(obj: Any, attr: int, kinds: str, index: int) -> Any:
    entry = _entry(obj, attr, kinds)
    try:
        value = entry.get(obj)
    except IsodeAPIError:
        raise
    except (MessageError, ValueError) as exc:
        raise _fail(X400_E_INVALID_VALUE, str(exc)) from None
    if entry.multi:
        if value is None or index > len(value):
            if value is not None and index > 1:
                raise _fail(X400_E_NO_MORE_RESULTS, "%s has %d values" % (
                    attribute_name(attr), len(value)))
            raise _fail(X400_E_NO_VALUE, "%s has no value" % attribute_name(attr))
        if index < 1:
            raise _fail(X400_E_BADPARAM, "values are numbered from 1")
        value = value[index - 1]
    if value is None:
        raise _fail(X400_E_NO_VALUE, "%s has no value" % attribute_name(attr))
    return value


def _set(obj: Any, attr: int, kinds: str, value: Any) -> None:
    entry = _entry(obj, attr, kinds)
    if entry.set is None:
        raise _fail(X400_E_INVALID_ATTR, "%s is read-only" % attribute_name(attr))
    try:
        entry.set(obj, value)
    except IsodeAPIError:
        raise
    except (MessageError, ValueError, TypeError) as exc:
        raise _fail(X400_E_INVALID_VALUE, "%s: %s" % (attribute_name(attr), exc)) from None


# ---------------------------------------------------------------------------
# The calls.  Messages, recipients and body parts share the add/get
# functions (the C API has one set per object kind; the aliases below keep
# those names).


def add_strparam(obj: Any, attr: int, value: Union[str, bytes]) -> None:
    """Set a string (or octet) attribute."""
    if not isinstance(value, (str, bytes, bytearray)):
        raise _fail(X400_E_INVALID_VALUE, "a string attribute takes str or bytes")
    entry = _entry(obj, attr, "sb")
    if entry.kind == "s" and isinstance(value, (bytes, bytearray)):
        value = bytes(value).decode("latin-1")
    _set(obj, attr, "sb", value)


def add_intparam(obj: Any, attr: int, value: int) -> None:
    """Set an integer (or boolean) attribute."""
    if isinstance(value, bool):
        value = int(value)
    if not isinstance(value, int):
        raise _fail(X400_E_INVALID_VALUE, "an integer attribute takes an int")
    _set(obj, attr, "n", value)


def get_strparam(obj: Any, attr: int, index: int = 1) -> Union[str, bytes]:
    """A string attribute (``bytes`` for the attributes that hold octets:
    security label, raw content, binary body data)."""
    return _get(obj, attr, "sb", index)


def get_intparam(obj: Any, attr: int) -> int:
    """An integer (or boolean) attribute."""
    return _get(obj, attr, "n", 1)


def get_bufparam(obj: Any, attr: int, index: int = 1) -> bytes:
    """A string or octet attribute as bytes (text is UTF-8 encoded)."""
    v = _get(obj, attr, "sb", index)
    return v.encode("utf-8") if isinstance(v, str) else bytes(v)


msg_add_strparam = recip_add_strparam = bodypart_add_strparam = add_strparam
msg_add_intparam = recip_add_intparam = bodypart_add_intparam = add_intparam
msg_get_strparam = recip_get_strparam = bodypart_get_strparam = get_strparam
msg_get_intparam = recip_get_intparam = bodypart_get_intparam = get_intparam
msg_get_bufparam = recip_get_bufparam = bodypart_get_bufparam = get_bufparam


def msg_new(kind: int = X400_MSG_MESSAGE) -> Union[Message, Report]:
    """A new, empty message object: ``X400_MSG_MESSAGE`` gives a
    :class:`~x400fast.message.Message` (content type P22, as the model's
    default), ``X400_MSG_REPORT`` a :class:`~x400fast.message.Report` (to
    build a report as a gateway or test server would).  Probes are not in
    the model yet (``X400_E_NYI``)."""
    if kind == X400_MSG_MESSAGE:
        return Message()
    if kind == X400_MSG_REPORT:
        return Report()
    if kind == X400_MSG_PROBE:
        raise _fail(X400_E_NYI, "probes are not in the x400fast message model yet")
    raise _fail(X400_E_INVALID_VALUE, "message type is X400_MSG_MESSAGE, _REPORT or _PROBE")


def msg_type(obj: Any) -> int:
    """``X400_MSG_MESSAGE`` (IPMs and IPNs) or ``X400_MSG_REPORT``."""
    return X400_MSG_REPORT if isinstance(obj, Report) else X400_MSG_MESSAGE


# -- recipients -------------------------------------------------------------------

_HEADING_ROLES = {X400_RECIP_PRIMARY: "to", X400_RECIP_CC: "cc", X400_RECIP_BCC: "bcc"}
_DESCRIPTOR_ROLES = {X400_RECIP_AUTH_ORIG: "authorizing_users", X400_RECIP_REPLY: "reply_to"}


def _role_list(msg: Any, kind: int) -> List[Any]:
    """The model list a recipient type reads from."""
    if isinstance(msg, Report):
        if kind == X400_RECIP_REPORT:
            return msg.recipients
        raise _fail(X400_E_INVALID_VALUE, "a report has X400_RECIP_REPORT entries only")
    if not isinstance(msg, Message):
        raise _fail(X400_E_INV_MSG, "recipients belong to a Message or a Report")
    role = kind & ~X400_RECIP_ENVELOPE
    envelope = bool(kind & X400_RECIP_ENVELOPE)
    if kind == X400_RECIP_ENVELOPE:
        return [r for lst in (msg.to, msg.cc, msg.bcc) for r in lst if r.envelope] \
            + list(msg.envelope_only)
    if role in _HEADING_ROLES:
        lst = getattr(msg, _HEADING_ROLES[role])
        return [r for r in lst if r.envelope] if envelope else lst
    if role in _DESCRIPTOR_ROLES and not envelope:
        return getattr(msg, _DESCRIPTOR_ROLES[role])
    if kind == X400_RECIP_ORIGINATOR:
        return [] if msg.originator is None else [msg.originator]
    raise _fail(X400_E_INVALID_VALUE, "recipient type 0x%X is not supported" % kind)


def recip_new(msg: Any, kind: int = X400_RECIP_STANDARD) -> Any:
    """Add a recipient of the given type and return it (fill it with
    :func:`recip_add_strparam`).  ``X400_RECIP_PRIMARY``/``CC``/``BCC``
    name it in the heading only; OR in ``X400_RECIP_ENVELOPE`` (or use
    ``X400_RECIP_STANDARD``) to submit to it too; ``X400_RECIP_ENVELOPE``
    alone submits without naming it in the heading."""
    if isinstance(msg, Report):
        _role_list(msg, kind)
        entry = ReportRecipient()
        msg.recipients.append(entry)
        return entry
    _role_list(msg, kind)    # validates the type
    role = kind & ~X400_RECIP_ENVELOPE
    if kind == X400_RECIP_ENVELOPE:
        r = Recipient()
        msg.envelope_only.append(r)
        return msg.envelope_only[-1]
    if role in _HEADING_ROLES:
        r = Recipient(envelope=bool(kind & X400_RECIP_ENVELOPE))
        lst = getattr(msg, _HEADING_ROLES[role])
        lst.append(r)
        return lst[-1]
    if role in _DESCRIPTOR_ROLES:
        lst = getattr(msg, _DESCRIPTOR_ROLES[role])
        lst.append(ORDescriptor())
        return lst[-1]
    # the originator
    msg.originator = ORDescriptor()
    return msg.originator


def recip_get(msg: Any, kind: int, number: int) -> Any:
    """The ``number``-th recipient (from 1) of a type;
    ``X400_E_NO_MORE_RESULTS`` past the last one, ``X400_E_NO_RECIP``
    when there is none of that type."""
    lst = _role_list(msg, kind)
    if number < 1:
        raise _fail(X400_E_BADPARAM, "recipients are numbered from 1")
    if not lst:
        raise _fail(X400_E_NO_RECIP, "no recipient of type 0x%X" % kind)
    if number > len(lst):
        raise _fail(X400_E_NO_MORE_RESULTS, "%d recipient(s) of type 0x%X" % (len(lst), kind))
    return lst[number - 1]


def msg_count_recip(msg: Any, kind: int) -> int:
    """How many recipients of a type the message has."""
    return len(_role_list(msg, kind))


# -- body parts ------------------------------------------------------------------

def bodypart_new(kind: int) -> BodyPart:
    """A new, empty body part of an ``X400_T_*`` type (fill it with
    :func:`bodypart_add_strparam`, add it with :func:`msg_add_bodypart`).
    Forwarded messages are added with :func:`msg_add_message_body`."""
    factory = _BODY_FACTORIES.get(kind)
    if factory is None:
        if kind == X400_T_MESSAGE:
            raise _fail(X400_E_MESSAGE_BODY, "add a forwarded message with "
                        "msg_add_message_body()")
        raise _fail(X400_E_UNSUPPORTED_BODY, "body part type %s is not supported"
                    % attribute_name(kind))
    return factory()


_BODY_FACTORIES: Dict[int, Callable[[], BodyPart]] = {
    X400_T_IA5TEXT: lambda: TextBody("", "ia5"),
    X400_T_ISO8859_1: lambda: TextBody("", "iso-8859-1"),
    X400_T_ISO8859_2: lambda: TextBody("", "iso-8859-2"),
    X400_T_GENERAL_TEXT: lambda: TextBody("", "iso-646"),
    X400_T_BINARY: lambda: BinaryBody(b""),
    X400_T_FTBP: lambda: FileBody(b""),
}


def msg_add_bodypart(msg: Message, part: BodyPart) -> None:
    """Append a body part built with :func:`bodypart_new`."""
    if not isinstance(msg, Message):
        raise _fail(X400_E_INV_MSG, "body parts belong to a Message")
    msg.body.append(part)


def msg_get_bodypart(msg: Message, number: int) -> Tuple[Optional[int], BodyPart]:
    """``(X400_T_* type, body part)`` of the ``number``-th body part (from 1)."""
    if not isinstance(msg, Message):
        raise _fail(X400_E_INV_MSG, "body parts belong to a Message")
    if number < 1:
        raise _fail(X400_E_BADPARAM, "body parts are numbered from 1")
    if number > len(msg.body):
        raise _fail(X400_E_NO_MORE_RESULTS, "the message has %d body part(s)" % len(msg.body))
    part = msg.body[number - 1]
    return body_type(part), part


def msg_add_attachment(msg: Message, kind: int, data: Union[str, bytes]) -> BodyPart:
    """The simple form: a text or binary body part from its data."""
    part = bodypart_new(kind)
    if isinstance(part, FileBody):
        raise _fail(X400_E_COMPLEX_BODY, "a file-transfer body part is built with "
                    "bodypart_new()")
    add_strparam(part, X400_S_BODY_DATA, data)
    msg_add_bodypart(msg, part)
    return part


def msg_get_attachment(msg: Message, number: int) -> Tuple[int, Union[str, bytes]]:
    """``(type, data)`` of a text or binary body part; structured parts give
    ``X400_E_COMPLEX_BODY`` and forwarded messages ``X400_E_MESSAGE_BODY``,
    as the API does, so the caller switches to the object calls."""
    kind, part = msg_get_bodypart(msg, number)
    if isinstance(part, ForwardedMessage):
        raise _fail(X400_E_MESSAGE_BODY, "body part %d is a forwarded message" % number)
    if kind is None or isinstance(part, FileBody):
        raise _fail(X400_E_COMPLEX_BODY, "body part %d needs msg_get_bodypart()" % number)
    return kind, get_strparam(part, X400_S_BODY_DATA)


def msg_add_message_body(msg: Message, forwarded: Message) -> ForwardedMessage:
    """Forward a message as a message body part (``X400_T_MESSAGE``)."""
    part = ForwardedMessage(forwarded)
    msg_add_bodypart(msg, part)
    return part


def msg_get_message_body(msg: Message, number: int) -> Message:
    """The message forwarded in body part ``number`` (from 1)."""
    _, part = msg_get_bodypart(msg, number)
    if not isinstance(part, ForwardedMessage):
        raise _fail(X400_E_INVALID_ATTR, "body part %d is not a forwarded message" % number)
    return part.message


# -- encoding, IPNs ------------------------------------------------------------------

def _apply_ats(msg: Message) -> None:
    """Turn pending ATS attributes into the heading, body and envelope
    :class:`~x400fast.amhs.ATSMessage` gives them."""
    st = getattr(msg, "_isode_ats", None)
    if not st:
        return
    from .amhs import AMHSSettings, ATSMessage, ATSService
    for key, name in (("priority", "ATS_S_PRIORITY_INDICATOR"),
                      ("filing_time", "ATS_S_FILING_TIME")):
        if key not in st:
            raise _fail(X400_E_MISSING_ATTR, "an ATS message needs %s" % name)
    if msg.originator is None or msg.originator.address is None:
        raise _fail(X400_E_MISSING_ATTR, "an ATS message needs an originator O/R address")
    encoding = st.get("encoding", ATS_IA5_TEXT)
    settings = AMHSSettings(
        service=ATSService.EXTENDED if st.get("extended") else ATSService.BASIC,
        basic_body="ia5-text" if encoding == ATS_IA5_TEXT else "general-text",
        gateway_limits=None)
    try:
        ats = ATSMessage(priority=st["priority"], filing_time=st["filing_time"],
                         text=st.get("text", ""), ohi=st.get("ohi"),
                         recipients=tuple(r.address for r in msg.to if r.address is not None),
                         originator=msg.originator.address,
                         ipm_identifier=msg.ipm_id.local_id if msg.ipm_id else None)
        built = ats.to_message(settings)
    except ATSMessageError as exc:
        raise _fail(X400_E_INVALID_VALUE, str(exc)) from None
    msg.body = type(msg.body)(built.body)
    msg.heading_extensions.update(built.heading_extensions)
    msg.priority = built.priority
    msg.original_eits = built.original_eits
    msg.alternate_recipient_allowed = True
    for mine, theirs in zip([r for r in msg.to if r.address is not None], built.to):
        mine.receipt_notification = mine.receipt_notification or theirs.receipt_notification
        mine.extensions.update(theirs.extensions)
    msg._isode_ats = {}


def msg_encode(msg: Any) -> Submission:
    """The P3 submission of a message or IPN built with this layer (the
    part of the API's send call that does not touch the network: pass the
    result to a P3/P7 client).  Applies pending ATS attributes first."""
    if isinstance(msg, Message):
        _apply_ats(msg)
    if not isinstance(msg, (Message, Notification)):
        raise _fail(X400_E_INV_MSG, "only messages and notifications are submitted")
    try:
        return msg.to_submission()
    except MessageError as exc:
        code = X400_E_MISSING_ATTR if isinstance(exc, MissingField) else X400_E_INVALID_VALUE
        raise _fail(code, str(exc)) from None


def make_ipn(msg: Message, non_receipt_reason: int = -1) -> Notification:
    """The receipt (``-1``) or non-receipt (reason code) notification for a
    received message, as the API's make-IPN call; ``X400_E_NO_VALUE`` when
    the originator did not ask this recipient for one."""
    if not isinstance(msg, Message):
        raise _fail(X400_E_INV_MSG, "notifications are made for a received Message")
    if msg.this_recipient is None:
        raise _fail(X400_E_MISSING_ATTR, "the message was not delivered (no this-recipient)")
    entry = msg._recipient_entry(ORDescriptor(msg.this_recipient))
    if non_receipt_reason == -1:
        if entry is None or not entry.receipt_notification:
            raise _fail(X400_E_NO_VALUE, "no receipt notification was asked for")
        return msg.receipt()
    if entry is None or not (entry.non_receipt_notification or entry.receipt_notification):
        raise _fail(X400_E_NO_VALUE, "no non-receipt notification was asked for")
    if not 0 <= non_receipt_reason < len(_NRN_REASONS):
        raise _fail(X400_E_INVALID_VALUE, "non-receipt reason is 0 or 1")
    return msg.non_receipt(_NRN_REASONS[non_receipt_reason])


# ---------------------------------------------------------------------------
# Compatibility form: (status, value)


def _status_form(fn: Callable[..., Any]) -> Callable[..., Tuple[int, Any]]:
    def call(*args: Any, **kw: Any) -> Tuple[int, Any]:
        try:
            return X400_E_NOERROR, fn(*args, **kw)
        except IsodeAPIError as exc:
            return exc.code, None
    call.__name__ = fn.__name__
    call.__doc__ = "%s, returning (status, value) instead of raising." % fn.__name__
    return call


_CALLS = ("msg_new", "msg_type", "add_strparam", "add_intparam", "get_strparam",
          "get_intparam", "get_bufparam", "msg_add_strparam", "msg_add_intparam",
          "msg_get_strparam", "msg_get_intparam", "msg_get_bufparam", "recip_new", "recip_get",
          "recip_add_strparam", "recip_add_intparam", "recip_get_strparam",
          "recip_get_intparam", "recip_get_bufparam", "msg_count_recip", "bodypart_new",
          "bodypart_add_strparam", "bodypart_add_intparam", "bodypart_get_strparam",
          "bodypart_get_intparam", "bodypart_get_bufparam", "msg_add_bodypart",
          "msg_get_bodypart", "msg_add_attachment", "msg_get_attachment",
          "msg_add_message_body", "msg_get_message_body", "msg_encode", "make_ipn")

#: The same calls returning ``(status, value)``: ``status`` is
#: ``X400_E_NOERROR`` (0) and ``value`` the result, or an ``X400_E_*`` code
#: and ``None``.
compat = SimpleNamespace(**{name: _status_form(globals()[name]) for name in _CALLS})


def supported_attributes() -> Dict[str, List[str]]:
    """Constant names supported per object kind (for docs and tests)."""
    kinds = {"message": MESSAGE_ATTRIBUTES, "recipient": RECIPIENT_ATTRIBUTES,
             "report": REPORT_ATTRIBUTES, "report recipient": REPORT_RECIPIENT_ATTRIBUTES,
             "ipn": IPN_ATTRIBUTES, "text body": TEXT_BODY_ATTRIBUTES,
             "binary body": BINARY_BODY_ATTRIBUTES, "file body": FILE_BODY_ATTRIBUTES}
    return {k: sorted(attribute_name(a) for a in t) for k, t in kinds.items()}


__all__ = sorted(
    [n for n in list(globals()) if n.startswith(("X400_", "ATS_"))]
    + list(_CALLS) + ["compat", "ERRORS", "error_text", "attribute_name", "body_type",
                      "supported_attributes", "Attr", "MESSAGE_ATTRIBUTES",
                      "RECIPIENT_ATTRIBUTES", "DESCRIPTOR_ATTRIBUTES", "REPORT_ATTRIBUTES",
                      "REPORT_RECIPIENT_ATTRIBUTES", "IPN_ATTRIBUTES", "ATS_ATTRIBUTES",
                      "TEXT_BODY_ATTRIBUTES", "BINARY_BODY_ATTRIBUTES", "FILE_BODY_ATTRIBUTES",
                      "OTHER_BODY_ATTRIBUTES", "IsodeAPIError"])
