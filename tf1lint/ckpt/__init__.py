"""Stage three, checkpoints: read TF1 checkpoints without TensorFlow, map their names to a TF2 model,
verify and convert."""
