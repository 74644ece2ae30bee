"""The ``x400fast`` command.

``x400fast info``                      version and the engine in use
``x400fast types [PATTERN]``           the ASN.1 types it knows
``x400fast decode --type T [FILE|-]``  BER in, JSON (or ``--tree``) out
``x400fast encode --type T [FILE|-]``  JSON in, BER (or ``--hex``) out
``x400fast demo [-n N]``               N messages through an embedded server
``x400fast send|list|fetch|delete|wait`` a P3/P7 client (see x400fast.cli_client)

Exit codes: 0 success, 2 usage error, 3 bad input data.
"""
from __future__ import annotations

import argparse
import importlib
import json
import sys
from typing import Any, Dict, List, Optional

from . import __version__, ber
from ._impl import IMPLEMENTATION
from .errors import X400Error

# Standard modules, imported when present.
_MODULES = ("x411", "x413", "x420", "acse", "presentation", "rose", "p772")

EXIT_USAGE = 2
EXIT_DATA = 3


def type_registry() -> Dict[str, Any]:
    """Every declared type by name, and by ``Module.Name``.

    A bare name that two modules define maps to neither; use the
    qualified one.
    """
    from .asn1 import core
    reg: Dict[str, Any] = {}
    clashes = set()
    modules: List[Any] = [core._asn1]
    for name in _MODULES:
        try:
            mod = importlib.import_module("x400fast.asn1." + name)
        except ImportError:
            continue
        for value in vars(mod).values():
            if isinstance(value, core.Module) and value not in modules:
                modules.append(value)
    for m in modules:
        for tname, t in m.types.items():
            reg[m.name + "." + tname] = t
            if tname in reg and reg[tname] is not t:
                clashes.add(tname)
            reg.setdefault(tname, t)
    for tname in clashes:
        del reg[tname]
    return reg


def _read(path: str, binary: bool):
    if path == "-":
        return sys.stdin.buffer.read() if binary else sys.stdin.read()
    with open(path, "rb" if binary else "r") as f:
        return f.read()


def _tree(value: Any, indent: int, out: List[str], label: str) -> None:
    pad = "  " * indent
    if isinstance(value, dict):
        out.append(pad + label)
        for k, v in value.items():
            _tree(v, indent + 1, out, k)
    elif isinstance(value, list):
        out.append("%s%s (%d)" % (pad, label, len(value)))
        for i, v in enumerate(value):
            _tree(v, indent + 1, out, "[%d]" % i)
    else:
        out.append("%s%s: %s" % (pad, label, json.dumps(value)))


def _find_type(name: str):
    reg = type_registry()
    t = reg.get(name)
    if t is None:
        raise KeyError(name)
    return t


def main(argv: Optional[List[str]] = None) -> int:
    from .jsonform import from_json, to_json

    p = argparse.ArgumentParser(prog="x400fast", description=__doc__.split("\n")[0])
    sub = p.add_subparsers(dest="cmd")
    sub.add_parser("info", help="version and engine")
    tp = sub.add_parser("types", help="list the known ASN.1 types")
    tp.add_argument("pattern", nargs="?", default="")
    dp = sub.add_parser("decode", help="BER to JSON")
    dp.add_argument("--type", required=True, help="type name, e.g. MessageSubmissionArgument")
    dp.add_argument("--tree", action="store_true", help="indented tree instead of JSON")
    dp.add_argument("--hex-input", action="store_true", help="the input is hex text")
    dp.add_argument("file", nargs="?", default="-")
    ep = sub.add_parser("encode", help="JSON to BER")
    ep.add_argument("--type", required=True)
    ep.add_argument("--hex", action="store_true", help="write hex text instead of binary")
    ep.add_argument("file", nargs="?", default="-")
    from .server.cli import add_serve_parser
    add_serve_parser(sub)
    from .demo import add_demo_parser
    add_demo_parser(sub)
    # -- client commands (send/list/fetch/delete/wait: x400fast.cli_client) --
    from .cli_client import add_client_parsers
    add_client_parsers(sub)
    args = p.parse_args(argv)
    if args.cmd == "demo":
        from .demo import demo
        return demo(args)
    if args.cmd == "serve":
        from .server.cli import serve
        return serve(args)
    # -- client commands (x400fast.cli_client; exit codes documented there) --
    from .cli_client import COMMANDS as _CLIENT_COMMANDS
    if args.cmd in _CLIENT_COMMANDS:
        from .cli_client import run as _run_client
        return _run_client(args)

    if args.cmd in (None, "info"):
        print("x400fast %s (%s engine)" % (__version__, IMPLEMENTATION))
        return 0
    if args.cmd == "types":
        for name in sorted(n for n in type_registry() if "." in n and args.pattern in n):
            print(name)
        return 0
    try:
        t = _find_type(args.type)
    except KeyError:
        print("x400fast: unknown type %r (see 'x400fast types')" % args.type, file=sys.stderr)
        return EXIT_USAGE
    try:
        if args.cmd == "decode":
            data = _read(args.file, not args.hex_input)
            if args.hex_input:
                data = bytes.fromhex("".join(data.split()))
            value = to_json(t, ber.decode(t, data))
            if args.tree:
                out: List[str] = []
                _tree(value, 0, out, args.type)
                print("\n".join(out))
            else:
                print(json.dumps(value, indent=2))
            return 0
        obj = json.loads(_read(args.file, False))
        data = ber.encode(t, from_json(t, obj))
        if args.hex:
            print(data.hex())
        else:
            sys.stdout.buffer.write(data)
        return 0
    except (X400Error, ValueError) as e:
        print("x400fast: %s" % e, file=sys.stderr)
        return EXIT_DATA


def _entry() -> int:
    try:
        return main()
    except BrokenPipeError:         # e.g. piped into head
        sys.stderr.close()
        return 0


if __name__ == "__main__":
    sys.exit(_entry())
