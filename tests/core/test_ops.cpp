// Every op of src/core/nn, two independent checks:
//  - float32 forward and all gradients vs PyTorch goldens (float64 references of the same
//    float32 inputs): max relative error <= 1e-4;
//  - the double instantiation of the same op: analytic gradients vs central finite differences
//    in double (h = 1e-5): relative error <= 1e-6.
#include <catch2/catch.hpp>

#include "core/error.h"
#include "core/nn/ops.h"
#include "golden_util.h"

using namespace tmx;
using namespace tmx::test;

static const SafeTensors& ops() {
  static const SafeTensors st = SafeTensors::from_file(golden("transformer/ops.safetensors"));
  return st;
}
static Mat G(const std::string& n) { return ops().get(n); }
static MatD D(const std::string& n) { return ops().get(n).cast<double>(); }
static constexpr double kTol = 1e-4;    // float32 vs PyTorch
static constexpr double kFdTol = 1e-6;  // double vs finite differences in double
static constexpr double kH = 1e-5;      // finite-difference step

TEST_CASE("embedding and learned positions match PyTorch and finite differences", "[core][ops]") {
  const std::vector<int> ids = to_ids(G("embedding.ids"));
  {
    Mat W = G("embedding.W"), dy = G("embedding.dy"), y;
    embedding_forward(y, ids, W);
    CHECK_REL(y, G("embedding.y"), kTol);
    Mat dW = Mat::Zero(W.rows(), W.cols());
    embedding_backward(dW, dy, ids);
    CHECK_REL(dW, G("embedding.dW"), kTol);  // id 3 appears twice: gradients sum
    CHECK_THROWS_WITH(embedding_forward(y, {1, 7}, W), Catch::Contains("token id 7"));
  }
  {
    MatD W = D("embedding.W"), dy = D("embedding.dy"), dW = MatD::Zero(W.rows(), W.cols());
    embedding_backward(dW, dy, ids);
    CHECK(fd_err(W, dW, [&] { MatD o; embedding_forward(o, ids, W); return dot(o, dy); }, kH) < kFdTol);
  }
  Mat P = G("posemb.W"), y;
  positional_embedding_forward(y, 4, 2, P);
  CHECK_REL(y, G("posemb.y"), kTol);
  Mat dP = Mat::Zero(P.rows(), P.cols());
  positional_embedding_backward(dP, G("posemb.dy"), 2);
  CHECK_REL(dP, G("posemb.dW"), kTol);
  CHECK_THROWS_AS(positional_embedding_forward(y, 9, 2, P), Error);
  MatD PD = D("posemb.W"), pdy = D("posemb.dy"), dPD = MatD::Zero(PD.rows(), PD.cols());
  positional_embedding_backward(dPD, pdy, 2);
  CHECK(fd_err(PD, dPD, [&] { MatD o; positional_embedding_forward(o, 4, 2, PD); return dot(o, pdy); }, kH) < kFdTol);
}

TEST_CASE("sinusoidal encoding matches PyTorch", "[core][ops]") {
  CHECK_REL(sinusoidal_encoding(6, 8), G("sinusoidal.y"), kTol);
}

TEST_CASE("RoPE (rotate-half) matches HF LLaMA and its backward is the inverse rotation", "[core][ops]") {
  Mat x = G("rope.x"), y, dx;
  rope_forward(y, x, 2, 6, 3, 10000.0);
  CHECK_REL(y, G("rope.y"), kTol);
  rope_backward(dx, G("rope.dy"), 2, 6, 3, 10000.0);
  CHECK_REL(dx, G("rope.dx"), kTol);
  CHECK(y.norm() == Approx(x.norm()).epsilon(1e-5));  // a rotation keeps each pair's length

  MatD xd = D("rope.x"), dy = D("rope.dy"), dxd;
  rope_backward(dxd, dy, 2, 6, 3, 10000.0);
  CHECK(fd_err(xd, dxd, [&] { MatD o; rope_forward(o, xd, 2, 6, 3, 10000.0); return dot(o, dy); }, kH) < kFdTol);
}

TEST_CASE("linear and Conv1D match PyTorch and finite differences", "[core][ops]") {
  for (const std::string n : {"linear", "conv1d"}) {
    INFO(n);
    const bool conv = n == "conv1d";
    Mat x = G(n + ".x"), W = G(n + ".W"), b = G(n + ".b"), dy = G(n + ".dy"), y, dx, dW, db;
    if (conv) conv1d_forward(y, x, W, &b);
    else linear_forward(y, x, W, &b);
    CHECK_REL(y, G(n + ".y"), kTol);
    if (conv) conv1d_backward(&dx, &dW, &db, dy, x, W);
    else linear_backward(&dx, &dW, &db, dy, x, W);
    CHECK_REL(dx, G(n + ".dx"), kTol);
    CHECK_REL(dW, G(n + ".dW"), kTol);
    CHECK_REL(db, G(n + ".db"), kTol);

    MatD xd = D(n + ".x"), Wd = D(n + ".W"), bd = D(n + ".b"), dyd = D(n + ".dy"), dxd, dWd, dbd;
    if (conv) conv1d_backward(&dxd, &dWd, &dbd, dyd, xd, Wd);
    else linear_backward(&dxd, &dWd, &dbd, dyd, xd, Wd);
    auto loss = [&] {
      MatD o;
      if (conv) conv1d_forward(o, xd, Wd, &bd);
      else linear_forward(o, xd, Wd, &bd);
      return dot(o, dyd);
    };
    CHECK(fd_err(xd, dxd, loss, kH) < kFdTol);
    CHECK(fd_err(Wd, dWd, loss, kH) < kFdTol);
    CHECK(fd_err(bd, dbd, loss, kH) < kFdTol);
  }
}

TEST_CASE("LayerNorm and RMSNorm match PyTorch and finite differences", "[core][ops]") {
  {
    Mat x = G("layernorm.x"), w = G("layernorm.w"), b = G("layernorm.b"), y, dx, dw, db;
    Vec mean, rstd;
    layernorm_forward(y, mean, rstd, x, w, b, 1e-5f);
    CHECK_REL(y, G("layernorm.y"), kTol);
    layernorm_backward(dx, dw, db, G("layernorm.dy"), x, mean, rstd, w);
    CHECK_REL(dx, G("layernorm.dx"), kTol);
    CHECK_REL(dw, G("layernorm.dw"), kTol);
    CHECK_REL(db, G("layernorm.db"), kTol);
  }
  {
    MatD x = D("layernorm.x"), w = D("layernorm.w"), b = D("layernorm.b"), dy = D("layernorm.dy"), y, dx, dw, db;
    Eigen::VectorXd mean, rstd;
    layernorm_forward(y, mean, rstd, x, w, b, 1e-5f);
    layernorm_backward(dx, dw, db, dy, x, mean, rstd, w);
    auto loss = [&] { MatD o; Eigen::VectorXd m, r; layernorm_forward(o, m, r, x, w, b, 1e-5f); return dot(o, dy); };
    CHECK(fd_err(x, dx, loss, kH) < kFdTol);
    CHECK(fd_err(w, dw, loss, kH) < kFdTol);
    CHECK(fd_err(b, db, loss, kH) < kFdTol);
  }
  {
    Mat x = G("rmsnorm.x"), w = G("rmsnorm.w"), y, dx, dw;
    Vec rstd;
    rmsnorm_forward(y, rstd, x, w, 1e-6f);
    CHECK_REL(y, G("rmsnorm.y"), kTol);
    rmsnorm_backward(dx, dw, G("rmsnorm.dy"), x, rstd, w);
    CHECK_REL(dx, G("rmsnorm.dx"), kTol);
    CHECK_REL(dw, G("rmsnorm.dw"), kTol);
  }
  {
    MatD x = D("rmsnorm.x"), w = D("rmsnorm.w"), dy = D("rmsnorm.dy"), y, dx, dw;
    Eigen::VectorXd rstd;
    rmsnorm_forward(y, rstd, x, w, 1e-6f);
    rmsnorm_backward(dx, dw, dy, x, rstd, w);
    auto loss = [&] { MatD o; Eigen::VectorXd r; rmsnorm_forward(o, r, x, w, 1e-6f); return dot(o, dy); };
    CHECK(fd_err(x, dx, loss, kH) < kFdTol);
    CHECK(fd_err(w, dw, loss, kH) < kFdTol);
  }
}

TEST_CASE("activations ReLU, GELU (tanh, erf), SiLU and SwiGLU match PyTorch", "[core][ops]") {
  const std::pair<const char*, Act> acts[] = {
      {"relu", Act::ReLU}, {"gelu_tanh", Act::GELU_tanh}, {"gelu", Act::GELU_erf}, {"silu", Act::SiLU}};
  for (const auto& [name, a] : acts) {
    INFO(name);
    const std::string n = std::string("act_") + name;
    Mat x = G(n + ".x"), y, dx;
    act_forward(y, x, a);
    CHECK_REL(y, G(n + ".y"), kTol);
    act_backward(dx, G(n + ".dy"), x, a);
    CHECK_REL(dx, G(n + ".dx"), kTol);
    MatD xd = D(n + ".x"), dy = D(n + ".dy"), dxd;
    act_backward(dxd, dy, xd, a);
    const Act act = a;  // clang (wasm, fuzz builds) cannot capture a structured binding in C++17
    CHECK(fd_err(xd, dxd, [&] { MatD o; act_forward(o, xd, act); return dot(o, dy); }, kH) < kFdTol);
  }
  Mat g = G("swiglu.gate"), u = G("swiglu.up"), h, dg, du;
  swiglu_forward(h, g, u);
  CHECK_REL(h, G("swiglu.y"), kTol);
  swiglu_backward(dg, du, G("swiglu.dy"), g, u);
  CHECK_REL(dg, G("swiglu.dgate"), kTol);
  CHECK_REL(du, G("swiglu.dup"), kTol);
  MatD gd = D("swiglu.gate"), ud = D("swiglu.up"), dy = D("swiglu.dy"), dgd, dud;
  swiglu_backward(dgd, dud, dy, gd, ud);
  auto loss = [&] { MatD o; swiglu_forward(o, gd, ud); return dot(o, dy); };
  CHECK(fd_err(gd, dgd, loss, kH) < kFdTol);
  CHECK(fd_err(ud, dud, loss, kH) < kFdTol);
}

TEST_CASE("scaled dot-product attention with causal and key-padding masks matches PyTorch", "[core][ops]") {
  for (const std::string n : {"sdpa", "sdpa_masked"}) {
    INFO(n);
    const std::vector<uint8_t> pad = {0, 0, 1, 0, 0, 0};
    AttnMask mask;
    if (n == "sdpa_masked") mask = AttnMask{true, 2, &pad};
    const float scale = 1.0f / std::sqrt(3.0f);
    Mat q = G(n + ".q"), k = G(n + ".k"), v = G(n + ".v"), y, w, dq, dk, dv, scores, masked;
    sdpa_forward(y, w, q, k, v, scale, mask, &scores, &masked);
    CHECK_REL(y, G(n + ".y"), kTol);
    CHECK(w.rowwise().sum().isApproxToConstant(1.0f, 1e-5f));
    if (mask.causal) {
      CHECK(w(0, 3) == 0.0f);  // query 0 sits at position 2: key 3 is the future
      CHECK(w(1, 2) == 0.0f);  // key 2 is padding
      CHECK(std::isinf(masked(0, 4)));
      CHECK(std::isfinite(scores(0, 4)));  // raw scores are unmasked
    }
    sdpa_backward(dq, dk, dv, G(n + ".dy"), q, k, v, w, scale);
    CHECK_REL(dq, G(n + ".dq"), kTol);
    CHECK_REL(dk, G(n + ".dk"), kTol);
    CHECK_REL(dv, G(n + ".dv"), kTol);

    MatD qd = D(n + ".q"), kd = D(n + ".k"), vd = D(n + ".v"), dy = D(n + ".dy"), yd, wd, dqd, dkd, dvd;
    sdpa_forward(yd, wd, qd, kd, vd, scale, mask);
    sdpa_backward(dqd, dkd, dvd, dy, qd, kd, vd, wd, scale);
    auto loss = [&] { MatD o, ww; sdpa_forward(o, ww, qd, kd, vd, scale, mask); return dot(o, dy); };
    CHECK(fd_err(qd, dqd, loss, kH) < kFdTol);
    CHECK(fd_err(kd, dkd, loss, kH) < kFdTol);
    CHECK(fd_err(vd, dvd, loss, kH) < kFdTol);
  }
}

TEST_CASE("multi-head attention as MHA, GQA, MQA and cross-attention matches PyTorch repeat_kv", "[core][ops]") {
  struct Case { const char* name; int n_head, n_kv; bool causal; };
  for (const Case c : {Case{"mha", 4, 4, true}, Case{"gqa", 4, 2, true}, Case{"mqa", 4, 1, true},
                       Case{"cross", 2, 2, false}}) {
    const std::string n = c.name;
    INFO(n);
    const std::vector<uint8_t> pad = {0, 0, 0, 0, 1};
    AttnMask mask;
    mask.causal = c.causal;
    if (n == "cross") mask.key_pad = &pad;
    Mat q = G(n + ".q"), k = G(n + ".k"), v = G(n + ".v"), y, w, dq, dk, dv;
    Trace tr;
    mha_forward(y, w, q, k, v, c.n_head, c.n_kv, mask, &tr, "attn.");
    CHECK_REL(y, G(n + ".y"), kTol);
    REQUIRE(tr.get("attn.head.1.weights"));
    CHECK(tr.get("attn.head.1.weights")->isApprox(w.middleRows(q.rows(), q.rows())));
    mha_backward(dq, dk, dv, G(n + ".dy"), q, k, v, w, c.n_head, c.n_kv);
    CHECK_REL(dq, G(n + ".dq"), kTol);
    CHECK_REL(dk, G(n + ".dk"), kTol);
    CHECK_REL(dv, G(n + ".dv"), kTol);

    MatD qd = D(n + ".q"), kd = D(n + ".k"), vd = D(n + ".v"), dy = D(n + ".dy"), yd, wd, dqd, dkd, dvd;
    mha_forward(yd, wd, qd, kd, vd, c.n_head, c.n_kv, mask);
    mha_backward(dqd, dkd, dvd, dy, qd, kd, vd, wd, c.n_head, c.n_kv);
    auto loss = [&] { MatD o, ww; mha_forward(o, ww, qd, kd, vd, c.n_head, c.n_kv, mask); return dot(o, dy); };
    CHECK(fd_err(qd, dqd, loss, kH) < kFdTol);
    CHECK(fd_err(kd, dkd, loss, kH) < kFdTol);
    CHECK(fd_err(vd, dvd, loss, kH) < kFdTol);
  }
  Mat q(2, 6), k(2, 4), v(2, 4), y, w;
  CHECK_THROWS_AS(mha_forward(y, w, q, k, v, 3, 2, AttnMask{}), Error);  // 3 heads over 2 KV heads
}

TEST_CASE("cross-entropy with ignore index matches PyTorch", "[core][ops]") {
  const std::vector<int> targets = to_ids(G("ce.targets"));
  Mat logits = G("ce.logits"), probs, dlogits;
  const double loss = cross_entropy_forward(probs, logits, targets);
  CHECK(loss == Approx(G("ce.loss")(0, 0)).epsilon(1e-6));
  cross_entropy_backward(dlogits, probs, targets);
  CHECK_REL(dlogits, G("ce.dlogits"), kTol);
  CHECK(dlogits.row(1).isZero());  // the ignored position
  CHECK_THROWS_WITH(cross_entropy_forward(probs, logits, {-1, -1, -1, -1, -1}), Catch::Contains("ignored"));
  CHECK_THROWS_WITH(cross_entropy_forward(probs, logits, {1, 2, 3, 4, 7}), Catch::Contains("target 7"));

  MatD ld = D("ce.logits"), pd, dld;
  cross_entropy_forward(pd, ld, targets);
  cross_entropy_backward(dld, pd, targets);
  CHECK(fd_err(ld, dld, [&] { MatD p; return cross_entropy_forward(p, ld, targets); }, kH) < kFdTol);
}

TEST_CASE("dropout is seeded, inverted and identity at p = 0; residual passes gradients to both inputs",
          "[core][ops]") {
  Mat x = Mat::Constant(100, 100, 2.0f), y1, y2, m1, m2, dx;
  Rng r1(7), r2(7), r3(8);
  dropout_forward(y1, m1, x, 0.25f, r1);
  dropout_forward(y2, m2, x, 0.25f, r2);
  CHECK(y1 == y2);  // same seed, same mask
  dropout_forward(y2, m2, x, 0.25f, r3);
  CHECK(y1 != y2);
  const double dropped = (m1.array() == 0).cast<double>().mean();
  CHECK(dropped == Approx(0.25).margin(0.02));
  CHECK(((m1.array() == 0) || (m1.array() == 1.0f / 0.75f)).all());
  dropout_backward(dx, Mat(Mat::Ones(100, 100)), m1);
  CHECK(dx == m1);
  dropout_forward(y2, m2, x, 0.0f, r1);
  CHECK(y2 == x);
  CHECK_THROWS_AS(dropout_forward(y2, m2, x, 1.0f, r1), Error);

  Mat a = Mat::Ones(2, 3), b = Mat::Constant(2, 3, 2.0f), out, da, db;
  residual_forward(out, a, b);
  CHECK(out.isApproxToConstant(3.0f));
  residual_backward(da, db, Mat(Mat::Constant(2, 3, 0.5f)));
  CHECK(da.isApproxToConstant(0.5f));
  CHECK(db.isApproxToConstant(0.5f));
}
