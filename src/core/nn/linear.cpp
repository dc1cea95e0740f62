// Linear layers: torch.nn.Linear (W: out x in) and GPT-2's Conv1D (W: in x out). The products go
// through matmul (core/nn/gemm.h): the wasm SIMD kernel for float in web builds, Eigen elsewhere.
#include "core/nn/gemm.h"
#include "core/nn/ops.h"

namespace tmx {

template <typename S>
void linear_forward(MatT<S>& y, const MatT<S>& x, const MatT<S>& W, const NoDeduce<MatT<S>>* b) {
  y.resize(x.rows(), W.rows());  // (N, out)
  matmul<false, true>(y, x, W, false);  // x W^T
  if (b) y.rowwise() += b->row(0);
}

template <typename S>
void linear_backward(NoDeduce<MatT<S>>* dx, NoDeduce<MatT<S>>* dW, NoDeduce<MatT<S>>* db, const MatT<S>& dy,
                     const MatT<S>& x, const MatT<S>& W) {
  if (dx) {
    grad_init(*dx, x.rows(), x.cols());
    matmul<false, false>(*dx, dy, W, true);  // += dy W, (N, in)
  }
  if (dW) {
    grad_init(*dW, W.rows(), W.cols());
    matmul<true, false>(*dW, dy, x, true);  // += dy^T x, (out, in)
  }
  if (db) {
    grad_init(*db, 1, W.rows());
    *db += dy.colwise().sum();
  }
}

template <typename S>
void conv1d_forward(MatT<S>& y, const MatT<S>& x, const MatT<S>& W, const NoDeduce<MatT<S>>* b) {
  y.resize(x.rows(), W.cols());  // (N, out)
  matmul<false, false>(y, x, W, false);  // x W
  if (b) y.rowwise() += b->row(0);
}

template <typename S>
void conv1d_backward(NoDeduce<MatT<S>>* dx, NoDeduce<MatT<S>>* dW, NoDeduce<MatT<S>>* db, const MatT<S>& dy,
                     const MatT<S>& x, const MatT<S>& W) {
  if (dx) {
    grad_init(*dx, x.rows(), x.cols());
    matmul<false, true>(*dx, dy, W, true);  // += dy W^T, (N, in)
  }
  if (dW) {
    grad_init(*dW, W.rows(), W.cols());
    matmul<true, false>(*dW, x, dy, true);  // += x^T dy, (in, out)
  }
  if (db) {
    grad_init(*db, 1, W.cols());
    *db += dy.colwise().sum();
  }
}

#define TMX_INSTANTIATE(S)                                                                                    \
  template void linear_forward<S>(MatT<S>&, const MatT<S>&, const MatT<S>&, const MatT<S>*);                  \
  template void linear_backward<S>(MatT<S>*, MatT<S>*, MatT<S>*, const MatT<S>&, const MatT<S>&, const MatT<S>&); \
  template void conv1d_forward<S>(MatT<S>&, const MatT<S>&, const MatT<S>&, const MatT<S>*);                  \
  template void conv1d_backward<S>(MatT<S>*, MatT<S>*, MatT<S>*, const MatT<S>&, const MatT<S>&, const MatT<S>&);
TMX_INSTANTIATE(float)
TMX_INSTANTIATE(double)
#undef TMX_INSTANTIATE

}  // namespace tmx
