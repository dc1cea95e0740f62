#include "ui/scene_text.h"

#include <cstring>

namespace tmx::ui {

namespace {

// One row per scene string: the English text (the key, exactly as the scene writes it, "{0}"
// placeholders included), then one column per further language in Lang order.
struct Row {
  const char* text[static_cast<int>(Lang::Count)];
};

const Row kRows[] = {
    // Attention mechanism (attention_mechanism.cpp)
    {{"Scaled dot-product attention"}},
    {{"{0} tokens, {1}-dim embeddings, {2}-dim queries and keys, one head, seeded weights"}},
    {{"X = embedding + position"}},
    {{"masked scores"}},
    {{"weights"}},
    {{"output"}},
    {{"Tokens become vectors"}},
    {{"Each token is a vector: a learned embedding plus its position."}},
    {{"Queries, keys, values"}},
    {{"Three learned projections of the same X give queries, keys and values."}},
    {{"Scores: Q times K transposed"}},
    {{"Each score is a dot product: how well query i matches key j."}},
    {{"Scaling the scores"}},
    {{"Dividing by \xE2\x88\x9A" "4 = 2 keeps the scores' spread independent of the head size."}},
    {{"Causal mask"}},
    {{"A token may not look ahead: future keys get \xE2\x88\x92\xE2\x88\x9E, so their weight becomes 0."}},
    {{"Softmax: weights that sum to 1"}},
    {{"Softmax turns each row into weights between 0 and 1 that sum to 1."}},
    {{"Weighted sum of values"}},
    {{"Each output row is the weighted average of the value rows it may see."}},
    {{"what each token looks for"}},
    {{"what each token offers"}},
    {{"what each token passes on"}},
    // Grouped-query attention (grouped_query_attention.cpp)
    {{"Grouped-query attention"}},
    {{"{0} query heads share {1} key/value heads ({2}:1)"}},
    {{"Model spec"}},
    {{"Q: {0} heads \xC3\x97 {1}"}},
    {{"RoPE: position m turns each pair of Q and K (not V) by m\xC2\xB7\xCE\xB8"}},
    {{"concat {0}\xC3\x97{1}"}},
    {{"KV cache at {0} tokens in bfloat16: 2 \xC3\x97 layers \xC3\x97 KV heads \xC3\x97 {1} \xC3\x97 tokens \xC3\x97 2 bytes"}},
    {{"MHA ({0} KV heads)"}},
    {{"GQA ({0} KV heads)"}},
    {{"{0}/{1} of MHA: {2}% less memory per sequence"}},
    {{"query head {0} (KV head 0)"}},
    {{"tiny LLaMA: 6 query heads / 1 KV head, RoPE, seeded untrained weights"}},
    {{"The reference model"}},
    {{"A ~1B decoder: every number on this card comes from its config."}},
    {{"Q, K, V projections"}},
    {{"The query projection makes {0} heads of {1}; the key and value projections make only {2} heads each."}},
    {{"RoPE rotates Q and K"}},
    {{"RoPE turns position into a rotation of Q and K, so their scores depend on distance."}},
    {{"4 KV heads serve 24"}},
    {{"Each K/V head is repeated for its {0} query heads: same keys, different queries."}},
    {{"SDPA and the O projection"}},
    {{"Attention runs per query head; heads are concatenated and mixed by the output projection."}},
    {{"KV cache: 4/24 of MHA"}},
    {{"Only K and V are cached: {0} instead of {1} at {2} tokens."}},
    {{"A real run: causal attention"}},
    {{"\"The cat sat on the mat\": each row is a token's weights over itself and the past."}},
    {{"K: {0} heads \xC3\x97 {1}"}},
    {{"V: {0} heads \xC3\x97 {1}"}},
    {{"parameters"}},
    {{"decoder layers"}},
    {{"hidden size"}},
    {{"query heads / KV heads"}},
    {{"head dim"}},
    {{"FFN (SwiGLU)"}},
    {{"max length"}},
    {{"vocabulary (untied)"}},
    {{"dtype"}},
    // Mamba mechanism (mamba_mechanism.cpp)
    {{"Mamba: the selective scan"}},
    {{"one tiny untrained Mamba block, seeded; its input and selection projections scaled \xC3\x97{0} and \xC3\x97{1} so \xCE\x94 varies visibly"}},
    {{"tokens so far: {0}    cached keys: {0}    cached values: {0}    (and growing)"}},
    {{"step t = {0}"}},
    {{"A = ({0}, {1}, {2}, {3}) is learned but fixed; \xCE\x94, B and C change with every token"}},
    {{"input u, channel {0}"}},
    {{"step \xCE\x94, computed from u by the block"}},
    {{"large \xCE\x94: forget h,"}},
    {{"write this input"}},
    {{"small \xCE\x94: keep h,"}},
    {{"skip this input"}},
    {{"state {0}"}},
    {{"values kept per layer while generating (model width {0}, {1} states, {2} channels)"}},
    {{"attention KV cache"}},
    {{"Mamba state"}},
    {{"attention: 2 \xC3\x97 {0} \xC3\x97 tokens = {1} values"}},
    {{"Mamba: {0} \xC3\x97 ({1} + {2}) = {3} values, at any length"}},
    {{"Attention keeps every token"}},
    {{"To predict the next token, attention looks back at every earlier key and value."}},
    {{"Mamba keeps a fixed-size state"}},
    {{"A state space model carries the past in a fixed-size state instead."}},
    {{"\xCE\x94, B and C come from the input"}},
    {{"The block computes \xCE\x94, B and C from each input: that is what makes it selective."}},
    {{"The selective scan"}},
    {{"Step by step: a large \xCE\x94 writes the input into h, a small one keeps what h holds."}},
    {{"Growing cache vs constant state"}},
    {{"The cost of the past: a cache that grows with the text vs. a state of fixed size."}},
    // Shared (plot axes)
    {{"token"}},
    {{"tokens"}},
    // The template (_template.cpp)
    {{"Softmax of three scores"}},
    {{"computed by the core"}},
    {{"scores"}},
    {{"probabilities"}},
    {{"Scores"}},
    {{"Three raw scores, one per option."}},
    {{"Softmax"}},
    {{"Softmax turns them into probabilities that sum to 1."}},
    // The feed-forward block (ffn_swiglu.cpp)
    {{"The feed-forward block"}},
    {{"model width {0}, hidden width {1}, seeded weights"}},
    {{"token x"}},
    {{"{0} \xE2\x86\x92 {1}"}},
    {{"x"}},
    {{"pre-activation z"}},
    {{"GELU, one by one"}},
    {{"hidden GELU(z)"}},
    {{"output"}},
    {{"added to x"}},
    {{"ReLU"}},
    {{"GELU"}},
    {{"SiLU"}},
    {{"three matrices, hidden width {0} = 2/3 of {1}"}},
    {{"GPT-2 small, plain FFN with biases"}},
    {{"= {0} parameters per block"}},
    {{"LLaMA-7B, SwiGLU with hidden width {0}"}},
    {{"= {0}, a plain FFN of width 4 \xC3\x97 4096 has {1}"}},
    {{"Expand"}},
    {{"The token's {0} numbers are multiplied by W1: {1} hidden pre-activations."}},
    {{"Activate"}},
    {{"GELU acts on each hidden number alone: positives pass, negatives shrink towards 0."}},
    {{"Project back"}},
    {{"W2 brings the {0} numbers back to {1}; the result is added to the residual stream."}},
    {{"Three activations"}},
    {{"ReLU cuts every negative to 0; GELU and SiLU are smooth and dip slightly below 0."}},
    {{"The SwiGLU gate"}},
    {{"Two projections of the same token: SiLU of the gate scales the other, element by element."}},
    {{"Parameter counts"}},
    {{"SwiGLU's hidden layer is 2/3 as wide, so three matrices cost about as much as two."}},
    // Titles and summaries of registered scenes and widgets (cards, page headings, note cards)
    {{"Attention mechanism"}},
    {{"Q, K, V, QK^T, \xC3\xB7" "\xE2\x88\x9A" "d_k, causal mask, softmax and the weighted sum, on real numbers"}},
    {{"24 query heads, 4 KV heads: projections, RoPE, repeat_kv, and the KV cache cut, from the config"}},
    {{"Mamba mechanism"}},
    {{"Selective scan: \xCE\x94" ", B and C computed from the input gate a fixed-size state, vs. attention's growing cache"}},
    {{"Expand, activate, project back; ReLU, GELU and SiLU; the SwiGLU gate; parameter counts."}},
    {{"Attention lab"}},
    {{"Type text and watch one head of a real GPT compute Q, K, V, scores and weights."}},
    {{"Attention, step by step"}},
    {{"The chapter's worked example: Q, K, V, scores, weights and output, live and editable."}},
    {{"Feed-forward block"}},
    {{"Activations and their slopes, the SwiGLU gate, parameter and FLOP counts, one token through a tiny FFN."}},
    {{"Mamba recurrence simulator"}},
    {{"Set A, B, C, \xCE\x94" "; drive a diagonal SSM; compare recurrence, convolution and scan."}},
    {{"Residuals & normalization"}},
    {{"LayerNorm and RMSNorm step by step; gradient norm per layer in Post-LN vs Pre-LN stacks."}},
    {{"Softmax & temperature"}},
    {{"How temperature reshapes a next-token distribution."}},
    {{"UI kit gallery"}},
    {{"Heatmap, matrix view, line plot, bar chart and token chips on live data."}},
    {{"GQA calculator"}},
    {{"Parameters, KV-cache memory and FLOPs per token of MHA, GQA and MQA for published models."}},
};

const Row* find(const std::string& english) {
  for (const Row& r : kRows)
    if (english == r.text[0]) return &r;
  return nullptr;
}

}  // namespace

const char* scene_text_in(const std::string& english, Lang lang) {
  const int l = static_cast<int>(lang);
  if (l < 0 || l >= static_cast<int>(Lang::Count)) return nullptr;
  const Row* r = find(english);
  return r && r->text[l] && *r->text[l] ? r->text[l] : nullptr;
}

std::string scene_text(const std::string& english) {
  const char* t = scene_text_in(english, language());
  return t ? t : english;
}

}  // namespace tmx::ui
