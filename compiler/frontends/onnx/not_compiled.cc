// The ONNX operators Neo will not compile, by design, and why: a fixed-shape, ahead-of-time
// compiled model cannot hold what they produce. The OperatorNotImplemented error says why
// next to each node it lists; every other operator outside the table is simply not
// implemented yet.
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "compiler/frontends/onnx/operator_table.h"

namespace neo::onnx_frontend {

namespace {

constexpr char kDataShape[] = "its output's shape depends on the input values, and Neo compiles fixed shapes";
constexpr char kLoop[] =
    "its iteration count is decided at run time (trip count and condition are values), so "
    "the shape of its scan outputs depends on the data";
constexpr char kSequence[] = "sequence-typed values are not compiled";
constexpr char kOptional[] = "optional-typed values are not compiled";
constexpr char kString[] = "string tensors are not compiled";
constexpr char kRandom[] = "a random generator has no reproducible result to compile";
constexpr char kTraining[] = "a training operator (optimizer step), not part of inference";

const std::map<std::string, const char*>& Reasons() {
  static const auto* reasons = new std::map<std::string, const char*>{
      {"Compress", kDataShape},
      {"Loop", kLoop},
      {"NonMaxSuppression", kDataShape},
      {"NonZero", kDataShape},
      {"Unique", kDataShape},
      {"ConcatFromSequence", kSequence},
      {"SequenceAt", kSequence},
      {"SequenceConstruct", kSequence},
      {"SequenceEmpty", kSequence},
      {"SequenceErase", kSequence},
      {"SequenceInsert", kSequence},
      {"SequenceLength", kSequence},
      {"SequenceMap", kSequence},
      {"SplitToSequence", kSequence},
      {"Optional", kOptional},
      {"OptionalGetElement", kOptional},
      {"OptionalHasElement", kOptional},
      {"StringNormalizer", kString},
      {"Bernoulli", kRandom},
      {"Multinomial", kRandom},
      {"RandomNormal", kRandom},
      {"RandomNormalLike", kRandom},
      {"RandomUniform", kRandom},
      {"RandomUniformLike", kRandom},
      {"ai.onnx.preview.training.Adagrad", kTraining},
      {"ai.onnx.preview.training.Adam", kTraining},
      {"ai.onnx.preview.training.Gradient", kTraining},
      {"ai.onnx.preview.training.Momentum", kTraining},
  };
  return *reasons;
}

}  // namespace

const char* WhyNotCompiled(const std::string& op) {
  auto it = Reasons().find(op);
  return it == Reasons().end() ? nullptr : it->second;
}

std::vector<std::pair<std::string, std::string>> NeverCompiledOperators() {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& [op, why] : Reasons()) out.emplace_back(op, why);
  return out;
}

}  // namespace neo::onnx_frontend
