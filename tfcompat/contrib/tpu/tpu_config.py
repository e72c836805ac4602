"""tf.contrib.tpu.RunConfig, TPUConfig and InputPipelineConfig (TF 1.15's tpu_config.py): the
TPU settings of a TPUEstimator, validated with TF's messages. tfcompat runs them on the CPU
(use_tpu=False), where only the batch sizes and iterations_per_loop's logging matter."""
from __future__ import annotations

import collections
import json
import os
import re

import numpy as np

import tfcompat as tf
from tfcompat.estimator import run_config as run_config_lib

_ITERATIONS_PER_LOOP_VALUE_REGEX = re.compile(r"^(?P<value>[1-9]\d*)((?P<suffix>[s|m|h])$|$)")

IterationsPerLoopCounter = collections.namedtuple("IterationsPerLoopCounter",
                                                  ["value", "unit"])


def check_positive_integer(value, name):
    """TF's util.check_positive_integer: a TypeError for a non-int, ValueError if <= 0."""
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
        raise TypeError("{} must be int, got {}".format(name, type(value)))
    if value <= 0:
        raise ValueError("{} must be positive, got {}".format(name, value))


def parse_iterations_per_loop(iterations_per_loop):
    """(value, 'count') for a positive int, (seconds, 'seconds') for '<N>s|m|h'."""
    m = _ITERATIONS_PER_LOOP_VALUE_REGEX.match(str(iterations_per_loop))
    if m is None:
        raise ValueError(
            "Invalid TPUConfig `iterations_per_loop` value. Value must be positive "
            "integer value or time-based value `<N><s|m|h>` where <N> is any"
            "positive integer and `s`, `m`, `h` are unit of time in seconds, "
            "minutes, hours respectively. Examples of valid values: `3600s`, `60m`,"
            " `1h`.")
    unit = "seconds" if m.group("suffix") in ["h", "m", "s"] else "count"
    value = int(m.group("value")) * {"m": 60, "h": 3600}.get(m.group("suffix"), 1)
    return IterationsPerLoopCounter(value, unit)


class InputPipelineConfig:
    """How a TPUEstimator's input_fn is deployed (see TPUConfig)."""
    PER_SHARD_V1 = 1
    PER_HOST_V1 = 2
    PER_HOST_V2 = 3
    BROADCAST = 4
    SLICED = 5


_TPU_CONFIG_FIELDS = [
    "iterations_per_loop", "num_shards", "num_cores_per_replica",
    "per_host_input_for_training", "tpu_job_name", "initial_infeed_sleep_secs",
    "input_partition_dims", "eval_training_input_configuration",
    "experimental_host_call_every_n_steps",
    "experimental_allow_per_host_v2_parallel_get_next", "experimental_feed_hook"]


def _check_partition_dims(input_partition_dims, per_host_input_for_training,
                          num_cores_per_replica):
    if len(input_partition_dims) not in (1, 2):
        raise ValueError("input_partition_dims must be a list/tuple with one or two"
                         " elements.")
    if per_host_input_for_training is not InputPipelineConfig.PER_HOST_V2:
        raise ValueError("input_partition_dims is only supported in PER_HOST_V2 mode.")
    if num_cores_per_replica is None:
        raise ValueError("input_partition_dims requires setting num_cores_per_replica.")


class TPUConfig(collections.namedtuple("TPUConfig", _TPU_CONFIG_FIELDS)):
    """TPU related configuration required by `TPUEstimator` (TF's fields and checks)."""

    def __new__(cls, iterations_per_loop=2, num_shards=None, num_cores_per_replica=None,
                per_host_input_for_training=True, tpu_job_name=None,
                initial_infeed_sleep_secs=None, input_partition_dims=None,
                eval_training_input_configuration=InputPipelineConfig.PER_HOST_V1,
                experimental_host_call_every_n_steps=1,
                experimental_allow_per_host_v2_parallel_get_next=False,
                experimental_feed_hook=None):
        parse_iterations_per_loop(iterations_per_loop)
        if num_shards is not None:
            check_positive_integer(num_shards, "TPUConfig num_shards")
        if input_partition_dims is not None:
            _check_partition_dims(input_partition_dims, per_host_input_for_training,
                                  num_cores_per_replica)
        if num_cores_per_replica is not None and \
                num_cores_per_replica not in [1, 2, 4, 8, 16, 32, 64, 128]:
            raise ValueError("num_cores_per_replica must be 1, 2, 4, 8, 16, 32, 64, 128; "
                             "got {}".format(str(num_cores_per_replica)))
        if eval_training_input_configuration not in [InputPipelineConfig.PER_HOST_V1,
                                                     InputPipelineConfig.SLICED]:
            raise ValueError("eval_training_input_configuration must be PER_HOST_V1 or SLICED;"
                             " got {}".format(str(eval_training_input_configuration)))
        if per_host_input_for_training is False:
            per_host_input_for_training = InputPipelineConfig.PER_SHARD_V1
        elif per_host_input_for_training is True:
            per_host_input_for_training = InputPipelineConfig.PER_HOST_V1
        if initial_infeed_sleep_secs:
            check_positive_integer(initial_infeed_sleep_secs,
                                   "TPUConfig initial_infeed_sleep_secs")
        tpu_job_name = tpu_job_name or _get_tpu_job_name_from_tf_config()
        return super().__new__(
            cls, iterations_per_loop=iterations_per_loop, num_shards=num_shards,
            num_cores_per_replica=num_cores_per_replica,
            per_host_input_for_training=per_host_input_for_training,
            tpu_job_name=tpu_job_name, initial_infeed_sleep_secs=initial_infeed_sleep_secs,
            input_partition_dims=input_partition_dims,
            eval_training_input_configuration=eval_training_input_configuration,
            experimental_host_call_every_n_steps=experimental_host_call_every_n_steps,
            experimental_allow_per_host_v2_parallel_get_next=(
                experimental_allow_per_host_v2_parallel_get_next),
            experimental_feed_hook=experimental_feed_hook)


def _get_tpu_job_name_from_tf_config():
    tf_config = json.loads(os.environ.get("TF_CONFIG", "{}"))
    tpu_job_name = tf_config.get("service", {}).get("tpu_worker_job_name")
    if tpu_job_name:
        tf.logging.info("Load TPU job name from TF_CONFIG: %s", tpu_job_name)
    return tpu_job_name


class RunConfig(run_config_lib.RunConfig):
    """RunConfig with TPU support: `tpu_config`, `master`, `evaluation_master` and `cluster`
    (a ClusterResolver; tfcompat has none that resolves, see contrib.cluster_resolver)."""

    def __init__(self, tpu_config=None, evaluation_master=None, master=None, cluster=None,
                 **kwargs):
        super().__init__(**kwargs)
        self._tpu_config = tpu_config or TPUConfig()
        self._cluster = cluster
        if master is not None:
            if cluster is not None:
                raise ValueError("Both master and cluster are set.")
            self._master = master
        elif cluster:
            self._master = cluster.master()
        if evaluation_master is not None:
            self._evaluation_master = evaluation_master
        elif not self._evaluation_master:
            self._evaluation_master = self._master
        if cluster:
            raise ValueError("tfcompat runs no TPU cluster: RunConfig(cluster=...) needs a "
                             "TPU; pass cluster=None and use TPUEstimator(use_tpu=False)")

    evaluation_master = property(lambda self: self._evaluation_master)
    master = property(lambda self: self._master)
    tpu_config = property(lambda self: self._tpu_config)
    cluster = property(lambda self: self._cluster)
