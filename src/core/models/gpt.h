// GPT-2 (nanoGPT layout, HF GPT-2 tensor names): token + learned position embeddings, n_layer
// Pre-LN blocks (LayerNorm -> causal self-attention -> residual, LayerNorm -> MLP(GELU tanh) ->
// residual), a final LayerNorm and an lm_head tied to the token embedding.
//
// Checkpoint names (HF GPT2LMHeadModel; Conv1D weights are (in, out)):
//   transformer.wte.weight (vocab, C)        transformer.wpe.weight (n_positions, C)
//   transformer.h.{i}.ln_1.{weight,bias} (C)  transformer.h.{i}.attn.c_attn.{weight (C,3C), bias (3C)}
//   transformer.h.{i}.attn.c_proj.{weight (C,C), bias}   transformer.h.{i}.ln_2.{weight,bias}
//   transformer.h.{i}.mlp.c_fc.{weight (C,4C), bias (4C)}  transformer.h.{i}.mlp.c_proj.{weight (4C,C), bias}
//   transformer.ln_f.{weight,bias}            (lm_head.weight, if present, is ignored: tied to wte)
// Checkpoints saved from GPT2Model (HF's own "gpt2" model.safetensors) use the same names without
// the "transformer." prefix; both load. Gradients and saved checkpoints use the prefixed names.
//
// Trace names: wte.out, wpe.out, h.{i}.in, h.{i}.ln_1.out, h.{i}.attn.{q,k,v},
//   h.{i}.attn.head.{h}.{q,k,v,scores,scaled,masked,weights,out}, h.{i}.attn.heads (T,C merged),
//   h.{i}.attn.out (after c_proj), h.{i}.res_1, h.{i}.ln_2.out, h.{i}.mlp.hidden (c_fc),
//   h.{i}.mlp.act, h.{i}.mlp.out, h.{i}.res_2, ln_f.out, logits.
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "core/json.h"
#include "core/language_model.h"
#include "core/rng.h"
#include "core/safetensors.h"

namespace tmx {

struct GPTConfig {
  int vocab_size = 50257;            // GPT-2's BPE vocabulary
  int n_positions = 1024;            // context length (rows of wpe)
  int n_embd = 768;                  // C, the residual stream width
  int n_head = 12;                   // attention heads; head_dim = n_embd / n_head
  int n_layer = 12;                  // transformer blocks
  float layer_norm_epsilon = 1e-5f;  // LayerNorm eps
  float dropout = 0.0f;              // training only (forward_backward): embeddings and both residual
                                     // branches. A trainer setting: config.json's *_pdrop are ignored,
                                     // so `tmx grad` on an HF checkpoint stays deterministic.

  static GPTConfig from_json(const json::Value& cfg);  // HF field names; throws tmx::Error
  std::string to_json() const;
  void validate() const;  // throws tmx::Error on non-positive or inconsistent sizes
};

// One block's tensors (also used for the gradients, same shapes).
struct GPTLayer {
  Mat ln_1_w, ln_1_b;      // (1, C)
  Mat c_attn_w, c_attn_b;  // (C, 3C), (1, 3C)   q|k|v columns
  Mat attn_proj_w, attn_proj_b;  // (C, C), (1, C)
  Mat ln_2_w, ln_2_b;      // (1, C)
  Mat c_fc_w, c_fc_b;      // (C, 4C), (1, 4C)
  Mat mlp_proj_w, mlp_proj_b;  // (4C, C), (1, C)
};
struct GPTWeights {
  Mat wte;                 // (vocab, C), also the lm_head
  Mat wpe;                 // (n_positions, C)
  std::vector<GPTLayer> h;
  Mat ln_f_w, ln_f_b;      // (1, C)
};

// What-if switches for GPT::forward_with (the Attention lab). Defaults = forward().
struct GPTForwardOptions {
  bool causal = true;               // false: every position also attends to later ones
  std::vector<uint8_t> zero_heads;  // (n_layer * n_head) or empty; 1 = zero that head's output
                                    // before c_proj (head ablation). head.{h}.out is traced unzeroed.
  bool last_logits_only = false;    // logits (1, vocab) for the last position only
};

class GPT : public LanguageModel {
 public:
  // random_init: weights ~ N(0, 0.02), LayerNorm = identity (nanoGPT init); false: all zeros
  // (the loader fills them, skipping millions of random draws).
  // grads = false: inference only (the Attention lab), no gradient tensors (half the memory,
  // and half the zeroing in the step that builds the model); forward_backward then throws.
  explicit GPT(const GPTConfig& cfg, bool random_init = true, bool grads = true);
  void init_random(uint32_t seed);
  // init_random in slices (the Attention lab spreads a model's init over frames, as one call
  // for 6 layers of width 128 draws ~1.2M normals, far more than a frame): the same draws in
  // the same order from one Rng, so the weights are bit-identical to init_random(seed), which
  // is itself begin + one unbounded step.
  struct InitRun {
    Rng rng{1337};
    size_t param = 0;      // index in params() order
    Eigen::Index pos = 0;  // next value inside that parameter
    bool done = false;
  };
  void init_random_begin(InitRun& r, uint32_t seed) const;
  // Sets at most max_values more values (at least one); true when every parameter is set.
  bool init_random_step(InitRun& r, int64_t max_values);
  int64_t num_values() const;  // values init_random sets (every parameter's size)
  static std::unique_ptr<GPT> from_safetensors(const GPTConfig& cfg, const SafeTensors& st,
                                               Gradients grads = Gradients::Allocate);
  // from_safetensors as a plan (core/language_model.h): checks every tensor's name and shape now,
  // reads none of them.
  static ModelPlan plan_safetensors(const GPTConfig& cfg, const SafeTensors& st, Gradients grads);
  // Every parameter's checkpoint name and shape, in checkpoint order, without allocating a model
  // (GPT-2 small's table for the GPT chapter).
  static std::vector<std::pair<std::string, std::vector<int64_t>>> param_shapes(const GPTConfig& cfg);

  std::string model_type() const override { return "gpt2"; }
  int vocab_size() const override { return cfg.vocab_size; }
  int max_positions() const override { return cfg.n_positions; }
  Mat forward(const std::vector<int>& ids, Trace* trace = nullptr) override;
  Mat forward_with(const std::vector<int>& ids, const GPTForwardOptions& opt, Trace* trace = nullptr);
  float forward_backward(const std::vector<int>& ids, const std::vector<int>& targets) override;
  ParamList params() override;
  void reset_state() override;
  RowVec step(int id) override;
  std::string config_json() const override { return cfg.to_json(); }
  // forward_with in slices (the Attention lab spreads one forward over several frames):
  // forward_begin embeds, each forward_step runs one block, the last step ln_f and the logits
  // and returns true. Same code as forward_with, so the same numbers; `trace` must be the same
  // object on every call.
  struct ForwardRun {
    std::vector<int> ids;
    GPTForwardOptions opt;
    Mat x;           // (T, C) residual stream so far
    int layer = 0;   // next block to run
    Mat logits;      // set when done
    bool done = false;
  };
  void forward_begin(ForwardRun& r, const std::vector<int>& ids, const GPTForwardOptions& opt, Trace* trace = nullptr);
  bool forward_step(ForwardRun& r, Trace* trace = nullptr);
  int forward_steps() const { return cfg.n_layer + 1; }

  // Dropout masks of the next forward_backward calls come from this seed (reproducible steps).
  void set_dropout_seed(uint32_t seed) { drop_rng_.seed(seed); }

  // Values the KV cache holds right now: K and V, every layer, allocated for max_positions()
  // tokens by reset_state() / the first step(); 0 before that.
  int64_t kv_cache_values() const {
    int64_t n = 0;
    for (size_t l = 0; l < k_cache_.size(); ++l) n += k_cache_[l].size() + v_cache_[l].size();
    return n;
  }

  // Values in the filled rows of the KV cache: K and V of the tokens stepped so far (2 · n_layer ·
  // tokens · C), the part of the allocation decoding has used.
  int64_t kv_cache_values_held() const {
    int64_t n = 0;
    for (size_t l = 0; l < k_cache_.size(); ++l)
      n += int64_t(cache_len_) * (k_cache_[l].cols() + v_cache_[l].cols());
    return n;
  }

  GPTConfig cfg;
  GPTWeights w;   // parameters
  GPTWeights g;   // their gradients

 private:
  // Saved activations of one block for the backward pass.
  struct LayerActs {
    Mat in;                    // (T, C) residual stream entering the block
    Mat ln1; Vec ln1_mean, ln1_rstd;  // (T, C), (T), (T)
    Mat q, k, v;               // (T, C) each
    Mat att_w;                 // (n_head*T, T) softmax weights
    Mat att_y;                 // (T, C) merged head outputs
    Mat res1;                  // (T, C)
    Mat ln2; Vec ln2_mean, ln2_rstd;  // (T, C), (T), (T)
    Mat fc;                    // (T, 4C) pre-activation
    Mat act;                   // (T, 4C) GELU output
    Mat drop_attn, drop_mlp;   // (T, C) dropout masks of the two residual branches (training)
  };
  // Runs tokens at positions pos0.. through the model. With `cache`, keys/values are appended to
  // the KV cache and attention reads the whole cache (incremental decoding).
  // keep_acts also means training: dropout is applied (if cfg.dropout > 0). opt: forward_with's switches.
  void run(Mat& logits, const std::vector<int>& ids, int pos0, bool cache, Trace* trace, bool keep_acts,
           const GPTForwardOptions* opt = nullptr);
  void run_embed(Mat& x, const std::vector<int>& ids, int pos0, Trace* trace, bool drop);
  void run_block(int l, Mat& x, LayerActs& a, int pos0, bool cache, Trace* trace, bool drop, const GPTForwardOptions* opt);
  void run_head(Mat& logits, const Mat& x, bool last_only, Trace* trace);

  struct Unfilled {};
  GPT(const GPTConfig& cfg, Unfilled, bool grads);  // parameters unallocated (plan_safetensors)

  std::vector<LayerActs> acts_;
  Mat logits_, probs_, dlogits_;  // (T, vocab) training buffers, reused across steps
  Mat lnf_; Vec lnf_mean_, lnf_rstd_;  // (T, C), (T), (T)
  Mat x_final_;                        // (T, C) residual stream before ln_f
  Mat drop_emb_;                       // (T, C) dropout mask of the embeddings (training)
  Rng drop_rng_{1337};
  std::vector<Mat> k_cache_, v_cache_; // per layer (n_positions, C)
  int cache_len_ = 0;
};

}  // namespace tmx
