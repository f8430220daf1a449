// SPDX-License-Identifier: GPL-2.0
// What every HTML page of the project shares (the run's page, report_html.h, and
// the kernel matrix's, report_matrix.h): one style sheet with a colour per verdict
// and claim status, badges, count chips, and a self-contained document (inline
// CSS, no scripts, a Content-Security-Policy that forbids fetching anything).
#ifndef UFFDC_HARNESS_REPORT_PAGE_H_
#define UFFDC_HARNESS_REPORT_PAGE_H_

#include <optional>
#include <set>
#include <string>
#include <vector>

#include "harness/model.h"

namespace uffdc {
namespace html {

// A fragment identifier from free text: letters, digits, '.', '_' and '-' kept,
// anything else '_'. Never needs percent-encoding in an href.
std::string Slug(const std::string& text);

// Ids made unique within the page.
class Ids {
 public:
  std::string Make(const std::string& base);

 private:
  std::set<std::string> used_;
};

// `v` with `decimals` decimals.
std::string Fixed(double v, int decimals);
// "2.50 s", "1 min 5 s" (HTML); "" when unknown.
std::string Duration(std::optional<double> s);
std::string Join(const std::vector<std::string>& parts, const std::string& sep);

// The CSS class suffix ("v-<kind>") of a verdict or claim status: known words only,
// anything else "unknown".
std::string Kind(const std::string& word);
// A coloured badge for a verdict or status, showing `label` (default: the word).
std::string Badge(const std::string& word, const std::string& label = "");
// One chip per verdict with its count (<ul class="counts">).
std::string CountChips(const Counts& counts);

// The whole page: `body` inside <main>, the shared style plus `extra_style`.
std::string Document(const std::string& title, const std::string& generator,
                     const std::string& body, const std::string& extra_style = "");

}  // namespace html
}  // namespace uffdc

#endif  // UFFDC_HARNESS_REPORT_PAGE_H_
