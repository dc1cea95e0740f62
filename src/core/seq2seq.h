// Training and using the encoder-decoder (core/models/encdec.h) on a sequence-to-sequence task:
// teacher-forced AdamW steps with warmup + cosine and clipping, greedy decoding, exact-match
// accuracy, and the model directory (config.json + model.safetensors) that `tmx train --task`
// writes and the cross-attention widget reads.
//
//   EncoderDecoder m(cfg, seed);
//   Seq2SeqTrainer tr(m, opts);                   // batches from tasks::dates::sample(Rng(seed, step))
//   while (tr.step() < opts.steps) {}
//   double acc = exact_match(m, tasks::dates::held_out_set());
//   save_encdec(m, "assets/models/dates-encdec", DType::F16, {{"task", "dates"}});
#pragma once
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "core/models/encdec.h"
#include "core/safetensors.h"
#include "core/tasks/dates.h"
#include "core/trace.h"

namespace tmx {

struct Seq2SeqOptions {
  int steps = 2000;           // optimizer steps (the schedule's length)
  int batch = 32;             // examples per step (gradients averaged)
  float lr = 2e-3f;           // peak learning rate
  float min_lr = 2e-4f;       // end of the cosine
  int warmup = 100;           // linear warmup steps
  float weight_decay = 0.01f; // AdamW, 2-D weights only
  float beta1 = 0.9f, beta2 = 0.98f;  // the 2017 paper's beta2
  float grad_clip = 1.0f;     // global-norm clip; 0 = off
  uint32_t seed = 1337;       // batches
  void validate() const;      // throws tmx::Error naming the option
};

class Seq2SeqTrainer {
 public:
  Seq2SeqTrainer(EncoderDecoder& model, const Seq2SeqOptions& opts);
  ~Seq2SeqTrainer();
  // One optimizer step on a batch of fresh training examples (those of step s depend only on
  // (seed, s)); returns the number of steps done. last_loss() is that batch's mean token loss.
  int step();
  int steps_done() const { return step_; }
  float last_loss() const { return last_loss_; }
  float last_lr() const { return last_lr_; }

 private:
  EncoderDecoder& m_;
  Seq2SeqOptions o_;
  ParamList ps_;
  struct Opt;
  std::unique_ptr<Opt> opt_;
  int step_ = 0;
  float last_loss_ = 0, last_lr_ = 0;
};

// Greedy decoding: starts from bos, appends the most likely token until eos or max_len tokens.
// Returns the target ids including bos (and eos when produced).
std::vector<int> greedy_decode(EncoderDecoder& m, const std::vector<int>& src, int bos, int eos, int max_len);
// Fraction of examples whose greedy output equals the target exactly.
double exact_match(EncoderDecoder& m, const std::vector<tasks::Seq2SeqExample>& set);
// Mean teacher-forced cross-entropy (nats per target token) over the set.
double mean_loss(EncoderDecoder& m, const std::vector<tasks::Seq2SeqExample>& set);

// One dates example traced through a model (the decoder chapter, `tmx note-tables`): the target
// fed in with teacher forcing and the cross-attention of one decoder layer. target: an ISO date,
// or empty for the model's own greedy output (then the rows are the distributions greedy decoding
// saw, since row t depends only on positions <= t). Throws tmx::Error if the
// text is not a date in the task's words or the layer does not exist.
struct Seq2SeqWalk {
  std::vector<std::string> src_words;         // one per source position
  std::vector<std::string> tgt_in, tgt_out;   // at position t: the symbol fed in and the one to predict
  std::vector<double> p_target;               // p(tgt_out[t] | source, tgt_in[0..t]) with teacher forcing
  Mat cross;                                  // (T_tgt, T_src) cross-attention of `layer`, mean over heads
};
// The mean over heads 0..n_head-1 of the traced weights "<prefix><h>.weights", e.g. prefix
// "dec.0.cross_attn.head."; a single head with first == last. Throws tmx::Error if one is absent.
Mat mean_head_weights(const Trace& tr, const std::string& prefix, int first, int last);

Seq2SeqWalk dates_walk(EncoderDecoder& m, const std::string& text, int layer, const std::string& target = "");

// config.json ("model_type": "encdec", EncDecConfig's fields, plus `extra` string fields such as
// "task") and model.safetensors (params() names, torch.nn.Transformer's layout) in dir.
void save_encdec(EncoderDecoder& m, const std::string& dir, DType dtype,
                 const std::map<std::string, std::string>& extra = {});
// Reads a directory save_encdec wrote; throws tmx::Error naming the field, tensor or file.
std::unique_ptr<EncoderDecoder> load_encdec(const std::string& dir);

}  // namespace tmx
