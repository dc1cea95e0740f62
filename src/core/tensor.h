// Core tensor conventions (read this before adding an op).
//
// - float32, row-major. A (T, C) activation is a Mat with T rows and C columns; a batch of
//   sequences (B, T, C) is stored as a Mat of (B*T, C) rows, batch-major.
// - Every buffer carries a shape comment: `Mat q;  // (T, n_head*head_dim)`.
// - Ops are free functions `op_forward(...)` / `op_backward(...)`; gradients are prefixed `d`
//   (dx, dW) and backward functions *accumulate* into parameter gradients (+=), like llm.c.
// - Pure math only: no ImGui, SDL or GL anywhere under src/core.
#pragma once
#include <Eigen/Core>
#include <cstdint>
#include <vector>

namespace tmx {

using Mat = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
using Vec = Eigen::VectorXf;
using RowVec = Eigen::Matrix<float, 1, Eigen::Dynamic>;
using MatD = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
using MatMap = Eigen::Map<Mat>;
using ConstMatMap = Eigen::Map<const Mat>;

// Rows of the Mat that holds a checkpoint tensor of shape `s`: (rows, cols) as is, a 1-D (n) as
// one row of n.
inline Eigen::Index rows_of(const std::vector<int64_t>& s) { return s.size() == 2 ? s[0] : 1; }

}  // namespace tmx
