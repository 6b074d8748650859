"""scripts/backup and scripts/restore: a populated database and its files, backed up, restored into an empty
database and files folder, and compared row for row and byte for byte.

On SQLite the database is a scratch file; in the PostgreSQL leg (DATABASE_URL) two scratch databases beside the
test database are made and dropped. Everything runs in subprocesses, as an operator would run the scripts.
"""

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]
BASH = shutil.which("bash")
POPULATE = """
from tests.applications.factories import CompleteApplicationFactory, ResumeFactory
from tests.factories import PairingFactory
from tests.portfolios.factories import ArtifactFactory, PortfolioFactory
from tests.files import docx_bytes
import factory
pairing = PairingFactory()
application = CompleteApplicationFactory(cohort=pairing.cohort, organization="Ünïcode USD 😀")
ResumeFactory(application=application)
portfolio = PortfolioFactory(cohort=pairing.cohort, candidate=pairing.candidate)
ArtifactFactory(portfolio=portfolio, link="", file=factory.django.FileField(filename="a.docx", data=docx_bytes()),
                original_name="plan.docx", content_type="application/msword", size=10)
"""


def run(args, env, **kwargs):
    result = subprocess.run(args, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300, **kwargs)  # noqa: S603
    assert result.returncode == 0, f"{args}: {result.stdout}\n{result.stderr}"
    return result.stdout


def manage(env, *args):
    return run([sys.executable, "manage.py", *args], env)


def files_of(root: Path):
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def base_env(tmp_path):
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DATABASE_URL", "REDIS_URL", "DJANGO_SETTINGS_MODULE")
    }
    return {
        **env,
        "DEBUG": "true",
        "DJANGO_SETTINGS_MODULE": "cto_mentor.settings",
        "SECURE_SSL_REDIRECT": "false",
    }


@pytest.fixture
def databases(tmp_path, db):
    """(source URL, empty target URL) of the same kind as the test database; PostgreSQL ones are dropped after."""
    if connection.vendor != "postgresql":
        yield f"sqlite:///{tmp_path / 'source.sqlite3'}", f"sqlite:///{tmp_path / 'restored.sqlite3'}"
        return
    settings = connection.settings_dict
    password = f":{settings['PASSWORD']}" if settings.get("PASSWORD") else ""
    server = f"postgres://{settings['USER']}{password}@{settings['HOST'] or '127.0.0.1'}:{settings['PORT'] or 5432}"
    names = [f"{settings['NAME']}_backup_source", f"{settings['NAME']}_backup_restored"]
    env = {**os.environ, "PGCONNECT_TIMEOUT": "10"}
    for name in names:
        run(["dropdb", "--if-exists", "--maintenance-db", f"{server}/postgres", name], env)
        run(["createdb", "--maintenance-db", f"{server}/postgres", name], env)
    yield tuple(f"{server}/{name}" for name in names)
    for name in names:
        run(["dropdb", "--if-exists", "--maintenance-db", f"{server}/postgres", name], env)


def test_backup_restores_into_an_empty_database_identically(tmp_path, databases):
    source_url, target_url = databases
    source = {**base_env(tmp_path), "DATABASE_URL": source_url, "PRIVATE_MEDIA_ROOT": str(tmp_path / "files")}
    target = {
        **base_env(tmp_path),
        "DATABASE_URL": target_url,
        "PRIVATE_MEDIA_ROOT": str(tmp_path / "restored"),
    }
    manage(source, "migrate", "--no-input")
    manage(source, "shell", "-c", POPULATE)

    archive = run([BASH, "scripts/backup", str(tmp_path / "backups")], source).strip().splitlines()[-1]
    assert Path(archive).name.startswith("cto-mentor-") and archive.endswith(".tar.gz")
    run([BASH, "scripts/restore", archive], target)

    dump = ["dumpdata", "--indent", "1", "--exclude", "sessions"]
    restored = manage(target, *dump)
    assert restored == manage(source, *dump)
    assert "Ünïcode USD 😀" in restored
    assert files_of(tmp_path / "restored") == files_of(tmp_path / "files")
    assert len(files_of(tmp_path / "files")) == 2
    assert manage(target, "migrate", "--check") is not None  # the restored schema is fully migrated


def test_restore_refuses_a_database_that_is_not_empty(tmp_path, databases):
    source_url, _ = databases
    source = {**base_env(tmp_path), "DATABASE_URL": source_url, "PRIVATE_MEDIA_ROOT": str(tmp_path / "files")}
    manage(source, "migrate", "--no-input")
    archive = run([BASH, "scripts/backup", str(tmp_path / "backups")], source).strip().splitlines()[-1]
    other_files = {**source, "PRIVATE_MEDIA_ROOT": str(tmp_path / "elsewhere")}
    result = subprocess.run(  # noqa: S603
        [BASH, "scripts/restore", archive],
        cwd=ROOT,
        env=other_files,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 1
    assert "restore into" in result.stderr
