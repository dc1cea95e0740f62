// The Mamba paper's synthetic tasks (Gu & Dao 2023, section 4.1), small enough to train in minutes:
//
//   selective copying   k content tokens scattered at random positions among noise tokens in a body
//                       of `length` positions, then k marker tokens; at the i-th marker the model must
//                       output the i-th content token (in order). Noise fraction = (length − k) / length.
//       ids      7 · · 3 · 9 · · · 5 · · | > > > >
//       targets  − − − − − − − − − − − − | 7 3 9 5          (− = not scored, target −1)
//   induction heads     `length` random symbols in which a trigger token > appears once, followed by
//                       a key symbol; the sequence ends with > again and the model must output the key.
//       ids      4 1 6 > 2 7 5 0 3 >
//       targets  − − − − − − − − − 2
//
// One vocabulary for both: id 0 = noise "·", id 1 = marker / trigger ">", ids 2 .. 2 + n_symbols − 1
// = the symbols "0", "1", ... A model is trained with LanguageModel::forward_backward(ids, targets)
// (targets at every position, −1 where nothing is scored), through the Trainer's batch source.
// Example i of a stream is drawn from its own Rng (seed, i), so examples do not depend on order.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "core/language_model.h"

namespace tmx::tasks::synthetic {

enum class Task { SelectiveCopy, Induction };
const char* task_name(Task t);                    // "selective-copy", "induction"
bool parse_task(const std::string& s, Task& out);  // the names above

constexpr int kNoise = 0, kMarker = 1, kFirstSymbol = 2;

// What a position of the input is, for colouring and tests.
enum class Role : uint8_t {
  Noise,    // copying: a noise token; induction: a filler symbol
  Content,  // copying: a content token to copy; induction: the key after the first trigger
  Marker,   // copying: a marker (an answer is due here); induction: a trigger
};

struct Config {
  Task task = Task::SelectiveCopy;
  int length = 64;     // body length L (copying: content + noise; induction: everything before the last trigger)
  int n_content = 8;   // k, content tokens to copy (copying only)
  int n_symbols = 8;   // distinct content symbols
  // Limits: length in [2, 4096]; copying needs 1 <= n_content <= min(64, length); induction needs
  // length >= 3; n_symbols in [2, 64]. Throws tmx::Error naming the field.
  void validate() const;
  int vocab() const { return kFirstSymbol + n_symbols; }
  int seq_len() const;        // copying: length + n_content; induction: length + 1
  int n_answers() const;      // scored positions per example: copying n_content, induction 1
  double noise_fraction() const;  // copying: (length − n_content) / length; induction: 0
};

struct Example {
  std::vector<int> ids;      // (seq_len) input
  std::vector<int> targets;  // (seq_len) the answer at scored positions, −1 elsewhere
  std::vector<Role> roles;   // (seq_len)
  std::vector<int> answer;   // the scored targets in order
};

// Example `index` of the stream `seed` (deterministic: the same (config, seed, index) gives the same example).
Example example(const Config& c, uint32_t seed, uint64_t index);
// The held-out evaluation set of a run: n examples from a stream no training step draws from.
std::vector<Example> eval_set(const Config& c, uint32_t seed, int n);
// The training batch of one optimizer step (the Trainer's batch source): batch examples of stream seed.
void training_batch(const Config& c, uint32_t seed, int step, int batch, std::vector<std::vector<int>>& ids,
                    std::vector<std::vector<int>>& targets);

// Reads the answer back from the input alone (what a perfect model would output); the tests check
// it equals Example::answer.
std::vector<int> solve(const Config& c, const std::vector<int>& ids);

// Scored positions of one example where the model's argmax equals the target (out of n_answers).
int correct(LanguageModel& m, const Example& e);
// Fraction of scored positions where the model's argmax equals the target.
double accuracy(LanguageModel& m, const std::vector<Example>& set);

std::string token_text(int id);  // "·", ">", "0", "1", ...

}  // namespace tmx::tasks::synthetic
