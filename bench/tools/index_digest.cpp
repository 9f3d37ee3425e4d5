// index_digest INDEX: prints one line per part of a Xapian database (documents: terms with
// wdf and positions, values, data; spelling words and frequencies; synonyms; metadata
// other than the build time) with a 64-bit FNV-1a digest, so two builds can be compared
// for identical content. Measurement tool for the indexer optimizations (not in CMake):
//   g++ -O2 -std=c++20 bench/tools/index_digest.cpp -lxapian -o /tmp/index_digest
#include <cstdint>
#include <iostream>
#include <string>

#include <xapian.h>

namespace {
struct Digest {
    std::uint64_t h = 1469598103934665603ULL;
    std::uint64_t n = 0;
    void feed(const std::string& s) {
        for (const unsigned char c : s) h = (h ^ c) * 1099511628211ULL;
        h = (h ^ 0xFFu) * 1099511628211ULL;
        ++n;
    }
    void feed(std::uint64_t v) { feed(std::to_string(v)); }
};
}  // namespace

int main(int argc, char** argv) {
    if (argc != 2) {
        std::cerr << "usage: index_digest INDEX\n";
        return 2;
    }
    const Xapian::Database db(argv[1]);
    Digest docs, terms, positions, values, data, spelling, synonyms, metadata;
    for (auto d = db.postlist_begin(""); d != db.postlist_end(""); ++d) {
        const Xapian::Document doc = db.get_document(*d);
        docs.feed(*d);
        for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t) {
            terms.feed(*t);
            terms.feed(t.get_wdf());
            for (auto p = t.positionlist_begin(); p != t.positionlist_end(); ++p)
                positions.feed(*p);
            positions.feed("|");
        }
        for (auto v = doc.values_begin(); v != doc.values_end(); ++v) {
            values.feed(v.get_valueno());
            values.feed(*v);
        }
        data.feed(doc.get_data());
    }
    for (auto w = db.spellings_begin(); w != db.spellings_end(); ++w) {
        spelling.feed(*w);
        spelling.feed(w.get_termfreq());
    }
    for (auto k = db.synonym_keys_begin(); k != db.synonym_keys_end(); ++k) {
        synonyms.feed(*k);
        for (auto s = db.synonyms_begin(*k); s != db.synonyms_end(*k); ++s) synonyms.feed(*s);
    }
    for (auto k = db.metadata_keys_begin(); k != db.metadata_keys_end(); ++k) {
        if (*k == "dateline.built_at") continue;
        metadata.feed(*k);
        metadata.feed(db.get_metadata(*k));
    }
    const auto line = [](const char* name, const Digest& d) {
        std::cout << name << ' ' << d.n << ' ' << std::hex << d.h << std::dec << '\n';
    };
    line("documents", docs);
    line("terms", terms);
    line("positions", positions);
    line("values", values);
    line("data", data);
    line("spelling", spelling);
    line("synonyms", synonyms);
    line("metadata", metadata);
    std::cout << "doccount " << db.get_doccount() << " lastdocid " << db.get_lastdocid()
              << " total_length " << db.get_total_length() << '\n';
}
