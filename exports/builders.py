"""The registry of report builders: what an export job runs to get its ``FilledReport``.

An app registers a builder in its ``exports_builders`` module (found automatically)::

    from exports.builders import register

    @register("reporting.preview")
    def preview(params: dict, progress) -> FilledReport:
        progress(1, 3, "Đang tính số liệu")
        ...
        return report

``params`` is the JSON given to ``exports.services.export_start``; ``progress(step, total,
message="")`` records how far the builder is (``total`` its own number of steps). A builder runs in
a background thread or a worker, without a request: the view that started the export must have
checked that the person may see the report, and ``params`` should carry ids, never content.
Raise ``django.core.exceptions.ValidationError`` for a failure the person should read.
"""

from collections.abc import Callable
from typing import Any, Protocol

from django.utils.module_loading import autodiscover_modules

from reporting.document import FilledReport


class Progress(Protocol):
    def __call__(self, step: int, total: int, message: str = "") -> None: ...


Builder = Callable[[dict[str, Any], Progress], FilledReport]

_registry: dict[str, Builder] = {}
_discovered = False


def register(name: str) -> Callable[[Builder], Builder]:
    """Decorator: make ``fn(params, progress) -> FilledReport`` available under ``name``."""
    if not name or len(name) > 200:
        raise ValueError("A builder name is 1 to 200 characters.")

    def decorator(fn: Builder) -> Builder:
        existing = _registry.get(name)
        if existing is not None and existing is not fn and _qualname(existing) != _qualname(fn):
            raise ValueError(f"Another report builder is already registered as {name!r}.")
        _registry[name] = fn
        return fn

    return decorator


def _qualname(fn: Callable) -> str:
    return f"{getattr(fn, '__module__', '')}.{getattr(fn, '__qualname__', '')}"


def _discover() -> None:
    global _discovered
    if not _discovered:
        autodiscover_modules("exports_builders")
        _discovered = True


def get(name: str) -> Builder:
    """The builder registered as ``name``; ``LookupError`` if there is none."""
    if name not in _registry:
        _discover()
    try:
        return _registry[name]
    except KeyError:
        raise LookupError(name) from None


def is_registered(name: str) -> bool:
    try:
        get(name)
    except LookupError:
        return False
    return True


def unregister(name: str) -> None:
    """For tests."""
    _registry.pop(name, None)
