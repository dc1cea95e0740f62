// RGBA8 pixels -> OpenGL textures for ImGui: the ui::Host texture hooks, shared by the app's main
// loop (web and desktop) and the offscreen scene renderer (tmx-render). Needs a current context.
#pragma once
#include <imgui.h>

namespace tmx::gl {

// Uploads w x h RGBA8 pixels into `id` (0: a new texture); linear or nearest filtering, clamped
// edges. Returns the texture, or null if GL could not make one.
ImTextureID upload_rgba(ImTextureID id, const unsigned char* rgba, int w, int h, bool nearest);
void free_texture(ImTextureID id);

}  // namespace tmx::gl
