"""ROSE-over-OSI associations over real sockets, blocking and asyncio.

An association is one TCP (or TLS) connection carrying the whole OSI
stack of :mod:`x400fast.osi` -- TPKT, X.224 class 0, session, presentation,
ACSE and ROSE -- bound with a bind argument in the AARQ, as P3 and P7 do::

    from x400fast.association import Address, Association

    with Association(syntaxes, binds, timeout=30) as assoc:
        result = assoc.open(Address("mta.example", 102, tsel=b"593"),
                            "2.6.0.1.0", bind_argument, tls=True,
                            bind_has_password=True)
        value = assoc.invoke(3, argument)              # invoke, await the result
        ids = assoc.send_invokes([(3, a) for a in arguments])   # one write
        for outcome in assoc.outcomes(ids):            # in any order
            ...
    # leaving the block releases (unbind + A-RELEASE); an exception aborts

:class:`AsyncAssociation` has the same methods as coroutines.  On the
other side, :class:`AssociationServer` (a thread per association) and
:class:`AsyncAssociationServer` (a task per association) accept
connections, hand each bind to ``on_bind`` and each invocation to
``handler``.

Behaviour shared by both twins:

* **Deadlines.**  Every call takes a ``timeout`` (default: the
  association's ``timeout``), turned into one absolute deadline shared by
  every step -- connecting, the TLS handshake, each read and write -- so a
  peer trickling one byte at a time cannot stretch a call.  Expiry raises
  :class:`~x400fast.errors.AssociationTimeout` (also a ``TimeoutError``)
  and leaves the association as it was, except when a write was cut
  half-way (then the association is ended).
* **Lose no data.**  Each invocation ends in exactly one :class:`Outcome`:
  ``result``, ``error``, ``rejected``, ``in_doubt`` (the association ended
  after the invoke may have reached the peer) or ``not_sent`` (it never
  left this process).  :class:`~x400fast.errors.ConnectionLost` (also a
  ``ConnectionError``) carries ``in_doubt`` and ``not_sent``.
* **Grouped writes.**  Everything the machines produce for one call goes
  out in one write: ``send_invokes`` and ``invoke_many`` put any number of
  pipelined invocations in one; a server answers every invocation that
  arrived together in one.
* **One caller at a time.**  A second thread or task using an association
  while a call runs gets :class:`~x400fast.errors.AssociationBusy`.
* **TLS** (:mod:`x400fast.io.tls`) wraps TCP below TPKT, verifying the
  certificate and host name by default, TLS 1.2 at least; failures are
  :class:`~x400fast.errors.TLSCertificateError` /
  :class:`~x400fast.errors.TLSError`, never a silent fallback.
* **Passwords.**  A bind that carries a simple password
  (``bind_has_password=True``) is refused over plain TCP unless
  ``allow_plaintext_password=True``.  Bind arguments and results are never
  logged, shown in a ``repr`` or put in an exception message.
"""
from __future__ import annotations

from .io._address import DEFAULT_PORT, Address
from .io._aio import AsyncAssociation, AsyncAssociationServer
from .io._core import (ERROR, IN_DOUBT, NOT_SENT, REJECTED, RESULT, InvokeSpec,
                       Outcome)
from .io._sync import (Association, AssociationServer, BindHandler,
                       OperationHandler)
from .io.tls import client_context, server_context
from .osi.rose import (AbstractSyntax, BindError, BindIndication, BindSyntax, Error,
                       ErrorType, Invoke, Operation, Reject, Result)

__all__ = [
    "Address",
    "DEFAULT_PORT",
    "Association",
    "AsyncAssociation",
    "AssociationServer",
    "AsyncAssociationServer",
    "BindHandler",
    "OperationHandler",
    "Outcome",
    "InvokeSpec",
    "RESULT",
    "ERROR",
    "REJECTED",
    "IN_DOUBT",
    "NOT_SENT",
    "client_context",
    "server_context",
    "AbstractSyntax",
    "BindSyntax",
    "Operation",
    "ErrorType",
    "Invoke",
    "Result",
    "Error",
    "Reject",
    "BindIndication",
    "BindError",
]
