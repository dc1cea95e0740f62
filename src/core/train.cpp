#include "core/train.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <thread>

#include "core/error.h"
#include "core/models/gpt.h"
#include "core/models/llama.h"
#include "core/rng.h"
#include "core/safetensors.h"
#include "core/ssm/mamba_lm.h"

namespace tmx {

void TrainOptions::validate() const {
  auto need = [](bool ok, const char* what) {
    if (!ok) throw Error(std::string("train: ") + what);
  };
  need(steps >= 1 && steps <= 100000000, "steps must be in [1, 1e8]");
  need(batch >= 1 && batch <= 65536, "batch must be in [1, 65536]");
  need(context >= 1 && context <= 1 << 20, "context must be in [1, 2^20]");
  need(std::isfinite(lr) && lr > 0 && lr < 10, "lr must be in (0, 10)");
  need(std::isfinite(min_lr) && min_lr >= 0 && min_lr <= lr, "min_lr must be in [0, lr]");
  need(warmup >= 0 && warmup <= steps, "warmup must be in [0, steps]");
  need(std::isfinite(weight_decay) && weight_decay >= 0 && weight_decay < 1, "weight_decay must be in [0, 1)");
  need(beta1 >= 0 && beta1 < 1 && beta2 >= 0 && beta2 < 1, "betas must be in [0, 1)");
  need(std::isfinite(grad_clip) && grad_clip >= 0, "grad_clip must be >= 0");
  need(threads >= 1 && threads <= 64, "threads must be in [1, 64]");
  need(threads <= batch, "threads must not exceed batch (each thread runs whole sequences)");
  need(val_tokens >= 0, "val_tokens must be >= 0");
}

std::unique_ptr<LanguageModel> create_model(const json::Value& config, uint32_t seed) {
  if (!config.is_object()) throw Error(ErrorKind::Json, "", "config: not a JSON object");
  const std::string type = config.get_string("model_type");
  if (type == "gpt2") {
    auto m = std::make_unique<GPT>(GPTConfig::from_json(config), /*random_init=*/false);
    m->init_random(seed);
    return m;
  }
  if (type == "llama") {
    auto m = std::make_unique<Llama>(LlamaConfig::from_json(config), /*random_init=*/false);
    m->init_random(seed);
    return m;
  }
  if (type == "mamba") {
    Rng rng(seed);
    return std::make_unique<ssm::MambaLM>(ssm::mamba_config_from_json(config), rng);
  }
  throw Error(ErrorKind::ModelType, type, "config: model_type '" + type + "' cannot be trained (gpt2, llama or mamba)");
}

// Sum of next-token cross-entropies of logits (T, V) against targets (T), in double.
// Runs work(0), ..., work(n - 1): on threads where the build has them, one after another in a wasm
// build without threads. The results are the same either way: each replica works on its own part
// and the caller adds the parts up in a fixed order.
template <class F>
static void run_replicas(int n, F&& work) {
#if defined(__EMSCRIPTEN__) && !defined(__EMSCRIPTEN_PTHREADS__)
  for (int r = 0; r < n; ++r) work(r);
#else
  std::vector<std::thread> th;
  for (int r = 1; r < n; ++r) th.emplace_back(work, r);
  work(0);
  for (auto& t : th) t.join();
#endif
}

double cross_entropy_sum(const Mat& logits, const int* targets, int T) {
  double s = 0;
  for (int t = 0; t < T; ++t) {
    const auto row = logits.row(t);
    const double mx = row.maxCoeff();
    double z = 0;
    for (Eigen::Index j = 0; j < row.size(); ++j) z += std::exp(double(row(j)) - mx);
    s += mx + std::log(z) - double(row(targets[t]));
  }
  return s;
}

std::vector<std::pair<int, int>> eval_windows(size_t n_ids, int context, int max_tokens) {
  std::vector<std::pair<int, int>> w;
  const int64_t n = max_tokens > 0 ? std::min<int64_t>(int64_t(n_ids), int64_t(max_tokens) + 1) : int64_t(n_ids);
  for (int64_t i = 0; i + 1 < n; i += context) w.push_back({int(i), int(std::min<int64_t>(context, n - 1 - i))});
  return w;
}

static double eval_windows_loss(const std::vector<LanguageModel*>& models, const std::vector<int>& ids,
                                const std::vector<std::pair<int, int>>& win) {
  if (win.empty()) return std::numeric_limits<double>::quiet_NaN();
  std::vector<double> sums(win.size());
  auto work = [&](size_t r) {
    for (size_t k = r; k < win.size(); k += models.size()) {
      const auto [s, len] = win[k];
      const std::vector<int> x(ids.begin() + s, ids.begin() + s + len);
      sums[k] = cross_entropy_sum(models[r]->forward(x), ids.data() + s + 1, len);
    }
  };
  run_replicas(static_cast<int>(models.size()), [&](int r) { work(static_cast<size_t>(r)); });
  double total = 0;
  int64_t count = 0;
  for (size_t k = 0; k < win.size(); ++k) total += sums[k], count += win[k].second;  // fixed order
  return total / double(count);
}

double eval_loss(LanguageModel& model, const std::vector<int>& ids, int context, int max_tokens) {
  if (context < 1) throw Error("eval: context must be >= 1");
  return eval_windows_loss({&model}, ids, eval_windows(ids.size(), context, max_tokens));
}

double eval_loss_with(const std::function<Mat(const std::vector<int>&)>& forward, const std::vector<int>& ids, int context,
                      int max_tokens) {
  if (context < 1) throw Error("eval: context must be >= 1");
  const auto win = eval_windows(ids.size(), context, max_tokens);
  if (win.empty()) return std::numeric_limits<double>::quiet_NaN();
  double total = 0;
  int64_t count = 0;
  for (const auto& [s, len] : win) {
    const std::vector<int> x(ids.begin() + s, ids.begin() + s + len);
    total += cross_entropy_sum(forward(x), ids.data() + s + 1, len);
    count += len;
  }
  return total / double(count);
}

Trainer::Trainer(LanguageModel& model, std::vector<int> train_ids, std::vector<int> val_ids, const TrainOptions& opts)
    : model_(model), train_(std::move(train_ids)), val_(std::move(val_ids)), opts_(opts),
      opt_(opts.lr, opts.beta1, opts.beta2, 1e-8f, opts.weight_decay) {
  opts_.validate();
  check_context();
  if (train_.size() < size_t(opts_.context) + 2)
    throw Error(ErrorKind::TooShort, std::to_string(opts_.context + 2), "train: the training text has " + std::to_string(train_.size()) + " tokens, fewer than context + 2");
  const int V = model.vocab_size();
  for (const auto* v : {&train_, &val_})
    for (int id : *v)
      if (id < 0 || id >= V) throw Error(ErrorKind::TokenOutOfRange, std::to_string(id), "train: token id " + std::to_string(id) + " is outside the model's vocabulary of " + std::to_string(V));
  init_params();
}

Trainer::Trainer(LanguageModel& model, BatchSource source, const TrainOptions& opts)
    : model_(model), source_(std::move(source)), opts_(opts),
      opt_(opts.lr, opts.beta1, opts.beta2, 1e-8f, opts.weight_decay) {
  opts_.validate();
  if (!source_) throw Error("train: no batch source");
  check_context();
  init_params();
}

void Trainer::check_context() const {
  if (model_.max_positions() > 0 && opts_.context > model_.max_positions())
    throw Error(ErrorKind::TooLong, std::to_string(model_.max_positions()), "train: context " + std::to_string(opts_.context) + " is longer than the model's " +
                std::to_string(model_.max_positions()) + " positions");
}

// What both constructors share: the parameter list and the replicas.
void Trainer::init_params() {
  ps_ = model_.params();
  if (opts_.threads > 1) {
    const json::Value cfg = json::parse(model_.config_json());
    for (int r = 1; r < opts_.threads; ++r) {
      replicas_.push_back(create_model(cfg, opts_.seed));
      replica_ps_.push_back(replicas_.back()->params());
      if (replica_ps_.back().size() != ps_.size()) throw Error("train: replica parameter lists differ");
    }
  }
}

Trainer::~Trainer() = default;

void Trainer::sample_batch(int step, std::vector<std::vector<int>>& ids, std::vector<std::vector<int>>& tgt) const {
  if (source_) {
    source_(step, ids, tgt);
    const int V = model_.vocab_size();
    if (int(ids.size()) != opts_.batch || tgt.size() != ids.size())
      throw Error("train: the batch source made " + std::to_string(ids.size()) + " sequences, not " + std::to_string(opts_.batch));
    for (size_t b = 0; b < ids.size(); ++b) {
      if (ids[b].empty() || ids[b].size() > size_t(opts_.context) || tgt[b].size() != ids[b].size())
        throw Error("train: the batch source made a sequence of a bad length (empty, longer than context, or targets differ)");
      for (int id : ids[b])
        if (id < 0 || id >= V) throw Error(ErrorKind::TokenOutOfRange, std::to_string(id), "train: token id " + std::to_string(id) + " is outside the model's vocabulary of " + std::to_string(V));
      for (int t : tgt[b])
        if (t < -1 || t >= V) throw Error("train: target " + std::to_string(t) + " is outside the model's vocabulary of " + std::to_string(V));
    }
    return;
  }
  // Its own stream per step: the batch of step s never depends on earlier steps.
  Rng rng(opts_.seed * 2654435761u ^ (uint32_t(step) * 40503u + 0x9E3779B9u));
  const uint32_t span = uint32_t(train_.size() - size_t(opts_.context) - 1) + 1;  // valid starts
  ids.assign(opts_.batch, {});
  tgt.assign(opts_.batch, {});
  for (int b = 0; b < opts_.batch; ++b) {
    const uint32_t s = rng.below(span);
    ids[b].assign(train_.begin() + s, train_.begin() + s + opts_.context);
    tgt[b].assign(train_.begin() + s + 1, train_.begin() + s + 1 + opts_.context);
  }
}

void Trainer::sync_replicas() {
  for (auto& rps : replica_ps_)
    for (size_t i = 0; i < ps_.size(); ++i) *rps[i].value = *ps_[i].value;
}

void Trainer::begin_step() {
  if (pending_) throw Error("train: begin_step while a step is under way");
  sample_batch(step_, batch_ids_, batch_tgt_);
  batch_losses_.assign(opts_.batch, 0.0);
  zero_grad(ps_);
  if (opts_.threads > 1) {
    sync_replicas();
    for (auto& rps : replica_ps_) zero_grad(rps);
  }
  next_seq_ = 0;
  pending_ = true;
}

bool Trainer::step_sequence() {
  if (!pending_) throw Error("train: step_sequence without begin_step");
  if (opts_.threads != 1) throw Error("train: a step in pieces needs threads == 1");
  if (next_seq_ < opts_.batch) {
    batch_losses_[next_seq_] = model_.forward_backward(batch_ids_[next_seq_], batch_tgt_[next_seq_]);
    ++next_seq_;
  }
  return next_seq_ < opts_.batch;
}

int Trainer::finish_step() {
  if (!pending_) throw Error("train: finish_step without begin_step");
  pending_ = false;
  const int B = opts_.batch;
  for (auto& rps : replica_ps_)  // replica order: deterministic for a thread count
    for (size_t i = 0; i < ps_.size(); ++i) *ps_[i].grad += *rps[i].grad;
  const float inv_b = 1.0f / float(B);
  for (auto& p : ps_) *p.grad *= inv_b;
  double loss = 0;
  for (double l : batch_losses_) loss += l;
  last_loss_ = float(loss / B);
  if (!std::isfinite(last_loss_)) throw Error(ErrorKind::Diverged, std::to_string(step_), "train: the loss became " + std::to_string(last_loss_) + " at step " + std::to_string(step_) + " (try a lower lr)");
  last_norm_ = opts_.grad_clip > 0 ? clip_grad_norm(ps_, opts_.grad_clip) : 0.0f;
  last_lr_ = lr_warmup_cosine(step_, opts_.warmup, opts_.steps, opts_.lr, opts_.min_lr);
  opt_.lr = last_lr_;
  opt_.step(ps_);
  return ++step_;
}

int Trainer::step() {
  begin_step();
  const int R = opts_.threads, B = opts_.batch;
  if (R == 1) {
    while (step_sequence()) {
    }
  } else {
    run_replicas(R, [&](int r) {
      LanguageModel& m = r == 0 ? model_ : *replicas_[r - 1];
      for (int b = B * r / R; b < B * (r + 1) / R; ++b) batch_losses_[b] = m.forward_backward(batch_ids_[b], batch_tgt_[b]);
    });
  }
  return finish_step();
}

double Trainer::eval_val() {
  std::vector<LanguageModel*> ms{&model_};
  sync_replicas();
  for (auto& r : replicas_) ms.push_back(r.get());
  return eval_windows_loss(ms, val_, eval_windows(val_.size(), opts_.context, opts_.val_tokens));
}

void Trainer::save_state(const std::string& path) {
  std::vector<TensorRef> ts;
  auto& m = opt_.first_moments();
  auto& v = opt_.second_moments();
  for (size_t i = 0; i < ps_.size(); ++i) {
    ts.push_back({ps_[i].name, ps_[i].shape, ps_[i].value->data()});
    if (!m.empty()) {
      ts.push_back({"adamw.m." + ps_[i].name, ps_[i].shape, m[i].data()});
      ts.push_back({"adamw.v." + ps_[i].name, ps_[i].shape, v[i].data()});
    }
  }
  write_safetensors(path, ts,
                    {{"format", "tmx-train-state"}, {"step", std::to_string(step_)}, {"adamw_t", std::to_string(opt_.t)},
                     {"model_type", model_.model_type()}},
                    DType::F32);
}

void Trainer::load_state(const std::string& path) {
  const SafeTensors st = SafeTensors::from_file(path);
  const auto& md = st.metadata();
  auto meta = [&](const char* k) -> std::string {
    auto it = md.find(k);
    if (it == md.end()) throw Error(ErrorKind::WrongFile, path, path + ": not a training state (no '" + k + "' metadata)");
    return it->second;
  };
  if (meta("format") != "tmx-train-state") throw Error(ErrorKind::WrongFile, path, path + ": not a training state");
  if (meta("model_type") != model_.model_type())
    throw Error(ErrorKind::WrongFile, path, path + ": state of a " + meta("model_type") + " model, not " + model_.model_type());
  int step = 0, t = 0;
  try {
    step = std::stoi(meta("step"));
    t = std::stoi(meta("adamw_t"));
  } catch (const std::logic_error&) {
    throw Error(ErrorKind::FileFormat, path, path + ": bad step metadata");
  }
  if (step < 0 || step > opts_.steps) throw Error(path + ": saved at step " + std::to_string(step) + ", beyond --steps " + std::to_string(opts_.steps));
  auto& m = opt_.first_moments();
  auto& v = opt_.second_moments();
  m.clear();
  v.clear();
  for (auto& p : ps_) {
    *p.value = st.get(p.name, p.shape);
    if (t > 0) {
      m.push_back(st.get("adamw.m." + p.name, p.shape));
      v.push_back(st.get("adamw.v." + p.name, p.shape));
    }
  }
  opt_.t = t;
  step_ = step;
  pending_ = false;
}

std::vector<json::Value> read_train_log(const std::string& path) {
  const std::string text = read_file_text(path);
  std::vector<json::Value> rows;
  for (size_t a = 0, b; a < text.size(); a = b + 1) {
    b = text.find('\n', a);
    if (b == std::string::npos) b = text.size();
    if (b == a) continue;
    try {
      rows.push_back(json::parse(text.substr(a, b - a)));
    } catch (const std::exception& e) {
      throw Error(ErrorKind::FileFormat, path, path + ": line " + std::to_string(rows.size() + 1) + ": " + e.what());
    }
  }
  return rows;
}

std::pair<std::string, std::string> split_train_val(const std::string& text, double fraction) {
  size_t cut = size_t(double(text.size()) * (1.0 - fraction));
  const size_t nl = text.rfind('\n', cut);
  cut = nl == std::string::npos ? cut : nl + 1;
  return {text.substr(0, cut), text.substr(cut)};
}

double bigram_val_loss(const std::vector<int>& train, const std::vector<int>& val, int vocab, double* best_k) {
  if (vocab < 1 || val.size() < 2) throw Error("bigram: need a vocabulary and at least 2 held-out ids");
  // Sparse counts: (prev, next) -> count, and row totals.
  std::vector<std::vector<std::pair<int, int>>> rows(vocab);
  std::vector<int64_t> total(vocab, 0);
  {
    std::vector<int64_t> keys;
    keys.reserve(train.size());
    for (size_t i = 0; i + 1 < train.size(); ++i) keys.push_back(int64_t(train[i]) * vocab + train[i + 1]);
    std::sort(keys.begin(), keys.end());
    for (size_t i = 0; i < keys.size();) {
      size_t j = i;
      while (j < keys.size() && keys[j] == keys[i]) ++j;
      const int a = int(keys[i] / vocab), b = int(keys[i] % vocab);
      rows[a].push_back({b, int(j - i)});
      total[a] += int64_t(j - i);
      i = j;
    }
  }
  auto count = [&](int a, int b) -> int64_t {
    const auto& r = rows[a];
    auto it = std::lower_bound(r.begin(), r.end(), std::make_pair(b, 0));
    return it != r.end() && it->first == b ? it->second : 0;
  };
  double best = std::numeric_limits<double>::infinity(), bk = 0;
  for (double k : {1.0, 0.3, 0.1, 0.03, 0.01, 0.003, 0.001, 0.0003, 0.0001}) {
    double s = 0;
    for (size_t i = 0; i + 1 < val.size(); ++i) {
      const int a = val[i], b = val[i + 1];
      s -= std::log((double(count(a, b)) + k) / (double(total[a]) + k * vocab));
    }
    s /= double(val.size() - 1);
    if (s < best) best = s, bk = k;
  }
  if (best_k) *best_k = bk;
  return best;
}

}  // namespace tmx
