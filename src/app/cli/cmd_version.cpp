// `tmx version`: prints the build's version and platform.
#include <cstdio>

#include "app/cli/cli.h"
#include "build_info.h"

static int run_version(const tmx::cli::Args& args) {
  if (!args.empty()) {
    std::fprintf(stderr, "tmx version: takes no arguments\n");
    return 2;
  }
  std::printf("tmx %s (%s, %s, built %s)\n", TMX_VERSION, TMX_GIT_REV, TMX_PLATFORM, TMX_BUILD_DATE);
  return 0;
}
TMX_CLI_COMMAND("version", "print version and build information", "tmx version", run_version);
