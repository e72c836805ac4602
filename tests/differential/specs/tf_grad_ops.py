"""TF's gradient ops (ReluGrad, SigmoidGrad, BiasAddGrad, BroadcastGradientArgs, ConcatOffset,
StridedSliceGrad, MaxPoolGrad, AvgPoolGrad, FusedBatchNormGradV3, SparseSegmentMeanGrad, ...):
the ops a graph TF built for training holds (tfcompat/ops/tf_grad_ops*.py)."""
import numpy as np
from harness import Arg
from harness import Program
from harness import Spec

_FLOATS = ("float32", "float64")
_TOL = {"float32": (2e-5, 1e-6), "float16": (2e-3, 2e-3), "bfloat16": (2e-2, 2e-2)}


def _pair(a, b, low=None, high=None, b_low=None, b_high=None):
    """The variants of an elementwise (gradient, value) op: both inputs one shape."""
    b_low = low if b_low is None else b_low
    b_high = high if b_high is None else b_high

    def both(shape, **kw):
        return {a: Arg(shape, low=low, high=high, **kw), b: Arg(shape, low=b_low, high=b_high,
                                                               **kw)}
    return {
        "base": both((2, 3)),
        "scalar": both(()),
        "empty": both((0, 3)),
        "noncontig": both((3, 4), noncontig=True),
        "fed": both((2, 2), fed=True),
        "special": {a: Arg((12, 1), value="special"), b: Arg((12, 1), value="special")},
    }


def _mismatch(op, a, b):
    """Shapes [2, 3] and [3, 2]: the activation gradients refuse them at build time, the
    (y, dy) ones run on the flat values (TF cannot build their gradient: not compared)."""
    return Spec(op, {"mismatch": {a: Arg((2, 3)), b: Arg((3, 2))}}, dtypes=_FLOATS, refused=(),
                grad=False)


SPECS = [Spec(op, _pair("gradients", "features"), tol=_TOL)
         for op in ("ReluGrad", "Relu6Grad", "SoftplusGrad")]
# TF registers no gradient for SoftsignGrad (tfcompat differentiates its formula)
SPECS.append(Spec("SoftsignGrad", _pair("gradients", "features"), tol=_TOL, grad=False))
SPECS += [Spec(op, _pair("gradients", "outputs", b_low=-1.0), tol=_TOL)
          for op in ("EluGrad", "SeluGrad")]
SPECS.append(Spec("LeakyReluGrad", dict(
    _pair("gradients", "features"),
    alpha={"args": {"gradients": Arg((2, 3)), "features": Arg((2, 3))},
           "attrs": {"alpha": 0.35}}), tol=_TOL))
SPECS.append(Spec("SigmoidGrad", _pair("y", "dy", low=0.0, high=1.0, b_low=-3.0, b_high=3.0),
                  tol=_TOL))
SPECS += [Spec(op, _pair("y", "dy"), tol=_TOL) for op in ("TanhGrad", "ReciprocalGrad",
                                                            "InvGrad")]
SPECS += [Spec(op, _pair("y", "dy", low=0.2, high=3.0, b_low=-3.0, b_high=3.0), tol=_TOL)
          for op in ("SqrtGrad", "RsqrtGrad")]
SPECS += [_mismatch(op, "gradients", "features") for op in ("ReluGrad", "SoftplusGrad")]
SPECS += [_mismatch(op, "y", "dy") for op in ("SigmoidGrad", "TanhGrad", "SqrtGrad",
                                              "RsqrtGrad", "ReciprocalGrad", "InvGrad")]
# a zero incoming gradient gives 0 even where y is 0 (no 0 * inf)
SPECS += [Spec(op, {"zero_dy": {"args": {"y": Arg((3,), value=[0.0, 2.0, 0.0]),
                                         "dy": Arg((3,), value=[0.0, 0.0, 1.0])},
                                "dtypes": _FLOATS}}, tol=_TOL, grad=False)
          for op in ("SqrtGrad", "RsqrtGrad", "ReciprocalGrad")]

# -- BiasAddGrad ------------------------------------------------------------------------------


def _bias_grad(shape, fmt=None, dtypes=None, **kw):
    return {"args": {"out_backprop": Arg(shape, **kw)},
            "attrs": {"data_format": fmt} if fmt else {}, "dtypes": dtypes}


SPECS.append(Spec("BiasAddGrad", {
    "base": _bias_grad((2, 3)),
    "rank4": _bias_grad((2, 3, 2, 4), dtypes=_FLOATS + ("int32", "float16")),
    "nchw": _bias_grad((2, 3, 2, 2), "NCHW", dtypes=_FLOATS + ("int64",)),
    "nchw_rank2": _bias_grad((2, 3), "NCHW", dtypes=_FLOATS),
    "rank1": _bias_grad((3,), dtypes=_FLOATS),
    "empty": _bias_grad((0, 3), dtypes=_FLOATS),
    "noncontig": _bias_grad((4, 3), noncontig=True, dtypes=_FLOATS),
    "fed": _bias_grad((2, 3), fed=True, dtypes=_FLOATS),
}, tol=dict(_TOL, float16=(1e-2, 1e-2))))

# -- shape arithmetic: BroadcastGradientArgs, StridedSliceGrad --------------------------------


def _bcast(s0, s1):
    return {"s0": Arg((len(s0),), value=s0), "s1": Arg((len(s1),), value=s1)}


SPECS.append(Spec("BroadcastGradientArgs", {
    "one_side": _bcast([2, 1, 3], [4, 1]),
    "ones": _bcast([1, 1], [1]),
    "scalar": _bcast([], [3]),
    "same": _bcast([2, 3], [2, 3]),
    "ranks": _bcast([1], [1, 1, 1]),
    "zero_dim": _bcast([0, 1], [1, 4]),
    "incompatible": _bcast([2, 3], [4]),
    "fed": {"s0": Arg((2,), value=[5, 1], fed=True), "s1": Arg((1,), value=[3], fed=True)},
}))


def _slice_grad(shape, begin, end, strides, dy_shape, **masks):
    n = len(begin)
    return {"args": {"shape": Arg((len(shape),), dtype="int32", value=shape),
                     "begin": Arg((n,), dtype="int32", value=begin),
                     "end": Arg((n,), dtype="int32", value=end),
                     "strides": Arg((n,), dtype="int32", value=strides),
                     "dy": Arg(dy_shape)}, "attrs": masks}


SPECS.append(Spec("StridedSliceGrad", {
    "step2": _slice_grad([4, 5], [0, 1], [4, 5], [2, 2], (2, 2)),
    "negative": _slice_grad([5], [4], [0], [-2], (2,)),
    "masks": _slice_grad([3, 4], [1, 0], [0, 3], [1, 1], (2, 3), end_mask=1),
    "shrink": _slice_grad([3, 4], [1, 0], [2, 4], [1, 1], (4,), shrink_axis_mask=1),
    "new_axis": _slice_grad([3], [0, 0], [1, 3], [1, 1], (1, 3), new_axis_mask=1),
    "ellipsis": _slice_grad([2, 3, 4], [0, 1], [0, 3], [1, 1], (2, 3, 2), ellipsis_mask=1),
    "empty": _slice_grad([3, 4], [1, 0], [1, 4], [1, 1], (0, 4)),
    "bad_dy": _slice_grad([4, 5], [0, 1], [4, 5], [2, 2], (2, 3)),
}, sweep="T", dtypes=("float32", "float64", "int32", "float16"), refused=(), tol=_TOL))

# -- pooling, LRN: orig_output is the max pool of orig_input, as in a real graph ---------------


def _np_max_pool(x, k, s, padding):
    """NHWC / NDHWC max pooling in numpy, TF's SAME padding (never the maximum)."""
    spatial = x.shape[1:-1]
    if padding == "SAME":
        out = [-(-n // st) for n, st in zip(spatial, s)]
        pads = [max((o - 1) * st + kk - n, 0) for o, st, kk, n in zip(out, s, k, spatial)]
        x = np.pad(x, [(0, 0)] + [(p // 2, p - p // 2) for p in pads] + [(0, 0)],
                   constant_values=-np.inf)
    else:
        out = [(n - kk) // st + 1 for n, kk, st in zip(spatial, k, s)]
    y = np.empty((x.shape[0],) + tuple(out) + (x.shape[-1],))
    for pos in np.ndindex(*out):
        window = tuple(slice(p * st, p * st + kk) for p, st, kk in zip(pos, s, k))
        y[(slice(None),) + pos] = x[(slice(None),) + window].max(axis=tuple(
            range(1, 1 + len(k))))
    return y


def _pool(x_shape, k, s, padding, x=None, y_shape=None, **attrs):
    x = np.random.RandomState(len(x_shape)).uniform(-3, 3, x_shape).round(2) if x is None \
        else np.asarray(x, np.float64).reshape(x_shape)
    y = _np_max_pool(x, k[1:-1], s[1:-1], padding)
    grad_shape = y.shape if y_shape is None else y_shape
    return {"args": {"orig_input": Arg(x_shape, value=x, grad=False),
                     "orig_output": Arg(y.shape, value=y, grad=False),
                     "grad": Arg(grad_shape)},
            "attrs": dict(ksize=k, strides=s, padding=padding, **attrs)}


_K2 = [1, 2, 2, 1]
_K3 = [1, 2, 2, 2, 1]
SPECS.append(Spec("MaxPoolGrad", {
    "valid": _pool((2, 4, 4, 3), _K2, _K2, "VALID"),
    "same_overlap": _pool((1, 5, 5, 2), [1, 3, 3, 1], _K2, "SAME"),
    "ties": _pool((1, 2, 3, 1), _K2, [1, 1, 1, 1], "VALID", x=[1, 1, 1, 1, 1, 1]),
    "bad_grad": dict(_pool((2, 4, 4, 3), _K2, _K2, "VALID", y_shape=(2, 2, 3, 3)),
                     dtypes=_FLOATS),
}, dtypes=_FLOATS + ("float16",), refused=(), tol=_TOL))
_V2 = _pool((1, 5, 5, 2), [1, 3, 3, 1], _K2, "SAME")
SPECS.append(Spec("MaxPoolGradV2", {
    "same": {"args": dict(_V2["args"], ksize=Arg((4,), dtype="int32", value=[1, 3, 3, 1]),
                          strides=Arg((4,), dtype="int32", value=_K2)),
             "attrs": {"padding": "SAME"}},
}, dtypes=_FLOATS, refused=(), tol=_TOL))
SPECS.append(Spec("MaxPool3DGrad", {
    "valid": _pool((1, 2, 4, 4, 1), _K3, _K3, "VALID"),
    "same": _pool((1, 3, 3, 3, 2), _K3, _K3, "SAME"),
}, sweep="T", dtypes=("float32",), refused=(), tol=_TOL))
def _grad_grad(x_shape, k, s, padding):
    variant = _pool(x_shape, k, s, padding)
    variant["args"]["grad"] = Arg(x_shape)
    return variant


SPECS.append(Spec("MaxPoolGradGrad", {
    "valid": _grad_grad((2, 4, 4, 3), _K2, _K2, "VALID"),
    "same_overlap": _grad_grad((1, 5, 5, 2), [1, 3, 3, 1], _K2, "SAME"),
    "ties": dict(_grad_grad((1, 2, 3, 1), _K2, [1, 1, 1, 1], "VALID"),
                 args=dict(_pool((1, 2, 3, 1), _K2, [1, 1, 1, 1], "VALID",
                                 x=[1, 1, 1, 1, 1, 1])["args"], grad=Arg((1, 2, 3, 1)))),
}, dtypes=_FLOATS, refused=(), tol=_TOL))
_GG = _grad_grad((1, 5, 5, 2), [1, 3, 3, 1], _K2, "SAME")
SPECS.append(Spec("MaxPoolGradGradV2", {
    "same": {"args": dict(_GG["args"], ksize=Arg((4,), dtype="int32", value=[1, 3, 3, 1]),
                          strides=Arg((4,), dtype="int32", value=_K2)),
             "attrs": {"padding": "SAME"}},
}, dtypes=_FLOATS, refused=(), tol=_TOL, grad=False))  # TF: no gradient for the V2 op
# every maximum of a window gets the gradient; the gradient of that gradient (TF's
# MaxPool3DGradGrad) reads the first maximum only, tfcompat's adds them all: not compared
SPECS.append(Spec("MaxPool3DGrad", {
    "ties": _pool((1, 2, 2, 2, 1), _K3, _K3, "VALID", x=[1, 1, 1, 1, 1, 1, 1, 1]),
}, sweep="T", dtypes=("float32",), refused=(), tol=_TOL, grad=False))


def _avg(x_shape, y_shape, k, s, padding, **attrs):
    return {"args": {"orig_input_shape": Arg((len(x_shape),), dtype="int32", value=x_shape),
                     "grad": Arg(y_shape)},
            "attrs": dict(ksize=k, strides=s, padding=padding, **attrs)}


SPECS.append(Spec("AvgPoolGrad", {
    "valid": _avg((2, 4, 4, 3), (2, 2, 2, 3), _K2, _K2, "VALID"),
    "same_overlap": _avg((1, 5, 5, 2), (1, 3, 3, 2), [1, 3, 3, 1], _K2, "SAME"),
    "nchw": _avg((1, 2, 4, 4), (1, 2, 2, 2), [1, 1, 2, 2], [1, 1, 2, 2], "VALID",
                 data_format="NCHW"),
}, dtypes=_FLOATS + ("float16",), refused=(), tol=_TOL))
SPECS.append(Spec("AvgPool3DGrad", {
    "same": _avg((1, 3, 3, 3, 2), (1, 2, 2, 2, 2), [1, 2, 2, 2, 1], [1, 2, 2, 2, 1], "SAME"),
}, dtypes=("float32",), refused=(), tol=_TOL))
# -- fused batch norm ----------------------------------------------------------------------------


def _bn_grad(x_shape=(2, 3, 3, 4), c=4, train=True, fmt=None, v3=True, u="float32"):
    vec = {"dtype": u} if u else {}
    args = {"y_backprop": Arg(x_shape), "x": Arg(x_shape),
            "scale": Arg((c,), low=0.5, high=2.0, **vec),
            "reserve_space_1": Arg((c,), low=-0.5, high=0.5, grad=False, **vec),
            "reserve_space_2": Arg((c,), low=0.5, high=2.0, grad=False, **vec)}
    if v3:
        args["reserve_space_3"] = Arg((c,), grad=False, **vec)
    attrs = {"is_training": train, "epsilon": 0.001}
    if fmt:
        attrs["data_format"] = fmt
    return {"args": args, "attrs": attrs}


_BN_TOL = {"float32": (1e-4, 1e-5), "float16": (1e-2, 1e-2), "bfloat16": (5e-2, 5e-2)}
SPECS.append(Spec("FusedBatchNormGradV3", {
    "train": _bn_grad(),
    "inference": _bn_grad(train=False),
    "nchw": _bn_grad((2, 4, 3, 3), fmt="NCHW"),
    "rank5": _bn_grad((1, 2, 2, 2, 4), fmt="NDHWC"),
    "bad_channels": _bn_grad(c=3),
}, tol=_BN_TOL, outputs=(0, 1, 2)))
SPECS.append(Spec("FusedBatchNormGradV2", {"train": _bn_grad(v3=False),
                                           "inference": _bn_grad(train=False, v3=False)},
                  tol=_BN_TOL, outputs=(0, 1, 2)))
SPECS.append(Spec("FusedBatchNormGrad", {"train": _bn_grad(v3=False, u=None),
                                         "inference": _bn_grad(train=False, v3=False, u=None)},
                  tol=_BN_TOL, outputs=(0, 1, 2)))

# -- image resizes, MirrorPadGrad -------------------------------------------------------------


def _resize_grad(out_hw, in_hw, **attrs):
    return {"args": {"grads": Arg((1,) + out_hw + (2,), dtype="float32"),
                     "original_image": Arg((1,) + in_hw + (2,), grad=False)}, "attrs": attrs}


_RESIZE = {"up": _resize_grad((5, 6), (3, 4)),
           "down_half_pixel": _resize_grad((2, 3), (4, 5), half_pixel_centers=True),
           "align": _resize_grad((5, 5), (3, 3), align_corners=True)}
# TF registers no gradient (or None) for these three: tfcompat differentiates them
SPECS += [Spec(op, _RESIZE, sweep="T", tol=_TOL, grad=False)
          for op in ("ResizeBilinearGrad", "ResizeBicubicGrad")]
SPECS.append(Spec("ResizeNearestNeighborGrad", {
    "up": {"grads": Arg((1, 5, 6, 2)), "size": Arg((2,), dtype="int32", value=[3, 4])},
    "down": {"args": {"grads": Arg((1, 2, 2, 3)), "size": Arg((2,), dtype="int32",
                                                                  value=[4, 5])},
             "attrs": {"half_pixel_centers": True}},
    "align": {"args": {"grads": Arg((1, 5, 5, 1)), "size": Arg((2,), dtype="int32",
                                                                   value=[3, 3])},
              "attrs": {"align_corners": True}},
}, tol=_TOL, grad=False))
SPECS.append(Spec("MirrorPadGrad", {
    "reflect": {"args": {"input": Arg((5, 7)), "paddings": Arg((2, 2), dtype="int32",
                                                                 value=[[1, 2], [2, 1]])},
                "attrs": {"mode": "REFLECT"}},
    "symmetric": {"args": {"input": Arg((4, 5)), "paddings": Arg((2, 2), dtype="int32",
                                                                   value=[[1, 1], [2, 0]])},
                  "attrs": {"mode": "SYMMETRIC"}},
}, dtypes=_FLOATS + ("int32",), refused=(), tol=_TOL))

# -- sparse segment reductions ----------------------------------------------------------------


def _segment(indices, segment_ids, rows=6, grad_rows=3, v2=False):
    n = len(indices)
    return {"grad": Arg((grad_rows, 2)), "indices": Arg((n,), dtype="int32", value=indices),
            "segment_ids": Arg((n,), dtype="int32", value=segment_ids),
            ("dense_output_dim0" if v2 else "output_dim0"): Arg((), dtype="int32", value=rows)}


def _segment_variants(v2):
    # NOTE: no "empty" case for the V1 ops: TF's kernels return without initialising their
    # output when there are no indices (garbage values, a new one each run); tfcompat's zeros
    empty = {"empty": _segment([], [], v2=v2)} if v2 else {}
    return {"base": _segment([4, 1, 4, 0, 1], [0, 0, 1, 2, 2], v2=v2),
            "gap": _segment([2, 3], [0, 2], v2=v2), **empty,
            "bad_index": {"args": _segment([7], [0], v2=v2), "dtypes": _FLOATS},
            "bad_segment": {"args": _segment([1], [5], v2=v2), "dtypes": _FLOATS}}


# TF registers no gradient for these (tfcompat differentiates them)
SPECS += [Spec(op, _segment_variants(False), tol=_TOL, grad=False)
          for op in ("SparseSegmentSumGrad", "SparseSegmentMeanGrad", "SparseSegmentSqrtNGrad")]
SPECS += [Spec(op + "V2", _segment_variants(True), tol=_TOL, grad=False)
          for op in ("SparseSegmentSumGrad", "SparseSegmentMeanGrad", "SparseSegmentSqrtNGrad")]

# -- list inputs: ConcatOffset, ParallelDynamicStitch ------------------------------------------


def _concat_offset(dim, shapes):
    def build(tf):
        out = tf.raw_ops.ConcatOffset(concat_dim=dim, shape=[tf.constant(s) for s in shapes])
        return {"offset_%d" % i: t for i, t in enumerate(out)}, {}
    return build


def _lrn_grad(dtype):
    def build(tf):
        rng = np.random.RandomState(3)
        x = tf.constant(rng.uniform(-2, 2, (1, 2, 2, 5)), dtype)
        g = tf.constant(rng.uniform(-1, 1, (1, 2, 2, 5)), dtype)
        attrs = dict(depth_radius=2, bias=1.5, alpha=0.3, beta=0.75)
        y = tf.nn.local_response_normalization(x, **attrs)
        return {"dx": tf.raw_ops.LRNGrad(input_grads=g, input_image=x, output_image=y,
                                         **attrs)}, {}
    return build


def _grad_with_argmax(include_batch):
    def build(tf):
        rng = np.random.RandomState(5)
        x = tf.constant(rng.uniform(-2, 2, (2, 4, 4, 3)), tf.float32)
        _, argmax = tf.nn.max_pool_with_argmax(x, [1, 2, 2, 1], [1, 2, 2, 1], "SAME",
                                               include_batch_in_index=include_batch)
        g = tf.constant(rng.uniform(-1, 1, (2, 2, 2, 3)), tf.float32)
        return {"dx": tf.raw_ops.MaxPoolGradWithArgmax(
            input=x, grad=g, argmax=argmax, ksize=[1, 2, 2, 1], strides=[1, 2, 2, 1],
            padding="SAME", include_batch_in_index=include_batch)}, {}
    return build


def _stitch(tf):
    merged = tf.raw_ops.ParallelDynamicStitch(
        indices=[tf.constant([0, 3]), tf.constant([[1, 5], [2, 4]])],
        data=[tf.constant([[1.0, 2.0], [3.0, 4.0]]),
              tf.constant([[[5.0, 6.0], [7.0, 8.0]], [[9.0, 10.0], [11.0, 12.0]]])])
    return {"merged": merged}, {}


PROGRAMS = [
    Program("ConcatOffset.axis1", _concat_offset(1, [[2, 3, 4], [2, 5, 4], [2, 1, 4]]),
            covers=("ConcatOffset",)),
    Program("ConcatOffset.negative_axis", _concat_offset(-1, [[2, 3], [2, 4]]),
            covers=("ConcatOffset",)),
    Program("ConcatOffset.mismatch", _concat_offset(1, [[2, 3, 4], [3, 5, 4]]),
            covers=("ConcatOffset",)),
    Program("ParallelDynamicStitch.base", _stitch, covers=("ParallelDynamicStitch",)),
    Program("MaxPoolGradWithArgmax.base", _grad_with_argmax(False),
            covers=("MaxPoolGradWithArgmax",)),
    Program("MaxPoolGradWithArgmax.batch_in_index", _grad_with_argmax(True),
            covers=("MaxPoolGradWithArgmax",)),
    Program("LRNGrad.float32", _lrn_grad("float32"), covers=("LRNGrad",), tol=(1e-4, 1e-5)),
]

# -- forward ops of older TF1 graphs ---------------------------------------------------------


def _bn_v1(train=True, u="float32"):
    vec = {"dtype": u} if u else {}
    return {"args": {"x": Arg((2, 3, 3, 4)), "scale": Arg((4,), low=0.5, high=2.0, **vec),
                     "offset": Arg((4,), **vec), "mean": Arg((4,), grad=False, **vec),
                     "variance": Arg((4,), low=0.5, high=2.0, grad=False, **vec)},
            "attrs": {"is_training": train, "epsilon": 0.001}}


# out of training TF's CPU kernel leaves the reserve spaces unset: compare y (as for V3)
SPECS += [Spec("FusedBatchNorm", {"train": _bn_v1(u=None)}, tol=_BN_TOL),
          Spec("FusedBatchNorm", {"inference": _bn_v1(False, u=None)}, tol=_BN_TOL,
               outputs=(0,)),
          Spec("FusedBatchNormV2", {"train": _bn_v1()}, tol=_BN_TOL),
          Spec("FusedBatchNormV2", {"inference": _bn_v1(False)}, tol=_BN_TOL, outputs=(0,))]
SPECS.append(Spec("BiasAddV1", {
    "base": {"value": Arg((2, 3)), "bias": Arg((3,))},
    "rank4": {"value": Arg((2, 3, 2, 4)), "bias": Arg((4,))},
    "bad_bias": {"args": {"value": Arg((2, 3)), "bias": Arg((4,))}, "dtypes": _FLOATS},
}, tol=_TOL))

# -- update ops of TF1's contrib optimizers and Keras' Adagrad (tf_training_ops_more.py) --------


def _update(op_type, dtype):
    def build(tf):
        def var(value, name):
            return tf.Variable(np.asarray(value, dtype), name=name, use_resource=False)

        w = var([[0.5, -1.0], [2.0, 0.0]], "w")
        m = var([[0.1, 0.1], [-0.2, 0.0]], "m")
        v = var([[0.2, 0.1], [0.3, 0.05]], "v")
        g = tf.constant(np.asarray([[0.1, -0.2], [0.0, 0.3]], dtype))
        args = {"ApplyAdaMax": dict(var=w, m=m, v=v, beta1_power=0.81, lr=0.1, beta1=0.9,
                                    beta2=0.99, epsilon=1e-7),
                "ApplyAddSign": dict(var=w, m=m, lr=0.1, alpha=1.0, sign_decay=0.5, beta=0.9),
                "ApplyPowerSign": dict(var=w, m=m, lr=0.1, logbase=np.e, sign_decay=0.5,
                                       beta=0.9),
                "ApplyAdagradV2": dict(var=w, accum=v, lr=0.1, epsilon=1e-3)}[op_type]
        args = {k: a if hasattr(a, "op") else tf.constant(a, dtype) for k, a in args.items()}
        step = getattr(tf.raw_ops, op_type)(grad=g, **args)
        return {"w": w, "m": m, "v": v}, {}, [tf.global_variables_initializer(), step, step]
    return build


PROGRAMS += [Program("%s.%s" % (op, dtype), _update(op, dtype), covers=(op,))
             for op in ("ApplyAdaMax", "ApplyAddSign", "ApplyPowerSign", "ApplyAdagradV2")
             for dtype in ("float32", "float64")]
