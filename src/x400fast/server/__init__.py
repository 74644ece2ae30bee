"""The reference P3/P7 server: an MTA and Message Store that the test suite,
the demo and users' own test suites run against.

Its layers are kept apart so that each can be tested on its own:
:mod:`x400fast.server.store` is the durable, protocol-neutral storage (it
sees only bytes and plain fields); the P3 and P7 layers above it decode the
operations, decide what a submission causes, and hand the store the result.
"""
