// Trace: a forward pass can record every intermediate tensor by name, for the UI and the CLI.
//
//   Trace tr;
//   Mat logits = model.forward(ids, &tr);      // pass nullptr (the default) to record nothing
//   const Mat* w = tr.get("h.0.attn.head.3.weights");   // (T, T) or nullptr if absent
//
// Models guard every put() with `if (trace)`, so tracing off costs one branch per tensor.
// Names are dotted paths in forward order (see names()); per-model docs list them, e.g. GPT:
//   wte.out, wpe.out, h.{i}.in, h.{i}.ln_1.out, h.{i}.attn.{q,k,v}, h.{i}.attn.head.{h}.{q,k,v,scores,
//   scaled,masked,weights,out}, h.{i}.attn.out, h.{i}.res_1, h.{i}.ln_2.out, h.{i}.mlp.hidden,
//   h.{i}.mlp.act, h.{i}.mlp.out, h.{i}.res_2 (= residual stream after block i), ln_f.out, logits.
#pragma once
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "core/tensor.h"

namespace tmx {

class Trace {
 public:
  // Records a copy of m under name (a second put with the same name replaces it).
  void put(const std::string& name, const Mat& m) {
    auto it = index_.find(name);
    if (it != index_.end()) {
      entries_[it->second].second = m;
      return;
    }
    index_.emplace(name, entries_.size());
    entries_.emplace_back(name, m);
  }
  const Mat* get(const std::string& name) const {
    auto it = index_.find(name);
    return it == index_.end() ? nullptr : &entries_[it->second].second;
  }
  bool has(const std::string& name) const { return index_.count(name) != 0; }
  size_t size() const { return entries_.size(); }
  void clear() {
    entries_.clear();
    index_.clear();
  }
  // All entries in recording order.
  const std::vector<std::pair<std::string, Mat>>& entries() const { return entries_; }
  std::vector<std::string> names() const {
    std::vector<std::string> n;
    for (const auto& e : entries_) n.push_back(e.first);
    return n;
  }

 private:
  std::vector<std::pair<std::string, Mat>> entries_;
  std::unordered_map<std::string, size_t> index_;
};

}  // namespace tmx
