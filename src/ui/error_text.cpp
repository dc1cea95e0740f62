#include "ui/error_text.h"

#include <new>

#include "core/tokenizer/utf8.h"
#include "ui/i18n.h"

namespace tmx::ui {

namespace {

S sentence_of(ErrorKind k) {
  switch (k) {
    case ErrorKind::FileAccess: return S::ErrFileAccess;
    case ErrorKind::FileTooLarge: return S::ErrFileTooLarge;
    case ErrorKind::FileFormat: return S::ErrFileFormat;
    case ErrorKind::Json: return S::ErrJson;
    case ErrorKind::ConfigField: return S::ErrConfigField;
    case ErrorKind::ConfigUnsupported: return S::ErrConfigUnsupported;
    case ErrorKind::ModelType: return S::ErrModelType;
    case ErrorKind::TensorMissing: return S::ErrTensorMissing;
    case ErrorKind::TensorShape: return S::ErrTensorShape;
    case ErrorKind::TensorValues: return S::ErrTensorValues;
    case ErrorKind::TensorDtype: return S::ErrTensorDtype;
    case ErrorKind::TokenOutOfRange: return S::ErrTokenOutOfRange;
    case ErrorKind::TooLong: return S::ErrTooLong;
    case ErrorKind::EmptyInput: return S::ErrEmptyInput;
    case ErrorKind::Diverged: return S::ErrDiverged;
    case ErrorKind::TooLarge: return S::ErrTooLarge;
    case ErrorKind::WrongFile: return S::ErrWrongFile;
    case ErrorKind::TooShort: return S::ErrTooShort;
    case ErrorKind::TokenizerFile: return S::ErrTokenizerFile;
    case ErrorKind::Internal: break;
  }
  return S::ErrInternal;
}

// A subject is data from a file or the user: shown printable and bounded.
std::string data(const std::string& s) { return tok::utf8_printable(s, 160); }

bool starts(const std::string& s, const char* p) { return s.rfind(p, 0) == 0; }
bool has(const std::string& s, const char* p) { return s.find(p) != std::string::npos; }

// The text between `open` and the next `close` after it ("" when absent).
std::string between(const std::string& s, const char* open, const char* close) {
  const size_t a = s.find(open);
  if (a == std::string::npos) return "";
  const size_t b = s.find(close, a + std::string(open).size());
  if (b == std::string::npos) return "";
  return s.substr(a + std::string(open).size(), b - a - std::string(open).size());
}

}  // namespace

std::string error_text(ErrorKind kind, const std::string& subject, const std::string& english) {
  if (language() == Lang::En) return english;
  if (kind == ErrorKind::Json && subject.empty()) return tr(S::ErrJsonText);
  return trf(sentence_of(kind), {data(subject)});
}

std::string error_text(const std::exception& e) {
  if (const auto* te = dynamic_cast<const Error*>(&e)) return error_text(te->kind, te->subject, te->what());
  if (dynamic_cast<const std::bad_alloc*>(&e)) return language() == Lang::En ? std::string(e.what()) : tr(S::ErrOutOfMemory);
  return error_text(ErrorKind::Internal, "", e.what());
}

// The messages of wasm_shell/shell.js (tests/ui/test_error_text.cpp checks they are still there).
std::string page_message_text(const std::string& m) {
  if (language() == Lang::En || m.empty()) return m;
  if (starts(m, "a network error stopped the download")) return tr(S::PageNetwork);
  if (const size_t h = m.find(": HTTP "); h != std::string::npos) {
    std::string code;
    for (size_t i = h + 7; i < m.size() && i < h + 10 && m[i] >= '0' && m[i] <= '9'; ++i) code += m[i];
    const std::string file = data(m.substr(0, h));
    return code == "404" ? trf(S::PageHttpMissing, {file}) : trf(S::PageHttp, {file, code});
  }
  if (has(m, " bytes this build expects") || has(m, " bytes, this build expects ")) {
    const size_t sp = m.find(' ');
    return trf(S::PageFileSize, {data(m.substr(0, sp))});
  }
  if (starts(m, "its file list is not valid")) return tr(S::PageFileList);
  if (starts(m, "this browser cannot download files")) return tr(S::PageNoFetch);
  if (starts(m, "the offline single-file build carries only the default models")) return tr(S::PageOfflineModels);
  if (starts(m, "the offline file should carry the Chinese fonts")) return tr(S::PageOfflineFonts);
  if (starts(m, "it needs config.json and model.safetensors together"))
    return trf(S::PageDropNeedsTwo, {data(between(m, "(received: ", ")"))});
  if (starts(m, "its files are ")) return trf(S::PageDropTooBig, {data(between(m, "its files are ", " MB")), data(between(m, "up to ", " MB"))});
  if (starts(m, "the browser could not read the files")) return tr(S::PageDropUnreadable);
  if (starts(m, "loading was aborted")) return tr(S::PageVideoAborted);
  if (starts(m, "the file is damaged or uses an encoding")) return tr(S::PageVideoDecode);
  if (starts(m, "the file is missing on the server")) return tr(S::PageVideoMissing);
  if (starts(m, "the browser could not play it")) return tr(S::PageVideoCannotPlay);
  if (starts(m, "Videos are not part of the offline single-file build")) return tr(S::PageVideoOffline);
  if (starts(m, "This page has no video list")) return tr(S::PageVideoNoList);
  if (starts(m, "it is not in this build's video list")) return tr(S::PageVideoNotListed);
  if (starts(m, "it was released")) return tr(S::PageVideoReleased);
  return tr(S::PageUnknown);
}

}  // namespace tmx::ui
