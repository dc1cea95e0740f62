// "GPT walkthrough" (slug `gpt-walkthrough`): one prompt through every module of a GPT (the
// shipped kjv-gpt by default), stage by stage: ids -> wte + wpe -> per block ln_1, attention,
// residual add, ln_2, MLP, residual add -> ln_f -> lm_head -> softmax -> next token. Each stage
// shows its tensor (heatmap, hover for values; the attention stage also each head's weights),
// the residual stream's L2 norm per position across the stream, the logit lens (top 5 next
// tokens read from the stream after each block) and, beside it, the matching lines of the
// project's nanoGPT-style model.py and of our C++ (gpt_walk_snippets). Every number is
// core::gpt_walk's, which reads the model's own Trace.
#include "ui/fit.h"
#include "ui/widgets/gpt_walkthrough.h"

#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <memory>
#include <sstream>

#include "core/error.h"
#include "core/json.h"
#include "core/model_loader.h"
#include "core/tokenizer/char_tokenizer.h"
#include "core/tokenizer/tokenizer_spec.h"
#include "core/tokenizer/tokenizer.h"
#include "core/tokenizer/utf8.h"
#include "ui/bar_chart.h"
#include "ui/cjk_wrap.h"
#include "ui/error_text.h"
#include "ui/controls.h"
#include "ui/fonts.h"
#include "ui/heatmap.h"
#include "ui/line_plot.h"
#include "ui/markdown/highlight.h"
#include "ui/matrix_view.h"
#include "ui/model_store.h"
#include "ui/paths.h"
#include "ui/theme.h"
#include "ui/token_chips.h"
#include "ui/widget.h"
#include "ui/touch.h"

namespace tmx::ui {

const std::vector<WalkSnippet>& gpt_walk_snippets() {
  static const std::vector<WalkSnippet> s = {
      {WalkStage::Ids, R"(        b, t = idx.size())", "src/core/models/gpt.cpp",
       R"(  const int T = static_cast<int>(ids.size());
  if (T == 0) throw Error(ErrorKind::EmptyInput, "", "gpt2: empty input");)"},
      {WalkStage::Wte, R"(        tok_emb = self.transformer.wte(idx)  # token embeddings of shape (b, t, n_embd))",
       "src/core/models/gpt.cpp", R"(  embedding_forward(tok, ids, w.wte);)"},
      {WalkStage::Wpe, R"(        pos = torch.arange(0, t, dtype=torch.long, device=idx.device)  # shape (t)
        tok_emb = self.transformer.wte(idx)  # token embeddings of shape (b, t, n_embd)
        pos_emb = self.transformer.wpe(pos)  # position embeddings of shape (t, n_embd))",
       "src/core/models/gpt.cpp", R"(  positional_embedding_forward(pos, T, pos0, w.wpe);)"},
      {WalkStage::Embed, R"(        x = tok_emb + pos_emb)", "src/core/models/gpt.cpp",
       R"(  x = tok + pos;                // (T, C) the residual stream)"},
      {WalkStage::Ln1, R"(        x = x + self.attn(self.ln_1(x)))", "src/core/models/gpt.cpp",
       R"(  layernorm_forward(a.ln1, a.ln1_mean, a.ln1_rstd, x, L.ln_1_w, L.ln_1_b, cfg.layer_norm_epsilon);)"},
      {WalkStage::Attn, R"(        q, k, v = self.c_attn(x).split(self.n_embd, dim=2)
        k = k.view(B, T, self.n_head, C // self.n_head).transpose(1, 2)  # (B, nh, T, hs)
        q = q.view(B, T, self.n_head, C // self.n_head).transpose(1, 2)  # (B, nh, T, hs)
        v = v.view(B, T, self.n_head, C // self.n_head).transpose(1, 2)  # (B, nh, T, hs)
        att = (q @ k.transpose(-2, -1)) * (1.0 / math.sqrt(k.size(-1)))
        att = att.masked_fill(self.bias[:, :, :T, :T] == 0, float('-inf'))
        att = F.softmax(att, dim=-1)
        y = att @ v  # (B, nh, T, T) x (B, nh, T, hs) -> (B, nh, T, hs)
        y = y.transpose(1, 2).contiguous().view(B, T, C)  # re-assemble all head outputs side by side
        y = self.c_proj(y))",
       "src/core/models/gpt.cpp", R"(  conv1d_forward(qkv, a.ln1, L.c_attn_w, &L.c_attn_b);
  a.q = qkv.leftCols(C);
  a.k = qkv.middleCols(C, C);
  a.v = qkv.rightCols(C);)"},
      {WalkStage::Res1, R"(        x = x + self.attn(self.ln_1(x)))", "src/core/models/gpt.cpp",
       R"(  residual_forward(a.res1, x, att_out);)"},
      {WalkStage::Ln2, R"(        x = x + self.mlp(self.ln_2(x)))", "src/core/models/gpt.cpp",
       R"(  layernorm_forward(a.ln2, a.ln2_mean, a.ln2_rstd, a.res1, L.ln_2_w, L.ln_2_b, cfg.layer_norm_epsilon);)"},
      {WalkStage::Mlp, R"(        x = self.c_fc(x)
        x = self.gelu(x)
        x = self.c_proj(x))",
       "src/core/models/gpt.cpp", R"(  conv1d_forward(a.fc, a.ln2, L.c_fc_w, &L.c_fc_b);
  act_forward(a.act, a.fc, Act::GELU_tanh);
  conv1d_forward(mlp_out, a.act, L.mlp_proj_w, &L.mlp_proj_b);)"},
      {WalkStage::Res2, R"(        x = x + self.mlp(self.ln_2(x)))", "src/core/models/gpt.cpp",
       R"(  residual_forward(x, a.res1, mlp_out);)"},
      {WalkStage::LnF, R"(        x = self.transformer.ln_f(x))", "src/core/models/gpt.cpp",
       R"(  layernorm_forward(lnf_, lnf_mean_, lnf_rstd_, x, w.ln_f_w, w.ln_f_b, cfg.layer_norm_epsilon);)"},
      {WalkStage::Logits, R"(        self.transformer.wte.weight = self.lm_head.weight  # weight tying)", "src/core/models/gpt.cpp",
       R"(    matmul<false, true>(logits, lnf_, w.wte, false);  // tied lm_head: lnf wte^T)"},
      {WalkStage::Probs, R"(            logits = logits[:, -1, :] / temperature
            if top_k is not None:
                v, _ = torch.topk(logits, min(top_k, logits.size(-1)))
                logits[logits < v[:, [-1]]] = -float('Inf')
            probs = F.softmax(logits, dim=-1))",
       "src/core/sampling.cpp", R"(    for (int i = 0; i < keep; ++i) z += (e[i] = std::exp((b.rows[i].logit - mx) / cfg.temperature));)"},
      {WalkStage::Token, R"(            idx_next = torch.multinomial(probs, num_samples=1)
            idx = torch.cat((idx, idx_next), dim=1))",
       "src/core/sampling.cpp", R"(  const std::vector<float> p = sampling_probs(logits, vocab, cfg);
  const float u = rng.uniform();)"},
  };
  return s;
}

namespace {

constexpr const char* kRandom = "random";
constexpr size_t kMaxPrompt = 400;
constexpr int kMaxStage = 999;

// A printable label for a token (tok::token_label): spaces shown, a token holding part of a
// character as its bytes, with the character when it completes one begun in `before`.
std::string token_label(const tok::Tokenizer& tk, int id, std::string_view before = {}) {
  return tok::token_label(tk.token_bytes(id), before);
}

// The code of one snippet without its common indentation, for display.
std::string dedent(const char* text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  std::string l;
  size_t common = std::string::npos;
  while (std::getline(in, l)) {
    lines.push_back(l);
    const size_t b = l.find_first_not_of(' ');
    if (b != std::string::npos) common = std::min(common, b);
  }
  if (common == std::string::npos) common = 0;
  std::string out;
  for (size_t i = 0; i < lines.size(); ++i) out += (i ? "\n" : "") + lines[i].substr(std::min(common, lines[i].size()));
  return out;
}

// A highlighted code box (mono font, wrapped to the width by clipping), titled with its file.
void code_box(const char* id, const std::string& title, const std::string& code, md::CodeLang lang, float width) {
  const int n_lines = static_cast<int>(std::count(code.begin(), code.end(), '\n')) + 1;
  ImGui::PushFont(fonts().small);
  ImGui::PushStyleColor(ImGuiCol_Text, palette().text_dim);
  ImGui::TextUnformatted(title.c_str());
  ImGui::PopStyleColor();
  ImGui::PopFont();
  ImGui::PushFont(fonts().mono);
  const float h = ImGui::GetTextLineHeightWithSpacing() * static_cast<float>(n_lines) + 2.0f * ImGui::GetStyle().WindowPadding.y + 8.0f;
  ImGui::PushStyleColor(ImGuiCol_ChildBg, palette().card);
  if (ImGui::BeginChild(id, ImVec2(width, h), true, ImGuiWindowFlags_HorizontalScrollbar | ImGuiWindowFlags_NoScrollWithMouse)) {
    const auto spans = md::highlight(code, lang);
    bool line_start = true;
    for (const auto& sp : spans) {
      size_t b = sp.begin;
      while (b < sp.end) {
        size_t e = code.find('\n', b);
        const bool newline = e != std::string::npos && e < sp.end;
        if (!newline) e = sp.end;
        if (!line_start) ImGui::SameLine(0, 0);
        ImGui::PushStyleColor(ImGuiCol_Text, md::token_color(sp.kind));
        ImGui::TextUnformatted(code.data() + b, code.data() + e);
        ImGui::PopStyleColor();
        line_start = newline;
        b = newline ? e + 1 : e;
      }
    }
  }
  ImGui::EndChild();
  ImGui::PopStyleColor();
  ImGui::PopFont();
}

class GptWalkthrough final : public Widget {
 public:
  GptWalkthrough() {
    params_.text("model", &model_, "kjv-gpt", 80, S::WGwModel).describe(S::WGwModelHelp);
    params_.text("prompt", &prompt_, "The cat sat", kMaxPrompt, S::WGwPrompt).describe(S::WGwPromptHelp);
    params_.integer("stage", &stage_, 0, 0, kMaxStage, S::WGwStage).describe(S::WGwStageHelp);
    params_.integer("pos", &pos_, -1, -1, 4095, S::WGwPos).describe(S::WGwPosHelp).optional();
    params_.real("T", &temperature_, 0.0f, 0.0f, 5.0f, S::WGwT).describe(S::WGwTHelp).optional();
    params_.integer("seed", &seed_, 1337, 0, 1000000, S::WGwSeed).optional();
  }

  void after_params() override {
    if (model_ != kRandom && !is_gpt(model_)) {
      warnings_.push_back(trf(S::WGwNoSuchModel, {tok::utf8_printable(model_, 40)}));
      model_ = "kjv-gpt";
    }
    clamp_to_walk();
  }

  std::string probe_json() const override {
    std::string j = "{\"model\":" + json::quote(model_) + ",\"loaded\":" + json::quote(loaded_) +
                    ",\"random\":" + (loaded_ == kRandom ? "true" : "false") + ",\"error\":" + json::quote(error_) +
                    ",\"prompt\":" + json::quote(prompt_) + ",\"stage\":" + std::to_string(stage_) + ",\"ids\":[";
    if (walk_)
      for (size_t i = 0; i < walk_->ids.size(); ++i) j += (i ? "," : "") + std::to_string(walk_->ids[i]);
    j += "]";
    if (walk_) {
      const GptWalkStage& s = walk_->stages[static_cast<size_t>(stage_)];
      char b[96];
      std::snprintf(b, sizeof b, "%.9g", static_cast<double>(s.value.cast<double>().sum()));
      j += ",\"stages\":" + std::to_string(walk_->stages.size()) + ",\"kind\":" + json::quote(walk_stage_name(s.kind)) +
           ",\"layer\":" + std::to_string(s.layer) + ",\"trace\":" + json::quote(s.trace_name) + ",\"rows\":" +
           std::to_string(s.value.rows()) + ",\"cols\":" + std::to_string(s.value.cols()) + ",\"sum\":" + b +
           ",\"token\":" + std::to_string(walk_->token) + ",\"lens\":[";
      const int t = lens_pos();
      for (size_t r = 0; r < walk_->lens.size(); ++r) {
        j += (r ? ",[" : "[");
        for (size_t k = 0; k < walk_->lens[r][static_cast<size_t>(t)].size(); ++k)
          j += (k ? "," : "") + std::to_string(walk_->lens[r][static_cast<size_t>(t)][k].id);
        j += "]";
      }
      j += "]";
    }
    // Where the step buttons and the prompt box are (CSS px), for the browser test.
    char r[160];
    std::snprintf(r, sizeof r, ",\"next_at\":[%.0f,%.0f],\"back_at\":[%.0f,%.0f],\"prompt_at\":[%.0f,%.0f]", next_at_.x,
                  next_at_.y, back_at_.x, back_at_.y, prompt_at_.x, prompt_at_.y);
    return j + r + "}";
  }

  void draw() override {
    draw_warnings();
    ImGui::PushFont(fonts().small);
    dim_wrapped(tr(S::WGwIntro));
    ImGui::PopFont();
    draw_model_picker();
    if (!ready()) return;
    if (loaded_ == kRandom) {
      ImGui::PushFont(fonts().small);
      if (!fallback_.empty()) warning_wrapped(fallback_);
      dim_wrapped(tr(S::WGwRandomNote));
      ImGui::PopFont();
    }
    const ImVec2 box = ImGui::GetCursorScreenPos();  // the text box starts here (the control ends with its help mark)
    prompt_at_ = ImVec2(box.x + 60.0f, box.y + 0.5f * ImGui::GetFrameHeight());
    params_.control("prompt", std::max(160.0f, std::min(560.0f, ImGui::GetContentRegionAvail().x - 120.0f)));
    compute_if_changed();
    if (!error_.empty()) warning_wrapped(error_);
    if (!walk_) return;
    draw_tokens();
    draw_nav();
    const float avail = ImGui::GetContentRegionAvail().x;
    const bool wide = avail > 980.0f;
    if (wide) {
      ImGui::BeginChild("##stages", ImVec2(220.0f, 560.0f), true);
      draw_stage_list();
      ImGui::EndChild();
      ImGui::SameLine();
    }
    ImGui::BeginGroup();
    const float body_w = wide ? avail - 220.0f - ImGui::GetStyle().ItemSpacing.x : avail;
    ImGui::PushItemWidth(body_w);
    draw_stage(body_w);
    draw_code(body_w);
    ImGui::PopItemWidth();
    ImGui::EndGroup();
    draw_residual();
    draw_lens();
    draw_next();
  }

 private:
  // A GPT-2 model the store can give: shipped with type gpt2, or a dropped-in GPT-2.
  static bool is_gpt(const std::string& name) {
    if (const ShippedModel* m = find_shipped_model(name)) return std::string(m->type) == "gpt2";
    return model_store().known(name) && name.rfind("dropped-gpt2", 0) == 0;
  }

  void draw_model_picker() {
    ImGui::SetNextItemWidth(220.0f);
    const std::string shown = model_ == kRandom ? std::string(tr(S::WGwRandom)) : model_;
    if (ui::begin_combo(tr(S::WGwModel), shown.c_str())) {
      for (const auto& m : model_store().language_models())
        if (is_gpt(m) && ImGui::Selectable(m.c_str(), m == model_, 0, ui::selectable_size())) model_ = m;
      if (ImGui::Selectable(tr(S::WGwRandom), model_ == kRandom, 0, ui::selectable_size())) model_ = kRandom;
      ImGui::EndCombo();
    }
  }

  // The model (and its tokenizer) once the store has it; a model that cannot be had falls back to
  // random weights, labelled as such with the reason.
  bool ready() {
    if (requested_ == model_ && model_ptr_) return true;
    if (model_ != kRandom && failed_ != model_) {
      const ModelState st = model_store().want(model_);
      if (st.phase == ModelPhase::Failed) {
        failed_ = model_;
        fallback_ = trf(S::WGwRandomFallback, {model_, st.message});
      } else if (st.phase != ModelPhase::Ready) {
        draw_model_progress(model_, st);
        return false;
      }
    }
    try {
      if (model_ != kRandom && failed_ != model_) {
        const std::string dir = model_store().dir(model_);
        auto lm = load_model(dir, Gradients::None);
        if (!dynamic_cast<GPT*>(lm.get())) throw Error(ErrorKind::ModelType, lm->model_type(), "not a GPT-2 model");
        std::string err;
        auto t = tok::load_model_tokenizer(dir, gpt2_table_path(), err);
        if (!t) throw Error(ErrorKind::TokenizerFile, model_, err);
        model_ptr_.reset(static_cast<GPT*>(lm.release()));
        tk_ = std::move(t);
        loaded_ = model_;
        fallback_.clear();
      } else {
        load_random();
      }
    } catch (const std::exception& e) {
      failed_ = model_;
      fallback_ = trf(S::WGwLoadFailed, {model_, ui::error_text(e)});
      load_random();
    }
    requested_ = model_;
    key_.clear();
    return true;
  }

  void load_random() {
    std::string alphabet = "\n";
    for (int c = 32; c < 127; ++c) alphabet += static_cast<char>(c);
    tk_ = std::make_unique<tok::CharTokenizer>(tok::CharTokenizer::from_text(alphabet));
    GPTConfig c;
    c.vocab_size = tk_->vocab_size();
    c.n_positions = 64;
    c.n_embd = 64;
    c.n_head = 4;
    c.n_layer = 2;
    model_ptr_ = std::make_unique<GPT>(c, /*random_init=*/false, /*grads=*/false);
    model_ptr_->init_random(1337);
    loaded_ = kRandom;
  }

  void compute_if_changed() {
    char b[64];
    std::snprintf(b, sizeof b, "|%.9g|%d|", static_cast<double>(temperature_), seed_);
    const std::string key = loaded_ + b + prompt_;
    if (key == key_) return;
    key_ = key;
    error_.clear();
    walk_.reset();
    std::vector<int> ids = tk_->encode(prompt_);
    if (ids.empty()) {
      error_ = tr(S::WGwEmptyPrompt);
      return;
    }
    const int maxp = model_ptr_->cfg.n_positions;
    if (static_cast<int>(ids.size()) > maxp) {
      ids.erase(ids.begin(), ids.end() - maxp);
      error_ = trf(S::WGwPromptCut, {std::to_string(maxp)});
    }
    try {
      walk_ = std::make_unique<GptWalk>(gpt_walk(*model_ptr_, ids, SamplerConfig{temperature_, 0, 1.0f},
                                                 static_cast<uint32_t>(seed_)));
    } catch (const std::exception& e) {
      error_ = ui::error_text(e);
      return;
    }
    resid_view_.fit = true;
    labels_.clear();
    std::vector<std::string> bytes;
    for (int id : walk_->ids) bytes.push_back(tk_->token_bytes(id));
    labels_ = tok::token_labels(bytes);
    clamp_to_walk();
  }

  // The URL's stage and position against the computed walk (warnings for values beyond it).
  void clamp_to_walk() {
    if (!walk_) return;
    const int last = static_cast<int>(walk_->stages.size()) - 1;
    if (stage_ > last) {
      warnings_.push_back(trf(S::WGwStageClamped, {std::to_string(stage_), std::to_string(last)}));
      stage_ = last;
    }
    const int T = static_cast<int>(walk_->ids.size());
    if (pos_ >= T) {
      warnings_.push_back(trf(S::WGwPosClamped, {std::to_string(pos_), std::to_string(T)}));
      pos_ = -1;
    }
  }

  int lens_pos() const { return pos_ < 0 ? static_cast<int>(walk_->ids.size()) - 1 : pos_; }

  std::string stage_label(const GptWalkStage& s) const {
    const std::string l = std::to_string(s.layer + 1);
    switch (s.kind) {
      case WalkStage::Ids: return tr(S::WGwSIds);
      case WalkStage::Wte: return tr(S::WGwSWte);
      case WalkStage::Wpe: return tr(S::WGwSWpe);
      case WalkStage::Embed: return tr(S::WGwSEmbed);
      case WalkStage::Ln1: return trf(S::WGwSLn1, {l});
      case WalkStage::Attn: return trf(S::WGwSAttn, {l});
      case WalkStage::Res1: return trf(S::WGwSRes1, {l});
      case WalkStage::Ln2: return trf(S::WGwSLn2, {l});
      case WalkStage::Mlp: return trf(S::WGwSMlp, {l});
      case WalkStage::Res2: return trf(S::WGwSRes2, {l});
      case WalkStage::LnF: return tr(S::WGwSLnF);
      case WalkStage::Logits: return tr(S::WGwSLogits);
      case WalkStage::Probs: return tr(S::WGwSProbs);
      case WalkStage::Token: return tr(S::WGwSToken);
    }
    return "?";
  }

  static S stage_description(WalkStage k) {
    static const S d[] = {S::WGwDIds, S::WGwDWte, S::WGwDWpe,  S::WGwDEmbed, S::WGwDLn1,    S::WGwDAttn,  S::WGwDRes1,
                          S::WGwDLn2, S::WGwDMlp, S::WGwDRes2, S::WGwDLnF,   S::WGwDLogits, S::WGwDProbs, S::WGwDToken};
    return d[static_cast<int>(k)];
  }

  void draw_tokens() {
    TokenChipsStyle ts;
    ts.ids = &walk_->ids;
    ts.show_ids = true;
    int sel = pos_;
    token_chips("##gw-tokens", labels_, &sel, ts);
    pos_ = sel;
  }

  void draw_nav() {
    const int n = static_cast<int>(walk_->stages.size());
    ImGui::BeginDisabled(stage_ <= 0);
    if (ImGui::Button(tr(S::WGwBack))) stage_ = std::max(0, stage_ - 1);
    ImGui::EndDisabled();
    back_at_ = center_of_item();
    ImGui::SameLine();
    ImGui::BeginDisabled(stage_ >= n - 1);
    if (ImGui::Button(tr(S::WGwForward))) stage_ = std::min(n - 1, stage_ + 1);
    ImGui::EndDisabled();
    next_at_ = center_of_item();
    ImGui::SameLine();
    const GptWalkStage& s = walk_->stages[static_cast<size_t>(stage_)];
    ImGui::TextUnformatted(trf(S::WGwStageOf, {std::to_string(stage_), std::to_string(n - 1)}).c_str());
    ImGui::SameLine();
    if (ImGui::GetContentRegionAvail().x < 260.0f) ImGui::NewLine();
    // Narrow screens: the stage list as a combo.
    ImGui::SetNextItemWidth(std::min(260.0f, std::max(160.0f, ImGui::GetContentRegionAvail().x)));
    if (ui::begin_combo("##stage", stage_label(s).c_str())) {
      draw_stage_list();
      ImGui::EndCombo();
    }
  }

  static ImVec2 center_of_item() {
    const ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
    return ImVec2(0.5f * (a.x + b.x), 0.5f * (a.y + b.y));
  }

  void draw_stage_list() {
    ImGui::PushFont(fonts().small);
    for (size_t i = 0; i < walk_->stages.size(); ++i) {
      ImGui::PushID(static_cast<int>(i));
      if (ImGui::Selectable(stage_label(walk_->stages[i]).c_str(), static_cast<int>(i) == stage_, 0, ui::selectable_size()))
        stage_ = static_cast<int>(i);
      ImGui::PopID();
    }
    ImGui::PopFont();
  }

  std::string shape_text(const GptWalkStage& s) const {
    const int T = static_cast<int>(walk_->ids.size());
    const GPTConfig& c = model_ptr_->cfg;
    const std::string r = std::to_string(s.value.rows()), k = std::to_string(s.value.cols());
    switch (s.kind) {
      case WalkStage::Ids: return trf(S::WGwShape, {"(1, T)", "(1, " + std::to_string(T) + ")"});
      case WalkStage::Logits: return trf(S::WGwShape, {"(T, vocab)", "(" + r + ", " + k + ")"});
      case WalkStage::Probs: return trf(S::WGwShape, {"(vocab)", "(" + std::to_string(c.vocab_size) + ")"});
      case WalkStage::Token: return trf(S::WGwShape, {"(1)", "(1)"});
      default: return trf(S::WGwShape, {"(T, C)", "(" + r + ", " + k + ")"});
    }
  }

  void draw_stage(float width) {
    const GptWalkStage& s = walk_->stages[static_cast<size_t>(stage_)];
    ImGui::PushFont(fonts().h3);
    ImGui::TextUnformatted(stage_label(s).c_str());
    ImGui::PopFont();
    ImGui::SameLine();
    ImGui::PushFont(fonts().mono);
    ImGui::TextUnformatted(shape_text(s).c_str());
    ImGui::PopFont();
    ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + width);
    dim_wrapped(tr(stage_description(s.kind)));
    ImGui::PopTextWrapPos();
    const int T = static_cast<int>(walk_->ids.size());
    switch (s.kind) {
      case WalkStage::Ids: {
        MatrixStyle ms;
        ms.name = "ids";
        ms.col_labels = &labels_;
        ms.decimals = 0;
        ms.tint = false;
        matrix_view("##gw-ids", s.value.data(), 1, T, ms);
        break;
      }
      case WalkStage::Probs:
      case WalkStage::Token: draw_distribution(); break;
      default: {
        HeatmapStyle hs;
        hs.cmap = Colormap::Diverging;
        const float m = std::max(1e-6f, s.value.cwiseAbs().maxCoeff());
        hs.vmin = -m;
        hs.vmax = m;
        hs.row_labels = &labels_;
        hs.max_cell = 40.0f;
        hs.max_height = 300.0f;
        hs.export_name = "gpt-walk-stage";
        heatmap("##gw-tensor", s.value.data(), static_cast<int>(s.value.rows()), static_cast<int>(s.value.cols()), hs);
        // The actual numbers (the corners of a large tensor), rows labelled by token.
        MatrixStyle ms;
        ms.row_labels = &labels_;
        ms.decimals = 3;
        ms.max_rows = 8;
        ms.max_cols = std::max(4, std::min(10, static_cast<int>(width / 80.0f)));
        ms.export_name = "gpt-walk-stage-values";
        matrix_view("##gw-values", s.value.data(), static_cast<int>(s.value.rows()), static_cast<int>(s.value.cols()), ms);
        if (s.kind == WalkStage::Attn) draw_heads(s, width);
      }
    }
  }

  void draw_heads(const GptWalkStage& s, float width) {
    ImGui::TextUnformatted(tr(S::WGwHeads));
    const int T = static_cast<int>(walk_->ids.size());
    const int nh = static_cast<int>(s.heads.size());
    const float each = std::max(150.0f, std::min(320.0f, width / static_cast<float>(std::max(1, nh)) - 12.0f));
    float x = 0;
    for (int h = 0; h < nh; ++h) {
      if (h > 0 && x + each <= width) ImGui::SameLine(0, 12.0f);
      else if (h > 0) x = 0;
      x += each + 12.0f;
      ImGui::BeginGroup();
      ImGui::PushFont(fonts().small);
      ImGui::TextUnformatted(trf(S::WGwHeadN, {std::to_string(h + 1)}).c_str());
      ImGui::PopFont();
      // The masked upper triangle in grey (non-finite), as the attention lab shows it.
      head_buf_.assign(static_cast<size_t>(T) * static_cast<size_t>(T), 0.0f);
      for (int i = 0; i < T; ++i)
        for (int j = 0; j < T; ++j)
          head_buf_[static_cast<size_t>(i * T + j)] = j > i ? NAN : s.heads[static_cast<size_t>(h)](i, j);
      HeatmapStyle hs;
      hs.vmin = 0;
      hs.vmax = 1;
      hs.colorbar = false;
      hs.max_cell = std::max(2.0f, (each - 20.0f) / static_cast<float>(T));
      hs.max_height = each;
      ImGui::PushID(h);
      heatmap("##gw-head", head_buf_.data(), T, T, hs);
      ImGui::PopID();
      ImGui::EndGroup();
    }
  }

  void draw_code(float width) {
    const WalkStage k = walk_->stages[static_cast<size_t>(stage_)].kind;
    const WalkSnippet& sn = gpt_walk_snippets()[static_cast<size_t>(k)];
    const bool side = width > 900.0f;
    const float w = side ? 0.5f * (width - ImGui::GetStyle().ItemSpacing.x) : width;
    ImGui::BeginGroup();
    code_box("##gw-py", trf(S::WGwPyCode, {kWalkPyFile}), dedent(sn.py), md::CodeLang::Python, w);
    ImGui::EndGroup();
    if (side) ImGui::SameLine();
    ImGui::BeginGroup();
    code_box("##gw-cpp", trf(S::WGwCppCode, {sn.cpp_file}), dedent(sn.cpp), md::CodeLang::Cpp, w);
    ImGui::EndGroup();
  }

  void draw_residual() {
    ImGui::PushFont(fonts().h3);
    ImGui::TextUnformatted(tr(S::WGwResidHeading));
    ImGui::PopFont();
    const GptWalkStage& s = walk_->stages[static_cast<size_t>(stage_)];
    if (s.resid_point >= 0) dim_wrapped(trf(S::WGwResidNow, {std::to_string(s.resid_point)}));
    std::vector<Series> series;
    const Mat& n = walk_->resid_norm;
    for (Eigen::Index t = 0; t < n.cols(); ++t) {
      Series se;
      se.name = std::to_string(t) + ": " + labels_[static_cast<size_t>(t)];
      for (Eigen::Index r = 0; r < n.rows(); ++r) {
        se.x.push_back(static_cast<float>(r));
        se.y.push_back(n(r, t));
      }
      series.push_back(std::move(se));
    }
    LinePlotStyle ps;
    ps.height = 220.0f;
    ps.x_label = tr(S::WGwResidX);
    ps.y_label = tr(S::WGwResidY);
    ps.legend = n.cols() <= 12;
    ps.export_name = "gpt-walk-residual-norm";
    line_plot("##gw-resid", series, resid_view_, ps);
  }

  void draw_lens() {
    const int t = lens_pos();
    ImGui::PushFont(fonts().h3);
    ui::text_wrapped(trf(S::WGwLensHeading, {std::to_string(t), labels_[static_cast<size_t>(t)]}));
    ImGui::PopFont();
    ImGui::PushFont(fonts().small);
    dim_wrapped(tr(S::WGwLensHint));
    ImGui::PopFont();
    const int k = walk_->lens.empty() ? 0 : static_cast<int>(walk_->lens[0][0].size());
    const GptWalkStage& s = walk_->stages[static_cast<size_t>(stage_)];
    // The row the current stage's stream belongs to: after the embeddings (0) or after block l (l + 1).
    const int now = s.layer < 0 ? (s.kind == WalkStage::Wte || s.kind == WalkStage::Wpe || s.kind == WalkStage::Ids
                                       ? -1
                                       : (s.kind == WalkStage::Embed ? 0 : static_cast<int>(walk_->lens.size()) - 1))
                                : s.layer + (s.kind == WalkStage::Res2 ? 1 : 0);
    const ImGuiTableFlags f = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_SizingStretchProp;
    if (!begin_table("##gw-lens", k + 1, f, 0)) return;
    ImGui::TableSetupColumn(tr(S::WGwLensLayer));
    for (int i = 0; i < k; ++i) ImGui::TableSetupColumn(("#" + std::to_string(i + 1)).c_str());
    ImGui::TableHeadersRow();
    for (size_t r = 0; r < walk_->lens.size(); ++r) {
      ImGui::TableNextRow();
      if (static_cast<int>(r) == now)
        ImGui::TableSetBgColor(ImGuiTableBgTarget_RowBg1, palette().accent_soft);
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(r == 0 ? tr(S::WGwLensEmbed) : trf(S::WGwLensBlock, {std::to_string(r)}).c_str());
      const std::vector<int> upto(walk_->ids.begin(), walk_->ids.begin() + std::min<size_t>(walk_->ids.size(), static_cast<size_t>(t) + 1));
      const std::string before = tk_->decode(upto);  // the text the lens predicts after
      for (const LensEntry& e : walk_->lens[r][static_cast<size_t>(t)]) {
        ImGui::TableNextColumn();
        ImGui::PushFont(fonts().mono);
        ImGui::Text("%s %.3f", token_label(*tk_, e.id, before).c_str(), static_cast<double>(e.p));
        ImGui::PopFont();
      }
    }
    end_table();
  }

  void draw_distribution() {
    ImGui::TextUnformatted(tr(S::WGwFinalHeading));
    const RowVec& probs = walk_->probs;
    const std::vector<int> top = top_indices(probs.data(), static_cast<int>(probs.size()), 10);
    std::vector<float> v;
    std::vector<std::string> l;
    int hi = -1;
    const std::string before = tk_->decode(walk_->ids);
    for (size_t i = 0; i < top.size(); ++i) {
      v.push_back(probs(top[i]));
      l.push_back(token_label(*tk_, top[i], before));
      if (top[i] == walk_->token) hi = static_cast<int>(i);
    }
    BarChartStyle bs;
    bs.highlight = hi;
    bs.height = 200.0f;
    bar_chart("##gw-final", v, l, bs);
  }

  void draw_next() {
    const std::string how = temperature_ > 0 ? trf(S::WGwSampled, {format_float(temperature_), std::to_string(seed_)})
                                             : std::string(tr(S::WGwGreedy));
    char p[32];
    std::snprintf(p, sizeof p, "%.4f", static_cast<double>(walk_->probs(walk_->token)));
    ImGui::PushFont(fonts().bold);
    ui::text_wrapped(trf(S::WGwNext, {"'" + token_label(*tk_, walk_->token, tk_->decode(walk_->ids)) + "'", p, how}));
    ImGui::PopFont();
  }

  // Parameters.
  std::string model_, prompt_;
  int stage_ = 0, pos_ = -1, seed_ = 1337;
  float temperature_ = 0.0f;
  // Model, tokenizer and the computed walk.
  std::unique_ptr<GPT> model_ptr_;
  std::unique_ptr<tok::Tokenizer> tk_;
  std::string requested_, loaded_, failed_, fallback_, key_, error_;  // requested_: the model_ loaded_ stands for
  std::unique_ptr<GptWalk> walk_;
  std::vector<std::string> labels_;
  std::vector<float> head_buf_;
  LinePlotView resid_view_;
  ImVec2 next_at_{0, 0}, back_at_{0, 0}, prompt_at_{0, 0};
};

}  // namespace

TMX_REGISTER_WIDGET(GptWalkthrough, "gpt-walkthrough", "GPT walkthrough",
                    "One prompt through every module of a trained GPT: tensors, residual norms, logit lens, and the "
                    "matching lines of PyTorch and C++.");

}  // namespace tmx::ui
