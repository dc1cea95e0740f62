// `tmx note-tables`: prints the worked-example tables of the notes, computed by the core, in the
// exact markdown the chapters contain. tests/core/test_note_examples.cpp re-checks the chapters
// against the core, so after changing an example: run this, paste, and the test tells you if
// anything drifted.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <sstream>
#include <fstream>
#include <iterator>
#include <memory>
#include <string>
#include <vector>

#include "app/cli/cli.h"
#include "core/attention_example.h"
#include "core/decode_compare.h"
#include "core/decode_latency.h"
#include "core/ffn.h"
#include "core/gpt_walk.h"
#include "core/json.h"
#include "core/models/gpt.h"
#include "core/positions.h"
#include "core/model_loader.h"
#include "core/multi_head.h"
#include "core/model_size.h"
#include "core/nn/ops.h"
#include "core/residual_norm.h"
#include "core/safetensors.h"
#include "core/sampling.h"
#include "core/sampling_example.h"
#include "core/seq2seq.h"
#include "core/softmax.h"
#include "core/ssm/selective_scan.h"
#include "core/ssm_example.h"
#include "core/tasks/synthetic_run.h"
#include "core/tokenizer/tokenizer_spec.h"
#include "core/tokenizer/tokenization_example.h"
#include "core/tokenizer/utf8.h"
#include "core/training_example.h"

namespace {

std::string num(double v, int decimals) {
  if (std::isnan(v)) return "";  // an empty cell (the check skips it)
  if (std::isinf(v)) return v < 0 ? "\xE2\x88\x92\xE2\x88\x9E" : "\xE2\x88\x9E";  // −∞
  char b[32];
  std::snprintf(b, sizeof b, "%.*f", decimals, v);
  std::string s = b;
  if (s == "-0" || s.find_first_not_of("-0.") == std::string::npos) s = s[0] == '-' ? s.substr(1) : s;
  return s;
}

// decimals: one per column (the last one repeats for the columns after it).
void table(const char* id, const std::vector<std::string>& header, const std::vector<std::string>& labels,
           const std::vector<std::vector<double>>& rows, const std::vector<int>& decimals) {
  std::printf("<!-- check: %s -->\n|", id);
  for (const auto& h : header) std::printf(" %s |", h.c_str());
  std::printf("\n|");
  for (size_t i = 0; i < header.size(); ++i) std::printf(i == 0 ? ":--|" : "--:|");
  std::printf("\n");
  for (size_t r = 0; r < rows.size(); ++r) {
    std::printf("| %s |", labels[r].c_str());
    for (size_t c = 0; c < rows[r].size(); ++c)
      std::printf(" %s |", num(rows[r][c], decimals[std::min(c, decimals.size() - 1)]).c_str());
    std::printf("\n");
  }
  std::printf("\n");
}
void table(const char* id, const std::vector<std::string>& header, const std::vector<std::string>& labels,
           const std::vector<std::vector<double>>& rows, int decimals) {
  table(id, header, labels, rows, std::vector<int>{decimals});
}

std::vector<std::vector<double>> rows_of(const tmx::Mat& m) {
  std::vector<std::vector<double>> r(static_cast<size_t>(m.rows()));
  for (Eigen::Index i = 0; i < m.rows(); ++i)
    for (Eigen::Index j = 0; j < m.cols(); ++j) r[i].push_back(m(i, j));
  return r;
}

// 13-ssm-mamba.md: the shipped kjv-mamba and Mamba-130M's published config, tensor by tensor, and
// the state one layer keeps while generating.
void mamba_size_tables() {
  const tmx::ssm::MambaLMConfig kjv = tmx::ssm::mamba_config_from_json(
      tmx::json::parse(tmx::read_file_text(std::string(TMX_ASSETS_DIR) + "/models/kjv-mamba/config.json")));
  const tmx::ssm::MambaLMConfig big = tmx::mamba_130m_config();
  auto cfg_row = [](const tmx::ssm::MambaLMConfig& c) {
    return std::vector<double>{double(c.block.d_model), double(c.n_layer), double(c.vocab_size), double(c.block.d_state),
                               double(c.block.d_conv), double(c.block.expand), double(c.block.d_inner()), double(c.block.rank())};
  };
  table("ssm.configs", {"model", "$d$", "layers", "vocabulary", "$N$", "conv taps", "expand", "$E$", "$R$"},
        {"kjv-mamba", "Mamba-130M"}, {cfg_row(kjv), cfg_row(big)}, 0);
  const auto a = tmx::mamba_tensor_sizes(kjv), b = tmx::mamba_tensor_sizes(big);
  std::vector<std::string> labels;
  std::vector<std::vector<double>> rows;
  int64_t la = 0, lb = 0;
  for (size_t i = 0; i < a.size(); ++i)
    if (a[i].per_layer) {
      labels.push_back("`" + a[i].name + "`");
      rows.push_back({double(a[i].count), double(b[i].count)});
      la += a[i].count, lb += b[i].count;
    }
  labels.push_back("one layer");
  rows.push_back({double(la), double(lb)});
  labels.push_back("all layers");
  rows.push_back({double(la * kjv.n_layer), double(lb * big.n_layer)});
  labels.push_back("`embedding.weight` (also the LM head)");
  rows.push_back({double(a.front().count), double(b.front().count)});
  labels.push_back("`norm_f.weight`");
  rows.push_back({double(a.back().count), double(b.back().count)});
  labels.push_back("total");
  rows.push_back({double(tmx::mamba_params(kjv)), double(tmx::mamba_params(big))});
  table("ssm.params", {"tensor", "kjv-mamba", "Mamba-130M"}, labels, rows, 0);
  const auto sa = tmx::mamba_state_per_layer(kjv.block), sb = tmx::mamba_state_per_layer(big.block);
  auto st = [](int64_t v, int64_t layers) { return std::vector<double>{double(v), double(4 * v), double(4 * v * layers)}; };
  std::vector<std::vector<double>> srows = {st(sa.conv_values, kjv.n_layer), st(sa.ssm_values, kjv.n_layer), st(sa.values(), kjv.n_layer)};
  for (const auto& r : {st(sb.conv_values, big.n_layer), st(sb.ssm_values, big.n_layer), st(sb.values(), big.n_layer)}) srows.push_back(r);
  table("ssm.state", {"model, state", "values per layer", "bytes per layer (float32)", "bytes, all layers"},
        {"kjv-mamba `conv_state`", "kjv-mamba `ssm_state`", "kjv-mamba, both", "Mamba-130M `conv_state`", "Mamba-130M `ssm_state`",
         "Mamba-130M, both"},
        srows, 0);
}

// 01-overview.md: GPT-2 small's parameters by component, beside the shipped kjv-gpt's.
void overview_tables() {
  std::printf("## 01-overview.md\n\n");
  const tmx::GPTConfig small;
  const tmx::GPTConfig kjv = tmx::GPTConfig::from_json(
      tmx::json::parse(tmx::read_file_text(std::string(TMX_ASSETS_DIR) + "/models/kjv-gpt/config.json")));
  auto cfg_row = [](const tmx::GPTConfig& c) {
    return std::vector<double>{double(c.vocab_size), double(c.n_positions), double(c.n_embd), double(c.n_head),
                               double(c.n_layer)};
  };
  table("overview.configs", {"model", "$V$", "$n_{ctx}$", "$d$", "heads", "blocks $L$"}, {"GPT-2 small", "kjv-gpt"},
        {cfg_row(small), cfg_row(kjv)}, 0);
  const tmx::DecoderParams a = tmx::decoder_params(tmx::decoder_shape(small)),
                          b = tmx::decoder_params(tmx::decoder_shape(kjv));
  auto row = [&](int64_t x, int64_t y) {
    return std::vector<double>{double(x), 100.0 * x / a.total(), double(y), 100.0 * y / b.total()};
  };
  table("overview.params", {"component", "GPT-2 small", "share (%)", "kjv-gpt", "share (%)"},
        {"token embedding `wte` (also the output layer)", "position embedding `wpe`", "attention, all blocks",
         "MLP, all blocks", "LayerNorms (2 per block + final)", "total"},
        {row(a.embedding, b.embedding), row(a.positions, b.positions), row(a.attention, b.attention), row(a.ffn, b.ffn),
         row(a.norms, b.norms),
         row(a.total(), b.total())},
        {0, 2, 0, 2});
  const int64_t La = small.n_layer, Lb = kjv.n_layer;
  const int64_t na = (a.norms - 2 * small.n_embd) / La, nb = (b.norms - 2 * kjv.n_embd) / Lb;
  table("overview.block", {"one block", "GPT-2 small", "kjv-gpt"},
        {"attention (`c_attn`, `c_proj`)", "MLP (`c_fc`, `c_proj`)", "LayerNorms `ln_1`, `ln_2`", "block"},
        {{double(a.attention / La), double(b.attention / Lb)}, {double(a.ffn / La), double(b.ffn / Lb)}, {double(na), double(nb)},
         {double((a.attention + a.ffn) / La + na), double((b.attention + b.ffn) / Lb + nb)}},
        0);
}

// 08-decoder.md: padding vs causal masks on the attention chapter's example, and the shipped
// dates-encdec on one sentence (teacher forcing, cross-attention of decoder layer 0).
void decoder_tables() {
  std::printf("## 08-decoder.md\n\n");
  tmx::Mat q, k, v;
  tmx::attention_example_inputs(q, k, v);
  const std::vector<uint8_t> pad = {0, 0, 1};
  const std::vector<std::string> tok = {"the", "cat", "`<pad>`"};
  const std::vector<std::string> head = {"query \\ key", "the", "cat", "`<pad>`"};
  table("decoder.pad-weights", head, tok, rows_of(tmx::attention_example(q, k, v, false, &pad).weights), 3);
  table("decoder.both-weights", head, tok, rows_of(tmx::attention_example(q, k, v, true, &pad).weights), 3);
  const std::string dir = std::string(TMX_ASSETS_DIR) + "/models/dates-encdec";
  auto m = tmx::load_encdec(dir);
  {  // the model's facts: config, parameter count, recipe and held-out result from its log
    std::string last, line;
    std::istringstream log(tmx::read_file_text(dir + "/train_log.jsonl"));
    while (std::getline(log, line))
      if (!line.empty()) last = line;
    const tmx::json::Value fin = tmx::json::parse(last);
    const auto& c = m->cfg;
    table("decoder.model",
          {"model", "$d$", "heads", "encoder blocks", "decoder blocks", "parameters", "training steps",
           "examples per step", "held-out dates", "exact match (%)"},
          {"dates-encdec"},
          {{double(c.d_model), double(c.n_head), double(c.n_encoder_layers), double(c.n_decoder_layers),
            double(tmx::param_count(m->params())), double(fin.get_int("step")),
            double(fin.get_int("examples") / fin.get_int("step")), double(fin.get_int("held_out")),
            100.0 * fin.get_number("val_exact")}},
          {0, 0, 0, 0, 0, 0, 0, 0, 2});
  }
  const std::string text = "the fourteenth of march nineteen eighty seven";
  const auto w = tmx::dates_walk(*m, text, 0);
  tmx::EncoderDecoder init(m->cfg, 1337);  // the recipe's step 0 (same config and seed)
  const auto w0 = tmx::dates_walk(init, text, 0, "1987-03-14");
  std::vector<std::string> labels;
  std::vector<std::vector<double>> tf;
  double sum0 = 0, sum1 = 0;
  for (size_t t = 0; t < w.tgt_in.size(); ++t) {
    labels.push_back(std::to_string(t + 1) + ": `" + w.tgt_in[t] + "` \xE2\x86\x92 `" + w.tgt_out[t] + "`");
    tf.push_back({w0.p_target[t], -std::log(w0.p_target[t]), w.p_target[t], -std::log(w.p_target[t])});
    sum0 += -std::log(w0.p_target[t]);
    sum1 += -std::log(w.p_target[t]);
  }
  labels.push_back("mean over the 11 positions (the loss)");
  tf.push_back({sum0 / double(w.tgt_in.size()), sum1 / double(w.tgt_in.size())});
  table("decoder.teacher", {"position: input \xE2\x86\x92 target", "$p$ at step 0", "$-\\ln p$", "$p$ shipped", "$-\\ln p$"},
        labels, tf, 4);
  std::vector<std::string> cross_head = {"output \\ source"};
  for (const auto& s : w.src_words) cross_head.push_back(s);
  std::vector<std::string> out_labels;
  for (const auto& s : w.tgt_out) out_labels.push_back("`" + s + "`");
  table("decoder.cross", cross_head, out_labels, rows_of(w.cross), 2);
}

// 03-positions.md: permutation equivariance, wte + wpe, sinusoids, their offsets, RoPE, layouts.
void positions_tables() {
  std::printf("## 03-positions.md\n\n");
  const std::vector<int> order = tmx::positions_example_order();
  tmx::Mat out, out_p;
  tmx::positions_permutation_example(out, out_p);
  const char* names[] = {"the", "cat", "sat"};
  std::vector<std::vector<double>> perm_rows;
  std::vector<std::string> perm_labels;
  for (size_t i = 0; i < order.size(); ++i) {  // row i of the permuted run is token order[i]
    const int tok = order[i];
    perm_rows.push_back({static_cast<double>(i + 1), out_p(static_cast<Eigen::Index>(i), 0),
                         out_p(static_cast<Eigen::Index>(i), 1), out(tok, 0), out(tok, 1)});
    perm_labels.push_back(names[tok]);
  }
  table("positions.permutation", {"token", "row in new order", "out$_1$", "out$_2$", "out$_1$ (original order)",
                                  "out$_2$ (original order)"},
        perm_labels, perm_rows, {0, 4});

  const tmx::GPTConfig g;
  table("positions.wte-wpe", {"table", "rows", "columns", "parameters"}, {"wte (tokens)", "wpe (positions)"},
        {{double(g.vocab_size), double(g.n_embd), double(g.vocab_size) * g.n_embd},
         {double(g.n_positions), double(g.n_embd), double(g.n_positions) * g.n_embd}},
        0);

  const tmx::Mat pe = tmx::sinusoidal_encoding(6, 8);
  std::vector<std::string> pl;
  for (int p = 0; p < 6; ++p) pl.push_back(std::to_string(p));
  table("positions.sinusoidal", {"$p$", "sin $\\omega_0 p$", "cos $\\omega_0 p$", "sin $\\omega_1 p$",
                                 "cos $\\omega_1 p$", "sin $\\omega_2 p$", "cos $\\omega_2 p$", "sin $\\omega_3 p$",
                                 "cos $\\omega_3 p$"},
        pl, rows_of(pe), 4);

  std::vector<std::vector<double>> wl;
  std::vector<std::string> wl_labels;
  for (int i : {0, 1, 2, 8, 32, 64, 128, 255}) {
    wl.push_back({2.0 * i, 1.0 / std::pow(10000.0, 2.0 * i / 512), tmx::sinusoid_wavelength(i, 512)});
    wl_labels.push_back(std::to_string(i));
  }
  table("positions.wavelengths", {"pair $i$", "dimensions", "$\\omega_i$ (rad per position)", "wavelength (positions)"},
        wl_labels, wl, {0, 6, 1});

  std::vector<std::vector<double>> off;
  std::vector<std::string> off_labels;
  for (int p : {0, 10, 100, 1000}) {
    off.emplace_back();
    for (int kk : tmx::positions_example_offsets()) {
      const tmx::Mat a = tmx::sinusoidal_encoding(1, 64, p), b = tmx::sinusoidal_encoding(1, 64, p + kk);
      off.back().push_back(a.cast<double>().row(0).dot(b.cast<double>().row(0)));
    }
    off_labels.push_back(std::to_string(p));
  }
  table("positions.offset", {"$p$", "$k = 1$", "$k = 2$", "$k = 5$", "$k = 20$"}, off_labels, off, 3);

  tmx::Mat rq, rk;
  tmx::rope_example(rq, rk);
  table("positions.rope-qk", {"", "dim 1", "dim 2", "dim 3", "dim 4"}, {"$q$", "$k$"}, {rows_of(rq)[0], rows_of(rk)[0]},
        1);
  std::vector<std::vector<double>> rd;
  std::vector<std::string> rd_labels;
  for (auto mn : tmx::positions_example_rope_pairs()) {
    rd.push_back({double(mn.first - mn.second), tmx::rope_dot(rq, rk, mn.first, mn.second)});
    rd_labels.push_back("(" + std::to_string(mn.first) + ", " + std::to_string(mn.second) + ")");
  }
  table("positions.rope", {"$(m, n)$", "$m - n$", "$q_m \\cdot k_n$"}, rd_labels, rd, {0, 4});

  tmx::Mat x(1, 4), xi, xh, xp;
  x << 1, 2, 3, 4;
  const std::vector<int> perm = tmx::rope_interleaved_to_half(4);
  tmx::rope_interleaved_forward(xi, x, 1, 4, 1);
  xp = tmx::permute_head_dims(x, perm, 1);
  tmx::rope_forward(xh, xp, 1, 4, 1);
  table("positions.layouts", {"", "col 1", "col 2", "col 3", "col 4"},
        {"$x$", "interleaved RoPE of $x$", "$xP$", "rotate-half RoPE of $xP$", "(interleaved RoPE of $x$) $P$"},
        {rows_of(x)[0], rows_of(xi)[0], rows_of(xp)[0], rows_of(xh)[0], rows_of(tmx::permute_head_dims(xi, perm, 1))[0]},
        4);
}

// 07-ffn.md: activations, the hand-sized example, parameter counts and SwiGLU widths.
void ffn_tables() {
  std::printf("## 07-ffn.md\n\n");
  const std::vector<double> xs = {-3, -2, -1, -0.5, 0, 0.5, 1, 2, 3};
  tmx::Mat x(1, static_cast<Eigen::Index>(xs.size()));
  for (size_t i = 0; i < xs.size(); ++i) x(0, static_cast<Eigen::Index>(i)) = static_cast<float>(xs[i]);
  const tmx::Mat ones = tmx::Mat::Ones(1, x.cols());
  tmx::Mat relu, gelu, gelu_t, silu, dgelu, dsilu;
  tmx::act_forward(relu, x, tmx::Act::ReLU);
  tmx::act_forward(gelu, x, tmx::Act::GELU_erf);
  tmx::act_forward(gelu_t, x, tmx::Act::GELU_tanh);
  tmx::act_forward(silu, x, tmx::Act::SiLU);
  tmx::act_backward(dgelu, ones, x, tmx::Act::GELU_erf);
  tmx::act_backward(dsilu, ones, x, tmx::Act::SiLU);
  std::vector<std::vector<double>> act;
  std::vector<std::string> act_labels;
  for (Eigen::Index i = 0; i < x.cols(); ++i) {
    act.push_back({relu(0, i), gelu(0, i), gelu_t(0, i), silu(0, i), dgelu(0, i), dsilu(0, i)});
    act_labels.push_back(num(xs[static_cast<size_t>(i)], xs[static_cast<size_t>(i)] == std::floor(xs[static_cast<size_t>(i)]) ? 0 : 1));
  }
  table("ffn.activations", {"$x$", "ReLU", "GELU (erf)", "GELU (tanh)", "SiLU", "GELU$'$", "SiLU$'$"}, act_labels, act, 4);

  tmx::Mat ex;
  tmx::FfnWeights w;
  tmx::ffn_example(ex, w);
  table("ffn.example-x", {"", "$x_1$", "$x_2$"}, {"$x$"}, rows_of(ex), 1);
  std::vector<std::vector<double>> hid;
  const auto r = tmx::ffn_forward_token(ex, w, tmx::Act::ReLU, false);
  const auto g = tmx::ffn_forward_token(ex, w, tmx::Act::GELU_erf, false);
  const auto s = tmx::ffn_forward_token(ex, w, tmx::Act::SiLU, false);
  for (int j = 0; j < 4; ++j)
    hid.push_back({w.w1(j, 0), w.w1(j, 1), w.b1(0, j), r.pre(0, j), r.hidden(0, j), g.hidden(0, j), s.hidden(0, j)});
  table("ffn.example-hidden", {"unit", "$W_1$ col 1", "$W_1$ col 2", "$b_1$", "$z = W_1 x + b_1$", "ReLU$(z)$", "GELU$(z)$", "SiLU$(z)$"},
        {"1", "2", "3", "4"}, hid, {0, 0, 1, 1, 4});
  std::vector<std::vector<double>> outs;
  for (int i = 0; i < 2; ++i)
    outs.push_back({w.w2(i, 0), w.w2(i, 1), w.w2(i, 2), w.w2(i, 3), r.out(0, i), g.out(0, i), s.out(0, i)});
  table("ffn.example-out", {"output", "$W_2$ col 1", "col 2", "col 3", "col 4", "with ReLU", "with GELU", "with SiLU"},
        {"$y_1$", "$y_2$"}, outs, {0, 0, 0, 0, 4});

  struct M { const char* name; int C, F, layers; };
  const M models[] = {{"GPT-2 small", 768, 3072, 12}, {"BERT-large", 1024, 4096, 24}, {"GPT-3 175B", 12288, 49152, 96},
                      {"LLaMA-7B (SwiGLU)", 4096, 11008, 32}};
  std::vector<std::vector<double>> cnt;
  std::vector<std::string> names;
  for (const M& m : models) {
    const bool gated = std::string(m.name).find("SwiGLU") != std::string::npos;
    const auto p = tmx::ffn_params(m.C, m.F, gated, !gated);
    cnt.push_back({double(m.C), double(m.F), double(p), double(tmx::ffn_flops_per_token(m.C, m.F, gated)), double(m.layers),
                   double(p) * m.layers / 1e6});
    names.push_back(m.name);
  }
  table("ffn.params", {"model", "$d_{model}$", "$d_{ff}$", "parameters per block", "FLOPs per token", "blocks", "all FFNs (M)"},
        names, cnt, {0, 0, 0, 0, 0, 1});

  std::vector<std::vector<double>> sw;
  std::vector<std::string> swl;
  for (int C : {4096, 5120, 6656, 8192}) {
    const auto F = tmx::swiglu_hidden(C);
    sw.push_back({double(C), 8.0 * C / 3.0, double(F), double(tmx::ffn_params(C, F, true, false)),
                  double(tmx::ffn_params(C, 4LL * C, false, false))});
    swl.push_back(C == 4096 ? "LLaMA-7B" : C == 5120 ? "LLaMA-13B" : C == 6656 ? "LLaMA-33B" : "LLaMA-65B");
  }
  table("ffn.swiglu-width", {"model", "$d_{model}$", "$\\frac{8}{3} d_{model}$", "$d_{ff}$ (multiple of 256)", "$3 d_{model} d_{ff}$", "$8 d_{model}^2$"},
        swl, sw, {0, 2, 0});
}

// 06-residual-norm.md: LayerNorm / RMSNorm of one vector, and gradient norms per block of a
// random residual stack at initialization (Post-LN vs Pre-LN).
void residual_norm_tables() {
  std::printf("## 06-residual-norm.md\n\n");
  const std::vector<double> x = {2, -1, 0.5, 4, -3, 1.5};
  const double gamma = 2, beta = 0.5;
  const auto ln = tmx::layernorm_steps(x, gamma, beta);
  const auto rms = tmx::rmsnorm_steps(x, gamma);
  const std::vector<std::string> cols = {"", "1", "2", "3", "4", "5", "6"};
  table("norms.layernorm", cols, {"$x$", "$x - \\mu$", "$\\hat{x}$", "$\\gamma \\hat{x} + \\beta$"},
        {ln.x, ln.centered, ln.normalized, ln.out}, 3);
  table("norms.rmsnorm", cols, {"$x / \\mathrm{rms}(x)$", "$\\gamma\\, x / \\mathrm{rms}(x)$"}, {rms.normalized, rms.out}, 3);
  table("norms.stats", {"statistic", "value"},
        {"$\\mu$", "$\\sigma^2$", "$1/\\sqrt{\\sigma^2 + \\epsilon}$", "$\\overline{x^2}$",
         "$1/\\sqrt{\\overline{x^2} + \\epsilon}$"},
        {{ln.mean}, {ln.var}, {ln.rstd}, {rms.var}, {rms.rstd}}, 4);
  std::vector<std::vector<double>> depth_rows, layer_rows;
  std::vector<std::string> depth_labels, layer_labels;
  for (int depth : {6, 12, 24, 48}) {
    tmx::ResidualStackConfig cfg;
    cfg.depth = depth;
    cfg.placement = tmx::NormPlacement::PostLN;
    const auto post = tmx::residual_stack_grad_norms(cfg).weight_grad_norm;
    cfg.placement = tmx::NormPlacement::PreLN;
    const auto pre = tmx::residual_stack_grad_norms(cfg).weight_grad_norm;
    depth_rows.push_back({post.front(), post.back(), pre.front(), pre.back()});
    depth_labels.push_back(std::to_string(depth));
    if (depth == 12)
      for (size_t l = 0; l < post.size(); ++l) {
        layer_rows.push_back({post[l], pre[l]});
        layer_labels.push_back(std::to_string(l + 1));
      }
  }
  table("norms.per-block", {"block", "Post-LN", "Pre-LN"}, layer_labels, layer_rows, 3);
  table("norms.depth", {"depth $L$", "Post-LN block 1", "Post-LN block $L$", "Pre-LN block 1", "Pre-LN block $L$"},
        depth_labels, depth_rows, 3);
}

// 05-multi-head.md: cost per head, GPT-2's fused c_attn columns, and the heads of the shipped
// kjv-gpt on held-out text (statistics and ablation). The model and text are the ones
// tests/core/test_note_examples.cpp uses.
bool multi_head_tables() {
  std::printf("## 05-multi-head.md\n\n");
  struct M { const char* name; int C, H, T; };
  const M models[] = {{"GPT-2 small", 768, 12, 1024}, {"GPT-2 medium", 1024, 16, 1024}, {"GPT-2 XL", 1600, 25, 1024},
                      {"kjv-gpt", 128, 4, 64}};
  std::vector<std::vector<double>> cost;
  std::vector<std::string> names;
  for (const M& m : models) {
    const tmx::HeadCost c = tmx::attention_head_cost(m.C, m.H, m.T);
    cost.push_back({double(m.C), double(m.H), double(c.head_dim), double(c.params), double(c.layer_params), double(m.T),
                    double(c.qkv_flops + c.out_flops), double(c.score_flops + c.mix_flops)});
    names.push_back(m.name);
  }
  table("multihead.cost", {"model", "$d_{model}$", "$h$", "$d_k$", "params per head", "params per layer", "$T$",
                           "projection FLOPs per token", "attention FLOPs per token"},
        names, cost, 0);
  std::vector<std::vector<double>> cols;
  std::vector<std::string> labels;
  const char* part_name[3] = {"q", "k", "v"};
  for (int p = 0; p < 3; ++p)
    for (int h : {0, 1, 11}) {
      const auto r = tmx::c_attn_columns(768, 12, static_cast<tmx::QKV>(p), h);
      cols.push_back({double(r.begin), double(r.end - 1)});
      labels.push_back(std::string(part_name[p]) + ", head " + std::to_string(h));
    }
  table("multihead.c-attn", {"block", "first column", "last column"}, labels, cols, 0);

  const std::string dir = std::string(TMX_SOURCE_DIR) + "/assets/models/kjv-gpt";
  std::string err;
  auto tk = tmx::tok::load_model_tokenizer(dir, std::string(TMX_GEN_DIR) + "/assets/tokenizers/gpt2.tmxbpe", err);
  if (!tk) {
    std::fprintf(stderr, "tmx note-tables: kjv-gpt tokenizer: %s\n", err.c_str());
    return false;
  }
  std::string text;
  {
    FILE* f = std::fopen((std::string(TMX_GEN_DIR) + "/data/kjv.val.txt").c_str(), "rb");
    if (!f) {
      std::fprintf(stderr, "tmx note-tables: %s/data/kjv.val.txt is missing (build target tmx_model_data)\n", TMX_GEN_DIR);
      return false;
    }
    char buf[65536];
    for (size_t n; (n = std::fread(buf, 1, sizeof buf, f)) > 0;) text.append(buf, n);
    std::fclose(f);
  }
  auto lm = tmx::load_model(dir);
  auto* gpt = dynamic_cast<tmx::GPT*>(lm.get());
  if (!gpt) {
    std::fprintf(stderr, "tmx note-tables: %s is not a GPT-2 checkpoint\n", dir.c_str());
    return false;
  }
  const int kTokens = 2048, kContext = 64;
  const tmx::HeadReport rep = tmx::gpt_head_report(*gpt, tk->encode(text), kContext, kTokens);
  table("multihead.kjv-loss", {"model", "held-out tokens", "context", "loss, all heads (nats/token)", "uniform entropy (nats)"},
        {"kjv-gpt"}, {{double(kTokens), double(kContext), rep.loss, rep.stats.at(0).uniform}}, {0, 0, 4, 3});
  std::vector<std::vector<double>> heads;
  std::vector<std::string> hl;
  for (int l = 0; l < rep.n_layer; ++l)
    for (int h = 0; h < rep.n_head; ++h) {
      const auto& st = rep.stats[size_t(l) * rep.n_head + h];
      const double abl = rep.ablated_loss[size_t(l) * rep.n_head + h];
      heads.push_back({st.prev, st.first, st.self, st.entropy, abl - rep.loss});
      hl.push_back("layer " + std::to_string(l) + ", head " + std::to_string(h));
    }
  table("multihead.kjv-heads", {"head", "previous token", "first token", "itself", "entropy (nats)", "loss change without it"},
        hl, heads, {3, 3, 3, 2, 4});
  return true;
}


// 02-tokenization.md: the BPE trace, encoding with its merges, GPT-2's pieces, numbers and
// spelling, vocabulary size vs compression on KJV, and tokens per character, English vs Chinese.
std::string read_data(const std::string& name) {
  std::ifstream in(std::string(TMX_GEN_DIR) + "/data/" + name, std::ios::binary);
  if (!in) std::fprintf(stderr, "tmx note-tables: %s/data/%s is missing (built by the tmx_model_data target)\n", TMX_GEN_DIR, name.c_str());
  return std::string(std::istreambuf_iterator<char>(in), {});
}

void tokenization_tables() {
  std::printf("## 02-tokenization.md\n\n");
  namespace tok = tmx::tok;
  std::string err;
  auto g = tok::Gpt2Tokenizer::load_file(std::string(TMX_GEN_DIR) + "/assets/tokenizers/gpt2.tmxbpe", err);
  if (!g) {
    std::fprintf(stderr, "tmx note-tables: %s\n", err.c_str());
    return;
  }
  std::vector<std::vector<double>> rows;
  std::vector<std::string> labels;
  auto flush = [&](const char* id, const std::vector<std::string>& header, const std::vector<int>& dec) {
    table(id, header, labels, rows, dec);
    rows.clear();
    labels.clear();
  };
  for (const char* t : {"Tokenization turns text into numbers.", "unbelievably", "The year 2024 had 366 days."}) {
    const auto s = tok::text_sizes(t, *g);
    labels.push_back(tok::md_token(t));
    rows.push_back({double(s.bytes), double(s.chars), double(s.pieces), double(s.tokens)});
  }
  flush("tok.granularity", {"text", "bytes", "characters", "GPT-2 words", "GPT-2 tokens"}, {0});

  const tok::BpeTrainResult r = tok::bpe_example_training();
  const tok::BpeTokenizer bt = tok::BpeTokenizer::from_training(r, tok::Pretokenizer::Gpt2);
  for (size_t i = 0; i < r.steps.size(); ++i) {
    const auto& st = r.steps[i];
    labels.push_back(tok::md_token(bt.token_bytes(st.left)) + " + " + tok::md_token(bt.token_bytes(st.right)) + " \xE2\x86\x92 " +
                     tok::md_token(st.bytes));
    rows.push_back({double(i + 1), double(st.left), double(st.right), double(st.new_id), double(st.count), double(st.tokens_after)});
  }
  flush("tok.trace", {"merge", "step", "left id", "right id", "new id", "count", "tokens after"}, {0});
  for (const char* w : {"the cat", " chat", " that hat", " theatre", " bat"}) {
    labels.push_back(tok::md_split(w, bt));
    rows.push_back({double(std::string_view(w).size()), double(bt.encode(w).size())});
  }
  flush("tok.encode", {"text \xE2\x86\x92 tokens", "bytes", "tokens"}, {0});

  for (const std::string& p : tok::gpt2_pieces("I've counted 1234 tokens,  haven't you?")) {
    labels.push_back(tok::md_split(p, *g));
    rows.push_back({double(p.size()), double(g->encode(p).size())});
  }
  flush("tok.pretok", {"piece \xE2\x86\x92 GPT-2 tokens", "bytes", "tokens"}, {0});

  for (const char* n : {"7", "42", "365", "2024", "12345", "1000000", "3.14159", " 1234", " 12345"}) {
    labels.push_back(tok::md_split(n, *g));
    rows.push_back({double(tok::utf8_count(n)), double(g->encode(n).size())});
  }
  flush("tok.numbers", {"number \xE2\x86\x92 GPT-2 tokens", "characters", "tokens"}, {0});
  for (const char* w : {" strawberry", " unbelievable", " tokenization", " Tokenization", "tokenization", " TOKENIZATION"}) {
    labels.push_back(tok::md_split(w, *g));
    rows.push_back({double(tok::utf8_count(w)), double(g->encode(w).size())});
  }
  flush("tok.spelling", {"word \xE2\x86\x92 GPT-2 tokens", "characters", "tokens"}, {0});

  const std::string kjv_train = read_data("kjv.train.txt"), kjv_val = read_data("kjv.val.txt");
  const std::string tang_val = read_data("tang.val.txt");
  if (kjv_train.empty() || kjv_val.empty() || tang_val.empty()) return;
  const std::vector<int> sizes = {256, 512, 1024, 2048, 4096};
  for (const auto& v : tok::vocab_sweep(kjv_train, kjv_val, sizes)) {
    labels.push_back(std::to_string(v.vocab));
    rows.push_back({double(v.tokens), double(kjv_val.size()) / double(v.tokens), double(v.vocab) * 768 / 1e6});
  }
  const auto gs = tok::text_sizes(kjv_val, *g);
  labels.push_back("GPT-2 (50257)");
  rows.push_back({double(gs.tokens), double(kjv_val.size()) / double(gs.tokens), 50257.0 * 768 / 1e6});
  flush("tok.vocab", {"vocabulary", "held-out tokens", "bytes per token", "embedding (M) at 768"}, {0, 2, 2});

  for (const auto& [name, text] : {std::pair<const char*, const std::string*>{"KJV, 23 held-out chapters (English)", &kjv_val},
                                   {"Tang poems, 15 held-out poems (Chinese)", &tang_val}}) {
    const auto s = tok::text_sizes(*text, *g);
    labels.push_back(name);
    rows.push_back({double(s.chars), double(s.bytes), double(s.tokens), double(s.tokens) / double(s.chars),
                    double(s.bytes) / double(s.chars)});
  }
  flush("tok.per-char", {"text", "characters", "bytes", "GPT-2 tokens", "tokens per character", "bytes per character"},
        {0, 0, 0, 3, 2});
  const auto hist = tok::gpt2_tokens_per_char_histogram(tang_val, *g, 4);
  int64_t total = 0;
  for (auto h : hist) total += h;
  for (size_t i = 0; i < hist.size(); ++i) {
    labels.push_back(i + 1 < hist.size() ? std::to_string(i + 1) : std::to_string(i + 1) + " or more");
    rows.push_back({double(hist[i]), 100.0 * double(hist[i]) / double(total)});
  }
  flush("tok.cjk-split", {"GPT-2 tokens for one character", "distinct characters", "share (%)"}, {0, 1});
}

// 11-advanced-attention.md: RoPE's relative offsets and wavelengths, KV caches of published models
// and of one model as MHA / GQA / MQA, the online softmax step by step, and attention's memory.
namespace adv {

// q_m . k_n with RoPE (rotate-half, one head of width 8) applied at positions m and n.
double rope_score(const tmx::Mat& q, const tmx::Mat& k, int m, int n) {
  tmx::Mat qm, kn;
  tmx::rope_forward(qm, q, 1, static_cast<int>(q.cols()), m, 10000.0);
  tmx::rope_forward(kn, k, 1, static_cast<int>(k.cols()), n, 10000.0);
  return qm.row(0).dot(kn.row(0));
}
void rope_vectors(tmx::Mat& q, tmx::Mat& k) {
  q.resize(1, 8);
  k.resize(1, 8);
  q << 1.0f, 0.5f, -1.0f, 2.0f, 0.3f, -0.7f, 1.5f, 0.2f;
  k << 0.8f, -0.4f, 1.2f, 0.6f, -1.1f, 0.9f, 0.1f, -0.5f;
}
// The angle pair i of a head of width hd turns by per position: rope_forward on the unit vector
// e_i (first half), read back as atan2(second half, first half).
double rope_angle(int hd, int i, double theta) {
  tmx::Mat e = tmx::Mat::Zero(1, hd), r;
  e(0, i) = 1.0f;
  tmx::rope_forward(r, e, 1, hd, 1, theta);
  return std::atan2(static_cast<double>(r(0, i + hd / 2)), static_cast<double>(r(0, i)));
}
// The online-softmax example: one query, six keys whose (already scaled) scores are k, values 1..6.
void flash_example(tmx::MatD& q, tmx::MatD& k, tmx::MatD& v) {
  q = tmx::MatD::Ones(1, 1);
  k.resize(6, 1);
  k << 0.5, 1.0, 2.0, -1.0, 3.0, 0.0;
  v.resize(6, 1);
  v << 1, 2, 3, 4, 5, 6;
}

}  // namespace adv

void advanced_attention_tables() {
  std::printf("## 11-advanced-attention.md\n\n");
  tmx::Mat q, k;
  adv::rope_vectors(q, k);
  table("adv.rope-q", {"", "1", "2", "3", "4", "5", "6", "7", "8"}, {"$q$", "$k$"}, {rows_of(q)[0], rows_of(k)[0]}, 1);
  std::vector<std::vector<double>> off;
  std::vector<std::string> off_l;
  const int pairs[][2] = {{2, 0}, {7, 5}, {102, 100}, {1000, 998}, {3, 0}, {0, 2}};
  for (const auto& p : pairs) {
    off.push_back({double(p[0]), double(p[1]), double(p[0] - p[1]), adv::rope_score(q, k, p[0], p[1])});
    off_l.push_back(std::to_string(off.size()));
  }
  table("adv.rope-offset", {"", "$m$", "$n$", "$m - n$", "$q_m \\cdot k_n$"}, off_l, off, {0, 0, 0, 4});
  std::vector<std::vector<double>> wl;
  const double kTwoPi = 2.0 * std::acos(-1.0);
  std::vector<std::string> wl_l;
  for (int i : {0, 8, 16, 32, 48, 63}) {
    const double a = adv::rope_angle(128, i, 10000.0), b = adv::rope_angle(128, i, 500000.0);
    wl.push_back({double(i), a, kTwoPi / a, kTwoPi / b});
    wl_l.push_back(std::to_string(wl.size()));
  }
  table("adv.rope-wavelengths", {"", "pair $i$", "$\\theta_i$ (base 10000)", "wavelength (base 10000)", "wavelength (base 500000)"},
        wl_l, wl, {0, 4, 1});

  std::vector<std::vector<double>> kv;
  std::vector<std::string> kv_l;
  for (const tmx::DecoderPreset& p : tmx::decoder_presets()) {
    const tmx::DecoderShape& s = p.shape;
    kv.push_back({double(s.n_layer), double(s.n_head), double(s.n_kv_head), double(s.head_dim()),
                  tmx::kv_cache_bytes(s, 1, 1, 2) / 1024.0, double(s.n_ctx),
                  tmx::kv_cache_bytes(s, s.n_ctx, 1, 2) / 1073741824.0, tmx::decoder_params(s).total() / 1e9});
    kv_l.push_back(p.name);
  }
  table("adv.kv-models", {"model", "layers", "heads", "KV heads", "head dim", "KV per token (KiB)", "max length",
                          "KV at max length (GiB)", "params (B)"},
        kv_l, kv, {0, 0, 0, 0, 0, 0, 3, 3});

  const tmx::DecoderShape base = tmx::decoder_preset("llama-2-7b").shape;
  std::vector<std::vector<double>> var;
  for (auto v : {tmx::AttnVariant::MHA, tmx::AttnVariant::GQA, tmx::AttnVariant::MQA}) {
    const tmx::DecoderShape s = tmx::with_variant(base, v, 8);
    var.push_back({double(s.n_kv_head), tmx::decoder_params(s).total() / 1e9, tmx::kv_cache_bytes(s, 1, 1, 2) / 1024.0,
                   tmx::kv_cache_bytes(s, 4096, 16, 2) / 1073741824.0,
                   tmx::decoder_flops_per_token(s, 4096).total() / 1e9});
  }
  table("adv.variants", {"attention", "KV heads", "parameters (B)", "KV per token (KiB)", "KV, 4096 tokens x 16 (GiB)",
                         "GFLOPs per token at 4096"},
        {"MHA", "GQA", "MQA"}, var, {0, 3, 0, 2, 2});

  tmx::MatD fq, fk, fv, out, full, w;
  adv::flash_example(fq, fk, fv);
  tmx::FlashTrace tr;
  tmx::flash_attention_forward(out, fq, fk, fv, 1.0f, tmx::AttnMask{}, 1, 2, nullptr, &tr);
  tmx::sdpa_forward(full, w, fq, fk, fv, 1.0f, tmx::AttnMask{});
  table("adv.flash-input", {"", "1", "2", "3", "4", "5", "6"}, {"score $s_j$", "value $v_j$"},
        {rows_of(fk.transpose().cast<float>())[0], rows_of(fv.transpose().cast<float>())[0]}, 1);
  std::vector<std::vector<double>> steps;
  std::vector<std::string> steps_l;
  for (const tmx::FlashStep& st : tr.steps) {
    steps.push_back({st.block_max[0], st.m[0], st.alpha[0], st.l[0], st.partial(0, 0)});
    steps_l.push_back("keys " + std::to_string(st.k0 + 1) + "\xE2\x80\x93" + std::to_string(st.k0 + st.cols));
  }
  table("adv.flash-steps", {"block", "block max", "running max $m$", "rescale $\\alpha$", "running sum $\\ell$",
                            "output so far"},
        steps_l, steps, 4);
  std::vector<double> wrow(w.data(), w.data() + w.size());
  table("adv.flash-weights", {"", "1", "2", "3", "4", "5", "6"}, {"softmax weight"}, {wrow}, 4);
  std::vector<std::vector<double>> fin;
  std::vector<std::string> fin_l;
  for (int bk : {1, 2, 3, 6}) {
    tmx::flash_attention_forward(out, fq, fk, fv, 1.0f, tmx::AttnMask{}, 1, bk, nullptr, &tr);
    fin.push_back({double(bk), double(tr.steps.size()), out(0, 0), full(0, 0)});
    fin_l.push_back(std::to_string(fin.size()));
  }
  table("adv.flash-blocks", {"", "block size", "tiles", "blockwise output", "full softmax output"}, fin_l, fin,
        {0, 0, 6});

  std::vector<std::vector<double>> mem;
  std::vector<std::string> mem_l;
  for (int64_t T : {1024, 4096, 16384, 131072}) {
    const tmx::AttnWorkingMemory m = tmx::attention_working_memory(T, T, 128, 128);
    mem.push_back({double(T), double(m.full), m.full * 2.0 * 32 / 1073741824.0, double(m.blockwise),
                   double(m.full) / double(m.blockwise)});
    mem_l.push_back(std::to_string(mem.size()));
  }
  table("adv.flash-memory", {"", "tokens $T$", "full: $T^2$ values", "full, 32 heads in fp16 (GiB)",
                             "blockwise: 128 x 128 tile + $m$, $\\ell$", "ratio"},
        mem_l, mem, {0, 0, 3, 0, 0});
}

// 12-training.md: objective units, optimizers, schedule, clipping, formats, rounding, kjv-gpt's log.
void training_tables() {
  std::printf("## 12-training.md\n\n");
  auto split = [](const std::vector<tmx::ExampleRow>& rows, std::vector<std::string>& labels) {
    std::vector<std::vector<double>> v;
    for (const auto& r : rows) labels.push_back(r.label), v.push_back(r.values);
    return v;
  };
  const std::string kjv = std::string(TMX_SOURCE_DIR) + "/assets/models/kjv-gpt";
  std::vector<std::string> l1, l2, l3, l4, l5, l6, l7;
  auto obj = split(tmx::objective_example(kjv, read_data("kjv.val.txt")), l1);
  table("training.objective", {"model", "nats/token", "perplexity", "bits/token", "bits/character"}, l1, obj, {4, 1, 3, 3});
  auto opt = split(tmx::optimizer_example(), l2);
  std::vector<std::string> h2 = {"optimizer"};
  for (int s : tmx::kOptimizerSteps) h2.push_back("step " + std::to_string(s));
  table("training.optimizers", h2, l2, opt, 4);
  auto sch = split(tmx::schedule_example(), l3);
  table("training.schedule", {"step", "lr (x 10^-3)"}, l3, sch, 4);
  auto clip = split(tmx::clipping_example(), l4);
  table("training.clip", {"gradient", "$g_1$", "$g_2$", "$\\lVert g \\rVert$", "clipped $g_1$", "clipped $g_2$"}, l4, clip, {1, 1, 3, 3});
  auto fmt = split(tmx::formats_example(), l5);
  table("training.formats", {"format", "exponent bits", "mantissa bits", "$\\log_2$ largest", "$\\log_2$ smallest normal", "$\\log_2 \\epsilon$"},
        l5, fmt, {0, 0, 2, 0, 0});
  auto prec = split(tmx::precision_example(), l6);
  table("training.rounding", {"$x$", "fp16$(x) / x$", "bf16$(x) / x$"}, l6, prec, 6);
  auto log = split(tmx::log_rows(kjv, {100, 200, 300, 400, 600, 800, 1000, 1200}), l7);
  table("training.log", {"step", "train loss", "validation loss", "lr (x 10^-3)"}, l7, log, {4, 4, 4});
}

// 10-sampling.md: kjv-gpt's next token after the chapter's prompt under temperature, top-k and
// top-p; entropy against T; the work of generation with and without the KV cache.
void sampling_tables() {
  std::printf("## 10-sampling.md\n\n");
  const tmx::NextToken nt = tmx::next_token(std::string(TMX_ASSETS_DIR) + "/models/kjv-gpt", tmx::kSamplingPrompt);
  const tmx::SamplerConfig cfg = tmx::kSamplingExampleConfig;
  const int V = static_cast<int>(nt.logits.size());
  table("samp.settings", {"", "$T$", "top-k", "top-p"}, {"example"},
        {{cfg.temperature, double(cfg.top_k), cfg.top_p}}, {2, 0, 2});
  const tmx::SamplingBreakdown one = tmx::sampling_breakdown(nt.logits.data(), V, {1.0f, 0, 1.0f});
  const tmx::SamplingBreakdown b = tmx::sampling_breakdown(nt.logits.data(), V, cfg);
  std::vector<std::vector<double>> rows;
  std::vector<std::string> labels;
  for (int i = 0; i < 8; ++i) {
    const tmx::SamplingRow& r = b.rows[i];
    labels.push_back("`" + tmx::shown_token(nt.tokenizer->token_bytes(r.id)) + "`");
    rows.push_back({double(r.id), r.logit, one.rows[i].p_temp, r.p_temp, r.in_top_k ? r.cum : NAN, r.p_final});
  }
  table("samp.next", {"token", "id", "logit $z$", "$p$ at $T = 1$", "$p$ at $T$", "cumulative after top-k", "sampled with"},
        labels, rows, {0, 3, 4});
  table("samp.kept", {"", "top-k keeps", "top-p keeps", "mass kept", "entropy at $T$ (nats)", "entropy sampled (nats)"},
        {"example"}, {{double(b.kept_top_k), double(b.kept), b.mass_kept, b.entropy_temp, b.entropy_final}}, {0, 0, 3});
  std::vector<std::vector<double>> ent;
  std::vector<std::string> tl;
  for (float t : {0.25f, 0.5f, 0.8f, 1.0f, 1.5f, 2.0f, 5.0f}) {
    const tmx::SamplingBreakdown e = tmx::sampling_breakdown(nt.logits.data(), V, {t, 0, 0.9f});
    ent.push_back({t, e.rows[0].p_temp, e.entropy_temp, tmx::SamplingBreakdown::bits(e.entropy_temp), double(e.kept)});
    tl.push_back("");
  }
  table("samp.entropy", {"", "$T$", "$p$ of the most likely", "entropy (nats)", "entropy (bits)", "top-p 0.9 keeps"}, tl,
        ent, {2, 3, 3, 2, 0});
  // Decode cost: kjv-gpt (its own config) and two published models.
  const tmx::GPTConfig kjv = tmx::GPTConfig::from_json(
      tmx::json::parse(tmx::read_file_text(std::string(TMX_ASSETS_DIR) + "/models/kjv-gpt/config.json")));
  struct Run { std::string name; tmx::DecoderShape shape; int64_t prompt, n; };
  const std::vector<Run> runs = {{"kjv-gpt", tmx::decoder_shape(kjv), 16, 48},
                                 {"GPT-2 small", tmx::decoder_preset("gpt2").shape, 24, 1000},
                                 {"LLaMA-2 7B", tmx::decoder_preset("llama-2-7b").shape, 1000, 1000}};
  std::vector<std::vector<double>> kv;
  std::vector<std::string> names;
  for (const Run& r : runs) {
    const tmx::DecodeCost c = tmx::decode_cost(r.shape, r.prompt, r.n);
    kv.push_back({double(r.prompt), double(r.n), double(c.positions_cached), double(c.positions_uncached),
                  c.flops_cached / 1e9, c.flops_uncached / 1e9, c.ratio()});
    names.push_back(r.name);
  }
  table("samp.kv", {"model", "prompt", "generated", "positions (cache)", "positions (no cache)", "GFLOP (cache)",
                    "GFLOP (no cache)", "ratio"},
        names, kv, {0, 0, 0, 0, 2, 2, 1});
}


// 09-gpt.md: GPT-2 small's parameters module by module (checkpoint names and shapes from the
// core), the 3-token worked example ("cat sat on", d = 4) through sdpa_forward, and the shipped
// kjv-gpt's walk of one prompt (core::gpt_walk).
const char* const kGptPrompt = "The cat sat";

std::vector<std::string> gpt_param_labels() {
  return {"`transformer.wte` (vocab × C)", "`transformer.wpe` (n_positions × C)", "`ln_1` (weight, bias)",
          "`attn.c_attn` (C × 3C + 3C)", "`attn.c_proj` (C × C + C)", "`ln_2`", "`mlp.c_fc` (C × 4C + 4C)",
          "`mlp.c_proj` (4C × C + C)", "one block", "all blocks", "`transformer.ln_f`", "`lm_head` (tied to `wte`)",
          "total"};
}

std::vector<double> gpt_param_column(const tmx::GPTConfig& c) {
  const tmx::GptModuleParams m = tmx::gpt_module_params(c);
  return {double(m.wte), double(m.wpe), double(m.ln_1), double(m.c_attn), double(m.attn_proj), double(m.ln_2),
          double(m.c_fc), double(m.mlp_proj), double(m.block()), double(m.block()) * m.n_layer, double(m.ln_f), 0.0,
          double(m.total())};
}

// A token as a code span (its exact bytes; GPT-2-style BPE tokens carry their leading space).
std::string token_code(const tmx::tok::Tokenizer& tk, int id) { return "`" + tk.token_bytes(id) + "`"; }

// 14-mamba-vs-transformer.md: decode state and FLOPs of the shipped pair and a published pair,
// mixing FLOPs over a sequence (core/decode_compare.h computes them; the test checks the same).
void mamba_vs_transformer_tables() {
  std::printf("## 14-mamba-vs-transformer.md\n\n");
  for (const tmx::NoteTable& t : tmx::mamba_vs_transformer_tables(std::string(TMX_ASSETS_DIR) + "/models"))
    table(t.id.c_str(), t.header, t.labels, t.rows, t.decimals);
  // Measured, not computed: the committed bench output (bench/decode_wasm.sh --write).
  const tmx::DecodeLatency d =
      tmx::parse_decode_latency(tmx::read_file_text(tmx::decode_latency_path(TMX_SOURCE_DIR)));
  std::printf("%s\n\n", d.provenance().c_str());
  for (const tmx::NoteTable& t : tmx::decode_latency_tables(d)) table(t.id.c_str(), t.header, t.labels, t.rows, t.decimals);
}

void gpt_tables() {
  std::printf("## 09-gpt.md\n\n");
  const tmx::GPTConfig small;
  const tmx::GPTConfig kjv = tmx::GPTConfig::from_json(
      tmx::json::parse(tmx::read_file_text(std::string(TMX_ASSETS_DIR) + "/models/kjv-gpt/config.json")));
  const auto a = gpt_param_column(small), b = gpt_param_column(kjv);
  std::vector<std::vector<double>> rows;
  for (size_t i = 0; i < a.size(); ++i) rows.push_back({a[i], b[i]});
  table("gpt.params", {"module", "GPT-2 small", "kjv-gpt"}, gpt_param_labels(), rows, 0);

  const std::vector<std::string> tok = {"cat", "sat", "on"};
  tmx::Mat x, q, k, v;
  tmx::gpt_chapter_example_inputs(x, q, k, v);
  const std::vector<std::string> dims = {"", "1", "2", "3", "4"}, keys = {"query \\ key", "cat", "sat", "on"};
  table("gpt.x", dims, tok, rows_of(x), 1);
  table("gpt.q", dims, tok, rows_of(q), 1);
  table("gpt.k", dims, tok, rows_of(k), 1);
  table("gpt.v", dims, tok, rows_of(v), 1);
  const auto full = tmx::attention_example(q, k, v, false), causal = tmx::attention_example(q, k, v, true);
  table("gpt.scores", keys, tok, rows_of(full.raw), 2);
  table("gpt.scaled", keys, tok, rows_of(full.scores), 3);
  table("gpt.masked", keys, tok, rows_of(causal.scores), 3);
  table("gpt.weights", keys, tok, rows_of(causal.weights), 4);
  table("gpt.out", dims, tok, rows_of(causal.out), 4);

  const std::string dir = std::string(TMX_ASSETS_DIR) + "/models/kjv-gpt";
  std::string err;
  auto tk = tmx::tok::load_model_tokenizer(dir, std::string(TMX_GEN_DIR) + "/assets/tokenizers/gpt2.tmxbpe", err);
  auto lm = tmx::load_model(dir);
  auto* gpt = dynamic_cast<tmx::GPT*>(lm.get());
  if (!tk || !gpt) {
    std::fprintf(stderr, "tmx note-tables: kjv-gpt: %s\n", tk ? "not a GPT" : err.c_str());
    return;
  }
  const std::vector<int> ids = tk->encode(kGptPrompt);
  const tmx::GptWalk w = tmx::gpt_walk(*gpt, ids);
  std::vector<std::string> pos_labels;
  std::vector<std::vector<double>> id_rows;
  for (size_t t = 0; t < ids.size(); ++t) {
    pos_labels.push_back(std::to_string(t) + ": " + token_code(*tk, ids[t]));
    id_rows.push_back({double(ids[t])});
  }
  table("gpt.walk-ids", {"position: token", "id"}, pos_labels, id_rows, 0);
  std::vector<std::string> norm_head = {"residual stream"}, norm_labels;
  for (size_t t = 0; t < ids.size(); ++t) norm_head.push_back("position " + std::to_string(t));
  for (Eigen::Index r = 0; r < w.resid_norm.rows(); ++r)
    norm_labels.push_back(r == 0 ? std::string("x = wte + wpe")
                                 : (r % 2 ? "block " + std::to_string((r + 1) / 2) + ", after attention"
                                          : "block " + std::to_string(r / 2) + ", after the MLP"));
  table("gpt.walk-norms", norm_head, norm_labels, rows_of(w.resid_norm), 2);
  std::vector<std::string> lens_labels;
  std::vector<std::vector<double>> lens_rows;
  for (size_t r = 0; r < w.lens.size(); ++r) {
    const tmx::LensEntry& e = w.lens[r].back()[0];
    lens_labels.push_back((r == 0 ? std::string("after the embeddings") : "after block " + std::to_string(r)) + ": " +
                          token_code(*tk, e.id));
    lens_rows.push_back({double(e.id), e.p});
  }
  table("gpt.walk-lens", {"read from the stream: top token", "id", "$p$"}, lens_labels, lens_rows, {0, 3});
  std::vector<std::string> next_labels;
  std::vector<std::vector<double>> next_rows;
  const tmx::Mat& logits = w.stages[w.stages.size() - 3].value;  // the Logits stage, (T, vocab)
  const float* last = &logits(static_cast<Eigen::Index>(ids.size()) - 1, 0);
  for (int id : tmx::top_indices(w.probs.data(), static_cast<int>(w.probs.size()), 5)) {
    next_labels.push_back(token_code(*tk, id));
    next_rows.push_back({double(id), last[id], w.probs(id)});
  }
  table("gpt.walk-next", {"next token", "id", "logit", "$p$"}, next_labels, next_rows, {0, 3, 4});
}

// 14-mamba-vs-transformer.md: the shipped synthetic-task results (assets/synthetic/*.json, written by
// `tmx train --task ...`): parameters, final held-out accuracy (%) and training wall time (s).
void synthetic_tables() {
  namespace syn = tmx::tasks::synthetic;
  std::printf("## 14-mamba-vs-transformer.md\n\n");
  std::vector<std::string> labels;
  std::vector<std::vector<double>> rows;
  for (syn::Task t : {syn::Task::SelectiveCopy, syn::Task::Induction}) {
    const syn::Results r = syn::read_results(std::string(TMX_SOURCE_DIR) + "/assets/synthetic/" + syn::task_name(t) + ".json");
    for (const auto& m : r.models) {
      labels.push_back(std::string(t == syn::Task::SelectiveCopy ? "copying" : "induction") + ", " + syn::arch_name(m.arch));
      rows.push_back({double(m.params), 100 * m.final_accuracy(), m.wall_s});
    }
  }
  table("mvt.synthetic", {"task, model", "parameters", "accuracy (%)", "training time (s)"}, labels, rows, {0, 1, 0});
}

int run(const tmx::cli::Args& args) {
  if (!args.empty()) {
    std::fprintf(stderr, "tmx note-tables: takes no arguments\n");
    return 2;
  }
  const std::vector<std::string> tok = {"the", "cat", "sat"};
  tmx::Mat q, k, v;
  tmx::attention_example_inputs(q, k, v);
  std::printf("## 04-attention.md\n\n");
  table("attention.q", {"", "1", "2", "3", "4"}, tok, rows_of(q), 0);
  table("attention.k", {"", "1", "2", "3", "4"}, tok, rows_of(k), 0);
  table("attention.v", {"", "1", "2"}, tok, rows_of(v), 0);
  const auto full = tmx::attention_example(q, k, v, false);
  const auto causal = tmx::attention_example(q, k, v, true);
  table("attention.scores", {"query \\ key", "the", "cat", "sat"}, tok, rows_of(full.scores), 3);
  table("attention.weights", {"query \\ key", "the", "cat", "sat"}, tok, rows_of(full.weights), 3);
  table("attention.out", {"", "1", "2"}, tok, rows_of(full.out), 3);
  table("attention.causal-weights", {"query \\ key", "the", "cat", "sat"}, tok, rows_of(causal.weights), 3);
  table("attention.causal-out", {"", "1", "2"}, tok, rows_of(causal.out), 3);
  // The tip under the example: the query "cat" with other q_cat, the rest of Q, K, V unchanged.
  std::vector<std::vector<double>> tip;
  const std::vector<std::string> tip_labels = {"as above", "2nd = 4", "2nd = 8", "2nd = 20",
                                               "1st = \xE2\x88\x92" "2", "1st, 3rd = \xE2\x88\x92" "2",
                                               "1st, 3rd = \xE2\x88\x92" "4"};
  const float tip_q[7][4] = {{0, 2, 0, 1}, {0, 4, 0, 1}, {0, 8, 0, 1}, {0, 20, 0, 1}, {-2, 2, 0, 1}, {-2, 2, -2, 1}, {-4, 2, -4, 1}};
  for (const auto& qc : tip_q) {
    tmx::Mat qv = q;
    for (int c = 0; c < 4; ++c) qv(1, c) = qc[c];
    const auto e = tmx::attention_example(qv, k, v, false);
    tip.push_back({qc[0], qc[1], qc[2], qc[3], e.weights(1, 0), e.weights(1, 1), e.weights(1, 2), e.out(1, 0), e.out(1, 1)});
  }
  table("attention.tip", {"$q_{cat}$", "1", "2", "3", "4", "weight *the*", "weight *cat*", "weight *sat*", "output 1", "output 2"},
        tip_labels, tip, {0, 0, 0, 0, 3});
  // Saturation: three dot products whose spread grows like sqrt(d_k), with and without scaling.
  std::vector<std::vector<double>> sat;
  std::vector<std::string> sat_labels;
  for (int d : {1, 16, 64, 256}) {
    const float s = std::sqrt(static_cast<float>(d));
    tmx::Mat raw(1, 3), scaled(1, 3), p_raw, p_scaled;
    raw << 1.0f * s, 0.5f * s, 0.0f;
    scaled = raw / s;
    tmx::softmax_forward(p_raw, raw, 1.0f);
    tmx::softmax_forward(p_scaled, scaled, 1.0f);
    sat.push_back({p_raw(0, 0), p_raw(0, 2), p_scaled(0, 0), p_scaled(0, 2)});
    sat_labels.push_back(std::to_string(d));
  }
  table("attention.saturation", {"$d_k$", "largest (raw)", "smallest (raw)", "largest (scaled)", "smallest (scaled)"},
        sat_labels, sat, 4);

  std::printf("## 13-ssm-mamba.md\n\n");
  const double a = -1.0, b = 1.0, c = 1.0;
  std::vector<std::vector<double>> disc;
  for (auto m : {tmx::Discretization::ZOH, tmx::Discretization::Bilinear, tmx::Discretization::Euler}) {
    const auto d1 = tmx::discretize_scalar(a, b, 0.5, m);
    const auto d2 = tmx::discretize_scalar(a, b, 2.5, m);
    disc.push_back({d1.a_bar, d1.b_bar, d2.a_bar, d2.b_bar});
  }
  table("ssm.discretization", {"method", "$\\bar{A}$ ($\\Delta = 0.5$)", "$\\bar{B}$ ($\\Delta = 0.5$)", "$\\bar{A}$ ($\\Delta = 2.5$)", "$\\bar{B}$ ($\\Delta = 2.5$)"},
        {"ZOH", "bilinear", "Euler"}, disc, 4);
  const std::vector<double> x = {1, 0, 0, 2, 0};
  const auto zoh = tmx::discretize_scalar(a, b, 0.5, tmx::Discretization::ZOH);
  std::vector<double> h;
  const auto y = tmx::ssm_recurrence(zoh, c, x, &h);
  const auto kern = tmx::ssm_kernel(zoh, c, 5);
  const auto yc = tmx::causal_conv(kern, x);
  std::vector<std::vector<double>> rec, kr;
  std::vector<std::string> ts;
  for (size_t t = 0; t < x.size(); ++t) {
    rec.push_back({x[t], h[t], y[t], yc[t]});
    kr.push_back({kern[t]});
    ts.push_back(std::to_string(t));
  }
  table("ssm.kernel", {"$j$", "$\\bar{K}_j$"}, ts, kr, 4);
  table("ssm.recurrence", {"$t$", "$x_t$", "$h_t$", "$y_t$ (recurrence)", "$y_t$ (convolution)"}, ts, rec, 4);
  std::vector<double> dt, ab, hs;
  const auto ys = tmx::selective_recurrence(a, b, c, 2.0, -1.0, x, &dt, &ab, &hs);
  std::vector<std::vector<double>> sel;
  for (size_t t = 0; t < x.size(); ++t) sel.push_back({x[t], dt[t], ab[t], hs[t], ys[t]});
  table("ssm.selective", {"$t$", "$x_t$", "$\\Delta_t$", "$\\bar{A}_t$", "$h_t$", "$y_t$"}, ts, sel, 4);
  // Mamba's rule (B-bar = Delta B) on the same input, by the core's selective_scan.
  const int L = static_cast<int>(x.size());
  std::vector<float> u(x.begin(), x.end()), pre(L), ones(L, 1.0f), out(L);
  for (int t = 0; t < L; ++t) pre[t] = 2.0f * u[t] - 1.0f;
  const float A = -1.0f;
  tmx::ssm::SelectiveScanArgs<float> sa;
  sa.dim = 1, sa.dstate = 1, sa.len = L;
  sa.u = u.data(), sa.delta = pre.data(), sa.A = &A, sa.Bm = ones.data(), sa.Cm = ones.data();
  sa.delta_softplus = true;
  tmx::ssm::SelectiveScanCache<float> cache;
  tmx::ssm::selective_scan_forward(sa, out.data(), cache);
  std::vector<std::vector<double>> mam;
  for (int t = 0; t < L; ++t) mam.push_back({x[t], cache.delta[t], cache.delta[t] * 1.0, cache.h[t], out[t]});
  table("ssm.selective-mamba", {"$t$", "$x_t$", "$\\Delta_t$", "$\\bar{B}_t = \\Delta_t B$", "$h_t$", "$y_t$"}, ts, mam, 4);
  mamba_size_tables();
  overview_tables();
  decoder_tables();
  ffn_tables();
  residual_norm_tables();
  positions_tables();
  tokenization_tables();
  advanced_attention_tables();
  training_tables();
  sampling_tables();
  gpt_tables();
  synthetic_tables();
  mamba_vs_transformer_tables();
  return multi_head_tables() ? 0 : 1;
}

}  // namespace

TMX_CLI_COMMAND("note-tables", "print the notes' worked-example tables, computed by the core",
                "tmx note-tables", run);
