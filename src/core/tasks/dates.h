// A toy translation task for the encoder-decoder: a date written in English words -> ISO 8601.
//   "march fourteenth nineteen eighty seven"        -> "1987-03-14"
//   "the fourteenth of march two thousand nineteen" -> "2019-03-14"  (also "twenty nineteen")
// Its cross-attention is readable: the year digits should look at the year words, the month
// digits at the month, the day digits at the ordinal, wherever the style put them.
// Dates run from 1900-01-01 to 2099-12-31; one in ten dates (a fixed hash of the date, whatever
// the wording) is held out and never sampled for training.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "core/rng.h"

namespace tmx::tasks {

struct Date {
  int y = 2000, m = 1, d = 1;
};

struct Seq2SeqExample {
  std::vector<int> src;       // source word ids (no BOS/EOS)
  std::vector<int> tgt;       // <s> digits/dashes </s>
  std::string src_text;       // the words, space-separated
  std::string tgt_text;       // "1987-03-14"
};

namespace dates {

constexpr int kPad = 0, kBos = 1, kEos = 2;  // target specials (source uses only kPad = 0)
constexpr int kStyles = 3;                   // 0 month-first, 1 "the ... of month", 2 month-first with "twenty nineteen" years
constexpr int kMaxSrc = 10, kMaxTgt = 12;    // longest source (words) and target (with <s>, </s>)

const std::vector<std::string>& src_vocab();  // [0] = "<pad>", then every word
const std::vector<std::string>& tgt_vocab();  // "<pad>", "<s>", "</s>", "0".."9", "-"

bool valid(const Date& d);
bool held_out(const Date& d);  // the fixed 10% never trained on
std::string iso(const Date& d);
// Words for a date in one style (styles 2 and 0 differ only for years 2010-2099).
std::string words(const Date& d, int style);
Seq2SeqExample example(const Date& d, int style);
// A uniformly random valid date (and style) from the training or the held-out part.
Seq2SeqExample sample(Rng& rng, bool held_out_part);
// Every held-out date, in one style each (chosen by the date), for the accuracy figure.
std::vector<Seq2SeqExample> held_out_set();
// Every 16th of those (a fixed sample spread over all years, for quick evaluations and tests).
std::vector<Seq2SeqExample> held_out_probe();

// For typed input: lower-cases, splits on spaces and '-', maps words to ids. False (with a
// message naming the first unknown word) if a word is not in the vocabulary or the text is
// longer than kMaxSrc words or empty.
bool encode_src(const std::string& text, std::vector<int>& ids, std::string& err);
std::string decode_tgt(const std::vector<int>& ids);  // digits and dashes; stops at </s>
std::vector<int> encode_tgt(const std::string& iso);  // <s>, one id per digit or dash, </s>

}  // namespace dates
}  // namespace tmx::tasks
