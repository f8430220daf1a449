// SPDX-License-Identifier: GPL-2.0
// The KCIDB rendering of the sample report against the field list of KCIDB's
// published I/O schema v5.3 (kernelci/kcidb-io, kcidb_io/schema/v05_03.py):
// only properties the schema defines, its required ones, its status names, ID,
// origin and path patterns, no nulls, log excerpts within maxLength.
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <string>

#include "gtest/gtest.h"
#include "harness/report_json.h"
#include "harness/report_kcidb.h"

namespace uffdc {
namespace {

using nlohmann::json;

const char* g_sample_path = nullptr;

// Properties and required properties of each object type in schema v5.3.
struct ObjectSchema {
  std::set<std::string> properties;
  std::set<std::string> required;
};
const std::map<std::string, ObjectSchema>& Schema() {
  static const std::map<std::string, ObjectSchema> kSchema = {
      {"checkouts",
       {{"_timestamp", "id", "origin", "tree_name", "git_repository_url", "git_commit_hash",
         "git_commit_name", "git_commit_tags", "git_commit_message", "git_repository_branch",
         "git_repository_branch_tip", "patchset_files", "patchset_hash", "message_id", "comment",
         "start_time", "origin_builds_finish_time", "origin_tests_finish_time", "log_url",
         "log_excerpt", "valid", "misc"},
        {"id", "origin"}}},
      {"builds",
       {{"_timestamp", "checkout_id", "id", "origin", "comment", "start_time", "duration",
         "architecture", "command", "compiler", "input_files", "output_files", "config_name",
         "config_url", "log_url", "log_excerpt", "status", "misc"},
        {"checkout_id", "id", "origin"}}},
      {"tests",
       {{"_timestamp", "build_id", "id", "origin", "environment", "path", "comment", "log_url",
         "log_excerpt", "status", "number", "start_time", "duration", "input_files",
         "output_files", "misc"},
        {"build_id", "id", "origin"}}},
      {"issues",
       {{"_timestamp", "id", "version", "origin", "categories", "report_url", "report_subject",
         "culprit", "comment", "misc"},
        {"id", "version", "origin"}}},
      {"incidents",
       {{"_timestamp", "id", "origin", "issue_id", "issue_version", "build_id", "test_id",
         "present", "comment", "misc"},
        {"id", "origin", "issue_id", "issue_version"}}},
  };
  return kSchema;
}

const std::regex kOrigin("^[a-z0-9_]+$");
const std::regex kId("^[a-z0-9_]+:.*$");
const std::regex kPath("^$|^[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+)*$");
const std::regex kDateTime("^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?\\+00:00$");
const std::set<std::string> kStatuses = {"FAIL", "ERROR", "MISS", "PASS", "DONE", "SKIP"};

// "No properties can be null" (misc is free-form but we keep it null-free too).
void ExpectNoNull(const json& v, const std::string& where) {
  ASSERT_FALSE(v.is_null()) << where;
  if (v.is_object()) {
    for (const auto& [k, x] : v.items()) ExpectNoNull(x, where + "." + k);
  } else if (v.is_array()) {
    for (size_t i = 0; i < v.size(); i++) ExpectNoNull(v[i], where + "[" + std::to_string(i) + "]");
  }
}

void ExpectValid(const json& doc) {
  ASSERT_TRUE(doc.is_object());
  for (const auto& [key, value] : doc.items()) {
    EXPECT_TRUE(key == "version" || Schema().count(key)) << "unknown top-level property " << key;
  }
  ASSERT_TRUE(doc.contains("version"));
  EXPECT_EQ(doc["version"]["major"], 5);
  EXPECT_GE(doc["version"]["minor"].get<int>(), 0);
  EXPECT_LE(doc["version"]["minor"].get<int>(), 3);
  ExpectNoNull(doc, "doc");
  for (const auto& [type, schema] : Schema()) {
    if (!doc.contains(type)) continue;
    ASSERT_TRUE(doc[type].is_array()) << type;
    std::set<std::string> ids;
    for (const json& o : doc[type]) {
      for (const auto& [k, v] : o.items()) {
        EXPECT_TRUE(schema.properties.count(k)) << type << " has no property " << k;
      }
      for (const std::string& r : schema.required) {
        EXPECT_TRUE(o.contains(r)) << type << " lacks required " << r << ": " << o.dump();
      }
      EXPECT_TRUE(std::regex_match(o["origin"].get<std::string>(), kOrigin));
      EXPECT_TRUE(std::regex_match(o["id"].get<std::string>(), kId)) << o["id"];
      EXPECT_TRUE(ids.insert(o["id"].get<std::string>()).second) << "duplicate id " << o["id"];
      for (const char* ref : {"checkout_id", "build_id", "test_id", "issue_id"}) {
        if (o.contains(ref)) {
          EXPECT_TRUE(std::regex_match(o[ref].get<std::string>(), kId));
        }
      }
      if (o.contains("status")) {
        EXPECT_TRUE(kStatuses.count(o["status"].get<std::string>()));
      }
      if (o.contains("path")) {
        EXPECT_TRUE(std::regex_match(o["path"].get<std::string>(), kPath)) << o["path"];
      }
      if (o.contains("start_time")) {
        EXPECT_TRUE(std::regex_match(o["start_time"].get<std::string>(), kDateTime))
            << o["start_time"];
      }
      if (o.contains("duration")) {
        EXPECT_TRUE(o["duration"].is_number());
      }
      if (o.contains("log_excerpt")) {
        EXPECT_LE(o["log_excerpt"].get<std::string>().size(), 16384u);
        EXPECT_EQ(o["log_excerpt"].get<std::string>().find('\0'), std::string::npos);
      }
      if (o.contains("environment")) {
        for (const auto& [k, v] : o["environment"].items()) {
          EXPECT_TRUE(k == "compatible" || k == "comment" || k == "misc") << k;
        }
      }
      if (o.contains("culprit")) {
        for (const auto& [k, v] : o["culprit"].items()) {
          EXPECT_TRUE(k == "code" || k == "tool" || k == "harness") << k;
          EXPECT_TRUE(v.is_boolean());
        }
      }
      for (const char* integer : {"version", "issue_version"}) {
        if (type != "checkouts" && o.contains(integer)) {
          EXPECT_TRUE(o[integer].is_number_integer());
        }
      }
      if (o.contains("misc")) {
        EXPECT_TRUE(o["misc"].is_object());
      }
    }
  }
}

json Sample() {
  std::ifstream in(g_sample_path);
  std::stringstream buf;
  buf << in.rdbuf();
  return json::parse(buf.str());
}

// The run a report document describes.
RunData Read(const json& report) {
  absl::StatusOr<RunData> run = RunDataFromJson(report);
  EXPECT_TRUE(run.ok()) << run.status();
  return run.ok() ? *std::move(run) : RunData{};
}

TEST(Kcidb, SampleMatchesTheSchemaFieldList) {
  const json doc = RenderKcidb(Read(Sample()), KcidbOptions{});
  ExpectValid(doc);
  // Without a build ID the kernel is described as this origin's build.
  ASSERT_EQ(doc["builds"].size(), 1u);
  ASSERT_EQ(doc["checkouts"].size(), 1u);
  EXPECT_EQ(doc["builds"][0]["checkout_id"], doc["checkouts"][0]["id"]);
  for (const json& t : doc["tests"]) EXPECT_EQ(t["build_id"], doc["builds"][0]["id"]);
}

TEST(Kcidb, EveryResultIsATestWithTheRunnersVerdict) {
  const json report = Sample();
  const json doc = RenderKcidb(Read(report), KcidbOptions{});
  std::map<std::string, std::string> by_path;
  for (const json& t : doc["tests"]) by_path[t["path"]] = t["status"];
  const std::map<std::string, std::string> expected = {
      {"pass", "PASS"}, {"fail", "FAIL"}, {"error", "ERROR"},
      {"skip", "SKIP"}, {"xfail", "FAIL"}, {"xpass", "PASS"}};
  size_t results = 0, suites = 0;
  for (const json& s : report["suites"]) {
    if (!s["backing"].get<std::string>().empty()) {
      suites++;
      EXPECT_TRUE(by_path.count("uffd-conformance." + s["backing"].get<std::string>()));
    }
    for (const json& t : s["tests"]) {
      results++;
      std::string path = "uffd-conformance.";
      if (!s["backing"].get<std::string>().empty()) path += s["backing"].get<std::string>() + ".";
      path += t["name"].get<std::string>();
      ASSERT_TRUE(by_path.count(path)) << path;
      EXPECT_EQ(by_path[path], expected.at(t["verdict"])) << path;
    }
  }
  EXPECT_EQ(doc["tests"].size(), results + suites);
}

TEST(Kcidb, KnownIssuesBecomeIssuesAndIncidents) {
  const json doc = RenderKcidb(Read(Sample()), KcidbOptions{});
  ASSERT_TRUE(doc.contains("issues"));
  std::set<std::string> issue_ids, test_ids;
  for (const json& i : doc["issues"]) issue_ids.insert(i["id"]);
  for (const json& t : doc["tests"]) test_ids.insert(t["id"]);
  int present = 0, absent = 0;
  for (const json& inc : doc["incidents"]) {
    EXPECT_TRUE(issue_ids.count(inc["issue_id"])) << inc.dump();
    EXPECT_TRUE(test_ids.count(inc["test_id"])) << inc.dump();
    (inc["present"].get<bool>() ? present : absent)++;
  }
  EXPECT_GT(present, 0);  // the sample has xfails
  EXPECT_GT(absent, 0);   // and an xpass
}

TEST(Kcidb, AGivenBuildIdLeavesBuildsToTheSubmitter) {
  KcidbOptions o;
  o.origin = "my_lab";
  o.build_id = "kernelci:build-42";
  o.run_id = "job-7";
  const json doc = RenderKcidb(Read(Sample()), o);
  ExpectValid(doc);
  EXPECT_FALSE(doc.contains("builds"));
  EXPECT_FALSE(doc.contains("checkouts"));
  for (const json& t : doc["tests"]) {
    EXPECT_EQ(t["build_id"], "kernelci:build-42");
    EXPECT_EQ(t["origin"], "my_lab");
    EXPECT_EQ(t["id"].get<std::string>().rfind("my_lab:job-7:", 0), 0u) << t["id"];
  }
}

TEST(Kcidb, HostileTextStaysWithinTheSchema) {
  json report = Sample();
  json& t = report["suites"][0]["tests"][0];
  t["name"] = "weird name/with spaces.and\x01" "ctl";
  t["reason"] = std::string(40000, 'x') + "\xE2\x9C\x93";
  t["diagnostics"] = json::array({std::string("nul\0inside", 10)});
  ExpectValid(RenderKcidb(Read(report), KcidbOptions{}));
}

TEST(Kcidb, BadOptionsAreRejected) {
  KcidbOptions o;
  o.origin = "Bad-Origin";
  EXPECT_FALSE(ValidateKcidbOptions(o).ok());
  o = KcidbOptions{};
  o.build_id = "no-colon";
  EXPECT_FALSE(ValidateKcidbOptions(o).ok());
  o.build_id = "lab:1";
  EXPECT_TRUE(ValidateKcidbOptions(o).ok());
}

}  // namespace
}  // namespace uffdc

int main(int argc, char** argv) {
  testing::InitGoogleTest(&argc, argv);
  if (argc != 2) {
    fprintf(stderr, "usage: report_kcidb_test SAMPLE_REPORT.json\n");
    return 2;
  }
  uffdc::g_sample_path = argv[1];
  return RUN_ALL_TESTS();
}
