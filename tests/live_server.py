"""The real server for end-to-end tests: gunicorn started as the Procfile says, on a free
loopback port, stopped with SIGTERM. Each test module that needs one starts its own, once.

The launcher is ``scripts/_server.py``, shared with the benchmark, load and soak scripts;
``python -m pytest`` run from the repository root (as ``scripts/test`` runs it) finds it.
"""
from __future__ import annotations

from scripts._server import (LiveServer, ServerDidNotStart, free_port, live_server,
                             procfile_command, stop, wait_ready, wait_workers)

__all__ = ["LiveServer", "ServerDidNotStart", "free_port", "live_server", "procfile_command",
           "stop", "wait_ready", "wait_workers"]
