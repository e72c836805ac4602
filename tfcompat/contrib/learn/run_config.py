"""tf.contrib.learn's RunConfig (TF 1.15 learn/estimators/run_config.py): tf.estimator's
RunConfig with the TF 1.x session options (num_cores, log_device_placement,
gpu_memory_fraction), the ClusterConfig properties of a local run (task_type None, task_id 0,
no replicas, environment "local") and `uid()`, which learn_runner compares to check that the
experiment_fn passed its run_config to the Estimator."""
from __future__ import annotations

import collections

import tfcompat as tf
from tfcompat.estimator import run_config as core_run_config

# The properties a user may change without changing the uid (TF 1.15's list).
_DEFAULT_UID_WHITE_LIST = [
    "tf_random_seed",
    "save_summary_steps",
    "save_checkpoints_steps",
    "save_checkpoints_secs",
    "session_config",
    "keep_checkpoint_max",
    "keep_checkpoint_every_n_hours",
    "log_step_count_steps",
]


class Environment:
    CLOUD = "cloud"
    GOOGLE = "google"
    LOCAL = "local"


class TaskType:
    MASTER = "master"
    PS = "ps"
    WORKER = "worker"


class RunConfig(core_run_config.RunConfig):
    """contrib.learn's RunConfig."""

    def __init__(self, master=None, num_cores=0, log_device_placement=False,
                 gpu_memory_fraction=1, tf_random_seed=None, save_summary_steps=100,
                 save_checkpoints_secs=core_run_config._USE_DEFAULT,
                 save_checkpoints_steps=None, keep_checkpoint_max=5,
                 keep_checkpoint_every_n_hours=10000, log_step_count_steps=100,
                 protocol=None, evaluation_master="", model_dir=None, session_config=None,
                 session_creation_timeout_secs=7200):
        if session_config is None and (num_cores or log_device_placement):
            session_config = tf.ConfigProto(
                log_device_placement=log_device_placement,
                intra_op_parallelism_threads=num_cores,
                inter_op_parallelism_threads=num_cores)
        if save_checkpoints_secs is core_run_config._USE_DEFAULT:
            save_checkpoints_secs = 600 if save_checkpoints_steps is None else None
        super().__init__(model_dir=model_dir, tf_random_seed=tf_random_seed,
                         save_summary_steps=save_summary_steps,
                         save_checkpoints_steps=save_checkpoints_steps,
                         save_checkpoints_secs=save_checkpoints_secs,
                         session_config=session_config, keep_checkpoint_max=keep_checkpoint_max,
                         keep_checkpoint_every_n_hours=keep_checkpoint_every_n_hours,
                         log_step_count_steps=log_step_count_steps, protocol=protocol,
                         session_creation_timeout_secs=session_creation_timeout_secs)
        self._master = master or ""
        self._evaluation_master = evaluation_master or ""
        # ClusterConfig without TF_CONFIG: no task type, task 0, no replicas, the chief
        self._task_type, self._task_id = None, 0
        self._num_ps_replicas = self._num_worker_replicas = 0
        self._environment = Environment.LOCAL
        self._tf_config = tf.ConfigProto(
            log_device_placement=log_device_placement,
            inter_op_parallelism_threads=num_cores, intra_op_parallelism_threads=num_cores,
            gpu_options=tf.GPUOptions(per_process_gpu_memory_fraction=gpu_memory_fraction))

    environment = property(lambda self: self._environment)
    tf_config = property(lambda self: self._tf_config)

    @staticmethod
    def get_task_id():
        """TF_CONFIG's task index; 0 (tfcompat runs no cluster)."""
        return 0

    def uid(self, whitelist=None):
        """A string of every field but those of `whitelist` (default: the properties a user
        may change), for checking that a RunConfig reached its Estimator."""
        if whitelist is None:
            whitelist = _DEFAULT_UID_WHITE_LIST
        state = {k: v for k, v in self.__dict__.items() if not k.startswith("__")}
        for k in whitelist:
            state.pop("_" + k, None)
        ordered_state = collections.OrderedDict(sorted(state.items(), key=lambda t: t[0]))
        if "_cluster_spec" in ordered_state:
            ordered_state["_cluster_spec"] = collections.OrderedDict(
                sorted(ordered_state["_cluster_spec"].as_dict().items(), key=lambda t: t[0]))
        return ", ".join("%s=%r" % (k, v) for (k, v) in ordered_state.items())
