"""tf.contrib.tensorboard.plugins.projector (TF 1.15's contrib; TF 2.21 has no contrib): the
projector config written where TensorBoard's projector plugin reads it."""
import os

import pytest

import tfcompat as tf

pytest.importorskip("tensorboard")
pytestmark = pytest.mark.tfcompat_only


def test_word2vec_tutorial_writes_the_projector_config(tmp_path):
    from tfcompat.contrib.tensorboard.plugins import projector   # the tutorials' import
    logdir = str(tmp_path)
    with tf.Graph().as_default():
        embedding_var = tf.Variable(tf.random_normal([10, 4]), name="word_embedding")
        with tf.Session() as sess:
            sess.run(embedding_var.initializer)
            tf.train.Saver([embedding_var]).save(sess, os.path.join(logdir, "model.ckpt"), 1)
        config = projector.ProjectorConfig()
        embedding = config.embeddings.add()
        embedding.tensor_name = embedding_var.name
        embedding.metadata_path = "metadata.tsv"
        embedding.sprite.image_path = "sprite.png"
        embedding.sprite.single_image_dim.extend([28, 28])
        writer = tf.summary.FileWriter(logdir)
        projector.visualize_embeddings(writer, config)
        writer.close()
    with open(os.path.join(logdir, "projector_config.pbtxt")) as f:
        text = f.read()
    # protobuf's text format of TensorBoard's ProjectorConfig, the file TF 1.15 wrote
    assert text == ('embeddings {\n  tensor_name: "word_embedding:0"\n'
                    '  metadata_path: "metadata.tsv"\n  sprite {\n'
                    '    image_path: "sprite.png"\n    single_image_dim: 28\n'
                    '    single_image_dim: 28\n  }\n}\n')
    assert tf.contrib.tensorboard.plugins.projector.PROJECTOR_FILENAME == \
        "projector_config.pbtxt"
    # TensorBoard's own reader of the file parses it back
    from google.protobuf import text_format
    parsed = text_format.Parse(text, projector.ProjectorConfig())
    assert parsed.embeddings[0].tensor_name == "word_embedding:0"


def test_a_writer_without_a_logdir_is_refused():
    from tfcompat.contrib.tensorboard.plugins import projector

    class NoDir:
        def get_logdir(self):
            return None
    with pytest.raises(ValueError, match="Summary writer must have a logdir"):
        projector.visualize_embeddings(NoDir(), projector.ProjectorConfig())
    with pytest.raises(AttributeError, match="no attribute 'Nope'"):
        projector.Nope
