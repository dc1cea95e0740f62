// .tmxbpe tokenizer files (both kinds), then encode/decode with what loaded.
#include "core/tokenizer/bpe_tokenizer.h"
#include "core/tokenizer/gpt2_tokenizer.h"
#include "fuzz_util.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view b = tmx::fuzz::bytes(data, size);
  const std::string text = "Hello world, hello\xe4\xb8\xad\xff BPE!";
  std::string err;
  if (auto t = tmx::tok::BpeTokenizer::load_bytes(b, err)) FUZZ_CHECK(t->decode(t->encode(text)) == text);
  if (auto t = tmx::tok::Gpt2Tokenizer::load_bytes(b, err)) {
    try {
      (void)t->decode(t->encode(text));  // a ranked file need not cover every byte: ids may be -1
    } catch (const tmx::Error&) {
    }
  }
  return 0;
}
