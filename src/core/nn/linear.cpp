// Linear layers: torch.nn.Linear (W: out x in) and GPT-2's Conv1D (W: in x out).
#include "core/nn/ops.h"

namespace tmx {

void linear_forward(Mat& y, const Mat& x, const Mat& W, const Mat* b) {
  y.resize(x.rows(), W.rows());  // (N, out)
  y.noalias() = x * W.transpose();
  if (b) y.rowwise() += b->row(0);
}

void linear_backward(Mat* dx, Mat* dW, Mat* db, const Mat& dy, const Mat& x, const Mat& W) {
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

void conv1d_forward(Mat& y, const Mat& x, const Mat& W, const Mat* b) {
  y.resize(x.rows(), W.cols());  // (N, out)
  y.noalias() = x * W;
  if (b) y.rowwise() += b->row(0);
}

void conv1d_backward(Mat* dx, Mat* dW, Mat* db, const Mat& dy, const Mat& x, const Mat& W) {
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

}  // namespace tmx
