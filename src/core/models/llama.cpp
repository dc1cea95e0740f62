// LLaMA: config, checkpoint names, forward (with trace and KV cache), backward.
//
// [SECTION] Config
// [SECTION] Parameters and checkpoint names
// [SECTION] Forward
// [SECTION] Backward
// [SECTION] Incremental decoding
#include "core/models/llama.h"

#include <cmath>

#include "core/error.h"
#include "core/nn/ops.h"
#include "core/rng.h"

namespace tmx {

//-----------------------------------------------------------------------------
// [SECTION] Config
//-----------------------------------------------------------------------------
LlamaConfig LlamaConfig::from_json(const json::Value& j) {
  // A checkpoint's sizes are required: a missing one is an error, never a 7B-class default.
  LlamaConfig c;
  c.vocab_size = j.get_size("vocab_size");
  c.hidden_size = j.get_size("hidden_size");
  c.num_hidden_layers = j.get_size("num_hidden_layers");
  c.num_attention_heads = j.get_size("num_attention_heads");
  c.num_key_value_heads = j.get_size("num_key_value_heads", c.num_attention_heads);  // HF's rule: absent = MHA
  c.intermediate_size = j.get_size("intermediate_size");
  c.max_position_embeddings = j.get_size("max_position_embeddings");
  c.rms_norm_eps = static_cast<float>(j.get_number("rms_norm_eps", c.rms_norm_eps));
  c.rope_theta = static_cast<float>(j.get_number("rope_theta", c.rope_theta));
  c.tie_word_embeddings = j.get_bool("tie_word_embeddings", false);
  c.validate();
  return c;
}

void LlamaConfig::validate() const {
  if (vocab_size <= 0 || hidden_size <= 0 || num_hidden_layers <= 0 || num_attention_heads <= 0 ||
      num_key_value_heads <= 0 || intermediate_size <= 0 || max_position_embeddings <= 0)
    throw Error(ErrorKind::ConfigField, "hidden_size / num_hidden_layers / num_attention_heads / num_key_value_heads / intermediate_size", "config: LLaMA sizes must be positive");
  if (num_hidden_layers > 1000 || num_attention_heads > 1000)
    throw Error(ErrorKind::ConfigField, "num_hidden_layers / num_attention_heads", "config: num_hidden_layers / num_attention_heads beyond 1000 is not a real model");
  if (hidden_size % num_attention_heads != 0)
    throw Error(ErrorKind::ConfigField, "hidden_size / num_attention_heads", "config: hidden_size (" + std::to_string(hidden_size) + ") is not a multiple of num_attention_heads (" +
                std::to_string(num_attention_heads) + ")");
  if (num_attention_heads % num_key_value_heads != 0)
    throw Error(ErrorKind::ConfigField, "num_attention_heads / num_key_value_heads", "config: num_attention_heads (" + std::to_string(num_attention_heads) +
                ") is not a multiple of num_key_value_heads (" + std::to_string(num_key_value_heads) + ")");
  if (head_dim() % 2 != 0) throw Error(ErrorKind::ConfigField, "hidden_size / num_attention_heads", "config: RoPE needs an even head dimension");
  const double params = 2.0 * vocab_size * hidden_size +
                        num_hidden_layers * (4.0 * hidden_size * hidden_size + 3.0 * hidden_size * intermediate_size);
  if (params > 4e9) throw Error(ErrorKind::TooLarge, std::to_string(int64_t(params)), "config: " + std::to_string(params) + " parameters is beyond what this core loads");
  if (!(rms_norm_eps > 0) || !std::isfinite(rms_norm_eps)) throw Error(ErrorKind::ConfigField, "rms_norm_eps", "config: rms_norm_eps must be positive");
  if (!(rope_theta > 1) || !std::isfinite(rope_theta)) throw Error(ErrorKind::ConfigField, "rope_theta", "config: rope_theta must be > 1");
}

std::string LlamaConfig::to_json() const {
  char eps[32], theta[32];
  std::snprintf(eps, sizeof eps, "%.9g", rms_norm_eps);
  std::snprintf(theta, sizeof theta, "%.9g", rope_theta);
  return "{\n  \"model_type\": \"llama\",\n  \"architectures\": [\"LlamaForCausalLM\"],\n  \"vocab_size\": " +
         std::to_string(vocab_size) + ",\n  \"hidden_size\": " + std::to_string(hidden_size) +
         ",\n  \"num_hidden_layers\": " + std::to_string(num_hidden_layers) + ",\n  \"num_attention_heads\": " +
         std::to_string(num_attention_heads) + ",\n  \"num_key_value_heads\": " + std::to_string(num_key_value_heads) +
         ",\n  \"intermediate_size\": " + std::to_string(intermediate_size) + ",\n  \"max_position_embeddings\": " +
         std::to_string(max_position_embeddings) + ",\n  \"rms_norm_eps\": " + eps + ",\n  \"rope_theta\": " + theta +
         ",\n  \"hidden_act\": \"silu\",\n  \"tie_word_embeddings\": " + (tie_word_embeddings ? "true" : "false") +
         "\n}\n";
}

//-----------------------------------------------------------------------------
// [SECTION] Parameters and checkpoint names
//-----------------------------------------------------------------------------
template <typename F>
static void visit(LlamaWeights& a, LlamaWeights& b, const LlamaConfig& c, F f) {
  const int64_t C = c.hidden_size, F_ = c.intermediate_size, kv = int64_t(c.num_key_value_heads) * c.head_dim();
  f("model.embed_tokens.weight", a.embed, b.embed, std::vector<int64_t>{c.vocab_size, C});
  for (int i = 0; i < c.num_hidden_layers; ++i) {
    const std::string p = "model.layers." + std::to_string(i) + ".";
    LlamaLayer &la = a.layers[i], &lb = b.layers[i];
    f(p + "input_layernorm.weight", la.input_norm_w, lb.input_norm_w, std::vector<int64_t>{C});
    f(p + "self_attn.q_proj.weight", la.q_w, lb.q_w, std::vector<int64_t>{C, C});
    f(p + "self_attn.k_proj.weight", la.k_w, lb.k_w, std::vector<int64_t>{kv, C});
    f(p + "self_attn.v_proj.weight", la.v_w, lb.v_w, std::vector<int64_t>{kv, C});
    f(p + "self_attn.o_proj.weight", la.o_w, lb.o_w, std::vector<int64_t>{C, C});
    f(p + "post_attention_layernorm.weight", la.post_norm_w, lb.post_norm_w, std::vector<int64_t>{C});
    f(p + "mlp.gate_proj.weight", la.gate_w, lb.gate_w, std::vector<int64_t>{F_, C});
    f(p + "mlp.up_proj.weight", la.up_w, lb.up_w, std::vector<int64_t>{F_, C});
    f(p + "mlp.down_proj.weight", la.down_w, lb.down_w, std::vector<int64_t>{C, F_});
  }
  f("model.norm.weight", a.norm_w, b.norm_w, std::vector<int64_t>{C});
  if (!c.tie_word_embeddings) f("lm_head.weight", a.lm_head, b.lm_head, std::vector<int64_t>{c.vocab_size, C});
}

Llama::Llama(const LlamaConfig& c, bool random_init, bool grads) : cfg(c) {
  cfg.validate();
  w.layers.resize(cfg.num_hidden_layers);
  g.layers.resize(cfg.num_hidden_layers);
  visit(w, g, cfg, [grads](const std::string&, Mat& a, Mat& b, const std::vector<int64_t>& s) {
    a = Mat::Zero(rows_of(s), s.back());
    if (grads) b = Mat::Zero(rows_of(s), s.back());
  });
  if (random_init) init_random(1337);
}

Llama::Llama(const LlamaConfig& c, Unfilled, bool grads) : cfg(c) {
  cfg.validate();
  w.layers.resize(cfg.num_hidden_layers);
  g.layers.resize(cfg.num_hidden_layers);
  if (grads)
    visit(w, g, cfg, [](const std::string&, Mat&, Mat& b, const std::vector<int64_t>& s) { b = Mat::Zero(rows_of(s), s.back()); });
}

void Llama::init_random(uint32_t seed) {
  Rng rng(seed);
  visit(w, g, cfg, [&](const std::string&, Mat& a, Mat&, const std::vector<int64_t>& s) {
    if (s.size() == 1) {
      a.setOnes();  // RMSNorm weights
      return;
    }
    for (Eigen::Index i = 0; i < a.size(); ++i) a.data()[i] = rng.normal(0.0f, 0.02f);
  });
}

std::unique_ptr<Llama> Llama::from_safetensors(const LlamaConfig& cfg, const SafeTensors& st, Gradients grads) {
  ModelPlan p = plan_safetensors(cfg, st, grads);
  p.run_all(st);
  return std::unique_ptr<Llama>(static_cast<Llama*>(p.model.release()));
}

ModelPlan Llama::plan_safetensors(const LlamaConfig& cfg, const SafeTensors& st, Gradients grads) {
  cfg.validate();
  {  // Every tensor the config implies must be in the file with its shape before anything is allocated.
    LlamaWeights shell;
    shell.layers.resize(cfg.num_hidden_layers);
    visit(shell, shell, cfg, [&](const std::string& name, Mat&, Mat&, const std::vector<int64_t>& s) { st.expect(name, s); });
  }
  ModelPlan p;
  auto* m = new Llama(cfg, Unfilled{}, grads == Gradients::Allocate);
  p.model.reset(m);
  visit(m->w, m->g, m->cfg, [&](const std::string& name, Mat& a, Mat&, const std::vector<int64_t>& s) {
    p.reads.push_back({name, s, &a});  // 1-D [n] reads as (1, n), the model's layout
  });
  return p;
}

ParamList Llama::params() {
  ParamList ps;
  visit(w, g, cfg, [&](const std::string& name, Mat& a, Mat& b, const std::vector<int64_t>& s) {
    ps.push_back(Param{name, &a, &b, s, true});
  });
  return ps;
}

//-----------------------------------------------------------------------------
// [SECTION] Forward
//-----------------------------------------------------------------------------
// run() in three pieces (embedding, one layer, head) so forward_begin/forward_step can spread the
// same computation over several calls; both paths execute exactly the same code.
void Llama::run_embed(Mat& x, const std::vector<int>& ids, int pos0, Trace* trace) {
  const int T = static_cast<int>(ids.size());
  if (T == 0) throw Error(ErrorKind::EmptyInput, "", "llama: empty input");
  if (pos0 + T > cfg.max_position_embeddings)
    throw Error(ErrorKind::TooLong, std::to_string(cfg.max_position_embeddings), "llama: " + std::to_string(pos0 + T) + " tokens exceed max_position_embeddings = " +
                std::to_string(cfg.max_position_embeddings));
  embedding_forward(x, ids, w.embed);  // (T, C) the residual stream
  if (trace) trace->put("embed.out", x);
}

void Llama::run_layer(int l, Mat& x, LayerActs& a, int pos0, bool cache, Trace* trace) {
  const int T = static_cast<int>(x.rows()), nh = cfg.num_attention_heads, nkv = cfg.num_key_value_heads;
  const int hd = cfg.head_dim();
  AttnMask mask;
  mask.causal = true;
  mask.pos0 = pos0;
  Mat q0, k0, att_out, mlp_out;  // (T, C), (T, kv), (T, C), (T, C)
  const LlamaLayer& L = w.layers[l];
  const std::string p = "layers." + std::to_string(l) + ".";
  a.in = x;
  // attention sub-block: x + o_proj(attn(rope(q), rope(k), v))
  rmsnorm_forward(a.n1, a.n1_rstd, x, L.input_norm_w, cfg.rms_norm_eps);
  linear_forward(q0, a.n1, L.q_w, nullptr);
  linear_forward(k0, a.n1, L.k_w, nullptr);
  linear_forward(a.v, a.n1, L.v_w, nullptr);
  rope_forward(a.q, q0, nh, hd, pos0, cfg.rope_theta);
  rope_forward(a.k, k0, nkv, hd, pos0, cfg.rope_theta);
  if (cache) {
    k_cache_[l].middleRows(pos0, T) = a.k;
    v_cache_[l].middleRows(pos0, T) = a.v;
  }
  // Decoding reads the filled rows of the cache in place: (pos0+T, kv) views, no copy.
  using KV = Eigen::Ref<const Mat>;
  const KV kk = cache ? KV(k_cache_[l].topRows(pos0 + T)) : KV(a.k);
  const KV vv = cache ? KV(v_cache_[l].topRows(pos0 + T)) : KV(a.v);
  mha_forward(a.att_y, a.att_w, a.q, kk, vv, nh, nkv, mask, trace, trace ? p + "attn." : std::string());
  linear_forward(att_out, a.att_y, L.o_w, nullptr);
  residual_forward(a.res1, x, att_out);
  // MLP sub-block: x + down(silu(gate(n)) * up(n))
  rmsnorm_forward(a.n2, a.n2_rstd, a.res1, L.post_norm_w, cfg.rms_norm_eps);
  linear_forward(a.gate, a.n2, L.gate_w, nullptr);
  linear_forward(a.up, a.n2, L.up_w, nullptr);
  swiglu_forward(a.hidden, a.gate, a.up);
  linear_forward(mlp_out, a.hidden, L.down_w, nullptr);
  residual_forward(x, a.res1, mlp_out);
  if (trace) {
    trace->put(p + "in", a.in);
    trace->put(p + "input_layernorm.out", a.n1);
    trace->put(p + "attn.q_prerope", q0);
    trace->put(p + "attn.k_prerope", k0);
    trace->put(p + "attn.q", a.q);
    trace->put(p + "attn.k", a.k);
    trace->put(p + "attn.v", a.v);
    trace->put(p + "attn.heads", a.att_y);
    trace->put(p + "attn.out", att_out);
    trace->put(p + "res_1", a.res1);
    trace->put(p + "post_attention_layernorm.out", a.n2);
    trace->put(p + "mlp.gate", a.gate);
    trace->put(p + "mlp.up", a.up);
    trace->put(p + "mlp.hidden", a.hidden);
    trace->put(p + "mlp.out", mlp_out);
    trace->put(p + "res_2", x);
  }
}

void Llama::run_head(Mat& logits, const Mat& x, Trace* trace) {
  x_final_ = x;
  rmsnorm_forward(nf_, nf_rstd_, x, w.norm_w, cfg.rms_norm_eps);
  linear_forward(logits, nf_, head(), nullptr);  // (T, vocab)
  if (trace) {
    trace->put("norm.out", nf_);
    trace->put("logits", logits);
  }
}

void Llama::run(Mat& logits, const std::vector<int>& ids, int pos0, bool cache, Trace* trace, bool keep_acts) {
  Mat x;  // (T, C) the residual stream
  run_embed(x, ids, pos0, trace);
  if (keep_acts) acts_.resize(cfg.num_hidden_layers);
  LayerActs scratch;
  for (int l = 0; l < cfg.num_hidden_layers; ++l) run_layer(l, x, keep_acts ? acts_[l] : scratch, pos0, cache, trace);
  run_head(logits, x, trace);
}

void Llama::forward_begin(ForwardRun& r, const std::vector<int>& ids, Trace* trace) {
  r = ForwardRun{};
  r.ids = ids;
  run_embed(r.x, r.ids, 0, trace);
}

bool Llama::forward_step(ForwardRun& r, Trace* trace) {
  if (r.done) return true;
  if (r.layer < cfg.num_hidden_layers) {
    LayerActs scratch;
    run_layer(r.layer++, r.x, scratch, 0, false, trace);
    return false;
  }
  run_head(r.logits, r.x, trace);
  r.done = true;
  return true;
}

Mat Llama::forward(const std::vector<int>& ids, Trace* trace) {
  Mat logits;  // (T, vocab)
  run(logits, ids, 0, false, trace, false);
  return logits;
}

//-----------------------------------------------------------------------------
// [SECTION] Backward
//-----------------------------------------------------------------------------
float Llama::forward_backward(const std::vector<int>& ids, const std::vector<int>& targets) {
  if (g.norm_w.size() == 0) throw Error("llama: this model was built for inference only (no gradients)");
  if (targets.size() != ids.size())
    throw Error("llama: " + std::to_string(targets.size()) + " targets for " + std::to_string(ids.size()) + " ids");
  const int nh = cfg.num_attention_heads, nkv = cfg.num_key_value_heads, hd = cfg.head_dim();
  run(logits_, ids, 0, false, nullptr, true);  // (T, vocab)
  const float loss = static_cast<float>(cross_entropy_forward(probs_, logits_, targets));
  dlogits_.setZero(probs_.rows(), probs_.cols());  // reuses last step's allocation
  cross_entropy_backward(dlogits_, probs_, targets);
  const Mat& dlogits = dlogits_;

  Mat dnf;  // (T, C)
  linear_backward(&dnf, cfg.tie_word_embeddings ? &g.embed : &g.lm_head, nullptr, dlogits, nf_, head());
  Mat dx;   // (T, C) gradient of the residual stream
  rmsnorm_backward(dx, g.norm_w, dnf, x_final_, nf_rstd_, w.norm_w);

  Mat dhidden, dgate, dup, dn2, datt_y, dq, dk, dv, dq0, dk0, dn1;
  for (int l = cfg.num_hidden_layers - 1; l >= 0; --l) {
    const LlamaLayer& L = w.layers[l];
    LlamaLayer& G = g.layers[l];
    const LayerActs& a = acts_[l];
    // MLP branch
    dhidden.resize(0, 0);
    linear_backward(&dhidden, &G.down_w, nullptr, dx, a.hidden, L.down_w);
    dgate.resize(0, 0); dup.resize(0, 0);
    swiglu_backward(dgate, dup, dhidden, a.gate, a.up);
    dn2.resize(0, 0);
    linear_backward(&dn2, &G.gate_w, nullptr, dgate, a.n2, L.gate_w);
    linear_backward(&dn2, &G.up_w, nullptr, dup, a.n2, L.up_w);
    rmsnorm_backward(dx, G.post_norm_w, dn2, a.res1, a.n2_rstd, L.post_norm_w);  // dx += ...
    // attention branch
    datt_y.resize(0, 0);
    linear_backward(&datt_y, &G.o_w, nullptr, dx, a.att_y, L.o_w);
    dq.resize(0, 0); dk.resize(0, 0); dv.resize(0, 0);
    mha_backward(dq, dk, dv, datt_y, a.q, a.k, a.v, a.att_w, nh, nkv);
    dq0.resize(0, 0); dk0.resize(0, 0);
    rope_backward(dq0, dq, nh, hd, 0, cfg.rope_theta);
    rope_backward(dk0, dk, nkv, hd, 0, cfg.rope_theta);
    dn1.resize(0, 0);
    linear_backward(&dn1, &G.q_w, nullptr, dq0, a.n1, L.q_w);
    linear_backward(&dn1, &G.k_w, nullptr, dk0, a.n1, L.k_w);
    linear_backward(&dn1, &G.v_w, nullptr, dv, a.n1, L.v_w);
    rmsnorm_backward(dx, G.input_norm_w, dn1, a.in, a.n1_rstd, L.input_norm_w);  // dx += ...
  }
  embedding_backward(g.embed, dx, ids);
  return loss;
}

//-----------------------------------------------------------------------------
// [SECTION] Incremental decoding
//-----------------------------------------------------------------------------
void Llama::reset_state() {
  const int kv = cfg.num_key_value_heads * cfg.head_dim();
  k_cache_.assign(cfg.num_hidden_layers, Mat::Zero(cfg.max_position_embeddings, kv));  // (max_pos, kv)
  v_cache_.assign(cfg.num_hidden_layers, Mat::Zero(cfg.max_position_embeddings, kv));
  cache_len_ = 0;
}

RowVec Llama::step(int id) {
  if (k_cache_.empty()) reset_state();
  Mat logits;  // (1, vocab)
  run(logits, {id}, cache_len_, true, nullptr, false);
  ++cache_len_;
  return logits.row(0);
}

}  // namespace tmx
