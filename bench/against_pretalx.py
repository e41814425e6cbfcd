#!/usr/bin/env python3
"""Our program pages against pretalx 2025.2's, side by side in one run (`make bench-pretalx`).

    python bench/against_pretalx.py [--seconds 20] [--concurrency 8] [--rounds 3]

pretalx 2025.2 is installed from PyPI into var/pretalx-venv (kept for the next run), with
its own SQLite database and data folder in var/pretalx, and seeded through its ORM
(bench/pretalx_seed.py) with an event of the size of bench/program.py's edition: 2 days,
6 rooms, 40 sessions, 60 speakers, schedule released. No Redis, no Celery: its cache is
then Django's dummy cache, so every pretalx page is a full render.

Both sites run under gunicorn, 2 sync workers, DEBUG off (ours with its production
settings, on a fresh SQLite database seeded by bench/program.py). Every one of our
requests is served as right after an organiser's edit: a gunicorn hook (bench/after_edit.py)
bumps the page-cache generation before each request, so neither the page cache nor the
cached session cards can answer; the page is rendered in full, and written to the page
cache as the first visit after an edit does.

Measured, interleaved, in each round: pretalx's server-rendered schedule
(/<event>/schedule/nojs) then our program page, pretalx's talk page then our session page,
each for `--seconds` with `--concurrency` visitors asking for HTML as a browser does. Prints
each round and the median ratio (ours / pretalx) per page. Goal: >= 5x. The exit status
fails when a median misses it or a request failed. Each figure also comes with the servers'
processor time per request (master and workers, from /proc), and its ratio: on a machine
shared with other work, requests per second follow the others' load, processor time much
less.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from harness import ROOT, Server, closed_loop, free_port, served  # noqa: E402
from program import DATA  # noqa: E402

VERSION = "2025.2"
VENV = ROOT / "var" / "pretalx-venv"
DATA_DIR = ROOT / "var" / "pretalx"
GOAL = 5.0
BROWSER = {"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}


def run(command, **kwargs):
    subprocess.run(command, check=True, **kwargs)


def install():
    """pretalx in its own virtualenv, once: Python 3.13 (the project's), else 3.12."""
    marker = VENV / f".installed-{VERSION}"
    if marker.exists():
        return
    finder = ROOT / "scripts" / "find-python"
    candidates = [subprocess.run([finder], capture_output=True, text=True).stdout.strip()]
    candidates += ["python3.12", *sorted(Path.home().glob(".pyenv/versions/3.12*/bin/python3"))]
    for python in filter(None, candidates):
        print(f"installing pretalx {VERSION} with {python} into {VENV}", flush=True)
        subprocess.run(["rm", "-rf", str(VENV)], check=True)
        log = ROOT / "var" / "pretalx-install.log"
        try:
            run([str(python), "-m", "venv", str(VENV)])
            with log.open("w") as output:
                pip = [str(VENV / "bin" / "pip"), "install", f"pretalx=={VERSION}.*", "gunicorn"]
                run(pip, stdout=output, stderr=subprocess.STDOUT)
        except (subprocess.CalledProcessError, OSError):
            print(f"  failed, see {log}", flush=True)
            continue
        marker.touch()
        return
    raise SystemExit(f"pretalx {VERSION} did not install")


def pretalx_env(port):
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "pretalx.settings",
        "PRETALX_DATA_DIR": str(DATA_DIR),
        "PRETALX_FILESYSTEM_STATIC": str(DATA_DIR / "static"),
        "PRETALX_SITE_URL": f"http://127.0.0.1:{port}",
        "PRETALX_DEBUG": "False",
    }


def prepare(env):
    """Database, static files (its templates need the manifest) and the event, once each."""
    python = str(VENV / "bin" / "python")
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL, "env": env}
    run([python, "-m", "pretalx", "migrate", "-v0"], **quiet)
    if not (DATA_DIR / "static" / "staticfiles.json").exists():
        print("collecting pretalx's static files (once)", flush=True)
        run([python, "-m", "pretalx", "collectstatic", "--noinput", "-v0"], **quiet)
    seeded = subprocess.run(
        [python, str(ROOT / "bench" / "pretalx_seed.py")],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(seeded.stdout.strip().splitlines()[-1])


class Pretalx:
    """pretalx under gunicorn, 2 sync workers, until the block ends."""

    def __init__(self, port, env):
        self.port, self.env = port, env

    def __enter__(self):
        self.process = subprocess.Popen(
            [
                str(VENV / "bin" / "gunicorn"),
                "pretalx.wsgi",
                "--workers",
                "2",
                "--worker-class",
                "sync",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--log-level",
                "warning",
            ],
            cwd=DATA_DIR,
            env=self.env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        return Server(
            url=f"http://127.0.0.1:{self.port}", env=self.env, port=self.port, pid=self.process.pid
        )

    def __exit__(self, *exc):
        self.process.terminate()
        self.process.wait(timeout=20)


def warm(server, url, expected):
    """Wait for the server, check that the page is the HTML one, warm each worker."""
    from harness import Client

    deadline = time.monotonic() + 120
    while True:
        client = Client(server.url, [])
        try:
            if client.get(url, headers=BROWSER) == 200:
                break
        except OSError:
            pass
        if time.monotonic() > deadline:
            raise SystemExit(f"{server.url}{url} did not answer 200")
        time.sleep(0.5)
    body = client.last_body.decode()
    if expected not in body or "<html" not in body:
        raise SystemExit(f"{server.url}{url} is not the expected HTML page")
    closed_loop(server, lambda c: c.get(url, headers=BROWSER) == 200, 4, 2.0)


def measure(server, url, args):
    """Requests per second, and the servers' processor time per request."""
    cpu = server.cpu_seconds()
    stats = closed_loop(
        server, lambda c: c.get(url, headers=BROWSER) == 200, args.concurrency, args.seconds
    )
    stats.cpu_ms = (server.cpu_seconds() - cpu) * 1000 / max(1, len(stats.latencies))
    return stats


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args(argv)
    install()
    port = free_port()
    env = pretalx_env(port)
    event = prepare(env)
    print(
        f"pretalx {VERSION}: {event['talks']} talks, {event['speakers']} speakers, "
        f"{event['rooms']} rooms, schedule released",
        flush=True,
    )
    after_edit = ["--config", str(ROOT / "bench" / "after_edit.py")]
    with Pretalx(port, env) as theirs, served(gunicorn_args=after_edit) as ours:
        pages = json.loads(ours.shell(DATA).splitlines()[-1])["pages"]
        pairs = [
            ("program", event["schedule"], pages["program"], "Session 1"),
            ("session", event["talk"], pages["session"], "Session"),
        ]
        for _name, their_url, our_url, expected in pairs:
            warm(theirs, their_url, expected)
            warm(ours, our_url, expected)
        ratios = {name: [] for name, *_rest in pairs}
        cpu_ratios = {name: [] for name, *_rest in pairs}
        failed = 0
        for number in range(1, args.rounds + 1):
            for name, their_url, our_url, _expected in pairs:
                their = measure(theirs, their_url, args)
                our = measure(ours, our_url, args)
                failed += their.failures + our.failures
                ratio = our.requests_per_second / their.requests_per_second
                ratios[name].append(ratio)
                cpu_ratios[name].append(their.cpu_ms / our.cpu_ms)
                print(
                    f"round {number} {name}: pretalx {their.requests_per_second:.1f}/s "
                    f"(p50 {their.percentile(0.5):.0f} ms, {their.cpu_ms:.1f} ms CPU, "
                    f"{their.failures} failed), ours {our.requests_per_second:.1f}/s "
                    f"(p50 {our.percentile(0.5):.0f} ms, {our.cpu_ms:.1f} ms CPU, "
                    f"{our.failures} failed): {ratio:.2f}x, CPU {cpu_ratios[name][-1]:.2f}x",
                    flush=True,
                )
    missed = False
    for name, values in ratios.items():
        median = statistics.median(values)
        ok = median >= GOAL
        missed |= not ok
        print(
            f"median ratio, {name} page (ours / pretalx): {median:.2f}x "
            f"[goal >= {GOAL:.0f}x: {'ok' if ok else 'MISSED'}]; processor time per request: "
            f"{statistics.median(cpu_ratios[name]):.2f}x less"
        )
    return 1 if missed or failed else 0


if __name__ == "__main__":
    sys.exit(main())
