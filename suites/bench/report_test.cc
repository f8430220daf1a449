// SPDX-License-Identifier: GPL-2.0
// uffd_rwp_bench's report: reduction, the emulation rule, the table, the JSON
// document read back, and the baseline comparison that decides its exit status.
#include "suites/bench/report.h"

#include <cstdlib>
#include <string>

#include "absl/strings/match.h"
#include "gtest/gtest.h"

namespace uffdc::bench {
namespace {

Op Measured(const std::string& name, int64_t min_ns, int64_t median_ns) {
  Op op;
  op.name = name, op.description = name + " description", op.bytes = 4096;
  op.iterations = 10, op.min_ns = min_ns, op.median_ns = median_ns;
  return op;
}

Report Sample() {
  Report r;
  r.kernel = "7.3.0-rc7-cloud-amd64";
  r.timing = DetectTiming("model name\t: QEMU TCG CPU version 2.5+\nflags\t\t: fpu hypervisor\n");
  r.ops = {Measured(kBaselineOp, 900, 1000), Measured("rwp_async_fault", 1500, 2000),
           Measured("rwp_sync_fault", 9000, 10000)};
  Op skipped;
  skipped.name = "rwprotect_2m_protect", skipped.bytes = 2 << 20;
  skipped.skipped = "[hugepages] none free";
  r.ops.push_back(skipped);
  return r;
}

TEST(Reduce, MinAndLowerMedian) {
  EXPECT_EQ(Reduce({5, 1, 3}).min, 1);
  EXPECT_EQ(Reduce({5, 1, 3}).median, 3);
  EXPECT_EQ(Reduce({4, 1, 3, 2}).median, 2);
  EXPECT_EQ(Reduce({}).median, 0);
}

TEST(DetectTiming, TcgIsEmulatedAndHidesAbsoluteTimes) {
  Timing t = DetectTiming("model name\t: QEMU TCG CPU version 2.5+\nflags\t\t: fpu hypervisor\n");
  EXPECT_TRUE(t.emulated);
  EXPECT_FALSE(t.show_absolute);
  EXPECT_TRUE(absl::StrContains(t.evidence, "QEMU TCG CPU")) << t.evidence;
  // An older QEMU model name and no hypervisor flag: emulated too.
  EXPECT_TRUE(DetectTiming("model name\t: QEMU Virtual CPU version 2.5+\nflags\t: fpu\n").emulated);
}

TEST(DetectTiming, HardwareAndKvmShowAbsoluteTimes) {
  Timing kvm =
      DetectTiming("model name\t: QEMU Virtual CPU version 2.5+\nflags\t: fpu hypervisor\n");
  EXPECT_FALSE(kvm.emulated);
  Timing host = DetectTiming("model name\t: AMD EPYC 7B13\nflags\t: fpu sse\n");
  EXPECT_FALSE(host.emulated);
  EXPECT_TRUE(host.show_absolute);
}

TEST(Ratios, AreToTheBaselineOp) {
  Report r = Sample();
  EXPECT_DOUBLE_EQ(MedianRatio(r, r.ops[1]), 2.0);
  EXPECT_DOUBLE_EQ(MinRatio(r, r.ops[1]), 1500.0 / 900.0);
  EXPECT_EQ(MedianRatio(r, r.ops[3]), 0);  // skipped
}

TEST(RenderTable, RatiosOnlyUnderEmulation) {
  Report r = Sample();
  std::string table = RenderTable(r);
  EXPECT_TRUE(absl::StrContains(table, "software emulation")) << table;
  EXPECT_TRUE(absl::StrContains(table, "absolute times hidden")) << table;
  EXPECT_FALSE(absl::StrContains(table, "median ns")) << table;
  EXPECT_TRUE(absl::StrContains(table, "rwp_sync_fault")) << table;
  EXPECT_TRUE(absl::StrContains(table, "10")) << table;  // x10 median ratio
  EXPECT_TRUE(absl::StrContains(table, "[hugepages] none free")) << table;
  r.timing.show_absolute = true;
  table = RenderTable(r);
  EXPECT_TRUE(absl::StrContains(table, "median ns")) << table;
  EXPECT_TRUE(absl::StrContains(table, "10000")) << table;
}

TEST(Json, RoundTrips) {
  const Report r = Sample();
  absl::StatusOr<Report> back = ReportFromJson(ToJson(r));
  ASSERT_TRUE(back.ok()) << back.status();
  EXPECT_EQ(back->kernel, r.kernel);
  EXPECT_TRUE(back->timing.emulated);
  ASSERT_EQ(back->ops.size(), r.ops.size());
  EXPECT_EQ(back->ops[2].median_ns, 10000);
  EXPECT_EQ(back->ops[3].skipped, "[hugepages] none free");
  EXPECT_DOUBLE_EQ(ToJson(r)["ops"][1]["ratio_median"].get<double>(), 2.0);
}

TEST(Json, RejectsOtherDocuments) {
  EXPECT_FALSE(ReportFromJson(nlohmann::json::array()).ok());
  EXPECT_FALSE(
      ReportFromJson({{"schema", "uffd-conformance/1"}, {"ops", nlohmann::json::array()}}).ok());
  nlohmann::json doc = ToJson(Sample());
  doc["ops"][1].erase("median_ns");
  absl::StatusOr<Report> r = ReportFromJson(doc);
  ASSERT_FALSE(r.ok());
  EXPECT_TRUE(absl::StrContains(r.status().message(), "rwp_async_fault")) << r.status();
}

TEST(Compare, FlagsMoreThanTwiceWorse) {
  const Report before = Sample();
  Report now = Sample();
  now.ops[1].median_ns = 4100;   // ratio 2 -> 4.1: 2.05x worse
  now.ops[2].median_ns = 19000;  // ratio 10 -> 19: 1.9x, within bounds
  Comparison c = Compare(before, now);
  ASSERT_EQ(c.regressed.size(), 1u);
  EXPECT_EQ(c.regressed[0], "rwp_async_fault");
  bool saw_skip_note = false;
  for (const std::string& line : c.lines) saw_skip_note |= absl::StrContains(line, "rwprotect_2m");
  EXPECT_TRUE(saw_skip_note);
}

TEST(Compare, ComparesRatiosNotTimes) {
  // Everything twice as slow (a slower machine): no ratio moved.
  const Report before = Sample();
  Report now = Sample();
  for (Op& op : now.ops) op.median_ns *= 3, op.min_ns *= 3;
  EXPECT_TRUE(Compare(before, now).regressed.empty());
}

TEST(Compare, NotesOpsOnOneSideOnly) {
  Report before = Sample();
  before.ops.push_back(Measured("gone_op", 1, 1));
  Report now = Sample();
  now.ops.push_back(Measured("new_op", 1, 1));
  Comparison c = Compare(before, now);
  EXPECT_TRUE(c.regressed.empty());
  std::string all;
  for (const std::string& line : c.lines) all += line + "\n";
  EXPECT_TRUE(absl::StrContains(all, "new_op: not in the baseline")) << all;
  EXPECT_TRUE(absl::StrContains(all, "gone_op: not measured now")) << all;
}

// A document from a real guest run (the README's table) reads back and matches itself.
TEST(ReadReport, GuestRun) {
  const char* srcdir = std::getenv("TEST_SRCDIR");
  ASSERT_NE(srcdir, nullptr);
  absl::StatusOr<Report> r =
      ReadReport(std::string(srcdir) + "/uffd_conformance/suites/bench/testdata/run.json");
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_GT(r->ops.size(), 5u);
  EXPECT_TRUE(Compare(*r, *r).regressed.empty());
  EXPECT_FALSE(ReadReport("/nonexistent.json").ok());
}

}  // namespace
}  // namespace uffdc::bench
