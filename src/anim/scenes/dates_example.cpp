// The numbers every encoder-decoder scene shows (dates_example.h): the sentence's words and ids,
// the symbols fed to the decoder and predicted, the encoder memory, and the model's sizes.
// `tmx scene-data dates_example` writes src/anim/scenes/data/dates_example.h.
#include <string>

#include "anim/scene_data.h"
#include "anim/scenes/dates_example.h"

namespace tmx::anim {
namespace {

std::string generate(const std::string& root) {
  const DatesExample e = dates_example(root);
  const EncDecConfig& c = e.m->cfg;
  DataHeader h("dates_example", kDatesModel);
  h.comment(std::string("\"") + kDatesText + "\", decoded greedily; the decoder fed its own output");
  h.integer("kDModel", c.d_model).integer("kHeads", c.n_head).integer("kDff", c.d_ff);
  h.integer("kEncoderLayers", c.n_encoder_layers).integer("kDecoderLayers", c.n_decoder_layers).integer("kSrcVocab", c.src_vocab);
  h.strings("kSrc", e.src_words).ints("kSrcIds", e.src).strings("kIn", e.in_syms).strings("kOut", e.out_syms);
  h.reals("kMemory", need(e.trace, "memory"));
  return h.str();
}
TMX_REGISTER_SCENE_DATA(dates_example, "assets/models/dates-encdec", generate);

}  // namespace
}  // namespace tmx::anim
