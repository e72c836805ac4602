"""keras-team/keras examples/lstm_seq2seq_restore.py (2017-2019) as a tf.keras TF1 program: a
trained encoder-decoder LSTM saved with model.save and loaded with load_model in a fresh graph,
its inference models rebuilt from model.input[i] and model.layers[i].output (the LSTM states are
TF's while/Exit tensors), the decoder layer called again on new Inputs, and the layer node API
(get_output_at, get_input_shape_at, get_output_shape_at, the shared layer's .output error)."""
import os
import numpy as np

TAGS = ['keras']
TOLERANCE = {'*': (3e-4, 3e-5)}


def main(tf):
    tf.set_random_seed(21)
    np.random.seed(21)
    K = tf.keras
    L = K.layers
    gi = K.initializers.glorot_uniform
    orth = K.initializers.orthogonal
    rng = np.random.RandomState(15)
    n_enc, n_dec, latent_dim = 5, 6, 6
    enc = np.eye(n_enc, dtype='float32')[rng.randint(0, n_enc, (8, 4))]
    dec = np.eye(n_dec, dtype='float32')[rng.randint(0, n_dec, (8, 3))]
    tgt = np.eye(n_dec, dtype='float32')[rng.randint(0, n_dec, (8, 3))]
    encoder_inputs = L.Input(shape=(None, n_enc), name='encoder_input')
    _, state_h, state_c = L.LSTM(latent_dim, return_state=True, name='encoder_lstm',
                                 kernel_initializer=gi(seed=1), recurrent_initializer=orth(seed=2))(encoder_inputs)
    decoder_inputs = L.Input(shape=(None, n_dec), name='decoder_input')
    dl = L.LSTM(latent_dim, return_sequences=True, return_state=True, name='decoder_lstm',
                kernel_initializer=gi(seed=3), recurrent_initializer=orth(seed=4))
    out, _, _ = dl(decoder_inputs, initial_state=[state_h, state_c])
    out = L.Dense(n_dec, activation='softmax', name='decoder_dense', kernel_initializer=gi(seed=5))(out)
    model = K.Model([encoder_inputs, decoder_inputs], out)
    model.compile(optimizer='rmsprop', loss='categorical_crossentropy', metrics=['accuracy'])
    model.fit([enc, dec], tgt, batch_size=4, epochs=1, verbose=0, shuffle=False)
    path = os.path.join(os.getcwd(), 's2s.h5')
    model.save(path)
    res = {'layer_names': [l.name for l in model.layers]}
    with tf.Graph().as_default():
        model = K.models.load_model(path)
        encoder_inputs = model.input[0]
        encoder_outputs, state_h_enc, state_c_enc = model.layers[2].output
        encoder_model = K.Model(encoder_inputs, [state_h_enc, state_c_enc])
        decoder_inputs = model.input[1]
        decoder_state_input_h = L.Input(shape=(latent_dim,), name='input_3')
        decoder_state_input_c = L.Input(shape=(latent_dim,), name='input_4')
        decoder_lstm = model.layers[3]
        decoder_outputs, state_h_dec, state_c_dec = decoder_lstm(
            decoder_inputs, initial_state=[decoder_state_input_h, decoder_state_input_c])
        decoder_dense = model.layers[4]
        decoder_outputs = decoder_dense(decoder_outputs)
        decoder_model = K.Model([decoder_inputs, decoder_state_input_h, decoder_state_input_c],
                                [decoder_outputs, state_h_dec, state_c_dec])
        sv = encoder_model.predict(enc[:2])
        o, h, c = decoder_model.predict([dec[:2, :1]] + sv)
        res['enc_states'] = sv[0]
        res['dec_out'] = o
        res['reloaded_eval'] = np.array(model.evaluate([enc, dec], tgt, verbose=0))
        res['n_nodes'] = len(decoder_lstm._inbound_nodes)
        res['out_shape_at1'] = [str(s) for s in decoder_lstm.get_output_shape_at(1)]
        res['in_shape_at0'] = str(decoder_lstm.get_input_shape_at(0))
        res['out_at0'] = [t.name for t in decoder_lstm.get_output_at(0)]
        for attr in ('output', 'input_shape', 'output_shape'):
            try:
                getattr(decoder_lstm, attr)
                res['err_' + attr] = 'none'
            except AttributeError as e:
                res['err_' + attr] = str(e)
        res['dense_in_shape'] = str(decoder_dense.input_shape) if decoder_dense.input_shape else ''
        try:
            decoder_dense.get_output_at(5)
        except ValueError as e:
            res['err_at5'] = str(e)
        res['dec_model_names'] = [l.name for l in decoder_model.layers]
        res['dec_model_inputs'] = decoder_model.input_names
        res['dec_model_outputs'] = decoder_model.output_names
    return res
