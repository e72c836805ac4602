"""tf.train.Checkpoint in graph mode: the key layout, numbering and `checkpoint` file of save(),
write(), restore() with its status (deferred slots, assertions, restore(None)), containers and
Modules, Keras save_weights/load_weights in TF's format. Expected values (keys, messages,
numbers) were recorded from TF 2.21 compat.v1 with disable_v2_behavior(); with
TFCOMPAT_TEST_AGAINST_TF=1 these tests run against TF itself."""
import os

import numpy as np
import pytest

V = "/.ATTRIBUTES/VARIABLE_VALUE"


def _keys(tf, path):
    return [name for name, _ in tf.train.list_variables(path)]


def _adam_model(tf):
    v = tf.Variable([1.0, 2.0], name="v")
    r = tf.get_variable("r", [2], use_resource=True, initializer=tf.ones_initializer())
    step = tf.train.get_or_create_global_step()
    model = tf.keras.Sequential([tf.keras.layers.Dense(2, input_shape=(3,)),
                                 tf.keras.layers.Dropout(0.1), tf.keras.layers.Dense(1)])
    return v, r, step, model, tf.train.AdamOptimizer(0.1)


def _train_op(tf, v, r, step, model, opt):
    x = tf.constant(np.arange(12, dtype=np.float32).reshape(4, 3))
    loss = tf.reduce_mean(model(x)) + tf.reduce_sum(v * r)
    return opt.minimize(loss, global_step=step)


def test_save_numbers_checkpoints_and_writes_tf_keys(tf, tmp_path):
    v, r, step, model, opt = _adam_model(tf)
    train = _train_op(tf, v, r, step, model, opt)
    ckpt = tf.train.Checkpoint(model=model, v=v, r=r, optimizer=opt, step=step)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        sess.run(train)
        first = ckpt.save(str(tmp_path / "ckpt"))
        second = ckpt.save(str(tmp_path / "ckpt"), session=sess)
        plain = ckpt.write(str(tmp_path / "plain"))
        assert sess.run(ckpt.save_counter) == 2
    assert (os.path.basename(first), os.path.basename(second)) == ("ckpt-1", "ckpt-2")
    assert plain == str(tmp_path / "plain")
    assert sorted(os.listdir(tmp_path)) == [
        "checkpoint", "ckpt-1.data-00000-of-00001", "ckpt-1.index",
        "ckpt-2.data-00000-of-00001", "ckpt-2.index", "plain.data-00000-of-00001",
        "plain.index"]
    with open(tmp_path / "checkpoint") as f:   # relative, the latest only
        assert f.read() == ('model_checkpoint_path: "ckpt-2"\n'
                            'all_model_checkpoint_paths: "ckpt-2"\n')
    slot = "/.OPTIMIZER_SLOT/optimizer/%s" + V
    expected = ["_CHECKPOINTABLE_OBJECT_GRAPH"]
    for layer, shapes in (("model/layer_with_weights-0/", ([2], [3, 2])),
                          ("model/layer_with_weights-1/", ([1], [2, 1]))):
        for name in ("bias", "kernel"):
            expected += [layer + name + V, layer + name + slot % "m", layer + name + slot % "v"]
    expected += ["optimizer/beta1_power" + V, "optimizer/beta2_power" + V]
    expected += ["r" + V, "r" + slot % "m", "r" + slot % "v", "save_counter" + V, "step" + V]
    expected += ["v" + V, "v" + slot % "m", "v" + slot % "v"]
    assert _keys(tf, second) == expected
    assert tf.train.load_variable(second, "save_counter" + V) == 2
    assert tf.train.latest_checkpoint(str(tmp_path)) == second


def test_restore_binds_slots_made_after_restore(tf, tmp_path):
    with tf.Graph().as_default():
        v, r, step, model, opt = _adam_model(tf)
        train = _train_op(tf, v, r, step, model, opt)
        ckpt = tf.train.Checkpoint(model=model, v=v, r=r, optimizer=opt, step=step)
        with tf.Session() as sess:
            sess.run(tf.global_variables_initializer())
            for _ in range(3):
                sess.run(train)
            path = ckpt.save(str(tmp_path / "ckpt"))
            saved = sess.run([v, opt.get_slot(v, "m"), model.weights[0]])
    with tf.Graph().as_default():
        v, r, step, model, opt = _adam_model(tf)
        ckpt = tf.train.Checkpoint(model=model, v=v, r=r, optimizer=opt, step=step)
        status = ckpt.restore(path)
        train = _train_op(tf, v, r, step, model, opt)   # layers and slots made after restore
        with tf.Session() as sess:
            status.initialize_or_restore(sess)
            status.assert_consumed()
            status.assert_existing_objects_matched()
            status.assert_nontrivial_match()
            restored = sess.run([v, opt.get_slot(v, "m"), model.weights[0]])
            assert sess.run(step) == 3 and sess.run(ckpt.save_counter) == 1
            assert sess.run(opt._get_non_slot_variable("beta1_power", tf.get_default_graph())) \
                == pytest.approx(0.9 ** 4)
            sess.run(train)
            assert sess.run(step) == 4
    for a, b in zip(saved, restored):
        np.testing.assert_array_equal(a, b)


def test_status_assertions(tf, tmp_path):
    v = tf.Variable([1.0, 2.0], name="v")
    r = tf.Variable([3.0, 4.0], name="r")
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        path = tf.train.Checkpoint(v=v, r=r).save(str(tmp_path / "ckpt"))
    with tf.Graph().as_default():
        v = tf.Variable([0.0, 0.0], name="v")
        w = tf.Variable(1.0, name="w")
        status = tf.train.Checkpoint(v=v, w=w).restore(path)
        with tf.Session() as sess:
            status.run_restore_ops(sess)
            np.testing.assert_array_equal(sess.run(v), [1.0, 2.0])
            for check in (status.assert_consumed, status.assert_existing_objects_matched):
                with pytest.raises(AssertionError) as e:
                    check()
                assert str(e.value) == (
                    "Found 1 Python objects that were not bound to checkpointed values, likely "
                    "due to changes in the Python program. Showing 1 of 1 unmatched objects: "
                    "[<tf.Variable 'w:0' shape=() dtype=float32_ref>]")
            assert status.expect_partial() is status
            assert status.assert_nontrivial_match() is status
    with tf.Graph().as_default():
        v = tf.Variable([0.0, 0.0], name="v")
        status = tf.train.Checkpoint(v=v).restore(path)
        with tf.Session() as sess:
            status.initialize_or_restore(sess)
            status.assert_existing_objects_matched()
            with pytest.raises(AssertionError) as e:
                status.assert_consumed()
            assert str(e.value).startswith(
                'Unresolved object in checkpoint (root).r: attributes {\n  name: "VARIABLE_VALUE'
                '"\n  full_name: "r"\n  checkpoint_key: "r/.ATTRIBUTES/VARIABLE_VALUE"\n}\n'
                'has_checkpoint_values {\n  value: true\n}\n')


def test_restore_none_initializes(tf):
    v = tf.Variable([1.0, 2.0], name="v")
    status = tf.train.Checkpoint(v=v).restore(None)
    with tf.Session() as sess:
        status.initialize_or_restore(sess)
        np.testing.assert_array_equal(sess.run(v), [1.0, 2.0])
        with pytest.raises(AssertionError, match=r"^No checkpoint specified \(save_path=None\); "
                           "nothing is being restored.$"):
            status.assert_consumed()
        with pytest.raises(AssertionError, match=r"^No checkpoint specified, so no restore ops "
                           r"are available \(save_path=None to Saver.restore\).$"):
            status.run_restore_ops(sess)


def test_restore_errors(tf, tmp_path):
    v = tf.Variable([1.0, 2.0], name="v")
    with tf.Session() as sess:
        sess.run(v.initializer)
        path = tf.train.Checkpoint(v=v).write(str(tmp_path / "ckpt"))
    with pytest.raises(tf.errors.NotFoundError, match="Unsuccessful TensorSliceReader "
                       "constructor: Failed to find any matching files for "):
        tf.train.Checkpoint(v=v).restore(str(tmp_path / "missing"))
    with pytest.raises(ValueError, match=r"^`Checkpoint` was expecting a trackable object \(an "
                       r"object derived from `Trackable`\), got 3. If you believe"):
        tf.train.Checkpoint(a=3)
    with tf.Graph().as_default():
        wide = tf.Variable([0.0, 0.0, 0.0], name="v")
        status = tf.train.Checkpoint(v=wide).restore(path)
        with tf.Session() as sess:
            sess.run(wide.initializer)
            with pytest.raises(tf.errors.InvalidArgumentError, match=r"Assign requires shapes "
                               r"of both tensors to match. lhs shape= \[3\] rhs shape= \[2\]"):
                status.run_restore_ops(sess)


def test_modules_lists_dicts_and_nested_checkpoints(tf, tmp_path):
    class Block(tf.Module):
        def __init__(self):
            super().__init__()
            self.w = tf.Variable(1.0, name="w")
            self.lst = [tf.Variable(2.0, name="a"), {"k": tf.Variable(3.0, name="b")}]
            self.d = {"z": tf.Variable(4.0, name="c"), "a.b/c": tf.Variable(5.0, name="e")}

    block = Block()
    ckpt = tf.train.Checkpoint(sub=tf.train.Checkpoint(m=block), extra=[tf.Variable(6.0)])
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        path = ckpt.save(str(tmp_path / "ckpt"))
        sess.run(block.w.assign(10.0))
        status = ckpt.restore(path)
        status.run_restore_ops(sess)
        status.assert_consumed()
        assert sess.run(block.w) == 1.0
    assert _keys(tf, path) == [
        "_CHECKPOINTABLE_OBJECT_GRAPH", "extra/0" + V, "save_counter" + V,
        "sub/m/d/a..b.Sc" + V, "sub/m/d/z" + V, "sub/m/lst/0" + V, "sub/m/lst/1/k" + V,
        "sub/m/w" + V]


def test_keras_optimizer_slots_and_hyperparameters(tf, tmp_path):
    inputs = tf.keras.Input((3,))
    model = tf.keras.Model(inputs, tf.keras.layers.Dense(2, name="d1")(inputs))
    opt = tf.keras.optimizers.Adam(0.01)
    loss = tf.reduce_mean(model(tf.ones([2, 3])))
    updates = opt.get_updates(loss, model.trainable_weights)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        sess.run(updates)
        path = tf.train.Checkpoint(model=model, kopt=opt).save(str(tmp_path / "ckpt"))
    slot = "/.OPTIMIZER_SLOT/kopt/%s" + V
    w = "model/layer_with_weights-0/"
    assert _keys(tf, path) == [
        "_CHECKPOINTABLE_OBJECT_GRAPH", "kopt/beta_1" + V, "kopt/beta_2" + V, "kopt/decay" + V,
        "kopt/iter" + V, "kopt/learning_rate" + V, w + "bias" + V, w + "bias" + slot % "m",
        w + "bias" + slot % "v", w + "kernel" + V, w + "kernel" + slot % "m",
        w + "kernel" + slot % "v", "save_counter" + V]
    assert tf.train.load_variable(path, "kopt/iter" + V) == 1


def test_keras_save_weights_is_object_based(tf, tmp_path):
    rng = np.random.RandomState(0)
    x, y = rng.rand(8, 3).astype(np.float32), rng.rand(8, 1).astype(np.float32)

    def make():
        model = tf.keras.Sequential([tf.keras.layers.Dense(4, input_shape=(3,)),
                                     tf.keras.layers.BatchNormalization(),
                                     tf.keras.layers.Dense(1)])
        model.compile(optimizer=tf.keras.optimizers.Adam(0.01), loss="mse")
        return model

    model = make()
    model.fit(x, y, epochs=2, batch_size=4, verbose=0)
    model.save_weights(str(tmp_path / "weights"))
    expected = model.predict(x)
    with open(tmp_path / "checkpoint") as f:
        assert f.read() == ('model_checkpoint_path: "weights"\n'
                            'all_model_checkpoint_paths: "weights"\n')
    keys = _keys(tf, str(tmp_path / "weights"))
    assert keys[:4] == ["_CHECKPOINTABLE_OBJECT_GRAPH", "layer_with_weights-0/bias" + V,
                        "layer_with_weights-0/bias/.OPTIMIZER_SLOT/optimizer/m" + V,
                        "layer_with_weights-0/bias/.OPTIMIZER_SLOT/optimizer/v" + V]
    assert "layer_with_weights-1/moving_variance" + V in keys
    assert keys[-5:] == ["optimizer/beta_1" + V, "optimizer/beta_2" + V, "optimizer/decay" + V,
                         "optimizer/iter" + V, "optimizer/learning_rate" + V]
    assert len(keys) == 26
    with tf.Graph().as_default():
        restored = make()
        status = restored.load_weights(str(tmp_path / "weights"))
        assert type(status).__name__ == "CheckpointLoadStatus"
        np.testing.assert_allclose(restored.predict(x), expected, rtol=1e-5, atol=1e-6)
        restored.fit(x, y, epochs=1, batch_size=4, verbose=0)
        assert tf.keras.backend.get_value(restored.optimizer.iterations) == 6


def test_checkpoint_manager(tf, tmp_path):
    d = str(tmp_path)
    v = tf.Variable(1.0, name="v")
    step = tf.train.get_or_create_global_step()
    bump = tf.assign_add(step, 5)
    ckpt = tf.train.Checkpoint(v=v, step=step)
    names = lambda paths: [os.path.basename(p) for p in paths]  # noqa: E731
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        manager = tf.train.CheckpointManager(ckpt, d, max_to_keep=2)
        assert manager.latest_checkpoint is None and manager.checkpoints == []
        assert names(manager.save() for _ in range(3)) == ["ckpt-1", "ckpt-2", "ckpt-3"]
        assert os.path.basename(manager.save(checkpoint_number=step)) == "ckpt-0"
        sess.run(bump)
        assert os.path.basename(manager.save(checkpoint_number=step)) == "ckpt-5"
        assert os.path.basename(manager.save(checkpoint_number=100)) == "ckpt-100"
        assert names(manager.checkpoints) == ["ckpt-5", "ckpt-100"]
        assert sorted(os.listdir(d)) == ["checkpoint", "ckpt-100.data-00000-of-00001",
                                         "ckpt-100.index", "ckpt-5.data-00000-of-00001",
                                         "ckpt-5.index"]
        with open(os.path.join(d, "checkpoint")) as f:
            state = f.read().splitlines()
        assert state[:3] == ['model_checkpoint_path: "ckpt-100"',
                             'all_model_checkpoint_paths: "ckpt-5"',
                             'all_model_checkpoint_paths: "ckpt-100"']
        assert sum(line.startswith("all_model_checkpoint_timestamps: ") for line in state) == 2
        assert state[-1].startswith("last_preserved_timestamp: ")
        assert sess.run(ckpt.save_counter) == 6
        again = tf.train.CheckpointManager(ckpt, d, max_to_keep=3, checkpoint_name="model")
        assert names(again.checkpoints) == ["ckpt-5", "ckpt-100"]
        assert os.path.basename(again.latest_checkpoint) == "ckpt-100"
        assert os.path.basename(again.save()) == "model-7"
        assert names(again.checkpoints) == ["ckpt-5", "ckpt-100", "model-7"]
        assert again.directory == d and again.checkpoint is ckpt
        with pytest.raises(ValueError, match="^Expected a positive integer or `None` for "
                           "`max_to_keep`, got 0.$"):
            tf.train.CheckpointManager(ckpt, d, max_to_keep=0)


def test_checkpoint_options(tf):
    options = tf.train.CheckpointOptions(experimental_io_device="/job:localhost")
    assert options.experimental_io_device == "/job:localhost"
    assert options.experimental_enable_async_checkpoint is False
    assert tf.train.CheckpointOptions().experimental_skip_slot_variables is False


def test_saver_restores_object_based_checkpoint_by_full_name(tf, tmp_path):
    v = tf.Variable([1.0, 2.0], name="v")
    r = tf.get_variable("r", [2], use_resource=True, initializer=tf.ones_initializer())
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        path = tf.train.Checkpoint(v=v, resource=r).save(str(tmp_path / "ckpt"))
    with tf.Graph().as_default():
        v = tf.Variable([0.0, 0.0], name="v")
        r = tf.get_variable("r", [2], use_resource=True, initializer=tf.zeros_initializer())
        with tf.Session() as sess:
            tf.train.Saver([v, r]).restore(sess, path)
            np.testing.assert_array_equal(sess.run(v), [1.0, 2.0])
            np.testing.assert_array_equal(sess.run(r), [1.0, 1.0])
            other = tf.Variable(0.0, name="other")
            with pytest.raises(tf.errors.NotFoundError) as e:
                tf.train.Saver([v, other]).restore(sess, path)
            assert e.value.message.startswith(
                "\n\nExisting variables not in the checkpoint: other\n\nVariables names when "
                "this checkpoint was written which don't exist now: r, save_counter\n\n(1 "
                "variable name(s) did match)\n\nCould not find some variables in the checkpoint")


def test_subclassed_models_rnns_and_tf_layers(tf, tmp_path):
    class Block(tf.keras.layers.Layer):
        def __init__(self):
            super().__init__()
            self.inner = tf.keras.layers.Dense(2)
            self.scale = None

        def build(self, shape):
            self.scale = self.add_weight("scale", shape=[2], initializer="ones")
            super().build(shape)

        def call(self, x):
            return self.inner(x) * self.scale

    class Net(tf.keras.Model):
        def __init__(self):
            super().__init__()
            self.emb = tf.keras.layers.Embedding(10, 3)
            self.lstm = tf.keras.layers.LSTM(4, return_sequences=True)
            self.gru = tf.keras.layers.GRU(2)
            self.blocks = [Block(), Block()]
            self.out = tf.keras.layers.Dense(1)

        def call(self, x):
            h = self.gru(self.lstm(self.emb(x)))
            for block in self.blocks:
                h = block(h)
            return self.out(h)

    net = Net()
    dense = tf.layers.Dense(2, name="tld")
    ckpt = tf.train.Checkpoint(m=net, tl=dense)
    status = ckpt.restore(None)
    y, z = net(tf.constant([[1, 2, 3]])), dense(tf.ones([1, 3]))
    with tf.Session() as sess:
        status.initialize_or_restore(sess)
        path = ckpt.save(str(tmp_path / "c"))
        values = sess.run([y, z])
    assert _keys(tf, path) == ["_CHECKPOINTABLE_OBJECT_GRAPH"] + [k + V for k in (
        "m/blocks/0/inner/bias", "m/blocks/0/inner/kernel", "m/blocks/0/scale",
        "m/blocks/1/inner/bias", "m/blocks/1/inner/kernel", "m/blocks/1/scale",
        "m/emb/embeddings", "m/gru/cell/bias", "m/gru/cell/kernel", "m/gru/cell/recurrent_kernel",
        "m/lstm/cell/bias", "m/lstm/cell/kernel", "m/lstm/cell/recurrent_kernel", "m/out/bias",
        "m/out/kernel", "save_counter", "tl/bias", "tl/kernel")]
    with tf.Graph().as_default():   # restored before the layers are built
        net, dense = Net(), tf.layers.Dense(2, name="tld")
        status = tf.train.Checkpoint(m=net, tl=dense).restore(path)
        y, z = net(tf.constant([[1, 2, 3]])), dense(tf.ones([1, 3]))
        with tf.Session() as sess:
            status.initialize_or_restore(sess)
            status.assert_consumed()
            for a, b in zip(sess.run([y, z]), values):
                np.testing.assert_array_equal(a, b)


def test_keras_wrapped_train_optimizer_keys(tf, tmp_path):
    inputs = tf.keras.Input((3,))
    hidden = tf.keras.layers.Dense(4, activation="relu")(inputs)
    model = tf.keras.Model(inputs, tf.keras.layers.Dense(1, activation="sigmoid")(hidden))
    model.compile(optimizer=tf.train.AdamOptimizer(0.01), loss="binary_crossentropy",
                  metrics=["accuracy"])
    model.fit(np.ones([4, 3], np.float32), np.ones([4, 1], np.float32), verbose=0)
    model.save_weights(str(tmp_path / "w"))
    slot = "/.OPTIMIZER_SLOT/optimizer/optimizer/%s" + V
    expected = ["_CHECKPOINTABLE_OBJECT_GRAPH"]
    for layer in ("layer_with_weights-0/", "layer_with_weights-1/"):
        for name in ("bias", "kernel"):
            expected += [layer + name + V, layer + name + slot % "m", layer + name + slot % "v"]
    expected += ["optimizer/global_step" + V, "optimizer/optimizer/beta1_power" + V,
                 "optimizer/optimizer/beta2_power" + V]
    assert _keys(tf, str(tmp_path)) == expected


def test_write_callbacks(tf, tmp_path):
    v = tf.Variable(1.0, name="v")
    seen = []
    options = tf.train.CheckpointOptions(
        experimental_write_callbacks=[seen.append, lambda: seen.append("no-arg")])
    with tf.Session() as sess:
        sess.run(v.initializer)
        path = tf.train.Checkpoint(v=v).write(str(tmp_path / "w"), options=options)
    assert seen == [path, "no-arg"]


@pytest.mark.tfcompat_only   # TF 2.21 fails here: see known_differences.txt
def test_name_based_checkpoint_restores_by_variable_name(tf, tmp_path):
    v = tf.Variable([1.0, 2.0], name="v")
    w = tf.get_variable("w", [2], use_resource=True, initializer=tf.ones_initializer())
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        path = tf.train.Saver().save(sess, str(tmp_path / "model.ckpt"))
    with tf.Graph().as_default():
        v = tf.Variable([0.0, 0.0], name="v")
        w = tf.get_variable("w", [2], use_resource=True, initializer=tf.zeros_initializer())
        ckpt = tf.train.Checkpoint(v=v, w=w)
        status = ckpt.restore(path)
        assert type(status).__name__ == "NameBasedSaverStatus"
        with tf.Session() as sess:
            with pytest.raises(AssertionError, match="^Object not restored: "):
                status.assert_consumed()
            status.run_restore_ops(sess)   # the save counter is not in a Saver's checkpoint
            np.testing.assert_array_equal(sess.run(v), [1.0, 2.0])
            np.testing.assert_array_equal(sess.run(w), [1.0, 1.0])
            status.assert_consumed()
            ckpt.x = tf.Variable(0.0, name="x")
            with pytest.raises(tf.errors.NotFoundError, match="Key x not found in checkpoint"):
                ckpt.restore(path).run_restore_ops(sess)


@pytest.mark.tfcompat_only   # TF saves the iterator's state (ITERATOR_STATE)
def test_iterators_are_refused_with_a_reason(tf):
    iterator = tf.data.make_one_shot_iterator(tf.data.Dataset.range(3))
    with pytest.raises(ValueError, match="tfcompat does not save the state of tf.data "
                       "iterators"):
        tf.train.Checkpoint(it=iterator)


def test_load_weights_before_a_subclassed_model_is_built(tf, tmp_path):
    class Net(tf.keras.Model):
        def __init__(self):
            super().__init__()
            self.d1 = tf.keras.layers.Dense(3)
            self.d2 = tf.keras.layers.Dense(1)

        def call(self, x):
            return self.d2(self.d1(x))

    x, y = np.arange(6, dtype=np.float32).reshape(2, 3) / 6.0, np.ones([2, 1], np.float32)
    net = Net()
    net.compile(tf.keras.optimizers.SGD(0.1), "mse")
    net.fit(x, y, verbose=0, epochs=3)
    expected = net.predict(x)
    net.save_weights(str(tmp_path / "w"))
    with tf.Graph().as_default():
        net = Net()
        net.compile(tf.keras.optimizers.SGD(0.1), "mse")
        status = net.load_weights(str(tmp_path / "w"))   # nothing built yet: restored later
        np.testing.assert_allclose(net.predict(x), expected, rtol=1e-6)
        with pytest.raises(AssertionError, match=r"^Unresolved object in checkpoint "
                           r"\(root\).optimizer.iter: "):
            status.assert_consumed()
        net.fit(x, y, verbose=0, epochs=1)   # the optimizer's variables: restored when made
        assert tf.keras.backend.get_value(net.optimizer.iterations) == 4
        status.assert_consumed()
