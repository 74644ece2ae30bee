"""AMHS end to end: ATS messages submitted over P3 to the reference server
and read back over P7, in the basic and the extended service."""
from __future__ import annotations

import time

import pytest

from x400fast.amhs import AddressingTable, AMHSSettings, ATSMessage, ATSPriority
from x400fast.client import P3Client, P7Client
from x400fast.server import Server

TABLE = AddressingTable.from_csv("""\
kind,location,designator,prmd,scheme,organization
domain,EG,,EG,CAAS,
domain,LF,,LF,XF,
caas,EG,,,,EGTT
""")
ORIGINATOR = "LFPGZPZX"
RECIPIENT = "EGLLZTZX"


@pytest.fixture(scope="module")
def server():
    users = ["%s:orig-pw:ms" % TABLE.to_oraddress(ORIGINATOR),
             "%s:recip-pw:ms" % TABLE.to_oraddress(RECIPIENT)]
    with Server.temporary(users=users) as srv:
        yield srv


@pytest.mark.parametrize("service", ["basic", "extended"])
def test_ats_message_over_p3_read_back_over_p7(server, service):
    settings = AMHSSettings(service=service, addressing=TABLE)
    sent = ATSMessage(priority="FF", filing_time="141035", ohi="AMENDED ROUTE",
                      text="(CHG-BAW123-EGLL-LFPG-DOF/240514-18/N0450F350 DCT)\r\n",
                      originator=ORIGINATOR, recipients=[RECIPIENT])
    originator = str(TABLE.to_oraddress(ORIGINATOR))
    recipient = str(TABLE.to_oraddress(RECIPIENT))
    with P3Client(server.p3_address, originator, "orig-pw", allow_plaintext_password=True,
                  timeout=10) as p3:
        result = p3.submit(sent.to_message(settings))
        assert result.mts_identifier
    with P7Client(server.p7_address, recipient, "recip-pw", allow_plaintext_password=True,
                  timeout=10) as p7:
        deadline = time.monotonic() + 5
        entries = []
        while time.monotonic() < deadline:
            entries = [e for e in p7.list().entries]
            if entries:
                break
            time.sleep(0.05)
        assert entries, "nothing delivered to the recipient's store"
        fetched = p7.fetch(entries[-1].sequence_number, secure=lambda e: None)
        p7.delete([entries[-1].sequence_number], only_secured=True)
    received = ATSMessage.from_message(fetched.message, addressing=TABLE)
    assert received.priority is ATSPriority.FF
    assert received.ohi == "AMENDED ROUTE"
    assert received.text == sent.text
    assert received.recipients == (RECIPIENT,)
    assert received.originator == ORIGINATOR
