#include "compiler/frontends/pytorch/storage_check.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <cstring>
#include <map>
#include <memory>
#include <set>
#include <sstream>
#include <tuple>
#include <utility>
#include <vector>

#include <ATen/core/ivalue.h>
#include <caffe2/serialize/inline_container.h>
#include <torch/csrc/jit/api/compilation_unit.h>
#include <torch/csrc/jit/frontend/resolver.h>
#include <torch/csrc/jit/frontend/script_type_parser.h>
#include <torch/csrc/jit/serialization/unpickler.h>

#include "compiler/diagnostics/diagnostics.h"
#include "compiler/frontends/pytorch/lowering.h"
#include "compiler/frontends/pytorch/pth_file.h"

namespace neo::pytorch_frontend {

namespace {

struct Record {
  std::string name;  // "data/0"
  uint64_t bytes = 0;
};

// The archive's pickles as libtorch's loader unpickles them, except that every class is
// a placeholder holding its pickled state in its one slot (so nothing is compiled), and
// that a storage gets zeroed bytes of its record's size instead of the record (so no
// weight is read, and each storage leads back to its record).
class ArchiveScan {
 public:
  ArchiveScan(const std::string& bytes, const std::string& file_name)
      : file_name_(file_name),
        in_(bytes),
        reader_(&in_),
        record_sizes_(TorchRecordSizes(bytes)) {}

  // The value pickled in `archive` ("data", "constants"), None when there is none.
  c10::IValue Unpickle(const std::string& archive);

  // Where a storage's bytes come from; nullptr for an empty storage.
  const Record* RecordOf(const c10::Storage& storage) const {
    auto it = records_.find(storage.data());
    return it == records_.end() ? nullptr : &it->second;
  }

  const std::string& file_name() const { return file_name_; }
  c10::ClassTypePtr Placeholder(const std::string& name);

 private:
  at::DataPtr ReadRecord(const std::string& name);
  c10::StrongTypePtr Resolve(const c10::QualifiedName& name);
  c10::intrusive_ptr<c10::ivalue::Object> Load(const c10::StrongTypePtr& type,
                                               c10::IValue state);

  std::string file_name_;
  std::istringstream in_;
  caffe2::serialize::PyTorchStreamReader reader_;
  std::map<std::string, uint64_t> record_sizes_;
  std::shared_ptr<torch::jit::CompilationUnit> cu_ =
      std::make_shared<torch::jit::CompilationUnit>();
  std::map<std::string, c10::ClassTypePtr> classes_;
  std::vector<std::unique_ptr<void, decltype(&std::free)>> buffers_;
  std::map<const void*, Record> records_;  // by buffer
  std::set<std::string> read_;
};

// Makes every __torch__ class named in a container's type tag ("Dict[str, __torch__.M]")
// a placeholder.
class PlaceholderResolver : public torch::jit::Resolver {
 public:
  explicit PlaceholderResolver(ArchiveScan* scan) : scan_(scan) {}
  c10::TypePtr resolveType(const std::string& name, const torch::jit::SourceRange&) override {
    return name.rfind("__torch__.", 0) == 0 ? scan_->Placeholder(name) : nullptr;
  }

 private:
  ArchiveScan* scan_;
};

c10::ClassTypePtr ArchiveScan::Placeholder(const std::string& name) {
  auto [it, added] = classes_.emplace(name, nullptr);
  if (added) {
    it->second = c10::ClassType::create(c10::QualifiedName(name), cu_);
    it->second->addAttribute("state", c10::AnyType::get());
  }
  return it->second;
}

c10::StrongTypePtr ArchiveScan::Resolve(const c10::QualifiedName& name) {
  const std::string text = name.qualifiedName();
  // The unpickler resolves containers' type tags here too.
  if (text.find('[') != std::string::npos) {
    torch::jit::ScriptTypeParser parser(std::make_shared<PlaceholderResolver>(this));
    return c10::StrongTypePtr(cu_, parser.parseType(text));
  }
  return c10::StrongTypePtr(cu_, Placeholder(text));
}

c10::intrusive_ptr<c10::ivalue::Object> ArchiveScan::Load(const c10::StrongTypePtr& type,
                                                          c10::IValue state) {
  c10::ClassTypePtr cls = type.type_->cast<c10::ClassType>();
  if (cls == nullptr) {
    throw LoadError(file_name_ + " is corrupt: its pickle builds an object of type " +
                    type.type_->repr_str() + ", which is not a class.");
  }
  auto object = c10::ivalue::Object::create(type, 1);
  object->setSlot(0, std::move(state));
  return object;
}

at::DataPtr ArchiveScan::ReadRecord(const std::string& name) {
  auto size = record_sizes_.find(name);
  // libtorch fails on a missing record; it is not this check's to report.
  if (size == record_sizes_.end()) return at::DataPtr();
  // torch.jit.save memoizes storages: a second read of a record would be a second copy
  // of it in memory, any number of times over from one small pickle.
  if (!read_.insert(name).second) {
    throw LoadError(file_name_ + " is corrupt: its pickle reads record " + PythonQuote(name) +
                    " more than once.");
  }
  // Zeroed pages cost no memory until touched, and nothing touches them.
  void* buffer = std::calloc(std::max<uint64_t>(size->second, 1), 1);
  if (buffer == nullptr) throw std::bad_alloc();
  buffers_.emplace_back(buffer, &std::free);
  records_[buffer] = Record{name, size->second};
  return at::DataPtr(buffer, c10::Device(c10::kCPU));
}

c10::IValue ArchiveScan::Unpickle(const std::string& archive) {
  if (!reader_.hasRecord(archive + ".pkl")) return c10::IValue();
  at::DataPtr pickle;
  size_t size = 0;
  std::tie(pickle, size) = reader_.getRecord(archive + ".pkl");
  const char* data = static_cast<const char*>(pickle.get());
  size_t read = 0;
  torch::jit::Unpickler unpickler(
      [&](char* out, size_t n) {
        n = std::min(n, size - read);
        std::memcpy(out, data + read, n);
        read += n;
        return n;
      },
      [this](const c10::QualifiedName& name) { return Resolve(name); },
      [this](const c10::StrongTypePtr& type, c10::IValue state) {
        return Load(type, std::move(state));
      },
      [&](const std::string& key) {
        // Records lie in the folder named after the pickle, as libtorch reads them.
        std::string name = archive + "/" + key;
        std::transform(name.begin(), name.end(), name.begin(),
                       [](unsigned char c) { return std::tolower(c); });
        return ReadRecord(name);
      },
      c10::Device(c10::kCPU));
  unpickler.set_version(reader_.version());
  return unpickler.parse_ivalue();
}

void CheckTensor(const at::Tensor& t, const std::string& path, const ArchiveScan& scan) {
  if (!t.defined() || !t.has_storage()) return;
  const uint64_t claimed = t.storage().nbytes();
  const Record* record = scan.RecordOf(t.storage());
  const std::string corrupt = scan.file_name() + " is corrupt: ";
  const std::string overrun =
      StorageOverrun(t, record == nullptr ? claimed : std::min(claimed, record->bytes));
  if (!overrun.empty()) {
    throw LoadError(corrupt + "tensor " + PythonQuote(path) + " " + overrun + ".");
  }
  if (record != nullptr && claimed > record->bytes) {
    throw LoadError(corrupt + "the storage of tensor " + PythonQuote(path) + " claims " +
                    std::to_string(claimed) + " bytes but its record " +
                    PythonQuote(record->name) + " holds " + std::to_string(record->bytes) +
                    ".");
  }
}

// Checks every tensor inside `root` (objects, lists, tuples and dicts), named by its
// attribute path from `root_path`. Iterative, and each container once: a pickle can nest
// deeply and refer to itself.
void CheckTensors(const c10::IValue& root, const std::string& root_path,
                  const ArchiveScan& scan) {
  std::vector<std::pair<c10::IValue, std::string>> todo = {{root, root_path}};
  std::set<const void*> seen;
  while (!todo.empty()) {
    const c10::IValue v = std::move(todo.back().first);
    const std::string path = std::move(todo.back().second);
    todo.pop_back();
    if (v.isTensor()) {
      CheckTensor(v.toTensor(), path, scan);
      continue;
    }
    if (!v.isPtrType() || !seen.insert(v.internalToPointer()).second) continue;
    const auto item = [&path](const std::string& index) { return path + "[" + index + "]"; };
    if (v.isObject()) {
      // A placeholder: a module's state is its attribute dictionary.
      const c10::IValue& state = v.toObjectRef().getSlot(0);
      if (!state.isGenericDict()) {
        todo.emplace_back(state, path);
        continue;
      }
      for (const auto& entry : state.toGenericDict()) {
        const std::string name =
            entry.key().isString() ? entry.key().toStringRef() : item("?");
        todo.emplace_back(entry.value(), path.empty() ? name : path + "." + name);
      }
    } else if (v.isList()) {
      const auto list = v.toListRef();
      for (size_t i = 0; i < list.size(); ++i) {
        todo.emplace_back(list[i], item(std::to_string(i)));
      }
    } else if (v.isTuple()) {
      const auto& elements = v.toTupleRef().elements();
      for (size_t i = 0; i < elements.size(); ++i) {
        todo.emplace_back(elements[i], item(std::to_string(i)));
      }
    } else if (v.isGenericDict()) {
      for (const auto& entry : v.toGenericDict()) {
        const c10::IValue& key = entry.key();
        const std::string index = key.isString() ? PythonQuote(key.toStringRef())
                                  : key.isInt()  ? std::to_string(key.toInt())
                                                 : "?";
        todo.emplace_back(key, item(index));
        todo.emplace_back(entry.value(), item(index));
      }
    }
  }
}

}  // namespace

void CheckTensorStorage(const std::string& bytes, const std::string& file_name) {
  ArchiveScan scan(bytes, file_name);
  // The code reads constants.pkl's tuple as CONSTANTS.c0, CONSTANTS.c1, ...
  const c10::IValue constants = scan.Unpickle("constants");
  if (constants.isTuple()) {
    const auto& elements = constants.toTupleRef().elements();
    for (size_t i = 0; i < elements.size(); ++i) {
      CheckTensors(elements[i], "CONSTANTS.c" + std::to_string(i), scan);
    }
  }
  CheckTensors(scan.Unpickle("data"), "", scan);
}

}  // namespace neo::pytorch_frontend
