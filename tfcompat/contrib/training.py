"""`tf.contrib.training` as TF1 scripts use it: `bucket`/`bucket_by_sequence_length`
(training_bucket.py) and `HParams` (TF 1.15's hparam.py behaviour: typed
hyperparameters set from keyword arguments, "a=1,b=[1,2]" strings, JSON or dicts).

Differences from TensorFlow: `HParams.to_proto`/`from_proto` and the `hparam_def=` argument are
not provided (they need TF's HParamDef protocol buffer); serialize with `to_json`/`parse_json`.
"""
from __future__ import annotations

import json
import numbers
import re

from tfcompat._unsupported import missing_attr as _missing_attr
from tfcompat.contrib.training_bucket import bucket
from tfcompat.contrib.training_bucket import bucket_by_sequence_length
from tfcompat.contrib.training_device_setter import GreedyLoadBalancingStrategy
from tfcompat.contrib.training_device_setter import byte_size_load_fn

# one clause of a parse() string: `name`, `name[index]`, `= value` or `= [v1, v2]`
_PARAM_RE = re.compile(r"""
  (?P<name>[a-zA-Z][\w\.]*)
  (\[\s*(?P<index>\d+)\s*\])?
  \s*=\s*
  ((?P<val>[^,\[]*)
   |
   \[(?P<vals>[^\]]*)\])
  ($|,\s*)""", re.VERBOSE)


def _parse_fail(name, var_type, value, values):
    raise ValueError("Could not parse hparam '%s' of type '%s' with value '%s' in %s"
                     % (name, var_type.__name__, value, values))


def _reuse_fail(name, values):
    raise ValueError("Multiple assignments to variable '%s' in %s" % (name, values))


def _process_scalar_value(name, parse_fn, var_type, m_dict, values, results):
    try:
        parsed = parse_fn(m_dict["val"])
    except ValueError:
        _parse_fail(name, var_type, m_dict["val"], values)
    if not m_dict["index"]:
        if name in results:
            _reuse_fail(name, values)
        results[name] = parsed
        return
    # `arr[1]=5`: an {index: value} dict (TF then refuses it in set_hparam: not a list)
    if name in results and not isinstance(results[name], dict):
        _reuse_fail(name, values)
    results.setdefault(name, {})
    index = int(m_dict["index"])
    if index in results[name]:
        _reuse_fail("{}[{}]".format(name, index), values)
    results[name][index] = parsed


def _process_list_value(name, parse_fn, var_type, m_dict, values, results):
    if m_dict["index"] is not None:
        raise ValueError("Assignment of a list to a list index.")
    elements = filter(None, re.split("[ ,]", m_dict["vals"]))
    if name in results:
        _reuse_fail(name, values)
    try:
        results[name] = [parse_fn(e) for e in elements]
    except ValueError:
        _parse_fail(name, var_type, m_dict["vals"], values)


def _cast_to_type_if_compatible(name, param_type, value):
    """`value` as `param_type`, refusing the casts TF refuses (str <-> number, bool <-> number,
    float -> int)."""
    fail_msg = "Could not cast hparam '%s' of type '%s' from value %r" % (name, param_type, value)
    if type(value) == param_type:  # noqa: E721 - isinstance(True, int) is too weak
        return value
    if issubclass(param_type, type(None)):
        return value
    if issubclass(param_type, (str, bytes)) and not isinstance(value, (str, bytes)):
        raise ValueError(fail_msg)
    if issubclass(param_type, bool) != isinstance(value, bool):
        raise ValueError(fail_msg)
    if issubclass(param_type, numbers.Integral) and not isinstance(value, numbers.Integral):
        raise ValueError(fail_msg)
    if issubclass(param_type, numbers.Number) and not isinstance(value, numbers.Number):
        raise ValueError(fail_msg)
    return param_type(value)


def _bool_parser(name, type_, values):
    def parse_bool(value):
        if value in ("true", "True"):
            return True
        if value in ("false", "False"):
            return False
        try:
            return bool(int(value))
        except ValueError:
            _parse_fail(name, type_, value, values)
    return parse_bool


def parse_values(values, type_map, ignore_unknown=False):
    """TF1 `parse_values`: {name: value, [values] or {index: value}} from "a=1,b=[1,2],c[0]=3",
    each parsed with its type in `type_map` (bools also from true/false/True/False/0/1)."""
    results = {}
    pos = 0
    while pos < len(values):
        m = _PARAM_RE.match(values, pos)
        if not m:
            raise ValueError("Malformed hyperparameter value: %s" % values[pos:])
        pos = m.end()
        m_dict = m.groupdict()
        name = m_dict["name"]
        if name not in type_map:
            if ignore_unknown:
                continue
            raise ValueError("Unknown hyperparameter type for %s" % name)
        type_ = type_map[name]
        parse = _bool_parser(name, type_, values) if type_ == bool else type_
        if m_dict["val"] is not None:
            _process_scalar_value(name, parse, type_, m_dict, values, results)
        elif m_dict["vals"] is not None:
            _process_list_value(name, parse, type_, m_dict, values, results)
        else:
            _parse_fail(name, type_, "", values)
    return results


class HParams(object):
    """TF1 `tf.contrib.training.HParams`: named hyperparameters as attributes, each with the
    type of its first value (a list keeps the type of its first element)."""

    _HAS_DYNAMIC_ATTRIBUTES = True

    def __init__(self, hparam_def=None, model_structure=None, **kwargs):
        self._hparam_types = {}
        self._model_structure = model_structure
        if hparam_def:
            raise NotImplementedError(
                "tfcompat: HParams(hparam_def=...) needs TF's HParamDef protocol buffer, which "
                "tfcompat does not have; expected keyword arguments (or use parse_json)")
        for name, value in kwargs.items():
            self.add_hparam(name, value)

    def add_hparam(self, name, value):
        # a name that is already an attribute (a method, `values`, ...) cannot be a hyperparameter
        if getattr(self, name, None) is not None:
            raise ValueError("Hyperparameter name is reserved: %s" % name)
        if isinstance(value, (list, tuple)):
            if not value:
                raise ValueError("Multi-valued hyperparameters cannot be empty: %s" % name)
            self._hparam_types[name] = (type(value[0]), True)
        else:
            self._hparam_types[name] = (type(value), False)
        setattr(self, name, value)

    def set_hparam(self, name, value):
        param_type, is_list = self._hparam_types[name]
        if isinstance(value, list):
            if not is_list:
                raise ValueError("Must not pass a list for single-valued parameter: %s" % name)
            setattr(self, name, [_cast_to_type_if_compatible(name, param_type, v) for v in value])
        else:
            if is_list:
                raise ValueError("Must pass a list for multi-valued parameter: %s." % name)
            setattr(self, name, _cast_to_type_if_compatible(name, param_type, value))

    def del_hparam(self, name):
        if hasattr(self, name):
            delattr(self, name)
            del self._hparam_types[name]

    def parse(self, values):
        type_map = {name: param_type for name, (param_type, _) in self._hparam_types.items()}
        return self.override_from_dict(parse_values(values, type_map))

    def override_from_dict(self, values_dict):
        for name, value in values_dict.items():
            self.set_hparam(name, value)
        return self

    def set_from_map(self, values_map):
        """Deprecated in TF 1.15: use override_from_dict."""
        return self.override_from_dict(values_dict=values_map)

    def set_model_structure(self, model_structure):
        self._model_structure = model_structure

    def get_model_structure(self):
        return self._model_structure

    def to_json(self, indent=None, separators=None, sort_keys=False):
        return json.dumps(self.values(), indent=indent, separators=separators,
                          sort_keys=sort_keys)

    def parse_json(self, values_json):
        return self.override_from_dict(json.loads(values_json))

    def values(self):
        return {n: getattr(self, n) for n in self._hparam_types}

    def get(self, key, default=None):
        if key not in self._hparam_types:
            return default
        if default is not None:
            _check_default(key, self._hparam_types[key], default)
        return getattr(self, key)

    def __contains__(self, key):
        return key in self._hparam_types

    def __str__(self):
        return ",".join("{}={}".format(k, v) for k, v in self.values().items())

    def __repr__(self):
        return "%s(%s)" % (type(self).__name__, str(sorted(self.values().items())))


def _check_default(key, types, default):
    """HParams.get: a default of another type than the hyperparameter's is a ValueError."""
    param_type, is_param_list = types
    type_str = "list<%s>" % param_type if is_param_list else str(param_type)
    fail_msg = "Hparam '%s' of type '%s' is incompatible with default=%s" % (key, type_str, default)
    if is_param_list != isinstance(default, list):
        raise ValueError(fail_msg)
    try:
        for value in (default if is_param_list else [default]):
            _cast_to_type_if_compatible(key, param_type, value)
    except ValueError as e:
        raise ValueError("%s. %s" % (fail_msg, e))


__all__ = ["GreedyLoadBalancingStrategy", "HParams", "bucket", "bucket_by_sequence_length",
           "byte_size_load_fn", "parse_values"]
__getattr__ = _missing_attr("contrib.training", __name__)
