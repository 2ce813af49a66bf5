// main() of every neo_model_benchmark:
//   <benchmark> [--threads=1,2] [--iters=100] [--warmup=10]
//               [--ort_model=m.tar.gz --ort_script=ort_bench.js]
// Prints, per thread count, the median and spread of Run() latency, and with an ORT
// reference (ONNX Runtime measured in the same run, same machine state) the ratio.
#include <sys/wait.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "rules/testing/model_factory.h"

namespace {

struct Flags {
  std::vector<int> threads = {1, 2};
  int iters = 100;
  int warmup = 10;
  std::string ort_model, ort_script, name = "model";
  bool profile = false;
};

std::vector<int> ParseInts(const std::string& s) {
  std::vector<int> out;
  size_t start = 0;
  while (start < s.size()) {
    size_t comma = s.find(',', start);
    out.push_back(std::atoi(s.substr(start, comma - start).c_str()));
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return out;
}

bool ParseFlags(int argc, char** argv, Flags* f) {
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    auto value = [&](const char* flag) -> const char* {
      const size_t n = std::strlen(flag);
      return a.compare(0, n, flag) == 0 ? argv[i] + n : nullptr;
    };
    if (const char* v = value("--threads=")) f->threads = ParseInts(v);
    else if (const char* v = value("--iters=")) f->iters = std::atoi(v);
    else if (const char* v = value("--warmup=")) f->warmup = std::atoi(v);
    else if (const char* v = value("--ort_model=")) f->ort_model = v;
    else if (const char* v = value("--ort_script=")) f->ort_script = v;
    else if (const char* v = value("--name=")) f->name = v;
    else if (a == "--profile") f->profile = true;
    else {
      std::fprintf(stderr, "unknown flag %s\n", argv[i]);
      return false;
    }
  }
  return f->iters > 0 && !f->threads.empty();
}

double Percentile(std::vector<double> v, double p) {
  std::sort(v.begin(), v.end());
  return v[static_cast<size_t>(p * static_cast<double>(v.size() - 1) + 0.5)];
}

// Random inputs: latency does not depend on the values for these kernels, but zeros
// could hit denormal-free fast paths that real data would not. int64 inputs are token
// ids: uniform in [1, 100), valid for any vocabulary of 100 tokens or more (ort_bench.js
// draws the same way).
void FillInputs(neo::Model& m) {
  std::mt19937 rng(42);
  std::normal_distribution<float> normal(0.0f, 1.0f);
  std::uniform_int_distribution<int64_t> token(1, 99);
  for (int i = 0; i < m.num_inputs(); ++i) {
    const neo::TensorInfo& info = m.input_info(i);
    if (info.type == neo::ElementType::kInt64) {
      auto* p = static_cast<int64_t*>(m.input_buffer(i));
      for (size_t k = 0; k < info.num_elements; ++k) p[k] = token(rng);
      continue;
    }
    if (info.type != neo::ElementType::kFloat32) continue;
    float* p = static_cast<float*>(m.input_buffer(i));
    for (size_t k = 0; k < info.num_elements; ++k) p[k] = normal(rng);
  }
}

// ORT's median per thread count, from ort_bench.js's "threads=N median_ms=X" lines.
std::map<int, double> RunOrt(const Flags& f) {
  std::map<int, double> out;
  std::string threads;
  for (int t : f.threads) threads += (threads.empty() ? "" : ",") + std::to_string(t);
  const std::string cmd = "node '" + f.ort_script + "' '" + f.ort_model + "' --threads " +
                          threads + " --iters " + std::to_string(f.iters);
  FILE* pipe = ::popen(cmd.c_str(), "r");
  if (!pipe) return out;
  char line[512];
  while (std::fgets(line, sizeof line, pipe)) {
    const char* t = std::strstr(line, "threads=");
    const char* m = std::strstr(line, "median_ms=");
    if (t && m) out[std::atoi(t + 8)] = std::atof(m + 10);
  }
  const int status = ::pclose(pipe);
  if (status != 0) std::fprintf(stderr, "ort reference failed (status %d)\n", status);
  return out;
}

// Median time of each step over the iterations, largest first.
void Profile(neo::Model& model, const Flags& f, int threads) {
  const int n = model.num_steps();
  std::vector<std::vector<double>> ms(static_cast<size_t>(n));
  for (int it = 0; it < f.iters; ++it) {
    model.BeginRun();
    for (int i = 0; i < n; ++i) {
      const auto start = std::chrono::steady_clock::now();
      model.RunStep(i);
      ms[i].push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count());
    }
  }
  std::vector<std::pair<double, int>> order;
  double total = 0;
  for (int i = 0; i < n; ++i) {
    order.push_back({Percentile(ms[i], 0.5), i});
    total += order.back().first;
  }
  std::sort(order.rbegin(), order.rend());
  std::printf("profile %s threads=%d: %d steps, sum of medians %.3f ms\n", f.name.c_str(), threads, n, total);
  for (const auto& [t, i] : order) {
    std::printf("  %8.3f ms %5.1f%%  %s\n", t, 100.0 * t / total, model.step_name(i));
  }
}

}  // namespace

int main(int argc, char** argv) {
  Flags f;
  if (!ParseFlags(argc, argv, &f)) return 2;
  std::map<int, double> ours;
  for (int threads : f.threads) {
    std::unique_ptr<neo::Model> model = neo::testing::CreateModel(threads);
    FillInputs(*model);
    for (int i = 0; i < f.warmup; ++i) model->Run();
    std::vector<double> ms;
    for (int i = 0; i < f.iters; ++i) {
      const auto start = std::chrono::steady_clock::now();
      model->Run();
      ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count());
    }
    ours[threads] = Percentile(ms, 0.5);
    if (f.profile) Profile(*model, f, threads);
    std::printf("neo %s threads=%d median_ms=%.3f p10_ms=%.3f p90_ms=%.3f\n", f.name.c_str(),
                threads, ours[threads], Percentile(ms, 0.1), Percentile(ms, 0.9));
    std::fflush(stdout);
  }
  if (f.ort_model.empty()) return 0;
  const std::map<int, double> ort = RunOrt(f);
  for (int threads : f.threads) {
    auto it = ort.find(threads);
    if (it == ort.end()) continue;
    std::printf("ort %s threads=%d median_ms=%.3f  speedup_vs_ort=%.2fx\n", f.name.c_str(),
                threads, it->second, it->second / ours[threads]);
  }
  return 0;
}
