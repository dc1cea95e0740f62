#include "core/head_behaviour.h"

#include <algorithm>
#include <cmath>

#include "core/error.h"

namespace tmx {

HeadScores score_head(const Mat& a, const std::vector<int>& ids) {
  const int T = static_cast<int>(a.rows());
  if (a.cols() != T || static_cast<int>(ids.size()) != T) throw Error("score_head: weights must be (T, T) for T ids");
  HeadScores s;
  if (T < 2) return s;
  const int from = T >= 3 ? 2 : 1;
  double prev = 0, first = 0, cur = 0, ent = 0, ind = 0;
  int n_ind = 0;
  for (int i = from; i < T; ++i) prev += a(i, i - 1), first += a(i, 0);
  for (int i = 1; i < T; ++i) {
    cur += a(i, i);
    double h = 0;
    for (int j = 0; j <= i; ++j)
      if (a(i, j) > 0) h -= a(i, j) * std::log(static_cast<double>(a(i, j)));
    ent += h / std::log(static_cast<double>(i + 1));
    double m = 0;
    bool any = false;
    for (int j = 1; j < i; ++j)
      if (ids[j - 1] == ids[i]) m += a(i, j), any = true;
    if (any) ind += m, ++n_ind;
  }
  s.previous = static_cast<float>(prev / (T - from));
  s.first = static_cast<float>(first / (T - from));
  s.current = static_cast<float>(cur / (T - 1));
  s.entropy = static_cast<float>(ent / (T - 1));
  if (n_ind >= kMinInductionQueries) s.induction = static_cast<float>(ind / n_ind);
  const std::pair<float, HeadKind> pats[] = {{s.previous, HeadKind::PreviousToken},
                                             {s.first, HeadKind::FirstToken},
                                             {s.current, HeadKind::CurrentToken},
                                             {s.induction, HeadKind::Induction}};
  const auto best = *std::max_element(std::begin(pats), std::end(pats),
                                      [](const auto& x, const auto& y) { return x.first < y.first; });
  if (best.first >= kHeadThreshold) s.kind = best.second, s.score = best.first;
  else if (s.entropy >= kHeadDiffuse) s.kind = HeadKind::Diffuse, s.score = s.entropy;
  else s.kind = HeadKind::Mixed, s.score = best.first;
  return s;
}

}  // namespace tmx
