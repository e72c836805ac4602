"""Linear regression, logistic regression and a 2-layer MLP trained 20 steps by every
optimizer from fixed initial values: losses and final weights match TF1's (recorded in
tf_training_reference.json, or live: reference.py) to a relative 1e-5. Also the
IndexedSlices (sparse) updates."""
import numpy as np
import pytest
import reference
import train_models_helper as models


RTOL, ATOL = 1e-5, 1e-6


@pytest.mark.parametrize("model", ["linear", "logistic", "mlp"])
@pytest.mark.parametrize("optimizer", list(models.OPTIMIZERS))
def test_training_matches_tf(tf, model, optimizer):
    expected = reference.load("training")["dense"]["%s/%s" % (model, optimizer)]
    losses, final = models.train(tf, model, optimizer)
    np.testing.assert_allclose(losses, expected["losses"], rtol=RTOL, atol=ATOL)
    assert sorted(final) == sorted(expected["final"])
    for name, value in expected["final"].items():
        np.testing.assert_allclose(final[name], value, rtol=RTOL, atol=ATOL, err_msg=name)


@pytest.mark.parametrize("optimizer", list(models.OPTIMIZERS))
def test_sparse_updates_match_tf(tf, optimizer):
    expected = reference.load("training")["sparse"][optimizer]
    losses, final = models.train_sparse(tf, optimizer)
    np.testing.assert_allclose(losses, expected["losses"], rtol=RTOL, atol=ATOL)
    np.testing.assert_allclose(final, expected["final"], rtol=RTOL, atol=ATOL)
