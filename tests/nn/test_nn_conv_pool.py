"""Convolutions and pools against direct numpy implementations of TF's definitions (SAME pads
floor(total/2) before and the rest after), over odd/even sizes, strides, dilations and both
data formats; static shapes as TF infers them."""
import itertools

import numpy as np
import pytest


def run(tf, fetches, feed=None):
    with tf.Session() as sess:
        return sess.run(fetches, feed)


def _pads(size, k, s, d, padding):
    if padding == "VALID":
        return 0, 0
    eff = (k - 1) * d + 1
    out = -(-size // s)
    total = max((out - 1) * s + eff - size, 0)
    return total // 2, total - total // 2


def np_conv2d(x, w, strides, padding, dilations=(1, 1), depthwise=False):
    """NHWC x, HWIO w (HWIM when depthwise)."""
    n, h, wd, c = x.shape
    kh, kw = w.shape[:2]
    (pt, pb), (pl, pr) = (_pads(h, kh, strides[0], dilations[0], padding),
                          _pads(wd, kw, strides[1], dilations[1], padding))
    xp = np.pad(x, [(0, 0), (pt, pb), (pl, pr), (0, 0)])
    eh, ew = (kh - 1) * dilations[0] + 1, (kw - 1) * dilations[1] + 1
    oh = (xp.shape[1] - eh) // strides[0] + 1
    ow = (xp.shape[2] - ew) // strides[1] + 1
    out_c = c * w.shape[3] if depthwise else w.shape[3]
    out = np.zeros((n, oh, ow, out_c), np.float64)
    for i, j in itertools.product(range(oh), range(ow)):
        patch = xp[:, i * strides[0]:i * strides[0] + eh:dilations[0],
                   j * strides[1]:j * strides[1] + ew:dilations[1], :]
        if depthwise:
            out[:, i, j, :] = np.einsum("nhwc,hwcm->ncm", patch, w).reshape(n, -1)
        else:
            out[:, i, j, :] = np.einsum("nhwc,hwco->no", patch, w)
    return out


def np_pool(x, k, s, padding, kind):
    n, h, wd, c = x.shape
    (pt, pb), (pl, pr) = _pads(h, k[0], s[0], 1, padding), _pads(wd, k[1], s[1], 1, padding)
    fill = -np.inf if kind == "max" else np.nan
    xp = np.pad(x.astype(np.float64), [(0, 0), (pt, pb), (pl, pr), (0, 0)],
                constant_values=fill)
    oh = (xp.shape[1] - k[0]) // s[0] + 1
    ow = (xp.shape[2] - k[1]) // s[1] + 1
    out = np.zeros((n, oh, ow, c))
    for i, j in itertools.product(range(oh), range(ow)):
        patch = xp[:, i * s[0]:i * s[0] + k[0], j * s[1]:j * s[1] + k[1], :]
        out[:, i, j, :] = patch.max(axis=(1, 2)) if kind == "max" else np.nanmean(patch, (1, 2))
    return out


def np_conv2d_transpose(dy, w, out_hw, strides, padding):
    """The gradient of a conv with input size out_hw: scatter each dy element's window."""
    n, oh, ow, _ = dy.shape
    kh, kw, out_c, _ = w.shape
    (pt, _), (pl, _) = (_pads(out_hw[0], kh, strides[0], 1, padding),
                        _pads(out_hw[1], kw, strides[1], 1, padding))
    big = np.zeros((n, out_hw[0] + kh + oh * strides[0], out_hw[1] + kw + ow * strides[1],
                    out_c))
    for i, j in itertools.product(range(oh), range(ow)):
        big[:, i * strides[0]:i * strides[0] + kh, j * strides[1]:j * strides[1] + kw, :] += \
            np.einsum("nc,hwoc->nhwo", dy[:, i, j, :], w)
    return big[:, pt:pt + out_hw[0], pl:pl + out_hw[1], :]


RNG = np.random.RandomState(0)


def _rand(*shape):
    return RNG.uniform(-1, 1, shape).astype(np.float32)


@pytest.mark.parametrize("size,k,s,padding", [
    (h, k, s, p) for h in (5, 6, 7) for k in (1, 2, 3, 4) for s in (1, 2, 3)
    for p in ("SAME", "VALID") if not (p == "VALID" and k > h)])
def test_conv2d_sizes_strides_padding(tf, size, k, s, padding):
    x, w = _rand(2, size, size + 1, 3), _rand(k, k, 3, 2)
    y = tf.nn.conv2d(x, w, [1, s, s, 1], padding)
    expect = np_conv2d(x, w, (s, s), padding)
    assert y.get_shape().as_list() == list(expect.shape)
    np.testing.assert_allclose(run(tf, y), expect, rtol=1e-4, atol=1e-5)


@pytest.mark.parametrize("k,d,padding", [(3, 2, "SAME"), (2, 3, "SAME"), (3, 2, "VALID")])
def test_conv2d_dilations_and_atrous(tf, k, d, padding):
    x, w = _rand(1, 9, 8, 2), _rand(k, k, 2, 3)
    y = tf.nn.conv2d(x, w, [1, 1, 1, 1], padding, dilations=[1, d, d, 1])
    atrous = tf.nn.atrous_conv2d(x, w, d, padding)
    expect = np_conv2d(x, w, (1, 1), padding, (d, d))
    got = run(tf, [y, atrous])
    assert y.get_shape().as_list() == list(expect.shape)
    np.testing.assert_allclose(got[0], expect, rtol=1e-4, atol=1e-5)
    np.testing.assert_allclose(got[1], expect, rtol=1e-4, atol=1e-5)


@pytest.mark.tfcompat_only  # TF's CPU kernels support only NHWC
def test_conv_and_pools_nchw_match_nhwc(tf):
    x, w = _rand(2, 7, 6, 3), _rand(3, 2, 3, 4)
    xc = np.transpose(x, (0, 3, 1, 2))
    t = {"conv": tf.nn.conv2d(xc, w, [1, 1, 2, 2], "SAME", data_format="NCHW"),
         "max": tf.nn.max_pool(xc, [1, 1, 3, 3], [1, 1, 2, 2], "SAME", data_format="NCHW"),
         "avg": tf.nn.avg_pool(xc, [1, 1, 2, 2], [1, 1, 2, 2], "SAME", data_format="NCHW"),
         "bias": tf.nn.bias_add(xc, [1.0, 2.0, 3.0], data_format="NCHW")}
    out = run(tf, t)

    def to_nchw(a):
        return np.transpose(a, (0, 3, 1, 2))

    np.testing.assert_allclose(out["conv"], to_nchw(np_conv2d(x, w, (2, 2), "SAME")), rtol=1e-4,
                               atol=1e-5)
    np.testing.assert_allclose(out["max"], to_nchw(np_pool(x, (3, 3), (2, 2), "SAME", "max")),
                               rtol=1e-6)
    np.testing.assert_allclose(out["avg"], to_nchw(np_pool(x, (2, 2), (2, 2), "SAME", "avg")),
                               rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(out["bias"], xc + np.array([1, 2, 3]).reshape(1, 3, 1, 1))
    assert t["conv"].get_shape().as_list() == [2, 4, 4, 3]


@pytest.mark.parametrize("size,k,s,padding", [
    (h, k, s, p) for h in (4, 5, 7) for k in (2, 3) for s in (1, 2, 3)
    for p in ("SAME", "VALID")])
def test_pools(tf, size, k, s, padding):
    x = _rand(2, size, size + 1, 2)
    mx = tf.nn.max_pool(x, [1, k, k, 1], [1, s, s, 1], padding)
    av = tf.nn.avg_pool(x, [1, k, k, 1], [1, s, s, 1], padding)
    got = run(tf, [mx, av])
    expect_max, expect_avg = np_pool(x, (k, k), (s, s), padding, "max"), \
        np_pool(x, (k, k), (s, s), padding, "avg")
    assert mx.get_shape().as_list() == list(expect_max.shape)
    assert av.get_shape().as_list() == list(expect_avg.shape)
    np.testing.assert_allclose(got[0], expect_max, rtol=1e-6)
    np.testing.assert_allclose(got[1], expect_avg, rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("out_hw,k,s,padding", [
    ((4, 4), 2, 2, "SAME"), ((5, 5), 3, 2, "SAME"), ((6, 7), 3, 2, "SAME"),
    ((5, 6), 2, 2, "VALID"), ((7, 7), 3, 2, "VALID"), ((6, 6), 1, 2, "VALID"),
    ((9, 8), 4, 3, "SAME")])
def test_conv2d_transpose(tf, out_hw, k, s, padding):
    in_h = -(-out_hw[0] // s) if padding == "SAME" else (out_hw[0] - k) // s + 1
    in_w = -(-out_hw[1] // s) if padding == "SAME" else (out_hw[1] - k) // s + 1
    dy, w = _rand(2, in_h, in_w, 3), _rand(k, k, 4, 3)
    y = tf.nn.conv2d_transpose(dy, w, [2, out_hw[0], out_hw[1], 4], [1, s, s, 1], padding)
    assert y.get_shape().as_list() == [2, out_hw[0], out_hw[1], 4]
    np.testing.assert_allclose(run(tf, y), np_conv2d_transpose(dy, w, out_hw, (s, s), padding),
                               rtol=1e-4, atol=1e-5)


def test_depthwise_separable_and_conv1d(tf):
    x, dw, pw = _rand(2, 6, 5, 3), _rand(3, 3, 3, 2), _rand(1, 1, 6, 4)
    depth = tf.nn.depthwise_conv2d(x, dw, [1, 2, 2, 1], "SAME")
    sep = tf.nn.separable_conv2d(x, dw, pw, [1, 1, 1, 1], "VALID")
    seq, k1 = _rand(2, 9, 3), _rand(3, 3, 5)
    c1 = tf.nn.conv1d(seq, k1, 2, "SAME")
    out = run(tf, {"depth": depth, "sep": sep, "c1": c1})
    expect_depth = np_conv2d(x, dw, (2, 2), "SAME", depthwise=True)
    expect_sep = np_conv2d(np_conv2d(x, dw, (1, 1), "VALID", depthwise=True), pw, (1, 1),
                           "VALID")
    expect_c1 = np_conv2d(seq[:, None], k1[None], (1, 2), "SAME")[:, 0]
    assert depth.get_shape().as_list() == [2, 3, 3, 6]
    assert sep.get_shape().as_list() == [2, 4, 3, 4]
    assert c1.get_shape().as_list() == [2, 5, 5]
    np.testing.assert_allclose(out["depth"], expect_depth, rtol=1e-4, atol=1e-5)
    np.testing.assert_allclose(out["sep"], expect_sep, rtol=1e-4, atol=1e-5)
    np.testing.assert_allclose(out["c1"], expect_c1, rtol=1e-4, atol=1e-5)


def test_conv3d_and_pool3d(tf):
    x, w = _rand(1, 4, 5, 3, 2), _rand(2, 3, 2, 2, 3)
    y = tf.nn.conv3d(x, w, [1, 1, 2, 1, 1], "SAME")
    mp = tf.nn.max_pool3d(x, [1, 2, 2, 2, 1], [1, 2, 2, 2, 1], "SAME")
    ap = tf.nn.avg_pool3d(x, [1, 2, 2, 2, 1], [1, 2, 2, 2, 1], "VALID")
    got = run(tf, [y, mp, ap])
    # reference: each depth slice is a 2-D conv, summed over the depth taps
    pads = _pads(4, 2, 1, 1, "SAME")
    xp = np.pad(x, [(0, 0), pads, (0, 0), (0, 0), (0, 0)])
    expect = sum(np.stack([np_conv2d(xp[:, d + t], w[t], (2, 1), "SAME") for d in range(4)], 1)
                 for t in range(2))
    assert y.get_shape().as_list() == [1, 4, 3, 3, 3]
    np.testing.assert_allclose(got[0], expect, rtol=1e-4, atol=1e-5)
    assert mp.get_shape().as_list() == [1, 2, 3, 2, 2]
    assert ap.get_shape().as_list() == [1, 2, 2, 1, 2]
    np.testing.assert_allclose(got[2][0, 0, 0, 0], x[0, :2, :2, :2].mean(axis=(0, 1, 2)),
                               rtol=1e-5)
    np.testing.assert_allclose(got[1][0, 1, 2, 1], x[0, 2:4, 4:5, 2:3].max(axis=(0, 1, 2)))


def test_max_pool_with_argmax(tf):
    x = np.array([[[[1.0, 9.0], [2.0, 0.0], [5.0, 1.0]],
                   [[3.0, 4.0], [7.0, 2.0], [0.0, 8.0]]]], np.float32)  # 1x2x3x2
    out, argmax = tf.nn.max_pool_with_argmax(x, [1, 2, 2, 1], [1, 2, 2, 1], "SAME")
    values, idx = run(tf, [out, argmax])
    assert values.tolist() == [[[[7.0, 9.0], [5.0, 8.0]]]]
    assert idx.tolist() == [[[[8, 1], [4, 11]]]]
    assert argmax.dtype == tf.int64


def test_static_shapes_unknown_dims(tf):
    x = tf.placeholder(tf.float32, [None, 28, 28, 1])
    w = tf.zeros([5, 5, 1, 32])
    h = tf.nn.max_pool(tf.nn.conv2d(x, w, [1, 1, 1, 1], "SAME"), [1, 2, 2, 1], [1, 2, 2, 1],
                       "SAME")
    assert h.get_shape().as_list() == [None, 14, 14, 32]
    v = tf.nn.conv2d(tf.placeholder(tf.float32, [None, None, 7, 3]), tf.zeros([3, 3, 3, 8]),
                     [1, 2, 2, 1], "VALID")
    assert v.get_shape().as_list() == [None, None, 3, 8]


def test_valid_conv_larger_than_input_is_shape_error(tf):
    with pytest.raises(ValueError) as info:
        tf.nn.conv2d(tf.zeros([1, 2, 2, 1]), tf.zeros([3, 3, 1, 1]), [1, 1, 1, 1], "VALID")
    assert "Negative dimension size caused by subtracting 3 from 2" in str(info.value)
