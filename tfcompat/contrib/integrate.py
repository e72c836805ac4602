"""`tf.contrib.integrate` (TF 1.15): `odeint`, adaptive Dormand-Prince (dopri5) integration with
TF's step-size control, dense output and `full_output` history, and `odeint_fixed`, midpoint or
RK4 steps on a fixed grid. Both are built from graph ops (while loops over TensorArrays) in the
same order as TF 1.15's contrib odes.py, so the steps taken, values and gradients are TF's."""
import collections

import tfcompat as tf

__all__ = ["odeint", "odeint_fixed"]

_ButcherTableau = collections.namedtuple("_ButcherTableau", "alpha beta c_sol c_mid c_error")

# Shampine (1986), section 4
_DORMAND_PRINCE = _ButcherTableau(
    alpha=[1 / 5, 3 / 10, 4 / 5, 8 / 9, 1., 1.],
    beta=[[1 / 5],
          [3 / 40, 9 / 40],
          [44 / 45, -56 / 15, 32 / 9],
          [19372 / 6561, -25360 / 2187, 64448 / 6561, -212 / 729],
          [9017 / 3168, -355 / 33, 46732 / 5247, 49 / 176, -5103 / 18656],
          [35 / 384, 0, 500 / 1113, 125 / 192, -2187 / 6784, 11 / 84]],
    c_sol=[35 / 384, 0, 500 / 1113, 125 / 192, -2187 / 6784, 11 / 84, 0],
    c_mid=[6025192743 / 30085553152 / 2, 0, 51252292925 / 65400821598 / 2,
           -2691868925 / 45128329728 / 2, 187940372067 / 1594534317056 / 2,
           -1776094331 / 19743644256 / 2, 11237099 / 235043384 / 2],
    c_error=[1951 / 21600 - 35 / 384, 0, 22642 / 50085 - 500 / 1113, 451 / 720 - 125 / 192,
             -12231 / 42400 - -2187 / 6784, 649 / 6300 - 11 / 84, 1 / 60])

_RungeKuttaState = collections.namedtuple("_RungeKuttaState", "y1, f1, t0, t1, dt, interp_coeff")
_History = collections.namedtuple("_History", "integrate_points, error_ratio")


def _possibly_nonzero(x):
    return isinstance(x, tf.Tensor) or x != 0


def _scaled_dot_product(scale, xs, ys, name=None):
    # the tableau's zeros are skipped, as TF skips them
    with tf.name_scope(name, "scaled_dot_product", [scale, xs, ys]) as scope:
        return tf.add_n([(scale * x) * y for x, y in zip(xs, ys)
                         if _possibly_nonzero(x) or _possibly_nonzero(y)], name=scope)


def _dot_product(xs, ys, name=None):
    with tf.name_scope(name, "dot_product", [xs, ys]) as scope:
        return tf.add_n([x * y for x, y in zip(xs, ys)], name=scope)


def _runge_kutta_step(func, y0, f0, t0, dt, tableau=_DORMAND_PRINCE, name=None):
    """One Runge-Kutta step: (y1, f1, y1's error estimate, the stages k)."""
    with tf.name_scope(name, "runge_kutta_step", [y0, f0, t0, dt]) as scope:
        y0 = tf.convert_to_tensor(y0, name="y0")
        f0 = tf.convert_to_tensor(f0, name="f0")
        t0 = tf.convert_to_tensor(t0, name="t0")
        dt = tf.convert_to_tensor(dt, name="dt")
        dt_cast = tf.cast(dt, y0.dtype)
        k = [f0]
        for alpha_i, beta_i in zip(tableau.alpha, tableau.beta):
            ti = t0 + alpha_i * dt
            yi = y0 + _scaled_dot_product(dt_cast, beta_i, k)
            k.append(func(yi, ti))
        if not (tableau.c_sol[-1] == 0 and tableau.c_sol == tableau.beta[-1]):
            yi = y0 + _scaled_dot_product(dt_cast, tableau.c_sol, k)
        y1 = tf.identity(yi, name="%s/y1" % scope)
        f1 = tf.identity(k[-1], name="%s/f1" % scope)
        y1_error = _scaled_dot_product(dt_cast, tableau.c_error, k, name="%s/y1_error" % scope)
        return y1, f1, y1_error, k


def _interp_fit(y0, y1, y_mid, f0, f1, dt):
    """Coefficients of the quartic through y0, y_mid, y1 with slopes f0, f1 (x in [0, 1])."""
    a = _dot_product([-2 * dt, 2 * dt, -8, -8, 16], [f0, f1, y0, y1, y_mid])
    b = _dot_product([5 * dt, -3 * dt, 18, 14, -32], [f0, f1, y0, y1, y_mid])
    c = _dot_product([-4 * dt, dt, -11, -5, 16], [f0, f1, y0, y1, y_mid])
    return [a, b, c, dt * f0, y0]


def _interp_fit_rk(y0, y1, k, dt, tableau=_DORMAND_PRINCE):
    with tf.name_scope("interp_fit_rk"):
        dt = tf.cast(dt, y0.dtype)
        y_mid = y0 + _scaled_dot_product(dt, tableau.c_mid, k)
        return _interp_fit(y0, y1, y_mid, k[0], k[-1], dt)


def _interp_evaluate(coefficients, t0, t1, t):
    with tf.name_scope("interp_evaluate"):
        t0, t1, t = (tf.convert_to_tensor(v) for v in (t0, t1, t))
        dtype = coefficients[0].dtype
        assert_op = tf.Assert((t0 <= t) & (t <= t1),
                              ["invalid interpolation, fails `t0 <= t <= t1`:", t0, t, t1])
        with tf.control_dependencies([assert_op]):
            x = tf.cast((t - t0) / (t1 - t0), dtype)
        xs = [tf.constant(1, dtype), x]
        for _ in range(2, len(coefficients)):
            xs.append(xs[-1] * x)
        return _dot_product(coefficients, reversed(xs))


def _optimal_step_size(last_step, error_ratio, safety=0.9, ifactor=10.0, dfactor=0.2, order=5,
                       name=None):
    with tf.name_scope(name, "optimal_step_size", [last_step, error_ratio]) as scope:
        error_ratio = tf.cast(error_ratio, last_step.dtype)
        exponent = tf.cast(1 / order, last_step.dtype)
        # error_ratio stays in the numerator: no division by zero
        factor = tf.maximum(1 / ifactor, tf.minimum(error_ratio ** exponent / safety,
                                                    1 / dfactor))
        return tf.div(last_step, factor, name=scope)


def _abs_square(x):
    if x.dtype.is_complex:
        return tf.square(tf.real(x)) + tf.square(tf.imag(x))
    return tf.square(x)


def _ta_append(tensor_array, value):
    return tensor_array.write(tensor_array.size(), value)


def _adaptive_step(func, rtol, atol, safety, ifactor, dfactor, max_num_steps):
    def step(rk_state, history, n_steps):
        y0, f0, _, t0, dt, interp_coeff = rk_state
        with tf.name_scope("assertions"):
            check_underflow = tf.Assert(t0 + dt > t0, ["underflow in dt", dt])
            check_max_num_steps = tf.Assert(n_steps < max_num_steps,
                                            ["max_num_steps exceeded"])
            check_numerics = tf.Assert(tf.reduce_all(tf.is_finite(abs(y0))),
                                       ["non-finite values in state `y`", y0])
        with tf.control_dependencies([check_underflow, check_max_num_steps, check_numerics]):
            y1, f1, y1_error, k = _runge_kutta_step(func, y0, f0, t0, dt)
        with tf.name_scope("error_ratio"):
            # as the dopri5 Fortran code
            error_tol = atol + rtol * tf.maximum(abs(y0), abs(y1))
            tensor_error_ratio = _abs_square(y1_error) / _abs_square(error_tol)
            error_ratio = tf.sqrt(tf.reduce_mean(tensor_error_ratio))
            accept_step = error_ratio <= 1
        with tf.name_scope("update/rk_state"):
            # a rejected step leaves a state covering no time; the next step retries
            y_next = tf.cond(accept_step, lambda: y1, lambda: y0)
            f_next = tf.cond(accept_step, lambda: f1, lambda: f0)
            t_next = tf.cond(accept_step, lambda: t0 + dt, lambda: t0)
            interp_coeff = tf.cond(accept_step, lambda: _interp_fit_rk(y0, y1, k, dt),
                                   lambda: interp_coeff)
            dt_next = _optimal_step_size(dt, error_ratio, safety, ifactor, dfactor)
            rk_state = _RungeKuttaState(y_next, f_next, t0, t_next, dt_next, interp_coeff)
        with tf.name_scope("update/history"):
            history = _History(_ta_append(history.integrate_points, t0 + dt),
                               _ta_append(history.error_ratio, error_ratio))
        return rk_state, history, n_steps + 1
    return step


def _dopri5(func, y0, t, rtol, atol, full_output=False, first_step=None, safety=0.9,
            ifactor=10.0, dfactor=0.2, max_num_steps=1000, name=None):
    first_step = 1.0 if first_step is None else first_step
    with tf.name_scope(name, "dopri5",
                       [y0, t, rtol, atol, safety, ifactor, dfactor, max_num_steps]) as scope:
        first_step = tf.convert_to_tensor(first_step, dtype=t.dtype, name="first_step")
        safety = tf.convert_to_tensor(safety, dtype=t.dtype, name="safety")
        ifactor = tf.convert_to_tensor(ifactor, dtype=t.dtype, name="ifactor")
        dfactor = tf.convert_to_tensor(dfactor, dtype=t.dtype, name="dfactor")
        max_num_steps = tf.convert_to_tensor(max_num_steps, dtype=tf.int32,
                                             name="max_num_steps")
        step = _adaptive_step(func, rtol, atol, safety, ifactor, dfactor, max_num_steps)

        def interpolate(solution, history, rk_state, i):
            """Integrates past t[i] and interpolates the solution there."""
            with tf.name_scope("interpolate"):
                rk_state, history, _ = tf.while_loop(
                    lambda rk_state, *_: t[i] > rk_state.t1, step, (rk_state, history, 0),
                    name="integrate_loop")
                y = _interp_evaluate(rk_state.interp_coeff, rk_state.t0, rk_state.t1, t[i])
                return solution.write(i, y), history, rk_state, i + 1

        with _assert_increasing(t):
            num_times = tf.size(t)
        solution = tf.TensorArray(y0.dtype, size=num_times).write(0, y0)
        history = _History(
            integrate_points=tf.TensorArray(t.dtype, size=0, dynamic_size=True),
            error_ratio=tf.TensorArray(rtol.dtype, size=0, dynamic_size=True))
        rk_state = _RungeKuttaState(y0, func(y0, t[0]), t[0], t[0], first_step,
                                    interp_coeff=[y0] * 5)
        solution, history, _, _ = tf.while_loop(
            lambda _, __, ___, i: i < num_times, interpolate, (solution, history, rk_state, 1),
            name="interpolate_loop")
        y = solution.stack(name=scope)
        y.set_shape(t.get_shape().concatenate(y0.get_shape()))
        if not full_output:
            return y
        integrate_points = history.integrate_points.stack()
        return y, {"num_func_evals": 6 * tf.size(integrate_points) + 1,
                   "integrate_points": integrate_points,
                   "error_ratio": history.error_ratio.stack()}


def _assert_increasing(t):
    assert_increasing = tf.Assert(tf.reduce_all(t[1:] > t[:-1]),
                                  ["`t` must be monotonic increasing"])
    return tf.control_dependencies([assert_increasing])


def odeint(func, y0, t, rtol=1e-6, atol=1e-12, method=None, options=None, full_output=False,
           name=None):
    """Solves dy/dt = func(y, t), y(t[0]) = y0 at the times `t` (method 'dopri5', options
    first_step, safety, ifactor, dfactor, max_num_steps); returns y [len(t), ...] and, with
    `full_output`, a dict of num_func_evals, integrate_points and error_ratio."""
    if method is not None and method != "dopri5":
        raise ValueError("invalid method: %r" % method)
    if options is None:
        options = {}
    elif method is None:
        raise ValueError("cannot supply `options` without specifying `method`")
    with tf.name_scope(name, "odeint", [y0, t, rtol, atol]) as scope:
        y0 = tf.convert_to_tensor(y0, name="y0")
        if not (y0.dtype.is_floating or y0.dtype.is_complex):
            raise TypeError("`y0` must have a floating point or complex floating point dtype")
        t = tf.convert_to_tensor(t, preferred_dtype=tf.float64, name="t")
        if not t.dtype.is_floating:
            raise TypeError("`t` must have a floating point dtype")
        error_dtype = abs(y0).dtype
        rtol = tf.convert_to_tensor(rtol, dtype=error_dtype, name="rtol")
        atol = tf.convert_to_tensor(atol, dtype=error_dtype, name="atol")
        return _dopri5(func, y0, t, rtol=rtol, atol=atol, full_output=full_output, name=scope,
                       **options)


def _midpoint_step(func, t, dt, y):
    dt_cast = tf.cast(dt, y.dtype)
    return dt_cast * func(y + func(y, t) * dt_cast / 2, t + dt / 2)


def _rk4_step(func, t, dt, y):
    k1 = func(y, t)
    half_step = t + dt / 2
    dt_cast = tf.cast(dt, y.dtype)
    k2 = func(y + dt_cast * k1 / 2, half_step)
    k3 = func(y + dt_cast * k2 / 2, half_step)
    k4 = func(y + dt_cast * k3, t + dt)
    return tf.add_n([k1, 2 * k2, 2 * k3, k4]) * (dt_cast / 6)


def _integrate_fixed(step_function, func, y0, time_grid, dt_grid, steps_on_intervals):
    def iteration(y, t, dt_step, interval):
        dt = dt_grid[interval - 1]
        dy = tf.cast(step_function(func, t, dt, y), dtype=y.dtype)
        return y + dy, t + dt, dt_step + 1, interval

    def integrate_interval(solution, y, t, interval):
        y, t, _, _ = tf.while_loop(lambda _a, _b, j, k: j < steps_on_intervals[k - 1],
                                   iteration, (y, t, 0, interval))
        return solution.write(interval, y), y, t, interval + 1

    num_times = tf.size(time_grid)
    solution = tf.TensorArray(y0.dtype, num_times).write(0, y0)
    solution, _, _, _ = tf.while_loop(lambda _a, _b, _c, i: i < num_times, integrate_interval,
                                      (solution, y0, time_grid[0], 1))
    solution = solution.stack()
    solution.set_shape(time_grid.get_shape().concatenate(y0.get_shape()))
    return solution


def odeint_fixed(func, y0, t, dt=None, method="rk4", name=None):
    """Integrates on a fixed grid: each interval of `t` in ceil(interval / dt) equal steps
    (`dt` a scalar or one per interval; None: one step per interval), 'rk4' or 'midpoint'."""
    with tf.name_scope(name, "odeint_fixed", [y0, t, dt]):
        t = tf.convert_to_tensor(t, dtype=tf.float64, name="t")
        y0 = tf.convert_to_tensor(y0, name="y0")
        intervals = t[1:] - t[:-1]
        dt = tf.convert_to_tensor(intervals if dt is None else dt,
                                  preferred_dtype=tf.float64, name="dt")
        steps_on_intervals = tf.ceil(intervals / dt)
        dt = intervals / steps_on_intervals
        steps_on_intervals = tf.cast(steps_on_intervals, dtype=tf.int32)
        if not (y0.dtype.is_floating or y0.dtype.is_complex):
            raise TypeError("`y0` must have a floating point or complex floating point dtype")
        if not dt.dtype.is_floating:
            raise TypeError("`dt` must have a floating point dtype")
        if len(t.get_shape().as_list()) > 1:
            raise ValueError("`t` must be a 1D tensor")
        if len(dt.get_shape().as_list()) > 1:
            raise ValueError("`dt` must be a 1D tensor")
        if t.get_shape()[0] != dt.get_shape()[0] + 1:
            raise ValueError("`t` and `dt` have incompatible lengths, must be N and N-1")
        steps = {"midpoint": _midpoint_step, "rk4": _rk4_step}
        with _assert_increasing(t):
            with tf.name_scope(method):
                if method not in steps:
                    raise ValueError("method not supported: {!s}".format(method))
                return _integrate_fixed(steps[method], func, y0, t, dt, steps_on_intervals)
