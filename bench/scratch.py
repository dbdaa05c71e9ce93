"""Scratch registries and a real gunicorn for the concurrency figures.

Used by bench/concurrency.py (editors saving at once), bench/import_readers.py (public
pages during a large import) and bench/import_kill.py (an import killed mid-write).
Everything they build lives in bench/out/concurrency/ or in a scratch PostgreSQL
database that is dropped afterwards; the server runs with gunicorn.conf.py and
production settings (debug off, a secret key), on loopback, over plain HTTP.
"""

import os
import secrets
import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from .clients import free_port, percentile, wait_until_up

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out" / "concurrency"
HOST = "127.0.0.1"
# Where `--database postgres` makes its scratch databases (a role that may create them).
POSTGRES_URL = os.environ.get("BENCH_POSTGRES_URL", "postgres://icor:icor@127.0.0.1:5432/postgres")


def environment(database_url, **variables):
    """This process's environment with production settings and `database_url`."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("DJANGO_", "GUNICORN_", "DATABASE_"))}
    env.update(
        DJANGO_SETTINGS_MODULE="icor_registry.settings",
        DATABASE_URL=database_url,
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_ALLOWED_HOSTS=HOST,
        # Plain HTTP on loopback: no redirect to HTTPS, cookies without `Secure`.
        DJANGO_HTTPS="0",
        # Connections kept between requests, as in production.
        DJANGO_CONN_MAX_AGE="60",
        # Pages link plain static names: no collectstatic needed, none is fetched.
        DJANGO_STATIC_HASHED="0",
        DJANGO_STATIC_ROOT=str(OUT / "static"),
        GUNICORN_LOGLEVEL="warning",
        **variables,
    )
    return env


def setup_django(env):
    """Configure Django in this process for the scratch database of `env`."""
    (OUT / "static").mkdir(parents=True, exist_ok=True)
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def manage(env, *args):
    """Run `manage.py args` in a subprocess; return its standard output."""
    done = subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env,
                          check=True, capture_output=True, text=True)
    return done.stdout


def sqlite_url(path):
    return f"sqlite:///{path}"


def remove_sqlite(path):
    """Delete a SQLite database with its WAL and shared-memory files."""
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


@contextmanager
def sqlite_database(path):
    """A scratch SQLite database at `path`, removed at the end; yields its URL."""
    OUT.mkdir(parents=True, exist_ok=True)
    remove_sqlite(path)
    try:
        yield sqlite_url(path)
    finally:
        remove_sqlite(path)


@contextmanager
def postgres_database(server_url=POSTGRES_URL):
    """A fresh PostgreSQL database for one run (dropped at the end); yields its URL."""
    import psycopg

    name = f"icor_concurrency_{os.getpid()}"
    with psycopg.connect(server_url, autocommit=True) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {name}")
        # C.UTF-8, as the README creates the registry's database.
        admin.execute(f"CREATE DATABASE {name} ENCODING 'UTF8' LC_COLLATE 'C.UTF-8' "
                      "LC_CTYPE 'C.UTF-8' TEMPLATE template0")
    parts = urlsplit(server_url)
    try:
        yield urlunsplit(parts._replace(path=f"/{name}"))
    finally:
        from django.db import connections

        connections.close_all()
        with psycopg.connect(server_url, autocommit=True) as admin:
            admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@contextmanager
def gunicorn(env, log):
    """gunicorn with gunicorn.conf.py on a free loopback port; yields the port."""
    from django.db import connections

    connections.close_all()  # this process's connection stays out of the server's way
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "--config", str(ROOT / "gunicorn.conf.py"),
         "--access-logfile", str(log),
         # Leave the control socket of any other gunicorn on this machine alone.
         "--no-control-socket"],
        cwd=ROOT, env={**env, "GUNICORN_BIND": f"{HOST}:{port}"},
    )
    try:
        wait_until_up(port, server)
        yield port
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()


def generated_fixture(n):
    """A JSON fixture of `n` synthetic organizations (bench/generate.py), made once."""
    OUT.mkdir(parents=True, exist_ok=True)
    fixture = OUT / f"registry-{n}.json"
    if fixture.exists():
        return fixture
    database = OUT / f"generate-{n}.sqlite3"
    remove_sqlite(database)
    env = environment(sqlite_url(database))
    manage(env, "migrate", "--verbosity=0")
    subprocess.run([sys.executable, "-c", "import django; django.setup(); "
                    f"from bench.generate import build; build({n})"],
                   cwd=ROOT, env=env, check=True)
    manage(env, "export_registry", "--output", str(fixture))
    remove_sqlite(database)
    return fixture


def summary(seconds):
    """(p50, p99, max) of `seconds`, in milliseconds."""
    if not seconds:
        return (0.0, 0.0, 0.0)
    ordered = sorted(seconds)
    return tuple(1000 * v for v in (percentile(ordered, 0.5), percentile(ordered, 0.99), ordered[-1]))
