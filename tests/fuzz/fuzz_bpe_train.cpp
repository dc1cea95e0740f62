// Training the byte-level BPE and the char tokenizer on arbitrary text, then encoding it back.
// First byte: vocabulary size (256 + byte) and pre-tokenizer (its low bit).
#include "core/tokenizer/bpe_tokenizer.h"
#include "core/tokenizer/char_tokenizer.h"
#include "fuzz_util.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size < 1) return 0;
  const std::string_view text = tmx::fuzz::bytes(data + 1, size - 1);
  tmx::tok::BpeTrainOptions opt;
  opt.vocab_size = 256 + data[0];
  opt.pretokenizer = (data[0] & 1) ? tmx::tok::Pretokenizer::Gpt2 : tmx::tok::Pretokenizer::None;
  opt.min_count = 1 + (data[0] >> 7);
  const tmx::tok::BpeTrainResult r = tmx::tok::train_bpe(text, opt);
  FUZZ_CHECK(int(r.steps.size()) <= data[0]);
  const auto bpe = tmx::tok::BpeTokenizer::from_training(r, opt.pretokenizer);
  FUZZ_CHECK(bpe.decode(bpe.encode(text)) == text);
  std::string err;
  const auto again = tmx::tok::BpeTokenizer::load_bytes(bpe.save(), err);
  FUZZ_CHECK(again && again->encode(text) == bpe.encode(text));
  const tmx::tok::CharTokenizer ch = tmx::tok::CharTokenizer::from_text(text);
  FUZZ_CHECK(ch.decode(ch.encode(text)) == text);
  return 0;
}
