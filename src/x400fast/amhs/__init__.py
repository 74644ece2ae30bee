"""AMHS: the ICAO ATS Message Handling Service on top of x400fast.

* :mod:`x400fast.amhs.addressing` -- AF-addresses and their O/R addresses
  (XF and CAAS schemes, management-domain and CAAS tables from CSV/JSON).
* :mod:`x400fast.amhs.directory` -- the same lookups in an LDAP directory
  (optional, ``pip install "x400fast[amhs-ldap]"``).
* :mod:`x400fast.amhs.ats` -- :class:`ATSMessage`: priority, filing time,
  OHI and text, encoded for the basic or the extended ATS message service
  and read back from either, with the gateway limits checked up front.

Everything public is re-exported here: ``from x400fast.amhs import
ATSMessage, AMHSSettings, AddressingTable``.
"""
from __future__ import annotations

from ..errors import AFTNAddressError, ATSMessageError
from .addressing import (AddressingScheme, AddressingTable, AFTNAddress, CAASRule,
                         DomainRule, ManagementDomain, UserEntry, address_scheme,
                         aftn_from_caas, aftn_from_xf, caas_oraddress, is_aftn_address,
                         xf_oraddress)
from .ats import (PRECEDENCE_POLICY_ID, PRIORITY_MAPPINGS, AMHSSettings, ATSFile, ATSHeader,
                  ATSMessage, ATSPriority, ATSService, GatewayLimits, PriorityMapping,
                  complete_filing_time, filing_time_of, format_ats_header, parse_ats_text)
from .directory import LDAPDirectory, ldap_available

__all__ = [
    "AFTNAddress", "AddressingScheme", "ManagementDomain", "DomainRule", "CAASRule",
    "UserEntry", "AddressingTable", "xf_oraddress", "caas_oraddress", "aftn_from_xf",
    "aftn_from_caas", "address_scheme", "is_aftn_address",
    "LDAPDirectory", "ldap_available",
    "ATSPriority", "PriorityMapping", "PRIORITY_MAPPINGS", "ATSService", "GatewayLimits",
    "AMHSSettings", "ATSFile", "ATSHeader", "ATSMessage", "PRECEDENCE_POLICY_ID",
    "format_ats_header", "parse_ats_text", "filing_time_of", "complete_filing_time",
    "AFTNAddressError", "ATSMessageError",
]
