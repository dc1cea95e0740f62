#include "app/render/gl_texture.h"

#include <cstdint>
#include <vector>

#ifdef __EMSCRIPTEN__
#include <GLES3/gl3.h>
#else
#include <SDL_opengl.h>
#endif

namespace tmx::gl {

ImTextureID upload_rgba(ImTextureID id, const unsigned char* rgba, int w, int h, bool nearest) {
  GLuint tex = static_cast<GLuint>(reinterpret_cast<intptr_t>(id));
  if (!tex) {
    glGenTextures(1, &tex);
    if (!tex) return nullptr;
    glBindTexture(GL_TEXTURE_2D, tex);
    const GLint filter = nearest ? GL_NEAREST : GL_LINEAR;  // nearest: data cells stay crisp blocks
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, filter);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, filter);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
  } else {
    glBindTexture(GL_TEXTURE_2D, tex);
  }
  glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
  glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA, w, h, 0, GL_RGBA, GL_UNSIGNED_BYTE, rgba);
  return reinterpret_cast<ImTextureID>(static_cast<intptr_t>(tex));
}

#ifdef __EMSCRIPTEN__
void upload_alpha_as_luminance_alpha(ImTextureID id, const unsigned char* alpha, int w, int h) {
  const GLuint tex = static_cast<GLuint>(reinterpret_cast<intptr_t>(id));
  if (!tex || !alpha || w <= 0 || h <= 0) return;
  const size_t n = static_cast<size_t>(w) * static_cast<size_t>(h);
  std::vector<uint16_t> la(n);  // little-endian: byte 0 luminance 255, byte 1 alpha
  for (size_t i = 0; i < n; ++i) la[i] = static_cast<uint16_t>(0x00FFu | (static_cast<unsigned>(alpha[i]) << 8));
  GLint bound = 0;
  glGetIntegerv(GL_TEXTURE_BINDING_2D, &bound);
  glBindTexture(GL_TEXTURE_2D, tex);
  glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
  glTexImage2D(GL_TEXTURE_2D, 0, GL_LUMINANCE_ALPHA, w, h, 0, GL_LUMINANCE_ALPHA, GL_UNSIGNED_BYTE, la.data());
  glBindTexture(GL_TEXTURE_2D, static_cast<GLuint>(bound));
}
#endif

void free_texture(ImTextureID id) {
  const GLuint tex = static_cast<GLuint>(reinterpret_cast<intptr_t>(id));
  if (tex) glDeleteTextures(1, &tex);
}

}  // namespace tmx::gl
