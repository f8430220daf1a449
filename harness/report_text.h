// SPDX-License-Identifier: GPL-2.0
// Helpers shared by the report renderers (report_html, report_junit, report_kcidb):
// text made safe for XML 1.0 and HTML, times, and tolerant readers of free-form
// JSON (the run's metadata, the report document), where every field may be
// missing, empty or of an unexpected type.
#ifndef UFFDC_HARNESS_REPORT_TEXT_H_
#define UFFDC_HARNESS_REPORT_TEXT_H_

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

namespace uffdc {
namespace report {

// Valid UTF-8 that XML 1.0 and HTML accept as character data: malformed UTF-8,
// surrogates, U+FFFE and U+FFFF become U+FFFD; control characters other than tab,
// newline and carriage return (and DEL) become a visible "\xNN".
std::string CleanText(std::string_view text);

// CleanText, then & < > " ' as character references: safe in element content and
// in quoted attribute values of both XML and HTML. With `attribute`, tab, newline
// and carriage return become references too, so attribute normalisation keeps them.
std::string Escape(std::string_view text, bool attribute = false);

// The member `key` of `object`, or a null value when `object` is not an object or
// has no such member.
const nlohmann::json& Field(const nlohmann::json& object, const char* key);

// A scalar as text: strings as they are, numbers and booleans in JSON notation,
// anything else (missing, null, arrays, objects) as "".
std::string Text(const nlohmann::json& value);
inline std::string Text(const nlohmann::json& object, const char* key) {
  return Text(Field(object, key));
}

// "1.234": seconds with three decimals, never negative, never NaN, at most
// 999999999.999.
std::string Seconds(std::optional<double> seconds);

// Whether `text` is an xs:dateTime such as 2026-11-27T12:40:00Z.
bool IsXsdDateTime(std::string_view text);

}  // namespace report
}  // namespace uffdc

#endif  // UFFDC_HARNESS_REPORT_TEXT_H_
