// SPDX-License-Identifier: GPL-2.0
#include "harness/claims.h"

#include <nlohmann/json.hpp>
#include <algorithm>
#include <set>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "absl/strings/match.h"
#include "fixtures/protocol.h"
#include "harness/matching.h"

namespace uffdc {

using claim_status::kBuild;
using claim_status::kDeviated;
using claim_status::kFailed;
using claim_status::kFinding;
using claim_status::kHeld;
using claim_status::kNotRun;
using claim_status::kPartlyChecked;
using claim_status::kSkipped;
using claim_status::kUntestable;

absl::StatusOr<std::vector<Claim>> ParseClaims(absl::string_view text) {
  nlohmann::json doc = nlohmann::json::parse(text.begin(), text.end(), nullptr, false);
  if (doc.is_discarded() || !doc.is_object() || !doc.contains("claims") ||
      !doc["claims"].is_array()) {
    return absl::InvalidArgumentError("claims: expected {\"claims\": [...]}");
  }
  std::vector<Claim> claims;
  std::set<std::string> seen;
  for (const nlohmann::json& e : doc["claims"]) {
    if (!e.is_object() || !e.contains("id") || !e["id"].is_string()) {
      return absl::InvalidArgumentError("claims: an entry has no id");
    }
    Claim c;
    c.id = e["id"].get<std::string>();
    if (!seen.insert(c.id).second) return absl::InvalidArgumentError("claims: duplicate " + c.id);
    auto str = [&](const char* key, std::string* out) {
      if (e.contains(key) && e[key].is_string()) *out = e[key].get<std::string>();
    };
    str("claim", &c.text);
    str("backings", &c.backings);
    str("note", &c.note);
    str("finding", &c.finding);
    str("build", &c.build);
    str("untestable", &c.untestable);
    str("gap", &c.gap);
    if (e.contains("sources") && e["sources"].is_array()) {
      for (const nlohmann::json& t : e["sources"]) c.sources.push_back(t.get<std::string>());
    }
    if (e.contains("tests") && e["tests"].is_array()) {
      for (const nlohmann::json& t : e["tests"]) c.tests.push_back(t.get<std::string>());
    }
    if (c.tests.empty() && c.finding.empty() && c.untestable.empty() && c.build.empty()) {
      return absl::InvalidArgumentError(
          absl::StrCat("claims: ", c.id, " has no test, finding, build check or untestable reason"));
    }
    claims.push_back(std::move(c));
  }
  return claims;
}

namespace {
// Whether one of the claim's test patterns names `test_name`.
bool Covers(const Claim& claim, const std::string& test_name) {
  for (const std::string& pattern : claim.tests) {
    if (GlobMatch(pattern, test_name)) return true;
  }
  return false;
}

int Severity(Verdict v) {
  switch (v) {
    case Verdict::kSkip: return 0;
    case Verdict::kPass: return 1;
    case Verdict::kXfail: return 2;
    case Verdict::kXpass: return 3;
    case Verdict::kError: return 4;
    case Verdict::kFail: return 5;
  }
  return 0;
}
}  // namespace

std::vector<std::string> ClaimBackings(const Claim& claim) {
  const std::vector<std::string> all(std::begin(kBackings), std::end(kBackings));
  std::string letters = claim.backings.substr(0, claim.backings.find('('));
  if (letters.find("all") != std::string::npos || letters.find("n/a") != std::string::npos) {
    return all;
  }
  std::vector<std::string> out;
  for (absl::string_view part : absl::StrSplit(letters, ',', absl::SkipWhitespace())) {
    part = absl::StripAsciiWhitespace(part);
    if (part == "A") out.push_back("anon");
    if (part == "S") out.push_back("shmem");
    if (part == "H") out.push_back("hugetlb");
  }
  return out.empty() ? all : out;
}

namespace {
std::string BackingStatus(const std::vector<const RunResult*>& results) {
  if (results.empty()) return kNotRun;
  bool bad = false, deviated = false, passed = false, skipped = false;
  for (const RunResult* r : results) {
    const Verdict v = r->test.verdict;
    bad |= IsFailure(v);
    deviated |= v == Verdict::kXfail;
    passed |= v == Verdict::kPass;
    skipped |= v == Verdict::kSkip;
  }
  if (bad) return kFailed;
  if (deviated) return kDeviated;
  if (passed) return skipped ? kPartlyChecked : kHeld;
  return kSkipped;
}
}  // namespace

std::vector<RunResult> AllResults(const RunData& run) {
  std::vector<RunResult> out;
  for (const SuiteRun& s : run.suites) {
    for (const TestResult& t : s.tests) out.push_back({s.backing, t});
  }
  return out;
}

std::vector<std::string> ClaimsOf(const std::vector<Claim>& claims, const std::string& test_name) {
  std::vector<std::string> ids;
  for (const Claim& c : claims) {
    if (Covers(c, test_name)) ids.push_back(c.id);
  }
  return ids;
}

std::vector<ClaimStatus> JoinClaims(const std::vector<Claim>& claims,
                                    const std::vector<RunResult>& results) {
  std::vector<ClaimStatus> out;
  for (const Claim& c : claims) {
    ClaimStatus s{&c, {}, {}, "", {}};
    std::map<std::string, std::vector<const RunResult*>> on;
    for (const RunResult& r : results) {
      if (!Covers(c, r.test.name)) continue;
      s.results.push_back(&r);
      on[r.backing].push_back(&r);
      auto it = s.by_backing.find(r.backing);
      if (it == s.by_backing.end() || Severity(r.test.verdict) > Severity(it->second)) {
        s.by_backing[r.backing] = r.test.verdict;
      }
    }
    if (!c.untestable.empty()) {
      s.status = kUntestable;
    } else if (c.tests.empty()) {
      s.status = c.build.empty() ? kFinding : kBuild;
    } else {
      std::set<std::string> seen;
      for (const std::string& b : ClaimBackings(c)) {
        s.backing_status[b] = BackingStatus(on[b]);
        seen.insert(s.backing_status[b]);
      }
      if (seen.count(kFailed)) {
        s.status = kFailed;
      } else if (seen.count(kDeviated)) {
        s.status = kDeviated;
      } else if (seen == std::set<std::string>{kHeld}) {
        s.status = kHeld;
      } else if (seen.count(kHeld) || seen.count(kPartlyChecked)) {
        s.status = kPartlyChecked;
      } else if (seen.count(kSkipped)) {
        // Only the kernel's configuration kept it from running: say which part.
        std::set<std::string> tags;
        bool environment = false;
        for (const RunResult* r : s.results) {
          const std::string tag = NeedTagOf(r->test.reason);
          tags.insert(tag.empty() ? "?" : tag);
          environment |= tag.empty() || IsEnvironmentTag(tag);
        }
        s.status = environment ? kSkipped
                               : absl::StrCat("not testable on this kernel (no ",
                                              absl::StrJoin(tags, ", no "), ")");
      } else {
        s.status = kNotRun;
      }
    }
    out.push_back(std::move(s));
  }
  return out;
}

std::string ClaimsReport(const std::vector<ClaimStatus>& statuses,
                         const std::map<std::string, std::string>& found) {
  std::string out;
  std::map<std::string, int> totals;
  std::set<std::string> tests;
  int bugs = 0, documentation = 0;
  std::vector<const ClaimStatus*> gaps;
  for (const ClaimStatus& s : statuses) {
    const Claim& c = *s.claim;
    if (c.is_gap()) {
      gaps.push_back(&s);
      continue;
    }
    std::string line = absl::StrFormat("%-9s", c.id);
    const std::string kind = absl::StartsWith(s.status, "not testable") ? "not testable on this kernel"
                                                                        : s.status;
    totals[kind]++;
    if (s.status == kUntestable) {
      absl::StrAppend(&line, "untestable here: ", c.untestable);
    } else if (s.status == kFinding) {
      auto f = found.find(c.id);
      absl::StrAppend(&line, "runner finding: ", f != found.end() ? f->second : c.finding);
    } else if (s.status == kBuild) {
      absl::StrAppend(&line, "checked at build time: ", c.build);
    } else {
      std::vector<std::string> parts;
      for (const auto& [backing, status] : s.backing_status) {
        parts.push_back(absl::StrCat(backing, " ", status));
      }
      std::set<std::string> names;
      for (const RunResult* r : s.results) {
        names.insert(r->test.name);
        if (r->test.verdict != Verdict::kSkip) tests.insert(r->test.name);
        if (r->test.verdict == Verdict::kXfail) {
          (r->test.known_issue.kind == "documentation" ? documentation : bugs)++;
        }
      }
      absl::StrAppend(&line, s.status, " (", absl::StrJoin(parts, ", "), "; ", names.size(),
                      " test run", names.size() == 1 ? "" : "s", ")");
    }
    absl::StrAppend(&out, line, "\n");
  }
  auto n = [&](const char* k) { return totals.count(k) ? totals[k] : 0; };
  absl::StrAppend(&out, "claims: ", statuses.size() - gaps.size(), " in all; ", n(kHeld), " held, ",
                  n(kPartlyChecked), " partly checked, ", n(kDeviated),
                  " deviated (known issues: ", bugs, " kernel-bug and ", documentation,
                  " documentation results), ", n(kFailed), " failed, ",
                  n("not testable on this kernel"), " not testable on this kernel, ",
                  n(kSkipped), " skipped, ", n(kNotRun), " not run; ", n(kFinding),
                  " runner findings, ", n(kBuild), " checked at build time, ", n(kUntestable),
                  " untestable here; ", tests.size(), " test runs decided them\n");
  // The catalogue's discrepancies the suite pins down: not claims of the pages, so
  // outside the totals; their status says whether this kernel did what the tests
  // record.
  for (const ClaimStatus* s : gaps) {
    std::vector<std::string> parts;
    for (const auto& [backing, status] : s->backing_status) parts.push_back(backing + " " + status);
    std::set<std::string> names;
    for (const RunResult* r : s->results) names.insert(r->test.name);
    absl::StrAppend(&out, absl::StrFormat("%-9s", s->claim->id), "not in the pages: ", s->claim->gap,
                    "; this kernel: ", s->status, " (", absl::StrJoin(parts, ", "), "; ",
                    names.size(), " test", names.size() == 1 ? "" : "s", ")\n");
  }
  return out;
}

namespace {
// The catalogue's source keys (shared/spec/claims.md) and the documents they name.
const std::map<std::string, std::string>& SourceDocuments() {
  static const auto* docs = new std::map<std::string, std::string>{
      {"M-uffd", "userfaultfd(2)"},
      {"M-rwp", "UFFDIO_RWPROTECT(2const)"},
      {"M-set", "UFFDIO_SET_MODE(2const)"},
      {"M-api", "UFFDIO_API(2const)"},
      {"M-reg", "UFFDIO_REGISTER(2const)"},
      {"M-ioctl", "ioctl_userfaultfd(2)"},
      {"M-base", "man-pages text the RWP series left unchanged"},
      {"K-uffd", "Documentation/admin-guide/mm/userfaultfd.rst"},
      {"K-pm", "Documentation/admin-guide/mm/pagemap.rst"},
      {"H", "include/uapi/linux/userfaultfd.h"},
      {"H-fs", "include/uapi/linux/fs.h"},
      {"C4", "the kernel series' v4 cover letter"},
      {"C10", "the kernel series' v10 cover letter"},
      {"T", "the man-pages maintainer thread"},
  };
  return *docs;
}
}  // namespace

std::string ClaimsBySource(const std::vector<ClaimStatus>& statuses,
                           const std::string& kernel_release) {
  std::string out;
  for (const auto& [key, document] : SourceDocuments()) {
    std::vector<const ClaimStatus*> of;
    for (const ClaimStatus& s : statuses) {
      const auto& src = s.claim->sources;
      if (std::find(src.begin(), src.end(), key) != src.end()) of.push_back(&s);
    }
    if (of.empty()) continue;
    absl::StrAppend(&out, "== ", document, " (", key, "): ", of.size(), " claims\n");
    for (const ClaimStatus* s : of) {
      std::vector<std::string> parts;
      for (const auto& [backing, status] : s->backing_status) parts.push_back(backing + " " + status);
      absl::StrAppend(&out, absl::StrFormat("%-9s", s->claim->id), s->status,
                      parts.empty() ? "" : absl::StrCat(" (", absl::StrJoin(parts, ", "), ")"), "\n");
      if (s->status != kFailed && s->status != kDeviated) continue;
      absl::StrAppend(&out, "    the claim: ", s->claim->text, "\n    kernel: ", kernel_release, "\n");
      std::set<std::string> said;
      for (const RunResult* r : s->results) {
        const Verdict v = r->test.verdict;
        if (v == Verdict::kPass || v == Verdict::kSkip) continue;
        if (!r->test.known_issue.empty() && said.insert(r->test.known_issue.reason).second) {
          absl::StrAppend(&out, "    known ", r->test.known_issue.kind, ": ", r->test.known_issue.reason, "\n");
        }
        absl::StrAppend(&out, "    evidence (", r->test.name, "): ", r->test.reason, "\n");
      }
    }
  }
  return out;
}

}  // namespace uffdc
