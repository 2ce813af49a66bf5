// main() of every neo_model_test:
//   <test> --inputs=a.npy,b.npy --goldens=x.npy,y.npy [--atol=1e-4] [--rtol=1e-3]
//          [--threads=1] [--instances=1]
//   <test> --inputs=... --golden=NAME=x.npy [--golden=NAME2=y.npy ...]
// --goldens gives one golden per output in order; --golden (repeated) gives them by
// output name for any subset of the outputs (the name is everything before the last '=').
// An input the model takes as JPEG bytes is given as the .jpg file (--inputs=cat.jpg).
// Paths are relative to the working directory, which Bazel makes the runfiles root, so
// the macro passes $(rootpath) strings. Exit status 0 iff every output matches its golden
// and a second run reproduces the first bit for bit; 2 for bad flags. With --instances=N
// (N > 1) N more instances then run the same check at once, each on a thread of its own:
// instances share nothing but the embedded weights and the libraries' global state, and
// under --config=tsan this is the ThreadSanitizer test of exactly that.
//
// Flags are parsed by hand: this main is linked into every model test and should pull in
// nothing beyond the model itself.
#include <cstdlib>
#include <iostream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "rules/testing/allocation_counter.h"
#include "rules/testing/golden_runner.h"
#include "rules/testing/model_factory.h"

namespace {

std::vector<std::string> SplitList(const std::string& s) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= s.size()) {
    const size_t comma = s.find(',', start);
    const size_t end = comma == std::string::npos ? s.size() : comma;
    if (end > start) out.push_back(s.substr(start, end - start));
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return out;
}

bool ParseDouble(const std::string& text, double* out) {
  char* end = nullptr;
  *out = std::strtod(text.c_str(), &end);
  return !text.empty() && end != nullptr && *end == '\0' && *out >= 0;
}

// Runs the golden check on `instances` fresh models at once, one thread each, and prints
// each one's log after all have finished.
bool RunConcurrently(int instances, int threads, const neo::testing::GoldenTestConfig& config) {
  std::vector<std::unique_ptr<neo::Model>> models;
  for (int i = 0; i < instances; ++i) models.push_back(neo::testing::CreateModel(threads));
  std::vector<std::ostringstream> logs(instances);
  std::vector<char> passed(instances, 0);
  std::vector<std::thread> workers;
  for (int i = 0; i < instances; ++i) {
    workers.emplace_back([&, i] {
      std::vector<std::string> encoded_inputs;
      passed[i] = neo::testing::RunGoldenTest(*models[i], config, logs[i], &encoded_inputs);
    });
  }
  for (std::thread& t : workers) t.join();
  bool ok = true;
  for (int i = 0; i < instances; ++i) {
    std::cout << "instance " << i << " of " << instances << " (concurrent):\n" << logs[i].str();
    ok = ok && passed[i];
  }
  std::cout << (ok ? "PASS" : "FAIL") << " " << instances << " instances at once\n";
  return ok;
}

// A whole number in 1..max.
bool ParseCount(const std::string& text, long max, int* out) {
  char* end = nullptr;
  const long n = std::strtol(text.c_str(), &end, 10);
  if (text.empty() || *end != '\0' || n < 1 || n > max) return false;
  *out = static_cast<int>(n);
  return true;
}

int Usage(const std::string& problem) {
  std::cerr << "error: " << problem << "\n"
            << "usage: --inputs=a.npy|a.jpg[,b.npy...] (--goldens=x.npy[,y.npy...] | "
               "--golden=NAME=x.npy ...) [--atol=1e-4] "
               "[--rtol=1e-3] [--threads=1] [--instances=1] [--max_run_allocations=N]\n";
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  neo::testing::GoldenTestConfig config;
  int threads = 1;
  int instances = 1;
  long max_run_allocations = -1;  // -1: report only
  bool have_inputs = false, have_goldens = false;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    const size_t eq = arg.find('=');
    const std::string key = arg.substr(0, eq);
    const std::string value = eq == std::string::npos ? "" : arg.substr(eq + 1);
    if (key == "--inputs") {
      config.inputs = SplitList(value);
      have_inputs = true;
    } else if (key == "--goldens") {
      config.goldens = SplitList(value);
      have_goldens = true;
    } else if (key == "--golden") {
      const size_t last = value.rfind('=');
      if (last == std::string::npos || last == 0 || last + 1 == value.size()) {
        return Usage("bad --golden (want NAME=FILE): " + value);
      }
      config.named_goldens.emplace_back(value.substr(0, last), value.substr(last + 1));
      have_goldens = true;
    } else if (key == "--atol") {
      if (!ParseDouble(value, &config.tolerance.atol)) return Usage("bad --atol: " + value);
    } else if (key == "--rtol") {
      if (!ParseDouble(value, &config.tolerance.rtol)) return Usage("bad --rtol: " + value);
    } else if (key == "--threads") {
      if (!ParseCount(value, 1024, &threads)) return Usage("bad --threads: " + value);
    } else if (key == "--instances") {
      if (!ParseCount(value, 64, &instances)) return Usage("bad --instances: " + value);
    } else if (key == "--max_run_allocations") {
      char* end = nullptr;
      max_run_allocations = std::strtol(value.c_str(), &end, 10);
      if (value.empty() || *end != '\0' || max_run_allocations < 0) {
        return Usage("bad --max_run_allocations: " + value);
      }
    } else {
      return Usage("unknown flag " + arg);
    }
  }
  if (!have_inputs || !have_goldens) {
    return Usage("--inputs and --goldens (or --golden) are required");
  }

  std::unique_ptr<neo::Model> model = neo::testing::CreateModel(threads);
  std::cout << "atol " << config.tolerance.atol << ", rtol " << config.tolerance.rtol
            << ", threads " << threads << "\n";
  std::vector<std::string> encoded_inputs;  // JPEG bytes the model reads at every Run()
  bool ok = neo::testing::RunGoldenTest(*model, config, std::cout, &encoded_inputs);
  // Run() after warm-up: how many heap allocations one inference makes. Our kernels
  // make none; oneDNN's execute call builds a small argument map per primitive, and
  // libjpeg its decoder's working memory.
  model->Run();
  if (max_run_allocations >= 0 && !neo::testing::AllocationCounterWorks()) {
    std::cout << "FAIL cannot count allocations: operator new is not the counter's\n";
    return 1;
  }
  neo::testing::ArmAllocationCounter();
  model->Run();
  const size_t allocations = neo::testing::DisarmAllocationCounter();
  const bool alloc_ok =
      max_run_allocations < 0 || allocations <= static_cast<size_t>(max_run_allocations);
  std::cout << (alloc_ok ? "PASS" : "FAIL") << " Run() heap allocations: " << allocations;
  if (max_run_allocations >= 0) std::cout << " (limit " << max_run_allocations << ")";
  std::cout << "\n";
  ok = ok && alloc_ok;
  if (instances > 1) ok = RunConcurrently(instances, threads, config) && ok;
  std::cout << "overall: " << (ok ? "PASSED" : "FAILED") << "\n";
  return ok ? 0 : 1;
}
