# SPDX-License-Identifier: GPL-2.0
"""Helpers of scripts/mutate: per-test verdicts of one guest run, kill decisions,
and the kill matrix as text, JSON and HTML.

  mutate.py header PATCH             the header fields, one "Key<TAB>value" a line
  mutate.py verdicts RUNDIR          "name<TAB>verdict" a line, from RUNDIR/report.json
                                     or, when the guest died, from RUNDIR/stdout
  mutate.py judge PRISTINE RUNDIR    the kills: "name<TAB>verdict" for each test that
                                     passed on the pristine kernel and did not here
  mutate.py report RESULTS TEXT JSON HTML   renders the matrix (JSON/HTML may be "")
"""
import html
import json
import os
import re
import sys

HEADER_KEYS = ("Mutant", "Breaks", "Mistake", "Claims", "Tests", "Unobservable")
# Verdicts that count as a catch when the test passed on the pristine kernel.
CATCHES = {"fail", "error", "timeout", "crash"}


def header(path):
    fields = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.startswith(("--- ", "diff ", "Index: ")):
                break
            m = re.match(r"^([A-Z][a-z]+):\s*(.*)$", line)
            if m and m.group(1) in HEADER_KEYS:
                fields[m.group(1)] = m.group(2).strip()
    return fields


def verdicts(rundir):
    """name -> verdict. The runner's JSON when there is one; else the streamed TAP,
    where a test that started and never ended is the one the guest died in."""
    out = {}
    report = os.path.join(rundir, "report.json")
    if os.path.isfile(report) and os.path.getsize(report) > 0:
        try:
            with open(report, encoding="utf-8") as f:
                doc = json.load(f)
            for suite in doc.get("suites", []):
                for t in suite.get("tests", []):
                    v = t.get("verdict", "error")
                    reason = t.get("reason", "")
                    if v == "error" and reason.startswith("not run:"):
                        continue  # never ran (the guest died earlier): no evidence either way
                    if v == "fail" and reason.startswith("crash site:"):
                        v = "crash"
                    elif v == "fail" and "timeout" in reason.lower():
                        v = "timeout"
                    out[t["name"]] = v
            return out
        except (ValueError, KeyError):
            out = {}
    running = None
    path = os.path.join(rundir, "stdout")
    if not os.path.isfile(path):
        return out
    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f:
            line = line.rstrip("\n")
            m = re.match(r"^#\s+RUN\s+(\S+) \.\.\.", line)
            if m:
                running = m.group(1)
                continue
            m = re.match(r"^(not ok|ok) \d+ (\S+)(.*)$", line)
            if m:
                name, rest = m.group(2), m.group(3)
                if re.search(r"# error not run:", rest):
                    continue
                if m.group(1) == "not ok":
                    v = "fail"
                elif re.search(r"#\s*SKIP", rest, re.I):
                    v = "skip"
                elif re.search(r"#\s*XFAIL", rest, re.I):
                    v = "xfail"
                else:
                    v = "pass"
                out[name] = v
                if name == running:
                    running = None
    if running and running not in out:
        out[running] = "crash"
    return out


def judge(pristine_dir, rundir):
    before = verdicts(pristine_dir)
    after = verdicts(rundir)
    kills = []
    for name, v in sorted(after.items()):
        if before.get(name) == "pass" and v in CATCHES:
            kills.append((name, v))
    return kills


def load_results(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def summary(results):
    counted = [r for r in results if r["status"] in ("killed", "survived")]
    killed = sum(1 for r in counted if r["status"] == "killed")
    return {
        "mutants": len(results),
        "counted": len(counted),
        "killed": killed,
        "survived": len(counted) - killed,
        "did_not_boot": sum(1 for r in results if r["status"] == "did-not-boot"),
        "did_not_build": sum(1 for r in results if r["status"] == "did-not-build"),
        "unobservable": sum(1 for r in results if r["status"] == "unobservable"),
        "score": round(100.0 * killed / len(counted), 1) if counted else None,
    }


def render_text(meta, results):
    s = summary(results)
    lines = []
    width = max([len(r["name"]) for r in results] + [6])
    lines.append("%-*s  %-13s %7s  %s" % (width, "MUTANT", "RESULT", "TIME", "CAUGHT BY"))
    for r in results:
        killers = ", ".join("%s (%s)" % (k["test"], k["verdict"]) for k in r.get("killers", []))
        if not killers:
            killers = r.get("note", "")
        lines.append("%-*s  %-13s %6.0fs  %s" % (width, r["name"], r["status"], r.get("seconds", 0), killers))
    score = "n/a" if s["score"] is None else "%s%%" % s["score"]
    lines.append("")
    lines.append("pristine kernel: %s" % meta.get("pristine", "?"))
    for t in meta.get("pristine_not_passed", []):
        lines.append("  not passed on the pristine kernel: %s" % t)
    lines.append("mutation score: %d of %d killed (%s); %d survived, %d did not boot, %d did not build, %d unobservable; %.0fs in all"
                 % (s["killed"], s["counted"], score, s["survived"], s["did_not_boot"], s["did_not_build"],
                    s["unobservable"], meta.get("seconds", 0)))
    return "\n".join(lines) + "\n"


STYLE = """
:root{--pass:#1a7f37;--fail:#cf222e;--skip:#6e7781;--xfail:#b07800;--ink:#1f2328;--muted:#59636e;--line:#d1d9e0;--head:#f6f8fa}
body{margin:0;color:var(--ink);font:13px/1.4 system-ui,"DejaVu Sans",sans-serif}
main{max-width:1260px;margin:0 auto;padding:14px 18px 40px}
code{font-family:ui-monospace,"DejaVu Sans Mono",monospace;font-size:12px}
h1{font-size:18px;margin:0}
h2{font-size:15px;margin:22px 0 6px;padding-bottom:3px;border-bottom:2px solid var(--line)}
.banner{border-radius:8px;padding:12px 16px;border:1px solid var(--line);border-left:8px solid var(--pass);background:#f0fbf3}
.banner.bad{border-left-color:var(--fail);background:#fff5f5}
#mutation-summary{font-size:22px;font-weight:700;margin:6px 0 8px}
.meta{color:var(--muted);font-size:12px}
table{border-collapse:collapse;width:100%}
th,td{border:1px solid var(--line);padding:3px 6px;text-align:left;vertical-align:top}
th{background:var(--head);font-size:12px;color:var(--muted)}
td.num{text-align:right;color:var(--muted)}
.badge{display:inline-block;min-width:60px;text-align:center;border-radius:10px;padding:0 7px;color:#fff;font-weight:600;font-size:11.5px}
.s-killed{background:var(--pass)}.s-survived{background:var(--fail)}
.s-did-not-boot,.s-did-not-build{background:var(--xfail)}.s-unobservable{background:var(--skip)}
"""


def render_html(meta, results):
    s = summary(results)
    ok = meta.get("exit", 1) == 0
    e = html.escape
    rows = []
    for r in results:
        killers = "<br>".join("<code>%s</code> (%s)" % (e(k["test"]), e(k["verdict"])) for k in r.get("killers", []))
        rows.append("<tr><td><code>%s</code><div class=meta>%s</div></td><td><span class='badge s-%s'>%s</span></td>"
                    "<td>%s</td><td>%s</td><td class=num>%.0f s</td><td>%s%s</td></tr>"
                    % (e(r["name"]), e(r.get("breaks", "")), e(r["status"]), e(r["status"]), e(r.get("file", "")),
                       e(r.get("claims", "")), r.get("seconds", 0), killers,
                       ("<div class=meta>%s</div>" % e(r["note"])) if r.get("note") else ""))
    score = "n/a" if s["score"] is None else "%s%%" % s["score"]
    return """<!DOCTYPE html>
<html lang=en><head><meta charset=utf-8><title>uffd-conformance mutation score</title><style>%s</style></head>
<body><main>
<section id=mutation class="banner%s">
<h1>uffd-conformance: kernel mutants</h1>
<div id=mutation-summary>%d of %d mutants killed (%s)</div>
<div class=meta>pristine kernel: %s &middot; %d survived &middot; %d did not boot &middot; %d did not build &middot; %d unobservable &middot; %.0f s in all &middot; mode: %s</div>
</section>
<h2>Kill matrix</h2>
<table><tr><th>Mutant</th><th>Result</th><th>File</th><th>Claims</th><th>Time</th><th>Caught by (passed on the pristine kernel, not here)</th></tr>
%s
</table>
</main></body></html>
""" % (STYLE, "" if ok else " bad", s["killed"], s["counted"], score, e(meta.get("pristine", "?")),
       s["survived"], s["did_not_boot"], s["did_not_build"], s["unobservable"], meta.get("seconds", 0),
       e(meta.get("mode", "")), "\n".join(rows))


def main(argv):
    if len(argv) >= 2 and argv[1] == "header":
        for k, v in header(argv[2]).items():
            print("%s\t%s" % (k, v))
    elif len(argv) >= 2 and argv[1] == "verdicts":
        for k, v in sorted(verdicts(argv[2]).items()):
            print("%s\t%s" % (k, v))
    elif len(argv) >= 2 and argv[1] == "judge":
        for k, v in judge(argv[2], argv[3]):
            print("%s\t%s" % (k, v))
    elif len(argv) == 6 and argv[1] == "report":
        with open(argv[2], encoding="utf-8") as f:
            doc = json.load(f)
        meta, results = doc["meta"], doc["results"]
        doc["summary"] = summary(results)
        with open(argv[3], "w", encoding="utf-8") as f:
            f.write(render_text(meta, results))
        if argv[4]:
            with open(argv[4], "w", encoding="utf-8") as f:
                json.dump(doc, f, indent=2)
                f.write("\n")
        if argv[5]:
            with open(argv[5], "w", encoding="utf-8") as f:
                f.write(render_html(meta, results))
    else:
        sys.stderr.write(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
