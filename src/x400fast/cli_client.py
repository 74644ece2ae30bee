"""The ``x400fast`` client commands: send, list, fetch, delete and wait
against real MTAs (P3) and Message Stores (P7).

::

    x400fast send  --p3 mta.example:102 --user "/CN=Alice/O=Org/PRMD=P/ADMD= /C=GB/" \\
                   --to "/CN=Bob/O=Org/PRMD=P/ADMD= /C=GB/" --subject Hello --text "Hi Bob" \\
                   --attach report.pdf --priority urgent --report delivery --tls
    x400fast list  --p7 ms.example:3001 --user ... --new --limit 20
    x400fast fetch --p7 ... 3 4            # headers and text
    x400fast fetch --p7 ... 3 --raw 3.ber  # the content's BER
    x400fast delete --p7 ... 3 4
    x400fast wait  --p3 ... --spool /var/spool/x400   # take deliveries until idle

Every command takes ``--json``: ``send``, ``list``, ``fetch`` and ``delete``
print one JSON document; ``wait`` prints one JSON object per line (JSON
Lines), one per delivery taken, so that a long wait streams.

Connection settings
-------------------

From the command line first, then the environment, then the configuration
file: ``--p3`` / ``--p7`` (``host:port`` or an ISODE address string),
``--user`` (the O/R address bound with), the password, TLS.

The password is read from ``--password-file FILE`` (its first line), else
the environment variable ``X400FAST_PASSWORD``, else the configuration
file (``password`` or ``password_file``).  There is deliberately no
``--password`` option: command lines are visible to every user of the
machine in process listings.  The password is never printed, not in
errors, not in ``--verbose`` logs.

A password is only sent over TLS (``--tls``; ``--ca-file`` to trust a
private CA, ``--cert``/``--key`` for a client certificate,
``--server-name`` for the name the certificate must carry), unless
``--insecure-plaintext-password`` says the path is trusted (a test
server on 127.0.0.1, a VPN...).

Configuration file
------------------

``--config FILE``, else ``$XDG_CONFIG_HOME/x400fast/client.toml`` (by
default ``~/.config/x400fast/client.toml``), else ``client.json`` next to
it.  TOML needs Python 3.11+ (``tomllib``; or the ``tomli`` package);
JSON is read everywhere (a file named ``*.json``, or whose text starts with
``{``).  Top-level keys, all optional; an unknown key is an error (a typo
should not silently drop a TLS setting)::

    p3 = "mta.example:102"
    p7 = "ms.example:3001"
    user = "/CN=Alice/O=Org/PRMD=P/ADMD= /C=GB/"
    password_file = "~/.config/x400fast/password"   # or: password = "..."
    tls = true
    ca_file = "/etc/x400/ca.pem"
    cert = "/etc/x400/alice.pem"
    key = "/etc/x400/alice.key"
    server_name = "mta.example"
    insecure_plaintext_password = false
    timeout = 60

The same in JSON: ``{"p3": "mta.example:102", "tls": true, ...}``.  A file
that holds a ``password`` and can be read by group or others gets a
warning.

Exit codes
----------

== =====================================================================
0  success
1  another error of the library (a bug or an unexpected answer)
2  usage: bad options, no address/user/password, a password refused
   over plain TCP, an unreadable configuration file
3  bad data: an unreadable body or attachment file, a malformed O/R
   address, a message the model refuses, undecodable content
4  the bind was refused: authentication failed, or the peer refused the
   association
5  connection failure: TCP or TLS could not be set up, the connection was
   lost, or a deadline passed (nothing that changes state was in flight)
6  the server answered an operation with an error (originator invalid,
   no such sequence number...)
7  in doubt: the connection failed while a submission or deletion was in
   flight, so it may or may not have taken effect
== =====================================================================
"""
from __future__ import annotations

import argparse
import json
import logging
import os
import stat
import sys
import warnings
from typing import Any, Callable, Dict, List, Optional, Sequence

from .errors import (AddressError, AssociationRejected, AssociationTimeout, CodecError,
                     ConnectFailed, ConnectionEnded, ConnectionLost, MessageError,
                     PlaintextPasswordRefused, ProtocolError, Rejected, RemoteOperationError,
                     X400Error)

__all__ = ["COMMANDS", "add_client_parsers", "run", "main", "EXIT_OK", "EXIT_ERROR",
           "EXIT_USAGE", "EXIT_DATA", "EXIT_AUTH", "EXIT_CONNECTION", "EXIT_OPERATION",
           "EXIT_IN_DOUBT", "ENV_PASSWORD"]

EXIT_OK = 0
EXIT_ERROR = 1
EXIT_USAGE = 2
EXIT_DATA = 3
EXIT_AUTH = 4
EXIT_CONNECTION = 5
EXIT_OPERATION = 6
EXIT_IN_DOUBT = 7

ENV_PASSWORD = "X400FAST_PASSWORD"

#: The subcommands this module adds to ``x400fast``.
COMMANDS = ("send", "list", "fetch", "delete", "wait")

_CONFIG_KEYS = frozenset({
    "p3", "p7", "user", "password", "password_file", "tls", "ca_file", "cert", "key",
    "server_name", "insecure_plaintext_password", "timeout"})

_STATUS = {0: "new", 1: "listed", 2: "processed"}
_ENTRY_TYPES = {0: "message", 1: "report", 2: "returned-content", 3: "submitted",
                4: "probe", 5: "draft", 6: "auto-action"}


class UsageError(Exception):
    """A problem with the options or the configuration (exit 2)."""


class DataError(Exception):
    """An input file that cannot be read or used (exit 3)."""


# ---------------------------------------------------------------------------
# Argument parsing


def _common_parent() -> argparse.ArgumentParser:
    """The options every client command shares (a parent parser, so that
    they go after the subcommand name: ``x400fast list --p7 ... --json``)."""
    c = argparse.ArgumentParser(add_help=False)
    g = c.add_argument_group("connection")
    g.add_argument("--config", metavar="FILE",
                   help="configuration file (default ~/.config/x400fast/client.toml)")
    g.add_argument("--p3", metavar="HOST:PORT", help="the MTA (P3) address")
    g.add_argument("--p7", metavar="HOST:PORT", help="the Message Store (P7) address")
    g.add_argument("--user", metavar="OR-ADDRESS", help="the O/R address to bind as")
    g.add_argument("--password-file", metavar="FILE",
                   help="read the password from the first line of FILE (else $%s, "
                        "else the configuration file)" % ENV_PASSWORD)
    g.add_argument("--tls", action="store_true", default=None,
                   help="TLS around the connection (verifying the certificate)")
    g.add_argument("--ca-file", metavar="PEM", help="trust these CAs (implies --tls)")
    g.add_argument("--cert", metavar="PEM", help="client certificate (implies --tls)")
    g.add_argument("--key", metavar="PEM", help="the client certificate's key")
    g.add_argument("--server-name", metavar="NAME",
                   help="host name the server certificate must carry")
    g.add_argument("--insecure-plaintext-password", action="store_true", default=None,
                   help="allow the password over plain TCP (trusted paths only)")
    g.add_argument("--timeout", type=float, metavar="SECONDS",
                   help="deadline of each network operation (default 60)")
    g.add_argument("--json", action="store_true", help="JSON output")
    g.add_argument("-v", "--verbose", action="store_true",
                   help="protocol log on stderr (never shows the password)")
    return c


def add_client_parsers(sub: Any) -> None:
    """Add send/list/fetch/delete/wait to the ``x400fast`` subparsers."""
    common = _common_parent()
    sp = sub.add_parser("send", parents=[common], help="submit a message (P3, or P7 with --p7)",
                        description="Submit an interpersonal message; prints its MTS "
                                    "identifier.")
    sp.add_argument("--from", dest="originator", metavar="OR-ADDRESS",
                    help="originator (default: --user)")
    sp.add_argument("--to", action="append", default=[], metavar="OR-ADDRESS")
    sp.add_argument("--cc", action="append", default=[], metavar="OR-ADDRESS")
    sp.add_argument("--bcc", action="append", default=[], metavar="OR-ADDRESS")
    sp.add_argument("--subject")
    body = sp.add_mutually_exclusive_group()
    body.add_argument("--text", help="the message text")
    body.add_argument("--body-file", metavar="FILE",
                      help="the message text from FILE ('-': stdin; default: stdin "
                           "when it is not a terminal)")
    sp.add_argument("--attach", action="append", default=[], metavar="FILE",
                    help="add FILE as a file-transfer body part (repeatable)")
    sp.add_argument("--priority", choices=("normal", "non-urgent", "urgent"))
    sp.add_argument("--importance", choices=("low", "normal", "high"))
    sp.add_argument("--report", choices=("none", "non-delivery", "delivery"),
                    help="reports asked for each recipient (default non-delivery)")
    sp.add_argument("--receipt", action="store_true",
                    help="ask each recipient for a receipt notification")
    sp.add_argument("--content-identifier", metavar="ID")

    lp = sub.add_parser("list", parents=[common], help="list Message Store entries (P7)")
    lp.add_argument("--new", action="store_true", help="only entries not yet listed/read")
    lp.add_argument("--limit", type=int, metavar="N", help="at most N entries")

    fp = sub.add_parser("fetch", parents=[common], help="fetch Message Store entries (P7)")
    fp.add_argument("seq", nargs="+", type=int, metavar="SEQ")
    fp.add_argument("--raw", metavar="PATH",
                    help="write the BER (the content; a report's delivery envelope) to "
                         "PATH, or PATH/SEQ.ber when PATH is a directory or several SEQs "
                         "are given ('-': stdout, one SEQ)")
    fp.add_argument("--save-attachments", metavar="DIR",
                    help="write file-transfer body parts into DIR")

    dp = sub.add_parser("delete", parents=[common], help="delete Message Store entries (P7)")
    dp.add_argument("seq", nargs="+", type=int, metavar="SEQ")

    wp = sub.add_parser("wait", parents=[common],
                        help="take P3 deliveries into a spool directory until idle")
    wp.add_argument("--spool", required=True, metavar="DIR",
                    help="directory each delivery is written to (fsync) before it is "
                         "acknowledged")
    wp.add_argument("--quiet", type=float, default=2.0, metavar="SECONDS",
                    help="stop after this long without a delivery (default 2)")
    wp.add_argument("--max-time", type=float, metavar="SECONDS",
                    help="stop after this long in any case")


# ---------------------------------------------------------------------------
# Settings


class Settings:
    """The resolved connection settings.  ``repr`` never shows the password."""

    def __init__(self) -> None:
        self.p3: Optional[str] = None
        self.p7: Optional[str] = None
        self.user: Optional[str] = None
        self.tls: Any = None
        self.server_name: Optional[str] = None
        self.plaintext_ok = False
        self.timeout = 60.0
        self._password: Optional[str] = None

    def __repr__(self) -> str:
        return "<Settings p3=%r p7=%r user=%r tls=%r password=%s>" % (
            self.p3, self.p7, self.user, bool(self.tls),
            "set" if self._password is not None else "unset")


def _config_path(explicit: Optional[str]) -> Optional[str]:
    if explicit:
        path = os.path.expanduser(explicit)
        if not os.path.isfile(path):
            raise UsageError("configuration file %s not found" % explicit)
        return path
    base = os.environ.get("XDG_CONFIG_HOME") or os.path.join(os.path.expanduser("~"),
                                                             ".config")
    for name in ("client.toml", "client.json"):
        path = os.path.join(base, "x400fast", name)
        if os.path.isfile(path):
            return path
    return None


def _parse_config(path: str) -> Dict[str, Any]:
    try:
        with open(path, "rb") as f:
            data = f.read()
    except OSError as exc:
        raise UsageError("cannot read configuration file %s: %s"
                         % (path, exc.strerror or exc)) from None
    # The parsers' messages give a line and column, never the text.
    if path.endswith(".json") or data.lstrip().startswith(b"{"):
        try:
            cfg = json.loads(data.decode("utf-8"))
        except (ValueError, UnicodeDecodeError) as exc:
            raise UsageError("configuration file %s is not valid JSON (%s)"
                             % (path, _position(exc))) from None
    else:
        try:
            import tomllib as toml  # type: ignore[import-not-found]
        except ImportError:
            try:
                import tomli as toml  # type: ignore[import-not-found,no-redef]
            except ImportError:
                raise UsageError("configuration file %s is TOML, which needs Python "
                                 "3.11+ (or the tomli package): use JSON instead"
                                 % path) from None
        try:
            cfg = toml.loads(data.decode("utf-8"))
        except (ValueError, UnicodeDecodeError) as exc:
            raise UsageError("configuration file %s is not valid TOML (%s)"
                             % (path, _position(exc))) from None
    if not isinstance(cfg, dict):
        raise UsageError("configuration file %s must hold a table of settings" % path)
    unknown = sorted(set(cfg) - _CONFIG_KEYS)
    if unknown:
        raise UsageError("configuration file %s: unknown key(s) %s"
                         % (path, ", ".join(unknown)))
    if "password" in cfg and os.name == "posix":
        try:
            mode = os.stat(path).st_mode
        except OSError:
            mode = 0
        if mode & (stat.S_IRGRP | stat.S_IROTH):
            _warn("configuration file %s holds a password and is readable by others "
                  "(chmod 600 it)" % path)
    return cfg


def _position(exc: BaseException) -> str:
    """Where a parser failed, without quoting the input (it may be the
    password's line)."""
    line = getattr(exc, "lineno", None)
    col = getattr(exc, "colno", None)
    if line is not None:
        return "line %s, column %s" % (line, col)
    text = str(exc)
    at = text.rfind("(at line")
    return text[at + 1:-1] if at >= 0 and text.endswith(")") else "syntax error"


def _read_password_file(path: str) -> str:
    try:
        with open(os.path.expanduser(path), "r", encoding="utf-8") as f:
            line = f.readline()
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError("cannot read the password file %s: %s"
                         % (path, getattr(exc, "strerror", None) or type(exc).__name__)
                         ) from None
    line = line.rstrip("\r\n")
    if not line:
        raise UsageError("the password file %s is empty" % path)
    return line


def resolve_settings(args: argparse.Namespace) -> Settings:
    """Command line, then environment, then configuration file."""
    path = _config_path(args.config)
    cfg = _parse_config(path) if path else {}
    s = Settings()

    def pick(name: str, cli: Any) -> Any:
        return cli if cli is not None else cfg.get(name)

    s.p3 = pick("p3", args.p3)
    s.p7 = pick("p7", args.p7)
    s.user = pick("user", args.user)
    if args.password_file:
        s._password = _read_password_file(args.password_file)
    elif os.environ.get(ENV_PASSWORD):
        s._password = os.environ[ENV_PASSWORD]
    elif cfg.get("password_file"):
        s._password = _read_password_file(str(cfg["password_file"]))
    elif cfg.get("password") is not None:
        s._password = str(cfg["password"])
    timeout = pick("timeout", args.timeout)
    if timeout is not None:
        try:
            s.timeout = float(timeout)
        except (TypeError, ValueError):
            raise UsageError("timeout must be a number of seconds") from None
        if s.timeout <= 0:
            raise UsageError("timeout must be positive")
    s.plaintext_ok = bool(pick("insecure_plaintext_password",
                               args.insecure_plaintext_password))
    s.server_name = pick("server_name", args.server_name)
    ca = pick("ca_file", args.ca_file)
    cert = pick("cert", args.cert)
    key = pick("key", args.key)
    tls = bool(pick("tls", args.tls)) or ca is not None or cert is not None
    if key is not None and cert is None:
        raise UsageError("--key needs --cert")
    if tls:
        if ca is None and cert is None:
            s.tls = True
        else:
            from .io.tls import client_context
            s.tls = client_context(cafile=os.path.expanduser(ca) if ca else None,
                                   certfile=os.path.expanduser(cert) if cert else None,
                                   keyfile=os.path.expanduser(key) if key else None)
    return s


# ---------------------------------------------------------------------------
# Output


def _warn(text: str) -> None:
    print("x400fast: warning: %s" % text, file=sys.stderr)


def _emit_json(value: Any) -> None:
    print(json.dumps(value, indent=2, sort_keys=True, default=str))


def _time(value: Any) -> Optional[str]:
    return value.isoformat() if value is not None and hasattr(value, "isoformat") else None


def _name_text(value: Any) -> Optional[str]:
    """An O/R name (codec value or model object) as text, or None."""
    if value is None:
        return None
    if isinstance(value, dict):
        from .oraddress import ORName
        try:
            return str(ORName.from_asn1(value, validate=False))
        except (X400Error, KeyError, TypeError, ValueError):
            return "(unreadable O/R name)"
    return str(value)


# ---------------------------------------------------------------------------
# Commands


class _Run:
    """One command's state: what is in flight, for the exit code."""

    def __init__(self, args: argparse.Namespace, settings: Settings) -> None:
        self.args = args
        self.settings = settings
        self.in_flight: Optional[str] = None   # an operation that changes state

    def client(self, kind: str, **extra: Any) -> Any:
        s = self.settings
        address = s.p3 if kind == "p3" else s.p7
        if not address:
            raise UsageError("no %s address: give --%s (or %s in the configuration file)"
                             % (kind.upper(), kind, kind))
        if not s.user:
            raise UsageError("no user: give --user (or user in the configuration file)")
        if s._password is None:
            raise UsageError("no password: give --password-file, set %s, or put "
                             "password_file in the configuration file" % ENV_PASSWORD)
        from .client import P3Client, P7Client
        cls = P3Client if kind == "p3" else P7Client
        client = cls(address, s.user, s._password, tls=s.tls, timeout=s.timeout,
                     server_hostname=s.server_name,
                     allow_plaintext_password=s.plaintext_ok, **extra)
        client.connect()
        return client


def _close(client: Any) -> None:
    """Release; a failure here no longer changes what was done."""
    try:
        client.close()
    except (X400Error, OSError) as exc:
        _warn("the release failed (%s); the work above was completed"
              % type(exc).__name__)
        client.abort()


def _build_message(args: argparse.Namespace, settings: Settings) -> Any:
    from .message import FileBody, Message, TextBody
    if not (args.to or args.cc or args.bcc):
        raise UsageError("no recipients: give --to, --cc or --bcc")
    text: Optional[str] = args.text
    if text is None:
        src = args.body_file
        if src is None:
            try:
                if not sys.stdin.isatty():
                    src = "-"
            except (AttributeError, ValueError, OSError):
                src = None
        if src == "-":
            try:
                text = sys.stdin.read()
            except (OSError, UnicodeDecodeError) as exc:
                raise DataError("cannot read the body from stdin: %s"
                                % type(exc).__name__) from None
        elif src is not None:
            try:
                with open(src, "r", encoding="utf-8") as f:
                    text = f.read()
            except (OSError, UnicodeDecodeError) as exc:
                raise DataError("cannot read the body file %s: %s"
                                % (src, getattr(exc, "strerror", None) or exc)) from None
    body: List[Any] = []
    if text:
        body.append(TextBody(text))
    for path in args.attach:
        try:
            body.append(FileBody.from_path(path))
        except OSError as exc:
            raise DataError("cannot read the attachment %s: %s"
                            % (path, exc.strerror or exc)) from None
    if not body:
        raise UsageError("the message has no body: give --text, --body-file or --attach")
    originator = args.originator or settings.user
    if not originator:
        raise UsageError("no originator: give --from or --user")
    fields: Dict[str, Any] = {}
    if args.priority:
        fields["priority"] = args.priority
    if args.importance:
        fields["importance"] = args.importance
    if args.content_identifier:
        fields["content_identifier"] = args.content_identifier
    msg = Message(originator=originator, subject=args.subject, body=body, **fields)
    for attr, names in (("to", args.to), ("cc", args.cc), ("bcc", args.bcc)):
        for n in names:
            getattr(msg, attr).append(n)
    for r in msg.recipients:
        if args.report:
            r.report = args.report
        if args.receipt:
            r.receipt_notification = True
    return msg


def cmd_send(run: _Run) -> int:
    args = run.args
    msg = _build_message(args, run.settings)
    msg.to_submission()            # the message's own errors (exit 3) before connecting
    kind = "p3" if run.settings.p3 or not run.settings.p7 else "p7"
    client = run.client(kind)
    try:
        run.in_flight = "submission"
        result = client.submit(msg)
        run.in_flight = None
    except BaseException:
        client.abort()
        raise
    if args.json:
        _emit_json({"mts_identifier": str(result.mts_identifier),
                    "submission_time": _time(result.submission_time),
                    "ipm_identifier": str(msg.ipm_id),
                    "recipients": [str(r.address) for r in msg.recipients]})
    else:
        print(str(result.mts_identifier))
    sys.stdout.flush()
    _close(client)
    return EXIT_OK


def _list_attributes() -> List[str]:
    from .asn1 import x413
    return [x413.id_att_sequence_number, x413.id_att_retrieval_status,
            x413.id_att_entry_type, x413.id_att_originator_name, x413.id_hat_subject,
            x413.id_att_message_delivery_time, x413.id_att_creation_time,
            x413.id_att_priority]


def _entry_row(entry: Any) -> Dict[str, Any]:
    from .asn1 import x413
    status = entry.get(x413.id_att_retrieval_status)
    etype = entry.get(x413.id_att_entry_type)
    when = entry.get(x413.id_att_message_delivery_time) or entry.get(
        x413.id_att_creation_time)
    subject = entry.get(x413.id_hat_subject)
    return {"sequence_number": entry.sequence_number,
            "status": _STATUS.get(status, status),
            "type": _ENTRY_TYPES.get(etype, etype),
            "originator": _name_text(entry.get(x413.id_att_originator_name)),
            "subject": subject if isinstance(subject, str) else None,
            "time": _time(when),
            "priority": entry.get(x413.id_att_priority)}


def cmd_list(run: _Run) -> int:
    args = run.args
    if args.limit is not None and args.limit < 1:
        raise UsageError("--limit must be at least 1")
    from .asn1 import x413
    from .client import filters as F
    client = run.client("p7")
    try:
        total = client.summarize()
        new = client.bind_info.messages_waiting if client.bind_info else None
        flt = F.equals(x413.id_att_retrieval_status, 0) if args.new else None
        rows: List[Dict[str, Any]] = []
        start: Optional[int] = None
        while True:
            left = None if args.limit is None else args.limit - len(rows)
            if left is not None and left <= 0:
                break
            page = client.list(attributes=_list_attributes(), filter=flt, limit=left,
                               range=(start, None) if start is not None else None)
            rows.extend(_entry_row(e) for e in page)
            if page.next is None or not len(page):
                break
            start = page.next
    except BaseException:
        client.abort()
        raise
    _close(client)
    if args.json:
        _emit_json({"count": total.count, "new": new,
                    "span": list(total.span) if total.span else None, "entries": rows})
        return EXIT_OK
    print("%d entr%s%s%s" % (total.count, "y" if total.count == 1 else "ies",
                             "" if new is None else " (%d new)" % new,
                             ", sequence numbers %d-%d" % total.span if total.span else ""))
    if rows:
        print("%6s  %-9s  %-20s  %-40s  %s" % ("SEQ", "STATUS", "TIME", "ORIGINATOR",
                                               "SUBJECT"))
    for r in rows:
        subject = r["subject"] if r["type"] == "message" else "(%s)" % r["type"]
        print("%6d  %-9s  %-20s  %-40s  %s" % (
            r["sequence_number"], r["status"] or "", (r["time"] or "")[:19],
            r["originator"] or "", subject or ""))
    return EXIT_OK


def _raw_of(entry: Any) -> bytes:
    from .asn1 import x413
    content = entry.content
    if isinstance(content, (bytes, bytearray)):
        return bytes(content)
    env = entry.raw_values(x413.id_att_report_delivery_envelope)
    if env:
        return bytes(env[0])
    raise DataError("entry %d has no content to write" % entry.sequence_number)


def _write_raw(target: str, seqs: Sequence[int], entries: Sequence[Any]) -> List[str]:
    written: List[str] = []
    if target == "-":
        if len(entries) != 1:
            raise UsageError("--raw - writes one entry: give one SEQ")
        sys.stdout.buffer.write(_raw_of(entries[0]))
        sys.stdout.buffer.flush()
        return ["-"]
    as_dir = os.path.isdir(target) or len(seqs) > 1
    if as_dir:
        try:
            os.makedirs(target, exist_ok=True)
        except OSError as exc:
            raise DataError("cannot create %s: %s" % (target, exc.strerror)) from None
    for e in entries:
        path = os.path.join(target, "%d.ber" % e.sequence_number) if as_dir else target
        try:
            with open(path, "wb") as f:
                f.write(_raw_of(e))
        except OSError as exc:
            raise DataError("cannot write %s: %s" % (path, exc.strerror)) from None
        written.append(path)
    return written


def _describe(entry: Any) -> Dict[str, Any]:
    """What fetch shows of an entry, as plain JSON-able data."""
    from .message import FileBody, TextBody
    out: Dict[str, Any] = {"sequence_number": entry.sequence_number}
    etype = entry.entry_type
    out["type"] = _ENTRY_TYPES.get(etype, etype)
    if etype == 1:
        rep = entry.report
        out["subject_identifier"] = str(rep.subject_identifier)
        out["recipients"] = [{
            "recipient": str(r.recipient),
            "outcome": "delivered" if getattr(r, "delivery_time", None) else "not-delivered",
            "delivery_time": _time(getattr(r, "delivery_time", None)),
            "reason": getattr(r, "reason", None),
            "diagnostic": getattr(r, "diagnostic", None)} for r in rep.recipients]
        return out
    msg = entry.message
    out["kind"] = type(msg).__name__
    for name in ("originator", "subject", "importance", "priority", "mts_identifier",
                 "ipm_id", "delivery_time", "submission_time", "this_recipient"):
        v = getattr(msg, name, None)
        out[name] = _time(v) if name.endswith("_time") else (None if v is None else str(v))
    for name in ("to", "cc"):
        out[name] = [str(r) for r in getattr(msg, name, ())]
    out["text"] = getattr(msg, "text", None)
    parts = []
    for p in getattr(msg, "body", ()):
        if isinstance(p, TextBody):
            parts.append({"type": "text", "length": len(p.text)})
        elif isinstance(p, FileBody):
            parts.append({"type": "file", "name": p.name, "size": len(p.data)})
        else:
            parts.append({"type": type(p).__name__})
    out["body_parts"] = parts
    return out


def _save_attachments(entry: Any, directory: str) -> List[str]:
    from .message import FileBody
    if entry.entry_type == 1:
        return []
    saved = []
    os.makedirs(directory, exist_ok=True)
    for i, p in enumerate(getattr(entry.message, "body", ())):
        if not isinstance(p, FileBody):
            continue
        # Only the base name: a received name must not write outside DIR.
        base = os.path.basename((p.name or "").replace("\\", "/")) or \
            "%d-part%d.bin" % (entry.sequence_number, i)
        if base in (".", ".."):
            base = "%d-part%d.bin" % (entry.sequence_number, i)
        path = os.path.join(directory, base)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            path = os.path.join(directory, "%d-%s" % (entry.sequence_number, base))
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as f:
            f.write(p.data)
        saved.append(path)
    return saved


def cmd_fetch(run: _Run) -> int:
    args = run.args
    client = run.client("p7")
    entries = []
    try:
        for seq in args.seq:
            entries.append(client.fetch(seq))
    except BaseException:
        client.abort()
        raise
    _close(client)
    if args.raw:
        written = _write_raw(args.raw, args.seq, entries)
        if args.json:
            _emit_json({"written": written})
        elif args.raw != "-":
            for path in written:
                print(path)
        return EXIT_OK
    try:
        described = [_describe(e) for e in entries]
        saved = {e.sequence_number: _save_attachments(e, args.save_attachments)
                 for e in entries} if args.save_attachments else {}
    except (ValueError, X400Error) as exc:
        raise DataError("cannot read the entry: %s" % exc) from None
    except OSError as exc:
        raise DataError("cannot save attachments: %s" % (exc.strerror or exc)) from None
    for d in described:
        if saved:
            d["saved"] = saved.get(d["sequence_number"], [])
    if args.json:
        _emit_json({"entries": described})
        return EXIT_OK
    for n, d in enumerate(described):
        if n:
            print("\n" + "=" * 72)
        _print_entry(d)
    return EXIT_OK


def _print_entry(d: Dict[str, Any]) -> None:
    print("Sequence: %d" % d["sequence_number"])
    if d["type"] == "report":
        print("Type: report")
        print("Subject-Identifier: %s" % d["subject_identifier"])
        for r in d["recipients"]:
            extra = (" at %s" % r["delivery_time"] if r["delivery_time"] else
                     " (%s%s)" % (r["reason"] or "?",
                                  ", " + r["diagnostic"] if r["diagnostic"] else ""))
            print("Recipient: %s: %s%s" % (r["recipient"], r["outcome"], extra))
        return
    heads = (("From", "originator"), ("Subject", "subject"), ("Date", "delivery_time"),
             ("Submitted", "submission_time"), ("Priority", "priority"),
             ("Importance", "importance"), ("MTS-Id", "mts_identifier"),
             ("IPM-Id", "ipm_id"))
    for label, key in heads:
        if d.get(key):
            print("%s: %s" % (label, d[key]))
    for label, key in (("To", "to"), ("Cc", "cc")):
        for v in d.get(key) or ():
            print("%s: %s" % (label, v))
    if d.get("kind") and d["kind"] != "Message":
        print("Kind: %s" % d["kind"])
    print()
    if d.get("text"):
        print(d["text"])
    for p in d.get("body_parts", ()):
        if p["type"] == "file":
            print("[attachment: %s, %d bytes]" % (p["name"] or "(unnamed)", p["size"]))
        elif p["type"] != "text":
            print("[body part: %s]" % p["type"])
    for path in d.get("saved", ()):
        print("[saved: %s]" % path)


def cmd_delete(run: _Run) -> int:
    args = run.args
    client = run.client("p7")
    try:
        run.in_flight = "deletion"
        client.delete(args.seq)
        run.in_flight = None
    except BaseException:
        client.abort()
        raise
    _close(client)
    seqs = sorted(set(args.seq))
    if args.json:
        _emit_json({"deleted": seqs})
    else:
        print("deleted %s" % " ".join(str(s) for s in seqs))
    return EXIT_OK


def _delivery_line(item: Any) -> Dict[str, Any]:
    out: Dict[str, Any] = {"kind": item.kind, "path": item.path}
    try:
        ident = item.mts_identifier
        out["mts_identifier"] = str(ident) if ident is not None else None
        if item.kind == "message":
            m = item.message
            out["originator"] = None if m.originator is None else str(m.originator)
            out["subject"] = getattr(m, "subject", None)
        else:
            rep = item.report
            out["subject_identifier"] = str(rep.subject_identifier)
            out["delivered"] = len(rep.delivered)
            out["not_delivered"] = len(rep.non_delivered)
    except Exception as exc:            # spooled anyway: describe what we can
        out["unreadable"] = type(exc).__name__
    return out


def cmd_wait(run: _Run) -> int:
    args = run.args
    spool = args.spool
    if not os.path.isdir(spool):
        raise UsageError("the spool %s is not a directory" % spool)
    if args.quiet <= 0:
        raise UsageError("--quiet must be positive")
    count = [0]

    def on_delivery(item: Any) -> None:
        # The item is already spooled (fsync) when this runs; a printing
        # failure must not refuse it, or the MTA would deliver it twice.
        count[0] += 1
        try:
            line = _delivery_line(item)
            if args.json:
                print(json.dumps(line, sort_keys=True, default=str))
            elif item.kind == "message":
                print("message %s %s %s %s" % (
                    line.get("mts_identifier") or "-", line["path"],
                    line.get("originator") or "-", json.dumps(line.get("subject"))))
            else:
                print("report %s %s subject=%s delivered=%s not-delivered=%s" % (
                    line.get("mts_identifier") or "-", line["path"],
                    line.get("subject_identifier"), line.get("delivered"),
                    line.get("not_delivered")))
            sys.stdout.flush()
        except Exception:
            pass

    client = run.client("p3", spool=spool, on_delivery=on_delivery)
    try:
        client.delivery_control()       # tell the MTA to deliver what it holds
        client.wait_until_idle(timeout=args.max_time, quiet=args.quiet)
    except BaseException:
        client.abort()
        if count[0]:
            _warn("%d deliveries were spooled in %s before the failure" % (count[0], spool))
        raise
    _close(client)
    if not args.json:
        print("%d deliver%s taken" % (count[0], "y" if count[0] == 1 else "ies"),
              file=sys.stderr)
    return EXIT_OK


_HANDLERS: Dict[str, Callable[[_Run], int]] = {
    "send": cmd_send, "list": cmd_list, "fetch": cmd_fetch, "delete": cmd_delete,
    "wait": cmd_wait}


# ---------------------------------------------------------------------------
# Errors to exit codes


def exit_code(exc: BaseException, in_flight: Optional[str]) -> int:
    """The documented exit code of an exception (see the module docstring)."""
    if isinstance(exc, (UsageError, PlaintextPasswordRefused)):
        return EXIT_USAGE
    if isinstance(exc, (DataError, MessageError, AddressError, CodecError)):
        return EXIT_DATA
    if isinstance(exc, AssociationRejected):
        return EXIT_AUTH
    if isinstance(exc, (RemoteOperationError, Rejected)):
        return EXIT_OPERATION
    if isinstance(exc, (ConnectFailed, AssociationTimeout, ConnectionEnded, ProtocolError,
                        OSError)):
        if isinstance(exc, ConnectionLost) and exc.not_sent and not exc.in_doubt:
            return EXIT_CONNECTION          # the invocation never left: nothing done
        return EXIT_IN_DOUBT if in_flight else EXIT_CONNECTION
    return EXIT_ERROR


def _message(exc: BaseException, in_flight: Optional[str], password: Optional[str]) -> str:
    text = str(exc) or type(exc).__name__
    if isinstance(exc, X400Error) and not isinstance(exc, (UsageError, DataError)):
        text = "%s: %s" % (type(exc).__name__, text)
    if in_flight and exit_code(exc, in_flight) == EXIT_IN_DOUBT:
        text += " -- the %s may or may not have taken effect" % in_flight
    if password and password in text:     # belt and braces: never echo it
        text = text.replace(password, "********")
    return text


def run(args: argparse.Namespace) -> int:
    """Run one client command from parsed arguments; returns the exit code."""
    if args.verbose:
        logging.basicConfig(level=logging.DEBUG, stream=sys.stderr,
                            format="%(name)s: %(message)s")
    r: Optional[_Run] = None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("default")
            settings = resolve_settings(args)
            r = _Run(args, settings)
            return _HANDLERS[args.cmd](r)
    except KeyboardInterrupt:
        print("x400fast: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        raise
    except (UsageError, DataError, X400Error, OSError) as exc:
        in_flight = r.in_flight if r is not None else None
        password = r.settings._password if r is not None else None
        print("x400fast %s: %s" % (args.cmd, _message(exc, in_flight, password)),
              file=sys.stderr)
        return exit_code(exc, in_flight)


def main(argv: Optional[List[str]] = None) -> int:
    """A standalone entry (``python -m x400fast.cli_client``): the client
    commands only; ``x400fast`` itself registers them too."""
    p = argparse.ArgumentParser(prog="x400fast", description=__doc__.split("\n")[0])
    sub = p.add_subparsers(dest="cmd")
    add_client_parsers(sub)
    args = p.parse_args(argv)
    if args.cmd is None:
        p.print_help()
        return EXIT_USAGE
    return run(args)


if __name__ == "__main__":
    sys.exit(main())
