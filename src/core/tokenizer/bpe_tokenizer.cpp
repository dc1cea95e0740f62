// [SECTION] Words: pre-tokenize and count
// [SECTION] Pair counts with an ordered index (best pair = highest count, smallest ids)
// [SECTION] train_bpe
// [SECTION] BpeTokenizer: construction, save/load
// [SECTION] BpeTokenizer: encode/decode
#include "core/tokenizer/bpe_tokenizer.h"

#include <algorithm>
#include <set>

#include "core/tokenizer/bpe_merge.h"
#include "core/tokenizer/pretokenize.h"

namespace tmx::tok {

static uint64_t pair_key(int a, int b) { return uint64_t(uint32_t(a)) << 32 | uint32_t(b); }
static int key_left(uint64_t k) { return int(k >> 32); }
static int key_right(uint64_t k) { return int(k & 0xFFFFFFFFu); }

// Calls f(begin, end) for each word of the text under the given pre-tokenizer.
template <class F>
static void for_each_word(std::string_view text, Pretokenizer pre, F&& f) {
  if (pre == Pretokenizer::None) {
    if (!text.empty()) f(size_t(0), text.size());
    return;
  }
  Gpt2PreTokenizer p(text);
  for (size_t b, e; p.next(b, e);) f(b, e);
}

//-----------------------------------------------------------------------------
// [SECTION] Words: pre-tokenize and count
//-----------------------------------------------------------------------------
namespace {
struct Word {
  std::vector<int> sym;  // current token ids
  int64_t freq;          // how many times the word occurs in the text
};

std::vector<Word> count_words(std::string_view text, Pretokenizer pre) {
  std::vector<Word> words;
  std::unordered_map<std::string_view, size_t> index;  // word bytes -> position in words
  for_each_word(text, pre, [&](size_t b, size_t e) {
    const std::string_view w = text.substr(b, e - b);
    auto [it, fresh] = index.emplace(w, words.size());
    if (fresh) {
      Word word{std::vector<int>(w.size()), 0};
      for (size_t i = 0; i < w.size(); ++i) word.sym[i] = static_cast<uint8_t>(w[i]);
      words.push_back(std::move(word));
    }
    words[it->second].freq += 1;
  });
  return words;
}

//-----------------------------------------------------------------------------
// [SECTION] Pair counts with an ordered index (best pair = highest count, smallest ids)
//-----------------------------------------------------------------------------
class PairCounts {
 public:
  void add(uint64_t key, int64_t delta) {
    if (delta == 0) return;
    int64_t& c = count_[key];
    if (c > 0) order_.erase({-c, key});
    c += delta;
    if (c > 0) order_.insert({-c, key});
    else count_.erase(key);
  }
  bool empty() const { return order_.empty(); }
  // (-count, key) sorts by count descending, then key ascending = (left, right) ascending.
  uint64_t best_key() const { return order_.begin()->second; }
  int64_t best_count() const { return -order_.begin()->first; }

 private:
  std::unordered_map<uint64_t, int64_t> count_;
  std::set<std::pair<int64_t, uint64_t>> order_;
};

// Replaces every (a, b) in w (left to right, no overlaps) by c and records the pair-count
// changes: old pairs touching a merged position disappear, new pairs touching c appear.
// Returns the keys of the new pairs (so the caller can index which words hold them).
void merge_word(Word& w, int a, int b, int c, std::unordered_map<uint64_t, int64_t>& delta,
                std::vector<uint64_t>& created) {
  const std::vector<int>& s = w.sym;
  const size_t n = s.size();
  std::vector<int> out;
  std::vector<char> hit(n, 0);
  out.reserve(n);
  bool any = false;
  for (size_t i = 0; i < n;) {
    if (i + 1 < n && s[i] == a && s[i + 1] == b) {
      out.push_back(c);
      hit[i] = hit[i + 1] = 1;
      any = true;
      i += 2;
    } else {
      out.push_back(s[i++]);
    }
  }
  if (!any) return;  // stale index entry: the word no longer holds the pair
  for (size_t p = 0; p + 1 < n; ++p)
    if (hit[p] || hit[p + 1]) delta[pair_key(s[p], s[p + 1])] -= w.freq;
  for (size_t q = 0; q + 1 < out.size(); ++q) {
    if (out[q] != c && out[q + 1] != c) continue;
    const uint64_t k = pair_key(out[q], out[q + 1]);
    delta[k] += w.freq;
    created.push_back(k);
  }
  w.sym = std::move(out);
}
}  // namespace

//-----------------------------------------------------------------------------
// [SECTION] train_bpe
//-----------------------------------------------------------------------------
BpeTrainResult train_bpe(std::string_view text, const BpeTrainOptions& opt) {
  BpeTrainResult r;
  std::vector<Word> words = count_words(text, opt.pretokenizer);
  PairCounts counts;
  std::unordered_map<uint64_t, std::vector<int>> where;  // pair -> words that held it (may be stale)
  for (int wi = 0; wi < int(words.size()); ++wi) {
    const auto& s = words[wi].sym;
    for (size_t p = 0; p + 1 < s.size(); ++p) {
      const uint64_t k = pair_key(s[p], s[p + 1]);
      counts.add(k, words[wi].freq);
      auto& list = where[k];
      if (list.empty() || list.back() != wi) list.push_back(wi);
    }
  }
  std::vector<std::string> vocab(256);
  for (int b = 0; b < 256; ++b) vocab[b] = std::string(1, char(b));

  const int n_merges = std::max(0, std::min(opt.vocab_size, kBpeMaxVocab) - 256);
  const int64_t min_count = std::max<int64_t>(1, opt.min_count);
  r.stop_reason = "reached vocab_size";
  std::vector<int> seen(words.size(), -1);  // step stamp: each word merged once per step
  for (int step = 0; step < n_merges; ++step) {
    if (counts.empty() || counts.best_count() < min_count) {
      r.stop_reason = "no pair occurs min_count times";
      break;
    }
    const uint64_t key = counts.best_key();
    const int a = key_left(key), b = key_right(key), c = 256 + step;
    r.steps.push_back({a, b, counts.best_count(), c, vocab[a] + vocab[b]});
    vocab.push_back(vocab[a] + vocab[b]);

    std::unordered_map<uint64_t, int64_t> delta;
    std::vector<uint64_t> created;
    const std::vector<int> holders = std::move(where[key]);
    where.erase(key);
    for (int wi : holders) {
      if (seen[wi] == step) continue;
      seen[wi] = step;
      created.clear();
      merge_word(words[wi], a, b, c, delta, created);
      for (uint64_t k : created) {
        auto& list = where[k];
        if (list.empty() || list.back() != wi) list.push_back(wi);
      }
    }
    for (const auto& [k, d] : delta) counts.add(k, d);
  }
  return r;
}

//-----------------------------------------------------------------------------
// [SECTION] BpeTokenizer: construction, save/load
//-----------------------------------------------------------------------------
BpeTokenizer::BpeTokenizer(std::vector<std::pair<int, int>> merges, Pretokenizer pre) : pre_(pre) {
  vocab_.resize(256);
  for (int b = 0; b < 256; ++b) vocab_[b] = std::string(1, char(b));
  for (const auto& [a, b] : merges) {
    const int next_id = int(vocab_.size());
    if (a < 0 || b < 0 || a >= next_id || b >= next_id) break;  // merges must refer backwards
    rank_.emplace(pair_key(a, b), int(merges_.size()));  // a repeated pair keeps its first rank
    merges_.emplace_back(a, b);
    vocab_.push_back(vocab_[a] + vocab_[b]);
  }
}

BpeTokenizer BpeTokenizer::from_training(const BpeTrainResult& r, Pretokenizer pre) {
  std::vector<std::pair<int, int>> merges;
  for (const auto& s : r.steps) merges.emplace_back(s.left, s.right);
  return BpeTokenizer(std::move(merges), pre);
}

std::string BpeTokenizer::save() const {
  BpeFile f;
  f.kind = kBpeKindMerges;
  f.pretokenizer = pre_;
  f.merges = merges_;
  return write_bpe_file(f);
}

bool BpeTokenizer::save_file(const std::string& path, std::string& err) const {
  return write_file_bytes(path, save(), err);
}

std::unique_ptr<BpeTokenizer> BpeTokenizer::load_bytes(std::string_view bytes, std::string& err) {
  BpeFile f;
  if (!read_bpe_file(bytes, f, err)) return nullptr;
  if (f.kind != kBpeKindMerges) return err = "not a trained BPE file (expected a merge list)", nullptr;
  return std::make_unique<BpeTokenizer>(std::move(f.merges), f.pretokenizer);
}

std::unique_ptr<BpeTokenizer> BpeTokenizer::load_file(const std::string& path, std::string& err) {
  std::string bytes;
  if (!read_file_bytes(path, bytes, err)) return nullptr;
  return load_bytes(bytes, err);
}

//-----------------------------------------------------------------------------
// [SECTION] BpeTokenizer: encode/decode
//-----------------------------------------------------------------------------
void BpeTokenizer::encode_word(std::string_view text, size_t begin, size_t end, std::vector<TokenSpan>& out) const {
  std::vector<MergePart> parts(end - begin);
  for (size_t i = begin; i < end; ++i) parts[i - begin] = {uint32_t(i), uint32_t(i + 1), static_cast<uint8_t>(text[i])};
  bpe_merge(parts, [&](const MergePart& x, const MergePart& y, int& new_id) {
    const auto it = rank_.find(pair_key(x.id, y.id));
    if (it == rank_.end()) return -1;
    new_id = 256 + it->second;
    return it->second;
  });
  for (const auto& p : parts) out.push_back({p.id, p.begin, p.end});
}

void BpeTokenizer::encode_spans(std::string_view text, std::vector<TokenSpan>& out) const {
  out.clear();
  for_each_word(text, pre_, [&](size_t b, size_t e) { encode_word(text, b, e, out); });
}

std::string BpeTokenizer::token_bytes(int id) const {
  return (id >= 0 && id < int(vocab_.size())) ? vocab_[id] : std::string();
}

}  // namespace tmx::tok
