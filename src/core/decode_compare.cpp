#include "core/decode_compare.h"

#include "core/error.h"
#include "core/json.h"
#include "core/model_loader.h"
#include "core/model_size.h"
#include "core/models/gpt.h"
#include "core/models/llama.h"
#include "core/nn/ops.h"
#include "core/ssm/hidden_attention.h"
#include "core/ssm/mamba_lm.h"
#include "core/trace.h"

namespace tmx {

namespace {
constexpr int64_t kFloatBytes = sizeof(float);
constexpr int kMaxMixingTokens = 256;

// Copies every parameter of `from` into `to` (same names and shapes, in params() order), except
// `skip`, which the caller fills.
void copy_params(LanguageModel& from, LanguageModel& to, const std::string& skip = "") {
  ParamList a = from.params(), b = to.params();
  if (a.size() != b.size()) throw Error("extend_context: parameter lists differ");
  for (size_t i = 0; i < a.size(); ++i) {
    if (a[i].name != b[i].name) throw Error("extend_context: parameter " + a[i].name + " vs " + b[i].name);
    if (a[i].name == skip) continue;
    *b[i].value = *a[i].value;
  }
}
}  // namespace

DecodeMemory decode_memory(const LanguageModel& m) {
  DecodeMemory d;
  if (const auto* g = dynamic_cast<const GPT*>(&m)) {
    d.held = g->kv_cache_values_held() * kFloatBytes;
    d.allocated = g->kv_cache_values() * kFloatBytes;
  } else if (const auto* l = dynamic_cast<const Llama*>(&m)) {
    d.held = l->kv_cache_values_held() * kFloatBytes;
    d.allocated = l->kv_cache_values() * kFloatBytes;
  } else if (const auto* s = dynamic_cast<const ssm::MambaLM*>(&m)) {
    d.recurrent = true;
    d.held = s->state_values() * kFloatBytes;
    d.allocated = s->state_values(true) * kFloatBytes;
  } else {
    throw Error("decode memory: model type " + m.model_type() + " is not GPT-2, LLaMA or Mamba");
  }
  return d;
}

int64_t kv_bytes_per_token(const LanguageModel& m) {
  if (const auto* g = dynamic_cast<const GPT*>(&m)) return 2LL * g->cfg.n_layer * g->cfg.n_embd * kFloatBytes;
  if (const auto* l = dynamic_cast<const Llama*>(&m))
    return 2LL * l->cfg.num_hidden_layers * l->cfg.num_key_value_heads * l->cfg.head_dim() * kFloatBytes;
  return 0;
}

std::unique_ptr<LanguageModel> extend_context(LanguageModel& m, int positions) {
  if (positions < 1) throw Error("extend_context: positions must be >= 1");
  if (m.max_positions() == 0 || m.max_positions() >= positions) return nullptr;
  if (auto* g = dynamic_cast<GPT*>(&m)) {
    GPTConfig c = g->cfg;
    c.n_positions = positions;
    auto out = std::make_unique<GPT>(c, /*random_init=*/false, /*grads=*/false);
    copy_params(*g, *out, "transformer.wpe.weight");
    const int trained = g->cfg.n_positions;
    out->w.wpe.topRows(trained) = g->w.wpe;
    for (int p = trained; p < positions; ++p) out->w.wpe.row(p) = g->w.wpe.row(trained - 1);
    return out;
  }
  if (auto* l = dynamic_cast<Llama*>(&m)) {
    LlamaConfig c = l->cfg;
    c.max_position_embeddings = positions;
    auto out = std::make_unique<Llama>(c, /*random_init=*/false, /*grads=*/false);
    copy_params(*l, *out);
    return out;
  }
  throw Error("extend_context: model type " + m.model_type() + " is not GPT-2 or LLaMA");
}

MixingShape mixing_shape(const LanguageModel& m) {
  if (const auto* g = dynamic_cast<const GPT*>(&m)) return {g->cfg.n_layer, g->cfg.n_head, false};
  if (const auto* l = dynamic_cast<const Llama*>(&m)) return {l->cfg.num_hidden_layers, l->cfg.num_attention_heads, false};
  if (const auto* s = dynamic_cast<const ssm::MambaLM*>(&m))
    return {s->config().n_layer, s->config().block.d_inner(), true};
  throw Error("mixing matrix: model type " + m.model_type() + " is not GPT-2, LLaMA or Mamba");
}

static void check_mixing_args(const LanguageModel& m, const std::vector<int>& ids, int layer, int unit) {
  const MixingShape sh = mixing_shape(m);
  if (layer < 0 || layer >= sh.layers)
    throw Error("mixing matrix: layer " + std::to_string(layer) + " of " + std::to_string(sh.layers));
  if (unit >= sh.units || (unit < 0 && !sh.hidden))
    throw Error("mixing matrix: " + std::string(sh.hidden ? "channel " : "head ") + std::to_string(unit) + " of " +
                std::to_string(sh.units));
  if (ids.empty() || ids.size() > size_t(kMaxMixingTokens))
    throw Error("mixing matrix: 1 to " + std::to_string(kMaxMixingTokens) + " tokens, not " + std::to_string(ids.size()));
}

static std::string attention_weights_name(const LanguageModel& m, int layer, int unit) {
  const std::string prefix = dynamic_cast<const GPT*>(&m) ? "h." : "layers.";
  return prefix + std::to_string(layer) + ".attn.head." + std::to_string(unit) + ".weights";
}

Mat mixing_matrix(LanguageModel& m, const std::vector<int>& ids, int layer, int unit) {
  check_mixing_args(m, ids, layer, unit);
  if (auto* s = dynamic_cast<ssm::MambaLM*>(&m)) {
    s->forward(ids);
    const ssm::MambaBlockCache& k = s->block_cache(layer);
    if (unit >= 0) return ssm::hidden_attention(s->config().block, k, unit);
    return ssm::row_normalize(ssm::hidden_attention_combined(s->config().block, k, ssm::ChannelCombine::MeanAbs));
  }
  Trace tr;
  m.forward(ids, &tr);
  const std::string name = attention_weights_name(m, layer, unit);
  const Mat* w = tr.get(name);
  if (!w) throw Error("mixing matrix: the trace has no " + name);
  return *w;
}

void MixingJob::start(LanguageModel& m, const std::vector<int>& ids, int layer, int unit) {
  check_mixing_args(m, ids, layer, unit);
  *this = MixingJob{};
  m_ = &m;
  ids_ = ids;
  layer_ = layer;
  unit_ = unit;
  if (auto* s = dynamic_cast<ssm::MambaLM*>(&m)) {
    const int E = s->config().block.d_inner();
    pieces_ = 1 + (layer + 1) + (unit >= 0 ? 1 : (E + kChannelsPerPiece - 1) / kChannelsPerPiece);
  } else {  // GPT-2 or LLaMA (check_mixing_args allowed no other type)
    pieces_ = 1 + (layer + 1);
  }
}

bool MixingJob::step() {
  if (!m_ || done_) return false;
  ++piece_;
  if (auto* s = dynamic_cast<ssm::MambaLM*>(m_)) {
    const ssm::MambaLMConfig& c = s->config();
    if (piece_ == 1) {
      for (int id : ids_)
        if (id < 0 || id >= s->vocab_size())
          throw Error(ErrorKind::TokenOutOfRange, std::to_string(id), "mamba: token id " + std::to_string(id) + " out of range [0, " + std::to_string(s->vocab_size()) + ")");
      embedding_forward(h_, ids_, s->w.embedding);
      return true;
    }
    if (next_layer_ <= layer_) {  // mamba_lm_forward's layers, one a piece, up to the one shown
      ssm::mamba_lm_layer_forward(c, s->w, next_layer_++, h_, lc_);
      return true;
    }
    if (unit_ >= 0) {
      result_ = ssm::hidden_attention(c.block, lc_.block, unit_);
      done_ = true;
      return false;
    }
    const int E = c.block.d_inner(), e1 = std::min(E, next_channel_ + kChannelsPerPiece);
    ssm::hidden_attention_accumulate(c.block, lc_.block, next_channel_, e1, ssm::ChannelCombine::MeanAbs, sum_);
    next_channel_ = e1;
    if (next_channel_ < E) return true;
    result_ = ssm::row_normalize(sum_ / (float)E);  // as hidden_attention_combined, then row_normalize
    done_ = true;
    return false;
  }
  if (auto* g = dynamic_cast<GPT*>(m_)) {
    if (piece_ == 1) {
      g->forward_begin(run_, ids_, GPTForwardOptions{}, &trace_);
      return true;
    }
    g->forward_step(run_, &trace_);  // one block; the head never runs (the weights are known by then)
    if (run_.layer <= layer_) return true;
  } else {
    auto& l = dynamic_cast<Llama&>(*m_);
    if (piece_ == 1) {
      l.forward_begin(llama_run_, ids_, &trace_);
      return true;
    }
    l.forward_step(llama_run_, &trace_);  // one layer; the head never runs, as for GPT-2
    if (llama_run_.layer <= layer_) return true;
  }
  const std::string name = attention_weights_name(*m_, layer_, unit_);
  const Mat* w = trace_.get(name);
  if (!w) throw Error("mixing matrix: the trace has no " + name);
  result_ = *w;
  trace_ = Trace{};
  done_ = true;
  return false;
}

MambaFlops mamba_flops_per_token(const ssm::MambaLMConfig& c) {
  c.validate();
  const int64_t L = c.n_layer, d = c.block.d_model, E = c.block.d_inner(), R = c.block.rank(), N = c.block.d_state;
  MambaFlops f;
  f.projections = 2 * L * (d * 2 * E + E * (R + 2 * N) + R * E + E * d);
  f.conv = 2 * L * E * c.block.d_conv;
  f.scan = 6 * L * E * N;
  f.lm_head = 2 * d * int64_t(c.vocab_size);
  return f;
}

int64_t mamba_state_bytes(const ssm::MambaLMConfig& c, int bytes_per_value) {
  c.validate();
  return int64_t(c.n_layer) * mamba_state_per_layer(c.block).values() * bytes_per_value;
}

int64_t mamba_scan_flops_sequence(const ssm::MambaLMConfig& c, int64_t T) {
  return 6 * int64_t(c.n_layer) * c.block.d_inner() * c.block.d_state * T;
}

std::vector<NoteTable> mamba_vs_transformer_tables(const std::string& models_dir) {
  auto gpt_lm = load_model(models_dir + "/kjv-gpt", Gradients::None);
  auto mamba_lm = load_model(models_dir + "/kjv-mamba", Gradients::None);
  const GPTConfig& gc = dynamic_cast<GPT&>(*gpt_lm).cfg;
  const ssm::MambaLMConfig& mc = dynamic_cast<ssm::MambaLM&>(*mamba_lm).config();
  const DecoderShape gs = decoder_shape(gc);
  const MambaFlops mf = mamba_flops_per_token(mc);
  auto count = [](LanguageModel& m) {
    int64_t n = 0;
    for (const Param& p : m.params()) n += p.value->size();
    return double(n);
  };
  const double KiB = 1024.0, MiB = 1024.0 * 1024.0;
  std::vector<NoteTable> out;

  NoteTable shipped{"tvm.shipped",
                    {"model", "parameters", "layers", "$d$", "state bytes per token", "state at 64 tokens (KiB)",
                     "state at 2,048 tokens (KiB)", "MFLOPs per token at 64", "MFLOPs per token at 2,048"},
                    {"kjv-gpt", "kjv-mamba"},
                    {},
                    {0, 0, 0, 0, 0, 0, 3}};
  shipped.rows.push_back({count(*gpt_lm), double(gc.n_layer), double(gc.n_embd), double(kv_bytes_per_token(*gpt_lm)),
                          kv_cache_bytes(gs, 64, 1, 4) / KiB, kv_cache_bytes(gs, 2048, 1, 4) / KiB,
                          decoder_flops_per_token(gs, 64).total() / 1e6, decoder_flops_per_token(gs, 2048).total() / 1e6});
  shipped.rows.push_back({count(*mamba_lm), double(mc.n_layer), double(mc.block.d_model), 0.0,
                          mamba_state_bytes(mc, 4) / KiB, mamba_state_bytes(mc, 4) / KiB, mf.total() / 1e6,
                          mf.total() / 1e6});
  out.push_back(shipped);

  const DecoderShape g2 = decoder_preset("gpt2").shape;
  const ssm::MambaLMConfig m130 = mamba_130m_config();
  const MambaFlops f130 = mamba_flops_per_token(m130);
  NoteTable pub{"tvm.published",
                {"model", "parameters (M)", "layers", "$d$", "state bytes per token", "state at 1 token (MiB)",
                 "state at 1,024 tokens (MiB)", "MFLOPs per token at 1", "MFLOPs per token at 1,024"},
                {"GPT-2 small", "Mamba-130M"},
                {},
                {1, 0, 0, 0, 3, 3, 1}};
  pub.rows.push_back({decoder_params(g2).total() / 1e6, double(g2.n_layer), double(g2.d_model),
                      double(kv_values_per_token(g2) * 2), kv_cache_bytes(g2, 1, 1, 2) / MiB,
                      kv_cache_bytes(g2, 1024, 1, 2) / MiB, decoder_flops_per_token(g2, 1).total() / 1e6,
                      decoder_flops_per_token(g2, 1024).total() / 1e6});
  pub.rows.push_back({mamba_params(m130) / 1e6, double(m130.n_layer), double(m130.block.d_model), 0.0,
                      mamba_state_bytes(m130, 2) / MiB, mamba_state_bytes(m130, 2) / MiB, f130.total() / 1e6,
                      f130.total() / 1e6});
  out.push_back(pub);

  NoteTable train{"tvm.training",
                  {"tokens $T$", "kjv-gpt attention (MFLOPs)", "kjv-mamba scan (MFLOPs)", "attention / scan"},
                  {},
                  {},
                  {1, 1, 2}};
  for (int64_t T : {64, 512, 2048, 8192}) {
    double attn = 0;
    for (int64_t p = 1; p <= T; ++p) attn += double(decoder_flops_per_token(gs, p).attention);
    const double scan = double(mamba_scan_flops_sequence(mc, T));
    train.labels.push_back(std::to_string(T));
    train.rows.push_back({attn / 1e6, scan / 1e6, attn / scan});
  }
  out.push_back(train);
  return out;
}

}  // namespace tmx
