"""Private helpers TF 2.21 moved out of their TF1 module are errors, through any import of the module (found in
xlnet, which registers them when it is imported); what the module still has stays information."""
from tensorflow.core.framework import variable_pb2
from tensorflow.python.framework import ops  # [tf1-deprecated-api-info]
from tensorflow.python.ops import resource_variable_ops  # [tf1-deprecated-api-info]

ops.register_proto_function(
    "iterations_per_loop",
    proto_type=variable_pb2.VariableDef,
    to_proto=resource_variable_ops._to_proto_fn,  # [tf1-removed-api]
    from_proto=resource_variable_ops._from_proto_fn)  # [tf1-removed-api]
variable = resource_variable_ops.ResourceVariable(1.0)
