#include "core/tokenizer/tokenization_example.h"

#include <algorithm>
#include <set>

#include "core/tokenizer/pretokenize.h"
#include "core/tokenizer/utf8.h"

namespace tmx::tok {

BpeTrainResult bpe_example_training() {
  BpeTrainOptions opt;
  opt.vocab_size = 256 + kBpeExampleMerges;
  opt.pretokenizer = Pretokenizer::Gpt2;
  return train_bpe(kBpeExampleText, opt);
}

std::vector<std::string> gpt2_pieces(std::string_view text) {
  std::vector<std::string> out;
  Gpt2PreTokenizer p(text);
  for (size_t b, e; p.next(b, e);) out.emplace_back(text.substr(b, e - b));
  return out;
}

TextSizes text_sizes(std::string_view text, const Gpt2Tokenizer& gpt2) {
  TextSizes s;
  s.bytes = static_cast<int64_t>(text.size());
  s.chars = static_cast<int64_t>(utf8_count(text));
  Gpt2PreTokenizer p(text);
  for (size_t b, e; p.next(b, e);) ++s.pieces;
  std::vector<TokenSpan> spans;
  gpt2.encode_spans(text, spans);
  s.tokens = static_cast<int64_t>(spans.size());
  return s;
}

std::string md_token(std::string_view bytes) {
  std::string out = "`";
  for (char c : bytes) {
    if (c == ' ') out += "\xC2\xB7";        // ·
    else if (c == '\n') out += "\xE2\x86\xB5";  // ↵
    else out += c;
  }
  return out + "`";
}

std::string md_split(std::string_view text, const Tokenizer& t) {
  std::vector<TokenSpan> spans;
  t.encode_spans(text, spans);
  std::string out = md_token(text) + " \xE2\x86\x92";  // →
  for (const auto& s : spans) out += " " + md_token(text.substr(s.begin, s.end - s.begin));
  return out;
}

std::vector<VocabRow> vocab_sweep(std::string_view train, std::string_view held_out, const std::vector<int>& sizes) {
  BpeTrainOptions opt;
  opt.vocab_size = sizes.empty() ? 256 : *std::max_element(sizes.begin(), sizes.end());
  const BpeTrainResult r = train_bpe(train, opt);
  std::vector<VocabRow> out;
  for (int v : sizes) {
    std::vector<std::pair<int, int>> merges;
    for (int i = 0; i < v - 256 && i < int(r.steps.size()); ++i) merges.emplace_back(r.steps[i].left, r.steps[i].right);
    const BpeTokenizer t(merges, Pretokenizer::Gpt2);
    std::vector<TokenSpan> spans;
    t.encode_spans(held_out, spans);
    out.push_back({256 + int(merges.size()), int64_t(spans.size())});
  }
  return out;
}

std::vector<int64_t> gpt2_tokens_per_char_histogram(std::string_view text, const Gpt2Tokenizer& gpt2, int max_tokens) {
  std::set<std::string> chars;
  for (size_t i = 0; i < text.size();) {
    const Utf8Unit u = utf8_next(text, i);
    if (u.valid && u.cp > ' ') chars.insert(std::string(text.substr(i, size_t(u.len))));
    i += size_t(u.len);
  }
  std::vector<int64_t> hist(size_t(std::max(1, max_tokens)), 0);
  for (const std::string& c : chars) {
    const size_t n = gpt2.encode(c).size();
    ++hist[std::min(n, hist.size()) - 1];
  }
  return hist;
}

}  // namespace tmx::tok
