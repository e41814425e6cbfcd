"""What production runs, started on this one machine: nginx (with the repository's own
`deploy/nginx/locations.conf`) in front of two gunicorn instances, two task workers, a real
SMTP server, on the PostgreSQL server of `scripts/with-postgres` (DATABASE_URL).

Used by `deploy/check.py` (CI) and `bench/scale.py` (make bench). Each process can be killed
and restarted on its own, as systemd would after a crash.
"""

import contextlib
import email
import email.policy
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv" / "bin" / "python") if (ROOT / ".venv").exists() else sys.executable
GUNICORN = str(Path(PYTHON).parent / "gunicorn")
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"

NGINX_CONF = """
daemon off;
worker_processes 2;
pid {run}/nginx.pid;
error_log {run}/nginx-error.log warn;
events {{ worker_connections 1024; }}
http {{
    include /etc/nginx/mime.types;
    access_log {run}/nginx-access.log;
    client_body_temp_path {run}/body;
    proxy_temp_path {run}/proxy;
    fastcgi_temp_path {run}/fastcgi;
    uwsgi_temp_path {run}/uwsgi;
    scgi_temp_path {run}/scgi;
    upstream rencontres {{
{servers}
    }}
    server {{
        listen 127.0.0.1:{port};
        server_name localhost;
        server_tokens off;
        include {run}/locations.conf;
    }}
}}
"""


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_port(port, process, what, seconds=30):
    deadline = time.monotonic() + seconds
    while True:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            if time.monotonic() > deadline or process.poll() is not None:
                raise RuntimeError(f"{what} did not start on port {port}") from None
            time.sleep(0.1)


class Mailbox:
    """A real SMTP server (aiosmtpd) keeping every message it receives."""

    def __init__(self):
        self.port = free_port()
        self.messages = []
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's API)
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        with self.lock:
            self.messages.extend((to.lower(), message) for to in envelope.rcpt_tos)
        return "250 OK"

    def to(self, address):
        with self.lock:
            return [message for to, message in self.messages if to == address.lower()]

    def wait_for(self, address, count=1, seconds=60):
        deadline = time.monotonic() + seconds
        while len(self.to(address)) < count:
            if time.monotonic() > deadline:
                raise AssertionError(f"no mail for {address} after {seconds} s")
            time.sleep(0.2)
        return self.to(address)

    @contextlib.contextmanager
    def running(self):
        from aiosmtpd.controller import Controller

        controller = Controller(self, hostname="127.0.0.1", port=self.port)
        controller.start()
        try:
            yield self
        finally:
            controller.stop()


class Stack:
    """The processes of one production-like installation."""

    def __init__(self, var, run, env, proxy_port, web_ports):
        self.var, self.run, self.env = var, run, env
        self.proxy_port, self.web_ports = proxy_port, web_ports
        self.url = f"http://127.0.0.1:{proxy_port}"
        self.processes = {}

    def manage(self, *args, capture=False):
        result = subprocess.run(
            [PYTHON, "manage.py", *args],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
        )
        if result.returncode:
            # Its traceback, not only "returned non-zero exit status 1".
            raise RuntimeError(f"manage.py {args[0]} failed:\n{result.stderr[-3000:]}")
        return result.stdout.strip() if capture else None

    def shell(self, code):
        """Python code run with Django set up against this installation; its stdout."""
        return self.manage("shell", "-c", code, capture=True)

    def _start(self, name, command):
        # Own process group: a kill reaches the gunicorn master and its workers at once.
        self.processes[name] = subprocess.Popen(
            command,
            cwd=ROOT,
            env=self.env,
            start_new_session=True,
            stdout=open(self.run / f"{name}.log", "ab"),  # noqa: SIM115 (lives with the process)
            stderr=subprocess.STDOUT,
        )
        return self.processes[name]

    def start_web(self, index, workers=2):
        port = self.web_ports[index]
        process = self._start(
            f"web{index}",
            [
                GUNICORN,
                "rencontres.wsgi",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                str(workers),
                "--worker-class",
                "sync",
                "--log-level",
                "warning",
            ],
        )
        wait_for_port(port, process, f"gunicorn {index}")

    def start_worker(self, queue):
        queues = ["--queue-name", "long"] if queue == "long" else ["--queue-name", "*"]
        if queue != "long":
            queues += ["--exclude-queues", "long"]
        self._start(f"worker-{queue}", [PYTHON, "manage.py", "db_worker", *queues])

    def start_proxy(self):
        locations = (ROOT / "deploy" / "nginx" / "locations.conf").read_text()
        (self.run / "locations.conf").write_text(
            locations.replace("/srv/rencontres/var/", f"{self.var}/")
        )
        servers = "\n".join(
            f"        server 127.0.0.1:{port} max_fails=1 fail_timeout=5s;"
            for port in self.web_ports
        )
        conf = self.run / "nginx.conf"
        conf.write_text(NGINX_CONF.format(run=self.run, servers=servers, port=self.proxy_port))
        process = self._start("nginx", [NGINX, "-p", str(self.run), "-c", str(conf)])
        wait_for_port(self.proxy_port, process, "nginx")

    def kill(self, name):
        """SIGKILL, as a crash or an OOM kill: no chance to finish anything."""
        process = self.processes.pop(name)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)

    def stop(self):
        for name in list(self.processes):
            process = self.processes.pop(name)
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=10)

    def logs(self):
        return {
            path.name: path.read_text(errors="replace")[-3000:] for path in self.run.glob("*.log")
        }


@contextlib.contextmanager
def production(mailbox, extra_env=None, web_workers=2, setup=(("loaddemo", "--upcoming"),)):
    """The whole installation, fresh: migrated, `setup` commands run, static files collected."""
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        raise SystemExit("Run under scripts/with-postgres: production runs on PostgreSQL.")
    if not Path(NGINX).exists():
        raise SystemExit("nginx is missing: scripts/production-check installs it.")
    with tempfile.TemporaryDirectory(prefix="rencontres-prod-") as tmp:
        tmp = Path(tmp)
        # nginx's workers run as an unprivileged user when started as root: they must read
        # the static files, and nothing else of ours.
        tmp.chmod(0o755)
        var, run = tmp / "var", tmp / "run"
        var.mkdir()
        var.chmod(0o755)
        run.mkdir()
        proxy_port = free_port()
        env = {
            **os.environ,
            "RENCONTRES_VAR_DIR": str(var),
            "DEBUG": "0",
            "LOG_LEVEL": "WARNING",
            "SECRET_KEY": "production-check-not-secret",
            "SITE_URL": f"http://127.0.0.1:{proxy_port}",
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "TRUSTED_PROXIES": "127.0.0.1",
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": str(mailbox.port),
            "DEFAULT_FROM_EMAIL": "Rencontres <rencontres@example.org>",
            **(extra_env or {}),
        }
        stack = Stack(var, run, env, proxy_port, [free_port(), free_port()])
        # collectstatic (compressing every file: some 20 s) needs no database: beside the
        # migrations and the setup commands rather than after them.
        static_log = run / "collectstatic.log"
        with static_log.open("w") as log:
            static = subprocess.Popen(
                [PYTHON, "manage.py", "collectstatic", "--noinput", "-v0"],
                cwd=ROOT,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
            try:
                stack.manage("migrate", "-v0")
                for command in setup:
                    stack.manage(*command)
            finally:
                static.wait()
        if static.returncode:
            raise RuntimeError(f"manage.py collectstatic failed:\n{static_log.read_text()[-3000:]}")
        (var / "static").chmod(0o755)
        try:
            for index in range(len(stack.web_ports)):
                stack.start_web(index, web_workers)
            stack.start_worker("default")
            stack.start_worker("long")
            stack.start_proxy()
            yield stack
        finally:
            stack.stop()
