"""The Keras engine: base Layer, InputLayer, functional and Sequential models, training."""
