#include "core/multi_head.h"

#include <algorithm>
#include <cmath>
#include <string>

#include "core/error.h"
#include "core/trace.h"
#include "core/train.h"

namespace tmx {

HeadCost attention_head_cost(int64_t d_model, int64_t n_head, int64_t context) {
  if (d_model < 1 || n_head < 1 || context < 1 || d_model > 1000000 || context > 10000000)
    throw Error("head cost: d_model, n_head and context must be positive (d_model <= 1e6, context <= 1e7)");
  if (d_model % n_head != 0)
    throw Error("head cost: " + std::to_string(n_head) + " heads do not divide d_model " + std::to_string(d_model));
  HeadCost c;
  const int64_t C = d_model, d = C / n_head;
  c.head_dim = d;
  c.params = 3 * C * d + 3 * d + d * C;
  c.qkv_flops = 2 * 3 * C * d;
  c.score_flops = 2 * context * d;
  c.mix_flops = 2 * context * d;
  c.out_flops = 2 * d * C;
  c.layer_params = n_head * c.params + C;
  return c;
}

ColumnRange c_attn_columns(int64_t d_model, int64_t n_head, QKV part, int64_t head) {
  if (d_model < 1 || n_head < 1 || d_model % n_head != 0) throw Error("c_attn: n_head must divide d_model");
  if (head < 0 || head >= n_head) throw Error("c_attn: head " + std::to_string(head) + " is not in 0.." + std::to_string(n_head - 1));
  const int64_t d = d_model / n_head, b = static_cast<int64_t>(part) * d_model + head * d;
  return {b, b + d};
}

Mat c_attn_head(const Mat& c_attn_w, int n_head, QKV part, int head) {
  const int64_t C = c_attn_w.rows();
  if (c_attn_w.cols() != 3 * C) throw Error("c_attn: the weight must be (C, 3C)");
  const ColumnRange r = c_attn_columns(C, n_head, part, head);
  return c_attn_w.middleCols(r.begin, r.end - r.begin);
}

HeadStats head_stats(const Mat& w) {
  if (w.rows() != w.cols() || w.rows() < 2) throw Error("head stats: the weights must be square, at least 2 x 2");
  HeadStats s;
  const Eigen::Index T = w.rows();
  for (Eigen::Index i = 1; i < T; ++i) {
    s.prev += w(i, i - 1);
    s.first += w(i, 0);
    s.self += w(i, i);
    double h = 0;
    for (Eigen::Index j = 0; j <= i; ++j)
      if (w(i, j) > 0) h -= double(w(i, j)) * std::log(double(w(i, j)));
    s.entropy += h;
    s.uniform += std::log(double(i + 1));
  }
  const double n = double(T - 1);
  s.prev /= n, s.first /= n, s.self /= n, s.entropy /= n, s.uniform /= n;
  s.rows = static_cast<int>(T - 1);
  return s;
}

HeadStats merge_head_stats(const std::vector<HeadStats>& parts) {
  HeadStats m;
  for (const HeadStats& p : parts) {
    m.prev += p.prev * p.rows, m.first += p.first * p.rows, m.self += p.self * p.rows;
    m.entropy += p.entropy * p.rows, m.uniform += p.uniform * p.rows;
    m.rows += p.rows;
  }
  if (m.rows > 0) {
    const double n = m.rows;
    m.prev /= n, m.first /= n, m.self /= n, m.entropy /= n, m.uniform /= n;
  }
  return m;
}

HeadReport gpt_head_report(GPT& model, const std::vector<int>& ids, int context, int max_tokens, bool ablations) {
  if (context < 2 || context > model.cfg.n_positions)
    throw Error("head report: context must be 2.." + std::to_string(model.cfg.n_positions));
  HeadReport r;
  r.n_layer = model.cfg.n_layer;
  r.n_head = model.cfg.n_head;
  const size_t n_heads = size_t(r.n_layer) * r.n_head;
  // Statistics: one traced forward per window (the windows eval_loss uses).
  std::vector<std::vector<HeadStats>> parts(n_heads);
  const auto traced = [&](const std::vector<int>& x) {
    Trace tr;
    Mat logits = model.forward(x, &tr);
    if (x.size() >= 2)
      for (int l = 0; l < r.n_layer; ++l)
        for (int h = 0; h < r.n_head; ++h) {
          const Mat* w = tr.get("h." + std::to_string(l) + ".attn.head." + std::to_string(h) + ".weights");
          if (!w) throw Error("head report: the trace has no weights for layer " + std::to_string(l));
          parts[size_t(l) * r.n_head + h].push_back(head_stats(*w));
        }
    r.tokens += int64_t(x.size());
    return logits;
  };
  r.loss = eval_loss_with(traced, ids, context, max_tokens);
  for (const auto& p : parts) r.stats.push_back(merge_head_stats(p));
  if (!ablations) return r;
  GPTForwardOptions opt;
  for (size_t k = 0; k < n_heads; ++k) {
    opt.zero_heads.assign(n_heads, 0);
    opt.zero_heads[k] = 1;
    r.ablated_loss.push_back(
        eval_loss_with([&](const std::vector<int>& x) { return model.forward_with(x, opt); }, ids, context, max_tokens));
  }
  return r;
}

}  // namespace tmx
