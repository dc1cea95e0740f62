// GPT-2 and LLaMA on tiny random checkpoints written by scripts/golden/transformer.py with the
// real HF tensor names: logits and every parameter gradient vs PyTorch, KV-cache decoding vs the
// full forward, the trace, and 10 AdamW steps vs torch.optim.AdamW.
#include <catch2/catch.hpp>
#include <array>
#include <cmath>
#include <filesystem>

#include "core/error.h"
#include "core/model_loader.h"
#include "core/model_size.h"
#include "core/models/gpt.h"
#include "core/models/llama.h"
#include "core/nn/ops.h"
#include "golden_util.h"

using namespace tmx;
using namespace tmx::test;

static void check_model_vs_torch(const std::string& name) {
  auto model = load_model(golden("transformer/" + name));
  const SafeTensors ref = SafeTensors::from_file(golden("transformer/" + name + "_ref.safetensors"));
  const std::vector<int> ids = to_ids(ref.get("ids")), targets = to_ids(ref.get("targets"));

  const Mat logits = model->forward(ids);
  CHECK_REL(logits, ref.get("logits"), 1e-4);

  ParamList ps = model->params();
  zero_grad(ps);
  const float loss = model->forward_backward(ids, targets);
  CHECK(loss == Approx(ref.get("loss")(0, 0)).epsilon(1e-5));
  size_t n_checked = 0;
  for (const Param& p : ps) {
    INFO(p.name);
    const Mat gref = ref.get("grad." + p.name);
    REQUIRE(gref.size() == p.grad->size());
    const Mat gref_shaped = Eigen::Map<const Mat>(gref.data(), p.grad->rows(), p.grad->cols());
    CHECK_REL(*p.grad, gref_shaped, 1e-4);
    ++n_checked;
  }
  // every tensor in the checkpoint has a gradient golden and was checked
  CHECK(n_checked == SafeTensors::from_file(golden("transformer/" + name + "/model.safetensors")).names().size());
}

TEST_CASE("GPT-2: logits and every parameter gradient match PyTorch", "[core][gpt]") { check_model_vs_torch("gpt2"); }

TEST_CASE("LLaMA (4 query heads over 2 KV heads): logits and every gradient match PyTorch", "[core][llama]") {
  check_model_vs_torch("llama");
}

TEST_CASE("KV-cache decoding equals the full forward for GPT-2 and LLaMA", "[core][gpt][llama][kvcache]") {
  for (const char* name : {"gpt2", "llama"}) {
    INFO(name);
    auto model = load_model(golden(std::string("transformer/") + name));
    const std::vector<int> ids = {1, 5, 2, 9, 5, 0, 3, 3, 7, 1};
    const Mat full = model->forward(ids);  // (T, vocab)
    model->reset_state();
    for (size_t t = 0; t < ids.size(); ++t) {
      const RowVec row = model->step(ids[t]);
      CHECK_REL(Mat(row), Mat(full.row(t)), 1e-4);
    }
    model->reset_state();  // a reset really forgets the context
    CHECK_REL(Mat(model->step(ids[0])), Mat(full.row(0)), 1e-4);
  }
}

TEST_CASE("GPT-2 trace records every intermediate, and tracing changes nothing", "[core][gpt][trace]") {
  auto model = load_model(golden("transformer/gpt2"));
  const std::vector<int> ids = {1, 5, 2, 9};
  Trace tr;
  const Mat with = model->forward(ids, &tr);
  const Mat without = model->forward(ids);
  CHECK(with == without);
  for (const char* n : {"wte.out", "wpe.out", "h.0.in", "h.0.ln_1.out", "h.0.attn.q", "h.0.attn.k", "h.0.attn.v",
                        "h.1.attn.head.1.scores", "h.1.attn.head.1.scaled", "h.1.attn.head.1.masked",
                        "h.1.attn.head.1.weights", "h.1.attn.head.1.out", "h.1.attn.out", "h.1.res_1",
                        "h.1.ln_2.out", "h.1.mlp.hidden", "h.1.mlp.act", "h.1.mlp.out", "h.1.res_2", "ln_f.out",
                        "logits"}) {
    INFO(n);
    CHECK(tr.has(n));
  }
  CHECK(*tr.get("logits") == with);
  // the pieces compose: residual after block 0 = input of block 1; scaled = scores / sqrt(hd)
  CHECK(*tr.get("h.0.res_2") == *tr.get("h.1.in"));
  CHECK(tr.get("h.0.attn.head.0.scaled")->isApprox(*tr.get("h.0.attn.head.0.scores") / 2.0f));  // hd = 4
  const Mat& w = *tr.get("h.0.attn.head.0.weights");  // (T, T), causal
  CHECK(w(0, 1) == 0.0f);
  CHECK(w.rowwise().sum().isApproxToConstant(1.0f, 1e-5f));
  // head 0's output is the first head_dim columns of the merged heads; head 1's q the next ones
  CHECK(tr.get("h.0.attn.heads")->leftCols(4) == *tr.get("h.0.attn.head.0.out"));
  CHECK(tr.get("h.0.attn.q")->middleCols(4, 4) == *tr.get("h.0.attn.head.1.q"));
  CHECK(tr.get("h.0.attn.head.1.scores")->isApprox(*tr.get("h.0.attn.head.1.q") *
                                                   tr.get("h.0.attn.head.1.k")->transpose()));
}

TEST_CASE("LLaMA trace has RoPE'd queries and SwiGLU pieces", "[core][llama][trace]") {
  auto model = load_model(golden("transformer/llama"));
  Trace tr;
  model->forward({3, 12, 0}, &tr);
  for (const char* n : {"embed.out", "layers.0.input_layernorm.out", "layers.0.attn.q_prerope", "layers.0.attn.q",
                        "layers.0.attn.k", "layers.1.attn.head.3.weights", "layers.1.mlp.gate", "layers.1.mlp.up",
                        "layers.1.mlp.hidden", "norm.out", "logits"}) {
    INFO(n);
    CHECK(tr.has(n));
  }
  CHECK(tr.get("layers.0.attn.k")->cols() == 8);  // 2 KV heads x head_dim 4
  // GQA: query heads 2 and 3 share KV head 1
  CHECK(*tr.get("layers.0.attn.head.2.k") == tr.get("layers.0.attn.k")->rightCols(4));
  CHECK(*tr.get("layers.0.attn.head.3.v") == *tr.get("layers.0.attn.head.2.v"));
  // position 0 is not rotated
  CHECK(tr.get("layers.0.attn.q")->row(0).isApprox(tr.get("layers.0.attn.q_prerope")->row(0)));
}

TEST_CASE("LLaMA in slices (forward_begin + forward_step) equals forward, trace included", "[core][llama][trace]") {
  auto model = load_model(golden("transformer/llama"));
  auto& m = dynamic_cast<Llama&>(*model);
  const std::vector<int> ids = {3, 12, 0, 7, 7, 1};
  Trace ta, tb;
  const Mat a = m.forward(ids, &ta);
  Llama::ForwardRun r;
  m.forward_begin(r, ids, &tb);
  int steps = 0;
  while (!m.forward_step(r, &tb)) ++steps;
  CHECK(steps + 1 == m.forward_steps());
  CHECK(steps == m.cfg.num_hidden_layers);  // one layer a step, then the head
  CHECK(m.forward_step(r, &tb));            // done stays done
  REQUIRE(r.logits.rows() == a.rows());
  CHECK((r.logits - a).cwiseAbs().maxCoeff() == 0.0f);
  tmx::test::check_same_trace(ta, tb);
  // Errors surface from the first call, as from forward.
  CHECK_THROWS_AS(m.forward_begin(r, {}), Error);
  CHECK_THROWS_AS(m.forward_begin(r, std::vector<int>(size_t(m.cfg.max_position_embeddings) + 1, 1)), Error);
}

TEST_CASE("10 AdamW steps on a tiny GPT reproduce PyTorch's losses", "[core][gpt][optim]") {
  auto model = load_model(golden("transformer/gpt2"));
  const SafeTensors ref = SafeTensors::from_file(golden("transformer/gpt2_ref.safetensors"));
  const std::vector<int> ids = to_ids(ref.get("ids")), targets = to_ids(ref.get("targets"));
  const Mat losses = ref.get("adamw.losses");  // (1, 10)
  REQUIRE(losses.size() == 10);
  ParamList ps = model->params();
  AdamW opt(1e-2f, 0.9f, 0.999f, 1e-8f, 0.1f);
  for (int s = 0; s < 10; ++s) {
    zero_grad(ps);
    const float loss = model->forward_backward(ids, targets);
    INFO("step " << s);
    CHECK(std::fabs(loss - losses(0, s)) <= 1e-4);
    opt.step(ps);
  }
  CHECK(losses(0, 9) < losses(0, 0) - 0.1);  // the reference really trains
}

TEST_CASE("save_model then load_model round-trips GPT-2 and LLaMA", "[core][gpt][llama][checkpoint]") {
  for (const char* name : {"gpt2", "llama"}) {
    auto m = load_model(golden(std::string("transformer/") + name));
    const std::string dir = std::string("/tmp/tmx_test_rt_") + name;
    std::filesystem::create_directories(dir);  // not a shell: the suite also runs as wasm
    REQUIRE(std::filesystem::is_directory(dir));
    save_model(*m, dir);
    auto m2 = load_model(dir);
    CHECK(m2->model_type() == name);
    CHECK(m2->forward({1, 2, 3}) == m->forward({1, 2, 3}));
  }
}

TEST_CASE("GPT dropout is training-only, seeded, and its backward matches finite differences", "[core][gpt][dropout]") {
  auto base = load_model(golden("transformer/gpt2"));
  GPT& m = dynamic_cast<GPT&>(*base);
  const std::vector<int> ids = {1, 5, 2, 9, 5, 0}, tg = {5, 2, 9, 5, 0, 7};
  const Mat clean = m.forward(ids);
  ParamList ps = m.params();
  zero_grad(ps);
  const float clean_loss = m.forward_backward(ids, tg);
  m.cfg.dropout = 0.3f;
  CHECK(m.forward(ids) == clean);  // inference never drops
  auto loss_with_seed = [&](uint32_t seed) {
    m.set_dropout_seed(seed);
    zero_grad(ps);
    return m.forward_backward(ids, tg);
  };
  const float l5 = loss_with_seed(5);
  CHECK(l5 != clean_loss);
  CHECK(loss_with_seed(5) == l5);  // same seed, same masks
  CHECK(loss_with_seed(6) != l5);
  loss_with_seed(5);
  const Mat g_fc = *ps[10].grad;  // transformer.h.0.mlp.c_fc.weight
  REQUIRE(ps[10].name == "transformer.h.0.mlp.c_fc.weight");
  const Mat g_wte = *ps[0].grad;
  Mat gs_fc = g_fc, gs_wte = g_wte;  // copies: loss_with_seed zeroes the grads
  CHECK(fd_err(*ps[10].value, gs_fc, [&] { return (double)loss_with_seed(5); }, 1e-2f) < 2e-2);
  CHECK(fd_err(*ps[0].value, gs_wte, [&] { return (double)loss_with_seed(5); }, 1e-2f) < 2e-2);
}

TEST_CASE("LLaMA with tied embeddings (MQA): gradients match finite differences", "[core][llama]") {
  LlamaConfig c;
  c.vocab_size = 9;
  c.hidden_size = 8;
  c.num_hidden_layers = 1;
  c.num_attention_heads = 2;
  c.num_key_value_heads = 1;  // MQA
  c.intermediate_size = 12;
  c.max_position_embeddings = 8;
  c.tie_word_embeddings = true;
  Llama m(c);
  m.init_random(3);
  for (auto& p : m.params()) *p.value *= 10.0f;  // 0.02-scale init gives near-zero gradients
  ParamList ps = m.params();
  CHECK(ps.back().name == "model.norm.weight");  // no lm_head.weight when tied
  const std::vector<int> ids = {1, 4, 4, 7, 0}, tg = {4, 4, 7, 0, 2};
  zero_grad(ps);
  m.forward_backward(ids, tg);
  for (size_t i : {size_t(0), size_t(3), size_t(7)}) {  // embed (also the head), k_proj, gate_proj
    INFO(ps[i].name);
    Mat g = *ps[i].grad;
    const double e = fd_err_scaled(*ps[i].value, g, [&] { Mat p; return cross_entropy_forward(p, m.forward(ids), tg); }, 3e-3);
    CHECK(e < 1e-2);
  }
}

TEST_CASE("GPT-2 parameters by component: PyTorch's count for GPT-2 small, and the tensors a model allocates",
          "[core][gpt]") {
  // GPT-2 small, counted on torch modules of the same shapes (scripts/golden/gpt2_params.py).
  const DecoderParams small = decoder_params(decoder_shape(GPTConfig{}));
  CHECK(small.embedding == 38597376);
  CHECK(small.positions == 786432);
  CHECK(small.attention == 28348416);
  CHECK(small.ffn == 56669184);
  CHECK(small.norms == 38400);
  CHECK(small.lm_head == 0);
  CHECK(small.total() == 124439808);

  // Any shape: the groups equal the sizes of the tensors a GPT of that config holds.
  for (const auto& [V, P, C, H, L] : std::vector<std::array<int, 5>>{{37, 11, 12, 3, 2}, {64, 5, 8, 1, 3}}) {
    GPTConfig cfg;
    cfg.vocab_size = V, cfg.n_positions = P, cfg.n_embd = C, cfg.n_head = H, cfg.n_layer = L;
    GPT m(cfg, /*random_init=*/false, /*grads=*/false);
    DecoderParams held;
    for (const Param& p : m.params()) {
      const int64_t n = p.value->size();
      const std::string& s = p.name;
      if (s.find("wte") != std::string::npos) held.embedding += n;
      else if (s.find("wpe") != std::string::npos) held.positions += n;
      else if (s.find(".attn.") != std::string::npos) held.attention += n;
      else if (s.find(".mlp.") != std::string::npos) held.ffn += n;
      else if (s.find("ln_") != std::string::npos) held.norms += n;
      else FAIL("unexpected parameter " << s);
    }
    const DecoderParams want = decoder_params(decoder_shape(cfg));
    CHECK(held.embedding == want.embedding);
    CHECK(held.positions == want.positions);
    CHECK(held.attention == want.attention);
    CHECK(held.ffn == want.ffn);
    CHECK(held.norms == want.norms);
    CHECK(param_count(m.params()) == want.total());
  }
}
