// SPDX-License-Identifier: GPL-2.0
// Included once, first, by suites/uffd_rwp.cc. Every suite binary is that one
// translation unit compiled with -DUFFDC_BACKING_<NAME>, so each test body below
// exists once and is instantiated per mapping type through a one-entry
// FIXTURE_VARIANT: a test's TAP name reads <group>.<backing>.<behaviour>.
#ifndef UFFDC_SUITES_SUITE_H_
#define UFFDC_SUITES_SUITE_H_

#include <fcntl.h>
#include <linux/futex.h>
#include <sched.h>
#include <spawn.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/swap.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <csignal>
#include <cstring>
#include <memory>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "fixtures/access.h"
#include "fixtures/backing.h"
#include "fixtures/check.h"
#include "fixtures/memory.h"
#include "fixtures/needs.h"
#include "fixtures/pagemap.h"
#include "fixtures/registered_region.h"
#include "fixtures/suite_env.h"
#include "fixtures/sysfs.h"
#include "fixtures/uapi.h"
#include "fixtures/unprivileged.h"
#include "fixtures/userfaultfd.h"
#include "kselftest_harness.h"

#if defined(UFFDC_BACKING_ANON)
#define UFFDC_BACKING_TOKEN anon
#define UFFDC_BACKING ::uffdc::Backing::kAnon
#define UFFDC_IS_ANON 1
#define UFFDC_IS_SHMEM 0
#define UFFDC_IS_HUGETLB 0
#define UFFDC_HAS_FILE 0
#elif defined(UFFDC_BACKING_SHMEM)
#define UFFDC_BACKING_TOKEN shmem
#define UFFDC_BACKING ::uffdc::Backing::kShmem
#define UFFDC_IS_ANON 0
#define UFFDC_IS_SHMEM 1
#define UFFDC_IS_HUGETLB 0
#define UFFDC_HAS_FILE 1
#elif defined(UFFDC_BACKING_HUGETLB)
#define UFFDC_BACKING_TOKEN hugetlb
#define UFFDC_BACKING ::uffdc::Backing::kHugetlb
#define UFFDC_IS_ANON 0
#define UFFDC_IS_SHMEM 0
#define UFFDC_IS_HUGETLB 1
#define UFFDC_HAS_FILE 1
#else
#error "compile with -DUFFDC_BACKING_ANON, _SHMEM or _HUGETLB"
#endif

#define __UFFDC_VARIANT_ADD(fixture, token) FIXTURE_VARIANT_ADD(fixture, token)

// Declares fixture `name` whose only variant is this binary's backing, and whose
// set-up SKIPs when the machine cannot provide that backing (hugepages).
#define UFFDC_BACKING_FIXTURE(name)                                 \
  FIXTURE(name){};                                                  \
  FIXTURE_VARIANT(name) { ::uffdc::Backing backing; };              \
  __UFFDC_VARIANT_ADD(name, UFFDC_BACKING_TOKEN){UFFDC_BACKING};    \
  FIXTURE_SETUP(name) { UFFDC_REQUIRE(::uffdc::BackingNeeds(variant->backing)); } \
  /* FIXTURE_TEARDOWN without its uninitialised const (not valid C++): */ \
  static const bool name##_teardown_parent = false;                 \
  __FIXTURE_TEARDOWN(name) {}

namespace uffdc {
inline constexpr uint64_t kRwp = UFFD_FEATURE_RWP;
inline constexpr uint64_t kRwpAsync = UFFD_FEATURE_RWP_ASYNC;
inline constexpr uint64_t kModeRwp = UFFDIO_REGISTER_MODE_RWP;
inline constexpr size_t kThpPages = 512;  // one 2 MiB PMD of 4 KiB pages
inline const Needs kNeedsRwp = {.features = UFFD_FEATURE_RWP};
inline const Needs kNeedsRwpAsync = {.features = UFFD_FEATURE_RWP | UFFD_FEATURE_RWP_ASYNC};

// Whether pagemap bit 57 (the uffd bit: "RWP-protected" in an RWP VMA) is set.
inline absl::StatusOr<bool> IsMarked(const void* addr) {
  absl::StatusOr<uint64_t> e = PagemapEntry(addr);
  if (!e.ok()) return e.status();
  return (*e & kPmUffdBit) != 0;
}

}  // namespace uffdc

using namespace uffdc;  // NOLINT: test bodies read like the claims they check

// The page at `addr` is (not) RWP-protected: pagemap bit 57, read directly; a
// failure names the page and the entry seen.
#define __UFFDC_PROTECTION(want, addr)                                                   \
  do {                                                                                  \
    const absl::StatusOr<uint64_t> _e = ::uffdc::PagemapEntry(addr);                     \
    if (!_e.ok()) {                                                                     \
      UFFDC_FAIL_NOW(UFFDC_FAIL_MARK "PagemapEntry(%s) failed: %s", #addr,              \
                     std::string(_e.status().message()).c_str());                       \
    }                                                                                   \
    if (((*_e & ::uffdc::kPmUffdBit) != 0) != (want)) {                                 \
      __TH_LOG(UFFDC_FAIL_MARK "%s is %s (pagemap 0x%llx)", #addr,                       \
               (want) ? "not protected" : "still protected", (unsigned long long)*_e);  \
      _metadata->exit_code = KSFT_FAIL;                                                 \
    }                                                                                   \
  } while (0)
// SKIPs, tagged with the need `tag` ("thp", "shmem-thp"), unless `region` is
// mapped by PMDs from end to end (PAGE_IS_HUGE): THP tests first prove they test
// a huge page.
#define UFFDC_REQUIRE_PMD_MAPPED(region, tag)                                           \
  do {                                                                                  \
    std::vector<struct page_region> _h = ASSERT_VALUE(::uffdc::PagemapScan(              \
        (region).base(), (region).len(), {PAGE_IS_HUGE, 0, 0, PAGE_IS_HUGE}));          \
    if (_h.size() != 1 || _h[0].end - _h[0].start != (region).len())                    \
      SKIP(return, "[%s] no huge page: the range is not mapped by PMDs", tag);         \
  } while (0)

#define EXPECT_PROTECTED(addr) __UFFDC_PROTECTION(true, addr)
#define EXPECT_UNPROTECTED(addr) __UFFDC_PROTECTION(false, addr)

// Shared check bodies; they need the harness's _metadata, so they live outside
// namespace uffdc like the tests.
// The page is protected: pagemap bit 57 set, and a read from another thread is
// reported as an RWP fault at `page` and completes with `expected` once unprotected.
inline void ExpectTrapsThenReads(struct __test_metadata* _metadata, const Userfaultfd& uffd, char* page,
                          size_t page_size, uint8_t expected) {
  EXPECT_PROTECTED(page);
  Accessor a(Access::kRead, page);
  // Observed, not waited out: an access that completes at once fails here at once.
  ASSERT_HOLDS(a.WaitBlockedInFault(), "the read blocks in a userfaultfd fault (thread %s)",
               a.state().ToString().c_str());
  struct uffd_msg msg = ASSERT_VALUE(uffd.ExpectMessage());
  TH_LOG("message: %s", DescribeMessage(msg).c_str());
  EXPECT_HOLDS(msg.arg.pagefault.flags & UFFD_PAGEFAULT_FLAG_RWP, "the access is an RWP fault");
  EXPECT_EQ(reinterpret_cast<uintptr_t>(page), msg.arg.pagefault.address);
  ASSERT_OK(uffd.Unprotect(page, page_size));
  ASSERT_HOLDS(a.WaitDone(), "the access completes after unprotect");
  EXPECT_EQ(expected, a.value());
}


#endif  // UFFDC_SUITES_SUITE_H_
