"""Defer one expensive import that every renderer and kernel process would otherwise pay.

jsonschema (imported by nbformat, papermill and altair) loads the package ``rfc3987_syntax``,
when it is installed, to check the JSON Schema formats ``iri`` and ``iri-reference``. That
package builds an Earley parser for RFC 3987 when it is imported: about 1,8 s of CPU per
process on the project's CI machine, more than a report's own calculation and charts. Nothing
nyttonb renders uses those two formats, so the parser is built only when one is checked.

`defer_iri_grammar` puts a stand-in module under that name: it has the one name jsonschema
imports, ``is_valid_syntax``, which loads the real module on its first call and hands over
to it; any other attribute does the same. The result of every check is unchanged.
"""

from __future__ import annotations

import importlib
import importlib.util
import sys
import threading
import types
from typing import Any

IRI_GRAMMAR_MODULE = "rfc3987_syntax"

_lock = threading.Lock()


class _DeferredModule(types.ModuleType):
    """A module that imports the real one, under the same name, on first real use."""

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__") and name.endswith("__"):
            raise AttributeError(name)  # the import system's questions do not load it
        return getattr(_load(self.__name__), name)


def _load(name: str) -> types.ModuleType:
    with _lock:
        current = sys.modules.get(name)
        if current is not None and not isinstance(current, _DeferredModule):
            return current
        sys.modules.pop(name, None)
        try:
            return importlib.import_module(name)
        except BaseException:
            if current is not None:
                sys.modules[name] = current
            raise


def defer_iri_grammar() -> bool:
    """Install the stand-in for ``rfc3987_syntax``; True when it is in place.

    Does nothing when the package is not installed or is already imported (jsonschema then
    has what it needs, or has paid already).
    """
    if IRI_GRAMMAR_MODULE in sys.modules:
        return isinstance(sys.modules[IRI_GRAMMAR_MODULE], _DeferredModule)
    spec = importlib.util.find_spec(IRI_GRAMMAR_MODULE)
    if spec is None:
        return False
    module = _DeferredModule(IRI_GRAMMAR_MODULE)
    module.__spec__ = spec  # what importlib.util.find_spec answers, as for the real one
    if spec.submodule_search_locations is not None:
        module.__path__ = list(spec.submodule_search_locations)

    def is_valid_syntax(term: str, value: str) -> bool:
        real: Any = _load(IRI_GRAMMAR_MODULE)
        return bool(real.is_valid_syntax(term, value))

    module.is_valid_syntax = is_valid_syntax  # type: ignore[attr-defined]
    sys.modules[IRI_GRAMMAR_MODULE] = module
    return True


__all__ = ["IRI_GRAMMAR_MODULE", "defer_iri_grammar"]
