"""The TF1 debugger's *_regex_whitelist keywords are *_regex_allowlist on TF2 (found in tensor2tensor): each old
keyword is an error on its own line, wherever a multi-line call puts it."""
import tensorflow as tf
from tensorflow.python import debug as tf_debug  # [tf1-deprecated-api-info]


def beam_search_watch(fetches, feeds):
    del fetches, feeds
    return tf_debug.WatchOptions(
        node_name_regex_whitelist=  # [tf1-changed-keyword]
        ".*grow_(finished|alive)_(topk_scores|topk_seq).*",
        debug_ops=["DebugIdentity"])


options = make_run_options()
tf_debug.watch_graph(options, graph, debug_urls=["file:///tmp/dump"],
                     op_type_regex_whitelist="Const", tensor_dtype_regex_whitelist="float")  # [tf1-changed-keyword, tf1-changed-keyword]
tf_debug.watch_graph(options, graph, debug_urls=["file:///tmp/dump"], node_name_regex_allowlist="alpha.*")
allowed = tf_debug.WatchOptions(op_type_regex_allowlist="Const")
