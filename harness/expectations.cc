// SPDX-License-Identifier: GPL-2.0
#include "harness/expectations.h"

#include <nlohmann/json.hpp>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"

namespace uffdc {

absl::StatusOr<std::vector<KnownIssue>> ParseKnownIssues(absl::string_view text) {
  nlohmann::json doc = nlohmann::json::parse(text.begin(), text.end(), nullptr, false);
  if (doc.is_discarded()) return absl::InvalidArgumentError("known issues: not valid JSON");
  if (!doc.is_object() || !doc.contains("known_issues") || !doc["known_issues"].is_array()) {
    return absl::InvalidArgumentError("known issues: expected {\"known_issues\": [...]}");
  }
  std::vector<KnownIssue> issues;
  int index = 0;
  for (const nlohmann::json& e : doc["known_issues"]) {
    const std::string where = absl::StrCat("known issues: entry ", index++);
    if (!e.is_object()) return absl::InvalidArgumentError(where + ": not an object");
    KnownIssue k;
    for (auto it = e.begin(); it != e.end(); ++it) {
      const std::string& key = it.key();
      if (key == "claims") {
        if (!it->is_array()) return absl::InvalidArgumentError(where + ": claims is not a list");
        for (const nlohmann::json& c : *it) {
          if (!c.is_string()) return absl::InvalidArgumentError(where + ": claim is not a string");
          k.claims.push_back(c.get<std::string>());
        }
        continue;
      }
      std::string* field = key == "test" ? &k.test : key == "since" ? &k.since
                         : key == "until" ? &k.until : key == "reason" ? &k.reason : nullptr;
      if (field == nullptr) return absl::InvalidArgumentError(where + ": unknown field '" + key + "'");
      if (!it->is_string()) return absl::InvalidArgumentError(where + ": " + key + " is not a string");
      *field = it->get<std::string>();
    }
    if (k.test.empty()) return absl::InvalidArgumentError(where + ": missing test");
    if (k.reason.empty()) return absl::InvalidArgumentError(where + ": missing reason");
    issues.push_back(std::move(k));
  }
  return issues;
}

namespace {
std::vector<int> VersionNumbers(absl::string_view v) {
  std::vector<int> out;
  size_t end = 0;
  while (end < v.size() && (absl::ascii_isdigit(v[end]) || v[end] == '.')) end++;
  for (absl::string_view part : absl::StrSplit(v.substr(0, end), '.', absl::SkipEmpty())) {
    int n = 0;
    absl::SimpleAtoi(part, &n);
    out.push_back(n);
  }
  return out;
}
}  // namespace

int CompareKernelVersions(absl::string_view a, absl::string_view b) {
  std::vector<int> x = VersionNumbers(a), y = VersionNumbers(b);
  for (size_t i = 0; i < std::max(x.size(), y.size()); i++) {
    const int p = i < x.size() ? x[i] : 0, q = i < y.size() ? y[i] : 0;
    if (p != q) return p < q ? -1 : 1;
  }
  return 0;
}

bool GlobMatch(absl::string_view pattern, absl::string_view text) {
  if (pattern.empty()) return text.empty();
  if (pattern[0] == '*') {
    for (size_t i = 0; i <= text.size(); i++) {
      if (GlobMatch(pattern.substr(1), text.substr(i))) return true;
    }
    return false;
  }
  return !text.empty() && pattern[0] == text[0] && GlobMatch(pattern.substr(1), text.substr(1));
}

const KnownIssue* FindKnownIssue(const std::vector<KnownIssue>& issues, absl::string_view test,
                                 absl::string_view release) {
  for (const KnownIssue& k : issues) {
    if (!GlobMatch(k.test, test)) continue;
    if (!k.since.empty() && CompareKernelVersions(release, k.since) < 0) continue;
    if (!k.until.empty() && CompareKernelVersions(release, k.until) >= 0) continue;
    return &k;
  }
  return nullptr;
}

void ApplyKnownIssues(const std::vector<KnownIssue>& issues, absl::string_view release,
                      std::vector<TestResult>* tests) {
  for (TestResult& t : *tests) {
    const KnownIssue* k = FindKnownIssue(issues, t.name, release);
    if (k == nullptr) continue;
    if (t.verdict == Verdict::kFail) {
      t.verdict = Verdict::kXfail;
      t.reason = absl::StrCat("known issue: ", k->reason);
    } else if (t.verdict == Verdict::kPass) {
      t.verdict = Verdict::kXpass;
      t.reason = absl::StrCat("known issue did not reproduce: ", k->reason);
    }
  }
}

}  // namespace uffdc
