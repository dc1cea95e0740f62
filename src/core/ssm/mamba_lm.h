// Mamba language model (state-spaces MambaLMHeadModel / HF MambaForCausalLM):
//
//   h = embedding[ids]                                  (T, d_model)
//   for each layer i:  h = h + Mixer_i(RMSNorm_i(h))    (pre-norm residual, Mixer = Mamba block)
//   logits = RMSNorm_f(h) · embeddingᵀ                  (T, vocab)  LM head tied to the embedding
//
// Checkpoint names (either set is accepted on load; params() uses the state-spaces names):
//   state-spaces: backbone.embedding.weight, backbone.layers.{i}.norm.weight,
//                 backbone.layers.{i}.mixer.{in_proj.weight, conv1d.weight, conv1d.bias, x_proj.weight,
//                 dt_proj.weight, dt_proj.bias, A_log, D, out_proj.weight}, backbone.norm_f.weight,
//                 lm_head.weight (optional, must equal the embedding: tied)
//   HF:           the same with backbone.embeddings.weight
// config.json: model_type "mamba"; d_model | hidden_size; n_layer | num_hidden_layers; vocab_size;
//   d_state | state_size; d_conv | conv_kernel; expand; dt_rank | time_step_rank (int or "auto");
//   layer_norm_epsilon | norm_epsilon (default 1e-5). state-spaces' nested "ssm_cfg" is read too.
//   The embedding may have more rows than vocab_size (pad_vocab_size_multiple): the model's
//   vocabulary is the embedding's row count.
//
// Trace names (forward with a Trace): embedding.out; layers.{i}.in, layers.{i}.norm.out,
//   layers.{i}.mixer.<block trace names, see mamba_block.h>, layers.{i}.out; norm_f.out; logits;
//   and for T <= 256 layers.{i}.mixer.hidden_attention (T, T): mean over channels of |α|
//   (hidden_attention.h).
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "core/json.h"
#include "core/language_model.h"
#include "core/rng.h"
#include "core/safetensors.h"
#include "core/ssm/mamba_block.h"

namespace tmx::ssm {

struct MambaLMConfig {
  MambaConfig block;        // d_model, d_state, d_conv, expand, dt_rank
  int vocab_size = 256;
  int n_layer = 2;
  float norm_eps = 1e-5f;   // RMSNorm epsilon
  void validate() const;
};

// Parses a config.json object (state-spaces or HF field names). Throws tmx::Error naming the field.
MambaLMConfig mamba_config_from_json(const json::Value& cfg);

// All weights of the LM (also used for the gradients, same shapes). Templated on the scalar like
// the block: float for the model, double for finite-difference tests.
template <typename S>
struct MambaLMWeightsT {
  struct Layer {
    MatS<S> norm_weight;          // (1, d_model)  backbone.layers.{i}.norm.weight
    MambaBlockParamsT<S> mixer;   // backbone.layers.{i}.mixer.*
  };
  MatS<S> embedding;              // (vocab, d_model)  backbone.embedding.weight (tied LM head)
  std::vector<Layer> layers;      // (n_layer)
  MatS<S> norm_f;                 // (1, d_model)  backbone.norm_f.weight
};
using MambaLMWeights = MambaLMWeightsT<float>;


// Zero weights (or gradients) for c (vocabulary c.vocab_size).
template <typename S = float>
MambaLMWeightsT<S> mamba_lm_zeros(const MambaLMConfig& c);

// What the forward keeps for the backward pass.
template <typename S>
struct MambaLMActsT {
  struct Layer {
    MatS<S> in;                   // (T, d_model) residual stream entering the layer
    Eigen::Matrix<S, Eigen::Dynamic, 1> rstd;  // (T) 1/sqrt(mean(x²) + eps) of the pre-norm
    MatS<S> normed;               // (T, d_model)
    MambaBlockCacheT<S> block;
  };
  std::vector<int> ids;           // (T)
  std::vector<Layer> layers;      // (n_layer)
  MatS<S> h;                      // (T, d_model) final residual stream
  Eigen::Matrix<S, Eigen::Dynamic, 1> rstd_f;  // (T)
  MatS<S> hf;                     // (T, d_model) after norm_f
};

// One layer of mamba_lm_forward: h (T, d_model) <- h + Mixer_i(RMSNorm_i(h)), the layer's cache in lc
// (a sliced forward runs these one at a time: decode_compare.h's MixingJob).
template <typename S>
void mamba_lm_layer_forward(const MambaLMConfig& c, const MambaLMWeightsT<S>& w, int i, MatS<S>& h,
                            typename MambaLMActsT<S>::Layer& lc, Trace* trace = nullptr);

// ids (T) -> logits (T, vocab). Throws tmx::Error on empty input or ids out of range.
// Trace (float only) records the names listed at the top of this file.
template <typename S>
MatS<S> mamba_lm_forward(const MambaLMConfig& c, const MambaLMWeightsT<S>& w, const std::vector<int>& ids,
                         MambaLMActsT<S>& acts, Trace* trace = nullptr);

// Mean cross-entropy of logits vs targets (−1 ignored) and its backward through the whole model;
// gradients ACCUMULATE into g. Returns the loss.
template <typename S>
double mamba_lm_backward(const MambaLMConfig& c, const MambaLMWeightsT<S>& w, const MambaLMActsT<S>& acts,
                         const MatS<S>& logits, const std::vector<int>& targets, MambaLMWeightsT<S>& g);

class MambaLM : public LanguageModel {
 public:
  // Reference initialization (mixer_seq_simple._init_weights): embedding ~ N(0, 0.02), norms 1,
  // blocks as mamba_block_init, out_proj.weight further divided by sqrt(n_layer).
  MambaLM(const MambaLMConfig& c, Rng& rng);
  // From a checkpoint (state-spaces or HF names); throws tmx::Error on missing/mis-shaped tensors.
  // Gradients::None: inference only (forward_backward throws).
  MambaLM(const MambaLMConfig& c, const SafeTensors& weights, Gradients grads = Gradients::Allocate);
  // The same as a plan (core/language_model.h): names and shapes checked now, nothing read.
  static ModelPlan plan_safetensors(const MambaLMConfig& c, const SafeTensors& weights, Gradients grads);

  std::string model_type() const override { return "mamba"; }
  int vocab_size() const override { return cfg_.vocab_size; }
  int max_positions() const override { return 0; }  // recurrent: no limit
  Mat forward(const std::vector<int>& ids, Trace* trace = nullptr) override;
  float forward_backward(const std::vector<int>& ids, const std::vector<int>& targets) override;
  ParamList params() override;
  void reset_state() override;
  RowVec step(int id) override;
  std::string config_json() const override;

  const MambaLMConfig& config() const { return cfg_; }
  // Block cache of layer i from the last forward (for the hidden-attention matrix).
  const MambaBlockCache& block_cache(int i) const { return acts_.layers[i].block; }

  // Values the decode state holds: conv_state + ssm_state of every layer (n_layer · E · (d_conv + N)),
  // whatever the position; 0 before reset_state() / the first step(). `all` adds what the state
  // also keeps per layer: A = −exp(A_log) (E · N, cached at reset) and the per-token scratch rows.
  int64_t state_values(bool all = false) const {
    int64_t n = 0;
    for (const MambaBlockState& s : state_) {
      n += s.conv_state.size() + s.ssm_state.size();
      if (all) n += s.A.size() + s.xz.size() + s.u.size() + s.x_dbl.size() + s.dt.size() + s.y.size();
    }
    return n;
  }

  MambaLMWeights w;  // parameters
  MambaLMWeights g;  // their gradients

 private:
  struct Unfilled {};
  MambaLM(const MambaLMConfig& c, Unfilled) : cfg_(c) {}
  void plan_reads(const SafeTensors& st, Gradients grads, ModelPlan& p);  // this model's part of a plan
  MambaLMConfig cfg_;
  MambaLMActsT<float> acts_;
  std::vector<MambaBlockState> state_;  // (n_layer) decode state
};

// For the model loader: builds a MambaLM from config.json + weights.
std::unique_ptr<LanguageModel> make_mamba_lm(const json::Value& config, const SafeTensors& weights,
                                             Gradients grads = Gradients::Allocate);
ModelPlan plan_mamba_lm(const json::Value& config, const SafeTensors& weights, Gradients grads);

}  // namespace tmx::ssm
