"""Judging cases for the issue-17 edit sample (tools/measure/results/edit_sample/sample-17.json).

A case binds the names a sampled statement reads to synthetic values of plausible shapes (the same
numpy data on both sides), then judge.py runs the statement exactly as the repository has it (TF 1.14)
and as tf1lint writes it (TF 2). Fields:

  ids             the sampled edits the case judges (one statement shape, same names)
  setup           code run before the statement
  body            the body of a compound statement's header (`with ...:`), else `pass`
  then            code run after the statement
  result          the expression compared (default: what the statement assigns, returns or computes)
  template        code holding `{statement}`, for statements that must run inside something
  tolerance       for numbers (float32 default); random ops compare distributions, not draws
  part            (before text, after text): judge only this part of the statement; both must be in
                  the sampled texts (used when the statement around the edit cannot run on TF 1.14)
  tf1_counterpart (line, text): TF 1.14 has no such name (pre-1.0 API); run the repository's own
                  line for TF >= 1.0 instead, checked against the checked-out file
  raises          the exception the repository's statement raises on TF 1.14 (the code is older than
                  TF 1.14 or Python 3); the edit is the same when TF 2 raises it too
  cannot_run      why the edit cannot be judged here (never counted as a pass)
  note            shown in the table
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Case:
    ids: tuple[str, ...]
    setup: str = ""
    body: str | None = None
    then: str = ""
    result: str | None = None
    template: str = ""
    feed: str | None = None
    tolerance: float = 1e-5
    argv: tuple[str, ...] = ()
    part: tuple[str, str] | None = None
    tf1_counterpart: tuple[int, str] | None = None
    raises: str = ""
    cannot_run: str = ""
    note: str = ""


RANDOM = 5e-3  # distribution statistics of 10^5 draws

CASES = [
    # ---- safe edits
    Case(("E001",), setup="index = tf.range(1000)",
         result="{'sorted': tf.sort(index), 'moved': tf.reduce_any(tf.not_equal(index, tf.range(1000)))}",
         note="a permutation of the same values"),
    Case(("E002", "E037"), setup="gradients = const(8, 64)"),
    Case(("E003",), setup="input = const(2, 28, 28, 1); weights = const(5, 5, 1, 16, seed=1)", tolerance=1e-4),
    Case(("E004", "E009"), setup="class_logits = const(16, 10); sparse_labels = tf.constant(data(16, low=0, high=10).astype('int32'))"),
    Case(("E005",), setup="image = const(20, 30, 3); img_size_cropped = 24", note="crops one side, pads the other"),
    Case(("E006",), setup="G = const(8, 5, 5, 3)"),
    Case(("E007",), setup="queue_size = 4",
         result="[self.queue.enqueue([data(3, 1)]), self.queue.enqueue([data(5, 1, seed=1)]), self.queue.dequeue_many(2)]"),
    Case(("E008",), setup="filter_shape = [3, 3, 64, 128]", result="stats(W.initial_value)", tolerance=RANDOM),
    Case(("E010",), setup="u = const(4, 4); l_mask = np.tril(np.ones([4, 4], 'float32'), -1); "
                          "sign_s = const(4, seed=1); log_s = const(4, seed=2)"),
    Case(("E011",), setup="sparse_labels = tf.constant(data(16, low=0, high=10).astype('int32'))",
         part=("tf.to_int64(sparse_labels)", "tf.cast(sparse_labels, tf.int64)"),
         note="the statement's call is pre-1.0 (positional logits, labels), which TF 1.14 refuses: the edited argument is judged"),
    Case(("E012",), setup="eval_feature_file = WORKDIR + '/features.bin'", body="fout.write(b'\\x00\\x01abc')",
         result="open(eval_feature_file, 'rb').read().hex()"),
    Case(("E013",), setup="x = tf.SparseTensor(indices=[[0, 0], [1, 2], [2, 1]], values=[1., 2., 3.], dense_shape=[3, 3]); "
                          "dropout_mask = tf.constant([True, False, True])"),
    Case(("E014",), setup="self.x = tf.constant(data(4, 5, low=0, high=7).astype('int32')); self.num_emb = 7; "
                          "self.g_predictions = tf.nn.softmax(const(4, 5, 7)); self.sequence_length = 5; self.batch_size = 4"),
    Case(("E015",), setup="layer = const(2, 28, 28, 16)"),
    Case(("E016",), setup="w = tf.constant(data(4, 4) + 4 * np.eye(4, dtype='float32'))"),
    Case(("E017",), setup="input = tf.constant(['aGVsbG8gd29ybGQ', 'AAEC_w'])"),
    Case(("E018",), setup="o_t = const(4, 7)"),
    Case(("E019",), setup="mat = const(5, 4)", tolerance=1e-4),
    Case(("E020", "E047"), setup="output_prediction_file = output_null_log_odds_file = WORKDIR + '/predictions.json'",
         body="writer.write('{\"q1\": \"answer\"}\\n')", result="open(output_prediction_file).read()"),
    Case(("E021",), setup="output_data = tf.constant('hello world')"),
    Case(("E022",), setup="self.batch_size = 2; self.quantization_channels = 3",
         result="[q.enqueue([data(2, 3)]), q.size(), q.dequeue(), q.size()]"),
    Case(("E048",), setup="self.batch_size = 2; self.residual_channels = 3; dilation = 2",
         result="[q.enqueue([data(2, 3)]), q.enqueue([data(2, 3, seed=1)]), q.dequeue(), q.dequeue()]"),
    Case(("E023", "E049"), setup="y_true = const(6, 10)"),
    Case(("E024",), setup="x = const(16, 8)"),
    Case(("E050",), setup="x = const(4, 6, 6, 3)"),
    Case(("E025",), setup="seq_length = 2\n"
                          "example = tf.train.Example(features=tf.train.Features(feature={\n"
                          "    'input_ids': tf.train.Feature(int64_list=tf.train.Int64List(value=list(range(8)))),\n"
                          "    'input_mask': tf.train.Feature(float_list=tf.train.FloatList(value=[1., 1., 0., 0.5, 1., 1., 1., 0.])),\n"
                          "    'segment_ids': tf.train.Feature(int64_list=tf.train.Int64List(value=[0] * 4 + [1] * 4)),\n"
                          "    'label_ids': tf.train.Feature(int64_list=tf.train.Int64List(value=[3])),\n"
                          "    'is_real_example': tf.train.Feature(int64_list=tf.train.Int64List(value=[1]))}))",
         result="tf.io.parse_single_example(example.SerializeToString(), name_to_features)",
         note="parses a record with the features"),
    Case(("E026", "E080"), then="path = WORKDIR + '/r.tfrecord'\n"
                                "writer = tf.io.TFRecordWriter(path, tfr_opt)\nwriter.write(b'record one')\nwriter.close()",
         result="[open(path, 'rb').read().hex(), [r.decode() for r in _v1.io.tf_record_iterator(path, tfr_opt)]]",
         note="writes and reads records with the options"),
    Case(("E027",), setup="mu = tf.constant(255.); safe_audio_abs = tf.abs(const(100))"),
    Case(("E028",), setup="x = tf.SparseTensor([[0, 0], [1, 2]], [1., 2.], [2, 3]); y = const(3, 4)"),
    Case(("E029",), setup="save_path = WORKDIR + '/data.tfrecord'",
         then="record_writer.write(b'one')\nrecord_writer.write(b'two')\nrecord_writer.close()",
         result="open(save_path, 'rb').read().hex()"),
    Case(("E030",), setup="self.mu = tf.zeros([200, 500]); sigma = 2.0", result="{k: v for k, v in stats(z).items() if k not in ('min', 'max')}",
         tolerance=2e-2),
    Case(("E031",), setup="embeddings = const(8, 32)"),
    Case(("E032",), setup="attn_mask = const(6, 6)"),
    Case(("E033",), setup="res = 32; img = tf.constant(np.fromfunction(lambda i, j, c: i * 1000 + j * 10 + c, (40, 40, 3), dtype='float32'))",
         result="{'relative': img - img[:1, :1, :1], 'origin inside': img[0, 0, 0] <= 8 * 1000 + 8 * 10, 'shape': img.shape.as_list()}",
         note="a 32x32 window of the image, wherever it falls"),
    Case(("E034",), setup="w = tf.constant(data(4, 4) + 3 * np.eye(4, dtype='float32')); shape = [2, 8, 8, 4]"),
    Case(("E035",), setup="shape = [300, 400]; init_range = np.sqrt(6.0 / (shape[0] + shape[1]))", result="stats(initial)",
         tolerance=RANDOM),
    Case(("E036",), setup="sess = _v1.Session(); c = tf.constant(1.0, name='c'); output_path = WORKDIR",
         result="[__value[len(WORKDIR):], [(n.name, n.op) for n in _v1.GraphDef.FromString(open(WORKDIR + '/graph.pb', 'rb').read()).node]]"),
    Case(("E038",), setup="quantization_channels = 256"),
    Case(("E039",), setup="images = const(8, 4, 4, 3); image_means = tf.reduce_mean(images, 0, keepdims=True)"),
    Case(("E040",), setup="queue_size = 4",
         result="[self.gc_queue.enqueue([3]), self.gc_queue.enqueue([5]), self.gc_queue.dequeue_many(2)]"),
    Case(("E041",), setup="shape = [50, 50, 40]", result="stats(__value.initial_value)", tolerance=RANDOM),
    Case(("E042",), setup="u = const(4, 4); si = const(4, seed=1); v = const(4, 4, seed=2)"),
    Case(("E043",), setup="json_path = WORKDIR + '/config.json'\nwith open(json_path, 'w') as handle:\n    handle.write('{\"n_layer\": 2}')",
         body="content = f.read()", result="content"),
    Case(("E044",), setup="signal = const(100); mu = tf.constant(255.)"),
    Case(("E045",), setup="p = tf.constant(np.eye(4)[[2, 0, 3, 1]].astype('float32'))"),
    Case(("E046",), setup="predict_real = tf.sigmoid(const(8, 1)); predict_fake = tf.sigmoid(const(8, 1, seed=1)); EPS = 1e-12"),
    # ---- unsafe edits
    Case(("E051",), setup="input_paths = ['a.jpg', 'b.jpg', 'c.jpg']; a = Namespace(); a.mode = 'test'",
         result="[path_queue.dequeue() for _ in range(4)]"),
    Case(("E052",), setup="_labels = _v1.train.range_input_producer(5000, shuffle=False)\n"
                          "self.get_label = _labels.dequeue()\n"
                          "self.get_image = tf.cast(tf.fill([2, 2], self.get_label), tf.float32)\nself.batch_size = 4",
         result="{'consistent': tf.reduce_all(tf.equal(images[:, 0, 0], tf.cast(sparse_labels, tf.float32))), "
                "'static': [images.shape.as_list(), sparse_labels.shape.as_list(), images.dtype.name, sparse_labels.dtype.name]}",
         note="shuffled batches keep each image with its label"),
    Case(("E053",), setup="with _v1.variable_scope('discriminator'):\n    shared = _v1.get_variable('w', [3])",
         body="again = _v1.get_variable('w', [3])", result="[again.name, again is shared]"),
    Case(("E054",), setup="x = const(6); y = tf.constant(data(6, low=0, high=1).round())",
         tf1_counterpart=(137, "return tf.nn.sigmoid_cross_entropy_with_logits(logits=x, labels=y)"),
         note="TF 1.14 refuses targets= (pre-1.0); judged against the try branch above it (model.py:137)"),
    Case(("E055",), setup="a = Namespace(); a.seed = 5", result="_v1.get_default_graph().seed"),
    Case(("E056",), then="flags.DEFINE_integer('judge_steps', 3, 'steps')", result="flags.FLAGS.judge_steps",
         argv=("--judge_steps=7",), note="parses the command line on first access"),
    Case(("E057",), setup="FLAGS = Namespace(); FLAGS.tpu = 'grpc://10.1.2.3:8470'; FLAGS.tpu_zone = None; FLAGS.gcp_project = None",
         result="[tpu_cluster.master(), tpu_cluster.cluster_spec().as_dict()]",
         note="a TPU named by its gRPC address (no cloud metadata needed)"),
    Case(("E058",), setup="counter = _v1.Variable(0.0, name='counter')\n"
                          "_v1.add_to_collection(_v1.GraphKeys.UPDATE_OPS, _v1.assign_add(counter, 1.0))",
         body="out = tf.identity(const(2))", result="[out, counter]", note="the update runs before the output"),
    Case(("E059",), setup="name_to_features = {'input_ids': tf.io.FixedLenFeature([4], tf.int64), "
                          "'label': tf.io.FixedLenFeature([], tf.int64)}\n"
                          "record = tf.train.Example(features=tf.train.Features(feature={\n"
                          "    'input_ids': tf.train.Feature(int64_list=tf.train.Int64List(value=[5, 6, 7, 8])),\n"
                          "    'label': tf.train.Feature(int64_list=tf.train.Int64List(value=[1]))})).SerializeToString()"),
    Case(("E060",), result="stats(variance_scaling_initializer()([400, 300]))", tolerance=RANDOM,
         note="the default initializer's draws"),
    Case(("E061",), setup="w = _v1.get_variable('w', [3, 4]); b = _v1.get_variable('b', [4])",
         result="slim.model_analyzer.analyze_vars([w, b], print_info=False)", note="the call generative-models makes"),
    Case(("E062",), setup="learning_rate = 0.2; global_step = tf.constant(25); training_iters = 10; decay_rate = 0.95"),
    Case(("E063",), setup="config = Namespace(); config.learning_rate = 0.01; config.beta1 = 0.5\n"
                          "w = _v1.get_variable('g_w', [3])\nself.g_loss = tf.reduce_sum(tf.square(w - 1.0)); self.g_vars = [w]",
         note="one Adam step: slot variables and values after it"),
    Case(("E064",), setup="scalar = _v1.summary.scalar('loss', tf.constant(1.5)); histogram = _v1.summary.histogram('w', const(10))",
         tf1_counterpart=(19, "merge_summary = tf.summary.merge"),
         result="merge_summary([scalar, histogram])",
         note="TF 1.14 has no tf.merge_summary (pre-1.0); judged against the except branch (ops.py:19)"),
    Case(("E065",), setup="d_loss_fake_sum = _v1.summary.scalar('d_loss_fake', tf.constant(1.5)); "
                          "g_loss_sum = _v1.summary.histogram('g_loss', const(10))"),
    Case(("E066",), result="initializer(shape=[4])", note="as wavenet calls it"),
    Case(("E067",), setup="w = _v1.Variable(tf.constant([1.0, 2.0]), name='w')", result="[init, w]",
         note="re-initialises after other values were loaded"),
    Case(("E068",), setup="output = const(2, 5, 8); inp = const(2, 5, 8, seed=1)", tolerance=1e-4),
    Case(("E069",), setup="tensors = [const(2, 3), const(2, 3, seed=1)]; axis = 1; args = (); kwargs = {}",
         tf1_counterpart=(17, "return tf.concat(tensors, axis, *args, **kwargs)"),
         note="TF 1.14 has no tf.concat_v2 (its own guard takes the else branch, ops.py:17)"),
    Case(("E070",), result="_v1.logging.get_verbosity()"),
    Case(("E071",), setup="x = const(2, 4, 4, 3); height = width = 4; factor = 2"),
    Case(("E072",), setup="d = tf.data.Dataset.range(10); name_to_features = 3; batch_size = 4; drop_remainder = True\n"
                          "def _decode_record(record, features):\n    return record * features",
         then="following = _v1.data.make_one_shot_iterator(d).get_next()", result="[following, following]"),
    Case(("E073",), setup="global_step = tf.constant(5); FLAGS = Namespace(); FLAGS.warmup_steps = 10\n"
                          "warmup_lr = tf.constant(0.1); decay_lr = tf.constant(0.5)"),
    Case(("E074",), setup="op = _v1.NodeDef(name='n', op='Const')", result="[node_def is op, node_def.name]"),
    Case(("E075",), setup="import logging\nrecords = []\n"
                          "class Keep(logging.Handler):\n    def emit(self, record):\n        records.append(record.getMessage())\n"
                          "logging.getLogger('tensorflow').addHandler(Keep())\n_v1.logging.set_verbosity(_v1.logging.INFO)\nnum_batch = 3",
         result="[message for message in records if 'is deprecated' not in message]",
         note="the message reaches TensorFlow's logger (TF 1.14 also logs that the name is deprecated)"),
    Case(("E076",), setup="x = const(4, 3, 3, 2); self.momentum = 0.9; self.epsilon = 1e-5; train = True; self.name = 'bn'",
         tolerance=1e-4, note="training mode: moving statistics updated in place"),
    Case(("E077",), setup="_v1.get_variable('a', [2]); _v1.get_variable('state_buffer', [1])",
         result="sorted(variables_to_restore)"),
    Case(("E078",), then="graph_def.ParseFromString(_v1.get_default_graph().as_graph_def().SerializeToString())",
         result="[type(graph_def).__name__, len(graph_def.node)]"),
    Case(("E079",), then="_v1.Session().run(const(2), options=_v1.RunOptions(trace_level=_v1.RunOptions.FULL_TRACE), "
                         "run_metadata=run_metadata)",
         result="[type(run_metadata).__name__, len(run_metadata.step_stats.dev_stats) > 0]"),
    Case(("E081",), template="""
        import threading
        seen = []
        def in_a_thread():
            before = _v1.get_default_graph()
            _v1.Variable(1.0)
            {statement}
            seen.append([before is _v1.get_default_graph(), len(_v1.global_variables())])
        thread = threading.Thread(target=in_a_thread)
        thread.start()
        thread.join()
        """, result="seen", note="run in a thread of its own (no graph is entered there)"),
    Case(("E082",), setup="w = _v1.Variable([1.0, 2.0], name='w')\nsession = _v1.Session()\n"
                          "session.run(_v1.global_variables_initializer())\n"
                          "self.checkpoint_file = _v1.train.Saver().save(session, WORKDIR + '/model')",
         result="[self.reader.get_variable_to_shape_map(), self.reader.get_tensor('w')]"),
    Case(("E083",), setup="output = tf.ones([200, 500]); dropout = 0.5",
         result="{'stats': stats(output), 'dropped': tf.reduce_mean(tf.cast(tf.equal(output, 0.), tf.float32))}",
         tolerance=RANDOM, note="half dropped, the rest scaled by 2"),
    Case(("E084",), setup="per_example_loss = const(8); is_real_example = tf.constant([1., 1., 0., 1., 1., 1., 0., 1.])",
         result="[loss[1], loss[1], loss[0]]"),
    Case(("E085",), setup="FLAGS = Namespace(); FLAGS.model_dir = WORKDIR + '/absent'"),
    Case(("E086", "E100"), setup="num_supports = 2; features = (None, None, np.array([5, 7])); y_train = np.zeros((5, 3))",
         result="placeholders"),
    Case(("E087",), setup="with tf.name_scope('generator_1'):\n    weights = _v1.Variable([1., -2.], name='w')\n"
                          "    tf.tanh(weights * 2.0, name='Tanh')\n"
                          "self.sess = _v1.Session(); self.sess.run(_v1.global_variables_initializer())\n"
                          "checkpoint_dir = WORKDIR; filename = 'g'; step = 3",
         result="[__value[len(WORKDIR):], [(n.name, n.op) for n in _v1.GraphDef.FromString("
                "open(WORKDIR + '/g-000003_frz.pb', 'rb').read()).node]]"),
    Case(("E088",), setup="src_paths = ['a.png', 'b.png']; dst_paths = ['c.png', 'd.png']",
         result="[queue.dequeue(), queue.dequeue()]", raises="TypeError",
         note="Python 2 code: on Python 3 a zip object is no tensor, under TF 1.14 and TF 2 alike"),
    Case(("E089",), body="""\
def __init__(self, learning_rate, name='AdamWeightDecayOptimizer'):
    super(AdamWeightDecayOptimizer, self).__init__(False, name)
    self.learning_rate = learning_rate

def apply_gradients(self, grads_and_vars, global_step=None, name=None):
    return tf.group(*[_v1.assign_sub(v, self.learning_rate * g) for g, v in grads_and_vars])""",
         then="w = _v1.Variable([1.0, 2.0], name='w')\nstep = AdamWeightDecayOptimizer(0.1).minimize(tf.reduce_sum(tf.square(w)))",
         result="step", note="a subclass as xlnet writes one, one step"),
    Case(("E090",), setup="import glob\nwriter = _v1.summary.FileWriter(WORKDIR + '/logs'); tf.constant(1.0, name='c')",
         then="writer.flush()",
         result="[[e.WhichOneof('what') for e in _v1.train.summary_iterator(p)] for p in glob.glob(WORKDIR + '/logs/*')]"),
    Case(("E091",), setup="import glob\nself.log_dir = WORKDIR; self.model_name = 'm'; self.sess = _v1.Session(); tf.constant(1.0, name='c')",
         then="self.writer.flush()",
         result="[[e.WhichOneof('what') for e in _v1.train.summary_iterator(p)] for p in glob.glob(WORKDIR + '/m/*')]"),
    Case(("E092",), setup="import os\nFLAGS = Namespace(); FLAGS.output_dir = WORKDIR + '/a/b/c'",
         result="os.path.isdir(FLAGS.output_dir)"),
    Case(("E093",), result="stats(initializer(shape=[3, 3, 64, 64]))", tolerance=RANDOM, note="as wavenet calls it"),
    Case(("E094",), template="""
        import sys
        calls = []
        runner = sys.modules['__main__']
        saved = runner.main
        runner.main = lambda argv: calls.append(list(argv)) or 0
        try:
            {statement}
        except SystemExit as stop:
            calls.append(['exit', stop.code])
        finally:
            runner.main = saved
        """, result="calls", note="calls __main__.main with argv, then exits"),
    Case(("E095",), setup="w = _v1.Variable([1.0, 2.0], name='w'); b = _v1.Variable(3.0, name='b')",
         then="session = _v1.Session(); session.run(_v1.global_variables_initializer())\n"
              "path = saver.save(session, WORKDIR + '/model')",
         result="[path[len(WORKDIR):], _v1.train.list_variables(path)]"),
    Case(("E096",), setup="eval_input_dict = {'labels': tf.constant([1, 0, 1, 1]), 'predictions': tf.constant([1, 1, 1, 0]), "
                          "'weights': tf.constant([1., 1., 1., 0.])}",
         result="[accuracy[1], accuracy[0]]"),
    Case(("E097",), setup="converted_inputs = tf.constant(data(2, 4, 4, 3, low=0, high=255).astype('uint8'))",
         then="summary = _v1.Summary.FromString(_v1.Session().run(__value))",
         result="[[(v.tag, v.image.height, v.image.width, v.image.colorspace) for v in summary.value], "
                "[tf.image.decode_png(v.image.encoded_image_string) for v in summary.value]]",
         note="tags, sizes and decoded pixels of the images"),
    Case(("E098",), template="""
        names = []
        for _ in range(2):
            {statement}
        """, body="names.append(_v1.get_variable('w', [2]).name)", result="names", note="entered twice: one variable"),
    Case(("E099",), setup="num_error_rate = _v1.Variable(0., name='num_error_rate')", result="[update, update]"),
    Case(("E101",), setup="net = const(2, 14, 14, 16)", tolerance=1e-4,
         note="TF1 names its weights layer_conv2/kernel and layer_conv2/bias"),
    Case(("E102",), setup="decode = const(1, 1600, 1); wavenet_params = {'sample_rate': 16000}",
         then="summary = _v1.Summary.FromString(_v1.Session().run(__value))",
         result="[(v.tag, v.audio.sample_rate, v.audio.num_channels, v.audio.length_frames, v.audio.content_type, "
                "v.audio.encoded_audio_string.hex()) for v in summary.value]"),
    Case(("E103",), setup="session = _v1.Session(); entered = session.as_default(); entered.__enter__()",
         then="entered.__exit__(None, None, None)", result="sess is session"),
    Case(("E104",), setup="x_noise = _v1.Variable(tf.zeros([3]), name='x_noise'); session = _v1.Session()",
         result="[__value, session.run(x_noise)]"),
    Case(("E105",), body="w = _v1.get_variable('w', [2], dtype=tf.bfloat16)\ny = w * tf.cast(const(2), tf.bfloat16)",
         result="[w.dtype.name, tf.cast(y, tf.float32)]", tolerance=1e-2, note="a bfloat16 variable is kept in float32"),
    Case(("E106",), setup="net = const(2, 8); num_classes = 10", tolerance=1e-4,
         note="TF1 names its weights layer_fc_out/kernel and layer_fc_out/bias"),
    Case(("E107",), setup="paths = tf.constant('p'); input_images = const(4, 4, 3); target_images = const(4, 4, 3, seed=1); "
                          "a = Namespace(); a.batch_size = 2"),
    Case(("E108",), setup="_v1.get_variable('w', [2]); _v1.Variable(0, name='step', trainable=False)",
         result="[v.name for v in t_vars]"),
    Case(("E109",), setup="self.batch_size = 100000; log_prob = tf.math.log(tf.constant([[0.1, 0.2, 0.7]] * 100000))",
         result="{'static': [next_token.shape.as_list(), next_token.dtype.name], "
                "'frequencies': [tf.reduce_mean(tf.cast(tf.equal(next_token, k), tf.float32)) for k in range(3)]}",
         tolerance=RANDOM, note="the draws' frequencies"),
    Case(("E110",), setup="import os\ncur_dir = WORKDIR + '/d'; os.makedirs(cur_dir)\n"
                          "for name in ('a.txt', 'b.txt'):\n    open(os.path.join(cur_dir, name), 'w').close()",
         result="sorted(__items)"),
    # ---- the supplement: one edit for each fix form the seeded draw missed
    Case(("E111",), cannot_run="pre-1.0 argument order tf.concat(axis, values): TF 1.14 reads 4 as the values "
                               "and raises ValueError (run with x of shape [2, 3, 3, 1, 4]); no TF 0.x is here to run "
                               "the meaning glow's dead helper had"),
    Case(("E112",), setup="width = 4; std = 0.05", raises="TypeError",
         template="""
        x = const(2, 3, 3, 4)
        with _v1.variable_scope('separable'):
            {statement}
        """, result="x",
         note="glow passes its float std as the dtype, which TF 1.14 refuses (dead code in glow)"),
    Case(("E113",), setup="self.h_highway = tf.ones([200, 500]); self.dropout_keep_prob = _v1.placeholder_with_default(0.75, [])",
         result="{'stats': stats(self.h_drop), 'dropped': tf.reduce_mean(tf.cast(tf.equal(self.h_drop, 0.), tf.float32))}",
         tolerance=RANDOM, note="a quarter dropped, the rest scaled by 4/3"),
]
