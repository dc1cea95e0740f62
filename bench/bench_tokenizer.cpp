// Tokenizer throughput (native or wasm): prints a markdown table.
//
// usage: bench_tokenizer [TEXT_FILE] [GPT2_ASSET]
//   TEXT_FILE   English text (e.g. the KJV from Debian's bible-kjv: `bible Gen1:1-Rev22:21`);
//               default: 4 MB of deterministic English-like text
//   GPT2_ASSET  default: the build's ${GEN_DIR}/assets/tokenizers/gpt2.tmxbpe
// bench/tokenizer_wasm.sh builds and runs the same file under node.
#include <chrono>
#include <cstdio>
#include <functional>
#include <string>

#include "core/tokenizer/bpe_tokenizer.h"
#include "core/tokenizer/char_tokenizer.h"
#include "core/tokenizer/gpt2_tokenizer.h"
#include "core/tokenizer/pretokenize.h"

using namespace tmx::tok;

static std::string synthetic_english(size_t bytes) {
  static const char* words[] = {"the", "of", "and", "to", "in", "a", "is", "that", "for", "it", "as", "was", "with",
                                "be", "by", "on", "not", "he", "I", "this", "are", "or", "his", "from", "at", "which",
                                "but", "have", "an", "had", "they", "you", "were", "their", "one", "all", "we", "can",
                                "her", "has", "there", "been", "if", "more", "when", "will", "would", "who", "so",
                                "no", "tokenizer", "attention", "transformer", "beginning", "earth", "heaven"};
  const size_t n = sizeof(words) / sizeof(words[0]);
  std::string s;
  uint32_t x = 12345;
  for (int w = 0; s.size() < bytes; ++w) {
    x = x * 1664525u + 1013904223u;
    s += words[(x >> 8) % n];
    s += (x >> 20) % 13 == 0 ? ".\n" : (x >> 20) % 7 == 0 ? ", " : " ";
    if ((x >> 24) % 97 == 0) s += std::to_string(x % 2000) + " ";
  }
  return s;
}

// Runs f repeatedly for at least min_seconds; returns seconds per run. Unless min_seconds is 0
// (a one-shot measurement such as a cold cache), one untimed warm-up run comes first.
static double time_it(const std::function<void()>& f, double min_seconds = 0.5) {
  using clk = std::chrono::steady_clock;
  if (min_seconds > 0) f();
  int runs = 0;
  const auto t0 = clk::now();
  double el = 0;
  do {
    f();
    ++runs;
    el = std::chrono::duration<double>(clk::now() - t0).count();
  } while (el < min_seconds);
  return el / runs;
}

int main(int argc, char** argv) {
  std::string text, err, source = "synthetic English (4 MB)";
  if (argc > 1) {
    if (!read_file_bytes(argv[1], text, err)) return std::fprintf(stderr, "%s\n", err.c_str()), 1;
    source = argv[1];
  } else {
    text = synthetic_english(4u << 20);
  }
  const std::string asset = argc > 2 ? argv[2] : std::string(TMX_GEN_DIR) + "/assets/tokenizers/gpt2.tmxbpe";
  const double mb = text.size() / 1e6;

  std::unique_ptr<Gpt2Tokenizer> gpt2;
  const double t_load = time_it([&] { gpt2 = Gpt2Tokenizer::load_file(asset, err); }, 0.2);
  if (!gpt2) return std::fprintf(stderr, "%s\n", err.c_str()), 1;

  std::printf("Text: %s, %.2f MB\n\n| operation | time | throughput |\n|---|---:|---:|\n", source.c_str(), mb);
  auto row = [&](const char* what, double sec, double megabytes) {
    std::printf("| %s | %.1f ms | %.1f MB/s |\n", what, sec * 1e3, megabytes / sec);
  };
  std::printf("| load gpt2.tmxbpe (50,257 tokens) | %.1f ms | |\n", t_load * 1e3);

  size_t pieces = 0;
  row("GPT-2 pre-tokenize only", time_it([&] {
        Gpt2PreTokenizer p(text);
        pieces = 0;
        for (size_t b, e; p.next(b, e);) ++pieces;
      }), mb);
  // Timed loops reuse one output buffer: freshly mapped pages are slow on some VMs and would
  // dominate the numbers (a 4 MB text gives ~50 MB of spans).
  std::vector<TokenSpan> spans;
  std::vector<int> ids;
  gpt2->encode_spans(text, spans);  // size the output buffer, so "cold" measures the cache only
  {
    std::string e2;
    auto cold = Gpt2Tokenizer::load_file(asset, e2);  // fresh piece cache
    row("GPT-2 encode (first pass, cold cache)", time_it([&] { cold->encode_spans(text, spans); }, 0.0), mb);
  }
  row("GPT-2 encode (warm cache)", time_it([&] { gpt2->encode_spans(text, spans); }), mb);
  ids = gpt2->encode(text);
  std::string back;
  row("GPT-2 decode", time_it([&] { back = gpt2->decode(ids); }), mb);
  if (back != text) return std::fprintf(stderr, "round-trip failed\n"), 1;

  const CharTokenizer ch;
  row("char encode", time_it([&] { ch.encode_spans(text, spans); }), mb);

  const std::string sample = text.substr(0, 200000);
  BpeTrainOptions opt;
  opt.vocab_size = 1024;
  BpeTrainResult tr;
  const double t_train = time_it([&] { tr = train_bpe(sample, opt); }, 0.0);
  const std::string train_label = "BPE train on 200 KB (" + std::to_string(tr.steps.size()) + " merges)";
  row(train_label.c_str(), t_train, sample.size() / 1e6);
  const BpeTokenizer bpe = BpeTokenizer::from_training(tr, Pretokenizer::Gpt2);
  row("trained BPE encode (1,024 vocab)", time_it([&] { bpe.encode_spans(text, spans); }), mb);

  std::printf("\n%zu pieces, %zu GPT-2 tokens (%.2f bytes/token)\n", pieces, gpt2->encode(text).size(),
              double(text.size()) / gpt2->encode(text).size());
  return 0;
}
