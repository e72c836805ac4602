"""ImageProjectiveTransformV2/V3 (TF 1.15 tf.contrib.image's kernel) over every dtype, both
interpolations and every fill mode, with TF's image gradient; and the cuDNN params ops
(CudnnRNNParamsSize, CudnnRNNCanonicalToParams(V2), CudnnRNNParamsToCanonical(V2)), which TF
registers for GPUs only: under TF the program builds the documented layout (per layer and
direction: the gates' input weights, their recurrent weights, then the two sets of biases)
with core ops, and the numbers must agree."""
import numpy as np

from harness import Arg
from harness import Program
from harness import Spec

_T1 = [[1.1, 0.3, -0.6, 0.2, 0.9, 0.7, 0.01, 0.02]]
_T2 = [[0.9, 0.2, 7.3, -0.3, 1.1, -8.2, 0.001, -0.002],
       [1.3, -0.4, -9.1, 0.5, 0.8, 12.5, 0.0, 0.003]]


def _transform(transforms, shape, interpolation, fill_mode, images=(2, 4, 5, 3), fed=False):
    return {"args": {"images": Arg(images, low=-5, high=5, fed=fed),
                     "transforms": Arg((len(transforms), 8), dtype="float32", value=transforms,
                                       grad=False),
                     "output_shape": Arg((2,), dtype="int32", value=shape)},
            "attrs": {"interpolation": interpolation, "fill_mode": fill_mode}}


def _variants():
    out = {}
    for interpolation in ("NEAREST", "BILINEAR"):
        for fill_mode in ("CONSTANT", "REFLECT", "WRAP", "NEAREST"):
            key = "%s_%s" % (interpolation.lower(), fill_mode.lower())
            out[key] = _transform(_T1, [3, 6], interpolation, fill_mode)
            out[key + "_batch"] = _transform(_T2, [4, 7], interpolation, fill_mode)
    out["fed"] = _transform(_T2, [3, 3], "BILINEAR", "CONSTANT", fed=True)
    out["bad_transforms"] = _transform([[1.0] * 8] * 3, [3, 3], "NEAREST", "CONSTANT")
    out["bad_output_shape"] = _transform(_T1, [0, 3], "NEAREST", "CONSTANT")
    return out


def _v3_variants():
    out = {}
    for interpolation in ("NEAREST", "BILINEAR"):
        for fill_mode in ("CONSTANT", "REFLECT"):
            variant = _transform(_T2, [4, 7], interpolation, fill_mode)
            variant["args"]["fill_value"] = Arg((), dtype="float32", value=2.5, grad=False)
            out["%s_%s" % (interpolation.lower(), fill_mode.lower())] = variant
    return out


_TOL = {"*": (1e-4, 1e-4), "float16": (5e-3, 2e-2), "bfloat16": (2e-2, 1e-1)}
SPECS = [Spec("ImageProjectiveTransformV2", _variants(), sweep="dtype", tol=_TOL),
         Spec("ImageProjectiveTransformV3", _v3_variants(), sweep="dtype", tol=_TOL)]

_GATES = {"lstm": 4, "gru": 3, "rnn_tanh": 1}


def _shapes(mode, layers, units, input_size, dirs):
    weights, biases = [], []
    for layer in range(layers):
        width = input_size if layer == 0 else units * dirs
        for _ in range(dirs):
            weights += [[units, width]] * _GATES[mode] + [[units, units]] * _GATES[mode]
            biases += [[units]] * (2 * _GATES[mode])
    return weights, biases


def _layout(tf, weights, biases, per):
    """Under TF: the opaque buffer as the documented layout, built with core ops."""
    parts = []
    for k in range(len(weights) // per):
        parts += [tf.reshape(w, [-1]) for w in weights[k * per:(k + 1) * per]]
        parts += biases[k * per:(k + 1) * per]
    return tf.concat(parts, 0)


def _params(mode, direction, v2, tf):
    dirs = 2 if direction == "bidirectional" else 1
    ws, bs = _shapes(mode, 2, 3, 4, dirs)
    weights = [tf.constant((np.sin(np.arange(a * b) + i) * 0.5).reshape(a, b).astype(np.float32))
               for i, (a, b) in enumerate(ws)]
    biases = [tf.constant(np.cos(np.arange(n) * (i + 1)).astype(np.float32))
              for i, (n,) in enumerate(bs)]
    attrs = dict(rnn_mode=mode, direction=direction)
    if hasattr(tf, "contrib"):     # tfcompat: the ops themselves
        to_params = tf.raw_ops.CudnnRNNCanonicalToParamsV2 if v2 else \
            tf.raw_ops.CudnnRNNCanonicalToParams
        to_canonical = tf.raw_ops.CudnnRNNParamsToCanonicalV2 if v2 else \
            tf.raw_ops.CudnnRNNParamsToCanonical
        counts = dict(num_params_weights=len(ws), num_params_biases=len(bs)) if v2 else \
            dict(num_params=len(ws))
        params = to_params(num_layers=2, num_units=3, input_size=4, weights=weights,
                           biases=biases, **attrs)
        back = to_canonical(num_layers=2, num_units=3, input_size=4, params=params * 2.0,
                            **counts, **attrs)
        back = list(back[0]) + list(back[1]) if len(back) == 2 else list(back)
        size = tf.raw_ops.CudnnRNNParamsSize(num_layers=2, num_units=3, input_size=4,
                                             T=tf.float32, S=tf.int32, **attrs)
    else:                          # TF (GPU-only kernels): the documented layout
        params = _layout(tf, weights, biases, 2 * _GATES[mode])
        back = [t * 2.0 for t in weights + biases]
        size = tf.size(params, out_type=tf.int32)[None]
    fetches = {"params": params, "size": size}
    fetches.update(("canonical_%d" % i, t) for i, t in enumerate(back))
    # static shapes differ by construction (TF's reference is built from constants)
    return {k: tf.placeholder_with_default(t, [None] * t.shape.ndims)
            for k, t in fetches.items()}, {}


def _program(mode, direction, v2):
    covers = ("CudnnRNNParamsSize",) + (
        ("CudnnRNNCanonicalToParamsV2", "CudnnRNNParamsToCanonicalV2") if v2 else
        ("CudnnRNNCanonicalToParams", "CudnnRNNParamsToCanonical"))
    return Program("cudnn_params_%s_%s%s" % (mode, direction, "_v2" if v2 else ""),
                   lambda tf: _params(mode, direction, v2, tf), covers=covers)


PROGRAMS = [_program("lstm", "unidirectional", False), _program("gru", "bidirectional", False),
            _program("rnn_tanh", "bidirectional", True)]
