#include "kernels/model.h"

#include <cstring>

namespace neo {

int Model::input_index(const char* name) const {
  for (int i = 0; i < num_inputs(); ++i) {
    if (std::strcmp(input_info(i).name, name) == 0) return i;
  }
  return -1;
}

int Model::output_index(const char* name) const {
  for (int i = 0; i < num_outputs(); ++i) {
    if (std::strcmp(output_info(i).name, name) == 0) return i;
  }
  return -1;
}

}  // namespace neo
