"""`tf.train.CheckpointManager`: numbered `tf.train.Checkpoint` saves in one directory, the
newest `max_to_keep` kept (plus one every `keep_checkpoint_every_n_hours`), recorded in the
directory's `checkpoint` file with their timestamps, as TF's `checkpoint_management.py`."""
from __future__ import annotations

import collections
import glob
import logging
import os
import time

import numpy as np

from tfcompat.train import checkpoint_management as cm
from tfcompat.train.checkpoint_object_status import get_session
from tfcompat.train.training_util import global_step as read_step

__all__ = ["CheckpointManager"]

_log = logging.getLogger("tensorflow")


def _delete_matching(pattern):
    for path in glob.glob(pattern):
        try:
            os.remove(path)
        except FileNotFoundError:
            pass


class CheckpointManager:
    """Saves `checkpoint` as `directory/<checkpoint_name>-<n>` and deletes old saves.

    >>> manager = tf.train.CheckpointManager(ckpt, '/tmp/model', max_to_keep=3)
    >>> manager.save()                 # '/tmp/model/ckpt-1'
    >>> ckpt.restore(manager.latest_checkpoint)
    """

    def __init__(self, checkpoint, directory, max_to_keep, keep_checkpoint_every_n_hours=None,
                 checkpoint_name="ckpt", step_counter=None, checkpoint_interval=None,
                 init_fn=None, last_checkpoint_step=None):
        self._checkpoint = checkpoint
        self._save_counter_assign = None
        if max_to_keep is not None and max_to_keep <= 0:
            raise ValueError("Expected a positive integer or `None` for `max_to_keep`, got %d."
                             % (max_to_keep,))
        self._max_to_keep = max_to_keep
        self._keep_checkpoint_every_n_hours = keep_checkpoint_every_n_hours
        self._directory = os.fspath(directory)
        self._checkpoint_prefix = os.path.join(self._directory, checkpoint_name)
        self._init_fn = init_fn
        if checkpoint_interval is not None:
            if step_counter is None:
                raise ValueError("`step_counter` should be passed if `checkpoint_interval` is "
                                 "not None.")
            self._last_checkpoint_step = last_checkpoint_step
            self._step_counter = step_counter
        self._checkpoint_interval = checkpoint_interval
        self._recover_state()

    def _recover_state(self):
        state = cm.get_checkpoint_state(self._directory)
        now = time.time()
        self._maybe_delete = collections.OrderedDict()
        if state is None:
            self._latest_checkpoint = None
            self._last_preserved_timestamp = now - 1.0
            return
        self._latest_checkpoint = state.model_checkpoint_path
        self._last_preserved_timestamp = state.last_preserved_timestamp
        if now < self._last_preserved_timestamp:
            _log.warning("time.time() returned a value %f seconds behind the last preserved "
                         "checkpoint timestamp.", self._last_preserved_timestamp - now)
            self._last_preserved_timestamp = now
        paths = list(state.all_model_checkpoint_paths)
        stamps = list(state.all_model_checkpoint_timestamps) or \
            [self._last_preserved_timestamp] * len(paths)
        for path, stamp in zip(paths, stamps):
            stamp = min(stamp, now)
            if stamp > self._last_preserved_timestamp:
                self._maybe_delete[path] = stamp

    directory = property(lambda self: self._directory)
    checkpoint_interval = property(lambda self: self._checkpoint_interval)
    checkpoint = property(lambda self: self._checkpoint)
    _prefix = property(lambda self: self._checkpoint_prefix)

    @property
    def latest_checkpoint(self):
        """The prefix of the newest checkpoint, or None."""
        return self._latest_checkpoint

    @property
    def checkpoints(self):
        """The managed checkpoints, oldest first (not those kept every n hours)."""
        return list(self._maybe_delete.keys())

    def _sweep(self):
        if not self._max_to_keep:
            return
        while len(self._maybe_delete) > self._max_to_keep:
            path, stamp = self._maybe_delete.popitem(last=False)
            if self._keep_checkpoint_every_n_hours and (
                    stamp - self._keep_checkpoint_every_n_hours * 3600.0
                    >= self._last_preserved_timestamp):
                self._last_preserved_timestamp = stamp
                continue
            _delete_matching(glob.escape(path) + ".index")
            _delete_matching(glob.escape(path) + ".data-?????-of-?????")

    def _record_state(self):
        paths, stamps = zip(*self._maybe_delete.items())
        cm.update_checkpoint_state(self._directory, self._latest_checkpoint, list(paths),
                                   all_model_checkpoint_timestamps=list(stamps),
                                   last_preserved_timestamp=self._last_preserved_timestamp,
                                   save_relative_paths=True)


    def save(self, checkpoint_number=None, check_interval=True, options=None):
        """Saves a numbered checkpoint (`checkpoint_number`, else the incremented
        `save_counter`); returns its path (None when the interval says not yet)."""
        session = get_session()
        if self._checkpoint_interval is not None:
            step = read_step(session, self._step_counter)
            last = self._last_checkpoint_step
            if last is not None and (step == last or check_interval and
                                     step < last + self._checkpoint_interval):
                return None
            self._last_checkpoint_step = step
        created = self._checkpoint._save_counter is None
        counter = self._checkpoint.save_counter
        if created:
            session.run(counter.initializer)
        if self._save_counter_assign is None:
            with session.graph.as_default():
                self._save_counter_assign = counter.assign_add(1, read_value=False)
        session.run(self._save_counter_assign)
        if checkpoint_number is None:
            checkpoint_number = counter
        if not isinstance(checkpoint_number, (int, np.integer)):
            checkpoint_number = read_step(session, checkpoint_number)
        path = self._checkpoint.write("%s-%d" % (self._prefix, checkpoint_number),
                                      session=session, options=options)
        if path in self._maybe_delete:
            del self._maybe_delete[path]
        self._maybe_delete[path] = time.time()
        self._latest_checkpoint = path
        self._record_state()
        self._sweep()
        self._record_state()
        return path

    def restore_or_initialize(self):
        """Restores the newest checkpoint (returns its path), else runs `init_fn` (None)."""
        if self._latest_checkpoint is not None:
            self._checkpoint.restore(self._latest_checkpoint)
            if self._checkpoint_interval is not None:
                self._last_checkpoint_step = read_step(get_session(), self._step_counter)
            return self._latest_checkpoint
        if self._init_fn is not None:
            self._init_fn()
        return None

    def sync(self):
        """Waits for asynchronous saves (tfcompat saves synchronously)."""
