// Our side of the onnxruntime-web comparison (bench/ort_web.mjs): the core's GPT as a WebAssembly
// module the bench page drives from JavaScript, so ours and ORT are timed by the same clock in the
// same page. The weights come from the checkpoint bench/lib/gpt_onnx_export.py wrote next to the ONNX
// files (the same numbers ORT runs). Not a test.
//   tmx_gpt_load(bytes, n, L, C, H, T, V)  -> 0, or 1 with tmx_gpt_error() set
//   tmx_gpt_forward(ids, n)                -> logits (n x V, row-major) of one forward
//   tmx_gpt_reset(); tmx_gpt_step(id)      -> logits (V) of the next position (KV cache)
//   tmx_gpt_head(x, n)                     -> x (n x C) times wte^T (n x V): the lm_head alone, the
//                                             product GPT::run_head computes (tmx::matmul: the wasm
//                                             SIMD GEMM, or the GEMV for n = 1)
//   tmx_gpt_simd()                         -> what Eigen vectorises with and what runs the products
#include <emscripten/emscripten.h>

#include <cstdint>
#include <exception>
#include <memory>
#include <string>
#include <vector>

#include "core/models/gpt.h"
#include "core/nn/gemm.h"

namespace {
std::unique_ptr<tmx::GPT> g_model;
tmx::Mat g_logits;
tmx::RowVec g_step;
std::string g_error;
}  // namespace

extern "C" {

EMSCRIPTEN_KEEPALIVE int tmx_gpt_load(const uint8_t* bytes, int n, int L, int C, int H, int T, int V) {
  try {
    tmx::GPTConfig cfg;
    cfg.n_layer = L, cfg.n_embd = C, cfg.n_head = H, cfg.n_positions = T, cfg.vocab_size = V;
    g_model = tmx::GPT::from_safetensors(cfg, tmx::SafeTensors::from_bytes(std::vector<uint8_t>(bytes, bytes + n), "gpt.safetensors"));
    return 0;
  } catch (const std::exception& e) {
    g_error = e.what();
    return 1;
  }
}

EMSCRIPTEN_KEEPALIVE const char* tmx_gpt_error() { return g_error.c_str(); }

EMSCRIPTEN_KEEPALIVE const float* tmx_gpt_forward(const int* ids, int n) {
  if (!g_model || n <= 0 || n > g_model->cfg.n_positions) return nullptr;
  g_logits = g_model->forward(std::vector<int>(ids, ids + n));
  return g_logits.data();
}

EMSCRIPTEN_KEEPALIVE void tmx_gpt_reset() {
  if (g_model) g_model->reset_state();
}

EMSCRIPTEN_KEEPALIVE const float* tmx_gpt_step(int id) {
  if (!g_model) return nullptr;
  g_step = g_model->step(id);
  return g_step.data();
}

EMSCRIPTEN_KEEPALIVE const float* tmx_gpt_head(const float* x, int n) {
  if (!g_model || n <= 0) return nullptr;
  g_logits.resize(n, g_model->cfg.vocab_size);
  tmx::matmul<false, true>(g_logits, tmx::ConstMatMap(x, n, g_model->cfg.n_embd), g_model->w.wte, false);
  return g_logits.data();
}

EMSCRIPTEN_KEEPALIVE const char* tmx_gpt_simd() {
  static const std::string s = std::string(Eigen::SimdInstructionSetsInUse()) + "; products: " + tmx::gemm_kernel_name();
  return s.c_str();
}

}  // extern "C"
