// The byte-pair merge loop shared by the GPT-2 tokenizer and trained BPE tokenizers.
//
// Semantics (tiktoken's byte_pair_merge): repeatedly merge the adjacent pair of parts with
// the lowest rank, the leftmost one on ties, until no adjacent pair has a rank.
// tiktoken rescans the whole word after each merge (O(n^2)); we keep candidate pairs in a
// min-heap keyed on (rank, start byte) and drop stale entries when popped, so a 1 MB
// single "word" costs O(n log n) time, O(n) memory, and gives exactly the same merges.
#pragma once
#include <cstdint>
#include <algorithm>
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
  // 12 bytes per candidate; with parts (12), next/prev (8) and alive (1) the merge needs about
  // 35-45 bytes per byte of the word. A candidate is checked when popped by asking for the rank
  // of its left part and that part's current right neighbour again: pair ranks are unique (GPT-2:
  // the rank of the merged bytes; trained BPE: the merge index), so an equal rank means the same
  // pair, and a changed neighbourhood gives a different rank (or none), so the entry is stale.
  struct Cand {
    int rank;
    uint32_t begin;  // left part's first byte (orders ties left to right)
    int left;        // part index
  };
  auto later = [](const Cand& x, const Cand& y) { return x.rank != y.rank ? x.rank > y.rank : x.begin > y.begin; };
  std::vector<int> next(n), prev(n);
  std::vector<char> alive(n, 1);
  for (int i = 0; i < n; ++i) next[i] = i + 1, prev[i] = i - 1;
  std::vector<Cand> heap;
  heap.reserve(static_cast<size_t>(n));
  auto push = [&](int l, int r) {
    int id = -1;
    const int k = rank(parts[l], parts[r], id);
    if (k < 0) return;
    heap.push_back({k, parts[l].begin, l});
    std::push_heap(heap.begin(), heap.end(), later);
  };
  for (int i = 0; i + 1 < n; ++i) {
    int id = -1;
    const int k = rank(parts[i], parts[i + 1], id);
    if (k >= 0) heap.push_back({k, parts[i].begin, i});
  }
  std::make_heap(heap.begin(), heap.end(), later);

  while (!heap.empty()) {
    std::pop_heap(heap.begin(), heap.end(), later);
    const Cand c = heap.back();
    heap.pop_back();
    const int l = c.left, r = next[l];
    if (!alive[l] || r >= n) continue;
    int new_id = -1;
    if (rank(parts[l], parts[r], new_id) != c.rank) continue;  // stale: the pair changed since
    MergePart& L = parts[l];
    L.end = parts[r].end;
    L.id = new_id;
    alive[r] = 0;
    next[l] = next[r];
    if (next[l] < n) prev[next[l]] = l;
    if (prev[l] >= 0) push(prev[l], l);
    if (next[l] < n) push(l, next[l]);
  }
  int w = 0;
  for (int i = 0; i < n; ++i)
    if (alive[i]) parts[w++] = parts[i];
  parts.resize(w);
}

}  // namespace tmx::tok
