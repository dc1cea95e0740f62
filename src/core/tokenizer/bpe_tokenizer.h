// Byte-level BPE you can train on your own text, with a full merge trace for step-by-step replay.
//
// Training (train_bpe):
//   1. split the text into words with the chosen pre-tokenizer (GPT-2 pattern or none) and
//      count each distinct word; start every word as its bytes (ids 0..255);
//   2. repeat until the vocabulary reaches vocab_size: count adjacent pairs over all words
//      (weighted by word count), merge the most frequent pair into a new id 256+k everywhere,
//      left to right without overlaps, and record the step.
//   Tie-breaking (deterministic, documented): the highest count wins; among equal counts, the
//   pair with the smallest left id, then the smallest right id. Training stops early when the
//   best pair occurs fewer than min_count times (default 2: a pair seen once teaches nothing).
//   Pair counts are updated incrementally: a merge visits only the occurrences of its pair, so
//   even a 10 MB text trained without pre-tokenization (one huge word) stays fast. Memory is
//   about 30 bytes per byte of distinct words.
//
// Encoding with the learned merges uses the same rank-based loop as GPT-2 (bpe_merge.h) with
// rank = merge index, which reproduces "apply merges in training order".
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "core/tokenizer/bpe_file.h"
#include "core/tokenizer/tokenizer.h"

namespace tmx::tok {

struct BpeTrainOptions {
  int vocab_size = 512;  // 256 byte tokens + (vocab_size - 256) merges at most
  Pretokenizer pretokenizer = Pretokenizer::Gpt2;
  int64_t min_count = 2;
};
constexpr int kBpeMaxVocab = 1 << 20;  // sanity cap on requested vocab sizes

struct BpeMergeStep {
  int left, right;    // the merged pair of ids
  int64_t count;      // its (word-count weighted) frequency when chosen
  int new_id;         // 256 + step index
  std::string bytes;  // the new token's bytes (use bytes_to_visible for display)
};

struct BpeTrainResult {
  std::vector<BpeMergeStep> steps;
  std::string stop_reason;  // "reached vocab_size" or "no pair occurs min_count times"
};

BpeTrainResult train_bpe(std::string_view text, const BpeTrainOptions& opt);

class BpeTokenizer : public Tokenizer {
 public:
  BpeTokenizer(std::vector<std::pair<int, int>> merges, Pretokenizer pre);  // merges must refer backwards
  static BpeTokenizer from_training(const BpeTrainResult& r, Pretokenizer pre);

  // .tmxbpe kind 2 (bpe_file.h). Loading returns nullptr + err on a corrupt or foreign file.
  std::string save() const;
  bool save_file(const std::string& path, std::string& err) const;
  static std::unique_ptr<BpeTokenizer> load_bytes(std::string_view bytes, std::string& err);
  static std::unique_ptr<BpeTokenizer> load_file(const std::string& path, std::string& err);

  std::string name() const override { return "bpe"; }
  int vocab_size() const override { return int(vocab_.size()); }
  void encode_spans(std::string_view text, std::vector<TokenSpan>& out) const override;
  std::string token_bytes(int id) const override;
  std::string token_text(int id) const override { return bytes_to_visible(token_bytes(id)); }

  const std::vector<std::pair<int, int>>& merges() const { return merges_; }
  Pretokenizer pretokenizer() const { return pre_; }

 private:
  std::vector<std::pair<int, int>> merges_;
  Pretokenizer pre_;
  std::vector<std::string> vocab_;              // id -> bytes
  std::unordered_map<uint64_t, int> rank_;      // (left << 32 | right) -> merge index
  void encode_word(std::string_view text, size_t begin, size_t end, std::vector<TokenSpan>& out) const;
};

}  // namespace tmx::tok
