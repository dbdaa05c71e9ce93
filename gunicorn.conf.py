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
# A request may take this long before its worker is restarted; longer than the
# database's statement timeout, so a slow query is cancelled there first.
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
# Trust X-Forwarded-* only from a proxy on this machine.
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
