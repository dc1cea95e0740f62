#include "app/language.h"

namespace tmx {

bool parse_lang_code(std::string_view v, Lang& out) {
  if (v == "en") return out = Lang::En, true;
  if (v == "zh") return out = Lang::Zh, true;
  return false;
}

const char* lang_code(Lang l) { return l == Lang::Zh ? "zh" : "en"; }

static bool starts_with_ci(std::string_view s, std::string_view prefix) {
  if (s.size() < prefix.size()) return false;
  for (size_t i = 0; i < prefix.size(); ++i) {
    char c = s[i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != prefix[i]) return false;
  }
  // "zh", "zh-CN", "zh_TW", "zh-Hans": the primary subtag ends here.
  return s.size() == prefix.size() || s[prefix.size()] == '-' || s[prefix.size()] == '_';
}

LanguageChoice choose_language(std::string_view address, std::string_view stored,
                               const std::vector<std::string>& browser) {
  LanguageChoice c;
  Lang l = Lang::En;
  if (!address.empty()) {
    if (parse_lang_code(address, l)) {
      c.lang = l;
      c.from = LanguageChoice::From::Address;
      return c;
    }
    c.bad_address = true;
  }
  if (parse_lang_code(stored, l)) {
    c.lang = l;
    c.from = LanguageChoice::From::Stored;
    return c;
  }
  for (size_t i = 0; i < browser.size() && i < 32; ++i) {
    if (starts_with_ci(browser[i], "zh")) {
      c.lang = Lang::Zh;
      c.from = LanguageChoice::From::Browser;
      return c;
    }
    if (starts_with_ci(browser[i], "en")) {
      c.from = LanguageChoice::From::Browser;
      return c;
    }
  }
  return c;
}

}  // namespace tmx
