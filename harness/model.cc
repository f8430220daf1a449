// SPDX-License-Identifier: GPL-2.0
#include "harness/model.h"

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"

namespace uffdc {

const char* VerdictName(Verdict v) {
  switch (v) {
    case Verdict::kPass: return "pass";
    case Verdict::kFail: return "fail";
    case Verdict::kSkip: return "skip";
    case Verdict::kXfail: return "xfail";
    case Verdict::kXpass: return "xpass";
    case Verdict::kError: return "error";
  }
  return "?";
}

std::optional<Verdict> ParseVerdict(absl::string_view name) {
  const std::string lower = absl::AsciiStrToLower(name);
  for (Verdict v : {Verdict::kPass, Verdict::kFail, Verdict::kSkip, Verdict::kXfail,
                    Verdict::kXpass, Verdict::kError}) {
    if (lower == VerdictName(v)) return v;
  }
  return std::nullopt;
}

void Counts::Add(Verdict v) {
  switch (v) {
    case Verdict::kPass: pass++; break;
    case Verdict::kFail: fail++; break;
    case Verdict::kSkip: skip++; break;
    case Verdict::kXfail: xfail++; break;
    case Verdict::kXpass: xpass++; break;
    case Verdict::kError: error++; break;
  }
}

std::string SummaryLine(const Counts& c) {
  return absl::StrCat(c.passed(), " passed, ", c.failed(), " failed, ", c.skip, " skipped");
}

std::string TotalsLine(const Counts& c) {
  return absl::StrCat("# Totals: pass:", c.pass, " fail:", c.fail, " xfail:", c.xfail,
                      " xpass:", c.xpass, " skip:", c.skip, " error:", c.error);
}

}  // namespace uffdc
