"""Writes tests/fixtures/saved_model_tf/ with real TensorFlow (run once with /work/tfref):

    TF_CPP_MIN_LOG_LEVEL=2 /work/tfref/bin/python tests/saved_model/make_saved_model_fixture.py

A linear model y = x @ w + b under the "serve" tag (predict signature "serving_default") and
a second "train" tag set, with a local variable set by the main op and one asset file.
Expected outputs are printed and pasted into test_saved_model.py.
"""
import os
import shutil

import tensorflow.compat.v1 as tf

tf.disable_v2_behavior()
HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "fixtures", "saved_model_tf")

shutil.rmtree(OUT, ignore_errors=True)
with open("/tmp/vocab.txt", "w") as f:
    f.write("a\nb\nc\n")
with tf.Graph().as_default(), tf.Session() as sess:
    x = tf.placeholder(tf.float32, [None, 3], name="x")
    w = tf.Variable([[1.0, -1.0], [2.0, 0.5], [0.0, 3.0]], name="w")
    b = tf.Variable([0.25, -0.5], name="b")
    y = tf.add(tf.matmul(x, w), b, name="y")
    local = tf.Variable(0.0, name="local_counter", collections=[tf.GraphKeys.LOCAL_VARIABLES])
    asset = tf.constant("/tmp/vocab.txt", name="vocab_path")
    tf.add_to_collection(tf.GraphKeys.ASSET_FILEPATHS, asset)
    with tf.control_dependencies([tf.variables_initializer([local])]):
        main = tf.group(tf.assign(local, 7.0), name="main_op")
    sess.run(tf.global_variables_initializer())
    sess.run(w.assign(w * 2.0))
    builder = tf.saved_model.builder.SavedModelBuilder(OUT)
    sig = tf.saved_model.signature_def_utils.predict_signature_def({"x": x}, {"y": y})
    builder.add_meta_graph_and_variables(
        sess, ["serve"], signature_def_map={"serving_default": sig},
        assets_collection=tf.get_collection(tf.GraphKeys.ASSET_FILEPATHS), main_op=main)
    builder.add_meta_graph(["train"])
    builder.save()
    print(sess.run(y, {x: [[1.0, 2.0, 3.0]]}))
