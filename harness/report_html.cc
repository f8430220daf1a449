// SPDX-License-Identifier: GPL-2.0
#include "harness/report_html.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <iterator>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "fixtures/protocol.h"
#include "harness/claims.h"
#include "harness/report_page.h"
#include "harness/report_text.h"

namespace uffdc {
namespace {

using html::Badge;
using html::Duration;
using html::Fixed;
using html::Join;
using html::Kind;
using html::Slug;
using report::Escape;
using report::Text;

class Page {
 public:
  explicit Page(const RunData& run) : run_(run), results_(AllResults(run)) {}

  std::string Render() {
    IndexTests();
    IndexClaims();
    std::string body;
    body += Banner();
    body += Nav();
    body += Environment();
    for (size_t i = 0; i < suites_.size(); ++i) body += Suite(i);
    body += Matrix();

    std::string title = "uffd-conformance";
    if (!run_.env.release.empty()) title += " on " + run_.env.release;
    title += ": " + SummaryLine(run_.counts);

    return html::Document(title, "report_html", body);
  }

 private:
  struct SuiteInfo {
    const SuiteRun* suite;
    std::string name;  // its binary, or "suite N"
    std::string anchor;
  };

  void IndexTests() {
    int n = 0;
    for (const SuiteRun& suite : run_.suites) {
      SuiteInfo info{&suite, suite.binary, ""};
      ++n;
      if (info.name.empty()) info.name = "suite " + std::to_string(n);
      info.anchor = ids_.Make("suite-" + Slug(info.name));
      // Anchors in the order of results_ (AllResults), which JoinClaims points into.
      for (const TestResult& test : suite.tests) {
        test_anchors_.push_back(ids_.Make("t-" + Slug(info.name) + "-" + Slug(test.name)));
      }
      suites_.push_back(std::move(info));
    }
    // Columns of the matrix: the build's backings, then any other the run names.
    backings_.assign(std::begin(kBackings), std::end(kBackings));
    for (const SuiteRun& suite : run_.suites) {
      if (!suite.backing.empty() &&
          std::find(backings_.begin(), backings_.end(), suite.backing) == backings_.end()) {
        backings_.push_back(suite.backing);
      }
    }
  }

  void IndexClaims() {
    for (ClaimStatus& s : JoinClaims(run_.claims, results_)) {
      if (s.claim->is_gap()) continue;  // not claims of the pages: not in the matrix
      const std::string& id = s.claim->id;
      if (!id.empty() && !claim_anchor_.count(id)) claim_anchor_[id] = ids_.Make("claim-" + Slug(id));
      statuses_.push_back(std::move(s));
    }
    for (const Finding& f : run_.findings) {
      if (!f.claim.empty()) findings_by_claim_[f.claim].push_back(&f);
    }
  }

  const std::string& AnchorOf(const RunResult* r) const {
    return test_anchors_[static_cast<size_t>(r - results_.data())];
  }

  std::string ClaimLink(const std::string& id) const {
    auto it = claim_anchor_.find(id);
    if (it == claim_anchor_.end()) return "<span>" + Escape(id) + "</span>";
    return "<a href=\"#" + it->second + "\">" + Escape(id) + "</a>";
  }

  bool HealthBad() const { return !run_.health.ok || !run_.health.problems.empty(); }

  bool AnyContradiction() const {
    for (const Finding& f : run_.findings) {
      if (f.status == "contradicts") return true;
    }
    return false;
  }

  std::string Banner() const {
    const uffdc::Environment& env = run_.env;
    const Counts& counts = run_.counts;
    const bool bad = counts.failed() > 0 || HealthBad() || AnyContradiction() ||
                     !env.system.userfaultfd_error.empty();
    std::string out = std::string("<header class=\"banner") + (bad ? " bad" : "") + "\">\n";
    out += "<div class=\"top\"><h1>uffd-conformance</h1>";
    if (!env.release.empty() || !env.machine.empty()) {
      out += "<span class=\"kernel\">Linux <b>" + Escape(env.release.empty() ? "?" : env.release) + "</b>";
      if (!env.machine.empty()) out += " &middot; " + Escape(env.machine);
      out += "</span>";
    }
    out += "</div>\n";
    out += "<p id=\"summary\">" + Escape(SummaryLine(counts)) + "</p>\n";
    out += html::CountChips(counts) + "\n";
    std::vector<std::string> meta;
    if (!run_.started.empty()) meta.push_back("started " + Escape(run_.started));
    const std::string took = Duration(run_.duration_s);
    if (!took.empty()) meta.push_back("took " + took);
    if (!run_.command.empty()) meta.push_back("<code>" + Escape(run_.command) + "</code>");
    meta.push_back("report " + Escape(kReportSchema));
    out += "<p class=\"meta\">" + Join(meta, " &middot; ") + "</p>\n";
    out += "</header>\n";
    out += HealthAlert();
    out += UffdErrorAlert();
    out += Findings();
    return out;
  }

  std::string HealthAlert() const {
    if (!HealthBad()) return "";
    std::string out = "<section class=\"alert\" id=\"health\">\n<h3>Kernel health problems</h3>\n<ul>";
    const std::vector<std::string>& problems = run_.health.problems;
    for (const std::string& p : problems) out += "<li>" + Escape(p) + "</li>";
    if (problems.empty()) out += "<li>the runner reports the kernel unhealthy</li>";
    out += "</ul>\n";
    out += KernelLog(/*open=*/true);
    return out + "</section>\n";
  }

  std::string KernelLog(bool open) const {
    const std::vector<std::string>& log = run_.health.kernel_log;
    if (log.empty()) return "";
    return std::string("<details") + (open ? " open" : "") + "><summary>kernel log (" +
           std::to_string(log.size()) + (log.size() == 1 ? " line" : " lines") +
           ")</summary><pre>" + Escape(Join(log, "\n")) + "</pre></details>\n";
  }

  std::string UffdErrorAlert() const {
    const std::string& err = run_.env.system.userfaultfd_error;
    if (err.empty()) return "";
    return "<section class=\"alert\"><h3>userfaultfd unavailable</h3>" + Escape(err) +
           "</section>\n";
  }

  std::string Findings() const {
    if (run_.findings.empty()) return "";
    const bool bad = AnyContradiction();
    std::string out = std::string("<section class=\"") + (bad ? "alert" : "panel") +
                      "\" id=\"findings\">\n<h3>Findings</h3>\n<table>\n";
    for (const Finding& f : run_.findings) {
      out += "<tr class=\"r-" + Kind(f.status == "contradicts" ? "fail" : f.status) + "\"><td style=\"width:90px\">" +
             Badge(f.status.empty() ? "unknown" : f.status) + "</td><td class=\"claims\" style=\"width:90px\">" +
             ClaimLink(f.claim) + "</td><td>" + Escape(f.text) + "</td></tr>\n";
    }
    return out + "</table>\n</section>\n";
  }

  std::string Nav() const {
    std::string out = "<nav>";
    out += "<a href=\"#environment\">Environment</a>";
    for (const SuiteInfo& s : suites_) {
      out += "<a href=\"#" + s.anchor + "\">" + Escape(s.suite->backing.empty() ? s.name : s.suite->backing) + "</a>";
    }
    out += "<a href=\"#claims\">Claims matrix</a>";
    return out + "</nav>\n";
  }

  std::string Environment() const {
    const uffdc::Environment& env = run_.env;
    std::string rows;
    auto row = [&](const std::string& key, const std::string& html) {
      if (!html.empty()) rows += "<tr><th>" + Escape(key) + "</th><td>" + html + "</td></tr>\n";
    };
    row("Kernel release", env.release.empty() ? "" : "<b class=\"mono\">" + Escape(env.release) + "</b>");
    row("Kernel version", Escape(env.version));
    row("Machine", Escape(env.machine));
    {
      const std::string mask = FeatureMask(env);
      std::string html = mask.empty() ? "" : "<code>" + Escape(mask) + "</code>";
      const std::vector<std::string> names = FeatureList(env);
      if (!names.empty()) {
        html += "<div class=\"chips\">";
        for (const std::string& n : names) {
          const bool rwp = n.find("RWP") != std::string::npos;
          html += std::string("<span class=\"chip mono") + (rwp ? " hl" : "") + "\">" + Escape(n) + "</span>";
        }
        html += "</div>";
      }
      row("UFFDIO_API features", html);
    }
    const std::string& uffd_err = env.system.userfaultfd_error;
    if (!uffd_err.empty()) row("userfaultfd error", "<span class=\"bad-text\">" + Escape(uffd_err) + "</span>");
    {
      const std::string& rwp = env.config_rwp;
      std::string html;
      if (rwp == "y") html = "<b>y</b>";
      else if (rwp == "n") html = "<b>not set</b>";
      else if (!rwp.empty()) html = Escape(rwp);
      if (!html.empty() && !env.config_source.empty()) html += " <span class=\"muted\">(from <code>" + Escape(env.config_source) + "</code>)</span>";
      row("CONFIG_USERFAULTFD_RWP", html);
    }
    row("Hugepages", Escape(Join({Fixed(env.hugepages_total, 0) + " total",
                                  Fixed(env.system.free_hugepages, 0) + " free",
                                  "size " + Fixed(env.system.hugepage_size / 1024, 0) + " kB"},
                                 ", ")));
    const double kb = env.system.swap_total_kb;
    row("Swap", kb <= 0 ? "none" : Fixed(kb / 1024.0, 1) + " MiB <span class=\"muted\">(" + Fixed(kb, 0) + " kB)</span>");
    row("NUMA nodes", Fixed(env.system.numa_nodes, 0));
    row("Root", env.system.root ? "yes" : "no");
    // Where the run happened (scripts/vmtest --output-dir: metadata.json), one row
    // per part: suite commit, kernel package and sha256, QEMU, host.
    if (run_.metadata.is_object()) {
      for (auto it = run_.metadata.begin(); it != run_.metadata.end(); ++it) {
        std::string value = Text(it.value());
        if (value.empty() && (it.value().is_object() || it.value().is_array())) {
          value = it.value().dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
        }
        row("run " + it.key(), "<span class=\"mono\">" + Escape(value) + "</span>");
      }
    }
    {
      const HealthMonitor::Report& health = run_.health;
      std::string html = health.ok ? "<b style=\"color:var(--pass)\">ok</b>" : "<b class=\"bad-text\">problems</b>";
      if (health.taint_before || health.taint_after) {
        html += " <span class=\"muted\">taint " + (health.taint_before ? Fixed(*health.taint_before, 0) : "?") +
                " &rarr; " + (health.taint_after ? Fixed(*health.taint_after, 0) : "?") + "</span>";
      }
      if (!HealthBad()) html += KernelLog(/*open=*/false);
      row("Kernel health", html);
    }
    return "<h2 id=\"environment\">Environment</h2>\n<table class=\"kv\">\n" + rows + "</table>\n";
  }

  std::string Suite(size_t index) const {
    const SuiteInfo& info = suites_[index];
    const SuiteRun& suite = *info.suite;
    Counts counts;
    for (const TestResult& t : suite.tests) counts.Add(t.verdict);

    std::string out = "<h2 id=\"" + info.anchor + "\">" + Escape(suite.backing.empty() ? info.name : suite.backing) +
                      "<span class=\"sub mono\">" + Escape(info.name) + "</span></h2>\n";
    std::vector<std::string> meta;
    meta.push_back(std::to_string(counts.total()) + (counts.total() == 1 ? " test" : " tests"));
    const std::pair<const char*, int> parts[] = {{"pass", counts.pass},   {"fail", counts.fail},
                                                 {"error", counts.error}, {"skip", counts.skip},
                                                 {"xfail", counts.xfail}, {"xpass", counts.xpass}};
    for (const auto& [word, n] : parts) {
      if (n > 0) meta.push_back(std::to_string(n) + " " + word);
    }
    const ProcessEnd& end = suite.end;
    meta.push_back(end.exit_code == 0 ? "exit 0" : "<span class=\"bad\">exit " + std::to_string(end.exit_code) + "</span>");
    if (end.signal != 0) meta.push_back("<span class=\"bad\">killed by signal " + std::to_string(end.signal) + "</span>");
    if (end.timed_out) meta.push_back("<span class=\"bad\">timed out</span>");
    const std::string took = Duration(suite.duration_s);
    if (!took.empty()) meta.push_back(took);
    out += "<p class=\"suite-meta\">" + Join(meta, " &middot; ") + "</p>\n";

    if (suite.tests.empty()) return out + "<p class=\"muted\">no test results</p>\n";
    out += "<table class=\"tests\">\n<tr><th>Test</th><th>Verdict</th><th>Reason</th>"
           "<th style=\"text-align:right\">Time</th><th>Claims</th></tr>\n";
    // This suite's tests start at the first anchor after those of the suites before it.
    size_t i = 0;
    for (size_t k = 0; k < index; ++k) i += suites_[k].suite->tests.size();
    for (const TestResult& test : suite.tests) {
      const std::string verdict = VerdictName(test.verdict);
      const std::string& name = test.name;
      const bool pseudo = !name.empty() && name == suite.binary;
      const std::vector<std::string>& diags = test.diagnostics;
      // What went wrong is shown open, across the whole row beneath the test;
      // other diagnostics stay folded inside the reason cell.
      const bool open = !diags.empty() && (test.verdict == Verdict::kFail ||
                                           test.verdict == Verdict::kError ||
                                           test.verdict == Verdict::kXpass);
      auto details = [&](bool is_open) {
        return std::string("<details") + (is_open ? " open" : "") + "><summary>diagnostics (" +
               std::to_string(diags.size()) + ")</summary><pre>" + Escape(Join(diags, "\n")) + "</pre></details>";
      };
      out += "<tr id=\"" + test_anchors_[i++] + "\" class=\"r-" + Kind(verdict) + (open ? " has-diag" : "") + "\">";
      out += std::string("<td class=\"name mono") + (name.size() <= 80 ? " nw" : "") + "\">" +
             (name.empty() ? "<i class=\"muted\">(unnamed)</i>" : Escape(name)) +
             (pseudo ? " <span class=\"muted\">(the binary itself)</span>" : "") + "</td>";
      out += "<td>" + Badge(verdict) + "</td>";
      // Folded diagnostics float right of the reason's first line, so come first.
      out += "<td class=\"reason\">";
      if (!diags.empty() && !open) out += details(false);
      out += Escape(test.reason);
      if (!test.known_issue.empty()) {
        out += "<br><span class=\"muted\">known " + Escape(test.known_issue.kind) +
               ": " + Escape(test.known_issue.reason) + "</span>";
      }
      out += "</td>";
      out += "<td class=\"num\">" + Duration(test.duration_s) + "</td>";
      out += "<td class=\"claims\">";
      for (const std::string& c : ClaimsOf(run_.claims, name)) out += ClaimLink(c);
      out += "</td></tr>\n";
      if (open) {
        out += "<tr class=\"diag r-" + Kind(verdict) + "\"><td colspan=\"5\">" + details(true) + "</td></tr>\n";
      }
    }
    return out + "</table>\n";
  }

  // One cell of the matrix: the claim's verdict on `backing` (JoinClaims'), linking
  // to the test that gave it; "n/a" where the claim is not about the backing.
  std::string Cell(const ClaimStatus& s, const std::string& backing) const {
    std::vector<const RunResult*> refs;
    for (const RunResult* r : s.results) {
      if (r->backing == backing) refs.push_back(r);
    }
    auto found = s.by_backing.find(backing);
    std::string cell = "<td class=\"cell\">";
    if (found == s.by_backing.end()) {
      const std::vector<std::string> scope = ClaimBackings(*s.claim);
      if (std::find(scope.begin(), scope.end(), backing) == scope.end()) {
        cell += "<span class=\"na\" title=\"the claim is not about this backing\">n/a</span>";
      } else {
        cell += "<span class=\"badge v-none\" title=\"no test of this claim ran here\">&mdash;</span>";
      }
      return cell + "</td>";
    }
    const Verdict verdict = found->second;
    const RunResult* target = refs.front();
    for (const RunResult* r : refs) {
      if (r->test.verdict == verdict) {
        target = r;
        break;
      }
    }
    std::string label = Escape(VerdictName(verdict));
    if (refs.size() > 1) label += "<span class=\"n\">&times;" + std::to_string(refs.size()) + "</span>";
    std::string title;
    for (const RunResult* r : refs) {
      title += (title.empty() ? "" : "\n") + r->test.name + ": " + VerdictName(r->test.verdict);
    }
    return cell + "<a class=\"badge v-" + Kind(VerdictName(verdict)) + "\" href=\"#" + AnchorOf(target) +
           "\" title=\"" + Escape(title, true) + "\">" + label + "</a></td>";
  }

  std::string Matrix() const {
    std::string out = "<h2 id=\"claims\">Claims matrix<span class=\"sub\">";
    std::map<std::string, int> by_status;
    for (const ClaimStatus& s : statuses_) ++by_status[s.status];
    std::vector<std::string> parts;
    parts.push_back(std::to_string(statuses_.size()) + (statuses_.size() == 1 ? " claim" : " claims"));
    for (const auto& [status, n] : by_status) {
      parts.push_back(std::to_string(n) + " " + Escape(status.empty() ? "no status" : status));
    }
    out += Join(parts, " &middot; ") + "</span></h2>\n";
    if (statuses_.empty()) return out + "<p class=\"muted\">the report lists no claims</p>\n";

    out += "<table class=\"matrix\">\n<tr><th>Claim</th><th>Status</th>";
    for (const std::string& b : backings_) out += "<th style=\"text-align:center\">" + Escape(b) + "</th>";
    out += "<th>What it says</th></tr>\n";
    for (const ClaimStatus& s : statuses_) {
      const Claim& claim = *s.claim;
      std::string row_id;
      if (auto it = claim_anchor_.find(claim.id); it != claim_anchor_.end()) row_id = " id=\"" + it->second + "\"";
      out += "<tr" + row_id + " class=\"r-" + Kind(s.status) + "\">";
      out += "<td class=\"id\"" +
             (claim.backings.empty() ? std::string() : " title=\"backings: " + Escape(claim.backings, true) + "\"") +
             ">" + Escape(claim.id.empty() ? "?" : claim.id) + "</td>";
      out += "<td>" + Badge(s.status.empty() ? "unknown" : s.status) + "</td>";

      std::string why;
      if (!claim.untestable.empty()) why = "<b>untestable:</b> " + Escape(claim.untestable);
      auto found = findings_by_claim_.find(claim.id);
      if (found != findings_by_claim_.end()) {
        // The runner's findings about this claim, else the claim's own record.
        std::string f = "<b>finding:</b> ";
        for (const Finding* finding : found->second) {
          f += Badge(finding->status.empty() ? "unknown" : finding->status) + " " + Escape(finding->text) + " ";
        }
        why += (why.empty() ? "" : "<br>") + f;
      } else if (!claim.finding.empty()) {
        why += std::string(why.empty() ? "" : "<br>") + "<b>finding:</b> " + Escape(claim.finding);
      }
      if (s.by_backing.empty() && !why.empty()) {
        out += "<td class=\"why\" colspan=\"" + std::to_string(backings_.size()) + "\">" + why + "</td>";
        why.clear();
      } else {
        for (const std::string& b : backings_) out += Cell(s, b);
      }
      out += "<td class=\"text\">" + Escape(claim.text);
      if (!claim.note.empty()) out += "<span class=\"note\">" + Escape(claim.note) + "</span>";
      if (!why.empty()) out += "<span class=\"note\">" + why + "</span>";
      out += "</td></tr>\n";
    }
    return out + "</table>\n";
  }

  const RunData& run_;
  const std::vector<RunResult> results_;  // JoinClaims points into it
  html::Ids ids_;
  std::vector<SuiteInfo> suites_;
  std::vector<std::string> test_anchors_;  // parallel to results_
  std::vector<std::string> backings_;
  std::vector<ClaimStatus> statuses_;  // the claims of the pages, in the catalogue's order
  std::map<std::string, std::string> claim_anchor_;
  std::map<std::string, std::vector<const Finding*>> findings_by_claim_;
};

}  // namespace

std::string RenderHtml(const RunData& run) { return Page(run).Render(); }

}  // namespace uffdc
