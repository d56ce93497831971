"""`make run` installs what serving needs and nothing else; `make test` adds the development tools (issue 6,
finding 14). Read from the Makefile and pyproject.toml, the files that decide it."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import time
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _prerequisites(target: str) -> list[str]:
    makefile = (ROOT / "Makefile").read_text()
    match = re.search(rf"^{re.escape(target)}:([^\n=]*)$", makefile, re.MULTILINE)
    assert match, f"the Makefile has no `{target}` rule"
    return match.group(1).replace("|", " ").split()


def _recipe(target: str) -> str:
    makefile = (ROOT / "Makefile").read_text()
    match = re.search(rf"^{re.escape(target)}:[^\n]*\n((?:\t[^\n]*\n)+)", makefile, re.MULTILINE)
    assert match, f"the Makefile has no recipe for `{target}`"
    return match.group(1)


def _name(requirement: str) -> str:
    return re.split(r"[<>=!~\[; ]", requirement, maxsplit=1)[0].lower()


def test_make_run_needs_only_the_runtime_install() -> None:
    run = _prerequisites("run")
    assert "$(RUNTIME)" in run and "$(DEV)" not in run
    runtime = _recipe("$(RUNTIME)")
    assert "pip install --quiet -e ." in runtime and "[dev]" not in runtime


def test_make_test_and_lint_add_the_development_tools() -> None:
    assert "$(DEV)" in _prerequisites("lint")
    assert "lint" in _prerequisites("test")
    assert "'.[dev]'" in _recipe("$(DEV)")


def test_no_development_tool_is_a_runtime_dependency() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    runtime = {_name(r) for r in project["dependencies"]}
    dev = {_name(r) for r in project["optional-dependencies"]["dev"]}
    assert {"pytest", "mypy", "ruff", "playwright"} <= dev
    assert not runtime & dev, f"installed by `make run` although only tests need them: {sorted(runtime & dev)}"


def test_make_run_and_test_install_the_pinned_files() -> None:
    """GraphiQL's assets and the overlay fonts, each from its manifest, redone when the manifest changes."""
    for stamp, manifest, command in (
        ("$(GRAPHIQL)", "api/graphiql/assets.toml", "python -m api.graphiql install"),
        ("$(FONTS)", "infra/fonts/fonts.toml", "python -m infra.fonts install"),
    ):
        assert stamp in _prerequisites("run") and stamp in _prerequisites("test")
        assert manifest in _prerequisites(stamp) and command in _recipe(stamp)
    assert "$(FONTS)" in _prerequisites("bench")


# --------------------------------------------------------------------------- the web client

SCRIPT = ROOT / "scripts" / "web-client.sh"
NO_NODE = "web client not built: Node 20+ not found; the API and GraphiQL are served"


def test_make_run_builds_the_client_only_through_its_stamp() -> None:
    assert "web" in _prerequisites("run")
    assert "npm" not in _recipe("run")
    assert _prerequisites("web") == ["$(if", "$(wildcard", "$(WEB_CLIENT)/package.json),$(WEB_STAMP))"]
    assert _recipe("$(WEB_STAMP)").strip() == "@scripts/web-client.sh build"  # its own line only


def test_make_test_builds_the_client_and_runs_its_checks() -> None:
    assert {"lint", "web", "web-check"} <= set(_prerequisites("test"))
    assert "scripts/web-client.sh check" in _recipe("web-check")


def _client(root: Path) -> Path:
    """A fake checkout: the Makefile beside a client with every kind of source the build reads."""
    shutil.copy(ROOT / "Makefile", root / "Makefile")
    client = root / "frontend-client"
    for name in (
        "package.json",
        "package-lock.json",
        "index.html",
        "vite.config.ts",
        "postcss.config.cjs",
        "tsconfig.json",
    ):
        (client / name).parent.mkdir(parents=True, exist_ok=True)
        (client / name).write_text("{}")
    for name in ("src/main.tsx", "src/areas/chat/Page.tsx", "public/favicon.svg"):
        (client / name).parent.mkdir(parents=True, exist_ok=True)
        (client / name).write_text("")
    return client


def _make_n(root: Path, *targets: str) -> str:
    done = subprocess.run(["make", "-n", *targets], cwd=root, capture_output=True, text=True, check=True)
    return done.stdout


def _age(path: Path, seconds: float) -> None:
    when = time.time() - seconds
    os.utime(path, (when, when))


def test_the_client_is_rebuilt_when_any_of_its_sources_changed_and_only_then(tmp_path: Path) -> None:
    client = _client(tmp_path)
    assert "scripts/web-client.sh build" in _make_n(tmp_path, "web")  # never built
    stamp = client / "dist" / ".built"
    stamp.parent.mkdir()
    stamp.touch()
    for source in [p for p in client.rglob("*") if p.is_file() and p != stamp]:
        _age(source, 60)
    assert "web-client.sh" not in _make_n(tmp_path, "web")  # up to date: skipped
    for name in (
        "src/areas/chat/Page.tsx",
        "package-lock.json",
        "tsconfig.app.json",
        "index.html",
        "public/favicon.svg",
    ):
        (client / name).touch()
        assert "scripts/web-client.sh build" in _make_n(tmp_path, "web"), name
        _age(client / name, 60)


def test_without_a_client_make_builds_and_checks_nothing(tmp_path: Path) -> None:
    shutil.copy(ROOT / "Makefile", tmp_path / "Makefile")
    assert "web-client.sh" not in _make_n(tmp_path, "web", "web-check")


def _fake_tools(bin_dir: Path, node_version: str | None) -> Path:
    """A PATH with only `touch` and `mkdir`, and, when a version is given, a `node` printing `node_version` and an
    `npm` logging its arguments (and building dist/ on `run build`)."""
    bin_dir.mkdir()
    for tool in ("touch", "mkdir"):
        (bin_dir / tool).symlink_to(shutil.which(tool) or f"/usr/bin/{tool}")
    if node_version is not None:
        node = bin_dir / "node"
        node.write_text(f"#!{BASH}\necho {node_version}\n")
        npm = bin_dir / "npm"
        npm.write_text(
            f'#!{BASH}\necho "$*" >> npm.log\n'
            'if [ "$1" = ci ]; then mkdir -p node_modules; fi\n'
            'if [ "$*" = "run build" ]; then mkdir -p dist; echo "<!doctype html>" > dist/index.html; fi\n'
        )
        node.chmod(0o755)
        npm.chmod(0o755)
    return bin_dir


BASH = shutil.which("bash") or "/bin/bash"


def _script(client: Path, bin_dir: Path, action: str, ci: bool = False) -> subprocess.CompletedProcess[str]:
    env = {"PATH": str(bin_dir), "WEB_CLIENT_SRC": str(client), "HOME": str(client)}
    if ci:
        env["CI"] = "true"
    return subprocess.run([BASH, str(SCRIPT), action], env=env, capture_output=True, text=True, timeout=30)


def test_without_node_the_build_says_so_in_one_line_and_succeeds(tmp_path: Path) -> None:
    client = _client(tmp_path)
    done = _script(client, _fake_tools(tmp_path / "bin", None), "build")
    assert done.returncode == 0
    assert (done.stdout + done.stderr).splitlines() == [NO_NODE]
    assert not (client / "dist").exists()
    checked = _script(client, tmp_path / "bin", "check")
    assert (checked.returncode, checked.stderr.strip()) == (0, "web client not checked: Node 20+ not found")


def test_under_ci_a_missing_node_fails(tmp_path: Path) -> None:
    client = _client(tmp_path)
    for action in ("build", "check"):
        done = _script(client, _fake_tools(tmp_path / f"bin-{action}", None), action, ci=True)
        assert done.returncode == 1
        assert done.stderr.startswith("CI=true: web client not")


def test_an_old_node_is_named(tmp_path: Path) -> None:
    client = _client(tmp_path)
    done = _script(client, _fake_tools(tmp_path / "bin", "v18.19.1"), "build")
    assert done.returncode == 0
    assert done.stderr.strip() == f"{NO_NODE} (node v18.19.1 is too old)"
    assert not (client / "npm.log").exists()


def test_the_build_installs_once_then_builds_and_stamps(tmp_path: Path) -> None:
    client = _client(tmp_path)
    bin_dir = _fake_tools(tmp_path / "bin", "v20.11.1")
    assert _script(client, bin_dir, "build").returncode == 0
    assert (client / "npm.log").read_text().splitlines() == ["ci --no-audit --no-fund --loglevel=error", "run build"]
    assert (client / "dist" / ".built").is_file() and (client / "dist" / "index.html").is_file()
    assert _script(client, bin_dir, "check").returncode == 0  # node_modules is newer: no second install
    assert (client / "npm.log").read_text().splitlines()[2:] == ["run check"]
    _age(client / "node_modules" / ".package-lock.json", 60)
    (client / "package-lock.json").touch()
    assert _script(client, bin_dir, "build").returncode == 0
    assert (client / "npm.log").read_text().splitlines()[3:] == [
        "ci --no-audit --no-fund --loglevel=error",
        "run build",
    ]


def test_without_a_client_the_script_does_nothing(tmp_path: Path) -> None:
    done = _script(tmp_path / "nothing", _fake_tools(tmp_path / "bin", None), "build", ci=True)
    assert (done.returncode, done.stdout, done.stderr) == (0, "", "")


def test_make_without_node_says_so_in_one_line(tmp_path: Path) -> None:
    client = _client(tmp_path)
    (tmp_path / "scripts").mkdir()
    shutil.copy(SCRIPT, tmp_path / "scripts" / SCRIPT.name)
    bin_dir = _fake_tools(tmp_path / "bin", None)
    for tool in ("make", "bash", "sh", "find"):
        (bin_dir / tool).symlink_to(shutil.which(tool) or f"/usr/bin/{tool}")
    done = subprocess.run(
        ["make", "web"], cwd=tmp_path, env={"PATH": str(bin_dir)}, capture_output=True, text=True, timeout=30
    )
    assert done.returncode == 0, done.stderr
    assert (done.stdout + done.stderr).splitlines() == [NO_NODE]
    assert not (client / "dist").exists()
