// Encoder-decoder Transformer, "Attention Is All You Need" layout, with the parameter names
// and semantics of torch.nn.Transformer (so PyTorch is the reference and its state_dict loads):
//   source: src_embed(ids) * sqrt(C) + sinusoids -> N encoder layers -> encoder.norm = memory
//   target: tgt_embed(ids) * sqrt(C) + sinusoids -> N decoder layers (causal self-attention,
//           cross-attention over memory, FFN) -> decoder.norm -> generator (Linear to vocab)
// Blocks are Post-LN (the paper, norm_first = false: x = LN(x + f(x))) or Pre-LN
// (norm_first = true: x = x + f(LN(x))). FFN: linear1 -> ReLU/GELU -> linear2.
//
// Tensor names (nn.Linear layout (out, in); in_proj packs q|k|v rows):
//   src_embed.weight (Vs, C)  tgt_embed.weight (Vt, C)  generator.{weight (Vt, C), bias (Vt)}
//   encoder.layers.{i}.self_attn.{in_proj_weight (3C, C), in_proj_bias, out_proj.weight, out_proj.bias}
//   encoder.layers.{i}.{linear1 (F, C), linear2 (C, F)}.{weight,bias}  encoder.layers.{i}.norm{1,2}.{weight,bias}
//   decoder.layers.{i}.{self_attn, multihead_attn}.*  decoder.layers.{i}.linear{1,2}.*  .norm{1,2,3}.*
//   encoder.norm.{weight,bias}  decoder.norm.{weight,bias}
//
// Trace names: src.embed, enc.{i}.{in,self_attn.q,k,v,self_attn.head.{h}.*,self_attn.out,ffn.hidden,out},
//   memory, tgt.embed, dec.{i}.{in,self_attn.*,cross_attn.q,k,v,cross_attn.head.{h}.*,cross_attn.out,
//   ffn.hidden,out}, dec.out, logits.
#pragma once
#include <string>
#include <vector>

#include "core/nn/ops.h"
#include "core/optim.h"
#include "core/safetensors.h"
#include "core/trace.h"

namespace tmx {

struct EncDecConfig {
  int src_vocab = 16;         // source vocabulary
  int tgt_vocab = 16;         // target vocabulary
  int d_model = 512;          // C (the paper's base model)
  int n_head = 8;
  int n_encoder_layers = 6;
  int n_decoder_layers = 6;
  int d_ff = 2048;            // FFN width
  bool norm_first = false;    // false: Post-LN (paper); true: Pre-LN
  Act activation = Act::ReLU; // the paper's FFN
  float layer_norm_eps = 1e-5f;
  int max_len = 512;          // longest source / target accepted
  void validate() const;
};

struct MHAWeights {
  Mat in_w, in_b;    // (3C, C), (1, 3C): q | k | v projections
  Mat out_w, out_b;  // (C, C), (1, C)
};
struct LNWeights { Mat w, b; };  // (1, C) each
struct FFNWeights { Mat w1, b1, w2, b2; };  // (F, C), (1, F), (C, F), (1, C)
struct EncLayer { MHAWeights self_attn; FFNWeights ffn; LNWeights norm1, norm2; };
struct DecLayer { MHAWeights self_attn, cross_attn; FFNWeights ffn; LNWeights norm1, norm2, norm3; };
struct EncDecWeights {
  Mat src_embed, tgt_embed;     // (Vs, C), (Vt, C)
  std::vector<EncLayer> enc;
  std::vector<DecLayer> dec;
  LNWeights enc_norm, dec_norm;
  Mat gen_w, gen_b;             // (Vt, C), (1, Vt)
};

class EncoderDecoder {
 public:
  explicit EncoderDecoder(const EncDecConfig& cfg, uint32_t seed = 1337);  // random init (Xavier-like)
  void load(const SafeTensors& st);   // throws tmx::Error naming the tensor
  ParamList params();

  // logits (T_tgt, Vt) for target ids given source ids; src_pad[j] != 0 marks padded source
  // tokens (never attended to, by encoder self-attention nor by cross-attention).
  Mat forward(const std::vector<int>& src, const std::vector<int>& tgt, const std::vector<uint8_t>* src_pad = nullptr,
              Trace* trace = nullptr);
  // Teacher forcing: mean cross-entropy of forward(src, tgt_in) against tgt_out (-1 ignored),
  // gradients ACCUMULATED into params().
  float forward_backward(const std::vector<int>& src, const std::vector<int>& tgt_in, const std::vector<int>& tgt_out,
                         const std::vector<uint8_t>* src_pad = nullptr);

  EncDecConfig cfg;
  EncDecWeights w, g;  // parameters and gradients

  // Activations of one attention sublayer (for the backward).
  struct AttnActs { Mat xq, xkv, q, k, v, att_w, y; };  // (Tq,C), (Tk,C), (Tq,C), (Tk,C), (Tk,C), (h*Tq,Tk), (Tq,C)
  struct LNActs { Mat in; Vec mean, rstd; };            // (T, C), (T), (T)
  struct FFNActs { Mat x, hidden, act; };               // (T, C), (T, F), (T, F)
  struct EncActs { Mat in; AttnActs sa; FFNActs ff; LNActs n1, n2; Mat mid; };
  struct DecActs { Mat in; AttnActs sa, ca; FFNActs ff; LNActs n1, n2, n3; Mat mid1, mid2; };

 private:
  std::vector<EncActs> enc_acts_;
  std::vector<DecActs> dec_acts_;
  Mat src_x_, tgt_x_;          // (Ts, C), (Tt, C) embedded inputs
  LNActs enc_norm_, dec_norm_;
  Mat memory_, dec_out_;       // (Ts, C), (Tt, C)
};

}  // namespace tmx
