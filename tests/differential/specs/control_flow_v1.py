"""Control flow v1 as TF 1.x writes it into GraphDefs, built op by op with tf.raw_ops: Switch and
Merge with dead tensors, RefSwitch/RefMerge on a variable, ControlTrigger, the stacks and
gradient TensorArrays of TF's while-loop gradients. (Whole TF-written graphs with v1 conds and
loops: tests/graph_def/test_tf_v1_control_flow.py.)"""
from harness import Program


def _switch_merge(pred):
    def build(tf):
        x = tf.placeholder(tf.float32, [3], name="x")
        p = tf.placeholder(tf.bool, [], name="p")
        out_f, out_t = tf.raw_ops.Switch(data=x, pred=p)
        merged = tf.raw_ops.Merge(inputs=[out_f * 2.0, tf.square(out_t)])
        with tf.control_dependencies([out_t]):
            pinned = tf.constant(5.0)          # dead when out_t is
        trigger = tf.raw_ops.ControlTrigger()
        with tf.control_dependencies([trigger]):
            after = tf.identity(x)
        fetches = {"out": merged[0], "index": merged[1], "after": after,
                   "live": out_t if pred else out_f}
        if pred:
            fetches["pinned"] = pinned
        return fetches, {x: [1.0, -2.0, 3.0], p: pred}
    return build


def _fetch_dead(tf):
    x = tf.constant([1.0, 2.0])
    out_f, _ = tf.raw_ops.Switch(data=x, pred=tf.constant(True))
    return {"dead": out_f + 1.0}, {}


def _ref_switch_merge(tf):
    v = tf.Variable([1.0, 2.0], name="v")
    p = tf.placeholder(tf.bool, [], name="p")
    ref_f, ref_t = tf.raw_ops.RefSwitch(data=v._ref(), pred=p)
    merged = tf.raw_ops.RefMerge(inputs=[ref_f, ref_t])
    read = tf.identity(ref_t) * 3.0
    return {"read": read, "merged": tf.identity(merged[0]), "index": merged[1]}, {p: True}, \
        [tf.global_variables_initializer()]


def _ref_forwarded_update(pred):
    """AssignAdd / AssignSub through the two sides of a RefSwitch of a RefIdentity of the
    variable: each writes the variable itself, and only the live side's runs."""
    def build(tf):
        v = tf.Variable([1.0, 2.0], name="v")
        p = tf.placeholder(tf.bool, [], name="p")
        ref = tf.raw_ops.RefIdentity(input=v._ref())
        ref_f, ref_t = tf.raw_ops.RefSwitch(data=ref, pred=p)
        added = tf.raw_ops.AssignAdd(ref=ref_t, value=[10.0, 20.0])
        subbed = tf.raw_ops.AssignSub(ref=ref_f, value=[1.0, 1.0])
        merged = tf.raw_ops.RefMerge(inputs=[subbed, added])
        return {"v": tf.identity(v), "ref": tf.identity(ref) * 2.0}, {p: pred}, \
            [tf.global_variables_initializer(), merged[1], merged[1]]
    return build


def _stack(tf):
    handle = tf.raw_ops.StackV2(max_size=-1, elem_type=tf.float32, stack_name="s")
    pushed = tf.raw_ops.StackPushV2(handle=handle, elem=tf.constant([1.0, 2.0]))
    with tf.control_dependencies([pushed]):
        pushed2 = tf.raw_ops.StackPushV2(handle=handle, elem=tf.constant([3.0, 4.0]))
    with tf.control_dependencies([pushed2]):
        top = tf.raw_ops.StackPopV2(handle=handle, elem_type=tf.float32)
    with tf.control_dependencies([top]):
        bottom = tf.raw_ops.StackPopV2(handle=handle, elem_type=tf.float32)
    with tf.control_dependencies([bottom]):
        close = tf.raw_ops.StackCloseV2(handle=handle)
    return {"pushed": pushed, "top": top, "bottom": bottom}, {}, [close]


def _tensor_array_grad(tf):
    handle, flow = tf.raw_ops.TensorArrayV3(size=2, dtype=tf.float32, element_shape=[2])
    flow = tf.raw_ops.TensorArrayWriteV3(handle=handle, index=0, value=[1.0, 2.0], flow_in=flow)
    flow = tf.raw_ops.TensorArrayWriteV3(handle=handle, index=1, value=[3.0, 4.0], flow_in=flow)
    grad, _ = tf.raw_ops.TensorArrayGradV3(handle=handle, flow_in=flow, source="gradients")
    g1 = tf.raw_ops.TensorArrayWriteV3(handle=grad, index=0, value=[1.0, 1.0], flow_in=flow)
    g2 = tf.raw_ops.TensorArrayWriteV3(handle=grad, index=0, value=[2.0, 0.5], flow_in=g1)
    summed = tf.raw_ops.TensorArrayReadV3(handle=grad, index=0, flow_in=g2, dtype=tf.float32,
                                          element_shape=[2])
    size = tf.raw_ops.TensorArraySizeV3(handle=grad, flow_in=g2)
    indices = tf.placeholder(tf.int32, [None], name="indices")
    forward = tf.raw_ops.TensorArrayGatherV3(handle=handle, indices=indices, flow_in=g2,
                                             dtype=tf.float32, element_shape=[2])
    return {"summed": summed, "size": size, "forward": forward}, {indices: [1, 0]}


PROGRAMS = [
    Program("switch_merge_true", _switch_merge(True),
            covers=("Switch", "Merge", "ControlTrigger")),
    Program("switch_merge_false", _switch_merge(False)),
    Program("switch_fetch_dead", _fetch_dead),
    Program("ref_switch_merge", _ref_switch_merge, covers=("RefSwitch", "RefMerge")),
    Program("ref_forwarded_update_true", _ref_forwarded_update(True), covers=("RefIdentity",)),
    Program("ref_forwarded_update_false", _ref_forwarded_update(False)),
    Program("stack_v2", _stack, covers=("StackV2", "StackPushV2", "StackPopV2", "StackCloseV2")),
    Program("tensor_array_grad_v3", _tensor_array_grad, covers=("TensorArrayGradV3",)),
]
