// Every op of src/core/nn: forward and all gradients vs PyTorch goldens (float64 references of
// float32 inputs, rel err <= 1e-4) and vs central finite differences of our own forward.
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
static constexpr double kTol = 1e-4;   // vs PyTorch
static constexpr double kFdTol = 2e-2;  // vs finite differences of a float32 forward

TEST_CASE("embedding and learned positions match PyTorch and finite differences", "[core][ops]") {
  Mat W = G("embedding.W"), dy = G("embedding.dy");
  const std::vector<int> ids = to_ids(G("embedding.ids"));
  Mat y;
  embedding_forward(y, ids, W);
  CHECK_REL(y, G("embedding.y"), kTol);
  Mat dW = Mat::Zero(W.rows(), W.cols());
  embedding_backward(dW, dy, ids);
  CHECK_REL(dW, G("embedding.dW"), kTol);  // id 3 appears twice: gradients sum
  CHECK(fd_err(W, dW, [&] { Mat o; embedding_forward(o, ids, W); return dot(o, dy); }) < kFdTol);
  CHECK_THROWS_WITH(embedding_forward(y, {1, 7}, W), Catch::Contains("token id 7"));

  Mat P = G("posemb.W"), pdy = G("posemb.dy");
  positional_embedding_forward(y, 4, 2, P);
  CHECK_REL(y, G("posemb.y"), kTol);
  Mat dP = Mat::Zero(P.rows(), P.cols());
  positional_embedding_backward(dP, pdy, 2);
  CHECK_REL(dP, G("posemb.dW"), kTol);
  CHECK_THROWS_AS(positional_embedding_forward(y, 9, 2, P), Error);
}

TEST_CASE("sinusoidal encoding matches PyTorch", "[core][ops]") {
  CHECK_REL(sinusoidal_encoding(6, 8), G("sinusoidal.y"), kTol);
}

TEST_CASE("RoPE (rotate-half) matches HF LLaMA and its backward is the inverse rotation", "[core][ops]") {
  Mat x = G("rope.x"), dy = G("rope.dy"), y, dx;
  rope_forward(y, x, 2, 6, 3, 10000.0);
  CHECK_REL(y, G("rope.y"), kTol);
  rope_backward(dx, dy, 2, 6, 3, 10000.0);
  CHECK_REL(dx, G("rope.dx"), kTol);
  CHECK(fd_err(x, dx, [&] { Mat o; rope_forward(o, x, 2, 6, 3, 10000.0); return dot(o, dy); }) < kFdTol);
  // A rotation keeps each pair's length
  CHECK(y.norm() == Approx(x.norm()).epsilon(1e-5));
}

TEST_CASE("linear and Conv1D match PyTorch and finite differences", "[core][ops]") {
  for (const char* name : {"linear", "conv1d"}) {
    const std::string n = name;
    const bool conv = n == "conv1d";
    Mat x = G(n + ".x"), W = G(n + ".W"), b = G(n + ".b"), dy = G(n + ".dy"), y, dx, dW, db;
    auto fwd = [&](Mat& o) { conv ? conv1d_forward(o, x, W, &b) : linear_forward(o, x, W, &b); };
    fwd(y);
    CHECK_REL(y, G(n + ".y"), kTol);
    if (conv) conv1d_backward(&dx, &dW, &db, dy, x, W);
    else linear_backward(&dx, &dW, &db, dy, x, W);
    CHECK_REL(dx, G(n + ".dx"), kTol);
    CHECK_REL(dW, G(n + ".dW"), kTol);
    CHECK_REL(db, G(n + ".db"), kTol);
    auto loss = [&] { Mat o; fwd(o); return dot(o, dy); };
    CHECK(fd_err(x, dx, loss) < kFdTol);
    CHECK(fd_err(W, dW, loss) < kFdTol);
    CHECK(fd_err(b, db, loss) < kFdTol);
  }
}

TEST_CASE("LayerNorm and RMSNorm match PyTorch and finite differences", "[core][ops]") {
  Mat x = G("layernorm.x"), w = G("layernorm.w"), b = G("layernorm.b"), dy = G("layernorm.dy"), y, dx, dw, db;
  Vec mean, rstd;
  layernorm_forward(y, mean, rstd, x, w, b, 1e-5f);
  CHECK_REL(y, G("layernorm.y"), kTol);
  layernorm_backward(dx, dw, db, dy, x, mean, rstd, w);
  CHECK_REL(dx, G("layernorm.dx"), kTol);
  CHECK_REL(dw, G("layernorm.dw"), kTol);
  CHECK_REL(db, G("layernorm.db"), kTol);
  auto ln_loss = [&] { Mat o; Vec m, r; layernorm_forward(o, m, r, x, w, b, 1e-5f); return dot(o, dy); };
  CHECK(fd_err(x, dx, ln_loss) < kFdTol);
  CHECK(fd_err(w, dw, ln_loss) < kFdTol);
  CHECK(fd_err(b, db, ln_loss) < kFdTol);

  Mat rx = G("rmsnorm.x"), rw = G("rmsnorm.w"), rdy = G("rmsnorm.dy"), ry, rdx, rdw;
  rmsnorm_forward(ry, rstd, rx, rw, 1e-6f);
  CHECK_REL(ry, G("rmsnorm.y"), kTol);
  rmsnorm_backward(rdx, rdw, rdy, rx, rstd, rw);
  CHECK_REL(rdx, G("rmsnorm.dx"), kTol);
  CHECK_REL(rdw, G("rmsnorm.dw"), kTol);
  auto rms_loss = [&] { Mat o; Vec r; rmsnorm_forward(o, r, rx, rw, 1e-6f); return dot(o, rdy); };
  CHECK(fd_err(rx, rdx, rms_loss) < kFdTol);
  CHECK(fd_err(rw, rdw, rms_loss) < kFdTol);
}

TEST_CASE("activations ReLU, GELU (tanh, erf), SiLU and SwiGLU match PyTorch", "[core][ops]") {
  const std::pair<const char*, Act> acts[] = {
      {"relu", Act::ReLU}, {"gelu_tanh", Act::GELU_tanh}, {"gelu", Act::GELU_erf}, {"silu", Act::SiLU}};
  for (const auto& [name, a] : acts) {
    INFO(name);
    const std::string n = std::string("act_") + name;
    Mat x = G(n + ".x"), dy = G(n + ".dy"), y, dx;
    act_forward(y, x, a);
    CHECK_REL(y, G(n + ".y"), kTol);
    act_backward(dx, dy, x, a);
    CHECK_REL(dx, G(n + ".dx"), kTol);
    CHECK(fd_err(x, dx, [&] { Mat o; act_forward(o, x, a); return dot(o, dy); }, 1e-2f) < kFdTol);
  }
  Mat g = G("swiglu.gate"), u = G("swiglu.up"), dy = G("swiglu.dy"), h, dg, du;
  swiglu_forward(h, g, u);
  CHECK_REL(h, G("swiglu.y"), kTol);
  swiglu_backward(dg, du, dy, g, u);
  CHECK_REL(dg, G("swiglu.dgate"), kTol);
  CHECK_REL(du, G("swiglu.dup"), kTol);
  auto loss = [&] { Mat o; swiglu_forward(o, g, u); return dot(o, dy); };
  CHECK(fd_err(g, dg, loss) < kFdTol);
  CHECK(fd_err(u, du, loss) < kFdTol);
}

TEST_CASE("scaled dot-product attention with causal and key-padding masks matches PyTorch", "[core][ops]") {
  for (const char* name : {"sdpa", "sdpa_masked"}) {
    const std::string n = name;
    INFO(n);
    const std::vector<uint8_t> pad = {0, 0, 1, 0, 0, 0};
    AttnMask mask;
    if (n == "sdpa_masked") mask = AttnMask{true, 2, &pad};
    Mat q = G(n + ".q"), k = G(n + ".k"), v = G(n + ".v"), dy = G(n + ".dy"), y, w, dq, dk, dv;
    const float scale = 1.0f / std::sqrt(3.0f);
    Mat scores, masked;
    sdpa_forward(y, w, q, k, v, scale, mask, &scores, &masked);
    CHECK_REL(y, G(n + ".y"), kTol);
    CHECK(w.rowwise().sum().isApproxToConstant(1.0f, 1e-5f));
    if (mask.causal) {
      CHECK(w(0, 3) == 0.0f);               // query 0 sits at position 2: key 3 is the future
      CHECK(w(1, 2) == 0.0f);               // key 2 is padding
      CHECK(std::isinf(masked(0, 4)));
      CHECK(std::isfinite(scores(0, 4)));   // raw scores are unmasked
    }
    sdpa_backward(dq, dk, dv, dy, q, k, v, w, scale);
    CHECK_REL(dq, G(n + ".dq"), kTol);
    CHECK_REL(dk, G(n + ".dk"), kTol);
    CHECK_REL(dv, G(n + ".dv"), kTol);
    auto loss = [&] { Mat o, ww; sdpa_forward(o, ww, q, k, v, scale, mask); return dot(o, dy); };
    CHECK(fd_err(q, dq, loss) < kFdTol);
    CHECK(fd_err(k, dk, loss) < kFdTol);
    CHECK(fd_err(v, dv, loss) < kFdTol);
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
    Mat q = G(n + ".q"), k = G(n + ".k"), v = G(n + ".v"), dy = G(n + ".dy"), y, w, dq, dk, dv;
    Trace tr;
    mha_forward(y, w, q, k, v, c.n_head, c.n_kv, mask, &tr, "attn.");
    CHECK_REL(y, G(n + ".y"), kTol);
    REQUIRE(tr.get("attn.head.1.weights"));
    CHECK(tr.get("attn.head.1.weights")->isApprox(w.middleRows(q.rows(), q.rows())));
    mha_backward(dq, dk, dv, dy, q, k, v, w, c.n_head, c.n_kv);
    CHECK_REL(dq, G(n + ".dq"), kTol);
    CHECK_REL(dk, G(n + ".dk"), kTol);
    CHECK_REL(dv, G(n + ".dv"), kTol);
    auto loss = [&] { Mat o, ww; mha_forward(o, ww, q, k, v, c.n_head, c.n_kv, mask); return dot(o, dy); };
    CHECK(fd_err(q, dq, loss) < kFdTol);
    CHECK(fd_err(k, dk, loss) < kFdTol);
    CHECK(fd_err(v, dv, loss) < kFdTol);
  }
  Mat q(2, 6), k(2, 4), v(2, 4), y, w;
  CHECK_THROWS_AS(mha_forward(y, w, q, k, v, 3, 2, AttnMask{}), Error);  // 3 heads over 2 KV heads
}

TEST_CASE("cross-entropy with ignore index matches PyTorch", "[core][ops]") {
  Mat logits = G("ce.logits"), probs, dlogits;
  const std::vector<int> targets = to_ids(G("ce.targets"));
  const float loss = cross_entropy_forward(probs, logits, targets);
  CHECK(loss == Approx(G("ce.loss")(0, 0)).epsilon(1e-5));
  cross_entropy_backward(dlogits, probs, targets);
  CHECK_REL(dlogits, G("ce.dlogits"), kTol);
  CHECK(dlogits.row(1).isZero());  // the ignored position
  CHECK(fd_err(logits, dlogits, [&] { Mat p; return (double)cross_entropy_forward(p, logits, targets); }, 1e-2f) <
        kFdTol);
  CHECK_THROWS_WITH(cross_entropy_forward(probs, logits, {-1, -1, -1, -1, -1}), Catch::Contains("ignored"));
  CHECK_THROWS_WITH(cross_entropy_forward(probs, logits, {1, 2, 3, 4, 7}), Catch::Contains("target 7"));
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
  dropout_backward(dx, Mat::Ones(100, 100), m1);
  CHECK(dx == m1);
  dropout_forward(y2, m2, x, 0.0f, r1);
  CHECK(y2 == x);
  CHECK_THROWS_AS(dropout_forward(y2, m2, x, 1.0f, r1), Error);

  Mat a = Mat::Ones(2, 3), b = Mat::Constant(2, 3, 2.0f), out, da, db;
  residual_forward(out, a, b);
  CHECK(out.isApproxToConstant(3.0f));
  residual_backward(da, db, Mat::Constant(2, 3, 0.5f));
  CHECK(da.isApproxToConstant(0.5f));
  CHECK(db.isApproxToConstant(0.5f));
}
