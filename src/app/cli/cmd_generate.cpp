// `tmx generate`: sample tokens from a model (KV cache / recurrent state), seeded.
#include <cstdio>
#include <cstdlib>

#include "app/cli/cli.h"
#include "core/error.h"
#include "core/model_loader.h"
#include "core/sampling.h"
#include "core/tokenizer/tokenizer_spec.h"

static const char* kUsage =
    "tmx generate --model DIR (--ids 1,2,3 | --prompt TEXT) [--n 20] [--temperature T] [--top-k K] [--top-p P] [--seed S]\n"
    "  Prints the generated token ids, comma-separated; with --prompt, the text is encoded with the\n"
    "  model directory's tokenizer (tokenizer.tmxbpe, tokenizer.char.txt, else GPT-2's from --asset)\n"
    "  and the prompt + continuation is printed as text. --temperature 0 is greedy (default 1);\n"
    "  --top-k 0 and --top-p 1 disable those filters; the same seed gives the same tokens.";

static int run_generate(const tmx::cli::Args& args);
TMX_CLI_COMMAND("generate", "sample token ids from a model (greedy/temperature/top-k/top-p)", kUsage, run_generate);

static bool to_number(const std::string& s, double& out) {
  if (s.empty()) return false;
  char* end = nullptr;
  out = std::strtod(s.c_str(), &end);
  return end && *end == '\0' && out == out;
}

static int run_generate(const tmx::cli::Args& args) {
  const tmx::cli::Command self{"generate", "", kUsage, nullptr};
  tmx::cli::Flags f;
  if (int rc = tmx::cli::parse_command(self, args,
                                       {{}, {"model", "ids", "prompt", "asset", "n", "temperature", "top-k", "top-p", "seed"}, {"model"}}, f))
    return rc;
  if (f.has("ids") == f.has("prompt")) return tmx::cli::usage_error(self, "give --ids or --prompt (one of them)");
  double n = 20, temp = 1, top_k = 0, top_p = 1, seed = 1337;
  if (!to_number(f.get("n", "20"), n) || n < 0 || n > 1e6 || n != (int)n)
    return tmx::cli::usage_error(self, "--n must be a non-negative integer");
  if (!to_number(f.get("temperature", "1"), temp) || temp < 0 || temp > 1e4)
    return tmx::cli::usage_error(self, "--temperature must be a number in [0, 1e4]");
  if (!to_number(f.get("top-k", "0"), top_k) || top_k < 0 || top_k != (int)top_k || top_k > 1e9)
    return tmx::cli::usage_error(self, "--top-k must be a non-negative integer");
  if (!to_number(f.get("top-p", "1"), top_p) || !(top_p > 0) || top_p > 1)
    return tmx::cli::usage_error(self, "--top-p must be in (0, 1]");
  if (!to_number(f.get("seed", "1337"), seed) || seed < 0 || seed > 4294967295.0 || seed != (double)(long long)seed)
    return tmx::cli::usage_error(self, "--seed must be an integer in [0, 2^32)");
  try {
    auto model = tmx::load_model(f.get("model"));
    std::unique_ptr<tmx::tok::Tokenizer> tk;
    if (f.has("prompt")) {
      std::string err;
      tk = tmx::tok::load_model_tokenizer(f.get("model"), f.get("asset", std::string(TMX_GEN_DIR) + "/assets/tokenizers/gpt2.tmxbpe"), err);
      if (!tk) throw tmx::Error(err);
    }
    const std::vector<int> ids = tk ? tk->encode(f.get("prompt")) : tmx::parse_ids(f.get("ids"));
    if (ids.empty()) throw tmx::Error("the prompt is empty");
    tmx::SamplerConfig cfg;
    cfg.temperature = static_cast<float>(temp);
    cfg.top_k = static_cast<int>(top_k);
    cfg.top_p = static_cast<float>(top_p);
    const std::vector<int> out = tmx::generate(*model, ids, static_cast<int>(n), cfg, static_cast<uint32_t>(seed));
    if (tk) {
      std::printf("%s%s\n", f.get("prompt").c_str(), tk->decode(out).c_str());
      return 0;
    }
    for (size_t i = 0; i < out.size(); ++i) std::printf("%s%d", i ? "," : "", out[i]);
    std::printf("\n");
  } catch (const std::exception& e) {
    std::fprintf(stderr, "tmx generate: %s\n", e.what());
    return 1;
  }
  return 0;
}
