#include "rules/testing/compare.h"

#include <cmath>
#include <cstdio>
#include <limits>

namespace neo {
namespace testing {
namespace {

std::string Num(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.6g", v);
  return buf;
}

}  // namespace

bool IsClose(double actual, double golden, const Tolerance& tol) {
  if (std::isnan(actual) || std::isnan(golden)) {
    return tol.equal_nan && std::isnan(actual) && std::isnan(golden);
  }
  if (std::isinf(actual) || std::isinf(golden)) return actual == golden;
  return std::fabs(actual - golden) <= tol.atol + tol.rtol * std::fabs(golden);
}

CompareStats Compare(const std::vector<double>& actual, const std::vector<double>& golden,
                     const Tolerance& tol) {
  CompareStats s;
  s.count = golden.size();
  bool have_finite = false;
  for (size_t i = 0; i < golden.size() && i < actual.size(); ++i) {
    const double a = actual[i];
    const double b = golden[i];
    if (std::isfinite(b)) {
      if (!have_finite) {
        s.golden_min = s.golden_max = b;
        have_finite = true;
      }
      s.golden_min = std::min(s.golden_min, b);
      s.golden_max = std::max(s.golden_max, b);
    }
    const bool close = IsClose(a, b, tol);
    if (!close) {
      ++s.mismatches;
      if (s.first_mismatch == SIZE_MAX) s.first_mismatch = i;
    }
    // Matching infinities have no error; any other non-finite pair is an infinite one.
    const bool same_nan = tol.equal_nan && std::isnan(a) && std::isnan(b);
    const double err = ((std::isinf(a) && a == b) || same_nan) ? 0.0
                       : (std::isfinite(a) && std::isfinite(b))
                           ? std::fabs(a - b)
                           : std::numeric_limits<double>::infinity();
    s.max_abs_error = std::max(s.max_abs_error, err);
    if (b != 0 && std::isfinite(b)) s.max_rel_error = std::max(s.max_rel_error, err / std::fabs(b));
  }
  if (actual.size() != golden.size()) {
    // A length difference is a mismatch of every element that has no partner.
    const size_t longer = std::max(actual.size(), golden.size());
    const size_t shorter = std::min(actual.size(), golden.size());
    if (s.first_mismatch == SIZE_MAX) s.first_mismatch = shorter;
    s.mismatches += longer - shorter;
  }
  return s;
}

std::string FormatStats(const std::string& name, const std::string& shape,
                        const CompareStats& s, const std::vector<double>& actual,
                        const std::vector<double>& golden) {
  std::string line = name + " " + shape + ": max abs err " + Num(s.max_abs_error) +
                     ", max rel err " + Num(s.max_rel_error) + ", mismatches " +
                     std::to_string(s.mismatches) + "/" + std::to_string(s.count) +
                     ", golden in [" + Num(s.golden_min) + ", " + Num(s.golden_max) + "]";
  if (!s.ok() && s.first_mismatch < actual.size() && s.first_mismatch < golden.size()) {
    line += "; first mismatch at flat index " + std::to_string(s.first_mismatch) + ": got " +
            Num(actual[s.first_mismatch]) + ", want " + Num(golden[s.first_mismatch]);
  }
  return line;
}

}  // namespace testing
}  // namespace neo
