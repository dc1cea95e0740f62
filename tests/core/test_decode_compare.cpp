// decode_compare.h on the shipped kjv-gpt and kjv-mamba: the bytes it reports are the bytes the
// KV cache and the recurrent state actually hold, the extended-context GPT computes what kjv-gpt
// computes inside the trained length, and the mixing matrices are the attention weights / the
// hidden attention that reproduces each Mamba block's output.
#include <catch2/catch.hpp>

#include <cmath>
#include <cstring>

#include "core/decode_compare.h"
#include "core/error.h"
#include "core/model_loader.h"
#include "core/models/gpt.h"
#include "core/ssm/hidden_attention.h"
#include "core/ssm/mamba_lm.h"
#include "core/trace.h"

using namespace tmx;

namespace {
const std::string kModels = std::string(TMX_SOURCE_DIR) + "/assets/models";
std::vector<int> some_ids(int n, int vocab) {
  std::vector<int> ids;
  for (int i = 0; i < n; ++i) ids.push_back((i * 37 + 11) % vocab);
  return ids;
}
}  // namespace

TEST_CASE("decode memory is the KV cache's filled rows and the Mamba state's matrices", "[core][decode_compare]") {
  auto gpt_lm = load_model(kModels + "/kjv-gpt");
  auto mamba_lm = load_model(kModels + "/kjv-mamba");
  auto& gpt = dynamic_cast<GPT&>(*gpt_lm);
  auto& mamba = dynamic_cast<ssm::MambaLM&>(*mamba_lm);
  CHECK(decode_memory(gpt).held == 0);
  CHECK(decode_memory(mamba).held == 0);
  gpt.reset_state();
  mamba.reset_state();
  const auto& c = gpt.cfg;
  const auto& mc = mamba.config();
  int pos = 0;
  for (int p : {1, 5, 17, 64}) {
    for (; pos < p; ++pos) {
      gpt.step((pos * 7 + 3) % c.vocab_size);
      mamba.step((pos * 7 + 3) % mc.vocab_size);
    }
    const DecodeMemory g = decode_memory(gpt), m = decode_memory(mamba);
    // K and V, every layer, one row of n_embd floats per token stepped.
    CHECK(g.held == int64_t(2) * c.n_layer * p * c.n_embd * 4);
    CHECK(g.held == p * kv_bytes_per_token(gpt));
    // Reserved: the whole table, n_positions rows, whatever the position.
    CHECK(g.allocated == int64_t(2) * c.n_layer * c.n_positions * c.n_embd * 4);
    CHECK(g.allocated == gpt.kv_cache_values() * 4);
    CHECK_FALSE(g.recurrent);
    // conv_state (E, d_conv) + ssm_state (E, N) per layer, at every position.
    const int64_t E = mc.block.d_inner();
    CHECK(m.held == int64_t(mc.n_layer) * E * (mc.block.d_conv + mc.block.d_state) * 4);
    CHECK(m.allocated > m.held);
    CHECK(m.recurrent);
    CHECK(kv_bytes_per_token(mamba) == 0);
  }
}

TEST_CASE("the extended-context GPT computes kjv-gpt's logits and runs past 64 positions", "[core][decode_compare]") {
  auto gpt_lm = load_model(kModels + "/kjv-gpt");
  auto mamba_lm = load_model(kModels + "/kjv-mamba");
  CHECK(extend_context(*mamba_lm, 2048) == nullptr);  // no limit to extend
  CHECK(extend_context(*gpt_lm, 64) == nullptr);      // already long enough
  CHECK_THROWS_AS(extend_context(*gpt_lm, 0), Error);
  auto longer = extend_context(*gpt_lm, 300);
  REQUIRE(longer);
  CHECK(longer->max_positions() == 300);
  const std::vector<int> ids = some_ids(64, gpt_lm->vocab_size());
  const Mat a = gpt_lm->forward(ids), b = longer->forward(ids);
  CHECK((a - b).cwiseAbs().maxCoeff() == 0.0f);  // same weights, same positions: same numbers
  longer->reset_state();
  RowVec last;
  for (int p = 0; p < 300; ++p) last = longer->step(ids[p % 64]);
  CHECK(std::isfinite(last.sum()));
  CHECK(decode_memory(*longer).held == 300 * kv_bytes_per_token(*longer));
  CHECK_THROWS_AS(gpt_lm->forward(some_ids(65, 512)), Error);  // the original stops at 64
}

TEST_CASE("mixing matrices: attention weights of a head, hidden attention of a Mamba layer", "[core][decode_compare]") {
  auto gpt_lm = load_model(kModels + "/kjv-gpt");
  auto mamba_lm = load_model(kModels + "/kjv-mamba");
  auto& mamba = dynamic_cast<ssm::MambaLM&>(*mamba_lm);
  const std::vector<int> ids = some_ids(12, 512);
  const MixingShape gs = mixing_shape(*gpt_lm), ms = mixing_shape(mamba);
  CHECK(gs.layers == 4);
  CHECK(gs.units == 4);
  CHECK_FALSE(gs.hidden);
  CHECK(ms.layers == 7);
  CHECK(ms.units == 256);
  CHECK(ms.hidden);

  const Mat w = mixing_matrix(*gpt_lm, ids, 2, 1);
  Trace tr;
  gpt_lm->forward(ids, &tr);
  CHECK((w - *tr.get("h.2.attn.head.1.weights")).cwiseAbs().maxCoeff() == 0.0f);
  for (int t = 0; t < 12; ++t) CHECK(w.row(t).sum() == Approx(1.0f).epsilon(1e-5));

  // The hidden attention the widget shows, applied to the block's inputs, reproduces the block's
  // output (the identity of tests/core/ssm/test_hidden_attention.cpp, here on the trained model).
  const int layer = 3;
  const auto& bc = mamba.config().block;
  const int E = bc.d_inner(), L = 12;
  Mat gated(L, E);
  std::vector<Mat> alphas;
  for (int e = 0; e < E; ++e) {
    const Mat a = mixing_matrix(mamba, ids, layer, e);  // each call runs the forward again
    const ssm::MambaBlockCache& k = mamba.block_cache(layer);
    const auto& p = mamba.w.layers[layer].mixer;
    for (int t = 0; t < L; ++t) {
      double y = p.D(0, e) * k.u(t, e);
      for (int s = 0; s <= t; ++s) y += double(a(t, s)) * k.u(s, e);
      for (int s = t + 1; s < L; ++s) REQUIRE(a(t, s) == 0.0f);
      const float z = k.xz(t, E + e);
      gated(t, e) = float(y) * z / (1 + std::exp(-z));
    }
    if (e % 64 == 0) alphas.push_back(a);
  }
  Trace mt;
  mamba.forward(ids, &mt);
  const Mat* out = mt.get("layers." + std::to_string(layer) + ".mixer.out");
  REQUIRE(out);
  const Mat out2 = gated * mamba.w.layers[layer].mixer.out_proj_weight.transpose();
  CHECK((out2 - *out).cwiseAbs().maxCoeff() < 2e-4f * std::max(1.0f, out->cwiseAbs().maxCoeff()));

  // Combined (unit -1): mean over channels of |α|, rows scaled to sum 1.
  const Mat comb = mixing_matrix(mamba, ids, layer, -1);
  Mat ref = Mat::Zero(L, L);
  for (int e = 0; e < E; ++e) ref += ssm::hidden_attention(bc, mamba.block_cache(layer), e).cwiseAbs() / float(E);
  ref = ssm::row_normalize(ref);
  CHECK((comb - ref).cwiseAbs().maxCoeff() < 1e-5f);
  for (int t = 0; t < L; ++t) CHECK(comb.row(t).sum() == Approx(1.0f).epsilon(1e-5));

  CHECK_THROWS_AS(mixing_matrix(*gpt_lm, ids, 4, 0), Error);
  CHECK_THROWS_AS(mixing_matrix(*gpt_lm, ids, 0, -1), Error);
  CHECK_THROWS_AS(mixing_matrix(mamba, ids, 0, 256), Error);
  CHECK_THROWS_AS(mixing_matrix(mamba, {}, 0, 0), Error);
}

TEST_CASE("Mamba cost formulas agree with the model's own tensors", "[core][decode_compare]") {
  auto lm = load_model(kModels + "/kjv-mamba");
  auto& m = dynamic_cast<ssm::MambaLM&>(*lm);
  const ssm::MambaLMConfig& c = m.config();
  int64_t params = 0, proj = 0, conv = 0, emb = 0, a_log = 0;
  for (const Param& p : m.params()) {
    params += p.value->size();
    const std::string& n = p.name;
    auto ends = [&](const char* s) { return n.size() >= std::strlen(s) && n.compare(n.size() - std::strlen(s), std::string::npos, s) == 0; };
    if (ends("in_proj.weight") || ends("x_proj.weight") || ends("dt_proj.weight") || ends("out_proj.weight")) proj += p.value->size();
    if (ends("conv1d.weight")) conv += p.value->size();
    if (ends("embedding.weight")) emb += p.value->size();
    if (ends("A_log")) a_log += p.value->size();
  }
  CHECK(mamba_params(c) == params);
  const MambaFlops f = mamba_flops_per_token(c);
  CHECK(f.projections == 2 * proj);        // one multiply-add per weight
  CHECK(f.conv == 2 * conv);               // one per conv tap
  CHECK(f.lm_head == 2 * emb);             // the tied head reads the whole embedding
  CHECK(f.scan == 6 * a_log);              // A_log is (E, N) per layer: three multiply-adds per state
  m.reset_state();
  m.step(1);
  CHECK(decode_memory(m).held == mamba_state_bytes(c, 4));
  CHECK(mamba_scan_flops_sequence(c, 10) == 10 * f.scan);
  // Mamba-130M as published: 129,135,360 parameters (state-spaces/mamba-130m).
  CHECK(mamba_params(mamba_130m_config()) == 129135360);
}

TEST_CASE("the mixing matrix in pieces equals the matrix at once, bit for bit", "[core][decode_compare]") {
  auto gpt = load_model(kModels + "/kjv-gpt");
  auto mamba = load_model(kModels + "/kjv-mamba");
  auto llama = load_model(kModels + "/kjv-llama");
  struct Case {
    LanguageModel* m;
    int layer, unit;
  };
  const std::vector<int> ids = some_ids(40, gpt->vocab_size());
  for (const Case& k : {Case{gpt.get(), 0, 1}, Case{gpt.get(), 3, 3}, Case{mamba.get(), 3, -1}, Case{mamba.get(), 6, 17},
                        Case{mamba.get(), 0, -1}, Case{llama.get(), 0, 0}, Case{llama.get(), 3, 2}}) {
    INFO(k.m->model_type() << " layer " << k.layer << " unit " << k.unit);
    // The model's decode state is the job's to leave alone: a step before and after gives the same logits
    // as without the job in between.
    k.m->reset_state();
    k.m->step(5);
    MixingJob j;
    j.start(*k.m, ids, k.layer, k.unit);
    CHECK(j.running());
    int pieces = 0;
    while (j.step()) ++pieces;
    ++pieces;
    CHECK(j.done());
    CHECK_FALSE(j.step());
    CHECK(pieces == j.pieces());
    CHECK(pieces >= 2);  // really in pieces
    if (k.m->model_type() != "mamba") CHECK(pieces == k.layer + 2);  // the embedding, then a block a piece
    const RowVec after = k.m->step(9);
    const Mat at_once = mixing_matrix(*k.m, ids, k.layer, k.unit);
    REQUIRE(j.result().rows() == at_once.rows());
    REQUIRE(j.result().cols() == at_once.cols());
    if (k.m->model_type() != "mamba") {
      CHECK(std::memcmp(j.result().data(), at_once.data(), sizeof(float) * size_t(at_once.size())) == 0);
    } else {
      // Mamba: the same functions on the same numbers, but the job keeps one set of layer buffers for
      // every layer where the forward has one per layer. Built for AVX-512 (TMX_ARCH=native), results
      // past layer 0 then differ in the last bits (measured: 3.6e-7 of the largest entry, a few ULP;
      // the forward run twice on its own buffers is bit-identical), so the check is a few ULP of the
      // largest entry. Likely: vector loops that peel to 64-byte alignment at run time over std::vector
      // buffers that malloc aligns to 16, so the sum order follows the heap addresses.
      CHECK((j.result() - at_once).cwiseAbs().maxCoeff() <= 1e-6f * at_once.cwiseAbs().maxCoeff());
    }
    k.m->reset_state();
    k.m->step(5);
    const RowVec plain = k.m->step(9);
    CHECK(std::memcmp(after.data(), plain.data(), sizeof(float) * size_t(plain.size())) == 0);
  }
  // Bad arguments fail at start, as mixing_matrix does.
  MixingJob j;
  CHECK_THROWS_AS(j.start(*gpt, ids, 9, 0), Error);
  CHECK_THROWS_AS(j.start(*gpt, ids, 0, -1), Error);
  CHECK_THROWS_AS(j.start(*mamba, {}, 0, -1), Error);
  CHECK_FALSE(j.step());
}
