// SPDX-License-Identifier: GPL-2.0
#include "harness/matching.h"

#include <algorithm>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_split.h"

namespace uffdc {

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

}  // namespace uffdc
