// GPT-2: config, checkpoint names, forward (with trace and KV cache), backward.
//
// [SECTION] Config
// [SECTION] Parameters and checkpoint names
// [SECTION] Forward
// [SECTION] Backward
// [SECTION] Incremental decoding
#include "core/models/gpt.h"

#include <algorithm>
#include <climits>
#include <cmath>
#include <cstdint>

#include "core/error.h"
#include "core/nn/gemm.h"
#include "core/nn/ops.h"
#include "core/rng.h"

namespace tmx {

//-----------------------------------------------------------------------------
// [SECTION] Config
//-----------------------------------------------------------------------------
GPTConfig GPTConfig::from_json(const json::Value& j) {
  // A checkpoint's sizes are required: a missing one is an error, never GPT-2 small's value.
  GPTConfig c;
  c.vocab_size = j.get_size("vocab_size");
  c.n_positions = j.get_size("n_positions");
  c.n_embd = j.get_size("n_embd");
  c.n_head = j.get_size("n_head");
  c.n_layer = j.get_size("n_layer");
  c.layer_norm_epsilon = static_cast<float>(j.get_number("layer_norm_epsilon", c.layer_norm_epsilon));
  c.validate();
  return c;
}

void GPTConfig::validate() const {
  if (vocab_size <= 0 || n_positions <= 0 || n_embd <= 0 || n_head <= 0 || n_layer <= 0)
    throw Error(ErrorKind::ConfigField, "n_embd / n_head / n_layer / n_positions / vocab_size", "config: GPT-2 sizes must be positive");
  if (n_layer > 1000 || n_head > 1000) throw Error(ErrorKind::ConfigField, "n_layer / n_head", "config: n_layer / n_head beyond 1000 is not a real model");
  if (n_embd % n_head != 0)
    throw Error(ErrorKind::ConfigField, "n_embd / n_head", "config: n_embd (" + std::to_string(n_embd) + ") is not a multiple of n_head (" + std::to_string(n_head) + ")");
  const double params = double(vocab_size + n_positions) * n_embd + 12.0 * n_layer * double(n_embd) * n_embd;
  if (params > 4e9) throw Error(ErrorKind::TooLarge, std::to_string(int64_t(params)), "config: " + std::to_string(params) + " parameters is beyond what this core loads");
  if (!(layer_norm_epsilon > 0) || !std::isfinite(layer_norm_epsilon))
    throw Error(ErrorKind::ConfigField, "layer_norm_epsilon", "config: layer_norm_epsilon must be positive");
  if (!(dropout >= 0 && dropout < 1)) throw Error(ErrorKind::ConfigField, "dropout", "config: dropout must be in [0, 1)");
}

std::string GPTConfig::to_json() const {
  char eps[32];
  std::snprintf(eps, sizeof eps, "%.9g", layer_norm_epsilon);
  return "{\n  \"model_type\": \"gpt2\",\n  \"architectures\": [\"GPT2LMHeadModel\"],\n  \"vocab_size\": " +
         std::to_string(vocab_size) + ",\n  \"n_positions\": " + std::to_string(n_positions) + ",\n  \"n_embd\": " +
         std::to_string(n_embd) + ",\n  \"n_head\": " + std::to_string(n_head) + ",\n  \"n_layer\": " +
         std::to_string(n_layer) + ",\n  \"layer_norm_epsilon\": " + eps +
         ",\n  \"activation_function\": \"gelu_new\",\n  \"tie_word_embeddings\": true\n}\n";
}

//-----------------------------------------------------------------------------
// [SECTION] Parameters and checkpoint names
//-----------------------------------------------------------------------------
// Calls f(name, Mat& in a, Mat& in b, shape) for every parameter, in checkpoint order, so the
// names live in exactly one place. a and b are two GPTWeights (weights and grads).
template <typename F>
static void visit(GPTWeights& a, GPTWeights& b, const GPTConfig& c, F f) {
  const int64_t C = c.n_embd;
  f("transformer.wte.weight", a.wte, b.wte, std::vector<int64_t>{c.vocab_size, C});
  f("transformer.wpe.weight", a.wpe, b.wpe, std::vector<int64_t>{c.n_positions, C});
  for (int i = 0; i < c.n_layer; ++i) {
    const std::string p = "transformer.h." + std::to_string(i) + ".";
    GPTLayer &la = a.h[i], &lb = b.h[i];
    f(p + "ln_1.weight", la.ln_1_w, lb.ln_1_w, std::vector<int64_t>{C});
    f(p + "ln_1.bias", la.ln_1_b, lb.ln_1_b, std::vector<int64_t>{C});
    f(p + "attn.c_attn.weight", la.c_attn_w, lb.c_attn_w, std::vector<int64_t>{C, 3 * C});
    f(p + "attn.c_attn.bias", la.c_attn_b, lb.c_attn_b, std::vector<int64_t>{3 * C});
    f(p + "attn.c_proj.weight", la.attn_proj_w, lb.attn_proj_w, std::vector<int64_t>{C, C});
    f(p + "attn.c_proj.bias", la.attn_proj_b, lb.attn_proj_b, std::vector<int64_t>{C});
    f(p + "ln_2.weight", la.ln_2_w, lb.ln_2_w, std::vector<int64_t>{C});
    f(p + "ln_2.bias", la.ln_2_b, lb.ln_2_b, std::vector<int64_t>{C});
    f(p + "mlp.c_fc.weight", la.c_fc_w, lb.c_fc_w, std::vector<int64_t>{C, 4 * C});
    f(p + "mlp.c_fc.bias", la.c_fc_b, lb.c_fc_b, std::vector<int64_t>{4 * C});
    f(p + "mlp.c_proj.weight", la.mlp_proj_w, lb.mlp_proj_w, std::vector<int64_t>{4 * C, C});
    f(p + "mlp.c_proj.bias", la.mlp_proj_b, lb.mlp_proj_b, std::vector<int64_t>{C});
  }
  f("transformer.ln_f.weight", a.ln_f_w, b.ln_f_w, std::vector<int64_t>{C});
  f("transformer.ln_f.bias", a.ln_f_b, b.ln_f_b, std::vector<int64_t>{C});
}

GPT::GPT(const GPTConfig& c, bool random_init, bool grads) : cfg(c) {
  cfg.validate();
  w.h.resize(cfg.n_layer);
  g.h.resize(cfg.n_layer);
  visit(w, g, cfg, [grads](const std::string&, Mat& a, Mat& b, const std::vector<int64_t>& s) {
    a = Mat::Zero(rows_of(s), s.back());
    if (grads) b = Mat::Zero(rows_of(s), s.back());
  });
  if (random_init) init_random(1337);
}

GPT::GPT(const GPTConfig& c, Unfilled, bool grads) : cfg(c) {
  cfg.validate();
  w.h.resize(cfg.n_layer);
  g.h.resize(cfg.n_layer);
  if (grads)
    visit(w, g, cfg, [](const std::string&, Mat&, Mat& b, const std::vector<int64_t>& s) { b = Mat::Zero(rows_of(s), s.back()); });
}

void GPT::init_random(uint32_t seed) {
  InitRun r;
  init_random_begin(r, seed);
  init_random_step(r, INT64_MAX);
}

void GPT::init_random_begin(InitRun& r, uint32_t seed) const {
  r = InitRun{};
  r.rng.seed(seed);
}

int64_t GPT::num_values() const {
  int64_t n = 0;
  for (const auto& p : const_cast<GPT*>(this)->params()) n += p.value->size();
  return n;
}

bool GPT::init_random_step(InitRun& r, int64_t max_values) {
  // nanoGPT: N(0, 0.02) weights, zero biases, LayerNorm weight 1; residual projections scaled
  // by 1/sqrt(2 n_layer) so the residual stream's variance does not grow with depth.
  const float proj_std = 0.02f / std::sqrt(2.0f * cfg.n_layer);
  const ParamList ps = params();
  int64_t budget = std::max<int64_t>(1, max_values);
  while (r.param < ps.size() && budget > 0) {
    const Param& p = ps[r.param];
    Mat& a = *p.value;
    if (p.shape.size() == 1) {  // biases and LayerNorm: constants, no draws
      const bool is_ln = p.name.find("ln_") != std::string::npos;
      a.setConstant(is_ln && p.name.find("weight") != std::string::npos ? 1.0f : 0.0f);
      budget -= a.size();
      ++r.param;
      continue;
    }
    const float std = p.name.find("c_proj.weight") != std::string::npos ? proj_std : 0.02f;
    // In int64 and without r.pos + budget (budget may be INT64_MAX): Eigen::Index is 32-bit on wasm32.
    const int64_t left = int64_t(a.size()) - int64_t(r.pos);
    const Eigen::Index end = static_cast<Eigen::Index>(budget >= left ? int64_t(a.size()) : int64_t(r.pos) + budget);
    for (Eigen::Index i = r.pos; i < end; ++i) a.data()[i] = r.rng.normal(0.0f, std);
    budget -= end - r.pos;
    r.pos = end;
    if (r.pos == a.size()) ++r.param, r.pos = 0;
  }
  r.done = r.param >= ps.size();
  return r.done;
}

std::unique_ptr<GPT> GPT::from_safetensors(const GPTConfig& cfg, const SafeTensors& st, Gradients grads) {
  ModelPlan p = plan_safetensors(cfg, st, grads);
  p.run_all(st);
  return std::unique_ptr<GPT>(static_cast<GPT*>(p.model.release()));
}

ModelPlan GPT::plan_safetensors(const GPTConfig& cfg, const SafeTensors& st, Gradients grads) {
  cfg.validate();
  // HF's own gpt2 model.safetensors was saved from GPT2Model: same names without "transformer."
  // (plus h.{i}.attn.bias mask buffers, which are not parameters and are ignored).
  const bool bare = !st.has("transformer.wte.weight") && st.has("wte.weight");
  auto file_name = [bare](const std::string& name) { return bare ? name.substr(std::string("transformer.").size()) : name; };
  {  // Every tensor the config implies must be in the file with its shape before anything is allocated.
    GPTWeights shell;
    shell.h.resize(cfg.n_layer);
    visit(shell, shell, cfg, [&](const std::string& name, Mat&, Mat&, const std::vector<int64_t>& s) { st.expect(file_name(name), s); });
  }
  ModelPlan p;
  auto* m = new GPT(cfg, Unfilled{}, grads == Gradients::Allocate);
  p.model.reset(m);
  visit(m->w, m->g, m->cfg, [&](const std::string& name, Mat& a, Mat&, const std::vector<int64_t>& s) {
    p.reads.push_back({file_name(name), s, &a});  // 1-D [n] reads as (1, n), the model's layout
  });
  return p;
}

std::vector<std::pair<std::string, std::vector<int64_t>>> GPT::param_shapes(const GPTConfig& cfg) {
  cfg.validate();
  GPTWeights shell;
  shell.h.resize(cfg.n_layer);
  std::vector<std::pair<std::string, std::vector<int64_t>>> out;
  visit(shell, shell, cfg, [&](const std::string& name, Mat&, Mat&, const std::vector<int64_t>& s) { out.emplace_back(name, s); });
  return out;
}

ParamList GPT::params() {
  ParamList ps;
  visit(w, g, cfg, [&](const std::string& name, Mat& a, Mat& b, const std::vector<int64_t>& s) {
    ps.push_back(Param{name, &a, &b, s, true});
  });
  return ps;
}

//-----------------------------------------------------------------------------
// [SECTION] Forward
//-----------------------------------------------------------------------------
// run() in three pieces (embeddings, one block, head) so forward_begin/forward_step can spread
// the same computation over several calls; both paths execute exactly the same code.
void GPT::run_embed(Mat& x, const std::vector<int>& ids, int pos0, Trace* trace, bool drop) {
  const int T = static_cast<int>(ids.size());
  if (T == 0) throw Error(ErrorKind::EmptyInput, "", "gpt2: empty input");
  if (pos0 + T > cfg.n_positions)
    throw Error(ErrorKind::TooLong, std::to_string(cfg.n_positions), "gpt2: " + std::to_string(pos0 + T) + " tokens exceed n_positions = " + std::to_string(cfg.n_positions));
  Mat tok, pos;                 // (T, C)
  embedding_forward(tok, ids, w.wte);
  positional_embedding_forward(pos, T, pos0, w.wpe);
  x = tok + pos;                // (T, C) the residual stream
  if (drop) dropout_forward(x, drop_emb_, Mat(x), cfg.dropout, drop_rng_);
  if (trace) {
    trace->put("wte.out", tok);
    trace->put("wpe.out", pos);
  }
}

void GPT::run_block(int l, Mat& x, LayerActs& a, int pos0, bool cache, Trace* trace, bool drop,
                    const GPTForwardOptions* opt) {
  const int T = static_cast<int>(x.rows()), C = cfg.n_embd, nh = cfg.n_head;
  AttnMask mask;
  mask.causal = opt ? opt->causal : true;
  mask.pos0 = pos0;
  if (opt && !opt->zero_heads.empty() && opt->zero_heads.size() != size_t(cfg.n_layer) * nh)
    throw Error("gpt2: zero_heads needs n_layer * n_head = " + std::to_string(cfg.n_layer * nh) + " entries");
  Mat qkv, att_out, mlp_out;    // (T, 3C), (T, C), (T, C)
  const GPTLayer& L = w.h[l];
  const std::string p = "h." + std::to_string(l) + ".";
  a.in = x;
  // attention sub-block: x + c_proj(attn(ln_1(x)))
  layernorm_forward(a.ln1, a.ln1_mean, a.ln1_rstd, x, L.ln_1_w, L.ln_1_b, cfg.layer_norm_epsilon);
  conv1d_forward(qkv, a.ln1, L.c_attn_w, &L.c_attn_b);
  a.q = qkv.leftCols(C);
  a.k = qkv.middleCols(C, C);
  a.v = qkv.rightCols(C);
  if (cache) {
    k_cache_[l].middleRows(pos0, T) = a.k;
    v_cache_[l].middleRows(pos0, T) = a.v;
  }
  // Decoding reads the filled rows of the cache in place: (pos0+T, C) views, no copy.
  using KV = Eigen::Ref<const Mat>;
  const KV kk = cache ? KV(k_cache_[l].topRows(pos0 + T)) : KV(a.k);
  const KV vv = cache ? KV(v_cache_[l].topRows(pos0 + T)) : KV(a.v);
  mha_forward(a.att_y, a.att_w, a.q, kk, vv, nh, nh, mask, trace, trace ? p + "attn." : std::string());
  if (opt && !opt->zero_heads.empty())
    for (int h = 0; h < nh; ++h)
      if (opt->zero_heads[size_t(l) * nh + h]) a.att_y.middleCols(h * (C / nh), C / nh).setZero();
  conv1d_forward(att_out, a.att_y, L.attn_proj_w, &L.attn_proj_b);
  if (drop) dropout_forward(att_out, a.drop_attn, Mat(att_out), cfg.dropout, drop_rng_);
  residual_forward(a.res1, x, att_out);
  // MLP sub-block: x + c_proj(gelu(c_fc(ln_2(x))))
  layernorm_forward(a.ln2, a.ln2_mean, a.ln2_rstd, a.res1, L.ln_2_w, L.ln_2_b, cfg.layer_norm_epsilon);
  conv1d_forward(a.fc, a.ln2, L.c_fc_w, &L.c_fc_b);
  act_forward(a.act, a.fc, Act::GELU_tanh);
  conv1d_forward(mlp_out, a.act, L.mlp_proj_w, &L.mlp_proj_b);
  if (drop) dropout_forward(mlp_out, a.drop_mlp, Mat(mlp_out), cfg.dropout, drop_rng_);
  residual_forward(x, a.res1, mlp_out);
  if (trace) {
    trace->put(p + "in", a.in);
    trace->put(p + "ln_1.out", a.ln1);
    trace->put(p + "attn.q", a.q);
    trace->put(p + "attn.k", a.k);
    trace->put(p + "attn.v", a.v);
    trace->put(p + "attn.heads", a.att_y);
    trace->put(p + "attn.out", att_out);
    trace->put(p + "res_1", a.res1);
    trace->put(p + "ln_2.out", a.ln2);
    trace->put(p + "mlp.hidden", a.fc);
    trace->put(p + "mlp.act", a.act);
    trace->put(p + "mlp.out", mlp_out);
    trace->put(p + "res_2", x);
  }
}

void GPT::run_head(Mat& logits, const Mat& x, bool last_only, Trace* trace) {
  x_final_ = x;
  layernorm_forward(lnf_, lnf_mean_, lnf_rstd_, x, w.ln_f_w, w.ln_f_b, cfg.layer_norm_epsilon);
  logits.resize(last_only ? 1 : x.rows(), cfg.vocab_size);  // (T, vocab) or (1, vocab)
  if (last_only)
    matmul<false, true>(logits, lnf_.bottomRows(1), w.wte, false);  // (1, C) wte^T: a GEMV
  else
    matmul<false, true>(logits, lnf_, w.wte, false);  // tied lm_head: lnf wte^T
  if (trace) {
    trace->put("ln_f.out", lnf_);
    trace->put("logits", logits);
  }
}

void GPT::run(Mat& logits, const std::vector<int>& ids, int pos0, bool cache, Trace* trace, bool keep_acts,
              const GPTForwardOptions* opt) {
  const bool drop = keep_acts && cfg.dropout > 0;  // dropout only while training
  Mat x;
  run_embed(x, ids, pos0, trace, drop);
  if (keep_acts) acts_.resize(cfg.n_layer);
  LayerActs scratch;
  for (int l = 0; l < cfg.n_layer; ++l) run_block(l, x, keep_acts ? acts_[l] : scratch, pos0, cache, trace, drop, opt);
  run_head(logits, x, opt && opt->last_logits_only, trace);
}

void GPT::forward_begin(ForwardRun& r, const std::vector<int>& ids, const GPTForwardOptions& opt, Trace* trace) {
  r = ForwardRun{};
  r.ids = ids;
  r.opt = opt;
  run_embed(r.x, r.ids, 0, trace, false);
}

bool GPT::forward_step(ForwardRun& r, Trace* trace) {
  if (r.done) return true;
  if (r.layer < cfg.n_layer) {
    LayerActs scratch;
    run_block(r.layer++, r.x, scratch, 0, false, trace, false, &r.opt);
    return false;
  }
  run_head(r.logits, r.x, r.opt.last_logits_only, trace);
  r.done = true;
  return true;
}

Mat GPT::forward(const std::vector<int>& ids, Trace* trace) {
  Mat logits;  // (T, vocab)
  run(logits, ids, 0, false, trace, false);
  return logits;
}

Mat GPT::forward_with(const std::vector<int>& ids, const GPTForwardOptions& opt, Trace* trace) {
  Mat logits;  // (T, vocab) or (1, vocab)
  run(logits, ids, 0, false, trace, false, &opt);
  return logits;
}

//-----------------------------------------------------------------------------
// [SECTION] Backward
//-----------------------------------------------------------------------------
float GPT::forward_backward(const std::vector<int>& ids, const std::vector<int>& targets) {
  if (g.wpe.size() == 0) throw Error("gpt2: this model was built for inference only (no gradients)");
  if (targets.size() != ids.size())
    throw Error("gpt2: " + std::to_string(targets.size()) + " targets for " + std::to_string(ids.size()) + " ids");
  const int T = static_cast<int>(ids.size()), C = cfg.n_embd, nh = cfg.n_head;
  run(logits_, ids, 0, false, nullptr, true);  // (T, vocab)
  const float loss = static_cast<float>(cross_entropy_forward(probs_, logits_, targets));
  dlogits_.setZero(probs_.rows(), probs_.cols());  // reuses last step's allocation
  cross_entropy_backward(dlogits_, probs_, targets);
  const Mat& dlogits = dlogits_;

  // lm_head (tied): logits = lnf wte^T
  matmul<true, false>(g.wte, dlogits, lnf_, true);  // += dlogits^T lnf, (vocab, C)
  Mat dlnf(dlogits.rows(), w.wte.cols());          // (T, C)
  matmul<false, false>(dlnf, dlogits, w.wte, false);
  Mat dx;                      // (T, C) gradient of the residual stream
  layernorm_backward(dx, g.ln_f_w, g.ln_f_b, dlnf, x_final_, lnf_mean_, lnf_rstd_, w.ln_f_w);

  const bool drop = cfg.dropout > 0;
  Mat dbranch;  // (T, C) gradient of a residual branch after its dropout
  Mat dmlp_act, dfc, dln2, datt_y, dq, dk, dv, dqkv(T, 3 * C), dln1;
  for (int l = cfg.n_layer - 1; l >= 0; --l) {
    const GPTLayer& L = w.h[l];
    GPTLayer& G = g.h[l];
    const LayerActs& a = acts_[l];
    // x_out = res1 + mlp(res1): dx flows to res1 directly and through the MLP
    dmlp_act.resize(0, 0);
    dbranch = drop ? Mat(dx.cwiseProduct(a.drop_mlp)) : dx;
    conv1d_backward(&dmlp_act, &G.mlp_proj_w, &G.mlp_proj_b, dbranch, a.act, L.mlp_proj_w);
    dfc.resize(0, 0);
    act_backward(dfc, dmlp_act, a.fc, Act::GELU_tanh);
    dln2.resize(0, 0);
    conv1d_backward(&dln2, &G.c_fc_w, &G.c_fc_b, dfc, a.ln2, L.c_fc_w);
    layernorm_backward(dx, G.ln_2_w, G.ln_2_b, dln2, a.res1, a.ln2_mean, a.ln2_rstd, L.ln_2_w);  // dx += ...
    // res1 = in + attn(in)
    datt_y.resize(0, 0);
    dbranch = drop ? Mat(dx.cwiseProduct(a.drop_attn)) : dx;
    conv1d_backward(&datt_y, &G.attn_proj_w, &G.attn_proj_b, dbranch, a.att_y, L.attn_proj_w);
    dq.resize(0, 0); dk.resize(0, 0); dv.resize(0, 0);
    mha_backward(dq, dk, dv, datt_y, a.q, a.k, a.v, a.att_w, nh, nh);
    dqkv << dq, dk, dv;
    dln1.resize(0, 0);
    conv1d_backward(&dln1, &G.c_attn_w, &G.c_attn_b, dqkv, a.ln1, L.c_attn_w);
    layernorm_backward(dx, G.ln_1_w, G.ln_1_b, dln1, a.in, a.ln1_mean, a.ln1_rstd, L.ln_1_w);  // dx += ...
  }
  if (drop) dx = dx.cwiseProduct(drop_emb_);
  embedding_backward(g.wte, dx, ids);
  positional_embedding_backward(g.wpe, dx, 0);
  return loss;
}

//-----------------------------------------------------------------------------
// [SECTION] Incremental decoding
//-----------------------------------------------------------------------------
void GPT::reset_state() {
  k_cache_.assign(cfg.n_layer, Mat::Zero(cfg.n_positions, cfg.n_embd));  // (n_positions, C) per layer
  v_cache_.assign(cfg.n_layer, Mat::Zero(cfg.n_positions, cfg.n_embd));
  cache_len_ = 0;
}

RowVec GPT::step(int id) {
  if (k_cache_.empty()) reset_state();
  Mat logits;  // (1, vocab)
  run(logits, {id}, cache_len_, true, nullptr, false);
  ++cache_len_;
  return logits.row(0);
}

}  // namespace tmx
