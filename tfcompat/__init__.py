"""tfcompat: TensorFlow 1.x programs, running on PyTorch.

`import tfcompat as tf` gives the TF1 namespace: build a graph, run it in a `tf.Session`.
This module only re-exports; the implementation lives in framework/, ops/ and client/.
"""
from tfcompat import _openmp  # noqa: F401 - first: how torch's threads wait, set before it loads
from tfcompat import errors
from tfcompat import ops as _ops  # noqa: F401 - registers every op family
from tfcompat import nn
from tfcompat.ops.nn_rnn_ops import reverse_sequence
from tfcompat.client.session import InteractiveSession
from tfcompat.client.session import Session
from tfcompat.client.session import get_default_session
from tfcompat.framework.convert import constant
from tfcompat.framework.convert import convert_to_tensor
from tfcompat.framework.convert import register_tensor_conversion_function
from tfcompat.framework.device import DeviceSpec
from tfcompat.framework.dtypes import *  # noqa: F401,F403 - tf.float32, tf.as_dtype, ...
from tfcompat.framework.dtypes import DType
from tfcompat.framework.dtypes import as_dtype
from tfcompat.framework.graph import Graph
from tfcompat.framework.graph import GraphKeys
from tfcompat.framework.graph import add_to_collection
from tfcompat.framework.graph import add_to_collections
from tfcompat.framework.graph import colocate_with
from tfcompat.framework.graph import control_dependencies
from tfcompat.framework.graph import device
from tfcompat.framework.graph import get_collection
from tfcompat.framework.graph import get_collection_ref
from tfcompat.framework.graph import get_default_graph
from tfcompat.framework.graph import init_scope
from tfcompat.framework.graph import name_scope
from tfcompat.framework.graph import reset_default_graph
from tfcompat.framework.operation import Operation
from tfcompat.framework.operation import Tensor
from tfcompat.framework.tensor_shape import Dimension
from tfcompat.framework.tensor_shape import TensorShape
from tfcompat.framework.tensor_util import get_static_value
from tfcompat.ops.array_ops import *  # noqa: F401,F403
from tfcompat.ops.array_ops import range  # noqa: A004
from tfcompat.ops.array_ops_join import *  # noqa: F401,F403
from tfcompat.ops.indexing_ops import boolean_mask
from tfcompat.ops.indexing_ops import gather
from tfcompat.ops.indexing_ops import gather_nd
from tfcompat.ops.indexing_ops import one_hot
from tfcompat.ops.indexing_ops import reverse
from tfcompat.ops.indexing_ops import sequence_mask
from tfcompat.ops.indexing_ops import slice  # noqa: A004
from tfcompat.ops.indexing_ops import strided_slice
from tfcompat.ops.indexing_ops import unique
from tfcompat.ops.indexing_ops import where
from tfcompat.ops.indexing_ops import where_v2
from tfcompat.ops.math_ops import *  # noqa: F401,F403
from tfcompat.ops.math_ops import abs  # noqa: A004
from tfcompat.ops.math_ops import pow  # noqa: A004
from tfcompat.ops.math_ops import round  # noqa: A004
from tfcompat.ops.random_ops import multinomial
from tfcompat.ops.random_ops import random_normal
from tfcompat.ops.random_ops import random_shuffle
from tfcompat.ops.random_ops import random_uniform
from tfcompat.ops.random_ops import set_random_seed
from tfcompat.ops.random_ops import truncated_normal
from tfcompat.ops.reduction_ops import *  # noqa: F401,F403

# variables, scopes and initializers (issue 3)
from tfcompat import initializers  # noqa: E402
from tfcompat.init_ops import *  # noqa: E402,F401,F403 - tf.zeros_initializer, ...
from tfcompat.ops.linalg_ops import diag_part  # noqa: E402
from tfcompat.ops.linalg_ops import qr  # noqa: E402

# linear algebra, contractions, sorting, strings (tf.linalg / tf.math / tf.strings aliases)
from tfcompat.ops.einsum_ops import einsum  # noqa: E402
from tfcompat.ops.einsum_ops import setdiff1d  # noqa: E402
from tfcompat.ops.einsum_ops import tensordot  # noqa: E402
from tfcompat.ops.linalg_diag_ops import diag  # noqa: E402
from tfcompat.ops.linalg_diag_ops import eye  # noqa: E402
from tfcompat.ops.linalg_diag_ops import matrix_band_part  # noqa: E402
from tfcompat.ops.linalg_diag_ops import matrix_diag  # noqa: E402
from tfcompat.ops.linalg_diag_ops import matrix_diag_part  # noqa: E402
from tfcompat.ops.linalg_diag_ops import matrix_set_diag  # noqa: E402
from tfcompat.ops.linalg_diag_ops import trace  # noqa: E402
from tfcompat.ops.linalg_ops import cholesky  # noqa: E402
from tfcompat.ops.linalg_ops import cholesky_solve  # noqa: E402
from tfcompat.ops.linalg_ops import matrix_determinant  # noqa: E402
from tfcompat.ops.linalg_ops import matrix_inverse  # noqa: E402
from tfcompat.ops.linalg_ops import matrix_solve  # noqa: E402
from tfcompat.ops.linalg_ops import matrix_triangular_solve  # noqa: E402
from tfcompat.ops.linalg_ops import norm  # noqa: E402
from tfcompat.ops.math_ops_composite import arg_max  # noqa: E402
from tfcompat.ops.math_ops_composite import arg_min  # noqa: E402
from tfcompat.ops.math_ops_composite import log_sigmoid  # noqa: E402
from tfcompat.ops.scatter_nd_ops import scatter_nd  # noqa: E402
from tfcompat.ops.sort_ops import argsort  # noqa: E402
from tfcompat.ops.sort_ops import sort  # noqa: E402
from tfcompat.ops.space_depth_ops import depth_to_space  # noqa: E402
from tfcompat.ops.space_depth_ops import space_to_depth  # noqa: E402
from tfcompat.ops.space_to_batch_ops import batch_to_space  # noqa: E402
from tfcompat.ops.space_to_batch_ops import batch_to_space_nd  # noqa: E402
from tfcompat.ops.space_to_batch_ops import required_space_to_batch_paddings  # noqa: E402
from tfcompat.ops.space_to_batch_ops import space_to_batch  # noqa: E402
from tfcompat.ops.space_to_batch_ops import space_to_batch_nd  # noqa: E402
from tfcompat.ops.string_ops import string_join  # noqa: E402
from tfcompat.ops.string_ops_more import *  # noqa: E402,F401,F403 - tf.as_string, tf.substr, ...
from tfcompat.ops.string_split_hash_ops import *  # noqa: E402,F401,F403 - tf.string_split, ...
from tfcompat.ops.lookup_ops import initialize_all_tables  # noqa: E402
from tfcompat.ops.lookup_ops import tables_initializer  # noqa: E402
from tfcompat.ops.sparse_ops_more import *  # noqa: E402,F401,F403 - tf.sparse_merge, ...
from tfcompat.ops.serialize_ops import *  # noqa: E402,F401,F403 - tf.serialize_tensor, ...
from tfcompat.ops.random_ops import get_seed  # noqa: E402
from tfcompat.ops.state_ops import *  # noqa: E402,F401,F403 - tf.assign, tf.scatter_update, ...
from tfcompat.variable_scope import *  # noqa: E402,F401,F403 - tf.get_variable, ...
from tfcompat.variables import *  # noqa: E402,F401,F403 - tf.Variable, tf.global_variables, ...
from tfcompat import resource_variable as _resource_variable  # noqa: E402,F401 - use_resource
from tfcompat.framework.indexed_slices import *  # noqa: E402,F401,F403 - tf.IndexedSlices
from tfcompat.ops.gradients_impl import *  # noqa: E402,F401,F403 - tf.gradients, tf.hessians
from tfcompat.ops.custom_gradient import *  # noqa: E402,F401,F403 - tf.RegisterGradient, ...
from tfcompat.ops.segment_ops import *  # noqa: E402,F401,F403 - tf.segment_sum, ...
from tfcompat.ops.clip_ops import *  # noqa: E402,F401,F403 - tf.clip_by_norm, ...
# decompositions, tensor scatters, partitions and other array ops (issue 12, linalg/array)
from tfcompat.ops.array_composite_ops import *  # noqa: E402,F401,F403 - tf.meshgrid, tf.repeat, ...
from tfcompat.ops.array_misc_ops import *  # noqa: E402,F401,F403 - tf.roll, tf.dynamic_stitch, ...
from tfcompat.ops.array_scatter_ops import *  # noqa: E402,F401,F403 - tf.tensor_scatter_nd_*
from tfcompat.ops.linalg_composite_ops import *  # noqa: E402,F401,F403 - tf.matrix_solve_ls
from tfcompat.ops.linalg_decomp_ops import *  # noqa: E402,F401,F403 - tf.svd, tf.cross, ...

# tf.data, records and examples, queues (issue 5)
from tfcompat import python_io  # noqa: E402
from tfcompat.framework.sparse_tensor import SparseTensor  # noqa: E402
from tfcompat.framework.sparse_tensor import SparseTensorValue  # noqa: E402
from tfcompat import sparse  # noqa: E402
from tfcompat.ops.sparse_ops import *  # noqa: E402,F401,F403 - tf.sparse_*, tf.edit_distance
from tfcompat.ops.parsing_ops import FixedLenFeature  # noqa: E402
from tfcompat.ops.parsing_ops import FixedLenSequenceFeature  # noqa: E402
from tfcompat.ops.parsing_ops import VarLenFeature  # noqa: E402
from tfcompat.ops.parsing_sparse_feature import SparseFeature  # noqa: E402
from tfcompat.ops.parsing_sequence_ops import parse_single_sequence_example  # noqa: E402
from tfcompat.ops.parsing_ops import decode_csv  # noqa: E402
from tfcompat.ops.parsing_ops import decode_raw  # noqa: E402
from tfcompat.ops.parsing_ops import parse_example  # noqa: E402
from tfcompat.ops.parsing_ops import parse_single_example  # noqa: E402
from tfcompat.ops.reader_ops import FixedLengthRecordReader  # noqa: E402
from tfcompat.ops.reader_ops import ReaderBase  # noqa: E402
from tfcompat.ops.reader_ops import TextLineReader  # noqa: E402
from tfcompat.ops.reader_ops import TFRecordReader  # noqa: E402
from tfcompat.ops.reader_ops import WholeFileReader  # noqa: E402
from tfcompat.ops.reader_ops import matching_files  # noqa: E402
from tfcompat.ops.reader_ops import read_file  # noqa: E402
from tfcompat.ops.reader_ops import write_file  # noqa: E402
from tfcompat.ops.queue_ops import FIFOQueue  # noqa: E402
from tfcompat.ops.queue_ops import PaddingFIFOQueue  # noqa: E402
from tfcompat.ops.queue_ops import QueueBase  # noqa: E402
from tfcompat.ops.queue_ops import RandomShuffleQueue  # noqa: E402

# control flow, py_func, printing and assertions (issue 5)
from tfcompat import debugging  # noqa: E402
from tfcompat.ops.check_ops import *  # noqa: E402,F401,F403 - tf.assert_equal, tf.check_numerics, ...
from tfcompat.ops.control_flow_ops import case  # noqa: E402
from tfcompat.ops.control_flow_ops import cond  # noqa: E402
from tfcompat.ops.control_flow_ops import group  # noqa: E402
from tfcompat.ops.control_flow_ops import switch_case  # noqa: E402
from tfcompat.ops.control_flow_ops import tuple  # noqa: E402,A004
from tfcompat.ops.control_flow_tensor_array import TensorArray  # noqa: E402
from tfcompat.ops.control_flow_while import while_loop  # noqa: E402
from tfcompat.ops.functional_ops import foldl  # noqa: E402
from tfcompat.ops.functional_ops import foldr  # noqa: E402
from tfcompat.ops.functional_ops import map_fn  # noqa: E402
from tfcompat.ops.functional_ops import scan  # noqa: E402
from tfcompat.ops.control_flow_ops import Assert  # noqa: E402
from tfcompat.ops.logging_ops import Print  # noqa: E402
from tfcompat.ops.logging_ops import print_v2 as print  # noqa: E402,A004
from tfcompat.ops.script_ops import numpy_function  # noqa: E402
from tfcompat.ops.script_ops import py_func  # noqa: E402

# utility namespaces and v1-mode switches (issue 7)
from tfcompat import compat  # noqa: E402
from tfcompat import tf_logging as logging  # noqa: E402
from tfcompat.compat import disable_control_flow_v2  # noqa: E402
from tfcompat.compat import disable_eager_execution  # noqa: E402
from tfcompat.compat import disable_tensor_equality  # noqa: E402
from tfcompat.compat import disable_v2_behavior  # noqa: E402
from tfcompat.compat import disable_v2_tensorshape  # noqa: E402
from tfcompat.compat import enable_control_flow_v2  # noqa: E402
from tfcompat.compat import enable_eager_execution  # noqa: E402
from tfcompat.compat import enable_tensor_equality  # noqa: E402
from tfcompat.compat import enable_v2_behavior  # noqa: E402
from tfcompat.compat import enable_v2_tensorshape  # noqa: E402
from tfcompat.compat import executing_eagerly  # noqa: E402
from tfcompat.compat import control_flow_v2_enabled  # noqa: E402
from tfcompat.compat import disable_resource_variables  # noqa: E402
from tfcompat.compat import enable_resource_variables  # noqa: E402
from tfcompat.compat import executing_eagerly_outside_functions  # noqa: E402
from tfcompat.compat import resource_variables_enabled  # noqa: E402
from tfcompat.tf_logging import get_logger  # noqa: E402

# GraphDef / MetaGraph / checkpoints / TensorBoard (issue 6)
from tfcompat import summary  # noqa: E402

# serving: the SavedModel layout (issue 8) -- `tf.saved_model` loads on first use (below)

newaxis = None
from tfcompat._version import COMPILER_VERSION  # noqa: E402
from tfcompat._version import GIT_VERSION  # noqa: E402
from tfcompat._version import GRAPH_DEF_VERSION_MIN_PRODUCER  # noqa: E402
from tfcompat._version import VERSION  # noqa: E402
from tfcompat._version import __version__  # noqa: E402
from tfcompat._version import tfcompat_version  # noqa: E402

# framework helpers, templates, queues (issue 12, api_framework_misc)
from tfcompat.errors import OpError  # noqa: E402
from tfcompat.ops.custom_gradient import NotDifferentiable as NoGradient  # noqa: E402
from tfcompat.ops.framework_misc_ops import *  # noqa: E402,F401,F403 - tf.py_function, ...
from tfcompat.template import make_template  # noqa: E402
from tfcompat.module import Module  # noqa: E402
from tfcompat.variable_creator import variable_creator_scope  # noqa: E402
from tfcompat.ops.priority_queue import PriorityQueue  # noqa: E402
from tfcompat.ops.identity_reader import IdentityReader  # noqa: E402
from tfcompat.ops.critical_section_ops import CriticalSection  # noqa: E402
from tfcompat.ops.session_ops import delete_session_tensor  # noqa: E402
from tfcompat.ops.session_ops import get_session_handle  # noqa: E402
from tfcompat.ops.session_ops import get_session_tensor  # noqa: E402
from tfcompat.ops.accumulator_ops import ConditionalAccumulator  # noqa: E402
from tfcompat.ops.accumulator_ops import ConditionalAccumulatorBase  # noqa: E402
from tfcompat.ops.accumulator_ops import SparseConditionalAccumulator  # noqa: E402
from tfcompat.gradient_tape import GradientTape  # noqa: E402
from tfcompat.type_spec import *  # noqa: E402,F401,F403 - tf.TensorSpec, ...
from tfcompat.partitioned_variables import create_partitioned_variables  # noqa: E402
from tfcompat.partitioned_variables import fixed_size_partitioner  # noqa: E402
from tfcompat.partitioned_variables import min_max_variable_partitioner  # noqa: E402
from tfcompat.partitioned_variables import variable_axis_size_partitioner  # noqa: E402

# tf.conv, the V2 convolution backprops and fake quantization (issue 12, api_nn)
from tfcompat.ops.nn_conv_more import conv  # noqa: E402
from tfcompat.ops.nn_conv_more import conv2d_backprop_filter_v2  # noqa: E402
from tfcompat.ops.nn_conv_more import conv2d_backprop_input_v2  # noqa: E402
from tfcompat.ops.fake_quant_ops import *  # noqa: E402,F401,F403 - tf.fake_quant_with_min_max_*
from tfcompat.ops.quantize_ops import dequantize  # noqa: E402
from tfcompat.ops.quantize_ops import quantize  # noqa: E402
from tfcompat.ops.quantize_ops import quantize_v2  # noqa: E402
from tfcompat.ops.quantize_ops import quantized_concat  # noqa: E402

# spectral ops, special functions, more of tf.math (issue 12); `tf.dtypes` is the namespace
# module (the star imports above leak framework.dtypes under that name)
import tfcompat.dtypes as dtypes  # noqa: E402
from tfcompat.ops.fft_ops import fft, fft2d, fft3d, fftnd, ifft, ifft2d, ifft3d  # noqa: E402
from tfcompat.ops.fft_ops import ifftnd, irfftnd, rfftnd  # noqa: E402
from tfcompat.ops.math_ops_extra import accumulate_n, angle, bincount, complex  # noqa: E402,A004
from tfcompat.ops.math_ops_extra import confusion_matrix, histogram_fixed_width  # noqa: E402
from tfcompat.ops.math_ops_extra import histogram_fixed_width_bins  # noqa: E402
from tfcompat.ops.math_ops_extra import invert_permutation  # noqa: E402
from tfcompat.ops.math_ops_extra import to_complex64, to_complex128  # noqa: E402
from tfcompat.ops.special_math_ops import betainc, igamma, igammac, lbeta, polygamma  # noqa: E402
from tfcompat.ops.special_math_ops import zeta  # noqa: E402

# pre-1.0 and TF1 aliases (one table, six-style)
from tfcompat._aliases import install as _install_aliases  # noqa: E402

_install_aliases(globals())

# tf.test, tf.contrib, tf.python and tfcompat.export load on first use; any other missing name
# raises "module 'tfcompat' has no attribute 'X': tfcompat does not implement tf.X; ..."
from tfcompat import _unsupported  # noqa: E402

# a star import above leaks the stdlib `math` module; `tf.math` is the namespace, made on first use
if getattr(globals().get("math"), "__name__", None) == "math":
    del math  # noqa: F821

__getattr__ = _unsupported.package_getattr(__name__, {
    "test": "tfcompat.test", "export": "tfcompat.export",
    "estimator": "tfcompat.estimator",
    "contrib": "tfcompat.contrib", "xla": "tfcompat.xla", "core": "tfcompat.core",
    "python": "tfcompat._import_hook:python_namespace",
    "saved_model": "tfcompat.saved_model", "distribute": "tfcompat.distribute",
    "nest": "tfcompat.nest",
    "math": "tfcompat.math", "linalg": "tfcompat.linalg", "random": "tfcompat.random",
    "examples": "tfcompat.examples",
    "strings": "tfcompat.strings", "signal": "tfcompat.signal", "spectral": "tfcompat.spectral",
    "bitwise": "tfcompat.bitwise", "sets": "tfcompat.sets", "manip": "tfcompat.manip",
    "lookup": "tfcompat.lookup", "distributions": "tfcompat.distributions",
    "feature_column": "tfcompat.feature_column", "keras": "tfcompat.keras",
    "ragged": "tfcompat.ragged",
    "RaggedTensor": "tfcompat.ragged.ragged_tensor#RaggedTensor",
    "RaggedTensorSpec": "tfcompat.ragged.ragged_tensor_spec#RaggedTensorSpec",
    "ragged_fill_empty_rows": "tfcompat.ragged.ragged_array#ragged_fill_empty_rows",
    "ragged_fill_empty_rows_grad": "tfcompat.ragged.ragged_array#ragged_fill_empty_rows_grad",
    "config": "tfcompat.config", "version": "tfcompat.version", "profiler": "tfcompat.profiler",
    "resource_loader": "tfcompat.resource_loader", "mixed_precision": "tfcompat.mixed_precision",
    "audio": "tfcompat.audio", "queue": "tfcompat.queue",
    "quantization": "tfcompat.quantization",
    "layers": "tfcompat.layers", "losses": "tfcompat.losses", "metrics": "tfcompat.metrics",
    "data": "tfcompat.data", "image": "tfcompat.image", "random_crop": "tfcompat.image#random_crop",
    "extract_image_patches": "tfcompat.ops.image_patches_ops#extract_image_patches",
    "extract_volume_patches": "tfcompat.ops.image_patches_ops#extract_volume_patches",
    "random_gamma": "tfcompat.ops.random_more_ops#random_gamma",
    "random_poisson": "tfcompat.ops.random_more_ops#random_poisson",
    "random_index_shuffle": "tfcompat.ops.stateless_random_more#random_index_shuffle",
    "app": "tfcompat.app", "flags": "tfcompat.flags", "graph_util": "tfcompat.graph_util",
    "train": "tfcompat.train", "raw_ops": "tfcompat.raw_ops",
    "start_queue_runners": "tfcompat.train.queue_runner#start_queue_runners",
    "gfile": "tfcompat.gfile", "import_graph_def": "tfcompat.interchange.importer#import_graph_def",
    # protobuf messages and helpers: protobuf loads on first use, not with `import tfcompat`
    "AttrValue": "tfcompat.io.proto.attr_value_pb2#AttrValue",
    "NameAttrList": "tfcompat.io.proto.attr_value_pb2#NameAttrList",
    "Event": "tfcompat.io.proto.event_pb2#Event",
    "LogMessage": "tfcompat.io.proto.event_pb2#LogMessage",
    "SessionLog": "tfcompat.io.proto.event_pb2#SessionLog",
    "GraphDef": "tfcompat.io.proto.graph_pb2#GraphDef",
    "MetaGraphDef": "tfcompat.io.proto.meta_graph_pb2#MetaGraphDef",
    "TensorInfo": "tfcompat.io.proto.meta_graph_pb2#TensorInfo",
    "NodeDef": "tfcompat.io.proto.node_def_pb2#NodeDef",
    "RunMetadata": "tfcompat.io.proto.config_pb2#RunMetadata",
    "ConfigProto": "tfcompat.client.config#ConfigProto",
    "GPUOptions": "tfcompat.client.config#GPUOptions",
    "GraphOptions": "tfcompat.client.config#GraphOptions",
    "OptimizerOptions": "tfcompat.client.config#OptimizerOptions",
    "RunOptions": "tfcompat.client.config#RunOptions",
    "HistogramProto": "tfcompat.io.proto.summary_pb2#HistogramProto",
    "Summary": "tfcompat.io.proto.summary_pb2#Summary",
    "SummaryMetadata": "tfcompat.io.proto.summary_pb2#SummaryMetadata",
    "TensorProto": "tfcompat.io.proto.tensor_pb2#TensorProto",
    "GRAPH_DEF_VERSION": "tfcompat.io.graph_def#PRODUCER",
    "GRAPH_DEF_VERSION_MIN_CONSUMER": "tfcompat.io.graph_def#MIN_CONSUMER",
    "make_ndarray": "tfcompat.io.tensor_util_api#make_ndarray",
    "make_tensor_proto": "tfcompat.io.tensor_util_api#make_tensor_proto",
})
# every namespace loaded so far explains a missing name (lazily loaded ones on first use)
_unsupported.guard_namespace(__import__("sys").modules[__name__], "tf")

from tfcompat._unsupported import namespace_dir as _namespace_dir  # noqa: E402

__dir__ = _namespace_dir('', __name__)   # TF's names, not this module's imports
