"""The reference server: an MTA with local users (P3) and a Message Store
per user (P7) in one process, over the durable store.

::

    from x400fast.server import Server
    with Server.temporary(users=["/CN=Alice/O=Org/PRMD=P/ADMD= /C=XX/:secret"]) as srv:
        srv.p3_address, srv.p7_address        # "host:port" strings
        srv.users[0].password

One thread per association (:class:`~x400fast.association.Association` in
the responder role), one thread per listening port, and one scheduler
thread releasing deferred deliveries.  Pipelined submissions that arrive
together are handed to the store together, so one group commit (one fsync)
covers them, and each is answered only after that commit.  A user whose
delivery mode is ``"p3"`` gets pending deliveries and reports pushed as
message-delivery / report-delivery invocations while bound; each item
leaves the queue only when its result arrives, so a crash between the two
redelivers it (the receiving UA sees the same MTS identifier again).
"""
from __future__ import annotations

import logging
import os
import shutil
import socket
import ssl
import tempfile
import threading
import time
from typing import Any, Dict, Iterable, List, Optional, Sequence, Tuple

from ..asn1 import x411, x413
from ..errors import (AssociationTimeout, CommitFailed, InvalidRequest,
                      MessageTooLarge, NoSuchEntry, QuotaExceeded, Rejected,
                      RemoteOperationError, StoreError, TooManyRecipients, UnknownUser,
                      X400Error)
from ..io import tls as _tls
from ..association import Association, BindError
from ..oraddress import ORAddress
from ..osi.rose import Invoke
from . import store as st
from ._protocol import (MDSE, P3_BINDS, P3_CONTEXTS, P3_SYNTAXES, P7_BINDS, P7_CONTEXTS,
                        P7_SYNTAXES, domain_value, orname_of, password_of,
                        simple_credentials)
from .config import Limits, ServerConfig, UserSpec, merge_users
from .p3 import Planner, PlannedSubmission
from .p7 import SUPPORTED_ATTRIBUTES, MessageStoreOps

__all__ = ["Server"]

log = logging.getLogger("x400fast.server")

_P3_POLL = 0.01       # how often a bound P3 user's queue is looked at
_IDLE_POLL = 0.25     # how often other sessions notice a stop
_WINDOW = 64          # deliveries in flight per P3 association
_DRAIN = 256          # pipelined invocations taken together

_SUBMISSION_SYNTAXES = (x411.id_as_msse, x413.id_as_ms_msse)


class _Bound:
    """What a session knows about its bound user."""

    def __init__(self, key: str, address: ORAddress, mode: str) -> None:
        self.key = key
        self.address = address
        self.mode = mode


class Server:
    """The reference P3/P7 server (see the module docs).

    :param config: a :class:`~x400fast.server.config.ServerConfig`; or
        give its fields as keyword arguments.

    Start with :meth:`start` (or ``with``), stop with :meth:`stop`;
    :meth:`serve_forever` blocks (the CLI).  :meth:`temporary` makes one on
    free ports with a temporary store.
    """

    def __init__(self, config: Optional[ServerConfig] = None, **fields: Any) -> None:
        if config is None:
            config = ServerConfig(**fields)
        elif fields:
            config = config.with_changes(**fields)
        self.config = config
        self.limits: Limits = config.limits
        self.store: Optional[st.Store] = None
        self._tmpdir: Optional[str] = None
        self._tls: Optional[ssl.SSLContext] = None
        self._listeners: Dict[str, socket.socket] = {}
        self._threads: List[threading.Thread] = []
        self._sessions: Dict[threading.Thread, str] = {}
        self._unbound = 0
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._users: Dict[ORAddress, Tuple[str, str]] = {}
        self._generation: Dict[str, int] = {}
        self._gen_lock = threading.Lock()
        self.planner: Optional[Planner] = None
        self.ms: Optional[MessageStoreOps] = None
        #: Associations served to the end (for tests).
        self.completed = 0

    # -- construction --------------------------------------------------------------------

    @classmethod
    def temporary(cls, users: Iterable[Any] = (), **fields: Any) -> "Server":
        """A server on free ports of 127.0.0.1 with a temporary store (unless
        ``store`` is given) and cheap password hashing; use with ``with``."""
        fields.setdefault("p3_port", 0)
        fields.setdefault("p7_port", 0)
        fields.setdefault("scrypt_n", 2 ** 10)
        return cls(ServerConfig(users=tuple(users), **fields))

    @property
    def users(self) -> Tuple[UserSpec, ...]:
        """The configured users (address, password, mode)."""
        return self.config.users

    def user(self, address: str) -> UserSpec:
        """The configured user with this address (X.400 matching)."""
        wanted = ORAddress.parse(address)
        for u in self.config.users:
            if u.or_address == wanted:
                return u
        raise KeyError(address)

    @property
    def p3_port(self) -> int:
        return self._listeners["p3"].getsockname()[1]

    @property
    def p7_port(self) -> int:
        return self._listeners["p7"].getsockname()[1]

    @property
    def host(self) -> str:
        return self._listeners["p3"].getsockname()[0]

    @property
    def p3_address(self) -> str:
        """``host:port`` of the P3 (MTS access) listener."""
        return "%s:%d" % (self.host, self.p3_port)

    @property
    def p7_address(self) -> str:
        """``host:port`` of the P7 (MS access) listener."""
        return "%s:%d" % (self.host, self.p7_port)

    @property
    def tls(self) -> bool:
        return self._tls is not None

    # -- lifecycle -------------------------------------------------------------------------

    def start(self) -> "Server":
        """Open the store, add the configured users, listen."""
        cfg = self.config
        path = cfg.store
        if path is None:
            self._tmpdir = tempfile.mkdtemp(prefix="x400fast-server-")
            path = os.path.join(self._tmpdir, "store.sqlite")
        limits = st.StoreLimits(max_content_size=max(cfg.limits.max_content_size, 1),
                                max_recipients=max(cfg.limits.max_recipients, 1))
        self.store = st.Store(path, limits=limits, scrypt_n=cfg.scrypt_n, integrity="quick")
        try:
            self._load_users()
            domain = domain_value(*cfg.domain) if len(cfg.domain) == 3 \
                else domain_value(cfg.domain[0], cfg.domain[1], None)
            self.planner = Planner(self._resolve, self.store.new_ticket, domain,
                                   cfg.limits.max_recipients, cfg.limits.max_content_size)
            self.ms = MessageStoreOps(self.store, self.planner)
            if cfg.tls_cert:
                self._tls = _tls.server_context(cfg.tls_cert, cfg.tls_key)
            for name, port in (("p3", cfg.p3_port), ("p7", cfg.p7_port)):
                self._listeners[name] = self._listen(cfg.host, port)
        except BaseException:
            self._close_resources()
            raise
        for name in ("p3", "p7"):
            self._spawn(self._accept_loop, name, "x400fast-%s-accept" % name)
        self._spawn(self._scheduler, None, "x400fast-scheduler")
        log.info("x400fast server: P3 on %s, P7 on %s%s", self.p3_address, self.p7_address,
                 " (TLS)" if self._tls else "")
        return self

    def _spawn(self, target: Any, arg: Any, name: str) -> None:
        t = threading.Thread(target=target, args=(arg,) if arg is not None else (),
                             name=name, daemon=True)
        self._threads.append(t)
        t.start()

    @staticmethod
    def _listen(host: str, port: int) -> socket.socket:
        family = socket.AF_INET6 if ":" in host else socket.AF_INET
        s = socket.socket(family, socket.SOCK_STREAM)
        try:
            s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            s.bind((host, port))
            s.listen(64)
            s.settimeout(_IDLE_POLL)
        except BaseException:
            s.close()
            raise
        return s

    def _load_users(self) -> None:
        store = self.store
        assert store is not None
        for u in self.config.users:
            key = u.or_address.to_string()
            existing = store.get_user(key)
            if existing is None:
                store.add_user(key, u.password, delivery_mode=u.mode)
            else:
                if not store.check_password(key, u.password):
                    store.set_password(key, u.password)
                if existing.delivery_mode.value != u.mode:
                    store.set_delivery_mode(key, u.mode)
        for user in store.list_users():
            try:
                self._users[ORAddress.parse(user.address)] = (user.address,
                                                              user.delivery_mode.value)
            except X400Error:
                log.warning("store user %r has no parsable address; ignored", user.address)

    def add_user(self, address: str, password: str, mode: str = "ms") -> UserSpec:
        """Add a user to a running server (and its store)."""
        spec = UserSpec(address, password, mode)
        assert self.store is not None
        key = spec.or_address.to_string()
        self.store.add_user(key, password, delivery_mode=mode)
        self._users[spec.or_address] = (key, mode)
        self.config = merge_users(self.config, [spec])
        return spec

    def _resolve(self, address: ORAddress) -> Optional[str]:
        found = self._users.get(address)
        return found[0] if found else None

    def stop(self, timeout: float = 5.0) -> None:
        """Stop listening, end every association, close the store (every
        acknowledged submission is on disk already)."""
        if self._stopping.is_set():
            return
        self._stopping.set()
        end = time.monotonic() + timeout
        for t in list(self._threads):
            t.join(max(0.0, end - time.monotonic()))
        with self._lock:
            sessions = list(self._sessions)
        for t in sessions:
            t.join(max(0.0, end - time.monotonic()))
        self._close_resources()
        log.info("x400fast server stopped")

    def _close_resources(self) -> None:
        for s in self._listeners.values():
            s.close()
        if self.store is not None:
            self.store.close()
        if self._tmpdir is not None:
            shutil.rmtree(self._tmpdir, ignore_errors=True)
            self._tmpdir = None

    def serve_forever(self) -> None:
        """Start (if needed) and block until :meth:`stop` or Ctrl-C."""
        if not self._listeners:
            self.start()
        try:
            while not self._stopping.wait(1.0):
                pass
        except KeyboardInterrupt:
            pass
        finally:
            self.stop()

    def __enter__(self) -> "Server":
        return self.start()

    def __exit__(self, *exc: Any) -> None:
        self.stop()

    # -- deferred delivery --------------------------------------------------------------

    def _scheduler(self) -> None:
        while not self._stopping.wait(self.config.deferred_poll):
            try:
                self._note(self.store.release_due())  # type: ignore[union-attr]
            except StoreError as exc:
                log.warning("releasing deferred items failed: %s", exc)

    def _note(self, placements: Iterable[st.Placement]) -> None:
        """Wake the P3 sessions of users who got queue items."""
        with self._gen_lock:
            for p in placements:
                if p.where is st.Where.QUEUE:
                    self._generation[p.recipient] = self._generation.get(p.recipient, 0) + 1

    def generation(self, user: str) -> int:
        return self._generation.get(user, 0)

    # -- connections ------------------------------------------------------------------

    def _accept_loop(self, proto: str) -> None:
        listener = self._listeners[proto]
        while not self._stopping.is_set():
            try:
                sock, peer = listener.accept()
            except socket.timeout:
                continue
            except OSError:
                if self._stopping.is_set():
                    return
                continue
            sock.settimeout(None)
            with self._lock:
                if len(self._sessions) >= self.limits.max_associations or \
                        self._unbound >= self.limits.max_unbound:
                    log.warning("refusing a connection from %s: %d associations",
                                peer, len(self._sessions))
                    sock.close()
                    continue
                t = threading.Thread(target=self._session, args=(sock, proto),
                                     name="x400fast-%s-association" % proto, daemon=True)
                self._sessions[t] = proto
                self._unbound += 1
            t.start()

    def _session(self, sock: socket.socket, proto: str) -> None:
        me = threading.current_thread()
        counted = True
        syntaxes, binds, contexts = (P3_SYNTAXES, P3_BINDS, P3_CONTEXTS) if proto == "p3" \
            else (P7_SYNTAXES, P7_BINDS, P7_CONTEXTS)
        assoc = Association(syntaxes, binds, timeout=30.0,
                            max_incoming=self.limits.max_outstanding,
                            application_contexts=contexts)
        session = _Session(self, assoc, proto)
        try:
            bound = assoc.accept(sock, session.on_bind, tls=self._tls,
                                 timeout=self.limits.bind_timeout)
            with self._lock:
                self._unbound -= 1
                counted = False
            if bound:
                session.run()
        except (X400Error, OSError) as exc:
            log.info("%s association ended: %s", proto, exc)
        except Exception:       # pragma: no cover - a bug: keep the server up
            log.exception("%s association failed", proto)
        finally:
            try:
                assoc.close()
            except Exception:   # pragma: no cover
                pass
            with self._lock:
                if counted:
                    self._unbound -= 1
                self._sessions.pop(me, None)
                self.completed += 1


class _Session:
    """One association: bind, then the invocations of the bound user, and
    (P3 users) deliveries pushed to them."""

    def __init__(self, server: Server, assoc: Association, proto: str) -> None:
        self.server = server
        self.assoc = assoc
        self.proto = proto
        self.user: Optional[_Bound] = None
        self.inflight: Dict[int, int] = {}      # invoke id -> queue item id
        self.last_item = 0
        self.seen_generation = -1
        self.permit_messages = True
        self.permit_reports = True
        self.delivery_syntax: Optional[str] = None

    # -- bind ------------------------------------------------------------------------

    def _refuse(self, confidentiality: bool = False) -> BindError:
        time.sleep(self.server.limits.failed_bind_delay)
        if self.proto == "p3":
            return BindError(5 if confidentiality else 2)
        return BindError(("unqualified_error", "authentication-error"))

    def on_bind(self, assoc: Any, ind: Any) -> Any:
        srv = self.server
        store = srv.store
        assert store is not None
        arg = ind.argument
        try:
            if self.proto == "p3":
                alt, name_value = arg["initiator_name"]
                if alt == "mta":
                    return self._refuse()
            else:
                name_value = arg["initiator_name"]
            address = orname_of(name_value).address
        except (X400Error, KeyError, TypeError, ValueError):
            return self._refuse()
        password = password_of(arg.get("initiator_credentials"))
        if srv.config.require_tls_for_password and srv._tls is None:
            return self._refuse(confidentiality=True)
        found = srv._users.get(address)
        key = found[0] if found else address.to_string()
        if password is None or not store.check_password(key, password) or found is None:
            log.info("%s bind refused for %s", self.proto, address)
            return self._refuse()
        self.user = _Bound(found[0], address, found[1])
        assoc.context = self.user
        creds = simple_credentials(srv.config.mta_name[:62])
        if self.proto == "p3":
            return {"responder_name": ("mta", srv.config.mta_name[:32]),
                    "messages_waiting": self._messages_waiting(),
                    "responder_credentials": creds}
        return {"responder_credentials": creds,
                "available_attribute_types": list(SUPPORTED_ATTRIBUTES)}

    def _messages_waiting(self) -> Dict[str, Any]:
        counts = {0: 0, 1: 0, 2: 0}
        assert self.user is not None and self.server.store is not None
        if self.user.mode == "p3":
            for item in self.server.store.pending(self.user.key, limit=1000):
                counts[item.priority or 0] = counts.get(item.priority or 0, 0) + 1
        return {"urgent": {"messages": counts[2]}, "normal": {"messages": counts[0]},
                "non_urgent": {"messages": counts[1]}}

    # -- the loop -------------------------------------------------------------------------

    def run(self) -> None:
        assoc = self.assoc
        srv = self.server
        user = self.user
        assert user is not None
        pushing = self.proto == "p3" and user.mode == "p3"
        if pushing:
            accepted = set(assoc.accepted_syntaxes)
            self.delivery_syntax = next((s for s in MDSE if s in accepted), None)
            pushing = self.delivery_syntax is not None
        poll = _P3_POLL if pushing else _IDLE_POLL
        idle_limit = srv.limits.idle_timeout
        last_activity = time.monotonic()
        while not srv._stopping.is_set():
            released = False
            try:
                first = assoc.next_invoke(timeout=poll)
            except AssociationTimeout:
                first = False
            if first is None:
                return
            batch: List[Invoke] = []
            if first is not False:
                batch.append(first)
                while len(batch) < _DRAIN:
                    try:
                        more = assoc.next_invoke(timeout=0)
                    except AssociationTimeout:
                        break
                    if more is None:
                        released = True
                        break
                    batch.append(more)
                self._handle(batch)
                last_activity = time.monotonic()
                if released:
                    return
            if pushing:
                if self._collect() or self._push():
                    last_activity = time.monotonic()
            if idle_limit is not None and time.monotonic() - last_activity > idle_limit \
                    and not self.inflight:
                assoc.abort("idle")
                return
        assoc.abort("server stopping")

    # -- answering -----------------------------------------------------------------------

    def _handle(self, batch: Sequence[Invoke]) -> None:
        """Answer a batch; submissions go to the store together (one group
        commit) and are answered once it committed."""
        store = self.server.store
        assert store is not None
        waiting: List[Tuple[Invoke, PlannedSubmission, Any]] = []
        answers: List[Tuple[Invoke, str, Any]] = []
        for inv in batch:
            try:
                planned = self._plan(inv)
                if planned is not None:
                    fut = store.submit_future(planned.message, planned.plan,
                                              ticket=planned.ticket)
                    waiting.append((inv, planned, fut))
                    answers.append((inv, "pending", None))
                else:
                    answers.append((inv, "result", self._operation(inv)))
            except RemoteOperationError as exc:
                answers.append((inv, "error", exc))
            except Rejected as exc:
                answers.append((inv, "reject", exc))
            except (TooManyRecipients, MessageTooLarge):
                answers.append((inv, "error", RemoteOperationError(
                    inv.invoke_id or 0, x411.err_submission_control_violated)))
            except InvalidRequest:
                answers.append((inv, "error", RemoteOperationError(
                    inv.invoke_id or 0, x411.err_inconsistent_request)))
        done: Dict[int, Tuple[str, Any]] = {}
        for inv, planned, fut in waiting:
            try:
                result = fut.result()
            except (QuotaExceeded, UnknownUser, CommitFailed, StoreError) as exc:
                log.warning("submission not stored: %s", exc)
                done[id(inv)] = ("reject", Rejected(inv.invoke_id or 0, "invoke", 3))
                continue
            self.server._note(result.placements)
            assert self.server.planner is not None
            done[id(inv)] = ("result", self.server.planner.submission_result(planned, result))
        for inv, kind, value in answers:
            if kind == "pending":
                kind, value = done[id(inv)]
            iid = inv.invoke_id
            assert iid is not None
            if kind == "result":
                self.assoc.reply(iid, value)
            elif kind == "error":
                self.assoc.reply_error(iid, value.errcode, value.parameter)
            else:
                self.assoc.reject(iid, value.problem if isinstance(value.problem, int)
                                  else "resourceLimitation")

    def _plan(self, inv: Invoke) -> Optional[PlannedSubmission]:
        planner = self.server.planner
        user = self.user
        assert planner is not None and user is not None
        if inv.abstract_syntax not in _SUBMISSION_SYNTAXES:
            return None
        iid = inv.invoke_id or 0
        if inv.opcode == 3:
            return planner.submission(iid, user.key, user.address, inv.argument)
        if inv.opcode == 4:
            return planner.probe(iid, user.key, user.address, inv.argument)
        return None

    def _operation(self, inv: Invoke) -> Any:
        srv = self.server
        store = srv.store
        user = self.user
        assert store is not None and user is not None and srv.ms is not None
        iid = inv.invoke_id or 0
        op, syntax, arg = inv.opcode, inv.abstract_syntax, inv.argument
        if syntax in _SUBMISSION_SYNTAXES:
            if op == 7:         # cancel-deferred-delivery
                local = arg.get("local_identifier") if isinstance(arg, dict) else None
                try:
                    n = store.cancel_deferred(user.key, local or "-")
                except (NoSuchEntry, InvalidRequest):
                    raise RemoteOperationError(
                        iid, x411.err_message_submission_identifier_invalid) from None
                if n == 0:
                    raise RemoteOperationError(
                        iid, x411.err_deferred_delivery_cancellation_rejected)
                return None
            if op == 2:         # submission-control: nothing is held back here
                return self._waiting()
        elif syntax in MDSE and op == 2:    # delivery-control
            restrict = arg.get("restrict", True)
            ops = arg.get("permissible_operations")
            if restrict and ops is not None:
                self.permit_messages = "message-submission-or-message-delivery" in ops
                self.permit_reports = "probe-submission-or-report-delivery" in ops
            else:
                self.permit_messages = self.permit_reports = True
            return self._waiting()
        elif syntax in (x411.id_as_mase_88, x411.id_as_mase_94):
            if op == 1:         # register: accepted, nothing to keep
                return None if syntax == x411.id_as_mase_88 else ("empty_result", None)
            if op == 8:         # change-credentials
                old = password_of(arg.get("old_credentials"))
                new = password_of(arg.get("new_credentials"))
                if old is None or not store.check_password(user.key, old):
                    raise RemoteOperationError(
                        iid, x411.err_old_credentials_incorrectly_specified)
                if not new:
                    raise RemoteOperationError(iid, x411.err_new_credentials_unacceptable)
                store.set_password(user.key, new)
                return None
        elif syntax in (x413.id_as_mrse_88, x413.id_as_mrse_94):
            ms = srv.ms
            if op == x413.op_summarize:
                return ms.summarize(iid, user.key, arg)
            if op == x413.op_list:
                return ms.list(iid, user.key, arg)
            if op == x413.op_fetch:
                return ms.fetch(iid, user.key, arg)
            if op == x413.op_delete:
                return ms.delete(iid, user.key, arg)
            if op == x413.op_register_ms:
                return ms.register(iid, user.key, arg)
        raise Rejected(iid, "invoke", 1)        # unrecognisedOperation

    def _waiting(self) -> Dict[str, Any]:
        user = self.user
        store = self.server.store
        assert user is not None and store is not None
        if user.mode == "p3" and store.pending(user.key, limit=1):
            return {"waiting_operations": frozenset(
                {"message-submission-or-message-delivery"})}
        return {}

    # -- pushing deliveries (P3 users) ---------------------------------------------------------

    def _collect(self) -> bool:
        """Take the results of pushed deliveries: each acknowledged item
        leaves the queue (committed) only now."""
        if not self.inflight:
            return False
        store = self.server.store
        assert store is not None and self.user is not None
        got = False
        try:
            for outcome in self.assoc.outcomes(list(self.inflight), timeout=0):
                got = True
                item = self.inflight.pop(outcome.invoke_id)
                if outcome.ok:
                    store.acknowledge(self.user.key, item)
                else:
                    log.warning("delivery of item %d to %s failed: %s", item,
                                self.user.key, outcome.status)
        except AssociationTimeout:
            pass
        return got

    def _push(self) -> bool:
        user = self.user
        srv = self.server
        store = srv.store
        assert user is not None and store is not None and srv.planner is not None
        room = _WINDOW - len(self.inflight)
        gen = srv.generation(user.key)
        if room <= 0 or (gen == self.seen_generation and self.inflight):
            return False
        if gen == self.seen_generation and not self._maybe_more:
            return False
        self.seen_generation = gen
        items = store.pending(user.key, limit=room, after=self.last_item or None)
        self._maybe_more = len(items) == room
        specs = []
        ids = []
        for item in items:
            self.last_item = max(self.last_item, item.item_id)
            if item.kind is st.ItemKind.MESSAGE and not self.permit_messages:
                continue
            if item.kind is st.ItemKind.REPORT and not self.permit_reports:
                continue
            op, arg = srv.planner.delivery_argument(item)
            specs.append((op, arg, self.delivery_syntax))
            ids.append(item.item_id)
        if not specs:
            return False
        sent = self.assoc.send_invokes(specs)
        self.inflight.update(zip(sent, ids))
        return True

    _maybe_more = True
