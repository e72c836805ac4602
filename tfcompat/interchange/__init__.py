"""Reading TensorFlow's graphs into tfcompat graphs: `tf.import_graph_def` (importer.py), the
function library of control flow v2 (function_import.py) and the frames of control flow v1
(v1_frames.py). Above the op families (it creates `If`/`While` ops) and the file formats (it
reads their protos); below the runtime, which it never needs."""
