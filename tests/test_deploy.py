"""deploy/: the nginx configuration that puts several app processes behind one address.

The two-process run through a real nginx and Chromium is tests/test_browser_deploy.py.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from browser_support import in_ci

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # `import deploy`, as `python -m deploy` does from the repo
    sys.path.insert(0, str(ROOT))

from deploy import cluster  # noqa: E402


def test_one_upstream_server_per_process_with_a_passive_health_check(tmp_path):
    text = cluster.render([8501, 8502, 8503], "127.0.0.1:8080", tmp_path)

    servers = re.findall(r"^\s*server (127\.0\.0\.1:\d+) (.*);$", text, re.M)
    assert servers == [
        (f"127.0.0.1:{port}", "max_fails=1 fail_timeout=10s") for port in (8501, 8502, 8503)
    ]
    assert "listen 127.0.0.1:8080;" in text
    # A refused or timed-out process: the request goes on to the next one.
    assert "proxy_next_upstream error timeout http_502 http_503;" in text
    assert not re.search(r"@[A-Z]+@", text)


def test_affinity_is_a_consistent_hash_of_a_cookie_nginx_sets_itself(tmp_path):
    text = cluster.render([8501, 8502], "8080", tmp_path)

    assert "hash $chainrule_route consistent;" in text
    assert "ip_hash" not in text.replace("Not ip_hash", "")  # a class behind one NAT
    route = re.search(r"map \$cookie_chainrule_route \$chainrule_route \{(.*?)\}", text, re.S)
    assert route and '""      $request_id;' in route.group(1)
    assert "default $cookie_chainrule_route;" in route.group(1)
    assert "add_header Set-Cookie $chainrule_set_route always;" in text
    assert '"chainrule_route=$request_id; Path=/; HttpOnly; SameSite=Lax"' in text


def test_websockets_are_passed_on_and_kept_open(tmp_path):
    text = cluster.render([8501], "8080", tmp_path)

    for line in (
        "proxy_http_version 1.1;",
        "proxy_set_header Upgrade $http_upgrade;",
        "proxy_set_header Connection $connection_upgrade;",
        "proxy_set_header Host $host;",
        "proxy_read_timeout 1d;",
        "proxy_send_timeout 1d;",
    ):
        assert line in text, line


def test_every_file_nginx_writes_is_under_the_prefix(tmp_path):
    text = cluster.render([8501], "8080", tmp_path, user="www-data")

    paths = re.findall(r"^\s*(?:pid|error_log|access_log|\w+_temp_path) (\S+)", text, re.M)
    assert len(paths) == 8
    assert all(path.removesuffix(";").startswith(str(tmp_path)) for path in paths), paths
    assert "user www-data;" in text
    assert "daemon off;" in text
    assert "\nuser " not in cluster.render([8501], "8080", tmp_path)  # not root: no user


def test_no_process_is_a_mistake():
    with pytest.raises(ValueError, match="at least one"):
        cluster.render([], "8080", Path("/tmp"))


def test_nginx_accepts_the_rendered_configuration(tmp_path):
    nginx = cluster.find_nginx()
    if nginx is None:
        message = "nginx is not installed (apt-get install nginx)"
        if in_ci():
            pytest.fail(message + " and CI=true requires it")
        pytest.skip(message)
    (tmp_path / "temp").mkdir()
    config = tmp_path / "nginx.conf"
    config.write_text(cluster.render([8501, 8502], "127.0.0.1:8080", tmp_path), "utf-8")

    checked = subprocess.run(
        [nginx, "-t", "-p", str(tmp_path), "-c", str(config), "-e", str(tmp_path / "error.log")],
        capture_output=True,
        text=True,
    )

    assert checked.returncode == 0, checked.stderr
    assert "syntax is ok" in checked.stderr
