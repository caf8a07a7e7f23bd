#include "trainer/checkpoint/state_dict_pickle.h"

#include <cstdint>
#include <cstdio>
#include <cstring>
#include <set>

#include "data/io/input_error.h"

namespace lnc::trainer {
namespace {

bool allowed_global(const std::string& module, const std::string& name) {
  static const std::set<std::string> rebuild = {"_rebuild_tensor_v2", "_rebuild_parameter"};
  if (module == "collections") return name == "OrderedDict";
  if (module == "torch._utils") return rebuild.count(name) > 0;
  if (module == "torch") return name.size() > 7 && name.compare(name.size() - 7, 7, "Storage") == 0;
  return false;
}

class Scanner {
 public:
  Scanner(const char* data, std::size_t size, const std::string& file) : p_(data), size_(size), file_(file) {}

  void run() {
    while (true) {
      if (pos_ >= size_) fail("pickle", "ends without STOP");
      op_at_ = pos_;
      const auto op = static_cast<unsigned char>(p_[pos_++]);
      switch (op) {
        case 0x80: {  // PROTO
          const unsigned version = u(1);
          if (version > 2) fail("PROTO", "protocol " + std::to_string(version) + " (torch.save writes 2)");
          break;
        }
        case '.': return;  // STOP
        case '(': case ')': case ']': case '}': case 'N': case 0x88: case 0x89: case 't': case 0x85: case 0x86:
        case 0x87: case 'l': case 'd': case 'a': case 'e': case 's': case 'u': case 'R': case 'b': case '0':
        case '1': case '2': case 'Q':
          break;
        case 'K': skip(1); break;          // BININT1
        case 'M': skip(2); break;          // BININT2
        case 'J': skip(4); break;          // BININT
        case 'G': skip(8); break;          // BINFLOAT
        case 0x8a: skip(u(1)); break;      // LONG1
        case 'X': skip(u(4)); break;       // BINUNICODE
        case 'h': case 'q': memo(u(1)); break;  // BINGET, BINPUT
        case 'j': case 'r': memo(u(4)); break;  // LONG_BINGET, LONG_BINPUT
        case 'c': {                        // GLOBAL module\nname\n
          const std::string module = line(), name = line();
          if (!allowed_global(module, name))
            fail("GLOBAL " + module + "." + name, "not a global of a tensor state dict");
          break;
        }
        default: {
          char hex[8];
          std::snprintf(hex, sizeof hex, "0x%02x", op);
          fail(std::string("opcode ") + hex, "not an opcode of a tensor state dict pickle");
        }
      }
    }
  }

 private:
  [[noreturn]] void fail(const std::string& what, const std::string& why) const {
    throw InputError(file_, 0, "data.pkl " + what + " at byte " + std::to_string(op_at_), why);
  }
  void need(std::uint64_t n) const {
    if (n > size_ - pos_) fail("pickle", "a length runs past the end of the pickle");
  }
  void skip(std::uint64_t n) {
    need(n);
    pos_ += static_cast<std::size_t>(n);
  }
  std::uint64_t u(int bytes) {  // little-endian unsigned
    need(static_cast<std::uint64_t>(bytes));
    std::uint64_t v = 0;
    for (int i = bytes - 1; i >= 0; --i) v = (v << 8) | static_cast<unsigned char>(p_[pos_ + static_cast<std::size_t>(i)]);
    pos_ += static_cast<std::size_t>(bytes);
    return v;
  }
  void memo(std::uint64_t id) const {  // the unpickler sizes its memo table by the largest id
    if (id > size_) fail("memo id " + std::to_string(id), "larger than the pickle");
  }
  std::string line() {
    const void* nl = std::memchr(p_ + pos_, '\n', size_ - pos_);
    if (!nl || static_cast<const char*>(nl) - (p_ + pos_) > 256) fail("GLOBAL", "unterminated name");
    std::string out(p_ + pos_, static_cast<const char*>(nl));
    pos_ += out.size() + 1;
    return out;
  }

  const char* p_;
  std::size_t size_, pos_ = 0, op_at_ = 0;
  const std::string& file_;
};

}  // namespace

void check_state_dict_pickle(const char* data, std::size_t size, const std::string& file) {
  Scanner(data, size, file).run();
}

}  // namespace lnc::trainer
