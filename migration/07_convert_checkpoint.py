"""Step 7: convert a TF checkpoint to a PyTorch state_dict and load it into your own module.

The command line does the conversion (names map as `hidden/kernel` -> `hidden.kernel`; the
mapping is printed; `--exclude` drops optimizer slots and counters):

    tfcompat convert-checkpoint migration/data classifier.pt --exclude 'Adam|_power$|global_step'

Then the weights load into a hand-written PyTorch model. One thing to know: TF's dense layers
store `kernel` as [in, out], `nn.Linear` stores `weight` as [out, in], so kernels are
transposed on the way in.

    python migration/07_convert_checkpoint.py

Expected last line: matches TensorFlow: True
"""
import os
import subprocess
import sys
import tempfile

import numpy as np
import torch

DATA = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data")


class Classifier(torch.nn.Module):
    """The TF model, written in PyTorch."""

    def __init__(self):
        super().__init__()
        self.hidden = torch.nn.Linear(4, 8)
        self.logits = torch.nn.Linear(8, 2)

    def forward(self, x):
        return torch.softmax(self.logits(torch.relu(self.hidden(x))), dim=-1)


def from_tf_names(state):
    """`hidden.kernel` [in, out] -> `hidden.weight` [out, in]; biases unchanged."""
    return {name.replace(".kernel", ".weight"): value.T if name.endswith(".kernel") else value
            for name, value in state.items()}


def main():
    reference = np.load(os.path.join(DATA, "reference.npz"))
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "classifier.pt")
        subprocess.run([sys.executable, "-m", "tfcompat", "convert-checkpoint", DATA, out,
                        "--exclude", "Adam|_power$|global_step"], check=True)
        state = torch.load(out)
    model = Classifier()
    model.load_state_dict(from_tf_names(state))
    with torch.no_grad():
        probs = model(torch.from_numpy(reference["x"])).numpy()
    print("matches TensorFlow:", bool(np.allclose(probs, reference["probs"], atol=1e-5)))


if __name__ == "__main__":
    main()
