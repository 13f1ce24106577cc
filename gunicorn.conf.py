"""gunicorn settings for baove: `gunicorn -c gunicorn.conf.py` (read by `make run` and production).

Command-line options win over these. Environment variables (all optional):
GUNICORN_BIND (127.0.0.1:8000), GUNICORN_WORKERS (2), GUNICORN_THREADS (4), GUNICORN_TIMEOUT (60),
GUNICORN_FORWARDED_ALLOW_IPS (127.0.0.1,::1: the reverse proxy's addresses, whose X-Forwarded-*
headers are believed), LOG_LEVEL (warning).
"""

import os

import gunicorn.http.wsgi

wsgi_app = "baove.wsgi:application"
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# One worker per core, four threads each (kept after measuring the portal, docs/performance.md).
# A portal submission is about 90 % one Argon2id hash (t=3, 64 MiB), which releases the GIL, so
# the threads of one worker hash in parallel: 8 requests in flight keep both cores hashing while
# others wait on PostgreSQL, at 8 × 64 MiB of hash memory at most. More threads would only queue
# more hashes on the same cores (and more memory); more workers would add processes, not CPU.
workers = int(os.environ.get("GUNICORN_WORKERS", "2"))
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1,::1")

# No access log: a request line carries the client's address (docs/threat-model.md, "Network and logs").
accesslog = None
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "warning").lower()

# Requests larger than these are refused before Django sees them.
limit_request_line = 8190
limit_request_fields = 100
limit_request_field_size = 8190

# No server banner. gunicorn writes "Server: gunicorn" itself, after the application has answered,
# so no Django middleware can remove it; drop the line where gunicorn builds its headers.
_default_headers = gunicorn.http.wsgi.Response.default_headers


def _headers_without_server(self):
    return [line for line in _default_headers(self) if not line.lower().startswith("server:")]


gunicorn.http.wsgi.Response.default_headers = _headers_without_server
