// The IR's operators by name (ir::op::kConv2D, ...). Frontends lower framework operators
// to these; passes and codegen only ever see these. Each family's header lists its names;
// the definitions (attributes, shape rule, layout class, kernel) are in ops/<family>.cc and
// op_registry.h finds them. docs/ir_operators.md lists them all.
#ifndef NEO_COMPILER_IR_OPS_H_
#define NEO_COMPILER_IR_OPS_H_

#include "compiler/ir/ops/binary.h"
#include "compiler/ir/ops/cast.h"
#include "compiler/ir/ops/conv.h"
#include "compiler/ir/ops/data_movement.h"
#include "compiler/ir/ops/decode_jpeg.h"
#include "compiler/ir/ops/gather_scatter.h"
#include "compiler/ir/ops/indexing.h"
#include "compiler/ir/ops/layer_norm.h"
#include "compiler/ir/ops/matmul.h"
#include "compiler/ir/ops/multibox.h"
#include "compiler/ir/ops/normalization.h"
#include "compiler/ir/ops/pool.h"
#include "compiler/ir/ops/quantize.h"
#include "compiler/ir/ops/quantized_conv.h"
#include "compiler/ir/ops/quantized_matmul.h"
#include "compiler/ir/ops/reduce.h"
#include "compiler/ir/ops/resize.h"
#include "compiler/ir/ops/unary.h"
#include "compiler/ir/ops/where.h"

#endif  // NEO_COMPILER_IR_OPS_H_
