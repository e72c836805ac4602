"""Programs for the utility namespaces: tf.config, tf.version, tf.errors, tf.debugging,
tf.test, tf.mixed_precision, tf.resource_loader, tf.distribute and the top-level v1-mode
switches. Pure-Python APIs are turned into tensors (codes, booleans, type names); where TF's
answer legitimately differs (version strings, build flags, paths) a property that must agree is
fetched instead. Programs that change process-wide settings put them back before returning.
"""
from __future__ import annotations

import os
import unittest

import numpy as np

from harness import Program


def _b(value):
    return np.asarray(bool(value))


def _s(value):
    return np.asarray(str(value).encode())


def _error_name(fn):
    """The class name of what fn() raises ("none" when it returns)."""
    try:
        fn()
    except Exception as e:  # noqa: BLE001
        return type(e).__name__
    return "none"


# -- tf.config --------------------------------------------------------------------------------

def _config_devices(tf):
    c = tf.config
    cpus = tf.config.list_physical_devices("CPU")
    cpu = cpus[0]
    logical = tf.config.list_logical_devices("CPU")
    visible = tf.config.get_visible_devices("CPU")
    tf.config.set_visible_devices(visible, "CPU")          # the same devices: a no-op
    conf = tf.config.LogicalDeviceConfiguration()
    made = tf.config.LogicalDevice(name="/device:CPU:0", device_type="CPU")
    phys = tf.config.PhysicalDevice(name="/physical_device:CPU:0", device_type="CPU")
    out = {
        "n_cpus": np.asarray(len(cpus)), "cpu_name": _s(cpu.name),
        "cpu_type": _s(cpu.device_type), "logical": _s(logical[0].name),
        "logical_is_made": _b(logical[0] == made), "visible_same": _b(visible == cpus),
        "physical_eq": _b(phys == cpu), "fields": _s(tf.config.PhysicalDevice._fields),
        "conf": _s(tuple(conf)), "conf_fields": _s(tf.config.LogicalDeviceConfiguration._fields),
        "no_virtual": _b(tf.config.get_logical_device_configuration(cpu) is None),
        "tpu": np.asarray(len(tf.config.list_physical_devices("TPU"))),
        "all_has_cpu": _b(cpu in c.list_physical_devices()),
        "bad_visible": _s(_error_name(lambda: tf.config.set_visible_devices(
            [tf.config.PhysicalDevice("/physical_device:CPU:7", "CPU")]))),
        "cpu_memory_limit": _s(_error_name(lambda: tf.config.set_logical_device_configuration(
            cpu, [tf.config.LogicalDeviceConfiguration(memory_limit=10)]))),
        # tf.config.experimental: the same functions, and the memory queries
        "experimental_same": _b(
            tf.config.experimental.list_physical_devices is tf.config.list_physical_devices
            and tf.config.experimental.set_visible_devices is tf.config.set_visible_devices
            and tf.config.experimental.VirtualDeviceConfiguration
            is tf.config.LogicalDeviceConfiguration),
        "growth": _s([_error_name(lambda: tf.config.experimental.get_memory_growth(cpu)),
                      _error_name(lambda: tf.config.experimental.set_memory_growth(cpu, True))]),
        "memory": _s(_error_name(lambda: tf.config.experimental.get_memory_info("CPU:0"))),
        "details": _s(tf.config.experimental.get_device_details(cpu)),
    }
    return {k: tf.constant(v) for k, v in out.items()}, {}


def _config_settings(tf):
    tf.config.list_logical_devices()       # fixes the layout and thread counts, as a run does
    out = {"soft0": tf.config.get_soft_device_placement(),
           "eager0": tf.config.functions_run_eagerly(),
           "jit0": tf.config.optimizer.get_jit()}
    tf.config.set_soft_device_placement(True)
    out["soft1"] = tf.config.get_soft_device_placement()
    tf.config.set_soft_device_placement(False)
    tf.config.run_functions_eagerly(True)
    out["eager1"] = tf.config.functions_run_eagerly()
    out["eager1x"] = tf.config.experimental_functions_run_eagerly()
    tf.config.experimental_run_functions_eagerly(False)
    out["eager2"] = tf.config.functions_run_eagerly()
    tf.config.optimizer.set_jit(True)
    out["jit1"] = tf.config.optimizer.get_jit()
    tf.config.optimizer.set_jit("autoclustering")
    out["jit2"] = tf.config.optimizer.get_jit()
    tf.config.optimizer.set_jit(False)
    out["jit3"] = tf.config.optimizer.get_jit()
    tf.config.optimizer.set_experimental_options({"constant_folding": True})
    options = tf.config.optimizer.get_experimental_options()
    out["folding"] = options.get("constant_folding")
    out["pruning"] = options.get("disable_model_pruning")
    out["meta"] = options.get("disable_meta_optimizer")
    # the thread counts: TF refuses changes once running (even 0 -> 0, the default unset)
    out["set_inter"] = _error_name(lambda: tf.config.threading.set_inter_op_parallelism_threads(
        tf.config.threading.get_inter_op_parallelism_threads()))
    out["set_intra"] = _error_name(lambda: tf.config.threading.set_intra_op_parallelism_threads(
        3))
    out["inter"] = tf.config.threading.get_inter_op_parallelism_threads()
    out["intra"] = tf.config.threading.get_intra_op_parallelism_threads()
    x = tf.constant([1.0, 2.0])
    out["runs"] = x * 2.0      # a session made now still runs
    return {k: v if hasattr(v, "op") else tf.constant(_s(v) if isinstance(v, str) else v)
            for k, v in out.items()}, {}


def _debugging_switches(tf):
    out = {"log0": tf.debugging.get_log_device_placement(),
           "tb0": tf.debugging.is_traceback_filtering_enabled()}
    tf.debugging.set_log_device_placement(True)
    out["log1"] = tf.debugging.get_log_device_placement()
    tf.debugging.set_log_device_placement(False)
    tf.debugging.disable_traceback_filtering()
    out["tb1"] = tf.debugging.is_traceback_filtering_enabled()
    tf.debugging.enable_traceback_filtering()
    out["tb2"] = tf.debugging.is_traceback_filtering_enabled()
    tf.debugging.disable_check_numerics()      # nothing enabled: a no-op in both
    return {k: tf.constant(v) for k, v in out.items()}, {}


# -- tf.version, the top-level switches ----------------------------------------------------------

def _version(tf):
    v = tf.version
    out = {
        "same_version": _b(tf.version.VERSION == tf.VERSION),
        "same_git": _b(tf.version.GIT_VERSION == tf.GIT_VERSION),
        "same_compiler": _b(tf.version.COMPILER_VERSION == tf.COMPILER_VERSION),
        "same_graph_def": _b(tf.version.GRAPH_DEF_VERSION == tf.GRAPH_DEF_VERSION),
        "same_min_consumer": _b(tf.version.GRAPH_DEF_VERSION_MIN_CONSUMER
                                == tf.GRAPH_DEF_VERSION_MIN_CONSUMER),
        "same_min_producer": _b(tf.version.GRAPH_DEF_VERSION_MIN_PRODUCER
                                == tf.GRAPH_DEF_VERSION_MIN_PRODUCER),
        "types": _s([type(x).__name__ for x in (
            v.VERSION, v.GIT_VERSION, v.COMPILER_VERSION, v.GRAPH_DEF_VERSION,
            v.GRAPH_DEF_VERSION_MIN_CONSUMER, v.GRAPH_DEF_VERSION_MIN_PRODUCER)]),
        "dotted": np.asarray(tf.VERSION.count(".")),
        "min_consumer": np.asarray(tf.GRAPH_DEF_VERSION_MIN_CONSUMER),
        "min_producer": np.asarray(tf.GRAPH_DEF_VERSION_MIN_PRODUCER),
        "producer_positive": _b(tf.GRAPH_DEF_VERSION > 0),
        "nonempty": _b(tf.GIT_VERSION and tf.COMPILER_VERSION),
    }
    return {k: tf.constant(val) for k, val in out.items()}, {}


def _mode_switches(tf):
    tf.disable_eager_execution()
    tf.disable_v2_behavior()
    tf.disable_v2_tensorshape()
    tf.disable_control_flow_v2()
    tf.disable_tensor_equality()
    tf.disable_resource_variables()
    enables = (tf.enable_eager_execution, tf.enable_v2_behavior, tf.enable_v2_tensorshape,
               tf.enable_control_flow_v2, tf.enable_tensor_equality, tf.app.run)
    out = {
        "eager": _b(tf.executing_eagerly()),
        "eager_outside": _b(tf.executing_eagerly_outside_functions()),
        "cf_v2": _b(tf.control_flow_v2_enabled()),
        "resource": _b(tf.resource_variables_enabled()),
        "callable": _b(all(callable(f) for f in enables)),
        "logger": _s(tf.get_logger().name),
        "dims": _s(type(tf.TensorShape([2])[0]).__name__),
    }
    return {k: tf.constant(v) for k, v in out.items()}, {}


# -- tf.errors ----------------------------------------------------------------------------------

def _errors(tf):
    classes = [tf.errors.CancelledError, tf.errors.UnknownError,
               tf.errors.InvalidArgumentError, tf.errors.DeadlineExceededError,
               tf.errors.NotFoundError, tf.errors.AlreadyExistsError,
               tf.errors.PermissionDeniedError, tf.errors.ResourceExhaustedError,
               tf.errors.FailedPreconditionError, tf.errors.AbortedError,
               tf.errors.OutOfRangeError, tf.errors.UnimplementedError, tf.errors.InternalError,
               tf.errors.UnavailableError, tf.errors.DataLossError,
               tf.errors.UnauthenticatedError]
    codes = [tf.errors.OK, tf.errors.CANCELLED, tf.errors.UNKNOWN, tf.errors.INVALID_ARGUMENT,
             tf.errors.DEADLINE_EXCEEDED, tf.errors.NOT_FOUND, tf.errors.ALREADY_EXISTS,
             tf.errors.PERMISSION_DENIED, tf.errors.RESOURCE_EXHAUSTED,
             tf.errors.FAILED_PRECONDITION, tf.errors.ABORTED, tf.errors.OUT_OF_RANGE,
             tf.errors.UNIMPLEMENTED, tf.errors.INTERNAL, tf.errors.UNAVAILABLE,
             tf.errors.DATA_LOSS, tf.errors.UNAUTHENTICATED]
    instances = [cls(None, None, "msg") for cls in classes]
    op_error = tf.errors.OpError(None, None, "m", tf.errors.ABORTED)
    with tf.errors.raise_exception_on_not_ok_status():
        pass
    out = {
        "error_codes": np.asarray([x.error_code for x in instances]),
        "messages": _s([x.message for x in instances]),
        "is_op_error": _b(all(isinstance(x, tf.errors.OpError) for x in instances)),
        "codes": np.asarray(codes),
        "from_type": np.asarray([tf.errors.error_code_from_exception_type(c) for c in classes]),
        "to_type": _s([tf.errors.exception_type_from_error_code(c).__name__ for c in codes[1:]]),
        "op_error": np.asarray(op_error.error_code), "op_error_str": _s(str(op_error)),
        "node_def": _b(op_error.node_def is None and op_error.op is None),
        "status_ok": _b(True),
    }
    return {k: tf.constant(v) for k, v in out.items()}, {}


# -- tf.debugging asserts ------------------------------------------------------------------------

def _asserts_pass(tf):
    x = tf.placeholder(tf.float32, [None])
    i = tf.constant([1, 2, 3])
    d = tf.debugging
    checks = [
        tf.debugging.assert_equal(x, x), tf.debugging.assert_none_equal(x, x + 1.0),
        tf.debugging.assert_less(x, x + 1.0), tf.debugging.assert_less_equal(x, x),
        tf.debugging.assert_greater(x + 1.0, x), tf.debugging.assert_greater_equal(x, x),
        tf.debugging.assert_near(x, x + 1e-7), tf.debugging.assert_positive(x + 10.0),
        tf.debugging.assert_negative(x - 10.0), tf.debugging.assert_non_negative(x * x),
        tf.debugging.assert_non_positive(-x * x), tf.debugging.assert_rank(x, 1),
        tf.debugging.assert_rank_at_least(x, 1), tf.debugging.assert_rank_in(x, [1, 2]),
        tf.debugging.assert_type(i, tf.int32), tf.debugging.assert_integer(i),
        tf.debugging.Assert(tf.reduce_all(x > -100.0), [x]), d.assert_rank(i, 1),
        tf.assert_equal(i, i), tf.assert_none_equal(i, i + 1), tf.assert_less(i, i + 1),
        tf.assert_less_equal(i, i), tf.assert_greater(i + 1, i),
        tf.assert_greater_equal(i, i), tf.assert_near(x, x), tf.assert_positive(i),
        tf.assert_negative(-i), tf.assert_non_negative(i), tf.assert_non_positive(-i),
        tf.assert_rank(i, 1), tf.assert_rank_at_least(i, 0), tf.assert_rank_in(i, [0, 1]),
        tf.assert_integer(i), tf.assert_type(x, tf.float32),
    ]
    tf.debugging.assert_proper_iterable([1, 2])
    tf.assert_proper_iterable((1,))
    scalar = tf.debugging.assert_scalar(tf.constant(3.0))
    tf.assert_scalar(tf.constant(1))
    dtype = tf.debugging.assert_same_float_dtype([x, x + 1.0])
    dtype2 = tf.assert_same_float_dtype([x], tf.float32)
    with tf.control_dependencies([c for c in checks if c is not None]):
        y = tf.identity(x * 2.0)
    out = {"y": y, "scalar": scalar, "dtypes": tf.constant(_s([dtype.name, dtype2.name])),
           "numeric": tf.constant(_b(tf.debugging.is_numeric_tensor(x)
                                     and not tf.is_numeric_tensor(tf.constant("s"))))}
    return out, {x: np.array([1.0, 2.0, 3.0], np.float32)}


def _assert_fails(make):
    def build(tf):
        x = tf.placeholder(tf.float32, [None])
        with tf.control_dependencies([make(tf, x)]):
            y = tf.identity(x)
        return {"y": y}, {x: np.array([1.0, -2.0, 0.0], np.float32)}
    return build


_FAILING = {
    "equal": lambda tf, x: tf.debugging.assert_equal(x, tf.zeros_like(x)),
    "less": lambda tf, x: tf.debugging.assert_less(x, 0.5),
    "greater": lambda tf, x: tf.debugging.assert_greater(x, -1.0),
    "positive": lambda tf, x: tf.debugging.assert_positive(x),
    "non_negative": lambda tf, x: tf.debugging.assert_non_negative(x),
    "near": lambda tf, x: tf.debugging.assert_near(x, x + 1.0),
    "rank": lambda tf, x: tf.debugging.assert_rank(tf.reshape(x, [-1, 1]), 1),
    "all_finite": lambda tf, x: tf.debugging.assert_all_finite(tf.math.log(x), "bad").op,
}


def _assert_static_failure(tf):
    tf.debugging.assert_equal(tf.constant([1, 2]), tf.constant([1, 3]))
    return {}, {}


def _assert_rank_static_failure(tf):
    tf.assert_rank(tf.constant([1, 2]), 2)
    return {}, {}


def _assert_shapes(tf):
    x = tf.constant(np.ones((2, 3), np.float32))
    y = tf.constant(np.ones((3,), np.float32))
    p = tf.placeholder(tf.float32, [None, 3])
    ok = tf.debugging.assert_shapes([(x, ("N", "D")), (y, ("D",)), (p, (None, "D"))])
    dyn = tf.debugging.assert_shapes([(x, ("N", "D")), (p, ("N", 3))])
    with tf.control_dependencies([ok, dyn]):
        z = tf.identity(p)
    errors = [
        _error_name(lambda: tf.debugging.assert_shapes([(x, ("N", "D")), (y, ("N",))])),
        _error_name(lambda: tf.debugging.assert_shapes([(x, ("N",))])),
        _error_name(lambda: tf.debugging.assert_shapes([(x, (2, 4))])),
        _error_name(lambda: tf.debugging.assert_shapes([(x, ("N", ...))])),
        _error_name(lambda: tf.debugging.assert_shapes([(x, (..., 3)), (y, ("*", 3))])),
    ]
    return ({"z": z, "errors": tf.constant(_s(errors)), "ok_type": tf.constant(_s(ok.type))},
            {p: np.ones((2, 3), np.float32)})


def _assert_shapes_run_failure(tf):
    x = tf.constant(np.ones((2, 3), np.float32))
    p = tf.placeholder(tf.float32, [None, 3])
    check = tf.debugging.assert_shapes({x: ("N", "D"), p: ("N", "D")})
    with tf.control_dependencies([check]):
        z = tf.identity(p)
    return {"z": z}, {p: np.ones((4, 3), np.float32)}


def _numerics(tf):
    x = tf.constant([1.0, 0.0, -1.0, np.inf, -np.inf, np.nan])
    v = tf.Variable([1.0, 2.0])
    init_check = tf.assert_variables_initialized([v])
    safe = tf.constant([0.5, 2.0])
    checked = tf.debugging.check_numerics(safe * 3.0, "safe")
    top = tf.check_numerics(safe, "top")
    verified = tf.verify_tensor_all_finite(safe, "verified")
    grad = tf.gradients(tf.reduce_sum(checked * checked), safe)[0]
    out = {"is_finite": tf.debugging.is_finite(x), "is_inf": tf.debugging.is_inf(x),
           "is_nan": tf.debugging.is_nan(x), "checked": checked, "top": top,
           "verified": verified, "grad": grad,
           "nondecreasing": tf.debugging.is_non_decreasing([1, 1, 2]),
           "increasing": tf.debugging.is_strictly_increasing([1, 1, 2]),
           "empty_increasing": tf.debugging.is_strictly_increasing(tf.zeros([0]))}
    return out, {}, [v.initializer, init_check]


def _check_numerics_failure(tf):
    x = tf.placeholder(tf.float32, [None])
    y = tf.math.log(x)
    ops = tf.add_check_numerics_ops()
    with tf.control_dependencies([ops]):
        z = tf.identity(y)
    return {"z": z}, {x: np.array([1.0, -1.0], np.float32)}


def _uninitialized_check(tf):
    v = tf.Variable([1.0, 2.0])
    check = tf.assert_variables_initialized([v])
    with tf.control_dependencies([check]):
        z = tf.constant(1.0)
    return {"z": z}, {}


# -- tf.test ------------------------------------------------------------------------------------

class _Thing:
    value = 1

    @staticmethod
    def where():
        return "here"


def _test_helpers(tf):
    x = tf.constant([1.0, 2.0])
    y = x * x
    with tf.Session():
        start = np.array([1.0, 2.0], np.float32)
        err = tf.test.compute_gradient_error(x, [2], y, [2], x_init_value=start)
        theoretical, numerical = tf.test.compute_gradient(x, [2], y, [2], x_init_value=start)
    stubs = tf.test.StubOutForTesting()
    stubs.Set(_Thing, "value", 5)
    stubs.SmartSet(_Thing, "where", staticmethod(lambda: "there"))
    stubbed = (_Thing.value, _Thing.where())
    stubs.CleanUp()
    restored = (_Thing.value, _Thing.where())
    g1, g2, g3 = tf.Graph(), tf.Graph(), tf.Graph()
    for g, value in ((g1, 1.0), (g2, 1.0), (g3, 2.0)):
        with g.as_default():
            tf.add(tf.constant(value, name="a"), 1.0, name="b")
    same = tf.test.assert_equal_graph_def(g1.as_graph_def(), g2.as_graph_def())
    differ = _error_name(lambda: tf.test.assert_equal_graph_def(g1.as_graph_def(),
                                                                 g3.as_graph_def()))
    not_def = _error_name(lambda: tf.test.assert_equal_graph_def(g1, g2))

    class _Case:
        def skipTest(self, message):       # noqa: N802 - unittest's name
            raise unittest.SkipTest(message)

    skipped = tf.test.disable_with_predicate(lambda: True, "off")(lambda self: 1)
    kept = tf.test.disable_with_predicate(lambda: False, "on")(lambda self: 1)
    old = {k: os.environ.get(k) for k in ("TEST_SRCDIR", "TEST_WORKSPACE")}
    os.environ.update(TEST_SRCDIR="/src", TEST_WORKSPACE="ws")
    src = tf.test.test_src_dir_path("python/ops")
    for k, v in old.items():
        if v is None:
            del os.environ[k]
        else:
            os.environ[k] = v

    class _Bench(tf.test.Benchmark):
        def benchmark_one(self):
            with tf.Session() as sess:
                return self.run_op_benchmark(sess, tf.constant(1.0), burn_iters=1, min_iters=2)

    bench = _Bench().benchmark_one()

    @tf.test.with_eager_op_as_function
    class _Decorated:
        pass

    flags = [tf.test.is_built_with_cuda(), tf.test.is_built_with_rocm(),
             tf.test.is_built_with_gpu_support(), tf.test.is_built_with_xla(),
             tf.test.is_gpu_available(), tf.test.is_cpu_target_available("x86")]
    out = {
        "grad_err_small": _b(err < 1e-2), "jacobian": theoretical, "numerical_close":
            _b(np.allclose(theoretical, numerical, atol=1e-2)),
        "stubbed": _s(stubbed), "restored": _s(restored), "same": _b(same is None),
        "differ": _s(differ), "not_def": _s(not_def),
        "skip": _s(_error_name(lambda: skipped(_Case()))), "kept": np.asarray(kept(_Case())),
        "src": _s(src), "bench_iters": np.asarray(bench["iters"]),
        "bench_time": _b(bench["wall_time"] >= 0),
        "config": _s(type(tf.test.benchmark_config()).__name__),
        "decorated": _s(_Decorated.__name__),
        "flag_types": _s([type(f).__name__ for f in flags]),
        "rocm": _b(tf.test.is_built_with_rocm()),
        "gpu_name_type": _s(type(tf.test.gpu_device_name()).__name__),
        "temp_dir": _b(os.path.isdir(tf.test.get_temp_dir())),
        "test_case": _b(issubclass(tf.test.TestCase, unittest.TestCase)),
        "main": _b(callable(tf.test.main)),
    }
    return {k: tf.constant(v) for k, v in out.items()}, {}


# -- tf.mixed_precision --------------------------------------------------------------------------

def _loss_scale_training(tf):
    M = tf.mixed_precision
    x = tf.Variable(1.0)
    opt = tf.mixed_precision.MixedPrecisionLossScaleOptimizer(
        tf.train.GradientDescentOptimizer(0.1), "dynamic")
    train = opt.minimize(x * x)
    y = tf.Variable(1.0)
    scale = tf.mixed_precision.DynamicLossScale(initial_loss_scale=4.0, increment_period=2,
                                                multiplier=2.0)
    opt2 = M.MixedPrecisionLossScaleOptimizer(tf.train.AdamOptimizer(0.1), scale)
    train2 = opt2.minimize(y * tf.constant(np.inf))       # never finite: halves, skips
    z = tf.Variable(3.0)
    fixed = tf.mixed_precision.FixedLossScale(8)
    opt3 = tf.mixed_precision.MixedPrecisionLossScaleOptimizer(
        tf.train.GradientDescentOptimizer(0.5), fixed)
    grads = opt3.compute_gradients(z * z, var_list=[z])
    train3 = opt3.apply_gradients(grads)
    w = tf.Variable(2.0)
    wrapped = tf.mixed_precision.enable_mixed_precision_graph_rewrite(
        tf.train.GradientDescentOptimizer(0.25), loss_scale=16)
    tf.mixed_precision.disable_mixed_precision_graph_rewrite()
    train4 = wrapped.minimize(w * w)
    up = tf.Variable(1.0)
    grow = tf.mixed_precision.DynamicLossScale(initial_loss_scale=2.0, increment_period=2)
    train5 = tf.mixed_precision.MixedPrecisionLossScaleOptimizer(
        tf.train.GradientDescentOptimizer(0.01), grow).minimize(up * up)
    steps = [tf.global_variables_initializer()] + [train, train2, train3, train4, train5] * 3
    out = {"x": x.read_value(), "scale": opt._loss_scale(), "y": y.read_value(),
           "scale2": scale(), "z": z.read_value(), "fixed": fixed(), "grad": grads[0][0],
           "w": w.read_value(), "up": up.read_value(), "grown": grow(),
           "config": tf.constant(_s(sorted(scale.get_config().items()))),
           "fixed_config": tf.constant(_s(fixed.get_config())),
           "repr": tf.constant(_s(repr(fixed))),
           "types": tf.constant(_b(isinstance(scale, tf.mixed_precision.LossScale)
                                   and isinstance(wrapped, tf.train.Optimizer)
                                   and type(wrapped).__name__
                                   == "MixedPrecisionLossScaleOptimizer")),
           "bad_scale": tf.constant(_s(_error_name(
               lambda: tf.mixed_precision.FixedLossScale(0.5)))),
           "double_wrap": tf.constant(_s(_error_name(
               lambda: tf.mixed_precision.enable_mixed_precision_graph_rewrite(opt))))}
    return out, {}, steps


# -- tf.resource_loader --------------------------------------------------------------------------

def _resource_loader(tf):
    here = os.path.dirname(os.path.abspath(__file__))
    out = {
        "readahead": _s(tf.resource_loader.readahead_file_path("/x/y", "64M")),
        "data_dir": _b(os.path.abspath(tf.resource_loader.get_data_files_path()) == here),
        "datafile": _b(os.path.abspath(tf.resource_loader.get_path_to_datafile("f.txt"))
                       == os.path.join(here, "f.txt")),
        "root_is_dir": _b(os.path.isdir(tf.resource_loader.get_root_dir_with_all_resources())),
        "missing": _s(_error_name(lambda: tf.resource_loader.load_resource("no/such/file"))),
    }
    return {k: tf.constant(v) for k, v in out.items()}, {}


# -- tf.distribute --------------------------------------------------------------------------------

def _default_strategy(tf):
    strategy = tf.distribute.get_strategy()
    replica = tf.distribute.get_replica_context()
    x = tf.constant([1.0, 2.0, 3.0])
    with strategy.scope():
        ran = strategy.run(lambda t: t * 2.0, args=(x,))
        summed = strategy.reduce(tf.distribute.ReduceOp.SUM, ran, axis=0)
    out = {
        "has": _b(tf.distribute.has_strategy()),
        "cross": _b(tf.distribute.in_cross_replica_context()),
        "replica_id": np.asarray(replica.replica_id_in_sync_group),
        "replicas": np.asarray(replica.num_replicas_in_sync),
        "same_strategy": _b(replica.strategy is strategy),
        "in_sync": np.asarray(strategy.num_replicas_in_sync),
        "loss_reduction": _s(tf.distribute.get_loss_reduction()),
        "is_strategy": _b(isinstance(strategy, tf.distribute.Strategy)
                          and isinstance(strategy.extended, tf.distribute.StrategyExtended)
                          and hasattr(tf.distribute.ReplicaContext, "merge_call")),
        "worker_devices": _s(_error_name(lambda: strategy.extended.worker_devices)),
        "server": _b(tf.distribute.Server is tf.train.Server),
    }
    fetches = {k: tf.constant(v) for k, v in out.items()}
    fetches.update(ran=ran, summed=summed)
    return fetches, {}


def _replica_fn(tf, v, all_reduce=True):
    def fn(x):
        ctx = tf.distribute.get_replica_context()
        summed = ctx.all_reduce(tf.distribute.ReduceOp.SUM, x) if all_reduce else x
        merged = ctx.merge_call(lambda strategy, t: strategy.extended.reduce_to(
            tf.distribute.ReduceOp.MEAN, t, t), args=(x * v,))
        ids = tf.cast(ctx.replica_id_in_sync_group, tf.float32)
        y = x * v + ids
        return {"y": y, "sum": summed, "merged": merged,
                "grad": tf.gradients(tf.reduce_sum(y * y), v)[0],
                "cross": tf.constant(_b(tf.distribute.in_cross_replica_context())),
                "n": tf.constant(ctx.num_replicas_in_sync)}
    return fn


def _one_device(make, all_reduce=True):
    def build(tf):
        strategy = make(tf)
        with strategy.scope():
            v = tf.Variable(2.0)
            in_scope = (tf.distribute.has_strategy(), tf.distribute.in_cross_replica_context(),
                        tf.distribute.get_replica_context() is None,
                        tf.distribute.get_strategy() is strategy,
                        strategy.extended.variable_created_in_scope(v))
            x = tf.constant([1.0, -2.0, 4.0])
            out = strategy.run(_replica_fn(tf, v, all_reduce), args=(x,))
            total = strategy.reduce(tf.distribute.ReduceOp.SUM, out["y"], axis=None)
            mean = strategy.reduce("MEAN", out["y"], axis=0)
            total0 = strategy.reduce(tf.distribute.ReduceOp.SUM, out["y"], axis=0)
            local = strategy.experimental_local_results(out["y"])
            updated = strategy.extended.update(v, lambda var, a: var.assign_add(a),
                                               args=(1.0,))
            read = strategy.extended.read_var(v)
            calls = strategy.extended.call_for_each_replica(lambda: tf.constant(7.0))
        ext = strategy.extended
        fetches = dict(out, total=total, mean=mean, total0=total0, local0=local[0],
                       read=read, calls=calls)
        fetches["facts"] = tf.constant(_s([
            in_scope, len(local), strategy.num_replicas_in_sync, ext.worker_devices,
            ext.parameter_devices, ext.experimental_between_graph,
            ext.experimental_should_init, ext.should_checkpoint, ext.should_save_summary,
            len(ext.non_slot_devices([v])), ext.value_container(v) is v,
            len(strategy.unwrap(total))]))
        return fetches, {}, [v.initializer, updated]
    return build


def _strategy_misc(tf):
    d = tf.distribute
    one = tf.distribute.OneDeviceStrategy("/cpu:0")
    mirrored = tf.distribute.MirroredStrategy(["/cpu:0"])

    def mix():
        with one.scope():
            with mirrored.scope():
                pass

    tf.distribute.experimental_set_strategy(one)
    current = tf.distribute.get_strategy() is one
    tf.distribute.experimental_set_strategy(None)
    context = tf.distribute.InputContext(2, 1, 4)
    dataset = tf.data.Dataset.from_tensor_slices(np.arange(6.0, dtype=np.float32))
    it = one.make_dataset_iterator(dataset.batch(4))
    fn_it = one.make_input_fn_iterator(
        lambda ctx: tf.data.Dataset.from_tensor_slices(
            np.arange(ctx.num_replicas_in_sync * 3, dtype=np.int64)).batch(2))
    x = tf.constant([3.0, 4.0])
    reduced = [cls.reduce(tf.distribute.ReduceOp.SUM, x, "/cpu:0") for cls in (
        tf.distribute.ReductionToOneDevice(), tf.distribute.NcclAllReduce(),
        tf.distribute.HierarchicalCopyAllReduce())]
    batch = d.ReductionToOneDevice().batch_reduce(d.ReduceOp.MEAN, [(x, "/cpu:0")])
    options = tf.distribute.RunOptions()
    out = {
        "mix": _s(_error_name(mix)), "current": _b(current),
        "after": _b(tf.distribute.get_strategy() is not one),
        "per_replica": np.asarray(context.get_per_replica_batch_size(8)),
        "context": _s([str(context), context.num_input_pipelines, context.input_pipeline_id,
                       context.num_replicas_in_sync]),
        "bad_batch": _s(_error_name(lambda: context.get_per_replica_batch_size(7))),
        "reduce_ops": _s([op.value for op in tf.distribute.ReduceOp]),
        "modes": _s([m.name for m in tf.distribute.InputReplicationMode]),
        "from_string": _s(tf.distribute.ReduceOp("MEAN")),
        "bad_op": _s(_error_name(lambda: tf.distribute.ReduceOp("sum"))),
        "run_options": _s(tuple(options)),
        "cross_ops": _b(isinstance(d.NcclAllReduce(), tf.distribute.CrossDeviceOps)),
        "mirrored": _s([mirrored.num_replicas_in_sync, mirrored.extended.worker_devices,
                        one.extended.worker_devices]),
        "mirrored_default": np.asarray(tf.distribute.MirroredStrategy().num_replicas_in_sync),
    }
    fetches = {k: tf.constant(v) for k, v in out.items()}
    fetches.update(batch=it.get_next(), fn_batch=fn_it.get_next(), r0=reduced[0],
                   r1=reduced[1], r2=reduced[2], batch_reduce=batch[0],
                   broadcast=tf.distribute.ReductionToOneDevice().broadcast(x, "/cpu:0"))
    return fetches, {}, [it.initialize(), fn_it.initialize()]


def _cluster_resolvers(tf):
    cr = tf.distribute.cluster_resolver
    spec = tf.train.ClusterSpec({"worker": ["w0:2222", "w1:2222"], "ps": ["p0:2222"]})
    simple = tf.distribute.cluster_resolver.SimpleClusterResolver(
        spec, master="grpc://m:1", task_type="worker", task_id=1, environment="google",
        num_accelerators={"GPU": 2}, rpc_layer="grpc")
    other = cr.SimpleClusterResolver(tf.train.ClusterSpec({"worker": {2: "w2:2222"},
                                                           "chief": ["c:1"]}))
    union = tf.distribute.cluster_resolver.UnionResolver(simple, other)
    saved = {k: os.environ.get(k) for k in ("TF_CONFIG", "SLURM_PROCID", "SLURM_STEP_NUM_TASKS",
                                             "SLURM_STEP_NODELIST", "SLURM_STEP_TASKS_PER_NODE",
                                             "CUDA_VISIBLE_DEVICES")}
    try:
        os.environ["TF_CONFIG"] = ('{"cluster": {"worker": ["a:1", "b:2"], "chief": ["c:3"]},'
                                   ' "task": {"type": "worker", "index": 1},'
                                   ' "rpc_layer": "grpc"}')
        tfc = tf.distribute.cluster_resolver.TFConfigClusterResolver()
        tf_config = [tfc.task_type, tfc.task_id, tfc.rpc_layer, tfc.master(),
                     tfc.master("chief", 0), repr(tfc.cluster_spec()), tfc.environment]
        os.environ.update(SLURM_PROCID="3", SLURM_STEP_NUM_TASKS="4",
                          SLURM_STEP_NODELIST="n[01-02]", SLURM_STEP_TASKS_PER_NODE="2(x2)",
                          CUDA_VISIBLE_DEVICES="0,1")
        slurm = tf.distribute.cluster_resolver.SlurmClusterResolver(
            jobs={"ps": 1, "worker": 3}, port_base=9000, auto_set_gpu=False)
        slurm_spec = repr(slurm.cluster_spec())
        slurm_facts = [slurm_spec, slurm.get_task_info(), slurm.master(),
                       dict(slurm.num_accelerators()), slurm.rpc_layer]
        no_slurm = _error_name(lambda: (os.environ.pop("SLURM_PROCID"),
                                        cr.SlurmClusterResolver()))
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
    out = {
        "simple": _s([simple.master(), simple.master("ps", 0), simple.master("worker", 0, "x"),
                      simple.task_type, simple.task_id, simple.environment,
                      dict(simple.num_accelerators()), simple.rpc_layer,
                      repr(simple.cluster_spec())]),
        "union": _s([repr(union.cluster_spec()), union.master(), union.task_type,
                     union.task_id, union.rpc_layer, union.master("chief", 0)]),
        "tf_config": _s(tf_config), "slurm": _s(slurm_facts), "no_slurm": _s(no_slurm),
        "bad_spec": _s(_error_name(lambda: cr.SimpleClusterResolver({"worker": ["a"]}))),
        "empty_union": _s(_error_name(lambda: cr.UnionResolver())),
        "abstract": _s(_error_name(lambda: tf.distribute.cluster_resolver.ClusterResolver())),
        "location": _s([m.value for m in
                         tf.distribute.cluster_resolver.KubernetesExecutableLocation]),
        "hosts": _s(_error_name(lambda: slurm.cluster_spec().task_address("worker", 9))),
    }
    return {k: tf.constant(v) for k, v in out.items()}, {}


def _strategy_training(make):
    """A TF1 custom training step under a strategy: minimize inside `run`, grouped."""
    def build(tf):
        strategy = make(tf)
        with strategy.scope():
            w = tf.Variable([0.5, -1.0])
            opt = tf.train.MomentumOptimizer(0.1, 0.9)

            def step(x, y):
                loss = tf.reduce_mean(tf.square(tf.reduce_sum(x * w, axis=1) - y))
                return opt.minimize(loss)

            x = tf.constant([[1.0, 2.0], [3.0, -1.0]])
            y = tf.constant([1.0, 0.5])
            train = strategy.group(strategy.run(step, args=(x, y)))
        return ({"w": w.read_value()}, {},
                [tf.global_variables_initializer()] + [train] * 3)
    return build


PROGRAMS = [
    Program("api_config_devices", _config_devices),
    Program("api_config_settings", _config_settings),
    Program("api_debugging_switches", _debugging_switches),
    Program("api_version", _version),
    Program("api_mode_switches", _mode_switches),
    Program("api_errors", _errors),
    Program("api_asserts_pass", _asserts_pass),
    *[Program("api_assert_fails_" + name, _assert_fails(make))
      for name, make in _FAILING.items()],
    Program("api_assert_static_failure", _assert_static_failure),
    Program("api_assert_rank_static_failure", _assert_rank_static_failure),
    Program("api_assert_shapes", _assert_shapes),
    Program("api_assert_shapes_run_failure", _assert_shapes_run_failure),
    Program("api_numerics", _numerics),
    Program("api_check_numerics_failure", _check_numerics_failure),
    Program("api_uninitialized_check", _uninitialized_check),
    Program("api_test_helpers", _test_helpers, tol=(1e-3, 1e-3)),
    Program("api_loss_scale_training", _loss_scale_training),
    Program("api_resource_loader", _resource_loader),
    Program("api_default_strategy", _default_strategy),
    Program("api_one_device_strategy", _one_device(
        lambda tf: tf.distribute.OneDeviceStrategy("/cpu:0"))),
    Program("api_mirrored_strategy", _one_device(
        lambda tf: tf.distribute.MirroredStrategy(["/cpu:0"]), all_reduce=False)),
    Program("api_mirrored_all_reduce", _one_device(
        lambda tf: tf.distribute.MirroredStrategy(["/cpu:0"]))),
    Program("api_strategy_misc", _strategy_misc),
    Program("api_one_device_training", _strategy_training(
        lambda tf: tf.distribute.OneDeviceStrategy("/cpu:0"))),
    Program("api_mirrored_training", _strategy_training(
        lambda tf: tf.distribute.MirroredStrategy(["/cpu:0"]))),
    Program("api_cluster_resolvers", _cluster_resolvers),
]
