// The core's one error type. Everything that can be wrong with *input* (a checkpoint, a
// config.json, token ids, user-typed numbers) throws tmx::Error with a message that names
// the thing (tensor, field, argument) and the problem, so the CLI (and the English UI) can show it
// verbatim. A throw that input can reach also says what *kind* of problem it is and which thing
// (the subject: a file, a tensor, a field, a number): that is all a translated UI shows, in its
// own words (src/ui/error_text.h maps each kind to a sentence); the core stays free of languages.
#pragma once
#include <stdexcept>
#include <string>

namespace tmx {

enum class ErrorKind : unsigned char {
  Internal,        // a bug or an impossible call: no category for the reader (the default)
  FileAccess,      // subject: a path that cannot be opened, read, written or is not a regular file
  FileTooLarge,    // subject: a path over the loader's size limit
  FileFormat,      // subject: a file whose bytes are not what its format says (truncated, bad header)
  Json,            // text that is not valid JSON (subject: the file when known)
  ConfigField,     // subject: a config.json field that is missing, of the wrong type or out of range
  ConfigUnsupported,  // subject: a config.json setting this core does not implement
  ModelType,       // subject: a model_type this core does not load
  TensorMissing,   // subject: the tensor name
  TensorShape,     // subject: the tensor name (shape or size does not match the config)
  TensorValues,    // subject: the tensor name (NaN or Inf)
  TensorDtype,     // subject: the dtype (only F32, F16, BF16)
  TokenOutOfRange, // subject: the token id
  TooLong,         // subject: the limit (tokens or bytes) the input went over
  EmptyInput,      // no tokens to work on
  Diverged,        // subject: the step at which the loss stopped being finite
  TooLarge,        // subject: a size (elements, parameters) beyond what this core handles
  WrongFile,       // subject: a file that is valid but of another kind (another task, another model)
  TooShort,        // subject: the number of tokens needed (a training text shorter than one window)
  TokenizerFile,   // subject: the model folder whose tokenizer file cannot be read
};

struct Error : std::runtime_error {
  explicit Error(const std::string& what) : std::runtime_error(what) {}
  Error(ErrorKind k, std::string subj, const std::string& what)
      : std::runtime_error(what), kind(k), subject(std::move(subj)) {}
  // The same kind and subject with another message (a wrapper that adds where it happened).
  Error(const Error& inner, const std::string& what) : std::runtime_error(what), kind(inner.kind), subject(inner.subject) {}
  ErrorKind kind = ErrorKind::Internal;
  std::string subject;  // data only (a name, a path, a number): shown as it is in every language
};

}  // namespace tmx
