// SPDX-License-Identifier: GPL-2.0
#include "harness/report_text.h"

#include <cctype>
#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace uffdc {
namespace report {
namespace {

constexpr char kReplacement[] = "\xEF\xBF\xBD";  // U+FFFD
constexpr double kMaxSeconds = 999999999.999;

bool IsContinuation(unsigned char b) { return (b & 0xC0) == 0x80; }

// The length of the well-formed UTF-8 sequence at text[i] (RFC 3629: no overlong
// forms, no surrogates, nothing above U+10FFFF), or 0 when it is malformed.
size_t SequenceLength(std::string_view text, size_t i) {
  const auto b = [&](size_t k) { return static_cast<unsigned char>(text[i + k]); };
  const unsigned char lead = b(0);
  size_t len;
  unsigned char lo = 0x80, hi = 0xBF;  // the range of the second byte
  if (lead < 0x80) return 1;
  if (lead >= 0xC2 && lead <= 0xDF) {
    len = 2;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    len = 3;
    if (lead == 0xE0) lo = 0xA0;
    if (lead == 0xED) hi = 0x9F;
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    len = 4;
    if (lead == 0xF0) lo = 0x90;
    if (lead == 0xF4) hi = 0x8F;
  } else {
    return 0;
  }
  if (i + len > text.size()) return 0;
  if (b(1) < lo || b(1) > hi) return 0;
  for (size_t k = 2; k < len; ++k) {
    if (!IsContinuation(b(k))) return 0;
  }
  return len;
}

}  // namespace

std::string CleanText(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size();) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    if (c < 0x80) {
      if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7F) {
        char buf[8];
        std::snprintf(buf, sizeof(buf), "\\x%02x", c);
        out += buf;
      } else {
        out += static_cast<char>(c);
      }
      ++i;
      continue;
    }
    const size_t len = SequenceLength(text, i);
    if (len == 0) {
      out += kReplacement;
      ++i;
      continue;
    }
    std::string_view seq = text.substr(i, len);
    // U+FFFE and U+FFFF are not XML characters.
    if (seq == "\xEF\xBF\xBE" || seq == "\xEF\xBF\xBF") {
      out += kReplacement;
    } else {
      out.append(seq.data(), seq.size());
    }
    i += len;
  }
  return out;
}

std::string Escape(std::string_view text, bool attribute) {
  const std::string clean = CleanText(text);
  std::string out;
  out.reserve(clean.size() + clean.size() / 8);
  for (char c : clean) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      case '\r': out += "&#13;"; break;
      case '\n': out += attribute ? "&#10;" : "\n"; break;
      case '\t': out += attribute ? "&#9;" : "\t"; break;
      default: out += c;
    }
  }
  return out;
}

const nlohmann::json& Field(const nlohmann::json& object, const char* key) {
  static const nlohmann::json* const kNull = new nlohmann::json();
  if (!object.is_object()) return *kNull;
  auto it = object.find(key);
  return it == object.end() ? *kNull : *it;
}

std::string Text(const nlohmann::json& value) {
  if (value.is_string()) return value.get<std::string>();
  if (value.is_boolean()) return value.get<bool>() ? "true" : "false";
  if (value.is_number_integer() || value.is_number_unsigned()) return value.dump();
  if (value.is_number_float()) {
    const double d = value.get<double>();
    if (!std::isfinite(d)) return "";
    char buf[64];
    std::snprintf(buf, sizeof(buf), "%g", d);
    return buf;
  }
  return "";
}

std::string Seconds(std::optional<double> seconds) {
  double s = seconds.value_or(0);
  if (!std::isfinite(s) || s < 0) s = 0;
  // Keep the number short enough for every consumer's decimal type.
  if (s > kMaxSeconds) s = kMaxSeconds;
  char buf[64];
  std::snprintf(buf, sizeof(buf), "%.3f", s);
  return buf;
}

bool IsXsdDateTime(std::string_view t) {
  // YYYY-MM-DDThh:mm:ss[.f+][Z|(+|-)hh:mm]
  auto digits = [&](size_t pos, size_t n) {
    if (pos + n > t.size()) return false;
    for (size_t k = pos; k < pos + n; ++k) {
      if (t[k] < '0' || t[k] > '9') return false;
    }
    return true;
  };
  auto at = [&](size_t pos, char c) { return pos < t.size() && t[pos] == c; };
  auto value = [&](size_t pos, size_t n) { return std::atoi(std::string(t.substr(pos, n)).c_str()); };
  if (!(digits(0, 4) && at(4, '-') && digits(5, 2) && at(7, '-') && digits(8, 2) && at(10, 'T') &&
        digits(11, 2) && at(13, ':') && digits(14, 2) && at(16, ':') && digits(17, 2))) {
    return false;
  }
  const int month = value(5, 2), day = value(8, 2), hour = value(11, 2), minute = value(14, 2),
            second = value(17, 2);
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 59) {
    return false;
  }
  size_t pos = 19;
  if (at(pos, '.')) {
    ++pos;
    if (!digits(pos, 1)) return false;
    while (digits(pos, 1)) ++pos;
  }
  if (pos == t.size()) return true;
  if (at(pos, 'Z')) return pos + 1 == t.size();
  if ((at(pos, '+') || at(pos, '-')) && digits(pos + 1, 2) && at(pos + 3, ':') &&
      digits(pos + 4, 2) && pos + 6 == t.size()) {
    return value(pos + 1, 2) <= 14 && value(pos + 4, 2) <= 59;
  }
  return false;
}

}  // namespace report
}  // namespace uffdc
