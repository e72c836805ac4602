"""Node.inbound_layers / outbound_layer, which cleverhans' KerasModelWrapper walks to find the
layer feeding the softmax. Expected structure recorded from TF 2.21 compat.v1 (tf_keras)."""


def test_inbound_layers_follow_the_call_structure(tf):
    L = tf.keras.layers
    a = L.Input((3,), name='a')
    b = L.Input((3,), name='b')
    d = L.Dense(2, name='d')(a)
    c = L.Concatenate(name='c')([d, b])
    m = tf.keras.models.Model([a, b], c)
    got = {}
    for layer in m.layers:
        node = layer._inbound_nodes[0]
        inbound = node.inbound_layers
        got[layer.name] = ([x.name for x in inbound] if isinstance(inbound, list)
                           else inbound.name, node.outbound_layer.name)
    assert got == {'a': ([], 'a'), 'b': ([], 'b'), 'd': ('a', 'd'), 'c': (['d', 'b'], 'c')}


def test_logits_layer_before_a_softmax_activation(tf):
    L = tf.keras.layers
    model = tf.keras.models.Sequential([L.Dense(3, input_shape=(4,), name='logits'),
                                        L.Activation('softmax', name='probs')])
    node = model.get_layer('probs')._inbound_nodes[0]
    assert node.inbound_layers.name == 'logits'
