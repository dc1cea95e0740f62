// GPT-2 encoding of arbitrary bytes with the real ranks: lossless, spans tile the input.
#include <memory>
#include <vector>

#include "core/tokenizer/gpt2_tokenizer.h"
#include "fuzz_util.h"

static const tmx::tok::Gpt2Tokenizer& tokenizer() {
  static std::unique_ptr<tmx::tok::Gpt2Tokenizer> t = [] {
    std::string err;
    auto p = tmx::tok::Gpt2Tokenizer::load_file(std::string(TMX_GEN_DIR) + "/assets/tokenizers/gpt2.tmxbpe", err);
    if (!p) std::fprintf(stderr, "fuzz_gpt2_encode: %s\n", err.c_str()), std::abort();
    return p;
  }();
  return *t;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text = tmx::fuzz::bytes(data, size);
  std::vector<tmx::tok::TokenSpan> spans;
  tokenizer().encode_spans(text, spans);
  uint32_t at = 0;
  std::vector<int> ids;
  for (const auto& s : spans) {
    FUZZ_CHECK(s.begin == at && s.end > s.begin && s.end <= size);
    at = s.end;
    ids.push_back(s.id);
  }
  FUZZ_CHECK(at == size);
  FUZZ_CHECK(tokenizer().decode(ids) == text);
  return 0;
}
