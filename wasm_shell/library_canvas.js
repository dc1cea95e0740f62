// Linked into explorer.js with --js-library: replaces emscripten_set_canvas_element_size of
// emscripten's library_html5.js. SDL's window creation (SDL_emscriptenvideo.c) sets the canvas to
// 1x1 to learn whether CSS sizes it, then to its size, and any set of width or height, even to the
// value it has, reallocates the WebGL drawing buffer: ~30-50 ms of the app's start-up in Chromium
// with SwiftShader. Our page's CSS sizes the canvas (wasm_shell/index.html), and shell.js gives the
// drawing buffer SDL's size while the downloads run, marking the canvas data-css-sized; for that
// canvas the 1x1 probe is answered without touching it (CSS sizes it) and a dimension is set only
// when it changes, so SDL's sets cost nothing. Any other canvas: as emscripten's.
mergeInto(LibraryManager.library, {
  emscripten_set_canvas_element_size__deps: ["$findCanvasEventTarget"],
  emscripten_set_canvas_element_size__sig: "iiii",
  emscripten_set_canvas_element_size: function (target, width, height) {
    var canvas = findCanvasEventTarget(target);
    if (!canvas) return -4;  // EMSCRIPTEN_RESULT_UNKNOWN_TARGET
    if (!canvas.hasAttribute("data-css-sized")) {
      canvas.width = width;
      canvas.height = height;
      return 0;
    }
    if (width === 1 && height === 1) return 0;  // SDL's probe: CSS sizes this canvas
    if (canvas.width !== width) canvas.width = width;
    if (canvas.height !== height) canvas.height = height;
    return 0;  // EMSCRIPTEN_RESULT_SUCCESS
  },
});
