// SPDX-License-Identifier: GPL-2.0
// uffd_rwp_bench: what read-write protection costs, for people who use RWP to
// track a working set. Each operation runs many times and is reported as min and
// median, divided by the way to track accesses without userfaultfd: a page made
// PROT_NONE whose first access raises SIGSEGV, whose handler mprotect()s it back.
//
// Exit status: 0 measured (and no regression against --baseline), 1 a measurement
// failed or --baseline found an operation more than 2x worse, 2 bad flags (one
// line on stderr), 4 the kernel has no RWP (one line: kselftest's skip).
#include <signal.h>
#include <sys/mman.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/reflection.h"
#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "suites/bench/report.h"
#include "fixtures/access.h"
#include "fixtures/backing.h"
#include "fixtures/needs.h"
#include "fixtures/pagemap.h"
#include "fixtures/registered_region.h"
#include "fixtures/uapi.h"
#include "fixtures/userfaultfd.h"

ABSL_FLAG(uint64_t, iterations, 200, "timed repetitions of each per-page operation");
ABSL_FLAG(uint64_t, range_mb, 256, "size of the large range, in MiB (populated anonymous memory)");
ABSL_FLAG(uint64_t, range_iterations, 5, "timed repetitions of each large-range operation");
ABSL_FLAG(std::string, json, "", "write the results as a JSON document to this file");
ABSL_FLAG(std::string, baseline, "",
          "an earlier --json document: exit 1 when an operation's ratio grew more than 2x");
ABSL_FLAG(bool, absolute, false, "show absolute times even under software emulation");
ABSL_FLAG(std::string, results, "",
          "measure nothing: show this earlier --json document (with --baseline: compare two "
          "runs on any machine)");
ABSL_FLAG(absl::Duration, stall_timeout, absl::Seconds(60),
          "give up (exit 1) when an operation makes no progress for this long");

namespace uffdc::bench {
namespace {

constexpr char kUsage[] =
    "usage: uffd_rwp_bench [--iterations 200] [--range_mb 256] [--range_iterations 5]\n"
    "                      [--json FILE] [--baseline OLD.json] [--absolute] [--stall_timeout 60s]\n"
    "       uffd_rwp_bench --results NEW.json [--baseline OLD.json] [--absolute]\n"
    "Measures RWP's costs per operation (min and median) as ratios to an mprotect(PROT_NONE)\n"
    "fault resolved by a SIGSEGV handler. Absolute times are shown only on hardware, or with\n"
    "--absolute. Exit status: 0 done, 1 a failure or a regression against --baseline (an\n"
    "operation more than 2x worse), 2 bad flags, 4 no RWP in the kernel (skip).\n"
    "flags:\n";
constexpr const char* kFlags[] = {"iterations", "range_mb", "range_iterations", "json",
                                  "baseline",   "absolute", "stall_timeout",    "results"};
constexpr size_t kPage = 4096;
// Scan hits: one accessed page in this many (at most kScanHits in all), so the
// answer fits one PAGEMAP_SCAN vector (fixtures/pagemap: 512 regions).
constexpr size_t kScanStride = 1024;
constexpr size_t kScanHits = 256;

[[noreturn]] void BadInput(const std::string& message) {
  std::fprintf(stderr, "uffd_rwp_bench: error: %s\n", message.c_str());
  std::exit(2);
}

[[noreturn]] void Fatal(const std::string& message) {
  std::fflush(stdout);
  std::fprintf(stderr, "uffd_rwp_bench: error: %s\n", message.c_str());
  std::fflush(stderr);
  _exit(1);  // other threads may be blocked in a fault: no destructors
}

void PrintUsage() {
  std::fputs(kUsage, stdout);
  for (const char* name : kFlags) {
    const absl::CommandLineFlag* flag = absl::FindCommandLineFlag(name);
    std::printf("  --%-18s %s (default %s)\n", name, flag->Help().c_str(),
                flag->DefaultValue().empty() ? "none" : flag->DefaultValue().c_str());
  }
}

// absl::ParseCommandLine reports a bad flag in several lines and exits 1; the
// project's tools say one line and exit 2, so the few flags are parsed here with
// abseil's own per-flag parsers.
void ParseFlags(int argc, char** argv) {
  for (int i = 1; i < argc; i++) {
    absl::string_view arg = argv[i];
    if (arg == "-h" || arg == "--help" || arg == "-help") {
      PrintUsage();
      std::exit(0);
    }
    if (!absl::ConsumePrefix(&arg, "--") && !absl::ConsumePrefix(&arg, "-")) {
      BadInput(absl::StrCat("unexpected argument '", arg, "' (see --help)"));
    }
    std::string name(arg), value;
    bool has_value = false;
    if (size_t eq = name.find('='); eq != std::string::npos) {
      value = name.substr(eq + 1), name.resize(eq), has_value = true;
    }
    if (!has_value && absl::StartsWith(name, "no") && name.size() > 2) {
      const absl::CommandLineFlag* f = absl::FindCommandLineFlag(name.substr(2));
      if (f != nullptr && f->IsOfType<bool>())
        name = name.substr(2), value = "false", has_value = true;
    }
    absl::CommandLineFlag* flag = nullptr;
    for (const char* known : kFlags) {
      if (name == known) flag = absl::FindCommandLineFlag(name);
    }
    if (flag == nullptr) BadInput(absl::StrCat("unknown flag --", name, " (see --help)"));
    if (!has_value) {
      if (flag->IsOfType<bool>()) {
        value = "true";
      } else if (i + 1 < argc) {
        value = argv[++i];
      } else {
        BadInput(absl::StrCat("--", name, " needs a value"));
      }
    }
    std::string error;
    if (!flag->ParseFrom(value, &error)) BadInput(absl::StrCat("--", name, ": ", error));
  }
  if (absl::GetFlag(FLAGS_iterations) == 0) BadInput("--iterations must be at least 1");
  if (absl::GetFlag(FLAGS_range_iterations) == 0) BadInput("--range_iterations must be at least 1");
  const uint64_t mb = absl::GetFlag(FLAGS_range_mb);
  if (mb < 4 || mb > 65536) BadInput("--range_mb must be between 4 and 65536");
  if (absl::GetFlag(FLAGS_stall_timeout) <= absl::ZeroDuration()) {
    BadInput("--stall_timeout must be positive");
  }
}

Op Skipped(Op op, const std::string& why) {
  op.skipped = why;
  return op;
}

Op Failed(Op op, const absl::Status& status) {
  if (!status.ok()) op.error = status.ToString();
  return op;
}

int64_t NowNs() {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return static_cast<int64_t>(ts.tv_sec) * 1000000000 + ts.tv_nsec;
}

// Bounds every wait of the run at once: a fault nobody resolves leaves the timing
// thread blocked in the kernel, where no timeout of its own can reach it.
class Watchdog {
 public:
  explicit Watchdog(absl::Duration stall) : stall_ns_(absl::ToInt64Nanoseconds(stall)) {
    thread_ = std::thread([this] { Loop(); });
  }
  ~Watchdog() {
    stop_.store(true);
    thread_.join();
  }
  void Kick(const std::string& what) {
    absl::MutexLock lock(&mu_);
    what_ = what;
    last_ns_.store(NowNs());
  }
  void Kick() { last_ns_.store(NowNs()); }

 private:
  void Loop() {
    while (!stop_.load()) {
      absl::SleepFor(absl::Milliseconds(100));
      if (NowNs() - last_ns_.load() > stall_ns_) {
        absl::MutexLock lock(&mu_);
        Fatal(absl::StrCat(what_, " made no progress for ",
                           absl::FormatDuration(absl::Nanoseconds(stall_ns_)),
                           " (a fault nobody resolved?)"));
      }
    }
  }
  const int64_t stall_ns_;
  std::atomic<int64_t> last_ns_{NowNs()};
  std::atomic<bool> stop_{false};
  absl::Mutex mu_;
  std::string what_ ABSL_GUARDED_BY(mu_) = "set-up";
  std::thread thread_;
};

// A handler thread for sync faults: reads each message (bounded poll) and resolves
// it with `resolve`, which must wake the faulting thread.
class FaultServer {
 public:
  using Resolve = std::function<absl::Status(const struct uffd_msg&)>;
  FaultServer(const Userfaultfd& uffd, std::string what, Resolve resolve)
      : uffd_(uffd), what_(std::move(what)), resolve_(std::move(resolve)) {
    thread_ = std::thread([this] { Loop(); });
  }
  ~FaultServer() {
    stop_.store(true);
    thread_.join();  // bounded: the poll below wakes every 100 ms
  }
  FaultServer(const FaultServer&) = delete;
  FaultServer& operator=(const FaultServer&) = delete;

 private:
  void Loop() {
    while (!stop_.load()) {
      absl::StatusOr<std::optional<struct uffd_msg>> msg =
          uffd_.ReadMessage(absl::Milliseconds(100));
      if (!msg.ok()) Fatal(absl::StrCat(what_, ": ", msg.status().ToString()));
      if (!msg->has_value()) continue;
      if ((*msg)->event != UFFD_EVENT_PAGEFAULT) {
        Fatal(absl::StrCat(what_, ": unexpected message ", DescribeMessage(**msg)));
      }
      // The toucher stays blocked if this fails: better one clear line now than
      // the watchdog's later.
      if (absl::Status s = resolve_(**msg); !s.ok()) Fatal(absl::StrCat(what_, ": ", s.ToString()));
    }
  }
  const Userfaultfd& uffd_;
  const std::string what_;
  const Resolve resolve_;
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

struct Settings {
  uint64_t iterations;
  uint64_t range_iterations;
  size_t range_bytes;
};

class Bench {
 public:
  Bench(const Settings& s, Watchdog& watchdog) : s_(s), watchdog_(watchdog) {}
  std::vector<Op> Run();

 private:
  Op Start(const std::string& name, const std::string& description, uint64_t bytes) {
    watchdog_.Kick(name);
    Op op;
    op.name = name, op.description = description, op.bytes = bytes;
    return op;
  }
  // `iterations` rounds of arm() (untimed) then timed() (timed), after a tenth as
  // many untimed warm-up rounds.
  absl::Status Sample(Op& op, uint64_t iterations, const std::function<absl::Status()>& arm,
                      const std::function<void()>& timed);
  Op Baseline();
  Op SyncFault(
      const char* name, const char* description, uint64_t features, uint64_t mode, Access access,
      const std::function<absl::Status(const RegisteredRegion&)>& arm,
      const std::function<absl::Status(const RegisteredRegion&, const struct uffd_msg&)>& resolve);
  Op AsyncFault();
  void ProtectPair(std::vector<Op>& ops, const char* suffix, Backing backing, size_t pages,
                   uint64_t iterations, const char* what);
  Op Scan();

  const Settings s_;
  Watchdog& watchdog_;
  std::optional<RegisteredRegion> range_;  // the large range, shared by its ops
};

absl::Status Bench::Sample(Op& op, uint64_t iterations, const std::function<absl::Status()>& arm,
                           const std::function<void()>& timed) {
  const uint64_t warmup = std::max<uint64_t>(1, iterations / 10);
  std::vector<int64_t> samples;
  samples.reserve(iterations);
  for (uint64_t i = 0; i < warmup + iterations; i++) {
    if (absl::Status s = arm(); !s.ok()) return s;
    const int64_t t0 = NowNs();
    timed();
    const int64_t t1 = NowNs();
    if (i >= warmup) samples.push_back(t1 - t0);
    watchdog_.Kick();
  }
  const MinMedian r = Reduce(std::move(samples));
  op.iterations = iterations, op.min_ns = r.min, op.median_ns = r.median;
  return absl::OkStatus();
}

// The page the SIGSEGV handler gives access back to.
std::atomic<char*> segv_page{nullptr};

void RestoreAccess(int, siginfo_t* info, void*) {
  char* page = segv_page.load();
  char* addr = static_cast<char*>(info->si_addr);
  if (page == nullptr || addr < page || addr >= page + kPage ||
      mprotect(page, kPage, PROT_READ | PROT_WRITE) != 0) {
    signal(SIGSEGV, SIG_DFL);  // a real crash: let it happen
  }
}

Op Bench::Baseline() {
  Op op = Start(kBaselineOp, "read of a PROT_NONE page: SIGSEGV, handler mprotect()s it RW", kPage);
  absl::StatusOr<Region> region = Region::Create(Backing::kAnon, {.pages = 1});
  if (!region.ok()) return Failed(op, region.status());
  struct sigaction sa = {}, old = {};
  sa.sa_sigaction = RestoreAccess;
  sa.sa_flags = SA_SIGINFO;
  sigemptyset(&sa.sa_mask);
  if (sigaction(SIGSEGV, &sa, &old) != 0) return Failed(op, PosixSetupError(errno, "sigaction"));
  segv_page.store(region->base());
  absl::Status s = Sample(
      op, s_.iterations,
      [&] {
        return SyscallStatus(mprotect(region->base(), kPage, PROT_NONE), "mprotect(PROT_NONE)");
      },
      [&] { Touch(Access::kRead, region->base()); });
  sigaction(SIGSEGV, &old, nullptr);
  segv_page.store(nullptr);
  return Failed(op, s);
}

Op Bench::SyncFault(
    const char* name, const char* description, uint64_t features, uint64_t mode, Access access,
    const std::function<absl::Status(const RegisteredRegion&)>& arm,
    const std::function<absl::Status(const RegisteredRegion&, const struct uffd_msg&)>& resolve) {
  Op op = Start(name, description, kPage);
  if (std::optional<std::string> unmet = UnmetNeed(Needs{.features = features}, System())) {
    return Skipped(op, *unmet);
  }
  absl::StatusOr<RegisteredRegion> rr =
      RegisterRegion(Backing::kAnon, {.pages = 1}, features, mode);
  if (!rr.ok()) return Failed(op, rr.status());
  absl::Status s;
  {
    FaultServer server(rr->uffd, name,
                       [&](const struct uffd_msg& msg) { return resolve(*rr, msg); });
    s = Sample(
        op, s_.iterations, [&] { return arm(*rr); }, [&] { Touch(access, rr->region.base(), 1); });
  }
  return Failed(op, s);
}

Op Bench::AsyncFault() {
  Op op = Start("rwp_async_fault", "read of a protected page, resolved by the kernel (RWP_ASYNC)",
                kPage);
  const uint64_t features = UFFD_FEATURE_RWP | UFFD_FEATURE_RWP_ASYNC;
  if (std::optional<std::string> unmet = UnmetNeed(Needs{.features = features}, System())) {
    return Skipped(op, *unmet);
  }
  absl::StatusOr<RegisteredRegion> rr = RegisterRegion(Backing::kAnon, {.pages = 1}, features);
  if (!rr.ok()) return Failed(op, rr.status());
  absl::Status s = Sample(
      op, s_.iterations, [&] { return rr->Protect(); },
      [&] { Touch(Access::kRead, rr->region.base()); });
  return Failed(op, s);
}

// UFFDIO_RWPROTECT over `pages` pages of `backing`: protect and unprotect timed apart.
void Bench::ProtectPair(std::vector<Op>& ops, const char* suffix, Backing backing, size_t pages,
                        uint64_t iterations, const char* what) {
  const std::string protect = absl::StrCat("rwprotect_", suffix, "_protect");
  const std::string unprotect = absl::StrCat("rwprotect_", suffix, "_unprotect");
  const std::string d1 = absl::StrCat("UFFDIO_RWPROTECT(MODE_RWP) over ", what);
  const std::string d2 = absl::StrCat("UFFDIO_RWPROTECT(0) over ", what, " (wakes)");
  Op p = Start(protect, d1, 0), u = Start(unprotect, d2, 0);
  const bool large = backing == Backing::kAnon && pages > 1;
  auto finish = [&](const std::string& skipped, const std::string& error) {
    p.skipped = u.skipped = skipped;
    p.error = u.error = error;
    ops.push_back(p), ops.push_back(u);
  };
  Needs needs{.features = UFFD_FEATURE_RWP};
  if (backing == Backing::kHugetlb) {
    if (System().hugepage_size != (2u << 20)) {
      p.bytes = u.bytes = 2u << 20;
      return finish("[hugepages] no 2 MiB hugetlb pages (default hugepage size is not 2 MiB)", "");
    }
    needs.hugepages = 1;
  }
  if (std::optional<std::string> unmet = UnmetNeed(needs, System())) return finish(*unmet, "");
  std::optional<RegisteredRegion> local;
  const RegisteredRegion* rr;
  if (large) {
    // Populating the range takes a while under emulation: kick the watchdog per chunk.
    const uint64_t features =
        UFFD_FEATURE_RWP | (System().features.value_or(0) & UFFD_FEATURE_RWP_ASYNC);
    absl::StatusOr<RegisteredRegion> r =
        RegisterRegion(Backing::kAnon, {.pages = pages, .populate = false}, features);
    if (!r.ok()) return finish("", r.status().ToString());
    for (size_t i = 0; i < pages; i++) {
      r->region.page(i)[0] = 1;
      if (i % 4096 == 0) watchdog_.Kick();
    }
    range_.emplace(*std::move(r));
    rr = &*range_;
  } else {
    absl::StatusOr<RegisteredRegion> r =
        RegisterRegion(backing, {.pages = pages}, UFFD_FEATURE_RWP);
    if (!r.ok()) return finish("", r.status().ToString());
    local.emplace(*std::move(r));
    rr = &*local;
  }
  p.bytes = u.bytes = rr->region.len();
  watchdog_.Kick(protect);
  const uint64_t warmup = large ? 1 : std::max<uint64_t>(1, iterations / 10);
  std::vector<int64_t> tp, tu;
  for (uint64_t i = 0; i < warmup + iterations; i++) {
    const int64_t t0 = NowNs();
    absl::Status s1 = rr->Protect();
    const int64_t t1 = NowNs();
    absl::Status s2 = rr->Unprotect();
    const int64_t t2 = NowNs();
    if (!s1.ok() || !s2.ok()) return finish("", (s1.ok() ? s2 : s1).ToString());
    if (i >= warmup) tp.push_back(t1 - t0), tu.push_back(t2 - t1);
    watchdog_.Kick();
  }
  const MinMedian rp = Reduce(tp), ru = Reduce(tu);
  p.iterations = u.iterations = iterations;
  p.min_ns = rp.min, p.median_ns = rp.median, u.min_ns = ru.min, u.median_ns = ru.median;
  finish("", "");
}

Op Bench::Scan() {
  const std::string what = absl::StrCat("PAGEMAP_SCAN(PAGE_IS_ACCESSED) over the protected ",
                                        s_.range_bytes >> 20, " MiB, a few pages accessed");
  Op op = Start("pagemap_scan_accessed", what, s_.range_bytes);
  if (!range_) return Skipped(op, "the large range could not be set up");
  const bool async = System().features.value_or(0) & UFFD_FEATURE_RWP_ASYNC;
  if (!async)
    op.description = "PAGEMAP_SCAN(PAGE_IS_ACCESSED) over a protected range, none accessed";
  const size_t pages = range_->region.pages();
  const size_t stride = std::max(kScanStride, (pages + kScanHits - 1) / kScanHits);
  const size_t expected = async ? (pages + stride - 1) / stride : 0;
  absl::Status bad;
  absl::Status s = Sample(
      op, s_.range_iterations,
      [&]() -> absl::Status {
        if (!bad.ok()) return bad;
        if (absl::Status p = range_->Protect(); !p.ok()) return p;
        // Async mode lets a plain read mark pages accessed without a handler.
        for (size_t i = 0; async && i < pages; i += stride)
          Touch(Access::kRead, range_->region.page(i));
        return absl::OkStatus();
      },
      [&] {
        absl::StatusOr<std::vector<struct page_region>> r =
            PagemapScan(range_->region.base(), range_->region.len(), kAccessedQuery);
        if (!r.ok()) {
          bad = r.status();
        } else if (PagesIn(*r, range_->region.base(), kPage).size() != expected) {
          bad = absl::InternalError(absl::StrCat("PAGEMAP_SCAN found ",
                                                 PagesIn(*r, range_->region.base(), kPage).size(),
                                                 " accessed pages, not ", expected));
        }
      });
  if (s.ok()) s = bad;
  return Failed(op, s);
}

std::vector<Op> Bench::Run() {
  std::vector<Op> ops;
  ops.push_back(Baseline());
  ops.push_back(SyncFault(
      "rwp_sync_fault", "read of a protected page; handler thread reads it, UFFDIO_RWPROTECT(0)",
      UFFD_FEATURE_RWP, UFFDIO_REGISTER_MODE_RWP, Access::kRead,
      [](const RegisteredRegion& rr) { return rr.Protect(); },
      [](const RegisteredRegion& rr, const struct uffd_msg&) { return rr.Unprotect(); }));
  ops.push_back(AsyncFault());
  ops.push_back(SyncFault(
      "wp_fault", "write of a write-protected page; handler UFFDIO_WRITEPROTECT(0)",
      WpFeatures(Backing::kAnon), UFFDIO_REGISTER_MODE_WP, Access::kWrite,
      [](const RegisteredRegion& rr) {
        struct uffdio_writeprotect wp = {};
        wp.range.start = reinterpret_cast<uintptr_t>(rr.region.base());
        wp.range.len = kPage;
        wp.mode = UFFDIO_WRITEPROTECT_MODE_WP;
        return rr.uffd.Ioctl(UFFDIO_WRITEPROTECT, &wp);
      },
      [](const RegisteredRegion& rr, const struct uffd_msg&) {
        struct uffdio_writeprotect wp = {};
        wp.range.start = reinterpret_cast<uintptr_t>(rr.region.base());
        wp.range.len = kPage;
        return rr.uffd.Ioctl(UFFDIO_WRITEPROTECT, &wp);
      }));
  absl::StatusOr<Mapping> source = Mapping::Filled(kPage, 0x5a);
  if (!source.ok()) Fatal(source.status().ToString());
  auto drop = [](const RegisteredRegion& rr) {
    return SyscallStatus(madvise(rr.region.base(), kPage, MADV_DONTNEED), "madvise(MADV_DONTNEED)");
  };
  ops.push_back(SyncFault("missing_copy_fault", "write of a missing page; handler UFFDIO_COPY", 0,
                          UFFDIO_REGISTER_MODE_MISSING, Access::kWrite, drop,
                          [&](const RegisteredRegion& rr, const struct uffd_msg&) {
                            return rr.uffd.Copy(rr.region.base(), source->addr(), kPage);
                          }));
  ops.push_back(SyncFault("missing_zeropage_fault",
                          "read of a missing page; handler UFFDIO_ZEROPAGE", 0,
                          UFFDIO_REGISTER_MODE_MISSING, Access::kRead, drop,
                          [](const RegisteredRegion& rr, const struct uffd_msg&) {
                            struct uffdio_zeropage zp = {};
                            zp.range.start = reinterpret_cast<uintptr_t>(rr.region.base());
                            zp.range.len = kPage;
                            return rr.uffd.Ioctl(UFFDIO_ZEROPAGE, &zp);
                          }));
  ProtectPair(ops, "4k", Backing::kAnon, 1, s_.iterations, "one 4 KiB anonymous page");
  ProtectPair(ops, "2m", Backing::kHugetlb, 1, s_.iterations, "one 2 MiB hugetlb page");
  const std::string range =
      absl::StrCat(s_.range_bytes >> 20, " MiB of populated anonymous memory");
  ProtectPair(ops, "range", Backing::kAnon, s_.range_bytes / kPage, s_.range_iterations,
              range.c_str());
  ops.push_back(Scan());
  return ops;
}

std::string ReadText(const char* path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

int Main(int argc, char** argv) {
  ParseFlags(argc, argv);
  // Everything that can be bad input is checked before measuring.
  std::optional<Report> before;
  if (const std::string path = absl::GetFlag(FLAGS_baseline); !path.empty()) {
    absl::StatusOr<Report> r = ReadReport(path);
    if (!r.ok()) BadInput(absl::StrCat("--baseline: ", r.status().message()));
    before = *std::move(r);
  }
  std::ofstream json_out;
  if (const std::string path = absl::GetFlag(FLAGS_json); !path.empty()) {
    json_out.open(path);
    if (!json_out) BadInput(absl::StrCat("--json: cannot write ", path));
  }
  Report report;
  if (const std::string path = absl::GetFlag(FLAGS_results); !path.empty()) {
    absl::StatusOr<Report> r = ReadReport(path);
    if (!r.ok()) BadInput(absl::StrCat("--results: ", r.status().message()));
    report = *std::move(r);
    report.timing.show_absolute = !report.timing.emulated;
  } else if (std::optional<std::string> unmet =
                 UnmetNeed(Needs{.features = UFFD_FEATURE_RWP}, System())) {
    std::printf("# SKIP uffd_rwp_bench: %s\n", unmet->c_str());
    return 4;
  } else {
    struct utsname u;
    report.kernel = uname(&u) == 0 ? u.release : "unknown";
    report.timing = DetectTiming(ReadText("/proc/cpuinfo"));
    Watchdog watchdog(absl::GetFlag(FLAGS_stall_timeout));
    Bench bench({absl::GetFlag(FLAGS_iterations), absl::GetFlag(FLAGS_range_iterations),
                 static_cast<size_t>(absl::GetFlag(FLAGS_range_mb)) << 20},
                watchdog);
    report.ops = bench.Run();
  }
  report.timing.show_absolute |= absl::GetFlag(FLAGS_absolute);
  std::fputs(RenderTable(report).c_str(), stdout);
  int rc = 0;
  for (const Op& op : report.ops) {
    if (!op.error.empty()) {
      std::printf("# error: %s: %s\n", op.name.c_str(), op.error.c_str());
      rc = 1;
    }
  }
  if (json_out.is_open()) {
    json_out << ToJson(report).dump(1) << "\n";
    json_out.close();
    if (!json_out) {
      std::fprintf(stderr, "uffd_rwp_bench: error: writing --json failed\n");
      rc = 1;
    }
  }
  if (before) {
    const Comparison c = Compare(*before, report);
    std::printf("# against the baseline (kernel %s): ratio to %s, before -> now\n",
                before->kernel.c_str(), kBaselineOp);
    for (const std::string& line : c.lines) std::printf("%s\n", line.c_str());
    if (!c.regressed.empty()) {
      std::printf("# %zu operation(s) more than %gx worse than the baseline\n", c.regressed.size(),
                  kRegressionFactor);
      rc = 1;
    }
  }
  std::fflush(stdout);
  return rc;
}

}  // namespace
}  // namespace uffdc::bench

int main(int argc, char** argv) { return uffdc::bench::Main(argc, argv); }
