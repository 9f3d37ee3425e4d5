// Fuzz target for the indexer's per-document path (reliability matrix FZ-2): bytes →
// binary/empty classification → UTF-8 repair and normalization → header block, metadata,
// dateline and title detection → document building → add to a *glass* database (the
// inmemory backend does not enforce Xapian's 245-byte term limit).
// Invariants: no crash and no exception (the per-file boundary must never be needed for
// these steps); every term of the built document is at most 245 bytes; the stored data
// and every string field are valid UTF-8; a text document is never left with no text
// and no title without being classed empty. The first byte picks a folder source and
// whether a manifest-less id gets a long (hashed) path, to reach those branches.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <span>
#include <string>
#include <string_view>
#include <unistd.h>

#include <xapian.h>

#include <dateline/normalize.hpp>
#include <dateline/schema.hpp>
#include <dateline/stored_document.hpp>

#include "document_builder.hpp"
#include "input_reader.hpp"
#include "metadata_extractor.hpp"

namespace {

void require(bool ok) {
    if (!ok) std::abort();
}

bool valid_utf8(std::string_view s) { return dateline::repair_utf8(s).replaced_sequences == 0; }

// Xapian's own limit (glass): a key of term + overhead must fit; 245 bytes for plain terms.
constexpr std::size_t kXapianMaxTerm = 245;

// One glass database for the whole process, in a private temp directory removed at exit.
struct Sink {
    std::filesystem::path dir;
    Xapian::WritableDatabase db;
    dateline::detail::DocumentBuilder builder;
    std::uint64_t runs = 0;

    Sink()
        : dir(make_dir()),
          db((dir / "db").string(), Xapian::DB_CREATE | Xapian::DB_BACKEND_GLASS) {}
    ~Sink() {
        try {
            db.close();
        } catch (...) {
        }
        std::error_code ec;
        std::filesystem::remove_all(dir, ec);
    }
    Sink(const Sink&) = delete;
    Sink& operator=(const Sink&) = delete;

    static std::filesystem::path make_dir() {
        std::string templ = (std::filesystem::temp_directory_path() / "fuzz_document-XXXXXX");
        require(::mkdtemp(templ.data()) != nullptr);
        return templ;
    }
};

Sink& sink() {
    static Sink s;
    return s;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace dateline;
    if (size == 0) return 0;
    const std::span<const std::uint8_t> input(data, size);
    const auto mode = input.front();
    const auto rest = input.subspan(1);
    const std::string_view bytes(reinterpret_cast<const char*>(rest.data()), rest.size());

    switch (detail::classify_bytes(bytes)) {
        case detail::ContentClass::kBinary:
            require(!bytes.empty());
            return 0;
        case detail::ContentClass::kEmpty:
            for (const char c : bytes) {
                require(c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v');
            }
            return 0;
        case detail::ContentClass::kText:
            require(bytes.find('\0') == std::string_view::npos);
            break;
    }

    const auto repaired = repair_utf8(bytes);
    const std::string text = normalize_text(repaired.text);
    require(valid_utf8(text));

    detail::ExtractOptions options;
    if ((mode & 1) != 0) options.folder_source = "Folder \xE2\x80\x94 News";
    StoredDocument doc = detail::extract_metadata(text, options);
    doc.id = (mode & 2) != 0 ? "deep/" + std::string(300, 'd') + "/doc.txt" : "doc.txt";
    doc.path = doc.id;

    require(valid_utf8(doc.text));
    for (const auto* field : {&doc.title, &doc.url, &doc.author, &doc.date}) {
        if (*field) require(valid_utf8(**field));
    }
    require(valid_utf8(doc.source) && !doc.source.empty());
    for (const auto& w : doc.warnings) require(valid_utf8(w));
    for (const auto& h : doc.cited_hosts) require(valid_utf8(h) && !h.empty());
    if (doc.date) require(doc.date->size() == 10 && doc.date_source != schema::DateSource::kNone);
    if (!doc.date) require(doc.date_source == schema::DateSource::kNone);
    if (doc.text.empty() && !doc.title) return 0;  // the build rejects it as empty

    auto& s = sink();
    const std::string hash = "0123456789abcdef";
    const auto built = s.builder.build(doc, hash, std::optional<std::string>("/corpus/" + doc.id));
    dateline::detail::add_spellings(s.db, built.spellings);
    const Xapian::Document& xdoc = built.document;
    for (auto t = xdoc.termlist_begin(); t != xdoc.termlist_end(); ++t) {
        require((*t).size() <= kXapianMaxTerm);
    }
    const std::string stored = xdoc.get_data();
    require(valid_utf8(stored));
    require(StoredDocument::decode(stored).text == doc.text);

    // Adding is where glass enforces its limits; commit now and then so that the
    // commit-time checks (terms with NUL bytes) run too, and keep the database small.
    s.db.replace_document(schema::make_term(schema::prefix::kId, doc.id), xdoc);
    if (++s.runs % 1000 == 0) s.db.commit();
    return 0;
}
