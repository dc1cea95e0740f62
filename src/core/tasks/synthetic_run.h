// Training the three models of the synthetic-task comparison — attention (GPT-2), the LTI SSM
// (the Mamba block with input-independent Δ, B, C: MambaConfig::lti) and Mamba — on a task of
// synthetic.h, with the core's Trainer, measuring held-out accuracy as training goes.
// `tmx train --task selective-copy|induction` (which writes assets/synthetic/*.json) and the
// synthetic-tasks widget (which spreads the same work over frames) both run this code.
//
//   Run r(Arch::Mamba, opts);
//   while (r.work()) {}                 // one small unit per call (a sequence, an update, an eval example)
//   r.curve();                          // accuracy at step 0, every eval_every steps and at the end
#pragma once
#include <cmath>
#include <memory>
#include <string>
#include <vector>

#include "core/json.h"
#include "core/language_model.h"
#include "core/tasks/synthetic.h"
#include "core/train.h"

namespace tmx::tasks::synthetic {

enum class Arch { Attention, Lti, Mamba };
constexpr int kArchs = 3;
constexpr Arch kAllArchs[kArchs] = {Arch::Attention, Arch::Lti, Arch::Mamba};
const char* arch_name(Arch a);  // "attention", "lti", "mamba" (the keys of the results file)

struct RunOptions {
  Config task;
  int d_model = 32;   // width of the two SSMs; the GPT's width is chosen so its parameter count is closest to Mamba's
  int n_layer = 2;
  int d_state = 16;
  int steps = 1000;
  int batch = 16;
  float lr = 3e-3f;
  int warmup = 50;
  uint32_t seed = 1337;     // initial weights (the same for the three models) and the training stream
  int eval_every = 100;     // held-out accuracy every this many steps (and at step 0 and the last)
  int eval_examples = 64;   // size of the held-out set
  // Limits: d_model in [4, 256], n_layer in [1, 8], d_state in [1, 64], steps in [1, 100000],
  // batch in [1, 256], eval_every >= 1, eval_examples in [1, 4096], plus the task's own.
  void validate() const;    // throws tmx::Error naming the option
};

// config.json of one of the three models for these options (vocabulary and positions from the task).
json::Value model_config(Arch a, const RunOptions& o);
// Parameters of that model (without building it).
int64_t model_params(Arch a, const RunOptions& o);

struct CurvePoint {
  int step = 0;
  double accuracy = 0;  // held-out accuracy (fraction of answer tokens right)
  double loss = 0;      // training loss of the last step before the evaluation (NaN at step 0)
};

class Run {
 public:
  Run(Arch a, const RunOptions& o);
  ~Run();
  // Does one unit of work: the forward/backward of one sequence of the current step, or the
  // step's update, or the accuracy of one held-out example. Returns false once everything is done.
  bool work();
  bool done() const { return phase_ == Phase::Done; }
  int steps_done() const;
  const std::vector<CurvePoint>& curve() const { return curve_; }
  double final_accuracy() const { return curve_.empty() ? 0.0 : curve_.back().accuracy; }
  int64_t params() const { return params_; }
  Arch arch() const { return arch_; }
  LanguageModel& model() { return *model_; }

 private:
  enum class Phase { Eval, Train, Done };
  void start_eval();
  Arch arch_;
  RunOptions o_;
  std::unique_ptr<LanguageModel> model_;
  std::unique_ptr<Trainer> trainer_;
  std::vector<Example> eval_set_;
  Phase phase_ = Phase::Eval;
  size_t eval_next_ = 0;
  int64_t hits_ = 0, scored_ = 0;
  int64_t params_ = 0;
  std::vector<CurvePoint> curve_;
};

// A finished comparison as `tmx train --task ...` writes it (assets/synthetic/TASK.json) and the
// widget and the chapter read it.
struct ModelResult {
  Arch arch = Arch::Mamba;
  int64_t params = 0;
  double wall_s = 0;                // training and evaluation time of this model, one thread
  std::vector<CurvePoint> curve;
  double final_accuracy() const { return curve.empty() ? 0.0 : curve.back().accuracy; }
};
struct Results {
  RunOptions options;
  std::vector<ModelResult> models;  // in kAllArchs order (those that were trained)
  int jobs = 1;                     // models trained at once (each on its own thread): wall times depend on it
  double load_average = NAN;        // the machine's 1-minute load average when the run started (wall-time context)
  const ModelResult* find(Arch a) const;
};
std::string results_json(const Results& r);           // one JSON object (curves as [step, accuracy, loss] rows)
Results results_from_json(const json::Value& v);      // throws tmx::Error naming the bad field
Results read_results(const std::string& path);        // results_from_json of the file

}  // namespace tmx::tasks::synthetic
