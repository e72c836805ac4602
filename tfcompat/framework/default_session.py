"""The default-session stack, beside the default-graph stack, as TF keeps it in framework/ops.py:
`with sess.as_default()` pushes a session here, and `Tensor.eval()` / `Operation.run()` run in
the innermost one. Sessions themselves live in client/; this module only needs their `run` and
`graph`, so graph building never imports the runtime."""
from __future__ import annotations

import threading


class _DefaultSessionStack(threading.local):
    def __init__(self):
        self.stack: list = []


_default_sessions = _DefaultSessionStack()


def get_default_session():
    """The innermost session of `with sess.as_default()` (or `with Session()`) blocks."""
    return _default_sessions.stack[-1] if _default_sessions.stack else None


class DefaultSessionContext:
    """`with sess.as_default():` — `session` is the default in the block (per thread)."""

    def __init__(self, session):
        self.session = session

    def __enter__(self):
        _default_sessions.stack.append(self.session)
        return self.session

    def __exit__(self, *exc):
        stack = _default_sessions.stack
        if stack and stack[-1] is self.session:
            stack.pop()
        elif self.session in stack:
            stack.remove(self.session)


def run_using_default_session(element, feed_dict, graph, session=None, what=None):
    """What `Tensor.eval()` and `Operation.run()` do (`what`: "tensor" or "operation")."""
    what = what or ("operation" if hasattr(element, "outputs") else "tensor")
    verb = "eval()" if what == "tensor" else "run()"
    if session is None:
        session = get_default_session()
        if session is None:
            raise ValueError("Cannot evaluate %s using `%s`: No default session is registered. "
                             "Use `with sess.as_default()` or pass an explicit session to "
                             "`%s(session=sess)`" % (what, verb, verb.rstrip("()")))
    if session.graph is not graph:
        raise ValueError("Cannot use the given session to evaluate %s: the %s's graph is "
                         "different from the session's graph." % (what, what))
    return session.run(element, feed_dict)
