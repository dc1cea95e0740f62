// A Transformer and a Mamba side by side while they generate (the transformer-vs-mamba widget,
// its scene and bench/bench_mamba_decode.cpp): the bytes each one's decoding state holds, an
// attention model able to run past its trained length for the cost curve, and the (T, T) matrix
// each shows on one sentence — a head's attention weights, or Mamba's hidden attention.
//
//   DecodeMemory m = decode_memory(*model);            // after some model->step() calls
//   auto longer = extend_context(*gpt, 2048);          // same weights, 2,048 positions
//   Mat a = mixing_matrix(*model, ids, layer, unit);   // head (GPT, LLaMA) or channel (Mamba)
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/language_model.h"
#include "core/model_size.h"
#include "core/models/gpt.h"
#include "core/models/llama.h"
#include "core/ssm/mamba_lm.h"
#include "core/trace.h"
#include "core/tensor.h"

namespace tmx {

// What incremental decoding keeps between tokens, in bytes (the cores store float32: 4 bytes a
// value). Attention (GPT, LLaMA): `held` = the filled rows of the KV cache, K and V of every
// token stepped so far, every layer (grows by 2·n_layer·d_kv·4 per token); `allocated` = the cache
// as reserved (max_positions rows). Mamba: `held` = conv_state + ssm_state of every layer (fixed);
// `allocated` adds the cached A and the per-token scratch. Zero before the first step().
struct DecodeMemory {
  int64_t held = 0, allocated = 0;
  bool recurrent = false;  // Mamba: a fixed state instead of a cache
};
// Throws tmx::Error for a model type it does not know.
DecodeMemory decode_memory(const LanguageModel& m);

// Bytes per token the KV cache grows by (attention), or 0 (recurrent). From the config.
int64_t kv_bytes_per_token(const LanguageModel& m);

// The same model able to run to `positions` tokens, for the long-context cost curve:
//   GPT-2: the same weights with the learned position table extended to `positions` rows, rows
//          past the trained ones repeating its last trained row (the cost per token is the
//          original's; the text past the trained length is not what the model learned);
//   LLaMA: the same weights with max_position_embeddings = positions (RoPE computes at any
//          position; quality past the trained length is not trained either);
//   Mamba, or a model that already reaches `positions`: nullptr (use the model itself).
// Throws tmx::Error for other types or positions < 1.
std::unique_ptr<LanguageModel> extend_context(LanguageModel& m, int positions);

// How many layers and heads/channels mixing_matrix can show.
struct MixingShape {
  int layers = 0, units = 0;  // units: attention heads (GPT, LLaMA) or channels E (Mamba)
  bool hidden = false;        // Mamba: hidden attention
};
MixingShape mixing_shape(const LanguageModel& m);

// The (T, T) matrix that mixes positions in layer `layer` on ids (T <= 256), lower triangular:
//   GPT-2 / LLaMA: head `unit`'s softmax attention weights (rows sum to 1);
//   Mamba: hidden attention (ssm/hidden_attention.h) of channel `unit`, as it is (signed, not
//          normalized), or for unit < 0 the channels combined: the mean over channels of |α_e|,
//          each row then divided by its sum (row_normalize) so it reads like attention weights.
// Runs a full forward. Throws tmx::Error on bad layer/unit/ids.
Mat mixing_matrix(LanguageModel& m, const std::vector<int>& ids, int layer, int unit);

// mixing_matrix in pieces, for a UI that must not spend a frame on it (the transformer-vs-mamba
// widget runs it as a ui::SlicedJob): the same functions in the same order, so the same numbers.
//   Mamba:  the embedding, then one layer a piece up to `layer` (mamba_lm_layer_forward, on the
//           job's own activations: the model's decode state and last forward are not touched),
//           then hidden attention, one channel, or kChannelsPerPiece channels a piece combined;
//   GPT-2, LLaMA: forward_begin, then one block a piece up to `layer` (the head is skipped).
//   MixingJob j;  j.start(*model, ids, layer, unit);    // throws tmx::Error as mixing_matrix does
//   while (j.step()) {}                                 // true while pieces remain
//   use(j.result());
// The model must outlive the job and keep its weights until done().
class MixingJob {
 public:
  static constexpr int kChannelsPerPiece = 16;
  void start(LanguageModel& m, const std::vector<int>& ids, int layer, int unit);
  bool step();  // one piece; false when done (or not started)
  bool done() const { return done_; }
  bool running() const { return m_ && !done_; }
  const Mat& result() const { return result_; }
  int pieces() const { return pieces_; }  // how many step() calls the job takes
  int pieces_done() const { return piece_; }

 private:
  LanguageModel* m_ = nullptr;
  std::vector<int> ids_;
  int layer_ = 0, unit_ = 0, pieces_ = 0, piece_ = 0, next_layer_ = 0, next_channel_ = 0;
  bool done_ = false;
  Mat h_, sum_, result_;
  ssm::MambaLMActsT<float>::Layer lc_;
  GPT::ForwardRun run_;
  Llama::ForwardRun llama_run_;
  Trace trace_;
};

// Costs of a Mamba LM from its config, counted like model_size.h's decoder_flops_per_token (2
// FLOPs per multiply-add; norms, activations, softplus and the exp of Ā not counted), for ONE new
// token in recurrent (step) mode, whatever the position:
//   projections = 2·L·(d·2E + E·(R + 2N) + R·E + E·d)   in_proj, x_proj, dt_proj, out_proj
//   conv        = 2·L·E·d_conv                            the causal depthwise conv1d
//   scan        = 6·L·E·N                                 h = Ā⊙h + B̄·u (2 multiply-adds per state),
//                                                         y = C·h (1 per state)
//   lm_head     = 2·d·V                                   tied to the embedding
struct MambaFlops {
  int64_t projections = 0, conv = 0, scan = 0, lm_head = 0;
  int64_t total() const { return projections + conv + scan + lm_head; }
};
MambaFlops mamba_flops_per_token(const ssm::MambaLMConfig& c);
// Bytes of the decode state: conv_state (E, d_conv) + ssm_state (E, N) per layer,
// L·E·(d_conv + N)·bytes_per_value — what decode_memory(...).held reports for float32.
int64_t mamba_state_bytes(const ssm::MambaLMConfig& c, int bytes_per_value);
// The scan's FLOPs over a whole sequence of T tokens (training's parallel forward): 6·L·E·N·T,
// linear in T. (Attention's mixing over the same sequence, causal, sums model_size.h's per-token
// 4·L·C·p over p = 1..T: 2·L·C·T·(T + 1), quadratic.)
int64_t mamba_scan_flops_sequence(const ssm::MambaLMConfig& c, int64_t T);

// The tables of content/en/notes/14-mamba-vs-transformer.md, computed here so that `tmx
// note-tables` prints and tests/core/test_note_examples.cpp checks the same numbers:
//   tvm.shipped   kjv-gpt and kjv-mamba (read from models_dir): size, decode state, FLOPs per token
//   tvm.published GPT-2 small and Mamba-130M, 16-bit values
//   tvm.training  mixing FLOPs over a sequence of T tokens: attention (quadratic) vs scan (linear)
struct NoteTable {
  std::string id;
  std::vector<std::string> header, labels;
  std::vector<std::vector<double>> rows;
  std::vector<int> decimals;  // one per column (the last repeats)
};
std::vector<NoteTable> mamba_vs_transformer_tables(const std::string& models_dir);

// mamba_130m_config() and mamba_params() live in core/model_size.h.

}  // namespace tmx
