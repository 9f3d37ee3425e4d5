#include "searcher_fixture.hpp"

#include <fstream>
#include <stdexcept>
#include <string_view>

#include <xapian.h>

#include <dateline/build_totals_record.hpp>
#include <dateline/calendar_date.hpp>
#include <dateline/index_layout.hpp>
#include <dateline/index_stub.hpp>
#include <dateline/normalize.hpp>
#include <dateline/schema.hpp>
#include <dateline/stored_document.hpp>

#include "content_hash.hpp"
#include "document_builder.hpp"
#include "synonyms_loader.hpp"

namespace dateline::test {
namespace {

// The synonym groups the fixture needs, as data/synonyms.tsv spells them.
constexpr std::string_view kSynonyms =
    "Zelensky\tZelenskyy\tZelenskiy\tZelenskii\tSelenskyj\n"
    "Kyiv\tKiev\n";

}  // namespace

std::vector<FixtureDoc> fixture_docs() {
    return {
        {"a.txt", "Trump, Putin hold tense call", "2025-07-04", "The Moscow Times",
         "President Trump said his call with Russian President Putin made no progress. Putin "
         "cited the \u201croot causes\u201d of the war. Ukrainian President Zelenskyy hoped to "
         "speak with Trump.",
         "Anna Kovalenko", "https://www.themoscowtimes.com/2025/07/04/trump-putin-call"},
        {"b.txt", "Kremlin sends July 4th wishes", "2025-07-03", "ZeroHedge",
         "Russian Foreign Minister Sergey Lavrov sent a message to Washington. Trump will speak "
         "to Ukrainian President Zelensky on Friday. Iran was discussed & so was trade.",
         std::nullopt, std::nullopt},
        {"c.txt", std::nullopt, "2025-06-14", "TASS",
         "Putin and Trump last spoke by phone on June 14. They discussed Iran and Israel.",
         std::nullopt, std::nullopt},
        {"d.txt", "An old report from Kiev", "2024-12-31", "TASS",
         "Drone attacks on Kiev continued through the winter. Officials reported damage.",
         std::nullopt, std::nullopt},
        {"e.txt", "Undated commentary on progress", std::nullopt, "unknown",
         "Commentary: no progress toward peace in Ukraine; weapons shipments paused.", std::nullopt,
         std::nullopt},
        {"f.txt", "Wildcard fodder", "2025-07-01", "Reuters",
         "ukraine ukrainian ukrainians ukrainefront weapon weapons weaponry", std::nullopt,
         std::nullopt},
    };
}

void build_fixture_index(const std::filesystem::path& index_dir,
                         const std::vector<FixtureDoc>& docs, std::uint64_t generation,
                         const std::string& schema_version) {
    std::filesystem::create_directories(index_dir);
    const auto name = schema::stub::generation_name(generation);
    const auto tmp = index_dir / ("tmp-fixture-" + name);
    std::filesystem::remove_all(tmp);
    {
        Xapian::WritableDatabase db(tmp.string(), Xapian::DB_CREATE | Xapian::DB_BACKEND_GLASS);
        detail::DocumentBuilder builder;
        for (const auto& d : docs) {
            if (d.date && !parse_iso_date(*d.date)) {
                throw std::runtime_error("bad fixture date " + *d.date);
            }
            StoredDocument stored;
            stored.id = d.id;
            stored.path = d.id;
            if (d.title) stored.title = normalize_text(*d.title);
            stored.title_source = d.title ? TitleSource::kHeader : TitleSource::kNone;
            stored.date = d.date;
            stored.date_source = d.date ? schema::DateSource::kHeader : schema::DateSource::kNone;
            stored.source = d.source;
            stored.source_origin = SourceOrigin::kHeader;
            stored.url = d.url;
            if (d.author) stored.author = normalize_text(*d.author);
            stored.text = normalize_text(d.text);
            // The hash of the text stands in for the hash of the input file it came from.
            auto built = builder.build(stored, detail::input_hash(d.text, {}), "/fixture/" + d.id);
            detail::add_spellings(db, built.spellings);
            db.replace_document(schema::make_term(schema::prefix::kId, d.id), built.document);
        }
        detail::apply_synonyms(db, detail::parse_synonyms(kSynonyms, "fixture synonyms"));
        db.set_metadata(std::string(schema::metadata::kSchemaVersion), schema_version);
        db.set_metadata(std::string(schema::metadata::kGeneration), std::to_string(generation));
        db.set_metadata(std::string(schema::metadata::kBuiltAt), "2025-07-05T00:00:00Z");
        // What a rebuild that indexed every document records (stories left uncounted).
        const std::uint64_t count = docs.size();
        db.set_metadata(std::string(schema::metadata::kBuildReport),
                        schema::encode_build_totals({.generation = generation,
                                                     .rebuild = true,
                                                     .documents = count,
                                                     .inputs = count,
                                                     .indexed = count}));
        db.commit();
    }
    std::filesystem::remove_all(index_dir / name);
    std::filesystem::rename(tmp, index_dir / name);
    const auto stub = index_dir / schema::layout::kStubName;
    const auto stub_tmp = index_dir / (std::string(schema::layout::kStubName) + ".tmp");
    std::ofstream(stub_tmp, std::ios::trunc)
        << schema::stub::format(schema::stub::of_generation(generation, 1));
    std::filesystem::rename(stub_tmp, stub);
}

}  // namespace dateline::test
