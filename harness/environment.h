// SPDX-License-Identifier: GPL-2.0
// What the runner records about the machine a run happened on, the findings it
// derives from that (claims about versions and configuration, reported as findings
// rather than test failures), and the kernel's health around the run.
#ifndef UFFDC_HARNESS_ENVIRONMENT_H_
#define UFFDC_HARNESS_ENVIRONMENT_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "fixtures/needs.h"

namespace uffdc {

// The kernel's configuration, symbol -> value ("y", "m", "0x1000"); empty when
// the runner could not read it.
using KernelConfig = std::map<std::string, std::string>;

struct Environment {
  std::string release, version, machine;  // uname
  SystemInfo system;                      // UFFDIO_API mask, hugepages, swap, NUMA, root
  uint64_t hugepages_total = 0;
  std::string config_rwp = "unknown";  // CONFIG_USERFAULTFD_RWP: "y", "n" or "unknown"
  std::string config_source;           // the file it was read from
  KernelConfig config;                 // every set symbol; empty when unknown
};

Environment CollectEnvironment();

// UFFDIO_API's feature mask as "0x7ffff"; "" when userfaultfd is unusable.
std::string FeatureMask(const Environment& env);
// The name of each feature bit offered, lowest bit first.
std::vector<std::string> FeatureList(const Environment& env);

// Every "CONFIG_X=value" line of a kernel config text.
KernelConfig ParseKernelConfig(const std::string& config_text);
// A symbol's value ("y", "m", ...), or "n" when it is unset or absent.
std::string ConfigValue(const KernelConfig& config, const std::string& symbol);

struct Finding {
  std::string claim;   // "VER-1"
  std::string status;  // "agrees", "contradicts", "unknown"
  std::string text;
};

// VER-1 (the man pages' "since Linux 7.2"), VER-2 (both bits together), API-6
// (the config symbol agrees with the feature bits) and, on a kernel built without
// CONFIG_USERFAULTFD_RWP, API-5 (no bit offered), for this environment.
std::vector<Finding> DeriveFindings(const Environment& env);

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

#endif  // UFFDC_HARNESS_ENVIRONMENT_H_
