// Linear layers: torch.nn.Linear (W: out x in) and GPT-2's Conv1D (W: in x out).
#include "core/nn/ops.h"

namespace tmx {

template <typename S>
void linear_forward(MatT<S>& y, const MatT<S>& x, const MatT<S>& W, const NoDeduce<MatT<S>>* b) {
  y.resize(x.rows(), W.rows());  // (N, out)
  y.noalias() = x * W.transpose();
  if (b) y.rowwise() += b->row(0);
}

template <typename S>
void linear_backward(NoDeduce<MatT<S>>* dx, NoDeduce<MatT<S>>* dW, NoDeduce<MatT<S>>* db, const MatT<S>& dy,
                     const MatT<S>& x, const MatT<S>& W) {
  if (dx) {
    grad_init(*dx, x.rows(), x.cols());
    dx->noalias() += dy * W;  // (N, in)
  }
  if (dW) {
    grad_init(*dW, W.rows(), W.cols());
    dW->noalias() += dy.transpose() * x;  // (out, in)
  }
  if (db) {
    grad_init(*db, 1, W.rows());
    *db += dy.colwise().sum();
  }
}

template <typename S>
void conv1d_forward(MatT<S>& y, const MatT<S>& x, const MatT<S>& W, const NoDeduce<MatT<S>>* b) {
  y.resize(x.rows(), W.cols());  // (N, out)
  y.noalias() = x * W;
  if (b) y.rowwise() += b->row(0);
}

template <typename S>
void conv1d_backward(NoDeduce<MatT<S>>* dx, NoDeduce<MatT<S>>* dW, NoDeduce<MatT<S>>* db, const MatT<S>& dy,
                     const MatT<S>& x, const MatT<S>& W) {
  if (dx) {
    grad_init(*dx, x.rows(), x.cols());
    dx->noalias() += dy * W.transpose();  // (N, in)
  }
  if (dW) {
    grad_init(*dW, W.rows(), W.cols());
    dW->noalias() += x.transpose() * dy;  // (in, out)
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

}  // namespace tmx
