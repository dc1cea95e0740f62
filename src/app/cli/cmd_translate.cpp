// `tmx translate`: run an encoder-decoder trained by `tmx train --task` on typed input (greedy).
#include <cstdio>

#include "app/cli/cli.h"
#include "core/error.h"
#include "core/json.h"
#include "core/safetensors.h"
#include "core/seq2seq.h"
#include "core/tasks/dates.h"
#include "core/trace.h"

using namespace tmx;

static int run_translate(const cli::Args& args);
static const cli::Command kTranslate{
    "translate", "run a trained encoder-decoder (tmx train --task) on text, greedily",
    "tmx translate --model DIR [--attention] TEXT...\n"
    "  DIR from `tmx train --task dates` (e.g. assets/models/dates-encdec); each TEXT is a date in\n"
    "  English words, e.g. \"march fourteenth nineteen eighty seven\". Prints one line per TEXT:\n"
    "  the input, a tab, the output (ISO 8601). --attention also prints each decoder layer's\n"
    "  cross-attention (the mean over heads): one row per output symbol, one column per input word.",
    run_translate};
TMX_CLI_COMMAND(kTranslate);

// Rows: the symbols the decoder produced (the input at step t is out[t], the prediction out[t+1]).
static void print_cross_attention(EncoderDecoder& m, const std::vector<int>& src, const std::vector<int>& out) {
  Trace tr;
  m.forward(src, std::vector<int>(out.begin(), out.end() - 1), nullptr, &tr);
  const auto& sv = tasks::dates::src_vocab();
  const auto& tv = tasks::dates::tgt_vocab();
  for (int l = 0; l < m.cfg.n_decoder_layers; ++l) {
    const Mat mean = mean_head_weights(tr, "dec." + std::to_string(l) + ".cross_attn.head.", 0, m.cfg.n_head - 1);  // (T_out, T_src)
    std::printf("  decoder layer %d, cross-attention (mean of %d heads)\n  %6s", l, m.cfg.n_head, "");
    for (int id : src) std::printf(" %10.10s", sv[static_cast<size_t>(id)].c_str());
    std::printf("\n");
    for (Eigen::Index t = 0; t < mean.rows(); ++t) {
      std::printf("  %6s", tv[static_cast<size_t>(out[static_cast<size_t>(t) + 1])].c_str());
      for (Eigen::Index j = 0; j < mean.cols(); ++j) std::printf(" %10.2f", mean(t, j));
      std::printf("\n");
    }
  }
}

static int run_translate(const cli::Args& args) {
  cli::Flags f;
  if (int rc = cli::parse_command(kTranslate, args, {{"attention"}, {"model"}, {"model"}, 1, 1000, "one or more TEXT arguments"}, f))
    return rc;
  try {
    const std::string dir = f.get("model");
    const std::string task = json::parse(read_file_text(dir + "/config.json", 1 << 20)).get_string("task", "");
    if (task != "dates") throw Error(dir + "/config.json: \"task\" is not \"dates\" (the only task tmx knows)");
    auto m = load_encdec(dir);
    int rc = 0;
    for (const std::string& text : f.positional) {
      std::vector<int> ids;
      std::string err;
      if (!tasks::dates::encode_src(text, ids, err)) {
        std::fprintf(stderr, "tmx translate: %s\n", err.c_str());
        rc = 1;
        continue;
      }
      const auto out = greedy_decode(*m, ids, tasks::dates::kBos, tasks::dates::kEos, tasks::dates::kMaxTgt);
      std::printf("%s\t%s\n", text.c_str(), tasks::dates::decode_tgt(out).c_str());
      if (f.has("attention")) print_cross_attention(*m, ids, out);
    }
    return rc;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "tmx translate: %s\n", e.what());
    return 1;
  }
}
