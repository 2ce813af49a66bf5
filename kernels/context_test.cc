// Context(n) must really run n threads in both libraries. oneDNN's threads are libgomp's:
// this binary interposes GOMP_parallel (which libdnnl calls for every parallel region)
// and records the team size seen inside the region.
#include "kernels/context.h"

#include <dlfcn.h>
#include <gtest/gtest.h>
#include <omp.h>

#include <algorithm>
#include <atomic>
#include <thread>
#include <vector>

#include "kernels/arena.h"
#include "kernels/backend.h"
#include "kernels/context_internal.h"
#include "kernels/conv2d.h"
#include "kernels/model.h"

namespace {
std::atomic<int> max_team_size{0};

struct Region {
  void (*fn)(void*);
  void* data;
};

void Trampoline(void* arg) {
  const Region* r = static_cast<const Region*>(arg);
  int seen = omp_get_num_threads();
  int prev = max_team_size.load();
  while (seen > prev && !max_team_size.compare_exchange_weak(prev, seen)) {
  }
  r->fn(r->data);
}
}  // namespace

extern "C" void GOMP_parallel(void (*fn)(void*), void* data, unsigned num_threads,
                              unsigned flags) {
  using Real = void (*)(void (*)(void*), void*, unsigned, unsigned);
  static Real real = reinterpret_cast<Real>(dlsym(RTLD_NEXT, "GOMP_parallel"));
  Region region{fn, data};
  real(Trampoline, &region, num_threads, flags);
}

namespace neo::kernels {
namespace {

// Team size oneDNN used to run a convolution under Context(threads), on a fresh thread
// (OpenMP's thread count is a per-thread setting).
int OnednnTeamSize(int threads, Backend backend) {
  int result = 0;
  std::thread([&] {
    Context context(threads);
    Conv2DParams p{1, 28, 28, 64, 28, 28, 64, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1, 1};
    std::vector<float> w(64 * 64 * 9, 0.01f), in(28 * 28 * 64, 1.0f), out(28 * 28 * 64);
    Conv2D conv(context, p, backend, w.data(), nullptr, in.data(), out.data());
    max_team_size = 0;
    context.BeginRun();
    conv.Run();
    // With one thread oneDNN opens no parallel region at all: the caller does the work.
    result = std::max(1, max_team_size.load());
  }).join();
  return result;
}

TEST(ContextTest, OnednnUsesTheContextsThreads) {
  EXPECT_EQ(OnednnTeamSize(2, Backend::kOnednn), 2);
  EXPECT_EQ(OnednnTeamSize(1, Backend::kOnednn), 1);
  EXPECT_EQ(OnednnTeamSize(2, Backend::kOnednnWinograd), 2);
  EXPECT_EQ(OnednnTeamSize(1, Backend::kOnednnWinograd), 1);
}

TEST(ContextTest, XnnpackPoolHasTheContextsThreads) {
  for (int n : {1, 2, 3}) {
    Context context(n);
    EXPECT_EQ(context.num_threads(), n);
    EXPECT_EQ(pthreadpool_get_threads_count(context.impl().threadpool), static_cast<size_t>(n));
  }
}

TEST(ContextTest, XnnpackCanStayOnTheCallingThread) {
  Context context(2, /*xnnpack_on_calling_thread=*/true);
  EXPECT_EQ(context.num_threads(), 2);
  EXPECT_EQ(context.impl().threadpool, nullptr);
  EXPECT_EQ(OnednnTeamSize(2, Backend::kOnednn), 2);
}

TEST(ContextTest, BeginRunSetsTheCallingThreadsOpenMpCount) {
  Context two(2);
  std::thread([&] {
    omp_set_num_threads(7);
    two.BeginRun();
    EXPECT_EQ(omp_get_max_threads(), 2);
  }).join();
}

TEST(ContextTest, SerialStepsRunOnOneThreadAndReportToTheModel) {
  Context one(1);
  EXPECT_EQ(&one.serial(), &one);
  Context two(2);
  Context& serial = two.serial();
  EXPECT_EQ(&two.serial(), &serial);  // one serial context per model
  EXPECT_EQ(serial.num_threads(), 1);
  EXPECT_EQ(serial.impl().threadpool, nullptr);
  std::thread([&] {
    two.BeginRun();
    two.BeginSerialSteps();
    EXPECT_EQ(omp_get_max_threads(), 1);
    two.EndSerialSteps();
    EXPECT_EQ(omp_get_max_threads(), 2);
    serial.ReportRunError("bad input");
    EXPECT_STREQ(two.run_status().message(), "bad input");
  }).join();
}

TEST(ContextTest, RejectsZeroThreads) { EXPECT_THROW(Context(0), std::invalid_argument); }

TEST(ArenaTest, AlignedZeroedAndRounded) {
  Arena arena(100);
  EXPECT_EQ(arena.size(), 128u);
  EXPECT_EQ(reinterpret_cast<uintptr_t>(arena.data()) % kArenaAlignment, 0u);
  for (size_t i = 0; i < arena.size(); ++i) ASSERT_EQ(arena.data()[i], 0);
  EXPECT_EQ(reinterpret_cast<uint8_t*>(arena.f32(64)), arena.data() + 64);
  Arena empty(0);
  EXPECT_EQ(empty.size(), 0u);
}

// The smallest Model: two inputs, one output, to check lookup by name.
class TwoInputModel : public neo::Model {
 public:
  int num_inputs() const override { return 2; }
  int num_outputs() const override { return 1; }
  const TensorInfo& input_info(int i) const override { return inputs_[i]; }
  const TensorInfo& output_info(int) const override { return output_; }
  void* input_buffer(int) override { return nullptr; }
  const void* output_buffer(int) const override { return nullptr; }
  void Run() override {}

 private:
  TensorInfo inputs_[2] = {{"data", ElementType::kFloat32, 0, nullptr, 1, 4},
                           {"mask", ElementType::kBool, 0, nullptr, 1, 1}};
  TensorInfo output_ = {"prob", ElementType::kFloat32, 0, nullptr, 1, 4};
};

TEST(ModelTest, IndexByName) {
  TwoInputModel m;
  EXPECT_EQ(m.input_index("data"), 0);
  EXPECT_EQ(m.input_index("mask"), 1);
  EXPECT_EQ(m.input_index("prob"), -1);
  EXPECT_EQ(m.output_index("prob"), 0);
  EXPECT_EQ(m.output_index("data"), -1);
}

TEST(BackendTest, Names) {
  EXPECT_STREQ(BackendName(Backend::kOnednnWinograd), "onednn_winograd");
  EXPECT_STREQ(BackendName(Backend::kReference), "reference");
  EXPECT_STREQ(BackendEnumerator(Backend::kXnnpack), "neo::kernels::Backend::kXnnpack");
}

}  // namespace
}  // namespace neo::kernels
