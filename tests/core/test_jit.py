"""Compiled plans (client/jit.py): TF1's XLA switches (global_jit_level, jit_scope, TFCOMPAT_JIT)
run a plan through torch.compile, with the same results as the eager plan.

Most tests compile with the "eager" backend (torch.compile's tracing, graph breaks and guards
without code generation: fast, and no arithmetic changes); one small test each uses aot_eager
(AOT autograd) and inductor.
"""
import logging
import time

import numpy as np
import pytest
import torch

import tfcompat as tf
from tfcompat.client import jit as jit_lib

pytestmark = pytest.mark.tfcompat_only

_COUNT = {"graphs": 0}


def _counting_backend(gm, example_inputs):
    """torch.compile backend: counts the graphs it is given, runs them as traced."""
    _COUNT["graphs"] += 1
    return gm.forward


@pytest.fixture(autouse=True)
def jit_backend(monkeypatch):
    monkeypatch.setenv("TFCOMPAT_JIT_BACKEND", "eager")
    monkeypatch.setenv("TFCOMPAT_JIT_CHOICE", "compiled")   # see test_the_faster_form_is_kept
    monkeypatch.delenv("TFCOMPAT_JIT", raising=False)
    monkeypatch.delenv("TF_XLA_FLAGS", raising=False)
    torch._dynamo.reset()
    yield
    torch._dynamo.reset()


def _config(jit):
    config = tf.ConfigProto()
    if jit:
        config.graph_options.optimizer_options.global_jit_level = tf.OptimizerOptions.ON_1
    return config


def _run_both(build, feeds_for, steps=1):
    """`build()` -> (fetches, init or None) in a fresh graph; each step's fetched values from
    an eager session and from a compiled one."""
    results = []
    for jit in (False, True):
        with tf.Graph().as_default() as graph:
            fetches, init, placeholders = build()
            sess = tf.Session(graph=graph, config=_config(jit))
            if init is not None:
                sess.run(init)
            results.append([sess.run(fetches, dict(zip(placeholders, feeds_for(i))))
                            for i in range(steps)])
            plans = [entry[1] for entry in sess._plans.values()]
            assert any(getattr(p, "jit", None) is not None for p in plans) == jit
    return results


def _assert_same(eager, compiled, rtol=0.0, atol=0.0):
    for a, b in zip(tf.nest.flatten(eager), tf.nest.flatten(compiled)):
        if a is None:
            assert b is None
            continue
        np.testing.assert_allclose(np.asarray(b), np.asarray(a), rtol=rtol, atol=atol)


def test_optimizer_options_are_tfs():
    # recorded from TF 2.21 compat.v1: OptimizerOptions.GlobalJitLevel and Level values
    O = tf.OptimizerOptions
    assert (O.DEFAULT, O.OFF, O.ON_1, O.ON_2, O.L0, O.L1) == (0, -1, 1, 2, -1, 0)
    config = tf.ConfigProto()   # a fresh ConfigProto's sub-messages can be set, as in protobuf
    config.graph_options.optimizer_options.global_jit_level = O.ON_2
    assert config.graph_options.optimizer_options.global_jit_level == 2


def test_jit_scope_sets_tfs_attrs():
    # recorded from TF 2.21 compat.v1 (tf.xla.experimental.jit_scope)
    with tf.Graph().as_default() as g:
        x = tf.placeholder(tf.float32, [None, 3])
        with tf.xla.experimental.jit_scope():
            tf.add(x, 1.0, name="a")
            with tf.xla.experimental.jit_scope(compile_ops=False):
                tf.multiply(x, 2.0, name="m")
        with tf.contrib.compiler.jit.experimental_jit_scope(separate_compiled_gradients=True):
            tf.square(x, name="sq")
        with tf.xla.experimental.jit_scope(compile_ops=lambda node_def: node_def.op == "Exp"):
            tf.exp(x, name="e2")
            tf.sin(x, name="s2")
    attrs = {op.name: {k: v for k, v in op.node_def.attr.items() if k.startswith("_Xla")}
             for op in g.get_operations()}
    expected = {"a": (True, False, b"jit_scope_0"), "m": (False, False, b"jit_scope_0"),
                "sq": (True, True, b"jit_scope_1"), "e2": (True, False, b"jit_scope_2"),
                "s2": (False, False, b"jit_scope_2")}
    for name, (compile_, separate, scope) in expected.items():
        op = g.get_operation_by_name(name)
        assert op.get_attr("_XlaCompile") is compile_
        assert op.get_attr("_XlaSeparateCompiledGradients") is separate
        assert op.get_attr("_XlaScope") == scope
        assert set(attrs[name]) == {"_XlaCompile", "_XlaSeparateCompiledGradients", "_XlaScope"}
    assert g.get_operation_by_name("Placeholder")._attrs.get("_XlaCompile") is None


def _representative():
    x = tf.placeholder(tf.float32, [None, 12], name="x")
    w = tf.constant(np.random.RandomState(1).randn(12, 5).astype(np.float32))
    logits = tf.matmul(x, w)
    chain = tf.tanh(tf.sigmoid(logits) * 3.0 - tf.exp(-tf.abs(logits))) + tf.square(logits)
    parts = tf.concat([tf.transpose(chain), tf.transpose(chain)[:, ::-1]], axis=1)
    image = tf.reshape(x, [-1, 2, 2, 3])
    pooled = tf.nn.avg_pool(tf.nn.relu(image), [1, 2, 2, 1], [1, 1, 1, 1], "SAME")
    stats = [tf.reduce_max(parts), tf.argmax(logits, 1), tf.cast(logits > 0, tf.int32),
             tf.nn.softmax(logits), tf.shape(parts), tf.gather(w, [3, 1]), pooled]
    return [logits, chain, parts] + stats, None, [x]


def test_representative_graphs_match_eager_op_by_op():
    def feeds(i):
        rng = np.random.RandomState(i)
        return (rng.randn((4, 6)[i], 12).astype(np.float32),)   # a new batch size: dynamic
    eager, compiled = _run_both(_representative, feeds, steps=2)
    _assert_same(eager, compiled)


def _mlp_adam():
    x = tf.placeholder(tf.float32, [None, 6])
    y = tf.placeholder(tf.int32, [None])
    h = x
    for i, (a, b) in enumerate([(6, 16), (16, 3)]):
        w = tf.get_variable("w%d" % i, initializer=np.random.RandomState(i).randn(a, b)
                            .astype(np.float32) * 0.3)
        bias = tf.get_variable("b%d" % i, initializer=np.zeros(b, np.float32))
        h = tf.matmul(h, w) + bias
        if i == 0:
            h = tf.nn.relu(h)
    loss = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=y, logits=h))
    train = tf.train.AdamOptimizer(0.05).minimize(loss)
    return [loss, train, tf.trainable_variables()], tf.global_variables_initializer(), [x, y]


def _batch(i, shape, classes):
    rng = np.random.RandomState(100 + i)
    return rng.randn(*shape).astype(np.float32), rng.randint(0, classes, shape[0]).astype(np.int32)


def test_training_mlp_adam_matches_eager(monkeypatch):
    monkeypatch.setenv("TFCOMPAT_JIT_BACKEND", "aot_eager")   # AOT autograd, functionalized updates
    eager, compiled = _run_both(_mlp_adam, lambda i: _batch(i, (8, 6), 3), steps=4)
    _assert_same(eager, compiled, rtol=1e-6, atol=1e-7)


def _conv_net():
    x = tf.placeholder(tf.float32, [None, 6, 6, 1])
    y = tf.placeholder(tf.int32, [None])
    k = tf.get_variable("k", initializer=np.random.RandomState(0).randn(3, 3, 1, 2)
                        .astype(np.float32) * 0.5)
    h = tf.nn.max_pool(tf.nn.relu(tf.nn.conv2d(x, k, [1, 1, 1, 1], "SAME")),
                       [1, 2, 2, 1], [1, 2, 2, 1], "VALID")
    w = tf.get_variable("w", initializer=np.random.RandomState(1).randn(18, 2)
                        .astype(np.float32) * 0.3)
    logits = tf.matmul(tf.reshape(h, [-1, 18]), w)
    loss = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=y, logits=logits))
    train = tf.train.MomentumOptimizer(0.1, 0.9).minimize(loss)
    return [loss, train, k, w], tf.global_variables_initializer(), [x, y]


def test_training_conv_net_matches_eager():
    eager, compiled = _run_both(_conv_net, lambda i: _batch(i, (4, 6, 6, 1), 2), steps=3)
    _assert_same(eager, compiled, rtol=1e-6, atol=1e-7)


def _rnn():
    x = tf.placeholder(tf.float32, [None, 3, 3])
    y = tf.placeholder(tf.int32, [None])
    w_in = tf.get_variable("w_in", initializer=np.random.RandomState(0).randn(3, 5)
                           .astype(np.float32) * 0.4)
    w_h = tf.get_variable("w_h", initializer=np.random.RandomState(1).randn(5, 5)
                          .astype(np.float32) * 0.4)
    w_out = tf.get_variable("w_out", initializer=np.random.RandomState(2).randn(5, 2)
                            .astype(np.float32) * 0.4)
    h = tf.zeros_like(tf.matmul(x[:, 0, :], w_in))
    for t in range(3):   # an unrolled RNN, as TF1's static_rnn builds it
        h = tf.tanh(tf.matmul(x[:, t, :], w_in) + tf.matmul(h, w_h))
    logits = tf.matmul(h, w_out)
    loss = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=y, logits=logits))
    train = tf.train.GradientDescentOptimizer(0.5).minimize(loss)
    return [loss, train, w_h], tf.global_variables_initializer(), [x, y]


def test_training_rnn_matches_eager():
    eager, compiled = _run_both(_rnn, lambda i: _batch(i, (5, 3, 3), 2), steps=2)
    _assert_same(eager, compiled, rtol=1e-6, atol=1e-7)


def test_uncompilable_ops_run_eagerly_inside_a_compiled_plan():
    def build():
        x = tf.placeholder(tf.float32, [None])
        doubled = tf.py_func(lambda v: v * 2, [x * 3.0], tf.float32)
        noise = tf.random_uniform([3], seed=1)   # same session stream in both plans
        positives = tf.where(x > 0)                          # a data-dependent shape
        text = tf.strings.join([tf.as_string(tf.reduce_sum(x)), "!"])
        return [doubled + 1.0, noise * 2.0, positives, text], None, [x]
    eager, compiled = _run_both(build, lambda i: (np.array([1., -2., 3.], np.float32) * (i + 1),),
                                steps=2)
    _assert_same(eager[0][:3], compiled[0][:3])
    assert eager[1][3] == compiled[1][3] == b"4.000000!"
    _assert_same(eager[1][:3], compiled[1][:3])


def _counting(monkeypatch):
    """Compiled plans use `_counting_backend` (registered once per process)."""
    monkeypatch.setenv("TFCOMPAT_JIT_BACKEND", "tfcompat_test_count")
    if not _COUNT.get("registered"):
        torch._dynamo.list_backends()   # loads torch's own backends first
        torch._dynamo.register_backend(_counting_backend, name="tfcompat_test_count")
        _COUNT["registered"] = True
    _COUNT["graphs"] = 0


def test_recompilation_is_bounded_as_batch_size_changes(monkeypatch):
    _counting(monkeypatch)
    with tf.Graph().as_default() as g:
        x = tf.placeholder(tf.float32, [None, 4])
        y = tf.reduce_sum(tf.tanh(x) * 2.0 + 1.0, axis=1)
        sess = tf.Session(graph=g, config=_config(True))
        counts = []
        for n in (2, 3, 4, 5, 6, 7, 8, 9):
            out = sess.run(y, {x: np.ones((n, 4), np.float32)})
            np.testing.assert_allclose(out, np.full(n, 4 * (2 * np.tanh(1.0) + 1)), rtol=1e-6)
            counts.append(_COUNT["graphs"])
        assert sess._plan_cache_info()["misses"] == 1
    # each compiled segment: once for the first shape, once more with the batch dynamic
    assert counts[1] <= 2 * counts[0] and counts[-1] == counts[1], counts


def test_first_run_logs_compiling_and_errors_are_tfs(caplog):
    with tf.Graph().as_default() as g:
        logits = tf.placeholder(tf.float32, [None, 3])
        labels = tf.placeholder(tf.int32, [None])
        xent = tf.nn.sparse_softmax_cross_entropy_with_logits(labels=labels, logits=logits)
        sess = tf.Session(graph=g, config=_config(True))
        with caplog.at_level(logging.INFO, logger="tensorflow"):
            sess.run(xent, {logits: np.zeros((2, 3), np.float32), labels: [0, 1]})
            sess.run(xent, {logits: np.zeros((2, 3), np.float32), labels: [2, 1]})
        compiling = [r for r in caplog.records if "Compiling a plan" in r.getMessage()]
        assert len(compiling) == 1 and compiling[0].levelno == logging.INFO
        with pytest.raises(tf.errors.InvalidArgumentError, match="Received a label value of 7"):
            sess.run(xent, {logits: np.zeros((2, 3), np.float32), labels: [7, 1]})


def test_switches(monkeypatch):
    def jitted(config):
        with tf.Graph().as_default() as g:
            x = tf.placeholder(tf.float32, [2])
            with tf.xla.experimental.jit_scope():
                scoped = tf.exp(x)
            plain = tf.sin(x)
            sess = tf.Session(graph=g, config=config)
            found = []
            for fetch in (scoped, plain):
                sess.run(fetch, {x: [1.0, 2.0]})
                plan = sess._plan((fetch,), (), frozenset([x]))
                found.append(getattr(plan, "jit", None) is not None)
            return found
    assert jitted(None) == [True, False]                 # jit_scope alone
    assert jitted(_config(True)) == [True, True]         # global_jit_level ON_1
    tf.config.optimizer.set_jit(True)                    # sessions made without a config
    try:
        assert jitted(None) == [True, True]
    finally:
        tf.config.optimizer.set_jit(False)
    monkeypatch.setenv("TFCOMPAT_JIT", "1")
    assert jitted(None) == [True, True]                  # whole programs: TFCOMPAT_JIT=1
    monkeypatch.setenv("TFCOMPAT_JIT", "0")
    assert jitted(_config(True)) == [False, False]       # off everywhere


def test_inductor_compiles_a_small_plan(monkeypatch):
    monkeypatch.setenv("TFCOMPAT_JIT_BACKEND", "inductor")
    with tf.Graph().as_default() as g:
        x = tf.placeholder(tf.float32, [4])
        y = tf.tanh(x * 2.0) + tf.exp(-x)
        sess = tf.Session(graph=g, config=_config(True))
        value = np.array([0.5, -1.0, 2.0, 0.0], np.float32)
        out = sess.run(y, {x: value})
    np.testing.assert_allclose(out, np.tanh(value * 2) + np.exp(-value), rtol=1e-6)


def test_errors_in_compiled_segments_say_what_eager_plans_say():
    messages = []
    for jit in (False, True):
        with tf.Graph().as_default() as g:
            a = tf.placeholder(tf.float32, [None, None])
            b = tf.placeholder(tf.float32, [None, None])
            y = tf.tanh(tf.matmul(a, b) * 2.0)
            sess = tf.Session(graph=g, config=_config(jit))
            ok = sess.run(y, {a: np.ones((2, 3), np.float32), b: np.ones((3, 2), np.float32)})
            np.testing.assert_allclose(ok, np.full((2, 2), np.tanh(6.0)), rtol=1e-6)
            with pytest.raises(tf.errors.InvalidArgumentError) as info:
                sess.run(y, {a: np.ones((2, 3), np.float32), b: np.ones((2, 3), np.float32)})
            messages.append(info.value.message)
            assert info.value.op.type == "MatMul"
    # recorded from TF 2.21 compat.v1
    assert "Matrix size-incompatible: In[0]: [2,3], In[1]: [2,3]" in messages[0]
    assert messages[1] == messages[0]


def _plan_runner(sess):
    runners = [entry[1].jit for entry in sess._plans.values()
               if getattr(entry[1], "jit", None) is not None]
    assert len(runners) == 1
    return runners[0]


def _joins_and_checks():
    """Gathers, splits, concats, fills and a sparse cross-entropy: lowerings that read an axis,
    sizes or a fill value, or check indices and labels (each a graph break before)."""
    x = tf.placeholder(tf.int32, [None, 4])
    y = tf.placeholder(tf.int32, [None])
    table = tf.constant(np.random.RandomState(0).randn(10, 3).astype(np.float32))
    h = tf.gather(table, x)                                   # [n, 4, 3]
    a, b = tf.split(h, 2, axis=1)
    c, d = tf.split(h, [1, -1], axis=1)
    joined = tf.concat([a, b, c, d], axis=1)                  # [n, 8, 3]
    w = tf.get_variable("w", initializer=np.random.RandomState(1).randn(24, 3)
                        .astype(np.float32) * 0.3)
    logits = tf.matmul(tf.reshape(joined, [-1, 24]), w)
    logits += tf.fill(tf.shape(logits), 0.5)
    loss = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=y, logits=logits))
    train = tf.train.GradientDescentOptimizer(0.5).minimize(loss)
    return [loss, train, w], tf.global_variables_initializer(), [x, y]


def _ids(i):
    rng = np.random.RandomState(i)
    return rng.randint(0, 10, (5, 4)).astype(np.int32), rng.randint(0, 3, 5).astype(np.int32)


def test_joins_and_data_checks_compile_without_graph_breaks(monkeypatch):
    _counting(monkeypatch)
    with tf.Graph().as_default() as g:
        fetches, init, (x, y) = _joins_and_checks()
        sess = tf.Session(graph=g, config=_config(True))
        sess.run(init)
        sess.run(fetches, dict(zip((x, y), _ids(0))))
        runner = _plan_runner(sess)
    # one graph per compiled segment (the forward ops; the update): none cut by a host read
    assert _COUNT["graphs"] == runner.source.count("def _seg"), runner.source
    monkeypatch.setenv("TFCOMPAT_JIT_BACKEND", "eager")
    eager, compiled = _run_both(_joins_and_checks, _ids, steps=3)
    _assert_same(eager, compiled, rtol=1e-6, atol=1e-7)


@pytest.mark.parametrize("resource", [False, True])
def test_a_failed_data_check_raises_tfs_error_and_the_plan_stays_compiled(resource):
    with tf.Graph().as_default() as g:
        x = tf.placeholder(tf.int32, [None])
        table = tf.get_variable("table", initializer=np.arange(30, dtype=np.float32)
                                .reshape(10, 3), use_resource=resource)
        picked = tf.gather(tf.identity(table), x)   # reads the variable: repeatable
        y = tf.reduce_sum(picked * 2.0)
        sess = tf.Session(graph=g, config=_config(True))
        sess.run(table.initializer)
        assert sess.run(y, {x: [1, 2]}) == 66.0
        runner = _plan_runner(sess)
        assert picked.op.name in runner.replayable   # checked inside the compiled code
        with pytest.raises(tf.errors.InvalidArgumentError) as info:
            sess.run(y, {x: [1, 12]})
        # recorded from TF 2.21 compat.v1
        assert "indices[1] = 12 is not in [0, 10)" in info.value.message
        assert info.value.op.type == "GatherV2"
        assert sess.run(y, {x: [0, 0]}) == 12.0
        assert runner.plan.run_fn is runner      # still compiled


def test_checks_after_a_random_draw_stay_on_the_host():
    """A failed in-graph check reruns the plan eagerly; a random op before it would draw twice,
    so such a plan checks on the host: after the error both sessions draw the same numbers."""
    draws = []
    for jit in (False, True):
        with tf.Graph().as_default() as g:
            tf.set_random_seed(3)
            x = tf.placeholder(tf.int32, [None])
            noise = tf.random_uniform([2])
            picked = tf.gather(tf.reshape(tf.range(6.0), [3, 2]) + noise, x) * 1.0
            sess = tf.Session(graph=g, config=_config(jit))
            sess.run(picked, {x: [0]})
            with pytest.raises(tf.errors.InvalidArgumentError, match="is not in"):
                sess.run(picked, {x: [5]})
            draws.append(sess.run(picked, {x: [0]}))
            if jit:
                assert picked.op.inputs[0].op.name not in _plan_runner(sess).replayable
    np.testing.assert_array_equal(draws[0], draws[1])


def test_initializer_plans_and_fused_rnns_stay_eager():
    with tf.Graph().as_default() as g:
        x = tf.placeholder(tf.float32, [2, 5, 3])
        cell = tf.nn.rnn_cell.BasicLSTMCell(4)
        outputs, _ = tf.nn.dynamic_rnn(cell, x, dtype=tf.float32)
        loss = tf.reduce_sum(tf.tanh(outputs) * 2.0)
        sess = tf.Session(graph=g, config=_config(True))
        for v in tf.global_variables():   # assignments only: nothing worth compiling
            v.load(np.full(v.shape.as_list(), 0.1, np.float32), sess)
        assigns = [entry[1] for entry in sess._plans.values()]
        assert assigns and all(getattr(p, "jit", None) is None for p in assigns)
        value = np.random.RandomState(0).randn(2, 5, 3).astype(np.float32)
        compiled = sess.run(loss, {x: value})
        runner = _plan_runner(sess)
        assert "CudnnRNN" in runner.eager_types   # torch.compile would unroll the kernel
        np.testing.assert_allclose(compiled, runner.plan.fn(torch.from_numpy(value))[0].item(),
                                   rtol=1e-6)


def test_the_faster_form_is_kept(monkeypatch, caplog):
    """TFCOMPAT_JIT_CHOICE=measure (the default): the first run is eager, then the compiling run
    and one more; then runs alternate the compiled and eager forms (each a real run), and the
    faster form is kept."""
    monkeypatch.setenv("TFCOMPAT_JIT_CHOICE", "measure")
    with tf.Graph().as_default() as g:
        x = tf.placeholder(tf.float32, [3])
        y = tf.tanh(x) * 2.0
        sess = tf.Session(graph=g, config=_config(True))
        sess.run(y, {x: np.zeros(3, np.float32)})
        runner = _plan_runner(sess)
        assert runner.calls == 0        # the first run is eager: a plan run once is not compiled
        fast = runner.fn

        def slow(*feeds):   # compiled code slower than the eager plan
            time.sleep(0.05)
            return fast(*feeds)
        runner.fn = slow
        with caplog.at_level(logging.INFO, logger="tensorflow"):
            for i in range(8):     # 2 more untimed, then 3 timed of each form
                value = np.full(3, i, np.float32)
                np.testing.assert_allclose(sess.run(y, {x: value}), np.tanh(value) * 2.0,
                                           rtol=1e-6)
        assert runner.chosen == "eager" and runner.plan.run_fn is runner.plan.fn
        assert runner.timings[0] > runner.timings[1]
        assert any("runs eager from now on" in r.getMessage() for r in caplog.records)
    monkeypatch.setenv("TFCOMPAT_JIT_CHOICE", "sometimes")
    with pytest.raises(ValueError, match="TFCOMPAT_JIT_CHOICE"):
        jit_lib.choice()


@pytest.mark.parametrize("optimizer", [
    lambda: tf.train.ProximalAdagradOptimizer(0.1, l1_regularization_strength=0.01),
    lambda: tf.train.FtrlOptimizer(0.1, l1_regularization_strength=0.01),   # Cast(Const)s
    lambda: tf.train.AdamOptimizer(0.05), lambda: tf.train.RMSPropOptimizer(0.05)])
def test_constant_hyper_parameters_are_numbers_of_the_compiled_code(monkeypatch, optimizer):
    """Update ops read constant hyper-parameters (and check TF's rules on them) as Python
    numbers taken when the plan is compiled: no host read cuts the update segment."""
    def build():
        x = tf.placeholder(tf.float32, [None, 3])
        w = tf.get_variable("w", initializer=np.random.RandomState(2).randn(3, 2)
                            .astype(np.float32))
        loss = tf.reduce_sum(tf.square(tf.matmul(x, w)))
        return [loss, optimizer().minimize(loss), w], tf.global_variables_initializer(), [x]

    def feeds(i):
        return (np.random.RandomState(i).randn(4, 3).astype(np.float32),)
    _counting(monkeypatch)
    with tf.Graph().as_default() as g:
        fetches, init, (x,) = build()
        sess = tf.Session(graph=g, config=_config(True))
        sess.run(init)
        sess.run(fetches, {x: feeds(0)[0]})
        runner = _plan_runner(sess)
    assert _COUNT["graphs"] == runner.source.count("def _seg"), runner.source
    monkeypatch.setenv("TFCOMPAT_JIT_BACKEND", "eager")
    eager, compiled = _run_both(build, feeds, steps=3)
    _assert_same(eager, compiled, rtol=1e-6, atol=1e-7)


def test_gradients_of_gradients_run_eagerly_and_are_right():
    # torch.compile's backward is not differentiable: a compiled forward gave second-order
    # gradients of zeros. Plans with gradients of gradients stay eager.
    with tf.Graph().as_default() as graph:
        x = tf.constant([1.0, 2.0, 3.0, 4.0])
        gx = tf.gradients(tf.reduce_sum(x ** 3), x)[0]
        ggx = tf.gradients(tf.reduce_sum(gx * gx), x)[0]
        hessian = tf.hessians(tf.reduce_sum(x ** 3), x)[0]
        with tf.Session(graph=graph, config=_config(True)) as sess:
            for _ in range(2):
                got_ggx, got_h = sess.run([ggx, hessian])
                # d/dx sum((3x^2)^2) = 36 x^3; the Hessian of sum(x^3) is diag(6x)
                np.testing.assert_allclose(got_ggx, [36.0, 288.0, 972.0, 2304.0])
                np.testing.assert_allclose(np.diag(got_h), [6.0, 12.0, 18.0, 24.0])


def _embedding_sgd(resource):
    """An embedding trained by SGD: its gradient is IndexedSlices, applied by Scatter(Sub|Add)."""
    ids = tf.placeholder(tf.int32, [None])
    table = tf.get_variable("table", initializer=np.arange(30, dtype=np.float32).reshape(10, 3),
                            use_resource=resource)
    loss = tf.reduce_sum(tf.square(tf.nn.embedding_lookup(table, ids)))
    train = tf.train.GradientDescentOptimizer(0.1).minimize(loss)
    return [loss, train], tf.global_variables_initializer(), [ids]


@pytest.mark.parametrize("resource", [False, True])
def test_sparse_updates_compile_without_graph_breaks(monkeypatch, resource):
    """The scatter of an embedding's gradient checks its indices inside the compiled code
    (checked_after_segment): the plan is one graph per segment, with the eager plan's values."""
    _counting(monkeypatch)
    with tf.Graph().as_default() as g:
        fetches, init, (ids,) = _embedding_sgd(resource)
        sess = tf.Session(graph=g, config=_config(True))
        sess.run(init)
        sess.run(fetches, {ids: [1, 4, 1]})
        runner = _plan_runner(sess)
    assert _COUNT["graphs"] == runner.source.count("def _seg"), runner.source
    monkeypatch.setenv("TFCOMPAT_JIT_BACKEND", "eager")
    eager, compiled = _run_both(lambda: _embedding_sgd(resource),
                                lambda i: ([i % 10, (3 * i) % 10, i % 10],), steps=4)
    _assert_same(eager, compiled)


@pytest.mark.parametrize("kind", ["scatter_add", "scatter_update", "scatter_max"])
@pytest.mark.parametrize("resource", [False, True])
def test_a_failed_check_of_an_update_raises_tfs_error_and_changes_nothing(kind, resource):
    with tf.Graph().as_default() as g:
        ids = tf.placeholder(tf.int32, [None])
        table = tf.get_variable("table", initializer=np.ones((10, 3), np.float32),
                                use_resource=resource)
        other = tf.get_variable("other", initializer=np.zeros(3, np.float32),
                                use_resource=resource)
        rows = tf.ones([tf.size(ids), 3]) * 2.0
        update = getattr(tf, kind)(table, ids, rows)
        bump = tf.assign_add(other, tf.ones([3]))
        sess = tf.Session(graph=g, config=_config(True))
        sess.run(tf.global_variables_initializer())
        sess.run([update.op, bump.op], {ids: [0, 1]})
        runner = _plan_runner(sess)
        with pytest.raises(tf.errors.InvalidArgumentError) as info:
            sess.run([update.op, bump.op], {ids: [2, 12]})
        # recorded from TF 2.21 compat.v1 (TF's CPU kernel applies the rows before the bad one)
        assert "indices[1] = 12 is not in [0, 10)" in info.value.message
        assert info.value.op is update.op
        np.testing.assert_array_equal(sess.run(table)[2], [1, 1, 1])   # left as it was
        sess.run([update.op, bump.op], {ids: [3]})
        assert runner.plan.run_fn is runner      # still compiled
        assert sess.run(table)[3].tolist() == [2, 2, 2] if kind != "scatter_add" \
            else sess.run(table)[3].tolist() == [3, 3, 3]
