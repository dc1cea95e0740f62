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
  int left, right;     // the merged pair of ids
  int64_t count;       // its (word-count weighted) frequency when chosen
  int new_id;          // 256 + step index
  std::string bytes;   // the new token's bytes (use bytes_to_visible for display)
  int64_t tokens_after = 0;  // tokens in the whole text after this merge (overlaps such as "aaa" merge once)
};

struct BpeTrainResult {
  std::vector<BpeMergeStep> steps;
  std::string stop_reason;  // "reached vocab_size" or "no pair occurs min_count times"
  int64_t tokens_before = 0;  // tokens before any merge: one per byte of the text
};

BpeTrainResult train_bpe(std::string_view text, const BpeTrainOptions& opt);

// The same training in bounded pieces, for a UI that must not block (train_bpe runs exactly
// this to the end): read() splits and counts the words a slice of bytes at a time, then
// merge() makes a few merges per call. The trainer keeps its own copy of the text.
class BpeTrainer {
 public:
  BpeTrainer(std::string text, const BpeTrainOptions& opt);
  ~BpeTrainer();
  BpeTrainer(BpeTrainer&&) noexcept;
  BpeTrainer& operator=(BpeTrainer&&) noexcept;
  // Reads about max_bytes more of the text; true once all of it is read and the pairs counted.
  bool read(size_t max_bytes);
  // Makes up to max_merges merges (after read() has finished); true once training has stopped.
  bool merge(int max_merges);
  bool done() const;
  size_t bytes_read() const;
  const BpeTrainResult& result() const;

 private:
  struct State;
  std::unique_ptr<State> s_;
};

// The adjacent pairs of the text after the first `merges` merges, with their (word-count
// weighted) counts, most frequent first with the trainer's tie-break (smallest left, then right
// id); at most `top` of them. Counted afresh from the words (not from the trainer's running
// counts), so the top pair at step k is the trainer's k-th merge: a test checks it.
struct BpePairCount {
  int left, right;
  int64_t count;
};
std::vector<BpePairCount> bpe_pair_counts(std::string_view text, Pretokenizer pre,
                                          const std::vector<std::pair<int, int>>& merges, size_t top);

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

  // One pre-tokenized word (no splitting), appending its tokens.
  void encode_word_spans(std::string_view word, std::vector<TokenSpan>& out) const;
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
