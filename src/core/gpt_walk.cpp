#include "core/gpt_walk.h"

#include <algorithm>
#include <numeric>

#include "core/error.h"
#include "core/nn/gemm.h"
#include "core/nn/ops.h"
#include "core/rng.h"
#include "core/softmax.h"
#include "core/trace.h"

namespace tmx {

const char* walk_stage_name(WalkStage k) {
  switch (k) {
    case WalkStage::Ids: return "ids";
    case WalkStage::Wte: return "wte";
    case WalkStage::Wpe: return "wpe";
    case WalkStage::Embed: return "embed";
    case WalkStage::Ln1: return "ln_1";
    case WalkStage::Attn: return "attn";
    case WalkStage::Res1: return "res_1";
    case WalkStage::Ln2: return "ln_2";
    case WalkStage::Mlp: return "mlp";
    case WalkStage::Res2: return "res_2";
    case WalkStage::LnF: return "ln_f";
    case WalkStage::Logits: return "logits";
    case WalkStage::Probs: return "probs";
    case WalkStage::Token: return "token";
  }
  return "?";
}

std::vector<int> top_indices(const float* v, int n, int k) {
  k = std::max(0, std::min(k, n));
  std::vector<int> order(static_cast<size_t>(n));
  std::iota(order.begin(), order.end(), 0);
  std::partial_sort(order.begin(), order.begin() + k, order.end(),
                    [&](int a, int b) { return v[a] > v[b] || (v[a] == v[b] && a < b); });
  order.resize(static_cast<size_t>(k));
  return order;
}

GptModuleParams gpt_module_params(const GPTConfig& cfg) {
  GptModuleParams m;
  m.n_layer = cfg.n_layer;
  const std::string b0 = "transformer.h.0.";
  for (const auto& p : GPT::param_shapes(cfg)) {
    const std::string& name = p.first;  // not a structured binding: clang 14 cannot capture those
    int64_t n = 1;
    for (int64_t d : p.second) n *= d;
    auto is = [&](const std::string& prefix) { return name.rfind(prefix, 0) == 0; };
    if (is("transformer.wte.")) m.wte += n;
    else if (is("transformer.wpe.")) m.wpe += n;
    else if (is("transformer.ln_f.")) m.ln_f += n;
    else if (is(b0 + "ln_1.")) m.ln_1 += n;
    else if (is(b0 + "attn.c_attn.")) m.c_attn += n;
    else if (is(b0 + "attn.c_proj.")) m.attn_proj += n;
    else if (is(b0 + "ln_2.")) m.ln_2 += n;
    else if (is(b0 + "mlp.c_fc.")) m.c_fc += n;
    else if (is(b0 + "mlp.c_proj.")) m.mlp_proj += n;
    else if (!is("transformer.h.")) throw Error("gpt_module_params: unexpected tensor " + name);
  }
  return m;
}

namespace {

const Mat& need(const Trace& tr, const std::string& name) {
  const Mat* m = tr.get(name);
  if (!m) throw Error("gpt_walk: the trace has no " + name);
  return *m;
}

// ln_f then the tied lm_head on a residual stream x (T, C), softmax, top k per position.
std::vector<std::vector<LensEntry>> lens_of(const GPT& m, const Mat& x, int k) {
  Mat y, logits, probs;
  Vec mean, rstd;
  layernorm_forward(y, mean, rstd, x, m.w.ln_f_w, m.w.ln_f_b, m.cfg.layer_norm_epsilon);
  logits.resize(x.rows(), m.w.wte.rows());  // (T, vocab)
  matmul<false, true>(logits, y, m.w.wte, false);  // the tied lm_head: y wte^T
  softmax_forward(probs, logits);
  std::vector<std::vector<LensEntry>> out(static_cast<size_t>(x.rows()));
  for (Eigen::Index t = 0; t < x.rows(); ++t)
    for (int id : top_indices(probs.row(t).data(), static_cast<int>(probs.cols()), k))
      out[static_cast<size_t>(t)].push_back({id, probs(t, id)});
  return out;
}

}  // namespace

GptWalk gpt_walk(GPT& model, const std::vector<int>& ids, const SamplerConfig& sampler, uint32_t seed, int lens_k) {
  const int T = static_cast<int>(ids.size()), L = model.cfg.n_layer, nh = model.cfg.n_head;
  for (int id : ids)
    if (id < 0 || id >= model.cfg.vocab_size)
      throw Error(ErrorKind::TokenOutOfRange, std::to_string(id), "gpt_walk: token id " + std::to_string(id) + " is outside the vocabulary (" +
                  std::to_string(model.cfg.vocab_size) + ")");
  Trace tr;
  const Mat logits = model.forward(ids, &tr);  // throws on empty or too long input
  GptWalk w;
  w.ids = ids;
  int resid = -1;  // the residual-norm row current so far
  std::vector<Mat> resid_states;
  auto add = [&](WalkStage k, int layer, const std::string& name, const Mat& v) -> GptWalkStage& {
    GptWalkStage s;
    s.kind = k;
    s.layer = layer;
    s.trace_name = name;
    s.value = v;
    w.stages.push_back(std::move(s));
    return w.stages.back();
  };
  auto add_traced = [&](WalkStage k, int layer, const std::string& name) -> GptWalkStage& {
    return add(k, layer, name, need(tr, name));
  };
  auto stream = [&](GptWalkStage& s) {  // this stage changes the residual stream
    resid_states.push_back(s.value);
    w.resid_stage.push_back(static_cast<int>(w.stages.size()) - 1);
    ++resid;
  };
  Mat idm(1, T);
  for (int t = 0; t < T; ++t) idm(0, t) = static_cast<float>(ids[static_cast<size_t>(t)]);
  add(WalkStage::Ids, -1, "", idm);
  add_traced(WalkStage::Wte, -1, "wte.out");
  add_traced(WalkStage::Wpe, -1, "wpe.out");
  stream(add_traced(WalkStage::Embed, -1, "h.0.in"));  // x = wte + wpe, the stream entering block 0
  w.stages.back().resid_point = resid;
  for (int l = 0; l < L; ++l) {
    const std::string p = "h." + std::to_string(l) + ".";
    add_traced(WalkStage::Ln1, l, p + "ln_1.out").resid_point = resid;
    GptWalkStage& a = add_traced(WalkStage::Attn, l, p + "attn.out");
    a.resid_point = resid;
    for (int h = 0; h < nh; ++h) a.heads.push_back(need(tr, p + "attn.head." + std::to_string(h) + ".weights"));
    stream(add_traced(WalkStage::Res1, l, p + "res_1"));
    w.stages.back().resid_point = resid;
    add_traced(WalkStage::Ln2, l, p + "ln_2.out").resid_point = resid;
    add_traced(WalkStage::Mlp, l, p + "mlp.out").resid_point = resid;
    stream(add_traced(WalkStage::Res2, l, p + "res_2"));
    w.stages.back().resid_point = resid;
  }
  add_traced(WalkStage::LnF, -1, "ln_f.out").resid_point = resid;
  add(WalkStage::Logits, -1, "logits", logits).resid_point = resid;
  Mat last_probs;
  softmax_forward(last_probs, Mat(logits.bottomRows(1)));
  w.probs = last_probs.row(0);
  add(WalkStage::Probs, -1, "", last_probs).resid_point = resid;
  const float* last = logits.data() + static_cast<Eigen::Index>(T - 1) * logits.cols();
  const int V = static_cast<int>(logits.cols());
  w.sampled_from = sampling_probs(last, V, sampler);
  Rng rng(seed);
  w.token = sample_token(last, V, sampler, rng);
  add(WalkStage::Token, -1, "", Mat::Constant(1, 1, static_cast<float>(w.token))).resid_point = resid;

  w.resid_norm.resize(static_cast<Eigen::Index>(resid_states.size()), T);
  for (size_t r = 0; r < resid_states.size(); ++r)
    w.resid_norm.row(static_cast<Eigen::Index>(r)) = resid_states[r].rowwise().norm().transpose();
  // Logit lens on the stream entering block 0 and leaving every block.
  w.lens.push_back(lens_of(model, need(tr, "h.0.in"), lens_k));
  for (int l = 0; l < L; ++l) w.lens.push_back(lens_of(model, need(tr, "h." + std::to_string(l) + ".res_2"), lens_k));
  return w;
}

}  // namespace tmx
