#include "core/tasks/synthetic.h"

#include <algorithm>

#include "core/error.h"
#include "core/rng.h"

namespace tmx::tasks::synthetic {

const char* task_name(Task t) { return t == Task::SelectiveCopy ? "selective-copy" : "induction"; }

bool parse_task(const std::string& s, Task& out) {
  if (s == "selective-copy") out = Task::SelectiveCopy;
  else if (s == "induction") out = Task::Induction;
  else return false;
  return true;
}

void Config::validate() const {
  auto need = [](bool ok, const std::string& what) {
    if (!ok) throw Error("synthetic task: " + what);
  };
  need(length >= 2 && length <= 4096, "length must be in [2, 4096], got " + std::to_string(length));
  need(n_symbols >= 2 && n_symbols <= 64, "n_symbols must be in [2, 64], got " + std::to_string(n_symbols));
  if (task == Task::SelectiveCopy)
    need(n_content >= 1 && n_content <= 64 && n_content <= length,
         "n_content must be in [1, min(64, length)], got " + std::to_string(n_content));
  else
    need(length >= 3, "induction needs length >= 3, got " + std::to_string(length));
}

int Config::seq_len() const { return task == Task::SelectiveCopy ? length + n_content : length + 1; }
int Config::n_answers() const { return task == Task::SelectiveCopy ? n_content : 1; }
double Config::noise_fraction() const {
  return task == Task::SelectiveCopy ? double(length - n_content) / double(length) : 0.0;
}

// One 32-bit seed per (stream, index): a splitmix64 finaliser over both.
static uint32_t mix(uint32_t seed, uint64_t index) {
  uint64_t z = (uint64_t(seed) << 32 | 0x5EEDu) ^ (index * 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return uint32_t((z ^ (z >> 31)) >> 16);
}

Example example(const Config& c, uint32_t seed, uint64_t index) {
  c.validate();
  Rng rng(mix(seed, index));
  const int L = c.length, S = c.n_symbols, T = c.seq_len();
  Example e;
  e.ids.assign(T, kNoise);
  e.targets.assign(T, -1);
  e.roles.assign(T, Role::Noise);
  auto symbol = [&] { return kFirstSymbol + int(rng.below(uint32_t(S))); };
  if (c.task == Task::SelectiveCopy) {
    // k distinct positions of the body, uniformly (partial Fisher-Yates), in increasing order.
    std::vector<int> pos(L);
    for (int i = 0; i < L; ++i) pos[i] = i;
    for (int i = 0; i < c.n_content; ++i) std::swap(pos[i], pos[i + int(rng.below(uint32_t(L - i)))]);
    pos.resize(c.n_content);
    std::sort(pos.begin(), pos.end());
    for (int p : pos) {
      e.ids[p] = symbol();
      e.roles[p] = Role::Content;
      e.answer.push_back(e.ids[p]);
    }
    for (int i = 0; i < c.n_content; ++i) {
      e.ids[L + i] = kMarker;
      e.roles[L + i] = Role::Marker;
      e.targets[L + i] = e.answer[i];
    }
  } else {
    for (int i = 0; i < L; ++i) e.ids[i] = symbol();
    const int p = int(rng.below(uint32_t(L - 1)));  // trigger in [0, L − 2], its key right after
    e.ids[p] = kMarker;
    e.roles[p] = Role::Marker;
    e.roles[p + 1] = Role::Content;
    e.ids[L] = kMarker;
    e.roles[L] = Role::Marker;
    e.targets[L] = e.ids[p + 1];
    e.answer.push_back(e.ids[p + 1]);
  }
  return e;
}

// Training uses indices step * batch + b of the stream; the held-out set uses a different stream.
static uint32_t eval_seed(uint32_t seed) { return seed ^ 0xE7A15E7u; }

std::vector<Example> eval_set(const Config& c, uint32_t seed, int n) {
  if (n < 1 || n > 100000) throw Error("synthetic task: the evaluation set needs 1 to 100000 examples");
  std::vector<Example> v;
  v.reserve(n);
  for (int i = 0; i < n; ++i) v.push_back(example(c, eval_seed(seed), uint64_t(i)));
  return v;
}

void training_batch(const Config& c, uint32_t seed, int step, int batch, std::vector<std::vector<int>>& ids,
                    std::vector<std::vector<int>>& targets) {
  ids.assign(batch, {});
  targets.assign(batch, {});
  for (int b = 0; b < batch; ++b) {
    Example e = example(c, seed, uint64_t(step) * uint64_t(batch) + uint64_t(b));
    ids[b] = std::move(e.ids);
    targets[b] = std::move(e.targets);
  }
}

std::vector<int> solve(const Config& c, const std::vector<int>& ids) {
  c.validate();
  if (int(ids.size()) != c.seq_len()) throw Error("synthetic task: the input has the wrong length");
  std::vector<int> out;
  if (c.task == Task::SelectiveCopy) {
    for (int i = 0; i < c.length; ++i)
      if (ids[i] != kNoise) out.push_back(ids[i]);
  } else {
    for (int i = 0; i + 1 < c.length; ++i)
      if (ids[i] == kMarker) out.push_back(ids[i + 1]);
  }
  return out;
}

int correct(LanguageModel& m, const Example& e) {
  const Mat logits = m.forward(e.ids);  // (T, vocab)
  int hit = 0;
  for (size_t t = 0; t < e.targets.size(); ++t) {
    if (e.targets[t] < 0) continue;
    Eigen::Index best = 0;
    logits.row(Eigen::Index(t)).maxCoeff(&best);
    hit += int(best) == e.targets[t];
  }
  return hit;
}

double accuracy(LanguageModel& m, const std::vector<Example>& set) {
  int64_t hit = 0, n = 0;
  for (const Example& e : set) hit += correct(m, e), n += int64_t(e.answer.size());
  return n ? double(hit) / double(n) : 0.0;
}

std::string token_text(int id) {
  if (id == kNoise) return "\xC2\xB7";          // ·
  if (id == kMarker) return ">";  // ASCII: every UI font has it
  return std::to_string(id - kFirstSymbol);
}

}  // namespace tmx::tasks::synthetic
