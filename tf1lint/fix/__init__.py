"""Building fixes: the edits that make a finding go away, when they are mechanical.

The pipeline asks for them (lazily, only when fixes are wanted) through `build.attach_fixes`;
the engine that finds never imports this package. Applying fixes sits above the pipeline, in
`tf1lint.run.apply_fixes`.
"""
