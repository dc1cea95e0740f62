#include "core/sampling_example.h"

#include "core/error.h"
#include "core/model_loader.h"
#include "core/tokenizer/tokenizer_spec.h"
#include "core/tokenizer/utf8.h"
#include "core/tokenizer/tokenizer.h"

namespace tmx {

NextToken next_token(const std::string& dir, const std::string& prompt) {
  NextToken r;
  r.model = load_model(dir, Gradients::None);
  std::string err;
  r.tokenizer = tok::load_model_tokenizer(dir, "", err);
  if (!r.tokenizer) throw Error(dir + ": " + err);
  r.ids = r.tokenizer->encode(prompt);
  if (r.ids.empty()) throw Error("next token: the prompt is empty");
  r.model->reset_state();
  for (int id : r.ids) r.logits = r.model->step(id);
  return r;
}

std::string shown_token(const std::string& bytes) { return tok::token_label(bytes); }

}  // namespace tmx
