// Moved to tests/headless_imgui.h (shared by the UI and app tests); kept so that test files
// written against the old name still build.
#pragma once
#include "headless_imgui.h"
