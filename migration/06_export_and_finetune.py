"""Step 6: export the model to a `torch.nn.Module`, then keep working in plain PyTorch.

`tfcompat.export.to_torch(sess, inputs, outputs)` turns the part of the graph between the
inputs and the outputs into a module whose parameters are the session's variables, named after
them (`hidden/kernel` -> `hidden.kernel`), and whose `forward` is generated Python you can read
(`module.code`), copy into your own code base, `torch.compile` or `torch.export`. From there on
it is PyTorch: here we fine-tune it on new
labels with `torch.optim` and save a state_dict.

    python migration/06_export_and_finetune.py

Expected last line: fine-tuning lowered the loss: True
"""
import os
import tempfile

import numpy as np
import torch

import tfcompat as tf
from tfcompat.export import to_torch

DATA = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data")


def main():
    reference = np.load(os.path.join(DATA, "reference.npz"))
    with tf.Graph().as_default():
        x = tf.placeholder(tf.float32, [None, 4], name="x")
        hidden = tf.layers.dense(x, 8, activation=tf.nn.relu, name="hidden")
        logits = tf.layers.dense(hidden, 2, name="logits")
        with tf.Session() as sess:
            tf.train.Saver().restore(sess, tf.train.latest_checkpoint(DATA))
            module = to_torch(sess, inputs=x, outputs=logits)
    print(module.code)
    print("parameters:", [name for name, _ in module.named_parameters()])

    probs = torch.softmax(module(torch.from_numpy(reference["x"])), dim=1)
    print("same predictions as TensorFlow:",
          bool(np.allclose(probs.detach().numpy(), reference["probs"], atol=1e-5)))

    # From here on it is plain PyTorch: adapt the classifier to a shifted decision boundary.
    xs = torch.from_numpy(reference["train_x"])
    ys = (xs[:, 0] + xs[:, 1] > 0.5).long()
    optimizer = torch.optim.Adam(module.parameters(), lr=0.01)
    loss_fn = torch.nn.CrossEntropyLoss()
    with torch.no_grad():
        before = loss_fn(module(xs), ys).item()
    for _ in range(100):
        optimizer.zero_grad()
        loss = loss_fn(module(xs), ys)
        loss.backward()
        optimizer.step()
    print("loss %.4f -> %.4f" % (before, loss.item()))
    exported = torch.export.export(module, (xs,))          # also: torch.compile, torch.onnx
    print("torch.export graph:", len(exported.graph.nodes), "nodes")
    with tempfile.TemporaryDirectory() as tmp:
        torch.save(module.state_dict(), os.path.join(tmp, "classifier.pt"))
    print("fine-tuning lowered the loss:", loss.item() < before)


if __name__ == "__main__":
    main()
