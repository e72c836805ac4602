"""tf.estimator.experimental.InMemoryEvaluatorHook (TF 1.15's hooks.py): evaluates the model
being trained every N training steps, in its own graph, with the training session's variable
values copied in (no checkpoint needed); results go to model_dir/eval[_name] as evaluate()'s."""
from __future__ import annotations

import os

import tfcompat as tf
from tfcompat.estimator import _eval_lib
from tfcompat.train.basic_session_run_hooks import SecondOrStepTimer


class InMemoryEvaluatorHook(tf.train.SessionRunHook):
    """Runs `estimator`'s evaluation on `input_fn` (for `steps` batches, or to its end) when
    training starts, every `every_n_iter` steps, and when it ends."""

    def __init__(self, estimator, input_fn, steps=None, hooks=None, name=None,
                 every_n_iter=100):
        if every_n_iter is None or every_n_iter <= 0:
            raise ValueError("invalid every_n_iter=%s." % every_n_iter)
        self._estimator = estimator
        self._input_fn = input_fn
        self._eval_dir = os.path.join(estimator.model_dir, "eval" if not name else
                                      "eval_" + name)
        self._graph = None
        self._hooks = list(hooks or [])
        for hook in self._hooks:
            if not isinstance(hook, tf.train.SessionRunHook):
                raise TypeError("Hooks must be a SessionRunHook, given: {}".format(hook))
        if steps is not None:
            if steps <= 0:
                raise ValueError("Must specify steps > 0, given: {}".format(steps))
            self._hooks.append(_eval_lib.StopAfterNEvalsHook(num_evals=steps))
        self._timer = SecondOrStepTimer(every_steps=every_n_iter)

    def begin(self):
        self._timer.reset()
        self._iter_count = 0
        self._graph = tf.Graph()
        with self._graph.as_default():
            (self._scaffold, self._update_op, self._eval_dict,
             self._all_hooks) = self._estimator._evaluate_build_graph(
                 self._input_fn, self._hooks, checkpoint_path=None)
            if self._scaffold.saver is not None:
                raise ValueError("InMemoryEvaluator does not support custom saver")
            if self._scaffold.init_fn is not None:
                raise ValueError("InMemoryEvaluator does not support custom init_fn")
            variables = tf.get_collection(tf.GraphKeys.GLOBAL_VARIABLES)
            self._eval_vars = {v.name: v for v in variables}
            self._placeholders = {v.name: tf.placeholder(v.dtype.base_dtype)
                                  for v in variables}

    def after_create_session(self, session, coord):
        """The first evaluation, before any training step."""
        train_vars = {v.name: v for v in tf.get_collection(tf.GraphKeys.GLOBAL_VARIABLES)}
        shared = set(self._placeholders) & set(train_vars)
        self._train_vars = {name: train_vars[name] for name in shared}
        with self._graph.as_default():
            self._var_feed_op = tf.group([tf.assign(self._eval_vars[name],
                                                    self._placeholders[name])
                                          for name in sorted(shared)])
        self._evaluate(session)

    def _evaluate(self, train_session):
        values = train_session.run(self._train_vars)
        feed = {self._placeholders[name]: value for name, value in values.items()}

        def feed_variables(scaffold, session):
            session.run(self._var_feed_op, feed_dict=feed)

        scaffold = tf.train.Scaffold(init_fn=feed_variables, copy_from_scaffold=self._scaffold)
        with self._graph.as_default():
            self._estimator._evaluate_run(None, scaffold, self._update_op, self._eval_dict,
                                          self._all_hooks, self._eval_dir)
        self._timer.update_last_triggered_step(self._iter_count)

    def after_run(self, run_context, run_values):
        self._iter_count += 1
        if self._timer.should_trigger_for_step(self._iter_count):
            self._evaluate(run_context.session)

    def end(self, session):
        """The evaluation of the final model."""
        self._evaluate(session)
