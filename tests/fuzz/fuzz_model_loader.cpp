// A model directory: config.json + model.safetensors together, then one forward pass.
// Input: [u16 little-endian config length][config text][safetensors bytes].
#include <vector>

#include "core/json.h"
#include "core/model_loader.h"
#include "fuzz_util.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 2) return 0;
  const size_t n = std::min<size_t>(size - 2, size_t(data[0]) | size_t(data[1]) << 8);
  const std::string config(tmx::fuzz::bytes(data + 2, n));
  try {
    const tmx::json::Value cfg = tmx::json::parse(config);
    const tmx::SafeTensors st = tmx::SafeTensors::from_bytes(std::vector<uint8_t>(data + 2 + n, data + size), "fuzz");
    auto m = tmx::make_model(cfg, st);
    const tmx::Mat logits = m->forward({0, 1 % m->vocab_size()});
    FUZZ_CHECK(logits.rows() == 2 && logits.cols() == m->vocab_size());
  } catch (const tmx::Error&) {
  }
  return 0;
}
