"""The deployment files wire the bot up as docs/deploy.md says: migrations as a step of their own before the
bot starts, PostgreSQL in compose, an unprivileged image and service, and every setting documented.

Docker is not needed: the files are parsed, and the few facts they rely on in the code (the settings read,
the database URL forms accepted, the health route) are taken from the code itself."""

from __future__ import annotations

import ast
import json
import re
import shlex
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import urlsplit

import pytest
import yaml

from bot.storage.urls import parse_url

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
COMPOSE = DEPLOY / "compose.yaml"
COMPOSE_WEBHOOK = DEPLOY / "compose.webhook.yaml"
DOCKERFILE = DEPLOY / "Dockerfile"
UNIT = DEPLOY / "cbt-bot.service"
ENV_EXAMPLE = DEPLOY / "env.example"

_VARIABLE = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)")
_ENV_LINE = re.compile(r"^#?\s*([A-Z][A-Z0-9_]*)=(.*)$")


# ---- helpers ------------------------------------------------------------------------------------------------

def load_yaml(path: Path) -> dict[str, Any]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict), f"{path} is not a mapping"
    return data


@pytest.fixture(scope="module")
def services() -> dict[str, dict[str, Any]]:
    found = load_yaml(COMPOSE)["services"]
    assert {"db", "migrate", "bot"} <= set(found)
    return found


def environment(service: dict[str, Any]) -> dict[str, str]:
    env = service.get("environment") or {}
    if isinstance(env, list):
        return dict(item.split("=", 1) if "=" in item else (item, "") for item in env)
    return {key: "" if value is None else str(value) for key, value in env.items()}


def depends_on(service: dict[str, Any]) -> dict[str, str]:
    deps = service.get("depends_on") or {}
    if isinstance(deps, list):
        return dict.fromkeys(deps, "service_started")
    return {name: spec.get("condition", "service_started") for name, spec in deps.items()}


def argv(command: str | list[str]) -> list[str]:
    return shlex.split(command) if isinstance(command, str) else [str(part) for part in command]


def env_example() -> dict[str, list[tuple[int, str]]]:
    """Each variable in env.example (set or commented out) -> [(line index, value)]."""
    found: dict[str, list[tuple[int, str]]] = {}
    for index, line in enumerate(ENV_EXAMPLE.read_text(encoding="utf-8").splitlines()):
        match = _ENV_LINE.match(line)
        if match:
            found.setdefault(match.group(1), []).append((index, match.group(2)))
    return found


def dockerfile_instructions() -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) with continuation lines joined and comments dropped."""
    instructions: list[tuple[str, str]] = []
    pending = ""
    for line in DOCKERFILE.read_text(encoding="utf-8").splitlines():
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):  # Docker drops these inside continuations too
            continue
        if stripped.endswith("\\"):
            pending += stripped[:-1] + " "
            continue
        whole = pending + stripped
        pending = ""
        keyword, _, rest = whole.partition(" ")
        instructions.append((keyword.upper(), rest.strip()))
    assert not pending, "the Dockerfile ends in a line continuation"
    return instructions


def final_stage() -> list[tuple[str, str]]:
    instructions = dockerfile_instructions()
    last_from = max(i for i, (keyword, _) in enumerate(instructions) if keyword == "FROM")
    return instructions[last_from:]


def exec_form(arguments: str) -> list[str]:
    parsed = json.loads(arguments)
    assert isinstance(parsed, list), f"not exec (JSON) form: {arguments}"
    return [str(part) for part in parsed]


def env_assignments(stage: list[tuple[str, str]]) -> dict[str, str]:
    values: dict[str, str] = {}
    for keyword, arguments in stage:
        if keyword == "ENV":
            for token in shlex.split(arguments):
                key, _, value = token.partition("=")
                values[key] = value
    return values


def unit_file() -> dict[str, dict[str, list[str]]]:
    """section -> key -> values, in order (systemd allows a key more than once)."""
    sections: dict[str, dict[str, list[str]]] = {}
    current: dict[str, list[str]] | None = None
    for raw in UNIT.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith(("#", ";")):
            continue
        if line.startswith("[") and line.endswith("]"):
            current = sections.setdefault(line[1:-1], {})
            continue
        assert current is not None, f"{UNIT}: a setting before any section: {line}"
        key, _, value = line.partition("=")
        current.setdefault(key.strip(), []).append(value.strip())
    return sections


def settings_variables() -> set[str]:
    """The names bot/settings.py reads with env.get("…"), and bot/logging_setup.py with os.environ.get."""
    names: set[str] = set()
    for path, receiver in ((ROOT / "bot" / "settings.py", "env"), (ROOT / "bot" / "logging_setup.py", "environ")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "get"
                    and node.args and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)):
                target = node.func.value
                name = target.id if isinstance(target, ast.Name) else getattr(target, "attr", None)
                if name == receiver:
                    names.add(node.args[0].value)
    return names


# ---- compose ------------------------------------------------------------------------------------------------

def test_bot_database_url_is_the_compose_postgres_service(services: dict[str, dict[str, Any]]) -> None:
    url = environment(services["bot"])["DATABASE_URL"]
    parts = urlsplit(url)
    assert parts.scheme in ("postgresql", "postgres", "postgresql+asyncpg")
    assert parts.hostname in services, f"{parts.hostname} is not a compose service"
    db = services[parts.hostname]
    assert str(db["image"]).startswith("postgres:")
    assert parts.port in (None, 5432)
    db_env = environment(db)
    assert parts.username == db_env["POSTGRES_USER"]
    assert parts.path.lstrip("/") == db_env["POSTGRES_DB"]
    # The URL's password and the server's are the same variable, not two values kept in step by hand.
    assert _VARIABLE.findall(parts.password or "") == ["POSTGRES_PASSWORD"]
    assert _VARIABLE.findall(db_env["POSTGRES_PASSWORD"]) == ["POSTGRES_PASSWORD"]
    # And the bot accepts the URL once compose has filled the password in.
    assert parse_url(url.replace("${POSTGRES_PASSWORD}", "hex0123")).drivername == "postgresql+asyncpg"


def test_migration_step_upgrades_the_bots_database_once(services: dict[str, dict[str, Any]]) -> None:
    migrate = services["migrate"]
    assert argv(migrate["command"]) == ["cbt-bot", "db", "upgrade"]
    assert environment(migrate)["DATABASE_URL"] == environment(services["bot"])["DATABASE_URL"]
    assert migrate["restart"] == "no"  # a one-shot: it must not be restarted after it exits 0


def test_bot_starts_only_after_the_migration_succeeded(services: dict[str, dict[str, Any]]) -> None:
    bot = services["bot"]
    assert depends_on(bot)["migrate"] == "service_completed_successfully"
    assert argv(bot.get("command", ["cbt-bot", "run"])) == ["cbt-bot", "run"]
    assert bot["restart"] == "unless-stopped"


def test_migration_waits_for_a_healthy_database(services: dict[str, dict[str, Any]]) -> None:
    assert depends_on(services["migrate"])["db"] == "service_healthy"
    check = services["db"]["healthcheck"]["test"]
    assert "pg_isready" in (check if isinstance(check, str) else " ".join(check))


def test_database_lives_in_a_named_volume() -> None:
    compose = load_yaml(COMPOSE)
    named = set(compose.get("volumes") or {})
    mounts = [m if isinstance(m, str) else f"{m['source']}:{m['target']}"
              for m in compose["services"]["db"]["volumes"]]
    sources = {mount.split(":")[0]: mount.split(":")[1] for mount in mounts}
    data_volumes = [source for source, target in sources.items() if target == "/var/lib/postgresql/data"]
    assert data_volumes, "PostgreSQL's data directory is not mounted"
    assert data_volumes[0] in named, f"{data_volumes[0]} is not a named volume"


def test_migrate_and_bot_run_the_image_built_from_the_repository(services: dict[str, dict[str, Any]]) -> None:
    migrate, bot = services["migrate"], services["bot"]
    assert migrate["image"] == bot["image"]
    assert migrate["build"] == bot["build"]
    context = (COMPOSE.parent / bot["build"]["context"]).resolve()
    assert context == ROOT
    assert (context / bot["build"]["dockerfile"]).resolve() == DOCKERFILE


def test_bot_token_comes_from_the_environment_and_is_required(services: dict[str, dict[str, Any]]) -> None:
    token = environment(services["bot"])["TELEGRAM_BOT_TOKEN"]
    assert token.startswith("${TELEGRAM_BOT_TOKEN:?"), "the token must be required, never written in the file"


def test_every_variable_compose_reads_is_in_env_example() -> None:
    used = set(_VARIABLE.findall(COMPOSE.read_text(encoding="utf-8")))
    used |= set(_VARIABLE.findall(COMPOSE_WEBHOOK.read_text(encoding="utf-8")))
    assert {"POSTGRES_PASSWORD", "TELEGRAM_BOT_TOKEN"} <= used
    assert used - set(env_example()) == set()


def test_webhook_overlay_publishes_on_loopback_and_checks_the_health_route() -> None:
    from bot.transport.webhook import webhook_app

    bot = load_yaml(COMPOSE_WEBHOOK)["services"]["bot"]
    env = environment(bot)
    assert env["WEBHOOK_URL"].startswith("${WEBHOOK_URL:?")
    assert env["WEBHOOK_SECRET"].startswith("${WEBHOOK_SECRET:?")
    assert all(str(port).startswith("127.0.0.1:") for port in bot["ports"]), "only a local proxy may reach it"
    probe = re.search(r"http://[^'\" ]+", " ".join(bot["healthcheck"]["test"]))
    assert probe, "the health check requests no URL"
    app = webhook_app(None, None, "/hook", "s" * 16)  # type: ignore[arg-type]  # only the routes are read
    path = urlsplit(probe.group(0)).path
    routes = {(route.method, route.resource.canonical) for route in app.router.routes() if route.resource}
    assert ("GET", path) in routes


# ---- image --------------------------------------------------------------------------------------------------

def test_the_image_build_compiles_the_translations() -> None:
    """setup.py compiles the catalogs during `pip install`; without it the bot refuses to start."""
    instructions = dockerfile_instructions()
    install = next(i for i, (keyword, args) in enumerate(instructions) if keyword == "RUN" and "pip install" in args
                   and " -e ." in args)
    copied = [args.split()[0] for keyword, args in instructions[:install] if keyword == "COPY"]
    assert "setup.py" in copied and "bot" in copied


def test_image_runs_as_a_non_root_user() -> None:
    users = [arguments for keyword, arguments in final_stage() if keyword == "USER"]
    assert users, "the final stage has no USER: the bot would run as root"
    user = users[-1].split(":")[0]
    assert user not in ("root", "0", "")


def test_image_runs_the_bot() -> None:
    stage = final_stage()
    entrypoint = [exec_form(a) for k, a in stage if k == "ENTRYPOINT"]
    cmd = [exec_form(a) for k, a in stage if k == "CMD"]
    command = (entrypoint[-1] if entrypoint else []) + (cmd[-1] if cmd else [])
    assert command == ["cbt-bot", "run"]


def test_image_keeps_the_shipped_flows_beside_the_bot_package() -> None:
    # bot/flow_dirs.py looks for <project>/flows next to the package: a plain `pip install .` loses them.
    instructions = dockerfile_instructions()
    runs = " ".join(arguments for keyword, arguments in instructions if keyword == "RUN")
    assert re.search(r"pip install [^&]*(-e|--editable) \.", runs), "the project must be installed in place"
    copies = {}
    for keyword, arguments in instructions:
        if keyword == "COPY" and not arguments.startswith("--"):
            *sources, destination = arguments.split()
            for source in sources:
                copies[source.rstrip("/")] = PurePosixPath(destination)
    assert copies["bot"].parent == copies["flows"].parent
    assert "cbt-bot flows validate" in runs or "cbt-bot flows list" in runs, "the build should prove it finds them"


def test_image_defaults_to_sqlite_in_the_data_directory_without_bytecode_or_buffering() -> None:
    env = env_assignments(final_stage())
    assert env["DATABASE_URL"].startswith("sqlite:////data/")
    assert env["PYTHONDONTWRITEBYTECODE"] == "1"
    assert env["PYTHONUNBUFFERED"] == "1"
    data_setup = " ".join(arguments for keyword, arguments in final_stage() if keyword == "RUN")
    assert re.search(r"chown \S+ /data", data_setup), "/data must belong to the bot's user"


def test_build_context_filter_keeps_secrets_and_the_repository_out() -> None:
    patterns = {
        line.strip() for line in (DEPLOY / "Dockerfile.dockerignore").read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    }
    assert {"**/.env", ".git", ".venv"} <= patterns


# ---- systemd ------------------------------------------------------------------------------------------------

def test_unit_migrates_before_running_the_bot() -> None:
    service = unit_file()["Service"]
    [pre] = [argv(value) for value in service["ExecStartPre"] if "db" in value]
    [start] = [argv(value) for value in service["ExecStart"]]
    assert PurePosixPath(pre[0]).name == "cbt-bot"
    assert pre[1:] == ["db", "upgrade"]
    assert PurePosixPath(start[0]).name == "cbt-bot"
    assert start[1:] == ["run"]
    assert pre[0] == start[0], "the migration and the bot must come from the same installation"
    assert service["EnvironmentFile"] == ["/etc/cbt-bot/env"]
    assert service["Restart"] == ["on-failure"]


def test_unit_runs_unprivileged_and_writes_only_its_data_directory() -> None:
    service = unit_file()["Service"]
    assert service["User"][-1] not in ("root", "0")
    assert service["NoNewPrivileges"] == ["true"]
    assert service["ProtectSystem"] == ["strict"]
    assert service["ProtectHome"] == ["true"]
    assert service["PrivateTmp"] == ["true"]
    writable = [PurePosixPath(p) for value in service["ReadWritePaths"] for p in value.split()]
    # The default SQLite file is relative to the working directory, so that must be writable.
    workdir = PurePosixPath(service["WorkingDirectory"][-1])
    assert any(workdir == path or path in workdir.parents for path in writable)


# ---- settings -----------------------------------------------------------------------------------------------

def test_every_setting_the_bot_reads_is_documented_in_env_example() -> None:
    read = settings_variables()
    assert {"TELEGRAM_BOT_TOKEN", "DATABASE_URL", "WEBHOOK_URL", "LOG_LEVEL"} <= read  # the parser still works
    documented = env_example()
    lines = ENV_EXAMPLE.read_text(encoding="utf-8").splitlines()
    assert read - set(documented) == set()
    for name in read:
        assert any(index > 0 and lines[index - 1].startswith("#") for index, _ in documented[name]), (
            f"{name} in env.example has no comment above it")


def test_env_example_holds_no_values_for_secrets() -> None:
    for line in ENV_EXAMPLE.read_text(encoding="utf-8").splitlines():
        match = _ENV_LINE.match(line)
        if match and not line.startswith("#"):
            assert match.group(2) == "", f"env.example sets a value: {line}"


def test_docs_name_only_deployment_files_that_exist() -> None:
    text = (ROOT / "docs" / "deploy.md").read_text(encoding="utf-8")
    named = set(re.findall(r"deploy/[\w.-]*\w", text))
    assert {"deploy/compose.yaml", "deploy/cbt-bot.service", "deploy/env.example"} <= named
    made_by_the_operator = {"deploy/.env", "deploy/my-flows", "deploy/my-media"}
    missing = sorted(name for name in named - made_by_the_operator if not (ROOT / name).exists())
    assert missing == []
