#pragma once
// Classes of a labeled dataset. Labels are class ids 0..C-1 with C = 1 + the largest training label; decided here
// (the issue leaves it open) as what a classifier needs: every class must have training examples (an empty class
// would be a logit the model can never learn, and its MCC/F1 meaningless), there must be at least two, and a
// dev/test label must be one of the training classes (a larger one would index past the classifier's logits).
// dev/test may lack a class (small evaluation files).
#include "data/sequences/labeled_csv.h"

namespace lnc::data {

// Throws InputError naming the file and key 'label' (and the line of a bad label); returns C.
int require_every_class_present(const LabeledSequences& train);

// Throws InputError naming the file and line of the first label >= num_classes.
void require_known_classes(const LabeledSequences& rows, int num_classes);

}  // namespace lnc::data
