"""gunicorn settings: `gunicorn -c config/gunicorn.conf.py "recruit:create_app()"`.

The app is stateless (sessions on the server in Redis or the database, jobs and their results
in the database), so any number of these processes may run behind a proxy. Values come from
the environment.
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# Two workers per core is gunicorn's rule of thumb; the solver runs in job workers, not here.
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2))
threads = int(os.environ.get("GUNICORN_THREADS", "2"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 20
# No access log: gunicorn's would write client addresses and full paths, and the paths of
# private links carry their tokens. The app logs one JSON line per request without either.
accesslog = None
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "info").lower()
# Proxies allowed to set X-Forwarded-* (see TRUSTED_PROXIES for the app's side).
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
