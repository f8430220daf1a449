#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""scripts/bench's figures, from the console of a guest booted with uffdc.mode=bench.

Usage: bench_figures.py [--claims FILE] [--peer-claims FILE] [--peer-sha256 HEX] CONSOLE [OUTDIR]
       bench_figures.py [--claims FILE] [--peer-claims FILE] --check

Reads the stages the guest's /init marked (UFFDC-BENCH-START / UFFDC-BENCH lines
with exit code and wall time), the runner's JSON report of each suite run and
uffd_rwp_bench's document (gzip + base64 between markers), and the KTAP lines of
uffd-unit-tests. Prints, for the suite and for its peer, wall time, results, RWP
results, claims checked and the rates; min/median/max over several runs; the
ratios ours/peer. Then the RWP cost table. The peer's claims come from
peer_claims.json (its tests -> our claim IDs); --check only validates that
file against harness/claims.json. With OUTDIR, writes figures.json, figures.txt
and the decoded documents there. Exit status: 0, 1 when a stage or a document
is missing, 2 for bad input (a mapping naming an unknown claim, bad flags).
"""

import argparse
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
# A peer result's name: "rwp-sync on anon", "UFFDIO_API (with syscall)", a skip's
# "rwp-gup on hugetlb (feature missing)": the test, its memory, a note.
PEER_NAME = re.compile(r"^(.+?)(?: on (\S+))?(?: \(.*\))?\s*$")
HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_CLAIMS = os.path.join(HERE, "..", "..", "harness", "claims.json")
DEFAULT_PEER_CLAIMS = os.path.join(HERE, "peer_claims.json")


class BadInput(Exception):
    """One line for the user; exit 2."""


def load_mapping(peer_claims, claims):
    """peer_claims.json, checked against the catalogue: every claim ID must exist,
    every test says what it asserts (claims) or why it checks none (reason)."""
    try:
        with open(claims) as f:
            known = {c["id"] for c in json.load(f)["claims"]}
    except (OSError, ValueError, KeyError, TypeError) as e:
        raise BadInput(f"cannot read the claim catalogue {claims}: {e}")
    try:
        with open(peer_claims) as f:
            m = json.load(f)
        tests, backings = m["tests"], m["backing_claims"]
        m["peer"]["source"], m["peer"]["sha256"]
    except (OSError, ValueError, KeyError, TypeError) as e:
        raise BadInput(f"cannot read the peer mapping {peer_claims}: {e}")
    for name, t in tests.items():
        ids = t.get("claims")
        if not isinstance(ids, list):
            raise BadInput(f"{peer_claims}: test {name} has no claims list")
        if not t.get("asserts" if ids else "reason"):
            raise BadInput(f"{peer_claims}: test {name} needs "
                           f"{'an asserts note' if ids else 'a reason for checking no claim'}")
        unknown = [i for i in ids if i not in known]
        if unknown:
            raise BadInput(f"{peer_claims}: test {name} names claims not in "
                           f"{os.path.basename(claims)}: {', '.join(unknown)}")
    for mem, ids in backings.items():
        if mem == "why":
            continue
        unknown = [i for i in ids if i not in known]
        if unknown:
            raise BadInput(f"{peer_claims}: backing {mem} names claims not in "
                           f"{os.path.basename(claims)}: {', '.join(unknown)}")
    return m


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


def peer_counts(lines, mapping):
    """Results of uffd-unit-tests' KTAP: all and those of RWP tests, by verdict;
    the distinct claims (mapping) of the tests that ran, passed or failed; the
    names the mapping does not know (they check nothing)."""
    counts = {"results": 0, "pass": 0, "fail": 0, "skip": 0, "rwp": 0, "rwp_pass": 0}
    ids, unknown = set(), []
    tests, backings = mapping["tests"], mapping["backing_claims"]
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
        name = re.sub(r"\s+#.*$", "", re.sub(r"^#\s*SKIP\b\s*", "", rest, flags=re.I))
        test, mem = PEER_NAME.match(name).groups() if name else (name, None)
        entry = tests.get(test)
        if entry is None or (entry.get("backing") and mem not in backings):
            if name not in unknown:
                unknown.append(name)
            if entry is None:
                continue
        if verdict == "skip":
            continue
        ids.update(entry["claims"])
        if entry.get("backing"):
            ids.update(backings.get(mem, []))
    counts.update(claims=len(ids), claim_ids=sorted(ids), unknown=unknown)
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


def figures(stages, docs, mapping):
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
        ours, theirs = suite_counts(doc), peer_counts(peer["lines"], mapping)
        ours.update(seconds=suite["seconds"], rc=suite["rc"])
        theirs.update(seconds=peer["seconds"], rc=peer["rc"])
        per_run.append({"run": run, "uffd-conformance": ours, "uffd-unit-tests": theirs})
    if not runs:
        problems.append("no suite run in the console")
    cost = docs["BENCH-COST-JSON"][0] if docs["BENCH-COST-JSON"] else None
    if cost is None:
        problems.append("uffd_rwp_bench sent no document")
    return per_run, cost, problems


def ratios(per_run, key):
    """ours/peer of key per second, per run (none where the peer's rate is 0)."""
    out = []
    for r in per_run:
        o, p = r["uffd-conformance"], r["uffd-unit-tests"]
        if o["seconds"] > 0 and p["seconds"] > 0 and p[key] > 0:
            out.append((o[key] / o["seconds"]) / (p[key] / p["seconds"]))
    return out


def render(per_run, cost, stages, mapping, peer_sha256=None):
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
        fmt = lambda v: f"{v:.3g}x"
        rr, rc = ratios(per_run, "results"), ratios(per_run, "claims")
        out.append(f"ours/peer per second: results {spread(rr, fmt)}, claims "
                   f"{spread(rc, fmt) if rc else '- (the peer checked no claim)'}"
                   " (median over runs of each run's ratio)")
        last = per_run[-1]["uffd-unit-tests"]
        src = mapping["peer"]["source"]
        out.append(f"# the peer's claims checked (run {per_run[-1]['run']}): "
                   f"{', '.join(last['claim_ids']) or 'none'} (its tests that ran, by "
                   f"scripts/lib/peer_claims.json, made for {src})")
        unknown = [n for r in per_run for n in r["uffd-unit-tests"]["unknown"]]
        if unknown:
            out.append("# peer tests not in the mapping: " + ", ".join(dict.fromkeys(unknown)) +
                       " (counted as checking no claim)")
        if peer_sha256 and peer_sha256 != mapping["peer"]["sha256"]:
            out.append(f"# the peer's uffd-unit-tests.c differs from the one the mapping was"
                       f" made for ({src}): its claims may be stale")
    if cost is not None:
        out.append("")
        out.append("# RWP's cost (uffd_rwp_bench, once):")
        lines = stages.get(("cost", 1), {}).get("lines", [])
        out.extend(line for line in lines if line and not line.startswith("UFFDC-"))
    return "\n".join(out) + "\n"


class Args(argparse.ArgumentParser):
    def error(self, message):
        raise BadInput(message)


def main(argv):
    ap = Args(prog="bench_figures.py", add_help=False)
    ap.add_argument("--claims", default=DEFAULT_CLAIMS)
    ap.add_argument("--peer-claims", default=DEFAULT_PEER_CLAIMS)
    ap.add_argument("--peer-sha256")
    ap.add_argument("--check", action="store_true")
    ap.add_argument("console", nargs="?")
    ap.add_argument("outdir", nargs="?")
    try:
        a = ap.parse_args(argv[1:])
        if not a.check and not a.console:
            raise BadInput("usage: bench_figures.py [--claims F] [--peer-claims F] "
                           "[--peer-sha256 HEX] CONSOLE [OUTDIR] | --check")
        mapping = load_mapping(a.peer_claims, a.claims)
        if a.check:
            return 0
        with open(a.console, errors="replace") as f:
            stages, docs = parse_console(f)
    except (BadInput, OSError) as e:
        print(f"bench: {e}", file=sys.stderr)
        return 2
    argv = [argv[0], a.console] + ([a.outdir] if a.outdir else [])
    per_run, cost, problems = figures(stages, docs, mapping)
    text = render(per_run, cost, stages, mapping, a.peer_sha256)
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
