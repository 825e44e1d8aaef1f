"""Hand-decided facts the generator adds to what TensorFlow's upgrade tables say.

tools/generate_catalogue.py reads these tables; each value was checked against TF 2.21 with
Keras 3 (names resolved, signatures read, snippets run). Keys are TF1 names without `tf.`.
"""

from __future__ import annotations

# The TF2 way for TF1 names the tables only map to tf.compat.v1 (or to nothing). A dotted value is
# verified to resolve by tests/test_catalogue_tensorflow.py; other values are instructions.
_DROP_INIT = "drop the call: TF2 variables and tables are initialised when they are created"
_NO_COLLECTIONS = "keep the values in Python attributes or lists on the object that owns them"
_DATA = "a tf.data pipeline: tf.data.Dataset.from_tensor_slices(...).shuffle(...).batch(...)"
_NO_QUEUES = "drop it: a tf.data pipeline needs no queue runners"
_LOOP = "tf.keras.Model.fit under a tf.distribute strategy, or a custom loop with tf.GradientTape"
_CALLBACK = "tf.keras.callbacks.Callback"
_SIGNATURES = ("pass signatures={'serving_default': fn.get_concrete_function(tf.TensorSpec(...))} to"
               " tf.saved_model.save")
_TENSOR_SPEC = "describe inputs with tf.TensorSpec in a tf.function input_signature"
_TPU = "tf.distribute.TPUStrategy (strategy.run on the replicas)"
_LOSS_SCALE = "tf.keras.mixed_precision.LossScaleOptimizer"
_ALWAYS_ON = "drop the check or switch: this is always on in TF2"
_BACK_TO_TF1 = "drop the call once the code runs the TF2 way; it switches TF2 back to TF1 behaviour"
_REGULARIZE = "add the penalty with a kernel_regularizer on the layers"
_CHECKPOINT_RESTORE = "tf.train.Checkpoint(model=model).restore(path) on the objects to initialise"

TF2_WAY: dict[str, str] = {
    # protocol buffers and graph tools: the compat.v1 spelling is the TF2 spelling
    **{name: f"tf.compat.v1.{name}" for name in (
        "AttrValue", "Event", "GraphDef", "GraphOptions", "HistogramProto", "LogMessage", "MetaGraphDef",
        "NameAttrList", "NodeDef", "OptimizerOptions", "RunMetadata", "RunOptions", "SessionLog", "Summary",
        "SummaryMetadata", "TensorInfo", "train.SaverDef", "graph_util.extract_sub_graph",
        "graph_util.must_run_on_cpu", "graph_util.remove_training_nodes",
        "graph_util.tensor_shape_from_node_def_name", "train.summary_iterator",
        "profiler.AdviceProto", "profiler.GraphNodeProto", "profiler.MultiGraphNodeProto", "profiler.OpLogProto",
        "errors.error_code_from_exception_type", "errors.exception_type_from_error_code",
        "errors.raise_exception_on_not_ok_status", "test.compute_gradient_error")},
    "SparseTensorValue": "tf.SparseTensor",
    "ragged.RaggedTensorValue": "tf.RaggedTensor",
    "ragged.constant_value": "tf.ragged.constant",
    "ragged.placeholder": "a tf.RaggedTensorSpec in a tf.function input_signature",
    # readers and queues
    "TFRecordReader": "tf.data.TFRecordDataset",
    "TextLineReader": "tf.data.TextLineDataset",
    "FixedLengthRecordReader": "tf.data.FixedLengthRecordDataset",
    "WholeFileReader": "tf.io.read_file",
    "IdentityReader": "tf.data.Dataset",
    "ReaderBase": "tf.data.Dataset",
    "LMDBReader": "read LMDB with the lmdb package inside tf.data.Dataset.from_generator",
    "io.tf_record_iterator": "tf.data.TFRecordDataset",
    "python_io.tf_record_iterator": "tf.data.TFRecordDataset",
    "io.TFRecordCompressionType": "the compression_type string ('GZIP', 'ZLIB' or '') of tf.io.TFRecordOptions",
    "python_io.TFRecordCompressionType": "the compression_type string ('GZIP', 'ZLIB' or '') of tf.io.TFRecordOptions",
    **{name: _DATA for name in (
        "train.batch", "train.batch_join", "train.maybe_batch", "train.maybe_batch_join", "train.shuffle_batch",
        "train.shuffle_batch_join", "train.maybe_shuffle_batch", "train.maybe_shuffle_batch_join",
        "train.input_producer", "train.range_input_producer", "train.slice_input_producer",
        "train.string_input_producer")},
    "train.limit_epochs": "dataset.repeat(num_epochs) on a tf.data.Dataset",
    **{name: _NO_QUEUES for name in (
        "train.QueueRunner", "train.add_queue_runner", "train.start_queue_runners", "train.queue_runner.QueueRunner",
        "train.queue_runner.add_queue_runner", "train.queue_runner.start_queue_runners")},
    "ConditionalAccumulator": "aggregate gradients with a tf.distribute strategy (tf.distribute.MirroredStrategy)",
    "ConditionalAccumulatorBase": "aggregate gradients with a tf.distribute strategy (tf.distribute.MirroredStrategy)",
    "SparseConditionalAccumulator": "aggregate gradients with a tf.distribute strategy (tf.distribute.MirroredStrategy)",
    "sparse.SparseConditionalAccumulator": "aggregate gradients with a tf.distribute strategy (tf.distribute.MirroredStrategy)",
    # variables, scopes, collections and initialisation
    "Dimension": "plain Python ints: TF2 shapes hold int or None (drop .value)",
    "VariableScope": "tf.Module",
    "op_scope": "tf.name_scope",
    "variable_op_scope": "tf.name_scope",
    "make_template": "a tf.keras.layers.Layer or tf.Module that creates its variables once and is called many times",
    "add_to_collections": _NO_COLLECTIONS,
    "get_collection_ref": _NO_COLLECTIONS,
    "local_variables": "model.non_trainable_variables, or the variables you keep on a tf.Module",
    "model_variables": "model.variables",
    "moving_average_variables": "the shadow variables of your tf.train.ExponentialMovingAverage (ema.average(var))",
    "get_local_variable": "tf.Variable(..., trainable=False) kept on the owning tf.Module or layer",
    "create_partitioned_variables": "tf.distribute.experimental.ParameterServerStrategy with variable_partitioner=",
    "fixed_size_partitioner": "tf.distribute.experimental.partitioners.FixedShardsPartitioner",
    "min_max_variable_partitioner": "tf.distribute.experimental.partitioners.MinSizePartitioner",
    "variable_axis_size_partitioner": "tf.distribute.experimental.partitioners.MaxSizePartitioner",
    "count_up_to": "variable.assign_add(1), checking the limit in Python",
    "colocate_with": "drop it, or place the op with tf.device",
    "container": "drop it: TF2 has no resource containers; keep state on Python objects",
    **{name: _DROP_INIT for name in (
        "initialize_all_tables", "initializers.tables_initializer", "tables_initializer", "initialize_variables",
        "initializers.global_variables", "initializers.local_variables", "initializers.variables",
        "is_variable_initialized", "report_uninitialized_variables", "assert_variables_initialized")},
    "initializers.uniform_unit_scaling": (
        "tf.keras.initializers.VarianceScaling(scale=factor**2, mode='fan_in', distribution='uniform')"),
    "uniform_unit_scaling_initializer": (
        "tf.keras.initializers.VarianceScaling(scale=factor**2, mode='fan_in', distribution='uniform')"),
    "no_regularizer": "pass no regularizer (None)",
    # sessions and graph switches
    "delete_session_tensor": "drop it: an eager tensor lives as long as a Python reference to it",
    "get_session_handle": "keep the tensor in a Python variable: eager tensors persist between steps",
    "get_session_tensor": "keep the tensor in a Python variable: eager tensors persist between steps",
    **{name: _BACK_TO_TF1 for name in (
        "disable_control_flow_v2", "disable_eager_execution", "disable_resource_variables", "disable_tensor_equality",
        "disable_v2_behavior", "disable_v2_tensorshape")},
    **{name: _ALWAYS_ON for name in (
        "enable_control_flow_v2", "enable_resource_variables", "enable_tensor_equality", "enable_v2_behavior",
        "enable_v2_tensorshape", "control_flow_v2_enabled", "resource_variables_enabled")},
    "executing_eagerly_outside_functions": "tf.executing_eagerly",
    "experimental.output_all_intermediates": "drop the call: it only tunes TF1 control-flow gradients",
    "wrap_function": "tf.function",
    "add_check_numerics_ops": "tf.debugging.enable_check_numerics",
    # maths and arrays
    "div": "tf.math.floordiv for integer inputs, tf.math.truediv for floats (tf.div used Python 2 division)",
    "to_bfloat16": "tf.cast(x, tf.bfloat16)",
    "to_complex64": "tf.cast(x, tf.complex64)",
    "to_complex128": "tf.cast(x, tf.complex128)",
    "to_double": "tf.cast(x, tf.float64)",
    "to_float": "tf.cast(x, tf.float32)",
    "to_int32": "tf.cast(x, tf.int32)",
    "to_int64": "tf.cast(x, tf.int64)",
    "batch_gather": "tf.gather(params, indices, batch_dims=-1)",
    "batch_scatter_update": "variable.batch_scatter_update(tf.IndexedSlices(updates, indices))",
    "clip_by_average_norm": "tf.clip_by_norm(t, clip_norm * tf.cast(tf.size(t), t.dtype)) (the same clipping)",
    "convert_to_tensor_or_indexed_slices": "tf.convert_to_tensor",
    "convert_to_tensor_or_sparse_tensor": "tf.convert_to_tensor, keeping tf.SparseTensor values as they are",
    "setdiff1d": "tf.sets.difference([x], [y]) (a SparseTensor), or tf.raw_ops.ListDiff(x=x, y=y, out_idx=tf.int32)",
    "sparse_to_dense": "tf.sparse.to_dense(tf.sparse.SparseTensor(indices, values, dense_shape))",
    "sparse_merge": "build the merged tf.sparse.SparseTensor yourself: sp_ids.values become the column indices",
    "sparse.merge": "build the merged tf.sparse.SparseTensor yourself: sp_ids.values become the column indices",
    "sparse_reduce_max_sparse": "tf.sparse.reduce_max(sp_input, axis, output_is_sparse=True)",
    "sparse.reduce_max_sparse": "tf.sparse.reduce_max(sp_input, axis, output_is_sparse=True)",
    "sparse_reduce_sum_sparse": "tf.sparse.reduce_sum(sp_input, axis, output_is_sparse=True)",
    "sparse.reduce_sum_sparse": "tf.sparse.reduce_sum(sp_input, axis, output_is_sparse=True)",
    "string_split": "tf.strings.split (a RaggedTensor; .to_sparse() gives the TF1 result)",
    **{f"scatter_{op}": f"variable.scatter_{op}(tf.IndexedSlices(updates, indices))"
       for op in ("add", "sub", "mul", "div", "max", "min", "update")},
    **{f"scatter_nd_{op}": f"variable.scatter_nd_{op}(indices, updates)" for op in ("add", "sub", "update")},
    **{f"assert_{check}": f"tf.debugging.assert_{check}" for check in (
        "greater_equal", "integer", "less_equal", "near", "negative", "non_negative", "non_positive", "none_equal",
        "positive", "rank_at_least", "rank_in", "scalar", "type")},
    "get_seed": "pass an explicit seed= to each random op; tf.random.set_seed sets the global seed",
    "random.get_seed": "pass an explicit seed= to each random op; tf.random.set_seed sets the global seed",
    "set_random_seed": "tf.random.set_seed",
    "py_func": "tf.numpy_function",
    "gfile.FastGFile": "tf.io.gfile.GFile",
    "random.set_random_seed": "tf.random.set_seed",
    # images
    "image.resize_area": "tf.image.resize(images, size, method='area')",
    "image.resize_bicubic": "tf.image.resize(images, size, method='bicubic') (half-pixel centres: values shift slightly)",
    "image.resize_bilinear": "tf.image.resize(images, size, method='bilinear') (half-pixel centres: values shift slightly)",
    "image.resize_nearest_neighbor": "tf.image.resize(images, size, method='nearest')",
    "image.resize_image_with_pad": "tf.image.resize_with_pad",
    # nn
    "nn.ctc_loss_v2": "tf.nn.ctc_loss",
    "nn.conv2d_backprop_filter": "tf.raw_ops.Conv2DBackpropFilter",
    "nn.conv3d_backprop_filter": "tf.raw_ops.Conv3DBackpropFilterV2",
    "nn.conv3d_backprop_filter_v2": "tf.raw_ops.Conv3DBackpropFilterV2",
    "nn.depthwise_conv2d_native": "tf.nn.depthwise_conv2d",
    "nn.fused_batch_norm": "tf.nn.batch_normalization, or the tf.keras.layers.BatchNormalization layer",
    "nn.quantized_avg_pool": "tf.raw_ops.QuantizedAvgPool",
    "nn.quantized_conv2d": "tf.raw_ops.QuantizedConv2D",
    "nn.quantized_max_pool": "tf.raw_ops.QuantizedMaxPool",
    "nn.quantized_relu_x": "tf.raw_ops.QuantizedReluX",
    "nn.raw_rnn": "tf.keras.layers.RNN with a custom cell, or a tf.while_loop",
    "nn.relu_layer": "tf.nn.relu(tf.nn.bias_add(tf.matmul(x, weights), biases))",
    "nn.xw_plus_b": "tf.nn.bias_add(tf.matmul(x, weights), biases)",
    "nn.static_state_saving_rnn": "tf.keras.layers.RNN(cell, stateful=True)",
    "contrib.rnn.static_state_saving_rnn": "tf.keras.layers.RNN(cell, stateful=True)",
    "nn.rnn_cell.DeviceWrapper": "call the cell inside a with tf.device(...) block",
    "nn.rnn_cell.DropoutWrapper": "the dropout= and recurrent_dropout= arguments of tf.keras.layers.LSTMCell / GRUCell",
    "nn.rnn_cell.LSTMStateTuple": "a [h, c] list, the state Keras LSTM cells take and return",
    "nn.rnn_cell.RNNCell": "tf.keras.layers.Layer",
    "nn.rnn_cell.ResidualWrapper": "add the cell's input to its output in a custom tf.keras.layers.Layer cell",
    # losses and metrics
    "losses.Reduction.MEAN": "reduction='sum_over_batch_size' on a tf.keras.losses loss",
    "losses.Reduction.SUM_BY_NONZERO_WEIGHTS": "reduction='sum_over_batch_size' on a tf.keras.losses loss",
    "losses.Reduction.SUM_OVER_NONZERO_WEIGHTS": "reduction='sum_over_batch_size' on a tf.keras.losses loss",
    "losses.absolute_difference": "tf.keras.losses.MeanAbsoluteError",
    "losses.add_loss": "layer.add_loss(value) inside a Keras layer or model",
    "losses.compute_weighted_loss": "a tf.keras.losses loss called with sample_weight=",
    "losses.cosine_distance": "tf.keras.losses.CosineSimilarity (note its sign: -1 is most similar)",
    "losses.get_losses": "model.losses",
    "losses.get_regularization_loss": "tf.add_n(model.losses)",
    "losses.get_regularization_losses": "model.losses",
    "losses.get_total_loss": "the loss you compute, plus tf.add_n(model.losses)",
    "losses.hinge_loss": "tf.keras.losses.Hinge",
    "losses.huber_loss": "tf.keras.losses.Huber",
    "losses.log_loss": "tf.keras.losses.BinaryCrossentropy",
    "losses.mean_pairwise_squared_error": "tf.keras.losses.MeanSquaredError on the pairwise differences you compute",
    "losses.sigmoid_cross_entropy": "tf.keras.losses.BinaryCrossentropy(from_logits=True)",
    "losses.softmax_cross_entropy": "tf.keras.losses.CategoricalCrossentropy(from_logits=True)",
    "losses.sparse_softmax_cross_entropy": "tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True)",
    "metrics.auc": "tf.keras.metrics.AUC",
    "metrics.average_precision_at_k": "tf.keras.metrics.Precision(top_k=k), averaged as you need",
    "metrics.sparse_average_precision_at_k": "tf.keras.metrics.Precision(top_k=k), averaged as you need",
    "metrics.false_negatives_at_thresholds": "tf.keras.metrics.FalseNegatives(thresholds=...)",
    "metrics.false_positives_at_thresholds": "tf.keras.metrics.FalsePositives(thresholds=...)",
    "metrics.true_negatives_at_thresholds": "tf.keras.metrics.TrueNegatives(thresholds=...)",
    "metrics.true_positives_at_thresholds": "tf.keras.metrics.TruePositives(thresholds=...)",
    "metrics.mean_cosine_distance": "tf.keras.metrics.CosineSimilarity",
    "metrics.mean_iou": "tf.keras.metrics.MeanIoU",
    "metrics.mean_per_class_accuracy": "the mean of tf.keras.metrics.Recall(class_id=c) over the classes",
    "metrics.mean_relative_error": "tf.keras.metrics.Mean over abs(predictions - labels) / normalizer",
    "metrics.mean_tensor": "tf.keras.metrics.Mean (per element: keep a running sum and count yourself)",
    "metrics.percentage_below": "tf.keras.metrics.Mean over tf.cast(values < threshold, tf.float32)",
    "metrics.precision_at_k": "tf.keras.metrics.Precision(top_k=k)",
    "metrics.sparse_precision_at_k": "tf.keras.metrics.Precision(top_k=k)",
    "metrics.precision_at_top_k": "tf.keras.metrics.Precision(top_k=k)",
    "metrics.precision_at_thresholds": "tf.keras.metrics.Precision(thresholds=...)",
    "metrics.recall_at_k": "tf.keras.metrics.Recall(top_k=k)",
    "metrics.recall_at_top_k": "tf.keras.metrics.Recall(top_k=k)",
    "metrics.recall_at_thresholds": "tf.keras.metrics.Recall(thresholds=...)",
    # mixed precision
    **{name: _LOSS_SCALE for name in (
        "mixed_precision.DynamicLossScale", "mixed_precision.FixedLossScale", "mixed_precision.LossScale",
        "mixed_precision.MixedPrecisionLossScaleOptimizer", "mixed_precision.experimental.DynamicLossScale",
        "mixed_precision.experimental.FixedLossScale", "mixed_precision.experimental.LossScale",
        "train.experimental.DynamicLossScale", "train.experimental.FixedLossScale", "train.experimental.LossScale",
        "train.experimental.MixedPrecisionLossScaleOptimizer")},
    **{name: "tf.keras.mixed_precision.set_global_policy('mixed_float16')" for name in (
        "mixed_precision.enable_mixed_precision_graph_rewrite",
        "train.experimental.enable_mixed_precision_graph_rewrite")},
    **{name: "tf.keras.mixed_precision.set_global_policy('float32')" for name in (
        "mixed_precision.disable_mixed_precision_graph_rewrite",
        "train.experimental.disable_mixed_precision_graph_rewrite")},
    # training machinery
    "train.AdagradDAOptimizer": "tf.keras.optimizers.Adagrad (Keras has no dual-averaging variant)",
    "train.ProximalAdagradOptimizer": "tf.keras.optimizers.Adagrad, with " + _REGULARIZE,
    "train.ProximalGradientDescentOptimizer": "tf.keras.optimizers.SGD, with " + _REGULARIZE,
    "train.SyncReplicasOptimizer": "tf.distribute.MultiWorkerMirroredStrategy",
    "train.CheckpointSaverHook": "tf.keras.callbacks.ModelCheckpoint",
    "train.CheckpointSaverListener": "tf.keras.callbacks.ModelCheckpoint",
    "train.NanTensorHook": "tf.keras.callbacks.TerminateOnNaN",
    "train.NanLossDuringTrainingError": "tf.keras.callbacks.TerminateOnNaN",
    "train.SummarySaverHook": "tf.keras.callbacks.TensorBoard",
    "train.ProfilerHook": "tf.keras.callbacks.TensorBoard(profile_batch=...)",
    "train.StepCounterHook": "tf.keras.callbacks.TensorBoard",
    "train.LoggingTensorHook": "tf.keras.callbacks.LambdaCallback that prints the values",
    "train.StopAtStepHook": "the epochs= and steps_per_epoch= arguments of fit",
    **{name: _CALLBACK for name in (
        "train.FeedFnHook", "train.FinalOpsHook", "train.GlobalStepWaiterHook", "train.SessionRunArgs",
        "train.SessionRunContext", "train.SessionRunValues")},
    **{name: _LOOP for name in (
        "train.ChiefSessionCreator", "train.SessionCreator", "train.WorkerSessionCreator", "train.SessionManager",
        "train.Scaffold", "train.SingularMonitoredSession", "train.LooperThread", "train.basic_train_loop")},
    "train.NewCheckpointReader": "tf.train.load_checkpoint",
    "train.VocabInfo": _CHECKPOINT_RESTORE,
    "train.warm_start": _CHECKPOINT_RESTORE,
    "train.init_from_checkpoint": _CHECKPOINT_RESTORE,
    "train.assert_global_step": "optimizer.iterations",
    "train.create_global_step": "optimizer.iterations",
    "train.global_step": "int(optimizer.iterations)",
    "train.checkpoint_exists": "tf.train.latest_checkpoint(directory) is not None",
    "train.get_checkpoint_mtimes": "tf.io.gfile.stat(path).mtime_nsec",
    "train.generate_checkpoint_state_proto": "tf.train.CheckpointManager",
    "train.update_checkpoint_state": "tf.train.CheckpointManager",
    "train.remove_checkpoint": "tf.train.CheckpointManager(checkpoint, directory, max_to_keep=...) deletes old ones",
    "train.export_meta_graph": "tf.saved_model.save",
    "train.import_meta_graph": "tf.saved_model.load",
    "train.replica_device_setter": "tf.distribute.experimental.ParameterServerStrategy",
    "train.do_quantize_training_on_graphdef": "tfmot.quantization.keras.quantize_model (tensorflow-model-optimization)",
    "train.cosine_decay": "tf.keras.optimizers.schedules.CosineDecay",
    "train.cosine_decay_restarts": "tf.keras.optimizers.schedules.CosineDecayRestarts",
    "train.inverse_time_decay": "tf.keras.optimizers.schedules.InverseTimeDecay",
    "train.natural_exp_decay": "tf.keras.optimizers.schedules.ExponentialDecay(lr, decay_steps, math.exp(-decay_rate))",
    "train.piecewise_constant_decay": "tf.keras.optimizers.schedules.PiecewiseConstantDecay",
    "train.polynomial_decay": "tf.keras.optimizers.schedules.PolynomialDecay",
    "train.linear_cosine_decay": "a tf.keras.optimizers.schedules.LearningRateSchedule subclass (Keras has no linear cosine decay)",
    "train.noisy_linear_cosine_decay": "a tf.keras.optimizers.schedules.LearningRateSchedule subclass (Keras has none)",
    # saved models
    "saved_model.Builder": "tf.saved_model.save",
    "saved_model.simple_save": "tf.saved_model.save",
    **{name: "drop it: tf.saved_model.save records how to initialise the model itself" for name in (
        "saved_model.LEGACY_INIT_OP_KEY", "saved_model.MAIN_OP_KEY", "saved_model.constants.LEGACY_INIT_OP_KEY",
        "saved_model.constants.MAIN_OP_KEY", "saved_model.main_op.main_op", "saved_model.main_op.main_op_with_restore",
        "saved_model.main_op_with_restore")},
    **{name: _SIGNATURES for name in (
        "saved_model.build_signature_def", "saved_model.classification_signature_def", "saved_model.is_valid_signature",
        "saved_model.predict_signature_def", "saved_model.regression_signature_def",
        "saved_model.signature_def_utils.MethodNameUpdater", "saved_model.signature_def_utils.build_signature_def",
        "saved_model.signature_def_utils.classification_signature_def",
        "saved_model.signature_def_utils.is_valid_signature", "saved_model.signature_def_utils.predict_signature_def",
        "saved_model.signature_def_utils.regression_signature_def")},
    **{name: _TENSOR_SPEC for name in (
        "saved_model.build_tensor_info", "saved_model.utils.build_tensor_info",
        "saved_model.get_tensor_from_tensor_info", "saved_model.utils.get_tensor_from_tensor_info")},
    "contrib.saved_model.load_keras_model": "tf.keras.models.load_model",
    "contrib.saved_model.save_keras_model": "tf.keras.models.save_model",
    # summaries
    "contrib.summary.all_summary_ops": "drop it: TF2 summaries are written when called inside writer.as_default()",
    "contrib.summary.initialize": "drop it: TF2 summary writers need no initialisation op",
    # TPUs and distribution
    **{name: _TPU for name in (
        "contrib.tpu.core", "contrib.tpu.replicate", "tpu.core", "tpu.replicate", "tpu.rewrite", "tpu.shard",
        "tpu.batch_parallel", "tpu.CrossShardOptimizer", "tpu.PaddingSpec", "tpu.outside_compilation")},
    "tpu.cross_replica_sum": "tf.distribute.get_replica_context().all_reduce('sum', value)",
    "tpu.initialize_system": "tf.tpu.experimental.initialize_tpu_system",
    "tpu.shutdown_system": "tf.tpu.experimental.shutdown_tpu_system",
    "tpu.bfloat16_scope": "tf.keras.mixed_precision.set_global_policy('mixed_bfloat16')",
    "tpu.experimental.embedding_column": "tf.tpu.experimental.embedding.TPUEmbedding",
    "tpu.experimental.shared_embedding_columns": "tf.tpu.experimental.embedding.TPUEmbedding",
    "distribute.get_loss_reduction": "tf.nn.compute_average_loss (scales by the global batch size)",
    # feature columns, lite, profiler, resources, tests
    "feature_column.input_layer": "Keras preprocessing layers (tf.keras.utils.FeatureSpace)",
    "feature_column.linear_model": "a tf.keras.layers.Dense(1) model on the preprocessed features",
    "feature_column.shared_embedding_columns": "tf.feature_column.shared_embeddings",
    "lite.TocoConverter": "tf.lite.TFLiteConverter",
    "lite.toco_convert": "tf.lite.TFLiteConverter",
    "lite.OpHint": "tf.lite.TFLiteConverter on a tf.function (composite ops are fused by the converter)",
    "lite.experimental.convert_op_hints_to_stubs": "tf.lite.TFLiteConverter on a tf.function",
    "lite.constants.GRAPHVIZ_DOT": "drop it: TFLiteConverter always writes a TFLite flatbuffer",
    "lite.constants.TFLITE": "drop it: TFLiteConverter always writes a TFLite flatbuffer",
    **{name: "tf.profiler.experimental.start(logdir) ... tf.profiler.experimental.stop()" for name in (
        "profiler.ProfileOptionBuilder", "profiler.Profiler", "profiler.advise", "profiler.profile",
        "profiler.write_op_log")},
    **{f"resource_loader.{name}": "importlib.resources, or paths relative to __file__" for name in (
        "get_data_files_path", "get_path_to_datafile", "get_root_dir_with_all_resources", "load_resource",
        "readahead_file_path")},
    "test.StubOutForTesting": "unittest.mock.patch",
    "test.mock": "unittest.mock",
    "test.get_temp_dir": "self.get_temp_dir() in a tf.test.TestCase",
    "test.test_src_dir_path": "paths relative to __file__",
    # Keras 2 only
    "keras.initializers.normal": "tf.keras.initializers.RandomNormal",
    "keras.initializers.uniform": "tf.keras.initializers.RandomUniform",
    "keras.layers.disable_v2_dtype_behavior": "drop the call: Keras 3 layers cast inputs to their dtype policy",
    "keras.layers.enable_v2_dtype_behavior": "drop the call: Keras 3 layers cast inputs to their dtype policy",
    "keras.utils.DeterministicRandomTestTool": "seed each random op (tf.random.set_seed) in the test",
    "keras.utils.get_or_create_layer": "create the Keras layer once in __init__ and reuse it",
    "keras.utils.track_tf1_style_variables": "rewrite the TF1 layer code as a tf.keras.layers.Layer with add_weight",
    "keras.backend.symbolic": "drop the decorator: Keras 3 traces with tf.function itself",
    "keras.backend.get_session": "run eagerly; there is no Keras session",
    "keras.backend.set_session": "configure the runtime with tf.config",
    "keras.experimental.export_saved_model": "model.export(path) or tf.saved_model.save(model, path)",
    "keras.experimental.load_from_saved_model": "tf.saved_model.load (or tf.keras.layers.TFSMLayer in a Keras model)",
    "keras.models.LinearModel": "a tf.keras.layers.Dense(1) model on the preprocessed features",
    "keras.models.WideDeepModel": "a Keras functional model joining a linear and a deep branch",
    "keras.layers.CuDNNGRU": "tf.keras.layers.GRU",
    "keras.layers.CuDNNLSTM": "tf.keras.layers.LSTM",
    "keras.experimental": "the Keras 3 API of the same purpose (tf.keras.optimizers.schedules, tf.keras.Model)",
    "keras.layers.experimental": "tf.keras.layers (preprocessing layers moved there)",
    "pywrap_tensorflow": "the public tf.* API (tf.train.load_checkpoint for checkpoint readers)",
    "tpu.experimental.AdagradParameters": "tf.tpu.experimental.embedding.Adagrad",
    "tpu.experimental.AdamParameters": "tf.tpu.experimental.embedding.Adam",
    "tpu.experimental.FtrlParameters": "tf.tpu.experimental.embedding.FTRL",
    "tpu.experimental.StochasticGradientDescentParameters": "tf.tpu.experimental.embedding.SGD",
    "contrib.data.CheckpointInputPipelineHook": "tf.train.Checkpoint(iterator=iter(dataset)) saves the input position",
    "contrib.data.StatsAggregator": "the TensorBoard profiler (tf.profiler.experimental.start) for input pipelines",
    "contrib.data.set_stats_aggregator": "the TensorBoard profiler (tf.profiler.experimental.start) for input pipelines",
    "contrib.data.latency_stats": "the TensorBoard profiler (tf.profiler.experimental.start) for input pipelines",
    "contrib.data.assert_element_shape": "dataset.map(lambda x: tf.ensure_shape(x, shape))",
    "contrib.image.adjust_hsv_in_yiq": "tf.image.adjust_hue and tf.image.adjust_saturation (TF2 has no YIQ variant)",
    "contrib.image.random_hsv_in_yiq": "tf.image.random_hue and tf.image.random_saturation (TF2 has no YIQ variant)",
    "contrib.image.matrices_to_flat_transforms": "tf.reshape(matrices / matrices[:, 2:3, 2:3], [-1, 9])[:, :8]",
    "contrib.layers.poincare_normalize": "tf.clip_by_norm(x, 1 - epsilon, axes=[axis])",
    **{f"contrib.losses.metric_learning.{name}": (
        "port the loss into your code: TF Addons, which had it, does not work with Keras 3 (TF 2.16+)")
       for name in ("contrastive_loss", "lifted_struct_loss", "triplet_semihard_loss")},
    "contrib.opt.extend_with_decoupled_weight_decay": "tf.keras.optimizers.AdamW, or weight_decay= of a Keras optimizer",
    "contrib.sparsemax.sparsemax": "port sparsemax into your code (sort, cumulative sum, threshold); TF Addons needs Keras 2",
    "contrib.sparsemax.sparsemax_loss": "port the sparsemax loss into your code; TF Addons needs Keras 2",
    "contrib.summary.import_event": "tf.summary.experimental.write_raw_pb",
    "contrib.text.skip_gram_sample": "build the (target, context) pairs in a tf.data.Dataset.map; TF2 has no skip-gram op",
    "contrib.text.skip_gram_sample_with_text_vocab": (
        "build the (target, context) pairs in a tf.data.Dataset.map; TF2 has no skip-gram op"),
    "graph_util.convert_variables_to_constants": "tf.saved_model.save (TF2 serving and TFLite need no frozen graph)",
    "sparse.placeholder": "pass a tf.SparseTensor as an argument of a tf.function",
    "train.SecondOrStepTimer": "time the steps with time.perf_counter in a tf.keras.callbacks.Callback",
    "contrib.rnn.RNNCell": "tf.keras.layers.Layer",
}

# Families the tables map one by one, with one TF2 way for all their members.
TF2_WAY_BY_PREFIX: dict[str, tuple[str, str | None]] = {
    # prefix -> (replacement; '{leaf}' stands for the member's name, package or None)
    "distributions.": ("tfp.distributions.{leaf}", "tensorflow-probability"),
}

# Graph-mode APIs: their explicit tf.compat.v1 spelling raises under TF2's default eager execution
# (checked on TF 2.21: RuntimeError/ValueError "not compatible with eager execution", "Queues ...").
GRAPH_ONLY: frozenset[str] = frozenset({
    "train.batch", "train.batch_join", "train.maybe_batch", "train.maybe_batch_join", "train.shuffle_batch",
    "train.shuffle_batch_join", "train.maybe_shuffle_batch", "train.maybe_shuffle_batch_join",
    "train.input_producer", "train.range_input_producer", "train.slice_input_producer",
    "train.string_input_producer", "train.QueueRunner", "train.start_queue_runners",
    "train.queue_runner.QueueRunner", "train.queue_runner.start_queue_runners", "train.MonitoredTrainingSession",
    "train.Supervisor", "train.import_meta_graph", "train.export_meta_graph", "data.make_initializable_iterator",
    "get_session_handle", "summary.merge",
})
GRAPH_ONLY_PREFIXES: tuple[str, ...] = ("metrics.",)  # every tf.compat.v1.metrics function raises when eager

# TF2 functions that differ from TF1's only in their signature: removed keywords (TypeError) and
# positional parameters that moved. Their entries are derived from inspect.signature of tf.X and
# tf.compat.v1.X instead of a name-level "behaves differently" verdict on every call. A default that
# changed on top of that is a hand-written entry with `when:` in rules/calls.yaml.
SIGNATURE_ONLY: frozenset[str] = frozenset({
    "assert_equal", "assert_greater", "assert_less", "assert_rank",
    *(f"debugging.assert_{check}" for check in (
        "equal", "greater", "greater_equal", "integer", "less", "less_equal", "near", "negative", "non_negative",
        "non_positive", "none_equal", "positive", "rank", "rank_at_least", "rank_in", "scalar", "type")),
    "constant_initializer", "ones_initializer", "zeros_initializer", "random_normal_initializer",
    "random_uniform_initializer",
    *(f"initializers.{name}" for name in (
        "constant", "glorot_normal", "glorot_uniform", "he_normal", "he_uniform", "identity", "lecun_normal",
        "lecun_uniform", "ones", "orthogonal", "variance_scaling", "zeros", "random_normal", "random_uniform",
        "truncated_normal")),
    "nn.embedding_lookup", "nn.embedding_lookup_sparse", "nn.safe_embedding_lookup_sparse", "nn.nce_loss",
    "nn.sampled_softmax_loss", "nn.fractional_avg_pool", "nn.fractional_max_pool", "distribute.MirroredStrategy",
    "ones_like", "zeros_like",
})

# Whole modules whose replacement is a drop-in package: the fix is one import.
DROP_IN_MODULES: frozenset[str] = frozenset({"tf.flags", "tf.app.flags"})

# Names whose tf.compat.v1 spelling resolves on TF 2.21 but cannot keep TF1 semantics there, so
# --fix must not move them (the entry's fix says why, by hand).
_NO_CELL = ("no stock cell works with tf.compat.v1.nn.{} on TF 2.21 (tf.compat.v1.nn.rnn_cell is gone with "
            "Keras 3 and Keras cells lack its get_initial_state(inputs=...)): use tf.keras.layers.RNN(cell)")
FIX_BY_HAND: dict[str, str] = {
    name: _NO_CELL.format(target) for name, target in {
        "nn.dynamic_rnn": "dynamic_rnn", "nn.bidirectional_dynamic_rnn": "bidirectional_dynamic_rnn",
        "nn.raw_rnn": "raw_rnn", "nn.static_rnn": "static_rnn", "nn.rnn": "static_rnn",
        "nn.static_bidirectional_rnn": "static_bidirectional_rnn", "nn.bidirectional_rnn": "static_bidirectional_rnn",
        "nn.static_state_saving_rnn": "static_state_saving_rnn",
        "contrib.rnn.static_state_saving_rnn": "static_state_saving_rnn",
    }.items()
}

# Renames whose signatures match but whose results differ: not a pure search-and-replace.
NOT_MECHANICAL: dict[str, str] = {
    "image.resize_images": "TF2's resize uses half-pixel centres and has no align_corners",
    "image.resize_image_with_pad": "TF2's resize_with_pad resizes with half-pixel centres",
}

# Compat-only and removed entries whose replacement is a pure rename or import swap with the same
# signature and semantics (the signature part is re-checked by the TensorFlow-backed tests).
MECHANICAL: frozenset[str] = frozenset({
    "py_func", "set_random_seed", "random.set_random_seed", "gfile.FastGFile", "app.flags", "flags.*", "app.flags.*",
})
