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
#include "core/tokenizer/tokenizer_spec.h"
#include "core/tokenizer/char_tokenizer.h"
#include "core/tokenizer/gpt2_tokenizer.h"
#include "core/tokenizer/tokenizer.h"
#include "core/tokenizer/utf8.h"
#include "ui/a11y.h"
#include "ui/bar_chart.h"
#include "ui/cjk_wrap.h"
#include "ui/error_text.h"
#include "ui/controls.h"
#include "ui/fonts.h"
#include "ui/heatmap.h"
#include "ui/language_model_slot.h"
#include "ui/tab_row.h"
#include "ui/matrix_view.h"
#include "ui/model_store.h"
#include "ui/pack_store.h"
#include "ui/paths.h"
#include "ui/text_box.h"
#include "ui/token_chips.h"
#include "ui/theme.h"
#include "ui/url.h"
#include "ui/touch.h"

namespace tmx::ui {

//-----------------------------------------------------------------------------
// [SECTION] Helpers (paths, labels, text box)
//-----------------------------------------------------------------------------
namespace {

// Link budget for the text: percent-encoded, it must leave room in a 4 KB address.
constexpr size_t kUrlTextBudget = 1500;
// Random values drawn per pipeline step (blocks' init, then the token table): ~1.5 ms native,
// a few ms in wasm, so a step never overshoots the frame budget by much.
constexpr int kFillChunk = 1 << 15;

const S kStageNames[] = {S::WLabStageEmbeddings, S::WLabStageQkv,     S::WLabStageScores, S::WLabStageScaled,
                         S::WLabStageMasked,     S::WLabStageWeights, S::WLabStageOutput};
const S kStageFormula[] = {S::WLabFormulaEmbed,  S::WLabFormulaQkv,     S::WLabFormulaScores, S::WLabFormulaScaled,
                           S::WLabFormulaMasked, S::WLabFormulaWeights, S::WLabFormulaOutput};
constexpr int kStages = 7;

std::vector<float> flat(const Mat& m) { return std::vector<float>(m.data(), m.data() + m.size()); }

const Palette& pal() { return palette(); }
// The width nearest below w that heads divide, or the first one above when that is under the
// declared minimum (7 heads: width 8 becomes 14, never 7).
constexpr int kMinWidth = 8, kMaxWidth = 128;
int width_for_heads(int w, int heads) {
  const int down = w / heads * heads;
  return down >= kMinWidth ? down : (kMinWidth + heads - 1) / heads * heads;
}

// 床前明月光，疑是地上霜。(Li Bai; public domain), every character in tang-gpt's vocabulary.
const char* const kChineseText = "\xE5\xBA\x8A\xE5\x89\x8D\xE6\x98\x8E\xE6\x9C\x88\xE5\x85\x89\xEF\xBC\x8C"
                                 "\xE7\x96\x91\xE6\x98\xAF\xE5\x9C\xB0\xE4\xB8\x8A\xE9\x9C\x9C\xE3\x80\x82";

void dim_text(const char* s) { dim_wrapped(s); }  // wraps: a phone shows the status lines whole

}  // namespace

AttentionLab::AttentionLab() {
  // Chinese edition: a line of Tang poetry on tang-gpt (the defaults are set when the widget is made).
  const bool zh = language() == Lang::Zh;
  params_.text("text", &text_, zh ? kChineseText : "the cat sat on the mat", kMaxTextBytes, S::WLabText).get = [this] {
    return percent_encoded_prefix(text_, kUrlTextBudget);  // the link keeps a prefix; the box keeps the whole text
  };
  params_.choice_index(
      "tok", [this] { return tok_ == "gpt2" ? 1 : 0; }, [this](int i) { tok_ = i ? "gpt2" : "char"; }, 0,
      {{"char", S::WLabTokChars}, {"gpt2", S::WLabTokGpt2}}, S::WLabTokenizer);
  params_.text("model", &model_name_, default_language_model(), 80, S::WLabModel).describe(S::WLabModelHelp);
  params_.integer("seed", &seed_, 1, 0, 1000000, S::WLabSeed);
  params_.integer("layers", &n_layer_, 2, 1, 6, S::WLabLayers);
  params_.integer("heads", &n_head_, 4, 1, 8, S::WLabHeads);
  params_.integer("width", &width_, 32, kMinWidth, kMaxWidth, S::WLabWidth).describe(S::WLabWidthHelp);
  params_.integer("layer", &layer_, 0, 0, 7, S::WLabLayer);
  params_.integer("head", &head_, 0, 0, 7, S::WLabHead);
  params_.flag("causal", &causal_, true, S::WLabCausal);
  params_.integer("query", &query_, -1, -1, kMaxTokens - 1, S::WLabQuery);
  params_.flag("step", &step_mode_, false, S::WLabStepThrough);
  params_.integer("stage", &stage_, 0, 0, kStages - 1, S::WLabStage);  // stepping starts at the first stage
  params_.choice("tab", &tab_, Tab::Pipeline,
                 {{"pipeline", S::WLabTabPipeline}, {"heads", S::WLabTabHeads}, {"example", S::WLabTabExample}},
                 S::WLabTab);
  params_.reals("ablate", &ablate_list_, {}, 0, 64, 0, 63, S::WLabAblate).optional().get = [this] {
    std::string s;
    for (int a : ablate_) s += (s.empty() ? "" : ",") + std::to_string(a);
    return s;
  };
  example_.declare(params_, /*optional=*/true);
  scan_models();
  build_job();
}

void AttentionLab::set_models_dir(const std::string& dir) {
  models_dir_ = dir;
  scan_models();
}

// The model store's list (shipped models and drop-ins), or a directory scan (set_models_dir).
void AttentionLab::scan_models() {
  found_models_.clear();
  if (models_dir_.empty()) {
    found_models_ = model_store().language_models();
    return;
  }
  std::error_code ec;
  for (const auto& e : std::filesystem::directory_iterator(models_dir_, ec)) {
    if (std::filesystem::exists(e.path() / "config.json", ec)) found_models_.push_back(e.path().filename().string());
  }
  std::sort(found_models_.begin(), found_models_.end());
}
AttentionLab::~AttentionLab() = default;

std::string AttentionLab::model_dir() const {
  return models_dir_.empty() ? model_store().dir(model_name_) : models_dir_ + "/" + model_name_;
}

// The store fetches and checks a shipped model over frames; the job starts once it is ready. A
// model that cannot be had (offline file, missing or damaged download) falls back to the random
// model with the store's message.
bool AttentionLab::wait_for_model() {
  if (model_name_ == "random" || !models_dir_.empty()) return false;
  const ModelState st = model_store().want(model_name_);
  if (st.phase == ModelPhase::Ready) return false;
  if (st.phase == ModelPhase::Failed) {
    const std::string msg = st.message;
    model_name_ = "random";
    start_job(inputs_key());
    next_.warnings.push_back(msg);
    return false;
  }
  return true;
}

// Links written before trained models existed (`layers=2 heads=2 ...` without `model`) keep
// showing the random model they describe.
void AttentionLab::set_params(const Params& p) {
  bool model_given = false, random_given = false;
  for (const auto& [k, v] : p) {
    model_given |= k == "model";
    random_given |= k == "layers" || k == "heads" || k == "width" || k == "seed";
  }
  Widget::set_params(p);
  if (random_given && !model_given) model_name_ = "random";
}

//-----------------------------------------------------------------------------
// [SECTION] Params (URL state)
//-----------------------------------------------------------------------------
// Rules that tie parameters together; the declared ones are already parsed and clamped.
void AttentionLab::after_params() {
  if (models_dir_.empty()) scan_models();  // drop-ins added since
  if (model_name_ != "random" && std::find(found_models_.begin(), found_models_.end(), model_name_) == found_models_.end()) {
    warnings_.push_back(trf(S::WLabNoSuchModel, {tok::utf8_printable(model_name_, 40)}));
    model_name_ = "random";
  }
  if (width_ % n_head_ != 0) {
    const int w2 = width_for_heads(width_, n_head_);
    warnings_.push_back(trf(S::WLabWidthMultiple, {std::to_string(w2)}));
    width_ = w2;
  }
  ablate_.clear();
  for (float f : ablate_list_) ablate_.insert(static_cast<int>(f));
  text_warning_.clear();
  force_tab_ = 2;
  example_.check(warnings_);
}

//-----------------------------------------------------------------------------
// [SECTION] Pipeline (tokenize -> model -> forward, sliced over frames)
//-----------------------------------------------------------------------------
// A job is started whenever the inputs' key differs from the shown result's: no invalidation
// calls to forget. Each phase step is bounded: the GPT-2 table loads in a few steps, the blocks'
// random init and the embedding table (50257 rows) draw kFillChunk values per step, the forward
// runs one block per step (GPT::forward_step), so no frame blocks for long; the previous result
// stays on screen, with the progress line, until the new one is complete.
std::string AttentionLab::model_key() const {
  return model_name_ + "|" + tok_ + "|" + std::to_string(seed_) + "|" + std::to_string(n_layer_) + "|" +
         std::to_string(n_head_) + "|" + std::to_string(width_) + "|" + models_dir_;
}

std::string AttentionLab::inputs_key() const {
  std::string k = model_key() + (causal_ ? "|c|" : "|n|");
  for (int a : ablate_) k += std::to_string(a) + ",";
  return k + "|" + text_;
}

bool AttentionLab::ready() const { return !job_.running() && shown_.key == inputs_key(); }

void AttentionLab::start_job(const std::string& key) {
  next_ = Result{};
  model_loader_.reset();
  next_.key = key;
  next_.model_key = model_key();
  // The GPT-2 table (50257 tokens) is loaded on first use, in a few bounded steps.
  const bool load = tok_ == "gpt2" && !gpt2_tok_ && gpt2_error_.empty();
  job_.start(load ? 0 : stage_tokenize_, 2 + n_layer_ + 1 + (load ? tok::Gpt2Tokenizer::Loader::steps_total() : 0));
  run_ = GPT::ForwardRun{};
}

const tok::Tokenizer& AttentionLab::tokenizer() {
  if (model_name_ != "random" && model_tok_ && model_tok_dir_ == model_dir()) return *model_tok_;
  if (!char_tok_) {
    std::string alphabet = "\n";
    for (int c = 32; c < 127; ++c) alphabet += static_cast<char>(c);
    char_tok_ = std::make_unique<tok::CharTokenizer>(tok::CharTokenizer::from_text(alphabet));
  }
  if (tok_ == "gpt2") {
    if (!gpt2_tok_ && gpt2_error_.empty() && pack_store().want_path(gpt2_table_path()).phase == ModelPhase::Ready) {
      // normally loaded in slices by the job's first stage
      gpt2_tok_ = tok::Gpt2Tokenizer::load_file(gpt2_table_path(), gpt2_error_);
      if (!gpt2_tok_ && gpt2_error_.empty()) gpt2_error_ = "could not load the GPT-2 table";
    }
    if (gpt2_tok_) return *gpt2_tok_;
  }
  return *char_tok_;
}

GPTForwardOptions AttentionLab::forward_options() const { return forward_options_for(shown_); }

GPTForwardOptions AttentionLab::forward_options_for(const Result& r) const {
  GPTForwardOptions o;
  o.causal = causal_;
  o.last_logits_only = true;
  if (r.model && !ablate_.empty()) {
    o.zero_heads.assign(static_cast<size_t>(r.model->cfg.n_layer) * r.model->cfg.n_head, 0);
    for (int a : ablate_)
      if (a < static_cast<int>(o.zero_heads.size())) o.zero_heads[a] = 1;
  }
  return o;
}

// The pipeline as stages of a SlicedJob (ui/sliced_job.h): each call does one bounded piece of
// work on next_ and returns true while its stage has more.
void AttentionLab::build_job() {
  job_.add_stage("load the GPT-2 table", [this] {
    if (!gpt2_loader_ && !gpt2_tok_) {  // on the website the table is a pack, fetched now (ui/pack_store.h)
      const ModelState s = pack_store().want_path(gpt2_table_path());
      if (s.phase == ModelPhase::Failed) {
        gpt2_error_ = s.message;
        return false;  // -> tokenize (with characters)
      }
      if (s.phase != ModelPhase::Ready) return true;
    }
    if (!gpt2_loader_)
      gpt2_loader_ = std::make_unique<tok::Gpt2Tokenizer::Loader>(
          tok::Gpt2Tokenizer::Loader::from_file(gpt2_table_path()));
    if (!gpt2_loader_->step()) return true;
    gpt2_tok_ = gpt2_loader_->take();
    gpt2_error_ = gpt2_tok_ ? "" : gpt2_loader_->error().empty() ? "could not load the GPT-2 table" : gpt2_loader_->error();
    gpt2_loader_.reset();
    return false;  // -> tokenize
  });
  stage_tokenize_ = job_.add_stage("tokenize", [this] {
    Result& r = next_;
    // A trained model with its own tokenizer file (tokenizer.tmxbpe / tokenizer.char.txt) reads
    // text exactly as it was trained; one without keeps the lab's tokenizer choice.
    if (model_name_ != "random" && model_tok_dir_ != model_dir()) {
      model_tok_.reset();
      model_tok_dir_ = model_dir();
      std::error_code ec;
      const bool has_file = std::filesystem::exists(model_tok_dir_ + "/" + tok::kBpeTokenizerFile, ec) ||
                            std::filesystem::exists(model_tok_dir_ + "/" + tok::kCharTokenizerFile, ec);
      if (has_file) {
        std::string err;
        auto t = tok::load_model_tokenizer(model_tok_dir_, "", err);
        if (!t) throw Error(ErrorKind::TokenizerFile, model_name_, err);
        model_tok_ = std::move(t);
      }
    }
    if (model_name_ != "random" && model_tok_ && model_tok_dir_ == model_dir()) r.model_tok = model_tok_;
    const tok::Tokenizer& tk = tokenizer();
    r.gpt2 = !r.model_tok && tok_ == "gpt2" && gpt2_tok_;
    if (!r.model_tok && tok_ == "gpt2" && !gpt2_tok_) r.warnings.push_back(trf(S::WLabGpt2Unavailable, {ui::error_text(ErrorKind::FileAccess, gpt2_table_path(), gpt2_error_)}));
    // Only the first kMaxTokens tokens reach the model, so only a prefix of a long text is
    // tokenized (a token is rarely longer than 32 bytes); the last two pieces are dropped
    // when cut, as the cut may have split them.
    const size_t prefix = std::min(text_.size(), static_cast<size_t>(kMaxTokens) * 32);
    std::vector<tok::TokenSpan> spans;
    tk.encode_spans(std::string_view(text_).substr(0, prefix), spans);
    if (prefix < text_.size() && spans.size() > 2) spans.resize(spans.size() - 2);
    if (spans.size() > static_cast<size_t>(kMaxTokens) || prefix < text_.size()) {
      r.text_cut = true;
      if (spans.size() > static_cast<size_t>(kMaxTokens)) spans.resize(kMaxTokens);
    }
    // Byte-level tokens may split a character: tok::token_labels shows their bytes ("‹E4 B8›") and
    // the character on the token that completes it ("‹AD›…中"), never U+FFFD.
    std::vector<std::string> bytes;
    for (const auto& sp : spans) bytes.push_back(text_.substr(sp.begin, sp.end - sp.begin));
    r.labels = tok::token_labels(bytes);
    for (size_t i = 0; i < spans.size(); ++i) {
      r.ids.push_back(spans[i].id);
      if (tk.name() == "char" && spans[i].id == static_cast<const tok::CharTokenizer&>(tk).unk_id()) r.labels[i] = "<unk>";
    }
    if (r.ids.empty()) {
      r.ids.push_back(0);
      r.labels.push_back(tok::token_label(tk.token_bytes(0)));
      r.warnings.push_back(tr(S::WLabEmptyText));
    }
    return false;  // -> model
  });
  job_.add_stage("model", [this] {
    Result& r = next_;
    if (shown_.model && shown_.model_key == r.model_key) {  // same weights: reuse them
      r.model = shown_.model;
      r.model_note = shown_.model_note;
      job_.go_to(stage_forward_);
      return false;
    }
    if (model_name_ != "random") {
      // One tensor per step (core ModelLoader); it names the problem (missing tensor, wrong
      // shape, truncated file) in the exception.
      if (!model_loader_) {
        model_loader_ = std::make_unique<ModelLoader>(model_dir(), Gradients::None);
        model_loader_->step();  // the file: now the number of steps is known, for the progress bar
        job_.add_estimate(model_loader_->steps_total());
        return true;
      }
      if (!model_loader_->step()) return true;
      auto lm = model_loader_->take();
      model_loader_.reset();
      GPT* g = dynamic_cast<GPT*>(lm.get());
      if (!g) throw Error(trf(S::WLabNotGpt, {model_name_, lm->model_type()}));
      lm.release();
      r.model.reset(g);
      r.model_note = trf(S::WLabTrainedNote, {model_name_, std::to_string(g->cfg.n_layer), std::to_string(g->cfg.n_head),
                                              std::to_string(g->cfg.n_embd), std::to_string(g->cfg.vocab_size)});
      job_.go_to(stage_forward_);
      return false;
    }
    const int V = tokenizer().vocab_size();
    GPTConfig c;
    c.n_positions = kMaxTokens;
    c.n_embd = width_;
    c.n_head = n_head_;
    c.n_layer = n_layer_;
    c.vocab_size = 1;  // the real table is filled in slices below
    // Zeros now; the blocks' random init (~1.2M draws at 6 x 128) runs in bounded slices.
    r.model = std::make_shared<GPT>(c, /*random_init=*/false, /*grads=*/false);
    r.model->init_random_begin(init_, static_cast<uint32_t>(seed_));
    fill_vocab_ = V;
    job_.add_estimate(static_cast<int>((r.model->num_values() + kFillChunk - 1) / kFillChunk) +
                      (V * width_ + kFillChunk - 1) / kFillChunk);
    return false;  // -> init the blocks
  });
  job_.add_stage("init the blocks", [this] {
    Result& r = next_;
    if (!r.model->init_random_step(init_, kFillChunk)) return true;
    r.model->w.wte.resize(fill_vocab_, width_);
    fill_rng_ = std::make_unique<Rng>(static_cast<uint32_t>(seed_) * 2654435761u + 17u);
    fill_row_ = 0;
    return false;  // -> fill the embedding
  });
  job_.add_stage("fill the embedding", [this] {
    Result& r = next_;
    const int rows = std::max(1, kFillChunk / width_);
    const int end = std::min(fill_vocab_, fill_row_ + rows);
    for (int i = fill_row_; i < end; ++i)
      for (int j = 0; j < width_; ++j) r.model->w.wte(i, j) = fill_rng_->normal(0.0f, 0.02f);
    fill_row_ = end;
    if (fill_row_ >= fill_vocab_) {
      r.model->cfg.vocab_size = fill_vocab_;
      r.model_note = trf(S::WLabRandomNote, {std::to_string(seed_), std::to_string(n_layer_), std::to_string(n_head_),
                                             std::to_string(width_), std::to_string(fill_vocab_)});
      return false;  // -> forward
    }
    return true;
  });
  stage_forward_ = job_.add_stage("forward", [this] {
    Result& r = next_;
    if (run_.ids.empty()) {  // first step: check the ids, embed
      GPT& m = *r.model;
      bool outside = false;
      for (int& id : r.ids)
        if (id < 0 || id >= m.cfg.vocab_size) id = 0, outside = true;
      if (outside) r.warnings.push_back(trf(S::WLabIdOutside, {std::to_string(m.cfg.vocab_size)}));
      if (static_cast<int>(r.ids.size()) > m.cfg.n_positions) {  // a trained model's context may be shorter
        r.ids.resize(m.cfg.n_positions);
        r.labels.resize(m.cfg.n_positions);
        r.text_cut = true;
      }
      job_.set_estimate(job_.steps() + 1 + 2 * m.forward_steps());
      r.model->forward_begin(run_, r.ids, forward_options_for(r), &r.trace);
      return true;
    }
    if (!r.model->forward_step(run_, &r.trace)) return true;
    Mat p;
    softmax_forward(p, run_.logits);
    r.probs = flat(p);
    // What each head does on this text (core/head_behaviour.h), for the all-heads view.
    if (causal_)
      for (int l = 0; l < r.model->cfg.n_layer; ++l)
        for (int h = 0; h < r.model->cfg.n_head; ++h)
          if (const Mat* w = r.trace.get("h." + std::to_string(l) + ".attn.head." + std::to_string(h) + ".weights"))
            r.heads.push_back(score_head(*w, r.ids));
    run_ = GPT::ForwardRun{};
    if (ablate_.empty()) job_.finish();  // no baseline to compare with
    return false;
  });
  job_.add_stage("baseline", [this] {  // the same forward without ablation, for the comparison bars
    Result& r = next_;
    if (run_.ids.empty()) {
      GPTForwardOptions o = forward_options_for(r);
      o.zero_heads.clear();
      r.model->forward_begin(run_, r.ids, o, nullptr);
      return true;
    }
    if (!r.model->forward_step(run_, nullptr)) return true;
    Mat p;
    softmax_forward(p, run_.logits);
    r.base_probs = flat(p);
    run_ = GPT::ForwardRun{};
    return false;  // done
  });
}

void AttentionLab::advance(double budget_ms) {
  if (wait_for_model()) return;
  const std::string key = inputs_key();
  if (key != (job_.running() ? next_.key : shown_.key)) start_job(key);
  bool finished = false;
  try {
    finished = job_.run(budget_ms);
  } catch (const std::exception& e) {
    run_ = GPT::ForwardRun{};
    if (model_name_ != "random") {
      // A bad model file: say so clearly and show the random model instead.
      const std::string msg = trf(S::WLabModelFailed, {model_name_, ui::error_text(e)});
      model_name_ = "random";
      start_job(inputs_key());
      next_.warnings.push_back(msg);
      return;
    }
    next_.warnings.push_back(trf(S::WLabCouldNotCompute, {ui::error_text(e)}));
    next_.trace.clear();
    next_.model.reset();
    job_.cancel();
    finished = true;
  }
  if (finished) {
    shown_ = std::move(next_);
    next_ = Result{};
    if (shown_.model) {
      layer_ = std::min(layer_, shown_.model->cfg.n_layer - 1);
      head_ = std::min(head_, shown_.model->cfg.n_head - 1);
    }
  }
}

void AttentionLab::compute_now() {
  for (int guard = 0; guard < 1000 && (!ready() || wait_for_model()); ++guard) advance(1e9);
}

// For browser tests: the model, the token ids, the chosen head's weights row of the last token,
// the top next-token probabilities and every head's label.
std::string AttentionLab::probe_json() const {
  auto num = [](double v) {
    char b[32];
    std::snprintf(b, sizeof b, "%.9g", v);
    return std::string(b);
  };
  std::string j = "{\"model\":\"" + std::string(model_name_ == "random" ? "random" : model_name_) + "\",\"ready\":" +
                  (ready() ? "true" : "false") + ",\"layer\":" + std::to_string(layer_) + ",\"head\":" + std::to_string(head_) +
                  ",\"ids\":[";
  for (size_t i = 0; i < shown_.ids.size(); ++i) j += (i ? "," : "") + std::to_string(shown_.ids[i]);
  j += "],\"weights_last\":[";
  if (const Mat* w = shown("weights"))
    for (int c = 0; c < w->cols(); ++c) j += (c ? "," : "") + num((*w)(w->rows() - 1, c));
  j += "],\"probs\":[";
  for (size_t i = 0; i < shown_.probs.size() && i < 16; ++i) j += (i ? "," : "") + num(shown_.probs[i]);
  j += "],\"heads\":[";
  for (size_t i = 0; i < shown_.heads.size(); ++i)
    j += (i ? "," : "") + std::to_string(static_cast<int>(shown_.heads[i].kind));
  return j + "]}";
}

const Mat* AttentionLab::shown(const std::string& stage) const {
  if (!shown_.model || shown_.trace.size() == 0) return nullptr;
  const std::string p = "h." + std::to_string(layer_) + ".attn.";
  return shown_.trace.get(p + "head." + std::to_string(head_) + "." + stage);
}

//-----------------------------------------------------------------------------
// [SECTION] Panels: controls, tokens, stages, query row, all heads + ablation, worked example
//-----------------------------------------------------------------------------
bool AttentionLab::text_box() {
  bool clamped = false;
  const bool changed = ui::text_box("##text", text_, kMaxTextBytes, ImGui::GetTextLineHeight() * 3.2f, &clamped);
  if (clamped) text_warning_ = trf(S::ParamTooLong, {"text", std::to_string(kMaxTextBytes)});
  return changed;
}

void AttentionLab::draw_controls() {
  ImGui::TextUnformatted(tr(S::WLabText));
  text_box();
  ImGui::PushFont(fonts().small);
  if (!text_warning_.empty()) ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(pal().warning), "%s", text_warning_.c_str());
  if (shown_.text_cut)
    ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(pal().warning), "%s",
                       trf(S::WLabTextCut, {std::to_string(shown_.ids.size()), std::to_string(text_.size()),
                                            std::to_string(shown_.model ? shown_.model->cfg.n_positions : kMaxTokens)})
                           .c_str());
  const size_t url_len = percent_encoded_prefix(text_, kUrlTextBudget).size();
  if (url_len < text_.size())
    ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(pal().warning), "%s",
                       trf(S::WLabLinkCut, {std::to_string(url_len), std::to_string(text_.size())}).c_str());
  ImGui::PopFont();

  const float item_w = 130.0f;
  const bool wide = ImGui::GetContentRegionAvail().x > 620.0f;  // narrow: one control per line
  if (model_name_ == "random" || !shown_.model_tok) {  // a trained model's own tokenizer is not a choice
    params_.control("tok", item_w);
    if (wide) ImGui::SameLine();
  }
  if (models_dir_.empty()) scan_models();  // drop-ins join the list
  ImGui::SetNextItemWidth(item_w + 40);
  if (ui::begin_combo(tr(S::WLabModel), model_name_ == "random" ? tr(S::WLabRandomGpt) : model_name_.c_str())) {
    if (ImGui::Selectable(tr(S::WLabRandomGpt), model_name_ == "random", 0, ui::selectable_size())) model_name_ = "random";
    for (const auto& m : found_models_)
      if (ImGui::Selectable(m.c_str(), model_name_ == m, 0, ui::selectable_size())) {
        model_name_ = m;
        ablate_.clear();
      }
    if (found_models_.empty()) ImGui::TextDisabled("%s", tr(S::WLabNoModels));
    ImGui::EndCombo();
  }
  if (models_dir_.empty()) {  // drop-in checkpoints join the store's list
    ImGui::SameLine();
    draw_drop_in();
  }
  if (model_name_ == "random") {
    const int old_layers = n_layer_, old_heads = n_head_;
    bool ch = params_.control("layers", item_w);
    if (wide) ImGui::SameLine();
    ch |= params_.control("heads", item_w);
    ch |= params_.control("width", item_w);
    if (wide) ImGui::SameLine();
    ch |= params_.control("seed", item_w);
    if (ch) {
      width_ = width_for_heads(width_, n_head_);
      if (n_layer_ != old_layers || n_head_ != old_heads) ablate_.clear();
    }
  }
  if (const GPT* m = shown_.model.get()) {
    ImGui::SetNextItemWidth(item_w);
    int l = layer_, h = head_;
    if (ui::slider_int(tr(S::WLabLayer), &l, 0, m->cfg.n_layer - 1)) layer_ = std::clamp(l, 0, m->cfg.n_layer - 1);
    if (wide) ImGui::SameLine();
    ImGui::SetNextItemWidth(item_w);
    if (ui::slider_int(tr(S::WLabHead), &h, 0, m->cfg.n_head - 1)) head_ = std::clamp(h, 0, m->cfg.n_head - 1);
    if (wide) ImGui::SameLine();
    params_.control("causal");
  }
}

// One line, always the same height (no layout jump): the model, or the progress of the next result.
void AttentionLab::draw_status() {
  if (model_name_ != "random" && models_dir_.empty() && model_store().state(model_name_).phase != ModelPhase::Ready) {
    draw_model_progress(model_name_, model_store().state(model_name_));
    return;
  }
  ImGui::PushFont(fonts().small);
  if (job_.running()) {
    const float f = job_.progress();
    ImGui::PushStyleColor(ImGuiCol_PlotHistogram, pal().accent);
    ImGui::ProgressBar(f, ImVec2(120.0f, ImGui::GetTextLineHeight()), "");
    ImGui::PopStyleColor();
    ImGui::SameLine();
    ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(pal().accent), "%s",
                       trf(shown_.model ? S::WLabComputingPrev : S::WLabComputing, {std::to_string(static_cast<int>(f * 100))}).c_str());
  } else {
    dim_text(shown_.model_note.empty() ? " " : shown_.model_note.c_str());
  }
  if (model_name_ == "random" && shown_.model)
    dim_text(tr(S::WLabRandomHint));
  ImGui::PopFont();
}

void AttentionLab::draw_tokens() {
  ImGui::PushFont(fonts().small);
  dim_text(trf(S::WLabTokensLine, {std::to_string(shown_.ids.size()),
                                   tr(shown_.model_tok ? S::WLabTokModel : shown_.gpt2 ? S::WLabTokGpt2 : S::WLabTokChars)})
               .c_str());
  ImGui::PopFont();
  TokenChipsStyle st;
  st.ids = &shown_.ids;
  st.show_ids = true;
  token_chips("chips", shown_.labels, &query_, st);
}

void AttentionLab::draw_stage(int s) {
  const GPT& model = *shown_.model;
  const int hd = model.cfg.n_embd / model.cfg.n_head;
  const std::vector<std::string>& labels = shown_.labels;
  char title[96];
  std::snprintf(title, sizeof title, "%d. %s", s + 1, tr(kStageNames[s]));
  ImGui::PushFont(fonts().h3);
  ImGui::TextUnformatted(title);
  ImGui::PopFont();
  text_formula(tr(kStageFormula[s]));
  const std::string p = "h." + std::to_string(layer_) + ".";
  const float side = std::min(ImGui::GetContentRegionAvail().x, 620.0f);
  // A matrix of the trace, with the query row highlighted and CSV/PNG export.
  auto matrix = [&](const char* id, const char* name, const Mat& m, int max_rows, S cell = S::WLabCellQkv) {
    MatrixStyle ms;
    ms.name = name;
    ms.cell_text = cell;
    ms.row_labels = &labels;
    ms.highlight_row = query_;
    ms.max_rows = max_rows;
    ms.max_cols = 8;
    ms.export_name = id;
    matrix_view(id, m.data(), static_cast<int>(m.rows()), static_cast<int>(m.cols()), ms);
  };
  auto heat = [&](const char* id, const Mat& m, bool signed_scale, S cell) {
    HeatmapStyle hs;
    hs.cell_text = cell;
    hs.cmap = signed_scale ? Colormap::Diverging : Colormap::Viridis;
    if (signed_scale) {  // symmetric around 0 so white means 0
      float vmax = 0;
      for (Eigen::Index i = 0; i < m.size(); ++i)
        if (std::isfinite(m.data()[i])) vmax = std::max(vmax, std::fabs(m.data()[i]));
      hs.vmin = -std::max(vmax, 1e-6f), hs.vmax = std::max(vmax, 1e-6f);
    } else {
      hs.vmin = 0.0f;
    }
    hs.row_labels = &labels;
    hs.col_labels = &labels;
    hs.max_height = side;
    hs.export_name = id;
    hs.caption = tr(kStageNames[s]);
    // The chosen token is named on both axes: its row (as the query) and its column (as a key).
    HeatmapSelection sel{query_, query_};
    if (heatmap(id, m.data(), static_cast<int>(m.rows()), static_cast<int>(m.cols()), hs, &sel).clicked) {
      const int picked = sel.row >= 0 ? sel.row : sel.col;
      query_ = picked == query_ ? -1 : picked;
    }
  };
  switch (s) {
    case 0: {
      const Mat* tok = shown_.trace.get("wte.out");
      const Mat* pos = shown_.trace.get("wpe.out");
      const Mat* in = shown_.trace.get(p + "in");
      if (!tok || !pos || !in) return;
      matrix("wte", tr(S::WLabTokEmb), *tok, 6);
      matrix("wpe", tr(S::WLabPosEmb), *pos, 6);
      matrix("x", tr(layer_ == 0 ? S::WLabInputLayer0 : S::WLabInputLayerN), *in, 6);
      break;
    }
    case 1:
      for (const char* n : {"q", "k", "v"}) {
        const Mat* m = shown(n);
        if (!m) continue;
        const std::string big(1, static_cast<char>(n[0] - 32));
        const std::string name = trf(S::WLabQkvName, {big, std::to_string(head_), std::to_string(head_ * hd),
                                                      std::to_string(head_ * hd + hd - 1)});
        matrix(n, name.c_str(), *m, 8);
      }
      break;
    case 2:
    case 3:
    case 4: {
      const char* key = s == 2 ? "scores" : s == 3 ? "scaled" : "masked";
      const Mat* m = shown(key);
      if (!m) return;
      if (s == 3) {
        char f[32];
        std::snprintf(f, sizeof f, "%.4f", 1.0 / std::sqrt(double(hd)));
        ImGui::TextUnformatted(trf(S::WLabScaleLine, {std::to_string(hd), f}).c_str());
      }
      if (s == 4 && !causal_) dim_text(tr(S::WLabMaskOff));
      const S cell = s == 2 ? S::WLabCellScore : s == 3 ? S::WLabCellScaled : S::WLabCellMasked;
      heat(key, *m, true, cell);
      if (m->rows() <= 8) matrix((std::string(key) + "#n").c_str(), key, *m, 8, cell);
      break;
    }
    case 5: {
      const Mat* m = shown("weights");
      if (!m) return;
      heat("weights", *m, false, S::WLabCellWeight);
      draw_query_row();
      break;
    }
    case 6: {
      const Mat* m = shown("out");
      if (!m) return;
      ImGui::TextUnformatted(trf(S::WLabHeadOutput, {std::to_string(model.cfg.n_head)}).c_str());
      matrix("out", "O", *m, 8, S::WLabCellOut);
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
    dim_text(tr(S::WLabPickToken));
    return;
  }
  ImGui::TextUnformatted(trf(S::WLabWhereLooks, {shown_.labels[query_], std::to_string(query_)}).c_str());
  std::vector<float> v(w->cols());
  for (int j = 0; j < w->cols(); ++j) v[j] = (*w)(query_, j);
  BarChartStyle st;
  st.height = 180.0f;
  st.y_max = 1.0f;
  st.highlight = static_cast<int>(std::max_element(v.begin(), v.end()) - v.begin());
  st.show_values = v.size() <= 16;
  bar_chart("row", v, shown_.labels, st);
}

void AttentionLab::draw_pipeline() {
  params_.control("step");
  if (step_mode_) {
    ImGui::SameLine();
    if (ui::arrow_button("##prev", ImGuiDir_Left)) stage_ = std::max(0, stage_ - 1);
    ImGui::SameLine();
    if (ui::arrow_button("##next", ImGuiDir_Right)) stage_ = std::min(kStages - 1, stage_ + 1);
    ImGui::SameLine();
    ImGui::TextUnformatted(trf(S::WLabStageOf, {std::to_string(stage_ + 1), std::to_string(kStages), tr(kStageNames[stage_])}).c_str());
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
  const std::vector<float>& probs = shown_.probs;
  if (probs.empty()) return;
  const tok::Tokenizer& tk = shown_.model_tok                ? *shown_.model_tok
                             : shown_.gpt2 && gpt2_tok_ ? static_cast<const tok::Tokenizer&>(*gpt2_tok_)
                                                        : *char_tok_;
  const std::vector<float>& base = shown_.base_probs.empty() ? probs : shown_.base_probs;
  std::vector<int> order(probs.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = static_cast<int>(i);
  const int k = std::min<int>(8, static_cast<int>(order.size()));
  std::partial_sort(order.begin(), order.begin() + k, order.end(), [&](int a, int b) { return base[a] > base[b]; });
  std::vector<float> vb, va;
  std::vector<std::string> labs;
  const std::string before = tk.decode(shown_.ids);  // a candidate may complete the last character
  for (int i = 0; i < k; ++i) {
    vb.push_back(base[order[i]]);
    va.push_back(probs[order[i]]);
    labs.push_back(order[i] < tk.vocab_size() ? tok::token_label(tk.token_bytes(order[i]), before) : "#" + std::to_string(order[i]));
  }
  BarChartStyle st;
  st.height = 170.0f;
  ImGui::TextUnformatted(trf(S::WLabNextTokens, {shown_.labels.back(), std::to_string(k)}).c_str());
  bar_chart("base", vb, labs, st);
  if (!shown_.base_probs.empty()) {
    float diff = 0;
    for (size_t i = 0; i < probs.size(); ++i) diff = std::max(diff, std::fabs(probs[i] - base[i]));
    char d[32];
    std::snprintf(d, sizeof d, "%.4g", static_cast<double>(diff));
    ImGui::TextUnformatted(trf(S::WLabAblated, {std::to_string(ablate_.size()), d}).c_str());
    bar_chart("ablated", va, labs, st);
  }
}

void AttentionLab::draw_all_heads() {
  const int L = shown_.model->cfg.n_layer, H = shown_.model->cfg.n_head;
  dim_text(tr(S::WLabHeadsIntro));
  ImGui::PushFont(fonts().small);
  char thr[32];
  std::snprintf(thr, sizeof thr, "%.2f", static_cast<double>(kHeadThreshold));
  char dif[32];
  std::snprintf(dif, sizeof dif, "%.2f", static_cast<double>(kHeadDiffuse));
  ImGui::PushStyleColor(ImGuiCol_Text, pal().text_dim);
  ui::text_wrapped(causal_ ? trf(S::WLabHeadsLegend, {thr, dif}).c_str() : tr(S::WLabHeadsNoCausal));
  ImGui::PopStyleColor();
  ImGui::PopFont();
  const float avail = ImGui::GetContentRegionAvail().x;
  const float cell = std::clamp((avail - 60.0f) / H - 8.0f, 70.0f, 150.0f);
  const int per_row = std::max(1, static_cast<int>((avail - 60.0f) / (cell + 8.0f)));
  std::string name;
  for (int l = 0; l < L; ++l) {
    ImGui::TextUnformatted(trf(S::WLabLayerN, {std::to_string(l)}).c_str());
    for (int h = 0; h < H; ++h) {
      name = "h." + std::to_string(l) + ".attn.head." + std::to_string(h) + ".weights";
      const Mat* w = shown_.trace.get(name);
      if (!w) continue;
      if (h % per_row != 0) ImGui::SameLine();
      ImGui::BeginGroup();
      ImGui::PushID(l * 16 + h);
      // Thumbnails: the kit skips maps outside the view and pools cells smaller than 2 px.
      HeatmapStyle hs;
      hs.vmin = 0.0f;
      hs.max_height = cell;
      hs.max_cell = cell / std::max<Eigen::Index>(1, w->cols());
      hs.colorbar = false;
      if (heatmap("hm", w->data(), static_cast<int>(w->rows()), static_cast<int>(w->cols()), hs).clicked) {
        layer_ = l, head_ = h;
        tab_ = Tab::Pipeline;
        force_tab_ = 2;
      }
      const size_t hi = static_cast<size_t>(l * H + h);
      if (hi < shown_.heads.size()) {  // the measured behaviour, with its score
        const HeadScores& hs2 = shown_.heads[hi];
        static const S kKind[] = {S::WLabHeadPrev, S::WLabHeadFirst, S::WLabHeadCurrent,
                                  S::WLabHeadInduction, S::WLabHeadDiffuse, S::WLabHeadMixed};
        char sc[16];
        std::snprintf(sc, sizeof sc, "%.2f", static_cast<double>(hs2.score));
        ImGui::PushFont(fonts().small);
        const bool clear = hs2.kind != HeadKind::Mixed;
        ImGui::TextColored(ImGui::ColorConvertU32ToFloat4(clear ? pal().accent : pal().text_dim), "%s %s",
                           tr(kKind[static_cast<int>(hs2.kind)]), sc);
        ImGui::PopFont();
        if (ImGui::IsItemHovered()) {
          auto f2 = [](float v) {
            char b[16];
            std::snprintf(b, sizeof b, "%.2f", static_cast<double>(v));
            return std::string(b);
          };
          ImGui::SetTooltip("%s", trf(S::WLabHeadScores, {f2(hs2.previous), f2(hs2.first), f2(hs2.current),
                                                          hs2.induction < 0 ? std::string("-") : f2(hs2.induction),
                                                          f2(hs2.entropy)})
                                      .c_str());
        }
      }
      bool z = ablate_.count(l * H + h) != 0;
      char lab[96];
      std::snprintf(lab, sizeof lab, "%s###zero", trf(S::WLabZeroHead, {std::to_string(h)}).c_str());
      if (ImGui::Checkbox(lab, &z)) {
        if (z) ablate_.insert(l * H + h);
        else ablate_.erase(l * H + h);
      }
      a11y::checkbox(lab, z);
      ImGui::PopID();
      ImGui::EndGroup();
    }
  }
  ImGui::Separator();
  draw_ablation_effect();
}

// The chapter's worked example, the same component as the `attention-example` widget; the
// causal mask is the lab's.
void AttentionLab::draw_worked_example() { example_.draw(causal_, example_query_); }

void AttentionLab::draw() {
  advance(frame_slice_ms());
  draw_warnings();
  if (!shown_.warnings.empty()) {
    ImGui::PushStyleColor(ImGuiCol_Text, pal().warning);
    for (const auto& w : shown_.warnings) ui::text_wrapped(std::string(tr(S::Warning)) + ": " + w);
    ImGui::PopStyleColor();
  }
  {
    const Tab tabs[3] = {Tab::Pipeline, Tab::Heads, Tab::Example};
    const S names[3] = {S::WLabTabPipeline, S::WLabTabHeads, S::WLabTabExample};
    std::string ids[3];
    const char* labels[3];
    int cur = 0;
    for (int i = 0; i < 3; ++i) {
      ids[i] = std::string(tr(names[i])) + "###tab" + std::to_string(static_cast<int>(tabs[i]));  // ID stable across languages
      labels[i] = ids[i].c_str();
      if (tab_ == tabs[i]) cur = i;
    }
    // Only force the selection when the URL asked for a tab the bar is not showing.
    const int pick = tab_row("##attn_tabs", labels, 3, cur, force_tab_ > 0);
    if (force_tab_ == 0) tab_ = tabs[pick];  // the user's click; a forced selection lands a frame later
  }
  force_tab_ = std::max(0, force_tab_ - 1);
  if (tab_ == Tab::Example) {
    draw_worked_example();
    return;
  }
  draw_controls();
  draw_status();
  if (!shown_.model || shown_.trace.size() == 0) return;
  draw_tokens();
  if (query_ >= static_cast<int>(shown_.ids.size())) query_ = -1;
  ImGui::Separator();
  if (tab_ == Tab::Heads) draw_all_heads();
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
