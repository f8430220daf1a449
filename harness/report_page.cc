// SPDX-License-Identifier: GPL-2.0
#include "harness/report_page.h"

#include <cctype>
#include <cstdio>
#include <set>
#include <utility>

#include "harness/report_text.h"

namespace uffdc {
namespace html {

using report::Escape;

// The page's only styling. No url(), no @import, no web fonts: nothing to fetch.
namespace {

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

}  // namespace

std::string Slug(const std::string& text) {
  std::string out;
  for (unsigned char c : text) {
    const bool keep = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                      c == '.' || c == '_' || c == '-';
    out += keep ? static_cast<char>(c) : '_';
  }
  return out.empty() ? "_" : out;
}

std::string Ids::Make(const std::string& base) {
  std::string id = base;
  for (int n = 2; !used_.insert(id).second; ++n) id = base + "-" + std::to_string(n);
  return id;
}

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

std::string Badge(const std::string& word, const std::string& label) {
  const std::string shown = label.empty() ? (word.empty() ? "?" : word) : label;
  return "<span class=\"badge v-" + Kind(word) + "\">" + Escape(shown) + "</span>";
}

std::string CountChips(const Counts& counts) {
  std::string out = "<ul class=\"counts\">";
  const std::pair<const char*, int> chips[] = {
      {"pass", counts.pass},   {"fail", counts.fail},   {"error", counts.error},
      {"skip", counts.skip},   {"xfail", counts.xfail}, {"xpass", counts.xpass}};
  for (const auto& [word, n] : chips) {
    out += std::string("<li class=\"v-") + word + (n == 0 ? " zero" : "") + "\"><b>" +
           std::to_string(n) + "</b>" + word + "</li>";
  }
  return out + "</ul>";
}

std::string Document(const std::string& title, const std::string& generator,
                     const std::string& body, const std::string& extra_style) {
  std::string out;
  out += "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n";
  out += "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
         "style-src 'unsafe-inline'\">\n";
  out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
  out += "<meta name=\"generator\" content=\"uffd-conformance " + Escape(generator, true) + "\">\n";
  out += "<title>" + Escape(title) + "</title>\n<style>" + std::string(kStyle) + extra_style +
         "</style>\n";
  out += "</head>\n<body>\n<main>\n" + body + "</main>\n</body>\n</html>\n";
  return out;
}

}  // namespace html
}  // namespace uffdc
