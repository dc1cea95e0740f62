// The one place where an error becomes text on screen in the reader's language.
//   error_text(e)        an exception from the core (tmx::Error carries a kind and a subject) or the
//                        standard library; English shows the core's own message, other languages a
//                        sentence for the kind with the subject (a file, a tensor, a number) as data.
//   page_message_text(m) a message from the page's JavaScript (downloads, drop-in, videos, fonts),
//                        which is written in English; known ones are said again in the reader's
//                        language, keeping only their data (a file name, an HTTP status, a size).
// Widgets never show e.what() themselves (grep: `what()` in src/ui should only be here).
#pragma once
#include <exception>
#include <string>

#include "core/error.h"

namespace tmx::ui {

std::string error_text(const std::exception& e);
std::string error_text(ErrorKind kind, const std::string& subject, const std::string& english);
std::string page_message_text(const std::string& message);

}  // namespace tmx::ui
