// The interface every generated model class implements, so that generic code (the
// golden tests, the benchmark, applications that load several models) can drive any
// compiled model. Generated classes add typed, named accessors and constexpr shapes.
#ifndef NEO_KERNELS_MODEL_H_
#define NEO_KERNELS_MODEL_H_

#include <cstddef>
#include <cstdint>

namespace neo {

enum class ElementType { kFloat32, kInt64, kInt32, kBool, kUInt8, kInt8 };

struct TensorInfo {
  const char* name;         // as the source model names it
  ElementType type;
  int rank;
  const int64_t* shape;     // `rank` dimensions, in the source framework's layout
  size_t num_elements;
  size_t byte_size;
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
  // number of times, from one thread at a time.
  virtual void Run() = 0;

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
  virtual void BeginRun() {}
  virtual void RunStep(int index) { (void)index; }

  // Index of the input/output called `name`, or -1.
  int input_index(const char* name) const;
  int output_index(const char* name) const;
};

}  // namespace neo

#endif  // NEO_KERNELS_MODEL_H_
