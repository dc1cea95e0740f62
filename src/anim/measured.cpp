#include "anim/measured.h"

namespace tmx::anim {

const DecodeLatency& decode_latency() {
  static const DecodeLatency d = parse_decode_latency(decode_latency_json());
  return d;
}

}  // namespace tmx::anim
