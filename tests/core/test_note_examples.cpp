// The notes' worked examples must agree with the core. Each checked table in a chapter is
// preceded by `<!-- check: ID -->`; this test parses the table from the markdown and recomputes
// every number with the core functions. Inputs printed in the note are parsed too, so editing an
// input without updating the outputs (or vice versa) fails here. Regenerate: `tmx note-tables`.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <limits>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

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
#include "core/ssm/mamba_block.h"
#include "core/ssm/mamba_lm.h"
#include "core/ssm/selective_scan.h"
#include "core/ssm_example.h"
#include "core/tasks/synthetic_run.h"
#include "core/tokenizer/tokenizer_spec.h"
#include "core/tokenizer/tokenization_example.h"
#include "core/tokenizer/utf8.h"
#include "core/training_example.h"

namespace {

struct Table {
  std::vector<std::string> labels;          // first column
  std::vector<std::vector<double>> values;  // the other columns
  std::vector<std::vector<int>> decimals;   // digits after the point as printed
};

std::string read(const std::string& rel) {
  std::ifstream f(std::string(TMX_SOURCE_DIR) + "/" + rel);
  REQUIRE(f.good());
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

// A file the build extracts into TMX_GEN_DIR (the shipped models' held-out text).
std::string read_gen(const std::string& rel) {
  std::ifstream f(std::string(TMX_GEN_DIR) + "/" + rel, std::ios::binary);
  INFO(rel << " is extracted at build time by scripts/prepare_data.py (target tmx_model_data)");
  REQUIRE(f.good());
  return std::string(std::istreambuf_iterator<char>(f), {});
}

std::string trim(const std::string& s) {
  const size_t b = s.find_first_not_of(" \t"), e = s.find_last_not_of(" \t");
  return b == std::string::npos ? "" : s.substr(b, e - b + 1);
}

double parse_number(const std::string& cell, int& decimals) {
  const std::string c = trim(cell);
  decimals = 0;
  if (c == "\xE2\x88\x92\xE2\x88\x9E" || c == "-\xE2\x88\x9E") return -std::numeric_limits<double>::infinity();
  if (c == "\xE2\x88\x9E") return std::numeric_limits<double>::infinity();
  const size_t dot = c.find('.');
  if (dot != std::string::npos) decimals = static_cast<int>(c.size() - dot - 1);
  size_t used = 0;
  const double v = std::stod(c, &used);
  REQUIRE(used == c.size());
  return v;
}

// All checked tables of one markdown file, by id.
std::map<std::string, Table> checked_tables(const std::string& md) {
  std::map<std::string, Table> out;
  const std::string marker = "<!-- check: ";
  size_t pos = 0;
  while ((pos = md.find(marker, pos)) != std::string::npos) {
    const size_t end = md.find(" -->", pos);
    const std::string id = md.substr(pos + marker.size(), end - pos - marker.size());
    std::istringstream lines(md.substr(md.find('\n', end) + 1));
    std::string line;
    Table t;
    int row = 0;
    while (std::getline(lines, line) && !trim(line).empty() && line[0] == '|') {
      if (row++ < 2) continue;  // header and alignment rows
      std::vector<std::string> cells;
      std::stringstream ls(line.substr(1));
      std::string cell;
      while (std::getline(ls, cell, '|')) cells.push_back(cell);
      t.labels.push_back(trim(cells.at(0)));
      t.values.emplace_back();
      t.decimals.emplace_back();
      for (size_t k = 1; k < cells.size(); ++k) {
        if (trim(cells[k]).empty()) continue;
        int d = 0;
        t.values.back().push_back(parse_number(cells[k], d));
        t.decimals.back().push_back(d);
      }
    }
    INFO("table " << id);
    REQUIRE_FALSE(t.values.empty());
    out[id] = t;
    pos = end;
  }
  return out;
}

// Every printed value equals the computed one to the printed precision.
void check_table(const std::string& id, const Table& t, const std::vector<std::vector<double>>& expected) {
  INFO("table " << id);
  REQUIRE(t.values.size() == expected.size());
  for (size_t r = 0; r < expected.size(); ++r) {
    REQUIRE(t.values[r].size() == expected[r].size());
    for (size_t c = 0; c < expected[r].size(); ++c) {
      INFO("row " << r << " (" << t.labels[r] << "), column " << c + 1 << ": note says " << t.values[r][c]
                  << ", core computes " << expected[r][c]);
      if (std::isinf(expected[r][c])) {
        CHECK(t.values[r][c] == expected[r][c]);
        continue;
      }
      const double tol = 0.5 * std::pow(10.0, -t.decimals[r][c]) + 1e-9;
      CHECK(std::fabs(t.values[r][c] - expected[r][c]) <= tol);
    }
  }
}

// The shipped kjv-gpt and its tokenizer (the multi-head and GPT chapters' examples).
struct KjvGpt {
  std::unique_ptr<tmx::tok::Tokenizer> tk;
  std::unique_ptr<tmx::LanguageModel> lm;
  tmx::GPT* gpt = nullptr;
};
KjvGpt load_kjv_gpt() {
  const std::string dir = std::string(TMX_SOURCE_DIR) + "/assets/models/kjv-gpt";
  KjvGpt k;
  std::string err;
  k.tk = tmx::tok::load_model_tokenizer(dir, std::string(TMX_GEN_DIR) + "/assets/tokenizers/gpt2.tmxbpe", err);
  INFO(err);
  REQUIRE(k.tk);
  k.lm = tmx::load_model(dir);
  k.gpt = dynamic_cast<tmx::GPT*>(k.lm.get());
  REQUIRE(k.gpt);
  return k;
}

std::vector<std::vector<double>> rows_of(const tmx::Mat& m) {
  std::vector<std::vector<double>> r(static_cast<size_t>(m.rows()));
  for (Eigen::Index i = 0; i < m.rows(); ++i)
    for (Eigen::Index j = 0; j < m.cols(); ++j) r[i].push_back(m(i, j));
  return r;
}

tmx::Mat mat_of(const Table& t) {
  tmx::Mat m(static_cast<Eigen::Index>(t.values.size()), static_cast<Eigen::Index>(t.values.at(0).size()));
  for (size_t i = 0; i < t.values.size(); ++i)
    for (size_t j = 0; j < t.values[i].size(); ++j) m(i, j) = static_cast<float>(t.values[i][j]);
  return m;
}

std::vector<double> column(const Table& t, size_t c) {
  std::vector<double> v;
  for (const auto& row : t.values) v.push_back(row.at(c));
  return v;
}

}  // namespace

TEST_CASE("attention chapter: worked example matches the core", "[notes]") {
  const auto tables = checked_tables(read("content/en/notes/04-attention.md"));
  for (const char* id : {"attention.q", "attention.k", "attention.v", "attention.scores", "attention.weights",
                         "attention.out", "attention.causal-weights", "attention.causal-out", "attention.saturation"})
    REQUIRE(tables.count(id));

  // The inputs in the note are the core's example inputs...
  tmx::Mat q, k, v;
  tmx::attention_example_inputs(q, k, v);
  check_table("attention.q", tables.at("attention.q"), rows_of(q));
  check_table("attention.k", tables.at("attention.k"), rows_of(k));
  check_table("attention.v", tables.at("attention.v"), rows_of(v));
  // ...and every derived table is recomputed from the inputs as printed.
  const tmx::Mat nq = mat_of(tables.at("attention.q")), nk = mat_of(tables.at("attention.k")),
                 nv = mat_of(tables.at("attention.v"));
  const auto full = tmx::attention_example(nq, nk, nv, false);
  const auto causal = tmx::attention_example(nq, nk, nv, true);
  check_table("attention.scores", tables.at("attention.scores"), rows_of(full.scores));
  check_table("attention.weights", tables.at("attention.weights"), rows_of(full.weights));
  check_table("attention.out", tables.at("attention.out"), rows_of(full.out));
  check_table("attention.causal-weights", tables.at("attention.causal-weights"), rows_of(causal.weights));
  check_table("attention.causal-out", tables.at("attention.causal-out"), rows_of(causal.out));

  // The tip: each row sets the query "cat" to the printed q_cat (the rest of Q, K, V as above)
  // and shows that row's weights and output, computed by the core's attention op.
  REQUIRE(tables.count("attention.tip"));
  const Table& tip = tables.at("attention.tip");
  std::vector<std::vector<double>> tip_expected;
  for (const auto& row : tip.values) {
    REQUIRE(row.size() == 9);
    tmx::Mat qv = nq;
    for (int c = 0; c < 4; ++c) qv(1, c) = static_cast<float>(row[static_cast<size_t>(c)]);
    const auto e = tmx::attention_example(qv, nk, nv, false);
    tip_expected.push_back({row[0], row[1], row[2], row[3], e.weights(1, 0), e.weights(1, 1), e.weights(1, 2),
                            e.out(1, 0), e.out(1, 1)});
  }
  check_table("attention.tip", tip, tip_expected);
  // What the tip claims: the first row is the example; raising only the 2nd component keeps
  // cat and sat tied; negative 1st/3rd components single out cat.
  CHECK(tip.values[0][0] == q(1, 0));
  CHECK(tip.values[0][1] == q(1, 1));
  for (size_t r = 0; r < tip.values.size(); ++r) {
    INFO("tip row " << r);
    if (tip.values[r][0] == 0 && tip.values[r][2] == 0) CHECK(std::fabs(tip_expected[r][5] - tip_expected[r][6]) < 1e-6);
    else CHECK(tip_expected[r][5] > tip_expected[r][6] + 0.3);
  }

  const Table& sat = tables.at("attention.saturation");
  std::vector<std::vector<double>> expected;
  for (const std::string& label : sat.labels) {
    const float s = std::sqrt(std::stof(label));
    tmx::Mat raw(1, 3), p_raw, p_scaled;
    raw << 1.0f * s, 0.5f * s, 0.0f;
    tmx::softmax_forward(p_raw, raw, 1.0f);
    tmx::softmax_forward(p_scaled, tmx::Mat(raw / s), 1.0f);
    expected.push_back({p_raw(0, 0), p_raw(0, 2), p_scaled(0, 0), p_scaled(0, 2)});
  }
  check_table("attention.saturation", sat, expected);
}

TEST_CASE("SSM chapter: discretization, recurrence, convolution and selectivity match the core", "[notes]") {
  const auto tables = checked_tables(read("content/en/notes/13-ssm-mamba.md"));
  for (const char* id : {"ssm.discretization", "ssm.kernel", "ssm.recurrence", "ssm.selective"}) REQUIRE(tables.count(id));
  const double a = -1.0, b = 1.0, c = 1.0;

  std::vector<std::vector<double>> disc;
  for (auto m : {tmx::Discretization::ZOH, tmx::Discretization::Bilinear, tmx::Discretization::Euler}) {
    const auto d1 = tmx::discretize_scalar(a, b, 0.5, m), d2 = tmx::discretize_scalar(a, b, 2.5, m);
    disc.push_back({d1.a_bar, d1.b_bar, d2.a_bar, d2.b_bar});
  }
  check_table("ssm.discretization", tables.at("ssm.discretization"), disc);

  const auto zoh = tmx::discretize_scalar(a, b, 0.5, tmx::Discretization::ZOH);
  const Table& rec = tables.at("ssm.recurrence");
  const std::vector<double> x = column(rec, 0);  // the input as printed in the note
  std::vector<double> h;
  const auto y = tmx::ssm_recurrence(zoh, c, x, &h);
  const auto kernel = tmx::ssm_kernel(zoh, c, static_cast<int>(x.size()));
  const auto yc = tmx::causal_conv(kernel, x);
  std::vector<std::vector<double>> rows, krows;
  for (size_t t = 0; t < x.size(); ++t) {
    rows.push_back({x[t], h[t], y[t], yc[t]});
    krows.push_back({kernel[t]});
  }
  check_table("ssm.recurrence", rec, rows);
  check_table("ssm.kernel", tables.at("ssm.kernel"), krows);

  const Table& sel = tables.at("ssm.selective");
  const std::vector<double> xs = column(sel, 0);
  std::vector<double> dt, ab, hs;
  const auto ys = tmx::selective_recurrence(a, b, c, 2.0, -1.0, xs, &dt, &ab, &hs);
  std::vector<std::vector<double>> srows;
  for (size_t t = 0; t < xs.size(); ++t) srows.push_back({xs[t], dt[t], ab[t], hs[t], ys[t]});
  check_table("ssm.selective", sel, srows);

  // The same example with Mamba's rule B-bar = Delta B, by the core's selective_scan (the function
  // the Mamba models and the scene use), on the input as printed in this second table.
  REQUIRE(tables.count("ssm.selective-mamba"));
  const Table& mam = tables.at("ssm.selective-mamba");
  const std::vector<double> xm = column(mam, 0);
  const int L = static_cast<int>(xm.size());
  std::vector<float> u(xm.begin(), xm.end()), pre(L), Bm(L, 1.0f), Cm(L, 1.0f), out(L);
  for (int t = 0; t < L; ++t) pre[t] = 2.0f * u[t] - 1.0f;
  const float A = -1.0f;
  tmx::ssm::SelectiveScanArgs<float> args;
  args.dim = 1, args.dstate = 1, args.len = L;
  args.u = u.data(), args.delta = pre.data(), args.A = &A, args.Bm = Bm.data(), args.Cm = Cm.data();
  args.delta_softplus = true;
  tmx::ssm::SelectiveScanCache<float> cache;
  tmx::ssm::selective_scan_forward(args, out.data(), cache);
  std::vector<std::vector<double>> mrows;
  for (int t = 0; t < L; ++t)
    mrows.push_back({xm[t], cache.delta[t], cache.delta[t] * Bm[t], cache.h[t], out[t]});
  check_table("ssm.selective-mamba", mam, mrows);
  CHECK(mam.values[0][3] != sel.values[0][3]);  // h_0 differs between the rules, as the text says
}

TEST_CASE("SSM chapter: Mamba parameter counts per tensor and state sizes match the checkpoint and the formulas", "[notes]") {
  const auto tables = checked_tables(read("content/en/notes/13-ssm-mamba.md"));
  for (const char* id : {"ssm.configs", "ssm.params", "ssm.state"}) REQUIRE(tables.count(id));
  const std::string dir = std::string(TMX_SOURCE_DIR) + "/assets/models/kjv-mamba";
  const tmx::ssm::MambaLMConfig kjv = tmx::ssm::mamba_config_from_json(tmx::json::parse(read("assets/models/kjv-mamba/config.json")));
  const tmx::ssm::MambaLMConfig big = tmx::mamba_130m_config();
  auto cfg_row = [](const tmx::ssm::MambaLMConfig& c) {
    return std::vector<double>{double(c.block.d_model), double(c.n_layer), double(c.vocab_size), double(c.block.d_state),
                               double(c.block.d_conv), double(c.block.expand), double(c.block.d_inner()), double(c.block.rank())};
  };
  check_table("ssm.configs", tables.at("ssm.configs"), {cfg_row(kjv), cfg_row(big)});
  CHECK(big.block.rank() == 48);  // dt_rank "auto" = ceil(768 / 16)

  // Per tensor, by the closed forms (d, E, N, R, d_conv), for both models; kjv-mamba's also against
  // the checkpoint's tensor sizes (layer 0, and the sum of every tensor in the file).
  auto per_layer = [](const tmx::ssm::MambaLMConfig& c) {
    const int64_t d = c.block.d_model, E = c.block.d_inner(), N = c.block.d_state, R = c.block.rank(), K = c.block.d_conv;
    return std::vector<std::pair<std::string, int64_t>>{{"norm.weight", d},          {"mixer.in_proj.weight", 2 * E * d},
                                                        {"mixer.conv1d.weight", E * K}, {"mixer.conv1d.bias", E},
                                                        {"mixer.x_proj.weight", (R + 2 * N) * E}, {"mixer.dt_proj.weight", E * R},
                                                        {"mixer.dt_proj.bias", E},      {"mixer.A_log", E * N},
                                                        {"mixer.D", E},                 {"mixer.out_proj.weight", d * E}};
  };
  const auto pa = per_layer(kjv), pb = per_layer(big);
  const tmx::SafeTensors st = tmx::SafeTensors::from_file(dir + "/model.safetensors");
  std::vector<std::vector<double>> rows;
  int64_t la = 0, lb = 0;
  for (size_t i = 0; i < pa.size(); ++i) {
    INFO(pa[i].first);
    CHECK(st.info("backbone.layers.0." + pa[i].first).numel() == pa[i].second);
    rows.push_back({double(pa[i].second), double(pb[i].second)});
    la += pa[i].second, lb += pb[i].second;
  }
  const int64_t emb_a = int64_t(kjv.vocab_size) * kjv.block.d_model, emb_b = int64_t(big.vocab_size) * big.block.d_model;
  const int64_t total_a = emb_a + la * kjv.n_layer + kjv.block.d_model, total_b = emb_b + lb * big.n_layer + big.block.d_model;
  rows.push_back({double(la), double(lb)});
  rows.push_back({double(la * kjv.n_layer), double(lb * big.n_layer)});
  rows.push_back({double(emb_a), double(emb_b)});
  rows.push_back({double(kjv.block.d_model), double(big.block.d_model)});
  rows.push_back({double(total_a), double(total_b)});
  check_table("ssm.params", tables.at("ssm.params"), rows);
  int64_t in_file = 0;
  for (const std::string& name : st.names())
    if (name != "lm_head.weight") in_file += st.info(name).numel();  // a tied head, if stored, is the embedding again
  CHECK(in_file == total_a);
  CHECK(tmx::mamba_params(kjv) == total_a);
  CHECK(tmx::mamba_params(big) == total_b);
  CHECK(std::llround(total_b / 1e6) == 129);  // published as "129M" (state-spaces/mamba-130m)

  // The decode state: what MambaBlockState::reset allocates, in float32.
  auto state_rows = [](const tmx::ssm::MambaLMConfig& c) {
    tmx::ssm::MambaBlockParams p = tmx::ssm::mamba_block_zeros<float>(c.block);
    tmx::ssm::MambaBlockState s;
    s.reset(c.block, p);
    const int64_t conv = s.conv_state.size(), ssm = s.ssm_state.size(), L = c.n_layer;
    return std::vector<std::vector<double>>{{double(conv), 4.0 * conv, 4.0 * conv * L},
                                            {double(ssm), 4.0 * ssm, 4.0 * ssm * L},
                                            {double(conv + ssm), 4.0 * (conv + ssm), 4.0 * (conv + ssm) * L}};
  };
  auto sr = state_rows(kjv);
  for (const auto& r : state_rows(big)) sr.push_back(r);
  check_table("ssm.state", tables.at("ssm.state"), sr);

  // Numbers restated in the prose.
  const std::string md = read("content/en/notes/13-ssm-mamba.md");
  auto grouped = [](int64_t v) {  // 881920 -> "881,920"
    std::string d = std::to_string(v), out;
    for (size_t i = 0; i < d.size(); ++i) {
      if (i > 0 && (d.size() - i) % 3 == 0) out += ',';
      out += d[i];
    }
    return out;
  };
  CHECK(md.find(grouped(total_a) + "\nparameters, stored in float16") != std::string::npos);
  CHECK(st.info("backbone.embedding.weight").dtype == tmx::DType::F16);
  CHECK(md.find("carries " + tmx::format_bytes(int64_t(sr[2][2])) + " of state") != std::string::npos);
  CHECK(md.find("vocabulary of " + grouped(big.vocab_size) + " rows") != std::string::npos);
}

TEST_CASE("SSM helpers: ZOH is exact for constant input; recurrence equals convolution", "[notes]") {
  // Constant input u over one step of size dt from h0: h(dt) = e^{a dt} h0 + (e^{a dt} - 1)/a * b u.
  const auto d = tmx::discretize_scalar(-0.7, 2.0, 0.3, tmx::Discretization::ZOH);
  CHECK(d.a_bar == Approx(std::exp(-0.21)).epsilon(1e-12));
  CHECK(d.b_bar == Approx((std::exp(-0.21) - 1.0) / -0.7 * 2.0).epsilon(1e-12));
  // A -> 0: B̄ -> Δ B (no division by zero).
  CHECK(tmx::discretize_scalar(0.0, 2.0, 0.3, tmx::Discretization::ZOH).b_bar == Approx(0.6));
  const std::vector<double> x = {0.3, -1.0, 2.0, 0.0, 0.5, 1.5, -0.2};
  for (auto m : {tmx::Discretization::ZOH, tmx::Discretization::Bilinear, tmx::Discretization::Euler}) {
    const auto dm = tmx::discretize_scalar(-1.3, 0.8, 0.4, m);
    const auto y1 = tmx::ssm_recurrence(dm, 1.7, x);
    const auto y2 = tmx::causal_conv(tmx::ssm_kernel(dm, 1.7, static_cast<int>(x.size())), x);
    for (size_t t = 0; t < x.size(); ++t) CHECK(y1[t] == Approx(y2[t]).margin(1e-12));
  }
}

// Rounded values restated in the prose ("$\bar{A} \approx 0.73$") must be one of the computed ones.
TEST_CASE("SSM chapter: approximate values in the prose match the core", "[notes]") {
  const std::string md = read("content/en/notes/13-ssm-mamba.md");
  std::vector<double> computed;
  const auto zoh = tmx::discretize_scalar(-1.0, 1.0, 0.5, tmx::Discretization::ZOH);
  computed.push_back(zoh.a_bar);
  std::vector<double> dt, ab, hs;
  tmx::selective_recurrence(-1.0, 1.0, 1.0, 2.0, -1.0, {1, 0, 0, 2, 0}, &dt, &ab, &hs);
  computed.insert(computed.end(), dt.begin(), dt.end());
  computed.insert(computed.end(), ab.begin(), ab.end());
  int found = 0;
  const std::string key = "\\approx ";
  for (size_t pos = md.find(key); pos != std::string::npos; pos = md.find(key, pos + 1)) {
    const size_t b = pos + key.size();
    size_t e = b;
    while (e < md.size() && (std::isdigit(static_cast<unsigned char>(md[e])) || md[e] == '.')) ++e;
    if (e == b) continue;
    int decimals = 0;
    const double v = parse_number(md.substr(b, e - b), decimals);
    const double tol = 0.5 * std::pow(10.0, -decimals) + 1e-9;
    bool ok = false;
    for (double c : computed) ok |= std::fabs(c - v) <= tol;
    INFO("prose value " << md.substr(b, e - b));
    CHECK(ok);
    ++found;
  }
  CHECK(found >= 5);
}

TEST_CASE("FFN chapter: activations, the worked example, parameter counts and SwiGLU widths match the core", "[notes]") {
  const std::string md = read("content/en/notes/07-ffn.md");
  const auto tables = checked_tables(md);
  for (const char* id : {"ffn.activations", "ffn.example-x", "ffn.example-hidden", "ffn.example-out", "ffn.params",
                         "ffn.swiglu-width"})
    REQUIRE(tables.count(id));

  // Activations and two derivatives at the printed x (the label column).
  const Table& act = tables.at("ffn.activations");
  std::vector<std::vector<double>> a_rows;
  for (const std::string& label : act.labels) {
    tmx::Mat x(1, 1), y, one = tmx::Mat::Ones(1, 1);
    x(0, 0) = std::stof(label);
    std::vector<double> r;
    for (auto a : {tmx::Act::ReLU, tmx::Act::GELU_erf, tmx::Act::GELU_tanh, tmx::Act::SiLU}) {
      tmx::act_forward(y, x, a);
      r.push_back(y(0, 0));
    }
    for (auto a : {tmx::Act::GELU_erf, tmx::Act::SiLU}) {
      tmx::Mat dx;
      tmx::act_backward(dx, one, x, a);
      r.push_back(dx(0, 0));
    }
    a_rows.push_back(r);
  }
  check_table("ffn.activations", act, a_rows);

  // The example: inputs are the core's, and outputs are recomputed from the inputs as printed.
  tmx::Mat x;
  tmx::FfnWeights w;
  tmx::ffn_example(x, w);
  check_table("ffn.example-x", tables.at("ffn.example-x"), rows_of(x));
  const Table& hid = tables.at("ffn.example-hidden");
  const Table& out = tables.at("ffn.example-out");
  REQUIRE(hid.values.size() == 4);
  REQUIRE(out.values.size() == 2);
  tmx::FfnWeights nw;
  nw.w1.resize(4, 2);
  nw.b1.resize(1, 4);
  nw.w2.resize(2, 4);
  nw.b2 = tmx::Mat::Zero(1, 2);
  for (int j = 0; j < 4; ++j) {
    REQUIRE(hid.values[j].size() == 7);
    nw.w1(j, 0) = static_cast<float>(hid.values[j][0]);
    nw.w1(j, 1) = static_cast<float>(hid.values[j][1]);
    nw.b1(0, j) = static_cast<float>(hid.values[j][2]);
    for (int i = 0; i < 2; ++i) nw.w2(i, j) = static_cast<float>(out.values.at(i).at(j));
  }
  CHECK(nw.w1 == w.w1);
  CHECK(nw.b1 == w.b1);
  CHECK(nw.w2 == w.w2);
  const tmx::Mat nx = mat_of(tables.at("ffn.example-x"));
  const auto r = tmx::ffn_forward_token(nx, nw, tmx::Act::ReLU, false);
  const auto g = tmx::ffn_forward_token(nx, nw, tmx::Act::GELU_erf, false);
  const auto s = tmx::ffn_forward_token(nx, nw, tmx::Act::SiLU, false);
  std::vector<std::vector<double>> h_rows, o_rows;
  for (int j = 0; j < 4; ++j)
    h_rows.push_back({nw.w1(j, 0), nw.w1(j, 1), nw.b1(0, j), r.pre(0, j), r.hidden(0, j), g.hidden(0, j), s.hidden(0, j)});
  for (int i = 0; i < 2; ++i)
    o_rows.push_back({nw.w2(i, 0), nw.w2(i, 1), nw.w2(i, 2), nw.w2(i, 3), r.out(0, i), g.out(0, i), s.out(0, i)});
  check_table("ffn.example-hidden", hid, h_rows);
  check_table("ffn.example-out", out, o_rows);

  // Parameter counts: recomputed from the printed widths; SwiGLU rows have no biases.
  const Table& p = tables.at("ffn.params");
  std::vector<std::vector<double>> p_rows;
  for (size_t k = 0; k < p.values.size(); ++k) {
    const auto& v = p.values[k];
    REQUIRE(v.size() == 6);
    const bool gated = p.labels[k].find("SwiGLU") != std::string::npos;
    const auto C = static_cast<int64_t>(v[0]), F = static_cast<int64_t>(v[1]);
    const auto n = tmx::ffn_params(C, F, gated, !gated);
    p_rows.push_back({v[0], v[1], double(n), double(tmx::ffn_flops_per_token(C, F, gated)), v[4], double(n) * v[4] / 1e6});
  }
  check_table("ffn.params", p, p_rows);
  CHECK(p.values.at(0)[2] == 4722432);  // GPT-2 small's MLP, as torch counts it (scripts/golden/ffn.py)

  const Table& sw = tables.at("ffn.swiglu-width");
  std::vector<std::vector<double>> s_rows;
  for (const auto& v : sw.values) {
    const auto C = static_cast<int64_t>(v.at(0));
    const auto F = tmx::swiglu_hidden(C);
    s_rows.push_back({v[0], 8.0 * double(C) / 3.0, double(F), double(tmx::ffn_params(C, F, true, false)),
                      double(tmx::ffn_params(C, 4 * C, false, false))});
  }
  check_table("ffn.swiglu-width", sw, s_rows);
}

TEST_CASE("residual-norm chapter: LayerNorm, RMSNorm and gradient norms per block match the core", "[notes]") {
  const auto tables = checked_tables(read("content/en/notes/06-residual-norm.md"));
  for (const char* id : {"norms.layernorm", "norms.rmsnorm", "norms.stats", "norms.per-block", "norms.depth"})
    REQUIRE(tables.count(id));
  // The vector is read from the note; gamma = 2 and beta = 0.5 as the prose says.
  const std::vector<double> x = tables.at("norms.layernorm").values.at(0);
  REQUIRE(x.size() == 6);
  const auto ln = tmx::layernorm_steps(x, 2.0, 0.5);
  const auto rms = tmx::rmsnorm_steps(x, 2.0);
  check_table("norms.layernorm", tables.at("norms.layernorm"), {ln.x, ln.centered, ln.normalized, ln.out});
  check_table("norms.rmsnorm", tables.at("norms.rmsnorm"), {rms.normalized, rms.out});
  check_table("norms.stats", tables.at("norms.stats"), {{ln.mean}, {ln.var}, {ln.rstd}, {rms.var}, {rms.rstd}});

  // Depths are read from the first column; block numbers must run 1..12.
  std::vector<std::vector<double>> depth_rows, block_rows;
  for (const std::string& label : tables.at("norms.depth").labels) {
    tmx::ResidualStackConfig cfg;
    cfg.depth = std::stoi(label);
    cfg.placement = tmx::NormPlacement::PostLN;
    const auto post = tmx::residual_stack_grad_norms(cfg).weight_grad_norm;
    cfg.placement = tmx::NormPlacement::PreLN;
    const auto pre = tmx::residual_stack_grad_norms(cfg).weight_grad_norm;
    depth_rows.push_back({post.front(), post.back(), pre.front(), pre.back()});
  }
  check_table("norms.depth", tables.at("norms.depth"), depth_rows);
  tmx::ResidualStackConfig cfg;
  cfg.depth = 12;
  cfg.placement = tmx::NormPlacement::PostLN;
  const auto post = tmx::residual_stack_grad_norms(cfg).weight_grad_norm;
  cfg.placement = tmx::NormPlacement::PreLN;
  const auto pre = tmx::residual_stack_grad_norms(cfg).weight_grad_norm;
  const Table& pb = tables.at("norms.per-block");
  REQUIRE(pb.labels.size() == 12);
  for (size_t l = 0; l < 12; ++l) {
    CHECK(pb.labels[l] == std::to_string(l + 1));
    block_rows.push_back({post[l], pre[l]});
  }
  check_table("norms.per-block", pb, block_rows);
}

TEST_CASE("overview chapter: configs and parameter counts of GPT-2 small and kjv-gpt match the core", "[notes]") {
  const auto tables = checked_tables(read("content/en/notes/01-overview.md"));
  for (const char* id : {"overview.configs", "overview.params", "overview.block"}) REQUIRE(tables.count(id));
  const tmx::GPTConfig small;
  const tmx::GPTConfig kjv = tmx::GPTConfig::from_json(tmx::json::parse(read("assets/models/kjv-gpt/config.json")));
  std::vector<std::vector<double>> cfg_rows;
  for (const auto* c : {&small, &kjv})
    cfg_rows.push_back({double(c->vocab_size), double(c->n_positions), double(c->n_embd), double(c->n_head),
                        double(c->n_layer)});
  check_table("overview.configs", tables.at("overview.configs"), cfg_rows);

  const tmx::DecoderParams a = tmx::decoder_params(tmx::decoder_shape(small)),
                          b = tmx::decoder_params(tmx::decoder_shape(kjv));
  auto row = [&](int64_t x, int64_t y) {
    return std::vector<double>{double(x), 100.0 * double(x) / double(a.total()), double(y),
                               100.0 * double(y) / double(b.total())};
  };
  check_table("overview.params", tables.at("overview.params"),
              {row(a.embedding, b.embedding), row(a.positions, b.positions), row(a.attention, b.attention), row(a.ffn, b.ffn),
         row(a.norms, b.norms),
               row(a.total(), b.total())});

  const double La = small.n_layer, Lb = kjv.n_layer;
  const double na = (a.norms - 2.0 * small.n_embd) / La, nb = (b.norms - 2.0 * kjv.n_embd) / Lb;
  check_table("overview.block", tables.at("overview.block"),
              {{a.attention / La, b.attention / Lb}, {a.ffn / La, b.ffn / Lb}, {na, nb},
               {(a.attention + a.ffn) / La + na, (b.attention + b.ffn) / Lb + nb}});
}

TEST_CASE("decoder chapter: masks, teacher forcing and cross-attention of the shipped dates-encdec match the core",
          "[notes][seq2seq]") {
  const auto tables = checked_tables(read("content/en/notes/08-decoder.md"));
  for (const char* id : {"decoder.model", "decoder.pad-weights", "decoder.both-weights", "decoder.teacher", "decoder.cross"})
    REQUIRE(tables.count(id));
  tmx::Mat q, k, v;
  tmx::attention_example_inputs(q, k, v);
  const std::vector<uint8_t> pad = {0, 0, 1};
  check_table("decoder.pad-weights", tables.at("decoder.pad-weights"),
              rows_of(tmx::attention_example(q, k, v, false, &pad).weights));
  check_table("decoder.both-weights", tables.at("decoder.both-weights"),
              rows_of(tmx::attention_example(q, k, v, true, &pad).weights));

  const std::string dir = std::string(TMX_SOURCE_DIR) + "/assets/models/dates-encdec";
  auto m = tmx::load_encdec(dir);
  std::istringstream log(read("assets/models/dates-encdec/train_log.jsonl"));
  std::string line, last;
  while (std::getline(log, line))
    if (!line.empty()) last = line;
  const tmx::json::Value fin = tmx::json::parse(last);
  const auto& c = m->cfg;
  check_table("decoder.model", tables.at("decoder.model"),
              {{double(c.d_model), double(c.n_head), double(c.n_encoder_layers), double(c.n_decoder_layers),
                double(tmx::param_count(m->params())), double(fin.get_int("step")),
                double(fin.get_int("examples") / fin.get_int("step")), double(fin.get_int("held_out")),
                100.0 * fin.get_number("val_exact")}});

  const std::string text = "the fourteenth of march nineteen eighty seven";
  const auto w = tmx::dates_walk(*m, text, 0);
  // The shipped model's greedy answer is the right one, so its rows are teacher forcing too.
  CHECK(tmx::tasks::dates::decode_tgt(tmx::tasks::dates::encode_tgt("1987-03-14")) == "1987-03-14");
  std::string greedy;
  for (const auto& s : w.tgt_out) greedy += s == "</s>" ? "" : s;
  CHECK(greedy == "1987-03-14");
  tmx::EncoderDecoder init(c, 1337);
  const auto w0 = tmx::dates_walk(init, text, 0, "1987-03-14");
  std::vector<std::vector<double>> tf;
  double s0 = 0, s1 = 0;
  for (size_t t = 0; t < w.p_target.size(); ++t) {
    tf.push_back({w0.p_target[t], -std::log(w0.p_target[t]), w.p_target[t], -std::log(w.p_target[t])});
    s0 -= std::log(w0.p_target[t]);
    s1 -= std::log(w.p_target[t]);
  }
  tf.push_back({s0 / double(w.p_target.size()), s1 / double(w.p_target.size())});
  check_table("decoder.teacher", tables.at("decoder.teacher"), tf);
  check_table("decoder.cross", tables.at("decoder.cross"), rows_of(w.cross));
}

TEST_CASE("positions chapter: permutation, wte + wpe, sinusoids, offsets, RoPE and its layouts match the core",
          "[notes]") {
  const auto tables = checked_tables(read("content/en/notes/03-positions.md"));
  for (const char* id : {"positions.permutation", "positions.wte-wpe", "positions.sinusoidal", "positions.wavelengths",
                         "positions.offset", "positions.rope-qk", "positions.rope", "positions.layouts"})
    REQUIRE(tables.count(id));

  // Attention chapter's q, k, v fed in a new order: each token's output is unchanged.
  const std::vector<int> order = tmx::positions_example_order();
  tmx::Mat out, out_p;
  tmx::positions_permutation_example(out, out_p);
  const Table& pt = tables.at("positions.permutation");
  const char* names[] = {"the", "cat", "sat"};
  std::vector<std::vector<double>> prow;
  REQUIRE(pt.labels.size() == order.size());
  for (size_t i = 0; i < order.size(); ++i) {
    CHECK(pt.labels[i] == names[order[i]]);
    const auto r = static_cast<Eigen::Index>(i);
    prow.push_back({double(i + 1), out_p(r, 0), out_p(r, 1), out(order[i], 0), out(order[i], 1)});
  }
  check_table("positions.permutation", pt, prow);

  const tmx::GPTConfig g;
  check_table("positions.wte-wpe", tables.at("positions.wte-wpe"),
              {{double(g.vocab_size), double(g.n_embd), double(g.vocab_size) * g.n_embd},
               {double(g.n_positions), double(g.n_embd), double(g.n_positions) * g.n_embd}});

  // Positions are the labels; the width is 8.
  const Table& st = tables.at("positions.sinusoidal");
  std::vector<std::vector<double>> srows;
  for (const std::string& l : st.labels) srows.push_back(rows_of(tmx::sinusoidal_encoding(1, 8, std::stoi(l)))[0]);
  check_table("positions.sinusoidal", st, srows);

  // d_model = 512 (the 2017 paper); pair indices are the labels.
  const Table& wt = tables.at("positions.wavelengths");
  std::vector<std::vector<double>> wrows;
  for (const std::string& l : wt.labels) {
    const int i = std::stoi(l);
    const tmx::Mat pe = tmx::sinusoidal_encoding(2, 512);  // omega_i from the encoding itself: angle at p = 1
    wrows.push_back({2.0 * i, std::atan2(double(pe(1, 2 * i)), double(pe(1, 2 * i + 1))), tmx::sinusoid_wavelength(i, 512)});
  }
  check_table("positions.wavelengths", wt, wrows);

  // PE(p) . PE(p + k) at width 64: depends on k only.
  const Table& ot = tables.at("positions.offset");
  std::vector<std::vector<double>> orows;
  for (const std::string& l : ot.labels) {
    const int p = std::stoi(l);
    orows.emplace_back();
    for (int kk : tmx::positions_example_offsets()) {
      const tmx::Mat a = tmx::sinusoidal_encoding(1, 64, p), b = tmx::sinusoidal_encoding(1, 64, p + kk);
      orows.back().push_back(a.cast<double>().row(0).dot(b.cast<double>().row(0)));
    }
  }
  check_table("positions.offset", ot, orows);

  // RoPE: q, k as printed are the core's example; (m, n) read from the labels.
  tmx::Mat rq, rk;
  tmx::rope_example(rq, rk);
  check_table("positions.rope-qk", tables.at("positions.rope-qk"), {rows_of(rq)[0], rows_of(rk)[0]});
  const Table& rt = tables.at("positions.rope");
  std::vector<std::vector<double>> rrows;
  for (const std::string& l : rt.labels) {
    int m = -1, n = -1;
    REQUIRE(std::sscanf(l.c_str(), "(%d, %d)", &m, &n) == 2);
    rrows.push_back({double(m - n), tmx::rope_dot(rq, rk, m, n)});
  }
  check_table("positions.rope", rt, rrows);

  // Layouts: x read from the note, position 1, head width 4.
  const Table& lt = tables.at("positions.layouts");
  tmx::Mat x(1, 4), xi, xh;
  for (int c = 0; c < 4; ++c) x(0, c) = static_cast<float>(lt.values.at(0).at(static_cast<size_t>(c)));
  const std::vector<int> perm = tmx::rope_interleaved_to_half(4);
  tmx::rope_interleaved_forward(xi, x, 1, 4, 1);
  const tmx::Mat xp = tmx::permute_head_dims(x, perm, 1);
  tmx::rope_forward(xh, xp, 1, 4, 1);
  check_table("positions.layouts", lt,
              {rows_of(x)[0], rows_of(xi)[0], rows_of(xp)[0], rows_of(xh)[0],
               rows_of(tmx::permute_head_dims(xi, perm, 1))[0]});
}

TEST_CASE("multi-head chapter: cost per head, c_attn columns and kjv-gpt's heads match the core", "[notes]") {
  const auto tables = checked_tables(read("content/en/notes/05-multi-head.md"));
  for (const char* id : {"multihead.cost", "multihead.c-attn", "multihead.kjv-loss", "multihead.kjv-heads"})
    REQUIRE(tables.count(id));
  // Sizes are read from the note (d_model, h, context); everything else is computed.
  const Table& cost = tables.at("multihead.cost");
  std::vector<std::vector<double>> c_rows;
  for (const auto& r : cost.values) {
    REQUIRE(r.size() == 8);
    const tmx::HeadCost c = tmx::attention_head_cost(int64_t(r[0]), int64_t(r[1]), int64_t(r[5]));
    c_rows.push_back({r[0], r[1], double(c.head_dim), double(c.params), double(c.layer_params), r[5],
                      double(c.qkv_flops + c.out_flops), double(c.score_flops + c.mix_flops)});
  }
  check_table("multihead.cost", cost, c_rows);
  for (const auto& r : cost.values) CHECK(r[4] == 4 * r[0] * r[0] + 4 * r[0]);  // the prose's 4 d^2 + 4 d, for any h
  CHECK(cost.labels.at(0) == "GPT-2 small");
  CHECK(cost.values.at(0)[4] == 2362368);  // c_attn + c_proj of one GPT-2 small block, as torch counts it

  // Labels "q, head 11": the part and the head are read from the label.
  const Table& ca = tables.at("multihead.c-attn");
  std::vector<std::vector<double>> ca_rows;
  for (const std::string& label : ca.labels) {
    const int part = label[0] == 'q' ? 0 : label[0] == 'k' ? 1 : 2;
    const int head = std::stoi(label.substr(label.rfind(' ') + 1));
    const auto r = tmx::c_attn_columns(768, 12, static_cast<tmx::QKV>(part), head);
    ca_rows.push_back({double(r.begin), double(r.end - 1)});
  }
  check_table("multihead.c-attn", ca, ca_rows);

  // The shipped kjv-gpt on the first N held-out tokens (N and the context read from the note).
  const Table& kl = tables.at("multihead.kjv-loss");
  REQUIRE(kl.labels == std::vector<std::string>{"kjv-gpt"});
  const int n_tokens = static_cast<int>(kl.values.at(0).at(0)), context = static_cast<int>(kl.values.at(0).at(1));
  const KjvGpt kjv_gpt = load_kjv_gpt();
  const auto& tk = kjv_gpt.tk;
  tmx::GPT* gpt = kjv_gpt.gpt;
  const tmx::HeadReport rep =
      tmx::gpt_head_report(*gpt, tk->encode(read_gen("data/kjv.val.txt")), context, n_tokens);
  check_table("multihead.kjv-loss", kl, {{double(n_tokens), double(context), rep.loss, rep.stats.at(0).uniform}});
  // The cost table's kjv-gpt row is the shipped model's config.
  const size_t kjv_row = cost.labels.size() - 1;
  REQUIRE(cost.labels[kjv_row] == "kjv-gpt");
  CHECK(cost.values[kjv_row][0] == gpt->cfg.n_embd);
  CHECK(cost.values[kjv_row][1] == gpt->cfg.n_head);
  CHECK(cost.values[kjv_row][5] == gpt->cfg.n_positions);
  const Table& kh = tables.at("multihead.kjv-heads");
  std::vector<std::vector<double>> h_rows;
  REQUIRE(kh.labels.size() == rep.stats.size());
  for (int l = 0; l < rep.n_layer; ++l)
    for (int h = 0; h < rep.n_head; ++h) {
      const size_t k = size_t(l) * rep.n_head + h;
      CHECK(kh.labels[k] == "layer " + std::to_string(l) + ", head " + std::to_string(h));
      const auto& st = rep.stats[k];
      h_rows.push_back({st.prev, st.first, st.self, st.entropy, rep.ablated_loss[k] - rep.loss});
    }
  check_table("multihead.kjv-heads", kh, h_rows);
  // The prose's reading of the table.
  const int H = rep.n_head;
  const auto delta = [&](size_t k) { return rep.ablated_loss[k] - rep.loss; };
  std::vector<size_t> by_delta(rep.stats.size()), by_prev(rep.stats.size());
  for (size_t k = 0; k < by_delta.size(); ++k) by_delta[k] = by_prev[k] = k;
  std::sort(by_delta.begin(), by_delta.end(), [&](size_t a, size_t b) { return delta(a) > delta(b); });
  std::sort(by_prev.begin(), by_prev.end(), [&](size_t a, size_t b) { return rep.stats[a].prev > rep.stats[b].prev; });
  CHECK(std::min(by_delta[0], by_delta[1]) == 1);  // layer 0, heads 1 and 2 matter most
  CHECK(std::max(by_delta[0], by_delta[1]) == 2);
  CHECK(std::min(by_prev[0], by_prev[1]) == 1);    // and lean most on the previous token
  CHECK(std::max(by_prev[0], by_prev[1]) == 2);
  const double top2_min = std::min(delta(1), delta(2));
  double typical_prev = 0, min_entropy = 1e9;
  for (size_t k = 0; k < rep.stats.size(); ++k) {
    INFO("head " << k);
    if (k >= size_t(H)) CHECK(delta(k) < top2_min / 8);  // layers 1..3
    CHECK(rep.stats[k].prev < 0.2);
    CHECK(rep.stats[k].first < 0.1);
    CHECK(rep.stats[k].entropy < rep.stats[k].uniform);
    CHECK((delta(k) < 0) == (k == size_t(2 * H + 1)));  // only layer 2, head 1 lowers the loss
    min_entropy = std::min(min_entropy, rep.stats[k].entropy);
  }
  std::vector<double> prevs;
  for (const auto& st : rep.stats) prevs.push_back(st.prev);
  std::nth_element(prevs.begin(), prevs.begin() + prevs.size() / 2, prevs.end());
  typical_prev = prevs[prevs.size() / 2];  // the median head
  CHECK(rep.stats[2].prev / typical_prev > 2.5);  // "close to three times"
  CHECK(rep.stats[2].prev / typical_prev < 3.0);
  CHECK(rep.stats[0].uniform - min_entropy > 1.0);  // "just over one nat"
  CHECK(rep.stats[0].uniform - min_entropy < 1.25);
}

TEST_CASE("tokenization chapter: BPE trace, encodings, GPT-2 splits, vocabulary sizes and tokens per character match the core",
          "[notes]") {
  namespace tok = tmx::tok;
  const auto tables = checked_tables(read("content/en/notes/02-tokenization.md"));
  for (const char* id : {"tok.granularity", "tok.trace", "tok.encode", "tok.pretok", "tok.numbers", "tok.spelling", "tok.vocab",
                         "tok.per-char", "tok.cjk-split"})
    REQUIRE(tables.count(id));
  std::string err;
  auto g = tok::Gpt2Tokenizer::load_file(std::string(TMX_GEN_DIR) + "/assets/tokenizers/gpt2.tmxbpe", err);
  INFO(err);
  REQUIRE(g);
  // The first column names a text (a token list in backticks, "·" for a space): each is read
  // back from the note, recomputed, and its label must be what the core prints for it.
  auto unmd = [](std::string s) {
    s = s.substr(1, s.find('`', 1) - 1);
    for (size_t p; (p = s.find("\xC2\xB7")) != std::string::npos;) s.replace(p, 2, " ");
    return s;
  };
  {
    const Table& t = tables.at("tok.granularity");
    std::vector<std::vector<double>> rows;
    for (const auto& l : t.labels) {
      const auto z = tok::text_sizes(unmd(l), *g);
      CHECK(l == tok::md_token(unmd(l)));
      rows.push_back({double(z.bytes), double(z.chars), double(z.pieces), double(z.tokens)});
    }
    check_table("tok.granularity", t, rows);
  }
  {
    const tok::BpeTrainResult r = tok::bpe_example_training();
    const tok::BpeTokenizer bt = tok::BpeTokenizer::from_training(r, tok::Pretokenizer::Gpt2);
    const Table& t = tables.at("tok.trace");
    REQUIRE(t.labels.size() == r.steps.size());
    std::vector<std::vector<double>> rows;
    for (size_t i = 0; i < r.steps.size(); ++i) {
      const auto& st = r.steps[i];
      CHECK(t.labels[i] == tok::md_token(bt.token_bytes(st.left)) + " + " + tok::md_token(bt.token_bytes(st.right)) +
                               " \xE2\x86\x92 " + tok::md_token(st.bytes));
      rows.push_back({double(i + 1), double(st.left), double(st.right), double(st.new_id), double(st.count), double(st.tokens_after)});
    }
    check_table("tok.trace", t, rows);
    CHECK(r.tokens_before == int64_t(std::string(tok::kBpeExampleText).size()));
    // The prose: "asked for 10 merges", it "stopped after 7 ... no pair occurs twice any more".
    CHECK(tok::kBpeExampleMerges == 10);
    CHECK(r.stop_reason == "no pair occurs min_count times");
    std::string prose = read("content/en/notes/02-tokenization.md");
    std::replace(prose.begin(), prose.end(), '\n', ' ');
    CHECK(prose.find(tok::kBpeExampleText) != std::string::npos);  // the text the trace is of
    const Table& e = tables.at("tok.encode");
    std::vector<std::vector<double>> erows;
    for (const auto& l : e.labels) {
      const std::string w = unmd(l);
      CHECK(l == tok::md_split(w, bt));
      CHECK(bt.decode(bt.encode(w)) == w);
      erows.push_back({double(w.size()), double(bt.encode(w).size())});
    }
    check_table("tok.encode", e, erows);
  }
  {
    const Table& t = tables.at("tok.pretok");
    std::vector<std::vector<double>> rows;
    std::string joined;
    for (const auto& l : t.labels) {
      const std::string p = unmd(l);
      CHECK(l == tok::md_split(p, *g));
      joined += p;
      rows.push_back({double(p.size()), double(g->encode(p).size())});
    }
    // The pieces are exactly GPT-2's pre-tokenization of the sentence the note quotes.
    CHECK(tok::gpt2_pieces(joined).size() == t.labels.size());
    CHECK(joined == "I've counted 1234 tokens,  haven't you?");
    check_table("tok.pretok", t, rows);
  }
  for (const char* id : {"tok.numbers", "tok.spelling"}) {
    const Table& t = tables.at(id);
    std::vector<std::vector<double>> rows;
    for (const auto& l : t.labels) {
      const std::string w = unmd(l);
      CHECK(l == tok::md_split(w, *g));
      rows.push_back({double(tok::utf8_count(w)), double(g->encode(w).size())});
    }
    check_table(id, t, rows);
  }
  // The shipped models' texts (scripts/prepare_data.py, built into TMX_GEN_DIR/data).
  auto data = [](const std::string& name) {
    std::ifstream in(std::string(TMX_GEN_DIR) + "/data/" + name, std::ios::binary);
    INFO(name << " is extracted by scripts/prepare_data.py from Debian's bible-kjv and fortunes-zh");
    REQUIRE(in.good());
    return std::string(std::istreambuf_iterator<char>(in), {});
  };
  const std::string kjv_train = data("kjv.train.txt"), kjv_val = data("kjv.val.txt"), tang_val = data("tang.val.txt");
  {
    const Table& t = tables.at("tok.vocab");
    std::vector<int> sizes;
    for (size_t i = 0; i + 1 < t.labels.size(); ++i) sizes.push_back(std::stoi(t.labels[i]));
    std::vector<std::vector<double>> rows;
    for (const auto& v : tok::vocab_sweep(kjv_train, kjv_val, sizes))
      rows.push_back({double(v.tokens), double(kjv_val.size()) / double(v.tokens), double(v.vocab) * 768 / 1e6});
    CHECK(t.labels.back() == "GPT-2 (50257)");
    const auto s = tok::text_sizes(kjv_val, *g);
    rows.push_back({double(s.tokens), double(kjv_val.size()) / double(s.tokens), 50257.0 * 768 / 1e6});
    check_table("tok.vocab", t, rows);
  }
  {
    const Table& t = tables.at("tok.per-char");
    REQUIRE(t.labels.size() == 2);
    std::vector<std::vector<double>> rows;
    for (const std::string* text : {&kjv_val, &tang_val}) {
      const auto s = tok::text_sizes(*text, *g);
      rows.push_back({double(s.chars), double(s.bytes), double(s.tokens), double(s.tokens) / double(s.chars),
                      double(s.bytes) / double(s.chars)});
    }
    check_table("tok.per-char", t, rows);
    const auto hist = tok::gpt2_tokens_per_char_histogram(tang_val, *g, 4);
    int64_t total = 0;
    for (auto h : hist) total += h;
    std::vector<std::vector<double>> hrows;
    for (auto h : hist) hrows.push_back({double(h), 100.0 * double(h) / double(total)});
    check_table("tok.cjk-split", tables.at("tok.cjk-split"), hrows);
  }
}

TEST_CASE("advanced-attention chapter: RoPE, KV caches, variants and the online softmax match the core", "[notes]") {
  const auto tables = checked_tables(read("content/en/notes/11-advanced-attention.md"));
  for (const char* id : {"adv.rope-q", "adv.rope-offset", "adv.rope-wavelengths", "adv.kv-models", "adv.variants",
                         "adv.flash-input", "adv.flash-steps", "adv.flash-blocks", "adv.flash-weights",
                         "adv.flash-memory"})
    REQUIRE(tables.count(id));
  // RoPE: q and k are read from the note; the score of each (m, n) is recomputed with rope_forward.
  const tmx::Mat qk = mat_of(tables.at("adv.rope-q"));
  REQUIRE(qk.cols() == 8);
  const tmx::Mat q = qk.topRows(1), k = qk.bottomRows(1);
  std::vector<std::vector<double>> off;
  for (const auto& row : tables.at("adv.rope-offset").values) {
    const int m = static_cast<int>(row.at(0)), n = static_cast<int>(row.at(1));
    tmx::Mat qm, kn;
    tmx::rope_forward(qm, q, 1, 8, m, 10000.0);
    tmx::rope_forward(kn, k, 1, 8, n, 10000.0);
    off.push_back({double(m), double(n), double(m - n), double(qm.row(0).dot(kn.row(0)))});
  }
  check_table("adv.rope-offset", tables.at("adv.rope-offset"), off);
  // Wavelengths: the angle rope_forward turns pair i by in one position, for bases 10000 and 500000.
  const double kTwoPi = 2.0 * std::acos(-1.0);
  std::vector<std::vector<double>> wl;
  for (const auto& row : tables.at("adv.rope-wavelengths").values) {
    const int i = static_cast<int>(row.at(0));
    double angle[2];
    for (int b = 0; b < 2; ++b) {
      tmx::Mat e = tmx::Mat::Zero(1, 128), r;
      e(0, i) = 1.0f;
      tmx::rope_forward(r, e, 1, 128, 1, b == 0 ? 10000.0 : 500000.0);
      angle[b] = std::atan2(double(r(0, i + 64)), double(r(0, i)));
    }
    wl.push_back({double(i), angle[0], kTwoPi / angle[0], kTwoPi / angle[1]});
  }
  check_table("adv.rope-wavelengths", tables.at("adv.rope-wavelengths"), wl);
  // KV caches of the published models, by name (every preset appears).
  const Table& kv = tables.at("adv.kv-models");
  REQUIRE(kv.labels.size() == tmx::decoder_presets().size());
  std::vector<std::vector<double>> kv_rows;
  for (const std::string& name : kv.labels) {
    const tmx::DecoderPreset* p = nullptr;
    for (const auto& d : tmx::decoder_presets())
      if (name == d.name) p = &d;
    INFO(name);
    REQUIRE(p);
    const tmx::DecoderShape& s = p->shape;
    kv_rows.push_back({double(s.n_layer), double(s.n_head), double(s.n_kv_head), double(s.head_dim()),
                       tmx::kv_cache_bytes(s, 1, 1, 2) / 1024.0, double(s.n_ctx),
                       tmx::kv_cache_bytes(s, s.n_ctx, 1, 2) / 1073741824.0, tmx::decoder_params(s).total() / 1e9});
  }
  check_table("adv.kv-models", kv, kv_rows);
  // LLaMA-2 7B as MHA, GQA (KV heads from the note) and MQA.
  const Table& var = tables.at("adv.variants");
  REQUIRE(var.labels == std::vector<std::string>({"MHA", "GQA", "MQA"}));
  const tmx::DecoderShape base = tmx::decoder_preset("llama-2-7b").shape;
  std::vector<std::vector<double>> var_rows;
  for (size_t r = 0; r < 3; ++r) {
    const auto v = r == 0 ? tmx::AttnVariant::MHA : r == 1 ? tmx::AttnVariant::GQA : tmx::AttnVariant::MQA;
    const tmx::DecoderShape s = tmx::with_variant(base, v, static_cast<int64_t>(var.values[1].at(0)));
    var_rows.push_back({double(s.n_kv_head), tmx::decoder_params(s).total() / 1e9, tmx::kv_cache_bytes(s, 1, 1, 2) / 1024.0,
                        tmx::kv_cache_bytes(s, 4096, 16, 2) / 1073741824.0,
                        tmx::decoder_flops_per_token(s, 4096).total() / 1e9});
  }
  check_table("adv.variants", var, var_rows);
  // The online softmax: scores and values read from the note, blocks of 2, then every block size.
  const Table& in = tables.at("adv.flash-input");
  REQUIRE(in.values.size() == 2);
  const size_t n = in.values[0].size();
  tmx::MatD fq = tmx::MatD::Ones(1, 1), fk(n, 1), fv(n, 1), out, full, w;
  for (size_t j = 0; j < n; ++j) fk(j, 0) = in.values[0][j], fv(j, 0) = in.values[1][j];
  tmx::FlashTrace tr;
  tmx::flash_attention_forward(out, fq, fk, fv, 1.0f, tmx::AttnMask{}, 1, 2, nullptr, &tr);
  tmx::sdpa_forward(full, w, fq, fk, fv, 1.0f, tmx::AttnMask{});
  std::vector<std::vector<double>> st_rows;
  for (const auto& st : tr.steps) st_rows.push_back({st.block_max[0], st.m[0], st.alpha[0], st.l[0], st.partial(0, 0)});
  check_table("adv.flash-steps", tables.at("adv.flash-steps"), st_rows);
  std::vector<std::vector<double>> fin;
  for (const auto& row : tables.at("adv.flash-blocks").values) {
    tmx::flash_attention_forward(out, fq, fk, fv, 1.0f, tmx::AttnMask{}, 1, static_cast<int>(row.at(0)), nullptr, &tr);
    fin.push_back({row.at(0), double(tr.steps.size()), out(0, 0), full(0, 0)});
  }
  check_table("adv.flash-blocks", tables.at("adv.flash-blocks"), fin);
  check_table("adv.flash-weights", tables.at("adv.flash-weights"), {std::vector<double>(w.data(), w.data() + w.size())});
  // Memory of one head: T x T values in full, one 128 x 128 tile and two 128-vectors blockwise.
  std::vector<std::vector<double>> mem;
  for (const auto& row : tables.at("adv.flash-memory").values) {
    const auto T = static_cast<int64_t>(row.at(0));
    const tmx::AttnWorkingMemory m = tmx::attention_working_memory(T, T, 128, 128);
    mem.push_back({double(T), double(m.full), m.full * 2.0 * 32 / 1073741824.0, double(m.blockwise),
                   double(m.full) / double(m.blockwise)});
  }
  check_table("adv.flash-memory", tables.at("adv.flash-memory"), mem);
}

TEST_CASE("training chapter: objective, optimizers, schedule, clipping, formats, rounding and kjv-gpt's log match the core",
          "[notes]") {
  const auto tables = checked_tables(read("content/en/notes/12-training.md"));
  auto values = [](const std::vector<tmx::ExampleRow>& rows) {
    std::vector<std::vector<double>> v;
    for (const auto& r : rows) v.push_back(r.values);
    return v;
  };
  const std::string kjv = std::string(TMX_SOURCE_DIR) + "/assets/models/kjv-gpt";
  for (const char* id : {"training.objective", "training.optimizers", "training.schedule", "training.clip", "training.formats",
                         "training.rounding", "training.log"})
    REQUIRE(tables.count(id));
  check_table("training.objective", tables.at("training.objective"), values(tmx::objective_example(kjv, read_gen("data/kjv.val.txt"))));
  check_table("training.optimizers", tables.at("training.optimizers"), values(tmx::optimizer_example()));
  check_table("training.schedule", tables.at("training.schedule"), values(tmx::schedule_example()));
  check_table("training.clip", tables.at("training.clip"), values(tmx::clipping_example()));
  check_table("training.formats", tables.at("training.formats"), values(tmx::formats_example()));
  check_table("training.rounding", tables.at("training.rounding"), values(tmx::precision_example()));
  check_table("training.log", tables.at("training.log"), values(tmx::log_rows(kjv, {100, 200, 300, 400, 600, 800, 1000, 1200})));
}

TEST_CASE("sampling chapter: kjv-gpt's next token under T, top-k and top-p, entropy and decode cost match the core",
          "[notes]") {
  const std::string md = read("content/en/notes/10-sampling.md");
  const auto tables = checked_tables(md);
  for (const char* id : {"samp.settings", "samp.next", "samp.kept", "samp.entropy", "samp.kv"}) REQUIRE(tables.count(id));
  const tmx::NextToken nt = tmx::next_token(std::string(TMX_SOURCE_DIR) + "/assets/models/kjv-gpt", tmx::kSamplingPrompt);
  CHECK(md.find(std::string("\"") + tmx::kSamplingPrompt + "\"") != std::string::npos);  // the prompt is named
  const int V = static_cast<int>(nt.logits.size());
  // The settings are read from the note.
  const Table& st = tables.at("samp.settings");
  const tmx::SamplerConfig cfg{static_cast<float>(st.values.at(0).at(0)), static_cast<int>(st.values[0].at(1)),
                               static_cast<float>(st.values[0].at(2))};
  const tmx::SamplingBreakdown one = tmx::sampling_breakdown(nt.logits.data(), V, {1.0f, 0, 1.0f});
  const tmx::SamplingBreakdown b = tmx::sampling_breakdown(nt.logits.data(), V, cfg);
  const Table& next = tables.at("samp.next");
  std::vector<std::vector<double>> rows;
  for (size_t i = 0; i < next.labels.size(); ++i) {
    const tmx::SamplingRow& r = b.rows[i];
    INFO("row " << i);
    CHECK(next.labels[i] == "`" + tmx::shown_token(nt.tokenizer->token_bytes(r.id)) + "`");
    if (r.in_top_k) rows.push_back({double(r.id), r.logit, one.rows[i].p_temp, r.p_temp, r.cum, r.p_final});
    else rows.push_back({double(r.id), r.logit, one.rows[i].p_temp, r.p_temp, r.p_final});
  }
  check_table("samp.next", next, rows);
  check_table("samp.kept", tables.at("samp.kept"),
              {{double(b.kept_top_k), double(b.kept), b.mass_kept, b.entropy_temp, b.entropy_final}});
  // Entropy against T, for the temperatures the note lists (top-p 0.9 for the last column).
  std::vector<std::vector<double>> ent;
  double prev = -1;
  for (const auto& row : tables.at("samp.entropy").values) {
    const float t = static_cast<float>(row.at(0));
    const tmx::SamplingBreakdown e = tmx::sampling_breakdown(nt.logits.data(), V, {t, 0, 0.9f});
    ent.push_back({t, e.rows[0].p_temp, e.entropy_temp, tmx::SamplingBreakdown::bits(e.entropy_temp), double(e.kept)});
    CHECK(e.entropy_temp > prev);  // the text says entropy grows with T
    prev = e.entropy_temp;
  }
  check_table("samp.entropy", tables.at("samp.entropy"), ent);
  // Decode cost with and without the KV cache, for the prompts and lengths the note lists.
  const tmx::GPTConfig kjv = tmx::GPTConfig::from_json(
      tmx::json::parse(tmx::read_file_text(std::string(TMX_SOURCE_DIR) + "/assets/models/kjv-gpt/config.json")));
  const Table& kv = tables.at("samp.kv");
  std::vector<std::vector<double>> kv_rows;
  for (size_t i = 0; i < kv.labels.size(); ++i) {
    const std::string& name = kv.labels[i];
    tmx::DecoderShape s;
    if (name == "kjv-gpt") s = tmx::decoder_shape(kjv);
    else {
      bool found = false;
      for (const auto& d : tmx::decoder_presets())
        if (name == d.name) s = d.shape, found = true;
      INFO(name);
      REQUIRE(found);
    }
    const int64_t p = static_cast<int64_t>(kv.values[i].at(0)), n = static_cast<int64_t>(kv.values[i].at(1));
    const tmx::DecodeCost c = tmx::decode_cost(s, p, n);
    kv_rows.push_back({double(p), double(n), double(c.positions_cached), double(c.positions_uncached), c.flops_cached / 1e9,
                       c.flops_uncached / 1e9, c.ratio()});
  }
  check_table("samp.kv", kv, kv_rows);
}

TEST_CASE("GPT chapter: parameters per module, the 'cat sat on' example and kjv-gpt's walk match the core", "[notes]") {
  const auto tables = checked_tables(read("content/en/notes/09-gpt.md"));
  for (const char* id : {"gpt.params", "gpt.x", "gpt.q", "gpt.k", "gpt.v", "gpt.scores", "gpt.scaled", "gpt.masked",
                         "gpt.weights", "gpt.out", "gpt.walk-ids", "gpt.walk-norms", "gpt.walk-lens", "gpt.walk-next"})
    REQUIRE(tables.count(id));

  // Parameters: per module from the checkpoint names; the totals are model_size.h's, and a block is
  // 12 C^2 + 13 C (c_attn 3C^2 + 3C, c_proj C^2 + C, c_fc 4C^2 + 4C, c_proj 4C^2 + C, two LayerNorms 4C).
  const tmx::GPTConfig small;
  const tmx::GPTConfig kjv = tmx::GPTConfig::from_json(tmx::json::parse(read("assets/models/kjv-gpt/config.json")));
  std::vector<std::vector<double>> prow(13);
  for (const tmx::GPTConfig& c : {small, kjv}) {
    const tmx::GptModuleParams m = tmx::gpt_module_params(c);
    const int64_t C = c.n_embd;
    CHECK(m.block() == 12 * C * C + 13 * C);
    CHECK(m.total() == tmx::decoder_params(tmx::decoder_shape(c)).total());
    const double v[13] = {double(m.wte), double(m.wpe), double(m.ln_1), double(m.c_attn), double(m.attn_proj),
                          double(m.ln_2), double(m.c_fc), double(m.mlp_proj), double(m.block()),
                          double(m.block()) * c.n_layer, double(m.ln_f), 0.0, double(m.total())};
    for (int r = 0; r < 13; ++r) prow[r].push_back(v[r]);
  }
  CHECK(prow[12][0] == 124439808.0);
  check_table("gpt.params", tables.at("gpt.params"), prow);
  CHECK(tables.at("gpt.params").labels.back() == "total");

  // The worked example: the X, Q, K, V exactly, then every table from sdpa_forward.
  tmx::Mat x, q, k, v;
  tmx::gpt_chapter_example_inputs(x, q, k, v);
  const float X[3][4] = {{1.0f, 0.5f, 0.3f, 0.2f}, {0.2f, 1.0f, 0.4f, 0.1f}, {0.3f, 0.2f, 1.0f, 0.5f}};
  const float Q[3][4] = {{0.8f, 0.6f, 0.4f, 0.2f}, {0.3f, 0.9f, 0.5f, 0.3f}, {0.4f, 0.3f, 0.8f, 0.6f}};
  const float K[3][4] = {{0.9f, 0.7f, 0.5f, 0.3f}, {0.4f, 0.8f, 0.6f, 0.2f}, {0.5f, 0.4f, 0.9f, 0.7f}};
  const float V[3][4] = {{1.2f, 0.8f, 0.6f, 0.4f}, {0.5f, 1.3f, 0.7f, 0.3f}, {0.6f, 0.5f, 1.4f, 0.9f}};
  for (int i = 0; i < 3; ++i)
    for (int j = 0; j < 4; ++j) {
      CHECK(x(i, j) == X[i][j]);
      CHECK(q(i, j) == Q[i][j]);
      CHECK(k(i, j) == K[i][j]);
      CHECK(v(i, j) == V[i][j]);
    }
  check_table("gpt.x", tables.at("gpt.x"), rows_of(x));
  check_table("gpt.q", tables.at("gpt.q"), rows_of(q));
  check_table("gpt.k", tables.at("gpt.k"), rows_of(k));
  check_table("gpt.v", tables.at("gpt.v"), rows_of(v));
  const tmx::Mat nq = mat_of(tables.at("gpt.q")), nk = mat_of(tables.at("gpt.k")), nv = mat_of(tables.at("gpt.v"));
  const auto full = tmx::attention_example(nq, nk, nv, false), causal = tmx::attention_example(nq, nk, nv, true);
  check_table("gpt.scores", tables.at("gpt.scores"), rows_of(full.raw));
  check_table("gpt.scaled", tables.at("gpt.scaled"), rows_of(full.scores));
  check_table("gpt.masked", tables.at("gpt.masked"), rows_of(causal.scores));
  check_table("gpt.weights", tables.at("gpt.weights"), rows_of(causal.weights));
  check_table("gpt.out", tables.at("gpt.out"), rows_of(causal.out));

  // kjv-gpt's walk of the chapter's prompt (read from the ids table's labels' tokens).
  const KjvGpt kjv_gpt = load_kjv_gpt();
  const auto& tk = kjv_gpt.tk;
  tmx::GPT* gpt = kjv_gpt.gpt;
  const std::vector<int> ids = tk->encode("The cat sat");
  const tmx::GptWalk w = tmx::gpt_walk(*gpt, ids);
  auto code = [&](int id) { return "`" + tk->token_bytes(id) + "`"; };
  const Table& ti = tables.at("gpt.walk-ids");
  std::vector<std::vector<double>> id_rows;
  REQUIRE(ti.labels.size() == ids.size());
  for (size_t t = 0; t < ids.size(); ++t) {
    id_rows.push_back({double(ids[t])});
    CHECK(ti.labels[t] == std::to_string(t) + ": " + code(ids[t]));
  }
  check_table("gpt.walk-ids", ti, id_rows);
  check_table("gpt.walk-norms", tables.at("gpt.walk-norms"), rows_of(w.resid_norm));
  const Table& tl = tables.at("gpt.walk-lens");
  std::vector<std::vector<double>> lens_rows;
  REQUIRE(tl.labels.size() == w.lens.size());
  for (size_t r = 0; r < w.lens.size(); ++r) {
    const tmx::LensEntry& e = w.lens[r].back()[0];
    lens_rows.push_back({double(e.id), e.p});
    CHECK(tl.labels[r].substr(tl.labels[r].find(": ") + 2) == code(e.id));
  }
  check_table("gpt.walk-lens", tl, lens_rows);
  const Table& tn = tables.at("gpt.walk-next");
  const tmx::Mat& logits = w.stages[w.stages.size() - 3].value;
  REQUIRE(w.stages[w.stages.size() - 3].kind == tmx::WalkStage::Logits);
  std::vector<std::vector<double>> next_rows;
  const std::vector<int> top = tmx::top_indices(w.probs.data(), static_cast<int>(w.probs.size()), 5);
  REQUIRE(tn.labels.size() == top.size());
  for (size_t i = 0; i < top.size(); ++i) {
    next_rows.push_back({double(top[i]), logits(logits.rows() - 1, top[i]), w.probs(top[i])});
    CHECK(tn.labels[i] == code(top[i]));
  }
  check_table("gpt.walk-next", tn, next_rows);
  CHECK(w.token == top[0]);  // greedy
}

TEST_CASE("Mamba vs Transformer chapter: the synthetic-task table is the shipped results", "[notes]") {
  namespace syn = tmx::tasks::synthetic;
  const auto tables = checked_tables(read("content/en/notes/14-mamba-vs-transformer.md"));
  REQUIRE(tables.count("mvt.synthetic"));
  std::vector<std::vector<double>> rows;
  std::vector<std::string> labels;
  for (syn::Task t : {syn::Task::SelectiveCopy, syn::Task::Induction}) {
    const syn::Results r = syn::read_results(std::string(TMX_SOURCE_DIR) + "/assets/synthetic/" + syn::task_name(t) + ".json");
    REQUIRE(r.models.size() == 3);
    for (const auto& m : r.models) {
      rows.push_back({double(m.params), 100 * m.final_accuracy(), m.wall_s});
      labels.push_back(std::string(t == syn::Task::SelectiveCopy ? "copying" : "induction") + ", " + syn::arch_name(m.arch));
    }
  }
  const Table& t = tables.at("mvt.synthetic");
  CHECK(t.labels == labels);
  check_table("mvt.synthetic", t, rows);

  // The prose quotes the same results: every figure it states, recomputed here.
  const std::string md = read("content/en/notes/14-mamba-vs-transformer.md");
  auto pct = [](double v, int decimals) {
    char b[32];
    std::snprintf(b, sizeof b, "%.*f%%", decimals, 100 * v);
    return std::string(b);
  };
  auto at = [](const syn::ModelResult& m, int step) {
    for (const auto& p : m.curve)
      if (p.step == step) return p.accuracy;
    FAIL("no evaluation at step " << step);
    return 0.0;
  };
  const syn::Results copy = syn::read_results(std::string(TMX_SOURCE_DIR) + "/assets/synthetic/selective-copy.json");
  const syn::Results ind = syn::read_results(std::string(TMX_SOURCE_DIR) + "/assets/synthetic/induction.json");
  const auto &cm = *copy.find(syn::Arch::Mamba), &cl = *copy.find(syn::Arch::Lti), &ca = *copy.find(syn::Arch::Attention);
  const auto &im = *ind.find(syn::Arch::Mamba), &il = *ind.find(syn::Arch::Lti), &ia = *ind.find(syn::Arch::Attention);
  int perfect_from = -1;  // the first evaluation from which induction Mamba stays at 100%
  for (auto it = im.curve.rbegin(); it != im.curve.rend() && it->accuracy == 1.0; ++it) perfect_from = it->step;
  const std::vector<std::string> quoted = {
      "Mamba ends at " + pct(cm.final_accuracy(), 1),
      "the LTI SSM at " + pct(cl.final_accuracy(), 1),
      "Attention reaches " + pct(ca.final_accuracy(), 1),
      "from " + pct(at(cm, 500), 0) + " to " + pct(at(cm, 800), 0) + " between steps 500 and 800",
      "(100% from step " + std::to_string(perfect_from) + ")",
      "the LTI SSM gets " + pct(il.final_accuracy(), 1),
      pct(ia.final_accuracy(), 1) + " is the chance level of " + std::to_string(ind.options.task.n_symbols) + " symbols",
      "our\n" + std::to_string(ia.params / 1000) + "," + std::to_string(ia.params % 1000) + "-parameter GPT",
      "1,200 steps",
  };
  CHECK(copy.options.steps == 1200);
  CHECK(im.final_accuracy() == 1.0);
  CHECK(std::fabs(ia.final_accuracy() - 1.0 / ind.options.task.n_symbols) < 1e-3);
  for (const auto& q : quoted) {
    INFO("the chapter should say: " << q);
    CHECK(md.find(q) != std::string::npos);
  }
}

TEST_CASE("Mamba-vs-Transformer chapter: decode state, FLOPs per token and mixing FLOPs match the core", "[notes]") {
  const auto tables = checked_tables(read("content/en/notes/14-mamba-vs-transformer.md"));
  const auto computed = tmx::mamba_vs_transformer_tables(std::string(TMX_SOURCE_DIR) + "/assets/models");
  REQUIRE(computed.size() == 3);
  for (const tmx::NoteTable& c : computed) {
    INFO("table " << c.id);
    REQUIRE(tables.count(c.id) == 1);
    CHECK(tables.at(c.id).labels == c.labels);
    check_table(c.id, tables.at(c.id), c.rows);
  }
}

TEST_CASE("Mamba-vs-Transformer chapter: the measured decode tables are the bench file's, with its machine and date",
          "[notes]") {
  const std::string md = read("content/en/notes/14-mamba-vs-transformer.md");
  const auto tables = checked_tables(md);
  const tmx::DecodeLatency d =
      tmx::parse_decode_latency(tmx::read_file_text(tmx::decode_latency_path(TMX_SOURCE_DIR), 1u << 20));
  for (const tmx::NoteTable& c : tmx::decode_latency_tables(d)) {
    INFO("table " << c.id);
    REQUIRE(tables.count(c.id) == 1);
    CHECK(tables.at(c.id).labels == c.labels);
    check_table(c.id, tables.at(c.id), c.rows);
  }
  INFO("the chapter should say: " << d.provenance());
  CHECK(md.find(d.provenance()) != std::string::npos);
}
