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
//   layers.{i}.mixer.<block trace names, see mamba_block.h>, layers.{i}.out; norm_f.out; logits.
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

class MambaLM : public LanguageModel {
 public:
  // Reference initialization (mixer_seq_simple._init_weights): embedding ~ N(0, 0.02), norms 1,
  // blocks as mamba_block_init, out_proj.weight further divided by sqrt(n_layer).
  MambaLM(const MambaLMConfig& c, Rng& rng);
  // From a checkpoint (state-spaces or HF names); throws tmx::Error on missing/mis-shaped tensors.
  MambaLM(const MambaLMConfig& c, const SafeTensors& weights);

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
  const MambaBlockCache& block_cache(int i) const { return cache_.layers[i].block; }

  struct Layer {
    Mat norm_weight;          // (1, d_model)  backbone.layers.{i}.norm.weight
    MambaBlockParams mixer;   // backbone.layers.{i}.mixer.*
  };
  Mat embedding;              // (vocab, d_model)  backbone.embedding.weight (tied LM head)
  std::vector<Layer> layers;  // (n_layer)
  Mat norm_f;                 // (1, d_model)  backbone.norm_f.weight
  // Gradients, same shapes.
  Mat d_embedding;
  std::vector<Layer> d_layers;
  Mat d_norm_f;

 private:
  void alloc_grads();
  Mat forward_impl(const std::vector<int>& ids, Trace* trace);
  MambaLMConfig cfg_;
  struct LayerCache {
    Mat in;                   // (T, d_model) residual stream entering the layer
    Vec rstd;                 // (T) 1/sqrt(mean(x²) + eps) of the pre-norm
    Mat normed;               // (T, d_model)
    MambaBlockCache block;
  };
  struct Cache {
    std::vector<int> ids;
    std::vector<LayerCache> layers;
    Mat h;                    // (T, d_model) final residual stream
    Vec rstd_f;               // (T)
    Mat hf;                   // (T, d_model) after norm_f
  } cache_;
  std::vector<MambaBlockState> state_;  // (n_layer) decode state
};

// For the model loader: builds a MambaLM from config.json + weights.
std::unique_ptr<LanguageModel> make_mamba_lm(const json::Value& config, const SafeTensors& weights);

}  // namespace tmx::ssm
