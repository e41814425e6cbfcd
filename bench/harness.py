"""What every web benchmark shares: a fresh database, gunicorn, and a closed-loop client.

    with served(setup=[["loaddemo", "--upcoming"]]) as server:
        stats = closed_loop(lambda client: client.get("/") == 200, concurrency=8, seconds=20)
        print(stats.summary())

The database is SQLite in a temporary folder, or PostgreSQL when DATABASE_URL is set (run the
bench under scripts/with-postgres). Standard library only on the client side.
"""

import contextlib
import http.client
import http.cookiejar
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv" / "bin" / "python") if (ROOT / ".venv").exists() else sys.executable
GUNICORN = str(Path(PYTHON).parent / "gunicorn")


CSRF = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')


def registration_form(page, email, category, last_name="de démonstration"):
    """What a visitor sends from the public registration form (`page`: the form's HTML)."""
    return {
        "csrfmiddlewaretoken": CSRF.search(page).group(1).decode(),
        "civility": "mrs",
        "first_name": "Participante",
        "last_name": last_name,
        "email": email,
        "language": "fr",
        "category": category,
        "organisation": "Commune de démonstration",
        "organisation_type": "commune",
        "function": "Adjointe aux relations internationales",
        "country": "FR",
        "city": "Paris",
        "data_consent": "on",
        "website": "",
    }


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def database_kind():
    return "postgresql" if os.environ.get("DATABASE_URL", "").startswith("postgres") else "sqlite"


def manage(env, *args):
    subprocess.run(
        [PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL
    )


@dataclass
class Server:
    url: str
    env: dict
    port: int
    pid: int = 0  # gunicorn's master process

    def cpu_seconds(self):
        """Processor time used so far by gunicorn's master and its workers (Linux /proc):
        on a shared machine, the cost of the requests whatever the others' load."""
        total, ticks = 0, os.sysconf("SC_CLK_TCK")
        children = Path(f"/proc/{self.pid}/task/{self.pid}/children").read_text().split()
        for pid in [self.pid, *map(int, children)]:
            with contextlib.suppress(OSError):
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
                total += int(fields[11]) + int(fields[12])  # utime, stime
        return total / ticks

    def manage(self, *args):
        manage(self.env, *args)

    def shell(self, code):
        """Run Python code with Django set up against the bench database; return its stdout."""
        result = subprocess.run(
            [PYTHON, "manage.py", "shell", "-c", code],
            cwd=ROOT,
            env=self.env,
            check=True,
            capture_output=True,
            text=True,
        )
        return result.stdout.strip()


@contextlib.contextmanager
def served(setup=(), workers=2, extra_env=None, gunicorn_args=()):
    """gunicorn with `workers` sync workers, DEBUG off, on a fresh database.

    `gunicorn_args` are added to gunicorn's command line (e.g. an access log that records
    the time each request took inside the server)."""
    with tempfile.TemporaryDirectory(prefix="rencontres-bench-") as var:
        env = {
            **os.environ,
            "RENCONTRES_VAR_DIR": var,
            "DEBUG": "0",
            "LOG_LEVEL": "WARNING",
            "SECRET_KEY": "bench-not-secret",
            **(extra_env or {}),
        }
        env.pop("EMAIL_HOST", None)
        manage(env, "migrate", "-v0")
        for command in setup:
            manage(env, *command)
        port = free_port()
        env["SITE_URL"] = f"http://127.0.0.1:{port}"
        process = subprocess.Popen(
            [
                GUNICORN,
                "rencontres.wsgi",
                "--workers",
                str(workers),
                "--worker-class",
                "sync",
                "--bind",
                f"127.0.0.1:{port}",
                "--log-level",
                "warning",
                *gunicorn_args,
            ],
            cwd=ROOT,
            env=env,
        )
        try:
            deadline = time.monotonic() + 30
            while True:
                try:
                    with socket.create_connection(("127.0.0.1", port), timeout=1):
                        break
                except OSError:
                    if time.monotonic() > deadline or process.poll() is not None:
                        raise RuntimeError("gunicorn did not start") from None
                    time.sleep(0.1)
            yield Server(url=f"http://127.0.0.1:{port}", env=env, port=port, pid=process.pid)
        finally:
            process.terminate()
            process.wait(timeout=20)


class Client:
    """A fresh visitor: its own cookies, one connection per request (sync workers close them)."""

    def __init__(self, base_url, latencies):
        parsed = urllib.parse.urlsplit(base_url)
        self.host, self.port = parsed.hostname, parsed.port
        self.cookies = {}
        self.latencies = latencies
        self.last_body = b""
        self.last_headers = {}

    def request(self, method, path, data=None, headers=None):
        body = urllib.parse.urlencode(data, doseq=True) if isinstance(data, dict) else data
        sent = {"Host": f"{self.host}:{self.port}", **(headers or {})}
        if body is not None:
            sent.setdefault("Content-Type", "application/x-www-form-urlencoded")
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        connection = http.client.HTTPConnection(self.host, self.port, timeout=30)
        started = time.perf_counter()
        try:
            connection.request(method, path, body=body, headers=sent)
            response = connection.getresponse()
            self.last_body = response.read()
        finally:
            connection.close()
        self.latencies.append(time.perf_counter() - started)
        self.last_headers = dict(response.getheaders())
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name.strip()] = rest.split(";", 1)[0]
        return response.status

    def get(self, path, **kwargs):
        return self.request("GET", path, **kwargs)

    def post(self, path, data, **kwargs):
        return self.request("POST", path, data=data, **kwargs)


@dataclass
class Stats:
    seconds: float
    flows: int = 0
    failures: int = 0
    latencies: list = field(default_factory=list)
    errors: list = field(default_factory=list)

    @property
    def flows_per_second(self):
        return self.flows / self.seconds

    @property
    def requests_per_second(self):
        return len(self.latencies) / self.seconds

    def percentile(self, share):
        if not self.latencies:
            return float("nan")
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(share * len(ordered)))] * 1000

    def summary(self):
        median = statistics.median(self.latencies) * 1000 if self.latencies else float("nan")
        return (
            f"{self.flows} flows ({self.flows_per_second:.1f}/s), {self.failures} failed, "
            f"{len(self.latencies)} requests ({self.requests_per_second:.1f}/s), "
            f"p50 {median:.1f} ms, p99 {self.percentile(0.99):.1f} ms"
        )


def closed_loop(server, flow, concurrency=8, seconds=20.0):
    """Run `flow(client)` again and again in `concurrency` threads for `seconds`.

    A flow returns True when it completed; an exception or False counts as a failure.
    """
    latencies, lock = [], threading.Lock()
    stats = Stats(seconds=seconds)
    stop_at = time.monotonic() + seconds

    def worker(index):
        done = failed = 0
        while time.monotonic() < stop_at:
            client = Client(server.url, latencies)
            try:
                ok = flow(client)
            except Exception as error:  # noqa: BLE001 -- every failure is counted, not raised
                ok = False
                with lock:
                    stats.errors.append(repr(error))
            done, failed = done + bool(ok), failed + (not ok)
        with lock:
            stats.flows += done
            stats.failures += failed

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(concurrency)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    stats.seconds = time.monotonic() - started
    stats.latencies = latencies
    return stats


def baseline(server, concurrency=8, seconds=5.0):
    """The same server answering its cheapest page (/healthz, no database): the yardstick
    against which each figure is printed as a ratio, so results compare across machines."""
    return closed_loop(server, lambda c: c.get("/healthz") == 200, concurrency, seconds)
