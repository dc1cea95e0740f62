#include "ui/widgets/synthetic_tasks.h"

#include <imgui.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>

#include "core/error.h"
#include "core/json.h"
#include "ui/cjk_wrap.h"
#include "ui/error_text.h"
#include "ui/fit.h"
#include "ui/fonts.h"
#include "ui/paths.h"
#include "ui/theme.h"

namespace tmx::ui {

namespace syn = tasks::synthetic;

namespace {

// More than ui::kFrameSliceMs: live training's throughput (steps per second) is what this widget
// shows; at 6 ms a frame a run takes twice as long. Its frames' work is ~12 ms + drawing.
constexpr double kFrameBudgetMs = 12.0;

std::string fmt(const char* f, double v) {
  char b[64];
  std::snprintf(b, sizeof b, f, v);
  return b;
}
std::string pct(double v) { return fmt("%.1f%%", 100.0 * v); }

S arch_label(syn::Arch a) {
  switch (a) {
    case syn::Arch::Attention: return S::WSynArchAttention;
    case syn::Arch::Lti: return S::WSynArchLti;
    case syn::Arch::Mamba: return S::WSynArchMamba;
  }
  return S::WSynArchMamba;
}

// The paper's Table 1 (Gu & Dao 2023, selective copying accuracy, %), at the paper's sizes.
struct PaperRow {
  S label;
  double acc;
};
constexpr PaperRow kPaperTable1[] = {
    {S::WSynPaperS4NoGate, 18.3}, {S::WSynPaperS6NoGate, 97.0}, {S::WSynPaperH3, 57.0},
    {S::WSynPaperHyena, 30.1},    {S::WSynPaperMambaS4, 56.4},  {S::WSynPaperMamba, 99.8},
};

}  // namespace

std::string synthetic_results_path(syn::Task t) { return assets_dir() + "/synthetic/" + syn::task_name(t) + ".json"; }

SyntheticTasksWidget::SyntheticTasksWidget() {
  params_.choice("task", &task_, syn::Task::SelectiveCopy,
                 {{"selective-copy", S::WSynTaskCopy}, {"induction", S::WSynTaskInduction}}, S::WSynTask);
  params_.choice("mode", &mode_, SynMode::Results, {{"results", S::WSynModeResults}, {"train", S::WSynModeTrain}}, S::WSynMode);
  params_.integer("seed", &seed_, 1, 0, 1000000, S::WSynSeed);
  params_.integer("steps", &steps_, 150, 10, 3000, S::WSynSteps).describe(S::WSynStepsHelp);
  params_.flag("run", run_.flag(), false, S::WSynRun).describe(S::WSynRunHelp);
}

void SyntheticTasksWidget::after_params() {
  // A new task or step count makes a new run: the old one no longer matches the settings.
  if (started() && (steps_ != run_steps_ || task_ != run_task_)) reset();
}

void SyntheticTasksWidget::load_results() {
  if (results_tried_ && loaded_task_ == task_) return;
  results_tried_ = true;
  loaded_task_ = task_;
  results_ok_ = false;
  results_error_.clear();
  try {
    results_ = syn::read_results(synthetic_results_path(task_));
    if (results_.options.task.task != task_) throw Error(ErrorKind::WrongFile, synthetic_results_path(task_), "the file is for another task");
    results_ok_ = true;
  } catch (const std::exception& e) {
    results_error_ = ui::error_text(e);
  }
}

syn::RunOptions SyntheticTasksWidget::run_options() const {
  syn::RunOptions o;
  if (results_ok_) o = results_.options;
  o.task.task = task_;
  o.steps = steps_;
  o.warmup = std::min(o.warmup, steps_);
  o.eval_every = std::max(1, std::min(o.eval_every, steps_ / 10 > 0 ? steps_ / 10 : 1));
  return o;
}

bool SyntheticTasksWidget::start() {
  reset();
  load_results();
  try {
    const syn::RunOptions o = run_options();
    for (syn::Arch a : syn::kAllArchs) runs_.push_back(std::make_unique<syn::Run>(a, o));
    run_task_ = task_;
    run_steps_ = steps_;
    run_.follow(true, true, false);
    return true;
  } catch (const std::exception& e) {
    runs_.clear();
    error_ = trf(S::WSynTrainFailed, {ui::error_text(e)});
    return false;
  }
}

void SyntheticTasksWidget::reset() {
  runs_.clear();
  next_run_ = 0;
  paused_ = false;
  run_.clear();
  error_.clear();
  worst_piece_ms_ = worst_slice_ms_ = 0;
  view_ = LinePlotView{};
}

bool SyntheticTasksWidget::running() const {
  for (const auto& r : runs_)
    if (!r->done()) return true;
  return false;
}

void SyntheticTasksWidget::run_for(double budget_ms) {
  if (!started() || paused_ || !running()) return;
  using clock = std::chrono::steady_clock;
  const auto t0 = clock::now();
  try {
    // One unit of each unfinished model in turn, until the budget is used (a unit is a sequence's
    // forward/backward, an update or one held-out example: a few milliseconds at most).
    double worst = 0;
    for (;;) {
      const double used = std::chrono::duration<double, std::milli>(clock::now() - t0).count();
      if (used + worst > budget_ms && used > 0) break;
      size_t tries = 0;
      while (runs_[next_run_]->done() && tries++ < runs_.size()) next_run_ = (next_run_ + 1) % runs_.size();
      if (runs_[next_run_]->done()) break;
      const auto a = clock::now();
      runs_[next_run_]->work();
      const double ms = std::chrono::duration<double, std::milli>(clock::now() - a).count();
      worst = std::max(worst, ms);
      worst_piece_ms_ = std::max(worst_piece_ms_, ms);
      next_run_ = (next_run_ + 1) % runs_.size();
    }
  } catch (const std::exception& e) {
    error_ = trf(S::WSynTrainFailed, {ui::error_text(e)});
    paused_ = true;
  }
  worst_slice_ms_ = std::max(worst_slice_ms_, std::chrono::duration<double, std::milli>(clock::now() - t0).count());
}

void SyntheticTasksWidget::draw() {
  draw_warnings();
  if (started() && (task_ != run_task_ || steps_ != run_steps_)) reset();  // the task was changed on screen
  load_results();
  ImGui::PushFont(fonts().small);
  dim_wrapped(tr(S::WSynIntro));
  ImGui::PopFont();
  const float w = 200.0f;
  params_.control("task", w);
  if (ImGui::GetContentRegionAvail().x > 2 * w + 260) ImGui::SameLine();
  params_.control("mode", w);
  draw_example();
  ImGui::Separator();
  if (mode_ == SynMode::Results) draw_results();
  else draw_train();
}

void SyntheticTasksWidget::draw_example() {
  if (example_seed_ != seed_ || example_task_ != task_) {
    syn::Config c = run_options().task;
    example_ = syn::example(c, static_cast<uint32_t>(seed_), 0);
    example_seed_ = seed_;
    example_task_ = task_;
  }
  const syn::Config c = run_options().task;
  ImGui::TextUnformatted(
      trf(S::WSynExampleHeading, {std::to_string(c.seq_len()), std::to_string(c.vocab()), fmt("%.3g", c.noise_fraction())}).c_str());
  params_.control("seed", 160.0f);
  ImGui::SameLine();
  new_line_unless_fits(button_width(tr(S::WSynNewExample)));
  if (ImGui::Button(tr(S::WSynNewExample))) seed_ = seed_ >= 1000000 ? 0 : seed_ + 1;

  const Palette& pal = palette();
  auto role_color = [&](syn::Role r) {
    switch (r) {
      case syn::Role::Noise: return pal.border;
      case syn::Role::Content: return pal.series[0];
      case syn::Role::Marker: return pal.series[2];
    }
    return pal.border;
  };
  // Cells that wrap to the available width.
  auto cells = [&](const std::vector<int>& ids, const std::vector<ImU32>& fills) {
    const float cw = 22.0f, ch = 24.0f, gap = 2.0f;
    const float avail = std::max(cw, ImGui::GetContentRegionAvail().x);
    const int per_row = std::max(1, static_cast<int>((avail + gap) / (cw + gap)));
    const int rows = (static_cast<int>(ids.size()) + per_row - 1) / per_row;
    const ImVec2 p0 = ImGui::GetCursorScreenPos();
    ImDrawList* dl = ImGui::GetWindowDrawList();
    for (size_t i = 0; i < ids.size(); ++i) {
      const float x = p0.x + static_cast<float>(static_cast<int>(i) % per_row) * (cw + gap);
      const float y = p0.y + static_cast<float>(static_cast<int>(i) / per_row) * (ch + gap);
      dl->AddRectFilled(ImVec2(x, y), ImVec2(x + cw, y + ch), fills[i], 3.0f);
      const std::string t = syn::token_text(ids[i]);
      const ImVec2 ts = ImGui::CalcTextSize(t.c_str());
      dl->AddText(ImVec2(x + (cw - ts.x) * 0.5f, y + (ch - ts.y) * 0.5f), pal.text, t.c_str());
    }
    ImGui::Dummy(ImVec2(avail, static_cast<float>(rows) * (ch + gap)));
  };
  std::vector<ImU32> fills;
  for (syn::Role r : example_.roles) fills.push_back(role_color(r));
  cells(example_.ids, fills);
  ImGui::TextUnformatted(tr(S::WSynAnswerLine));
  cells(example_.answer, std::vector<ImU32>(example_.answer.size(), pal.accent_soft));
  // Legend.
  ImGui::PushFont(fonts().small);
  const std::pair<ImU32, S> legend[] = {{role_color(syn::Role::Noise), S::WSynLegendNoise},
                                        {role_color(syn::Role::Content), S::WSynLegendContent},
                                        {role_color(syn::Role::Marker), S::WSynLegendMarker},
                                        {pal.accent_soft, S::WSynLegendAnswer}};
  for (size_t i = 0; i < 4; ++i) {
    const float sz = ImGui::GetTextLineHeight();
    if (i > 0) {  // on the line of the one before while the swatch and its label fit
      ImGui::SameLine(0, 16);
      new_line_unless_fits(sz + ImGui::GetStyle().ItemSpacing.x + ImGui::CalcTextSize(tr(legend[i].second)).x);
    }
    const ImVec2 p = ImGui::GetCursorScreenPos();
    ImGui::GetWindowDrawList()->AddRectFilled(p, ImVec2(p.x + sz, p.y + sz), legend[i].first, 2.0f);
    ImGui::Dummy(ImVec2(sz, sz));
    ImGui::SameLine();
    ImGui::TextUnformatted(tr(legend[i].second));
  }
  ImGui::PopFont();
}

void SyntheticTasksWidget::draw_plot(const std::vector<Series>& series) {
  ImGui::TextUnformatted(tr(S::WSynPlotHeading));
  LinePlotStyle st;
  st.height = 240.0f;
  st.x_label = tr(S::WSynStepAxis);
  st.y_label = tr(S::WSynAccAxis);
  st.export_name = "synthetic-accuracy";
  line_plot("syn-acc", series, view_, st);
  ImGui::PushFont(fonts().small);
  dim_wrapped(trf(S::WSynChance, {pct(1.0 / run_options().task.n_symbols)}));
  ImGui::PopFont();
}

static Series curve_series(syn::Arch a, const std::vector<syn::CurvePoint>& curve) {
  Series s;
  s.name = tr(arch_label(a));
  s.color = static_cast<int>(a);
  for (const auto& p : curve) s.x.push_back(static_cast<float>(p.step)), s.y.push_back(static_cast<float>(p.accuracy));
  return s;
}

void SyntheticTasksWidget::draw_results() {
  if (!results_ok_) {
    warning_wrapped(trf(S::WSynNoResults, {results_error_}));
    return;
  }
  std::vector<Series> series;
  for (const auto& m : results_.models) series.push_back(curve_series(m.arch, m.curve));
  draw_plot(series);
  const syn::RunOptions& o = results_.options;
  if (begin_table("syn-ours", 4, ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_SizingStretchProp, 0)) {
    for (S h : {S::WSynColModel, S::WSynColParams, S::WSynColAcc, S::WSynColWall}) ImGui::TableSetupColumn(tr(h));
    ImGui::TableHeadersRow();
    for (const auto& m : results_.models) {
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(tr(arch_label(m.arch)));
      ImGui::TableNextColumn();
      ImGui::Text("%lld", static_cast<long long>(m.params));
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(pct(m.final_accuracy()).c_str());
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(fmt("%.0f s", m.wall_s).c_str());
    }
    end_table();
  }
  ImGui::PushFont(fonts().small);
  dim_wrapped(trf(S::WSynShippedNote, {syn::task_name(o.task.task), std::to_string(o.seed), std::to_string(o.steps),
                                       std::to_string(o.batch), std::to_string(o.eval_examples)}));
  ImGui::PopFont();
  const syn::ModelResult *ma = results_.find(syn::Arch::Mamba), *ml = results_.find(syn::Arch::Lti),
                         *mt = results_.find(syn::Arch::Attention);
  if (ma && ml && mt) {
    const bool holds = ma->final_accuracy() >= ml->final_accuracy() + 0.2;
    const std::string t = trf(holds ? S::WSynOrderHolds : S::WSynOrderFails,
                              {pct(ma->final_accuracy()), pct(ml->final_accuracy()), pct(mt->final_accuracy())});
    if (holds) ui::text_wrapped(t);
    else warning_wrapped(t);
  }
  draw_paper();
}

void SyntheticTasksWidget::draw_paper() {
  ImGui::Spacing();
  if (task_ == syn::Task::Induction) {
    ImGui::PushFont(fonts().small);
    dim_wrapped(tr(S::WSynPaperInduction));
    ImGui::PopFont();
    return;
  }
  ui::text_wrapped(tr(S::WSynPaperHeading));
  if (begin_table("syn-paper", 2, ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_SizingStretchProp, 0)) {
    ImGui::TableSetupColumn(tr(S::WSynColModel));
    ImGui::TableSetupColumn(tr(S::WSynColAcc));
    ImGui::TableHeadersRow();
    for (const PaperRow& r : kPaperTable1) {
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(tr(r.label));
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(fmt("%.1f%%", r.acc).c_str());
    }
    end_table();
  }
}

void SyntheticTasksWidget::draw_train() {
  if (run_.autostart(started())) start();
  ImGui::BeginDisabled(started());
  params_.control("steps", 200.0f);
  ImGui::EndDisabled();
  switch (run_buttons({S::WSynStart, S::WSynPause, S::WSynResume, S::WSynReset}, started(), running(), paused_)) {
    case RunAction::Start: start(); break;
    case RunAction::Pause: pause(); break;
    case RunAction::Resume: resume(); break;
    case RunAction::Reset: reset(); break;
    case RunAction::None: break;
  }
  ImGui::PushFont(fonts().small);
  dim_wrapped(tr(S::WSynTrainNote));
  ImGui::PopFont();
  run_for(kFrameBudgetMs);
  run_.follow(started(), running(), paused_);
  if (!error_.empty()) warning_wrapped(error_);
  if (!started()) return;
  std::vector<Series> series;
  for (const auto& r : runs_) {
    const double acc = r->curve().empty() ? 0.0 : r->curve().back().accuracy;
    ImGui::TextUnformatted(trf(S::WSynTrainStatus, {tr(arch_label(r->arch())), std::to_string(r->steps_done()),
                                                    std::to_string(steps_), r->curve().empty() ? std::string("-") : pct(acc)})
                               .c_str());
    series.push_back(curve_series(r->arch(), r->curve()));
  }
  if (running()) {
    int done = 0;
    for (const auto& r : runs_) done += r->steps_done();
    ImGui::PushStyleColor(ImGuiCol_PlotHistogram, palette().accent);
    ImGui::ProgressBar(static_cast<float>(done) / static_cast<float>(3 * std::max(1, steps_)),
                       ImVec2(std::min(ImGui::GetContentRegionAvail().x, 400.0f), ImGui::GetTextLineHeight()), "");
    ImGui::PopStyleColor();
  } else {
    ImGui::TextUnformatted(trf(S::WSynTrainDone, {std::to_string(steps_)}).c_str());
  }
  draw_plot(series);
}

std::string SyntheticTasksWidget::probe_json() const {
  auto ints = [](const std::vector<int>& v) {
    std::string s = "[";
    for (size_t i = 0; i < v.size(); ++i) s += (i ? "," : "") + std::to_string(v[i]);
    return s + "]";
  };
  std::string j = "{\"task\":" + json::quote(syn::task_name(task_)) + ",\"mode\":" + json::quote(mode_ == SynMode::Results ? "results" : "train") +
                  ",\"seed\":" + std::to_string(seed_) + ",\"example\":" + ints(example_.ids) + ",\"answer\":" + ints(example_.answer) +
                  ",\"results_loaded\":" + (results_ok_ ? "true" : "false") + ",\"shipped\":{";
  if (results_ok_)
    for (size_t i = 0; i < results_.models.size(); ++i)
      j += (i ? ",\"" : "\"") + std::string(syn::arch_name(results_.models[i].arch)) + "\":" + fmt("%.4f", results_.models[i].final_accuracy());
  j += "},\"started\":" + std::string(started() ? "true" : "false") + ",\"running\":" + (running() ? "true" : "false") +
       ",\"paused\":" + (paused_ ? "true" : "false") + ",\"error\":" + json::quote(error_) +
       ",\"worst_piece_ms\":" + fmt("%.2f", worst_piece_ms_) + ",\"worst_slice_ms\":" + fmt("%.2f", worst_slice_ms_) + ",\"runs\":[";
  for (size_t i = 0; i < runs_.size(); ++i) {
    const auto& r = *runs_[i];
    j += (i ? ",{" : "{") + std::string("\"arch\":\"") + syn::arch_name(r.arch()) + "\",\"step\":" + std::to_string(r.steps_done()) +
         ",\"params\":" + std::to_string(r.params()) + ",\"curve\":[";
    for (size_t k = 0; k < r.curve().size(); ++k)
      j += (k ? ",[" : "[") + std::to_string(r.curve()[k].step) + "," + fmt("%.4f", r.curve()[k].accuracy) + "]";
    j += "]}";
  }
  return j + "]}";
}

TMX_REGISTER_WIDGET(SyntheticTasksWidget, "synthetic-tasks", "Synthetic tasks",
                    "The Mamba paper's copying and induction tests: attention, an LTI SSM and Mamba of equal size, trained here or shipped.");

}  // namespace tmx::ui
