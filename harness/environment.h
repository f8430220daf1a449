// SPDX-License-Identifier: GPL-2.0
// What the runner records about the machine a run happened on: uname, the
// userfaultfd features and resources the fixtures probe, the kernel's config.
#ifndef UFFDC_HARNESS_ENVIRONMENT_H_
#define UFFDC_HARNESS_ENVIRONMENT_H_

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "fixtures/needs.h"

namespace uffdc {

// The kernel's configuration, symbol -> value ("y", "m", "0x1000"); empty when
// the runner could not read it.
using KernelConfig = std::map<std::string, std::string>;

struct Environment {
  std::string release, version, machine;  // uname
  SystemInfo system;                      // UFFDIO_API mask, hugepages, swap, NUMA, root
  uint64_t hugepages_total = 0;
  std::string config_rwp = "unknown";  // CONFIG_USERFAULTFD_RWP: "y", "n" or "unknown"
  std::string config_source;           // the file it was read from
  KernelConfig config;                 // every set symbol; empty when unknown
};

Environment CollectEnvironment();

// UFFDIO_API's feature mask as "0x7ffff"; "" when userfaultfd is unusable.
std::string FeatureMask(const Environment& env);
// The name of each feature bit offered, lowest bit first.
std::vector<std::string> FeatureList(const Environment& env);

// Every "CONFIG_X=value" line of a kernel config text.
KernelConfig ParseKernelConfig(const std::string& config_text);
// A symbol's value ("y", "m", ...), or "n" when it is unset or absent.
std::string ConfigValue(const KernelConfig& config, const std::string& symbol);

}  // namespace uffdc

#endif  // UFFDC_HARNESS_ENVIRONMENT_H_
