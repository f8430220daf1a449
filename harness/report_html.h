// SPDX-License-Identifier: GPL-2.0
// The run (harness/model.h) as one self-contained HTML5 page for people to open
// after a CI run: inline CSS, no scripts, nothing fetched from anywhere (a
// Content-Security-Policy forbids it).
//
// The page: a banner with the summary line (the element with id="summary" holds
// exactly that line), verdict counts, kernel release, health problems and
// findings; the environment table; a table per suite binary (backing) with one row
// per test (id "t-<binary>-<test>"), its verdict, reason, duration and claim IDs
// linking to the claims matrix; the claims matrix (row id "claim-<ID>"), one column
// per backing, each cell the claim's verdict there linking to the test's row.
#ifndef UFFDC_HARNESS_REPORT_HTML_H_
#define UFFDC_HARNESS_REPORT_HTML_H_

#include <string>

#include "harness/model.h"

namespace uffdc {

// The whole HTML file (UTF-8). Pure: no I/O. Every piece of text from the run is
// escaped.
std::string RenderHtml(const RunData& run);

}  // namespace uffdc

#endif  // UFFDC_HARNESS_REPORT_HTML_H_
