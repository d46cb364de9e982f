"""Several Chainrule processes behind nginx, on one machine: ``python -m deploy``.

Starts ``--processes`` K copies of ``streamlit run app.py`` on loopback ports, waits until
each one's ``/_stcore/health`` says ``ok``, renders ``nginx.conf.template`` into a prefix
folder and runs nginx (Debian's ``nginx`` package) in the foreground on ``--port``, with
every file it writes (pid, logs, temporary files) under that folder. Ctrl+C or SIGTERM
stops nginx and every process. ``--state FILE`` writes the address and every pid and port
as JSON (the test reads it). See README.md, "Several processes behind nginx".

This is a recipe to run by hand or from a supervisor; it does not restart a process that
dies (nginx sends its browsers to the others, passively, see the template).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO_ROOT = HERE.parent
TEMPLATE = HERE / "nginx.conf.template"

#: Streamlit's flags for a process behind the balancer: loopback only, no prompt, no
#: usage statistics, no file watcher (a served class does not edit the code).
APP_FLAGS = (
    "--server.headless=true",
    "--server.address=127.0.0.1",
    "--browser.gatherUsageStats=false",
    "--server.fileWatcherType=none",
)

#: A process skipped after this many failures, for this long (nginx's passive check).
MAX_FAILS = 1
FAIL_TIMEOUT = "10s"
HEALTH_TIMEOUT_S = 60.0


def render(
    app_ports: list[int],
    listen: str,
    prefix: Path,
    user: str | None = None,
    template: str | None = None,
) -> str:
    """The nginx configuration for these app ports: ``listen`` is nginx's (``8080`` or
    ``127.0.0.1:8080``); ``user`` the account its workers run as when started by root.

    >>> text = render([8501, 8502], "8080", Path("/srv/chainrule"))
    >>> "server 127.0.0.1:8502 max_fails=1 fail_timeout=10s;" in text
    True
    >>> "hash $chainrule_route consistent;" in text and "listen 8080;" in text
    True
    """
    if not app_ports:
        raise ValueError("nginx needs at least one app process")
    text = TEMPLATE.read_text(encoding="utf-8") if template is None else template
    servers = "\n".join(
        f"        server 127.0.0.1:{port} max_fails={MAX_FAILS} fail_timeout={FAIL_TIMEOUT};"
        for port in app_ports
    )
    values = {
        "@PROCESSES@": str(len(app_ports)),
        "@USER@": f"user {user};" if user else "# user: nginx runs as whoever started it",
        "@PREFIX@": str(prefix),
        "@SERVERS@": servers,
        "@LISTEN@": listen,
    }
    for name, value in values.items():
        text = text.replace(name, value)
    left = re.findall(r"@[A-Z]+@", text)
    if left:
        raise ValueError(f"placeholders of the template left unfilled: {left}")
    return text


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def healthy(url: str, timeout: float = 1.0) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=timeout) as response:
            return response.read().strip() == b"ok"
    except (OSError, urllib.error.URLError):
        return False


def find_nginx() -> str | None:
    return shutil.which("nginx") or next(
        (p for p in ("/usr/sbin/nginx", "/usr/local/sbin/nginx") if os.access(p, os.X_OK)), None
    )


@dataclass
class Cluster:
    """The running processes: K apps and nginx."""

    prefix: Path
    url: str
    apps: list[tuple[int, subprocess.Popen]]
    nginx: subprocess.Popen | None

    def state(self) -> dict:
        return {
            "url": self.url,
            "prefix": str(self.prefix),
            "nginx_pid": self.nginx.pid if self.nginx else None,
            "apps": [{"port": port, "pid": p.pid} for port, p in self.apps],
        }

    def stop(self) -> None:
        processes = [p for p in (self.nginx, *(p for _, p in self.apps)) if p is not None]
        for process in processes:
            if process.poll() is None:
                process.terminate()
        for process in processes:
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=10)


def start_app(port: int, prefix: Path, app_dir: Path = REPO_ROOT) -> subprocess.Popen:
    log = open(prefix / f"app-{port}.log", "wb")  # noqa: SIM115 (the child keeps it)
    command = [sys.executable, "-m", "streamlit", "run", "app.py", f"--server.port={port}"]
    return subprocess.Popen(
        command + list(APP_FLAGS),
        cwd=app_dir,
        stdin=subprocess.DEVNULL,
        stdout=log,
        stderr=subprocess.STDOUT,
    )


def wait_healthy(url: str, process: subprocess.Popen, what: str, log: Path) -> None:
    deadline = time.monotonic() + HEALTH_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(
                f"{what} exited with status {process.returncode}:\n"
                + log.read_text(errors="replace")[-3000:]
            )
        if healthy(url):
            return
        time.sleep(0.2)
    raise RuntimeError(f"{what} did not answer {url}/_stcore/health within {HEALTH_TIMEOUT_S} s")


def start(
    processes: int,
    port: int,
    address: str = "0.0.0.0",
    app_ports: list[int] | None = None,
    prefix: Path | None = None,
) -> Cluster:
    """Start ``processes`` apps and nginx on ``address:port``; raise if any does not start
    (whatever was started is stopped again)."""
    nginx_path = find_nginx()
    if nginx_path is None:
        raise RuntimeError("nginx is not installed (apt-get install nginx)")
    prefix = Path(prefix or tempfile.mkdtemp(prefix="chainrule-nginx-")).resolve()
    (prefix / "temp").mkdir(parents=True, exist_ok=True)
    ports = app_ports or [free_port() for _ in range(processes)]
    apps: list[tuple[int, subprocess.Popen]] = []
    nginx = None
    try:
        for app_port in ports:
            apps.append((app_port, start_app(app_port, prefix)))
        for app_port, process in apps:
            log = prefix / f"app-{app_port}.log"
            wait_healthy(f"http://127.0.0.1:{app_port}", process, f"app on {app_port}", log)
        # Started by root, nginx's workers drop to an unprivileged account (Debian's).
        user = "www-data" if os.geteuid() == 0 else None
        config = prefix / "nginx.conf"
        config.write_text(render(ports, f"{address}:{port}", prefix, user), encoding="utf-8")
        command = [
            nginx_path,
            "-p",
            str(prefix),
            "-c",
            str(config),
            "-e",
            str(prefix / "error.log"),
        ]
        checked = subprocess.run(command + ["-t"], capture_output=True, text=True)
        if checked.returncode != 0:
            raise RuntimeError(f"nginx refused {config}:\n{checked.stderr}")
        nginx = subprocess.Popen(command, stdin=subprocess.DEVNULL)
        host = "127.0.0.1" if address in {"0.0.0.0", "127.0.0.1"} else address
        url = f"http://{host}:{port}"
        wait_healthy(url, nginx, "nginx", prefix / "error.log")
    except BaseException:
        Cluster(prefix, "", apps, nginx).stop()
        raise
    return Cluster(prefix, url, apps, nginx)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m deploy", description=__doc__)
    parser.add_argument("--processes", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--port", type=int, default=8080, help="nginx's port (default 8080)")
    parser.add_argument("--address", default="0.0.0.0", help="nginx's address")
    parser.add_argument(
        "--app-ports", type=int, nargs="+", help="the apps' loopback ports (default: free ones)"
    )
    parser.add_argument("--prefix", type=Path, help="nginx's folder (default: a new temp one)")
    parser.add_argument("--state", type=Path, help="write pids, ports and the address here")
    args = parser.parse_args(argv)
    if args.app_ports and len(args.app_ports) != args.processes:
        parser.error("--app-ports needs one port per process")

    stopping = []
    signal.signal(signal.SIGTERM, lambda *_: stopping.append(True))
    try:
        cluster = start(args.processes, args.port, args.address, args.app_ports, args.prefix)
    except RuntimeError as error:
        print(f"python -m deploy: {error}", file=sys.stderr)
        return 1
    if args.state:
        args.state.write_text(json.dumps(cluster.state(), indent=2), encoding="utf-8")
    ports = ", ".join(str(port) for port, _ in cluster.apps)
    print(
        f"Chainrule on {cluster.url} ({args.address}:{args.port}): {len(cluster.apps)} processes"
        f" on 127.0.0.1 ports {ports}; nginx's files in {cluster.prefix}. Ctrl+C stops all.",
        flush=True,
    )
    try:
        while not stopping and cluster.nginx.poll() is None:
            time.sleep(0.5)
    except KeyboardInterrupt:
        pass
    finally:
        cluster.stop()
    if cluster.nginx.returncode not in (0, -signal.SIGTERM) and not stopping:
        print(f"python -m deploy: nginx exited with {cluster.nginx.returncode}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
