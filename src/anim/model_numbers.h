// Sizes the scenes show for LLaMA-style configurations, computed from core's LlamaConfig
// (tests check param_count against a real Llama's parameter list).
#pragma once
#include <cstdint>

#include "core/models/llama.h"

namespace tmx::anim {

// The GQA scene's reference model (BRIEF.md): ~1.0B parameters, 24 layers, hidden 1536, 24 query
// heads / 4 KV heads, head dim 64, SwiGLU FFN 4608, max length 2048, a LLaMA-3-sized untied
// vocabulary.
inline LlamaConfig gqa_reference_config() {
  LlamaConfig c;
  c.vocab_size = 128256;
  c.hidden_size = 1536;
  c.num_hidden_layers = 24;
  c.num_attention_heads = 24;
  c.num_key_value_heads = 4;
  c.intermediate_size = 4608;
  c.max_position_embeddings = 2048;
  c.tie_word_embeddings = false;
  return c;
}

// Every trainable parameter: embeddings, per-layer attention (q, k, v, o), SwiGLU (gate, up,
// down), two RMSNorm weights per layer, the final norm, and lm_head unless tied.
inline int64_t llama_param_count(const LlamaConfig& c) {
  const int64_t C = c.hidden_size, F = c.intermediate_size, kv = int64_t(c.num_key_value_heads) * c.head_dim();
  const int64_t per_layer = C * C * 2 + kv * C * 2 + F * C * 3 + 2 * C;
  return int64_t(c.vocab_size) * C * (c.tie_word_embeddings ? 1 : 2) + c.num_hidden_layers * per_layer + C;
}

// KV cache for `tokens` positions: K and V, every layer, every KV head, head_dim values each.
inline int64_t kv_cache_bytes(const LlamaConfig& c, int64_t tokens, int bytes_per_value) {
  return 2 * int64_t(c.num_hidden_layers) * c.num_key_value_heads * c.head_dim() * tokens * bytes_per_value;
}

}  // namespace tmx::anim
