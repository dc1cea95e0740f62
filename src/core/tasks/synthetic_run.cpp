#include "core/tasks/synthetic_run.h"

#include "core/model_size.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>

#include "core/error.h"
#include "core/models/gpt.h"
#include "core/safetensors.h"

namespace tmx::tasks::synthetic {

const char* arch_name(Arch a) {
  switch (a) {
    case Arch::Attention: return "attention";
    case Arch::Lti: return "lti";
    case Arch::Mamba: return "mamba";
  }
  return "?";
}

void RunOptions::validate() const {
  task.validate();
  auto need = [](bool ok, const char* what) {
    if (!ok) throw Error(std::string("synthetic run: ") + what);
  };
  need(d_model >= 4 && d_model <= 256, "d_model must be in [4, 256]");
  need(n_layer >= 1 && n_layer <= 8, "n_layer must be in [1, 8]");
  need(d_state >= 1 && d_state <= 64, "d_state must be in [1, 64]");
  need(steps >= 1 && steps <= 100000, "steps must be in [1, 100000]");
  need(batch >= 1 && batch <= 256, "batch must be in [1, 256]");
  need(std::isfinite(lr) && lr > 0 && lr < 1, "lr must be in (0, 1)");
  need(warmup >= 0 && warmup <= steps, "warmup must be in [0, steps]");
  need(eval_every >= 1, "eval_every must be >= 1");
  need(eval_examples >= 1 && eval_examples <= 4096, "eval_examples must be in [1, 4096]");
}

// Mamba LM parameters: model_size.h's count for this run's config.
static int64_t mamba_params(int64_t V, int64_t M, int64_t L, int64_t N, bool lti) {
  ssm::MambaLMConfig c;
  c.vocab_size = int(V);
  c.n_layer = int(L);
  c.block.d_model = int(M);
  c.block.d_state = int(N);
  c.block.d_conv = 4;
  c.block.expand = 2;
  c.block.lti = lti;
  return tmx::mamba_params(c);
}
static int gpt_heads(int C) {
  for (int h : {4, 3, 2})
    if (C % h == 0) return h;
  return 1;
}
// GPT-2 parameters of this run's attention model at width C: model_size.h's count.
static int64_t gpt_params(int64_t V, int64_t P, int C, int64_t L) {
  GPTConfig c;
  c.vocab_size = int(V);
  c.n_positions = int(P);
  c.n_embd = C;
  c.n_head = gpt_heads(C);
  c.n_layer = int(L);
  return decoder_params(decoder_shape(c)).total();
}
// The GPT width whose parameter count is closest to Mamba's.
static int gpt_width(const RunOptions& o) {
  const int64_t target = mamba_params(o.task.vocab(), o.d_model, o.n_layer, o.d_state, false);
  int best = 4;
  for (int C = 4; C <= 4 * o.d_model; ++C)
    if (std::llabs(gpt_params(o.task.vocab(), o.task.seq_len(), C, o.n_layer) - target) <
        std::llabs(gpt_params(o.task.vocab(), o.task.seq_len(), best, o.n_layer) - target))
      best = C;
  return best;
}

json::Value model_config(Arch a, const RunOptions& o) {
  o.validate();
  const std::string V = std::to_string(o.task.vocab()), L = std::to_string(o.n_layer);
  if (a == Arch::Attention) {
    const int C = gpt_width(o);
    return json::parse("{\"model_type\": \"gpt2\", \"vocab_size\": " + V + ", \"n_positions\": " +
                       std::to_string(o.task.seq_len()) + ", \"n_embd\": " + std::to_string(C) + ", \"n_head\": " +
                       std::to_string(gpt_heads(C)) + ", \"n_layer\": " + L + "}");
  }
  return json::parse("{\"model_type\": \"mamba\", \"vocab_size\": " + V + ", \"d_model\": " + std::to_string(o.d_model) +
                     ", \"n_layer\": " + L + ", \"d_state\": " + std::to_string(o.d_state) +
                     ", \"d_conv\": 4, \"expand\": 2, \"lti\": " + (a == Arch::Lti ? "true" : "false") + "}");
}

int64_t model_params(Arch a, const RunOptions& o) {
  o.validate();
  if (a == Arch::Attention) return gpt_params(o.task.vocab(), o.task.seq_len(), gpt_width(o), o.n_layer);
  return mamba_params(o.task.vocab(), o.d_model, o.n_layer, o.d_state, a == Arch::Lti);
}

Run::Run(Arch a, const RunOptions& o) : arch_(a), o_(o) {
  o_.validate();
  model_ = create_model(model_config(a, o_), o_.seed);
  params_ = param_count(model_->params());
  TrainOptions t;
  t.steps = o_.steps, t.batch = o_.batch, t.context = o_.task.seq_len();
  t.lr = o_.lr, t.min_lr = o_.lr / 10, t.warmup = o_.warmup, t.weight_decay = 0.1f;
  t.seed = o_.seed, t.threads = 1, t.val_tokens = 0;
  const Config task = o_.task;
  const uint32_t seed = o_.seed, batch = uint32_t(o_.batch);
  trainer_ = std::make_unique<Trainer>(
      *model_,
      [task, seed, batch](int step, std::vector<std::vector<int>>& ids, std::vector<std::vector<int>>& tgt) {
        training_batch(task, seed, step, int(batch), ids, tgt);
      },
      t);
  eval_set_ = eval_set(o_.task, o_.seed, o_.eval_examples);
  start_eval();
}

Run::~Run() = default;

int Run::steps_done() const { return trainer_->steps_done(); }

void Run::start_eval() {
  phase_ = Phase::Eval;
  eval_next_ = 0;
  hits_ = scored_ = 0;
}

bool Run::work() {
  switch (phase_) {
    case Phase::Done: return false;
    case Phase::Eval: {
      const Example& e = eval_set_[eval_next_++];
      hits_ += correct(*model_, e);
      scored_ += int64_t(e.answer.size());
      if (eval_next_ < eval_set_.size()) return true;
      const int s = trainer_->steps_done();
      curve_.push_back({s, double(hits_) / double(scored_), s == 0 ? NAN : double(trainer_->last_loss())});
      phase_ = s >= o_.steps ? Phase::Done : Phase::Train;
      return phase_ != Phase::Done;
    }
    case Phase::Train: {
      if (!trainer_->step_pending()) trainer_->begin_step();
      if (trainer_->step_sequence()) return true;
      const int s = trainer_->finish_step();
      if (s % o_.eval_every == 0 || s == o_.steps) start_eval();
      return true;
    }
  }
  return false;
}

const ModelResult* Results::find(Arch a) const {
  for (const auto& m : models)
    if (m.arch == a) return &m;
  return nullptr;
}

static std::string num(double v, const char* f = "%.6g") {
  if (!std::isfinite(v)) return "null";
  char b[64];
  std::snprintf(b, sizeof b, f, v);
  return b;
}

std::string results_json(const Results& r) {
  const RunOptions& o = r.options;
  std::string s = "{\n  \"task\": \"" + std::string(task_name(o.task.task)) + "\", \"length\": " + std::to_string(o.task.length) +
                  ", \"n_content\": " + std::to_string(o.task.n_content) + ", \"n_symbols\": " + std::to_string(o.task.n_symbols) +
                  ", \"noise_fraction\": " + num(o.task.noise_fraction()) + ", \"seq_len\": " + std::to_string(o.task.seq_len()) +
                  ",\n  \"d_model\": " + std::to_string(o.d_model) + ", \"n_layer\": " + std::to_string(o.n_layer) +
                  ", \"d_state\": " + std::to_string(o.d_state) + ", \"steps\": " + std::to_string(o.steps) +
                  ", \"batch\": " + std::to_string(o.batch) + ", \"lr\": " + num(o.lr) + ", \"warmup\": " + std::to_string(o.warmup) +
                  ", \"seed\": " + std::to_string(o.seed) + ", \"eval_every\": " + std::to_string(o.eval_every) +
                  ", \"eval_examples\": " + std::to_string(o.eval_examples) + ", \"jobs\": " + std::to_string(r.jobs) + ", \"load_average\": " + num(r.load_average, "%.2f") + ",\n  \"models\": [";
  for (size_t i = 0; i < r.models.size(); ++i) {
    const ModelResult& m = r.models[i];
    s += std::string(i ? "," : "") + "\n    {\"arch\": \"" + arch_name(m.arch) + "\", \"params\": " + std::to_string(m.params) +
         ", \"wall_s\": " + num(m.wall_s, "%.2f") + ", \"final_accuracy\": " + num(m.final_accuracy(), "%.4f") + ", \"curve\": [";
    for (size_t k = 0; k < m.curve.size(); ++k)
      s += std::string(k ? ", " : "") + "[" + std::to_string(m.curve[k].step) + ", " + num(m.curve[k].accuracy, "%.4f") + ", " +
           num(m.curve[k].loss, "%.4f") + "]";
    s += "]}";
  }
  return s + "\n  ]\n}\n";
}

Results results_from_json(const json::Value& v) {
  if (!v.is_object()) throw Error("synthetic results: not a JSON object");
  Results r;
  RunOptions& o = r.options;
  if (!parse_task(v.get_string("task"), o.task.task)) throw Error("synthetic results: unknown task '" + v.get_string("task") + "'");
  o.task.length = int(v.get_int("length"));
  o.task.n_content = int(v.get_int("n_content", 1));
  o.task.n_symbols = int(v.get_int("n_symbols"));
  o.d_model = int(v.get_int("d_model"));
  o.n_layer = int(v.get_int("n_layer"));
  o.d_state = int(v.get_int("d_state"));
  o.steps = int(v.get_int("steps"));
  o.batch = int(v.get_int("batch"));
  o.lr = float(v.get_number("lr"));
  o.warmup = int(v.get_int("warmup"));
  o.seed = uint32_t(v.get_int("seed"));
  o.eval_every = int(v.get_int("eval_every"));
  o.eval_examples = int(v.get_int("eval_examples"));
  o.validate();
  r.jobs = int(v.get_int("jobs", 1));
  if (const json::Value* la = v.find("load_average"); la && la->is_number()) r.load_average = la->num;
  const json::Value* ms = v.find("models");
  if (!ms || !ms->is_array()) throw Error("synthetic results: 'models' must be an array");
  for (const json::Value& m : ms->arr) {
    ModelResult mr;
    const std::string a = m.get_string("arch");
    bool known = false;
    for (Arch x : kAllArchs)
      if (a == arch_name(x)) mr.arch = x, known = true;
    if (!known) throw Error("synthetic results: unknown arch '" + a + "'");
    mr.params = m.get_int("params");
    mr.wall_s = m.get_number("wall_s");
    const json::Value* c = m.find("curve");
    if (!c || !c->is_array()) throw Error("synthetic results: 'curve' must be an array");
    for (const json::Value& p : c->arr) {
      if (!p.is_array() || p.arr.size() != 3 || !p.arr[0].is_number() || !p.arr[1].is_number())
        throw Error("synthetic results: a curve point must be [step, accuracy, loss]");
      mr.curve.push_back({int(p.arr[0].num), p.arr[1].num, p.arr[2].is_number() ? p.arr[2].num : NAN});
    }
    r.models.push_back(std::move(mr));
  }
  return r;
}

Results read_results(const std::string& path) {
  try {
    return results_from_json(json::parse(read_file_text(path, 4 << 20)));
  } catch (const Error& e) {
    if (e.kind == ErrorKind::FileAccess || e.kind == ErrorKind::FileTooLarge) throw;
    throw Error(ErrorKind::FileFormat, path, path + ": " + e.what());
  } catch (const std::exception& e) {
    throw Error(ErrorKind::FileFormat, path, path + ": " + e.what());
  }
}

}  // namespace tmx::tasks::synthetic
