"""The render's output folder: created with a clear message, and used by one render at a time.

Two renders on one ``--out`` would each read the cache, render, and write the cache and the
index; whichever wrote last would drop the other's reports from the index, and a starting
render would delete the other's in-flight ``.build-*`` folders. So a render holds an advisory
lock (``fcntl.flock`` on ``<out>/.nyttonb-lock``) from reading the cache to writing the index.
A second render *waits* for the first (and says so, in Swedish, on stderr) rather than failing:
both were asked for, and the kernel releases the lock when its holder exits or is killed, so a
wait cannot outlive the other run and no stale lock is ever left behind.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

from nyttonb.errors import RenderError

LOCK_FILE = ".nyttonb-lock"


def folder_error(error: OSError, out: Path, what: str) -> RenderError:
    """A `RenderError` naming the path and the system's reason, for a folder we cannot use."""
    reason = error.strerror or type(error).__name__
    where = error.filename or out
    return RenderError(
        f"{what} {where}: {reason}.",
        file=str(out),
        fix="Välj en mapp du kan skriva i (--out) och kontrollera ledigt utrymme; "
        "den tidigare webbplatsen är orörd.",
    )


def prepare(out: Path) -> Path:
    """Create `out` (a folder) if needed; a `RenderError` if it is a file or cannot be made."""
    if out.exists() and not out.is_dir():
        raise RenderError(
            f"{out} är en fil, inte en mapp.",
            file=str(out),
            fix="Ange en mapp med --out, till exempel --out reports.",
        )
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise folder_error(error, out, "kan inte skapa mappen") from None
    if not os.access(out, os.W_OK):
        raise folder_error(PermissionError(13, "skrivskyddad"), out, "kan inte skriva i")
    return out


@contextlib.contextmanager
def exclusive(out: Path) -> Iterator[None]:
    """Hold `out` for this render; wait (with a message) while another render holds it."""
    try:
        fd = os.open(out / LOCK_FILE, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as error:
        raise folder_error(error, out, "kan inte skriva i") from None
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 32, 0).decode("ascii", "replace").strip()
            who = f" (process {holder})" if holder.isdigit() else ""
            print(
                f"Väntar: en annan rendering{who} skriver redan i {out}; "
                "den här fortsätter när den är klar.",
                file=sys.stderr,
                flush=True,
            )
            fcntl.flock(fd, fcntl.LOCK_EX)
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        remove_build_folders(out)  # left by an interrupted run: none is in flight now
        yield
    finally:
        os.close(fd)  # releases the lock


def remove_build_folders(out: Path) -> None:
    """Remove the ``.build-*`` folders an interrupted render left (call while holding `out`)."""
    for stale in out.glob(".build-*"):
        shutil.rmtree(stale, ignore_errors=True)


__all__ = ["LOCK_FILE", "exclusive", "folder_error", "prepare", "remove_build_folders"]
