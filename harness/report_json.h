// SPDX-License-Identifier: GPL-2.0
// The run as one JSON document (schema "uffd-conformance/1"): environment, health,
// findings, every result with its claims, and the claims joined with the results.
// The one place the document is written and read: render_report reads it back
// into the run's model (harness/model.h), which every report renders from.
#ifndef UFFDC_HARNESS_REPORT_JSON_H_
#define UFFDC_HARNESS_REPORT_JSON_H_

#include <nlohmann/json.hpp>

#include "absl/status/statusor.h"
#include "harness/model.h"

namespace uffdc {

nlohmann::json ToJson(const RunData& run);

// The document's "environment" object (KCIDB copies parts of it as they are).
nlohmann::json EnvironmentJson(const Environment& env);

// The run a document describes. Tolerant: any field may be missing or of the
// wrong type and reads as its default; a test with a missing or unknown verdict
// is an error result whose reason says so. A document that is not a JSON object,
// or whose "suites" is not an array, is an error (one line).
absl::StatusOr<RunData> RunDataFromJson(const nlohmann::json& doc);

}  // namespace uffdc

#endif  // UFFDC_HARNESS_REPORT_JSON_H_
