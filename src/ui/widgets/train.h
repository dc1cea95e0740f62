// "Train a model" (slug `train`): a small GPT or Mamba trained live, here (in the browser on the
// web), on a shipped text sample or the learner's own text, with a character tokenizer. The loop
// is the core's Trainer (the code of `tmx train`), one sequence of the batch per slice
// (Trainer::begin_step / step_sequence / finish_step), so no frame blocks; pause stops between
// slices and resume continues exactly where it stopped (the same numbers as an uninterrupted run).
// Every `every` steps it measures the validation loss (one window per slice), samples a continuation of a fixed prompt
// with a fixed seed (so the samples differ only by what the model learned) and records the
// attention maps (GPT) or hidden attention (Mamba) of one validation window. "Download" writes
// config.json, model.safetensors and tokenizer.char.txt, which load back through the drop-in
// loader (ui/model_store.h). Declared in a header so tests and the benchmark drive it directly.
#pragma once
#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "core/language_model.h"
#include "core/sampling.h"
#include "core/tokenizer/char_tokenizer.h"
#include "core/trace.h"
#include "core/train.h"
#include "ui/line_plot.h"
#include "ui/sliced_job.h"
#include "ui/run_controls.h"
#include "ui/widget.h"

namespace tmx::ui {

enum class TrainArch { Gpt, Mamba };
enum class TrainSize { Tiny, Small, Medium };
enum class TrainText { Kjv, Tang, Custom };

// The settings a run is made of (the widget's parameters). One home for the presets: the widget,
// its tests and bench/bench_train_widget.cpp build runs from it.
struct TrainSettings {
  TrainArch arch = TrainArch::Gpt;
  TrainSize size = TrainSize::Small;
  int context = 64, batch = 8, steps = 600, warmup = 30, every = 50;
  float lr = 3e-3f, clip = 1.0f;
  int seed = 1337;
  // config.json of the model for a vocabulary of `vocab` characters.
  std::string config_json(int vocab) const;
  TrainOptions options() const;  // min_lr = lr / 10, weight decay 0.1, validation on 16 windows
};

std::string train_corpus_path(TrainText t);  // the shipped sample (generated assets/corpora/)
constexpr double kTrainValFraction = 0.1;    // the last tenth of the text (at a line start) is held out
constexpr int kTrainSampleTokens = 120;      // characters per sample
constexpr float kTrainSampleTemperature = 0.8f;

// One sample: the step it was taken at and its text (the prompt, then the continuation).
struct TrainSample {
  int step;
  std::string prompt, text;
};

class TrainWidget final : public Widget {
 public:
  TrainWidget();
  void draw() override;
  std::string probe_json() const override;

  // The buttons. start() builds the tokenizer, model and Trainer from the settings and text; on
  // bad input it returns false and error() says why (nothing runs).
  bool start();
  void pause() { paused_ = true; }
  void resume() { paused_ = false; }
  void reset();
  // The sliced work a frame does (draw() calls it); tests and benches call it directly.
  void run_for(double budget_ms);
  // Writes config.json, model.safetensors (F32) and tokenizer.char.txt into dir (created).
  void save_checkpoint(const std::string& dir);

  bool started() const { return trainer_ != nullptr; }
  bool paused() const { return paused_; }
  bool finished() const { return started() && !job_.running() && error_.empty(); }
  const std::string& error() const { return error_; }
  const Trainer* trainer() const { return trainer_.get(); }
  LanguageModel* model() const { return model_.get(); }
  const tok::CharTokenizer* tokenizer() const { return tk_.get(); }
  const std::vector<float>& train_losses() const { return loss_y_; }  // one per step
  const std::vector<std::pair<int, float>>& val_losses() const { return val_; }
  const std::vector<TrainSample>& samples() const { return samples_; }
  const TrainSettings& settings() const { return s_; }
  const std::vector<int>& train_ids() const { return train_ids_; }
  const std::vector<int>& val_ids() const { return val_ids_; }
  double tokens_per_second() const;  // training tokens over the wall time spent running
  double worst_slice_ms() const { return worst_slice_ms_; }  // the longest run_for (one frame's work)
  double worst_piece_ms() const { return worst_piece_ms_; }  // the longest single piece inside one

 protected:
  void after_params() override;

 private:
  bool text_ready();  // the chosen shipped text is in place (website: its pack arrived); Custom always
  bool load_text(std::string& text);
  void begin_sample();
  void record_maps();
  void draw_controls();
  void draw_progress();
  void draw_samples();
  void draw_maps();
  void download();

  TrainSettings s_;
  TrainText text_ = TrainText::Kjv;
  std::string custom_;
  int layer_ = 0, head_ = 0;

  std::unique_ptr<tok::CharTokenizer> tk_;
  std::unique_ptr<LanguageModel> model_;
  std::unique_ptr<Trainer> trainer_;
  std::vector<int> train_ids_, val_ids_, prompt_ids_, probe_ids_;
  SlicedJob job_;
  std::unique_ptr<Generation> gen_;
  int gen_step_ = 0;
  int val_window_ = 0;  // the validation in slices: next window, running sum and count
  double val_sum_ = 0;
  int64_t val_count_ = 0;
  bool paused_ = false;
  bool start_pending_ = false;  // Start (or the run flag) waiting for the text's pack
  RunFlag run_;  // the `run` address flag
  std::string error_, note_;
  std::vector<float> loss_x_, loss_y_;
  std::vector<std::pair<int, float>> val_;
  std::vector<TrainSample> samples_;
  Trace maps_;
  int maps_step_ = -1;
  LinePlotView view_;
  double run_seconds_ = 0, worst_slice_ms_ = 0, worst_piece_ms_ = 0;
  const char* worst_piece_ = "";  // the stage of the slowest single piece of work
  int64_t tokens_run_ = 0;
  std::chrono::steady_clock::time_point last_frame_{};
  bool ran_last_frame_ = false;
};

}  // namespace tmx::ui
