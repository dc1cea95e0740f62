// The attention chapter's worked example (a few tokens, d_k = 4): Q, K, V (and optionally the
// inputs X they came from), the scores, scaling, mask, softmax weights and output, every number
// from core::attention_example (the models' sdpa_forward). One component, shown by the
// `attention-example` widget and by the attention lab's "Worked example" tab; both take the
// same URL parameters (tokens, d, dv, x, q, k, v), so a chapter can link to its own numbers:
//   #/lab/attention?tab=example&tokens=cat,sat,on&dv=4&x=...&q=...&k=...&v=...
#pragma once
#include <string>
#include <vector>

#include "core/attention_example.h"
#include "ui/widget.h"

namespace tmx::ui {

class AttentionWorkedExample {
 public:
  static constexpr int kMaxTokens = 6, kMaxDim = 8;
  // Declares tokens, d, dv, x, q, k, v into ps; optional = left out of links while at defaults.
  void declare(ParamSpecs& ps, bool optional);
  // Ties the parameters together (list lengths = tokens x d); problems go to warnings.
  void check(std::vector<std::string>& warnings);
  // Draws the editable inputs and every step; query < 0: no query picked.
  void draw(bool& causal, int& query);
  AttentionExample compute(bool causal) const;
  const std::vector<std::string>& tokens() const { return tokens_; }
  int d() const { return d_; }
  int dv() const { return dv_; }

 private:
  void split_tokens();
  void fit(std::vector<float>& v, size_t n, const char* key, std::vector<std::string>& warnings);
  std::string tokens_text_;
  std::vector<std::string> tokens_;
  int d_ = 4, dv_ = 2;
  std::vector<float> x_, q_, k_, v_;
  std::vector<float> q0_, k0_, v0_;  // the chapter's inputs (Reset)
};

}  // namespace tmx::ui
