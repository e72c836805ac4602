"""tf.contrib.training.HParams: TF 1.15's hparam.py behaviour (read from its source; TF 2.x
has no HParams to run), as scripts use it for their configuration."""
import json

import pytest

pytestmark = pytest.mark.tfcompat_only


@pytest.fixture
def HParams(tf):  # noqa: N802 - the class under test
    return tf.contrib.training.HParams


def _hp(HParams):  # noqa: N803
    return HParams(learning_rate=0.1, num_layers=2, cells=["lstm", "gru"], dropout=[0.1, 0.2],
                   use_bn=True, name="model")


def test_constructor_attributes_values_and_contains(HParams):  # noqa: N803
    hp = _hp(HParams)
    assert hp.learning_rate == 0.1 and hp.num_layers == 2 and hp.cells == ["lstm", "gru"]
    assert hp.values() == {"learning_rate": 0.1, "num_layers": 2, "cells": ["lstm", "gru"],
                           "dropout": [0.1, 0.2], "use_bn": True, "name": "model"}
    assert "num_layers" in hp and "missing" not in hp
    assert hp.get("num_layers") == 2 and hp.get("missing", 7) == 7 and hp.get("missing") is None
    assert str(hp) == ("learning_rate=0.1,num_layers=2,cells=['lstm', 'gru'],"
                       "dropout=[0.1, 0.2],use_bn=True,name=model")
    assert repr(hp).startswith("HParams([('cells', ['lstm', 'gru']), ('dropout', [0.1, 0.2])")


def test_parse_scalars_lists_and_bools(HParams):  # noqa: N803
    hp = _hp(HParams).parse("learning_rate=0.5, num_layers=4,cells=[a, b,c],dropout=[1e-3],"
                     "use_bn=false,name=big_model")
    assert hp.learning_rate == 0.5 and hp.num_layers == 4
    assert hp.cells == ["a", "b", "c"] and hp.dropout == [0.001]
    assert hp.use_bn is False and hp.name == "big_model"
    for text, want in (("true", True), ("True", True), ("False", False), ("0", False),
                       ("1", True)):
        assert hp.parse("use_bn=" + text).use_bn is want
    assert isinstance(hp.parse("learning_rate=3").learning_rate, float)   # int -> float param


@pytest.mark.parametrize("text, message", [
    ("num_layers=2.5", "Could not parse hparam 'num_layers' of type 'int' with value '2.5'"),
    ("use_bn=maybe", "Could not parse hparam 'use_bn' of type 'bool' with value 'maybe'"),
    ("unknown=1", "Unknown hyperparameter type for unknown"),
    ("num_layers=1,num_layers=2", "Multiple assignments to variable 'num_layers'"),
    ("num_layers=[1,2]", "Must not pass a list for single-valued parameter: num_layers"),
    ("cells=x", "Must pass a list for multi-valued parameter: cells."),
    ("=3", "Malformed hyperparameter value: =3"),
])
def test_parse_errors(HParams, text, message):  # noqa: N803
    with pytest.raises(ValueError, match=message.replace("[", r"\[").replace(".", r"\.")):
        _hp(HParams).parse(text)


def test_add_set_del_and_type_checks(HParams):  # noqa: N803
    hp = _hp(HParams)
    hp.add_hparam("batch_size", 32)
    assert hp.batch_size == 32
    with pytest.raises(ValueError, match="Hyperparameter name is reserved: values"):
        hp.add_hparam("values", 1)
    with pytest.raises(ValueError, match="Hyperparameter name is reserved: batch_size"):
        hp.add_hparam("batch_size", 64)
    with pytest.raises(ValueError, match="Multi-valued hyperparameters cannot be empty: e"):
        hp.add_hparam("e", [])
    hp.set_hparam("learning_rate", 1)              # int into a float hyperparameter: 1.0
    assert hp.learning_rate == 1.0 and isinstance(hp.learning_rate, float)
    for name, value in (("num_layers", 2.5), ("num_layers", "3"), ("use_bn", 1),
                        ("name", 5), ("learning_rate", True)):
        with pytest.raises(ValueError, match="Could not cast hparam '%s'" % name):
            hp.set_hparam(name, value)
    with pytest.raises(KeyError):
        hp.set_hparam("missing", 1)
    hp.del_hparam("batch_size")
    assert "batch_size" not in hp and not hasattr(hp, "batch_size")
    hp.del_hparam("never_there")


def test_json_and_dict_round_trip(HParams):  # noqa: N803
    hp = _hp(HParams)
    assert json.loads(hp.to_json()) == hp.values()
    assert hp.to_json(sort_keys=True).startswith('{"cells": ["lstm", "gru"], "dropout"')
    other = HParams(learning_rate=0.0, num_layers=0, cells=["x"], dropout=[0.0], use_bn=False,
                    name="")
    assert other.parse_json(hp.to_json()).values() == hp.values()
    assert other.override_from_dict({"num_layers": 9}) is other and other.num_layers == 9
    with pytest.raises(KeyError):
        other.override_from_dict({"nope": 1})


def test_get_checks_the_default_type(HParams):  # noqa: N803
    hp = _hp(HParams)
    assert hp.get("learning_rate", 0.2) == 0.1
    with pytest.raises(ValueError, match="Hparam 'num_layers' of type .* is incompatible with "
                                         "default=x"):
        hp.get("num_layers", "x")
    with pytest.raises(ValueError, match="incompatible with default=1"):
        hp.get("cells", 1)


def test_other_contrib_training_names_are_unsupported(tf):
    with pytest.raises(AttributeError, match="tfcompat does not implement "
                                             "tf.contrib.training.batch_sequences_with_states; "
                                             "of tf.contrib.training tfcompat provides HParams"):
        tf.contrib.training.batch_sequences_with_states
