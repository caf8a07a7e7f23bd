#include "data/datasets/class_coverage.h"

#include <algorithm>
#include <string>
#include <vector>

#include "base/input_error.h"

namespace lnc::data {

int require_every_class_present(const LabeledSequences& train) {
  if (train.labels.empty()) throw InputError(train.path, 0, "label", "no examples");
  const auto largest = std::max_element(train.labels.begin(), train.labels.end());
  // Labels are class ids: a huge one would mean millions of empty classes; name its line.
  constexpr std::int32_t kMaxClasses = 1 << 16;
  if (*largest >= kMaxClasses)
    throw InputError(train.path, train.lines.empty() ? 0 : train.lines[static_cast<size_t>(largest - train.labels.begin())],
                     "label", "label " + std::to_string(*largest) + " is not a class id (at most " +
                                  std::to_string(kMaxClasses - 1) + ")");
  const int num_classes = *largest + 1;
  std::vector<long> count(static_cast<size_t>(num_classes), 0);
  for (auto label : train.labels) ++count[static_cast<size_t>(label)];
  std::string empty;
  for (int c = 0; c < num_classes; ++c)
    if (count[static_cast<size_t>(c)] == 0) empty += (empty.empty() ? "" : ", ") + std::to_string(c);
  if (!empty.empty())
    throw InputError(train.path, 0, "label", "class " + empty + " of 0.." + std::to_string(num_classes - 1) +
                                                 " has no training examples (labels must be 0..C-1, each present)");
  if (num_classes < 2)
    throw InputError(train.path, 0, "label", "every example has label 0: a classifier needs at least two classes");
  return num_classes;
}

void require_known_classes(const LabeledSequences& rows, int num_classes) {
  for (size_t i = 0; i < rows.labels.size(); ++i)
    if (rows.labels[i] >= num_classes)
      throw InputError(rows.path, i < rows.lines.size() ? rows.lines[i] : 0, "label",
                       "label " + std::to_string(rows.labels[i]) + " is not a class of the training file (0.." +
                           std::to_string(num_classes - 1) + ")");
}

}  // namespace lnc::data
