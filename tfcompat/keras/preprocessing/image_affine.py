"""The array transforms of `tf.keras.preprocessing.image`: `apply_affine_transform` (rotation,
shift, shear, zoom), the channel and brightness shifts and their `random_*` forms.

TF's Keras resamples with `scipy.ndimage.affine_transform`; tfcompat does not depend on SciPy,
so `_resample` reproduces that routine for spline orders 0 and 1 (the orders Keras programs use;
1 is the default): the same output-to-input coordinates, the same boundary mapping of
scipy's `map_coordinate` for each fill mode, the same neighbour folding at the edges and the
same weights and summation order, so the values match SciPy's (1.17, checked on random
transforms of every fill mode, both orders, float32/float64/uint8 images) bit for bit.
"""
from __future__ import annotations

import numpy as np

try:
    from PIL import ImageEnhance
except ImportError:   # Pillow is optional (the `image` extra); brightness shifts need it
    ImageEnhance = None

from tfcompat.keras.preprocessing import image_io

_FILL_MODES = ("constant", "nearest", "reflect", "wrap", "mirror")


def _trunc(v):
    """C's `(npy_intp)(v)` of a non-negative double."""
    return np.floor(v)


def _map_low(c, n, mode):
    """scipy's map_coordinate for coordinates below 0."""
    if mode == "constant":
        return np.full_like(c, -1.0)
    if n <= 1:
        return np.zeros_like(c)
    if mode == "reflect":
        sz2 = 2 * n
        c = np.where(c < -sz2, sz2 * _trunc(-c / sz2) + c, c)
        return np.where(c < -n, c + sz2, -c - 1)
    if mode == "wrap":      # period n - 1: the first and last samples overlap
        sz = n - 1
        return c + sz * (_trunc(-c / sz) + 1)
    sz2 = 2 * n - 2         # mirror
    c = sz2 * _trunc(-c / sz2) + c
    return np.where(c <= 1 - n, c + sz2, -c)


def _map_high(c, n, mode):
    """scipy's map_coordinate for coordinates above n - 1."""
    if mode == "constant":
        return np.full_like(c, -1.0)
    if n <= 1:
        return np.zeros_like(c)
    if mode == "reflect":
        sz2 = 2 * n
        c = c - sz2 * _trunc(c / sz2)
        return np.where(c >= n, sz2 - c - 1, c)
    if mode == "wrap":
        sz = n - 1
        return c - sz * _trunc(c / sz)
    sz2 = 2 * n - 2
    c = c - sz2 * _trunc(c / sz2)
    return np.where(c >= n, sz2 - c, c)


def _map_coordinate(c, n, mode):
    low, high = c < 0, c > n - 1
    out = c.copy()
    if low.any():
        out[low] = _map_low(c[low], n, mode)
    if high.any():
        out[high] = _map_high(c[high], n, mode)
    return out


def _fold_index(idx, n, mode):
    """The sample an out-of-range neighbour index reads: the edge sample in 'reflect' and
    'nearest', the mirrored one otherwise."""
    if n <= 1:
        return np.zeros_like(idx)
    if mode in ("reflect", "nearest"):
        return np.clip(idx, 0, n - 1)
    s2 = 2 * n - 2
    low = idx < 0
    idx = np.where(low, s2 * (-idx // s2) + idx, idx)
    idx = np.where(low, np.where(idx <= 1 - n, idx + s2, -idx), idx)
    high = idx >= n
    idx = np.where(high, idx - s2 * (idx // s2), idx)
    return np.where(high & (idx >= n), s2 - idx, idx)


def _axis_taps(coord, n, mode, order):
    """Per output pixel along one axis: whether it takes cval, and the (index, weight) taps."""
    # 'nearest' keeps the coordinate (its taps are clamped to the edge): the weights then come
    # from its own fraction, as in scipy
    cc = coord if mode == "nearest" else _map_coordinate(coord, n, mode)
    outside = ~(cc > -1.0) if mode != "nearest" else np.zeros(cc.shape, bool)
    cc = np.where(outside, 0.0, cc)
    if order == 0:
        start = np.floor(cc + 0.5).astype(np.int64)
        return outside, [(_fold_index(start, n, mode), None)]
    start = np.floor(cc).astype(np.int64)
    w0 = 1.0 - (cc - start)
    w1 = 1.0 - w0        # scipy makes the weights sum to exactly 1 this way
    return outside, [(_fold_index(start, n, mode), w0), (_fold_index(start + 1, n, mode), w1)]


def _cast_like(t, dtype):
    """scipy's store of the double result into an array of `dtype`."""
    if np.issubdtype(dtype, np.unsignedinteger):
        t = np.where(t > 0, t + 0.5, 0.0)
    elif np.issubdtype(dtype, np.integer):
        t = np.where(t > 0, t + 0.5, t - 0.5)
    if np.issubdtype(dtype, np.integer):
        info = np.iinfo(dtype)
        t = np.clip(np.trunc(t), info.min, info.max)
    return t.astype(dtype)


def _check_resampling(order, mode):
    if order not in (0, 1):
        raise NotImplementedError(
            "apply_affine_transform: spline interpolation order %r needs SciPy, which tfcompat "
            "does not use; orders 0 (nearest) and 1 (bilinear, the default) are supported"
            % (order,))
    mode = "reflect" if mode == "grid-mirror" else mode     # one boundary rule in scipy
    if mode in ("grid-wrap", "grid-constant"):
        raise NotImplementedError(
            "apply_affine_transform: fill_mode %r is not supported by tfcompat; use 'constant', "
            "'nearest', 'reflect' or 'wrap'" % (mode,))
    if mode not in _FILL_MODES:
        raise RuntimeError("boundary mode not supported")   # scipy's message
    return mode


def _resample(images, matrix, offset, order, mode, cval):
    """`scipy.ndimage.affine_transform(image, matrix, offset, order=order, mode=mode,
    cval=cval)` of each 2-D image of `images` (C, H, W): output pixel (i, j) reads input
    (matrix @ (i, j) + offset). The taps are computed once for all the channels."""
    mode = _check_resampling(order, mode)
    _, h, w = images.shape
    i, j = np.meshgrid(np.arange(h, dtype=np.float64), np.arange(w, dtype=np.float64),
                       indexing="ij")
    rows = offset[0] + i * matrix[0, 0] + j * matrix[0, 1]   # scipy's summation order
    cols = offset[1] + i * matrix[1, 0] + j * matrix[1, 1]
    row_out, row_taps = _axis_taps(rows, h, mode, order)
    col_out, col_taps = _axis_taps(cols, w, mode, order)
    flat = np.asarray(images, dtype=np.float64).reshape(len(images), h * w)
    t = np.zeros(images.shape)
    for r_idx, r_w in row_taps:           # scipy's tap order: row-major over the 2x2 filter
        for c_idx, c_w in col_taps:
            coeff = np.take(flat, r_idx * w + c_idx, axis=1)
            if r_w is not None:
                coeff = coeff * r_w * c_w
            t = t + coeff
    t = np.where(row_out | col_out, float(cval), t)
    return _cast_like(t, images.dtype)


def transform_matrix_offset_center(matrix, x, y):
    """`matrix` about the image centre instead of the origin."""
    o_x = float(x) / 2 - 0.5
    o_y = float(y) / 2 - 0.5
    offset_matrix = np.array([[1, 0, o_x], [0, 1, o_y], [0, 0, 1]])
    reset_matrix = np.array([[1, 0, -o_x], [0, 1, -o_y], [0, 0, 1]])
    return np.dot(np.dot(offset_matrix, matrix), reset_matrix)


def _check_axes(x, row_axis, col_axis, channel_axis):
    if np.unique([row_axis, col_axis, channel_axis]).size != 3:
        raise ValueError("'row_axis', 'col_axis', and 'channel_axis' must be distinct")
    actual = {row_axis, col_axis, channel_axis}
    if actual != {0, 1, 2}:
        raise ValueError(f"Invalid axis' indices: {actual - {0, 1, 2}}")
    if x.ndim != 3:
        raise ValueError("Input arrays must be multi-channel 2D images.")
    if channel_axis not in [0, 2]:
        raise ValueError("Channels are allowed and the first and last dimensions.")


def _compose(theta, tx, ty, shear, zx, zy):
    """Rotation @ shift @ shear @ zoom, in Keras' order; None for the identity."""
    parts = []
    if theta != 0:
        theta = np.deg2rad(theta)
        parts.append(np.array([[np.cos(theta), -np.sin(theta), 0],
                               [np.sin(theta), np.cos(theta), 0], [0, 0, 1]]))
    if tx != 0 or ty != 0:
        parts.append(np.array([[1, 0, tx], [0, 1, ty], [0, 0, 1]]))
    if shear != 0:
        shear = np.deg2rad(shear)
        parts.append(np.array([[1, -np.sin(shear), 0], [0, np.cos(shear), 0], [0, 0, 1]]))
    if zx != 1 or zy != 1:
        parts.append(np.array([[zx, 0, 0], [0, zy, 0], [0, 0, 1]]))
    matrix = None
    for part in parts:
        matrix = part if matrix is None else np.dot(matrix, part)
    return matrix


def apply_affine_transform(x, theta=0, tx=0, ty=0, shear=0, zx=1, zy=1, row_axis=1, col_axis=2,
                           channel_axis=0, fill_mode="nearest", cval=0.0, order=1):
    """`x` (a rank-3 image) rotated by `theta` degrees, shifted by (tx, ty) pixels, sheared by
    `shear` degrees and zoomed by (zx, zy), about its centre."""
    _check_axes(x, row_axis, col_axis, channel_axis)
    matrix = _compose(theta, tx, ty, shear, zx, zy)
    if matrix is None:
        return x
    h, w = x.shape[row_axis], x.shape[col_axis]
    matrix = transform_matrix_offset_center(matrix, h, w)
    x = np.rollaxis(x, channel_axis, 0)
    if col_axis > row_axis:   # the image is (channel, row, col) now: Keras swaps the axes
        matrix[:, [0, 1]] = matrix[:, [1, 0]]
        matrix[[0, 1]] = matrix[[1, 0]]
    x = _resample(x, matrix[:2, :2], matrix[:2, 2], order, fill_mode, cval)
    return np.rollaxis(x, 0, channel_axis + 1)


def random_rotation(x, rg, row_axis=1, col_axis=2, channel_axis=0, fill_mode="nearest",
                    cval=0.0, interpolation_order=1):
    theta = np.random.uniform(-rg, rg)
    return apply_affine_transform(x, theta=theta, row_axis=row_axis, col_axis=col_axis,
                                  channel_axis=channel_axis, fill_mode=fill_mode, cval=cval,
                                  order=interpolation_order)


def random_shift(x, wrg, hrg, row_axis=1, col_axis=2, channel_axis=0, fill_mode="nearest",
                 cval=0.0, interpolation_order=1):
    h, w = x.shape[row_axis], x.shape[col_axis]
    tx = np.random.uniform(-hrg, hrg) * h
    ty = np.random.uniform(-wrg, wrg) * w
    return apply_affine_transform(x, tx=tx, ty=ty, row_axis=row_axis, col_axis=col_axis,
                                  channel_axis=channel_axis, fill_mode=fill_mode, cval=cval,
                                  order=interpolation_order)


def random_shear(x, intensity, row_axis=1, col_axis=2, channel_axis=0, fill_mode="nearest",
                 cval=0.0, interpolation_order=1):
    shear = np.random.uniform(-intensity, intensity)
    return apply_affine_transform(x, shear=shear, row_axis=row_axis, col_axis=col_axis,
                                  channel_axis=channel_axis, fill_mode=fill_mode, cval=cval,
                                  order=interpolation_order)


def random_zoom(x, zoom_range, row_axis=1, col_axis=2, channel_axis=0, fill_mode="nearest",
                cval=0.0, interpolation_order=1):
    if len(zoom_range) != 2:
        raise ValueError("`zoom_range` should be a tuple or list of two floats. Received: %s"
                         % (zoom_range,))
    if zoom_range[0] == 1 and zoom_range[1] == 1:
        zx, zy = 1, 1
    else:
        zx, zy = np.random.uniform(zoom_range[0], zoom_range[1], 2)
    return apply_affine_transform(x, zx=zx, zy=zy, row_axis=row_axis, col_axis=col_axis,
                                  channel_axis=channel_axis, fill_mode=fill_mode, cval=cval,
                                  order=interpolation_order)


def apply_channel_shift(x, intensity, channel_axis=0):
    """`intensity` added to every channel, clipped to the image's original value range."""
    x = np.rollaxis(x, channel_axis, 0)
    min_x, max_x = np.min(x), np.max(x)
    x = np.stack([np.clip(c + intensity, min_x, max_x) for c in x], axis=0)
    return np.rollaxis(x, 0, channel_axis + 1)


def random_channel_shift(x, intensity_range, channel_axis=0):
    intensity = np.random.uniform(-intensity_range, intensity_range)
    return apply_channel_shift(x, intensity, channel_axis=channel_axis)


def apply_brightness_shift(x, brightness, scale=True):
    """The image through Pillow's `ImageEnhance.Brightness(brightness)` (so it is quantized
    to uint8 on the way, as in Keras)."""
    if ImageEnhance is None:
        raise ImportError("Using brightness shifts requires PIL. Install PIL or Pillow "
                          "(pip install 'tfcompat[image]').")
    x_min, x_max = np.min(x), np.max(x)
    local_scale = (x_min < 0) or (x_max > 255)
    img = image_io.array_to_img(x, scale=local_scale or scale)
    x = image_io.img_to_array(ImageEnhance.Brightness(img).enhance(brightness))
    if not scale and local_scale:
        x = x / 255 * (x_max - x_min) + x_min
    return x


def random_brightness(x, brightness_range, scale=True):
    if len(brightness_range) != 2:
        raise ValueError("`brightness_range should be tuple or list of two floats. "
                         "Received: %s" % (brightness_range,))
    u = np.random.uniform(brightness_range[0], brightness_range[1])
    return apply_brightness_shift(x, u, scale)
