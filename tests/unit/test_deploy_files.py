"""Static checks of the deployment files: Dockerfile, .dockerignore and docker-compose.yml.

There is no Docker engine where the suite runs, so these tests only read files and cross-check them
against the code: the environment keys Settings reads, the packages pyproject.toml ships and
the modules the containers run. Compose `${VAR:-default}` interpolation is resolved the way Compose does
before anything is compared.
"""

from __future__ import annotations

import json
import re
import shlex
import subprocess
import tomllib
from pathlib import Path, PurePosixPath
from urllib.parse import urlsplit

import pytest
import yaml

from infra.settings import variables

REPO = Path(__file__).resolve().parents[2]
COMPOSE_FILE = REPO / "docker-compose.yml"
DOCKERFILE = REPO / "Dockerfile"
DOCKERIGNORE = REPO / ".dockerignore"
PYPROJECT = REPO / "pyproject.toml"

SERVICES = {"postgres", "redis", "minio", "minio-init", "api", "worker", "aitestmock"}
APP_SERVICES = ("api", "worker")
RUN_MODULES = ("api", "workers", "aitestmock")
PRODUCTION_KEYS = (
    "DATABASE_URL",
    "REDIS_URL",
    "STORAGE_BACKEND",
    "S3_ENDPOINT",
    "S3_ACCESS_KEY",
    "S3_SECRET_KEY",
    "S3_BUCKET",
    "S3_REGION",
    "JWT_SECRET",
    "ENCRYPTION_KEYS",
)
APP_WORKDIR = PurePosixPath("/app")

# Variables a user sets when running `docker compose`. JWT_SECRET and ENCRYPTION_KEYS are required; the second
# environment overrides every defaulted credential, to prove each pair of values comes from one variable, not two
# defaults that merely agree today.
DEFAULT_ENV = {"JWT_SECRET": "test-jwt-secret", "ENCRYPTION_KEYS": "test-encryption-key"}
OVERRIDE_ENV = {
    **DEFAULT_ENV,
    "POSTGRES_PASSWORD": "override-pg-password",
    "MINIO_ROOT_USER": "override-minio-user",
    "MINIO_ROOT_PASSWORD": "override-minio-password",
}


# --------------------------------------------------------------------------- compose interpolation


class MissingRequiredVariable(Exception):
    pass


_INTERPOLATION = re.compile(
    r"\$(?:(?P<escaped>\$)"
    r"|\{(?P<braced>[A-Za-z_][A-Za-z0-9_]*)(?:(?P<op>:?[-?+])(?P<arg>[^}]*))?\}"
    r"|(?P<bare>[A-Za-z_][A-Za-z0-9_]*))"
)


def interpolate(value: str, env: dict[str, str]) -> str:
    """Resolve Compose interpolation in one string: $$, $VAR, ${VAR}, ${VAR:-d}, ${VAR-d}, ${VAR:?e}, ${VAR:+a}."""

    def replace(match: re.Match[str]) -> str:
        if match["escaped"]:
            return "$"
        name = match["braced"] or match["bare"]
        op, arg = match["op"], match["arg"] or ""
        is_set = name in env
        is_nonempty = bool(env.get(name))
        present = is_nonempty if op and op.startswith(":") else is_set
        if op in (":-", "-"):
            return env[name] if present else arg
        if op in (":?", "?"):
            if not present:
                raise MissingRequiredVariable(f"{name}: {arg}")
            return env[name]
        if op in (":+", "+"):
            return arg if present else ""
        return env.get(name, "")

    return _INTERPOLATION.sub(replace, value)


def resolve(node: object, env: dict[str, str]) -> object:
    if isinstance(node, str):
        return interpolate(node, env)
    if isinstance(node, list):
        return [resolve(item, env) for item in node]
    if isinstance(node, dict):
        return {key: resolve(value, env) for key, value in node.items()}
    return node


def raw_compose() -> dict:
    data = yaml.safe_load(COMPOSE_FILE.read_text())
    assert isinstance(data, dict), "docker-compose.yml must be a mapping"
    return data


@pytest.fixture(params=[DEFAULT_ENV, OVERRIDE_ENV], ids=["defaults", "overrides"])
def compose(request: pytest.FixtureRequest) -> dict:
    return resolve(raw_compose(), request.param)


def service(compose: dict, name: str) -> dict:
    return compose["services"][name]


def environment(svc: dict) -> dict[str, str | None]:
    env = svc.get("environment") or {}
    if isinstance(env, list):
        env = dict(item.split("=", 1) if "=" in item else (item, None) for item in env)
    return {str(key): None if value is None else str(value) for key, value in env.items()}


def argv(command: object) -> list[str]:
    if command is None:
        return []
    if isinstance(command, str):
        return shlex.split(command)
    return [str(part) for part in command]


def modules_run_by(args: list[str]) -> set[str]:
    return {args[i + 1] for i, arg in enumerate(args[:-1]) if arg == "-m"}


def depends_on(svc: dict) -> dict[str, str]:
    deps = svc.get("depends_on") or {}
    if isinstance(deps, list):
        return {name: "service_started" for name in deps}
    return {name: (spec or {}).get("condition", "service_started") for name, spec in deps.items()}


def healthcheck_text(svc: dict) -> str:
    test = (svc.get("healthcheck") or {}).get("test")
    return test if isinstance(test, str) else " ".join(str(part) for part in test or [])


# --------------------------------------------------------------------------- settings


def settings_keys() -> set[str]:
    """The environment keys Settings reads, as the model declares them."""
    return {variable.name for variable in variables()}


# --------------------------------------------------------------------------- Dockerfile


def dockerfile_instructions() -> list[tuple[str, str]]:
    instructions: list[tuple[str, str]] = []
    current = ""
    for raw_line in DOCKERFILE.read_text().splitlines():
        line = raw_line.strip()
        if not line or line.startswith("#"):
            continue  # comment and blank lines are dropped, even inside a continuation
        if line.endswith("\\"):
            current += line[:-1] + " "
            continue
        keyword, _, rest = (current + line).partition(" ")
        instructions.append((keyword.upper(), rest.strip()))
        current = ""
    assert not current, "Dockerfile ends inside a line continuation"
    return instructions


def instruction_args(rest: str) -> list[str]:
    return json.loads(rest) if rest.startswith("[") else shlex.split(rest)


def dockerfile_cmd() -> list[str]:
    cmds = [rest for keyword, rest in dockerfile_instructions() if keyword == "CMD"]
    assert cmds, "Dockerfile has no CMD"
    return instruction_args(cmds[-1])  # only the last CMD counts


def dockerfile_stages() -> list[list[tuple[str, str]]]:
    """The instructions of each build stage, from its FROM on, in order; the last stage is the image."""
    stages: list[list[tuple[str, str]]] = []
    for keyword, rest in dockerfile_instructions():
        if keyword == "FROM":
            stages.append([])
        if stages:
            stages[-1].append((keyword, rest))
    assert stages, "Dockerfile has no FROM"
    return stages


def final_stage() -> list[tuple[str, str]]:
    return dockerfile_stages()[-1]


def stage_name(stage: list[tuple[str, str]]) -> str | None:
    words = stage[0][1].split()
    return words[2] if len(words) == 3 and words[1].upper() == "AS" else None


def stage_env(stage: list[tuple[str, str]]) -> dict[str, str]:
    env: dict[str, str] = {}
    for keyword, rest in stage:
        if keyword == "ENV":
            env.update(word.split("=", 1) for word in shlex.split(rest) if "=" in word)
    return env


def stage_copies(stage: list[tuple[str, str]], from_stage: str | None = None) -> dict[str, PurePosixPath]:
    """Map each COPY source of `stage` to the absolute path it lands on: sources in the build context
    (`from_stage` None; repo-relative), or in another stage (`--from=<from_stage>`; that stage's absolute paths)."""
    copies: dict[str, PurePosixPath] = {}
    workdir = PurePosixPath("/")
    for keyword, rest in stage:
        if keyword == "WORKDIR":
            workdir = workdir / rest
        if keyword not in {"COPY", "ADD"}:
            continue
        flags = [arg for arg in instruction_args(rest) if arg.startswith("--")]
        source_stage = next((flag.split("=", 1)[1] for flag in flags if flag.startswith("--from=")), None)
        if source_stage != from_stage:
            continue
        args = [arg for arg in instruction_args(rest) if not arg.startswith("--")]
        *sources, dest = args
        dest_dir = dest.endswith("/") or dest in {".", "./"} or len(sources) > 1
        target = workdir / dest
        for source in sources:
            name = source.removeprefix("./").rstrip("/") if from_stage else source.strip("/").removeprefix("./")
            path = REPO / name
            is_dir = path.is_dir() if path.exists() and not from_stage else "." not in PurePosixPath(name).name
            # A directory's *contents* are copied into dest; a file goes into dest/ or becomes dest.
            copies[name] = target if is_dir or not dest_dir else target / PurePosixPath(name).name
    return copies


def dockerfile_copies() -> dict[str, PurePosixPath]:
    """Map each COPY source of the image (repo-relative, from the build context) to where it lands in it."""
    return stage_copies(final_stage())


def context_copies() -> set[str]:
    """Every source any stage copies from the build context."""
    return {source for stage in dockerfile_stages() for source in stage_copies(stage)}


def pyproject() -> dict:
    return tomllib.loads(PYPROJECT.read_text())


def shipped_packages() -> set[str]:
    include = pyproject()["tool"]["setuptools"]["packages"]["find"]["include"]
    return {pattern.rstrip("*").rstrip(".") for pattern in include}


# --------------------------------------------------------------------------- .dockerignore


def _ignore_pattern(pattern: str) -> re.Pattern[str]:
    pattern = pattern.strip("/")
    out, i = "", 0
    while i < len(pattern):
        if pattern.startswith("**/", i):
            out, i = out + "(?:.*/)?", i + 3
        elif pattern.startswith("**", i):
            out, i = out + ".*", i + 2
        elif pattern[i] == "*":
            out, i = out + "[^/]*", i + 1
        elif pattern[i] == "?":
            out, i = out + "[^/]", i + 1
        elif pattern[i] == "[" and "]" in pattern[i:]:
            end = pattern.index("]", i)
            out, i = out + pattern[i : end + 1], end + 1
        else:
            out, i = out + re.escape(pattern[i]), i + 1
    return re.compile(out + "(?:/.*)?")  # excluding a directory excludes everything under it


def dockerignored(path: str) -> bool:
    ignored = False
    for raw_line in DOCKERIGNORE.read_text().splitlines():
        line = raw_line.strip()
        if not line or line.startswith("#"):
            continue
        negated = line.startswith("!")
        if _ignore_pattern(line.lstrip("!")).fullmatch(path):
            ignored = not negated  # the last matching line wins
    return ignored


# =========================================================================== compose tests


def test_compose_has_no_version_key() -> None:
    assert "version" not in raw_compose()


def test_compose_services_exist() -> None:
    assert set(raw_compose()["services"]) >= SERVICES


def test_compose_images() -> None:
    services = raw_compose()["services"]
    assert services["postgres"]["image"].startswith("postgres:16")
    assert services["redis"]["image"].startswith("redis:7")
    assert services["minio"]["image"].split(":")[0] == "minio/minio"
    assert services["minio-init"]["image"].split(":")[0] == "minio/mc"


def test_only_the_secrets_are_required() -> None:
    """The JWT secret and the encryption keys: api and worker must share them (each has its own DATA_DIR)."""
    required = set(re.findall(r"\$\{([A-Za-z_][A-Za-z0-9_]*):?\?", COMPOSE_FILE.read_text()))
    assert required == {"JWT_SECRET", "ENCRYPTION_KEYS"}
    with pytest.raises(MissingRequiredVariable, match="JWT_SECRET"):
        resolve(raw_compose(), {"ENCRYPTION_KEYS": "k"})
    with pytest.raises(MissingRequiredVariable, match="ENCRYPTION_KEYS"):
        resolve(raw_compose(), {"JWT_SECRET": "s"})


def test_api_and_worker_share_one_image_build() -> None:
    api, worker = (raw_compose()["services"][name] for name in APP_SERVICES)
    assert api.get("build"), "api must be built from the repo"
    assert api.get("build") == worker.get("build")
    assert api.get("image") == worker.get("image")
    build = api["build"]
    context = build if isinstance(build, str) else build.get("context", ".")
    dockerfile = "Dockerfile" if isinstance(build, str) else build.get("dockerfile", "Dockerfile")
    assert (REPO / context / dockerfile).resolve() == DOCKERFILE


def test_api_and_worker_share_one_environment() -> None:
    api, worker = (raw_compose()["services"][name] for name in APP_SERVICES)
    assert environment(api)
    assert environment(api) == environment(worker)


def test_settings_parser_finds_keys() -> None:
    keys = settings_keys()
    assert {"DATABASE_URL", "JWT_SECRET", "ALLOW_REGISTRATION", "LOG_FORMAT"} <= keys
    assert "INFO" not in keys and "./data" not in keys  # defaults are not keys


def test_every_app_env_key_is_read_by_settings() -> None:
    for name in APP_SERVICES:
        unknown = set(environment(raw_compose()["services"][name])) - settings_keys()
        assert not unknown, f"{name} sets environment keys Settings never reads: {sorted(unknown)}"


def test_production_keys(compose: dict) -> None:
    env = environment(service(compose, "api"))
    missing = [key for key in PRODUCTION_KEYS if not env.get(key)]
    assert not missing, f"api environment lacks production keys: {missing}"
    assert urlsplit(env["DATABASE_URL"]).scheme == "postgresql+asyncpg"
    assert env["STORAGE_BACKEND"] == "s3"
    redis_url = urlsplit(env["REDIS_URL"])
    assert (redis_url.scheme, redis_url.hostname, redis_url.port) == ("redis", "redis", 6379)
    s3 = urlsplit(env["S3_ENDPOINT"])
    assert (s3.hostname, s3.port) == ("minio", 9000)
    assert env["JWT_SECRET"] == DEFAULT_ENV["JWT_SECRET"]  # taken from the user's environment, no default
    assert env.get("LOG_FORMAT") == "json"
    assert env.get("HOST") == "0.0.0.0"


def test_database_url_matches_postgres_service(compose: dict) -> None:
    url = urlsplit(environment(service(compose, "api"))["DATABASE_URL"])
    pg = environment(service(compose, "postgres"))
    assert url.hostname == "postgres" and url.port == 5432
    assert url.username == pg["POSTGRES_USER"]
    assert url.password == pg["POSTGRES_PASSWORD"]
    assert url.path.lstrip("/") == pg["POSTGRES_DB"]


def test_s3_credentials_match_minio_root(compose: dict) -> None:
    env = environment(service(compose, "api"))
    minio = environment(service(compose, "minio"))
    assert env["S3_ACCESS_KEY"] == minio["MINIO_ROOT_USER"]
    assert env["S3_SECRET_KEY"] == minio["MINIO_ROOT_PASSWORD"]
    assert len(minio["MINIO_ROOT_USER"]) >= 3 and len(minio["MINIO_ROOT_PASSWORD"]) >= 8  # MinIO minimums


def minio_init_commands(compose: dict) -> list[list[str]]:
    """The `mc ...` command lines minio-init runs, with shell variables expanded from its environment."""
    init = service(compose, "minio-init")
    env = {key: value or "" for key, value in environment(init).items()}
    script = "\n".join(argv(init.get("entrypoint")) + argv(init.get("command")))
    commands = []
    for line in script.splitlines():
        words = shlex.split(line)
        if words[:1] == ["mc"]:
            commands.append([re.sub(r"\$\{?(\w+)\}?", lambda m: env.get(m[1], ""), word) for word in words])
    return commands


def test_minio_init_creates_the_s3_bucket(compose: dict) -> None:
    commands = minio_init_commands(compose)
    aliases = {
        args[0]: args[1:4]
        for cmd in commands
        if cmd[1:3] == ["alias", "set"]
        for args in [[arg for arg in cmd[3:] if not arg.startswith("-")]]
    }
    buckets = [[arg for arg in cmd[2:] if not arg.startswith("-")][-1] for cmd in commands if cmd[1:2] == ["mb"]]
    assert len(buckets) == 1, f"minio-init must run exactly one `mc mb`: {commands}"
    alias, _, bucket = buckets[0].partition("/")
    assert alias in aliases, f"`mc mb` uses alias {alias!r} that no `mc alias set` defines"
    endpoint, user, password = aliases[alias]
    env = environment(service(compose, "api"))
    assert bucket == env["S3_BUCKET"]
    assert urlsplit(endpoint)[:2] == urlsplit(env["S3_ENDPOINT"])[:2]
    assert (user, password) == (env["S3_ACCESS_KEY"], env["S3_SECRET_KEY"])
    assert any(cmd[1:2] == ["mb"] and "--ignore-existing" in cmd for cmd in commands)


def test_worker_command() -> None:
    assert argv(raw_compose()["services"]["worker"].get("command")) == ["python", "-m", "workers"]


def test_api_command_is_the_image_default() -> None:
    command = raw_compose()["services"]["api"].get("command")
    assert command is None or argv(command) == ["python", "-m", "api"]


def test_depends_on_conditions() -> None:
    services = raw_compose()["services"]
    infra = {
        "postgres": "service_healthy",
        "redis": "service_healthy",
        "minio-init": "service_completed_successfully",
    }
    assert depends_on(services["minio-init"]) == {"minio": "service_healthy"}
    assert depends_on(services["api"]) == infra
    assert depends_on(services["worker"]) == {**infra, "api": "service_healthy"}


def test_healthchecks() -> None:
    services = raw_compose()["services"]
    for svc in services.values():
        for dependency, condition in depends_on(svc).items():
            if condition == "service_healthy":
                check = services[dependency].get("healthcheck") or {}
                assert check.get("test") and not check.get("disable"), f"{dependency} needs a healthcheck"
    assert "pg_isready" in healthcheck_text(services["postgres"])
    assert "redis-cli ping" in healthcheck_text(services["redis"])
    minio = healthcheck_text(services["minio"])
    assert "mc ready local" in minio or "/minio/health/live" in minio
    assert "/readyz" in healthcheck_text(services["api"])


def test_api_port(compose: dict) -> None:
    api = service(compose, "api")
    port = environment(api)["PORT"]
    assert f"{port}:{port}" in [str(mapping) for mapping in api.get("ports", [])]
    assert f":{port}/readyz" in healthcheck_text(api)


def test_minio_serves_data_with_console() -> None:
    assert argv(raw_compose()["services"]["minio"].get("command")) == [
        "server",
        "/data",
        "--console-address",
        ":9001",
    ]


def test_stateful_services_use_named_volumes() -> None:
    compose = raw_compose()
    declared = set(compose.get("volumes") or {})
    for name, mount in (("postgres", "/var/lib/postgresql/data"), ("minio", "/data")):
        volumes = [str(v) for v in compose["services"][name].get("volumes", [])]
        sources = [v.split(":")[0] for v in volumes if v.split(":")[1:2] == [mount]]
        assert sources and sources[0] in declared, f"{name} must keep {mount} on a named volume"


# =========================================================================== Dockerfile tests


def test_dockerfile_base_user_workdir() -> None:
    instructions = final_stage()
    keywords = [keyword for keyword, _ in instructions]
    values = {keyword: rest for keyword, rest in instructions}  # last one wins
    assert instructions[0] == ("FROM", "python:3.11-slim")
    assert values["WORKDIR"] == str(APP_WORKDIR)
    assert "USER" in keywords and values["USER"].split(":")[0] not in {"root", "0"}
    assert keywords.index("USER") < keywords.index("CMD")
    assert "PYTHONUNBUFFERED=1" in " ".join(rest for keyword, rest in instructions if keyword == "ENV")
    assert values["EXPOSE"].split("/")[0] == "8000"
    assert any(keyword == "RUN" and "pip install --no-cache-dir ." in rest for keyword, rest in instructions)


def test_dockerfile_healthcheck_uses_urllib_on_healthz() -> None:
    checks = [rest for keyword, rest in dockerfile_instructions() if keyword == "HEALTHCHECK"]
    assert len(checks) == 1
    assert "urllib" in checks[0] and "/healthz" in checks[0] and "curl" not in checks[0]


def test_dockerfile_cmd_runs_api() -> None:
    assert dockerfile_cmd() == ["python", "-m", "api"]


def test_dockerfile_copies_everything_needed_at_runtime() -> None:
    copies = dockerfile_copies()
    for name in ("pyproject.toml", "migrations", "alembic.ini", *sorted(shipped_packages())):
        assert name in copies, f"Dockerfile does not COPY {name}"
        assert copies[name] == APP_WORKDIR / name, f"{name} lands on {copies[name]}, not {APP_WORKDIR / name}"


def test_dockerfile_installs_after_copying_packages() -> None:
    instructions = dockerfile_instructions()
    install = next(i for i, (keyword, rest) in enumerate(instructions) if keyword == "RUN" and "pip install" in rest)
    copied_before = {
        arg.removeprefix("./").strip("/")
        for keyword, rest in instructions[:install]
        if keyword == "COPY"
        for arg in instruction_args(rest)[:-1]
        if not arg.startswith("--")
    }
    assert {"pyproject.toml", *shipped_packages()} <= copied_before


def test_dockerfile_installs_the_pinned_files_before_dropping_root() -> None:
    """GraphiQL's assets and the overlay fonts are fetched at build time, from the copied code, as root."""
    instructions = final_stage()
    keywords = [keyword for keyword, _ in instructions]
    for command in ("python -m api.graphiql install", "python -m infra.fonts install"):
        at = next(i for i, (keyword, rest) in enumerate(instructions) if keyword == "RUN" and command in rest)
        copied = {
            instruction_args(rest)[0].removeprefix("./") for keyword, rest in instructions[:at] if keyword == "COPY"
        }
        assert {"api", "infra"} <= copied and at < keywords.index("USER"), command


def test_dockerignore_keeps_junk_out_but_not_the_app() -> None:
    for junk in (
        ".venv/bin/python",
        ".git/HEAD",
        "data/aiproxy.db",
        "frontend-client/node_modules/x/y.js",
        "api/__pycache__/x.cpython-311.pyc",
        ".pytest_cache/v",
        ".ruff_cache/x",
    ):
        assert dockerignored(junk), f".dockerignore lets {junk} into the build context"
    for source in sorted(context_copies()):
        paths = [source, *tracked(source)]
        excluded = [path for path in paths if dockerignored(path)]
        assert not excluded, f".dockerignore excludes files the Dockerfile copies: {excluded[:5]}"


def tracked(path: str) -> list[str]:
    """The files git holds at or under `path`."""
    listed = subprocess.run(["git", "ls-files", "-z", "--", path], cwd=REPO, capture_output=True, check=True)
    return [name for name in listed.stdout.decode().split("\0") if name]


# =========================================================================== the web client in the image


def web_client_stage() -> list[tuple[str, str]]:
    stages = [stage for stage in dockerfile_stages()[:-1] if stage[0][1].split()[0].startswith("node:")]
    assert len(stages) == 1, "the Dockerfile builds the web client in one Node stage"
    return stages[0]


def test_the_web_client_is_built_in_a_node_stage() -> None:
    stage = web_client_stage()
    image = stage[0][1].split()[0]
    assert int(image.split(":")[1].split("-")[0]) >= 20, image
    assert stage_name(stage), "the Node stage needs a name (`FROM node:… AS web-client`) for the image to copy from"
    runs = [(i, rest) for i, (keyword, rest) in enumerate(stage) if keyword == "RUN"]
    install = next(i for i, rest in runs if "npm ci" in rest)
    build = next(i for i, rest in runs if "npm run build" in rest)
    assert install < build
    copies = stage_copies(stage)
    workdir = PurePosixPath([rest for keyword, rest in stage if keyword == "WORKDIR"][-1])
    # The lock file alone before `npm ci`, so the installed layer is reused until the dependencies change.
    copied_before_install = {
        arg.removeprefix("./")
        for keyword, rest in stage[:install]
        if keyword == "COPY"
        for arg in instruction_args(rest)[:-1]
        if not arg.startswith("--")
    }
    assert copied_before_install == {"frontend-client/package.json", "frontend-client/package-lock.json"}
    assert copies["frontend-client"] == workdir


def test_the_image_serves_the_client_the_node_stage_built() -> None:
    stage = web_client_stage()
    workdir = PurePosixPath([rest for keyword, rest in stage if keyword == "WORKDIR"][-1])
    built = stage_copies(final_stage(), from_stage=stage_name(stage))
    assert list(built) == [str(workdir / "dist")], built
    assert stage_env(final_stage())["WEB_CLIENT_DIR"] == str(built[str(workdir / "dist")])
    assert "WEB_CLIENT_DIR" in settings_keys()
    for name in APP_SERVICES:  # compose keeps the image's path
        assert "WEB_CLIENT_DIR" not in environment(raw_compose()["services"][name])


def test_dockerignore_keeps_the_clients_dependencies_and_builds_out() -> None:
    for junk in (
        "frontend-client/node_modules/react/index.js",
        "frontend-client/dist/index.html",
        "frontend-client/dist/assets/index-abc123.js",
        "frontend-client/test-results/sign-in.png",
    ):
        assert dockerignored(junk), f".dockerignore lets {junk} into the build context"
    for source in ("frontend-client/package.json", "frontend-client/src/main.tsx", "api/schema/schema.graphql"):
        assert not dockerignored(source), source


# =========================================================================== modules the containers run


def test_run_modules_are_the_known_ones() -> None:
    services = raw_compose()["services"]
    run = modules_run_by(dockerfile_cmd())
    for svc in services.values():
        if svc.get("build") or svc.get("image") == services["api"].get("image"):
            run |= modules_run_by(argv(svc.get("command")))
    assert run == set(RUN_MODULES)
    assert {module.split(".")[0] for module in run} <= shipped_packages()


@pytest.mark.parametrize("module", RUN_MODULES)
def test_run_module_has_main(module: str) -> None:
    package = REPO.joinpath(*module.split("."))
    assert (package / "__init__.py").is_file(), f"{module} is not a package in the repo"
    assert (package / "__main__.py").is_file(), f"`python -m {module}` needs {module}/__main__.py"
