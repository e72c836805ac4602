"""Keras' Python-function serialization (tf_keras generic_utils.func_dump / func_load): a
function's code object as marshal bytes in base64 text, with its defaults and the values of
its closure cells. Lambda layers' configs carry functions this way, so the text is the same
bytes TF writes (the same Python version reads them back: marshal is version-specific)."""
from __future__ import annotations

import binascii
import codecs
import marshal
import os
import types

import numpy as np  # noqa: F401  (a loaded function may refer to `np`, as in Keras)

import tfcompat as tf  # noqa: F401  (... or to `tf`: Keras' globals hold both)


def func_dump(func):
    """`(code, defaults, closure)` of a Python function: its marshalled code in base64."""
    raw_code = marshal.dumps(func.__code__)
    if os.name == "nt":     # as Keras: backslashes would not survive its Windows paths
        raw_code = raw_code.replace(b"\\", b"/")
    code = codecs.encode(raw_code, "base64").decode("ascii")
    closure = tuple(c.cell_contents for c in func.__closure__) if func.__closure__ else None
    return code, func.__defaults__, closure


def _cell(value):
    """A closure cell holding `value`."""
    def holder():
        return value
    return holder.__closure__[0]


def func_load(code, defaults=None, closure=None, globs=None):
    """The function of a `func_dump` (also given as one list or tuple, as JSON gives it back);
    its global names are looked up in `globs` (this module's globals when None)."""
    if isinstance(code, (tuple, list)):
        code, defaults, closure = code
        if isinstance(defaults, list):
            defaults = tuple(defaults)
    if closure is not None:
        closure = tuple(_cell(value) for value in closure)
    try:
        raw_code = codecs.decode(code.encode("ascii"), "base64")
    except (UnicodeEncodeError, binascii.Error):
        raw_code = code.encode("raw_unicode_escape")
    code = marshal.loads(raw_code)
    return types.FunctionType(code, globals() if globs is None else globs, name=code.co_name,
                              argdefs=defaults, closure=closure)
