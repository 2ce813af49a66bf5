// A main for fuzz targets built without libFuzzer: runs LLVMFuzzerTestOneInput on each
// file named on the command line, then on NEO_FUZZ_MUTATIONS (default 200) mutations of
// each, made by a fixed-seed generator so a failure reproduces. Each mutation flips,
// overwrites, inserts, deletes or duplicates a few bytes, or truncates the input: cheap
// damage of the kind that finds missing bounds checks. An input that throws anything
// but a NeoError escapes (std::terminate), as it would under libFuzzer; the mutation is
// written to $TEST_UNDECLARED_OUTPUTS_DIR (or /tmp) first so it can be replayed.
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <iterator>
#include <string>

#include "compiler/fuzz/fuzz_target.h"

namespace {

std::string ReadFile(const char* path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    std::cerr << "cannot read " << path << "\n";
    std::exit(2);
  }
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// xorshift64*: the same mutations on every machine.
struct Random {
  uint64_t state;
  uint64_t Next() {
    state ^= state >> 12;
    state ^= state << 25;
    state ^= state >> 27;
    return state * 2685821657736338717ull;
  }
  size_t Below(size_t n) { return n == 0 ? 0 : static_cast<size_t>(Next() % n); }
};

std::string Mutate(const std::string& seed, Random& r) {
  std::string s = seed;
  const int edits = 1 + static_cast<int>(r.Below(4));
  for (int e = 0; e < edits; ++e) {
    const size_t at = r.Below(s.size() + 1);
    switch (r.Below(7)) {
      case 0:  // flip a bit
        if (!s.empty()) s[r.Below(s.size())] ^= static_cast<char>(1u << r.Below(8));
        break;
      case 1:  // an interesting byte value
        if (!s.empty()) {
          static const unsigned char kValues[] = {0, 1, 0x7f, 0x80, 0xff, '"', '{', '[', ','};
          s[r.Below(s.size())] = static_cast<char>(kValues[r.Below(sizeof kValues)]);
        }
        break;
      case 2:  // insert random bytes
        s.insert(at, std::string(1 + r.Below(8), static_cast<char>(r.Next())));
        break;
      case 3:  // delete a run
        if (at < s.size()) s.erase(at, 1 + r.Below(16));
        break;
      case 4:  // duplicate a run
        if (at < s.size()) s.insert(at, s.substr(at, 1 + r.Below(64)));
        break;
      case 5:  // truncate
        s.resize(r.Below(s.size() + 1));
        break;
      default:  // a large little-endian integer (sizes, counts, lengths)
        if (s.size() >= 4) {
          const size_t p = r.Below(s.size() - 3);
          const uint32_t v = r.Below(2) ? 0xffffffffu : 0x7fffffffu;
          for (int b = 0; b < 4; ++b) s[p + static_cast<size_t>(b)] = static_cast<char>(v >> (8 * b));
        }
        break;
    }
  }
  return s;
}

void Run(const std::string& input) {
  LLVMFuzzerTestOneInput(reinterpret_cast<const uint8_t*>(input.data()), input.size());
}

}  // namespace

int main(int argc, char** argv) {
  const char* env = std::getenv("NEO_FUZZ_MUTATIONS");
  const long mutations = env != nullptr ? std::atol(env) : 200;
  const char* outputs = std::getenv("TEST_UNDECLARED_OUTPUTS_DIR");
  const std::string last = std::string(outputs != nullptr ? outputs : "/tmp") + "/last_input";
  long runs = 0;
  for (int i = 1; i < argc; ++i) {
    const std::string seed = ReadFile(argv[i]);
    Run(seed);
    ++runs;
    Random r{0x9e3779b97f4a7c15ull ^ (static_cast<uint64_t>(i) << 32)};
    for (long m = 0; m < mutations; ++m) {
      const std::string input = Mutate(seed, r);
      std::ofstream(last, std::ios::binary) << input;  // replayable if this one fails
      Run(input);
      ++runs;
    }
  }
  std::remove(last.c_str());
  std::cout << runs << " inputs from " << (argc - 1) << " seeds, no finding\n";
  return 0;
}
