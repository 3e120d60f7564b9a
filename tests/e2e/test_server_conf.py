"""The gunicorn settings' hooks, run as gunicorn runs them in a worker."""
from __future__ import annotations

import ctypes
import ctypes.util
import os
import runpy
from pathlib import Path

import psutil
import pytest

CONF = runpy.run_path(str(Path(__file__).resolve().parents[2] / "gunicorn.conf.py"))


@pytest.mark.skipif(CONF["_TRIM"] is None, reason="the C library has no malloc_trim")
@pytest.mark.parametrize("body_bytes, given_back", [(1 << 20, True), (20_000, False)])
def test_a_worker_gives_back_the_memory_a_large_request_freed(body_bytes, given_back):
    libc = ctypes.CDLL(ctypes.util.find_library("c"))
    libc.malloc.restype = ctypes.c_void_p
    libc.free.argtypes = [ctypes.c_void_p]
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # a process of its own, so that its memory is what this test did
        try:
            chunks = [libc.malloc(100_000) for _ in range(1000)]  # 100 MB on the heap
            for chunk in chunks:
                ctypes.memset(chunk, 1, 100_000)
            for chunk in chunks[::2]:  # 50 MB of holes between live chunks: the heap
                libc.free(chunk)       # cannot shrink by itself
            before = psutil.Process().memory_full_info().uss
            CONF["post_request"](None, None, {"CONTENT_LENGTH": str(body_bytes)}, None)
            after = psutil.Process().memory_full_info().uss
            for chunk in chunks[1::2]:
                libc.free(chunk)
            os.write(write, f"{before} {after}".encode())
        finally:
            os._exit(0)
    os.waitpid(pid, 0)
    before, after = map(int, os.read(read, 100).split())
    assert (before - after > 40 << 20) == given_back  # most of the 50 MB freed, or none
