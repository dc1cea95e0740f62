// The `gpt-walkthrough` widget's code panels: for every stage of core::gpt_walk, the matching
// lines of the project's nanoGPT-style PyTorch model (scripts/golden/nanogpt_model.py) and of our
// C++. tests/ui/test_gpt_walkthrough.cpp checks that every snippet appears verbatim in the file
// it names, so the panels cannot drift from the code.
#pragma once
#include <vector>

#include "core/gpt_walk.h"

namespace tmx::ui {

struct WalkSnippet {
  WalkStage kind;
  const char* py;        // lines of kWalkPyFile, verbatim (indentation included)
  const char* cpp_file;  // path from the repository root
  const char* cpp;       // lines of cpp_file, verbatim
};
inline constexpr const char* kWalkPyFile = "scripts/golden/nanogpt_model.py";

// One per WalkStage, in the enum's order.
const std::vector<WalkSnippet>& gpt_walk_snippets();

}  // namespace tmx::ui
