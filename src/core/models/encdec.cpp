// Encoder-decoder Transformer (torch.nn.Transformer semantics and names).
//
// [SECTION] Config, parameters and names
// [SECTION] Sublayers: attention, FFN, LayerNorm (forward and backward)
// [SECTION] Encoder and decoder layers
// [SECTION] Model forward and backward
#include "core/models/encdec.h"

#include <cmath>

#include "core/error.h"
#include "core/nn/gemm.h"
#include "core/rng.h"

namespace tmx {

using AttnActs = EncoderDecoder::AttnActs;
using LNActs = EncoderDecoder::LNActs;
using FFNActs = EncoderDecoder::FFNActs;

//-----------------------------------------------------------------------------
// [SECTION] Config, parameters and names
//-----------------------------------------------------------------------------
void EncDecConfig::validate() const {
  if (src_vocab <= 0 || tgt_vocab <= 0 || d_model <= 0 || n_head <= 0 || n_encoder_layers <= 0 ||
      n_decoder_layers <= 0 || d_ff <= 0 || max_len <= 0)
    throw Error("encoder-decoder: sizes must be positive");
  if (d_model % n_head != 0) throw Error("encoder-decoder: d_model is not a multiple of n_head");
}

template <typename F>
static void visit_mha(MHAWeights& a, MHAWeights& b, const std::string& p, int64_t C, F& f) {
  f(p + "in_proj_weight", a.in_w, b.in_w, std::vector<int64_t>{3 * C, C});
  f(p + "in_proj_bias", a.in_b, b.in_b, std::vector<int64_t>{3 * C});
  f(p + "out_proj.weight", a.out_w, b.out_w, std::vector<int64_t>{C, C});
  f(p + "out_proj.bias", a.out_b, b.out_b, std::vector<int64_t>{C});
}
template <typename F>
static void visit_ffn(FFNWeights& a, FFNWeights& b, const std::string& p, int64_t C, int64_t Fd, F& f) {
  f(p + "linear1.weight", a.w1, b.w1, std::vector<int64_t>{Fd, C});
  f(p + "linear1.bias", a.b1, b.b1, std::vector<int64_t>{Fd});
  f(p + "linear2.weight", a.w2, b.w2, std::vector<int64_t>{C, Fd});
  f(p + "linear2.bias", a.b2, b.b2, std::vector<int64_t>{C});
}
template <typename F>
static void visit_ln(LNWeights& a, LNWeights& b, const std::string& p, int64_t C, F& f) {
  f(p + ".weight", a.w, b.w, std::vector<int64_t>{C});
  f(p + ".bias", a.b, b.b, std::vector<int64_t>{C});
}

// f(name, Mat& param, Mat& grad, shape) for every parameter, names as in torch.nn.Transformer.
template <typename F>
static void visit(EncDecWeights& a, EncDecWeights& b, const EncDecConfig& c, F f) {
  const int64_t C = c.d_model, Fd = c.d_ff;
  f("src_embed.weight", a.src_embed, b.src_embed, std::vector<int64_t>{c.src_vocab, C});
  f("tgt_embed.weight", a.tgt_embed, b.tgt_embed, std::vector<int64_t>{c.tgt_vocab, C});
  for (int i = 0; i < c.n_encoder_layers; ++i) {
    const std::string p = "encoder.layers." + std::to_string(i) + ".";
    visit_mha(a.enc[i].self_attn, b.enc[i].self_attn, p + "self_attn.", C, f);
    visit_ffn(a.enc[i].ffn, b.enc[i].ffn, p, C, Fd, f);
    visit_ln(a.enc[i].norm1, b.enc[i].norm1, p + "norm1", C, f);
    visit_ln(a.enc[i].norm2, b.enc[i].norm2, p + "norm2", C, f);
  }
  visit_ln(a.enc_norm, b.enc_norm, "encoder.norm", C, f);
  for (int i = 0; i < c.n_decoder_layers; ++i) {
    const std::string p = "decoder.layers." + std::to_string(i) + ".";
    visit_mha(a.dec[i].self_attn, b.dec[i].self_attn, p + "self_attn.", C, f);
    visit_mha(a.dec[i].cross_attn, b.dec[i].cross_attn, p + "multihead_attn.", C, f);
    visit_ffn(a.dec[i].ffn, b.dec[i].ffn, p, C, Fd, f);
    visit_ln(a.dec[i].norm1, b.dec[i].norm1, p + "norm1", C, f);
    visit_ln(a.dec[i].norm2, b.dec[i].norm2, p + "norm2", C, f);
    visit_ln(a.dec[i].norm3, b.dec[i].norm3, p + "norm3", C, f);
  }
  visit_ln(a.dec_norm, b.dec_norm, "decoder.norm", C, f);
  f("generator.weight", a.gen_w, b.gen_w, std::vector<int64_t>{c.tgt_vocab, C});
  f("generator.bias", a.gen_b, b.gen_b, std::vector<int64_t>{c.tgt_vocab});
}

EncoderDecoder::EncoderDecoder(const EncDecConfig& c, uint32_t seed) : cfg(c) {
  cfg.validate();
  w.enc.resize(cfg.n_encoder_layers);
  g.enc.resize(cfg.n_encoder_layers);
  w.dec.resize(cfg.n_decoder_layers);
  g.dec.resize(cfg.n_decoder_layers);
  Rng rng(seed);
  visit(w, g, cfg, [&](const std::string& name, Mat& a, Mat& b, const std::vector<int64_t>& s) {
    const Eigen::Index rows = rows_of(s), cols = s.back();
    b = Mat::Zero(rows, cols);
    if (s.size() == 1) {  // biases 0, LayerNorm weights 1
      a = name.find("norm") != std::string::npos && name.find("weight") != std::string::npos ? Mat::Ones(rows, cols)
                                                                                               : Mat::Zero(rows, cols);
      return;
    }
    const float std = std::sqrt(2.0f / static_cast<float>(rows + cols));  // Xavier normal
    a.resize(rows, cols);
    for (Eigen::Index i = 0; i < a.size(); ++i) a.data()[i] = rng.normal(0.0f, std);
  });
}

void EncoderDecoder::load(const SafeTensors& st) {
  visit(w, g, cfg, [&](const std::string& name, Mat& a, Mat&, const std::vector<int64_t>& s) {
    a = st.get(name, s);
    if (s.size() == 1) a.resize(1, s[0]);
  });
}

ParamList EncoderDecoder::params() {
  ParamList ps;
  visit(w, g, cfg, [&](const std::string& name, Mat& a, Mat& b, const std::vector<int64_t>& s) {
    ps.push_back(Param{name, &a, &b, s, true});
  });
  return ps;
}

//-----------------------------------------------------------------------------
// [SECTION] Sublayers: attention, FFN, LayerNorm (forward and backward)
//-----------------------------------------------------------------------------
// out = out_proj(MHA(q = xq Wq^T + bq, k = xkv Wk^T + bk, v = xkv Wv^T + bv)).
static void attn_forward(Mat& out, AttnActs& a, const MHAWeights& W, const Mat& xq, const Mat& xkv, int nh,
                         const AttnMask& mask, Trace* trace, const std::string& p) {
  const Eigen::Index C = xq.cols();
  a.xq = xq;
  a.xkv = xkv;
  a.q.resize(xq.rows(), C);                                   // (Tq, C)
  matmul<false, true>(a.q, xq, W.in_w.topRows(C), false);     // xq Wq^T
  a.q.rowwise() += W.in_b.leftCols(C).row(0);
  a.k.resize(xkv.rows(), C);                                  // (Tk, C)
  matmul<false, true>(a.k, xkv, W.in_w.middleRows(C, C), false);
  a.k.rowwise() += W.in_b.middleCols(C, C).row(0);
  a.v.resize(xkv.rows(), C);                                  // (Tk, C)
  matmul<false, true>(a.v, xkv, W.in_w.bottomRows(C), false);
  a.v.rowwise() += W.in_b.rightCols(C).row(0);
  mha_forward(a.y, a.att_w, a.q, a.k, a.v, nh, nh, mask, trace, p);
  linear_forward(out, a.y, W.out_w, &W.out_b);
  if (trace) {
    trace->put(p + "q", a.q);
    trace->put(p + "k", a.k);
    trace->put(p + "v", a.v);
    trace->put(p + "out", out);
  }
}

// dxq, dxkv accumulate (for self-attention pass the same Mat twice).
static void attn_backward(Mat& dxq, Mat& dxkv, MHAWeights& G, const Mat& dout, const AttnActs& a, const MHAWeights& W,
                          int nh) {
  const Eigen::Index C = a.xq.cols();
  Mat dy, dq, dk, dv;  // (Tq, C), (Tq, C), (Tk, C), (Tk, C)
  linear_backward(&dy, &G.out_w, &G.out_b, dout, a.y, W.out_w);
  mha_backward(dq, dk, dv, dy, a.q, a.k, a.v, a.att_w, nh, nh);
  matmul<true, false>(G.in_w.topRows(C), dq, a.xq, true);  // += dq^T xq, (C, C)
  matmul<true, false>(G.in_w.middleRows(C, C), dk, a.xkv, true);
  matmul<true, false>(G.in_w.bottomRows(C), dv, a.xkv, true);
  G.in_b.leftCols(C) += dq.colwise().sum();
  G.in_b.middleCols(C, C) += dk.colwise().sum();
  G.in_b.rightCols(C) += dv.colwise().sum();
  grad_init(dxq, a.xq.rows(), C);
  matmul<false, false>(dxq, dq, W.in_w.topRows(C), true);  // += dq Wq, (Tq, C)
  grad_init(dxkv, a.xkv.rows(), C);
  matmul<false, false>(dxkv, dk, W.in_w.middleRows(C, C), true);
  matmul<false, false>(dxkv, dv, W.in_w.bottomRows(C), true);
}

static void ffn_forward(Mat& out, FFNActs& a, const FFNWeights& W, const Mat& x, Act act) {
  a.x = x;
  linear_forward(a.hidden, x, W.w1, &W.b1);  // (T, F)
  act_forward(a.act, a.hidden, act);
  linear_forward(out, a.act, W.w2, &W.b2);   // (T, C)
}

static void ffn_backward(Mat& dx, FFNWeights& G, const Mat& dout, const FFNActs& a, const FFNWeights& W, Act act) {
  Mat dact, dh;  // (T, F)
  linear_backward(&dact, &G.w2, &G.b2, dout, a.act, W.w2);
  act_backward(dh, dact, a.hidden, act);
  linear_backward(&dx, &G.w1, &G.b1, dh, a.x, W.w1);
}

static void ln_forward(Mat& y, LNActs& a, const Mat& x, const LNWeights& W, float eps) {
  a.in = x;
  layernorm_forward(y, a.mean, a.rstd, x, W.w, W.b, eps);
}
static void ln_backward(Mat& dx, LNWeights& G, const Mat& dy, const LNActs& a, const LNWeights& W) {
  layernorm_backward(dx, G.w, G.b, dy, a.in, a.mean, a.rstd, W.w);
}

//-----------------------------------------------------------------------------
// [SECTION] Encoder and decoder layers
//-----------------------------------------------------------------------------
// Pre-LN:  mid = x + SA(LN1(x));          out = mid + FFN(LN2(mid))
// Post-LN: mid = LN1(x + SA(x));          out = LN2(mid + FFN(mid))
static void encoder_layer_forward(Mat& x, EncoderDecoder::EncActs& a, const EncLayer& L, const EncDecConfig& c,
                                  const AttnMask& mask, Trace* tr, const std::string& p) {
  a.in = x;
  Mat h, sa, ff, s;  // (T, C) each
  if (c.norm_first) {
    ln_forward(h, a.n1, x, L.norm1, c.layer_norm_eps);
    attn_forward(sa, a.sa, L.self_attn, h, h, c.n_head, mask, tr, p + "self_attn.");
    a.mid = x + sa;
    ln_forward(h, a.n2, a.mid, L.norm2, c.layer_norm_eps);
    ffn_forward(ff, a.ff, L.ffn, h, c.activation);
    x = a.mid + ff;
  } else {
    attn_forward(sa, a.sa, L.self_attn, x, x, c.n_head, mask, tr, p + "self_attn.");
    ln_forward(a.mid, a.n1, x + sa, L.norm1, c.layer_norm_eps);
    ffn_forward(ff, a.ff, L.ffn, a.mid, c.activation);
    ln_forward(x, a.n2, a.mid + ff, L.norm2, c.layer_norm_eps);
  }
  if (tr) {
    tr->put(p + "in", a.in);
    tr->put(p + "ffn.hidden", a.ff.act);
    tr->put(p + "out", x);
  }
}

// dx: gradient of the layer output in, of its input out.
static void encoder_layer_backward(Mat& dx, EncLayer& G, const EncoderDecoder::EncActs& a, const EncLayer& L,
                                   const EncDecConfig& c) {
  Mat dmid, dh, dsa;  // (T, C)
  if (c.norm_first) {
    dmid = dx;
    ffn_backward(dh, G.ffn, dx, a.ff, L.ffn, c.activation);
    ln_backward(dmid, G.norm2, dh, a.n2, L.norm2);
    dh.resize(0, 0);
    attn_backward(dh, dh, G.self_attn, dmid, a.sa, L.self_attn, c.n_head);
    dx = dmid;
    ln_backward(dx, G.norm1, dh, a.n1, L.norm1);
  } else {
    ln_backward(dmid, G.norm2, dx, a.n2, L.norm2);  // d(mid + ff)
    Mat ds1 = dmid;
    ffn_backward(ds1, G.ffn, dmid, a.ff, L.ffn, c.activation);  // += through the FFN: d mid
    Mat ds0;
    ln_backward(ds0, G.norm1, ds1, a.n1, L.norm1);  // d(x + sa)
    dx = ds0;
    attn_backward(dx, dx, G.self_attn, ds0, a.sa, L.self_attn, c.n_head);
  }
}

// Pre-LN:  m1 = x + SA(LN1(x)); m2 = m1 + CA(LN2(m1), mem); out = m2 + FFN(LN3(m2))
// Post-LN: m1 = LN1(x + SA(x)); m2 = LN2(m1 + CA(m1, mem)); out = LN3(m2 + FFN(m2))
static void decoder_layer_forward(Mat& x, EncoderDecoder::DecActs& a, const DecLayer& L, const EncDecConfig& c,
                                  const Mat& mem, const AttnMask& self_mask, const AttnMask& cross_mask, Trace* tr,
                                  const std::string& p) {
  a.in = x;
  Mat h, sa, ca, ff;  // (T, C) each
  if (c.norm_first) {
    ln_forward(h, a.n1, x, L.norm1, c.layer_norm_eps);
    attn_forward(sa, a.sa, L.self_attn, h, h, c.n_head, self_mask, tr, p + "self_attn.");
    a.mid1 = x + sa;
    ln_forward(h, a.n2, a.mid1, L.norm2, c.layer_norm_eps);
    attn_forward(ca, a.ca, L.cross_attn, h, mem, c.n_head, cross_mask, tr, p + "cross_attn.");
    a.mid2 = a.mid1 + ca;
    ln_forward(h, a.n3, a.mid2, L.norm3, c.layer_norm_eps);
    ffn_forward(ff, a.ff, L.ffn, h, c.activation);
    x = a.mid2 + ff;
  } else {
    attn_forward(sa, a.sa, L.self_attn, x, x, c.n_head, self_mask, tr, p + "self_attn.");
    ln_forward(a.mid1, a.n1, x + sa, L.norm1, c.layer_norm_eps);
    attn_forward(ca, a.ca, L.cross_attn, a.mid1, mem, c.n_head, cross_mask, tr, p + "cross_attn.");
    ln_forward(a.mid2, a.n2, a.mid1 + ca, L.norm2, c.layer_norm_eps);
    ffn_forward(ff, a.ff, L.ffn, a.mid2, c.activation);
    ln_forward(x, a.n3, a.mid2 + ff, L.norm3, c.layer_norm_eps);
  }
  if (tr) {
    tr->put(p + "in", a.in);
    tr->put(p + "ffn.hidden", a.ff.act);
    tr->put(p + "out", x);
  }
}

// dx: gradient of the output in, of the input out; dmem accumulates the memory's gradient.
static void decoder_layer_backward(Mat& dx, Mat& dmem, DecLayer& G, const EncoderDecoder::DecActs& a,
                                   const DecLayer& L, const EncDecConfig& c) {
  if (c.norm_first) {
    Mat dm2 = dx, dh;  // (T, C)
    ffn_backward(dh, G.ffn, dx, a.ff, L.ffn, c.activation);
    ln_backward(dm2, G.norm3, dh, a.n3, L.norm3);
    dh.resize(0, 0);
    attn_backward(dh, dmem, G.cross_attn, dm2, a.ca, L.cross_attn, c.n_head);
    Mat dm1 = dm2;
    ln_backward(dm1, G.norm2, dh, a.n2, L.norm2);
    dh.resize(0, 0);
    attn_backward(dh, dh, G.self_attn, dm1, a.sa, L.self_attn, c.n_head);
    dx = dm1;
    ln_backward(dx, G.norm1, dh, a.n1, L.norm1);
  } else {
    Mat ds3, ds2, ds1;  // gradients of the LayerNorm inputs (T, C)
    ln_backward(ds3, G.norm3, dx, a.n3, L.norm3);
    Mat dm2 = ds3;
    ffn_backward(dm2, G.ffn, ds3, a.ff, L.ffn, c.activation);
    ln_backward(ds2, G.norm2, dm2, a.n2, L.norm2);
    Mat dm1 = ds2;
    attn_backward(dm1, dmem, G.cross_attn, ds2, a.ca, L.cross_attn, c.n_head);
    ln_backward(ds1, G.norm1, dm1, a.n1, L.norm1);
    dx = ds1;
    attn_backward(dx, dx, G.self_attn, ds1, a.sa, L.self_attn, c.n_head);
  }
}

//-----------------------------------------------------------------------------
// [SECTION] Model forward and backward
//-----------------------------------------------------------------------------
// embed(ids) * sqrt(C) + sinusoids  (the paper's scaling)
static Mat embed_tokens(const std::vector<int>& ids, const Mat& table, int max_len, const char* what) {
  if (ids.empty()) throw Error(std::string("encoder-decoder: empty ") + what);
  if (static_cast<int>(ids.size()) > max_len) throw Error(std::string("encoder-decoder: ") + what + " longer than max_len");
  Mat x;  // (T, C)
  embedding_forward(x, ids, table);
  x *= std::sqrt(static_cast<float>(table.cols()));
  x += sinusoidal_encoding(static_cast<int>(ids.size()), static_cast<int>(table.cols()));
  return x;
}

Mat EncoderDecoder::forward(const std::vector<int>& src, const std::vector<int>& tgt,
                            const std::vector<uint8_t>* src_pad, Trace* trace) {
  if (src_pad && src_pad->size() != src.size()) throw Error("encoder-decoder: source padding mask length mismatch");
  enc_acts_.resize(cfg.n_encoder_layers);
  dec_acts_.resize(cfg.n_decoder_layers);
  AttnMask enc_mask, self_mask, cross_mask;
  enc_mask.key_pad = src_pad;
  self_mask.causal = true;
  cross_mask.key_pad = src_pad;

  src_x_ = embed_tokens(src, w.src_embed, cfg.max_len, "source");
  if (trace) trace->put("src.embed", src_x_);
  Mat x = src_x_;  // (Ts, C)
  for (int i = 0; i < cfg.n_encoder_layers; ++i)
    encoder_layer_forward(x, enc_acts_[i], w.enc[i], cfg, enc_mask, trace, "enc." + std::to_string(i) + ".");
  ln_forward(memory_, enc_norm_, x, w.enc_norm, cfg.layer_norm_eps);  // (Ts, C)
  if (trace) trace->put("memory", memory_);

  tgt_x_ = embed_tokens(tgt, w.tgt_embed, cfg.max_len, "target");
  if (trace) trace->put("tgt.embed", tgt_x_);
  Mat y = tgt_x_;  // (Tt, C)
  for (int i = 0; i < cfg.n_decoder_layers; ++i)
    decoder_layer_forward(y, dec_acts_[i], w.dec[i], cfg, memory_, self_mask, cross_mask, trace,
                          "dec." + std::to_string(i) + ".");
  ln_forward(dec_out_, dec_norm_, y, w.dec_norm, cfg.layer_norm_eps);
  Mat logits;  // (Tt, Vt)
  linear_forward(logits, dec_out_, w.gen_w, &w.gen_b);
  if (trace) {
    trace->put("dec.out", dec_out_);
    trace->put("logits", logits);
  }
  return logits;
}

float EncoderDecoder::forward_backward(const std::vector<int>& src, const std::vector<int>& tgt_in,
                                       const std::vector<int>& tgt_out, const std::vector<uint8_t>* src_pad) {
  if (tgt_out.size() != tgt_in.size()) throw Error("encoder-decoder: target input/output lengths differ");
  const Mat logits = forward(src, tgt_in, src_pad);
  Mat probs, dlogits;  // (Tt, Vt)
  const float loss = cross_entropy_forward(probs, logits, tgt_out);
  cross_entropy_backward(dlogits, probs, tgt_out);

  Mat ddec, dy;  // (Tt, C)
  linear_backward(&ddec, &g.gen_w, &g.gen_b, dlogits, dec_out_, w.gen_w);
  ln_backward(dy, g.dec_norm, ddec, dec_norm_, w.dec_norm);
  Mat dmem = Mat::Zero(memory_.rows(), memory_.cols());  // (Ts, C) summed over decoder layers
  for (int i = cfg.n_decoder_layers - 1; i >= 0; --i) decoder_layer_backward(dy, dmem, g.dec[i], dec_acts_[i], w.dec[i], cfg);
  const float scale = std::sqrt(static_cast<float>(cfg.d_model));
  embedding_backward(g.tgt_embed, Mat(dy * scale), tgt_in);

  Mat dx;  // (Ts, C)
  ln_backward(dx, g.enc_norm, dmem, enc_norm_, w.enc_norm);
  for (int i = cfg.n_encoder_layers - 1; i >= 0; --i) encoder_layer_backward(dx, g.enc[i], enc_acts_[i], w.enc[i], cfg);
  embedding_backward(g.src_embed, Mat(dx * scale), src);
  return loss;
}

}  // namespace tmx
