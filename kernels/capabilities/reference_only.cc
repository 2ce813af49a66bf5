// The families only the reference loops run (no library here has them, or not with
// these semantics): ChannelAffine, Gather, Slice, Pad, Cast, Resize, Broadcast, MultiBoxPrior and
// MultiBoxDetection (MXNet's SSD operators), Where, GatherElements, GatherND,
// ScatterND and ScatterElements, QuantizeLinear/DequantizeLinear (Quantize), and
// DecodeJpeg (whose reference is libjpeg-turbo). Each capability is the reference kernel's own validity rule.
#include "kernels/broadcast.h"
#include "kernels/channel_affine.h"
#include "kernels/cast.h"
#include "kernels/decode_jpeg.h"
#include "kernels/gather.h"
#include "kernels/multibox.h"
#include "kernels/pad.h"
#include "kernels/quantize.h"
#include "kernels/reference/broadcast.h"
#include "kernels/reference/channel_affine.h"
#include "kernels/reference/cast.h"
#include "kernels/reference/gather.h"
#include "kernels/reference/multibox.h"
#include "kernels/reference/pad.h"
#include "kernels/reference/quantize.h"
#include "kernels/reference/resize.h"
#include "kernels/reference/slice.h"
#include "kernels/resize.h"
#include "kernels/scatter.h"
#include "kernels/reference/scatter.h"
#include "kernels/reference/where.h"
#include "kernels/slice.h"
#include "kernels/where.h"

namespace neo::kernels {

bool ChannelAffineSupports(Backend backend, const ChannelAffineParams& p) {
  return backend == Backend::kReference && reference::ChannelAffineValid(p);
}

bool GatherElementsSupports(Backend backend, const GatherElementsParams& p) {
  return backend == Backend::kReference && reference::GatherElementsValid(p);
}

bool GatherNDSupports(Backend backend, const GatherNDParams& p) {
  return backend == Backend::kReference && reference::GatherNDValid(p);
}

bool ScatterNDSupports(Backend backend, const ScatterNDParams& p) {
  return backend == Backend::kReference && reference::ScatterNDValid(p);
}

bool ScatterElementsSupports(Backend backend, const ScatterElementsParams& p) {
  return backend == Backend::kReference && reference::ScatterElementsValid(p);
}

bool WhereSupports(Backend backend, const WhereParams& p) {
  return backend == Backend::kReference && reference::WhereValid(p);
}

bool GatherSupports(Backend backend, const GatherParams& p) {
  return backend == Backend::kReference && reference::GatherValid(p);
}

bool SliceSupports(Backend backend, const SliceParams& p) {
  return backend == Backend::kReference && reference::SliceValid(p);
}

bool PadSupports(Backend backend, const PadParams& p) {
  return backend == Backend::kReference && reference::PadValid(p);
}

bool QuantizeSupports(Backend backend, const QuantizeParams& p) {
  return backend == Backend::kReference && reference::QuantizeValid(p);
}

bool CastSupports(Backend backend, const CastParams& p) {
  return backend == Backend::kReference && p.count >= 0 &&
         reference::ElementSize(p.from) > 0 && reference::ElementSize(p.to) > 0;
}

bool ResizeSupports(Backend backend, const ResizeParams& p) {
  return backend == Backend::kReference && reference::ResizeValid(p);
}

bool BroadcastSupports(Backend backend, const BroadcastParams& p) {
  return backend == Backend::kReference && reference::BroadcastValid(p);
}

bool MultiBoxPriorSupports(Backend backend, const MultiBoxPriorParams& p) {
  return backend == Backend::kReference && reference::MultiBoxPriorValid(p);
}

bool MultiBoxDetectionSupports(Backend backend, const MultiBoxDetectionParams& p) {
  return backend == Backend::kReference && reference::MultiBoxDetectionValid(p);
}

// Stated here rather than in the reference, which links libjpeg.
bool DecodeJpegSupports(Backend backend, const DecodeJpegParams& p) {
  const bool ratio_ok = p.ratio == 1 || p.ratio == 2 || p.ratio == 4 || p.ratio == 8;
  const bool channels_ok = p.channels == 1 || p.channels == 3;
  return backend == Backend::kReference && ratio_ok && channels_ok && p.height > 0 &&
         p.width > 0 &&
         static_cast<int64_t>(p.height) * p.width * p.channels <= int64_t{1} << 31;
}

}  // namespace neo::kernels
