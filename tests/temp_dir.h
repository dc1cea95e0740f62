// A fresh, empty folder under the system's temp directory for one test (one copy for all tests):
// its name has the tag and the process id, it is emptied first and removed with everything in it.
#pragma once
#include <unistd.h>

#include <filesystem>
#include <string>

namespace tmx::test {

struct TempDir {
  std::filesystem::path path;
  explicit TempDir(const std::string& tag) {
    path = std::filesystem::temp_directory_path() / ("tmx_" + tag + "_" + std::to_string(::getpid()));
    std::filesystem::remove_all(path);
    std::filesystem::create_directories(path);
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
};

}  // namespace tmx::test
