// Finite differences in double through the whole Mamba block (the same code as float, instantiated
// for double): loss = Σ out ⊙ w, every parameter entry and every input entry, for a config (the
// default block or its LTI ablation). Parameters start from the reference init, moved off it.
#pragma once
#include <catch2/catch.hpp>

#include <string>

#include "../golden_util.h"
#include "core/rng.h"
#include "core/ssm/mamba_block.h"

namespace tmx::test {

inline void check_mamba_block_fd(const ssm::MambaConfig& c, uint32_t seed, int B, int L) {
  using MatD = ssm::MatS<double>;
  Rng rng(seed);
  const ssm::MambaBlockParams pf = ssm::mamba_block_init(c, rng);
  ssm::MambaBlockParamsT<double> p = ssm::mamba_block_zeros<double>(c);
  {
    ssm::MambaBlockParams tmp = pf;
    auto src = ssm::mamba_block_named(c, tmp);
    auto dst = ssm::mamba_block_named(c, p);
    REQUIRE(src.size() == dst.size());
    for (size_t i = 0; i < src.size(); ++i) {
      *dst[i].m = src[i].m->cast<double>();
      for (Eigen::Index j = 0; j < dst[i].m->size(); ++j) dst[i].m->data()[j] += 0.1 * rng.normal();  // off the init
    }
  }
  MatD x(B * L, c.d_model), w(B * L, c.d_model);
  for (Eigen::Index i = 0; i < x.size(); ++i) x.data()[i] = rng.normal(), w.data()[i] = rng.normal();
  auto loss = [&]() {
    MatD out;
    ssm::MambaBlockCacheT<double> k;
    ssm::mamba_block_forward(c, p, x, B, L, out, k);
    return out.cwiseProduct(w).sum();
  };
  MatD out, dx;
  ssm::MambaBlockCacheT<double> k;
  ssm::mamba_block_forward(c, p, x, B, L, out, k);
  ssm::MambaBlockParamsT<double> g = ssm::mamba_block_zeros<double>(c);
  ssm::mamba_block_backward(c, p, k, w, dx, g);
  auto fd = [&](MatD& v, const MatD& dv, const std::string& name) {
    const double e = fd_worst(v, dv, loss, 1e-6, 1e-8, 1e-6);
    INFO(name << ": worst |g - fd| / (1e-8 + 1e-6 |fd|) = " << e);
    CHECK(e < 1.0);
  };
  fd(x, dx, "x");
  auto ps = ssm::mamba_block_named(c, p);
  auto gs = ssm::mamba_block_named(c, g);
  for (size_t i = 0; i < ps.size(); ++i) {
    fd(*ps[i].m, *gs[i].m, ps[i].name);
    CHECK(gs[i].m->cwiseAbs().maxCoeff() > 0);  // every parameter gets a gradient
  }
}

}  // namespace tmx::test
