// Classifies the held-out handwritten digits with the neoc-compiled DigitsNet and
// checks that it is exactly as accurate as the PyTorch model it was compiled from.
//
//   bazel run //examples/digits:digits
//   bazel-bin/examples/digits/digits [test_images.npy test_labels.npy torch_accuracy.txt]
//
// Prints the accuracy, PyTorch's, whether they match, and the latency per image
// (copy in + Run() + argmax). Exits 1 if the accuracies differ, 2 on bad input.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <string>
#include <vector>

#include "examples/digits/digits_net.h"
#include "examples/digits/npy_file.h"

namespace {

// Bazel names the runfiles tree after the workspace (WORKSPACE: name = "neo").
constexpr char kWorkspace[] = "neo";

bool Exists(const std::string& path) { return std::ifstream(path).good(); }

// The data files ride along as runfiles. `bazel run` starts in the runfiles root,
// where the workspace-relative path works as is; run directly, the binary finds
// them via $RUNFILES_DIR or its own path + ".runfiles".
std::string Runfile(const char* argv0, const std::string& relative) {
  std::vector<std::string> candidates;
  if (const char* dir = std::getenv("RUNFILES_DIR")) {
    candidates.push_back(std::string(dir) + "/" + kWorkspace + "/" + relative);
  }
  candidates.push_back(std::string(argv0) + ".runfiles/" + kWorkspace + "/" + relative);
  candidates.push_back(relative);
  for (const std::string& path : candidates) {
    if (Exists(path)) return path;
  }
  return relative;  // the open fails later and names it
}

[[noreturn]] void Fail(const std::string& message) {
  std::fprintf(stderr, "digits: %s\n", message.c_str());
  std::exit(2);
}

digits::NpyArray Load(const std::string& path, const std::string& dtype) {
  digits::NpyArray array;
  std::string error;
  if (!digits::ReadNpyFile(path, &array, &error)) Fail(error);
  if (array.dtype != dtype) Fail(path + ": expected dtype " + dtype + ", found " + array.dtype);
  return array;
}

std::string ReadFirstLine(const std::string& path) {
  std::ifstream in(path);
  std::string line;
  if (!in || !std::getline(in, line)) Fail("cannot read " + path);
  return line;
}

int Classify(digits::DigitsNet& model, const float* image, size_t image_bytes) {
  std::memcpy(model.input_buffer(0), image, image_bytes);
  model.Run();
  const float* logits = static_cast<const float*>(model.output_buffer(0));
  const size_t classes = model.output_info(0).num_elements;
  return static_cast<int>(std::max_element(logits, logits + classes) - logits);
}

}  // namespace

int main(int argc, char** argv) {
  const std::string images_path =
      argc > 1 ? argv[1] : Runfile(argv[0], "examples/digits/test_images.npy");
  const std::string labels_path =
      argc > 2 ? argv[2] : Runfile(argv[0], "examples/digits/test_labels.npy");
  const std::string accuracy_path =
      argc > 3 ? argv[3] : Runfile(argv[0], "examples/digits/torch_accuracy.txt");

  const digits::NpyArray images = Load(images_path, "<f4");
  const digits::NpyArray labels = Load(labels_path, "<i8");
  const std::string torch_accuracy = ReadFirstLine(accuracy_path);

  digits::DigitsNet model(1);
  const size_t image_elements = model.input_info(0).num_elements;
  const size_t image_bytes = model.input_info(0).byte_size;
  const size_t count = labels.num_elements();
  if (count == 0 || images.num_elements() != static_cast<int64_t>(count * image_elements)) {
    Fail("images hold " + std::to_string(images.num_elements()) + " values, expected " +
         std::to_string(count) + " x " + std::to_string(image_elements));
  }
  const float* pixels = reinterpret_cast<const float*>(images.data.data());
  const int64_t* truth = reinterpret_cast<const int64_t*>(labels.data.data());

  // Warm-up: first touches of the weights, the arena and the thread pools.
  for (size_t i = 0; i < std::min<size_t>(count, 20); ++i) {
    Classify(model, pixels + i * image_elements, image_bytes);
  }

  size_t correct = 0;
  std::vector<double> micros(count);
  for (size_t i = 0; i < count; ++i) {
    const auto start = std::chrono::steady_clock::now();
    const int predicted = Classify(model, pixels + i * image_elements, image_bytes);
    const auto stop = std::chrono::steady_clock::now();
    micros[i] = std::chrono::duration<double, std::micro>(stop - start).count();
    correct += predicted == truth[i];
  }

  double mean = 0;
  for (double us : micros) mean += us;
  mean /= count;
  std::vector<double> sorted = micros;
  std::nth_element(sorted.begin(), sorted.begin() + count / 2, sorted.end());
  const double median = sorted[count / 2];

  // torch_accuracy.txt holds 4 decimals; compare at that precision. One image
  // more or less moves the accuracy by 1/count, far more than the rounding.
  char accuracy[32];
  std::snprintf(accuracy, sizeof(accuracy), "%.4f", static_cast<double>(correct) / count);
  const bool match = torch_accuracy == accuracy;

  std::printf("digits: %zu held-out images\n", count);
  std::printf("neo accuracy:     %s (%zu/%zu)\n", accuracy, correct, count);
  std::printf("pytorch accuracy: %s\n", torch_accuracy.c_str());
  std::printf("match:            %s\n", match ? "yes" : "NO");
  std::printf("latency per image: median %.2f us, mean %.2f us\n", median, mean);
  return match ? 0 : 1;
}
