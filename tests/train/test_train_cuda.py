"""On CUDA, variables, gradients and optimizer updates run on the GPU (tfcompat places ops on
cuda:0 by default) and still match TF1's numbers."""
import json
import os

import numpy as np
import pytest
import train_models_helper as models

pytestmark = [pytest.mark.cuda, pytest.mark.tfcompat_only]


@pytest.mark.parametrize("optimizer", ["adam", "momentum", "rmsprop_centered", "ftrl"])
def test_mlp_trains_on_gpu_like_tf(tf, optimizer):
    import torch
    with open(os.path.join(os.path.dirname(__file__), "tf_training_reference.json")) as f:
        expected = json.load(f)["dense"]["mlp/" + optimizer]
    loss, _, feeds = models.build(tf, "mlp")
    train = models.OPTIMIZERS[optimizer](tf).minimize(loss)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        losses = [float(sess.run([train, loss], feeds)[1]) for _ in range(models.STEPS)]
        devices = {t.device.type for t in sess._state.variables.values()
                   if isinstance(t, torch.Tensor)}
    assert devices == {"cuda"}
    np.testing.assert_allclose(losses, expected["losses"], rtol=1e-4, atol=1e-6)
