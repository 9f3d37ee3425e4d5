// The public Searcher: serializes calls, retries whole searches when the index
// changes underneath, and translates engine errors into dateline errors.
#include <algorithm>
#include <chrono>
#include <mutex>

#include <xapian.h>

#include <dateline/schema.hpp>
#include <dateline/searcher.hpp>

#include "facets.hpp"
#include "index_handle.hpp"
#include "query_builder.hpp"
#include "recency.hpp"
#include "results.hpp"
#include "sort_key.hpp"

namespace dateline {

struct Searcher::Impl {
    Impl(const std::filesystem::path& dir, SearcherOptions opts) : options(opts), handle(dir) {}

    SearcherOptions options;
    detail::IndexHandle handle;
    std::mutex mutex;

    [[nodiscard]] detail::QueryBuildOptions build_options() const {
        return {{options.max_query_bytes, options.max_query_terms, options.max_nesting_depth},
                options.max_wildcard_expansion,
                options.max_wildcards};
    }

    static detail::QueryInput input_of(const SearchRequest& request) {
        return {request.query, request.default_operator == DefaultOperator::kOr, request.source,
                request.from, request.to};
    }

    // Olly Betts' advice for DatabaseModifiedError is to restart the whole operation
    // (match, document fetches, snippets), which is why `run` covers all of them.
    template <typename Run>
    auto with_retries(Run&& run) -> decltype(run()) {
        bool corrupt_retried = false;
        for (unsigned attempt = 0;; ++attempt) {
            try {
                handle.refresh();
                return run();
            } catch (const Xapian::DatabaseModifiedError& e) {
                if (attempt >= options.max_retries) {
                    throw IoError("the index kept changing during the search (" + e.get_msg() +
                                  "); try again");
                }
                handle.reopen_fresh();
            } catch (const Xapian::DatabaseCorruptError& e) {
                // Seen transiently under concurrent publishing on databases that
                // xapian-check finds clean; a second failure is real damage.
                if (corrupt_retried) {
                    throw IndexCorruptError("index at " + handle.path().string() + " is damaged (" +
                                            e.get_msg() +
                                            "); rebuild it with index-build --rebuild");
                }
                corrupt_retried = true;
                handle.reopen_fresh();
            } catch (const Xapian::WildcardError& e) {
                throw QueryLimitError(e.get_msg(), 0);
            } catch (const Xapian::DatabaseOpeningError& e) {
                throw IndexOpenError("cannot open index " + handle.path().string() + ": " +
                                     e.get_msg());
            } catch (const Xapian::Error& e) {
                throw IoError(std::string("search failed: ") + e.get_type() + ": " + e.get_msg());
            }
        }
    }

    SearchResults run(const SearchRequest& request) {
        const auto& db = handle.database();
        const auto built = detail::build_query(db, input_of(request), build_options());

        Xapian::Enquire enquire(db);
        enquire.set_weighting_scheme(Xapian::BM25Weight());
        Xapian::Query query = built.query;
        if (request.sort == SortOrder::kRelevance && request.recency_half_life_days) {
            Xapian::Enquire probe(db);
            probe.set_query(query);
            const auto top = probe.get_mset(0, 1);
            query = detail::blend_recency(db, query, *request.recency_half_life_days,
                                          top.get_max_attained());
        }
        enquire.set_query(query);
        if (request.sort != SortOrder::kRelevance) {
            detail::set_date_sort(enquire, request.sort == SortOrder::kDateDesc);
        }

        detail::FacetCollector facets;
        if (request.facets) facets.register_with(enquire);
        const auto doccount = db.get_doccount();
        // Facets must see every match to be exact; otherwise check at least the page.
        const auto wanted = request.offset + request.limit;
        const Xapian::doccount check_at_least =
            request.facets ? doccount
                           : static_cast<Xapian::doccount>(std::min<std::size_t>(wanted, doccount));
        const auto mset =
            enquire.get_mset(static_cast<Xapian::doccount>(request.offset),
                             static_cast<Xapian::doccount>(request.limit), check_at_least);

        SearchResults results;
        results.query = request.query;
        results.parsed_query = built.description;
        results.corrected_query = built.corrected;
        results.synonyms_applied = built.synonyms_applied;
        results.wildcard_expansions = built.wildcard_expansions;
        results.total_estimated = mset.get_matches_estimated();
        results.total_exact = mset.get_matches_lower_bound() == mset.get_matches_upper_bound();
        results.offset = request.offset;
        results.limit = request.limit;
        results.generation = handle.generation();

        const auto stem = detail::make_stemmer();
        std::size_t position = 0;
        for (auto it = mset.begin(); it != mset.end(); ++it, ++position) {
            results.hits.push_back(detail::make_hit(mset, it, request.offset + position + 1,
                                                    request.snippet_bytes, stem));
        }
        if (request.facets) {
            results.date_facets = facets.dates(request.date_facet);
            results.source_facets = facets.sources(request.max_source_facets);
            results.facets_exact =
                results.total_exact && facets.examined() == results.total_estimated;
        }
        return results;
    }

    std::uint64_t run_count(const SearchRequest& request) {
        const auto& db = handle.database();
        const auto built = detail::build_query(db, input_of(request), build_options());
        Xapian::Enquire enquire(db);
        enquire.set_query(built.query);
        enquire.set_weighting_scheme(Xapian::BoolWeight());
        const auto doccount = db.get_doccount();
        const auto mset = enquire.get_mset(0, 0, doccount);
        return mset.get_matches_estimated();
    }

    void check_request(const SearchRequest& request) const {
        if (request.limit > options.max_page_size) {
            throw QueryLimitError("page size " + std::to_string(request.limit) +
                                      " exceeds the maximum of " +
                                      std::to_string(options.max_page_size),
                                  0);
        }
        if (request.recency_half_life_days && !(*request.recency_half_life_days > 0)) {
            throw QueryError("the recency half-life must be a positive number of days", 0);
        }
    }
};

Searcher::Searcher(const std::filesystem::path& index_dir, SearcherOptions options)
    : m_impl(std::make_unique<Impl>(index_dir, options)) {}

Searcher::~Searcher() = default;
Searcher::Searcher(Searcher&&) noexcept = default;
Searcher& Searcher::operator=(Searcher&&) noexcept = default;

SearchResults Searcher::search(const SearchRequest& request) {
    const auto started = std::chrono::steady_clock::now();
    std::lock_guard lock(m_impl->mutex);
    m_impl->check_request(request);
    auto results = m_impl->with_retries([&] { return m_impl->run(request); });
    results.took_ms =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started)
            .count();
    return results;
}

std::uint64_t Searcher::count(const SearchRequest& request) {
    std::lock_guard lock(m_impl->mutex);
    return m_impl->with_retries([&] { return m_impl->run_count(request); });
}

bool Searcher::reopen() {
    std::lock_guard lock(m_impl->mutex);
    return m_impl->handle.refresh();
}

IndexStats Searcher::stats() {
    std::lock_guard lock(m_impl->mutex);
    return m_impl->with_retries([&] {
        const auto& db = m_impl->handle.database();
        IndexStats stats;
        stats.path = m_impl->handle.path();
        stats.documents = db.get_doccount();
        stats.generation = m_impl->handle.generation();
        stats.schema_version = schema::kSchemaVersion;
        stats.built_at = db.get_metadata(std::string(schema::metadata::kBuiltAt));
        stats.build_report_json = db.get_metadata(std::string(schema::metadata::kBuildReport));
        return stats;
    });
}

}  // namespace dateline
