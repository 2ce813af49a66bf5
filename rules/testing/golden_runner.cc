#include "rules/testing/golden_runner.h"

#include <cstring>
#include <fstream>
#include <iterator>
#include <stdexcept>

namespace neo {
namespace testing {
namespace {

std::vector<int64_t> ShapeOf(const neo::TensorInfo& info) {
  return std::vector<int64_t>(info.shape, info.shape + info.rank);
}

std::string Describe(const char* kind, int index, const neo::TensorInfo& info) {
  return std::string(kind) + " " + std::to_string(index) + " ('" + info.name + "')";
}

// Points an encoded input at the bytes of `path`, read into `storage`.
void LoadEncodedInput(neo::Model& model, int i, const std::string& path, std::string* storage) {
  std::ifstream f(path, std::ios::binary);
  if (!f) {
    throw std::runtime_error(Describe("input", i, model.input_info(i)) + ": cannot read " + path);
  }
  storage->assign(std::istreambuf_iterator<char>(f), {});
  *static_cast<neo::Bytes*>(model.input_buffer(i)) = {storage->data(), storage->size()};
}

// Loads one input file into the model, or throws with a message naming both sides.
void LoadInput(neo::Model& model, int i, const std::string& path) {
  NpyArray array = ReadNpy(path);
  // A model with a free batch dimension (tree ensembles) takes the file's row count.
  if (!array.shape.empty() && model.input_info(i).rank == static_cast<int>(array.shape.size()) &&
      array.shape[0] != model.input_info(i).shape[0]) {
    model.set_batch_size(array.shape[0]);
  }
  const neo::TensorInfo& info = model.input_info(i);
  const NpyType want = NpyTypeFor(info.type);
  if (want == NpyType::kFloat32 && array.type == NpyType::kFloat64) {
    array = ToFloat32(array, path);  // numpy's default dtype; the rounding is numpy's too
  }
  if (array.type != want) {
    throw std::runtime_error(Describe("input", i, info) + " from " + path + " has dtype " +
                             NpyDescr(array.type) + " but the model wants " + NpyDescr(want));
  }
  if (array.shape != ShapeOf(info)) {
    throw std::runtime_error(Describe("input", i, info) + " from " + path + " has shape " +
                             FormatShape(array.shape) + " but the model wants " +
                             FormatShape(ShapeOf(info)));
  }
  if (array.data.size() != info.byte_size) {
    throw std::runtime_error(Describe("input", i, info) + ": " + path + " holds " +
                             std::to_string(array.data.size()) + " bytes, the model " +
                             std::to_string(info.byte_size));
  }
  std::memcpy(model.input_buffer(i), array.data.data(), array.data.size());
}

bool CheckOutput(const neo::Model& model, int j, const std::string& path, const Tolerance& tol,
                 std::ostream& log) {
  const neo::TensorInfo& info = model.output_info(j);
  const NpyArray golden = ReadNpy(path);
  const std::string shape = FormatShape(ShapeOf(info));
  if (golden.shape != ShapeOf(info)) {
    log << "FAIL " << Describe("output", j, info) << ": golden " << path << " has shape "
        << FormatShape(golden.shape) << " but the model's output is " << shape << "\n";
    return false;
  }
  const std::vector<double> actual =
      ToDoubles(model.output_buffer(j), NpyTypeFor(info.type), info.num_elements);
  const std::vector<double> expected = ToDoubles(golden);
  const CompareStats stats = Compare(actual, expected, tol);
  log << (stats.ok() ? "PASS " : "FAIL ")
      << FormatStats(info.name, shape, stats, actual, expected) << "\n";
  return stats.ok();
}

}  // namespace

NpyType NpyTypeFor(neo::ElementType type) {
  switch (type) {
    case neo::ElementType::kFloat32: return NpyType::kFloat32;
    case neo::ElementType::kInt64: return NpyType::kInt64;
    case neo::ElementType::kInt32: return NpyType::kInt32;
    case neo::ElementType::kBool: return NpyType::kBool;
    case neo::ElementType::kUInt8: return NpyType::kUInt8;
    case neo::ElementType::kInt8: return NpyType::kInt8;
    case neo::ElementType::kBytes: break;  // no .npy dtype: a file's own bytes
  }
  throw std::runtime_error("unknown element type");
}

// Run(), and whether the model accepted its inputs (logged when not).
bool RunChecked(neo::Model& model, std::ostream& log) {
  model.Run();
  const neo::Status status = model.run_status();
  if (!status.ok()) log << "FAIL Run() rejected its inputs: " << status.message() << "\n";
  return status.ok();
}

// Empties the encoded inputs, whose bytes are about to be freed.
class EncodedInputs {
 public:
  EncodedInputs(neo::Model& model, std::vector<std::string>* keep)
      : model_(model), keep_(keep), storage_(keep ? keep : &own_) {
    storage_->assign(static_cast<size_t>(model.num_inputs()), std::string());
  }
  ~EncodedInputs() {
    if (keep_) return;
    for (int i = 0; i < model_.num_inputs(); ++i) {
      if (model_.input_info(i).type == neo::ElementType::kBytes) {
        *static_cast<neo::Bytes*>(model_.input_buffer(i)) = {};
      }
    }
  }
  std::string* at(int i) { return &(*storage_)[static_cast<size_t>(i)]; }

 private:
  neo::Model& model_;
  std::vector<std::string>* keep_;
  std::vector<std::string> own_;
  std::vector<std::string>* storage_;
};

namespace {

// Each output's golden file, or "" for an output the test does not check; throws when
// the config does not fit the model.
std::vector<std::string> GoldenPerOutput(const neo::Model& model, const GoldenTestConfig& config) {
  const size_t outputs = static_cast<size_t>(model.num_outputs());
  if (!config.goldens.empty() && !config.named_goldens.empty()) {
    throw std::runtime_error("give the goldens by position or by output name, not both");
  }
  if (config.named_goldens.empty()) {
    if (config.goldens.size() != outputs) {
      throw std::runtime_error("the model has " + std::to_string(outputs) + " output(s); the test "
                               "gives " + std::to_string(config.goldens.size()) +
                               " golden file(s) (by output name, any subset may be given)");
    }
    return config.goldens;
  }
  std::vector<std::string> per_output(outputs);
  for (const auto& [name, path] : config.named_goldens) {
    size_t j = 0;
    while (j < outputs && name != model.output_info(static_cast<int>(j)).name) ++j;
    if (j == outputs) {
      std::string names;
      for (size_t k = 0; k < outputs; ++k) {
        names += std::string(k ? ", " : "") + "'" + model.output_info(static_cast<int>(k)).name + "'";
      }
      throw std::runtime_error("the model has no output named '" + name + "'; its outputs are " +
                               names);
    }
    if (!per_output[j].empty()) {
      throw std::runtime_error("output '" + name + "' is given two goldens");
    }
    per_output[j] = path;
  }
  return per_output;
}

}  // namespace

bool RunGoldenTest(neo::Model& model, const GoldenTestConfig& config, std::ostream& log,
                   std::vector<std::string>* encoded_inputs) {
  try {
    if (static_cast<int>(config.inputs.size()) != model.num_inputs()) {
      log << "FAIL the model has " << model.num_inputs() << " input(s); the test gives "
          << config.inputs.size() << " input file(s)\n";
      return false;
    }
    const std::vector<std::string> goldens = GoldenPerOutput(model, config);
    EncodedInputs encoded(model, encoded_inputs);
    for (int i = 0; i < model.num_inputs(); ++i) {
      if (model.input_info(i).type == neo::ElementType::kBytes) {
        LoadEncodedInput(model, i, config.inputs[i], encoded.at(i));
      } else {
        LoadInput(model, i, config.inputs[i]);
      }
    }

    if (!RunChecked(model, log)) {
      log << "FAILED\n";
      return false;
    }
    bool ok = true;
    std::vector<std::string> first(model.num_outputs());
    for (int j = 0; j < model.num_outputs(); ++j) {
      const neo::TensorInfo& info = model.output_info(j);
      first[j].assign(static_cast<const char*>(model.output_buffer(j)), info.byte_size);
      if (goldens[j].empty()) {
        log << "NOT CHECKED " << Describe("output", j, info) << ": no golden given\n";
        continue;
      }
      ok = CheckOutput(model, j, goldens[j], config.tolerance, log) && ok;
    }

    // A compiled model must be a pure function of its inputs: a second run that differs
    // means uninitialised memory, a race, or state leaking between runs.
    bool deterministic = RunChecked(model, log);
    for (int j = 0; j < model.num_outputs(); ++j) {
      const neo::TensorInfo& info = model.output_info(j);
      const char* second = static_cast<const char*>(model.output_buffer(j));
      const size_t item = NpyItemSize(NpyTypeFor(info.type));
      size_t differing = 0;
      for (size_t e = 0; e < info.num_elements; ++e) {
        if (std::memcmp(second + e * item, first[j].data() + e * item, item) != 0) ++differing;
      }
      if (differing != 0) {
        log << "FAIL " << Describe("output", j, info) << ": the second run differs from the "
            << "first in " << differing << " of " << info.num_elements << " elements\n";
        deterministic = false;
      }
    }
    ok = ok && deterministic;
    if (deterministic) log << "PASS second run identical bit for bit\n";
    log << (ok ? "PASSED" : "FAILED") << "\n";
    return ok;
  } catch (const std::exception& e) {
    log << "FAIL " << e.what() << "\nFAILED\n";
    return false;
  }
}

}  // namespace testing
}  // namespace neo
