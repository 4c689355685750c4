#!/usr/bin/env python3
"""Independent disclosure checker (issue 19): an integer programme, not SaferCyber's own interval reasoning.

Reads JSON from stdin: a list of {"name", "threshold", "cells": {id: published text}, "sums": [{"total", "parts"}]}.
Each published text is a number ("1,234"), "<T" (1 to T-1) or "[c]" (withheld: SaferCyber never withholds a 0, so
a reader may assume at least 1) or "?" (a figure that ties tables together but is never printed: 0 or more). For every hidden cell it finds, with scipy's HiGHS MILP solver, the smallest and the
largest whole number the cell can be while every published sum still holds. A hidden cell whose range holds fewer
values than "<T" stands for (T-1) is given away. Prints a JSON list of findings: {"name", "cell", "low", "high"}.
"""
import json
import sys

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp


def check(case):
    threshold = case["threshold"]
    cells = case["cells"]
    sums = [s for s in case["sums"] if all(c in cells for c in [s["total"], *s["parts"]])]
    ids = sorted({c for s in sums for c in [s["total"], *s["parts"]]})
    index = {c: i for i, c in enumerate(ids)}
    lower, upper = [], []
    for c in ids:
        text = cells[c]
        if text == f"<{threshold}":
            lower.append(1)
            upper.append(threshold - 1)
        elif text == "[c]":
            lower.append(1)
            upper.append(np.inf)
        elif text == "?":
            lower.append(0)
            upper.append(np.inf)
        else:
            value = int("".join(ch for ch in text if ch.isdigit()))
            lower.append(value)
            upper.append(value)
    if not ids:
        return []
    rows = []
    for s in sums:
        row = np.zeros(len(ids))
        row[index[s["total"]]] += 1
        for p in s["parts"]:
            row[index[p]] -= 1
        rows.append(row)
    constraints = LinearConstraint(np.array(rows), 0, 0)
    bounds = Bounds(np.array(lower, dtype=float), np.array(upper, dtype=float))
    integrality = np.ones(len(ids))
    findings = []
    for c in ids:
        if lower[index[c]] == upper[index[c]] or cells[c] == "?":
            continue
        objective = np.zeros(len(ids))
        objective[index[c]] = 1
        low = milp(objective, constraints=constraints, bounds=bounds, integrality=integrality)
        high = milp(-objective, constraints=constraints, bounds=bounds, integrality=integrality)
        if low.status != 0:
            findings.append({"name": case["name"], "cell": c, "low": -1, "high": -1, "note": low.message})
            continue
        lo = round(low.fun)
        # The minimum exists, so the problem is feasible: no maximum means the cell is unbounded above.
        hi = float("inf") if high.fun is None else round(-high.fun)
        if hi - lo + 1 < threshold - 1:
            findings.append({"name": case["name"], "cell": c, "low": lo, "high": hi})
    return findings


def main():
    cases = json.load(sys.stdin)
    json.dump([f for case in cases for f in check(case)], sys.stdout)


if __name__ == "__main__":
    main()
