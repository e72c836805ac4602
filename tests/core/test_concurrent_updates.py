"""`assign_add` from 8 threads on one session, with the default locking (`use_locking=False`):
TF's CPU kernels update without a lock and lose increments under contention; tfcompat serializes
the read-modify-write of one variable, so none is lost (recorded in the project's known
differences: TF1 behaves badly here)."""
import threading

import numpy as np
import pytest

pytestmark = pytest.mark.tfcompat_only

THREADS, STEPS = 8, 150


@pytest.mark.parametrize("use_resource", [False, True])
def test_eight_threads_lose_no_update(tf, use_resource):
    v = tf.get_variable("v", [4], tf.float32, tf.zeros_initializer(), use_resource=use_resource)
    counter = tf.get_variable("n", [], tf.int64, tf.zeros_initializer(), use_resource=use_resource)
    add = tf.group(tf.assign_add(v, tf.ones([4])), tf.assign_add(counter, 1))
    scatter = tf.scatter_add(v, [0, 0], [1.0, 1.0])     # two updates of one row in one op
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        errors = []

        def work():
            try:
                for _ in range(STEPS):
                    sess.run(add)
                    sess.run(scatter)
            except Exception as e:  # noqa: BLE001 - reported below
                errors.append(e)

        threads = [threading.Thread(target=work) for _ in range(THREADS)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert not errors
        total = THREADS * STEPS
        assert sess.run(counter) == total
        np.testing.assert_array_equal(sess.run(v), [3 * total, total, total, total])
