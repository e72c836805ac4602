"""Object-based checkpoints across TF and tfcompat: files TF 2.21 wrote (tests/fixtures/
object_ckpt, made by tests/fixtures/make_object_checkpoints.py) restore here with every value
and slot, and files tfcompat writes restore in TF with `assert_consumed()` (run_tf: skipped
where TensorFlow is not installed)."""
import json
import os

import numpy as np
import pytest

FIXTURES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "fixtures",
                        "object_ckpt")

with open(os.path.join(FIXTURES, "values.json")) as _f:
    VALUES = json.load(_f)


def _model(tf):
    v = tf.Variable([0.0, 0.0], name="v")
    r = tf.get_variable("r", [2], use_resource=True, initializer=tf.zeros_initializer())
    step = tf.train.get_or_create_global_step()
    model = tf.keras.Sequential([tf.keras.layers.Dense(2, input_shape=(3,)),
                                 tf.keras.layers.Dropout(0.1), tf.keras.layers.Dense(1)])
    opt = tf.train.AdamOptimizer(0.1)
    ckpt = tf.train.Checkpoint(model=model, v=v, r=r, step=step, optimizer=opt,
                               items=[tf.Variable(0.0, name="item")])
    return ckpt, v, r, step, model, opt


def _train(tf, v, r, step, model, opt):
    x = tf.constant(np.arange(12, dtype=np.float32).reshape(4, 3))
    return opt.minimize(tf.reduce_mean(model(x)) + tf.reduce_sum(v * r), global_step=step)


def test_tf_checkpoint_restores_with_deferred_slots(tf):
    ckpt, v, r, step, model, opt = _model(tf)
    status = ckpt.restore(tf.train.latest_checkpoint(FIXTURES))
    train = _train(tf, v, r, step, model, opt)
    expected = VALUES["ckpt"]
    with tf.Session() as sess:
        status.initialize_or_restore(sess)
        status.assert_consumed()
        np.testing.assert_array_equal(sess.run(v), expected["v"])
        np.testing.assert_array_equal(sess.run(r), expected["r"])
        np.testing.assert_array_equal(sess.run(model.weights[0]), expected["kernel0"])
        np.testing.assert_array_equal(sess.run(opt.get_slot(model.weights[0], "m")),
                                      expected["kernel0_m"])
        beta1 = opt._get_non_slot_variable("beta1_power", tf.get_default_graph())
        assert sess.run(beta1) == pytest.approx(expected["beta1_power"])
        assert sess.run(step) == expected["step"] == 3
        assert sess.run(ckpt.save_counter) == 1
        sess.run(train)
        assert sess.run(step) == 4


def test_tf_keras_weights_load(tf):
    expected = VALUES["keras"]
    model = tf.keras.Sequential([tf.keras.layers.Dense(4, input_shape=(3,)),
                                 tf.keras.layers.Dense(1)])
    model.compile(optimizer=tf.keras.optimizers.Adam(0.01), loss="mse")
    model.load_weights(os.path.join(FIXTURES, "keras"))
    x = np.array(expected["x"], np.float32)
    np.testing.assert_allclose(model.predict(x), expected["predict"], rtol=1e-5, atol=1e-6)
    assert tf.keras.backend.get_value(model.optimizer.iterations) == expected["iterations"]


def test_object_graph_written_here(tf, tmp_path):
    """The TrackableObjectGraph tfcompat writes, decoded: TF's node order, names and slots."""
    trackable = pytest.importorskip("tfcompat.io.proto.trackable_object_graph_pb2")
    ckpt, v, r, step, model, opt = _model(tf)
    train = _train(tf, v, r, step, model, opt)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        sess.run(train)
        path = ckpt.save(str(tmp_path / "ckpt"))
    raw = tf.train.load_variable(path, "_CHECKPOINTABLE_OBJECT_GRAPH")
    graph = trackable.TrackableObjectGraph.FromString(raw)
    root = [(c.node_id, c.local_name) for c in graph.nodes[0].children]
    assert root == [(1, "items"), (2, "model"), (3, "optimizer"), (4, "r"), (5, "step"),
                    (6, "v"), (7, "save_counter")]
    sequential = [(c.node_id, c.local_name) for c in graph.nodes[2].children]
    assert sequential == [(9, "layer_with_weights-0"), (9, "layer-0"), (10, "layer-1"),
                          (11, "layer_with_weights-1"), (11, "layer-2")]
    slots = [(s.original_variable_node_id, s.slot_name) for s in graph.nodes[3].slot_variables]
    assert slots == [(4, "m"), (6, "m"), (14, "m"), (15, "m"), (16, "m"), (17, "m"),
                     (4, "v"), (6, "v"), (14, "v"), (15, "v"), (16, "v"), (17, "v")]
    assert [n.has_checkpoint_values.value for n in graph.nodes[8:12]] == [True, True, False,
                                                                          True]


_TF_RESTORE = """
v = tf.Variable([0.0, 0.0], name="v")
r = tf.get_variable("r", [2], use_resource=True, initializer=tf.zeros_initializer())
step = tf.train.get_or_create_global_step()
model = tf.keras.Sequential([tf.keras.layers.Dense(2, input_shape=(3,)),
                             tf.keras.layers.Dropout(0.1), tf.keras.layers.Dense(1)])
opt = tf.train.AdamOptimizer(0.1)
ckpt = tf.train.Checkpoint(model=model, v=v, r=r, step=step, optimizer=opt,
                           items=[tf.Variable(0.0, name="item")])
status = ckpt.restore(tf.train.latest_checkpoint(ARGS["dir"]))
x = tf.constant(np.arange(12, dtype=np.float32).reshape(4, 3))
train = opt.minimize(tf.reduce_mean(model(x)) + tf.reduce_sum(v * r), global_step=step)
with tf.Session() as sess:
    status.initialize_or_restore(sess)
    status.assert_consumed()
    RESULT["v"] = sess.run(v).tolist()
    RESULT["m"] = sess.run(opt.get_slot(model.weights[0], "m")).tolist()
    RESULT["step"] = int(sess.run(step))
    RESULT["counter"] = int(sess.run(ckpt.save_counter))
kmodel = tf.keras.Sequential([tf.keras.layers.Dense(4, input_shape=(3,)),
                              tf.keras.layers.Dense(1)])
kmodel.compile(optimizer=tf.keras.optimizers.Adam(0.01), loss="mse")
kmodel.load_weights(os.path.join(ARGS["dir"], "keras"))
RESULT["predict"] = kmodel.predict(np.ones([2, 3], np.float32)).tolist()
"""


@pytest.mark.tfcompat_only
@pytest.mark.tf_interop
def test_tf_restores_checkpoints_written_here(tf, run_tf, tmp_path):
    d = str(tmp_path)
    with tf.Graph().as_default():
        ckpt, v, r, step, model, opt = _model(tf)
        train = _train(tf, v, r, step, model, opt)
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            for _ in range(2):
                sess.run(train)
            ckpt.save(os.path.join(d, "ckpt"))
            saved = {"v": sess.run(v).tolist(),
                     "m": sess.run(opt.get_slot(model.weights[0], "m")).tolist()}
    with tf.Graph().as_default():
        kmodel = tf.keras.Sequential([tf.keras.layers.Dense(4, input_shape=(3,)),
                                      tf.keras.layers.Dense(1)])
        kmodel.compile(optimizer=tf.keras.optimizers.Adam(0.01), loss="mse")
        kmodel.fit(np.ones([4, 3], np.float32), np.ones([4, 1], np.float32), verbose=0)
        kmodel.save_weights(os.path.join(d, "keras"))
        predict = kmodel.predict(np.ones([2, 3], np.float32))
    with open(os.path.join(d, "checkpoint"), "w") as f:   # save_weights named "keras" latest
        f.write('model_checkpoint_path: "ckpt-1"\nall_model_checkpoint_paths: "ckpt-1"\n')
    result = run_tf(_TF_RESTORE, dir=d)
    assert result["v"] == saved["v"] and result["m"] == saved["m"]
    assert result["step"] == 2 and result["counter"] == 1
    np.testing.assert_allclose(result["predict"], predict, rtol=1e-5, atol=1e-6)
