"""`tf.contrib.cudnn_rnn` (TF 1.15): the fused RNN layers CudnnLSTM, CudnnGRU, CudnnRNNTanh
and CudnnRNNRelu, the CPU-compatible cells whose variables take a cuDNN layer's canonical
weights, and the opaque/canonical params conversions. tfcompat runs them on CPU and CUDA."""
from tfcompat._unsupported import missing_attr
from tfcompat.contrib.cudnn_rnn.cudnn_rnn_layers import CudnnGRU
from tfcompat.contrib.cudnn_rnn.cudnn_rnn_layers import CudnnLSTM
from tfcompat.contrib.cudnn_rnn.cudnn_rnn_layers import CudnnRNNRelu
from tfcompat.contrib.cudnn_rnn.cudnn_rnn_layers import CudnnRNNTanh
from tfcompat.contrib.cudnn_rnn.cudnn_rnn_ops import CUDNN_GRU
from tfcompat.contrib.cudnn_rnn.cudnn_rnn_ops import CUDNN_GRU_PARAMS_PER_LAYER
from tfcompat.contrib.cudnn_rnn.cudnn_rnn_ops import CUDNN_INPUT_AUTO_MODE
from tfcompat.contrib.cudnn_rnn.cudnn_rnn_ops import CUDNN_INPUT_LINEAR_MODE
from tfcompat.contrib.cudnn_rnn.cudnn_rnn_ops import CUDNN_INPUT_SKIP_MODE
from tfcompat.contrib.cudnn_rnn.cudnn_rnn_ops import CUDNN_LSTM
from tfcompat.contrib.cudnn_rnn.cudnn_rnn_ops import CUDNN_LSTM_PARAMS_PER_LAYER
from tfcompat.contrib.cudnn_rnn.cudnn_rnn_ops import CUDNN_RNN_BIDIRECTION
from tfcompat.contrib.cudnn_rnn.cudnn_rnn_ops import CUDNN_RNN_RELU
from tfcompat.contrib.cudnn_rnn.cudnn_rnn_ops import CUDNN_RNN_RELU_PARAMS_PER_LAYER
from tfcompat.contrib.cudnn_rnn.cudnn_rnn_ops import CUDNN_RNN_TANH
from tfcompat.contrib.cudnn_rnn.cudnn_rnn_ops import CUDNN_RNN_TANH_PARAMS_PER_LAYER
from tfcompat.contrib.cudnn_rnn.cudnn_rnn_ops import CUDNN_RNN_UNIDIRECTION
from tfcompat.contrib.cudnn_rnn.cudnn_rnn_ops import CudnnCompatibleGRUCell
from tfcompat.contrib.cudnn_rnn.cudnn_rnn_ops import CudnnCompatibleLSTMCell
from tfcompat.contrib.cudnn_rnn.cudnn_rnn_ops import cudnn_gru
from tfcompat.contrib.cudnn_rnn.cudnn_rnn_ops import cudnn_lstm
from tfcompat.contrib.cudnn_rnn.cudnn_rnn_ops import cudnn_rnn_relu
from tfcompat.contrib.cudnn_rnn.cudnn_rnn_ops import cudnn_rnn_tanh
from tfcompat.contrib.cudnn_rnn.cudnn_rnn_ops import cudnn_rnn_canonical_to_opaque_params
from tfcompat.contrib.cudnn_rnn.cudnn_rnn_ops import cudnn_rnn_opaque_params_size
from tfcompat.contrib.cudnn_rnn.cudnn_rnn_ops import cudnn_rnn_opaque_params_to_canonical

__all__ = ["CudnnGRU", "CudnnLSTM", "CudnnRNNRelu", "CudnnRNNTanh", "CudnnCompatibleGRUCell",
           "CudnnCompatibleLSTMCell", "cudnn_gru", "cudnn_lstm", "cudnn_rnn_relu", "cudnn_rnn_tanh",
           "cudnn_rnn_canonical_to_opaque_params",
           "cudnn_rnn_opaque_params_size", "cudnn_rnn_opaque_params_to_canonical",
           "CUDNN_GRU", "CUDNN_GRU_PARAMS_PER_LAYER", "CUDNN_INPUT_AUTO_MODE",
           "CUDNN_INPUT_LINEAR_MODE", "CUDNN_INPUT_SKIP_MODE", "CUDNN_LSTM",
           "CUDNN_LSTM_PARAMS_PER_LAYER", "CUDNN_RNN_BIDIRECTION", "CUDNN_RNN_RELU",
           "CUDNN_RNN_RELU_PARAMS_PER_LAYER", "CUDNN_RNN_TANH", "CUDNN_RNN_TANH_PARAMS_PER_LAYER",
           "CUDNN_RNN_UNIDIRECTION"]
__getattr__ = missing_attr("contrib.cudnn_rnn", __name__)
