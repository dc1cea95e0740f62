// Measured figures for scenes: benchmark output committed as data (not computed by the core, so
// not scene data: anim/scene_data.h recomputes its headers from checkpoints; a measurement
// cannot be recomputed, only taken again). Each comes with the machine and date it was taken on,
// and a scene that shows one labels it so ("measured: <cpu>, <date>").
//
//   assets/bench/decode-latency.json   bench/decode_wasm.sh --write (core/decode_latency.h's schema)
//
// The file is embedded at configure time (CMakeLists.txt writes gen/measured_data.cpp), so the
// scene needs no file system and no download; tests/ui/test_measured_data.cpp checks that the
// embedded text is the committed file and that the transformer-vs-mamba scene draws its numbers.
#pragma once
#include "core/decode_latency.h"

namespace tmx::anim {

const char* decode_latency_json();        // the committed file's text, as embedded
const DecodeLatency& decode_latency();    // parsed once; throws tmx::Error if it is malformed

}  // namespace tmx::anim
