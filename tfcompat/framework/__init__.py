"""Graph construction: dtypes, shapes, Graph/Operation/Tensor, the op registry."""
