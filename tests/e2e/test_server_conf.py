"""The gunicorn settings' hooks, run as gunicorn runs them in a worker."""
from __future__ import annotations

import os
import runpy
import shutil
import subprocess
import sys
from pathlib import Path

import psutil
import pytest



def _run_conf() -> dict:
    """gunicorn.conf.py's names, without what reading it does to this process: it points
    prometheus_client at a metrics folder of its own, which would leave the application
    tests of this session counting into files while their /metrics reads its registry."""
    saved = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    try:
        conf = runpy.run_path(str(Path(__file__).resolve().parents[2] / "gunicorn.conf.py"))
    finally:
        made = os.environ.pop("PROMETHEUS_MULTIPROC_DIR", None)
        if saved is not None:
            os.environ["PROMETHEUS_MULTIPROC_DIR"] = saved
        elif made is not None:
            shutil.rmtree(made, ignore_errors=True)
    return conf


CONF_PATH = Path(__file__).resolve().parents[2] / "gunicorn.conf.py"
CONF = _run_conf()


@pytest.mark.skipif(CONF["_TRIM"] is None or CONF["_MALLINFO"] is None,
                    reason="the C library has no malloc_trim or mallinfo2")
@pytest.mark.parametrize("body_bytes, freed_mb, given_back", [
    (1 << 20, 10, True),  # after a large request, however little the heap keeps free
    (20_000, 50, True),  # after an ordinary one, once the heap keeps much free at its top
    (20_000, 10, False),  # not when it keeps little: the next request would fault it in
])
def test_a_worker_gives_back_the_memory_a_request_freed(body_bytes, freed_mb, given_back,
                                                         tmp_path):
    # A fresh interpreter, so that its heap is what this test did: a process forked from
    # this one would inherit whichever allocation arena its thread last used.
    result = subprocess.run(
        [sys.executable, "-c", _CHILD, str(CONF_PATH), str(body_bytes), str(freed_mb)],
        env={**os.environ, "PROMETHEUS_MULTIPROC_DIR": str(tmp_path)},
        capture_output=True, text=True, timeout=120, check=True)
    before, after = map(int, result.stdout.split())
    assert (before - after > (freed_mb - 8) << 20) == given_back  # most of it, or nothing


_CHILD = """
import ctypes, ctypes.util, runpy, sys
import psutil
conf_path, body_bytes, freed_mb = sys.argv[1], sys.argv[2], int(sys.argv[3])
conf = runpy.run_path(conf_path)
libc = ctypes.CDLL(ctypes.util.find_library("c"))
libc.malloc.restype = ctypes.c_void_p
libc.free.argtypes = [ctypes.c_void_p]
libc.mallopt(-1, 1 << 30)  # M_TRIM_THRESHOLD, as after freeing large arrays: the C library
libc.malloc_trim(0)        # keeps a free top
chunks = [libc.malloc(100_000) for _ in range(2 * 10 * freed_mb)]  # on the heap
for chunk in chunks:
    ctypes.memset(chunk, 1, 100_000)
for chunk in reversed(chunks[len(chunks) // 2:]):  # the top half: a free top
    libc.free(chunk)
before = psutil.Process().memory_full_info().uss
conf["post_request"](None, None, {"CONTENT_LENGTH": body_bytes}, None)
after = psutil.Process().memory_full_info().uss
print(before, after)
"""
