// LLaMA-style decoder (HF LlamaForCausalLM names): token embedding, n layers of
// RMSNorm -> attention with RoPE and GQA (num_key_value_heads <= num_attention_heads) -> residual,
// RMSNorm -> SwiGLU MLP -> residual, a final RMSNorm and an lm_head (untied unless
// tie_word_embeddings). No biases. nn.Linear weights are (out, in).
//
// Checkpoint names:
//   model.embed_tokens.weight (vocab, C)   model.norm.weight (C)   lm_head.weight (vocab, C)
//   model.layers.{i}.input_layernorm.weight (C)   model.layers.{i}.post_attention_layernorm.weight (C)
//   model.layers.{i}.self_attn.{q_proj (C, C), k_proj (kv, C), v_proj (kv, C), o_proj (C, C)}.weight
//   model.layers.{i}.mlp.{gate_proj (F, C), up_proj (F, C), down_proj (C, F)}.weight
//   with kv = num_key_value_heads * head_dim, head_dim = C / num_attention_heads, F = intermediate_size.
//
// Trace names: embed.out, layers.{i}.in, layers.{i}.input_layernorm.out, layers.{i}.attn.{q,k,v}
//   (q, k after RoPE), layers.{i}.attn.{q_prerope,k_prerope}, layers.{i}.attn.head.{h}.{q,k,v,scores,scaled,
//   masked,weights,out}, layers.{i}.attn.heads, layers.{i}.attn.out, layers.{i}.res_1,
//   layers.{i}.post_attention_layernorm.out, layers.{i}.mlp.{gate,up,hidden,out}, layers.{i}.res_2,
//   norm.out, logits.
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/json.h"
#include "core/language_model.h"
#include "core/safetensors.h"

namespace tmx {

struct LlamaConfig {
  int vocab_size = 32000;             // LLaMA's SentencePiece vocabulary
  int hidden_size = 4096;             // C
  int num_hidden_layers = 32;
  int num_attention_heads = 32;       // query heads; head_dim = hidden_size / num_attention_heads
  int num_key_value_heads = 32;       // KV heads: = heads (MHA), fewer (GQA), 1 (MQA)
  int intermediate_size = 11008;      // SwiGLU width F
  int max_position_embeddings = 2048; // longest sequence (RoPE itself has no table)
  float rms_norm_eps = 1e-6f;
  float rope_theta = 10000.0f;
  bool tie_word_embeddings = false;   // lm_head shares embed_tokens

  int head_dim() const { return hidden_size / num_attention_heads; }
  static LlamaConfig from_json(const json::Value& cfg);  // HF field names; throws tmx::Error
  std::string to_json() const;
  void validate() const;
};

struct LlamaLayer {
  Mat input_norm_w;            // (1, C)
  Mat q_w, k_w, v_w, o_w;      // (C, C), (kv, C), (kv, C), (C, C)
  Mat post_norm_w;             // (1, C)
  Mat gate_w, up_w, down_w;    // (F, C), (F, C), (C, F)
};
struct LlamaWeights {
  Mat embed;                   // (vocab, C)
  std::vector<LlamaLayer> layers;
  Mat norm_w;                  // (1, C)
  Mat lm_head;                 // (vocab, C); unused when tied
};

class Llama : public LanguageModel {
 public:
  // N(0, 0.02), norms 1; or zeros. grads = false: inference only, forward_backward throws.
  explicit Llama(const LlamaConfig& cfg, bool random_init = true, bool grads = true);
  void init_random(uint32_t seed);
  static std::unique_ptr<Llama> from_safetensors(const LlamaConfig& cfg, const SafeTensors& st,
                                                 Gradients grads = Gradients::Allocate);
  // from_safetensors as a plan (core/language_model.h): names and shapes checked now, nothing read.
  static ModelPlan plan_safetensors(const LlamaConfig& cfg, const SafeTensors& st, Gradients grads);

  std::string model_type() const override { return "llama"; }
  int vocab_size() const override { return cfg.vocab_size; }
  int max_positions() const override { return cfg.max_position_embeddings; }
  Mat forward(const std::vector<int>& ids, Trace* trace = nullptr) override;
  float forward_backward(const std::vector<int>& ids, const std::vector<int>& targets) override;
  ParamList params() override;
  void reset_state() override;
  RowVec step(int id) override;
  std::string config_json() const override { return cfg.to_json(); }
  // forward in slices (the transformer-vs-mamba widget's mixing matrix spreads one forward over
  // several frames): forward_begin embeds, each forward_step runs one layer, the last step the
  // final norm and the logits and returns true. Same code as forward, so the same numbers; `trace`
  // must be the same object on every call.
  struct ForwardRun {
    std::vector<int> ids;
    Mat x;           // (T, C) residual stream so far
    int layer = 0;   // next layer to run
    Mat logits;      // set when done
    bool done = false;
  };
  void forward_begin(ForwardRun& r, const std::vector<int>& ids, Trace* trace = nullptr);
  bool forward_step(ForwardRun& r, Trace* trace = nullptr);
  int forward_steps() const { return cfg.num_hidden_layers + 1; }
  // Values the KV cache holds right now: K and V, every layer, allocated for max_positions()
  // tokens by reset_state() / the first step(); 0 before that.
  int64_t kv_cache_values() const {
    int64_t n = 0;
    for (size_t l = 0; l < k_cache_.size(); ++l) n += k_cache_[l].size() + v_cache_[l].size();
    return n;
  }
  // Values in the filled rows of the KV cache (K and V of the tokens stepped so far).
  int64_t kv_cache_values_held() const {
    int64_t n = 0;
    for (size_t l = 0; l < k_cache_.size(); ++l)
      n += int64_t(cache_len_) * (k_cache_[l].cols() + v_cache_[l].cols());
    return n;
  }

  LlamaConfig cfg;
  LlamaWeights w;  // parameters
  LlamaWeights g;  // gradients

 private:
  struct Unfilled {};
  Llama(const LlamaConfig& cfg, Unfilled, bool grads);  // parameters unallocated (plan_safetensors)
  struct LayerActs {
    Mat in;                     // (T, C)
    Mat n1; Vec n1_rstd;        // (T, C), (T)
    Mat q, k, v;                // (T, C), (T, kv), (T, kv): q, k after RoPE
    Mat att_w;                  // (n_head*T, T)
    Mat att_y;                  // (T, C)
    Mat res1;                   // (T, C)
    Mat n2; Vec n2_rstd;        // (T, C), (T)
    Mat gate, up, hidden;       // (T, F) each
  };
  void run(Mat& logits, const std::vector<int>& ids, int pos0, bool cache, Trace* trace, bool keep_acts);
  void run_embed(Mat& x, const std::vector<int>& ids, int pos0, Trace* trace);
  void run_layer(int l, Mat& x, LayerActs& a, int pos0, bool cache, Trace* trace);
  void run_head(Mat& logits, const Mat& x, Trace* trace);
  const Mat& head() const { return cfg.tie_word_embeddings ? w.embed : w.lm_head; }

  std::vector<LayerActs> acts_;
  Mat logits_, probs_, dlogits_;  // (T, vocab) training buffers, reused across steps
  Mat x_final_, nf_; Vec nf_rstd_;      // (T, C), (T, C), (T)
  std::vector<Mat> k_cache_, v_cache_;  // per layer (max_positions, kv), keys after RoPE
  int cache_len_ = 0;
};

}  // namespace tmx
