// One prompt through a GPT, stage by stage, as data (the `gpt-walkthrough` widget, the GPT chapter
// and `tmx note-tables`). Everything is read from the model's Trace of one forward(): nothing here
// re-implements the forward pass. On top of the trace it adds what the trace does not hold:
//   - the residual stream's L2 norm per position at every point where the stream changes
//     (x = wte + wpe, then after each attention and each MLP residual add),
//   - the "logit lens": ln_f and the tied lm_head applied to the residual stream after the
//     embeddings and after every block, as top-k next tokens per position,
//   - the last position's softmax and the chosen next token (greedy, or sampled with a seed).
//
//   GptWalk w = gpt_walk(model, ids);            // greedy
//   for (const auto& s : w.stages) ...           // s.kind, s.layer, s.trace_name, s.value
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "core/models/gpt.h"
#include "core/sampling.h"

namespace tmx {

enum class WalkStage { Ids, Wte, Wpe, Embed, Ln1, Attn, Res1, Ln2, Mlp, Res2, LnF, Logits, Probs, Token };
const char* walk_stage_name(WalkStage k);  // "ids", "wte", ..., "token" (stable identifiers)

struct GptWalkStage {
  WalkStage kind;
  int layer = -1;          // block index for Ln1..Res2, else -1
  std::string trace_name;  // the Trace entry value was read from ("" for ids, probs, token)
  Mat value;               // ids (1, T); wte/wpe/embed/ln/attn/res/mlp/ln_f (T, C); logits (T, V);
                           // probs (1, V) of the last position; token (1, 1)
  std::vector<Mat> heads;  // Attn: each head's (T, T) softmax weights (h.{l}.attn.head.{h}.weights)
  int resid_point = -1;    // the residual-norm row current at this stage (-1 before x exists)
};

struct LensEntry {
  int id;
  float p;
};

struct GptWalk {
  std::vector<int> ids;
  std::vector<GptWalkStage> stages;
  // Residual stream norms: one row per point where the stream changes (embed, then res_1 and res_2
  // of each block: 1 + 2 n_layer rows), one column per position. resid_stage[r]: its stage index.
  Mat resid_norm;
  std::vector<int> resid_stage;
  // Logit lens, lens[r][t]: the top `lens_k` next tokens at position t when ln_f + lm_head read the
  // stream after the embeddings (r = 0) or after block r - 1 (r = 1..n_layer); the last row is
  // the model's own output.
  std::vector<std::vector<std::vector<LensEntry>>> lens;
  RowVec probs;     // softmax of the last position's logits (temperature 1)
  std::vector<float> sampled_from;  // the distribution the token was drawn from (after the sampler)
  int token = -1;   // the chosen next token
};

// Throws tmx::Error on empty ids, ids outside the vocabulary or beyond n_positions (from forward).
// sampler.temperature <= 0: greedy. lens_k: entries per position in the logit lens.
GptWalk gpt_walk(GPT& model, const std::vector<int>& ids, const SamplerConfig& sampler = SamplerConfig{0.0f, 0, 1.0f},
                 uint32_t seed = 1337, int lens_k = 5);

// Parameters of each GPT module (one block's, and the ones outside the blocks), summed from the
// checkpoint's tensor names and shapes (GPT::param_shapes): the GPT chapter's table.
struct GptModuleParams {
  int64_t wte = 0, wpe = 0, ln_f = 0;                                       // outside the blocks
  int64_t ln_1 = 0, c_attn = 0, attn_proj = 0, ln_2 = 0, c_fc = 0, mlp_proj = 0;  // one block
  int n_layer = 0;
  int64_t block() const { return ln_1 + c_attn + attn_proj + ln_2 + c_fc + mlp_proj; }
  int64_t total() const { return wte + wpe + ln_f + block() * n_layer; }  // lm_head is tied: 0
};
GptModuleParams gpt_module_params(const GPTConfig& cfg);

// The k largest entries of v (n values), largest first; ties: lower index first.
std::vector<int> top_indices(const float* v, int n, int k);

}  // namespace tmx
