// The reader's language (English or 简体中文). It is in the address as `?lang=zh` before the hash,
// so the hash router and every older link keep working (an embed may also carry `lang=zh` in its
// hash query); otherwise the choice remembered from an earlier visit (localStorage), otherwise the
// browser's languages (the first en* or zh* entry). A value that is not a language this site has is
// ignored, with a notice on the page (never echoed into HTML, never logged to the console).
// Pure logic here (tested natively); the platform reads and writes the address and storage.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "ui/i18n.h"

namespace tmx {

// "en" or "zh", the address and storage form; false for anything else (case-sensitive, short).
bool parse_lang_code(std::string_view v, Lang& out);
const char* lang_code(Lang l);  // "en", "zh"

struct LanguageChoice {
  Lang lang = Lang::En;
  enum class From { Default, Address, Stored, Browser } from = From::Default;
  bool bad_address = false;  // the address named something else: the page says so
};

// address: the `lang` value in the URL ("" = none); stored: the remembered code ("" = none);
// browser: navigator.languages, most preferred first.
LanguageChoice choose_language(std::string_view address, std::string_view stored,
                               const std::vector<std::string>& browser);

}  // namespace tmx
