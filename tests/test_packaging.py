"""A newcomer's two commands: README, CI script, Streamlit config and pyproject agree."""

from __future__ import annotations

import fnmatch
import re
import tomllib
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
README = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
CI_RUN = (REPO_ROOT / ".ci" / "run").read_text(encoding="utf-8")


def _section(markdown: str, heading: str) -> str:
    match = re.search(rf"^## {re.escape(heading)}\n(.*?)(?=^## |\Z)", markdown, re.M | re.S)
    assert match, f"README.md has no '## {heading}' section"
    return match.group(1)


def _code_blocks(markdown: str) -> list[str]:
    return [block.strip() for block in re.findall(r"^```\w*\n(.*?)^```", markdown, re.M | re.S)]


def quick_start_commands() -> tuple[str, str]:
    blocks = _code_blocks(_section(README, "Quick start"))
    assert len(blocks) == 2, f"the quick start must show exactly two commands, found {blocks}"
    for block in blocks:
        assert "\n" not in block, f"a quick-start command must be one line: {block!r}"
    app_command, test_command = blocks
    return app_command, test_command


def test_readme_quick_start_has_exactly_two_commands():
    app_command, test_command = quick_start_commands()

    for command in (app_command, test_command):
        # Complete on a fresh machine: each makes its own venv and installs into it.
        assert command.startswith("python3 -m venv .venv && .venv/bin/pip install -e ")
    assert "streamlit run app.py" in app_command
    assert "--server.address=127.0.0.1" in app_command
    assert "--server.headless=true" in app_command
    assert "'.[test]'" in test_command
    assert test_command.endswith("-m pytest")


def test_ci_runs_the_readme_test_command_verbatim():
    _, test_command = quick_start_commands()

    assert test_command in CI_RUN
    assert CI_RUN.startswith("#!/usr/bin/env bash\n")
    assert "set -euo pipefail" in CI_RUN
    assert "ruff check ." in CI_RUN
    assert "ruff format --check ." in CI_RUN
    assert (REPO_ROOT / ".ci" / "run").stat().st_mode & 0o111, ".ci/run must be executable"


def test_readme_keeps_the_sections_a_newcomer_and_a_teacher_need():
    for heading in (
        "Quick start",
        "System packages",
        "Hosting for a class",
        "Language reference",
        "Command line",
        "Python API",
        "Benchmarks",
        "Teaching with Chainrule",
        "Contributing",
    ):
        _section(README, heading)
    assert "docs/screenshot.png" in README
    for variable in (
        "CHAINRULE_MAX_CHARS",
        "CHAINRULE_MAX_DEPTH",
        "CHAINRULE_MAX_ELEMENTS",
        "CHAINRULE_MAX_OPS",
    ):
        assert variable in _section(README, "Hosting for a class")


def test_streamlit_config_is_local_headless_and_private():
    config = tomllib.loads((REPO_ROOT / ".streamlit" / "config.toml").read_text("utf-8"))

    assert config["server"]["headless"] is True
    assert config["server"]["address"] == "127.0.0.1"
    assert config["browser"]["gatherUsageStats"] is False
    # Users keep Streamlit's default file watcher; only the test server turns it off.
    assert "fileWatcherType" not in config["server"]
    assert config["theme"]["base"] == "light"
    # A font given as a URL would be fetched from an outside host.
    for key in ("font", "codeFont", "headingFont"):
        assert "://" not in config["theme"].get(key, "")


def test_pyproject_names_the_package_the_test_extra_and_the_console_script():
    pyproject = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text("utf-8"))

    assert pyproject["project"]["name"] == "chainrule"
    assert pyproject["project"]["scripts"] == {"backprop": "engine.cli:main"}
    # Every layer of engine/ ships: the package and each of its subpackages.
    include = pyproject["tool"]["setuptools"]["packages"]["find"]["include"]
    subpackages = {
        ".".join(init.parent.relative_to(REPO_ROOT).parts)
        for init in (REPO_ROOT / "engine").rglob("__init__.py")
    }
    assert {"engine", "engine.core", "engine.language", "engine.views"} <= subpackages
    assert all(any(fnmatch.fnmatch(name, glob) for glob in include) for name in subpackages)
    # The graph viewer's script and stylesheet ship inside the package (no CDN, no network).
    shipped = pyproject["tool"]["setuptools"]["package-data"]["engine.views.viewer"]
    viewer = REPO_ROOT / "engine" / "views" / "viewer"
    assert {"viewer.js", "viewer.css"} <= {f.name for glob in shipped for f in viewer.glob(glob)}
    test_extra = " ".join(pyproject["project"]["optional-dependencies"]["test"])
    for requirement in ("pytest", "playwright", "pytest-playwright", "hypothesis", "ruff"):
        assert re.search(rf"(^|\s){re.escape(requirement)}\b", test_extra), requirement
    assert "browser" in " ".join(pyproject["tool"]["pytest"]["ini_options"]["markers"])


# -- Streamlit Community Cloud: the files it reads at the repository's root ---------------------


def _requirement_lines(text: str) -> list[str]:
    lines = (line.split("#", 1)[0].strip() for line in text.splitlines())
    return [line for line in lines if line]


def test_community_cloud_installs_the_dependencies_pyproject_declares():
    pyproject = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text("utf-8"))
    requirements = (REPO_ROOT / "requirements.txt").read_text("utf-8")

    assert _requirement_lines(requirements) == pyproject["project"]["dependencies"]
    # Community Cloud takes the first of uv.lock, Pipfile, environment.yml, requirements.txt,
    # pyproject.toml (read as Poetry's): none may come before requirements.txt.
    for earlier in ("uv.lock", "Pipfile", "environment.yml", "environment.yaml"):
        assert not (REPO_ROOT / earlier).exists(), f"{earlier} would be read instead"


def test_community_cloud_installs_graphviz_for_dot():
    packages = (REPO_ROOT / "packages.txt").read_text("utf-8")

    # One Debian package per line, nothing else (apt-get reads every word as a package).
    assert packages.splitlines() == ["graphviz"]
    assert "graphviz" in CI_RUN  # the same package CI installs for `dot`


def test_readme_says_how_to_deploy_on_community_cloud():
    section = _section(README, "Hosting for a class")
    match = re.search(r"^### On Streamlit Community Cloud\n(.*?)(?=^### |\Z)", section, re.M | re.S)
    assert match, "README.md's hosting section has no '### On Streamlit Community Cloud'"
    cloud = match.group(1)
    pyproject = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text("utf-8"))
    floor = re.fullmatch(r">=(\d+)\.(\d+)", pyproject["project"]["requires-python"])
    assert floor, pyproject["project"]["requires-python"]
    versions = {(int(a), int(b)) for a, b in re.findall(r"Python (\d+)\.(\d+)", cloud)}
    assert versions and all(v >= (int(floor[1]), int(floor[2])) for v in versions), versions
    for name in ("`app.py`", "`requirements.txt`", "`packages.txt`", "Advanced settings"):
        assert name in cloud, name
    assert (REPO_ROOT / "app.py").is_file()
