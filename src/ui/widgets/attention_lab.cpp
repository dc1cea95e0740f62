// "Attention lab": type text, watch one attention head of a real (core) GPT work on it.
//
// [SECTION] Helpers (paths, labels, text box)
// [SECTION] Params (URL state)
// [SECTION] Pipeline (tokenize -> model -> forward, sliced over frames)
// [SECTION] Panels: controls, tokens, stages, query row, all heads + ablation, worked example
// [SECTION] Registration
#include "ui/widgets/attention_lab.h"

#include <imgui.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>

#include "core/error.h"
#include "core/model_loader.h"
#include "core/nn/ops.h"
#include "core/softmax.h"
#include "core/tokenizer/char_tokenizer.h"
#include "core/tokenizer/gpt2_tokenizer.h"
#include "ui/bar_chart.h"
#include "ui/fonts.h"
#include "ui/lab_plots.h"
#include "ui/theme.h"

namespace tmx::ui {

//-----------------------------------------------------------------------------
// [SECTION] Helpers (paths, labels, text box)
//-----------------------------------------------------------------------------
namespace {

#ifdef __EMSCRIPTEN__
const std::string kAssets = "/assets";
const std::string kGenAssets = "/assets/gen";
#else
const std::string kAssets = TMX_ASSETS_DIR;
const std::string kGenAssets = TMX_GEN_ASSETS_DIR;
#endif

// Link budget for the text: percent-encoded, it must leave room in a 4 KB address.
constexpr size_t kUrlTextBudget = 1500;
constexpr double kFrameBudgetMs = 20.0;
constexpr int kFillChunk = 1 << 16;  // embedding values drawn per pipeline step

const char* const kStageNames[] = {"Embeddings", "Q, K, V", "Scores  Q K^T", "Scaled", "Masked", "Softmax weights",
                                   "Output"};
const char* const kStageFormula[] = {
    "x_i = wte[id_i] + wpe[i]        (token embedding + learned position embedding)",
    "Q = LN(x) W_Q,  K = LN(x) W_K,  V = LN(x) W_V      (this head's d_k columns)",
    "S = Q K^T            S_ij = q_i · k_j",
    "S / √d_k       keeps the scores' spread independent of d_k",
    "S_ij = -inf for j > i (causal: a token never sees later ones)",
    "A_ij = exp(S_ij) / sum_j' exp(S_ij')      each row sums to 1",
    "O = A V             row i is a weighted mix of the value vectors"};
constexpr int kStages = 7;

size_t encoded_len(unsigned char c) {
  return (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~' || c == ',') ? 1 : 3;
}

// The longest prefix of s whose percent-encoding fits the budget, cut at a UTF-8 boundary.
std::string url_prefix(const std::string& s, size_t budget) {
  size_t n = 0, i = 0;
  while (i < s.size() && n + encoded_len(static_cast<unsigned char>(s[i])) <= budget) n += encoded_len(static_cast<unsigned char>(s[i++]));
  while (i > 0 && i < s.size() && (static_cast<unsigned char>(s[i]) & 0xC0) == 0x80) --i;
  return s.substr(0, i);
}

// A token as the learner should see it: spaces as a middle dot, newlines as \n.
std::string visible(const std::string& bytes) {
  std::string out;
  for (char c : bytes) {
    if (c == ' ') out += "\xC2\xB7";
    else if (c == '\n') out += "\\n";
    else if (c == '\t') out += "\\t";
    else if (static_cast<unsigned char>(c) < 32) out += "?";
    else out += c;
  }
  return out.empty() ? std::string("\xE2\x88\x85") : out;
}

std::vector<float> flat(const Mat& m) { return std::vector<float>(m.data(), m.data() + m.size()); }
Mat from_flat(const std::vector<float>& v, int r, int c) {
  Mat m(r, c);
  for (int i = 0; i < r * c; ++i) m.data()[i] = i < static_cast<int>(v.size()) ? v[i] : 0.0f;
  return m;
}

const std::vector<float> kWq = {1.0f, 0.0f, 1.0f, 0.0f, 0.0f, 2.0f, 0.0f, 1.0f, 1.0f, 1.0f, 0.0f, 0.0f};
const std::vector<float> kWk = {1.0f, 0.0f, 0.0f, 1.0f, 0.0f, 1.0f, 1.0f, 0.0f, 1.0f, 1.0f, 0.0f, 1.0f};
const std::vector<float> kWv = {0.5f, 0.0f, 1.0f, 0.0f, 0.0f, 1.0f, 0.0f, 0.5f, 1.0f, 1.0f, 1.0f, 1.0f};

struct TextBuf {
  std::string* s;
  size_t max;
};
int text_resize(ImGuiInputTextCallbackData* d) {
  if (d->EventFlag == ImGuiInputTextFlags_CallbackResize) {
    auto* tb = static_cast<TextBuf*>(d->UserData);
    tb->s->resize(static_cast<size_t>(d->BufTextLen));
    d->Buf = tb->s->data();
  }
  return 0;
}

const Palette& pal() { return palette(); }
void dim_text(const char* s) { ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(pal().text_dim), "%s", s); }
void formula(const char* s) {
  ImGui::PushFont(fonts().mono);
  ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(pal().accent), "%s", s);
  ImGui::PopFont();
}

}  // namespace

AttentionLab::AttentionLab() : wq_(kWq), wk_(kWk), wv_(kWv) {
  std::error_code ec;
  for (const auto& e : std::filesystem::directory_iterator(kAssets + "/models", ec)) {
    if (std::filesystem::exists(e.path() / "config.json", ec)) found_models_.push_back(e.path().filename().string());
  }
  std::sort(found_models_.begin(), found_models_.end());
}
AttentionLab::~AttentionLab() = default;

//-----------------------------------------------------------------------------
// [SECTION] Params (URL state)
//-----------------------------------------------------------------------------
void AttentionLab::set_params(const Params& p) {
  warnings_.clear();
  const std::string text = param_get(p, "text", "the cat sat on the mat");
  if (text != text_) {
    text_ = text.substr(0, kMaxTextBytes);
    invalidate_tokens();
  }
  const std::string tok = param_get(p, "tok", "char");
  const std::string tok_ok = (tok == "char" || tok == "gpt2") ? tok : "char";
  if (tok_ok != tok) warnings_.push_back("'tok' must be char or gpt2; using char.");
  const std::string model = param_get(p, "model", "random");
  std::string model_ok = "random";
  if (model != "random") {
    if (std::find(found_models_.begin(), found_models_.end(), model) != found_models_.end()) model_ok = model;
    else warnings_.push_back("model '" + model.substr(0, 40) + "' is not in assets/models; using the random model.");
  }
  const int seed = param_int(p, "seed", 1, 0, 1000000, warnings_);
  const int layers = param_int(p, "layers", 2, 1, 6, warnings_);
  const int heads = param_int(p, "heads", 4, 1, 8, warnings_);
  int width = param_int(p, "width", 32, 8, 128, warnings_);
  if (width % heads != 0) {
    const int w2 = std::max(heads, width / heads * heads);
    warnings_.push_back("'width' must be a multiple of 'heads'; using " + std::to_string(w2) + ".");
    width = w2;
  }
  if (tok_ok != tok_ || model_ok != model_name_ || seed != seed_ || layers != n_layer_ || heads != n_head_ ||
      width != width_) {
    if (tok_ok != tok_) invalidate_tokens();
    tok_ = tok_ok, model_name_ = model_ok, seed_ = seed, n_layer_ = layers, n_head_ = heads, width_ = width;
    invalidate_model();
  }
  layer_ = param_int(p, "layer", 0, 0, 7, warnings_);
  head_ = param_int(p, "head", 0, 0, 7, warnings_);
  query_ = param_int(p, "query", -1, -1, kMaxTokens - 1, warnings_);
  stage_ = param_int(p, "stage", kStages - 1, 0, kStages - 1, warnings_);
  step_mode_ = param_int(p, "step", 0, 0, 1, warnings_) != 0;
  const bool causal = param_int(p, "causal", 1, 0, 1, warnings_) != 0;
  std::set<int> ablate;
  for (float f : param_floats(p, "ablate", {}, 64, 0, 63, warnings_)) ablate.insert(static_cast<int>(f));
  if (causal != causal_ || ablate != ablate_) invalidate_forward();
  causal_ = causal;
  ablate_ = ablate;
  const std::string tab = param_get(p, "tab", "pipeline");
  tab_ = (tab == "pipeline" || tab == "heads" || tab == "example") ? tab : "pipeline";
  force_tab_ = 2;
  if (tab_ != tab) warnings_.push_back("'tab' must be pipeline, heads or example.");
  wq_ = param_floats(p, "wq", kWq, 12, -10, 10, warnings_);
  wk_ = param_floats(p, "wk", kWk, 12, -10, 10, warnings_);
  wv_ = param_floats(p, "wv", kWv, 12, -10, 10, warnings_);
  for (auto* v : {&wq_, &wk_, &wv_}) v->resize(12, 0.0f);
}

Params AttentionLab::params() const {
  Params p = {{"text", url_prefix(text_, kUrlTextBudget)},
              {"tok", tok_},
              {"model", model_name_},
              {"seed", std::to_string(seed_)},
              {"layers", std::to_string(n_layer_)},
              {"heads", std::to_string(n_head_)},
              {"width", std::to_string(width_)},
              {"layer", std::to_string(layer_)},
              {"head", std::to_string(head_)},
              {"causal", causal_ ? "1" : "0"},
              {"query", std::to_string(query_)},
              {"step", step_mode_ ? "1" : "0"},
              {"stage", std::to_string(stage_)},
              {"tab", tab_}};
  if (!ablate_.empty()) {
    std::string s;
    for (int a : ablate_) s += (s.empty() ? "" : ",") + std::to_string(a);
    p.emplace_back("ablate", s);
  }
  if (wq_ != kWq) p.emplace_back("wq", format_floats(wq_));
  if (wk_ != kWk) p.emplace_back("wk", format_floats(wk_));
  if (wv_ != kWv) p.emplace_back("wv", format_floats(wv_));
  return p;
}

//-----------------------------------------------------------------------------
// [SECTION] Pipeline (tokenize -> model -> forward, sliced over frames)
//-----------------------------------------------------------------------------
// Each phase is cheap or chunked: the only big allocation (GPT-2's 50257-row embedding table)
// is filled kFillChunk values per step, so no frame blocks for long.
void AttentionLab::invalidate_tokens() { phase_ = Phase::Tokenize; }
void AttentionLab::invalidate_model() {
  model_dirty_ = true;
  if (phase_ > Phase::Model) phase_ = Phase::Model;
}
void AttentionLab::invalidate_forward() {
  if (phase_ > Phase::Forward) phase_ = Phase::Forward;
}

const tok::Tokenizer& AttentionLab::tokenizer() {
  if (!char_tok_) {
    std::string alphabet = "\n";
    for (int c = 32; c < 127; ++c) alphabet += static_cast<char>(c);
    char_tok_ = std::make_unique<tok::CharTokenizer>(tok::CharTokenizer::from_text(alphabet));
  }
  if (tok_ == "gpt2") {
    if (!gpt2_tok_ && gpt2_error_.empty()) {
      gpt2_tok_ = tok::Gpt2Tokenizer::load_file(kGenAssets + "/tokenizers/gpt2.tmxbpe", gpt2_error_);
      if (!gpt2_tok_ && gpt2_error_.empty()) gpt2_error_ = "could not load the GPT-2 table";
    }
    if (gpt2_tok_) return *gpt2_tok_;
  }
  return *char_tok_;
}

GPTForwardOptions AttentionLab::forward_options() const {
  GPTForwardOptions o;
  o.causal = causal_;
  o.last_logits_only = true;
  if (model_ && !ablate_.empty()) {
    o.zero_heads.assign(static_cast<size_t>(model_->cfg.n_layer) * model_->cfg.n_head, 0);
    for (int a : ablate_)
      if (a < static_cast<int>(o.zero_heads.size())) o.zero_heads[a] = 1;
  }
  return o;
}

bool AttentionLab::advance_one() {
  try {
    switch (phase_) {
      case Phase::Tokenize: {
        runtime_warnings_.clear();
        const tok::Tokenizer& tk = tokenizer();
        if (tok_ == "gpt2" && !gpt2_tok_) runtime_warnings_.push_back("GPT-2 tokenizer unavailable (" + gpt2_error_ + "); using characters.");
        // Only the first kMaxTokens tokens reach the model, so only a prefix of a long text is
        // tokenized (a token is rarely longer than 32 bytes); the last two pieces are dropped
        // when cut, as the cut may have split them.
        const size_t prefix = std::min(text_.size(), static_cast<size_t>(kMaxTokens) * 32);
        std::vector<tok::TokenSpan> spans;
        tk.encode_spans(std::string_view(text_).substr(0, prefix), spans);
        text_cut_ = false;
        if (prefix < text_.size() && spans.size() > 2) spans.resize(spans.size() - 2);
        text_tokens_total_ = spans.size();
        if (spans.size() > static_cast<size_t>(kMaxTokens) || prefix < text_.size()) {
          text_cut_ = true;
          if (spans.size() > static_cast<size_t>(kMaxTokens)) spans.resize(kMaxTokens);
        }
        ids_.clear();
        labels_.clear();
        for (const auto& s : spans) {
          ids_.push_back(s.id);
          labels_.push_back(tk.name() == "char" && s.id == static_cast<const tok::CharTokenizer&>(tk).unk_id()
                                ? std::string("<unk>")
                                : visible(text_.substr(s.begin, s.end - s.begin)));
        }
        if (ids_.empty()) {
          ids_.push_back(0);
          labels_.push_back(visible(tk.token_bytes(0)));
          runtime_warnings_.push_back("The text is empty; showing one token with id 0.");
        }
        if (!model_ || (model_name_ == "random" && model_->cfg.vocab_size != tk.vocab_size())) model_dirty_ = true;
        phase_ = model_dirty_ ? Phase::Model : Phase::Forward;
        return true;
      }
      case Phase::Model: {
        model_note_.clear();
        if (model_name_ != "random") {
          auto lm = load_model(kAssets + "/models/" + model_name_);
          GPT* g = dynamic_cast<GPT*>(lm.get());
          if (!g) throw Error("model '" + model_name_ + "' is a " + lm->model_type() + "; the attention lab needs a GPT-2 model");
          lm.release();
          model_.reset(g);
          model_note_ = "Trained model '" + model_name_ + "'";
          model_dirty_ = false;
          phase_ = Phase::Forward;
          return true;
        }
        const int V = tokenizer().vocab_size();
        GPTConfig c;
        c.n_positions = kMaxTokens;
        c.n_embd = width_;
        c.n_head = n_head_;
        c.n_layer = n_layer_;
        c.vocab_size = 1;  // the real table is filled in slices below
        model_ = std::make_unique<GPT>(c, /*random_init=*/false);
        model_->init_random(static_cast<uint32_t>(seed_));
        model_->w.wte.resize(V, width_);
        fill_rng_ = std::make_unique<Rng>(static_cast<uint32_t>(seed_) * 2654435761u + 17u);
        fill_row_ = 0;
        fill_vocab_ = V;
        phase_ = Phase::FillEmbedding;
        return true;
      }
      case Phase::FillEmbedding: {
        const int rows = std::max(1, kFillChunk / width_);
        const int end = std::min(fill_vocab_, fill_row_ + rows);
        for (int r = fill_row_; r < end; ++r)
          for (int j = 0; j < width_; ++j) model_->w.wte(r, j) = fill_rng_->normal(0.0f, 0.02f);
        fill_row_ = end;
        if (fill_row_ >= fill_vocab_) {
          model_->cfg.vocab_size = fill_vocab_;
          model_dirty_ = false;
          model_note_ = "Random GPT (seed " + std::to_string(seed_) + "): " + std::to_string(n_layer_) + " layers, " +
                        std::to_string(n_head_) + " heads, width " + std::to_string(width_) + ", vocabulary " +
                        std::to_string(fill_vocab_);
          phase_ = Phase::Forward;
        }
        return true;
      }
      case Phase::Forward: {
        for (int& id : ids_)
          if (id < 0 || id >= model_->cfg.vocab_size) {
            id = 0;
            runtime_warnings_.push_back("a token id is outside the model's vocabulary; replaced by 0.");
          }
        layer_ = std::min(layer_, model_->cfg.n_layer - 1);
        head_ = std::min(head_, model_->cfg.n_head - 1);
        trace_.clear();
        const Mat logits = model_->forward_with(ids_, forward_options(), &trace_);
        Mat p;
        softmax_forward(p, logits);
        probs_ = flat(p);
        base_probs_.clear();
        phase_ = ablate_.empty() ? Phase::Done : Phase::Baseline;
        return true;
      }
      case Phase::Baseline: {
        GPTForwardOptions o = forward_options();
        o.zero_heads.clear();
        Mat p;
        softmax_forward(p, model_->forward_with(ids_, o));
        base_probs_ = flat(p);
        phase_ = Phase::Done;
        return true;
      }
      case Phase::Done:
        return false;
    }
  } catch (const std::exception& e) {
    runtime_warnings_.push_back(std::string("could not compute: ") + e.what());
    if (model_name_ != "random") {
      model_name_ = "random";
      phase_ = Phase::Model;
      return true;
    }
    phase_ = Phase::Done;
    trace_.clear();
  }
  return false;
}

void AttentionLab::advance(double budget_ms) {
  const auto t0 = std::chrono::steady_clock::now();
  while (phase_ != Phase::Done) {
    if (!advance_one()) break;
    const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
    if (ms > budget_ms) break;
  }
}

void AttentionLab::compute_now() {
  while (phase_ != Phase::Done && advance_one()) {
  }
}

const Mat* AttentionLab::shown(const std::string& stage) const {
  if (phase_ != Phase::Done || !model_) return nullptr;
  const std::string p = "h." + std::to_string(layer_) + ".attn.";
  if (stage == "q" || stage == "k" || stage == "v") {
    if (const Mat* per_head = trace_.get(p + "head." + std::to_string(head_) + "." + stage)) return per_head;
    const Mat* m = trace_.get(p + stage);  // older traces: slice this head's columns
    if (!m) return nullptr;
    const int hd = model_->cfg.n_embd / model_->cfg.n_head;
    Mat& slice = head_slice_[stage == "q" ? 0 : stage == "k" ? 1 : 2];
    slice = m->middleCols(head_ * hd, hd);
    return &slice;
  }
  return trace_.get(p + "head." + std::to_string(head_) + "." + stage);
}

//-----------------------------------------------------------------------------
// [SECTION] Panels: controls, tokens, stages, query row, all heads + ablation, worked example
//-----------------------------------------------------------------------------
bool AttentionLab::text_box() {
  TextBuf tb{&text_, kMaxTextBytes};
  const float w = ImGui::GetContentRegionAvail().x;
  const bool changed = ImGui::InputTextMultiline("##text", text_.data(), text_.capacity() + 1,
                                                 ImVec2(w, ImGui::GetTextLineHeight() * 3.2f),
                                                 ImGuiInputTextFlags_CallbackResize, text_resize, &tb);
  if (text_.size() > kMaxTextBytes) {
    text_.resize(kMaxTextBytes);
    runtime_warnings_.push_back("the text was cut at 200,000 bytes");
  }
  return changed;
}

void AttentionLab::draw_controls() {
  ImGui::TextUnformatted("Text");
  if (text_box()) invalidate_tokens();
  ImGui::PushFont(fonts().small);
  if (text_cut_)
    dim_text(("The model reads the first " + std::to_string(ids_.size()) + " tokens (its context is " +
              std::to_string(kMaxTokens) + ").").c_str());
  if (url_prefix(text_, kUrlTextBudget).size() < text_.size())
    ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(pal().warning),
                       "The link keeps only the first %zu bytes of this %zu-byte text; the text here is intact.",
                       url_prefix(text_, kUrlTextBudget).size(), text_.size());
  ImGui::PopFont();

  const float item_w = 130.0f;
  const bool wide = ImGui::GetContentRegionAvail().x > 620.0f;  // narrow: one control per line
  int tok_i = tok_ == "gpt2" ? 1 : 0;
  ImGui::SetNextItemWidth(item_w);
  if (ImGui::Combo("Tokenizer", &tok_i, "characters\0GPT-2 BPE\0")) {
    tok_ = tok_i ? "gpt2" : "char";
    invalidate_tokens();
    invalidate_model();
  }
  if (wide) ImGui::SameLine();
  ImGui::SetNextItemWidth(item_w + 40);
  if (ImGui::BeginCombo("Model", model_name_ == "random" ? "random GPT" : model_name_.c_str())) {
    if (ImGui::Selectable("random GPT", model_name_ == "random")) {
      model_name_ = "random";
      invalidate_model();
    }
    for (const auto& m : found_models_)
      if (ImGui::Selectable(m.c_str(), model_name_ == m)) {
        model_name_ = m;
        invalidate_model();
      }
    if (found_models_.empty()) ImGui::TextDisabled("no trained models in assets/models yet");
    ImGui::EndCombo();
  }
  if (model_name_ == "random") {
    int v[4] = {n_layer_, n_head_, width_, seed_};
    ImGui::SetNextItemWidth(item_w);
    bool ch = ImGui::SliderInt("layers", &v[0], 1, 6);
    if (wide) ImGui::SameLine();
    ImGui::SetNextItemWidth(item_w);
    ch |= ImGui::SliderInt("heads", &v[1], 1, 8);
    ImGui::SetNextItemWidth(item_w);
    ch |= ImGui::SliderInt("width", &v[2], 8, 128);
    if (wide) ImGui::SameLine();
    ImGui::SetNextItemWidth(item_w);
    ch |= ImGui::InputInt("seed", &v[3]);
    if (ch) {
      // Typed values (Ctrl+click) can be anything: clamp, and keep width a multiple of heads.
      v[0] = std::clamp(v[0], 1, 6);
      v[1] = std::clamp(v[1], 1, 8);
      v[2] = std::clamp(v[2], 8, 128);
      v[2] = std::max(v[1], v[2] / v[1] * v[1]);
      v[3] = std::clamp(v[3], 0, 1000000);
      n_layer_ = v[0], n_head_ = v[1], width_ = v[2], seed_ = v[3];
      ablate_.clear();
      invalidate_model();
    }
  }
  if (model_) {
    ImGui::SetNextItemWidth(item_w);
    int l = layer_, h = head_;
    if (ImGui::SliderInt("layer", &l, 0, model_->cfg.n_layer - 1)) layer_ = std::clamp(l, 0, model_->cfg.n_layer - 1);
    if (wide) ImGui::SameLine();
    ImGui::SetNextItemWidth(item_w);
    if (ImGui::SliderInt("head", &h, 0, model_->cfg.n_head - 1)) head_ = std::clamp(h, 0, model_->cfg.n_head - 1);
    if (wide) ImGui::SameLine();
    if (ImGui::Checkbox("causal mask", &causal_)) invalidate_forward();
  }
}

void AttentionLab::draw_tokens() {
  ImGui::PushFont(fonts().small);
  dim_text((std::to_string(ids_.size()) + " tokens (" + std::string(tok_ == "gpt2" && gpt2_tok_ ? "GPT-2 BPE" : "characters") +
            "); click one to see where it looks").c_str());
  ImGui::PopFont();
  const float right = ImGui::GetCursorScreenPos().x + ImGui::GetContentRegionAvail().x;
  ImGui::PushFont(fonts().mono);
  for (size_t i = 0; i < ids_.size(); ++i) {
    char buf[96];
    std::snprintf(buf, sizeof buf, "%s\n%d##chip%zu", labels_[i].c_str(), ids_[i], i);
    const ImVec2 sz = ImGui::CalcTextSize(buf, nullptr, true);
    const float w = sz.x + 12.0f;
    if (i > 0) {
      ImGui::SameLine(0, 4);
      if (ImGui::GetCursorScreenPos().x + w > right) ImGui::NewLine();
    }
    const bool sel = static_cast<int>(i) == query_;
    ImGui::PushStyleColor(ImGuiCol_Button, sel ? pal().accent : pal().accent_soft);
    if (ImGui::Button(buf, ImVec2(w, 0))) query_ = sel ? -1 : static_cast<int>(i);
    ImGui::PopStyleColor();
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("token %zu: \"%s\"  id %d", i, labels_[i].c_str(), ids_[i]);
  }
  ImGui::PopFont();
}

void AttentionLab::draw_stage(int s) {
  const int hd = model_->cfg.n_embd / model_->cfg.n_head;
  char title[96];
  std::snprintf(title, sizeof title, "%d. %s", s + 1, kStageNames[s]);
  ImGui::PushFont(fonts().h3);
  ImGui::TextUnformatted(title);
  ImGui::PopFont();
  formula(kStageFormula[s]);
  const std::string p = "h." + std::to_string(layer_) + ".";
  const float side = std::min(ImGui::GetContentRegionAvail().x, 560.0f);
  switch (s) {
    case 0: {
      const Mat* tok = trace_.get("wte.out");
      const Mat* pos = trace_.get("wpe.out");
      const Mat* in = trace_.get(p + "in");
      if (!tok || !pos || !in) return;
      ImGui::Text("token embeddings wte[id]  (%d x %d)", static_cast<int>(tok->rows()), static_cast<int>(tok->cols()));
      lab_matrix("wte", *tok, labels_, 6, 8, query_);
      ImGui::Text("+ position embeddings wpe[i]");
      lab_matrix("wpe", *pos, labels_, 6, 8, query_);
      ImGui::Text(layer_ == 0 ? "= x, the input of layer 0" : "input of layer %d (after the earlier layers)", layer_);
      lab_matrix("x", *in, labels_, 6, 8, query_);
      break;
    }
    case 1:
      for (const char* n : {"q", "k", "v"}) {
        const Mat* m = shown(n);
        if (!m) continue;
        ImGui::Text("%c = LN(x) W_%c, head %d columns %d..%d  (%d x %d)", n[0] - 32, n[0] - 32, head_, head_ * hd,
                    head_ * hd + hd - 1, static_cast<int>(m->rows()), static_cast<int>(m->cols()));
        lab_matrix(n, *m, labels_, 8, 8, query_);
      }
      break;
    case 2:
    case 3:
    case 4: {
      const char* key = s == 2 ? "scores" : s == 3 ? "scaled" : "masked";
      const Mat* m = shown(key);
      if (!m) return;
      if (s == 3) ImGui::Text("d_k = %d, so every score is multiplied by 1/√%d = %.4f", hd, hd, 1.0 / std::sqrt(double(hd)));
      if (s == 4 && !causal_) dim_text("Causal mask is off: nothing is masked, every token sees every token.");
      const LabHeatmapResult r = lab_heatmap(key, *m, labels_, labels_, true, side, query_);
      if (r.clicked_row >= 0) query_ = r.clicked_row == query_ ? -1 : r.clicked_row;
      if (m->rows() <= 8) lab_matrix((std::string(key) + "#n").c_str(), *m, labels_, 8, 8, query_);
      break;
    }
    case 5: {
      const Mat* m = shown("weights");
      if (!m) return;
      const LabHeatmapResult r = lab_heatmap("weights", *m, labels_, labels_, false, side, query_);
      if (r.clicked_row >= 0) query_ = r.clicked_row == query_ ? -1 : r.clicked_row;
      draw_query_row();
      break;
    }
    case 6: {
      const Mat* m = shown("out");
      if (!m) return;
      ImGui::Text("head output (%d x %d); the %d heads are concatenated and projected by c_proj", static_cast<int>(m->rows()),
                  static_cast<int>(m->cols()), model_->cfg.n_head);
      lab_matrix("out", *m, labels_, 8, 8, query_);
      break;
    }
    default:
      break;
  }
  ImGui::Dummy(ImVec2(0, 8));
}

void AttentionLab::draw_query_row() {
  const Mat* w = shown("weights");
  if (!w) return;
  if (query_ < 0 || query_ >= w->rows()) {
    dim_text("Click a token (or a heatmap row) to see its attention row as bars.");
    return;
  }
  ImGui::Text("Where \"%s\" (token %d) looks:", labels_[query_].c_str(), query_);
  std::vector<float> v(w->cols());
  for (int j = 0; j < w->cols(); ++j) v[j] = (*w)(query_, j);
  BarChartStyle st;
  st.height = 180.0f;
  st.y_max = 1.0f;
  st.highlight = static_cast<int>(std::max_element(v.begin(), v.end()) - v.begin());
  st.show_values = v.size() <= 16;
  bar_chart("row", v, labels_, st);
}

void AttentionLab::draw_pipeline() {
  ImGui::Checkbox("Step through", &step_mode_);
  if (step_mode_) {
    ImGui::SameLine();
    if (ImGui::ArrowButton("##prev", ImGuiDir_Left)) stage_ = std::max(0, stage_ - 1);
    ImGui::SameLine();
    if (ImGui::ArrowButton("##next", ImGuiDir_Right)) stage_ = std::min(kStages - 1, stage_ + 1);
    ImGui::SameLine();
    ImGui::Text("stage %d of %d: %s", stage_ + 1, kStages, kStageNames[stage_]);
  }
  ImGui::Separator();
  if (step_mode_) {
    draw_stage(stage_);
  } else {
    for (int s = 0; s < kStages; ++s) {
      if (s == 4 && !causal_) continue;  // nothing masked: same as "scaled"
      draw_stage(s);
    }
  }
}

void AttentionLab::draw_ablation_effect() {
  if (probs_.empty()) return;
  const tok::Tokenizer& tk = tokenizer();
  const std::vector<float>& base = base_probs_.empty() ? probs_ : base_probs_;
  std::vector<int> order(probs_.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = static_cast<int>(i);
  const int k = std::min<int>(8, static_cast<int>(order.size()));
  std::partial_sort(order.begin(), order.begin() + k, order.end(), [&](int a, int b) { return base[a] > base[b]; });
  std::vector<float> vb, va;
  std::vector<std::string> labs;
  for (int i = 0; i < k; ++i) {
    vb.push_back(base[order[i]]);
    va.push_back(probs_[order[i]]);
    labs.push_back(visible(tk.token_bytes(order[i])));
  }
  BarChartStyle st;
  st.height = 170.0f;
  ImGui::Text("Next-token distribution after \"%s\" (top %d, without ablation)", labels_.back().c_str(), k);
  bar_chart("base", vb, labs, st);
  if (!ablate_.empty()) {
    float diff = 0;
    for (size_t i = 0; i < probs_.size(); ++i) diff = std::max(diff, std::fabs(probs_[i] - base[i]));
    ImGui::Text("With %zu head(s) zeroed (largest change in any probability: %.4g)", ablate_.size(), static_cast<double>(diff));
    bar_chart("ablated", va, labs, st);
  }
}

void AttentionLab::draw_all_heads() {
  const int L = model_->cfg.n_layer, H = model_->cfg.n_head;
  dim_text("Every head's softmax weights. Click a map to open that head; tick 'zero' to ablate it.");
  const float avail = ImGui::GetContentRegionAvail().x;
  const float cell = std::clamp((avail - 60.0f) / H - 8.0f, 70.0f, 150.0f);
  const int per_row = std::max(1, static_cast<int>((avail - 60.0f) / (cell + 8.0f)));
  bool changed = false;
  for (int l = 0; l < L; ++l) {
    ImGui::Text("layer %d", l);
    for (int h = 0; h < H; ++h) {
      const Mat* w = trace_.get("h." + std::to_string(l) + ".attn.head." + std::to_string(h) + ".weights");
      if (!w) continue;
      if (h % per_row != 0) ImGui::SameLine();
      ImGui::BeginGroup();
      ImGui::PushID(l * 16 + h);
      const LabHeatmapResult r = lab_heatmap("hm", *w, {}, {}, false, cell, -1);
      if (r.clicked_row >= 0) {
        layer_ = l, head_ = h;
        tab_ = "pipeline";
        force_tab_ = 2;
      }
      bool z = ablate_.count(l * H + h) != 0;
      char lab[32];
      std::snprintf(lab, sizeof lab, "zero h%d", h);
      if (ImGui::Checkbox(lab, &z)) {
        if (z) ablate_.insert(l * H + h);
        else ablate_.erase(l * H + h);
        changed = true;
      }
      ImGui::PopID();
      ImGui::EndGroup();
    }
  }
  if (changed) invalidate_forward();
  ImGui::Separator();
  draw_ablation_effect();
}

void AttentionLab::draw_worked_example() {
  dim_text("Three tokens, four dimensions. Edit any number of Q, K or V: every step below is recomputed.");
  static const std::vector<std::string> toks = {"cat", "sat", "on"};
  bool changed = false;
  const std::pair<const char*, std::vector<float>*> mats[3] = {{"Q", &wq_}, {"K", &wk_}, {"V", &wv_}};
  for (const auto& [name, vec] : mats) {
    ImGui::PushID(name);
    ImGui::Text("%s", name);
    for (int r = 0; r < 3; ++r) {
      ImGui::PushID(r);
      ImGui::PushFont(fonts().mono);
      ImGui::Text("%-4s", toks[r].c_str());
      ImGui::PopFont();
      for (int c = 0; c < 4; ++c) {
        ImGui::SameLine();
        ImGui::PushID(c);
        ImGui::SetNextItemWidth(64.0f);
        float& v = (*vec)[r * 4 + c];
        if (ImGui::DragFloat("##v", &v, 0.05f, -10.0f, 10.0f, "%.2f", ImGuiSliderFlags_AlwaysClamp)) changed = true;
        if (!std::isfinite(v)) v = 0.0f;
        v = std::clamp(v, -10.0f, 10.0f);
        ImGui::PopID();
      }
      ImGui::PopID();
    }
    ImGui::PopID();
  }
  if (ImGui::SmallButton("Reset numbers")) wq_ = kWq, wk_ = kWk, wv_ = kWv;
  ImGui::SameLine();
  ImGui::Checkbox("causal mask##ex", &causal_);
  (void)changed;
  // Computed by the core's attention op (the one the models use).
  const Mat q = from_flat(wq_, 3, 4), k = from_flat(wk_, 3, 4), v = from_flat(wv_, 3, 4);
  Mat out, weights, scores, masked;
  AttnMask mask;
  mask.causal = causal_;
  sdpa_forward(out, weights, q, k, v, 0.5f, mask, &scores, &masked);
  formula("S = Q K^T");
  lab_matrix("ex_s", scores, toks);
  formula("S / √4 = S * 0.5");
  lab_matrix("ex_sc", Mat(scores * 0.5f), toks);
  if (causal_) {
    formula("masked: -inf above the diagonal");
    lab_matrix("ex_m", masked, toks);
  }
  formula("A = softmax(rows)");
  lab_matrix("ex_w", weights, toks);
  formula("O = A V");
  lab_matrix("ex_o", out, toks);
}

void AttentionLab::draw() {
  advance(kFrameBudgetMs);
  draw_warnings();
  if (!runtime_warnings_.empty()) {
    ImGui::PushStyleColor(ImGuiCol_Text, pal().warning);
    for (const auto& w : runtime_warnings_) ImGui::TextWrapped("Warning: %s", w.c_str());
    ImGui::PopStyleColor();
  }
  if (ImGui::BeginTabBar("##attn_tabs")) {
    const char* tabs[3][2] = {{"pipeline", "One head, step by step"}, {"heads", "All heads & ablation"}, {"example", "Worked example (3 x 4)"}};
    for (auto& t : tabs) {
      // Only force the selection when the URL asked for a tab the bar is not showing.
      const bool want = tab_ == t[0];
      if (ImGui::BeginTabItem(t[1], nullptr, want && force_tab_ > 0 ? ImGuiTabItemFlags_SetSelected : 0)) {
        if (force_tab_ == 0) tab_ = t[0];  // the user's click; a forced selection lands a frame later
        ImGui::EndTabItem();
      }
    }
    ImGui::EndTabBar();
  }
  force_tab_ = std::max(0, force_tab_ - 1);
  if (tab_ == "example") {
    draw_worked_example();
    return;
  }
  draw_controls();
  if (phase_ != Phase::Done) {
    ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(pal().accent), "computing…");
    return;
  }
  if (!model_ || trace_.size() == 0) return;
  ImGui::PushFont(fonts().small);
  dim_text(model_note_.c_str());
  if (model_name_ == "random")
    dim_text("Random weights are small, so its attention is nearly uniform; a trained model's is sharper.");
  ImGui::PopFont();
  draw_tokens();
  if (query_ >= static_cast<int>(ids_.size())) query_ = -1;
  ImGui::Separator();
  if (tab_ == "heads") draw_all_heads();
  else draw_pipeline();
}

}  // namespace tmx::ui

//-----------------------------------------------------------------------------
// [SECTION] Registration
//-----------------------------------------------------------------------------
namespace tmx::ui {
TMX_REGISTER_WIDGET(AttentionLab, "attention", "Attention lab",
                    "Type text and watch one head of a real GPT compute Q, K, V, scores and weights.");
}
