// SPDX-License-Identifier: GPL-2.0
#include "harness/tap.h"

#include <csignal>
#include <cstring>
#include <set>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"

namespace uffdc {

namespace {

// "ok 3 name # SKIP why" -> {ok, 3, name, directive "SKIP", "why"}
struct ResultLine {
  bool ok;
  int number;
  std::string name;
  std::string directive;  // upper-cased: SKIP, XFAIL, XPASS, TODO, or empty
  std::string directive_text;
};

std::optional<ResultLine> ParseResultLine(absl::string_view line) {
  ResultLine r;
  if (absl::ConsumePrefix(&line, "not ok")) {
    r.ok = false;
  } else if (absl::ConsumePrefix(&line, "ok")) {
    r.ok = true;
  } else {
    return std::nullopt;
  }
  if (!line.empty() && line[0] != ' ') return std::nullopt;  // "okay", "ok3"
  line = absl::StripLeadingAsciiWhitespace(line);
  size_t digits = 0;
  while (digits < line.size() && absl::ascii_isdigit(line[digits])) digits++;
  if (digits == 0 || !absl::SimpleAtoi(line.substr(0, digits), &r.number)) return std::nullopt;
  line.remove_prefix(digits);
  absl::ConsumePrefix(&line, " -");
  // The directive starts at the first unescaped " # ".
  size_t hash = line.find(" # ");
  absl::string_view name = hash == absl::string_view::npos ? line : line.substr(0, hash);
  r.name = std::string(absl::StripAsciiWhitespace(name));
  if (hash != absl::string_view::npos) {
    absl::string_view d = absl::StripAsciiWhitespace(line.substr(hash + 3));
    size_t sp = d.find(' ');
    r.directive = absl::AsciiStrToUpper(d.substr(0, sp));
    if (sp != absl::string_view::npos) {
      r.directive_text = std::string(absl::StripAsciiWhitespace(d.substr(sp)));
    }
  }
  return r;
}

}  // namespace

bool IsResultLine(absl::string_view line) { return ParseResultLine(line).has_value(); }

std::optional<TestResult> TapStream::Feed(absl::string_view raw) {
  absl::string_view line = absl::StripTrailingAsciiWhitespace(raw);
  if (in_yaml_) {
    if (absl::StripAsciiWhitespace(line) == "...") in_yaml_ = false;
    return std::nullopt;
  }
  if (line.empty()) return std::nullopt;
  if (absl::StartsWith(line, "#")) {
    pending_.emplace_back(line);
    return std::nullopt;
  }
  if (absl::StartsWith(line, "TAP version") || absl::StartsWith(line, "KTAP version")) {
    return std::nullopt;
  }
  if (absl::StartsWith(absl::StripLeadingAsciiWhitespace(line), "---")) {
    in_yaml_ = true;
    return std::nullopt;
  }
  if (absl::StartsWith(line, "Bail out!")) {
    tap_.bailed_out = true;
    tap_.problems.push_back(std::string(line));
    return std::nullopt;
  }
  int n;
  if (absl::ConsumePrefix(&line, "1..")) {
    absl::string_view count = line.substr(0, line.find(' '));
    if (absl::SimpleAtoi(count, &n) && !tap_.plan.has_value()) {
      tap_.plan = n;
    } else {
      tap_.problems.push_back(absl::StrCat("malformed or repeated plan: 1..", line));
    }
    return std::nullopt;
  }
  std::optional<ResultLine> r = ParseResultLine(line);
  if (!r.has_value()) {
    tap_.problems.push_back(absl::StrCat("not TAP: ", line));
    return std::nullopt;
  }
  for (const TestResult& seen : tap_.tests) {
    if (seen.number == r->number) {
      tap_.problems.push_back(absl::StrCat("duplicate result number ", r->number));
      break;
    }
  }
  TestResult t;
  t.number = r->number;
  t.name = r->name;
  t.diagnostics = std::move(pending_);
  pending_.clear();
  if (r->directive == "SKIP") {
    t.verdict = Verdict::kSkip;  // "not ok # SKIP" is a skip too (TAP 13)
    t.reason = r->directive_text;
  } else if (r->directive == "XFAIL" || (r->directive == "TODO" && !r->ok)) {
    t.verdict = Verdict::kXfail;
    t.reason = r->directive_text;
  } else if (r->directive == "XPASS" || (r->directive == "TODO" && r->ok)) {
    t.verdict = Verdict::kXpass;
    t.reason = r->directive_text;
  } else if (r->ok) {
    t.verdict = Verdict::kPass;
  } else if (r->directive == "ERROR") {  // kselftest.h's ksft_test_result_error
    t.verdict = Verdict::kError;
    t.reason = r->directive_text;
  } else {
    t.verdict = Verdict::kFail;
    t.reason = r->directive_text;
    for (const std::string& d : t.diagnostics) {
      size_t at = d.find(kSetupErrorMark);
      if (at != std::string::npos) {
        t.verdict = Verdict::kError;
        t.reason = d.substr(at);
        break;
      }
    }
    // The first line that says why it failed; else the last one that is not the
    // harness's own bookkeeping.
    for (const std::string& d : t.diagnostics) {
      if (!t.reason.empty()) break;
      if (IsFailureLine(d)) t.reason = std::string(absl::StripLeadingAsciiWhitespace(absl::StripPrefix(d, "#")));
    }
    for (auto it = t.diagnostics.rbegin(); it != t.diagnostics.rend() && t.reason.empty(); ++it) {
      absl::string_view d = absl::StripLeadingAsciiWhitespace(absl::StripPrefix(*it, "#"));
      if (absl::StartsWith(d, "RUN ") || absl::StartsWith(d, "FAIL ") ||
          absl::StartsWith(d, "OK ") || d.empty() ||
          absl::StrContains(d, ": Test terminated by assertion") ||
          absl::StrContains(d, ": Test failed")) {
        continue;  // the harness's own bookkeeping, not the cause
      }
      t.reason = std::string(d);
    }
  }
  tap_.tests.push_back(t);
  return t;
}

SuiteTap ParseTap(absl::string_view output) {
  TapStream stream;
  for (absl::string_view line : absl::StrSplit(output, '\n')) stream.Feed(line);
  return stream.tap();
}

namespace {
TestResult Pseudo(const std::string& binary, Verdict v, std::string reason) {
  TestResult t;
  t.name = binary;
  t.verdict = v;
  t.reason = std::move(reason);
  return t;
}
}  // namespace

void ReconcileWithProcess(const std::string& binary, const ProcessEnd& end, SuiteTap* tap) {
  if (end.spawn_failed) {
    tap->tests.push_back(Pseudo(binary, Verdict::kError, "could not run: " + end.spawn_error));
    return;
  }
  const int reported = static_cast<int>(tap->tests.size());
  if (end.timed_out) {
    tap->tests.push_back(Pseudo(
        binary, Verdict::kFail,
        absl::StrFormat("timed out after %.0fs (killed); %d test(s) reported%s", end.timeout_seconds,
                        reported, tap->plan ? absl::StrCat(" of ", *tap->plan) : "")));
    return;
  }
  if (end.signal != 0) {
    tap->tests.push_back(Pseudo(binary, Verdict::kFail,
                                absl::StrFormat("crashed: killed by signal %d (%s) after %d test(s)",
                                                end.signal, strsignal(end.signal), reported)));
    return;
  }
  if (!tap->plan.has_value()) {
    tap->tests.push_back(Pseudo(binary, Verdict::kFail,
                                absl::StrCat("malformed TAP: no plan line (exit code ",
                                             end.exit_code, ")")));
    return;
  }
  if (reported < *tap->plan) {
    tap->tests.push_back(Pseudo(binary, Verdict::kFail,
                                absl::StrCat("truncated TAP: plan 1..", *tap->plan, " but ",
                                             reported, " result(s) (exit code ", end.exit_code,
                                             ")")));
    return;
  }
  if (reported > *tap->plan) {
    tap->tests.push_back(Pseudo(binary, Verdict::kFail,
                                absl::StrCat("malformed TAP: plan 1..", *tap->plan, " but ",
                                             reported, " results")));
    return;
  }
  if (tap->bailed_out) {
    tap->tests.push_back(Pseudo(binary, Verdict::kFail, "bailed out: " + tap->problems.back()));
    return;
  }
  // kselftest exit codes: 0 pass, 4 all skipped; 1 when a test failed.
  bool any_failed = false;
  for (const TestResult& t : tap->tests) {
    any_failed |= t.verdict == Verdict::kFail || t.verdict == Verdict::kError;
  }
  if (end.exit_code != 0 && end.exit_code != 4 && !any_failed) {
    tap->tests.push_back(Pseudo(binary, Verdict::kFail,
                                absl::StrCat("exited with code ", end.exit_code,
                                             " although every test passed or skipped")));
  }
}

}  // namespace uffdc
