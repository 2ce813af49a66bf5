// numpy.allclose, element by element, with the statistics a failing golden test needs
// to be diagnosed without rerunning it.
#ifndef NEO_RULES_TESTING_COMPARE_H_
#define NEO_RULES_TESTING_COMPARE_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace neo {
namespace testing {

struct Tolerance {
  double atol = 1e-4;
  double rtol = 1e-3;
  // NaN matches NaN (numpy's equal_nan; ONNX's backend tests compare this way).
  bool equal_nan = false;
};

struct CompareStats {
  size_t count = 0;
  size_t mismatches = 0;             // elements failing |a-b| <= atol + rtol*|b|
  double max_abs_error = 0;          // over all elements (inf when a NaN/inf disagrees)
  double max_rel_error = 0;          // |a-b|/|b| over elements with b != 0
  size_t first_mismatch = SIZE_MAX;  // index of the first failing element
  double golden_min = 0;             // the golden's spread (finite values only)
  double golden_max = 0;

  bool ok() const { return mismatches == 0; }
};

// True when `actual` is close to `golden` as numpy.isclose defines it:
// |actual - golden| <= atol + rtol * |golden|; infinities must match exactly; NaN matches
// only NaN and only with tol.equal_nan. Note the asymmetry: the tolerance scales with the golden.
bool IsClose(double actual, double golden, const Tolerance& tol);

// Compares equal-length sequences.
CompareStats Compare(const std::vector<double>& actual, const std::vector<double>& golden,
                     const Tolerance& tol);

// One line for the test log:
// "logits (1, 1000): max abs err 1.2e-06, max rel err 3.4e-05, mismatches 0/1000,
//  golden in [-3.1, 9.8]" plus the first mismatch when there is one.
std::string FormatStats(const std::string& name, const std::string& shape,
                        const CompareStats& stats, const std::vector<double>& actual,
                        const std::vector<double>& golden);

}  // namespace testing
}  // namespace neo

#endif  // NEO_RULES_TESTING_COMPARE_H_
