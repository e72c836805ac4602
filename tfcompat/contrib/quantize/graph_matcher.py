"""TF 1.15's contrib/quantize/python/graph_matcher.py: matching op-type patterns against a
graph (OpTypePattern, OneofPattern, GraphMatcher)."""
from __future__ import annotations

import itertools


class Pattern:
    """The base class of patterns: `match(op, tensor)` returns a MatchResult or None."""

    def match(self, op, tensor):
        raise NotImplementedError("Method 'match' not implemented.")


class OpTypePattern(Pattern):
    """Matches an op whose type is one of `op_type` ('A|B', '*' any) and whose inputs match
    `inputs` (no inputs: any inputs), in order unless `ordered_inputs` is False."""

    def __init__(self, op_type, name=None, inputs=None, ordered_inputs=True):
        self._op_type = op_type
        self._name = name
        inputs = [] if inputs is None else inputs
        if len(inputs) > 8:
            raise ValueError("Only < 8 inputs are allowed when ordered_inputs is False.")
        self._inputs = [p if isinstance(p, Pattern) else OpTypePattern(p) for p in inputs]
        self._ordered_inputs = ordered_inputs

    @property
    def name(self):
        return self._name

    def match(self, op, tensor):
        if self._op_type != "*" and op.type not in self._op_type.split("|"):
            return None
        result = MatchResult()
        result.add(self, op, tensor)
        if not self._inputs:
            return result
        if len(op.inputs) != len(self._inputs):
            return None
        candidates = [self._inputs]
        if not self._ordered_inputs:
            candidates = list(itertools.permutations(self._inputs))
        for patterns in candidates:
            trial = MatchResult()
            trial.merge_from(result)
            for t, pattern in zip(op.inputs, patterns):
                sub = pattern.match(t.op, t)
                if sub is None:
                    break
                trial.merge_from(sub)
            else:
                return trial
        return None


class OneofPattern(Pattern):
    """Matches the first of `sub_patterns` that matches."""

    def __init__(self, sub_patterns):
        self._sub_patterns = sub_patterns

    def match(self, op, tensor):
        for pattern in self._sub_patterns:
            result = pattern.match(op, tensor)
            if result is not None:
                return result
        return None


class MatchResult:
    """The ops and tensors matched by each pattern of a match."""

    def __init__(self):
        self._pattern_to_op_tensor = {}
        self._name_to_pattern = {}

    def add(self, pattern, op, tensor):
        self._pattern_to_op_tensor[pattern] = op, tensor
        if getattr(pattern, "name", None) is not None:
            if pattern.name in self._name_to_pattern:
                raise ValueError("Name %s is already bound to another pattern" % pattern.name)
            self._name_to_pattern[pattern.name] = pattern

    def _to_pattern(self, pattern_or_name):
        if isinstance(pattern_or_name, Pattern):
            return pattern_or_name
        if isinstance(pattern_or_name, str):
            return self._name_to_pattern.get(pattern_or_name)
        raise ValueError("pattern_or_name has type %s. Expect Pattern or str."
                         % type(pattern_or_name))

    def _get_op_tensor(self, pattern_or_name):
        pattern = self._to_pattern(pattern_or_name)
        if pattern is None:
            return None
        return self._pattern_to_op_tensor.get(pattern)

    def get_op(self, pattern_or_name):
        op_tensor = self._get_op_tensor(pattern_or_name)
        return op_tensor[0] if op_tensor else None

    def get_tensor(self, pattern_or_name):
        op_tensor = self._get_op_tensor(pattern_or_name)
        return op_tensor[1] if op_tensor else None

    def merge_from(self, other):
        self._pattern_to_op_tensor.update(other._pattern_to_op_tensor)
        self._name_to_pattern.update(other._name_to_pattern)


class GraphMatcher:
    """Finds the subgraphs of a graph that match `pattern`, rooted at each op in turn."""

    def __init__(self, pattern):
        self._pattern = pattern

    def match_op(self, op):
        return self._pattern.match(op, None)

    def match_ops(self, ops):
        for op in ops:
            result = self.match_op(op)
            if result is not None:
                yield result

    def match_graph(self, graph):
        # the ops as they are now: the caller may add ops while iterating
        return self.match_ops(list(graph.get_operations()))
