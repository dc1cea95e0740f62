#include "ui/run_controls.h"

#include <imgui.h>

namespace tmx::ui {

RunAction run_buttons(const RunLabels& l, bool started, bool running, bool paused) {
  RunAction a = RunAction::None;
  if (!started) {
    if (ImGui::Button(tr(l.start))) a = RunAction::Start;
    return a;
  }
  if (running) {
    if (ImGui::Button(tr(paused ? l.resume : l.pause))) a = paused ? RunAction::Resume : RunAction::Pause;
    ImGui::SameLine();  // a finished run has no Pause: Reset starts the row
  }
  if (ImGui::Button(tr(l.reset))) a = RunAction::Reset;
  return a;
}

}  // namespace tmx::ui
