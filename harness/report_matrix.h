// SPDX-License-Identifier: GPL-2.0
// The kernel matrix (scripts/matrix): one run of the suite per kernel, combined
// into one report, so that a distribution sees in one place what changed between
// kernels: per kernel its release, counts and whether it offers RWP; a claims x
// kernel table in which a claim whose status differs between kernels is marked;
// the tests whose verdict differs; and, against a baseline (an earlier report, of
// one run or a matrix), every regression, fix, new and removed test and claim
// (harness/baseline.h). Rendered as text, JSON (schema kMatrixSchema, which holds
// each kernel's whole report so that it can serve as a later baseline) and one
// self-contained HTML page.
#ifndef UFFDC_HARNESS_REPORT_MATRIX_H_
#define UFFDC_HARNESS_REPORT_MATRIX_H_

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "harness/model.h"

namespace uffdc {

inline constexpr char kMatrixSchema[] = "uffd-conformance-matrix/1";

// One kernel of the matrix: what its scripts/vmtest run left.
struct MatrixRun {
  std::string kernel;          // as given to scripts/matrix --kernel
  int vmtest_exit = 0;         // scripts/vmtest's exit status
  std::optional<RunData> run;  // its report; nullopt when it left none
  std::string error;           // why there is no report
  // The run broke: vmtest's machinery failed (an exit other than 0, 1 and 4, its
  // runner's verdicts) or it left no report.
  bool broke() const;
};

// A run of a baseline document; `kernel` is the matrix's label, "" for a report of
// a single run (which every kernel is compared with).
struct BaselineRun {
  std::string kernel;
  RunData run;
};

// The runs of a baseline document: a single run's report (uffdc_run --json,
// scripts/vmtest --json) or a matrix's (each kernel that left a report).
absl::StatusOr<std::vector<BaselineRun>> BaselineFromJson(const nlohmann::json& doc);

// The baseline run that `run` (of matrix kernel `kernel`, "" for a single run) is
// compared with: a single run's report; of a matrix's runs the one of the same
// kernel, else of the same release, else its only one; nullptr when none fits.
const BaselineRun* BaselineFor(const std::vector<BaselineRun>& baseline, const std::string& kernel,
                               const RunData& run);

struct Matrix {
  std::vector<MatrixRun> runs;
  std::string baseline_source;  // the baseline document's file; "" without one
  std::vector<BaselineRun> baseline;
};

// 3 when a run broke, else 1 when a kernel's run failed or regressed against the
// baseline, else 0 (scripts/matrix's exit status).
int MatrixExitStatus(const Matrix& m);

nlohmann::json MatrixJson(const Matrix& m);
std::string MatrixText(const Matrix& m);
std::string MatrixHtml(const Matrix& m);

}  // namespace uffdc

#endif  // UFFDC_HARNESS_REPORT_MATRIX_H_
