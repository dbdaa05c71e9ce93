"""gunicorn settings for the registry on a 2-core machine: `make serve`.

Each setting can be changed without editing this file through GUNICORN_CMD_ARGS,
e.g. GUNICORN_CMD_ARGS="--bind 0.0.0.0:8000 --workers 3".
"""

import os

wsgi_app = "icor_registry.wsgi:application"
# Loopback by default: a TLS proxy in front forwards to it.
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# One process per core; threads let a process keep serving while another request
# waits on the database or streams a download.
workers = int(os.environ.get("GUNICORN_WORKERS", "2"))
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
# Not a limit on a request: gthread workers keep telling the master they are alive
# while a request runs, so this only restarts a worker that stopped doing so (hung as
# a whole). What bounds a request is the database: PostgreSQL cancels a statement
# after DJANGO_DB_STATEMENT_TIMEOUT (10 s); SQLite gives up waiting for the write lock
# after DJANGO_SQLITE_BUSY_TIMEOUT (20 s). Request bodies are bounded by Django's
# upload limits and the import's file limits (settings.py). See README, "Serving".
timeout = 30
graceful_timeout = 30
# Seconds an idle keep-alive connection from the proxy stays open.
keepalive = 5
# Restart each worker now and then, so that no slow leak can grow without bound.
max_requests = 2000
max_requests_jitter = 200
# Load the application before forking: a broken configuration fails at start, once.
preload_app = True
# Access and error logs to the terminal (or the service manager's journal).
accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOGLEVEL", "info")
# Addresses whose X-Forwarded-Proto (and SCRIPT_NAME, PATH_INFO headers) gunicorn
# believes, comma-separated. Unset, nobody's: a client's "X-Forwarded-Proto: https"
# must not pass for HTTPS. Behind a TLS proxy (DJANGO_SECURE_PROXY_SSL_HEADER=1, which
# promises that the proxy sets or strips that header), the proxy on this machine.
# Set it with GUNICORN_FORWARDED_ALLOW_IPS (not --forwarded-allow-ips), so that the two
# settings below follow it.
forwarded_allow_ips = os.environ.get(
    "GUNICORN_FORWARDED_ALLOW_IPS",
    "127.0.0.1,::1" if os.environ.get("DJANGO_SECURE_PROXY_SSL_HEADER") == "1" else "",
)
# gunicorn trusts a UNIX socket's peer whatever the list says; so with nobody trusted,
# no header may set the scheme or the paths at all. Trusted, only the header Django's
# SECURE_PROXY_SSL_HEADER reads, with the value it expects.
secure_scheme_headers = {"X-FORWARDED-PROTO": "https"} if forwarded_allow_ips else {}
forwarder_headers = "SCRIPT_NAME,PATH_INFO" if forwarded_allow_ips else ""
