"""The helper functions a ported module's source may need (port_ops.py names them), as source
text: each is copied into the generated file only when one of its ops is, so the file stays plain
PyTorch. They keep TF's semantics where torch's functions differ."""

HELPERS = {}

HELPERS["_pad_same"] = '''
def _pad_same(x, kernel, strides, dilations=(1, 1), value=0.0):
    """TF's SAME padding of an NCHW tensor: output size ceil(in / stride), the odd pixel at the
    bottom/right."""
    pads = []
    for size, k, s, d in reversed(list(zip(x.shape[2:], kernel, strides, dilations))):
        total = max((-(-size // s) - 1) * s + (k - 1) * d + 1 - size, 0)
        pads += [total // 2, total - total // 2]
    return F.pad(x, pads, value=value)
'''

HELPERS["_conv2d"] = '''
def _conv2d(x, w, strides, dilations, same, nchw, depthwise):
    """TF's Conv2D / DepthwiseConv2dNative: filter [height, width, in, out (or multiplier)]."""
    if not nchw:
        x = x.permute(0, 3, 1, 2)
    kh, kw, cin, cout = w.shape
    if depthwise:
        weight, groups = w.permute(2, 3, 0, 1).reshape(cin * cout, 1, kh, kw), cin
    else:
        weight, groups = w.permute(3, 2, 0, 1), x.shape[1] // cin
    if same:
        x = _pad_same(x, (kh, kw), strides, dilations)
    y = F.conv2d(x, weight, stride=tuple(strides), dilation=tuple(dilations), groups=groups)
    return y if nchw else y.permute(0, 2, 3, 1)
'''

HELPERS["_conv2d_transpose"] = '''
def _conv2d_transpose(sizes, w, dy, strides, dilations, same, nchw):
    """TF's Conv2DBackpropInput (conv2d_transpose): the input-gradient of a convolution whose
    input has `sizes`, with TF's (possibly uneven) SAME padding cut off afterwards."""
    if not nchw:
        dy, sizes = dy.permute(0, 3, 1, 2), [sizes[0], sizes[3], sizes[1], sizes[2]]
    kh, kw = w.shape[:2]
    pads = []
    for size, k, s, d in zip(sizes[2:], (kh, kw), strides, dilations):
        total = max((-(-size // s) - 1) * s + (k - 1) * d + 1 - size, 0) if same else 0
        pads.append((total // 2, total - total // 2))
    padded = list(sizes[:2]) + [n + a + b for n, (a, b) in zip(sizes[2:], pads)]
    x = torch.nn.grad.conv2d_input(padded, w.permute(3, 2, 0, 1), dy, stride=tuple(strides),
                                   dilation=tuple(dilations))
    x = x[:, :, pads[0][0]:padded[2] - pads[0][1], pads[1][0]:padded[3] - pads[1][1]]
    return x if nchw else x.permute(0, 2, 3, 1)
'''

HELPERS["_max_pool"] = '''
def _max_pool(x, ksize, strides, same, nchw):
    """TF's MaxPool: SAME pads with -inf, so padding never wins."""
    if not nchw:
        x = x.permute(0, 3, 1, 2)
    if same:
        x = _pad_same(x, ksize, strides, value=float("-inf"))
    y = F.max_pool2d(x, tuple(ksize), tuple(strides))
    return y if nchw else y.permute(0, 2, 3, 1)
'''

HELPERS["_avg_pool"] = '''
def _avg_pool(x, ksize, strides, same, nchw):
    """TF's AvgPool: with SAME padding a window averages its real elements only."""
    if not nchw:
        x = x.permute(0, 3, 1, 2)
    if same:
        ones = _pad_same(torch.ones_like(x[:1, :1]), ksize, strides)
        x = _pad_same(x, ksize, strides)
        y = F.avg_pool2d(x, tuple(ksize), tuple(strides)) / F.avg_pool2d(ones, tuple(ksize),
                                                                       tuple(strides))
    else:
        y = F.avg_pool2d(x, tuple(ksize), tuple(strides))
    return y if nchw else y.permute(0, 2, 3, 1)
'''

HELPERS["_batch_norm"] = '''
def _batch_norm(x, scale, offset, mean, variance, epsilon, nchw, n_out):
    """TF's FusedBatchNorm for inference: the moving statistics, epsilon inside the sqrt."""
    shape = (1, -1) + (1,) * (x.dim() - 2) if nchw else (-1,)
    inv = torch.rsqrt(variance.reshape(shape) + epsilon) * scale.reshape(shape)
    y = (x - mean.reshape(shape)) * inv + offset.reshape(shape)
    return (y, mean, variance, mean, variance, variance)[:n_out]
'''

HELPERS["_gather"] = '''
def _gather(params, indices, axis):
    """TF's gather: axis `axis` of params indexed by indices of any shape."""
    axis = axis % params.dim()
    picked = params.index_select(axis, indices.reshape(-1).long())
    return picked.reshape(params.shape[:axis] + indices.shape + params.shape[axis + 1:])
'''

HELPERS["_dynamic_stitch"] = '''
def _dynamic_stitch(indices, data):
    """TF's DynamicStitch: row indices[m][i] of the result is data[m][i] (a repeated index
    keeps one of its rows, as ParallelDynamicStitch allows)."""
    idx = torch.cat([i.reshape(-1) for i in indices]).long()
    rows = torch.cat([d.reshape((i.numel(),) + tuple(d.shape[i.dim():]))
                      for i, d in zip(indices, data)])
    out = rows.new_zeros((int(idx.max()) + 1 if idx.numel() else 0,) + tuple(rows.shape[1:]))
    return out.index_put((idx,), rows)
'''

HELPERS["_one_hot"] = '''
def _one_hot(indices, depth, on_value, off_value, axis):
    """TF's one_hot: an index outside [0, depth) gives a row of off_value."""
    valid = (indices >= 0) & (indices < depth)
    hot = F.one_hot(torch.where(valid, indices, 0).long(), depth).bool() & valid.unsqueeze(-1)
    out = torch.where(hot, on_value, off_value)
    return out if axis == -1 else out.movedim(-1, axis)
'''

HELPERS["_sparse_softmax_xent"] = '''
def _sparse_softmax_xent(logits, labels):
    """TF's SparseSoftmaxCrossEntropyWithLogits: (loss per example, its gradient w.r.t. the
    logits). An index outside [0, classes) is an error, as on TF's CPU."""
    labels = labels.long()
    loss = -torch.log_softmax(logits, dim=-1).gather(-1, labels.unsqueeze(-1)).squeeze(-1)
    hot = F.one_hot(labels, logits.shape[-1]).to(logits.dtype)
    return loss, torch.softmax(logits, dim=-1) - hot
'''

HELPERS["_softmax_xent"] = '''
def _softmax_xent(logits, labels):
    """TF's SoftmaxCrossEntropyWithLogits (labels are probabilities; both broadcast): (loss per
    example, its gradient w.r.t. the logits)."""
    loss = -(labels * torch.log_softmax(logits, dim=-1)).sum(-1)
    return loss, torch.softmax(logits, dim=-1) - labels
'''

HELPERS["_scan"] = '''
def _scan(x, axis, exclusive, reverse, product):
    """TF's Cumsum / Cumprod: `exclusive` leaves each element out of its own total, `reverse`
    accumulates from the end; the result keeps x's dtype (torch widens integers)."""
    out = x.flip(axis) if reverse else x
    out = (torch.cumprod if product else torch.cumsum)(out, dim=axis, dtype=x.dtype)
    if exclusive and x.shape[axis] > 0:
        first = torch.full_like(out.narrow(axis, 0, 1), 1 if product else 0)
        out = torch.cat([first, out.narrow(axis, 0, x.shape[axis] - 1)], dim=axis)
    return out.flip(axis) if reverse else out
'''

HELPERS["_rnn"] = '''
def _rnn(x, h, c, params, lengths, mode, num_proj, time_major, n_out):
    """A fused RNN layer stack, unrolled over time: flat params holding, per layer, W_ih, W_hh,
    b_ih, b_hh [and W_hr] in PyTorch's gate order (TF's kernels, reordered when exported). A step past
    an example's length outputs zeros and keeps its state, as TF's dynamic_rnn does."""
    gates = {"lstm": 4, "gru": 3}.get(mode, 1)
    layers, hidden = h.shape[0], (c.shape[-1] if mode == "lstm" else h.shape[-1])
    inputs = x if time_major else x.transpose(0, 1)
    offset, finals_h, finals_c = 0, [], []
    for layer in range(layers):
        width = inputs.shape[-1]
        shapes = [(gates * hidden, width), (gates * hidden, num_proj or hidden),
                  (gates * hidden,), (gates * hidden,)] + ([(num_proj, hidden)] if num_proj else [])
        weights = []
        for shape in shapes:
            size = math.prod(shape)
            weights.append(params[offset:offset + size].reshape(shape))
            offset += size
        w_ih, w_hh, b_ih, b_hh = weights[:4]
        ht, ct, outputs = h[layer], c[layer], []
        for t in range(inputs.shape[0]):
            gi, gh = inputs[t] @ w_ih.t() + b_ih, ht @ w_hh.t() + b_hh
            if mode == "lstm":
                i, f, g, o = (gi + gh).chunk(4, 1)
                c_new = torch.sigmoid(f) * ct + torch.sigmoid(i) * torch.tanh(g)
                h_new = torch.sigmoid(o) * torch.tanh(c_new)
                if num_proj:
                    h_new = h_new @ weights[4].t()
            elif mode == "gru":
                (ir, iz, i_n), (hr, hz, h_n) = gi.chunk(3, 1), gh.chunk(3, 1)
                r, z = torch.sigmoid(ir + hr), torch.sigmoid(iz + hz)
                h_new, c_new = (1 - z) * torch.tanh(i_n + r * h_n) + z * ht, ct
            else:
                h_new = torch.tanh(gi + gh) if mode == "rnn_tanh" else torch.relu(gi + gh)
                c_new = ct
            if lengths is None:
                ht, ct = h_new, c_new
                outputs.append(h_new)
            else:
                live = (t < lengths.to(h_new.device)).reshape(-1, 1)
                ht, ct = torch.where(live, h_new, ht), torch.where(live, c_new, ct)
                outputs.append(torch.where(live, h_new, torch.zeros_like(h_new)))
        inputs = torch.stack(outputs) if outputs else inputs[:, :, :0].new_zeros(
            (0, inputs.shape[1], num_proj or hidden))
        finals_h.append(ht)
        finals_c.append(ct)
    y = inputs if time_major else inputs.transpose(0, 1)
    c_n = torch.stack(finals_c) if mode == "lstm" else c
    extra = (torch.zeros(0, dtype=torch.int8),) if n_out == 5 else ()
    return (y, torch.stack(finals_h), c_n, x.new_zeros(0)) + extra
'''

# helpers a helper calls
REQUIRES = {"_conv2d": ("_pad_same",), "_max_pool": ("_pad_same",), "_avg_pool": ("_pad_same",)}


def source_of(names) -> str:
    """The source of helpers `names` and what they call, in a stable order."""
    wanted = set(names)
    for name in list(wanted):
        wanted.update(REQUIRES.get(name, ()))
    return "".join(HELPERS[n] for n in HELPERS if n in wanted)
