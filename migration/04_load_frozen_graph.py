"""Step 4: load a frozen graph (a GraphDef .pb from TensorFlow) and run it.

data/frozen_mlp.pb was frozen by TensorFlow (`graph_util.convert_variables_to_constants`);
tfcompat imports it with the same calls as TF1, and runs it on PyTorch:

    python migration/04_load_frozen_graph.py

Expected last line: matches TensorFlow: True
"""
import os

import numpy as np

import tfcompat as tf

DATA = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data")


def main():
    reference = np.load(os.path.join(DATA, "reference.npz"))
    graph_def = tf.GraphDef()
    with tf.gfile.GFile(os.path.join(DATA, "frozen_mlp.pb"), "rb") as f:
        graph_def.ParseFromString(f.read())
    with tf.Graph().as_default() as graph:
        tf.import_graph_def(graph_def, name="")
        x = graph.get_tensor_by_name("x:0")
        probs = graph.get_tensor_by_name("probs:0")
        print("imported %d ops; input %s, output %s" % (len(graph.get_operations()), x, probs))
        with tf.Session() as sess:
            predictions = sess.run(probs, {x: reference["x"]})
    print("matches TensorFlow:", bool(np.allclose(predictions, reference["probs"], atol=1e-5)))


if __name__ == "__main__":
    main()
