// SPDX-License-Identifier: GPL-2.0
#include "harness/report_html.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "harness/report_text.h"

namespace uffdc {
namespace {

using report::Array;
using report::Bool;
using report::Escape;
using report::Field;
using report::Number;
using report::Strings;
using report::Text;

// The page's only styling. No url(), no @import, no web fonts: nothing to fetch.
constexpr char kStyle[] = R"css(
:root{--pass:#1a7f37;--fail:#cf222e;--error:#82071e;--skip:#6e7781;--xfail:#b07800;
--xpass:#8250df;--finding:#0969da;--ink:#1f2328;--muted:#59636e;--line:#d1d9e0;
--head:#f6f8fa}
*{box-sizing:border-box}
body{margin:0;background:#fff;color:var(--ink);
font:13px/1.4 system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans","Liberation Sans",sans-serif}
main{max-width:1260px;margin:0 auto;padding:14px 18px 40px}
code,pre,.mono{font-family:ui-monospace,"SFMono-Regular","DejaVu Sans Mono","Liberation Mono",monospace;font-size:12px}
a{color:inherit}
h1{font-size:18px;margin:0;font-weight:650}
h2{font-size:15px;margin:22px 0 6px;padding-bottom:3px;border-bottom:2px solid var(--line)}
h2 .sub{font-weight:400;color:var(--muted);font-size:12px;margin-left:8px}
.banner{border-radius:8px;padding:12px 16px;border:1px solid var(--line);border-left:8px solid var(--pass);background:#f0fbf3}
.banner.bad{border-left-color:var(--fail);background:#fff5f5}
.banner .top{display:flex;flex-wrap:wrap;align-items:baseline;gap:6px 16px}
.banner .kernel{font-size:13px;color:var(--muted)}
.banner .kernel b{color:var(--ink)}
#summary{font-size:22px;font-weight:700;margin:6px 0 8px}
.counts{display:flex;flex-wrap:wrap;gap:6px;margin:0;padding:0;list-style:none}
.counts li{border-radius:12px;padding:2px 10px;color:#fff;font-weight:600;font-size:12px}
.counts li b{font-size:14px;margin-right:4px}
.counts li.zero{opacity:.35}
.meta{margin:8px 0 0;color:var(--muted);font-size:12px}
.meta code{color:var(--ink);background:#fff8;padding:1px 4px;border-radius:3px}
.alert{margin:12px 0 0;border:1px solid #ffcecb;border-left:6px solid var(--fail);background:#fff5f5;border-radius:6px;padding:8px 12px}
.alert h3{margin:0 0 4px;font-size:14px;color:var(--error)}
.alert ul{margin:2px 0;padding-left:20px}
.alert pre{margin:6px 0 0}
.panel{margin:12px 0 0;border:1px solid var(--line);border-radius:6px;padding:8px 12px;background:var(--head)}
.panel h3{margin:0 0 4px;font-size:14px}
nav{margin:12px 0 0;font-size:12px;color:var(--muted)}
nav a{margin-right:12px;color:var(--finding);text-decoration:none;font-weight:600}
table{border-collapse:collapse;width:100%}
th,td{border-bottom:1px solid var(--line);padding:3px 7px;text-align:left;vertical-align:top}
th{background:var(--head);font-weight:600;font-size:12px;color:var(--muted);white-space:nowrap}
table.kv th{width:210px;color:var(--ink);background:var(--head);font-weight:600}
td.num{text-align:right;white-space:nowrap;font-variant-numeric:tabular-nums;color:var(--muted)}
td.name{overflow-wrap:anywhere}
tr.has-diag td{border-bottom:none}tr.diag td{padding:0 7px 6px 24px}td.name.nw{white-space:nowrap}
table.tests td.claims{width:190px}
tr:target td{background:#fff1b8 !important}
.badge{display:inline-block;min-width:44px;text-align:center;border-radius:10px;padding:0 7px;color:#fff;font-weight:600;font-size:11.5px;line-height:18px;text-decoration:none;white-space:nowrap}
.v-pass{background:var(--pass)}.v-fail{background:var(--fail)}.v-error{background:var(--error)}
.v-skip{background:var(--skip)}.v-xfail{background:var(--xfail)}.v-xpass{background:var(--xpass)}
.v-unknown{background:#424a53}.v-none{background:#eef1f4;color:#8c959f;font-weight:400}
.v-held{background:var(--pass)}.v-failed{background:var(--fail)}.v-skipped{background:var(--skip)}
.v-untestable{background:#57606a}.v-partly-checked{background:#4c9a5f}.v-deviated{background:var(--xfail)}
.v-not-testable{background:#8c959f}.v-build{background:var(--finding)}.v-finding{background:var(--finding)}.v-not-run{background:#eef1f4;color:#59636e}
.v-agrees{background:var(--pass)}.v-contradicts{background:var(--fail)}
tr.r-fail td,tr.r-failed td{background:#fff5f5}tr.r-error td{background:#fbe9eb}
tr.r-xpass td{background:#fbf4ff}tr.r-xfail td{background:#fffbea}tr.r-skip td{color:#4d5660}
.reason{color:var(--ink)}
.claims a{display:inline-block;margin:0 4px 1px 0;padding:0 5px;border:1px solid var(--line);border-radius:4px;background:#fff;text-decoration:none;font-size:11px;color:var(--finding)}
.claims span{display:inline-block;margin:0 4px 1px 0;font-size:11px;color:var(--muted)}
details{margin:2px 0 0}
td.reason details:not([open]){float:right;margin:0 0 0 10px}
summary{cursor:pointer;color:var(--muted);font-size:11.5px}
pre{white-space:pre-wrap;word-break:break-word;margin:2px 0 0;padding:5px 7px;background:#f6f8fa;border:1px solid var(--line);border-radius:4px;max-height:360px;overflow:auto}
.suite-meta{margin:0 0 6px;color:var(--muted);font-size:12px}
.suite-meta .bad{color:var(--fail);font-weight:700}
.chips{display:flex;flex-wrap:wrap;gap:3px;margin-top:3px}
.chip{border:1px solid var(--line);background:#fff;border-radius:4px;padding:0 5px;font-size:11px}
.chip.hl{border-color:var(--finding);color:var(--finding);font-weight:600}
.bad-text{color:var(--fail);font-weight:600}
.muted{color:var(--muted)}
table.matrix td.cell{text-align:center;width:92px;white-space:nowrap}
table.matrix td.cell .badge{min-width:64px}
table.matrix td.id{white-space:nowrap;font-weight:600}
table.matrix td.id a{text-decoration:none}
table.matrix td.why{font-size:12px;color:#3d444d;background:#f6f8fa}
table.matrix td.text{font-size:12px}
table.matrix .note{display:block;color:var(--muted);font-size:11.5px;margin-top:1px}
.na{color:#afb8c1;font-size:11px}
.n{font-size:10px;opacity:.85;margin-left:3px}
)css";

// A fragment identifier from free text: letters, digits, '.', '_' and '-' kept,
// anything else '_'. Never needs percent-encoding in an href.
std::string Slug(const std::string& text) {
  std::string out;
  for (unsigned char c : text) {
    const bool keep = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                      c == '.' || c == '_' || c == '-';
    out += keep ? static_cast<char>(c) : '_';
  }
  return out.empty() ? "_" : out;
}

// Ids made unique within the page.
class Ids {
 public:
  std::string Make(const std::string& base) {
    std::string id = base;
    for (int n = 2; !used_.insert(id).second; ++n) id = base + "-" + std::to_string(n);
    return id;
  }

 private:
  std::set<std::string> used_;
};

std::string Fixed(double v, int decimals) {
  char buf[64];
  std::snprintf(buf, sizeof(buf), "%.*f", decimals, v);
  return buf;
}

std::string Duration(std::optional<double> s) {
  if (!s || *s < 0) return "";
  if (*s < 10) return Fixed(*s, 2) + " s";
  if (*s < 120) return Fixed(*s, 1) + " s";
  if (*s > 1e9) return "&gt; 10^9 s";
  const long total = static_cast<long>(*s + 0.5);
  return std::to_string(total / 60) + " min " + std::to_string(total % 60) + " s";
}

std::string Join(const std::vector<std::string>& parts, const std::string& sep) {
  std::string out;
  for (size_t i = 0; i < parts.size(); ++i) out += (i ? sep : "") + parts[i];
  return out;
}

// The CSS class suffix of a verdict or status: known words only.
std::string Kind(const std::string& word) {
  static const std::set<std::string> kKnown = {
      "pass", "fail", "error", "skip", "xfail", "xpass", "held", "failed", "skipped",
      "untestable", "finding", "not-run", "agrees", "contradicts", "partly-checked", "deviated",
      "not-testable", "build"};
  std::string w;
  for (char c : word.substr(0, word.find(" ("))) {
    w += c == ' ' ? '-' : static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  if (w == "not-testable-on-this-kernel") w = "not-testable";
  return kKnown.count(w) ? w : "unknown";
}

std::string Badge(const std::string& word, const std::string& label = "") {
  const std::string shown = label.empty() ? (word.empty() ? "?" : word) : label;
  return "<span class=\"badge v-" + Kind(word) + "\">" + Escape(shown) + "</span>";
}

// The severity order of claims.h (fail > error > xpass > xfail > pass > skip).
int Severity(const std::string& v) {
  if (v == "fail") return 6;
  if (v == "error") return 5;
  if (v == "xpass") return 4;
  if (v == "xfail") return 3;
  if (v == "pass") return 2;
  if (v == "skip") return 1;
  return 0;
}

struct TestRef {
  std::string anchor;
  std::string verdict;  // normalised, "" when unknown
  std::string backing;
  std::string name;
};

struct Counts {
  int pass = 0, fail = 0, error = 0, skip = 0, xfail = 0, xpass = 0;
};

class Page {
 public:
  explicit Page(const nlohmann::json& doc) : doc_(doc) {}

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
    const std::string kernel = Text(Field(Field(doc_, "environment"), "kernel"), "release");
    if (!kernel.empty()) title += " on " + kernel;
    title += ": " + summary_line_;

    std::string out;
    out += "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n";
    out += "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
           "style-src 'unsafe-inline'\">\n";
    out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
    out += "<meta name=\"generator\" content=\"uffd-conformance report_html\">\n";
    out += "<title>" + Escape(title) + "</title>\n<style>" + std::string(kStyle) + "</style>\n";
    out += "</head>\n<body>\n<main>\n" + body + "</main>\n</body>\n</html>\n";
    return out;
  }

 private:
  struct SuiteInfo {
    const nlohmann::json* json;
    std::string binary;
    std::string backing;
    std::string anchor;
    std::vector<std::string> test_anchors;  // parallel to its tests
  };

  void IndexTests() {
    int n = 0;
    for (const nlohmann::json& suite : Array(doc_, "suites")) {
      SuiteInfo info;
      info.json = &suite;
      info.binary = Text(suite, "binary");
      info.backing = Text(suite, "backing");
      ++n;
      if (info.binary.empty()) info.binary = "suite " + std::to_string(n);
      info.anchor = ids_.Make("suite-" + Slug(info.binary));
      for (const nlohmann::json& test : Array(suite, "tests")) {
        const std::string name = Text(test, "name");
        std::string backing = Text(test, "backing");
        if (backing.empty()) backing = info.backing;
        TestRef ref{ids_.Make("t-" + Slug(info.binary) + "-" + Slug(name)),
                    report::NormalVerdict(test), backing, name};
        info.test_anchors.push_back(ref.anchor);
        if (!name.empty()) tests_by_name_[name].push_back(ref);
        if (!backing.empty()) backings_seen_.push_back(backing);
        counts_computed_.Add(ref.verdict);
      }
      if (!info.backing.empty()) backings_seen_.push_back(info.backing);
      suites_.push_back(std::move(info));
    }
    // Columns of the matrix: the three backings, then any other the report names.
    backings_ = {"anon", "shmem", "hugetlb"};
    auto add_backing = [&](const std::string& b) {
      if (!b.empty() && std::find(backings_.begin(), backings_.end(), b) == backings_.end()) {
        backings_.push_back(b);
      }
    };
    for (const std::string& b : backings_seen_) add_backing(b);
    for (const nlohmann::json& claim : Array(doc_, "claims")) {
      const nlohmann::json& by = Field(claim, "by_backing");
      if (by.is_object()) {
        for (auto it = by.begin(); it != by.end(); ++it) add_backing(it.key());
      }
    }

    // The counts: the runner's summary when it has them, else counted here.
    const nlohmann::json& summary = Field(doc_, "summary");
    auto count = [&](const char* key, int computed) {
      std::optional<double> v = Number(summary, key);
      return v && *v >= 0 ? static_cast<int>(*v) : computed;
    };
    counts_.pass = count("pass", counts_computed_.pass);
    counts_.fail = count("fail", counts_computed_.fail);
    counts_.error = count("error", counts_computed_.error + counts_computed_.unknown);
    counts_.skip = count("skip", counts_computed_.skip);
    counts_.xfail = count("xfail", counts_computed_.xfail);
    counts_.xpass = count("xpass", counts_computed_.xpass);
    summary_line_ = Text(summary, "line");
    if (summary_line_.empty()) {
      summary_line_ = std::to_string(counts_.pass + counts_.xfail) + " passed, " +
                      std::to_string(counts_.fail + counts_.error + counts_.xpass) + " failed, " +
                      std::to_string(counts_.skip) + " skipped";
    }
  }

  void IndexClaims() {
    for (const nlohmann::json& claim : Array(doc_, "claims")) {
      const std::string id = Text(claim, "id");
      if (!id.empty() && !claim_anchor_.count(id)) claim_anchor_[id] = ids_.Make("claim-" + Slug(id));
    }
    for (const nlohmann::json& f : Array(doc_, "findings")) {
      const std::string claim = Text(f, "claim");
      if (!claim.empty()) findings_by_claim_[claim].push_back(&f);
    }
  }

  std::string ClaimLink(const std::string& id) const {
    auto it = claim_anchor_.find(id);
    if (it == claim_anchor_.end()) return "<span>" + Escape(id) + "</span>";
    return "<a href=\"#" + it->second + "\">" + Escape(id) + "</a>";
  }

  bool HealthBad() const {
    const nlohmann::json& health = Field(doc_, "health");
    const std::optional<bool> ok = Bool(Field(health, "ok"));
    return (ok && !*ok) || !Strings(health, "problems").empty();
  }

  bool AnyContradiction() const {
    for (const nlohmann::json& f : Array(doc_, "findings")) {
      if (Text(f, "status") == "contradicts") return true;
    }
    return false;
  }

  std::string Banner() const {
    const nlohmann::json& env = Field(doc_, "environment");
    const nlohmann::json& kernel = Field(env, "kernel");
    const bool bad = counts_.fail + counts_.error + counts_.xpass > 0 || HealthBad() ||
                     AnyContradiction() || !Text(env, "userfaultfd_error").empty();
    std::string out = std::string("<header class=\"banner") + (bad ? " bad" : "") + "\">\n";
    out += "<div class=\"top\"><h1>uffd-conformance</h1>";
    const std::string release = Text(kernel, "release"), machine = Text(kernel, "machine");
    if (!release.empty() || !machine.empty()) {
      out += "<span class=\"kernel\">Linux <b>" + Escape(release.empty() ? "?" : release) + "</b>";
      if (!machine.empty()) out += " &middot; " + Escape(machine);
      out += "</span>";
    }
    out += "</div>\n";
    out += "<p id=\"summary\">" + Escape(summary_line_) + "</p>\n";
    out += "<ul class=\"counts\">";
    const std::pair<const char*, int> chips[] = {
        {"pass", counts_.pass},   {"fail", counts_.fail},   {"error", counts_.error},
        {"skip", counts_.skip},   {"xfail", counts_.xfail}, {"xpass", counts_.xpass}};
    for (const auto& [word, n] : chips) {
      out += std::string("<li class=\"v-") + word + (n == 0 ? " zero" : "") + "\"><b>" +
             std::to_string(n) + "</b>" + word + "</li>";
    }
    out += "</ul>\n";
    std::vector<std::string> meta;
    const std::string started = Text(doc_, "started");
    if (!started.empty()) meta.push_back("started " + Escape(started));
    const std::string took = Duration(Number(doc_, "duration_s"));
    if (!took.empty()) meta.push_back("took " + took);
    const std::string command = Text(doc_, "command");
    if (!command.empty()) meta.push_back("<code>" + Escape(command) + "</code>");
    const std::string schema = Text(doc_, "schema");
    if (!schema.empty()) meta.push_back("report " + Escape(schema));
    if (!meta.empty()) out += "<p class=\"meta\">" + Join(meta, " &middot; ") + "</p>\n";
    out += "</header>\n";
    out += HealthAlert();
    out += UffdErrorAlert();
    out += Findings();
    return out;
  }

  std::string HealthAlert() const {
    if (!HealthBad()) return "";
    const nlohmann::json& health = Field(doc_, "health");
    std::string out = "<section class=\"alert\" id=\"health\">\n<h3>Kernel health problems</h3>\n<ul>";
    const std::vector<std::string> problems = Strings(health, "problems");
    for (const std::string& p : problems) out += "<li>" + Escape(p) + "</li>";
    if (problems.empty()) out += "<li>the runner reports the kernel unhealthy</li>";
    out += "</ul>\n";
    out += KernelLog(/*open=*/true);
    return out + "</section>\n";
  }

  std::string KernelLog(bool open) const {
    const std::vector<std::string> log = Strings(Field(doc_, "health"), "kernel_log");
    if (log.empty()) return "";
    return std::string("<details") + (open ? " open" : "") + "><summary>kernel log (" +
           std::to_string(log.size()) + (log.size() == 1 ? " line" : " lines") +
           ")</summary><pre>" + Escape(Join(log, "\n")) + "</pre></details>\n";
  }

  std::string UffdErrorAlert() const {
    const std::string err = Text(Field(doc_, "environment"), "userfaultfd_error");
    if (err.empty()) return "";
    return "<section class=\"alert\"><h3>userfaultfd unavailable</h3>" + Escape(err) +
           "</section>\n";
  }

  std::string Findings() const {
    const nlohmann::json& findings = Array(doc_, "findings");
    if (findings.empty()) return "";
    const bool bad = AnyContradiction();
    std::string out = std::string("<section class=\"") + (bad ? "alert" : "panel") +
                      "\" id=\"findings\">\n<h3>Findings</h3>\n<table>\n";
    for (const nlohmann::json& f : findings) {
      const std::string status = Text(f, "status");
      out += "<tr class=\"r-" + Kind(status == "contradicts" ? "fail" : status) + "\"><td style=\"width:90px\">" +
             Badge(status.empty() ? "unknown" : status) + "</td><td class=\"claims\" style=\"width:90px\">" +
             ClaimLink(Text(f, "claim")) + "</td><td>" + Escape(Text(f, "text")) + "</td></tr>\n";
    }
    return out + "</table>\n</section>\n";
  }

  std::string Nav() const {
    std::string out = "<nav>";
    out += "<a href=\"#environment\">Environment</a>";
    for (const SuiteInfo& s : suites_) {
      out += "<a href=\"#" + s.anchor + "\">" + Escape(s.backing.empty() ? s.binary : s.backing) + "</a>";
    }
    out += "<a href=\"#claims\">Claims matrix</a>";
    return out + "</nav>\n";
  }

  std::string Environment() const {
    const nlohmann::json& env = Field(doc_, "environment");
    const nlohmann::json& kernel = Field(env, "kernel");
    std::string rows;
    auto row = [&](const std::string& key, const std::string& html) {
      if (!html.empty()) rows += "<tr><th>" + Escape(key) + "</th><td>" + html + "</td></tr>\n";
    };
    row("Kernel release", Text(kernel, "release").empty() ? "" : "<b class=\"mono\">" + Escape(Text(kernel, "release")) + "</b>");
    row("Kernel version", Escape(Text(kernel, "version")));
    row("Machine", Escape(Text(kernel, "machine")));
    {
      std::string html = Text(env, "uffdio_api_features").empty()
                             ? ""
                             : "<code>" + Escape(Text(env, "uffdio_api_features")) + "</code>";
      const std::vector<std::string> names = Strings(env, "uffdio_api_feature_names");
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
    const std::string uffd_err = Text(env, "userfaultfd_error");
    if (!uffd_err.empty()) row("userfaultfd error", "<span class=\"bad-text\">" + Escape(uffd_err) + "</span>");
    {
      const std::string rwp = Text(env, "config_userfaultfd_rwp");
      const std::string source = Text(env, "config_source");
      std::string html;
      if (rwp == "y") html = "<b>y</b>";
      else if (rwp == "n") html = "<b>not set</b>";
      else if (!rwp.empty()) html = Escape(rwp);
      if (!html.empty() && !source.empty()) html += " <span class=\"muted\">(from <code>" + Escape(source) + "</code>)</span>";
      row("CONFIG_USERFAULTFD_RWP", html);
    }
    {
      const nlohmann::json& hp = Field(env, "hugepages");
      std::vector<std::string> parts;
      if (auto v = Number(hp, "total")) parts.push_back(Fixed(*v, 0) + " total");
      if (auto v = Number(hp, "free")) parts.push_back(Fixed(*v, 0) + " free");
      if (auto v = Number(hp, "size_kb")) parts.push_back("size " + Fixed(*v, 0) + " kB");
      row("Hugepages", Escape(Join(parts, ", ")));
    }
    if (auto kb = Number(env, "swap_total_kb")) {
      row("Swap", *kb <= 0 ? "none" : Fixed(*kb / 1024.0, 1) + " MiB <span class=\"muted\">(" + Fixed(*kb, 0) + " kB)</span>");
    }
    if (auto n = Number(env, "numa_nodes")) row("NUMA nodes", Fixed(*n, 0));
    if (auto root = Bool(Field(env, "root"))) row("Root", *root ? "yes" : "no");
    // Anything else the environment reports, as it is.
    static const std::set<std::string> kShown = {
        "kernel", "uffdio_api_features", "uffdio_api_feature_names", "userfaultfd_error",
        "config_userfaultfd_rwp", "config_source", "hugepages", "swap_total_kb", "numa_nodes", "root"};
    if (env.is_object()) {
      for (auto it = env.begin(); it != env.end(); ++it) {
        if (kShown.count(it.key())) continue;
        std::string value = Text(it.value());
        if (value.empty() && (it.value().is_object() || it.value().is_array())) {
          value = it.value().dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
        }
        row(it.key(), Escape(value));
      }
    }
    // Where the run happened (scripts/vmtest --output-dir: metadata.json), one row
    // per part: suite commit, kernel package and sha256, QEMU, host.
    {
      const nlohmann::json& meta = Field(doc_, "metadata");
      if (meta.is_object()) {
        for (auto it = meta.begin(); it != meta.end(); ++it) {
          std::string value = Text(it.value());
          if (value.empty() && (it.value().is_object() || it.value().is_array())) {
            value = it.value().dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
          }
          row("run " + it.key(), "<span class=\"mono\">" + Escape(value) + "</span>");
        }
      }
    }
    {
      const nlohmann::json& health = Field(doc_, "health");
      std::string html;
      const std::optional<bool> ok = Bool(Field(health, "ok"));
      if (ok) html = *ok ? "<b style=\"color:var(--pass)\">ok</b>" : "<b class=\"bad-text\">problems</b>";
      auto before = Number(health, "taint_before"), after = Number(health, "taint_after");
      if (before || after) {
        html += " <span class=\"muted\">taint " + (before ? Fixed(*before, 0) : "?") + " &rarr; " +
                (after ? Fixed(*after, 0) : "?") + "</span>";
      }
      if (!HealthBad()) html += KernelLog(/*open=*/false);
      row("Kernel health", html);
    }
    if (rows.empty()) rows = "<tr><td class=\"muted\">the report describes no environment</td></tr>\n";
    return "<h2 id=\"environment\">Environment</h2>\n<table class=\"kv\">\n" + rows + "</table>\n";
  }

  std::string Suite(size_t index) const {
    const SuiteInfo& info = suites_[index];
    const nlohmann::json& suite = *info.json;
    report::VerdictCounts counts;
    for (const nlohmann::json& t : Array(suite, "tests")) counts.Add(report::NormalVerdict(t));

    std::string out = "<h2 id=\"" + info.anchor + "\">" + Escape(info.backing.empty() ? info.binary : info.backing) +
                      "<span class=\"sub mono\">" + Escape(info.binary) + "</span></h2>\n";
    std::vector<std::string> meta;
    meta.push_back(std::to_string(counts.total()) + (counts.total() == 1 ? " test" : " tests"));
    const std::pair<const char*, int> parts[] = {{"pass", counts.pass},   {"fail", counts.fail},
                                                 {"error", counts.error}, {"skip", counts.skip},
                                                 {"xfail", counts.xfail}, {"xpass", counts.xpass}};
    for (const auto& [word, n] : parts) {
      if (n > 0) meta.push_back(std::to_string(n) + " " + word);
    }
    const std::string exit_code = Text(suite, "exit_code");
    if (!exit_code.empty()) {
      meta.push_back(exit_code == "0" ? "exit 0" : "<span class=\"bad\">exit " + Escape(exit_code) + "</span>");
    }
    const std::optional<double> sig = Number(suite, "signal");
    if (sig && *sig != 0) meta.push_back("<span class=\"bad\">killed by signal " + Fixed(*sig, 0) + "</span>");
    if (Bool(Field(suite, "timed_out")).value_or(false)) meta.push_back("<span class=\"bad\">timed out</span>");
    const std::string took = Duration(Number(suite, "duration_s"));
    if (!took.empty()) meta.push_back(took);
    out += "<p class=\"suite-meta\">" + Join(meta, " &middot; ") + "</p>\n";

    const nlohmann::json& tests = Array(suite, "tests");
    if (tests.empty()) return out + "<p class=\"muted\">no test results</p>\n";
    out += "<table class=\"tests\">\n<tr><th>Test</th><th>Verdict</th><th>Reason</th>"
           "<th style=\"text-align:right\">Time</th><th>Claims</th></tr>\n";
    size_t i = 0;
    for (const nlohmann::json& test : tests) {
      const std::string verdict = report::NormalVerdict(test);
      const std::string raw_verdict = Text(test, "verdict");
      std::string name = Text(test, "name");
      const bool pseudo = !name.empty() && name == Text(suite, "binary");
      const std::vector<std::string> diags = Strings(test, "diagnostics");
      // What went wrong is shown open, across the whole row beneath the test;
      // other diagnostics stay folded inside the reason cell.
      const bool open = !diags.empty() &&
                        (verdict == "fail" || verdict == "error" || verdict == "xpass" || verdict.empty());
      auto details = [&](bool is_open) {
        return std::string("<details") + (is_open ? " open" : "") + "><summary>diagnostics (" +
               std::to_string(diags.size()) + ")</summary><pre>" + Escape(Join(diags, "\n")) + "</pre></details>";
      };
      out += "<tr id=\"" + info.test_anchors[i++] + "\" class=\"r-" + Kind(verdict) + (open ? " has-diag" : "") + "\">";
      out += std::string("<td class=\"name mono") + (name.size() <= 80 ? " nw" : "") + "\">" +
             (name.empty() ? "<i class=\"muted\">(unnamed)</i>" : Escape(name)) +
             (pseudo ? " <span class=\"muted\">(the binary itself)</span>" : "") + "</td>";
      out += "<td>" + Badge(verdict.empty() ? "unknown" : verdict, verdict.empty() ? (raw_verdict.empty() ? "?" : raw_verdict) : "") + "</td>";
      // Folded diagnostics float right of the reason's first line, so come first.
      out += "<td class=\"reason\">";
      if (!diags.empty() && !open) out += details(false);
      out += Escape(Text(test, "reason"));
      const std::string known = Text(report::Field(test, "known_issue"), "reason");
      if (!known.empty()) {
        out += "<br><span class=\"muted\">known " + Escape(Text(report::Field(test, "known_issue"), "kind")) +
               ": " + Escape(known) + "</span>";
      }
      out += "</td>";
      out += "<td class=\"num\">" + Duration(Number(test, "duration_s")) + "</td>";
      out += "<td class=\"claims\">";
      for (const std::string& c : Strings(test, "claims")) out += ClaimLink(c);
      out += "</td></tr>\n";
      if (open) {
        out += "<tr class=\"diag r-" + Kind(verdict) + "\"><td colspan=\"5\">" + details(true) + "</td></tr>\n";
      }
    }
    return out + "</table>\n";
  }

  // The tests of `claim` that ran on `backing`: its names as given, or as
  // patterns with '*' standing for the backing.
  std::vector<TestRef> ClaimTests(const nlohmann::json& claim, const std::string& backing) const {
    std::vector<TestRef> out;
    for (std::string name : Strings(claim, "tests")) {
      for (size_t p; (p = name.find('*')) != std::string::npos;) name.replace(p, 1, backing);
      auto it = tests_by_name_.find(name);
      if (it == tests_by_name_.end()) continue;
      for (const TestRef& ref : it->second) {
        if (ref.backing == backing) out.push_back(ref);
      }
    }
    return out;
  }

  // Whether a claim's "backings" ("A,S,H", "S", "all", "n/a", ...) covers
  // `backing`; anything it does not name plainly counts as covered.
  static bool InScope(const std::string& scope, const std::string& backing) {
    std::vector<std::string> tokens;
    std::string token;
    for (char c : scope + ",") {
      if (c == ',' || c == ' ' || c == '/') {
        if (!token.empty()) tokens.push_back(token);
        token.clear();
      } else {
        token += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      }
    }
    static const std::map<std::string, std::string> kLetters = {
        {"a", "anon"}, {"s", "shmem"}, {"h", "hugetlb"},
        {"anon", "anon"}, {"shmem", "shmem"}, {"hugetlb", "hugetlb"}};
    bool named = false, covered = false;
    for (const std::string& t : tokens) {
      auto it = kLetters.find(t);
      if (it == kLetters.end()) return true;  // "all", "n/a", something new
      named = true;
      covered |= it->second == backing;
    }
    return !named || covered;
  }

  std::string Matrix() const {
    const nlohmann::json& claims = Array(doc_, "claims");
    std::string out = "<h2 id=\"claims\">Claims matrix<span class=\"sub\">";
    std::map<std::string, int> by_status;
    for (const nlohmann::json& c : claims) ++by_status[Text(c, "status")];
    std::vector<std::string> parts;
    parts.push_back(std::to_string(claims.size()) + (claims.size() == 1 ? " claim" : " claims"));
    for (const auto& [status, n] : by_status) {
      parts.push_back(std::to_string(n) + " " + Escape(status.empty() ? "no status" : status));
    }
    out += Join(parts, " &middot; ") + "</span></h2>\n";
    if (claims.empty()) return out + "<p class=\"muted\">the report lists no claims</p>\n";

    out += "<table class=\"matrix\">\n<tr><th>Claim</th><th>Status</th>";
    for (const std::string& b : backings_) out += "<th style=\"text-align:center\">" + Escape(b) + "</th>";
    out += "<th>What it says</th></tr>\n";
    for (const nlohmann::json& claim : claims) {
      const std::string id = Text(claim, "id");
      const std::string status = Text(claim, "status");
      const nlohmann::json& by = Field(claim, "by_backing");
      std::string row_id;
      if (auto it = claim_anchor_.find(id); it != claim_anchor_.end()) row_id = " id=\"" + it->second + "\"";
      out += "<tr" + row_id + " class=\"r-" + Kind(status) + "\">";
      const std::string scope = Text(claim, "backings");
      out += "<td class=\"id\"" + (scope.empty() ? std::string() : " title=\"backings: " + Escape(scope, true) + "\"") +
             ">" + Escape(id.empty() ? "?" : id) + "</td>";
      out += "<td>" + Badge(status.empty() ? "unknown" : status) + "</td>";

      bool any_cell = by.is_object() && !by.empty();
      std::vector<std::string> cells;
      for (const std::string& b : backings_) {
        const std::vector<TestRef> refs = ClaimTests(claim, b);
        std::string verdict = Text(Field(by, b.c_str()));
        std::string shown = verdict;
        if (verdict.empty()) {
          for (const TestRef& r : refs) {
            if (Severity(r.verdict) > Severity(verdict)) verdict = r.verdict;
          }
          shown = verdict;
        }
        if (!verdict.empty()) any_cell = true;
        std::string cell = "<td class=\"cell\">";
        if (verdict.empty() && !InScope(Text(claim, "backings"), b)) {
          cell += "<span class=\"na\" title=\"the claim is not about this backing\">n/a</span>";
        } else if (verdict.empty()) {
          cell += "<span class=\"badge v-none\" title=\"no test of this claim ran here\">&mdash;</span>";
        } else {
          const TestRef* target = nullptr;
          for (const TestRef& r : refs) {
            if (r.verdict == verdict) { target = &r; break; }
          }
          if (target == nullptr && !refs.empty()) target = &refs.front();
          std::string label = Escape(shown);
          if (refs.size() > 1) label += "<span class=\"n\">&times;" + std::to_string(refs.size()) + "</span>";
          std::string title;
          for (const TestRef& r : refs) title += (title.empty() ? "" : "\n") + r.name + ": " + (r.verdict.empty() ? "?" : r.verdict);
          const std::string cls = "badge v-" + Kind(verdict);
          if (target) {
            cell += "<a class=\"" + cls + "\" href=\"#" + target->anchor + "\" title=\"" + Escape(title, true) + "\">" + label + "</a>";
          } else {
            cell += "<span class=\"" + cls + "\">" + label + "</span>";
          }
        }
        cells.push_back(cell + "</td>");
      }

      std::string why;
      const std::string untestable = Text(claim, "untestable");
      const std::string finding = Text(claim, "finding");
      if (!untestable.empty()) why = "<b>untestable:</b> " + Escape(untestable);
      auto found = findings_by_claim_.find(id);
      if (!finding.empty() || found != findings_by_claim_.end()) {
        // The runner's findings about this claim, else the claim's own record.
        std::string f = "<b>finding:</b> ";
        bool described = false;
        if (found != findings_by_claim_.end()) {
          for (const nlohmann::json* fj : found->second) {
            const std::string fs = Text(*fj, "status"), text = Text(*fj, "text");
            f += Badge(fs.empty() ? "unknown" : fs) + " " + Escape(text) + " ";
            described |= text == finding;
          }
        } else {
          const std::string fs = Text(claim, "finding_status");
          if (!fs.empty()) f += Badge(fs) + " ";
        }
        if (!finding.empty() && !described) {
          f += found != findings_by_claim_.end() ? "<span class=\"note\">" + Escape(finding) + "</span>"
                                                 : Escape(finding);
        }
        why += (why.empty() ? "" : "<br>") + f;
      }
      if (!any_cell && !why.empty()) {
        out += "<td class=\"why\" colspan=\"" + std::to_string(backings_.size()) + "\">" + why + "</td>";
        why.clear();
      } else {
        for (const std::string& c : cells) out += c;
      }
      out += "<td class=\"text\">" + Escape(Text(claim, "claim"));
      const std::string note = Text(claim, "note");
      if (!note.empty()) out += "<span class=\"note\">" + Escape(note) + "</span>";
      if (!why.empty()) out += "<span class=\"note\">" + why + "</span>";
      out += "</td></tr>\n";
    }
    return out + "</table>\n";
  }

  const nlohmann::json& doc_;
  Ids ids_;
  std::vector<SuiteInfo> suites_;
  std::map<std::string, std::vector<TestRef>> tests_by_name_;
  std::vector<std::string> backings_seen_;
  std::vector<std::string> backings_;
  std::map<std::string, std::string> claim_anchor_;
  std::map<std::string, std::vector<const nlohmann::json*>> findings_by_claim_;
  report::VerdictCounts counts_computed_;
  Counts counts_;
  std::string summary_line_;
};

}  // namespace

std::string RenderHtml(const nlohmann::json& report) { return Page(report).Render(); }

}  // namespace uffdc
