"""The production shape: docker-compose, the Procfile, production settings and seed data."""

import importlib
import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from django.core.management import call_command, get_commands
from django.core.management.base import CommandError

from sen_portal.accounts.models import User

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent


def compose():
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def assert_command_exists(argv: list[str]) -> None:
    """Each process the stack starts names something this project really has."""
    program = argv[0]
    if program == "python" and argv[1] == "manage.py":
        assert argv[2] in get_commands(), argv
    elif program == "gunicorn":
        module, _, attr = argv[1].partition(":")
        assert (ROOT / (module.replace(".", "/") + ".py")).exists(), argv
        assert attr == "application"
        assert shutil.which("gunicorn", path=str(VENV_BIN)), "gunicorn is not installed"
    elif program == "celery":
        assert argv[1:3] == ["-A", "sen_portal"], argv
        assert argv[3] in {"worker", "beat", "inspect"}, argv
        assert importlib.import_module("sen_portal.celery").app.main == "sen_portal"
        assert shutil.which("celery", path=str(VENV_BIN)), "celery is not installed"
    else:
        pytest.fail(f"unknown program in {argv}")


def test_compose_runs_the_whole_production_stack():
    services = compose()["services"]
    assert {"web", "worker", "beat", "postgres", "redis"} <= set(services)
    for name in ("web", "worker", "postgres", "redis"):
        assert "healthcheck" in services[name], name
    assert services["postgres"]["volumes"], "PostgreSQL data must live on a volume"


def test_every_compose_command_exists_in_the_project():
    for service in compose()["services"].values():
        if "command" in service and "build" in service:
            assert_command_exists(service["command"])


def test_every_procfile_command_exists_in_the_project():
    for line in (ROOT / "Procfile").read_text().splitlines():
        _name, _, command = line.partition(":")
        argv = shlex.split(command)
        if argv[:2] == ["python", "manage.py"]:
            assert argv[2] in get_commands()
        else:
            assert_command_exists(argv)


def test_compose_keeps_secrets_out_of_the_file():
    env = compose()["x-app"]["environment"]
    assert env["DJANGO_SECRET_KEY"].startswith("${")
    assert env["DJANGO_SETTINGS_MODULE"] == "sen_portal.settings.production"


def run_manage(*args, env_overrides):
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update(env_overrides)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


PRODUCTION = {
    "DJANGO_SETTINGS_MODULE": "sen_portal.settings.production",
    "DJANGO_SECRET_KEY": "a-production-like-secret-key-that-is-long-and-random-3f9a8b7c6d5e",
    "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/postgres",
    "DJANGO_ALLOWED_HOSTS": "send.example.org",
}


def test_production_settings_pass_check_deploy_with_no_warnings():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env_overrides=PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    env = {k: v for k, v in PRODUCTION.items() if k != "DJANGO_SECRET_KEY"}
    result = run_manage("check", env_overrides=env)
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_production_sends_a_strict_content_security_policy(settings):
    policy = settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]
    assert "'unsafe-inline'" not in policy["script-src"] + policy["style-src"]


def test_seed_demo_refuses_to_run_with_debug_off(db, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("seed_demo")
    assert not User.objects.exists()


def test_postgresql_connections_run_without_jit(db):
    """Short aggregates pay more for JIT compiling than they save (see settings.database)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone() == ("off",)


def test_every_beat_schedule_entry_names_a_registered_task(settings):
    from sen_portal.celery import app

    app.loader.import_default_modules()  # the apps' tasks modules, as a worker does
    scheduled = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert scheduled - set(app.tasks) == set()
    assert "plans.tasks.plan_pdfs_catch_up" in scheduled


def test_behind_a_transaction_pooler_the_database_keeps_nothing_on_its_connection(
    monkeypatch,
):
    # PgBouncer's transaction mode: neither server-side cursors nor prepared statements
    # (sen_portal.prepared) outlive a transaction's server connection.
    from sen_portal.settings.base import database

    url = "postgres://app@db.example.org:5432/sen_portal"
    assert database(url, conn_max_age=60)["DISABLE_SERVER_SIDE_CURSORS"] is False
    monkeypatch.setenv("DATABASE_TRANSACTION_POOLING", "1")
    assert database(url, conn_max_age=60)["DISABLE_SERVER_SIDE_CURSORS"] is True
