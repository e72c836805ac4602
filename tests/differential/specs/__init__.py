"""Differential specs, one module per op family (`specs/<family>.py` defines `SPECS`, a list of
`Spec`, and optionally `PROGRAMS`, a list of `Program`). Helpers here build the common variant
sets; `load()` gathers every family."""
from __future__ import annotations

import importlib
import os
import pkgutil

from harness import Arg

FAMILY_DIR = os.path.dirname(os.path.abspath(__file__))


def families() -> list[str]:
    return sorted(m.name for m in pkgutil.iter_modules([FAMILY_DIR]) if not m.name.startswith("_"))


def load(family: str):
    return importlib.import_module("specs." + family)


def unary(name="x", low=None, high=None, special=True, **extra):
    """The standard variants of a one-input elementwise op."""
    variants = {
        "base": {name: Arg((2, 3), low=low, high=high), **extra},
        "scalar": {name: Arg((), low=low, high=high), **extra},
        "empty": {name: Arg((0, 3)), **extra},
        "noncontig": {name: Arg((3, 4), low=low, high=high, noncontig=True), **extra},
        "fed": {name: Arg((2, 2), low=low, high=high, fed=True), **extra},
    }
    if special:
        variants["special"] = {name: Arg((12,), value="special"), **extra}
    return variants


def binary(x="x", y="y", low=None, high=None, special=True, y_low=None, y_high=None):
    """The standard variants of a two-input broadcasting elementwise op."""
    ylo = low if y_low is None else y_low
    yhi = high if y_high is None else y_high

    def pair(xs, ys, **kw):
        return {x: Arg(xs, low=low, high=high, **kw), y: Arg(ys, low=ylo, high=yhi, **kw)}

    variants = {
        "base": pair((2, 3), (2, 3)),
        "broadcast": pair((2, 1, 3), (4, 1)),
        "scalar": pair((), (3,)),
        "empty": pair((0, 3), (3,)),
        "noncontig": pair((3, 4), (3, 4), noncontig=True),
        "fed": pair((2, 3), (3,), fed=True),
    }
    if special:
        # every special value against every other: x repeats, y tiles
        variants["special"] = {x: Arg((12, 1), value="special"), y: Arg((1, 12), value="special")}
    return variants
