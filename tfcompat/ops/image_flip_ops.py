"""TF1's image flips, transposes and quarter turns (`tf.image.flip_left_right`, `random_flip_*`,
`transpose_image`, `rot90`) and the image-rank checks they share with tfcompat/image.py: TF's
_CheckAtLeast3DImage (an Assert behind a `control_dependency` where dimensions are only known
at run time) and, for images of unknown rank, a cond on the rank."""
from __future__ import annotations

from tfcompat.framework import dtypes
from tfcompat.framework.convert import convert_to_tensor
from tfcompat.framework.graph import name_scope
from tfcompat.framework.tensor_shape import TensorShape
from tfcompat.ops import array_ops
from tfcompat.ops import check_ops
from tfcompat.ops import control_flow_ops
from tfcompat.ops import indexing_ops
from tfcompat.ops import math_ops
from tfcompat.ops import random_ops


def _image_rank(image):
    """The rank of a 3-D or 4-D image, with TF's errors: _CheckAtLeast3DImage's first."""
    rank = image.shape.ndims
    if rank is not None and rank < 3:
        raise ValueError("'image' (shape %s) must be at least three-dimensional." % image.shape)
    if rank not in (3, 4):
        raise ValueError("'image' (shape %s) must have either 3 or 4 dimensions." % image.shape)
    return rank


def _check_at_least_3d(image):
    """TF's _CheckAtLeast3DImage(require_static=False): static errors now, Assert ops for the
    dimensions known only when the graph runs."""
    shape = image.shape if image.shape.ndims is not None else TensorShape([None] * 3)
    if any(d == 0 for d in shape.as_list()[-3:]):
        raise ValueError("inner 3 dims of 'image.shape' must be > 0: %s" % shape)
    if shape[-3:].is_fully_defined():
        return []
    return [check_ops.assert_positive(array_ops.shape(image)[-3:],
                                      ["inner 3 dims of 'image.shape' must be > 0."]),
            check_ops.assert_greater_equal(array_ops.rank(image), 3,
                                           message="'image' must be at least three-dimensional.")]


def _assert_at_least_3d(image):
    """TF's _AssertAtLeast3DImage: `image` behind a (checked) `control_dependency` Identity."""
    return control_flow_ops.with_dependencies(_check_at_least_3d(image), image)


def _by_rank(image, f_rank3, f_rank4):
    """TF's flips of an image of unknown rank: a cond on its rank at run time."""
    if image.shape.ndims is None:
        return control_flow_ops.cond(math_ops.equal(array_ops.rank(image), 3), f_rank3, f_rank4)
    return f_rank3() if _image_rank(image) == 3 else f_rank4()


def _flip(image, flip_index, name):
    with name_scope(None, name, [image]):
        image = convert_to_tensor(image, name="image")
        if image.shape.ndims is not None:
            _image_rank(image)
        image = _assert_at_least_3d(image)
        return _by_rank(image, lambda: indexing_ops.reverse(image, [flip_index]),
                        lambda: indexing_ops.reverse(image, [flip_index + 1]))


def flip_left_right(image):
    """TF1 `tf.image.flip_left_right` (reverses the width axis)."""
    return _flip(image, 1, "flip_left_right")


def flip_up_down(image):
    """TF1 `tf.image.flip_up_down` (reverses the height axis)."""
    return _flip(image, 0, "flip_up_down")


def _random_flip(image, seed, flip_axis, name):
    with name_scope(None, name, [image]):
        image = convert_to_tensor(image, name="image")
        if image.shape.ndims is not None:
            _image_rank(image)
        image = _assert_at_least_3d(image)

        def f_rank3():
            coin = math_ops.less(random_ops.random_uniform([], 0, 1.0, seed=seed), 0.5)
            # TF: cond(coin, reverse, identity, name=scope), whose value is `<scope>/Merge`
            return indexing_ops.where(coin, indexing_ops.reverse(image, [flip_axis]), image,
                                      name=None if image.shape.ndims is None else "Merge")

        def f_rank4():   # a coin per image of the batch
            batch = array_ops.shape(image)[0]
            uniform = random_ops.random_uniform([batch], 0, 1.0, seed=seed)
            flips = math_ops.cast(math_ops.round(array_ops.reshape(uniform, [batch, 1, 1, 1])),
                                  image.dtype)
            return flips * indexing_ops.reverse(image, [flip_axis + 1]) + (1 - flips) * image
        return _by_rank(image, f_rank3, f_rank4)


def random_flip_left_right(image, seed=None):
    return _random_flip(image, seed, 1, "random_flip_left_right")


def random_flip_up_down(image, seed=None):
    return _random_flip(image, seed, 0, "random_flip_up_down")


def transpose_image(image, name=None):
    """TF1 `tf.image.transpose_image` / `tf.image.transpose` (swaps height and width)."""
    with name_scope(name, "transpose", [image]):
        image = convert_to_tensor(image, name="image")
        if image.shape.ndims is not None:
            _image_rank(image)
        image = _assert_at_least_3d(image)
        return _by_rank(image, lambda: array_ops.transpose(image, [1, 0, 2], name=name),
                        lambda: array_ops.transpose(image, [0, 2, 1, 3], name=name))


transpose = transpose_image


def rot90(image, k=1, name=None):
    """TF1 `tf.image.rot90`: rotates counter-clockwise by `k` quarter turns (`k` may be a
    tensor: TF picks the rotation with a `case`, so height and width are unknown statically)."""
    with name_scope(name, "rot90", [image, k]) as scope:
        image = convert_to_tensor(image, name="image")
        if image.shape.ndims is not None:
            _image_rank(image)
        image = _assert_at_least_3d(image)
        k = convert_to_tensor(k, dtype=dtypes.int32, name="k")
        k.shape.assert_has_rank(0)
        k = k % 4
        return _by_rank(image, lambda: _rot90(image, k, 3, scope),
                        lambda: _rot90(image, k, 4, scope))


def _rot90(image, k, rank, scope):
    """TF's _rot90_3D / _rot90_4D: a `case` on `k` (already mod 4)."""
    h, w = rank - 3, rank - 2
    perm = [1, 0, 2] if rank == 3 else [0, 2, 1, 3]
    cases = [(math_ops.equal(k, 1),
              lambda: array_ops.transpose(indexing_ops.reverse(image, [w]), perm)),
             (math_ops.equal(k, 2), lambda: indexing_ops.reverse(image, [h, w])),
             (math_ops.equal(k, 3),
              lambda: indexing_ops.reverse(array_ops.transpose(image, perm), [w]))]
    result = control_flow_ops.case(cases, default=lambda: image, exclusive=True, name=scope)
    if result.shape.ndims is not None:
        dims = result.shape.as_list()
        dims[h] = dims[w] = None
        result.set_shape(dims)
    return result
