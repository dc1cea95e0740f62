// "Attention lab" (slug `attention`): text -> tokens -> embeddings -> one layer/head's Q, K, V,
// scores, scaling, causal mask, softmax weights and output, all read from the core GPT's trace.
// Declared in a header so tests can compare what the lab shows with the core.
#pragma once
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "core/head_behaviour.h"
#include "core/model_loader.h"
#include "core/models/gpt.h"
#include "core/rng.h"
#include "core/tokenizer/gpt2_tokenizer.h"
#include "core/trace.h"
#include "ui/sliced_job.h"
#include "ui/widget.h"
#include "ui/widgets/attention_example.h"

namespace tmx::ui {

class AttentionLab final : public Widget {
 public:
  AttentionLab();
  ~AttentionLab() override;
  void draw() override;

  // --- for tests and the benchmark ---
  void compute_now();            // runs the sliced pipeline to the end (no drawing)
  // True when what is shown was computed from the current inputs (no pending job).
  bool ready() const;
  bool busy() const { return job_.running(); }
  const std::vector<int>& ids() const { return shown_.ids; }
  GPT* model() { return shown_.model.get(); }
  const GPT* model() const { return shown_.model.get(); }
  GPTForwardOptions forward_options() const;
  // The matrix the lab shows for a stage of the chosen layer/head: "q", "k", "v" (that head's
  // columns), "scores", "scaled", "masked", "weights", "out"; nullptr before the first result.
  const Mat* shown(const std::string& stage) const;
  const std::vector<float>& next_token_probs() const { return shown_.probs; }  // with the ablation applied
  int layer() const { return layer_; }
  int head() const { return head_; }
  // Trained models: by default the picker lists the model store's models (ui/model_store.h: the
  // shipped ones, fetched when first chosen, and drop-ins); set_models_dir(dir) lists every
  // subfolder of dir with a config.json instead, read in place (tests).
  void set_models_dir(const std::string& dir);
  void set_params(const Params& p) override;
  std::string probe_json() const override;
  // Measured behaviour of every head of the shown result (layer * n_head + head).
  const std::vector<HeadScores>& head_scores() const { return shown_.heads; }
  const std::vector<std::string>& found_models() const { return found_models_; }
  const std::string& model_name() const { return model_name_; }
  // Messages about the computation (bad model file, unknown tokens, ...), shown above the lab.
  const std::vector<std::string>& runtime_warnings() const { return shown_.warnings; }
  const AttentionWorkedExample& worked_example() const { return example_; }

  static constexpr int kMaxTokens = 128;       // context of the lab's models
  static constexpr size_t kMaxTextBytes = 200000;

 private:
  void after_params() override;
  // One complete, consistent result: what the panels draw. A new one is built in slices
  // (next_) while the previous one stays on screen.
  struct Result {
    std::string key, model_key;        // the inputs it was computed from
    std::shared_ptr<GPT> model;
    std::string model_note;
    std::vector<int> ids;
    std::vector<std::string> labels;   // one per token, printable
    bool text_cut = false, gpt2 = false;
    Trace trace;
    std::vector<float> probs, base_probs;
    std::vector<std::string> warnings;
    std::shared_ptr<const tok::Tokenizer> model_tok;  // the trained model's own tokenizer, if it has one
    std::vector<HeadScores> heads;                    // score_head of every head on these tokens
  };
  // [SECTION] pipeline
  std::string inputs_key() const;
  std::string model_key() const;
  GPTForwardOptions forward_options_for(const Result& r) const;
  void start_job(const std::string& key);
  void build_job();  // the pipeline's stages (tokenizer, tokenize, model, init, embedding, forward, baseline)
  void advance(double budget_ms);
  const tok::Tokenizer& tokenizer();
  void scan_models();
  std::string model_dir() const;  // the chosen trained model's folder
  bool wait_for_model();          // true while the chosen model is still downloading / being checked
  // [SECTION] panels
  void draw_controls();
  void draw_status();
  void draw_tokens();
  void draw_pipeline();
  void draw_stage(int stage);
  void draw_query_row();
  void draw_all_heads();
  void draw_ablation_effect();
  void draw_worked_example();
  bool text_box();

  // State (all of it declared in the constructor, so in params()).
  enum class Tab { Pipeline, Heads, Example };
  std::string text_;
  std::string tok_ = "char";     // "char" | "gpt2"
  std::string model_name_;
  int seed_, n_layer_, n_head_, width_;
  int layer_, head_, query_, stage_;
  bool causal_, step_mode_;
  Tab tab_ = Tab::Pipeline;
  int force_tab_ = 2;            // frames left to force tab_ onto the tab bar (URL or a grid click)
  std::set<int> ablate_;         // layer * n_head + head
  std::vector<float> ablate_list_;  // as read from the URL
  AttentionWorkedExample example_;  // the "Worked example" tab
  int example_query_ = -1;

  // Pipeline.
  Result shown_, next_;
  SlicedJob job_;  // builds next_ over frames
  int stage_tokenize_ = 0, stage_forward_ = 0;
  std::unique_ptr<tok::Tokenizer> char_tok_, gpt2_tok_;
  std::unique_ptr<tok::Gpt2Tokenizer::Loader> gpt2_loader_;  // while the table loads in slices
  std::unique_ptr<ModelLoader> model_loader_;  // while a trained model loads, one tensor per step
  std::string gpt2_error_;
  int fill_row_ = 0, fill_vocab_ = 0;
  std::unique_ptr<Rng> fill_rng_;
  GPT::InitRun init_;
  GPT::ForwardRun run_;
  std::string models_dir_;  // "" = the model store
  std::vector<std::string> found_models_;
  std::shared_ptr<const tok::Tokenizer> model_tok_;  // of model_tok_dir_
  std::string model_tok_dir_;
  std::string text_warning_;
};

}  // namespace tmx::ui
