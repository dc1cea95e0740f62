// The core's one error type. Everything that can be wrong with *input* (a checkpoint, a
// config.json, token ids, user-typed numbers) throws tmx::Error with a message that names
// the thing (tensor, field, argument) and the problem, so the UI / CLI can show it verbatim.
#pragma once
#include <stdexcept>
#include <string>

namespace tmx {

struct Error : std::runtime_error {
  explicit Error(const std::string& what) : std::runtime_error(what) {}
};

}  // namespace tmx
