// main() of a conformance suite: runs every registered case through its compiled model
// and compares with the expected outputs the way ONNX's backend test runner does
// (numpy.testing.assert_allclose, rtol 1e-3, atol 1e-7 by default, and the output dtype
// must be the expected one). The ONNX backend tests and the TensorFlow cases use it.
//   <suite> [--rtol=1e-3] [--atol=1e-7] [--threads=1,2] [--filter=substring] [--case=name]
//           [--list] [--reference=ONNX]
// --reference names whose outputs the goldens are, in failure messages.
// Prints one line per case and thread count, then a summary; exit 0 iff all pass.
#include <cstdlib>
#include <exception>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "rules/testing/golden_runner.h"
#include "rules/testing/npy.h"
#include "tools/conformance/suite_registry.h"

namespace {

using neo::conformance::SuiteCase;

std::vector<int> ParseThreads(const std::string& s) {
  std::vector<int> out;
  std::stringstream in(s);
  std::string item;
  while (std::getline(in, item, ',')) out.push_back(std::atoi(item.c_str()));
  return out;
}

// ONNX's runner asserts equal dtypes before comparing values; golden_runner compares
// values only, so check the dtypes here.
bool CheckDtypes(const neo::Model& model, const SuiteCase& c, const std::string& reference,
                 std::ostream& log) {
  bool ok = true;
  for (size_t j = 0; j < c.goldens.size() && j < static_cast<size_t>(model.num_outputs());
       ++j) {
    const neo::testing::NpyArray golden = neo::testing::ReadNpy(c.goldens[j]);
    const neo::testing::NpyType got = neo::testing::NpyTypeFor(model.output_info(j).type);
    if (got != golden.type) {
      log << "FAIL output " << j << " has dtype " << neo::testing::NpyDescr(got)
          << " but " << reference << "'s expected output is " << neo::testing::NpyDescr(golden.type) << "\n";
      ok = false;
    }
  }
  return ok;
}

bool RunCase(const SuiteCase& c, int threads, const neo::testing::Tolerance& tol,
             const std::string& reference, std::string* log_out) {
  std::ostringstream log;
  bool ok = false;
  try {
    std::unique_ptr<neo::Model> model = c.create(threads);
    if (model->num_outputs() != static_cast<int>(c.goldens.size())) {
      log << "FAIL the model has " << model->num_outputs() << " outputs, " << reference
          << "'s test "
          << c.goldens.size() << "\n";
    } else {
      neo::testing::GoldenTestConfig config;
      config.inputs = c.inputs;
      config.goldens = c.goldens;
      config.tolerance = tol;
      const bool dtypes = CheckDtypes(*model, c, reference, log);
      ok = neo::testing::RunGoldenTest(*model, config, log) && dtypes;
    }
  } catch (const std::exception& e) {
    log << "FAIL exception: " << e.what() << "\n";
  }
  *log_out = log.str();
  return ok;
}

}  // namespace

int main(int argc, char** argv) {
  neo::testing::Tolerance tol;
  tol.rtol = 1e-3;
  tol.atol = 1e-7;
  tol.equal_nan = true;  // as the backend tests' own assert_allclose
  std::vector<int> threads = {1, 2};
  std::string filter, only;
  std::string reference = "ONNX";
  bool list = false;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    const size_t eq = arg.find('=');
    const std::string key = arg.substr(0, eq);
    const std::string value = eq == std::string::npos ? "" : arg.substr(eq + 1);
    if (key == "--rtol") {
      tol.rtol = std::strtod(value.c_str(), nullptr);
    } else if (key == "--atol") {
      tol.atol = std::strtod(value.c_str(), nullptr);
    } else if (key == "--threads") {
      threads = ParseThreads(value);
    } else if (key == "--filter") {
      filter = value;
    } else if (key == "--case") {
      only = value;
    } else if (key == "--list") {
      list = true;
    } else if (key == "--reference") {
      reference = value;
    } else {
      std::cerr << "unknown flag " << arg
                << "\nusage: [--rtol=1e-3] [--atol=1e-7] [--threads=1,2] [--filter=s] [--case=name] [--list]"
                   " [--reference=ONNX]\n";
      return 2;
    }
  }
  const std::vector<SuiteCase>& cases = neo::conformance::SuiteCases();
  std::vector<std::string> failed;
  int run = 0;
  for (const SuiteCase& c : cases) {
    if (!filter.empty() && std::string(c.name).find(filter) == std::string::npos) continue;
    if (!only.empty() && only != c.name) continue;
    if (list) {
      std::cout << c.name << "\n";
      continue;
    }
    ++run;
    bool case_ok = true;
    for (int t : threads) {
      std::string log;
      const bool ok = RunCase(c, t, tol, reference, &log);
      std::cout << (ok ? "PASS " : "FAIL ") << c.name << " threads=" << t << "\n";
      if (!ok) {
        std::cout << log;
        case_ok = false;
      }
    }
    if (!case_ok) failed.push_back(c.name);
  }
  if (list) return 0;
  std::cout << "rtol " << tol.rtol << ", atol " << tol.atol << ": " << run - failed.size()
            << " of " << run << " cases passed\n";
  for (const std::string& f : failed) std::cout << "FAILED_CASE " << f << "\n";
  return failed.empty() && run > 0 ? 0 : 1;
}
