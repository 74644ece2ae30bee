"""AMHS: AFTN <-> O/R address conversion (XF, CAAS, tables, LDAP) and ATS
messages in the basic and extended ATS message service.

Facts under test come from /work/shared/reference/amhs.md (Doc 9880 Part
IIB): the ATS-message-header layout of Table 3-4 with its two examples, the
priority table of section 5, the addressing schemes and the worked example
of section 6, the gateway limits of section 7.  Byte vectors of whole IPMs
were dissected cleanly by tshark 4.x (P22 dissector; no BER errors, no
warnings); the test that re-runs tshark skips when it is absent.

End-to-end submission through the reference server is not tested here: the
server and the P3 client are still being built.
"""
from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import string
import struct
import subprocess
import tempfile
import warnings
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

from x400fast import ber
from x400fast.amhs import (
    PRECEDENCE_POLICY_ID, PRIORITY_MAPPINGS, AddressingScheme, AddressingTable, AFTNAddress,
    AMHSSettings, ATSFile, ATSHeader, ATSMessage, ATSPriority, ATSService, CAASRule,
    DomainRule, GatewayLimits, LDAPDirectory, ManagementDomain, UserEntry, address_scheme,
    aftn_from_caas, aftn_from_xf, caas_oraddress, complete_filing_time, filing_time_of,
    format_ats_header, parse_ats_text, xf_oraddress)
from x400fast.asn1 import x411, x420
from x400fast.errors import (AddressError, AFTNAddressError, ATSMessageError, MessageError,
                             X400Error)
from x400fast.oraddress import ORAddress, ORName

H = bytes.fromhex
UTC = dt.timezone.utc
NOW = dt.datetime(2024, 5, 14, 10, 40, tzinfo=UTC)
IO = x420.ipms["InformationObject"]


# ---------------------------------------------------------------------------
# Reference data

# The reference examples of amhs.md 6.5 (EGLLZTZX, the PRMD and CAAS O are
# the illustrative values given there) and the real-world strings quoted
# there for shape: (AF-address, O/R address, scheme).
REFERENCE_EXAMPLES = [
    ("EGLLZTZX", "/OU=EGLLZTZX/O=AFTN/PRMD=EG/ADMD=ICAO/C=XX/", "XF"),
    ("EGLLZTZX", "/CN=EGLLZTZX/OU=EGLL/O=EGTT/PRMD=EG/ADMD=ICAO/C=XX/", "CAAS"),
    ("EGKKZPZX", "/OU=EGKKZPZX/O=AFTN/PRMD=EG/ADMD=ICAO/C=XX/", "XF"),
    ("VVTSYFYX", "/OU=VVTSYFYX/O=AFTN/PRMD=VV/ADMD=ICAO/C=XX/", "XF"),
    ("VVNBYMYX", "/CN=VVNBYMYX/OU=VVNB/O=VVTS/PRMD=VIETNAM/ADMD=ICAO/C=XX/", "CAAS"),
]

# A table under which every reference example is what the table gives:
# EG is CAAS (O=EGTT) but EGKK with designator ZPZ and the XF variant of
# EGLLZTZX are not reachable at once, so the UK examples use two tables.
TABLE_JSON = {
    "format": "x400fast-amhs-addressing", "version": 1,
    "domains": [
        {"location": "EG", "prmd": "EG", "scheme": "CAAS"},
        {"location": "EGKK", "designator": "ZPZ", "prmd": "EG", "scheme": "XF"},
        {"location": "VV", "prmd": "VIETNAM", "scheme": "CAAS"},
        {"location": "VVTS", "designator": "YFY", "prmd": "VV", "scheme": "XF"},
        {"location": "LF", "prmd": "LF"},
        {"location": "K", "prmd": "USA", "scheme": "XF"},
    ],
    "caas": [
        {"location": "EG", "organization": "EGTT"},
        {"location": "VV", "organization": "VVTS"},
    ],
    "users": [
        {"aftn": "LFPGZZZX", "oraddress": "/CN=Duty Officer/O=CDG/PRMD=LF/ADMD=ICAO/C=XX/"},
    ],
}
TABLE_CSV = """\
# x400fast AMHS addressing table (same rules as TABLE_JSON)
kind,location,designator,prmd,scheme,organization,aftn,oraddress
domain,EG,,EG,CAAS,,,
domain,EGKK,ZPZ,EG,XF,,,
domain,VV,,VIETNAM,CAAS,,,
domain,VVTS,YFY,VV,XF,,,
domain,LF,,LF,,,,
domain,K,,USA,XF,,,

caas,EG,,,,EGTT,,
caas,VV,,,,VVTS,,
user,,,,,,LFPGZZZX,/CN=Duty Officer/O=CDG/PRMD=LF/ADMD=ICAO/C=XX/
"""
XF_UK = AddressingTable([DomainRule("EG", ManagementDomain("EG"))])


@pytest.fixture
def table():
    return AddressingTable.from_dict(TABLE_JSON)


# ---------------------------------------------------------------------------
# AF-addresses


def test_aftn_address_parts_and_case():
    a = AFTNAddress("egllztzx")
    assert a == "EGLLZTZX" and isinstance(a, str)
    assert (a.location_indicator, a.designator, a.department) == ("EGLL", "ZTZ", "X")
    assert repr(a) == "AFTNAddress('EGLLZTZX')"
    assert AFTNAddress(a) is a


@pytest.mark.parametrize("bad", ["EGLLZTZ", "EGLLZTZXX", "EGLL ZTZ", "EGLLZTZ1", "", "ÉGLLZTZX"])
def test_aftn_address_syntax(bad):
    with pytest.raises(AFTNAddressError) as e:
        AFTNAddress(bad)
    assert isinstance(e.value, AddressError) and isinstance(e.value, ValueError)
    assert e.value.address == bad


def test_aftn_address_not_a_str():
    with pytest.raises(AFTNAddressError):
        AFTNAddress(12345678)


# ---------------------------------------------------------------------------
# XF and CAAS, algorithmic


def test_xf_worked_example():
    a = xf_oraddress("EGLLZTZX", "EG")
    assert str(a) == "/OU=EGLLZTZX/O=AFTN/PRMD=EG/ADMD=ICAO/C=XX/"
    assert (a.c, a.admd, a.prmd, a.o, a.ou, a.cn) == ("XX", "ICAO", "EG", "AFTN",
                                                      ("EGLLZTZX",), None)
    assert address_scheme(a) is AddressingScheme.XF
    assert aftn_from_xf(a) == "EGLLZTZX"


def test_caas_worked_example():
    a = caas_oraddress("EGLLZTZX", "EG", "EGTT")
    assert str(a) == "/CN=EGLLZTZX/OU=EGLL/O=EGTT/PRMD=EG/ADMD=ICAO/C=XX/"
    assert address_scheme(a) is AddressingScheme.CAAS
    assert aftn_from_caas(a) == "EGLLZTZX"


@pytest.mark.parametrize("aftn,text,scheme", REFERENCE_EXAMPLES)
def test_reference_examples_shape_and_reverse(aftn, text, scheme):
    a = ORAddress.parse(text)
    assert address_scheme(a) is AddressingScheme(scheme)
    assert (aftn_from_xf(a) if scheme == "XF" else aftn_from_caas(a)) == aftn
    # Rebuilt algorithmically from its own MD (and O for CAAS): same address.
    again = (xf_oraddress(aftn, a.prmd) if scheme == "XF"
             else caas_oraddress(aftn, a.prmd, a.o))
    assert again == a and str(again) == text
    # Case is not significant.
    assert address_scheme(ORAddress.parse(text.lower())) is AddressingScheme(scheme)
    assert aftn_from_xf(text.lower()) == aftn if scheme == "XF" else True


@pytest.mark.parametrize("text", [
    "/OU=EGLLZTZX/O=AFTN/PRMD=EG/ADMD=ICAO/",              # no C
    "/OU=EGLLZTZ/O=AFTN/PRMD=EG/ADMD=ICAO/C=XX/",           # OU not an AF-address
    "/OU=EGLLZTZX/OU=X/O=AFTN/PRMD=EG/ADMD=ICAO/C=XX/",     # two OUs
    "/CN=EGLLZTZX/OU=EGLLZTZX/O=AFTN/PRMD=EG/ADMD=ICAO/C=XX/",  # XF with a CN
    "/S=Smith/OU=EGLLZTZX/O=AFTN/PRMD=EG/ADMD=ICAO/C=XX/",  # extra attribute
    "/CN=EGLLZTZX/OU=EGKK/O=EGTT/PRMD=EG/ADMD=ICAO/C=XX/",  # OU is not CN[:4]
    "/CN=Duty/OU=EGLL/O=EGTT/PRMD=EG/ADMD=ICAO/C=XX/",      # CN not an AF-address
    "/OU=EGLLZTZX/O=AFTN/ADMD=ICAO/C=XX/",                  # no PRMD
])
def test_not_xf_or_caas_shaped(text):
    a = ORAddress.parse(text)
    assert address_scheme(a) is None
    with pytest.raises(AFTNAddressError):
        aftn_from_xf(a)
    with pytest.raises(AFTNAddressError):
        aftn_from_caas(a)
    with pytest.raises(AFTNAddressError):
        XF_UK.to_aftn(a)


def test_upper_bounds_reach_the_address_error():
    with pytest.raises(AFTNAddressError) as e:
        xf_oraddress("EGLLZTZX", "P" * 17)          # PRMD <= 16
    assert e.value.attribute == "prmd"
    with pytest.raises(AFTNAddressError) as e:
        caas_oraddress("EGLLZTZX", "EG", "O" * 65)  # O <= 64
    assert e.value.attribute == "o"


# ---------------------------------------------------------------------------
# The table: MD rules, CAAS O, users


def test_gateway_md_lookup_ranks():
    """amhs.md 6.2: 1-7, then 1,2,5,6,7, then 1-4, then 1-2 (EGLLZTZX)."""
    rules = [DomainRule("EG", ManagementDomain("R4")),
             DomainRule("EGLL", ManagementDomain("R3")),
             DomainRule("EG", ManagementDomain("R2"), designator="ZTZ"),
             DomainRule("EGLL", ManagementDomain("R1"), designator="ZTZ")]
    for n in range(4, 0, -1):
        t = AddressingTable(rules[:5 - n])
        assert t.domain_for("EGLLZTZX").prmd == "R%d" % n
    t = AddressingTable(rules)
    assert t.domain_for("EGLLYFYX").prmd == "R3"       # designator differs
    assert t.domain_for("EGKKZTZX").prmd == "R2"       # location differs
    assert t.domain_for("EGKKYFYX").prmd == "R4"
    with pytest.raises(AFTNAddressError) as e:
        t.domain_for("LFPGYTYX")
    assert e.value.address == "LFPGYTYX" and "no management domain" in str(e.value)


def test_single_letter_prefix_is_least_specific():
    t = AddressingTable([DomainRule("K", ManagementDomain("USA")),
                         DomainRule("KJ", ManagementDomain("JFK"))])
    assert t.domain_for("KJFKZTZX").prmd == "JFK"
    assert t.domain_for("KLAXZTZX").prmd == "USA"


def test_default_scheme_is_xf_and_md_defaults(table):
    md = table.domain_for("LFPGYTYX")
    assert (md.c, md.admd, md.prmd, md.scheme) == ("XX", "ICAO", "LF", AddressingScheme.XF)
    assert str(table.to_oraddress("LFPGYTYX")) == "/OU=LFPGYTYX/O=AFTN/PRMD=LF/ADMD=ICAO/C=XX/"


def test_reference_examples_through_the_table(table):
    for aftn, text, scheme in REFERENCE_EXAMPLES:
        a = ORAddress.parse(text)
        t = XF_UK if (aftn == "EGLLZTZX" and scheme == "XF") else table
        assert t.to_oraddress(aftn) == a, aftn
        assert str(t.to_oraddress(aftn)) == text
        assert t.to_aftn(a, strict=True) == aftn
        assert t.to_aftn(text.lower()) == aftn


def test_caas_organization_longest_prefix():
    t = AddressingTable([DomainRule("EG", ManagementDomain("EG", "CAAS"))],
                        [CAASRule("EG", "EGTT"), CAASRule("EGPH", "EGPX")])
    assert t.to_oraddress("EGPHZTZX").o == "EGPX"
    assert t.to_oraddress("EGLLZTZX").o == "EGTT"
    t2 = AddressingTable([DomainRule("EG", ManagementDomain("EG", "CAAS"))])
    with pytest.raises(AFTNAddressError, match="no CAAS organization"):
        t2.to_oraddress("EGLLZTZX")


def test_user_table_both_directions(table):
    duty = ORAddress.parse("/CN=Duty Officer/O=CDG/PRMD=LF/ADMD=ICAO/C=XX/")
    assert table.users == (UserEntry("LFPGZZZX", duty),)
    assert table.to_oraddress("lfpgzzzx") == duty
    assert table.to_aftn(duty) == "LFPGZZZX"
    assert table.to_aftn("/cn=duty officer/o=cdg/prmd=lf/admd=icao/c=xx/") == "LFPGZZZX"
    # Neither in the user table nor XF/CAAS shaped (d).
    with pytest.raises(AFTNAddressError, match="neither in the user table"):
        table.to_aftn("/CN=Someone Else/O=CDG/PRMD=LF/ADMD=ICAO/C=XX/")


def test_reverse_strict_detects_mismatch(table):
    # XF-shaped, but the table says EGLL is CAAS: a gateway would log the
    # mismatch and deliver (non-strict); strict refuses.
    xf = "/OU=EGLLZTZX/O=AFTN/PRMD=EG/ADMD=ICAO/C=XX/"
    assert table.to_aftn(xf) == "EGLLZTZX"
    with pytest.raises(AFTNAddressError, match="whose address by the table is"):
        table.to_aftn(xf, strict=True)
    # CAAS-shaped with the wrong O.
    with pytest.raises(AFTNAddressError):
        table.to_aftn("/CN=EGLLZTZX/OU=EGLL/O=WRONG/PRMD=EG/ADMD=ICAO/C=XX/", strict=True)
    # A location the table has no MD for.
    with pytest.raises(AFTNAddressError, match="no management domain"):
        table.to_aftn("/OU=ZZZZZTZX/O=AFTN/PRMD=ZZ/ADMD=ICAO/C=XX/", strict=True)


def test_table_csv_equals_json(table, tmp_path):
    from_csv = AddressingTable.from_csv(TABLE_CSV)
    assert from_csv.to_dict() == table.to_dict()
    p = tmp_path / "md.csv"
    p.write_text(TABLE_CSV)
    assert AddressingTable.load(p).to_dict() == table.to_dict()
    q = tmp_path / "md.json"
    q.write_text(json.dumps(TABLE_JSON))
    assert AddressingTable.load(str(q)).to_dict() == table.to_dict()
    # Dumps read back to the same table.
    assert AddressingTable.from_csv(table.to_csv()).to_dict() == table.to_dict()
    assert AddressingTable.from_json(table.to_json()).to_dict() == table.to_dict()
    with open(q) as f:
        assert AddressingTable.from_json(f).to_dict() == table.to_dict()


@pytest.mark.parametrize("doc,match", [
    ({"domain": []}, "unknown keys"),
    ({"format": "other"}, "not an x400fast addressing table"),
    ({"version": 2}, "version"),
    ({"domains": [{"location": "EG"}]}, "prmd is required"),
    ({"domains": [{"location": "EGL", "prmd": "EG"}]}, "not 1 or 2 or 4 letters"),
    ({"domains": [{"location": "EG", "prmd": "EG", "designator": "ZT"}]}, "designator"),
    ({"domains": [{"location": "EG", "prmd": "EG", "scheme": "LOCAL"}]}, "neither XF nor CAAS"),
    ({"domains": [{"location": "EG", "prmd": "EG", "colour": "red"}]}, "colour"),
    ({"domains": [{"location": "EG", "prmd": "EG"}, {"location": "EG", "prmd": "GB"}]},
     "two MD rules"),
    ({"domains": [{"location": "EG", "prmd": "E\u00e9"}]}, "domains\\[0\\]"),
    ({"caas": [{"location": "EG"}]}, "organization is required"),
    ({"caas": [{"location": "EG", "organization": "A"},
               {"location": "EG", "organization": "B"}]}, "two CAAS"),
    ({"users": [{"aftn": "EGLLZTZX", "oraddress": "not an address"}]}, "users\\[0\\]"),
    ({"users": [{"aftn": "EGLLZTZX", "oraddress": "/O=A/PRMD=EG/ADMD=ICAO/C=XX/"},
                {"aftn": "EGLLZTZX", "oraddress": "/O=B/PRMD=EG/ADMD=ICAO/C=XX/"}]},
     "two O/R addresses"),
    ({"domains": {"location": "EG"}}, "list of objects"),
])
def test_table_errors(doc, match):
    with pytest.raises(AFTNAddressError, match=match):
        AddressingTable.from_dict(doc)


@pytest.mark.parametrize("text,match", [
    ("location,prmd\nEG,EG\n", "'kind' column"),
    ("kind,location,prmd,colour\ndomain,EG,EG,red\n", "unknown columns"),
    ("kind,location,prmd\nregion,EG,EG\n", "kind must be"),
    ("kind,location,prmd,organization\ndomain,EG,EG,EGTT\n", "row 2: organization"),
    ("kind,location,prmd\ndomain,EG,EG,extra\n", "more cells"),
    ("kind,location,organization\ncaas,EG,\n", "row 2: organization is required"),
])
def test_table_csv_errors(text, match):
    with pytest.raises(AFTNAddressError, match=match):
        AddressingTable.from_csv(text)


def test_table_file_errors(tmp_path):
    with pytest.raises(AFTNAddressError, match="extension"):
        AddressingTable.load(tmp_path / "md.txt")
    with pytest.raises(AFTNAddressError, match="cannot read"):
        AddressingTable.from_json(str(tmp_path / "missing.json"))
    with pytest.raises(AFTNAddressError, match="not valid JSON"):
        AddressingTable.from_json("{nope")
    with pytest.raises(AFTNAddressError, match="not UTF-8"):
        AddressingTable.from_json(b"\xff\xfe")
    assert AddressingTable.from_csv("# nothing\n\n").to_dict()["domains"] == []


# -- generated addresses ----------------------------------------------------

AF = st.text(alphabet=string.ascii_uppercase, min_size=8, max_size=8)
AF_ANY_CASE = st.text(alphabet=string.ascii_letters, min_size=8, max_size=8)
PRINTABLE = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789'()+,-./:=?"
PRMD = st.text(alphabet=PRINTABLE, min_size=1, max_size=16).filter(lambda s: s.strip())
ORG = st.text(alphabet=PRINTABLE, min_size=1, max_size=64).filter(
    lambda s: s.strip() and s.upper() != "AFTN")


@settings(max_examples=150, deadline=None)
@given(AF_ANY_CASE, PRMD)
def test_xf_round_trip_generated(af, prmd):
    a = xf_oraddress(af, prmd)
    assert aftn_from_xf(a) == af.upper()
    assert aftn_from_xf(ORAddress.parse(a.to_string())) == af.upper()
    t = AddressingTable([DomainRule(af[:2], ManagementDomain(prmd))])
    assert t.to_aftn(t.to_oraddress(af), strict=True) == af.upper()


@settings(max_examples=150, deadline=None)
@given(AF, PRMD, ORG, st.sampled_from([1, 2, 4]), st.booleans())
def test_caas_round_trip_generated(af, prmd, org, n, with_designator):
    a = caas_oraddress(af, prmd, org)
    assert aftn_from_caas(a) == af
    assert aftn_from_caas(ORAddress.parse(a.to_string())) == af
    rule = DomainRule(af[:n], ManagementDomain(prmd, "CAAS"),
                      designator=af[4:7] if with_designator else None)
    t = AddressingTable([rule], [CAASRule(af[:4], org)])
    assert t.to_oraddress(af) == a
    assert t.to_aftn(a, strict=True) == af
    back = AddressingTable.from_csv(t.to_csv())
    assert back.to_aftn(back.to_oraddress(af), strict=True) == af


# ---------------------------------------------------------------------------
# LDAP (ldap3's offline MOCK_SYNC strategy; a real server when configured)

try:
    with warnings.catch_warnings():
        # ldap3 2.9 imports names pyasn1 has deprecated; not ours to fix.
        warnings.simplefilter("ignore", DeprecationWarning)
        import ldap3
except ImportError:  # pragma: no cover - the amhs-ldap extra is optional
    ldap3 = None

needs_ldap3 = pytest.mark.skipif(ldap3 is None, reason="ldap3 not installed (amhs-ldap extra)")
BASE = "o=ICAO-MD-Registry"


def mock_directory(entries):
    server = ldap3.Server("mock-dsa")
    conn = ldap3.Connection(server, user="cn=reader," + BASE, password="secret",
                            client_strategy=ldap3.MOCK_SYNC)
    conn.strategy.add_entry("cn=reader," + BASE, {"userPassword": "secret", "sn": "reader"})
    for dn, attrs in entries.items():
        conn.strategy.add_entry(dn, attrs)
    return LDAPDirectory(conn, BASE)


def user_entry(af, *ors):
    return {"objectClass": ["top", "atn-amhs-user"], "atn-af-address": af,
            "mhsORAddresses": list(ors)}


@needs_ldap3
def test_ldap_mock_lookups_both_ways():
    caas = "/CN=VVNBYMYX/OU=VVNB/O=VVTS/PRMD=VIETNAM/ADMD=ICAO/C=XX/"
    local = "/CN=Briefing/OU=Ops/O=LFPG/PRMD=LF/ADMD=ICAO/C=XX/"
    d = mock_directory({
        "cn=VVNBYMYX,ou=VV," + BASE: user_entry("VVNBYMYX", caas),
        "cn=LFPGYOYX,ou=LF," + BASE: user_entry("LFPGYOYX", local),
    })
    assert d.lookup_oraddress("vvnbymyx") == ORAddress.parse(caas)
    assert d.lookup_oraddress("LFPGYOYX") == ORAddress.parse(local)
    assert d.lookup_oraddress("EGLLZTZX") is None
    assert d.lookup_aftn(ORAddress.parse(local)) == "LFPGYOYX"
    # Written differently from the stored string: found through the CN.
    assert d.lookup_aftn(ORAddress.parse(caas.lower())) == "VVNBYMYX"
    assert d.lookup_aftn(ORAddress.parse("/OU=EGLLZTZX/O=AFTN/PRMD=EG/ADMD=ICAO/C=XX/")) is None
    # Through the table: the directory comes before the algorithmic scheme.
    t = AddressingTable([DomainRule("LF", ManagementDomain("LF"))], directory=d)
    assert t.to_oraddress("LFPGYOYX") == ORAddress.parse(local)
    assert t.to_oraddress("LFPGYTYX") == xf_oraddress("LFPGYTYX", "LF")
    assert t.to_aftn(local) == "LFPGYOYX"
    assert t.to_aftn("/OU=LFPGYTYX/O=AFTN/PRMD=LF/ADMD=ICAO/C=XX/") == "LFPGYTYX"


@needs_ldap3
def test_ldap_mock_inconsistent_directory():
    d = mock_directory({
        "cn=a," + BASE: user_entry("EGLLZTZX", "/O=A/PRMD=EG/ADMD=ICAO/C=XX/"),
        "cn=b," + BASE: user_entry("EGLLZTZX", "/O=B/PRMD=EG/ADMD=ICAO/C=XX/"),
        "cn=c," + BASE: user_entry("EGKKZTZX", "not an O/R address"),
    })
    with pytest.raises(AFTNAddressError, match="2 entries"):
        d.lookup_oraddress("EGLLZTZX")
    with pytest.raises(AFTNAddressError, match="is not an O/R address"):
        d.lookup_oraddress("EGKKZTZX")


@needs_ldap3
def test_ldap_bind_refused():
    server = ldap3.Server("mock-dsa")
    conn = ldap3.Connection(server, user="cn=reader," + BASE, password="wrong",
                            client_strategy=ldap3.MOCK_SYNC)
    conn.strategy.add_entry("cn=reader," + BASE, {"userPassword": "secret", "sn": "r"})
    with pytest.raises(AFTNAddressError, match="bind"):
        LDAPDirectory(conn, BASE).lookup_oraddress("EGLLZTZX")


@needs_ldap3
def test_ldap_unreachable_server_is_an_address_error():
    # Nothing listens on port 9 of localhost: the connection is refused.
    d = LDAPDirectory("ldap://127.0.0.1:9", BASE, timeout=2)
    with pytest.raises(AFTNAddressError, match="directory"):
        d.lookup_oraddress("EGLLZTZX")


LDAP_URL = os.environ.get("X400FAST_TEST_LDAP_URL")


@needs_ldap3
@pytest.mark.skipif(not LDAP_URL, reason="no LDAP server configured "
                    "(X400FAST_TEST_LDAP_URL, _BASE, _AFTN; optional _USER, _PASSWORD)")
def test_ldap_real_server():  # pragma: no cover - needs a configured directory
    base = os.environ.get("X400FAST_TEST_LDAP_BASE", BASE)
    af = os.environ["X400FAST_TEST_LDAP_AFTN"]
    with LDAPDirectory(LDAP_URL, base, user=os.environ.get("X400FAST_TEST_LDAP_USER"),
                       password=os.environ.get("X400FAST_TEST_LDAP_PASSWORD")) as d:
        a = d.lookup_oraddress(af)
        assert a is not None
        assert d.lookup_aftn(a) == af.upper()


# ---------------------------------------------------------------------------
# Basic-service header: exact bytes (amhs.md section 3)


def test_header_example_a_bytes():
    header = format_ats_header("GG", "141035")
    assert header.encode("ascii") == H(
        "01 50 52 49 3A 20 47 47 0D 0A 46 54 3A 20 31 34 31 30 33 35 0D 0A 02")


def test_header_example_b_bytes():
    header = format_ats_header(ATSPriority.SS, "020912", "ACK REQUIRED")
    assert header.encode("ascii") == (
        H("01") + b"PRI: SS" + H("0D0A") + b"FT: 020912" + H("0D0A")
        + H("4F 48 49 3A 20") + b"ACK REQUIRED" + H("0D0A") + H("02"))


def test_example_a_body_text_in_the_ipm():
    m = ATSMessage("GG", "141035", "TAF EGLL 141100Z 1412/1518 24012KT 9999 SCT030\r\n",
                   recipients=["EGLLZTZX"], originator="EGKKZPZX", ipm_identifier="1")
    ipm = m.to_ipm(AMHSSettings(addressing=XF_UK), now=NOW)
    assert ipm["body"] == [("basic", ("ia5_text", {"parameters": {}, "data": (
        "\x01PRI: GG\r\nFT: 141035\r\n\x02TAF EGLL 141100Z 1412/1518 24012KT 9999 SCT030\r\n"
    )}))]
    assert "extensions" not in ipm["heading"]


@pytest.mark.parametrize("body,expected", [
    # Exact layout.
    ("\x01PRI: FF\r\nFT: 141035\r\nOHI: X Y\r\n\x02TEXT", ("FF", "141035", "X Y", "TEXT")),
    # Bare LF separators, no SOH.
    ("PRI: DD\nFT: 010000\n\x02TEXT\n", ("DD", "010000", None, "TEXT\n")),
    # OHI prompt only: no OHI.
    ("\x01PRI: KK\r\nFT: 311259\r\nOHI: \r\n\x02T", ("KK", "311259", None, "T")),
    ("\x01PRI: KK\r\nFT: 311259\r\nOHI:\r\n\x02T", ("KK", "311259", None, "T")),
    # Isode's end-of-heading blank line, CR LF and LF modes.
    ("\x01PRI: GG\r\nFT: 141035\r\n\r\n\x02TEXT", ("GG", "141035", None, "TEXT")),
    ("\x01PRI: GG\nFT: 141035\n\n\x02TEXT", ("GG", "141035", None, "TEXT")),
    # No STX: a blank line, or nothing, before the text.
    ("\x01PRI: GG\r\nFT: 141035\r\n\r\nTEXT", ("GG", "141035", None, "TEXT")),
    ("\x01PRI: GG\r\nFT: 141035\r\nTEXT\r\n", ("GG", "141035", None, "TEXT\r\n")),
    # Only the first six characters of the filing time count.
    ("\x01PRI: GG\r\nFT: 1410351\r\n\x02T", ("GG", "141035", None, "T")),
    # OHI keeps its own spaces beyond the one after the prompt.
    ("\x01PRI: SS\r\nFT: 141035\r\nOHI:  TWO \r\n\x02T", ("SS", "141035", " TWO ", "T")),
    # An empty text.
    ("\x01PRI: SS\r\nFT: 141035\r\n\x02", ("SS", "141035", None, "")),
])
def test_header_parser_tolerance(body, expected):
    header, text = parse_ats_text(body)
    assert (header.priority.value, header.filing_time, header.ohi, text) == expected
    assert isinstance(header, ATSHeader)


@pytest.mark.parametrize("body,field", [
    ("TAF EGLL", "text"),
    ("\x01PRI: XX\r\nFT: 141035\r\n\x02T", "priority"),
    ("\x01PRI: GG\r\nFX: 141035\r\n\x02T", "filing_time"),
    ("\x01PRI: GG\r\nFT: 321035\r\n\x02T", "filing_time"),
    ("\x01PRI: GG\r\nFT: 142435\r\n\x02T", "filing_time"),
    ("\x01PRI: GG\r\nFT: 14103\r\n\x02T", "filing_time"),
    ("\x01PRI: GG", "text"),
    ("\x01PRI: GG\r\n", "filing_time"),
])
def test_header_parser_errors(body, field):
    with pytest.raises(ATSMessageError) as e:
        parse_ats_text(body)
    assert e.value.field == field
    assert isinstance(e.value, MessageError)


# ---------------------------------------------------------------------------
# Priorities (amhs.md section 5)


@pytest.mark.parametrize("p,envelope,precedence,rn", [
    ("SS", "urgent", 107, True), ("DD", "normal", 71, False), ("FF", "normal", 57, False),
    ("GG", "non-urgent", 28, False), ("KK", "non-urgent", 14, False)])
def test_priority_mapping(table, p, envelope, precedence, rn):
    pr = ATSPriority(p)
    assert (pr.envelope_priority, pr.precedence, pr.receipt_notification) == (
        envelope, precedence, rn)
    assert ATSPriority.from_precedence(precedence) is pr
    m = ATSMessage(p, "141035", "T", recipients=["EGLLZTZX", "LFPGYTYX"],
                   originator="VVTSYFYX", ipm_identifier="1")
    for service in ATSService:
        s = AMHSSettings(service=service, addressing=table)
        sub = m.to_submission(s, now=NOW)
        assert sub["envelope"]["priority"] == envelope
        ipm = m.to_ipm(s, now=NOW)
        for spec in ipm["heading"]["primary_recipients"]:
            assert ("rn" in spec.get("notification_requests", ())) is rn
            exts = spec.get("recipient_extensions", [])
            if service is ATSService.EXTENDED:
                assert exts == [{"type": "2.6.1.20.1",
                                 "value": ber.encode(x420.RECIPIENT_EXTENSIONS["2.6.1.20.1"],
                                                     precedence)}]
            else:
                assert exts == []
        # The importance is not mapped (amhs.md 5): the heading leaves it out.
        assert "importance" not in ipm["heading"]
        # Reading back gives the priority from the header or the precedence.
        assert ATSMessage.from_content(m.to_content(s, now=NOW)).priority is pr


def test_priority_table_is_complete():
    assert PRECEDENCE_POLICY_ID == "1.3.27.8.0.0"
    assert set(PRIORITY_MAPPINGS) == set(ATSPriority)
    assert [m.amqp_priority for m in PRIORITY_MAPPINGS.values()] == [6, 5, 4, 3, 2]


def test_unknown_precedence_and_priority():
    with pytest.raises(ATSMessageError, match="precedence 100"):
        ATSPriority.from_precedence(100)
    with pytest.raises(ATSMessageError) as e:
        ATSMessage("XX", "141035")
    assert e.value.field == "priority"
    assert ATSMessage(" ss ", "141035").priority is ATSPriority.SS


def test_ss_with_distribution_list_is_not_urgent(table):
    m = ATSMessage("SS", "141035", "T", recipients=["EGLLZTZX", "LFPGYTYX"],
                   originator="VVTSYFYX")
    s = AMHSSettings(addressing=table)
    assert m.to_submission(s, now=NOW)["envelope"]["priority"] == "urgent"
    sub = m.to_submission(s, now=NOW, dl_recipients=["LFPGYTYX"])
    assert sub["envelope"]["priority"] == "normal"
    # rn is still requested from every recipient.
    ipm = ATSMessage.from_content(sub["content"])
    assert not ipm.acknowledgement
    # The DL given in another form (its O/R address) is recognised too.
    dl_or = str(table.to_oraddress("LFPGYTYX"))
    assert m.to_submission(s, now=NOW, dl_recipients=[dl_or])[
        "envelope"]["priority"] == "normal"
    # A DL that is not a recipient changes nothing.
    assert m.to_submission(s, now=NOW, dl_recipients=["KJFKZTZX"])[
        "envelope"]["priority"] == "urgent"


def test_acknowledgement_requests_no_rn(table):
    m = ATSMessage("SS", "141035", "R 141030 LFPGYTYX", recipients=["EGLLZTZX"],
                   originator="VVTSYFYX", acknowledgement=True)
    assert not m.requests_receipt
    for service in ATSService:
        s = AMHSSettings(service=service, addressing=table)
        ipm = m.to_ipm(s, now=NOW)
        assert "notification_requests" not in ipm["heading"]["primary_recipients"][0]
        assert ATSMessage.from_content(m.to_content(s, now=NOW), addressing=table) == m


def test_envelope_of_a_submission(table):
    m = ATSMessage("FF", "141035", "T", recipients=["EGLLZTZX"], originator="LFPGYTYX",
                   ipm_identifier="1")
    s = AMHSSettings(addressing=table)
    env = m.to_submission(s, now=NOW)["envelope"]
    assert env["content_type"] == ("built_in", 22)
    assert env["per_message_indicators"] == frozenset({"alternate-recipient-allowed"})
    assert env["original_encoded_information_types"] == {
        "built_in_encoded_information_types": frozenset({"ia5-text"})}
    assert env["originator_name"] == table.to_oraddress("LFPGYTYX").to_asn1()
    assert env["per_recipient_fields"] == [{
        "recipient_name": table.to_oraddress("EGLLZTZX").to_asn1(),
        "originator_report_request": frozenset({"non-delivery-report"})}]
    # The BER decodes as a P3 message-submission argument.
    arg = ber.decode(x411.MTSAbstractService["MessageSubmissionArgument"],
                     m.encode_submission(s, now=NOW))
    assert arg["envelope"]["priority"] == "normal"
    assert ATSMessage.from_content(arg["content"], addressing=table) == m
    # Extended: general text (repertoire A) and FTBP EITs.
    ext = m.replace(attachments=[ATSFile(b"\x00")])
    se = AMHSSettings(service="extended", addressing=table, gateway_limits=None)
    eits = ext.to_submission(se, now=NOW)["envelope"]["original_encoded_information_types"]
    assert eits == {"built_in_encoded_information_types": frozenset(),
                    # DER order: 06 04 56010c00 sorts before 06 07 28...
                    "extended_encoded_information_types": [
                        "2.6.1.12.0", "1.0.10021.7.1.0.1", "1.0.10021.7.1.0.6"]}
    latin = m.replace(text="Gr\xfc\xdfe")
    eits = latin.to_submission(AMHSSettings(service="extended", addressing=table,
                                            gateway_limits=None), now=NOW)["envelope"][
        "original_encoded_information_types"]
    assert eits["extended_encoded_information_types"] == [
        "1.0.10021.7.1.0.1", "1.0.10021.7.1.0.6", "1.0.10021.7.1.0.100"]


def test_submission_needs_originator_and_recipients(table):
    s = AMHSSettings(addressing=table)
    with pytest.raises(ATSMessageError) as e:
        ATSMessage("FF", "141035", "T", recipients=["EGLLZTZX"]).to_submission(s)
    assert e.value.field == "originator"
    with pytest.raises(ATSMessageError) as e:
        ATSMessage("FF", "141035", "T", originator="EGLLZTZX").to_submission(s)
    assert e.value.field == "recipients"


def test_af_address_without_a_table():
    m = ATSMessage("FF", "141035", "T", recipients=["EGLLZTZX"])
    with pytest.raises(AFTNAddressError, match="no addressing table"):
        m.to_ipm(now=NOW)
    # O/R addresses need none.
    m2 = ATSMessage("FF", "141035", "T",
                    recipients=["/OU=EGLLZTZX/O=AFTN/PRMD=EG/ADMD=ICAO/C=XX/"])
    assert ATSMessage.from_ipm(m2.to_ipm(now=NOW)) == m2


# ---------------------------------------------------------------------------
# Extended service: heading extensions, byte for byte


def test_extended_heading_extension_vectors(table):
    m = ATSMessage("SS", "140935", "SAR ALERT\r\n", recipients=["EGLLZTZX"],
                   originator="LFPGYTYX", ohi="ACK REQUIRED", ipm_identifier="1")
    ipm = m.to_ipm(AMHSSettings(service="extended", addressing=table), now=NOW)
    enc = [ber.encode(x420.ipms["IPMSExtension"], e) for e in ipm["heading"]["extensions"]]
    assert enc == [
        # precedence-policy-identifier 2.6.1.5.12 = OID 1.3.27.8.0.0
        H("300d 0604 5601050c 0605 2b1b080000"),
        # authorization-time 2.6.1.5.5 = GeneralizedTime 20240514093500Z
        H("3017 0604 56010505 180f") + b"20240514093500Z",
        # originators-reference 2.6.1.5.11 = SET { BMPString "ACK REQUIRED" }
        H("3022 0604 5601050b 311a 1e18") + "ACK REQUIRED".encode("utf-16-be"),
    ]
    spec = ipm["heading"]["primary_recipients"][0]
    assert ber.encode(x420.ipms["IPMSExtension"], spec["recipient_extensions"][0]) == H(
        "3009 0604 56011401 0201 6b")                      # precedence 107
    assert spec["notification_requests"] == frozenset({"rn"})
    # No ATS header in the text; general text with its designations.
    (kind, part), = ipm["body"]
    assert kind == "extended"
    assert part["data"]["direct_reference"] == "2.6.1.4.11"
    assert ber.decode(x420.ipms_ebpt2["GeneralTextData"],
                      part["data"]["encoding"][1]) == "\x1b!@\x1b(BSAR ALERT\r\n"
    assert ber.decode(x420.ipms_ebpt2["GeneralTextParameters"],
                      part["parameters"]["encoding"][1]) == [1, 6]


# Whole IPMs of the same message in both services (SS, OHI, XF addresses in
# PRMDs EG and LF, IPM identifier "1", filed 140935, sent 2024-05-14
# 10:40Z).  tshark 4.x dissected both cleanly.
MD_EG_LF = AddressingTable.from_dict({"domains": [{"location": "EG", "prmd": "EG"},
                                                  {"location": "LF", "prmd": "LF"}]})
SAR = ATSMessage("SS", "140935", "SAR ALERT\r\n", recipients=["EGLLZTZX"],
                 originator="LFPGYTYX", ohi="ACK REQUIRED", ipm_identifier="1")
BASIC_HEX = (
    "a081cf31818f6b2d13013160283026610413025858620613044943414fa20413024c4683044146544e"
    "a60a13084c46504759545958a02a60283026610413025858620613044943414fa20413024c46830441"
    "46544ea60a13084c46504759545958a2323130a02a60283026610413025858620613044943414fa204"
    "1302454783044146544ea60a130845474c4c5a545a5881020780303ba03931001635015052493a2053"
    "530d0a46543a203134303933350d0a4f48493a2041434b2052455155495245440d0a0253415220414c"
    "4552540d0a")
EXTENDED_HEX = (
    "a08201203181ea6b2d13013160283026610413025858620613044943414fa20413024c468304414654"
    "4ea60a13084c46504759545958a02a60283026610413025858620613044943414fa20413024c468304"
    "4146544ea60a13084c46504759545958a23f313da02a60283026610413025858620613044943414fa2"
    "041302454783044146544ea60a130845474c4c5a545a5881020780a30b300906045601140102016baf"
    "4c300d06045601050c06052b1b0800003017060456010505180f32303234303531343039333530305a"
    "302206045601050b311a1e1800410043004b0020005200450051005500490052004500443031af2fa0"
    "10060456010b0ba0083106020101020106281b06045601040ba0131b111b21401b284253415220414c"
    "4552540d0a")


@pytest.mark.parametrize("service,hexstr", [("basic", BASIC_HEX), ("extended", EXTENDED_HEX)])
def test_whole_ipm_vectors(service, hexstr):
    s = AMHSSettings(service=service, addressing=MD_EG_LF)
    assert SAR.to_content(s, now=NOW) == H(hexstr)
    back = ATSMessage.from_content(H(hexstr), addressing=MD_EG_LF)
    assert back == SAR and back.ipm_identifier == "1"
    assert ATSMessage.service_of(ber.decode(IO, H(hexstr))[1]) is ATSService(service)


# ---------------------------------------------------------------------------
# Round trips: ATSMessage -> IPM BER -> ATSMessage, both services


def app_message(**over):
    """What an application builds, knowing nothing of the service."""
    kw = dict(priority="FF", filing_time="141035", ohi="FPL AMENDED",
              text="(FPL-BAW123-IS\r\n-A320/M-SDFGHIRWY/S\r\n-EGLL1200\r\n-N0450F350 DCT\r\n"
                   "-LFPG0100\r\n-0)\r\n",
              recipients=["LFPGZQZX", "LFFFZQZX", "/CN=Flow/O=NMOC/PRMD=EU/ADMD=ICAO/C=XX/"],
              originator="EGLLZPZX")
    kw.update(over)
    return ATSMessage(**kw)


def test_same_application_code_both_services(table):
    t = AddressingTable(table.domains, table.caas, table.users)
    results = {}
    for service in (ATSService.BASIC, ATSService.EXTENDED):
        s = AMHSSettings(service=service, addressing=t)       # the only change
        msg = app_message()
        content = msg.to_content(s, now=NOW)
        ipm = ber.decode(IO, content)[1]
        assert ATSMessage.service_of(ipm) is service
        results[service] = ATSMessage.from_content(content, addressing=t)
        assert results[service] == msg
    basic_text = ber.decode(IO, app_message().to_content(
        AMHSSettings(addressing=t), now=NOW))[1]["body"][0][1][1]["data"]
    assert basic_text.startswith("\x01PRI: FF\r\nFT: 141035\r\nOHI: FPL AMENDED\r\n\x02(FPL")
    # Without a table on reading, the addresses are the O/R addresses.
    plain = ATSMessage.from_content(app_message().to_content(
        AMHSSettings(service="extended", addressing=t), now=NOW))
    assert plain.recipients[0] == t.to_oraddress("LFPGZQZX")
    assert plain.originator == t.to_oraddress("EGLLZPZX")


def test_basic_general_text_body(table):
    s = AMHSSettings(addressing=table, basic_body="general-text")
    m = app_message()
    ipm = m.to_ipm(s, now=NOW)
    part = ipm["body"][0][1]
    assert part["data"]["direct_reference"] == "2.6.1.4.11"
    assert ATSMessage.service_of(ipm) is ATSService.BASIC
    assert ATSMessage.from_ipm(ipm, addressing=table) == m


def test_extended_with_files_and_latin1(table):
    s = AMHSSettings(service="extended", addressing=table, gateway_limits=None)
    m = app_message(text="M\xe9t\xe9o", attachments=[ATSFile(b"\x00\xff" * 300, "chart.png"),
                                                    ATSFile(b"", None)])
    content = m.to_content(s, now=NOW)
    back = ATSMessage.from_content(content, addressing=table)
    assert back == m
    ipm = ber.decode(IO, content)[1]
    assert len(ipm["body"]) == 3
    assert ber.decode(x420.ipms_ebpt2["GeneralTextParameters"],
                      ipm["body"][0][1]["parameters"]["encoding"][1]) == [1, 6, 100]
    # Only files: no text body part.
    only = app_message(text="", attachments=[ATSFile(b"abc", "x.bin")])
    ipm = only.to_ipm(s, now=NOW)
    assert len(ipm["body"]) == 1
    assert ATSMessage.from_ipm(ipm, addressing=table) == only
    # Basic + FTBP functional group: header text then the file.
    sb = AMHSSettings(addressing=table, gateway_limits=None)
    fb = app_message(attachments=[ATSFile(b"abc", "x.bin")])
    assert ATSMessage.from_content(fb.to_content(sb, now=NOW), addressing=table) == fb
    # Latin-1 text does not fit the basic ia5-text body part.
    with pytest.raises(ATSMessageError) as e:
        app_message(text="M\xe9t\xe9o").to_ipm(sb, now=NOW)
    assert e.value.limit == "charset"
    with pytest.raises(ATSMessageError, match="ISO 8859-1"):
        app_message(text="\u20ac").to_ipm(s, now=NOW)


def test_from_delivery(table):
    m = app_message(ipm_identifier="42")
    s = AMHSSettings(service="extended", addressing=table)
    content = m.to_content(s, now=NOW)
    orig = table.to_oraddress("EGLLZPZX").to_asn1()
    delivery = {
        "message_delivery_identifier": {
            "global_domain_identifier": {
                "country_name": ("iso_3166_alpha2_code", "XX"),
                "administration_domain_name": ("printable", "ICAO"),
                "private_domain_identifier": ("printable", "LF")},
            "local_identifier": "0514104000Z-1"},
        "message_delivery_time": NOW,
        "other_fields": {
            "content_type": ("built_in", 22), "originator_name": orig, "priority": "normal",
            "this_recipient_name": table.to_oraddress("LFPGZQZX").to_asn1(),
            "message_submission_time": NOW},
        "content": content,
    }
    t = x411.MTSAbstractService["MessageDeliveryArgument"]
    data = ber.encode(t, delivery)
    assert ATSMessage.from_delivery(data, addressing=table) == m
    assert ATSMessage.from_delivery(delivery, addressing=table) == m
    # No originator in the heading: the envelope's is used.
    ipm = m.replace(originator=None).to_ipm(s, now=NOW)
    delivery["content"] = ber.encode(IO, ("ipm", ipm))
    assert ATSMessage.from_delivery(delivery, addressing=table).originator == "EGLLZPZX"


def test_message_model_conversion(table):
    model = pytest.importorskip("x400fast.message")
    m = app_message(priority="SS", ipm_identifier="7",
                    attachments=[ATSFile(b"\x00\x01", "x.bin")])
    for service in ATSService:
        s = AMHSSettings(service=service, addressing=table, gateway_limits=None)
        msg = m.to_message(s, now=NOW)
        assert isinstance(msg, model.Message)
        # Same octets as this module writes, same envelope facts.
        assert msg.to_content() == m.to_content(s, now=NOW)
        assert msg.priority == "urgent" and msg.alternate_recipient_allowed
        assert [r.receipt_notification for r in msg.to] == [True] * 3
        assert ATSMessage.from_message(msg, addressing=table) == m
        # Through the model's submission path and back.
        sub = msg.to_submission()
        again = model.Message.from_submission(sub.to_ber())
        assert ATSMessage.from_message(again, addressing=table) == m
        assert ATSMessage.from_content(sub.content, addressing=table) == m
    # A delivered message without a heading originator: the envelope's.
    s = AMHSSettings(service="extended", addressing=table)
    content = m.replace(originator=None, attachments=()).to_content(s, now=NOW)
    delivery = {
        "message_delivery_identifier": {
            "global_domain_identifier": {
                "country_name": ("iso_3166_alpha2_code", "XX"),
                "administration_domain_name": ("printable", "ICAO"),
                "private_domain_identifier": ("printable", "LF")},
            "local_identifier": "1"},
        "message_delivery_time": NOW,
        "other_fields": {
            "content_type": ("built_in", 22),
            "originator_name": table.to_oraddress("EGLLZPZX").to_asn1(),
            "this_recipient_name": table.to_oraddress("LFPGZQZX").to_asn1(),
            "message_submission_time": NOW},
        "content": content,
    }
    got = ATSMessage.from_message(model.Message.from_delivery(delivery), addressing=table)
    assert got == m.replace(attachments=())


TEXT_CHARS = st.lists(st.text(alphabet=st.characters(min_codepoint=0x20, max_codepoint=0x7E),
                              max_size=40)
                      | st.sampled_from(["\r\n", "\n", "\x07", "\x01", "\x02"]),
                      max_size=8).map("".join)
OHI_TEXT = st.text(alphabet=st.characters(min_codepoint=0x20, max_codepoint=0x7E),
                   max_size=48)
FILING = st.builds(lambda d, h, m: "%02d%02d%02d" % (d, h, m),
                   st.integers(1, 31), st.integers(0, 23), st.integers(0, 59))


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(list(ATSPriority)), FILING, OHI_TEXT, TEXT_CHARS,
       st.lists(AF, min_size=1, max_size=4), AF, st.booleans(),
       st.sampled_from(["basic", "extended"]))
def test_round_trip_generated(priority, ft, ohi, text, recips, orig, ack, service):
    t = AddressingTable([DomainRule(r[:2], ManagementDomain("P" + r[:2]))
                         for r in set(x[:2] for x in recips + [orig])])
    m = ATSMessage(priority, ft, text, recipients=recips, originator=orig, ohi=ohi,
                   acknowledgement=ack and priority is ATSPriority.SS)
    s = AMHSSettings(service=service, addressing=t, gateway_limits=None)
    assert ATSMessage.from_content(m.to_content(s, now=NOW), addressing=t) == m


# ---------------------------------------------------------------------------
# Filing time completion (extended service)


@pytest.mark.parametrize("ft,now,expected", [
    ("140935", NOW, dt.datetime(2024, 5, 14, 9, 35, tzinfo=UTC)),
    # Filed on the last day of the previous month, sent after midnight.
    ("302355", dt.datetime(2024, 5, 1, 0, 5, tzinfo=UTC),
     dt.datetime(2024, 4, 30, 23, 55, tzinfo=UTC)),
    # Across a year.
    ("312350", dt.datetime(2025, 1, 1, 0, 1, tzinfo=UTC),
     dt.datetime(2024, 12, 31, 23, 50, tzinfo=UTC)),
    # Day 31 sent on 1 March: February has none, so January.
    ("310000", dt.datetime(2024, 3, 1, 0, 10, tzinfo=UTC),
     dt.datetime(2024, 1, 31, 0, 0, tzinfo=UTC)),
    # An originating clock slightly ahead: the next month's first day.
    ("010005", dt.datetime(2024, 1, 31, 23, 50, tzinfo=UTC),
     dt.datetime(2024, 2, 1, 0, 5, tzinfo=UTC)),
])
def test_complete_filing_time(ft, now, expected):
    assert complete_filing_time(ft, now) == expected
    assert filing_time_of(expected) == ft


def test_filing_time_as_datetime(table):
    when = dt.datetime(2024, 5, 14, 11, 35, 42, tzinfo=dt.timezone(dt.timedelta(hours=2)))
    m = ATSMessage("GG", when, "T", recipients=["EGLLZTZX"], originator="LFPGYTYX")
    assert m.filing_time == "140935"
    assert m.authorization_time == dt.datetime(2024, 5, 14, 9, 35, tzinfo=UTC)
    # Used as it is by the extended service, whatever "now" is.
    ipm = m.to_ipm(AMHSSettings(service="extended", addressing=table),
                   now=dt.datetime(2024, 6, 20, tzinfo=UTC))
    assert ATSMessage.from_ipm(ipm).authorization_time == m.authorization_time
    with pytest.raises(ATSMessageError, match="aware"):
        ATSMessage("GG", dt.datetime(2024, 5, 14))
    with pytest.raises(ATSMessageError, match="does not agree"):
        ATSMessage("GG", "150935", authorization_time=m.authorization_time)
    with pytest.raises(ATSMessageError, match="aware"):
        m.to_ipm(AMHSSettings(addressing=table), now=dt.datetime(2024, 5, 14))


@pytest.mark.parametrize("bad", ["14093", "1409355", "001200", "322359", "142400", "141060",
                                 "14O935", 140935, "\uff11\uff14\uff10\uff19\uff13\uff15"])
def test_filing_time_syntax(bad):
    with pytest.raises(ATSMessageError) as e:
        ATSMessage("GG", bad)
    assert e.value.field == "filing_time"


# ---------------------------------------------------------------------------
# OHI and gateway limits, at and one past each limit


def test_ohi_limits():
    assert ATSMessage("FF", "141035", ohi="O" * 53).ohi == "O" * 53
    with pytest.raises(ATSMessageError) as e:
        ATSMessage("FF", "141035", ohi="O" * 54)
    assert (e.value.limit, e.value.maximum, e.value.value) == ("ohi_length", 53, 54)
    assert ATSMessage("SS", "141035", ohi="O" * 48).ohi == "O" * 48
    with pytest.raises(ATSMessageError) as e:
        ATSMessage("SS", "141035", ohi="O" * 49)
    assert (e.value.limit, e.value.maximum, e.value.value) == ("ohi_length", 48, 49)
    assert ATSMessage("FF", "141035", ohi="").ohi is None
    assert ATSMessage("FF", "141035", ohi="   ").ohi is None
    with pytest.raises(ATSMessageError, match="printable IA5"):
        ATSMessage("FF", "141035", ohi="A\r\nB")
    # The header builder applies the same rule.
    with pytest.raises(ATSMessageError):
        format_ats_header("SS", "141035", "O" * 49)


def limited(**kw):
    base = dict(priority="GG", filing_time="141035", text="T", recipients=["EGLLZTZX"],
                originator="LFPGYTYX")
    base.update(kw)
    return ATSMessage(**base)


@pytest.mark.parametrize("ok,bad,limit,maximum,value", [
    (dict(text="A" * 69 + "\r\nB"), dict(text="B\r\n" + "A" * 70), "line_length", 69, 70),
    (dict(text="A" * 69), dict(text="A" * 69 + "\nB\r" + "C" * 70), "line_length", 69, 70),
    # 29 lines of 60 letters + CR LF = 1798 characters, then 2 or 3 more.
    (dict(text=("A" * 60 + "\r\n") * 29 + "A" * 2),
     dict(text=("A" * 60 + "\r\n") * 29 + "A" * 3), "text_length", 1800, 1801),
    (dict(recipients=["EGLLZTZX"] * 512), dict(recipients=["EGLLZTZX"] * 513),
     "recipients", 512, 513),
    (dict(attachments=()), dict(attachments=[ATSFile(b"x")]), "body_parts", 1, 2),
    (dict(text="A\x7f"), dict(text="A\xe9"), "charset", None, None),
])
def test_gateway_limits(table, ok, bad, limit, maximum, value):
    s = AMHSSettings(addressing=table)
    limited(**ok).check_gateway_limits()
    with pytest.raises(ATSMessageError) as e:
        limited(**bad).check_gateway_limits()
    assert (e.value.limit, e.value.maximum, e.value.value) == (limit, maximum, value)
    # Checked before anything is encoded or converted.
    with pytest.raises(ATSMessageError) as e2:
        limited(**bad).to_submission(s, now=NOW)
    assert e2.value.limit == limit
    # And skipped when the limits are switched off.
    if limit != "charset":
        limited(**bad).check_gateway_limits(GatewayLimits(
            max_line_length=None, max_text_length=None, max_recipients=None,
            single_body_part=False))


def test_ita2_repertoire():
    lim = GatewayLimits(charset="ita2")
    limited(text="TAF EGLL 141100Z 24012KT (CAVOK) = / + ? : . , ' -\r\n").check_gateway_limits(lim)
    for bad in ("taf", "A;B", "A*B", "A\x07"):
        with pytest.raises(ATSMessageError) as e:
            limited(text=bad).check_gateway_limits(lim)
        assert e.value.limit == "charset"
    limited(text="lower case").check_gateway_limits(GatewayLimits(charset=None))
    with pytest.raises(ATSMessageError):
        GatewayLimits(charset="utf-8")


def test_settings_validation():
    with pytest.raises(ATSMessageError):
        AMHSSettings(service="premium")
    with pytest.raises(ATSMessageError):
        AMHSSettings(basic_body="teletex")
    assert AMHSSettings(service="extended").service is ATSService.EXTENDED


def test_message_field_validation():
    with pytest.raises(ATSMessageError) as e:
        ATSMessage("FF", "141035", recipients=["not an address at all"])
    assert e.value.field == "recipients[0]"
    with pytest.raises(ATSMessageError):
        ATSMessage("FF", "141035", recipients=[42])
    with pytest.raises(ATSMessageError, match="sequence"):
        ATSMessage("FF", "141035", recipients=42)
    with pytest.raises(ATSMessageError, match="sequence"):
        ATSMessage("FF", "141035", attachments=b"raw")
    with pytest.raises(ATSMessageError):
        ATSMessage("FF", "141035", text=b"bytes")
    with pytest.raises(ATSMessageError):
        ATSMessage("FF", "141035", attachments=[b"raw"])
    with pytest.raises(ATSMessageError):
        ATSFile("text")
    m = ATSMessage("FF", "141035", recipients="EGLLZTZX",
                   originator=ORName(xf_oraddress("LFPGYTYX", "LF")),
                   attachments=ATSFile(bytearray(b"x")))
    assert m.recipients == ("EGLLZTZX",) and isinstance(m.originator, ORAddress)
    assert m.attachments[0].data == b"x"


# ---------------------------------------------------------------------------
# Reading: what is not an ATS message


def ipm_with_body(body, extensions=None):
    heading = {"this_ipm": {"user_relative_identifier": "1"},
               "primary_recipients": [{"recipient": {
                   "formal_name": xf_oraddress("EGLLZTZX", "EG").to_asn1()}}]}
    if extensions:
        heading["extensions"] = extensions
    return {"heading": heading, "body": body}


def ia5(text):
    return ("basic", ("ia5_text", {"parameters": {}, "data": text}))


def test_reading_errors():
    with pytest.raises(ATSMessageError, match="PRI:"):
        ATSMessage.from_ipm(ipm_with_body([ia5("no header here")]))
    with pytest.raises(ATSMessageError, match="no text body part"):
        ATSMessage.from_ipm(ipm_with_body([]))
    with pytest.raises(ATSMessageError, match="2 text body parts"):
        ATSMessage.from_ipm(ipm_with_body([ia5("\x01PRI: GG\r\nFT: 141035\r\n\x02A"),
                                           ia5("B")]))
    with pytest.raises(ATSMessageError, match="bilaterally-defined"):
        ATSMessage.from_ipm(ipm_with_body([("basic", ("bilaterally_defined", b"x"))]))
    with pytest.raises(ATSMessageError, match="not an IPM"):
        ATSMessage.from_ipm({"heading": {}})
    free = ipm_with_body([ia5("\x01PRI: GG\r\nFT: 141035\r\n\x02A")])
    free["heading"]["primary_recipients"] = [{"recipient": {"free_form_name": "Tower"}}]
    with pytest.raises(ATSMessageError, match="free-form"):
        ATSMessage.from_ipm(free)
    # An IPN is not an ATS message.
    ipn = ber.encode(IO, ("ipn", {"subject_ipm": {"user_relative_identifier": "1"},
                                  "choice": ("receipt_fields", {"receipt_time": NOW})}))
    with pytest.raises(ATSMessageError, match="IPN"):
        ATSMessage.from_content(ipn)


def policy_ext():
    return {"type": "2.6.1.5.12", "value": H("06052b1b080000")}


def test_extended_fields_win_and_fallbacks():
    header = "\x01PRI: GG\r\nFT: 141035\r\nOHI: FROM HEADER\r\n\x02TEXT"
    auth = {"type": "2.6.1.5.5", "value": ber.encode(
        x420.HEADING_EXTENSIONS["2.6.1.5.5"], dt.datetime(2024, 5, 13, 8, 0, tzinfo=UTC))}
    ipm = ipm_with_body([ia5(header)], [policy_ext(), auth])
    ipm["heading"]["primary_recipients"][0]["recipient_extensions"] = [
        {"type": "2.6.1.20.1", "value": H("020147")}]          # 71 = DD
    m = ATSMessage.from_ipm(ipm)
    assert (m.priority, m.filing_time, m.ohi, m.text) == ("DD", "130800", "FROM HEADER",
                                                          "TEXT")
    # Extended without any priority source.
    bare = ipm_with_body([("extended", {"data": {
        "direct_reference": "2.6.1.4.0", "encoding": ("single_asn1_type", H("160154"))}})],
        [policy_ext(), auth])
    with pytest.raises(ATSMessageError, match="precedence"):
        ATSMessage.from_ipm(bare)
    bare["heading"]["primary_recipients"][0]["recipient_extensions"] = [
        {"type": "2.6.1.20.1", "value": H("020139")}]
    m = ATSMessage.from_ipm(bare)          # extended ia5-text body part read as text
    assert (m.priority, m.filing_time, m.text) == ("FF", "130800", "T")
    bare["heading"]["extensions"] = [policy_ext()]
    with pytest.raises(ATSMessageError, match="authorization-time"):
        ATSMessage.from_ipm(bare)
    # A policy identifier other than AMHS's: basic, so the header is needed.
    other = ipm_with_body([ia5("TEXT")], [{"type": "2.6.1.5.12", "value": H("06022a03")}])
    with pytest.raises(ATSMessageError):
        ATSMessage.from_ipm(other)


def test_mutated_content_raises_only_library_errors():
    """Every corruption of a valid content is a DecodeError or another
    X400Error leaf, never an IndexError/KeyError/..."""
    data = bytearray(H(EXTENDED_HEX))
    seen = set()
    for i in range(len(data)):
        for delta in (1, 0x80):
            bad = bytearray(data)
            bad[i] = (bad[i] + delta) & 0xFF
            try:
                ATSMessage.from_content(bytes(bad), addressing=MD_EG_LF)
            except X400Error as exc:
                assert isinstance(exc, ValueError), type(exc)
                seen.add(type(exc).__name__)
    for cut in range(len(data)):
        with pytest.raises(X400Error):
            ATSMessage.from_content(bytes(data[:cut]))
    assert "DecodeError" in seen


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=64))
def test_random_bytes_raise_library_errors(data):
    try:
        ATSMessage.from_content(data)
    except X400Error:
        pass


# ---------------------------------------------------------------------------
# tshark on the produced content (skipped without tshark)

needs_tshark = pytest.mark.skipif(shutil.which("tshark") is None, reason="tshark not installed")


def _tlv(tag, content):
    n = len(content)
    if n < 0x80:
        return bytes((tag, n)) + content
    b = n.to_bytes((n.bit_length() + 7) // 8, "big")
    return bytes((tag, 0x80 | len(b))) + b + content


def tshark_p22(content):
    """tshark -V of a P22 content, reached through a CMS ContentInfo of type
    id-mct-p2-1988 in an HTTP POST (as tests/asn1/test_x420.py does)."""
    ci = _tlv(0x30, _tlv(0x06, H("56010a01")) + _tlv(0xA0, content))
    http = (b"POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/pkcs7-mime\r\n"
            b"Content-Length: %d\r\n\r\n" % len(ci)) + ci
    tcp = struct.pack("!HHIIBBHHH", 40000, 80, 1, 1, 0x50, 0x18, 65535, 0, 0)
    ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 40 + len(http), 1, 0, 64, 6, 0,
                     bytes((10, 0, 0, 1)), bytes((10, 0, 0, 2)))
    frame = H("0000000000020000000000010800") + ip + tcp + http
    pcap = (struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 262144, 1)
            + struct.pack("<IIII", 0, 0, len(frame), len(frame)) + frame)
    fd, name = tempfile.mkstemp(suffix=".pcap")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(pcap)
        return subprocess.run(["tshark", "-r", name, "-V"], capture_output=True, text=True,
                              timeout=60).stdout
    finally:
        os.unlink(name)


@needs_tshark
@pytest.mark.parametrize("hexstr,texts", [
    (BASIC_HEX, ["data: \\001PRI: SS\\r\\nFT: 140935\\r\\nOHI: ACK REQUIRED\\r\\n\\002SAR",
                 "rn: True"]),
    (EXTENDED_HEX, ["PrecedencePolicyIdentifier: 1.3.27.8.0.0",
                    "AuthorizationTime: May 14, 2024 09:35:00", "two-octets: ACK REQUIRED",
                    "Precedence: 107", "GeneralTextData: \\033!@\\033(BSAR ALERT"]),
])
def test_tshark_dissects_cleanly(hexstr, texts):
    out = tshark_p22(H(hexstr))
    assert "X.420 Information Object" in out
    for text in texts:
        assert text in out, text
    bad = [ln for ln in out.splitlines() if "BER Error" in ln or "Malformed" in ln
           or "Expert Info (Error" in ln or "Expert Info (Warn" in ln]
    assert bad == []


# ---------------------------------------------------------------------------
# The README example runs


def test_readme_amhs_example():
    readme = Path(__file__).resolve().parent.parent / "README.md"
    text = readme.read_text(encoding="utf-8")
    if "\n## AMHS" not in text:
        pytest.skip("README has no AMHS section")
    section = text.split("\n## AMHS", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```python\n(.*?)```", section, re.S)
    assert blocks
    namespace: dict = {}
    for block in blocks:
        exec(compile(block, "README.md (AMHS)", "exec"), namespace)
