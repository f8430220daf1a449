# SPDX-License-Identifier: GPL-2.0
"""Helpers of scripts/configs: one row of the configuration matrix from a guest
run's JSON report, the pass decision, and the matrix as text and JSON.

  configs.py row NAME STATUS BUILD_S RUN_S NOTE [RUNDIR]
        one JSON row; for STATUS "ran", NOTE is the variant's allowed skip tags
        and RUNDIR/report.json the runner's report
  configs.py passed ROW     exit 0 when the row passed
  configs.py report ROWS SECONDS JSON   the matrix on stdout (JSON to a file
        unless ""); exit 0 when every counted row passed
"""
import collections
import json
import re
import sys


def row(name, status, build_s, run_s, note, rundir=None):
    r = {"variant": name, "status": status, "build_seconds": float(build_s),
         "run_seconds": float(run_s), "note": note if status != "ran" else ""}
    if status != "ran":
        return r
    allowed = set(note.split())
    try:
        with open(rundir + "/report.json", encoding="utf-8") as f:
            doc = json.load(f)
    except (OSError, ValueError) as e:
        r.update(status="did-not-run", note="the guest's report is unreadable: %s" % e)
        return r
    s = doc["summary"]
    r["summary"] = {k: s.get(k, 0) for k in ("pass", "xfail", "fail", "xpass", "error", "skip")}
    r["line"] = s.get("line", "")
    r["kernel"] = doc.get("environment", {}).get("kernel", "")
    r["health_ok"] = bool(doc.get("health", {}).get("ok", False))
    r["health_problems"] = doc.get("health", {}).get("problems", [])
    skips = collections.Counter()
    bad = []
    unexpected_skips = []
    for suite in doc.get("suites", []):
        for t in suite.get("tests", []):
            v = t.get("verdict")
            if v in ("fail", "error", "xpass"):
                bad.append("%s (%s)" % (t["name"], v))
            elif v == "skip":
                m = re.match(r"^\[([a-z0-9-]+)\]", t.get("reason", ""))
                tag = m.group(1) if m else "untagged"
                skips[tag] += 1
                if tag not in allowed:
                    unexpected_skips.append("%s (%s)" % (t["name"], t.get("reason", "")[:80]))
    r["skips_by_need"] = dict(sorted(skips.items()))
    r["allowed_skips"] = sorted(allowed)
    r["not_passed"] = bad
    r["unexpected_skips"] = unexpected_skips
    r["status"] = "passed" if not bad and not unexpected_skips and r["health_ok"] else "failed"
    return r


def passed(r):
    return r["status"] in ("passed", "not-offered")


def render(rows, seconds):
    width = max([len(r["variant"]) for r in rows] + [7])
    lines = ["%-*s  %-17s  %-34s  %s" % (width, "VARIANT", "RESULT", "SUMMARY", "SKIPPED BY NEED / NOTE")]
    for r in rows:
        if "summary" in r:
            summary = r["line"]
            why = ", ".join("%s %d" % kv for kv in r["skips_by_need"].items()) or "nothing skipped"
            if r["not_passed"]:
                why += "; not passed: " + ", ".join(r["not_passed"][:8])
            if r["unexpected_skips"]:
                why += "; skipped for a need the variant keeps: " + ", ".join(r["unexpected_skips"][:4])
            if not r["health_ok"]:
                why += "; kernel log: " + "; ".join(r["health_problems"][:2])
        else:
            summary, why = "-", r["note"]
        lines.append("%-*s  %-17s  %-34s  %s" % (width, r["variant"], r["status"], summary, why))
    counted = [r for r in rows if r["status"] != "not-offered"]
    ok = sum(1 for r in counted if r["status"] == "passed")
    lines.append("")
    lines.append("configuration matrix: %d of %d variants passed%s; %.0fs in all"
                 % (ok, len(counted),
                    "; not offered by this tree: " + ", ".join(r["variant"] for r in rows if r["status"] == "not-offered")
                    if len(counted) < len(rows) else "", seconds))
    return "\n".join(lines) + "\n", ok == len(counted)


def main(argv):
    if len(argv) >= 6 and argv[1] == "row":
        print(json.dumps(row(*argv[2:8])))
        return 0
    if len(argv) == 3 and argv[1] == "passed":
        return 0 if passed(json.loads(argv[2])) else 1
    if len(argv) == 5 and argv[1] == "report":
        with open(argv[2], encoding="utf-8") as f:
            rows = [json.loads(line) for line in f if line.strip()]
        text, ok = render(rows, float(argv[3]))
        sys.stdout.write(text)
        if argv[4]:
            with open(argv[4], "w", encoding="utf-8") as f:
                json.dump({"seconds": float(argv[3]), "passed": ok, "variants": rows}, f, indent=1)
        return 0 if ok else 1
    sys.stderr.write(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
