#include "ui/language_model_slot.h"

#include "core/error.h"
#include "core/model_loader.h"
#include "core/tokenizer/tokenizer_spec.h"
#include "ui/error_text.h"
#include "ui/i18n.h"
#include "ui/model_store.h"
#include "ui/paths.h"
#include "ui/theme.h"

namespace tmx::ui {

const char* default_language_model() { return language() == Lang::Zh ? "tang-gpt" : "kjv-gpt"; }


bool LanguageModelSlot::load(const std::string& want) {
  if (has(want)) return true;
  if (failed == want) return false;
  try {
    const std::string dir = model_store().dir(want);
    if (!loader_ || loading_ != want) {
      loader_ = std::make_unique<ModelLoader>(dir, Gradients::None);  // generation and decoding only
      loading_ = want;
      job_.start();
    }
    if (job_.running() && !job_.run(frame_slice_ms())) return false;
    auto m = loader_->take();
    loader_.reset();
    loading_.clear();
    std::string err;
    auto t = tok::load_model_tokenizer(dir, gpt2_table_path(), err);
    if (!t) throw Error(ErrorKind::TokenizerFile, want, err);
    model = std::move(m);
    tokenizer = std::move(t);
    name = want;
    error.clear();
    return true;
  } catch (const std::exception& e) {
    loader_.reset();
    loading_.clear();
    job_.cancel();
    failed = want;
    error = trf(S::WGenLoadFailed, {want, ui::error_text(e)});
    return false;
  }
}

void LanguageModelSlot::draw_status() const {
  if (!error.empty()) return warning_wrapped(error);
  if (!loader_) return;
  draw_load_progress(loading_, loader_->progress());
}

std::vector<int> prompt_ids(const tok::Tokenizer& tk, int max_positions, const std::string& prompt, std::string& note) {
  note.clear();
  std::vector<int> ids = tk.encode(prompt);
  if (ids.empty()) {
    note = tr(S::WGenEmptyPrompt);
    return ids;
  }
  if (max_positions > 0 && static_cast<int>(ids.size()) > max_positions - 1) {  // keep the end
    ids.erase(ids.begin(), ids.end() - (max_positions - 1));
    note = trf(S::WGenPromptCut, {std::to_string(max_positions - 1)});
  }
  return ids;
}

}  // namespace tmx::ui
