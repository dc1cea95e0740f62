// "Synthetic tasks" (slug `synthetic-tasks`): the Mamba paper's selective copying and induction
// heads tasks (core/tasks/synthetic.h) with an example coloured by role, the shipped comparison
// of attention, an LTI SSM and Mamba (assets/synthetic/TASK.json, written by
// `tmx train --task TASK`) beside the paper's Table 1, and "Train here": the three models trained
// live by the same code (core/tasks/synthetic_run.h), one small unit of work per slice, in turn.
// Declared in a header so tests and the benchmark drive it directly.
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "core/tasks/synthetic_run.h"
#include "ui/line_plot.h"
#include "ui/run_controls.h"
#include "ui/widget.h"

namespace tmx::ui {

enum class SynMode { Results, Train };

std::string synthetic_results_path(tasks::synthetic::Task t);  // assets/synthetic/<task>.json

class SyntheticTasksWidget final : public Widget {
 public:
  SyntheticTasksWidget();
  void draw() override;
  std::string probe_json() const override;

  // Train here: builds the three runs from the shipped run's settings (steps from the widget).
  bool start();
  void pause() { paused_ = true; }
  void resume() { paused_ = false; }
  void reset();
  void run_for(double budget_ms);  // the sliced work of one frame (draw() calls it)

  bool started() const { return !runs_.empty(); }
  bool running() const;
  const std::vector<std::unique_ptr<tasks::synthetic::Run>>& runs() const { return runs_; }
  const tasks::synthetic::Example& example() const { return example_; }
  const tasks::synthetic::Results* shipped() const { return results_ok_ ? &results_ : nullptr; }
  const std::string& error() const { return error_; }
  double worst_piece_ms() const { return worst_piece_ms_; }
  double worst_slice_ms() const { return worst_slice_ms_; }

 protected:
  void after_params() override;

 private:
  void load_results();
  tasks::synthetic::RunOptions run_options() const;
  void draw_example();
  void draw_results();
  void draw_train();
  void draw_plot(const std::vector<Series>& series);
  void draw_paper();

  tasks::synthetic::Task task_ = tasks::synthetic::Task::SelectiveCopy;
  SynMode mode_ = SynMode::Results;
  int seed_ = 1;
  int steps_ = 150;
  bool paused_ = false;
  RunFlag run_;  // the `run` address flag

  tasks::synthetic::Task loaded_task_ = tasks::synthetic::Task::Induction;
  bool results_tried_ = false, results_ok_ = false;
  tasks::synthetic::Results results_;
  std::string results_error_;
  tasks::synthetic::Example example_;
  int example_seed_ = -1;
  tasks::synthetic::Task example_task_ = tasks::synthetic::Task::Induction;

  std::vector<std::unique_ptr<tasks::synthetic::Run>> runs_;
  tasks::synthetic::Task run_task_ = tasks::synthetic::Task::SelectiveCopy;  // what runs_ were started with
  int run_steps_ = 0;
  size_t next_run_ = 0;
  std::string error_;
  double worst_piece_ms_ = 0, worst_slice_ms_ = 0;
  LinePlotView view_;
};

}  // namespace tmx::ui
