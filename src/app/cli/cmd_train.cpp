// `tmx train`: train a GPT-2 / LLaMA / Mamba language model on a text file with the core's
// Trainer (src/core/train.h) and write an HF-layout model directory.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <sstream>
#include <thread>
#include <tuple>

#include "app/cli/cli.h"
#include "core/error.h"
#include "core/model_loader.h"
#include "core/seq2seq.h"
#include "core/tokenizer/bpe_file.h"
#include "core/tokenizer/char_tokenizer.h"
#include "core/tokenizer/tokenizer_spec.h"
#include "core/tasks/synthetic_run.h"
#include "core/train.h"

using namespace tmx;

static const char* kUsage =
    "tmx train --config CONFIG.json --data TRAIN.txt --out DIR [options]\n"
    "  --config     model config.json with HF field names and \"model_type\" gpt2|llama|mamba;\n"
    "               vocab_size (and n_positions / max_position_embeddings) default to the\n"
    "               tokenizer's vocabulary (and --context)\n"
    "  --data       training text (UTF-8)\n"
    "  --val FILE   held-out text for validation   | --val-split F  last fraction F of --data\n"
    "               (cut at a line start; never trained on). Default: --val-split 0.05\n"
    "  --tokenizer  char (vocabulary of the training text) | bpe:PATH (from tmx bpe-train) | gpt2\n"
    "  --steps N (1000)  --batch B (16)  --context T (128)  --lr (1e-3)  --min-lr (1e-4)\n"
    "  --warmup N (100)  --weight-decay (0.1)  --beta2 (0.95)  --grad-clip (1.0, 0 = off)\n"
    "  --seed S (1337: initial weights and batches)  --threads N (1: data-parallel replicas)\n"
    "  --eval-interval N (200)  --val-tokens N (8192, 0 = all)  --log-interval N (10)\n"
    "  --checkpoint-interval N (0 = only at the end): saves the model and DIR/train_state.safetensors\n"
    "  --resume     continue from DIR/train_state.safetensors (same options as the first run)\n"
    "  --stop-at N  stop after step N (saving the state), as if interrupted; --resume continues\n"
    "  --dtype f16|f32 (f32)  storage of model.safetensors\n"
    "Writes DIR/config.json, model.safetensors, the tokenizer file (tokenizer.tmxbpe or\n"
    "tokenizer.char.txt; none for gpt2) and train_log.jsonl (one JSON object per logged step:\n"
    "step, loss, lr, tokens_per_s, elapsed_s, val_loss when evaluated; the last line, \"final\":\n"
    "true, has the saved checkpoint's val loss, the bigram baseline, params and tokens).\n"
    "\n"
    "tmx train --task dates --config CONFIG.json --out DIR [options]\n"
    "  An encoder-decoder (\"model_type\": \"encdec\": d_model, n_head, n_encoder_layers,\n"
    "  n_decoder_layers, d_ff, norm_first, activation) on a generated task instead of a text:\n"
    "  dates: a date in English words -> ISO 8601 (one date in ten held out, never trained on).\n"
    "  --steps (2000) --batch (32 examples) --lr (2e-3) --min-lr (2e-4) --warmup (100)\n"
    "  --weight-decay (0.01) --grad-clip (1.0) --seed (1337) --log-interval (10)\n"
    "  --eval-interval (500) --dtype f16|f32. The log's evaluations report held-out loss and\n"
    "  exact-match accuracy on every 16th held-out date; its last line also on all of them.\n"
    "\n"
    "tmx train --task selective-copy|induction --out RESULTS.json [options]\n"
    "  The Mamba paper's synthetic tasks (src/core/tasks/synthetic.h): trains three models of about\n"
    "  equal size — attention (GPT-2), an LTI SSM (Mamba block with fixed delta, B, C) and Mamba —\n"
    "  one thread each, and writes their held-out accuracy against the step.\n"
    "  --arch all|attention|lti|mamba (all)  --length L (64)  --content K (8, copying)\n"
    "  --symbols S (8)  --d-model (32)  --layers (2)  --d-state (16)  --steps (1000)  --batch (16)\n"
    "  --lr (3e-3)  --warmup (50)  --seed (1337)  --eval-every (100)  --eval-examples (64)\n"
    "  --jobs N (1; up to 3 models train at once on their own threads: the same numbers, shorter wall time)";

static int run_train(const cli::Args& args);
static const cli::Command kCommand{"train", "train a GPT-2 / LLaMA / Mamba model on a text file", kUsage, run_train};
TMX_CLI_COMMAND(kCommand);

namespace {

struct Bad : std::runtime_error {
  using std::runtime_error::runtime_error;
};

double number(const cli::Flags& f, const std::string& key, double def, double lo, double hi, bool integer) {
  if (!f.has(key)) return def;
  const std::string s = f.get(key);
  char* end = nullptr;
  const double v = std::strtod(s.c_str(), &end);
  if (s.empty() || !end || *end || !(v >= lo && v <= hi) || (integer && v != std::floor(v)))
    throw Bad("--" + key + " must be " + (integer ? "an integer" : "a number") + " in [" + std::to_string(lo) + ", " +
              std::to_string(hi) + "], got '" + s + "'");
  return v;
}

DType dtype_flag(const cli::Flags& f) {  // --dtype f16|f32 (f32)
  const std::string d = f.get("dtype", "f32");
  if (d != "f16" && d != "f32") throw Bad("--dtype is f16 or f32");
  return d == "f16" ? DType::F16 : DType::F32;
}

void set_field(json::Value& obj, const std::string& key, double v) {
  for (auto& kv : obj.obj)
    if (kv.first == key) {
      kv.second.type = json::Type::Number;
      kv.second.num = v;
      return;
    }
  json::Value n;
  n.type = json::Type::Number;
  n.num = v;
  obj.obj.emplace_back(key, n);
}

std::string fmt(const char* f, double v) {
  char b[64];
  std::snprintf(b, sizeof b, f, v);
  return b;
}

std::string duration(double s) {
  if (!(s >= 0) || s > 1e7) return "?";
  const int t = int(s + 0.5);
  return t >= 3600 ? std::to_string(t / 3600) + "h" + std::to_string(t / 60 % 60) + "m"
                   : std::to_string(t / 60) + "m" + (t % 60 < 10 ? "0" : "") + std::to_string(t % 60) + "s";
}

}  // namespace

static int run_train_task(const cli::Args& args);

static int run_train(const cli::Args& args) {
  if (std::find(args.begin(), args.end(), "--task") != args.end()) return run_train_task(args);
  cli::Flags f;
  if (int rc = cli::parse_command(kCommand, args,
                                  {{"resume"},
                                   {"config", "data", "out", "val", "val-split", "tokenizer", "steps", "batch", "context", "lr",
                                    "min-lr", "warmup", "weight-decay", "beta2", "grad-clip", "seed", "threads", "eval-interval",
                                    "val-tokens", "log-interval", "checkpoint-interval", "stop-at", "dtype", "asset"},
                                   {"config", "data", "out"}},
                                  f))
    return rc;
  TrainOptions o;
  int eval_interval = 0, log_interval = 0, ckpt_interval = 0, stop_at = 0;
  double val_split = 0.05;
  DType dtype = DType::F32;
  try {
    o.steps = int(number(f, "steps", 1000, 1, 1e8, true));
    o.batch = int(number(f, "batch", 16, 1, 65536, true));
    o.context = int(number(f, "context", 128, 1, 1 << 20, true));
    o.lr = float(number(f, "lr", 1e-3, 1e-9, 10, false));
    o.min_lr = float(number(f, "min-lr", std::min(1e-4, double(o.lr)), 0, o.lr, false));
    o.warmup = int(number(f, "warmup", std::min(100, o.steps), 0, o.steps, true));
    o.weight_decay = float(number(f, "weight-decay", 0.1, 0, 0.999, false));
    o.beta2 = float(number(f, "beta2", 0.95, 0, 0.999999, false));
    o.grad_clip = float(number(f, "grad-clip", 1.0, 0, 1e6, false));
    o.seed = uint32_t(number(f, "seed", 1337, 0, 4294967295.0, true));
    o.threads = int(number(f, "threads", 1, 1, 64, true));
    o.val_tokens = int(number(f, "val-tokens", 8192, 0, 1e9, true));
    eval_interval = int(number(f, "eval-interval", 200, 1, 1e8, true));
    log_interval = int(number(f, "log-interval", 10, 1, 1e8, true));
    ckpt_interval = int(number(f, "checkpoint-interval", 0, 0, 1e8, true));
    stop_at = int(number(f, "stop-at", 0, 0, o.steps, true));
    if (f.has("val") && f.has("val-split")) throw Bad("give --val or --val-split, not both");
    val_split = number(f, "val-split", 0.05, 0.0001, 0.5, false);
    dtype = dtype_flag(f);
    o.validate();
  } catch (const std::exception& e) {
    return cli::usage_error(kCommand, e.what());
  }

  const std::string out = f.get("out");
  const std::string log_path = out + "/train_log.jsonl", state_path = out + "/train_state.safetensors";
  try {
    // Text.
    std::string err, train_text, val_text;
    if (!tok::read_file_bytes(f.get("data"), train_text, err)) throw Error(err);
    if (f.has("val")) {
      if (!tok::read_file_bytes(f.get("val"), val_text, err)) throw Error(err);
    } else {
      std::tie(train_text, val_text) = split_train_val(train_text, val_split);
    }
    // Tokenizer.
    const std::string spec = f.get("tokenizer", "char");
    std::unique_ptr<tok::Tokenizer> tk;
    if (spec == "char") tk = std::make_unique<tok::CharTokenizer>(tok::CharTokenizer::from_text(train_text));
    else tk = tok::make_tokenizer(spec, f.get("asset", std::string(TMX_GEN_DIR) + "/assets/tokenizers/gpt2.tmxbpe"), err);
    if (!tk) throw Error(err);
    const std::vector<int> train_ids = tk->encode(train_text), val_ids = tk->encode(val_text);
    if (val_ids.size() < 2) throw Error("the held-out text has fewer than 2 tokens");
    // Config.
    json::Value cfg = json::parse(read_file_text(f.get("config")));
    if (!cfg.is_object()) throw Error(f.get("config") + ": not a JSON object");
    const std::string type = cfg.get_string("model_type", "");
    if (!cfg.has("vocab_size")) set_field(cfg, "vocab_size", tk->vocab_size());
    if (cfg.get_int("vocab_size") < tk->vocab_size())
      throw Error("config: vocab_size " + std::to_string(cfg.get_int("vocab_size")) + " is smaller than the tokenizer's " +
                  std::to_string(tk->vocab_size()));
    if (type == "gpt2" && !cfg.has("n_positions")) set_field(cfg, "n_positions", o.context);
    if (type == "llama" && !cfg.has("max_position_embeddings")) set_field(cfg, "max_position_embeddings", o.context);
    auto model = create_model(cfg, o.seed);
    const int64_t n_params = param_count(model->params());
    std::fprintf(stderr, "tmx train: %s, %lld parameters, vocab %d (%s), %zu train / %zu val tokens, %d threads\n",
                 model->model_type().c_str(), (long long)n_params, model->vocab_size(), tk->name().c_str(),
                 train_ids.size(), val_ids.size(), o.threads);

    Trainer tr(*model, train_ids, val_ids, o);
    std::error_code ec;
    std::filesystem::create_directories(out, ec);
    if (ec) throw Error(out + ": cannot create the directory (" + ec.message() + ")");
    // The log: kept up to the resumed step, else started afresh.
    std::vector<std::string> log_lines;
    double elapsed0 = 0;
    if (f.has("resume")) {
      tr.load_state(state_path);
      std::ifstream in(log_path);
      for (std::string line; std::getline(in, line);) {
        const json::Value v = json::parse(line);
        if (v.get_bool("final", false) || v.get_int("step") > tr.steps_done()) break;
        elapsed0 = v.get_number("elapsed_s", elapsed0);
        log_lines.push_back(line);
      }
      std::fprintf(stderr, "tmx train: resumed at step %d\n", tr.steps_done());
    }
    std::ofstream log(log_path, std::ios::trunc);
    if (!log) throw Error(log_path + ": cannot write (does the directory exist?)");
    for (const auto& l : log_lines) log << l << "\n";
    log.flush();

    auto save = [&](bool state) {
      save_model(*model, out, dtype);
      if (spec == "char") {
        const std::string chars = static_cast<tok::CharTokenizer*>(tk.get())->vocabulary_text();
        write_file_bytes(out + "/" + tok::kCharTokenizerFile, chars.data(), chars.size());
      } else if (spec.rfind("bpe:", 0) == 0) {
        const std::vector<uint8_t> b = read_file_bytes(spec.substr(4));
        write_file_bytes(out + "/" + tok::kBpeTokenizerFile, b.data(), b.size());
      }
      if (state) tr.save_state(state_path);
    };

    using clock = std::chrono::steady_clock;
    const auto t0 = clock::now();
    auto since = [&](clock::time_point a) { return std::chrono::duration<double>(clock::now() - a).count(); };
    auto mark = clock::now();
    int mark_step = tr.steps_done();
    const int last = stop_at > 0 ? stop_at : o.steps;
    while (tr.steps_done() < last) {
      const int s = tr.step();
      const bool do_eval = s % eval_interval == 0 || s == o.steps;
      if (s % log_interval != 0 && !do_eval && s != last) continue;
      const double dt = since(mark);
      const double tps = dt > 0 ? double(s - mark_step) * double(tr.tokens_per_step()) / dt : 0;
      mark = clock::now();
      mark_step = s;
      const double val = do_eval ? tr.eval_val() : NAN;
      const double elapsed = elapsed0 + since(t0);
      std::string line = "{\"step\": " + std::to_string(s) + ", \"loss\": " + fmt("%.6f", tr.last_loss()) +
                         ", \"lr\": " + fmt("%.6g", tr.last_lr()) + ", \"tokens_per_s\": " + fmt("%.1f", tps) +
                         ", \"elapsed_s\": " + fmt("%.2f", elapsed);
      if (do_eval) line += ", \"val_loss\": " + fmt("%.6f", val);
      log << line << "}\n";
      log.flush();
      const double eta = tps > 0 ? double(o.steps - s) * double(tr.tokens_per_step()) / tps : -1;
      std::fprintf(stderr, "step %6d/%d | loss %.4f%s | %.0f tok/s | lr %.2e | ETA %s\n", s, o.steps, tr.last_loss(),
                   do_eval ? (" | val " + fmt("%.4f", val)).c_str() : "", tps, tr.last_lr(), duration(eta).c_str());
      if (ckpt_interval > 0 && s % ckpt_interval == 0 && s != o.steps) save(true);
    }
    const double wall = elapsed0 + since(t0);
    if (tr.steps_done() < o.steps) {  // --stop-at: an interrupted run
      save(true);
      std::fprintf(stderr, "tmx train: stopped at step %d; --resume continues\n", tr.steps_done());
      return 0;
    }
    save(ckpt_interval > 0);
    // The saved checkpoint (rounded to --dtype) on the held-out text, and the bigram baseline on
    // the same held-out ids.
    auto saved = load_model(out);
    const double val = eval_loss(*saved, val_ids, o.context, o.val_tokens);
    const std::vector<int> val_used(val_ids.begin(),
                                    val_ids.begin() + (o.val_tokens > 0 ? std::min<size_t>(val_ids.size(), size_t(o.val_tokens) + 1) : val_ids.size()));
    double k = 0;
    const double bigram = bigram_val_loss(train_ids, val_used, model->vocab_size(), &k);
    log << "{\"final\": true, \"step\": " << tr.steps_done() << ", \"val_loss\": " << fmt("%.6f", val)
        << ", \"bigram_val_loss\": " << fmt("%.6f", bigram) << ", \"bigram_k\": " << fmt("%g", k)
        << ", \"params\": " << n_params << ", \"train_tokens\": " << int64_t(o.steps) * tr.tokens_per_step()
        << ", \"corpus_tokens\": " << train_ids.size() << ", \"val_tokens\": " << (val_used.size() - 1)
        << ", \"wall_s\": " << fmt("%.1f", wall) << ", \"dtype\": \"" << (dtype == DType::F16 ? "F16" : "F32")
        << "\", \"threads\": " << o.threads << "}\n";
    std::fprintf(stderr, "tmx train: done in %s; val loss %.4f nats/token (bigram %.4f); saved %s\n", duration(wall).c_str(),
                 val, bigram, out.c_str());
  } catch (const std::exception& e) {
    std::fprintf(stderr, "tmx train: %s\n", e.what());
    return 1;
  }
  return 0;
}

//-----------------------------------------------------------------------------
// `tmx train --task dates`: the encoder-decoder on a generated sequence-to-sequence task.
//-----------------------------------------------------------------------------
static int run_train_synthetic(const cli::Args& args);

static int run_train_task(const cli::Args& args) {
  for (size_t i = 0; i + 1 < args.size(); ++i)
    if (args[i] == "--task" && (args[i + 1] == "selective-copy" || args[i + 1] == "induction")) return run_train_synthetic(args);
  cli::Flags f;
  if (int rc = cli::parse_command(kCommand, args,
                                  {{},
                                   {"task", "config", "out", "steps", "batch", "lr", "min-lr", "warmup", "weight-decay",
                                    "grad-clip", "seed", "log-interval", "eval-interval", "dtype"},
                                   {"task", "config", "out"}},
                                  f))
    return rc;
  if (f.get("task") != "dates") return cli::usage_error(kCommand, "--task: dates, selective-copy or induction");
  Seq2SeqOptions o;
  int log_interval = 10, eval_interval = 500;
  DType dtype = DType::F32;
  try {
    o.steps = int(number(f, "steps", 2000, 1, 1e7, true));
    o.batch = int(number(f, "batch", 32, 1, 65536, true));
    o.lr = float(number(f, "lr", 2e-3, 1e-9, 10, false));
    o.min_lr = float(number(f, "min-lr", std::min(2e-4, double(o.lr)), 0, o.lr, false));
    o.warmup = int(number(f, "warmup", std::min(100, o.steps), 0, o.steps, true));
    o.weight_decay = float(number(f, "weight-decay", 0.01, 0, 0.999, false));
    o.grad_clip = float(number(f, "grad-clip", 1.0, 0, 1e6, false));
    o.seed = uint32_t(number(f, "seed", 1337, 0, 4294967295.0, true));
    log_interval = int(number(f, "log-interval", 10, 1, 1e8, true));
    eval_interval = int(number(f, "eval-interval", 500, 1, 1e8, true));
    dtype = dtype_flag(f);
    o.validate();
  } catch (const std::exception& e) {
    return cli::usage_error(kCommand, e.what());
  }
  const std::string out = f.get("out");
  try {
    const json::Value j = json::parse(read_file_text(f.get("config"), 1 << 20));
    if (!j.is_object() || j.get_string("model_type", "") != "encdec")
      throw Error(f.get("config") + ": needs \"model_type\": \"encdec\"");
    EncDecConfig c;
    c.src_vocab = int(tasks::dates::src_vocab().size());
    c.tgt_vocab = int(tasks::dates::tgt_vocab().size());
    c.max_len = tasks::dates::kMaxTgt;
    c.d_model = int(j.get_int("d_model", 64));
    c.n_head = int(j.get_int("n_head", 4));
    c.n_encoder_layers = int(j.get_int("n_encoder_layers", 2));
    c.n_decoder_layers = int(j.get_int("n_decoder_layers", 2));
    c.d_ff = int(j.get_int("d_ff", 4 * c.d_model));
    c.norm_first = j.get_bool("norm_first", false);
    c.activation = j.get_string("activation", "relu") == "gelu" ? Act::GELU_erf : Act::ReLU;
    if (c.d_model > 1024 || c.d_ff > 8192 || c.n_encoder_layers > 24 || c.n_decoder_layers > 24)
      throw Error("config: this task needs a small model (d_model <= 1024, d_ff <= 8192, <= 24 layers)");
    c.validate();
    EncoderDecoder m(c, o.seed);
    const int64_t n_params = param_count(m.params());
    const auto held = tasks::dates::held_out_set();
    const auto probe = tasks::dates::held_out_probe();
    std::fprintf(stderr, "tmx train: encdec, %lld parameters, task dates (%zu held-out dates), batch %d\n",
                 (long long)n_params, held.size(), o.batch);
    std::error_code ec;
    std::filesystem::create_directories(out, ec);
    if (ec) throw Error(out + ": cannot create the directory (" + ec.message() + ")");
    std::ofstream log(out + "/train_log.jsonl", std::ios::trunc);
    if (!log) throw Error(out + "/train_log.jsonl: cannot write");
    Seq2SeqTrainer tr(m, o);
    using clock = std::chrono::steady_clock;
    const auto t0 = clock::now();
    auto since = [&] { return std::chrono::duration<double>(clock::now() - t0).count(); };
    while (tr.steps_done() < o.steps) {
      const int s = tr.step();
      const bool do_eval = s % eval_interval == 0 || s == o.steps;
      if (s % log_interval != 0 && !do_eval) continue;
      std::string line = "{\"step\": " + std::to_string(s) + ", \"loss\": " + fmt("%.6f", tr.last_loss()) +
                         ", \"lr\": " + fmt("%.6g", tr.last_lr()) + ", \"elapsed_s\": " + fmt("%.2f", since());
      std::string shown;
      if (do_eval) {
        const double vl = mean_loss(m, probe), acc = exact_match(m, probe);
        line += ", \"val_loss\": " + fmt("%.6f", vl) + ", \"val_exact\": " + fmt("%.4f", acc);
        shown = " | held-out loss " + fmt("%.4f", vl) + ", exact " + fmt("%.1f%%", 100 * acc);
      }
      log << line << "}\n";
      log.flush();
      const double eta = since() / s * (o.steps - s);
      std::fprintf(stderr, "step %6d/%d | loss %.4f%s | lr %.2e | ETA %s\n", s, o.steps, tr.last_loss(), shown.c_str(),
                   tr.last_lr(), duration(eta).c_str());
    }
    save_encdec(m, out, dtype, {{"task", "dates"}});
    // The saved checkpoint (rounded to --dtype) on every held-out date.
    auto saved = load_encdec(out);
    const double vl = mean_loss(*saved, held), acc = exact_match(*saved, held);
    const double probe_acc = exact_match(*saved, probe);
    log << "{\"final\": true, \"step\": " << tr.steps_done() << ", \"val_loss\": " << fmt("%.6f", vl)
        << ", \"val_exact\": " << fmt("%.6f", acc) << ", \"held_out\": " << held.size()
        << ", \"probe_exact\": " << fmt("%.6f", probe_acc) << ", \"probe\": " << probe.size() << ", \"params\": " << n_params
        << ", \"examples\": " << int64_t(o.steps) * o.batch << ", \"wall_s\": " << fmt("%.1f", since())
        << ", \"dtype\": \"" << (dtype == DType::F16 ? "F16" : "F32") << "\"}\n";
    std::fprintf(stderr, "tmx train: done in %s; held-out exact match %.2f%% of %zu dates (loss %.4f); saved %s\n",
                 duration(since()).c_str(), 100 * acc, held.size(), vl, out.c_str());
  } catch (const std::exception& e) {
    std::fprintf(stderr, "tmx train: %s\n", e.what());
    return 1;
  }
  return 0;
}

//-----------------------------------------------------------------------------
// `tmx train --task selective-copy|induction`: the three-model comparison of synthetic_run.h.
//-----------------------------------------------------------------------------
static int run_train_synthetic(const cli::Args& args) {
  namespace syn = tasks::synthetic;
  cli::Flags f;
  if (int rc = cli::parse_command(kCommand, args,
                                  {{},
                                   {"task", "out", "arch", "length", "content", "symbols", "d-model", "layers", "d-state", "steps",
                                    "batch", "lr", "warmup", "seed", "eval-every", "eval-examples", "jobs"},
                                   {"task", "out"}},
                                  f))
    return rc;
  syn::RunOptions o;
  std::vector<syn::Arch> archs;
  int jobs = 1;
  try {
    if (!syn::parse_task(f.get("task"), o.task.task)) throw Bad("--task: dates, selective-copy or induction");
    o.task.length = int(number(f, "length", 64, 2, 4096, true));
    o.task.n_content = int(number(f, "content", 8, 1, 64, true));
    o.task.n_symbols = int(number(f, "symbols", 8, 2, 64, true));
    o.d_model = int(number(f, "d-model", 32, 4, 256, true));
    o.n_layer = int(number(f, "layers", 2, 1, 8, true));
    o.d_state = int(number(f, "d-state", 16, 1, 64, true));
    o.steps = int(number(f, "steps", 1000, 1, 100000, true));
    o.batch = int(number(f, "batch", 16, 1, 256, true));
    o.lr = float(number(f, "lr", 3e-3, 1e-6, 0.999, false));
    o.warmup = int(number(f, "warmup", std::min(50, o.steps), 0, o.steps, true));
    o.seed = uint32_t(number(f, "seed", 1337, 0, 4294967295.0, true));
    o.eval_every = int(number(f, "eval-every", 100, 1, 1e6, true));
    o.eval_examples = int(number(f, "eval-examples", 64, 1, 4096, true));
    jobs = int(number(f, "jobs", 1, 1, 3, true));
    o.validate();
    const std::string a = f.get("arch", "all");
    for (syn::Arch x : syn::kAllArchs)
      if (a == "all" || a == syn::arch_name(x)) archs.push_back(x);
    if (archs.empty()) throw Bad("--arch: all, attention, lti or mamba");
  } catch (const std::exception& e) {
    return cli::usage_error(kCommand, e.what());
  }
  try {
    syn::Results res;
    res.options = o;
    res.jobs = jobs;
    {
      std::ifstream la("/proc/loadavg");
      double v = NAN;
      if (la >> v) res.load_average = v;
    }
    res.models.resize(archs.size());
    std::mutex mu;  // stderr lines from parallel models
    // One model: each is deterministic on its own thread, so --jobs changes only the wall times.
    auto train_one = [&](size_t i) {
      const syn::Arch a = archs[i];
      syn::Run run(a, o);
      {
        std::lock_guard<std::mutex> lock(mu);
        std::fprintf(stderr, "tmx train: %s on %s (L %d, seq %d), %lld parameters\n", syn::arch_name(a), syn::task_name(o.task.task),
                     o.task.length, o.task.seq_len(), (long long)run.params());
      }
      using clock = std::chrono::steady_clock;
      const auto t0 = clock::now();
      size_t shown = 0;
      while (run.work())
        if (run.curve().size() > shown) {
          shown = run.curve().size();
          const auto& p = run.curve().back();
          std::lock_guard<std::mutex> lock(mu);
          std::fprintf(stderr, "  %s step %5d | accuracy %.3f | loss %.4f | %.0f s\n", syn::arch_name(a), p.step, p.accuracy, p.loss,
                       std::chrono::duration<double>(clock::now() - t0).count());
        }
      syn::ModelResult& m = res.models[i];
      m.arch = a;
      m.params = run.params();
      m.wall_s = std::chrono::duration<double>(clock::now() - t0).count();
      m.curve = run.curve();
      std::lock_guard<std::mutex> lock(mu);
      std::fprintf(stderr, "  %s: final accuracy %.3f in %.1f s\n", syn::arch_name(a), m.final_accuracy(), m.wall_s);
    };
    std::vector<std::string> errors(archs.size());
    auto guarded = [&](size_t i) {
      try {
        train_one(i);
      } catch (const std::exception& e) {
        errors[i] = e.what();
      }
    };
    if (jobs > 1) {
      std::vector<std::thread> th;
      for (size_t i = 0; i < archs.size(); ++i) th.emplace_back(guarded, i);
      for (auto& t : th) t.join();
    } else {
      for (size_t i = 0; i < archs.size(); ++i) guarded(i);
    }
    for (const auto& e : errors)
      if (!e.empty()) throw Error(e);
    const std::string text = syn::results_json(res);
    write_file_bytes(f.get("out"), text.data(), text.size());
    std::fprintf(stderr, "tmx train: wrote %s\n", f.get("out").c_str());
  } catch (const std::exception& e) {
    std::fprintf(stderr, "tmx train: %s\n", e.what());
    return 1;
  }
  return 0;
}
