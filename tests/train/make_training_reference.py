"""Regenerates tf_training_reference.json with real TensorFlow (not run by pytest):

    TF_CPP_MIN_LOG_LEVEL=2 /path/to/tf-venv/bin/python tests/train/make_training_reference.py
"""
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import tensorflow.compat.v1 as tf
import train_models_helper as models

tf.disable_v2_behavior()


def main():
    out = {"dense": {}, "sparse": {}, "tensorflow": tf.__version__}
    for model in ("linear", "logistic", "mlp"):
        for opt in models.OPTIMIZERS:
            with tf.Graph().as_default():
                losses, final = models.train(tf, model, opt)
            out["dense"]["%s/%s" % (model, opt)] = {"losses": losses, "final": final}
    for opt in models.OPTIMIZERS:
        with tf.Graph().as_default():
            losses, final = models.train_sparse(tf, opt)
        out["sparse"][opt] = {"losses": losses, "final": final}
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "tf_training_reference.json")
    with open(path, "w") as f:
        json.dump(out, f, indent=0)


if __name__ == "__main__":
    main()
