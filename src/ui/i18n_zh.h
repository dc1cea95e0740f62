// The Simplified Chinese table behind tr() (src/ui/i18n_zh.cpp); for i18n.cpp and the tests.
#pragma once
#include "ui/i18n.h"

namespace tmx {

// The Chinese text of `id` (nullptr for an id outside the enum).
const char* tr_zh(S id);

}  // namespace tmx
