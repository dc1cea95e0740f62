#include "core/tasks/dates.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <map>

namespace tmx::tasks::dates {

namespace {

const char* const kMonths[12] = {"january", "february", "march",     "april",   "may",      "june",
                                 "july",    "august",   "september", "october", "november", "december"};
const char* const kOrdinals[20] = {"",           "first",       "second",     "third",      "fourth",
                                   "fifth",      "sixth",       "seventh",    "eighth",     "ninth",
                                   "tenth",      "eleventh",    "twelfth",    "thirteenth", "fourteenth",
                                   "fifteenth",  "sixteenth",   "seventeenth", "eighteenth", "nineteenth"};
const char* const kOnes[20] = {"",        "one",     "two",       "three",    "four",     "five",    "six",
                               "seven",   "eight",   "nine",      "ten",      "eleven",   "twelve",  "thirteen",
                               "fourteen", "fifteen", "sixteen",  "seventeen", "eighteen", "nineteen"};
const char* const kTens[10] = {"", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"};

void push_number(std::vector<std::string>& w, int n) {  // 1..99 as cardinal words
  if (n < 20) {
    w.push_back(kOnes[n]);
    return;
  }
  w.push_back(kTens[n / 10]);
  if (n % 10) w.push_back(kOnes[n % 10]);
}

void push_day(std::vector<std::string>& w, int d) {
  if (d < 20) w.push_back(kOrdinals[d]);
  else if (d == 20) w.push_back("twentieth");
  else if (d == 30) w.push_back("thirtieth");
  else {
    w.push_back(kTens[d / 10]);
    w.push_back(kOrdinals[d % 10]);
  }
}

void push_year(std::vector<std::string>& w, int y, bool pairs) {
  const int hi = y / 100, lo = y % 100;
  if (hi == 19 || (pairs && lo >= 10)) {  // "nineteen eighty seven", "twenty nineteen"
    push_number(w, hi);
    if (lo == 0) w.push_back("hundred");
    else if (lo < 10) w.push_back("oh"), w.push_back(kOnes[lo]);
    else push_number(w, lo);
    return;
  }
  w.push_back("two");  // 2000-2099: "two thousand [n]"
  w.push_back("thousand");
  if (lo) push_number(w, lo);
}

std::vector<std::string> word_list(const Date& d, int style) {
  std::vector<std::string> w;
  if (style == 1) {
    w.push_back("the");
    push_day(w, d.d);
    w.push_back("of");
    w.push_back(kMonths[d.m - 1]);
  } else {
    w.push_back(kMonths[d.m - 1]);
    push_day(w, d.d);
  }
  push_year(w, d.y, style == 2);
  return w;
}

const std::map<std::string, int>& src_index() {
  static const std::map<std::string, int> m = [] {
    std::map<std::string, int> r;
    const auto& v = src_vocab();
    for (size_t i = 1; i < v.size(); ++i) r[v[i]] = static_cast<int>(i);
    return r;
  }();
  return m;
}

int days_in(int y, int m) {
  static const int kDays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return m == 2 && leap ? 29 : kDays[m - 1];
}

}  // namespace

const std::vector<std::string>& src_vocab() {
  static const std::vector<std::string> v = [] {
    std::vector<std::string> r = {"<pad>"};
    for (const char* s : kMonths) r.push_back(s);
    for (int i = 1; i < 20; ++i) r.push_back(kOrdinals[i]);
    r.push_back("twentieth");
    r.push_back("thirtieth");
    for (int i = 1; i < 20; ++i) r.push_back(kOnes[i]);
    for (int i = 2; i < 10; ++i) r.push_back(kTens[i]);
    for (const char* s : {"hundred", "thousand", "oh", "the", "of"}) r.push_back(s);
    return r;
  }();
  return v;
}

const std::vector<std::string>& tgt_vocab() {
  static const std::vector<std::string> v = {"<pad>", "<s>", "</s>", "0", "1", "2", "3", "4",
                                             "5",     "6",   "7",    "8", "9", "-"};
  return v;
}

bool valid(const Date& d) {
  return d.y >= 1900 && d.y <= 2099 && d.m >= 1 && d.m <= 12 && d.d >= 1 && d.d <= days_in(d.y, d.m);
}

bool held_out(const Date& d) {
  uint32_t h = static_cast<uint32_t>((d.y * 13 + d.m) * 32 + d.d) * 2654435761u;  // Knuth's multiplicative hash
  h ^= h >> 16;
  return h % 10 == 0;
}

std::string iso(const Date& d) {
  char b[16];
  std::snprintf(b, sizeof b, "%04d-%02d-%02d", d.y, d.m, d.d);
  return b;
}

std::string words(const Date& d, int style) {
  std::string s;
  for (const auto& w : word_list(d, style)) s += (s.empty() ? "" : " ") + w;
  return s;
}

Seq2SeqExample example(const Date& d, int style) {
  Seq2SeqExample e;
  for (const auto& w : word_list(d, style)) e.src.push_back(src_index().at(w));
  e.src_text = words(d, style);
  e.tgt_text = iso(d);
  e.tgt = encode_tgt(e.tgt_text);
  return e;
}

Seq2SeqExample sample(Rng& rng, bool held_out_part) {
  for (;;) {
    Date d{1900 + static_cast<int>(rng.below(200)), 1 + static_cast<int>(rng.below(12)), 1 + static_cast<int>(rng.below(31))};
    const int style = static_cast<int>(rng.below(kStyles));
    if (valid(d) && held_out(d) == held_out_part) return example(d, style);
  }
}

std::vector<Seq2SeqExample> held_out_set() {
  std::vector<Seq2SeqExample> out;
  for (int y = 1900; y <= 2099; ++y)
    for (int m = 1; m <= 12; ++m)
      for (int d = 1; d <= days_in(y, m); ++d) {
        const Date dt{y, m, d};
        if (held_out(dt)) out.push_back(example(dt, (y + m + d) % kStyles));
      }
  return out;
}

std::vector<Seq2SeqExample> held_out_probe() {
  const auto all = held_out_set();
  std::vector<Seq2SeqExample> out;
  for (size_t i = 0; i < all.size(); i += 16) out.push_back(all[i]);
  return out;
}

bool encode_src(const std::string& text, std::vector<int>& ids, std::string& err) {
  ids.clear();
  std::string word;
  auto flush = [&]() -> bool {
    if (word.empty()) return true;
    const auto it = src_index().find(word);
    if (it == src_index().end()) {
      err = "'" + word.substr(0, 24) + "' is not a word of this task (months, ordinals like 'fourteenth', number words)";
      return false;
    }
    ids.push_back(it->second);
    word.clear();
    return true;
  };
  for (char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if (c == ' ' || c == '-' || c == ',' || c == '\t' || c == '\n') {
      if (!flush()) return false;
    } else if (u < 128 && std::isalpha(u)) {
      word += static_cast<char>(std::tolower(u));
      if (word.size() > 24) return flush();
    } else {
      err = "only letters, spaces, commas and hyphens (a date in English words)";
      return false;
    }
  }
  if (!flush()) return false;
  if (ids.empty()) {
    err = "type a date in words, e.g. 'march fourteenth nineteen eighty seven'";
    return false;
  }
  if (static_cast<int>(ids.size()) > kMaxSrc) {
    err = "at most " + std::to_string(kMaxSrc) + " words";
    return false;
  }
  return true;
}

std::vector<int> encode_tgt(const std::string& iso) {
  std::vector<int> ids = {kBos};
  for (char c : iso)
    if (c == '-' || (c >= '0' && c <= '9')) ids.push_back(c == '-' ? 13 : 3 + (c - '0'));
  ids.push_back(kEos);
  return ids;
}

std::string decode_tgt(const std::vector<int>& ids) {
  std::string s;
  for (int id : ids) {
    if (id == kEos) break;
    if (id >= 3 && id < static_cast<int>(tgt_vocab().size())) s += tgt_vocab()[static_cast<size_t>(id)];
  }
  return s;
}

}  // namespace tmx::tasks::dates
