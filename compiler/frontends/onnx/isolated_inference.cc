#include "compiler/frontends/onnx/isolated_inference.h"

#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstring>
#include <stdexcept>

#include "onnx/shape_inference/implementation.h"

namespace neo::onnx_frontend {

namespace {

// Shapes as bytes: per entry the name's length (u32), the name, the rank (u32), the
// dimensions (i64 each), in native byte order (parent and child are the same binary).
void Put(std::string& out, const void* p, size_t n) {
  out.append(static_cast<const char*>(p), n);
}

std::string Encode(const std::map<std::string, ir::Shape>& shapes) {
  std::string out;
  for (const auto& [name, shape] : shapes) {
    const uint32_t length = static_cast<uint32_t>(name.size());
    const uint32_t rank = static_cast<uint32_t>(shape.size());
    Put(out, &length, 4);
    out += name;
    Put(out, &rank, 4);
    for (int64_t d : shape) Put(out, &d, 8);
  }
  return out;
}

std::map<std::string, ir::Shape> Decode(const std::string& in) {
  std::map<std::string, ir::Shape> shapes;
  size_t at = 0;
  auto take = [&](void* p, size_t n) {
    if (in.size() - at < n) throw std::runtime_error("truncated shapes from the inference child");
    std::memcpy(p, in.data() + at, n);
    at += n;
  };
  while (at < in.size()) {
    uint32_t length = 0, rank = 0;
    take(&length, 4);
    std::string name(length, '\0');
    take(name.data(), length);
    take(&rank, 4);
    ir::Shape shape(rank);
    for (int64_t& d : shape) take(&d, 8);
    shapes[name] = shape;
  }
  return shapes;
}

std::map<std::string, ir::Shape> Infer(onnx::ModelProto& model) {
  std::map<std::string, ir::Shape> shapes;
  onnx::ShapeInferenceOptions options(false, 0, true);
  onnx::shape_inference::InferShapes(model, onnx::OpSchemaRegistry::Instance(), options);
  auto add = [&](const onnx::ValueInfoProto& vi) {
    if (!vi.type().has_tensor_type() || !vi.type().tensor_type().has_shape()) return;
    ir::Shape s;
    for (const auto& d : vi.type().tensor_type().shape().dim()) {
      if (!d.has_dim_value() || d.dim_value() < 0) return;
      s.push_back(d.dim_value());
    }
    shapes[vi.name()] = s;
  };
  for (const auto& vi : model.graph().input()) add(vi);
  for (const auto& vi : model.graph().value_info()) add(vi);
  for (const auto& vi : model.graph().output()) add(vi);
  return shapes;
}

bool WriteAll(int fd, const std::string& bytes) {
  size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    done += static_cast<size_t>(n);
  }
  return true;
}

}  // namespace

std::map<std::string, ir::Shape> InferStaticShapesIsolated(onnx::ModelProto model) {
  int fds[2];
  if (::pipe(fds) != 0) throw std::runtime_error("pipe failed: " + std::string(strerror(errno)));
  const pid_t pid = ::fork();
  if (pid < 0) {
    ::close(fds[0]);
    ::close(fds[1]);
    throw std::runtime_error("fork failed: " + std::string(strerror(errno)));
  }
  // The child infers on its copy-on-write view of `model` rather than a copy of it. The
  // fork still costs: afterwards the parent's first write to each page of its heap
  // faults once (resnet50's compile: 3.3 s in process, 4.0 s with the fork).
  if (pid == 0) {  // the child: infer, send, and leave without running any destructor
    ::close(fds[0]);
    int code = 1;
    try {
      code = WriteAll(fds[1], Encode(Infer(model))) ? 0 : 1;
    } catch (...) {
    }
    ::_exit(code);
  }
  ::close(fds[1]);
  std::string bytes;
  char buffer[1 << 16];
  for (;;) {
    const ssize_t n = ::read(fds[0], buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    bytes.append(buffer, static_cast<size_t>(n));
  }
  ::close(fds[0]);
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) return {};
  return Decode(bytes);
}

}  // namespace neo::onnx_frontend
