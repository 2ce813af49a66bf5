"""The torchvision classifiers //testdata exports (tools/testdata/export_torchvision.py),
by name, with the C++ class each is compiled to in //testdata/models."""

# The four every suite uses: golden, two-thread, allocation-free and target tests.
TORCHVISION_MODELS = {
    "squeezenet1_1": "vision::SqueezeNet11",
    "mobilenet_v2": "vision::MobileNetV2",
    "resnet18": "vision::ResNet18",
    "resnet50": "vision::ResNet50",
}

# More classifiers, made the same way: the performance benchmark covers them beside the
# four (//testdata/models:benchmark_all), and their golden tests run too.
MORE_CLASSIFIERS = {
    "efficientnet_b0": "vision::EfficientNetB0",
    "densenet121": "vision::DenseNet121",
    "shufflenet_v2_x1_0": "vision::ShuffleNetV2",
    "mobilenet_v3_large": "vision::MobileNetV3Large",
    "mnasnet1_0": "vision::MnasNet10",
    "regnet_y_400mf": "vision::RegNetY400MF",
    "googlenet": "vision::GoogLeNet",
    "resnext50_32x4d": "vision::ResNeXt50",
}
