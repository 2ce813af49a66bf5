#include "kernels/kernel.h"

#include "kernels/internal.h"

namespace neo::kernels {

Kernel::Kernel() = default;
Kernel::~Kernel() = default;

void Kernel::Run() { op_->Run(); }

const char* Kernel::implementation() const { return op_->implementation(); }

}  // namespace neo::kernels
