"""Links built from file names: relative and URL-encoded, so a name never runs as a script."""

from __future__ import annotations


def href(path: str) -> str:
    """A relative link to `path` (a ``/``-separated path inside the site), every part URL-encoded.

    A file name never becomes a scheme, a fragment or a query:

    >>> href("javascript:alert(8).html")
    './javascript%3Aalert%288%29.html'
    >>> href("etapp#2/b c.html")
    './etapp%232/b%20c.html'
    >>> href("../assets/vega.js")
    '../assets/vega.js'
    """
    from urllib.parse import quote

    parts = [quote(part, safe="") for part in path.split("/")]
    joined = "/".join(parts)
    return joined if parts[0] in {".", ".."} else "./" + joined


__all__ = ["href"]
