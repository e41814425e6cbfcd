"""Command line: ``rencontres-b2b solve INSTANCE.json [--time-limit S] [--seed N]
[--serve-most] [-o OUT]``.

``rencontres-b2b fcfs INSTANCE.json`` writes the first-come-first-served baseline instead.
``-`` reads the instance from standard input. A malformed instance is reported in one
line on standard error, naming the place of the problem, with exit code 2.
"""

from __future__ import annotations

import time

STARTED = time.monotonic()  # the time limit counts from here: imports are part of the run

import argparse  # noqa: E402
import json  # noqa: E402
import math  # noqa: E402
import os  # noqa: E402
import sys  # noqa: E402

from .instance import InstanceError, parse_instance  # noqa: E402

EXIT_BAD_INPUT = 2


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):
        self.print_usage(sys.stderr)
        self.exit(EXIT_BAD_INPUT, f"{self.prog}: error: {message}\n")


def _parser() -> argparse.ArgumentParser:
    ap = _Parser(prog="rencontres-b2b", description="Schedule B2B meetings (b2b-instance/1).")
    sub = ap.add_subparsers(dest="command", required=True, parser_class=_Parser)
    for name, text in (
        ("solve", "optimise the schedule"),
        ("fcfs", "first come, first served baseline"),
    ):
        p = sub.add_parser(name, help=text, description=text)
        p.add_argument("instance", help="instance JSON file, or - for standard input")
        p.add_argument("-o", "--output", help="write the schedule here (default: stdout)")
        if name == "solve":
            p.add_argument("--time-limit", type=float, default=5.0, metavar="SECONDS")
            p.add_argument("--seed", type=int, default=0)
            p.add_argument("--keep", metavar="SCHEDULE.json", help="published schedule to keep")
            p.add_argument(
                "--serve-most",
                action="store_true",
                help="serve as many people as possible first, then the priorities",
            )
    return ap


def _load(path: str, what: str):
    try:
        if path == "-":
            text = sys.stdin.read()
        else:
            with open(path, encoding="utf-8") as f:
                text = f.read()
    except OSError as e:
        raise InstanceError(f"{path}: cannot read {what}: {e.strerror or e}") from None
    except UnicodeDecodeError:
        raise InstanceError(f"{path}: {what} is not UTF-8 text") from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as e:
        raise InstanceError(
            f"{path}: line {e.lineno} column {e.colno}: not JSON ({e.msg})"
        ) from None


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit code.

    Called without `argv` (as the installed `rencontres-b2b` script), it ends the process
    itself once the output is flushed: the interpreter's normal shutdown with OR-Tools
    loaded takes about a second, which would count against the time limit."""
    code = _main(argv)
    if argv is None:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)
    return code


def _main(argv: list[str] | None) -> int:
    args = _parser().parse_args(argv)
    try:
        raw = _load(args.instance, "instance")
        inst = parse_instance(raw)
        if args.command == "fcfs":
            from .api import fcfs

            out = fcfs(inst)
        else:
            if not math.isfinite(args.time_limit) or args.time_limit <= 0:
                raise InstanceError("--time-limit: must be a positive number of seconds")
            keep = None
            if args.keep:
                published = _load(args.keep, "schedule")
                if not isinstance(published, dict) or not isinstance(
                    published.get("meetings"), list
                ):
                    raise InstanceError(f"{args.keep}: missing key 'meetings'")
                keep = published["meetings"]
            from .api import solve_from

            out = solve_from(
                STARTED,
                inst,
                time_limit=args.time_limit,
                seed=args.seed,
                keep=keep,
                serve_most=args.serve_most,
            )
    except InstanceError as e:
        print(f"rencontres-b2b: {e}", file=sys.stderr)
        return EXIT_BAD_INPUT
    text = json.dumps(out, ensure_ascii=False, indent=1) + "\n"
    if args.output and args.output != "-":
        try:
            with open(args.output, "w", encoding="utf-8") as f:
                f.write(text)
        except OSError as e:
            print(f"rencontres-b2b: {args.output}: cannot write: {e.strerror}", file=sys.stderr)
            return 1
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
