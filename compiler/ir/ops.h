// The IR's operators. Frontends lower framework operators to these; passes and codegen
// only ever see these. Attribute conventions:
//   - Spatial operators carry `layout`: "NCHW" as frontends emit them, "NHWC" after the
//     layout pass. Shapes always describe the data as stored.
//   - pads are [top, left, bottom, right]; strides, dilations, kernel are [h, w].
//   - A fused activation is a clamp: `act_min`/`act_max` (floats; absent = unbounded).
//     Relu is [0, inf), Relu6 is [0, 6].
#ifndef NEO_COMPILER_IR_OPS_H_
#define NEO_COMPILER_IR_OPS_H_

namespace neo::ir::op {

// Conv2D(x, w[O, C/group, KH, KW], bias[O]?) -> y.
//   strides, dilations, pads, group, layout, act_min?, act_max?
inline constexpr char kConv2D[] = "Conv2D";
// FullyConnected(x[M, K], w[N, K], bias[N]?) -> y[M, N] = x * w^T + bias.
//   act_min?, act_max?
inline constexpr char kFullyConnected[] = "FullyConnected";
// MatMul(a, b) -> numpy.matmul(a, b).
inline constexpr char kMatMul[] = "MatMul";

// MaxPool2D(x) -> y. kernel, strides, dilations, pads, layout.
//   pads already include the extra bottom/right rows a ceil-mode output needs.
inline constexpr char kMaxPool2D[] = "MaxPool2D";
// AveragePool2D(x) -> y. kernel, strides, pads, layout, count_include_pad,
//   counted_pads: the part of `pads` that counts in the divisor when
//   count_include_pad is 1 (ceil-mode extra rows never count).
inline constexpr char kAveragePool2D[] = "AveragePool2D";
// GlobalAveragePool(x[N,C,H,W] or [N,H,W,C]) -> y[N,C,1,1] or [N,1,1,C]. layout.
inline constexpr char kGlobalAveragePool[] = "GlobalAveragePool";
inline constexpr char kGlobalMaxPool[] = "GlobalMaxPool";

// BatchNorm(x, scale, bias, mean, var) -> y. epsilon, layout. Inference form.
inline constexpr char kBatchNorm[] = "BatchNorm";

// Element-wise binary operators with numpy broadcasting. act_min?, act_max?
inline constexpr char kAdd[] = "Add";
inline constexpr char kSub[] = "Sub";
inline constexpr char kMul[] = "Mul";
inline constexpr char kDiv[] = "Div";
inline constexpr char kPow[] = "Pow";
inline constexpr char kMaximum[] = "Maximum";
inline constexpr char kMinimum[] = "Minimum";
// PRelu(x, slope): broadcasting slope.
inline constexpr char kPRelu[] = "PRelu";

// Element-wise unary operators.
inline constexpr char kClamp[] = "Clamp";  // min, max (floats)
inline constexpr char kRelu[] = "Relu";
inline constexpr char kSigmoid[] = "Sigmoid";
inline constexpr char kTanh[] = "Tanh";
inline constexpr char kExp[] = "Exp";
inline constexpr char kLog[] = "Log";
inline constexpr char kAbs[] = "Abs";
inline constexpr char kNeg[] = "Neg";
inline constexpr char kSqrt[] = "Sqrt";
inline constexpr char kReciprocal[] = "Reciprocal";
inline constexpr char kFloor[] = "Floor";
inline constexpr char kCeil[] = "Ceil";
inline constexpr char kElu[] = "Elu";                          // alpha
inline constexpr char kLeakyRelu[] = "LeakyRelu";              // alpha
inline constexpr char kSelu[] = "Selu";                        // alpha, gamma
inline constexpr char kHardSigmoid[] = "HardSigmoid";          // alpha, beta
inline constexpr char kSoftplus[] = "Softplus";
inline constexpr char kSoftsign[] = "Softsign";
inline constexpr char kThresholdedRelu[] = "ThresholdedRelu";  // alpha

// Concat(x0, x1, ...) -> y. axis (non-negative).
inline constexpr char kConcat[] = "Concat";
// Reshape(x) -> y. The output shape is the value's shape; the data is unchanged.
inline constexpr char kReshape[] = "Reshape";
// Transpose(x) -> y. perm.
inline constexpr char kTranspose[] = "Transpose";
// Softmax / LogSoftmax(x) -> y over one axis (non-negative).
inline constexpr char kSoftmax[] = "Softmax";
inline constexpr char kLogSoftmax[] = "LogSoftmax";
// Identity(x) -> y: passes remove it.
inline constexpr char kIdentity[] = "Identity";

// --- Tensor operators (issue 4). Unless noted, axes are non-negative and sorted, all
// shapes static, and these operators read and write the source (plain) layout: the
// layout pass puts NCHW transposes around them like around Reshape.

// ConvTranspose2D(x, w[C, O/group, KH, KW], bias[O]?) -> y. strides, dilations,
//   pads [t,l,b,r] (already resolved from auto_pad/output_shape), output_padding [h,w],
//   group, layout, act_min?, act_max?
inline constexpr char kConvTranspose2D[] = "ConvTranspose2D";
// LRN(x[N,C,...]) -> y across channels. size, alpha, beta, bias (floats), layout.
inline constexpr char kLRN[] = "LRN";
// Reduce(x) -> y. kind: "sum" | "mean" | "max" | "min" | "prod"; axes (may be empty:
//   then y == x); keepdims (0/1). An empty input reduces to the identity element.
inline constexpr char kReduce[] = "Reduce";
// ArgReduce(x) -> y (int64). kind: "max" | "min"; axis; keepdims; select_last_index.
inline constexpr char kArgReduce[] = "ArgReduce";
// Cast(x) -> y. to: dtype name ("float32", "int64", "int32", "bool", "uint8", "int8").
inline constexpr char kCast[] = "Cast";
// Gather(data, indices[int32/int64]) -> y. axis. Negative indices count from the end.
inline constexpr char kGather[] = "Gather";
// Slice(x) -> y. starts, ends, steps: one entry per input dimension, resolved and
//   clamped as numpy would (steps != 0; ends may be -1 for a negative step past 0).
inline constexpr char kSlice[] = "Slice";
// Pad(x) -> y. pads: [begin_0, ..., begin_{r-1}, end_0, ..., end_{r-1}] (may be
//   negative: cropping); mode: "constant" | "reflect" | "edge"; value (float).
inline constexpr char kPad[] = "Pad";
// Resize(x) -> y (rank 4 NCHW, or any rank for nearest). mode: "nearest" | "linear";
//   coordinate_transformation_mode: "asymmetric" | "half_pixel" | "align_corners" |
//   "pytorch_half_pixel" | "tf_half_pixel_for_nn"; nearest_mode: "floor" |
//   "round_prefer_floor" | "round_prefer_ceil" | "ceil"; scales (floats, one per
//   dimension). The output shape is the value's shape.
inline constexpr char kResize[] = "Resize";
// BatchMatMul(a[..., M, K], b[..., K, N]) -> numpy.matmul for rank >= 2 operands with
//   broadcast batch dimensions (the frontend reshapes rank-1 operands to rank 2).
inline constexpr char kBatchMatMul[] = "BatchMatMul";
// Expand-like broadcasting copy: Broadcast(x) -> y with y's shape. (Used by ConstantFill
//   and frontends for shape-only broadcasts.)
inline constexpr char kBroadcast[] = "Broadcast";

}  // namespace neo::ir::op

#endif  // NEO_COMPILER_IR_OPS_H_
