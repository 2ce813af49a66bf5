#include "kernels/reference/quantization_math.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace neo::kernels::reference {

namespace {

constexpr int64_t kFirst = std::numeric_limits<int32_t>::min();
constexpr int64_t kEnd = int64_t{std::numeric_limits<int32_t>::max()} + 1;

// The least int32 accumulator for which the non-decreasing f reaches `value`, or kEnd
// when none does. The search starts from `guess` (where the exact real function crosses
// into `value`; both functions compared cross within a few units of it), widens a
// bracket by doubling steps until f is below `value` at its low end and reaches it at its
// high end, then bisects: exact for any guess, fast for a good one.
template <typename F>
int64_t Threshold(const F& f, int32_t value, int64_t guess) {
  guess = std::clamp(guess, kFirst, kEnd);
  int64_t lo = guess - 1, hi = guess, step = 1;
  while (lo >= kFirst && f(static_cast<int32_t>(lo)) >= value) {
    lo -= step;
    step *= 2;
  }
  lo = std::max(lo, kFirst - 1);  // f(lo) < value, or lo is below int32
  step = 1;
  while (hi < kEnd && f(static_cast<int32_t>(hi)) < value) {
    hi += step;
    step *= 2;
  }
  hi = std::min(hi, kEnd);  // f(hi) >= value, or hi is past int32
  while (hi - lo > 1) {
    const int64_t mid = lo + (hi - lo) / 2;
    if (f(static_cast<int32_t>(mid)) >= value) {
      hi = mid;
    } else {
      lo = mid;
    }
  }
  return hi;
}

}  // namespace

int Float32RequantizationMismatches(float library_multiplier, float multiplier,
                                    int32_t zero_point, QuantRange r, bool* suspect) {
  const int levels = r.hi - r.lo;
  for (float m : {library_multiplier, multiplier}) {
    if (!(m > 0.0f) || !std::isfinite(m)) {
      if (suspect) std::fill(suspect, suspect + levels + 1, true);
      return levels;
    }
  }
  const auto in_float = [&](int32_t acc) {
    return RequantizeInFloat32(acc, library_multiplier, zero_point, r);
  };
  const auto onnx = [&](int32_t acc) { return Requantize(acc, multiplier, zero_point, r); };
  int mismatches = 0;
  for (int64_t v = int64_t{r.lo} + 1; v <= r.hi; ++v) {
    const int32_t value = static_cast<int32_t>(v);
    // The real crossing: acc * multiplier + zero_point = value - 1/2.
    const double crossing = (static_cast<double>(value) - zero_point - 0.5) / multiplier;
    const int64_t guess = static_cast<int64_t>(
        std::ceil(std::clamp(crossing, static_cast<double>(kFirst), static_cast<double>(kEnd))));
    if (Threshold(in_float, value, guess) == Threshold(onnx, value, guess)) continue;
    ++mismatches;
    if (suspect) suspect[v - r.lo] = suspect[v - 1 - r.lo] = true;
  }
  return mismatches;
}

float Float32RequantizationMultiplier(float multiplier, int32_t zero_point, QuantRange r) {
  float best = multiplier;
  int fewest = Float32RequantizationMismatches(multiplier, multiplier, zero_point, r, nullptr);
  float up = multiplier, down = multiplier;
  for (int ulps = 1; ulps <= kMaxMultiplierUlps && fewest > 0; ++ulps) {
    up = std::nextafter(up, std::numeric_limits<float>::infinity());
    down = std::nextafter(down, 0.0f);
    for (float candidate : {up, down}) {
      const int n = Float32RequantizationMismatches(candidate, multiplier, zero_point, r, nullptr);
      if (n < fewest) {
        fewest = n;
        best = candidate;
      }
    }
  }
  return best;
}

}  // namespace neo::kernels::reference
