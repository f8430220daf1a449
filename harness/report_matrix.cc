// SPDX-License-Identifier: GPL-2.0
#include "harness/report_matrix.h"

#include <algorithm>
#include <map>
#include <set>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "fixtures/needs.h"
#include "harness/baseline.h"
#include "harness/claims.h"
#include "harness/report_json.h"
#include "harness/report_page.h"
#include "harness/report_text.h"

namespace uffdc {

using nlohmann::json;

bool MatrixRun::broke() const {
  return !run || (vmtest_exit != 0 && vmtest_exit != 1 && vmtest_exit != 4);
}

absl::StatusOr<std::vector<BaselineRun>> BaselineFromJson(const json& doc) {
  std::vector<BaselineRun> out;
  const json& kernels = report::Field(doc, "kernels");
  if (report::Text(doc, "schema") != kMatrixSchema && !kernels.is_array()) {
    absl::StatusOr<RunData> run = RunDataFromJson(doc);
    if (!run.ok()) return run.status();
    out.push_back({"", *std::move(run)});
    return out;
  }
  if (!kernels.is_array()) return absl::InvalidArgumentError("the matrix has no \"kernels\" array");
  for (const json& k : kernels) {
    const json& report = report::Field(k, "report");
    if (!report.is_object()) continue;  // that kernel's run left no report
    absl::StatusOr<RunData> run = RunDataFromJson(report);
    if (!run.ok()) {
      return absl::InvalidArgumentError(
          absl::StrCat("kernel ", report::Text(k, "kernel"), ": ", run.status().message()));
    }
    out.push_back({report::Text(k, "kernel"), *std::move(run)});
  }
  if (out.empty()) return absl::InvalidArgumentError("the matrix holds no kernel's report");
  return out;
}

const BaselineRun* BaselineFor(const std::vector<BaselineRun>& baseline, const std::string& kernel,
                               const RunData& run) {
  if (baseline.size() == 1 && baseline[0].kernel.empty()) return &baseline[0];
  for (const BaselineRun& b : baseline) {
    if (!kernel.empty() && b.kernel == kernel) return &b;
  }
  for (const BaselineRun& b : baseline) {
    if (!run.env.release.empty() && b.run.env.release == run.env.release) return &b;
  }
  return baseline.size() == 1 ? &baseline[0] : nullptr;
}

namespace {

// Whether the kernel offers RWP: the suite's own rule for its "rwp" need.
bool OffersRwp(const RunData& run) {
  static const Needs* const kRwp = new Needs(NeedsOfTag("rwp").value());
  return !UnmetNeed(*kRwp, run.env.system).has_value();
}

// A claim or test with its status or verdict per kernel ("" where it has none).
struct Row {
  std::string name;
  std::string text;  // a claim's wording
  std::vector<std::string> values;
  bool differs = false;
};

struct KernelView {
  const MatrixRun* m;
  bool rwp = false;
  std::optional<Comparison> comparison;  // against the baseline
  std::string against;                   // the baseline run it was compared with
};

// What the three renderings show, worked out once.
struct View {
  std::vector<KernelView> kernels;
  std::vector<Row> claims;  // every claim
  std::vector<Row> tests;   // the tests whose verdict differs between kernels
  int failed = 0, regressions = 0, broke = 0, claims_differing = 0;
};

// Rows in the order names first appear, with their values per kernel; a row
// differs when the kernels that left a report do not all agree.
class RowBuilder {
 public:
  explicit RowBuilder(size_t kernels) : kernels_(kernels) {}
  void Set(size_t kernel, const std::string& name, const std::string& value,
           const std::string& text = "") {
    auto [it, added] = index_.emplace(name, rows_.size());
    if (added) rows_.push_back({name, text, std::vector<std::string>(kernels_), false});
    rows_[it->second].values[kernel] = value;
  }
  std::vector<Row> Finish(const std::vector<bool>& reported, bool only_differing) {
    std::vector<Row> out;
    for (Row& r : rows_) {
      std::set<std::string> seen;
      for (size_t k = 0; k < kernels_; ++k) {
        if (reported[k]) seen.insert(r.values[k]);
      }
      r.differs = seen.size() > 1;
      if (r.differs || !only_differing) out.push_back(std::move(r));
    }
    return out;
  }

 private:
  size_t kernels_;
  std::vector<Row> rows_;
  std::map<std::string, size_t> index_;
};

std::string BaselineLabel(const BaselineRun& b) {
  const std::string& release = b.run.env.release;
  if (b.kernel.empty()) return release.empty() ? "the baseline" : release;
  return release.empty() || release == b.kernel ? b.kernel : b.kernel + " (" + release + ")";
}

View MakeView(const Matrix& m) {
  View v;
  const size_t n = m.runs.size();
  RowBuilder claims(n), tests(n);
  std::vector<bool> reported(n);
  for (size_t k = 0; k < n; ++k) {
    const MatrixRun& mr = m.runs[k];
    KernelView kv{&mr};
    v.broke += mr.broke();
    reported[k] = mr.run.has_value();
    if (mr.run) {
      const RunData& run = *mr.run;
      kv.rwp = OffersRwp(run);
      v.failed += run.counts.failed() > 0 || mr.vmtest_exit == 1;
      const std::vector<RunResult> results = AllResults(run);
      // A claim the runner's findings decide shows what they found ("contradicts").
      std::map<std::string, std::string> found;
      for (const Finding& f : run.findings) {
        found[f.claim] += (found[f.claim].empty() ? "" : ", ") + f.status;
      }
      for (const ClaimStatus& s : JoinClaims(run.claims, results)) {
        const bool finding = s.status == claim_status::kFinding && found.count(s.claim->id);
        claims.Set(k, s.claim->id, finding ? found[s.claim->id] : s.status,
                   s.claim->is_gap() ? s.claim->gap : s.claim->text);
      }
      for (const RunResult& r : results) tests.Set(k, r.test.name, VerdictName(r.test.verdict));
      if (!m.baseline.empty()) {
        if (const BaselineRun* b = BaselineFor(m.baseline, mr.kernel, run)) {
          kv.comparison = CompareRuns(b->run, run);
          kv.against = BaselineLabel(*b);
          v.regressions += static_cast<int>(kv.comparison->regressions.size());
        }
      }
    }
    v.kernels.push_back(std::move(kv));
  }
  v.claims = claims.Finish(reported, /*only_differing=*/false);
  v.tests = tests.Finish(reported, /*only_differing=*/true);
  for (const Row& r : v.claims) v.claims_differing += r.differs;
  return v;
}

std::string VmtestExit(const MatrixRun& mr) {
  std::string out = absl::StrCat("exit ", mr.vmtest_exit);
  if (mr.broke()) absl::StrAppend(&out, " (broke", mr.error.empty() ? "" : ": " + mr.error, ")");
  return out;
}

// "2 kernels: 1 with failures, 0 regressions, 0 broken runs"
std::string Headline(const Matrix& m, const View& v) {
  std::string out = absl::StrCat(
      m.runs.size(), m.runs.size() == 1 ? " kernel: " : " kernels: ", v.failed, " with failures, ");
  if (!m.baseline.empty()) {
    absl::StrAppend(&out, v.regressions, v.regressions == 1 ? " regression, " : " regressions, ");
  }
  return absl::StrCat(out, v.broke, v.broke == 1 ? " broken run" : " broken runs");
}

std::string Padded(const std::string& s, size_t width) {
  return s.size() >= width ? s + " " : s + std::string(width - s.size() + 1, ' ');
}

}  // namespace

int MatrixExitStatus(const Matrix& m) {
  const View v = MakeView(m);
  if (v.broke > 0) return 3;
  return v.failed > 0 || v.regressions > 0 ? 1 : 0;
}

json MatrixJson(const Matrix& m) {
  const View v = MakeView(m);
  json kernels = json::array();
  std::vector<std::string> labels;
  json baseline = {{"source", m.baseline_source}};
  for (const KernelView& kv : v.kernels) {
    const MatrixRun& mr = *kv.m;
    labels.push_back(mr.kernel);
    json k = {{"kernel", mr.kernel},
              {"vmtest_exit", mr.vmtest_exit},
              {"broke", mr.broke()},
              {"error", mr.error}};
    if (mr.run) {
      json report = ToJson(*mr.run);
      k["release"] = mr.run->env.release;
      k["rwp"] = kv.rwp;
      k["config_userfaultfd_rwp"] = mr.run->env.config_rwp;
      k["summary"] = report["summary"];
      k["summary"]["passed"] = mr.run->counts.passed();
      k["summary"]["failed"] = mr.run->counts.failed();
      if (kv.comparison) {
        k["baseline"] = {{"against", kv.against},
                         {"regressions", kv.comparison->regressions.size()}};
        AppendComparisonJson(ComparisonJson(*kv.comparison, mr.kernel), &baseline);
      }
      k["report"] = std::move(report);
    } else {
      k["report"] = nullptr;
    }
    kernels.push_back(std::move(k));
  }
  auto by_kernel = [&](const Row& r) {
    json out = json::object();
    for (size_t i = 0; i < labels.size(); ++i) {
      if (v.kernels[i].m->run) out[labels[i]] = r.values[i];
    }
    return out;
  };
  json claims = json::array(), tests = json::array();
  for (const Row& r : v.claims) {
    claims.push_back({{"id", r.name}, {"statuses", by_kernel(r)}, {"differs", r.differs}});
  }
  for (const Row& r : v.tests) tests.push_back({{"test", r.name}, {"verdicts", by_kernel(r)}});
  json doc = {{"schema", kMatrixSchema},
              {"summary",
               {{"kernels", m.runs.size()},
                {"failed", v.failed},
                {"broke", v.broke},
                {"claims_differing", v.claims_differing},
                {"tests_differing", v.tests.size()},
                {"line", Headline(m, v)}}},
              {"kernels", kernels},
              {"claims", claims},
              {"tests_differing", tests}};
  if (!m.baseline.empty()) {
    AppendComparisonJson(json::object(), &baseline);  // every list, even when empty
    doc["summary"]["regressions"] = v.regressions;
    doc["baseline"] = std::move(baseline);
  }
  return doc;
}

std::string MatrixText(const Matrix& m) {
  const View v = MakeView(m);
  std::string out = absl::StrCat("uffd-conformance kernel matrix: ", Headline(m, v), "\n");
  // The kernels, one line each.
  size_t kw = 6, rw = 7;
  for (const MatrixRun& mr : m.runs) {
    kw = std::max(kw, mr.kernel.size());
    if (mr.run) rw = std::max(rw, mr.run->env.release.size());
  }
  absl::StrAppend(&out, "\n", Padded("kernel", kw), Padded("release", rw),
                  "RWP  passed failed skipped xfail errors  vmtest\n");
  for (const KernelView& kv : v.kernels) {
    const MatrixRun& mr = *kv.m;
    absl::StrAppend(&out, Padded(mr.kernel, kw));
    if (mr.run) {
      const Counts& c = mr.run->counts;
      absl::StrAppend(&out, Padded(mr.run->env.release, rw), kv.rwp ? "yes " : "no  ",
                      absl::StrFormat("%7d %6d %7d %5d %6d  ", c.passed(), c.failed(), c.skip,
                                      c.xfail, c.error));
    } else {
      absl::StrAppend(&out, Padded("-", rw + 41));
    }
    absl::StrAppend(&out, VmtestExit(mr), "\n");
  }
  // The claims x kernel table.
  absl::StrAppend(&out, "\nclaims x kernel: ", v.claims.size(), " claims, ", v.claims_differing,
                  " with a status that differs between kernels (marked *)\n");
  size_t iw = 5;
  std::vector<size_t> cw(m.runs.size());
  for (size_t k = 0; k < m.runs.size(); ++k) cw[k] = m.runs[k].kernel.size();
  for (const Row& r : v.claims) {
    iw = std::max(iw, r.name.size());
    for (size_t k = 0; k < r.values.size(); ++k) cw[k] = std::max(cw[k], r.values[k].size());
  }
  std::vector<std::vector<std::string>> lines = {{"claim"}};
  for (const MatrixRun& mr : m.runs) lines[0].push_back(mr.kernel);
  for (const Row& r : v.claims) {
    lines.push_back({r.differs ? "* " + r.name : r.name});
    for (size_t k = 0; k < r.values.size(); ++k) {
      lines.back().push_back(!m.runs[k].run ? "-" : r.values[k].empty() ? "(absent)" : r.values[k]);
    }
  }
  for (const std::vector<std::string>& cells : lines) {
    // The mark stands left of the IDs, which stay aligned.
    std::string line = cells[0].rfind("* ", 0) == 0 ? "" : "  ";
    for (size_t k = 0; k < cells.size(); ++k) {
      line += Padded(cells[k], k == 0 ? iw + (line.empty() ? 2 : 0) : cw[k - 1]);
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    absl::StrAppend(&out, line, "\n");
  }
  absl::StrAppend(&out, "\ntests whose verdict differs between kernels: ", v.tests.size(),
                  v.tests.empty() ? "" : " (listed in the JSON and HTML reports)", "\n");
  // Against the baseline: every change, per kernel.
  if (!m.baseline.empty()) {
    absl::StrAppend(&out, "\nbaseline ", m.baseline_source, ":\n");
    for (const KernelView& kv : v.kernels) {
      if (!kv.comparison) {
        absl::StrAppend(&out, kv.m->kernel, ": not compared (",
                        kv.m->run ? "no run of this kernel in the baseline" : "no report", ")\n");
        continue;
      }
      absl::StrAppend(&out, kv.m->kernel, " against ", kv.against, ": ",
                      ComparisonText(*kv.comparison));
    }
  }
  return out;
}

namespace {

using html::Badge;
using report::Escape;

constexpr char kMatrixStyle[] = R"css(
tr.differs td{background:#fff8c5}
td.mark{color:var(--fail);font-weight:700;text-align:center;width:24px}
table.kernels td{vertical-align:middle}
table.changes{table-layout:fixed}
table.changes td:nth-child(1){width:110px}table.changes td:nth-child(2){width:60px}
table.changes td:nth-child(4),table.changes td:nth-child(6){width:250px}
table.changes td:nth-child(5){width:30px}
)css";

class MatrixPage {
 public:
  explicit MatrixPage(const Matrix& m) : m_(m), v_(MakeView(m)) {}

  std::string Render() const {
    std::string body = Banner() + Kernels();
    if (!m_.baseline.empty()) body += Baseline();
    body += Claims() + Tests();
    return html::Document("uffd-conformance kernel matrix: " + Headline(m_, v_), "report_matrix",
                          body, kMatrixStyle);
  }

 private:
  std::string Banner() const {
    const bool bad = MatrixExitStatus(m_) != 0;
    std::string out = std::string("<header class=\"banner") + (bad ? " bad" : "") + "\">\n";
    out += "<div class=\"top\"><h1>uffd-conformance kernel matrix</h1></div>\n";
    out += "<p id=\"summary\">" + Escape(Headline(m_, v_)) + "</p>\n";
    out += "<p class=\"meta\">" + std::to_string(v_.claims_differing) + " claims and " +
           std::to_string(v_.tests.size()) + " tests differ between kernels &middot; report " +
           Escape(kMatrixSchema) + "</p>\n";
    out += "</header>\n<nav><a href=\"#kernels\">Kernels</a>";
    if (!m_.baseline.empty()) out += "<a href=\"#baseline\">Baseline</a>";
    return out +
           "<a href=\"#claims\">Claims x kernel</a><a href=\"#tests\">Tests that "
           "differ</a></nav>\n";
  }

  std::string Kernels() const {
    std::string out =
        "<h2 id=\"kernels\">Kernels</h2>\n<table class=\"kernels\">\n<tr><th>Kernel</th>"
        "<th>Release</th><th>RWP</th><th>Results</th><th>Summary</th><th>vmtest</th></tr>\n";
    for (const KernelView& kv : v_.kernels) {
      const MatrixRun& mr = *kv.m;
      out += std::string("<tr") + (mr.broke() ? " class=\"r-error\"" : "") +
             "><td class=\"mono\">" + Escape(mr.kernel) + "</td>";
      if (mr.run) {
        const RunData& run = *mr.run;
        out += "<td class=\"mono\">" + Escape(run.env.release) + "</td><td>" +
               Badge(kv.rwp ? "pass" : "skip", kv.rwp ? "yes" : "no") +
               " <span class=\"muted\">CONFIG_USERFAULTFD_RWP " + Escape(run.env.config_rwp) +
               "</span></td><td>" + html::CountChips(run.counts) + "</td><td>" +
               Escape(SummaryLine(run.counts)) + "</td>";
      } else {
        out += "<td colspan=\"4\" class=\"muted\">no report</td>";
      }
      out += std::string("<td") + (mr.broke() ? " class=\"bad-text\"" : "") + ">" +
             Escape(VmtestExit(mr)) + "</td></tr>\n";
    }
    return out + "</table>\n";
  }

  std::string Baseline() const {
    std::string out = "<h2 id=\"baseline\">Against the baseline<span class=\"sub mono\">" +
                      Escape(m_.baseline_source) + "</span></h2>\n";
    for (const KernelView& kv : v_.kernels) {
      if (!kv.comparison) {
        out += "<p><b class=\"mono\">" + Escape(kv.m->kernel) +
               "</b>: <span class=\"muted\">not compared (" +
               (kv.m->run ? "no run of this kernel in the baseline" : "no report") +
               ")</span></p>\n";
        continue;
      }
      const Comparison& c = *kv.comparison;
      out += "<h3><span class=\"mono\">" + Escape(kv.m->kernel) + "</span> against " +
             Escape(kv.against) + ": " + Escape(ComparisonCounts(c)) + "</h3>\n";
      // Regressions and fixes stay open; the rest (many when RWP came or went) is folded.
      out += Changes("regression", "fail", c.regressions, true);
      out += Changes("fixed", "pass", c.fixed, true);
      out += Changes("new", "finding", c.added, c.added.size() <= 20);
      out += Changes("removed", "skip", c.removed, c.removed.size() <= 20);
      out += Changes("changed", "unknown", c.changed, c.changed.size() <= 20);
    }
    return out;
  }

  std::string Changes(const std::string& what, const std::string& colour,
                      const std::vector<VerdictChange>& list, bool open) const {
    if (list.empty()) return "";
    std::string rows;
    for (const VerdictChange& c : list) {
      rows += std::string("<tr") + (what == "regression" ? " class=\"r-fail\"" : "") +
              "><td class=\"what\">" + Badge(colour, what) + "</td><td>" +
              (c.claim ? "claim" : "test") + "</td><td class=\"name mono\">" + Escape(c.name) +
              "</td><td>" + (c.before.empty() ? "" : Badge(c.before)) + "</td><td>&rarr;</td><td>" +
              (c.after.empty() ? "" : Badge(c.after)) + "</td></tr>\n";
    }
    return std::string("<details") + (open ? " open" : "") + "><summary>" +
           std::to_string(list.size()) + " " + Escape(what) +
           (what == "regression" && list.size() != 1 ? "s" : "") +
           "</summary><table class=\"changes\">\n" + rows + "</table></details>\n";
  }

  std::string Header(const std::string& first) const {
    std::string out = "<tr><th></th><th>" + first + "</th>";
    for (const MatrixRun& mr : m_.runs) out += "<th class=\"mono\">" + Escape(mr.kernel) + "</th>";
    return out;
  }

  std::string Cells(const Row& r) const {
    std::string out;
    for (size_t k = 0; k < r.values.size(); ++k) {
      if (!m_.runs[k].run) {
        out += "<td class=\"muted\">no report</td>";
      } else {
        out += "<td>" +
               (r.values[k].empty() ? "<span class=\"na\">absent</span>" : Badge(r.values[k])) +
               "</td>";
      }
    }
    return out;
  }

  std::string Claims() const {
    std::string out = "<h2 id=\"claims\">Claims x kernel<span class=\"sub\">" +
                      std::to_string(v_.claims.size()) + " claims, " +
                      std::to_string(v_.claims_differing) +
                      " with a status that differs between kernels (marked &ne;)</span></h2>\n";
    out += "<table class=\"matrix\">\n" + Header("Claim") + "<th>What it says</th></tr>\n";
    html::Ids ids;
    for (const Row& r : v_.claims) {
      out += "<tr id=\"" + ids.Make("claim-" + html::Slug(r.name)) + "\"" +
             (r.differs ? " class=\"differs\"" : "") + "><td class=\"mark\">" +
             (r.differs ? "&ne;" : "") + "</td><td class=\"id\">" + Escape(r.name) + "</td>" +
             Cells(r) + "<td class=\"text\">" + Escape(r.text) + "</td></tr>\n";
    }
    return out + "</table>\n";
  }

  std::string Tests() const {
    std::string out =
        "<h2 id=\"tests\">Tests whose verdict differs between kernels<span class=\"sub\">" +
        std::to_string(v_.tests.size()) + "</span></h2>\n";
    if (v_.tests.empty())
      return out + "<p class=\"muted\">every test has the same verdict on every kernel</p>\n";
    std::string rows;
    for (const Row& r : v_.tests) {
      rows += "<tr class=\"differs\"><td class=\"mark\">&ne;</td><td class=\"name mono\">" +
              Escape(r.name) + "</td>" + Cells(r) + "</tr>\n";
    }
    return out + "<details" + (v_.tests.size() <= 40 ? " open" : "") + "><summary>" +
           std::to_string(v_.tests.size()) + " tests</summary><table class=\"matrix\">\n" +
           Header("Test") + "</tr>\n" + rows + "</table></details>\n";
  }

  const Matrix& m_;
  const View v_;
};

}  // namespace

std::string MatrixHtml(const Matrix& m) { return MatrixPage(m).Render(); }

}  // namespace uffdc
