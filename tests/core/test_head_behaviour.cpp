// Head labels from measured attention weights: each pattern built by hand is recognised with its
// exact score, and thresholds decide between a pattern, "diffuse" and "mixed".
#include <catch2/catch.hpp>

#include "core/error.h"
#include "core/head_behaviour.h"

using namespace tmx;

namespace {
Mat causal_uniform(int T) {
  Mat a = Mat::Zero(T, T);
  for (int i = 0; i < T; ++i)
    for (int j = 0; j <= i; ++j) a(i, j) = 1.0f / static_cast<float>(i + 1);
  return a;
}
}  // namespace

TEST_CASE("score_head recognises hand-built previous-token, first-token and current-token heads", "[core][heads]") {
  const int T = 8;
  const std::vector<int> ids = {1, 2, 3, 4, 5, 6, 7, 8};
  Mat prev = Mat::Zero(T, T), first = Mat::Zero(T, T), cur = Mat::Zero(T, T);
  prev(0, 0) = 1, first(0, 0) = 1, cur(0, 0) = 1;
  for (int i = 1; i < T; ++i) prev(i, i - 1) = 1, first(i, 0) = 1, cur(i, i) = 1;
  HeadScores s = score_head(prev, ids);
  CHECK(s.kind == HeadKind::PreviousToken);
  CHECK(s.previous == Approx(1.0f));
  CHECK(s.first == Approx(0.0f));
  CHECK(s.entropy == Approx(0.0f));
  CHECK(s.induction == -1.0f);  // no repeated token: induction cannot be measured
  s = score_head(first, ids);
  CHECK(s.kind == HeadKind::FirstToken);
  CHECK(s.first == Approx(1.0f));
  s = score_head(cur, ids);
  CHECK(s.kind == HeadKind::CurrentToken);
  CHECK(s.current == Approx(1.0f));
}

TEST_CASE("score_head: uniform weights are diffuse, weak mixtures are mixed", "[core][heads]") {
  const std::vector<int> ids = {1, 2, 3, 4, 5, 6};
  HeadScores s = score_head(causal_uniform(6), ids);
  CHECK(s.kind == HeadKind::Diffuse);
  CHECK(s.entropy == Approx(1.0f));
  // A head that looks two tokens back (0.6), with 0.2 on the previous token and 0.2 on itself: no
  // labelled pattern reaches the 0.4 threshold and the rows are far from uniform.
  Mat m = Mat::Zero(6, 6);
  m(0, 0) = 1;
  m(1, 0) = 0.9f, m(1, 1) = 0.1f;
  for (int i = 2; i < 6; ++i) m(i, i - 2) = 0.6f, m(i, i - 1) = 0.2f, m(i, i) = 0.2f;
  s = score_head(m, ids);
  CHECK(s.previous == Approx(0.2f));
  CHECK(s.first == Approx(0.15f));
  CHECK(s.kind == HeadKind::Mixed);
  CHECK(s.entropy < kHeadDiffuse);
}

TEST_CASE("score_head finds an induction head on a repeated sequence", "[core][heads]") {
  // a b c d a b c d: on the second half, query i attends to the token after the previous
  // occurrence of ids[i] (i - 3), the copy step of an induction circuit.
  const std::vector<int> ids = {10, 11, 12, 13, 10, 11, 12, 13};
  const int T = 8;
  Mat a = Mat::Zero(T, T);
  for (int i = 0; i < T; ++i) {
    if (i >= 4) a(i, i - 3) = 0.9f, a(i, 0) += 0.1f;
    else a(i, 0) = 1.0f;
  }
  const HeadScores s = score_head(a, ids);
  CHECK(s.induction == Approx(0.9f));
  CHECK(s.kind == HeadKind::Induction);
  CHECK(s.score == Approx(0.9f));
  CHECK_THROWS_AS(score_head(Mat::Zero(3, 3), {1, 2}), Error);
}
