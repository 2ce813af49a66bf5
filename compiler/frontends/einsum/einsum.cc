// Einsum -> Transpose, Reshape, Slice, Reduce and BatchMatMul, for every frontend. Each
// operand first loses its repeated labels (a diagonal: the pair moved last, flattened,
// every (n+1)-th element kept) and the labels nothing else needs (summed); operands then
// contract pairwise, left to right: shared labels still needed later are batch
// dimensions, shared ones that are not are the contraction, the rest are the rows and
// columns of one BatchMatMul. A last transpose puts the labels in the output's order.
// Ellipses stand for as many anonymous labels as the operand has unnamed dimensions, and
// broadcast like numpy's.
#include "compiler/frontends/einsum/einsum.h"

#include <algorithm>
#include <map>

#include "compiler/ir/ops.h"

namespace neo::frontends {

namespace {

// Labels are chars: the equation's letters, and for ellipsis dimensions the chars from
// '0' on (which an equation cannot contain), the leading one first.
struct Term {
  ir::ValueId value;
  std::string labels;
  ir::Shape shape;
};

class Decomposition {
 public:
  explicit Decomposition(EinsumEmitter& e) : e_(e) {}

  ir::ValueId Lower(const std::string& equation, const std::vector<ir::ValueId>& values,
                    const std::vector<ir::Shape>& shapes) {
    std::string eq;
    for (char c : equation) {
      if (c != ' ') eq += c;
    }
    const size_t arrow = eq.find("->");
    const std::string lhs = eq.substr(0, arrow);
    std::vector<std::string> inputs;
    for (size_t start = 0;;) {
      const size_t comma = lhs.find(',', start);
      inputs.push_back(lhs.substr(start, comma == std::string::npos ? std::string::npos : comma - start));
      if (comma == std::string::npos) break;
      start = comma + 1;
    }
    if (inputs.size() != values.size()) {
      e_.NotValid("names " + std::to_string(inputs.size()) + " operands for " +
                  std::to_string(values.size()) + " inputs");
    }
    size_t ellipsis_rank = 0;
    std::vector<Term> terms;
    for (size_t i = 0; i < values.size(); ++i) {
      terms.push_back({values[i], ExpandEllipsis(inputs[i], shapes[i].size(), &ellipsis_rank), shapes[i]});
    }
    CheckSizes(terms);
    std::string output;
    if (arrow == std::string::npos) {
      output = ImplicitOutput(terms, ellipsis_rank);
    } else {
      output = eq.substr(arrow + 2);
      const size_t dots = output.find("...");
      if (dots != std::string::npos) output.replace(dots, 3, EllipsisLabels(ellipsis_rank, ellipsis_rank));
      CheckLabels(output, "the output");
    }
    for (char c : output) {
      if (std::count(output.begin(), output.end(), c) > 1) e_.NotValid("repeats a label in the output");
      bool found = false;
      for (const Term& t : terms) found = found || t.labels.find(c) != std::string::npos;
      if (!found) e_.NotValid(std::string("has output label ") + c + " in no operand");
    }

    for (size_t i = 0; i < terms.size(); ++i) {
      terms[i] = TakeDiagonals(terms[i]);
      terms[i] = SumUnneeded(terms[i], Needed(terms, i, output));
    }
    Term acc = terms[0];
    for (size_t i = 1; i < terms.size(); ++i) {
      std::string later = output;
      for (size_t j = i + 1; j < terms.size(); ++j) later += terms[j].labels;
      acc = Contract(acc, terms[i], later);
    }
    return Finish(acc, output);
  }

 private:
  static std::string EllipsisLabels(size_t count, size_t total) {
    std::string s;
    for (size_t k = total - count; k < total; ++k) s += static_cast<char>('0' + k);
    return s;
  }

  void CheckLabels(const std::string& term, const std::string& where) {
    for (char c : term) {
      if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))) {
        e_.NotValid(std::string("has '") + c + "' in " + where);
      }
    }
  }

  // The operand's labels with its ellipsis replaced; ellipses align at the right, as
  // numpy's broadcasting does, so an operand with fewer such dimensions takes the last.
  std::string ExpandEllipsis(std::string term, size_t rank, size_t* ellipsis_rank) {
    const size_t dots = term.find("...");
    if (dots != std::string::npos) {
      const size_t named = term.size() - 3;
      if (named > rank) e_.NotValid("names more dimensions than an input has");
      const size_t count = rank - named;
      if (count > 10) e_.NotSupported("an ellipsis of more than 10 dimensions");
      *ellipsis_rank = std::max(*ellipsis_rank, count);
      // Renumbered below once every operand's count is known.
      term.replace(dots, 3, std::string(count, '.'));
    }
    std::string named_labels = term;
    named_labels.erase(std::remove(named_labels.begin(), named_labels.end(), '.'), named_labels.end());
    CheckLabels(named_labels, "an input");
    if (term.size() != rank) e_.NotValid("does not name every dimension of an input");
    return term;
  }

  std::string ImplicitOutput(const std::vector<Term>& terms, size_t ellipsis_rank) {
    std::map<char, int> count;
    for (const Term& t : terms) {
      for (char c : t.labels) {
        if (c != '.') ++count[c];
      }
    }
    std::string out = EllipsisLabels(ellipsis_rank, ellipsis_rank);
    for (const auto& [c, k] : count) {
      if (k == 1) out += c;
    }
    return out;
  }

  // Dots become the ellipsis labels, aligned at the right; then every label must have
  // one size, or 1 where it broadcasts.
  void CheckSizes(std::vector<Term>& terms) {
    size_t ellipsis_rank = 0;
    for (const Term& t : terms) {
      ellipsis_rank = std::max<size_t>(ellipsis_rank, static_cast<size_t>(std::count(t.labels.begin(), t.labels.end(), '.')));
    }
    for (Term& t : terms) {
      const size_t count = static_cast<size_t>(std::count(t.labels.begin(), t.labels.end(), '.'));
      const size_t first = t.labels.find('.');
      if (first != std::string::npos) t.labels.replace(first, count, EllipsisLabels(count, ellipsis_rank));
      for (size_t d = 0; d < t.labels.size(); ++d) {
        int64_t& size = sizes_[t.labels[d]];
        if (size == 0 || size == 1) size = std::max(size, t.shape[d]);
        else if (t.shape[d] != size && t.shape[d] != 1) {
          e_.NotValid(std::string("gives label ") + t.labels[d] + " two sizes");
        }
      }
    }
  }

  std::string Needed(const std::vector<Term>& terms, size_t i, const std::string& output) {
    std::string needed = output;
    for (size_t j = 0; j < terms.size(); ++j) {
      if (j != i) needed += terms[j].labels;
    }
    return needed;
  }

  ir::ValueId Emit(const char* op, std::vector<ir::ValueId> inputs, const ir::Shape& shape,
                   ir::Attributes attrs = {}) {
    return e_.Emit(op, std::move(inputs), shape, std::move(attrs));
  }

  Term Transpose(const Term& t, const std::string& labels) {
    if (labels == t.labels) return t;
    std::vector<int64_t> perm;
    ir::Shape shape;
    for (char c : labels) {
      const size_t d = t.labels.find(c);
      perm.push_back(static_cast<int64_t>(d));
      shape.push_back(t.shape[d]);
    }
    ir::Attributes a;
    a.set("perm", perm);
    return {Emit(ir::op::kTranspose, {t.value}, shape, a), labels, shape};
  }

  ir::ValueId Reshape(ir::ValueId v, const ir::Shape& shape) {
    ir::Attributes a;
    a.set("shape", shape);
    return Emit(ir::op::kReshape, {v}, shape, a);
  }

  // A label twice in one operand: its diagonal.
  Term TakeDiagonals(Term t) {
    for (size_t i = 0; i < t.labels.size(); ++i) {
      const size_t j = t.labels.find(t.labels[i], i + 1);
      if (j == std::string::npos) continue;
      if (t.shape[i] != t.shape[j]) e_.NotValid("takes the diagonal of a non-square pair");
      const char c = t.labels[i];
      std::string order;
      for (size_t d = 0; d < t.labels.size(); ++d) {
        if (d != i && d != j) order += t.labels[d];
      }
      // Both occurrences last; Transpose finds the first, so build the permutation here.
      std::vector<int64_t> perm;
      ir::Shape shape;
      for (size_t d = 0; d < t.labels.size(); ++d) {
        if (d != i && d != j) {
          perm.push_back(static_cast<int64_t>(d));
          shape.push_back(t.shape[d]);
        }
      }
      const int64_t size = t.shape[i];
      perm.push_back(static_cast<int64_t>(i));
      perm.push_back(static_cast<int64_t>(j));
      ir::Attributes a;
      a.set("perm", perm);
      ir::Shape square = shape;
      square.push_back(size);
      square.push_back(size);
      ir::ValueId moved = Emit(ir::op::kTranspose, {t.value}, square, a);
      ir::Shape flat = shape;
      flat.push_back(size * size);
      ir::ValueId flattened = Reshape(moved, flat);
      std::vector<int64_t> starts(flat.size(), 0), ends(flat.begin(), flat.end()), steps(flat.size(), 1);
      steps.back() = size + 1;
      ir::Shape diagonal = shape;
      diagonal.push_back(size);
      ir::Attributes s;
      s.set("starts", starts);
      s.set("ends", ends);
      s.set("steps", steps);
      t = {Emit(ir::op::kSlice, {flattened}, diagonal, s), order + c, diagonal};
      i = static_cast<size_t>(-1);  // start over: the labels moved
    }
    return t;
  }

  Term SumUnneeded(const Term& t, const std::string& needed) {
    std::vector<int64_t> axes;
    std::string kept;
    ir::Shape shape;
    for (size_t d = 0; d < t.labels.size(); ++d) {
      if (needed.find(t.labels[d]) == std::string::npos) {
        axes.push_back(static_cast<int64_t>(d));
      } else {
        kept += t.labels[d];
        shape.push_back(t.shape[d]);
      }
    }
    if (axes.empty()) return t;
    ir::Attributes a;
    a.set("kind", std::string("sum"));
    a.set("axes", axes);
    a.set("keepdims", int64_t{0});
    return {Emit(ir::op::kReduce, {t.value}, shape, a), kept, shape};
  }

  int64_t Product(const Term& t, const std::string& labels) {
    int64_t p = 1;
    for (char c : labels) p *= t.shape[t.labels.find(c)];
    return p;
  }

  Term Contract(const Term& a, const Term& b, const std::string& later) {
    std::string batch, contracted, rows, columns;
    for (char c : a.labels) {
      const bool in_b = b.labels.find(c) != std::string::npos;
      const bool kept = later.find(c) != std::string::npos;
      if (in_b) (kept ? batch : contracted) += c;
      else rows += c;
    }
    for (char c : b.labels) {
      if (a.labels.find(c) == std::string::npos) columns += c;
    }
    // [batch..., rows, contracted] x [batch..., contracted, columns]; batch dimensions of
    // size 1 broadcast in BatchMatMul.
    Term ta = Transpose(a, batch + rows + contracted);
    Term tb = Transpose(b, batch + contracted + columns);
    ir::Shape sa, sb, out;
    for (char c : batch) {
      sa.push_back(ta.shape[ta.labels.find(c)]);
      sb.push_back(tb.shape[tb.labels.find(c)]);
      out.push_back(std::max(sa.back(), sb.back()));
    }
    const int64_t m = Product(ta, rows), k = Product(ta, contracted), nn = Product(tb, columns);
    if (k != Product(tb, contracted)) e_.NotSupported("a contracted label of size 1 against a larger one");
    sa.push_back(m);
    sa.push_back(k);
    sb.push_back(k);
    sb.push_back(nn);
    ir::ValueId va = Reshape(ta.value, sa), vb = Reshape(tb.value, sb);
    ir::Shape product = out;
    product.push_back(m);
    product.push_back(nn);
    ir::ValueId mm = Emit(ir::op::kBatchMatMul, {va, vb}, product);
    ir::Shape result = out;
    for (char c : rows) result.push_back(ta.shape[ta.labels.find(c)]);
    for (char c : columns) result.push_back(tb.shape[tb.labels.find(c)]);
    return {Reshape(mm, result), batch + rows + columns, result};
  }

  ir::ValueId Finish(const Term& t, const std::string& output) {
    if (t.labels.size() != output.size()) e_.NotValid("leaves labels unaccounted for");
    if (t.labels == output) return t.value;
    ir::Shape shape;
    std::vector<int64_t> perm;
    for (char c : output) {
      const size_t d = t.labels.find(c);
      perm.push_back(static_cast<int64_t>(d));
      shape.push_back(t.shape[d]);
    }
    ir::Attributes a;
    a.set("perm", perm);
    return Emit(ir::op::kTranspose, {t.value}, shape, a);
  }

  EinsumEmitter& e_;
  std::map<char, int64_t> sizes_;
};

}  // namespace

ir::ValueId DecomposeEinsum(const std::string& equation, const std::vector<ir::ValueId>& inputs,
                            const std::vector<ir::Shape>& shapes, EinsumEmitter& emitter) {
  return Decomposition(emitter).Lower(equation, inputs, shapes);
}

}  // namespace neo::frontends
