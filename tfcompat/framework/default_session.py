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


_NO_DEFAULT = {
    "tensor": "Cannot evaluate tensor using `eval()`: No default session is registered. Use "
              "`with sess.as_default()` or pass an explicit session to `eval(session=sess)`",
    "operation": "Cannot execute operation using `run()`: No default session is registered. "
                 "Use `with sess.as_default():` or pass an explicit session to "
                 "`run(session=sess)`",
}
_OTHER_GRAPH_DEFAULT = {
    "tensor": "Cannot use the default session to evaluate tensor: the tensor's graph is "
              "different from the session's graph. Pass an explicit session to "
              "`eval(session=sess)`.",
    "operation": "Cannot use the default session to execute operation: the operation's graph "
                 "is different from the session's graph. Pass an explicit session to "
                 "run(session=sess).",
}
_OTHER_GRAPH_GIVEN = {
    "tensor": "Cannot use the given session to evaluate tensor: the tensor's graph is "
              "different from the session's graph.",
    "operation": "Cannot use the given session to execute operation: the operation's graph "
                 "is different from the session's graph.",
}


def run_using_default_session(element, feed_dict, graph, session=None, what=None):
    """What `Tensor.eval()` and `Operation.run()` do (`what`: "tensor" or "operation"), with
    TF's messages (tensor.py `_eval_using_default_session`, ops.py `_run_using_default_session`)."""
    what = what or ("operation" if hasattr(element, "outputs") else "tensor")
    if session is None:
        session = get_default_session()
        if session is None:
            raise ValueError(_NO_DEFAULT[what])
        if session.graph is not graph:
            raise ValueError(_OTHER_GRAPH_DEFAULT[what])
    elif session.graph is not graph:
        raise ValueError(_OTHER_GRAPH_GIVEN[what])
    return session.run(element, feed_dict)
