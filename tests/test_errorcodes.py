"""Stable error codes (x400fast.errorcodes): every X400Error class has one,
they are unique, they never change, and real failures carry them."""
from __future__ import annotations

import importlib
import pkgutil
from typing import Iterator, Set, Type

import pytest

import x400fast
from x400fast import ber, errorcodes, errors as E, isode
from x400fast.asn1 import Integer, x411

#: name -> code as released.  Adding rows is fine; changing or removing a
#: row breaks every application that logs or switches on the code.
SNAPSHOT = {
    "CodecError": 100,
    "DecodeError": 101,
    "EncodeError": 102,
    "SchemaError": 103,
    "ProtocolError": 200,
    "LocalProtocolError": 201,
    "TransportProtocolError": 210,
    "MalformedTPKT": 211,
    "MalformedTPDU": 212,
    "TSDUTooLarge": 213,
    "SessionProtocolError": 220,
    "MalformedSPDU": 221,
    "PresentationProtocolError": 230,
    "MalformedPPDU": 231,
    "ACSEProtocolError": 240,
    "MalformedAPDU": 241,
    "ROSEProtocolError": 250,
    "ConnectionEnded": 260,
    "TransportDisconnected": 261,
    "SessionRefused": 262,
    "SessionAborted": 263,
    "AssociationRejected": 264,
    "AssociationAborted": 265,
    "Rejected": 270,
    "MalformedTPDU.er-not-specified": 2000,
    "MalformedTPDU.er-invalid-parameter-code": 2001,
    "MalformedTPDU.er-invalid-tpdu-type": 2002,
    "MalformedTPDU.er-invalid-parameter-value": 2003,
    "TransportDisconnected.not-specified": 2100,
    "TransportDisconnected.congestion-at-tsap": 2101,
    "TransportDisconnected.session-entity-not-attached": 2102,
    "TransportDisconnected.address-unknown": 2103,
    "TransportDisconnected.normal": 2110,
    "TransportDisconnected.remote-congestion": 2111,
    "TransportDisconnected.negotiation-failed": 2112,
    "TransportDisconnected.duplicate-source-reference": 2113,
    "TransportDisconnected.mismatched-references": 2114,
    "TransportDisconnected.protocol-error": 2115,
    "TransportDisconnected.reference-overflow": 2117,
    "TransportDisconnected.cr-refused": 2118,
    "TransportDisconnected.length-invalid": 2120,
    "SessionRefused.rejected-no-reason": 2200,
    "SessionRefused.temporary-congestion": 2201,
    "SessionRefused.rejected-by-user": 2202,
    "SessionRefused.ssel-unknown": 2211,
    "SessionRefused.user-not-attached": 2212,
    "SessionRefused.spm-congestion": 2213,
    "SessionRefused.version-not-supported": 2214,
    "SessionRefused.spm-no-reason": 2215,
    "SessionRefused.implementation-restriction": 2216,
    "SessionAborted.user-abort": 2251,
    "SessionAborted.protocol-error": 2252,
    "SessionAborted.no-reason": 2253,
    "SessionAborted.implementation-restriction": 2254,
    "AssociationRejected.presentation-not-specified": 2310,
    "AssociationRejected.presentation-temporary-congestion": 2311,
    "AssociationRejected.presentation-local-limit-exceeded": 2312,
    "AssociationRejected.presentation-address-unknown": 2313,
    "AssociationRejected.presentation-version-not-supported": 2314,
    "AssociationRejected.presentation-default-context-not-supported": 2315,
    "AssociationRejected.presentation-user-data-not-readable": 2316,
    "AssociationRejected.presentation-no-psap-available": 2317,
    "AssociationAborted.arp-not-specified": 2360,
    "AssociationAborted.arp-unrecognized-ppdu": 2361,
    "AssociationAborted.arp-unexpected-ppdu": 2362,
    "AssociationAborted.arp-unexpected-session-primitive": 2363,
    "AssociationAborted.arp-unrecognized-parameter": 2364,
    "AssociationAborted.arp-unexpected-parameter": 2365,
    "AssociationAborted.arp-invalid-parameter-value": 2366,
    "AssociationRejected.user-null": 2400,
    "AssociationRejected.user-no-reason-given": 2401,
    "AssociationRejected.application-context-name-not-supported": 2402,
    "AssociationRejected.calling-AP-title-not-recognized": 2403,
    "AssociationRejected.calling-AP-invocation-identifier-not-recognized": 2404,
    "AssociationRejected.calling-AE-qualifier-not-recognized": 2405,
    "AssociationRejected.calling-AE-invocation-identifier-not-recognized": 2406,
    "AssociationRejected.called-AP-title-not-recognized": 2407,
    "AssociationRejected.called-AP-invocation-identifier-not-recognized": 2408,
    "AssociationRejected.called-AE-qualifier-not-recognized": 2409,
    "AssociationRejected.called-AE-invocation-identifier-not-recognized": 2410,
    "AssociationRejected.authentication-mechanism-name-not-recognized": 2411,
    "AssociationRejected.authentication-mechanism-name-required": 2412,
    "AssociationRejected.authentication-failure": 2413,
    "AssociationRejected.authentication-required": 2414,
    "AssociationRejected.provider-null": 2420,
    "AssociationRejected.provider-no-reason-given": 2421,
    "AssociationRejected.no-common-acse-version": 2422,
    "AssociationAborted.abrt-service-user": 2430,
    "AssociationAborted.abrt-service-provider": 2431,
    "AssociationAborted.abrt-no-reason-given": 2441,
    "AssociationAborted.abrt-protocol-error": 2442,
    "AssociationAborted.abrt-authentication-mechanism-name-not-recognized": 2443,
    "AssociationAborted.abrt-authentication-mechanism-name-required": 2444,
    "AssociationAborted.abrt-authentication-failure": 2445,
    "AssociationAborted.abrt-authentication-required": 2446,
    "Rejected.general.unrecognizedPDU": 2500,
    "Rejected.general.mistypedPDU": 2501,
    "Rejected.general.badlyStructuredPDU": 2502,
    "Rejected.invoke.duplicateInvocation": 2510,
    "Rejected.invoke.unrecognizedOperation": 2511,
    "Rejected.invoke.mistypedArgument": 2512,
    "Rejected.invoke.resourceLimitation": 2513,
    "Rejected.invoke.releaseInProgress": 2514,
    "Rejected.invoke.unrecognizedLinkedId": 2515,
    "Rejected.invoke.linkedResponseUnexpected": 2516,
    "Rejected.invoke.unexpectedLinkedOperation": 2517,
    "Rejected.returnResult.unrecognizedInvocation": 2520,
    "Rejected.returnResult.resultResponseUnexpected": 2521,
    "Rejected.returnResult.mistypedResult": 2522,
    "Rejected.returnError.unrecognizedInvocation": 2530,
    "Rejected.returnError.errorResponseUnexpected": 2531,
    "Rejected.returnError.unrecognizedError": 2532,
    "Rejected.returnError.unexpectedError": 2533,
    "Rejected.returnError.mistypedParameter": 2534,
    "AssociationTimeout": 300,
    "ConnectionLost": 301,
    "AssociationBusy": 302,
    "ConnectFailed": 310,
    "TLSError": 311,
    "TLSCertificateError": 312,
    "PlaintextPasswordRefused": 320,
    "BindRefused": 330,
    "AuthenticationFailed": 331,
    "BindRefused.busy": 3300,
    "BindRefused.unacceptable-dialogue-mode": 3303,
    "BindRefused.unacceptable-security-context": 3304,
    "BindRefused.inadequate-association-confidentiality": 3305,
    "BindRefused.unable-to-establish-association": 3306,
    "BindRefused.bind-extension-problem": 3307,
    "AddressError": 400,
    "AFTNAddressError": 401,
    "MessageError": 410,
    "MissingField": 411,
    "InvalidField": 412,
    "FieldTooLong": 413,
    "InvalidAddress": 414,
    "UnexpectedContent": 415,
    "ATSMessageError": 420,
    "SecurityLabelError": 430,
    "MilitaryMessageError": 431,
    "OperationError": 500,
    "SubmissionControlViolated": 501,
    "OriginatorInvalid": 502,
    "RecipientImproperlySpecified": 503,
    "ElementOfServiceNotSubscribed": 504,
    "OldCredentialsIncorrectlySpecified": 505,
    "NewCredentialsUnacceptable": 506,
    "MessageSubmissionIdentifierInvalid": 507,
    "DeferredDeliveryCancellationRejected": 508,
    "RegisterRejected": 510,
    "InconsistentRequest": 511,
    "SecurityError": 512,
    "UnsupportedCriticalFunction": 513,
    "ControlViolatesRegistration": 514,
    "RemoteBindError": 515,
    "OperationRefused": 516,
    "DeliveryControlViolated": 517,
    "MSAttributeError": 521,
    "AutoActionRequestError": 522,
    "DeleteError": 523,
    "FetchRestrictionError": 524,
    "RangeError": 525,
    "ServiceError": 527,
    "SequenceNumberError": 528,
    "InvalidParametersError": 529,
    "MessageGroupError": 530,
    "MSExtensionError": 531,
    "RegisterMSError": 532,
    "ModifyError": 533,
    "EntryClassError": 534,
    "RemoteOperationError": 580,
    "RemoteResultError": 590,
    "AuthenticationError": 600,
    "InvalidCredentials": 601,
    "MalformedCredentials": 602,
    "UnsupportedCredentials": 603,
    "StaleCredentials": 604,
    "ReplayedCredentials": 605,
    "ReplayCacheFull": 606,
    "BadSignature": 607,
    "CertificateRejected": 608,
    "NameMismatch": 609,
    "IdentityError": 620,
    "StrongCredentialsUnavailable": 621,
    "StoreError": 700,
    "StoreCorrupted": 701,
    "IncompatibleStore": 702,
    "StoreClosed": 703,
    "CommitFailed": 704,
    "StoreFull": 705,
    "QuotaExceeded": 706,
    "MessageTooLarge": 707,
    "TooManyRecipients": 708,
    "UnknownUser": 709,
    "UserExists": 710,
    "NoSuchEntry": 711,
    "InvalidRequest": 712,
    "ServerConfigError": 750,
    "IsodeAPIError": 800,
    "X400Error": 900,
}


def _import_all() -> None:
    for info in pkgutil.walk_packages(x400fast.__path__, "x400fast."):
        if info.name.endswith("__main__"):
            continue
        try:
            importlib.import_module(info.name)
        except ImportError:          # an optional dependency is missing
            pass


def _subclasses(cls: Type[BaseException]) -> Iterator[Type[BaseException]]:
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


def package_error_classes() -> Set[Type[BaseException]]:
    _import_all()
    found = {E.X400Error} | set(_subclasses(E.X400Error))
    return {c for c in found if c.__module__.startswith("x400fast.")}


def test_every_error_class_has_its_own_code() -> None:
    classes = package_error_classes()
    assert len(classes) > 90
    names = [c.__name__ for c in classes]
    assert len(names) == len(set(names)), "class names must be unique in the package"
    missing = sorted(n for n in names if n not in errorcodes._CLASS)
    assert not missing, "add these classes to errorcodes.TABLE: %s" % missing
    for cls in classes:
        row = errorcodes._CLASS[cls.__name__]
        assert cls.error_code == row.code
        assert isinstance(cls.error_code, int) and 100 <= cls.error_code <= 999
        assert E.describe(cls.error_code).name == cls.__name__


def test_codes_unique_and_rows_well_formed() -> None:
    codes = [r.code for r in errorcodes.TABLE]
    assert len(codes) == len(set(codes))
    names = [r.name for r in errorcodes.TABLE]
    assert len(names) == len(set(names))
    for row in errorcodes.TABLE:
        assert row.text and row.text == row.text.strip()
        assert row.isode is None or row.isode in isode.ERRORS, row
        if row.parent is None:
            assert 100 <= row.code <= 999, row
        else:
            # a refinement: four digits, same layer digit as its class
            parent = errorcodes._CLASS[row.parent]
            assert 1000 <= row.code <= 9999, row
            assert row.name.startswith(row.parent + "."), row
            assert str(row.code)[0] == str(parent.code)[0], row


def test_snapshot_unchanged() -> None:
    current = {r.name: r.code for r in errorcodes.TABLE}
    changed = {n: (c, current.get(n)) for n, c in SNAPSHOT.items() if current.get(n) != c}
    assert not changed, "released codes changed or removed: %r" % changed


def test_describe() -> None:
    for row in errorcodes.TABLE:
        d = E.describe(row.code)
        assert d is row and d.text and d.name
        assert str(d) == "%s (%d): %s" % (row.name, row.code, row.text)
    assert E.describe(101).name == "DecodeError"
    unknown = E.describe(99999)
    assert unknown.name == "unknown" and "99999" in unknown.text


def test_operation_error_classes_follow_the_protocol_codes() -> None:
    from x400fast import services
    assert errorcodes._OPERATION.keys() == services.ERROR_CLASSES.keys()
    for name, cls in services.ERROR_CLASSES.items():
        assert cls.error_name == name
        assert E.describe(cls.error_code).reason == name
    for n in range(1, 17):
        if n == 9:
            continue
        code = errorcodes.operation_error_code(n)
        assert code == 500 + n
    assert errorcodes.operation_error_code(1, delivery=True) == E.DeliveryControlViolated.error_code
    assert errorcodes.operation_error_code(x411.err_security_error) == 512
    assert errorcodes.operation_error_code(26) == 512        # MS security-error
    for n in range(21, 35):
        assert errorcodes.operation_error_code(n) == (512 if n == 26 else 500 + n)
    assert errorcodes.operation_error_code(9) is None
    assert errorcodes.operation_error_code("no-such-error") is None
    # a returnError still in its generic form gets the leaf's code
    raw = E.RemoteOperationError(5, 2, None, "originator-invalid", 3)
    assert raw.error_code == E.OriginatorInvalid.error_code == 502
    leaf = services.operation_error(raw)
    assert type(leaf) is E.OriginatorInvalid and leaf.error_code == 502
    assert leaf.code == 2                    # the protocol code is untouched
    assert E.RemoteOperationError(5, 99).error_code == 580


# -- exceptions raised in practice -----------------------------------------------


@pytest.mark.parametrize("engine", ["default", "pure"])
def test_decode_error_from_the_codec(engine: str) -> None:
    if engine == "pure":
        from x400fast import _ber_pure as eng
        with pytest.raises(E.DecodeError) as ei:
            eng.decode(ber._node(Integer()), b"\x02\x05\x01", ber.DEFAULT_LIMITS)
    else:
        with pytest.raises(E.DecodeError) as ei:
            ber.decode(Integer(), b"\x02\x05\x01")
    assert ei.value.error_code == 101 == E.code_for(ei.value)
    assert E.isode_code(ei.value) == isode.X400_E_CONTENT_ERROR


def test_isode_api_error_keeps_its_status() -> None:
    with pytest.raises(E.IsodeAPIError) as ei:
        raise isode._fail(isode.X400_E_NO_VALUE, "test")
    assert ei.value.code == isode.X400_E_NO_VALUE
    assert ei.value.error_code == 800
    assert E.isode_code(ei.value) == isode.X400_E_NO_VALUE


@pytest.fixture
def reference():
    from x400fast.server import Server
    try:
        srv = Server.temporary(users=[ALICE + ":alice-secret:ms"])
        srv.start()
    except OSError as exc:            # no loopback sockets here
        pytest.skip("reference server not runnable: %s" % exc)
    yield srv
    srv.stop()


ALICE = "/CN=Alice/O=Test/PRMD=Test/ADMD= /C=XX/"


def test_authentication_failed_and_connection_lost(reference) -> None:
    from x400fast.client import P3Client
    from x400fast.message import Message

    with pytest.raises(E.AuthenticationFailed) as ei:
        with P3Client(reference.p3_address, ALICE, "wrong", allow_plaintext_password=True,
                      timeout=10):
            pass
    assert ei.value.error_code == 331 == E.AuthenticationFailed.error_code
    assert E.isode_code(ei.value) == 11          # X400_E_BADCREDENTIALS

    p3 = P3Client(reference.p3_address, ALICE, "alice-secret",
                  allow_plaintext_password=True, timeout=10)
    with p3:
        reference.stop()                          # ends every association
        with pytest.raises(E.ConnectionLost) as ei2:
            p3.submit(Message(originator=ALICE, to=[ALICE], subject="x", body=["x"]))
    lost = ei2.value
    assert lost.error_code == 301 and E.isode_code(lost) == 110   # X400_E_CONNECTION_LOST
    if isinstance(lost.cause, E.X400Error):
        assert E.describe(lost.cause.error_code).name.startswith(type(lost.cause).__name__)


# -- protocol reasons ---------------------------------------------------------------


def test_rose_reject_problems() -> None:
    from x400fast.asn1 import rose
    seen = set()
    for kind, problems in rose.PROBLEMS.items():
        for pname, value in problems.items():
            exc = E.Rejected(7, kind, value, pname)
            code = exc.error_code
            assert code != E.Rejected.error_code and code not in seen
            seen.add(code)
            assert E.describe(code).name.endswith("." + pname)
            assert type(exc).error_code == 270
    assert E.Rejected(7, "invoke", 99).error_code == 270     # unknown problem: class code


def test_session_presentation_acse_reasons() -> None:
    from x400fast.osi import session as S
    assert E.SessionRefused(S.RF_VERSION_NOT_SUPPORTED).error_code == 2214
    assert E.SessionRefused(0x77).error_code == 262
    assert E.SessionAborted("x", True, S.TD_PROTOCOL_ERROR | S.TD_RELEASED).error_code == 2252
    assert E.SessionAborted("x", False, S.TD_USER_ABORT).error_code == 2251
    assert E.SessionAborted("lost").error_code == 263
    assert E.TransportDisconnected("refused", 0x82).error_code == 2112
    assert E.TransportDisconnected("lost").error_code == 261
    assert E.MalformedTPDU("bad", 3, er_cause=2).error_code == 2002
    # association refusals, by the source of the diagnostic
    rej = E.AssociationRejected("r", 1, "service-user", 2)
    assert rej.error_code == 2402
    assert E.AssociationRejected("r", 1, "service-provider", 2).error_code == 2422
    assert E.AssociationRejected("r", None, "presentation", 4).error_code == 2314
    assert E.AssociationRejected("r", None, "session", 0x81).error_code == 2211
    assert E.AssociationRejected("r").error_code == 264
    assert E.isode_code(E.AssociationRejected("r", 1, "service-user", 13)) == 11
    assert E.isode_code(rej) == 12                 # falls back to the class: CONNECT_REJ
    # aborts: ABRT diagnostic, ABRT source alone, presentation ARP reason
    assert E.AssociationAborted("a", False, 0, "authentication-failure").error_code == 2445
    assert E.AssociationAborted("a", False, 0).error_code == 2430
    assert E.AssociationAborted("a", True, 1).error_code == 2431
    assert E.AssociationAborted("a", True, None, 2).error_code == 2362
    assert E.AssociationAborted("a").error_code == 265


def test_bind_problems() -> None:
    assert E.BindRefused("b", problem="busy").error_code == 3300
    assert E.isode_code(E.BindRefused("b", problem="busy")) == 13
    assert E.BindRefused("b", problem="authentication-error").error_code == 331
    assert E.BindRefused("b").error_code == 330
    assert E.AuthenticationFailed("b", problem="authentication-error").error_code == 331


def test_non_package_exceptions() -> None:
    assert E.code_for(ValueError("x")) == 0
    assert E.isode_code(ValueError("x")) == 4        # X400_E_INT_ERROR

    class AppError(E.InvalidField):
        pass

    assert AppError.error_code == E.InvalidField.error_code == 412
    assert AppError("r").error_code == 412
    assert E.isode_code(2402) == 12          # a refinement without its own: its class's
    assert E.isode_code(123456) == 4
