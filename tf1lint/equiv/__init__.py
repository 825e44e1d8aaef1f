"""Stage three, equivalence: record a TF 1.14 program's run and replay it against the migrated program on TF 2."""
