"""aiogram's Telegram types built when first used, instead of all ~300 at import.

aiogram declares its types with pydantic's `defer_build` and then, at the end of
`aiogram/types/__init__.py`, rebuilds every one of them, because their forward references
need the whole types namespace. Each of those eager builds keeps its own copy of every schema
it reaches (Message reaches almost all of them): `import aiogram` alone was 165 MB resident
and ~6 s of CPU on the project's 2-core machine (aiogram issue #1513), for the ~20 types the
bot ever validates.

`install()` puts a finder on `sys.meta_path` that runs aiogram's two modules with one change:
the rebuild loop hands each type the namespace instead of building it, and the methods and the
generic `Response[...]` get the same namespace. pydantic then builds a model, with the same
schema, the first time it validates or serialises one. Measured: the bot's imports 235 →
129 MB. `tests/bot/test_telegram_types.py` builds every type, method and response this way
and checks that nothing is built early.

`bot/__init__.py` installs it, so it is in place before anything of the bot imports aiogram;
it does not import aiogram itself. If aiogram was imported already, nothing changes.
"""

from __future__ import annotations

import importlib.abc
import importlib.machinery
import sys
from collections.abc import Sequence
from types import ModuleType
from typing import Any

from pydantic import BaseModel

_TYPES, _METHODS = "aiogram.types", "aiogram.methods"
_namespace: dict[str, Any] = {}


def install() -> None:
    if _TYPES in sys.modules or any(isinstance(f, _Finder) for f in sys.meta_path):
        return
    sys.meta_path.insert(0, _Finder())


class _Finder(importlib.abc.MetaPathFinder):
    def __init__(self) -> None:
        self.found: set[str] = set()

    def find_spec(
        self, fullname: str, path: Sequence[str] | None, target: ModuleType | None = None
    ) -> importlib.machinery.ModuleSpec | None:
        if fullname not in (_TYPES, _METHODS):
            return None
        spec = importlib.machinery.PathFinder.find_spec(fullname, path)
        if spec is None or spec.loader is None:
            return spec
        spec.loader = _Loader(spec.loader)
        self.found.add(fullname)
        if len(self.found) == 2:
            sys.meta_path.remove(self)
        return spec


class _Loader(importlib.abc.Loader):
    def __init__(self, inner: importlib.abc.Loader) -> None:
        self.inner = inner

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> ModuleType | None:
        return self.inner.create_module(spec)

    def exec_module(self, module: ModuleType) -> None:
        if module.__name__ == _TYPES:
            _run_without_rebuilds(self.inner, module)
        else:
            self.inner.exec_module(module)
            _hand_namespace_to_methods(module)


def _run_without_rebuilds(loader: importlib.abc.Loader, module: ModuleType) -> None:
    rebuild = BaseModel.__dict__["model_rebuild"]

    def hand_over(cls: type[BaseModel], /, **kwargs: Any) -> bool | None:
        namespace = kwargs.get("_types_namespace")
        if namespace is None or not cls.__module__.startswith(_TYPES):
            result: bool | None = rebuild.__func__(cls, **kwargs)
            return result
        _namespace.update(namespace)
        cls.__pydantic_parent_namespace__ = _namespace
        return None

    BaseModel.model_rebuild = classmethod(hand_over)  # type: ignore[method-assign,assignment]
    try:
        loader.exec_module(module)
    finally:
        BaseModel.model_rebuild = rebuild  # type: ignore[method-assign]


def _hand_namespace_to_methods(module: ModuleType) -> None:
    # The methods tried to build when their classes were made, and could not resolve the
    # types' names; with the namespace they can, on first use. Response[...] inherit it.
    from aiogram.methods.base import Response

    for name in module.__all__:
        method = getattr(module, name)
        if isinstance(method, type) and issubclass(method, BaseModel):
            method.__pydantic_parent_namespace__ = _namespace
    Response.__pydantic_parent_namespace__ = _namespace
