// SPDX-License-Identifier: GPL-2.0
// Renders a report document written by `uffdc_run --json` as JUnit XML, an HTML
// page and/or a KCIDB v5 document, e.g. to look at a CI run's report again, to
// submit it to KCIDB, or to try a renderer change; compares it with a baseline;
// or combines the reports of several kernels into the kernel matrix
// (harness/report_matrix.h; scripts/matrix runs it):
//
//   render_report --json report.json --junit report.xml --html report.html
//   render_report --json report.json --kcidb kcidb.json --kcidb_build_id ci:1234
//   render_report --json report.json --baseline old.json
//   render_report --matrix a.json,b.json [--kernels A,B] [--baseline old.json]
//                 [--json matrix.json] [--html matrix.html]
//   render_report --baseline old.json        (only checks that it can serve as one)
//
// Exit status: 0 when every requested file was written (and nothing regressed
// against --baseline), 1 when one could not be written or a test or claim
// regressed, 2 for bad input (flags, an unreadable or malformed JSON file, or one
// that is not a report: one line on stderr). With --matrix: 0 when every kernel's
// run passed (and none regressed), 1 when one failed or regressed, 2 bad input, 3
// when a run broke (see --vmtest_exits) or a file could not be written.
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <iterator>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "absl/status/statusor.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "harness/baseline.h"
#include "harness/report_html.h"
#include "harness/report_json.h"
#include "harness/report_junit.h"
#include "harness/report_kcidb.h"
#include "harness/report_matrix.h"

ABSL_FLAG(std::string, json, "",
          "the report document to read (uffdc_run --json); '-' for stdin. With --matrix: where "
          "to write the combined JSON");
ABSL_FLAG(std::string, junit, "", "where to write JUnit XML ('-' for stdout)");
ABSL_FLAG(std::string, html, "", "where to write the HTML page ('-' for stdout)");
ABSL_FLAG(std::string, baseline, "",
          "an earlier report (of one run or a matrix) to compare with: prints every test and "
          "claim whose verdict changed; a regression exits 1");
ABSL_FLAG(std::vector<std::string>, matrix, {},
          "combine these reports, one per kernel, into the kernel matrix (text on stdout, "
          "--json, --html)");
ABSL_FLAG(std::vector<std::string>, kernels, {},
          "with --matrix: the kernels' names, in the same order (default: their releases)");
ABSL_FLAG(std::vector<std::string>, vmtest_exits, {},
          "with --matrix: scripts/vmtest's exit status for each report, in the same order; a "
          "report missing where its run broke is then recorded as such, not bad input");

namespace {

constexpr char kUsage[] =
    "renders a uffd-conformance report document as JUnit XML, HTML and/or KCIDB, compares it "
    "with a baseline, or combines several kernels' reports into one matrix.\n"
    "usage: render_report --json REPORT.json [--junit OUT.xml] [--html OUT.html] "
    "[--kcidb OUT.json [--kcidb_origin NAME] [--kcidb_build_id ID] ...] [--baseline OLD.json]\n"
    "       render_report --matrix A.json,B.json [--kernels A,B] [--baseline OLD.json] "
    "[--json OUT.json] [--html OUT.html]";

// Bad input: one line on stderr, exit 2.
int Usage(const std::string& message) {
  std::cerr << "render_report: error: " << message << "\n";
  return 2;
}

bool WriteFile(const std::string& path, const std::string& content) {
  if (path == "-") {
    std::cout << content;
    std::cout.flush();
    return static_cast<bool>(std::cout);
  }
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out) {
    std::cerr << "render_report: error: cannot write " << path << ": " << std::strerror(errno)
              << "\n";
    return false;
  }
  out << content;
  out.close();
  if (!out) {
    std::cerr << "render_report: error: writing " << path << " failed\n";
    return false;
  }
  return true;
}

// The JSON document in `path` ('-': stdin). What does not parse is an error.
absl::StatusOr<nlohmann::json> ReadDocument(const std::string& path) {
  std::string text;
  if (path == "-") {
    text.assign(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
  } else {
    std::ifstream file(path, std::ios::binary);
    if (!file) {
      return absl::NotFoundError(absl::StrCat("cannot read ", path, ": ", std::strerror(errno)));
    }
    std::ostringstream buf;
    buf << file.rdbuf();
    text = buf.str();
  }
  if (text.empty()) return absl::InvalidArgumentError(absl::StrCat(path, ": empty"));
  nlohmann::json doc = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded()) {
    return absl::InvalidArgumentError(absl::StrCat(path, ": not a JSON object (it does not parse)"));
  }
  return doc;
}

absl::StatusOr<uffdc::RunData> ReadReport(const std::string& path) {
  absl::StatusOr<nlohmann::json> doc = ReadDocument(path);
  if (!doc.ok()) return doc.status();
  absl::StatusOr<uffdc::RunData> run = uffdc::RunDataFromJson(*doc);
  if (!run.ok()) {
    return absl::InvalidArgumentError(absl::StrCat(path, ": ", run.status().message()));
  }
  return run;
}

absl::StatusOr<std::vector<uffdc::BaselineRun>> ReadBaseline(const std::string& path) {
  absl::StatusOr<nlohmann::json> doc = ReadDocument(path);
  if (!doc.ok()) return doc.status();
  absl::StatusOr<std::vector<uffdc::BaselineRun>> runs = uffdc::BaselineFromJson(*doc);
  if (!runs.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat("baseline ", path, ": ", runs.status().message()));
  }
  return runs;
}

// --matrix: the combined report of several kernels' runs.
int RenderMatrix(const std::string& json_out, const std::string& html_out,
                 const std::string& baseline) {
  const std::vector<std::string> files = absl::GetFlag(FLAGS_matrix);
  std::vector<std::string> kernels = absl::GetFlag(FLAGS_kernels);
  const std::vector<std::string> exits = absl::GetFlag(FLAGS_vmtest_exits);
  if (!kernels.empty() && kernels.size() != files.size()) {
    return Usage("--kernels names " + std::to_string(kernels.size()) + " kernels for " +
                 std::to_string(files.size()) + " reports");
  }
  if (!exits.empty() && exits.size() != files.size()) {
    return Usage("--vmtest_exits gives " + std::to_string(exits.size()) + " exit statuses for " +
                 std::to_string(files.size()) + " reports");
  }
  if (json_out == "-" || html_out == "-") return Usage("with --matrix, stdout carries the text");
  uffdc::Matrix m;
  if (!baseline.empty()) {
    absl::StatusOr<std::vector<uffdc::BaselineRun>> runs = ReadBaseline(baseline);
    if (!runs.ok()) return Usage(std::string(runs.status().message()));
    m.baseline = *std::move(runs);
    m.baseline_source = baseline;
  }
  for (size_t i = 0; i < files.size(); ++i) {
    uffdc::MatrixRun mr;
    if (!exits.empty() && !absl::SimpleAtoi(exits[i], &mr.vmtest_exit)) {
      return Usage("--vmtest_exits: '" + exits[i] + "' is not an exit status");
    }
    absl::StatusOr<uffdc::RunData> run = ReadReport(files[i]);
    if (run.ok()) {
      mr.run = *std::move(run);
    } else if (exits.empty()) {
      return Usage(std::string(run.status().message()));  // nothing says that run broke
    } else {
      mr.error = absl::StrCat("no report (", run.status().message(), ")");
    }
    mr.kernel = !kernels.empty()                         ? kernels[i]
                : mr.run && !mr.run->env.release.empty() ? mr.run->env.release
                                                         : files[i];
    m.runs.push_back(std::move(mr));
  }
  std::cout << uffdc::MatrixText(m);
  std::cout.flush();
  bool ok = true;
  if (!json_out.empty()) ok = WriteFile(json_out, uffdc::MatrixJson(m).dump(2) + "\n") && ok;
  if (!html_out.empty()) ok = WriteFile(html_out, uffdc::MatrixHtml(m)) && ok;
  return ok ? uffdc::MatrixExitStatus(m) : 3;
}

}  // namespace

int main(int argc, char** argv) {
  absl::SetProgramUsageMessage(kUsage);
  std::vector<char*> rest = absl::ParseCommandLine(argc, argv);
  if (rest.size() > 1) return Usage(std::string("unexpected argument '") + rest[1] + "'");
  const std::string in = absl::GetFlag(FLAGS_json);
  const std::string junit = absl::GetFlag(FLAGS_junit);
  const std::string html = absl::GetFlag(FLAGS_html);
  const std::string baseline = absl::GetFlag(FLAGS_baseline);
  const std::string kcidb = uffdc::KcidbOutputFlag();
  const uffdc::KcidbOptions kcidb_options = uffdc::KcidbOptionsFromFlags();
  if (absl::Status s = uffdc::ValidateKcidbOptions(kcidb_options); !s.ok()) {
    return Usage(std::string(s.message()));
  }
  if (!absl::GetFlag(FLAGS_matrix).empty()) {
    if (!junit.empty() || !kcidb.empty()) return Usage("--matrix writes --json and --html only");
    return RenderMatrix(in, html, baseline);
  }
  if (!absl::GetFlag(FLAGS_kernels).empty() || !absl::GetFlag(FLAGS_vmtest_exits).empty()) {
    return Usage("--kernels and --vmtest_exits go with --matrix");
  }
  if (in.empty() && !baseline.empty() && junit.empty() && html.empty() && kcidb.empty()) {
    // Only the baseline: say what it holds, so that scripts/matrix can check it first.
    absl::StatusOr<std::vector<uffdc::BaselineRun>> runs = ReadBaseline(baseline);
    if (!runs.ok()) return Usage(std::string(runs.status().message()));
    std::cout << baseline << ": " << runs->size() << (runs->size() == 1 ? " run" : " runs") << "\n";
    return 0;
  }
  if (in.empty()) return Usage("--json is required");
  if (junit.empty() && html.empty() && kcidb.empty() && baseline.empty()) {
    return Usage("nothing to do: give --junit, --html, --kcidb and/or --baseline");
  }
  if ((junit == "-") + (html == "-") + (kcidb == "-") + !baseline.empty() > 1) {
    return Usage("only one of --junit, --html and --kcidb can be '-', and none with --baseline");
  }
  const absl::StatusOr<uffdc::RunData> run = ReadReport(in);
  if (!run.ok()) return Usage(std::string(run.status().message()));
  std::optional<uffdc::Comparison> comparison;
  std::string against;
  if (!baseline.empty()) {
    absl::StatusOr<std::vector<uffdc::BaselineRun>> runs = ReadBaseline(baseline);
    if (!runs.ok()) return Usage(std::string(runs.status().message()));
    const uffdc::BaselineRun* b = uffdc::BaselineFor(*runs, "", *run);
    if (b == nullptr) {
      return Usage("baseline " + baseline + " holds " + std::to_string(runs->size()) +
                   " runs and none of kernel " + run->env.release);
    }
    comparison = uffdc::CompareRuns(b->run, *run);
    std::cout << "baseline " << baseline << (b->kernel.empty() ? "" : " (" + b->kernel + ")")
              << ": " << uffdc::ComparisonText(*comparison);
    std::cout.flush();
  }

  bool ok = true;
  if (!junit.empty()) ok = WriteFile(junit, uffdc::RenderJunit(*run)) && ok;
  if (!html.empty()) ok = WriteFile(html, uffdc::RenderHtml(*run)) && ok;
  if (!kcidb.empty()) {
    ok = WriteFile(kcidb, uffdc::RenderKcidb(*run, kcidb_options).dump(2) + "\n") && ok;
  }
  return ok && !(comparison && comparison->regressed()) ? 0 : 1;
}
