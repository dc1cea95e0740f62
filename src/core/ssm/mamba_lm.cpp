// [SECTION] index
//   config (json)
//   construction: init and checkpoint loading
//   forward, forward_backward
//   params, step, config_json
#include "core/ssm/mamba_lm.h"

#include <cmath>
#include <sstream>
#include <type_traits>

#include "core/error.h"
#include "core/nn/gemm.h"
#include "core/nn/ops.h"
#include "core/ssm/check.h"
#include "core/ssm/hidden_attention.h"

namespace tmx::ssm {

static constexpr int kHiddenAttentionMaxT = 256;  // longest sequence whose hidden attention is traced

//-----------------------------------------------------------------------------
// [SECTION] config (json)
//-----------------------------------------------------------------------------
void MambaLMConfig::validate() const {
  block.validate();
  ssm_check(vocab_size > 0 && vocab_size <= (1 << 24), "mamba config: vocab_size out of range");
  ssm_check(n_layer > 0 && n_layer <= 1024, "mamba config: n_layer out of range");
  ssm_check(std::isfinite(norm_eps) && norm_eps > 0, "mamba config: layer_norm_epsilon must be > 0");
}

// First present key among names, looked up in cfg then in cfg["ssm_cfg"] (state-spaces).
static const json::Value* field(const json::Value& cfg, std::initializer_list<const char*> names) {
  const json::Value* ssm_cfg = cfg.find("ssm_cfg");
  for (const char* n : names) {
    if (const json::Value* v = cfg.find(n)) return v;
    if (ssm_cfg && ssm_cfg->is_object())
      if (const json::Value* v = ssm_cfg->find(n)) return v;
  }
  return nullptr;
}

// A size under any of its names (Mamba and HF spell them differently), via json::Value::as_size.
static int int_field(const json::Value& cfg, std::initializer_list<const char*> names, int def, bool required) {
  const json::Value* v = field(cfg, names);
  if (!v) {
    if (required) throw Error(ErrorKind::ConfigField, *names.begin(), std::string("config: missing field '") + *names.begin() + "'");
    return def;
  }
  return v->as_size(*names.begin());
}

MambaLMConfig mamba_config_from_json(const json::Value& cfg) {
  if (!cfg.is_object()) throw Error(ErrorKind::Json, "", "config: not a JSON object");
  MambaLMConfig c;
  c.block.d_model = int_field(cfg, {"d_model", "hidden_size"}, 0, true);
  c.n_layer = int_field(cfg, {"n_layer", "num_hidden_layers"}, 0, true);
  c.vocab_size = int_field(cfg, {"vocab_size"}, 0, true);
  c.block.d_state = int_field(cfg, {"d_state", "state_size"}, 16, false);
  c.block.d_conv = int_field(cfg, {"d_conv", "conv_kernel"}, 4, false);
  c.block.expand = int_field(cfg, {"expand"}, 2, false);
  if (const json::Value* v = field(cfg, {"intermediate_size", "d_inner"}))  // HF writes it; must agree
    if (v->as_int("intermediate_size") != (int64_t)c.block.expand * c.block.d_model)
      throw Error(ErrorKind::ConfigField, "intermediate_size", "config: intermediate_size must equal expand * hidden_size");
  const json::Value* r = field(cfg, {"dt_rank", "time_step_rank"});
  if (r && r->is_string()) {
    if (r->str != "auto") throw Error(ErrorKind::ConfigField, "dt_rank", "config: field 'dt_rank' must be an integer or \"auto\"");
    c.block.dt_rank = 0;  // ceil(d_model / 16)
  } else if (r) {
    c.block.dt_rank = int_field(cfg, {"dt_rank", "time_step_rank"}, 0, true);
  }
  if (const json::Value* v = field(cfg, {"lti"})) {  // the LTI ablation (mamba_block.h)
    if (!v->is_bool()) throw Error(ErrorKind::ConfigField, "lti", "config: field 'lti' must be true or false");
    c.block.lti = v->b;
  }
  const json::Value* eps = field(cfg, {"layer_norm_epsilon", "norm_epsilon"});
  if (eps) {
    if (!eps->is_number()) throw Error(ErrorKind::ConfigField, "layer_norm_epsilon", "config: field 'layer_norm_epsilon' must be a number");
    c.norm_eps = (float)eps->num;
  }
  // Variants this implementation does not have: refuse clearly instead of computing something else.
  if (const json::Value* v = field(cfg, {"rms_norm"}); v && v->is_bool() && !v->b)
    throw Error(ErrorKind::ConfigUnsupported, "rms_norm=false", "config: rms_norm=false (LayerNorm) is not supported for mamba");
  if (const json::Value* v = field(cfg, {"use_bias", "bias"}); v && v->is_bool() && v->b)
    throw Error(ErrorKind::ConfigUnsupported, "use_bias=true", "config: in_proj/out_proj biases (use_bias=true) are not supported for mamba");
  if (const json::Value* v = field(cfg, {"layer"}); v && !(v->is_string() && v->str == "Mamba1"))
    throw Error(ErrorKind::ConfigUnsupported, "ssm_cfg.layer", "config: ssm_cfg.layer must be \"Mamba1\" (Mamba-2 is not implemented)");
  if (const json::Value* v = field(cfg, {"d_intermediate"}); v && !(v->is_number() && v->num == 0))
    throw Error(ErrorKind::ConfigUnsupported, "d_intermediate", "config: d_intermediate > 0 (MLP after the mixer) is not supported");
  if (const json::Value* v = field(cfg, {"use_conv_bias", "conv_bias"}); v && v->is_bool() && !v->b)
    throw Error(ErrorKind::ConfigUnsupported, "use_conv_bias=false", "config: use_conv_bias=false is not supported for mamba");
  c.validate();
  return c;
}

//-----------------------------------------------------------------------------
// [SECTION] construction
//-----------------------------------------------------------------------------
template <typename S>
MambaLMWeightsT<S> mamba_lm_zeros(const MambaLMConfig& c) {
  const int M = c.block.d_model;
  MambaLMWeightsT<S> w;
  w.embedding = MatS<S>::Zero(c.vocab_size, M);
  w.layers.resize(c.n_layer);
  for (auto& l : w.layers) {
    l.norm_weight = MatS<S>::Zero(1, M);
    l.mixer = mamba_block_zeros<S>(c.block);
  }
  w.norm_f = MatS<S>::Zero(1, M);
  return w;
}

MambaLM::MambaLM(const MambaLMConfig& c, Rng& rng) : cfg_(c) {
  cfg_.validate();
  const int M = c.block.d_model;
  w = mamba_lm_zeros(c);
  for (Eigen::Index i = 0; i < w.embedding.size(); ++i) w.embedding.data()[i] = rng.normal(0.f, 0.02f);
  for (auto& l : w.layers) {
    l.norm_weight = Mat::Ones(1, M);
    l.mixer = mamba_block_init(c.block, rng);
    // GPT-2 style rescale of the residual output projection: / sqrt(n_residuals_per_layer · n_layer)
    l.mixer.out_proj_weight /= std::sqrt((float)c.n_layer);
  }
  w.norm_f = Mat::Ones(1, M);
  g = mamba_lm_zeros(cfg_);
}

MambaLM::MambaLM(const MambaLMConfig& c, const SafeTensors& st, Gradients grads) : cfg_(c) {
  ModelPlan p;
  plan_reads(st, grads, p);
  p.run_all(st);
}

ModelPlan MambaLM::plan_safetensors(const MambaLMConfig& c, const SafeTensors& st, Gradients grads) {
  ModelPlan p;
  auto* m = new MambaLM(c, Unfilled{});
  p.model.reset(m);
  m->plan_reads(st, grads, p);
  return p;
}

void MambaLM::plan_reads(const SafeTensors& st, Gradients grads, ModelPlan& plan) {
  const MambaLMConfig c = cfg_;
  cfg_.validate();
  const int64_t M = c.block.d_model;
  // state-spaces "backbone.embedding.weight" or HF "backbone.embeddings.weight"
  const std::string emb_name = st.has("backbone.embedding.weight") ? "backbone.embedding.weight"
                               : st.has("backbone.embeddings.weight") ? "backbone.embeddings.weight"
                                                                      : "";
  if (emb_name.empty()) throw Error(ErrorKind::TensorMissing, "backbone.embedding.weight", "mamba checkpoint: missing tensor 'backbone.embedding.weight' (or HF 'backbone.embeddings.weight')");
  const TensorInfo& ei = st.info(emb_name);
  if (ei.shape.size() != 2 || ei.shape[1] != M || ei.shape[0] < c.vocab_size)
    throw Error(ErrorKind::TensorShape, emb_name, "mamba checkpoint: '" + emb_name + "' has shape " + shape_str(ei.shape) + ", expected [>= " +
                std::to_string(c.vocab_size) + ", " + std::to_string(M) + "]");
  cfg_.vocab_size = (int)ei.shape[0];  // padded vocabulary (pad_vocab_size_multiple)
  {  // Every tensor the config implies must be in the file with its shape before anything is allocated.
    MambaBlockParams shell;
    for (int i = 0; i < c.n_layer; ++i) {
      const std::string p = "backbone.layers." + std::to_string(i) + ".";
      st.expect(p + "norm.weight", {M});
      for (const NamedMat& nm : mamba_block_named(c.block, shell)) st.expect(p + "mixer." + nm.name, nm.shape);
    }
    st.expect("backbone.norm_f.weight", {M});
    if (st.has("lm_head.weight")) st.expect("lm_head.weight", {ei.shape[0], M});
  }
  w = MambaLMWeights{};  // each tensor is allocated as it is read
  w.layers.resize(static_cast<size_t>(c.n_layer));
  if (c.block.lti)  // no x_proj / dt_proj weights in the file: their empty shapes, as mamba_block_zeros
    for (auto& l : w.layers) l.mixer.x_proj_weight.resize(0, c.block.d_inner()), l.mixer.dt_proj_weight.resize(c.block.d_inner(), 0);
  plan.reads.push_back({emb_name, ei.shape, &w.embedding});
  for (int i = 0; i < c.n_layer; ++i) {
    const std::string p = "backbone.layers." + std::to_string(i) + ".";
    plan.reads.push_back({p + "norm.weight", {M}, &w.layers[i].norm_weight});
    for (NamedMat& nm : mamba_block_named(c.block, w.layers[i].mixer)) plan.reads.push_back({p + "mixer." + nm.name, nm.shape, nm.m});
  }
  plan.reads.push_back({"backbone.norm_f.weight", {M}, &w.norm_f});
  if (st.has("lm_head.weight"))
    plan.finish = [this, M](const SafeTensors& s) {
      const Mat head = s.get("lm_head.weight", {w.embedding.rows(), M});
      if (head != w.embedding) throw Error(ErrorKind::ConfigUnsupported, "lm_head.weight", "mamba checkpoint: lm_head.weight differs from the embedding (untied heads are not supported)");
    };
  if (grads == Gradients::Allocate) g = mamba_lm_zeros(cfg_);
  else g.layers.resize(w.layers.size());  // empty tensors, so params() can still point at them
}

std::unique_ptr<LanguageModel> make_mamba_lm(const json::Value& config, const SafeTensors& weights, Gradients grads) {
  return std::make_unique<MambaLM>(mamba_config_from_json(config), weights, grads);
}

ModelPlan plan_mamba_lm(const json::Value& config, const SafeTensors& weights, Gradients grads) {
  return MambaLM::plan_safetensors(mamba_config_from_json(config), weights, grads);
}

//-----------------------------------------------------------------------------
// [SECTION] forward, forward_backward
//-----------------------------------------------------------------------------
template <typename S>
void mamba_lm_layer_forward(const MambaLMConfig& c, const MambaLMWeightsT<S>& w, int i, MatS<S>& h,
                            typename MambaLMActsT<S>::Layer& lc, Trace* trace) {
  if constexpr (!std::is_same_v<S, float>) trace = nullptr;
  MatS<S> mix;  // (T, d_model)
  lc.in = h;
  rmsnorm_forward(lc.normed, lc.rstd, h, w.layers[size_t(i)].norm_weight, c.norm_eps);
  mamba_block_forward(c.block, w.layers[size_t(i)].mixer, lc.normed, 1, static_cast<int>(h.rows()), mix, lc.block, trace,
                      "layers." + std::to_string(i) + ".mixer.");
  h += mix;  // x + Mixer(RMSNorm(x))
}

template <typename S>
MatS<S> mamba_lm_forward(const MambaLMConfig& c, const MambaLMWeightsT<S>& w, const std::vector<int>& ids,
                         MambaLMActsT<S>& acts, Trace* trace) {
  using Mat = MatS<S>;
  if (ids.empty()) throw Error(ErrorKind::EmptyInput, "", "mamba: empty input");
  const int T = (int)ids.size(), V = (int)w.embedding.rows();
  for (int id : ids)
    if (id < 0 || id >= V)
      throw Error(ErrorKind::TokenOutOfRange, std::to_string(id), "mamba: token id " + std::to_string(id) + " out of range [0, " + std::to_string(V) + ")");
  if constexpr (!std::is_same_v<S, float>) trace = nullptr;  // traces hold float tensors
  acts.ids = ids;
  Mat h;  // (T, d_model) residual stream
  embedding_forward(h, ids, w.embedding);
  acts.layers.resize(w.layers.size());
  for (size_t i = 0; i < w.layers.size(); ++i) {
    auto& lc = acts.layers[i];
    const std::string p = "layers." + std::to_string(i) + ".";
    mamba_lm_layer_forward(c, w, static_cast<int>(i), h, lc, trace);
    if constexpr (std::is_same_v<S, float>) {
      if (trace) {
        if (i == 0) trace->put("embedding.out", lc.in);
        trace->put(p + "in", lc.in);
        trace->put(p + "norm.out", lc.normed);
        trace->put(p + "out", h);
        // O(E·T²·N): only for sequences short enough to look at.
        if (T <= kHiddenAttentionMaxT)
          trace->put(p + "mixer.hidden_attention", hidden_attention_combined(c.block, lc.block));
      }
    }
  }
  acts.h = h;
  rmsnorm_forward(acts.hf, acts.rstd_f, h, w.norm_f, c.norm_eps);
  Mat logits(T, V);                                  // (T, vocab)
  matmul<false, true>(logits, acts.hf, w.embedding, false);  // tied head: hf E^T
  if constexpr (std::is_same_v<S, float>) {
    if (trace) {
      trace->put("norm_f.out", acts.hf);
      trace->put("logits", logits);
    }
  }
  return logits;
}

template <typename S>
double mamba_lm_backward(const MambaLMConfig& c, const MambaLMWeightsT<S>& w, const MambaLMActsT<S>& acts,
                         const MatS<S>& logits, const std::vector<int>& targets, MambaLMWeightsT<S>& g) {
  using Mat = MatS<S>;
  const std::vector<int>& ids = acts.ids;
  if (targets.size() != ids.size()) throw Error("mamba: targets must have one entry per token");
  // Mean cross-entropy (shared op: −1 targets ignored, throws if none counts).
  Mat probs, dlogits;  // (T, vocab)
  const double loss = cross_entropy_forward(probs, logits, targets);
  cross_entropy_backward(dlogits, probs, targets);
  // logits = hf · Eᵀ  (tied: the embedding also gets the lookup gradient below)
  matmul<true, false>(g.embedding, dlogits, acts.hf, true);  // += dlogits^T hf, (vocab, d_model)
  Mat dhf(dlogits.rows(), w.embedding.cols());              // (T, d_model)
  matmul<false, false>(dhf, dlogits, w.embedding, false);
  Mat dh;  // (T, d_model) gradient of the residual stream
  rmsnorm_backward(dh, g.norm_f, dhf, acts.h, acts.rstd_f, w.norm_f);
  Mat dnormed;  // (T, d_model)
  for (int i = (int)w.layers.size() - 1; i >= 0; --i) {
    const auto& lc = acts.layers[i];
    // h_out = h_in + Mixer(RMSNorm(h_in)):  dh_in = dh_out + RMSNorm'ᵀ(Mixer'ᵀ dh_out)
    mamba_block_backward(c.block, w.layers[i].mixer, lc.block, dh, dnormed, g.layers[i].mixer);
    rmsnorm_backward(dh, g.layers[i].norm_weight, dnormed, lc.in, lc.rstd, w.layers[i].norm_weight);  // += into dh
  }
  embedding_backward(g.embedding, dh, ids);  // the lookup's share of the tied embedding gradient
  return loss;
}

#define TMX_MAMBA_LM_INSTANTIATE(S)                                                                              \
  template MambaLMWeightsT<S> mamba_lm_zeros<S>(const MambaLMConfig&);                                          \
  template void mamba_lm_layer_forward<S>(const MambaLMConfig&, const MambaLMWeightsT<S>&, int, MatS<S>&,          \
                                          typename MambaLMActsT<S>::Layer&, Trace*);                               \
  template MatS<S> mamba_lm_forward<S>(const MambaLMConfig&, const MambaLMWeightsT<S>&, const std::vector<int>&, \
                                       MambaLMActsT<S>&, Trace*);                                               \
  template double mamba_lm_backward<S>(const MambaLMConfig&, const MambaLMWeightsT<S>&, const MambaLMActsT<S>&, \
                                       const MatS<S>&, const std::vector<int>&, MambaLMWeightsT<S>&);
TMX_MAMBA_LM_INSTANTIATE(float)
TMX_MAMBA_LM_INSTANTIATE(double)

Mat MambaLM::forward(const std::vector<int>& ids, Trace* trace) { return mamba_lm_forward(cfg_, w, ids, acts_, trace); }

float MambaLM::forward_backward(const std::vector<int>& ids, const std::vector<int>& targets) {
  if (g.norm_f.size() == 0) throw Error("mamba: this model was built for inference only (no gradients)");
  if (targets.size() != ids.size()) throw Error("mamba: targets must have one entry per token");
  const Mat logits = mamba_lm_forward(cfg_, w, ids, acts_, nullptr);  // (T, vocab)
  return (float)mamba_lm_backward(cfg_, w, acts_, logits, targets, g);
}

//-----------------------------------------------------------------------------
// [SECTION] params, step, config_json
//-----------------------------------------------------------------------------
ParamList MambaLM::params() {
  ParamList ps;
  const int64_t M = cfg_.block.d_model;
  ps.push_back({"backbone.embedding.weight", &w.embedding, &g.embedding, {w.embedding.rows(), M}, true});
  for (size_t i = 0; i < w.layers.size(); ++i) {
    const std::string p = "backbone.layers." + std::to_string(i) + ".";
    ps.push_back({p + "norm.weight", &w.layers[i].norm_weight, &g.layers[i].norm_weight, {M}, false});
    auto vals = mamba_block_named(cfg_.block, w.layers[i].mixer);
    auto grads = mamba_block_named(cfg_.block, g.layers[i].mixer);
    for (size_t k = 0; k < vals.size(); ++k) {
      // Reference: no weight decay on A_log and D; nanoGPT rule (≥ 2-D) for the rest.
      const bool decay = vals[k].shape.size() >= 2 && vals[k].name != "A_log";
      ps.push_back({p + "mixer." + vals[k].name, vals[k].m, grads[k].m, vals[k].shape, decay});
    }
  }
  ps.push_back({"backbone.norm_f.weight", &w.norm_f, &g.norm_f, {M}, false});
  return ps;
}

void MambaLM::reset_state() {
  state_.assign(w.layers.size(), MambaBlockState{});
  for (size_t i = 0; i < w.layers.size(); ++i) state_[i].reset(cfg_.block, w.layers[i].mixer);
}

RowVec MambaLM::step(int id) {
  if (id < 0 || id >= cfg_.vocab_size) throw Error(ErrorKind::TokenOutOfRange, std::to_string(id), "mamba: token id " + std::to_string(id) + " out of range");
  if (state_.size() != w.layers.size()) reset_state();
  RowVec h = w.embedding.row(id);  // (1, d_model)
  RowVec normed(h.size()), mix;
  for (size_t i = 0; i < w.layers.size(); ++i) {
    const float r = 1.0f / std::sqrt(h.squaredNorm() / h.size() + cfg_.norm_eps);
    normed = h.cwiseProduct(w.layers[i].norm_weight) * r;
    mamba_block_step(cfg_.block, w.layers[i].mixer, normed, state_[i], mix);
    h += mix;
  }
  const float r = 1.0f / std::sqrt(h.squaredNorm() / h.size() + cfg_.norm_eps);
  normed = h.cwiseProduct(w.norm_f) * r;
  RowVec logits(w.embedding.rows());  // (1, vocab)
  matmul<false, true>(logits, normed, w.embedding, false);  // tied head: normed embedding^T
  return logits;
}

std::string MambaLM::config_json() const {
  const MambaConfig& b = cfg_.block;
  std::ostringstream o;
  o.precision(9);
  o << "{\n  \"model_type\": \"mamba\",\n  \"d_model\": " << b.d_model << ",\n  \"n_layer\": " << cfg_.n_layer
    << ",\n  \"vocab_size\": " << cfg_.vocab_size << ",\n  \"d_state\": " << b.d_state << ",\n  \"d_conv\": " << b.d_conv
    << ",\n  \"expand\": " << b.expand << ",\n  \"dt_rank\": " << b.rank() << ",\n  \"layer_norm_epsilon\": "
    << cfg_.norm_eps << ",\n  \"rms_norm\": true,\n  \"tie_embeddings\": true" << (b.lti ? ",\n  \"lti\": true" : "")
    << "\n}\n";
  return o.str();
}

}  // namespace tmx::ssm
