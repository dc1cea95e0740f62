#include "core/tokenizer/tokenizer_spec.h"

#include <fstream>

#include "core/tokenizer/bpe_file.h"
#include "core/tokenizer/bpe_tokenizer.h"
#include "core/tokenizer/char_tokenizer.h"
#include "core/tokenizer/gpt2_tokenizer.h"

namespace tmx::tok {

std::unique_ptr<Tokenizer> make_tokenizer(const std::string& spec, const std::string& gpt2_asset, std::string& err) {
  if (spec == "gpt2") return Gpt2Tokenizer::load_file(gpt2_asset, err);
  if (spec == "char") return std::make_unique<CharTokenizer>();
  if (spec.rfind("bpe:", 0) == 0) return BpeTokenizer::load_file(spec.substr(4), err);
  err = "unknown tokenizer '" + spec + "' (gpt2, char or bpe:PATH)";
  return nullptr;
}

static bool exists(const std::string& path) { return std::ifstream(path, std::ios::binary).good(); }

std::unique_ptr<Tokenizer> load_model_tokenizer(const std::string& dir, const std::string& gpt2_asset, std::string& err) {
  const std::string bpe = dir + "/" + kBpeTokenizerFile, chars = dir + "/" + kCharTokenizerFile;
  if (exists(bpe)) return BpeTokenizer::load_file(bpe, err);
  if (exists(chars)) {
    std::string text;
    if (!read_file_bytes(chars, text, err)) return nullptr;
    if (text.empty()) {
      err = chars + ": empty vocabulary";
      return nullptr;
    }
    return std::make_unique<CharTokenizer>(CharTokenizer::from_text(text));
  }
  return Gpt2Tokenizer::load_file(gpt2_asset, err);
}

}  // namespace tmx::tok
