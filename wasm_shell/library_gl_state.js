// Linked into explorer.js with --js-library: replaces glGetIntegerv, glBlendFunc(Separate),
// glBlendEquation(Separate) and glScissor of emscripten's library_webgl.js. Dear ImGui's OpenGL3
// backend saves the GL state before it draws and restores it after, every frame; in Chromium the
// blend factors, blend equations and scissor box are not cached on the page's side, so each of those
// 7 getParameter calls waits for the GPU process to finish the commands before it (measured in
// headless Chromium with SwiftShader: ~2 ms a drawn frame on Transformer vs Mamba, up to 3 ms for
// one call). The app sets those 7 values only through the functions below, which record them on the
// context; glGetIntegerv answers them from that record and asks WebGL for everything else. Blend
// values start at the GL defaults a new context has, the scissor box at the size shell.js saw when it
// created the context (else WebGL is asked until the app has set it once).
mergeInto(LibraryManager.library, {
  $tmxGlState: function () {
    if (!GLctx.tmxState) {
      GLctx.tmxState = {
        0x80C9: 1, 0x80C8: 0, 0x80CB: 1, 0x80CA: 0,  // BLEND_SRC_RGB ONE, DST_RGB ZERO, SRC_ALPHA ONE, DST_ALPHA ZERO
        0x8009: 0x8006, 0x883D: 0x8006,              // BLEND_EQUATION_RGB, _ALPHA: FUNC_ADD
      };
      // A new context's scissor box is its drawing buffer at creation; shell.js, which creates it,
      // noted that size (else the first read asks WebGL, ~40 ms at the first frame with SwiftShader).
      var box = GLctx.tmxScissorAtCreation;
      if (box && box.length === 4) GLctx.tmxState[0x0C10] = box.slice();
    }
    return GLctx.tmxState;
  },

  glBlendFunc__deps: ["$tmxGlState"],
  glBlendFunc__sig: "vii",
  glBlendFunc: function (sfactor, dfactor) {
    var s = tmxGlState();
    s[0x80C9] = s[0x80CB] = sfactor;
    s[0x80C8] = s[0x80CA] = dfactor;
    GLctx.blendFunc(sfactor, dfactor);
  },
  glBlendFuncSeparate__deps: ["$tmxGlState"],
  glBlendFuncSeparate__sig: "viiii",
  glBlendFuncSeparate: function (srcRGB, dstRGB, srcAlpha, dstAlpha) {
    var s = tmxGlState();
    s[0x80C9] = srcRGB, s[0x80C8] = dstRGB, s[0x80CB] = srcAlpha, s[0x80CA] = dstAlpha;
    GLctx.blendFuncSeparate(srcRGB, dstRGB, srcAlpha, dstAlpha);
  },
  glBlendEquation__deps: ["$tmxGlState"],
  glBlendEquation__sig: "vi",
  glBlendEquation: function (mode) {
    var s = tmxGlState();
    s[0x8009] = s[0x883D] = mode;
    GLctx.blendEquation(mode);
  },
  glBlendEquationSeparate__deps: ["$tmxGlState"],
  glBlendEquationSeparate__sig: "vii",
  glBlendEquationSeparate: function (modeRGB, modeAlpha) {
    var s = tmxGlState();
    s[0x8009] = modeRGB, s[0x883D] = modeAlpha;
    GLctx.blendEquationSeparate(modeRGB, modeAlpha);
  },
  glScissor__deps: ["$tmxGlState"],
  glScissor__sig: "viiii",
  glScissor: function (x, y, width, height) {
    tmxGlState()[0x0C10] = [x, y, width, height];  // SCISSOR_BOX
    GLctx.scissor(x, y, width, height);
  },

  glGetIntegerv__deps: ["$emscriptenWebGLGet", "$tmxGlState"],
  glGetIntegerv__sig: "vii",
  glGetIntegerv: function (name_, p) {
    var v = p && GLctx ? tmxGlState()[name_] : undefined;
    if (v === undefined) return emscriptenWebGLGet(name_, p, {{{ cDefine('EM_FUNC_SIG_PARAM_I') }}});
    if (typeof v === "number") {
      HEAP32[p >> 2] = v;
    } else {
      for (var i = 0; i < v.length; ++i) HEAP32[(p >> 2) + i] = v[i];
    }
  },
});
