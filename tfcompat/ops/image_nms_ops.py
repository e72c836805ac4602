"""Non-maximum suppression ops (NonMaxSuppressionV3/V4/V5, NonMaxSuppressionWithOverlaps,
CombinedNonMaxSuppression) and their `tf.image` functions.

NMS is a sequential greedy walk over a score-ordered queue, so the kernels run on the host in
numpy, following TF's non_max_suppression_op.cc step by step (candidate order: higher score
first, then lower box index; a candidate is compared with the selected boxes newest first;
Soft-NMS re-queues a candidate whose score decayed).
"""
from __future__ import annotations

import heapq
import math

import numpy as np
import torch

from tfcompat import errors
from tfcompat.framework import dtypes
from tfcompat.framework.convert import convert_to_tensor
from tfcompat.framework.graph import name_scope
from tfcompat.framework.op_builder import apply_op
from tfcompat.framework.registry import register_op
from tfcompat.framework.tensor_shape import TensorShape
from tfcompat.framework.tensor_util import constant_value
from tfcompat.ops import _shape_fns


def _np(value):
    return value.detach().cpu().numpy() if isinstance(value, torch.Tensor) else np.asarray(value)


def _iou_matrix(boxes):
    """TF's IOU: corners put in min/max order; an empty box overlaps nothing."""
    b = boxes.astype(np.float64)
    ymin, ymax = np.minimum(b[:, 0], b[:, 2]), np.maximum(b[:, 0], b[:, 2])
    xmin, xmax = np.minimum(b[:, 1], b[:, 3]), np.maximum(b[:, 1], b[:, 3])
    area = (ymax - ymin) * (xmax - xmin)
    ih = np.maximum(np.minimum(ymax[:, None], ymax[None])
                    - np.maximum(ymin[:, None], ymin[None]), 0)
    iw = np.maximum(np.minimum(xmax[:, None], xmax[None])
                    - np.maximum(xmin[:, None], xmin[None]), 0)
    inter = ih * iw
    union = area[:, None] + area[None] - inter
    with np.errstate(divide="ignore", invalid="ignore"):
        iou = np.where((area[:, None] > 0) & (area[None] > 0), inter / union, 0.0)
    return iou


def greedy_nms(similarity, scores, max_output, threshold, score_threshold, sigma=0.0):
    """TF's DoNonMaxSuppressionOp: (selected indices, their (soft-NMS) scores)."""
    scale = -0.5 / sigma if sigma > 0 else 0.0
    soft = sigma > 0
    # heap entries: (-score, box index, first selected index still to compare with)
    queue = [(-float(s), i, 0) for i, s in enumerate(scores) if s > score_threshold]
    heapq.heapify(queue)
    selected, selected_scores = [], []
    while len(selected) < max_output and queue:
        neg, index, begin = heapq.heappop(queue)
        score = original = -neg
        suppressed = False
        for j in range(len(selected) - 1, begin - 1, -1):
            sim = similarity(index, selected[j])
            # Soft-NMS decays every overlap (the threshold then plays no part)
            score *= math.exp(scale * sim * sim) if soft or sim <= threshold else 0.0
            if not soft and sim > threshold:
                suppressed = True
                break
            if score <= score_threshold:
                break
        if suppressed:
            continue
        if score == original:
            selected.append(index)
            selected_scores.append(score)
        elif score > score_threshold:
            heapq.heappush(queue, (-score, index, len(selected)))
    return selected, selected_scores


def _check_threshold(ctx, value, what):
    if not 0.0 <= value <= 1.0:
        raise errors.op_error(errors.InvalidArgumentError, ctx.op,
                              "%s must be in [0, 1]" % what)


def _check_max_output(ctx, max_output):
    if max_output < 0:
        raise errors.op_error(errors.InvalidArgumentError, ctx.op,
                              "max_output_size must be non-negative")


def _debug_shape(shape):
    return "[%s]" % ",".join(str(d) for d in shape)


def _check_nms_sizes(ctx, boxes_shape, scores_shape):
    """TF's ParseAndCheckBoxSizes / CheckScoreSizes messages (TF 2.x appends the shape
    function's words in parentheses)."""
    def fail(message):
        raise errors.op_error(errors.InvalidArgumentError, ctx.op, message)
    if len(boxes_shape) != 2:
        fail("boxes must be 2-D%s (Shape must be rank 2 but is rank %d)"
             % (_debug_shape(boxes_shape), len(boxes_shape)))
    if boxes_shape[1] != 4:
        fail("boxes must have 4 columns (Dimension must be 4 but is %d)" % boxes_shape[1])
    if len(scores_shape) != 1:
        fail("scores must be 1-D%s (Shape must be rank 1 but is rank %d)"
             % (_debug_shape(scores_shape), len(scores_shape)))
    if scores_shape[0] != boxes_shape[0]:
        fail("scores has incompatible shape (Dimensions must be equal, but are %d and %d)"
             % (boxes_shape[0], scores_shape[0]))


def _run_nms(ctx, boxes, scores, max_output, iou, score_threshold, sigma=0.0):
    boxes, scores = _np(boxes), _np(scores)
    _check_nms_sizes(ctx, boxes.shape, scores.shape)
    max_output, iou = int(_np(max_output)), float(_np(iou))
    _check_max_output(ctx, max_output)
    _check_threshold(ctx, iou, "iou_threshold")
    matrix = _iou_matrix(boxes)
    return greedy_nms(lambda i, j: matrix[i, j], scores, max_output, iou,
                      float(_np(score_threshold)), sigma)


def _indices(selected, pad_to=None):
    out = np.zeros(pad_to if pad_to is not None else len(selected), np.int32)
    out[:len(selected)] = selected
    return torch.from_numpy(out)


def _max_output_dim(max_output_size, pad):
    value = constant_value(max_output_size)
    return int(value) if pad and value is not None else None


def _nms_shape_checks(op, inputs, width):
    """TF's NMSShapeFn (NonMaxSuppressionV2-V5; with `width` None, WithOverlaps'): ranks 2, 1
    and scalars, num_boxes merged, boxes' second dimension 4 (or the overlaps square)."""
    first = _shape_fns.with_rank(op, inputs, inputs[0].shape, 2).as_list()
    second = _shape_fns.with_rank(op, inputs, inputs[1].shape, 1).as_list()
    for t in inputs[2:]:
        _shape_fns.with_rank(op, inputs, t.shape, 0)
    _shape_fns.merge_dim(op, inputs, first[0], second[0])
    if width is None:
        _shape_fns.merge_dim(op, inputs, first[0], first[1])
    else:
        _shape_fns.with_value(op, inputs, first[1], width)


def _boxes_infer(op, boxes, scores, max_output_size, *rest, pad_to_max_output_size=False,
                 **attrs):
    _nms_shape_checks(op, [boxes, scores, max_output_size] + list(rest), 4)
    shape = TensorShape([_max_output_dim(max_output_size, pad_to_max_output_size)])
    outputs = [(dtypes.int32, shape)]
    if op.type == "NonMaxSuppressionV5":
        outputs.append((boxes.dtype.base_dtype, shape))
    if op.type in ("NonMaxSuppressionV4", "NonMaxSuppressionV5"):
        outputs.append((dtypes.int32, TensorShape([])))
    return outputs


_NMS_INPUTS = ("boxes: T", "scores: T", "max_output_size: int32", "iou_threshold: T_threshold",
               "score_threshold: T_threshold")


@register_op("NonMaxSuppressionV3", inputs=_NMS_INPUTS, infer=_boxes_infer, host_only=True,
             differentiable=False)
def _lower_nms_v3(ctx, boxes, scores, max_output_size, iou_threshold, score_threshold):
    selected, _ = _run_nms(ctx, boxes, scores, max_output_size, iou_threshold, score_threshold)
    return _indices(selected)


@register_op("NonMaxSuppressionV4", inputs=_NMS_INPUTS, infer=_boxes_infer,
             attrs={"pad_to_max_output_size": False}, host_only=True, differentiable=False)
def _lower_nms_v4(ctx, boxes, scores, max_output_size, iou_threshold, score_threshold, *,
                  pad_to_max_output_size=False):
    selected, _ = _run_nms(ctx, boxes, scores, max_output_size, iou_threshold, score_threshold)
    pad = int(_np(max_output_size)) if pad_to_max_output_size else None
    return _indices(selected, pad), torch.tensor(len(selected), dtype=torch.int32)


@register_op("NonMaxSuppressionV5", inputs=("boxes: T", "scores: T", "max_output_size: int32",
                                            "iou_threshold: T", "score_threshold: T",
                                            "soft_nms_sigma: T"),
             infer=_boxes_infer, attrs={"pad_to_max_output_size": False}, host_only=True,
             differentiable=False)
def _lower_nms_v5(ctx, boxes, scores, max_output_size, iou_threshold, score_threshold,
                  soft_nms_sigma, *, pad_to_max_output_size=False):
    sigma = float(_np(soft_nms_sigma))
    if sigma < 0:
        raise errors.op_error(errors.InvalidArgumentError, ctx.op,
                              "soft_nms_sigma_val must be non-negative, got %s" % sigma)
    selected, kept = _run_nms(ctx, boxes, scores, max_output_size, iou_threshold,
                              score_threshold, sigma)
    pad = int(_np(max_output_size)) if pad_to_max_output_size else None
    out_scores = np.zeros(pad if pad is not None else len(kept), _np(scores).dtype)
    out_scores[:len(kept)] = kept
    return (_indices(selected, pad), torch.from_numpy(out_scores),
            torch.tensor(len(selected), dtype=torch.int32))


def _overlaps_infer(op, overlaps, scores, *rest, **attrs):
    _nms_shape_checks(op, [overlaps, scores] + list(rest), None)
    return [(dtypes.int32, TensorShape([None]))]


@register_op("NonMaxSuppressionWithOverlaps",
             inputs=("overlaps: float", "scores: float", "max_output_size: int32",
                     "overlap_threshold: float", "score_threshold: float"),
             infer=_overlaps_infer, host_only=True, differentiable=False)
def _lower_nms_overlaps(ctx, overlaps, scores, max_output_size, overlap_threshold,
                        score_threshold):
    overlaps, scores = _np(overlaps), _np(scores)
    if overlaps.ndim != 2 or overlaps.shape[0] != overlaps.shape[1]:
        raise errors.op_error(errors.InvalidArgumentError, ctx.op, "overlaps must be square, "
                              "got shape %s" % list(overlaps.shape))
    max_output = int(_np(max_output_size))
    _check_max_output(ctx, max_output)
    selected, _ = greedy_nms(lambda i, j: float(overlaps[i, j]), scores, max_output,
                             float(_np(overlap_threshold)), float(_np(score_threshold)))
    return _indices(selected)


def non_max_suppression(boxes, scores, max_output_size, iou_threshold=0.5,
                        score_threshold=float("-inf"), name=None):
    """TF1 `tf.image.non_max_suppression` (op `NonMaxSuppressionV3`): indices of the boxes
    kept, highest score first."""
    with name_scope(name, "non_max_suppression"):
        iou_threshold = convert_to_tensor(iou_threshold, name="iou_threshold")
        score_threshold = convert_to_tensor(score_threshold, name="score_threshold")
        return apply_op("NonMaxSuppressionV3", [boxes, scores, max_output_size, iou_threshold,
                                                score_threshold], name="NonMaxSuppressionV3")


def non_max_suppression_with_scores(boxes, scores, max_output_size, iou_threshold=0.5,
                                    score_threshold=float("-inf"), soft_nms_sigma=0.0,
                                    name=None):
    """TF1 `tf.image.non_max_suppression_with_scores` (op `NonMaxSuppressionV5`, Soft-NMS when
    `soft_nms_sigma` > 0): (selected indices, selected scores)."""
    with name_scope(name, "non_max_suppression_with_scores"):
        iou_threshold = convert_to_tensor(iou_threshold, name="iou_threshold")
        score_threshold = convert_to_tensor(score_threshold, name="score_threshold")
        soft_nms_sigma = convert_to_tensor(soft_nms_sigma, name="soft_nms_sigma")
        indices, kept, _ = apply_op(
            "NonMaxSuppressionV5", [boxes, scores, max_output_size, iou_threshold,
                                    score_threshold, soft_nms_sigma],
            name="NonMaxSuppressionV5", pad_to_max_output_size=False)
        return indices, kept


def non_max_suppression_padded(boxes, scores, max_output_size, iou_threshold=0.5,
                               score_threshold=float("-inf"), pad_to_max_output_size=False,
                               name=None, sorted_input=False, canonicalized_coordinates=False,
                               tile_size=512):
    """TF1 `tf.image.non_max_suppression_padded` as TF 1.15 built it (op
    `NonMaxSuppressionV4`, one image of [num_boxes, 4] boxes): (indices, valid count).
    `sorted_input`, `canonicalized_coordinates` and `tile_size` only tune TF2's tiled version
    and are accepted for compatibility."""
    with name_scope(name, "non_max_suppression_padded"):
        boxes = convert_to_tensor(boxes, name="boxes")
        if boxes.shape.ndims is not None and boxes.shape.ndims > 2:
            raise NotImplementedError(
                "tfcompat: non_max_suppression_padded takes one image's boxes [num_boxes, 4] "
                "(TF 1.15's op NonMaxSuppressionV4); run it per image (tf.map_fn) for a batch.")
        iou_threshold = convert_to_tensor(iou_threshold, name="iou_threshold")
        score_threshold = convert_to_tensor(score_threshold, name="score_threshold")
        return tuple(apply_op("NonMaxSuppressionV4",
                              [boxes, scores, max_output_size, iou_threshold, score_threshold],
                              name="NonMaxSuppressionV4",
                              pad_to_max_output_size=bool(pad_to_max_output_size)))


def non_max_suppression_with_overlaps(overlaps, scores, max_output_size, overlap_threshold=0.5,
                                      score_threshold=float("-inf"), name=None):
    """TF1 `tf.image.non_max_suppression_overlaps` (op `NonMaxSuppressionWithOverlaps`):
    NMS over a precomputed [num_boxes, num_boxes] overlap matrix."""
    with name_scope(name, "non_max_suppression_overlaps"):
        overlap_threshold = convert_to_tensor(overlap_threshold, name="overlap_threshold")
        return apply_op("NonMaxSuppressionWithOverlaps",
                        [overlaps, scores, max_output_size, overlap_threshold, score_threshold],
                        name="NonMaxSuppressionWithOverlaps")


non_max_suppression_overlaps = non_max_suppression_with_overlaps


# -- CombinedNonMaxSuppression: per-class NMS, then the best `max_total_size` over classes ------

def _per_batch_size(max_per_class, max_total, num_classes, pad_per_class):
    if pad_per_class and max_per_class is not None and num_classes is not None \
            and max_total is not None:
        return min(max_total, max_per_class * num_classes)
    return None if pad_per_class else max_total


def _combined_infer(op, boxes, scores, max_per_class, max_total, iou, score, *,
                    pad_per_class=False, clip_boxes=True):
    boxes.shape.with_rank(4)
    scores.shape.with_rank(3)
    batch = boxes.shape[0].value
    per_class, total = constant_value(max_per_class), constant_value(max_total)
    size = _per_batch_size(None if per_class is None else int(per_class),
                           None if total is None else int(total), scores.shape[2].value,
                           pad_per_class)
    return [(dtypes.float32, TensorShape([batch, size, 4])),
            (dtypes.float32, TensorShape([batch, size])),
            (dtypes.float32, TensorShape([batch, size])),
            (dtypes.int32, TensorShape([batch]))]


def _class_candidates(boxes, scores, cls, max_per_class, iou, score_threshold):
    """(score, class, box coordinates) of the boxes NMS keeps for one class of one image."""
    class_boxes = boxes[:, 0 if boxes.shape[1] == 1 else cls]
    matrix = _iou_matrix(class_boxes)
    selected, kept = greedy_nms(lambda i, j: matrix[i, j], scores[:, cls], max_per_class, iou,
                                score_threshold)
    return [(s, cls, class_boxes[i]) for i, s in zip(selected, kept)]


@register_op("CombinedNonMaxSuppression",
             inputs=("boxes: float", "scores: float", "max_output_size_per_class: int32",
                     "max_total_size: int32", "iou_threshold: float", "score_threshold: float"),
             infer=_combined_infer, attrs={"pad_per_class": False, "clip_boxes": True},
             host_only=True, differentiable=False)
def _lower_combined_nms(ctx, boxes, scores, max_output_size_per_class, max_total_size,
                        iou_threshold, score_threshold, *, pad_per_class=False, clip_boxes=True):
    boxes, scores = _np(boxes), _np(scores)
    per_class, total = int(_np(max_output_size_per_class)), int(_np(max_total_size))
    iou, threshold = float(_np(iou_threshold)), float(_np(score_threshold))
    if total <= 0:
        raise errors.op_error(errors.InvalidArgumentError, ctx.op,
                              "max_total_size must be > 0")
    _check_threshold(ctx, iou, "iou_threshold")
    batch, num_classes = scores.shape[0], scores.shape[2]
    size = _per_batch_size(per_class, total, num_classes, pad_per_class)
    out_boxes = np.zeros((batch, size, 4), np.float32)
    out_scores = np.zeros((batch, size), np.float32)
    out_classes = np.zeros((batch, size), np.float32)
    valid = np.zeros(batch, np.int32)
    for b in range(batch):
        found = [c for cls in range(num_classes)
                 for c in _class_candidates(boxes[b], scores[b], cls, per_class, iou,
                                            threshold)]
        found.sort(key=lambda c: -c[0])  # stable: equal scores keep class order
        found = found[:size]
        for k, (score, cls, box) in enumerate(found):
            out_boxes[b, k] = np.clip(box, 0.0, 1.0) if clip_boxes else box
            out_scores[b, k], out_classes[b, k] = score, cls
        valid[b] = len(found)
    return tuple(torch.from_numpy(a) for a in (out_boxes, out_scores, out_classes, valid))


def combined_non_max_suppression(boxes, scores, max_output_size_per_class, max_total_size,
                                 iou_threshold=0.5, score_threshold=float("-inf"),
                                 pad_per_class=False, clip_boxes=True, name=None):
    """TF1 `tf.image.combined_non_max_suppression`: per-class NMS over a batch, then the best
    `max_total_size` detections per image: (nmsed_boxes, nmsed_scores, nmsed_classes,
    valid_detections)."""
    with name_scope(name, "combined_non_max_suppression"):
        iou_threshold = convert_to_tensor(iou_threshold, dtype=dtypes.float32,
                                          name="iou_threshold")
        score_threshold = convert_to_tensor(score_threshold, dtype=dtypes.float32,
                                            name="score_threshold")
        max_total_size = convert_to_tensor(max_total_size)
        return apply_op("CombinedNonMaxSuppression",
                        [boxes, scores, max_output_size_per_class, max_total_size,
                         iou_threshold, score_threshold], name="CombinedNonMaxSuppression",
                        pad_per_class=bool(pad_per_class), clip_boxes=bool(clip_boxes))


# -- GenerateBoundingBoxProposals: decode anchors + deltas, then NMS (TF has a GPU kernel only) ---

def _proposals_infer(op, scores, bbox_deltas, image_info, anchors, *rest, post_nms_topn=300):
    scores.shape.with_rank(4)
    bbox_deltas.shape.with_rank(4)
    image_info.shape.with_rank(2)
    anchors.shape.with_rank(3)
    batch = scores.shape[0].value
    return [(dtypes.float32, TensorShape([batch, post_nms_topn, 4])),
            (dtypes.float32, TensorShape([batch, post_nms_topn]))]


_BBOX_XFORM_CLIP = np.float32(math.log(1000.0 / 16.0))


def _decode_proposals(deltas, anchors, info, min_size):
    """The kernel's GeneratePreNMSUprightBoxes, in float32: boxes (y1, x1, y2, x2) clipped to
    the image, and which are at least `min_size * scale` on their shorter side."""
    f = np.float32
    y1, x1, y2, x2 = (anchors[:, k] for k in range(4))
    dy, dx = deltas[:, 0], deltas[:, 1]
    dh, dw = np.minimum(deltas[:, 2], _BBOX_XFORM_CLIP), np.minimum(deltas[:, 3],
                                                                    _BBOX_XFORM_CLIP)
    width, height = x2 - x1, y2 - y1
    ctr_x, ctr_y = x1 + f(0.5) * width + width * dx, y1 + f(0.5) * height + height * dy
    pred_w, pred_h = width * np.exp(dw), height * np.exp(dh)
    x1, x2 = ctr_x - f(0.5) * pred_w, ctr_x + f(0.5) * pred_w
    y1, y2 = ctr_y - f(0.5) * pred_h, ctr_y + f(0.5) * pred_h
    x1, x2 = (np.clip(v, f(0), info[1]) for v in (x1, x2))
    y1, y2 = (np.clip(v, f(0), info[0]) for v in (y1, y2))
    keep = np.minimum(x2 - x1, y2 - y1) >= min_size * info[2]
    return np.stack([y1, x1, y2, x2], 1), keep


@register_op("GenerateBoundingBoxProposals",
             inputs=("scores: float", "bbox_deltas: float", "image_info: float",
                     "anchors: float", "nms_threshold: float", "pre_nms_topn: int32",
                     "min_size: float"),
             infer=_proposals_infer, attrs={"post_nms_topn": 300}, host_only=True,
             differentiable=False)
def _lower_generate_proposals(ctx, scores, bbox_deltas, image_info, anchors, nms_threshold,
                              pre_nms_topn, min_size, *, post_nms_topn=300):
    scores, deltas = _np(scores).astype(np.float32), _np(bbox_deltas).astype(np.float32)
    info, anchors = _np(image_info).astype(np.float32), _np(anchors).astype(np.float32)
    threshold, pre_topn = float(_np(nms_threshold)), int(_np(pre_nms_topn))
    if not 0.0 <= threshold <= 1.0:
        raise errors.op_error(errors.InvalidArgumentError, ctx.op, "nms_threshold should be "
                              "between 0 and 1. Got %s" % threshold)
    if pre_topn <= 0:
        raise errors.op_error(errors.InvalidArgumentError, ctx.op,
                              "pre_nms_topn should be greater than 0")
    batch, height, width, num_anchors = scores.shape
    if anchors.size != height * width * num_anchors * 4:
        raise errors.op_error(errors.OutOfRangeError, ctx.op, "Box dimensions need to be 4")
    anchors = anchors.reshape(-1, 4)
    rois = np.zeros((batch, post_nms_topn, 4), np.float32)
    probs = np.zeros((batch, post_nms_topn), np.float32)
    for b in range(batch):
        flat = scores[b].reshape(-1)
        order = np.argsort(-flat, kind="stable")[:pre_topn]  # the kernel's stable radix sort
        boxes, keep = _decode_proposals(deltas[b].reshape(-1, 4)[order], anchors[order], info[b],
                                        np.float32(_np(min_size)))
        boxes, kept_scores = boxes[keep], flat[order][keep]
        matrix = _iou_matrix(boxes)
        # the boxes are in score order already: rank them by position
        selected, _ = greedy_nms(lambda i, j: matrix[i, j], -np.arange(len(boxes)),
                                 post_nms_topn, threshold, float("-inf"))
        rois[b, :len(selected)] = boxes[selected]
        probs[b, :len(selected)] = kept_scores[selected]
    return torch.from_numpy(rois), torch.from_numpy(probs)


def generate_bounding_box_proposals(scores, bbox_deltas, image_info, anchors,
                                    nms_threshold=0.7, pre_nms_topn=6000, min_size=16,
                                    post_nms_topn=300, name=None):
    """TF `tf.image.generate_bounding_box_proposals` (op `GenerateBoundingBoxProposals`, a
    region proposal layer): anchors shifted by `bbox_deltas` ([dy, dx, dh, dw]), clipped to
    the image, small boxes dropped, then NMS: (rois [N, post_nms_topn, 4], roi_probabilities).
    TF runs it on GPUs only; tfcompat on any device."""
    return apply_op("GenerateBoundingBoxProposals",
                    [scores, bbox_deltas, image_info, anchors, nms_threshold, pre_nms_topn,
                     min_size], name=name or "GenerateBoundingBoxProposals",
                    post_nms_topn=int(post_nms_topn))


__all__ = ["non_max_suppression", "non_max_suppression_with_scores",
           "non_max_suppression_padded", "non_max_suppression_overlaps",
           "combined_non_max_suppression", "generate_bounding_box_proposals"]
