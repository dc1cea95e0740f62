// Linked into the website's explorer.js (--post-js), where emscripten's own variables are in scope.
// JS caches the table entries it calls through (getWasmTableEntry's mirror: callbacks such as SDL's
// event handlers). An entry cached while it still held a placeholder of the deferred
// module (scripts/wasm_split.py) would keep calling the placeholder after the real function is in
// the table; the shell calls this once the deferred module is installed, so JS looks again.
Module["forgetTableMirror"] = function () { wasmTableMirror = []; };
