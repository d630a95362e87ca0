"""Demo data as a chain of loaders: each module registers one in its AppConfig.ready().

`manage.py demo` runs them in order after the organisation is loaded. Each loader must be
idempotent (a second run changes nothing) and deterministic (a fixed random seed), and
returns one line that says what it loaded.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from gridcare.org.models import Company


@dataclass(frozen=True)
class DemoLoader:
    name: str
    load: Callable[[Company], str]
    order: int = 100


_LOADERS: dict[str, DemoLoader] = {}


def register(loader: DemoLoader) -> None:
    _LOADERS[loader.name] = loader


def loaders() -> list[DemoLoader]:
    return sorted(_LOADERS.values(), key=lambda loader: (loader.order, loader.name))
