// SPDX-License-Identifier: GPL-2.0
// The kernel's health around a run: the taint mask before and after, and the
// kernel log lines that show a kernel bug (harness/kernel_problems.txt).
#ifndef UFFDC_HARNESS_HEALTH_H_
#define UFFDC_HARNESS_HEALTH_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace uffdc {

// Kernel health: the taint mask and new kernel log lines that show a kernel bug.
class HealthMonitor {
 public:
  // Records the taint mask and positions itself at the end of the kernel log.
  HealthMonitor();
  ~HealthMonitor();
  struct Report {
    bool ok = true;
    std::optional<uint64_t> taint_before, taint_after;
    std::vector<std::string> kernel_log;  // matching lines, quoted
    std::vector<std::string> problems;    // one line each
  };
  // The problem lines logged since the last Poll() (so that the runner can name
  // the test that was running when they appeared).
  std::vector<std::string> Poll();
  // Reads what happened since construction.
  Report Finish();

 private:
  std::optional<uint64_t> taint_before_;
  int kmsg_fd_ = -1;
  std::vector<std::string> kernel_log_;
};

// Whether a kernel log line reports a kernel bug (harness/kernel_problems.txt).
bool IsKernelProblemLine(const std::string& line);

}  // namespace uffdc

#endif  // UFFDC_HARNESS_HEALTH_H_
