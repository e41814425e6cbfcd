#!/usr/bin/env python3
"""Benchmark of the B2B scheduler against first come, first served.

    python bench/b2b.py [--quick]

Generates instances with shared/b2b/generate.py (edition size, seeds 1-3, and a large
one; --quick: edition seed 1 only), runs `rencontres-b2b fcfs` and `rencontres-b2b solve`
each in its own process (wall time and peak memory of that process), checks every
schedule with shared/b2b/check.py and prints a table. Exits 1 if a schedule is invalid.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = (ROOT / ".." / "shared" / "b2b").resolve()

EDITION = ["--participants", "500", "--requests", "3000", "--tables", "60"]
LARGE = ["--participants", "5000", "--requests", "30000", "--tables", "1500"]


def load_checker():
    path = SHARED / "check.py"
    if not path.is_file():
        sys.exit(f"bench: missing {path} (clone shared/ next to the repository)")
    spec = importlib.util.spec_from_file_location("shared_b2b_check", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def run(cmd: list[str], out_path: Path | None = None) -> tuple[float, float, int]:
    """Run `cmd`; return (wall seconds, peak RSS in MB, exit code)."""
    env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    t0 = time.monotonic()
    with open(out_path, "w") if out_path else open(os.devnull, "w") as out:
        proc = subprocess.Popen(cmd, stdout=out, cwd=ROOT, env=env)
        _, status, usage = os.wait4(proc.pid, 0)
    wall = time.monotonic() - t0
    proc.returncode = os.waitstatus_to_exitcode(status)
    return wall, usage.ru_maxrss / 1024, proc.returncode


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="edition size, seed 1 only")
    args = ap.parse_args(argv)
    checker = load_checker()

    cases = [(f"edition-{s}", EDITION + ["--seed", str(s)], 5.0) for s in (1, 2, 3)]
    cases.append(("large-1", LARGE + ["--seed", "1"], 60.0))
    if args.quick:
        cases = cases[:1]

    rows, invalid = [], 0
    with tempfile.TemporaryDirectory(prefix="b2b-bench-") as tmp:
        tmp = Path(tmp)
        for name, gen_args, limit in cases:
            inst_path = tmp / f"{name}.json"
            with open(inst_path, "w") as f:
                subprocess.run(
                    [sys.executable, str(SHARED / "generate.py"), *gen_args], stdout=f, check=True
                )
            inst = json.loads(inst_path.read_text())
            results = {}
            for method in ("fcfs", "solve", "most"):
                out_path = tmp / f"{name}.{method}.json"
                command = "fcfs" if method == "fcfs" else "solve"
                cmd = [sys.executable, "-m", "rencontres.scheduler.cli", command, str(inst_path)]
                if command == "solve":
                    cmd += ["--time-limit", str(limit), "--seed", "0"]
                if method == "most":
                    cmd.append("--serve-most")
                wall, mem, code = run(cmd, out_path)
                if code != 0:
                    print(f"{name} {method}: exit code {code}", file=sys.stderr)
                    invalid += 1
                    continue
                sched = json.loads(out_path.read_text())
                errors, score = checker.check(inst, sched)
                if errors:
                    invalid += 1
                    for e in errors[:5]:
                        print(f"{name} {method}: invalid: {e}", file=sys.stderr)
                results[method] = (sched, score, wall, mem, not errors)
            # The bounds are the solver's (both modes prove the same ones; take the tighter).
            solved = [results[m][0] for m in ("solve", "most") if m in results]
            bound = min((d["bound"] for d in solved if "bound" in d), default=None)
            most = min((d["served_bound"] for d in solved if "served_bound" in d), default=None)
            fcfs_objective = results["fcfs"][1]["objective"] if "fcfs" in results else None
            for method, (sched, score, wall, mem, ok) in results.items():
                at_served = sched.get("stats", {}).get("bound_at_served")
                rows.append(
                    {
                        "instance": name,
                        "method": method,
                        "objective": score["objective"],
                        "bound": bound,
                        "share": score["objective"] / bound if bound else None,
                        "served": score["participants_served"],
                        "most": most,
                        "none": score["participants_with_requests"] - score["participants_served"],
                        "at_served": score["objective"] / at_served if at_served else None,
                        "seconds": wall,
                        "memory": mem,
                        "ratio": score["objective"] / fcfs_objective if fcfs_objective else None,
                        "valid": ok,
                    }
                )

    def pct(x):
        return f"{100 * x:.2f}%" if x is not None else "-"

    print("method: fcfs = first come, first served; solve = priority first; most = serve-most")
    print("served max = proven maximum of people served; at served = objective / best possible")
    print("at that number served (serve-most, when proven)")
    head = (
        f"{'instance':<11} {'method':<6} {'objective':>9} {'bound':>7} {'of bound':>8} "
        f"{'served':>6} {'max':>5} {'none':>5} {'at served':>9} {'seconds':>8} {'peak MB':>8} "
        f"{'vs fcfs':>8} valid"
    )
    print(head)
    print("-" * len(head))
    for r in rows:
        ratio = f"{r['ratio']:.3f}" if r["ratio"] is not None else ""
        print(
            f"{r['instance']:<11} {r['method']:<6} {r['objective']:>9} {r['bound'] or '-':>7} "
            f"{pct(r['share']):>8} {r['served']:>6} {r['most'] or '-':>5} {r['none']:>5} "
            f"{pct(r['at_served']):>9} {r['seconds']:>8.2f} {r['memory']:>8.0f} {ratio:>8} "
            f"{'yes' if r['valid'] else 'NO'}"
        )
    print(f"load average: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    return 1 if invalid else 0


if __name__ == "__main__":
    sys.exit(main())
