"""The hooks inside the child: Session.run and Saver patched to write down (record) or feed back (replay) a run.

Runs on Python 3.7 + TF 1.14 and on Python 3.11 + TF 2.x, before the program starts, so no walrus,
no `match`, no `X | Y` outside annotations, and nothing imported from tf1lint but its sibling modules
(handed in by child_main, which loads them by path).
"""

from __future__ import annotations

import os
import sys

SUMMARY_OP_TYPES = frozenset({"MergeSummary", "ScalarSummary", "HistogramSummary", "ImageSummary",
                              "AudioSummary", "AudioSummaryV2", "TensorSummary", "TensorSummaryV2"})


class StopProgram(BaseException):
    """Raised from Session.run once the run limit is reached; BaseException so `except Exception` lets it pass."""


def key_text(key) -> str:
    """A dict key as it reads in a path; objects (MonitoredSession keys its hooks' fetches by hook) by class,
    so that both sides name them alike."""
    if isinstance(key, (str, int, float, bool)) or key is None:
        return repr(key)
    return "<%s>" % type(key).__name__


def flatten(fetches, result, path=""):
    """(path, fetch, value) for every leaf of a Session.run fetch structure and its result."""
    if isinstance(fetches, dict):
        leaves = []
        for key in fetches:
            leaves.extend(flatten(fetches[key], result[key], "%s[%s]" % (path, key_text(key))))
        return leaves
    if isinstance(fetches, (list, tuple)):
        leaves = []
        for position, fetch in enumerate(fetches):
            leaves.extend(flatten(fetch, result[position], "%s[%d]" % (path, position)))
        return leaves
    return [(path, fetches, result)]


def flatten_fetches(fetches, path=""):
    if isinstance(fetches, dict):
        return [leaf for key in fetches for leaf in flatten_fetches(fetches[key], "%s[%s]" % (path, key_text(key)))]
    if isinstance(fetches, (list, tuple)):
        return [leaf for position, fetch in enumerate(fetches)
                for leaf in flatten_fetches(fetch, "%s[%d]" % (path, position))]
    return [(path, fetches)]


def graph_element(graph, fetch):
    try:
        return graph.as_graph_element(fetch, allow_tensor=True, allow_operation=True)
    except (TypeError, ValueError, KeyError):
        return None


def call_site(program_folder: str) -> str:
    """file:line of the program's Session.run call: the first frame outside TensorFlow and these hooks."""
    here = os.path.dirname(os.path.abspath(__file__))
    frame = sys._getframe(2)  # pylint: disable=protected-access
    while frame is not None:
        filename = os.path.abspath(frame.f_code.co_filename)
        inside_library = (os.sep + "tensorflow" in filename or "site-packages" in filename
                          or filename.startswith(here) or filename.startswith("<"))
        if not inside_library:
            if filename.startswith(program_folder + os.sep):
                filename = os.path.relpath(filename, program_folder)
            return "%s:%d" % (filename, frame.f_lineno)
        frame = frame.f_back
    return "?"


def variable_key(variable) -> str:
    name = variable.name
    return name[:-2] if name.endswith(":0") else name


def _not_installed(*_args, **_kwargs):
    raise RuntimeError("the tape runs sessions only once install() has patched Session.run")


class Tape:
    """Everything the program ran, in order: feeds, numeric fetches, and the variables' starting state."""

    def __init__(self, mode, program, limit, graph_walk, np, tf_version, golden=None, variable_map=None):
        self.mode = mode
        self.program_folder = os.path.dirname(os.path.abspath(program))
        self.limit = limit
        self.walk = graph_walk
        self.np = np
        self.tf_version = tf_version
        self.golden_document, self.golden_arrays = golden if golden else ({}, {})
        self.variable_map = variable_map or {}
        self.runs = []
        self.snapshots = []
        self.arrays = {}
        self.notes = []
        self.internal = 0
        self.state_pending = False
        self.snapshot_cursor = 0
        self.site_calls = {}
        self.graphs = {}  # id(graph) -> (graph, GraphFacts, Taint)
        self.original_run = _not_installed
        self.final_state = None
        self.errors = None  # tensorflow.python.framework.errors, set by install()

    def note(self, text: str) -> None:
        if text not in self.notes and len(self.notes) < 200:
            self.notes.append(text)

    def facts_for(self, graph):
        entry = self.graphs.get(id(graph))
        if entry is None or entry[0] is not graph:
            entry = (graph, self.walk.GraphFacts(), self.walk.Taint())
            self.graphs[id(graph)] = entry
        return entry[1], entry[2]

    # --- Session.run -------------------------------------------------------------------------------------

    def on_run(self, session, fetches, feed_dict, options, run_metadata):
        graph = session.graph
        leaves = flatten_fetches(fetches)
        elements = [graph_element(graph, fetch) for _, fetch in leaves]
        if leaves and self._initialises(graph, elements):
            result = self.original_run(session, fetches, feed_dict, options, run_metadata)
            self.state_pending = True
            return result
        if self.limit is not None and len(self.runs) >= self.limit:
            # The session is still open here: its variables after the last run are compared too.
            self.final_state = self._read_variables(session, "final")
            _, taint = self.facts_for(session.graph)
            for entry in self.final_state["variables"]:
                if entry["name"] in taint.variables:
                    entry["random"] = "trained with random values"
            raise StopProgram()
        if self.state_pending:
            self.state_pending = False
            self._settle_state(session)
        index = len(self.runs)
        site = call_site(self.program_folder)
        call = self.site_calls.get(site, 0)
        self.site_calls[site] = call + 1
        run = {"index": index, "site": site, "call": call, "feeds": [], "fetches": [], "error": None}
        self.runs.append(run)
        feed_used = self._feeds(graph, feed_dict, run)
        getters = self._iterator_outputs(graph, elements)
        try:
            if getters and self.mode == "replay":
                feed_used = self._carry_batches(getters, feed_used, run)
            if getters and self.mode == "record":
                result, batches = self.original_run(session, (fetches, [list(op.outputs) for op in getters]),
                                                    feed_used, options, run_metadata)
                self._store_batches(getters, batches, run)
            else:
                result = self.original_run(session, fetches, feed_used, options, run_metadata)
        except Exception as error:
            run["error"] = "%s: %s" % (type(error).__name__, str(error).splitlines()[0] if str(error) else "")
            raise
        self._fetches(session, graph, fetches, result, elements, feed_used, run)
        return result

    # --- data read inside the graph ------------------------------------------------------------------------

    def _iterator_outputs(self, graph, elements):
        """The iterator get_next ops a run executes, in name order: their batches are carried across."""
        facts, _ = self.facts_for(graph)
        ops = [element if not hasattr(element, "dtype") else element.op for element in elements if element is not None]
        executed, _ = facts.executed(ops)
        return sorted((op for op in executed if op.type in self.walk.ITERATOR_OUTPUT_TYPES), key=lambda op: op.name)

    def _store_batches(self, getters, batches, run):
        run["batches"] = []
        for position, (op, values) in enumerate(zip(getters, batches)):
            keys = []
            for output, value in enumerate(values):
                key = "r%06d_batch%d_%d" % (run["index"], position, output)
                self.arrays[key] = self.np.asarray(value)
                keys.append(key)
            run["batches"].append({"op": op.name, "arrays": keys})

    def _carry_batches(self, getters, feed_used, run):
        runs = self.golden_document.get("runs", [])
        recorded = runs[run["index"]] if run["index"] < len(runs) else {}
        batches = recorded.get("batches") or []
        if not batches and (recorded.get("error") or "").split(":")[0] in ("OutOfRangeError",):
            # The recorded data ran out here; the replay's own iterator was never advanced (it was fed).
            raise self.errors.OutOfRangeError(None, None, "end of the recorded data (tf1lint equiv)")
        if len(batches) != len(getters):
            if batches or getters:
                self.note("run %d (%s): %d iterator outputs recorded, %d in the program; its own data was used"
                          % (run["index"], run["site"], len(batches), len(getters)))
            return feed_used
        used = dict(feed_used or {})
        for op, batch in zip(getters, batches):
            if len(op.outputs) != len(batch["arrays"]):
                self.note("run %d: iterator %s yields %d tensors, %d recorded; its own data was used"
                          % (run["index"], op.name, len(op.outputs), len(batch["arrays"])))
                return feed_used
            for tensor, key in zip(op.outputs, batch["arrays"]):
                used[tensor] = self.golden_arrays[key]
        run["batches"] = [{"op": op.name, "source": "recording"} for op in getters]
        return used

    def _initialises(self, graph, elements) -> bool:
        known = self.walk.initialiser_names(graph)
        for element in elements:
            if element is None or hasattr(element, "dtype"):
                return False
            if not self.walk.is_initialiser(element, known):
                return False
        return True

    # --- feeds ---------------------------------------------------------------------------------------------

    def _feeds(self, graph, feed_dict, run):
        if not feed_dict:
            return feed_dict
        recorded = []
        if self.mode == "replay":
            runs = self.golden_document.get("runs", [])
            if run["index"] < len(runs):
                recorded = runs[run["index"]]["feeds"]
        used = {}
        for position, (key, value) in enumerate(feed_dict.items()):
            element = graph_element(graph, key)
            name = element.name if element is not None and hasattr(element, "dtype") else repr(key)
            entry = {"name": name, "array": None, "source": "program"}
            if self.mode == "replay":
                substitute = self._recorded_feed(recorded, name, position, len(feed_dict), element)
                if substitute is not None:
                    value = substitute
                    entry["source"] = "recording"
                elif recorded or run["index"] < len(self.golden_document.get("runs", [])):
                    self.note("run %d (%s): feed %s has no match in the recording; the program's own value was used"
                              % (run["index"], run["site"], name))
            used[key] = value
            array = self.np.asarray(value)
            if array.dtype == object:
                entry["why"] = "object array, not stored"
            else:
                entry["array"] = "r%06d_feed%d" % (run["index"], position)
                self.arrays[entry["array"]] = array
                entry["dtype"], entry["shape"] = str(array.dtype), list(array.shape)
            run["feeds"].append(entry)
        return used

    def _recorded_feed(self, recorded, name, position, count, element):
        chosen = None
        for entry in recorded:
            if entry["name"] == name and entry.get("array"):
                chosen = entry
        if chosen is None and len(recorded) == count and recorded[position].get("array"):
            chosen = recorded[position]  # names moved (the fix added or renamed ops): same place in the feed dict
        if chosen is None:
            return None
        value = self.golden_arrays[chosen["array"]]
        shape = getattr(element, "shape", None)
        if shape is not None and hasattr(shape, "is_compatible_with"):
            if not shape.is_compatible_with(value.shape):
                self.note("feed %s: recorded shape %s does not fit %s; the program's own value was used"
                          % (name, list(value.shape), shape))
                return None
        return value

    # --- fetches -------------------------------------------------------------------------------------------

    def _fetches(self, session, graph, fetches, result, elements, feed_used, run):
        facts, taint = self.facts_for(graph)
        leaves = flatten(fetches, result)
        random_tensors = []
        ops = [element if not hasattr(element, "dtype") else element.op for element in elements if element is not None]
        executed, writers = facts.executed(ops)
        for (path, _, value), element in zip(leaves, elements):
            entry = {"path": path or "[]", "name": getattr(element, "name", None), "kind": "numeric"}
            run["fetches"].append(entry)
            if element is None:
                entry["kind"] = "unsupported"
                entry["why"] = "not a tensor or operation of the graph (SparseTensor or a callable fetch)"
                continue
            if not hasattr(element, "dtype"):
                entry["kind"] = "op"
                continue
            if element.op.type in SUMMARY_OP_TYPES:
                entry["kind"] = "summary"
                continue
            array = self.np.asarray(value)
            if array.dtype.kind not in "biufc":
                entry["kind"] = "string" if array.dtype.kind in "SUO" else "other"
                continue
            entry["array"] = "r%06d_fetch%d" % (run["index"], len(run["fetches"]) - 1)
            entry["dtype"], entry["shape"] = str(array.dtype), list(array.shape)
            self.arrays[entry["array"]] = array
            reason = taint.reason(facts, element.op)
            raced = None if reason or element.op.type in self.walk.VARIABLE_OP_TYPES else \
                self.walk.racing_write(facts, element.op, writers)
            if raced:
                reason = "reads %s while the same run writes it, in no fixed order" % raced
            if reason:
                entry["random"] = reason
                if reason == "random op upstream":
                    random_tensors.append((entry, element, array))
        if random_tensors and self.walk.is_repeatable(executed):
            self._probe(session, random_tensors, feed_used)
        taint.after_run(facts, writers)

    def _probe(self, session, random_tensors, feed_used):
        """Run a run without side effects once more: a value the random ops did not change is compared after all."""
        again = self.original_run(session, [element for _, element, _ in random_tensors], feed_used, None, None)
        for (entry, _, first), second in zip(random_tensors, again):
            if self.np.array_equal(self.np.asarray(second), first) or (
                    first.dtype.kind in "fc" and self.np.array_equal(
                        self.np.isnan(first), self.np.isnan(self.np.asarray(second)))
                    and self.np.array_equal(self.np.nan_to_num(first), self.np.nan_to_num(self.np.asarray(second)))):
                entry["random"] = None
                entry["probe"] = "random op upstream, yet the same value on a second run"

    # --- variables -----------------------------------------------------------------------------------------

    def _variables(self, graph) -> list:
        found, seen = [], set()
        for collection in ("variables", "local_variables"):
            for variable in graph.get_collection(collection):
                key = variable_key(variable)
                if key not in seen and hasattr(variable, "initializer"):
                    seen.add(key)
                    found.append(variable)
        return found

    def _settle_state(self, session):
        _, taint = self.facts_for(session.graph)
        taint.clear()
        if self.mode == "record":
            self._capture_state(session)
        else:
            self._inject_state(session)

    def _capture_state(self, session):
        self.snapshots.append(self._read_variables(session, "s%03d" % len(self.snapshots)))

    def _read_variables(self, session, prefix):
        variables = self._variables(session.graph)
        snapshot = {"before_run": len(self.runs), "variables": []}
        try:
            values = self.original_run(session, variables, None, None, None)
        except Exception:  # pylint: disable=broad-except
            values = []
            for variable in variables:  # some may be uninitialised: keep those that can be read
                try:
                    values.append(self.original_run(session, variable, None, None, None))
                except Exception:  # pylint: disable=broad-except
                    values.append(None)
        for position, (variable, value) in enumerate(zip(variables, values)):
            if value is None:
                self.note("variable %s: not initialised when the program first ran; not carried" % variable_key(variable))
                continue
            key = "%s_var%d" % (prefix, position)
            array = self.np.asarray(value)
            self.arrays[key] = array
            snapshot["variables"].append({"name": variable_key(variable), "array": key, "dtype": str(array.dtype),
                                          "shape": list(array.shape)})
        return snapshot

    def _inject_state(self, session):
        recorded = self.golden_document.get("snapshots", [])
        if self.snapshot_cursor >= len(recorded):
            self.note("the program initialised its variables more often than the recording; later states kept")
            return
        snapshot = recorded[self.snapshot_cursor]
        self.snapshot_cursor += 1
        by_name = {}
        for entry in snapshot["variables"]:
            by_name[self.variable_map.get(entry["name"], entry["name"])] = entry
        injected, new_here = [], []
        for variable in self._variables(session.graph):
            entry = by_name.pop(variable_key(variable), None)
            if entry is None:
                new_here.append(variable_key(variable))
                continue
            value = self.golden_arrays[entry["array"]]
            initializer = variable.initializer
            target = initializer.inputs[1] if len(initializer.inputs) > 1 else None
            if target is None or not target.shape.is_compatible_with(value.shape):
                self.note("variable %s: recorded shape %s does not fit %s; not injected"
                          % (variable_key(variable), list(value.shape), variable.shape))
                continue
            self.original_run(session, initializer, {target: value}, None, None)
            injected.append(variable_key(variable))
        self.snapshots.append({"before_run": len(self.runs), "injected": injected, "only_in_program": new_here,
                               "only_in_recording": sorted(by_name)})

    # --- the file ------------------------------------------------------------------------------------------

    def document(self, program, args, ending) -> dict:
        import platform  # pylint: disable=import-outside-toplevel
        return {
            "side": self.mode, "tensorflow": self.tf_version, "python": platform.python_version(),
            "numpy": self.np.__version__, "program": os.path.abspath(program), "args": list(args),
            "limit": self.limit, "ending": ending, "runs": self.runs, "snapshots": self.snapshots,
            "final_state": self.final_state, "variable_map": self.variable_map, "notes": self.notes,
        }


def install(tape, session_classes, saver_class, tf_errors):
    """Patch run() of the session classes (Session, InteractiveSession; MonitoredSession runs a Session)
    and Saver's restore and save."""
    tape.errors = tf_errors
    original_run = session_classes[0].run  # both inherit BaseSession.run
    tape.original_run = original_run

    def run(self, fetches, feed_dict=None, options=None, run_metadata=None):
        if tape.internal:
            return original_run(self, fetches, feed_dict, options, run_metadata)
        tape.internal += 1
        try:
            return tape.on_run(self, fetches, feed_dict, options, run_metadata)
        finally:
            tape.internal -= 1

    for session_class in session_classes:
        session_class.run = run

    original_restore = saver_class.restore
    original_save = saver_class.save

    def restore(self, sess, save_path):
        tape.internal += 1
        try:
            return original_restore(self, sess, save_path)
        finally:
            tape.internal -= 1
            tape.state_pending = True

    def save(self, *args, **kwargs):
        tape.internal += 1
        try:
            return original_save(self, *args, **kwargs)
        finally:
            tape.internal -= 1

    saver_class.restore = restore
    saver_class.save = save
