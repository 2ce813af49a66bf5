// The entry point of libneo_pytorch_frontend.so (see plugin_api.h).
#include "compiler/frontends/pytorch/plugin_api.h"

extern "C" __attribute__((visibility("default"))) const neo::pytorch_frontend::PluginApi*
neo_pytorch_frontend_plugin() {
  static const neo::pytorch_frontend::PluginApi api = {
      neo::pytorch_frontend::kPluginApiVersion, &neo::pytorch_frontend::LoadPytorchModel,
      &neo::pytorch_frontend::PytorchOperators};
  return &api;
}
