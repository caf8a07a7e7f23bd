#include "trainer/checkpoint/pickle_reader.h"

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <limits>
#include <unordered_map>

#include "base/input_error.h"

namespace lnc::trainer::pickle {
namespace {

using Kind = Value::Kind;
constexpr int kMaxDepth = 32;
constexpr std::size_t kMaxDims = 64;

ValuePtr make(Kind kind) {
  auto v = std::make_shared<Value>();
  v->kind = kind;
  return v;
}

bool allowed_global(const std::string& module, const std::string& name) {
  if (module == "collections") return name == "OrderedDict";
  if (module == "torch._utils")
    return name == "_rebuild_tensor_v2" || name == "_rebuild_parameter" || name == "_rebuild_parameter_with_state";
  if (module == "torch") return storage_element_size(name) > 0;
  return false;
}

class Machine {
 public:
  Machine(const char* data, std::size_t size, std::size_t begin, const std::string& file, const std::string& record,
          int storage_id_fields)
      : p_(data), size_(size), pos_(begin), file_(file), record_(record), storage_id_fields_(storage_id_fields) {}

  Result run() {
    while (true) {
      if (pos_ >= size_) fail("pickle", "ends without STOP");
      op_at_ = pos_;
      const auto op = static_cast<unsigned char>(p_[pos_++]);
      switch (op) {
        case 0x80: {  // PROTO
          const auto version = u(1);
          if (version > 2) fail("PROTO", "protocol " + std::to_string(version) + " (torch.save writes 2)");
          break;
        }
        case '.': {  // STOP
          if (stack_.size() != 1 || !marks_.empty()) fail("STOP", "the pickle does not end with exactly one value");
          return {stack_.back(), pos_};
        }
        case '(': marks_.push_back(stack_.size()); break;  // MARK
        case ')': push(make(Kind::Tuple)); break;
        case ']': push(make(Kind::List)); break;
        case '}': push(make(Kind::Dict)); break;
        case 'N': push(make(Kind::None)); break;
        case 0x88: case 0x89: {  // NEWTRUE, NEWFALSE
          auto v = make(Kind::Bool);
          v->integer = op == 0x88;
          push(v);
          break;
        }
        case 't': push(tuple(pop_mark())); break;
        case 0x85: case 0x86: case 0x87: push(tuple(pop_n(op - 0x84))); break;  // TUPLE1..3
        case 'l': {  // LIST
          auto list = make(Kind::List);
          for (auto& item : pop_mark()) add_item(list, item);
          push(list);
          break;
        }
        case 'd': {  // DICT
          auto dict = make(Kind::Dict);
          set_items(dict, pop_mark());
          push(dict);
          break;
        }
        case 'a': {  // APPEND
          auto item = pop();
          add_item(top(Kind::List, "APPEND"), item);
          break;
        }
        case 'e': {  // APPENDS
          auto items = pop_mark();
          auto list = top(Kind::List, "APPENDS");
          for (auto& item : items) add_item(list, item);
          break;
        }
        case 's': {  // SETITEM
          auto value = pop();
          auto key = pop();
          set_items(top(Kind::Dict, "SETITEM"), {key, value});
          break;
        }
        case 'u': {  // SETITEMS
          auto items = pop_mark();
          set_items(top(Kind::Dict, "SETITEMS"), items);
          break;
        }
        case '0':  // POP: a value, or the mark on top
          if (stack_.size() > (marks_.empty() ? 0 : marks_.back())) stack_.pop_back();
          else if (!marks_.empty()) marks_.pop_back();
          else fail("POP", "nothing to pop");
          break;
        case '1': pop_mark(); break;  // POP_MARK
        case '2': push(peek("DUP")); break;
        case 'K': push(integer(static_cast<std::int64_t>(u(1)))); break;  // BININT1
        case 'M': push(integer(static_cast<std::int64_t>(u(2)))); break;  // BININT2
        case 'J': push(integer(static_cast<std::int32_t>(static_cast<std::uint32_t>(u(4))))); break;  // BININT
        case 0x8a: push(long1()); break;
        case 'G': {  // BINFLOAT: big-endian IEEE double
          need(8);
          std::uint64_t bits = 0;
          for (std::size_t i = 0; i < 8; ++i) bits = (bits << 8) | static_cast<unsigned char>(p_[pos_ + i]);
          pos_ += 8;
          auto v = make(Kind::Float);
          std::memcpy(&v->real, &bits, sizeof bits);
          push(v);
          break;
        }
        case 'X': {  // BINUNICODE
          auto v = make(Kind::String);
          v->text = bytes(u(4));
          push(v);
          break;
        }
        case 'h': case 'j': {  // BINGET, LONG_BINGET
          const auto id = u(op == 'h' ? 1 : 4);
          const auto it = memo_.find(id);
          if (it == memo_.end()) fail("memo id " + std::to_string(id), "read before it was stored");
          push(it->second);
          break;
        }
        case 'q': case 'r':  // BINPUT, LONG_BINPUT
          memo_[u(op == 'q' ? 1 : 4)] = peek("BINPUT");
          break;
        case 'c': {  // GLOBAL module\nname\n
          const std::string module = line(), name = line();
          if (!allowed_global(module, name))
            fail("GLOBAL " + module + "." + name, "not a global of a tensor state dict");
          auto v = make(Kind::Global);
          v->text = module + "." + name;
          push(v);
          break;
        }
        case 'Q': push(storage(pop())); break;  // BINPERSID
        case 'R': {                            // REDUCE
          auto args = pop();
          auto callable = pop();
          push(reduce(*callable, args));
          break;
        }
        case 'b': {  // BUILD: only the OrderedDict's attributes (state_dict's `_metadata`), which are dropped
          pop();
          if (peek("BUILD")->kind != Kind::Dict) fail("BUILD", "sets the state of something that is not a dict");
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
    throw InputError(file_, 0, record_ + " " + what + " at byte " + std::to_string(op_at_), why);
  }

  void need(std::uint64_t n) const {
    if (n > size_ - pos_) fail("pickle", "a length runs past the end of the data");
  }
  std::uint64_t u(int count) {  // little-endian unsigned
    need(static_cast<std::uint64_t>(count));
    std::uint64_t v = 0;
    for (int i = count - 1; i >= 0; --i) v = (v << 8) | static_cast<unsigned char>(p_[pos_ + static_cast<std::size_t>(i)]);
    pos_ += static_cast<std::size_t>(count);
    return v;
  }
  std::string bytes(std::uint64_t n) {
    need(n);
    std::string out(p_ + pos_, static_cast<std::size_t>(n));
    pos_ += static_cast<std::size_t>(n);
    return out;
  }
  std::string line() {
    const void* nl = std::memchr(p_ + pos_, '\n', size_ - pos_);
    if (!nl || static_cast<const char*>(nl) - (p_ + pos_) > 256) fail("GLOBAL", "unterminated name");
    std::string out(p_ + pos_, static_cast<const char*>(nl));
    pos_ += out.size() + 1;
    return out;
  }

  static ValuePtr integer(std::int64_t v) {
    auto out = make(Kind::Int);
    out->integer = v;
    return out;
  }
  ValuePtr long1() {  // little-endian two's complement of u(1) bytes
    const auto n = u(1);
    const std::string b = bytes(n);
    if (n > 8) {
      auto big = make(Kind::BigInt);
      big->text = b;
      return big;
    }
    std::uint64_t v = 0;
    for (std::size_t i = b.size(); i-- > 0;) v = (v << 8) | static_cast<unsigned char>(b[i]);
    if (n > 0 && n < 8 && (static_cast<unsigned char>(b.back()) & 0x80)) v |= ~std::uint64_t{0} << (8 * n);
    return integer(static_cast<std::int64_t>(v));
  }

  void push(ValuePtr v) { stack_.push_back(std::move(v)); }
  std::size_t floor() const { return marks_.empty() ? 0 : marks_.back(); }
  ValuePtr pop() {
    if (stack_.size() <= floor()) fail("stack", "an opcode needs a value the stack does not hold");
    auto v = std::move(stack_.back());
    stack_.pop_back();
    return v;
  }
  const ValuePtr& peek(const char* op) const {
    if (stack_.size() <= floor()) fail(op, "needs a value the stack does not hold");
    return stack_.back();
  }
  ValuePtr top(Kind kind, const char* op) const {
    const auto& v = peek(op);
    if (v->kind != kind) fail(op, "applied to the wrong kind of value");
    return v;
  }
  std::vector<ValuePtr> pop_n(std::size_t n) {
    if (stack_.size() < floor() + n) fail("stack", "an opcode needs more values than the stack holds");
    std::vector<ValuePtr> out(stack_.end() - static_cast<std::ptrdiff_t>(n), stack_.end());
    stack_.resize(stack_.size() - n);
    return out;
  }
  std::vector<ValuePtr> pop_mark() {
    if (marks_.empty()) fail("MARK", "an opcode needs a MARK the stack does not hold");
    const auto mark = marks_.back();
    marks_.pop_back();
    std::vector<ValuePtr> out(stack_.begin() + static_cast<std::ptrdiff_t>(mark), stack_.end());
    stack_.resize(mark);
    return out;
  }

  // Containers change only while nothing contains them: no value can reach itself, and depth stays exact.
  void contain(Value& parent, Value& child) {
    if (&parent == &child || parent.contained) fail("container", "changed after it was placed in another value");
    child.contained = true;
    parent.depth = std::max(parent.depth, child.depth + 1);
    if (parent.depth > kMaxDepth) fail("container", "nested deeper than " + std::to_string(kMaxDepth));
  }
  void add_item(const ValuePtr& list, const ValuePtr& item) {
    contain(*list, *item);
    list->items.push_back(item);
  }
  void set_items(const ValuePtr& dict, const std::vector<ValuePtr>& flat) {
    if (flat.size() % 2 != 0) fail("dict", "an odd number of keys and values");
    for (std::size_t i = 0; i < flat.size(); i += 2) {
      contain(*dict, *flat[i]);
      contain(*dict, *flat[i + 1]);
      dict->entries.emplace_back(flat[i], flat[i + 1]);
    }
  }
  ValuePtr tuple(const std::vector<ValuePtr>& items) {
    auto t = make(Kind::Tuple);
    for (const auto& item : items) add_item(t, item);
    return t;
  }

  // ('storage', torch.<Type>Storage, key, location, numel[, None])
  ValuePtr storage(const ValuePtr& id) {
    const auto& f = id->items;
    const bool shape = id->kind == Kind::Tuple && f.size() == static_cast<std::size_t>(storage_id_fields_);
    const auto is = [&](std::size_t i, Kind kind) { return f[i]->kind == kind; };
    if (!shape || !is(0, Kind::String) || f[0]->text != "storage" || !is(1, Kind::Global) ||
        f[1]->text.rfind("torch.", 0) != 0 || storage_element_size(f[1]->text.substr(6)) == 0 ||
        !is(2, Kind::String) || !is(3, Kind::String) || !is(4, Kind::Int) || f[4]->integer < 0 ||
        (f.size() == 6 && !is(5, Kind::None)))
      fail("BINPERSID", "not a storage id ('storage', torch.<Type>Storage, key, location, numel" +
                            std::string(storage_id_fields_ == 6 ? ", None)" : ")"));
    auto v = make(Kind::Storage);
    v->storage.type = f[1]->text.substr(6);
    v->storage.key = f[2]->text;
    v->storage.numel = f[4]->integer;
    if (v->storage.numel > std::numeric_limits<std::int64_t>::max() / 16)
      fail("BINPERSID", "storage of " + std::to_string(v->storage.numel) + " elements");
    return v;
  }

  std::vector<std::int64_t> int_tuple(const ValuePtr& v, const char* what) const {
    if (v->kind != Kind::Tuple || v->items.size() > kMaxDims) fail(what, "not a tuple of at most 64 integers");
    std::vector<std::int64_t> out;
    for (const auto& item : v->items) {
      if (item->kind != Kind::Int || item->integer < 0) fail(what, "not a tuple of non-negative integers");
      out.push_back(item->integer);
    }
    return out;
  }

  ValuePtr reduce(const Value& callable, const ValuePtr& args) {
    if (callable.kind != Kind::Global || args->kind != Kind::Tuple) fail("REDUCE", "not a global applied to a tuple");
    const auto& a = args->items;
    const auto& name = callable.text;
    if (name == "collections.OrderedDict") {
      if (!a.empty()) fail("REDUCE collections.OrderedDict", "expects no arguments (items follow with SETITEMS)");
      return make(Kind::Dict);
    }
    if (name == "torch._utils._rebuild_parameter" || name == "torch._utils._rebuild_parameter_with_state") {
      if (a.size() < 3 || a[0]->kind != Kind::Tensor) fail("REDUCE " + name, "expects (tensor, requires_grad, hooks)");
      return a[0];
    }
    if (name == "torch._utils._rebuild_tensor_v2") return rebuild_tensor(a);
    fail("REDUCE " + name, "not a callable of a tensor state dict");
  }

  // _rebuild_tensor_v2(storage, offset, size, stride, requires_grad, backward_hooks[, metadata])
  ValuePtr rebuild_tensor(const std::vector<ValuePtr>& a) {
    const char* what = "REDUCE torch._utils._rebuild_tensor_v2";
    if ((a.size() != 6 && a.size() != 7) || a[0]->kind != Kind::Storage || a[1]->kind != Kind::Int ||
        a[1]->integer < 0 || a[4]->kind != Kind::Bool || a[5]->kind != Kind::Dict)
      fail(what, "expects (storage, offset, size, stride, requires_grad, hooks[, metadata])");
    if (a.size() == 7 && (a[6]->kind != Kind::Dict || !a[6]->entries.empty()))
      fail(what, "tensor metadata (a tensor subclass or special layout) is not read");
    auto v = make(Kind::Tensor);
    auto& t = v->tensor;
    t.storage = a[0]->storage;
    t.offset = a[1]->integer;
    t.sizes = int_tuple(a[2], what);
    t.strides = int_tuple(a[3], what);
    if (t.sizes.size() != t.strides.size()) fail(what, "size and stride differ in length");
    // The last element the view reaches must lie in its storage (overflow-checked).
    std::int64_t last = t.offset;
    bool empty = false;
    for (std::size_t d = 0; d < t.sizes.size(); ++d) {
      if (t.sizes[d] == 0) empty = true;
      std::int64_t step = 0;
      if (t.sizes[d] > 0 &&
          (__builtin_mul_overflow(t.sizes[d] - 1, t.strides[d], &step) || __builtin_add_overflow(last, step, &last)))
        fail(what, "size and stride overflow");
    }
    if (!empty && last >= t.storage.numel)
      fail(what, "the tensor reaches element " + std::to_string(last) + " of a storage of " +
                     std::to_string(t.storage.numel));
    return v;
  }

  const char* p_;
  std::size_t size_, pos_, op_at_ = 0;
  const std::string& file_;
  const std::string& record_;
  int storage_id_fields_;
  std::vector<ValuePtr> stack_;
  std::vector<std::size_t> marks_;
  std::unordered_map<std::uint64_t, ValuePtr> memo_;
};

}  // namespace

Result read(const char* data, std::size_t size, std::size_t begin, const std::string& file, const std::string& record,
            int storage_id_fields) {
  return Machine(data, size, begin, file, record, storage_id_fields).run();
}

}  // namespace lnc::trainer::pickle
