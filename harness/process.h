// SPDX-License-Identifier: GPL-2.0
// Running one suite binary: its own process group, stdout and stderr merged (the
// kselftest harness logs diagnostics to stderr), output handed over line by line
// as it arrives, and a hard deadline after which the group is terminated
// (SIGTERM, then SIGKILL) so that nothing outlives the runner.
#ifndef UFFDC_HARNESS_PROCESS_H_
#define UFFDC_HARNESS_PROCESS_H_

#include <functional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"

namespace uffdc {

// How the binary ended.
struct ProcessEnd {
  bool timed_out = false;
  double timeout_seconds = 0;
  int exit_code = 0;      // when it exited
  int signal = 0;         // when a signal killed it
  bool spawn_failed = false;
  std::string spawn_error;
};

struct ProcessRun {
  std::string output;  // everything it printed
  ProcessEnd end;
  absl::Duration duration;
};

ProcessRun RunWithTimeout(const std::vector<std::string>& argv, absl::Duration timeout,
                          const std::function<void(const std::string& line)>& on_line);

// The names of a kselftest binary's tests, from its "-l" listing.
absl::StatusOr<std::vector<std::string>> ListTests(const std::string& path);

}  // namespace uffdc

#endif  // UFFDC_HARNESS_PROCESS_H_
