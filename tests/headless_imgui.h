// Headless Dear ImGui for the UI and app tests (one copy for all of them): a context with the
// app's fonts and theme and the key map a platform backend would set, but no window and no GL.
#pragma once
#include <imgui.h>

#include <functional>

#include "ui/fonts.h"
#include "ui/sliced_job.h"
#include "ui/theme.h"

namespace tmx::test {

struct HeadlessImGui {
  HeadlessImGui(float w = 1280, float h = 800) {
    ctx = ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;
    io.DisplaySize = ImVec2(w, h);
    io.DeltaTime = 1.0f / 60.0f;
    io.BackendFlags |= ImGuiBackendFlags_RendererHasVtxOffset;  // as the desktop GL3 backend reports
    io.KeyMap[ImGuiKey_Enter] = 13;                              // what SDL's backend would map
    ui::reset_cjk_fonts();  // every test starts as a fresh English page: Latin fonts only
    ui::build_fonts(1.0f);
    unsigned char* px;
    int tw, th;
    io.Fonts->GetTexDataAsRGBA32(&px, &tw, &th);
    ui::apply_theme(true);
  }
  ~HeadlessImGui() { ImGui::DestroyContext(ctx); }
  HeadlessImGui(const HeadlessImGui&) = delete;
  HeadlessImGui& operator=(const HeadlessImGui&) = delete;

  // One frame with a full-screen window of the given size; body draws inside it.
  void frame(const std::function<void()>& body, ImVec2 size = ImVec2(760, 780)) {
    ui::slice_frame_begin();  // each frame gets its own budget for sliced work, as in the app
    ImGui::NewFrame();
    ImGui::SetNextWindowPos(ImVec2(0, 0));
    ImGui::SetNextWindowSize(size);
    ImGui::Begin("##test", nullptr, ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoSavedSettings);
    body();
    ImGui::End();
    ImGui::Render();
  }

  // n frames of something that opens its own windows (the whole app: `[&] { app.frame(dt); }`).
  void frames(int n, const std::function<void()>& body) {
    for (int i = 0; i < n; ++i) {
      ui::slice_frame_begin();
      ImGui::NewFrame();
      body();
      ImGui::Render();
    }
  }

  ImGuiContext* ctx;
};

}  // namespace tmx::test
