"""docker-compose.yml: the production-like stack. No Docker engine runs here, so
this checks the file's shape, that every variable it sets is one the settings
read, and that Debian's docker-compose accepts it."""

import json
import os
import re
import secrets
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
COMPOSE = ROOT / "docker-compose.yml"
APP_SERVICES = ("web", "worker", "beat")
# Read by Django itself to pick the settings module, not through ccpl's env.
READ_BY_DJANGO = {"DJANGO_SETTINGS_MODULE"}
# What an operator exports before `docker-compose up` (see README.md).
OPERATOR_ENV = {
    "SECRET_KEY": secrets.token_urlsafe(60)[:60],
    "EQUALITY_LINK_KEY": secrets.token_urlsafe(60)[:60],
    "POSTGRES_PASSWORD": "compose-test-password",
    "ALLOWED_HOSTS": "ccpl.example.nhs.uk",
    "CSRF_TRUSTED_ORIGINS": "https://ccpl.example.nhs.uk",
    "EMAIL_URL": "smtp+tls://user:password@relay.example.nhs.uk:587",
}


@pytest.fixture(scope="module")
def compose() -> dict:
    return yaml.safe_load(COMPOSE.read_text())


def interpolate(value: str, env: dict[str, str]) -> str:
    """Compose's ${VAR}, ${VAR:-default}, ${VAR-default}, ${VAR:?error}, ${VAR?error}, $$."""

    def substitute(match: re.Match) -> str:
        if match.group(0) == "$$":
            return "$"
        name, op, arg = match.group("name"), match.group("op"), match.group("arg") or ""
        present = name in env
        non_empty = bool(env.get(name))
        if op in (":-", "-"):
            return env[name] if (non_empty if op == ":-" else present) else arg
        if op in (":?", "?"):
            if not (non_empty if op == ":?" else present):
                raise KeyError(f"{name} is required: {arg}")
            return env[name]
        return env.get(name, "")

    pattern = r"\$\$|\$\{(?P<name>[A-Za-z_][A-Za-z0-9_]*)(?:(?P<op>:?[-?])(?P<arg>[^}]*))?\}"
    return re.sub(pattern, substitute, value)


def service_environment(service: dict) -> dict[str, str]:
    environment = service.get("environment") or {}
    if isinstance(environment, list):
        environment = dict(item.split("=", 1) for item in environment)
    for env_file in service.get("env_file") or []:
        for line in (ROOT / env_file).read_text().splitlines():
            if line.strip() and not line.lstrip().startswith("#"):
                name, _, value = line.partition("=")
                environment.setdefault(name.strip(), value.strip())
    return {name: interpolate(str(value), OPERATOR_ENV) for name, value in environment.items()}


def command_text(service: dict) -> str:
    command = service.get("command", "")
    return " ".join(command) if isinstance(command, list) else command


def test_services_and_images(compose):
    services = compose["services"]
    assert {"web", "worker", "beat", "db", "redis"} <= set(services)
    assert services["db"]["image"].startswith("postgres:15")
    assert services["redis"]["image"].startswith("redis:7")
    for name in APP_SERVICES:
        assert "build" in services[name] or "image" in services[name]


def test_clamav_scans_uploads(compose):
    services = compose["services"]
    assert services["clamav"]["image"].startswith("clamav/clamav")
    assert "clamav-data" in compose["volumes"]
    for name in APP_SERVICES:
        assert service_environment(services[name])["CLAMD_URL"] == "tcp://clamav:3310"


def test_commands(compose):
    services = compose["services"]
    web = command_text(services["web"])
    assert web.startswith("gunicorn ccpl.wsgi:application")
    assert "--bind 0.0.0.0:8000" in web
    assert command_text(services["worker"]).startswith("celery -A ccpl worker")
    assert command_text(services["beat"]).startswith("celery -A ccpl beat")


def one_shot(compose: dict, name: str) -> bool:
    """A service that runs to completion and that the app services wait for."""
    service = compose["services"][name]
    waited_for = all(
        (compose["services"][app].get("depends_on") or {}).get(name, {}).get("condition")
        == "service_completed_successfully"
        for app in APP_SERVICES
    )
    return service.get("restart", "no") == "no" and waited_for


def test_every_long_running_service_has_a_healthcheck(compose):
    for name, service in compose["services"].items():
        healthcheck = service.get("healthcheck")
        assert healthcheck, f"service {name} has no healthcheck"
        if healthcheck.get("disable"):
            assert one_shot(compose, name), (
                f"service {name} runs on but its healthcheck is disabled"
            )
        else:
            assert healthcheck.get("test"), f"service {name}'s healthcheck has no test"


def test_healthchecks_test_the_right_thing(compose):
    services = compose["services"]
    flat = {name: json.dumps(s["healthcheck"].get("test")) for name, s in services.items()}
    assert "/healthz" in flat["web"]
    assert "pg_isready" in flat["db"]
    assert "redis-cli" in flat["redis"] and "ping" in flat["redis"]
    assert "inspect ping" in flat["worker"] and "celery@$$HOSTNAME" in flat["worker"]


def test_schema_is_migrated_before_the_app_starts(compose):
    services = compose["services"]
    migrate = [
        name
        for name, service in services.items()
        if "manage.py migrate" in command_text(service)
        or "manage.py migrate" in str(service.get("entrypoint", ""))
    ]
    assert migrate, "nothing runs manage.py migrate"
    for app in APP_SERVICES:
        depends_on = services[app].get("depends_on") or {}
        assert depends_on.get("db", {}).get("condition") == "service_healthy"
        assert depends_on.get("redis", {}).get("condition") == "service_healthy"
        assert depends_on.get(migrate[0], {}).get("condition") == "service_completed_successfully"


def test_named_volumes_for_database_and_private_files(compose):
    volumes = compose.get("volumes") or {}

    def named_mounts(service: dict) -> dict[str, str]:
        mounts = {}
        for volume in service.get("volumes") or []:
            source, target = volume.split(":")[:2]
            if source in volumes:
                mounts[target] = source
        return mounts

    assert "/var/lib/postgresql/data" in named_mounts(compose["services"]["db"])
    for app in APP_SERVICES:
        private_root = service_environment(compose["services"][app])["PRIVATE_MEDIA_ROOT"]
        assert private_root in named_mounts(compose["services"][app]), (
            f"{app}: PRIVATE_MEDIA_ROOT {private_root} is not on a named volume"
        )


def settings_read_names(environment: dict[str, str], tmp_path: Path) -> set[str]:
    """Import the production settings with this environment; return every name they read."""
    code = (
        "import json, importlib, os\n"
        "importlib.import_module(os.environ['DJANGO_SETTINGS_MODULE'])\n"
        "from ccpl.settings.environment import RecordingEnv\n"
        "print(json.dumps(sorted(RecordingEnv.read_names)))\n"
    )
    env = {"PATH": os.environ.get("PATH", ""), "CCPL_VAR_DIR": str(tmp_path), **environment}
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, f"production settings did not import:\n{result.stderr[-4000:]}"
    return set(json.loads(result.stdout.strip().splitlines()[-1]))


@pytest.mark.parametrize("name", APP_SERVICES)
def test_every_variable_set_is_read_by_the_settings(compose, name, tmp_path):
    environment = service_environment(compose["services"][name])
    assert environment.get("DJANGO_SETTINGS_MODULE") == "ccpl.settings.production"
    read = settings_read_names(environment, tmp_path)
    unread = set(environment) - read - READ_BY_DJANGO
    assert not unread, f"{name} sets variables the settings never read: {sorted(unread)}"
    for required in (
        "DATABASE_URL",
        "CELERY_BROKER_URL",
        "CACHE_URL",
        "SECRET_KEY",
        "EQUALITY_LINK_KEY",
        "ALLOWED_HOSTS",
    ):
        assert required in environment, f"{name} does not set {required}"


def test_secrets_come_from_the_operator(compose):
    raw = yaml.safe_load(COMPOSE.read_text())["services"]["web"]["environment"]
    assert re.fullmatch(r"\$\{SECRET_KEY:\?[^}]*\}", raw["SECRET_KEY"])
    assert re.fullmatch(r"\$\{EQUALITY_LINK_KEY:\?[^}]*\}", raw["EQUALITY_LINK_KEY"])
    assert "${POSTGRES_PASSWORD:?" in raw["DATABASE_URL"]


def test_docker_compose_accepts_the_file(tmp_path):
    docker_compose = shutil.which("docker-compose")
    assert docker_compose, "docker-compose is not installed (make test installs Debian's)"
    env = {"PATH": os.environ.get("PATH", ""), "HOME": str(tmp_path), **OPERATOR_ENV}
    result = subprocess.run(
        [docker_compose, "-f", str(COMPOSE), "config", "-q"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr

    # Without SECRET_KEY compose refuses to start.
    del env["SECRET_KEY"]
    result = subprocess.run(
        [docker_compose, "-f", str(COMPOSE), "config", "-q"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr
