"""tf.flags / tf.app.flags / tf.app.run. Expected texts are absl's (what TF1 uses)."""
import sys

import pytest

import tfcompat as tf
from tfcompat import flags


@pytest.fixture
def F():
    values = flags.FlagValues()
    flags.DEFINE_string("name", "x", "a name", flag_values=values)
    flags.DEFINE_integer("n", 3, "count", lower_bound=0, flag_values=values)
    flags.DEFINE_float("lr", 0.1, "lr", lower_bound=0, upper_bound=1, flag_values=values)
    flags.DEFINE_boolean("fast", False, "fast", flag_values=values)
    flags.DEFINE_list("items", ["a", "b"], "items", flag_values=values)
    flags.DEFINE_enum("mode", "train", ["train", "eval"], "mode", flag_values=values)
    flags.DEFINE_multi_string("tag", [], "tags", flag_values=values)
    return values


def test_namespaces():
    assert tf.flags is tf.app.flags and tf.flags.FLAGS is flags.FLAGS


def test_parse_values(F):
    assert F(["p", "--n=5", "--nofast", "--items=x,y", "rest", "-name", "z"]) == ["p", "rest"]
    assert (F.n, F.fast, F.items, F.lr, F.name) == (5, False, ["x", "y"], 0.1, "z")
    F.unparse_flags()
    assert F(["p", "--fast", "--tag=a", "--tag", "b", "--", "--lr=2"]) == ["p", "--lr=2"]
    assert (F.fast, F.tag, F.lr) == (True, ["a", "b"], 0.1)
    assert F.flag_values_dict()["mode"] == "train"
    assert F["n"].default == 3 and F["n"].present == 0


@pytest.mark.parametrize("argv, error, text", [
    (["--n", "x"], flags.IllegalFlagValueError,
     "flag --n=x: invalid literal for int() with base 10: 'x'"),
    (["--n=-1"], flags.IllegalFlagValueError, "flag --n=-1: -1 is not a non-negative integer"),
    (["--lr=2"], flags.IllegalFlagValueError, "flag --lr=2: 2.0 is not a number in the range [0, 1]"),
    (["--mode=bad"], flags.IllegalFlagValueError, "flag --mode=bad: value should be one of <train|eval>"),
    (["--bogus=1"], flags.UnrecognizedFlagError, "Unknown command line flag 'bogus'"),
    (["--fast=maybe"], flags.IllegalFlagValueError,
     "flag --fast=maybe: ('Non-boolean argument to boolean flag', 'maybe')"),
    (["--lr=abc"], flags.IllegalFlagValueError, "flag --lr=abc: could not convert string to float: 'abc'"),
    (["--name"], flags.Error, "Missing value for flag --name"),
])
def test_errors(F, argv, error, text):
    with pytest.raises(error) as info:
        F(["p"] + argv)
    assert str(info.value) == text


def test_known_only_keeps_unknown(F):
    assert F(["p", "--bogus", "--n=2", "x"], known_only=True) == ["p", "--bogus", "x"]
    assert F.n == 2


def test_unparsed_access_and_duplicates(F):
    with pytest.raises(flags.UnparsedFlagAccessError,
                       match=r"Trying to access flag --n before flags were parsed\."):
        F.n  # noqa: B018
    with pytest.raises(AttributeError):
        F.nonexist  # noqa: B018
    with pytest.raises(flags.DuplicateFlagError, match="The flag 'name' is defined twice"):
        flags.DEFINE_string("name", "y", "dup", flag_values=F)


def test_required_and_assignment_validation(F):
    flags.DEFINE_string("req", None, "required", flag_values=F)
    flags.mark_flag_as_required("req", flag_values=F)
    with pytest.raises(flags.IllegalFlagValueError,
                       match=r"flag --req=None: Flag --req must have a value other than None\."):
        F(["p"])
    F(["p", "--req=a"])
    flags.register_validator("n", lambda v: v < 10, "must be < 10", flag_values=F)
    with pytest.raises(flags.IllegalFlagValueError, match="flag --n=12: must be < 10"):
        F.n = 12


def test_global_flags_parse_sys_argv_on_first_read(monkeypatch):
    values = flags.FlagValues(auto_parse=True)
    flags.DEFINE_integer("epochs", 1, "epochs", flag_values=values)
    monkeypatch.setattr(sys, "argv", ["prog", "--epochs=9"])
    assert values.epochs == 9


def test_app_run(monkeypatch, capsys):
    values = flags.FlagValues()
    flags.DEFINE_integer("k", 1, "k", flag_values=values)
    monkeypatch.setattr(flags, "FLAGS", values)
    seen = []
    with pytest.raises(SystemExit) as info:
        tf.app.run(lambda argv: seen.append((argv, values.k)) or 7, argv=["p", "--k=4", "x"])
    assert info.value.code == 7 and seen == [(["p", "x"], 4)]
    values.unparse_flags()
    with pytest.raises(SystemExit) as info:
        tf.app.run(lambda argv: 0, argv=["p", "--k=z"])
    assert info.value.code == 1
    assert capsys.readouterr().err.startswith("FATAL Flags parsing error: flag --k=z:")
    with pytest.raises(SystemExit) as info:
        tf.app.run(lambda argv: 0, argv=["p", "--help"])
    assert info.value.code == 1 and "--k: k" in capsys.readouterr().out
