// Baseline: the bare Xapian indexing loop, with no Dateline layer. What anyone would write
// from Xapian's documentation: TermGenerator with the English stemmer and positions, the
// title weighted by wdf_inc, a YYYYMMDD date value, a boolean source term, the text as
// document data, and a commit every 10,000 documents (Xapian's own default flush limit).
//
//   bench_xapian_index INDEX_DIR CORPUS      (CORPUS: gen_corpus's text/ folder or .jsonl)
//
// Prints figures and a RESULT line; never asserts on time.
//
// Deliberately bare: it configures its TermGenerator by hand rather than through
// schema/internal/dateline/term_rules.hpp, because it is the peer baseline Dateline's
// indexer is measured against, not a second implementation of Dateline's term rules.
#include <chrono>
#include <cstdio>
#include <exception>
#include <span>
#include <string>

#include <xapian.h>

#include "bench_support.hpp"

namespace {

constexpr unsigned kTitleWeight = 3;  // as schema::kTitleWeight, so rankings are comparable
constexpr unsigned kCommitEvery = 10'000;
constexpr Xapian::valueno kDateSlot = 0;

std::string slug(const std::string& name) {
    std::string out;
    for (const char c : name) {
        const bool alnum = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
        if (alnum) {
            out.push_back(c);
        } else if (c >= 'A' && c <= 'Z') {
            out.push_back(static_cast<char>(c - 'A' + 'a'));
        } else if (!out.empty() && out.back() != '-') {
            out.push_back('-');
        }
    }
    while (!out.empty() && out.back() == '-') out.pop_back();
    return out;
}

std::string yyyymmdd(const std::string& iso) {
    std::string out;
    for (const char c : iso) {
        if (c != '-') out.push_back(c);
    }
    return out;
}

}  // namespace

int main(int argc, char* argv[]) {
    const std::span<char*> args(argv, static_cast<std::size_t>(argc));
    if (args.size() != 3) {
        std::fprintf(stderr, "usage: bench_xapian_index INDEX_DIR CORPUS\n");
        return 2;
    }
    try {
        const auto start = std::chrono::steady_clock::now();
        Xapian::WritableDatabase db(args[1],
                                    Xapian::DB_CREATE_OR_OVERWRITE | Xapian::DB_BACKEND_GLASS);
        Xapian::TermGenerator generator;
        generator.set_stemmer(Xapian::Stem("english"));
        generator.set_stemming_strategy(Xapian::TermGenerator::STEM_SOME);
        unsigned documents = 0;
        const std::size_t bytes =
            dateline::bench::read_corpus(args[2], [&](const dateline::bench::Article& article) {
                Xapian::Document doc;
                generator.set_document(doc);
                generator.index_text(article.title, kTitleWeight);
                generator.increase_termpos(100);  // no phrase across title and body
                generator.index_text(article.body);
                doc.add_boolean_term("Q" + article.id);
                if (!article.source.empty()) doc.add_boolean_term("XSRC" + slug(article.source));
                if (!article.date.empty()) doc.add_value(kDateSlot, yyyymmdd(article.date));
                doc.set_data(article.title + "\n" + article.body);
                db.add_document(doc);
                if (++documents % kCommitEvery == 0) db.commit();
            });
        db.commit();
        db.close();
        const double seconds =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        const std::size_t index_bytes = dateline::bench::disk_bytes(args[1]);
        std::printf(
            "bare xapian: %u documents, %.1f MB in %.2f s: %.0f docs/s, %.2f MB/s; "
            "index %.1f MB; peak RSS %.1f MiB\n",
            documents, static_cast<double>(bytes) / 1e6, seconds, documents / seconds,
            static_cast<double>(bytes) / 1e6 / seconds, static_cast<double>(index_bytes) / 1e6,
            static_cast<double>(dateline::bench::peak_rss_kib()) / 1024.0);
        std::printf(
            "RESULT engine=xapian docs=%u input_bytes=%zu seconds=%.3f index_bytes=%zu "
            "max_rss_kib=%ld\n",
            documents, bytes, seconds, index_bytes, dateline::bench::peak_rss_kib());
    } catch (const Xapian::Error& e) {
        std::fprintf(stderr, "bench_xapian_index: %s\n", e.get_description().c_str());
        return 1;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "bench_xapian_index: %s\n", e.what());
        return 1;
    }
    return 0;
}
