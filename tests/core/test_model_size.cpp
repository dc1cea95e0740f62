// The calculator's arithmetic (core/model_size.h) against real models: parameter counts equal the
// parameters of instantiated GPT / Llama models of the same shapes (by part, from the checkpoint
// names), KV-cache bytes equal the cache the models allocate, the matmul FLOPs equal twice the
// weights one token is multiplied by, and the presets reproduce the published parameter counts.
#include <catch2/catch.hpp>

#include <array>
#include <string>
#include <vector>

#include "core/error.h"
#include "core/model_size.h"
#include "core/models/gpt.h"
#include "core/models/llama.h"
#include "core/optim.h"
#include "core/sampling.h"

using namespace tmx;

namespace {

bool has(const std::string& s, const char* part) { return s.find(part) != std::string::npos; }

// Parameters of a model by part, read from its checkpoint names.
DecoderParams count_by_name(const ParamList& ps) {
  DecoderParams p;
  for (const Param& q : ps) {
    const int64_t n = q.value->size();
    const std::string& s = q.name;
    if (has(s, "wte") || has(s, "embed_tokens")) p.embedding += n;
    else if (has(s, "wpe")) p.positions += n;
    else if (has(s, "attn")) p.attention += n;  // attn.c_attn, attn.c_proj, self_attn.*_proj
    else if (has(s, "mlp")) p.ffn += n;
    else if (has(s, "ln_") || has(s, "norm")) p.norms += n;
    else if (has(s, "lm_head")) p.lm_head += n;
    else FAIL("unexpected parameter " << s);
  }
  return p;
}

void check_parts(const DecoderParams& a, const DecoderParams& b) {
  CHECK(a.embedding == b.embedding);
  CHECK(a.positions == b.positions);
  CHECK(a.attention == b.attention);
  CHECK(a.ffn == b.ffn);
  CHECK(a.norms == b.norms);
  CHECK(a.lm_head == b.lm_head);
  CHECK(a.total() == b.total());
}

// Twice the weights one new token is multiplied by: every 2-D weight except the lookup tables
// (the token embedding is multiplied once, as the tied lm_head; positions are only looked up).
int64_t matmul_weights(const ParamList& ps, bool tied) {
  int64_t n = 0;
  for (const Param& q : ps) {
    if (q.shape.size() != 2 || has(q.name, "wpe")) continue;
    if ((has(q.name, "wte") || has(q.name, "embed_tokens")) && !tied) continue;
    n += q.value->size();
  }
  return n;
}

// A model that counts the token positions it is run on (step: one; forward: all of them).
class CountingModel final : public LanguageModel {
 public:
  explicit CountingModel(LanguageModel& m) : m_(m) {}
  std::string model_type() const override { return m_.model_type(); }
  int vocab_size() const override { return m_.vocab_size(); }
  int max_positions() const override { return m_.max_positions(); }
  Mat forward(const std::vector<int>& ids, Trace* t) override {
    positions += static_cast<int64_t>(ids.size());
    return m_.forward(ids, t);
  }
  float forward_backward(const std::vector<int>& ids, const std::vector<int>& targets) override {
    return m_.forward_backward(ids, targets);
  }
  ParamList params() override { return m_.params(); }
  void reset_state() override { m_.reset_state(); }
  RowVec step(int id) override {
    ++positions;
    return m_.step(id);
  }
  std::string config_json() const override { return m_.config_json(); }
  int64_t positions = 0;

 private:
  LanguageModel& m_;
};

}  // namespace

TEST_CASE("model size: parameter counts equal instantiated GPT-2 models, part by part", "[core][model-size]") {
  for (int layers : {1, 3})
    for (int heads : {1, 2, 4}) {
      GPTConfig c;
      c.vocab_size = 37, c.n_positions = 19, c.n_embd = 16, c.n_head = heads, c.n_layer = layers;
      GPT m(c, /*random_init=*/false, /*grads=*/false);
      const DecoderShape s = decoder_shape(c);
      INFO("layers " << layers << " heads " << heads);
      check_parts(decoder_params(s), count_by_name(m.params()));
      CHECK(decoder_params(s).total() == param_count(m.params()));
      const DecoderFlops f = decoder_flops_per_token(s, 5);
      CHECK(f.projections + f.ffn + f.lm_head == 2 * matmul_weights(m.params(), true));
      CHECK(f.attention == 4LL * layers * 16 * 5);
      // Round trip to the model's config.
      const GPTConfig back = gpt_config(s);
      CHECK(back.n_embd == c.n_embd);
      CHECK(back.n_positions == c.n_positions);
    }
}

TEST_CASE("model size: parameter counts equal instantiated Llama models for MHA, GQA and MQA", "[core][model-size]") {
  for (int kv : {6, 3, 2, 1})
    for (bool tied : {false, true}) {
      LlamaConfig c;
      c.vocab_size = 41, c.hidden_size = 24, c.num_hidden_layers = 2, c.num_attention_heads = 6;
      c.num_key_value_heads = kv, c.intermediate_size = 40, c.max_position_embeddings = 12, c.tie_word_embeddings = tied;
      Llama m(c, /*random_init=*/false);
      const DecoderShape s = decoder_shape(c);
      INFO("kv heads " << kv << (tied ? " tied" : " untied"));
      check_parts(decoder_params(s), count_by_name(m.params()));
      const DecoderFlops f = decoder_flops_per_token(s, 7);
      CHECK(f.projections + f.ffn + f.lm_head == 2 * matmul_weights(m.params(), tied));
      CHECK(attn_variant(s) == (kv == 6 ? AttnVariant::MHA : kv == 1 ? AttnVariant::MQA : AttnVariant::GQA));
      const LlamaConfig back = llama_config(s);
      CHECK(back.num_key_value_heads == kv);
      CHECK(back.tie_word_embeddings == tied);
    }
}

TEST_CASE("model size: KV-cache bytes equal the cache the models allocate", "[core][model-size]") {
  for (int kv : {4, 2, 1}) {
    LlamaConfig c;
    c.vocab_size = 20, c.hidden_size = 32, c.num_hidden_layers = 3, c.num_attention_heads = 4;
    c.num_key_value_heads = kv, c.intermediate_size = 48, c.max_position_embeddings = 10;
    Llama m(c);
    CHECK(m.kv_cache_values() == 0);
    for (int id : {1, 2, 3}) m.step(id);
    // The model allocates the cache for max_position_embeddings tokens, in float32.
    CHECK(m.kv_cache_values() * int64_t(sizeof(float)) == kv_cache_bytes(decoder_shape(c), 10, 1, 4));
    CHECK(kv_values_per_token(decoder_shape(c)) == 2LL * 3 * kv * 8);
  }
  GPTConfig g;
  g.vocab_size = 20, g.n_positions = 9, g.n_embd = 24, g.n_head = 3, g.n_layer = 2;
  GPT m(g);
  m.reset_state();
  m.step(4);
  CHECK(m.kv_cache_values() * int64_t(sizeof(float)) == kv_cache_bytes(decoder_shape(g), 9, 1, 4));
  // Batch and dtype scale linearly.
  const DecoderShape s = decoder_shape(g);
  CHECK(kv_cache_bytes(s, 9, 3, 2) == 3 * kv_cache_bytes(s, 9, 1, 2));
  CHECK(kv_cache_bytes(s, 9, 1, kv_dtype_bytes(KvDtype::Int8)) * 4 == kv_cache_bytes(s, 9, 1, 4));
}

TEST_CASE("model size: the presets reproduce the published parameter counts", "[core][model-size]") {
  int checked = 0;
  for (const DecoderPreset& p : decoder_presets()) {
    INFO(p.name);
    p.shape.validate();
    if (p.published_params == 0) continue;
    CHECK(decoder_params(p.shape).total() == p.published_params);
    ++checked;
  }
  CHECK(checked == 8);
  // The GQA scene's reference model: ~1.0B, KV cache 4/24 of MHA's.
  const DecoderShape ref = decoder_preset("gqa-1b").shape;
  const double n = static_cast<double>(decoder_params(ref).total());
  CHECK(n > 0.95e9);
  CHECK(n < 1.1e9);
  const DecoderShape mha = with_variant(ref, AttnVariant::MHA, 0), mqa = with_variant(ref, AttnVariant::MQA, 0);
  CHECK(kv_cache_bytes(ref, 2048, 1, 2) * 6 == kv_cache_bytes(mha, 2048, 1, 2));
  CHECK(kv_cache_bytes(mqa, 2048, 1, 2) * 24 == kv_cache_bytes(mha, 2048, 1, 2));
  // LLaMA-2 7B in fp16: 2 x 32 layers x 4096 x 2 bytes = 512 KiB per token.
  CHECK(kv_cache_bytes(decoder_preset("llama-2-7b").shape, 1, 1, 2) == 524288);
  CHECK_THROWS_AS(decoder_preset("gpt-5"), Error);
}

TEST_CASE("model size: impossible shapes are refused with a message", "[core][model-size]") {
  DecoderShape s = decoder_preset("llama-2-7b").shape;
  s.n_kv_head = 5;
  CHECK_THROWS_WITH(decoder_params(s), Catch::Contains("not a multiple of the KV head count"));
  s = decoder_preset("llama-2-7b").shape;
  s.n_head = 30;
  CHECK_THROWS_WITH(decoder_params(s), Catch::Contains("d_model (4096)"));
  CHECK_THROWS_AS(with_variant(decoder_preset("gpt2").shape, AttnVariant::GQA, 5), Error);
  CHECK_THROWS_AS(decoder_flops_per_token(decoder_preset("gpt2").shape, 0), Error);
  CHECK_THROWS_AS(llama_config(decoder_preset("gpt2").shape), Error);
  CHECK_THROWS_AS(gpt_config(decoder_preset("llama-2-7b").shape), Error);
}

TEST_CASE("model size: decode cost with and without the KV cache counts the positions generation runs",
          "[core][model-size]") {
  GPTConfig g;
  g.vocab_size = 30, g.n_positions = 40, g.n_embd = 16, g.n_head = 2, g.n_layer = 2;
  GPT gpt(g);
  const DecoderShape s = decoder_shape(g);
  for (const auto& [p, n] : std::vector<std::pair<int, int>>{{1, 1}, {3, 8}, {5, 20}}) {
    INFO("prompt " << p << ", generate " << n);
    std::vector<int> prompt;
    for (int i = 0; i < p; ++i) prompt.push_back((7 * i + 3) % 30);
    CountingModel a(gpt), b(gpt);
    const std::vector<int> cached = generate(a, prompt, n, {0.0f, 0, 1.0f}, 1);
    const std::vector<int> uncached = generate_uncached(b, prompt, n, {0.0f, 0, 1.0f}, 1);
    CHECK(cached == uncached);  // the cache changes the work, not the tokens
    const DecodeCost c = decode_cost(s, p, n);
    CHECK(a.positions == c.positions_cached);
    CHECK(b.positions == c.positions_uncached);
    // the FLOPs are the per-token costs summed over those positions
    int64_t fc = 0, fu = 0;
    for (int i = 1; i < p + n; ++i) fc += decoder_flops_per_token(s, i).total();
    for (int j = 0; j < n; ++j)
      for (int i = 1; i <= p + j; ++i) fu += decoder_flops_per_token(s, i).total();
    CHECK(c.flops_cached == fc);
    CHECK(c.flops_uncached == fu);
    CHECK(c.ratio() >= 1.0);
  }
  // sampled (not only greedy) generation draws the same tokens both ways for a seed
  CountingModel a(gpt), b(gpt);
  CHECK(generate(a, {1, 2, 3}, 12, {0.8f, 10, 0.9f}, 99) == generate_uncached(b, {1, 2, 3}, 12, {0.8f, 10, 0.9f}, 99));
  // the saving grows with the length: about n/2 times fewer positions for long generations
  CHECK(decode_cost(s, 1, 30).ratio() > decode_cost(s, 1, 10).ratio());
  CHECK_THROWS_AS(decode_cost(s, 0, 5), Error);
  CHECK_THROWS_AS(decode_cost(s, 5, 0), Error);
}

TEST_CASE("model size: Mamba parameter counts equal instantiated Mamba LMs, tensor by tensor", "[core][model-size]") {
  for (auto [d, layers, vocab, N, conv, expand, rank] : std::vector<std::array<int, 7>>{
           {16, 2, 40, 4, 4, 2, 0}, {24, 3, 50, 8, 3, 1, 5}, {128, 1, 512, 16, 4, 2, 8}}) {
    ssm::MambaLMConfig c;
    c.block.d_model = d, c.block.d_state = N, c.block.d_conv = conv, c.block.expand = expand, c.block.dt_rank = rank;
    c.n_layer = layers, c.vocab_size = vocab;
    Rng rng(3);
    ssm::MambaLM m(c, rng);
    INFO("d " << d << ", layers " << layers);
    CHECK(mamba_params(c) == param_count(m.params()));
    // Every per-layer tensor has the size of the instantiated one.
    auto named = ssm::mamba_block_named(c.block, m.w.layers[0].mixer);
    for (const MambaTensorSize& t : mamba_tensor_sizes(c)) {
      if (t.name.rfind("mixer.", 0) != 0) continue;
      bool found = false;
      for (const auto& nm : named)
        if ("mixer." + nm.name == t.name) {
          found = true;
          CHECK(t.count == nm.m->size());
        }
      CHECK(found);
    }
    const MambaStateSize st = mamba_state_per_layer(c.block);
    ssm::MambaBlockState s;
    s.reset(c.block, m.w.layers[0].mixer);
    CHECK(st.conv_values == s.conv_state.size());
    CHECK(st.ssm_values == s.ssm_state.size());
  }
  CHECK(mamba_130m_config().block.rank() == 48);
  CHECK_THROWS(mamba_tensor_sizes(ssm::MambaLMConfig{ssm::MambaConfig{0}}));
}
