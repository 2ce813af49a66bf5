// The interface every generated model class implements, so that generic code (the
// golden tests, the benchmark, applications that load several models) can drive any
// compiled model. Generated classes add typed, named accessors and constexpr shapes.
#ifndef NEO_KERNELS_MODEL_H_
#define NEO_KERNELS_MODEL_H_

#include <cstddef>
#include <cstdint>

namespace neo {

// kBytes: an encoded input (a JPEG's bytes, TensorFlow's DT_STRING scalar), held by
// reference as one neo::Bytes; see Model::run_status().
enum class ElementType { kFloat32, kInt64, kInt32, kBool, kUInt8, kInt8, kBytes };

// The element of a kBytes input: bytes the caller owns and keeps unchanged until Run()
// returns. Run() only reads them and keeps no pointer past its return.
struct Bytes {
  const void* data = nullptr;
  size_t size = 0;
};

// The outcome of a Run(): ok, or why an input was rejected.
class Status {
 public:
  Status() = default;  // ok
  explicit Status(const char* message) : message_(message) {}
  bool ok() const { return message_ == nullptr; }
  // "" when ok. The text belongs to the model and is valid until its next Run().
  const char* message() const { return message_ ? message_ : ""; }

 private:
  const char* message_ = nullptr;
};

struct TensorInfo {
  const char* name;         // as the source model names it
  ElementType type;
  int rank;
  const int64_t* shape;     // `rank` dimensions, in the source framework's layout
  size_t num_elements;
  size_t byte_size;
  // What the dimensions are, outermost first: "NCHW", "NHWC" (also "NCW", "NCDHW", ...)
  // for images, "row-major" for other dense tensors, "encoded" for kBytes; "" if unknown.
  const char* layout = "";
};

class Model {
 public:
  virtual ~Model() = default;

  virtual int num_inputs() const = 0;
  virtual int num_outputs() const = 0;
  virtual const TensorInfo& input_info(int index) const = 0;
  virtual const TensorInfo& output_info(int index) const = 0;

  // Where to write input `index` before Run(); it keeps its contents across runs.
  virtual void* input_buffer(int index) = 0;
  // Where Run() leaves output `index`; valid until the next Run().
  virtual const void* output_buffer(int index) const = 0;

  // Computes the outputs from the inputs. Allocates nothing and may be called any
  // number of times, from one thread at a time. (Models with kBytes inputs are the
  // exception: libjpeg allocates its decoder's working memory.)
  virtual void Run() = 0;

  // Whether the last Run() could use its inputs. Only kBytes inputs (JPEG bytes) are
  // checked at run time: bytes that do not decode as a JPEG (corrupt, truncated, CMYK),
  // or decode to another size than the input's compiled image shape, make it not ok.
  // Run() still returns normally and writes nothing but the model's own buffers; the
  // outputs are then unspecified and the model stays usable for the next Run(). Models
  // without kBytes inputs are always ok.
  virtual Status run_status() const { return Status(); }

  // Models whose first dimension is free (tree ensembles: any number of rows) resize
  // their buffers to `rows` and return true; the infos' shapes follow. Allocates; not
  // part of Run(). Fixed-shape models return false.
  virtual bool set_batch_size(int64_t rows) {
    (void)rows;
    return false;
  }

  // Profiling. Run() does exactly what BeginRun() followed by RunStep(0) ...
  // RunStep(num_steps() - 1) does; each step is one kernel, described by step_name(i)
  // ("Conv2D 3x3/1 64->64 56x56 [onednn] /layer1/conv1"). Same thread rules as Run().
  virtual int num_steps() const { return 0; }
  virtual const char* step_name(int index) const {
    (void)index;
    return "";
  }
  // The kernel that step i runs, as chosen when the model was constructed on this CPU
  // (Conv2D::implementation(): "brgconv:avx512_core", "neo_pointwise_1x1:avx512", ...);
  // step_name's [backend] is the compiler's choice, the same on every machine. "" for
  // steps without such a name.
  virtual const char* step_implementation(int index) const {
    (void)index;
    return "";
  }
  virtual void BeginRun() {}
  virtual void RunStep(int index) { (void)index; }

  // Index of the input/output called `name`, or -1.
  int input_index(const char* name) const;
  int output_index(const char* name) const;
};

}  // namespace neo

#endif  // NEO_KERNELS_MODEL_H_
