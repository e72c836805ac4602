"""`tf.logging` on Python's `logging`, through the "tensorflow" logger as in TF1.

Messages look like TF's ("INFO:tensorflow:step 10"), the levels are TF's (DEBUG=10 ... FATAL=50),
and the default verbosity is WARN. As `import tensorflow` does, importing tfcompat sets up the
"tensorflow" logger (a stderr handler in TF's format, unless the root logger already has a
handler), so every message tfcompat's TF APIs log — `logging.getLogger("tensorflow")` in the
modules that log — reads as TF's would ("INFO:tensorflow:Restoring parameters from ...").
(This file is not called logging.py so that it can never shadow the standard library module.)
"""
from __future__ import annotations

import logging as _logging
import sys as _sys
import threading as _threading

__all__ = [
    "DEBUG", "INFO", "WARN", "ERROR", "FATAL", "set_verbosity", "get_verbosity", "debug", "info",
    "warn", "warning", "error", "fatal", "log", "log_every_n", "log_first_n", "log_if", "vlog",
    "flush", "get_logger", "TaskLevelStatusMessage",
]

DEBUG = _logging.DEBUG
INFO = _logging.INFO
WARN = _logging.WARNING
ERROR = _logging.ERROR
FATAL = _logging.FATAL

_logger = None
_lock = _threading.Lock()
_counts: dict = {}


def get_logger() -> _logging.Logger:
    """TF `tf.get_logger`: the "tensorflow" logger, with TF's stderr handler on first use."""
    global _logger
    if _logger is not None:
        return _logger
    with _lock:
        if _logger is None:
            logger = _logging.getLogger("tensorflow")
            logger.findCaller = _find_caller
            if not _logging.getLogger().handlers and not logger.handlers:
                _add_handler(logger)
            _logger = logger
    return _logger


def _add_handler(logger) -> None:
    """TF's handler: "%(levelname)s:%(name)s:%(message)s" on stderr; in an interactive
    session (a REPL, `python -i`, Jupyter) on stdout and at INFO, as TF does."""
    interactive = hasattr(_sys, "ps1") or bool(_sys.flags.interactive)
    if interactive:
        logger.setLevel(INFO)
    handler = _logging.StreamHandler(_sys.stdout if interactive else _sys.stderr)
    handler.setFormatter(_logging.Formatter(_logging.BASIC_FORMAT, None))
    logger.addHandler(handler)


def _find_caller(stack_info=False, stacklevel=1):
    """The first frame outside this module, so %(filename)s / %(lineno)d name the user's code."""
    frame = _sys._getframe(1)
    while frame is not None and (frame.f_code.co_filename == __file__
                                 or frame.f_code.co_filename == _logging.__file__):
        frame = frame.f_back
    if frame is None:
        return "(unknown file)", 0, "(unknown function)", None
    return frame.f_code.co_filename, frame.f_lineno, frame.f_code.co_name, None


def set_verbosity(v) -> None:
    """TF `tf.logging.set_verbosity`: messages below level `v` are dropped."""
    get_logger().setLevel(v)


def get_verbosity() -> int:
    """TF `tf.logging.get_verbosity`: the effective level (WARN=30 unless set)."""
    return get_logger().getEffectiveLevel()


def log(level, msg, *args, **kwargs) -> None:
    get_logger().log(level, msg, *args, **kwargs)


def debug(msg, *args, **kwargs) -> None:
    get_logger().debug(msg, *args, **kwargs)


def info(msg, *args, **kwargs) -> None:
    get_logger().info(msg, *args, **kwargs)


def warning(msg, *args, **kwargs) -> None:
    get_logger().warning(msg, *args, **kwargs)


warn = warning


def error(msg, *args, **kwargs) -> None:
    get_logger().error(msg, *args, **kwargs)


def fatal(msg, *args, **kwargs) -> None:
    """Logs at FATAL (Python's CRITICAL); like TF's Python logger, does not exit."""
    get_logger().fatal(msg, *args, **kwargs)


def vlog(level, msg, *args, **kwargs) -> None:
    """TF `tf.logging.vlog`: logs at the numeric `level` (1 is below DEBUG, so usually hidden)."""
    get_logger().log(level, msg, *args, **kwargs)


def log_if(level, msg, condition, *args) -> None:
    """Logs `msg % args` when `condition` is true."""
    if condition:
        get_logger().log(level, msg, *args)


def _next_count(site) -> int:
    with _lock:
        count = _counts.get(site, 0)
        _counts[site] = count + 1
    return count


def _call_site():
    frame = _sys._getframe(2)
    return frame.f_code.co_filename, frame.f_lineno


def log_every_n(level, msg, n, *args) -> None:
    """Logs the 1st, (n+1)th, (2n+1)th ... time this line is reached."""
    if _next_count(_call_site()) % n == 0:
        get_logger().log(level, msg, *args)


def log_first_n(level, msg, n, *args) -> None:
    """Logs only the first `n` times this line is reached."""
    if _next_count(_call_site()) < n:
        get_logger().log(level, msg, *args)


def flush() -> None:
    for handler in get_logger().handlers:
        handler.flush()


def TaskLevelStatusMessage(msg) -> None:
    error(msg)


get_logger()   # as at `import tensorflow`: TF APIs log from the start (see the module docstring)

from tfcompat._unsupported import missing_attr as _missing_attr  # noqa: E402

__getattr__ = _missing_attr("logging", __name__)

from tfcompat._unsupported import namespace_dir as _namespace_dir  # noqa: E402

__dir__ = _namespace_dir('logging', __name__)   # TF's names, not this module's imports
