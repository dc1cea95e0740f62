// Internal to src/core/nn: the attention mask written into a block of scores, shared by the full
// attention (attention.cpp) and the blockwise one (flash_attention.cpp).
#pragma once
#include <limits>

#include "core/nn/ops.h"

namespace tmx::detail {

// Writes -inf into the masked entries of s, a tile of the (Tq, Tk) scores whose first row is query
// row0 and whose first column is key col0: the key is in the future (causal: key j > pos0 + i) or
// padded (key_pad[j] != 0). The whole matrix is the tile at (0, 0).
template <typename S, typename M>
void apply_attn_mask(M&& s, const AttnMask& mask, Eigen::Index row0 = 0, Eigen::Index col0 = 0) {
  const S ninf = -std::numeric_limits<S>::infinity();
  for (Eigen::Index i = 0; i < s.rows(); ++i) {
    for (Eigen::Index j = 0; j < s.cols(); ++j) {
      const bool future = mask.causal && col0 + j > mask.pos0 + row0 + i;
      const bool pad = mask.key_pad && (*mask.key_pad)[col0 + j];
      if (future || pad) s(i, j) = ninf;
    }
  }
}

}  // namespace tmx::detail
