"""Publishing a rendered site to a share: never destroys what is not a nyttonb site.

`publish` copies SITE to DEST so that DEST is, at every moment, the whole old site or the whole
new one, and replaces only what an earlier publish wrote there:

- every published site carries a marker file (`MARKER`); a DEST that exists, is not empty and
  has no marker is refused (the message lists what would be deleted) unless ``replace=True``;
- a DEST that is a file, that contains SITE, the current folder or a project (``.git``,
  ``pyproject.toml``), or that lies inside SITE, is always refused;
- the new site is copied to ``.<name>.tmp-…`` beside DEST (same file system), completed as
  ``.<name>.new-…``, then swapped in. On Linux the swap is one ``renameat2(RENAME_EXCHANGE)``:
  atomic. Elsewhere it takes two renames (DEST away to ``.<name>.old-…``, the new one in); a
  kill between them leaves DEST missing with both copies beside it, and the next publish (or
  ``repair``) puts the complete one back. If DEST is a symbolic link, a new link replaces it
  with one ``os.replace`` (the site folders are then ``.<name>.site-…``);
- everything an interrupted publish left beside DEST is removed by the next one. Publishes to
  one DEST take turns (an advisory lock on DEST's parent folder).

Build files (the render cache, temporary files) are not published.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import fcntl
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

from nyttonb.errors import RenderError

MARKER = ".nyttonb-site"
INDEX = "index.html"
_NOT_PUBLISHED = (".nyttonb-cache.json", ".nyttonb-lock", ".build-*", ".*.tmp", MARKER)
_PROJECT_FILES = (".git", "pyproject.toml", "setup.py", ".hg", ".svn")
_LISTED = 8
_FIX_DEST = "Välj en egen, tom mapp för webbplatsen, till exempel /mnt/intranat/nyttoanalyser."


def publish(site: Path, dest: Path, *, replace: bool = False) -> str:
    """Copy the rendered `site` to `dest`; return a Swedish note when a repair was needed.

    `replace`: allow replacing a folder that is not a nyttonb site (its files are deleted).
    """
    site, dest = Path(site).resolve(), Path(os.path.abspath(dest))
    _check_site(site)
    _check_dest(site, dest)
    try:
        dest.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise _os_error(error, dest, "kan inte skapa mappen") from None
    with _locked(dest.parent):
        note = _repair(dest)
        _check_replaceable(dest, replace)
        staging = _copy(site, dest)
        if dest.is_symlink():
            _swap_link(dest, staging)
        else:
            _swap_folder(dest, staging)
        _clean(dest)
    return note


def repair(dest: Path) -> str:
    """Restore `dest` after an interrupted publish and remove what it left; a Swedish note."""
    dest = Path(os.path.abspath(dest))
    if not dest.parent.is_dir():
        return ""
    with _locked(dest.parent):
        note = _repair(dest)
        _clean(dest)
    return note


# Checks --------------------------------------------------------------------------------------


def _check_site(site: Path) -> None:
    if not (site / INDEX).is_file():
        raise RenderError(
            f"{site} är ingen renderad webbplats (ingen {INDEX}).",
            file=str(site),
            fix="Kör `nyttonb render --out MAPP` först och publicera MAPP.",
        )


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def _check_dest(site: Path, dest: Path) -> None:
    real = dest.resolve()
    if _inside(real, site):
        raise RenderError(
            f"kan inte publicera {site} i sig själv ({dest}).", file=str(dest), fix=_FIX_DEST
        )
    if _inside(site, real):
        raise RenderError(
            f"{dest} innehåller webbplatsen {site}; att publicera dit skulle radera den.",
            file=str(dest),
            fix=_FIX_DEST,
        )
    if _inside(Path.cwd().resolve(), real):
        raise RenderError(
            f"{dest} innehåller den mapp du står i ({Path.cwd()}); publicering skulle radera den.",
            file=str(dest),
            fix=_FIX_DEST,
        )
    if real.exists() and not real.is_dir():
        raise RenderError(
            f"{dest} är en fil, inte en mapp; publicering ersätter aldrig en fil.",
            file=str(dest),
            fix=_FIX_DEST,
        )
    project = [name for name in _PROJECT_FILES if (real / name).exists()]
    if project:
        raise RenderError(
            f"{dest} är ett projekt ({', '.join(project)}), ingen webbplats; "
            "publicering ersätter aldrig ett projekt.",
            file=str(dest),
            fix=_FIX_DEST,
        )


def _check_replaceable(dest: Path, replace: bool) -> None:
    real = dest.resolve()
    if replace or not real.is_dir() or (real / MARKER).is_file():
        return
    try:
        names = sorted(p.name for p in real.iterdir())
    except OSError as error:
        raise _os_error(error, dest, "kan inte läsa mappen") from None
    if not names:
        return
    shown = ", ".join(names[:_LISTED])
    more = f" och {len(names) - _LISTED} till" if len(names) > _LISTED else ""
    raise RenderError(
        f"{dest} är ingen tidigare publicerad nyttonb-webbplats (filen {MARKER} saknas); "
        f"publicering skulle radera {shown}{more}.",
        file=str(dest),
        fix="Välj en tom mapp, eller ange --replace om allt i mappen verkligen får raderas.",
    )


def _os_error(error: OSError, dest: Path, what: str) -> RenderError:
    reason = error.strerror or str(error)
    where = error.filename or dest
    return RenderError(
        f"{what} {where}: {reason}.",
        file=str(dest),
        fix="Kontrollera skrivrättighet och ledigt utrymme; den publicerade webbplatsen är "
        "oförändrad.",
    )


# Lock, leftovers and repair ------------------------------------------------------------------


@contextlib.contextmanager
def _locked(folder: Path) -> Iterator[None]:
    """Hold an advisory lock on `folder` (where the file system supports one)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError as error:
        raise _os_error(error, folder, "kan inte öppna mappen") from None
    try:
        with contextlib.suppress(OSError):  # a share without locks: go on unlocked
            fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)


def _leftovers(dest: Path, kind: str) -> list[Path]:
    return sorted(dest.parent.glob(f".{glob_escape(dest.name)}.{kind}-*"))


def glob_escape(name: str) -> str:
    """`name` with glob's special characters taken literally.

    >>> glob_escape("a[1]*")
    'a[[]1[]][*]'
    """
    return "".join(f"[{c}]" if c in "*?[]" else c for c in name)


def _repair(dest: Path) -> str:
    """Put a complete site back at `dest` if an interrupted swap left it missing."""
    if os.path.lexists(dest):
        return ""
    for kind in ("new", "old"):
        for candidate in _leftovers(dest, kind):
            if (candidate / MARKER).is_file():
                try:
                    os.rename(candidate, dest)
                except OSError as error:
                    raise _os_error(error, dest, "kan inte återställa") from None
                which = "den nya" if kind == "new" else "den förra"
                return (
                    f"{dest} saknades efter en avbruten publicering; "
                    f"{which} webbplatsen är återställd."
                )
    return ""


def _clean(dest: Path) -> None:
    """Remove what interrupted publishes left beside `dest` (never the live site)."""
    live = dest.resolve()
    for kind in ("tmp", "new", "old", "site", "link"):
        for path in _leftovers(dest, kind):
            if path.is_symlink() or path.is_file():
                path.unlink(missing_ok=True)
            elif path.resolve() != live:
                shutil.rmtree(path, ignore_errors=True)


# Copy and swap -------------------------------------------------------------------------------


def _copy_file(src: str, dst: str) -> object:
    return shutil.copy2(src, dst)


def _copy(site: Path, dest: Path) -> Path:
    """Copy `site` beside `dest`, write the marker; return the complete ``.new-`` folder."""
    try:
        staging = Path(tempfile.mkdtemp(dir=dest.parent, prefix=f".{dest.name}.tmp-"))
    except OSError as error:
        raise _os_error(error, dest, "kan inte skriva i") from None
    try:
        shutil.copytree(
            site,
            staging,
            dirs_exist_ok=True,
            ignore=shutil.ignore_patterns(*_NOT_PUBLISHED),
            copy_function=_copy_file,
        )
        (staging / MARKER).write_text(
            "Publicerad av nyttonb. `nyttonb publish` får ersätta denna mapp.\n", encoding="utf-8"
        )
        os.chmod(staging, 0o755)
        kind = "site" if dest.is_symlink() else "new"
        complete = staging.with_name(staging.name.replace(".tmp-", f".{kind}-", 1))
        os.rename(staging, complete)
    except BaseException as error:
        shutil.rmtree(staging, ignore_errors=True)
        if isinstance(error, OSError):
            raise _os_error(error, dest, "kunde inte kopiera till") from None
        raise
    return complete


def _swap_link(dest: Path, new: Path) -> None:
    link = dest.parent / f".{dest.name}.link-{new.name}"
    try:
        os.symlink(new.name, link)
        os.replace(link, dest)
    except OSError as error:
        raise _os_error(error, dest, "kan inte byta länken") from None


def _exchange_function() -> Callable[[Path, Path], bool] | None:
    """Linux's atomic swap of two paths (``renameat2`` with ``RENAME_EXCHANGE``), if present."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return None
    at_fdcwd, rename_exchange = -100, 2

    def exchange(a: Path, b: Path) -> bool:
        if renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0:
            return True
        code = ctypes.get_errno()
        if code in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP):
            return False  # this file system cannot: fall back to two renames
        raise OSError(code, os.strerror(code), str(b))

    return exchange


exchange_paths = _exchange_function()


def _swap_folder(dest: Path, new: Path) -> None:
    try:
        if not dest.exists():
            os.rename(new, dest)
        elif exchange_paths is not None and exchange_paths(new, dest):
            pass  # `new` now holds the old site: _clean removes it
        else:
            old = new.with_name(new.name.replace(".new-", ".old-", 1))
            os.rename(dest, old)
            try:
                os.rename(new, dest)
            except BaseException:
                os.rename(old, dest)
                raise
    except OSError as error:
        raise _os_error(error, dest, "kan inte byta ut") from None


__all__ = ["MARKER", "glob_escape", "publish", "repair"]
