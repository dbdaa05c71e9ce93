"""SQLite as a multi-user database: a WAL journal, a busy timeout, transactions that take
the write lock when they begin. Two writers at once both succeed, readers never fail
while a writer holds the lock, and public pages never open a transaction.

The SQLite tests run in subprocesses against a real file (the suite's own SQLite
database lives in memory, where there is no journal to share), with the project's
settings as a deployment reads them.
"""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse


from .test_security import PUBLIC_URL_ARGS

ROOT = Path(__file__).resolve().parent.parent
SAVES = 200


def python(database, code, *args, wait=True, **variables):
    """Run `code` with Django set up on the SQLite file `database`."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_"))}
    env.update(DJANGO_SETTINGS_MODULE="icor_registry.settings", DATABASE_URL=f"sqlite:///{database}",
               DJANGO_ALLOWED_HOSTS="testserver", DJANGO_STATIC_HASHED="0", **variables)
    command = [sys.executable, "-c", "import django; django.setup()\n" + code, *map(str, args)]
    if not wait:
        return subprocess.Popen(command, cwd=ROOT, env=env, stderr=subprocess.PIPE, text=True)
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout) if result.stdout else None


@pytest.fixture(scope="module")
def seeded(tmp_path_factory):
    """A SQLite file with every migration and the seed, made once for this module."""
    database = tmp_path_factory.mktemp("seeded") / "registry.sqlite3"
    python(database, "from django.core.management import call_command\n"
                     "call_command('migrate', verbosity=0)\n"
                     "call_command('loaddata', 'icor_members', verbosity=0)")
    return database


@pytest.fixture
def registry(seeded, tmp_path):
    """A copy of the seeded file for one test (all its connections were closed, so the
    file holds every commit)."""
    return Path(shutil.copyfile(seeded, tmp_path / "registry.sqlite3"))


READ_CONFIGURATION = """
import json
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
with connection.cursor() as cursor:
    pragmas = {name: cursor.execute(f"PRAGMA {name}").fetchone()[0]
               for name in ("journal_mode", "busy_timeout", "synchronous", "mmap_size")}
with CaptureQueriesContext(connection) as queries, transaction.atomic():
    pass
print(json.dumps({**pragmas, "begin": queries[0]["sql"]}))
"""


def test_a_connection_runs_with_wal_a_busy_timeout_and_immediate_transactions(tmp_path):
    configuration = python(tmp_path / "registry.sqlite3", READ_CONFIGURATION)
    # synchronous 1 is NORMAL; a transaction.atomic starts with the write lock; the file
    # is read through a memory map of up to 1 GiB.
    assert configuration == {"journal_mode": "wal", "busy_timeout": 20000, "synchronous": 1,
                             "mmap_size": 2**30, "begin": "BEGIN IMMEDIATE"}


def test_the_memory_map_is_read_from_the_environment(tmp_path):
    configuration = python(tmp_path / "registry.sqlite3", READ_CONFIGURATION,
                           DJANGO_SQLITE_MMAP_BYTES="0")
    assert configuration["mmap_size"] == 0


def test_the_busy_timeout_is_read_from_the_environment(tmp_path):
    configuration = python(tmp_path / "registry.sqlite3", READ_CONFIGURATION,
                           DJANGO_SQLITE_BUSY_TIMEOUT="3.5")
    assert configuration["busy_timeout"] == 3500


# Read the organization, then save it, in one transaction: what the admin's change form
# does. A deferred transaction fails at once ("database is locked") when another writer
# commits between its read and its write; an immediate one waits for the lock instead.
WRITER = """
import sys, time
from pathlib import Path
from django.db import transaction
from members.models import Organization
slug, go, saves = sys.argv[1], Path(sys.argv[2]), int(sys.argv[3])
while not go.exists():
    time.sleep(0.01)
for number in range(saves):
    with transaction.atomic():
        organization = Organization.objects.get(slug=slug)
        organization.english_name = f"Save {number}"
        organization.save()
"""


def test_two_writers_at_once_both_succeed(registry, tmp_path):
    go = tmp_path / "go"
    writers = [python(registry, WRITER, slug, go, SAVES, wait=False) for slug in ("tikb-tr", "mlpd-de")]
    go.touch()  # both start saving at the same moment
    failures = [writer.communicate(timeout=300)[1] for writer in writers]
    assert [writer.returncode for writer in writers] == [0, 0], failures

    stored = python(registry, "import json\nfrom members.models import Organization\n"
                    "print(json.dumps({o.slug: [o.english_name, Organization.history.filter(id=o.pk)"
                    ".count()] for o in Organization.objects.filter(slug__in=['tikb-tr', 'mlpd-de'])}))")
    # Every save landed: the last name, and one history entry per save after the seed's.
    assert stored == {slug: [f"Save {SAVES - 1}", SAVES + 1] for slug in ("tikb-tr", "mlpd-de")}


READ_UNDER_A_WRITER = """
import json, sqlite3, sys
from django.conf import settings
from django.test import Client
writer = sqlite3.connect(settings.DATABASES["default"]["NAME"], isolation_level=None)
writer.execute("BEGIN EXCLUSIVE")
writer.execute("UPDATE members_organization SET english_name = 'Not committed yet'")
client = Client(raise_request_exception=False)
pages = {url: client.get(url) for url in json.loads(sys.argv[1])}
writer.execute("ROLLBACK")
print(json.dumps({url: [page.status_code, b"Not committed yet" in page.getvalue()]
                  for url, page in pages.items()}))
"""


def test_public_pages_answer_while_a_writer_holds_the_lock(registry):
    urls = [reverse(f"members:{name}", args=args) for name, args in PUBLIC_URL_ARGS.items()]
    # A one-second busy timeout: a reader that waited for the writer would fail quickly.
    pages = python(registry, READ_UNDER_A_WRITER, json.dumps(urls), DJANGO_SQLITE_BUSY_TIMEOUT="1")
    # Every page answers, from the last commit.
    assert pages == {url: [200, False] for url in urls}


@pytest.mark.parametrize("name", sorted(PUBLIC_URL_ARGS))
def test_a_public_page_opens_no_transaction(seed, client, name):
    """No BEGIN or SAVEPOINT: on SQLite a transaction waits for the write lock (any
    database: ATOMIC_REQUESTS stays off and no public view uses transaction.atomic)."""
    url = reverse(f"members:{name}", args=PUBLIC_URL_ARGS[name])
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
        response.getvalue()  # a download reads the database as it streams
    assert response.status_code == 200
    statements = [query["sql"].lstrip("(").split()[0].upper() for query in queries]
    assert statements  # the page read the database, outside any transaction
    assert not {"BEGIN", "SAVEPOINT"} & set(statements)


SAVE_UNDER_A_WRITER = """
import json, re, sqlite3
from django.conf import settings
from django.contrib.auth.models import User
from django.test import Client
from members.models import Organization
client = Client(raise_request_exception=False)
client.force_login(User.objects.create_superuser("ana", password="a long passphrase"))
organization = Organization.objects.get(slug="tikb-tr")
url = f"/admin/members/organization/{organization.pk}/change/"
form = client.get(url).content.decode()
opened = re.search(r'name="opened_version" value="(\\d+)"', form)[1]
writer = sqlite3.connect(settings.DATABASES["default"]["NAME"], isolation_level=None)
writer.execute("BEGIN IMMEDIATE")
response = client.post(url, {
    "name": organization.name, "abbreviation": organization.abbreviation,
    "english_name": "Typed while the registry is busy", "country": organization.country_id,
    "opened_version": opened, "memberships-TOTAL_FORMS": 0, "memberships-INITIAL_FORMS": 0,
}, follow=True)
writer.execute("ROLLBACK")
print(json.dumps([response.status_code, response.content.decode(),
                  Organization.objects.get(slug="tikb-tr").english_name]))
"""


def test_an_editor_whose_save_waits_past_the_busy_timeout_is_told_not_failed(registry):
    status, page, stored = python(registry, SAVE_UNDER_A_WRITER, DJANGO_SQLITE_BUSY_TIMEOUT="1")
    assert status == 200
    assert "The registry is busy with another write (a large import, perhaps), so your " \
        "changes were not saved. Try again in a minute." in page
    assert stored != "Typed while the registry is busy"
