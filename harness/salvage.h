// SPDX-License-Identifier: GPL-2.0
// A run rebuilt from what the runner printed before the machine under test died
// (a kernel panic, a guest that hung past its bound): every result line received,
// the test that was running marked as the crash site with the console's lines,
// and every listed test that never reported as an error. scripts/vmtest writes
// the requested reports from it, so a crash still leaves a report.
#ifndef UFFDC_HARNESS_SALVAGE_H_
#define UFFDC_HARNESS_SALVAGE_H_

#include <map>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "harness/model.h"

namespace uffdc {

// `output`: the runner's stdout as received, possibly from several boots (vmtest
// --reboot-on-crash runs the tests not yet run again), each boot that died ended
// by a line "# uffdc-boot-ended: CAUSE"; `listed`: backing -> its binary's test
// names (ListTests); `cause`: how the last boot died ("" when it finished);
// `console`: the console lines to quote at the last crash site.
RunData SalvageRun(absl::string_view output,
                   const std::map<std::string, std::vector<std::string>>& listed,
                   const std::string& cause, const std::vector<std::string>& console);

}  // namespace uffdc

#endif  // UFFDC_HARNESS_SALVAGE_H_
