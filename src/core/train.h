// The training loop of `tmx train` (and, later, the in-browser training widget): next-token
// language-model training of any LanguageModel (GPT-2, LLaMA, Mamba) on a stream of token ids,
// with the core's AdamW, linear warmup + cosine learning rate and global-norm gradient clipping.
//
//   auto model = create_model(config_json, /*seed=*/1337);       // random init, by model_type
//   Trainer tr(*model, train_ids, val_ids, opts);
//   while (tr.step() < opts.steps) { ... tr.last_loss() ... }     // one optimizer step per call
//   float v = tr.eval_val();                                      // mean loss on the held-out ids
//   tr.save_state(path); ... tr2.load_state(path);                // resume == uninterrupted
//
// Determinism: the batch of step s comes from its own Rng(seed, s), so it does not depend on
// what ran before (resume is exact); with T threads the batch is split into T contiguous parts,
// each run on its own model replica, and the partial gradients are added in replica order, so a
// given (seed, threads) always gives the same numbers. Different thread counts differ only by
// float rounding of that sum.
#pragma once
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "core/json.h"
#include "core/language_model.h"
#include "core/optim.h"

namespace tmx {

struct TrainOptions {
  int steps = 1000;           // optimizer steps in the whole run (the schedule's length)
  int batch = 16;             // sequences per step
  int context = 128;          // tokens per sequence (the model sees `context`, predicts the next of each)
  float lr = 1e-3f;           // peak learning rate
  float min_lr = 1e-4f;       // end of the cosine
  int warmup = 100;           // linear warmup steps
  float weight_decay = 0.1f;  // AdamW's decoupled decay (2-D weights only, nanoGPT)
  float beta1 = 0.9f, beta2 = 0.95f;
  float grad_clip = 1.0f;     // global-norm clip; 0 = off
  uint32_t seed = 1337;       // batches (and, in create_model, the initial weights)
  int threads = 1;            // model replicas run in parallel, data-parallel over the batch
  int val_tokens = 8192;      // eval_val uses the first this many held-out ids (0 = all)
  void validate() const;      // throws tmx::Error naming the option
};

// A freshly initialised model for config.json text / value (model_type gpt2, llama or mamba),
// weights drawn from `seed` with each model's reference init. Throws tmx::Error naming the field.
std::unique_ptr<LanguageModel> create_model(const json::Value& config, uint32_t seed);

// A source of training batches for a generated task (instead of windows of a token stream): fills
// `batch` sequences of ids and their targets (one per position, −1 where nothing is scored) for
// optimizer step `step`; it must depend only on step (resume and replicas rely on it).
using BatchSource = std::function<void(int step, std::vector<std::vector<int>>& ids, std::vector<std::vector<int>>& targets)>;

class Trainer {
 public:
  // The model is trained in place. train_ids needs more than `context` ids; val_ids may be empty
  // (then eval_val returns NaN). Throws tmx::Error on bad options or ids out of the vocabulary.
  Trainer(LanguageModel& model, std::vector<int> train_ids, std::vector<int> val_ids, const TrainOptions& opts);
  // Trains on generated batches (e.g. tasks/synthetic.h); opts.context is the longest sequence the
  // source makes (checked against the model's positions). eval_val() is NaN (no held-out ids).
  Trainer(LanguageModel& model, BatchSource source, const TrainOptions& opts);
  ~Trainer();

  // One optimizer step (batch forward/backward, clip, AdamW with the scheduled lr); returns the
  // number of steps done so far. last_loss() is that batch's mean loss.
  int step();
  // The same step in pieces, for a caller that spreads one step over several frames (the `train`
  // widget): begin_step(); while (step_sequence()) {} finish_step(); is step() (threads == 1 only:
  // step_sequence runs the batch's next sequence on this thread). Between begin_step and
  // finish_step the parameters are unchanged; step_pending() says a step is under way.
  void begin_step();
  bool step_sequence();  // forward/backward of the next sequence; true while more remain
  int finish_step();     // clip, AdamW; returns steps done, like step()
  bool step_pending() const { return pending_; }
  int steps_done() const { return step_; }
  float last_loss() const { return last_loss_; }
  float last_lr() const { return last_lr_; }
  float last_grad_norm() const { return last_norm_; }
  int64_t tokens_per_step() const { return int64_t(opts_.batch) * opts_.context; }

  // Mean next-token cross-entropy (nats/token) over non-overlapping windows of `context` ids of
  // the held-out ids (the first val_tokens of them). Does not change the model's parameters.
  double eval_val();

  // The whole training state (parameters, AdamW moments and step count, step number) as a
  // safetensors file; load_state restores it into a Trainer made with the same model config and
  // options. Throws tmx::Error naming the problem (wrong model, missing tensor, ...).
  void save_state(const std::string& path);
  void load_state(const std::string& path);

  const TrainOptions& options() const { return opts_; }

 private:
  void sample_batch(int step, std::vector<std::vector<int>>& ids, std::vector<std::vector<int>>& tgt) const;
  void sync_replicas();

  void check_context() const;
  void init_params();

  LanguageModel& model_;
  std::vector<int> train_, val_;
  BatchSource source_;
  TrainOptions opts_;
  AdamW opt_;
  ParamList ps_;
  std::vector<std::unique_ptr<LanguageModel>> replicas_;  // threads - 1 extra models
  std::vector<ParamList> replica_ps_;
  int step_ = 0;
  bool pending_ = false;
  int next_seq_ = 0;
  std::vector<std::vector<int>> batch_ids_, batch_tgt_;
  std::vector<double> batch_losses_;
  float last_loss_ = 0, last_lr_ = 0, last_norm_ = 0;
};

// Splits a text into training and held-out parts: the last `fraction` of it, starting at the beginning of
// the line the cut falls in (so no line is cut in two). `tmx train --val-split` and the
// train widget use it.
std::pair<std::string, std::string> split_train_val(const std::string& text, double fraction);

// A training log as `tmx train` writes it (train_log.jsonl: one JSON object per line; empty lines
// skipped). Throws tmx::Error naming the file when it cannot be read or a line is not JSON.
std::vector<json::Value> read_train_log(const std::string& path);

// Mean cross-entropy (nats/token) on the next-token pairs of `val` (all of them) of an add-k
// smoothed bigram model counted on `train`, with k the best of {1, 0.3, 0.1, ..., 1e-4} on val
// (so the baseline is as strong as add-k gets). *best_k receives that k.
double bigram_val_loss(const std::vector<int>& train, const std::vector<int>& val, int vocab, double* best_k = nullptr);

// The windows eval_loss reads: (start, len) pairs, [start, start + len) predicting
// [start + 1, start + len + 1), `context` apart over the first max_tokens + 1 ids (0 = all).
// For callers that spread an evaluation over frames, one window at a time.
std::vector<std::pair<int, int>> eval_windows(size_t n_ids, int context, int max_tokens);

// Sum over t < T of the cross-entropy of logits row t against targets[t] (nats): what eval_loss
// adds per window; with T = 1, one token's loss (e.g. from LanguageModel::step()).
double cross_entropy_sum(const Mat& logits, const int* targets, int T);

// Mean next-token cross-entropy of a model over non-overlapping windows of `context` ids of
// `ids` (the first max_tokens of them, 0 = all; a final partial window counts too).
double eval_loss(LanguageModel& model, const std::vector<int>& ids, int context, int max_tokens = 0);
// The same windows and sum with any forward pass (ids -> logits (T, vocab)), e.g. a GPT with a
// head ablated (GPT::forward_with); eval_loss(model, ...) equals it with model.forward.
double eval_loss_with(const std::function<Mat(const std::vector<int>&)>& forward, const std::vector<int>& ids, int context,
                      int max_tokens = 0);

}  // namespace tmx
