// A shipped (or dropped-in) language model and its tokenizer, loaded from the model store by name
// once it is there, for widgets that run a model on a prompt (Generate text, Sampling). The load
// is spread over frames (core ModelLoader steps within the frame's budget for sliced work), so a
// frame never waits for a whole model. A model that fails to load is not tried again; `error`
// names the problem.
//
//   if (!slot.load(model_)) { slot.draw_status(); return; }  // after model_store().want() is Ready
//   std::string note;
//   std::vector<int> ids = prompt_ids(*slot.tokenizer, slot.model->max_positions(), prompt_, note);
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "core/language_model.h"
#include "core/model_loader.h"
#include "core/tokenizer/tokenizer.h"
#include "ui/sliced_job.h"

namespace tmx::ui {

// The model the language-model widgets (Attention lab, Sampling, Generate) start with when the address
// names none: tang-gpt (Tang poems, one token per character) for a reader of the Chinese edition,
// kjv-gpt otherwise. Their default prompts follow the same language.
const char* default_language_model();
// The Chinese edition's prompt for tang-gpt: 床前明月 (Li Bai; every character in its vocabulary).
inline const char* const kTangPrompt = "\xE5\xBA\x8A\xE5\x89\x8D\xE6\x98\x8E\xE6\x9C\x88";

struct LanguageModelSlot {
  LanguageModelSlot() { job_.add_stage("load", [this] { return !loader_->step(); }); }
  LanguageModelSlot(const LanguageModelSlot&) = delete;  // job_'s step points at this slot
  LanguageModelSlot& operator=(const LanguageModelSlot&) = delete;

  std::string name;  // the model loaded now ("" none)
  std::unique_ptr<LanguageModel> model;
  std::unique_ptr<tok::Tokenizer> tokenizer;
  std::string failed, error;  // the last name that failed to load, and why

  // True when `want` is loaded (now or before); false while it loads (call again next frame) or
  // after it failed. Reads model_store().dir(want): call once the store says Ready. On failure the
  // slot keeps what it had and error says why.
  bool load(const std::string& want);
  bool has(const std::string& want) const { return name == want && model; }
  // After load() returned false: the error, or how far the load is (a progress bar and a line).
  void draw_status() const;

 private:
  std::unique_ptr<ModelLoader> loader_;
  std::string loading_;  // the name loader_ is loading
  SlicedJob job_;        // loader_'s steps, within the frame's budget
};

// The prompt's token ids for a model with `max_positions` (0: unbounded): when it is longer than
// the context allows with room for one more token, only its end is kept. `note` says so, or that
// the prompt is empty (then the ids are empty); otherwise it is cleared.
std::vector<int> prompt_ids(const tok::Tokenizer& tk, int max_positions, const std::string& prompt, std::string& note);

}  // namespace tmx::ui
