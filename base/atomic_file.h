#pragma once
// Writers never leave a half-written file under its final name: they write "<path>.tmp.<pid>" and rename
// it into place on commit(); a writer destroyed without commit() removes its temporary.
#include <string>

namespace lnc {

class AtomicFile {
 public:
  explicit AtomicFile(std::string final_path);
  ~AtomicFile();
  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;

  const std::string& temp_path() const { return temp_path_; }
  const std::string& final_path() const { return final_path_; }
  void commit();  // fsync + rename; throws InputError naming the path on failure

 private:
  std::string final_path_;
  std::string temp_path_;
  bool committed_ = false;
};

// Whole-file helpers.
void write_file_atomic(const std::string& path, const std::string& content);
std::string read_file(const std::string& path);  // throws InputError("cannot open") naming the path
void make_directories(const std::string& path);   // mkdir -p; throws InputError naming the path

}  // namespace lnc
