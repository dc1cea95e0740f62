// The tiny model configurations the tests build (one set, shared by core and UI tests), so a
// change to GPTConfig's meaning is fixed in one place.
#pragma once
#include "core/models/gpt.h"

namespace tmx::test {

// 2 layers, 4 heads, width 16, vocabulary 40, context 16: the core's forward-option tests.
inline GPTConfig tiny_gpt() {
  GPTConfig c;
  c.vocab_size = 40;
  c.n_positions = 16;
  c.n_embd = 16;
  c.n_head = 4;
  c.n_layer = 2;
  return c;
}

// A checkpoint the attention lab can load: its vocabulary covers the lab's character ids (128),
// its context (48) is shorter than the lab's 128 tokens; 2 layers, 3 heads, width 24.
inline GPTConfig tiny_gpt_for_lab() {
  GPTConfig c;
  c.vocab_size = 128;
  c.n_positions = 48;
  c.n_embd = 24;
  c.n_head = 3;
  c.n_layer = 2;
  return c;
}

}  // namespace tmx::test
