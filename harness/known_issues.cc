// SPDX-License-Identifier: GPL-2.0
#include "harness/known_issues.h"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "fixtures/protocol.h"
#include "harness/matching.h"

namespace uffdc {

namespace {
absl::Status StringList(const nlohmann::json& v, const std::string& where, const char* key,
                        std::vector<std::string>* out) {
  if (!v.is_array()) return absl::InvalidArgumentError(absl::StrCat(where, ": ", key, " is not a list"));
  for (const nlohmann::json& e : v) {
    if (!e.is_string()) {
      return absl::InvalidArgumentError(absl::StrCat(where, ": ", key, " holds a non-string"));
    }
    out->push_back(e.get<std::string>());
  }
  return absl::OkStatus();
}
}  // namespace

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
      std::vector<std::string>* list = key == "claims"      ? &k.claims
                                       : key == "backings"  ? &k.backings
                                       : key == "signature" ? &k.signature
                                                            : nullptr;
      if (list != nullptr) {
        if (absl::Status s = StringList(*it, where, key.c_str(), list); !s.ok()) return s;
        continue;
      }
      if (key == "config") {
        if (!it->is_object()) return absl::InvalidArgumentError(where + ": config is not an object");
        for (auto c = it->begin(); c != it->end(); ++c) {
          if (!absl::StartsWith(c.key(), "CONFIG_") || !c->is_string() || c->get<std::string>().empty()) {
            return absl::InvalidArgumentError(
                absl::StrCat(where, ": config wants \"CONFIG_NAME\": \"value\", not '", c.key(), "'"));
          }
          k.config[c.key()] = c->get<std::string>();
        }
        continue;
      }
      std::string* field = key == "test"     ? &k.test
                           : key == "since"  ? &k.since
                           : key == "until"  ? &k.until
                           : key == "kind"   ? &k.kind
                           : key == "reason" ? &k.reason
                                             : nullptr;
      if (field == nullptr) return absl::InvalidArgumentError(where + ": unknown field '" + key + "'");
      if (!it->is_string()) return absl::InvalidArgumentError(where + ": " + key + " is not a string");
      *field = it->get<std::string>();
    }
    if (k.test.empty()) return absl::InvalidArgumentError(where + ": missing test");
    if (k.reason.empty()) return absl::InvalidArgumentError(where + ": missing reason");
    if (k.claims.empty()) return absl::InvalidArgumentError(where + ": missing claims");
    if (k.kind != "kernel-bug" && k.kind != "documentation") {
      return absl::InvalidArgumentError(where + ": kind must be \"kernel-bug\" or \"documentation\"");
    }
    if (k.signature.empty()) {
      return absl::InvalidArgumentError(where + ": missing signature (the failure it excuses)");
    }
    for (const std::string& b : k.backings) {
      if (std::find(std::begin(kBackings), std::end(kBackings), b) == std::end(kBackings)) {
        return absl::InvalidArgumentError(absl::StrCat(where, ": unknown backing '", b, "'"));
      }
    }
    for (const std::string& pattern : k.signature) {
      try {
        k.compiled.emplace_back(pattern, std::regex::ECMAScript);
      } catch (const std::regex_error& err) {
        return absl::InvalidArgumentError(
            absl::StrCat(where, ": signature '", pattern, "' is not a regular expression"));
      }
    }
    issues.push_back(std::move(k));
  }
  return issues;
}

std::vector<std::string> FailureLines(const std::vector<std::string>& diagnostics) {
  std::vector<std::string> out;
  for (const std::string& d : diagnostics) {
    if (IsFailureLine(d)) out.push_back(d);
  }
  return out;
}

bool MatchesSignature(const KnownIssue& issue, const std::vector<std::string>& failure_lines) {
  if (failure_lines.empty()) return false;
  std::vector<bool> used(issue.compiled.size(), false);
  for (const std::string& line : failure_lines) {
    bool covered = false;
    for (size_t i = 0; i < issue.compiled.size(); i++) {
      if (std::regex_search(line, issue.compiled[i])) covered = used[i] = true;
    }
    if (!covered) return false;  // a failure the issue does not describe
  }
  return std::all_of(used.begin(), used.end(), [](bool u) { return u; });
}

namespace {
bool ConfigMatches(const KnownIssue& k, const KernelConfig& config) {
  if (k.config.empty()) return true;
  if (config.empty()) return false;  // unknown: a conditioned issue cannot be claimed
  for (const auto& [symbol, want] : k.config) {
    if (ConfigValue(config, symbol) != want) return false;
  }
  return true;
}
}  // namespace

const KnownIssue* FindKnownIssue(const std::vector<KnownIssue>& issues, absl::string_view test,
                                 absl::string_view backing, absl::string_view release,
                                 const KernelConfig& config) {
  for (const KnownIssue& k : issues) {
    if (!GlobMatch(k.test, test)) continue;
    if (!k.backings.empty() &&
        std::find(k.backings.begin(), k.backings.end(), backing) == k.backings.end()) {
      continue;
    }
    if (!k.since.empty() && CompareKernelVersions(release, k.since) < 0) continue;
    if (!k.until.empty() && CompareKernelVersions(release, k.until) >= 0) continue;
    if (!ConfigMatches(k, config)) continue;
    return &k;
  }
  return nullptr;
}

void ApplyKnownIssues(const std::vector<KnownIssue>& issues, absl::string_view backing,
                      absl::string_view release, TestResult* t, const KernelConfig& config) {
  const KnownIssue* k = FindKnownIssue(issues, t->name, backing, release, config);
  if (k == nullptr) return;
  if (t->verdict == Verdict::kFail) {
    if (MatchesSignature(*k, FailureLines(t->diagnostics))) {
      t->verdict = Verdict::kXfail;
      t->known_issue = {.reason = k->reason, .kind = k->kind, .claims = k->claims};
    } else {
      t->diagnostics.push_back(absl::StrCat(
          "# uffdc_run: a known issue exists for this test, but this failure is not its "
          "signature (", absl::StrJoin(k->signature, " | "), "): FAIL"));
    }
  } else if (t->verdict == Verdict::kPass) {
    t->verdict = Verdict::kXpass;
    t->reason = "the known issue did not reproduce";
    t->known_issue = {.reason = k->reason, .kind = k->kind, .claims = k->claims};
  }
}

}  // namespace uffdc
