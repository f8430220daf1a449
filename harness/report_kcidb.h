// SPDX-License-Identifier: GPL-2.0
// The run (harness/model.h) as a KCIDB I/O document, schema v5.3
// (kernelci/kcidb-io), ready for kcidb-submit:
//   - one test object per result, path "uffd-conformance.<backing>.<test>",
//     plus one per suite binary ("uffd-conformance.<backing>") summarising it;
//   - status: pass PASS, fail FAIL, error ERROR, skip SKIP, xfail FAIL (the kernel
//     did contradict the claim; the known issue is attached as an incident), xpass
//     PASS (with an incident saying the known issue was absent); a suite binary
//     that never started is MISS;
//   - every known issue that matched (xfail/xpass) becomes a KCIDB issue, and each
//     matching test an incident (present: true for xfail, false for xpass).
// Checkout and build objects belong to whoever built the kernel: with a build ID
// given, the document refers to it and carries neither. Without one, it describes
// the kernel it ran on as a build of its own origin (ID from the kernel release).
#ifndef UFFDC_HARNESS_REPORT_KCIDB_H_
#define UFFDC_HARNESS_REPORT_KCIDB_H_

#include <nlohmann/json.hpp>
#include <string>

#include "absl/status/status.h"
#include "harness/model.h"

namespace uffdc {

inline constexpr int kKcidbMajor = 5;
inline constexpr int kKcidbMinor = 3;

struct KcidbOptions {
  std::string origin = "uffd_conformance";  // [a-z0-9_]+
  std::string checkout_id;  // "origin:..."; "" = derived from the kernel release
  std::string build_id;     // "origin:..."; "" = derived (and a build object emitted)
  std::string run_id;       // makes test IDs unique; "" = derived from the start time
  std::string log_url;      // URL of the run's full log, if published
};

// Bad input (an origin or ID that does not match the schema's patterns), as a
// message naming the flag.
absl::Status ValidateKcidbOptions(const KcidbOptions& options);

nlohmann::json RenderKcidb(const RunData& run, const KcidbOptions& options);

// The KCIDB options from the --kcidb_* flags (harness/kcidb_flags.cc), and the
// file --kcidb names ("" when not given).
KcidbOptions KcidbOptionsFromFlags();
std::string KcidbOutputFlag();

}  // namespace uffdc

#endif  // UFFDC_HARNESS_REPORT_KCIDB_H_
