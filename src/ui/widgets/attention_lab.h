// "Attention lab" (slug `attention`): text -> tokens -> embeddings -> one layer/head's Q, K, V,
// scores, scaling, causal mask, softmax weights and output, all read from the core GPT's trace.
// Declared in a header so tests can compare what the lab shows with the core.
#pragma once
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "core/models/gpt.h"
#include "core/rng.h"
#include "core/trace.h"
#include "ui/widget.h"

namespace tmx::tok {
class Tokenizer;
}

namespace tmx::ui {

class AttentionLab final : public Widget {
 public:
  AttentionLab();
  ~AttentionLab() override;
  void set_params(const Params& p) override;
  Params params() const override;
  void draw() override;

  // --- for tests and the benchmark ---
  void compute_now();            // runs the sliced pipeline to the end (no drawing)
  bool ready() const { return phase_ == Phase::Done; }
  const std::vector<int>& ids() const { return ids_; }
  GPT* model() { return model_.get(); }
  GPTForwardOptions forward_options() const;
  // The matrix the lab shows for a stage of the chosen layer/head: "q", "k", "v" (that head's
  // columns), "scores", "scaled", "masked", "weights", "out"; nullptr while computing.
  const Mat* shown(const std::string& stage) const;
  const std::vector<float>& next_token_probs() const { return probs_; }  // with the ablation applied
  int layer() const { return layer_; }
  int head() const { return head_; }

  static constexpr int kMaxTokens = 128;       // context of the lab's models
  static constexpr size_t kMaxTextBytes = 200000;

 private:
  enum class Phase { Tokenize, Model, FillEmbedding, Forward, Baseline, Done };
  // [SECTION] pipeline
  void invalidate_model();
  void invalidate_tokens();
  void invalidate_forward();
  bool advance_one();  // one bounded step of the pipeline; false when done
  void advance(double budget_ms);
  const tok::Tokenizer& tokenizer();
  // [SECTION] panels
  void draw_controls();
  void draw_tokens();
  void draw_pipeline();
  void draw_stage(int stage);
  void draw_query_row();
  void draw_all_heads();
  void draw_ablation_effect();
  void draw_worked_example();
  bool text_box();

  // State (all of it in params()).
  std::string text_ = "the cat sat on the mat";
  std::string tok_ = "char";     // "char" | "gpt2"
  std::string model_name_ = "random";
  int seed_ = 1, n_layer_ = 2, n_head_ = 4, width_ = 32;
  int layer_ = 0, head_ = 0, query_ = -1, stage_ = 6;
  bool causal_ = true, step_mode_ = false;
  std::string tab_ = "pipeline";
  int force_tab_ = 2;            // frames left to force tab_ onto the tab bar (URL or a grid click)
  std::set<int> ablate_;         // layer * n_head + head
  std::vector<float> wq_, wk_, wv_;  // worked example, 3 x 4 each

  // Pipeline.
  Phase phase_ = Phase::Tokenize;
  std::unique_ptr<tok::Tokenizer> char_tok_, gpt2_tok_;
  std::string gpt2_error_;
  std::vector<int> ids_;
  std::vector<std::string> labels_;  // one per token, printable
  size_t text_tokens_total_ = 0;     // tokens before the context cut (lower bound for long texts)
  bool text_cut_ = false;
  std::unique_ptr<GPT> model_;
  bool model_dirty_ = true;
  std::string model_note_;
  int fill_row_ = 0, fill_vocab_ = 0;
  std::unique_ptr<Rng> fill_rng_;
  Trace trace_;
  mutable Mat head_slice_[3];        // this head's columns of q, k, v (shown())
  std::vector<float> probs_, base_probs_;
  std::vector<std::string> found_models_;
  std::vector<std::string> runtime_warnings_;
};

}  // namespace tmx::ui
