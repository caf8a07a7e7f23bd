// TF-IDF features against scikit-learn 1.9.1:
//   TfidfVectorizer(tokenizer=<overlapping 3-mers>, token_pattern=None, lowercase=False, ngram_range=(1, 2))
//   fit on ["ACGTACG", "ACGAC", "TTTTT"]; the expected numbers below are its output (repr of the floats).
#include "trainer/baseline/tfidf_vectorizer.h"

#include <gtest/gtest.h>

#include <cmath>

namespace lnc::trainer {
namespace {

TfidfVectorizer fitted(SparseMatrix& rows) {
  TfidfVectorizer v(TfidfConfig{3, 1, 2});
  rows = v.fit_transform({"ACGTACG", "ACGAC", "TTTTT"});
  return v;
}

TEST(TfidfVectorizer, VocabularyIsSortedTermsAndSmoothIdf) {
  SparseMatrix rows;
  TfidfVectorizer v = fitted(rows);
  const std::vector<std::string> expected{"ACG",     "ACG CGA", "ACG CGT", "CGA", "CGA GAC", "CGT",     "CGT GTA",
                                          "GAC",     "GTA",     "GTA TAC", "TAC", "TAC ACG", "TTT",     "TTT TTT"};
  ASSERT_EQ(v.num_features(), expected.size());
  for (std::size_t i = 0; i < expected.size(); ++i) EXPECT_EQ(v.term(i), expected[i]);
  EXPECT_NEAR(v.idf(0), std::log(4.0 / 3.0) + 1, 1e-15);  // ACG: df 2 of 3 documents
  EXPECT_NEAR(v.idf(13), std::log(4.0 / 2.0) + 1, 1e-15);
}

TEST(TfidfVectorizer, RowsMatchScikitLearn) {
  SparseMatrix rows;
  TfidfVectorizer v = fitted(rows);
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0].index, (std::vector<std::int32_t>{0, 2, 5, 6, 8, 9, 10, 11}));
  EXPECT_NEAR(rows[0].value[0], 0.4984082163022241, 1e-15);  // ACG occurs twice
  for (std::size_t i = 1; i < 8; ++i) EXPECT_NEAR(rows[0].value[i], 0.3276734545947569, 1e-15);
  EXPECT_EQ(rows[1].index, (std::vector<std::int32_t>{0, 1, 3, 4, 7}));
  EXPECT_NEAR(rows[1].value[0], 0.35543246785041743, 1e-15);
  EXPECT_NEAR(rows[1].value[4], 0.4673509818107163, 1e-15);
  // TTTTT: TTT x3, "TTT TTT" x2, same idf -> 3/sqrt(13), 2/sqrt(13)
  EXPECT_EQ(rows[2].index, (std::vector<std::int32_t>{12, 13}));
  EXPECT_NEAR(rows[2].value[0], 0.8320502943378437, 1e-15);
  EXPECT_NEAR(rows[2].value[1], 0.5547001962252291, 1e-15);
}

TEST(TfidfVectorizer, TransformIgnoresUnseenTermsAndKeepsEmptyRows) {
  SparseMatrix rows;
  TfidfVectorizer v = fitted(rows);
  SparseMatrix t = v.transform({"ACGTT", "GG"});
  // ACGTT: ACG, CGT, "ACG CGT" known; GTT and "CGT GTT" unseen
  EXPECT_EQ(t[0].index, (std::vector<std::int32_t>{0, 2, 5}));
  EXPECT_NEAR(t[0].value[0], 0.4736296010332684, 1e-15);
  EXPECT_NEAR(t[0].value[1], 0.6227660078332259, 1e-15);
  EXPECT_TRUE(t[1].index.empty());  // shorter than k: no words, an all-zero row
}

TEST(TfidfVectorizer, AnalyzerOrderAndValidation) {
  TfidfVectorizer v(TfidfConfig{2, 1, 3});
  EXPECT_EQ(v.analyze("ACGT"), (std::vector<std::string>{"AC", "CG", "GT", "AC CG", "CG GT", "AC CG GT"}));
  EXPECT_THROW(TfidfVectorizer(TfidfConfig{0, 1, 1}), std::invalid_argument);
  EXPECT_THROW(TfidfVectorizer(TfidfConfig{3, 2, 1}), std::invalid_argument);
  EXPECT_THROW(v.transform({"ACGT"}), std::logic_error);
}

}  // namespace
}  // namespace lnc::trainer
