// Checks and conversions every document input shares (see input_checks.hpp).
#include "input_checks.hpp"

#include <dateline/normalize.hpp>

#include "input_reader.hpp"

namespace dateline::detail {

std::string content_hash_of(std::string_view bytes, const ManifestRow* row) {
    return input_hash(bytes, row != nullptr ? row->canonical() : std::string());
}

std::optional<std::string> classify_reason(std::string_view bytes) {
    switch (classify_bytes(bytes)) {
        case ContentClass::kBinary:
            return "binary";
        case ContentClass::kEmpty:
            return "empty";
        case ContentClass::kText:
            break;
    }
    return std::nullopt;
}

std::string decode_text(std::string_view bytes, InputReport& report) {
    Utf8Repair repaired = repair_utf8(bytes);
    if (repaired.replaced_sequences > 0) {
        report.warnings.push_back("invalid_utf8: " + std::to_string(repaired.replaced_sequences) +
                                  " sequences replaced");
    }
    return normalize_text(repaired.text);
}

std::string text_document_id(const InputRoot& root, const CorpusEntry& entry) {
    return repair_utf8(root.is_directory ? entry.relative : root.argument.filename().string()).text;
}

std::string line_id(const std::string& relative, std::size_t n) {
    return relative + "#" + std::to_string(n);
}

bool empty_document(const StoredDocument& doc) { return doc.text.empty() && !doc.title; }

}  // namespace dateline::detail
