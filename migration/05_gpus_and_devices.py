"""Step 5: GPUs and several devices, with TF1's device code as written.

`tf.device("/gpu:N")` maps to `cuda:N`; ops without a device go to cuda:0 when CUDA is
available; `allow_soft_placement=True` moves ops asking for a device that is missing (a second
GPU, or any GPU on a CPU-only machine) to one that exists, as TF does. Below is the classic TF1
multi-GPU "tower" pattern: each GPU computes gradients on its slice of the batch, and their
average updates the shared variables, which live on the CPU. Only the import line changed.

    python migration/05_gpus_and_devices.py

Expected last line: towers agree with one device: True
"""
import numpy as np

import tfcompat as tf

N_TOWERS = 2


def tower_loss(x, y, w, b):
    return tf.reduce_mean(tf.square(tf.matmul(x, w) + b - y))


def main():
    rng = np.random.RandomState(0)
    xs = rng.randn(64, 3).astype(np.float32)
    ys = xs @ np.array([[1.0], [-2.0], [0.5]], np.float32) + 0.25
    opt = tf.train.GradientDescentOptimizer(0.1)
    with tf.device("/cpu:0"):
        x = tf.placeholder(tf.float32, [None, 3])
        y = tf.placeholder(tf.float32, [None, 1])
        w = tf.get_variable("w", [3, 1], initializer=tf.zeros_initializer())
        b = tf.get_variable("b", [1], initializer=tf.zeros_initializer())
        x_parts, y_parts = tf.split(x, N_TOWERS), tf.split(y, N_TOWERS)
    tower_grads = []
    for i in range(N_TOWERS):
        with tf.device("/gpu:%d" % i), tf.name_scope("tower_%d" % i):
            tower_grads.append(opt.compute_gradients(tower_loss(x_parts[i], y_parts[i], w, b)))
    with tf.device("/cpu:0"):
        averaged = [(tf.add_n([g for g, _ in pairs]) / N_TOWERS, pairs[0][1])
                    for pairs in zip(*tower_grads)]
        train = opt.apply_gradients(averaged)
        single_grad = tf.gradients(tower_loss(x, y, w, b), [w, b])
    config = tf.ConfigProto(allow_soft_placement=True)
    with tf.Session(config=config) as sess:
        print("devices:", [d.name for d in sess.list_devices()])
        sess.run(tf.global_variables_initializer())
        expected = sess.run(single_grad, {x: xs, y: ys})
        got = sess.run([g for g, _ in averaged], {x: xs, y: ys})
        for _ in range(100):
            sess.run(train, {x: xs, y: ys})
        print("fitted w:", np.round(sess.run(w).ravel(), 2).tolist())
    same = all(np.allclose(a, b, atol=1e-5) for a, b in zip(expected, got))
    print("towers agree with one device:", same)


if __name__ == "__main__":
    main()
