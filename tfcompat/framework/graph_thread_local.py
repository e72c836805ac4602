"""`Graph.switch_to_thread_local` (TF's): after it, each thread has its own device, colocation
and control-dependency stacks, starting from copies of the graph's stacks at the switch, so one
thread's `with g.device(...)` does not place another thread's ops."""
from __future__ import annotations

import threading

__all__ = ["ThreadLocalStack", "switch_to_thread_local"]

_LOCAL = "_thread_local_stacks"   # the graph's threading.local, once switched


class ThreadLocalStack:
    """A Graph attribute holding a stack list: the graph's own, or after the switch this
    thread's copy of it."""

    def __set_name__(self, owner, name):
        self._name = name

    def __get__(self, graph, owner=None):
        if graph is None:
            return self
        local = graph.__dict__.get(_LOCAL)
        if local is None:
            return graph.__dict__[self._name]
        try:
            return getattr(local, self._name)
        except AttributeError:
            value = list(graph.__dict__[self._name])
            setattr(local, self._name, value)
            return value

    def __set__(self, graph, value):
        local = graph.__dict__.get(_LOCAL)
        if local is None:
            graph.__dict__[self._name] = value
        else:
            setattr(local, self._name, value)


_STACKS = ("_control_dependencies_stack", "_device_stack", "_colocation_stack")
_THREAD_LOCAL_CLASSES: dict = {}   # graph class -> its subclass with per-thread stacks


def switch_to_thread_local(graph) -> None:
    """Makes `graph`'s device, colocation and dependencies stacks thread-local (once).

    The graph becomes an instance of a subclass whose stacks are ThreadLocalStack attributes:
    graphs never switched keep plain attributes, which every op's creation reads."""
    if graph.__dict__.get(_LOCAL) is not None:
        return
    graph.__dict__[_LOCAL] = threading.local()
    cls = type(graph)
    switched = _THREAD_LOCAL_CLASSES.get(cls)
    if switched is None:
        attrs = {name: ThreadLocalStack() for name in _STACKS}
        attrs.update(__module__=cls.__module__, __qualname__=cls.__qualname__)
        switched = _THREAD_LOCAL_CLASSES[cls] = type(cls.__name__, (cls,), attrs)
    graph.__class__ = switched
