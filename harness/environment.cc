// SPDX-License-Identifier: GPL-2.0
#include "harness/environment.h"

#include <regex>

#include <fcntl.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <cstdio>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "fixtures/sysfs.h"
#include "fixtures/uapi.h"
#include "harness/matching.h"

namespace uffdc {

std::string FeatureMask(const Environment& env) {
  return env.system.features ? absl::StrCat("0x", absl::Hex(*env.system.features)) : "";
}

std::vector<std::string> FeatureList(const Environment& env) {
  std::vector<std::string> names;
  for (int bit = 0; env.system.features && bit < 64; bit++) {
    if (*env.system.features & (1ull << bit)) names.push_back(FeatureNames(1ull << bit));
  }
  return names;
}

KernelConfig ParseKernelConfig(const std::string& config_text) {
  KernelConfig config;
  for (absl::string_view line : absl::StrSplit(config_text, '\n')) {
    if (!absl::StartsWith(line, "CONFIG_")) continue;
    const size_t eq = line.find('=');
    if (eq != absl::string_view::npos) config[std::string(line.substr(0, eq))] = std::string(line.substr(eq + 1));
  }
  return config;
}

std::string ConfigValue(const KernelConfig& config, const std::string& symbol) {
  auto it = config.find(symbol);
  return it == config.end() ? "n" : it->second;
}

namespace {

void TakeKernelConfig(const std::string& text, std::string source, Environment* env) {
  env->config = ParseKernelConfig(text);
  env->config_rwp = ConfigValue(env->config, "CONFIG_USERFAULTFD_RWP");
  env->config_source = std::move(source);
}

// The kernel config, wherever this kernel keeps it: the copy vmtest puts into the
// guest, /boot, the modules tree, or /proc/config.gz (through zcat).
void ReadKernelConfig(Environment* env) {
  const std::string candidates[] = {"/uffdc/kernel-config", "/boot/config-" + env->release,
                                    "/lib/modules/" + env->release + "/config"};
  for (const std::string& path : candidates) {
    absl::StatusOr<std::string> text = ReadFile(path);
    if (text.ok() && absl::StrContains(*text, "CONFIG_")) {
      TakeKernelConfig(*text, path, env);
      return;
    }
  }
  if (access("/proc/config.gz", R_OK) == 0) {
    FILE* p = popen("zcat /proc/config.gz 2>/dev/null", "r");
    if (p != nullptr) {
      std::string text;
      char buf[4096];
      for (size_t n; (n = fread(buf, 1, sizeof(buf), p)) > 0;) text.append(buf, n);
      if (pclose(p) == 0 && absl::StrContains(text, "CONFIG_")) {
        TakeKernelConfig(text, "/proc/config.gz", env);
      }
    }
  }
}

std::optional<uint64_t> ReadTaint() {
  absl::StatusOr<std::string> t = ReadFile("/proc/sys/kernel/tainted");
  uint64_t v;
  if (t.ok() && absl::SimpleAtoi(absl::StripAsciiWhitespace(*t), &v)) return v;
  return std::nullopt;
}

}  // namespace

Environment CollectEnvironment() {
  Environment env;
  struct utsname uts;
  if (uname(&uts) == 0) {
    env.release = uts.release;
    env.version = uts.version;
    env.machine = uts.machine;
  }
  env.system = ProbeSystem();
  env.hugepages_total = MeminfoValue("HugePages_Total").value_or(0);
  ReadKernelConfig(&env);
  return env;
}

std::vector<Finding> DeriveFindings(const Environment& env) {
  std::vector<Finding> out;
  const bool known = env.system.features.has_value();
  const uint64_t f = env.system.features.value_or(0);
  const bool rwp = f & UFFD_FEATURE_RWP, async = f & UFFD_FEATURE_RWP_ASYNC;
  const bool since = CompareKernelVersions(env.release, "7.2") >= 0;

  Finding ver1{"VER-1", "unknown", ""};
  if (!known) {
    ver1.text = "userfaultfd is unavailable here: " + env.system.userfaultfd_error;
  } else if (since && !rwp) {
    ver1.status = "contradicts";
    ver1.text = absl::StrCat("the man pages say RWP exists \"since Linux 7.2\"; this ", env.release,
                             " kernel does not offer UFFD_FEATURE_RWP (UFFDIO_API 0x",
                             absl::Hex(f), ")");
  } else if (!since && rwp) {
    ver1.status = "contradicts";
    ver1.text = absl::StrCat("kernel ", env.release, " predates 7.2 but offers UFFD_FEATURE_RWP");
  } else {
    ver1.status = "agrees";
    ver1.text = absl::StrCat("kernel ", env.release, (rwp ? " offers" : " does not offer"),
                             " UFFD_FEATURE_RWP, consistent with \"since Linux 7.2\"");
  }
  out.push_back(ver1);

  if (known) {
    out.push_back({"VER-2", rwp == async ? "agrees" : "contradicts",
                   absl::StrCat("UFFD_FEATURE_RWP ", rwp ? "present" : "absent",
                                ", UFFD_FEATURE_RWP_ASYNC ", async ? "present" : "absent")});
  }
  Finding api6{"API-6", "unknown", "kernel config not readable"};
  if (env.config_rwp != "unknown" && known) {
    const bool config = env.config_rwp == "y";
    api6.status = config == rwp ? "agrees" : "contradicts";
    api6.text = absl::StrCat("CONFIG_USERFAULTFD_RWP=", env.config_rwp, " (", env.config_source,
                             ") and UFFD_FEATURE_RWP ", rwp ? "offered" : "not offered");
  }
  out.push_back(api6);
  // API-5, the configuration case: a kernel built without CONFIG_USERFAULTFD_RWP
  // offers neither bit. Only such a kernel can show it.
  if (env.config_rwp == "n" && known) {
    const bool any = rwp || async;
    out.push_back({"API-5", any ? "contradicts" : "agrees",
                   absl::StrCat("CONFIG_USERFAULTFD_RWP unset (", env.config_source,
                                ") and UFFDIO_API offers ", any ? "an RWP bit" : "neither RWP bit")});
  }
  return out;
}

namespace {
constexpr char kKernelProblems[] =
#include "harness/kernel_problems.inc"
    ;

const std::vector<std::regex>& KernelProblemPatterns() {
  static const std::vector<std::regex>* patterns = [] {
    auto* out = new std::vector<std::regex>;
    for (absl::string_view line : absl::StrSplit(kKernelProblems, '\n', absl::SkipEmpty())) {
      if (absl::StartsWith(line, "#")) continue;
      out->emplace_back(std::string(line), std::regex::extended);
    }
    return out;
  }();
  return *patterns;
}
}  // namespace

bool IsKernelProblemLine(const std::string& line) {
  for (const std::regex& re : KernelProblemPatterns()) {
    if (std::regex_search(line, re)) return true;
  }
  return false;
}

HealthMonitor::HealthMonitor() : taint_before_(ReadTaint()) {
  kmsg_fd_ = open("/dev/kmsg", O_RDONLY | O_NONBLOCK | O_CLOEXEC);
  if (kmsg_fd_ >= 0) lseek(kmsg_fd_, 0, SEEK_END);
}

HealthMonitor::~HealthMonitor() {
  if (kmsg_fd_ >= 0) close(kmsg_fd_);
}

std::vector<std::string> HealthMonitor::Poll() {
  std::vector<std::string> fresh;
  if (kmsg_fd_ >= 0) {
    char rec[8192];
    for (;;) {
      ssize_t n = read(kmsg_fd_, rec, sizeof(rec) - 1);
      if (n < 0 && errno == EPIPE) continue;  // overwritten records: keep reading
      if (n <= 0) break;
      rec[n] = '\0';
      // "prio,seq,usec,flags;message\n"
      std::string line(rec, n);
      size_t semi = line.find(';');
      std::string msg = semi == std::string::npos ? line : line.substr(semi + 1);
      while (!msg.empty() && msg.back() == '\n') msg.pop_back();
      if (IsKernelProblemLine(msg)) fresh.push_back(msg);
    }
  }
  kernel_log_.insert(kernel_log_.end(), fresh.begin(), fresh.end());
  return fresh;
}

HealthMonitor::Report HealthMonitor::Finish() {
  Report r;
  r.taint_before = taint_before_;
  r.taint_after = ReadTaint();
  if (r.taint_before && r.taint_after && *r.taint_before != *r.taint_after) {
    r.problems.push_back(absl::StrCat("kernel taint changed during the run: ", *r.taint_before,
                                      " -> ", *r.taint_after));
  }
  Poll();
  r.kernel_log = kernel_log_;
  {
    if (!r.kernel_log.empty()) {
      r.problems.push_back(absl::StrCat(r.kernel_log.size(),
                                        " kernel log line(s) report a kernel bug during the run"));
    }
  }
  r.ok = r.problems.empty();
  return r;
}

}  // namespace uffdc
