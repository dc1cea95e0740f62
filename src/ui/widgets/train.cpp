#include "ui/widgets/train.h"

#include <imgui.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <functional>

#include "core/error.h"
#include "core/json.h"
#include "core/model_loader.h"
#include "core/safetensors.h"
#include "core/tokenizer/tokenizer_spec.h"
#include "core/tokenizer/utf8.h"
#include "core/tokenizer/tokenizer.h"
#include "ui/cjk_wrap.h"
#include "ui/error_text.h"
#include "ui/controls.h"
#include "ui/fit.h"
#include "ui/fonts.h"
#include "ui/heatmap.h"
#include "ui/host.h"
#include "ui/model_store.h"
#include "ui/pack_store.h"
#include "ui/paths.h"
#include "ui/text_box.h"
#include "ui/theme.h"
#include "ui/token_chips.h"

namespace tmx::ui {

namespace {

// More than ui::kFrameSliceMs: live training's throughput (steps per second) is what this widget
// shows; at 6 ms a frame a run takes twice as long. Its frames' work is ~12 ms + drawing.
constexpr double kFrameBudgetMs = 12.0;
constexpr size_t kMaxCustom = 200000;   // bytes of pasted text (the URL carries it too)
constexpr int kValWindows = 8;          // validation: the first 8 windows of `context` held-out tokens
constexpr int kProbeTokens = 24;        // the window whose attention is shown
constexpr int kPromptChars = 10;

struct Preset {
  int width, layers, heads;
};
Preset preset(TrainSize s) {
  switch (s) {
    case TrainSize::Tiny: return {32, 1, 2};
    case TrainSize::Small: return {64, 2, 4};
    case TrainSize::Medium: return {96, 3, 4};
  }
  return {64, 2, 4};
}

std::string fmt(const char* f, double v) {
  char b[64];
  std::snprintf(b, sizeof b, f, v);
  return b;
}

std::string read_text_file(const std::string& path, bool& ok) {
  try {
    const std::vector<uint8_t> b = read_file_bytes(path, 16u << 20);
    ok = true;
    return std::string(b.begin(), b.end());
  } catch (const std::exception&) {
    ok = false;
    return {};
  }
}

}  // namespace

std::string TrainSettings::config_json(int vocab) const {
  const Preset p = preset(size);
  if (arch == TrainArch::Mamba)
    return "{\"model_type\": \"mamba\", \"vocab_size\": " + std::to_string(vocab) + ", \"d_model\": " + std::to_string(p.width) +
           ", \"n_layer\": " + std::to_string(p.layers) + ", \"d_state\": 8}";
  return "{\"model_type\": \"gpt2\", \"vocab_size\": " + std::to_string(vocab) + ", \"n_positions\": " +
         std::to_string(context) + ", \"n_embd\": " + std::to_string(p.width) + ", \"n_head\": " + std::to_string(p.heads) +
         ", \"n_layer\": " + std::to_string(p.layers) + "}";
}

TrainOptions TrainSettings::options() const {
  TrainOptions o;
  o.steps = steps;
  o.batch = batch;
  o.context = context;
  o.lr = lr;
  o.min_lr = lr / 10;
  o.warmup = std::min(warmup, steps);
  o.grad_clip = clip;
  o.seed = static_cast<uint32_t>(seed);
  o.threads = 1;
  o.val_tokens = kValWindows * context;
  return o;
}

std::string train_corpus_path(TrainText t) {
  return gen_assets_dir() + (t == TrainText::Tang ? "/corpora/tang.txt" : "/corpora/kjv.txt");
}

TrainWidget::TrainWidget() {
  params_.choice("arch", &s_.arch, TrainArch::Gpt, {{"gpt", S::WTrainArchGpt}, {"mamba", S::WTrainArchMamba}}, S::WTrainArch);
  params_.choice("size", &s_.size, TrainSize::Small,
                 {{"tiny", S::WTrainSizeTiny}, {"small", S::WTrainSizeSmall}, {"medium", S::WTrainSizeMedium}}, S::WTrainSize)
      .describe(S::WTrainSizeHelp);
  params_.choice("text", &text_, TrainText::Kjv,
                 {{"kjv", S::WTrainTextKjv}, {"tang", S::WTrainTextTang}, {"custom", S::WTrainTextCustom}}, S::WTrainText);
  params_.text("custom", &custom_, "", kMaxCustom, S::WTrainCustom).describe(S::WTrainCustomHelp).optional();
  params_.integer("ctx", &s_.context, 64, 8, 128, S::WTrainContext).describe(S::WTrainContextHelp);
  params_.real("lr", &s_.lr, 3e-3f, 1e-5f, 1.0f, S::WTrainLr).log().describe(S::WTrainLrHelp);
  params_.integer("batch", &s_.batch, 8, 1, 32, S::WTrainBatch).describe(S::WTrainBatchHelp);
  params_.integer("steps", &s_.steps, 600, 10, 5000, S::WTrainSteps);
  params_.integer("warmup", &s_.warmup, 30, 0, 1000, S::WTrainWarmup).describe(S::WTrainWarmupHelp);
  params_.real("clip", &s_.clip, 1.0f, 0.0f, 10.0f, S::WTrainClip).describe(S::WTrainClipHelp);
  params_.integer("seed", &s_.seed, 1337, 0, 1000000, S::WTrainSeed);
  params_.integer("every", &s_.every, 50, 5, 1000, S::WTrainEvery).describe(S::WTrainEveryHelp);
  params_.integer("layer", &layer_, 0, 0, 2, S::WTrainLayer);
  params_.integer("head", &head_, 0, 0, 3, S::WTrainHead);
  // run=1: training is under way (a link starts it on open); the weights themselves are not in the URL.
  params_.flag("run", run_.flag(), false, S::WTrainRun).describe(S::WTrainRunHelp);

  // Stage 0: the validation loss, one window of `context` held-out tokens per slice (the windows
  // and the mean of Trainer::eval_val); stage 1: the maps and the sample; stage 2: training.
  // Every piece is timed: the slowest one (and its stage) is in probe_json for the benchmark.
  auto timed = [this](const char* stage, std::function<bool()> piece) {
    return [this, stage, piece] {
      const auto t0 = std::chrono::steady_clock::now();
      const bool more = piece();
      const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
      if (ms > worst_piece_ms_) worst_piece_ms_ = ms, worst_piece_ = stage;
      return more;
    };
  };
  job_.add_stage("eval", timed("eval", [this] {
    const int ctx = s_.context;
    const int64_t n = std::min<int64_t>(static_cast<int64_t>(val_ids_.size()), int64_t(kValWindows) * ctx + 1);
    const int64_t start = int64_t(val_window_) * ctx;
    if (start + 1 < n) {
      const int64_t len = std::min<int64_t>(ctx, n - 1 - start);
      const std::vector<int> ids(val_ids_.begin() + start, val_ids_.begin() + start + len + 1);
      val_sum_ += eval_loss(*model_, ids, ctx) * static_cast<double>(len);
      val_count_ += len;
      ++val_window_;
      if (int64_t(val_window_) * ctx + 1 < n) return true;
    }
    val_.push_back({trainer_->steps_done(), static_cast<float>(val_sum_ / static_cast<double>(std::max<int64_t>(1, val_count_)))});
    val_window_ = 0;
    val_sum_ = 0;
    val_count_ = 0;
    return false;
  }));
  job_.add_stage("maps", timed("maps", [this] {
    record_maps();
    begin_sample();
    return false;
  }));
  job_.add_stage("sample", timed("sample", [this] {
    if (!gen_->prefilled()) {
      gen_->prefill_step();
      return true;
    }
    if (static_cast<int>(gen_->tokens().size()) < kTrainSampleTokens && !gen_->full()) {
      gen_->next();
      return true;
    }
    samples_.push_back({gen_step_, tk_->decode(prompt_ids_), tk_->decode(gen_->tokens())});
    gen_.reset();
    if (trainer_->steps_done() >= s_.steps) job_.finish();
    return false;
  }));
  job_.add_stage("train", timed("train", [this] {
    if (!trainer_->step_pending()) {
      trainer_->begin_step();
      return true;
    }
    if (trainer_->step_sequence()) return true;
    const int s = trainer_->finish_step();
    tokens_run_ += trainer_->tokens_per_step();
    loss_x_.push_back(static_cast<float>(s));
    loss_y_.push_back(trainer_->last_loss());
    if (s % s_.every == 0 || s >= s_.steps) job_.go_to(0);
    return true;
  }));
}

void TrainWidget::after_params() {
  s_.warmup = std::min(s_.warmup, s_.steps);
  // One widget, two architectures: the layer/head pickers are clamped to the model when drawn.
}

bool TrainWidget::text_ready() {
  if (text_ == TrainText::Custom) return true;
  const ModelState s = pack_store().want_path(train_corpus_path(text_));
  if (s.phase == ModelPhase::Failed && start_pending_) {
    start_pending_ = false;
    error_ = s.message;
  }
  return s.phase == ModelPhase::Ready;
}

bool TrainWidget::load_text(std::string& text) {
  if (text_ == TrainText::Custom) {
    text = custom_;
  } else {
    bool ok = false;
    text = read_text_file(train_corpus_path(text_), ok);
    if (!ok) {
      error_ = trf(S::WTrainNoCorpus, {train_corpus_path(text_)});
      return false;
    }
  }
  text = tok::utf8_sanitize(text);
  bool blank = true;
  for (char c : text) blank = blank && std::isspace(static_cast<unsigned char>(c));
  if (blank) {
    error_ = tr(S::WTrainEmptyText);
    return false;
  }
  return true;
}

bool TrainWidget::start() {
  reset();
  std::string text;
  if (!load_text(text)) return false;
  try {
    auto [train_text, val_text] = split_train_val(text, kTrainValFraction);
    auto tk = std::make_unique<tok::CharTokenizer>(tok::CharTokenizer::from_text(train_text));
    std::vector<int> train_ids = tk->encode(train_text), val_ids = tk->encode(val_text);
    const size_t need = static_cast<size_t>(s_.context) + 2;
    if (train_ids.size() < need || val_ids.size() < 2) {
      error_ = trf(S::WTrainShortText, {std::to_string(train_ids.size()), std::to_string(need)});
      return false;
    }
    auto model = create_model(json::parse(s_.config_json(tk->vocab_size())), static_cast<uint32_t>(s_.seed));
    trainer_ = std::make_unique<Trainer>(*model, train_ids, val_ids, s_.options());
    model_ = std::move(model);
    tk_ = std::move(tk);
    train_ids_ = std::move(train_ids);
    val_ids_ = std::move(val_ids);
    // The prompt: the start of the held-out text's first line (a few characters).
    const size_t n = std::min<size_t>(val_ids_.size(), kPromptChars);
    prompt_ids_.assign(val_ids_.begin(), val_ids_.begin() + static_cast<long>(n));
    for (size_t i = 1; i < prompt_ids_.size(); ++i)
      if (tk_->token_bytes(prompt_ids_[i]) == "\n") {
        prompt_ids_.resize(i);
        break;
      }
    probe_ids_.assign(val_ids_.begin(), val_ids_.begin() + static_cast<long>(std::min<size_t>(val_ids_.size(), std::min(kProbeTokens, s_.context))));
    job_.start(0, s_.steps);
    return true;
  } catch (const std::exception& e) {
    reset();
    error_ = trf(S::WTrainFailed, {ui::error_text(e)});
    return false;
  }
}

void TrainWidget::reset() {
  job_.cancel();
  val_window_ = 0;
  val_sum_ = 0;
  val_count_ = 0;
  gen_.reset();
  trainer_.reset();
  model_.reset();
  tk_.reset();
  train_ids_.clear();
  val_ids_.clear();
  loss_x_.clear();
  loss_y_.clear();
  val_.clear();
  samples_.clear();
  maps_.clear();
  maps_step_ = -1;
  paused_ = false;
  run_.clear();
  error_.clear();
  note_.clear();
  view_ = LinePlotView{};
  run_seconds_ = worst_slice_ms_ = worst_piece_ms_ = 0;
  worst_piece_ = "";
  tokens_run_ = 0;
  ran_last_frame_ = false;
}

void TrainWidget::begin_sample() {
  SamplerConfig c;
  c.temperature = kTrainSampleTemperature;
  gen_ = std::make_unique<Generation>(*model_, prompt_ids_, c, static_cast<uint32_t>(s_.seed));
  gen_step_ = trainer_->steps_done();
}

void TrainWidget::record_maps() {
  maps_.clear();
  model_->forward(probe_ids_, &maps_);
  maps_step_ = trainer_->steps_done();
}

void TrainWidget::run_for(double budget_ms) {
  if (!trainer_ || paused_ || !job_.running()) {
    ran_last_frame_ = false;
    return;
  }
  using clock = std::chrono::steady_clock;
  const auto t0 = clock::now();
  try {
    job_.run(budget_ms);
  } catch (const std::exception& e) {
    job_.cancel();
    error_ = trf(S::WTrainFailed, {ui::error_text(e)});
  }
  const auto t1 = clock::now();
  const double slice = std::chrono::duration<double>(t1 - t0).count();
  worst_slice_ms_ = std::max(worst_slice_ms_, slice * 1000.0);
  // Wall time while running: from the previous call when it was recent (frames), else this call.
  const double since = std::chrono::duration<double>(t0 - last_frame_).count();
  run_seconds_ += ran_last_frame_ && since < 0.25 ? std::chrono::duration<double>(t1 - last_frame_).count() : slice;
  last_frame_ = t1;
  ran_last_frame_ = true;
}

double TrainWidget::tokens_per_second() const { return run_seconds_ > 0 ? static_cast<double>(tokens_run_) / run_seconds_ : 0.0; }

void TrainWidget::save_checkpoint(const std::string& dir) {
  if (!model_ || !tk_) throw Error("train: nothing trained yet");
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) throw Error(dir + ": cannot create the directory (" + ec.message() + ")");
  save_model(*model_, dir, DType::F32);
  const std::string chars = tk_->vocabulary_text();
  write_file_bytes(dir + "/" + tok::kCharTokenizerFile, chars.data(), chars.size());
}

void TrainWidget::download() {
  try {
    const std::string dir = (std::filesystem::temp_directory_path() / "tmx-train-download").string();
    save_checkpoint(dir);
    std::string where;
    for (const char* f : {"config.json", "model.safetensors", tok::kCharTokenizerFile}) {
      const std::vector<uint8_t> b = read_file_bytes(dir + "/" + f);
      const std::string w = host_save_file(f, std::string(b.begin(), b.end()), "application/octet-stream");
      where += (where.empty() ? "" : ", ") + (w.empty() ? std::string(f) : w);
    }
    note_ = trf(S::WTrainDownloaded, {where});
  } catch (const std::exception& e) {
    note_ = trf(S::WTrainFailed, {ui::error_text(e)});
  }
}

std::string TrainWidget::probe_json() const {
  std::string j = "{\"started\":" + std::string(started() ? "true" : "false") + ",\"paused\":" + (paused_ ? "true" : "false") +
                  ",\"running\":" + (job_.running() ? "true" : "false") + ",\"finished\":" + (finished() ? "true" : "false") +
                  ",\"step\":" + std::to_string(trainer_ ? trainer_->steps_done() : 0) + ",\"steps\":" + std::to_string(s_.steps) +
                  ",\"error\":" + json::quote(error_) + ",\"tokens_per_s\":" + fmt("%.1f", tokens_per_second()) +
                  ",\"worst_slice_ms\":" + fmt("%.2f", worst_slice_ms_) + ",\"worst_piece_ms\":" + fmt("%.2f", worst_piece_ms_) +
                  ",\"worst_piece\":" + json::quote(worst_piece_) + ",\"losses\":[";
  for (size_t i = 0; i < loss_y_.size(); ++i) j += (i ? "," : "") + fmt("%.7g", loss_y_[i]);
  j += "],\"val\":[";
  for (size_t i = 0; i < val_.size(); ++i) j += (i ? ",[" : "[") + std::to_string(val_[i].first) + "," + fmt("%.7g", val_[i].second) + "]";
  j += "],\"samples\":[";
  for (size_t i = 0; i < samples_.size(); ++i)
    j += (i ? ",{" : "{") + std::string("\"step\":") + std::to_string(samples_[i].step) + ",\"text\":" + json::quote(samples_[i].text) + "}";
  return j + "]}";
}

void TrainWidget::draw() {
  draw_warnings();
  ImGui::PushFont(fonts().small);
  ImGui::PushTextWrapPos(std::min(ImGui::GetContentRegionAvail().x, 760.0f) + ImGui::GetCursorPosX());
  ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(palette().text_dim), "%s", tr(S::WTrainIntro));
  ImGui::PopTextWrapPos();
  ImGui::PopFont();
  // The shipped texts are a pack on the website (ui/pack_store.h), asked for as the widget shows;
  // Start and the run flag wait for it (its progress in the corner panel).
  const bool text_here = text_ready();
  if (run_.autostart(started())) start_pending_ = true;
  if (start_pending_ && text_here) {
    start_pending_ = false;
    start();
  }
  draw_controls();
  run_for(kFrameBudgetMs);
  run_.follow(started(), job_.running(), paused_);
  if (!error_.empty()) {
    warning_wrapped(error_);
  }
  if (!note_.empty()) ui::text_wrapped(note_);
  if (!trainer_) return;
  draw_progress();
  draw_samples();
  draw_maps();
}

void TrainWidget::draw_controls() {
  const float w = 150.0f;
  const float avail = ImGui::GetContentRegionAvail().x;
  auto same_line_if = [&](float next) {  // wrap on narrow screens
    if (ImGui::GetItemRectMax().x - ImGui::GetWindowPos().x + next < avail) ImGui::SameLine();
  };
  ImGui::BeginDisabled(started());
  params_.control("arch", w);
  same_line_if(w + 120);
  params_.control("size", w);
  same_line_if(300.0f + 60.0f);
  params_.control("text", 300.0f);
  if (text_ == TrainText::Custom) {
    bool clamped = false;
    ImGui::TextUnformatted(tr(S::WTrainCustom));
    text_box("##custom", custom_, kMaxCustom, 120.0f, &clamped);
    if (clamped) note_ = trf(S::WTrainTextCut, {std::to_string(kMaxCustom / 1000)});
  }
  params_.control("ctx", w);
  same_line_if(w + 140);
  params_.control("batch", w);
  same_line_if(w + 140);
  params_.control("steps", w);
  params_.control("lr", w);
  same_line_if(w + 140);
  params_.control("warmup", w);
  same_line_if(w + 140);
  params_.control("clip", w);
  params_.control("seed", w);
  same_line_if(w + 140);
  params_.control("every", w);
  ImGui::EndDisabled();
  s_.warmup = std::min(s_.warmup, s_.steps);

  const RunAction act = run_buttons({S::WTrainStart, S::WTrainPause, S::WTrainResume, S::WTrainReset}, started(),
                                    job_.running(), paused_);
  if (started()) {
    ImGui::SameLine();
    new_line_unless_fits(button_width(tr(S::WTrainDownload)));
    if (ImGui::Button(tr(S::WTrainDownload))) download();
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", tr(S::WTrainDownloadHelp));
    ImGui::SameLine();
    ImGui::PushFont(fonts().small);
    ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(palette().text_dim), "%s", tr(S::WTrainLocked));
    ImGui::PopFont();
  }
  switch (act) {
    case RunAction::Start:
      if (text_ready()) start();
      else start_pending_ = true;
      break;
    case RunAction::Pause: pause(); break;
    case RunAction::Resume: resume(); break;
    case RunAction::Reset: reset(); break;
    case RunAction::None: break;
  }
}

void TrainWidget::draw_progress() {
  const int s = trainer_->steps_done();
  const std::string val = val_.empty() ? std::string("-") : fmt("%.3f", val_.back().second);
  ImGui::TextUnformatted(trf(S::WTrainStatus, {std::to_string(s), std::to_string(s_.steps),
                                               loss_y_.empty() ? std::string("-") : fmt("%.3f", loss_y_.back()), val,
                                               fmt("%.2e", trainer_->last_lr()), fmt("%.0f", tokens_per_second())})
                             .c_str());
  ImGui::PushFont(fonts().small);
  ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(palette().text_dim), "%s",
                     trf(S::WTrainParams, {std::to_string(param_count(model_->params())), std::to_string(tk_->vocab_size()),
                                           std::to_string(train_ids_.size()), std::to_string(val_ids_.size())})
                         .c_str());
  ImGui::PopFont();
  if (job_.running()) {
    ImGui::PushStyleColor(ImGuiCol_PlotHistogram, palette().accent);
    ImGui::ProgressBar(static_cast<float>(s) / static_cast<float>(std::max(1, s_.steps)),
                       ImVec2(std::min(ImGui::GetContentRegionAvail().x, 400.0f), ImGui::GetTextLineHeight()), "");
    ImGui::PopStyleColor();
  } else if (finished()) {
    ImGui::TextUnformatted(trf(S::WTrainDone, {std::to_string(s)}).c_str());
  }
  ImGui::TextUnformatted(tr(S::WTrainLossHeading));
  std::vector<Series> series(2);
  series[0].name = tr(S::WTrainTrainSeries);
  series[0].x = loss_x_;
  series[0].y = loss_y_;
  series[1].name = tr(S::WTrainValSeries);
  for (const auto& [step, v] : val_) series[1].x.push_back(static_cast<float>(step)), series[1].y.push_back(v);
  LinePlotStyle st;
  st.height = 220.0f;
  st.x_label = tr(S::WTrainStepAxis);
  st.y_label = tr(S::WTrainLossAxis);
  st.export_name = "train-loss";
  line_plot("loss", series, view_, st);
}

void TrainWidget::draw_samples() {
  if (samples_.empty()) return;
  ImGui::TextUnformatted(tr(S::WTrainSamplesHeading));
  // The first sample (untrained) and the latest few, so the improvement is in view.
  std::vector<size_t> shown{0};
  for (size_t i = samples_.size() > 4 ? samples_.size() - 3 : 1; i < samples_.size(); ++i) shown.push_back(i);
  const float wrap = std::min(ImGui::GetContentRegionAvail().x, 760.0f);
  for (size_t i : shown) {
    const TrainSample& smp = samples_[i];
    ImGui::PushFont(fonts().small);
    ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(palette().text_dim), "%s", trf(S::WTrainSampleAt, {std::to_string(smp.step)}).c_str());
    ImGui::PopFont();
    ImGui::PushTextWrapPos(wrap + ImGui::GetCursorPosX());
    ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(palette().text_dim), "%s", tok::utf8_sanitize(smp.prompt).c_str());
    ImGui::SameLine(0.0f, 0.0f);
    ImGui::PushStyleColor(ImGuiCol_Text, palette().accent);
    ImGui::TextUnformatted(tok::utf8_sanitize(smp.text).c_str());
    ImGui::PopStyleColor();
    ImGui::PopTextWrapPos();
  }
}

void TrainWidget::draw_maps() {
  if (maps_step_ < 0 || probe_ids_.empty()) return;
  const bool gpt = s_.arch == TrainArch::Gpt;
  const Preset p = preset(s_.size);
  layer_ = std::clamp(layer_, 0, p.layers - 1);
  head_ = std::clamp(head_, 0, p.heads - 1);
  const std::string name = gpt ? "h." + std::to_string(layer_) + ".attn.head." + std::to_string(head_) + ".weights"
                               : "layers." + std::to_string(layer_) + ".mixer.hidden_attention";
  const Mat* m = maps_.get(name);
  if (!m) return;
  ImGui::TextUnformatted((gpt ? trf(S::WTrainAttnHeading, {std::to_string(maps_step_), std::to_string(layer_), std::to_string(head_)})
                              : trf(S::WTrainMambaHeading, {std::to_string(maps_step_), std::to_string(layer_)}))
                             .c_str());
  ImGui::SetNextItemWidth(120.0f);
  ui::slider_int(tr(S::WTrainLayer), &layer_, 0, p.layers - 1);
  if (gpt) {
    ImGui::SameLine();
    ImGui::SetNextItemWidth(120.0f);
    ui::slider_int(tr(S::WTrainHead), &head_, 0, p.heads - 1);
  }
  std::vector<std::string> labels;
  for (int id : probe_ids_) labels.push_back(tok::token_label(tk_->token_bytes(id)));
  std::vector<float> data(static_cast<size_t>(m->size()));
  for (Eigen::Index r = 0; r < m->rows(); ++r)
    for (Eigen::Index c = 0; c < m->cols(); ++c) data[static_cast<size_t>(r * m->cols() + c)] = (*m)(r, c);
  HeatmapStyle hs;
  hs.row_labels = &labels;
  hs.col_labels = &labels;
  hs.max_cell = 20.0f;
  hs.max_height = 420.0f;
  if (gpt) hs.vmin = 0, hs.vmax = 1;
  heatmap("train-attn", data.data(), static_cast<int>(m->rows()), static_cast<int>(m->cols()), hs);
}

TMX_REGISTER_WIDGET(TrainWidget, "train", "Train a model",
                    "Train a small GPT or Mamba live on a text: loss curves, samples that improve, attention as it forms.");

}  // namespace tmx::ui
