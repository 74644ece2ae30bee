"""``x400fast serve``: run the reference server from the command line.

::

    x400fast serve --user "/CN=Alice/O=Org/PRMD=P/ADMD= /C=XX/:secret" \\
                   --user "/CN=Bob/O=Org/PRMD=P/ADMD= /C=XX/:pw:p3" \\
                   --p3-port 10102 --p7-port 10103 --store /tmp/x400.sqlite

Options override the configuration file (``--config``, TOML or JSON, see
:mod:`x400fast.server.config`); ``--user`` adds to its users.  The
addresses are printed once listening (port 0 picks a free one), then the
server runs until interrupted.
"""
from __future__ import annotations

import argparse
import sys
from typing import Any

from ..errors import X400Error

__all__ = ["add_serve_parser", "serve"]


def add_serve_parser(sub: Any) -> None:
    sp = sub.add_parser("serve", help="run the reference P3/P7 server")
    sp.add_argument("--config", help="TOML or JSON configuration file")
    sp.add_argument("--host", help="address to listen on (default 127.0.0.1)")
    sp.add_argument("--p3-port", type=int, help="P3 port (default 10102; 0: any free)")
    sp.add_argument("--p7-port", type=int, help="P7 port (default 10103; 0: any free)")
    sp.add_argument("--user", action="append", default=[], metavar="ADDRESS:PASSWORD[:ms|p3]",
                    help="a local user (repeatable)")
    sp.add_argument("--store", help="SQLite store path (default: a temporary one)")
    sp.add_argument("--tls-cert", help="certificate chain (PEM): TLS on both ports")
    sp.add_argument("--tls-key", help="private key (PEM)")
    sp.add_argument("--require-tls-for-password", action="store_true", default=None,
                    help="refuse password binds on connections without TLS")


def serve(args: argparse.Namespace) -> int:
    from .config import ServerConfig, load_config, merge_users
    from .server import Server
    overrides = {"host": args.host, "p3_port": args.p3_port, "p7_port": args.p7_port,
                 "store": args.store, "tls_cert": args.tls_cert, "tls_key": args.tls_key,
                 "require_tls_for_password": args.require_tls_for_password}
    try:
        if args.config:
            config = load_config(args.config, **overrides)
        else:
            config = ServerConfig(**{k: v for k, v in overrides.items() if v is not None})
        config = merge_users(config, args.user)
        server = Server(config).start()
    except (X400Error, OSError) as exc:
        print("x400fast serve: %s" % exc, file=sys.stderr)
        return 2
    print("P3 %s" % server.p3_address, flush=True)
    print("P7 %s" % server.p7_address, flush=True)
    server.serve_forever()
    return 0
