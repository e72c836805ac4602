"""Convolutions (Conv2D, Conv3D, DepthwiseConv2dNative and the backprop ops used as transposed
convolutions) and pools (MaxPool, AvgPool, MaxPool3D, AvgPool3D, MaxPoolWithArgmax): SAME/VALID/
EXPLICIT padding, strides, dilations, NHWC and NCHW (TF's CPU kernels refuse most NCHW at run
time: compared too), empty batches, non-contiguous and fed inputs, and their gradients. The
expensive variants run in float32/float64 only; the base variant runs in every allowed dtype."""
import numpy as np

from harness import Arg
from harness import Program
from harness import Spec

_F = ("float32", "float64")
_TOL = {"float32": (1e-4, 1e-5), "float64": (1e-10, 1e-12), "float16": (1e-2, 2e-2),
        "bfloat16": (5e-2, 1e-1), "*": (1e-5, 1e-6)}
_X4 = (2, 5, 5, 3)
# NaN and infinities, no huge finite values: whether an overflowing product turns a sum into
# NaN or inf depends on the kernel's order of operations (and on FMA)
_NONFINITE = [float("nan"), float("inf"), float("-inf"), 0.0, 1.0, -1.0, 0.5, -2.5, 2.0, -7.0]


def _nonfinite(size):
    return [_NONFINITE[i % len(_NONFINITE)] for i in range(size)]


# -- Conv2D, DepthwiseConv2dNative, Conv3D ----------------------------------------------------


def _conv(xshape, wshape, strides=(1, 1, 1, 1), padding="VALID", dtypes=_F, x=None, w=None,
          **attrs):
    args = {"input": Arg(xshape, **(x or {})), "filter": Arg(wshape, **(w or {}))}
    return {"args": args, "attrs": dict(attrs, strides=list(strides), padding=padding),
            "dtypes": dtypes}


def _conv2d_variants(depthwise=False):
    m = 2 if depthwise else 4          # channel multiplier / output depth
    v = {
        "base": _conv(_X4, (3, 3, 3, m), dtypes=None),
        "same": _conv((1, 6, 7, 3), (3, 2, 3, m), padding="SAME"),
        "same_stride2": _conv((1, 6, 7, 3), (3, 3, 3, m), (1, 2, 2, 1), "SAME"),
        "same_stride3": _conv((1, 7, 5, 3), (2, 4, 3, m), (1, 3, 2, 1), "SAME"),
        "valid_stride2": _conv((2, 7, 6, 3), (3, 2, 3, m), (1, 2, 3, 1)),
        "dilated_valid": _conv((1, 7, 7, 3), (2, 3, 3, m), dilations=[1, 2, 3, 1]),
        "dilated_same": _conv((1, 6, 5, 3), (3, 3, 3, m), padding="SAME",
                              dilations=[1, 2, 2, 1]),
        "explicit": _conv(_X4, (3, 3, 3, m), padding="EXPLICIT",
                          explicit_paddings=[0, 0, 1, 2, 0, 1, 0, 0]),
        "kernel_bigger_same": _conv((1, 2, 2, 3), (3, 3, 3, m), padding="SAME"),
        "kernel_too_big": _conv((1, 2, 2, 3), (3, 3, 3, m)),
        "one_by_one": _conv((2, 3, 4, 3), (1, 1, 3, m), (1, 2, 1, 1)),
        "empty_batch": _conv((0, 4, 4, 3), (2, 2, 3, m)) if not depthwise else None,
        "noncontig": _conv(_X4, (3, 3, 3, m), x={"noncontig": True}, w={"noncontig": True}),
        "fed": _conv(_X4, (3, 3, 3, m), x={"fed": True}),
        "fed_filter": _conv(_X4, (3, 3, 3, m), w={"fed": True}, padding="SAME"),
        "special": _conv((1, 3, 4, 3), (2, 2, 3, m), x={"value": _nonfinite(36)}),
        "nchw": _conv((2, 3, 5, 5), (3, 3, 3, m), data_format="NCHW"),
        "depth_mismatch": _conv(_X4, (3, 3, 2, m)),
        "stride_batch": _conv(_X4, (3, 3, 3, m), (2, 1, 1, 1)),
        "rank3": _conv((5, 5, 3), (3, 3, 3, m)),
        "bad_padding": _conv(_X4, (3, 3, 3, m), padding="FULL"),
        "bad_format": _conv(_X4, (3, 3, 3, m), data_format="NWHC"),
        "strides_length": _conv(_X4, (3, 3, 3, m), (1, 1, 1)),
        "dilations_length": _conv(_X4, (3, 3, 3, m), dilations=[1, 1, 1]),
        "stride_zero": _conv(_X4, (3, 3, 3, m), (1, 0, 1, 1)),
        "dilation_zero": _conv(_X4, (3, 3, 3, m), dilations=[1, 1, 0, 1]),
        "dilation_depth": _conv(_X4, (3, 3, 3, m), dilations=[1, 1, 1, 2]),
        "explicit_with_same": _conv(_X4, (3, 3, 3, m), padding="SAME",
                                    explicit_paddings=[0, 0, 1, 1, 1, 1, 0, 0]),
        "explicit_length": _conv(_X4, (3, 3, 3, m), padding="EXPLICIT",
                                 explicit_paddings=[0, 0, 1, 1]),
        "explicit_negative": _conv(_X4, (3, 3, 3, m), padding="EXPLICIT",
                                   explicit_paddings=[0, 0, -1, 1, 1, 1, 0, 0]),
        "explicit_batch": _conv(_X4, (3, 3, 3, m), padding="EXPLICIT",
                                explicit_paddings=[1, 0, 1, 1, 1, 1, 0, 0]),
    }
    v = {name: variant for name, variant in v.items() if variant is not None}
    if not depthwise:
        v["groups"] = _conv((1, 4, 4, 4), (2, 2, 2, 6))
        v["groups_bad_output"] = _conv((1, 4, 4, 4), (2, 2, 2, 5))
        v["dilation_and_stride"] = _conv((1, 7, 7, 3), (2, 2, 3, 4), (1, 2, 2, 1),
                                         dilations=[1, 2, 2, 1])
    return v


SPECS = [
    Spec("Conv2D", _conv2d_variants(), tol=_TOL),
    Spec("DepthwiseConv2dNative", _conv2d_variants(depthwise=True), tol=_TOL),
    # TF's CPU filter gradient of an empty batch is uninitialised memory: values only
    Spec("DepthwiseConv2dNative", {"empty_batch_values": _conv((0, 4, 4, 3), (2, 2, 3, 2))},
         tol=_TOL, grad=False),
    Spec("Conv3D", {
        "base": _conv((1, 4, 4, 3, 2), (2, 2, 2, 2, 3), (1, 1, 1, 1, 1), dtypes=None),
        "same_stride2": _conv((2, 4, 5, 3, 2), (3, 2, 2, 2, 2), (1, 2, 2, 1, 1), "SAME"),
        "valid_stride": _conv((1, 5, 4, 4, 2), (2, 3, 2, 2, 1), (1, 2, 1, 2, 1)),
        "dilated": _conv((1, 5, 5, 5, 1), (2, 2, 2, 1, 2), (1, 1, 1, 1, 1),
                         dilations=[1, 2, 2, 1, 1]),
        "empty_batch": _conv((0, 3, 3, 3, 2), (2, 2, 2, 2, 3), (1, 1, 1, 1, 1)),
        "noncontig": _conv((1, 3, 4, 3, 2), (2, 2, 2, 2, 3), (1, 1, 1, 1, 1),
                           x={"noncontig": True}),
        "fed": _conv((1, 3, 4, 3, 2), (2, 2, 2, 2, 3), (1, 1, 1, 1, 1), x={"fed": True}),
        "ncdhw": _conv((1, 2, 3, 3, 3), (2, 2, 2, 2, 3), (1, 1, 1, 1, 1),
                       data_format="NCDHW"),
        "kernel_too_big": _conv((1, 2, 2, 2, 2), (3, 2, 2, 2, 3), (1, 1, 1, 1, 1)),
        "stride_batch": _conv((2, 3, 3, 3, 2), (2, 2, 2, 2, 3), (2, 1, 1, 1, 1)),
        "explicit_refused": _conv((1, 3, 3, 3, 2), (2, 2, 2, 2, 3), (1, 1, 1, 1, 1), "EXPLICIT"),
        "strides_length": _conv((1, 3, 3, 3, 2), (2, 2, 2, 2, 3), (1, 1, 1, 1)),
    }, tol=dict(_TOL, bfloat16=(5e-2, 0.3))),
]

# -- Conv2DBackpropInput / Filter, Conv3DBackpropInputV2 --------------------------------------


def _back_input(sizes, wshape, dyshape, strides=(1, 1, 1, 1), padding="VALID", dtypes=_F,
                sizes_dtype="int32", fed=False, **attrs):
    args = {"input_sizes": Arg((len(sizes),), dtype=sizes_dtype, value=sizes, fed=fed),
            "filter": Arg(wshape), "out_backprop": Arg(dyshape)}
    return {"args": args, "attrs": dict(attrs, strides=list(strides), padding=padding),
            "dtypes": dtypes}


SPECS.append(Spec("Conv2DBackpropInput", {
    "base": _back_input([2, 5, 5, 3], (3, 3, 3, 4), (2, 3, 3, 4), dtypes=None),
    "same_stride2": _back_input([1, 6, 7, 3], (3, 3, 3, 2), (1, 3, 4, 2), (1, 2, 2, 1), "SAME"),
    "same_stride2_even": _back_input([1, 6, 6, 2], (3, 3, 2, 2), (1, 3, 3, 2), (1, 2, 2, 1),
                                     "SAME"),
    "valid_stride3": _back_input([1, 8, 7, 2], (2, 2, 2, 3), (1, 3, 2, 3), (1, 3, 3, 1)),
    "dilated": _back_input([1, 6, 6, 2], (2, 2, 2, 3), (1, 4, 4, 3), dilations=[1, 2, 2, 1]),
    "explicit": _back_input([1, 4, 4, 2], (3, 3, 2, 2), (1, 6, 3, 2), padding="EXPLICIT",
                            explicit_paddings=[0, 0, 2, 2, 1, 0, 0, 0]),
    "spatial_sizes": _back_input([5, 5], (3, 3, 3, 4), (2, 3, 3, 4)),
    "fed_sizes": _back_input([2, 5, 5, 3], (3, 3, 3, 4), (2, 3, 3, 4), fed=True),
    "empty_batch": _back_input([0, 5, 5, 3], (3, 3, 3, 4), (0, 3, 3, 4)),
    "nchw": _back_input([2, 3, 5, 5], (3, 3, 3, 4), (2, 4, 3, 3), data_format="NCHW"),
    "bad_out_size": _back_input([2, 5, 5, 3], (3, 3, 3, 4), (2, 4, 4, 4)),
    "bad_sizes_length": _back_input([2, 5, 5], (3, 3, 3, 4), (2, 3, 3, 4)),
    "bad_explicit_size": _back_input([1, 4, 4, 2], (3, 3, 2, 2), (1, 5, 3, 2),
                                     padding="EXPLICIT",
                                     explicit_paddings=[0, 0, 2, 2, 1, 0, 0, 0]),
    "depth_mismatch": _back_input([2, 5, 5, 3], (3, 3, 3, 4), (2, 3, 3, 5)),
    "batch_mismatch": _back_input([1, 5, 5, 3], (3, 3, 3, 4), (2, 3, 3, 4)),
    "depth_not_multiple": _back_input([2, 5, 5, 2], (3, 3, 3, 4), (2, 3, 3, 4)),
}, tol=_TOL))

SPECS.append(Spec("Conv2DBackpropFilter", {
    "base": {"args": {"input": Arg(_X4), "filter_sizes": Arg((4,), "int32", [3, 3, 3, 4]),
                      "out_backprop": Arg((2, 3, 3, 4))},
             "attrs": {"strides": [1, 1, 1, 1], "padding": "VALID"}},
    "same_stride2": {"args": {"input": Arg((1, 6, 7, 3)),
                              "filter_sizes": Arg((4,), "int32", [3, 3, 3, 2]),
                              "out_backprop": Arg((1, 3, 4, 2))},
                     "attrs": {"strides": [1, 2, 2, 1], "padding": "SAME"}, "dtypes": _F},
    "dilated": {"args": {"input": Arg((1, 6, 6, 2)),
                         "filter_sizes": Arg((4,), "int32", [2, 2, 2, 3]),
                         "out_backprop": Arg((1, 4, 4, 3))},
                "attrs": {"strides": [1, 1, 1, 1], "padding": "VALID",
                          "dilations": [1, 2, 2, 1]}, "dtypes": _F},
    "empty_batch": {"args": {"input": Arg((0, 5, 5, 3)),
                             "filter_sizes": Arg((4,), "int32", [3, 3, 3, 4]),
                             "out_backprop": Arg((0, 3, 3, 4))},
                    "attrs": {"strides": [1, 1, 1, 1], "padding": "VALID"}, "dtypes": _F},
    "fed_sizes": {"args": {"input": Arg(_X4),
                           "filter_sizes": Arg((4,), "int32", [3, 3, 3, 4], fed=True),
                           "out_backprop": Arg((2, 3, 3, 4))},
                  "attrs": {"strides": [1, 1, 1, 1], "padding": "VALID"}, "dtypes": _F},
    "bad_out_size": {"args": {"input": Arg(_X4), "filter_sizes": Arg((4,), "int32", [3, 3, 3, 4]),
                              "out_backprop": Arg((2, 4, 3, 4))},
                     "attrs": {"strides": [1, 1, 1, 1], "padding": "VALID"}, "dtypes": _F},
    "sizes_length": {"args": {"input": Arg(_X4), "filter_sizes": Arg((2,), "int32", [3, 3]),
                              "out_backprop": Arg((2, 3, 3, 4))},
                     "attrs": {"strides": [1, 1, 1, 1], "padding": "VALID"}, "dtypes": _F},
    "depth_not_multiple": {"args": {"input": Arg(_X4),
                                    "filter_sizes": Arg((4,), "int32", [3, 3, 2, 4]),
                                    "out_backprop": Arg((2, 3, 3, 4))},
                           "attrs": {"strides": [1, 1, 1, 1], "padding": "VALID"}, "dtypes": _F},
    "explicit": {"args": {"input": Arg(_X4), "filter_sizes": Arg((4,), "int32", [3, 3, 3, 4]),
                          "out_backprop": Arg((2, 5, 4, 4))},
                 "attrs": {"strides": [1, 1, 1, 1], "padding": "EXPLICIT",
                           "explicit_paddings": [0, 0, 1, 1, 1, 0, 0, 0]}, "dtypes": _F},
}, tol=_TOL))

SPECS.append(Spec("Conv3DBackpropInputV2", {
    "base": _back_input([1, 4, 4, 3, 2], (2, 2, 2, 2, 3), (1, 3, 3, 2, 3), (1, 1, 1, 1, 1),
                        dtypes=None),
    "same_stride2": _back_input([1, 5, 4, 3, 2], (3, 2, 2, 2, 2), (1, 3, 2, 2, 2),
                                (1, 2, 2, 2, 1), "SAME"),
    "int64_sizes": _back_input([1, 4, 4, 3, 2], (2, 2, 2, 2, 3), (1, 3, 3, 2, 3),
                               (1, 1, 1, 1, 1), sizes_dtype="int64"),
    "empty_batch": _back_input([0, 4, 4, 3, 2], (2, 2, 2, 2, 3), (0, 3, 3, 2, 3),
                               (1, 1, 1, 1, 1)),
    "ncdhw": _back_input([1, 2, 4, 4, 3], (2, 2, 2, 2, 3), (1, 3, 3, 3, 2), (1, 1, 1, 1, 1),
                         data_format="NCDHW"),
    "bad_out_size": _back_input([1, 4, 4, 4, 2], (2, 2, 2, 2, 3), (1, 3, 3, 2, 3),
                                (1, 1, 1, 1, 1)),
    "sizes_length": _back_input([1, 4, 4, 4], (2, 2, 2, 2, 3), (1, 3, 3, 3, 3),
                                (1, 1, 1, 1, 1)),
}, sweep="T", tol=_TOL))

# -- pools ------------------------------------------------------------------------------------


def _pool(xshape, ksize, strides, padding="VALID", dtypes=_F, name="input", **kw):
    attrs = {"ksize": list(ksize), "strides": list(strides), "padding": padding}
    attrs.update({k: v for k, v in kw.items() if k in ("data_format", "explicit_paddings",
                                                        "Targmax", "include_batch_in_index")})
    arg = {k: v for k, v in kw.items() if k in ("value", "noncontig", "fed", "low", "high")}
    return {"args": {name: Arg(xshape, **arg)}, "attrs": attrs, "dtypes": dtypes}


_INFS = [float("inf"), 1.0, float("-inf"), 0.0, -1.0, 3e38, -3e38, 2.5, float("-inf"),
         float("-inf"), 7.0, -2.0]
# ties (equal maxima) exercise which input the max-pool gradient goes to
_TIES = [1.0, 3.0, 3.0, 0.0, 2.0, 3.0, -1.0, 3.0, 5.0, 5.0, 0.0, 5.0, 4.0, 4.0, 4.0, 4.0]


def _pool2d_variants(name="input", max_pool=True):
    def p(*a, **kw):
        return _pool(*a, name=name, **kw)
    v = {
        "base": p((2, 4, 4, 3), (1, 2, 2, 1), (1, 2, 2, 1), dtypes=None),
        "same_3x3_s2": p((1, 5, 6, 2), (1, 3, 3, 1), (1, 2, 2, 1), "SAME"),
        "same_odd": p((1, 7, 5, 2), (1, 2, 4, 1), (1, 3, 2, 1), "SAME"),
        "valid_overlap": p((2, 5, 5, 2), (1, 3, 2, 1), (1, 1, 2, 1)),
        "window_bigger_same": p((1, 2, 3, 2), (1, 4, 4, 1), (1, 1, 1, 1), "SAME"),
        "window_too_big": p((1, 2, 3, 2), (1, 4, 4, 1), (1, 1, 1, 1)),
        "k1_s3": p((1, 5, 5, 2), (1, 1, 1, 1), (1, 3, 3, 1)),
        "empty_batch": p((0, 4, 4, 2), (1, 2, 2, 1), (1, 2, 2, 1)),
        "noncontig": p((2, 4, 5, 3), (1, 2, 2, 1), (1, 1, 2, 1), noncontig=True),
        "fed": p((1, 4, 4, 2), (1, 3, 3, 1), (1, 1, 1, 1), "SAME", fed=True),
        "special": p((1, 4, 6, 1), (1, 2, 2, 1), (1, 2, 2, 1), value="special"),
        "infinities": p((1, 4, 6, 1), (1, 2, 2, 1), (1, 2, 2, 1), value=_INFS * 2),
        "ties": p((1, 4, 4, 1), (1, 2, 2, 1), (1, 2, 2, 1), value=_TIES),
        "ties_overlap": p((1, 4, 4, 1), (1, 3, 3, 1), (1, 1, 1, 1), "SAME", value=_TIES),
        "nchw": p((1, 2, 4, 4), (1, 1, 2, 2), (1, 1, 2, 2), data_format="NCHW"),
        "depth_window": p((1, 2, 2, 4), (1, 1, 1, 2), (1, 1, 1, 2)),
        "batch_window": p((2, 2, 2, 1), (2, 1, 1, 1), (2, 1, 1, 1)),
        "rank3": p((4, 4, 2), (1, 2, 2, 1), (1, 2, 2, 1)),
        "ksize_short": p((1, 4, 4, 2), (2, 2), (1, 1, 1, 1)),
        "stride_zero": p((1, 4, 4, 2), (1, 2, 2, 1), (1, 0, 1, 1)),
        "ksize_zero": p((1, 4, 4, 2), (1, 0, 2, 1), (1, 1, 1, 1)),
        "bad_padding": p((1, 4, 4, 2), (1, 2, 2, 1), (1, 1, 1, 1), "FULL"),
    }
    if max_pool:
        v["explicit"] = p((1, 4, 4, 1), (1, 2, 2, 1), (1, 2, 2, 1), "EXPLICIT",
                          explicit_paddings=[0, 0, 1, 1, 0, 1, 0, 0])
        v["depth_not_dividing"] = p((1, 2, 2, 3), (1, 1, 1, 2), (1, 1, 1, 2))
        v["depth_stride_unequal"] = p((1, 2, 2, 4), (1, 1, 1, 2), (1, 1, 1, 1))
        v["depth_and_spatial"] = p((1, 2, 2, 4), (1, 2, 1, 2), (1, 1, 1, 2))
        v["depth_same"] = p((1, 2, 2, 4), (1, 1, 1, 2), (1, 1, 1, 2), "SAME")
        v["explicit_too_big"] = p((1, 4, 4, 1), (1, 2, 2, 1), (1, 1, 1, 1), "EXPLICIT",
                                  explicit_paddings=[0, 0, 2, 0, 0, 0, 0, 0])
        v["ints_extremes"] = p((1, 2, 4, 1), (1, 2, 2, 1), (1, 2, 2, 1), value="special",
                               dtypes=("int32", "int64", "uint8", "int8", "int16", "uint16"))
    return v


def _pool3d_variants():
    def p(xshape, k, s, padding="VALID", dtypes=_F + ("float16",), **kw):
        return _pool(xshape, k, s, padding, dtypes=dtypes, **kw)
    return {
        "base": p((1, 4, 4, 4, 2), (1, 2, 2, 2, 1), (1, 2, 2, 2, 1), dtypes=None),
        "same_s2": p((1, 5, 4, 3, 2), (1, 3, 2, 2, 1), (1, 2, 2, 2, 1), "SAME"),
        "valid_overlap": p((2, 3, 4, 3, 1), (1, 2, 3, 2, 1), (1, 1, 1, 1, 1)),
        "empty_batch": p((0, 2, 2, 2, 1), (1, 2, 2, 2, 1), (1, 1, 1, 1, 1)),
        "fed": p((1, 3, 3, 3, 1), (1, 2, 2, 2, 1), (1, 1, 1, 1, 1), fed=True),
        "noncontig": p((1, 3, 4, 3, 2), (1, 2, 2, 2, 1), (1, 1, 1, 1, 1), noncontig=True),
        "ties": p((1, 2, 2, 4, 1), (1, 2, 2, 2, 1), (1, 2, 2, 2, 1), value=_TIES),
        "ties_overlap": p((1, 2, 3, 3, 1), (1, 2, 2, 2, 1), (1, 1, 1, 1, 1), "SAME",
                          value=_TIES + [4.0, 1.0]),
        "infinities": p((1, 2, 2, 3, 1), (1, 2, 2, 2, 1), (1, 1, 1, 1, 1), value=_INFS),
        "ncdhw": p((1, 2, 3, 3, 3), (1, 1, 2, 2, 2), (1, 1, 1, 1, 1), data_format="NCDHW"),
        "window_too_big": p((1, 2, 2, 2, 1), (1, 3, 2, 2, 1), (1, 1, 1, 1, 1)),
        "depth_window": p((1, 2, 2, 2, 2), (1, 1, 1, 1, 2), (1, 1, 1, 1, 2)),
    }


def _argmax_variants():
    def p(*a, **kw):
        return _pool(*a, **kw)
    return {
        "base": p((2, 4, 4, 3), (1, 2, 2, 1), (1, 2, 2, 1), dtypes=None),
        "same": p((1, 5, 6, 2), (1, 3, 3, 1), (1, 2, 2, 1), "SAME"),
        "batch_in_index": p((2, 3, 3, 2), (1, 2, 2, 1), (1, 1, 1, 1),
                            include_batch_in_index=True),
        "targmax_int32": p((1, 4, 4, 2), (1, 2, 2, 1), (1, 2, 2, 1), Targmax="dtype:int32"),
        "ties": p((1, 4, 4, 1), (1, 3, 3, 1), (1, 1, 1, 1), "SAME", value=_TIES),
        "empty_batch": p((0, 4, 4, 2), (1, 2, 2, 1), (1, 2, 2, 1)),
        "fed": p((1, 4, 4, 2), (1, 2, 2, 1), (1, 2, 2, 1), fed=True),
        "special": p((1, 4, 6, 1), (1, 2, 2, 1), (1, 2, 2, 1), value="special"),
        "infinities": p((1, 4, 6, 1), (1, 2, 2, 1), (1, 2, 2, 1), value=_INFS * 2),
        "batch_window": p((2, 2, 2, 1), (2, 1, 1, 1), (2, 1, 1, 1)),
    }


SPECS += [
    Spec("MaxPool", _pool2d_variants(), tol=_TOL),
    Spec("AvgPool", _pool2d_variants("value", max_pool=False), tol=_TOL),
    Spec("MaxPool3D", _pool3d_variants(), tol=_TOL),
    Spec("AvgPool3D", _pool3d_variants(), tol=_TOL),
    Spec("MaxPoolWithArgmax", _argmax_variants(), tol=_TOL),
]

# -- the tf.nn convolution and pooling functions (public API graphs, with their gradients) -----


def _values(shape, seed, low=-3.0, high=3.0):
    return np.random.RandomState(seed).uniform(low, high, shape).astype("float32")


def _with_grads(tf, outputs, xs):
    """`outputs` and d(sum of y * sin(y / 10 + i) over them)/d(each x), as one fetch dict."""
    fetches = dict(outputs)
    ys = [tf.cast(y, tf.float32) for _, y in sorted(outputs.items())]
    total = tf.add_n([tf.reduce_sum(y * tf.sin(0.1 * y + i)) for i, y in enumerate(ys)])
    for (name, _), g in zip(xs, tf.gradients(total, [x for _, x in xs])):
        if g is not None:
            fetches["d_" + name] = tf.convert_to_tensor(g)
    return fetches


def _conv_functions(tf):
    x = tf.constant(_values((2, 6, 6, 3), 1))
    w = tf.constant(_values((3, 3, 3, 4), 2))
    w1 = tf.constant(_values((3, 3, 4), 3))
    return _with_grads(tf, {
        "conv2d": tf.nn.conv2d(x, w, strides=[1, 2, 2, 1], padding="SAME"),
        "conv2d_explicit": tf.nn.conv2d(x, filters=w, strides=1,
                                        padding=[[0, 0], [1, 0], [2, 1], [0, 0]]),
        "convolution": tf.nn.convolution(x, w, "VALID", strides=[1, 2]),
        "conv1d": tf.nn.conv1d(tf.reshape(x, [2, 36, 3]), w1, stride=2, padding="SAME"),
    }, [("x", x), ("w", w), ("w1", w1)]), None


def _dilated_functions(tf):
    x = tf.constant(_values((1, 7, 7, 2), 4))
    w = tf.constant(_values((3, 3, 2, 3), 5))
    dw = tf.constant(_values((2, 2, 2, 2), 6))
    return {
        "atrous": tf.nn.atrous_conv2d(x, w, 2, "SAME"),
        "convolution": tf.nn.convolution(x, w, "VALID", dilation_rate=[2, 1]),
        "depthwise_rate": tf.nn.depthwise_conv2d(x, dw, [1, 1, 1, 1], "SAME", rate=[2, 2]),
    }, None


def _depthwise_functions(tf):
    x = tf.constant(_values((2, 5, 5, 3), 7))
    dw = tf.constant(_values((3, 3, 3, 2), 8))
    pw = tf.constant(_values((1, 1, 6, 4), 9))
    return _with_grads(tf, {
        "depthwise": tf.nn.depthwise_conv2d(x, dw, [1, 2, 2, 1], "SAME"),
        "separable": tf.nn.separable_conv2d(x, dw, pw, [1, 1, 1, 1], "VALID"),
    }, [("x", x), ("dw", dw), ("pw", pw)]), None


def _transposed_functions(tf):
    x = tf.constant(_values((2, 3, 3, 4), 10))
    w = tf.constant(_values((3, 3, 2, 4), 11))
    x3 = tf.constant(_values((1, 2, 3, 2, 4), 12))
    w3 = tf.constant(_values((2, 2, 2, 3, 4), 13))
    x1 = tf.constant(_values((2, 4, 4), 14))
    w1 = tf.constant(_values((3, 2, 4), 15))
    return _with_grads(tf, {
        "conv2d_transpose": tf.nn.conv2d_transpose(x, w, [2, 6, 6, 2], [1, 2, 2, 1], "SAME"),
        "conv2d_transpose_valid": tf.nn.conv2d_transpose(x, w, [2, 7, 7, 2], [1, 2, 2, 1],
                                                         "VALID"),
        "conv3d_transpose": tf.nn.conv3d_transpose(x3, w3, [1, 4, 6, 4, 3], [1, 2, 2, 2, 1]),
        "conv1d_transpose": tf.nn.conv1d_transpose(x1, w1, [2, 8, 2], 2),
    }, [("x", x), ("w", w), ("x3", x3), ("w3", w3), ("x1", x1), ("w1", w1)]), None


def _conv3d_function(tf):
    x = tf.constant(_values((1, 4, 5, 4, 2), 16))
    w = tf.constant(_values((2, 3, 2, 2, 3), 17))
    return _with_grads(tf, {"conv3d": tf.nn.conv3d(x, w, [1, 1, 2, 1, 1], "SAME")},
                       [("x", x), ("w", w)]), None


def _pool_functions(tf):
    x = tf.constant(_values((2, 5, 6, 3), 18))
    x3 = tf.constant(_values((1, 4, 4, 5, 2), 19))
    x1 = tf.constant(_values((2, 7, 3), 20))
    output, argmax = tf.nn.max_pool_with_argmax(x, [1, 2, 2, 1], [1, 2, 2, 1], "SAME")
    return _with_grads(tf, {
        "max_pool": tf.nn.max_pool(x, [1, 3, 3, 1], [1, 2, 2, 1], "SAME"),
        "avg_pool": tf.nn.avg_pool(x, ksize=3, strides=2, padding="SAME"),
        "max_pool3d": tf.nn.max_pool3d(x3, [1, 2, 2, 2, 1], [1, 2, 2, 2, 1], "SAME"),
        "avg_pool3d": tf.nn.avg_pool3d(x3, [1, 2, 3, 2, 1], [1, 1, 1, 2, 1], "VALID"),
        "max_pool1d": tf.nn.max_pool1d(x1, 3, 2, "SAME"),
        "avg_pool1d": tf.nn.avg_pool1d(x1, 2, 1, "VALID"),
        "pool_avg": tf.nn.pool(x, [2, 3], "AVG", "SAME", strides=[2, 1]),
        "pool_max": tf.nn.pool(x3, [2, 2, 2], "MAX", "VALID"),
        "argmax_output": output, "argmax": argmax,
    }, [("x", x), ("x3", x3), ("x1", x1)]), None


PROGRAMS = [Program("nn_conv_api." + fn.__name__.lstrip("_"), fn, tol=(1e-4, 1e-5))
            for fn in (_conv_functions, _dilated_functions, _depthwise_functions,
                       _transposed_functions, _conv3d_function, _pool_functions)]
