// SPDX-License-Identifier: GPL-2.0
// Renders a report document written by `uffdc_run --json` as JUnit XML and/or an
// HTML page, e.g. to look at a CI run's report again or to try a renderer change:
//
//   render_report --json report.json --junit report.xml --html report.html
//
// Exit status: 0 when every requested file was written, 1 when one could not be
// written, 2 for bad input (flags, an unreadable or malformed JSON file).
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
#include "harness/report_junit.h"

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
      "renders a uffd-conformance report document as JUnit XML and/or HTML.\n"
      "usage: render_report --json REPORT.json [--junit OUT.xml] [--html OUT.html]");
  std::vector<char*> rest = absl::ParseCommandLine(argc, argv);
  if (rest.size() > 1) {
    std::cerr << "render_report: error: unexpected argument '" << rest[1] << "'\n";
    return 2;
  }
  const std::string in = absl::GetFlag(FLAGS_json);
  const std::string junit = absl::GetFlag(FLAGS_junit);
  const std::string html = absl::GetFlag(FLAGS_html);
  if (in.empty()) {
    std::cerr << "render_report: error: --json is required\n";
    return 2;
  }
  if (junit.empty() && html.empty()) {
    std::cerr << "render_report: error: nothing to write: give --junit and/or --html\n";
    return 2;
  }
  if (junit == "-" && html == "-") {
    std::cerr << "render_report: error: only one of --junit and --html can be '-'\n";
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
  nlohmann::json doc = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded() || !doc.is_object()) {
    std::cerr << "render_report: error: " << in << " is not a JSON object\n";
    return 2;
  }

  bool ok = true;
  if (!junit.empty()) ok = WriteFile(junit, uffdc::RenderJunit(doc)) && ok;
  if (!html.empty()) ok = WriteFile(html, uffdc::RenderHtml(doc)) && ok;
  return ok ? 0 : 1;
}
