"""Benchmarks of the x400fast BER codec against pyasn1, asn1tools and msgpack.

A package so that the benchmark module, the tests in tests/ and the helper
scripts share ``bench.workload`` and the three schema declarations.
"""
