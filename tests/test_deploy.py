"""A production configuration: deploy checks clean, no serving with the development key,
HTTPS switches, the client address behind proxies, hashed static files with long lifetimes,
forwarded headers believed only from a proxy the deployment names."""

import http.client
import json
import os
import re
import runpy
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.core.management import call_command

ROOT = Path(__file__).resolve().parent.parent
SECRET = "k3P9-vQz_8wYt2Lr5Xn7Bc4Hd6Jf1Gs0Ma3Ne8Ro5Ti2Uy7Wq4Ep9Zx6Cv1Bn0Mk"
PRODUCTION = {
    "DJANGO_DEBUG": "0",
    "DJANGO_SECRET_KEY": SECRET,
    "DJANGO_ALLOWED_HOSTS": "registry.example.org",
    "REGISTRY_CORRECTIONS_EMAIL": "corrections@icor-registry.net",
}


def environment(**variables):
    """This process's environment without any DJANGO_ or GUNICORN_ setting, plus `variables`."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "GUNICORN_"))}
    return {**env, **variables}


def run(args, **variables):
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=environment(**variables),
        capture_output=True, text=True, timeout=120,
    )


def deploy_check(**variables):
    return run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], **variables)


def settings_in(names, **variables):
    """The values of the settings `names` as the environment `variables` make them."""
    script = (
        "import json, django; django.setup(); from django.conf import settings; "
        f"print(json.dumps({{n: getattr(settings, n, None) for n in {names!r}}}, default=str))"
    )
    result = run(["-c", script], DJANGO_SETTINGS_MODULE="icor_registry.settings", **variables)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_the_deploy_checks_pass_with_debug_off_a_secret_key_and_hosts():
    result = deploy_check(**PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


@pytest.mark.parametrize(
    "variable, check",
    [
        ("DJANGO_SECURE_SSL_REDIRECT", "security.W008"),
        ("DJANGO_SECURE_HSTS_SECONDS", "security.W004"),
        ("DJANGO_SESSION_COOKIE_SECURE", "security.W012"),
        ("DJANGO_CSRF_COOKIE_SECURE", "security.W016"),
    ],
)
def test_each_https_setting_can_be_switched_off_and_the_deploy_checks_say_so(variable, check):
    result = deploy_check(**PRODUCTION, **{variable: "0"})
    assert result.returncode != 0
    assert check in result.stderr


def test_the_deploy_checks_fail_without_a_real_secret_key():
    variables = {**PRODUCTION}
    del variables["DJANGO_SECRET_KEY"]
    result = deploy_check(**variables)
    assert result.returncode != 0
    assert "security.W009" in result.stderr


def test_https_is_off_without_a_deployment_and_on_when_asked():
    names = ["SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS", "SESSION_COOKIE_SECURE",
             "CSRF_COOKIE_SECURE", "SECURE_PROXY_SSL_HEADER"]
    assert settings_in(names) == dict.fromkeys(names, False) | {
        "SECURE_HSTS_SECONDS": 0, "SECURE_PROXY_SSL_HEADER": None}
    assert settings_in(names, DJANGO_HTTPS="1", DJANGO_SECURE_PROXY_SSL_HEADER="1") == {
        "SECURE_SSL_REDIRECT": True, "SECURE_HSTS_SECONDS": 31536000, "SESSION_COOKIE_SECURE": True,
        "CSRF_COOKIE_SECURE": True, "SECURE_PROXY_SSL_HEADER": ["HTTP_X_FORWARDED_PROTO", "https"]}


def test_a_plain_http_trial_of_a_deployment_switches_https_off():
    names = ["SECURE_SSL_REDIRECT", "SESSION_COOKIE_SECURE"]
    assert settings_in(names, **PRODUCTION, DJANGO_HTTPS="0") == dict.fromkeys(names, False)


def serve_check(**variables):
    """Load the WSGI application as gunicorn would."""
    return run(["-c", "import icor_registry.wsgi"], **variables)


def test_the_server_refuses_to_start_with_the_development_key():
    result = serve_check(DJANGO_DEBUG="0")
    assert result.returncode != 0
    assert "Set DJANGO_SECRET_KEY to a long random string" in result.stderr


def test_the_server_starts_with_a_secret_key_or_with_debug_pages():
    assert serve_check(**PRODUCTION).returncode == 0
    assert serve_check(DJANGO_DEBUG="1").returncode == 0


def client_address(trusted_proxies, forwarded_for):
    """The address sign-in failures are counted against, for a request from 127.0.0.1."""
    script = (
        "import django; django.setup(); from django.test import RequestFactory; "
        "from axes.helpers import get_client_ip_address; "
        f"r = RequestFactory().post('/admin/login/', HTTP_X_FORWARDED_FOR={forwarded_for!r}); "
        "print(get_client_ip_address(r))"
    )
    result = run(["-c", script], DJANGO_SETTINGS_MODULE="icor_registry.settings",
                 DJANGO_TRUSTED_PROXIES=str(trusted_proxies))
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_without_proxies_the_lockout_ignores_x_forwarded_for():
    assert client_address(0, "198.51.100.23") == "127.0.0.1"


def test_behind_one_proxy_the_lockout_takes_the_address_the_proxy_saw():
    assert client_address(1, "198.51.100.23") == "198.51.100.23"
    # Whatever a client writes into the header itself stays to the left, unused.
    assert client_address(1, "192.0.2.99, 198.51.100.23") == "198.51.100.23"


def test_behind_two_proxies_the_lockout_counts_from_the_right():
    assert client_address(2, "192.0.2.99, 198.51.100.23, 203.0.113.5") == "198.51.100.23"


@pytest.fixture
def collected(settings, tmp_path):
    """Static files collected as `make serve` does, into a fresh folder."""
    settings.STATIC_ROOT = tmp_path / "static"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    call_command("collectstatic", interactive=False, verbosity=0)
    return settings.STATIC_ROOT


def test_pages_link_hashed_static_files_served_for_ten_years(db, client, collected):
    page = client.get("/").content.decode()
    [stylesheet] = re.findall(r'href="(/static/css/site\.[0-9a-f]{12}\.css)"', page)

    response = client.get(stylesheet, HTTP_ACCEPT_ENCODING="gzip")
    assert response.status_code == 200
    assert response["Cache-Control"] == "max-age=315360000, public, immutable"
    assert response["Content-Encoding"] == "gzip"
    assert response["Content-Type"].startswith("text/css")


def test_static_files_under_their_plain_names_are_cached_briefly(db, client, collected):
    response = client.get("/static/css/site.css")
    assert response.status_code == 200
    assert response["Cache-Control"] == "max-age=60, public"


def test_gunicorn_runs_threaded_workers_for_two_cores(settings, monkeypatch):
    config = gunicorn_config(monkeypatch)
    assert (config["workers"], config["worker_class"], config["threads"]) == (2, "gthread", 4)
    assert config["wsgi_app"] == "icor_registry.wsgi:application"
    assert config["accesslog"] == "-"
    # gunicorn restarts a hung worker only after the database would have cancelled its query.
    assert config["timeout"] * 1000 > settings.DATABASE_STATEMENT_TIMEOUT


# Forwarded headers: believed only from a proxy the deployment names.


def gunicorn_config(monkeypatch, **variables):
    """gunicorn.conf.py's values in an environment of no DJANGO_ or GUNICORN_ variable
    but `variables`."""
    for name in list(os.environ):
        if name.startswith(("DJANGO_", "GUNICORN_")):
            monkeypatch.delenv(name)
    for name, value in variables.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(ROOT / "gunicorn.conf.py"))


def test_gunicorn_believes_no_forwarded_header_by_default(monkeypatch):
    config = gunicorn_config(monkeypatch)
    assert config["forwarded_allow_ips"] == ""
    # Not even from a UNIX socket's peer, which gunicorn trusts whatever the list says.
    assert config["secure_scheme_headers"] == {}
    assert config["forwarder_headers"] == ""


def test_behind_a_tls_proxy_gunicorn_believes_the_proxy_on_this_machine(monkeypatch):
    config = gunicorn_config(monkeypatch, DJANGO_SECURE_PROXY_SSL_HEADER="1")
    assert config["forwarded_allow_ips"] == "127.0.0.1,::1"
    assert config["secure_scheme_headers"] == {"X-FORWARDED-PROTO": "https"}

    config = gunicorn_config(monkeypatch, GUNICORN_FORWARDED_ALLOW_IPS="10.0.0.5")
    assert config["forwarded_allow_ips"] == "10.0.0.5"
    assert config["secure_scheme_headers"] == {"X-FORWARDED-PROTO": "https"}


@pytest.fixture(scope="module")
def seeded_file(tmp_path_factory):
    """The variables of a SQLite registry file with the seed, for a real server."""
    folder = tmp_path_factory.mktemp("served")
    (folder / "static").mkdir()
    served = {"DATABASE_URL": f"sqlite:///{folder / 'registry.sqlite3'}",
              "DJANGO_STATIC_ROOT": str(folder / "static"), "DJANGO_STATIC_HASHED": "0"}
    for args in (["migrate", "--verbosity=0"], ["loaddata", "icor_members", "--verbosity=0"]):
        result = run(["manage.py", *args], **served)
        assert result.returncode == 0, result.stderr
    return served


@contextmanager
def gunicorn(served, **variables):
    """gunicorn with gunicorn.conf.py and production settings on a free loopback port;
    yields a function that sends one request with `X-Forwarded-Proto: https`."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    env = environment(**PRODUCTION, **served, GUNICORN_BIND=f"127.0.0.1:{port}",
                      GUNICORN_LOGLEVEL="warning", **variables)
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "--config", "gunicorn.conf.py",
         "--access-logfile", os.devnull, "--no-control-socket"], cwd=ROOT, env=env,
    )

    def get(path):
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        try:
            # Connection: close, so that no kept-alive connection holds up the shutdown.
            connection.request("GET", path, headers={
                "Host": "registry.example.org", "X-Forwarded-Proto": "https",
                "Connection": "close"})
            response = connection.getresponse()
            return response.status, response.getheader("Location"), response.read()
        finally:
            connection.close()

    try:
        for _ in range(300):  # until it listens (a minute at most)
            assert server.poll() is None, "gunicorn exited"
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.2)
        yield get
    finally:
        server.terminate()
        try:
            # gunicorn lets its workers finish for up to graceful_timeout (30 s).
            server.wait(timeout=60)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
            raise


def test_a_clients_x_forwarded_proto_does_not_stop_the_https_redirect(seeded_file):
    with gunicorn(seeded_file) as get:
        status, location, _ = get("/organizations.json")
    assert (status, location) == (301, "https://registry.example.org/organizations.json")


def test_a_clients_x_forwarded_proto_does_not_change_the_urls_in_the_json(seeded_file):
    with gunicorn(seeded_file, DJANGO_HTTPS="0") as get:
        status, _, body = get("/organizations.json")
    assert status == 200
    urls = [result["url"] for result in json.loads(body)["results"]]
    assert urls and all(url.startswith("http://registry.example.org/") for url in urls)


def test_a_proxy_named_in_the_configuration_is_believed(seeded_file):
    with gunicorn(seeded_file, DJANGO_HTTPS="0", GUNICORN_FORWARDED_ALLOW_IPS="127.0.0.1") as get:
        status, _, body = get("/organizations.json")
    assert status == 200
    urls = [result["url"] for result in json.loads(body)["results"]]
    assert urls and all(url.startswith("https://registry.example.org/") for url in urls)


def test_env_example_lists_every_variable_the_settings_and_gunicorn_read():
    read = set()
    for source in ("icor_registry/settings.py", "gunicorn.conf.py"):
        text = (ROOT / source).read_text()
        read |= set(re.findall(r'(?:environ\.get|env_flag)\(\s*"([A-Z_]+)"', text))
    assert {"DJANGO_SQLITE_BUSY_TIMEOUT", "GUNICORN_FORWARDED_ALLOW_IPS"} <= read
    listed = set(re.findall(r"^#? ?([A-Z_]+)=", (ROOT / ".env.example").read_text(), re.M))
    assert read - listed == set()


@pytest.mark.parametrize("address", [None, "corrections@example.org", "someone@EXAMPLE.com"])
def test_the_deploy_checks_warn_while_corrections_go_to_no_one(address):
    variables = {**PRODUCTION, "REGISTRY_CORRECTIONS_EMAIL": address}
    if address is None:
        del variables["REGISTRY_CORRECTIONS_EMAIL"]
    result = deploy_check(**variables)
    assert result.returncode == 1
    assert "members.W001" in result.stderr
    assert "REGISTRY_CORRECTIONS_EMAIL is" in result.stderr
