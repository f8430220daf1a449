// SPDX-License-Identifier: GPL-2.0
#include "harness/health.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <regex>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "fixtures/sysfs.h"

namespace uffdc {
namespace {

std::optional<uint64_t> ReadTaint() {
  absl::StatusOr<std::string> t = ReadFile("/proc/sys/kernel/tainted");
  uint64_t v;
  if (t.ok() && absl::SimpleAtoi(absl::StripAsciiWhitespace(*t), &v)) return v;
  return std::nullopt;
}

constexpr char kKernelProblems[] =
#include "harness/kernel_problems.inc"
    ;

const std::vector<std::regex>& KernelProblemPatterns() {
  static const std::vector<std::regex>* patterns = [] {
    auto* out = new std::vector<std::regex>;
    for (absl::string_view line : absl::StrSplit(kKernelProblems, '\n', absl::SkipEmpty())) {
      if (absl::StartsWith(line, "#")) continue;
      out->emplace_back(std::string(line), std::regex::extended);
    }
    return out;
  }();
  return *patterns;
}
}  // namespace

bool IsKernelProblemLine(const std::string& line) {
  for (const std::regex& re : KernelProblemPatterns()) {
    if (std::regex_search(line, re)) return true;
  }
  return false;
}

HealthMonitor::HealthMonitor() : taint_before_(ReadTaint()) {
  kmsg_fd_ = open("/dev/kmsg", O_RDONLY | O_NONBLOCK | O_CLOEXEC);
  if (kmsg_fd_ >= 0) lseek(kmsg_fd_, 0, SEEK_END);
}

HealthMonitor::~HealthMonitor() {
  if (kmsg_fd_ >= 0) close(kmsg_fd_);
}

std::vector<std::string> HealthMonitor::Poll() {
  std::vector<std::string> fresh;
  if (kmsg_fd_ >= 0) {
    char rec[8192];
    for (;;) {
      ssize_t n = read(kmsg_fd_, rec, sizeof(rec) - 1);
      if (n < 0 && errno == EPIPE) continue;  // overwritten records: keep reading
      if (n <= 0) break;
      rec[n] = '\0';
      // "prio,seq,usec,flags;message\n"
      std::string line(rec, n);
      size_t semi = line.find(';');
      std::string msg = semi == std::string::npos ? line : line.substr(semi + 1);
      while (!msg.empty() && msg.back() == '\n') msg.pop_back();
      if (IsKernelProblemLine(msg)) fresh.push_back(msg);
    }
  }
  kernel_log_.insert(kernel_log_.end(), fresh.begin(), fresh.end());
  return fresh;
}

HealthMonitor::Report HealthMonitor::Finish() {
  Report r;
  r.taint_before = taint_before_;
  r.taint_after = ReadTaint();
  if (r.taint_before && r.taint_after && *r.taint_before != *r.taint_after) {
    r.problems.push_back(absl::StrCat("kernel taint changed during the run: ", *r.taint_before,
                                      " -> ", *r.taint_after));
  }
  Poll();
  r.kernel_log = kernel_log_;
  {
    if (!r.kernel_log.empty()) {
      r.problems.push_back(absl::StrCat(r.kernel_log.size(),
                                        " kernel log line(s) report a kernel bug during the run"));
    }
  }
  r.ok = r.problems.empty();
  return r;
}

}  // namespace uffdc
