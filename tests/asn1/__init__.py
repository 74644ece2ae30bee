"""Tests of the standard ASN.1 modules (X.411, X.413, X.420)."""
