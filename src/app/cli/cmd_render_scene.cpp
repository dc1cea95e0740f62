// `tmx render-scene`: exports a Cinema scene to MP4. The drawing needs ImGui, the scenes and an
// OpenGL context, which the core-only `tmx` does not link, so this runs the `tmx-render`
// executable built next to it, under xvfb-run when there is no X display.
#include <unistd.h>

#include <climits>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "app/cli/cli.h"

static int run_render_scene(const tmx::cli::Args& args) {
  char self[PATH_MAX] = {0};
  const ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
  std::string dir = n > 0 ? std::string(self, n) : std::string("./tmx");
  dir = dir.substr(0, dir.find_last_of('/') + 1);
  const std::string renderer = dir + "tmx-render";
  if (access(renderer.c_str(), X_OK) != 0) {
    std::fprintf(stderr, "tmx render-scene: %s is missing (build the native target tmx-render)\n", renderer.c_str());
    return 1;
  }
  std::vector<std::string> argv;
  const char* display = std::getenv("DISPLAY");
  const bool need_x = !(display && *display) && !std::getenv("TMX_RENDER_NO_XVFB");
  if (need_x) {
    if (access("/usr/bin/xvfb-run", X_OK) != 0) {
      std::fprintf(stderr, "tmx render-scene: no X display and no xvfb-run (apt-get install xvfb)\n");
      return 1;
    }
    argv = {"/usr/bin/xvfb-run", "-a", "-s", "-screen 0 640x480x24"};
  }
  argv.push_back(renderer);
  for (const auto& a : args) argv.push_back(a);
  std::vector<char*> cargv;
  for (auto& a : argv) cargv.push_back(const_cast<char*>(a.c_str()));
  cargv.push_back(nullptr);
  std::fflush(stdout);
  execv(cargv[0], cargv.data());
  std::perror("tmx render-scene: exec");
  return 1;
}

TMX_CLI_COMMAND("render-scene", "export a Cinema scene to MP4 (H.264) with ffmpeg",
                "tmx render-scene <slug> --out FILE.mp4 [--fps 30] [--size 1920x1080] [--from S --to S] [--light] [--lang en|zh]\n"
                "tmx render-scene <slug> --stills DIR [--size 1280x720] [--light] [--lang en|zh]\n"
                "tmx render-scene --list",
                run_render_scene);
