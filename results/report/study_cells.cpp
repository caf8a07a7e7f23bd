#include "results/report/study_cells.h"

#include <algorithm>
#include <cctype>

namespace lnc::results {
namespace {

std::string normalised(std::string s) {
  for (char& c : s) c = c == '_' ? '-' : static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

int task_number(const std::string& task) {
  const std::string t = normalised(task);
  if (t == "task1" || t == "easy" || t == "prom-300-notata") return 1;
  if (t == "task2" || t == "basic") return 2;
  if (t == "task3" || t == "medium") return 3;
  if (t == "task4" || t == "hard") return 4;
  return 0;
}

// k of a DNABERT v1 label, 0 if the label is not DNABERT v1.
int dnabert_k(const std::string& label, long run_k) {
  if (label == "dnabert" || label == "dnabert1") return run_k >= 3 && run_k <= 6 ? static_cast<int>(run_k) : 0;
  for (int k = 3; k <= 6; ++k)
    if (label == "dnabert-" + std::to_string(k) + "mer" || label == "dnabert" + std::to_string(k)) return k;
  return 0;
}

}  // namespace

std::optional<StudyCell> study_cell(const RunRecord& run) {
  StudyCell cell;
  cell.task = task_number(run.task);
  if (cell.task == 0) return std::nullopt;
  cell.length = run.length > 0 ? run.length : (cell.task <= 2 ? 300 : 0);
  const std::string label = normalised(run.model);
  if (label == "lr-tfidf" || label == "lr") cell.model = StudyModel::kLogisticRegression;
  else if (label == "nt-500m-human" || label == "nt-500m" || label == "nt-500m-human-ref")
    cell.model = StudyModel::kNt500mHuman;
  else if (label == "dnabert2" || label == "dnabert-2") cell.model = StudyModel::kDnabert2;
  else if (label == "dnabert-3mer-chunked") cell.model = StudyModel::kDnabert3merChunked;
  else {
    cell.dnabert_k = dnabert_k(label, static_cast<long>(run.k));
    if (cell.dnabert_k == 3) cell.model = StudyModel::kDnabert3mer;
  }
  return cell;
}

std::string study_model_label(StudyModel model) {
  switch (model) {
    case StudyModel::kLogisticRegression: return "LR";
    case StudyModel::kNt500mHuman: return "NT-500M-human";
    case StudyModel::kDnabert2: return "DNABERT-2";
    case StudyModel::kDnabert3mer: return "DNABERT (3-mer)";
    case StudyModel::kDnabert3merChunked: return "DNABERT (3-mer, chunked)";
  }
  return "";
}

}  // namespace lnc::results
