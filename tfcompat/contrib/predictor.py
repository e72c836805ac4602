"""`tf.contrib.predictor` (TF 1.15): a callable that runs a model's serving signature in its own
graph and session, built from a SavedModel on disk (`from_saved_model`) or from an Estimator's
latest checkpoint (`from_estimator`). `from_contrib_estimator` needs tf.contrib.learn's
Estimator, which tfcompat does not provide; it refuses a core Estimator as TF does."""
from __future__ import annotations

import os

import tfcompat as tf
from tfcompat import tf_logging as logging
from tfcompat._unsupported import UnsupportedAPIError
from tfcompat._unsupported import missing_attr as _missing_attr
from tfcompat.estimator.estimator import Estimator as _CoreEstimator
from tfcompat.estimator.model_fn import ModeKeys
from tfcompat.saved_model import loader as _loader
from tfcompat.saved_model import signature_constants

DEFAULT_TAGS = "serve"
_DEFAULT_INPUT_ALTERNATIVE_FORMAT = "default_input_alternative:{}"


class Predictor:
    """The base of all predictors: `predictor(input_dict)` feeds `feed_tensors` by key and
    returns the values of `fetch_tensors`, a dict with the same keys."""

    @property
    def graph(self):
        return self._graph

    @property
    def session(self):
        return self._session

    @property
    def feed_tensors(self):
        return self._feed_tensors

    @property
    def fetch_tensors(self):
        return self._fetch_tensors

    def __repr__(self):
        return "{} with feed tensors {} and fetch_tensors {}".format(
            type(self).__name__, self._feed_tensors, self._fetch_tensors)

    def __call__(self, input_dict):
        """Runs the fetch tensors feeding `input_dict`'s values (a key of `feed_tensors` that
        is missing or None is not fed); an unknown key is a ValueError."""
        unexpected_keys = set(input_dict.keys()) - set(self.feed_tensors.keys())
        if unexpected_keys:
            raise ValueError("Got unexpected keys in input_dict: {}".format(unexpected_keys))
        feed_dict = {}
        for key in self.feed_tensors.keys():
            value = input_dict.get(key)
            if value is not None:
                feed_dict[self.feed_tensors[key]] = value
        return self._session.run(fetches=self.fetch_tensors, feed_dict=feed_dict)


def get_meta_graph_def(saved_model_dir, tags):
    """The MetaGraphDef of `saved_model_dir` whose tag set is `tags` (comma separated)."""
    # a bytes path too (Estimator.export_saved_model returns bytes; TF's reader takes both)
    saved_model = _loader.parse_saved_model(os.fsdecode(saved_model_dir))
    set_of_tags = set(tag.strip() for tag in tags.split(","))
    for meta_graph_def in saved_model.meta_graphs:
        if set(meta_graph_def.meta_info_def.tags) == set_of_tags:
            return meta_graph_def
    raise ValueError("Could not find MetaGraphDef with tags {}".format(tags))


def _get_saved_model_signature_def(signature_def_key, export_dir, tags):
    signature_def_key = (signature_def_key
                         or signature_constants.DEFAULT_SERVING_SIGNATURE_DEF_KEY)
    # TF 1.15 indexes the protobuf map, which adds an empty SignatureDef for an unknown key
    # instead of raising (a Predictor with no inputs or outputs): check membership instead
    signatures = get_meta_graph_def(export_dir, tags).signature_def
    if signature_def_key in signatures:
        return signatures[signature_def_key]
    formatted_key = _DEFAULT_INPUT_ALTERNATIVE_FORMAT.format(signature_def_key)
    if formatted_key not in signatures:
        raise ValueError(
            'Got signature_def_key "{}". Available signatures are {}. '
            "Original error:\n{}".format(signature_def_key, list(signatures),
                                          KeyError(signature_def_key)))
    logging.warning('Could not find signature def "%s". Using "%s" instead',
                    signature_def_key, formatted_key)
    return signatures[formatted_key]


def _check_signature_arguments(signature_def_key, signature_def, input_names, output_names):
    if (input_names is not None) != (output_names is not None):
        raise ValueError("input_names and output_names must both be specified or both be "
                         "unspecified.")
    if ((signature_def_key is not None) + (signature_def is not None)
            + (input_names is not None) > 1):
        raise ValueError("You must specify at most one of signature_def_key OR signature_def "
                         "OR(input_names AND output_names).")


def _tensors_by_key(graph, names):
    return {k: graph.get_tensor_by_name(v) for k, v in names.items()}


class SavedModelPredictor(Predictor):
    """A Predictor over a SavedModel: loads the meta graph tagged `tags` into a new session and
    feeds and fetches the tensors of a signature (or of `input_names`/`output_names`)."""

    def __init__(self, export_dir, signature_def_key=None, signature_def=None,
                 input_names=None, output_names=None, tags=None, graph=None, config=None):
        _check_signature_arguments(signature_def_key, signature_def, input_names, output_names)
        tags = tags or DEFAULT_TAGS
        self._graph = graph or tf.Graph()
        with self._graph.as_default():
            self._session = tf.Session(config=config)
            _loader.load(self._session, tags.split(","), export_dir)
        if input_names is None:
            if signature_def is None:
                signature_def = _get_saved_model_signature_def(
                    signature_def_key, export_dir, tags)
            input_names = {k: v.name for k, v in signature_def.inputs.items()}
            output_names = {k: v.name for k, v in signature_def.outputs.items()}
        self._feed_tensors = _tensors_by_key(self._graph, input_names)
        self._fetch_tensors = _tensors_by_key(self._graph, output_names)


def _get_estimator_signature_def(serving_input_receiver, estimator, output_key=None):
    if output_key is None:
        output_key = signature_constants.DEFAULT_SERVING_SIGNATURE_DEF_KEY
    estimator_spec = estimator.model_fn(serving_input_receiver.features, None,
                                        ModeKeys.PREDICT, estimator.config)
    export_outputs = estimator_spec.export_outputs
    export_output = export_outputs.get(output_key)
    if export_output is None:
        raise KeyError("output_key must be one of {}; got {}".format(
            export_outputs.keys(), output_key))
    return export_output.as_signature_def(serving_input_receiver.receiver_tensors)


class CoreEstimatorPredictor(Predictor):
    """A Predictor over a tf.estimator.Estimator: builds the PREDICT graph of
    `serving_input_receiver_fn` and restores the latest checkpoint of the model_dir."""

    def __init__(self, estimator, serving_input_receiver_fn, output_key=None, graph=None,
                 config=None):
        self._graph = graph or tf.Graph()
        with self._graph.as_default():
            serving_input_receiver = serving_input_receiver_fn()
            signature_def = _get_estimator_signature_def(
                serving_input_receiver, estimator, output_key)
            self._session = tf.train.MonitoredSession(
                session_creator=tf.train.ChiefSessionCreator(
                    checkpoint_dir=estimator.model_dir, config=config))
        self._feed_tensors = _tensors_by_key(
            self._graph, {k: v.name for k, v in signature_def.inputs.items()})
        self._fetch_tensors = _tensors_by_key(
            self._graph, {k: v.name for k, v in signature_def.outputs.items()})


def from_contrib_estimator(estimator, prediction_input_fn, input_alternative_key=None,
                           output_alternative_key=None, graph=None, config=None):
    """A Predictor from a tf.contrib.learn.Estimator: a core Estimator is a TypeError (as in
    TF); tf.contrib.learn's estimators are not part of tfcompat."""
    if isinstance(estimator, _CoreEstimator):
        raise TypeError("Espected estimator to be of type "  # sic, TF 1.15's text
                        "tf.contrib.learn.Estimator, but got type "
                        "tf.python.estimator.Estimator. You likely want to call "
                        "from_estimator.")
    raise UnsupportedAPIError("tf.contrib.predictor.from_contrib_estimator")


def from_estimator(estimator, serving_input_receiver_fn, output_key=None, graph=None,
                   config=None):
    """A Predictor from a tf.estimator.Estimator and its serving input receiver fn;
    `output_key` picks the export output (default "serving_default")."""
    return CoreEstimatorPredictor(estimator, serving_input_receiver_fn,
                                  output_key=output_key, graph=graph, config=config)


def from_saved_model(export_dir, signature_def_key=None, signature_def=None, input_names=None,
                     output_names=None, tags=None, graph=None, config=None):
    """A Predictor from the SavedModel in `export_dir`: its signature `signature_def_key`
    (default "serving_default"), a SignatureDef, or tensors named by `input_names` and
    `output_names`, in the meta graph tagged `tags` (comma separated, default "serve")."""
    return SavedModelPredictor(export_dir, signature_def_key=signature_def_key,
                               signature_def=signature_def, input_names=input_names,
                               output_names=output_names, tags=tags, graph=graph,
                               config=config)


__getattr__ = _missing_attr("contrib.predictor", __name__)
