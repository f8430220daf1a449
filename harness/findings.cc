// SPDX-License-Identifier: GPL-2.0
#include "harness/findings.h"

#include "absl/strings/str_cat.h"
#include "fixtures/uapi.h"
#include "harness/matching.h"

namespace uffdc {

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

}  // namespace uffdc
