"""The gunicorn settings' hooks, run as gunicorn runs them in a worker."""
from __future__ import annotations

import ctypes
import ctypes.util
import os
import runpy
import shutil
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


CONF = _run_conf()


@pytest.mark.skipif(CONF["_TRIM"] is None or CONF["_MALLINFO"] is None,
                    reason="the C library has no malloc_trim or mallinfo2")
@pytest.mark.parametrize("body_bytes, freed_mb, given_back", [
    (1 << 20, 10, True),  # after a large request, however little the heap keeps free
    (20_000, 50, True),  # after an ordinary one, once the heap keeps much free at its top
    (20_000, 10, False),  # not when it keeps little: the next request would fault it in
])
def test_a_worker_gives_back_the_memory_a_request_freed(body_bytes, freed_mb, given_back):
    libc = ctypes.CDLL(ctypes.util.find_library("c"))
    libc.malloc.restype = ctypes.c_void_p
    libc.free.argtypes = [ctypes.c_void_p]
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # a process of its own, so that its memory is what this test did
        try:
            libc.mallopt(_M_TRIM_THRESHOLD, 1 << 30)  # as after freeing large arrays: the
            libc.malloc_trim(0)                       # C library keeps a free top
            chunks = [libc.malloc(100_000) for _ in range(2 * 10 * freed_mb)]  # on the heap
            for chunk in chunks:
                ctypes.memset(chunk, 1, 100_000)
            for chunk in reversed(chunks[len(chunks) // 2:]):  # the top half: a free top
                libc.free(chunk)
            before = psutil.Process().memory_full_info().uss
            CONF["post_request"](None, None, {"CONTENT_LENGTH": str(body_bytes)}, None)
            after = psutil.Process().memory_full_info().uss
            os.write(write, f"{before} {after}".encode())
        finally:
            os._exit(0)
    os.waitpid(pid, 0)
    before, after = map(int, os.read(read, 100).split())
    assert (before - after > (freed_mb - 8) << 20) == given_back  # most of it, or nothing


_M_TRIM_THRESHOLD = -1  # glibc's mallopt parameter
