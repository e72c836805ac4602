"""tensorflow/privacy tutorials/mnist_dpsgd_tutorial_keras.py (2019): tf.keras Sequential compiled
with a DP tf.train optimizer subclass (compute_gradients on the per-example vector loss from
CategoricalCrossentropy(reduction=NONE)), fit with validation_data, evaluate, weights."""
import numpy as np
TAGS = ['keras', 'train', 'gradients', 'random']
TOLERANCE = {'*': (2e-4, 2e-5)}


def make_dp(tf, l2_norm_clip, noise_multiplier, num_microbatches, learning_rate):
    class DPGradientDescentGaussianOptimizer(tf.train.GradientDescentOptimizer):
        def compute_gradients(self, loss, var_list, gate_gradients=1, aggregation_method=None,
                              colocate_gradients_with_ops=False, grad_loss=None):
            mb = tf.reshape(loss, [num_microbatches, -1])
            sums = [tf.zeros_like(v) for v in var_list]
            for i in range(num_microbatches):
                grads = tf.gradients(tf.reduce_mean(mb[i]), var_list)
                clipped, _ = tf.clip_by_global_norm(grads, l2_norm_clip)
                sums = [s + c for s, c in zip(sums, clipped)]
            noised = [s + tf.random.normal(tf.shape(s), stddev=l2_norm_clip * noise_multiplier, seed=70 + k)
                      for k, s in enumerate(sums)]
            return list(zip([n / num_microbatches for n in noised], var_list))
    return DPGradientDescentGaussianOptimizer(learning_rate=learning_rate)


def main(tf):
    tf.set_random_seed(1)
    np.random.seed(0)  # fit shuffles validation arrays with numpy's global generator
    rng = np.random.RandomState(7)
    x_train = rng.rand(16, 10).astype(np.float32)
    y_train = tf.keras.utils.to_categorical(x_train[:, :3].argmax(1), 3)
    x_test = rng.rand(8, 10).astype(np.float32)
    y_test = tf.keras.utils.to_categorical(x_test[:, :3].argmax(1), 3)
    model = tf.keras.Sequential([
        tf.keras.layers.Dense(6, activation='relu', input_shape=(10,),
                              kernel_initializer=tf.keras.initializers.glorot_uniform(seed=1)),
        tf.keras.layers.Dense(3, kernel_initializer=tf.keras.initializers.glorot_uniform(seed=2))])
    optimizer = make_dp(tf, 1.0, 1.1, 4, 0.25)
    loss = tf.keras.losses.CategoricalCrossentropy(from_logits=True, reduction=tf.losses.Reduction.NONE)
    model.compile(optimizer=optimizer, loss=loss, metrics=['accuracy'])
    hist = model.fit(x_train, y_train, epochs=3, validation_data=(x_test, y_test), batch_size=8,
                     shuffle=False, verbose=0)
    out = {'hist_keys': sorted(hist.history),
           'hist': {k: np.array(hist.history[k], np.float64) for k in sorted(hist.history)},
           'eval': [np.asarray(v, np.float64) for v in model.evaluate(x_test, y_test, batch_size=8, verbose=0)],
           'weights': model.get_weights(),
           'weight_names': [w.name for w in model.weights],
           'loss_reduction': str(loss.reduction)}
    return out
