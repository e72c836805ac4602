"""tf.data.experimental readers and writers: `CsvDataset` (TF's CSV kernel: quoting, defaults,
required fields, errors that skip to the next record), `ignore_errors`, `make_csv_dataset`,
`TFRecordWriter`, `parse_example_dataset` and `make_batched_features_dataset`. Every value
and error text was recorded from TF 2.21 compat.v1 in graph mode.
"""
from __future__ import annotations

import gzip
import sqlite3

import numpy as np
import pytest

from experimental_drain import OOR
from experimental_drain import drain as drain_elements



def drain(tf, ds, limit=80, keep_going=False):
    """As experimental_drain.drain, an error's message cut to its last line naming it, a
    SparseTensorValue as (indices, values, dense shape)."""
    return drain_elements(tf, ds, limit, keep_going, _message, sparse_tag=())


def _message(text):
    lines = [line for line in text.split("\n") if line and not line.startswith(("\t", " "))]
    return [line for line in lines if "node" not in line and "Graph execution" not in line][-1]


@pytest.fixture
def write(tmp_path):
    def write(name, data):
        path = tmp_path / name
        path.write_bytes(data)
        return str(path)
    return write


# -- CsvDataset -------------------------------------------------------------------------------

def test_csv_dataset_defaults_quotes_and_types(tf, write):
    path = write("a.csv", b'1,2.5,hello\n3,,"wor,ld"\n,4.5,"say ""hi"""\n')
    ds = tf.data.experimental.CsvDataset(path, [tf.constant(0), tf.constant(1.0),
                                                tf.constant("d")])
    assert ds.output_types == (tf.int32, tf.float32, tf.string)
    assert [s.as_list() for s in ds.output_shapes] == [[], [], []]
    assert drain(tf, ds) == [(1, 2.5, b"hello"), (3, 1.0, b"wor,ld"), (0, 4.5, b'say "hi"'), OOR]
    ds = tf.data.experimental.CsvDataset([path, path], [tf.constant(7), tf.constant(0.0),
                                                        tf.string])
    assert drain(tf, ds) == [(1, 2.5, b"hello"), (3, 0.0, b"wor,ld"), (7, 4.5, b'say "hi"')] * 2 \
        + [OOR]


def test_csv_dataset_required_field(tf, write):
    path = write("a.csv", b'1,2.5,hello\n3,,"wor,ld"\n,4.5,x\n')
    ds = tf.data.experimental.CsvDataset(path, [tf.int32, tf.float32, tf.string])
    # an error skips its record: the next get_next reads the following one
    assert drain(tf, ds, keep_going=True) == [
        (1, 2.5, b"hello"), "InvalidArgumentError: Field 1 is required but missing in record!",
        "InvalidArgumentError: Field 0 is required but missing in record!", OOR]


def test_csv_dataset_all_dtypes_and_whitespace(tf, write):
    path = write("t.csv", b"1,2,3.5,4.25,x\n-7,9999999999,1e3,-0.5,y\n")
    ds = tf.data.experimental.CsvDataset(path, [tf.int32, tf.int64, tf.float32, tf.float64,
                                                tf.string])
    assert drain(tf, ds) == [(1, 2, 3.5, 4.25, b"x"), (-7, 9999999999, 1000.0, -0.5, b"y"), OOR]
    ds = tf.data.experimental.CsvDataset(write("s.csv", b" 1.5 , 2 \n"), [tf.float32, tf.int32])
    assert drain(tf, ds) == [(1.5, 2), OOR]
    ds = tf.data.experimental.CsvDataset(write("q.csv", b'"12","3.5"\n'), [tf.int32, tf.float32])
    assert drain(tf, ds) == [(12, 3.5), OOR]


def test_csv_dataset_header_delim_na_and_select(tf, write):
    E = tf.data.experimental
    path = write("h.csv", b"x,y\n1,2\n3,4\n")
    assert drain(tf, E.CsvDataset([path, path], [tf.int32, tf.int32], header=True)) == [
        (1, 2), (3, 4), (1, 2), (3, 4), OOR]
    assert drain(tf, E.CsvDataset(path, [tf.constant("a"), tf.constant("b")])) == [
        (b"x", b"y"), (b"1", b"2"), (b"3", b"4"), OOR]
    path = write("t.tsv", b"1\t2\n3\t\n")
    assert drain(tf, E.CsvDataset(path, [tf.int32, tf.constant(-1)], field_delim="\t")) == [
        (1, 2), (3, -1), OOR]
    path = write("na.csv", b"1,NA\nNA,2\n")
    assert drain(tf, E.CsvDataset(path, [tf.constant(0), tf.constant(9)], na_value="NA")) == [
        (1, 9), (0, 2), OOR]
    path = write("sel.csv", b"1,2,3,4\n5,6,7,8\n")
    assert drain(tf, E.CsvDataset(path, [tf.int32, tf.constant(0.0)], select_cols=[1, 3])) == [
        (2, 4.0), (6, 8.0), OOR]


def test_csv_dataset_line_breaks_and_empty_records(tf, write):
    E = tf.data.experimental
    path = write("crlf.csv", b"1,2\r\n3,4\r\n\n5,6")
    assert drain(tf, E.CsvDataset(path, [tf.int32, tf.int32])) == [
        (1, 2), (3, 4), "InvalidArgumentError: Field 0 is required but missing in record!"]
    assert drain(tf, E.CsvDataset(write("e.csv", b"\n"), [tf.constant(3)])) == [(3,), OOR]
    assert drain(tf, E.CsvDataset(write("f.csv", b""), [tf.int32])) == [OOR]
    assert drain(tf, E.CsvDataset(write("td.csv", b"1,2,\n"), [tf.int32, tf.int32,
                                                               tf.constant(5)])) == [
        (1, 2, 5), OOR]
    assert drain(tf, E.CsvDataset(write("eq.csv", b'"",x\n'), [tf.constant("dflt"),
                                                               tf.string])) == [
        (b"dflt", b"x"), OOR]
    path = write("ml.csv", b'"multi\nline",x\n"unterminated,y\n')
    assert drain(tf, E.CsvDataset(path, [tf.string, tf.string])) == [
        (b"multi\nline", b"x"),
        "InvalidArgumentError: Reached end of file without closing quoted field in record"]


@pytest.mark.parametrize("data,defaults,error", [
    (b"x,y\n", "ii", "Field 0 in record is not a valid int32: x"),
    (b"1.5,2\n", "ii", "Field 0 in record is not a valid int32: 1.5"),
    (b"9999999999\n", "i", "Field 0 in record is not a valid int32: 9999999999"),
    (b"abc\n", "f", "Field 0 in record is not a valid float: abc"),
    (b"x,y\n", "sss", "Expect 3 fields but have 2 in record"),
    (b'1,2.5,"a"\n', "ss", "Expect 2 fields but have more in record"),
    (b'"a"b,c\n', "ss", "Reached end of file without closing quoted field in record"),
    (b'a"b,c\n', "ss", "Unquoted fields cannot have quotes inside"),
])
def test_csv_dataset_errors(tf, write, data, defaults, error):
    types = {"i": tf.int32, "f": tf.float32, "s": tf.string}
    ds = tf.data.experimental.CsvDataset(write("x.csv", data), [types[c] for c in defaults])
    assert drain(tf, ds) == ["InvalidArgumentError: " + error]


def test_csv_dataset_setup_errors(tf, write):
    E = tf.data.experimental
    path = write("sel.csv", b"1,2,3,4\n")
    out = drain(tf, E.CsvDataset(path, [tf.int32, tf.int32], select_cols=[3, 1]))
    assert out == ["InvalidArgumentError: select_cols should be strictly increasing indices"]
    out = drain(tf, E.CsvDataset(path, [tf.int32], select_cols=[1, 3]))
    assert out == ["InvalidArgumentError: select_cols should match output size"]
    assert drain(tf, E.CsvDataset(path, [tf.int32, tf.int32], select_cols=[1, 5])) == [
        "InvalidArgumentError: Expect 2 fields but have 1 in record"]
    missing = path + ".missing"
    assert drain(tf, E.CsvDataset(missing, [tf.int32])) == [
        "NotFoundError: %s; No such file or directory" % missing]
    with pytest.raises(ValueError, match="Shape of a default must be a length-0 or length-1 "
                                         "vector, or a scalar."):
        E.CsvDataset(path, [tf.constant([1, 2]), tf.int32])
    with pytest.raises(TypeError, match="Failed to convert elements of <dtype: 'bool'> to "
                                        "Tensor."):
        E.CsvDataset(path, [tf.bool])


def test_csv_dataset_no_quote_delim_and_gzip(tf, write, tmp_path):
    E = tf.data.experimental
    assert drain(tf, E.CsvDataset(write("q.csv", b'"a"b,c\n'), [tf.string, tf.string],
                                  use_quote_delim=False)) == [(b'"a"b', b"c"), OOR]
    path = str(tmp_path / "g.csv.gz")
    with gzip.open(path, "wb") as f:
        f.write(b"a,b\n1,2\n3,4\n")
    ds = E.CsvDataset(path, [tf.string, tf.string], compression_type="GZIP", header=True)
    assert drain(tf, ds) == [(b"1", b"2"), (b"3", b"4"), OOR]


def test_ignore_errors_after_csv_errors(tf, write):
    E = tf.data.experimental
    path = write("e.csv", b"1,2\nx,3\n4\n5,6,7\n8,9")
    ds = E.CsvDataset(path, [tf.int32, tf.int32]).apply(E.ignore_errors())
    assert drain(tf, ds) == [(1, 2), (8, 9), OOR]
    # an unclosed quote swallows the rest of the file
    path = write("q.csv", b'1,2\n"a"b,3\nx"y,4\n5,6\n')
    assert drain(tf, E.CsvDataset(path, [tf.int32, tf.int32]).apply(E.ignore_errors())) == [
        (1, 2), OOR]


# -- make_csv_dataset -------------------------------------------------------------------------

@pytest.fixture
def people(tmp_path):
    (tmp_path / "m1.csv").write_bytes(b'name,age,score\nann,31,1.5\nbob,,2\n"c, d",40,3.25\n')
    (tmp_path / "m2.csv").write_bytes(b"name,age,score\neve,22,4\nfay,50,\n")
    return str(tmp_path)


def test_make_csv_dataset_infers_names_and_types(tf, people):
    ds = tf.data.experimental.make_csv_dataset(people + "/m*.csv", 2, num_epochs=1,
                                               shuffle=False)
    assert list(ds.output_types.items()) == [("name", tf.string), ("age", tf.int32),
                                             ("score", tf.float32)]
    assert all(s.as_list() == [None] for s in ds.output_shapes.values())
    assert drain(tf, ds) == [
        {"name": [b"ann", b"bob"], "age": [31, 0], "score": [1.5, 2.0]},
        {"name": [b"c, d", b"eve"], "age": [40, 22], "score": [3.25, 4.0]},
        {"name": [b"fay"], "age": [50], "score": [0.0]}, OOR]


def test_make_csv_dataset_label_select_and_repeat(tf, people):
    E = tf.data.experimental
    ds = E.make_csv_dataset(people + "/m*.csv", 2, shuffle=False, label_name="score",
                            select_columns=["name", "score"])
    assert ds.output_types == ({"name": tf.string}, tf.float32)
    assert ds.output_shapes[0]["name"].as_list() == [2] and ds.output_shapes[1].as_list() == [2]
    assert drain(tf, ds, limit=5) == [
        ({"name": [b"ann", b"bob"]}, [1.5, 2.0]), ({"name": [b"c, d", b"eve"]}, [3.25, 4.0]),
        ({"name": [b"fay", b"ann"]}, [0.0, 1.5]), ({"name": [b"bob", b"c, d"]}, [2.0, 3.25]),
        ({"name": [b"eve", b"fay"]}, [4.0, 0.0])]
    ds = E.make_csv_dataset(people + "/m1.csv", 2, num_epochs=1, shuffle=False,
                            select_columns=[2, 0])
    assert drain(tf, ds) == [{"name": [b"ann", b"bob"], "score": [1.5, 2.0]},
                             {"name": [b"c, d"], "score": [3.25]}, OOR]
    ds = E.make_csv_dataset([people + "/m2.csv", people + "/m1.csv"], 3, num_epochs=2,
                            shuffle=False, column_defaults=[
                                tf.string, tf.constant([0]), tf.constant([0.0], tf.float64)])
    assert drain(tf, ds) == [
        {"name": [b"ann", b"bob", b"c, d"], "age": [31, 0, 40], "score": [1.5, 2.0, 3.25]},
        {"name": [b"eve", b"fay", b"ann"], "age": [22, 50, 31], "score": [4.0, 0.0, 1.5]},
        {"name": [b"bob", b"c, d", b"eve"], "age": [0, 40, 22], "score": [2.0, 3.25, 4.0]},
        {"name": [b"fay"], "age": [50], "score": [0.0]}, OOR]


def test_make_csv_dataset_seeded_shuffle(tf, people):
    ds = tf.data.experimental.make_csv_dataset(people + "/m*.csv", 2, num_epochs=1,
                                               shuffle=True, shuffle_seed=5,
                                               shuffle_buffer_size=3)
    assert drain(tf, ds) == [
        {"name": [b"fay", b"bob"], "age": [50, 0], "score": [0.0, 2.0]},
        {"name": [b"c, d", b"ann"], "age": [40, 31], "score": [3.25, 1.5]},
        {"name": [b"eve"], "age": [22], "score": [4.0]}, OOR]


def test_make_csv_dataset_errors(tf, people):
    E = tf.data.experimental
    with pytest.raises(ValueError, match="No files match `file_pattern`"):
        E.make_csv_dataset(people + "/nomatch*.csv", 2)
    with pytest.raises(ValueError) as e:
        E.make_csv_dataset(people + "/m1.csv", 2, label_name="zzz")
    assert str(e.value) == ("`label_name` provided must be one of the columns: "
                            "['name', 'age', 'score']. Received: zzz.")
    with pytest.raises(ValueError, match="Expected `column_names` or `header` arguments. "
                                         "Neither is provided."):
        E.make_csv_dataset(people + "/m1.csv", 2, header=False)


# -- TFRecordWriter ---------------------------------------------------------------------------

def test_tf_record_writer(tf, tmp_path):
    E = tf.data.experimental
    path = str(tmp_path / "out.tfrecord")
    op = E.TFRecordWriter(path).write(tf.data.Dataset.from_tensor_slices([b"a", b"bb", b""]))
    assert type(op).__name__ == "Operation"
    with tf.Session() as sess:
        assert sess.run(op) is None
    with open(path, "rb") as f:
        assert f.read().hex() == ("01000000000000000175de4161786ee428020000000000000078270b34"
                                  "62626397e2a5000000000000000029039807d8ea82a2")
    path = str(tmp_path / "out.gz.tfrecord")
    op = E.TFRecordWriter(path, "GZIP").write(tf.data.Dataset.from_tensor_slices([b"x", b"yz"]))
    with tf.Session() as sess:
        sess.run(op)
    assert drain(tf, tf.data.TFRecordDataset(path, "GZIP")) == [b"x", b"yz", OOR]
    with pytest.raises(TypeError) as e:
        E.TFRecordWriter(path).write(tf.data.Dataset.range(3))
    assert str(e.value) == ("Invalid `dataset`. Expected a`dataset` that produces scalar "
                            "`tf.string` elements, but got a dataset which produces elements "
                            "with shapes () and types <dtype: 'int64'>.")


# -- parse_example_dataset / make_batched_features_dataset -------------------------------------

# tf.train.Example protos {x: int64 [i], v: float [0.5] * (i % 3), s: bytes [b"n<i>"]},
# serialized by TF 2.21
EXAMPLES = [bytes.fromhex(h) for h in [
    "0a220a0a0a017812051a030a01000a0b0a017312060a040a026e300a070a017612021200",
    "0a280a0a0a017812051a030a01010a0b0a017312060a040a026e310a0d0a0176120812060a040000003f",
    "0a2c0a0a0a017812051a030a01020a0b0a017312060a040a026e320a110a0176120c120a0a080000003f0000"
    "003f",
    "0a220a0a0a017812051a030a01030a0b0a017312060a040a026e330a070a017612021200",
    "0a280a0a0a017812051a030a01040a0b0a017312060a040a026e340a0d0a0176120812060a040000003f"]]


def _features(tf):
    return {"x": tf.FixedLenFeature([], tf.int64), "v": tf.VarLenFeature(tf.float32),
            "s": tf.FixedLenFeature([1], tf.string, default_value=[b"?"])}


def test_parse_example_dataset(tf):
    E = tf.data.experimental
    ds = tf.data.Dataset.from_tensor_slices(EXAMPLES).batch(2).apply(
        E.parse_example_dataset(_features(tf)))
    assert {k: s.as_list() for k, s in ds.output_shapes.items()} == {
        "v": [None, None], "s": [None, 1], "x": [None]}
    assert ds.output_types == {"v": tf.float32, "s": tf.string, "x": tf.int64}
    assert ds.output_classes["v"] == tf.SparseTensor
    assert drain(tf, ds) == [
        {"v": ([[1, 0]], [0.5], [2, 1]), "s": [[b"n0"], [b"n1"]], "x": [0, 1]},
        {"v": ([[0, 0], [0, 1]], [0.5, 0.5], [2, 2]), "s": [[b"n2"], [b"n3"]], "x": [2, 3]},
        {"v": ([[0, 0]], [0.5], [1, 1]), "s": [[b"n4"]], "x": [4]}, OOR]
    with pytest.raises(TypeError) as e:
        tf.data.Dataset.from_tensor_slices(EXAMPLES).apply(E.parse_example_dataset(
            _features(tf)))
    assert str(e.value) == ("Input dataset should be a dataset of vectors of strings. Instead "
                            "it is `TensorSpec(shape=(), dtype=tf.string, name=None)`.")


@pytest.fixture
def records(tf, tmp_path):
    for name, part in (("a", EXAMPLES[:3]), ("b", EXAMPLES[3:])):
        op = tf.data.experimental.TFRecordWriter(str(tmp_path / (name + ".tfrecord"))).write(
            tf.data.Dataset.from_tensor_slices(part))
        with tf.Session() as sess:
            sess.run(op)
    return str(tmp_path / "*.tfrecord")


def test_make_batched_features_dataset(tf, records):
    E = tf.data.experimental
    x = tf.FixedLenFeature([], tf.int64)
    ds = E.make_batched_features_dataset(records, 2, {"x": x, "s": tf.FixedLenFeature(
        [1], tf.string)}, num_epochs=1, shuffle=False)
    assert drain(tf, ds) == [{"s": [[b"n0"], [b"n1"]], "x": [0, 1]},
                             {"s": [[b"n2"], [b"n3"]], "x": [2, 3]},
                             {"s": [[b"n4"]], "x": [4]}, OOR]
    ds = E.make_batched_features_dataset(records, 2, {"x": x, "v": tf.VarLenFeature(
        tf.float32)}, label_key="x", num_epochs=1, shuffle=False, reader_num_threads=2)
    assert drain(tf, ds) == [({"v": ([], [], [2, 0])}, [0, 3]),
                             ({"v": ([[0, 0], [1, 0]], [0.5, 0.5], [2, 1])}, [1, 4]),
                             ({"v": ([[0, 0], [0, 1]], [0.5, 0.5], [1, 2])}, [2]), OOR]
    ds = E.make_batched_features_dataset(records, 2, {"x": x}, shuffle=False)
    assert ds.output_shapes["x"].as_list() == [2]
    with pytest.raises(ValueError, match=r"The `label_key` provided \(q\) must be one of the "
                                         r"`features` keys: dict_keys\(\['x'\]\)."):
        E.make_batched_features_dataset(records, 2, {"x": x}, label_key="q")


def test_make_batched_features_dataset_seeded_shuffle(tf, records):
    ds = tf.data.experimental.make_batched_features_dataset(
        records, 2, {"x": tf.FixedLenFeature([], tf.int64)}, num_epochs=2, shuffle=True,
        shuffle_seed=3, shuffle_buffer_size=4)
    assert drain(tf, ds) == [{"x": [0, 3]}, {"x": [2, 1]}, {"x": [4, 0]}, {"x": [4, 1]},
                             {"x": [2, 3]}, OOR]


def test_csv_defaults_to_numpy_compatible(tf, write):
    # an int64 default column with a negative default
    ds = tf.data.experimental.CsvDataset(write("d.csv", b",\n"), [
        tf.constant(-5, tf.int64), tf.constant(np.float64(0.25))])
    assert drain(tf, ds) == [(-5, 0.25), OOR]


# -- SqlDataset -------------------------------------------------------------------------------

@pytest.fixture
def database(tmp_path):
    path = str(tmp_path / "t.db")
    db = sqlite3.connect(path)
    db.execute("create table p (name text, age integer, score real, flag integer)")
    db.executemany("insert into p values (?,?,?,?)", [
        ("ann", 31, 1.5, 1), ("bob", None, 2.25, 0), (None, 40, None, 1), ("dé", -5, 1e10, 2)])
    db.commit()
    db.close()
    return path


def test_sql_dataset(tf, database):
    E = tf.data.experimental
    ds = E.SqlDataset("sqlite", database, "SELECT name, age, score FROM p",
                      (tf.string, tf.int32, tf.float64))
    assert ds.output_types == (tf.string, tf.int32, tf.float64)
    assert [s.as_list() for s in ds.output_shapes] == [[], [], []]
    # NULL reads as 0, 0.0 or b""
    assert drain(tf, ds) == [(b"ann", 31, 1.5), (b"bob", 0, 2.25), (b"", 40, 0.0),
                             ("dé".encode(), -5, 1e10), OOR]
    ds = E.SqlDataset("sqlite", database, "SELECT age, age, age, age, age, age, flag, score "
                      "FROM p", (tf.int8, tf.int16, tf.int32, tf.int64, tf.uint8, tf.uint16,
                                 tf.bool, tf.float64))
    assert drain(tf, ds)[3] == (-5, -5, -5, -5, 251, 65531, True, 1e10)
    ds = E.SqlDataset("sqlite", database, "SELECT age, score FROM p", (tf.string, tf.string))
    assert drain(tf, ds) == [(b"31", b"1.5"), (b"", b"2.25"), (b"40", b""),
                             (b"-5", b"10000000000.0"), OOR]
    ds = E.SqlDataset("sqlite", database, "SELECT age FROM p", tf.int32)
    assert ds.output_types == tf.int32
    assert drain(tf, ds) == [31, 0, 40, -5, OOR]


def test_sql_dataset_errors(tf, database):
    E = tf.data.experimental
    assert drain(tf, E.SqlDataset("sqlite", database, "SELECT name, age FROM p",
                                  (tf.string,))) == [
        "InvalidArgumentError: The number of columns in query (2) must match the number of "
        "elements in output_types (1)."]
    assert drain(tf, E.SqlDataset("sqlite", database, "SELECT nope FROM p", (tf.string,))) == [
        "UnknownError: Prepare() failed: [1] no such column: nope: SELECT nope FROM p"]
    assert drain(tf, E.SqlDataset("mysql", database, "SELECT name FROM p", (tf.string,))) == [
        "InvalidArgumentError: The database type, mysql, is not supported by SqlDataset. The "
        "set of supported databases is: {'sqlite'}."]
    out = drain(tf, E.SqlDataset("sqlite", database, "SELECT age FROM p", (tf.float16,)))
    assert out[0].startswith("InvalidArgumentError: Each element of `output_types_` must be "
                             "one of: DT_STRING, DT_INT8, DT_INT16, DT_INT32, DT_INT64, DT_UINT8, "
                             "DT_UINT16, DT_BOOL, DT_DOUBLE")
