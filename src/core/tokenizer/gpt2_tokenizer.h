// The real GPT-2 tokenizer (r50k / "gpt2" in tiktoken), matching js-tiktoken id for id:
// GPT-2 pre-tokenization (pretokenize.h), then a rank-based byte-pair merge per piece
// (bpe_merge.h), with a cache of recently seen pieces.
//
// The 50,257-token table is loaded from a .tmxbpe asset (kind 1, see bpe_file.h) generated in
// the build at ${GEN_DIR}/assets/tokenizers/gpt2.tmxbpe. By default special tokens are not
// parsed out of text: "<|endoftext|>" in the input is encoded as ordinary text (js-tiktoken's
// encode(text, [], [])); set_allow_special(true) encodes it as id 50256 instead
// (encode(text, "all")). Either way id 50256 decodes to "<|endoftext|>".
//
// Unicode note: letter/number/space classes come from Debian's Unicode 15.0 tables; code points
// first assigned in Unicode 15.1-17.0 (all unassigned in 15.0, e.g. CJK extensions I/J) count as
// "other" here, while node 20 (Unicode 17) may class them as letters.
#pragma once
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/tokenizer/bpe_file.h"
#include "core/tokenizer/tokenizer.h"

namespace tmx::tok {

// Open-addressing hash table from token bytes to rank (id), over one contiguous byte pool.
class RankTable {
 public:
  void build(const std::vector<std::string>& tokens);
  int find(std::string_view bytes) const;  // rank, or -1
  std::string_view bytes(int id) const { return {pool_.data() + off_[id], size_t(off_[id + 1] - off_[id])}; }
  int size() const { return int(off_.size()) - 1; }
  size_t max_len() const { return max_len_; }

 private:
  std::string pool_;
  std::vector<uint32_t> off_{0};  // token i is pool_[off_[i], off_[i+1])
  std::vector<int> slots_;        // -1 = empty
  size_t mask_ = 0, max_len_ = 0;
};

class Gpt2Tokenizer : public Tokenizer {
 public:
  // Returns nullptr and sets err if the file is missing, corrupt or not a ranked byte-level table.
  static std::unique_ptr<Gpt2Tokenizer> load_file(const std::string& path, std::string& err);
  static std::unique_ptr<Gpt2Tokenizer> load_bytes(std::string_view bytes, std::string& err);

  std::string name() const override { return "gpt2"; }
  int vocab_size() const override { return vocab_size_; }
  void encode_spans(std::string_view text, std::vector<TokenSpan>& out) const override;
  std::string token_bytes(int id) const override;
  std::string token_text(int id) const override;

  // The table loaded in bounded steps (the Attention lab spreads the ~15 ms load over frames):
  // read the file, check its header and checksum, parse the tokens in slices, build the hash
  // table, then check every rank in slices.
  // load_file / load_bytes run exactly these steps to the end.
  class Loader {
   public:
    static Loader from_file(std::string path);
    static Loader from_bytes(std::string bytes);
    bool step();  // one bounded step; true when finished (then take())
    bool done() const { return stage_ == kDone; }
    static int steps_total() { return 3 + 2 * ((50257 + kChunk - 1) / kChunk); }  // steps for GPT-2's table
    // The tokenizer, or nullptr with error() saying why. Call once, after done().
    std::unique_ptr<Gpt2Tokenizer> take() { return std::move(tok_); }
    const std::string& error() const { return err_; }

   private:
    static constexpr int kChunk = 16384;  // tokens parsed or checked per step
    enum { kRead, kParse, kParseTokens, kBuild, kCheck, kDone };
    int stage_ = kRead;
    std::string path_, err_;
    // The file, on the heap so the reader's view of it survives moving the Loader.
    std::unique_ptr<std::string> bytes_ = std::make_unique<std::string>();
    BpeFile file_;
    BpeFileReader reader_;  // reads bytes_
    std::unique_ptr<Gpt2Tokenizer> tok_;
    int next_id_ = 0;
    bool fail(std::string msg);
  };

  void set_allow_special(bool allow) { allow_special_ = allow; }
  bool allow_special() const { return allow_special_; }

  // Encodes one pre-tokenized piece (no cache), appending ids. Exposed for tests and benches.
  void encode_piece(std::string_view piece, std::vector<int>& ids) const;

 private:
  RankTable ranks_;
  std::vector<std::pair<int, std::string>> specials_;
  int vocab_size_ = 0;
  bool allow_special_ = false;
  void encode_ordinary(std::string_view text, size_t offset, std::vector<TokenSpan>& out) const;
  mutable std::unordered_map<std::string, std::vector<int>> cache_;  // piece -> ids
};

}  // namespace tmx::tok
