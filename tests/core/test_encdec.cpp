// Encoder-decoder Transformer vs torch.nn.Transformer itself (Post-LN + ReLU and Pre-LN + GELU):
// logits with causal, key-padding and cross-attention masks, and every parameter gradient.
#include <catch2/catch.hpp>

#include "core/models/encdec.h"
#include "golden_util.h"

using namespace tmx;
using namespace tmx::test;

static void check_encdec(const std::string& file, bool norm_first, Act act) {
  const SafeTensors ref = SafeTensors::from_file(golden("transformer/" + file));
  EncDecConfig cfg;
  cfg.src_vocab = 9;
  cfg.tgt_vocab = 10;
  cfg.d_model = 8;
  cfg.n_head = 2;
  cfg.n_encoder_layers = 2;
  cfg.n_decoder_layers = 2;
  cfg.d_ff = 16;
  cfg.norm_first = norm_first;
  cfg.activation = act;
  EncoderDecoder m(cfg);
  // the golden stores parameters under "param." + the torch name: strip the prefix
  std::vector<Mat> keep;
  std::vector<TensorRef> ts;
  keep.reserve(ref.names().size());
  for (const std::string& n : ref.names()) {
    if (n.rfind("param.", 0) != 0) continue;
    keep.push_back(ref.get(n));
    ts.push_back({n.substr(6), ref.info(n).shape, keep.back().data()});
  }
  m.load(SafeTensors::from_bytes(safetensors_bytes(ts)));

  const std::vector<int> src = to_ids(ref.get("src")), tgt_in = to_ids(ref.get("tgt_in")),
                         tgt_out = to_ids(ref.get("tgt_out"));
  const std::vector<uint8_t> pad = {0, 0, 0, 0, 1};
  Trace tr;
  const Mat logits = m.forward(src, tgt_in, &pad, &tr);
  CHECK_REL(logits, ref.get("logits"), 1e-4);
  CHECK(tr.has("dec.1.cross_attn.head.1.weights"));
  CHECK((*tr.get("dec.0.cross_attn.head.0.weights")).col(4).isZero());  // padded source token
  CHECK((*tr.get("dec.0.self_attn.head.0.weights"))(0, 1) == 0.0f);      // causal

  ParamList ps = m.params();
  zero_grad(ps);
  const float loss = m.forward_backward(src, tgt_in, tgt_out, &pad);
  CHECK(loss == Approx(ref.get("loss")(0, 0)).epsilon(1e-5));
  int n = 0;
  for (const Param& p : ps) {
    INFO(p.name);
    const Mat gref = ref.get("grad." + p.name);
    CHECK_REL(*p.grad, Eigen::Map<const Mat>(gref.data(), p.grad->rows(), p.grad->cols()), 1e-4);
    ++n;
  }
  CHECK(n == static_cast<int>(ts.size()));
}

TEST_CASE("encoder-decoder (Post-LN, ReLU) matches torch.nn.Transformer", "[core][encdec]") {
  check_encdec("encdec_postln_relu.safetensors", false, Act::ReLU);
}

TEST_CASE("encoder-decoder (Pre-LN, GELU) matches torch.nn.Transformer", "[core][encdec]") {
  check_encdec("encdec_preln_gelu.safetensors", true, Act::GELU_erf);
}
