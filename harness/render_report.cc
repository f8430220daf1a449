// SPDX-License-Identifier: GPL-2.0
// Renders a report document written by `uffdc_run --json` as JUnit XML, an HTML
// page and/or a KCIDB v5 document, e.g. to look at a CI run's report again, to
// submit it to KCIDB, or to try a renderer change:
//
//   render_report --json report.json --junit report.xml --html report.html
//   render_report --json report.json --kcidb kcidb.json --kcidb_build_id ci:1234
//
// Exit status: 0 when every requested file was written, 1 when one could not be
// written, 2 for bad input (flags, an unreadable or malformed JSON file, or one
// that is not a report: one line on stderr).
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <iterator>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "harness/report_html.h"
#include "harness/report_json.h"
#include "harness/report_junit.h"
#include "harness/report_kcidb.h"

ABSL_FLAG(std::string, json, "", "the report document to read (uffdc_run --json); '-' for stdin");
ABSL_FLAG(std::string, junit, "", "where to write JUnit XML ('-' for stdout)");
ABSL_FLAG(std::string, html, "", "where to write the HTML page ('-' for stdout)");

namespace {

bool WriteFile(const std::string& path, const std::string& content) {
  if (path == "-") {
    std::cout << content;
    std::cout.flush();
    return static_cast<bool>(std::cout);
  }
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out) {
    std::cerr << "render_report: error: cannot write " << path << ": " << std::strerror(errno) << "\n";
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

}  // namespace

int main(int argc, char** argv) {
  absl::SetProgramUsageMessage(
      "renders a uffd-conformance report document as JUnit XML, HTML and/or KCIDB.\n"
      "usage: render_report --json REPORT.json [--junit OUT.xml] [--html OUT.html] "
      "[--kcidb OUT.json [--kcidb_origin NAME] [--kcidb_build_id ID] ...]");
  std::vector<char*> rest = absl::ParseCommandLine(argc, argv);
  if (rest.size() > 1) {
    std::cerr << "render_report: error: unexpected argument '" << rest[1] << "'\n";
    return 2;
  }
  const std::string in = absl::GetFlag(FLAGS_json);
  const std::string junit = absl::GetFlag(FLAGS_junit);
  const std::string html = absl::GetFlag(FLAGS_html);
  const std::string kcidb = uffdc::KcidbOutputFlag();
  const uffdc::KcidbOptions kcidb_options = uffdc::KcidbOptionsFromFlags();
  if (absl::Status s = uffdc::ValidateKcidbOptions(kcidb_options); !s.ok()) {
    std::cerr << "render_report: error: " << s.message() << "\n";
    return 2;
  }
  if (in.empty()) {
    std::cerr << "render_report: error: --json is required\n";
    return 2;
  }
  if (junit.empty() && html.empty() && kcidb.empty()) {
    std::cerr << "render_report: error: nothing to write: give --junit, --html and/or --kcidb\n";
    return 2;
  }
  if ((junit == "-") + (html == "-") + (kcidb == "-") > 1) {
    std::cerr << "render_report: error: only one of --junit, --html and --kcidb can be '-'\n";
    return 2;
  }

  std::string text;
  if (in == "-") {
    text.assign(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
  } else {
    std::ifstream file(in, std::ios::binary);
    if (!file) {
      std::cerr << "render_report: error: cannot read " << in << ": " << std::strerror(errno) << "\n";
      return 2;
    }
    std::ostringstream buf;
    buf << file.rdbuf();
    text = buf.str();
  }
  // What does not parse is discarded: not an object, so RunDataFromJson says so.
  const absl::StatusOr<uffdc::RunData> run = uffdc::RunDataFromJson(
      nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false));
  if (!run.ok()) {
    std::cerr << "render_report: error: " << in << ": " << run.status().message() << "\n";
    return 2;
  }

  bool ok = true;
  if (!junit.empty()) ok = WriteFile(junit, uffdc::RenderJunit(*run)) && ok;
  if (!html.empty()) ok = WriteFile(html, uffdc::RenderHtml(*run)) && ok;
  if (!kcidb.empty()) {
    ok = WriteFile(kcidb, uffdc::RenderKcidb(*run, kcidb_options).dump(2) + "\n") && ok;
  }
  return ok ? 0 : 1;
}
