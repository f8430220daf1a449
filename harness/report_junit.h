// SPDX-License-Identifier: GPL-2.0
// The run (harness/model.h) as JUnit XML for CI systems (Jenkins, GitLab).
// harness/testdata/junit.xsd describes the dialect; //harness:junit_xsd_test validates the output against it.
//
//   <testsuites name="uffd-conformance" tests failures errors skipped time>
//     <testsuite name="<binary>" ...>     one per suite binary
//       <properties>                      kernel, UFFDIO_API features, backing, ...
//       <testcase classname="uffd-conformance.<binary>" name="<test>" time>
//         <skipped message/>              skip
//         <failure message type="fail|xpass">diagnostics</failure>
//         <error message type="setup">diagnostics</error>
//         <system-out>                    "XFAIL: reason" (xfail passes, visibly),
//                                         claim IDs, diagnostics of passing tests
//
// failures counts fail and xpass, errors counts error, skipped counts skip; xfail
// counts as a passing test.
#ifndef UFFDC_HARNESS_REPORT_JUNIT_H_
#define UFFDC_HARNESS_REPORT_JUNIT_H_

#include <string>

#include "harness/model.h"

namespace uffdc {

// The whole JUnit XML file (UTF-8, XML 1.0). Pure: no I/O. Whatever text the run
// holds, the output is still valid.
std::string RenderJunit(const RunData& run);

}  // namespace uffdc

#endif  // UFFDC_HARNESS_REPORT_JUNIT_H_
