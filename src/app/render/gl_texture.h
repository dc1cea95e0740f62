// RGBA8 pixels -> OpenGL textures for ImGui: the ui::Host texture hooks, shared by the app's main
// loop (web and desktop) and the offscreen scene renderer (tmx-render). Needs a current context.
#pragma once
#include <imgui.h>

namespace tmx::gl {

// Uploads w x h RGBA8 pixels into `id` (0: a new texture); linear or nearest filtering, clamped
// edges. Returns the texture, or null if GL could not make one.
ImTextureID upload_rgba(ImTextureID id, const unsigned char* rgba, int w, int h, bool nearest);
void free_texture(ImTextureID id);

#ifdef __EMSCRIPTEN__
// Replaces texture `id`'s image with w x h alpha-only pixels as LUMINANCE_ALPHA texels (255, a),
// which sample as (1, 1, 1, a): what ImGui's shader makes of its RGBA font atlas, in half the bytes.
// WebGL2 / GLES 3 only (desktop core GL has no LUMINANCE_ALPHA). Keeps the bound texture.
void upload_alpha_as_luminance_alpha(ImTextureID id, const unsigned char* alpha, int w, int h);
#endif

}  // namespace tmx::gl
