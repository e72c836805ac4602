"""`tf.keras.utils.SequenceEnqueuer`, `OrderedEnqueuer` and `GeneratorEnqueuer`: a background
thread keeps a queue of `max_queue_size` pending batches filled, computed by a pool of
`workers` threads; `get()` yields them.

`OrderedEnqueuer` yields a Sequence's batches in index order (Python's `random.shuffle` reorders
each epoch when `shuffle`) and calls `on_epoch_end` between epochs, for ever; a batch that
raises stops the enqueuer and re-raises in `get()`. `GeneratorEnqueuer` pulls `next()` from a
(thread-safe) generator until it is exhausted.

`use_multiprocessing=True` runs on the same thread pool: worker processes would need the
sequence pickled to them, which Keras programs' sequences (closures over graphs and sessions)
often are not; the batches and their order are the same (see
tests/differential/known_differences.txt).
"""
from __future__ import annotations

import itertools
import multiprocessing.dummy
import queue
import random
import threading
import time
from contextlib import closing

_SEQUENCE_COUNTER = itertools.count()


class SequenceEnqueuer:
    """Base class: starts and stops the filling thread; subclasses say what to enqueue
    (`_run`) and how to yield it (`get`)."""

    def __init__(self, sequence, use_multiprocessing=False):
        self.sequence = sequence
        self.use_multiprocessing = use_multiprocessing
        self.uid = next(_SEQUENCE_COUNTER)
        self.workers = 0
        self.executor_fn = None
        self.queue = None
        self.run_thread = None
        self.stop_signal = None

    def is_running(self):
        return self.stop_signal is not None and not self.stop_signal.is_set()

    def start(self, workers=1, max_queue_size=10):
        """Starts `workers` worker threads filling a queue of at most `max_queue_size`."""
        self.executor_fn = self._get_executor_init(workers)
        self.workers = workers
        self.queue = queue.Queue(max_queue_size)
        self.stop_signal = threading.Event()
        self.run_thread = threading.Thread(target=self._run, daemon=True)
        self.run_thread.start()

    def stop(self, timeout=None):
        """Stops the filling thread (waiting up to `timeout` seconds) and drops queued work."""
        self.stop_signal.set()
        with self.queue.mutex:
            self.queue.queue.clear()
            self.queue.unfinished_tasks = 0
            self.queue.not_full.notify()
        self.run_thread.join(timeout)

    def __del__(self):
        if self.is_running():
            self.stop()

    def _get_executor_init(self, workers):
        """A function making the worker pool (threads, whatever `use_multiprocessing` says)."""
        return lambda: multiprocessing.dummy.Pool(workers)

    def _run(self):
        raise NotImplementedError

    def get(self):
        raise NotImplementedError


class OrderedEnqueuer(SequenceEnqueuer):
    """Enqueues a `keras.utils.Sequence`'s batches in order, epoch after epoch."""

    def __init__(self, sequence, use_multiprocessing=False, shuffle=False):
        super().__init__(sequence, use_multiprocessing)
        self.shuffle = shuffle

    def _wait_queue(self):
        """Waits until the epoch's batches have all been taken (or a stop)."""
        while True:
            time.sleep(0.1)
            if self.queue.unfinished_tasks == 0 or self.stop_signal.is_set():
                return

    def _run(self):
        order = list(range(len(self.sequence)))
        while True:
            if self.shuffle:
                random.shuffle(order)
            with closing(self.executor_fn()) as executor:
                for i in order:
                    if self.stop_signal.is_set():
                        return
                    self.queue.put(executor.apply_async(self.sequence.__getitem__, (i,)),
                                   block=True)
                self._wait_queue()
                if self.stop_signal.is_set():
                    return
            self.sequence.on_epoch_end()

    def get(self):
        """Yields the batches in order, for ever (until stop)."""
        while self.is_running():
            try:
                inputs = self.queue.get(block=True, timeout=5).get()
                if self.is_running():
                    self.queue.task_done()
                if inputs is not None:
                    yield inputs
            except queue.Empty:
                pass
            except Exception as e:
                self.stop()
                raise e


def _next_sample(generator):
    return next(generator)


class GeneratorEnqueuer(SequenceEnqueuer):
    """Enqueues a generator's items (it must be thread-safe when `workers > 1`).
    `random_seed` seeds Keras' worker processes; tfcompat's workers are threads sharing the
    caller's RNG, so it is unused."""

    def __init__(self, generator, use_multiprocessing=False, random_seed=None):
        super().__init__(generator, use_multiprocessing)
        self.random_seed = random_seed

    def _run(self):
        with closing(self.executor_fn()) as executor:
            while True:
                if self.stop_signal.is_set():
                    return
                self.queue.put(executor.apply_async(_next_sample, (self.sequence,)),
                               block=True)

    def get(self):
        """Yields the generator's items until it is exhausted, then those still queued."""
        try:
            while self.is_running():
                inputs = self.queue.get(block=True).get()
                self.queue.task_done()
                if inputs is not None:
                    yield inputs
        except StopIteration:
            yield from self._drain()
        except Exception as e:
            self.stop()
            if "generator already executing" in str(e):
                raise RuntimeError("Your generator is NOT thread-safe. Keras requires a "
                                   "thread-safe generator when `use_multiprocessing=False, "
                                   "workers > 1`. ") from e
            raise e

    def _drain(self):
        """The items already computed when the generator ran out."""
        last_ones = []
        while self.queue.qsize() > 0:
            last_ones.append(self.queue.get(block=True))
        for f in last_ones:
            f.wait()
        for inputs in (f.get() for f in last_ones if f.successful()):
            if inputs is not None:
                yield inputs
