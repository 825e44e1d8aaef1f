"""What a fetched value depends on, read from the graph: random ops, variables, and the variables a run writes.

Runs inside the child process, on Python 3.7 + TF 1.14 as well as on TF 2.21: standard library only,
and nothing but the graph objects it is handed (no TensorFlow import of its own).
"""

from __future__ import annotations

# Ops whose output changes from run to run and between TensorFlow versions, seeded or not:
# TF 1.14 derives op seeds from the graph's op count, so even a graph-level seed gives other values.
RANDOM_OP_TYPES = frozenset({
    "RandomUniform", "RandomUniformInt", "RandomStandardNormal", "TruncatedNormal",
    "ParameterizedTruncatedNormal", "RandomShuffle", "RandomGamma", "RandomGammaGrad", "RandomPoisson",
    "RandomPoissonV2", "Multinomial", "RandomCrop", "SampleDistortedBoundingBox",
    "SampleDistortedBoundingBoxV2", "RandomShuffleQueue", "RandomShuffleQueueV2", "ShuffleDataset",
    "ShuffleDatasetV2", "ShuffleDatasetV3", "ShuffleAndRepeatDataset", "ShuffleAndRepeatDatasetV2",
    "StatelessRandomUniformV2", "RandomUniformV2", "StatefulUniform", "StatefulStandardNormalV2",
    "StatefulTruncatedNormal", "StatefulUniformInt", "StatefulUniformFullInt", "RngReadAndSkip",
})
VARIABLE_OP_TYPES = frozenset({"VariableV2", "Variable", "VarHandleOp"})
# Stateful ops a run may hold and still be run twice without changing the program's state.
REPEATABLE_STATEFUL_TYPES = RANDOM_OP_TYPES | VARIABLE_OP_TYPES | frozenset({
    "ReadVariableOp", "VarIsInitializedOp", "IsVariableInitialized", "Placeholder", "PlaceholderWithDefault",
})
WRITER_PREFIXES = ("Assign", "Apply", "ResourceApply", "SparseApply", "ResourceSparseApply", "Scatter",
                   "ResourceScatter")
# Ops that hand out the next batch of a tf.data iterator: the replay feeds their outputs from the recording.
ITERATOR_OUTPUT_TYPES = frozenset({"IteratorGetNext", "IteratorGetNextSync", "IteratorGetNextAsOptional"})
INITIALISER_OP_TYPES = frozenset({"InitializeTable", "InitializeTableV2", "InitializeTableFromTextFile",
                                  "InitializeTableFromTextFileV2"})


def is_writer(op) -> bool:
    return op.type.startswith(WRITER_PREFIXES) and len(op.inputs) > 0


def written_variables(op) -> list:
    """The variables a writer op updates: its first input traced back to the variable op, and every other
    input that is a variable itself (the slots ApplyAdam or ApplyRMSProp update beside the weight)."""
    targets = []
    source = op.inputs[0].op
    seen = 0
    while source.type not in VARIABLE_OP_TYPES and source.type == "Identity" and seen < 8:
        source = source.inputs[0].op
        seen += 1
    if source.type in VARIABLE_OP_TYPES:
        targets.append(source.name)
    for tensor in list(op.inputs)[1:]:
        if tensor.op.type in VARIABLE_OP_TYPES and tensor.op.name not in targets:
            targets.append(tensor.op.name)
    return targets


class GraphFacts:
    """Per-op facts, each computed once: is a random op upstream (data edges), which variables are read."""

    def __init__(self) -> None:
        self._random = {}  # op name -> bool
        self._reads = {}  # op name -> frozenset of variable op names
        self._closures = {}  # tuple of op names -> (ops executed, writers)

    def depends(self, op) -> tuple:
        """(random op upstream, variables read) for an op's output values."""
        if op.name in self._random:
            return self._random[op.name], self._reads[op.name]
        stack = [(op, False)]
        visiting = set()  # while loops make cycles; an op met again on its own path adds nothing new
        while stack:
            current, expanded = stack.pop()
            if current.name in self._random:
                continue
            sources = [tensor.op for tensor in current.inputs]
            if not expanded:
                if current.name in visiting:
                    continue
                visiting.add(current.name)
                stack.append((current, True))
                stack.extend((source, False) for source in sources
                             if source.name not in self._random and source.name not in visiting)
                continue
            if current.type in VARIABLE_OP_TYPES:
                self._random[current.name], self._reads[current.name] = False, frozenset([current.name])
                continue
            random = current.type in RANDOM_OP_TYPES
            reads = frozenset()
            for source in sources:
                random = random or self._random.get(source.name, False)
                source_reads = self._reads.get(source.name, frozenset())
                if source_reads and not source_reads <= reads:
                    reads = reads | source_reads
            self._random[current.name], self._reads[current.name] = random, reads
        return self._random[op.name], self._reads[op.name]

    def written_value_depends(self, writer) -> tuple:
        """(random, variables read) of the values a writer stores (all inputs but the variable itself)."""
        random, reads = False, frozenset()
        for tensor in list(writer.inputs)[1:]:
            source_random, source_reads = self.depends(tensor.op)
            random = random or source_random
            reads = reads | source_reads
        return random, reads

    def executed(self, ops) -> tuple:
        """The ops a run with these fetched ops executes (data and control edges), and its writer ops."""
        key = tuple(sorted(op.name for op in ops))
        if key in self._closures:
            return self._closures[key]
        seen = {}
        stack = list(ops)
        while stack:
            current = stack.pop()
            if current.name in seen:
                continue
            seen[current.name] = current
            stack.extend(tensor.op for tensor in current.inputs)
            stack.extend(current.control_inputs)
        executed = list(seen.values())
        writers = [op for op in executed if is_writer(op)]
        self._closures[key] = (executed, writers)
        return self._closures[key]


def racing_write(facts: GraphFacts, op, writers) -> str | None:
    """A variable the op reads while a writer in the same run updates it with nothing ordering the two
    (MonitoredSession's global-step read beside the training step): the value read depends on scheduling."""
    _, reads = facts.depends(op)
    ancestry = None
    for writer, target in [(writer, target) for writer in writers for target in written_variables(writer)]:
        if target not in reads:
            continue
        if ancestry is None:
            ancestry, _ = facts.executed([op])
        # The ops that take the variable itself as input: they read it. Ordered when one of them
        # runs before the write (is upstream of the writer); a race when none does.
        readers = {ancestor.name for ancestor in ancestry
                   if any(tensor.op.name == target for tensor in ancestor.inputs)}
        before_write = {ancestor.name for ancestor in facts.executed([writer])[0]}
        if readers and not readers & before_write:
            return target
    return None


def is_repeatable(executed_ops) -> bool:
    """True when running the same ops again changes nothing but the random generators' state."""
    for op in executed_ops:
        stateful = getattr(op.op_def, "is_stateful", False) if op.op_def is not None else False
        if stateful and op.type not in REPEATABLE_STATEFUL_TYPES:
            return False
    return True


class Taint:
    """Variables whose value came from a random op through a training step: they differ between versions."""

    def __init__(self) -> None:
        self.variables = set()

    def clear(self) -> None:
        self.variables = set()

    def after_run(self, facts: GraphFacts, writers) -> None:
        changed = True
        while changed:
            changed = False
            for writer in writers:
                targets = [target for target in written_variables(writer) if target not in self.variables]
                if not targets:
                    continue
                random, reads = facts.written_value_depends(writer)
                if random or reads & self.variables:
                    self.variables.update(targets)
                    changed = True

    def reason(self, facts: GraphFacts, op) -> str | None:
        random, reads = facts.depends(op)
        tainted = sorted(reads & self.variables)
        if tainted:  # checked first: a second run (the probe) cannot clear it
            return "reads %s, trained with random values" % tainted[0]
        return "random op upstream" if random else None


def initialiser_names(graph) -> set:
    """Names of the ops that initialise variables: each variable's initializer and groups of them."""
    names = set()
    for collection in ("variables", "local_variables"):
        for variable in graph.get_collection(collection):
            initializer = getattr(variable, "initializer", None)
            if initializer is not None:
                names.add(initializer.name)
    return names


def is_initialiser(op, known: set, depth: int = 0) -> bool:
    if op.name in known or op.type in INITIALISER_OP_TYPES:
        return True
    if op.type != "NoOp" or depth > 6 or op.inputs:
        return False
    if not op.control_inputs:
        return depth > 0  # an empty group inside an initialiser: no local variables, no tables, no resources
    return all(is_initialiser(control, known, depth + 1) for control in op.control_inputs)
