"""`tf.contrib.opt.ScipyOptimizerInterface` / `ExternalOptimizerInterface` (TF 1.15): an
optimizer outside the graph (scipy.optimize.minimize: L-BFGS-B by default, SLSQP with equality
and inequality constraints, bounds from `var_to_bounds`) drives a session. As in TF, the
variables are packed into one float vector; each evaluation feeds the candidate values in place
of the variables and fetches the loss and its packed gradient; at the end the variables are
assigned the result. SciPy is an optional dependency (`pip install scipy`); without it
`minimize` raises naming it."""
from __future__ import annotations

import numpy as np

import tfcompat as tf

try:
    import scipy.optimize as _scipy_optimize
except ImportError:  # optional: only ScipyOptimizerInterface.minimize needs it
    _scipy_optimize = None

_log = tf.get_logger()


class ExternalOptimizerInterface:
    """Base class: subclasses implement `_minimize` with an external algorithm."""

    def __init__(self, loss, var_list=None, equalities=None, inequalities=None,
                 var_to_bounds=None, **optimizer_kwargs):
        self._loss = loss
        self._equalities = equalities or []
        self._inequalities = inequalities or []
        self._vars = tf.trainable_variables() if var_list is None else list(var_list)
        self._packed_bounds = _packed_bounds(self._vars, var_to_bounds)
        self._update_placeholders = [tf.placeholder(var.dtype) for var in self._vars]
        self._var_updates = [var.assign(tf.reshape(placeholder, _shape(var)))
                             for var, placeholder in zip(self._vars, self._update_placeholders)]
        loss_grads = _compute_gradients(loss, self._vars)
        equalities_grads = [_compute_gradients(e, self._vars) for e in self._equalities]
        inequalities_grads = [_compute_gradients(i, self._vars) for i in self._inequalities]
        self.optimizer_kwargs = optimizer_kwargs
        self._packed_var = self._pack(self._vars)
        self._packed_loss_grad = self._pack(loss_grads)
        self._packed_equality_grads = [self._pack(g) for g in equalities_grads]
        self._packed_inequality_grads = [self._pack(g) for g in inequalities_grads]
        ends = np.cumsum([0] + [int(np.prod(_shape(var))) for var in self._vars])
        self._packing_slices = [slice(int(a), int(b)) for a, b in zip(ends[:-1], ends[1:])]

    def minimize(self, session=None, feed_dict=None, fetches=None, step_callback=None,
                 loss_callback=None, **run_kwargs):
        """Runs the external optimizer to convergence, then assigns the variables."""
        session = session or tf.get_default_session()
        feed_dict = feed_dict or {}
        fetches = fetches or []
        loss_callback = loss_callback or (lambda *fetches: None)
        step_callback = step_callback or (lambda xk: None)
        loss_grad_func = self._make_eval_func([self._loss, self._packed_loss_grad], session,
                                              feed_dict, fetches, loss_callback)
        funcs = [self._make_eval_funcs(tensors, session, feed_dict, fetches)
                 for tensors in (self._equalities, self._packed_equality_grads,
                                 self._inequalities, self._packed_inequality_grads)]
        packed_var_val = self._minimize(
            initial_val=session.run(self._packed_var), loss_grad_func=loss_grad_func,
            equality_funcs=funcs[0], equality_grad_funcs=funcs[1],
            inequality_funcs=funcs[2], inequality_grad_funcs=funcs[3],
            packed_bounds=self._packed_bounds, step_callback=step_callback,
            optimizer_kwargs=self.optimizer_kwargs)
        var_vals = [packed_var_val[s] for s in self._packing_slices]
        session.run(self._var_updates, feed_dict=dict(zip(self._update_placeholders, var_vals)),
                    **run_kwargs)

    def _minimize(self, initial_val, loss_grad_func, equality_funcs, equality_grad_funcs,
                  inequality_funcs, inequality_grad_funcs, packed_bounds, step_callback,
                  optimizer_kwargs):
        raise NotImplementedError("To use ExternalOptimizerInterface, subclass from it and "
                                  "implement the _minimize() method.")

    @classmethod
    def _pack(cls, tensors):
        """The tensors flattened into one vector."""
        if not tensors:
            return None
        if len(tensors) == 1:
            return tf.reshape(tensors[0], [-1])
        return tf.concat([tf.reshape(t, [-1]) for t in tensors], 0)

    def _make_eval_func(self, tensors, session, feed_dict, fetches, callback=None):
        tensors = tensors if isinstance(tensors, list) else [tensors]
        count = len(tensors)

        def eval_func(x):
            # the candidate values are fed in place of the variables themselves
            augmented_feed_dict = {var: x[s].reshape(_shape(var))
                                   for var, s in zip(self._vars, self._packing_slices)}
            augmented_feed_dict.update(feed_dict)
            values = session.run(tensors + fetches, feed_dict=augmented_feed_dict)
            if callable(callback):
                callback(*values[count:])
            return values[:count]
        return eval_func

    def _make_eval_funcs(self, tensors, session, feed_dict, fetches, callback=None):
        return [self._make_eval_func(t, session, feed_dict, fetches, callback) for t in tensors]


class ScipyOptimizerInterface(ExternalOptimizerInterface):
    """`scipy.optimize.minimize` driving a session; keyword arguments (method, options, tol,
    ...) go to scipy, except those the interface sets itself (jac, callback, constraints,
    bounds)."""

    _DEFAULT_METHOD = "L-BFGS-B"

    def _minimize(self, initial_val, loss_grad_func, equality_funcs, equality_grad_funcs,
                  inequality_funcs, inequality_grad_funcs, packed_bounds, step_callback,
                  optimizer_kwargs):
        def loss_grad_func_wrapper(x):
            # SciPy's L-BFGS-B and SLSQP want a float64 loss and gradient
            loss, gradient = loss_grad_func(x)
            return np.float64(loss), gradient.astype("float64")

        optimizer_kwargs = dict(optimizer_kwargs.items())
        method = optimizer_kwargs.pop("method", self._DEFAULT_METHOD)
        constraints = [{"type": "eq", "fun": _float64(f), "jac": _float64(g)}
                       for f, g in zip(equality_funcs, equality_grad_funcs)]
        constraints += [{"type": "ineq", "fun": _float64(f), "jac": _float64(g)}
                        for f, g in zip(inequality_funcs, inequality_grad_funcs)]
        minimize_kwargs = {"jac": True, "callback": step_callback, "method": method,
                           "constraints": constraints, "bounds": packed_bounds}
        for kwarg in minimize_kwargs:
            if kwarg in optimizer_kwargs:
                if kwarg == "bounds":
                    raise ValueError("Bounds must be set using the var_to_bounds argument")
                raise ValueError("Optimizer keyword arg '{}' is set automatically and cannot "
                                 "be injected manually".format(kwarg))
        minimize_kwargs.update(optimizer_kwargs)
        if _scipy_optimize is None:
            raise ImportError("tf.contrib.opt.ScipyOptimizerInterface needs SciPy "
                              "(scipy.optimize.minimize): pip install scipy")
        # a float64 start: SLSQP keeps x0's dtype and refuses float32 (SciPy >= 1.16)
        result = _scipy_optimize.minimize(loss_grad_func_wrapper,
                                          np.asarray(initial_val, np.float64), **minimize_kwargs)
        lines = ["Optimization terminated with:", "  Message: %s",
                 "  Objective function value: %f"]
        args = [result.message, result.fun]
        if hasattr(result, "nit"):
            lines.append("  Number of iterations: %d")
            args.append(result.nit)
        if hasattr(result, "nfev"):
            lines.append("  Number of functions evaluations: %d")
            args.append(result.nfev)
        _log.info("\n".join(lines), *args)
        return result["x"]


def _float64(func):
    # SciPy's SLSQP (since 1.16) refuses float32 constraint values and Jacobians, which TF's
    # interface passed on as the session returned them (float32 variables)
    return lambda x: np.asarray(func(x), dtype=np.float64)


def _shape(tensor):
    return tuple(tensor.get_shape().as_list())


def _packed_bounds(variables, var_to_bounds):
    """[(low, high)] per element of the packed vector, None without bounds."""
    if var_to_bounds is None:
        return None
    low, high = [], []
    for var in variables:
        bounds = var_to_bounds.get(var, (-np.inf, np.inf))
        low.extend(list(np.broadcast_to(bounds[0], _shape(var)).flat))
        high.extend(list(np.broadcast_to(bounds[1], _shape(var)).flat))
    return list(zip(low, high))


def _compute_gradients(tensor, var_list):
    # None (no path) becomes zeros, as TF's interface makes it
    grads = tf.gradients(tensor, var_list)
    return [g if g is not None else tf.zeros_like(v) for v, g in zip(var_list, grads)]
