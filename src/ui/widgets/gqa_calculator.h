// The "GQA calculator" widget (gqa_calculator.cpp), declared here so tests can read the model it
// computes. Slug gqa-calculator.
#pragma once
#include <string>

#include "core/model_size.h"
#include "ui/line_plot.h"
#include "ui/widget.h"

namespace tmx::ui {

class GqaCalculator final : public Widget {
 public:
  GqaCalculator();
  void set_params(const Params& p) override;
  Params params() const override;
  void draw() override;

  // The model the numbers are for (fields + variant); call only when problem() is empty.
  DecoderShape shape() const;
  // Why the fields describe no model (d_model not a multiple of the heads, KV heads not dividing
  // the heads), or "" when they do.
  std::string problem() const;
  const DecoderPreset* preset() const;  // nullptr when custom
  int context() const { return context_; }
  int batch() const { return batch_; }
  KvDtype dtype() const { return dtype_; }

 private:
  bool is_custom() const;
  void load_preset();
  DecoderShape base_shape() const;  // the fields, as MHA
  void draw_table(const DecoderShape& model);
  void draw_chart(const DecoderShape& model);
  S dtype_name() const;

  int preset_ = 0;
  DecoderFamily family_ = DecoderFamily::Llama;
  int vocab_ = 0, d_model_ = 0, layers_ = 0, heads_ = 0, d_ff_ = 0, max_len_ = 0;
  bool tied_ = false;
  AttnVariant variant_ = AttnVariant::GQA;
  int kv_heads_ = 1;
  KvDtype dtype_ = KvDtype::BF16;
  int context_ = 2048, batch_ = 1;
  LinePlotView view_;
};

}  // namespace tmx::ui
