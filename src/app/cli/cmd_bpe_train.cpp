// `tmx bpe-train`: train a byte-level BPE tokenizer on a text file, save it as .tmxbpe and
// optionally print the merge trace (one line per merge: step, pair, count, new token).
#include <cstdio>

#include "app/cli/cli.h"
#include "core/tokenizer/bpe_tokenizer.h"

using namespace tmx;

static const char* kUsage =
    "tmx bpe-train TEXT_FILE --out PATH [--vocab N] [--pretokenizer gpt2|none] [--min-count N] [--trace]\n"
    "  --vocab         target vocabulary size, 256 bytes + merges (default 512)\n"
    "  --pretokenizer  split into GPT-2 words first (default) or train on the raw text\n"
    "  --min-count     stop when the best pair occurs fewer times (default 2)\n"
    "  --trace         print every merge step";

static int run_bpe_train(const cli::Args& args);
static const cli::Command kCommand{"bpe-train", "train a byte-level BPE tokenizer on a text file", kUsage, run_bpe_train};
TMX_CLI_COMMAND(kCommand);

static int run_bpe_train(const cli::Args& args) {
  cli::Flags flags;
  std::string err;
  if (int rc = cli::parse_command(kCommand, args,
                                  {{"trace"}, {"out", "vocab", "min-count", "pretokenizer"}, {"out"}, 1, 1, "one TEXT_FILE"}, flags))
    return rc;
  tok::BpeTrainOptions opt;
  try {
    opt.vocab_size = std::stoi(flags.get("vocab", "512"));
    opt.min_count = std::stoll(flags.get("min-count", "2"));
  } catch (...) {
    return cli::usage_error(kCommand, "--vocab and --min-count take integers");
  }
  const std::string pre = flags.get("pretokenizer", "gpt2");
  if (pre != "gpt2" && pre != "none") return cli::usage_error(kCommand, "--pretokenizer is gpt2 or none");
  opt.pretokenizer = pre == "gpt2" ? tok::Pretokenizer::Gpt2 : tok::Pretokenizer::None;
  if (opt.vocab_size < 256 || opt.vocab_size > tok::kBpeMaxVocab) return cli::usage_error(kCommand, "--vocab must be in [256, 2^20]");

  std::string text;
  if (!tok::read_file_bytes(flags.positional[0], text, err)) {
    std::fprintf(stderr, "tmx bpe-train: %s\n", err.c_str());
    return 1;
  }
  const tok::BpeTrainResult r = tok::train_bpe(text, opt);
  if (flags.has("trace"))
    for (size_t i = 0; i < r.steps.size(); ++i) {
      const auto& s = r.steps[i];
      std::printf("%zu\t%d + %d -> %d\tcount %lld\t%s\n", i, s.left, s.right, s.new_id, (long long)s.count,
                  tok::bytes_to_visible(s.bytes).c_str());
    }
  const tok::BpeTokenizer t = tok::BpeTokenizer::from_training(r, opt.pretokenizer);
  if (!t.save_file(flags.get("out"), err)) {
    std::fprintf(stderr, "tmx bpe-train: %s\n", err.c_str());
    return 1;
  }
  std::fprintf(stderr, "%zu merges, vocab %d (%s); saved %s\n", r.steps.size(), t.vocab_size(), r.stop_reason.c_str(),
               flags.get("out").c_str());
  return 0;
}
