#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""scripts/bench's figures, from the console of a guest booted with uffdc.mode=bench.

Usage: bench_figures.py CONSOLE [OUTDIR]

Reads the stages the guest's /init marked (UFFDC-BENCH-START / UFFDC-BENCH lines
with exit code and wall time), the runner's JSON report of each suite run and
uffd_rwp_bench's document (gzip + base64 between markers), and the KTAP lines of
uffd-unit-tests. Prints, for the suite and for its peer, wall time, results, RWP
results, claims checked and the rates; min/median/max over several runs. Then
the RWP cost table. With OUTDIR, writes figures.json, figures.txt and the decoded
documents there. Exit status: 0, or 1 when a stage or a document is missing.
"""

import base64
import gzip
import json
import os
import re
import statistics
import sys

CHECKED = ("held", "deviated", "partly checked", "failed")
BLOCK_BEGIN = re.compile(r"UFFDC-(BENCH-SUITE-JSON|BENCH-COST-JSON)-BEGIN$")
START = re.compile(r"UFFDC-BENCH-START stage=(\w+) run=(\d+)$")
END = re.compile(r"UFFDC-BENCH stage=(\w+) run=(\d+) rc=(\d+) cs=(\d+)$")
KTAP = re.compile(r"^(not )?ok \d+\b\s*(.*)$")


def parse_console(lines):
    """The stages (stage, run) -> {rc, seconds, lines} and the decoded documents."""
    stages, docs = {}, {"BENCH-SUITE-JSON": [], "BENCH-COST-JSON": []}
    current, block, buf = None, None, []
    for raw in lines:
        line = raw.rstrip("\r\n")
        if block:
            if line.endswith(f"UFFDC-{block}-END"):
                try:
                    text = gzip.decompress(base64.b64decode("".join(buf)))
                    docs[block].append(json.loads(text))
                except (ValueError, OSError, EOFError):
                    docs[block].append(None)  # damaged on the way: counted as missing
                block, buf = None, []
            else:
                buf.append(line.strip())
            continue
        m = BLOCK_BEGIN.search(line)
        if m:
            block, buf = m.group(1), []
            continue
        m = START.search(line)
        if m:
            current = (m.group(1), int(m.group(2)))
            stages[current] = {"lines": []}
            continue
        m = END.search(line)
        if m:
            key = (m.group(1), int(m.group(2)))
            stages.setdefault(key, {"lines": []}).update(
                rc=int(m.group(3)), seconds=int(m.group(4)) / 100)
            current = None
            continue
        if current:
            stages[current]["lines"].append(line)
    return stages, docs


def peer_counts(lines):
    """Results of uffd-unit-tests' KTAP: all and those of RWP tests, by verdict."""
    counts = {"results": 0, "pass": 0, "fail": 0, "skip": 0, "rwp": 0, "rwp_pass": 0}
    for line in lines:
        m = KTAP.match(line)
        if not m:
            continue
        rest = m.group(2)
        skip = re.search(r"#\s*SKIP\b", rest, re.I) is not None
        verdict = "fail" if m.group(1) else "skip" if skip else "pass"
        counts["results"] += 1
        counts[verdict] += 1
        # kselftest puts a skipped test's name after "# SKIP": search the whole line.
        if re.search(r"rwp", rest, re.I):
            counts["rwp"] += 1
            counts["rwp_pass"] += verdict == "pass"
    return counts


def suite_counts(doc):
    """Results of the runner's JSON report: every result line, the suites' tests
    (each is a test of an RWP claim) and the claims a test checked."""
    s = doc.get("summary", {})
    tests = [t for suite in doc.get("suites", []) for t in suite.get("tests", [])]
    claims = doc.get("claims", [])
    checked = [c for c in claims if c.get("status") in CHECKED]
    return {
        "results": sum(s.get(k, 0) for k in ("pass", "fail", "error", "skip", "xfail", "xpass")),
        "pass": s.get("pass", 0) + s.get("xfail", 0),
        "fail": s.get("fail", 0) + s.get("error", 0) + s.get("xpass", 0),
        "skip": s.get("skip", 0),
        "rwp": len(tests),
        "rwp_pass": sum(t.get("verdict") in ("pass", "xfail") for t in tests),
        "claims": len(checked),
        "claims_by_status": {st: sum(c.get("status") == st for c in claims) for st in CHECKED},
    }


def spread(values, fmt):
    """One value, or "median (min-max)" when several runs differ."""
    if not values:
        return "-"
    med = statistics.median(values)
    if min(values) == max(values):
        return fmt(med)
    return f"{fmt(med)} ({fmt(min(values))}-{fmt(max(values))})"


def figures(stages, docs):
    runs = sorted(r for (st, r) in stages if st == "suite")
    problems, per_run = [], []
    for i, run in enumerate(runs):
        suite, peer = stages.get(("suite", run), {}), stages.get(("peer", run), {})
        doc = docs["BENCH-SUITE-JSON"][i] if i < len(docs["BENCH-SUITE-JSON"]) else None
        if "seconds" not in suite or doc is None:
            problems.append(f"run {run}: the suite did not finish or sent no report")
            continue
        if "seconds" not in peer:
            problems.append(f"run {run}: uffd-unit-tests did not run or did not finish")
            continue
        ours, theirs = suite_counts(doc), peer_counts(peer["lines"])
        ours.update(seconds=suite["seconds"], rc=suite["rc"])
        theirs.update(seconds=peer["seconds"], rc=peer["rc"], claims=None)
        per_run.append({"run": run, "uffd-conformance": ours, "uffd-unit-tests": theirs})
    if not runs:
        problems.append("no suite run in the console")
    cost = docs["BENCH-COST-JSON"][0] if docs["BENCH-COST-JSON"] else None
    if cost is None:
        problems.append("uffd_rwp_bench sent no document")
    return per_run, cost, problems


def render(per_run, cost, stages):
    out = []
    names = ("uffd-conformance", "uffd-unit-tests")
    out.append(f"# {len(per_run)} run(s) in one guest; a cell with several runs is median (min-max)")
    rows = [
        ("wall time (s)", lambda c: c["seconds"], lambda v: f"{v:.1f}"),
        ("results", lambda c: c["results"], lambda v: f"{v:g}"),
        ("  passed / failed / skipped", None, None),
        ("RWP results", lambda c: c["rwp"], lambda v: f"{v:g}"),
        ("  RWP passed", lambda c: c["rwp_pass"], lambda v: f"{v:g}"),
        ("claims checked", lambda c: c["claims"], lambda v: f"{v:g}"),
        ("results per second", lambda c: c["results"] / c["seconds"], lambda v: f"{v:.2f}"),
        ("RWP results per second", lambda c: c["rwp"] / c["seconds"], lambda v: f"{v:.2f}"),
        ("claims per second", lambda c: c["claims"] / c["seconds"], lambda v: f"{v:.2f}"),
    ]
    out.append(f"{'':28} {names[0]:>28} {names[1]:>28}")
    for label, get, fmt in rows:
        cells = []
        for n in names:
            runs = [r[n] for r in per_run]
            if get is None:
                cell = " / ".join(spread([c[k] for c in runs], lambda v: f"{v:g}")
                                  for k in ("pass", "fail", "skip"))
            elif any(c.get("claims") is None for c in runs) and "claims" in label:
                cell = "- (no claim catalogue)"
            else:
                cell = spread([get(c) for c in runs if c["seconds"] > 0], fmt)
            cells.append(cell)
        out.append(f"{label:28} {cells[0]:>28} {cells[1]:>28}")
    if per_run:
        by = per_run[-1]["uffd-conformance"]["claims_by_status"]
        out.append("# claims checked: " + ", ".join(f"{v} {k}" for k, v in by.items()) +
                   " (a test of the claim ran)")
        out.append("# RWP results: ours, every test (each checks an RWP claim); the peer's,"
                   " the tests whose name has 'rwp'")
    if cost is not None:
        out.append("")
        out.append("# RWP's cost (uffd_rwp_bench, once):")
        lines = stages.get(("cost", 1), {}).get("lines", [])
        out.extend(line for line in lines if line and not line.startswith("UFFDC-"))
    return "\n".join(out) + "\n"


def main(argv):
    if len(argv) not in (2, 3):
        print("usage: bench_figures.py CONSOLE [OUTDIR]", file=sys.stderr)
        return 2
    with open(argv[1], errors="replace") as f:
        stages, docs = parse_console(f)
    per_run, cost, problems = figures(stages, docs)
    text = render(per_run, cost, stages)
    sys.stdout.write(text)
    for p in problems:
        print(f"bench: {p}", file=sys.stderr)
    if len(argv) == 3:
        os.makedirs(argv[2], exist_ok=True)
        with open(os.path.join(argv[2], "figures.txt"), "w") as f:
            f.write(text)
        with open(os.path.join(argv[2], "figures.json"), "w") as f:
            json.dump({"runs": per_run, "cost": cost, "problems": problems}, f, indent=1)
        for i, doc in enumerate(docs["BENCH-SUITE-JSON"]):
            if doc is not None:
                with open(os.path.join(argv[2], f"report-run{i + 1}.json"), "w") as f:
                    json.dump(doc, f, indent=1)
        if cost is not None:
            with open(os.path.join(argv[2], "cost.json"), "w") as f:
                json.dump(cost, f, indent=1)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
