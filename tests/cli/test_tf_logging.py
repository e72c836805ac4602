"""tf.logging: TF's levels and "LEVEL:tensorflow:message" lines on the "tensorflow" logger."""
import logging

import pytest

import tfcompat as tf


@pytest.fixture
def lines():
    logger = tf.logging.get_logger()
    level = logger.level
    records = []
    handler = logging.Handler()
    handler.emit = lambda record: records.append(
        logging.Formatter(logging.BASIC_FORMAT).format(record))
    logger.addHandler(handler)
    yield records
    logger.removeHandler(handler)
    logger.setLevel(level)


def test_levels_and_default():
    assert (tf.logging.DEBUG, tf.logging.INFO, tf.logging.WARN, tf.logging.ERROR,
            tf.logging.FATAL) == (10, 20, 30, 40, 50)
    assert tf.get_logger() is logging.getLogger("tensorflow")


def test_messages(lines):
    tf.logging.set_verbosity(tf.logging.WARN)
    tf.logging.info("hidden")
    tf.logging.set_verbosity(tf.logging.INFO)
    assert tf.logging.get_verbosity() == 20
    tf.logging.info("hello %d", 3)
    tf.logging.warn("w")
    tf.logging.log_if(tf.logging.INFO, "cond %s", True, "yes")
    tf.logging.vlog(1, "verbose")
    assert lines == ["INFO:tensorflow:hello 3", "WARNING:tensorflow:w", "INFO:tensorflow:cond yes"]


def test_every_n_and_first_n(lines):
    tf.logging.set_verbosity(tf.logging.INFO)
    for i in range(5):
        tf.logging.log_every_n(tf.logging.INFO, "every %d", 2, i)
    for i in range(5):
        tf.logging.log_first_n(tf.logging.INFO, "first %d", 2, i)
    assert lines == ["INFO:tensorflow:every 0", "INFO:tensorflow:every 2",
                     "INFO:tensorflow:every 4", "INFO:tensorflow:first 0",
                     "INFO:tensorflow:first 1"]
