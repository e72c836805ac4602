"""`tf.keras.utils.OrderedEnqueuer` / `GeneratorEnqueuer`: worker threads fill a queue; the
batches come out in the Sequence's order across epochs (on_epoch_end between them), a failing
batch stops the enqueuer and re-raises, a generator is drained to its end. Orders and errors
recorded from TF 2.21 (tf.compat.v1, TF_USE_LEGACY_KERAS=1)."""
import random
import threading

import pytest


def _sequence(tf, fail_at=None):
    class Numbers(tf.keras.utils.Sequence):
        def __init__(self):
            self.epochs = 0

        def __len__(self):
            return 5

        def __getitem__(self, i):
            if i == fail_at:
                raise KeyError("boom %d" % i)
            return (self.epochs, i)

        def on_epoch_end(self):
            self.epochs += 1

    return Numbers()


@pytest.mark.parametrize("use_multiprocessing", [False, True])
def test_ordered_enqueuer_keeps_order_across_epochs(tf, use_multiprocessing):
    enqueuer = tf.keras.utils.OrderedEnqueuer(_sequence(tf),
                                              use_multiprocessing=use_multiprocessing)
    assert not enqueuer.is_running()
    enqueuer.start(workers=3, max_queue_size=4)
    assert enqueuer.is_running()
    batches = enqueuer.get()
    got = [next(batches) for _ in range(12)]
    enqueuer.stop()
    assert not enqueuer.is_running()
    assert got == [(0, 0), (0, 1), (0, 2), (0, 3), (0, 4), (1, 0), (1, 1), (1, 2), (1, 3),
                   (1, 4), (2, 0), (2, 1)]


def test_ordered_enqueuer_shuffles_with_python_random(tf):
    random.seed(1)
    enqueuer = tf.keras.utils.OrderedEnqueuer(_sequence(tf), shuffle=True)
    enqueuer.start(workers=2)
    batches = enqueuer.get()
    got = [next(batches) for _ in range(10)]
    enqueuer.stop()
    assert got == [(0, 2), (0, 3), (0, 4), (0, 0), (0, 1), (1, 2), (1, 4), (1, 3), (1, 1),
                   (1, 0)]


def test_ordered_enqueuer_reraises_and_stops(tf):
    enqueuer = tf.keras.utils.OrderedEnqueuer(_sequence(tf, fail_at=2))
    enqueuer.start(workers=1)
    got = []
    with pytest.raises(KeyError, match="boom 2"):
        for batch in enqueuer.get():
            got.append(batch)
    assert got == [(0, 0), (0, 1)] and not enqueuer.is_running()


def test_generator_enqueuer_drains_the_generator(tf):
    enqueuer = tf.keras.utils.GeneratorEnqueuer((i * 10 for i in range(7)))
    enqueuer.start(workers=1, max_queue_size=3)
    assert list(enqueuer.get()) == [0, 10, 20, 30, 40, 50, 60]
    enqueuer.stop()
    assert isinstance(enqueuer, tf.keras.utils.SequenceEnqueuer)


def test_generator_enqueuer_errors(tf):
    def failing():
        yield 1
        raise TypeError("bad gen")

    enqueuer = tf.keras.utils.GeneratorEnqueuer(failing())
    enqueuer.start()
    got = []
    with pytest.raises(TypeError, match="bad gen"):
        for item in enqueuer.get():
            got.append(item)
    assert got == [1] and not enqueuer.is_running()

    gate = threading.Event()

    def unsafe():       # the other workers call next() while the first is still inside
        gate.wait(0.5)
        yield from range(50)

    enqueuer = tf.keras.utils.GeneratorEnqueuer(unsafe())
    enqueuer.start(workers=4)
    with pytest.raises(RuntimeError, match="Your generator is NOT thread-safe"):
        list(enqueuer.get())
