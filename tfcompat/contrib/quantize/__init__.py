"""`tf.contrib.quantize` (TF 1.15): rewriting a graph in place for quantization-aware training
and evaluation: `create_training_graph`, `create_eval_graph` and their `experimental_`
variants fold fused batch norms into the Conv2D / DepthwiseConv2dNative / MatMul before them
and insert FakeQuantWithMinMaxVars ops on the weights and activations. Folding unfused batch
norms is not supported (it fails naming the batch norm)."""
from tfcompat.contrib.quantize.quantize_graph import create_eval_graph
from tfcompat.contrib.quantize.quantize_graph import create_training_graph
from tfcompat.contrib.quantize.quantize_graph import experimental_create_eval_graph
from tfcompat.contrib.quantize.quantize_graph import experimental_create_training_graph

__all__ = ["create_eval_graph", "create_training_graph", "experimental_create_eval_graph",
           "experimental_create_training_graph"]
