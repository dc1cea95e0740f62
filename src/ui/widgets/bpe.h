// "Byte-pair encoding" (slug `bpe`): train BPE merges on a text step by step (pair counts,
// merge list, vocabulary, compression per step), encode any text with the learned merges, and
// compare with the real GPT-2 tokenizer, whose byte-level pieces are shown byte for byte.
// Training is core/tokenizer's BpeTrainer (the code path of `tmx bpe-train`), sliced over frames.
// Declared in a header so tests can compare what the widget shows with the core and the CLI.
#pragma once
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/tokenizer/bpe_tokenizer.h"
#include "core/tokenizer/gpt2_tokenizer.h"
#include "ui/line_plot.h"
#include "ui/sliced_job.h"
#include "ui/widget.h"

namespace tmx::ui {

// Token labels are tok::token_label(bytes, before, font_can_draw): characters the fonts can draw as
// themselves, others as "U+4E2D", partial characters as "‹E4 B8›" (and "‹AD›…中" for the token
// that completes one). Whether the UI's fonts have a glyph for the code point (the current atlas):
bool font_can_draw(uint32_t cp);

// One GPT-2 token of the input as the widget lists it.
struct BpeTokenRow {
  int id;
  std::string bytes;  // the token's exact bytes
  std::string hex;    // "E4 B8"
  std::string label;  // tok::token_label(bytes, the text before it, font_can_draw)
  std::string chars;  // the whole characters it touches, labelled the same way, with code points
  bool whole;         // its bytes are whole characters
  bool completes;     // it ends a character an earlier token began
};

class BpeWidget final : public Widget {
 public:
  enum class Sample { English, Chinese, Emoji, Code, Custom };
  enum class Pre { Gpt2, None };
  enum class View { Train, Encode, Gpt2 };

  BpeWidget();
  void draw() override;

  // --- for tests ---
  void compute_now();               // runs the pending training (and the GPT-2 table load) to the end
  bool ready() const;               // what is shown was trained on the current inputs
  const tok::BpeTrainResult& training() const { return shown_.result; }
  tok::BpeTrainOptions train_options() const;
  const std::string& train_text() const { return text_; }
  // The GPT-2 rows of the input text (loads the table on first use); empty with gpt2_error() set
  // when the table is missing.
  const std::vector<BpeTokenRow>& gpt2_rows();
  const std::string& gpt2_error() const { return gpt2_error_; }
  std::vector<tok::BpePairCount> pair_counts_at(int step) const;

  static constexpr size_t kMaxTrainBytes = 512 * 1024;  // longer text is cut, with a message
  static constexpr size_t kMaxInputBytes = 4096;         // the text to encode
  static constexpr int kMaxMerges = 1000;
  static const char* sample_text(Sample s);

 private:
  void after_params() override;
  std::string train_key() const;
  void start_training();
  void advance(double budget_ms);
  bool ensure_gpt2();  // false while the GPT-2 table's pack is on its way
  void draw_train();
  void draw_encode();
  void draw_gpt2();
  void draw_pair_table(int step);
  void draw_merge_list(int step);
  void draw_compression(int step);
  void draw_segmented(int step);

  // State (declared in the constructor, so in params()).
  Sample sample_ = Sample::English;
  std::string text_, custom_text_, input_;
  int merges_ = 40, step_ = 0;
  Pre pre_ = Pre::Gpt2;
  View view_ = View::Train;
  int force_tab_ = 2;
  std::string text_warning_;

  // Training, sliced over frames.
  struct Shown {
    std::string key;
    tok::BpeTrainResult result;
    std::unique_ptr<tok::BpeTokenizer> tok;
  };
  Shown shown_;
  std::string pending_key_;
  std::unique_ptr<tok::BpeTrainer> trainer_;
  SlicedJob job_;

  // Pair counts at the shown step (recounted when the step or the training changes).
  int pairs_step_ = -1;
  std::string pairs_key_;
  std::vector<tok::BpePairCount> pairs_;

  // GPT-2: the table loads in slices the first time the tab opens.
  std::unique_ptr<tok::Gpt2Tokenizer> gpt2_;
  std::unique_ptr<tok::Gpt2Tokenizer::Loader> gpt2_loader_;
  std::string gpt2_error_, gpt2_rows_text_;
  std::vector<BpeTokenRow> gpt2_rows_;
  LinePlotView ratio_view_;
};

}  // namespace tmx::ui
