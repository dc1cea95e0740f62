// The byte-pair merge loop shared by the GPT-2 tokenizer and trained BPE tokenizers.
//
// Semantics (tiktoken's byte_pair_merge): repeatedly merge the adjacent pair of parts with
// the lowest rank, the leftmost one on ties, until no adjacent pair has a rank.
// tiktoken rescans the whole word after each merge (O(n^2)); we keep candidate pairs in a
// min-heap keyed on (rank, start byte) and drop stale entries when popped, so a 1 MB
// single "word" costs O(n log n) and gives exactly the same merges.
#pragma once
#include <cstdint>
#include <functional>
#include <queue>
#include <vector>

namespace tmx::tok {

// One part of a word during merging: bytes [begin, end) of the word and its token id.
struct MergePart {
  uint32_t begin, end;
  int id;
};

// rank(a, b, new_id) returns the rank of merging adjacent parts a and b (lower merges first)
// and sets new_id to the merged token, or returns -1 if they do not merge.
// On return `parts` holds the final tokens in order.
template <class RankFn>
void bpe_merge(std::vector<MergePart>& parts, RankFn&& rank) {
  const int n = static_cast<int>(parts.size());
  if (n < 2) return;
  struct Cand {
    int rank;
    uint32_t begin;    // left part's first byte (orders ties left to right)
    int left, right;   // part indices
    uint32_t end;      // right part's end when pushed: detects a part that grew since
    int new_id;
    bool operator>(const Cand& o) const { return rank != o.rank ? rank > o.rank : begin > o.begin; }
  };
  std::vector<int> next(n), prev(n);
  std::vector<char> alive(n, 1);
  for (int i = 0; i < n; ++i) next[i] = i + 1, prev[i] = i - 1;
  std::priority_queue<Cand, std::vector<Cand>, std::greater<Cand>> heap;
  auto push = [&](int l, int r) {
    int id = -1;
    const int k = rank(parts[l], parts[r], id);
    if (k >= 0) heap.push({k, parts[l].begin, l, r, parts[r].end, id});
  };
  for (int i = 0; i + 1 < n; ++i) push(i, i + 1);

  while (!heap.empty()) {
    const Cand c = heap.top();
    heap.pop();
    // Stale if either part was merged away, or a neighbour grew (its end moved).
    if (!alive[c.left] || !alive[c.right] || next[c.left] != c.right || parts[c.right].end != c.end ||
        parts[c.left].end != parts[c.right].begin)
      continue;
    MergePart& L = parts[c.left];
    L.end = parts[c.right].end;
    L.id = c.new_id;
    alive[c.right] = 0;
    next[c.left] = next[c.right];
    if (next[c.left] < n) prev[next[c.left]] = c.left;
    if (prev[c.left] >= 0) push(prev[c.left], c.left);
    if (next[c.left] < n) push(c.left, next[c.left]);
  }
  int w = 0;
  for (int i = 0; i < n; ++i)
    if (alive[i]) parts[w++] = parts[i];
  parts.resize(w);
}

}  // namespace tmx::tok
