// SPDX-License-Identifier: GPL-2.0
// The --kcidb* flags, shared by uffdc_run and render_report (both write KCIDB).
#include <string>

#include "absl/flags/flag.h"
#include "harness/report_kcidb.h"

ABSL_FLAG(std::string, kcidb, "", "write the run as a KCIDB v5 JSON document to this file");
ABSL_FLAG(std::string, kcidb_origin, "uffd_conformance",
          "KCIDB origin (the submitting CI system), [a-z0-9_]+");
ABSL_FLAG(std::string, kcidb_checkout_id, "",
          "KCIDB checkout ID (ORIGIN:...) of the tested kernel's source; default: derived "
          "from the kernel release");
ABSL_FLAG(std::string, kcidb_build_id, "",
          "KCIDB build ID (ORIGIN:...) of the tested kernel; when given, the document carries "
          "no build or checkout of its own (the builder submits them)");
ABSL_FLAG(std::string, kcidb_run_id, "",
          "makes the KCIDB test IDs unique (e.g. the CI job ID); default: start time and "
          "kernel release");
ABSL_FLAG(std::string, kcidb_log_url, "", "URL of the run's full log, for every KCIDB test");

namespace uffdc {

KcidbOptions KcidbOptionsFromFlags() {
  KcidbOptions o;
  o.origin = absl::GetFlag(FLAGS_kcidb_origin);
  o.checkout_id = absl::GetFlag(FLAGS_kcidb_checkout_id);
  o.build_id = absl::GetFlag(FLAGS_kcidb_build_id);
  o.run_id = absl::GetFlag(FLAGS_kcidb_run_id);
  o.log_url = absl::GetFlag(FLAGS_kcidb_log_url);
  return o;
}

std::string KcidbOutputFlag() { return absl::GetFlag(FLAGS_kcidb); }

}  // namespace uffdc
