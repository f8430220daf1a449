// SPDX-License-Identifier: GPL-2.0
// The report document read back (RunDataFromJson, and ToJson of what it read),
// and the report renderers (JUnit XML and HTML) on a document built here: every
// verdict, a crashed binary, claims of every status, and hostile text (markup
// characters, quotes, control characters, non-ASCII, malformed UTF-8).
#include <nlohmann/json.hpp>
#include <regex>
#include <set>
#include <string>

#include "gtest/gtest.h"
#include "harness/report_html.h"
#include "harness/report_json.h"
#include "harness/report_junit.h"
#include "harness/report_text.h"

namespace uffdc {
namespace {

using nlohmann::json;

// Markup characters, both quotes, a control character, non-ASCII.
const std::string kNasty = "a<b>&c \"quoted\" 'single' \x01 bell \x07 caf\xC3\xA9 \xE2\x9C\x93";
const std::string kScript = "<script>alert(1)</script>";

json MakeTest(const std::string& name, const std::string& backing, const std::string& verdict,
          const std::string& reason = "", json claims = json::array(),
          json diagnostics = json::array()) {
  return {{"name", name},         {"backing", backing},         {"verdict", verdict},
          {"reason", reason},     {"duration_s", 0.25},         {"claims", claims},
          {"diagnostics", diagnostics}};
}

json SampleDoc() {
  json anon_tests = json::array({
      MakeTest("api.anon.offers_rwp", "anon", "pass", "", {"API-1"}),
      MakeTest("sync_fault.anon.dontwake", "anon", "fail", "woke up " + kNasty, {"FAULT-7"},
           {"# ./suites/sync_fault.inc:212:dontwake:not true: " + kNasty}),
      MakeTest("protect.anon.inverted_scan", "anon", "xfail", "known: inverted scan & holes",
           {"SCAN-5"}),
      MakeTest("keep.anon.migration", "anon", "skip", "needs two NUMA nodes", {"KEEP-4"}),
      MakeTest("async_fault.anon.accesses", "anon", "error", "SETUP ERROR: mmap: ENOMEM",
           {"ASYNC-1"}, {"# fixtures/backing.cc:88:accesses:SETUP ERROR: mmap: ENOMEM"}),
      MakeTest("weird." + kNasty, "anon", "pass", kScript, {"D13"}, {kScript}),
  });
  json shmem_tests = json::array({
      MakeTest("api.shmem.offers_rwp", "shmem", "pass", "", {"API-1"}),
      MakeTest("sync_fault.shmem.dontwake", "shmem", "pass", "", {"FAULT-7"}),
      MakeTest("registration.shmem.sysv", "shmem", "xpass", "known issue expected EINVAL",
           {"BACK-2"}),
  });
  json hugetlb_tests = json::array({
      MakeTest("api.hugetlb.offers_rwp", "hugetlb", "pass", "", {"API-1"}),
      MakeTest("uffd_rwp_hugetlb", "hugetlb", "fail", "crashed: killed by signal 11"),
  });
  return {
      {"schema", "uffd-conformance/1"},
      {"started", "2026-11-27T12:40:00Z"},
      {"duration_s", 21.7},
      {"command", "uffdc_run --suite anon,shmem,hugetlb"},
      {"environment",
       {{"kernel", {{"release", "7.3.0-rc7-cloud-amd64"}, {"version", "#1 SMP " + kNasty},
                    {"machine", "x86_64"}}},
        {"uffdio_api_features", "0x7ffff"},
        {"uffdio_api_feature_names", {"UFFD_FEATURE_PAGEFAULT_FLAG_WP", "UFFD_FEATURE_RWP"}},
        {"userfaultfd_error", ""},
        {"config_userfaultfd_rwp", "y"},
        {"config_source", "/uffdc/kernel-config"},
        {"hugepages", {{"total", 64}, {"free", 64}, {"size_kb", 2048}}},
        {"swap_total_kb", 524284},
        {"numa_nodes", 2},
        {"root", true}}},
      {"health",
       {{"ok", false},
        {"taint_before", 0},
        {"taint_after", 512},
        {"kernel_log", {"[ 12.3] WARNING: at mm/hugetlb.c <here>"}},
        {"problems", {"kernel taint changed 0 -> 512"}}}},
      {"findings", {{{"claim", "VER-1"}, {"status", "agrees"}, {"text", "7.3 \xE2\x89\xA5 7.2"}},
                    {{"claim", "API-6"}, {"status", "contradicts"}, {"text", "CONFIG & mask differ"}}}},
      {"summary",
       {{"pass", 5}, {"fail", 2}, {"error", 1}, {"skip", 1}, {"xfail", 1}, {"xpass", 1},
        {"line", "6 passed, 4 failed, 1 skipped"}}},
      {"suites",
       {{{"binary", "uffd_rwp_anon"}, {"backing", "anon"}, {"exit_code", 1}, {"signal", 0},
         {"timed_out", false}, {"duration_s", 6.1}, {"tests", anon_tests}},
        {{"binary", "uffd_rwp_shmem"}, {"backing", "shmem"}, {"exit_code", 0}, {"signal", 0},
         {"timed_out", false}, {"duration_s", 7.4}, {"tests", shmem_tests}},
        {{"binary", "uffd_rwp_hugetlb"}, {"backing", "hugetlb"}, {"exit_code", 0},
         {"signal", 11}, {"timed_out", false}, {"duration_s", 8.2}, {"tests", hugetlb_tests}}}},
      {"claims",
       {{{"id", "API-1"}, {"claim", "UFFDIO_API offers RWP"}, {"backings", "all"},
         {"status", "held"},
         {"by_backing", {{"anon", "pass"}, {"shmem", "pass"}, {"hugetlb", "pass"}}},
         {"tests", {"api.anon.offers_rwp", "api.shmem.offers_rwp", "api.hugetlb.offers_rwp"}}},
        {{"id", "FAULT-7"}, {"claim", "DONTWAKE <does not> wake"}, {"backings", "A,S,H"},
         {"status", "failed"}, {"by_backing", {{"anon", "fail"}, {"shmem", "pass"}}},
         {"tests", {"sync_fault.anon.dontwake", "sync_fault.shmem.dontwake"}}},
        {{"id", "SCAN-5"}, {"status", "failed"}, {"by_backing", {{"anon", "xfail"}}},
         {"tests", {"protect.*.inverted_scan"}}},
        {{"id", "BACK-2"}, {"backings", "S"}, {"status", "failed"},
         {"by_backing", {{"shmem", "xpass"}}}, {"tests", {"registration.shmem.sysv"}}},
        {{"id", "KEEP-4"}, {"status", "skipped"}, {"by_backing", {{"anon", "skip"}}},
         {"tests", {"keep.anon.migration"}}},
        {{"id", "KEEP-9"}, {"status", "untestable"}, {"by_backing", json::object()},
         {"untestable", "needs CONFIG_TEST_HMM & friends"}},
        {{"id", "API-6"}, {"status", "finding"}, {"finding", "reads the kernel config"}},
        {{"id", "VER-3"}, {"status", "not run"}, {"tests", json::array()},
         {"patterns", {"version.*.never_listed"}}},
        {{"id", "VER-9"}, {"status", "finding"}, {"finding", "reads the kernel config"}}}},
      {"not_in_the_pages",
       {{{"id", "D13"}, {"gap", "what a weird name does"}, {"backings", "A"},
         {"tests", {"weird.*"}}}}},
  };
}

// The run the document describes (every document here is one).
RunData Read(const json& doc) {
  absl::StatusOr<RunData> run = RunDataFromJson(doc);
  EXPECT_TRUE(run.ok()) << run.status();
  return run.ok() ? *std::move(run) : RunData{};
}

int Count(const std::string& haystack, const std::string& needle) {
  int n = 0;
  for (size_t p = haystack.find(needle); p != std::string::npos; p = haystack.find(needle, p + 1)) ++n;
  return n;
}

// Characters that XML 1.0 forbids: C0 controls other than tab, newline, CR.
bool HasForbiddenControl(const std::string& text) {
  for (unsigned char c : text) {
    if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') return true;
  }
  return false;
}

// ------------------------------------------------------------------ text helpers

TEST(ReportText, CleanTextKeepsUtf8AndReplacesWhatXmlForbids) {
  EXPECT_EQ(report::CleanText("caf\xC3\xA9 \xE2\x9C\x93 \xF0\x9F\x90\xA7"),
            "caf\xC3\xA9 \xE2\x9C\x93 \xF0\x9F\x90\xA7");
  EXPECT_EQ(report::CleanText("a\x01" "b\x1b[0m\tc\n"), "a\\x01b\\x1b[0m\tc\n");
  EXPECT_EQ(report::CleanText(std::string("nul\0here", 8)), "nul\\x00here");
  // Malformed UTF-8: a stray continuation, a truncated sequence, an overlong form,
  // a surrogate, U+FFFF.
  const std::string fffd = "\xEF\xBF\xBD";
  EXPECT_EQ(report::CleanText("\x80"), fffd);
  EXPECT_EQ(report::CleanText("x\xC3"), "x" + fffd);
  EXPECT_EQ(report::CleanText("\xC0\xAF"), fffd + fffd);
  EXPECT_EQ(report::CleanText("\xED\xA0\x80"), fffd + fffd + fffd);
  EXPECT_EQ(report::CleanText("\xEF\xBF\xBF"), fffd);
}

TEST(ReportText, EscapeCoversMarkupAndAttributeWhitespace) {
  EXPECT_EQ(report::Escape("<a href=\"x\">&'</a>"),
            "&lt;a href=&quot;x&quot;&gt;&amp;&#39;&lt;/a&gt;");
  EXPECT_EQ(report::Escape("a\nb\tc\rd"), "a\nb\tc&#13;d");
  EXPECT_EQ(report::Escape("a\nb\tc", /*attribute=*/true), "a&#10;b&#9;c");
}

TEST(ReportText, ReadersTolerateMissingAndMistypedFields) {
  const json doc = {{"s", "x"}, {"n", 3}, {"f", 1.5}, {"b", true}, {"a", {"p", 1, nullptr}}};
  EXPECT_EQ(report::Text(doc, "s"), "x");
  EXPECT_EQ(report::Text(doc, "n"), "3");
  EXPECT_EQ(report::Text(doc, "b"), "true");
  EXPECT_EQ(report::Text(doc, "missing"), "");
  EXPECT_EQ(report::Text(doc, "a"), "");
  EXPECT_EQ(report::Text(json::array(), "s"), "");
  EXPECT_TRUE(report::Field(doc, "missing").is_null());
  EXPECT_EQ(report::Seconds(std::nullopt), "0.000");
  EXPECT_EQ(report::Seconds(-3), "0.000");
  EXPECT_EQ(report::Seconds(0.2104), "0.210");
  EXPECT_EQ(report::Seconds(1e300), "999999999.999");
}

TEST(ReportText, DateTimeCheck) {
  EXPECT_TRUE(report::IsXsdDateTime("2026-11-27T12:40:00Z"));
  EXPECT_TRUE(report::IsXsdDateTime("2026-11-27T12:40:00.123+01:00"));
  EXPECT_TRUE(report::IsXsdDateTime("2026-11-27T12:40:00"));
  EXPECT_FALSE(report::IsXsdDateTime("2026-11-27 12:40:00"));
  EXPECT_FALSE(report::IsXsdDateTime("2026-13-27T12:40:00Z"));
  EXPECT_FALSE(report::IsXsdDateTime("yesterday"));
  EXPECT_FALSE(report::IsXsdDateTime(""));
}

// ------------------------------------------------------------------------ JUnit

TEST(RenderJunit, TotalsAndPerSuiteCounts) {
  const std::string xml = RenderJunit(Read(SampleDoc()));
  ASSERT_EQ(xml.rfind("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n", 0), 0u) << xml;
  // 11 tests; failures = 2 fail + 1 xpass; errors = 1; skipped = 1 skip + 1 xfail.
  EXPECT_NE(xml.find("<testsuites name=\"uffd-conformance\" tests=\"11\" failures=\"3\" "
                     "errors=\"1\" skipped=\"2\" time=\"21.700\">"),
            std::string::npos)
      << xml;
  EXPECT_NE(xml.find("<testsuite name=\"uffd_rwp_anon\" tests=\"6\" failures=\"1\" errors=\"1\" "
                     "skipped=\"2\" time=\"6.100\" timestamp=\"2026-11-27T12:40:00Z\">"),
            std::string::npos)
      << xml;
  EXPECT_NE(xml.find("<testsuite name=\"uffd_rwp_shmem\" tests=\"3\" failures=\"1\" errors=\"0\" "
                     "skipped=\"0\""),
            std::string::npos);
  EXPECT_NE(xml.find("<testsuite name=\"uffd_rwp_hugetlb\" tests=\"2\" failures=\"1\" errors=\"0\" "
                     "skipped=\"0\""),
            std::string::npos);
  EXPECT_EQ(Count(xml, "<testsuite "), 3);
  EXPECT_EQ(Count(xml, "<testcase "), 11);
  EXPECT_EQ(Count(xml, "</testsuite>"), 3);
  EXPECT_EQ(Count(xml, "</testsuites>"), 1);
}

TEST(RenderJunit, OutcomeElementsPerVerdict) {
  const std::string xml = RenderJunit(Read(SampleDoc()));
  EXPECT_NE(xml.find("<testcase classname=\"uffd-conformance.uffd_rwp_anon\" "
                     "name=\"api.anon.offers_rwp\" time=\"0.250\">"),
            std::string::npos)
      << xml;
  EXPECT_NE(xml.find("<skipped message=\"needs two NUMA nodes\"/>"), std::string::npos);
  EXPECT_EQ(Count(xml, "<skipped "), 2);  // the skip and the xfail
  EXPECT_EQ(Count(xml, "type=\"fail\">"), 2);
  EXPECT_NE(xml.find("<failure message=\"known issue expected EINVAL\" type=\"xpass\">"),
            std::string::npos);
  EXPECT_NE(xml.find("<error message=\"SETUP ERROR: mmap: ENOMEM\" type=\"setup\"># "
                     "fixtures/backing.cc:88:accesses:SETUP ERROR: mmap: ENOMEM</error>"),
            std::string::npos)
      << xml;
  // The crashed binary is a failure named after the binary, its reason as body.
  EXPECT_NE(xml.find("name=\"uffd_rwp_hugetlb\" time=\"0.250\">\n      <failure "
                     "message=\"crashed: killed by signal 11\" type=\"fail\">crashed: killed by "
                     "signal 11</failure>"),
            std::string::npos)
      << xml;
  // xfail: skipped with an "xfail:" message (pytest's convention), its own failure kept.
  EXPECT_NE(xml.find("<skipped message=\"xfail: known: inverted scan &amp; holes\"/>"),
            std::string::npos)
      << xml;
  EXPECT_NE(xml.find("<system-out>its failure: known: inverted scan &amp; holes\nclaims: SCAN-5"),
            std::string::npos)
      << xml;
  // Properties: kernel, features, backing.
  EXPECT_NE(xml.find("<property name=\"kernel.release\" value=\"7.3.0-rc7-cloud-amd64\"/>"),
            std::string::npos);
  EXPECT_NE(xml.find("<property name=\"uffdio_api.features\" value=\"0x7ffff\"/>"),
            std::string::npos);
  EXPECT_NE(xml.find("<property name=\"backing\" value=\"hugetlb\"/>"), std::string::npos);
  EXPECT_NE(xml.find("<property name=\"signal\" value=\"11\"/>"), std::string::npos);
}

TEST(RenderJunit, EscapesHostileText) {
  const std::string xml = RenderJunit(Read(SampleDoc()));
  EXPECT_FALSE(HasForbiddenControl(xml));
  EXPECT_EQ(xml.find(kScript), std::string::npos);
  EXPECT_EQ(xml.find("a<b>&c"), std::string::npos);
  const std::string escaped =
      "a&lt;b&gt;&amp;c &quot;quoted&quot; &#39;single&#39; \\x01 bell \\x07 caf\xC3\xA9 \xE2\x9C\x93";
  EXPECT_NE(xml.find("name=\"weird." + escaped + "\""), std::string::npos) << xml;
  EXPECT_NE(xml.find("message=\"woke up " + escaped + "\""), std::string::npos);
  EXPECT_NE(xml.find(":not true: " + escaped + "</failure>"), std::string::npos);
  EXPECT_NE(xml.find("&lt;script&gt;alert(1)&lt;/script&gt;"), std::string::npos);
}

TEST(RenderJunit, MultiLineReasonStaysOneAttribute) {
  json doc = {{"suites", {{{"binary", "b"}, {"tests", {MakeTest("t", "anon", "skip", "line 1\nline 2")}}}}}};
  const std::string xml = RenderJunit(Read(doc));
  EXPECT_NE(xml.find("<skipped message=\"line 1&#10;line 2\"/>"), std::string::npos) << xml;
}

TEST(RenderJunit, EmptyAndMalformedDocumentsStillRender) {
  for (const json& doc : {json{{"suites", json::array()}},
                          json{{"suites", {nullptr, 3, {{"tests", {nullptr, {{"verdict", 7}}}}}}}}}) {
    const std::string xml = RenderJunit(Read(doc));
    EXPECT_NE(xml.find("<testsuites name=\"uffd-conformance\""), std::string::npos) << doc.dump();
    EXPECT_NE(xml.find("</testsuites>"), std::string::npos);
    EXPECT_FALSE(HasForbiddenControl(xml));
  }
  // A suite without a binary gets a name; tests without a verdict are errors, not passes.
  const std::string xml =
      RenderJunit(Read(json{{"suites", {{{"tests", {{{"name", "x"}}, {{"verdict", "bogus"}}}}}}}}));
  EXPECT_NE(xml.find("<testsuite name=\"suite-1\" tests=\"2\" failures=\"0\" errors=\"2\""),
            std::string::npos)
      << xml;
  EXPECT_NE(xml.find("<error message=\"the report gives no verdict for this test\""),
            std::string::npos);
  EXPECT_NE(xml.find("<error message=\"unknown verdict &#39;bogus&#39;\""), std::string::npos);
  EXPECT_NE(xml.find("name=\"(unnamed test)\""), std::string::npos);
  // A malformed start time is left out rather than making the file invalid.
  EXPECT_EQ(RenderJunit(Read(json{{"started", "now"}, {"suites", {{{"binary", "b"}}}}})).find("timestamp"),
            std::string::npos);
}

// ------------------------------------------------------------------------- HTML

std::set<std::string> Matches(const std::string& text, const std::string& pattern) {
  std::set<std::string> out;
  const std::regex re(pattern);
  for (auto it = std::sregex_iterator(text.begin(), text.end(), re); it != std::sregex_iterator(); ++it) {
    out.insert((*it)[1].str());
  }
  return out;
}

TEST(RenderHtml, SummaryCountsAndKernelInTheHeader) {
  const std::string html = RenderHtml(Read(SampleDoc()));
  ASSERT_EQ(html.rfind("<!DOCTYPE html>", 0), 0u);
  EXPECT_NE(html.find("<meta charset=\"utf-8\">"), std::string::npos);
  EXPECT_EQ(Count(html, "id=\"summary\""), 1);
  EXPECT_NE(html.find("<p id=\"summary\">6 passed, 4 failed, 1 skipped</p>"), std::string::npos);
  EXPECT_NE(html.find("<b>2</b>fail</li>"), std::string::npos);
  EXPECT_NE(html.find("<b>1</b>xpass</li>"), std::string::npos);
  EXPECT_NE(html.find("7.3.0-rc7-cloud-amd64"), std::string::npos);
  EXPECT_NE(html.find("class=\"banner bad\""), std::string::npos);
  // Health problems and findings are shown up front.
  EXPECT_NE(html.find("Kernel health problems"), std::string::npos);
  EXPECT_NE(html.find("kernel taint changed 0 -&gt; 512"), std::string::npos);
  EXPECT_NE(html.find("WARNING: at mm/hugetlb.c &lt;here&gt;"), std::string::npos);
  EXPECT_NE(html.find("CONFIG &amp; mask differ"), std::string::npos);
  EXPECT_LT(html.find("Kernel health problems"), html.find("id=\"environment\""));
}

TEST(RenderHtml, TablesAndClaimsMatrixLinkEachOther) {
  const std::string html = RenderHtml(Read(SampleDoc()));
  // One table per backing, one row per test.
  for (const char* id : {"suite-uffd_rwp_anon", "suite-uffd_rwp_shmem", "suite-uffd_rwp_hugetlb",
                         "claims", "environment"}) {
    EXPECT_NE(html.find(std::string("id=\"") + id + "\""), std::string::npos) << id;
  }
  EXPECT_NE(html.find("<tr id=\"t-uffd_rwp_anon-sync_fault.anon.dontwake\" class=\"r-fail has-diag\">"),
            std::string::npos);
  // What went wrong is shown open beneath the failing test; other diagnostics fold.
  EXPECT_NE(html.find("<tr class=\"diag r-fail\"><td colspan=\"5\"><details open>"), std::string::npos);
  EXPECT_NE(html.find("<tr class=\"diag r-error\"><td colspan=\"5\"><details open>"), std::string::npos);
  EXPECT_NE(html.find("<details><summary>diagnostics (1)</summary><pre>&lt;script&gt;"), std::string::npos);
  // Claims matrix rows, and the tests' claim IDs link to them.
  for (const char* id : {"API-1", "FAULT-7", "SCAN-5", "KEEP-4", "KEEP-9", "API-6", "VER-3"}) {
    EXPECT_NE(html.find(std::string("<tr id=\"claim-") + id + "\""), std::string::npos) << id;
  }
  EXPECT_NE(html.find("<a href=\"#claim-FAULT-7\">FAULT-7</a>"), std::string::npos);
  // An ID with no row (a gap of the pages, not a claim) is shown but not linked.
  EXPECT_NE(html.find("<span>D13</span>"), std::string::npos);
  EXPECT_EQ(html.find("#claim-D13"), std::string::npos);
  // Matrix cells link to the test that gave the verdict, including '*' patterns.
  EXPECT_NE(html.find("<a class=\"badge v-fail\" href=\"#t-uffd_rwp_anon-sync_fault.anon.dontwake\""),
            std::string::npos)
      << html;
  EXPECT_NE(html.find("<a class=\"badge v-xfail\" href=\"#t-uffd_rwp_anon-protect.anon.inverted_scan\""),
            std::string::npos);
  // Every in-page link has its target; ids are unique.
  const std::set<std::string> hrefs = Matches(html, "href=\"#([^\"]*)\"");
  std::vector<std::string> id_list;
  const std::regex id_re("id=\"([^\"]*)\"");
  for (auto it = std::sregex_iterator(html.begin(), html.end(), id_re); it != std::sregex_iterator(); ++it) {
    id_list.push_back((*it)[1].str());
  }
  const std::set<std::string> ids(id_list.begin(), id_list.end());
  EXPECT_EQ(ids.size(), id_list.size()) << "duplicate ids";
  EXPECT_GT(hrefs.size(), 10u);
  for (const std::string& h : hrefs) EXPECT_TRUE(ids.count(h)) << "dangling link #" << h;
}

TEST(RenderHtml, UntestableAndFindingClaimsShowWhy) {
  const std::string html = RenderHtml(Read(SampleDoc()));
  EXPECT_NE(html.find("<b>untestable:</b> needs CONFIG_TEST_HMM &amp; friends"), std::string::npos);
  // The runner's finding about a claim; else the claim's own record.
  const size_t api6 = html.find("<tr id=\"claim-API-6\"");
  ASSERT_NE(api6, std::string::npos);
  EXPECT_NE(html.substr(api6, html.find("</tr>", api6) - api6)
                .find("<b>finding:</b> <span class=\"badge v-contradicts\">contradicts</span> CONFIG &amp; mask differ"),
            std::string::npos)
      << html;
  EXPECT_NE(html.find("<b>finding:</b> reads the kernel config"), std::string::npos);
  EXPECT_NE(html.find("<span class=\"badge v-not-run\">not run</span>"), std::string::npos);
  EXPECT_NE(html.find("<span class=\"badge v-untestable\">untestable</span>"), std::string::npos);
}

TEST(RenderHtml, MatrixTellsOutOfScopeFromNotRun) {
  const std::string html = RenderHtml(Read(SampleDoc()));
  const size_t row = html.find("<tr id=\"claim-BACK-2\"");
  ASSERT_NE(row, std::string::npos);
  const std::string back2 = html.substr(row, html.find("</tr>", row) - row);
  EXPECT_EQ(Count(back2, ">n/a</span>"), 2) << back2;  // anon, hugetlb: a shmem-only claim
  EXPECT_NE(back2.find("href=\"#t-uffd_rwp_shmem-registration.shmem.sysv\""), std::string::npos);
  const size_t f7 = html.find("<tr id=\"claim-FAULT-7\"");
  const std::string fault7 = html.substr(f7, html.find("</tr>", f7) - f7);
  EXPECT_EQ(Count(fault7, ">n/a</span>"), 0);
  EXPECT_EQ(Count(fault7, "&mdash;"), 1);  // hugetlb: in scope, but nothing ran
}

TEST(RenderHtml, EscapesEverythingAndFetchesNothing) {
  const std::string html = RenderHtml(Read(SampleDoc()));
  EXPECT_FALSE(HasForbiddenControl(html));
  EXPECT_EQ(html.find(kScript), std::string::npos);
  EXPECT_EQ(html.find("<script"), std::string::npos);
  EXPECT_EQ(html.find("a<b>&c"), std::string::npos);
  EXPECT_EQ(html.find("DONTWAKE <does not>"), std::string::npos);
  EXPECT_NE(html.find("DONTWAKE &lt;does not&gt; wake"), std::string::npos);
  EXPECT_NE(html.find("weird.a&lt;b&gt;&amp;c &quot;quoted&quot; &#39;single&#39; \\x01 bell "
                      "\\x07 caf\xC3\xA9 \xE2\x9C\x93"),
            std::string::npos);
  // Nothing that could load anything: no src, no external href, no CSS url/import.
  EXPECT_EQ(html.find("src="), std::string::npos);
  EXPECT_EQ(html.find("href=\"http"), std::string::npos);
  EXPECT_EQ(html.find("http://"), std::string::npos);
  EXPECT_EQ(html.find("https://"), std::string::npos);
  EXPECT_EQ(html.find("url("), std::string::npos);
  EXPECT_EQ(html.find("@import"), std::string::npos);
  EXPECT_EQ(html.find("<link"), std::string::npos);
  for (const std::string& h : Matches(html, "href=\"([^\"]*)\"")) {
    EXPECT_EQ(h.rfind("#", 0), 0u) << "non-local link " << h;
  }
  EXPECT_NE(html.find("Content-Security-Policy"), std::string::npos);
}

TEST(RenderHtml, EmptyAndMalformedDocumentsStillRender) {
  for (const json& doc : {json{{"suites", json::array()}},
                          json{{"suites", json::array()}, {"claims", {nullptr, {{"id", 3}}}},
                               {"environment", {{"kernel", 1}}}},
                          json{{"suites", {{{"tests", {nullptr, {{"verdict", "bogus"}}}}}}}}}) {
    const std::string html = RenderHtml(Read(doc));
    EXPECT_NE(html.find("</html>"), std::string::npos) << doc.dump();
    EXPECT_NE(html.find("id=\"summary\""), std::string::npos);
  }
  // Without a summary the line is computed from the tests (xpass and error count as failed).
  json doc = SampleDoc();
  doc.erase("summary");
  EXPECT_NE(RenderHtml(Read(doc)).find("<p id=\"summary\">6 passed, 4 failed, 1 skipped</p>"),
            std::string::npos);
  // An unknown verdict is an error that says what came, not a pass.
  const std::string html = RenderHtml(
      Read(json{{"suites", {{{"binary", "b"}, {"tests", {{{"name", "x"}, {"verdict", "bogus"}}}}}}}}));
  EXPECT_NE(html.find("<span class=\"badge v-error\">error</span>"), std::string::npos) << html;
  EXPECT_NE(html.find("unknown verdict &#39;bogus&#39;"), std::string::npos);
  EXPECT_EQ(html.find("v-pass\">pass</span>"), std::string::npos);
}

// ------------------------------------------------------------------ the document

TEST(RunDataFromJson, WhatIsNotAReportIsOneLineOfError) {
  for (const json& doc : {json(), json::array(), json(json::value_t::discarded), json("x"),
                          json::object(), json{{"suites", "nope"}}, json{{"suites", {{"a", 1}}}}}) {
    absl::StatusOr<RunData> run = RunDataFromJson(doc);
    ASSERT_FALSE(run.ok()) << doc.dump();
    EXPECT_FALSE(run.status().message().empty());
    EXPECT_EQ(run.status().message().find('\n'), std::string::npos);
  }
}

TEST(RunDataFromJson, ReadsMissingAndMistypedFieldsAsDefaults) {
  const RunData run = Read(json{
      {"started", 5},
      {"duration_s", "2.5x"},
      {"environment", {{"kernel", "7.3"}, {"uffdio_api_features", "0x41"}, {"numa_nodes", "2"},
                       {"root", 1}, {"hugepages", {1, 2}}}},
      {"health", {{"ok", "yes"}, {"problems", {"p", nullptr, {{"o", 1}}}}, {"taint_after", 512}}},
      {"summary", {{"pass", -1}, {"fail", "3"}}},
      {"suites",
       {{{"binary", "b"}, {"exit_code", "x"}, {"timed_out", true},
         {"tests", {{{"name", "a"}, {"verdict", "PASS"}, {"duration_s", "0.5"}},
                    {{"name", "c"}, {"verdict", "xfail"}, {"duration_s", "soon"},
                     {"known_issue", {{"reason", "r"}, {"claims", "not a list"}}}}}}}}}});
  EXPECT_EQ(run.started, "5");
  EXPECT_EQ(run.duration_s, 0.5);  // missing or bad: what the suites took
  EXPECT_EQ(run.env.release, "");
  ASSERT_TRUE(run.env.system.features.has_value());
  EXPECT_EQ(*run.env.system.features, 0x41u);
  EXPECT_EQ(run.env.system.numa_nodes, 2);
  EXPECT_TRUE(run.env.system.root);
  EXPECT_EQ(run.env.hugepages_total, 0u);
  EXPECT_TRUE(run.health.ok);
  EXPECT_EQ(run.health.problems, std::vector<std::string>{"p"});
  EXPECT_FALSE(run.health.taint_before.has_value());
  EXPECT_EQ(run.health.taint_after.value_or(0), 512u);
  EXPECT_EQ(run.counts.pass, 1);  // counted: -1 is no count
  EXPECT_EQ(run.counts.fail, 3);
  EXPECT_EQ(run.counts.xfail, 1);
  ASSERT_EQ(run.suites.size(), 1u);
  EXPECT_EQ(run.suites[0].end.exit_code, 0);
  EXPECT_TRUE(run.suites[0].end.timed_out);
  EXPECT_EQ(run.suites[0].duration_s, 0.5);
  ASSERT_EQ(run.suites[0].tests.size(), 2u);
  EXPECT_EQ(run.suites[0].tests[0].verdict, Verdict::kPass);
  EXPECT_EQ(run.suites[0].tests[0].duration_s, 0.5);
  EXPECT_EQ(run.suites[0].tests[1].verdict, Verdict::kXfail);
  EXPECT_EQ(run.suites[0].tests[1].duration_s, -1);
  EXPECT_EQ(run.suites[0].tests[1].known_issue.reason, "r");
  EXPECT_TRUE(run.suites[0].tests[1].known_issue.claims.empty());
}

// A run with every part the document has, as uffdc_run would build it.
RunData SampleRun() {
  RunData run;
  run.started = "2026-11-27T12:40:00Z";
  run.command = "uffdc_run --suite anon";
  run.duration_s = 3.5;
  run.env.release = "7.3.0-rc7";
  run.env.version = "#1 SMP";
  run.env.machine = "x86_64";
  run.env.system.features = 0x30001;
  run.env.system.free_hugepages = 3;
  run.env.system.hugepage_size = 2048 * 1024;
  run.env.system.swap_total_kb = 1024;
  run.env.system.numa_nodes = 2;
  run.env.system.root = true;
  run.env.hugepages_total = 4;
  run.env.config_rwp = "y";
  run.env.config_source = "/proc/config.gz";
  run.findings = {{"VER-1", "agrees", "7.3 >= 7.2"}};
  run.health.taint_before = 0;
  run.health.kernel_log = {"[1.0] WARNING: x"};
  run.health.problems = {"a warning"};
  run.health.ok = false;
  run.health_attributions = {"a.anon.t: [1.0] WARNING: x"};
  SuiteRun anon{.binary = "uffd_rwp_anon", .backing = "anon", .duration_s = 2.25};
  anon.end.exit_code = 1;
  anon.tests.push_back({.name = "a.anon.t", .verdict = Verdict::kFail, .reason = "why",
                        .diagnostics = {"# RUN a.anon.t", "# why"}, .duration_s = 0.5});
  anon.tests.push_back({.name = "a.anon.u", .verdict = Verdict::kXfail, .reason = "its failure",
                        .known_issue = {"known", "kernel-bug", {"API-1"}}});
  anon.tests.push_back({.name = "a.anon.v", .verdict = Verdict::kSkip, .reason = "[thp] no"});
  run.suites.push_back(anon);
  run.suites.push_back({.binary = "uffdc_run", .tests = {{.name = "kernel_health", .verdict = Verdict::kFail}}});
  for (const SuiteRun& s : run.suites) {
    for (const TestResult& t : s.tests) run.counts.Add(t.verdict);
  }
  run.claims = {{.id = "API-1", .text = "t", .backings = "A", .tests = {"a.*.t", "a.*.u"}},
                {.id = "VER-1", .finding = "the version"},
                {.id = "D1", .backings = "A", .tests = {"a.*.v"}, .note = "n", .gap = "open"},
                {.id = "KEEP-9", .untestable = "no HMM"},
                {.id = "VER-3", .tests = {"never.*.listed"}}};
  run.metadata = {{"host", {{"name", "ci"}}}};
  return run;
}

TEST(RunDataFromJson, ReadsBackWhatToJsonWrote) {
  const json doc = ToJson(SampleRun());
  const json again = ToJson(Read(doc));
  EXPECT_EQ(again, doc) << json::diff(doc, again).dump(1);
  // And so do the reports.
  EXPECT_EQ(RenderJunit(Read(doc)), RenderJunit(SampleRun()));
  EXPECT_EQ(RenderHtml(Read(doc)), RenderHtml(SampleRun()));
}

}  // namespace
}  // namespace uffdc
