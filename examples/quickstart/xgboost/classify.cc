// Classifies one iris flower from its four measurements in cm (sepal length, sepal
// width, petal length, petal width) with the compiled model:
//   bazel run //examples/quickstart/xgboost:classify -- 6.3 3.3 6.0 2.5
// prints the class and its probability, e.g. "virginica 1.00".
#include <cstdio>
#include <cstdlib>

#include "examples/quickstart/xgboost/iris_net.h"

int main(int argc, char** argv) {
  if (argc != 5) {
    std::fprintf(stderr, "usage: %s SEPAL_LENGTH SEPAL_WIDTH PETAL_LENGTH PETAL_WIDTH\n", argv[0]);
    return 2;
  }
  static const char* const kClasses[] = {"setosa", "versicolor", "virginica"};
  float row[4];
  for (int i = 0; i < 4; ++i) row[i] = std::strtof(argv[i + 1], nullptr);
  // Tree ensembles take any number of rows at once; here one. Margins are the raw scores,
  // predictions what Booster.predict gives (softmax of the margins for multi:softprob).
  float margins[quickstart::IrisNet::kNumGroups];
  float probs[quickstart::IrisNet::kPredictionsPerRow];
  quickstart::IrisNet::Predict(row, 1, margins, probs);
  int best = 0;
  for (int c = 1; c < 3; ++c) {
    if (probs[c] > probs[best]) best = c;
  }
  std::printf("%s %.2f\n", kClasses[best], probs[best]);
  return 0;
}
