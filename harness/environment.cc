// SPDX-License-Identifier: GPL-2.0
#include "harness/environment.h"

#include <sys/utsname.h>
#include <unistd.h>

#include <cstdio>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "fixtures/sysfs.h"
#include "fixtures/uapi.h"

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

}  // namespace uffdc
