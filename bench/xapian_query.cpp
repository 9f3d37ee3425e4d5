// Baseline: queries on the bare Xapian index of bench_xapian_index, with no Dateline layer:
// QueryParser (English stemmer, STEM_SOME, AND by default, boolean operators and phrases,
// source:SLUG as a boolean filter, date:YYYYMMDD..YYYYMMDD as a value range), Enquire, the
// top 10, and each hit's document data and date value read, as a results page would.
//
//   bench_xapian_query INDEX_DIR QUERIES_TSV [ITERATIONS]   (default 20)
//
// One warm-up pass over all queries, then ITERATIONS passes; each sample is one query
// (parse + match + fetch). Prints p50/p95/p99 per query kind; never asserts on time.
//
// Deliberately bare, like bench_xapian_index: its QueryParser is configured by hand, not
// through the schema's term rules, because it is the peer baseline, not Dateline.
#include <cstdio>
#include <exception>
#include <span>
#include <string>
#include <vector>

#include <xapian.h>

#include "bench_support.hpp"

namespace {

constexpr Xapian::doccount kPageSize = 10;
constexpr Xapian::valueno kDateSlot = 0;

struct Engine {
    explicit Engine(const std::string& path) : db(path), ranges(kDateSlot, "date:") {
        parser.set_database(db);
        parser.set_stemmer(Xapian::Stem("english"));
        parser.set_stemming_strategy(Xapian::QueryParser::STEM_SOME);
        parser.set_default_op(Xapian::Query::OP_AND);
        parser.add_boolean_prefix("source", "XSRC");
        parser.add_rangeprocessor(&ranges);
    }

    // Returns the number of hits on the page.
    std::size_t run(const std::string& text) {
        const unsigned flags =
            Xapian::QueryParser::FLAG_DEFAULT | Xapian::QueryParser::FLAG_PURE_NOT;
        Xapian::Enquire enquire(db);
        enquire.set_query(parser.parse_query(text, flags));
        const Xapian::MSet mset = enquire.get_mset(0, kPageSize);
        std::size_t bytes = 0;
        for (auto it = mset.begin(); it != mset.end(); ++it) {
            const Xapian::Document doc = it.get_document();
            bytes += doc.get_data().size() + doc.get_value(kDateSlot).size();
        }
        sink += bytes;  // keep the fetches observable
        return mset.size();
    }

    Xapian::Database db;
    Xapian::RangeProcessor ranges;
    Xapian::QueryParser parser;
    std::size_t sink = 0;
};

}  // namespace

int main(int argc, char* argv[]) {
    const std::span<char*> args(argv, static_cast<std::size_t>(argc));
    if (argc < 3 || argc > 4) {
        std::fprintf(stderr, "usage: bench_xapian_query INDEX_DIR QUERIES_TSV [ITERATIONS]\n");
        return 2;
    }
    try {
        const int iterations = dateline::bench::parse_count(argc == 4 ? args[3] : nullptr, 20);
        const auto queries = dateline::bench::read_queries(args[2]);
        std::vector<std::size_t> kind_of;
        const auto kinds = dateline::bench::group_kinds(queries, kind_of);
        std::vector<dateline::bench::Samples> samples(kinds.size());

        Engine engine(args[1]);
        std::vector<std::size_t> hits(queries.size());
        for (std::size_t q = 0; q < queries.size(); ++q) hits[q] = engine.run(queries[q].xapian);
        dateline::bench::time_queries(queries.size(), iterations, kind_of, samples,
                                      [&](std::size_t q) { engine.run(queries[q].xapian); });
        for (std::size_t q = 0; q < queries.size(); ++q) {
            samples[kind_of[q]].hits += hits[q];
            if (hits[q] > 0) ++samples[kind_of[q]].queries_with_hits;
        }
        std::printf("bare xapian: %u documents, %zu queries x %d iterations\n",
                    engine.db.get_doccount(), queries.size(), iterations);
        dateline::bench::print_latency("engine=xapian mode=plain", kinds, samples);
    } catch (const Xapian::Error& e) {
        std::fprintf(stderr, "bench_xapian_query: %s\n", e.get_description().c_str());
        return 1;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "bench_xapian_query: %s\n", e.what());
        return 1;
    }
    return 0;
}
