// [SECTION] index
//   config (json)
//   construction: init and checkpoint loading
//   RMSNorm
//   forward, forward_backward
//   params, step, config_json
#include "core/ssm/mamba_lm.h"

#include <cmath>
#include <sstream>

#include "core/error.h"
#include "core/ssm/check.h"

namespace tmx::ssm {

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

static int int_field(const json::Value& cfg, std::initializer_list<const char*> names, int def, bool required) {
  const json::Value* v = field(cfg, names);
  if (!v) {
    if (required) throw Error(std::string("config: missing field '") + *names.begin() + "'");
    return def;
  }
  const int64_t x = v->as_int(std::string("config: field '") + *names.begin() + "'");
  if (x <= 0 || x > (1 << 24)) throw Error(std::string("config: field '") + *names.begin() + "' out of range");
  return (int)x;
}

MambaLMConfig mamba_config_from_json(const json::Value& cfg) {
  if (!cfg.is_object()) throw Error("config: not a JSON object");
  MambaLMConfig c;
  c.block.d_model = int_field(cfg, {"d_model", "hidden_size"}, 0, true);
  c.n_layer = int_field(cfg, {"n_layer", "num_hidden_layers"}, 0, true);
  c.vocab_size = int_field(cfg, {"vocab_size"}, 0, true);
  c.block.d_state = int_field(cfg, {"d_state", "state_size"}, 16, false);
  c.block.d_conv = int_field(cfg, {"d_conv", "conv_kernel"}, 4, false);
  c.block.expand = int_field(cfg, {"expand"}, 2, false);
  const json::Value* r = field(cfg, {"dt_rank", "time_step_rank"});
  if (r && r->is_string()) {
    if (r->str != "auto") throw Error("config: field 'dt_rank' must be an integer or \"auto\"");
    c.block.dt_rank = 0;  // ceil(d_model / 16)
  } else if (r) {
    c.block.dt_rank = int_field(cfg, {"dt_rank", "time_step_rank"}, 0, true);
  }
  const json::Value* eps = field(cfg, {"layer_norm_epsilon", "norm_epsilon"});
  if (eps) {
    if (!eps->is_number()) throw Error("config: field 'layer_norm_epsilon' must be a number");
    c.norm_eps = (float)eps->num;
  }
  // Variants this implementation does not have: refuse clearly instead of computing something else.
  if (const json::Value* v = field(cfg, {"rms_norm"}); v && v->is_bool() && !v->b)
    throw Error("config: rms_norm=false (LayerNorm) is not supported for mamba");
  if (const json::Value* v = field(cfg, {"use_bias", "bias"}); v && v->is_bool() && v->b)
    throw Error("config: in_proj/out_proj biases (use_bias=true) are not supported for mamba");
  if (const json::Value* v = field(cfg, {"use_conv_bias", "conv_bias"}); v && v->is_bool() && !v->b)
    throw Error("config: use_conv_bias=false is not supported for mamba");
  c.validate();
  return c;
}

//-----------------------------------------------------------------------------
// [SECTION] construction
//-----------------------------------------------------------------------------
void MambaLM::alloc_grads() {
  d_embedding = Mat::Zero(embedding.rows(), embedding.cols());
  d_layers.resize(layers.size());
  for (auto& l : d_layers) {
    l.norm_weight = Mat::Zero(1, cfg_.block.d_model);
    l.mixer = mamba_block_zeros(cfg_.block);
  }
  d_norm_f = Mat::Zero(1, cfg_.block.d_model);
}

MambaLM::MambaLM(const MambaLMConfig& c, Rng& rng) : cfg_(c) {
  cfg_.validate();
  const int M = c.block.d_model;
  embedding.resize(c.vocab_size, M);
  for (Eigen::Index i = 0; i < embedding.size(); ++i) embedding.data()[i] = rng.normal(0.f, 0.02f);
  layers.resize(c.n_layer);
  for (auto& l : layers) {
    l.norm_weight = Mat::Ones(1, M);
    l.mixer = mamba_block_init(c.block, rng);
    // GPT-2 style rescale of the residual output projection: / sqrt(n_residuals_per_layer · n_layer)
    l.mixer.out_proj_weight /= std::sqrt((float)c.n_layer);
  }
  norm_f = Mat::Ones(1, M);
  alloc_grads();
}

MambaLM::MambaLM(const MambaLMConfig& c, const SafeTensors& st) : cfg_(c) {
  cfg_.validate();
  const int64_t M = c.block.d_model;
  // state-spaces "backbone.embedding.weight" or HF "backbone.embeddings.weight"
  const std::string emb_name = st.has("backbone.embedding.weight") ? "backbone.embedding.weight"
                               : st.has("backbone.embeddings.weight") ? "backbone.embeddings.weight"
                                                                      : "";
  if (emb_name.empty()) throw Error("mamba checkpoint: missing tensor 'backbone.embedding.weight' (or HF 'backbone.embeddings.weight')");
  const TensorInfo& ei = st.info(emb_name);
  if (ei.shape.size() != 2 || ei.shape[1] != M || ei.shape[0] < c.vocab_size)
    throw Error("mamba checkpoint: '" + emb_name + "' has shape " + shape_str(ei.shape) + ", expected [>= " +
                std::to_string(c.vocab_size) + ", " + std::to_string(M) + "]");
  embedding = st.get(emb_name);
  cfg_.vocab_size = (int)embedding.rows();  // padded vocabulary (pad_vocab_size_multiple)
  layers.resize(c.n_layer);
  for (int i = 0; i < c.n_layer; ++i) {
    const std::string p = "backbone.layers." + std::to_string(i) + ".";
    layers[i].norm_weight = st.get(p + "norm.weight", {M});
    layers[i].mixer = mamba_block_zeros(c.block);
    for (NamedMat& nm : mamba_block_named(c.block, layers[i].mixer)) *nm.m = st.get(p + "mixer." + nm.name, nm.shape);
  }
  norm_f = st.get("backbone.norm_f.weight", {M});
  if (st.has("lm_head.weight")) {
    const Mat head = st.get("lm_head.weight", {embedding.rows(), M});
    if (head != embedding) throw Error("mamba checkpoint: lm_head.weight differs from the embedding (untied heads are not supported)");
  }
  alloc_grads();
}

std::unique_ptr<LanguageModel> make_mamba_lm(const json::Value& config, const SafeTensors& weights) {
  return std::make_unique<MambaLM>(mamba_config_from_json(config), weights);
}

//-----------------------------------------------------------------------------
// [SECTION] RMSNorm
//-----------------------------------------------------------------------------
// y = x · r · w,  r = 1 / sqrt(mean(x²) + eps)        x, y: (T, C); w: (1, C); rstd: (T)
static void rmsnorm_forward(Mat& y, Vec& rstd, const Mat& x, const Mat& w, float eps) {
  const int T = (int)x.rows(), C = (int)x.cols();
  y.resize(T, C);
  rstd.resize(T);
  for (int t = 0; t < T; ++t) {
    rstd[t] = 1.0f / std::sqrt(x.row(t).squaredNorm() / C + eps);
    y.row(t) = x.row(t).cwiseProduct(w) * rstd[t];
  }
}
// dw += Σ_t dy ⊙ x r;  dx = r (dy ⊙ w) − x r³ · mean((dy ⊙ w) ⊙ x)      (dx overwritten)
static void rmsnorm_backward(Mat& dx, Mat& dw, const Mat& dy, const Mat& x, const Vec& rstd, const Mat& w) {
  const int T = (int)x.rows(), C = (int)x.cols();
  dx.resize(T, C);
  for (int t = 0; t < T; ++t) {
    const float r = rstd[t];
    const RowVec g = dy.row(t).cwiseProduct(w);  // (C)
    dw += dy.row(t).cwiseProduct(x.row(t)) * r;
    const float dot = g.dot(x.row(t)) / C;
    dx.row(t) = g * r - x.row(t) * (r * r * r * dot);
  }
}

//-----------------------------------------------------------------------------
// [SECTION] forward, forward_backward
//-----------------------------------------------------------------------------
Mat MambaLM::forward_impl(const std::vector<int>& ids, Trace* trace) {
  if (ids.empty()) throw Error("mamba: empty input");
  const int T = (int)ids.size(), M = cfg_.block.d_model;
  for (int id : ids)
    if (id < 0 || id >= cfg_.vocab_size)
      throw Error("mamba: token id " + std::to_string(id) + " out of range [0, " + std::to_string(cfg_.vocab_size) + ")");
  cache_.ids = ids;
  Mat h(T, M);  // (T, d_model) residual stream
  for (int t = 0; t < T; ++t) h.row(t) = embedding.row(ids[t]);
  if (trace) trace->put("embedding.out", h);
  cache_.layers.resize(layers.size());
  Mat mix;  // (T, d_model)
  for (size_t i = 0; i < layers.size(); ++i) {
    LayerCache& lc = cache_.layers[i];
    const std::string p = "layers." + std::to_string(i) + ".";
    lc.in = h;
    rmsnorm_forward(lc.normed, lc.rstd, h, layers[i].norm_weight, cfg_.norm_eps);
    mamba_block_forward(cfg_.block, layers[i].mixer, lc.normed, 1, T, mix, lc.block, trace, p + "mixer.");
    h += mix;  // x + Mixer(RMSNorm(x))
    if (trace) {
      trace->put(p + "in", lc.in);
      trace->put(p + "norm.out", lc.normed);
      trace->put(p + "out", h);
    }
  }
  cache_.h = h;
  rmsnorm_forward(cache_.hf, cache_.rstd_f, h, norm_f, cfg_.norm_eps);
  Mat logits = cache_.hf * embedding.transpose();  // (T, vocab) tied head
  if (trace) {
    trace->put("norm_f.out", cache_.hf);
    trace->put("logits", logits);
  }
  return logits;
}

Mat MambaLM::forward(const std::vector<int>& ids, Trace* trace) { return forward_impl(ids, trace); }

float MambaLM::forward_backward(const std::vector<int>& ids, const std::vector<int>& targets) {
  if (targets.size() != ids.size()) throw Error("mamba: targets must have one entry per token");
  const Mat logits = forward_impl(ids, nullptr);  // (T, vocab)
  const int T = (int)ids.size(), V = cfg_.vocab_size;
  int count = 0;
  for (int y : targets) {
    if (y < -1 || y >= V) throw Error("mamba: target " + std::to_string(y) + " out of range");
    count += y >= 0;
  }
  if (count == 0) throw Error("mamba: no target to train on (all -1)");
  // Mean cross-entropy; dlogits = (softmax − onehot) / count on counted rows.
  Mat dlogits = Mat::Zero(T, V);  // (T, vocab)
  double loss = 0;
  for (int t = 0; t < T; ++t) {
    if (targets[t] < 0) continue;
    const float mx = logits.row(t).maxCoeff();
    const RowVec e = (logits.row(t).array() - mx).exp().matrix();
    const double sum = e.sum();
    loss += std::log(sum) - (logits(t, targets[t]) - mx);
    dlogits.row(t) = e / (float)sum;
    dlogits(t, targets[t]) -= 1.0f;
  }
  dlogits /= (float)count;
  // logits = hf · Eᵀ  (tied: the embedding also gets the lookup gradient below)
  d_embedding.noalias() += dlogits.transpose() * cache_.hf;
  const Mat dhf = dlogits * embedding;  // (T, d_model)
  Mat dh;
  rmsnorm_backward(dh, d_norm_f, dhf, cache_.h, cache_.rstd_f, norm_f);
  Mat dnormed, dx;
  for (int i = (int)layers.size() - 1; i >= 0; --i) {
    LayerCache& lc = cache_.layers[i];
    // h_out = h_in + Mixer(RMSNorm(h_in)):  dh_in = dh_out + RMSNorm'ᵀ(Mixer'ᵀ dh_out)
    mamba_block_backward(cfg_.block, layers[i].mixer, lc.block, dh, dnormed, d_layers[i].mixer);
    rmsnorm_backward(dx, d_layers[i].norm_weight, dnormed, lc.in, lc.rstd, layers[i].norm_weight);
    dh += dx;
  }
  for (int t = 0; t < T; ++t) d_embedding.row(ids[t]) += dh.row(t);
  return (float)(loss / count);
}

//-----------------------------------------------------------------------------
// [SECTION] params, step, config_json
//-----------------------------------------------------------------------------
ParamList MambaLM::params() {
  ParamList ps;
  const int64_t M = cfg_.block.d_model;
  ps.push_back({"backbone.embedding.weight", &embedding, &d_embedding, {embedding.rows(), M}, true});
  for (size_t i = 0; i < layers.size(); ++i) {
    const std::string p = "backbone.layers." + std::to_string(i) + ".";
    ps.push_back({p + "norm.weight", &layers[i].norm_weight, &d_layers[i].norm_weight, {M}, false});
    auto vals = mamba_block_named(cfg_.block, layers[i].mixer);
    auto grads = mamba_block_named(cfg_.block, d_layers[i].mixer);
    for (size_t k = 0; k < vals.size(); ++k) {
      // Reference: no weight decay on A_log and D; nanoGPT rule (≥ 2-D) for the rest.
      const bool decay = vals[k].shape.size() >= 2 && vals[k].name != "A_log";
      ps.push_back({p + "mixer." + vals[k].name, vals[k].m, grads[k].m, vals[k].shape, decay});
    }
  }
  ps.push_back({"backbone.norm_f.weight", &norm_f, &d_norm_f, {M}, false});
  return ps;
}

void MambaLM::reset_state() {
  state_.assign(layers.size(), MambaBlockState{});
  for (auto& s : state_) s.reset(cfg_.block);
}

RowVec MambaLM::step(int id) {
  if (id < 0 || id >= cfg_.vocab_size) throw Error("mamba: token id " + std::to_string(id) + " out of range");
  if (state_.size() != layers.size()) reset_state();
  RowVec h = embedding.row(id);  // (1, d_model)
  RowVec normed(h.size()), mix;
  for (size_t i = 0; i < layers.size(); ++i) {
    const float r = 1.0f / std::sqrt(h.squaredNorm() / h.size() + cfg_.norm_eps);
    normed = h.cwiseProduct(layers[i].norm_weight) * r;
    mamba_block_step(cfg_.block, layers[i].mixer, normed, state_[i], mix);
    h += mix;
  }
  const float r = 1.0f / std::sqrt(h.squaredNorm() / h.size() + cfg_.norm_eps);
  normed = h.cwiseProduct(norm_f) * r;
  return normed * embedding.transpose();  // (1, vocab)
}

std::string MambaLM::config_json() const {
  const MambaConfig& b = cfg_.block;
  std::ostringstream o;
  o.precision(9);
  o << "{\n  \"model_type\": \"mamba\",\n  \"d_model\": " << b.d_model << ",\n  \"n_layer\": " << cfg_.n_layer
    << ",\n  \"vocab_size\": " << cfg_.vocab_size << ",\n  \"d_state\": " << b.d_state << ",\n  \"d_conv\": " << b.d_conv
    << ",\n  \"expand\": " << b.expand << ",\n  \"dt_rank\": " << b.rank() << ",\n  \"layer_norm_epsilon\": "
    << cfg_.norm_eps << ",\n  \"rms_norm\": true,\n  \"tie_embeddings\": true\n}\n";
  return o.str();
}

}  // namespace tmx::ssm
