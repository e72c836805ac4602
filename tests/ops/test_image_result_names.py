"""The tensors tf.image / tf.random_crop / tf.nn.batch_normalization return carry TF's names
(programs print them and look them up by name); names and values printed by TF 2.21 compat.v1,
whose functions here are TF 1.15's."""
import numpy as np
import pytest


def test_result_names(tf):
    x = tf.placeholder(tf.float32, [4, 8, 8, 3], name="img")
    v = tf.placeholder(tf.float32, [4, 6], name="vec")
    assert tf.random_crop(x, [2, 4, 4, 3]).name == "random_crop:0"
    assert tf.image.random_flip_left_right(x[0]).name == "random_flip_left_right/Merge:0"
    assert tf.image.random_flip_up_down(x[0]).name == "random_flip_up_down/Merge:0"
    assert tf.image.rgb_to_grayscale(x).name == "rgb_to_grayscale:0"
    # python numbers for the statistics add in python: no `add` op before the result's
    assert tf.nn.batch_normalization(v, 0.0, 1.0, 0.0, 1.0, 1e-3).name == "batchnorm/add:0"
    mean, var = tf.nn.moments(v, [0])
    assert tf.nn.batch_normalization(v, mean, var, 0.0, 1.0, 1e-3).name == \
        "batchnorm_1/add_1:0"


def test_grayscale_values(tf):
    img = tf.constant(np.arange(12, dtype=np.uint8).reshape(2, 2, 3) * 20)
    gray = tf.image.rgb_to_grayscale(img)
    gray_float = tf.image.rgb_to_grayscale(tf.constant([[[0.1, 0.7, 0.3]]]))
    with tf.Session() as sess:
        got, got_float = sess.run([gray, gray_float])
    assert got.dtype == np.uint8 and got.tolist() == [[[16], [76]], [[136], [196]]]
    assert got_float.dtype == np.float32
    assert got_float.tolist() == [[[0.47499001026153564]]]


def _ops_under(tf, prefix):
    return sorted(o.name for o in tf.get_default_graph().get_operations()
                  if o.name.startswith(prefix) and "cond" not in o.name
                  and "Assert" not in o.name)


def test_flips_transpose_rot90_gate_on_at_least_3d_checks(tf):
    # TF's _AssertAtLeast3DImage: every op sees the image through `<scope>/control_dependency`;
    # tf.image.transpose has a name scope of its own (and a `name`)
    x = tf.placeholder(tf.float32, [None, 2, 2, 1], name="img")
    d = tf.placeholder(tf.float32, [2, None, None, 1], name="dyn")
    assert tf.image.transpose_image(x).name == "transpose/transpose:0"
    assert tf.image.transpose(x, name="tp").name == "tp/tp:0"
    assert tf.image.transpose(d).name == "transpose_1/transpose:0"
    assert _ops_under(tf, "tp/") == ["tp/control_dependency", "tp/tp", "tp/tp/perm"]
    assert tf.image.flip_left_right(x).op.inputs[0].name == "flip_left_right/control_dependency:0"
    assert tf.image.flip_up_down(d).op.inputs[0].op.type == "Identity"
    assert tf.image.rot90(x, 3).op.name == "rot90/cond/Merge"
    assert _ops_under(tf, "rot90/") == [
        "rot90/Cast", "rot90/Const", "rot90/Equal", "rot90/Equal/y", "rot90/Equal_1",
        "rot90/Equal_1/y", "rot90/Equal_2", "rot90/Equal_2/y", "rot90/LessEqual",
        "rot90/control_dependency", "rot90/k", "rot90/mod", "rot90/mod/y", "rot90/preds_c"]
    with tf.Session() as sess:
        with pytest.raises(tf.errors.InvalidArgumentError,
                                         match="inner 3 dims of .'image.shape.' must be > 0."):
            sess.run(tf.image.transpose(d), {d: np.zeros((2, 0, 3, 1))})


def test_random_flips_graph_seed_only_draw_tfs_coins(tf):
    # the op seed comes from the op count, so the batch flip builds exactly TF's ops
    tf.set_random_seed(3)
    x = tf.placeholder(tf.float32, [None, 2, 2, 1], name="img")
    f = tf.image.random_flip_left_right(x)
    g = tf.image.random_flip_up_down(x)
    assert _ops_under(tf, "random_flip_left_right/") == [
        "random_flip_left_right/" + n for n in [
            "Reshape", "Reshape/shape", "Reshape/shape/1", "Reshape/shape/2", "Reshape/shape/3",
            "ReverseV2", "ReverseV2/axis", "Round", "Shape", "add", "control_dependency", "mul",
            "mul_1", "random_uniform/Mul", "random_uniform/RandomUniform", "random_uniform/max",
            "random_uniform/min", "random_uniform/shape", "strided_slice",
            "strided_slice/stack", "strided_slice/stack_1", "strided_slice/stack_2", "sub",
            "sub/x"]]
    with tf.Session() as sess:
        a, b = sess.run([f, g], {x: np.arange(24, dtype=np.float32).reshape(6, 2, 2, 1)})
    assert a[..., 0].reshape(6, 4).tolist() == [
        [0, 1, 2, 3], [5, 4, 7, 6], [9, 8, 11, 10], [13, 12, 15, 14], [16, 17, 18, 19],
        [20, 21, 22, 23]]
    assert b[..., 0].reshape(6, 4).tolist() == [
        [2, 3, 0, 1], [6, 7, 4, 5], [10, 11, 8, 9], [12, 13, 14, 15], [16, 17, 18, 19],
        [22, 23, 20, 21]]


def test_flips_of_unknown_rank_images_cond_on_the_rank(tf):
    # tf.image.decode_image's result has no static rank: TF flips it through a cond on its rank
    x = tf.placeholder(tf.float32)
    flips = [tf.image.flip_left_right(x), tf.image.flip_up_down(x),
             tf.image.random_flip_left_right(x, seed=1)]
    assert [t.name for t in flips] == ["flip_left_right/cond/Merge:0",
                                       "flip_up_down/cond/Merge:0",
                                       "random_flip_left_right/cond/Merge:0"]
    assert all(t.shape.ndims is None for t in flips)
    with tf.Session() as sess:
        got4 = sess.run(flips, {x: np.arange(8.).reshape(2, 2, 2, 1)})
        got3 = sess.run(flips, {x: np.arange(4.).reshape(2, 2, 1)})
    assert [g.ravel().tolist() for g in got4] == [
        [1, 0, 3, 2, 5, 4, 7, 6], [2, 3, 0, 1, 6, 7, 4, 5], [0, 1, 2, 3, 5, 4, 7, 6]]
    assert [g.ravel().tolist() for g in got3] == [[1, 0, 3, 2], [2, 3, 0, 1], [1, 0, 3, 2]]


def test_transpose_and_rot90_of_unknown_rank_batches(tf):
    x = tf.placeholder(tf.float32)
    t, r = tf.image.transpose_image(x), tf.image.rot90(x, 1)
    assert [t.name, r.name] == ["transpose/cond/Merge:0", "rot90/cond/Merge:0"]
    with tf.Session() as sess:
        got = sess.run([t, r], {x: np.arange(8.).reshape(2, 2, 2, 1)})
    assert [g.ravel().tolist() for g in got] == [[0, 2, 1, 3, 4, 6, 5, 7], [1, 3, 0, 2, 5, 7, 4, 6]]


@pytest.mark.tfcompat_only  # TF runs the rank-4 branch's transpose on a 3-D image and fails
def test_transpose_and_rot90_of_unknown_rank_single_images(tf):
    x = tf.placeholder(tf.float32)
    with tf.Session() as sess:
        got = sess.run([tf.image.transpose_image(x), tf.image.rot90(x, 1)],
                       {x: np.arange(4.).reshape(2, 2, 1)})
    assert [g.ravel().tolist() for g in got] == [[0, 2, 1, 3], [1, 3, 0, 2]]
