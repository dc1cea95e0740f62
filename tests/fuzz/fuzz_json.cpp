// JSON and config.json: the parser, the typed getters and every model's config reader.
#include "core/json.h"
#include "core/models/gpt.h"
#include "core/models/llama.h"
#include "core/ssm/mamba_lm.h"
#include "core/tokenizer/utf8.h"
#include "fuzz_util.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(tmx::fuzz::bytes(data, size));
  tmx::json::Value v;
  try {
    v = tmx::json::parse(text);
  } catch (const tmx::Error& e) {
    FUZZ_CHECK(tmx::tok::utf8_valid(e.what()));  // messages never echo raw invalid bytes
    return 0;
  }
  if (v.is_string()) {  // strings are valid UTF-8 and survive quote -> parse
    FUZZ_CHECK(tmx::tok::utf8_valid(v.str));
    FUZZ_CHECK(tmx::json::parse(tmx::json::quote(v.str)).str == v.str);
  }
  try { tmx::GPTConfig::from_json(v); } catch (const tmx::Error&) {}
  try { tmx::LlamaConfig::from_json(v); } catch (const tmx::Error&) {}
  try { tmx::ssm::mamba_config_from_json(v); } catch (const tmx::Error&) {}
  return 0;
}
