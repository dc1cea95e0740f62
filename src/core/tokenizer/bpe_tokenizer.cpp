// [SECTION] Symbols: the distinct words, as linked lists of token ids
// [SECTION] Pair counts with an ordered index (best pair = highest count, smallest ids)
// [SECTION] train_bpe
// [SECTION] BpeTokenizer: construction, save/load
// [SECTION] BpeTokenizer: encode/decode
#include "core/tokenizer/bpe_tokenizer.h"

#include <algorithm>
#include <set>

#include "core/error.h"
#include "core/tokenizer/bpe_merge.h"
#include "core/tokenizer/pretokenize.h"

namespace tmx::tok {

static std::unique_ptr<BpeTokenizer> no_tokenizer(std::string& err, std::string msg) {
  err = std::move(msg);
  return nullptr;
}

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
// [SECTION] Symbols: the distinct words, as linked lists of token ids
//-----------------------------------------------------------------------------
// A named namespace, not an anonymous one: BpeTrainer::State (declared in the header) holds these.
namespace bpe_train {
// All distinct words laid end to end; symbol i starts at byte i of its word. A merge joins a
// symbol with its next one, so each word is a linked list that only ever gets shorter.
struct Symbols {
  std::vector<int> id;         // current token id of the symbol starting here (-1 = merged away)
  std::vector<int> next, prev; // neighbours within the same word (-1 at the word's ends)
  std::vector<int64_t> weight; // how many times this symbol's word occurs in the text
};

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
}  // namespace bpe_train
using bpe_train::PairCounts;
using bpe_train::Symbols;

//-----------------------------------------------------------------------------
// [SECTION] train_bpe
//-----------------------------------------------------------------------------
// Each merge visits only the occurrences of the chosen pair (found through `where`, an index
// from pair to the symbols where it started, possibly stale and checked on use), so training
// costs about the number of merged occurrences, even when the text is one 10 MB word.
struct BpeTrainer::State {
  std::string text;
  BpeTrainOptions opt;
  BpeTrainResult r;
  // Reading: the words, as symbols (repeats weight their first copy).
  Symbols s;
  std::unordered_map<std::string_view, size_t> first;  // word bytes -> its first symbol
  std::unique_ptr<Gpt2PreTokenizer> pre;
  size_t read_pos = 0;
  bool read_done = false, merge_done = false;
  // Merging.
  PairCounts counts;
  std::unordered_map<uint64_t, std::vector<int>> where;
  std::unordered_map<uint64_t, int64_t> delta;  // this step's count changes, applied at the end
  std::vector<std::string> vocab;
  int64_t tokens = 0;
  int step = 0, n_merges = 0;
  int64_t min_count = 2;

  uint64_t pair_at(int i) const { return pair_key(s.id[i], s.id[s.next[i]]); }
  void bump(int i, int64_t d) { delta[pair_at(i)] += d; }

  void add_word(size_t b, size_t e) {
    const std::string_view w = std::string_view(text).substr(b, e - b);
    auto [it, fresh] = first.emplace(w, s.id.size());
    if (!fresh) {  // a repeat: weight the existing copy instead of storing it again
      for (size_t i = 0; i < w.size(); ++i) s.weight[it->second + i] += 1;
      return;
    }
    const int base = int(s.id.size());
    for (size_t i = 0; i < w.size(); ++i) {
      s.id.push_back(static_cast<uint8_t>(w[i]));
      s.next.push_back(i + 1 < w.size() ? base + int(i) + 1 : -1);
      s.prev.push_back(i > 0 ? base + int(i) - 1 : -1);
      s.weight.push_back(1);
    }
  }

  bool read(size_t max_bytes) {
    if (read_done) return true;
    if (opt.pretokenizer == Pretokenizer::None) {  // one word: the exact size is known, skip regrowth
      s.id.reserve(text.size()), s.next.reserve(text.size()), s.prev.reserve(text.size());
      s.weight.reserve(text.size());
      if (!text.empty()) add_word(0, text.size());
      read_pos = text.size();
    } else {
      if (!pre) pre = std::make_unique<Gpt2PreTokenizer>(text);
      const size_t stop = max_bytes >= text.size() - read_pos ? text.size() : read_pos + max_bytes;
      size_t b, e;
      while (read_pos < stop) {
        if (!pre->next(b, e)) {  // the pieces tile the text, so this is its end
          read_pos = text.size();
          break;
        }
        add_word(b, e);
        read_pos = e;
      }
      if (read_pos < text.size()) return false;
    }
    // All words read: count the pairs.
    first.clear();
    pre.reset();
    for (int i = 0; i < int(s.id.size()); ++i) {
      tokens += s.weight[i];
      if (s.next[i] >= 0) bump(i, s.weight[i]), where[pair_at(i)].push_back(i);
    }
    for (const auto& [k, d] : delta) counts.add(k, d);
    r.tokens_before = tokens;
    vocab.resize(256);
    for (int b = 0; b < 256; ++b) vocab[b] = std::string(1, char(b));
    n_merges = std::max(0, std::min(opt.vocab_size, kBpeMaxVocab) - 256);
    min_count = std::max<int64_t>(1, opt.min_count);
    r.stop_reason = "reached vocab_size";
    read_done = true;
    merge_done = n_merges == 0;
    return true;
  }

  // One merge; false when training stops instead.
  bool merge_one() {
    if (step >= n_merges) return false;
    if (counts.empty() || counts.best_count() < min_count) {
      r.stop_reason = "no pair occurs min_count times";
      return false;
    }
    const uint64_t key = counts.best_key();
    const int a = key_left(key), b = key_right(key), c = 256 + step;
    r.steps.push_back({a, b, counts.best_count(), c, vocab[a] + vocab[b]});
    vocab.push_back(vocab[a] + vocab[b]);

    // Left to right, so "aaa" becomes [aa, a] like the reference (positions are word order).
    std::vector<int> at = std::move(where[key]);
    where.erase(key);
    std::sort(at.begin(), at.end());
    delta.clear();
    for (int i : at) {
      const int j = s.next[i];
      if (s.id[i] != a || j < 0 || s.id[j] != b) continue;  // stale: merged or changed since
      const int64_t w = s.weight[i];
      const int p = s.prev[i], q = s.next[j];
      // The pairs around the occurrence disappear ...
      if (p >= 0) bump(p, -w);
      bump(i, -w);
      if (q >= 0) bump(j, -w);
      // ... the occurrence becomes one symbol ...
      s.id[i] = c;
      s.id[j] = -1;
      s.next[i] = q;
      if (q >= 0) s.prev[q] = i;
      tokens -= w;
      // ... and the new pairs around it appear.
      if (p >= 0) bump(p, w), where[pair_at(p)].push_back(p);
      if (q >= 0) bump(i, w), where[pair_at(i)].push_back(i);
    }
    for (const auto& [k, d] : delta) counts.add(k, d);
    r.steps.back().tokens_after = tokens;
    ++step;
    return true;
  }
};

BpeTrainer::BpeTrainer(std::string text, const BpeTrainOptions& opt) : s_(std::make_unique<State>()) {
  s_->text = std::move(text);
  s_->opt = opt;
}
BpeTrainer::~BpeTrainer() = default;
BpeTrainer::BpeTrainer(BpeTrainer&&) noexcept = default;
BpeTrainer& BpeTrainer::operator=(BpeTrainer&&) noexcept = default;

bool BpeTrainer::read(size_t max_bytes) { return s_->read(std::max<size_t>(1, max_bytes)); }

bool BpeTrainer::merge(int max_merges) {
  if (!s_->read_done) return false;
  for (int k = 0; k < max_merges && !s_->merge_done; ++k)
    if (!s_->merge_one()) s_->merge_done = true;
  if (s_->step >= s_->n_merges) s_->merge_done = true;
  return s_->merge_done;
}

bool BpeTrainer::done() const { return s_->read_done && s_->merge_done; }
size_t BpeTrainer::bytes_read() const { return s_->read_pos; }
const BpeTrainResult& BpeTrainer::result() const { return s_->r; }

BpeTrainResult train_bpe(std::string_view text, const BpeTrainOptions& opt) {
  BpeTrainer t{std::string(text), opt};
  t.read(text.size() + 1);
  while (!t.merge(1 << 30)) {}
  return t.result();
}

std::vector<BpePairCount> bpe_pair_counts(std::string_view text, Pretokenizer pre,
                                          const std::vector<std::pair<int, int>>& merges, size_t top) {
  const BpeTokenizer t(merges, pre);
  std::unordered_map<std::string_view, int64_t> words;
  for_each_word(text, pre, [&](size_t b, size_t e) { ++words[text.substr(b, e - b)]; });
  std::unordered_map<uint64_t, int64_t> count;
  std::vector<TokenSpan> spans;
  for (const auto& [w, n] : words) {
    spans.clear();
    t.encode_word_spans(w, spans);
    for (size_t i = 0; i + 1 < spans.size(); ++i) count[pair_key(spans[i].id, spans[i + 1].id)] += n;
  }
  std::vector<BpePairCount> out;
  out.reserve(count.size());
  for (const auto& [k, n] : count) out.push_back({key_left(k), key_right(k), n});
  auto better = [](const BpePairCount& x, const BpePairCount& y) {
    if (x.count != y.count) return x.count > y.count;
    return x.left != y.left ? x.left < y.left : x.right < y.right;
  };
  if (out.size() > top) {
    std::partial_sort(out.begin(), out.begin() + std::ptrdiff_t(top), out.end(), better);
    out.resize(top);
  } else {
    std::sort(out.begin(), out.end(), better);
  }
  return out;
}

//-----------------------------------------------------------------------------
// [SECTION] BpeTokenizer: construction, save/load
//-----------------------------------------------------------------------------
BpeTokenizer::BpeTokenizer(std::vector<std::pair<int, int>> merges, Pretokenizer pre) : pre_(pre) {
  vocab_.resize(256);
  for (int b = 0; b < 256; ++b) vocab_[b] = std::string(1, char(b));
  uint64_t total = 256;
  for (const auto& [a, b] : merges) {
    const int next_id = int(vocab_.size());
    if (a < 0 || b < 0 || a >= next_id || b >= next_id) break;  // merges must refer backwards
    total += vocab_[a].size() + vocab_[b].size();
    if (total > kBpeMaxTokenBytes)  // load_bytes refuses such files first, with a message
      throw Error("bpe: the tokens would hold more than " + std::to_string(kBpeMaxTokenBytes >> 20) + " MiB of bytes");
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
  if (f.kind != kBpeKindMerges) return no_tokenizer(err, "not a trained BPE file (expected a merge list)");
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

void BpeTokenizer::encode_word_spans(std::string_view word, std::vector<TokenSpan>& out) const {
  encode_word(word, 0, word.size(), out);
}

void BpeTokenizer::encode_spans(std::string_view text, std::vector<TokenSpan>& out) const {
  check_tokenize_input(text);
  out.clear();
  for_each_word(text, pre_, [&](size_t b, size_t e) { encode_word(text, b, e, out); });
}

std::string BpeTokenizer::token_bytes(int id) const {
  return (id >= 0 && id < int(vocab_.size())) ? vocab_[id] : std::string();
}

}  // namespace tmx::tok
