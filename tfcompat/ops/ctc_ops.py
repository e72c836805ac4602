"""Connectionist Temporal Classification: TF's CTCLoss (tf.nn.ctc_loss, ctc_loss_v2),
CTCGreedyDecoder and CTCBeamSearchDecoder, and the label helpers collapse_repeated and
ctc_unique_labels (TF's Python composites).

The blank is the last class (ctc_loss_v2 moves another blank_index there first, as TF does).
CTCLoss runs torch's CTC on the log-softmax of the logits; its second output is the gradient
of the loss with respect to the logits, which is also what TF's registered gradient uses, so
the loss is differentiated by torch.autograd with the same result.
"""
from __future__ import annotations

import math

import numpy as np
import torch
import torch.nn.functional as F

from tfcompat import errors
from tfcompat.framework import dtypes
from tfcompat.framework.convert import convert_to_tensor
from tfcompat.framework.graph import name_scope
from tfcompat.framework.op_builder import apply_op
from tfcompat.framework.registry import register_op
from tfcompat.framework.sparse_tensor import SparseTensor
from tfcompat.framework.tensor_shape import TensorShape
from tfcompat.ops import _shape_fns as fns
from tfcompat.ops import array_ops
from tfcompat.ops import array_ops_join
from tfcompat.ops import array_ops_pad
from tfcompat.ops import functional_ops
from tfcompat.ops import indexing_ops
from tfcompat.ops import math_ops
from tfcompat.ops import reduction_ops
from tfcompat.ops import scatter_nd_ops
from tfcompat.ops import sparse_ops

# -- labels from the sparse inputs --------------------------------------------------------------


def _labels_per_batch(ctx, indices, values, batch):
    """The label sequence of each batch entry from (indices [N, 2], values [N])."""
    idx = indices.detach().cpu().numpy().reshape(-1, 2) if indices.numel() else np.zeros(
        (0, 2), np.int64)
    vals = values.detach().cpu().numpy().reshape(-1)
    labels = [[] for _ in range(batch)]
    for (b, _), v in zip(idx.tolist(), vals.tolist()):
        if not 0 <= b < batch:
            raise errors.InvalidArgumentError(None, ctx.op, "labels batch index must be in "
                                              "[0, %d) but is %d" % (batch, b))
        labels[b].append(int(v))
    return labels


def _collapse(seq):
    return [v for i, v in enumerate(seq) if i == 0 or v != seq[i - 1]]


# -- CTCLoss ----------------------------------------------------------------------------------

def _ctc_loss_infer(op, inputs, labels_indices, labels_values, sequence_length, **unused):
    dims = fns.dims(fns.with_rank(op, op.inputs, inputs.shape, 3))
    fns.with_rank(op, op.inputs, labels_indices.shape, 2)
    fns.with_rank(op, op.inputs, labels_values.shape, 1)
    seq = fns.dims(fns.with_rank(op, op.inputs, sequence_length.shape, 1))
    batch = fns.merge_dim(op, op.inputs, dims[1], seq[0])
    dtype = inputs.dtype.base_dtype
    return [(dtype, TensorShape([batch])), (dtype, TensorShape([dims[0], batch, dims[2]]))]


def _label_sequence(ctx, b, label, num_classes, collapse):
    """TF's PopulateLPrimes for one batch entry: repeats dropped when `collapse`, and the
    sequence ended by a label >= num_classes - 1 (a later real label is an error)."""
    if not label:
        raise errors.InvalidArgumentError(None, ctx.op, "Labels length is zero in batch %d" % b)
    seq, finished = [], False
    for i, v in enumerate(label):
        if i and collapse and v == label[i - 1]:
            continue
        if v >= num_classes - 1:
            finished = True
        elif finished:
            raise errors.InvalidArgumentError(
                None, ctx.op, "Saw a non-null label (index >= num_classes - 1) following a null "
                "label, batch: %d num_classes: %d labels: %s labels seen so far: %s"
                % (b, num_classes, ",".join(str(x) for x in label),
                   ",".join(str(x) for x in seq)))
        else:
            seq.append(v)
    if any(v < 0 for v in seq):
        raise errors.InvalidArgumentError(None, ctx.op, "All labels must be nonnegative "
                                          "integers, batch: %d labels: %s"
                                          % (b, ",".join(str(x) for x in seq)))
    return seq


def _ctc_sequences(ctx, max_time, seq_len, labels, num_classes, collapse, ignore_longer):
    """(label sequences, which entries are computed): TF skips (loss 0, gradient 0) an empty
    input and, when ignoring, one with more labels than frames; otherwise that is an error."""
    for b, length in enumerate(seq_len):
        if length < 0:
            raise errors.InvalidArgumentError(None, ctx.op, "seq_len(%d) < 0" % b)
        if length > max_time:
            raise errors.InvalidArgumentError(None, ctx.op, "seq_len(%d) > num_time_steps" % b)
    sequences = []
    for b, label in enumerate(labels):
        sequences.append(_label_sequence(ctx, b, label, num_classes, collapse))
        if not ignore_longer and len(label) > seq_len[b]:
            raise errors.InvalidArgumentError(
                None, ctx.op, "Not enough time for target transition sequence (required: %d, "
                "available: %d)%dYou can turn this error into a warning by using the flag "
                "ignore_longer_outputs_than_inputs" % (len(label), seq_len[b], b))
    computed = [length > 0 and not (ignore_longer and len(label) > length)
                for label, length in zip(labels, seq_len)]
    return sequences, computed


def _check_loss_inputs(ctx, max_time, batch, labels_indices, labels_values, sequence_length):
    """The checks of TF's CTCLossOp::Compute before the loss, in its order and words: the
    labels must be a valid SparseTensor of shape [batch, longest label] in row-major order."""
    def fail(message):
        raise errors.op_error(errors.InvalidArgumentError, ctx.op, message)
    if max_time == 0:
        fail("Max time or first dimension of input cannot be 0.")
    if sequence_length.shape[0] != batch:
        fail("len(sequence_length) != batch_size.  len(sequence_length):  %d batch_size: %d"
             % (sequence_length.shape[0], batch))
    if labels_indices.shape[0] != labels_values.shape[0]:
        fail("labels_indices and labels_values must contain the same number of rows, but saw "
             "shapes: [%s] vs. [%s]" % (",".join(map(str, labels_indices.shape)),
                                        ",".join(map(str, labels_values.shape))))
    if batch == 0:
        fail("batch_size must not be 0")
    idx = labels_indices.detach().cpu().numpy().reshape(-1, labels_indices.shape[-1])
    longest = int(idx[:, 1].max()) + 1 if len(idx) else 0
    try:
        sparse_ops._check_indices(ctx, idx, [batch, max(longest, 0)], ordered=True)
    except errors.InvalidArgumentError as e:  # its message without the op's tail
        fail("label SparseTensor is not valid: " + e.message.split("\n\t [[node ")[0])
    for b, length in enumerate(sequence_length.tolist()):
        if length > max_time:
            fail("sequence_length(%d) <= %d" % (b, max_time))


@register_op("CTCLoss", inputs=("inputs: T", "labels_indices: int64", "labels_values: int32",
                                "sequence_length: int32"),
             infer=_ctc_loss_infer,
             attrs={"preprocess_collapse_repeated": False, "ctc_merge_repeated": True,
                    "ignore_longer_outputs_than_inputs": False})
def _lower_ctc_loss(ctx, inputs, labels_indices, labels_values, sequence_length, *,
                    preprocess_collapse_repeated=False, ctc_merge_repeated=True,
                    ignore_longer_outputs_than_inputs=False):
    max_time, batch, num_classes = inputs.shape
    _check_loss_inputs(ctx, max_time, batch, labels_indices, labels_values, sequence_length)
    labels = _labels_per_batch(ctx, labels_indices, labels_values, batch)
    seq_len = [int(v) for v in sequence_length.tolist()]
    sequences, computed = _ctc_sequences(ctx, max_time, seq_len, labels, num_classes,
                                         preprocess_collapse_repeated,
                                         ignore_longer_outputs_than_inputs)
    dev = inputs.device
    lengths = [len(seq) for seq in sequences]
    targets = torch.tensor([v for seq in sequences for v in seq] or [0], dtype=torch.long,
                           device=dev)[:sum(lengths)]
    with torch.enable_grad():
        leaf = inputs.detach().requires_grad_()
        log_probs = F.log_softmax(leaf, dim=2)
        if ctc_merge_repeated:
            loss = F.ctc_loss(log_probs, targets, torch.tensor(seq_len, dtype=torch.long),
                              torch.tensor(lengths, dtype=torch.long), blank=num_classes - 1,
                              reduction="none", zero_infinity=True)
            (grad,) = torch.autograd.grad(loss.sum(), leaf)
            loss = F.ctc_loss(log_probs.detach(), targets,
                              torch.tensor(seq_len, dtype=torch.long),
                              torch.tensor(lengths, dtype=torch.long), blank=num_classes - 1,
                              reduction="none", zero_infinity=False)
        else:
            loss = _ctc_without_merging(log_probs, sequences, seq_len, num_classes - 1)
            (grad,) = torch.autograd.grad(loss.sum(), leaf)
            loss = torch.where(loss > _IMPOSSIBLE, torch.full_like(loss, math.inf),
                               loss.detach())
    # an impossible alignment: loss +inf and, as in TF's kernel, the softmax as gradient
    frames = torch.arange(max_time, device=dev).view(-1, 1) < torch.tensor(seq_len, device=dev)
    softmax = frames.unsqueeze(2) * log_probs.detach().exp()
    grad = torch.where(torch.isinf(loss).view(1, -1, 1), softmax.to(grad.dtype), grad)
    # a skipped entry: loss 0, gradient 0
    keep = torch.tensor(computed, dtype=torch.bool, device=dev)
    zero = torch.zeros((), dtype=loss.dtype, device=dev)
    loss = torch.where(keep, loss, zero)
    grad = torch.where(keep.view(1, -1, 1), grad, zero.to(grad.dtype))
    if inputs.requires_grad:
        loss = _CTCLossGrad.apply(inputs, loss, grad)
    return loss.to(inputs.dtype), grad.to(inputs.dtype)


_LOG_ZERO = -1e30   # a finite log(0), so impossible paths keep finite gradients
_IMPOSSIBLE = 1e29


def _ctc_without_merging(log_probs, sequences, seq_len, blank):
    """-log p(labels) when every emitted label is a label of its own (ctc_merge_repeated
    False): TF's alpha recursion (Graves, eq. 7.9) without the self-loop on labels, so a
    repeated label needs no blank between its copies. Differentiable by torch."""
    max_time, batch, _ = log_probs.shape
    width = 2 * max((len(seq) for seq in sequences), default=0) + 1
    dev = log_probs.device
    lab = torch.full((batch, width), blank, dtype=torch.long, device=dev)
    for b, seq in enumerate(sequences):
        if seq:
            lab[b, 1:2 * len(seq):2] = torch.tensor(seq, dtype=torch.long, device=dev)
    sizes = torch.tensor([2 * len(seq) + 1 for seq in sequences], device=dev)
    inside = torch.arange(width, device=dev).view(1, -1) < sizes.view(-1, 1)
    is_blank = lab == blank
    zero = torch.full((batch, width), _LOG_ZERO, dtype=log_probs.dtype, device=dev)
    emit = log_probs.gather(2, lab.unsqueeze(0).expand(max_time, -1, -1))
    alpha = torch.where(inside & (torch.arange(width, device=dev) < 2), emit[0], zero)
    lengths = torch.tensor(seq_len, device=dev)
    for t in range(1, max_time):
        stay = torch.where(is_blank, alpha, zero)
        prev1 = torch.cat([zero[:, :1], alpha[:, :-1]], 1)
        prev2 = torch.where(is_blank, zero, torch.cat([zero[:, :2], alpha[:, :-2]], 1))
        new = torch.logsumexp(torch.stack([stay, prev1, prev2]), 0) + emit[t]
        new = torch.where(inside, new, zero)
        alpha = torch.where((t < lengths).view(-1, 1), new, alpha)
    last = alpha.gather(1, (sizes - 1).view(-1, 1))
    before = torch.where((sizes > 1).view(-1, 1), alpha.gather(1, (sizes - 2).clamp(min=0)
                                                                .view(-1, 1)), zero[:, :1])
    return -torch.logsumexp(torch.cat([last, before], 1), 1)


class _CTCLossGrad(torch.autograd.Function):
    """TF's _CTCLossGrad: d inputs = grad_loss * the op's gradient output (TF prevents a
    second derivative; this one has none either)."""

    @staticmethod
    def forward(ctx, inputs, loss, grad):
        ctx.save_for_backward(grad)
        return loss.clone()

    @staticmethod
    def backward(ctx, g):
        (grad,) = ctx.saved_tensors
        return g.view(1, -1, 1) * grad, None, None


def ctc_loss(labels, inputs=None, sequence_length=None, preprocess_collapse_repeated=False,
             ctc_merge_repeated=True, ignore_longer_outputs_than_inputs=False, time_major=True,
             logits=None):
    """TF1 `tf.nn.ctc_loss`: negative log-likelihood per batch entry of the SparseTensor
    `labels` under the logits `inputs` ([time, batch, classes]; blank = classes - 1)."""
    if not isinstance(labels, SparseTensor):
        raise TypeError("Expected argument `labels` to be a SparseTensor. Received labels=%s "
                        "of type: %s" % (labels, type(labels).__name__))
    if inputs is not None and logits is not None:
        raise ValueError("Cannot specify both 'logits' and 'inputs'")
    inputs = convert_to_tensor(inputs if inputs is not None else logits, name="logits")
    if not time_major:
        inputs = array_ops.transpose(inputs, [1, 0, 2])
    orig_dtype = inputs.dtype
    if orig_dtype in (dtypes.float16, dtypes.bfloat16):
        inputs = math_ops.cast(inputs, dtypes.float32)
    loss, _ = apply_op("CTCLoss", [inputs, labels.indices, labels.values, sequence_length],
                       name="CTCLoss",
                       preprocess_collapse_repeated=bool(preprocess_collapse_repeated),
                       ctc_merge_repeated=bool(ctc_merge_repeated),
                       ignore_longer_outputs_than_inputs=bool(
                           ignore_longer_outputs_than_inputs))
    if orig_dtype in (dtypes.float16, dtypes.bfloat16):
        loss = math_ops.cast(loss, orig_dtype)
    return loss


def _get_dim(tensor, i):
    """A static dimension where known, else the dynamic one (TF's ctc_ops._get_dim)."""
    value = tensor.shape[i].value if tensor.shape.ndims is not None else None
    return value if value is not None else array_ops.shape(tensor)[i]


def dense_labels_to_sparse(dense, length):
    """Dense [batch, max_length] labels with lengths -> SparseTensor (int32 values)."""
    dense = convert_to_tensor(dense)
    mask = indexing_ops.sequence_mask(length, maxlen=array_ops.shape(dense)[1])
    indices = indexing_ops.where(mask)
    values = math_ops.cast(indexing_ops.boolean_mask(dense, mask), dtypes.int32)
    max_length = math_ops.cast(reduction_ops.reduce_max(length), dtypes.int64)
    shape = array_ops_join.stack([math_ops.cast(array_ops.shape(dense)[0], dtypes.int64),
                                  max_length])
    return SparseTensor(indices, values, shape)


def ctc_loss_v2(labels, logits, label_length, logit_length, logits_time_major=True, unique=None,
                blank_index=None, name=None):
    """TF `tf.nn.ctc_loss_v2`: dense labels with `label_length` (blank 0 by default) or a
    SparseTensor (blank_index required); classic CTC. `unique` only speeds up TF on TPU."""
    sparse = isinstance(labels, SparseTensor)
    if sparse and blank_index is None:
        raise ValueError("Argument `blank_index` must be provided when labels is a "
                         "SparseTensor.")
    with name_scope(name, "ctc_loss_dense" if not sparse else None,
                    [logits, labels, label_length, logit_length]):
        logits = convert_to_tensor(logits, name="logits")
        if not sparse:
            labels = dense_labels_to_sparse(labels, label_length)
        blank_index = 0 if blank_index is None else blank_index
        num_classes = _get_dim(logits, 2)
        if blank_index < 0:
            blank_index += num_classes
        if blank_index != num_classes - 1:
            logits = array_ops_join.concat([logits[:, :, :blank_index],
                                            logits[:, :, blank_index + 1:],
                                            logits[:, :, blank_index:blank_index + 1]], axis=2)
            values = math_ops.cast(labels.values, dtypes.int32)
            labels = SparseTensor(labels.indices,
                                  indexing_ops.where(values < blank_index, values, values - 1),
                                  labels.dense_shape)
        return ctc_loss(labels, logits, logit_length, time_major=logits_time_major)


# -- CTCGreedyDecoder / CTCBeamSearchDecoder ------------------------------------------------------

def _decoder_infer_fn(paths_attr):
    def infer(op, inputs, sequence_length, **attrs):
        dims = fns.dims(fns.with_rank(op, op.inputs, inputs.shape, 3))
        seq = fns.dims(fns.with_rank(op, op.inputs, sequence_length.shape, 1))
        batch = fns.merge_dim(op, op.inputs, dims[1], seq[0])
        n = attrs.get(paths_attr, 1) if paths_attr else 1
        outs = [(dtypes.int64, TensorShape([None, 2]))] * n
        outs += [(dtypes.int64, TensorShape([None]))] * n
        outs += [(dtypes.int64, TensorShape([2]))] * n
        return outs + [(inputs.dtype.base_dtype, TensorShape([batch, n]))]
    return infer


def _check_decoder_inputs(ctx, inputs, sequence_length):
    max_time, batch = inputs.shape[0], inputs.shape[1]
    seq_len = [int(v) for v in sequence_length.tolist()]
    if len(seq_len) != batch:
        raise errors.InvalidArgumentError(None, ctx.op, "len(sequence_length) != batch_size.  "
                                          "len(sequence_length):  %d batch_size: %d"
                                          % (len(seq_len), batch))
    for b, length in enumerate(seq_len):
        if length > max_time:
            raise errors.InvalidArgumentError(None, ctx.op, "sequence_length(%d) <= %d"
                                              % (b, max_time))
    return seq_len


def _sparse_outputs(paths, device):
    """One (indices, values, shape) triple of int64 tensors per path rank."""
    out = []
    for per_batch in paths:
        indices = [[b, j] for b, seq in enumerate(per_batch) for j in range(len(seq))]
        values = [v for seq in per_batch for v in seq]
        longest = max((len(seq) for seq in per_batch), default=0)
        out.append((torch.tensor(indices, dtype=torch.int64, device=device).reshape(-1, 2),
                    torch.tensor(values, dtype=torch.int64, device=device),
                    torch.tensor([len(per_batch), longest], dtype=torch.int64, device=device)))
    return out


def _flat_outputs(triples, log_probs):
    return (tuple(t[0] for t in triples) + tuple(t[1] for t in triples)
            + tuple(t[2] for t in triples) + (log_probs,))


@register_op("CTCGreedyDecoder", inputs=("inputs: T", "sequence_length: int32"),
             infer=_decoder_infer_fn(None), attrs={"merge_repeated": False, "blank_index": -1},
             differentiable=False)
def _lower_ctc_greedy_decoder(ctx, inputs, sequence_length, *, merge_repeated=False,
                              blank_index=-1):
    seq_len = _check_decoder_inputs(ctx, inputs, sequence_length)
    num_classes = inputs.shape[2]
    blank = blank_index + num_classes if blank_index < 0 else blank_index
    best, classes = inputs.max(dim=2)   # first maximum, as TF's kernel
    classes = classes.cpu().numpy()
    decoded, log_probs = [], torch.zeros(inputs.shape[1], 1, dtype=inputs.dtype,
                                         device=inputs.device)
    for b, length in enumerate(seq_len):
        seq, prev = [], -1
        for t in range(length):
            c = int(classes[t, b])
            if c != blank and not (merge_repeated and c == prev):
                seq.append(c)
            prev = c
        decoded.append(seq)
        log_probs[b, 0] = -best[:length, b].sum()
    return _flat_outputs(_sparse_outputs([decoded], inputs.device), log_probs)


def _log_add(a, b):
    if a == -math.inf:
        return b
    if b == -math.inf:
        return a
    hi, lo = (a, b) if a > b else (b, a)
    return hi + math.log1p(math.exp(lo - hi))


class _BeamEntry:
    """A prefix in TF's CTC beam tree: log-probabilities of the prefix ending in a blank, in a
    label, and in total, at this step (new) and the previous one (old)."""
    __slots__ = ("parent", "label", "children", "new", "old")

    def __init__(self, parent, label):
        self.parent, self.label, self.children = parent, label, {}
        self.new = [-math.inf, -math.inf, -math.inf]     # blank, label, total
        self.old = [-math.inf, -math.inf, -math.inf]

    def active(self):
        return self.new[2] != -math.inf

    def child(self, label):
        if label not in self.children:
            self.children[label] = _BeamEntry(self, label)
        return self.children[label]

    def labels(self):
        out, entry = [], self
        while entry.parent is not None:
            out.append(entry.label)
            entry = entry.parent
        return out[::-1]


def _beam_step(leaves, row, beam_width, blank):
    """TF's CTCBeamSearchDecoder::Step: the leaves go on (by blank, by repeating their last
    label, by their parent's extension while the parent is in the beam), then each leaf in
    order grows children not in the beam, each kept only if it beats the beam's bottom."""
    branches = sorted(leaves, key=lambda e: -e.new[2])
    leaves = []
    for entry in branches:
        entry.old = list(entry.new)
    for entry in branches:
        if entry.parent is not None:
            if entry.parent.active():
                parent = entry.parent
                previous = parent.old[0] if entry.label == parent.label else parent.old[2]
                entry.new[1] = _log_add(entry.new[1], previous)
            entry.new[1] += row[entry.label]
        entry.new[0] = entry.old[2] + row[blank]
        entry.new[2] = _log_add(entry.new[0], entry.new[1])
        leaves.append(entry)

    def is_candidate(total):
        return total > -math.inf and (len(leaves) < beam_width or
                                      total > min(e.new[2] for e in leaves))

    for entry in branches:
        if not is_candidate(entry.old[2]):
            continue
        for label in range(len(row)):
            if label == blank:
                continue
            child = entry.child(label)
            if child.active():
                continue
            previous = entry.old[0] if label == entry.label else entry.old[2]
            child.new = [-math.inf, row[label] + previous, row[label] + previous]
            if is_candidate(child.new[2]):
                if len(leaves) == beam_width:   # the bottom leaves the beam
                    bottom = min(leaves, key=lambda e: e.new[2])
                    bottom.new = [-math.inf, -math.inf, -math.inf]
                    leaves.remove(bottom)
                leaves.append(child)
            else:
                child.new = [-math.inf, -math.inf, -math.inf]
                child.old = [-math.inf, -math.inf, -math.inf]
    return leaves


def _beam_search(log_probs, length, beam_width, blank):
    """TF's CTC prefix beam search over normalized log-probabilities [time, classes] (its beam
    tree and pruning, so that the beams, not only the best path, are TF's): the final beam
    as (prefix, log-probability), best first."""
    root = _BeamEntry(None, -1)
    root.new = [0.0, -math.inf, 0.0]
    leaves = [root]
    for t in range(length):
        leaves = _beam_step(leaves, [float(v) for v in log_probs[t]], beam_width, blank)
    ranked = sorted(leaves, key=lambda e: -e.new[2])
    return [(tuple(e.labels()), e.new[2]) for e in ranked]


@register_op("CTCBeamSearchDecoder", inputs=("inputs: T", "sequence_length: int32"),
             infer=_decoder_infer_fn("top_paths"),
             attrs={"beam_width": 1, "top_paths": 1, "merge_repeated": True},
             differentiable=False)
def _lower_ctc_beam_search_decoder(ctx, inputs, sequence_length, *, beam_width, top_paths,
                                   merge_repeated=True):
    seq_len = _check_decoder_inputs(ctx, inputs, sequence_length)
    if top_paths > beam_width:
        raise errors.InvalidArgumentError(None, ctx.op,
                                          "requested more paths than the beam width.")
    num_classes = inputs.shape[2]
    normalized = F.log_softmax(inputs.double(), dim=2).cpu().numpy()
    paths = [[] for _ in range(top_paths)]
    log_probs = torch.zeros(inputs.shape[1], top_paths, dtype=inputs.dtype)
    for b, length in enumerate(seq_len):
        ranked = _beam_search(normalized[:, b, :], length, beam_width, num_classes - 1)
        if len(ranked) < top_paths:
            raise errors.InvalidArgumentError(None, ctx.op, "Less leaves in the beam search "
                                              "than requested.")
        for i in range(top_paths):
            prefix, score = ranked[i]
            # TF emits a repeated label once when merge_repeated (even across a blank)
            paths[i].append(_collapse(list(prefix)) if merge_repeated else list(prefix))
            log_probs[b, i] = score
    return _flat_outputs(_sparse_outputs(paths, inputs.device), log_probs.to(inputs.device))


def _sparse_results(outputs, n):
    return [SparseTensor(outputs[i], outputs[n + i], outputs[2 * n + i]) for i in range(n)]


def ctc_greedy_decoder(inputs, sequence_length, merge_repeated=True, blank_index=None):
    """TF1 `tf.nn.ctc_greedy_decoder`: ([SparseTensor of the best path], -sum of max logits
    [batch, 1]); blank_index defaults to num_classes - 1."""
    outputs = apply_op("CTCGreedyDecoder", [inputs, sequence_length], name="CTCGreedyDecoder",
                       merge_repeated=bool(merge_repeated),
                       blank_index=-1 if blank_index is None else int(blank_index))
    return _sparse_results(outputs, 1), outputs[3]


def ctc_beam_search_decoder(inputs, sequence_length, beam_width=100, top_paths=1,
                            merge_repeated=True):
    """TF1 `tf.nn.ctc_beam_search_decoder`: ([top_paths SparseTensors], log-probabilities
    [batch, top_paths])."""
    outputs = apply_op("CTCBeamSearchDecoder", [inputs, sequence_length],
                       name="CTCBeamSearchDecoder", beam_width=int(beam_width),
                       top_paths=int(top_paths), merge_repeated=bool(merge_repeated))
    return _sparse_results(outputs, top_paths), outputs[-1]


def ctc_beam_search_decoder_v2(inputs, sequence_length, beam_width=100, top_paths=1):
    """TF `tf.nn.ctc_beam_search_decoder_v2`: the beam search without merging repeats."""
    return ctc_beam_search_decoder(inputs, sequence_length, beam_width=beam_width,
                                   top_paths=top_paths, merge_repeated=False)


# -- collapse_repeated / ctc_unique_labels (TF's composites)----------------------------------------

def collapse_repeated(labels, seq_length, name=None):
    """TF `tf.nn.collapse_repeated`: ([batch, new max length] labels with runs merged and
    zero-padded, new lengths)."""
    with name_scope(name, "collapse_repeated_labels", [labels, seq_length]):
        labels = convert_to_tensor(labels, name="labels")
        seq_length = convert_to_tensor(seq_length, name="seq_length")
        label_mask = array_ops_join.concat([
            array_ops_join.ones_like(labels[:, :1], dtypes.bool),
            math_ops.not_equal(labels[:, 1:], labels[:, :-1])], axis=1)
        seq_mask = indexing_ops.sequence_mask(seq_length, maxlen=_get_dim(labels, 1))
        label_mask = math_ops.logical_and(label_mask, seq_mask)
        new_seq_len = reduction_ops.reduce_sum(math_ops.cast(label_mask, dtypes.int32), axis=1)
        new_maxlen = reduction_ops.reduce_max(new_seq_len)
        idx_mask = indexing_ops.sequence_mask(new_seq_len, maxlen=new_maxlen)
        flat_labels = array_ops.reshape(labels, [-1])
        flat_label_mask = array_ops.reshape(label_mask, [-1])
        flat_idx_mask = array_ops.reshape(idx_mask, [-1])
        idx = array_ops_join.range(_get_dim(flat_idx_mask, 0))
        flat = scatter_nd_ops.scatter_nd(
            indices=array_ops.expand_dims(indexing_ops.boolean_mask(idx, flat_idx_mask), 1),
            updates=indexing_ops.boolean_mask(flat_labels, flat_label_mask),
            shape=array_ops.shape(flat_idx_mask))
        new_shape = [_get_dim(labels, 0), new_maxlen]
        return (array_ops.reshape(flat, new_shape), math_ops.cast(new_seq_len, seq_length.dtype))


def ctc_unique_labels(labels, name=None):
    """TF `tf.nn.ctc_unique_labels`: per row, the unique labels (int64, zero-padded) and each
    label's index among them (int32)."""
    with name_scope(name, "ctc_unique_labels", [labels]):
        labels = convert_to_tensor(labels, name="labels")

        def _unique(x):
            u = indexing_ops.unique(x)
            y = array_ops_pad.pad(u.y, [[0, _get_dim(u.idx, 0) - _get_dim(u.y, 0)]])
            return [math_ops.cast(y, dtypes.int64), u.idx]

        return functional_ops.map_fn(_unique, labels, dtype=[dtypes.int64, dtypes.int32])
