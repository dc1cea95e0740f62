#include "core/seq2seq.h"

#include <algorithm>
#include <cmath>
#include <filesystem>

#include "core/error.h"
#include "core/json.h"
#include "core/optim.h"
#include "core/trace.h"

namespace tmx {

void Seq2SeqOptions::validate() const {
  if (steps < 1) throw Error("steps must be at least 1");
  if (batch < 1 || batch > 65536) throw Error("batch must be in [1, 65536]");
  if (!(lr > 0) || !std::isfinite(lr)) throw Error("lr must be positive");
  if (!(min_lr >= 0) || min_lr > lr) throw Error("min_lr must be in [0, lr]");
  if (warmup < 0 || warmup > steps) throw Error("warmup must be in [0, steps]");
  if (!(weight_decay >= 0 && weight_decay < 1)) throw Error("weight_decay must be in [0, 1)");
  if (!(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1)) throw Error("betas must be in [0, 1)");
  if (!(grad_clip >= 0) || !std::isfinite(grad_clip)) throw Error("grad_clip must be >= 0");
}

struct Seq2SeqTrainer::Opt {
  AdamW adamw;
};

Seq2SeqTrainer::Seq2SeqTrainer(EncoderDecoder& model, const Seq2SeqOptions& opts) : m_(model), o_(opts) {
  o_.validate();
  ps_ = m_.params();
  for (Param& p : ps_) p.decay = p.shape.size() == 2;  // nanoGPT's rule: no decay on biases, norms
  opt_ = std::make_unique<Opt>(Opt{AdamW(o_.lr, o_.beta1, o_.beta2, 1e-8f, o_.weight_decay)});
}
Seq2SeqTrainer::~Seq2SeqTrainer() = default;

int Seq2SeqTrainer::step() {
  Rng rng(o_.seed * 2654435761u + static_cast<uint32_t>(step_) * 40503u + 1u);
  zero_grad(ps_);
  double loss = 0;
  for (int b = 0; b < o_.batch; ++b) {
    const tasks::Seq2SeqExample e = tasks::dates::sample(rng, /*held_out_part=*/false);
    const std::vector<int> in(e.tgt.begin(), e.tgt.end() - 1), out(e.tgt.begin() + 1, e.tgt.end());
    loss += m_.forward_backward(e.src, in, out);
  }
  const float inv = 1.0f / static_cast<float>(o_.batch);
  for (Param& p : ps_) *p.grad *= inv;  // the mean over the batch
  if (o_.grad_clip > 0) clip_grad_norm(ps_, o_.grad_clip);
  last_lr_ = lr_warmup_cosine(step_, o_.warmup, o_.steps, o_.lr, o_.min_lr);
  opt_->adamw.lr = last_lr_;
  opt_->adamw.step(ps_);
  last_loss_ = static_cast<float>(loss / o_.batch);
  return ++step_;
}

std::vector<int> greedy_decode(EncoderDecoder& m, const std::vector<int>& src, int bos, int eos, int max_len) {
  std::vector<int> tgt = {bos};
  while (static_cast<int>(tgt.size()) < max_len) {
    const Mat logits = m.forward(src, tgt);  // (T, Vt): only the last row is used
    Eigen::Index best = 0;
    logits.row(logits.rows() - 1).maxCoeff(&best);
    tgt.push_back(static_cast<int>(best));
    if (best == eos) break;
  }
  return tgt;
}

double exact_match(EncoderDecoder& m, const std::vector<tasks::Seq2SeqExample>& set) {
  if (set.empty()) return 0;
  size_t ok = 0;
  for (const auto& e : set)
    ok += greedy_decode(m, e.src, e.tgt.front(), e.tgt.back(), static_cast<int>(e.tgt.size()) + 2) == e.tgt;
  return static_cast<double>(ok) / static_cast<double>(set.size());
}

double mean_loss(EncoderDecoder& m, const std::vector<tasks::Seq2SeqExample>& set) {
  double sum = 0;
  size_t n = 0;
  for (const auto& e : set) {
    const std::vector<int> in(e.tgt.begin(), e.tgt.end() - 1);
    const Mat logits = m.forward(e.src, in);  // (T, Vt)
    for (Eigen::Index t = 0; t < logits.rows(); ++t) {
      const float mx = logits.row(t).maxCoeff();
      const double lse = mx + std::log((logits.row(t).array() - mx).exp().sum());
      sum += lse - logits(t, e.tgt[static_cast<size_t>(t) + 1]);
      ++n;
    }
  }
  return n ? sum / static_cast<double>(n) : 0.0;
}

Seq2SeqWalk dates_walk(EncoderDecoder& m, const std::string& text, int layer, const std::string& target) {
  namespace dt = tasks::dates;
  if (layer < 0 || layer >= m.cfg.n_decoder_layers) throw Error("dates_walk: no decoder layer " + std::to_string(layer));
  std::vector<int> src;
  std::string err;
  if (!dt::encode_src(text, src, err)) throw Error(err);
  Seq2SeqWalk w;
  for (int id : src) w.src_words.push_back(dt::src_vocab()[static_cast<size_t>(id)]);
  const std::vector<int> out =
      target.empty() ? greedy_decode(m, src, dt::kBos, dt::kEos, dt::kMaxTgt) : dt::encode_tgt(target);
  const std::vector<int> in(out.begin(), out.end() - 1);
  Trace tr;
  const Mat logits = m.forward(src, in, nullptr, &tr);  // (T, Vt)
  for (Eigen::Index t = 0; t < logits.rows(); ++t) {
    const int target = out[static_cast<size_t>(t) + 1];
    const float mx = logits.row(t).maxCoeff();
    const double z = (logits.row(t).array() - mx).exp().sum();
    w.tgt_in.push_back(dt::tgt_vocab()[static_cast<size_t>(in[static_cast<size_t>(t)])]);
    w.tgt_out.push_back(dt::tgt_vocab()[static_cast<size_t>(target)]);
    w.p_target.push_back(std::exp(double(logits(t, target) - mx)) / z);
  }
  w.cross = mean_head_weights(tr, "dec." + std::to_string(layer) + ".cross_attn.head.", 0, m.cfg.n_head - 1);
  return w;
}

Mat mean_head_weights(const Trace& tr, const std::string& prefix, int first, int last) {
  Mat sum;
  for (int h = first; h <= last; ++h) {
    const Mat* a = tr.get(prefix + std::to_string(h) + ".weights");
    if (!a) throw Error("the trace has no " + prefix + std::to_string(h) + ".weights");
    sum = h == first ? *a : Mat(sum + *a);
  }
  return sum / static_cast<float>(last - first + 1);
}

//-----------------------------------------------------------------------------
// [SECTION] The model directory
//-----------------------------------------------------------------------------
void save_encdec(EncoderDecoder& m, const std::string& dir, DType dtype, const std::map<std::string, std::string>& extra) {
  const EncDecConfig& c = m.cfg;
  std::string j = "{\n  \"model_type\": \"encdec\",\n";
  for (const auto& kv : extra) j += "  \"" + kv.first + "\": \"" + kv.second + "\",\n";
  auto field = [&](const char* k, long long v) { j += "  \"" + std::string(k) + "\": " + std::to_string(v) + ",\n"; };
  field("src_vocab", c.src_vocab);
  field("tgt_vocab", c.tgt_vocab);
  field("d_model", c.d_model);
  field("n_head", c.n_head);
  field("n_encoder_layers", c.n_encoder_layers);
  field("n_decoder_layers", c.n_decoder_layers);
  field("d_ff", c.d_ff);
  field("max_len", c.max_len);
  j += std::string("  \"norm_first\": ") + (c.norm_first ? "true" : "false") + ",\n";
  j += std::string("  \"activation\": \"") + (c.activation == Act::ReLU ? "relu" : "gelu") + "\",\n";
  char eps[32];
  std::snprintf(eps, sizeof eps, "%.9g", c.layer_norm_eps);
  j += std::string("  \"layer_norm_eps\": ") + eps + "\n}\n";
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  FILE* f = std::fopen((dir + "/config.json").c_str(), "wb");
  if (!f) throw Error(dir + "/config.json: cannot write");
  std::fwrite(j.data(), 1, j.size(), f);
  std::fclose(f);
  std::vector<TensorRef> refs;
  for (const Param& p : m.params()) refs.push_back({p.name, p.shape, p.value->data()});
  write_safetensors(dir + "/model.safetensors", refs, {}, dtype);
}

std::unique_ptr<EncoderDecoder> load_encdec(const std::string& dir) {
  const json::Value j = json::parse(read_file_text(dir + "/config.json", 1 << 20));
  if (!j.is_object()) throw Error(dir + "/config.json: not a JSON object");
  if (j.get_string("model_type", "") != "encdec")
    throw Error(dir + "/config.json: model_type is not \"encdec\"");
  EncDecConfig c;
  auto bounded = [&](const char* k, int64_t lo, int64_t hi) {
    const int64_t v = j.get_int(k);
    if (v < lo || v > hi)
      throw Error(std::string("config: ") + k + " = " + std::to_string(v) + " is outside [" + std::to_string(lo) + ", " +
                  std::to_string(hi) + "]");
    return static_cast<int>(v);
  };
  c.src_vocab = bounded("src_vocab", 1, 1 << 20);
  c.tgt_vocab = bounded("tgt_vocab", 1, 1 << 20);
  c.d_model = bounded("d_model", 1, 4096);
  c.n_head = bounded("n_head", 1, 256);
  c.n_encoder_layers = bounded("n_encoder_layers", 1, 64);
  c.n_decoder_layers = bounded("n_decoder_layers", 1, 64);
  c.d_ff = bounded("d_ff", 1, 65536);
  c.max_len = bounded("max_len", 1, 8192);
  c.norm_first = j.get_bool("norm_first", false);
  const std::string act = j.get_string("activation", "relu");
  if (act != "relu" && act != "gelu") throw Error("config: activation must be \"relu\" or \"gelu\"");
  c.activation = act == "relu" ? Act::ReLU : Act::GELU_erf;
  c.layer_norm_eps = static_cast<float>(j.get_number("layer_norm_eps", 1e-5));
  if (!(c.layer_norm_eps > 0) || !std::isfinite(c.layer_norm_eps)) throw Error("config: layer_norm_eps must be positive");
  c.validate();
  const double per_layer = 12.0 * c.d_model * double(c.d_model) + 2.0 * c.d_model * double(c.d_ff);
  const double params = per_layer * (c.n_encoder_layers + c.n_decoder_layers) +
                        double(c.src_vocab + 2 * c.tgt_vocab) * c.d_model;
  if (params > 4e8) throw Error("config: about " + std::to_string(int64_t(params)) + " parameters is beyond what this loader accepts");
  const SafeTensors st = SafeTensors::from_file(dir + "/model.safetensors");
  auto m = std::make_unique<EncoderDecoder>(c);
  m->load(st);
  return m;
}

}  // namespace tmx
