// SPDX-License-Identifier: GPL-2.0
#include "suites/bench/report.h"

#include <algorithm>
#include <fstream>
#include <sstream>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"

namespace uffdc::bench {
namespace {

constexpr char kSchema[] = "uffd-conformance-bench/1";

const Op* FindOp(const Report& report, const std::string& name) {
  for (const Op& op : report.ops) {
    if (op.name == name) return &op;
  }
  return nullptr;
}

double Ratio(int64_t value, int64_t base) {
  return value > 0 && base > 0 ? static_cast<double>(value) / static_cast<double>(base) : 0;
}

std::string Size(uint64_t bytes) {
  if (bytes >= (1ull << 30) && bytes % (1ull << 30) == 0) return absl::StrCat(bytes >> 30, " GiB");
  if (bytes >= (1ull << 20) && bytes % (1ull << 20) == 0) return absl::StrCat(bytes >> 20, " MiB");
  if (bytes >= (1ull << 10) && bytes % (1ull << 10) == 0) return absl::StrCat(bytes >> 10, " KiB");
  return absl::StrCat(bytes, " B");
}

// 3 significant digits, enough to read a ratio and short enough for a table.
std::string Sig3(double v) {
  return v >= 100 ? absl::StrFormat("%.0f", v) : absl::StrFormat("%.3g", v);
}

}  // namespace

MinMedian Reduce(std::vector<int64_t> samples) {
  if (samples.empty()) return {};
  std::sort(samples.begin(), samples.end());
  return {samples.front(), samples[(samples.size() - 1) / 2]};
}

Timing DetectTiming(const std::string& cpuinfo) {
  std::string model;
  bool hypervisor = false;
  for (absl::string_view line : absl::StrSplit(cpuinfo, '\n')) {
    std::pair<absl::string_view, absl::string_view> kv =
        absl::StrSplit(line, absl::MaxSplits(':', 1));
    const absl::string_view key = absl::StripAsciiWhitespace(kv.first);
    const absl::string_view value = absl::StripAsciiWhitespace(kv.second);
    if (key == "model name" && model.empty()) model = std::string(value);
    if (key == "flags") {
      for (absl::string_view flag : absl::StrSplit(value, ' ')) hypervisor |= flag == "hypervisor";
    }
  }
  Timing t;
  t.emulated =
      absl::StrContains(model, "QEMU TCG") || (absl::StrContains(model, "QEMU") && !hypervisor);
  t.evidence = model.empty()
                   ? "no model name in /proc/cpuinfo"
                   : absl::StrCat("/proc/cpuinfo model name: ", model,
                                  hypervisor ? " (hypervisor flag)" : " (no hypervisor flag)");
  t.show_absolute = !t.emulated;
  return t;
}

double MedianRatio(const Report& report, const Op& op) {
  const Op* base = FindOp(report, kBaselineOp);
  if (base == nullptr || !base->measured() || !op.measured()) return 0;
  return Ratio(op.median_ns, base->median_ns);
}

double MinRatio(const Report& report, const Op& op) {
  const Op* base = FindOp(report, kBaselineOp);
  if (base == nullptr || !base->measured() || !op.measured()) return 0;
  return Ratio(op.min_ns, base->min_ns);
}

std::string RenderTable(const Report& report) {
  std::string out;
  if (report.timing.emulated) {
    absl::StrAppend(&out, "# timing: software emulation (", report.timing.evidence, "): ",
                    report.timing.show_absolute
                        ? "absolute times shown on request (--absolute), read them as emulation's"
                        : "ratios only, absolute times hidden (--absolute shows them)",
                    "\n");
  } else {
    absl::StrAppend(&out, "# timing: hardware (", report.timing.evidence,
                    "): absolute times shown\n");
  }
  absl::StrAppend(&out, "# kernel ", report.kernel, "; ratios are to ", kBaselineOp,
                  " (one mprotect(PROT_NONE) fault: SIGSEGV handler, mprotect back)\n");
  const bool abs = report.timing.show_absolute;
  std::string head =
      absl::StrFormat("%-26s %8s %7s %9s %9s", "operation", "size", "iters", "x median", "x min");
  if (abs) absl::StrAppend(&head, absl::StrFormat(" %12s %12s", "median ns", "min ns"));
  absl::StrAppend(&out, head, "  what\n");
  for (const Op& op : report.ops) {
    if (!op.measured()) {
      absl::StrAppend(&out, absl::StrFormat("%-26s %8s %7s %9s %9s", op.name, Size(op.bytes), "-",
                                            op.error.empty() ? "skipped" : "ERROR", "-"));
      if (abs) absl::StrAppend(&out, absl::StrFormat(" %12s %12s", "-", "-"));
      absl::StrAppend(&out, "  ", op.error.empty() ? op.skipped : op.error, "\n");
      continue;
    }
    absl::StrAppend(&out,
                    absl::StrFormat("%-26s %8s %7d %9s %9s", op.name, Size(op.bytes), op.iterations,
                                    Sig3(MedianRatio(report, op)), Sig3(MinRatio(report, op))));
    if (abs) absl::StrAppend(&out, absl::StrFormat(" %12d %12d", op.median_ns, op.min_ns));
    absl::StrAppend(&out, "  ", op.description, "\n");
  }
  return out;
}

nlohmann::json ToJson(const Report& report) {
  nlohmann::json doc = {{"schema", kSchema},
                        {"kernel", report.kernel},
                        {"emulated", report.timing.emulated},
                        {"timing_evidence", report.timing.evidence},
                        {"baseline_op", kBaselineOp}};
  nlohmann::json ops = nlohmann::json::array();
  for (const Op& op : report.ops) {
    nlohmann::json o = {{"name", op.name}, {"description", op.description}, {"bytes", op.bytes}};
    if (!op.skipped.empty()) {
      o["skipped"] = op.skipped;
    } else if (!op.error.empty()) {
      o["error"] = op.error;
    } else {
      o["iterations"] = op.iterations;
      o["min_ns"] = op.min_ns;
      o["median_ns"] = op.median_ns;
      o["ratio_median"] = MedianRatio(report, op);
      o["ratio_min"] = MinRatio(report, op);
    }
    ops.push_back(std::move(o));
  }
  doc["ops"] = std::move(ops);
  return doc;
}

absl::StatusOr<Report> ReportFromJson(const nlohmann::json& doc) {
  if (!doc.is_object() || doc.value("schema", "") != kSchema) {
    return absl::InvalidArgumentError(
        absl::StrCat("not a uffd_rwp_bench document (no \"schema\": \"", kSchema, "\")"));
  }
  if (!doc.contains("ops") || !doc["ops"].is_array()) {
    return absl::InvalidArgumentError("its \"ops\" is not an array");
  }
  Report report;
  report.kernel = doc.value("kernel", "");
  report.timing.emulated = doc.value("emulated", false);
  report.timing.evidence = doc.value("timing_evidence", "");
  for (const nlohmann::json& o : doc["ops"]) {
    if (!o.is_object() || !o.contains("name") || !o["name"].is_string()) {
      return absl::InvalidArgumentError("an entry of \"ops\" has no \"name\"");
    }
    Op op;
    op.name = o["name"].get<std::string>();
    op.description = o.value("description", "");
    op.bytes = o.value("bytes", uint64_t{0});
    op.skipped = o.value("skipped", "");
    op.error = o.value("error", "");
    if (op.measured()) {
      if (!o.contains("median_ns") || !o["median_ns"].is_number() || !o.contains("min_ns") ||
          !o["min_ns"].is_number()) {
        return absl::InvalidArgumentError(absl::StrCat(
            "op '", op.name, "' has neither times nor a \"skipped\" or \"error\" reason"));
      }
      op.iterations = o.value("iterations", uint64_t{0});
      op.min_ns = o["min_ns"].get<int64_t>();
      op.median_ns = o["median_ns"].get<int64_t>();
    }
    report.ops.push_back(std::move(op));
  }
  return report;
}

absl::StatusOr<Report> ReadReport(const std::string& path) {
  std::ifstream in(path);
  if (!in) return absl::NotFoundError(absl::StrCat("cannot read ", path));
  std::stringstream text;
  text << in.rdbuf();
  nlohmann::json doc = nlohmann::json::parse(text.str(), nullptr, false);
  if (doc.is_discarded()) return absl::InvalidArgumentError(absl::StrCat(path, ": not JSON"));
  absl::StatusOr<Report> report = ReportFromJson(doc);
  if (!report.ok())
    return absl::InvalidArgumentError(absl::StrCat(path, ": ", report.status().message()));
  return report;
}

Comparison Compare(const Report& before, const Report& now) {
  Comparison c;
  std::vector<std::string> notes;
  for (const Op& op : now.ops) {
    const Op* old = FindOp(before, op.name);
    if (op.name == kBaselineOp) continue;  // its ratio is 1 by definition
    if (old == nullptr) {
      notes.push_back(absl::StrCat("# ", op.name, ": not in the baseline"));
      continue;
    }
    const double was = MedianRatio(before, *old), is = MedianRatio(now, op);
    if (was == 0 || is == 0) {
      notes.push_back(absl::StrCat("# ", op.name, ": not compared (",
                                   was == 0 ? "not measured in the baseline" : "not measured now",
                                   ")"));
      continue;
    }
    const double factor = is / was;
    const bool worse = factor > kRegressionFactor;
    if (worse) c.regressed.push_back(op.name);
    c.lines.push_back(absl::StrFormat(
        "%s %-26s x%s -> x%s (%s as costly)%s", worse ? "REGRESSED" : "ok       ", op.name,
        Sig3(was), Sig3(is), Sig3(factor) + "x",
        worse ? absl::StrCat(": more than ", Sig3(kRegressionFactor), "x worse") : ""));
  }
  for (const Op& old : before.ops) {
    if (FindOp(now, old.name) == nullptr)
      notes.push_back(absl::StrCat("# ", old.name, ": not measured now"));
  }
  c.lines.insert(c.lines.end(), notes.begin(), notes.end());
  return c;
}

}  // namespace uffdc::bench
