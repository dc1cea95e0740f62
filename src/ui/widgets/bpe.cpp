// "Byte-pair encoding": train, replay, encode, and compare with GPT-2.
//
// [SECTION] Labels for byte-level pieces
// [SECTION] Params and samples
// [SECTION] Training (BpeTrainer, sliced over frames)
// [SECTION] Panels: train, encode, GPT-2
// [SECTION] Registration
#include "ui/fit.h"
#include "ui/widgets/bpe.h"

#include <imgui.h>

#include <algorithm>
#include <cstdio>

#include "core/error.h"
#include "core/tokenizer/utf8.h"
#include "ui/cjk_wrap.h"
#include "ui/error_text.h"
#include "ui/controls.h"
#include "ui/fonts.h"
#include "ui/tab_row.h"
#include "ui/pack_store.h"
#include "ui/paths.h"
#include "ui/text_box.h"
#include "ui/scene_player.h"  // same_line_if_fits
#include "ui/theme.h"
#include "ui/token_chips.h"

namespace tmx::ui {

namespace {

constexpr size_t kReadSlice = 64 * 1024;  // bytes pre-tokenized per step
constexpr int kMergeSlice = 8;            // merges per step
constexpr size_t kPairRows = 12;          // rows of the pair-count table
constexpr size_t kShownBytes = 600;       // bytes of the training text shown segmented
constexpr size_t kUrlTextBudget = 1500;   // percent-encoded text kept in a link

std::string fmt(const char* f, double v) {
  char b[48];
  std::snprintf(b, sizeof b, f, v);
  return b;
}

std::string code_point(uint32_t cp) {
  char b[16];
  std::snprintf(b, sizeof b, "U+%04X", static_cast<unsigned>(cp));
  return b;
}

void dim(const std::string& s) { ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(palette().text_dim), "%s", s.c_str()); }
void warn(const std::string& s) {
  ImGui::PushStyleColor(ImGuiCol_Text, palette().warning);
  text_wrapped(s);
  ImGui::PopStyleColor();
}
void wrapped(const std::string& s) { text_wrapped(s); }

// A token as shown: the shared token label (core/tokenizer/tokenizer.h), with the text before it as
// context, and code points for what the fonts cannot draw.
std::string label(std::string_view bytes, std::string_view before = {}) { return tok::token_label(bytes, before, font_can_draw); }

bool has_undrawable(std::string_view text) {
  for (size_t i = 0; i < text.size();) {
    const tok::Utf8Unit u = tok::utf8_next(text, i);
    if (u.valid && u.cp >= 0x20 && !font_can_draw(u.cp)) return true;
    i += static_cast<size_t>(u.len);
  }
  return false;
}

// Under a text box whose text the fonts cannot draw (it shows "?" there): the same text with
// code points for the characters it cannot draw, first ~240 bytes.
void spell_out(const std::string& text) {
  if (!has_undrawable(text)) return;
  const std::string_view head = std::string_view(text).substr(0, tok::utf8_floor(text, 240));
  ImGui::PushFont(fonts().small);
  ImGui::PushTextWrapPos(0.0f);
  dim(trf(S::WBpeSpelledOut, {label(head) + (head.size() < text.size() ? "\xE2\x80\xA6" : "")}));
  ImGui::PopTextWrapPos();
  ImGui::PopFont();
}

}  // namespace

//-----------------------------------------------------------------------------
// [SECTION] Glyphs
//-----------------------------------------------------------------------------
bool font_can_draw(uint32_t cp) {
  if (cp > 0xFFFF) return false;  // ImGui 1.86 is built with 16-bit ImWchar
  ImFont* f = fonts().mono ? fonts().mono : (ImGui::GetCurrentContext() ? ImGui::GetFont() : nullptr);
  return f && f->FindGlyphNoFallback(static_cast<ImWchar>(cp)) != nullptr;
}

//-----------------------------------------------------------------------------
// [SECTION] Params and samples
//-----------------------------------------------------------------------------
const char* BpeWidget::sample_text(Sample s) {
  switch (s) {
    case Sample::English:  // KJV, Genesis 1:1-5 (public domain)
      return "In the beginning God created the heaven and the earth. And the earth was without form, and void; "
             "and darkness was upon the face of the deep. And the Spirit of God moved upon the face of the waters. "
             "And God said, Let there be light: and there was light. And God saw the light, that it was good: and "
             "God divided the light from the darkness. And God called the light Day, and the darkness he called "
             "Night. And the evening and the morning were the first day.";
    case Sample::Chinese:  // Tang poems from fortunes-zh (public domain)
      return "\xE7\x99\xBD\xE6\x97\xA5\xE4\xBE\x9D\xE5\xB1\xB1\xE5\xB0\xBD\xEF\xBC\x8C\xE9\xBB\x84\xE6\xB2\xB3\xE5\x85"
             "\xA5\xE6\xB5\xB7\xE6\xB5\x81\xE3\x80\x82\xE6\xAC\xB2\xE7\xA9\xB7\xE5\x8D\x83\xE9\x87\x8C\xE7\x9B\xAE\xEF"
             "\xBC\x8C\xE6\x9B\xB4\xE4\xB8\x8A\xE4\xB8\x80\xE5\xB1\x82\xE6\xA5\xBC\xE3\x80\x82\n"
             "\xE6\x98\xA5\xE7\x9C\xA0\xE4\xB8\x8D\xE8\xA7\x89\xE6\x99\x93\xEF\xBC\x8C\xE5\xA4\x84\xE5\xA4\x84\xE9\x97"
             "\xBB\xE5\x95\xBC\xE9\xB8\x9F\xE3\x80\x82\xE5\xA4\x9C\xE6\x9D\xA5\xE9\xA3\x8E\xE9\x9B\xA8\xE5\xA3\xB0\xEF"
             "\xBC\x8C\xE8\x8A\xB1\xE8\x90\xBD\xE7\x9F\xA5\xE5\xA4\x9A\xE5\xB0\x91\xE3\x80\x82\n"
             "\xE4\xB8\x8B\xE9\xA9\xAC\xE9\xA5\xAE\xE5\x90\x9B\xE9\x85\x92\xEF\xBC\x8C\xE9\x97\xAE\xE5\x90\x9B\xE4\xBD"
             "\x95\xE6\x89\x80\xE4\xB9\x8B\xE3\x80\x82\xE5\x90\x9B\xE8\xA8\x80\xE4\xB8\x8D\xE5\xBE\x97\xE6\x84\x8F\xEF"
             "\xBC\x8C\xE5\xBD\x92\xE5\x8D\xA7\xE5\x8D\x97\xE5\xB1\xB1\xE9\x99\xB2\xE3\x80\x82\xE4\xBD\x86\xE5\x8E\xBB"
             "\xE8\x8E\xAB\xE5\xA4\x8D\xE9\x97\xAE\xEF\xBC\x8C\xE7\x99\xBD\xE4\xBA\x91\xE6\x97\xA0\xE5\xB0\xBD\xE6\x97"
             "\xB6\xE3\x80\x82\n";
    case Sample::Emoji:
      return "I \xE2\x9D\xA4\xEF\xB8\x8F pizza \xF0\x9F\x8D\x95! Pizza \xF0\x9F\x8D\x95 and more pizza "
             "\xF0\x9F\x8D\x95\xF0\x9F\x8D\x95. Thumbs up \xF0\x9F\x91\x8D, thumbs up \xF0\x9F\x91\x8D\xF0\x9F\x8F\xBD, "
             "family \xF0\x9F\x91\xA8\xE2\x80\x8D\xF0\x9F\x91\xA9\xE2\x80\x8D\xF0\x9F\x91\xA7. Flags "
             "\xF0\x9F\x87\xAB\xF0\x9F\x87\xB7 \xF0\x9F\x87\xAF\xF0\x9F\x87\xB5 \xF0\x9F\x87\xAB\xF0\x9F\x87\xB7.";
    case Sample::Code:
      return "def count_pairs(ids):\n    counts = {}\n    for pair in zip(ids, ids[1:]):\n"
             "        counts[pair] = counts.get(pair, 0) + 1\n    return counts\n\n"
             "def merge(ids, pair, new_id):\n    out = []\n    i = 0\n    while i < len(ids):\n"
             "        if i + 1 < len(ids) and (ids[i], ids[i + 1]) == pair:\n"
             "            out.append(new_id)\n            i += 2\n        else:\n"
             "            out.append(ids[i])\n            i += 1\n    return out\n";
    default: return "";
  }
}

BpeWidget::BpeWidget() {
  // Chinese edition: the Tang poems sample and a Chinese line to encode (set when the widget is made).
  const bool zh = language() == Lang::Zh;
  params_.choice("sample", &sample_, zh ? Sample::Chinese : Sample::English,
                 {{"english", S::WBpeSampleEnglish}, {"chinese", S::WBpeSampleChinese}, {"emoji", S::WBpeSampleEmoji},
                  {"code", S::WBpeSampleCode}, {"custom", S::WBpeSampleCustom}},
                 S::WBpeSample);
  // The training text is in the link only when it is the reader's own (a prefix of it).
  ParamSpec& t = params_.text("text", &custom_text_, "", kMaxTrainBytes, S::WBpeText).describe(S::WBpeTextHelp).optional();
  t.get = [this] { return sample_ == Sample::Custom ? percent_encoded_prefix(custom_text_, kUrlTextBudget) : std::string(); };
  params_.integer("k", &merges_, 40, 0, kMaxMerges, S::WBpeMerges).describe(S::WBpeMergesHelp);
  params_.integer("step", &step_, 0, 0, kMaxMerges, S::WBpeStep).describe(S::WBpeStepHelp);
  params_.choice("pre", &pre_, Pre::Gpt2, {{"gpt2", S::WBpePreGpt2}, {"none", S::WBpePreNone}}, S::WBpePre)
      .describe(S::WBpePreHelp);
  params_.text("input", &input_, zh ? "\xE6\x98\xA5\xE7\x9C\xA0\xE4\xB8\x8D\xE8\xA7\x89\xE6\x99\x93" /* 春眠不觉晓 */
                                   : "the light of the evening",
                kMaxInputBytes, S::WBpeInput).describe(S::WBpeInputHelp);
  params_.choice("view", &view_, View::Train,
                 {{"train", S::WBpeViewTrain}, {"encode", S::WBpeViewEncode}, {"gpt2", S::WBpeViewGpt2}}, S::WBpeView);

  job_.add_stage("read the text", [this] { return !trainer_->read(kReadSlice); });
  job_.add_stage("merge", [this] {
    if (!trainer_->merge(kMergeSlice)) return true;
    shown_.key = pending_key_;
    shown_.result = trainer_->result();
    shown_.tok = std::make_unique<tok::BpeTokenizer>(
        tok::BpeTokenizer::from_training(shown_.result, pre_ == Pre::Gpt2 ? tok::Pretokenizer::Gpt2 : tok::Pretokenizer::None));
    trainer_.reset();
    pairs_step_ = -1;
    return false;
  });
  after_params();
}

void BpeWidget::after_params() {
  text_ = sample_ == Sample::Custom ? custom_text_ : std::string(sample_text(sample_));
  text_warning_.clear();
  if (text_.size() > kMaxTrainBytes) {  // unreachable from a link (the param is capped), kept for the box
    text_warning_ = trf(S::WBpeTextCut, {std::to_string(text_.size()), std::to_string(kMaxTrainBytes)});
    text_.resize(tok::utf8_floor(text_, kMaxTrainBytes));
  }
  force_tab_ = 2;
}

tok::BpeTrainOptions BpeWidget::train_options() const {
  tok::BpeTrainOptions o;
  o.vocab_size = 256 + merges_;
  o.pretokenizer = pre_ == Pre::Gpt2 ? tok::Pretokenizer::Gpt2 : tok::Pretokenizer::None;
  return o;  // min_count 2, as `tmx bpe-train`
}

//-----------------------------------------------------------------------------
// [SECTION] Training (BpeTrainer, sliced over frames)
//-----------------------------------------------------------------------------
std::string BpeWidget::train_key() const {
  return std::to_string(merges_) + (pre_ == Pre::Gpt2 ? "|g|" : "|n|") + text_;
}

bool BpeWidget::ready() const { return !job_.running() && shown_.key == train_key(); }

void BpeWidget::start_training() {
  pending_key_ = train_key();
  trainer_ = std::make_unique<tok::BpeTrainer>(text_, train_options());
  job_.start(0, static_cast<int>(text_.size() / kReadSlice) + 1 + merges_ / kMergeSlice + 1);
}

void BpeWidget::advance(double budget_ms) {
  if (!job_.running() && shown_.key != train_key()) start_training();
  if (!job_.running()) return;
  if (pending_key_ != train_key()) start_training();  // the inputs changed mid-way: start over
  job_.run(budget_ms);
}

void BpeWidget::compute_now() {
  advance(1e9);
  while (job_.running()) job_.run(1e9);
  if (view_ == View::Gpt2) gpt2_rows();
}

std::vector<tok::BpePairCount> BpeWidget::pair_counts_at(int step) const {
  std::vector<std::pair<int, int>> m;
  const auto& steps = shown_.result.steps;
  for (int i = 0; i < step && i < static_cast<int>(steps.size()); ++i) m.emplace_back(steps[i].left, steps[i].right);
  return tok::bpe_pair_counts(text_, train_options().pretokenizer, m, kPairRows);
}

bool BpeWidget::ensure_gpt2() {
  if (gpt2_ || !gpt2_error_.empty()) return true;
  if (!gpt2_loader_) {  // on the website the table is a pack, fetched now (ui/pack_store.h)
    const ModelState s = pack_store().want_path(gpt2_table_path());
    if (s.phase == ModelPhase::Failed) gpt2_error_ = s.message;
    if (s.phase != ModelPhase::Ready) return s.phase == ModelPhase::Failed;
  }
  if (!gpt2_loader_)
    gpt2_loader_ = std::make_unique<tok::Gpt2Tokenizer::Loader>(tok::Gpt2Tokenizer::Loader::from_file(gpt2_table_path()));
  if (!gpt2_loader_->step()) return true;  // one bounded step per frame
  gpt2_ = gpt2_loader_->take();
  if (!gpt2_) gpt2_error_ = gpt2_loader_->error().empty() ? "could not load the GPT-2 table" : gpt2_loader_->error();
  gpt2_loader_.reset();
  return true;
}

const std::vector<BpeTokenRow>& BpeWidget::gpt2_rows() {
  while (!gpt2_ && gpt2_error_.empty())
    if (!ensure_gpt2()) break;  // its pack is on its way
  if (!gpt2_) {
    gpt2_rows_.clear();
    return gpt2_rows_;
  }
  if (gpt2_rows_text_ == input_ && !gpt2_rows_.empty()) return gpt2_rows_;
  gpt2_rows_text_ = input_;
  gpt2_rows_.clear();
  std::vector<tok::TokenSpan> spans;
  gpt2_->encode_spans(input_, spans);
  for (const tok::TokenPiece& p : tok::token_pieces(input_, spans)) {
    BpeTokenRow r;
    r.id = p.id;
    r.bytes = input_.substr(p.begin, p.end - p.begin);
    r.hex = tok::bytes_hex(r.bytes);
    r.label = label(r.bytes, std::string_view(input_).substr(0, p.begin));
    r.whole = p.whole;
    r.completes = p.completes;
    if (!p.whole) {  // the character(s) this piece belongs to, with their code points and bytes
      const std::string ch = input_.substr(p.char_begin, p.char_end - p.char_begin);
      std::string cps;
      for (size_t i = 0; i < ch.size();) {
        const tok::Utf8Unit u = tok::utf8_next(ch, i);
        if (!cps.empty()) cps += ' ';
        cps += u.valid ? code_point(u.cp) : "?";
        i += static_cast<size_t>(u.len);
      }
      r.chars = (font_can_draw(tok::utf8_next(ch, 0).cp) ? ch + " " : std::string()) + cps + " = " + tok::bytes_hex(ch);
    }
    gpt2_rows_.push_back(std::move(r));
  }
  return gpt2_rows_;
}

//-----------------------------------------------------------------------------
// [SECTION] Panels: train, encode, GPT-2
//-----------------------------------------------------------------------------
void BpeWidget::draw() {
  draw_warnings();
  advance(frame_slice_ms());

  // Inputs: sample, text, k, pre-tokenizer.
  const bool wide = ImGui::GetContentRegionAvail().x > 640.0f;
  if (params_.control("sample", 200.0f)) after_params();
  if (wide) ImGui::SameLine();
  params_.control("k", 160.0f);
  if (wide) ImGui::SameLine();
  params_.control("pre", 150.0f);
  bool clamped = false;
  if (text_box("##bpe_text", text_, kMaxTrainBytes, ImGui::GetTextLineHeight() * 3.4f, &clamped)) {
    sample_ = Sample::Custom;
    custom_text_ = text_;
  }
  if (clamped) text_warning_ = trf(S::WBpeTextCut, {std::string(">") + std::to_string(kMaxTrainBytes), std::to_string(kMaxTrainBytes)});
  spell_out(text_);
  if (!text_warning_.empty()) warn(text_warning_);
  if (has_undrawable(text_) || has_undrawable(input_)) {
    ImGui::PushFont(fonts().small);
    ImGui::PushTextWrapPos(0.0f);
    dim(tr(S::WBpeGlyphNote));
    ImGui::PopTextWrapPos();
    ImGui::PopFont();
  }

  {
    const View views[] = {View::Train, View::Encode, View::Gpt2};
    const S names[] = {S::WBpeViewTrain, S::WBpeViewEncode, S::WBpeViewGpt2};
    const char* labels[3];
    int cur = 0;
    for (int i = 0; i < 3; ++i) {
      labels[i] = tr(names[i]);
      if (view_ == views[i]) cur = i;
    }
    const int pick = tab_row("bpe_tabs", labels, 3, cur, force_tab_ > 0);
    if (force_tab_ == 0) view_ = views[pick];
    if (view_ == View::Train) draw_train();
    else if (view_ == View::Encode) draw_encode();
    else draw_gpt2();
  }
  if (force_tab_ > 0) --force_tab_;
}

void BpeWidget::draw_train() {
  if (text_.empty()) {
    dim(tr(S::WBpeEmptyText));
    return;
  }
  if (job_.running()) dim(trf(S::WBpeTraining, {fmt("%.0f", 100.0 * job_.progress())}));
  if (shown_.key.empty() || !shown_.tok) return;
  const auto& r = shown_.result;
  const int k = static_cast<int>(r.steps.size());
  step_ = std::clamp(step_, 0, k);
  const int64_t last_tokens = k ? r.steps.back().tokens_after : r.tokens_before;
  wrapped(trf(S::WBpeSummary, {std::to_string(k),
                               tr(r.stop_reason == "reached vocab_size" ? S::WBpeStopVocab : S::WBpeStopMinCount),
                               std::to_string(256 + k), std::to_string(r.tokens_before), std::to_string(last_tokens),
                               fmt("%.2f", last_tokens ? double(r.tokens_before) / double(last_tokens) : 0.0)}));

  // Step controls.
  if (ui::arrow_button("##prev", ImGuiDir_Left) && step_ > 0) --step_;
  ImGui::SameLine();
  if (ui::arrow_button("##next", ImGuiDir_Right) && step_ < k) ++step_;
  ImGui::SameLine();
  ImGui::SetNextItemWidth(std::min(360.0f, ImGui::GetContentRegionAvail().x * 0.5f));
  ui::slider_int(tr(S::WBpeStep), &step_, 0, k);
  const int64_t now = step_ ? r.steps[static_cast<size_t>(step_ - 1)].tokens_after : r.tokens_before;
  const std::string line = trf(S::WBpeStepLine, {std::to_string(step_), std::to_string(now),
                                                  fmt("%.2f", now ? double(r.tokens_before) / double(now) : 0.0)});
  same_line_if_fits(std::min(ImGui::CalcTextSize(line.c_str()).x, 240.0f));  // below the slider on a phone
  dim_wrapped(line);

  const float w = ImGui::GetContentRegionAvail().x;
  const bool side = w > 760.0f;
  if (side) ImGui::BeginChild("bpe_pairs", ImVec2(w * 0.48f, 360.0f));
  draw_pair_table(step_);
  if (side) {
    ImGui::EndChild();
    ImGui::SameLine();
    ImGui::BeginChild("bpe_merges", ImVec2(0, 360.0f));
  }
  draw_merge_list(step_);
  if (side) ImGui::EndChild();
  draw_segmented(step_);
  draw_compression(step_);
}

void BpeWidget::draw_pair_table(int step) {
  if (pairs_step_ != step || pairs_key_ != shown_.key) {
    pairs_ = pair_counts_at(step);
    pairs_step_ = step;
    pairs_key_ = shown_.key;
  }
  ui::text_wrapped(trf(S::WBpePairsHeading, {std::to_string(kPairRows)}));
  if (pairs_.empty()) {
    dim(tr(S::WBpePairsNone));
    return;
  }
  const auto& steps = shown_.result.steps;
  if (begin_table("pairs", 3, ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_SizingStretchProp, 0)) {
    ImGui::TableSetupColumn(tr(S::WBpeColPair));
    ImGui::TableSetupColumn(tr(S::WBpeColIds));
    ImGui::TableSetupColumn(tr(S::WBpeColCount));
    ImGui::TableHeadersRow();
    for (size_t i = 0; i < pairs_.size(); ++i) {
      const auto& p = pairs_[i];
      const bool next = step < static_cast<int>(steps.size()) && steps[static_cast<size_t>(step)].left == p.left &&
                        steps[static_cast<size_t>(step)].right == p.right;
      ImGui::TableNextRow();
      if (next) ImGui::TableSetBgColor(ImGuiTableBgTarget_RowBg0, (palette().accent & 0x00FFFFFF) | 0x50000000);
      ImGui::TableNextColumn();
      ImGui::PushFont(fonts().mono);
      ImGui::Text("%s + %s", label(shown_.tok->token_bytes(p.left)).c_str(), label(shown_.tok->token_bytes(p.right)).c_str());
      ImGui::PopFont();
      ImGui::TableNextColumn();
      ImGui::Text("%d + %d", p.left, p.right);
      ImGui::TableNextColumn();
      ImGui::Text("%lld", static_cast<long long>(p.count));
    }
    end_table();
  }
}

void BpeWidget::draw_merge_list(int step) {
  ImGui::TextUnformatted(tr(S::WBpeMergesHeading));
  const auto& steps = shown_.result.steps;
  const ImGuiTableFlags f = ImGuiTableFlags_RowBg | ImGuiTableFlags_ScrollY | ImGuiTableFlags_BordersInnerH |
                            ImGuiTableFlags_SizingStretchProp;
  if (!begin_table("merges", 4, f, 0, ImVec2(0, 320.0f))) return;
  ImGui::TableSetupScrollFreeze(0, 1);
  ImGui::TableSetupColumn(tr(S::WBpeColStep));
  ImGui::TableSetupColumn(tr(S::WBpeColNew));
  ImGui::TableSetupColumn(tr(S::WBpeColCount));
  ImGui::TableSetupColumn(tr(S::WBpeColTokens));
  ImGui::TableHeadersRow();
  ImGuiListClipper clip;
  clip.Begin(static_cast<int>(steps.size()));
  while (clip.Step())
    for (int i = clip.DisplayStart; i < clip.DisplayEnd; ++i) {
      const auto& s = steps[static_cast<size_t>(i)];
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      char id[24];
      std::snprintf(id, sizeof id, "%d##m%d", i + 1, i);
      if (ImGui::Selectable(id, i + 1 == step, ImGuiSelectableFlags_SpanAllColumns)) step_ = i + 1;
      ImGui::TableNextColumn();
      ImGui::PushFont(fonts().mono);
      const std::string txt = label(shown_.tok->token_bytes(s.left)) + " + " + label(shown_.tok->token_bytes(s.right)) +
                              " \xE2\x86\x92 " + label(s.bytes);
      if (i >= step) dim(txt);
      else ImGui::TextUnformatted(txt.c_str());
      ImGui::PopFont();
      ImGui::TableNextColumn();
      ImGui::Text("%lld", static_cast<long long>(s.count));
      ImGui::TableNextColumn();
      ImGui::Text("%lld", static_cast<long long>(s.tokens_after));
    }
  end_table();
}

void BpeWidget::draw_segmented(int step) {
  const auto& steps = shown_.result.steps;
  std::vector<std::pair<int, int>> m;
  for (int i = 0; i < step; ++i) m.emplace_back(steps[static_cast<size_t>(i)].left, steps[static_cast<size_t>(i)].right);
  const tok::BpeTokenizer t(m, train_options().pretokenizer);
  const std::string_view head = std::string_view(text_).substr(0, tok::utf8_floor(text_, kShownBytes));
  std::vector<tok::TokenSpan> spans;
  t.encode_spans(head, spans);
  std::vector<std::string> labels;
  std::vector<int> ids;
  for (const auto& sp : spans) {
    labels.push_back(label(head.substr(sp.begin, sp.end - sp.begin), head.substr(0, sp.begin)));
    ids.push_back(sp.id);
  }
  ImGui::TextUnformatted(trf(S::WBpeSegmentedHeading, {std::to_string(step), std::to_string(spans.size())}).c_str());
  TokenChipsStyle cs;
  cs.ids = &ids;
  token_chips("bpe_segmented", labels, nullptr, cs);

  ImGui::TextUnformatted(trf(S::WBpeVocabHeading, {std::to_string(step)}).c_str());
  std::vector<std::string> vocab;
  std::vector<int> vids;
  for (int i = 0; i < step; ++i) {
    vocab.push_back(label(steps[static_cast<size_t>(i)].bytes));
    vids.push_back(256 + i);
  }
  if (vocab.empty()) dim(tr(S::WBpeVocabEmpty));
  TokenChipsStyle vs;
  vs.ids = &vids;
  token_chips("bpe_vocab", vocab, nullptr, vs);
}

void BpeWidget::draw_compression(int step) {
  const auto& r = shown_.result;
  if (r.steps.empty()) return;
  Series s{tr(S::WBpeRatioY), {}, {}, 0};
  s.x.push_back(0);
  s.y.push_back(1.0f);
  for (size_t i = 0; i < r.steps.size(); ++i) {
    s.x.push_back(static_cast<float>(i + 1));
    s.y.push_back(static_cast<float>(double(r.tokens_before) / double(std::max<int64_t>(1, r.steps[i].tokens_after))));
  }
  Series at{trf(S::WBpeRatioAt, {std::to_string(step)}), {static_cast<float>(step)}, {s.y[static_cast<size_t>(step)]}, 2};
  ImGui::TextUnformatted(tr(S::WBpeRatioHeading));
  LinePlotStyle st;
  st.height = 200.0f;
  st.x_label = tr(S::WBpeRatioX);
  st.y_label = tr(S::WBpeRatioY);
  st.export_name = "bpe_compression";
  st.stems = false;
  line_plot("bpe_ratio", {s, at}, ratio_view_, st);
}

void BpeWidget::draw_encode() {
  ImGui::TextUnformatted(tr(S::WBpeInput));
  bool clamped = false;
  text_box("##bpe_input", input_, kMaxInputBytes, ImGui::GetTextLineHeight() * 2.4f, &clamped);
  spell_out(input_);
  if (clamped) warn(trf(S::ParamTooLong, {"input", std::to_string(kMaxInputBytes)}));
  if (!shown_.tok) {
    if (job_.running()) dim(trf(S::WBpeTraining, {fmt("%.0f", 100.0 * job_.progress())}));
    return;
  }
  std::vector<tok::TokenSpan> spans;
  shown_.tok->encode_spans(input_, spans);
  std::vector<std::string> labels;
  std::vector<int> ids;
  int bytes_only = 0;
  for (const auto& sp : spans) {
    labels.push_back(label(std::string_view(input_).substr(sp.begin, sp.end - sp.begin), std::string_view(input_).substr(0, sp.begin)));
    ids.push_back(sp.id);
    bytes_only += sp.id < 256;
  }
  wrapped(trf(S::WBpeEncodeLine, {std::to_string(input_.size()), std::to_string(spans.size()),
                                  std::to_string(shown_.result.steps.size()), std::to_string(bytes_only)}));
  TokenChipsStyle cs;
  cs.ids = &ids;
  cs.show_ids = true;
  token_chips("bpe_encoded", labels, nullptr, cs);
  if (gpt2_) dim(trf(S::WBpeEncodeGpt2, {std::to_string(gpt2_rows().size())}));
  ImGui::PushFont(fonts().small);
  ImGui::PushTextWrapPos(0.0f);
  dim(tr(S::WBpeEncodeHint));
  ImGui::PopTextWrapPos();
  ImGui::PopFont();
}

void BpeWidget::draw_gpt2() {
  ImGui::TextUnformatted(tr(S::WBpeInput));
  bool clamped = false;
  text_box("##bpe_input2", input_, kMaxInputBytes, ImGui::GetTextLineHeight() * 2.4f, &clamped);
  spell_out(input_);
  if (clamped) warn(trf(S::ParamTooLong, {"input", std::to_string(kMaxInputBytes)}));
  if (!gpt2_ && gpt2_error_.empty()) {
    ensure_gpt2();
    if (!gpt2_) {
      dim(tr(S::WBpeGpt2Loading));
      return;
    }
  }
  if (!gpt2_) {
    warn(trf(S::WBpeGpt2Unavailable, {ui::error_text(ErrorKind::FileAccess, gpt2_table_path(), gpt2_error_)}));
    return;
  }
  const auto& rows = gpt2_rows();
  const size_t chars = tok::utf8_count(input_);
  wrapped(trf(S::WBpeGpt2Line, {std::to_string(input_.size()), std::to_string(chars), std::to_string(rows.size())}));
  std::vector<std::string> labels;
  std::vector<int> ids;
  for (const auto& r : rows) {
    labels.push_back(r.label);
    ids.push_back(r.id);
  }
  TokenChipsStyle cs;
  cs.ids = &ids;
  cs.show_ids = true;
  token_chips("bpe_gpt2", labels, nullptr, cs);
  const ImGuiTableFlags f = ImGuiTableFlags_RowBg | ImGuiTableFlags_ScrollY | ImGuiTableFlags_BordersInnerH |
                            ImGuiTableFlags_SizingStretchProp;
  if (!begin_table("gpt2_rows", 5, f, 0, ImVec2(0, std::min(360.0f, 30.0f + 24.0f * static_cast<float>(rows.size())))))
    return;
  ImGui::TableSetupScrollFreeze(0, 1);
  ImGui::TableSetupColumn(tr(S::WBpeColToken));
  ImGui::TableSetupColumn(tr(S::WBpeColId));
  ImGui::TableSetupColumn(tr(S::WBpeColBytes));
  ImGui::TableSetupColumn(tr(S::WBpeColShown));
  ImGui::TableSetupColumn(tr(S::WBpeColChars));
  ImGui::TableHeadersRow();
  ImGuiListClipper clip;
  clip.Begin(static_cast<int>(rows.size()));
  while (clip.Step())
    for (int i = clip.DisplayStart; i < clip.DisplayEnd; ++i) {
      const BpeTokenRow& r = rows[static_cast<size_t>(i)];
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      ImGui::Text("%d", i + 1);
      ImGui::TableNextColumn();
      ImGui::Text("%d", r.id);
      ImGui::PushFont(fonts().mono);
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(r.hex.c_str());
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(r.label.c_str());
      ImGui::PopFont();
      ImGui::TableNextColumn();
      if (r.whole) dim(tr(S::WBpeWholeChars));
      else ImGui::TextUnformatted(trf(r.completes ? S::WBpeCompletes : S::WBpePartOf, {r.chars}).c_str());
    }
  end_table();
}

//-----------------------------------------------------------------------------
// [SECTION] Registration
//-----------------------------------------------------------------------------
TMX_REGISTER_WIDGET(BpeWidget, "bpe", "Byte-pair encoding",
                    "Train BPE merges step by step, encode with them, and compare with GPT-2's byte-level tokens.");

}  // namespace tmx::ui
