// Reference Reduce, ArgReduce and TopK (see kernels/reduce.h).
#ifndef NEO_KERNELS_REFERENCE_REDUCE_H_
#define NEO_KERNELS_REFERENCE_REDUCE_H_

#include <cstdint>

#include "kernels/reduce.h"

namespace neo::kernels::reference {

bool ReduceValid(const ReduceParams& p);
void Reduce(const ReduceParams& p, const float* input, float* output);

bool ArgReduceValid(const ArgReduceParams& p);
void ArgReduce(const ArgReduceParams& p, const float* input, int64_t* output);

bool TopKValid(const TopKParams& p);
void TopK(const TopKParams& p, const float* input, int64_t* indices);

}  // namespace neo::kernels::reference

#endif  // NEO_KERNELS_REFERENCE_REDUCE_H_
