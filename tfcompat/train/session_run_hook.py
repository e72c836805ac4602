"""`tf.train.SessionRunHook` and the records a hook sees around each `run` of a
`MonitoredSession` (TF1 semantics: `begin` while the graph can still change,
`after_create_session` once variables are ready, `before_run`/`after_run` around every step,
`end` when the session closes normally).
"""
from __future__ import annotations

import collections


class SessionRunHook:
    """Hook to extend calls to `MonitoredSession.run()` (TF1 `tf.train.SessionRunHook`)."""

    def begin(self):
        """Called once before the session is created; the graph may still be changed."""

    def after_create_session(self, session, coord):
        """Called when the session is created (variables initialized or restored)."""

    def before_run(self, run_context):
        """Called before each `run`; may return `SessionRunArgs` to fetch more."""
        return None

    def after_run(self, run_context, run_values):
        """Called after each `run` with the results of what `before_run` asked for."""

    def end(self, session):
        """Called at the end of the session (not after an exception)."""


class SessionRunArgs(collections.namedtuple("SessionRunArgs",
                                            ["fetches", "feed_dict", "options"])):
    """What a hook adds to a `run`: fetches (any fetch structure), feeds and options."""

    def __new__(cls, fetches, feed_dict=None, options=None):
        return super().__new__(cls, fetches, feed_dict, options)


class SessionRunContext:
    """What a hook sees about the `run` in progress; `request_stop()` ends the loop."""

    def __init__(self, original_args, session):
        self._original_args = original_args
        self._session = session
        self._stop_requested = False

    @property
    def original_args(self):
        return self._original_args

    @property
    def session(self):
        return self._session

    @property
    def stop_requested(self):
        return self._stop_requested

    def request_stop(self):
        self._stop_requested = True


class SessionRunValues(collections.namedtuple("SessionRunValues",
                                              ["results", "options", "run_metadata"])):
    """The results of a `run` for one hook: the values of what its `before_run` fetched."""


__all__ = ["SessionRunHook", "SessionRunArgs", "SessionRunContext", "SessionRunValues"]
