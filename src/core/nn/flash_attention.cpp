// Blockwise attention with the online softmax (FlashAttention's forward idea), see ops.h.
#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

#include "core/error.h"
#include "core/nn/attention_mask.h"
#include "core/nn/ops.h"

namespace tmx {

template <typename S>
void flash_attention_forward(MatT<S>& out, const MatT<S>& q, const MatT<S>& k, const MatT<S>& v, float scale,
                             const AttnMask& mask, int block_q, int block_k, NoDeduce<VecT<S>>* lse,
                             FlashTrace* trace) {
  if (block_q < 1 || block_k < 1)
    throw Error("flash attention: block sizes must be at least 1 (got " + std::to_string(block_q) + " x " +
                std::to_string(block_k) + ")");
  if (q.cols() != k.cols() || k.rows() != v.rows())
    throw Error("flash attention: q, k, v shapes do not fit (q width must equal k width, k and v rows must match)");
  if (mask.key_pad && static_cast<Eigen::Index>(mask.key_pad->size()) != k.rows())
    throw Error("flash attention: key padding mask has " + std::to_string(mask.key_pad->size()) + " entries for " +
                std::to_string(k.rows()) + " keys");
  const S ninf = -std::numeric_limits<S>::infinity();
  const Eigen::Index Tq = q.rows(), Tk = k.rows(), dv = v.cols();
  const bool has_mask = mask.causal || mask.key_pad;
  out.setZero(Tq, dv);  // each query block's rows hold its acc until the end of the block
  if (lse) lse->resize(Tq);
  if (trace) *trace = FlashTrace{};
  MatT<S> tile;     // (rows, cols) scores, then exp(scores - m_new) in place
  VecT<S> m, l;     // (rows) running max and running sum of the current query block
  for (Eigen::Index q0 = 0; q0 < Tq; q0 += block_q) {
    const Eigen::Index rows = std::min<Eigen::Index>(block_q, Tq - q0);
    m.setConstant(rows, ninf);
    l.setZero(rows);
    auto acc = out.middleRows(q0, rows);  // (rows, dv)
    for (Eigen::Index k0 = 0; k0 < Tk; k0 += block_k) {
      // Every key of this block is in the future of every query of this block: so are all later ones.
      if (mask.causal && k0 > mask.pos0 + q0 + rows - 1) break;
      const Eigen::Index cols = std::min<Eigen::Index>(block_k, Tk - k0);
      tile.noalias() = (q.middleRows(q0, rows) * k.middleRows(k0, cols).transpose()) * S(scale);
      if (has_mask) detail::apply_attn_mask<S>(tile, mask, q0, k0);
      if (trace) trace->peak_values = std::max<int64_t>(trace->peak_values, tile.size() + m.size() + l.size());
      FlashStep* st = nullptr;
      if (trace) {
        trace->steps.emplace_back();
        st = &trace->steps.back();
        st->q0 = static_cast<int>(q0), st->k0 = static_cast<int>(k0);
        st->rows = static_cast<int>(rows), st->cols = static_cast<int>(cols);
      }
      for (Eigen::Index i = 0; i < rows; ++i) {
        const S bmax = tile.row(i).maxCoeff();
        const S m_new = std::max(m(i), bmax);
        // Nothing seen yet but masked keys: nothing to rescale, this row's tile contributes zeros.
        const S alpha = m_new == ninf ? S(1) : std::exp(m(i) - m_new);  // exp(-inf) = 0 on the first real block
        for (Eigen::Index j = 0; j < cols; ++j)
          tile(i, j) = tile(i, j) == ninf ? S(0) : std::exp(tile(i, j) - m_new);
        l(i) = alpha * l(i) + tile.row(i).sum();
        acc.row(i) *= alpha;
        m(i) = m_new;
        if (st) {
          st->block_max.push_back(static_cast<double>(bmax));
          st->m.push_back(static_cast<double>(m_new));
          st->alpha.push_back(static_cast<double>(alpha));
          st->l.push_back(static_cast<double>(l(i)));
        }
      }
      acc.noalias() += tile * v.middleRows(k0, cols);
      if (st) {
        st->partial = acc.template cast<double>();
        for (Eigen::Index i = 0; i < rows; ++i)
          if (l(i) > 0) st->partial.row(i) /= static_cast<double>(l(i));
      }
    }
    for (Eigen::Index i = 0; i < rows; ++i) {
      if (l(i) > 0) acc.row(i) /= l(i);  // l = 0: every key masked, the row stays zero
      if (lse) (*lse)(q0 + i) = l(i) > 0 ? m(i) + std::log(l(i)) : ninf;
    }
  }
}

AttnWorkingMemory attention_working_memory(int64_t Tq, int64_t Tk, int64_t block_q, int64_t block_k) {
  if (Tq < 1 || Tk < 1 || block_q < 1 || block_k < 1)
    throw Error("attention memory: lengths and block sizes must be at least 1");
  const int64_t bq = std::min(block_q, Tq), bk = std::min(block_k, Tk);
  return {Tq * Tk, bq * bk + 2 * bq};
}

#define TMX_INSTANTIATE(S)                                                                                        \
  template void flash_attention_forward<S>(MatT<S>&, const MatT<S>&, const MatT<S>&, const MatT<S>&, float,        \
                                           const AttnMask&, int, int, VecT<S>*, FlashTrace*);
TMX_INSTANTIATE(float)
TMX_INSTANTIATE(double)
#undef TMX_INSTANTIATE

}  // namespace tmx
