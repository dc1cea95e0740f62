#include "core/ssm/hidden_attention.h"

#include <cmath>

#include "core/ssm/check.h"

namespace tmx::ssm {

Mat hidden_attention_channel(const float* delta, const float* A, const Mat& B, const Mat& C) {
  const int L = (int)B.rows(), N = (int)B.cols();
  ssm_check(C.rows() == L && C.cols() == N, "hidden attention: B and C must both be (L, N)");
  Mat alpha = Mat::Zero(L, L);  // (L, L)
  std::vector<float> a_bar((size_t)L * N);  // Ā_t = exp(Δ_t A), once per step (not once per (s, t) pair)
  for (int t = 0; t < L; ++t)
    for (int n = 0; n < N; ++n) a_bar[(size_t)t * N + n] = std::exp(delta[t] * A[n]);
  std::vector<float> P(N);      // (N) Π_{k=s+1..t} Ā_k, grown one step at a time
  for (int s = 0; s < L; ++s) {
    for (int n = 0; n < N; ++n) P[n] = delta[s] * B(s, n);  // B̄_s
    for (int t = s; t < L; ++t) {
      if (t > s)
        for (int n = 0; n < N; ++n) P[n] *= a_bar[(size_t)t * N + n];  // · Ā_t
      float acc = 0;
      for (int n = 0; n < N; ++n) acc += C(t, n) * P[n];
      alpha(t, s) = acc;  // C_t · (Π Ā) · B̄_s
    }
  }
  return alpha;
}

// B or C of the block (columns `col0`.. of x_dbl) as (L, N).
static Mat bc_of(const MambaConfig& c, const MambaBlockCache& k, int col0) {
  return k.x_dbl.middleCols(col0, c.d_state);
}

Mat hidden_attention(const MambaConfig& c, const MambaBlockCache& k, int e) {
  ssm_check(k.batch == 1, "hidden attention: needs a batch-1 forward");
  ssm_check(e >= 0 && e < c.d_inner(), "hidden attention: channel out of range");
  const int L = k.len, R = c.rank(), N = c.d_state;
  const float* delta = k.scan.delta.data() + (size_t)e * L;  // (L) Δ of channel e (scan layout (1, E, L))
  if (c.lti) {  // LTI ablation: channel e's fixed B and C rows (the cache's Fixed (E, N) scan inputs) at every step
    const Mat B = Eigen::Map<const RowVec>(k.s_B.data() + (size_t)e * N, N).replicate(L, 1);
    const Mat C = Eigen::Map<const RowVec>(k.s_C.data() + (size_t)e * N, N).replicate(L, 1);
    return hidden_attention_channel(delta, k.A.data() + (size_t)e * N, B, C);
  }
  return hidden_attention_channel(delta, k.A.data() + (size_t)e * N, bc_of(c, k, R), bc_of(c, k, R + N));
}

void hidden_attention_accumulate(const MambaConfig& c, const MambaBlockCache& k, int e0, int e1, ChannelCombine how,
                                 Mat& sum) {
  ssm_check(k.batch == 1, "hidden attention: needs a batch-1 forward");
  ssm_check(0 <= e0 && e0 <= e1 && e1 <= c.d_inner(), "hidden attention: channel range out of range");
  if (sum.rows() != k.len || sum.cols() != k.len) sum = Mat::Zero(k.len, k.len);  // (L, L)
  for (int e = e0; e < e1; ++e) {
    const Mat a = hidden_attention(c, k, e);
    if (how == ChannelCombine::MeanAbs)
      sum += a.cwiseAbs();
    else
      sum += a;
  }
}

Mat hidden_attention_combined(const MambaConfig& c, const MambaBlockCache& k, ChannelCombine how) {
  Mat sum;
  hidden_attention_accumulate(c, k, 0, c.d_inner(), how, sum);
  return sum / (float)c.d_inner();
}

Mat row_normalize(const Mat& a) {
  Mat r = a;
  for (Eigen::Index i = 0; i < r.rows(); ++i) {
    const float s = r.row(i).cwiseAbs().sum();
    if (s > 0) r.row(i) /= s;
  }
  return r;
}

}  // namespace tmx::ssm
