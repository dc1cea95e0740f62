#include "core/model_size.h"

#include <cstdio>
#include <string>
#include <vector>

#include "core/error.h"
#include "core/ffn.h"

namespace tmx {

void DecoderShape::validate() const {
  if (vocab < 1 || d_model < 1 || n_layer < 1 || n_head < 1 || n_kv_head < 1 || d_ff < 1 || n_ctx < 1)
    throw Error("model size: every size must be at least 1");
  if (d_model % n_head != 0)
    throw Error("model size: d_model (" + std::to_string(d_model) + ") is not a multiple of the head count (" +
                std::to_string(n_head) + ")");
  if (n_head % n_kv_head != 0)
    throw Error("model size: the head count (" + std::to_string(n_head) + ") is not a multiple of the KV head count (" +
                std::to_string(n_kv_head) + ")");
  if (family == DecoderFamily::GPT2 && !tied) throw Error("model size: GPT-2 ties lm_head to the token embedding");
}

DecoderShape decoder_shape(const GPTConfig& c) {
  DecoderShape s;
  s.family = DecoderFamily::GPT2;
  s.vocab = c.vocab_size, s.d_model = c.n_embd, s.n_layer = c.n_layer, s.n_head = c.n_head, s.n_kv_head = c.n_head;
  s.d_ff = 4LL * c.n_embd, s.n_ctx = c.n_positions, s.tied = true;
  return s;
}

DecoderShape decoder_shape(const LlamaConfig& c) {
  DecoderShape s;
  s.family = DecoderFamily::Llama;
  s.vocab = c.vocab_size, s.d_model = c.hidden_size, s.n_layer = c.num_hidden_layers;
  s.n_head = c.num_attention_heads, s.n_kv_head = c.num_key_value_heads, s.d_ff = c.intermediate_size;
  s.n_ctx = c.max_position_embeddings, s.tied = c.tie_word_embeddings;
  return s;
}

LlamaConfig llama_config(const DecoderShape& s) {
  s.validate();
  if (s.family != DecoderFamily::Llama) throw Error("model size: not a LLaMA-layout shape");
  LlamaConfig c;
  c.vocab_size = static_cast<int>(s.vocab), c.hidden_size = static_cast<int>(s.d_model);
  c.num_hidden_layers = static_cast<int>(s.n_layer), c.num_attention_heads = static_cast<int>(s.n_head);
  c.num_key_value_heads = static_cast<int>(s.n_kv_head), c.intermediate_size = static_cast<int>(s.d_ff);
  c.max_position_embeddings = static_cast<int>(s.n_ctx), c.tie_word_embeddings = s.tied;
  return c;
}

GPTConfig gpt_config(const DecoderShape& s) {
  s.validate();
  if (s.family != DecoderFamily::GPT2 || s.n_kv_head != s.n_head || s.d_ff != 4 * s.d_model)
    throw Error("model size: not a GPT-2-layout shape (MHA, d_ff = 4 d_model)");
  GPTConfig c;
  c.vocab_size = static_cast<int>(s.vocab), c.n_embd = static_cast<int>(s.d_model);
  c.n_layer = static_cast<int>(s.n_layer), c.n_head = static_cast<int>(s.n_head), c.n_positions = static_cast<int>(s.n_ctx);
  return c;
}

DecoderParams decoder_params(const DecoderShape& s) {
  s.validate();
  const bool gpt = s.family == DecoderFamily::GPT2;
  const int64_t C = s.d_model, kv = s.kv_width(), L = s.n_layer;
  DecoderParams p;
  p.embedding = s.vocab * C;
  p.positions = gpt ? s.n_ctx * C : 0;
  const int64_t attn_w = C * C /*Q*/ + 2 * kv * C /*K, V*/ + C * C /*O*/;
  const int64_t attn_b = gpt ? C + 2 * kv + C : 0;
  p.attention = L * (attn_w + attn_b);
  p.ffn = L * ffn_params(C, s.d_ff, !gpt, gpt);
  const int64_t norm = gpt ? 2 * C : C;  // LayerNorm: weight + bias; RMSNorm: weight
  p.norms = (2 * L + 1) * norm;
  p.lm_head = s.tied ? 0 : s.vocab * C;
  return p;
}

int64_t kv_values_per_token(const DecoderShape& s) {
  s.validate();
  return 2 * s.n_layer * s.kv_width();
}

int64_t kv_cache_bytes(const DecoderShape& s, int64_t context, int64_t batch, int bytes_per_value) {
  if (context < 0 || batch < 0 || bytes_per_value < 1) throw Error("model size: context, batch and bytes must not be negative");
  return kv_values_per_token(s) * context * batch * bytes_per_value;
}

DecoderFlops decoder_flops_per_token(const DecoderShape& s, int64_t context) {
  s.validate();
  if (context < 1) throw Error("model size: the context must hold at least the token itself");
  const bool gpt = s.family == DecoderFamily::GPT2;
  const int64_t C = s.d_model, L = s.n_layer;
  DecoderFlops f;
  f.projections = 2 * L * C * (2 * C + 2 * s.kv_width());
  f.attention = 4 * L * s.n_head * s.head_dim() * context;
  f.ffn = L * ffn_flops_per_token(C, s.d_ff, !gpt);
  f.lm_head = 2 * C * s.vocab;
  return f;
}

DecodeCost decode_cost(const DecoderShape& s, int64_t prompt, int64_t n) {
  if (prompt < 1 || n < 1) throw Error("decode cost: the prompt and the generated tokens need at least one token each");
  // prefix[m] = FLOPs of one forward over positions 1..m
  std::vector<int64_t> prefix(static_cast<size_t>(prompt + n), 0);
  for (int64_t i = 1; i < prompt + n; ++i) prefix[i] = prefix[i - 1] + decoder_flops_per_token(s, i).total();
  DecodeCost c;
  c.positions_cached = prompt + n - 1;
  c.flops_cached = prefix[prompt + n - 1];
  for (int64_t j = 0; j < n; ++j) {
    c.positions_uncached += prompt + j;
    c.flops_uncached += prefix[prompt + j];
  }
  return c;
}

AttnVariant attn_variant(const DecoderShape& s) {
  if (s.n_kv_head == s.n_head) return AttnVariant::MHA;
  return s.n_kv_head == 1 ? AttnVariant::MQA : AttnVariant::GQA;
}

int64_t default_gqa_kv_heads(int64_t n_head) {
  for (int64_t k = n_head / 4; k >= 2; --k)
    if (n_head % k == 0) return k;
  return 1;
}

DecoderShape with_variant(DecoderShape s, AttnVariant v, int64_t gqa_kv_heads) {
  s.n_kv_head = v == AttnVariant::MHA ? s.n_head : v == AttnVariant::MQA ? 1 : gqa_kv_heads;
  s.validate();
  return s;
}

int kv_dtype_bytes(KvDtype d) {
  switch (d) {
    case KvDtype::F32: return 4;
    case KvDtype::F16:
    case KvDtype::BF16: return 2;
    case KvDtype::Int8: return 1;
  }
  return 4;
}

std::string format_bytes(int64_t bytes) {
  if (bytes < 1024) return std::to_string(bytes) + " B";
  static const char* const units[] = {"KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
  double v = static_cast<double>(bytes) / 1024.0;
  int u = 0;
  while (v >= 1024.0 && u < 5) v /= 1024.0, ++u;
  char b[32];
  std::snprintf(b, sizeof b, v < 9.995 ? "%.2f %s" : v < 99.95 ? "%.1f %s" : "%.0f %s", v, units[u]);
  return b;
}

namespace {

DecoderShape gpt2(int64_t C, int64_t L, int64_t H) {
  DecoderShape s;
  s.family = DecoderFamily::GPT2;
  s.vocab = 50257, s.d_model = C, s.n_layer = L, s.n_head = H, s.n_kv_head = H, s.d_ff = 4 * C, s.n_ctx = 1024;
  s.tied = true;
  return s;
}

DecoderShape llama(int64_t V, int64_t C, int64_t L, int64_t H, int64_t KV, int64_t F, int64_t ctx) {
  DecoderShape s;
  s.family = DecoderFamily::Llama;
  s.vocab = V, s.d_model = C, s.n_layer = L, s.n_head = H, s.n_kv_head = KV, s.d_ff = F, s.n_ctx = ctx;
  s.tied = false;
  return s;
}

}  // namespace

LlamaConfig gqa_reference_config() { return llama_config(decoder_preset("gqa-1b").shape); }

const std::vector<DecoderPreset>& decoder_presets() {
  static const std::vector<DecoderPreset> presets = {
      {"gpt2", "GPT-2 small", gpt2(768, 12, 12), 0, 124439808},
      {"gpt2-medium", "GPT-2 medium", gpt2(1024, 24, 16), 0, 354823168},
      {"gpt2-large", "GPT-2 large", gpt2(1280, 36, 20), 0, 774030080},
      {"gpt2-xl", "GPT-2 XL", gpt2(1600, 48, 25), 0, 1557611200},
      {"llama-2-7b", "LLaMA-2 7B", llama(32000, 4096, 32, 32, 32, 11008, 4096), 0, 6738415616},
      {"llama-2-70b", "LLaMA-2 70B", llama(32000, 8192, 80, 64, 8, 28672, 4096), 0, 68976648192},
      {"llama-3-8b", "LLaMA-3 8B", llama(128256, 4096, 32, 32, 8, 14336, 8192), 0, 8030261248},
      {"mistral-7b", "Mistral 7B", llama(32000, 4096, 32, 32, 8, 14336, 32768), 4096, 7241732096},
      {"gqa-1b", "1B reference (GQA scene)", llama(128256, 1536, 24, 24, 4, 4608, 2048), 0, 0},
  };
  return presets;
}

const DecoderPreset& decoder_preset(const std::string& slug) {
  for (const auto& p : decoder_presets())
    if (slug == p.slug) return p;
  throw Error("model size: no preset named '" + slug + "'");
}

std::vector<MambaTensorSize> mamba_tensor_sizes(const ssm::MambaLMConfig& c) {
  c.validate();
  auto make = [](std::string name, std::vector<int64_t> shape, bool per_layer) {
    MambaTensorSize t{std::move(name), std::move(shape), 1, per_layer};
    for (int64_t d : t.shape) t.count *= d;
    return t;
  };
  std::vector<MambaTensorSize> out;
  out.push_back(make("backbone.embedding.weight", {c.vocab_size, c.block.d_model}, false));
  out.push_back(make("norm.weight", {c.block.d_model}, true));
  ssm::MambaBlockParams shapes_only;  // mamba_block_named reads the config for the shapes
  for (const auto& nm : ssm::mamba_block_named(c.block, shapes_only)) out.push_back(make("mixer." + nm.name, nm.shape, true));
  out.push_back(make("backbone.norm_f.weight", {c.block.d_model}, false));
  return out;
}

int64_t mamba_params(const ssm::MambaLMConfig& c) {
  int64_t total = 0;
  for (const MambaTensorSize& t : mamba_tensor_sizes(c)) total += t.per_layer ? t.count * c.n_layer : t.count;
  return total;
}

ssm::MambaLMConfig mamba_130m_config() {
  ssm::MambaLMConfig c;
  c.block.d_model = 768;
  c.block.d_state = 16;
  c.block.d_conv = 4;
  c.block.expand = 2;
  c.block.dt_rank = 0;  // "auto": ceil(768 / 16) = 48
  c.n_layer = 24;
  c.vocab_size = 50280;
  return c;
}

MambaStateSize mamba_state_per_layer(const ssm::MambaConfig& c) {
  c.validate();
  return {int64_t(c.d_inner()) * c.d_conv, int64_t(c.d_inner()) * c.d_state};
}

}  // namespace tmx
