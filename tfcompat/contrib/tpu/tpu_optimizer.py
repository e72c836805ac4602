"""tf.contrib.tpu.CrossShardOptimizer (TF 1.15's tpu_optimizer.py): sums the gradients of all
TPU shards with CrossReplicaSum. Outside a TPU computation TF computes the gradients of one
shard (with a warning) but its CrossReplicaSum has no CPU kernel; tfcompat refuses it when the
update is built."""
from __future__ import annotations

import tfcompat as tf
from tfcompat._unsupported import UnsupportedAPIError
from tfcompat.train.optimizer import Optimizer


class CrossShardOptimizer(Optimizer):
    """An optimizer that averages gradients across TPU shards (needs a TPU to apply)."""

    _tfcompat_caveat = ("computes one shard's gradients; apply_gradients (the cross-replica "
                        "sum) needs a TPU and is refused")

    def __init__(self, opt, reduction=tf.losses.Reduction.MEAN, name="CrossShardOptimizer",
                 group_assignment=None):
        if reduction not in (tf.losses.Reduction.SUM, tf.losses.Reduction.MEAN):
            raise ValueError("Unsupported reduction: %s." % reduction)
        if isinstance(opt, tf.keras.optimizers.Optimizer):
            raise TypeError("CrossShardOptimizer does not work with OptimizerV2. If you are "
                            "using TPUStrategy, OptimizerV2 will sum gradients across "
                            "replicas.If you are using TPUEstimator, you may instead sum "
                            "your gradients with: grads = [tf.compat.v1.tpu.cross_replica_sum"
                            "(g) for g in grads]. If you want to average your gradients, "
                            "rescale your loss with: loss /= global_batch_size")
        super().__init__(False, name)
        self._opt = opt
        self._reduction = reduction
        self._group_assignment = group_assignment

    def compute_gradients(self, loss, var_list=None, **kwargs):
        """The wrapped optimizer's gradients of one shard (TF outside a TPU computation)."""
        tf.logging.warning("CrossShardOptimizer should be used within a tpu_shard_context, "
                           "but got unset number_of_shards. Assuming 1.")
        return self._opt.compute_gradients(loss, var_list=var_list, **kwargs)

    def apply_gradients(self, grads_and_vars, global_step=None, name=None):
        raise UnsupportedAPIError("tf.contrib.tpu.CrossShardOptimizer.apply_gradients")

    def get_slot(self, *args, **kwargs):
        return self._opt.get_slot(*args, **kwargs)

    def get_slot_names(self, *args, **kwargs):
        return self._opt.get_slot_names(*args, **kwargs)

    def variables(self):
        return self._opt.variables()
