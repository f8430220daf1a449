// SPDX-License-Identifier: GPL-2.0
// The uffd_rwp_<backing> suite binaries: one translation unit (the kselftest harness
// keeps its test list per translation unit), compiled once per backing.
#include "suites/suite.h"

#include "fixtures/suite_env.h"

#include "suites/api.inc"
#include "suites/registration.inc"
#include "suites/sync_fault.inc"
#include "suites/async_fault.inc"
#include "suites/protect.inc"
#include "suites/set_mode.inc"
#include "suites/errors.inc"
#include "suites/drop.inc"
#include "suites/keep.inc"
#include "suites/kernel_access.inc"
#include "suites/unprivileged.inc"
#include "suites/access_after.inc"
#include "suites/second_context.inc"
#include "suites/scan.inc"
#include "suites/shmem_thp.inc"
#include "suites/large_folio.inc"
#include "suites/cleanup.inc"

int main(int argc, char** argv) {
  return uffdc::RunSuite(UFFDC_BACKING, argc, argv, test_harness_run);
}
