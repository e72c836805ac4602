"""`tf.decode_csv` (op `DecodeCSV`): CSV records to one tensor per column, with TF's quoting
rules (`"a""b"` is `a"b`), defaults for empty fields, `na_value` and `select_cols`."""
from __future__ import annotations

import numpy as np
import torch

from tfcompat import errors
from tfcompat.framework import dtypes
from tfcompat.framework import shape_rules
from tfcompat.framework.convert import convert_to_tensor
from tfcompat.framework.graph import get_default_graph
from tfcompat.framework.graph import name_scope
from tfcompat.framework.registry import register_op

_PARSERS = {"int32": int, "int64": int, "float32": float, "float64": float}


def split_record(record: bytes, delim: bytes, quotes: bool, index: int) -> list:
    """The fields of one record (bytes), honouring double quotes when `quotes`."""
    if not quotes or b'"' not in record:
        return record.split(delim)
    fields, i, n = [], 0, len(record)
    while True:
        if i < n and record[i:i + 1] == b'"':
            out, i = bytearray(), i + 1
            while True:
                j = record.find(b'"', i)
                if j < 0:
                    raise errors.InvalidArgumentError(
                        None, None, "Quoted field has to end with quote followed by delim or "
                        "end in record %d" % index)
                out += record[i:j]
                if record[j + 1:j + 2] == b'"':
                    out += b'"'
                    i = j + 2
                    continue
                i = j + 1
                break
            if i < n and record[i:i + len(delim)] != delim:
                raise errors.InvalidArgumentError(
                    None, None, "Quoted field has to end with quote followed by delim or end in "
                    "record %d" % index)
            fields.append(bytes(out))
        else:
            j = record.find(delim, i)
            fields.append(record[i:] if j < 0 else record[i:j])
            if j < 0:
                return fields
            i = j
        if i >= n:
            return fields
        i += len(delim)
        if i == n:
            fields.append(b"")
            return fields


def _convert(field, dtype, column, row):
    if dtype == dtypes.string:
        return field
    try:
        value = _PARSERS[dtype.name](field.decode())
    except (ValueError, UnicodeDecodeError):
        raise errors.InvalidArgumentError(
            None, None, "Field %d in record %d is not a valid %s: %s"
            % (column, row, shape_rules.cpp_type_name(dtype), field.decode(errors="replace"))) from None
    if dtype == dtypes.int32 and not -2**31 <= value < 2**31:
        raise errors.InvalidArgumentError(None, None, "Field %d in record %d is not a valid "
                                          "int32: %s" % (column, row, field.decode()))
    return value


def _decode_csv_infer(op, records, *defaults, **attrs):
    # TF's shape function: each default a scalar or a vector of at most one value
    for d in defaults:
        if d.shape.ndims is not None and d.shape.ndims > 1:
            raise shape_rules.shape_error("Shape must be at most rank 1 but is rank %d"
                                          % d.shape.ndims, op, (records,) + defaults)
        if d.shape.ndims == 1 and (d.shape[0].value or 0) > 1:
            raise shape_rules.shape_error("Shape of a default must be a length-0 or length-1 "
                                          "vector, or a scalar.", op, (records,) + defaults)
    return [(d.dtype.base_dtype, records.shape) for d in defaults]


@register_op("DecodeCSV", inputs=("records: string", "record_defaults: OUT_TYPE"),
             infer=_decode_csv_infer, attrs={"field_delim": ",", "use_quote_delim": True,
                                             "na_value": "", "select_cols": ()},
             host_only=True, differentiable=False)
def _lower_decode_csv(ctx, records, *defaults, field_delim, use_quote_delim, na_value,
                      select_cols):
    array = np.asarray(records, dtype=object)
    types = [t.dtype for t in ctx.op.outputs]
    default_values = [_first(d) for d in defaults]
    columns = [[] for _ in defaults]
    delim, na = field_delim.encode(), na_value.encode()
    wanted = list(select_cols) or list(range(len(defaults)))
    for row, record in enumerate(array.reshape(-1)):
        try:
            _decode_row(bytes(record), row, delim, use_quote_delim, na, wanted, select_cols,
                        types, default_values, columns)
        except errors.OpError as e:
            raise errors.op_error(type(e), ctx.op, e.message) from e
    outs = []
    for values, dtype in zip(columns, types):
        if dtype == dtypes.string:
            out = np.empty(len(values), dtype=object)
            out[:] = values
            outs.append(out.reshape(array.shape))
        else:
            outs.append(torch.tensor(values, dtype=dtype.torch_dtype).reshape(array.shape))
    return outs[0] if len(outs) == 1 else tuple(outs)


def _first(value):
    flat = np.asarray(value if isinstance(value, np.ndarray) else value.cpu().numpy()).reshape(-1)
    return flat[0] if flat.size else None


def _decode_row(record, row, delim, quotes, na, wanted, select_cols, types, defaults, columns):
    fields = split_record(record, delim, quotes, row)
    if select_cols:
        if len(fields) <= wanted[-1]:
            raise errors.InvalidArgumentError(
                None, None, "Expect %d fields but have %d in record %d"
                % (wanted[-1] + 1, len(fields), row))
    elif len(fields) != len(types):
        raise errors.InvalidArgumentError(None, None, "Expect %d fields but have %d in record %d"
                                          % (len(types), len(fields), row))
    for out, column in enumerate(wanted):
        field = fields[column]
        if field == b"" or (na and field == na):
            if defaults[out] is None:
                raise errors.InvalidArgumentError(
                    None, None, "Field %d is required but missing in record %d!" % (out, row))
            columns[out].append(defaults[out])
        else:
            columns[out].append(_convert(field, types[out], out, row))


def decode_csv(records, record_defaults, field_delim=",", use_quote_delim=True, name=None,
               na_value="", select_cols=None):
    """TF1 `tf.decode_csv`: one tensor per column, each shaped like `records`."""
    if select_cols is not None:
        if any(b <= a for a, b in zip(select_cols, select_cols[1:])):
            raise ValueError("select_cols is not strictly increasing.")
        if len(select_cols) != len(record_defaults):
            raise ValueError("Length of select_cols and record_defaults do not match.")
    with name_scope(name, "DecodeCSV", [records]) as scope:
        records = convert_to_tensor(records, dtype=dtypes.string, name="records")
        defaults = [convert_to_tensor(d, name="record_defaults_%d" % i)
                    for i, d in enumerate(record_defaults)]
        attrs = {"field_delim": field_delim, "use_quote_delim": bool(use_quote_delim),
                 "na_value": na_value, "select_cols": tuple(select_cols or ()),
                 "OUT_TYPE": [d.dtype.base_dtype for d in defaults]}
        op = get_default_graph()._create_op("DecodeCSV", [records] + defaults, attrs, scope)
    return list(op.outputs)
