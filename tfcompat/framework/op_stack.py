"""The Python call stack an `Operation` was created under, for TF 1.15's `Operation.traceback`
((filename, lineno, name, line) per frame, outermost first) and `traceback_with_start_lines`
(plus the function's first line).

Capturing must stay cheap and small, as every op keeps one: a frame is kept as its code object
and last instruction offset (the line number is looked up only when asked for), and stacks are
interned as linked nodes `(code, lasti, parent)` shared by every op created under the same
outer frames, so a graph of many ops built from a few call sites holds a few nodes."""
from __future__ import annotations

import dis
import linecache
import sys

__all__ = ["capture_stack", "convert_stack", "user_location"]

_NODES: dict = {}   # (id(code), lasti, id(parent node)) -> node (code, lasti, parent node)
_STACKS: dict = {}  # the (id(code), lasti) of every frame, innermost first -> its node


def capture_stack(skip: int = 1):
    """The current stack (without this function and `skip - 1` callers) as an interned node.

    A whole stack is looked up by the ids and offsets of its frames (one hash of ints in C: a
    loop building ops from one call site finds it at once); ids, not the objects, are hashed
    (a code object hashes its constants): nodes live as long as the tables, and with them
    their code objects, so an id is never reused."""
    frame = sys._getframe(skip)
    key = []
    append = key.append
    while frame is not None:
        append(id(frame.f_code))
        append(frame.f_lasti)
        frame = frame.f_back
    key = tuple(key)
    node = _STACKS.get(key)
    if node is None:
        node = _STACKS[key] = _intern(sys._getframe(skip))
    return node


def _intern(frame):
    frames = []
    while frame is not None:
        frames.append(frame)
        frame = frame.f_back
    node = None
    get = _NODES.get
    for frame in reversed(frames):
        code, lasti = frame.f_code, frame.f_lasti
        key = (id(code), lasti, id(node))
        found = get(key)
        if found is None:
            found = _NODES[key] = (code, lasti, node)
        node = found
    return node


def _line_number(code, lasti: int) -> int:
    if hasattr(code, "co_lines"):   # Python 3.10+: byte offset ranges
        lineno = code.co_firstlineno
        for start, end, line in code.co_lines():
            if start <= lasti < end and line is not None:
                return line
            if start <= lasti and line is not None:
                lineno = line
        return lineno
    lineno = code.co_firstlineno
    for offset, line in dis.findlinestarts(code):
        if offset > lasti:
            break
        lineno = line
    return lineno


def user_location(node, package_dir: str) -> str:
    """'file:line' of the innermost frame of `node`'s stack outside `package_dir`."""
    while node is not None and node[0].co_filename.startswith(package_dir):
        node = node[2]
    if node is None:
        return "<unknown>"
    return "%s:%d" % (node[0].co_filename, _line_number(node[0], node[1]))


def convert_stack(node, include_func_start_lineno: bool = False) -> tuple:
    """TF 1.15's tf_stack.convert_stack: a tuple of (filename, lineno, name, line) tuples
    (`line` the stripped source line, None where unknown), outermost frame first."""
    frames = []
    while node is not None:
        frames.append(node)
        node = node[2]
    out = []
    for code, lasti, _ in reversed(frames):
        filename, lineno = code.co_filename, _line_number(code, lasti)
        linecache.checkcache(filename)
        line = linecache.getline(filename, lineno)
        line = line.strip() if line else None
        if include_func_start_lineno:
            out.append((filename, lineno, code.co_name, line, code.co_firstlineno))
        else:
            out.append((filename, lineno, code.co_name, line))
    return tuple(out)
