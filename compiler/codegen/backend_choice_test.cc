// ChooseBackend per target CPU family: the order of a registry entry's backends, adjusted
// by the policy, with made-up capabilities so each rule is seen on its own.
#include "compiler/codegen/backend_choice.h"

#include <gtest/gtest.h>

#include <set>
#include <vector>

#include "kernels/unary.h"

namespace neo::codegen {
namespace {

using kernels::Backend;

std::set<Backend> supported;  // what the made-up capability function accepts

bool MadeUpSupports(Backend b, const kernels::UnaryParams&) {
  return b == Backend::kReference || supported.count(b) > 0;
}

ir::KernelCall Call(std::vector<Backend> order, bool light = false) {
  ir::KernelCall k = ir::MakeKernelCall("Unary", "kernels/unary.h", "UnaryParams",
                                        kernels::UnaryParams{}, MadeUpSupports);
  k.backends = std::move(order);
  k.light = light;
  return k;
}

BackendPolicy For(CpuFamily family) {
  BackendPolicy p;
  p.cpu_family = family;
  return p;
}

const std::vector<Backend> kConvOrder = {Backend::kOnednnWinograd, Backend::kOnednn,
                                         Backend::kXnnpack};

TEST(BackendChoiceTest, Avx512TakesTheRegistryOrder) {
  supported = {Backend::kOnednnWinograd, Backend::kOnednn, Backend::kXnnpack};
  EXPECT_EQ(ChooseBackend(Call(kConvOrder), For(CpuFamily::kX86Avx512)),
            Backend::kOnednnWinograd);
  BackendPolicy direct = For(CpuFamily::kX86Avx512);
  direct.conv_algorithm = ConvAlgorithm::kDirect;
  EXPECT_EQ(ChooseBackend(Call(kConvOrder), direct), Backend::kOnednn);
}

TEST(BackendChoiceTest, WinogradOnlyWithAvx512) {
  supported = {Backend::kOnednnWinograd, Backend::kOnednn, Backend::kXnnpack};
  EXPECT_EQ(ChooseBackend(Call(kConvOrder), For(CpuFamily::kX86Avx2)), Backend::kOnednn);
  BackendPolicy asked = For(CpuFamily::kX86Avx2);
  asked.conv_algorithm = ConvAlgorithm::kWinograd;  // the driver refuses this; still none
  EXPECT_EQ(ChooseBackend(Call({Backend::kOnednn}), asked), Backend::kOnednn);
  EXPECT_EQ(ChooseBackend(Call({Backend::kOnednnWinograd}), For(CpuFamily::kAArch64)),
            Backend::kReference);
}

TEST(BackendChoiceTest, AArch64PutsXnnpackFirst) {
  supported = {Backend::kOnednnWinograd, Backend::kOnednn, Backend::kXnnpack};
  EXPECT_EQ(ChooseBackend(Call(kConvOrder), For(CpuFamily::kAArch64)), Backend::kXnnpack);
  // oneDNN still runs what XNNPACK cannot.
  supported = {Backend::kOnednn};
  EXPECT_EQ(ChooseBackend(Call(kConvOrder), For(CpuFamily::kAArch64)), Backend::kOnednn);
  // Allocation-free: XNNPACK or the reference, as on x86.
  BackendPolicy free = For(CpuFamily::kAArch64);
  free.allocation_free_run = true;
  EXPECT_EQ(ChooseBackend(Call(kConvOrder), free), Backend::kReference);
}

TEST(BackendChoiceTest, LightKernelsFollowOpenmpOnX86Only) {
  supported = {Backend::kOnednn, Backend::kXnnpack};
  const std::vector<Backend> light_order = {Backend::kXnnpack, Backend::kOnednn};
  BackendPolicy x86 = For(CpuFamily::kX86Avx2);
  EXPECT_EQ(ChooseBackend(Call(light_order, true), x86), Backend::kXnnpack);
  x86.openmp_model = true;
  EXPECT_EQ(ChooseBackend(Call(light_order, true), x86), Backend::kOnednn);
  BackendPolicy arm = For(CpuFamily::kAArch64);
  arm.openmp_model = true;
  EXPECT_EQ(ChooseBackend(Call(light_order, true), arm), Backend::kXnnpack);
}

TEST(BackendChoiceTest, OwnLoopListedFirstStaysFirstBesideOpenmp) {
  // Our own loops split their rows over OpenMP's team in oneDNN models, so a light kernel
  // that lists one first (global pooling) keeps it there; on AArch64 XNNPACK still leads.
  supported = {Backend::kReference, Backend::kOnednn, Backend::kXnnpack};
  const std::vector<Backend> own_first = {Backend::kReference, Backend::kXnnpack,
                                          Backend::kOnednn};
  BackendPolicy x86 = For(CpuFamily::kX86Avx512);
  EXPECT_EQ(ChooseBackend(Call(own_first, true), x86), Backend::kReference);
  x86.openmp_model = true;
  EXPECT_EQ(ChooseBackend(Call(own_first, true), x86), Backend::kReference);
  BackendPolicy arm = For(CpuFamily::kAArch64);
  arm.openmp_model = true;
  EXPECT_EQ(ChooseBackend(Call(own_first, true), arm), Backend::kXnnpack);
}

}  // namespace
}  // namespace neo::codegen
