"""Records what real TensorFlow computes for the training tests (not run by pytest itself):

    TF_USE_LEGACY_KERAS=1 TF_CPP_MIN_LOG_LEVEL=3 /path/to/tf-venv/bin/python \\
        tests/train/make_training_reference.py [--out DIR] [--only NAME ...]

NAME is one of the references below (default: all); each is written to DIR (default: this
directory) as <file>. With TFCOMPAT_DIFF_LIVE=1 the tests run this script into a temporary
directory under the interpreter named by TFCOMPAT_TF_PYTHON and compare against that instead
of the recorded files (see reference.py).
"""
import argparse
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

REFERENCES = {
    "training": "tf_training_reference.json",   # linear/logistic/mlp x optimizers, sparse rows
    "kernels": "tf_kernel_reference.json",      # the Apply*/SparseApply* ops one by one
    "matrix": "tf_matrix_reference.json",       # every optimizer x CNN/RNN/embedding models
}


def _training(tf):
    import train_models_helper as models
    out = {"dense": {}, "sparse": {}}
    for model in ("linear", "logistic", "mlp"):
        for opt in models.OPTIMIZERS:
            with tf.Graph().as_default():
                losses, final = models.train(tf, model, opt)
            out["dense"]["%s/%s" % (model, opt)] = {"losses": losses, "final": final}
    for opt in models.OPTIMIZERS:
        with tf.Graph().as_default():
            losses, final = models.train_sparse(tf, opt)
        out["sparse"][opt] = {"losses": losses, "final": final}
    return out


def _kernels(tf):
    import kernel_cases as kernels
    out = {"values": {}, "errors": {}, "build": {}}
    for case, op_type, dtype, layout in kernels.cases():
        with tf.Graph().as_default():
            out["values"][case] = kernels.run_case(tf, op_type, dtype, layout)
    for case, op_type, name, value in kernels.error_cases():
        with tf.Graph().as_default():
            out["errors"][case] = kernels.run_error_case(tf, op_type, name, value)
    for case, builder in kernels.build_errors():
        with tf.Graph().as_default():
            out["build"][case] = kernels.run_build_error(tf, builder)
    return out


def _matrix(tf):
    import train_matrix_helper as matrix
    return {model: matrix.train_model(tf, model) for model in matrix.MODELS}


def _dumps(data, indent=""):
    """JSON with one line per value that is not a dict (readable diffs, exact float repr)."""
    if not isinstance(data, dict) or not data:
        return json.dumps(data)
    inner = indent + " "
    items = ["%s%s: %s" % (inner, json.dumps(k), _dumps(data[k], inner)) for k in sorted(data)]
    return "{\n" + ",\n".join(items) + "\n" + indent + "}"


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=HERE)
    parser.add_argument("--only", nargs="*", choices=sorted(REFERENCES),
                        default=sorted(REFERENCES))
    args = parser.parse_args(argv)
    import tensorflow.compat.v1 as tf
    tf.disable_v2_behavior()
    makers = {"training": _training, "kernels": _kernels, "matrix": _matrix}
    for name in args.only:
        data = dict(makers[name](tf), tensorflow=tf.__version__)
        with open(os.path.join(args.out, REFERENCES[name]), "w") as f:
            f.write(_dumps(data) + "\n")


if __name__ == "__main__":
    main()
