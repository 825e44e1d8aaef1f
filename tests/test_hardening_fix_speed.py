"""`--fix` costs about what `check` costs: thousands of fixes in one file, a notebook of a thousand
fixed cells, and very long attribute chains are fixed in time linear in their size.

CPU time in this process (all threads), compared with checking the same input, so that a busy
machine slows both sides alike."""

from __future__ import annotations

import gc
import json
import time
from collections.abc import Callable

from tf1lint.run.apply_fixes import fix_file
from tf1lint.run.config import Settings
from tf1lint.run.pipeline import Document, analyse, read_document
from tf1lint.run.runner import load_index

_, INDEX, _ = load_index(Settings())
# The bound is 3x `check` for whole runs; start-up is shared, so the fix itself gets 3.5x.
BOUND = 3.5


def cpu_seconds(work: Callable[[], object]) -> float:
    # The garbage of earlier tests in this process is collected first and not during the
    # measurement, so both sides are timed alike wherever the test runs in the suite.
    gc.collect()
    gc.disable()
    try:
        start = time.process_time()
        work()
        return time.process_time() - start
    finally:
        gc.enable()


def test_eight_thousand_fixes_in_one_file_cost_about_a_check() -> None:
    raw = ("import tensorflow as tf\n" + "".join(f"y{n} = tf.reduce_sum(x, keep_dims=True)\n"
                                                 for n in range(8000))).encode()
    # `tf1lint check` builds the fixes it marks [*], as the notebook case below does.
    checking = cpu_seconds(lambda: analyse(Document("big.py", raw), INDEX, fixes=True))
    result = None

    def fix() -> None:
        nonlocal result
        result = fix_file("big.py", raw, INDEX)

    fixing = cpu_seconds(fix)
    assert result is not None and result.applied == 8000
    assert fixing < BOUND * checking, (fixing, checking)


def test_a_notebook_of_a_thousand_fixed_cells_costs_about_a_check() -> None:
    cells = [{"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": None,
              "source": ["import tensorflow as tf\n"]}]
    cells += [{"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": None,
               "source": [f"y{n} = tf.reduce_sum(x, keep_dims=True)\n", "print(y)\n"]} for n in range(1000)]
    raw = json.dumps({"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}, indent=1).encode()
    checking = cpu_seconds(lambda: analyse(read_document("big.ipynb", "big.ipynb", raw), INDEX, fixes=True))
    result = None

    def fix() -> None:
        nonlocal result
        result = fix_file("big.ipynb", raw, INDEX)

    fixing = cpu_seconds(fix)
    assert result is not None and result.applied == 1000, result
    assert fixing < BOUND * checking, (fixing, checking)


def test_a_long_attribute_chain_is_checked_and_fixed_in_linear_time() -> None:
    def cost(length: int) -> float:
        raw = ("import tensorflow as tf\nx = tf.contrib" + ".a" * length + "\n").encode()
        return min(cpu_seconds(lambda: fix_file("chain.py", raw, INDEX)) for _ in range(2))

    small, large = cost(50_000), cost(400_000)
    # Eight times the length: linear work is about 8x (the parser adds a little), quadratic 64x.
    assert large < 15 * small + 0.2, (small, large)
