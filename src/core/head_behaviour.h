// What an attention head does on a given text, measured from its weights (not guessed):
//
//   HeadScores s = score_head(A, ids);   // A: (T, T) softmax weights of one head, row i = query i
//   s.kind                               // PreviousToken, FirstToken, CurrentToken, Induction, Diffuse, Mixed
//
// Scores, each in [0, 1] (mean over the queries that can show the pattern):
//   previous  mean_i A[i, i-1]                        (i >= 2, so it is not the first token)
//   first     mean_i A[i, 0]                          (i >= 2: a "sink" on the first token)
//   current   mean_i A[i, i]                          (i >= 1)
//   induction mean_i sum_{j in J(i)} A[i, j], J(i) = { 1 <= j < i : ids[j-1] == ids[i] }: the token
//             that followed an earlier occurrence of the current token (the copy step of an
//             induction circuit); only queries with J(i) non-empty count, and at least
//             kMinInductionQueries of them are needed (else -1: the text has no repeats to show it)
//   entropy   mean_i H(A[i, 0..i]) / log(i + 1)       (i >= 1; 1 = uniform over what it may see)
// kind: the largest of previous / first / current / induction when it reaches kThreshold;
// otherwise Diffuse when entropy >= kDiffuse, else Mixed (no single pattern).
#pragma once
#include <vector>

#include "core/tensor.h"

namespace tmx {

enum class HeadKind { PreviousToken, FirstToken, CurrentToken, Induction, Diffuse, Mixed };

struct HeadScores {
  float previous = 0, first = 0, current = 0, induction = -1, entropy = 0;
  HeadKind kind = HeadKind::Mixed;
  float score = 0;  // the score behind kind (entropy for Diffuse, the largest pattern for Mixed)
};

inline constexpr float kHeadThreshold = 0.4f;
inline constexpr float kHeadDiffuse = 0.75f;
inline constexpr int kMinInductionQueries = 2;

HeadScores score_head(const Mat& weights, const std::vector<int>& ids);

}  // namespace tmx
