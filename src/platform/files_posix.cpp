// Files and preferences on the desktop (POSIX): whole-file reads, atomic writes
// (temporary file, fsync, rename, fsync of the directory), the settings file under
// $XDG_CONFIG_HOME and the language of the session.
//
// Test hook: INFERCALC_TEST_SAVE_PAUSE_MS=N sleeps N ms between the flushed temporary
// file and the rename, so that a test can kill the writer mid-save (tests/desktop).
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <string>
#include <thread>

#include "platform/platform.h"

namespace infercalc::platform {
namespace {

constexpr std::size_t kMaxReadBytes = 16u << 20;  // scenario and settings files are tiny

std::string env(const char* name) {
  const char* v = std::getenv(name);
  return v ? v : "";
}

Error os_error(const std::string& path, const char* what) { return Error{path, std::string(what) + ": " + std::strerror(errno)}; }

std::string parent_dir(const std::string& path) {
  const std::size_t slash = path.rfind('/');
  if (slash == std::string::npos) return ".";
  return slash == 0 ? "/" : path.substr(0, slash);
}

// mkdir -p
bool make_dirs(const std::string& dir) {
  if (dir.empty() || dir == "/" || dir == ".") return true;
  struct stat st {};
  if (::stat(dir.c_str(), &st) == 0) return S_ISDIR(st.st_mode);
  if (!make_dirs(parent_dir(dir))) return false;
  return ::mkdir(dir.c_str(), 0755) == 0 || errno == EEXIST;
}

std::string settings_path() {
  std::string base = env("XDG_CONFIG_HOME");
  if (base.empty() || base[0] != '/') {
    const std::string home = env("HOME");
    if (home.empty()) return "";
    base = home + "/.config";
  }
  return base + "/infercalc/settings.json";
}

}  // namespace

bool has_files() { return true; }

bool has_file_system() { return true; }

Expected<std::string> read_file(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return os_error(path, "cannot open");
  std::string out;
  char buf[65536];
  for (;;) {
    const ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      Error e = os_error(path, "cannot read");
      ::close(fd);
      return e;
    }
    if (n == 0) break;
    out.append(buf, static_cast<std::size_t>(n));
    if (out.size() > kMaxReadBytes) {
      ::close(fd);
      return Error{path, "larger than 16 MiB; not a file infercalc wrote"};
    }
  }
  ::close(fd);
  return out;
}

std::optional<Error> write_file_atomic(const std::string& path, std::string_view content) {
  if (path.empty()) return Error{"file", "no file name given"};
  const std::string tmp = path + ".tmp";
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return os_error(tmp, "cannot create");
  std::size_t done = 0;
  while (done < content.size()) {
    const ssize_t n = ::write(fd, content.data() + done, content.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      Error e = os_error(tmp, "cannot write");
      ::close(fd);
      ::unlink(tmp.c_str());
      return e;
    }
    done += static_cast<std::size_t>(n);
  }
  if (::fsync(fd) != 0) {
    Error e = os_error(tmp, "cannot flush to disk");
    ::close(fd);
    ::unlink(tmp.c_str());
    return e;
  }
  if (::close(fd) != 0) {
    Error e = os_error(tmp, "cannot close");
    ::unlink(tmp.c_str());
    return e;
  }
  if (const std::string pause = env("INFERCALC_TEST_SAVE_PAUSE_MS"); !pause.empty())
    std::this_thread::sleep_for(std::chrono::milliseconds(std::atol(pause.c_str())));
  if (::rename(tmp.c_str(), path.c_str()) != 0) {
    Error e = os_error(path, "cannot replace");
    ::unlink(tmp.c_str());
    return e;
  }
  // The rename itself is durable once the directory entry is on disk.
  const int dir = ::open(parent_dir(path).c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir >= 0) {
    ::fsync(dir);
    ::close(dir);
  }
  return std::nullopt;
}

std::string default_directory() {
  char buf[4096];
  if (::getcwd(buf, sizeof buf)) return buf;
  const std::string home = env("HOME");
  return home.empty() ? "." : home;
}

std::string read_preferences() {
  const std::string path = settings_path();
  if (path.empty()) return "";
  auto text = read_file(path);
  return text ? text.value() : "";
}

std::optional<Error> write_preferences(const std::string& json) {
  const std::string path = settings_path();
  if (path.empty()) return Error{"settings", "neither XDG_CONFIG_HOME nor HOME is set"};
  if (!make_dirs(parent_dir(path))) return os_error(parent_dir(path), "cannot create the directory");
  return write_file_atomic(path, json);
}

std::string system_language() {
  for (const char* name : {"LC_ALL", "LC_MESSAGES", "LANG"})
    if (std::string v = env(name); !v.empty()) return v;
  return "";
}

bool system_prefers_light() {
  const std::string gtk = env("GTK_THEME");
  return gtk.find("light") != std::string::npos || gtk.find("Light") != std::string::npos;
}

}  // namespace infercalc::platform
