"""tf.estimator.RunConfig: where and how often an Estimator saves, logs and seeds (TF 1.15).

tfcompat runs one process: the cluster properties describe a lone chief worker (TF's defaults
without TF_CONFIG); a TF_CONFIG with a cluster is refused rather than silently ignored.
"""
from __future__ import annotations

import copy
import json
import os

import tfcompat as tf
from tfcompat.estimator.model_fn import fn_args
from tfcompat.io.proto import rewriter_config_pb2

_USE_DEFAULT = object()

# the properties `replace` may change (TF 1.15's list, plus checkpoint_save_graph_def of 1.15's
# successors, which its constructor also takes)
_REPLACEABLE = [
    "model_dir", "tf_random_seed", "save_summary_steps", "save_checkpoints_steps",
    "save_checkpoints_secs", "session_config", "keep_checkpoint_max",
    "keep_checkpoint_every_n_hours", "log_step_count_steps", "train_distribute", "device_fn",
    "protocol", "eval_distribute", "experimental_distribute",
    "experimental_max_worker_delay_secs", "session_creation_timeout_secs",
    "checkpoint_save_graph_def"]

_SAVE_CKPT_ERR = "`save_checkpoints_steps` and `save_checkpoints_secs` cannot be both set."

# (property, valid when, message) checked on every construction and replace, as TF does
_CHECKS = [
    ("model_dir", lambda d: d, "model_dir should be non-empty"),
    ("save_summary_steps", lambda n: n >= 0, "save_summary_steps should be >= 0"),
    ("save_checkpoints_steps", lambda n: n >= 0, "save_checkpoints_steps should be >= 0"),
    ("save_checkpoints_secs", lambda n: n >= 0, "save_checkpoints_secs should be >= 0"),
    ("session_config", lambda c: isinstance(c, tf.ConfigProto),
     "session_config must be instance of ConfigProto"),
    ("keep_checkpoint_max", lambda n: n >= 0, "keep_checkpoint_max should be >= 0"),
    ("keep_checkpoint_every_n_hours", lambda n: n > 0,
     "keep_checkpoint_every_n_hours should be > 0"),
    ("log_step_count_steps", lambda n: n > 0, "log_step_count_steps should be > 0"),
    ("tf_random_seed", lambda s: isinstance(s, int), "tf_random_seed must be integer."),
    ("experimental_max_worker_delay_secs", lambda s: isinstance(s, int),
     "experimental_max_worker_delay_secs must be an integer if set."),
    ("session_creation_timeout_secs", lambda s: s > 0,
     "session_creation_timeout_secs should be > 0"),
    ("device_fn", lambda f: callable(f) and set(fn_args(f)) == {"op"},
     'device_fn must be callable with exactly one argument "op".'),
    ("protocol", lambda p: p in (None, "grpc", "grpc+verbs"),
     "protocol should be grpc or grpc+verbs"),
]


def get_default_session_config():
    """The session config an Estimator uses when RunConfig has none: TF's (soft placement on,
    and one round of graph rewrites, a setting tfcompat keeps but does not act on)."""
    config = tf.ConfigProto(allow_soft_placement=True)
    config.graph_options.rewrite_options.meta_optimizer_iterations = \
        rewriter_config_pb2.RewriterConfig.ONE
    return config


class RunConfig:
    """The run configuration of an Estimator. Checkpoints go every 600 seconds unless
    `save_checkpoints_steps` is given (only one of the two may be set)."""

    def __init__(self, model_dir=None, tf_random_seed=None, save_summary_steps=100,
                 save_checkpoints_steps=_USE_DEFAULT, save_checkpoints_secs=_USE_DEFAULT,
                 session_config=None, keep_checkpoint_max=5,
                 keep_checkpoint_every_n_hours=10000, log_step_count_steps=100,
                 train_distribute=None, device_fn=None, protocol=None, eval_distribute=None,
                 experimental_distribute=None, experimental_max_worker_delay_secs=None,
                 session_creation_timeout_secs=7200, checkpoint_save_graph_def=True):
        if save_checkpoints_steps is _USE_DEFAULT and save_checkpoints_secs is _USE_DEFAULT:
            save_checkpoints_steps, save_checkpoints_secs = None, 600
        elif save_checkpoints_secs is _USE_DEFAULT:
            save_checkpoints_secs = None
        elif save_checkpoints_steps is _USE_DEFAULT:
            save_checkpoints_steps = None
        elif save_checkpoints_steps is not None and save_checkpoints_secs is not None:
            raise ValueError(_SAVE_CKPT_ERR)
        if train_distribute is not None or eval_distribute is not None or \
                experimental_distribute is not None:
            raise ValueError("tfcompat's Estimator runs in one process: RunConfig's "
                             "train_distribute, eval_distribute and experimental_distribute "
                             "must be None")
        tf_config = json.loads(os.environ.get("TF_CONFIG", "{}"))
        if tf_config.get("cluster"):
            raise ValueError("tfcompat's Estimator runs in one process: RunConfig expected no "
                             "'cluster' in the TF_CONFIG environment variable")
        if hasattr(model_dir, "__fspath__"):
            model_dir = os.fspath(model_dir)
        if model_dir == "":
            raise ValueError("model_dir should be non-empty.")
        self._replace_in_place(
            model_dir=model_dir or tf_config.get("model_dir"), tf_random_seed=tf_random_seed,
            save_summary_steps=save_summary_steps,
            save_checkpoints_steps=save_checkpoints_steps,
            save_checkpoints_secs=save_checkpoints_secs, session_config=session_config,
            keep_checkpoint_max=keep_checkpoint_max,
            keep_checkpoint_every_n_hours=keep_checkpoint_every_n_hours,
            log_step_count_steps=log_step_count_steps, train_distribute=None,
            device_fn=device_fn, protocol=protocol, eval_distribute=None,
            experimental_distribute=None,
            experimental_max_worker_delay_secs=experimental_max_worker_delay_secs,
            session_creation_timeout_secs=session_creation_timeout_secs,
            checkpoint_save_graph_def=checkpoint_save_graph_def)
        # a lone chief worker, as TF without TF_CONFIG
        self._service = None
        self._cluster_spec = tf.train.ClusterSpec({})
        self._task_type, self._task_id, self._global_id_in_cluster = "worker", 0, 0
        self._master = self._evaluation_master = ""
        self._is_chief = True
        self._num_ps_replicas, self._num_worker_replicas = 0, 1

    def _replace_in_place(self, **kwargs):
        for key, value in kwargs.items():
            if key not in _REPLACEABLE:
                raise ValueError("Replacing {} is not supported. Allowed properties are {}."
                                 .format(key, _REPLACEABLE))
            setattr(self, "_" + key, value)
        steps, secs = self._save_checkpoints_steps, self._save_checkpoints_secs
        if "save_checkpoints_steps" in kwargs and "save_checkpoints_secs" in kwargs:
            if steps is not None and secs is not None:
                raise ValueError(_SAVE_CKPT_ERR)
        elif "save_checkpoints_steps" in kwargs and steps is not None:
            self._save_checkpoints_secs = None   # setting one turns the other off
        elif "save_checkpoints_secs" in kwargs and secs is not None:
            self._save_checkpoints_steps = None
        for name, valid, message in _CHECKS:
            value = getattr(self, "_" + name)
            if value is not None and not valid(value):
                raise ValueError(message)
        return self

    def replace(self, **kwargs):
        """A copy with the given properties replaced (only those of TF's replaceable list)."""
        return copy.deepcopy(self)._replace_in_place(**kwargs)

    def __deepcopy__(self, memo):
        # the session config and device_fn are shared, not copied (ConfigProto holds locks)
        clone = copy.copy(self)
        return clone

    def __repr__(self):
        return "<RunConfig %r>" % (vars(self),)

    cluster_spec = property(lambda self: self._cluster_spec)
    device_fn = property(lambda self: self._device_fn)
    evaluation_master = property(lambda self: self._evaluation_master)
    is_chief = property(lambda self: self._is_chief)
    master = property(lambda self: self._master)
    num_ps_replicas = property(lambda self: self._num_ps_replicas)
    num_worker_replicas = property(lambda self: self._num_worker_replicas)
    task_id = property(lambda self: self._task_id)
    task_type = property(lambda self: self._task_type)
    global_id_in_cluster = property(lambda self: self._global_id_in_cluster)
    service = property(lambda self: self._service)
    tf_random_seed = property(lambda self: self._tf_random_seed)
    save_summary_steps = property(lambda self: self._save_summary_steps)
    save_checkpoints_secs = property(lambda self: self._save_checkpoints_secs)
    save_checkpoints_steps = property(lambda self: self._save_checkpoints_steps)
    session_config = property(lambda self: self._session_config)
    keep_checkpoint_max = property(lambda self: self._keep_checkpoint_max)
    keep_checkpoint_every_n_hours = property(lambda self: self._keep_checkpoint_every_n_hours)
    log_step_count_steps = property(lambda self: self._log_step_count_steps)
    model_dir = property(lambda self: self._model_dir)
    train_distribute = property(lambda self: self._train_distribute)
    eval_distribute = property(lambda self: self._eval_distribute)
    experimental_max_worker_delay_secs = property(
        lambda self: self._experimental_max_worker_delay_secs)
    session_creation_timeout_secs = property(lambda self: self._session_creation_timeout_secs)
    checkpoint_save_graph_def = property(lambda self: self._checkpoint_save_graph_def)
    protocol = property(lambda self: self._protocol)
