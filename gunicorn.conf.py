"""gunicorn settings, read from the environment (see the README's configuration table).

The Procfile passes --preload, so the model loads once in the master and the workers share
it.
"""
import os

workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
timeout = int(os.environ.get("QUOTES_TIMEOUT", "60"))
graceful_timeout = int(os.environ.get("QUOTES_GRACEFUL_TIMEOUT", "30"))
# Recycle workers now and then; the jitter keeps them from restarting together.
max_requests = int(os.environ.get("QUOTES_MAX_REQUESTS", "1000"))
max_requests_jitter = max(1, max_requests // 10) if max_requests else 0
limit_request_line = 8190
limit_request_fields = 100
limit_request_field_size = 8190
# The application writes its own JSON access log; gunicorn's would repeat it.
accesslog = None
errorlog = "-"
loglevel = os.environ.get("QUOTES_LOG_LEVEL", "info").lower()
