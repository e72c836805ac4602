"""`tf.compat.forward_compatible` and `forward_compatibility_horizon`, as TF's
python/compat/compat.py: the horizon is TF 2.21's (the graphs tfcompat builds are TF 2.21's op
set), moved by $TF_FORWARD_COMPATIBILITY_DELTA_DAYS or, in a block, by the context manager."""
from __future__ import annotations

import contextlib
import datetime
import os

from tfcompat import tf_logging

_HORIZON = datetime.date(2026, 1, 16)
_DELTA_DAYS_VAR = "TF_FORWARD_COMPATIBILITY_DELTA_DAYS"
_date_number = [None]


def _number(year, month, day) -> int:
    return (year << 9) | (month << 5) | day


def _update(date_to_override=None):
    date = date_to_override
    if date is None:
        date = _HORIZON
        delta_days = os.getenv(_DELTA_DAYS_VAR)
        if delta_days:
            date += datetime.timedelta(days=int(delta_days))
    if date < _HORIZON:
        tf_logging.warning("Trying to set the forward compatibility date to the past date %s. "
                           "This will be ignored by TensorFlow." % date)
        return
    _date_number[0] = _number(date.year, date.month, date.day)


_update()


def forward_compatible(year, month, day) -> bool:
    """Whether the forward compatibility window of (year, month, day) has expired: graphs
    may use what binaries built after that date understand."""
    return _date_number[0] > _number(year, month, day)


@contextlib.contextmanager
def forward_compatibility_horizon(year, month, day):
    """Moves the horizon to (year, month, day) inside the block (TF's, for testing new ops)."""
    try:
        _update(datetime.date(year, month, day))
        yield
    finally:
        _update()
