// "Transformer vs Mamba" (slug `transformer-vs-mamba`): one prompt into two loaded language models
// (default kjv-gpt and kjv-mamba; any two, drop-ins too). Both generate, one token per slice of a
// SlicedJob, and for each token the widget records the time model->step() took (measured here,
// live; shown as the median of 16 tokens) and the bytes the decoding state holds afterwards
// (core/decode_compare.h: the filled rows of the KV cache, or Mamba's conv + SSM state). It also evaluates each model on the held-out KJV
// text the shipped models were validated on (the first 8,192 tokens of scripts/corpus_samples.py's
// kjv-val.txt, windows of 64 tokens: the figure in each model's train_log.jsonl), and draws the
// matrix that mixes positions in a chosen layer: a head's attention weights beside Mamba's hidden
// attention (one channel, or all channels combined as the mean of |α| with rows scaled to sum 1),
// computed in pieces (core MixingJob: a layer or 16 channels a piece) as a third SlicedJob, so
// changing a layer or channel shows "computing..." instead of stalling a frame. The three jobs share
// one time budget per frame.
// "Long context" runs both to 2,048 tokens; an attention model trained on fewer positions runs as
// its extend_context() twin (same weights; the cost is real, the text past the trained length is not).
#include <imgui.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <memory>

#include "core/decode_compare.h"
#include "core/error.h"
#include "core/json.h"
#include "core/language_model.h"
#include "core/model_loader.h"
#include "core/safetensors.h"  // read_file_text
#include "core/sampling.h"
#include "core/tokenizer/utf8.h"
#include "core/tokenizer/tokenizer.h"
#include "core/train.h"       // eval_windows, eval_loss
#include "ui/error_text.h"
#include "ui/controls.h"
#include "ui/fit.h"
#include "ui/fonts.h"
#include "ui/heatmap.h"
#include "ui/language_model_slot.h"
#include "ui/line_plot.h"
#include "ui/panels.h"
#include "ui/model_store.h"
#include "ui/pack_store.h"
#include "ui/paths.h"
#include "ui/scene_player.h"  // same_line_if_fits
#include "ui/sliced_job.h"
#include "ui/theme.h"
#include "ui/token_chips.h"
#include "ui/widget.h"

namespace tmx::ui {

namespace {

constexpr int kLongContext = 2048;
constexpr int kValTokens = 8192;      // --val-tokens of the shipped KJV recipes
constexpr int kValContext = 64;       // --context of the same recipes
constexpr int kMatrixTokens = 64;     // the mixing matrices read the prompt's first 64 tokens
constexpr int kSmooth = 16;           // latency shown as the median of 16 tokens
constexpr size_t kMaxPrompt = 1000;
constexpr float kPanelMinWidth = 380.0f;  // plots and matrices side by side only when each gets this much
constexpr size_t kValChunk = 4096;    // held-out text tokenized in pieces of about 4 KB (at line ends)

std::string kjv_val_path() { return gen_assets_dir() + "/corpora/kjv-val.txt"; }

struct Side {
  std::string name;               // wanted model
  LanguageModelSlot slot;
  std::unique_ptr<LanguageModel> longer;  // extend_context twin for the long run (attention only)
  LanguageModel* run = nullptr;   // what generates now: slot.model or longer
  std::unique_ptr<Generation> gen;
  std::vector<float> pos, us, kb;  // per token stepped: position, µs of step(), KB held after it
  DecodeMemory mem;
  // Validation on the held-out text.
  std::string val_text;
  size_t val_read = 0;
  std::vector<int> val_ids;
  std::vector<std::pair<int, int>> windows;
  size_t window = 0;
  int window_pos = 0;  // next token inside the window
  std::unique_ptr<LanguageModel> val_model;  // a second instance: its state is the evaluation's
  std::unique_ptr<ModelLoader> val_loader;   // while val_model loads, one tensor per step
  double val_sum = 0;
  int64_t val_count = 0;
  float val = NAN;
  std::string val_error;
  bool val_pending = false;  // validation asked for, its text not yet read
  // Mixing matrix: computed in pieces by mjob (mix_job_), shown when done.
  int layer = 0, unit = 0;
  Mat mix;
  std::vector<std::string> labels, pending_labels;
  std::string mix_key, mix_error;
  MixingJob mjob;
  double mix_worst_ms = 0;  // the longest single piece of the last job (for the browser test's report)
  int mix_pieces = 0;       // how many pieces the last job was cut into (tests: it is sliced)

};

class TransformerVsMambaWidget final : public Widget {
 public:
  TransformerVsMambaWidget() {
    params_.text("a", &side_[0].name, "kjv-gpt", 80, S::WTvmModelA);
    params_.text("b", &side_[1].name, "kjv-mamba", 80, S::WTvmModelB);
    params_.text("prompt", &prompt_, "In the beginning God created the heaven and the earth.", kMaxPrompt, S::WTvmPrompt);
    params_.integer("seed", &seed_, 1, 0, 1000000, S::WTvmSeed);
    params_.integer("n", &n_, 48, 1, kLongContext, S::WTvmN).describe(S::WTvmNHelp);
    params_.flag("long", &long_, false, S::WTvmLong).describe(S::WTvmLongHelp);
    // Tokens generated so far: in the address, so a link shows the same run again.
    params_.integer("gen", &gen_n_, 0, 0, kLongContext, S::WTvmGenerated).get = [this] {
      return std::to_string(generated());
    };
    params_.integer("la", &side_[0].layer, 0, 0, 63, S::WTvmLayerA);
    params_.integer("ua", &side_[0].unit, 0, -1, 8191, S::WTvmUnitA).describe(S::WTvmUnitHelp);
    params_.integer("lb", &side_[1].layer, 0, 0, 63, S::WTvmLayerB);
    params_.integer("ub", &side_[1].unit, -1, -1, 8191, S::WTvmUnitB).describe(S::WTvmUnitHelp);
    dec_job_.add_stage("decode", [this] { return decode_step(); });
    val_job_.add_stage("validate", [this] { return validate_step(); });
    mix_job_.add_stage("mixing", [this] { return mixing_step(); });
  }

  void after_params() override {
    const auto lms = model_store().language_models();
    const char* defaults[2] = {"kjv-gpt", "kjv-mamba"};
    for (int i = 0; i < 2; ++i)
      if (std::find(lms.begin(), lms.end(), side_[i].name) == lms.end()) {
        warnings_.push_back(trf(S::WTvmNoSuchModel, {tok::utf8_sanitize(side_[i].name.substr(0, 40)), defaults[i]}));
        side_[i].name = defaults[i];
      }
    clamp_units();
  }

  std::string probe_json() const override {
    std::string j = "{\"busy\":" + std::string(dec_job_.running() ? "true" : "false") +
                    ",\"validating\":" + (val_job_.running() ? "true" : "false") +
                    ",\"long\":" + (long_ ? "true" : "false") + ",\"error\":" + json::quote(error_) + ",\"models\":[";
    for (int i = 0; i < 2; ++i) {
      const Side& s = side_[i];
      char b[768];
      const float us_first = window_median(s.us, 0), us_last = window_median(s.us, static_cast<int>(s.us.size()) - kSmooth);
      std::snprintf(b, sizeof b,
                    "{\"name\":%s,\"loaded\":%s,\"running\":%s,\"positions\":%d,\"held\":%lld,\"allocated\":%lld,"
                    "\"recurrent\":%s,\"val\":%s,\"val_tokens\":%lld,\"us_first\":%.4g,\"us_last\":%.4g,\"mix\":[%d,%d],"
                    "\"layer\":%d,\"unit\":%d,\"extended\":%s,\"mix_busy\":%s,\"mix_sum\":%.9g,\"mix_worst_ms\":%.4g,\"mix_pieces\":%d}",
                    json::quote(s.name).c_str(), json::quote(s.slot.name).c_str(),
                    json::quote(s.run ? s.run->model_type() : std::string()).c_str(), static_cast<int>(s.pos.size()),
                    static_cast<long long>(s.mem.held), static_cast<long long>(s.mem.allocated),
                    s.mem.recurrent ? "true" : "false",
                    std::isfinite(s.val) ? std::to_string(s.val).c_str() : "null", static_cast<long long>(s.val_count),
                    std::isfinite(us_first) ? us_first : 0.0, std::isfinite(us_last) ? us_last : 0.0,
                    static_cast<int>(s.mix.rows()), static_cast<int>(s.mix.cols()), s.layer, s.unit,
                    s.longer && s.run == s.longer.get() ? "true" : "false", s.mjob.running() ? "true" : "false",
                    s.mix.size() ? static_cast<double>(s.mix.sum()) : 0.0, s.mix_worst_ms, s.mix_pieces);
      j += (i ? "," : "") + std::string(b);
    }
    return j + "]}";
  }

  void draw() override {
    draw_warnings();
    dim_wrapped(tr(S::WTvmIntro));
    draw_pickers();
    bool ready = true;
    for (int i = 0; i < 2; ++i) {
      const ModelState st = model_store().want(side_[i].name);
      if (st.phase != ModelPhase::Ready) {
        draw_model_progress(side_[i].name, st);
        ready = false;
      }
    }
    if (!ready) return;
    // One model at a time, each over a few frames; a layer or unit is judged as soon as its
    // model is in (the address then says what is shown, even while the other one loads).
    bool loaded = true;
    for (Side& s : side_)
      if (!(loaded = load(s))) break;
    clamp_units();
    if (!loaded) return;
    draw_controls();
    restart_if_changed();
    // The mixing matrices first: a change seen by draw_matrices() below starts their job, which
    // runs from the next frame on (the frame of the change only says "computing...").
    // One budget for the three jobs (before, 6 + 6 + 8 ms: up to 20 ms of work in a frame): mixing
    // first (a few pieces), then validation and decoding share what is left (half each while both
    // run, so neither waits for the other).
    const auto t0 = std::chrono::steady_clock::now();
    const double budget = frame_slice_ms();
    const auto left = [&] {
      return budget - std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
    };
    if (mix_job_.running()) mix_job_.run(left());
    try {
      if (val_job_.running() && left() > 0 && val_text_here()) val_job_.run(dec_job_.running() ? left() / 2 : left());
      if (dec_job_.running() && left() > 0) dec_job_.run(left());
    } catch (const std::exception& e) {
      dec_job_.cancel();
      val_job_.cancel();
      error_ = ui::error_text(e);
    }
    if (!error_.empty()) warning_wrapped(error_);
    if (!note_.empty()) dim_wrapped(note_);
    draw_table();
    draw_plots();
    draw_matrices();
    draw_texts();
  }

 private:
  void draw_pickers() {
    for (int i = 0; i < 2; ++i) {
      if (i) {
        ImGui::SameLine();
        new_line_unless_fits(labelled_width(180.0f, tr(S::WTvmModelB)));
      }
      ImGui::SetNextItemWidth(180.0f);
      if (ui::begin_combo(tr(i ? S::WTvmModelB : S::WTvmModelA), side_[i].name.c_str())) {
        for (const auto& m : model_store().language_models())
          if (ImGui::Selectable(m.c_str(), m == side_[i].name)) side_[i].name = m;
        ImGui::EndCombo();
      }
    }
    ImGui::SameLine();
    draw_drop_in();
  }

  bool load(Side& s) {
    if (s.slot.has(s.name)) return true;
    if (!s.slot.load(s.name)) {
      s.slot.draw_status();
      return false;
    }
    key_.clear();
    s.longer.reset();
    s.mix_key.clear();
    s.mjob = MixingJob{};  // it pointed at the model just replaced
    start_validation(s);
    return true;
  }

  // Layer / unit within the loaded models (a URL may name any); unit -1 only for Mamba.
  void clamp_units() {
    for (int i = 0; i < 2; ++i) {
      Side& s = side_[i];
      if (!s.slot.has(s.name)) continue;  // judged against the model it names, once that is loaded
      MixingShape sh;
      try {
        sh = mixing_shape(*s.slot.model);
      } catch (const std::exception&) {
        continue;
      }
      const int layer = std::clamp(s.layer, 0, sh.layers - 1);
      const int unit = std::clamp(s.unit, sh.hidden ? -1 : 0, sh.units - 1);
      if (layer != s.layer || unit != s.unit) {
        warnings_.push_back(trf(S::WTvmUnitClamped, {s.name, std::to_string(s.layer), std::to_string(s.unit),
                                                     std::to_string(layer), std::to_string(unit)}));
        s.layer = layer, s.unit = unit;
      }
    }
  }

  std::string settings_key() const {
    return side_[0].slot.name + "|" + side_[1].slot.name + "|" + std::to_string(seed_) + "|" + (long_ ? "L" : "") + "|" +
           prompt_;
  }

  // Models, prompt, seed or mode changed: both start again from the prompt.
  void restart_if_changed() {
    const std::string key = settings_key();
    if (key == key_) return;
    key_ = key;
    error_.clear();
    note_.clear();
    dec_job_.cancel();
    for (Side& s : side_) {
      s.gen.reset();
      s.pos.clear(), s.us.clear(), s.kb.clear();
      s.mem = {};
      s.run = s.slot.model.get();
      if (long_) {
        try {
          // One position more than the run: Generation stops feeding the token that fills the
          // context, so 2,048 tokens through the model need 2,049 positions.
          if (!s.longer) s.longer = extend_context(*s.slot.model, kLongContext + 1);
        } catch (const std::exception& e) {
          error_ = ui::error_text(e);
          return;
        }
        if (s.longer) {
          s.run = s.longer.get();
          note_ += trf(S::WTvmExtended, {s.name, std::to_string(s.slot.model->max_positions()),
                                         std::to_string(kLongContext + 1)}) + " ";
        }
      }
      std::string cut;
      const int limit = long_ ? kLongContext : s.run->max_positions();
      const std::vector<int> ids = prompt_ids(*s.slot.tokenizer, limit, prompt_, cut);
      if (!cut.empty()) note_ += s.name + ": " + cut + " ";
      if (ids.empty()) return;
      s.run->reset_state();
      s.gen = std::make_unique<Generation>(*s.run, ids, SamplerConfig{1.0f, 0, 1.0f}, static_cast<uint32_t>(seed_));
    }
    target_new_ = long_ ? kLongContext : gen_n_;
    if (long_ || target_new_ > 0) dec_job_.start(0, estimate());
  }

  int estimate() const {
    int n = 0;
    for (const Side& s : side_)
      if (s.gen) n += long_ ? kLongContext : static_cast<int>(s.gen->prompt().size()) + target_new_;
    return std::max(1, n);
  }

  bool side_done(const Side& s) const {
    if (!s.gen || s.gen->full()) return true;
    if (!s.gen->prefilled()) return false;
    const int len = static_cast<int>(s.gen->prompt().size() + s.gen->tokens().size());
    return long_ ? len >= kLongContext : static_cast<int>(s.gen->tokens().size()) >= target_new_;
  }

  // One token of the model that is behind: step() timed, memory read from the core.
  bool decode_step() {
    Side* s = nullptr;
    for (Side& c : side_)
      if (!side_done(c) && (!s || c.pos.size() < s->pos.size())) s = &c;
    if (!s) return false;
    const auto t0 = std::chrono::steady_clock::now();
    bool stepped = true;
    if (!s->gen->prefilled()) {
      s->gen->prefill_step();
    } else {
      s->gen->next();
      stepped = !s->gen->full();  // the token that fills the context is sampled but not fed
    }
    const double us = std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - t0).count();
    if (!stepped) return !(side_done(side_[0]) && side_done(side_[1]));
    s->mem = decode_memory(*s->run);
    s->pos.push_back(static_cast<float>(s->pos.size()));
    s->us.push_back(static_cast<float>(us));
    s->kb.push_back(static_cast<float>(s->mem.held / 1024.0));
    return !(side_done(side_[0]) && side_done(side_[1]));
  }

  void start_validation(Side& s) {
    s.val_text.clear();
    s.val_read = 0;
    s.val_ids.clear();
    s.windows.clear();
    s.window = 0;
    s.window_pos = 0;
    s.val_model.reset();
    s.val_loader.reset();
    s.val_sum = 0;
    s.val_count = 0;
    s.val = NAN;
    s.val_error.clear();
    s.val_pending = true;  // the text is read once it is here (val_text_here)
    val_job_.start(0, 2 * (kValTokens + 32));
  }

  // The held-out text is a pack on the website (ui/pack_store.h), fetched when a model first loads;
  // validation waits for it (its progress in the corner panel) and a failed download is that side's
  // error. Native builds have it in place.
  bool val_text_here() {
    for (Side& s : side_) {
      if (!s.val_pending) continue;
      const ModelState ps = pack_store().want_path(kjv_val_path());
      if (ps.phase == ModelPhase::Failed) {
        s.val_pending = false;
        s.val_error = ps.message;
        continue;
      }
      if (ps.phase != ModelPhase::Ready) return false;
      s.val_pending = false;
      try {
        s.val_text = read_file_text(kjv_val_path(), 1u << 20);
      } catch (const std::exception&) {
        s.val_error = trf(S::WTvmNoValText, {kjv_val_path()});
      }
    }
    return true;
  }

  // One piece of a side's validation: tokenize ~4 KB of the held-out text (at a line end), or one
  // token of a 64-token window, through step() on a second instance of the model (a window's
  // forward at once would be one piece of ~100 MFLOPs; step() gives the same logits up to float
  // rounding, the state reset at every window start as the trainer's windows are independent).
  bool validate_step() {
    for (Side& s : side_) {
      if (!s.slot.model || !s.val_error.empty() || std::isfinite(s.val) || s.val_text.empty()) continue;
      if (s.windows.empty() && s.val_read < s.val_text.size() && static_cast<int>(s.val_ids.size()) <= kValTokens) {
        size_t end = std::min(s.val_text.size(), s.val_read + kValChunk);
        const size_t nl = s.val_text.rfind('\n', end - 1);
        if (end < s.val_text.size() && nl != std::string::npos && nl >= s.val_read) end = nl + 1;
        const std::vector<int> ids = s.slot.tokenizer->encode(std::string_view(s.val_text).substr(s.val_read, end - s.val_read));
        s.val_ids.insert(s.val_ids.end(), ids.begin(), ids.end());
        s.val_read = end;
        return true;
      }
      if (s.windows.empty()) {
        const int ctx = s.slot.model->max_positions() > 0 ? std::min(kValContext, s.slot.model->max_positions()) : kValContext;
        s.windows = eval_windows(s.val_ids.size(), ctx, kValTokens);
        if (s.windows.empty()) s.val_error = trf(S::WTvmNoValText, {kjv_val_path()});
        return true;
      }
      if (!s.val_model) {
        if (!s.val_loader) s.val_loader = std::make_unique<ModelLoader>(model_store().dir(s.name), Gradients::None);
        if (s.val_loader->step()) s.val_model = s.val_loader->take(), s.val_loader.reset();
        return true;
      }
      const auto [start, len] = s.windows[s.window];
      if (s.window_pos == 0) s.val_model->reset_state();
      const int at = start + s.window_pos;
      const Mat logits = s.val_model->step(s.val_ids[size_t(at)]);
      s.val_sum += cross_entropy_sum(logits, &s.val_ids[size_t(at) + 1], 1);
      ++s.val_count;
      if (++s.window_pos == len) {
        s.window_pos = 0;
        if (++s.window == s.windows.size()) {
          s.val = static_cast<float>(s.val_sum / static_cast<double>(s.val_count));
          s.val_model.reset();  // its KV cache / state is no longer needed
        }
      }
      return true;
    }
    return false;
  }

  void draw_controls() {
    ImGui::TextUnformatted(tr(S::WTvmPrompt));
    ImGui::SetNextItemWidth(std::min(ImGui::GetContentRegionAvail().x, 700.0f));
    char buf[kMaxPrompt + 1];
    std::snprintf(buf, sizeof buf, "%s", prompt_.c_str());
    fonts_want_text(prompt_);
    if (ui::input_text("##prompt", buf, sizeof buf, 0, tr(S::WTvmPrompt))) prompt_ = buf;
    params_.control("seed", 140.0f);
    ImGui::SameLine();
    params_.control("n", 140.0f);
    const bool busy = dec_job_.running();
    ImGui::BeginDisabled(busy);
    if (ImGui::Button(trf(S::WTvmGenerate, {std::to_string(n_)}).c_str())) {
      if (long_) {
        long_ = false;  // back to the models as trained; restart_if_changed starts the run
        gen_n_ = n_;
      } else {
        gen_n_ = n_;
        key_.clear();
      }
    }
    const std::string long_label = trf(S::WTvmLongButton, {std::to_string(kLongContext)});
    ImGui::SameLine();
    new_line_unless_fits(button_width(long_label.c_str()));
    if (ImGui::Button(long_label.c_str())) {
      long_ = true;
      key_.clear();
    }
    ImGui::EndDisabled();
    ImGui::SameLine();
    new_line_unless_fits(button_width(tr(S::WTvmStop)));
    ImGui::BeginDisabled(!busy);
    if (ImGui::Button(tr(S::WTvmStop))) dec_job_.cancel();
    ImGui::EndDisabled();
    ImGui::SameLine();
    new_line_unless_fits(button_width(tr(S::WTvmReset)));
    if (ImGui::Button(tr(S::WTvmReset))) {
      long_ = false, gen_n_ = 0;
      key_.clear();
    }
    if (busy) {
      ImGui::SameLine();
      new_line_unless_fits(120.0f);
      ImGui::PushStyleColor(ImGuiCol_PlotHistogram, palette().accent);
      ImGui::ProgressBar(dec_job_.progress(), ImVec2(120.0f, ImGui::GetTextLineHeight()), "");
      ImGui::PopStyleColor();
    }
  }

  // The median of the kSmooth values from `from` (a window of step times: robust to the odd slow
  // frame, garbage collection or another tab), NaN when the window is not full.
  static float window_median(const std::vector<float>& v, int from) {
    if (from < 0 || v.empty() || from + kSmooth > static_cast<int>(v.size())) return NAN;
    std::vector<float> w(v.begin() + from, v.begin() + from + kSmooth);
    std::nth_element(w.begin(), w.begin() + kSmooth / 2, w.end());
    return w[kSmooth / 2];
  }

  static std::string bytes_text(int64_t b) {
    char t[48];
    if (b >= (1 << 20)) std::snprintf(t, sizeof t, "%.2f MB", b / 1048576.0);
    else std::snprintf(t, sizeof t, "%.1f KB", b / 1024.0);
    return t;
  }

  void draw_table() {
    if (!begin_table("tvm", 6, ImGuiTableFlags_Borders | ImGuiTableFlags_SizingFixedFit, 3)) return;
    for (S h : {S::WTvmColModel, S::WTvmColVal, S::WTvmColFirst, S::WTvmColLast, S::WTvmColHeld, S::WTvmColAllocated})
      ImGui::TableSetupColumn(tr(h));
    ImGui::TableHeadersRow();
    for (const Side& s : side_) {
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      ImGui::Text("%s (%s)", s.name.c_str(), s.slot.model ? s.slot.model->model_type().c_str() : "");
      ImGui::TableNextColumn();
      if (!s.val_error.empty()) ImGui::TextUnformatted("-");
      else if (std::isfinite(s.val)) ImGui::Text("%.4f", static_cast<double>(s.val));
      else ImGui::TextUnformatted(tr(S::WTvmComputing));
      const int n = static_cast<int>(s.us.size());
      const float first = window_median(s.us, 0), last = window_median(s.us, n - kSmooth);
      ImGui::TableNextColumn();
      if (std::isfinite(first)) ImGui::Text("%.0f", static_cast<double>(first));
      ImGui::TableNextColumn();
      if (std::isfinite(last) && n >= 2 * kSmooth)
        ImGui::Text("%.0f (%s %d, x%.2f)", static_cast<double>(last), tr(S::WTvmAtPos), n - kSmooth,
                    static_cast<double>(last / first));
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(bytes_text(s.mem.held).c_str());
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(bytes_text(s.mem.allocated).c_str());
    }
    end_table();
    for (const Side& s : side_)
      if (!s.val_error.empty()) warning_wrapped(s.val_error);
    ImGui::PushFont(fonts().small);
    dim_wrapped(trf(S::WTvmTableNote, {std::to_string(kValTokens), std::to_string(kValContext), std::to_string(kSmooth)}));
    ImGui::PopFont();
  }

  void draw_plots() {
    std::vector<Series> lat, mem;
    for (int i = 0; i < 2; ++i) {
      const Side& s = side_[i];
      Series l{s.name, {}, {}, i};
      for (int p = 0; p + kSmooth <= static_cast<int>(s.us.size()); p += std::max(1, kSmooth / 2)) {
        l.x.push_back(static_cast<float>(p + kSmooth / 2));
        l.y.push_back(window_median(s.us, p));
      }
      lat.push_back(std::move(l));
      mem.push_back(Series{s.name, s.pos, s.kb, i});
    }
    Panels panels("tvm-plots", 2, kPanelMinWidth);  // side by side when there is room
    const float pw = panels.width();
    LinePlotStyle st;
    st.height = 220.0f;
    st.x_label = tr(S::WTvmPosAxis);
    auto plot = [&](const char* id, S heading, S y_label, const std::vector<Series>& series, LinePlotView& view) {
      ImGui::BeginChild(id, ImVec2(pw, st.height + 2.0f * ImGui::GetFrameHeightWithSpacing() + 24.0f));
      ImGui::TextUnformatted(tr(heading));
      st.y_label = tr(y_label);
      st.export_name = id;
      line_plot(id, series, view, st);
      ImGui::EndChild();
    };
    panels.begin_panel();
    plot("tvm-latency", S::WTvmLatencyHeading, S::WTvmUsAxis, lat, lat_view_);
    panels.end_panel();
    panels.begin_panel();
    plot("tvm-memory", S::WTvmMemoryHeading, S::WTvmKbAxis, mem, mem_view_);
    panels.end_panel();
  }

  // Starts the side's mixing matrix when its model, layer, unit or prompt changed (the job runs in
  // later frames: mixing_step).
  void update_matrix(Side& s) {
    std::vector<int> ids = s.slot.tokenizer->encode(prompt_);
    if (ids.size() > size_t(kMatrixTokens)) ids.resize(kMatrixTokens);
    if (s.slot.model->max_positions() > 0 && ids.size() > size_t(s.slot.model->max_positions()))
      ids.resize(s.slot.model->max_positions());
    const std::string key = s.slot.name + "|" + std::to_string(s.layer) + "|" + std::to_string(s.unit) + "|" + prompt_;
    if (key == s.mix_key) return;
    s.mix_key = key;
    s.mix.resize(0, 0);
    s.labels.clear();
    s.mix_error.clear();
    s.mjob = MixingJob{};
    if (ids.empty()) return;
    try {
      s.mjob.start(*s.slot.model, ids, s.layer, s.unit);
    } catch (const std::exception& e) {  // a layer/unit the model does not have: said under the picker
      s.mix_error = ui::error_text(e);
      s.mjob = MixingJob{};
      return;
    }
    std::vector<std::string> bytes;
    for (int id : ids) bytes.push_back(s.slot.tokenizer->token_bytes(id));
    s.pending_labels = tok::token_labels(bytes);  // split characters as bytes, never U+FFFD
    s.mix_worst_ms = 0;  // this job's own worst piece
    s.mix_pieces = s.mjob.pieces();
    if (mix_job_.running()) mix_job_.add_estimate(s.mjob.pieces());
    else mix_job_.start(0, s.mjob.pieces());
  }

  // One piece of a side's mixing matrix (the first side with one pending).
  bool mixing_step() {
    for (Side& s : side_) {
      if (!s.mjob.running()) continue;
      const auto t0 = std::chrono::steady_clock::now();
      try {
        s.mjob.step();
      } catch (const std::exception& e) {
        s.mix_error = ui::error_text(e);
        s.mjob = MixingJob{};
      }
      s.mix_worst_ms = std::max(s.mix_worst_ms,
                                std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
      if (s.mjob.done()) {
        s.mix = s.mjob.result();
        s.labels = std::move(s.pending_labels);
        s.mjob = MixingJob{};
      }
      return true;
    }
    return false;
  }

  void draw_matrices() {
    ImGui::Separator();
    ImGui::TextUnformatted(tr(S::WTvmMatrixHeading));
    Panels panels("tvm-matrices", 2, kPanelMinWidth);
    const float col = panels.width();
    for (int i = 0; i < 2; ++i) {
      Side& s = side_[i];
      panels.begin_panel();
      ImGui::PushID(i);
      MixingShape sh;
      try {
        sh = mixing_shape(*s.slot.model);
        update_matrix(s);
      } catch (const std::exception& e) {
        ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + col);
        warning_wrapped(ui::error_text(e));
        ImGui::PopTextWrapPos();
        ImGui::PopID();
        panels.end_panel();
        continue;
      }
      ImGui::SetNextItemWidth(std::min(140.0f, col * 0.4f));
      ui::slider_int(tr(S::WTvmLayer), &s.layer, 0, sh.layers - 1);
      ImGui::SameLine();
      new_line_unless_fits(labelled_width(std::min(140.0f, col * 0.4f), tr(sh.hidden ? S::WTvmChannel : S::WTvmHead)));
      ImGui::SetNextItemWidth(std::min(140.0f, col * 0.4f));
      ui::slider_int(tr(sh.hidden ? S::WTvmChannel : S::WTvmHead), &s.unit, sh.hidden ? -1 : 0, sh.units - 1);
      ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + col);
      ImGui::PushFont(fonts().small);
      const std::string what =
          !sh.hidden ? trf(S::WTvmAttnCaption, {s.name, std::to_string(s.layer), std::to_string(s.unit)})
          : s.unit < 0 ? trf(S::WTvmHiddenCaption, {s.name, std::to_string(s.layer), std::to_string(sh.units)})
                       : trf(S::WTvmChannelCaption, {s.name, std::to_string(s.layer), std::to_string(s.unit)});
      dim_wrapped(what);
      ImGui::PopFont();
      if (!s.mix_error.empty()) warning_wrapped(s.mix_error);
      ImGui::PopTextWrapPos();
      if (s.mjob.running()) {  // "computing..." with its progress, until the job is done
        ImGui::TextUnformatted(tr(S::WTvmComputing));
        ImGui::SameLine();
        ImGui::PushStyleColor(ImGuiCol_PlotHistogram, palette().accent);
        ImGui::ProgressBar(static_cast<float>(s.mjob.pieces_done()) / static_cast<float>(std::max(1, s.mjob.pieces())),
                           ImVec2(std::min(160.0f, col * 0.5f), ImGui::GetTextLineHeight()), "");
        ImGui::PopStyleColor();
      } else if (s.mix.size() > 0) {
        HeatmapStyle hs;
        const bool signed_scale = sh.hidden && s.unit >= 0;
        hs.cmap = signed_scale ? Colormap::Diverging : Colormap::Viridis;
        if (signed_scale) {
          const float m = std::max(1e-9f, s.mix.cwiseAbs().maxCoeff());
          hs.vmin = -m, hs.vmax = m;
        } else {
          hs.vmin = 0.0f;
        }
        hs.row_labels = &s.labels;
        hs.col_labels = &s.labels;
        hs.max_height = std::min(col, 420.0f);
        hs.value_format = "%.3f";
        hs.cell_text = S::WTvmCell;
        hs.export_name = i ? "tvm-b" : "tvm-a";
        ImGui::BeginChild("hm", ImVec2(col, std::min(col, 420.0f) + 60.0f));
        heatmap("hm", s.mix.data(), static_cast<int>(s.mix.rows()), static_cast<int>(s.mix.cols()), hs);
        ImGui::EndChild();
      }
      ImGui::PopID();
      panels.end_panel();
    }
  }

  void draw_texts() {
    ImGui::Separator();
    for (const Side& s : side_) {
      if (!s.gen || s.gen->tokens().empty()) continue;
      std::string text = s.slot.tokenizer->decode(s.gen->tokens());
      if (text.size() > 600) text = "... " + text.substr(text.size() - 600);
      ImGui::PushTextWrapPos(std::min(ImGui::GetContentRegionAvail().x, 900.0f) + ImGui::GetCursorPosX());
      ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(palette().text_dim), "%s:", s.name.c_str());
      ImGui::SameLine();
      ImGui::TextUnformatted(tok::utf8_sanitize(text).c_str());
      ImGui::PopTextWrapPos();
    }
  }

  int generated() const {
    if (long_) return gen_n_;
    int n = 0;
    for (const Side& s : side_)
      if (s.gen) n = std::max(n, static_cast<int>(s.gen->tokens().size()));
    if (dec_job_.running()) return std::max(n, target_new_);
    return n > 0 ? n : gen_n_;
  }

  Side side_[2];
  std::string prompt_;
  int seed_ = 1, n_ = 48, gen_n_ = 0, target_new_ = 0;
  bool long_ = false;
  std::string key_, error_, note_;
  SlicedJob dec_job_, val_job_, mix_job_;
  LinePlotView lat_view_, mem_view_;
};

}  // namespace

TMX_REGISTER_WIDGET(TransformerVsMambaWidget, "transformer-vs-mamba", "Transformer vs Mamba",
                    "One prompt into two models: per-token latency and memory as the context grows, held-out loss, "
                    "attention beside Mamba's hidden attention.");

}  // namespace tmx::ui
