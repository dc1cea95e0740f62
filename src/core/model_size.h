// Sizes of decoder-only Transformers from their configuration: parameters, KV-cache bytes and
// forward FLOPs per token, for MHA, GQA and MQA. Two layouts:
//   GPT2  : LayerNorm (weight + bias), biases on every linear layer, learned positions (wpe),
//           GELU MLP, lm_head tied to the token embedding (core/models/gpt.h);
//   Llama : RMSNorm (weight), no biases, RoPE (no position table), SwiGLU MLP, lm_head untied
//           unless `tied` (core/models/llama.h).
// The gqa-calculator widget, the GQA scene and the advanced-attention chapter read these; tests
// check them against instantiated GPT / Llama models and the published parameter counts.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "core/models/gpt.h"
#include "core/models/llama.h"
#include "core/ssm/mamba_lm.h"

namespace tmx {

enum class DecoderFamily { GPT2, Llama };

struct DecoderShape {
  DecoderFamily family = DecoderFamily::Llama;
  int64_t vocab = 32000;    // vocabulary size
  int64_t d_model = 4096;   // C, the residual stream width (= n_head * head_dim)
  int64_t n_layer = 32;     // decoder blocks
  int64_t n_head = 32;      // query heads
  int64_t n_kv_head = 32;   // key/value heads: n_head (MHA), a divisor of it (GQA), 1 (MQA)
  int64_t d_ff = 11008;     // MLP hidden width (SwiGLU's F for Llama, 4C for GPT-2)
  int64_t n_ctx = 4096;     // longest sequence (GPT-2: rows of wpe)
  bool tied = false;        // lm_head shares the token embedding (GPT-2: always)

  int64_t head_dim() const { return d_model / n_head; }
  int64_t kv_width() const { return n_kv_head * head_dim(); }  // columns of W_K (and of W_V)
  // Throws tmx::Error naming the problem: sizes < 1, n_head not dividing d_model, n_kv_head not
  // dividing n_head, a tied=false GPT-2.
  void validate() const;
};

DecoderShape decoder_shape(const GPTConfig& c);
DecoderShape decoder_shape(const LlamaConfig& c);
LlamaConfig llama_config(const DecoderShape& s);  // Llama family; throws otherwise
GPTConfig gpt_config(const DecoderShape& s);      // GPT2 family with n_kv_head == n_head; throws otherwise

// Parameters by part (totals over all layers).
struct DecoderParams {
  int64_t embedding = 0;  // token embedding (vocab x C)
  int64_t positions = 0;  // learned positions (GPT-2: n_ctx x C; RoPE has none)
  int64_t attention = 0;  // W_Q, W_K, W_V, W_O (+ biases)
  int64_t ffn = 0;        // the MLP (core/ffn.h's ffn_params)
  int64_t norms = 0;      // two per block and the final one
  int64_t lm_head = 0;    // 0 when tied
  int64_t total() const { return embedding + positions + attention + ffn + norms + lm_head; }
};
DecoderParams decoder_params(const DecoderShape& s);

// KV cache: K and V for every layer and KV head, head_dim values each, per token of context.
int64_t kv_values_per_token(const DecoderShape& s);  // 2 * n_layer * n_kv_head * head_dim
int64_t kv_cache_bytes(const DecoderShape& s, int64_t context, int64_t batch, int bytes_per_value);

// Forward FLOPs (2 per multiply-add) of the matrix products for ONE new token that attends to
// `context` cached keys (itself included). Norms, biases, softmax and activations are not counted.
struct DecoderFlops {
  int64_t projections = 0;  // x W_Q, x W_K, x W_V, heads W_O:  2 * n_layer * C * (2C + 2 kv_width)
  int64_t attention = 0;    // q k^T and weights v:               4 * n_layer * n_head * head_dim * context
  int64_t ffn = 0;          // n_layer * ffn_flops_per_token
  int64_t lm_head = 0;      // 2 * C * vocab
  int64_t total() const { return projections + attention + ffn + lm_head; }
};
DecoderFlops decoder_flops_per_token(const DecoderShape& s, int64_t context);

// The work of generating `n` tokens after a prompt of `prompt` tokens (the logits each new token is
// drawn from), with a KV cache (positions 1 .. prompt+n-1 each go through the model once; a new
// position reads the cached K and V of the ones before it) and without one (every new token
// re-runs the whole prefix: prompt, prompt+1, ..., prompt+n-1 positions). FLOPs are sums of
// decoder_flops_per_token over the positions run (position i attends to i keys).
struct DecodeCost {
  int64_t positions_cached = 0, positions_uncached = 0;  // token positions run through the model
  int64_t flops_cached = 0, flops_uncached = 0;
  double ratio() const { return flops_cached ? double(flops_uncached) / double(flops_cached) : 0.0; }
};
DecodeCost decode_cost(const DecoderShape& s, int64_t prompt, int64_t n);

enum class AttnVariant { MHA, GQA, MQA };
AttnVariant attn_variant(const DecoderShape& s);  // from n_kv_head
// The GQA grouping the calculator and the chapter offer for a model that has none: the largest
// divisor of n_head that is at most n_head / 4 (32 -> 8, 12 -> 3, 25 -> 5); 1 when there is none.
int64_t default_gqa_kv_heads(int64_t n_head);
// The same model with n_kv_head = n_head (MHA), 1 (MQA), or `gqa_kv_heads` (GQA; must divide n_head).
DecoderShape with_variant(DecoderShape s, AttnVariant v, int64_t gqa_kv_heads);

// Bytes per stored value of a KV cache dtype (int8: values only, its scales not counted).
enum class KvDtype { F32, F16, BF16, Int8 };
int kv_dtype_bytes(KvDtype d);
// A byte count in binary units as the widget, the scene and the chapter print it: "512 KiB",
// "48.0 MiB", "1.50 GiB" (three significant digits; bytes below 1024 as "N B").
std::string format_bytes(int64_t bytes);

// Published configurations (HF config.json of each checkpoint) and the GQA scene's reference model.
struct DecoderPreset {
  const char* slug;        // "llama-2-7b"
  const char* name;        // "LLaMA-2 7B"
  DecoderShape shape;
  int64_t sliding_window;  // attention window (Mistral 7B v0.1: 4096), 0 = full causal attention
  int64_t published_params;  // the checkpoint's parameter count (HF num_parameters()), 0 if none
};
const std::vector<DecoderPreset>& decoder_presets();
const DecoderPreset& decoder_preset(const std::string& slug);  // throws tmx::Error on an unknown slug
// The GQA scene's model (BRIEF.md): ~1.0B parameters, 24 layers, hidden 1536, 24 query / 4 KV
// heads, head dim 64, SwiGLU 4608, max length 2048, LLaMA-3's untied vocabulary.
LlamaConfig gqa_reference_config();

// Mamba language models (core/ssm/mamba_lm.h): every tensor of the checkpoint with its shape and
// size, in checkpoint order (state-spaces names: the embedding, then one layer's norm.weight and
// mixer.* repeated n_layer times, then norm_f). The LM head is tied to the embedding: counted once.
struct MambaTensorSize {
  std::string name;            // "backbone.embedding.weight", "norm.weight", "mixer.in_proj.weight", ...
  std::vector<int64_t> shape;  // checkpoint shape
  int64_t count = 0;           // product of the shape
  bool per_layer = false;      // true: one per layer (multiply by n_layer)
};
std::vector<MambaTensorSize> mamba_tensor_sizes(const ssm::MambaLMConfig& c);
int64_t mamba_params(const ssm::MambaLMConfig& c);  // total: embedding + n_layer x layer + norm_f
// Mamba-130M as published (state-spaces/mamba-130m config.json): d_model 768, 24 layers, vocabulary
// 50277 padded to 50280, d_state 16, d_conv 4, expand 2, dt_rank "auto" = 48, tied embeddings.
ssm::MambaLMConfig mamba_130m_config();
// What one layer keeps while generating (MambaBlockState): conv_state (E, d_conv) and ssm_state
// (E, N) values.
struct MambaStateSize {
  int64_t conv_values = 0, ssm_values = 0;
  int64_t values() const { return conv_values + ssm_values; }
};
MambaStateSize mamba_state_per_layer(const ssm::MambaConfig& c);

}  // namespace tmx
