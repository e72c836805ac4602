"""Random small graphs: 10-30 ops drawn from the elementwise, reduction, layout and matmul
families, wired at random over a few float inputs, compared end to end (values and the gradient
of the output with respect to every input)."""
import functools

import numpy as np

from harness import Program

# (arity, builder) over tensors of shape (3, 4); every result keeps that shape
_UNARY = [
    lambda tf, x: tf.tanh(x), lambda tf, x: tf.sigmoid(x), lambda tf, x: tf.abs(x),
    lambda tf, x: tf.square(x) * 0.1, lambda tf, x: tf.nn.relu(x), lambda tf, x: tf.sin(x),
    lambda tf, x: tf.exp(-tf.abs(x)), lambda tf, x: tf.log1p(tf.abs(x)),
    lambda tf, x: tf.sqrt(tf.abs(x) + 1.0), lambda tf, x: tf.nn.softmax(x),
    lambda tf, x: tf.nn.elu(x), lambda tf, x: tf.clip_by_value(x, -0.5, 0.7),
    lambda tf, x: x - tf.reduce_mean(x, axis=1, keepdims=True),
    lambda tf, x: x * tf.reduce_max(x, axis=0), lambda tf, x: tf.reverse(x, [1]),
    lambda tf, x: tf.reshape(tf.transpose(tf.reshape(x, [4, 3])), [3, 4]),
    lambda tf, x: tf.cumsum(x, axis=1) * 0.3, lambda tf, x: tf.nn.l2_normalize(x, 1),
    lambda tf, x: tf.matmul(x, tf.transpose(x)) [:, :1] * x * 0.1,
    lambda tf, x: tf.concat([x[:, 2:], x[:, :2]], 1), lambda tf, x: tf.floor(x) + x,
]
_BINARY = [
    lambda tf, x, y: x + y, lambda tf, x, y: x * y, lambda tf, x, y: x - y,
    lambda tf, x, y: tf.maximum(x, y), lambda tf, x, y: tf.minimum(x, y),
    lambda tf, x, y: x / (tf.abs(y) + 1.0), lambda tf, x, y: tf.squared_difference(x, y),
    lambda tf, x, y: tf.where(x > y, x, y * 0.5), lambda tf, x, y: tf.atan2(x, y),
    lambda tf, x, y: tf.stack([x, y])[1] + tf.reduce_sum(x) * 0.01,
]


def _build(seed, tf):
    rng = np.random.RandomState(seed)
    inputs = [tf.constant(rng.uniform(-2, 2, (3, 4)).astype(np.float32), name="in%d" % i)
              for i in range(3)]
    pool = list(inputs)
    for _ in range(rng.randint(10, 31)):
        if rng.rand() < 0.6:
            fn = _UNARY[rng.randint(len(_UNARY))]
            pool.append(fn(tf, pool[rng.randint(len(pool))]))
        else:
            fn = _BINARY[rng.randint(len(_BINARY))]
            pool.append(fn(tf, pool[rng.randint(len(pool))], pool[rng.randint(len(pool))]))
    out = tf.add_n(pool[-3:])
    grads = tf.gradients(tf.reduce_sum(out * np.cos(np.arange(12)).reshape(3, 4)), inputs)
    fetches = {"out": out}
    fetches.update(("grad%d" % i, g) for i, g in enumerate(grads) if g is not None)
    fetches["grad_none"] = tf.constant([g is None for g in grads])
    return fetches, {}


PROGRAMS = [Program("random_graph_%02d" % seed, functools.partial(_build, seed),
                    tol=(1e-4, 1e-5)) for seed in range(40)]
