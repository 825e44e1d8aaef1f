"""Reporters turn findings into one output format each; they never look for findings themselves."""
