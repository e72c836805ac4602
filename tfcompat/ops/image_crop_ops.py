"""Box-based image ops: CropAndResize, ExtractGlimpse, DrawBoundingBoxes(V2) and
SampleDistortedBoundingBoxV2, with TF's kernels' coordinate conventions, and their
`tf.image` functions.

CropAndResize samples with gathers and lerps in torch, so autograd yields TF's gradients for
the image (CropAndResizeGradImage) and the boxes (CropAndResizeGradBoxes).
"""
from __future__ import annotations

import numpy as np
import torch

from tfcompat import errors
from tfcompat.framework import dtypes
from tfcompat.framework import shape_rules
from tfcompat.framework.graph import name_scope
from tfcompat.framework.op_builder import apply_op
from tfcompat.framework.registry import register_op
from tfcompat.framework.tensor_shape import TensorShape
from tfcompat.framework.tensor_util import constant_value
from tfcompat.ops import _philox
from tfcompat.ops import _shape_fns
from tfcompat.ops import nn_conv_attrs
from tfcompat.ops import random_ops


def _const_dims(size):
    value = constant_value(size)
    return [None, None] if value is None else [int(v) for v in np.reshape(value, -1)]


def _str(value):
    return value.decode() if isinstance(value, bytes) else value


# -- CropAndResize ------------------------------------------------------------------------------

def _sized_image(op, inputs, batch, size, depth):
    """TF's SetOutputToSizedImage: `size` a vector of 2 (its value where constant)."""
    length = _shape_fns.with_rank(op, inputs, size.shape, 1).as_list()[0]
    _shape_fns.with_value(op, inputs, length, 2)
    ch, cw = _const_dims(size)
    return TensorShape([batch, ch, cw, depth])


def _crop_infer(op, image, boxes, box_ind, crop_size, *, method="bilinear", **attrs):
    # the OpDef's allowed values, checked (as op_def_library does) once the op's name is taken
    nn_conv_attrs.check_choice(op, "method", method, ("bilinear", "nearest"))
    inputs = [image, boxes, box_ind, crop_size]
    image_dims = _shape_fns.with_rank(op, inputs, image.shape, 4).as_list()
    box_dims = _shape_fns.with_rank(op, inputs, boxes.shape, 2).as_list()
    ind_dims = _shape_fns.with_rank(op, inputs, box_ind.shape, 1).as_list()
    num_boxes = _shape_fns.merge_dim(op, inputs, box_dims[0], ind_dims[0])
    _shape_fns.with_value(op, inputs, box_dims[1], 4)
    return [(dtypes.float32, _sized_image(op, inputs, num_boxes, crop_size, image_dims[3]))]


def _sample_coords(lo, hi, size, crop):
    """Source coordinates of `crop` samples between box edges lo, hi ([num_boxes]) in an axis
    of `size` pixels, as TF's kernel computes them."""
    if crop > 1:
        scale = (hi - lo) * (size - 1) / (crop - 1)
        steps = torch.arange(crop, dtype=lo.dtype, device=lo.device)
        return lo[:, None] * (size - 1) + steps[None] * scale[:, None]
    return (0.5 * (lo + hi) * (size - 1))[:, None]


def _debug_shape(shape):
    return "[%s]" % ",".join(str(d) for d in shape)


def _check_crop_inputs(ctx, image, boxes, box_ind, crop_size):
    """TF's CropAndResizeOp argument checks (ParseAndCheckBoxSizes), with its messages."""
    def fail(message):
        raise errors.op_error(errors.InvalidArgumentError, ctx.op, message)
    if image.dim() != 4:
        fail("input image must be 4-D" + _debug_shape(image.shape))
    if image.shape[1] <= 0 or image.shape[2] <= 0:
        fail("image dimensions must be positive")
    if boxes.numel() or box_ind.numel():
        if boxes.dim() != 2:
            fail("boxes must be 2-D, got: " + _debug_shape(boxes.shape))
        if boxes.shape[1] != 4:
            fail("boxes must have 4 columns")
        if box_ind.dim() != 1:
            fail("box_indices must be rank 1 but is shape " + _debug_shape(box_ind.shape))
        if box_ind.shape[0] != boxes.shape[0]:
            fail("box_index has incompatible shape")
    if crop_size.dim() != 1:
        fail("crop_size must be 1-D" + _debug_shape(crop_size.shape))
    if crop_size.shape[0] != 2:
        fail("crop_size must have two elements" + _debug_shape(crop_size.shape))


@register_op("CropAndResize", inputs=("image: T", "boxes: float", "box_ind: int32",
                                      "crop_size: int32"),
             infer=_crop_infer, attrs={"method": "bilinear", "extrapolation_value": 0.0})
def _lower_crop_and_resize(ctx, image, boxes, box_ind, crop_size, *, method="bilinear",
                           extrapolation_value=0.0):
    _check_crop_inputs(ctx, image, boxes, box_ind, crop_size)
    crop_h, crop_w = [int(v) for v in crop_size.tolist()]
    if crop_h <= 0 or crop_w <= 0:
        raise errors.op_error(errors.InvalidArgumentError, ctx.op,
                              "crop dimensions must be positive")
    batch, height, width, _ = image.shape
    if box_ind.numel() and (int(box_ind.min()) < 0 or int(box_ind.max()) >= batch):
        raise errors.op_error(errors.OutOfRangeError, ctx.op,   # TF's CheckValidBoxIndexHelper
                              "box_index has values outside [0, batch_size)")
    boxes = boxes.float()
    ys = _sample_coords(boxes[:, 0], boxes[:, 2], height, crop_h)   # [n, crop_h]
    xs = _sample_coords(boxes[:, 1], boxes[:, 3], width, crop_w)    # [n, crop_w]
    inside = (((ys >= 0) & (ys <= height - 1))[:, :, None]
              & ((xs >= 0) & (xs <= width - 1))[:, None, :])[..., None]
    img = image.float()
    b = box_ind.long()[:, None, None]
    if _str(method) == "nearest":
        # std::round: halves away from zero
        yi = torch.clamp(torch.sign(ys) * torch.floor(ys.abs() + 0.5), 0, height - 1).long()
        xi = torch.clamp(torch.sign(xs) * torch.floor(xs.abs() + 0.5), 0, width - 1).long()
        out = img[b, yi[:, :, None], xi[:, None, :]]
        if boxes.requires_grad:
            # TF's box gradient (CropAndResizeGradBoxes) is the bilinear one for both methods
            lerp = _bilinear(img.detach(), b, ys, xs, height, width)
            out = out + (lerp - lerp.detach())
    else:
        out = _bilinear(img, b, ys, xs, height, width)
    fill = torch.tensor(float(extrapolation_value), dtype=out.dtype, device=out.device)
    return torch.where(inside, out, fill)


def _bilinear(img, b, ys, xs, height, width):
    top = torch.clamp(torch.floor(ys), 0, height - 1).detach().long()
    bottom = torch.clamp(torch.ceil(ys), 0, height - 1).detach().long()
    left = torch.clamp(torch.floor(xs), 0, width - 1).detach().long()
    right = torch.clamp(torch.ceil(xs), 0, width - 1).detach().long()
    y_lerp = (ys - torch.floor(ys))[:, :, None, None]
    x_lerp = (xs - torch.floor(xs))[:, None, :, None]

    def pixel(rows, cols):
        return img[b, rows[:, :, None], cols[:, None, :]]

    top_row = pixel(top, left) + (pixel(top, right) - pixel(top, left)) * x_lerp
    bottom_row = pixel(bottom, left) + (pixel(bottom, right) - pixel(bottom, left)) * x_lerp
    return top_row + (bottom_row - top_row) * y_lerp


def crop_and_resize(image, boxes, box_ind=None, crop_size=None, method="bilinear",
                    extrapolation_value=0, name=None, box_indices=None):
    """TF1 `tf.image.crop_and_resize` (op `CropAndResize`): [num_boxes, crop_h, crop_w, depth]
    float32 crops of normalized boxes, sampled bilinearly or by nearest neighbour."""
    if box_ind is not None and box_indices is not None:
        raise ValueError("Cannot specify both 'box_indices' and 'box_ind'.")
    box_ind = box_indices if box_ind is None else box_ind
    if box_ind is None or crop_size is None:
        raise TypeError("crop_and_resize() needs box_ind (box_indices) and crop_size")
    return apply_op("CropAndResize", [image, boxes, box_ind, crop_size],
                    name=name or "CropAndResize", method=method,
                    extrapolation_value=float(extrapolation_value))


# -- ExtractGlimpse -------------------------------------------------------------------------------

def _glimpse_infer(op, input, size, offsets, **attrs):
    inputs = [input, size, offsets]
    input_dims = _shape_fns.with_rank(op, inputs, input.shape, 4).as_list()
    offset_dims = _shape_fns.with_rank(op, inputs, offsets.shape, 2).as_list()
    batch = _shape_fns.merge_dim(op, inputs, input_dims[0], offset_dims[0])
    _shape_fns.with_value(op, inputs, offset_dims[1], 2)
    return [(dtypes.float32, _sized_image(op, inputs, batch, size, input_dims[3]))]


def _glimpse_origin(offset, height, width, glimpse_h, glimpse_w, centered, normalized):
    """Eigen's ExtractGlimpses: the glimpse's top-left pixel, in float32 arithmetic."""
    f = np.float32
    y, x = f(offset[0]), f(offset[1])
    if normalized:
        x, y = x * f(width), y * f(height)
    if centered:
        x, y = x / f(2) + f(width) / f(2), y / f(2) + f(height) / f(2)
    x, y = x - f(glimpse_w) / f(2), y - f(glimpse_h) / f(2)
    return int(float(y)), int(float(x))  # C casts truncate toward zero


@register_op("ExtractGlimpse", inputs=("input: float", "size: int32", "offsets: float"),
             infer=_glimpse_infer,
             attrs={"centered": True, "normalized": True, "uniform_noise": True,
                    "noise": "uniform"}, stateful=True, differentiable=False)
def _lower_extract_glimpse(ctx, input, size, offsets, *, centered=True, normalized=True,
                           uniform_noise=True, noise="uniform"):
    glimpse_h, glimpse_w = [int(v) for v in size.tolist()]
    batch, height, width, depth = input.shape
    if offsets.shape[0] != batch:
        raise errors.op_error(errors.InvalidArgumentError, ctx.op, "first dimension of offsets "
                              "must be the batch size %d, got %d" % (batch, offsets.shape[0]))
    noise_kind = _str(noise) if not uniform_noise else "uniform"
    out = torch.empty((batch, glimpse_h, glimpse_w, depth), dtype=input.dtype,
                      device=input.device)
    rows = torch.arange(glimpse_h, device=input.device)
    cols = torch.arange(glimpse_w, device=input.device)
    for i, offset in enumerate(offsets.tolist()):
        top, left = _glimpse_origin(offset, height, width, glimpse_h, glimpse_w, centered,
                                    normalized)
        r, c = rows + top, cols + left
        valid = ((r >= 0) & (r < height))[:, None] & ((c >= 0) & (c < width))[None]
        pixels = input[i][r.clamp(0, height - 1)[:, None], c.clamp(0, width - 1)[None]]
        out[i] = torch.where(valid[..., None], pixels, _noise(ctx, input[i], noise_kind,
                                                               pixels.shape))
    return out


def _noise(ctx, image, kind, shape):
    """The fill outside the image: per-channel uniform [min, max], Gaussian (mean, stddev) or
    zeros, as Eigen's glimpse does."""
    flat = image.reshape(-1, image.shape[-1])
    if kind == "zero" or flat.shape[0] == 0:
        return torch.zeros(shape, dtype=image.dtype, device=image.device)
    gen = ctx.generator()
    if kind == "gaussian":
        draws = torch.randn(shape, generator=gen, dtype=image.dtype, device=image.device)
        return draws * flat.std(0, unbiased=False) + flat.mean(0)
    low, high = flat.min(0).values, flat.max(0).values
    draws = torch.rand(shape, generator=gen, dtype=image.dtype, device=image.device)
    return low + draws * (high - low)


def extract_glimpse(input, size, offsets, centered=True, normalized=True, uniform_noise=True,
                    name=None):
    """TF1 `tf.image.extract_glimpse` (op `ExtractGlimpse`): a `size` window per image around
    `offsets` (y, x); pixels outside the image are filled with noise."""
    return apply_op("ExtractGlimpse", [input, size, offsets], name=name or "ExtractGlimpse",
                    centered=bool(centered), normalized=bool(normalized),
                    uniform_noise=bool(uniform_noise), noise="uniform")   # TF's default attr


# -- DrawBoundingBoxes(V2) -------------------------------------------------------------------------

_COLOR_TABLE = [[1, 1, 0, 1], [0, 0, 1, 1], [1, 0, 0, 1], [0, 1, 0, 1], [0.5, 0, 0.5, 1],
                [0.5, 0.5, 0, 1], [0.5, 0, 0, 1], [0, 0, 0.5, 1], [0, 1, 1, 1], [1, 0, 1, 1]]


def _draw_infer(op, images, boxes, *colors):
    inputs = [images, boxes] + list(colors)
    depth = _shape_fns.with_rank(op, inputs, images.shape, 4).as_list()[3]
    if depth not in (None, 1, 3, 4):
        raise shape_rules.shape_error("Channel depth should be either 1 (GRY), 3 (RGB), or 4 "
                                      "(RGBA)", op, inputs)
    box_dims = _shape_fns.with_rank(op, inputs, boxes.shape, 3).as_list()
    _shape_fns.with_value(op, inputs, box_dims[2], 4)
    return [(images.dtype.base_dtype, _shape_fns.with_rank(op, inputs, images.shape, 4))]


def _draw(ctx, images, boxes, colors):
    canvas = images.detach().clone()   # TF: NotDifferentiable
    batch, height, width, depth = canvas.shape
    table = [list(row) for row in (colors if colors else _COLOR_TABLE)]
    if table and len(table[0]) < depth:
        raise errors.op_error(errors.InvalidArgumentError, ctx.op, "Channel depth should be "
                              "less than or equal to color channels %d" % len(table[0]))
    if depth == 1:
        for row in table:
            row[0] = 1.0
    boxes = boxes.detach().float().cpu().numpy()
    for b in range(batch):
        for k, box in enumerate(boxes[b] if b < len(boxes) else []):
            color = torch.tensor(table[k % len(table)][:depth], dtype=canvas.dtype)
            _draw_box(canvas[b], box, height, width, color)
    return canvas


def _draw_box(canvas, box, height, width, color):
    f = np.float32
    top, left = int(f(box[0]) * f(height - 1)), int(f(box[1]) * f(width - 1))
    bottom, right = int(f(box[2]) * f(height - 1)), int(f(box[3]) * f(width - 1))
    if top > bottom or left > right:
        return  # an inverted box is not drawn
    if top >= height or bottom < 0 or left >= width or right < 0:
        return  # neither is one wholly outside the image
    t, btm = max(top, 0), min(bottom, height - 1)
    lft, rgt = max(left, 0), min(right, width - 1)
    if top >= 0:
        canvas[top, lft:rgt + 1] = color
    if bottom < height:
        canvas[bottom, lft:rgt + 1] = color
    if left >= 0:
        canvas[t:btm + 1, left] = color
    if right < width:
        canvas[t:btm + 1, right] = color


@register_op("DrawBoundingBoxes", inputs=("images: T", "boxes: float"), infer=_draw_infer,
             differentiable=False)
def _lower_draw_bounding_boxes(ctx, images, boxes):
    return _draw(ctx, images, boxes, None)


@register_op("DrawBoundingBoxesV2", inputs=("images: T", "boxes: float", "colors: float"),
             infer=_draw_infer, differentiable=False)
def _lower_draw_bounding_boxes_v2(ctx, images, boxes, colors):
    return _draw(ctx, images, boxes, colors.detach().float().cpu().tolist())


def draw_bounding_boxes(images, boxes, name=None, colors=None):
    """TF1 `tf.image.draw_bounding_boxes`: box outlines drawn on float images (op
    `DrawBoundingBoxes`, or `DrawBoundingBoxesV2` with `colors`)."""
    if colors is None:
        return apply_op("DrawBoundingBoxes", [images, boxes], name=name or "DrawBoundingBoxes")
    return apply_op("DrawBoundingBoxesV2", [images, boxes, colors],
                    name=name or "DrawBoundingBoxesV2")


# -- SampleDistortedBoundingBoxV2 ------------------------------------------------------------------

def _sample_infer(op, image_size, bounding_boxes, min_object_covered, **attrs):
    inputs = [image_size, bounding_boxes, min_object_covered]
    _shape_fns.with_rank(op, inputs, image_size.shape, 1)
    _shape_fns.with_rank(op, inputs, bounding_boxes.shape, 3)
    dtype = image_size.dtype.base_dtype
    return [(dtype, TensorShape([3])), (dtype, TensorShape([3])),
            (dtypes.float32, TensorShape([1, 1, 4]))]


class _TorchDraws:
    """An unseeded op's draws (TF picks fresh seeds): RandFloat and Uniform(n) from torch."""

    def __init__(self, gen):
        self.gen = gen

    def rand_float(self):
        return np.float32(torch.rand((), generator=self.gen, dtype=torch.float32))

    def uniform(self, n):
        return int(torch.randint(0, n, (), generator=self.gen))


class _PhiloxDraws:
    """A seeded op's draws: TF's SimplePhilox over the run's window of the op's stream."""

    def __init__(self, key, counter):
        self.words = _philox.Uint32Stream(key, counter)

    def rand_float(self):
        return _philox.uint32_to_float(self.words())[()]

    def uniform(self, n):
        return self.words() % n


def _lrintf(x):
    return int(np.rint(np.float32(x)))


def _random_crop(rng, width, height, aspect_ratio, min_rel_area, max_rel_area):
    """TF's GenerateRandomCrop (float32 arithmetic as in the kernel): (x, y, w, h) or None."""
    f32 = np.float32
    if max_rel_area <= 0 or aspect_ratio <= 0 or min_rel_area > max_rel_area:
        return None
    min_area = f32(f32(min_rel_area) * f32(width)) * f32(height)
    max_area = f32(f32(max_rel_area) * f32(width)) * f32(height)
    h = _lrintf(np.sqrt(f32(min_area / aspect_ratio)))
    max_height = _lrintf(np.sqrt(f32(max_area / aspect_ratio)))
    if _lrintf(f32(max_height) * aspect_ratio) > width:
        max_height = int((width + 0.5 - float(f32(1e-7))) / float(aspect_ratio))
        if _lrintf(f32(max_height) * aspect_ratio) > width:
            max_height -= 1
    max_height = min(max_height, height)
    h = min(h, max_height)
    if h < max_height:
        h += rng.uniform(max_height - h + 1)
    w = _lrintf(f32(h) * aspect_ratio)
    area = f32(w * h)
    if area < min_area:
        h += 1
        w = _lrintf(f32(h) * aspect_ratio)
        area = f32(w * h)
    if area > max_area:
        h -= 1
        w = _lrintf(f32(h) * aspect_ratio)
        area = f32(w * h)
    if area < min_area or area > max_area or w > width or h > height or w <= 0 or h <= 0:
        return None
    y = rng.uniform(height - h) if h < height else 0
    x = rng.uniform(width - w) if w < width else 0
    return x, y, w, h


def _area(xmin, ymin, xmax, ymax):
    return np.float32((xmax - xmin) * (ymax - ymin))


def _covers(crop, boxes, min_covered):
    """TF's SatisfiesOverlapConstraints on integer rectangles (xmin, ymin, xmax, ymax)."""
    x, y, w, h = crop
    if _area(x, y, x + w, y + h) < 1:
        return False
    for xmin, ymin, xmax, ymax in boxes:
        box_area = _area(xmin, ymin, xmax, ymax)
        if box_area < 1:
            continue
        ix0, iy0, ix1, iy1 = max(x, xmin), max(y, ymin), min(x + w, xmax), min(y + h, ymax)
        inter = _area(ix0, iy0, ix1, iy1) if ix0 <= ix1 and iy0 <= iy1 else np.float32(0)
        if np.float32(inter / box_area) >= min_covered:
            return True
    return False


def _check_sample_attrs(ctx, aspect_ratio_range, area_range, max_attempts):
    """The checks of TF's SampleDistortedBoundingBox kernel constructor."""
    def fail(text):
        raise errors.op_error(errors.InvalidArgumentError, ctx.op, text)
    if len(aspect_ratio_range) != 2:
        fail("Aspect ratio range field must specify 2 dimensions")
    if not (aspect_ratio_range[0] > 0 and aspect_ratio_range[1] > 0):
        fail("Aspect ratio range must be non-negative: [%g, %g]" % tuple(aspect_ratio_range))
    if len(area_range) != 2:
        fail("Area range field must specify 2 dimensions")
    if not (area_range[0] > 0 and area_range[1] > 0):
        fail("Area range must be non-negative: [%g, %g]" % tuple(area_range))
    if not (area_range[0] <= 1 and area_range[1] <= 1):
        fail("Area range must be less then or equal to 1.0: [%g, %g]" % tuple(area_range))
    if max_attempts <= 0:
        fail("Max attempts must be non-negative: %d" % max_attempts)


@register_op("SampleDistortedBoundingBoxV2",
             inputs=("image_size: T", "bounding_boxes: float", "min_object_covered: float"),
             infer=_sample_infer,
             attrs={"seed": 0, "seed2": 0, "aspect_ratio_range": [0.75, 1.33],
                    "area_range": [0.05, 1.0], "max_attempts": 100,
                    "use_image_if_no_bounding_boxes": False},
             stateful=True, differentiable=False)
def _lower_sample_distorted_bounding_box(ctx, image_size, bounding_boxes, min_object_covered,
                                         *, aspect_ratio_range=(0.75, 1.33),
                                         area_range=(0.05, 1.0), max_attempts=100,
                                         use_image_if_no_bounding_boxes=False, **seeds):
    _check_sample_attrs(ctx, aspect_ratio_range, area_range, max_attempts)
    if float(min_object_covered) < 0:
        raise errors.op_error(errors.InvalidArgumentError, ctx.op, "Min object covered must be "
                              "non-negative: %g" % float(min_object_covered))
    size = [int(v) for v in image_size.tolist()]
    if len(size) != 3 or size[0] <= 0 or size[1] <= 0:
        raise errors.op_error(errors.InvalidArgumentError, ctx.op, "image_size must be 1-D "
                              "[height, width, channels] with positive height and width, got %s"
                              % size)
    height, width = size[0], size[1]
    raw = bounding_boxes.detach().float().cpu().numpy().reshape(-1, 4)
    bad = raw[(raw < 0) | (raw > 1) | np.isnan(raw)]
    if bad.size:   # TF names the first coordinate out of range (absl::StrCat: 6 digits)
        raise errors.op_error(errors.InvalidArgumentError, ctx.op, "All bounding box "
                              "coordinates must be in [0.0, 1.0]: %g" % bad[0])
    # integer rectangles (xmin, ymin, xmax, ymax), truncated from float32 as TF's kernel does
    f32 = np.float32
    boxes = [(int(f32(b[1]) * f32(width)), int(f32(b[0]) * f32(height)),
              int(f32(b[3]) * f32(width)), int(f32(b[2]) * f32(height))) for b in raw.tolist()]
    if not boxes:
        if not use_image_if_no_bounding_boxes:
            raise errors.op_error(errors.InvalidArgumentError, ctx.op, "No bounding boxes "
                                  "provided as input. One must enable "
                                  "use_image_if_no_bounding_boxes if you wish to not provide "
                                  "any bounding boxes.")
        boxes = [(0, 0, width, height)]
    crop = _sample_crop(ctx, height, width, boxes, np.float32(min_object_covered),
                        aspect_ratio_range, area_range, max_attempts, **seeds)
    x, y, w, h = crop
    dtype = image_size.dtype
    corners = np.array([y, x, y + h, x + w], np.float32) / np.array(
        [height, width, height, width], np.float32)
    return (torch.tensor([y, x, 0], dtype=dtype), torch.tensor([h, w, -1], dtype=dtype),
            torch.from_numpy(corners.reshape(1, 1, 4)))


def _sample_crop(ctx, height, width, boxes, min_covered, aspect_ratio_range, area_range,
                 max_attempts, seed=0, seed2=0):
    # a seeded op reads TF's stream; each run reserves max_attempts blocks (4 draws each)
    stream = random_ops.seeded_stream(ctx, seed, seed2, max_attempts)
    rng = _PhiloxDraws(*stream) if stream is not None else _TorchDraws(ctx.generator())
    f32 = np.float32
    low, high = f32(aspect_ratio_range[0]), f32(aspect_ratio_range[1])
    for _ in range(max_attempts):
        ratio = f32(rng.rand_float() * f32(high - low)) + low
        crop = _random_crop(rng, width, height, ratio, f32(area_range[0]), f32(area_range[1]))
        if crop is not None and _covers(crop, boxes, min_covered):
            return crop
    return 0, 0, width, height  # after max_attempts failures: the whole image


def sample_distorted_bounding_box(image_size, bounding_boxes, seed=None, seed2=None,
                                  min_object_covered=0.1, aspect_ratio_range=None,
                                  area_range=None, max_attempts=None,
                                  use_image_if_no_bounding_boxes=None, name=None):
    """TF1 `tf.image.sample_distorted_bounding_box` (op `SampleDistortedBoundingBoxV2`): a random
    crop (begin, size, bboxes) covering at least `min_object_covered` of some box. The op's
    `seed`/`seed2` attrs are the arguments themselves, as in TF1."""
    attrs = {"seed": int(seed or 0), "seed2": int(seed2 or 0)}
    for key, value in (("aspect_ratio_range", aspect_ratio_range), ("area_range", area_range)):
        if value is not None:
            attrs[key] = [float(v) for v in value]
    if max_attempts is not None:
        attrs["max_attempts"] = int(max_attempts)
    if use_image_if_no_bounding_boxes is not None:
        attrs["use_image_if_no_bounding_boxes"] = bool(use_image_if_no_bounding_boxes)
    with name_scope(name, "sample_distorted_bounding_box"):
        # converted by apply_op, inside the op's own name scope as TF's op wrapper converts it
        return apply_op("SampleDistortedBoundingBoxV2",
                        [image_size, bounding_boxes, min_object_covered],
                        name=name or "SampleDistortedBoundingBoxV2", **attrs)
