// SPDX-License-Identifier: GPL-2.0
// uffd_rwp_bench's results: each operation's samples reduced to min and median,
// the ratio of each to the mprotect+SIGSEGV baseline, the table people read, the
// JSON document machines read back, and the comparison with an earlier document.
// No kernel calls here, so all of it is unit-tested on the host.
#ifndef UFFDC_SUITES_BENCH_REPORT_H_
#define UFFDC_SUITES_BENCH_REPORT_H_

#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "absl/status/statusor.h"

namespace uffdc::bench {

// The operation every other one is divided by.
inline constexpr char kBaselineOp[] = "mprotect_segv";

// How far an operation's ratio may grow against an earlier run before --baseline
// calls it a regression.
inline constexpr double kRegressionFactor = 2.0;

struct Op {
  std::string name;         // stable key, e.g. "rwp_sync_fault"
  std::string description;  // one line for the table
  uint64_t bytes = 0;       // what one operation covers
  uint64_t iterations = 0;  // samples kept (warm-up excluded)
  int64_t min_ns = 0;
  int64_t median_ns = 0;
  std::string skipped;  // why the machine could not measure it ("" when it did)
  std::string error;    // the call that failed while measuring it ("" when none)
  bool measured() const { return skipped.empty() && error.empty(); }
};

// Min and median (the lower middle sample) of `samples`; {0, 0} when empty.
struct MinMedian {
  int64_t min = 0;
  int64_t median = 0;
};
MinMedian Reduce(std::vector<int64_t> samples);

struct Timing {
  bool emulated = false;  // software emulation (TCG): absolute times mean little
  std::string evidence;   // what decided it ("/proc/cpuinfo model name: QEMU TCG ...")
  bool show_absolute = false;
};

// Emulated when the CPU model is QEMU's own (TCG's "QEMU TCG CPU", or a QEMU
// model without the hypervisor flag a KVM guest sees). `cpuinfo` is the text of
// /proc/cpuinfo.
Timing DetectTiming(const std::string& cpuinfo);

struct Report {
  std::string kernel;  // uname -r
  Timing timing;
  std::vector<Op> ops;
};

// The op's median (min) divided by the baseline's median (min); 0 when either is
// missing or skipped.
double MedianRatio(const Report& report, const Op& op);
double MinRatio(const Report& report, const Op& op);

// The table: one row per op with its ratios to the baseline, absolute times only
// when report.timing.show_absolute, and a first line saying which and why.
std::string RenderTable(const Report& report);

nlohmann::json ToJson(const Report& report);
// A document ToJson wrote; an error (one line) for anything else.
absl::StatusOr<Report> ReportFromJson(const nlohmann::json& doc);
// Reads and parses FILE; errors name the file.
absl::StatusOr<Report> ReadReport(const std::string& path);

struct Comparison {
  std::vector<std::string> lines;      // one per op both runs measured, then the notes
  std::vector<std::string> regressed;  // ops whose ratio grew more than kRegressionFactor
};
// `now` against `before`, by median ratio to each run's own baseline, so that runs on
// machines of different speed compare.
Comparison Compare(const Report& before, const Report& now);

}  // namespace uffdc::bench

#endif  // UFFDC_SUITES_BENCH_REPORT_H_
