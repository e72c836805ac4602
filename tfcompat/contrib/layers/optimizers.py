"""`tf.contrib.layers.optimize_loss` (TF 1.15's contrib/layers optimizers.py): one call that
makes the optimizer (by name, class, instance or factory), an `OptimizeLoss/learning_rate`
variable for a float rate, optional decay, gradient noise, multipliers and clipping, the
summaries, and returns the loss made to depend on the training step."""
from __future__ import annotations

import tfcompat as tf
from tfcompat.ops.control_flow_ops import with_dependencies

OPTIMIZER_CLS_NAMES = {
    "Adagrad": tf.train.AdagradOptimizer,
    "Adam": tf.train.AdamOptimizer,
    "Ftrl": tf.train.FtrlOptimizer,
    "Momentum": lambda learning_rate: tf.train.MomentumOptimizer(learning_rate, momentum=0.9),
    "RMSProp": tf.train.RMSPropOptimizer,
    "SGD": tf.train.GradientDescentOptimizer,
}

OPTIMIZER_SUMMARIES = ["learning_rate", "loss", "gradients", "gradient_norm",
                       "global_gradient_norm"]


def _learning_rate(learning_rate):
    if learning_rate is None:
        return None
    if isinstance(learning_rate, tf.Tensor) and learning_rate.get_shape().ndims == 0:
        return learning_rate
    if isinstance(learning_rate, float):
        if learning_rate < 0.0:
            raise ValueError("Invalid learning_rate %s." % learning_rate)
        return tf.get_variable("learning_rate", [], trainable=False,
                               initializer=tf.constant_initializer(learning_rate))
    raise ValueError("Learning rate should be 0d Tensor or float. Got %s of type %s"
                     % (str(learning_rate), str(type(learning_rate))))


def _make_optimizer(optimizer, learning_rate, lr):
    if isinstance(optimizer, str):
        if lr is None:
            raise ValueError("Learning rate is None, but should be specified if optimizer is "
                             "string (%s)." % optimizer)
        if optimizer not in OPTIMIZER_CLS_NAMES:
            raise ValueError("Optimizer name should be one of [%s], you provided %s."
                             % (", ".join(OPTIMIZER_CLS_NAMES), optimizer))
        return OPTIMIZER_CLS_NAMES[optimizer](learning_rate=lr)
    if isinstance(optimizer, type) and issubclass(optimizer, tf.train.Optimizer):
        if lr is None:
            raise ValueError("Learning rate is None, but should be specified if optimizer is "
                             "class (%s)." % optimizer)
        return optimizer(learning_rate=lr)
    if isinstance(optimizer, tf.train.Optimizer):
        return optimizer
    if callable(optimizer):
        opt = optimizer(lr) if learning_rate is not None else optimizer()
        if not isinstance(opt, tf.train.Optimizer):
            raise ValueError("Unrecognized optimizer: function should return subclass of "
                             "Optimizer. Got %s." % str(opt))
        return opt
    raise ValueError("Unrecognized optimizer: should be string, subclass of Optimizer, "
                     "instance of subclass of Optimizer or function with one argument. Got %s."
                     % str(optimizer))


def _check_summaries(summaries):
    if summaries is None:
        return ["loss", "learning_rate", "global_gradient_norm"]
    for summ in summaries:
        if summ not in OPTIMIZER_SUMMARIES:
            raise ValueError("Summaries should be one of [%s], you provided %s."
                             % (", ".join(OPTIMIZER_SUMMARIES), summ))
    return summaries


def _transform_gradients(gradients, gradient_noise_scale, gradient_multipliers, clip_gradients,
                         summaries):
    if gradient_noise_scale is not None:
        gradients = _add_scaled_noise_to_gradients(gradients, gradient_noise_scale)
    if gradient_multipliers is not None:
        gradients = _multiply_gradients(gradients, gradient_multipliers)
        if not gradients:
            raise ValueError("Empty list of (gradient, var) pairs encountered. This is most "
                             "likely to be caused by an improper value of "
                             "gradient_multipliers.")
    norms = "global_gradient_norm" in summaries or "gradient_norm" in summaries
    if norms:
        tf.summary.scalar("global_norm/gradient_norm", tf.global_norm(list(zip(*gradients))[0]))
    if isinstance(clip_gradients, float):
        gradients = _clip_gradients_by_norm(gradients, clip_gradients)
    elif callable(clip_gradients):
        gradients = clip_gradients(gradients)
    elif clip_gradients is not None:
        raise ValueError("Unknown type %s for clip_gradients" % type(clip_gradients))
    return gradients


def _gradient_summaries(gradients, summaries):
    for gradient, variable in gradients:
        values = gradient.values if isinstance(gradient, tf.IndexedSlices) else gradient
        if values is None:
            continue
        var_name = variable.name.replace(":", "_")
        if "gradients" in summaries:
            tf.summary.histogram("gradients/%s" % var_name, values)
        if "gradient_norm" in summaries:
            tf.summary.scalar("gradient_norm/%s" % var_name, tf.global_norm([values]))


def optimize_loss(loss, global_step, learning_rate, optimizer, gradient_noise_scale=None,
                  gradient_multipliers=None, clip_gradients=None, learning_rate_decay_fn=None,
                  update_ops=None, variables=None, name=None, summaries=None,
                  colocate_gradients_with_ops=False, increment_global_step=True):
    """The training op of TF 1.15's optimize_loss: `loss` after the gradient update (and
    after `update_ops`, by default the UPDATE_OPS collection)."""
    loss = tf.convert_to_tensor(loss)
    tf.assert_scalar(loss)
    if global_step is None:
        global_step = tf.train.get_global_step()
    else:
        tf.train.assert_global_step(global_step)
    with tf.variable_scope(name, "OptimizeLoss", [loss, global_step]):
        if update_ops is None:
            update_ops = set(tf.get_collection(tf.GraphKeys.UPDATE_OPS))
        if update_ops:
            loss = with_dependencies(list(update_ops), loss)
        lr = _learning_rate(learning_rate)
        summaries = _check_summaries(summaries)
        if learning_rate is not None and learning_rate_decay_fn is not None:
            if global_step is None:
                raise ValueError("global_step is required for learning_rate_decay_fn.")
            lr = learning_rate_decay_fn(lr, global_step)
            if "learning_rate" in summaries:
                tf.summary.scalar("learning_rate", lr)
        opt = _make_optimizer(optimizer, learning_rate, lr)
        if variables is None:
            variables = tf.trainable_variables()
        gradients = opt.compute_gradients(
            loss, variables, colocate_gradients_with_ops=colocate_gradients_with_ops)
        gradients = _transform_gradients(gradients, gradient_noise_scale, gradient_multipliers,
                                         clip_gradients, summaries)
        if "loss" in summaries:
            tf.summary.scalar("loss", loss)
        _gradient_summaries(gradients, summaries)
        if clip_gradients is not None and ("global_gradient_norm" in summaries
                                           or "gradient_norm" in summaries):
            tf.summary.scalar("global_norm/clipped_gradient_norm",
                              tf.global_norm(list(zip(*gradients))[0]))
        grad_updates = opt.apply_gradients(
            gradients, global_step=global_step if increment_global_step else None,
            name="train")
        return with_dependencies([grad_updates], loss)


def _clip_gradients_by_norm(grads_and_vars, clip_gradients):
    gradients, variables = zip(*grads_and_vars)
    clipped_gradients, _ = tf.clip_by_global_norm(gradients, clip_gradients)
    return list(zip(clipped_gradients, variables))


def _add_scaled_noise_to_gradients(grads_and_vars, gradient_noise_scale):
    """Each gradient plus truncated-normal noise times `gradient_noise_scale`."""
    gradients, variables = zip(*grads_and_vars)
    noisy_gradients = []
    for gradient in gradients:
        if gradient is None:
            noisy_gradients.append(None)
            continue
        if isinstance(gradient, tf.IndexedSlices):
            gradient_shape = gradient.dense_shape
        else:
            gradient_shape = gradient.get_shape()
        noise = tf.truncated_normal(gradient_shape) * gradient_noise_scale
        noisy_gradients.append(gradient + noise)
    return list(zip(noisy_gradients, variables))


def _multiply_gradients(grads_and_vars, gradient_multipliers):
    """Gradients of the variables (or variable names) in `gradient_multipliers` scaled."""
    multiplied = []
    for grad, var in grads_and_vars:
        key = var if var in gradient_multipliers else var.name
        if grad is not None and key in gradient_multipliers:
            multiplier = gradient_multipliers[key]
            if isinstance(grad, tf.IndexedSlices):
                grad = tf.IndexedSlices(grad.values * multiplier, grad.indices,
                                        grad.dense_shape)
            else:
                grad *= tf.cast(multiplier, grad.dtype)
        multiplied.append((grad, var))
    return multiplied
