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
#include "index_stats.hpp"
#include "more_like_this.hpp"
#include "portable_recency.hpp"
#include "query_builder.hpp"
#include "recency.hpp"
#include "results.hpp"
#include "snippets.hpp"
#include "sort_key.hpp"
#include "stories.hpp"

namespace dateline {

struct Searcher::Impl {
    Impl(const std::filesystem::path& dir, SearcherOptions opts)
        : options(opts), handle(dir, policy_of(opts)) {}

    SearcherOptions options;
    detail::IndexHandle handle;
    detail::FacetCache facet_cache;  // per generation: dates and sources by docid
    std::mutex mutex;

    static detail::ShardPolicy policy_of(const SearcherOptions& o) {
        return {.timeout_ms = o.remote_timeout_ms,
                .connect_timeout_ms = o.remote_connect_timeout_ms,
                .allow_partial = o.allow_partial,
                .retry_interval = std::chrono::milliseconds(o.shard_retry_interval_ms)};
    }

    [[nodiscard]] detail::QueryBuildOptions build_options() const {
        return {{options.max_query_bytes, options.max_query_terms, options.max_nesting_depth},
                options.max_wildcard_expansion,
                options.max_wildcards};
    }

    static detail::QueryInput input_of(const SearchRequest& request) {
        return {request.query,  request.default_operator == DefaultOperator::kOr,
                request.source, request.from,
                request.to,     request.story};
    }

    // Olly Betts' advice for DatabaseModifiedError is to restart the whole operation
    // (match, document fetches, snippets), which is why `run` covers all of them.
    // A network error is one shard's (ShardSet::recover): its connection is renewed once,
    // or the shard is left out, and the search rerun. Each round uses up a shard's
    // reconnection or removes a shard, so the rounds are bounded by the shard count.
    template <typename Run>
    auto with_retries(Run&& run) -> decltype(run()) {
        bool corrupt_retried = false;
        bool started = false;
        std::size_t network_rounds = 0;
        for (unsigned attempt = 0;;) {
            try {
                handle.refresh();
                if (!started) {
                    handle.begin_search();
                    started = true;
                }
                return run();
            } catch (const Xapian::NetworkError& e) {
                if (++network_rounds > 2 * handle.shards().labels().size() + 2) {
                    throw IoError(std::string("search failed: ") + e.get_description());
                }
                handle.recover(e);
                continue;
            } catch (const Xapian::DatabaseModifiedError& e) {
                if (attempt++ >= options.max_retries) {
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

    // Xapian's remote backend runs only its own built-in classes (the server cannot
    // unserialise ours): with a remote shard the date sort is by value and the recency
    // blend a ValueMapPostingSource. Local indexes keep DateKey and RecencySource.
    void configure(Xapian::Enquire& enquire, const Xapian::Query& query,
                   const SearchRequest& request, bool remote, bool grouped,
                   bool filters_only) const {
        enquire.set_weighting_scheme(Xapian::BM25Weight());
        enquire.set_query(query);
        // One hit per story: Xapian keeps each story's best report (by the order in force)
        // and counts the others it collapsed into it.
        if (grouped) enquire.set_collapse_key(schema::slot::kStory);
        if (request.sort == SortOrder::kRelevance && filters_only) {
            // Nothing to rank by: newest first, then by id, which (unlike the document
            // order) is the same on one index and on any number of local shards. Remote
            // servers run no KeyMaker (Xapian 1.4): there, newest first, ties in document
            // order (docs/SHARDING.md). A reversed empty date sorts last.
            if (remote) {
                enquire.set_sort_by_value(schema::slot::kDate, true);
                return;
            }
            auto* key = new Xapian::MultiValueKeyMaker();
            key->add_value(schema::slot::kDate, true);
            key->add_value(schema::slot::kId);
            enquire.set_sort_by_key(key->release(), false);
            return;
        }
        if (request.sort == SortOrder::kRelevance) return;
        const bool descending = request.sort == SortOrder::kDateDesc;
        if (remote) {
            // The same order as DateKey newest first: an empty value sorts last when
            // reversed. Oldest first, it sorts first: run() rotates the order.
            enquire.set_sort_by_value_then_relevance(schema::slot::kDate, descending);
        } else {
            detail::set_date_sort(enquire, descending);
        }
    }

    // Matches of `query` without a date: with remote shards, the head of an oldest-first
    // value sort.
    static Xapian::doccount count_undated(const Xapian::Database& db, const Xapian::Query& query) {
        Xapian::Enquire enquire(db);
        enquire.set_weighting_scheme(Xapian::BoolWeight());
        enquire.set_query(
            Xapian::Query(Xapian::Query::OP_AND_NOT, query,
                          Xapian::Query(Xapian::Query::OP_VALUE_GE, schema::slot::kDate, "0")));
        return enquire.get_mset(0, 0, db.get_doccount()).get_matches_estimated();
    }

    // The query text and filters, and with `like` the similar-report query they filter.
    detail::BuiltQuery effective_query(const SearchRequest& request,
                                       std::vector<std::string>* like_terms) {
        const auto& db = handle.database();
        if (!request.like) {
            return detail::build_query(db, handle.terms_database(), input_of(request),
                                       build_options());
        }
        auto like = detail::more_like_this(db, *request.like, request.like_terms);
        if (like_terms != nullptr) *like_terms = like.terms;
        const bool filtered = request.source || request.from || request.to;
        detail::BuiltQuery built;
        if (request.query.find_first_not_of(" \t\n") != std::string::npos || filtered) {
            built = detail::build_query(db, handle.terms_database(), input_of(request),
                                        build_options());
            // The query text and filters decide what may match; similarity ranks it.
            built.query = Xapian::Query(Xapian::Query::OP_FILTER, like.query, built.query);
        } else {
            built.query = like.query;
        }
        built.description = built.query.get_description();
        return built;
    }

    SearchResults run(const SearchRequest& request) {
        const auto& db = handle.database();
        const bool remote = handle.shards().has_remote();
        std::vector<std::string> like_terms;
        const auto built = effective_query(request, &like_terms);

        Xapian::Query query = built.query;
        if (request.sort == SortOrder::kRelevance && request.recency_half_life_days) {
            Xapian::Enquire probe(db);
            probe.set_query(query);
            const auto top = probe.get_mset(0, 1);
            query = remote ? detail::blend_recency_portable(
                                 db, query, *request.recency_half_life_days, top.get_max_attained())
                           : detail::blend_recency(db, query, *request.recency_half_life_days,
                                                   top.get_max_attained());
        }
        // Oldest first over remote shards reads the page from a rotated order with report
        // counts (count_undated): it lists reports.
        const bool rotate = remote && request.sort == SortOrder::kDateAsc;
        const bool grouped =
            request.collapse && !request.story && !rotate && !detail::names_story(query);

        const std::vector<FacetRequest> facet_requests = detail::facets_to_count(request);
        std::vector<FacetField> facet_fields;
        facet_fields.reserve(facet_requests.size());
        for (const auto& want : facet_requests) facet_fields.push_back(want.field);
        detail::FacetCollector facets(db, remote, facet_cache, facet_fields);
        // Over remote shards a value-sorted MSet that does not start at the first match
        // shows the spies some matches twice (Xapian 1.4.22: facet counts of 102 for 97
        // matches): count them in a match of their own, from the first match on.
        const bool separate_facets =
            request.facets && remote && request.sort != SortOrder::kRelevance;
        // Grouped with facets over a local index: the facets (and each story's matching
        // reports, and the number of stories) are counted in a match of their own, without
        // ranking, so that the collapsing match checks only the page. Collapsing every match
        // read, copied and hashed each one's story key: 1.31x the instructions of an
        // ungrouped search, against 1.02x this way (bench/RESULTS.md, "Stories").
        const bool count_apart = request.facets && grouped && !remote;
        if (count_apart) facets.count_stories();
        // Ranked by relevance, with the generation's table at hand, that one match ranks too:
        // it keeps each story's best report as Xapian's collapse would and the page is read
        // from it, so a grouped faceted search runs one match, as an ungrouped one does
        // (0.83x an ungrouped search's instructions, against 0.98x with the second match).
        const bool rank_apart = count_apart && request.sort == SortOrder::kRelevance &&
                                !built.filters_only && facets.rank_stories();
        Xapian::Enquire enquire(db);
        configure(enquire, query, request, remote, grouped && !rank_apart, built.filters_only);
        Xapian::Enquire facet_enquire(db);
        if ((separate_facets || count_apart) && !rank_apart) {
            facet_enquire.set_weighting_scheme(Xapian::BoolWeight());
            facet_enquire.set_query(query);
            facets.register_with(facet_enquire);
        } else if (request.facets) {
            facets.register_with(enquire);
        }
        const auto doccount = db.get_doccount();
        // A collapsing match that may skip matches of the page's stories (below) tells
        // their count which reports it saw (matches already), and the hits their reports.
        detail::PageStories page_stories;
        const bool local_collapse =
            grouped && !count_apart && !rank_apart && !remote && db.size() == 1;
        if (local_collapse) enquire.add_matchspy(&page_stories.seen);
        // Oldest first over remote shards: the value sort puts the undated matches first,
        // so the page is read from the order rotated past them, which needs exact counts.
        const std::size_t undated = rotate ? count_undated(db, query) : 0;
        // Facets must see every match to be exact; otherwise check at least the page.
        const auto wanted = request.offset + request.limit;
        const Xapian::doccount check_at_least =
            (request.facets && !count_apart) || rotate || rank_apart
                ? doccount
                : static_cast<Xapian::doccount>(std::min<std::size_t>(wanted, doccount));
        // rank_apart: the spies pick the page; an empty MSet still carries the term weights
        // the snippets need.
        const auto mset =
            rank_apart
                ? enquire.get_mset(0, 0, check_at_least)
                : enquire.get_mset(static_cast<Xapian::doccount>(undated + request.offset),
                                   static_cast<Xapian::doccount>(request.limit), check_at_least);
        if ((separate_facets || count_apart) && !rank_apart) {
            (void)facet_enquire.get_mset(0, 0, doccount);
        }

        SearchResults results;
        results.query = request.query;
        results.parsed_query = built.description;
        results.read_as = built.read_as;
        results.notices = built.notices;
        results.corrected_query = built.corrected;
        results.synonyms_applied = built.synonyms_applied;
        results.wildcard_expansions = built.wildcard_expansions;
        results.like = request.like;
        results.like_terms = std::move(like_terms);
        results.total_estimated =
            count_apart ? facets.stories_seen() : mset.get_matches_estimated();
        results.total_exact =
            count_apart || mset.get_matches_lower_bound() == mset.get_matches_upper_bound();
        results.collapsed = grouped;
        results.reports_estimated =
            grouped ? mset.get_uncollapsed_matches_estimated() : results.total_estimated;
        if (grouped && remote && !request.facets) {
            // Xapian 1.4's uncollapsed counts take each remote shard's collapsed hit for one
            // report (with facets, the spies count them instead): a match of their own.
            Xapian::Enquire reports(db);
            reports.set_weighting_scheme(Xapian::BoolWeight());
            reports.set_query(query);
            results.reports_estimated =
                reports.get_mset(0, 0, check_at_least).get_matches_estimated();
        }
        results.offset = request.offset;
        results.limit = request.limit;
        results.generation = handle.generation();

        // Collapse counts are exact only where the matcher saw every match of one local
        // database; elsewhere each story's matching reports are counted (docs/STORIES.md).
        // A short page means it did: Xapian 1.4's matcher raises its minimum weight and stops
        // early only once its proto-MSet holds offset + limit hits (multimatch.cc).
        const bool saw_every_match =
            !remote && (check_at_least >= doccount || mset.size() < request.limit);
        // The hits of a page whose stories are counted below hand over their stories' docids.
        const bool pass_reports = local_collapse && !saw_every_match;
        detail::SnippetGenerator snippets(query, mset, built.wildcard_patterns);
        const detail::StoryDatabase stories{.db = db, .remote = remote};
        const auto add_hits = [&](const Xapian::MSet& page) {
            // One round trip per remote shard for the whole page, not one per document.
            // The range form: MSet::fetch() without arguments crashes in 1.4.22 on a page
            // that does not start at the first match (it indexes the page by rank).
            if (remote && !page.empty()) page.fetch(page.begin(), page.end());
            for (auto it = page.begin(); it != page.end(); ++it) {
                results.hits.push_back(detail::make_hit(
                    stories, it.get_document(), it.get_weight(),
                    grouped ? it.get_collapse_count() + 1 : 1,
                    request.offset + results.hits.size() + 1, request.snippet_bytes, snippets,
                    pass_reports ? &page_stories.reports.emplace_back() : nullptr));
            }
        };
        if (rank_apart) {
            for (const auto& story : facets.story_page(request.offset, request.limit)) {
                results.hits.push_back(detail::make_hit(
                    stories, db.get_document(story.best, Xapian::DOC_ASSUME_VALID), story.weight,
                    story.matching, request.offset + results.hits.size() + 1, request.snippet_bytes,
                    snippets));
            }
        } else {
            add_hits(mset);
        }
        if (count_apart && !rank_apart) {
            facets.set_story_matching(results.hits);
        } else if (grouped && !saw_every_match) {
            detail::count_matching_reports(db, query, remote,
                                           local_collapse ? &page_stories : nullptr, results.hits);
        }
        if (rotate && results.hits.size() < request.limit && undated > 0) {
            // Past the dated matches: continue with the undated ones, at the head.
            const std::size_t dated = mset.get_matches_estimated() - undated;
            const std::size_t next = request.offset + results.hits.size();
            if (next >= dated && next - dated < undated) {
                const std::size_t skip = next - dated;
                const std::size_t take =
                    std::min(request.limit - results.hits.size(), undated - skip);
                Xapian::Enquire tail(db);
                configure(tail, query, request, remote, grouped, built.filters_only);
                add_hits(tail.get_mset(static_cast<Xapian::doccount>(skip),
                                       static_cast<Xapian::doccount>(take)));
            }
        }
        if (request.facets) {
            for (const auto& want : facet_requests) {
                const std::size_t fallback =
                    want.field == FacetField::kDate ? 0 : kDefaultFacetValues;
                Facet facet = facets.facet(want.field, want.max_values.value_or(fallback),
                                           request.date_facet);
                if (want.field == FacetField::kDate) results.date_facets = facet.values;
                if (want.field == FacetField::kSource) results.source_facets = facet.values;
                results.facets.push_back(std::move(facet));
            }
            if (grouped) {
                // The spies see every match the matcher checked, collapsed or not; with
                // check_at_least = all documents, every matching report. Xapian's
                // uncollapsed estimate is only an estimate (it undercounts phrases).
                results.reports_estimated = facets.examined();
                results.facets_exact = true;
            } else {
                results.facets_exact =
                    results.total_exact && facets.examined() == results.total_estimated;
            }
        }
        return results;
    }

    std::uint64_t run_count(const SearchRequest& request) {
        const auto& db = handle.database();
        const auto built = effective_query(request, nullptr);
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
    results.failed_shards = m_impl->handle.shards().failures();
    results.partial = !results.failed_shards.empty();
    results.took_ms =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started)
            .count();
    return results;
}

CountResult Searcher::count(const SearchRequest& request) {
    std::lock_guard lock(m_impl->mutex);
    CountResult result;
    result.matches = m_impl->with_retries([&] { return m_impl->run_count(request); });
    result.failed_shards = m_impl->handle.shards().failures();
    result.partial = !result.failed_shards.empty();
    return result;
}

std::uint64_t Searcher::export_hits(const SearchRequest& request, std::uint64_t max_hits,
                                    const std::function<void(const SearchResults&)>& on_page) {
    SearchRequest page = request;
    page.limit = std::min(request.limit == 0 ? m_impl->options.max_page_size : request.limit,
                          m_impl->options.max_page_size);
    std::uint64_t exported = 0;
    std::optional<std::uint64_t> generation;
    while (max_hits == 0 || exported < max_hits) {
        if (max_hits != 0) {
            page.limit =
                static_cast<std::size_t>(std::min<std::uint64_t>(page.limit, max_hits - exported));
        }
        // Each page is one search: its hits are handed over and dropped before the next.
        const SearchResults results = search(page);
        if (generation && results.generation != *generation) {
            throw IoError("the index was republished during the export (generation " +
                          std::to_string(*generation) + " became " +
                          std::to_string(results.generation) + "); run it again");
        }
        generation = results.generation;
        exported += results.hits.size();
        on_page(results);
        if (results.hits.size() < page.limit) break;
        page.offset += results.hits.size();
        page.facets = false;  // counted once, over the whole match set, on the first page
    }
    return exported;
}

bool Searcher::reopen() {
    std::lock_guard lock(m_impl->mutex);
    return m_impl->handle.refresh();
}

IndexStats Searcher::stats() {
    std::lock_guard lock(m_impl->mutex);
    return m_impl->with_retries([&] { return detail::index_stats(m_impl->handle); });
}

}  // namespace dateline
